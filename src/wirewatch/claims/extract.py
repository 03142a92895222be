"""Extract attributed statements (claims and quotes) from an article.

    claims = extract_claims(article.id, article.text, nlp(article.text))

Method (rules over a dependency parse, a learned cue lexicon; see docs/events.md):

1. *Cues*: a verb whose stem is in the cue lexicon with a cue rate of at least
   ``MIN_RATE`` ("said", "asserted", "reported", "characterized"), or "according to".
2. *Source*: the cue's subject; for a participle or passive, its "by" agent ("characterized
   as ... by Kirby"); for "saying"/"adding" clauses, the subject of the verb they hang on;
   for "according to X", X.
3. *Content*: the quotation inside the cue's clause if there is one (direct), else its
   clausal complement ("that ..."), else -- for "..., he said" -- the clause it comments on,
   else its object.
4. A quotation's own cue decides; a quotation no cue claims is left unattributed.

Without a parse (``doc`` None or unparsed) the same cues are used with surface rules: the
noun phrase before the cue is the source, the rest of the clause the content.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterable

from wirewatch.claims.cue_model import THRESHOLD, candidate_head, cue_probability, load_model
from wirewatch.claims.cues import cue_rates, stance
from wirewatch.claims.quotes import find_quotes
from wirewatch.claims.records import Claim, Span
from wirewatch.events.dates import WEEKDAYS
from wirewatch.events.text import split_sentences, stem, tokenize
from wirewatch.textnorm import dateline_end

#: Minimum learned cue rate (share of a stem's occurrences that are attribution cues).
MIN_RATE = 0.2
SUBJ = {"nsubj", "nsubj:pass", "csubj", "nsubjpass"}
COMPLEMENT = ("ccomp", "xcomp", "parataxis")
NEG = {"not", "n't", "never", "no"}


def _span(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " \t\n,;:—–-":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:—–-":
        end -= 1
    return Span(text[start:end], start, end)


def sentence_spans(text: str, doc: Any) -> list[tuple[int, int, Any]]:
    """Sentences by wirewatch's splitter, each with its span of ``doc`` when there is one."""
    out = []
    for s0, s1 in split_sentences(text):
        span = doc.char_span(s0, s1, alignment_mode="expand") if doc is not None else None
        out.append((s0, s1, span))
    return out


def _parsed(doc: Any) -> bool:
    return doc is not None and doc.has_annotation("DEP")


def _is_cue(tok: Any, quotes: list[tuple[int, int]], sent_has_quote: bool) -> str | None:
    """The cue head for a spaCy token if it is an attribution cue here, or None."""
    head = candidate_head(tok)
    if head is None or _physical(tok, head) or _attributive(tok):
        return None
    in_quote = any(q[0] < tok.idx < q[1] for q in quotes)
    if load_model() is None:
        ok = not in_quote and cue_rates().get(head, 0.0) >= MIN_RATE and (
            head in ("according to", ":") or tok.tag_.startswith("VB"))
        return head if ok else None
    return head if cue_probability(tok, head, in_quote, sent_has_quote) >= THRESHOLD else None


#: Cue heads that in news about arms are as often deeds as words: "launched strikes",
#: "fired missiles", "showed Kim a bomber", "pointed out an interceptor", "imposed sanctions".
_DEED_SENSE = {"launch", "fir", "fire", "show", "point", "aim", "impos"}  # stems: "fired" -> "fir"
#: What such a deed is done with or to (stems): a weapon, a strike, a craft, a measure.
_HARDWARE = {stem(w) for w in (
    "missile missiles rocket rockets strike strikes airstrike airstrikes drone drones shell shells "
    "salvo barrage bomber bombers jet jets aircraft interceptor satellite satellites warship "
    "submarine artillery munitions ammunition weapon weapons launcher launchers tank tanks "
    "torpedo torpedoes warhead warheads "
    "sanction sanctions embargo embargoes restriction restrictions ban bans tariff tariffs "
    "penalty penalties curfew fine fines").split()}


#: Ground a state holds: "to defend its sovereignty" is a deed ("defended his remarks" is said).
_GROUND = {stem(w) for w in (
    "sovereignty territory territories homeland country countries border borders frontier "
    "frontiers independence soil airspace waters coast city cities capital base bases").split()}
#: Pictures put out as evidence: "releasing imagery" shows, it says nothing of itself (a
#: "video that accuses Cruz" does, and keeps its cue: what it says is a relative clause).
_EVIDENCE = {stem(w) for w in (
    "imagery image images photo photos photograph photographs picture pictures footage "
    "video videos satellite").split()}
#: A count of what was fired, its noun left out: "launched several more", "fired two".
_COUNTED = {"several", "more", "another", "dozens", "hundreds", "scores", "two", "three", "four",
            "five", "six", "seven", "eight", "nine", "ten"}

_ADD = stem("added")
#: Verbs of going on or starting: a cue only over a reporting verb ("continued to insist").
_ASPECTUAL = {"continue", "keep", "begin", "start", "resume", "stop", "cease"}


def _attributive(tok: Any) -> bool:
    """A participle inside a noun phrase, between its article, number or possessive (and
    any adjectives) and the noun: "the five declared nuclear powers", "the last declared
    nuclear power", "its stated aim", "the reported deal". It describes the noun; nobody
    says anything."""
    if tok.i == 0 or tok.i + 1 >= len(tok.doc):
        return False
    doc, k = tok.doc, tok.i - 1
    while k > tok.i - 3 and k > 0 and doc[k].tag_ in ("JJ", "JJS", "JJR", "CD"):
        k -= 1  # "the last declared nuclear power", "the five declared ..."
    before, after = doc[k], doc[tok.i + 1]
    # an article, not a determiner that stands for people ("some say", "this angered")
    opens_np = before.lower_ in ("the", "a", "an") or before.tag_ in ("CD", "PRP$", "POS")
    return opens_np and after.tag_ in ("JJ", "NN", "NNS", "NNP", "NNPS", "VBN")


def _physical(tok: Any, head: str) -> bool:
    """A candidate cue that is a deed or a thing here, not a report: a deed-sense verb whose
    object is hardware ("fired about two dozen ballistic missiles", "launched from
    Vandenberg"), or a noun after "by" ("by rail", which the lexicon knows as "railed against")."""
    doc = tok.doc
    if tok.pos_ == "NOUN":
        noun = tok.head if tok.dep_ == "conj" else tok  # "by ship and rail"
        return any(c.dep_ == "case" and c.lower_ in ("by", "via") for c in noun.children) or \
            tok.i > 0 and doc[tok.i - 1].lower_ in ("by", "via")
    if tok.lemma_ in _ASPECTUAL and any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and not reporting_verb(c)
                                        for c in tok.children):
        return True  # "Iran continues to send lethal aid": the sending goes on ("continued to insist" is said)
    if head == _ADD and any(c.dep_ in ("obj", "dobj") for c in tok.children) and any(
            c.dep_ == "obl" and any(g.lower_ == "to" for g in c.children) for c in tok.children):
        return True  # "added five companies to its sanctions list": a deed, not "added that ..."
    obj = next((c for c in tok.children if c.dep_ in ("obj", "dobj")), None)
    if head == "defend" and obj is not None and stem(obj.text) in _GROUND:
        return True  # "risen up in a 'sacred fight' to defend its sovereignty"
    if head in ("releas", "publish") and obj is not None and stem(obj.text) in _EVIDENCE \
            and not any(c.dep_ in ("acl", "acl:relcl", "relcl") for c in obj.children):
        return True  # "the White House said on Friday, releasing imagery"
    if head not in _DEED_SENSE:
        return False
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and head in ("launch", "fir", "fire") and (nxt.lower_ in _COUNTED or nxt.tag_ == "CD"):
        return True  # "Russia launched several more as part of a massive overnight attack"
    if nxt is not None and nxt.lower_ in ("from", "at", "into", "over") and head in ("launch", "fir", "fire"):
        return True
    if tok.i > 0 and doc[tok.i - 1].text == ",":
        # "Operation Irini, launched in March, said ...": a participle aside, then the verb
        close = next((t for t in doc[tok.i + 1:min(len(doc), tok.i + 8)] if t.text == ","), None)
        if close is not None and close.i + 1 < len(doc) and doc[close.i + 1].tag_.startswith("VB"):
            return True
    for t in doc[tok.i + 1:min(len(doc), tok.i + 9)]:
        if t.is_punct and t.text != "-" or t.lower_ == "that":
            break
        if t.pos_ in ("NOUN", "PROPN") and stem(t.text) in _HARDWARE:
            return True
    return False


def _doc_text(doc: Any) -> str:
    """``Doc.text`` joins every token on each access; the rules ask for it per token, so cache it."""
    cached = doc.user_data.get("wirewatch_text")
    if cached is None:
        cached = doc.user_data["wirewatch_text"] = doc.text
    return cached


