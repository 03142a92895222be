"""Claim records: an attributed statement -- who says, with which cue, what."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from wirewatch.records import Record

# The prepositions and particles a phrasal cue ends with: "pointed to", "called for",
# "called on", "is speaking out" (wirewatch.claims.extract marks them as part of the cue)
CUE_PARTICLES = frozenset({"to", "for", "about", "with", "out", "against", "on"})


@dataclass
class Span(Record):
    """Text with char offsets [start, end) into the article text."""

    text: str
    start: int
    end: int


@dataclass
class Claim(Record):
    """An attributed statement.

    ``source`` is the speaker's mention (a pronoun stays a pronoun: no coreference yet);
    None with ``source_description`` set when the speaker is unnamed or implicit ("officials",
    "the outlet"). ``direct`` is True for quoted words. ``stance`` is the speaker's stance
    towards the content where the cue makes it plain: "assert", "deny", "criticise",
    "support", "warn", "speculate" or None.
    """

    article_id: str
    sentence: int
    cue: Span
    content: Span
    source: Span | None = None
    source_description: str | None = None
    direct: bool = False
    stance: str | None = None
    entity_id: str | None = None  # the speaker's entity, once resolved
    confidence: float = 0.0
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            key = [self.article_id, self.cue.start, self.cue.end, self.content.start,
                   self.content.end, self.source.start if self.source else None]
            self.id = "cl_" + hashlib.sha1(json.dumps(key).encode("utf-8")).hexdigest()[:16]

    @property
    def cue_word(self) -> str:
        """The reporting word itself: the cue span opens with the verb's auxiliaries, negation
        and adverbs ("has also said", "did not deny"); "according to" stays whole."""
        words = self.cue.text.split()
        if not words or self.cue.text.lower().startswith("according"):
            return self.cue.text
        return words[-2] if self.phrasal else words[-1]  # "pointed to": the verb before its particle

    @property
    def phrasal(self) -> bool:
        """The cue ends with its verb's preposition or particle ("pointed to", "called for"):
        the content is what the preposition governs, a phrase rather than a clause."""
        words = self.cue.text.split()
        return len(words) > 1 and words[-1].lower() in CUE_PARTICLES and not self.cue.text.lower().startswith("according")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Claim":
        data = dict(data)
        for k in ("cue", "content", "source"):
            if isinstance(data.get(k), dict):
                data[k] = Span.from_dict(data[k])
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})
