"""Extraction and resolution on hand-built Docs: no statistical model involved.

Each Doc is spaCy's blank English tokenizer plus entity spans set by hand, in CoNLL labels
unless a test says otherwise, so these tests pin wirewatch's rules, not a model's output.
"""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.util import filter_spans

from wirewatch.entities.extract import extract
from wirewatch.entities.records import Candidate
from wirewatch.entities.resolve import Resolution, resolve


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def make_doc(nlp, text: str, ents: dict[str, list[str]]):
    """``text`` with every occurrence of each phrase tagged with its label."""
    doc = nlp(text)
    spans = []
    for label, phrases in ents.items():
        for phrase in phrases:
            for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text):
                span = doc.char_span(m.start(), m.end(), label=label)
                assert span is not None, f"{phrase!r} does not align with tokens"
                spans.append(span)
    doc.ents = filter_spans(spans)
    return doc


def run(nlp, *articles: tuple[str, dict[str, list[str]]], day: str | None = None) -> Resolution:
    """Resolve the articles together; ``day``: every article's publication day (undated news
    gets the posts people.yaml says are still held)."""
    cands: list[Candidate] = []
    for n, (text, ents) in enumerate(articles):
        cands += extract(make_doc(nlp, text, ents), f"art{n}")
    return resolve(cands, {f"art{n}": day for n in range(len(articles))} if day else None)


def entity(res: Resolution, name: str):
    found = [e for e in res.entities if e.name == name or name in e.aliases]
    assert len(found) == 1, f"{name!r}: {[(e.name, e.aliases) for e in found]} in {[e.name for e in res.entities]}"
    return found[0]


def mentions(res: Resolution, ent) -> list:
    return [m for m in res.mentions if m.entity_id == ent.id]


# -- countries ---------------------------------------------------------------------------------
def test_country_names_demonyms_capitals_and_seats(nlp):
    res = run(nlp, (
        "Moscow denied the report. The Kremlin said Russia would respond, and Russian officials agreed. "
        "Shoigu arrived in Pyongyang on Tuesday. North Korea and the DPRK are one state. "
        "The Pentagon and the U.S. said so.",
        {"LOC": ["Moscow", "Russia", "Pyongyang", "North Korea", "DPRK", "U.S."], "ORG": ["Kremlin", "Pentagon"],
         "MISC": ["Russian"], "PER": ["Shoigu"]},
    ))
    rus = entity(res, "Russia")
    assert rus.type == "country" and rus.country == "RUS" and rus.code == "RUS"
    codes = {m.text: m.code for m in mentions(res, rus)}
    assert codes == {"Moscow": "RUSGOV", "Kremlin": "RUSGOV", "Russia": "RUS"}
    assert entity(res, "Russian government").code == "RUSGOV"  # "Russian officials"
    assert entity(res, "Pyongyang").type == "location"  # "arrived in Pyongyang": a place
    assert entity(res, "Pyongyang").country == "PRK"
    prk = entity(res, "North Korea")
    assert prk.country == "PRK" and "DPRK" in prk.aliases
    usa = entity(res, "United States")
    assert {m.code for m in mentions(res, usa)} == {"USA", "USAMIL"}
    rules = {(d.alias, d.rule) for d in res.decisions}
    assert ("Moscow", "capital-metonym") in rules and ("Kremlin", "seat-metonym") in rules


def test_a_us_state_by_its_abbreviation_is_the_state(nlp):
    """PolNeAR: "TAMPA, Fla." and "Sen. Tim Kaine (D-Va.)" made locations "Fla." and "Va."
    with no country beside Florida and Virginia."""
    res = run(nlp, ("TAMPA, Fla. Voters in Florida lined up early. A Va. official said Virginia would follow.",
                    {"LOC": ["TAMPA", "Fla.", "Florida", "Va.", "Virginia"]}))
    florida, virginia = entity(res, "Florida"), entity(res, "Virginia")
    assert (florida.country, virginia.country) == ("USA", "USA")
    assert len(mentions(res, florida)) == 2 and len(mentions(res, virginia)) == 2
    assert not [e.name for e in res.entities if e.name in ("Fla.", "Va.")]
    tagged = run(nlp, ("Donald Trump endorsed Paul Ryan (R-Wis.) on Friday.", {"PER": ["Donald Trump", "Paul Ryan"],
                                                                                 "LOC": ["R-Wis."]}))
    assert [e.name for e in tagged.entities if e.type == "location"] == []


@pytest.mark.parametrize("text, label, code", [
    ("Russian", "MISC", "RUS"), ("North Korean", "MISC", "PRK"), ("South Korean", "MISC", "KOR"),
    ("Iranian", "MISC", "IRN"), ("Ukrainian", "MISC", "UKR"), ("Chinese", "MISC", "CHN"), ("American", "MISC", "USA"),
    ("British", "MISC", "GBR"), ("Yemeni", "MISC", "YEM"), ("ROK", "ORG", "KOR"), ("U.K.", "LOC", "GBR"),
    ("UAE", "LOC", "ARE"), ("Syria", "LOC", "SYR"), ("America", "LOC", "USA"),
])
def test_demonyms_and_aliases(nlp, text, label, code):
    res = run(nlp, (f"They said {text} drones were used.", {label: [text]}))
    (ent,) = [e for e in res.entities if e.type == "country"]
    assert ent.country == code


def test_ontonotes_labels_work_too(nlp):
    res = run(nlp, (
        "Russian President Vladimir Putin met Kim Jong Un in Vladivostok. The White House said Iran helped.",
        {"NORP": ["Russian"], "PERSON": ["Vladimir Putin", "Kim Jong Un"], "GPE": ["Vladivostok", "Iran"],
         "FAC": ["White House"], "DATE": ["Tuesday"]},
    ))
    putin = entity(res, "Vladimir Putin")
    assert (putin.country, putin.role) == ("RUS", "president")
    assert entity(res, "Iran").country == "IRN"
    assert entity(res, "Vladivostok").type == "location"
    assert entity(res, "United States").aliases == ["White House"]


# -- people ------------------------------------------------------------------------------------
def test_name_variants_merge_within_and_across_articles(nlp):
    res = run(
        nlp,
        ("Russian President Vladimir Putin spoke. Later Putin's aides said Putin was tired.",
         {"PER": ["Vladimir Putin", "Putin"], "MISC": ["Russian"]}),
        ("Vladimir V. Putin met Kim Jong-Un. Kim Jong-un smiled.", {"PER": ["Vladimir V. Putin", "Kim Jong-Un", "Kim Jong-un"]}),
        ("KCNA said Kim Jong Un and Putin talked.", {"PER": ["Kim Jong Un", "Putin"], "ORG": ["KCNA"]}),
    )
    putin = entity(res, "Vladimir Putin")
    assert putin.mention_count == 5 and putin.article_count == 3
    assert {"Putin", "Vladimir V. Putin"} <= set(putin.aliases)
    kim = [e for e in res.entities if e.type == "person" and e.name.startswith("Kim")]
    assert len(kim) == 1 and kim[0].mention_count == 3
    rules = {(d.alias, d.rule) for d in res.decisions}
    assert ("Vladimir V. Putin", "name-variant") in rules
    assert ("Putin", "surname→person") in rules
    # the third article names no Vladimir: 'Putin' links because he is the only Putin in scope
    corpus_link = [d for d in res.decisions if d.alias == "Putin" and d.article_id == "art2"]
    assert corpus_link and corpus_link[0].score < 1 and "only person" in corpus_link[0].reason


