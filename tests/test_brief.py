"""Briefings: key points, corroboration, charts, and the rendered page (headless Chromium)."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from conftest import CORPUS
from wirewatch.brief.charts import _text_px, network_svg, stories_svg, timeline_svg
from wirewatch.brief.keypoints import key_points, split_sentences
from wirewatch.cli import app
from wirewatch.ingest.raw import RawArticle, build_article

A = """Houthi forces seized the cargo ship Galaxy Leader in the southern Red Sea on Sunday and took its crew hostage.
The ship, a car carrier, was sailing from Turkey to India when a helicopter landed on its deck."""
B = """Yemen's Houthi rebels seized the cargo ship Galaxy Leader in the southern Red Sea on Sunday, holding its crew hostage.
Israel said the vessel was British-owned and Japanese-operated and that no Israelis were aboard."""


def art(text, url, group=None):
    a = build_article(RawArticle(item=url, text=text, url=url, published="2023-11-20"))
    a.copy_group = group or a.id
    return a


def test_sentences_keep_offsets():
    a = art(A, "https://x.example/1")
    for s in split_sentences(a):
        assert a.text[s.start:s.end] == s.text


def test_a_dateline_after_a_headline_line_is_no_part_of_a_key_point():
    """A saved article that opens with its headline, then "DES MOINES - ...": the dateline of
    the first paragraph after the headline is left out too, and offsets still hold."""
    a = art("Can the establishment stop the front-runner?\n\nDES MOINES - This year's campaign has "
            "proved to be a bleak season for mainstream conservative candidates.\n\nAnother "
            "paragraph starts here - with a dash inside it.", "https://x.example/dm")
    sents = split_sentences(a)
    assert sents[1].text.startswith("This year's campaign")
    assert sents[2].text.startswith("Another paragraph")
    for s in sents:
        assert a.text[s.start:s.end] == s.text


def test_corroboration_counts_independent_sources_only():
    a, b = art(A, "https://x.example/1"), art(B, "https://y.example/2")
    copy = art(A, "https://z.example/3", group=a.id)
    points = key_points([a, b, copy], limit=4)
    seized = next(p for p in points if "seized" in p.sentence.text)
    assert seized.independent_sources == 2, "a and b are independent; the copy of a counts once"
    assert [c.url for c in seized.copies] == ["https://z.example/3"] or seized.sentence.article.id == b.id
    lone = [p for p in points if "Israel said" in p.sentence.text]
    assert lone and lone[0].independent_sources == 1


def test_a_wire_story_taken_into_a_longer_piece_keeps_its_lead():
    """The copy group's canonical text is a longer piece that took in a whole wire story
    after eight paragraphs of its own: the wire story's lead is still a candidate point."""
    own = "\n".join(f"Shipping insurers in port number {i} raised war-risk premiums again this week for tankers." for i in range(9))
    longer = art(own + "\n" + B, "https://long.example/1")
    wire = art(B, "https://wire.example/2", group=longer.id)
    points = key_points([longer, wire], limit=20)
    assert any(p.sentence.text.startswith("Yemen's Houthi rebels seized") for p in points)



def test_a_source_lists_the_texts_it_shares_most_with_first_and_counts_the_rest():
    """A wire story that every rewrite quotes overlaps with dozens of texts: the report lists
    the closest few (the whole list would grow with the square of the story) and says how
    many there are."""
    from wirewatch.brief.assemble import RELATED_SHOWN, source_items
    from wirewatch.records import DupRelation

    wire = art(A, "https://wire.example/0")
    rewrites = [art(f"{B} Paragraph {i} of a rewrite.", f"https://x.example/{i}") for i in range(RELATED_SHOWN + 5)]
    rel = {(wire.id, r.id): DupRelation(a=wire.id, b=r.id, kind="overlap", score=0.20 + i / 100)
           for i, r in enumerate(rewrites)}
    (item,) = [it for it in source_items([wire, *rewrites], rel) if it.citation.article_id == wire.id]
    assert item.n_related == RELATED_SHOWN + 5
    assert [c.score for c in item.related] == sorted((0.20 + i / 100 for i in range(5, RELATED_SHOWN + 5)), reverse=True)
    assert item.related[0].citation.url == rewrites[-1].url


def test_a_key_point_stands_on_its_own():
    """A sentence that opens by pointing back ("It set up ...", "The agency said ...") reads as
    nothing when lifted out alone: a self-contained sentence said as often ranks first."""
    from wirewatch.brief.keypoints import leans_back

    assert leans_back("It set up buffer zones on land, at sea and in the air.") == 1.0
    assert leans_back("“They will pay,” he said.") == 1.0
    assert leans_back("The disclosure came a month after the summit.") == 0.5
    assert leans_back("The organisation said its field team examined debris.") == 0.5
    assert leans_back("The United States and Britain struck Houthi targets.") == 0.0
    assert leans_back("Iterations of the plan were rejected.") == 0.0  # "It" only as a word
    assert leans_back("Among the items recovered were warheads for cruise missiles, it said.") == 1.0
    assert leans_back("Kim said he would visit Russia again, the agency said.") == 0.0  # named at its end
    one = ("The Galaxy Leader was seized in the southern Red Sea on Sunday by Houthi forces.\n"
           "It was sailing from Turkey to India with no cargo when a helicopter landed on its deck.")
    two = ("Houthi fighters seized the car carrier Galaxy Leader in the Red Sea on Sunday.\n"
           "It was sailing from Turkey towards India with no cargo when it was seized by helicopter.")
    points = key_points([art(one, "https://x.example/1"), art(two, "https://y.example/2")], limit=2)
    seized, sailing = points  # both said by both sources, both leads; the one that points back ranks lower
    assert "seized" in seized.sentence.text and sailing.sentence.text.startswith("It was sailing")
    assert sailing.score < seized.score

