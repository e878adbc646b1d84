"""Bytes of a text file -> text: UTF-8 (BOM stripped), UTF-16 by its BOM, else Windows-1252
or Latin-1, with the characters that only get in the way of matching replaced. Plain text
and CSV files (loaders.py, sheets.py) are decoded here."""

from __future__ import annotations

import re

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CHAR_FIXES = {
    "\u00a0": " ",  # no-break space
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\ufeff": "",  # stray BOM / zero-width no-break space
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
}
_CHARS_TO_FIX = re.compile("[" + "".join(_CHAR_FIXES) + "]")


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 (BOM stripped), then Windows-1252, then Latin-1 (which never fails); CRLF -> LF."""
    warnings: list[str] = []
    if data.startswith(UTF16_BOMS):
        text = data.decode("utf-16", errors="replace")
    elif data.startswith(UTF8_BOM):
        text = _decode_utf8_or_legacy(data[len(UTF8_BOM) :], warnings)
    else:
        text = _decode_utf8_or_legacy(data, warnings)
    return normalise_chars(text.replace("\r\n", "\n").replace("\r", "\n")), warnings


def _decode_utf8_or_legacy(data: bytes, warnings: list[str]) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            warnings.append(
                "the file ends in the middle of a UTF-8 character; the last bytes were dropped"
            )
            return data[: exc.start].decode("utf-8")
    try:
        text = data.decode("cp1252")
        warnings.append("not valid UTF-8; decoded as Windows-1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        warnings.append("not valid UTF-8 or Windows-1252; decoded as Latin-1")
    return text


def normalise_chars(text: str) -> str:
    """Replace characters that only get in the way of matching (no-break space, ligatures)."""
    return _CHARS_TO_FIX.sub(lambda match: _CHAR_FIXES[match.group()], text)


def nonblank_lines(text: str) -> list[str]:
    """Non-blank lines with characters normalised, stripped of spaces (tabs are cell separators)."""
    lines = (normalise_chars(raw).strip(" \v") for raw in text.split("\n"))
    return [line for line in lines if line.strip()]