def test_korean_family_names_are_not_merged_across_people(nlp):
    res = run(
        nlp,
        ("Kim Jong Un watched the launch. Kim said it worked.", {"PER": ["Kim Jong Un", "Kim"]}),
        ("Kim Yo Jong issued a statement. Kim warned Seoul.", {"PER": ["Kim Yo Jong", "Kim"], "LOC": ["Seoul"]}),
        ("Kim Jong Il died in 2011.", {"PER": ["Kim Jong Il"]}),
        ("Kim said nothing more.", {"PER": ["Kim"]}),
    )
    names = sorted(e.name for e in res.entities if e.type == "person")
    assert names == ["Kim Jong Il", "Kim Jong Un", "Kim Yo Jong"]
    assert entity(res, "Kim Jong Un").mention_count == 2
    assert entity(res, "Kim Yo Jong").mention_count == 2
    kept = [d for d in res.decisions if d.rule == "kept-apart"]
    assert [(d.alias, d.article_id, d.entity_id) for d in kept] == [("Kim", "art3", None)]


def test_surname_goes_to_the_person_introduced_before_it(nlp):
    res = run(nlp, (
        "Kim Jong Un met Putin. Kim praised the delegation, which included Admiral Kim Myong Sik. Kim left.",
        {"PER": ["Kim Jong Un", "Putin", "Kim", "Kim Myong Sik"]},
    ))
    assert entity(res, "Kim Jong Un").mention_count == 2  # the full name and the first "Kim"
    assert entity(res, "Kim Myong Sik").role == "admiral"
    assert any(d.rule == "kept-apart" and d.alias == "Kim" for d in res.decisions)  # the last "Kim"


def test_a_lone_given_name_goes_to_the_one_person_named_in_full_with_it(nlp):
    res = run(
        nlp,
        ("Hillary Clinton spoke in Ohio on Monday. Donors said Hillary had won the room.",
         {"PER": ["Hillary Clinton", "Hillary"]}),
        ("John Kirby and John Smith spoke. John said more would follow.",
         {"PER": ["John Kirby", "John Smith", "John"]}),
        ("Supporters chanted for Hillary outside the hall.", {"PER": ["Hillary"]}),
    )
    clinton = entity(res, "Hillary Clinton")
    assert [m.article_id for m in mentions(res, clinton)] == ["art0", "art0"]  # never across articles
    assert any(d.rule == "given-name→person" and d.alias == "Hillary" for d in res.decisions)
    assert "John" not in entity(res, "John Kirby").aliases and "John" not in entity(res, "John Smith").aliases


def test_spelling_variants_and_initials(nlp):
    res = run(
        nlp,
        ("Sergei Shoigu arrived.", {"PER": ["Sergei Shoigu"]}),
        ("Sergey Shoigu left.", {"PER": ["Sergey Shoigu"]}),
        ("V. Putin and Vladimir Putin.", {"PER": ["V. Putin", "Vladimir Putin"]}),
        ("John Kirby and John Smith spoke.", {"PER": ["John Kirby", "John Smith"]}),
    )
    assert entity(res, "Sergei Shoigu").article_count == 2
    assert entity(res, "Vladimir Putin").mention_count == 2
    assert "John Smith" not in entity(res, "John Kirby").aliases
    assert {d.rule for d in res.decisions} >= {"name-fuzzy", "name-initials"}


# -- titles ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, ents, name, role, country, sector", [
    ("Russian Defense Minister Sergei Shoigu visited.", {"MISC": ["Russian"], "PER": ["Sergei Shoigu"]},
     "Sergei Shoigu", "defense minister", "RUS", "GOVMIL"),
    ("White House spokesman John F. Kirby said so.", {"ORG": ["White House"], "PER": ["John F. Kirby"]},
     "John F. Kirby", "spokesperson", "USA", "GOV"),
    ("North Korean leader Kim Jong-Un wrote.", {"MISC": ["North Korean"], "PER": ["Kim Jong-Un"]},
     "Kim Jong-Un", "leader", "PRK", "GOV"),
    ("Russian President Vladimir Putin wrote.", {"MISC": ["Russian"], "PER": ["Vladimir Putin"]},
     "Vladimir Putin", "president", "RUS", "GOV"),
    ("Sergei Shoigu, the Russian defence minister, arrived.", {"PER": ["Sergei Shoigu"], "MISC": ["Russian"]},
     "Sergei Shoigu", "defense minister", "RUS", "GOVMIL"),
    ("A Houthi military spokesman, Yahya Saree, said five died.", {"MISC": ["Houthi"], "PER": ["Yahya Saree"]},
     "Yahya Saree", "spokesperson", "YEM", "REB"),
    ("Iran's foreign ministry spokesman Nasser Kanaani said no.", {"LOC": ["Iran"], "PER": ["Nasser Kanaani"]},
     "Nasser Kanaani", "spokesperson", "IRN", "GOV"),
    ("Kremlin spokesman Dmitry Peskov said no.", {"ORG": ["Kremlin"], "PER": ["Dmitry Peskov"]},
     "Dmitry Peskov", "spokesperson", "RUS", "GOV"),
    ("U.N. Secretary-General Antonio Guterres spoke.", {"ORG": ["U.N."], "PER": ["Antonio Guterres"]},
     "Antonio Guterres", "secretary-general", None, "IGO"),
    ("South Korea's Deputy Foreign Minister Kim Gunn spoke.", {"LOC": ["South Korea"], "PER": ["Kim Gunn"]},
     "Kim Gunn", "deputy foreign minister", "KOR", "GOV"),
    ("Lt. Gen. Alexus Grynkewich spoke.", {"PER": ["Alexus Grynkewich"]}, "Alexus Grynkewich", "general", None, "MIL"),
    ("Kharkiv Mayor Ihor Terekhov spoke.", {"LOC": ["Kharkiv"], "PER": ["Ihor Terekhov"]},
     "Ihor Terekhov", "mayor", "UKR", "GOV"),
    # a post before the rank, the affiliation before both
    ("CENTCOM commander General Michael Erik Kurilla said so.", {"ORG": ["CENTCOM"], "PER": ["Michael Erik Kurilla"]},
     "Michael Erik Kurilla", "general", "USA", "MIL"),
    ("Kharkiv regional prosecutor Oleksandr Filchakov said so.", {"LOC": ["Kharkiv"], "PER": ["Oleksandr Filchakov"]},
     "Oleksandr Filchakov", "regional prosecutor", "UKR", "JUD"),
    # a region names its country
    ("Oleg Kozhemyako, governor of the Primorye region, spoke.", {"PER": ["Oleg Kozhemyako"], "LOC": ["Primorye"]},
     "Oleg Kozhemyako", "governor", "RUS", "GOV"),
    # the delegation a title-holder leads gives the country
    ("A Chinese delegation led by Politburo member Li Hongzhong attended.",
     {"MISC": ["Chinese"], "PER": ["Li Hongzhong"]}, "Li Hongzhong", "politburo member", "CHN", "GOV"),
    # the EU's and the UN's officials, and a title whose remit stands before the comma
    ("EU foreign policy chief Josep Borrell said so.", {"ORG": ["EU"], "PER": ["Josep Borrell"]},
     "Josep Borrell", "foreign policy chief", None, "IGO"),
    ("The UN special rapporteur on human rights in Myanmar, Tom Andrews, said so.",
     {"ORG": ["UN"], "LOC": ["Myanmar"], "PER": ["Tom Andrews"]}, "Tom Andrews", "special rapporteur", None, "IGO"),
    ("Treasury Under Secretary Brian Nelson said so.", {"ORG": ["Treasury"], "PER": ["Brian Nelson"]},
     "Brian Nelson", "under secretary", None, "GOV"),
    # a rank with no country in the text: the country from names.yaml, the role from the text
    ("Senior General Min Aung Hlaing thanked Moscow.", {"PER": ["Min Aung Hlaing"], "LOC": ["Moscow"]},
     "Min Aung Hlaing", "senior general", "MMR", "MIL"),
])
def test_titles_give_role_country_and_sector(nlp, text, ents, name, role, country, sector):
    ent = entity(run(nlp, (text, ents)), name)
    assert (ent.role, ent.country, ent.sector) == (role, country, sector)


