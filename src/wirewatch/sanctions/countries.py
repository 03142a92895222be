"""Country wording on sanctions lists -> ISO 3166 alpha-3.

Lists spell countries their own way ("Korea, North" on OFAC, "Democratic People's Republic of
Korea" at the UN, ``kp`` in FollowTheMoney). pycountry knows the ISO names and codes; the small
table below covers the list wordings it does not.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

# list wording (casefolded) -> alpha-3; only what pycountry.lookup cannot resolve by itself
_ALIASES = {
    "korea, north": "PRK",
    "north korea": "PRK",
    "dprk": "PRK",
    "democratic people's republic of korea": "PRK",
    "korea, south": "KOR",
    "south korea": "KOR",
    "republic of korea": "KOR",
    "iran": "IRN",
    "russia": "RUS",
    "russian federation": "RUS",
    "syria": "SYR",
    "burma": "MMR",
    "laos": "LAO",
    "vietnam": "VNM",
    "venezuela": "VEN",
    "bolivia": "BOL",
    "tanzania": "TZA",
    "moldova": "MDA",
    "turkey": "TUR",
    "türkiye": "TUR",
    "palestinian": "PSE",
    "state of palestine": "PSE",
    "democratic republic of the congo": "COD",
    "congo, democratic republic of the": "COD",
    "drc": "COD",
    "congo": "COG",
    "republic of the congo": "COG",
    "ivory coast": "CIV",
    "cote d'ivoire": "CIV",
    "united kingdom": "GBR",
    "uk": "GBR",
    "united states": "USA",
    "usa": "USA",
    "us": "USA",
    "czech republic": "CZE",
    "macedonia": "MKD",
    "swaziland": "SWZ",
    "cape verde": "CPV",
    "brunei": "BRN",
}

# wordings that look like countries but do not name one state today
_NOT_A_COUNTRY = {"former soviet union", "na", "n/a", "unknown", "stateless", "yugoslavia"}


@lru_cache(maxsize=2048)
def to_iso3(text: str | None) -> str | None:
    """ISO alpha-3 for a country name, alpha-2/alpha-3 code or list wording; None if unknown.

    >>> to_iso3("Korea, North"), to_iso3("kp"), to_iso3("Iran (Islamic Republic of)")
    ('PRK', 'PRK', 'IRN')
    """
    if not text:
        return None
    key = re.sub(r"\s+", " ", text.strip()).casefold().rstrip(".")
    if not key or key in _NOT_A_COUNTRY:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    if key.endswith(")") and "(" in key:
        # "Iran (Islamic Republic of)", "Bolivia (Plurinational State of)"
        inner = to_iso3(key[: key.index("(")].strip())
        if inner:
            return inner
    try:
        return pycountry.countries.lookup(key).alpha_3
    except LookupError:
        return None


def nationality(text: str | None) -> str | None:
    """ISO alpha-3 where mappable, else the list's own wording; None for placeholders like "na"."""
    if not text or text.strip().casefold() in _NOT_A_COUNTRY - {"former soviet union", "yugoslavia"}:
        return None
    return to_iso3(text) or text.strip()


def is_iso3(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None
