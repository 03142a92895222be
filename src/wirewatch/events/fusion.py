"""Cross-article fusion: one real event, all its evidence, its independent corroboration, disputes.

Events read from different articles are the same event when they have the same type and mode (for
symmetric types — CONSULT, COOPERATE, AGREE — regardless of direction), the same resolved
actors and recipients, and compatible dates (within FUSE_DAYS when both are known).
Corroboration counts *independent sources*: articles of one copy group (one wire text
republished) count once. An event that is denied or rejected by one of its parties, or stated
as not happening, disputes the fused events it contradicts; both sides are kept and cited.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from wirewatch.entities.knowledge import SECTORS
from wirewatch.events.records import ActorRef, Event
from wirewatch.records import Record

FUSE_DAYS = 14
DISPUTE_DAYS = 90
SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}
COOPERATIVE = {"AID", "COOPERATE", "AGREE", "CONSULT", "SUPPORT"}
NEGATIVE_MODALITIES = {"denied", "negated"}
# when evidence disagrees on modality, the fused event takes the most factual reading
MODALITY_ORDER = ["asserted", "ongoing", "planned", "hypothetical", "denied", "negated"]


@dataclass
class Party(Record):
    key: str  # a bare country code, else entity id, else code, else folded text
    name: str
    code: str | None = None
    entity_id: str | None = None

    @property
    def country(self) -> str | None:
        """The country part of the code ("RUS" of "RUSGOVMIL"); None for a code that is a
        sector alone ("MIL" for an admiral whose country the text does not say)."""
        c = self.code or ""
        head = c[:3]
        return head if len(c) >= 3 and head.isalpha() and head.isupper() and head not in SECTORS else None


@dataclass
class FusedEvent(Record):
    id: str
    type: str
    actors: list[Party]
    recipients: list[Party]
    evidence: list[Event]
    modality: str
    modalities: list[str]
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    cameo: str | None = None
    plover_type: str | None = None
    date: str | None = None
    date_precision: str = "unknown"
    location: str | None = None
    articles: list[str] = field(default_factory=list)
    corroboration: int = 0  # independent sources
    publications: int = 0  # articles, copies included
    disputed: bool = False
    disputes: list[dict[str, Any]] = field(default_factory=list)  # {fused_id, label, reason}
    confidence: float = 0.0
    belief: float | None = None  # its likeliest reading's (Event.belief); None: never verified

    @property
    def label(self) -> str:
        a = "+".join(p.code or p.name for p in self.actors) or "?"
        r = "+".join(p.code or p.name for p in self.recipients)
        return f"{a} {self.type}{(' ' + self.mode) if self.mode else ''}{(' ' + r) if r else ''} ({self.modality})"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FusedEvent":
        data = dict(data)
        data["actors"] = [Party.from_dict(p) for p in data.get("actors", [])]
        data["recipients"] = [Party.from_dict(p) for p in data.get("recipients", [])]
        data["evidence"] = [Event.from_dict(e) for e in data.get("evidence", [])]
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})


def party(ref: ActorRef) -> Party:
    # A bare country code means the state itself, however it is named: "North Korea",
    # "Pyongyang", "the DPRK" and "North Korean officials" are one party (as CAMEO codes
    # them), so their events fuse. A named person coded by country alone is that person.
    key = (ref.code if stands_for_state(ref) else None) or ref.entity_id or ref.code or " ".join(ref.text.lower().split())
    return Party(key=key, name=ref.text, code=ref.code, entity_id=ref.entity_id)


def stands_for_state(ref: ActorRef) -> bool:
    """The side is its state: coded by a bare country code ("RUS"; not a sector alone, "GOV"
    for an official whose country the text does not say), and not a named person."""
    code = ref.code
    return (code is not None and len(code) == 3 and code.isalpha() and code.isupper() and code not in SECTORS
            and ref.kind != "person")


def _day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _range(value: str | None) -> tuple[date, date] | None:
    """The days a date can mean: one day, a month ("2023-09") or a year ("2019"), so that a
    test "since 2019" and a launch on 2023-09-13 are never one event."""
    if not value:
        return None
    day = _day(value)
    if day is not None:
        return day, day
    try:
        if len(value) == 7:
            first = date.fromisoformat(value + "-01")
            nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, nxt - timedelta(days=1)
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def _when(e: Event, published: Mapping[str, str | None]) -> str | None:
    return e.date or published.get(e.evidence.article_id)


# A past transfer and a planned one between the same parties are different events.
REALIS = {"asserted": "real", "ongoing": "real", "planned": "irreal", "hypothetical": "irreal",
          "denied": "negative", "negated": "negative"}


def _key(e: Event) -> tuple:
    actors = frozenset(party(a).key for a in e.actors)
    recipients = frozenset(party(a).key for a in e.recipients)
    realis = REALIS.get(e.modality, e.modality)
    # the mode separates events between the same parties: a visit, talks and letters are three events
    if e.type in SYMMETRIC:
        return (e.type, e.mode, realis, actors | recipients, frozenset())
    return (e.type, e.mode, realis, actors, recipients)


def fuse(events: Iterable[Event], articles: Mapping[str, tuple[str | None, str | None]]) -> list[FusedEvent]:
    """``articles``: {article id: (copy group, published)} for every article with evidence."""
    published = {a: p for a, (_, p) in articles.items()}
    groups: dict[tuple, list[Event]] = defaultdict(list)
    for e in events:
        if e.actors or e.recipients:
            groups[_key(e)].append(e)
    fused: list[FusedEvent] = []
    for evs in groups.values():
        evs.sort(key=lambda e: (_when(e, published) or "9999", e.id))
        bucket: list[Event] = []
        last: date | None = None
        for e in evs:
            span = _range(_when(e, published))
            if bucket and span and last and (span[0] - last).days > FUSE_DAYS:
                fused.append(_make(bucket, articles, published))
                bucket = []
            bucket.append(e)
            if span:
                last = max(last, span[1]) if last else span[1]
        if bucket:
            fused.append(_make(bucket, articles, published))
    _mark_disputes(fused, published)
    _mark_denied_force(fused)
    fused.sort(key=lambda f: (f.date or "9999", f.id))
    return fused


def _make(evs: list[Event], articles, published) -> FusedEvent:
    first = max(evs, key=lambda e: e.confidence)
    modalities = sorted({e.modality for e in evs}, key=lambda m: MODALITY_ORDER.index(m) if m in MODALITY_ORDER else 99)
    actors = _parties(e.actors for e in evs)
    recipients = _parties(e.recipients for e in evs)
    if first.type in SYMMETRIC:  # keep the direction the best evidence gives, without duplicates
        keys = {p.key for p in actors}
        recipients = [p for p in recipients if p.key not in keys]
    dated = sorted((e for e in evs if e.date), key=lambda e: ({"day": 0, "week": 1, "month": 2, "year": 3}.get(e.date_precision, 4), e.date))
    ids = sorted(e.id for e in evs)
    article_ids = sorted({e.evidence.article_id for e in evs})
    contexts = sorted({c for e in evs for c in e.contexts})
    pub_dates = sorted(p for a in article_ids if (p := published.get(a)))
    return FusedEvent(
        id="fe_" + hashlib.sha1(json.dumps(ids).encode()).hexdigest()[:16],
        type=first.type, actors=actors, recipients=recipients, evidence=evs,
        modality=modalities[0], modalities=modalities,
        mode=first.mode, contexts=contexts, cameo=first.cameo, plover_type=first.plover_type,
        date=dated[0].date if dated else (pub_dates[0] if pub_dates else None),
        date_precision=dated[0].date_precision if dated else ("publication" if pub_dates else "unknown"),
        location=next((e.location for e in evs if e.location), None),
        articles=article_ids,
        corroboration=len({articles.get(a, (a, None))[0] or a for a in article_ids}),
        publications=len(article_ids),
        confidence=round(max(e.confidence for e in evs), 3),
        belief=max((e.belief for e in evs if e.belief is not None), default=None),
    )


def _parties(lists: Iterable[list[ActorRef]]) -> list[Party]:
    seen: dict[str, Party] = {}
    for refs in lists:
        for r in refs:
            p = party(r)
            seen.setdefault(p.key, p)
    return list(seen.values())


def _domestic(f: FusedEvent) -> bool:
    """Every party of one country, and more than one party: "Corker rejected Menendez's
    view" is USALEG → USA, between two senators, not the United States with itself."""
    parties = f.actors + f.recipients
    return len({p.key for p in parties}) > 1 and len({p.country for p in parties}) == 1 and parties[0].country is not None