def test_a_known_persons_post_is_the_one_held_when_the_news_was_written(nlp):
    """names.yaml dates each post. Lloyd Austin named in January 2016 news was a general at
    Central Command, not the defence minister he became in 2021; in 2023 news he is; in news
    of March and May 2016, across his retirement, he held no one post, so he keeps only his
    country. Undated news gets the post still held (Putin's presidency), none for Biden."""
    text = ("Austin spoke at the base.", {"PER": ["Austin"]})
    named = ("Lloyd Austin spoke at the base on Monday.", {"PER": ["Lloyd Austin"]})

    def austin(*days):
        cands = []
        for n, _ in enumerate(days):
            cands += extract(make_doc(nlp, *(named if n == 0 else text)), f"art{n}")
        return entity(resolve(cands, {f"art{n}": d for n, d in enumerate(days)}), "Lloyd Austin")

    assert (austin("2016-01-12").role, austin("2016-01-12").code) == ("commander", "USAMIL")
    assert (austin("2023-05-02", "2023-06-01").role, austin("2023-05-02").code) == ("defense minister", "USAGOVMIL")
    spanning = austin("2016-03-01", "2016-05-20")
    assert (spanning.role, spanning.country, spanning.sector) == (None, "USA", None)
    undated = run(nlp, ("Vladimir Putin met Joe Biden.", {"PER": ["Vladimir Putin", "Joe Biden"]}))
    assert entity(undated, "Vladimir Putin").role == "president" and entity(undated, "Joe Biden").role is None
    assert entity(undated, "Joe Biden").country == "USA"


def test_a_known_persons_post_left_before_the_news_is_a_former_one(nlp):
    """Joe Biden in 2019 news held no post (vice president until January 2017, president
    from January 2021): he is a former vice president, and "Vice President Joe Biden" there
    recalls that post, not a member of the government (USA, not USAGOV). "Sen. Joe Biden"
    in 2015 news recalls a seat he had left for the vice presidency he then held."""
    def biden(text, day):
        cands = extract(make_doc(nlp, text, {"PER": ["Joe Biden"]}), "art0")
        return entity(resolve(cands, {"art0": day}), "Joe Biden")

    plain = biden("Joe Biden spoke at the rally on Monday.", "2019-05-02")
    assert (plain.role, plain.code) == ("former vice president", "USA")
    titled = biden("Vice President Joe Biden visited Kyiv in 2014.", "2019-05-02")
    assert (titled.role, titled.code) == ("former vice president", "USA")
    seat = biden("Sen. Joe Biden voted for the bill.", "2015-06-01")
    assert (seat.role, seat.code) == ("vice president", "USAGOV")
    held = biden("Vice President Joe Biden visited Kyiv.", "2015-06-01")
    assert (held.role, held.code) == ("vice president", "USAGOV")


def test_a_known_short_name_joins_the_person_named_in_full_elsewhere(nlp):
    """people.yaml gives Jeb Bush the short name "Jeb". A lone "Jeb" in an article that names
    no Bush joined a group of its own under his name, which took the place of the group of
    his 120 full-name mentions (PolNeAR Jan-Feb 2016): they vanished from the store."""
    res = run(nlp, ("Former Florida Gov. Jeb Bush spoke in Iowa.", {"LOC": ["Florida", "Iowa"], "PER": ["Jeb Bush"]}),
              ("Jeb Bush smiled.", {"PER": ["Jeb Bush"]}),
              ("Voters like Jeb.", {"PER": ["Jeb"]}), day="2016-01-05")
    jeb = entity(res, "Jeb Bush")
    assert (jeb.mention_count, jeb.article_count, jeb.role, jeb.code) == (3, 3, "former governor", "USA")


def test_an_unnamed_official_is_the_listed_holder_of_the_post_that_day(nlp):
    """"The Russian foreign minister said ..." names no one, and no Russian foreign minister is
    named in scope: people.yaml says who held the post on the article's day. Not when the
    news is undated, nor for a post two listed people held at once, nor "the former ..."."""
    said = ("The Russian foreign minister said talks would resume.", {"MISC": ["Russian"]})
    lavrov = entity(run(nlp, said, day="2016-03-01"), "Sergei Lavrov")
    assert (lavrov.code, lavrov.role, lavrov.mention_count) == ("RUSGOV", "foreign minister", 1)
    res = run(nlp, said, ("Lavrov met Kerry in Geneva.", {"PER": ["Lavrov", "Kerry"], "LOC": ["Geneva"]}), day="2016-03-01")
    assert entity(res, "Sergei Lavrov").mention_count == 2  # one person, not two
    assert not [e for e in run(nlp, said).entities if e.type == "person" and e.name == "Sergei Lavrov"]
    shoigu = run(nlp, ("The former Russian defence minister spoke.", {"MISC": ["Russian"]}), day="2025-01-10")
    assert not [e for e in shoigu.entities if e.type == "person"]


def test_a_former_title_is_no_current_post(nlp):
    """"Former US President Donald Trump": a former president of the USA, no member of its
    government, even in undated news, where people.yaml would give him the presidency."""
    res = run(nlp, ("Former US President Donald Trump spoke.", {"LOC": ["US"], "PER": ["Donald Trump"]}))
    trump = entity(res, "Donald Trump")
    assert (trump.role, trump.code) == ("former president", "USA")
    res = run(nlp, ("Hillary Clinton, the former secretary of state, spoke.", {"PER": ["Hillary Clinton"]}))
    assert entity(res, "Hillary Clinton").role == "former secretary of state"
    # PolNeAR Jan-Feb 2016: "former President Bill Clinton" in most articles, "President Bill
    # Clinton" recalled in one: a former president, no member of a government (USA, not USAGOV)
    res = run(nlp, *[("A woman accused former President Bill Clinton on Sunday.", {"PER": ["Bill Clinton"]})] * 3,
              ("In 1996, President Bill Clinton signed the law.", {"PER": ["Bill Clinton"]}), day="2016-01-10")
    bill = entity(res, "Bill Clinton")
    assert (bill.role, bill.code) == ("former president", "USA")


