"""Fetch a public page or document the user names: ``fetch_copy(url, folder)``.

The only network access tca makes without a configured language model, and only on an
explicit request (``tca ingest https://...``, the Library tab's address box). It goes
through urllib, which honours the system proxy (``HTTPS_PROXY``, ``HTTP_PROXY``,
``NO_PROXY``). A :class:`FetchPolicy` says when not to: ``offline`` (``TCA_OFFLINE=on``)
refuses without trying; ``public_only`` (the app serving other people) refuses addresses
on the server itself or a private network, so no user can make the server read its own
services (a Chroma server, a cloud metadata address).

The copy is stored under a name made from the address (the same address always lands
on the same file, so fetching it again updates that document) with a hidden sidecar,
``.NAME.source.json``, holding the address and the fetch time: whoever reads the copy
again (re-indexing) still knows where it came from. Every failure is a
:class:`FetchError` with one plain reason.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import json
import os
import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FETCH_TIMEOUT_S = 30.0
MAX_BYTES = 50 * 1024 * 1024
USER_AGENT = "tca/0.1 (Technician Commitment assistant; fetched on a user's request)"
SIDECAR_SUFFIX = ".source.json"

# What a server says it sends -> the extension tca reads it by.
CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "text/csv": ".csv",
    "text/plain": ".txt",
    "text/markdown": ".md",
}
_URL_SUFFIXES = (".html", ".htm", ".pdf", ".docx", ".xlsx", ".csv", ".txt", ".md")
_SLUG = re.compile(r"[^a-z0-9]+")


class FetchError(Exception):
    """A URL that could not be fetched; ``reason`` is one plain sentence."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class FetchPolicy:
    offline: bool = False
    public_only: bool = False


@dataclass(frozen=True)
class SourceRecord:
    """Where a stored copy came from."""

    url: str
    fetched_at: str  # ISO 8601, UTC
    content_type: str = ""


@dataclass(frozen=True)
class FetchedCopy:
    path: Path
    source: SourceRecord


def is_url(text: str) -> bool:
    return str(text).lower().startswith(("http://", "https://"))


def fetch_copy(url: str, folder: Path, policy: FetchPolicy = FetchPolicy(), timeout: float = FETCH_TIMEOUT_S) -> FetchedCopy:  # noqa: B008 - frozen
    """Fetch ``url`` and store it in ``folder``; raises FetchError with the reason."""
    _check_address(url)
    if policy.offline:
        raise FetchError(url, "not fetched: tca is set to work offline (TCA_OFFLINE=on); unset it to fetch web pages")
    if policy.public_only:
        _refuse_private_address(url)
    data, content_type, final_url = _download(url, timeout)
    suffix = _suffix_for(url, final_url, content_type, data)
    source = SourceRecord(url=url, fetched_at=datetime.now(UTC).isoformat(timespec="seconds"), content_type=content_type)
    path = folder / f"{address_slug(url)}{suffix}"
    _write_atomically(path, data)
    _write_atomically(sidecar_path(path), json.dumps(source.__dict__, indent=1).encode())
    return FetchedCopy(path, source)


def sidecar_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{SIDECAR_SUFFIX}")


