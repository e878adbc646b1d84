"""Remove page furniture (running headers/footers, page numbers) and mend line-end hyphens.

``clean_pages(doc)`` returns one :class:`CleanPage` per raw page, with the same line
structure minus furniture; removed lines are kept, in page order, in
``CleanPage.furniture`` (e.g. a running "Case studies - Visibility" header, which
structure detection may read). ``heading_levels`` are re-indexed to the kept lines.

How furniture is found (lines compare by a *key*: whitespace collapsed, case folded,
digits replaced by ``#``, so "Page 3 of 8" and "Page 4 of 8" match):

* Multi-page documents (3+ pages): a key is *running* when it occurs among the first
  or last ``EDGE_LINES`` lines of at least half the pages (and at least 3), or of at
  least 3 consecutive pages (section headers such as "Case studies - Visibility").
  Furniture is peeled from each page's top and bottom while lines are running or page
  numbers. Keys running on half the pages are also removed mid-page, as are lines that
  are exactly "Technician Commitment" (a stray running header in text extractions), and
  a web page's skip links ("Skip to main content") saved with its text.
* One- or two-page documents (most TXT/MD, DOCX without page breaks): a short line
  of 2+ words and no digits standing alone 3+ times is furniture wherever it occurs
  (digits are excluded so repeated dates in tables stay).
* "Page N [of M]" and "- N -" lines go wherever they stand. Bare numbers ("7",
  "7 | Title") go only at a page's edge, only when such numbers recur at the edges of
  many pages, and only one per edge: a bare number mid-page may be a table cell.

On PDF pages, a line set in a heading-sized font (``HEADING_SIZE_RATIO`` times the
body size or more) is never running furniture: the report's "Case studies - Recognition"
banner repeats the words of the running header on the pages after it.

A consequence: a table header row repeated at the top of 3+ consecutive pages is
furniture after its first page. Spans stay on ``RawPage``; :func:`body_spans` gives a
page's spans without the furniture ones.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from ingest.models import CleanPage, RawDocument, RawPage, TextSpan

EDGE_LINES = 3
MIN_REPEATS = 3
MAX_FURNITURE_CHARS = 80
STRAY_HEADER = "technician commitment"
HEADING_SIZE_RATIO = 1.3

_STRONG_PAGE_NUMBER = re.compile(
    r"(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]", re.I
)
_BARE_PAGE_NUMBER = re.compile(r"\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})")
# A web page's accessibility links, kept when a page is saved as text from a browser
# ("Skip to main navigation Skip to main content"): page chrome, never a heading.
_SKIP_LINKS = re.compile(r"(?:(?:skip|jump)\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|menu|search|footer)\W*)+", re.I)
_NUMBER_BESIDE_TITLE = re.compile(r"\d{1,4}\s*\|.{0,80}|.{0,80}\|\s*\d{1,4}")
_SPACES = re.compile(r" {2,}")
_DIGITS = re.compile(r"\d+")
_LINE_END_HYPHEN = re.compile(r"(?<![\w-])([A-Za-z]*[a-z])-$")
_WORD_START = re.compile(r"([a-z]+)(?=$|[\s.,;:!?)\"'’”])")
_VOWEL = re.compile(r"[aeiouy]")

# Prefixes that normally keep their hyphen ("co-ordinate", "self-assessment", "e-mail").
_HYPHEN_PREFIXES = frozenset(
    "e x co re ex de non pre post self well multi cross inter intra sub anti semi mid "
    "over under long short full part high low one two three four five first second "
    "third half all vice step on off in up".split()
)


def clean_pages(doc: RawDocument) -> list[CleanPage]:
    """Pages without running headers/footers and page numbers, hyphenation mended."""
    if len(doc.pages) >= MIN_REPEATS:
        edge_keys, global_keys = _running_keys(doc.pages)
    else:
        edge_keys = global_keys = _repeated_standalone_keys(doc.pages)
    body_size = _body_font_size(doc.pages)
    cleaned = []
    for page in doc.pages:
        headings = _heading_keys(page, body_size)
        cleaned.append(_clean_page(page, edge_keys - headings, global_keys - headings))
    return cleaned


def furniture_key(line: str) -> str:
    """How lines compare when looking for repeats: spacing, case and digits ignored."""
    return _DIGITS.sub("#", " ".join(line.split()).casefold())


def is_page_number(line: str) -> bool:
    """True for a line that is only a page number, possibly with "Page", "of N" or a title."""
    text = " ".join(line.split())
    return bool(
        _STRONG_PAGE_NUMBER.fullmatch(text)
        or _BARE_PAGE_NUMBER.fullmatch(text)
        or _NUMBER_BESIDE_TITLE.fullmatch(text)
    )


def body_spans(raw: RawPage, clean: CleanPage) -> list[TextSpan]:
    """``raw.spans`` minus one span per furniture line: the matching span farthest from mid-page.

    Header and footer spans sit at the page's extremes, so a body span with the same
    text (a table cell "7" on page 7) is kept.
    """
    spans = list(raw.spans)
    if not spans:
        return spans
    middle = (min(span.y for span in spans) + max(span.y for span in spans)) / 2
    for line in clean.furniture:
        key = furniture_key(line)
        matches = [span for span in spans if furniture_key(span.text) == key]
        if matches:
            spans.remove(max(matches, key=lambda span: abs(span.y - middle)))
    return spans


# --- detection ----------------------------------------------------------------------


def _edge_lines(page: RawPage) -> list[str]:
    lines = page.lines
    if len(lines) <= 2 * EDGE_LINES:
        return list(lines)
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def _running_keys(pages: list[RawPage]) -> tuple[set[str], set[str]]:
    """(keys to peel at page edges, keys frequent enough to remove anywhere)."""
    pages_with_key: dict[str, list[int]] = {}
    for index, page in enumerate(pages):
        for key in {furniture_key(line) for line in _edge_lines(page) if _could_be_furniture(line)}:
            pages_with_key.setdefault(key, []).append(index)
    threshold = max(MIN_REPEATS, math.ceil(len(pages) / 2))
    global_keys = {key for key, where in pages_with_key.items() if len(where) >= threshold}
    sectional_keys = {
        key for key, where in pages_with_key.items() if _longest_run(where) >= MIN_REPEATS
    }
    return global_keys | sectional_keys, global_keys


def _could_be_furniture(line: str) -> bool:
    return len(line) <= MAX_FURNITURE_CHARS and "\t" not in line


def _longest_run(indices: list[int]) -> int:
    """Length of the longest run of consecutive integers in a sorted list."""
    longest = run = 0
    previous = None
    for index in indices:
        run = run + 1 if previous is not None and index == previous + 1 else 1
        longest = max(longest, run)
        previous = index
    return longest


def _repeated_standalone_keys(pages: list[RawPage]) -> set[str]:
    """Short multi-word lines without digits standing alone 3+ times: stray running headers."""
    counts = Counter(
        furniture_key(line)
        for page in pages
        for line in page.lines
        if _could_be_furniture(line) and len(line.split()) >= 2 and not _DIGITS.search(line)
    )
    return {key for key, count in counts.items() if count >= MIN_REPEATS}


def _body_font_size(pages: list[RawPage]) -> float:
    """The font size carrying most of the text (0 when the format has no spans)."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for span in page.spans:
            sizes[span.size] += len(span.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _heading_keys(page: RawPage, body_size: float) -> set[str]:
    """Keys of the page's lines set in a heading-sized font."""
    if not body_size:
        return set()
    return {
        furniture_key(span.text)
        for span in page.spans
        if span.size >= HEADING_SIZE_RATIO * body_size
    }


# --- removal ------------------------------------------------------------------------


def _clean_page(page: RawPage, edge_keys: set[str], global_keys: set[str]) -> CleanPage:
    lines = page.lines
    is_furniture = [False] * len(lines)
    _mark_edge(lines, range(len(lines)), edge_keys, is_furniture)
    _mark_edge(lines, range(len(lines) - 1, -1, -1), edge_keys, is_furniture)
    for index, line in enumerate(lines):
        if _is_furniture_anywhere(line, global_keys):
            is_furniture[index] = True
    kept = [index for index, furniture in enumerate(is_furniture) if not furniture]
    heading_levels = {
        new: page.heading_levels[old] for new, old in enumerate(kept) if old in page.heading_levels
    }
    body = [_SPACES.sub(" ", lines[index]) for index in kept]
    body, heading_levels = _mend_hyphenation(body, heading_levels)
    furniture = [line for line, removed in zip(lines, is_furniture, strict=True) if removed]
    return CleanPage(
        number=page.number, lines=body, furniture=furniture, heading_levels=heading_levels
    )


def _mark_edge(
    lines: list[str], order: Iterable[int], keys: set[str], is_furniture: list[bool]
) -> None:
    """Peel furniture from one edge of a page.

    A bare number ("7", "7 | Title") counts only when numbers recur at the edges of
    many pages (its key is running), and only once per edge: the next bare number in
    is more likely a table cell than a second page number.
    """
    seen_bare_number = False
    for index in order:
        if is_furniture[index]:
            break  # met the other edge's furniture: the page is all furniture
        line = lines[index]
        if _is_strong_page_number(line):
            is_furniture[index] = True
        elif _could_be_furniture(line) and furniture_key(line) in keys:
            if is_page_number(line):
                if seen_bare_number:
                    break
                seen_bare_number = True
            is_furniture[index] = True
        else:
            break


def _is_strong_page_number(line: str) -> bool:
    return bool(_STRONG_PAGE_NUMBER.fullmatch(" ".join(line.split())))


def _is_furniture_anywhere(line: str, global_keys: set[str]) -> bool:
    text = " ".join(line.split())
    if _is_strong_page_number(line) or text.casefold() == STRAY_HEADER or _SKIP_LINKS.fullmatch(text):
        return True
    return (
        _could_be_furniture(line)
        and furniture_key(line) in global_keys
        and not is_page_number(line)
    )


# --- hyphenation --------------------------------------------------------------------


def _mend_hyphenation(
    lines: list[str], heading_levels: dict[int, int]
) -> tuple[list[str], dict[int, int]]:
    """Join words split by a line-end hyphen ("develop-" + "ment ...") onto the first line.

    The rest of the second line stays a line of its own; if nothing is left of it,
    it is dropped and heading indices shift.
    """
    mended = list(lines)
    for index in range(len(mended) - 1):
        tail = _hyphenated_tail(mended[index], mended[index + 1])
        if tail is not None:
            mended[index] = mended[index][:-1] + tail
            mended[index + 1] = mended[index + 1][len(tail) :].lstrip()
    kept = [index for index, line in enumerate(mended) if line]
    if len(kept) == len(mended):
        return mended, heading_levels
    remap = {old: new for new, old in enumerate(kept)}
    return [mended[index] for index in kept], {
        remap[old]: level for old, level in heading_levels.items() if old in remap
    }


def _hyphenated_tail(line: str, next_line: str) -> str | None:
    """The start of ``next_line`` that completes a word hyphenated at the end of ``line``, if any."""
    head = _LINE_END_HYPHEN.search(line)
    tail = _WORD_START.match(next_line)
    if head is None or tail is None or "\t" in line or "\t" in next_line:
        return None
    fragment, rest = head.group(1), tail.group(1)
    if len(fragment) < 2 or fragment.casefold() in _HYPHEN_PREFIXES:
        return None
    word = fragment + rest
    return (
        rest if len(word) >= 5 and _VOWEL.search(fragment.lower()) and _VOWEL.search(rest) else None
    )
