"""Whether an article is sports copy: games, not deeds between actors.

A wire stream carries sport beside politics and war (a third of Reuters' August 1996 copy in
the CoNLL set). The event rules read a match report as they read a war report ("Belgium beat
Turkey", "Warwickshire 255-9 (A. Giles 57 not out, W. Khan ...)", "St Pauli pulled a goal back
through Andre Trulsen" gave ASSAULT, REJECT and RETREAT events between teams and players), so
the events stage reads no events in sports copy (its claims and its story stay); and the
briefing lists sports stories apart, after the news an analyst reads for.

Sports copy is told by its headline's desk tag ("SOCCER - ...", "RTRS - Tennis - ...") or by
its words: at least two distinct terms only sport uses ("innings", "halftime", "seeded",
"World Cup", ...) and, with score lines ("2-1", "6-4"), 6 such hits per 1,000 words, or a
results table (40 per 1,000 with one term). Measured in docs/events.md.
"""

from __future__ import annotations

import re

_DESKS = {"SOCCER", "CRICKET", "BASEBALL", "TENNIS", "BOXING", "GOLF", "RUGBY UNION", "RUGBY LEAGUE", "RUGBY",
          "ATHLETICS", "CYCLING", "MOTOR RACING", "MOTORCYCLING", "MOTOCROSS", "SWIMMING", "BASKETBALL", "ICE HOCKEY",
          "AMERICAN FOOTBALL", "NFL AMERICAN FOOTBALL", "HORSE RACING", "ROWING", "SAILING", "SQUASH", "BADMINTON",
          "TABLE TENNIS", "VOLLEYBALL", "HOCKEY", "NFL", "NBA", "NHL", "OLYMPICS", "SKIING", "FORMULA ONE", "SPORT",
          "SPORTS"}
# words and phrases that belong to sport alone (not "goal", "penalty", "race", "defender"),
# matched in the lowercased text (a case-blind pattern this long is four times slower)
_TERMS = re.compile(r"\b(?:" + "|".join([
    "halftime", "half-time", "innings", "wickets?", "inning", "home runs?", "homers?", "homered", "pitcher", "batting",
    "bowled", "bowlers?", "goalkeeper", "midfielders?", "strikers?", "penalty kick", "free kick", "hat-trick",
    "quarterback", "touchdowns?", "rebounds", "unseeded", "seeded", "quarter-finals?", "semi-finals?", "quarterfinals?",
    "semifinals?", "world cup", "qualifiers?", "premier league", "first division", "second division", "standings",
    "not out", "overs", "birdies?", "bogeys?", "pole position", "podium", "grand prix", "sprinters?", "relay",
    "league leaders", "scored", "equali[sz]er", "the match", "matches", "tournament", "title race", "play-offs?",
    "playoffs?", "runs batted in", "earned run", "strikeouts?", "struck out", "test match", "one-day"]) + r")\b")
_SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b")


def desk_tag(title: str) -> bool:
    """The headline opens with a sports desk's tag: "SOCCER - ...", "RTRS - Tennis - ..."."""
    parts = [p.strip().upper() for p in re.split(r"\s+-\s+|-(?=[A-Z])", title or "")[:3]]
    if parts and parts[0] == "RTRS":
        parts = parts[1:]
    return len(parts) > 1 and parts[0] in _DESKS


def is_sports_copy(title: str, text: str) -> bool:
    """Whether the article is sports copy (see the module docstring)."""
    if desk_tag(title):
        return True
    hits = _TERMS.findall(text.lower())
    if not hits:
        return False
    per_1000 = 1000 * (len(hits) + len(_SCORE.findall(text))) / max(1, len(text.split()))
    distinct = len(set(hits))
    return (distinct >= 2 and per_1000 >= 6) or per_1000 >= 40
