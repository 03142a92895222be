"""Check names.yaml's people against what the news itself says of them (prints; not a test).

    python training/entities/kb_check.py STORE.db [STORE.db ...] [--show 30]

For every mention of a names.yaml person that carries a title in the text ("Secretary of
State John Kerry", "Russian President Vladimir Putin"), compare what the title says with
the post names.yaml gives that person on the article's day:

* agrees: the same post (the same words, or a legislature's seat read as "legislator"),
  or the same sector where the words differ ("top diplomat" / foreign minister);
* former, agrees / former, other: a title the text marks as left ("former Secretary of
  State Hillary Clinton"), found or not among the posts names.yaml says they had left;
* past: a post names.yaml says they had left by then (a recalled post: "then-Senator
  Obama", "President Bill Clinton signed the law in 1996");
* later: a post names.yaml says they took up only after the article (a wrong date, or a
  post sought: "President Trump" in 2016 campaign coverage);
* other: a post names.yaml does not list at all (a gap, or a misreading of the title);
* country: the title's country against names.yaml's, where both are known.

Any store built by ``wirewatch run`` will do: the candidates the entity stage keeps hold what
each title said. Only the text's titles are read, so names.yaml itself cannot agree with
itself here.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from wirewatch.entities.knowledge import knowledge, same_post  # noqa: E402
from wirewatch.entities.names import name_key  # noqa: E402
from wirewatch.store import open_store  # noqa: E402


def _same(role: str, sector: str | None, post: dict) -> bool:
    """The same post as resolution reads it, or at least the same sector."""
    return same_post(role, post) or (sector is not None and sector == post["sector"])


def check(store_path: str) -> tuple[Counter, list[tuple]]:
    kb = knowledge()
    people = {}
    for p in kb.people:
        for n in [p["name"], *(p.get("aliases") or [])]:
            people.setdefault(name_key(n), p)
    counts: Counter = Counter()
    odd: list[tuple] = []
    store = open_store(store_path)
    try:
        cands = list(store.entity_candidates(None))
        dates = store.article_dates(None)
    finally:
        store.close()
    for c in cands:
        person = people.get(c.key) if c.kind in ("person", "surname") else None
        if person is None or not c.role:
            continue
        day = (dates.get(c.article_id) or "")[:10]
        if not day:
            continue
        counts["titled mentions"] += 1
        now = kb.post_on(person, [day])
        past = kb.posts_before(person, [day])
        later = [p for p in person["posts"] if p["from"] > day]
        if c.role.startswith("former "):  # "former Secretary of State Hillary Clinton"
            left = c.role.removeprefix("former ")
            verdict = "former, agrees" if any(_same(left, None, p) for p in past) else "former, other"
        elif now is not None and _same(c.role, c.sector, now):
            verdict = "agrees"
        elif any(_same(c.role, c.sector, p) for p in past):
            verdict = "past"
        elif any(_same(c.role, c.sector, p) for p in later):
            verdict = "later"
        else:
            verdict = "other"
        counts[verdict] += 1
        if c.country and person.get("country"):
            counts["country agrees" if c.country == person["country"] else "country differs"] += 1
            if c.country != person["country"]:
                odd.append(("country", person["name"], day, c.role, c.country, c.text))
        if verdict in ("later", "other", "former, other"):
            odd.append((verdict, person["name"], day, c.role, c.sector, (now or {}).get("role")))
    return counts, odd


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stores", nargs="+")
    ap.add_argument("--show", type=int, default=30, help="list this many disagreements per store")
    args = ap.parse_args(argv)
    total: Counter = Counter()
    for path in args.stores:
        counts, odd = check(path)
        total.update(counts)
        print(f"{path}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        for row in Counter(odd).most_common(args.show):
            print("   ", row[1], "×", *row[0])
    print("all: " + ", ".join(f"{k} {v}" for k, v in sorted(total.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
