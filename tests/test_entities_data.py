"""The entity layer's data files: integrity, and the look-ups analysts rely on."""

from __future__ import annotations

import re

import pycountry
import pytest

from wirewatch.entities.knowledge import SECTORS, fold, knowledge
from wirewatch.entities.names import family_name, name_key, split_name


def test_data_files_have_no_problems():
    assert knowledge().problems() == []


def test_every_country_code_and_sector_is_valid():
    kb = knowledge()
    codes = {c.alpha_3 for c in pycountry.countries}
    for form, hit in kb.exact.items():
        assert hit.country is None or hit.country in codes, form
        assert hit.sector is None or all(p in SECTORS for p in re.findall("...", hit.sector)), form
    for title in kb.titles.values():
        assert title.role and (title.sector is None or title.sector[:3] in SECTORS)


def test_fingerprint_is_stable_and_names_the_extractor_version():
    kb = knowledge()
    assert kb.fingerprint.split("-")[0] and kb.fingerprint == knowledge().fingerprint


@pytest.mark.parametrize("form, kind, code, sector", [
    ("Russia", "country", "RUS", None), ("Russian Federation", "country", "RUS", None),
    ("Russian", "demonym", "RUS", None), ("Moscow", "capital", "RUS", "GOV"), ("the Kremlin", "seat", "RUS", "GOV"),
    ("Kremlin", "seat", "RUS", "GOV"), ("North Korea", "country", "PRK", None), ("DPRK", "country", "PRK", None),
    ("North Korean", "demonym", "PRK", None), ("Pyongyang", "capital", "PRK", "GOV"),
    ("South Korea", "country", "KOR", None), ("ROK", "country", "KOR", None), ("South Korean", "demonym", "KOR", None),
    ("Seoul", "capital", "KOR", "GOV"), ("Ukraine", "country", "UKR", None), ("Ukrainian", "demonym", "UKR", None),
    ("Kyiv", "capital", "UKR", "GOV"), ("Kiev", "capital", "UKR", "GOV"), ("U.S.", "country", "USA", None),
    ("US", "country", "USA", None), ("United States", "country", "USA", None), ("the United States", "country", "USA", None),
    ("America", "country", "USA", None), ("American", "demonym", "USA", None), ("Washington", "capital", "USA", "GOV"),
    ("the White House", "seat", "USA", "GOV"), ("the Pentagon", "seat", "USA", "MIL"), ("U.K.", "country", "GBR", None),
    ("UK", "country", "GBR", None), ("Britain", "country", "GBR", None), ("British", "demonym", "GBR", None),
    ("Downing Street", "seat", "GBR", "GOV"), ("Whitehall", "seat", "GBR", "GOV"), ("UAE", "country", "ARE", None),
    ("Iran", "country", "IRN", None), ("Iranian", "demonym", "IRN", None), ("Tehran", "capital", "IRN", "GOV"),
    ("Syria", "country", "SYR", None), ("Chinese", "demonym", "CHN", None), ("Beijing", "capital", "CHN", "GOV"),
    ("Tokyo", "capital", "JPN", "GOV"), ("Yemeni", "demonym", "YEM", None), ("Sanaa", "capital", "YEM", "GOV"),
    ("Houthi", "group", "YEM", "REB"), ("Houthis", "group", "YEM", "REB"), ("Hamas", "group", "PSE", "REB"),
    ("Hezbollah", "group", "LBN", "REB"), ("U.N. Security Council", "organisation", None, "IGO"),
    ("UN", "organisation", None, "IGO"), ("IAEA", "organisation", None, "IGO"), ("NATO", "organisation", None, "IGO"),
    ("EU", "organisation", None, "IGO"), ("KCNA", "organisation", "PRK", "MED"), ("CIA", "organisation", "USA", "GOV"),
    ("NIS", "organisation", "KOR", "GOV"), ("Joint Chiefs of Staff", "organisation", "USA", "MIL"),
    ("Syrian Arab Republic", "country", "SYR", None), ("Viet Nam", "country", "VNM", None),
    ("Russia’s", "country", "RUS", None),
    ("Conflict Armament Research", "organisation", "GBR", "NGO"), ("SIPRI", "organisation", "SWE", "NGO"),
    ("World Health Organization", "organisation", None, "IGO"), ("Suez Canal Authority", "organisation", "EGY", "GOV"),
    # session 20, from Reuters' 1996 copy and PolNeAR: places that had no country
    ("Bosnia", "country", "BIH", None), ("Zaire", "country", "COD", None), ("Chechnya", "place", "RUS", None),
    ("Darfur", "place", "SDN", None), ("Benghazi", "place", "LBY", None), ("Dhaka", "capital", "BGD", "GOV"),
    ("Chicago", "place", "USA", None), ("Algerian", "demonym", "DZA", None), ("Zimbabwean", "demonym", "ZWE", None),
    ("Nairobi", "capital", "KEN", "GOV"), ("Argentine", "demonym", "ARG", None),
])
def test_lookup(form, kind, code, sector):
    hit = knowledge().lookup(form)
    assert hit is not None, form
    assert (hit.kind, hit.country, hit.sector) == (kind, code, sector)