def test_a_post_someone_might_hold_is_not_a_role(nlp):
    """"a President Trump would ...": who he might become; "a Houthi military spokesman,
    Yahya Saree": an apposition, his post."""
    res = run(nlp, ("Critics said a President Trump would tear up the deal.", {"PER": ["Trump"]}),
              ("A Houthi military spokesman, Yahya Saree, said five died.", {"MISC": ["Houthi"], "PER": ["Yahya Saree"]}),
              day="2016-03-01")
    assert entity(res, "Trump").role is None
    assert entity(res, "Yahya Saree").role == "spokesperson"


def test_a_post_read_once_in_many_articles_is_not_who_someone_is(nlp):
    """"The federal judge Trump was referring to is Gonzalo Curiel" read once as "federal
    judge Trump", in a stream naming him in 40 articles: not his role. Said in 2 of the
    40 (one in twenty), it is; said once in an article of its own, as ever, it is."""
    plain = [(f"Donald Trump spoke in Ohio on day {n}.", {"PER": ["Donald Trump"]}) for n in range(39)]
    misread = ("The federal judge Donald Trump was referring to is Gonzalo Curiel.", {"PER": ["Donald Trump", "Gonzalo Curiel"]})
    res = run(nlp, *plain, misread, day="2016-06-01")  # in 2016 he held no post
    trump = entity(res, "Donald Trump")
    assert (trump.role, trump.sector) == (None, None)
    twice = run(nlp, *plain[:38], misread, misread, day="2016-06-01")
    assert entity(twice, "Donald Trump").role == "judge"
    assert entity(run(nlp, misread, day="2016-06-01"), "Donald Trump").role == "judge"
    # nor does a once-read "President Donald Trump" of 2016 make him USAGOV through the
    # presidency people.yaml says he took up in 2017
    sought = ("Voters imagined President Donald Trump in the Oval Office.", {"PER": ["Donald Trump"]})
    trump = entity(run(nlp, *plain, sought, day="2016-06-01"), "Donald Trump")
    assert (trump.role, trump.code) == (None, "USA")
    # with a country the post places them in, the sector stays (docs/entities.md says why);
    # people.yaml says which post she had left by 2016
    plain = [(f"Hillary Clinton spoke in Ohio on day {n}.", {"PER": ["Hillary Clinton"]}) for n in range(39)]
    past = ("Secretary of State Hillary Clinton visited Beijing in 2010.", {"PER": ["Hillary Clinton"], "LOC": ["Beijing"]})
    clinton = entity(run(nlp, *plain, past, day="2016-06-01"), "Hillary Clinton")
    assert (clinton.role, clinton.country, clinton.code) == ("former secretary of state", "USA", "USAGOV")


def test_a_post_sought_is_not_a_role(nlp):
    """"In her pursuit of the nomination for president, Hillary Rodham Clinton has ..." (NYT,
    December 2015) made her a president; "the UN special rapporteur for Myanmar, Tom Andrews"
    keeps his post (the "for" is the title's remit, not what he seeks), and so does the man
    someone "voted for"."""
    res = run(nlp, ("In her pursuit of the Democratic nomination for president, Hillary Rodham Clinton has "
                    "emphasized her ties to the White House.", {"MISC": ["Democratic"], "PER": ["Hillary Rodham Clinton"],
                                                                 "ORG": ["White House"]}),
              ("The UN special rapporteur for Myanmar, Tom Andrews, said the junta lied.",
               {"ORG": ["UN"], "LOC": ["Myanmar"], "PER": ["Tom Andrews"]}),
              ("He voted for President Ronald Reagan twice.", {"PER": ["Ronald Reagan"]}))
    assert entity(res, "Hillary Rodham Clinton").role is None
    assert entity(res, "Tom Andrews").role == "special rapporteur"
    assert entity(res, "Ronald Reagan").role == "president"  # Reuters, August 1996: a title written as one


def test_title_inside_the_ner_span(nlp):
    res = run(nlp, ("Russian President Vladimir Putin spoke.", {"MISC": ["Russian"], "PER": ["President Vladimir Putin"]}))
    putin = entity(res, "Vladimir Putin")
    assert (putin.role, putin.country) == ("president", "RUS")
    assert [m.text for m in mentions(res, putin)] == ["Vladimir Putin"]


# -- descriptions ------------------------------------------------------------------------------
SHOIGU_A = ("Russian Defense Minister Sergei Shoigu recently visited North Korea.",
            {"MISC": ["Russian"], "PER": ["Sergei Shoigu"], "LOC": ["North Korea"]})
SHOIGU_B = ("A visit by the Russian defence minister to Pyongyang has facilitated discussions.",
            {"MISC": ["Russian"], "LOC": ["Pyongyang"]})


def test_description_links_to_the_person_named_in_another_article(nlp):
    res = run(nlp, SHOIGU_A, SHOIGU_B)
    shoigu = entity(res, "Sergei Shoigu")
    assert shoigu.article_count == 2 and "the Russian defence minister" in shoigu.aliases
    desc = [m for m in mentions(res, shoigu) if m.how == "description"]
    assert [(m.article_id, m.text, m.code) for m in desc] == [("art1", "the Russian defence minister", "RUSGOVMIL")]
    (d,) = [d for d in res.decisions if d.rule == "description→person"]
    assert d.entity_id == shoigu.id and 0 < d.score < 1
    assert "Sergei Shoigu" in d.reason and "only" in d.reason


def test_ambiguous_or_generic_descriptions_are_not_linked(nlp):
    belousov = ("Russian Defence Minister Andrei Belousov spoke.", {"MISC": ["Russian"], "PER": ["Andrei Belousov"]})
    res = run(nlp, SHOIGU_A, SHOIGU_B, belousov)
    assert entity(res, "Sergei Shoigu").article_count == 1
    unnamed = entity(res, "Russian defense minister")
    assert unnamed.type == "person" and unnamed.code == "RUSGOVMIL"
    assert any(d.rule == "kept-apart" and "Andrei Belousov" in d.reason for d in res.decisions)
    res = run(nlp, SHOIGU_A, ("He is the first Russian defence minister to visit. A defence minister came.",
                              {"MISC": ["Russian"]}))
    assert entity(res, "Sergei Shoigu").mention_count == 1


def test_the_leader_of_a_country_is_its_head_named_in_the_article(nlp):
    res = run(nlp, ("Russian President Vladimir Putin hosted Kim. The Russian leader smiled.",
                    {"MISC": ["Russian"], "PER": ["Vladimir Putin", "Kim"]}))
    assert "the Russian leader" in entity(res, "Vladimir Putin").aliases