def _subtree_span(tok: Any, exclude: Iterable[Any] = ()) -> tuple[int, int] | None:
    """Char span of the longest contiguous run of ``tok``'s subtree minus ``exclude``'s."""
    banned = {t.i for ex in exclude for t in ex.subtree}
    # sorted: a non-projective subtree (a graph-based parse allows one) is not yielded in order
    idx = sorted(t.i for t in tok.subtree if t.i not in banned and not t.is_space)
    if not idx:
        return None
    doc = tok.doc
    runs, run = [], [idx[0]]
    for i in idx[1:]:
        if i == run[-1] + 1 or (all(doc[j].is_punct for j in range(run[-1] + 1, i))
                                and not banned.intersection(range(run[-1] + 1, i))):
            # a comma the parse hung outside the subtree (a crossing arc) does not cut it
            run.append(i)
        else:
            runs.append(run)
            run = [i]
    runs.append(run)
    best = max(runs, key=lambda r: (tok.i in r, len(r)))
    return doc[best[0]].idx, doc[best[-1]].idx + len(doc[best[-1]].text)


def _by_agent(cue: Any) -> Any | None:
    """A "by" agent: "characterized as ... by Kirby", "was reported by Yonhap"."""
    for child in cue.children:
        # "dep": a parser unsure of the label still hangs the agent under the cue
        if child.dep_ in ("obl", "obl:agent", "agent", "nmod", "dep") and child.i > cue.i and \
                child.left_edge.lower_ == "by":
            return child
    return _detached_agent(cue)


def _phrase_start(tok: Any) -> int:
    """Index of the first word of ``tok``'s phrase; a comma the parse hung from the phrase
    itself (", officials in Seoul said") is not part of it."""
    return tok.left_edge.i + (tok.left_edge.text == ",")


def _source_token(cue: Any) -> Any | None:
    agent = _by_agent(cue)  # first
    if agent is not None:
        return agent
    passive = False
    aside = cue.tag_ == "VBG" and cue.i > 0 and cue.doc[cue.i - 1].text == ","
    subjects = []
    for child in cue.children:
        if child.is_space or _quoted(child):
            continue  # a quotation parsed as subject is the content, not the speaker
        if aside and child.i < cue.i:
            continue  # ", saying ...": a subject before the comma is the parse's misreading
        if child.dep_ in SUBJ and child.dep_ not in ("nsubj:pass", "nsubjpass"):
            subjects.append(child)
        passive = passive or child.dep_ in ("nsubj:pass", "nsubjpass", "aux:pass")
    if subjects:
        # "Their presence, analysts said, suggested ...": of two subjects the parse gave the
        # cue with a comma between them, the one nearest before it (without a comma they are
        # one phrase misread: "Defence Minister Shin Won-sik said")
        child = subjects[0]
        near = max((c for c in subjects if c.i < cue.i), key=lambda c: c.i, default=child)
        if any(t.text == "," for t in cue.doc[child.i:_phrase_start(near)]):
            child = near
        return None if child.lower_ == "it" and _expletive(cue) else child
    postposed = _postposed_subject(cue)
    if postposed is not None:
        return postposed
    # "Operation Irini, launched in March, said ...": the parse made the aside's participle
    # a verb with the name for subject; the name is the speaker
    for side in cue.children:
        if side.dep_ == "advcl" and side.i < cue.i and side.i > 0 and cue.doc[side.i - 1].text == ",":
            subj = next((c for c in side.children if c.dep_ in SUBJ and c.i < side.i - 1), None)
            if subj is not None:
                return subj
    if aside:
        # "Kirby told journalists that ..., citing intelligence": the speaker of the reporting
        # verb the participle hangs under, however deep the parse hung it
        teller = next((a for a in cue.ancestors if reporting_verb(a)), None) or _teller_before(cue)
        if teller is not None:
            return _source_token(teller)
    if cue.dep_ == "conj" and cue.head.dep_ == "ccomp" and reporting_verb(cue.head.head):
        # "Zelensky said the timing of the raid was deliberate and urged partners to ...": the
        # parse joined "urged" to what was said; a subject there that names no one (no entity,
        # no pronoun) did not urge anything -- the one who said it did
        subj = next((c for c in cue.head.children if c.dep_.startswith("nsubj")), None)
        if subj is not None and not subj.ent_type_ and subj.pos_ != "PRON" and not any(
                t.ent_type_ in ("PER", "ORG", "PERSON", "NORP", "GPE") for t in subj.subtree):
            return _source_token(cue.head.head)
        if subj is not None and _own_finite_verb(cue):
            # "Wood said Russia was using North Korean missiles ... and urged council members
            # to ...": a past tense with an object cannot share "was using", "was deliberate"
            # or "would send"; it is the sayer's next act, not the reported subject's
            return _source_token(cue.head.head)
    if _unshared_gerund(cue):
        # "the methods Iran uses to obtain components ..., and urging them to tighten their
        # checks": a gerund without an auxiliary cannot be joined to "to obtain", so the
        # parse hung it on the wrong verb, whose subject did not urge anything. Its true
        # partner is a gerund above ("her pleading with officers not to shoot and begging her
        # husband to ...": the one who pleads begs), else it is not known here.
        partner = next((a for a in cue.ancestors if a.tag_ == "VBG"), None)
        return _source_token(partner) if partner is not None else None
    if cue.dep_ in ("advcl", "conj", "xcomp") and cue.head.i != cue.i:
        return _source_token(cue.head)
    if cue.dep_ == "parataxis" and cue.head.dep_ == "ROOT" and cue.head.pos_ in ("PROPN", "NOUN") \
            and cue.head.i < cue.i and cue.doc[cue.i - 1].text == ",":
        # "Blinken, speaking in London alongside ..., said ...": the parse made the name the
        # root and the cue a parataxis after the comma-delimited aside; the name speaks
        return cue.head
    if passive:
        return None  # passive without agent ("it has been revealed"): unnamed
    found = _right_np(cue) or _left_np(cue)
    return None if found is not None and found.dep_ == "expl" else found  # "It seems that ..."


def _unshared_gerund(cue: Any) -> bool:
    """Whether ``cue`` is a bare gerund ("urging", no "is" of its own) that the parse joined
    as a conjunct to a verb in its base form ("to obtain", "would obtain"): words that cannot
    be coordinated, so not one subject for both. (Beside a finite verb it may be a misparse
    of two participles in a row, "he continued his assault, mocking X and saying Y", whose
    subject is the finite verb's after all; and before its verb it is an adjunct of that
    verb's subject: "and assuming that ... is legal, we would know ...".)"""
    return (cue.tag_ == "VBG" and cue.dep_ == "conj" and cue.head.tag_ == "VB" and cue.head.i < cue.i
            and not any(c.dep_ in ("aux", "aux:pass", "auxpass") for c in cue.children))


def reporting_verb(tok: Any) -> bool:
    """A verb the cue lexicon counts as reporting ("said", "told"; not "delivered")."""
    return tok.tag_.startswith("VB") and cue_rates().get(candidate_head(tok) or "", 0.0) >= MIN_RATE


def _own_finite_verb(cue: Any) -> bool:
    """Whether a conjunct cue is a finite past verb that cannot be read with the auxiliary of
    the verb it is joined to: a simple past with an object of its own ("urged council
    members"), beside a progressive ("was using"), a copula ("was deliberate") or a modal
    ("would send"). After a perfect ("had bought ... and urged") it may share "had", and a
    participle without an object may share a passive "was"; both are left alone."""
    if cue.tag_ != "VBD" or any(c.dep_ in ("aux", "aux:pass", "auxpass") for c in cue.children):
        return False
    if not any(c.dep_ in ("obj", "dobj", "iobj", "dative") for c in cue.children):
        return False
    verb = cue.head
    return any(c.dep_ == "cop" or c.dep_ == "aux" and (c.tag_ == "MD" or c.lemma_ == "be" and verb.tag_ == "VBG")
               for c in verb.children)


def _teller_before(cue: Any) -> Any | None:
    """The reporting verb nearest before a ", releasing ..." participle in its sentence, when
    the parse hung the participle on the content's verb: in "North Korea has delivered ...,
    the White House said on Friday, releasing imagery ..." the participle is a conjunct of
    "delivered", but it is the White House that released the imagery."""
    verb = next((t for t in reversed(cue.doc[cue.sent.start:cue.i])
                 if t.tag_.startswith("VB") and t.pos_ != "AUX" and t.dep_ not in ("amod", "compound")), None)
    if verb is not None and reporting_verb(verb):
        return verb  # only the verb right before: "implored her to bring it back, arguing ..." is not "read"'s
    return None


def _postposed_subject(cue: Any) -> Any | None:
    """The speaker of a reporting clause after its content, parsed as a conjunct or an
    adverbial clause of the content's verb: in
    "North Korea has shipped ..., South Korea's National Intelligence Service told lawmakers"
    the parse may make "told" a conj of "shipped", whose subject it would then inherit. A
    noun right before the cue (no "and" between) is the cue's own subject: the head of the
    phrase that runs back to the comma."""
    if cue.dep_ not in ("conj", "advcl") or cue.head.i > cue.i:
        return None  # also "advcl": the parse may hang the reporting clause on the content's verb
    doc = cue.doc
    i = cue.i - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0 or doc[i].pos_ not in ("NOUN", "PROPN"):
        return None
    comma = next((j for j in range(i, -1, -1) if doc[j].text in (",", ";")), -1)
    if comma < 0:
        return None
    tok = doc[i]
    while comma < tok.head.i < tok.i:
        tok = tok.head
    return tok