def test_a_piece_of_a_longer_quotation_is_no_key_point():
    """A quotation of several sentences splits into pieces whose marks do not pair up; lifted
    out alone, a piece hides who speaks ("“Everywhere we go, we're trying to work ourselves
    out of a job."), as does a sentence quoted whole. A sentence of the outlet's own ranks
    first even when the piece is the lead; marks of mixed styles pair up, and so do doubled
    apostrophes. "Sens." ends no sentence."""
    from wirewatch.brief.keypoints import quotation_piece

    assert quotation_piece("“Everywhere we go, we’re trying to work ourselves out of a job.")
    assert quotation_piece("But comfort and culture is two different things.”")
    assert quotation_piece("''It's nonsense, he said.")
    assert not quotation_piece("“We are going to win so much,\" Trump said at his victory party.")
    assert not quotation_piece("''It's nonsense,'' Mr. Trump said on Sunday.")
    assert not quotation_piece("The senator called the plan “dead on arrival” on Tuesday.")
    # quoted whole, with no word outside the marks: who said it is in another sentence
    assert quotation_piece("“I can do what I like with my possessions.”")
    assert quotation_piece("''I think so.''")
    assert not quotation_piece("''It's not going to be easy,'' said Peter King. ''There is no doubt.''")
    piece = "“The federal refugee rules break the law, and the state will challenge the refugee rules in federal court."
    one = piece + "\n\nThe governor vowed on Monday to sue over the new rules for resettling refugees."
    two = piece + "\n\nMayors in three cities welcomed the first families on Tuesday."
    points = key_points([art(one, "https://x.example/1"), art(two, "https://y.example/2")], limit=1)
    assert [p.sentence.text for p in points] == ["The governor vowed on Monday to sue over the new rules for resettling refugees."]
    poll = "A new poll shows Trump at 36 percent, followed by Sens. Ted Cruz and Marco Rubio. Carson is fourth."
    assert [s.text for s in split_sentences(art(poll, "https://z.example/3"))] == [
        "A new poll shows Trump at 36 percent, followed by Sens. Ted Cruz and Marco Rubio.", "Carson is fourth."]


def test_an_embedded_post_is_no_key_point():
    """A tweet embedded in a story ("<tweet author=...>", a t.co link) is not the article's
    sentence; a sentence that only names a handle is."""
    from wirewatch.brief.keypoints import web_debris

    assert web_debris('<tweet id="7" author="@AP" datetime="2016-08-23">BREAKING: AP analysis finds donors met Clinton')
    assert web_debris("She should be spending time convincing her friend to resign… https://t.co/gwzQMEyL6R")
    assert not web_debris("As one Twitter user @nycsouthpaw pointed out, the gap between the two is wide.")
    post = ('<tweet author="@AP" datetime="2016-08-23">BREAKING: Donors to the foundation met the secretary of '
            'state at the department, an analysis of her calendars finds https://t.co/x1</tweet>.')
    one = post + "\n\nThe foundation's donors met the secretary of state often, an analysis of calendars found."
    two = post + "\n\nThe campaign called the analysis of the secretary of state's calendars misleading."
    points = key_points([art(one, "https://x.example/1"), art(two, "https://y.example/2")], limit=2)
    assert points and not any("tweet" in p.sentence.text or "t.co" in p.sentence.text for p in points)


def test_a_table_line_is_a_key_point_only_where_a_story_has_no_sentence():
    """Reuters' sports copy: "standings after games played on Wednesday (tabulate under won,"
    and score rows stood as a story's key points, ahead of the sentences that report the
    games, because every results file repeats them."""
    rows = ("Results of English league matches played on Wednesday (tabulate under won, drawn,\n\n"
            "Sheffield Wednesday 3 Chelsea 3 Arsenal 2 Tranmere 2 Wimbledon 1\n\n")
    one = rows + "Sheffield Wednesday stayed top of the English league with a third straight win on Wednesday."
    two = rows + "Sheffield Wednesday kept their place at the top of the league with a third win on Wednesday."
    points = key_points([art(one, "https://x.example/1"), art(two, "https://y.example/2")], limit=3)
    assert points and all(p.sentence.text.rstrip().endswith(".") for p in points), [p.sentence.text for p in points]
    tables = key_points([art(rows, "https://x.example/3"), art(rows + "Leeds 1 Everton 0 Derby 1 Coventry 0 Newcastle 2", "https://y.example/4")])
    assert tables, "a story of tables alone still has its key points"


def test_a_story_of_short_notices_says_why_it_has_no_key_points():
    """Moody's rating notices ("Issuer: Fairview Town", "State: TX", "Rating: Baa1") hold no
    sentence a key point can be: the report says so instead of showing an empty section."""
    from wirewatch.brief.assemble import StoryReport
    from wirewatch.brief.render import render_story

    notice = ("Moody's Investors Service -\n\nRating Announcement As of 08/21/96.\n\nIssuer: Fairview Town\n\n"
              "State: TX\n\nRating: Baa1\n\nSale Amount: 1,820,000\n\nExpected Sale Date: 08/27/96")
    arts = [art(notice, "https://x.example/m1"), art(notice.replace("Fairview Town", "Akron City"), "https://y.example/m2")]
    assert key_points(arts) == []
    report = StoryReport(id="st-x", title="Akron, Ohio, bonds rated", first_seen="1996-08-22", last_seen="1996-08-22",
                         n_articles=2, n_independent=2, key_points=[], latest=[], new_since=None, timeline=[], sources=[])
    page = render_story(report)
    assert "No sentence here reads as a key point" in page and '<ul class="points"></ul>' not in page


