"""Find and code the events of an article.

    events = extract_events(article.id, article.text, nlp(article.text), article.published)

Per sentence (wirewatch's own splitter, so evidence indexes do not move with the parser):

1. actor mentions (:mod:`wirewatch.events.mentions`), plus "the country"-style anaphors;
2. the sentence's attributions (:func:`wirewatch.claims.extract.extract_claims`): a mention
   that is the *source* of a reporting cue whose content holds other actors reports the
   event rather than takes part in it ("South Korea's military has reported a launch by North
   Korea"); a speaker whose content names no other actor keeps its role ("North Korea has
   stated its reluctance to sell ammunition to Russia");
3. every ordered pair of the remaining mentions is coded by the learned coder; pairs whose
   actor is the subject of the verb that governs the other gain a structural bonus when a
   parse is present; the best pairs above ``min_confidence`` become events, each mention
   pair once;
4. a reporting sentence whose content has a single actor and a trigger word ("a ballistic
   missile launch by North Korea") gives a one-actor event;
5. each event gets its action type (planned or hypothetical cooperation keeps the verb's own
   type, AID for "would supply"; ``plover_type`` keeps the codebook's AGREE), mode,
   contexts, CAMEO code, modality, date, location, attribution and evidence.
"""

from __future__ import annotations

import dataclasses

import functools
import re
from typing import Any, Callable, Iterable, Sequence

from wirewatch.claims.extract import ASKING_CUE, extract_claims, sentence_spans
from wirewatch.claims.records import Claim, Span
from wirewatch.entities.knowledge import knowledge
from wirewatch.events.coder import Coded, EventCoder, load_coder
from wirewatch.events.dates import best_date
from wirewatch.events.features import token_range
from wirewatch.events.mentions import (AGENT_NOUNS, ROLE_NOUNS, Mention, anaphors, find_mentions,
                                       country_of, pronoun_anaphors, body_pronouns)
from wirewatch.events.modality import modality_of
from wirewatch.events.records import ActorRef, AttributionRef, Event, Evidence
from wirewatch.events.text import count_tokens, cue_stems, stem, tokenize
from wirewatch.events.vocab import cue_hits, find_cues, lexicon, vocabulary
from wirewatch.textnorm import dateline_end

ResolveActor = Callable[[ActorRef], ActorRef]
MIN_CONFIDENCE = 0.5
# With a parse, a pair the syntax does not link (neither subject-verb-object, nor
# coordinated subjects) is scaled down: co-occurrence alone is weak evidence.
UNLINKED = 0.55
SINGLE_ACTOR = 0.6
MAX_GAP_TOKENS = 30
MAX_EVENTS_PER_SENTENCE = 4
COOPERATIVE_ACTIONS = ("AID", "CONSULT", "COOPERATE", "SUPPORT")
# The codebook's reading of an action by modality (after the PLOVER manual, sections 2.3
# and 3.1: future or promised cooperation is AGREE; a negated one is a refusal).
_AS_INTENT = {"AID": "aid", "CONSULT": "meet", "COOPERATE": "cooperate", "SUPPORT": None}


def extract_events(article_id: str, text: str, doc: Any = None, published: str | None = None,
                   resolve_actor: ResolveActor | None = None,
                   min_confidence: float = MIN_CONFIDENCE,
                   coder: EventCoder | None = None,
                   claims: list[Claim] | None = None,
                   sentences: list[tuple[int, int, Any]] | None = None) -> list[Event]:
    """Events stated in ``text``. ``doc``: a spaCy Doc of the same text (NER and parse are
    used when present). ``resolve_actor`` maps an :class:`ActorRef` to one with
    ``entity_id``/``code`` filled (the entity layer's resolver). ``claims``: the article's
    claims when the caller has them already (they give events their attribution);
    ``sentences``: likewise its :func:`sentence_spans`."""
    coder = coder or load_coder()
    if sentences is None:
        sentences = sentence_spans(text, doc)
    if claims is None:
        claims = extract_claims(article_id, text, doc, sentences)
    events: list[Event] = []
    previous: list[Mention] = []
    doc_ents = doc.ents if doc is not None and doc.has_annotation("ENT_IOB") else None
    dateline = dateline_end(text)
    for sent_no, (s0, s1, sent) in enumerate(sentences):
        # "VOSTOCHNY, Russia (Northwire) — ...": the dateline names where, not who
        mentions = [_korea(text, m) for m in find_mentions(text, s0, s1, sent, doc_ents) if m.start >= dateline]
        mentions += [a for a in anaphors(text, s0, s1, previous, mentions)
                     if not any(m.start < a.end and a.start < m.end for m in mentions)]
        mentions.sort(key=lambda m: m.start)
        mentions += pronoun_anaphors(sent, previous, mentions)  # "He said ..."
        mentions += body_pronouns(sent, previous, mentions)  # "North Korea said it would ..."
        mentions.sort(key=lambda m: m.start)
        previous = (previous + mentions)[-12:]
        # "the two leaders promised ...": the last two people named, whether or not this
        # sentence names anyone
        pair = _the_two(text, s0, s1, sent, previous, resolve_actor)
        if not mentions and pair is None:
            continue
        sclaims = [c for c in claims if c.sentence == sent_no]
        found = _sentence_events(article_id, text, sent_no, s0, s1, sent, mentions, sclaims,
                                 coder, published, min_confidence) if mentions else []
        found += _condemned_deeds(article_id, text, sent_no, s0, s1, sent, mentions, sclaims,
                                  published, events, found) if mentions else []
        found += _denied_reports(text, sent_no, s0, s1, mentions, sclaims, events, found) if mentions else []
        if pair is not None:
            together = _mutual_event(article_id, text, sent_no, s0, s1, sent, pair, sclaims, published, mentions)
            # not twice what the sentence's own pairs tell ("Kim met Putin, where the two met")
            found += [e for e in together if not any(f.type == e.type and f.recipients for f in found)]
            mentions = mentions + list(pair)
        anchors = {(m.start, m.end): m.antecedent_at for m in mentions if m.antecedent_at}
        silent = _NO_COMMENT.search(text, s0, s1)
        questioned = _QUESTION.search(text, s0, s1) is not None and _ASKED_TO.search(text, s0, s1) is None
        for ev in found:
            if questioned and ev.plover_type == "REQUEST":
                continue  # "CNBC moderator Carl Quintanilla asked Carson about his relationship with ...": a question
            if silent is not None and ev.plover_type == "REJECT" and ev.actors and ev.actors[0].end <= silent.start():
                continue  # "An AIPAC spokesman declined to comment on ... Trump's appearance": no one rejected
            if ev.actors and ev.recipients and _says_who_one_is(text, ev.actors[0], ev.recipients[0]):
                continue  # "Yassin is the spiritual leader of the fundamentalist Hamas group": no deed
            # "North Korea denied that it had sent shells": the side is named by its name
            # when the sentence has it, not by the pronoun
            ev.actors = [_by_name(text, s0, x, anchors) for x in ev.actors]
            ev.recipients = [_by_name(text, s0, x, anchors) for x in ev.recipients]
            if resolve_actor is not None:
                ev.actors = [_resolved(resolve_actor, a, anchors) for a in ev.actors]
                ev.recipients = [_resolved(resolve_actor, a, anchors) for a in ev.recipients]
            ev.actors, ev.recipients = _members(ev.actors), _members(ev.recipients)
            if {(x.start, x.end) for x in ev.actors} & {(x.start, x.end) for x in ev.recipients}:
                continue  # the pronoun named its own actor: "Ibrahim told Reuters ... he had not been notified"
            if _figurative_force(text, ev):
                continue  # "he has fought his way back", "ads attacking Dewhurst": politics, not violence
            ev.id = ev.content_id()
            events.append(ev)
    return events


# The words of force that politics borrows: "Trump attacked some Republican lawmakers",
# "Grayson hit the phones", "he fought his way back", "the voters Trump is targeting".
_FIGURATIVE = {"attack", "hit", "target", "fight", "fire", "shoot", "strike", "slam", "blast", "destroy"}
# Any of these in the sentence and the force may be real.
_VIOLENCE = re.compile(r"\b(?:kill\w*|dead|deaths?|wound\w*|injur\w*|bomb\w*|missiles?|rockets?|shells?|troops?|"
                       r"soldiers?|guns?|gunman|gunmen|rifles?|police|militants?|terror\w*|weapons?|drones?|"
                       r"air\s?strikes?|army|armed|forces|victims?|attackers?|assailants?|beat\w*|stabb\w*)\b", re.I)


def _figurative_force(text: str, ev: Event) -> bool:
    """An ASSAULT read from one of politics' words of force (``_FIGURATIVE``), with no weapon
    (no mode) and no word of violence in the sentence, between people only: politics, not
    violence (PolNeAR: 15 such events on three streams, every one labelled wrong)."""
    if ev.type != "ASSAULT" or ev.mode or not ev.trigger or stem(ev.trigger.lower()) not in _FIGURATIVE_STEMS:
        return False
    sides = ev.actors + ev.recipients
    if not sides or not all(p.kind == "person" or p.text.lower() in ("he", "she") for p in sides):
        return False
    return _VIOLENCE.search(text, ev.evidence.start, ev.evidence.end) is None


_FIGURATIVE_STEMS = frozenset(stem(w) for w in _FIGURATIVE)


# Declining to comment, confirm or speculate is silence, not a rejection of whoever the
# question was about ("declined all comment on reports of armed conflict in northern Iraq")
_NO_COMMENT = re.compile(r"\b(?:declin|refus)\w*\s+(?:to\s+)?(?:make\s+)?(?:all\s+|any\s+|further\s+|immediate\s+)?"
                         r"(?:comment|confirm|elaborate|discuss|speculate|respond|say\s+(?:whether|if|what|how|who|when|why))",
                         re.I)

# Asking a question is no REQUEST, which asks for something: "Tapper asked whether Republicans
# would be able to hold on to the House", "asked Carson about his relationship with ..." (not
# "asked Germany to extradite Banisadr", "asked for help")
_QUESTION = re.compile(r"\bask(?:ed|s|ing)?\b(?:\s+[\w.'’-]+){0,6}?\s*,?\s+"
                       r"(?:whether|if|about|what|how|why|who|whom|when|where|which)\b", re.I)
_ASKED_TO = re.compile(r"\bask(?:ed|s|ing)?\b(?:\s+[\w.'’-]+){0,6}?\s+(?:to\s+[a-z]+|for)\b", re.I)

# "Clinton was the U.S. senator from New York", "Yassin is the spiritual leader of the Hamas
# group": a copula and a noun phrase with no verb in it say who the subject is, and whoever that
# phrase names is no party to a deed ("the first Australian minister to visit China" is one)
_IDENTITY = re.compile(r"\s*(?:is|was|are|were|has been|had been|have been|will be|would be)\s+"
                       r"(?:(?:now|also|still|then|once)\s+)?(?:the|a|an|his|her|their|its)\b"
                       r"(?:(?!\b(?:to|who|whom|that|which|and|after|when|while|by|for)\b)[^,.;:])*", re.I)


def _says_who_one_is(text: str, actor, recipient) -> bool:
    """Whether the recipient is named inside a noun phrase that only says who the actor is."""
    return actor.end <= recipient.start and _IDENTITY.fullmatch(text, actor.end, recipient.start) is not None


# "Iran condemned the strikes": a verb of condemnation or rejection whose object is a deed
# named earlier in the article, not by its doer.
_CONDEMNS = {"condemn": "ACCUSE", "denounce": "ACCUSE", "criticise": "ACCUSE", "criticize": "ACCUSE",
             "deplore": "ACCUSE", "reject": "REJECT", "dismiss": "REJECT"}
# A vow or warning about a deed named before threatens its doers.
_VOWS = {"vow": "THREATEN", "warn": "THREATEN", "threaten": "THREATEN", "pledge": "THREATEN"}
# The deed nouns, and the types of the earlier events they can name.
_DEED_TYPES = {"strike": ("ASSAULT",), "attack": ("ASSAULT",), "raid": ("ASSAULT",),
               "bombing": ("ASSAULT",), "shelling": ("ASSAULT",), "invasion": ("ASSAULT",),
               "delivery": ("AID",), "transfer": ("AID",), "shipment": ("AID",), "export": ("AID",),
               "sale": ("AID",), "supply": ("AID",), "launch": ("MOBILIZE", "ASSAULT"), "test": ("MOBILIZE",),
               "seizure": ("COERCE", "ASSAULT"),
               "accusation": ("ACCUSE",), "allegation": ("ACCUSE",), "charge": ("ACCUSE",)}


def _condemned_deeds(article_id: str, text: str, sent_no: int, s0: int, s1: int, sent: Any,
                     mentions: list[Mention], claims: list[Claim], published: str | None,
                     before: list[Event], found: list[Event]) -> list[Event]:
    """ "Iran's foreign ministry condemned the strikes" after "The United States and Britain
    carried out strikes against the Houthis": the condemner accuses the doers of the last
    earlier event the deed noun can name (here both strikes). "Russian diplomats rejected the
    accusations": a REJECT of the accusers. The earlier event must be told with the same
    word ("strikes" ... "the strikes"; "delivered" ... "the deliveries"), reported as done or
    ongoing; the deed's own phrase must name no actor (otherwise the sentence's pairs say who
    did it), and the verb must not be negated."""
    if sent is None or not sent.doc.has_annotation("DEP"):
        return []
    roots = _Roots(sent)
    by_root = roots.by_head(mentions)
    out: list[Event] = []
    toks = None
    for verb in sent:
        said = _CONDEMNS.get(verb.lemma_.lower()) or _VOWS.get(verb.lemma_.lower())
        if said is None or verb.pos_ != "VERB" or any(c.dep_ == "neg" for c in verb.children):
            continue
        if verb.lemma_.lower() in _VOWS:
            # "vowed that the strikes would not go unanswered": the deed is what the clause is about
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            deed = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubj:pass")), None) if clause else None
        else:
            deed = next((c for c in verb.children if c.dep_ == "obj"), None)
        owner = _owner_of_words(deed) if deed is not None and said in ("REJECT", "ACCUSE") else None
        if deed is None or (deed.lemma_.lower() not in _DEED_TYPES and owner is None):
            continue
        lo, hi = deed.left_edge.idx, deed.right_edge.idx + len(deed.right_edge)
        if owner is None and any(lo <= m.start and m.end <= hi for m in mentions):
            continue
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        if subj is None and verb.dep_ == "conj":
            # "said five fighters had been killed and vowed that ...": the parse joined the vow
            # to what was said; its subject is the sayer's
            head = verb.head.head if verb.head.dep_ == "ccomp" else verb.head
            subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
        speakers = [by_root[t.i] for t in ([subj, *subj.conjuncts] if subj is not None else [])
                    if t.i in by_root]
        if owner is not None:
            # "dismissed US statements about ...": whose words are rejected is the other side
            doers = {owner.text: ActorRef(owner.text, owner.idx, owner.idx + len(owner.text))}
        else:
            types = _DEED_TYPES[deed.lemma_.lower()]
            # the deed named again by its own word: "the strikes" after "carried out ... strikes"
            word = deed.lemma_.lower()[:6]
            earlier = [e for e in before if e.type in types and e.modality in ("asserted", "ongoing")
                       and re.search(r"\b" + re.escape(word), _told(text, e), re.I)]
            if not earlier:
                continue
            last = max(e.evidence.sentence for e in earlier)
            doers = {(a.code or a.text): a for e in earlier if e.evidence.sentence == last for a in e.actors}
        if not speakers:
            continue
        toks = toks or tokenize(text[s0:s1])
        for speaker in speakers:
            for doer in doers.values():
                if doer.code and speaker.country and doer.code[:3] == speaker.country[:3]:
                    continue
                if any(e.actors[0].start == speaker.start and e.recipients
                       and e.recipients[0].start == doer.start for e in found + out):
                    continue
                ev = _event(article_id, text, sent_no, s0, s1, sent, speaker, None,
                            Coded(root=said, confidence=SINGLE_ACTOR, plover=said), SINGLE_ACTOR,
                            claims, published, mentions, toks)
                ev.recipients = [dataclasses.replace(doer)]
                if said == "REJECT" and ev.modality == "denied":
                    # "dismissed the statements": the rejecting is done, not denied (the
                    # modality rules read the rejecting verb as a denial of the deed)
                    ev = dataclasses.replace(ev, modality="asserted", modality_cue=None,
                                             plover_type=_codebook_type(ev.type, "asserted"))
                    ev.cameo = vocabulary().cameo_code(ev.plover_type, _AS_INTENT.get(ev.type), ev.contexts)
                out.append(ev)
    return out


# "called the reports unfounded", "dismissed the allegations as lies", "denied the claims":
# a party's word that what was reported did not happen
_REPORTS = re.compile(r"\b(?:the|these|those|such)\s+(?:\w+\s+){0,2}?(?:reports?|claims?|allegations?|accusations?|"
                      r"charges?|assertions?|suggestions?)\b", re.I)
_DENIAL_WORDS = re.compile(r"\b(?:unfounded|baseless|groundless|false|fabricated|untrue|lies|lie|nonsense|fake|"
                           r"fabrication|propaganda|slander|absurd|ridiculous)\b", re.I)
_DISMISS_CUES = {"deny", "denied", "denies", "dismiss", "dismissed", "dismisses", "reject", "rejected", "rejects",
                 "refute", "refuted", "refutes"}
_NAMING_CUES = {"call", "called", "calls", "describe", "described", "describes", "label", "labelled", "labeled",
                "brand", "branded", "dismissed", "rejected"}


def _denied_reports(text: str, sent_no: int, s0: int, s1: int, mentions: list[Mention], claims: list[Claim],
                    before: list[Event], found: list[Event]) -> list[Event]:
    """ "Kremlin spokesman Dmitry Peskov called the reports 'unfounded'" after "North Korea had
    delivered ... munitions to Russia": a party to the deed reported before says it did not
    happen -- the same deed, denied, in this sentence, on the speaker's word (fusion then marks
    the report disputed). Only a side of the earlier deed can deny it this way, only a deed
    reported as done, and only when the sentence names the reports and either denies them
    ("denied the allegations") or calls them false ("called the reports unfounded")."""
    if not _REPORTS.search(text, s0, s1):
        return []
    out: list[Event] = []
    for c in claims:
        if c.source is None or c.cue is None:
            continue
        cue = c.cue_word.lower()
        if not (cue in _DISMISS_CUES or cue in _NAMING_CUES and _DENIAL_WORDS.search(text, c.cue.end, s1)):
            continue
        speakers = [m for m in mentions if c.source.start <= m.start and m.end <= c.source.end and m.country]
        if not speakers:
            continue
        country = speakers[0].country[:3]
        earlier = [e for e in before if e.type in DEEDS and e.modality in ("asserted", "ongoing")
                   and e.evidence.sentence < sent_no
                   and any((r.code or "")[:3] == country for r in e.actors + e.recipients)]
        if not earlier or any(f.type in DEEDS and f.modality in ("denied", "negated") for f in found + out):
            continue
        deed = max(earlier, key=lambda e: e.evidence.sentence)
        ev = dataclasses.replace(
            deed, evidence=Evidence(deed.evidence.article_id, sent_no, s0, s1), modality="denied",
            modality_cue=c.cue.text, plover_type=_codebook_type(deed.type, "denied"), trigger=None,
            attribution=AttributionRef(ActorRef(c.source.text, c.source.start, c.source.end), c.cue.text,
                                       c.cue.start, c.cue.end, "named"),
            confidence=SINGLE_ACTOR)
        ev.cameo = vocabulary().cameo_code(ev.plover_type, _AS_INTENT.get(ev.type), ev.contexts)
        ev.id = ev.content_id()
        out.append(ev)
    return out