def _detached_agent(cue: Any) -> Any | None:
    """A participle cue whose "by" agent the parse hung elsewhere: "characterized as
    “actively advancing” by White House spokesman John F. Kirby, have raised ..." parsed
    with "John" as a second subject of "raised". The "by" right after the cue's phrase
    still marks the speaker: take the noun it introduces, climbing from a title to the
    name it describes."""
    if cue.tag_ != "VBN":
        return None
    doc = cue.doc
    i = cue.right_edge.i + 1
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i >= len(doc) or doc[i].lower_ != "by" or doc[i].head.i <= i:
        return None
    tok = doc[i].head
    while tok.dep_ in ("nmod:desc", "compound", "appos") and tok.head.i > tok.i and tok.head.pos_ == "PROPN":
        tok = tok.head
    return tok


_QUOTE_MARKS = {'"', "“", "”", "''", "``"}


def _quoted(tok: Any) -> bool:
    """The token heads a quotation (its subtree holds a quotation mark)."""
    first = tok.left_edge
    return any(t.text in _QUOTE_MARKS for t in tok.subtree) or (
        first.i > 0 and tok.doc[first.i - 1].text in _QUOTE_MARKS)


def _right_np(cue: Any) -> Any | None:
    """ "..., said Al From": an inverted speaker right after the cue."""
    doc = cue.doc
    if cue.i == 0 or doc[cue.i - 1].text not in (",", "”", '"', "’"):
        return None
    first = cue.i + 1
    while first < len(doc) and doc[first].is_space:
        first += 1  # "writes\xa0Nate Silver"
    j = first
    while j < len(doc) and doc[j].tag_ in ("DT", "JJ", "NNP", "NNPS", "NN", "PRP") and \
            not doc[j].is_space:
        j += 1
    if j == first:
        return None
    return doc[first:j].root


_NP_TAGS = ("DT", "JJ", "NN", "PRP", "POS", "CD", "HYPH")


def _left_np(cue: Any) -> Any | None:
    """The noun phrase right before the cue, when the parse gave it no subject (parsers
    sometimes attach a sentence's subject to the previous sentence)."""
    doc = cue.doc
    i = cue.i - 1
    while i >= 0 and (doc[i].is_space or doc[i].tag_ in ("MD", "RB")
                      or doc[i].lemma_ in ("have", "be", "do")):
        if doc[i].tag_ == "RB" and doc[i].is_alpha and doc[i].is_upper and len(doc[i]) >= 2:
            return doc[i]  # "RUSI said ...": an acronym the tagger took for an adverb
        i -= 1  # also steps over non-breaking spaces ("Sammon\xa0said")
    if i >= 0 and cue.text == ":" and doc[i].tag_.startswith("VB"):
        return _source_token(doc[i])  # "Cruz wrote: “...”": the verb's subject
    if i >= 0 and doc[i].text == "," and cue.text != ":":
        # "Senator Dianne Feinstein, Democrat of California, said": skip the apposition.
        j = i - 1
        while j >= max(0, i - 20) and doc[j].text != "," and not doc[j].is_sent_start:
            j -= 1
        if j >= 0 and doc[j].text == ",":
            i = j - 1
    if i < 0 or not doc[i].tag_.startswith(("NN", "PRP")) or doc[i].is_space:
        return None
    tok = doc[i]
    # "..., South Korea's Joint Chiefs of Staff said": the word before the cue ends an "of"
    # phrase; the speaker is the noun that phrase hangs on.
    while (tok.dep_ == "nmod" and tok.head.i < tok.i and tok.head.tag_.startswith("NN")
           and any(c.dep_ == "case" and c.i < tok.i for c in tok.children)):
        tok = tok.head
    return tok


def _verb_before_colon(colon: Any) -> Any | None:
    """"Cruz wrote: “...”", "Trump said: “...”": the verb is the cue, the colon only leads into
    the quotation (PolNeAR marks the verb)."""
    i = colon.i - 1
    while i >= 0 and colon.doc[i].is_space:
        i -= 1
    return colon.doc[i] if i >= 0 and colon.doc[i].tag_.startswith("VB") else None


# Verbs whose "it" is a dummy before a clause: "it seems that ...", "it emerged that ...",
# "it is clear that ...". A saying verb's "it" is someone: "It said the accusations were
# baseless" (the ministry named before).
_DUMMY_IT = {"be", "seem", "appear", "emerge", "transpire", "happen", "matter", "follow",
             "remain", "become", "look", "sound", "turn", "mean", "help", "take"}


def _expletive(cue: Any) -> bool:
    if cue.lemma_.lower() in _DUMMY_IT or cue.lower_ in ("seems", "seemed", "appears", "appeared"):
        return True
    if reporting_verb(cue):
        return False
    return any(c.dep_ in ("ccomp", "csubj") for c in cue.children)


def _source_span(tok: Any) -> tuple[int, int] | None:
    if tok.pos_ == "PRON" and tok.lower_ in ("it", "he", "she", "they"):
        return tok.idx, tok.idx + len(tok.text)  # "imagery it said showed ...": the pronoun alone
    # Leave out relative clauses and a leading "by": "Kirby, who ..." -> "Kirby".
    extra = [c for c in tok.children if c.dep_ in ("acl:relcl", "relcl", "case")
             and (c.dep_ != "case" or c.lower_ == "by")]
    # ... and a participle aside set off by a comma: "Blinken, speaking in London ..., said"
    extra += [c for c in tok.children if c.dep_ == "acl" and c.tag_ in ("VBG", "VBN") and c.i > tok.i
              and tok.doc[c.i - 1].text == ","]
    if tok.dep_ == "ROOT":  # a speaker the parse made the root: not the clauses hung on it
        extra += [c for c in tok.children if c.i > tok.i and c.dep_ in ("parataxis", "advcl", "punct", "ccomp", "conj")]
    span = _subtree_span(tok, extra)
    if span is None:
        return None
    doc = tok.doc
    # ... and a second subject the parse split off the same phrase, with no comma between
    # ("CENTCOM commander General Michael Erik Kurilla said": "commander" and "Michael" both
    # subjects of "said"): the speaker runs to the end of the name
    after = next((c for c in tok.head.children if c.i > tok.i and c.dep_ == tok.dep_ and c.dep_ in SUBJ
                  and c.left_edge.i == tok.right_edge.i + 1 and c.head.i > c.i), None) if tok.head is not tok else None
    if after is not None and after.lower_ not in _WHEN_WORDS and tok.right_edge.tag_ not in ("WDT", "IN") \
            and not any(t.text in (":", ";", "--", "\u2014") for t in doc[tok.left_edge.i:after.right_edge.i + 1]):
        tail = _subtree_span(after, [])
        if tail is not None:
            span = (span[0], max(span[1], tail[1]))
    # ... and the ", and" of a speaker the parse made a conjunct ("..., and analysts in the
    # region said"): the phrase starts at its first word
    first = next((t for t in tok.subtree if t.idx >= span[0] and not (t.is_punct or t.is_space or t.dep_ == "cc")), tok)
    if first.i <= tok.i:
        span = (max(span[0], first.idx), span[1])
    # ... and a sentence adverb the parse hung on the speaker ("Separately, South Korean
    # Defence Minister Shin Won-sik said"): the phrase starts after the adverb's comma
    words = [t for t in tok.subtree if t.idx >= span[0] and not t.is_space]
    if len(words) > 2 and words[0].tag_ == "RB" and words[1].text == "," and words[1].i < tok.i:
        span = (words[2].idx, span[1])
    if not tok.is_space and (tok.n_lefts == 0 or not any(
            t.idx < tok.idx for t in tok.subtree if not t.is_space)):
        # A bare noun whose modifiers the parse lost ("country" without "The"): take the
        # determiners, adjectives and possessives right before it.
        i = tok.i - 1
        while i >= 0 and doc[i].tag_.startswith(_NP_TAGS) and not doc[i].is_space:
            i -= 1
        span = (min(span[0], doc[i + 1].idx), span[1])
    if _doc_text(doc)[span[0]:span[0] + 3].lower() == "by ":
        span = (span[0] + 3, span[1])  # the parse may hang "by" inside the agent phrase
    return span if _speaker_like(doc, span) else None


#: A second "subject" that is a time the parse misread ("the Supreme Court this month rejected").
_WHEN_WORDS = {"month", "week", "year", "day", "morning", "afternoon", "evening", "night", "weekend", "today",
               "yesterday", "spring", "summer", "autumn", "fall", "winter", *WEEKDAYS}


