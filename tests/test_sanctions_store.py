"""Sanctions tables of the store: versions, one active list per source, all-or-nothing loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wirewatch.errors import InputError, StoreError
from wirewatch.sanctions.loaders import load_list
from wirewatch.sanctions.records import ListedParty

FIX = Path(__file__).parent / "fixtures" / "sanctions"


def _store_file(store, path, fmt=None):
    load = load_list(path, fmt)
    return store.replace_list(load.source, load.path, load.parties, fmt=load.format, skipped=load.skipped)


def test_replace_list_activates_new_version(store):
    first = _store_file(store, FIX / "un_small.xml")
    second = _store_file(store, FIX / "un_small.xml")
    versions = store.list_versions("un")
    assert [v["id"] for v in versions] == [second, first]
    assert [v["active"] for v in versions] == [True, False]
    assert len(store.listed_parties(source="un")) == 3


def test_sources_are_independent_and_filterable(store):
    _store_file(store, FIX / "un_small.xml")
    _store_file(store, FIX / "ofac" / "sdn.csv")
    _store_file(store, FIX / "ftm_small.json")
    assert store.count_listed_parties() == {"ofac": 2, "opensanctions": 1, "un": 3}
    assert {p.list_ref for p in store.listed_parties(regime="un-1718")} == {"KPi.901", "KPe.901"}
    assert [p.list_ref for p in store.listed_parties(source="ofac", regime="us-dprk")] == ["OFAC-102"]


def test_round_trip_through_store(store):
    load = load_list(FIX / "un_small.xml")
    store.replace_list("un", load.path, load.parties)
    assert {p.list_ref: p for p in store.listed_parties()} == {p.list_ref: p for p in load.parties}


def test_broken_file_keeps_previous_version_active(store, tmp_path):
    _store_file(store, FIX / "un_small.xml")
    text = (FIX / "un_small.xml").read_text()
    bad = tmp_path / "consolidated.xml"
    bad.write_text(text[: len(text) // 3])
    with pytest.raises(InputError):
        _store_file(store, bad)
    versions = store.list_versions("un")
    assert len(versions) == 1 and versions[0]["active"]
    assert len(store.listed_parties(source="un")) == 3


def test_failed_write_rolls_back(store):
    _store_file(store, FIX / "un_small.xml")
    dup = ListedParty(list_ref="X.1", source="un", kind="person", name="A")
    with pytest.raises(StoreError):
        store.replace_list("un", "dup.xml", [dup, dup])
    assert [v["entries"] for v in store.list_versions("un")] == [3]
    assert len(store.listed_parties(source="un")) == 3


def test_old_versions_keep_only_bookkeeping(store):
    for _ in range(4):
        _store_file(store, FIX / "un_small.xml")
    rows = store.conn.execute("SELECT list_id, COUNT(*) FROM sanctions_parties GROUP BY list_id").fetchall()
    assert len(rows) == 2  # the active version and the one before it
    assert len(store.list_versions("un")) == 4


def test_unknown_source_is_refused(store):
    with pytest.raises(StoreError, match="unknown sanctions source"):
        store.replace_list("interpol", "x", [])


names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(names, st.lists(st.tuples(names, st.sampled_from(["Good", "Low", "aka"])), max_size=3)),
                min_size=1, max_size=5))
def test_any_names_round_trip(tmp_path_factory, rows):
    from wirewatch.store import open_store

    store = open_store(tmp_path_factory.mktemp("h") / "h.db")
    try:
        parties = [ListedParty(list_ref=f"T.{i}", source="ofac", kind="person", name=n, aliases=a)
                   for i, (n, a) in enumerate(rows)]
        store.replace_list("ofac", "gen", parties)
        assert store.listed_parties() == parties
    finally:
        store.close()
