"""Benchmark of the dedup stage on synthetic articles (not a test: prints figures).

    python bench/dedup.py --n 100000 --seed 1

Generates ``n`` articles of ~600 words (pseudo-words from a Zipf-weighted vocabulary, in
sentences and paragraphs, with a headline), of which a fraction are injected derivatives of
distinct originals: exact copies (re-spaced), 1%/5%/10% scattered word edits (replace / insert /
delete), containment (original + ~300 new words, appended or prepended), and, as negatives,
"related" articles: independently written on the same story (15% of their words are the
original's rarer words, plus one shared 12-word quote). ``--curly`` gives a fraction of the
articles typographic quotes and dashes. Ingestion order is shuffled, so a copy can arrive before
its original. The dedup stage is then run the way the pipeline runs it: one ``DedupIndex.add``
per article, with texts in a dict used as ``lookup``.

Prints throughput (dedup stage only; generation excluded) per wall second and per CPU second
(this machine is shared), peak RSS, index bytes per article (``DedupIndex.nbytes()``: allocated
numpy buffers + id list/dict/strings, i.e. what the index holds; also the RSS growth during the
stage), a restart (serialise all signatures, ``load`` them into a fresh index), and
recall/precision per injected kind. Precision counts every relation that is not an injected
copy pair (including any on "related" pairs) as a false positive.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from wirewatch.dedup import DedupIndex  # noqa: E402

KINDS = ("exact", "edit1", "edit5", "edit10", "contains", "related")
# "related": an independent article on the same story (shares its names and one quote): no relation
EXPECTED = {
    "exact": "exact", "edit1": "near", "edit5": "near", "edit10": "near", "contains": "contains", "related": None,
}
SYLLABLES = [a + b for a in "bcdfghjklmnprstvwz" for b in ("a", "e", "i", "o", "u", "ai", "ou", "ea")]


class Generator:
    """Seeded source of word-realistic synthetic articles."""

    def __init__(self, seed: int, vocab_size: int = 5000, zipf_s: float = 1.05):
        self.rng = random.Random(seed)
        self.nprng = np.random.default_rng(seed)
        vocab: set[str] = set()
        while len(vocab) < vocab_size:
            n = self.rng.choice((1, 2, 2, 2, 3, 3, 4))
            stem = "".join(self.rng.choice(SYLLABLES) for _ in range(n))
            vocab.add(stem + self.rng.choice(("", "", "n", "s", "r", "t")))
        self.vocab = np.array(sorted(vocab, key=lambda w: (len(w), w)), dtype=object)  # short words common
        weights = 1.0 / np.arange(1, vocab_size + 1) ** zipf_s
        self.cdf = np.cumsum(weights / weights.sum())

    def words(self, n: int) -> list[str]:
        idx = np.searchsorted(self.cdf, self.nprng.random(n))
        return self.vocab[np.minimum(idx, len(self.vocab) - 1)].tolist()

    def structure(self, n_words: int) -> tuple[list[int], list[int]]:
        """Sentence lengths summing to n_words, and sentences per paragraph."""
        sents = []
        left = n_words
        while left > 0:
            k = min(left, self.rng.randint(8, 28))
            sents.append(k)
            left -= k
        paras = []
        left = len(sents)
        while left > 0:
            k = min(left, self.rng.randint(2, 5))
            paras.append(k)
            left -= k
        return sents, paras

    def article(self, n_words: int | None = None) -> dict:
        n = n_words or self.rng.randint(450, 750)
        sents, paras = self.structure(n)
        return {"head": self.words(self.rng.randint(6, 11)), "words": self.words(n), "sents": sents, "paras": paras}

    def render(self, art: dict, spacing: str = " ") -> str:
        out = [" ".join(art["head"]).title()]
        w = art["words"]
        pos = 0
        si = 0
        for np_ in art["paras"]:
            para = []
            for ln in art["sents"][si : si + np_]:
                s = w[pos : pos + ln]
                pos += ln
                if not s:
                    continue
                if len(s) > 6 and self.rng.random() < 0.4:
                    c = self.rng.randint(2, len(s) - 3)
                    s = s[:c] + [s[c] + ","] + s[c + 1 :]
                para.append(s[0].capitalize() + spacing + spacing.join(s[1:]) + ".")
            si += np_
            if para:
                out.append(spacing.join(para))
        return "\n\n".join(out)

    def edited(self, art: dict, frac: float) -> dict:
        """Scattered word edits: ~frac * words operations, each a replace, insert or delete."""
        w = list(art["words"])
        sents = list(art["sents"])
        owner = [i for i, ln in enumerate(sents) for _ in range(ln)]  # sentence of each word
        for _ in range(max(1, round(frac * len(w)))):
            i = self.rng.randrange(len(w))
            op = self.rng.random()
            if op < 0.5:
                w[i] = self.words(1)[0]
            elif op < 0.75:
                w.insert(i, self.words(1)[0])
                owner.insert(i, owner[i])
                sents[owner[i]] += 1
            elif sents[owner[i]] > 1:
                del w[i]
                sents[owner.pop(i)] -= 1
        return {**art, "words": w, "sents": sents}

    def related(self, art: dict) -> dict:
        """An independently written article on the same story: new text, but 15% of its words are
        the original's rarer words (names, places, terms) and it quotes one 12-word sentence."""
        w = art["words"]
        rare = sorted(set(w), key=lambda x: (-len(x), x))[:25]
        new = self.article()
        nw = [self.rng.choice(rare) if self.rng.random() < 0.15 else x for x in new["words"]]
        i = self.rng.randrange(max(1, len(w) - 12))
        j = self.rng.randrange(max(1, len(nw) - 12))
        nw[j : j + 12] = w[i : i + 12]
        return {**new, "words": nw}

    def containing(self, art: dict, extra: int = 300) -> dict:
        """The article plus ~extra new words of whole paragraphs, before or after it."""
        more = self.article(extra)
        if self.rng.random() < 0.5:
            return {
                "head": art["head"],
                "words": art["words"] + more["words"],
                "sents": art["sents"] + more["sents"],
                "paras": art["paras"] + more["paras"],
            }
        # prepended: the new paragraphs come first, under a new headline
        return {
            "head": more["head"],
            "words": more["words"] + art["head"] + art["words"],
            "sents": more["sents"] + [len(art["head"])] + art["sents"],
            "paras": more["paras"] + [1] + art["paras"],
        }