def _speaker_like(doc: Any, span: tuple[int, int]) -> bool:
    """A source is a noun phrase: not one opened by a preposition or conjunction ("after North
    Korea", "including what Ukrainian officials", "and analysts"), and with no verb of its own
    outside a relative clause ("the satellite separated from the rocket", "the city ... and
    documented markings"): such spans are a misread parse, and no source beats a wrong one."""
    toks = [t for t in doc.char_span(span[0], span[1], alignment_mode="expand") or () if not t.is_space]
    if not toks:
        return False
    if toks[0].pos_ in ("ADP", "SCONJ", "CCONJ") and toks[0].lower_ not in ("by", "both", "either", "neither"):
        return False
    inside = {t.i for t in toks}
    for t in toks:
        if t.tag_ in ("VBD", "VBZ", "VBP") and t.pos_ != "AUX":
            node, relative = t, False
            while node.i in inside and node.head.i != node.i:
                if node.dep_ in ("acl:relcl", "relcl", "acl"):
                    relative = True
                    break
                node = node.head
            if not relative:
                return False
    return True


def _content_span(cue: Any, quotes: list[tuple[int, int]],
                  sent: Any = None) -> tuple[tuple[int, int], bool] | None:
    lo = min(t.idx for t in cue.subtree)
    hi = max(t.idx + len(t.text) for t in cue.subtree)
    inside = [q for q in quotes if q[0] >= lo and q[1] <= hi and not
              (q[0] <= cue.idx < q[1])]
    # "characterized as “actively advancing”": a quotation right after the cue.
    end = cue.idx + len(cue.text)
    after_q = [q for q in quotes if 0 <= q[0] - end <= 6 and
               re.fullmatch(r"\s*(?:as|:|,)?\s*", _doc_text(cue.doc)[end:q[0]])]
    if after_q:
        return after_q[0], True
    obj = next((c for c in cue.children if c.dep_ in ("obj", "dobj", "iobj")), None)
    if obj is not None and sent is not None and _addressee(obj):
        # "told journalists that ...": what follows "that" is the content, wherever the
        # parse hung the clause (often on the addressee, as a relative clause)
        after = obj.idx + len(obj.text)
        if _doc_text(cue.doc)[after:sent.end_char].lstrip(" ,").startswith("that "):
            rest = _rest(sent, after)
            if rest:
                # not a trailing ", citing intelligence" / ", adding that ...": the speaker's
                # own aside, a claim of its own
                tail = _TRAILING_PARTICIPLE.search(_doc_text(cue.doc), rest[0], rest[1])
                return (rest[0], tail.start() if tail else rest[1]), False
    if cue.dep_ in ("acl:relcl", "relcl") and cue.head.dep_.startswith("nsubj") and cue.head.head.i > cue.i:
        # "imagery it said showed the cargo": what is said is the clause the noun is the
        # subject of, after the cue
        span = _subtree_span(cue.head.head, exclude=[cue.head])
        if span:
            return (max(span[0], cue.idx + len(cue.text) + 1), span[1]), False
    reduced = _reduced_relative(cue)
    if reduced is not None:
        return reduced, False
    for dep in COMPLEMENT:
        # "Venezuela's defence minister, Vladimir Padrino Lopez, said in 2020 that ...": an
        # unquoted phrase with no verb before the cue names the speaker, whatever the parse
        # hung it on; what is said is another complement
        comp = next((c for c in cue.children if c.dep_ == dep and not (
            c.i < cue.i and not any(t.pos_ in ("VERB", "AUX") for t in c.subtree)
            and not any(q[0] <= c.idx < q[1] for q in quotes)) and not _reporter_after(cue, c)), None)
        if comp is not None:
            span = _subtree_span(comp)
            if span and dep == "xcomp" and obj is not None and obj.i < comp.i and comp.tag_ in ("VB", "JJ"):
                # "expects Pyongyang to receive assistance", "urged allies to send": who is
                # expected or urged to act is part of what is said; so is what is described
                # ("announced a package of military aid for Ukraine worth 1.4 billion euros")
                span = (min(span[0], obj.left_edge.idx), span[1])
            elif span and dep == "ccomp" and obj is not None and cue.i < obj.i < comp.i \
                    and not (cue.lemma_.lower() in _TELLING and _addressee(obj)) \
                    and not any(c.dep_.startswith("nsubj") for c in comp.children):
                # "said China, which has also sold aircraft to the junta, was unlikely to ...":
                # the parse made the subject the cue's object and left the clause without one
                span = (min(span[0], obj.left_edge.idx), span[1])
            if span:
                span = (_after_addressee(cue, comp, span[0]),
                        max([span[1]] + [e for _, e in _more_content(cue, comp)]))
                return span, any(q[0] >= span[0] - 1 and q[1] <= span[1] + 1 for q in inside)
    if inside:
        return max(inside, key=lambda q: q[1] - q[0]), True
    # "“We will win,” Trump told reporters": a quotation just before the cue's clause.
    before_q = [q for q in quotes if q[1] <= lo and lo - q[1] <= 4]
    if before_q:
        return before_q[-1], True
    if cue.dep_ == "parataxis" or (cue.dep_ in ("conj",) and cue.i > cue.head.i and not _coordinated(cue)) \
            or _postposed(cue):
        span = _subtree_span(cue.head, exclude=[cue])
        if span:
            return span, False
    obj = next((c for c in cue.children if c.dep_ in ("obj", "dobj", "iobj")), None)
    if obj is not None and sent is not None and _addressee(obj):
        # "told FBI agents that ...", "warned us ...": the object is who was told; the
        # content is what follows it -- if a clause follows, not "on Monday".
        after = obj.right_edge.idx + len(obj.right_edge.text)
        follow = _doc_text(cue.doc)[after:sent.end_char].lstrip(" ,")
        rest = _rest(sent, after)
        if rest and (follow.startswith(("that ", '"', "“")) or follow[:1].isupper()):
            return rest, False
    elif obj is not None and cue.lemma_.lower() in _NAMING and sent is not None:
        # "calling the transfer a significant escalation", "described the attack as
        # terrorism": the object and what it is called, to the end of the cue's phrase
        hi = max((t.idx + len(t.text) for t in cue.subtree if t.i > cue.i and not t.is_punct),
                 default=cue.idx + len(cue.text))  # "..., which both governments described."
        span = _subtree_span(obj)
        if span is not None:
            return (span[0], _named_as(cue.doc, max(span[1], hi), sent.end_char)), False
    elif obj is not None:
        span = _subtree_span(obj)
        if span is not None:
            # "said the satellite, which ..., would strengthen ...": the parse made the
            # content's subject the cue's object and its verb a conjunct of the cue.
            span = (span[0], max([span[1]] + [e for _, e in _more_content(cue, obj, subjectless=True)]
                                 + [_participle_after(cue, obj)]))
        return span, False
    if sent is not None:
        # "..., the official said." -> the clause before; "X said on Monday ..." -> after.
        before = (sent.start_char, _speaker_comma(cue))
        after = _rest(sent, cue.idx + len(cue.text))
        tail = _doc_text(cue.doc)[cue.idx + len(cue.text):sent.end_char]
        aside = _ASIDE.search(tail) if cue.lemma_.lower() in _SAYING and obj is None else None
        if aside:  # "..., the White House said on Friday, releasing an image": the aside is not what was said
            tail = tail[:aside.start()]
        tail = tail.strip(" .\n\"”")
        if len(tail.split()) <= 4 and _doc_text(cue.doc)[before[0]:before[1]].strip(" ,"):
            return before, False
        if after and not _SUBORDINATE.match(_doc_text(cue.doc), after[0]):
            # not "... could recall while Kim was outside the country": a time or condition
            # clause tells when, not what was said
            return after, False
    return None


def _reduced_relative(cue: Any) -> tuple[int, int] | None:
    """"releasing imagery it said showed the cargo moving ...": a cue with a pronoun subject
    right after a noun, and a finite verb right after it, is a relative clause without its
    "that"; what is said is the verb's clause (the parse seldom hangs it on the cue)."""
    doc = cue.doc
    if cue.i < 2 or cue.i + 1 >= len(doc):
        return None
    subj, noun, verb = doc[cue.i - 1], doc[cue.i - 2], doc[cue.i + 1]
    if not (subj.tag_ == "PRP" and subj.head.i == cue.i and subj.dep_.startswith("nsubj")
            and noun.pos_ in ("NOUN", "PROPN") and verb.tag_ in ("VBD", "VBZ", "VBP", "MD")
            and not any(c.dep_ in COMPLEMENT for c in cue.children)):
        return None
    # "an investment he concludes has constituted a head-start": the auxiliary's verb
    main = verb.head if verb.dep_.startswith("aux") and verb.head.i > verb.i else verb
    span = _subtree_span(main, exclude=[t for t in main.children if t.i < verb.i])
    return (verb.idx, span[1]) if span and span[1] > verb.idx else None


#: "describing the haul as the first seizure of ...": what the object is called runs to the
#: next break when the parse hung the "as" phrase elsewhere.
_AS_AFTER = re.compile(r"\s+as\s+[^,;:()—–]+")


def _named_as(doc: Any, end: int, sent_end: int) -> int:
    m = _AS_AFTER.match(_doc_text(doc), end, sent_end)
    return m.end() if m else end