# Nouns for what someone said: rejecting or condemning "US statements" answers the US.
_SAID_NOUNS = {"statement", "claim", "accusation", "allegation", "remark", "comment", "assertion", "charge",
               "assessment", "report"}


def _owner_of_words(noun: Any) -> Any | None:
    """The state or demonym that owns a "said" noun ("US statements", "Washington's claims"),
    as the token naming it; None otherwise."""
    if noun.lemma_.lower() not in _SAID_NOUNS:
        return None
    for c in noun.children:
        if c.dep_ in ("compound", "amod", "nmod:poss") and c.i < noun.i and country_of(c.text):
            return c
    return None


# "the two leaders promised closer cooperation", "showed the two men talking": the last two
# people (or states) named before, as the two sides of what they did together.
_THE_TWO = re.compile(r"\b[Tt]he two (leaders|men|presidents|heads of state|sides|countries|nations|governments|Koreas)\b")
_PEOPLE_NOUNS = {"leaders", "men", "presidents", "heads of state"}
_STATE_NOUNS = {"countries", "nations", "governments"}
_TOGETHER_TYPES = ("COOPERATE", "CONSULT")  # what two do together, in the order tried
_TWO_REACH = 700  # characters back to the older of the two: about two sentences


def _the_two(text: str, s0: int, s1: int, sent: Any, before: list[Mention],
             resolve_actor: "ResolveActor | None") -> tuple[Mention, Mention] | None:
    """Two mentions standing for "the two leaders" (or men, sides, countries ...) as the
    subject of a clause: its first words for the older of the last two distinct people or
    states named before it, its noun for the newer, each anchored to the one it stands for;
    for a group of two states ("the two Koreas"), its two members.
    None when the phrase is not a subject, or two distinct ones are not in reach."""
    m = _THE_TWO.search(text, s0, s1)
    if m is None or sent is None or not sent.doc.has_annotation("DEP"):
        return None
    span = sent.doc.char_span(m.start(), m.end(), alignment_mode="expand")
    if span is None or not (span.root.dep_.startswith("nsubj") or _doing(span.root) is not None):
        return None  # a subject, or "showed the two men talking"
    noun = m.group(1)
    cut = m.start() + len("the two")
    pair = knowledge().group_members(m.group(0))
    if len(pair) == 2:  # "the two Koreas": a group of two states, named by itself
        return (Mention(text[m.start():cut], m.start(), cut, "LOC", pair[0]),
                Mention(text[cut + 1:m.end()], cut + 1, m.end(), "LOC", pair[1]))
    keep = ((lambda x: x.label in ("PER", "PERSON")) if noun in _PEOPLE_NOUNS else
            (lambda x: x.country is not None and x.label not in ("PER", "PERSON")) if noun in _STATE_NOUNS else
            (lambda x: True))
    seen: dict[str, Mention] = {}
    for x in reversed([x for x in before if x.end <= m.start() and m.start() - x.start <= _TWO_REACH and keep(x)]):
        key = _identity(x, resolve_actor)
        if key not in seen:
            seen[key] = x
        if len(seen) == 2:
            break
    if len(seen) != 2:
        return None
    newer, older = seen.values()

    def standing_for(x: Mention, start: int, end: int) -> Mention:
        return Mention(text[start:end], start, end, x.label, x.country, x.antecedent or x.text,
                       x.antecedent_at or (x.start, x.end))

    return standing_for(older, m.start(), cut), standing_for(newer, cut + 1, m.end())


def _doing(noun: Any) -> Any | None:
    """The participle telling what the people a noun names are doing ("the two men talking")."""
    return next((c for c in noun.children if c.dep_ in ("acl", "xcomp") and c.tag_ == "VBG"), None)


def _identity(x: Mention, resolve_actor: "ResolveActor | None") -> str:
    """Who a mention names, for telling two apart ("Kim" and "Kim Jong Un" are one)."""
    if resolve_actor is not None:
        at = x.antecedent_at or (x.start, x.end)
        ref = resolve_actor(ActorRef(x.antecedent or x.text, at[0], at[1]))
        if ref.entity_id:
            return ref.entity_id
    return x.country or (x.antecedent or x.text).split()[-1].lower()


def _mutual_event(article_id: str, text: str, sent_no: int, s0: int, s1: int, sent: Any,
                  pair: tuple[Mention, Mention], claims: list[Claim], published: str | None,
                  mentions: list[Mention]) -> list[Event]:
    """The event the two did together, typed by the first of COOPERATE / CONSULT whose
    trigger the clause holds ("promised closer cooperation", "talking", "held talks")."""
    span = sent.doc.char_span(pair[0].start, pair[1].end, alignment_mode="expand")
    if span is None:
        return []
    verb = _doing(span.root) or span.root.head
    lo, hi = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge.text)
    type_ = next((t for t in _TOGETHER_TYPES if _has_trigger(text, lo, hi, t)), None)
    if type_ is None:
        return []
    toks = tokenize(text[s0:s1])
    return [_event(article_id, text, sent_no, s0, s1, sent, pair[0], pair[1],
                   Coded(root=type_, confidence=SINGLE_ACTOR, plover=type_), SINGLE_ACTOR,
                   claims, published, mentions, toks)]


def _told(text: str, e: Event) -> str:
    """The words that tell an event: from its first side to its last (to 40 characters past a
    lone actor), within its sentence."""
    sides = e.actors + e.recipients
    lo = min(p.start for p in sides)
    hi = max(p.end for p in sides) + (40 if not e.recipients else 0)
    return text[max(lo, e.evidence.start):min(hi, e.evidence.end)]


def _resolved(resolve_actor: ResolveActor, ref: ActorRef, anchors: dict) -> ActorRef:
    """The resolver's reading of ``ref``; an anaphor ("the group") takes its antecedent's."""
    at = anchors.get((ref.start, ref.end))
    if at is None:
        return resolve_actor(ref)
    ante = resolve_actor(ActorRef(ref.text, at[0], at[1]))
    return ActorRef(ref.text, ref.start, ref.end, ante.entity_id, ante.code, ante.kind)


def _members(refs: list[ActorRef]) -> list[ActorRef]:
    """A party no entity resolved that names a group of states ("Baltic governments", "the
    two Koreas") stands for each member: one reference per member state, on the same words."""
    out = []
    for ref in refs:
        members = knowledge().group_members(ref.text) if ref.code is None else ()
        out.extend([ActorRef(ref.text, ref.start, ref.end, None, code) for code in members] or [ref])
    return out


_HALF = {"north": ("PRK", "North Korea"), "south": ("KOR", "South Korea")}


def _korea(text: str, m: Mention) -> Mention:
    """"The North" and "the South" of a text about Korea are the two states, as Korean
    coverage uses them ("Seoul says the North has repeatedly violated the deal")."""
    name = re.sub(r"^(?:the|The)\s+", "", m.text)
    if m.country is not None or name.lower() not in _HALF or name[0] != name[0].upper():
        return m
    if not (m.text != name or re.search(r"\b(?:the|The)\s+$", text[max(0, m.start - 4):m.start])):
        return m
    code, full = _HALF[name.lower()]
    if full not in text:
        return m
    return Mention(m.text, m.start, m.end, "GPE", code, full)


# Verbs that only report (words, not deeds). Right after an actor's name they make it a
# reporter (the surface rule below); as a claim's cue they mean the speaker did not do what
# it reports (_about_another), where the cue is known to be one and more forms are safe.
REPORTING = ("reported", "reports", "said", "says", "announced", "confirmed", "claimed", "told", "stated")
_REPORT_RE = re.compile(r"\s*(?:has |have |had )?(?:also |repeatedly |previously )?"
                        r"(" + "|".join(REPORTING) + r")\b\s*(?:that\s+)?")
_SPEECH = re.compile("|".join(REPORTING + ("say", "tell", "tells", "report", "added", "noted", "described",
                                            "according to",
                                            # what a report or an inquiry found: "A report by Conflict
                                            # Armament Research found that a North Korean missile
                                            # recovered in Kharkiv contained ..." (the group struck no one)
                                            "found", "finds", "concluded", "concludes", "revealed", "reveals",
                                            "showed", "shows", "documented", "wrote")), re.IGNORECASE)  # not "sought"


def _reporters(text: str, s0: int, s1: int, mentions: list[Mention],
               claims: list[Claim]) -> dict[int, Claim]:
    """Mention index -> the claim it is the source of, when that claim's content names
    another actor (so the mention reports rather than acts). Besides the parsed claims, a
    mention directly followed by a reporting verb counts ("South Korea's military has
    reported ..."), because parses of long sentences vary."""
    out: dict[int, Claim] = {}
    for i, m in enumerate(mentions):
        rep = _REPORT_RE.match(text, m.end, s1)
        surface = []
        if rep:
            # "..., Kirby said." reports the clause before; "Kirby said on Friday that ..." what follows
            lo, hi = rep.end(), s1
            if len(text[rep.end():s1].strip(" .\"”").split()) <= 4 and text[s0:m.start].strip(" ,"):
                lo, hi = s0, m.start
            surface = [Claim("", 0, Span(rep.group(1), rep.start(1), rep.end(1)),
                             Span(text[lo:hi], lo, hi),
                             source=Span(m.text, m.start, m.end), stance="assert")]
        for c in claims + surface:
            if c.source is None or not (c.source.start < m.end and m.start < c.source.end):
                continue
            inside = [o for o in mentions if o is not m and c.content.start <= o.start
                      and o.end <= c.content.end and not _locative(text, c.content.start, o)]
            # Only when the content opens with its own agent ("that North Korea and Russia
            # are ...", "a launch by North Korea"). A self-statement ("stated its reluctance
            # to sell ammunition to Russia") keeps the speaker as the actor.
            if inside and _agentive(inside[0], c):
                out[i] = c
                break
    return out


MATERIAL = {"ASSAULT", "MOBILIZE", "COERCE", "AID", "RETREAT"}  # deeds, not words
_SELF = re.compile(r"(?:that\s+)?(?:it|we|they|its|our|their)\b", re.IGNORECASE)


def _about_another(a: Mention, b: Mention, root: str, claims: list[Claim], actors: list[Mention],
                   roots: "_Roots | None" = None) -> bool:
    """``a`` speaks and ``b`` is inside what it says, but ``a`` did nothing to ``b``: the
    content is about a third actor named between the cue and the content ("Washington
    accuses Pyongyang of sending ammunition to Russian forces"), or the pair would be a deed
    while the speaker only talks about it ("Energy Minister German Galushchenko said the
    attack was the largest on the country's energy infrastructure"), or a partnership with
    someone the content only mentions outside a subject ("the satellite would strengthen the
    military's ability to monitor North Korea's nuclear sites", unlike "relations with
    Pyongyang would be developed") -- unless the content speaks of the speaker itself
    ("North Korea said it had launched ...")."""
    for c in claims:
        if c.source is None or c.cue is None or not (c.source.start < a.end and a.start < c.source.end):
            continue
        if not (c.content.start <= b.start and b.end <= c.content.end):
            continue
        if any(m is not a and m is not b and (c.cue.end <= m.start and m.end <= c.content.start
                                              or _charged(m, c)) for m in actors):
            return True
        if _SPEECH.fullmatch(c.cue_word) and not _SELF.match(c.content.text.lstrip()) and (
                root in MATERIAL or root in _PARTNERS and not _in_subject(roots, b)) and not (
                c.cue_word.lower() in _ANNOUNCING and _own_deed(roots, c, root)):
            return True
    return False


def _in_speaker(a: Mention, b: Mention, claims: list[Claim]) -> bool:
    """``b`` is where a speaker is posted, inside the phrase naming it ("the Emirati mission
    to the UN", "Russia's ambassador to Washington"), while ``a`` is in what the speaker
    says: the UN is no side of what the mission says."""
    return any(c.source is not None and c.source.start < b.start and b.end <= c.source.end
               and c.content.start <= a.start and a.end <= c.content.end
               and _POSTED_TO.search(c.source.text[:b.start - c.source.start]) for c in claims)


_POSTED_TO = re.compile(r"\bto\s+(?:the\s+)?$")


def _attack_in_words(roots: "_Roots", a: Mention) -> Any | None:
    """The verb when ``a`` "attacked" something or someone in words, by the parse, whoever the
    sides are: a measure ("attacked the new US sanctions on Iran"), someone over a measure
    ("attacked Washington over the sanctions"), or as what they call it ("attacked the
    decision as illegal", "... as a hostile act"). Force stays force: "attacked Kharkiv with
    drones", "attacked the base as retaliation for the killing". ``_verbal_attack`` covers two
    people with no force word."""
    if not roots.parsed:
        return None
    ra = roots.of(a)
    if ra is None or not ra.dep_.startswith("nsubj") or ra.head.lemma_ not in ("attack", "assail"):
        return None
    verb = ra.head
    said = False
    for c in verb.children:
        case = {g.lower_ for g in c.children if g.dep_ in ("case", "mark")}
        if c.dep_ in ("obj", "dobj") and c.lemma_.lower() in _MEASURES:
            said = True
        elif c.dep_ in ("obl", "advcl", "xcomp"):
            if "with" in case:
                return None  # a weapon
            if case & {"over", "for"} and c.lemma_.lower() in _MEASURES:
                said = True  # "... over the sanctions", "... for her support of ..."
            elif "as" in case and (c.pos_ == "ADJ" or c.lemma_.lower() in _NAMED_AS):
                said = True
    return verb if said else None


#: What is attacked in words, not by force: measures, decisions, statements.
_MEASURES = {"sanction", "sanctions", "decision", "plan", "policy", "move", "remark", "comment", "statement",
             "report", "resolution", "proposal", "deal", "agreement", "law", "bill", "ban", "measure",
             "embargo", "idea", "stance", "position", "claim", "accusation", "allegation", "speech",
             "decree", "ruling", "verdict", "strategy", "support", "role", "handling", "loophole",
             "ideology", "rhetoric", "record", "approach", "agenda", "comments", "remarks", "views"}
#: What an attack in words calls its object ("attacked the move as a provocation").
_NAMED_AS = {"act", "violation", "provocation", "interference", "breach", "attempt", "step", "mistake",
             "insult", "lie", "farce", "hypocrisy", "blackmail", "piracy", "aggression"}


def _one_speaker(text: str, a: Mention, b: Mention, claims: list[Claim]) -> bool:
    """Both are inside the phrase naming one claim's speaker, with no "and" or comma between:
    a post and its holder ("CENTCOM commander General Michael Erik Kurilla") are one side.
    Speakers listed ("The Russian and North Korean governments denied ...") stay two."""
    first, last = sorted((a, b), key=lambda m: m.start)
    return not _LISTED.search(text, first.end, max(first.end, last.start)) and any(
        c.source is not None and c.source.start <= first.start and last.end <= c.source.end for c in claims)


_LISTED = re.compile(r",|\band\b|\bor\b|&")


def _own_deed(roots: "_Roots | None", c: Claim, root: str) -> bool:
    """What is said is no clause but a noun phrase naming a deed of the pair's type: the
    speaker's own deed, announced ("The United States announced new sanctions on Iran Air",
    "announced $2 billion in military aid for Ukraine"), unlike a clause with a subject of
    its own ("said the attack was the largest")."""
    return root in _deed_nouns(roots, c)


def _deed_nouns(roots: "_Roots | None", c: Claim) -> set[str]:
    """The event types of the first deed noun of a claim's content when the content is a noun
    phrase, not a clause ("new sanctions on Iran Air": COERCE); empty otherwise or without a
    parse. A noun of several types ("strike") gives them all."""
    if roots is None or not roots.parsed:
        return set()
    span = roots.doc.char_span(c.content.start, c.content.end, alignment_mode="expand")
    if span is None or any(t.dep_.startswith(("nsubj", "csubj", "expl")) or t.tag_ in ("VBD", "VBZ", "VBP", "MD")
                           for t in span):
        return set()
    for t in span:
        if t.pos_ == "NOUN":
            word = stem(t.lower_)
            types = {k for k in lexicon()["triggers"] if word in _one_word_triggers(k)}
            if types:
                return types
    return set()


def _announced_deed(roots: "_Roots", a: Mention, b: Mention, claims: list[Claim]) -> set[str]:
    """``a`` announces a deed on ``b`` by naming it ("The United States announced new
    sanctions on Iran Air", "Germany unveiled a package of military aid for Ukraine"): the
    types of the deed noun, for the pair to take; empty when ``a`` announces no such thing."""
    for c in claims:
        if c.source is None or c.cue is None or c.cue_word.lower() not in _ANNOUNCING:
            continue
        if c.source.start < a.end and a.start < c.source.end and c.content.start <= b.start and b.end <= c.content.end:
            return _deed_nouns(roots, c)
    return set()


_ANNOUNCING = {"announce", "announced", "announces", "announcing", "unveil", "unveiled", "unveils",
               "declare", "declared", "declares"}


_PARTNERS = {"AGREE", "COOPERATE", "SUPPORT", "CONSULT"}


def _in_subject(roots: "_Roots | None", m: Mention) -> bool:
    """The mention is inside a clause's subject ("relations with Pyongyang would be
    developed"); True without a parse (no evidence against the pair)."""
    if roots is None or not roots.parsed:
        return True
    node = roots.of(m)
    for _ in range(8):
        if node is None:
            return True
        if node.dep_.startswith(("nsubj", "csubj")):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _own_claim_pairs(reporters: dict[int, Claim], mentions: list[Mention], claims: list[Claim],
                     actors: list[Mention]) -> list[tuple[Mention, Mention]]:
    """(speaker, other) for a reporting speaker's other denials of the sentence whose content
    does not open with an agent of its own ("denied supplying the Houthis"): a denial of its
    own deed. Only denials: "described the cooperation as a partnership that threatened
    Ukraine" is no deed of the describer's."""
    out = []
    for i, reported in reporters.items():
        m = mentions[i]
        for c in claims:
            if c is reported or c.stance != "deny" or c.source is None or not (
                    c.source.start < m.end and m.start < c.source.end):
                continue
            inside = [b for b in actors if c.content.start <= b.start and b.end <= c.content.end]
            if inside and not _agentive(inside[0], c):
                out += [(m, b) for b in inside]
    return out


def _agentive(m: Mention, c: Claim) -> bool:
    """The first actor of a claim's content is an agent: at its start or after "by"."""
    before = c.content.text[: m.start - c.content.start].strip().lower()
    # A fronted time or place phrase does not count: "Hours before the summit, North Korea fired ..."
    before = before.rsplit(",", 1)[-1].strip()
    if _charged(m, c):
        return False  # "accuse Pyongyang of sending ...": Pyongyang is who the speaker accuses
    if c.phrasal and not before and 0 <= c.content.start - c.cue.end <= 1 and not ASKING_CUE.match(c.cue_word):
        # "apologizes for Trump comments", "pointed to Clinton's support": the phrase the
        # cue's preposition governs has no agent; "called on Trump to apologise" has (Trump
        # is the one asked to act)
        return False
    return before in ("", "that") or before.endswith(" by") or before == "by" \
        or _SUBJECT_OF.fullmatch(before) is not None