def test_fmt_html_writes_what_markup_format_writes():
    from markupsafe import Markup

    from wirewatch.brief.sections import fmt_html

    template = '<tr><td title="{}">{}</td><td>{:.2f}</td><td>{}</td><td>{}</td><td>{}</td></tr>'
    args = ('Kim "Jong" Un & co', "<script>alert(1)</script>", 0.8567, Markup("<b>cited</b>"), None, 3)
    out = fmt_html(template, *args)
    assert isinstance(out, Markup) and out == Markup(template).format(*args)
    assert "&lt;script&gt;" in out and "&#34;Jong&#34; Un &amp; co" in out and "<b>cited</b>" in out and "0.86" in out


def test_charts_are_valid_svg_and_escape_labels():
    svg = timeline_svg([("2023-11-20", "Ship <seized> & crew held", "article"), ("2023-12-19", "Naval task force", "article")])
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and "&lt;seized&gt;" in svg
    net = network_svg([("YEM", "Houthis"), ("ISR", "Israel")], [("YEM", "ISR", "ASSAULT", 2)])
    assert ET.fromstring(net).tag.endswith("svg") and "ASSAULT" in net
    assert timeline_svg([]) == "" and network_svg([], []) == ""


def test_the_stories_chart_draws_each_dated_story_from_its_first_to_its_last_day():
    svg = stories_svg([
        ("stories/st-b.html", "Strikes on <Houthi> sites & ports", "2024-01-12", "2024-01-17", 3),
        ("stories/st-a.html", "Galaxy Leader seized", "2023-11-20", "2023-11-20", 1),
        ("stories/st-c.html", "Undated piece", None, None, 1),
    ])
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    bars = [(float(r.get("x")), float(r.get("width")), float(r.get("height"))) for r in root.iter(ns + "rect")]
    assert len(bars) == 2, "the undated story has no bar"
    (x_a, w_a, h_a), (x_b, w_b, h_b) = bars  # in the order the stories began
    assert x_a < x_b and w_b > w_a and h_b > h_a, "later, longer, and told by more sources"
    links = [a.get("href") for a in root.iter(ns + "a")]
    assert links == ["stories/st-a.html", "stories/st-b.html"]
    assert "&lt;Houthi&gt; sites &amp; ports" in svg
    assert stories_svg([("x", "One story", "2024-01-01", None, 1)]) == ""


def test_the_stories_chart_keeps_every_label_inside_the_picture():
    """Reuters' CoNLL stream, three days: a story spanning all three left no room on either
    side of its bar (its label ran off the right edge), and all-capitals headlines ran off
    the left one."""
    svg = stories_svg([
        ("s/1.html", "SOCCER - IRELAND BEAT LIECHTENSTEIN 5-0 IN WORLD CUP QUALIFIER IN EUROPEAN GROUP EIGHT.",
         "1996-08-29", "1996-08-31", 5),
        ("s/2.html", "BASEBALL - MAJOR LEAGUE STANDINGS AFTER THURSDAY 'S GAMES AND RESULTS.", "1996-08-30", "1996-08-31", 3),
        ("s/3.html", "Yeltsin endorses Lebed Chechnya peace plan - agency.", "1996-08-31", "1996-08-31", 2),
    ], width=760)
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t for t in ET.fromstring(svg).iter(ns + "text") if t.text and not t.text.startswith("1996")]
    assert len(texts) == 3
    for t in texts:  # DejaVu Sans's widths (charts._WIDTHS), the widest common sans font
        x, wide = float(t.get("x")), _text_px(t.text)
        start, end = (x - wide, x) if t.get("text-anchor") == "end" else (x, x + wide)
        assert start >= 0 and end <= 760, (t.text, start, end)
    over = texts[0]  # the bar across the whole axis carries its label over it, on a white plate
    assert over.text.startswith("SOCCER - IRELAND") and over.get("text-anchor") == "start"
    plates = [r for r in ET.fromstring(svg).iter(ns + "rect") if r.get("fill") == "#fff"]
    assert len(plates) == 1 and abs(float(plates[0].get("x")) - float(over.get("x"))) < 5


def test_label_widths_are_never_narrower_than_dejavu_sans():
    """DejaVu Sans's advance widths at 12 px (read from DejaVuSans.ttf), for letters,
    punctuation and non-ASCII text: the chart's estimate may err wide, never narrow, or a
    label cut to fit runs past the picture's edge in Chromium on Debian."""
    dejavu = {"a": 7.36, "m": 11.69, "W": 11.86, "M": 10.36, " ": 3.81, "…": 12.0, "—": 12.0, "%": 11.41,
              "&": 9.36, "@": 12.0, "+": 10.06, "Ö": 9.45, "Ж": 12.92, "é": 7.39, "ж": 10.81, "7": 7.64,
              "ש": 7.6, "ك": 6.3}  # Hebrew and Arabic: not in the table, given more than any letter there
    for ch, width in dejavu.items():
        assert width <= _text_px(ch) <= width + 6, (ch, _text_px(ch), width)
    headline = ("РОССИЯ И КНДР ПОДПИСАЛИ ДОГОВОР О ВСЕОБЪЕМЛЮЩЕМ СТРАТЕГИЧЕСКОМ ПАРТНЁРСТВЕ — СООБЩАЕТ "
                "МИНИСТЕРСТВО ИНОСТРАННЫХ ДЕЛ")
    svg = stories_svg([("s/1.html", headline, "2024-06-19", "2024-06-19", 2), ("s/2.html", "Other", "2024-06-01", "2024-06-20", 3)])
    ns = "{http://www.w3.org/2000/svg}"
    label = next(t for t in ET.fromstring(svg).iter(ns + "text") if t.text and t.text.startswith("РОССИЯ"))
    assert label.text.endswith("…") and label.get("text-anchor") == "end"
    assert float(label.get("x")) - _text_px(label.text) >= 0  # cut to fit, left of its bar