@pytest.mark.parametrize("text, members", [
    ("Baltic governments", ("EST", "LVA", "LTU")),
    ("the three Baltic states", ("EST", "LVA", "LTU")),
    ("The two Koreas", ("KOR", "PRK")),
    ("the E3", ("FRA", "DEU", "GBR")),
    ("Nordic countries", ("DNK", "FIN", "ISL", "NOR", "SWE")),
    ("the Baltic Sea", ()),  # a sea, not its shore states
    ("Baltic Ledger", ()),
    ("Koreas", ()),  # which two? only "the two Koreas" says
    ("Gulf states", ()),  # left out: members in doubt
    ("Russia", ()),
])
def test_groups_of_states(text, members):
    assert knowledge().group_members(text) == members


@pytest.mark.parametrize("form", ["us", "Korea", "Korean", "Western", "Soviet", "Marmelad", "Biden", "the"])
def test_not_a_country(form):
    hit = knowledge().lookup(form)
    assert hit is None or hit.kind not in ("country", "demonym")


@pytest.mark.parametrize("text, role, sector", [
    ("Defense Minister", "defense minister", "GOVMIL"), ("defence minister", "defense minister", "GOVMIL"),
    ("Minister of Defence", "defense minister", "GOVMIL"), ("spokeswoman", "spokesperson", None),
    ("Spokesman", "spokesperson", None), ("national security advisor", "national security adviser", "GOV"),
    ("Lt. Gen.", "general", "MIL"), ("Admiral", "admiral", "MIL"), ("prosecutor general", "prosecutor general", "JUD"),
    ("leader", "leader", "GOV"), ("President", "president", "GOV"),
])
def test_titles(text, role, sector):
    title = knowledge().title(text)
    assert title is not None and (title.role, title.sector) == (role, sector)


def test_fold():
    assert fold("Defence  Minister") == "defense minister"
    assert fold("Élysée") == "elysee"


@pytest.mark.parametrize("a, b", [
    ("Vladimir Putin", "Vladimir V. Putin"), ("Kim Jong-Un", "Kim Jong Un"), ("Kim Jong-un", "kim jong un"),
    ("John F. Kirby", "John Kirby"), ("Putin’s", "Putin"), ("Mr. Kirby", "Kirby"),
])
def test_name_keys_fold_variants(a, b):
    assert name_key(a) == name_key(b)


def test_family_names():
    assert family_name("Kim Jong Un") == "kim"  # family name first
    assert family_name("Vladimir V. Putin") == "putin"
    assert family_name("Abdul-Malik al-Houthi") == "al houthi"
    assert split_name("Kim Yo Jong") == (("kim",), ("yo", "jong"))
    assert name_key("Kim Jong Un") != name_key("Kim Jong Il")
