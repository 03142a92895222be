"""Event records: what happened between which actors, when, where, how sure, and who says so.

Kept beside the event stage (not in ``wirewatch.records``) because only events and the
stages after them use these; they reuse the shared :class:`wirewatch.records.Record` mixin.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from wirewatch.records import Record


@dataclass
class ActorRef(Record):
    """An actor as mentioned: text and char offsets into the article text.

    ``entity_id`` / ``code`` (e.g. a PLOVER country code "PRK") and ``kind`` (the entity's
    type: "person", "country", "organisation", ...) are filled by the entity layer's resolver
    when one is given to :func:`wirewatch.events.extract.extract_events`. The kind tells a
    named person coded by country alone ("USA") from the state or a body of it.
    """

    text: str
    start: int
    end: int
    entity_id: str | None = None
    code: str | None = None
    kind: str | None = None


@dataclass
class AttributionRef(Record):
    """Who reports the event. ``source`` None means the outlet itself (``kind`` "outlet")."""

    source: ActorRef | None = None
    cue: str | None = None  # "according to", "reported", "asserted", ...
    cue_start: int | None = None
    cue_end: int | None = None
    kind: str = "outlet"  # outlet | named | according-to | quote

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "AttributionRef":
        src = data.get("source")
        return cls(source=ActorRef.from_dict(src) if isinstance(src, dict) else src,
                   cue=data.get("cue"), cue_start=data.get("cue_start"),
                   cue_end=data.get("cue_end"), kind=data.get("kind", "outlet"))


@dataclass
class Evidence(Record):
    """Where the event is stated: article, sentence index, char span of the sentence."""

    article_id: str
    sentence: int
    start: int
    end: int


@dataclass
class Event(Record):
    """One coded event.

    ``type`` is the PLOVER type of the action itself (AID for "would supply weapons") and
    ``modality`` says whether it happened; ``plover_type`` is what the PLOVER codebook would
    record (cooperation that is only planned is AGREE, a negated one REJECT or SANCTION), for
    export to PLOVER/CAMEO-based tools. ``date`` is ISO (YYYY-MM-DD / YYYY-MM / YYYY) per
    ``date_precision``; ``date_relative`` marks dates resolved against the publication date.
    """

    type: str
    actors: list[ActorRef]
    recipients: list[ActorRef]
    evidence: Evidence
    plover_type: str = ""
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    cameo: str | None = None
    date: str | None = None
    date_precision: str = "unknown"
    date_relative: bool = False
    location: str | None = None
    modality: str = "asserted"
    modality_cue: str | None = None
    attribution: AttributionRef = field(default_factory=AttributionRef)
    trigger: str | None = None  # the word the event was read from
    confidence: float = 0.0  # the coder's, for the type
    # the verifier's chance that a reader would call this reading right (events/verify.py);
    # None where no verifier ran
    belief: float | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = self.content_id()

    def content_id(self) -> str:
        """Hash of what the event says and where: the same event from the same text, same id."""
        key = {
            "type": self.type, "modality": self.modality,
            "actors": [(a.start, a.end) for a in self.actors],
            "recipients": [(a.start, a.end) for a in self.recipients],
            "evidence": [self.evidence.article_id, self.evidence.start, self.evidence.end],
        }
        digest = hashlib.sha1(json.dumps(key, sort_keys=True).encode("utf-8")).hexdigest()
        return "ev_" + digest[:16]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Event":
        data = dict(data)
        data["actors"] = [ActorRef.from_dict(a) for a in data.get("actors", [])]
        data["recipients"] = [ActorRef.from_dict(a) for a in data.get("recipients", [])]
        data["evidence"] = Evidence.from_dict(data["evidence"])
        if isinstance(data.get("attribution"), dict):
            data["attribution"] = AttributionRef.from_dict(data["attribution"])
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})