def test_the_stories_chart_cuts_out_the_years_no_story_spans():
    """A store of Reuters copy from August 1996 and election coverage from 2016: on one
    continuous axis each year's stories were slivers at the two ends; the empty twenty years
    are cut out (a break mark), and each stretch's bars are drawn at a readable scale."""
    svg = stories_svg([
        ("s/1.html", "New talks in Chechnya as Lebed waits for Yeltsin.", "1996-08-22", "1996-08-31", 8),
        ("s/2.html", "Iraqi Kurds say Iranian troops enter north Iraq.", "1996-08-26", "1996-08-31", 6),
        ("s/3.html", "Weiner separates from Abedin", "2016-08-29", "2016-08-31", 3),
    ], width=760)
    ns = "{http://www.w3.org/2000/svg}"
    root = ET.fromstring(svg)
    rects = [(float(r.get("x")), float(r.get("width"))) for a in root.iter(ns + "a") for r in a.iter(ns + "rect")
             if r.get("fill") != "#fff"]  # the bars, not a label's plate
    assert len(rects) == 3 and all(12 <= x and x + w <= 760 - 12 for x, w in rects)
    chechnya, kurds, weiner = rects
    assert chechnya[1] > 200 and kurds[0] > chechnya[0] + 50  # nine days of 1996 fill most of the axis
    assert weiner[0] > chechnya[0] + chechnya[1]  # 2016 after the break
    dates = [t.text for t in root.iter(ns + "text") if t.text and t.text[:2] in ("19", "20")]
    assert dates[:2] == ["1996-08-22", "1996-08-31"] and "2016-08-29" in dates
    slants = [ln for ln in root.iter(ns + "line") if ln.get("y1") != ln.get("y2") and ln.get("x1") != ln.get("x2")]
    assert len(slants) == 2  # one break
    # a stream of a few weeks keeps one continuous axis
    one = ET.fromstring(stories_svg([("a", "A", "2023-11-20", "2023-11-22", 2), ("b", "B", "2024-01-10", "2024-01-17", 3)]))
    assert not [ln for ln in one.iter(ns + "line") if ln.get("y1") != ln.get("y2") and ln.get("x1") != ln.get("x2")]


def test_several_edges_into_one_actor_end_at_different_points():
    """Talks, a deal and a transfer between the same two states: each edge bends its own way
    and meets the node's rim along its own curve, so no arrowhead hides another."""

    net = network_svg([("RUS", "RUS"), ("PRK", "PRK")],
                      [("PRK", "RUS", "AID", 2), ("PRK", "RUS", "AGREE", 1), ("RUS", "PRK", "CONSULT", 1)])
    ends = re.findall(r'<path d="M[\d.]+,[\d.]+ Q[\d.]+,[\d.]+ ([\d.]+),([\d.]+)"', net)
    assert len(ends) == 3 and len(set(ends)) == 3, ends
    into_rus = [tuple(map(float, e)) for e in ends[:2]]
    assert abs(into_rus[0][0] - into_rus[1][0]) + abs(into_rus[0][1] - into_rus[1][1]) > 4, into_rus


def test_a_long_label_near_the_edge_stays_inside_the_picture():
    """A node on the circle's left or right edge: its label starts or ends at the node rather
    than being centred on it and cut off by the picture's border."""

    nodes = [("A", "Abdel Fattah al-Burhan"), ("B", "B"), ("C", "Commander of the eastern forces"), ("D", "D")]
    net = network_svg(nodes, [("A", "B", "ACCUSE", 1), ("C", "D", "AID", 1), ("A", "C", "ASSAULT", 1)])
    size = 560
    for x, anchor, label in re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)" fill="#1d2330" '
                                       r'font-weight="600">([^<]+)</text>', net):
        x, width = float(x), 6.8 * len(label)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        assert 0 <= left and left + width <= size, (label, x, anchor)