def _participle_after(cue: Any, obj: Any) -> int:
    """"adopted a resolution demanding an immediate end to the attacks": a participle right
    after the object that the parse hung on the cue describes the object; the content runs
    through it. Not after a comma ("condemned the attack, calling it ..." is a second cue)."""
    doc = cue.doc
    k = obj.right_edge.i + 1
    if k >= len(doc) or doc[k].tag_ not in ("VBG", "VBN") or doc[k].head.i != cue.i:
        return 0
    span = _subtree_span(doc[k])
    return span[1] if span else 0


# Not "if", "after", "since", "once": "said if the talks fail, ..." and "said after the
# vote that ..." report a content that opens with a condition or a time.
_SUBORDINATE = re.compile(r"(?:while|when|whenever|because|although|though|unless|until|whereas)\b", re.IGNORECASE)


def _reporter_after(cue: Any, comp: Any) -> bool:
    """``comp`` is the reporting clause of the whole sentence, hung on the cue as a parataxis
    ("US prosecutors have charged ..., the Justice Department said on Wednesday"): who reports
    the cue's deed, not what the cue says."""
    return (comp.dep_ == "parataxis" and comp.i > cue.i and reporting_verb(comp)
            and any(c.dep_.startswith("nsubj") and c.i < comp.i for c in comp.children))


def _speaker_comma(cue: Any) -> int:
    """Where the reporting clause begins: the cue's first word, or, when the parse hung the
    content's subject on the cue as well ("North Korea shipped shells to Russia, officials in
    Seoul said": two subjects, the content's verb made a modifier of the first), the comma
    before the nearest subject."""
    doc = cue.doc
    near = max((c for c in cue.children if c.dep_ in SUBJ and c.i < cue.i), key=lambda c: c.i, default=None)
    if near is None or near.left_edge.i <= cue.left_edge.i:
        return cue.left_edge.idx
    first = _phrase_start(near)
    return doc[first - 1].idx if first > 0 and doc[first - 1].text == "," else cue.left_edge.idx


_ASIDE = re.compile(r",\s+[a-z]+ing\b")
_SAYING = {"say", "state", "announce", "report", "add", "write", "claim", "confirm", "allege"}
_SAYING_STEMS = {stem(w) for w in _SAYING | {"said", "says", "told", "tell", "wrote", "added", "stated",
                                             "announced", "reported", "claimed", "confirmed", "alleged"}}
_NAMING = {"call", "describe", "characterize", "characterise", "label", "brand", "term", "dub"}
_NAMING_STEMS = {stem(w) for w in _NAMING | {"labelled", "labelling"}}  # "called", "described", ...
_HOSTILE = re.compile(
    r"\b(?:threat|threaten\w*|escalation|violation|violat\w+|breach|illegal|unlawful|terror\w*|"
    r"provocat\w+|aggressi\w+|crim\w+|destabili[sz]\w*|reckless|dangerous|unacceptable|"
    r"flagrant|blatant|atrocit\w+|war crimes?)\b", re.I)
_TRAILING_PARTICIPLE = re.compile(r",\s+(?:citing|adding|saying|noting|according)\b")


def _coordinated(cue: Any) -> bool:
    """A conjunct cue joined by "and"/"but" with a subject of its own tells its own clause, not
    the one before it: "North Korea's launch prompted Seoul to suspend the pact, and Pyongyang
    responded by saying ..." (unlike "..., South Korea's spy agency told lawmakers", a
    reporting clause the parse made a conjunct)."""
    return any(c.dep_ == "cc" for c in cue.children) and any(c.dep_.startswith("nsubj") for c in cue.children)


def _postposed(cue: Any) -> bool:
    """"North Korea has shipped ... to Russia, South Korea's spy agency told lawmakers on
    Wednesday": a reporting clause after a comma, hung on the content's verb as an adverbial
    clause. The content is that verb's clause."""
    if cue.dep_ != "advcl" or cue.head.i > cue.i:
        return False
    doc = cue.doc
    comma = next((i for i in range(cue.i - 1, cue.head.i, -1) if doc[i].text == ","), None)
    if comma is None or comma == cue.i - 1:
        return False
    # Between the comma and the cue only the speaker's noun phrase (the parse may have hung
    # it elsewhere) and auxiliaries: "..., officials have said", "..., the agency told ...".
    return all(t.tag_.startswith(_NP_TAGS + ("NNP", "MD", "RB")) or t.lemma_ in ("have", "be")
               for t in doc[comma + 1:cue.i])


def _more_content(cue: Any, first: Any, subjectless: bool = False) -> list[tuple[int, int]]:
    """Spans of further clauses the cue governs as conjuncts after ``first``: "said the attack
    was the biggest ... and that Moscow was trying ..." (a conjunct opened by "that", or a
    second complement clause, as the parse also hangs it); with ``subjectless``, a conjunct
    verb with no subject of its own (its subject is ``first``)."""
    out = []
    for c in cue.children:
        if c.i <= first.i or not (c.dep_ == "conj" or (c.dep_ == first.dep_ == "ccomp"
                                                         and any(m.dep_ == "cc" for m in c.children))):
            continue
        marked = any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        bare = subjectless and c.pos_ in ("VERB", "AUX") and not any(m.dep_.startswith("nsubj") for m in c.children)
        if marked or bare:
            span = _subtree_span(c)
            if span:
                out.append(span)
    return out


_TELLING = {"tell", "inform", "assure", "warn", "remind", "brief", "notify"}
_NP_WORD = ("DT", "CD", "JJ", "NN", "PRP", "POS", "HYPH")


def _after_addressee(cue: Any, comp: Any, start: int) -> int:
    """Where the content of "told <someone> that ..." begins when the parse put the addressee
    inside the complement ("told the Security Council that Iran had ...": "Council" read as
    the clause's subject): at "that", if only a noun phrase comes before it."""
    if cue.lemma_.lower() not in _TELLING:
        return start
    words = [t for t in comp.subtree if t.idx >= start]
    that = next((i for i, t in enumerate(words) if t.lower_ == "that"), None)
    if not that or not all(t.tag_.startswith(_NP_WORD) for t in words[:that]):
        return start
    return words[that].idx


def _addressee(obj: Any) -> bool:
    return obj.tag_ in ("PRP", "NNP", "NNPS") or obj.ent_type_ in ("PER", "ORG", "PERSON") \
        or obj.lower_ in ("reporters", "journalists", "agents", "officials", "audience", "lawmakers",
                          "legislators", "senators", "diplomats", "supporters", "parliament")


def _rest(sent: Any, start: int) -> tuple[int, int] | None:
    """From ``start`` ("that" included, as PolNeAR marks it) to the end of the sentence, if
    anything is there."""
    text = _doc_text(sent.doc)
    s, e = start, sent.end_char
    m = re.match(r"[\s,]*", text[s:e])
    if m:
        s += m.end()
    while e > s and text[e - 1] in " .\n":
        e -= 1
    return (s, e) if e - s > 1 else None


def _according_to(tok: Any, text: str) -> tuple[tuple[int, int], tuple[int, int],
                                                 tuple[int, int]] | None:
    """(cue, source, content) spans for "according to X" in the parse."""
    doc = tok.doc
    to = doc[tok.i + 1]
    cue = (tok.idx, to.idx + len(to.text))
    x = tok.head if tok.head.i > to.i else next(
        (t for t in doc[to.i + 1:tok.sent.end] if t.pos_ in ("PROPN", "NOUN", "PRON")), None)
    if x is None:
        return None
    src = _source_span(x)
    if src is None:
        return None
    src = (max(src[0], cue[1]), src[1])
    sent = tok.sent
    comma = text.find(",", src[0], src[1])
    if comma > 0 and not text[sent.start_char:tok.idx].strip() and any(
            t.tag_.startswith("VB") for t in doc if comma < t.idx < src[1]):
        # "According to the prosecutor's office, investigators photographed ...": the parse
        # took the clause into the source; it ends at the comma
        src = (src[0], comma)
    elif comma > 0:
        # "..., according to the air force, in attacks that lasted about six hours": a phrase
        # after the comma that opens with a preposition or a verb is not an apposition
        nxt = next((t for t in doc[to.i + 1:sent.end] if t.idx > comma and not t.is_space), None)
        if nxt is not None and (nxt.tag_ == "IN" or nxt.tag_.startswith("VB")):
            src = (src[0], comma)
    before = (sent.start_char, tok.idx)
    after = (src[1], sent.end_char)
    content = before if len(text[before[0]:before[1]].strip(" ,.")) >= \
        len(text[after[0]:after[1]].strip(" ,.")) else after
    return cue, src, content


