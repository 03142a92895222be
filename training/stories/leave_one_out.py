"""Leave-one-stream-out over `sweep_settings.py` output: is a setting better on streams it was
not chosen on?

    for each labelled stream:  python training/stories/sweep_settings.py threshold NAME STREAM.jsonl >> sweep.log
    python training/stories/leave_one_out.py sweep.log --shipped 0.22

For each stream, the setting with the best mean B-cubed F1 over the other streams (ties go to
the shipped setting) is read on that stream; prints each choice, its gain over the shipped
setting there, the mean held-out gain, and the setting chosen on all streams. ``--exclude``
leaves settings out of the choice (still printed). docs/stories.md, session 17, has the rule
that reads the mean gain.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path


def read_sweep(path: Path) -> dict[str, dict[float, float]]:
    """{stream: {setting: B-cubed F1}} from lines ``NAME SETTING {json scores}``."""
    scores: dict[str, dict[float, float]] = defaultdict(dict)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            name, setting, rest = line.split(" ", 2)
            scores[name][float(setting)] = json.loads(rest)["f1"]
    return dict(scores)


def leave_one_out(scores: dict[str, dict[float, float]], shipped: float,
                  exclude: frozenset[float] = frozenset()) -> tuple[list[tuple[str, float, float]], float]:
    """[(stream, chosen on the others, gain over shipped there)] and the setting chosen on all."""
    settings = sorted(set.intersection(*(set(s) for s in scores.values())) - exclude)

    def best(streams: list[str]) -> float:
        return max(settings, key=lambda t: (round(sum(scores[n][t] for n in streams) / len(streams), 6), t == shipped))

    rows = []
    for held in scores:
        chosen = best([n for n in scores if n != held])
        rows.append((held, chosen, scores[held][chosen] - scores[held][shipped]))
    return rows, best(list(scores))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sweep", type=Path, help="sweep_settings.py output, one line per stream and setting")
    ap.add_argument("--shipped", type=float, required=True)
    ap.add_argument("--exclude", type=float, nargs="*", default=[], help="settings that are no candidate")
    args = ap.parse_args()
    rows, overall = leave_one_out(read_sweep(args.sweep), args.shipped, frozenset(args.exclude))
    for held, chosen, gain in rows:
        print(f"{held:14s} chosen on the others {chosen:g}  gain held out {gain:+.4f}")
    print(f"mean held-out gain {sum(g for _, _, g in rows) / len(rows):+.4f}; chosen on all: {overall:g}")


if __name__ == "__main__":
    main()
