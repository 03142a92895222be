"""Parsed-document tables (mixin for SQLiteStore)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class DocTables:
    conn: object  # sqlite3.Connection, provided by SQLiteStore

    def save_docs(self, items: Iterable[tuple[str, str, bytes, list[tuple[int, int]]]]) -> None:
        """(article_id, model, DocBin bytes, sentence spans) per article; replaces earlier parses."""
        with self.transaction():  # type: ignore[attr-defined]
            for article_id, model, data, sents in items:
                self.conn.execute("INSERT OR REPLACE INTO docs VALUES (?, ?, ?)", (article_id, model, data))
                self.conn.execute("DELETE FROM sentences WHERE article_id=?", (article_id,))
                self.conn.executemany(
                    "INSERT INTO sentences VALUES (?, ?, ?, ?)",
                    [(article_id, i, s, e) for i, (s, e) in enumerate(sents)],
                )

    def doc_bytes(self, ids: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        out: dict[str, tuple[str, bytes]] = {}
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            q = f"SELECT article_id, model, data FROM docs WHERE article_id IN ({', '.join('?' * len(chunk))})"
            out.update({r[0]: (r[1], bytes(r[2])) for r in self.conn.execute(q, chunk)})
        return out

    def parsed_twins(self, text_hashes: Iterable[str], model: str) -> list[tuple[str, str, bytes]]:
        """(article id, text, DocBin bytes) of articles already parsed by ``model``
        whose text hash is one of ``text_hashes``: candidates whose parse an identical text
        can reuse (the caller compares the texts exactly)."""
        hashes = sorted(set(text_hashes))
        out: list[tuple[str, str, bytes]] = []
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            q = ("SELECT a.id, a.text, d.data FROM articles a JOIN docs d ON d.article_id = a.id "
                 f"WHERE d.model = ? AND a.text_hash IN ({', '.join('?' * len(chunk))})")
            out.extend((r[0], r[1], bytes(r[2])) for r in self.conn.execute(q, [model, *chunk]))
        return out

    def sentence_spans(self, article_id: str) -> list[tuple[int, int]]:
        rows = self.conn.execute(
            "SELECT start, end FROM sentences WHERE article_id=? ORDER BY idx", (article_id,)
        )
        return [(r[0], r[1]) for r in rows]
