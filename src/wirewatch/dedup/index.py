"""Streaming near-duplicate index: MinHash signatures + LSH buckets, exact verification.

Parameters, and why (measured on the synthetic corpus of ``bench/dedup.py``):

* 3-word shingles. A scattered 5% word edit touches up to 3 shingles per edit with k=3 but 5
  with k=5: Jaccard 0.76-0.78 (k=3) vs 0.62-0.66 (k=5); 10% edits 0.60-0.63 vs 0.42-0.46.
  Containment (text + 300 words) is ~0.6-0.67 whatever k. Unrelated articles stay far below
  (synthetic mean 0.004, max 0.012 at k=3; real news shares more stock trigrams, but every
  candidate is verified, so that only costs time).
* 126 permutations = 42 bands x 3 rows. P(candidate) = 1 - (1 - J**3)**42: 0.94 at J=0.4,
  0.996 at J=0.5, > 0.9999 at J=0.6, but ~4e-5 at J=0.01, i.e. a few stray candidates per query
  at 100k articles. 4 rows x 32 bands would give only 0.87 at J=0.5 and 0.99 at J=0.6.
* Candidates are first screened on their signatures (estimated best containment >= 0.15, using
  the stored shingle counts) and then verified on exact shingle sets of the texts fetched with
  ``lookup``. Scores and kinds come only from that exact comparison.

* Exact-copy classes: copies of one normalised text have the same shingle set, so a new article
  reads one text per class and copies its verdict to the other members (a wire story
  republished 300 times costs one lookup, not 300). ``max_lookups`` caps texts read per add.

* Verified shingle sets are kept for the ``shingle_cache`` most recently compared articles:
  an article on a busy story is a candidate of most later ones, and re-reading and
  re-hashing its text each time was most of the stage's work.

Memory per article: signature 504 B (+ up to 50% growth slack) + 2 x 4 B (shingle count,
exact-copy class) + 42 bucket entries of 8 B at table load 0.35-0.7 (11-23 B each) + the id in
a list and a dict (~150 B): ~1.3-1.7 KiB; ``nbytes()`` reports it.
"""

from __future__ import annotations

import struct
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import rensa

from wirewatch.dedup.lsh import BucketTable
from wirewatch.dedup.shingles import (
    SHINGLE_WORDS,
    intersection_sizes,
    shingle_hashes,
    shingle_set,
    sorted_unique,
    token_hashes,
)
from wirewatch.records import DupRelation
from wirewatch.textnorm import normalise_for_hash

Lookup = Callable[[Sequence[str]], Mapping[str, str]]

# magic, format version, rensa's MinHash algorithm version, shingle words, num_perm, seed, shingle
# count: a signature is only comparable with one made by the same algorithm and parameters
_HEADER = struct.Struct("<3sBBBHII")
_MAGIC = b"WWm"
_VERSION = 1
_ALGO = int(getattr(rensa.RMinHash, "ALGORITHM_VERSION", 0)) & 0xFF
_EMPTY = np.uint32(0xFFFFFFFF)  # signature of a text without words: never bucketed


