"""One article's spaCy Doc -> Candidates: every span that may name an actor or a place.

Two sources, merged:
  * a gazetteer scan over tokens for what the data files know for certain (seats of
    government, organisations, armed groups, countries, demonyms) and for patterns the NER
    does not tag ("South Korea's military", "Biden administration", "the Russian defence
    minister");
  * the NER spans, in CoNLL (PER ORG LOC MISC) or OntoNotes (PERSON ORG GPE NORP LOC FAC)
    labels, looked up in the data first and classified by label otherwise.
Where both cover text, the gazetteer wins if its span contains the NER span (it knows more);
a longer NER span wins otherwise ("Russian Academy of Sciences" is not "Russian").

Nothing here looks at other articles: candidates are stored per article and resolution
(``resolve.py``) links them across the scope.
"""

from __future__ import annotations

import re

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

from wirewatch.entities.knowledge import LAW_NAME, PARTY_PREFIX, Hit, fold, knowledge
from wirewatch.entities.names import COURTESY, clean_name, initials, looks_like_name, name_key, split_name, word_count
from wirewatch.entities.records import Candidate
from wirewatch.entities.titles import (
    MAX_AFFIL,
    MAX_TITLE,
    longest_forward,
    role_after,
    role_before,
    tail_of_other_name,
    title_of,
)

#: NER labels of either scheme -> the four wirewatch reads. Others (DATE, CARDINAL...) are ignored.
LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
          "MISC": "MISC", "NORP": "MISC"}