def extract_claims(article_id: str, text: str, doc: Any = None,
                   sentences: list[tuple[int, int, Any]] | None = None) -> list[Claim]:
    """Attributed statements in ``text``; ``doc`` is a spaCy Doc of the same text (optional).
    ``sentences``: :func:`sentence_spans` of the two, when the caller has them already."""
    quotes = find_quotes(text)
    dateline = dateline_end(text)
    parsed = doc is not None and _parsed(doc)
    claims: list[Claim] = []
    seen: set[tuple[int, int, int, int]] = set()
    if sentences is None:
        sentences = sentence_spans(text, doc)
    for sent_no, (s0, s1, sent) in enumerate(sentences):
        sq = [q for q in quotes if q[0] < s1 and q[1] > s0]
        if sent is not None and parsed:
            found = _nested(list(_parsed_claims(article_id, text, sent_no, sent, sq)), text)
        else:
            found = list(_surface_claims(article_id, text, sent_no, s0, s1, sq))
        # A quotation no cue claimed stays unattributed: tying it to the nearest cue of its
        # sentence mostly duplicated that cue's claim (PolNeAR train: content F1 0.67 -> 0.70
        # without). A quotation that goes on after its reporting clause, in the next
        # sentence, is the same speaker's (_quote_goes_on); others are a known gap.
        # A dateline is not a speaker: "KYIV (Meridian Press) — Russia launched ...", nor
        # part of what is said.
        for c in found:
            if c.source is not None and c.source.end <= dateline or c.content.end <= dateline:
                continue
            if c.source is not None and c.source.start < dateline:
                # "UNITED NATIONS (Lakeside Ledger) — A confidential report by ... says": the
                # speaker starts after the dateline the parse took into its phrase
                c = dataclasses.replace(c, source=_span(text, dateline, c.source.end), id="")
            c = _settled(text, doc if parsed else None, quotes, c, _content_bounds(text, quotes, dateline, c))
            key = (c.cue.start, c.cue.end, c.content.start, c.content.end)
            if key in seen:
                continue  # "said: “...”" read twice, once from the verb and once from the colon
            seen.add(key)
            claims.append(c)
    return claims


def _content_bounds(text: str, quotes: list[tuple[int, int]], dateline: int, c: Claim) -> tuple[int, int]:
    """Where what was said starts and ends, from the span the rules found."""
    start, end = max(c.content.start, dateline), c.content.end
    lead = _TIME_THEN_THAT.match(text, start, end)
    if lead:  # "said [on Jan. 4] that Russia had fired ...": when it was said is not what
        start = lead.start(1)  # was said; the "that" belongs to the content (PolNeAR)
    if not text[c.cue.end:start].strip() and ASKING_CUE.match(c.cue.text):
        # "called [on] Trump to apologise", "pushed [for] a ceasefire": the verb's own
        # preposition is not what is asked (also without a parse; with one, ``_settled``
        # then moves the preposition into the cue, see ``_particle_after``)
        start = _phrasal_end(text, start, end)
    cut = _ACCORDING_AFTER.search(text, start, end)
    if cut and not c.cue.text.lower().startswith("according") and c.cue.start < cut.start():
        end = cut.start()  # "..., according to state television": someone else's telling
    end = _closing_mark(text, start, end)
    if text[start:end].endswith(".") and not _KEEPS_ITS_DOT.search(text, start, end):
        end -= 1  # the sentence's full stop is not part of what was said
    start = _quote_opened_before(text, quotes, c, start, end)
    if c.direct:
        end = _quote_goes_on(text, c, end)
    return start, end


def _settled(text: str, doc: Any, quotes: list[tuple[int, int]], c: Claim, bounds: tuple[int, int]) -> Claim:
    """The claim with its final content, its cue's verb group (``doc``: the parse, if any),
    whether it is direct speech and, for a naming cue, whether it criticises."""
    changes: dict[str, Any] = {}
    if bounds != (c.content.start, c.content.end):
        changes["content"] = _span(text, *bounds)
    cue_start = _auxiliaries_before(doc, c.cue.start, c.cue.end) if doc is not None else c.cue.start
    cue_end, phrase = _particle_after(doc, c.cue.end, c.content) if doc is not None else (c.cue.end, None)
    if c.cue.end <= c.content.start < cue_end:
        # "pointed to the make-up of the delegation": what was pointed to starts after "to"
        start = cue_end + len(text[cue_end:c.content.end]) - len(text[cue_end:c.content.end].lstrip())
        changes["content"] = _span(text, start, c.content.end)
    elif phrase is not None and c.content.end <= c.cue.start and not c.direct:
        # "Asked about that vote, Mark-Viverito pointed to Clinton's support for licenses":
        # not the clause before, but what the preposition governs
        changes["content"] = _span(text, *phrase)
    if (cue_start, cue_end) != (c.cue.start, c.cue.end):
        changes["cue"] = _span(text, cue_start, cue_end)
    if changes:
        c = dataclasses.replace(c, **changes, id="")  # new spans, so a new id
    direct = _mostly_quoted(quotes, c.content.start, c.content.end)
    stance = c.stance
    if stance == "assert" and stem(c.cue_word.lower()) in _NAMING_STEMS and _HOSTILE.search(c.content.text):
        # "described the Houthi attacks as a threat to the free flow of trade", "calling the
        # transfer a significant escalation": naming a deed so is criticising it
        stance = "criticise"
    if (direct, stance) != (c.direct, c.stance):
        c = dataclasses.replace(c, direct=direct, stance=stance)
    return c


def _mostly_quoted(quotes: list[tuple[int, int]], start: int, end: int) -> bool:
    """Direct speech: the speaker's own words make up most of the content. A report that
    quotes a phrase ('arms negotiations were "actively advancing"') is indirect."""
    quoted = sum(min(q1, end) - max(q0, start) for q0, q1 in quotes if q0 < end and start < q1)
    return end > start and quoted >= 0.6 * (end - start)


_VERB_GROUP = {"aux", "aux:pass", "advmod"}
_CLITIC = re.compile(r"(?:n['’]t|['’]\w+)$", re.I)  # "did|n't", "he|'s said"


def _auxiliaries_before(doc: Any, cue_start: int, cue_end: int) -> int:
    """Where the cue's verb group starts: "has also said", "did not say", "is saying" -- the
    auxiliaries, negation and adverbs right before the reporting verb and hanging on it (how
    PolNeAR marks a cue; they carry tense and denial). ``Claim.cue_word`` is the verb itself."""
    span = doc.char_span(cue_start, cue_end)
    if span is None or len(span) != 1 or span[0].pos_ not in ("VERB", "AUX"):
        return cue_start
    verb = first = span[0]
    while first.i > 0:
        prev = doc[first.i - 1]
        glued = prev.i > 0 and not doc[prev.i - 1].whitespace_ and not _CLITIC.match(prev.text)
        if prev.head.i != verb.i or prev.dep_ not in _VERB_GROUP or prev.pos_ not in ("AUX", "ADV", "PART") \
                or prev.idx + len(prev.text_with_ws) != first.idx or not prev.text[-1:].islower() or glued:
            break  # (glued: the tail of a hyphenated name the tagger took for an adverb, "Han Duck-soo")
        first = prev
    return first.idx


# A phrasal cue's own preposition or particle, which PolNeAR marks as part of the cue
# (records.CUE_PARTICLES). Which verbs take which, as PolNeAR train marks them: "to" and "on"
# only after the verbs listed ("pointed to", "referred to"; "called on", "focused on"), not
# "said to the TV", "spoke to reporters", "said on Friday", "added on Twitter"; "with" and
# "for" after any verb but plain saying ("spoke for five minutes", "talked with aides"),
# "about", "out" and "against" after any. A legal charge ("charged with murder") is no cue's.
# (only, verbs): True, after these verbs only; False, after any verb but these
_PHRASAL_VERBS: dict[str, tuple[bool, re.Pattern | None]] = {
    "to": (True, re.compile(r"(?:refer|point|respond|allud|object|testif|attest|admit|confess)")),
    "on": (True, re.compile(r"(?:focus|call|attack|comment|agre|insist|reflect|count|weigh|press|urg|elaborat)")),
    "with": (False, re.compile(r"(?:say|said|talk|speak|spoke|call|meet|met|plead)")),
    "for": (False, re.compile(r"(?:say|said|speak|spoke|tell|told)")),
    "about": (False, None), "out": (False, None), "against": (False, None),
}
_NOT_PHRASAL = re.compile(r"(?:charg|accus|indict|convict|sentenc)")
_SPANS_OF_TIME = {"seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "ages",
                  "while", "time", "long", "hour", "day", "week", "month", "year", "decade"}


def _particle_after(doc: Any, cue_end: int, content: Span) -> tuple[int, tuple[int, int] | None]:
    """Where the cue ends with its verb's own preposition or particle: "pointed to", "called
    for", "is speaking out", "talked about", "agreed with". The word must follow the verb
    directly and hang on it (a particle) or open a phrase that does (a preposition); an
    infinitive's "to" ("refused to discuss") is not one. It must not fall inside the
    content either, unless the content starts with it. Returns the cue's end and, for a
    preposition, the phrase it governs (None for a particle: "pointed out that ...")."""
    none = (cue_end, None)
    span = doc.char_span(cue_end - 1, cue_end, alignment_mode="expand")
    if span is None or len(span) != 1 or span[0].pos_ not in ("VERB", "AUX") or span[0].i + 1 >= len(doc):
        return none
    verb, word = span[0], doc[span[0].i + 1]
    if word.lower_ not in _PHRASAL_VERBS or not verb.whitespace_ or _NOT_PHRASAL.match(verb.lower_):
        return none
    only, verbs = _PHRASAL_VERBS[word.lower_]
    if verbs is not None and bool(verbs.match(verb.lower_)) != only:
        return none
    end = word.idx + len(word.text)
    if content.start < word.idx < content.end:
        return none
    if word.dep_ in ("compound:prt", "prt"):
        return (end, None) if word.head.i == verb.i else none
    head = word.head
    if word.dep_ not in ("case", "prep") or head.i <= word.i or head.head.i != verb.i \
            or head.dep_ not in ("obl", "obj", "iobj", "nmod", "pobj") or head.lower_ in _SPANS_OF_TIME:
        return none  # "have warned for weeks that ...": how long, not what was warned of
    right = _last_word(head.subtree, word.i)
    after = doc[right.i + 1] if right.i + 1 < len(doc) else None
    if after is not None and after.lower_ == "to" and after.head.head.i == verb.i and after.head.i > after.i:
        # "calling for the United States to step up its efforts": the clause of what the
        # one asked is to do, wherever the parse hung it
        right = _last_word(after.head.subtree, right.i)
    return end, (doc[word.i + 1].idx, right.idx + len(right.text))


