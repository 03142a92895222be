from __future__ import annotations

import sqlite3

import pytest

from conftest import WIRE
from wirewatch.errors import StoreError
from wirewatch.ingest.raw import RawArticle, build_article
from wirewatch.records import DupRelation
from wirewatch.store import open_store


def art(text=WIRE, url="https://n.example/1", **kw):
    return build_article(RawArticle(item="t", text=text, url=url, **kw))


def test_schema_is_migrated_once_and_datasette_friendly(tmp_path):
    s = open_store(tmp_path / "a.db")
    version = s.schema_version()
    assert version >= 1
    s.close()
    s = open_store(tmp_path / "a.db")
    assert s.migrate() == [] and s.schema_version() == version
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    fks = s.conn.execute("PRAGMA foreign_key_list(dup_relations)").fetchall()
    assert {row["table"] for row in fks} == {"articles"}
    s.close()


def test_idempotent_add_and_roundtrip(store):
    a = art(title="T", published="2023-11-22")
    assert store.add_article(a) == "added"
    assert store.add_article(art(title="T", published="2023-11-22")) == "exists"
    assert store.count_articles() == 1
    back = store.get_article(a.id)
    assert back.to_dict() == a.to_dict()


def test_same_url_changed_text_is_a_new_version(store):
    first = art()
    second = art(text=WIRE + "\n\nUpdate: Japan also protested the launch through diplomatic channels.")
    store.add_article(first)
    assert store.add_article(second) == "version"
    assert store.get_article(second.id).version_of == first.id
    assert store.count_articles() == 2


def test_full_text_search(store):
    store.add_article(art())
    store.add_article(art(text="Houthi forces seized the cargo ship Galaxy Leader in the Red Sea on Sunday, officials said.", url="https://n.example/2"))
    hits = store.search("Malligyong")
    assert len(hits) == 1 and "Malligyong" in hits[0].text
    assert [a.url for a in store.search("galaxy leader")] == ["https://n.example/2"]
    with pytest.raises(StoreError):
        store.search('"unbalanced')


def test_transaction_rolls_back_everything(store):
    a, b = art(), art(url="https://n.example/other")
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_article(a)
            store.add_article(b)
            raise RuntimeError("crash mid-batch")
    assert store.count_articles() == 0


def test_prefix_lookup_and_pending(store):
    a = art()
    store.add_article(a)
    assert store.find_article(a.id[:6]).id == a.id
    assert store.find_article("abc") is None
    assert store.pending("dedup") == [a.id]
    store.mark_done("dedup", [a.id])
    assert store.pending("dedup") == []


def test_relations_need_existing_articles(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.add_dup_relations([DupRelation(a="nope", b="nada", kind="exact", score=1.0)])


def test_not_a_database(tmp_path):
    bad = tmp_path / "x.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(bad)


def test_missing_folder(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "x.db")


from hypothesis import HealthCheck, given, settings as hsettings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_words = st.lists(st.sampled_from("Pyongyang Moscow said the talks on arms were advancing “quickly” — officials U.N. sanctions".split()),
                  min_size=12, max_size=60).map(" ".join)


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_words, min_size=1, max_size=6), order=st.randoms())
def test_ingest_is_idempotent_in_any_order(tmp_path_factory, texts, order):
    """Ingesting the same batch again — in any order, with whitespace changed — adds nothing."""
    from wirewatch import pipeline
    from wirewatch.config import Settings

    folder = tmp_path_factory.mktemp("idem")
    for i, t in enumerate(texts):
        (folder / f"{i}.txt").write_text(t)
    s = open_store(folder / "s.db")
    first = pipeline.ingest(s, [str(folder)], Settings())
    count = s.count_articles()
    from wirewatch.textnorm import text_hash, words

    accepted = {text_hash(t) for t in texts if len(words(t)) >= 10}  # shorter ones are rejected
    assert count == len(accepted) == first.added
    for p in folder.glob("*.txt"):  # reformat: same words, different spacing and line breaks
        p.write_text("  " + p.read_text().replace(" ", "\n", 1) + "\n\n")
    files = sorted(str(p) for p in folder.glob("*.txt"))
    order.shuffle(files)
    again = pipeline.ingest(s, files, Settings())
    assert again.added == 0 and s.count_articles() == count
    s.close()
