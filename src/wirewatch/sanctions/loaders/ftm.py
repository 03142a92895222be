"""OpenSanctions / FollowTheMoney entities, one JSON object per line.

Only sanctioned things become parties: schemas Person, Organization, Company, LegalEntity,
PublicBody, Vessel, Airplane, and (when the field is present) ``target: true``. Addresses and
other helper entities in the same export are skipped and counted. Properties used: name / alias /
weakAlias / previousName, nationality / citizenship / country (ISO alpha-2 in FtM), birthDate,
program / programId, createdAt, notes / position.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from wirewatch.errors import InputError
from wirewatch.sanctions.countries import nationality
from wirewatch.sanctions.records import ListedParty, ListLoad
from wirewatch.sanctions.regimes import regimes_for_programme

_KINDS = {
    "Person": "person", "Organization": "organization", "Company": "organization",
    "LegalEntity": "organization", "PublicBody": "organization", "Vessel": "vessel", "Airplane": "aircraft",
}
_PROGRAMME_LISTS = ("ofac", "un", "eu")  # FtM programme ids are the issuing list's own tags


def _values(props: dict[str, Any], *keys: str) -> list[str]:
    out: list[str] = []
    for key in keys:
        value = props.get(key) or []
        out.extend(str(v).strip() for v in (value if isinstance(value, list) else [value]) if str(v).strip())
    return list(dict.fromkeys(out))


def _party(obj: dict[str, Any]) -> ListedParty:
    props = obj.get("properties") or {}
    names = _values(props, "name")
    primary = str(obj.get("caption") or "").strip() or (names[0] if names else "")
    aliases = [(n, "name variant") for n in names if n != primary]
    aliases += [(n, "aka") for n in _values(props, "alias")]
    aliases += [(n, "Low") for n in _values(props, "weakAlias")]
    aliases += [(n, "fka") for n in _values(props, "previousName")]
    kind = _KINDS[obj["schema"]]
    country_keys = ("nationality", "citizenship") if kind == "person" else ("country", "jurisdiction", "flag")
    programmes = _values(props, "program", "programId")
    regimes = [r for p in programmes for lst in _PROGRAMME_LISTS for r in regimes_for_programme(lst, p)]
    created = _values(props, "createdAt") or ([str(obj["first_seen"])] if obj.get("first_seen") else [])
    remarks = "; ".join(_values(props, "position", "notes"))
    return ListedParty(
        list_ref=str(obj["id"]), source="opensanctions", kind=kind, name=primary,
        aliases=list(dict.fromkeys(a for a in aliases if a[0] != primary)),
        nationalities=list(dict.fromkeys(c for v in _values(props, *country_keys) if (c := nationality(v)))),
        birth_dates=[d[:10] for d in _values(props, "birthDate")],
        programmes=programmes, regimes=list(dict.fromkeys(regimes)),
        listed_on=created[0][:10] if created else None, remarks=remarks or None,
    )


def parse_ftm_lines(text: str, path: str) -> ListLoad:
    parties: list[ListedParty] = []
    skipped: Counter[str] = Counter()
    seen: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(item=path, reason=f"line {lineno}: not valid JSON ({exc.msg}); nothing loaded") from None
        if not isinstance(obj, dict) or "schema" not in obj or "id" not in obj:
            raise InputError(item=path, reason=f"line {lineno}: not a FollowTheMoney entity (needs id and schema)")
        if obj["schema"] not in _KINDS or obj.get("target") is False:
            skipped[str(obj["schema"])] += 1
            continue
        party = _party(obj)
        if not party.name:
            raise InputError(item=path, reason=f"line {lineno} ({obj['id']}): entity has no name")
        if party.list_ref in seen:
            raise InputError(item=path, reason=f"line {lineno}: entity id {party.list_ref} appears twice")
        seen.add(party.list_ref)
        parties.append(party)
    notes = [f"{n} {schema} entit{'y' if n == 1 else 'ies'} (not a sanctioned party)" for schema, n in sorted(skipped.items())]
    return ListLoad(source="opensanctions", path=path, format="ftm", parties=parties, skipped=notes)


def load_ftm(path: str | Path) -> ListLoad:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(item=str(p), reason=f"cannot read as UTF-8 text: {exc}") from None
    return parse_ftm_lines(text, str(p))
