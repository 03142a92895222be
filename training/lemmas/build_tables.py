"""Build wirewatch's lemma check tables (src/wirewatch/nlp/data/lemma_tables.json.gz).

The shipped pipeline's edit-tree lemmatizer, trained on UD EWT, gets 95-96% of verbs right:
it picks the wrong edit for forms it rarely saw ("violated" -> "violat", "fought" ->
"fought", "bombed" -> "bombed"), and the event and claim rules match verbs by lemma. The
check (``wirewatch.nlp.components.lemma_check``) corrects verbs and adjectives with the
English rule tables of spaCy's ``spacy-lookups-data`` package (MIT; the index and
exceptions come from WordNet 3.0, under the WordNet licence): an irregular form listed as
an exception takes its listed lemma; a lemma the index does not know is replaced by the
first suffix-rule candidate it does know.

    pip download --no-deps spacy-lookups-data==1.0.5 -d /tmp/lk
    python training/lemmas/build_tables.py /tmp/lk/spacy_lookups_data-1.0.5-py2.py3-none-any.whl

Only the verb and adjective parts are kept (about 150 KB); nouns were tried and lost on UD
EWT dev (its "data", "media", "p.m." are lemmas of their own), see docs/nlp.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "src" / "wirewatch" / "nlp" / "data" / "lemma_tables.json.gz"
PARTS = ("verb", "adj")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wheel", type=Path, help="the spacy-lookups-data wheel")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    with zipfile.ZipFile(args.wheel) as whl:
        def table(name: str) -> dict:
            return json.loads(gzip.decompress(whl.read(f"spacy_lookups_data/data/en_{name}.json.gz")))
        exc, index, rules = table("lemma_exc"), table("lemma_index"), table("lemma_rules")
        version = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA")).split("/")[0]
    data = {
        "source": f"{version.replace('.dist-info', '')} (MIT, ExplosionAI GmbH); index and exceptions "
                  "from WordNet 3.0 (Princeton University, WordNet licence)",
        "exc": {p: {form: lemmas[0] for form, lemmas in sorted(exc[p].items())} for p in PARTS},
        "index": {p: sorted(index[p]) for p in PARTS},
        "rules": {p: rules[p] for p in PARTS},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    args.out.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))  # the same bytes on every build
    with zipfile.ZipFile(args.wheel) as whl:
        mit = whl.read(f"{version}/LICENSE").decode("utf-8")
        wordnet = whl.read("spacy_lookups_data/data/en_license.txt").decode("utf-8")
    args.out.with_name("LICENSE-lemma-tables.txt").write_text(
        "lemma_tables.json.gz is derived from spacy-lookups-data's English lemma tables.\n\n"
        "spacy-lookups-data:\n\n" + mit.strip() + "\n\nThe English lemma index and exceptions come from "
        "WordNet 3.0:\n\n" + wordnet.strip() + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes) and its licence")


if __name__ == "__main__":
    main()
