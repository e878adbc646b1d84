"""Document-level checks on the form header and the answers as a whole (template spec
5, 11): organisation, lead name and e-mail, contact number, cross-references to other
frameworks, links without targets, and the file name."""

from __future__ import annotations

import calendar
import re

from assistant.check.answers import content_words
from assistant.check.finding import Finding, judged, missing, not_applicable, present
from assistant.check.segments import Reading
from domain import fold, load_template
from domain.text import clipped, find_phrase

MIN_PHONE_DIGITS = 10
_EMAIL = re.compile(r"[\w.+'-]+@([\w-]+(?:\.[\w-]+)+)")
_EMPTY_LINK = re.compile(r"\[[^\]]+\]\(\s*#?\s*\)|(?<=\w) \(#\)")
_BARE_LINK = re.compile(r"https?://|www\.")


def _field(reading: Reading, check_id: str) -> str:
    return reading.header.get(check_id, "").strip()


def institution(reading: Reading) -> Finding:
    value = _field(reading, "doc.institution")
    return judged(
        bool(content_words(value)),
        f"Organisation: {value}",
        "the form header's Organisation field is empty or absent",
        reading.header_page,
    )


def lead_name(reading: Reading) -> Finding:
    value = _field(reading, "doc.lead_name")
    name = value.split(",")[0].strip()
    is_name = bool(content_words(name)) and "@" not in name and any(c.isalpha() for c in name)
    return judged(
        is_name,
        f"Institutional lead: {name}",
        "the Name of Institutional Lead field is empty or absent",
        reading.header_page,
    )


def lead_email(reading: Reading) -> Finding:
    value = _field(reading, "doc.lead_email")
    match = _EMAIL.search(value)
    if match is None:
        return missing("no well-formed e-mail address in the header's E-mail field", reading.header_page)
    if match.group(1).lower() in load_template().lexicon.guidance_email_domains:
        return missing(f"{match.group()} is the guidance contact, not the lead's address", reading.header_page)
    return present(f"E-mail: {match.group()}", reading.header_page)


def contact_number(reading: Reading) -> Finding:
    digits = re.sub(r"\D", "", _field(reading, "doc.contact_number"))
    return judged(
        len(digits) >= MIN_PHONE_DIGITS,
        "a contact number is given",
        "no contact number of at least ten digits in the header",
        reading.header_page,
    )


def cross_refs(reading: Reading) -> Finding:
    text = fold(" ".join(region.text for region in reading.answer_regions()))
    frameworks = [
        name
        for name in load_template().lexicon.cross_ref_frameworks
        if find_phrase(text, fold(name), whole_words=True)
    ]
    return judged(
        bool(frameworks),
        f"refers to {', '.join(frameworks[:5])}",
        "no other sector framework is referred to (Athena Swan, Race Equality Charter, REF, ...)",
        frameworks=frameworks,
    )


def links(reading: Reading) -> Finding:
    bare = load_template().lexicon.bare_link_texts
    empty: list[str] = []
    for region in reading.answer_regions():
        for line, page in zip(region.lines, region.pages, strict=True):
            if _EMPTY_LINK.search(line):
                empty.append(f"p. {page}: {clipped(line, 70)}")
            elif any(find_phrase(fold(line), fold(t)) for t in bare) and not _BARE_LINK.search(line):
                empty.append(f"p. {page}: {clipped(line, 70)}")
    return judged(
        not empty,
        "no link without a target",
        f"{len(empty)} link(s) point nowhere ('#', empty, or a bare 'click here')",
        links_without_target=empty,
    )


def filename(reading: Reading, intended: str | None) -> Finding:
    """Institution, month and year of submission in the name the caller intends to use."""
    if not intended:
        return not_applicable("checked only when you give the intended file name")
    name = fold(intended.rsplit(".", 1)[0])
    institution_name = fold(_field(reading, "doc.institution") or reading.meta.institution or "")
    months = {fold(m) for m in calendar.month_name[1:]}
    parts = {
        "institution": bool(institution_name) and institution_name in name,
        "month": any(find_phrase(name, m, whole_words=True) for m in months),
        "year": bool(re.search(r"\b20\d{2}\b", name)),
    }
    absent = [part for part, ok in parts.items() if not ok]
    return judged(
        not absent,
        "the file name gives the institution, month and year",
        f"the file name lacks the {', '.join(absent)}",
        missing_parts=absent,
    )
