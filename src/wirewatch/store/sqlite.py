"""SQLite backend: WAL, foreign keys, FTS5, numbered migrations applied in transactions."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from wirewatch.errors import StoreError
from wirewatch.records import Article, DupRelation, IngestError
from wirewatch.store.docs_sql import DocTables
from wirewatch.store.entities_sql import EntityTables
from wirewatch.store.events_sql import EventTables
from wirewatch.store.sanctions_sql import SanctionsTables
from wirewatch.store.stories_sql import StoryTables

_ARTICLE_COLS = (
    "id", "text_hash", "title", "source", "path", "url", "author", "published",
    "published_from", "language", "text", "boilerplate", "ingested_at", "version_of", "copy_group",
)


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every ``store/migrations/NNNN_name.sql``, in order."""
    found = []
    for entry in resources.files("wirewatch.store").joinpath("migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name[5:-4], entry.read_text(encoding="utf-8")))
    return sorted(found)


class SQLiteStore(DocTables, EntityTables, EventTables, SanctionsTables, StoryTables):
    """The default store. Safe against a killed process: every batch is one transaction."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"cannot open store {self.path}: folder {parent} does not exist")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            # NORMAL in WAL mode survives a killed process (not a power cut) and is much faster.
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA busy_timeout=10000")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc} (is it a wirewatch SQLite file?)") from exc
        self._depth = 0
        self.migrate()

    # -- schema -----------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply pending migrations, each in its own transaction. Returns the versions applied."""
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        applied = []
        for version, name, sql in _migrations():
            if version in done:
                continue
            script = (
                f"BEGIN IMMEDIATE;\n{sql}\n"
                f"INSERT INTO schema_migrations VALUES ({version}, '{name}', '{now_iso()}');\nCOMMIT;"
            )
            try:
                self.conn.executescript(script)
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise StoreError(f"migration {version:04d}_{name} failed: {exc}") from exc
            applied.append(version)
        return applied

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Nestable: only the outermost block commits; any exception rolls everything back."""
        if self._depth == 0:
            self.conn.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self.conn.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # -- articles ---------------------------------------------------------------------------
    def add_article(self, article: Article) -> str:
        with self.transaction():
            if self.conn.execute("SELECT 1 FROM articles WHERE id=?", (article.id,)).fetchone():
                return "exists"
            status = "added"
            if article.url:
                prev = self.conn.execute(
                    "SELECT id FROM articles WHERE url=? ORDER BY rowid DESC LIMIT 1", (article.url,)
                ).fetchone()
                if prev is not None:
                    article.version_of = prev[0]
                    status = "version"
            article.ingested_at = article.ingested_at or now_iso()
            row = article.to_dict()
            row["boilerplate"] = json.dumps(article.boilerplate, ensure_ascii=False)
            self.conn.execute(
                f"INSERT INTO articles ({', '.join(_ARTICLE_COLS)}) "
                f"VALUES ({', '.join('?' * len(_ARTICLE_COLS))})",
                [row[c] for c in _ARTICLE_COLS],
            )
            return status

    @staticmethod
    def _article(row: sqlite3.Row) -> Article:
        data = dict(row)
        data["boilerplate"] = json.loads(data["boilerplate"] or "[]")
        return Article.from_dict(data)

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return self._article(row) if row else None

    def find_article(self, prefix: str) -> Article | None:
        """An article by full id or unique id prefix (at least 4 characters)."""
        if len(prefix) < 4:
            return None
        rows = self.conn.execute(
            "SELECT * FROM articles WHERE id LIKE ? LIMIT 2", (prefix.lower() + "%",)
        ).fetchall()
        return self._article(rows[0]) if len(rows) == 1 else None

    def iter_articles(self, *, order: str = "published") -> Iterator[Article]:
        orders = {
            "published": "published IS NULL, published, rowid",
            "ingested": "rowid",
        }
        if order not in orders:
            raise StoreError(f"unknown order {order!r}; use one of {sorted(orders)}")
        # fetch in pages so memory stays bounded on a large store
        cur = self.conn.execute(f"SELECT * FROM articles ORDER BY {orders[order]}")
        while rows := cur.fetchmany(500):
            yield from (self._article(row) for row in rows)

    def sources(self) -> set[str]:
        """The distinct outlet names in the store."""
        return {r[0] for r in self.conn.execute("SELECT DISTINCT source FROM articles")}

    def count_articles(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def texts(self, ids: Sequence[str]) -> Mapping[str, str]:
        out: dict[str, str] = {}
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            q = f"SELECT id, text FROM articles WHERE id IN ({', '.join('?' * len(chunk))})"
            out.update({r[0]: r[1] for r in self.conn.execute(q, chunk)})
        return out

    def search(self, query: str, limit: int = 20) -> list[Article]:
        try:
            rows = self.conn.execute(
                "SELECT a.* FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc
        return [self._article(r) for r in rows]

    # -- stage bookkeeping ------------------------------------------------------------------
    def pending(self, stage: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id NOT IN "
            "(SELECT article_id FROM stage_runs WHERE stage=?) ORDER BY rowid",
            (stage,),
        )
        return [r[0] for r in rows]

    def mark_done(self, stage: str, ids: Iterable[str]) -> None:
        at = now_iso()
        with self.transaction():
            self.conn.executemany(
                "INSERT OR REPLACE INTO stage_runs VALUES (?, ?, ?)", [(i, stage, at) for i in ids]
            )

    # -- duplicates -------------------------------------------------------------------------
    def add_dup_relations(self, relations: Iterable[DupRelation]) -> None:
        with self.transaction():
            self.conn.executemany(
                "INSERT OR REPLACE INTO dup_relations VALUES (?, ?, ?, ?)",
                [(r.a, r.b, r.kind, r.score) for r in relations],
            )

    def dup_relations(self, ids: Iterable[str] | None = None) -> list[DupRelation]:
        """All relations, or those touching any of ``ids``."""
        if ids is None:
            rows = self.conn.execute("SELECT a, b, kind, score FROM dup_relations ORDER BY a, b")
        else:
            rows = self.conn.execute(
                "SELECT a, b, kind, score FROM dup_relations WHERE a IN (SELECT value FROM json_each(?1)) "
                "OR b IN (SELECT value FROM json_each(?1)) ORDER BY a, b",
                (json.dumps(sorted(set(ids))),),
            )
        return [DupRelation(a=r[0], b=r[1], kind=r[2], score=r[3]) for r in rows]

    def save_signatures(self, items: Iterable[tuple[str, bytes]]) -> None:
        with self.transaction():
            self.conn.executemany("INSERT OR REPLACE INTO minhash VALUES (?, ?)", list(items))

    def iter_signatures(self) -> Iterator[tuple[str, bytes]]:
        cur = self.conn.execute("SELECT article_id, signature FROM minhash ORDER BY rowid")
        while rows := cur.fetchmany(2000):
            yield from ((r[0], bytes(r[1])) for r in rows)

    def set_copy_groups(self, groups: Mapping[str, str]) -> None:
        with self.transaction():
            self.conn.executemany(
                "UPDATE articles SET copy_group=? WHERE id=? AND copy_group IS NOT ?",
                [(g, a, g) for a, g in groups.items()],
            )

    def article_dates(self, ids: Iterable[str] | None = None) -> dict[str, str | None]:
        """Publication date per article (all, or those of ``ids``), without reading texts."""
        if ids is None:
            rows = self.conn.execute("SELECT id, published FROM articles")
        else:
            rows = self.conn.execute("SELECT id, published FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                                     (json.dumps(sorted(set(ids))),))
        return {r[0]: r[1] for r in rows}

    def copy_group_meta(self, ids: Iterable[str] | None = None) -> dict[str, tuple[str | None, int]]:
        """(published, text length) per article: what picks a copy group's canonical article."""
        if ids is None:
            rows = self.conn.execute("SELECT id, published, length(text) FROM articles")
        else:
            rows = self.conn.execute(
                "SELECT id, published, length(text) FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted(set(ids))),),
            )
        return {r[0]: (r[1], r[2]) for r in rows}

    # -- flags ------------------------------------------------------------------------------
    def set_flag(self, key: str, value: str | None) -> None:
        """A small persistent marker (None deletes it); e.g. a stage's unfinished store-wide step."""
        with self.transaction():
            if value is None:
                self.conn.execute("DELETE FROM kv WHERE key=?", (key,))
            else:
                self.conn.execute("INSERT OR REPLACE INTO kv VALUES (?, ?)", (key, value))

    def flag(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM kv WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    # -- errors -----------------------------------------------------------------------------
    def record_error(self, error: IngestError) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO ingest_errors (item, reason, at) VALUES (?, ?, ?)",
                (error.item, error.reason, error.at or now_iso()),
            )

    def ingest_errors(self) -> list[IngestError]:
        rows = self.conn.execute("SELECT item, reason, at FROM ingest_errors ORDER BY id")
        return [IngestError(item=r[0], reason=r[1], at=r[2]) for r in rows]


def open_store(path: str | Path) -> SQLiteStore:
    return SQLiteStore(path)
