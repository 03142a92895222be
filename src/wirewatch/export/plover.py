"""PLOVER JSON Lines export of fused events (PLOVER manual, ch. 6 "Data fields").

PLOVER's own field names where one exists (id, date, actor, recipient, event, mode, context,
event_text, text_info, cite_info, coder, coded_date), written in snake_case; wirewatch's
additions are prefixed ``ww_``: modality, attribution, corroboration, disputes, evidence.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import IO

from wirewatch import __version__


def _entity(p) -> dict:
    code = p.code or ""
    out = {"entity_text": p.name}
    if len(code) >= 3 and code[:3].isalpha() and code[:3].isupper():
        out["code"] = code[:3]
        if len(code) > 3:
            out["sector"] = code[3:]
    elif code:
        out["sector"] = code
    if p.entity_id:
        out["identifier_id"] = p.entity_id
    return out


def plover_record(f, articles: dict) -> dict:
    first = f.evidence[0]
    art = articles.get(first.evidence.article_id)
    text = art.text[first.evidence.start:first.evidence.end] if art else None
    return {
        "id": f.id,
        "has_event": True,
        "date": f.date,
        "actor": [_entity(p) for p in f.actors],
        "recipient": [_entity(p) for p in f.recipients],
        "event": [f.plover_type or f.type],
        "mode": [f.mode] if f.mode else [],
        "context": f.contexts,
        "event_text": [text] if text else [],
        "text_info": {"sequence": first.evidence.sentence, "start": first.evidence.start, "end": first.evidence.end},
        "cite_info": {
            "url": art.url if art else None,
            "title": art.title if art else None,
            "publication": art.source if art else None,
            "language": art.language if art else None,
            "coder": f"wirewatch {__version__}",
            "codebook": "plover (wirewatch vocabulary, see docs/events.md)",
        },
        "coder": f"wirewatch {__version__}",
        "coded_date": datetime.now(timezone.utc).date().isoformat(),
        "ww_type": f.type,
        "ww_cameo": f.cameo,
        "ww_modality": f.modality,
        "ww_modalities": f.modalities,
        "ww_date_precision": f.date_precision,
        "ww_location": f.location,
        "ww_corroboration": f.corroboration,
        "ww_publications": f.publications,
        "ww_disputed": f.disputed,
        "ww_disputes": f.disputes,
        "ww_attribution": [
            {
                "article_id": e.evidence.article_id,
                "source": e.attribution.source.text if e.attribution.source else None,
                "kind": e.attribution.kind,
                "cue": e.attribution.cue,
            }
            for e in f.evidence
        ],
        "ww_evidence": [
            {"article_id": e.evidence.article_id, "sentence": e.evidence.sentence,
             "start": e.evidence.start, "end": e.evidence.end, "modality": e.modality}
            for e in f.evidence
        ],
        "ww_confidence": f.confidence,
        "ww_belief": f.belief,  # the verifier's chance that a reader would call it right
    }


def export_plover(store, stream: IO[str]) -> int:
    """Write one PLOVER JSON object per fused event; returns how many."""
    fused = store.fused_events()
    ids = {e.evidence.article_id for f in fused for e in f.evidence}
    articles = {i: store.get_article(i) for i in ids}
    for f in fused:
        stream.write(json.dumps(plover_record(f, articles), ensure_ascii=False) + "\n")
    return len(fused)