# the head of a subject whose origin or owner the actor is: "that Russian mercenaries from
# the Wagner Group are fighting", "troops of the" -- the actor is the clause's agent
_SUBJECT_OF = re.compile(r"(?:that\s+)?(?:the\s+|a\s+|some\s+)?(?:[\w'’-]+\s+){0,2}"
                         r"(?:mercenaries|fighters|troops|soldiers|forces|units|militants|operatives|agents|"
                         r"officials|members)\s+(?:from|of)(?:\s+the)?")


def _charged(m: Mention, c: Claim) -> bool:
    """``m`` opens the content and an "of" follows it: "[accuse] Pyongyang of sending ...",
    however the parse split cue and content."""
    return c.content.text[: m.start - c.content.start].strip() == "" and \
        c.content.text[m.end - c.content.start:].lstrip().lower().startswith("of ")


_CITING = {"citing", "cited", "cites", "cite"}


#: A speaker named by a name alone, then a comma: "Peter Orszag, Obama's former budget director".
_NAME_THEN_COMMA = re.compile(r"(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*,")
#: Where such a description ends: the next comma, or a relative clause that tells what the
#: speaker did ("..., a superdelegate who has accused Sanders supporters of ...").
_DESCRIPTION_END = re.compile(r",|\(|\s(?:who|whom|whose|which|that)\s")


def _speaker_descriptions(text: str, claims: list[Claim]) -> list[tuple[int, int]]:
    """Where the description after a speaker's name runs, in the sentence's claims ("Peter
    Orszag, [Obama's former Office of Management and Budget director], ..."): from the name's
    comma to the next comma or relative pronoun. Not when a description comes first
    ("Russia's defence minister, Sergei Shoigu"), where the name is the speaker, nor after a
    dateline ("PARIS, Aug 31 (Reuters) - ...")."""
    out = []
    for c in claims:
        src = c.source
        head = _NAME_THEN_COMMA.match(text, src.start, src.end) if src is not None else None
        if head is None or head.group().isupper():
            continue
        end = _DESCRIPTION_END.search(text, head.end(), src.end)
        out.append((head.end(), end.start() if end else src.end))
    return out


def _describes_a_speaker(text: str, m: Mention, descriptions: list[tuple[int, int]]) -> bool:
    """``m`` is someone a speaker's description names ("Peter Orszag, Obama's former Office of
    Management and Budget director, ... began writing op-eds defending the Bush tax cuts"):
    whom the speaker worked for does not act in the speaker's sentence. The description's own
    head is the speaker again ("Grayson, an Orlando Democrat, criticized ..."; "Becerra, a
    California Democrat supporting Clinton"); a name it is "of", "to" or "for", owns or
    qualifies is someone else."""
    for start, stop in descriptions:
        if start <= m.start and m.end <= stop:
            rest = text[m.end:stop].split()
            if _OF_WHOM.search(text, start, m.start) or (rest and not rest[0].endswith(("ing", "ed"))):
                return True
    return False


_OF_WHOM = re.compile(r"\b(?:of|to|for|from|under|at|with|in|by|on)\s")


def _sentence_events(article_id: str, text: str, sent_no: int, s0: int, s1: int, sent: Any,
                     mentions: list[Mention], claims: list[Claim], coder: EventCoder,
                     published: str | None, min_conf: float) -> list[Event]:
    toks = tokenize(text[s0:s1])
    reporters = _reporters(text, s0, s1, mentions, claims)
    roots = _Roots(sent)
    # "..., citing newly declassified US intelligence": whose evidence it is, not a party
    cited = [c.content for c in claims if c.cue is not None and c.cue_word.lower() in _CITING]
    described = _speaker_descriptions(text, claims)
    actors = [m for i, m in enumerate(mentions) if i not in reporters and not _names_a_thing(roots, m)
              and not _where_a_deed_was(roots, m)
              and not any(sp.start <= m.start and m.end <= sp.end for sp in cited)
              and not _LED_BY.search(text, max(s0, m.start - 60), m.start)
              and not _describes_a_speaker(text, m, described)]
    pairs = _candidate_pairs(text, s0, actors, mentions)
    # A speaker that reports another's deed in one claim ("and said Tehran had no role in the
    # attacks") may tell of its own in another of the sentence ("Iran's foreign ministry
    # denied supplying the Houthis with missiles"): that claim still pairs it with whom it names.
    own = [(a, b) for a, b in _own_claim_pairs(reporters, mentions, claims, actors)
           if not _describes_a_speaker(text, a, described)]
    pairs += [p for p in own if p not in pairs]
    sides = actors + list({id(a): a for a, _ in own}.values())  # everyone a pair names
    ranges = {id(m): token_range(toks, (m.start - s0, m.end - s0)) for m in sides}
    # every pair of the sentence is coded at once (one feature pass, one matrix product)
    coded_toks = _names_masked(toks, s0, mentions)
    words, named = _pronouns_named(coded_toks, ranges, actors)
    words, named = _aspect_dropped(words, named)
    codes = coder.code_pairs(words, [(named[id(a)], named[id(b)]) for a, b in pairs])
    # "The administration said it would designate ...": where the coder is unsure of the
    # pronoun's clause, the name in the same sentence, read where it stands, may tell it more --
    # but not a speech act, which that reading takes from the reporting verb in between
    # ("North Korea denied that it had sent shells" is a denied AID, not a REJECT)
    said = [(i, token_range(toks, (x.antecedent_at[0] - s0, x.antecedent_at[1] - s0)), y)
            for i, (x, y) in enumerate(pairs) if x.text.lower() in _PRONOUN_WORDS
            and x.antecedent_at and s0 <= x.antecedent_at[0] and x.antecedent_at[1] <= x.start]
    if said:
        again = coder.code_pairs([t for t, _, _ in coded_toks], [(r, ranges[id(y)]) for _, r, y in said])
        for (i, _, _), other in zip(said, again):
            if codes[i].confidence < min_conf <= other.confidence and other.root not in _SPOKEN:
                codes[i] = other
    placed = {id(m): _locative(text, s0, m) for m in sides}  # named as a place ("in Yemen")
    kind = {id(m): _place_kind(m) or _place_by_words(text, m, mentions) for m in sides}  # a town, a region
    scored: list[tuple[float, Mention, Mention | None, Coded]] = []
    charges: set[tuple[int, int]] = set()  # pairs (accused, other side) that are an accusation's charge
    mutuals: set[tuple[int, int]] = set()  # "X and Y deny arms transfers between them"
    for pair, coded in zip(pairs, codes):
        a, b = _roles(text, s0, *pair)
        charge = _charge_type(text, a, b)
        mutual = _JOINED.fullmatch(text, a.end, b.start) is not None and _mutual_denial(text, b.end, s1)
        owned = _possessed_deed(text, a, b)
        visit = kind[id(b)] is None and _visit(text, a, b)
        if visit and coded.root != "CONSULT":
            coded = dataclasses.replace(coded, root="CONSULT", plover="CONSULT")
        deed = mutual or owned or _denied_deed(text, a, b)
        if deed and coded.root != deed:
            # "Iran denies supplying weapons to the Houthis": the deed, denied (modality says
            # so), not a REJECT of the Houthis
            coded = dataclasses.replace(coded, root=deed, plover=deed)
        announced = _announced_deed(roots, a, b, claims)
        if len(announced) == 1 and coded.root not in announced:
            # "Germany announced a package of military aid for Ukraine": the noun names the
            # deed ("aid"), whatever "announced ... package" makes the coder lean to
            (deed_type,) = announced
            coded = dataclasses.replace(coded, root=deed_type, plover=deed_type)
        if coded.root == "SUPPORT" and _SIGNED_DEAL.search(text, min(a.end, b.end), min(s1, max(a.end, b.end) + 60)):
            # "The kingdom signed a $3 billion agreement with South Korea's Hanwha Aerospace": a
            # deal made, not an endorsement
            coded = dataclasses.replace(coded, root="AGREE", plover="AGREE")
        if coded.root in ("AID", "SANCTION") and _BANNED_TRANSFER.search(text, a.end, b.start):
            # "The European Union has banned the sale of arms and jet fuel to Myanmar": an
            # embargo on the other side, not a sale to it
            coded = dataclasses.replace(coded, root="COERCE", plover="COERCE")
        if coded.root in ("RETREAT", "YIELD") and _RESTORED_MEASURE.search(text, a.end, b.start):
            # "triggered the return of UN sanctions on Iran": a measure brought back, not a
            # return of captives or troops
            coded = dataclasses.replace(coded, root="COERCE", plover="COERCE")
        if coded.root == "MOBILIZE" and a.end <= b.start and _AIMED_AT.search(text, max(a.end, b.start - 16), b.start):
            # "Russia had fired North Korean ballistic missiles at Ukraine": a launch aimed at
            # the other side is an attack on it (as for one side alone, ``_subject_deeds``)
            coded = dataclasses.replace(coded, root="ASSAULT", plover="ASSAULT")
        punished = _punished_deed(text, a, b)
        if punished is not None and coded.root != punished:
            # "sanctioned three Chinese firms for supplying Iran with drone engines": the firms'
            # deed, as the punisher tells it
            coded = dataclasses.replace(coded, root=punished, plover=punished,
                                        confidence=max(coded.probs.get(punished, 0.0), SINGLE_ACTOR))
        if charge is not None and coded.root != charge:
            # "accuse Tehran of providing the Houthis with weapons": the charge is a deed, whatever
            # the accusation around it makes the coder lean to
            coded = dataclasses.replace(coded, root=charge, plover=charge, confidence=coded.probs.get(charge, 0.0))
        if coded.root == "ASSAULT" and (verb := _attack_in_words(roots, a)) is not None:
            rb = roots.of(b)
            if rb is None or rb.head.i != verb.i or rb.dep_ not in ("obj", "dobj"):
                continue  # "China attacked the new US sanctions on Iran as illegal": words against a measure
            # "Beijing attacked Washington over the sanctions": a denunciation, not a strike
            coded = dataclasses.replace(coded, root="ACCUSE", plover="ACCUSE")
        if _about_another(a, b, coded.root, claims, actors, roots) or _POSSESSED.fullmatch(text, a.end, b.start):
            continue  # ... or "Yemen's Houthi movement": one actor named with its country
        if _in_speaker(a, b, claims) or _in_speaker(b, a, claims):
            continue  # "\"The UAE has not provided any weapons ...,\" the Emirati mission to the UN said"
        if _one_speaker(text, a, b, claims):
            continue  # "CENTCOM commander General Michael Erik Kurilla said": one speaker, named twice
        if _owner_of_another(text, a, actors) or _owner_of_another(text, b, actors):
            continue  # "weapons to Sudan's Rapid Support Forces": the forces, not Sudan
        if coded.root not in RECIPROCAL and _JOINED.fullmatch(text, a.end, b.start) and not mutual:
            continue  # "a deal between North Korea and Russia would violate ...": one side, whatever the parse
        # "weapons to be used in Ukraine": a place after "in/at/near" is where, not to whom --
        # except for force ("strikes on infrastructure in Ukraine" do hit Ukraine). A town is
        # never an actor and only a target of force ("Russia struck Kharkiv"); a region or
        # sea ("the Red Sea", "the Middle East") is neither.
        if placed[id(a)] or kind[id(a)] or kind[id(b)] == "region":
            continue  # a place does not act
        if (coded.root not in PLACE_TARGETS and (placed[id(b)] or kind[id(b)])
                or coded.root != "ASSAULT" and kind[id(b)]) and not visit:
            continue  # a town or a coast is only ever a target of force
        if _NOT_STRUCK.search(text, max(s0, b.start - 40), b.start):
            continue  # "forces headquartered in Bahrain", "in support of Palestinians": not a target
        if a.end <= b.start and _ACCUSES_OF_GAP.match(text, a.end, b.start):
            continue  # "a guest Washington accuses of arming the Kremlin": the guest is accused
        if coded.root != "REJECT" and _REACTION_FROM.search(text, max(s0, b.start - 90), b.start):
            continue  # "a launch that drew condemnation from Seoul, Tokyo and Washington": who reacted
        if a.start < b.start and _TIME_CLAUSE.search(text, max(s0, b.start - 16), b.start) \
                and not _POSSESSED.match(text, b.end) and not _TIME_CLAUSE.search(text, max(s0, a.start - 16), a.start):
            continue  # "wanted to reduce its dependence ... after the Biden administration paused sales"
            # (not "long before Seoul's partial suspension": a possessor in a time phrase)
        if coded.root != "REQUEST" and _ADDRESSED.search(text, max(s0, b.start - 40), b.start):
            continue  # "the panel said in a report to the Security Council": whom it told, not a target
        if _one_actor(roots, text, a, b):
            continue  # "A Houthi military spokesman, Yahya Saree, said": one person, twice named
        if _sender_of_carried(roots, a, b):
            continue  # "Shoigu handed Kim a letter from President Vladimir Putin": Putin wrote it
        if coded.root not in ("CONSULT", "COOPERATE") and _ALONGSIDE.search(text, max(0, b.start - 60), b.start):
            continue  # "South Korea would respond firmly, together with the United States": a partner, not a target
        if coded.root not in _WORDS and _nominal_of_another(text, a, b, actors):
            continue  # "the worry for South Korea was Russian help for the North": Russia helps
        if _subject_of_next_clause(roots, a, b):
            continue  # "with Turkey supplying the Tripoli government and the UAE, Russia and Egypt backing Haftar"
        if coded.root in ("COERCE", "SANCTION") and _trigger_only_aside(roots, a, b, coded.root):
            continue  # "The Lady R and three other vessels, which are under US sanctions, made round trips"
        if _across_relative(roots, a, b, coded.root):
            continue  # "sanctions on three companies that it said had supplied the RSF": not on the RSF
        if _object_of_another(roots, a, b, actors):
            continue  # "officials said ... after Kim met Putin": Kim met Putin, not the officials
        if coded.root == "ACCUSE" and _accusation_of_another(text, a, b, actors, claims):
            continue
        if coded.root == "CONSULT" and _no_talks(roots, text, toks, s0, a, b):
            continue  # "discussions of alliance policy toward Russia": what was discussed, not with whom
        if coded.root == "SUPPORT" and _no_support(text, toks, s0, s1, a, b):
            continue  # "Clinton was supported by 42 percent ..., while Trump ...": a poll, not an endorsement
        if coded.root in ("YIELD", "RETREAT", "CONCEDE") and _no_yield(toks, s0, a, b):
            continue  # "A Quinnipiac University poll released in late August": nothing yielded
        if coded.root == "REJECT" and _negation_only(toks, s0, a, b):
            continue  # "he did not have the long record of climate activism of Al Gore": no refusal
        if coded.root in DEEDS and _PUNISHED_FOR.search(text, a.end, b.start):
            continue  # "Treasury added five companies to its sanctions list for supplying Iran": they supplied
        if coded.root in ("COERCE", "SANCTION") and _reason_of_another(text, a, b, actors):
            continue  # "sanctions on Iran over its drone deliveries to Russia": Iran is the target
        score = coded.confidence * _structure(roots, a, b, actors, coded.root)
        if mutual:
            mutuals.add((id(a), id(b)))
            score = max(score, SINGLE_ACTOR)
        if coded.root == "AID" and _transfer_frame(roots, a, b):
            score = max(score, SINGLE_ACTOR)  # "it had shipped weapons to Sudan's Rapid Support Forces"
        if owned or visit or coded.root in announced:
            score = max(score, SINGLE_ACTOR)  # "North Korea's export of ballistic missiles to Russia"
        if punished is not None:
            score = max(score, SINGLE_ACTOR)
        if charge is not None:
            charges.add((id(a), id(b)))
            score = max(score, SINGLE_ACTOR)  # the charge: "accuse Pyongyang of sending ammunition to Russian forces"
        if score < SINGLE_ACTOR and _nominal_type(text, s0, a, b) == coded.root:
            # "a visit by the Russian defence minister to Pyongyang": the noun names the
            # event and "by"/"to" its two sides, where the coder alone is unsure
            score = SINGLE_ACTOR
        scored.append((score, a, b, coded))
    # A speaker who condemns what another did accuses the doer: "the European Union condemned
    # North Korea's export of ballistic missiles to Russia" -- the EU ACCUSE North Korea; one
    # who urges another asks it: "Baltic governments urged the EU to widen its sanctions".
    for i, c in reporters.items():
        said = _SPEECH_ACTS.get(c.stance or "")
        if said is None or c.cue is None:
            continue
        accuser = mentions[i]
        doer = next((m for m in actors if c.content.start <= m.start and m.end <= c.content.end), None)
        if doer is not None and not _names_a_thing(roots, accuser) and not _same(accuser, doer):
            coded = Coded(root=said, confidence=SINGLE_ACTOR, plover=said)
            scored.append((SINGLE_ACTOR, accuser, doer, coded))
    # A request to no one the extractor can name: "urged partners to keep supplying air
    # defence systems", "called on other nations to contribute ships" -- the speaker's
    # REQUEST, one-sided (with an actor in what is asked, the pairs above name both sides).
    for c in claims:
        if c.stance != "request" or c.source is None:
            continue
        asker = next((m for m in actors if c.source.start < m.end and m.start < c.source.end), None)
        if asker is None or kind.get(id(asker)) or placed.get(id(asker)) or any(
                c.content.start <= m.start and m.end <= c.content.end for m in actors):
            continue
        scored.append((SINGLE_ACTOR, asker, None, Coded(root="REQUEST", confidence=SINGLE_ACTOR, plover="REQUEST")))
    # A denial of one's own deed that names no one it was done to: "The United Arab Emirates
    # denied arming either side in the war" -- the speaker's deed, denied and one-sided, so
    # that fusion can set it against a report of that deed to anyone.
    for c in claims:
        if c.stance != "deny" or c.source is None or any(
                c.content.start <= m.start and m.end <= c.content.end for m in mentions):
            continue
        denier = next((m for m in actors if c.source.start <= m.start and m.end <= c.source.end), None)
        deed = _deed_of_gerund(c.content.text)
        if denier is None or deed is None or kind.get(id(denier)) or placed.get(id(denier)):
            continue
        if not any(x is denier and sc >= min_conf for sc, x, _, _ in scored):
            scored.append((SINGLE_ACTOR, denier, None, Coded(root=deed, confidence=SINGLE_ACTOR, plover=deed)))
    # One-actor deeds named by a noun after their agent: "Houthi attacks on merchant ships",
    # "Pyongyang's satellite launch" (the other side is no actor, or none is named).
    for m in actors:
        deed = _owned_noun_deed(roots, text, m, s1)
        if deed is None or kind.get(id(m)) or placed.get(id(m)):
            continue
        if any(y is not None and x is m and sc >= min_conf for sc, x, y, _ in scored):
            continue
        scored.append((SINGLE_ACTOR, m, None, Coded(root=deed, confidence=SINGLE_ACTOR, plover=deed)))
    # One-actor events inside a report: "a ballistic missile launch by North Korea". The
    # coder needs two actors, so the trigger word's lexicon type decides, at a fixed
    # confidence (SINGLE_ACTOR).
    for c in {id(c): c for c in reporters.values()}.values():
        inside = [m for m in actors if c.content.start <= m.start and m.end <= c.content.end]
        trig = _trigger(text, c.content.start, c.content.end)
        # Only the nominal pattern "<trigger> by <actor>" ("a missile launch by North Korea")
        # and the clause "<actor> <trigger>" ("North Korea fired two missiles").
        if inside and kind.get(id(inside[0])):
            continue
        if inside and trig is not None and (re.fullmatch(
                r"\s+(?:\w+\s+)?by\s+", text[trig[1]:inside[0].start]) or re.fullmatch(
                r"\s+(?:has\s+|have\s+|had\s+)?(?:also\s+|again\s+)?", text[inside[0].end:trig[0]])):
            if any(y is not None and x is inside[0] and sc >= min_conf for sc, x, y, _ in scored):
                continue  # the actor already has a two-sided event here
            coded = Coded(root=trig[2], confidence=SINGLE_ACTOR, plover=trig[2])
            scored.append((SINGLE_ACTOR, inside[0], None, coded))
    scored += _subject_deeds(roots, text, scored, actors, placed, kind, min_conf)
    scored += _listed_sides(roots, scored, actors, placed, kind, min_conf)
    scored += _received_from(roots, scored, actors, placed, kind)
    scored += _carried_from(roots, scored, actors, placed, kind, min_conf)
    scored += _sent_to(text, s0, actors, placed, kind, scored)
    supplied = _supplied_by(roots, text, sent, actors, mentions, placed, kind)
    if supplied:
        # "Russia launched missiles supplied by North Korea against Ukraine": North Korea
        # supplied Russia; it launched nothing
        suppliers = {id(x) for _, x, _, _ in supplied}
        scored = [e for e in scored if id(e[1]) not in suppliers and (e[2] is None or id(e[2]) not in suppliers)]
        scored += supplied
    # Best first; on a near tie a side named as a place ("in Yemen") comes after one that is not.
    scored.sort(key=lambda x: (-round(x[0], 2), x[2] is not None and placed[id(x[2])]))
    used: dict[tuple[str, ...], tuple[set[int], set[tuple[str, str, str]]]] = {}
    out: list[Event] = []
    # At most MAX_EVENTS_PER_SENTENCE events, counting the members of one list as one side.
    kinds: set[tuple[int, int, str]] = set()
    for score, a, b, coded in scored:
        if score < min_conf:
            break
        if coded.root == "ASSAULT" and _no_blow(roots, text, toks, s0, a, b):
            continue  # "Crutcher was shot and killed by a white officer": Crutcher struck no one
        kind_of = (_list_of(roots, a), _list_of(roots, b), coded.root)
        if kind_of not in kinds and len(kinds) >= MAX_EVENTS_PER_SENTENCE:
            continue
        key = tuple(sorted((_key(a), _key(b) if b else "")))
        # One event per pair of actors, however often they are named; a second only when other
        # mentions of the two tell another deed ("North Korea said it would no longer be bound
        # by the agreement with South Korea, a day after Seoul suspended it").
        told = (coded.root, *((_key(a), _key(b) if b else "") if coded.root not in RECIPROCAL
                               else sorted((_key(a), _key(b) if b else ""))))
        if key in used and (used[key][0] & {id(a), id(b)} or told in used[key][1]):
            continue
        named, types = used.setdefault(key, (set(), set()))
        named.update((id(a), id(b)))
        types.add(told)
        kinds.add(kind_of)
        # Reporting claims found by the surface rule count for attribution too, first.
        known = list({id(c): c for c in reporters.values()}.values()) + claims
        ev = _event(article_id, text, sent_no, s0, s1, sent, a, b, coded, score, known, published, mentions, coded_toks)
        if ev.type == "AGREE" and (_future_only(toks, s0, a, b) or _of_one_mind(text, toks, s0, a, b)):
            continue
        if ev.trigger is None and ev.type == coded.root in _NEEDS_A_WORD and score < SINGLE_ACTOR:
            # "AWR Hawkins is the Second Amendment columnist for Breitbart News and political
            # analyst for Armed American Radio" (AID): the coder's guess alone, with no word of
            # the type near the two sides, no rule behind it and no action named (a planned
            # AGREE that names its action has become that action)
            continue
        out.append(ev)
        if b is not None and (id(a), id(b)) in charges:
            accuser = next((c for c in known if c.cue is not None and c.source is not None and c.cue.end <= a.start
                            and _ACCUSED_OF.search(c.cue.text + " ")), None)
            if accuser is not None:  # the charge is the accuser's word, not a nearby remark's
                out[-1].attribution = AttributionRef(ActorRef(accuser.source.text, accuser.source.start,
                                                              accuser.source.end),
                                                     accuser.cue.text, accuser.cue.start, accuser.cue.end, "named")
            denied = _denial_of_charge(text, b.end, s1, out[-1])
            if denied is not None:
                out.append(denied)
        if b is not None and (id(a), id(b)) in mutuals:
            # transfers "between them" are denied, both ways, whatever the clause's parse says
            ev = out[-1]
            cue = _DENY.search(text, b.end, s1)
            deniers = ActorRef(text[a.start:b.end], a.start, b.end)  # "the Russian and North Korean governments"
            ev = dataclasses.replace(ev, modality="denied", modality_cue=cue.group(0) if cue else None,
                                     plover_type=_codebook_type(ev.type, "denied"),
                                     attribution=AttributionRef(deniers, cue.group(0), cue.start(), cue.end(), "named")
                                     if cue else ev.attribution)
            back = dataclasses.replace(ev, actors=ev.recipients, recipients=ev.actors)
            for e in (ev, back):
                e.cameo = vocabulary().cameo_code(e.plover_type, _AS_INTENT.get(e.type), e.contexts)
                e.id = e.content_id()
            out[-1:] = [ev, back]
    return _without_redundant_places(out, {(m.start, m.end) for m in actors if placed[id(m)]})


