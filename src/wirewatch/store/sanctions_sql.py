"""Sanctions tables of the SQLite store (migrations 0010 and 0040), as a mixin of :class:`SQLiteStore`.

Lists and their parties (0010); the screening of resolved actors and the flags on events (0040).

The mixin uses the host's ``self.conn`` (autocommit connection, Row factory) and its nestable
``self.transaction()``. Only this module writes SQL for the sanctions layer.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from typing import Any

from wirewatch.errors import StoreError
from wirewatch.sanctions.records import SOURCES, ActorHit, ListedParty, SanctionFlag

_JSON_COLS = ("nationalities", "birth_dates", "programmes", "regimes")
# inactive versions kept with their parties, newest first: the one before the active is enough
# to compare two loads, older ones keep only their bookkeeping row
_KEEP_INACTIVE = 1


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class SanctionsTables:
    """Sanctions list versions and their listed parties; actor screening hits; event flags."""

    conn: sqlite3.Connection
    transaction: "Callable[[], AbstractContextManager[None]]"  # provided by SQLiteStore

    def replace_list(
        self, source: str, file: str, parties: Iterable[ListedParty], *, fmt: str | None = None,
        generated: str | None = None, skipped: Iterable[str] = (),
    ) -> int:
        """Store a new version of ``source``'s list and make it the active one, in ONE transaction.

        Returns the new version's id. If anything fails the previous version stays active.
        """
        if source not in SOURCES:
            raise StoreError(f"unknown sanctions source {source!r}; use one of {', '.join(SOURCES)}")
        parties = list(parties)
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO sanctions_lists (source, format, file, generated, loaded_at, entries, active, skipped)"
                " VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                (source, fmt or source, file, generated, _now(), len(parties), json.dumps(list(skipped))),
            )
            list_id = int(cur.lastrowid or 0)
            try:
                self.conn.executemany(
                    "INSERT INTO sanctions_parties (list_id, list_ref, source, kind, name, nationalities,"
                    " birth_dates, programmes, regimes, listed_on, remarks) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (list_id, p.list_ref, p.source, p.kind, p.name,
                         *(json.dumps(getattr(p, c), ensure_ascii=False) for c in _JSON_COLS),
                         p.listed_on, p.remarks)
                        for p in parties
                    ],
                )
                self.conn.executemany(
                    "INSERT INTO sanctions_aliases (list_id, list_ref, position, name, quality) VALUES (?,?,?,?,?)",
                    [(list_id, p.list_ref, i, a[0], a[1]) for p in parties for i, a in enumerate(p.aliases)],
                )
            except sqlite3.IntegrityError as exc:
                raise StoreError(f"cannot store {file}: {exc} (duplicate list reference?)") from exc
            self.conn.execute("UPDATE sanctions_lists SET active=0 WHERE source=? AND active=1", (source,))
            self.conn.execute("UPDATE sanctions_lists SET active=1 WHERE id=?", (list_id,))
            stale = [
                r[0] for r in self.conn.execute(
                    "SELECT id FROM sanctions_lists WHERE source=? AND active=0 ORDER BY id DESC LIMIT -1 OFFSET ?",
                    (source, _KEEP_INACTIVE),
                )
            ]
            for old in stale:
                self.conn.execute("DELETE FROM sanctions_aliases WHERE list_id=?", (old,))
                self.conn.execute("DELETE FROM sanctions_parties WHERE list_id=?", (old,))
        return list_id

    def list_versions(self, source: str | None = None) -> list[dict[str, Any]]:
        """Every stored load, newest first: id, source, format, file, generated, loaded_at, entries, active."""
        sql = "SELECT * FROM sanctions_lists" + (" WHERE source=?" if source else "") + " ORDER BY id DESC"
        out = []
        for row in self.conn.execute(sql, (source,) if source else ()):
            data = dict(row)
            data["active"] = bool(data["active"])
            data["skipped"] = json.loads(data["skipped"] or "[]")
            out.append(data)
        return out

    def _parties(self, where: str, params: tuple[Any, ...]) -> Iterator[ListedParty]:
        rows = self.conn.execute(
            "SELECT p.* FROM sanctions_parties p JOIN sanctions_lists l ON l.id = p.list_id"
            f" WHERE l.active = 1 {where} ORDER BY p.source, p.list_ref",
            params,
        ).fetchall()
        aliases: dict[tuple[int, str], list[tuple[str, str]]] = {}
        list_ids = sorted({r["list_id"] for r in rows})
        for list_id in list_ids:
            for a in self.conn.execute(
                "SELECT list_ref, name, quality FROM sanctions_aliases WHERE list_id=? ORDER BY list_ref, position",
                (list_id,),
            ):
                aliases.setdefault((list_id, a[0]), []).append((a[1], a[2]))
        for r in rows:
            data = dict(r)
            for col in _JSON_COLS:
                data[col] = json.loads(data[col] or "[]")
            data["aliases"] = aliases.get((r["list_id"], r["list_ref"]), [])
            yield ListedParty.from_dict(data)

    def listed_parties(self, source: str | None = None, regime: str | None = None) -> list[ListedParty]:
        """Parties of the ACTIVE version of each list, optionally of one source and/or one regime id."""
        where, params = "", ()  # type: tuple[str, tuple[Any, ...]]
        if source:
            where += " AND p.source = ?"
            params += (source,)
        if regime:
            where += " AND EXISTS (SELECT 1 FROM json_each(p.regimes) WHERE value = ?)"
            params += (regime,)
        return list(self._parties(where, params))

    def count_listed_parties(self) -> dict[str, int]:
        """Parties per source in the active versions ({} when no list is loaded)."""
        rows = self.conn.execute(
            "SELECT source, entries FROM sanctions_lists WHERE active = 1 ORDER BY source"
        )
        return {r[0]: r[1] for r in rows}

    def active_list_ids(self) -> list[int]:
        """Ids of the active list versions, one per loaded source ([] when none is loaded)."""
        return [r[0] for r in self.conn.execute("SELECT id FROM sanctions_lists WHERE active = 1 ORDER BY id")]

    # -- screening of resolved actors (0040) ------------------------------------------------------
    def replace_entity_hits(
        self, hits: Iterable[ActorHit], *, lists: Sequence[int], fingerprint: str, entities: int,
        names: int, seconds: float,
    ) -> None:
        """Replace every actor hit with ``hits`` and record the run, in ONE transaction."""
        hits = list(hits)
        with self.transaction():
            self.conn.execute("DELETE FROM entity_screening")
            self.conn.executemany(
                "INSERT OR REPLACE INTO entity_screening (entity_id, list_source, list_ref, entity_name, entity_type,"
                " screened_name, party_name, matched_name, score, reason, kind, regimes)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(h.entity_id, h.source, h.list_ref, h.entity_name, h.entity_type, h.screened_name, h.party_name,
                  h.matched_name, h.score, h.reason, h.kind, json.dumps(h.regimes)) for h in hits],
            )
            self.conn.execute(
                "INSERT INTO screening_runs (at, lists, fingerprint, entities, names, hits, seconds)"
                " VALUES (?,?,?,?,?,?,?)",
                (_now(), json.dumps(list(lists)), fingerprint, entities, names, len(hits), round(seconds, 3)),
            )

    def last_screening(self) -> dict[str, Any] | None:
        """The latest screening run (at, lists, fingerprint, entities, names, hits, seconds) or None."""
        row = self.conn.execute("SELECT * FROM screening_runs ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        data = dict(row)
        data["lists"] = json.loads(data["lists"])
        return data

    def entity_hits(self, entity_ids: Sequence[str] | None = None) -> list[ActorHit]:
        """Screening hits of existing entities (of these ones when given), best score first."""
        sql = ("SELECT s.* FROM entity_screening s JOIN entities e ON e.id = s.entity_id")
        args: tuple[Any, ...] = ()
        if entity_ids is not None:
            sql += " WHERE s.entity_id IN (SELECT value FROM json_each(?))"
            args = (json.dumps(list(entity_ids)),)
        out = []
        for r in self.conn.execute(sql + " ORDER BY s.score DESC, s.entity_name, s.list_ref", args):
            data = dict(r)
            data["source"] = data.pop("list_source")
            data["regimes"] = json.loads(data["regimes"] or "[]")
            out.append(ActorHit.from_dict(data))
        return out

    # -- flags on events (0040) -------------------------------------------------------------------
    def save_sanction_flags(self, flags: Iterable[SanctionFlag], *, replace_articles: Sequence[str] | None = None) -> int:
        """Store flags (same id: replaced). With ``replace_articles`` the flags of those articles are
        deleted first, so re-flagging an article drops findings that no longer hold. Returns the count."""
        flags = list(flags)
        with self.transaction():
            if replace_articles is not None:
                self.conn.execute(
                    "DELETE FROM sanction_flags WHERE article_id IN (SELECT value FROM json_each(?))",
                    (json.dumps(list(replace_articles)),),
                )
            try:
                self.conn.executemany(
                    "INSERT OR REPLACE INTO sanction_flags (id, article_id, start_char, end_char, event_id, kind,"
                    " regime, measure, status, day, data) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [(f.id, f.article_id, f.start, f.end, f.event_id, f.kind, f.regime, f.measure, f.status, f.day,
                      json.dumps(f.to_dict(), ensure_ascii=False)) for f in flags],
                )
            except sqlite3.IntegrityError as exc:
                raise StoreError(f"cannot store sanctions flags: {exc} (a flag on an unknown article?)") from exc
        return len(flags)

    def sanction_flags(self, article_ids: Sequence[str] | None = None) -> list[SanctionFlag]:
        """Flags with evidence in these articles (all when None), in article and text order."""
        sql = "SELECT data FROM sanction_flags"
        args: tuple[Any, ...] = ()
        if article_ids is not None:
            sql += " WHERE article_id IN (SELECT value FROM json_each(?))"
            args = (json.dumps(list(article_ids)),)
        rows = self.conn.execute(sql + " ORDER BY article_id, start_char, kind, regime, measure, id", args)
        return [SanctionFlag.from_dict(json.loads(r[0])) for r in rows]
