"""Duplicate detection: relations between news-like texts, persistence, copy groups."""

from __future__ import annotations

import random
import re
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wirewatch.dedup import DedupIndex, copy_groups
from wirewatch.dedup.lsh import BucketTable
from wirewatch.dedup.shingles import shingle_set, token_hashes
from wirewatch.records import DupRelation
from wirewatch.textnorm import _FOLD, normalise_for_hash, words

HEADLINE = "Gunmen seize Liberian-flagged tanker in southern Red Sea, navy says"

P1 = (
    "ADEN, March 14 (Wire) - Armed men in two speedboats boarded and seized a Liberian-flagged "
    "oil tanker in the southern Red Sea early on Thursday, a coalition naval official said, in "
    "the latest attack on commercial shipping near the Bab el-Mandeb strait. The Sea Falcon, "
    "carrying about 80,000 tonnes of diesel from Jeddah to Djibouti, was taken roughly 40 "
    "nautical miles west of the port of Mokha shortly after 4 a.m. local time."
)
P2 = (
    "\"The vessel was approached at speed, warning shots were fired and at least six men climbed "
    "aboard using ladders,\" the official told reporters, speaking on condition of anonymity "
    "because he was not authorised to brief the media. The ship's operator, Athens-based "
    "Meridian Tankers, said it had lost contact with the 23 crew members, most of them "
    "Filipino nationals, and that it was working with the authorities to establish their safety."
)
P3 = (
    "No group immediately claimed responsibility. Maritime security firm Ambrey said the tanker "
    "had changed course towards the Yemeni coast after the boarding and was being shadowed by a "
    "French frigate. Insurers raised war-risk premiums for Red Sea transits last month after a "
    "series of drone strikes on bulk carriers, and several large container lines have already "
    "diverted their vessels around the Cape of Good Hope."
)
P4 = (
    "The seizure comes a week after the United Nations Security Council renewed an arms embargo "
    "on Yemen and called on all parties to refrain from actions that threaten freedom of "
    "navigation. Oil prices rose about 1 percent on the news, with Brent crude trading near "
    "$84 a barrel in Asian hours."
)
STORY = "\n\n".join([HEADLINE, P1, P2, P3, P4])

LOCAL = [
    (
        "In Manila, the Department of Migrant Workers said it had set up a crisis desk for the "
        "families of the seafarers and was in touch with the ship's manning agency in Makati. "
        "Relatives gathered at the agency's office on Thursday afternoon, some holding photos."
    ),
    (
        "The secretary of the department, speaking at a news conference, urged shipping companies "
        "to stop assigning Filipino crews to vessels bound for high-risk waters until naval "
        "escorts could be guaranteed, a call that union leaders have made for more than a year."
    ),
    (
        "About a quarter of the world's merchant sailors come from the Philippines, and their "
        "remittances are a pillar of the national economy, worth more than $30 billion a year "
        "according to central bank figures published in February."
    ),
]

REWRITE = (
    "Tanker hijacked off Yemen\n\n"
    "A diesel tanker sailing under the flag of Liberia was hijacked on Thursday in waters west of "
    "Mokha, Yemen, according to naval sources. The Sea Falcon had left Jeddah for Djibouti with a "
    "cargo of roughly 80,000 tonnes.\n\n"
    "Meridian Tankers, which runs the vessel from Athens, reported that communication with its "
    "crew of 23, mainly from the Philippines, had been cut. Witnesses described several attackers "
    "reaching the deck from small fast boats after shots were fired in warning.\n\n"
    "Nobody has said they carried out the hijacking. According to Ambrey, a security consultancy, "
    "the ship turned toward Yemen's shore and a French warship is following it. Shipping through "
    "the Bab el-Mandeb has been disrupted for months, pushing up insurance costs and prompting "
    "carriers to sail around Africa instead, while crude prices edged higher on Thursday."
)


def make_index(texts: dict[str, str], **kw) -> DedupIndex:
    return DedupIndex(lambda ids: {i: texts[i] for i in ids if i in texts}, **kw)


def add_all(idx: DedupIndex, texts: dict[str, str], ids) -> list[DupRelation]:
    out = []
    for i in ids:
        out.extend(idx.add(i, texts[i]))
    return out