_WEAPON_STEMS = {stem(w) for w in ("missile", "missiles", "drone", "drones", "airstrike", "airstrikes")}
_SIGNED_DEAL = re.compile(r"\bsign(?:s|ed|ing)?\s+(?:an?\s+|the\s+|its\s+)?(?:[\w$.,-]+\s+){0,4}?"
                          r"(?:agreement|deal|contract|accord|memorandum|treaty|pact)s?\b", re.I)
# A ban on transfers to someone: "banned the sale of arms ... to Myanmar", "a ban on arms
# exports to", "prohibits the supply of weapons to"
_BANNED_TRANSFER = re.compile(r"\b(?:ban(?:s|ned|ning)?|prohibit\w*|bar(?:s|red|ring)?|forb[ia]d\w*|outlaw\w*|"
                              r"embargo(?:es|ed)?)\s+(?:on\s+)?(?:the\s+|all\s+|any\s+|further\s+|new\s+)?"
                              r"(?:[\w-]+\s+){0,2}?(?:sales?|exports?|supply|supplies|deliver(?:y|ies)|"
                              r"transfers?|shipments?)\b", re.I)
# "the return of UN sanctions", "the reimposition of an arms embargo": a measure brought back
_RESTORED_MEASURE = re.compile(r"\b(?:return|restoration|reinstatement|reimposition)\s+of\s+(?:[\w-]+\s+){0,4}?"
                               r"(?:sanctions|embargo|embargoes|restrictions)\b")
# "sanctions on Iran over its drone deliveries to Russia", "... for supplying Moscow"
_FOR_REASON = re.compile(r"\b(?:over|for)\b")


def _reason_of_another(text: str, a: Mention, b: Mention, actors: list[Mention]) -> bool:
    """Whether ``b`` is named in the reason given for a measure against another side: after an
    actor between ``a`` and ``b``, behind "over" or "for"."""
    return b.start > a.end and any(
        a.end <= c.start and c.end <= b.start and _FOR_REASON.search(text, c.end, b.start)
        for c in actors if c is not a and c is not b)


# "North Korea's export of ballistic missiles to Russia", "Moscow's use of those weapons
# against Ukraine": a deed noun owned by its doer, with the other side after to/against/on
_OWNED = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}?([\w-]+)(?:\s+of\s+(?:[\w'’-]+\s+){1,5}?)?\s*"
                    r"(to|against|on|for)\s+(?:the\s+)?$")
# "Houthi attacks on ...", "Pyongyang's satellite launch", "North Korea's missile tests"
_OWNED_NOUN = re.compile(r"(?:['’]s)?\s+(?:[a-z-]+\s+){0,2}?((?:attack|strike|launch|test|airstrike|bombing|raid|invasion|offensive)s?)\b")


# "Shoigu arrived in Pyongyang", "Austin spoke during a visit to Bahrain": a visit to the
# state (a capital or a country; a town is only where it happened)
_ARRIVED_IN = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:arrived|arrives|landed|lands)\s+in\s+(?:the\s+)?")
_VISIT_TO = re.compile(r"\b(?:during|on|after|before|ahead\s+of)\s+(?:a|an|his|her|their|its)\s+"
                       r"(?:[\w-]+\s+){0,2}?visit\s+to\s+(?:the\s+)?$")


def _visit(text: str, a: Mention, b: Mention) -> bool:
    if b.start <= a.end or b.start - a.end > 120:
        return False
    return bool(_ARRIVED_IN.fullmatch(text, a.end, b.start)
                or _VISIT_TO.search(text, max(a.end, b.start - 60), b.start))


# nouns of handing arms over, beside the lexicon's AID words
_TRANSFER_NOUNS = frozenset(stem(w) for w in ("export", "exports", "delivery", "deliveries", "shipment",
                                               "shipments", "transfer", "transfers", "supply", "supplies",
                                               "sale", "sales"))


_SPEECH_ACTS = {"criticise": "ACCUSE", "request": "REQUEST"}  # claim stance -> the speaker's own event


def _possessed_deed(text: str, a: Mention, b: Mention) -> str | None:
    """The deed of "<a>'s <deed noun> [of X] to/against/on <b>", else None."""
    if b.start <= a.end:
        return None
    m = _OWNED.fullmatch(text, a.end, b.start)
    if m is None:
        return None
    noun, prep = stem(m.group(1).lower()), m.group(2)
    if noun in _TRANSFER_NOUNS and prep in ("to", "for"):
        return "AID"
    if noun == "use" and prep == "against":
        return "ASSAULT"
    return next((t for t in DEEDS if noun in _one_word_triggers(t)
                 and (prep in ("against", "on") if t == "ASSAULT" else True)), None)


def _owned_noun_deed(roots: "_Roots", text: str, m: Mention, end: int) -> str | None:
    """ASSAULT or MOBILIZE when a deed noun follows the mention (its agent) closely and, with
    a parse, the mention modifies that noun ("Houthi attacks", not "condemned the strikes")."""
    hit = _OWNED_NOUN.match(text, m.end, end)
    if hit is None:
        return None
    if roots.parsed:
        node = roots.of(m)
        noun_at = hit.start(1)
        if node is None or node.head.idx != noun_at or node.dep_ not in ("compound", "amod", "nmod:poss", "nmod"):
            return None
    noun = stem(hit.group(1).lower())
    return next((t for t in ("MOBILIZE", "ASSAULT") if noun in _one_word_triggers(t)), None)


def _without_redundant_places(events: list[Event], placed_refs: set[tuple[int, int]]) -> list[Event]:
    """"Strikes against Houthi targets in Yemen": the Houthis are struck; Yemen, named as where,
    is no second target of the same actor's force."""
    def at_place(e: Event) -> bool:
        return (e.recipients[0].start, e.recipients[0].end) in placed_refs

    struck = {(e.actors[0].start, e.type) for e in events
              if e.recipients and e.type in PLACE_TARGETS and not at_place(e)}
    return [e for e in events if not (e.recipients and e.type in PLACE_TARGETS and at_place(e)
                                      and (e.actors[0].start, e.type) in struck)]


_DENY = re.compile(r"\bden(?:y|ies|ied|ying)\b", re.I)
# "Moscow and Pyongyang have denied arms transfers between them"
_MUTUAL_DENIAL = re.compile(r"[^.;,]*?\bden(?:y|ies|ied)\s+((?:[\w'’-]+\s+){1,5}?)(?:between|with)\s+"
                            r"(?:them|themselves|each\s+other|one\s+another)\b", re.I)
DEEDS = ("AID", "ASSAULT", "COERCE", "MOBILIZE")


def _mutual_denial(text: str, start: int, end: int) -> str | None:
    """The deed two joined actors deny between themselves, read after the second of them."""
    m = _MUTUAL_DENIAL.match(text, start, end)
    if m is None:
        return None
    return next((t for t in DEEDS if _has_trigger(text, m.start(1), m.end(1), t)), None)


def _deed_of_gerund(content: str) -> str | None:
    """The deed type of a content that opens with a gerund of a deed ("arming either side",
    "having supplied any weapons", "sending troops"); None otherwise."""
    words = re.findall(r"[A-Za-z]+", content)
    if words and words[0].lower() in ("having", "ever"):
        words = words[1:]
    if not words or not words[0].lower().endswith(("ing", "ed")):
        return None
    return _deed_of_word(words[0])


def _deed_of_word(word: str) -> str | None:
    """The deed type a verb names ("arming": AID, "exporting": AID, "firing": MOBILIZE)."""
    s = stem(word.lower())
    if s in _TRADE_STEMS:
        return "AID"
    return next((t for t in DEEDS if s in _one_word_triggers(t)), None)


def _denied_deed(text: str, a: Mention, b: Mention) -> str | None:
    """"Iran denies supplying weapons to the Houthis": the deed (AID) ``a`` denies doing to
    ``b``, when a denial verb follows ``a`` closely and a deed word lies between it and ``b``."""
    if b.start <= a.end:
        return None
    m = _DENY.search(text, a.end, b.start)
    if m is None or m.start() - a.end > 40:
        return None
    if re.match(r"\s+that\s+(?!(?:it|they|he|she|we)\b)", text[m.end():b.start]):
        return None  # "denied that Russian mercenaries ... are fighting in Libya": another's deed
    return next((t for t in DEEDS if _has_trigger(text, m.end(), b.start, t)), None)


# "..., which both governments deny", "..., allegations Moscow has denied": the charge just
# stated is denied, by the words between (the accused, or "both governments").
_DENIAL_OF_CHARGE = re.compile(r"[^.;]*?,\s*(?:which|allegations?|charges?|accusations?|claims?)\s+"
                               r"((?:[\w'’-]+\s+){0,4}?)(?:has\s+|have\s+)?(?:repeatedly\s+|consistently\s+)?"
                               r"(den(?:y|ies|ied))\b")


def _charge_type(text: str, a: Mention, b: Mention | None) -> str | None:
    """The deed ``a`` is accused of towards ``b`` ("accuse Pyongyang of sending artillery
    ammunition to Russian forces": AID), by the first deed word between them; None unless
    ``a`` is the accused of an "accuse/charge/blame ... of"."""
    if b is None or b.start <= a.end or _ACCUSED_OF.search(text, max(0, a.start - 40), a.start) is None \
            or _CHARGE_PREP.match(text, a.end) is None:
        return None
    found = next((t for t in ("AID", "ASSAULT", "COERCE", "MOBILIZE") if _has_trigger(text, a.end, b.start, t)), None)
    if found is None and any(_deed_of_word(w) == "AID" for w, _, _ in tokenize(text[a.end:b.start])):
        found = "AID"  # "charged two Chinese nationals with exporting ... to an Iranian company"
    return found


# An actor punishing another for a deed (active voice): the deed is the punished one's.
# "X was sanctioned for supplying Y" (passive) keeps X the doer.
_PUNISH = (r"(?:sanction|blacklist|designat|list|punish|penalis|penaliz|charg|indict|convict|arrest|jail|sentenc|"
           r"add)\w*|fine[sd]?")
_PUNISHED_FOR = re.compile(r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbe )\b(?:" + _PUNISH + r")\b[^.;]{0,80}?"
                           r"\bfor\s+(?:allegedly\s+|illegally\s+|secretly\s+)?\w+ing\b", re.I)

def _punished_deed(text: str, a: Mention, b: Mention) -> str | None:
    """The deed ``a`` is punished for, done to ``b``: "sanctioned three Chinese firms for
    supplying Iran", "charged two men for selling arms to Yemen's Houthis", "added the company
    to its list for shipping drone parts to Russia"; None unless a verb of punishing stands
    right before ``a`` and "for <gerund>" between ``a`` and ``b``."""
    if b.start <= a.end or _PUNISHING.search(text, max(0, a.start - 40), a.start) is None:
        return None
    m = _FOR_DEED.match(text, a.end, b.start)
    return _deed_of_word(m.group(1)) if m else None


_PUNISHING = re.compile(r"\b(?:" + _PUNISH + r")\s+(?:[\w$.,-]+\s+){0,3}$", re.I)
_FOR_DEED = re.compile(r"[^.;]{0,60}?\bfor\s+(?:allegedly\s+|illegally\s+|secretly\s+)?(\w+ing)\b[^.;]{0,60}$", re.I)

# Trade in goods, as a charge names it; not coder triggers (the coder never learned them)
_TRADE_STEMS = {"export", "smuggl", "divert", "procur", "broker"}


def _denial_of_charge(text: str, start: int, end: int, charge: Event) -> Event | None:
    """The charge's event as denied, when the sentence goes on to say it is denied; its
    attribution is the denier (PLOVER's "denied" modality), so fusion sets the two against
    each other as a dispute."""
    m = _DENIAL_OF_CHARGE.match(text, start, end)
    if m is None:
        return None
    who = m.group(1).strip()
    src = ActorRef(who, m.start(1), m.start(1) + len(who)) if who else None
    attribution = AttributionRef(src, m.group(2), m.start(2), m.end(2), "named" if src else "unnamed")
    denied = dataclasses.replace(charge, modality="denied", modality_cue=m.group(2), attribution=attribution,
                                 confidence=min(charge.confidence, SINGLE_ACTOR))
    denied.id = denied.content_id()
    return denied


