"""Each reader on realistic inputs, through the Ingester (no network: a mock transport)."""

from __future__ import annotations

import io
import json

import httpx
import pytest

from conftest import WIRE, write
from wirewatch.errors import InputError
from wirewatch.ingest import FieldMap, Ingester
from wirewatch.records import Article

HTML = """<!doctype html><html><head><title>North Korea claims spy satellite in orbit | Seoul Observer</title>
<meta property="og:site_name" content="Seoul Observer">
<meta property="article:published_time" content="2023-11-22T09:30:00+09:00">
<meta name="author" content="Min-ji Park">
<link rel="canonical" href="https://seoulobserver.example/2023/11/22/satellite"></head>
<body><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/world">World</a></nav>
<article><h1>North Korea claims spy satellite in orbit</h1>
{paras}
<p>Image is licensed under the Creative Commons Attribution 2.0 license and was created by Jane Doe.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/x">Weather turns cold</a></li><li><a href="/y">Football results</a></li></ul></aside>
<footer><p>We use cookies to improve your experience.</p><p>© 2023 Seoul Observer. All rights reserved.</p></footer>
</body></html>""".replace("{paras}", "".join(f"<p>{p}</p>" for p in WIRE.split("\n\n")))

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Gulf Maritime Review</title><link>https://gmr.example/</link><description>Shipping news</description>
<item><title>Satellite launch condemned</title><link>https://gmr.example/a1</link>
<pubDate>Wed, 22 Nov 2023 10:00:00 GMT</pubDate><dc:creator>A. Writer</dc:creator>
<description>Short teaser.</description>
<content:encoded><![CDATA[{full}]]></content:encoded></item>
<item><title>Teaser only</title><link>https://gmr.example/a2</link>
<pubDate>Thu, 23 Nov 2023 10:00:00 GMT</pubDate>
<description>Only a summary here; the page has the story.</description></item>
</channel></rss>""".replace("{full}", "".join(f"<p>{p}</p>" for p in WIRE.split("\n\n")))


def read_all(settings, inputs, **kw):
    ing = Ingester(settings, **kw)
    try:
        return list(ing.read([str(i) for i in inputs]))
    finally:
        ing.close()


def only_articles(results):
    assert all(isinstance(r, Article) for r in results), [r for r in results if not isinstance(r, Article)]
    return results


def test_text_with_header_block(tmp_path, settings):
    p = write(tmp_path / "a.txt", "Title: Spy satellite in orbit\nDate: 2023-11-22\nSource: Northwire\n"
              "URL: https://northwire.example/sat\nAuthor: K. Lee\n\n" + WIRE + "\n\nSubscribe to our newsletter for daily updates.\n")
    (a,) = only_articles(read_all(settings, [p]))
    assert a.title == "Spy satellite in orbit"
    assert (a.published, a.published_from) == ("2023-11-22", "metadata")
    assert a.source == "Northwire" and a.url == "https://northwire.example/sat" and a.author == "K. Lee"
    assert a.language == "en"
    assert a.text.startswith("Seoul, Nov. 22") and "Title:" not in a.text
    assert len(a.paragraphs) == 4
    assert a.boilerplate == ["Subscribe to our newsletter for daily updates."]


def test_leading_date_token_is_parsed_and_removed(tmp_path, settings):
    p = write(tmp_path / "seedlike.txt", " date 2023-11-14 " + WIRE)
    (a,) = only_articles(read_all(settings, [p]))
    assert (a.published, a.published_from) == ("2023-11-14", "text")
    assert a.text.startswith("Seoul, Nov. 22") and "date 2023" not in a.text
    assert a.title.startswith("Seoul, Nov. 22 — North Korea said")  # derived from the first sentence
    assert a.source == "seedlike.txt"


def test_a_saved_articles_headline_line_is_its_title(tmp_path, settings):
    """A plain text that opens with its headline on a line of its own: the headline is the
    title and not the first line of the text (it was read as a key point, and two saves of
    one story under two headlines were not copies). A short first paragraph that ends like
    a sentence is the lead, and a byline is no headline."""
    headed = write(tmp_path / "headed.txt", "Seoul launches its first spy satellite\n\n" + WIRE)
    lead = write(tmp_path / "lead.txt", "North Korea fired a missile on Tuesday.\n\n" + WIRE + "\n\nOne more line.")
    byline = write(tmp_path / "byline.txt", "By Min-ji Park\n\n" + WIRE + "\n\nAnd another line here.")
    got = {a.path.rsplit("/", 1)[-1]: a for a in only_articles(read_all(settings, [headed, lead, byline]))}
    assert got["headed.txt"].title == "Seoul launches its first spy satellite"
    assert got["headed.txt"].text.startswith("Seoul, Nov. 22")
    assert got["lead.txt"].title == "North Korea fired a missile on Tuesday."
    assert got["lead.txt"].text.startswith("North Korea fired a missile on Tuesday.")
    assert got["byline.txt"].text.startswith("By Min-ji Park")


def test_a_day_in_a_one_article_files_name_dates_it(tmp_path, settings):
    """A folder of "outlet_2016-02-07_slug.txt" files with no date inside: the day in each
    name dates it (a date in the text or header still wins); a JSON Lines export's name does
    not date the items in it, and an impossible or ambiguous day dates nothing."""
    named = write(tmp_path / "breitbart_2016-02-07_after-rubio.txt", WIRE)
    header = write(tmp_path / "wire_2016-02-07.txt", "Date: 2023-11-22\n\n" + WIRE)
    bad = write(tmp_path / "x-2023-02-30.txt", WIRE + "\n\nOne more line for a different text.")
    export = write(tmp_path / "export-2024-01-05.jsonl", json.dumps({"title": "T", "text": WIRE + " More."}) + "\n")
    got = {a.path.rsplit("/", 1)[-1]: (a.published, a.published_from)
           for a in only_articles(read_all(settings, [named, header, bad, export]))}
    assert got["breitbart_2016-02-07_after-rubio.txt"] == ("2016-02-07", "metadata")
    assert got["wire_2016-02-07.txt"] == ("2023-11-22", "metadata")
    assert got["x-2023-02-30.txt"] == (None, "unknown")
    assert got["export-2024-01-05.jsonl"] == (None, "unknown")


def test_the_outlet_a_saved_articles_file_name_opens_with(tmp_path, settings):
    """"wash-post_2016-01-31_slug.txt" with no source inside: the outlet is "wash-post", not the
    whole file name; a name without an outlet before its day keeps the file name."""
    outlet = write(tmp_path / "wash-post_2016-01-31_can-the-gop.txt", WIRE)
    bare = write(tmp_path / "2023-11-22-satellite-reprint.txt", WIRE + "\n\nAnd one more different line.")
    got = {a.path.rsplit("/", 1)[-1]: a.source for a in only_articles(read_all(settings, [outlet, bare]))}
    assert got == {"wash-post_2016-01-31_can-the-gop.txt": "wash-post",
                   "2023-11-22-satellite-reprint.txt": "2023-11-22-satellite-reprint.txt"}


def test_html_main_text_and_metadata(tmp_path, settings):
    p = write(tmp_path / "page.html", HTML)
    (a,) = only_articles(read_all(settings, [p]))
    assert a.title == "North Korea claims spy satellite in orbit"
    assert a.source == "Seoul Observer"
    assert a.url == "https://seoulobserver.example/2023/11/22/satellite"
    assert a.published == "2023-11-22" and a.published_from == "metadata"
    assert a.author == "Min-ji Park"
    assert "Malligyong-1" in a.text
    for junk in ("Most read", "Football results", "cookies", "All rights reserved", "Home"):
        assert junk not in a.text
    assert not a.text.startswith("North Korea claims spy satellite")  # headline not repeated as text
    assert any("Creative Commons" in b for b in a.boilerplate)


def test_jsonl_and_field_mapping(tmp_path, settings):
    rows = [
        {"headline": "One", "body": WIRE, "pubdate": "2023-11-22", "link": "https://x.example/1", "outlet": "X"},
        {"headline": "Two", "body": WIRE.replace("Wednesday", "Thursday"), "pubdate": "22 November 2023", "link": "https://x.example/2"},
    ]
    p = write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    arts = only_articles(read_all(settings, [p]))
    assert [a.title for a in arts] == ["One", "Two"]
    assert [a.published for a in arts] == ["2023-11-22", "2023-11-22"]
    assert arts[0].source == "X" and arts[1].source == "x.example"  # domain when no outlet

    renamed = [{"h": "Three", "story": WIRE, "when": "2023-11-23"}]
    p2 = write(tmp_path / "b.jsonl", json.dumps(renamed[0]) + "\n")
    fm = FieldMap.with_overrides(title="h", text="story", date="when")
    (a,) = only_articles(read_all(settings, [p2], fields=fm))
    assert (a.title, a.published) == ("Three", "2023-11-23")


def test_csv(tmp_path, settings):
    import csv

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["title", "date", "url", "source", "text"])
    w.writerow(["Satellite", "2023-11-22", "https://c.example/1", "CSV Times", WIRE])
    p = write(tmp_path / "a.csv", buf.getvalue())
    (a,) = only_articles(read_all(settings, [p]))
    assert a.title == "Satellite" and a.source == "CSV Times" and len(a.paragraphs) == 4


def page_transport(status=200, body=HTML, ctype="text/html; charset=utf-8"):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers={"content-type": ctype}, content=body.encode())

    return httpx.MockTransport(handler)


def test_feed_full_content_and_summary_only_item_fetches_page(tmp_path, settings):
    p = write(tmp_path / "feed.xml", FEED)
    seen = []

    def handler(request):
        seen.append(str(request.url))
        assert request.headers["user-agent"].startswith("wirewatch/")
        return httpx.Response(200, headers={"content-type": "text/html"}, content=HTML.encode())

    arts = only_articles(read_all(settings, [p], transport=httpx.MockTransport(handler)))
    assert len(arts) == 2
    assert arts[0].title == "Satellite launch condemned" and arts[0].source == "Gulf Maritime Review"
    assert arts[0].published == "2023-11-22" and "Malligyong-1" in arts[0].text
    assert seen == ["https://gmr.example/a2"]
    assert arts[1].title == "Teaser only" and "Malligyong-1" in arts[1].text


def test_url_input(settings):
    (a,) = only_articles(read_all(settings, ["https://seoulobserver.example/2023/11/22/satellite"], transport=page_transport()))
    assert a.source == "Seoul Observer" and a.url.endswith("/satellite")


def test_stdin(settings):
    ing = Ingester(settings, stdin=io.BytesIO(("Title: From a pipe\n\n" + WIRE).encode()))
    (a,) = only_articles(list(ing.read(["-"])))
    assert a.title == "From a pipe"


def test_directory_recursion_with_globs(tmp_path, settings):
    write(tmp_path / "d" / "one.txt", WIRE)
    write(tmp_path / "d" / "sub" / "two.txt", WIRE + "\n\nA fifth paragraph with enough words to be a different article.")
    write(tmp_path / "d" / "sub" / "skip.txt", "Title: skipped\n\n" + WIRE)
    write(tmp_path / "d" / "labels.json", '{"articles": []}')
    write(tmp_path / "d" / ".hidden.txt", WIRE)
    arts = only_articles(read_all(settings, [tmp_path / "d"], exclude=["skip*"]))
    assert sorted(a.path.rsplit("/", 1)[-1] for a in arts) == ["one.txt", "two.txt"]


def test_non_utf8_encodings_are_decoded(tmp_path, settings):
    text = "Title: Réunion à Genève\n\n" + WIRE.replace("Seoul", "Séoul")
    p = write(tmp_path / "latin1.txt", text.encode("cp1252", errors="replace"))
    (a,) = only_articles(read_all(settings, [p]))
    assert a.title == "Réunion à Genève" and "Séoul" in a.text


def test_non_english_is_stored_and_marked(tmp_path, settings):
    fr = ("La Corée du Nord a affirmé mercredi avoir placé son premier satellite de reconnaissance militaire "
          "en orbite, une affirmation que l'armée sud-coréenne dit ne pas pouvoir encore confirmer. "
          "Le lancement a été condamné par Washington, Séoul et Tokyo.")
    p = write(tmp_path / "fr.txt", fr)
    (a,) = only_articles(read_all(settings, [p]))
    assert a.language == "fr"


def test_language_of_results_tables_and_texts_without_latin_letters():
    """An English results table is mostly names and figures: the model had read 51 of 946
    Reuters stories of 1996 as Nigerian Pidgin, Bikol, Dutch or Polish, and the pipeline then
    skipped their entities. A text in Cyrillic or Arabic script had no language at all, and
    was read as English."""
    from wirewatch.ingest.metadata import detect_language

    table = ("Results of Polish first division soccer matches on Saturday: Amica Wronki 3 Hutnik Krakow 0 "
             "Sokol Tychy 1 Legia Warsaw 2 Stomil Olsztyn 0 Widzew Lodz 1 Zaglebie Lubin 2 GKS Katowice 2")
    summary = ("Summaries of German first division matches played on Saturday: Bochum 1 (Jack 66th minute) "
               "Arminia Bielefeld 1 (Kuntz 51st). Halftime 0-0. Attendance 25,000.")
    assert detect_language(table) == "en" and detect_language(summary) == "en"
    assert detect_language("Президент России в понедельник выступил в Москве с речью об экономике.") == "ru"
    assert detect_language("تحدث الرئيس يوم الاثنين في القاهرة عن الاقتصاد والخطط للعام المقبل.") == "ar"
    assert detect_language("De minister-president sprak maandag in Den Haag over de economie en de plannen.") == "nl"
    assert detect_language("Der Bundeskanzler sprach am Montag in Berlin über die Wirtschaft und die Pläne.") == "de"
    assert detect_language("12 - 3 / 45") is None


@pytest.mark.parametrize("ws", ["\n", "\r\n"])
def test_same_text_same_id_regardless_of_line_endings(tmp_path, settings, ws):
    p1 = write(tmp_path / "1.txt", WIRE)
    p2 = write(tmp_path / "2.txt", WIRE.replace("\n", ws).replace("’", "'"))
    a1, a2 = only_articles(read_all(settings, [p1, p2]))
    assert a1.id == a2.id and a1.text_hash == a2.text_hash


def test_input_error_names_item():
    e = InputError("feed.xml#3", "no text")
    assert str(e) == "feed.xml#3: no text"
