"""List loaders, one module per format; :func:`load_list` picks one from the file's content.

| format | module | what it reads                                            | source          |
|--------|--------|----------------------------------------------------------|-----------------|
| un     | un     | UN Security Council Consolidated List XML                | un              |
| ofac   | ofac   | OFAC SDN legacy CSV set (sdn.csv + alt.csv + sdn_comments.csv) | ofac      |
| ftm    | ftm    | OpenSanctions / FollowTheMoney entities, JSON lines      | opensanctions   |

Every loader parses the whole file before returning, and raises :class:`InputError` naming the
line or element at fault, so a broken file loads nothing and the previous version stays active.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from wirewatch.errors import ConfigError, InputError
from wirewatch.sanctions.loaders.ftm import load_ftm
from wirewatch.sanctions.loaders.ofac import load_ofac
from wirewatch.sanctions.loaders.un import load_un
from wirewatch.sanctions.records import ListLoad

FORMATS = ("un", "ofac", "ftm")
_LOADERS = {"un": load_un, "ofac": load_ofac, "ftm": load_ftm}
_SNIFF_BYTES = 64_000


def detect_format(path: str | Path) -> str:
    """``un``, ``ofac`` or ``ftm`` from the first bytes of the file (a folder holding sdn.csv is ``ofac``)."""
    p = Path(path)
    if p.is_dir():
        if any(c.name.casefold() == "sdn.csv" for c in p.iterdir()):
            return "ofac"
        raise InputError(item=str(p), reason="folder holds no sdn.csv; give a list file instead")
    try:
        with p.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES).decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise InputError(item=str(p), reason=f"cannot read: {exc.strerror or exc}") from None
    stripped = head.lstrip()
    if stripped.startswith("<"):
        if "<CONSOLIDATED_LIST" in head:
            return "un"
        raise InputError(item=str(p), reason="XML but not a UN consolidated list (no <CONSOLIDATED_LIST> root)")
    first = stripped.splitlines()[0] if stripped else ""
    if first.startswith("{"):
        try:
            if "schema" in json.loads(first):
                return "ftm"
        except json.JSONDecodeError:
            pass
        raise InputError(item=str(p), reason="JSON but not FollowTheMoney lines (first line has no \"schema\")")
    try:
        row = next(csv.reader(io.StringIO(first)), [])
    except csv.Error:
        row = []
    if row and row[0].strip().isdigit():
        if len(row) == 12:
            return "ofac"
        if len(row) in (5, 6, 2) and p.name.casefold() != "sdn.csv":
            raise InputError(item=str(p), reason="an OFAC companion file (alt/add/sdn_comments); load sdn.csv beside it")
    raise InputError(item=str(p), reason="unknown list format; use --format un|ofac|ftm")


def load_list(path: str | Path, fmt: str | None = None) -> ListLoad:
    """Parse one list file in full (format detected unless given)."""
    if fmt is not None and fmt not in _LOADERS:
        raise ConfigError(f"unknown list format {fmt!r}; use one of {', '.join(FORMATS)}")
    fmt = fmt or detect_format(path)
    return _LOADERS[fmt](path)


__all__ = ["FORMATS", "detect_format", "load_ftm", "load_list", "load_ofac", "load_un"]