def _candidate_pairs(text: str, s0: int, actors: list[Mention],
                     mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Pairs of distinct, non-overlapping actors at most MAX_GAP_TOKENS apart, in reading
    order: the pairs worth coding."""
    ntok = {m.start: count_tokens(text[s0:m.start]) for m in mentions}
    pairs = []
    for a in actors:
        for b in actors:
            if a is b or (a.start < b.end and b.start < a.end) or _same(a, b) or _key(a) == _key(b):
                continue
            if abs(ntok[a.start] - ntok[b.start]) > MAX_GAP_TOKENS:
                continue
            if b.start < a.start:
                continue  # pairs in reading order; roles are set after coding (_roles)
            pairs.append((a, b))
    return pairs


def _roles(text: str, s0: int, a: Mention, b: Mention) -> tuple[Mention, Mention]:
    """(actor, recipient) of a pair coded in reading order: the first, except when the second
    is a passive agent ("Ukraine was attacked by Russia", "missiles supplied by North Korea")."""
    return (b, a) if _passive_agent(text, s0, b) else (a, b)


PLACE_TARGETS = {"ASSAULT", "COERCE", "THREATEN", "MOBILIZE", "PROTEST"}
# Nouns whose compound modifier names an owner, not a party: "UN Security Council
# resolutions", "United Nations sanctions", "a Security Council meeting".
_THING_NOUNS = {"resolution", "sanction", "embargo", "charter", "law", "rule", "regulation", "meeting",
                "session", "statement", "report", "vote", "list", "treaty", "convention", "mandate"}


def _place_kind(m: Mention) -> str | None:
    """"place" for a town or province of a known state ("Kharkiv"), "region" for a place of
    no state ("the Red Sea", "the Middle East"), by the entity knowledge; None for states,
    capitals and seats of government, for anything named with a role ("Kharkiv
    prosecutors"), and for names the knowledge does not hold ("the North" may be a state)."""
    if m.antecedent is None and "." in m.text and m.text in knowledge().us_state_tags:
        return "place"  # "Tulsa, Okla.", "FLINT, Mich.": a US state by its abbreviation (whatever the NER's label)
    if m.country is not None or m.label not in ("LOC", "FAC", "GPE") or m.antecedent is not None:
        return None
    name = re.sub(r"^(?:the|The)\s+", "", m.text)
    if name.split()[-1].lower() in ROLE_NOUNS:
        return None
    hit = knowledge().exact.get(name)
    return hit.kind if hit is not None and hit.kind in ("place", "region") else None


# Geographic nouns that head a place's name ("the Yemeni coast", "the Military Demarcation
# Line") or introduce one ("the port of Amirabad"). Such a place is only ever a target of force.
_GEO_NOUNS = ("coast", "coastline", "border", "line", "sea", "gulf", "strait", "peninsula", "island",
              "islands", "port", "harbour", "harbor", "city", "town", "village", "region", "province",
              "district", "oblast", "waters", "airspace", "zone", "frontier", "base", "airfield")
_GEO_HEAD = re.compile(r"(?:^|\s)(?:%s)$" % "|".join(_GEO_NOUNS), re.I)
_GEO_OF = re.compile(r"\b(?:%s) of\s+$" % "|".join(_GEO_NOUNS), re.I)
_IN = re.compile(r"\s+in\s+")
_IN_REGION = re.compile(r"['’]s(?:\s+[A-Z][\w-]*){1,3}\s+(?:%s)\b" % "|".join(_GEO_NOUNS))


def _place_by_words(text: str, m: Mention, mentions: Sequence[Mention]) -> str | None:
    """"place" for a name the knowledge lacks when its words say it is one: a geographic
    head noun ("the Yemeni coast"), "the port of Amirabad", or "Makhachkala in Russia's
    Dagestan region" (an unknown name placed inside a known state)."""
    if m.antecedent is not None:
        return None
    if _GEO_HEAD.search(m.text) or _GEO_OF.search(text, max(0, m.start - 30), m.start):
        return "place"  # whatever the NER said ("the port of Bandar Anzali" as a person)
    after = _IN.match(text, m.end) if m.country is None else None
    state = after and next((o for o in mentions if o.start == after.end() and o.country), None)
    if state is not None and (m.label in ("LOC", "GPE", "FAC") or _IN_REGION.match(text, state.end)):
        return "place"  # the NER calls some towns ORG: then only "in Russia's Dagestan region"
    return None


def _names_a_thing(roots: "_Roots", m: Mention) -> bool:
    """The mention only qualifies a document or meeting: "violate UN Security Council resolutions"."""
    if not roots.parsed:
        return False
    r = roots.of(m)
    if r is None or r.dep_ != "compound" or r.head.lemma_.lower() not in _THING_NOUNS:
        return False
    # "The European Union reimposed sanctions on Belarus" parsed as one noun phrase: a past
    # tense in between is the sentence's verb, and the Union its subject
    return not any(t.tag_ in ("VBD", "VBN") for t in r.doc[r.i + 1:r.head.i])


# Nouns of deeds a place can name: "the Paris attacks", "the San Bernardino shooting".
_DEED_NOUNS = {"attack", "shooting", "bombing", "massacre", "raid", "explosion", "blast", "ambush", "siege",
               "rampage", "killing", "shelling", "strike", "airstrike", "assault", "hijacking", "stabbing"}


def _where_a_deed_was(roots: "_Roots", m: Mention) -> bool:
    """A place naming a deed tells where it happened, not who did it: "the Paris attacks",
    "the Benghazi attack", "the Paris and San Bernardino attacks". A state or its people
    naming one is its doer ("the Israeli strikes", "Russia's attacks"), so only towns,
    capitals, regions, and names the NER calls places that the knowledge does not hold
    ("Benghazi", a town the knowledge holds, whatever the NER called it)."""
    if not roots.parsed or m.antecedent is not None:
        return False
    r = roots.of(m)  # the parse first: most mentions are no compound of a deed noun
    while r is not None and r.dep_ == "conj" and r.head.i != r.i:
        r = r.head
    if r is None or r.dep_ != "compound" or r.head.pos_ != "NOUN" or r.head.lemma_.lower() not in _DEED_NOUNS:
        return False
    hit = knowledge().lookup(m.text)
    if hit is not None and hit.kind not in ("capital", "place", "region"):
        return False
    if hit is None and m.label not in ("LOC", "GPE", "FAC"):
        return False
    if hit is not None and hit.kind == "capital":
        # a capital also stands for its government: "a Kyiv drone attack on a refinery" is
        # Ukraine's; "the Paris attacks", a deed named by where it was, has no target after it
        deed = r.head
        named = any(c.dep_ == "det" and c.lower_ == "the" for c in deed.children)
        target = any(c.dep_ == "nmod" and any(g.dep_ == "case" and g.lower_ in ("on", "against") for g in c.children)
                     for c in deed.children)
        return named and not target
    return True


# What one side carries from another: "a letter from Putin", "a message from the Emir".
_CARRIED = {"letter", "message", "greeting", "greetings", "note", "invitation", "congratulations",
            "gift", "condolences"}


def _sender_of_carried(roots: "_Roots", a: Mention, b: Mention) -> bool:
    """Whether ``b``, after ``a``, is the one a letter or message comes from ("Shoigu handed
    Kim a letter from President Vladimir Putin"): its sender, who took part in no event with
    the one who carries or receives it -- whatever the coder makes of "handed ... letter"."""
    if not roots.parsed or b.start < a.end:
        return False
    rb = roots.of(b)
    return (rb is not None and rb.dep_ in ("nmod", "obl") and rb.head.lower_ in _CARRIED
            and any(c.dep_ == "case" and c.lower_ == "from" for c in rb.children))


def _one_actor(roots: "_Roots", text: str, a: Mention, b: Mention) -> bool:
    """The two mentions are one actor: an apposition ("A Houthi military spokesman, Yahya
    Saree") or a title's "of" ("Alexus Grynkewich, commander of US Air Forces Central")."""
    if not roots.parsed:
        return False
    first, second = (a, b) if a.start < b.start else (b, a)
    between = text[first.end:second.start]
    if "," not in between and "(" not in between:
        return False  # an apposition is set off; "Kim Jong Un met President Vladimir Putin" is not one
    ra, rb = roots.of(a), roots.of(b)
    if ra is None or rb is None:
        return False
    for x, y in ((ra, rb), (rb, ra)):
        if x.dep_ == "appos" and x.head.i == y.i:
            return True
        # "Y, commander of X": X hangs by "of" on a title noun in apposition to Y
        h = x.head
        if x.dep_ == "nmod" and h.dep_ == "appos" and h.head.i == y.i and h.pos_ == "NOUN":
            return True
    return False


RECIPROCAL = {"CONSULT", "AGREE", "COOPERATE", "SUPPORT"}  # "X and Y held talks"


def _locative(text: str, s0: int, m: Mention) -> bool:
    """ "in Ukraine", "at the Knevichi airfield", "in the Middle East and North Africa": a
    place after in/at/near, or joined to one; "troops to the border with Finland": the state
    across a border names where."""
    before = " " + text[max(s0, m.start - 20):m.start].lower().rstrip()
    if before.endswith(" the"):
        before = before[:-4]
    return before.endswith((" in", " at", " near", " border with", " borders with", " frontier with",
                            " boundary with")) or bool(
        _LOCATIVE_PAIR.search(text, max(s0, m.start - 60), m.start)) or bool(
        _LOCATIVE_EXAMPLES.search(text, max(s0, m.start - 120), m.start))


# A name after these is where someone is based, or whom an act is for: never its target.
_NOT_STRUCK = re.compile(r"\b(?:(?:headquartered|based|stationed|located|registered|flagged)\s+in\s+(?:the\s+)?|"
                         r"in\s+(?:support|solidarity)\s+(?:of|with)\s+(?:[\w'’-]+\s+){0,3}|"
                         # "seized missile parts bound for Yemen's Houthi rebels": where cargo goes
                         r"(?:bound|destined|headed)\s+for\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}|"
                         # "the ship was linked to Britain", "firms tied to the IRGC": an association
                         r"(?:linked|tied|connected|affiliated)\s+(?:to|with)\s+(?:the\s+)?|"
                         # "the first visit since the break-up of the Soviet Union": history, not a party
                         r"(?:since|before|after)\s+the\s+(?:break-?up|collapse|fall|end|dissolution|demise)"
                         r"\s+of\s+(?:the\s+)?)$", re.I)
# "a launch that drew condemnation from Tokyo, Seoul and Washington": those who react, not the
# launch's target, however long the list ("protests from South Korea, Japan and the United
# States"); one may still reject them ("rejected criticism from Republican presidential
# candidate Donald Trump")
_REACTION_FROM = re.compile(r"\b(?:condemnation|criticism|protests?|rebukes?|outcry|anger|censure)\s+from\s+"
                            r"(?:(?:the\s+)?[\w'’.-]+,?\s+(?:and\s+)?){0,5}$", re.I)
# "a guest Washington accuses of arming the Kremlin": the accused stands before the accuser (a
# relative clause), and the side after the charge is the charged deed's, not the accused
_ACCUSES_OF_GAP = re.compile(r"\s+(?:has\s+|have\s+|had\s+)?(?:long\s+|repeatedly\s+|also\s+)?"
                             r"(?:accus|blam)\w*\s+of\s+\w+ing\s+(?:the\s+)?$", re.I)
# a side that opens a time or reason clause of its own: "... after the Biden administration paused sales"
_TIME_CLAUSE = re.compile(r"\b(?:after|before|since|when|while|because|until|once)\s+(?:the\s+)?$", re.I)
# "said in a report to the Security Council", "in a letter to the panel": whom a speaker told
_ADDRESSED = re.compile(r"\b(?:report|letter|statement|submission|briefing|memo|note|message|speech|address)"
                        r"\s+to\s+(?:the\s+)?$", re.I)
_POSSESSED = re.compile(r"['’]s\s+")
_JOINED = re.compile(r",?\s+(?:and|or)\s+(?:the\s+)?")
_LOCATIVE_PAIR = re.compile(r"(?:^|\s)(?:in|at|near)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){1,4}"
                            r"(?:and|or)\s+(?:the\s+)?$")
# "affiliates in countries like Libya, Egypt and Yemen": places given as examples
_LOCATIVE_EXAMPLES = re.compile(r"(?:^|\s)(?:in|at|near)\s+(?:the\s+)?(?:other\s+|several\s+|many\s+|some\s+)?"
                                r"(?:countries|nations|states|places|regions|areas|cities|territories)\s+"
                                r"(?:like|such\s+as|including)\s+(?:(?:the\s+)?[A-Z][\w’'-]*,?\s+(?:(?:and|or)\s+)?){0,6}$")


def _listed_sides(roots: "_Roots", scored: list, actors: list[Mention], placed: dict, kind: dict,
                  min_conf: float) -> list:
    """A side named in a list stands for every actor of the list: "the coalition would bring
    together Britain, Canada, France and Spain" joins each of the four, "new sanctions on Iran,
    Syria, Belarus, ... and North Korea" strike each of the seven. The parse's
    coordination decides who is listed with whom (``Token.conjuncts``); a listed actor takes
    the pair's type and score unless it already has its own event with the other side, is a
    place, or is listed with the other side itself ("between North Korea and Russia")."""
    if not roots.parsed:
        return []
    by_root = roots.by_head([m for m in actors if not placed.get(id(m)) and not kind.get(id(m))])
    have = {(_key(a), _key(b) if b is not None else None) for sc, a, b, _ in scored if sc >= min_conf}
    extra = []
    for score, a, b, coded in scored:
        if score < min_conf or (b is not None and _structure(roots, a, b, actors, coded.root) <= 1.0):
            continue  # only where the parse makes the actor the subject over the other side
        for side, other in ((b, a), (a, b)):
            r = roots.of(side) if side is not None else None
            ro = roots.of(other) if other is not None else None
            if r is None or (other is not None and ro is None):
                continue
            listed = {t.i for t in r.conjuncts}
            if ro is not None and ro.i in listed:
                continue
            for i in sorted(listed):
                m = by_root.get(i)
                if m is None or m is a or m is b:
                    continue
                pair = (a, m) if side is b else (m, b)
                sides = (_key(pair[0]), _key(pair[1]) if pair[1] is not None else None)
                if sides in have or sides[::-1] in have:
                    continue
                if pair[1] is not None and _subject_of_next_clause(roots, pair[0], pair[1]):
                    continue  # the list is the subject of the next clause, not more of this one's objects
                have.add(sides)
                extra.append((score, pair[0], pair[1], coded))
    return extra


def _list_of(roots: "_Roots", m: Mention | None) -> int:
    """One number for all the members of a coordinated list (the first member's token), the
    mention's own head token otherwise; -1 for no side."""
    r = roots.of(m) if m is not None and roots.parsed else None
    if r is None:
        return -1 if m is None else -2 - m.start
    return min([r.i] + [t.i for t in r.conjuncts])


def _owner_of_another(text: str, m: Mention, actors: list[Mention]) -> bool:
    """``m`` only names whose the next party is: "Sudan's Rapid Support Forces", "Russia's
    Wagner Group" (the pairs with that party tell the event)."""
    after = _POSSESSED.match(text, m.end)
    return after is not None and any(o.start == after.end() for o in actors if o is not m)


def _key(m: Mention) -> str:
    return m.country or m.text.lower().rstrip("'’s")


def _same(a: Mention, b: Mention) -> bool:
    """Two mentions of one actor ("Russia ... Russia's") do not make an event."""
    if a.text.lower().rstrip("'’s") == b.text.lower().rstrip("'’s"):
        return True
    return a.country is not None and a.country == b.country and a.label == b.label == "LOC"


def _passive_agent(text: str, s0: int, m: Mention) -> bool:
    return text[max(s0, m.start - 4):m.start].lower().endswith("by ")


# Verbs of handing arms over, as a participle after the thing handed ("missiles supplied by
# North Korea") or fused to the supplier's name ("North Korean-supplied missiles").
_SUPPLY_VERBS = {"supply", "provide", "deliver", "send", "sell", "ship", "transfer", "donate", "give"}
_FUSED_SUPPLY = re.compile(r"-(?:supplied|provided|delivered|sent|sold|shipped|donated)\b")
_THING_ROLES = ("obj", "obl", "nmod", "conj")


def _supplied_by(roots: "_Roots", text: str, sent: Any, actors: list[Mention], mentions: list[Mention],
                 placed: dict, kind: dict) -> list:
    """AID from a supplier to whoever uses, launches or receives what it supplied, in the
    same clause: "Russia has launched ballistic missiles supplied by North Korea" (North
    Korea AID Russia), "... to produce drones with materials supplied by Tehran" (Iran AID
    Russia, the subject the purpose clause hangs on), "Russian forces launched North
    Korean-supplied missiles". The user is the subject of the verb whose object (or "with"
    phrase) the thing is, climbing through purpose and complement clauses."""
    if not roots.parsed:
        return []
    by_head = roots.by_head(actors)
    out = []
    # a demonym fused to the participle qualifies a thing, so it is no actor of its own
    fused = [m for m in mentions if m not in actors and _FUSED_SUPPLY.match(text, m.end)]
    if sent is not None:
        for hit in _FUSED_SUPPLY.finditer(text, sent.start_char, sent.end_char):
            name = re.search(r"((?:[A-Z][\w.]*\s+)?[A-Z][\w.]*)$", text[sent.start_char:hit.start()])
            if name is None or any(m.end == hit.start() for m in fused):
                continue
            start = hit.start() - len(name.group(1))
            code = country_of(name.group(1))
            if code:
                fused.append(Mention(name.group(1), start, hit.start(), "NORP", code))
    for x in actors + fused:
        if kind.get(id(x)) or placed.get(id(x)):
            continue
        rx = roots.of(x)
        if rx is None:
            continue
        thing = None
        verb = rx.head
        if rx.dep_ in ("obl:agent", "obl", "nmod") and any(c.lower_ == "by" for c in rx.children) \
                and verb.tag_ == "VBN" and verb.dep_ == "acl" and verb.lemma_.lower() in _SUPPLY_VERBS:
            thing = verb.head  # "missiles [supplied by X]"
        elif _FUSED_SUPPLY.match(text, x.end):
            # "North Korean-supplied missiles": the noun the fused adjective qualifies
            after = next((t for t in roots.doc[rx.i + 1:rx.sent.end] if t.idx >= x.end + 2 and t.pos_ == "NOUN"), None)
            thing = after
        if thing is None:
            continue
        node = thing
        while node.dep_ in _THING_ROLES and node.head.i != node.i and node.pos_ in ("NOUN", "PROPN", "PRON"):
            node = node.head  # up to the verb the thing hangs on
        user = None
        for _ in range(3):
            if node.pos_ not in ("VERB", "AUX"):
                break
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                user = by_head.get(subj.i)
                break
            if node.dep_ not in ("xcomp", "advcl", "conj") or node.head.i == node.i:
                break
            node = node.head
        if user is None or user is x or kind.get(id(user)) or placed.get(id(user)) or _same(user, x):
            continue
        out.append((SINGLE_ACTOR, x, user, Coded(root="AID", confidence=SINGLE_ACTOR, plover="AID")))
    return out


# "Iranian weapons supplied to the Houthis", "Iranian-made missile components ... bound for
# Yemen's Houthi rebels": the state of origin arms the side the arms are going to.
_GOING_TO = re.compile(r"\b(?:supplied|delivered|sent|shipped|smuggled|bound|destined|headed)\s+(?:to|for)\s+"
                       r"(?:the\s+)?(?:[A-Z][\w]+['’]s\s+)?$")  # "... for Yemen's Houthi rebels": the rebels
_ARMS_OF = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?:-(?:made|built|produced|manufactured|origin))?\s+"
                      r"(?:[a-z-]+\s+){0,2}?(?:weapons|arms|missiles?|drones?|rockets?|components|parts|"
                      r"munitions|ammunition|shells|warheads)\b")
_GOING_REACH = 160  # characters from the arms to where they go: a clause


def _sent_to(text: str, s0: int, actors: list[Mention], placed: dict, kind: dict, scored: list) -> list:
    """AID from the state whose demonym qualifies arms to the side named after "supplied
    to" / "bound for" ("Iranian-made missile components ... that were bound for Yemen's
    Houthi rebels"), unless the sentence's pairs already give that side an AID."""
    out = []
    for y in actors:
        going = _GOING_TO.search(text, max(s0, y.start - 40), y.start)
        if going is None or kind.get(id(y)) or placed.get(id(y)) or text.startswith(("'s ", "’s "), y.end):
            continue
        if any(c.root == "AID" and b is y for _, _, b, c in scored):
            continue
        arms = list(_ARMS_OF.finditer(text, max(s0, going.start() - _GOING_REACH), going.start()))
        code = country_of(arms[-1].group(1)) if arms else None
        if code is None or code == y.country:
            continue
        origin = Mention(arms[-1].group(1), arms[-1].start(1), arms[-1].end(1), "NORP", code)
        out.append((SINGLE_ACTOR, origin, y, Coded(root="AID", confidence=SINGLE_ACTOR, plover="AID")))
    return out