def test_a_joint_event_is_drawn_between_its_actors():
    """"Putin and Kim held talks" has two actors and no recipient: the network still links
    Russia and North Korea (dashed, no arrow), and an actor without a country is shown by
    name, not by a bare sector code."""
    from types import SimpleNamespace as NS

    from wirewatch.events.briefing import _network
    from wirewatch.events.fusion import Party

    def side(name, code):
        return Party(key=name, name=name, code=code)

    talks = NS(type="CONSULT", modality="asserted", corroboration=3,
               actors=[side("Vladimir Putin", "RUSGOV"), side("Kim Jong Un", "PRKGOV")], recipients=[])
    remark = NS(type="ACCUSE", modality="asserted", corroboration=1,
                actors=[side("Kim Myong Sik", "MIL")], recipients=[side("North Korea", "PRK")])
    deal = NS(type="AGREE", modality="asserted", corroboration=1,
              actors=[side("Vladimir Putin", "RUSGOV")], recipients=[side("Kim Jong Un", "PRKGOV")])
    svg = _network([talks, remark, deal])
    root = ET.fromstring(svg)
    edges = [el for el in root.iter() if el.tag.endswith("path") and el.find("*") is not None]
    joint = [el for el in edges if "CONSULT" in "".join(el.itertext())]
    assert len(joint) == 1 and "marker-end" not in joint[0].attrib and joint[0].get("stroke-dasharray")
    # two edges between Russia and North Korea: bent apart, not drawn over each other
    rus_prk = [el.get("d") for el in edges if any(k in "".join(el.itertext()) for k in ("CONSULT", "AGREE"))]
    assert len(rus_prk) == 2 and rus_prk[0] != rus_prk[1]
    labels = {"".join(el.itertext()) for el in root.iter() if el.tag.endswith("text")}
    assert {"RUS", "PRK", "Kim Myong Sik"} <= labels and "MIL" not in labels


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("brief")
    res = CliRunner().invoke(app, ["run", str(CORPUS), "--db", str(out / "b.db"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_brief_command_scopes(rendered, tmp_path):
    data = json.loads((rendered / "briefing.json").read_text())
    sid = data["stories"][0]["id"]
    res = CliRunner().invoke(app, ["brief", "--db", str(rendered / "b.db"), "--story", sid[:9], "--format", "json", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    one = json.loads((tmp_path / "briefing.json").read_text())
    assert [s["id"] for s in one["stories"]] == [sid]
    res = CliRunner().invoke(app, ["brief", "--db", str(rendered / "b.db"), "--since", "2024-01-01", "--format", "md", "--out", str(tmp_path)])
    assert res.exit_code == 0
    assert "stories active since 2024-01-01" in (tmp_path / "briefing.md").read_text()
    commas = tmp_path / "commas"  # "--format html,md" as well as "-f html -f md"
    res = CliRunner().invoke(app, ["brief", "--db", str(rendered / "b.db"), "--format", "html,md", "--out", str(commas)])
    assert res.exit_code == 0 and sorted(p.name for p in commas.iterdir()) == ["briefing.md", "index.html", "stories"]
    bad = CliRunner().invoke(app, ["brief", "--db", str(rendered / "b.db"), "--format", "pdf", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "unknown format" in bad.stderr


def test_a_run_into_a_store_lists_the_stories_its_new_articles_joined(rendered, tmp_path):
    """An analyst feeds the day's articles into a store that holds the earlier ones: the index
    says which stories the run's articles joined (one grew, one is new) before the rest."""
    from wirewatch.store import open_store

    db = tmp_path / "b.db"
    shutil.copy(rendered / "b.db", db)
    day = tmp_path / "day"
    day.mkdir()
    wire = (CORPUS / "txt/northwire/2023-11-22-nk-satellite-orbit.txt").read_text(encoding="utf-8")
    body = wire.split("\n\n", 1)[1]  # a regional paper republishes the wire story
    (day / "reprint.txt").write_text(
        "Title: North Korea puts spy satellite in orbit\nDate: 2023-11-23\nSource: Harbour Courier\n"
        "URL: https://harbour-courier.example/world/nk-satellite\n\n" + body, encoding="utf-8")
    (day / "tanker.txt").write_text(
        "Title: Coastguard detains tanker off Montevideo over falsified cargo papers\nDate: 2023-11-23\n"
        "Source: River Plate Herald\nURL: https://rph.example/tanker\n\n"
        "Uruguay's coastguard detained a tanker off Montevideo on Thursday after inspectors found that its "
        "cargo papers had been falsified, the navy said.\n\nThe vessel, which sails under a Gabonese flag, "
        "had declared a cargo of vegetable oil. Inspectors found diesel in four of its tanks, a navy "
        "spokesman told reporters at the port.", encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(day), "--db", str(db), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "2 new article(s) in 2 stories" in res.stderr
    store = open_store(db)
    by_url = {a.url: a.id for a in store.iter_articles()}
    grown = store.story_of(by_url["https://harbour-courier.example/world/nk-satellite"])
    fresh = store.story_of(by_url["https://rph.example/tanker"])
    grown_size = len(store.story_members(grown))
    store.close()
    assert grown != fresh and grown_size > 1
    data = json.loads((out / "briefing.json").read_text())
    assert data["new_label"] == "New in this run"
    assert {s["id"]: s["new_articles"] for s in data["stories"] if s["new_articles"]} == {grown: 1, fresh: 1}
    html = (out / "index.html").read_text()
    section = html[html.index('<section id="updated">'):html.index('<section id="stories">')]
    assert re.findall(r'href="stories/([^"]+)\.html"', section) and set(
        re.findall(r'href="stories/([^"]+)\.html"', section)) == {grown, fresh}
    assert f"+1, {grown_size} articles in all" in section and "new story" in section
    assert "2 new articles: 1 new story, 1 story grown" in section
    rest = html[html.index('<section id="stories">'):]  # and each is marked where the index lists it
    for sid, badge in ((grown, "+1 new"), (fresh, "new")):
        at = rest.index(f'id="s-{sid}"')  # its card or its line
        assert f'<span class="badge new">{badge}</span>' in rest[at:at + 400]
    assert "## New in this run" in (out / "briefing.md").read_text()
    # the grown story's report says what the run added: key points from the reprint
    report = (out / "stories" / f"{grown}.html").read_text()
    latest = report[report.index('<section id="latest">'):]
    latest = latest[:latest.index("</section>")]
    assert "<h2>New in this run</h2>" in latest and "harbour-courier.example" in latest
    assert "North Korea said on Wednesday it had successfully placed" in latest
    # the same articles again: nothing new, and the index says so
    again = CliRunner().invoke(app, ["run", str(day), "--db", str(db), "--out", str(out)])
    assert again.exit_code == 0 and "new article(s) in" not in again.stderr
    assert "No new articles." in (out / "index.html").read_text()
    # the first run's briefing, where every story was new, has no such section
    assert 'id="updated"' not in (rendered / "index.html").read_text()
    # asked what is new since a day, the index lists it even when every story is new since then
    since = tmp_path / "since"
    res = CliRunner().invoke(app, ["brief", "--db", str(db), "--new-since", "2023-01-01", "--format", "html",
                                   "--out", str(since)])
    assert res.exit_code == 0, res.output
    listed = (since / "index.html").read_text()
    assert "<h2>New since 2023-01-01</h2>" in listed and "new story" in listed


def test_a_merged_storys_report_address_leads_to_the_story_it_joined(rendered, tmp_path):
    """Story ids stay stable through merges; so do the addresses of their reports: a reader
    who kept the link to an absorbed story's page is taken to the story it joined."""
    from wirewatch.store import open_store

    db = tmp_path / "b.db"
    shutil.copy(rendered / "b.db", db)
    store = open_store(db)
    older, absorbed = sorted(store.stories(), key=lambda r: (r.first_seen or "", r.id))[:2]
    moved = [i for i, _ in store.story_members(absorbed.id)]
    older_size = len(store.story_members(older.id))
    # what the clusterer writes when an article bridges two stories (stories/stage.py)
    store.save_story_step(stories=[(dataclasses.replace(absorbed, merged_into=older.id), {})], assignments=[],
                          merges=[(absorbed.id, older.id, 0.52, f"article {moved[0]} links both stories (similarity 0.52)",
                                  "2023-09-20T00:00:00")],
                          df_delta={}, docs_delta=0)
    store.close()
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["brief", "--db", str(db), "--format", "html,json", "--out", str(out)])
    assert res.exit_code == 0, res.output
    page = (out / "stories" / f"{absorbed.id}.html").read_text()
    assert f'http-equiv="refresh" content="0; url={older.id}.html"' in page
    assert f'<a href="{older.id}.html">' in page and "links both stories (similarity 0.52)" in page
    joined = next(s for s in json.loads((out / "briefing.json").read_text())["stories"] if s["id"] == older.id)
    assert joined["n_articles"] == older_size + len(moved) and joined["merges"][0]["absorbed"] == absorbed.id
    assert "merged into" in (out / "stories" / f"{older.id}.html").read_text()
    index = (out / "index.html").read_text()
    assert f'stories/{absorbed.id}.html' not in index and f'stories/{older.id}.html' in index
    # later the story it joined is itself absorbed: both old addresses lead to the one live story
    store = open_store(db)
    live = store.stories()
    joined_row = next(r for r in live if r.id == older.id)
    third = next(r for r in live if r.id != older.id)
    store.save_story_step(stories=[(dataclasses.replace(joined_row, merged_into=third.id), {})], assignments=[],
                          merges=[(older.id, third.id, 0.47, "article x links both stories (similarity 0.47)",
                                   "2023-10-01T00:00:00")], df_delta={}, docs_delta=0)
    store.close()
    res = CliRunner().invoke(app, ["brief", "--db", str(db), "--format", "html", "--out", str(out)])
    assert res.exit_code == 0, res.output
    for old_id in (absorbed.id, older.id):
        assert f'url={third.id}.html"' in (out / "stories" / f"{old_id}.html").read_text()


def test_the_index_shows_stories_told_by_several_sources_in_full_and_lists_the_rest(rendered):
    """Every story is on the index once: those told by two or more independent sources with
    their key points, the one-source rest as one line each (a month of real news holds
    hundreds of those)."""
    data = json.loads((rendered / "briefing.json").read_text())
    html = (rendered / "index.html").read_text()
    cards = re.findall(r'<div class="story" id="s-([^"]+)">', html)
    lines = re.findall(r'<li id="s-([^"]+)">', html)
    assert sorted(cards + lines) == sorted(s["id"] for s in data["stories"])
    several = [s["id"] for s in data["stories"] if s["n_independent"] >= 2]
    assert several and set(several) <= set(cards)
    assert lines and 'id="more-stories"' in html
    for sid in lines:
        one = next(s for s in data["stories"] if s["id"] == sid)
        assert one["n_independent"] == 1 and f'href="stories/{sid}.html"' in html


def test_how_many_stories_the_index_shows_in_full():
    from types import SimpleNamespace as NS

    from wirewatch.brief.render import FEATURED_MAX, FEATURED_MIN, featured_count

    def stories(multi, single):
        return [NS(n_independent=3)] * multi + [NS(n_independent=1)] * single

    assert featured_count(stories(7, 40)) == 7
    assert featured_count(stories(1, 40)) == FEATURED_MIN  # topped up: the index is never bare
    assert featured_count(stories(0, 3)) == 3
    assert featured_count(stories(300, 10)) == FEATURED_MAX


def test_markdown_puts_each_key_point_on_its_own_line(rendered):
    """Each key point is a list item of its own (the template's line ends must survive
    Jinja's trim_blocks), and every one carries its citation and source count."""
    data = json.loads((rendered / "briefing.json").read_text())
    md = (rendered / "briefing.md").read_text()
    for story in data["stories"]:
        for p in story["key_points"]:
            line = next((ln for ln in md.splitlines() if ln.startswith("- " + p["text"][:60])), None)
            assert line is not None, p["text"]
            assert line.count(" independent source") == 1 and "](" in line, line


def test_who_says_what_lists_no_bare_pointers(rendered):
    """"..., which Iran denies" gives a claim whose content is "which": no use to a reader, so
    the report's "Who says what" leaves it (and speakers like "It") out; likewise "citing"
    asides, datelines and "on Jan. 4 that" at the head of what was said."""

    pages = list((rendered / "stories").glob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'id="claims"' not in html:
            continue
        section = html[html.index('id="claims"'):]
        section = section[: section.index("</section>")]
        items = re.findall(r"<li>(.*?)<span", section, flags=re.S)
        assert items
        assert not [i for i in items if i.strip(" “”").lower() in ("which", "that", "it")], page.name
        assert "<h3>It</h3>" not in section
        # "..., citing intelligence" names evidence, not a statement; a dateline is said by no one
        assert '<span class="meta">(citing)</span>' not in section, page.name
        assert not [i for i in items if re.match(r"[“]?[A-Z]{3,}[A-Z ,.]*\(", i.strip())], page.name
        assert not [i for i in items if re.match(r"on [A-Z][a-z]{2}\.? \d+ that ", i.strip())], page.name


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_pages_render_in_a_browser(rendered, tmp_path):
    data = json.loads((rendered / "briefing.json").read_text())
    story_page = rendered / "stories" / f"{data['stories'][0]['id']}.html"
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    for page, sections in ((rendered / "index.html", ["overview", "stories", "stories-over-time", "more-stories", "sources"]),
                           (story_page, ["key-points", "timeline", "sources-list"])):
        dom = subprocess.run(flags + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60).stdout
        for sid in sections:
            assert f'id="{sid}"' in dom, (page.name, sid)
        shot = tmp_path / (page.stem + ".png")
        subprocess.run(flags + ["--window-size=420,900", f"--screenshot={shot}", page.as_uri()],
                       capture_output=True, timeout=60)
        assert shot.exists() and shot.stat().st_size > 10_000, "a phone-sized screenshot with content"


def test_a_state_and_the_rebels_fighting_it_are_two_nodes():
    """The Houthis (YEMREB) attacking Yemen's government (YEMGOV) are an edge between two
    nodes, not a loop on "YEM" that the picture drops; a state's own institutions stay one
    node (RUSGOVMIL is Russia)."""
    from types import SimpleNamespace as NS

    from wirewatch.events.briefing import _network
    from wirewatch.events.fusion import Party

    war = NS(type="ASSAULT", modality="asserted", corroboration=2,
             actors=[Party(key="houthis", name="Houthis", code="YEMREB")],
             recipients=[Party(key="YEMGOV", name="Yemeni government", code="YEMGOV")])
    visit = NS(type="CONSULT", modality="asserted", corroboration=1,
               actors=[Party(key="shoigu", name="Sergei Shoigu", code="RUSGOVMIL")],
               recipients=[Party(key="PRK", name="North Korea", code="PRK")])
    svg = _network([war, visit])
    labels = re.findall(r'font-weight="600">([^<]+)</text>', svg)
    assert sorted(labels) == ["Houthis", "PRK", "RUS", "YEM"], labels


def test_a_key_point_one_outlet_published_several_times_a_day_cites_one_label_and_numbered_links():
    """A file of wire copy with no outlet field (Reuters' CoNLL stream as JSON Lines) gave
    every key point the same "[conll-valid.jsonl, 1996-08-31]" nine times over."""
    from wirewatch.brief.assemble import Citation, Point
    from wirewatch.brief.render import _env

    def c(i, source, day):
        return Citation(f"id{i}", source, day, None, f"Results <{i}>")

    point = Point("Wales beat San Marino 6-0.", c(1, "wire.jsonl", "1996-08-31"),
                  [c(2, "wire.jsonl", "1996-08-31"), c(3, "Reuters", "1996-08-31"), c(4, "wire.jsonl", "1996-08-31")],
                  [], 4, 4)
    html = str(_env.get_template("_cite.html").module.point(point, "stories/st-x.html"))
    assert html.count("wire.jsonl, 1996-08-31") == 1 and html.count("Reuters, 1996-08-31") == 1
    numbered = re.findall(r'<a href="stories/st-x.html#a-(id\d)" title="[^"]*">(\d)</a>', html)
    assert numbered == [("id1", "1"), ("id2", "2"), ("id4", "3")]
    assert "Results &lt;1&gt;" in html, "titles are escaped"


MATCH = """Harbour City came from behind to beat Riverside 2-1 in the cup quarter-final on Saturday, with two goals in the second half.
Riverside led at halftime through a penalty kick from their captain, but the home side's striker equalised after the break and scored the winner in stoppage time.
Harbour City meet the holders in the semi-finals next month; Riverside's coach said his midfielders had tired in the heat."""
TABLE = """Results of the ice hockey league matches played on Friday: Lakeside 4 Pinecrest 2, Northgate 1 Eastport 3, Millbrook 5 Westfield 0.
Standings after Friday's matches (played, won, lost, overtime losses, points): Eastport 12 9 2 1 19, Millbrook 12 8 3 1 17, Lakeside 12 7 4 1 15, Pinecrest 12 5 6 1 11."""


def test_sports_stories_are_listed_apart_after_the_news(tmp_path):
    """A wire's match reports and results tables are many texts each; they would top an index
    ranked by independent sources. They are listed apart, one cited line each, after the news
    (HTML and Markdown), and the JSON says which beat each story is."""
    from conftest import write
    from test_stories import RED_SEA, RED_SEA_2

    db = tmp_path / "s.db"
    write(tmp_path / "in" / "a.txt", "Title: Houthis seize cargo ship\nDate: 2023-11-20\n\n" + RED_SEA)
    write(tmp_path / "in" / "b.txt", "Title: Houthis hold Galaxy Leader crew\nDate: 2023-11-21\n\n" + RED_SEA_2)
    write(tmp_path / "in" / "c.txt", "Title: SOCCER - HARBOUR CITY BEAT RIVERSIDE 2-1\nDate: 2023-11-20\n\n" + MATCH)
    write(tmp_path / "in" / "d.txt", "Title: SOCCER - HARBOUR CITY HIT BACK TO BEAT RIVERSIDE\nDate: 2023-11-20\n\n"
          + MATCH.replace("on Saturday", "on Saturday evening").replace("his midfielders", "the players"))
    write(tmp_path / "in" / "e.txt", "Title: First division results and standings\nDate: 2023-11-20\n\n" + TABLE)
    assert CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db)]).exit_code == 0
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["brief", "--db", str(db), "--out", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads((out / "briefing.json").read_text())
    beats = {s["title"]: s["beat"] for s in data["stories"]}
    sports = [t for t, b in beats.items() if b == "sports"]
    assert any("Houthi" in t for t, b in beats.items() if b == "news")
    assert any("RIVERSIDE" in t for t in sports), beats  # by its desk tag
    assert any("standings" in t for t in sports), beats  # by its words: a results table
    assert [s["beat"] for s in data["stories"]] == sorted((s["beat"] for s in data["stories"]), key=lambda b: b == "sports")
    html = (out / "index.html").read_text()
    cards = re.findall(r'<div class="story" id="s-([^"]+)">', html)
    assert cards and all(s["beat"] == "news" for s in data["stories"] if s["id"] in cards)
    section = html[html.index('id="sports"'):]
    for s in data["stories"]:
        assert (f'id="s-{s["id"]}"' in section) == (s["beat"] == "sports")
    md = (out / "briefing.md").read_text()
    listed = md[md.index("## Sports"):]
    assert all(t in listed for t in sports) and "## Houthis" not in listed
    line = next(ln for ln in listed.splitlines() if "RIVERSIDE" in ln)
    assert "](" in line, "each sports line cites its source"
    # a briefing of one sports story shows it in full
    one = next(s["id"] for s in data["stories"] if s["beat"] == "sports")
    res = CliRunner().invoke(app, ["brief", "--db", str(db), "--story", one, "--out", str(tmp_path / "one")])
    assert res.exit_code == 0 and f'<div class="story" id="s-{one}">' in (tmp_path / "one" / "index.html").read_text()


def test_who_says_what_lists_a_speakers_five_best_read_claims_in_the_order_said():
    """Six claims of one speaker: the one the claims layer is least sure of (a byline read as
    a report) is the one left out; the rest keep the text's order, and the JSON lists them."""
    from types import SimpleNamespace as NS

    from wirewatch.claims.records import Claim, Span
    from wirewatch.events.briefing import claims_section

    said = ["sanctions would stay", "the talks had failed", "he reported from Washington", "the ship was seized",
            "Iran armed the rebels", "more strikes were coming"]
    text, claims = "", []
    for i, what in enumerate(said):
        start = len(text)
        text += f"Kirby said {what}. "
        claims.append(Claim(article_id="a1", sentence=i, cue=Span("said", start + 6, start + 10),
                            content=Span(what, start + 11, start + 11 + len(what)),
                            source=Span("Kirby", start, start + 5), confidence=0.3 if i == 2 else 0.9 - i / 100))
    claims[1].confidence = 0.5  # still among the five best
    article = art(text, "https://a.example/1")
    article.id = "a1"
    store = NS(claims=lambda ids: claims)
    section = claims_section(store, NS(extra={}), [article])
    (row,) = section.data
    assert row["speaker"] == "Kirby" and row["n_claims"] == 6
    assert row["claims"] == [c.id for i, c in enumerate(claims) if i != 2]
    assert "reported from Washington" not in section.html and "the talks had failed" in section.html


def test_who_says_what_shows_a_told_claim_once_with_its_teller():
    """"Kim told Putin that ..., according to state television footage": the footage's claim
    holds Kim's whole, so the list shows Kim's claim, told by the footage, and not the
    sentence a second time under the footage."""
    from types import SimpleNamespace as NS

    from wirewatch.claims.records import Claim, Span
    from wirewatch.events.briefing import claims_section

    text = ("Kim told Putin that Pyongyang would always stand with Moscow, according to Russian "
            "state television footage. Peskov said no agreements were signed.")

    def span(words: str, after: int = 0) -> Span:
        start = text.index(words, after)
        return Span(words, start, start + len(words))

    inner = Claim(article_id="a1", sentence=0, cue=span("told"), source=span("Kim"),
                  content=span("Pyongyang would always stand with Moscow"), confidence=0.9)
    outer = Claim(article_id="a1", sentence=0, cue=span("according to"),
                  source=span("Russian state television footage"),
                  content=span("Kim told Putin that Pyongyang would always stand with Moscow"), confidence=0.9)
    other = Claim(article_id="a1", sentence=1, cue=span("said"), source=span("Peskov"),
                  content=span("no agreements were signed"), confidence=0.9)
    article = art(text, "https://a.example/1")
    article.id = "a1"
    section = claims_section(NS(claims=lambda ids: [outer, inner, other]), NS(extra={}), [article])
    speakers = {row["speaker"]: row for row in section.data}
    assert set(speakers) == {"Kim", "Peskov"}
    assert speakers["Kim"]["told_by"] == {inner.id: "Russian state television footage"}
    assert speakers["Peskov"]["told_by"] == {}
    assert "(told, according to Russian state television footage)" in section.md
    assert section.md.count("Pyongyang would always stand with Moscow") == 1


def test_the_timeline_names_each_events_sides(rendered):
    """The timeline drew an event by its codes ("USAGOV REQUEST", "PRK AID military RUS")
    while the events list beside it named the sides; now both name them."""
    titles = []
    for page in (rendered / "stories").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        start = html.find('aria-label="Timeline"')
        if start >= 0:
            svg = html[start: html.find("</svg>", start)]
            titles += re.findall(r"<title>([^<]*)</title>", svg)
    events = [t for t in titles if re.search(r"\b(?:AID|ASSAULT|CONSULT|REQUEST|ACCUSE|AGREE|SUPPORT|COERCE)\b", t)]
    assert events, titles
    assert not [t for t in events if re.match(r"[A-Z]{3}(?:[A-Z]{3})*\s", t)], events
    assert any("North Korea" in t or "Russia" in t for t in events)


def test_every_actor_a_report_lists_is_cited_to_one_of_its_own_articles(rendered):
    """An actor's citation in a report was its first mention in the whole store, dropped when
    that fell outside the story: North Korea, the United States, Russia, named in most
    stories, stood uncited in most reports."""
    data = json.loads((rendered / "briefing.json").read_text())
    checked = 0
    for story in data["stories"]:
        members = {a["citation"]["article_id"] for a in story["sources"]} | {
            c["citation"]["article_id"] for a in story["sources"] for c in a["copies"]}
        actors = next((s["data"] for s in story["extra"]["sections"] if s["id"] == "actors"), [])
        for actor in actors:
            assert actor["cited"] is not None, (story["title"], actor["name"])
            assert actor["cited"]["article_id"] in members, (story["title"], actor["name"])
            checked += 1
        page = (rendered / "stories" / f"{story['id']}.html").read_text(encoding="utf-8")
        table = page[page.find('<table class="actors">'): page.find("</table>", page.find('<table class="actors">'))]
        rows = table.split("<tr>")[2:]
        assert len(rows) == len(actors) and all('class="cite"' in r for r in rows), story["title"]
    names = {a["name"] for s in data["stories"] for sec in s["extra"]["sections"] if sec["id"] == "actors"
             for a in sec["data"]}
    assert checked > 100 and {"North Korea", "United States", "Russia"} <= names
