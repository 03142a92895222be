"""Write the events of a store as labelling tasks for blind readers, and merge their labels.

The real-news precision figures (docs/events.md, "Precision on real news") come from readers
who see, for each event, only the sentence, the article's headline, the event's type with its
PLOVER definition, its modality and its two sides: no code, no other label, no version. This
writes those tasks, shuffled with a fixed seed and cut into equal parts, one per reader:

    python training/events/label_tasks.py tasks STORE.db --stream NAME --parts 4 --out DIR

``--skip-labelled LABELS.jsonl`` (repeatable) leaves out the events those files label already:
after a rule change, only the events it brought up go to the readers.

Each reader writes one JSON line per task, `{"task": N, "correct": true|false, "why": "..."}`.
The answers are joined back to the tasks' keys (article, sentence offset, type, sides: the
keys `realnews_precision.py` scores by), with no text, so the result may be committed:

    python training/events/label_tasks.py merge DIR --out LABELS.jsonl

The sentences stay in the store (built from ../shared); the labels file holds keys only.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
from pathlib import Path

from realnews_precision import key, load_labels  # this folder's scorer (run from anywhere: Python puts the script's folder first)

# The PLOVER event types as the readers are given them (paraphrased from the PLOVER codebook).
DEFINITIONS = {
    "AGREE": "agrees to, signs or promises a deal, cooperation or a future action with the recipient",
    "CONSULT": "meets, visits, talks with or telephones the recipient",
    "SUPPORT": "praises, endorses, backs or voices support for the recipient",
    "CONCEDE": "yields to the recipient: eases a demand, apologises, admits, releases, returns",
    "COOPERATE": "cooperates, shares intelligence or coordinates with the recipient",
    "AID": "gives material, military, economic or humanitarian aid (arms included) to the recipient",
    "RETREAT": "withdraws, pulls back forces or leaves in the recipient's favour",
    "REQUEST": "asks, appeals to or demands something of the recipient",
    "ACCUSE": "accuses, criticises, blames or condemns the recipient, or investigates it (a probe, an inquiry)",
    "REJECT": "rejects, refuses or turns down the recipient or its proposal",
    "THREATEN": "threatens the recipient (with force, sanctions or other harm)",
    "PROTEST": "demonstrates, strikes or protests against the recipient",
    "SANCTION": "imposes sanctions, embargoes, expels, breaks relations or cuts aid to the recipient",
    "MOBILIZE": "puts forces on alert, deploys or mobilises (against the recipient)",
    "COERCE": "arrests, detains, seizes, raids or forces the recipient",
    "ASSAULT": "attacks, bombs, shoots, kills or injures the recipient",
}


def tasks(db: Path, stream: str) -> list[dict]:
    """One task per event of the store, as ``wirewatch events --json`` lists its evidence."""
    con = sqlite3.connect(db)
    texts = {aid: (title, text) for aid, title, text in con.execute("SELECT id, title, text FROM articles")}
    out = []
    seen = set()
    for (data,) in con.execute("SELECT data FROM events ORDER BY article_id, id"):
        ev = json.loads(data)
        where = ev["evidence"]
        actors = [a["text"] for a in ev["actors"]]
        recipients = [a["text"] for a in ev["recipients"]]
        k = key(where["article_id"], where["start"], ev["type"], actors, recipients)  # as the scorer keys it
        if k in seen:
            continue
        seen.add(k)
        title, text = texts[where["article_id"]]
        out.append({
            "stream": stream, "article_id": where["article_id"], "start": where["start"], "end": where["end"],
            "type": ev["type"], "modality": ev["modality"], "actors": actors, "recipients": recipients,
            "headline": title, "sentence": text[where["start"]:where["end"]],
            "definition": DEFINITIONS.get(ev["type"], ""),
        })
    return out


def write_tasks(items: list[dict], parts: int, out: Path, seed: int) -> None:
    random.Random(seed).shuffle(items)
    out.mkdir(parents=True, exist_ok=True)
    for i, item in enumerate(items):
        item["task"] = i
    (out / "keys.jsonl").write_text("".join(json.dumps({k: v for k, v in t.items() if k not in (
        "headline", "sentence", "definition")}) + "\n" for t in items), encoding="utf-8")
    for p in range(parts):
        mine = items[p::parts]
        shown = [{"task": t["task"], "headline": t["headline"], "sentence": t["sentence"], "type": t["type"],
                  "definition": t["definition"], "modality": t["modality"], "actor": " + ".join(t["actors"]),
                  "recipient": " + ".join(t["recipients"]) or "(none)"} for t in mine]
        (out / f"part-{p + 1}.jsonl").write_text("".join(json.dumps(s) + "\n" for s in shown), encoding="utf-8")
        print(f"{out / f'part-{p + 1}.jsonl'}: {len(shown)} tasks")


def merge(folder: Path, out: Path) -> None:
    keys = {}
    for line in (folder / "keys.jsonl").read_text(encoding="utf-8").splitlines():
        k = json.loads(line)
        keys[k["task"]] = k
    labelled = 0
    with out.open("w", encoding="utf-8") as fh:
        for path in sorted(folder.glob("answers-*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                a = json.loads(line)
                k = keys[a["task"]]
                rec = {"stream": k["stream"], "article_id": k["article_id"], "start": k["start"], "end": k["end"],
                       "type": k["type"], "modality": k["modality"], "actors": k["actors"],
                       "recipients": k["recipients"], "correct": bool(a["correct"]), "why": a.get("why", "")}
                fh.write(json.dumps(rec) + "\n")
                labelled += 1
    print(f"{out}: {labelled} labels of {len(keys)} tasks")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("tasks")
    t.add_argument("db", type=Path, nargs="+")
    t.add_argument("--stream", action="append", required=True, help="one name per store, in order")
    t.add_argument("--parts", type=int, default=3)
    t.add_argument("--seed", type=int, default=22)
    t.add_argument("--skip-labelled", type=Path, action="append", default=[], metavar="LABELS",
                   help="leave out events this labels file labels already (repeatable)")
    t.add_argument("--out", type=Path, required=True)
    m = sub.add_parser("merge")
    m.add_argument("folder", type=Path)
    m.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd == "tasks":
        if len(args.stream) != len(args.db):
            ap.error("give one --stream per store")
        items = [t for db, name in zip(args.db, args.stream) for t in tasks(db, name)]
        done = {k for path in args.skip_labelled for k in load_labels(path)}
        items = [t for t in items if key(t["article_id"], t["start"], t["type"], t["actors"], t["recipients"]) not in done]
        write_tasks(items, args.parts, args.out, args.seed)
    else:
        merge(args.folder, args.out)


if __name__ == "__main__":
    main()
