from hypothesis import given
from hypothesis import strategies as st

from wirewatch.textnorm import article_id, clean_text, normalise_for_hash, text_hash, words

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)


@given(texts)
def test_normalise_is_idempotent(t):
    once = normalise_for_hash(t)
    assert normalise_for_hash(once) == once


@given(texts)
def test_clean_text_is_idempotent(t):
    once = clean_text(t)
    assert clean_text(once) == once


@given(st.lists(st.sampled_from(["Kim", "said", "“talks”", "‘arms’", "Russia", "—", "deal", "U.N."]), min_size=1, max_size=40))
def test_hash_ignores_typography_and_spacing(tokens):
    curly = " ".join(tokens)
    straight = "  ".join(tokens).replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'").replace("—", "-")
    assert text_hash(curly) == text_hash(straight.upper())


def test_clean_text_keeps_paragraphs_and_typography():
    raw = "First line\nstill first paragraph.\r\n\r\n\n“Second” paragraph’s text.  "
    assert clean_text(raw) == "First line still first paragraph.\n\n“Second” paragraph’s text."


def test_article_id_depends_on_origin_but_not_case_of_url():
    t = "North Korea launched a satellite."
    assert article_id(t, "https://a.example/x") != article_id(t, "https://b.example/x")
    assert article_id(t, "https://A.example/x") == article_id(t, "https://a.example/x")
    assert len(article_id(t, None)) == 16


def test_words_fold_quotes_and_case():
    assert words("Kirby’s “actively advancing”") == ["kirby", "s", "actively", "advancing"]


def test_sentence_spans_respect_initials_and_abbreviations():
    from wirewatch.textnorm import sentence_spans

    text = ("Talks were “actively advancing”, said White House spokesman John F. Kirby. The U.S. Navy "
            "said on Nov. 22 it had seen it. Gen. Kim agreed!\n\nA new paragraph.")
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == [
        "Talks were “actively advancing”, said White House spokesman John F. Kirby.",
        "The U.S. Navy said on Nov. 22 it had seen it.",
        "Gen. Kim agreed!",
        "A new paragraph.",
    ]


def test_dateline_end():
    from wirewatch.textnorm import dateline_end

    for text, lead in (("KYIV (Meridian Press) — Russia launched ...", "KYIV (Meridian Press) — "),
                       ("VOSTOCHNY, Russia (Northwire) — Russian President ...", "VOSTOCHNY, Russia (Northwire) — "),
                       ("WASHINGTON — The United States ...", "WASHINGTON — "),
                       # a spaced hyphen, as much copy types it, after whole capitalised words
                       ("DES MOINES - This year's presidential campaign ...", "DES MOINES - "),
                       ("WASHINGTON (AP) - The Senate ...", "WASHINGTON (AP) - ")):
        assert text[:dateline_end(text)] == lead
    # prose, and a mixed-case dateline (left alone: it could be the start of a sentence)
    for text in ("North Korea said on Wednesday — in a rare statement — ...", "The White House said ...",
                 "Seoul, Nov. 22 — North Korea said ...", "U.S. - Russia relations soured ...",
                 "The plan - a deal in all but name - ..."):
        assert dateline_end(text) == 0


def test_longest_alternation_matches_as_the_sorted_alternation_does():
    import re

    from wirewatch.textnorm import longest_alternation

    words = ["North Korea", "North Korean", "Korea", "Nor", "Norway", "U.S.", "US", "the Kremlin", "Kre"]
    plain = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w])")
    trie = re.compile(r"(?<![\w.])(?:" + longest_alternation(words) + r")(?![\w])")
    text = ("North Korean troops went to North Korea and Norway; Nor. the Kremlin said U.S. "
            "and US officials met. North Koreans, Kremlin, Kre-1 and NorwayX do not count.")
    found = [m.group(0) for m in trie.finditer(text)]
    assert found == [m.group(0) for m in plain.finditer(text)]
    # the longer name where both fit; none where every name runs on into a word ("North
    # Koreans", "NorwayX"); "Kre" of "Kre-1", the hyphen being no word character
    assert found == ["North Korean", "North Korea", "Norway", "Nor", "the Kremlin", "U.S.", "US", "Kre"]
