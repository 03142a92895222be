"""UN Security Council Consolidated List (XML, root ``CONSOLIDATED_LIST``).

Every INDIVIDUAL and ENTITY becomes one :class:`ListedParty`: the name is FIRST..FOURTH_NAME
joined in the list's order, aliases keep the list's QUALITY (Good / Low / a.k.a. / f.k.a.),
NAME_ORIGINAL_SCRIPT is kept as an alias of quality ``original script``. The whole file is
parsed before anything is returned, so a truncated download loads nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from wirewatch.errors import InputError
from wirewatch.sanctions.countries import nationality
from wirewatch.sanctions.records import ListedParty, ListLoad
from wirewatch.sanctions.regimes import regimes_for_programme

ROOT = "CONSOLIDATED_LIST"
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def _text(el: ET.Element | None) -> str:
    return " ".join((el.text or "").split()) if el is not None else ""


def _values(el: ET.Element, tag: str) -> list[str]:
    """Texts of ``<TAG><VALUE>..</VALUE></TAG>`` children, empty ones dropped."""
    return [t for node in el.findall(tag) for v in node.findall("VALUE") if (t := _text(v))]


def _birth_dates(el: ET.Element) -> list[str]:
    out: list[str] = []
    for dob in el.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        if d := _text(dob.find("DATE")):
            out.append(d[:10])
        elif y := _text(dob.find("YEAR")):
            out.append(y)
        elif (a := _text(dob.find("FROM_YEAR"))) and (b := _text(dob.find("TO_YEAR"))):
            out.append(f"{a}/{b}")
    return list(dict.fromkeys(out))


def _party(el: ET.Element, kind: str, path: str, position: int) -> ListedParty:
    ref = _text(el.find("REFERENCE_NUMBER"))
    where = f"{el.tag} #{position} (DATAID {_text(el.find('DATAID')) or '?'})"
    if not ref:
        raise InputError(item=path, reason=f"{where} has no REFERENCE_NUMBER; the file is not a UN consolidated list")
    name = " ".join(t for part in _NAME_PARTS if (t := _text(el.find(part))))
    if not name:
        raise InputError(item=path, reason=f"{where} ({ref}) has no FIRST_NAME")
    alias_tag = "INDIVIDUAL_ALIAS" if kind == "person" else "ENTITY_ALIAS"
    aliases: list[tuple[str, str]] = []
    for a in el.findall(alias_tag):
        alias = _text(a.find("ALIAS_NAME")).strip('"')
        if alias and alias.casefold() != name.casefold():
            aliases.append((alias, _text(a.find("QUALITY")) or "a.k.a."))
    if original := _text(el.find("NAME_ORIGINAL_SCRIPT")):
        aliases.append((original, "original script"))
    nationalities = [c for n in _values(el, "NATIONALITY") if (c := nationality(n))]
    list_type = _text(el.find("UN_LIST_TYPE"))
    comments = _text(el.find("COMMENTS1"))
    designations = "; ".join(_values(el, "DESIGNATION"))
    return ListedParty(
        list_ref=ref, source="un", kind=kind, name=name,
        aliases=list(dict.fromkeys(aliases)),
        nationalities=list(dict.fromkeys(nationalities)),
        birth_dates=_birth_dates(el) if kind == "person" else [],
        programmes=[list_type] if list_type else [],
        regimes=regimes_for_programme("un", list_type) if list_type else [],
        listed_on=_text(el.find("LISTED_ON"))[:10] or None,
        remarks="; ".join(t for t in (designations, comments) if t) or None,
    )


def parse_un_xml(data: bytes, path: str) -> ListLoad:
    """Parse the whole document; InputError (naming line and column) if it is malformed or truncated."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, col = exc.position
        raise InputError(
            item=path, reason=f"XML is malformed or truncated at line {line}, column {col} ({exc.msg}); nothing loaded"
        ) from None
    if root.tag != ROOT:
        raise InputError(item=path, reason=f"root element is <{root.tag}>, expected <{ROOT}> (a UN consolidated list)")
    parties: list[ListedParty] = []
    seen: set[str] = set()
    for section, tag, kind in (("INDIVIDUALS", "INDIVIDUAL", "person"), ("ENTITIES", "ENTITY", "organization")):
        for position, el in enumerate(root.iterfind(f"{section}/{tag}"), start=1):
            party = _party(el, kind, path, position)
            if party.list_ref in seen:
                raise InputError(item=path, reason=f"{tag} #{position}: reference {party.list_ref} appears twice")
            seen.add(party.list_ref)
            parties.append(party)
    return ListLoad(source="un", path=path, format="un", parties=parties, generated=root.get("dateGenerated"))


def load_un(path: str | Path) -> ListLoad:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(item=str(p), reason=f"cannot read: {exc.strerror or exc}") from None
    return parse_un_xml(data, str(p))
