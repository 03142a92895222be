"""JSON Lines, JSON arrays and CSV: one article per line/row, with a field mapping."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from wirewatch.errors import InputError
from wirewatch.ingest.raw import RawArticle


@dataclass(frozen=True)
class FieldMap:
    """Which record field holds what. Each entry lists candidate names, first match wins."""

    title: tuple[str, ...] = ("title", "headline")
    text: tuple[str, ...] = ("text", "body", "content", "article")
    date: tuple[str, ...] = ("date", "published", "published_at", "pubdate", "datetime")
    url: tuple[str, ...] = ("url", "link")
    source: tuple[str, ...] = ("source", "outlet", "publisher", "site")
    author: tuple[str, ...] = ("author", "byline")
    language: tuple[str, ...] = field(default=("language", "lang"))

    @classmethod
    def with_overrides(cls, **names: str | None) -> "FieldMap":
        base = cls()
        return cls(**{k: ((v,) if v else getattr(base, k)) for k, v in names.items()})


def _pick(record: dict, names: tuple[str, ...]) -> str | None:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value not in (None, ""):
            if isinstance(value, list):
                value = "\n\n".join(str(v) for v in value)
            return str(value)
    return None


def record_to_raw(record: object, item: str, path: str | None, fields: FieldMap) -> RawArticle:
    if not isinstance(record, dict):
        raise InputError(item, f"expected a JSON object, got {type(record).__name__}")
    text = _pick(record, fields.text)
    if not text:
        present = [str(k) for k in record if str(k).lower() in {n.lower() for n in fields.text}]
        if present:  # the column is there, this row leaves it blank
            raise InputError(item, f"empty text (field {present[0]!r})")
        raise InputError(item, f"no text field (looked for {', '.join(fields.text)})")
    return RawArticle(
        item=item,
        text=text,
        title=_pick(record, fields.title),
        url=_pick(record, fields.url),
        source=_pick(record, fields.source),
        author=_pick(record, fields.author),
        published=_pick(record, fields.date),
        language=_pick(record, fields.language),
        path=path,
    )


def read_jsonl(text: str, item: str, path: str | None, fields: FieldMap) -> Iterator[RawArticle | InputError]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{item}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield record_to_raw(record, where, path, fields)
        except InputError as exc:
            yield exc


def read_json(text: str, item: str, path: str | None, fields: FieldMap) -> Iterator[RawArticle | InputError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # maybe it is JSON Lines saved as .json
        if "\n" in text.strip() and text.lstrip().startswith("{"):
            yield from read_jsonl(text, item, path, fields)
            return
        yield InputError(item, f"malformed JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")
        return
    records = data if isinstance(data, list) else data.get("articles") if isinstance(data, dict) else None
    if records is None and isinstance(data, dict):
        records = [data]
    if not isinstance(records, list):
        yield InputError(item, "expected a JSON list of articles or an object with an 'articles' list")
        return
    for i, record in enumerate(records):
        try:
            yield record_to_raw(record, f"{item}[{i}]", path, fields)
        except InputError as exc:
            yield exc


def read_csv(text: str, item: str, path: str | None, fields: FieldMap) -> Iterator[RawArticle | InputError]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames or not any(f and f.lower() in fields.text for f in reader.fieldnames):
        yield InputError(item, f"CSV has no text column (header: {reader.fieldnames}; use --text-field)")
        return
    width = len(reader.fieldnames)
    try:
        for row in reader:
            where = f"{item}:{reader.line_num}"
            if None in row or len(row) != width or any(v is None for v in row.values()):
                yield InputError(where, f"malformed CSV row (expected {width} columns)")
                continue
            try:
                yield record_to_raw(row, where, path, fields)
            except InputError as exc:
                yield exc
    except csv.Error as exc:
        yield InputError(f"{item}:{reader.line_num}", f"malformed CSV ({exc})")