_RECEIVE_VERBS = {"receive", "get", "obtain", "acquire", "import", "buy", "purchase"}


def _received_from(roots: "_Roots", scored: list, actors: list[Mention], placed: dict, kind: dict) -> list:
    """"North Korea appeared to be receiving technical advice from Russia", "Russia has
    received hundreds of drones from Iran": the giver (after "from") AIDs the receiver (the
    verb's subject). Not when the sentence's pairs already tell that AID; the coder's reading
    the other way round is taken out of ``scored``."""
    if not roots.parsed:
        return []
    by_head = roots.by_head(actors)
    out = []
    for y in actors:
        ry = roots.of(y)
        if ry is None or not ry.dep_.startswith("nsubj") or kind.get(id(y)) or placed.get(id(y)):
            continue
        verb = ry.head
        if verb.lemma_.lower() not in _RECEIVE_VERBS:
            # "appeared to be receiving", "is expected to get": the subject raised to the verb above
            verb = next((c for c in verb.children if c.dep_ == "xcomp" and c.lemma_.lower() in _RECEIVE_VERBS), None)
            if verb is None:
                continue
        giver = next((by_head[t.i] for t in _clause_words(verb) if t.i in by_head and t.dep_ in ("obl", "nmod")
                      and any(g.dep_ == "case" and g.lower_ == "from" for g in t.children)), None)
        if giver is None or giver is y or kind.get(id(giver)) or _same(giver, y):
            continue
        if any(a is giver and b is y and coded.root == "AID" for _, a, b, coded in scored):
            continue
        # the pair read the other way round ("Russia AID Iran") is the receiving misread
        scored[:] = [e for e in scored if not (e[1] is y and e[2] is giver and e[3].root == "AID")]
        out.append((SINGLE_ACTOR, giver, y, Coded(root="AID", confidence=SINGLE_ACTOR, plover="AID")))
    return out


# What carries goods, and what it does with them: "Cargo flights from the United Arab
# Emirates carried weapons ... to Sudan's Rapid Support Forces".
_CONVEYANCES = {"flight", "plane", "aircraft", "airplane", "jet", "ship", "vessel", "tanker", "freighter", "boat",
                "dhow", "convoy", "truck", "lorry", "train", "shipment", "consignment", "cargo", "airlift"}
_CARRY_VERBS = {"carry", "deliver", "bring", "transport", "ferry", "fly", "ship", "smuggle", "take", "offload",
                "unload"}


def _carried_from(roots: "_Roots", scored: list, actors: list[Mention], placed: dict, kind: dict,
                  min_conf: float) -> list:
    """AID from the country a conveyance comes from to the side what it carried went to:
    "Cargo flights from the United Arab Emirates carried weapons and ammunition to Sudan's
    Rapid Support Forces", "ships from Iran have delivered drones to Russia" -- the coder
    sees no giver in the subject. The destination is a "to" phrase on the verb or its object."""
    if not roots.parsed:
        return []
    by_head = roots.by_head(actors)
    out = []
    for x in actors:
        rx = roots.of(x)
        if rx is None or kind.get(id(x)) or placed.get(id(x)) or rx.dep_ != "nmod" or not any(
                c.dep_ == "case" and c.lower_ == "from" for c in rx.children):
            continue
        carrier, verb = rx.head, rx.head.head
        if carrier.lemma_.lower() not in _CONVEYANCES or not carrier.dep_.startswith("nsubj") \
                or verb.lemma_.lower() not in _CARRY_VERBS:
            continue
        for t in _clause_words(verb):
            y = by_head.get(t.i)
            if y is None or y is x or kind.get(id(y)) or placed.get(id(y)) or _same(x, y):
                continue
            to = any(c.dep_ == "case" and c.lower_ == "to" for c in t.children)
            if not to or not (t.head.i == verb.i or t.head.head.i == verb.i and t.head.dep_ in ("obj", "dobj")):
                continue
            if any(a is x and b is y and c.root == "AID" and sc >= min_conf for sc, a, b, c in scored):
                continue
            out.append((SINGLE_ACTOR, x, y, Coded(root="AID", confidence=SINGLE_ACTOR, plover="AID")))
    return out


def _clause_words(verb: Any):
    """The words of ``verb``'s own clause: its subtree without the clauses hanging in it."""
    stack = [verb]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(c for c in node.children
                     if c.dep_ not in ("ccomp", "xcomp", "advcl", "acl", "acl:relcl", "parataxis", "conj"))


class _Roots:
    """Syntactic heads of mention spans in one sentence's parse, each looked up once (a
    mention takes part in many pairs). ``parsed`` is False without a dependency parse."""

    def __init__(self, sent: Any):
        self.doc = sent.doc if sent is not None else None
        self.parsed = self.doc is not None and self.doc.has_annotation("DEP")
        self._roots: dict[tuple[int, int], Any] = {}

    def of(self, m: Mention) -> Any:
        key = (m.start, m.end)
        if key not in self._roots:
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            self._roots[key] = span.root if span is not None else None
        return self._roots[key]

    def by_head(self, mentions: Iterable[Mention]) -> dict[int, Mention]:
        """Head token index -> the first of ``mentions`` headed there."""
        out: dict[int, Mention] = {}
        for m in mentions:
            r = self.of(m)
            if r is not None:
                out.setdefault(r.i, m)
        return out


def _structure(roots: _Roots, a: Mention, b: Mention, others: Sequence[Mention] = (),
               coded_root: str = "") -> float:
    """Bonus when the parse makes ``a`` the subject of a verb whose subtree holds ``b``."""
    if not roots.parsed:
        return 1.0
    ra, rb = roots.of(a), roots.of(b)
    if ra is None or rb is None:
        return 1.0
    if ra.dep_ == "conj" and rb.dep_ == "conj" and ra.head.i == rb.head.i:
        return 0.0  # "the United States, Japan and South Korea condemned ...": one side
    if rb.dep_ == "conj" and rb.head.i == ra.i:
        # "Washington and Seoul accuse Pyongyang": two sides of one role when their verb
        # has another actor; else reciprocal ("North Korea and Russia are ... engaging in talks").
        verb = ra.head
        for m in others:
            rm = roots.of(m)
            if (rm is not None and rm.i not in (ra.i, rb.i) and verb.i != ra.i
                    and rm.head.i == verb.i and rm.dep_ in ("obj", "iobj", "obl")):
                return 0.0
        # Sides joined by "and" act on each other only in a two-way event.
        return 1.1 if coded_root in RECIPROCAL else 0.0
    if _sibling_subjects(ra, rb):
        return 0.0  # "Iran denies ..., while the United States ... have sanctioned ...": two clauses
    if rb.dep_.startswith("nsubj") and rb.left_edge.i > 0 and rb.doc[rb.left_edge.i - 1].lower_ in _TEMPORAL \
            and not (rb.head.i == ra.i or rb.head.is_ancestor(ra)):
        return 0.0  # "officials said ... after Kim met Putin": a time clause, whatever the parse, is not what is said
    node = ra
    for _ in range(3):  # the actor is subject / agent / possessor of something above it
        if node.dep_.startswith("nsubj") or node.dep_ in ("nmod:poss", "obl", "obl:agent", "conj"):
            verb = node.head
            if verb.i == rb.i or verb.is_ancestor(rb):  # rb in verb's subtree
                return 1.15 if node.dep_.startswith("nsubj") else 1.0
        if node.head.i == node.i:
            break
        node = node.head
    return UNLINKED


_WORDS = {"ACCUSE", "REJECT", "THREATEN", "REQUEST", "PROTEST", "SANCTION"}  # said or done about an actor
_AGENT_NOUN = re.compile(r"\s+(?:%s)\b" % "|".join(sorted(AGENT_NOUNS)))


_TRANSFER_VERBS = {"ship", "send", "supply", "deliver", "sell", "transfer", "provide", "give", "export",
                   "smuggle", "hand", "donate"}


def _transfer_frame(roots: _Roots, a: Mention, b: Mention) -> bool:
    """``a`` is the subject of a verb of giving and ``b`` the "to" phrase on it or on its
    object ("it had shipped weapons to Sudan's Rapid Support Forces", "Iran sold drones to
    Russia"), or the object of a verb of arming ("supplying the Tripoli government"): a
    clause that says AID whatever else the sentence holds."""
    if not roots.parsed:
        return False
    ra, rb = roots.of(a), roots.of(b)
    if ra is None or rb is None or not ra.dep_.startswith("nsubj") or ra.dep_ == "nsubj:pass":
        return False
    verb = ra.head
    if verb.lemma_.lower() in _ARMING_VERBS and rb.head.i == verb.i and rb.dep_ in ("obj", "dobj"):
        return True  # "Iran supplies the Houthis with missiles", "with Turkey supplying the Tripoli government"
    if verb.lemma_.lower() not in _TRANSFER_VERBS or not any(c.dep_ == "case" and c.lower_ == "to" for c in rb.children):
        return False
    return rb.head.i == verb.i or rb.head.head.i == verb.i and rb.head.dep_ in ("obj", "dobj")


_ARMING_VERBS = {"supply", "arm", "equip", "resupply"}  # whom they take as object is who receives


def _subject_of_next_clause(roots: _Roots, a: Mention, b: Mention) -> bool:
    """``a`` is the subject of an absolute clause ("with Turkey supplying the Tripoli
    government") and ``b`` is in a list the parse joined to its object, although a verb right
    after the list makes it the subject of the next such clause ("and the United Arab
    Emirates, Russia and Egypt backing the eastern commander")."""
    if not roots.parsed:
        return False
    ra, rb = roots.of(a), roots.of(b)
    if ra is None or rb is None or not ra.dep_.startswith("nsubj"):
        return False
    verb = ra.head
    if verb.tag_ != "VBG" or not any(c.dep_ == "mark" and c.lower_ == "with" for c in verb.children):
        return False
    members = [rb, *rb.conjuncts]
    if len(members) < 2 or not any(m.dep_ == "conj" for m in members):
        return False
    last = max(members, key=lambda t: t.i)
    # the verb right after the list, whether the parse hung it beside the list or on its
    # last member ("Egypt backing ...", acl)
    follow = [roots.doc[t.i + 1] for t in (last, last.right_edge) if t.i + 1 < len(roots.doc)]
    return any(t.tag_ == "VBG" for t in follow) and rb.i > min(m.i for m in members)


def _trigger_only_aside(roots: _Roots, a: Mention, b: Mention, root: str) -> bool:
    """Every word of the sentence that names the pair's type stands in a relative clause that
    holds neither side ("The Lady R and three other vessels, which are under US sanctions,
    made repeated round trips between Rajin and Dunai": no one sanctions Rajin). Without
    such a word the coder read the type from elsewhere, and the pair stays. Used for
    measures only: a word of talks in an aside ("what he called") is often no trigger at
    all, while the coder read the talks rightly from the rest."""
    if not roots.parsed:
        return False
    ra, rb = roots.of(a), roots.of(b)
    if ra is None or rb is None:
        return False
    words = _one_word_triggers(root)
    sent = ra.sent
    hits = [t for t in sent if stem(t.lower_) in words]
    if not hits:
        return False

    def aside(t) -> bool:
        clause = _enclosing(t, lambda n: n.dep_ in ("acl:relcl", "relcl"))
        return clause is not None and not (clause.left_edge.i <= ra.i <= clause.right_edge.i
                                           or clause.left_edge.i <= rb.i <= clause.right_edge.i)

    return all(aside(t) for t in hits)


def _enclosing(node: Any, test: Callable[[Any], bool], steps: int = 12) -> Any | None:
    """``node`` or the nearest of its heads (up to ``steps``) that passes ``test``."""
    for _ in range(steps):
        if test(node):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _across_relative(roots: _Roots, a: Mention, b: Mention, root: str) -> bool:
    """``b`` is inside a relative clause that ``a`` is not in, and that does not hang on
    ``a`` itself: what ``a`` does is done to the noun the clause qualifies ("imposed
    sanctions on three companies that it said had supplied the RSF" sanctions no RSF), while
    "China, which has also sold aircraft to the junta" keeps China as the seller. A
    condemnation reaches into a clause that only describes what it condemns ("condemned the
    launch as a violation of resolutions, which bar North Korea from any launch"), not into
    one with a speaker of its own ("officials it accused of helping Iran")."""
    if not roots.parsed:
        return False
    ra, node = roots.of(a), roots.of(b)
    if ra is None or node is None:
        return False
    clause = _enclosing(node, lambda n: n.dep_ in ("acl:relcl", "relcl") or _conditional(n))
    if clause is None:
        return False
    outside = not (clause.left_edge.i <= ra.i <= clause.right_edge.i)
    if _conditional(clause):
        # "would review its weapons sales to the kingdom if it deepened military ties with
        # Beijing": the condition's sides are not the main clause's
        return outside
    if root == "ACCUSE" and any(c.dep_.startswith("nsubj") and c.lower_ in ("which", "that", "who")
                                for c in clause.children):
        return False
    return outside and ra.i != clause.head.i


def _conditional(node: Any) -> bool:
    return node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children)


def _nominal_of_another(text: str, a: Mention, b: Mention, others: Sequence[Mention]) -> bool:
    """Between ``a`` and ``b`` stands another actor as the agent of an event noun ("Russian
    help", "Iranian support"): what comes after is that actor's event, not ``a``'s; or
    ``b`` itself is such an agent, acting rather than acted on (not checked for words:
    "Seoul condemned Russian attacks" is an accusation of Russia)."""
    lo, hi = min(a.end, b.end), max(a.start, b.start)
    return any(m is not a and m is not b and lo <= m.start and m.end <= hi and _AGENT_NOUN.match(text, m.end)
               for m in others) or (b.start > a.start and _AGENT_NOUN.match(text, b.end) is not None)


# "together with the United States and Japan": every name of that list is a partner
_ALONGSIDE = re.compile(r"\b(?:(?:together|along|jointly)\s+with|alongside)\s+"
                        r"(?:(?:the|and)\s+|[A-Z][\w.'’-]*\s+|,\s*)*$")
_VIOLATED = re.compile(r"\b(?:violation|violations|breach|infringement)\s+of\s+(?:the\s+)?$", re.I)
_IN_CHARGE = re.compile(r"\bin charge\b", re.I)
_ACCUSED_OF = re.compile(r"\b(?:accus|charg|blam|indict)\w*\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|"
                         r"several|\d+|an?|the)\s+)?$", re.I)
# "accused Pyongyang of supplying ...", "charged two Chinese nationals with exporting ..."
_CHARGE_PREP = re.compile(r"\s+(?:of|with|for)\s")


def _accusation_of_another(text: str, a: Mention, b: Mention, others: Sequence[Mention],
                           claims: Sequence[Claim]) -> bool:
    """An accusation that is not between ``a`` and ``b``: ``b`` is named inside the charge
    against a third actor ("Washington has accused Pyongyang of supplying rockets to
    Russia": Russia is not accused), or both are inside what a third party condemns ("the
    ministers condemned North Korea's export of missiles to Russia and Moscow's use of those
    weapons against Ukraine": neither condemned the other), unless an accusation word of its
    own stands between them."""
    lo, hi = min(a.start, b.start), max(a.end, b.end)
    if _VIOLATED.search(text, max(0, b.start - 30), b.start):
        return True  # "condemned the strikes as a violation of Yemen's sovereignty": Yemen is wronged, not accused
    for m in others:
        if m is a or m is b or not (lo <= m.start and m.end <= hi):
            continue
        if _ACCUSED_OF.search(text, max(0, m.start - 40), m.start) and \
                _CHARGE_PREP.match(text, m.end):
            return True
    if _has_trigger(text, lo, hi, "ACCUSE"):
        return False  # "Kishida said Tokyo had lodged a strong protest with Pyongyang"
    for c in claims:
        if c.cue is None or lo <= c.cue.start < hi:
            continue
        if c.content.start <= lo and hi <= c.content.end:
            return True
    return False


def _has_trigger(text: str, start: int, end: int, type_: str) -> bool:
    # "the party secretary in charge of munitions production" charges no one
    stems = [stem(t) for t, _, _ in tokenize(_IN_CHARGE.sub(" ", text[start:end]))]
    return bool(find_cues(stems, lexicon()["triggers"][type_]))


# Relations that tie a noun to the verb whose object (or oblique) it is, through the noun
# phrase it sits in: "met [President Vladimir Putin]", "provided Russia with launchers".
_OBJECT_PATH = ("obj", "iobj", "obl", "nmod", "appos", "flat", "compound", "conj")


def _object_of_another(roots: _Roots, a: Mention, b: Mention, others: Sequence[Mention]) -> bool:
    """``b`` is the object of a verb whose own subject is another actor, and ``a`` is not
    inside that clause: the deed is that subject's, not ``a``'s ("South Korean officials said
    ... after Kim met Putin": Kim met Putin; "Kirby said North Korea had provided Russia with
    launchers": North Korea provided). A subject that is not an actor ("Putin, who met Kim")
    leaves the pair alone."""
    if not roots.parsed:
        return False
    ra, rb = roots.of(a), roots.of(b)
    if ra is None or rb is None:
        return False
    node = rb
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") and node.i != rb.i:
            break
        if node.dep_ not in _OBJECT_PATH or node.head.i == node.i:
            return False
        node = node.head
    else:
        return False
    verb = node
    if verb.i == ra.i or verb.is_ancestor(ra):
        return False  # a is inside the clause (its subject, or deeper)
    subjects = [c for c in verb.children if c.dep_.startswith("nsubj")]
    head = verb
    for _ in range(3):  # "Tokyo was talking with the Houthis and was also asking Oman to ...":
        # a verb joined to another shares its subject (Tokyo asks Oman, not the Houthis)
        if subjects or head.dep_ != "conj" or head.head.i == head.i or head.head.pos_ not in ("VERB", "AUX"):
            break
        head = head.head
        subjects = [c for c in head.children if c.dep_.startswith("nsubj")]
    if not subjects and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.i > 0 and verb.doc[verb.i - 1].pos_ == "PROPN":
        # "... after Kim met President Vladimir Putin": the parse took "after Kim" for a phrase
        # of its own and left "met" with no subject; a name right before a finite verb is it
        subjects = [verb.doc[verb.i - 1]]
    subjects += [c for s in subjects for c in s.children if c.dep_ == "conj"]  # "Kim and Putin met"
    at = {s.i for s in subjects}
    return bool(at) and any(m is not a and m is not b and getattr(roots.of(m), "i", None) in at for m in others)


def _sibling_subjects(ra: Any, rb: Any) -> bool:
    """``rb`` is the subject of a clause of its own, which ``ra``'s clause does not hold as what
    is said or intended ("X said/wanted that Y ..."): "Iran denies ..., while the United States
    ... have sanctioned ...", "Pyongyang's statement came after ... a step that the United
    States and Japan condemned". Each acts in its own clause."""
    while rb.dep_ == "conj" and rb.head.i != rb.i:  # "the United States and [the] European Union"
        rb = rb.head
    if not rb.dep_.startswith("nsubj"):
        return False
    vb = rb.head
    if vb.i == ra.i or vb.is_ancestor(ra):
        return False  # ra is inside rb's clause
    va = ra.head
    while va.pos_ not in ("VERB", "AUX") and va.head.i != va.i:
        va = va.head  # the verb of ra's clause ("Pyongyang's statement came")
    if va.i == vb.i:
        return False
    for top, low in ((va, vb), (vb, va)):
        node, path = low, []
        while node.i != top.i and node.head.i != node.i and len(path) < 6:
            # a noun's "that" clause ("evidence that Iran continues ...") is what is said;
            # a relative clause ("a step that Japan condemned") is not
            content = node.dep_.startswith("acl") and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in node.children)
            path.append("ccomp" if content else node.dep_)
            node = node.head
        # only complements and their conjuncts between: what is said, wanted or tried
        if node.i == top.i and path and path[-1] in _COMPLEMENTS and all(
                d in _COMPLEMENTS or d == "conj" for d in path):
            return False
    return True


