"""One test per kind of bad input: a clear error naming the item and the reason; the batch goes on."""

from __future__ import annotations

import httpx
import pytest

from conftest import WIRE, write
from wirewatch import pipeline
from wirewatch.config import Settings
from wirewatch.errors import InputError
from wirewatch.ingest import Ingester
from wirewatch.records import Article


def run(settings, inputs, transport=None):
    ing = Ingester(settings, transport=transport)
    try:
        return list(ing.read([str(i) for i in inputs]))
    finally:
        ing.close()


def errors_of(results):
    return [r for r in results if isinstance(r, InputError)]


def one_error(settings, tmp_path, bad_path, transport=None):
    good = write(tmp_path / "good.txt", WIRE)
    results = run(settings, [bad_path, good], transport=transport)
    errs = errors_of(results)
    assert len(errs) == 1, results
    assert any(isinstance(r, Article) for r in results), "the rest of the batch goes on"
    return errs[0]


def test_binary_file(tmp_path, settings):
    p = write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    e = one_error(settings, tmp_path, p)
    assert e.item.endswith("photo.txt") and "binary" in e.reason


def test_empty_file(tmp_path, settings):
    e = one_error(settings, tmp_path, write(tmp_path / "empty.txt", "   \n\n"))
    assert "empty" in e.reason


def test_only_metadata_no_text(tmp_path, settings):
    e = one_error(settings, tmp_path, write(tmp_path / "meta.txt", "Title: x\nDate: 2023-01-01\n\nShare this article"))
    assert "no article text" in e.reason


def test_undecodable_bytes(tmp_path, settings):
    e = one_error(settings, tmp_path, write(tmp_path / "ctrl.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16] * 200)))
    assert "binary" in e.reason or "decode" in e.reason


def test_file_over_size_cap(tmp_path):
    small = Settings.from_env(env={}, max_bytes=2000)
    p = write(tmp_path / "big.txt", WIRE * 3)
    e = one_error(small, tmp_path, p)
    assert "too large" in e.reason and "--max-bytes" in e.reason


@pytest.mark.parametrize("name, head, what", [
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n", "a PDF document"),
    ("story.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00[Content_Types].xml", "a ZIP archive"),
])
def test_a_document_format_wirewatch_does_not_read_is_named(tmp_path, settings, name, head, what):
    e = one_error(settings, tmp_path, write(tmp_path / name, head + b"Kim Jong Un visited Russia. " * 20))
    assert e.item.endswith(name) and e.reason.startswith(what) and "convert" in e.reason


def test_malformed_html_without_text(tmp_path, settings):
    e = one_error(settings, tmp_path, write(tmp_path / "broken.html", "<html><body><div><script>var x=</div"))
    assert e.item.endswith("broken.html") and "no article text" in e.reason


def test_malformed_json_line_keeps_other_lines(tmp_path, settings):
    import json

    good = json.dumps({"title": "ok", "text": WIRE})
    p = write(tmp_path / "a.jsonl", good + '\n{"title": "broken", "text": \n' + json.dumps({"title": "ok2", "text": WIRE + " More."}) + "\n")
    results = run(settings, [p])
    assert [type(r).__name__ for r in results] == ["Article", "InputError", "Article"]
    assert results[1].item.endswith("a.jsonl:2") and "malformed JSON" in results[1].reason


def test_json_record_without_text(tmp_path, settings):
    p = write(tmp_path / "a.json", '[{"title": "no body"}]')
    (e,) = errors_of(run(settings, [p]))
    assert e.item.endswith("a.json[0]") and "no text field" in e.reason


def test_csv_row_with_a_blank_text_says_so(tmp_path, settings):
    body = WIRE.replace("\n", " ").replace('"', "")
    p = write(tmp_path / "a.csv", f'headline,body\nok,"{body}"\nblank,\n')
    results = run(settings, [p])
    assert [type(r).__name__ for r in results] == ["Article", "InputError"]
    assert results[1].item.endswith("a.csv:3") and results[1].reason == "empty text (field 'body')"


def test_malformed_csv_row(tmp_path, settings):
    body = WIRE.replace("\n", " ").replace('"', "")
    p = write(tmp_path / "a.csv", f'title,text\nok,"{body}"\nbad,"{body}",extra,cols\n')
    results = run(settings, [p])
    assert [type(r).__name__ for r in results] == ["Article", "InputError"]
    assert results[1].item.endswith("a.csv:3") and "malformed CSV" in results[1].reason


def test_malformed_feed(tmp_path, settings):
    e = one_error(settings, tmp_path, write(tmp_path / "feed.xml", "<?xml version='1.0'?><rss><channel><title>x</title><item><title>unclosed"))
    assert "feed" in e.reason


def transport_raising(exc):
    def handler(request):
        raise exc

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    "transport, expect",
    [
        (transport_raising(httpx.ConnectError("Name or service not known")), "unreachable"),
        (transport_raising(httpx.ReadTimeout("read timed out")), "timed out"),
        (httpx.MockTransport(lambda r: httpx.Response(404)), "HTTP 404"),
        (httpx.MockTransport(lambda r: httpx.Response(200, headers={"content-type": "image/jpeg"}, content=b"x")), "content type"),
        (httpx.MockTransport(lambda r: httpx.Response(302, headers={"location": str(r.url) + "x"})), "too many redirects"),
        (httpx.MockTransport(lambda r: httpx.Response(200, headers={"content-type": "text/html"}, content=b"<p>" + b"x " * 4_000_000)), "too large"),
    ],
    ids=["unreachable", "timeout", "404", "content-type", "redirect-loop", "oversize"],
)
def test_url_failures(tmp_path, settings, transport, expect):
    url = "https://news.example/story"
    e = one_error(settings, tmp_path, url, transport=transport)
    assert e.item == url and expect in e.reason


def test_missing_path(tmp_path, settings):
    e = one_error(settings, tmp_path, tmp_path / "nope.txt")
    assert "no such file" in e.reason


def test_rejections_recorded_in_store_and_nothing_half_written(tmp_path, store, settings):
    good = write(tmp_path / "good.txt", WIRE)
    bad = write(tmp_path / "bad.txt", b"\x00\x01binary")
    summary = pipeline.ingest(store, [str(bad), str(good)], settings)
    assert (summary.added, len(summary.rejected)) == (1, 1)
    (err,) = store.ingest_errors()
    assert err.item.endswith("bad.txt") and "binary" in err.reason
    assert store.count_articles() == 1