def _last_word(tokens: Iterable[Any], after: int) -> Any:
    """The last token of a subtree after index ``after``, a closing punctuation mark left out."""
    words = [t for t in tokens if t.i > after]
    while len(words) > 1 and words[-1].is_punct:
        words.pop()
    return words[-1]


def _nested(found: list[Claim], text: str) -> list[Claim]:
    """A claim told inside another's content ends where that content ends: in "Investigators
    in Kharkiv have concluded that the missile was not Russian, regional prosecutors said this
    week", the investigators concluded "the missile was not Russian", not "..., regional
    prosecutors said this week, adding ...". The outer claim is one whose content comes before
    its source and cue ("CONTENT, SOURCE said")."""
    out = []
    for c in found:
        if any(r is not c and r.cue.start > c.content.start and
               re.fullmatch(r"by\s+", text[c.content.start:r.cue.start]) for r in found):
            continue  # "responded by saying it would ...": the saying is the claim
        for r in found:
            if r is c or r.source is None or not r.content.end <= r.source.start <= r.cue.start \
                    or text[r.content.end:r.source.start].strip() != "," \
                    or stem(r.cue.text.lower()) not in _SAYING_STEMS:
                continue
            if r.content.start <= c.cue.start < r.content.end < c.content.end and c.content.start < r.content.end:
                c = dataclasses.replace(c, content=_span(text, c.content.start, r.content.end), id="")
        for r in found:
            # "... urged the EU to widen its sanctions, and analysts in the region said ...":
            # a speaker and cue of its own after ", and" inside the content end it there;
            # so does the speaker's own aside: "denied that ..., saying it is neutral"
            if r is c or not c.content.start < r.cue.start < c.content.end:
                continue
            if r.source is not None and c.content.start < r.source.start < r.cue.start:
                joint = _AND_THEN.search(text, c.content.start, r.source.start)
            elif r.cue.text.endswith("ing") and c.cue.start < r.cue.start:
                joint = _COMMA_THEN.search(text, c.content.start, r.cue.start)
            elif r.source is not None and c.source is not None and r.source.start == c.source.start:
                # "said the timing was deliberate and urged partners to ...": the same speaker's
                # next act ends what was said
                joint = _AND_THEN_CUE.search(text, c.content.start, r.cue.start)
            else:
                joint = None
            if joint:
                c = dataclasses.replace(c, content=_span(text, c.content.start, joint.start()), id="")
        out.append(c)
    return out


_AND_THEN = re.compile(r"[,;]\s*(?:and|but)\s+$")  # searched with endpos at the inner source
_COMMA_THEN = re.compile(r",\s*$")  # searched with endpos at the inner cue
_AND_THEN_CUE = re.compile(r",?\s+(?:and|but)\s+(?:(?:also|then|later)\s+)?$")  # likewise


_PHRASAL = re.compile(r"(?:on|for)\s+(?=\S)")
# A cue that asks someone to act or presses for something ("called on", "pushed for"): who
# or what its preposition governs is the one asked, the content's agent
ASKING_CUE = re.compile(r"(?:call|push|press|appeal|lobb|plead|argu|advocat|ask)", re.I)
# '... affecting it," said Caddell. "Yesterday, there were two polls."': the speaker's
# quotation goes on after the reporting clause, in the very next sentence
_SAID_THEN_QUOTE = re.compile(r"[\s,]*(?:[^.!?“”\"\n]{1,80})\.\s+[“\"]")
_QUOTE_REST = re.compile(r"[^“”\"\n]*[”\"]")


_CLOSE_AFTER = re.compile(r"[,.!?]?\s?(?:”|\"|'')")


def _closing_mark(text: str, start: int, end: int) -> int:
    """A content that leaves a quotation open ends with its closing mark: '"Unity also means
    prosperity, because people fight over limited resources,"', 'Trump is "temperamentally
    unfit to be commander-in-chief."' -- the parse leaves the punctuation and the mark to the
    reporting clause or the sentence."""
    span = text[start:end]
    if span.rstrip().endswith(("”", '"', "''")):
        return end
    if span.count('"') % 2 == 0 and span.count("“") <= span.count("”") and \
            not (span.startswith(("``", "''")) and span.count("''") % 2 == 1):
        return end  # no quotation left open
    m = _CLOSE_AFTER.match(text, end)
    return m.end() if m else end


def _quote_opened_before(text: str, quotes: list[tuple[int, int]], c: Claim, start: int, end: int) -> int:
    """A content that closes a quotation opened before it takes the whole quotation: in
    '"You should resign. You should give back the money," Warren told him', the parse gives
    the cue only the last sentence, but what was said is all that is quoted. Not when the
    claim's own cue is inside the quotation (a claim quoted within another's words).

    One quotation broken by its reporting clause is one content, from the first mark to the
    last, the clause inside it included (PolNeAR's reading, and a reader's): '"If he thinks
    that makes him smart," the narrator says, "what does he think of you?"'."""
    for q0, q1 in quotes:
        if q0 < start < q1 and end - 2 <= q1 <= end and not q0 <= c.cue.start < q1:
            return q0
    if not any(q0 == start for q0, _ in quotes):
        return start
    clause = min(c.cue.start, c.source.start) if c.source else c.cue.start  # the reporting clause
    before = [q for q in quotes if q[1] <= clause]
    if before:
        q0, q1 = before[-1]
        if _BROKEN_QUOTE.fullmatch(text, q1 - 2, start):
            return q0
    return start


# the end of the first part (a comma and its mark), the reporting clause, the second mark
_BROKEN_QUOTE = re.compile(r",\s?[”\"][^.!?“”\"\n]{1,80}?,\s*")


def _phrasal_end(text: str, start: int, end: int) -> int:
    m = _PHRASAL.match(text, start, end)
    return m.end() if m else start


def _quote_goes_on(text: str, c: Claim, end: int) -> int:
    """The end of the quotation that continues a direct claim whose reporting clause follows
    it ('"...," said Caddell. "Yesterday ..."'): PolNeAR, like a reader, gives the second
    sentence to the same speaker. Only when the cue (and source) lie in the short clause
    (at most 80 characters, one sentence end) between the two quoted parts."""
    if not text[c.content.start:end].rstrip().endswith(("”", '"')) or c.cue.start < end:
        return end
    m = _SAID_THEN_QUOTE.match(text, end)
    if m is None or not (m.start() <= c.cue.start and c.cue.end <= m.end()):
        return end
    rest = _QUOTE_REST.match(text, m.end())
    return rest.end() if rest else end


_KEEPS_ITS_DOT = re.compile(r"(?:\.\.|\b[A-Z]\.(?:[A-Z]\.)+)$")  # an ellipsis, "the U.S."
_ACCORDING_AFTER = re.compile(r",\s+according to\b", re.I)
_TIME_THEN_THAT = re.compile(r"(?:on|in|at|last|this|earlier|late|early)\b[^,;:\"“”]{0,30}?\s+(that)\s+")