# -- organisations -----------------------------------------------------------------------------
def test_organisation_codes(nlp):
    res = run(nlp, (
        "Any deal would violate U.N. Security Council resolutions. The Biden administration is watching. "
        "South Korea's military has reported a launch. Russia's military manufacturing grew. "
        "KCNA said U.S. intelligence has lied. NATO and the Houthis and Rosoboronexport disagreed. "
        "The Acme Shipping Company owns it. The administration said so.",
        {"ORG": ["U.N. Security Council", "KCNA", "NATO", "Rosoboronexport", "Acme Shipping Company"],
         "PER": ["Biden"], "LOC": ["South Korea", "Russia", "U.S."], "MISC": ["Houthis"]},
    ))
    codes = {e.name: (e.type, e.code) for e in res.entities if e.type in ("organisation", "group")}
    assert codes == {
        "UN Security Council": ("organisation", "IGO"), "Biden administration": ("organisation", "USAGOV"),
        "South Korean military": ("organisation", "KORMIL"), "Korean Central News Agency": ("organisation", "PRKMED"),
        "American intelligence": ("organisation", "USAGOV"), "NATO": ("organisation", "IGO"),
        "Houthis": ("group", "YEMREB"), "Rosoboronexport": ("organisation", "RUSBUS"),
        "Acme Shipping Company": ("organisation", "BUS"),
    }
    assert entity(res, "Russia").mention_count == 1  # "Russia's military manufacturing" is no institution
    assert not [e for e in res.entities if e.type == "person"]  # "Biden" was the administration


def test_a_possessive_country_owns_a_capitalised_institution(nlp):
    """ "South Korea's Joint Chiefs of Staff" is South Korea's, though the bare "Joint Chiefs
    of Staff" names the American one."""
    res = run(nlp, (
        "North Korea fired two missiles, South Korea's Joint Chiefs of Staff said. "
        "The Joint Chiefs of Staff in Washington declined to comment.",
        {"LOC": ["North Korea", "South Korea", "Washington"], "ORG": ["Joint Chiefs of Staff", "Joint Chiefs of Staff"]},
    ))
    codes = {e.name: e.code for e in res.entities if e.type == "organisation"}
    assert codes == {"South Korean Joint Chiefs of Staff": "KORMIL", "US Joint Chiefs of Staff": "USAMIL"}


def test_an_organisation_after_a_state_s_is_that_state_s(nlp):
    """ "Russia's Black Sea Fleet", "Moscow's Wagner Group": the NER's organisation after a
    state's possessive belongs to that state; without one it has no country."""
    res = run(nlp, (
        "Ukraine struck Russia's Black Sea Fleet in Sevastopol. Moscow's Wagner Group left Mali. "
        "The Black Sea Trade Group met in Athens.",
        {"LOC": ["Ukraine", "Russia", "Sevastopol", "Moscow", "Mali", "Athens"],
         "ORG": ["Black Sea Fleet", "Wagner Group", "Black Sea Trade Group"]},
    ))
    countries = {e.name: e.country for e in res.entities if e.type == "organisation"}
    assert countries == {"Black Sea Fleet": "RUS", "Wagner Group": "RUS", "Black Sea Trade Group": None}, countries


def test_an_institution_in_a_capital_is_that_country_s(nlp):
    res = run(nlp, (
        "The Defence Ministry in Seoul said the satellite had reached its planned orbit.",
        {"ORG": ["Defence Ministry"], "LOC": ["Seoul"]},
    ))
    (ministry,) = [e for e in res.entities if e.type == "organisation"]
    assert ministry.country == "KOR" and ministry.code.startswith("KOR")


def test_an_organisation_based_in_a_place_is_that_country_s(nlp):
    """ "X, an Australia-based consultancy", "the Geneva-based Y", "Z, a think tank based in
    London": the place an unknown organisation is based in gives its country."""
    res = run(nlp, (
        "Armament Research Services, an Australia-based consultancy, examined the debris. "
        "Analysts at the Geneva-based Arms Monitoring Centre agreed. "
        "Frontline Policy Forum, a think tank based in London, disagreed. "
        "The Harbour Trade Forum met in Athens.",
        {"ORG": ["Armament Research Services", "Arms Monitoring Centre", "Frontline Policy Forum",
                 "Harbour Trade Forum"], "LOC": ["Australia", "Geneva", "London", "Athens"]},
    ))
    countries = {e.name: e.country for e in res.entities if e.type == "organisation"}
    assert countries == {"Armament Research Services": "AUS", "Arms Monitoring Centre": "CHE",
                         "Frontline Policy Forum": "GBR", "Harbour Trade Forum": None}, countries


def test_an_airline_is_a_business_and_an_air_force_military(nlp):
    res = run(nlp, (
        "Britain imposed sanctions on Iran Air. The Royal Air Force flew patrols.",
        {"ORG": ["Iran Air", "Royal Air Force"], "LOC": ["Britain"]},
    ))
    codes = {e.name: e.code for e in res.entities if e.type == "organisation"}
    assert codes == {"Iran Air": "IRNBUS", "Royal Air Force": "GBRMIL"}, codes


# -- junk --------------------------------------------------------------------------------------
def test_junk_is_not_an_actor(nlp):
    res = run(nlp, (
        "He said someone called on Tuesday. Hours later Hwasong-18 missiles flew.\n\n"
        "WASHINGTON (Northwire) — Officials spoke.\n\n"
        "Image is licensed under the Creative Commons Attribution-Share Alike 2.5 Generic license and was created by Marmelad.",
        {"PER": ["He", "someone", "Marmelad", "Generic"], "DATE": ["Tuesday"], "ORG": ["Hours", "Hwasong-18", "Northwire",
         "Creative Commons"], "LOC": ["WASHINGTON"]},
    ))
    assert [e.name for e in res.entities] == ["Washington"]  # the dateline place
    rejected = {d.alias: d.reason for d in res.decisions if d.rule == "rejected"}
    assert "image credit" in rejected["Marmelad"] and "dateline" in rejected["Northwire"]
    assert all(d.entity_id is None for d in res.decisions if d.rule == "rejected")


def test_a_law_is_not_an_actor(nlp):
    """US news, December 2015: the Affordable Care Act and Obamacare stood in a report's actor
    table (as an organisation, and as a person and an organisation); laws are what actors
    pass or sell under, not actors, and so are the letters that spell them ("the ACA")."""
    res = run(nlp, (
        "Congress voted to delay part of the Affordable Care Act. Obamacare survived two court cases, and "
        "the ACA survives. The Arms Export Control Act of 1976 bars the sale, the State Department said.",
        {"ORG": ["Congress", "Affordable Care Act", "ACA", "Arms Export Control Act of 1976", "State Department"],
         "PER": ["Obamacare"]},
    ))
    assert sorted(e.name for e in res.entities) == ["US Congress", "United States"]  # the State Department speaks for it


def test_a_foundation_or_a_body_s_letters_tagged_as_a_person_is_an_organisation(nlp):
    res = run(nlp, ("Donors to the Clinton Foundation and the Simon Wiesenthal Center met Hillary Clinton.",
                    {"PER": ["Clinton Foundation", "Simon Wiesenthal Center", "Hillary Clinton"]}))
    types = {e.name: e.type for e in res.entities}
    assert types == {"Clinton Foundation": "organisation", "Simon Wiesenthal Center": "organisation",
                     "Hillary Clinton": "person"}
    # Washington Post, March 2016: "the SVP youth wing, Junge SVP, ..." tagged as a person made
    # "SVP" his surname, 42 times in one article
    res = run(nlp, ("The SVP youth wing, Junge SVP, went further. The Junge SVP launched a referendum.",
                    {"PER": ["Junge SVP"], "ORG": ["SVP"]}))
    assert {e.name: e.type for e in res.entities} == {"Junge SVP": "organisation", "SVP": "organisation"}


