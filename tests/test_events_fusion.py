"""Fusion across articles, independent corroboration, disputes, the events stage end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirewatch.cli import app
from wirewatch.events.fusion import fuse, party
from wirewatch.events.records import ActorRef, Event, Evidence
from wirewatch.nlp import MODEL_DIR
from wirewatch.store import open_store

runner = CliRunner()


def ev(article, type_, actors, recipients, modality="asserted", date=None, contexts=("military",), start=0, mode=None):
    return Event(
        type=type_, mode=mode,
        actors=[ActorRef(a, start, start + len(a), entity_id=f"e-{a}", code=a) for a in actors],
        recipients=[ActorRef(r, start + 10, start + 10 + len(r), entity_id=f"e-{r}", code=r) for r in recipients],
        evidence=Evidence(article, 0, start, start + 40),
        modality=modality, date=date, date_precision="day" if date else "unknown",
        contexts=list(contexts), confidence=0.9,
    )


ARTICLES = {"a1": ("a1", "2023-11-14"), "a2": ("a1", "2023-11-14"), "b1": ("b1", "2023-11-15")}


def test_copies_count_once_independent_sources_twice():
    fused = fuse([ev("a1", "CONSULT", ["RUS"], ["PRK"]), ev("a2", "CONSULT", ["RUS"], ["PRK"]),
                  ev("b1", "CONSULT", ["PRK"], ["RUS"])], ARTICLES)
    (f,) = fused
    assert (f.corroboration, f.publications) == (2, 3), "a2 is a copy of a1; CONSULT is symmetric"
    assert len(f.evidence) == 3 and f.date == "2023-11-14"


def test_a_fused_event_is_as_likely_as_its_likeliest_reading():
    """Each reading carries the verifier's belief; the fused event keeps the best of them
    (one reader's misreading of a sentence does not make a well-read one doubtful), and an
    event no verifier read has none."""
    import dataclasses

    doubtful = dataclasses.replace(ev("a1", "CONSULT", ["RUS"], ["PRK"]), belief=0.3)
    sure = dataclasses.replace(ev("b1", "CONSULT", ["RUS"], ["PRK"]), belief=0.8)
    (fused,) = fuse([doubtful, sure], ARTICLES)
    assert fused.belief == 0.8 and fused.corroboration == 2
    (never,) = fuse([ev("a1", "CONSULT", ["RUS"], ["PRK"])], ARTICLES)
    assert never.belief is None


def test_direction_matters_for_aid_and_realis_splits():
    fused = fuse([ev("a1", "AID", ["PRK"], ["RUS"], "hypothetical"), ev("b1", "AID", ["PRK"], ["RUS"], "asserted"),
                  ev("b1", "AID", ["RUS"], ["PRK"], "hypothetical", start=50)], ARTICLES)
    assert sorted((f.actors[0].code, f.modality) for f in fused) == [("PRK", "asserted"), ("PRK", "hypothetical"), ("RUS", "hypothetical")]


def test_far_apart_dates_are_different_events():
    fused = fuse([ev("a1", "ASSAULT", ["RUS"], ["UKR"], date="2023-01-01"),
                  ev("b1", "ASSAULT", ["RUS"], ["UKR"], date="2023-03-01")], ARTICLES)
    assert len(fused) == 2


def test_denial_disputes_the_cooperation_it_contradicts():
    talks = ev("a1", "CONSULT", ["RUS"], ["PRK"], "ongoing", mode="negotiate")
    supply = ev("a1", "AID", ["PRK"], ["RUS"], "hypothetical", start=100)
    letters = ev("a1", "CONSULT", ["RUS"], ["PRK"], "asserted", contexts=("diplomatic",), start=200, mode="phone")
    denial = ev("b1", "REJECT", ["PRK"], ["RUS"], "denied")
    fused = {f.type + f.modality: f for f in fuse([talks, supply, letters, denial], ARTICLES)}
    assert fused["CONSULTongoing"].disputed and fused["AIDhypothetical"].disputed and fused["REJECTdenied"].disputed
    assert not fused["CONSULTasserted"].disputed, "a refusal to sell arms says nothing about diplomatic letters"
    assert fused["AIDhypothetical"].disputes[0]["fused_id"] == fused["REJECTdenied"].id


def test_a_denial_that_names_no_one_answers_what_its_articles_speak_of():
    """ "Iran denies supplying weapons for use in the war" (an article about Russia's strikes
    on Ukraine) disputes Iran's reported transfers to Russia, not those to the Houthis told
    in another story; a transfer reported in the denial's own article is disputed too."""
    articles = {"a1": ("a1", "2024-03-22"), "b1": ("b1", "2024-03-20"), "c1": ("c1", "2024-03-21"),
                "d1": ("d1", "2024-03-21")}
    denial = ev("a1", "AID", ["IRN"], [], "denied")
    strike = ev("a1", "ASSAULT", ["RUS"], ["UKR"], start=100)
    to_russia = ev("b1", "AID", ["IRN"], ["RUS"])
    to_houthis = ev("c1", "AID", ["IRN"], ["YEMREB"])
    fused = {(f.recipients[0].code if f.recipients else None, f.modality): f
             for f in fuse([denial, strike, to_russia, to_houthis], articles)}
    assert fused[("RUS", "asserted")].disputed and fused[(None, "denied")].disputed
    assert not fused[("YEMREB", "asserted")].disputed
    # the UN panel's report and the UAE's denial in one article
    fused = fuse([ev("d1", "AID", ["ARE"], ["SDNREB"]), ev("d1", "AID", ["ARE"], [], "denied", start=200)], articles)
    assert all(f.disputed for f in fused) and len(fused) == 2


def test_a_denied_strike_disputes_the_strike_its_own_article_reports():
    articles = {"a1": ("a1", "2024-01-11"), "b1": ("b1", "2024-01-12")}
    strike = ev("a1", "ASSAULT", ["RUSMIL"], ["UKR"], date="2024-01-02")
    denial = ev("a1", "ASSAULT", ["RUSMIL"], ["UKR"], "denied", date="2024-01-02", start=100)
    other = ev("b1", "ASSAULT", ["RUS"], ["UKR"], date="2024-01-05")
    fused = {(f.modality, f.articles[0]): f for f in fuse([strike, denial, other], articles)}
    assert fused[("asserted", "a1")].disputed and fused[("denied", "a1")].disputed
    assert not fused[("asserted", "b1")].disputed  # another strike of the same war
    # a negation is no denial: "no missiles were fired" disputes nothing
    negated = ev("a1", "ASSAULT", ["RUSMIL"], ["UKR"], "negated", date="2024-01-02", start=100)
    assert not any(f.disputed for f in fuse([strike, negated], articles))


def test_a_denied_transfer_does_not_dispute_one_the_other_way():
    """ "Pyongyang has denied supplying arms to Moscow" says nothing of Moscow providing
    Pyongyang with fighter jets."""
    denial = ev("a1", "AID", ["PRK"], ["RUS"], "denied")
    jets = ev("a1", "AID", ["RUS"], ["PRK"], "planned", start=100)
    shells = ev("b1", "AID", ["PRK"], ["RUS"])
    fused = {(f.actors[0].code, f.modality): f for f in fuse([denial, jets, shells], ARTICLES)}
    assert not fused[("RUS", "planned")].disputed
    assert fused[("PRK", "asserted")].disputed and fused[("PRK", "denied")].disputed


def test_a_denied_arms_trade_does_not_dispute_a_summit():
    """Both sides deny trading arms; that the leaders met is not in question, even where the
    summit's sentence also speaks of military matters."""
    summit = ev("a1", "CONSULT", ["PRKGOV"], ["RUSGOV"], "asserted", mode="multilateral")
    shipment = ev("a1", "AID", ["PRK"], ["RUSGOV"], "asserted", start=100)
    denial = ev("b1", "REJECT", ["PRK"], ["RUSGOV"], "denied", mode="assist")
    fused = {f.type: f for f in fuse([summit, shipment, denial], ARTICLES)}
    assert fused["AID"].disputed and fused["REJECT"].disputed
    assert not fused["CONSULT"].disputed


def test_a_mutual_denial_is_shown_the_way_the_claim_runs():
    from wirewatch.events.briefing import against

    supply = ev("a1", "AID", ["PRK"], ["RUS"], "asserted")
    both_ways = [ev("b1", "AID", ["RUS"], ["PRK"], "denied", start=100), ev("b1", "AID", ["PRK"], ["RUS"], "denied", start=110)]
    for e in (supply, *both_ways):
        e.id = e.content_id()
    fused = fuse([supply, *both_ways], ARTICLES)
    claim = next(f for f in fused if f.modality == "asserted")
    index = {f.id: f for f in fused}
    others = [index[d["fused_id"]] for d in claim.disputes]
    # only the denial running the supply's way contradicts it (session 14: a transfer has a
    # direction); the report shows that one
    assert [(o.actors[0].code, o.recipients[0].code) for o in others] == [("PRK", "RUS")], others
    (shown,) = against(claim, others)
    assert (shown.actors[0].code, shown.recipients[0].code) == ("PRK", "RUS")


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    from conftest import SEEDS

    if not SEEDS.is_dir() or not (MODEL_DIR / "meta.json").is_file():
        pytest.skip("needs ../shared/seeds and the bundled model")
    db = tmp_path_factory.mktemp("ev") / "seeds.db"
    assert runner.invoke(app, ["ingest", str(SEEDS), "--db", str(db)]).exit_code == 0
    return db


def test_an_event_dated_to_a_month_or_year_counts_until_its_end():
    from datetime import date

    from wirewatch.events.dates import date_span

    assert date_span("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert date_span("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_span("2023-12") == (date(2023, 12, 1), date(2023, 12, 31))
    assert date_span("2024-01-15") == (date(2024, 1, 15), date(2024, 1, 15))
    assert date_span(None) is None and date_span("soon") is None


def events_json(db, *args):
    res = runner.invoke(app, ["events", "--db", str(db), "--json", *args])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def codes(parties):
    return {(p["code"] or "")[:3] for p in parties}


def test_seeds_events_end_to_end(seeds_db):
    events = events_json(seeds_db)
    talks = [e for e in events if e["type"] == "CONSULT" and codes(e["actors"] + e["recipients"]) >= {"RUS", "PRK"}
             and e["modality"] == "ongoing"]
    assert talks and max(t["corroboration"] for t in talks) == 2, "the arms talks are in both articles"
    assert any(t["disputed"] for t in talks), "North Korea's stated reluctance disputes them"
    visit = [e for e in events if e["type"] == "CONSULT" and e["mode"] == "visit"]
    assert visit and codes(visit[0]["actors"]) == {"RUS"} and codes(visit[0]["recipients"]) == {"PRK"}
    # "Shoigu recently visited North Korea" and "a visit by the Russian defence minister to
    # Pyongyang": one event, told by both articles
    assert len(visit) == 1 and visit[0]["corroboration"] == 2
    supply = [e for e in events if e["type"] == "AID" and e["mode"] == "military" and codes(e["actors"]) == {"PRK"}
              and codes(e["recipients"]) == {"RUS"} and e["modality"] in ("hypothetical", "planned")]
    assert supply, "would supply weapons: AID military, not a done transfer"
    assert any(e["type"] == "REQUEST" and codes(e["actors"]) == {"USA"} and "PRK" in codes(e["recipients"]) for e in events)
    assert any(e["type"] == "ASSAULT" and e["mode"] == "drone" and "UKR" in codes(e["recipients"]) for e in events)
    denial = [e for e in events if e["type"] == "REJECT" and e["modality"] == "denied" and codes(e["actors"]) == {"PRK"}
              and codes(e["recipients"]) == {"RUS"}]
    assert denial and denial[0]["disputed"]
    launch = [e for e in events if codes(e["actors"]) == {"PRK"} and any(
        (x["attribution"]["source"] or {}).get("text", "").startswith("South Korea") for x in e["evidence"])]
    assert launch, "the missile launch is attributed to South Korea's military"
    assert events_json(seeds_db, "--type", "AID", "--actor", "PRK")
    assert all(e["disputed"] for e in events_json(seeds_db, "--disputed"))
    # one seed is dated 14 November 2023, the other not at all: a cut-off before that day
    # keeps the dated events, one after it none; an undated event is never "since" anything
    dated = [e for e in events if e["date"]]
    assert dated and len(dated) < len(events)
    assert events_json(seeds_db, "--since", "2023-11-01") == dated
    assert events_json(seeds_db, "--since", "2023-11-15") == []
    assert all(e["corroboration"] >= 2 for e in events_json(seeds_db, "--min-sources", "2"))
    assert any(e["corroboration"] < 2 for e in events)
    assert runner.invoke(app, ["events", "--db", str(seeds_db), "--since", "soon"]).exit_code == 2


def test_seeds_claims_and_plover_export(seeds_db, tmp_path):
    res = runner.invoke(app, ["claims", "--db", str(seeds_db), "--json", "--speaker", "Kirby"])
    claims = json.loads(res.stdout)
    quote = [c for c in claims if c["direct"] and "actively advancing" in c["content"]["text"]]
    assert quote and "Kirby" in quote[0]["source"]["text"]

    from wirewatch.export.plover import export_plover
    from wirewatch.store import open_store

    store = open_store(seeds_db)
    out = tmp_path / "events.jsonl"
    with out.open("w") as fh:
        n = export_plover(store, fh)
    store.close()
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert n == len(rows) > 5
    for r in rows:
        assert {"id", "date", "actor", "event"} <= set(r) and r["event"][0]
        assert r["ww_modality"] and r["ww_corroboration"] >= 1 and r["ww_evidence"]
        assert 0.0 < r["ww_belief"] <= 1.0  # the verifier's chance that the reading is right


def test_seeds_briefing_has_event_sections(seeds_db, tmp_path):
    res = runner.invoke(app, ["brief", "--db", str(seeds_db), "--out", str(tmp_path), "--format", "html"])
    assert res.exit_code == 0
    (page,) = (tmp_path / "stories").glob("*.html")
    html = page.read_text()
    for sid in ('id="events"', 'id="disputes"', 'id="claims"', 'id="actors"', "Who acted on whom"):
        assert sid in html
    assert "000_c2c99fcf4e819267.txt" in html and "004_f94fe9c60a33a65b.txt" in html, "the report cites both seeds"


def test_seeds_sanctions_flags_and_report(seeds_db, tmp_path):
    """Issue #6 on the seeds: the arms talks and the planned supply are potential violations of UN 1718,
    and the report says so with the resolutions and citations."""
    res = runner.invoke(app, ["sanctions", "flags", "--db", str(seeds_db), "--json"])
    assert res.exit_code == 0, res.output
    flags = [f for f in json.loads(res.stdout) if f["regime"] == "un-1718" and f["measure"] == "arms_embargo"]
    potential = {(f["event_type"], f["modality"]) for f in flags if f["status"] == "potential violation"}
    assert any(t in ("CONSULT", "AGREE") for t, _ in potential), potential
    assert ("AID", "hypothetical") in potential or ("AID", "planned") in potential, potential
    assert all({"1718", "1874"} <= {r["ref"] for r in f["resolutions"]} for f in flags)
    runner.invoke(app, ["brief", "--db", str(seeds_db), "--out", str(tmp_path), "--format", "html"])
    (page,) = (tmp_path / "stories").glob("*.html")
    html = page.read_text()
    section = html[html.index('id="sanctions"'):]
    section = section[: section.index("</section>")]
    assert "potential violation" in section and "1718 (2006)" in section and "1874 (2009)" in section
    assert 'class="cite"' in section, "every flag cites its evidence"


def test_a_sector_alone_is_no_country():
    assert party(ActorRef("Admiral Kim Myong Sik", 0, 20, entity_id="e-kms", code="MIL")).country is None
    assert party(ActorRef("Sergei Shoigu", 0, 13, entity_id="e-shoigu", code="RUSGOVMIL")).country == "RUS"
    assert party(ActorRef("the Houthis", 0, 11, entity_id="e-h", code="YEMREB")).country == "YEM"


def test_a_state_is_one_party_however_named():
    capital = party(ActorRef("Pyongyang", 0, 9, entity_id="e-pyongyang", code="PRK"))
    country = party(ActorRef("North Korea", 0, 11, entity_id="e-prk", code="PRK"))
    assert capital.key == country.key == "PRK"
    minister = party(ActorRef("Sergei Shoigu", 0, 13, entity_id="e-shoigu", code="RUSGOVMIL"))
    assert minister.key == "e-shoigu"  # people and organisations keep their own identity
    assert party(ActorRef("the rebels", 0, 10)).key == "the rebels"
    body = party(ActorRef("Russian officials", 0, 17, entity_id="e-ro", code="RUS", kind="organisation"))
    assert body.key == "RUS"  # a body coded by its country alone speaks for the state


def test_a_person_coded_by_country_alone_is_not_the_state():
    """PolNeAR, July-August 2016: with her sector unread, Hillary Clinton is coded "USA"; she
    is still herself, not the United States, and two officials whose country the text does not
    say ("GOV") are two parties, not one."""
    clinton = party(ActorRef("Clinton", 0, 7, entity_id="e-clinton", code="USA", kind="person"))
    assert clinton.key == "e-clinton" and clinton.country == "USA"
    a = party(ActorRef("Kaine", 0, 5, entity_id="e-kaine", code="GOV", kind="person"))
    b = party(ActorRef("the minister", 0, 12, entity_id="e-minister", code="GOV", kind="organisation"))
    assert a.key == "e-kaine" and b.key == "e-minister"
    kaine, pence = ev("a1", "ACCUSE", ["GOV"], ["RUS"]), ev("b1", "ACCUSE", ["GOV"], ["RUS"])
    kaine.actors[0].entity_id, pence.actors[0].entity_id = "e-kaine", "e-pence"
    assert len(fuse([kaine, pence], ARTICLES)) == 2  # a sector is no state, whatever the kind
    clinton, obama = ev("a1", "SUPPORT", ["USA"], ["PRK"]), ev("b1", "SUPPORT", ["USA"], ["PRK"])
    clinton.actors[0].entity_id, obama.actors[0].entity_id = "e-clinton", "e-obama"
    assert len(fuse([clinton, obama], ARTICLES)) == 1  # no kind (an older store): the state
    clinton.actors[0].kind = obama.actors[0].kind = "person"
    assert len(fuse([clinton, obama], ARTICLES)) == 2


def _claims_of_one_article(tmp_path, title: str, body: str, name: str = "a") -> tuple[list[dict], Path]:
    """Run the main job on one article; its claims (JSON) and the output folder."""
    if not (MODEL_DIR / "meta.json").is_file():
        pytest.skip("needs the bundled model")
    (tmp_path / f"{name}.txt").write_text(
        f"Title: {title}\nDate: 2023-09-14\nSource: Test Wire\n\n{body}\n", encoding="utf-8")
    db, out = tmp_path / f"{name}.db", tmp_path / f"out-{name}"
    assert runner.invoke(app, ["run", str(tmp_path / f"{name}.txt"), "--db", str(db), "--out", str(out)]).exit_code == 0
    res = runner.invoke(app, ["claims", "--db", str(db), "--json"])
    return [c for c in json.loads(res.stdout) if c["source"]], out


def test_he_said_is_the_speaker_before_him(tmp_path):
    """ "Peskov said ... He said ...": the pronoun's claim goes to the speaker just before,
    and the report lists both under the entity's name."""
    found, out = _claims_of_one_article(
        tmp_path, "Kremlin on the summit",
        "Russian President Vladimir Putin hosted North Korean leader Kim Jong Un on Wednesday. "
        "Kremlin spokesman Dmitry Peskov said no agreements were signed at the meeting. "
        "He said the two leaders would meet again next year.")
    claims = {c["source"]["text"]: c for c in found}
    assert claims["He"]["entity_id"] and claims["He"]["entity_id"] == claims["Kremlin spokesman Dmitry Peskov"]["entity_id"]
    report = next((out / "stories").glob("*.html")).read_text(encoding="utf-8")
    says = report[report.index("Who says what"):]
    assert "<h3>Dmitry Peskov</h3>" in says and "would meet again" in says.split("<h3>Dmitry Peskov</h3>")[1].split("<h3>")[0]


def test_an_event_reported_by_he_names_who_he_is(tmp_path):
    """ "Kirby said ... He also said Russia was seeking to acquire missiles from Iran": the
    event's reporter is the speaker the claim was tied to, in the store and in the report
    (not "according to He"), and a bare surname is given in full."""
    _, out = _claims_of_one_article(
        tmp_path, "White House on missiles",
        "White House spokesman John Kirby told reporters that North Korea had provided Russia with "
        "ballistic missiles. Kirby said Russian forces fired at least one of the missiles at Ukraine "
        "on Dec. 30. He also said Russia was seeking to acquire close-range ballistic missiles from Iran.")
    db = tmp_path / "a.db"
    store = open_store(db)
    kirby = {c.entity_id for c in store.claims() if c.source is not None and c.source.text == "Kirby"}
    reported = [e for e in store.article_events() if e.attribution.source is not None
                and e.attribution.source.text == "He"]
    store.close()
    assert len(kirby) == 1 and None not in kirby
    assert reported and all(e.attribution.source.entity_id in kirby for e in reported), reported
    report = next((out / "stories").glob("*.html")).read_text(encoding="utf-8")
    events = report[report.index('id="events"'):]
    events = events[:events.index("</section>")]
    assert "according to He " not in events and "according to John Kirby (also said)" in events, events


def test_it_said_is_the_body_that_spoke_before(tmp_path):
    """ "The ministry rejected the claims. It said ...": "It" speaks (it is no dummy subject
    of a saying verb), and its claim goes to the ministry that spoke just before."""
    found, _ = _claims_of_one_article(
        tmp_path, "Tehran rejects drone claims",
        "Washington said Iran had sent hundreds of drones to Russia this year. "
        "Iran's Foreign Ministry rejected the claims on Monday. "
        "It said the accusations were baseless and politically motivated.")
    claims = {c["source"]["text"]: c for c in found}
    assert "baseless" in claims["It"]["content"]["text"]
    assert claims["It"]["entity_id"] and claims["It"]["entity_id"] == claims["Iran's Foreign Ministry"]["entity_id"]

    # someone the store cannot name spoke in between: "It" is not reached back to the ministry
    found, _ = _claims_of_one_article(
        tmp_path, "Tehran rejects drone claims",
        "Iran's Foreign Ministry rejected the claims on Monday. A shipping office in Haifa said "
        "the vessel had been hit twice. It described the vessel as Liberian-flagged.", name="b")
    ministry = next(c["entity_id"] for c in found if "Ministry" in c["source"]["text"])
    it = [c for c in found if c["source"]["text"] == "It"]
    assert it and all(c["entity_id"] != ministry for c in it), it


def test_it_in_a_relative_clause_is_the_body_its_sentence_opened_with(tmp_path):
    """ "The United States imposed sanctions on three companies that it said had supplied the
    RSF ...": "it" is the United States, not Human Rights Watch, who spoke just before; so is
    "two officials it accused of ..."."""
    found, _ = _claims_of_one_article(
        tmp_path, "Sanctions over Sudan",
        "Human Rights Watch said the Security Council should extend the embargo to all of Sudan. "
        "The United States imposed sanctions on three companies that it said had supplied the RSF with "
        "military equipment, the Treasury Department said. The United States also imposed sanctions on two "
        "Venezuelan officials it accused of helping Iran build drones.")
    by_text = {}
    for c in found:
        by_text.setdefault(c["source"]["text"], []).append(c)
    store = open_store(tmp_path / "a.db")
    usa = next(e.id for e in store.entities() if e.name == "United States")
    store.close()
    its = by_text["it"]
    assert len(its) == 2 and all(c["entity_id"] == usa for c in its), its


def test_a_place_never_speaks_a_think_tank_does_and_no_comment_is_not_listed(tmp_path):
    """ "according to an indictment unsealed in a Brooklyn federal court" is no statement of
    Brooklyn's; "the think tank said" is the one research body named before; "did not respond
    to a request for comment" stays a claim (PolNeAR counts it) but is not listed as said."""
    found, out = _claims_of_one_article(
        tmp_path, "Shipments to Russia",
        "Cargo ships have carried about 1,000 containers from North Korea to Russia, according to satellite "
        "imagery analysed by the Royal United Services Institute. The vessels made repeated round trips, the "
        "think tank said. The defendants shipped the parts through front companies, according to an indictment "
        "unsealed in a Brooklyn federal court. Russia's embassy in London did not respond to a request for comment.")
    by_text = {c["source"]["text"]: c for c in found}
    store = open_store(tmp_path / "a.db")
    names = {e.id: e.name for e in store.entities()}
    store.close()
    assert names.get(by_text["the think tank"]["entity_id"]) == "Royal United Services Institute"
    court = next(c for t, c in by_text.items() if "indictment" in t)
    assert court["entity_id"] is None, names.get(court["entity_id"])
    assert any("request for comment" in c["content"]["text"] for c in found)
    report = next((out / "stories").glob("*.html")).read_text(encoding="utf-8")
    says = report[report.index("Who says what"):]
    assert "request for comment" not in says and "round trips" in says


def test_speakers_described_by_their_kind_and_owned_by_a_state(tmp_path):
    """ "Yemen's Houthi movement said" is the movement's claim, not Yemen's; "The panel" and
    "The experts" are the panel of experts named before; "the company" the one business named
    before; "Washington, Riyadh's main arms supplier, has said" is Washington's (no dateline)."""
    found, _ = _claims_of_one_article(
        tmp_path, "Claims of several speakers",
        "Yemen's Houthi movement said on Wednesday it had fired naval missiles at a bulk carrier. North Korea "
        "imported far more oil than its cap allows, a UN panel of experts said in a report. The panel said tankers "
        "had transferred fuel at sea. The experts also said hackers stole cryptocurrency.\n\n"
        "The kingdom signed an agreement with Hanwha Aerospace for howitzers, the company said.\n\n"
        "Washington, Riyadh's main arms supplier, has said it would review its weapons sales.")
    store = open_store(tmp_path / "a.db")
    names = {e.id: e.name for e in store.entities()}
    store.close()
    said = {c["source"]["text"]: names.get(c["entity_id"]) for c in found}
    assert said["Yemen's Houthi movement"] == "Houthis", said
    assert said["The panel"] == said["The experts"] == "UN Panel of Experts", said
    assert said["the company"] == "Hanwha Aerospace", said
    assert said["Washington, Riyadh's main arms supplier"] == "United States", said


def test_speakers_that_name_no_one_are_not_headings():
    from wirewatch.events.briefing import _vague

    for who in ("It", "They", "Their presence", "The minister", "the agency",
                # PolNeAR: people counted, none named ("None of the three said ...")
                "None of those three", "None", "Nobody", "No one", "Both", "Several polls", "Others"):
        assert _vague(who), who
    for who in ("Dmitry Peskov", "The White House", "The Kremlin", "South Korean officials", "KCNA",
                "Many Republicans", "Both campaigns' spokesmen Robby Mook"):
        assert not _vague(who), who


def test_a_reporter_is_named_in_full_only_where_the_text_names_less():
    from types import SimpleNamespace

    from wirewatch.events.briefing import _reporter

    people = {"e-kirby": SimpleNamespace(name="John Kirby", type="person"),
              "e-nis": SimpleNamespace(name="National Intelligence Service", type="organisation"),
              "e-usa": SimpleNamespace(name="United States", type="country")}
    store = SimpleNamespace(get_entity=people.get)

    def said(text, eid):
        return _reporter(store, ActorRef(text, 0, len(text), entity_id=eid), {})

    assert said("He", "e-kirby") == said("Kirby", "e-kirby") == "John Kirby"
    assert said("The agency", "e-nis") == "the National Intelligence Service"
    # the text says more than the name, or names a state as the writer chose: kept
    assert said("White House spokesman John Kirby", "e-kirby") == "White House spokesman John Kirby"
    assert said("Washington", "e-usa") == "Washington"
    assert said("He", None) == "He"
    # a capital that only opened the sentence goes; a name's own "The" stays
    assert said("A confidential report by the UN panel", None) == "a confidential report by the UN panel"
    assert _reporter(store, ActorRef("The United States", 0, 17, entity_id="e-usa", code="USA"), {}) == "the United States"
    assert said("The Washington Post", None) == "The Washington Post"
    # ... and a plural common noun that opened it: "according to analysts in Seoul"
    assert said("Analysts in Seoul", None) == "analysts in Seoul"
    assert said("Security analysts in Europe", None) == "security analysts in Europe"
    assert said("Brokers in London", None) == "brokers in London"
    assert said("Kharkiv mayor", None) == "Kharkiv mayor"


def test_the_list_of_what_was_said_drops_the_complements_that():
    from types import SimpleNamespace

    from wirewatch.events.briefing import _said

    def claim(text, direct=False):
        return SimpleNamespace(content=SimpleNamespace(text=text), direct=direct)

    assert _said(claim("that Pyongyang would stand with Moscow")) == "Pyongyang would stand with Moscow"
    assert _said(claim("that is not our policy", direct=True)) == "that is not our policy"  # quoted words stay
    assert _said(claim("thaw in relations was near")) == "thaw in relations was near"


def test_an_actor_does_not_act_on_its_own_bare_state():
    from wirewatch.events.stage import _own_state

    assert _own_state(ev("a1", "CONSULT", ["RUSGOV"], ["RUS"]))  # "... at a summit in Russia's Far East"
    assert not _own_state(ev("a1", "COERCE", ["RUSGOV"], ["RUSMED"]))  # a domestic event keeps its sector
    assert not _own_state(ev("a1", "CONSULT", ["RUSGOV"], ["PRK"]))
    assert not _own_state(ev("a1", "MOBILIZE", ["PRK"], []))
    # "the commander of US Air Forces Central, Lt Gen Alexus Grynkewich": one side twice named
    assert _own_state(ev("a1", "ASSAULT", ["USAMIL"], ["USAMIL"]))
    assert not _own_state(ev("a1", "CONSULT", ["USAGOV"], ["USAGOV"]))  # officials of one government meet
    # "Sanders backed Clinton": USALEG → USA, where USA is a person, not the state
    backed = ev("a1", "SUPPORT", ["USALEG"], ["USA"])
    assert _own_state(backed)
    backed.recipients[0].kind = "person"
    assert not _own_state(backed)


def test_a_domestic_denial_disputes_only_its_own_parties():
    """PolNeAR, July-August 2016: "Like Corker, Menendez also rejected the notion ..." read as
    Corker REJECT Menendez (USALEG → USA, two senators) said nothing of Trump and Clinton, or
    of gifts to US campaigns; compared by state, every US event was its contradiction."""
    def domestic(article, type_, actor, recipient, modality="asserted"):
        e = ev(article, type_, [actor[1]], [recipient[1]], modality=modality, date="2016-08-01",
               contexts=("political",))
        for ref, (name, code) in ((e.actors[0], actor), (e.recipients[0], recipient)):
            ref.text, ref.entity_id, ref.kind = name, f"e-{name}", "person"
        return e

    corker, menendez = ("Corker", "USALEG"), ("Menendez", "USA")
    clinton, trump = ("Clinton", "USAGOV"), ("Trump", "USA")
    fused = fuse([domestic("a1", "REJECT", corker, menendez),
                  domestic("b1", "COOPERATE", clinton, trump),
                  domestic("b1", "COOPERATE", corker, menendez)], ARTICLES)
    disputed = {f.label for f in fused if f.disputed}
    assert disputed == {"USALEG REJECT USA (asserted)", "USALEG COOPERATE USA (asserted)"}, disputed


def test_two_people_of_one_state_and_sector_may_act_on_each_other():
    """PolNeAR, Nov-Dec 2015: "Sen. Rand Paul (Ky.) has released a Web video that accuses Cruz"
    is USALEG → USALEG once both have their state; two people named by name are two sides."""
    from types import SimpleNamespace

    from wirewatch.events.stage import _own_state

    person = SimpleNamespace(type="person")
    paul_cruz = ev("a1", "ACCUSE", ["USALEG"], ["USALEG"])
    paul_cruz.actors[0].text, paul_cruz.recipients[0].text = "Rand Paul", "Cruz"
    paul_cruz.recipients[0].entity_id = "e-cruz"
    assert not _own_state(paul_cruz, {"e-USALEG": person, "e-cruz": person})
    assert _own_state(paul_cruz, {"e-USALEG": person, "e-cruz": SimpleNamespace(type="organisation")})
    # "the commander of US Air Forces Central, Lt Gen Alexus Grynkewich": one side, still
    commander = ev("a1", "ASSAULT", ["USAMIL"], ["USAMIL"])
    commander.actors[0].text, commander.recipients[0].text = "the commander of US Air Forces Central", "Grynkewich"
    commander.recipients[0].entity_id = "e-g"
    assert _own_state(commander, {"e-USAMIL": person, "e-g": person})


def test_report_lists_a_state_s_event_once_however_its_parties_are_named():
    """Fusion keeps "Putin met Kim" and "Russia met North Korea" apart (a person is not a
    state); the report shows them as one line, corroboration counted over both."""
    from types import SimpleNamespace

    from wirewatch.events.briefing import _state_level

    def named(article, actor, actor_code, recipient, recipient_code, start=0):
        e = ev(article, "CONSULT", [actor], [recipient], date="2023-09-13", start=start)
        e.actors[0].code, e.recipients[0].code = actor_code, recipient_code
        return e

    fused = fuse([named("a1", "Putin", "RUSGOV", "Kim", "PRKGOV"),
                  named("b1", "Russia", "RUS", "North Korea", "PRK", start=60),
                  ev("b1", "AID", ["PRK"], ["RUS"], date="2023-09-13", start=120)], ARTICLES)
    assert len([f for f in fused if f.type == "CONSULT"]) == 2
    by_id = {a: SimpleNamespace(copy_group=g) for a, (g, _) in ARTICLES.items()}
    lines = {rep.type: (len(members), corroboration) for rep, members, corroboration in _state_level(fused, by_id)}
    assert lines == {"CONSULT": (2, 2), "AID": (1, 1)}


def test_report_shows_a_listed_side_on_one_line():
    """"The coalition would bring together Britain, Bahrain and Canada": three events of one
    sentence that differ only in the listed state are one report line naming all three, in
    the order the text lists them; the same event from another sentence keeps its line."""
    from types import SimpleNamespace

    from wirewatch.events.briefing import _state_level

    def listed(recipient, at, sentence_start=0):
        e = ev("a1", "AGREE", ["USAGOV"], [recipient], date="2023-12-19", start=sentence_start)
        e.recipients[0].start, e.recipients[0].end = at, at + 3
        return e

    fused = fuse([listed("GBR", 50), listed("BHR", 58), listed("CAN", 66),
                  listed("FRA", 150, sentence_start=120)], ARTICLES)
    by_id = {a: SimpleNamespace(copy_group=g) for a, (g, _) in ARTICLES.items()}
    lines = sorted([p.code for p in rep.recipients] for rep, _, _ in _state_level(fused, by_id))
    assert lines == [["FRA"], ["GBR", "BHR", "CAN"]], lines


def test_fused_parties_carry_the_entity_layer_s_names():
    """"Kim Jong" (a clipped mention) shows as the entity "Kim Jong Un"; a state named
    "Pyongyang" in the first article shows as "North Korea"."""
    from types import SimpleNamespace as NS

    from wirewatch.events.fusion import FusedEvent, Party
    from wirewatch.events.stage import _named, _Names

    class Store:
        def entities(self, type=None):
            return [NS(type="country", country="PRK", name="North Korea")]

        def get_entity(self, entity_id):
            return {"kim": NS(type="person", name="Kim Jong Un")}.get(entity_id)

    f = FusedEvent(id="fe_1", type="CONSULT", evidence=[], modality="asserted", modalities=["asserted"],
                   actors=[Party(key="kim", name="Kim Jong", code="PRKGOV", entity_id="kim")],
                   recipients=[Party(key="PRK", name="Pyongyang", code="PRK", entity_id="pyongyang")])
    named = _named(f, _Names(Store()))
    assert [p.name for p in named.actors + named.recipients] == ["Kim Jong Un", "North Korea"]
    assert [p.key for p in named.actors + named.recipients] == ["kim", "PRK"]


def test_a_phrase_naming_several_states_is_written_once_in_a_report():
    """"Baltic governments have long urged the EU ...": three states act, named by one phrase.
    The report's line names the phrase once with the three codes, not "Baltic governments +
    Baltic governments + Baltic governments"; sides named apart stay apart."""
    from wirewatch.events.briefing import _reading
    from wirewatch.events.fusion import FusedEvent, Party

    baltic = [Party(key=c, name="Baltic governments", code=c) for c in ("EST", "LVA", "LTU")]
    eu = Party(key="eu", name="European Union", code="IGO", entity_id="eu")
    f = FusedEvent(id="fe_1", type="REQUEST", mode="assist", evidence=[], modality="asserted",
                   modalities=["asserted"], actors=baltic, recipients=[eu])
    assert _reading(f) == "Baltic governments (EST, LVA, LTU) REQUEST assist European Union (IGO)"
    two = FusedEvent(id="fe_2", type="CONSULT", evidence=[], modality="asserted", modalities=["asserted"],
                     actors=[Party(key="USA", name="United States", code="USA"),
                             Party(key="GBR", name="Britain", code="GBR")], recipients=[])
    assert _reading(two) == "United States + Britain CONSULT"


def test_a_year_or_a_month_is_a_span_of_days_for_fusion():
    """"has tested since 2019" (a year) and a launch told without a date in a 2023-09-13 article
    are two events; a September 2023 event and one on 2023-09-20 are one."""
    arts = {"old": ("old", "2024-01-08"), "new": ("new", "2023-09-13"), "mid": ("mid", "2023-09-20")}
    year = ev("old", "MOBILIZE", ["PRK"], [], date="2019")
    year.date_precision = "year"
    undated = ev("new", "MOBILIZE", ["PRK"], [])
    assert len(fuse([year, undated], arts)) == 2
    month = ev("new", "MOBILIZE", ["PRK"], [], date="2023-09")
    month.date_precision = "month"
    day = ev("mid", "MOBILIZE", ["PRK"], [], date="2023-09-20")
    (f,) = fuse([month, day], arts)
    assert f.date == "2023-09-20" and len(f.evidence) == 2


def test_a_report_quotes_an_event_from_its_own_articles():
    """An event fused across stories (a test told in one story, the same test in another) is
    quoted and attributed in each report from that report's articles, never from an article
    the report does not hold (which showed as an empty quotation)."""
    from types import SimpleNamespace

    from wirewatch.events.briefing import _story_events

    (f,) = fuse([ev("old", "MOBILIZE", ["PRK"], [], date="2023-09-13"),
                 ev("new", "MOBILIZE", ["PRK"], [], date="2023-09-14", start=30)],
                {"old": ("old", "2023-09-13"), "new": ("new", "2023-09-14")})
    store = SimpleNamespace(fused_events=lambda ids: [f])
    report = SimpleNamespace()
    (shown,) = _story_events(store, report, [SimpleNamespace(id="new")])
    assert shown.evidence[0].evidence.article_id == "new"
    assert [e.evidence.article_id for e in f.evidence] == ["old", "new"]  # the stored event is untouched


def test_the_agency_that_speaks_is_the_agency_named_before():
    """"The agency said ..." after the Korean Central News Agency was named: the claim's speaker
    is that agency; with two bodies of that kind in reach, or none, nobody."""
    from types import SimpleNamespace

    from wirewatch.events.stage import _described

    text = ("The official Korean Central News Agency said the rocket lifted off at night. "
            "The agency said more launches would follow.")
    kcna = SimpleNamespace(entity_id="e1", start=13, end=39)
    item = SimpleNamespace(mentions=[kcna], entities={"e1": SimpleNamespace(type="organisation",
                                                                            name="Korean Central News Agency")})
    at = text.index("The agency")
    assert _described(item, "The agency", at) is kcna
    assert _described(item, "The ministry", at) is None  # no ministry named
    assert _described(item, "The satellite", at) is None  # not a body
    other = SimpleNamespace(entity_id="e2", start=0, end=5)
    item.mentions.append(other)
    item.entities["e2"] = SimpleNamespace(type="organisation", name="Yonhap News Agency")
    assert _described(item, "The agency", at) is None  # two agencies: ambiguous
    # "The organisation said ...": any one organisation named before, whatever its name
    car = SimpleNamespace(entity_id="e3", start=0, end=30)
    item2 = SimpleNamespace(mentions=[car], entities={"e3": SimpleNamespace(type="organisation",
                                                                            name="Conflict Armament Research")})
    assert _described(item2, "The organisation", 60) is car


def test_a_speaker_written_mid_sentence_and_opening_one_is_one_heading():
    """"..., the White House said" and "The White House said ...": one heading, not two."""
    from types import SimpleNamespace

    from wirewatch.events.briefing import _speaker

    heads = {_speaker(None, SimpleNamespace(entity_id=None, source=SimpleNamespace(text=t)), {})
             for t in ("the White House", "The White House")}
    assert heads == {"The White House"}


def test_a_described_body_by_its_kind():
    """"The spy agency" is the intelligence service named before; "the foreign ministry" a
    ministry whose name says foreign; "the bloc" the one international organisation; "the air
    force" the air force named before."""
    from types import SimpleNamespace

    from wirewatch.events.stage import _described

    def item(*bodies):
        mentions = [SimpleNamespace(entity_id=f"e{i}", start=10 * i, end=10 * i + 5) for i in range(len(bodies))]
        entities = {f"e{i}": SimpleNamespace(type="organisation", name=n, sector=s) for i, (n, s) in enumerate(bodies)}
        return SimpleNamespace(mentions=mentions, entities=entities)

    nis = item(("National Intelligence Service", "GOV"), ("National Assembly", "LEG"))
    assert _described(nis, "The spy agency", 100).entity_id == "e0"
    assert _described(nis, "the agency", 100).entity_id == "e0"  # an agency may be a "service"
    assert _described(nis, "The ministry", 100) is None
    ministries = item(("Iranian foreign ministry", "GOV"), ("Russian Defence Ministry", "GOVMIL"))
    assert _described(ministries, "the foreign ministry", 100).entity_id == "e0"
    assert _described(ministries, "the defense ministry", 100).entity_id == "e1"
    assert _described(ministries, "the ministry", 100) is None  # two: ambiguous
    eu = item(("European Union", "IGO"), ("Russian government", "GOV"))
    assert _described(eu, "the bloc", 100).entity_id == "e0"
    air = item(("Ukrainian air force", "MIL"), ("Kyiv city council", "GOV"))
    assert _described(air, "the air force", 100).entity_id == "e0"


def test_a_rule_failing_on_one_article_skips_that_article_only(monkeypatch, caplog):
    """A bug that raises on one article's text costs that article its events and claims, with
    a warning naming it; the run goes on."""
    from types import SimpleNamespace

    import wirewatch.events.stage as stage

    def broken(*args, **kwargs):
        raise ValueError("max() arg is an empty sequence")

    monkeypatch.setattr(stage, "_read_one", broken)
    item = SimpleNamespace(id="art-42")
    with caplog.at_level("WARNING"):
        assert stage._read(frozenset(), item) == ([], [])
    assert "art-42" in caplog.text and "ValueError" in caplog.text


def _event_labels(tmp_path, body: str, name: str) -> set[str]:
    _, _ = _claims_of_one_article(tmp_path, "Arms report", body, name=name)
    res = runner.invoke(app, ["events", "--db", str(tmp_path / f"{name}.db"), "--json"])
    return {" ".join(("+".join(a["code"] or a["name"] for a in e["actors"]), e["type"],
                      "+".join(r["code"] or r["name"] for r in e["recipients"]))).strip()
            for e in json.loads(res.stdout)}


def test_the_country_named_earlier_in_its_sentence_and_what_a_report_found(tmp_path):
    """ "A report by the UN Panel of Experts on North Korea says the country sold ...": the
    country is North Korea, named earlier in the sentence; a possessor ("the country's flag
    carrier") still looks back to the sentences before, not to the last state of its own
    list; and the group whose report found that a missile struck Kharkiv struck no one."""
    labels = _event_labels(tmp_path, (
        "A confidential report by the UN Panel of Experts on North Korea says the country sold "
        "rocket-propelled grenades to Yemen's Houthi rebels. "
        "Debris recovered from the strikes, including in the Kharkiv region, is being analysed by "
        "prosecutors. A report by the investigative group Conflict Armament Research earlier this month "
        "found that a North Korean missile recovered in Kharkiv contained hundreds of electronic parts "
        "made by Western companies, many of them in the United States."), "c1")
    assert any(x.startswith("PRK AID") and "YEMREB" in x for x in labels), labels
    assert not any(x.startswith(("GBRNGO", "Conflict")) for x in labels), labels
    labels = _event_labels(tmp_path, (
        "Tehran denied sending any missiles to Russia. The United States, Britain, France and Germany "
        "announced new sanctions on Iran Air, the country's flag carrier, in response."), "c2")
    assert any(x.startswith("USA COERCE") and "IRN" in x for x in labels), labels
    assert not any(x.endswith(("DEU", "GBR")) for x in labels), labels
    # a demonym's person is no state the country could be ("the first Russian defence minister")
    labels = _event_labels(tmp_path, (
        "Russian Defence Minister Sergei Shoigu stood beside North Korean leader Kim Jong Un on Thursday. "
        "Shoigu arrived in Pyongyang on Tuesday at the head of a military delegation invited to mark the "
        "70th anniversary of the armistice that halted fighting in the Korean War, a date the North "
        "celebrates as \"Victory Day\". He is the first Russian defence minister to visit the country "
        "since the break-up of the Soviet Union."), "c3")
    assert any(x.endswith("CONSULT PRK") for x in labels) and not any(x.endswith("CONSULT RUS") for x in labels), labels


def test_the_country_in_what_a_state_s_own_media_say_is_that_state(tmp_path):
    """Sample corpus: "The agency [KCNA] said ... the country would launch several more spy
    satellites" was the United States, the last state named before (among those that
    condemned the launch). In what a state's organs say, "the country" is their own."""
    labels = _event_labels(tmp_path, (
        "SEOUL (Northwire) — North Korea said on Friday it had launched a new solid-fuel missile, in a test "
        "that drew condemnation from South Korea, Japan and the United States. The official Korean Central News Agency "
        "(KCNA) said Kim Jong Un watched the launch. The agency said the country would deploy more such "
        "missiles along its coast within weeks."), "k1")
    assert any(x.startswith("PRK MOBILIZE") for x in labels), labels
    assert not any(x.startswith("USA") for x in labels), labels


def test_an_event_s_quote_leaves_out_the_dateline():
    from types import SimpleNamespace

    from wirewatch.events.briefing import _sentence

    text = "WASHINGTON (Northwire) — Russia has launched ballistic missiles supplied by North Korea. More."
    art = SimpleNamespace(id="a1", text=text)
    f = SimpleNamespace(evidence=[SimpleNamespace(evidence=Evidence("a1", 0, 0, text.index(" More")))])
    assert _sentence(f, {"a1": art}) == "Russia has launched ballistic missiles supplied by North Korea."


def test_a_strike_not_made_does_not_dispute_talks():
    """CoNLL valid (Reuters, August 1996): "ISRMIL ASSAULT LBN (negated)" was shown disputing
    "ISR CONSULT LBNREB (planned)", a strike not made against talks planned."""
    talks = ev("a1", "CONSULT", ["ISR"], ["LBNREB"], "planned")
    no_strike = ev("a1", "ASSAULT", ["ISRMIL"], ["LBN"], "negated", start=100)
    assert not any(f.disputed for f in fuse([talks, no_strike], ARTICLES))
    # a denied meeting still disputes the meeting reported
    met = ev("a1", "CONSULT", ["ISR"], ["LBN"], "asserted")
    denied = ev("b1", "CONSULT", ["ISR"], ["LBN"], "denied")
    assert all(f.disputed for f in fuse([met, denied], ARTICLES))


def test_report_lines_name_the_sides():
    """A report's event line names each side (a state by its name, anyone else with the code
    that places them); the codes alone stay in the label for the JSON and the timeline."""
    from wirewatch.events.briefing import _reading
    from wirewatch.events.fusion import FusedEvent, Party

    f = FusedEvent(id="fe_1", type="AID", mode="military",
                   actors=[Party(key="PRK", name="North Korea", code="PRK")],
                   recipients=[Party(key="e-rusmil", name="Russian military", code="RUSMIL", entity_id="e-rusmil"),
                               Party(key="he", name="He")],
                   evidence=[], modality="asserted", modalities=["asserted"])
    assert _reading(f) == "North Korea AID military Russian military (RUSMIL) + He"
    assert f.label == "PRK AID military RUSMIL+He (asserted)"


def test_a_side_the_tagger_missed_is_the_entity_its_words_name_in_the_article():
    """"... over their refusal to support Trump.": the tagger gave this "Trump" no mention,
    but every "Trump" it did tag in the article is Donald Trump; a word that names two
    entities there stays unlinked."""
    from types import SimpleNamespace

    from wirewatch.events.stage import _resolver

    trump = SimpleNamespace(id="e-trump", type="person", code=None, country="USA")
    kim1 = SimpleNamespace(id="e-kim1", type="person", code="PRKGOV", country="PRK")
    kim2 = SimpleNamespace(id="e-kim2", type="person", code="KORGOV", country="KOR")
    mentions = [SimpleNamespace(start=0, end=5, text="Trump", entity_id="e-trump"),
                SimpleNamespace(start=40, end=43, text="Kim", entity_id="e-kim1"),
                SimpleNamespace(start=60, end=63, text="Kim", entity_id="e-kim2")]
    resolve = _resolver(mentions, {"e-trump": trump, "e-kim1": kim1, "e-kim2": kim2})
    assert resolve(ActorRef("Trump", 100, 105)).entity_id == "e-trump"
    assert resolve(ActorRef("Kim", 120, 123)).entity_id is None
    assert resolve(ActorRef("Kim", 40, 43)).entity_id == "e-kim1"


def test_a_state_met_only_inside_a_collective_is_named_as_itself():
    """"Baltic governments have long urged the EU ...": the collective stands for Estonia,
    Latvia and Lithuania, none of which the store holds as an entity of its own; the fused
    event's three actors read as the three states, not as "Baltic governments" thrice."""
    from wirewatch.events.fusion import FusedEvent, Party
    from wirewatch.events.stage import _Names, _named

    class Store:  # what _Names reads: no country entities at all
        def entities(self, type=None):
            return []

    baltic = [Party(key=c, name="Baltic governments", code=c) for c in ("EST", "LVA", "LTU")]
    eu = Party(key="e1", name="EU", code="IGOEU", entity_id=None)
    fused = FusedEvent(id="fe_1", type="REQUEST", actors=baltic, recipients=[eu], evidence=[],
                       modality="asserted", modalities=["asserted"])
    named = _named(fused, _Names(Store()))
    assert [p.name for p in named.actors] == ["Estonia", "Latvia", "Lithuania"]
    assert named.recipients[0].name == "EU"  # not a bare state: left as it was