def _parsed_claims(article_id: str, text: str, sent_no: int, sent: Any,
                   quotes: list[tuple[int, int]]) -> Iterable[Claim]:
    for tok in sent:
        head = _is_cue(tok, quotes, bool(quotes))
        if head is None:
            continue
        if head == ":":
            q = next((q for q in quotes if 0 <= q[0] - (tok.idx + 1) <= 2), None)
            src_tok = _left_np(tok) if q else None
            if q is None:
                continue
            src = _source_span(src_tok) if src_tok is not None else None
            verb = _verb_before_colon(tok)
            cue = (verb.idx, verb.idx + len(verb.text)) if verb is not None else (tok.idx, tok.idx + 1)
            yield Claim(article_id, sent_no, _span(text, *cue), _span(text, *q),
                        source=_span(text, *src) if src else None,
                        source_description=None if src else "unnamed", direct=True,
                        stance="assert", confidence=0.6)
            continue
        if head == "according to":
            got = _according_to(tok, text)
            if got is None:
                continue
            cue, src, content = got
            direct = any(q[0] >= content[0] - 1 and q[1] <= content[1] + 1 for q in quotes)
            yield Claim(article_id, sent_no, _span(text, *cue), _span(text, *content),
                        source=_span(text, *src), direct=direct, stance="assert",
                        confidence=0.9)
            continue
        tail = _reporting_tail(tok, sent, quotes)
        got2 = (tail[0], False) if tail else _content_span(tok, quotes, sent)
        if got2 is None or got2[0] is None:
            # No complement found: the rest of the sentence on the far side of the cue.
            before, after = (sent.start_char, tok.idx), (tok.idx + len(tok.text), sent.end_char)
            got2 = (max(before, after, key=lambda sp: len(text[sp[0]:sp[1]].strip(" ,."))),
                    False)
            if not text[got2[0][0]:got2[0][1]].strip(" ,."):
                continue
        content, direct = got2
        if not direct and content[0] > tok.idx:
            content = (content[0], _unfinished(sent, content))
        if tail:
            src = tail[1]
        else:
            src_tok = _source_token(tok)
            if src_tok is not None and any(c.dep_ == "cop" for c in src_tok.children):
                continue  # "It was the first launch analysts could recall": a predicate, no speaker
            if tok.tag_ == "VBN" and not _by_agent(tok) and not any(c.dep_.startswith("aux") for c in tok.children) \
                    and (tok.dep_ in ("acl", "amod") or tok.dep_ == "parataxis" and tok.i and tok.nbor(-1).text == ","):
                continue  # "The Shahed-136, known in Russia as Geran-2, is ...": a participle describes
            src = _source_span(src_tok) if src_tok is not None else None
        if src is not None and src[0] <= tok.idx < src[1]:
            continue  # a cue inside its own source ("allegations both governments deny"): a misread
        if src is not None and src[0] < content[1] and content[0] < src[1]:
            continue  # the speaker inside what is said ("supported by Australia, ..."): a misread
        negated = any(c.dep_ == "advmod" and c.lower_ in NEG or c.dep_ == "neg"
                      for c in tok.children)
        rate = cue_rates().get(head, 0.5)
        yield Claim(article_id, sent_no, _span(text, tok.idx, tok.idx + len(tok.text)),
                    _span(text, *content),
                    source=_span(text, *src) if src else None,
                    source_description=None if src else "unnamed",
                    direct=direct, stance=_phrasal_stance(text, tok, head, negated),
                    confidence=round(min(0.95, 0.4 + 0.6 * rate), 3))


def _phrasal_stance(text: str, tok: Any, head: str, negated: bool) -> str | None:
    """The stance of the cue with the particle after it when that phrase has one of its own:
    "called on other nations to contribute" asks (request); "called the transfer an
    escalation" states."""
    nxt = re.match(r"\s+([a-z]+)\b", text[tok.idx + len(tok.text):tok.idx + len(tok.text) + 12])
    return (stance(f"{head} {stem(nxt.group(1))}", negated) if nxt else None) or stance(head, negated)


_SPEAKER_POS = {"DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM", "PART"}
_CANNOT_END = ("IN", "DT", "TO", "RP", "CC", "PRP$", "POS")


def _unfinished(sent: Any, content: tuple[int, int]) -> int:
    """The end of a content the parse cut mid-clause: "they believe Russia provided technical
    help for the launch after Kim [met Putin ...]" (the parse hung "met" on "said"), "designed
    to fly on [a low, manoeuvring trajectory]". When the content's last word cannot end a
    clause, or a verb follows it with nothing between, it takes in the phrase that follows:
    the subtree of the highest word above the next one that still starts after the content."""
    toks = [t for t in sent if not t.is_space]
    last = next((t for t in reversed(toks) if t.idx + len(t.text) <= content[1]), None)
    after = next((t for t in toks if t.idx >= content[1]), None)
    if last is None or after is None or after.is_punct or after.idx > content[1] + 1:
        return content[1]
    if not (last.tag_ in _CANNOT_END or after.tag_ in ("VBD", "VBZ", "VBP")):
        return content[1]
    node = after
    while node.head.i != node.i and node.head.left_edge.idx >= content[1]:
        node = node.head
    if node.left_edge.idx < content[1]:
        return content[1]
    right = node.right_edge
    while right.i > node.i and (right.is_punct or right.is_space):
        right = right.nbor(-1)
    return max(content[1], right.idx + len(right.text))


def _reporting_tail(cue: Any, sent: Any, quotes: list[tuple[int, int]]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(content, source) for the wire's commonest shape, a reporting clause at the end of the
    sentence: "CONTENT, the White House said on Friday[, releasing ...]." -- whatever the parse
    made of it (long sentences often hang "said" inside the content, as a relative clause of its
    last noun or a complement of its first verb). Only for saying verbs, when the words between
    the last comma and the cue are a noun phrase, at most a short time phrase follows the cue,
    and the clause before the comma is unquoted and has a verb of its own."""
    if cue.lemma_.lower() not in _SAYING | {"tell"}:
        return None
    doc = cue.doc
    start, end = sent.start, sent.end
    k = next((i for i in range(cue.i - 1, start - 1, -1) if doc[i].text == ","), None)
    if k is None or not 0 < cue.i - k - 1 <= 12:
        return None
    speaker = [t for t in doc[k + 1:cue.i] if not t.is_space]
    if not all(t.pos_ in _SPEAKER_POS or t.lower_ in ("of", "-", "'s", "’s", "have", "has", "had")
               for t in speaker) or not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in speaker):
        return None
    j = cue.i + 1
    # after the cue, a short time phrase ("on Friday"), or a longer one opened by a
    # preposition with no verb of its own ("in a report seen on Thursday")
    reach = 10 if j < end and doc[j].tag_ == "IN" and doc[j].lower_ != "that" else 5
    while j < end and doc[j].text not in (",", ".", "!", "?") and not doc[j].is_space:
        finite = doc[j].tag_ in ("VBD", "VBZ", "VBP", "MD", "VB") or reach == 5 and doc[j].tag_.startswith("VB")
        if finite or doc[j].lower_ == "that" or j - cue.i > reach:
            return None
        j += 1
    if j < end and doc[j].text == "," and not (j + 1 < end and doc[j + 1].tag_ == "VBG") and any(
            t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in doc[j + 1:end]):
        # ", adding ...", ", citing ...": an aside; so is a phrase with no verb of its own
        # (", part of a contract for six aircraft signed in 2018"); a clause: not this shape
        return None
    content = (doc[start].idx, doc[k].idx)
    if any(q[0] < content[1] and q[1] > content[0] for q in quotes) or \
            not any(t.pos_ in ("VERB", "AUX") for t in doc[start:k]) or k - start < 4:
        return None
    source = (speaker[0].idx, speaker[-1].idx + len(speaker[-1].text))
    return content, source


def _surface_claims(article_id: str, text: str, sent_no: int, s0: int, s1: int,
                    quotes: list[tuple[int, int]]) -> Iterable[Claim]:
    """Cue-lexicon rules on tokens alone, for when no parse is available."""
    toks = tokenize(text[s0:s1])
    rates = cue_rates()
    for i, (word, a, b) in enumerate(toks):
        low = word.lower()
        if low == "according" and i + 1 < len(toks) and toks[i + 1][0].lower() == "to":
            cue = (s0 + a, s0 + toks[i + 1][2])
            j = i + 2
            k = j
            while k < len(toks) and toks[k][0] not in {",", ".", ";", "—"}:
                k += 1
            if k == j:
                continue
            src = (s0 + toks[j][1], s0 + toks[k - 1][2])
            before, after = (s0, s0 + a), (src[1], s1)
            content = before if a > (s1 - s0) - (src[1] - s0) else after
            yield Claim(article_id, sent_no, _span(text, *cue), _span(text, *content),
                        source=_span(text, *src), stance="assert", confidence=0.8)
            continue
        head = stem(word)
        if rates.get(head, 0.0) < MIN_RATE or not low.endswith(("ed", "s", "id", "ld")):
            continue
        # Source: the run of capitalised words / pronoun right before the cue.
        j = i
        while j > 0 and (toks[j - 1][0][:1].isupper() or toks[j - 1][0].lower() in
                         {"he", "she", "they", "it", "we", "i", "'s", "’s", "of", "the"}):
            j -= 1
        src = (s0 + toks[j][1], s0 + toks[i - 1][2]) if j < i else None
        if i + 1 < len(toks) and toks[i + 1][0] in {".", "!", "?"} and i > 0:
            comma = max((k for k in range(j) if toks[k][0] == ","), default=None)
            if comma is None:
                continue
            content = (s0, s0 + toks[comma][1])
        else:
            k = i + 1
            if k < len(toks) and toks[k][0].lower() == "that":
                k += 1
            if k >= len(toks):
                continue
            content = (s0 + toks[k][1], s1)
        direct = any(q[0] >= content[0] - 1 and q[1] <= content[1] + 1 for q in quotes)
        yield Claim(article_id, sent_no, _span(text, s0 + a, s0 + b), _span(text, *content),
                    source=_span(text, *src) if src else None,
                    source_description=None if src else "unnamed", direct=direct,
                    stance=stance(head), confidence=round(0.3 + 0.5 * rates[head], 3))
