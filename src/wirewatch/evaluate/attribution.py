"""Score attribution (claim) extraction on PolNeAR-style data.

Layout: ``DIR/text/NAME.txt`` and ``DIR/attributions/NAME_<annotator>.ann`` (brat standoff:
``T`` lines ``Source|Cue|Content START END[;START END]`` with char offsets into the text).
Where a text has several annotators' files, the first in sorted order is the gold.

Matching, per file and per role (source, cue, content), one to one (a maximum matching, so
one long predicted span cannot claim two gold spans):

* **exact**: the predicted span equals a gold span after trimming whitespace and edge
  punctuation (quotes, commas, full stops) from both;
* **token overlap**: the spans share at least one word token (tokens as
  ``wirewatch.events.text.tokenize`` gives them, punctuation excluded).

Precision = matched predictions / predictions, recall = matched gold / gold spans, pooled
over all files (micro). Gold spans are every Source, Cue and Content span in the file.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any, Iterator

from wirewatch.errors import ConfigError
from wirewatch.events.text import tokenize

ROLES = ("source", "cue", "content")
_T_LINE = re.compile(r"^T\d+\t")
_EDGE = " \t\n\"“”‘’'.,;:()[]"


def read_corpus(directory: Path) -> Iterator[tuple[str, str, Path]]:
    """(text file name, text, gold .ann path) for every text that has an annotation file."""
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise ConfigError(f"{directory}: expected a PolNeAR-style folder with text/*.txt and "
                          "attributions/*.ann")
    anns = sorted(ann_dir.glob("*.ann"))
    by_text: dict[str, Path] = {}
    for ann in anns:
        base = ann.stem.rsplit("_", 1)[0]
        by_text.setdefault(base, ann)
    texts = sorted(text_dir.glob("*.txt"))
    if not texts:
        raise ConfigError(f"{text_dir}: no .txt files")
    for txt in texts:
        ann = by_text.get(txt.stem) or (ann_dir / (txt.stem + ".ann"))
        if not ann.is_file():
            continue
        try:
            text = txt.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{txt}: not UTF-8 text") from exc
        yield txt.name, text, ann


def read_ann(path: Path, text: str | None = None) -> dict[str, list[tuple[int, int]]]:
    """Gold spans per role from a brat ``.ann`` file (fragments joined first to last)."""
    out: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        # Annotated text may contain newlines, so a line not starting "T<n><TAB>" continues
        # the previous line's text and carries no annotation.
        if not _T_LINE.match(line):
            continue
        parts = line.split("\t")
        fields = parts[1].split(" ", 1)
        role = fields[0].lower()
        if role not in out:
            continue
        try:
            pieces = [tuple(int(x) for x in frag.split()) for frag in fields[1].split(";")]
        except (ValueError, IndexError) as exc:
            raise ConfigError(f"{path}:{n}: bad offsets {parts[1]!r}") from exc
        start, end = pieces[0][0], pieces[-1][-1]
        if end <= start or (text is not None and not (0 <= start and end <= len(text))):
            continue  # empty or out-of-text annotation: a few exist in PolNeAR; not gold
        out[role].append((start, end))
    for role in ROLES:
        out[role] = sorted(set(out[role]))
    return out


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    while s < e and text[s] in _EDGE:
        s += 1
    while e > s and text[e - 1] in _EDGE:
        e -= 1
    return s, e


def _tokens(toks: list[tuple[str, int, int]], span: tuple[int, int]) -> set[int]:
    return {i for i, (t, s, e) in enumerate(toks)
            if s < span[1] and e > span[0] and (t[0].isalnum())}


def match(text: str, pred: list[tuple[int, int]], gold: list[tuple[int, int]],
          toks: list[tuple[str, int, int]]) -> tuple[int, int]:
    """(exact matches, token-overlap matches), each one-to-one."""
    gold_trim = {_trim(text, g) for g in gold}
    exact = len({_trim(text, p) for p in pred} & gold_trim)
    gsets = [_tokens(toks, g) for g in gold]
    edges = [[j for j, gs in enumerate(gsets) if _tokens(toks, p) & gs] for p in pred]
    return exact, _max_matching(edges)


def _max_matching(edges: list[list[int]]) -> int:
    """Size of a maximum one-to-one matching (augmenting paths; spans per file are few)."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(1 for i in range(len(edges)) if augment(i, set()))


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 (fractions, 4 decimals) from counts."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def evaluate_attribution(directory: Path, nlp: Any = None,
                         predictions_out: Path | None = None,
                         limit: int | None = None) -> dict[str, Any]:
    from wirewatch.claims.extract import extract_claims

    counts = {r: {"exact": 0, "overlap": 0, "pred": 0, "gold": 0} for r in ROLES}
    out_lines: list[str] = []
    n_articles = 0
    elapsed = 0.0
    for name, text, ann in read_corpus(directory):
        if limit is not None and n_articles >= limit:
            break
        gold = read_ann(ann, text)
        t0 = time.perf_counter()
        doc = nlp(text) if nlp is not None else None
        claims = extract_claims(name, text, doc)
        elapsed += time.perf_counter() - t0
        n_articles += 1
        pred = {"source": sorted({(c.source.start, c.source.end) for c in claims if c.source}),
                "cue": sorted({(c.cue.start, c.cue.end) for c in claims}),
                "content": sorted({(c.content.start, c.content.end) for c in claims})}
        toks = tokenize(text)
        for role in ROLES:
            ex, ov = match(text, pred[role], gold[role], toks)
            c = counts[role]
            c["exact"] += ex
            c["overlap"] += ov
            c["pred"] += len(pred[role])
            c["gold"] += len(gold[role])
        for cl in claims:
            out_lines.append(json.dumps({
                "file": name, "source": [cl.source.start, cl.source.end] if cl.source else None,
                "cue": [cl.cue.start, cl.cue.end], "content": [cl.content.start, cl.content.end],
                "direct": cl.direct}))
    if n_articles == 0:
        raise ConfigError(f"{directory}: no text has an annotation file in attributions/")
    result: dict[str, Any] = {"articles": n_articles}
    for role in ROLES:
        c = counts[role]
        result[role] = {"exact": prf(c["exact"], c["pred"], c["gold"]),
                        "token_overlap": prf(c["overlap"], c["pred"], c["gold"]),
                        "predicted": c["pred"], "gold": c["gold"]}
    result["articles_per_s"] = round(n_articles / elapsed, 2) if elapsed > 0 else None
    result["parser"] = "spaCy pipeline" if nlp is not None else "none (rules on tokens only)"
    if predictions_out is not None:
        predictions_out.parent.mkdir(parents=True, exist_ok=True)
        predictions_out.write_text("".join(x + "\n" for x in out_lines), encoding="utf-8")
    return result
