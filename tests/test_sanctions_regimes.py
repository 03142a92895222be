"""The regimes knowledge file: integrity, and answers that depend on dates."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest
import yaml

from wirewatch.errors import ConfigError
from wirewatch.sanctions.countries import is_iso3, to_iso3
from wirewatch.sanctions.regimes import (
    MEASURE_KINDS, load_regimes, parse_regimes, regime, regimes_for_country, regimes_for_programme,
)

RAW = yaml.safe_load(resources.files("wirewatch.sanctions").joinpath("regimes.yaml").read_text(encoding="utf-8"))


def test_ids_unique_and_required_fields():
    ids = [r["id"] for r in RAW["regimes"]]
    assert len(ids) == len(set(ids))
    for r in RAW["regimes"]:
        for key in ("id", "name", "authority", "unilateral", "targets", "validity", "measures", "sources"):
            assert key in r, f"{r['id']} lacks {key}"


def test_every_regime_cites_sources_with_urls():
    for r in load_regimes().values():
        assert r.sources, r.id
        for s in r.sources:
            assert s.get("title") and str(s.get("url", "")).startswith("https://"), (r.id, s)


def test_dates_parse_and_periods_are_ordered():
    for r in load_regimes().values():
        for p in r.validity:
            assert p.start is None or isinstance(p.start, date)
            assert p.end is None or p.start is None or p.start < p.end, r.id
        for m in r.measures:
            assert m.kind in MEASURE_KINDS
            if m.since and m.until:
                assert m.since < m.until, (r.id, m)
        for res in r.resolutions:
            assert isinstance(res.date, date)


def test_countries_are_iso_alpha3():
    for r in load_regimes().values():
        for code in r.countries + r.contested_by + [c for p in r.validity for c in p.contested_by]:
            assert is_iso3(code), (r.id, code)
        for code in r.actors:  # an actor code: a country and a sector ("YEMREB")
            assert is_iso3(code[:3]) and len(code) > 3, (r.id, code)


def test_programme_ids_unique_per_list():
    seen: dict[tuple[str, str], str] = {}
    for r in load_regimes().values():
        for key in r.programmes:
            assert key not in seen, f"{key} in both {seen.get(key)} and {r.id}"
            seen[key] = r.id


def test_un_vs_unilateral():
    regimes = load_regimes()
    assert not regimes["un-1718"].unilateral and not regimes["un-2231"].unilateral
    for rid in ("us-russia-eo14024", "us-dprk", "us-npwmd", "eu-russia", "eu-iran-drones"):
        assert regimes[rid].unilateral, rid


def test_dprk_regimes_and_resolutions():
    ids = [r.id for r in regimes_for_country("PRK")]
    assert "un-1718" in ids and "us-dprk" in ids
    r = regime("1718")
    refs = {res.ref: res.date.isoformat() for res in r.resolutions}
    assert refs["1718"] == "2006-10-14" and refs["2397"] == "2017-12-22" and refs["2270"] == "2016-03-02"
    arms = next(m for m in r.measures if m.kind == "arms_embargo")
    assert arms.direction == "both"
    # the Panel of Experts ended, the measures did not
    kinds = {m.kind for m in r.measures_in_force("2025-01-01")}
    assert "monitoring" not in kinds and {"arms_embargo", "luxury_goods", "asset_freeze"} <= kinds
    assert "monitoring" in {m.kind for m in r.measures_in_force("2024-04-29")}


def test_iran_2231_dates_respected():
    r = regime("un-2231")
    before = {(m.kind, m.direction) for m in r.measures_in_force("2019-06-01")}
    assert ("arms_embargo", "to") in before and ("missile_technology", "both") in before
    mid = {m.kind for m in r.measures_in_force("2021-06-01")}
    assert "arms_embargo" not in mid and "missile_technology" in mid
    late = {m.kind for m in r.measures_in_force("2024-06-01")}
    assert "missile_technology" not in late
    assert not r.in_force("2025-11-01")
    ids_2021 = [x.id for x in regimes_for_country("IRN", "2021-06-01")]
    assert "un-2231" in ids_2021 and "un-1737" not in ids_2021


def test_snapback_is_contested_and_dated():
    r = regime("un-1737")
    assert r.contested and set(r.contested_by) == {"RUS", "CHN", "IRN"}
    period = r.period_on("2025-10-01")
    assert period is not None and period.contested and period.start == date(2025, 9, 27)
    assert r.period_on("2025-09-26") is None
    assert r.period_on("2010-01-01") is not None  # before Implementation Day
    assert "un-1737" in [x.id for x in regimes_for_country("IRN", date(2026, 1, 1))]


def test_programme_mapping():
    assert regimes_for_programme("un", "DPRK") == ["un-1718"]
    assert regimes_for_programme("ofac", "dprk3") == ["us-dprk"]
    assert regimes_for_programme("ofac", "RUSSIA-EO14024") == ["us-russia-eo14024"]
    assert regimes_for_programme("ofac", "SDNTK") == []


def test_bad_regime_file_is_a_named_error():
    with pytest.raises(ConfigError, match="twice"):
        parse_regimes("regimes:\n- {id: a, name: x, authority: y, unilateral: true, sources: []}\n"
                      "- {id: a, name: x, authority: y, unilateral: true, sources: []}\n")
    with pytest.raises(ConfigError, match="not a YYYY-MM-DD"):
        parse_regimes("regimes:\n- {id: a, name: x, authority: y, unilateral: true, sources: [],"
                      " validity: [{from: 'soon'}]}\n")
    with pytest.raises(ConfigError, match="unknown sanctions regime"):
        regime("nope")


@pytest.mark.parametrize("text,code", [
    ("Korea, North", "PRK"), ("Democratic People's Republic of Korea", "PRK"), ("kp", "PRK"),
    ("Iran (Islamic Republic of)", "IRN"), ("Russian Federation", "RUS"), ("Türkiye", "TUR"),
    ("United Kingdom of Great Britain and Northern Ireland", "GBR"), ("former Soviet Union", None),
])
def test_country_wordings(text, code):
    assert to_iso3(text) == code


def test_a_regime_aimed_at_a_party_targets_its_actor_code_not_the_state():
    """un-2140: the Houthis (YEMREB) are targeted, Yemen's government is not; asking for Yemen's
    regimes still finds it."""
    from wirewatch.sanctions.regimes import regime, regimes_for_country

    yemen = regime("2140")
    assert yemen.target_of("YEM", "YEMREB") == "YEMREB"
    assert yemen.target_of("YEM", "YEMGOV") is None and yemen.target_of("YEM", None) is None
    assert "un-2140" in [r.id for r in regimes_for_country("YEM", "2024-01-16")]
    assert regime("1718").target_of("PRK", "PRKGOV") == "PRK"
