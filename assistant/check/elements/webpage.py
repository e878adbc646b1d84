"""The public webpage question (template spec 9.3): the answer itself is the URL.

Only the q8 answer region counts (never URLs in other answers or the preamble), and
the Commitment's own sites do not count. ``https`` and ``domain`` are advice: the
scheme, and whether the page sits on the lead's own e-mail domain.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from assistant.check.answers import Answer
from assistant.check.elements.context import QuestionContext
from assistant.check.finding import Finding, judged, missing, not_applicable, present
from domain import ElementCheck, load_template

_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'`]+", re.I)
_EMAIL_DOMAIN = re.compile(r"@([\w-]+(?:\.[\w-]+)+)")
# Second-level labels under which registrations sit one level deeper (ljmu.ac.uk).
_SECOND_LEVEL = frozenset({"ac", "co", "org", "gov", "nhs", "ltd", "plc", "me", "net", "sch", "police", "mod"})


def urls_in(text: str) -> list[str]:
    """Absolute URLs and www. hosts, without markup or trailing punctuation."""
    return [match.group().rstrip(".,;:!?*_") for match in _URL.finditer(text)]


def institution_urls(answer: Answer) -> list[str]:
    """URLs of the answer that are not the Commitment's own sites."""
    lexicon = load_template().lexicon
    return [url for url in urls_in(answer.region.text) if not lexicon.is_commitment_host(host(url))]


def host(url: str) -> str:
    address = url if "://" in url else f"http://{url}"
    return (urlsplit(address).hostname or "").lower()


def registrable_domain(hostname: str) -> str:
    """ "www.lstmed.ac.uk" -> "lstmed.ac.uk"; "news.example.com" -> "example.com"."""
    labels = hostname.lower().strip(".").split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def presence(answer: Answer) -> Finding:
    """Answered by the URL itself, often with no other words (spec 3.3, exception)."""
    if not answer.located:
        return missing("the webpage question's prompt was not found in the document")
    urls = institution_urls(answer)
    if urls:
        return present(f"gives the page address {urls[0]}", answer.region.page, url=urls[0])
    others = urls_in(answer.region.text)
    if others:
        return missing("the only address given is a Technician Commitment site, not your own page", answer.region.page)
    return missing("no web address (http(s):// or www.) in the answer", answer.region.page)


def https(ctx: QuestionContext, element: ElementCheck) -> Finding:
    url = institution_urls(ctx.answer)[0]
    return judged(url.lower().startswith("https://"), "the address uses https", f"{url} does not use https")


def domain(ctx: QuestionContext, element: ElementCheck) -> Finding:
    email = ctx.reading.header.get("doc.lead_email", "")
    match = _EMAIL_DOMAIN.search(email)
    if not match:
        return not_applicable("no lead e-mail address to compare with")
    page = registrable_domain(host(institution_urls(ctx.answer)[0]))
    own = registrable_domain(match.group(1))
    return judged(
        page == own,
        f"the page is on the lead's own domain ({own})",
        f"the page is on {page}, not on the lead's e-mail domain {own}",
        page_domain=page,
        email_domain=own,
    )