class DedupIndex:
    """Finds exact / near / contains / overlap relations between each new article and all earlier ones.

    Holds signatures and buckets only; texts are fetched through ``lookup`` for the (few)
    candidates. For symmetric kinds ``a`` is the earlier article and ``b`` the new one; for
    ``contains`` ``a`` contains ``b``; for ``overlap`` ``a`` has more shingles and the score is
    the fraction of ``b``'s shingles found in ``a``.
    """

    def __init__(
        self,
        lookup: Lookup,
        *,
        num_perm: int = 126,
        bands: int = 42,
        shingle_words: int = SHINGLE_WORDS,
        seed: int = 1729,
        near_threshold: float = 0.5,
        contains_threshold: float = 0.8,
        contains_ratio: float = 1.2,
        overlap_threshold: float = 0.2,
        prefilter: float = 0.15,
        max_lookups: int = 200,
        shingle_cache: int = 4096,
    ):
        if num_perm % bands:
            raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
        self.lookup = lookup
        self.num_perm, self.bands, self.rows = num_perm, bands, num_perm // bands
        self.k, self.seed = shingle_words, seed
        self.near_threshold = near_threshold  # Jaccard; 10% edits measure >= 0.6, rewrites < 0.2
        self.contains_threshold = contains_threshold  # share of b's shingles found in a
        self.contains_ratio = contains_ratio  # |a| >= ratio*|b|: a sentence added stays "near"
        # one paragraph of four shared scores ~0.25; independent articles on one story (shared
        # names, a quote) measure < 0.1. LSH finds pairs this far apart only sometimes (J ~0.15)
        self.overlap_threshold = overlap_threshold
        self.prefilter = prefilter  # estimated containment below which a candidate is dropped unread
        # texts fetched per add at most (best estimates first): a story syndicated to hundreds of
        # outlets with small edits would otherwise make every new copy read every earlier one;
        # copies left unread still join the group through the ones that were read
        self.max_lookups = max_lookups
        # article number -> its exact shingle set, least recently used first (~5 KB each)
        self._sets: OrderedDict[int, np.ndarray] = OrderedDict()
        self._sets_max = shingle_cache
        rng = np.random.default_rng(seed)
        # per-row multipliers and per-band offsets that turn r signature values into a band key
        self._band_mul = rng.integers(1, 2**63, size=self.rows, dtype=np.uint64) | np.uint64(1)
        self._band_off = rng.integers(0, 2**63, size=bands, dtype=np.uint64)
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._sig = np.zeros((0, num_perm), dtype=np.uint32)
        self._size = np.zeros(0, dtype=np.uint32)  # shingle count (with repeats): set-size estimate
        # number of the first article with the same normalised text (itself if none): copies of
        # one text share every score, so a new article is verified against one text per class
        self._cls = np.zeros(0, dtype=np.int32)
        self._table = BucketTable()

    # -- public API ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._pos

    def add(self, article_id: str, text: str) -> list[DupRelation]:
        """Relations of this article with every article indexed before it; then index it."""
        if article_id in self._pos:
            return []
        sh = shingle_hashes(token_hashes(text), self.k)
        sig = self._signature(sh)
        rels: list[DupRelation] = []
        cls = -1
        located = occ = None
        if len(sh):
            keys = sig.reshape(self.bands, self.rows) @ self._band_mul  # as _band_keys, for one
            keys += self._band_off
            located = self._table.locate(keys)
            cands, occ = self._table.query_at(*located)
            if len(cands):
                rels, cls = self._verify(article_id, text, sh, sig, cands)
        # index only after verifying: if lookup raises, the article can simply be added again
        self._append(article_id, sig, len(sh), cls)
        if located is not None:
            num = len(self._ids) - 1
            if self._table.needs_grow(self.bands):
                self._rebuild(self.bands)
                located, occ = self._table.locate(self._band_keys(sig[None, :])[0]), None
            self._table.insert_at(*located, num, occ)
        return rels

    def add_many(self, items: Iterable[tuple[str, str]]) -> list[DupRelation]:
        """``add`` for each (id, text) in order; relations between items of the batch included.

        A plain loop: hashing a batch of texts in one numpy pass was measured no faster (at
        ~4 KB per article the per-character work, not per-call overhead, dominates hashing).
        """
        out: list[DupRelation] = []
        for article_id, text in items:
            out.extend(self.add(article_id, text))
        return out

    def signature_bytes(self, article_id: str) -> bytes:
        """Compact serialisation (16-byte header + 4 B per permutation) for ``load``."""
        i = self._pos[article_id]
        head = _HEADER.pack(_MAGIC, _VERSION, _ALGO, self.k, self.num_perm, self.seed, int(self._size[i]))
        return head + self._sig[i].astype("<u4").tobytes()

    def load(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Index stored signatures (no texts needed). Ids already indexed are skipped.

        Parsed in one numpy pass over the concatenated blobs (100k signatures load in ~2 s incl.
        bucketing), since a restart loads every stored signature.
        """
        ids: list[str] = []
        blobs: list[bytes] = []
        seen = set(self._pos)
        for article_id, blob in items:
            if article_id not in seen:
                seen.add(article_id)
                ids.append(article_id)
                blobs.append(bytes(blob))
        if not ids:
            return
        width = _HEADER.size + 4 * self.num_perm
        mine = _HEADER.pack(_MAGIC, _VERSION, _ALGO, self.k, self.num_perm, self.seed, 0)[:12]
        raw = b"".join(blobs)
        if len(raw) != width * len(ids) or any(len(b) != width for b in blobs):
            bad = next(i for i, b in zip(ids, blobs) if len(b) != width or b[:12] != mine)
            raise ValueError(self._refusal(bad, blobs[ids.index(bad)]))
        rec = np.frombuffer(raw, dtype=np.uint8).reshape(len(ids), width)
        wrong = np.flatnonzero((rec[:, :12] != np.frombuffer(mine, dtype=np.uint8)).any(axis=1))
        if len(wrong):
            raise ValueError(self._refusal(ids[wrong[0]], blobs[wrong[0]]))
        words = rec.view("<u4")  # header is 16 bytes: word 3 is the shingle count
        sizes = words[:, 3].astype(np.uint32)
        start, n = len(self._ids), len(ids)
        self._reserve(start + n)
        self._sig[start : start + n] = words[:, 4:]
        self._size[start : start + n] = sizes
        # exact-copy classes are not stored; each loaded article starts as its own class
        self._cls[start : start + n] = np.arange(start, start + n, dtype=np.int32)
        self._pos.update(zip(ids, range(start, start + n)))
        self._ids.extend(ids)
        live = start + np.flatnonzero(sizes > 0)
        if self._table.needs_grow(len(live) * self.bands):
            self._rebuild(len(live) * self.bands, skip_from=start)
        self._bucket(live)

    def _refusal(self, article_id: str, blob: bytes) -> str:
        try:
            magic, version, algo, k, num_perm, seed, _ = _HEADER.unpack_from(blob)
        except struct.error:
            return f"{article_id}: not a dedup signature (too short)"
        if magic != _MAGIC or version != _VERSION:
            return f"{article_id}: not a dedup signature (version {version})"
        if algo != _ALGO:
            return (
                f"{article_id}: signature made by rensa MinHash algorithm {algo}, "
                f"this one is {_ALGO} (re-add the texts instead)"
            )
        return (
            f"{article_id}: signature made with shingle_words={k}, num_perm={num_perm}, seed={seed}; "
            f"this index uses {self.k}, {self.num_perm}, {self.seed} (re-add the texts instead)"
        )

    def nbytes(self) -> int:
        """Approximate memory held: numpy buffers (allocated capacity), id list, dict and strings."""
        n = self._sig.nbytes + self._size.nbytes + self._cls.nbytes + self._table.nbytes
        n += sys.getsizeof(self._ids) + sys.getsizeof(self._pos)
        return n + sum(sys.getsizeof(i) for i in self._ids)

    # -- internals ----------------------------------------------------------------------------

    def _signature(self, sh: np.ndarray) -> np.ndarray:
        """MinHash signature of shingle hashes, as uint64 (what the band keys are computed in)."""
        if not len(sh):
            return np.full(self.num_perm, _EMPTY, dtype=np.uint64)
        m = rensa.RMinHash.digest_matrix_from_flat_token_hashes(
            sh, np.array([0, len(sh)], dtype=np.uint64), self.num_perm, self.seed
        )
        return np.array(m.to_rows()[0], dtype=np.uint64)

    def _band_keys(self, sig: np.ndarray) -> np.ndarray:
        """(n, num_perm) signatures -> (n, bands) uint64 bucket keys, distinct per band."""
        # minhash values are uniform, so a random linear combination (mod 2**64) is already a good
        # hash: low bits pick the row, high bits the fingerprint
        s = sig.reshape(len(sig), self.bands, self.rows).astype(np.uint64)
        return s @ self._band_mul + self._band_off

    def _reserve(self, n: int) -> None:
        cap = len(self._sig)
        if n <= cap:
            return
        new = max(n, 1024, cap + cap // 2)  # x1.5: amortised O(1) appends, less slack than x2
        for name in ("_sig", "_size", "_cls"):
            old = getattr(self, name)
            arr = np.zeros((new, *old.shape[1:]), dtype=old.dtype)
            arr[:cap] = old
            setattr(self, name, arr)

    def _append(self, article_id: str, sig: np.ndarray, size: int, cls: int) -> None:
        i = len(self._ids)
        self._reserve(i + 1)
        self._sig[i] = sig
        self._size[i] = min(size, 0xFFFFFFFF)
        self._cls[i] = i if cls < 0 else cls
        self._pos[article_id] = i
        self._ids.append(article_id)

    def _rebuild(self, extra: int, skip_from: int | None = None) -> None:
        """Grow the bucket table: re-bucket every indexed article from its signature.

        ``extra`` entries are about to be added by the caller; articles numbered ``skip_from``
        and up are left for the caller to insert.
        """
        end = len(self._ids) if skip_from is None else skip_from
        live = np.flatnonzero(self._size[:end] > 0)
        if skip_from is None:
            live = live[live < len(self._ids) - 1]  # add(): the new article is inserted by the caller
        self._table.reset(extra + len(live) * self.bands)
        self._bucket(live)

    def _bucket(self, nums: np.ndarray) -> None:
        """Insert the band keys of articles ``nums`` (in chunks: keys of 100k articles are 34 MB)."""
        for i in range(0, len(nums), 65536):
            part = nums[i : i + 65536]
            keys = self._band_keys(self._sig[part]).reshape(-1)
            self._table.insert(keys, np.repeat(part.astype(np.int32), self.bands))

    def _verify(
        self, article_id: str, text: str, sh: np.ndarray, sig: np.ndarray, cands: np.ndarray
    ) -> tuple[list[DupRelation], int]:
        """Screen candidates on signatures, then classify on exact shingle sets.

        Returns the relations and the exact-copy class the new article joins (-1: its own).
        """
        cands = sorted_unique(cands)
        est_j = np.count_nonzero(self._sig[cands] == sig, axis=1) / self.num_perm
        n_new = max(len(sh), 1)
        n_old = np.maximum(self._size[cands], 1)
        # |A ∩ B| ~ J / (1 + J) * (|A| + |B|); keep if either side could be mostly inside the other
        inter = est_j / (1 + est_j) * (n_new + n_old)
        est = inter / np.minimum(n_new, n_old)
        keep = est >= self.prefilter
        cands, est = cands[keep], est[keep]
        if not len(cands):
            return [], -1
        # one text per exact-copy class: its members have the same shingle set, hence the same scores
        classes: dict[int, list[int]] = {}
        for c in cands.tolist():
            classes.setdefault(int(self._cls[c]), []).append(c)
        if len(classes) > self.max_lookups:
            best = dict(zip(cands.tolist(), est.tolist()))
            ranked = sorted(classes, key=lambda cl: -best[classes[cl][0]])[: self.max_lookups]
            classes = {cl: classes[cl] for cl in ranked}
        reps = {members[0]: cl for cl, members in classes.items()}
        sets, texts = self._shingle_sets(list(reps))
        mine = sorted_unique(sh)
        present = [rep for rep in reps if rep in sets]  # the others are gone from the store
        inters = intersection_sizes(mine, [sets[rep] for rep in present])
        mine_norm: str | None = None
        rels: list[DupRelation] = []
        joined = -1
        for rep, inter in zip(present, inters.tolist()):
            cl = reps[rep]
            kind, new_is_a, score = self._classify(len(mine), len(sets[rep]), inter)
            if kind == "exact":
                mine_norm = mine_norm if mine_norm is not None else normalise_for_hash(text)
                rep_id = self._ids[rep]
                other_text = texts[rep_id] if rep_id in texts else self.lookup([rep_id]).get(rep_id)
                if other_text is None:
                    continue
                if normalise_for_hash(other_text) == mine_norm:
                    joined = cl if joined < 0 else min(joined, cl)
                else:
                    kind = "near"  # same shingles, different punctuation
            if kind is None:
                continue
            for m in classes[cl]:
                old = self._ids[m]
                a, b = (article_id, old) if new_is_a else (old, article_id)
                rels.append(DupRelation(a=a, b=b, kind=kind, score=score))
        return rels, joined

    def _shingle_sets(self, nums: list[int]) -> tuple[dict[int, np.ndarray], Mapping[str, str]]:
        """Exact shingle sets of these articles (those still in the store), and the texts read
        for them: cached sets first, then the texts of the rest through ``lookup``."""
        found: dict[int, np.ndarray] = {}
        for num in nums:
            cached = self._sets.get(num)
            if cached is not None:
                self._sets.move_to_end(num)
                found[num] = cached
        missing = [num for num in nums if num not in found]
        texts = self.lookup([self._ids[num] for num in missing]) if missing else {}
        for num in missing:
            text = texts.get(self._ids[num])
            if text is not None:
                found[num] = self._sets[num] = shingle_set(text, self.k)
        while len(self._sets) > self._sets_max:
            self._sets.popitem(last=False)
        return found, texts

    def _classify(self, n_new: int, n_old: int, inter: int) -> tuple[str | None, bool, float]:
        """(kind, whether the new article is ``a``, score) from the sizes of two exact shingle
        sets (new, old) and of their intersection."""
        if not inter:
            return None, False, 0.0
        if inter == n_new == n_old:
            return "exact", False, 1.0
        in_old = inter / n_new  # share of the new article found in the old one
        in_new = inter / n_old
        if in_new >= self.contains_threshold and n_new >= self.contains_ratio * n_old:
            return "contains", True, round(in_new, 4)
        if in_old >= self.contains_threshold and n_old >= self.contains_ratio * n_new:
            return "contains", False, round(in_old, 4)
        jac = inter / (n_new + n_old - inter)
        if jac >= self.near_threshold:
            return "near", False, round(jac, 4)
        if n_new > n_old:
            if in_new >= self.overlap_threshold:
                return "overlap", True, round(in_new, 4)
        elif in_old >= self.overlap_threshold:
            return "overlap", False, round(in_old, 4)
        return None, False, 0.0