def _ids(f: FusedEvent, parties: list[Party]) -> set[str]:
    """Who ``parties`` (sides of ``f``) are when events are compared for a dispute: their
    state, as states deny and agree (a Russian minister's deal and Moscow's denial meet at
    RUS); within one country's own affairs, the parties themselves."""
    return {p.key for p in parties} if _domestic(f) else {p.country or p.key for p in parties}


def _sides(f: FusedEvent) -> set[str]:
    return _ids(f, f.actors + f.recipients)


_NOT_SUBJECTS = {"diplomatic", "legal"}  # contexts too broad to say two events are about one thing
# What a refusal or denial can contradict: the action it refuses or denies, and talks about
# that action. A denial of arms trading contradicts arms deals and arms talks, not a summit.
_TRADE = {"AID", "COOPERATE", "AGREE"}
_REJECTED = {"assist": _TRADE, "meet": {"CONSULT", "AGREE"}}
_DENIED = {"AID": _TRADE, "COOPERATE": _TRADE, "AGREE": _TRADE, "CONSULT": {"CONSULT"}, "SUPPORT": {"SUPPORT"}}


def _contradicts(neg: FusedEvent, other: FusedEvent) -> bool:
    if neg.type == "REJECT":
        kinds = _REJECTED.get(neg.mode or "", COOPERATIVE)
    else:
        # a deed of force not done ("the army did not strike Lebanon") says nothing of talks or
        # aid: only a denied or negated cooperation contradicts cooperation (a denied strike
        # answers the strike reported, _mark_denied_force)
        kinds = _DENIED.get(neg.type, COOPERATIVE if neg.type in COOPERATIVE else set())
    if other.type == "CONSULT" and other.mode == "negotiate":
        return bool(kinds & _TRADE) or "CONSULT" in kinds  # talks about what is refused
    return other.type in kinds