def one(rels: list[DupRelation]) -> DupRelation:
    assert len(rels) == 1, rels
    return rels[0]


def test_exact_copy_with_other_whitespace_and_quotes():
    copy = STORY.replace("\"", "\u201c", 1).replace("\"", "\u201d", 1).replace("'", "\u2019")
    copy = copy.replace(". ", ".  ").replace("\n\n", "\n \n\n").replace("tanker in", "tanker\nin")
    assert copy != STORY and normalise_for_hash(copy) == normalise_for_hash(STORY)
    texts = {"orig": STORY, "copy": copy}
    idx = make_index(texts)
    assert idx.add("orig", STORY) == []
    assert one(idx.add("copy", copy)) == DupRelation(a="orig", b="copy", kind="exact", score=1.0)


def test_changed_headline_and_added_sentence_is_near():
    edited = "\n\n".join([
        "Red Sea: armed men take control of diesel tanker near Mokha",
        P1,
        P2 + " A spokesman for the Philippine foreign ministry said the embassy was monitoring the case.",
        P3,
        P4,
    ])
    texts = {"orig": STORY, "edit": edited}
    r = one(add_all(make_index(texts), texts, ["orig", "edit"]))
    assert (r.a, r.b, r.kind) == ("orig", "edit", "near")
    assert 0.8 < r.score < 1.0


def test_story_with_local_paragraphs_contains_the_story():
    local = STORY + "\n\n" + "\n\n".join(LOCAL)
    texts = {"wire": STORY, "local": local}
    for order in (["wire", "local"], ["local", "wire"]):  # a is the longer one whichever came first
        r = one(add_all(make_index(texts), texts, order))
        assert (r.a, r.b, r.kind) == ("local", "wire", "contains")
        assert r.score > 0.97


def test_shared_paragraphs_are_overlap():
    x = "\n\n".join(["Shipping insurers weigh Red Sea risk", P1, P3, LOCAL[0], LOCAL[1]])
    y = "\n\n".join(["Tanker seized as Gulf tensions rise", P1, P3, P4, LOCAL[2]])
    texts = {"x": x, "y": y}
    r = one(add_all(make_index(texts), texts, ["x", "y"]))
    assert r.kind == "overlap"
    assert 0.3 <= r.score < 0.8
    sx, sy = shingle_set(x), shingle_set(y)
    smaller = "x" if len(sx) < len(sy) else "y"
    assert r.b == smaller  # score = share of b's shingles found in a
    assert copy_groups([r], {"x": (None, 1), "y": (None, 1)}) == {"x": "x", "y": "y"}


def test_independent_rewrite_is_not_a_duplicate():
    texts = {"orig": STORY, "rewrite": REWRITE}
    assert add_all(make_index(texts), texts, ["orig", "rewrite"]) == []
    # not just missed by LSH: the exact shingle sets are far apart too
    a, b = shingle_set(STORY), shingle_set(REWRITE)
    assert len(np.intersect1d(a, b)) / len(np.union1d(a, b)) < 0.1


def test_readding_an_id_changes_nothing():
    texts = {"orig": STORY, "copy": STORY}
    idx = make_index(texts)
    idx.add("orig", STORY)
    assert idx.add("orig", STORY) == [] and idx.add("orig", "different text") == []
    assert len(idx) == 1
    assert one(idx.add("copy", STORY)).b == "copy"
    assert len(idx) == 2


def test_index_rebuilt_from_signatures_finds_the_same_relations():
    rng = random.Random(3)
    pool = [P1, P2, P3, P4, *LOCAL]
    texts = {f"n{i}": "\n\n".join(rng.sample(pool, 3)) for i in range(12)}
    texts["wire"] = STORY
    idx = make_index(texts)
    add_all(idx, texts, list(texts))
    restored = make_index(texts)
    restored.load((i, idx.signature_bytes(i)) for i in texts)
    assert len(restored) == len(idx)
    new = "\n\n".join([STORY, *LOCAL])
    texts["new"] = new

    def key(rels):
        return sorted((r.a, r.b, r.kind, r.score) for r in rels)

    got = restored.add("new", new)
    assert key(got) == key(idx.add("new", new))
    assert ("new", "wire", "contains") in {(r.a, r.b, r.kind) for r in got}
    # loading again is a no-op; a signature made with other parameters is refused
    restored.load([("wire", idx.signature_bytes("wire"))])
    assert len(restored) == len(idx)
    with pytest.raises(ValueError):
        make_index(texts, num_perm=64, bands=16).load([("x", idx.signature_bytes("wire"))])