_COMPLEMENTS = ("ccomp", "xcomp", "csubj")
_TEMPORAL = {"after", "before", "when", "since", "until", "while", "once"}


_NOMINAL_BY = re.compile(r"(\w+)\s+by\s+$")
_NOMINAL_TO = re.compile(r"\s+(?:to|with|on)\s+(?:the\s+)?")


def _nominal_type(text: str, s0: int, a: Mention, b: Mention) -> str | None:
    """The lexicon type of an event noun in "<noun> by <a> to/with <b>" ("a visit by the
    defence minister to Pyongyang", "talks by the envoy with Seoul"), else None."""
    before = _NOMINAL_BY.search(text[max(s0, a.start - 40):a.start])
    if before is None or not _NOMINAL_TO.fullmatch(text[a.end:b.start]):
        return None
    noun = stem(before.group(1).lower())
    return next((t for t in lexicon()["triggers"] if noun in _one_word_triggers(t)), None)


_FIGHTERS = {"rebels", "forces", "troops", "militants", "fighters", "army", "navy", "military", "militia",
             "warplanes", "warships", "jets", "drones", "units", "soldiers", "gunmen", "insurgents", "guerrillas"}


def _subject_deeds(roots: "_Roots", text: str, scored: list, actors: list[Mention], placed: dict,
                   kind: dict, min_conf: float) -> list:
    """One-actor deeds told as a clause, outside any report: "Houthi rebels attacked a
    tanker", "North Korea fired two missiles into the sea". The actor is the subject of a verb
    that is a MOBILIZE or ASSAULT trigger, and has no two-sided event in the sentence; the
    trigger's lexicon type decides, at SINGLE_ACTOR confidence, as inside a report."""
    if not roots.parsed:
        return []
    out = []
    by_head = roots.by_head(actors)
    for m in actors:
        if kind.get(id(m)) or placed.get(id(m)) or _owner_of_another(text, m, actors):
            continue  # ... or "Yemen's Houthi rebels fired": the rebels fired, not Yemen
        r = roots.of(m)
        if r is not None and r.dep_ in ("compound", "amod", "nmod:poss") and r.head.lower_ in _FIGHTERS:
            r = r.head  # "Houthi rebels attacked", "Russian forces fired", "attacks by Houthi rebels"
        if r is not None and r.dep_ in ("obl", "nmod", "obl:agent") and any(
                c.dep_ == "case" and c.lower_ == "by" for c in r.children) and r.head.pos_ == "NOUN":
            # "weeks of attacks by Yemen's Houthi rebels": the deed noun's agent (the rebels',
            # not Yemen's: a possessor is where they are from)
            if roots.of(m).dep_ == "nmod:poss":
                continue
            deed = _trigger(text, r.head.idx, r.head.idx + len(r.head.text))
            if deed is not None and not any(x is m and sc >= min_conf for sc, x, _, _ in scored):
                out.append((SINGLE_ACTOR, m, None, Coded(root=deed[2], confidence=SINGLE_ACTOR, plover=deed[2])))
            continue
        if r is None or r.dep_ != "nsubj" or r.head.pos_ != "VERB":
            continue
        verb = r.head
        trig = _trigger(text, verb.idx, verb.idx + len(verb.text))
        obj = next((c for c in verb.children if c.dep_ == "obj"), None)
        if trig is None and obj is not None and verb.lemma_.lower() in _LIGHT_VERBS:
            # "The Houthis have carried out more than two dozen attacks on merchant ships"
            trig = _trigger(text, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge.text))
        elif trig is None and verb.lemma_.lower() in _ASPECT_VERBS:
            # "the group continued to fire missiles at ships": the deed right after the aspect
            # verb ("continued to fire", "began attacking"), whatever the parse made of it
            nxt = [t for t in verb.doc[verb.i + 1:verb.i + 3] if not t.is_punct]
            trig = _trigger(text, verb.idx, verb.right_edge.idx + len(verb.right_edge.text)) if nxt and any(
                _trigger(text, t.idx, t.idx + len(t.text)) for t in nxt) else None
        if trig is None or any(c.dep_ in ("neg",) or c.lower_ in ("not", "never", "n't") for c in verb.children):
            continue
        if any(x is m and sc >= min_conf for sc, x, _, _ in scored):
            continue  # already in an event here
        type_ = trig[2]
        if type_ == "ASSAULT" and _attack_in_words(roots, m) is not None:
            continue  # "Moscow attacked the decision as a hostile act": words, and no one struck
        end = verb.right_edge.idx + len(verb.right_edge.text)
        if type_ == "MOBILIZE" and _AGAINST.search(text, trig[1], end):
            type_ = "ASSAULT"  # "had launched North Korean-supplied missiles against Ukraine"
        # the side struck, when the clause names it: "... against Ukraine", "at Ukraine"
        target = next((by_head[c.i] for c in verb.subtree if c.i in by_head and by_head[c.i] is not m
                       and any(k.dep_ == "case" and k.lower_ in _STRUCK_CASES for k in c.children)), None)
        out.append((SINGLE_ACTOR, m, target, Coded(root=type_, confidence=SINGLE_ACTOR, plover=type_)))
    return out


# Verbs that carry a deed named by their object: "carried out attacks", "staged raids"
_LIGHT_VERBS = {"carry", "conduct", "stage", "mount", "perform"}
_ASPECT_VERBS = {"continue", "begin", "start", "keep", "resume"}  # "continued to fire", "began attacking"
_STRUCK_CASES = ("against", "at", "toward", "towards", "on")
# a side right after these is where a launch was aimed ("fired missiles at Ukraine"); "on" is
# left out, as it names days as often ("fired missiles on Monday")
_AIMED_AT = re.compile(r"\b(?:" + "|".join(c for c in _STRUCK_CASES if c != "on") + r")\s+(?:the\s+)?$", re.I)