def source_of(path: Path) -> SourceRecord | None:
    """The address a stored copy was fetched from (None for a file that was not fetched)."""
    sidecar = sidecar_path(Path(path))
    try:
        record = json.loads(sidecar.read_text(encoding="utf-8"))
        return SourceRecord(str(record["url"]), str(record["fetched_at"]), str(record.get("content_type", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def address_slug(url: str) -> str:
    """A readable, stable file stem for an address: host and path, and a short hash."""
    parts = urllib.parse.urlsplit(url)
    path = re.sub(r"\.(html?|pdf|docx|xlsx|csv|txt|md)$", "", parts.path, flags=re.I)
    readable = _SLUG.sub("-", f"{parts.hostname or ''} {path}".lower()).strip("-")[:60].strip("-")
    return f"{readable or 'page'}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


def _check_address(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "not a web address (give one starting with http:// or https://)")


def _refuse_private_address(url: str) -> None:
    """Refuse a host that is, or resolves to, a loopback, private, link-local or reserved
    address. Through a proxy only a literal address can be checked (the proxy resolves)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        if _proxy_for(url):
            return
        try:
            found = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
        except OSError as exc:
            raise FetchError(url, _network_reason(url, exc)) from None
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    if any(not address.is_global or address.is_multicast for address in addresses):
        raise FetchError(
            url, f"not fetched: '{host}' is on this server or a private network; the app fetches only public addresses when it serves other people"
        )


def _proxy_for(url: str) -> str | None:
    scheme, host = urllib.parse.urlsplit(url).scheme, urllib.parse.urlsplit(url).hostname or ""
    proxy = urllib.request.getproxies().get(scheme)
    return proxy if proxy and not urllib.request.proxy_bypass(host) else None


def _download(url: str, timeout: float) -> tuple[bytes, str, str]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    opener = urllib.request.build_opener()  # reads the proxy settings now, not at first use
    try:
        with opener.open(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            content_type = response.headers.get_content_type() or ""
            final_url = response.geturl() or url
    except urllib.error.HTTPError as exc:
        raise FetchError(url, f"the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(url, _network_reason(url, exc.reason)) from None
    except TimeoutError:
        raise FetchError(url, f"no answer within {timeout:.0f} s") from None
    except OSError as exc:
        raise FetchError(url, _network_reason(url, exc)) from None
    except http.client.HTTPException as exc:
        raise FetchError(url, f"the server's answer was cut short or malformed ({type(exc).__name__})") from None
    if len(data) > MAX_BYTES:
        raise FetchError(url, f"larger than {MAX_BYTES // (1024 * 1024)} MB: download it and add the file instead")
    if not data:
        raise FetchError(url, "the server sent an empty page")
    return data, content_type, final_url


def _network_reason(url: str, reason: object) -> str:
    """Why the network failed, in the user's terms (offline, refused, proxy, TLS)."""
    host = urllib.parse.urlsplit(url).hostname
    proxy = _proxy_for(url)
    via = f" through the proxy {proxy}" if proxy else ""
    if isinstance(reason, socket.gaierror):
        return (
            f"cannot reach '{host}'{via}: no network connection (the name does not resolve); "
            "this machine looks offline - set HTTPS_PROXY if the web is reached through a proxy"
        )
    if isinstance(reason, ConnectionRefusedError):
        return f"cannot reach '{host}'{via}: the connection was refused"
    if isinstance(reason, TimeoutError):
        return f"cannot reach '{host}'{via}: no answer (offline, or a firewall)"
    if isinstance(reason, ssl.SSLError):
        return f"secure connection to '{host}' failed: {reason}"
    if isinstance(reason, OSError) and reason.errno in (101, 113):  # network / host unreachable
        return f"cannot reach '{host}'{via}: no network connection (this machine looks offline)"
    return f"cannot reach '{host}'{via}: {reason}"


def _suffix_for(url: str, final_url: str, content_type: str, data: bytes) -> str:
    """The type to read the copy as: the bytes' own signature, then the server's content
    type, then the address's extension."""
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return ".pdf"
    if content_type in CONTENT_TYPES:
        return CONTENT_TYPES[content_type]
    for address in (final_url, url):
        suffix = Path(urllib.parse.urlsplit(address).path).suffix.lower()
        if suffix in _URL_SUFFIXES:
            return suffix
    if data[:512].lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return ".html"
    raise FetchError(
        url,
        f"the address gives '{content_type or 'an unknown type'}', which tca cannot read "
        "(it reads web pages, PDF, DOCX, XLSX, CSV and text)",
    )


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    temporary.write_bytes(data)
    os.replace(temporary, path)
