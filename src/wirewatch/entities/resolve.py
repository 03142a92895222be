"""Candidates of the articles in scope -> Entities, Mentions and the MergeDecisions behind them.

The scope is whatever candidates are passed in: the whole store today, one story later. Rules,
in the order they run (docs/entities.md explains each):

  countries, places, organisations   one entity per ISO3 code / place / canonical name
  name-variant                       full names with the same key (case, hyphens, initials)
  name-initials, name-middle         "V. Putin" ~ "Vladimir Putin", "John Paul Smith" ~ "John Smith"
  name-fuzzy                         transliterations with the same family name ("Sergey"/"Sergei")
  known-alias                        names.yaml people ("Zelenskyy" ~ "Zelensky")
  surname→person                     a lone family name -> the one person with it, introduced
                                     earlier in the same article, else the only one in scope
                                     (never across articles for East Asian family names)
  given-name→person                  a lone given name -> the one person named in full with it
                                     earlier in the same article ("Hillary"; never across articles)
  description→person                 "the Russian defence minister" -> the one person named
                                     with that role and country (same article first, then scope)
  description→known                  ... else the one people.yaml person who held that post on
                                     the article's day ("the Russian foreign minister", 2016: Lavrov)
Forms that could not be linked safely are recorded as "kept-apart"; spans that are no actor
(image credits, junk) as "rejected": both with entity_id None and their reason.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

from wirewatch.entities.knowledge import fold, knowledge, same_post
from wirewatch.entities.names import clean_name, initials, is_family_first, name_key, split_name
from wirewatch.entities.records import Candidate, Entity, MergeDecision, Mention, actor_code, entity_id

_HOW_RULE = {"demonym": "demonym", "capital": "capital-metonym", "seat": "seat-metonym", "country": "country-alias",
             "organisation": "org-alias", "group": "org-alias", "place": "place-alias", "region": "place-alias"}
_FUZZY_MIN = 0.8


def _alias(c: Candidate) -> str:
    """A mention's written form as an alias: names cleaned, descriptions with a lowercase "the"."""
    if c.kind == "description":
        return "the " + c.text[4:] if c.text.startswith("The ") else c.text
    return clean_name(c.text)


@dataclass
class Resolution:
    entities: list[Entity]
    mentions: list[Mention]
    decisions: list[MergeDecision]


@dataclass
class _Group:
    """One entity being built."""

    type: str
    key: str
    name: str | None = None  # fixed canonical name (countries, known organisations)
    cands: list[Candidate] = field(default_factory=list)
    seen: _Seen | None = field(default=None, repr=False, compare=False)  # see _Seen

    def tally(self) -> _Seen:
        """What ``cands`` tells of the names and posts the entity is given, up to date."""
        if self.seen is None or self.seen.cands is not self.cands:
            self.seen = _Seen(self.cands)  # new, or the list was replaced (the acronym rules)
        self.seen.catch_up()
        return self.seen

    def vote(self, attr: str) -> str | None:
        """The most common value among the mentions that name the entity (descriptions only
        count when nothing else says anything); ties go to the first seen."""
        for pool in ([c for c in self.cands if c.kind != "description"], self.cands):
            votes = Counter(getattr(c, attr) for c in pool if getattr(c, attr))
            if votes:
                return votes.most_common(1)[0][0]
        return None

    def stated(self, attr: str) -> str | None:
        """:meth:`vote`, for what a title says (role, sector), if enough of the articles that
        name the entity say it: one in twenty. A post read once in a stream that names
        someone in 140 articles is a misreading ("The federal judge Trump was referring to is
        Gonzalo Curiel": Donald Trump, judge) or long past, not who he is."""
        value = self.vote(attr)
        if value is None:
            return None
        articles = {c.article_id for c in self.cands}
        saying = {c.article_id for c in self.cands if getattr(c, attr) == value}
        return value if 20 * len(saying) >= len(articles) else None