def _trigger(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """First MOBILIZE or ASSAULT trigger in the span, MOBILIZE ("launch", "test") first."""
    toks = tokenize(text[start:end])
    stems = [stem(t) for t, _, _ in toks]
    for type_ in ("MOBILIZE", "ASSAULT"):
        hits = find_cues(stems, lexicon()["triggers"][type_])
        if hits:
            _, a, b = toks[hits[0]]
            if type_ == "MOBILIZE" and _AGAINST.search(text, start + b, end):
                type_ = "ASSAULT"  # "launched ballistic missiles against targets in Ukraine"
            return start + a, start + b, type_
    return None


# Where a launch is aimed makes it an attack: "against targets in Ukraine", "at ships",
# "toward Israel" -- not "at least one", "at dawn", "at 10:42 p.m.".
_AGAINST = re.compile(r"\b(?:against|at|toward|towards)\s+(?!least\b|most\b|about\b|around\b|dawn\b|night\b|"
                      r"noon\b|midnight\b|sea\b|the\s+(?:time|end|start|same|weekend)\b|\d)")


def _event(article_id: str, text: str, sent_no: int, s0: int, s1: int, sent: Any,
           a: Mention, b: Mention | None, coded: Coded, score: float, claims: list[Claim],
           published: str | None, mentions: list[Mention],
           toks: list[tuple[str, int, int]]) -> Event:
    """``toks``: the sentence's tokens (:func:`tokenize` of ``text[s0:s1]``)."""
    sentence = text[s0:s1]
    lo = min(a.end, b.end if b else a.end)
    hi = max(a.start, b.start if b else s1)
    focus_at = _focus(text, a, b, s1)
    mod = modality_of(sentence, focus_at - s0, doc=sent)
    plover = coded.plover
    type_, trigger = plover, None
    stems_all = [(w, s0 + x, s0 + y) for w, (_, x, y) in zip(cue_stems([t for t, _, _ in toks]), toks)]
    modality, modality_cue = mod.modality, mod.cue
    if plover == "AGREE" and mod.modality in ("planned", "hypothetical", "asserted"):
        # "would supply": the action is AID; the codebook files it under AGREE.
        # ... the signing of a deal is the agreement itself, not an action agreed to
        # ... nor is a weapon's name ("agreed to share missile warning data": sharing, not an attack)
        span = [(s, x) for s, x, _ in stems_all if min(a.start, lo) <= x <= max(hi, a.end) + 40
                and s != "sign" and s not in _WEAPON_STEMS]
        window = [s for s, _ in span]
        # ... and "would designate the Houthis as terrorists" is COERCE, planned. Of several
        # actions named, the one nearest the other side ("speaking during a visit to Bahrain,
        # said the coalition would bring together Britain": together, not visit)
        to = b.start if b is not None else a.end
        found = [(min(abs(span[i][1] - to) for i in hits), rank, cand)
                 for rank, cand in enumerate((*COOPERATIVE_ACTIONS, "COERCE", "SANCTION", "ASSAULT"))
                 for hits in [find_cues(window, lexicon()["triggers"][cand])] if hits]
        if found:
            type_ = min(found)[2]
            if modality == "asserted":
                # "the two leaders promised closer cooperation": what was promised is the
                # action, planned (plover_type stays the codebook's AGREE)
                modality, modality_cue = "planned", trigger_word(text, coded.root, lo, hi, stems_all)
    quits = _QUITS.search(text, min(a.end, lo), max(hi, a.end) + 40) if plover in ("AGREE", "COOPERATE") else None
    if quits is not None and modality == "negated":
        # "it would no longer be bound by the 2018 military agreement": leaving an accord is a
        # measure against the other side, as suspending it is (SANCTION), not an agreement denied
        type_ = "SANCTION"
        modality = "planned" if quits.group(1) else "asserted"
        modality_cue = quits.group(0)
    mode = _mode(type_, [s for s, _, _ in stems_all])
    if type_ == "ASSAULT" and _verbal_attack(a, b, mode, stems_all, lo, hi):
        # "He attacked Cruz relentlessly", "Trump is spending the final day attacking a
        # rival", "Donald Trump started attacking Latinos": a politician attacking someone
        # with words accuses, and strikes no one
        type_, mode = "ACCUSE", _mode("ACCUSE", [s for s, _, _ in stems_all])
    date = best_date(sentence, published, focus_at - s0)
    if modality == "asserted" and _after_publication(date, published):
        # "the candidate will be attending events in Kansas on Saturday": a deed dated after
        # the report that tells of it has not happened yet
        modality, modality_cue = "planned", date.text
    contexts = _contexts([s for s, _, _ in stems_all], type_, mode)
    plover_type = _codebook_type(type_, modality)
    cameo_mode = mode if plover_type == type_ else _AS_INTENT.get(type_)
    cameo = vocabulary().cameo_code(plover_type, cameo_mode, contexts)
    trigger = trigger_word(text, coded.root, lo, hi, stems_all)
    return Event(
        type=type_, plover_type=plover_type,
        actors=[_ref(a)], recipients=[_ref(b)] if b else [],
        evidence=Evidence(article_id, sent_no, s0, s1), mode=mode, contexts=contexts,
        cameo=cameo, date=date.date if date else None,
        date_precision=date.precision if date else "unknown",
        date_relative=date.relative if date else False,
        location=_location(text, s0, s1, mentions, a, b), modality=modality,
        modality_cue=modality_cue, attribution=_attribution(claims, a, b, focus_at),
        trigger=trigger, confidence=round(min(score, 0.99), 3))


# Ceasing to keep an accord: "would no longer be bound by", "will no longer abide by"
_QUITS = re.compile(r"\b(?:(would|will|shall|to)\s+)?no\s+longer\s+(?:be\s+)?(?:bound\s+by|abid\w*\s+by|"
                    r"adher\w*\s+to|hono(?:u)?r\w*|observ\w*|compl\w*\s+with|respect\w*)\b", re.I)


# What a negation turns into a refusal: "did not accept the proposal", "will never recognise
# Kosovo", "would not attend the talks", "would never vote for Clinton" -- not "did not have",
# "is not an employee", "did not immediately respond", "would not affect his policy"
_ACCEPTING = frozenset(stem(w) for w in (
    "accept", "agree", "allow", "permit", "approve", "endorse", "support", "back", "recognise", "recognize",
    "comply", "obey", "honor", "honour", "ratify", "ratified", "sign", "join", "attend", "participate",
    "cooperate", "negotiate", "grant", "lift", "extradite", "hand", "release", "return", "withdraw", "abandon",
    "give", "budge", "yield", "bow", "cave", "vote", "defend"))
_NOT_STEMS = frozenset({"not", "never"})
_FUTURE_ONLY = frozenset({"will"})
# what is let in or through when allowing yields: "allowed aid trucks into Gaza"
_ENTRY = frozenset(stem(w) for w in ("into", "enter", "entry", "access", "cross", "crossing", "passage", "aid",
                                     "humanitarian", "deliveries", "convoys", "trucks", "visit", "inspectors",
                                     "evacuation", "evacuate", "leave", "return", "exit"))
_WHEN_WORDS = frozenset(stem(w) for w in ("on", "later", "soon", "briefly", "last", "this", "next", "week", "monday",
                                          "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
_TRUCE = frozenset(stem(w) for w in ("ceasefire", "truce", "moratorium", "amnesty", "pause", "deadline"))
_FREE_NOUNS = frozenset(stem(w) for w in ("press", "speech", "trade", "market", "markets", "elections", "agent",
                                          "world", "society", "rein", "fall", "ride", "will", "kick", "throw", "of"))
# Types the coder alone may not give: with none of the type's words near the two sides, its
# guess was right for 2 of 48 such events on two labelled real-news streams (docs/events.md)
_NEEDS_A_WORD = frozenset({"AID", "REJECT", "AGREE", "THREATEN", "SANCTION"})
# what is released when a release is no concession: words, figures, pictures
_INFORMATION = frozenset(stem(w) for w in (
    "poll", "survey", "data", "figure", "result", "report", "statement", "video", "footage", "record", "document",
    "email", "transcript", "letter", "list", "details", "numbers", "statistics", "tax", "ad", "advert", "book",
    "album", "film", "song", "study", "paper", "memo", "photo", "image", "tape", "audio", "version", "forecast",
    "earnings", "profit", "text", "findings", "information", "names", "guidance", "schedule", "platform"))
_DEAL_WORDS = frozenset(stem(w) for w in ("sign", "pact", "treaty", "memorandum", "contract", "ceasefire", "truce",
                                            "protocol", "charter", "alliance"))
# between a negation and the verb it turns: auxiliaries, "be", adverbs ("does not, and never
# will, accept")
_NEGATION_GAP = frozenset({",", "be", "have", "do", "will", "would", "shall", "can", "could", "may", "might", "must",
                           "to", "yet", "immediately", "automatically", "formally", "publicly", "fully", "even",
                           "ever", "again", "just", "simply", "officially", "currently", "now", "still", "also"})


def _near_sides(toks: list[tuple[str, int, int]], s0: int, a: Mention, b: Mention | None) -> list[int]:
    """Indices of the tokens between the two sides, or 30 characters on (where
    :func:`trigger_word` looks for a trigger)."""
    lo = min(a.end, b.end if b else a.end)
    hi = max(a.start, b.start if b else a.end)
    return [i for i, (_, x, _) in enumerate(toks) if lo <= s0 + x <= hi + 30]


def _trigger_hits(toks: list[tuple[str, int, int]], s0: int, a: Mention, b: Mention | None,
                  type_: str) -> list[tuple[int, str]]:
    """``type_``'s lexicon triggers near the two sides (:func:`_near_sides`): (token index,
    stem) of the first word of each."""
    inside = _near_sides(toks, s0, a, b)
    stems = cue_stems([t for t, _, _ in toks])  # the whole sentence's: "what he called" starts before the window
    window = [stems[i] for i in inside]
    return [(inside[j], window[j]) for j in find_cues(window, lexicon()["triggers"][type_])]


def _weak_triggers(toks: list[tuple[str, int, int]], s0: int, a: Mention, b: Mention | None, type_: str,
                   weak: frozenset[str]) -> list[int] | None:
    """The token indices of ``type_``'s triggers near the two sides (:func:`_trigger_hits`)
    when there are some and every one is a ``weak`` word; else None."""
    hits = _trigger_hits(toks, s0, a, b, type_)
    if not hits or any(w not in weak for _, w in hits):
        return None
    return [i for i, _ in hits]


def _no_blow(roots: "_Roots", text: str, toks: list[tuple[str, int, int]], s0: int, a: Mention,
             b: Mention | None) -> bool:
    """Whether an ASSAULT's actor struck no one: it is the subject of a passive ("Crutcher was
    shot and killed by a white officer", "Crutcher was killed Friday": the victim), or the
    only words of force near the sides are idioms ("are hitting the road now that the
    partying is over") or a fight for something ("he has fought to push through incremental
    policy initiatives")."""
    if roots.parsed and (r := roots.of(a)) is not None and r.dep_ == "nsubj:pass" and any(
            c.dep_ == "aux:pass" for c in r.head.children):  # "was killed", not "the struggle the Gama'a launched"
        return True
    hits = _trigger_hits(toks, s0, a, b, "ASSAULT")
    return bool(hits) and all(
        (w == "hit" and _HIT_IDIOM.match(text, s0 + toks[i][1]))
        or (w == "fight" and _FIGHT_FOR.match(text, s0 + toks[i][1])) for i, w in hits)


# "hitting the road", "hit the campaign trail", "may hit TV ratings gold": no blow
_HIT_IDIOM = re.compile(r"hit(?:s|ting)?\s+(?:the\s+)?(?:road|campaign\s+trail|trail|airwaves|ground\s+running|"
                        r"jackpot|headlines|shelves|stores|market|record|(?:[\w-]+\s+){0,2}gold)\b", re.I)
# "fought to push through", "fighting for the nation's rights": a cause, not a battle
_FIGHT_FOR = re.compile(r"f(?:ight|ought)(?:s|ing)?\s+(?:hard\s+)?(?:to|for)\b", re.I)


def _no_talks(roots: "_Roots", text: str, toks: list[tuple[str, int, int]], s0: int, a: Mention,
              b: Mention | None) -> bool:
    """Whether a CONSULT names no one talked with: the other side is what the talks are about
    ("officials from Sweden and Finland were included ... in discussions of alliance policy
    toward Russia", "while Secretary of State John Kerry negotiates with Russia over Syria",
    "for talks on various Security Council issues with Chilean officials"), or the only word of
    talks is "host" as a title ("the RT host and former MSNBC personality Ed Schultz", "said
    MSNBC host Chris Matthews")."""
    about = _ABOUT_BEFORE.search(text, max(0, b.start - 48), b.start) if b is not None and b.start > a.start else None
    if about is not None:
        partner = _WITH_BEFORE.search(text, max(0, b.start - 48), b.start)
        if partner is None or partner.start() < about.start():  # "with Russia over Syria": Syria is the topic
            return True
    hits = _trigger_hits(toks, s0, a, b, "CONSULT")
    if not hits or not roots.parsed or any(w != "host" for _, w in hits):
        return False
    for i, _ in hits:
        span = roots.doc.char_span(s0 + toks[i][1], s0 + toks[i][2], alignment_mode="expand")
        if span is None or span.root.pos_ != "NOUN" or span.root.dep_ not in ("compound", "appos", "nsubj", "ROOT",
                                                                               "nmod:desc", "conj"):
            return False
    return True


# the topic of talks right before a name: "toward Russia", "over Syria", "on various Security
# Council issues" (not "with Chilean officials", "to Rwanda")
_ABOUT_BEFORE = re.compile(r"\b(?:over|about|toward|towards|regarding|concerning|on)\s+(?:the\s+|various\s+|its\s+)?"
                           r"(?:[\w'’-]+\s+){0,2}$")
_WITH_BEFORE = re.compile(r"\bwith\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$")


def _no_support(text: str, toks: list[tuple[str, int, int]], s0: int, s1: int, a: Mention,
                b: Mention | None) -> bool:
    """Whether a SUPPORT endorses no one: its only words of support near the sides are
    "elected" ("local elected officials", "Hillary Clinton, if elected, would need a Senate
    majority", "an elected member of parliament for the NLD") or, in a poll report, "support"
    and "back" ("Clinton was supported by 42 percent of those responding, while Trump ...",
    "44 percent would back Trump", "as Trump consolidates the support of the Republican
    Party", "Trump's overall standing with Latinos down to 14 percent"): the voters polled
    support the candidates, who support no one. Nor does one "stand with" anyone but whom the
    "with" names: "joins Turkey and the United States in their refusal to stand with justice"
    has Turkey support neither the United States nor Israel."""
    hits = _trigger_hits(toks, s0, a, b, "SUPPORT")
    poll = _POLL.search(text, s0, s1) is not None
    if not hits:
        stems = cue_stems([t for t, _, _ in toks])
        anywhere = find_cues(stems, lexicon()["triggers"]["SUPPORT"])
        if anywhere and all(stems[i] in _with_support() for i in anywhere):
            return True  # the sentence's only support is "stand with" someone, farther off
        return poll  # "... while 5 percent prefer Libertarian Gary Johnson and 2 percent Green Party ..."
    return all(w == "elect" or (poll and w in ("support", "back", "stand")) or
               (w in _with_support() and not _with_whom(toks, s0, i, b)) for i, w in hits)


@functools.lru_cache(maxsize=1)
def _with_support() -> frozenset[str]:
    """The first stems of the lexicon's support said with "with" ("stand with", "side with",
    "solidarity with")."""
    return frozenset(c[0] for c in lexicon()["triggers"]["SUPPORT"] if c[1:] == ("with",))


def _with_whom(toks: list[tuple[str, int, int]], s0: int, i: int, b: Mention | None) -> bool:
    """Whether the other side is whom "stand with" at token ``i`` names: it follows the "with"
    ("would always stand with Moscow", "stood with other GOP leaders"), not a phrase later
    ("their refusal to stand with justice is Israel")."""
    if b is None or i + 1 >= len(toks) or b.start < s0 + toks[i + 1][2]:
        return False
    between = [t.lower() for t, x, _ in toks[i + 2:] if s0 + x < b.start]
    return len(between) <= 3 and all(t in _WITH_WHOM_FILLER for t in between)


_WITH_WHOM_FILLER = frozenset({"the", "a", "an", "other", "fellow", "its", "their", "his", "her", "our", "all",
                               "both", "longtime", "old", "traditional"})


_POLL = re.compile(r"\b(?:polls?|polling|surveys?|percent|per\s+cent|percentage\s+points?|likely\s+voters)\b|\d\s?%", re.I)


def _no_yield(toks: list[tuple[str, int, int]], s0: int, a: Mention, b: Mention | None) -> bool:
    """Whether a YIELD (RETREAT, CONCEDE) has nothing yielded: no word of a concession near the
    two sides ("Tajikistan, which borders Afghanistan and China, has been split by ... a
    coalition of Islamic and liberal groups" was China CONCEDE Islamic), or only words of
    yielding in their other senses (:func:`_weak_yield`): a release of words and figures,
    travel home, leave to do something, "in return", a "free press". PLOVER's RETREAT
    releases people, places and forces."""
    hits = _trigger_hits(toks, s0, a, b, "YIELD")
    return not hits or all(_weak_yield(toks, i, w) for i, w in hits)


def _weak_yield(toks: list[tuple[str, int, int]], i: int, w: str) -> bool:
    """Whether the YIELD trigger at token ``i`` (stem ``w``) is used in a sense that yields
    nothing: "A Quinnipiac University poll released in late August", "released its
    consolidated first half figures", "the release of strong U.S. economic data", "release his
    tax returns"; "he was likely to return on Saturday to his holiday resort", "unloaded on
    Cruz in return"; "it now allowed me to go to India", "cannot allow Hillary Clinton to
    become president" (not "allowed aid trucks into Gaza"); "extended to the CNBC debate" (not
    "extended the ceasefire"); "the wildly free press environment"."""
    words = [stem(t) for t, _, _ in toks]
    after = words[i + 1:i + 7]
    if w in ("releas", "return"):
        if any(x in _INFORMATION for x in words[max(0, i - 4):i] + after):
            return True
        if w != "return":
            return False
        if i > 0 and words[i - 1] == "in":
            return True  # "in return"
        nxt = next((x for x in after if x not in _WHEN_WORDS), None)
        return nxt in ("to", "home")  # "to return on Saturday to his holiday resort"
    if w in ("allow", "permit"):
        return not any(x in _ENTRY for x in after)
    if w == "extend":
        return not any(x in _TRUCE for x in after[:4])
    if w == "fre":
        return toks[i][0].lower() == "free" and bool(after) and after[0] in _FREE_NOUNS
    return False


def _future_only(toks: list[tuple[str, int, int]], s0: int, a: Mention, b: Mention | None) -> bool:
    """Whether an AGREE stands on the future tense alone: "will" is its only trigger near the
    two sides and no deal is named ("Carroll Campbell ... will head Dole's team", "Either
    Clinton or Trump will be president", "Clinton will address Trump's comments"). An action
    agreed to has become AID, CONSULT, ... in :func:`_event` by then; a deal to be signed
    ("will sign a defence pact with Iran") stays."""
    if _weak_triggers(toks, s0, a, b, "AGREE", _FUTURE_ONLY) is None:
        return False
    return not any(stem(toks[i][0]) in _DEAL_WORDS for i in _near_sides(toks, s0, a, b))


def _of_one_mind(text: str, toks: list[tuple[str, int, int]], s0: int, a: Mention, b: Mention | None) -> bool:
    """Whether an AGREE is agreeing with someone's view, not to cooperate: "agree" is its only
    trigger near the sides, right before "with" the other side, and no "to ..." or "on ..."
    says what was agreed ("Anderson largely agreed with McLenny and seemed to think ...", "Dan
    McLaughlin at the National Review agreed with Matthews about the winner"; not "agreed with
    Russia to expand military cooperation")."""
    if b is None or b.start < a.start or _weak_triggers(toks, s0, a, b, "AGREE", frozenset({"agre"})) is None:
        return False
    return (_AGREED_WITH.search(text, max(0, b.start - 24), b.start) is not None
            and _AGREED_TO.match(text, b.end) is None)


_AGREED_WITH = re.compile(r"\bagree(?:d|s|ing)?\s+(?:\w+ly\s+)?with\s+(?:the\s+)?$", re.I)
_AGREED_TO = re.compile(r"\s*,?\s+(?:to|on|over)\s")


def _negation_only(toks: list[tuple[str, int, int]], s0: int, a: Mention, b: Mention | None) -> bool:
    """Whether a REJECT stands on a negation alone: the only refusal word near the two sides
    (:func:`_weak_triggers`) is "not" or "never", and the verb it negates is none that a
    refusal negates (:data:`_ACCEPTING`). PLOVER's REJECT is a refusal of a proposal or
    demand; a negated sentence ("did not have the record of Al Gore", "is not an employee of
    RT", "did not immediately respond to requests for comment") refuses nothing. Real news
    gave many such (48 of the 445 events of the PolNeAR dev month)."""
    hits = _weak_triggers(toks, s0, a, b, "REJECT", _NOT_STEMS)
    if hits is None:
        return False  # a real refusal word ("refused", "rejected", "ruled out"), or none at all
    for i in hits:
        k = i + 1
        while k < len(toks) and stem(toks[k][0]) in _NEGATION_GAP:
            k += 1
        if k < len(toks) and stem(toks[k][0]) in _ACCEPTING:
            return False
    return True


def trigger_word(text: str, type_: str, lo: int, hi: int, stems_all) -> str | None:
    """The first one-word trigger of ``type_`` between the two sides (or 30 characters on)."""
    words = _one_word_triggers(type_)
    hit = next(((x, y) for s, x, y in stems_all if s in words and lo <= x <= hi + 30), None)
    return text[hit[0]:hit[1]] if hit else None


@functools.lru_cache(maxsize=64)
def _one_word_triggers(type_: str) -> frozenset[str]:
    """The stems of the lexicon's one-word triggers of an event type."""
    return frozenset(cue[0] for cue in lexicon()["triggers"].get(type_, ()) if len(cue) == 1)


def _focus(text: str, a: Mention, b: Mention | None, s1: int) -> int:
    """Char offset of the likely predicate: the first word after the first actor and the
    aside that may follow it ("The RSF, led by General Dagalo, have been fighting")."""
    first = a if b is None or a.start < b.start else b
    aside = _ASIDE_AFTER.match(text, first.end, s1)
    start = aside.end() if aside else first.end
    toks = tokenize(text[start:s1])
    skip = {"has", "have", "had", "is", "are", "was", "were", "'s", "’s", ",", "also",
            "recently", "actively", "repeatedly", "reportedly", "and"}
    for t, x, _ in toks:
        if t.lower() not in skip:
            return start + x
    return first.end


# ", led by General Mohamed Hamdan Dagalo,", ", which ... ,", ", a close ally of Moscow,": an aside
_ASIDE_AFTER = re.compile(r"\s*,\s+(?:(?:led|headed|commanded|run|founded|chaired|backed|supported|based|known)\s+\w+"
                          r"|who|which|whose|an?|the)\b[^,;.\"“”]{0,100},")
# "The RSF, led by General Mohamed Hamdan Dagalo, ...": who leads a side describes it; no side of its own
_LED_BY = re.compile(r",\s+(?:led|headed|commanded|run|founded|chaired)\s+by\s+(?:the\s+)?"
                     r"(?:[\w.'’-]+\s+){0,3}$")


def _after_publication(date, published: str | None) -> bool:
    """Whether ``date`` (a resolved DateRef) is a day after the publication date."""
    return (date is not None and date.precision == "day" and date.date is not None and published is not None
            and len(published) >= 10 and date.date > published[:10])


def _codebook_type(type_: str, modality: str) -> str:
    if modality in ("planned", "hypothetical") and type_ in COOPERATIVE_ACTIONS:
        return "AGREE"
    if modality in ("negated", "denied") and type_ in ("AGREE", "CONSULT", "SUPPORT"):
        return "REJECT"
    if modality in ("negated", "denied") and type_ in ("COOPERATE", "AID"):
        return "REJECT" if modality == "denied" else "SANCTION"
    return type_


_NO_MODES: dict = {}


def _verbal_attack(a: Mention, b: Mention | None, mode: str | None, stems_all, lo: int, hi: int) -> bool:
    """An "attack" by a person with no weapon, force or military word in the sentence: on
    another person, whatever the word; on a people, a group or no one named, when "attack" is
    the only word of force near the sides ("Donald Trump started attacking Latinos", "she
    attacked law enforcement officers"; not "shot", "killed", and never on a state or a place,
    which only the sentence's other words can tell apart)."""
    stems = [x for x, _, _ in stems_all]
    if a.label not in ("PER", "PERSON") or mode is not None or any(
            cue_hits(stems, lexicon()["contexts"]).get(c) for c in ("military", "terrorism")):
        return False
    if b is not None and b.label in ("PER", "PERSON"):
        return True
    if b is not None and b.label not in ("NORP", "ORG", "LOC"):
        return False  # a state ("attacked Ukraine") is told apart by the sentence's other words only
    force = {x for x, at, _ in stems_all if lo <= at <= hi + 30 and x in _one_word_triggers("ASSAULT")}
    return force == {"attack"}


def _mode(type_: str, stems: list[str]) -> str | None:
    best = None
    for name, hits in cue_hits(stems, lexicon()["modes"].get(type_, _NO_MODES)).items():
        if hits and (best is None or hits[0] < best[1]):
            best = (name, hits[0])
    return best[0] if best else None


def _contexts(stems: list[str], type_: str, mode: str | None) -> list[str]:
    found = [c for c, hits in cue_hits(stems, lexicon()["contexts"]).items() if hits]
    if mode in vocabulary().contexts and mode not in found:
        found.insert(0, mode)  # AID military -> military context
    if type_ in ("CONSULT", "AGREE", "REQUEST", "REJECT") and "diplomatic" not in found:
        found.append("diplomatic")
    return found


def _location(text: str, s0: int, s1: int, mentions: Iterable[Mention], a: Mention,
              b: Mention | None) -> str | None:
    for m in mentions:
        if m is a or m is b or m.label not in ("LOC", "GPE"):
            continue
        if text[max(s0, m.start - 6):m.start].lower().rstrip().endswith(("in", "at", "near")):
            return m.text
    return None


_SPOKEN = {"ACCUSE", "REJECT", "REQUEST", "THREATEN", "SUPPORT"}


def _names_masked(toks: list[tuple[str, int, int]], s0: int,
                  mentions: list[Mention]) -> list[tuple[str, int, int]]:
    """The sentence's tokens with every capitalised word of a name that is also a trigger
    word blanked: "weapons to Sudan's Rapid Support Forces" names no SUPPORT, "the Strike
    Group" no strike; the coder reads what is done, not what someone is called. A name the
    NER missed counts too, when the word stands inside a run of capitalised words past the
    sentence's first: "Bend the Arc, Demand Progress, American Family Voices" signed a
    letter, and no one demanded anything."""
    words = _trigger_words()
    spans = [(m.start - s0, m.end - s0) for m in mentions]
    alpha = [w for w, _, _ in toks if w.isalpha()]
    # a headline set in capitals ("Rand Paul Scores Direct Hit On Donald Trump") has no runs
    # of names to go by: its small words are capitalised too
    headline = any(w in _TITLE_SMALL for w in alpha[1:])

    def capital(i: int) -> bool:  # a capitalised word, not one in capitals ("NEW YORK ENDS ...")
        return 0 < i < len(toks) and toks[i][0][:1].isupper() and toks[i][0][1:].islower()

    return [("Name", x, y) if w[:1].isupper() and stem(w.lower()) in words
            and (any(a <= x and y <= b for a, b in spans)
                 or (not headline and capital(i) and (capital(i - 1) or capital(i + 1))))
            else (w, x, y) for i, (w, x, y) in enumerate(toks)]


_TITLE_SMALL = {"On", "Of", "In", "To", "For", "At", "With", "And", "By", "From", "Over", "Into", "Against"}


@functools.lru_cache(maxsize=1)
def _trigger_words() -> frozenset[str]:
    """The stems of every one-word trigger of the lexicon, whatever its type."""
    return frozenset().union(*(_one_word_triggers(t) for t in lexicon()["triggers"]))


def _pronouns_named(toks: list[tuple[str, int, int]], ranges: dict[int, tuple[int, int]],
                    actors: list[Mention]) -> tuple[list[str], dict[int, tuple[int, int]]]:
    """The sentence's words and the actors' token ranges with each "it"/"they"/"he"/"she"
    written as the name it stands for: the coder was trained on sentences whose sides are
    named, never on a bare pronoun as a side."""
    words = [t for t, _, _ in toks]
    swaps = {ranges[id(m)][0]: [t for t, _, _ in tokenize(m.antecedent)] for m in actors
             if m.antecedent and m.text.lower() in _PRONOUN_WORDS
             and ranges[id(m)][1] - ranges[id(m)][0] == 1}
    return _rewritten(words, ranges, {i: w for i, w in swaps.items() if w})


def _aspect_dropped(words: list[str], ranges: dict[int, tuple[int, int]]) -> tuple[list[str], dict[int, tuple[int, int]]]:
    """The words with "continue(s/d) to" before a verb left out: going on with a deed is the
    deed ("Iran continues to send lethal aid to the Houthis" is Iran's AID); the modality
    reads the aspect from the text itself."""
    sides = list(ranges.values())
    swaps = {j: [] for i in range(len(words) - 2) if words[i + 1].lower() == "to" and stem(words[i].lower()) == _CONTINUE
             and words[i + 2].isalpha() and words[i + 2].islower() and words[i + 2] not in _NOT_A_VERB
             and not any(a <= i < b for a, b in sides) for j in (i, i + 1)}
    return _rewritten(words, ranges, swaps) if swaps else (words, ranges)


_CONTINUE = stem("continues")
#: What may follow "continued to" and is no verb: "the convoy continued to the border".
_NOT_A_VERB = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "our", "my", "your"}


def _rewritten(words: list[str], ranges: dict[int, tuple[int, int]],
               swaps: dict[int, list[str]]) -> tuple[list[str], dict[int, tuple[int, int]]]:
    """``words`` with the word at each index of ``swaps`` replaced by its list (empty: left
    out), and ``ranges`` moved to match."""
    if not swaps:
        return words, ranges
    out: list[str] = []
    moved = []  # where each old token starts in ``out``; one more for the end
    for i, w in enumerate(words):
        moved.append(len(out))
        out += swaps[i] if i in swaps else [w]
    moved.append(len(out))
    return out, {key: (moved[a], moved[b]) for key, (a, b) in ranges.items()}


def _by_name(text: str, s0: int, ref: ActorRef, anchors: dict) -> ActorRef:
    """``ref`` itself, or the name a pronoun stands for when it is in the same sentence."""
    at = anchors.get((ref.start, ref.end))
    if at is None or at[0] < s0 or ref.text.lower() not in _PRONOUN_WORDS:
        return ref
    return dataclasses.replace(ref, text=text[at[0]:at[1]], start=at[0], end=at[1])


_PRONOUN_WORDS = {"he", "she", "it", "they"}


def _ref(m: Mention) -> ActorRef:
    return ActorRef(m.text, m.start, m.end, None, m.country)


def _attribution(claims: list[Claim], a: Mention, b: Mention | None,
                 focus_at: int) -> AttributionRef:
    for c in claims:
        inside = c.content.start <= focus_at <= c.content.end or (
            c.content.start <= a.start and a.end <= c.content.end)
        if not inside and b is not None and c.source is not None and \
                c.source.start < a.end and a.start < c.source.end:
            # A self-statement: "North Korea has stated its reluctance to sell ... to Russia".
            inside = c.content.start <= b.start and b.end <= c.content.end
        if not inside:
            continue
        src = ActorRef(c.source.text, c.source.start, c.source.end) if c.source else None
        cue = c.cue.text.lower()
        kind = ("according-to" if cue.startswith("according") else
                "quote" if c.direct else "named" if src else "unnamed")
        return AttributionRef(src, c.cue.text, c.cue.start, c.cue.end, kind)
    return AttributionRef()
