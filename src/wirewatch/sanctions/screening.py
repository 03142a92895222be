"""Screen a name against listed parties: who on the lists could this be, how sure, and why.

Method (docs/sanctions.md has the measured figures):

* Every name of every party (primary name and each alias) is folded with
  :mod:`wirewatch.sanctions.names` into tokens, a sorted-token string and a compact string.
  Korean-style names also get variants with two short adjacent tokens merged, so
  "Ri Wonho" meets "RI WON HO" even after the tokens are reordered.
* Candidates come from rapidfuzz over the prepared sorted-token strings with a low
  ``score_cutoff`` (C++ speed, no Python loop over the list): ``process.extract`` for one
  name, ``process.cdist`` over blocks of names in :meth:`Screener.screen_many`.
* Each candidate name is scored 0-1 as the best of: edit-distance ratio of the sorted forms,
  of the compact forms, and a partial-name score (one name missing, e.g. a dropped middle name,
  at a small cost). Low-quality aliases count for less (x0.92).
* Nationality and date of birth are tie-breakers when both sides know them: a match adds a
  little, a clear mismatch takes more away. Asking for a kind (person/organization/...) makes
  parties of another kind count for less.

``OPERATING_THRESHOLD`` is where a hit is reported; chosen on the dev set of
``bench/screening_dev.py`` (recall on perturbed listed names vs false positives on non-listed
names), see docs/sanctions.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from wirewatch.sanctions.countries import to_iso3
from wirewatch.sanctions.names import NameForm, plain
from wirewatch.sanctions.records import ListedParty, ScreeningHit

OPERATING_THRESHOLD = 0.88
# rapidfuzz 0-100 prefilter on the sorted forms; far below the threshold so that rescoring
# (compact and partial-name scores) decides. On the dev set (batch path): 55 and 60 find no
# more hits than 62 at 0.4x / 0.75x its speed, 65 loses 0.2 points of recall, 70 loses 0.6.
# A second prefilter on the compact forms halved the speed for no recall.
CANDIDATE_CUTOFF = 62.0
PARTICLES = frozenset({"al", "bin", "ibn", "ben", "bint", "binti", "de", "da", "van", "von", "der", "la", "le"})
_MISSING_TOKEN = 0.06
_MISSING_PARTICLE = 0.02
_QUALITY_WEIGHT = {"low": 0.92, "f.k.a.": 0.97, "fka": 0.97}
_QUALITY_WORDS = {
    "primary": "primary name", "good": "good quality", "low": "low quality", "a.k.a.": "a.k.a.",
    "aka": "a.k.a.", "f.k.a.": "formerly known as", "fka": "formerly known as", "nka": "now known as",
    "original script": "original script", "name variant": "name variant",
}
NATIONALITY_MATCH, NATIONALITY_MISMATCH = 0.03, -0.08
DOB_EXACT, DOB_YEAR, DOB_MISMATCH = 0.04, 0.02, -0.12
KIND_MISMATCH = -0.15


@dataclass(frozen=True)
class Query:
    """One name to screen, with what else is known about it (for :meth:`Screener.screen_many`)."""

    name: str
    country: str | None = None
    dob: str | date | None = None
    kind: str | None = None


@dataclass(frozen=True)
class _Entry:
    party: int
    name: str
    quality: str
    form: NameForm


def _variants(form: NameForm) -> list[NameForm]:
    """The form itself plus forms with two short adjacent tokens merged (Korean given names)."""
    out = [form]
    toks = form.tokens
    if len(toks) >= 3:
        for i in range(len(toks) - 1):
            if len(toks[i]) <= 4 and len(toks[i + 1]) <= 4:
                merged = toks[:i] + (toks[i] + toks[i + 1],) + toks[i + 2 :]
                out.append(NameForm(merged, " ".join(sorted(merged)), form.compact))
    return out


def _partial(q: tuple[str, ...], a: tuple[str, ...]) -> float:
    """Score when the longer name has one extra name in the MIDDLE (a dropped middle name), else 0.

    Particles (al, bin, de...) may be missing anywhere at a smaller cost. A missing first or last
    name is not a dropped middle name: "Ahmed Hamdan" is not "GEDO HAMDAN AHMED".
    """
    short, long = (q, a) if len(q) <= len(a) else (a, q)
    if len(short) < 2 or len(long) == len(short):
        return 0.0
    used: set[int] = set()
    total = 0.0
    for tok in short:
        best, best_j = 0.0, -1
        for j, other in enumerate(long):
            if j not in used and (r := fuzz.ratio(tok, other) / 100) > best:
                best, best_j = r, j
        if best < 0.85:
            return 0.0
        used.add(best_j)
        total += best * len(tok)
    extra = [j for j in range(len(long)) if j not in used]
    names = [j for j in extra if long[j] not in PARTICLES]
    if len(names) > 1 or any(j in (0, len(long) - 1) for j in names):
        return 0.0
    cost = _MISSING_TOKEN * len(names) + _MISSING_PARTICLE * (len(extra) - len(names))
    return total / sum(len(t) for t in short) - cost


def name_score(q: NameForm, a: NameForm) -> tuple[float, str]:
    """(similarity 0-1, how) of two folded names."""
    if q.compact == a.compact:
        return 1.0, "same" if q.tokens == a.tokens else "spacing"
    if q.sorted == a.sorted:
        return 1.0, "order"
    s_sort = fuzz.ratio(q.sorted, a.sorted) / 100
    s_compact = fuzz.ratio(q.compact, a.compact) / 100
    s_partial = _partial(q.tokens, a.tokens)
    best = max(s_sort, s_compact, s_partial)
    if best == s_partial and s_partial > 0:
        return best, "partial"
    return best, "spelling"


def _year(text: str) -> int | None:
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def _dob_delta(query: str, listed: list[str]) -> tuple[float, str]:
    qy = _year(query)
    if qy is None or not listed:
        return 0.0, ""
    for d in listed:
        if "/" in d:  # a range "1960/1965"
            lo, hi = (_year(x) for x in d.split("/", 1))
            if lo and hi and lo <= qy <= hi:
                return DOB_YEAR, f"birth year {qy} within listed {d}"
        elif len(query) >= 10 and d == query[:10]:
            return DOB_EXACT, f"date of birth {d} matches"
        elif _year(d) == qy:
            return DOB_YEAR, f"birth year {qy} matches"
    years = [y for d in listed for part in d.split("/") if (y := _year(part))]
    if years and min(abs(y - qy) for y in years) > 1:
        return DOB_MISMATCH, f"date of birth {query} differs from listed {', '.join(listed)}"
    return 0.0, ""


def _nationality_delta(country: str, listed: list[str]) -> tuple[float, str]:
    codes = [n for n in listed if len(n) == 3 and n.isupper()]
    if not codes:
        return 0.0, ""
    if country in codes:
        return NATIONALITY_MATCH, f"nationality {country} matches"
    return NATIONALITY_MISMATCH, f"nationality {country} differs from listed {', '.join(codes)}"


def _closeness(query: str, listed: str) -> float:
    return fuzz.token_sort_ratio(plain(query, hyphens=False), plain(listed, hyphens=False))


def _describe(how: str, entry: _Entry, query: str, score: float) -> str:
    quality = entry.quality.casefold()
    if quality == "primary":
        target = f"primary name '{entry.name}'"
    else:
        target = f"alias '{entry.name}' ({_QUALITY_WORDS.get(quality, entry.quality)})"
    q_words, n_words = plain(query, hyphens=False).split(), plain(entry.name, hyphens=False).split()
    same_words_reordered = sorted(q_words) == sorted(n_words)
    if how in ("same", "spacing", "order"):
        if plain(query) == plain(entry.name):
            word = "exact match of"
        elif q_words == n_words or (how == "spacing" and "".join(q_words) == "".join(n_words)):
            word = "hyphenation/spacing variant of"
        elif same_words_reordered:
            word = "token-order variant of"
        elif how == "order":
            word = "token-order and spelling variant of"
        else:
            word = "transliteration/spelling variant of"
    else:
        word = {"partial": "partial name (one name missing) of"}.get(
            how, f"close spelling (similarity {score:.2f}) of")
    return f"{word} {target}"


class Screener:
    """An index of every name of the given parties, ready to screen many names quickly."""

    def __init__(self, parties: Iterable[ListedParty], *, threshold: float = OPERATING_THRESHOLD):
        self.parties = list(parties)
        self.threshold = threshold
        self._entries: list[_Entry] = []
        for i, party in enumerate(self.parties):
            # names that fold alike are all kept: the reason should quote the one closest to the query
            seen: set[tuple[str, tuple[str, ...]]] = set()
            for name, quality in party.names():
                for form in _variants(NameForm.of(name, person=party.kind == "person")):
                    if form.tokens and (name, form.tokens) not in seen:
                        seen.add((name, form.tokens))
                        self._entries.append(_Entry(i, name, quality, form))
        # the prefilter runs over distinct sorted forms; each maps back to its entries
        by_form: dict[str, list[int]] = {}
        for idx, entry in enumerate(self._entries):
            by_form.setdefault(entry.form.sorted, []).append(idx)
        self._forms = list(by_form)
        self._form_entries = list(by_form.values())

    @classmethod
    def from_store(cls, store: Any, *, source: str | None = None, regime: str | None = None) -> "Screener":
        """Index the active list versions in a store (``store.listed_parties``)."""
        return cls(store.listed_parties(source=source, regime=regime))

    @classmethod
    def from_file(cls, path: str | Path, fmt: str | None = None) -> "Screener":
        """Index one list file (any format :func:`wirewatch.sanctions.loaders.load_list` reads)."""
        from wirewatch.sanctions.loaders import load_list

        return cls(load_list(path, fmt).parties)

    def __len__(self) -> int:
        return len(self.parties)

    @property
    def names_indexed(self) -> int:
        return len(self._entries)

    def _candidates(self, form: NameForm) -> list[int]:
        found = process.extract(form.sorted, self._forms, scorer=fuzz.ratio, score_cutoff=CANDIDATE_CUTOFF, limit=None)
        return [e for _, _, j in found for e in self._form_entries[j]]

    def screen(
        self, name: str, *, country: str | None = None, dob: str | date | None = None,
        kind: str | None = None, limit: int = 5, threshold: float | None = None,
    ) -> list[ScreeningHit]:
        """Parties ``name`` may be, best first, with score >= threshold (default: operating threshold).

        ``country`` (any spelling or ISO code) and ``dob`` (YYYY[-MM-DD]) break ties between
        similar names; ``kind`` down-weights parties of another kind.
        """
        form = NameForm.of(name, person=kind in (None, "person"))
        if not form.tokens:
            return []
        return self._rank(name, form, self._candidates(form), country, dob, kind, limit, threshold)

    def screen_many(
        self, queries: Sequence[Query], *, limit: int = 5, threshold: float | None = None, chunk: int = 256,
    ) -> list[list[ScreeningHit]]:
        """:meth:`screen` for many names at once (same results, several times faster).

        rapidfuzz ``cdist`` compares a block of names with every listed form in one call, using
        its multi-string SIMD path, instead of one ``extract`` per name.
        """
        import numpy as np  # rapidfuzz's cdist returns numpy arrays

        out: list[list[ScreeningHit]] = []
        for start in range(0, len(queries), chunk):
            block = queries[start : start + chunk]
            forms = [NameForm.of(q.name, person=q.kind in (None, "person")) for q in block]
            matrix = process.cdist(
                [f.sorted for f in forms], self._forms, scorer=fuzz.ratio,
                score_cutoff=CANDIDATE_CUTOFF, dtype=np.uint8, workers=1,
            )
            for q, form, row in zip(block, forms, matrix):
                if not form.tokens:
                    out.append([])
                    continue
                cands = [e for j in np.flatnonzero(row) for e in self._form_entries[j]]
                out.append(self._rank(q.name, form, cands, q.country, q.dob, q.kind, limit, threshold))
        return out

    def _rank(
        self, name: str, form: NameForm, candidates: Iterable[int], country: str | None,
        dob: str | date | None, kind: str | None, limit: int, threshold: float | None,
    ) -> list[ScreeningHit]:
        cutoff = self.threshold if threshold is None else threshold
        iso = to_iso3(country) if country else None
        dob_text = dob.isoformat() if isinstance(dob, date) else (dob or "")
        best: dict[int, tuple[float, _Entry, str]] = {}
        for idx in candidates:
            entry = self._entries[idx]
            score, how = name_score(form, entry.form)
            score *= _QUALITY_WEIGHT.get(entry.quality.casefold(), 1.0)
            held = best.get(entry.party)
            if held is None or score > held[0] or (
                # equal scores: explain with the name closest to what was typed
                score == held[0] and _closeness(name, entry.name) > _closeness(name, held[1].name)
            ):
                best[entry.party] = (score, entry, how)
        scored: list[tuple[float, str, int, list[str]]] = []
        for pidx, (score, entry, how) in best.items():
            party = self.parties[pidx]
            notes: list[str] = []
            for delta, note in (
                _nationality_delta(iso, party.nationalities) if iso else (0.0, ""),
                _dob_delta(dob_text, party.birth_dates) if dob_text else (0.0, ""),
                (KIND_MISMATCH, f"listed as {party.kind}, not {kind}") if kind and kind != party.kind else (0.0, ""),
            ):
                score += delta
                if note:
                    notes.append(note)
            score = round(max(0.0, min(1.0, score)), 4)
            if score >= cutoff:
                scored.append((score, party.list_ref, pidx, notes))
        scored.sort(key=lambda t: (-t[0], t[1]))
        hits = []
        for score, _, pidx, notes in scored[:limit]:  # only the reported hits are explained
            _, entry, how = best[pidx]
            party = self.parties[pidx]
            hits.append(ScreeningHit(
                list_ref=party.list_ref, source=party.source, party_name=party.name, matched_name=entry.name,
                score=score, reason="; ".join([_describe(how, entry, name, best[pidx][0]), *notes]),
                kind=party.kind, regimes=list(party.regimes),
            ))
        return hits