def test_empty_text_and_missing_lookup_text():
    texts = {"orig": STORY}
    idx = make_index(texts)
    assert idx.add("empty", "  \n ") == [] and idx.add("dash", "— …") == []
    assert idx.add("ghost", STORY) == []  # first of its text
    # "ghost" is indexed but its text is gone from the store: skipped, not an error
    assert [r.a for r in idx.add("orig", STORY)] == []
    assert len(idx) == 4


def test_many_articles_grow_the_table_and_copies_are_still_found():
    rng = random.Random(7)
    vocab = sorted(set(words(" ".join([STORY, REWRITE, *LOCAL]))))
    texts = {f"r{i}": " ".join(rng.choice(vocab) for _ in range(60)) for i in range(1500)}
    texts["copy"] = texts["r10"] + " extra"
    idx = make_index(texts)
    rels = add_all(idx, texts, list(texts))
    assert [(r.a, r.b, r.kind) for r in rels] == [("r10", "copy", "near")]
    assert idx.nbytes() / len(idx) < 4096


def test_exact_copies_are_verified_once_per_text():
    texts = {f"c{i}": STORY for i in range(5)}
    asked = []

    def lookup(ids):
        asked.append(list(ids))
        return {i: texts[i] for i in ids}

    idx = DedupIndex(lookup)
    rels = add_all(idx, texts, list(texts))
    assert len(rels) == 10 and {r.kind for r in rels} == {"exact"}
    assert all(len(a) == 1 for a in asked)  # one text per exact-copy class


def test_near_copies_beyond_max_lookups_are_not_read():
    texts = {f"v{i}": STORY.replace("Thursday", f"Thursday ({i})", 1) for i in range(6)}
    asked = []

    def lookup(ids):
        asked.append(len(ids))
        return {i: texts[i] for i in ids}

    idx = DedupIndex(lookup, max_lookups=2, shingle_cache=0)  # no cache: every add reads its texts
    rels = add_all(idx, texts, list(texts))
    assert max(asked) == 2 and {r.kind for r in rels} == {"near"}
    # every copy still relates to at least one earlier one, so they form one group
    groups = copy_groups(rels, {i: ("2024-03-14", len(t)) for i, t in texts.items()})
    assert len(set(groups.values())) == 1


def test_verified_shingle_sets_are_cached():
    texts = {f"v{i}": STORY.replace("Thursday", f"Thursday ({i})", 1) for i in range(6)}
    read: list[str] = []

    def lookup(ids):
        read.extend(ids)
        return {i: texts[i] for i in ids}

    cached = add_all(DedupIndex(lookup), texts, list(texts))
    assert sorted(read) == sorted(set(read))  # each earlier text read once, then cached
    uncached = add_all(DedupIndex(lambda ids: {i: texts[i] for i in ids}, shingle_cache=0), texts, list(texts))
    assert cached == uncached


def test_add_many_matches_add():
    texts = {"wire": STORY, "local": STORY + "\n\n" + LOCAL[0] + "\n\n" + LOCAL[1], "rw": REWRITE}
    a = add_all(make_index(texts), texts, list(texts))
    b = make_index(texts).add_many(texts.items())
    assert a == b and len(a) == 1


def test_copy_groups_canonical_choice():
    rels = [
        DupRelation("a", "b", "near", 0.9),
        DupRelation("c", "b", "contains", 0.95),
        DupRelation("d", "e", "exact", 1.0),
        DupRelation("e", "f", "overlap", 0.4),  # overlap never merges
        DupRelation("x", "zz-not-in-meta", "exact", 1.0),
    ]
    meta = {
        "a": ("2024-03-14", 900),
        "b": ("2024-03-14", 1200),  # same day as a but longer
        "c": ("2024-03-15", 2000),
        "d": (None, 5000),  # undated counts as latest
        "e": ("2024-03-20", 10),
        "f": ("2024-01-01", 10),
        "x": (None, 1),
    }
    assert copy_groups(rels, meta) == {"a": "b", "b": "b", "c": "b", "d": "e", "e": "e", "f": "f", "x": "x"}
    tie = {"p": ("2024-03-14", 10), "q": ("2024-03-14", 10)}
    assert copy_groups([DupRelation("q", "p", "exact", 1.0)], tie) == {"p": "p", "q": "p"}


