"""The domain's lexicon (domain/data/lexicon.toml) as data: question phrasing, generic
words, synonyms, pillar keywords and labels, RAG tokens, and the small matchers that read
a pillar label or a RAG status from text with them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from domain.text import find_phrase, fold


@dataclass(frozen=True)
class Lexicon:
    """Phrase lists and thresholds for reading and checking submissions (data/lexicon.toml).

    Phrases are matched after ``domain.text.fold``.
    """

    form_title_signals: tuple[str, ...]
    form_header_start: str
    running_headers: tuple[str, ...]
    figure_markers: tuple[str, ...]
    appendix_heading_word: str
    template_appendix_signals: tuple[str, ...]
    prompt_continuations: tuple[str, ...]
    min_answer_words: int
    placeholders: tuple[str, ...]
    nil_statements: tuple[str, ...]
    attachment_phrases: tuple[str, ...]
    reason_deferral_words: tuple[str, ...]
    signed_label: str
    date_label: str
    lead_labels: tuple[str, ...]
    leader_labels: tuple[str, ...]
    leader_titles: tuple[str, ...]
    date_examples: tuple[str, ...]
    rag_green: tuple[str, ...]
    rag_amber: tuple[str, ...]
    rag_red: tuple[str, ...]
    rag_colour_only_reason: str
    red_reason_words: tuple[str, ...]
    red_next_words: tuple[str, ...]
    failing_timescales: tuple[str, ...]
    ongoing_words: tuple[str, ...]
    impact_measure_cues: tuple[str, ...]
    owner_cues: tuple[str, ...]
    resource_cues: tuple[str, ...]
    owner_labels: tuple[str, ...]
    resource_labels: tuple[str, ...]
    horizon_tolerance_months: int
    numbered_pillar_order: tuple[str, ...]
    commitment_domains: tuple[str, ...]
    guidance_email_domains: tuple[str, ...]
    empty_link_targets: tuple[str, ...]
    bare_link_texts: tuple[str, ...]
    voice_phrases: tuple[str, ...]
    voice_mechanisms: tuple[str, ...]
    talent_point_markers: tuple[str, ...]
    cross_ref_frameworks: tuple[str, ...]
    submission_window_months: tuple[int, ...]
    filename_separators: tuple[str, ...]

    @property
    def rag_tokens(self) -> Mapping[str, tuple[str, ...]]:
        """Colour -> status words, e.g. ``{"green": ("green", "completed", ...), ...}``."""
        return MappingProxyType(
            {"green": self.rag_green, "amber": self.rag_amber, "red": self.rag_red}
        )

    def is_commitment_host(self, host: str) -> bool:
        """True for the Commitment's own sites (and their subdomains), which never count as q8."""
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.commitment_domains)


def match_label(text: str, labels_by_id: Mapping[str, tuple[str, ...]]) -> str | None:
    """The id whose label equals ``text`` (folded), else the only id with a label inside it."""
    folded = fold(text)
    if not folded:
        return None
    for item_id, labels in labels_by_id.items():
        if folded in (fold(label) for label in labels):
            return item_id
    hits = {
        item_id
        for item_id, labels in labels_by_id.items()
        if any(find_phrase(folded, fold(label), whole_words=True) for label in labels)
    }
    return hits.pop() if len(hits) == 1 else None


def match_rag(text: str, tokens_by_colour: Mapping[str, tuple[str, ...]]) -> str | None:
    """Colour of a status cell; single letters count only as the whole cell; ambiguous -> None."""
    folded = fold(text).strip(" .:;()[]")
    found: list[tuple[str, str]] = []
    for colour, tokens in tokens_by_colour.items():
        for token in map(fold, tokens):
            if folded == token:
                return colour
            if len(token) > 1 and find_phrase(folded, token, whole_words=True):
                found.append((colour, token))
    # "not achieved" also contains "achieved": keep only matches not inside a longer one.
    kept = {c for c, t in found if not any(t != t2 and t in t2 for _, t2 in found)}
    return kept.pop() if len(kept) == 1 else None
