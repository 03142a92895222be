"""Bytes → text: refuse binary, detect the encoding, say clearly when it cannot be done."""

from __future__ import annotations

import re

import charset_normalizer

from wirewatch.errors import InputError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")

# Documents people save news as, which wirewatch does not read: say what they are.
_FORMATS = ((b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .epub is one)"),
            (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"), (b"{\\rtf", "an RTF document"))


def decode_bytes(data: bytes, item: str) -> str:
    if not data.strip():
        raise InputError(item, "empty input")
    head = data[:8192]
    for magic, what in _FORMATS:
        if head.startswith(magic):
            raise InputError(item, f"{what}; wirewatch reads text, HTML, JSON Lines, CSV and feeds: "
                                   "save or convert it to one of those first (e.g. pdftotext for a PDF)")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(item, "binary file (contains NUL bytes); expected text, HTML, JSON Lines, CSV or a feed")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise InputError(item, "cannot decode: the bytes are not text in any known encoding") from None
        text = str(best)
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > 0.05:
        raise InputError(item, "binary content (too many control characters); expected text")
    return text
