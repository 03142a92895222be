"""Story tables (mixin for SQLiteStore): assignments, merges, and the clusterer's persisted state."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass
class StoryRow:
    id: str
    title: str
    first_seen: str | None
    last_seen: str | None
    size: int
    created_at: str
    merged_into: str | None = None

    def to_dict(self) -> dict:
        return dict(self.__dict__)


class StoryTables:
    conn: object  # sqlite3.Connection, provided by SQLiteStore

    def story_df(self) -> tuple[int, dict[str, int]]:
        n = self.conn.execute("SELECT value FROM kv WHERE key='story_docs'").fetchone()
        df = {r[0]: r[1] for r in self.conn.execute("SELECT term, df FROM term_df")}
        return (int(n[0]) if n else 0), df

    def story_states(
        self, since: str | None, exclude: Iterable[str] = (), only: Iterable[str] | None = None
    ) -> list[tuple[StoryRow, dict[str, float]]]:
        """Live stories last seen on/after ``since`` (all when None, plus undated ones), with centroids."""
        skip = set(exclude)
        if only is not None:
            ids = list(only)
            rows = self.conn.execute(
                f"SELECT * FROM stories WHERE id IN ({', '.join('?' * len(ids))})", ids
            ).fetchall()
        elif since is None:
            rows = self.conn.execute("SELECT * FROM stories WHERE merged_into IS NULL").fetchall()
        else:
            rows = self.conn.execute(
                "SELECT * FROM stories WHERE merged_into IS NULL AND (last_seen IS NULL OR last_seen >= ?)",
                (since,),
            ).fetchall()
        out = []
        for r in rows:
            if r["id"] in skip:
                continue
            terms = {t: w for t, w in self.conn.execute(
                "SELECT term, weight FROM story_terms WHERE story_id=?", (r["id"],))}
            out.append((StoryRow(**dict(r)), terms))
        return out

    def save_story_step(
        self,
        *,
        stories: Iterable[tuple[StoryRow, Mapping[str, float]]],
        assignments: Iterable[tuple[str, str, float, str]],
        merges: Iterable[tuple[str, str, float, str, str]],
        df_delta: Mapping[str, int],
        docs_delta: int,
    ) -> None:
        """Write one batch of clustering: story rows + centroids, article assignments, merges, df."""
        with self.transaction():  # type: ignore[attr-defined]
            for row, centroid in stories:
                self.conn.execute(
                    "INSERT INTO stories (id, title, first_seen, last_seen, size, created_at, merged_into) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET title=excluded.title, "
                    "first_seen=excluded.first_seen, last_seen=excluded.last_seen, size=excluded.size, "
                    "merged_into=excluded.merged_into",
                    (row.id, row.title, row.first_seen, row.last_seen, row.size, row.created_at, row.merged_into),
                )
                self.conn.execute("DELETE FROM story_terms WHERE story_id=?", (row.id,))
                self.conn.executemany(
                    "INSERT INTO story_terms VALUES (?, ?, ?)", [(row.id, t, w) for t, w in centroid.items()]
                )
            self.conn.executemany(
                "INSERT OR REPLACE INTO story_articles VALUES (?, ?, ?, ?)", list(assignments)
            )
            for absorbed, into, score, reason, at in merges:
                self.conn.execute(
                    "INSERT INTO story_merges (absorbed, into_id, score, reason, at) VALUES (?, ?, ?, ?, ?)",
                    (absorbed, into, score, reason, at),
                )
                # members follow their story; the absorbed story stays as a pointer (stable ids)
                self.conn.execute("UPDATE story_articles SET story_id=? WHERE story_id=?", (into, absorbed))
                self.conn.execute("UPDATE stories SET merged_into=? WHERE merged_into=?", (into, absorbed))
            self.conn.executemany(
                "INSERT INTO term_df VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                list(df_delta.items()),
            )
            self.conn.execute(
                "INSERT INTO kv VALUES ('story_docs', ?) ON CONFLICT(key) DO UPDATE SET "
                "value = CAST(value AS INTEGER) + CAST(excluded.value AS INTEGER)",
                (str(docs_delta),),
            )

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM story_articles WHERE article_id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def resolve_story(self, story_id: str) -> str | None:
        """Follow merges: the live story an id (or a unique prefix) now points to."""
        rows = self.conn.execute("SELECT id, merged_into FROM stories WHERE id LIKE ? LIMIT 2", (story_id + "%",)).fetchall()
        if len(rows) != 1:
            return None
        sid, into = rows[0]
        while into:
            sid, into = self.conn.execute("SELECT id, merged_into FROM stories WHERE id=?", (into,)).fetchone()
        return sid

    def stories(self, since: str | None = None) -> list[StoryRow]:
        q = "SELECT * FROM stories WHERE merged_into IS NULL"
        args: tuple = ()
        if since:
            q += " AND (last_seen >= ? OR last_seen IS NULL)"
            args = (since,)
        q += " ORDER BY last_seen DESC, size DESC, id"
        return [StoryRow(**dict(r)) for r in self.conn.execute(q, args)]

    def story_members(self, story_id: str) -> list[tuple[str, float]]:
        rows = self.conn.execute(
            "SELECT sa.article_id, sa.score FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "WHERE sa.story_id=? ORDER BY a.published IS NULL, a.published, a.rowid",
            (story_id,),
        )
        return [(r[0], r[1]) for r in rows]

    def story_merges(self, story_id: str | None = None) -> list[dict]:
        q = "SELECT absorbed, into_id, score, reason, at FROM story_merges"
        args: tuple = ()
        if story_id:
            q += " WHERE into_id=? OR absorbed=?"
            args = (story_id, story_id)
        return [dict(r) for r in self.conn.execute(q + " ORDER BY id", args)]
