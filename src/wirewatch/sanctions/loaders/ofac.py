"""OFAC SDN list, legacy CSV set: ``sdn.csv`` plus its companions ``alt.csv`` and ``sdn_comments.csv``.

No header row; ``-0-`` means empty. sdn.csv columns: ent_num, SDN_Name, SDN_Type, Program, Title,
Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. alt.csv: ent_num, alt_num,
alt_type, alt_name, alt_remarks. sdn_comments.csv: ent_num, remarks continued (OFAC cuts long
Remarks at a fixed width and continues them there, mid-word, so the parts are joined as is).
Dates of birth, nationality and extra a.k.a.'s live inside Remarks ("DOB 15 Jun 1966;
nationality Korea, North; a.k.a. 'X'") and are parsed out of it. add.csv (addresses) is not used.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

from wirewatch.errors import InputError
from wirewatch.sanctions.countries import nationality
from wirewatch.sanctions.records import ListedParty, ListLoad
from wirewatch.sanctions.regimes import regimes_for_programme

SDN_COLUMNS = 12
ALT_COLUMNS = 5
COMMENTS_COLUMNS = 2
NULL = "-0-"
_KINDS = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
_ALT_QUALITY = {"aka": "aka", "fka": "fka", "nka": "nka"}

_DOB = re.compile(r"\bDOB (?:circa |approximately )?([^;]+)")
_NATIONALITY = re.compile(r"\b(?:nationality|citizen) ([^;]+)")
_REMARK_ALIAS = re.compile(r"\b(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.) '(.+?)'(?=\s*[;.]|\s*$)")


def _cell(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", NULL) else value


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # older OFAC exports are Windows-1252
        return data.decode("cp1252", errors="replace")


def read_rows(data: bytes, path: str, columns: int) -> list[list[str | None]]:
    """Every row of a header-less OFAC CSV; InputError naming the line of a malformed row."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""), strict=True)
    rows: list[list[str | None]] = []
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()) or row[0].startswith("\x1a"):
                continue  # blank lines and the DOS end-of-file byte old exports carry
            if len(row) != columns:
                raise InputError(
                    item=path, reason=f"line {reader.line_num}: {len(row)} columns, expected {columns}; nothing loaded"
                )
            rows.append([_cell(v) for v in row])
    except csv.Error as exc:
        raise InputError(item=path, reason=f"line {reader.line_num}: not valid CSV ({exc}); nothing loaded") from None
    return rows


def _dob(text: str) -> str | None:
    text = text.strip().rstrip(".")
    if m := re.fullmatch(r"(\d{4}) to (\d{4})", text):
        return f"{m[1]}/{m[2]}"
    for fmt, cut in (("%d %b %Y", 10), ("%b %Y", 7), ("%Y", 4)):
        try:
            return datetime.strptime(text, fmt).date().isoformat()[:cut]
        except ValueError:
            continue
    return None


def parse_remarks(remarks: str) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(birth dates, nationalities, aliases) found in an SDN Remarks field."""
    dobs = [d for m in _DOB.finditer(remarks) if (d := _dob(m[1]))]
    nats = [c for m in _NATIONALITY.finditer(remarks) if (c := nationality(m[1]))]
    aliases = [(m[2].strip(), m[1].replace(".", "")) for m in _REMARK_ALIAS.finditer(remarks)]
    return list(dict.fromkeys(dobs)), list(dict.fromkeys(nats)), aliases


def _companion(sdn: Path, name: str) -> Path | None:
    for candidate in sdn.parent.iterdir():
        if candidate.name.casefold() == name:
            return candidate
    return None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(item=str(path), reason=f"cannot read: {exc.strerror or exc}") from None


def load_ofac(path: str | Path) -> ListLoad:
    """Parse sdn.csv (a path to it, or to its folder) with alt.csv and sdn_comments.csv beside it."""
    sdn = Path(path)
    if sdn.is_dir():
        found = _companion(sdn / "x", "sdn.csv")
        if found is None:
            raise InputError(item=str(sdn), reason="folder has no sdn.csv")
        sdn = found
    item = str(sdn)
    rows = read_rows(_read(sdn), item, SDN_COLUMNS)
    comments: dict[str, str] = {}
    if (cpath := _companion(sdn, "sdn_comments.csv")) is not None:
        for row in read_rows(_read(cpath), str(cpath), COMMENTS_COLUMNS):
            if row[0]:
                comments[row[0]] = comments.get(row[0], "") + (row[1] or "")
    alts: dict[str, list[tuple[str, str]]] = {}
    if (apath := _companion(sdn, "alt.csv")) is not None:
        for row in read_rows(_read(apath), str(apath), ALT_COLUMNS):
            if row[0] and row[3]:
                alts.setdefault(row[0], []).append((row[3], _ALT_QUALITY.get((row[2] or "aka").casefold(), row[2] or "aka")))

    parties: list[ListedParty] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=1):
        ent, name, sdn_type, program, title = row[0], row[1], row[2], row[3], row[4]
        if not ent or not ent.isdigit():
            raise InputError(item=item, reason=f"row {line}: ent_num {ent!r} is not a number; nothing loaded")
        if not name:
            raise InputError(item=item, reason=f"row {line} (ent_num {ent}): no SDN_Name; nothing loaded")
        if ent in seen:
            raise InputError(item=item, reason=f"row {line}: ent_num {ent} appears twice; nothing loaded")
        seen.add(ent)
        remarks = (row[11] or "") + comments.get(ent, "")
        dobs, nats, remark_aliases = parse_remarks(remarks)
        flag = nationality(row[9]) if row[9] else None
        programmes = [p.strip() for p in re.split(r"\]\s*\[", (program or "").strip().strip("[]")) if p.strip()]
        regimes = list(dict.fromkeys(r for p in programmes for r in regimes_for_programme("ofac", p)))
        aliases = list(dict.fromkeys(alts.get(ent, []) + remark_aliases))
        parties.append(ListedParty(
            list_ref=f"OFAC-{ent}", source="ofac", kind=_KINDS.get((sdn_type or "").casefold(), "organization"),
            name=name, aliases=[a for a in aliases if a[0].casefold() != name.casefold()],
            nationalities=nats + ([flag] if flag and flag not in nats else []),
            birth_dates=dobs, programmes=programmes, regimes=regimes, listed_on=None,
            remarks="; ".join(t for t in (title, remarks) if t) or None,
        ))
    orphans = sorted(set(alts) - seen, key=int)
    skipped = [f"alt.csv: {sum(len(alts[o]) for o in orphans)} alias row(s) for ent_num(s) not in sdn.csv "
               f"({', '.join(orphans[:10])}{'…' if len(orphans) > 10 else ''})"] if orphans else []
    if orphan_comments := sorted(set(comments) - seen):
        skipped.append(f"sdn_comments.csv: {len(orphan_comments)} row(s) for ent_num(s) not in sdn.csv")
    return ListLoad(source="ofac", path=item, format="ofac", parties=parties, skipped=skipped)