class _Seen:
    """A group's written names and posts, read off its mentions as they come. Between the
    acronym rules' replacements a group's mention list only grows, so what was read once is
    not read again: naming a person in the reason of every one of the thousands of lone
    "Trump"s linked to him read his whole list each time, a cost that grew with the square of
    the stream (session 27: 20 s of resolution for 2,159 articles, most of a run's time)."""

    def __init__(self, cands: list[Candidate]) -> None:
        self.cands = cands  # the list read (held, so that its identity is never reused)
        self.done = 0
        # names as written, per pool (_POOLS): "person" (full names) or "named" (all but
        # descriptions), with acronyms or without them (True) -> form -> count, and the
        # position it first appears at
        self.forms: dict[tuple[str, bool], Counter[str]] = {k: Counter() for k in _POOLS}
        self.first: dict[tuple[str, bool], dict[str, int]] = {k: {} for k in _POOLS}
        self.roles: set[str] = set()  # the posts given where the person is named in full

    def catch_up(self) -> None:
        for at in range(self.done, len(self.cands)):
            c = self.cands[at]
            if c.kind == "person" and c.role:
                self.roles.add(c.role)
            if c.kind == "description":
                continue
            clean = clean_name(c.text)
            written = clean if c.kind in ("person", "surname") else c.name
            plain = not _ACRONYM.fullmatch(clean)
            for pool in _POOLS:
                if pool[0] == "person" and c.kind != "person" or pool[1] and not plain:
                    continue
                self.forms[pool][written] += 1
                self.first[pool].setdefault(written, at)
        self.done = len(self.cands)

    def names(self) -> tuple[Counter[str], dict[str, int]]:
        """The forms the entity is shown by (full names when there are any; acronyms only when
        nothing else names it) with their counts and first positions."""
        kind = "person" if self.forms[("person", False)] else "named"
        pool = (kind, True) if self.forms[(kind, True)] else (kind, False)
        return self.forms[pool], self.first[pool]


_POOLS = (("named", False), ("named", True), ("person", False), ("person", True))


def _places(g: _Group) -> set[str]:
    """The places within a country that a person's posts are of ("Florida Sen. Marco Rubio",
    "Sen. Marco Rubio (R-Fla.)"), over every mention that names them."""
    return {c.place for c in g.cands if c.place and c.kind != "description"}


@dataclass
class _Readings:
    """One family name alone, in the articles that name one person of that family in full:
    the articles where it is each person's (by the group's id), and the courtesy titles it
    bears there."""

    articles: dict[int, set[str]] = field(default_factory=dict)
    courtesy: dict[int, dict[str, set[str]]] = field(default_factory=dict)  # sex -> articles

    def count(self, g: _Group) -> int:
        return len(self.articles.get(id(g), ()))

    def total(self) -> int:
        return sum(len(a) for a in self.articles.values())

    def sex(self, g: _Group) -> str | None:
        """The sex the courtesy titles mark when this person is called by the name alone: in
        two articles at least, and three times as many as the other (an article that names
        only Michelle Obama in full may still say "Mr. Obama")."""
        seen = sorted(((len(a), sex) for sex, a in self.courtesy.get(id(g), {}).items()), reverse=True)
        if not seen or seen[0][0] < 2 or len(seen) > 1 and seen[0][0] < 3 * seen[1][0]:
            return None
        return seen[0][1]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _given_match(a: tuple[str, ...], b: tuple[str, ...], family_first: bool) -> tuple[str, float] | None:
    """Whether two given-name sequences (same family name) can be one person's."""
    if a == b:
        return ("name-variant", 1.0)
    if family_first or not a or not b:
        return None  # "Kim Jong Un" and "Kim Jong Il" are two people
    if all(len(x) == 1 for x in a) or all(len(x) == 1 for x in b):
        short, long_ = (a, b) if all(len(x) == 1 for x in a) else (b, a)
        if all(s == l_[0] for s, l_ in zip(short, long_)):
            return ("name-initials", 0.9)
        return None
    if a[0] == b[0]:
        return ("name-middle", 0.85)
    score = Indel.normalized_similarity(a[0], b[0])
    if score >= _FUZZY_MIN and min(len(a[0]), len(b[0])) >= 4:
        return ("name-fuzzy", round(score, 3))
    return None