FORCE = {"ASSAULT", "COERCE", "MOBILIZE"}  # deeds of force a side may deny having done


def _mark_denied_force(fused: list[FusedEvent]) -> None:
    """A deed of force that its doer denies ("Russian diplomats rejected the accusations" of
    strikes on Ukrainian cities; "the Houthis denied attacking the ship") disputes the same
    deed reported as done in the same article: same type, the same doer's state, the same
    target (or none named in the denial), within DISPUTE_DAYS. Only an explicit denial: a
    negation ("no missiles were fired") is too often misread to dispute a report; and only in
    one article, since a war has many strikes and one denial does not answer them all."""
    denials = [f for f in fused if f.type in FORCE and f.modality == "denied"]
    for neg in denials:
        who, whom = _ids(neg, neg.actors), _ids(neg, neg.recipients)
        nd = _day(neg.date)
        for other in fused:
            if other.type != neg.type or other.modality not in ("asserted", "ongoing"):
                continue
            if not who & _ids(other, other.actors):
                continue
            if whom and not whom & _ids(other, other.recipients):
                continue
            if not set(neg.articles) & set(other.articles):
                continue  # a war has many strikes: a denial answers the one its article reports
            od = _day(other.date)
            if nd and od and abs((nd - od).days) > DISPUTE_DAYS:
                continue
            if any(d["fused_id"] == neg.id for d in other.disputes):
                continue
            reason = f"{neg.label} contradicts {other.label}"
            other.disputed = neg.disputed = True
            other.disputes.append({"fused_id": neg.id, "label": neg.label, "reason": reason})
            neg.disputes.append({"fused_id": other.id, "label": other.label, "reason": reason})


def _mark_disputes(fused: list[FusedEvent], published) -> None:
    negative = [f for f in fused if f.modality in NEGATIVE_MODALITIES
                or (f.type == "REJECT" and f.modality in ("asserted", "ongoing"))]
    if not negative:
        return
    # What a negative event can contradict: cooperative, not itself negative, sharing a
    # substantive context and a side with it. Indexed by both, so each negative event only
    # looks at those candidates (in ``fused`` order, which the dispute lists keep).
    sides = [_sides(f) for f in fused]
    by_context: dict[str, set[int]] = defaultdict(set)
    by_side: dict[str, set[int]] = defaultdict(set)
    for i, f in enumerate(fused):
        if f.type in COOPERATIVE and f.modality not in NEGATIVE_MODALITIES:
            for c in set(f.contexts) - _NOT_SUBJECTS:
                by_context[c].add(i)
            for side in sides[i]:
                by_side[side].add(i)
    # the sides the articles of a negative event without a recipient speak of
    in_article: dict[str, set[str]] = defaultdict(set)
    for i, f in enumerate(fused):
        for a in f.articles:
            in_article[a] |= sides[i]
    implied = {neg.id: set().union(*(in_article[a] for a in neg.articles)) - _ids(neg, neg.actors)
               for neg in negative if not neg.recipients}
    for neg in negative:
        who, whom = _ids(neg, neg.actors), _ids(neg, neg.recipients)
        nd = _day(neg.date)
        # same subject: a shared substantive context (a refusal to sell arms says nothing of letters)
        same_subject = set().union(*(by_context.get(c, ()) for c in set(neg.contexts) - _NOT_SUBJECTS))
        same_side = set().union(*(by_side.get(w, ()) for w in who))
        for i in sorted(same_subject & same_side):
            other = fused[i]
            if other is neg or (whom and not whom & sides[i]) or not _contradicts(neg, other):
                continue
            if neg.type == "AID" and other.type == "AID" and not who & _ids(other, other.actors):
                # "Pyongyang has denied supplying arms to Moscow" says nothing of Moscow
                # providing Pyongyang with fighter jets: a transfer has a direction
                continue
            if not whom and not _ids(other, other.recipients) & implied.get(neg.id, set()):
                # "Iran denies supplying weapons for use in the war" names no one: it answers a
                # transfer to a side its own articles speak of (Russia), not every Iranian
                # transfer in the store (to the Houthis, in another story)
                continue
            od = _day(other.date)
            if nd and od and abs((nd - od).days) > DISPUTE_DAYS:
                continue
            reason = f"{neg.label} contradicts {other.label}"
            other.disputed = neg.disputed = True
            other.disputes.append({"fused_id": neg.id, "label": neg.label, "reason": reason})
            neg.disputes.append({"fused_id": other.id, "label": other.label, "reason": reason})