def curlify(text: str) -> str:
    """Typographic punctuation as in real copy (exercises the non-ASCII tokeniser path)."""
    text = text.replace(", ", "\u2019s, ", 2).replace(", ", " \u2014 ", 1)
    head, _, rest = text.partition("\n\n")
    return head + "\n\n\u201c" + rest.replace(". ", ".\u201d ", 1)


Truth = dict[frozenset, tuple[str, str, str]]  # {pair: (kind, derived id, original id)}


def generate(
    n: int, seed: int, rate: float, curly: float = 0.0, extra: int = 300
) -> tuple[dict[str, str], list[str], Truth]:
    """Texts by id, ingestion order, and the injected pairs {frozenset: (kind, derived, original)}."""
    g = Generator(seed)
    n_inj = max(1, int(n * rate))
    n_orig = n - n_inj * len(KINDS)
    texts: dict[str, str] = {}
    arts = []
    curled: set[str] = set()
    for i in range(n_orig):
        aid = f"o{i:07d}"
        art = g.article()
        arts.append((aid, art))
        texts[aid] = g.render(art)
        if g.rng.random() < curly:
            texts[aid] = curlify(texts[aid])
            curled.add(aid)
    bases = g.rng.sample(range(n_orig), n_inj * len(KINDS))  # distinct originals: clean ground truth
    truth: Truth = {}
    for j, b in enumerate(bases):
        kind = KINDS[j % len(KINDS)]
        bid, art = arts[b]
        did = f"d{j:07d}"
        if kind == "exact":
            t = texts[bid].replace(" ", "  ").replace("\n\n", "\n\n\n")  # same normalised text
        elif kind == "related":
            t = g.render(g.related(art))
        elif kind == "contains":
            t = g.render(g.containing(art, extra))
        else:
            t = g.render(g.edited(art, {"edit1": 0.01, "edit5": 0.05, "edit10": 0.10}[kind]))
        if bid in curled and kind != "exact":
            t = curlify(t)
        texts[did] = t
        truth[frozenset((did, bid))] = (kind, did, bid)
    order = list(texts)
    g.rng.shuffle(order)
    return texts, order, truth


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rate", type=float, default=0.02, help="injected pairs per kind, as a fraction of n")
    ap.add_argument("--curly", type=float, default=0.0, help="fraction of articles with curly quotes/dashes")
    ap.add_argument("--extra", type=int, default=300, help="words added to make a containing article")
    args = ap.parse_args()

    t0 = time.perf_counter()
    texts, order, truth = generate(args.n, args.seed, args.rate, args.curly, args.extra)
    t_gen = time.perf_counter() - t0
    words = sum(len(t.split()) for t in texts.values()) / len(texts)
    print(f"generated {len(texts)} articles (~{words:.0f} words) in {t_gen:.1f}s; {len(truth)} injected pairs")

    fetched = [0, 0]

    def lookup(ids):  # the pipeline passes a store query here
        fetched[0] += 1
        fetched[1] += len(ids)
        return {i: texts[i] for i in ids if i in texts}

    idx = DedupIndex(lookup)
    gc.collect()
    rss0 = current_rss_mib()
    rels = []
    t0, c0 = time.perf_counter(), time.process_time()
    for aid in order:
        rels.extend(idx.add(aid, texts[aid]))
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss1 = current_rss_mib()
    # CPU time too: on a shared machine wall time depends on what else runs
    print(f"dedup stage: {len(order) / dt:,.0f} articles/s wall ({dt:.1f}s for {len(order)}), "
          f"{len(order) / cpu:,.0f} articles per CPU-second; load average {os.getloadavg()[0]:.1f}")
    print(f"lookup called for {fetched[0] / len(order):.1%} of articles, {fetched[1]} texts fetched")
    print(f"index: {idx.nbytes() / len(idx):,.0f} B/article (DedupIndex.nbytes: numpy buffers + id dict/list); "
          f"RSS growth during stage {(rss1 - rss0) * 2**20 / len(idx):,.0f} B/article")
    print(f"peak RSS {rss_mib():,.0f} MiB (texts of the whole corpus included; RSS before stage {rss0:,.0f} MiB)")

    # restart: serialise every signature, rebuild a fresh index from them (no texts)
    t0 = time.perf_counter()
    blobs = [(i, idx.signature_bytes(i)) for i in order]
    t_ser = time.perf_counter() - t0
    t0 = time.perf_counter()
    restored = DedupIndex(lookup)
    restored.load(blobs)
    t_load = time.perf_counter() - t0
    print(f"restart: signature_bytes {len(blobs[0][1])} B each, serialised in {t_ser:.2f}s, "
          f"load() of {len(restored)} in {t_load:.2f}s ({len(restored) / t_load:,.0f}/s)")
    del blobs, restored

    found: dict[frozenset, list] = {}
    fp = Counter()
    for r in rels:
        key = frozenset((r.a, r.b))
        if key in truth and EXPECTED[truth[key][0]] is not None:
            found.setdefault(key, []).append(r)
        else:
            fp[r.kind] += 1
    print(f"relations: {len(rels)} ({dict(Counter(r.kind for r in rels))})")
    print(f"{'kind':9} {'pairs':>6} {'recall(any)':>12} {'recall(kind)':>13}  kinds found, score range")
    for kind in KINDS:
        pairs = [(k, v) for k, v in truth.items() if v[0] == kind]
        if EXPECTED[kind] is None:
            wrong = sum(1 for r in rels if frozenset((r.a, r.b)) in dict(pairs))
            print(f"{kind:9} {len(pairs):6d}  (must not relate) relations found: {wrong}")
            continue
        any_ = right = 0
        got = Counter()
        scores = []
        for key, (_, did, bid) in pairs:
            rs = found.get(key, [])
            if rs:
                any_ += 1
                r = rs[0]
                got[r.kind] += 1
                scores.append(r.score)
                ok = r.kind == EXPECTED[kind] and (kind != "contains" or (r.a, r.b) == (did, bid))
                right += ok
        rng_s = f"{min(scores):.2f}-{max(scores):.2f}" if scores else "-"
        print(f"{kind:9} {len(pairs):6d} {any_ / len(pairs):12.4f} {right / len(pairs):13.4f}  {dict(got)} {rng_s}")
    n_true = sum(len(v) for v in found.values())
    print(f"precision: {n_true / max(1, len(rels)):.4f} ({sum(fp.values())} relations between non-injected "
          f"or same-story pairs: {dict(fp)})")


if __name__ == "__main__":
    main()