ids = st.sampled_from(list("abcdefgh"))
relations = st.lists(
    st.builds(DupRelation, ids, ids, st.sampled_from(["exact", "near", "contains", "overlap"]), st.just(1.0)),
    max_size=12,
)
metas = st.fixed_dictionaries(
    {
        i: st.tuples(st.one_of(st.none(), st.sampled_from(["2024-01-01", "2024-01-02"])), st.integers(1, 3))
        for i in "abcdefgh"
    }
)


@given(relations, metas, st.randoms())
@settings(max_examples=60, deadline=None)
def test_copy_groups_ignore_relation_order(rels, meta, rnd):
    groups = copy_groups(rels, meta)
    shuffled = list(rels)
    rnd.shuffle(shuffled)
    assert copy_groups(shuffled, meta) == groups
    for member, canon in groups.items():
        assert groups[canon] == canon
        members = [m for m, c in groups.items() if c == canon]
        best = min(members, key=lambda m: (meta[m][0] is None, meta[m][0] or "", -meta[m][1], m))
        assert canon == best


@given(st.integers(0, 10**6), st.integers(1, 6))
@settings(max_examples=15, deadline=None)
def test_near_score_is_the_same_in_either_order(seed, n_edits):
    rng = random.Random(seed)
    w = STORY.split(" ")
    for _ in range(n_edits):
        w[rng.randrange(len(w))] = rng.choice(["navy", "ship", "crew", "port", "oil"])
    texts = {"x": STORY, "y": " ".join(w)}
    r1 = add_all(make_index(texts), texts, ["x", "y"])
    r2 = add_all(make_index(texts), texts, ["y", "x"])
    assert [(r.kind, r.score) for r in r1] == [(r.kind, r.score) for r in r2]
    assert r1 and r1[0].kind in ("near", "exact")


@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
    | st.text("aB1_ ,.-\u2019\u201c\u00e9\u200b\u2014\n\t", max_size=60)
)
@settings(max_examples=200, deadline=None)
def test_fast_tokeniser_and_normaliser_match_textnorm(text):
    # the hashing view without its ASCII fast path: fold everything, collapse with a regex
    reference = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()).strip()
    assert normalise_for_hash(text) == reference
    # same tokens as words(): hashing the joined words gives the same hashes
    assert np.array_equal(token_hashes(text), token_hashes(" ".join(words(text))))
    assert len(token_hashes(text)) == len(words(text))


@given(st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=8), max_size=120), st.integers(0, 2**20))
@settings(max_examples=60, deadline=None)
def test_bucket_table_is_a_multimap(batches, salt):
    # few distinct keys in a 64-row table: rows fill up, spill over and wrap around
    rng = np.random.default_rng(salt)
    keyspace = rng.integers(0, 2**63, size=41, dtype=np.uint64)
    keyspace[:8] = (keyspace[:8] & ~np.uint64(63)) | np.uint64(63)  # 8 keys share the last row
    table, ref = BucketTable(rows=64), {}
    for value, batch in enumerate(batches):
        keys = keyspace[sorted(set(batch))]
        if value % 3 == 0:
            table.insert(keys, np.full(len(keys), value))
        else:
            table.insert_at(*table.locate(keys), value)
        for k in keys.tolist():
            ref.setdefault(k, []).append(value)
    assert table.entries <= 64 * 16
    for k in keyspace.tolist():
        got = sorted(table.query(np.array([k], dtype=np.uint64)).tolist())
        assert got == sorted(ref.get(k, []))


def test_bucket_table_refuses_to_overfill():
    table = BucketTable(rows=64)
    keys = np.arange(64 * 16, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    table.insert(keys, np.zeros(len(keys), dtype=np.int32))
    with pytest.raises(RuntimeError):
        table.insert_at(*table.locate(keys[:1]), 1)
