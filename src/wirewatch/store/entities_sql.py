"""Entity tables of the SQLite store (migration 0020), as a mixin of :class:`SQLiteStore`.

The mixin uses the host's ``self.conn`` (autocommit connection, Row factory) and its nestable
``self.transaction()``. Only this module writes SQL for the entity layer.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timezone

from wirewatch.entities.records import ENTITY_TYPES, Candidate, Entity, MergeDecision, Mention
from wirewatch.errors import StoreError

_ENTITY_COLS = ("id", "name", "type", "country", "sector", "role", "code", "mention_count", "article_count")


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _ids_json(ids: Iterable[str]) -> str:
    # one JSON parameter instead of N placeholders: no SQLite variable limit on large scopes
    return json.dumps(list(ids))


class EntityTables:
    """Entities, their aliases and mentions, merge decisions, and per-article candidates."""

    conn: sqlite3.Connection
    transaction: Callable[[], AbstractContextManager[None]]  # provided by the store

    # -- per-article extraction output --------------------------------------------------------
    def save_entity_candidates(self, version: str, items: Mapping[str, Sequence[Candidate]]) -> None:
        """Store what extraction read in each article (replacing earlier reads)."""
        with self.transaction():
            self.conn.executemany(
                "INSERT OR REPLACE INTO entity_candidates (article_id, version, data) VALUES (?, ?, ?)",
                [(aid, version, json.dumps([c.to_dict() for c in cands], ensure_ascii=False))
                 for aid, cands in items.items()],
            )

    def entity_candidates(self, article_ids: Sequence[str] | None = None) -> Iterator[Candidate]:
        """Stored candidates of these articles (all when None), in ingest order."""
        sql = "SELECT c.data FROM entity_candidates c JOIN articles a ON a.id = c.article_id"
        args: tuple = ()
        if article_ids is not None:
            sql += " WHERE c.article_id IN (SELECT value FROM json_each(?))"
            args = (_ids_json(article_ids),)
        cur = self.conn.execute(sql + " ORDER BY a.rowid", args)
        while rows := cur.fetchmany(200):
            for row in rows:
                for data in json.loads(row[0]):
                    yield Candidate.from_dict(data)

    def stale_entity_candidates(self, version: str) -> list[str]:
        """Articles whose stored candidates came from another extractor or data version."""
        rows = self.conn.execute("SELECT article_id FROM entity_candidates WHERE version != ?", (version,))
        return [r[0] for r in rows]

    def entity_scope_ids(self) -> list[str]:
        """Every article with stored candidates, in ingest order: the default resolution scope."""
        rows = self.conn.execute(
            "SELECT c.article_id FROM entity_candidates c JOIN articles a ON a.id = c.article_id ORDER BY a.rowid"
        )
        return [r[0] for r in rows]

    # -- resolution output ----------------------------------------------------------------------
    def replace_entities(
        self, entities: Iterable[Entity], mentions: Iterable[Mention], decisions: Iterable[MergeDecision],
        *, scope: Sequence[str] | None = None,
    ) -> None:
        """Replace the entity layer in ONE transaction.

        ``scope=None`` replaces everything. With a list of article ids only their mentions and
        decisions are replaced; entities are upserted, counts recomputed from the mentions, and
        entities left without mentions removed.
        """
        entities, mentions, decisions = list(entities), list(mentions), list(decisions)
        at = _now()
        with self.transaction():
            if scope is None:
                for table in ("merge_decisions", "mentions", "entity_aliases", "entities"):
                    self.conn.execute(f"DELETE FROM {table}")
            else:
                ids = _ids_json(scope)
                self.conn.execute("DELETE FROM mentions WHERE article_id IN (SELECT value FROM json_each(?))", (ids,))
                self.conn.execute("DELETE FROM merge_decisions WHERE article_id IN (SELECT value FROM json_each(?))", (ids,))
            try:
                self.conn.executemany(
                    f"INSERT INTO entities ({', '.join(_ENTITY_COLS)}) VALUES ({', '.join('?' * len(_ENTITY_COLS))}) "
                    "ON CONFLICT(id) DO UPDATE SET name=excluded.name, type=excluded.type, country=excluded.country, "
                    "sector=excluded.sector, role=excluded.role, code=excluded.code",
                    [(e.id, e.name, e.type, e.country, e.sector, e.role, e.code, e.mention_count, e.article_count)
                     for e in entities],
                )
                self.conn.executemany(
                    "INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)",
                    [(e.id, a) for e in entities for a in e.aliases],
                )
                self.conn.executemany(
                    "INSERT INTO mentions (article_id, entity_id, sentence, start_char, end_char, text, label, code, how)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(m.article_id, m.entity_id, m.sentence, m.start, m.end, m.text, m.label, m.code, m.how)
                     for m in mentions],
                )
                self.conn.executemany(
                    "INSERT INTO merge_decisions (entity_id, alias, rule, score, reason, article_id, decided_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(d.entity_id, d.alias, d.rule, d.score, d.reason, d.article_id, at) for d in decisions],
                )
            except sqlite3.IntegrityError as exc:
                raise StoreError(f"cannot store entities: {exc} (a mention of an unknown article or entity?)") from exc
            if scope is not None:
                self.conn.execute(
                    "UPDATE entities SET mention_count = (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = entities.id),"
                    " article_count = (SELECT COUNT(DISTINCT article_id) FROM mentions m WHERE m.entity_id = entities.id)"
                )
                self.conn.execute("DELETE FROM entities WHERE mention_count = 0")

    # -- queries --------------------------------------------------------------------------------
    def _entities(self, rows: list[sqlite3.Row]) -> list[Entity]:
        ids = [r["id"] for r in rows]
        aliases: dict[str, list[str]] = defaultdict(list)
        if ids:
            for r in self.conn.execute(
                "SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN (SELECT value FROM json_each(?))"
                " ORDER BY alias", (_ids_json(ids),),
            ):
                aliases[r[0]].append(r[1])
        return [
            Entity(id=r["id"], name=r["name"], type=r["type"], country=r["country"], sector=r["sector"], role=r["role"],
                   aliases=aliases[r["id"]], mention_count=r["mention_count"], article_count=r["article_count"])
            for r in rows
        ]

    def entities(
        self, *, type: str | None = None, article_ids: Sequence[str] | None = None, limit: int | None = None,
    ) -> list[Entity]:
        """Entities, most widely mentioned first. With ``article_ids`` (a story's articles, say)
        only entities mentioned there, with counts taken over those articles."""
        if type is not None and type not in ENTITY_TYPES:
            raise StoreError(f"unknown entity type {type!r}; use one of {', '.join(ENTITY_TYPES)}")
        where, args = [], []
        if type is not None:
            where.append("e.type = ?")
            args.append(type)
        if article_ids is None:
            sql = "SELECT e.* FROM entities e"
        else:
            sql = ("SELECT e.id, e.name, e.type, e.country, e.sector, e.role, e.code, COUNT(m.id) AS mention_count,"
                   " COUNT(DISTINCT m.article_id) AS article_count FROM entities e JOIN mentions m ON m.entity_id = e.id")
            where.append("m.article_id IN (SELECT value FROM json_each(?))")
            args.append(_ids_json(article_ids))
        if where:
            sql += " WHERE " + " AND ".join(where)
        if article_ids is not None:
            sql += " GROUP BY e.id"
        sql += " ORDER BY article_count DESC, mention_count DESC, e.name"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self._entities(self.conn.execute(sql, args).fetchall())

    def get_entity(self, entity_id: str) -> Entity | None:
        found = self._entities(self.conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchall())
        return found[0] if found else None

    def find_entities(self, query: str) -> list[Entity]:
        """Entities whose id, unique id prefix (4+ characters), name or alias is ``query``
        (case-insensitive); exact ids and names first."""
        q = query.strip()
        for sql, arg in (
            ("SELECT * FROM entities WHERE id = ?", q.lower()),
            ("SELECT * FROM entities WHERE name = ? COLLATE NOCASE ORDER BY mention_count DESC", q),
            ("SELECT e.* FROM entities e JOIN entity_aliases a ON a.entity_id = e.id WHERE a.alias = ? COLLATE NOCASE"
             " GROUP BY e.id ORDER BY e.mention_count DESC", q),
        ):
            rows = self.conn.execute(sql, (arg,)).fetchall()
            if rows:
                return self._entities(rows)
        if len(q) >= 4:
            rows = self.conn.execute("SELECT * FROM entities WHERE id LIKE ?", (q.lower() + "%",)).fetchall()
            return self._entities(rows)
        return []

    def mentions(self, entity_id: str | None = None, article_id: str | None = None,
                 limit: int | None = None, *, article_ids: Sequence[str] | None = None) -> list[Mention]:
        """Mentions of one entity, or in one article, or in these articles (a story's), or all;
        by article id, then by place in the text."""
        where, args = [], []
        if entity_id is not None:
            where.append("entity_id = ?")
            args.append(entity_id)
        if article_id is not None:
            where.append("article_id = ?")
            args.append(article_id)
        if article_ids is not None:
            where.append("article_id IN (SELECT value FROM json_each(?))")
            args.append(_ids_json(article_ids))
        sql = "SELECT * FROM mentions" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY article_id, start_char" + (f" LIMIT {int(limit)}" if limit else "")
        rows = self.conn.execute(sql, args)
        return [
            Mention(article_id=r["article_id"], sentence=r["sentence"], start=r["start_char"], end=r["end_char"],
                    text=r["text"], label=r["label"], entity_id=r["entity_id"], code=r["code"], how=r["how"])
            for r in rows
        ]

    def merge_decisions(self, entity_id: str | None = None, alias: str | None = None) -> list[MergeDecision]:
        """Decisions about one entity, or about one written form (case-insensitive), or all."""
        where, args = [], []
        if entity_id is not None:
            where.append("entity_id = ?")
            args.append(entity_id)
        if alias is not None:
            where.append("alias = ? COLLATE NOCASE")
            args.append(alias)
        sql = "SELECT * FROM merge_decisions" + (" WHERE " + " AND ".join(where) if where else "")
        return [
            MergeDecision(entity_id=r["entity_id"], alias=r["alias"], rule=r["rule"], score=r["score"],
                          reason=r["reason"], article_id=r["article_id"])
            for r in self.conn.execute(sql + " ORDER BY id", args)
        ]