def test_a_name_joined_to_a_modifier_is_the_name(nlp):
    """US news, 2015-16: "Donald Trump-led", "Orlando-based", "Elizabeth Warren-style" stood
    as actors of their own; the name is the mention. Korean names keep their hyphenated
    syllable ("Kim Jong" + "-un")."""
    res = run(nlp, ("A Donald Trump-led ticket, an Orlando-based group and Kim Jong-un met.",
                    {"PER": ["Donald Trump-led", "Kim Jong"], "LOC": ["Orlando-based"]}))
    assert sorted((e.name, e.type) for e in res.entities) == [
        ("Donald Trump", "person"), ("Kim Jong-un", "person"), ("Orlando", "location")]


def test_a_known_name_inside_another_body_s_name_is_not_that_body(nlp):
    """Reuters, August 1996: the "Democratic Party" of "Kurdistan Democratic Party" and of
    "Indonesian Democratic Party leader Megawati" was the US party, the "People's Liberation
    Army" of "Sudan People's Liberation Army" China's army. A known organisation whose name
    another name runs into is not that organisation; "United States Senate" and "U.S.
    Democratic Party" are."""
    res = run(nlp,
              ("Kurdistan Democratic Party forces took Arbil.", {"ORG": ["Kurdistan Democratic Party"], "LOC": ["Arbil"]}),
              ("Ousted Indonesian Democratic Party leader Megawati Sukarnoputri spoke.",
               {"ORG": ["Indonesian Democratic Party"], "PER": ["Megawati Sukarnoputri"]}),
              ("The Sudan People's Liberation Army said it shot down a plane.", {"ORG": ["Sudan People's Liberation Army"]}),
              ("The United States Senate voted, and the GOP and the U.S. Democratic Party split.",
               {"ORG": ["United States Senate", "GOP", "Democratic Party"], "LOC": ["U.S."]}),
              ("Fox News said the R of (R-Ohio) is no place.", {"PER": ["Fox News"], "LOC": ["R"]}))
    by_name = {e.name: e for e in res.entities}
    assert by_name["Kurdistan Democratic Party"].code is None
    assert by_name["Megawati Sukarnoputri"].country != "USA" and by_name["Indonesian Democratic Party"].code != "USAPTY"
    assert by_name["Sudan People's Liberation Army"].code != "CHNMIL"
    assert by_name["US Senate"].code == "USALEG"
    assert by_name["Republican Party"].code == "USAPTY" and "GOP" in by_name["Republican Party"].aliases
    assert by_name["Democratic Party"].code == "USAPTY"
    assert [m.article_id for m in mentions(res, by_name["Democratic Party"])] == ["art3"]
    assert (by_name["Fox News"].type, by_name["Fox News"].code) == ("organisation", "USAMED")
    assert "R" not in by_name


def test_us_states_are_us_places_and_georgia_is_the_state_beside_them(nlp):
    """PolNeAR, March-April 2016: "Georgia" stood as the country (50 mentions) in primary
    coverage, and the states had no country. Georgia is the state where the article names
    another US state; the country elsewhere."""
    res = run(nlp, ("Trump won primaries in Georgia, Alabama and Texas.", {"LOC": ["Georgia", "Alabama", "Texas"],
                                                                          "PER": ["Trump"]}),
              ("Russia fought Georgia in 2008.", {"LOC": ["Russia", "Georgia"]}))
    got = sorted((e.name, e.type, e.country) for e in res.entities if e.type != "person")
    assert got == [("Alabama", "location", "USA"), ("Georgia", "country", "GEO"), ("Georgia", "location", "USA"),
                   ("Russia", "country", "RUS"), ("Texas", "location", "USA")]
    us_state = next(e for e in res.entities if e.name == "Georgia" and e.type == "location")
    assert [m.article_id for m in mentions(res, us_state)] == ["art0"]


def test_a_state_s_senator_is_the_senator_of_that_state(nlp):
    """PolNeAR, March-April 2016: "the Texas senator" had been linked to Marco Rubio (of
    Florida), the only US legislator the article named with a country, while Ted Cruz,
    titled "Sen. Ted Cruz (R-Texas)", had none; elsewhere "the Florida senator", "the Texas
    senator" and "the Vermont senator" made one person, "American legislator"."""
    res = run(nlp, ("Sen. Marco Rubio (R-Fla.) and Sen. Ted Cruz (R-Texas) spoke. The Texas senator won.",
                    {"PER": ["Marco Rubio", "Ted Cruz"], "LOC": ["Texas"]}),
              ("The Florida senator left. The Vermont senator stayed. Sen. Ted Cruz (Tex.) and Sen. John Doe spoke.",
               {"PER": ["Ted Cruz", "John Doe"], "LOC": ["Florida", "Vermont"]}))
    cruz, rubio = entity(res, "Ted Cruz"), entity(res, "Marco Rubio")
    assert (cruz.country, cruz.code, rubio.code) == ("USA", "USALEG", "USALEG")
    assert [m.text for m in mentions(res, cruz) if m.how == "description"] == ["The Texas senator"]
    # the Florida senator of the second article: Rubio, the one senator of Florida in scope;
    # the Vermont senator: no one known to be of Vermont, and two senators named there
    assert [(m.article_id, m.text) for m in mentions(res, rubio) if m.how == "description"] == [
        ("art1", "The Florida senator")]
    vermont = entity(res, "Vermont legislator")
    assert vermont.type == "person" and vermont.code == "USALEG"
    assert not [e for e in res.entities if e.name == "American legislator"]


def test_a_party_and_state_tag_needs_a_state(nlp):
    res = run(nlp, ("Delegate Jane Roe (R-Loudoun) and John Doe (OK) met Joe Bloggs (R-OK).",
                    {"PER": ["Jane Roe", "John Doe", "Joe Bloggs"]}))
    assert sorted((e.name, e.country) for e in res.entities) == [("Jane Roe", None), ("Joe Bloggs", "USA"),
                                                                 ("John Doe", None)]


def test_time_zones_are_not_actors(nlp):
    res = run(nlp, ("The Latest on Super Tuesday (all times Eastern Standard Time): Sanders won.",
                    {"ORG": ["Eastern Standard Time"], "PER": ["Sanders"]}))
    assert [e.name for e in res.entities] == ["Sanders"]


def test_hyphenated_name_split_by_the_ner_is_repaired(nlp):
    res = run(nlp, ("North Korean leader Kim Jong-Un wrote.", {"MISC": ["North Korean"], "PER": ["Kim Jong"], "ORG": ["Un"]}))
    assert [e.name for e in res.entities if e.type == "person"] == ["Kim Jong-Un"]


def test_candidate_round_trip(nlp):
    (cand,) = [c for c in extract(make_doc(nlp, *SHOIGU_A), "a") if c.kind == "person"]
    assert Candidate.from_dict(cand.to_dict()) == cand
    assert (cand.start, cand.end) == (25, 38) and cand.text == "Sergei Shoigu"


