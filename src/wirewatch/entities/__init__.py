"""The entity layer: NER mentions -> actors with CAMEO-style codes (docs/entities.md).

    from wirewatch.entities.extract import extract
    from wirewatch.entities.resolve import resolve
    candidates = extract(doc, article_id)          # one article's spaCy Doc
    result = resolve(candidates_of_all_articles)   # Entities, Mentions, MergeDecisions

``EntityStage`` runs both over the store. Knowledge lives in ``entities/data/*.yaml``.
The records import cheaply; the rest (which needs spaCy) loads on first use, so commands
that never touch entities do not pay for spaCy's import.
"""

from __future__ import annotations

from typing import Any

from wirewatch.entities.records import Candidate, Entity, MergeDecision, Mention, actor_code, entity_id

# (``extract``, ``resolve``, ``knowledge`` are not re-exported: they share their modules' names)
_LAZY = {
    "Resolution": "wirewatch.entities.resolve",
    "EntityStage": "wirewatch.entities.stage",
}

__all__ = ["Candidate", "Entity", "EntityStage", "MergeDecision", "Mention", "Resolution", "actor_code",
           "entity_id"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'wirewatch.entities' has no attribute {name!r}")
