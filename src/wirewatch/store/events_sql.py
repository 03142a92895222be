"""Event and claim tables (mixin for SQLiteStore)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from wirewatch.claims.records import Claim
from wirewatch.events.fusion import FusedEvent
from wirewatch.events.records import Event


def _ids_clause(column: str, ids: Sequence[str] | None) -> tuple[str, list]:
    if ids is None:
        return "", []
    return f" WHERE {column} IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))]


class EventTables:
    conn: object  # sqlite3.Connection, provided by SQLiteStore

    def replace_article_events(self, article_ids: Sequence[str], events: Iterable[Event], claims: Iterable[Claim]) -> None:
        """Reprocessing an article replaces what was read from it."""
        with self.transaction():  # type: ignore[attr-defined]
            for aid in article_ids:
                self.conn.execute("DELETE FROM events WHERE article_id=?", (aid,))
                self.conn.execute("DELETE FROM claims WHERE article_id=?", (aid,))
            self.conn.executemany(
                "INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(e.id, e.evidence.article_id, e.type, e.modality, e.date, e.confidence,
                  json.dumps(e.to_dict(), ensure_ascii=False)) for e in events],
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?, ?, ?)",
                [(c.id, c.article_id, c.source.text if c.source else c.source_description, c.entity_id,
                  int(c.direct), json.dumps(c.to_dict(), ensure_ascii=False)) for c in claims],
            )

    def article_events(self, article_ids: Sequence[str] | None = None) -> list[Event]:
        where, args = _ids_clause("article_id", article_ids)
        rows = self.conn.execute("SELECT data FROM events" + where + " ORDER BY article_id, id", args)
        return [Event.from_dict(json.loads(r[0])) for r in rows]

    def claims(self, article_ids: Sequence[str] | None = None) -> list[Claim]:
        where, args = _ids_clause("article_id", article_ids)
        rows = self.conn.execute("SELECT data FROM claims" + where + " ORDER BY article_id, id", args)
        return [Claim.from_dict(json.loads(r[0])) for r in rows]

    def replace_fused_events(self, fused: Iterable[FusedEvent]) -> None:
        with self.transaction():  # type: ignore[attr-defined]
            self.conn.execute("DELETE FROM fused_events")
            for f in fused:
                self.conn.execute(
                    "INSERT INTO fused_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (f.id, f.type, f.label, f.modality, f.date, f.corroboration, f.publications,
                     int(f.disputed), json.dumps(f.to_dict(), ensure_ascii=False)),
                )
                self.conn.executemany(
                    "INSERT OR IGNORE INTO fused_evidence VALUES (?, ?)", [(f.id, e.id) for e in f.evidence]
                )

    def fused_event_count(self, article_ids: Sequence[str]) -> int:
        """How many fused events have evidence in these articles (a story's event count,
        without reading the events)."""
        return self.conn.execute(
            "SELECT COUNT(DISTINCT x.fused_id) FROM fused_evidence x JOIN events e ON e.id = x.event_id"
            " WHERE e.article_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(article_ids)),),
        ).fetchone()[0]

    def fused_events(self, article_ids: Sequence[str] | None = None) -> list[FusedEvent]:
        """Fused events, optionally only those with evidence in these articles."""
        if article_ids is None:
            rows = self.conn.execute("SELECT data FROM fused_events ORDER BY date IS NULL, date, id")
        else:
            # the ids first: DISTINCT over the rows would compare their (large) JSON data
            rows = self.conn.execute(
                "SELECT f.data FROM fused_events f WHERE f.id IN ("
                " SELECT x.fused_id FROM fused_evidence x JOIN events e ON e.id = x.event_id"
                " WHERE e.article_id IN (SELECT value FROM json_each(?)))"
                " ORDER BY f.date IS NULL, f.date, f.id",
                (json.dumps(list(article_ids)),),
            )
        return [FusedEvent.from_dict(json.loads(r[0])) for r in rows]