def test_titles_survive_a_sentence_split_without_punctuation(nlp):
    doc = make_doc(nlp, "A delegation led by Politburo member Li Hongzhong attended. He met the president. Putin left.",
                   {"PER": ["Li Hongzhong", "Putin"]})
    for tok in doc:  # a parser that splits before "Li" (no full stop there) and after each "."
        tok.is_sent_start = tok.i == 0 or tok.text == "Li" or doc[tok.i - 1].text == "."
    by_text = {c.text: c for c in extract(doc, "a")}
    assert by_text["Li Hongzhong"].role == "politburo member"
    assert by_text["Li Hongzhong"].sentence == 1  # sentence indices stay the parser's, for citations
    assert by_text["Putin"].role is None  # "the president." ends the sentence before him


def test_an_acronym_joins_the_organisation_it_spells_in_its_article(nlp):
    """ "the RSF" after "Sudan's Rapid Support Forces" is the same body (shown by its name,
    coded like it); the same letters in an article that never spells them out stay apart."""
    res = run(nlp,
              ("Weapons reached Sudan's Rapid Support Forces through Chad. The RSF denied it, and the RSF "
               "has been fighting the army since April.",
               {"ORG": ["Rapid Support Forces", "RSF"], "LOC": ["Sudan", "Chad"]}),
              ("The RSF said the press freedom index had fallen again.", {"ORG": ["RSF"]}))
    forces = entity(res, "Rapid Support Forces")
    assert "RSF" in forces.aliases
    assert [m.text for m in mentions(res, forces)] == ["Rapid Support Forces", "RSF", "RSF"]
    other = [e for e in res.entities if e.name == "RSF"]
    assert len(other) == 1 and other[0].id != forces.id and mentions(res, other[0])[0].article_id == "art1"
    assert any(d.rule == "acronym" and d.alias == "RSF" and d.entity_id == forces.id for d in res.decisions)


def test_an_acronym_of_an_organisation_the_data_does_not_know(nlp):
    res = run(nlp, ("Analysts at the Balkan Arms Monitor counted the shipments. The BAM said more would come.",
                    {"ORG": ["Balkan Arms Monitor", "BAM"]}))
    monitor = entity(res, "Balkan Arms Monitor")
    assert monitor.aliases == ["BAM"] and len(mentions(res, monitor)) == 2


def test_businesses_nationals_and_prosecutors_of_a_country(nlp):
    res = run(nlp, ("US prosecutors charged two Chinese nationals with exporting parts to an Iranian aerospace "
                    "company. A Turkish firm was also named.",
                    {"LOC": ["US"], "MISC": ["Chinese", "Iranian", "Turkish"]}))
    assert (entity(res, "American prosecutors").country, entity(res, "American prosecutors").sector) == ("USA", "JUD")
    assert entity(res, "Chinese nationals").sector == "CVL"
    iranian = entity(res, "Iranian companies")
    assert (iranian.country, iranian.sector) == ("IRN", "BUS") and "Iranian aerospace company" in iranian.aliases
    assert entity(res, "Turkish companies").country == "TUR"


def test_an_acronym_joins_the_body_it_stood_for_in_another_article_of_the_same_context(nlp):
    """Reuters' Arbil coverage: one piece spells out "the Kurdistan Democratic Party (KDP)",
    the follow-ups write "the KDP" alone. The report listed KDP and the Kurdistan Democratic
    Party as two actors. Where the follow-up shares two other actors or places with the
    piece that spelled it out, the letters stand for the same body; a piece about something
    else (the RSF test above) keeps them apart."""
    res = run(nlp,
              ("Iraqi troops and Kurdistan Democratic Party (KDP) forces attacked Arbil, the Patriotic "
               "Union of Kurdistan said in Tehran.",
               {"ORG": ["Kurdistan Democratic Party", "KDP", "Patriotic Union of Kurdistan"],
                "LOC": ["Arbil", "Tehran"], "MISC": ["Iraqi"]}),
              ("The Patriotic Union of Kurdistan accused the KDP of handing Arbil to Baghdad.",
               {"ORG": ["Patriotic Union of Kurdistan", "KDP"], "LOC": ["Arbil", "Baghdad"]}),
              ("The KDP said sales of its new cookbook doubled in Ohio.", {"ORG": ["KDP"], "LOC": ["Ohio"]}))
    party = entity(res, "Kurdistan Democratic Party")
    assert [m.article_id for m in mentions(res, party)] == ["art0", "art0", "art1"]
    other = [e for e in res.entities if e.name == "KDP"]
    assert len(other) == 1 and [m.article_id for m in mentions(res, other[0])] == ["art2"]
    assert any(d.rule == "acronym" and d.alias == "KDP" and "another article" in d.reason for d in res.decisions)


@pytest.mark.parametrize("text, ents", [
    # PolNeAR, March-April 2016: Donald Trump and Ben Carson had been made legislators
    ("Rivals Donald Trump, Sen. Ted Cruz and Ben Carson spoke.", {"PER": ["Donald Trump", "Ted Cruz", "Ben Carson"]}),
    # ... and Hillary Clinton a president: "qualified to be president, Clinton on Monday ripped ..."
    ("Both argue over who is qualified to be president, Hillary Clinton said on Monday.", {"PER": ["Hillary Clinton"]}),
    # ... and Hillary Clinton a governor of Ohio
    ("He did better against Hillary Clinton, the Ohio governor said.", {"PER": ["Hillary Clinton"], "LOC": ["Ohio"]}),
    ("Against Hillary Clinton, the Ohio governor earned 51 percent.", {"PER": ["Hillary Clinton"], "LOC": ["Ohio"]}),
])
def test_a_title_after_a_comma_that_is_not_an_apposition(nlp, text, ents):
    doc = make_doc(nlp, text, ents)
    for tok in doc:  # what the tagger says of the verbs
        tok.tag_ = "VBD" if tok.text in ("earned", "said", "spoke") else "NN"
    res = resolve(extract(doc, "art0"), {"art0": "2016-03-01"})  # in 2016 Trump held no post
    # none of them is what the title after the comma says; Hillary Clinton had left a post
    assert entity(res, ents["PER"][0]).role in (None, "former secretary of state")


def test_an_apposition_still_gives_the_role(nlp):
    res = run(nlp, ("Marco Rubio, the Florida senator, left. John Kasich, the governor of Ohio, stayed.",
                    {"PER": ["Marco Rubio", "John Kasich"], "LOC": ["Florida", "Ohio"]}))
    assert [(e.role, e.code) for e in (entity(res, "Marco Rubio"), entity(res, "John Kasich"))] == [
        ("legislator", "USALEG"), ("governor", "USAGOV")]


def test_ships_are_not_actors(nlp):
    """CoNLL valid (Reuters, August 1996): "the aircraft carrier Carl Vinson" was a person and
    "the aircraft carriers Vinson and Enterprise" two organisations."""
    res = run(nlp, ("Planes on the aircraft carrier Carl Vinson flew. The destroyer USS Carney and the tanker Sounion "
                    "were hit; the aircraft carriers Vinson and Enterprise sailed. The German carrier Lufthansa flew.",
                    {"PER": ["Carl Vinson"], "ORG": ["USS Carney", "Sounion", "Vinson", "Enterprise", "Lufthansa"]}))
    assert sorted(e.name for e in res.entities) == ["Germany", "Lufthansa"]
    res = run(nlp, ("Aboard the ship, Smith said the crew was safe.", {"PER": ["Smith"]}))
    assert [e.name for e in res.entities] == ["Smith"]