# A sentence that credits an image or licence names no actor ("... was created by Marmelad").
_CREDIT = re.compile(
    r"(?i)\b(?:created|photographed|taken|uploaded|drawn|illustrated) by\b|creative commons|"
    r"\blicen[cs]ed under\b|\b(?:photo|image|picture|illustration)s?\s*(?:credit|courtesy|by)\b|"
    r"\b(?:photo|image) ?:|\bcredit ?:|©|\bvia (?:wikimedia|getty|shutterstock|flickr)\b"
)
_LOCATIVE = {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within", "beyond", "capital", "city"}
_TOWARD = {"to", "from", "into", "toward", "towards", "for"}
_MOTION = {"visit", "visits", "visited", "visiting", "trip", "travel", "travelled", "traveled", "travelling", "flew",
           "fly", "flight", "arrived", "arrive", "arrival", "returned", "return", "went", "journey", "came", "sailed",
           "headed", "heading", "moved", "drove", "delegation", "route", "train"}
_FUNCTION = {"has", "have", "had", "is", "are", "was", "were", "will", "would", "said", "says", "say", "told", "and",
             "or", "of", "in", "on", "at", "to", "for", "from", "with", "by", "that", "which", "who", "as", "but",
             "could", "can", "may", "might", "should", "must", "did", "does", "do", "been", "also", "not", "than",
             "then", "reported", "announced", "warned", "accused", "denied", "confirmed"}
_ORG_SECTORS = (
    (re.compile(r"\b(?:defen[cs]e ministry|ministry of defen[cs]e)\b"), "GOVMIL"),
    (re.compile(r"\b(?:news|newspaper|times|post|journal|tv|television|radio|broadcast\w*|press|media|gazette|herald)\b"), "MED"),
    (re.compile(r"\b(?:army|navy|air force|forces?|command|guards?|brigade|regiment|division|fleet|corps|military|battalion|base)\b"), "MIL"),
    (re.compile(r"\b(?:ministry|department|office|council|agency|commission|government|administration|bureau|service|cabinet|embassy|authority)\b"), "GOV"),
    # "Iran Air", "Air Koryo": a carrier ("air force" and "air defence forces" are MIL above)
    (re.compile(r"\b(?:corp|corporation|inc|ltd|llc|plc|co|company|industries|holdings|shipping|airlines?|airways|air|bank|"
                r"plant|factory|systems|group|lines?|aerospace|aviation|shipbuilding|electronics|motors|dynamics|"
                r"technologies|engineering|trading)\b"), "BUS"),
    (re.compile(r"\b(?:parliament|assembly|congress|senate|duma)\b"), "LEG"),
)
_REGION_WORDS = re.compile(r"\s+(?:region|oblast|province|governorate|district|prefecture|county|state)$", re.I)
_MAX_NAME_WORDS = 5
# a ship named after its kind ("the tanker Sounion") or with a navy's or registry's prefix
_VESSELS = {"ship", "ships", "vessel", "vessels", "tanker", "tankers", "freighter", "freighters", "destroyer",
            "destroyers", "frigate", "frigates", "cruiser", "cruisers", "submarine", "submarines", "warship",
            "warships", "corvette", "corvettes", "trawler", "dhow", "ferry", "yacht", "supertanker", "icebreaker"}
_SHIP_PREFIX = re.compile(r"(?:USS|HMS|HMCS|HMAS|USNS|INS|RFS|MV|M/V|MT|M/T|SS|FS|TCG|ARA)\s")

# a wire service's desk signing off its copy: "-- Sydney Newsroom 61-2 9373-1800"
_NEWS_DESK = re.compile(r"\s(?:Newsroom|News Desk|Newsdesk)$")

# "Sen. Marco Rubio (R-Fla.)", "Sen. Bernie Sanders (I-Vt.)", "Sen. Ted Cruz (Tex.)"
_STATE_TAG = re.compile(r"\s?\((?:([RDI])\s?[-–]\s?)?([A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)\)")
_DESIGNATOR = re.compile(r"^[A-Z][\w.]*[- ]?\d+[\w-]*$")  # Su-35, Hwasong-18, KN-23, Chollima-1
_PLACE_WORDS = re.compile(r"\b(?:River|Sea|Mountains?|Square|Street|Bridge|Islands?|Port|Bay|Lake|Station|Airport|Line|"
                          r"Park|Province|City|Strait|Peninsula|Valley|Base|Zone)\b")
_ORG_WORDS = re.compile(r"\b(?:Authority|Ministry|Agency|Council|Command|Base|Forces?|Party|Corporation|Company|"
                        r"Committee|Commission|Department|Office|Institute|University|Bank|Group|Foundation|"
                        r"Association|Federation|Fund|Society|Center|Centre|Coalition|Alliance)\b")
_HYPHENS = {"-", "‐", "‑"}
_ENDS_IN_ACRONYM = re.compile(r"\s[A-Z]{2,}$")  # "Junge SVP": a body's letters end no person's name

# "a Trump-led", "Iran-backed", "Warren-style", "Orlando-based": the name joined to one of these
# modifies a noun after it; the name is the mention, not the compound
_NAME_MODIFIERS = frozenset(
    "led backed based owned run held controlled dominated aligned allied affiliated linked funded sponsored "
    "supported endorsed appointed nominated brokered imposed inspired designed made built produced supplied "
    "armed trained engineered themed related style type like esque era winning leaning friendly bashing "
    "maker ized born speaking centric proof".split())

_TERMINAL = {".", "!", "?", "…", ":", ";", '"', "”", "’", ")", "'"}
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
# a one-token span with one of these parts of speech is a tagging error, not a name
_NOT_NAME_POS = {"ADP", "ADV", "DET", "PRON", "VERB", "AUX", "CCONJ", "SCONJ", "PART", "INTJ", "NUM", "ADJ", "PUNCT", "SYM"}


def _org_shaped(text: str) -> bool:
    """A name no person has: an organisation's word in it ("Suez Canal Authority", "Clinton
    Foundation"), or a body's letters at its end ("Junge SVP")."""
    return bool(_ORG_WORDS.search(text) or (_ENDS_IN_ACRONYM.search(text) and not text.isupper()))


def sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences; a rule-based split when the pipeline set none (hand-built Docs)."""
    if not doc.has_annotation("SENT_START"):
        from spacy.pipeline import Sentencizer

        Sentencizer()(doc)
    return list(doc.sents)


class _Extractor:
    def __init__(self, doc: Doc, article_id: str):
        self.doc, self.aid, self.kb = doc, article_id, knowledge()
        self.text = doc.text  # Doc.text is rebuilt on each access
        # character offsets of every token, read once: spaCy builds a Token object per doc[i]
        offsets = doc.to_array([IDX, LENGTH]).reshape(-1, 2).astype(int)
        self.starts = offsets[:, 0].tolist()
        self.ends = (offsets[:, 0] + offsets[:, 1]).tolist()
        self._positions: dict[str, list[int]] | None = None  # token text -> indices, on demand
        self.law_letters: set[str] = set()  # set by run()
        self.us_states_named = False  # set by run(): the article names a US state or place
        self.sents = sentences(doc)
        self.sent_at = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_at[i] = n
        # clauses: sentences re-joined where the parser split without terminal punctuation
        # ("... led by Politburo member | Li Hongzhong ..."); titles are read within a clause
        self.clauses: list[tuple[int, int]] = []
        for sent in self.sents:
            if self.clauses and not self._after_terminal(sent.start):
                self.clauses[-1] = (self.clauses[-1][0], sent.end)
            else:
                self.clauses.append((sent.start, sent.end))
        self.clause_at = [0] * len(doc)
        for n, (a, b) in enumerate(self.clauses):
            for i in range(a, b):
                self.clause_at[i] = n
        self.credit = {n for n, (a, b) in enumerate(self.clauses)
                       if _CREDIT.search(self.text[doc[a].idx : doc[b - 1].idx + len(doc[b - 1])])}
        self.role_spans: list[tuple[int, int]] = []

    # -- building blocks --------------------------------------------------------------------
    def _after_terminal(self, i: int) -> bool:
        """Whether token i follows the end of a sentence (terminal punctuation or a line break)."""
        doc, j = self.doc, i - 1
        while j >= 0 and doc[j].is_space:
            if "\n" in doc[j].text:
                return True
            j -= 1
        return j < 0 or "\n" in doc[j].whitespace_ or doc[j].text in _TERMINAL

    def _clause(self, i: int) -> tuple[int, int]:
        return self.clauses[self.clause_at[i]]

    def _cand(self, s: int, e: int, label: str, kind: str, key: str, name: str, how: str, *,
              country: str | None = None, sector: str | None = None, role: str | None = None,
              reason: str | None = None, place: str | None = None,
              courtesy: str | None = None) -> tuple[int, int, Candidate]:
        start, end = self.starts[s], self.ends[e - 1]
        if kind != "description" and self.text[start:end].endswith(("'s", "’s")) and end - start > 2:
            end -= 2  # a tokenizer that left the possessive on the word ("Putin’s")
        return (s, e, Candidate(
            article_id=self.aid, sentence=self.sent_at[s], start=start, end=end, text=self.text[start:end],
            label=label, kind=kind, key=key, name=name, how=how, country=country, sector=sector, role=role,
            reason=reason, place=place, courtesy=courtesy,
        ))

    def _courtesy(self, s: int, e: int) -> str | None:
        """The sex a courtesy title marks on the name at tokens s..e, in the span ("Mr. Trump"
        tagged whole) or just before it: "Mr. Clinton" is Bill, "Mrs. Clinton" Hillary."""
        for i in (s, s - 1) if e - s > 1 else (s - 1,):
            if i >= 0 and (sex := COURTESY.get(self.doc[i].text.rstrip(".").casefold())):
                return sex
        return None

    def _text(self, s: int, e: int) -> str:
        return self.text[self.starts[s] : self.ends[e - 1]]

    def _person_name(self, text: str) -> bool:
        """A span labelled ORG/LOC/MISC that is a person's name: a person named in this article,
        a person in names.yaml, or the shape of an East Asian name ("Jo Chun Ryong")."""
        key = name_key(clean_name(text))
        if key in self.person_keys or key in self.kb.known_names:
            return True
        words = clean_name(text).split()
        return (2 <= len(words) <= 3 and fold(words[0]) in self.kb.family_first and not _PLACE_WORDS.search(text)
                and not _ORG_WORDS.search(text) and all(w[:1].isupper() and w.replace("-", "").isalpha() and len(w) <= 7
                                                        for w in words))

    def _first_word(self, i: int) -> bool:
        doc = self.doc
        j = i - 1
        while j >= 0 and doc[j].is_space:
            j -= 1
        return j < 0 or doc[i].is_sent_start or doc[j].is_sent_start and doc[j].is_space or (
            "\n" in doc[j].whitespace_) or doc[j].text in (".", "!", "?", "\"", "“", "”") or self.sent_at[j] != self.sent_at[i]

    def _capitalised_only_as_first_word(self, i: int) -> bool:
        """A word the article never capitalises except at the start of a sentence, and that
        is no known person's name: taggers read "Hours", "Debris" there as names."""
        word = self.doc[i].text
        key = name_key(word)
        if not self._first_word(i) or key in self.person_keys or key in self.kb.family_first or key in self.kb.known_names:
            return False
        if self._positions is None:
            self._positions = {}
            for t in self.doc:
                self._positions.setdefault(t.text, []).append(t.i)
        return not any(j != i and not self._first_word(j) for j in self._positions[word])

    def _dateline_outlet(self, s: int, e: int) -> bool:
        """'WASHINGTON (Northwire) —': the outlet in brackets after a dateline place."""
        doc = self.doc
        if not (0 < s and e < len(doc) and doc[s - 1].text == "(" and doc[e].text == ")"):
            return False
        para = s - 1
        while para > 0 and "\n" not in doc[para - 1].whitespace_ and not doc[para - 1].is_space:
            para -= 1
        return s - para <= 7 and doc[para].is_upper and len(doc[para]) > 1

    def _continues(self, j: int) -> bool:
        """Whether token j goes on a noun compound ("Russia's military *manufacturing*")."""
        if j >= len(self.doc):
            return False
        tok = self.doc[j]
        if tok.pos_:
            return tok.pos_ in ("NOUN", "PROPN") and not tok.is_punct
        return tok.is_alpha and tok.is_lower and tok.lower_ not in _FUNCTION and not tok.lower_.endswith("ed")

    def _from_hit(self, s: int, e: int, label: str, hit: Hit, text: str) -> tuple[int, int, Candidate] | None:
        kb = self.kb
        if hit.kind in ("country", "demonym", "seat"):
            how = {"demonym": "demonym", "seat": "seat"}.get(hit.kind) or ("name" if text == hit.name else "alias")
            if self._dateline(s, e):
                how = "dateline"
            return self._cand(s, e, label, "country", hit.country or "", hit.name, how, country=hit.country,
                              sector=hit.sector if hit.kind == "seat" else None)
        if hit.kind == "capital":
            if self._place_context(s, e):
                return self._cand(s, e, label, "location", fold(hit.name), hit.name, "capital", country=hit.country)
            return self._cand(s, e, label, "country", hit.country or "", kb.name_of(hit.country or ""), "capital",
                              country=hit.country, sector="GOV")
        if hit.kind in ("place", "region"):
            return self._cand(s, e, label, "location", fold(hit.name), hit.name, "place", country=hit.country)
        how = "name" if text == hit.name else "alias"
        return self._cand(s, e, label, hit.kind, fold(hit.name), hit.name, how, country=hit.country,
                          sector=hit.sector, role=hit.role)

    def _dateline(self, s: int, e: int) -> bool:
        """'WASHINGTON (Northwire) —', 'Seoul, Nov. 22 —' at the start of a paragraph."""
        doc = self.doc
        at_start = s == 0 or "\n" in doc[s - 1].whitespace_ or doc[s - 1].is_space or (
            s >= 2 and doc[s - 1].text == "," and doc[s - 2].is_upper and doc[s - 2].idx == 0)
        if not at_start:
            return False
        rest = self.text[doc[e - 1].idx + len(doc[e - 1]) :][:40]
        if not self._text(s, e).isupper() and rest.lstrip().startswith(","):
            # "Seoul, Nov. 22 —" is a dateline; "Washington, Riyadh's main arms supplier, has
            # said" is a sentence's subject and its apposition
            return bool(re.match(r"\s*,[^,;]{0,30}?(?:\(|—|–|\s-{1,2}\s)", rest))
        return bool(re.match(r"\s*(?:,|\(|—|–|-{1,2}\s)", rest))

    def _place_context(self, s: int, e: int) -> bool:
        """A capital written as a place ("in Pyongyang", "a visit ... to Pyongyang") rather
        than as its government ("Pyongyang denied", "assistance from Moscow")."""
        if self._dateline(s, e):
            return True
        lo = self._clause(s)[0]
        i = s - 1
        if i >= lo and self.doc[i].lower_ == "the":
            i -= 1
        if i < lo:
            return False
        prev = self.doc[i].lower_
        if prev in _LOCATIVE:
            return True
        if prev in _TOWARD:
            return any(t.lower_ in _MOTION for t in self.doc[max(lo, i - 6) : i])
        return False

    # -- gazetteer and pattern scan ---------------------------------------------------------
    _SCAN_KINDS = ("seat", "organisation", "group", "country", "demonym")

    def _exact(self, _doc: Doc, s: int, e: int) -> Hit | None:
        if self.doc[e - 1].is_punct and not self.doc[e - 1].text.endswith("."):
            return None
        hit = self.kb.exact.get(self._text(s, e))
        return hit if hit is not None and hit.kind in self._SCAN_KINDS else None

    def _longest_exact(self, i: int, hi: int) -> tuple[Hit | None, int]:
        """The longest gazetteer span starting at token i (``longest_forward`` over
        ``_exact``), skipping the span look-ups when no form starts with the token."""
        if not self.kb.exact_prefixed(self.doc[i].text, self._SCAN_KINDS):
            return None, i
        return longest_forward(self.doc, i, hi, MAX_AFFIL + 2, self._exact)

    def _scan(self) -> list[tuple[int, int, Candidate]]:
        doc, kb, found = self.doc, self.kb, []
        for n, (c_start, c_end) in enumerate(self.clauses):
            if n in self.credit:
                continue
            i = c_start
            while i < c_end:
                tok = doc[i]
                if not tok.text[:1].isupper():
                    i += 1
                    continue
                hit, j = self._longest_exact(i, c_end)
                # "X administration": the government of the leader X
                if (i + 1 < c_end and doc[i + 1].lower_ == "administration" and tok.is_alpha
                        and not tok.is_stop
                        and (hit is None or hit.kind not in ("country", "demonym"))):
                    code = kb.administrations.get(tok.text)
                    found.append(self._cand(i, i + 2, "ORG", "organisation", fold(f"{tok.text} administration"),
                                            f"{tok.text} administration", "administration", country=code, sector="GOV"))
                    i += 2
                    continue
                if hit is None or (hit.kind in ("country", "demonym") and self._text(i, j) in kb.gazetteer_skip):
                    i += 1
                    continue
                if hit.kind in ("organisation", "group") and i > c_start and tail_of_other_name(doc, i, hit):
                    i = j  # "Kurdistan Democratic Party", "Indonesian Democratic Party": another party
                    continue
                collective = self._collective(j, c_end)
                if collective is not None and hit.kind in ("country", "demonym", "seat"):
                    (info, k) = collective
                    code = hit.country or ""
                    name = f"{kb.adjective_of(code)} {info['name']}"
                    found.append(self._cand(i, k, "ORG", "organisation", fold(name), name, "collective",
                                            country=code, sector=info["sector"], role=info.get("role")))
                    i = k
                    continue
                if collective is not None and hit.kind == "group":
                    j = collective[1]  # "Houthi forces" is the group itself
                cand = self._from_hit(i, j, "GAZ", hit, self._text(i, j))
                if cand is not None:
                    found.append(cand)
                i = j
        return found

    def _collective(self, j: int, hi: int) -> tuple[dict, int] | None:
        doc = self.doc
        possessive = j < hi and doc[j].text in ("'s", "’s")
        if possessive:
            j += 1
        for n in range(min(4, hi - j), 0, -1):
            info = self.kb.collectives.get(fold(self._text(j, j + n)))
            # Capitalised only after a possessive: "South Korea's Joint Chiefs of Staff" is
            # South Korea's, whatever other country's staff goes by the bare name.
            if info is not None and (doc[j].is_lower or possessive):
                return None if self._continues(j + n) else (info, j + n)
        if j + 1 < hi and doc[j].is_lower and doc[j].is_alpha and not doc[j].is_stop and not possessive:
            # "an Iranian aerospace company": one word of what the business does between
            info = self.kb.collectives.get(fold(doc[j + 1].text))
            if info is not None and info.get("modified") and doc[j + 1].is_lower and not self._continues(j + 2):
                return info, j + 2
        return None

    # -- NER spans --------------------------------------------------------------------------
    def _trim(self, s: int, e: int) -> tuple[int, int]:
        doc = self.doc
        while s < e and (doc[s].lower_ == "the" or doc[s].is_punct or doc[s].is_space):
            s += 1
        while e > s and (doc[e - 1].text in ("'s", "’s", "'", "’") or (doc[e - 1].is_punct and not doc[e - 1].text.endswith("."))
                         or doc[e - 1].is_space):
            e -= 1
        if e - s >= 3 and doc[e - 1].lower_ in _NAME_MODIFIERS and doc[e - 2].text in _HYPHENS:
            e -= 2  # "Donald Trump-led": the name
        return s, e

    def _ents(self) -> list[tuple[int, int, str]]:
        """NER spans, with person spans repaired (see ``_repair_person``); spans a repaired
        one then overlaps are dropped."""
        doc, out, last = self.doc, [], -1
        for ent in sorted(doc.ents, key=lambda x: x.start):
            s, e = ent.start, ent.end
            if LABELS.get(ent.label_) == "PER":
                s, e = self._repair_person(s, e)
            if s >= last:
                out.append((s, e, ent.label_))
                last = e
        return out

    def _repair_person(self, s: int, e: int) -> tuple[int, int]:
        """Extend a person span a model stopped short: "Kim Jong" + "-Un" (hyphen), "Kim Myong"
        + "Sik" (the last syllable of a Korean name), "Yoon" + "Suk Yeol" (family name left
        out), "Mohammad Reza" + "Ashtiani" (a proper noun no entity claims)."""
        doc, kb = self.doc, self.kb

        def free(i: int) -> bool:  # a capitalised word nothing else claims
            t = doc[i]
            return (t.is_title and t.is_alpha and not t.ent_type_ and not t.is_stop and t.lower_ not in _CALENDAR
                    and kb.lookup(t.text) is None)

        while e - s < 6 and e < len(doc):
            if (e + 1 < len(doc) and not doc[e - 1].whitespace_ and doc[e].text in _HYPHENS
                    and not doc[e].whitespace_ and doc[e + 1].is_alpha and doc[e + 1].lower_ not in _NAME_MODIFIERS):
                e += 2
            elif doc[e - 1].whitespace_ and free(e) and (
                    doc[e].pos_ == "PROPN" or (e - s >= 2 and doc[e - 2].lower_ in kb.family_first and len(doc[e]) <= 4)):
                e += 1
            else:
                break
        if (s > 0 and e - s == 2 and doc[s - 1].lower_ in kb.family_first and doc[s - 1].is_title
                and all(len(t) <= 5 for t in doc[s:e])):
            s -= 1
        return s, e

    def _vessel(self, s: int, text: str) -> bool:
        """A ship's name: "USS Carney", "the tanker Sounion", "the aircraft carriers Vinson and
        Enterprise" (the tagger makes them people and companies). Not "the German carrier
        Lufthansa": an airline is a business that acts."""
        if _SHIP_PREFIX.match(text):
            return True
        doc, i = self.doc, s - 1
        while i >= 0 and (doc[i].lower_ == "and" or doc[i].is_title) and s - i < 6:
            i -= 1  # past the other names of a list: "carriers Vinson and Enterprise"
        if i < 0:
            return False
        word = doc[i].lower_
        if word in _VESSELS:
            return True
        return word in ("carrier", "carriers") and i > 0 and doc[i - 1].lower_ in ("aircraft", "bulk", "ore", "lng", "car")

    def _ner(self, s: int, e: int, raw_label: str) -> list[tuple[int, int, Candidate]]:
        label = LABELS.get(raw_label)
        if label is None:
            return []
        s, e = self._trim(s, e)
        if s >= e:
            return []
        text = self._text(s, e)
        if sum(ch.isalnum() for ch in text) < 2:
            return []  # "R" of "(R-Ohio)", a stray initial: no name
        if self.clause_at[s] in self.credit:
            if label in ("PER", "ORG"):
                return [self._cand(s, e, raw_label, "rejected", fold(text), text, "credit",
                                   reason="named in an image credit or licence line, not an actor")]
            return []
        if fold(clean_name(text)) in self.kb.not_actors:
            return [self._cand(s, e, raw_label, "rejected", fold(text), text, "not-actor",
                               reason="listed in names.yaml not_actors")] if label in ("PER", "ORG") else []
        if self.kb.is_not_country(text):
            return []
        hit = self.kb.lookup(text)
        if hit is not None and hit.kind == "country" and text in self.kb.also_us_states and self.us_states_named:
            hit = Hit("place", text, "USA")  # "primaries in Georgia, Alabama and Texas": the state
        if hit is not None:
            cand = self._from_hit(s, e, raw_label, hit, text)
            return [cand] if cand else []
        if e - s == 1 and (self.doc[s].pos_ in _NOT_NAME_POS or self._capitalised_only_as_first_word(s)):
            return []  # "Amidst", "Hours", "Warplanes": common words capitalised at the start of a sentence
        if _DESIGNATOR.match(text) or fold(text) in self.kb.weapons or text.startswith("Operation ") or \
                LAW_NAME.match(text) or text in self.law_letters or self._vessel(s, text):
            return []  # weapons, vessels, operations and laws are what actors use, do or pass, not actors
        if self._dateline_outlet(s, e):
            return [self._cand(s, e, raw_label, "rejected", fold(text), text, "outlet",
                               reason="the news outlet credited in a dateline, not an actor")]
        if _NEWS_DESK.search(text):
            return [self._cand(s, e, raw_label, "rejected", fold(text), text, "outlet",
                               reason="a news desk signing off its copy ('-- Sydney Newsroom 61-2 9373-1800'), not an actor")]
        if label == "PER" and _org_shaped(text):
            label = "ORG"  # "Suez Canal Authority", "Junge SVP" tagged as a person
        if label != "PER" and self._person_name(text):
            label = "PER"  # "Putin’s desperation" tagged ORG; "Jo Chun Ryong" tagged ORG
        if label == "PER":
            return self._person(s, e, raw_label)
        if label == "ORG":
            return self._organisation(s, e, raw_label, text)
        if label == "LOC":
            return self._location(s, e, raw_label, text)
        return self._compound(s, e, raw_label)

    def _compound(self, s: int, e: int, label: str) -> list[tuple[int, int, Candidate]]:
        """'Russia-Ukraine conflict', 'Israel-Hamas war': each named part on its own."""
        out, i = [], s
        for j in range(s, e + 1):
            if j == e or self.doc[j].text in ("-", "–", "/"):
                if j > i:
                    hit = self.kb.lookup(self._text(i, j))
                    if hit is not None and hit.kind in ("country", "demonym", "organisation", "group") and j - i < e - s:
                        cand = self._from_hit(i, j, label, hit, self._text(i, j))
                        if cand:
                            out.append(cand)
                i = j + 1
        return out

    def _person(self, s: int, e: int, label: str) -> list[tuple[int, int, Candidate]]:
        doc = self.doc
        c_start, c_end = self._clause(s)
        # some models tag the title with the name ("President Vladimir Putin")
        ns = next((k for k in range(s + 1, e) if (r := role_before(doc, k, s)) is not None and r.start == s), s)
        name = clean_name(self._text(ns, e))
        if not looks_like_name(name) or word_count(name) > _MAX_NAME_WORDS or name.isupper() and len(name) > 4:
            return [self._cand(ns, e, label, "rejected", fold(name or self._text(s, e)), name, "junk",
                               reason="not a plausible personal name")] if name else []
        role = role_before(doc, ns, c_start) or role_after(doc, e, c_end)
        if role is not None:
            self.role_spans.append((role.start, ns) if role.start < ns else (e, role.end))
        kind = "surname" if word_count(name) == 1 else "person"
        how = "surname" if kind == "surname" else "name"
        country, place = role and role.country, role and role.place
        reason = f"title: {self._text(min(role.start, ns), max(role.end, e))}" if role else None
        tag = _STATE_TAG.match(self.text, self.ends[e - 1])
        # a bare postal code ("(OK)") only after a party letter: "(R-OK)"
        state = tag and (tag.group(1) or not re.fullmatch(r"[A-Z]{2}", tag.group(2))) and self.kb.us_state_tags.get(tag.group(2))
        if state and country in (None, "USA"):
            # "Sen. Ted Cruz (R-Texas)": a member of Congress, of Texas
            country, place = "USA", state
            reason = f"{reason}; " if reason else ""
            reason += f"state tag: {tag.group(0).strip()}"
        return [self._cand(ns, e, label, kind, name_key(name), name, how,
                           country=country, sector=role and role.sector, role=role and role.role,
                           reason=reason, place=place, courtesy=self._courtesy(ns, e))]

    def _organisation(self, s: int, e: int, label: str, text: str) -> list[tuple[int, int, Candidate]]:
        if not text[:1].isupper() or not any(c.isalpha() for c in text):
            return []
        folded = fold(text)
        sector = next((sec for rx, sec in _ORG_SECTORS if rx.search(folded)), None)
        country = None
        for i in range(s, e):
            for j in range(min(e, i + 3), i, -1):
                hit = self.kb.lookup(self._text(i, j))
                if hit is not None and hit.kind in ("country", "demonym"):
                    country = hit.country
                    break
            if country:
                break
        doc = self.doc
        if country is None and s >= 2 and doc[s - 1].text in ("'s", "’s"):
            # "Russia's Black Sea Fleet", "Sudan's Rapid Support Forces": the state before the
            # possessive (a country, a demonym-less seat: "Moscow's")
            for i in range(max(0, s - 4), s - 1):
                hit = self.kb.lookup(self._text(i, s - 1))
                if hit is not None and hit.kind in ("country", "capital", "seat"):
                    country = hit.country
                    break
        if country is None and e + 1 < len(doc) and doc[e].lower_ == "in":
            # "the Defence Ministry in Seoul": an institution placed in a capital or country
            for j in range(min(len(doc), e + 4), e + 1, -1):
                hit = self.kb.lookup(self._text(e + 1, j))
                if hit is not None and hit.kind in ("country", "capital"):
                    country = hit.country
                    break
        if country is None and sector != "IGO":
            # "Conflict Armament Research, a UK-based investigative group", "the London-based
            # Royal United Services Institute", "..., a think tank based in London" (not a UN
            # body in Geneva: the place of an international organisation is no country of it)
            country = self._based(s, e)
        return [self._cand(s, e, label, "organisation", folded, text, "name", country=country, sector=sector)]

    def _based(self, s: int, e: int) -> str | None:
        """The country of the place an organisation is said to be based in, right before its
        name or in an apposition right after it."""
        doc = self.doc
        spans = []
        if s >= 3 and doc[s - 1].lower_ == "based" and doc[s - 2].text == "-":
            spans += [(i, s - 2) for i in range(max(0, s - 5), s - 2)]
        if e + 3 < len(doc) and doc[e].text == "," and doc[e + 1].lower_ in ("a", "an", "the"):
            for k in range(e + 2, min(len(doc), e + 10)):
                if doc[k].is_punct and doc[k].text != "-":
                    break
                if doc[k].lower_ == "based" and doc[k - 1].text == "-":
                    spans += [(i, k - 1) for i in range(e + 2, k - 1)]
                elif doc[k].lower_ == "based" and k + 1 < len(doc) and doc[k + 1].lower_ == "in":
                    spans += [(k + 2, j) for j in range(min(len(doc), k + 5), k + 2, -1)]
        for i, j in spans:  # the widest place first
            hit = self.kb.lookup(self._text(i, j))
            if hit is not None and hit.kind in ("country", "capital", "place") and hit.country:
                return hit.country
        return None

    def _location(self, s: int, e: int, label: str, text: str) -> list[tuple[int, int, Candidate]]:
        if not text[:1].isupper():
            return []
        name = text.title() if text.isupper() else text
        if PARTY_PREFIX.match(name) and self.kb.state_of_tag(name):
            return []  # "R-Wis.": a member of Congress's party and state, no place of its own
        if "." in name and name in self.kb.us_state_tags:
            name = self.kb.us_state_tags[name]  # "TAMPA, Fla.", "a Va. official": the state, by its name
        hit = self.kb.lookup(_REGION_WORDS.sub("", name))
        return [self._cand(s, e, label, "location", fold(name), name, "name", country=hit and hit.country)]

    # -- descriptions -----------------------------------------------------------------------
    def _descriptions(self, taken: list[tuple[int, int]]) -> list[tuple[int, int, Candidate]]:
        """'the Russian defence minister', "Russia's defence minister": a definite title with a
        country and no name after it. Resolution links it to a person when that is safe."""
        doc, out = self.doc, []
        for n, (c_start, c_end) in enumerate(self.clauses):
            if n in self.credit:
                continue
            i = c_start
            while i < c_end:
                # title_of needs a title word first: skip the span look-ups when there is none
                title, j = (longest_forward(doc, i, c_end, MAX_TITLE, title_of)
                            if fold(doc[i].text) in self.kb.title_starts else (None, i))
                if title is None:
                    i += 1
                    continue
                nxt = doc[j] if j < c_end else None
                named = nxt is not None and (nxt.is_title or nxt.is_upper and nxt.is_alpha or (
                    nxt.text == "," and j + 1 < c_end and doc[j + 1].is_title))
                role = None if named else role_before(doc, j, c_start)
                if role is not None and role.country and role.definite and role.affiliation and not role.role.startswith(
                        "former ") and not any(
                        a < j and role.start < b for a, b in taken):
                    out.append(self._cand(role.start, j, "DESC", "description", f"{role.country}|{role.role}",
                                          self._text(role.start, j), "description", country=role.country,
                                          sector=role.sector, role=role.role, place=role.place))
                i = j
        return out

    # -- all together -----------------------------------------------------------------------
    def run(self) -> list[Candidate]:
        scanned = self._scan()
        kept: list[tuple[int, int, Candidate]] = []
        ents = self._ents()
        self.us_states_named = any((h := self.kb.lookup(self._text(s, e))) is not None and h.kind == "place"
                                   and h.country == "USA" for s, e, _ in ents)
        self.person_keys = set()
        # the letters of a law named in this article ("the ACA" after "the Affordable Care Act")
        self.law_letters = {initials(clean_name(self._text(s, e))) for s, e, _ in ents
                            if LAW_NAME.match(self._text(s, e))} - {""}
        for s, e, label in ents:
            if LABELS.get(label) == "PER" and word_count(self._text(s, e)) > 1 and not _org_shaped(self._text(s, e)):
                key = name_key(self._text(s, e))
                self.person_keys |= {key, " ".join(split_name(key)[0])}
        for s0, e0, raw_label in ents:
            s, e = self._trim(s0, e0)
            if s >= e or LABELS.get(raw_label) is None:
                continue
            over = [p for p in scanned if p[0] < e and s < p[1]]
            inner_org = any(p[2].kind in ("organisation", "group") and p[2].how != "collective" for p in over)
            if inner_org and self.kb.lookup(self._text(s, e)) is None:
                continue  # "Royal Air Force Typhoon": the known organisation, not the NER's longer span
            if any(p[0] <= s and e <= p[1] for p in over):
                for p in over:
                    if (p[0], p[1]) == (s, e):
                        p[2].label = raw_label  # same span: keep the NER's label on the mention
                continue  # the gazetteer knows this span (and perhaps more around it)
            scanned = [p for p in scanned if p not in over]
            kept.extend(self._ner(s, e, raw_label))
        found = scanned + kept
        persons = [(s, e) for s, e, c in found if c.kind in ("person", "surname")]
        descriptions = self._descriptions(persons)
        self.role_spans += [(s, e) for s, e, _ in descriptions]
        found += descriptions
        for s, e, cand in found:
            if cand.kind in ("country", "organisation", "group") and any(a <= s and e <= b for a, b in self.role_spans):
                cand.how = "affiliation"  # "Russian" in "Russian President Vladimir Putin"
        return [c for _, _, c in sorted(found, key=lambda t: (t[0], t[1]))]


def extract(doc: Doc, article_id: str) -> list[Candidate]:
    """Every candidate mention in one article, in text order."""
    return _Extractor(doc, article_id).run()
