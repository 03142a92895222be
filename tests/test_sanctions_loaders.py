"""List loaders on hand-written fixtures, on the real shared files, and on broken files."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from wirewatch.errors import ConfigError, InputError
from wirewatch.sanctions.loaders import detect_format, load_list
from wirewatch.sanctions.loaders.ofac import parse_remarks
from wirewatch.sanctions.records import ListedParty

FIX = Path(__file__).parent / "fixtures" / "sanctions"
REAL = Path(__file__).parents[1] / "../shared/data/sanctions"


def test_detect_formats():
    assert detect_format(FIX / "un_small.xml") == "un"
    assert detect_format(FIX / "ofac" / "sdn.csv") == "ofac"
    assert detect_format(FIX / "ofac") == "ofac"
    assert detect_format(FIX / "ftm_small.json") == "ftm"
    with pytest.raises(InputError, match="companion"):
        detect_format(FIX / "ofac" / "alt.csv")


def test_un_fixture():
    load = load_list(FIX / "un_small.xml")
    assert (load.source, load.format, load.generated) == ("un", "un", "2026-01-15T00:00:00.000Z")
    by_ref = {p.list_ref: p for p in load.parties}
    pak = by_ref["KPi.901"]
    assert pak.name == "PAK CHOL SU" and pak.kind == "person"
    assert pak.aliases == [("Pak Chol-su", "Good"), ("Mister Pak", "Low")]
    assert pak.nationalities == ["PRK"] and pak.birth_dates == ["1966-06-15"]
    assert pak.regimes == ["un-1718"] and pak.listed_on == "2017-08-05"
    assert by_ref["IRi.901"].birth_dates == ["1958/1960"] and by_ref["IRi.901"].regimes == ["un-1737"]
    org = by_ref["KPe.901"]
    assert org.kind == "organization" and org.aliases == [("SMTC", "a.k.a.")]


def test_ofac_fixture_joins_companions():
    load = load_list(FIX / "ofac" / "sdn.csv")
    person, vessel = load.parties
    assert person.list_ref == "OFAC-101" and person.kind == "person"
    assert ("SOKOLOVSKIY, Anton", "aka") in person.aliases and ("SOKOLOVSKI, Anton", "aka") in person.aliases
    assert person.birth_dates == ["1975-02-03"] and person.nationalities == ["RUS"]
    # sdn_comments.csv continues the cut Remarks mid-word
    assert "Passport 12345 (Russia); Linked To: INVENTED TEST HOLDING." in person.remarks
    assert person.regimes == ["us-russia-eo14024"]
    assert vessel.kind == "vessel" and vessel.programmes == ["DPRK3", "DPRK4"] and vessel.nationalities == ["PRK"]
    # the alias row for an ent_num not in sdn.csv is reported, never attached to someone else
    assert any("999" in s for s in load.skipped)
    assert all("ORPHAN" not in a for p in load.parties for a, _ in p.aliases)


def test_parse_remarks():
    dobs, nats, aliases = parse_remarks("DOB 15 Jun 1966; alt. DOB 1967; nationality Korea, North; a.k.a. 'KIM, Il'.")
    assert dobs == ["1966-06-15", "1967"] and nats == ["PRK"] and aliases == [("KIM, Il", "aka")]


def test_ftm_fixture_skips_non_targets():
    load = load_list(FIX / "ftm_small.json")
    (p,) = load.parties
    assert p.list_ref == "test-person-1" and p.nationalities == ["UKR"] and p.birth_dates == ["1980-11-02"]
    assert ("Elena Gritsenko", "name variant") in p.aliases and p.regimes == ["us-ukraine-russia-related"]
    assert load.skipped == ["1 Address entity (not a sanctioned party)"]


def test_records_round_trip():
    for p in load_list(FIX / "un_small.xml").parties:
        assert ListedParty.from_dict(p.to_dict()) == p


# -- broken inputs: InputError naming the line / element, nothing returned -----------------------
def test_truncated_xml(tmp_path):
    text = (FIX / "un_small.xml").read_text()
    bad = tmp_path / "consolidated.xml"
    bad.write_text(text[: len(text) // 2])
    with pytest.raises(InputError, match=r"truncated at line \d+") as info:
        load_list(bad)
    assert info.value.item == str(bad)


def test_un_entry_without_reference(tmp_path):
    bad = tmp_path / "c.xml"
    bad.write_text((FIX / "un_small.xml").read_text().replace("<REFERENCE_NUMBER>IRi.901</REFERENCE_NUMBER>", ""))
    with pytest.raises(InputError, match=r"INDIVIDUAL #2 \(DATAID 900002\) has no REFERENCE_NUMBER"):
        load_list(bad)


def test_csv_row_with_wrong_column_count(tmp_path):
    folder = tmp_path / "ofac"
    shutil.copytree(FIX / "ofac", folder)
    with (folder / "sdn.csv").open("a") as fh:
        fh.write('103,"SHORT ROW","individual"\r\n')
    with pytest.raises(InputError, match="line 3: 3 columns, expected 12"):
        load_list(folder / "sdn.csv")


def test_bad_json_line(tmp_path):
    bad = tmp_path / "e.ftm.json"
    bad.write_text((FIX / "ftm_small.json").read_text() + '{"id": "x", "schema": "Person", "prop\n')
    with pytest.raises(InputError, match="line 3: not valid JSON"):
        load_list(bad)


def test_unknown_format_and_forced_format(tmp_path):
    odd = tmp_path / "notes.txt"
    odd.write_text("hello\n")
    with pytest.raises(InputError, match="unknown list format"):
        load_list(odd)
    with pytest.raises(InputError):
        load_list(odd, "un")
    with pytest.raises(ConfigError):
        load_list(odd, "xls")


# -- the real files in ../shared ------------------------------------------------------------------
@pytest.fixture(scope="module")
def real() -> Path:
    if not REAL.is_dir():
        pytest.skip("../shared/data/sanctions is absent")
    return REAL


def test_real_un_list(real):
    load = load_list(real / "un" / "consolidated.xml")
    assert len(load.parties) == 1003
    types = Counter(p.programmes[0] for p in load.parties)
    assert types["DPRK"] == 155
    assert sum("un-1718" in p.regimes for p in load.parties) == 155
    by_ref = {p.list_ref: p for p in load.parties}
    assert by_ref["KPi.033"].name == "RI WON HO" and by_ref["KPi.033"].nationalities == ["PRK"]
    assert ("KOMID", "a.k.a.") in by_ref["KPe.001"].aliases
    assert all(len(n) == 3 for p in load.parties for n in p.nationalities if n != "former Soviet Union")


def test_real_ofac_set(real):
    load = load_list(real / "ofac")
    assert len(load.parties) == 17
    by_ref = {p.list_ref: p for p in load.parties}
    assert by_ref["OFAC-20540"].kind == "aircraft" and by_ref["OFAC-20540"].regimes == ["us-dprk"]
    assert ("KHOROSHEV, Dmitriy Yurevich", "aka") in by_ref["OFAC-48603"].aliases
    assert by_ref["OFAC-48603"].birth_dates == ["1993-04-17"]
    # the alt.csv sample holds rows for entries that are not in this sdn.csv sample
    assert load.skipped and "not in sdn.csv" in load.skipped[0]
    assert by_ref["OFAC-33151"].remarks.endswith("a.k.a. 'SUCCESSFUL EXCHANGE'.")


def test_real_ftm(real):
    load = load_list(real / "opensanctions" / "entities.ftm.json")
    assert len(load.parties) == 6 and {p.kind for p in load.parties} == {"person", "organization"}