class _Resolver:
    def __init__(self, cands: Iterable[Candidate], dates: Mapping[str, str | None] | None = None):
        self.kb = knowledge()
        self.cands = list(cands)
        self.dates = dates or {}  # article id -> its publication day, for names.yaml's dated posts
        self.groups: dict[tuple[str, str], _Group] = {}
        self.decisions: dict[tuple, tuple[tuple[str, str] | None, MergeDecision]] = {}
        self.kb_people = {name_key(p["name"]): p for p in self.kb.people}
        self.kb_alias = {name_key(a): name_key(p["name"]) for p in self.kb.people for a in [p["name"], *p.get("aliases", [])]}

    def _group(self, type_: str, key: str, name: str | None = None) -> _Group:
        g = self.groups.get((type_, key))
        if g is None:
            g = self.groups[(type_, key)] = _Group(type_, key, name)
        return g

    def _decide(self, group: _Group | None, cand: Candidate, rule: str, score: float, reason: str, *,
                per_article: bool = False) -> None:
        gkey = (group.type, group.key) if group else None
        alias = _alias(cand)
        key = (gkey, alias, rule, cand.article_id if per_article else None)
        if key not in self.decisions:
            self.decisions[key] = (gkey, MergeDecision(entity_id=None, alias=alias, rule=rule, score=score,
                                                       reason=reason, article_id=cand.article_id))

    # -- everything but persons -------------------------------------------------------------
    def _simple(self, cand: Candidate) -> None:
        kb = self.kb
        if cand.kind == "country":
            g = self._group("country", cand.key, kb.name_of(cand.key))
        elif cand.kind == "location":
            g = self._group("location", cand.key, None)
        else:
            g = self._group(cand.kind, cand.key, cand.name if cand.how != "name" else None)
        g.cands.append(cand)
        written = clean_name(cand.text)
        if cand.how in ("collective", "administration"):
            rule = cand.how
            reason = (f"'{written}' names the institution of {cand.country or 'a country'}: coded "
                      f"{actor_code(cand.country, cand.sector)}") if rule == "collective" else (
                      f"'{written}' is the government led by {written.split()[0]}")
        else:
            hit = kb.lookup(written)
            if hit is None or written == (g.name or written):
                return
            rule = _HOW_RULE.get(hit.kind, "alias")
            if hit.kind == "capital" and cand.kind == "country":
                reason = f"'{written}' is the capital of {kb.name_of(hit.country or '')}, written as an actor: its government (GOV)"
            elif hit.kind == "capital":
                rule, reason = "capital-place", f"'{written}' is written as a place (after 'in', 'to' ...): a location in {hit.country}"
            elif hit.kind == "seat":
                reason = f"'{written}' is the seat of government of {hit.name}: coded {hit.country}{hit.sector}"
            elif hit.kind == "demonym":
                reason = f"'{written}' is a demonym of {hit.name} (countries.yaml)"
            else:
                reason = f"'{written}' is an alias of {hit.name} (entity data)"
        self._decide(g, cand, rule, 1.0, reason)

    # -- persons ----------------------------------------------------------------------------
    def _cluster_people(self, full: list[Candidate]) -> dict[str, _Group]:
        uf = _UnionFind()
        why: dict[tuple[str, str], tuple[str, float]] = {}
        keys = sorted({c.key for c in full})
        for k in keys:
            uf.find(k)
            if k in self.kb_alias and self.kb_alias[k] != k:
                uf.union(k, self.kb_alias[k])
                why[(k, self.kb_alias[k])] = ("known-alias", 0.9)
        by_family: dict[tuple[str, ...], list[str]] = defaultdict(list)
        by_given: dict[tuple[str, str], list[str]] = defaultdict(list)
        for k in keys:
            fam, given = split_name(k)
            by_family[fam].append(k)
            if given and len(fam[-1]) >= 4:
                by_given[(given[0], fam[-1][:4])].append(k)
        for fam, members in by_family.items():
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    fa, ga = split_name(a)
                    fb, gb = split_name(b)
                    m = _given_match(ga, gb, is_family_first(a.split()))
                    if m is not None:
                        uf.union(a, b)
                        why[(a, b)] = why[(b, a)] = m
        for members in by_given.values():  # "Volodymyr Zelensky" ~ "Volodymyr Zelenskyy"
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    fa, ga = split_name(a)
                    fb, gb = split_name(b)
                    score = Indel.normalized_similarity(" ".join(fa), " ".join(fb))
                    if ga == gb and score >= 0.85 and uf.find(a) != uf.find(b):
                        uf.union(a, b)
                        why[(a, b)] = why[(b, a)] = ("name-fuzzy", round(score, 3))
        clusters: dict[str, _Group] = {}
        for c in full:
            root = uf.find(c.key)
            g = clusters.get(root)
            if g is None:
                g = clusters[root] = _Group("person", root)
            g.cands.append(c)
        for root, g in clusters.items():
            for c in g.cands:
                if c.key != root:
                    rule, score = why.get((c.key, root)) or why.get((root, c.key)) or ("name-variant", 1.0)
                    self._pending_person.append((g, c, rule, score))
                elif clean_name(c.text) != clean_name(g.cands[0].text):
                    self._pending_person.append((g, c, "name-variant", 1.0))
        return clusters

    def _people(self, persons: list[Candidate]) -> None:
        self._pending_person: list[tuple[_Group, Candidate, str, float]] = []
        full = [c for c in persons if c.kind == "person"]
        clusters = self._cluster_people(full)
        groups = list(clusters.values())
        family_of: dict[str, list[_Group]] = defaultdict(list)
        for g in groups:
            for fam in {" ".join(split_name(c.key)[0]) for c in g.cands}:
                family_of[fam].append(g)
        given_of: dict[str, list[_Group]] = defaultdict(list)  # a first given name -> its people
        for g in groups:
            for given in {split_name(c.key)[1] for c in g.cands}:
                # not a name the tagger ran into a title ("Charlotte Mayor Jennifer Roberts")
                if given and not any(t in self.kb.titles for t in given):
                    given_of[given[0]].append(g)
        intro: dict[tuple[str, int], int] = {}
        for g in groups:
            for c in g.cands:
                k = (c.article_id, id(g))
                intro[k] = min(intro.get(k, c.start), c.start)
        kb_groups: dict[str, _Group] = {}
        by_key = {k: g for g in groups for k in {g.key, *(c.key for c in g.cands)}}
        lone = Counter((c.article_id, c.key) for c in persons if c.kind == "surname")  # a word's person readings
        surnames = [c for c in persons if c.kind == "surname"]
        usual = self._usual_readings(surnames, family_of, intro)
        for c in surnames:
            fam = c.key
            here = [g for g in family_of.get(fam, []) if (c.article_id, id(g)) in intro]
            before = [g for g in here if intro[(c.article_id, id(g))] < c.start]
            pool = before or here
            if len(pool) == 1 and self._titled_elsewhere(c, pool[0], family_of.get(fam, []), keep_apart=False):
                continue
            if len(pool) == 1:
                self._link(pool[0], c, "surname→person", 1.0 if len(here) == 1 else 0.9,
                           f"'{c.text}' follows the full name in the same article"
                           + ("" if len(here) == 1 else " (the only one of that name introduced before it)"),
                           per_article=True)
                continue
            if len(pool) > 1 and self._as_usual(c, pool, usual.get(fam), "named in full in this article"):
                continue
            if len(pool) > 1:
                self._decide(None, c, "kept-apart", 0.0,
                             f"'{c.text}' could be {', '.join(sorted(self._display(g) for g in pool))} in this article",
                             per_article=True)
                continue
            # "Hillary", "Bernie": a lone given name, when exactly one person named in full
            # before it in this article has it (never across articles: given names are
            # common; and a first name seldom comes before the full one, while a city that
            # gives a mayor or a team its name does: "Charlotte")
            named = list({id(g): g for g in given_of.get(fam, [])
                          if intro.get((c.article_id, id(g)), c.start) < c.start}.values())
            if len(named) == 1:
                self._link(named[0], c, "given-name→person", 0.8,
                           f"'{c.text}' is the given name of {self._display(named[0])}, the only person of that "
                           f"given name named in full before it in this article", per_article=True)
                continue
            scope = family_of.get(fam, [])
            if fam in self.kb.family_first:
                self._decide(None, c, "kept-apart", 0.0,
                             f"'{c.text}' is an East Asian family name shared by many people; it is linked only "
                             f"inside an article that names the person in full", per_article=True)
                continue
            if len(scope) == 1 and self._titled_elsewhere(c, scope[0], scope):
                pass
            elif len(scope) > 1 and self._as_usual(c, scope, usual.get(fam), "in the articles in scope"):
                pass
            elif len(scope) == 1:
                self._link(scope[0], c, "surname→person", 0.8,
                           f"'{c.text}' is not named in full in this article; {self._display(scope[0])} is the only "
                           f"person with that family name in the articles in scope", per_article=True)
            elif len(scope) > 1:
                self._decide(None, c, "kept-apart", 0.0,
                             f"'{c.text}' could be {', '.join(sorted(self._display(g) for g in scope))}", per_article=True)
            elif fam in self.kb_alias:
                key = self.kb_alias[fam]
                # the person named in full elsewhere in scope, if so ("Jeb" is Jeb Bush's)
                g = by_key.get(key) or kb_groups.get(key) or _Group("person", key, self.kb_people[key]["name"])
                if g.key not in by_key:
                    kb_groups[key] = g
                self._link(g, c, "known-alias", 0.7, f"'{c.text}' is a known short name of {g.name} (names.yaml)",
                           per_article=True)
            elif (place := self._place_named_here(c, lone[(c.article_id, c.key)])) is not None:
                # "Arbil lies within the so-called safe haven": the tagger's one person reading
                # of a word the article names as a place everywhere else
                self._link(place, c, "surname→place", 0.8,
                           f"'{c.text}' names no person in scope and is written as the place {place.name or c.text} "
                           f"elsewhere in this article", per_article=True)
            else:
                g = self._group("person", c.key)
                g.cands.append(c)
        for g, c, rule, score in self._pending_person:
            self._decide(g, c, rule, score, self._variant_reason(rule, c, g))
        for g in [*groups, *kb_groups.values()]:
            self.groups[("person", g.key)] = g

    @staticmethod
    def _usual_readings(surnames: list[Candidate], family_of: Mapping[str, list[_Group]],
                        intro: Mapping[tuple[str, int], int]) -> dict[str, _Readings]:
        """What a family name alone means in this stream, read off the articles that name only
        one person of that family in full: for each person, the articles where it is theirs
        and the courtesy titles it bears there ("Trump" is Donald Trump in the articles that
        name no other Trump, and "Mrs. Clinton" is Hillary Clinton in those naming no other)."""
        out: dict[str, _Readings] = {}
        for c in surnames:
            here = [g for g in family_of.get(c.key, []) if (c.article_id, id(g)) in intro]
            if len(here) == 1:
                r = out.setdefault(c.key, _Readings())
                r.articles.setdefault(id(here[0]), set()).add(c.article_id)
                if c.courtesy:
                    r.courtesy.setdefault(id(here[0]), {}).setdefault(c.courtesy, set()).add(c.article_id)
        return out

    def _as_usual(self, c: Candidate, namesakes: list[_Group], readings: _Readings | None, where: str) -> bool:
        """Link a family name alone, where several people of that family are ``namesakes``, to
        the one it usually means in the stream: at least three articles that name only one of
        them, nine in ten of them that one. A courtesy title it bears must be the one that
        person bears alone, where that is known ("Mr. Clinton" is not Hillary Clinton), and a
        post it bears one that person is given where named in full ("President Clinton" in
        2016 news is not the usual Clinton)."""
        if readings is None:
            return False
        g = max(namesakes, key=readings.count)
        count, total = readings.count(g), readings.total()
        if c.courtesy and readings.sex(g) != c.courtesy and (
                readings.sex(g) is not None or any(readings.sex(x) == c.courtesy for x in namesakes)):
            return False  # "Mr. Clinton" in 2016 news is not the usual Clinton
        if count < 3 or count < 0.9 * total or c.role and c.role not in self._roles(g):
            return False
        self._link(g, c, "surname→usual", 0.7,
                   f"'{c.text}' could be {', '.join(sorted(self._display(x) for x in namesakes))} ({where}); "
                   f"alone it names {self._display(g)} in {count} of the {total} articles that name only one "
                   f"of the family in full", per_article=True)
        return True

    def _titled_elsewhere(self, c: Candidate, target: _Group, family: list[_Group], *, keep_apart: bool = True) -> bool:
        """A titled surname whose title ``target`` (the person the surname rules would pick) is
        never given where named in full may name someone else: "President Clinton", in an
        article that names Hillary Clinton, is Bill Clinton, titled president where he is named
        in full; this links ``c`` to the one person of ``family`` so titled. With no such
        person, ``keep_apart`` keeps ``c`` as a person of its own ("Admiral Harris", in an
        article that names no Harris in full, is not Attorney General Kamala Harris named
        elsewhere; but "Sen. Obama" in an article that names Barack Obama is he, a senator
        before he was president). Returns whether it did either."""
        roles = self._roles(target)
        if not c.role or not roles or c.role in roles:
            return False
        titled = [g for g in family if c.role in self._roles(g)]
        if len(titled) == 1:
            self._link(titled[0], c, "surname→person", 0.8,
                       f"'{c.text}' is titled {c.role}, as {self._display(titled[0])} is where named in full; "
                       f"{self._display(target)} never is", per_article=True)
            return True
        if not keep_apart:
            return False
        g = self._group("person", c.key)
        g.cands.append(c)
        self._decide(g, c, "kept-apart", 0.0,
                     f"'{c.text}' is titled {c.role}; {self._display(target)}, the person of that family name "
                     f"it would otherwise be, is titled {', '.join(sorted(roles))}", per_article=True)
        return True

    @staticmethod
    def _roles(g: _Group) -> set[str]:
        """The posts a person is given where they are named in full (read, not changed)."""
        return g.tally().roles

    def _place_named_here(self, c: Candidate, as_person: int) -> _Group | None:
        """The location entity that ``c``'s word names in ``c``'s own article, when the article
        writes it as that place at least as often as a person (``as_person`` times: "Nancy" in
        a profile of Nancy Reagan, once tagged as a place, stays a person)."""
        g = self.groups.get(("location", fold(c.name)))
        if g is None:
            return None
        return g if sum(x.article_id == c.article_id for x in g.cands) >= as_person else None

    def _variant_reason(self, rule: str, c: Candidate, g: _Group) -> str:
        other = self._display(g)
        return {
            "name-variant": f"'{c.text}' and '{other}' are the same name once case, hyphens and initials are folded",
            "name-initials": f"'{c.text}' has initials that match '{other}'",
            "name-middle": f"'{c.text}' and '{other}' share given and family name; one adds a middle name",
            "name-fuzzy": f"'{c.text}' and '{other}' are spelling variants (transliteration) of one name",
            "known-alias": f"'{c.text}' and '{other}' are listed as one person in names.yaml",
        }.get(rule, rule)

    def _link(self, g: _Group, c: Candidate, rule: str, score: float, reason: str, *, per_article: bool) -> None:
        g.cands.append(c)
        self._decide(g, c, rule, score, reason, per_article=per_article)

    def _display(self, g: _Group) -> str:
        if g.name:
            return g.name
        # full names first; an acronym linked to the name it spells is shown by that name;
        # people are shown as written, places and organisations by their data name
        # ("VOSTOCHNY" -> "Vostochny"): _Seen
        forms, first = g.tally().names()
        if not forms:
            return g.key
        kb_name = self.kb_people.get(g.key, {}).get("name")

        def rank(f: str) -> tuple:
            initials = sum(1 for w in f.split() if len(w.rstrip(".")) == 1)
            # romanised given names are written "Jong-un" (or "Jong Un"), rarely "Jong-Un"
            capital_after_hyphen = len(re.findall(r"-[A-Z]", f))
            return (-forms[f], f != kb_name, initials, capital_after_hyphen, -len(f.split()), first.get(f, 0))

        return min(forms, key=rank)

    # -- descriptions -----------------------------------------------------------------------
    def _descriptions(self, descs: list[Candidate]) -> None:
        heads = {t.role for t in self.kb.titles.values() if t.head}
        by_role: dict[tuple[str, str], list[_Group]] = defaultdict(list)
        for g in [g for (t, _), g in self.groups.items() if t == "person"]:
            seen = set()
            for c in g.cands:
                if c.kind == "description" or not (c.country and c.role):
                    continue
                for key in {(c.country, c.role), (c.country, "leader") if c.role in heads else None} - {None}:
                    if key not in seen:
                        seen.add(key)
                        by_role[key].append(g)
        for c in descs:
            country, role = c.key.split("|", 1)
            pool = by_role.get((country, role), [])
            exact: list[_Group] = []
            if c.place:
                # "the Texas senator" is no senator known to be of another state; where someone
                # is known to be of Texas, it is they (across the scope: only they)
                pool = [g for g in pool if not (places := _places(g)) or c.place in places]
                exact = [g for g in pool if c.place in _places(g)]
                pool = exact or pool
            here = [g for g in pool if any(x.article_id == c.article_id and x.kind != "description" for x in g.cands)]
            if c.place and not exact:
                pool = []  # no one known to be of that place: only someone named here can be meant
            what = (f"head of state or government of {self.kb.name_of(country)}" if role == "leader"
                    else f"{role} of {self.kb.name_of(country)}")
            if c.place:
                what += f" ({c.place})"
            if len(here) == 1:
                self._link(here[0], c, "description→person", 0.95,
                           f"'{c.text}': {self._display(here[0])} is the only {what} named in this article", per_article=True)
                continue
            if not here and len(pool) == 1:
                evidence = next((x for x in pool[0].cands if x.country == country and x.reason), None)
                where = f" ({evidence.reason.removeprefix('title: ')!r} in article {evidence.article_id[:12]})" if evidence else ""
                self._link(pool[0], c, "description→person", 0.8,
                           f"'{c.text}' names no one; {self._display(pool[0])} is the only {what} named in the "
                           f"articles in scope{where}", per_article=True)
                continue
            day = (self.dates.get(c.article_id) or "")[:10]
            # not for undated news, nor for "leader" (a president or a prime minister?)
            if (not here and not pool and not c.place and day and role != "leader"
                    and (person := self.kb.holder(country, role, day))):
                self._link(self._known_group(person), c, "description→known", 0.7,
                           f"'{c.text}' names no one, and no {what} is named in the articles in scope; on {day} "
                           f"the {what} was {person['name']} (people.yaml)", per_article=True)
                continue
            if c.place:  # "the Florida senator" and "the Texas senator" are two people
                g = self._group("person", f"role:{country}|{role}|{c.place}", f"{c.place} {role}")
            else:
                g = self._group("person", f"role:{country}|{role}", f"{self.kb.adjective_of(country)} {role}")
            g.cands.append(c)
            if len(here or pool) > 1:
                self._decide(g, c, "kept-apart", 0.0,
                             f"'{c.text}' could be {', '.join(sorted(self._display(x) for x in here or pool))}: kept as an "
                             f"unnamed {what}", per_article=True)

    def _known_group(self, person: dict) -> _Group:
        """The group of a listed person: the one their name or an alias is in, else a new one."""
        keys = {name_key(n) for n in [person["name"], *(person.get("aliases") or [])]}
        for (t, key), g in self.groups.items():
            if t == "person" and (key in keys or any(c.key in keys for c in g.cands if c.kind != "description")):
                return g
        return self._group("person", name_key(person["name"]), person["name"])

    # -- output -----------------------------------------------------------------------------
    def run(self) -> Resolution:
        persons, descs = [], []
        for c in self.cands:
            if c.kind == "rejected":
                self._decide(None, c, "rejected", 0.0, c.reason or "not an actor", per_article=True)
            elif c.kind in ("person", "surname"):
                persons.append(c)
            elif c.kind == "description":
                descs.append(c)
            else:
                self._simple(c)
        self._acronyms()
        self._people(persons)
        self._descriptions(descs)
        self._fill_administrations()
        return self._emit()

    def _acronyms(self) -> None:
        """An unknown organisation written as an acronym joins the organisation of the same
        article whose name it spells ("the RSF" after "Sudan's Rapid Support Forces"). In an
        article that does not name it in full, the acronym joins the organisation it stood
        for in other articles of the run, when it stood for exactly one ("the KDP" in a
        Reuters follow-up, after "the Kurdistan Democratic Party (KDP)" the day before);
        where the same letters spelled two bodies, they stay apart."""
        spelled: dict[str, dict[str, _Group]] = defaultdict(dict)  # article -> initials -> group
        for (t, _), g in self.groups.items():
            if t in ("organisation", "group"):
                for c in g.cands:
                    letters = initials(clean_name(c.text))
                    if len(letters) >= 2:
                        spelled[c.article_id].setdefault(letters, g)
        stood_for: dict[str, dict[int, tuple[_Group, str]]] = defaultdict(dict)  # letters -> {id(group): (group, full)}
        unexplained: list[tuple[_Group, Candidate, str]] = []
        for (t, _), g in list(self.groups.items()):
            if t != "organisation":
                continue
            keep = []
            for c in g.cands:
                written = clean_name(c.text)
                acronym = _ACRONYM.fullmatch(written) is not None and self.kb.lookup(written) is None
                target = spelled[c.article_id].get(written) if acronym else None
                if target is None or target is g:
                    keep.append(c)
                    if acronym and target is None:
                        unexplained.append((g, c, written))
                    continue
                full = next(clean_name(o.text) for o in target.cands if o.article_id == c.article_id
                            and initials(clean_name(o.text)) == written)
                stood_for[written][id(target)] = (target, full)
                self._link(target, c, "acronym", 0.9, f"'{written}' spells the initials of '{full}', named in "
                                                       "the same article", per_article=True)
            g.cands = keep
        if not any(len(v) == 1 for v in stood_for.values()):
            return
        named_in: dict[str, set[int]] = defaultdict(set)  # article -> the groups it names
        for g in self.groups.values():
            for c in g.cands:
                named_in[c.article_id].add(id(g))
        around_of: dict[str, set[int]] = {}  # letters -> the groups named where they were spelled out
        moved: dict[int, set[int]] = defaultdict(set)  # group -> the candidates that joined another
        for g, c, written in unexplained:
            if len(stood_for.get(written, {})) != 1:
                continue
            ((target, full),) = stood_for[written].values()
            if target is g:
                continue
            # the same letters may name another body in another context ("RSF": Sudan's Rapid
            # Support Forces, the press-freedom group): the article must share two other actors
            # or places with the articles that spelled them out
            if written not in around_of:
                spelled_in = {o.article_id for o in target.cands if initials(clean_name(o.text)) == written}
                around_of[written] = set().union(*(named_in[a] for a in spelled_in)) - {id(target)}
            if len(named_in[c.article_id] & around_of[written] - {id(g)}) < 2:
                continue
            moved[id(g)].add(id(c))
            self._link(target, c, "acronym", 0.8, f"'{written}' stood for '{full}' in another article of this "
                                                   "run, and for nothing else", per_article=True)
        for g in {id(g): g for g, _, _ in unexplained}.values():
            if moved[id(g)]:
                g.cands = [c for c in g.cands if id(c) not in moved[id(g)]]

    def _fill_administrations(self) -> None:
        countries_of: dict[str, set[str]] | None = None  # family name -> its people's countries
        for (t, _), g in self.groups.items():
            if t != "organisation" or g.vote("country") or not any(c.how == "administration" for c in g.cands):
                continue
            if countries_of is None:  # read once: what this loop changes is no person's
                countries_of = defaultdict(set)
                for (pt, _), p in self.groups.items():
                    if pt == "person" and (country := p.vote("country")):
                        countries_of[" ".join(split_name(p.key)[0])].add(country)
            countries = countries_of.get(name_key(g.cands[0].text.split()[0]), set())
            if len(countries) == 1:
                for c in g.cands:
                    c.country = next(iter(countries))

    def _emit(self) -> Resolution:
        entities, mentions, ids = [], [], {}
        for (type_, _), g in self.groups.items():
            if not g.cands:
                continue
            name = self._display(g)
            kbp = self.kb_people.get(name_key(name), {}) if type_ == "person" else {}
            # the post they held when the news that names them was written, if one covers it all
            days = [self.dates.get(a) for a in {c.article_id for c in g.cands}] if kbp else []
            post = (self.kb.post_on(kbp, days) if kbp else None) or {}
            past = self.kb.posts_before(kbp, days) if kbp else []
            former = (g.stated("role") or "").startswith("former ")
            if former:
                post = {}  # the text says they have left it ("former President Donald Trump")
            # an official of the UN, NATO or the EU acts for the body, not for their own state
            country = g.vote("country") or (None if post.get("sector") == "IGO" else kbp.get("country"))
            if type_ == "country":
                country, sector = g.key, None
            else:
                sector = g.vote("sector")
                held = {p["sector"] for p in [*past, post] if p}  # posts begun by then, not later ones
                if type_ == "person" and (not country or (kbp and sector not in held)):
                    # a sector read once is dropped like the role only where no country is left
                    # to stand alone. With a country it stays: Hillary Clinton coded USA rather
                    # than USAGOV let 8 more events through on PolNeAR July-August (session 23),
                    # nearly all wrong ("she ACCUSE the State Department"), which the events
                    # layer drops as one sector acting on itself (events/stage.py _own_state).
                    # A known person's country comes from people.yaml, and a sector read once
                    # stays only if a post they held by then was in it ("the federal judge
                    # Donald Trump was referring to" makes no judge of him, nor a hypothetical
                    # "President Trump" in 2015 a member of a government he joined in 2017)
                    sector = g.stated("sector")
                sector = None if former else sector or post.get("sector")  # no member of a government
            role, sector = _against_posts(g.stated("role"), sector, post, past)
            eid = entity_id(name_key(name) if type_ == "person" and not g.key.startswith("role:") else g.key, type_)
            ids[(g.type, g.key)] = eid
            aliases = sorted({_alias(c) for c in g.cands} - {name})
            ent = Entity(id=eid, name=name, type=type_, country=country, sector=sector, role=role, aliases=aliases,
                         mention_count=len(g.cands), article_count=len({c.article_id for c in g.cands}))
            entities.append(ent)
            for c in g.cands:
                if type_ == "country":
                    code = None if c.how == "dateline" else actor_code(c.country, c.sector)
                elif type_ == "location":
                    code = None
                else:
                    code = ent.code
                mentions.append(Mention(article_id=c.article_id, sentence=c.sentence, start=c.start, end=c.end,
                                        text=c.text, label=c.label, entity_id=eid, code=code, how=c.how))
        decisions = []
        for gkey, d in self.decisions.values():
            d.entity_id = ids.get(gkey) if gkey else None
            decisions.append(d)
        entities.sort(key=lambda e: (-e.article_count, -e.mention_count, e.name))
        # one span, one mention (the store enforces it): keep the first if rules ever overlap
        mentions = list({(m.article_id, m.start, m.end): m for m in reversed(mentions)}.values())
        mentions.sort(key=lambda m: (m.article_id, m.start, m.end))
        return Resolution(entities, mentions, decisions)


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _against_posts(role: str | None, sector: str | None, post: dict, past: list[dict]) -> tuple[str | None, str | None]:
    """(role, sector) of a listed person, given what the text said, the ``post`` the lists
    say they held then ({} if none) and the posts they had left (``past``, last one last)."""
    left = next((p for p in reversed(past) if role and same_post(role, p)), None)
    if left is not None and post:
        # a post they had left for the one they held then ("Sen. Biden" in 2015 news)
        return post["role"], post["sector"]
    if left is not None:
        # a post they had left before this news: "President Bill Clinton signed the law in
        # 1996", read in 2015, names a former president, no member of the government
        return f"former {left['role']}", None
    if past and not post and role is None:
        return f"former {past[-1]['role']}", sector  # who they are to a reader; the code stays
    return role or post.get("role"), sector


def resolve(candidates: Iterable[Candidate], dates: Mapping[str, str | None] | None = None) -> Resolution:
    """Resolve the candidates of every article in scope together. ``dates`` (article id ->
    publication day) lets a known person's post be the one they held then."""
    return _Resolver(candidates, dates).run()
