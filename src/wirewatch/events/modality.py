"""Is the event done, going on, planned, hypothetical, negated, or denied by its actor?

    modality_of("North Korea would supply Russia with weapons.").modality   # 'hypothetical'

Values (``MODALITIES``):
    asserted      reported as having happened (past or present simple): "recently visited"
    ongoing       in progress: "are actively engaging in talks", "continues to supply"
    planned       intended, promised, scheduled: "will visit", "plans to", "agreed to send",
                  "said it would send"
    hypothetical  conditional or merely possible: "if", "could", "potential", bare "would"
    negated       reported as not happening: "has not delivered", "never", "failed to"
    denied        the actor itself denies or refuses: "denied supplying", "stated its
                  reluctance to sell", "refused to"

Rules over tokens; the verb the event hangs on (``focus``, a char offset) narrows the window
so "Seoul said it would not attend, but Tokyo sent envoys" reads each clause apart. With a
spaCy parse the window is the predicate's own clause (its subtree).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wirewatch.events.text import stem, tokenize

MODALITIES = ("asserted", "ongoing", "planned", "hypothetical", "negated", "denied")

DENY = {"deni", "deny", "refut", "reluctanc", "reluctant", "refus", "refusal", "unwilling", "reject",
        "dismiss", "declin", "rebuff", "disavow"}
# "denied" only when the denial is about the event, not e.g. "denied entry" to someone else:
# a denial word followed (within a few tokens) by a verb-ish token or "that"/"any"/"claim".
# Matched on the words themselves, not stems ("noting" stems to "not").
NEG = {"not", "never", "no", "neither", "nor", "without", "fail"}
HYPO = {"if", "unless", "could", "might", "may", "potential", "potentially", "possibl",
        "possible", "whether", "hypothetical", "would", "should", "any", "risk", "feared"}
PLAN = {"will", "shall", "plan", "intend", "aim", "schedul", "expect", "set", "prepar",
        "agre", "pledg", "promis", "vow", "commit", "upcoming", "next", "propos",
        "ready", "willing", "going", "offer", "tomorrow"}
ONGOING = {"ongoing", "continu", "actively", "currently", "still", "underway"}
REPORT = {"say", "said", "stat", "announc", "told", "tell", "claim", "report", "insist",
          "confirm", "add", "warn", "indicat"}
AUX_BE = {"be"}
PAST_PARTICIPLE_AFTER_HAVE = {"have"}


@dataclass
class Modality:
    modality: str
    cue: str | None = None  # the word that decided it, None for the default


def _window(tokens: list[tuple[str, int, int]], focus: int | None) -> tuple[int, int]:
    if focus is None:
        return 0, len(tokens)
    idx = next((i for i, (_, s, e) in enumerate(tokens) if s <= focus < e or s >= focus),
               len(tokens) - 1)
    # Back to the clause start (a comma, semicolon or "but"/"while"), at most 10 tokens.
    start = idx
    while start > 0 and idx - start < 10 and tokens[start - 1][0] not in {";", "but", "while",
                                                                             "whereas", ":"}:
        start -= 1
    return start, min(len(tokens), idx + 3)


def modality_of(sentence: str, focus: int | None = None, doc: Any = None) -> Modality:
    """The modality of the event expressed around char offset ``focus`` (whole sentence if None).

    ``doc`` (a spaCy Doc/Span over the same text with a parse) narrows the window to the
    clause of the verb at ``focus`` when given.
    """
    tokens = tokenize(sentence)
    if not tokens:
        return Modality("asserted")
    lo, hi = _window(tokens, focus)
    if doc is not None and focus is not None:
        lo, hi = _parse_window(doc, focus, tokens, lo, hi)
    words = [t for t, _, _ in tokens]
    stems = [stem(w) for w in words]
    low = [w.lower() for w in words]

    def find(vocab: set[str], a: int = lo, b: int = hi) -> int | None:
        return next((i for i in range(a, b) if stems[i] in vocab or low[i] in vocab), None)

    i = find(DENY)
    if i is not None:
        return Modality("denied", words[i])
    i = next((k for k in range(lo, hi) if low[k] in NEG or low[k] in ("n't", "failed", "fails",
                                                                       "halted")), None)
    if i is not None:
        # "not only" is not a negation; "no longer" is.
        if not (i + 1 < len(low) and low[i + 1] == "only"):
            return Modality("negated", words[i])
    # Sentence-level condition: "If Russia crossed the border, Poland would ...".
    i = find({"if", "unless"}, 0, len(tokens))
    if i is not None and (i < hi):
        return Modality("hypothetical", words[i])
    i = find(PLAN)
    j = find(HYPO)
    if j is not None and low[j] == "would" and _reported(stems, j, lo):
        # "said it would send" is reported intention, not a condition.
        return Modality("planned", "would")
    if j is not None and (i is None or j < i or low[j] != "would"):
        return Modality("hypothetical", words[j])
    if i is not None:
        return Modality("planned", words[i])
    i = find(ONGOING)
    if i is not None:
        return Modality("ongoing", words[i])
    for k in range(lo, hi - 1):  # be + -ing progressive ("are engaging", "is negotiating")
        if stems[k] in AUX_BE and low[k + 1].endswith("ing") and low[k + 1] not in {"being"}:
            return Modality("ongoing", words[k + 1])
        if stems[k] in AUX_BE and k + 2 < hi and low[k + 1].endswith("ly") \
                and low[k + 2].endswith("ing"):
            return Modality("ongoing", words[k + 2])
    return Modality("asserted")


def _reported(stems: list[str], j: int, lo: int) -> bool:
    """Whether "would" at ``j`` is a reported "will": a reporting verb just before it ("said it
    would send"), or a "that" just before it whose clause a reporting verb earlier in the
    sentence opens ("told Putin that Russia had risen up ... and that Pyongyang would always
    stand with Moscow")."""
    if any(stems[k] in REPORT for k in range(max(0, min(lo, j - 6)), j)):
        return True
    that = next((k for k in range(j - 1, max(-1, j - 5), -1) if stems[k] == "that"), None)
    return that is not None and any(stems[k] in REPORT for k in range(that))


def _parse_window(doc: Any, focus: int, tokens: list[tuple[str, int, int]],
                  lo: int, hi: int) -> tuple[int, int]:
    """The predicate's clause (its left edge to a few tokens after it) as token indexes."""
    offset = getattr(doc, "start_char", 0)
    tok = next((t for t in doc if t.idx - offset <= focus < t.idx - offset + len(t.text)), None)
    if tok is None:
        return lo, hi
    start = tok.left_edge.idx - offset
    # Do not climb into the embedded clause's own subject for "A said B would", only the clause.
    a = next((i for i, (_, s, _) in enumerate(tokens) if s >= start), lo)
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in tok.children):
        # "... were left without electricity after Russia fired dozens of missiles": a time or
        # reason clause is an event of its own; the words before it do not negate it
        return a, hi
    return min(a, lo) if lo - a <= 12 else a, hi


_TIME_MARKS = {"after", "before", "when", "while", "since", "until", "once", "because", "as"}