def _tagged(nlp, text: str, word: str, labels: list[str]):
    """``text`` with each occurrence of ``word`` tagged with the next of ``labels``."""
    doc = nlp(text)
    doc.ents = [doc.char_span(m.start(), m.end(), label=label)
                for m, label in zip(re.finditer(rf"\b{word}\b", text), labels)]
    return doc


def test_a_lone_word_the_article_names_as_a_place_is_that_place(nlp):
    """CoNLL valid: "Arbil lies within the so-called safe haven", tagged a person once in an
    article that names the city of Arbil as a place throughout, stood as a person "Arbil"."""
    doc = _tagged(nlp, "Forces shelled the city of Arbil. Arbil lies within the haven. Many fled Arbil.", "Arbil",
                  ["LOC", "PER", "LOC"])
    res = resolve(extract(doc, "art0") + extract(make_doc(nlp, "Gunmen attacked Smith. Smith was unhurt.",
                                                          {"PER": ["Smith"]}), "art1"))
    arbil = entity(res, "Arbil")
    assert arbil.type == "location" and arbil.mention_count == 3
    assert entity(res, "Smith").type == "person"
    assert any(d.rule == "surname→place" for d in res.decisions)
    # PolNeAR: a profile of Nancy Reagan, "Nancy" once tagged as a place, keeps its person
    doc = _tagged(nlp, "The paradox of Nancy is plain. Nancy was loved. Nancy was feared.", "Nancy",
                  ["LOC", "PER", "PER"])
    res = resolve(extract(doc, "art0"))
    assert sorted(e.type for e in res.entities) == ["location", "person"]
    assert not [d for d in res.decisions if d.rule == "surname→place"]


def test_a_titled_surname_is_not_someone_never_given_that_title(nlp):
    """PolNeAR (May-June 2016): "Admiral Harris" (the US Pacific commander), nine times, had
    joined Attorney General Kamala Harris, the only Harris named in full in scope, and made
    her an admiral (MIL)."""
    res = run(nlp, ("Attorney General Kamala Harris sued the firm.", {"PER": ["Kamala Harris"]}),
              ("Admiral Harris inspected the fleet.", {"PER": ["Harris"]}),
              ("Voters chose Harris in the primary.", {"PER": ["Harris"]}))
    kamala = entity(res, "Kamala Harris")
    assert (kamala.role, kamala.code, kamala.article_count) == ("attorney general", "USAJUD", 2)  # USA: people.yaml
    admiral = next(e for e in res.entities if e.name == "Harris")
    assert (admiral.role, admiral.code) == ("admiral", "MIL")


def test_a_house_majority_leader_is_a_legislator_not_a_head_of_state(nlp):
    res = run(nlp, ("House Majority Leader Kevin McCarthy spoke.", {"PER": ["Kevin McCarthy"]}))
    assert (entity(res, "Kevin McCarthy").role, entity(res, "Kevin McCarthy").code) == ("majority leader", "USALEG")


def test_a_news_desk_signing_off_is_not_an_actor(nlp):
    """CoNLL train (Reuters, 1996): "-- Sydney Newsroom 61-2 9373-1800" ended 12 articles, and
    "Sydney Newsroom" stood among the actors as an organisation."""
    res = run(nlp, ("Shares in Qantas rose 2 percent.\n-- Sydney Newsroom 61-2 9373-1800",
                    {"ORG": ["Qantas", "Sydney Newsroom"]}))
    assert [e.name for e in res.entities] == ["Qantas"]
    assert any(d.rule == "rejected" and "news desk" in d.reason for d in res.decisions)


def test_president_clinton_is_not_the_hillary_clinton_named_before_him(nlp):
    """PolNeAR (2016): "President Clinton" (Bill) in an article naming Hillary Clinton had
    joined her and made her a president (GOV); he is the Clinton titled president where named
    in full."""
    res = run(nlp, ("Secretary of State Hillary Clinton flew to Paris.", {"PER": ["Hillary Clinton"]}),
              ("President Bill Clinton signed the bill.", {"PER": ["Bill Clinton"]}),
              ("Hillary Clinton campaigned in Ohio. In 1996, President Clinton signed the law. Clinton smiled.",
               {"PER": ["Hillary Clinton", "Clinton"], "LOC": ["Ohio"]}))
    hillary, bill = entity(res, "Hillary Clinton"), entity(res, "Bill Clinton")
    assert hillary.role == "secretary of state" and bill.role == "president"
    assert [m.text for m in mentions(res, bill) if m.article_id == "art2"] == ["Clinton"]
    assert [m.text for m in mentions(res, hillary) if m.article_id == "art2"] == ["Hillary Clinton", "Clinton"]


def _trump_stream(*extra: tuple[str, dict[str, list[str]]]) -> tuple:
    """Three articles that name only Donald Trump in full and call him "Mr. Trump" after."""
    return tuple((f"Donald Trump spoke in {city}. Mr. Trump left early.", {"PER": ["Donald Trump", "Trump"],
                                                                          "LOC": [city]})
                 for city in ("Ohio", "Iowa", "Texas")) + extra


def test_a_family_name_alone_is_the_person_it_usually_names(nlp):
    """PolNeAR (2016): "Trump", "Obama" and "Clinton" alone went unlinked wherever the stream also
    named Ivanka Trump, Michelle Obama or Bill Clinton in full, over a thousand mentions of the
    candidates and the president. A name alone, where several of the family are named, is the
    one it names in the articles that name only one of them."""
    res = run(nlp, *_trump_stream(
        ("Ivanka Trump introduced her father Donald Trump. Trump thanked the crowd.",
         {"PER": ["Ivanka Trump", "Donald Trump", "Trump"]}),
        ("Trump rallied in Florida.", {"PER": ["Trump"], "LOC": ["Florida"]})))
    donald = entity(res, "Donald Trump")
    assert [m.text for m in mentions(res, donald) if m.article_id in ("art3", "art4")] == [
        "Donald Trump", "Trump", "Trump"]
    usual = [d for d in res.decisions if d.rule == "surname→usual"]
    assert {d.article_id for d in usual} == {"art3", "art4"}
    assert "in 3 of the 3 articles" in usual[0].reason


def test_a_family_name_alone_needs_three_articles_and_a_matching_courtesy_title(nlp):
    """Two articles are too few to say what a name alone usually means; and "Ms. Trump" is not
    the Donald Trump who is "Mr. Trump" where named alone."""
    few = run(nlp, *_trump_stream()[:2],
              ("Ivanka Trump met Donald Trump. Trump smiled.", {"PER": ["Ivanka Trump", "Donald Trump", "Trump"]}))
    assert not any(d.rule == "surname→usual" for d in few.decisions)
    assert any(d.rule == "kept-apart" and d.article_id == "art2" for d in few.decisions)
    res = run(nlp, *_trump_stream(
        ("Ivanka Trump met Donald Trump in New York. Ms. Trump smiled.",
         {"PER": ["Ivanka Trump", "Donald Trump", "Trump"], "LOC": ["New York"]})))
    donald = entity(res, "Donald Trump")
    assert [m.text for m in mentions(res, donald) if m.article_id == "art3"] == ["Donald Trump"]
    assert not any(d.rule == "surname→usual" for d in res.decisions)
