"""Sports copy: no events from match reports and results tables (wirewatch/topic.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirewatch.cli import app
from wirewatch.topic import desk_tag, is_sports_copy

runner = CliRunner()

MATCH = ("Belgium beat Turkey 2-1 in a World Cup qualifier in Brussels on Saturday. Luc Nilis scored twice "
         "before halftime, and Turkey's striker Hakan Sukur pulled one back in the 70th minute. The Belgians lead "
         "the group standings after two matches.")
TABLE = ("Results of matches on Sunday in the first division: Ajax 3 Utrecht 1, PSV 2 Twente 0, Feyenoord 1 "
         "Vitesse 1, Roda 0 NAC 2, Heerenveen 4 Volendam 1.")
ARMS = ("North Korea has shipped more than a million artillery shells to Russia since August, South Korea's spy "
        "agency said on Wednesday. The shipments scored a diplomatic point for Moscow, analysts said, as the two "
        "sides deepened military ties ahead of a third satellite launch attempt.")


@pytest.mark.parametrize("title, text, sports", [
    ("Belgium edge Turkey", MATCH, True),
    ("Dutch league results", TABLE, True),
    ("SOCCER - DUTCH LEAGUE RESULTS.", "Ajax 3 Utrecht 1.", True),  # the desk's tag alone
    ("RTRS - Tennis - Seles advances", "Monica Seles won.", True),
    ("North Korea sent a million shells to Russia", ARMS, False),  # "scored" alone is no sport
    ("PRESS DIGEST - Iraq - Aug 22.", "Iraq's President Saddam Hussein meets a Russian delegation.", False),
])
def test_sports_copy(title, text, sports):
    assert is_sports_copy(title, text) is sports


def test_desk_tags():
    assert desk_tag("NFL AMERICAN FOOTBALL-RANDALL CUNNINGHAM RETIRES.")
    assert not desk_tag("Al-Qaeda claims attack") and not desk_tag("F-16 deliveries to Ukraine begin")


def test_a_match_report_gives_no_events(tmp_path):
    """CoNLL (Reuters, August 1996): about 200 of 1,218 events came from sports copy
    ("Warwickshire REJECT W. Khan" from a county cricket scorecard)."""
    for name, title, body in (("m", "Belgium edge Turkey", MATCH), ("a", "Shells for Russia", ARMS)):
        (tmp_path / f"{name}.txt").write_text(f"Title: {title}\nDate: 2023-09-14\nSource: Test Wire\n\n{body}\n",
                                              encoding="utf-8")
    db = tmp_path / "s.db"
    assert runner.invoke(app, ["run", str(tmp_path), "--db", str(db), "--out", str(tmp_path / "out")]).exit_code == 0
    events = json.loads(runner.invoke(app, ["events", "--db", str(db), "--json"]).stdout)
    assert events, "the arms report still has its events"
    assert not any("Turkey" in json.dumps(e) or "Belgium" in json.dumps(e) for e in events), events
    assert Path(tmp_path / "out" / "index.html").is_file()
