"""Events: the PLOVER coder, modality, dates and event extraction over articles.

    from wirewatch.events import extract_events, load_coder, modality_of, find_dates

See docs/events.md for the method and its measured quality. Names are imported on first
use: ``wirewatch.claims`` and ``wirewatch.events`` share the tokenizer in
``wirewatch.events.text``, and an eager import here would make the two packages import
each other in a circle.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Coded": "coder", "EventCoder": "coder", "load_coder": "coder",
    "DateRef": "dates", "best_date": "dates", "find_dates": "dates",
    "extract_events": "extract",
    "MODALITIES": "modality", "Modality": "modality", "modality_of": "modality",
    "ActorRef": "records", "AttributionRef": "records", "Event": "records",
    "Evidence": "records",
    "Vocabulary": "vocab", "lexicon": "vocab", "vocabulary": "vocab",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'wirewatch.events' has no attribute {name!r}")
    return getattr(importlib.import_module(f"wirewatch.events.{module}"), name)
