"""The entity layer's knowledge: the YAML files in ``entities/data``, loaded once and indexed.

    from wirewatch.entities.knowledge import knowledge
    kb = knowledge()
    kb.lookup("the Kremlin")   # Hit(kind='seat', name='Russia', country='RUS', sector='GOV', ...)
    kb.title("defence minister")

``problems()`` checks the files' integrity (codes exist, sectors are known, no written form is
claimed by two different things); ``tests/test_entities_data.py`` fails on any problem.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import pycountry
import yaml

from wirewatch.errors import ConfigError

#: CAMEO/PLOVER sector codes wirewatch assigns; a sector may stack two (GOVMIL).
SECTORS: dict[str, str] = {
    "GOV": "government: executive, ministries, officials, diplomats",
    "MIL": "military: armed forces, uniformed officers, military intelligence",
    "IGO": "intergovernmental organisation: UN, NATO, EU, IAEA",
    "BUS": "business: companies, shipping lines, arms exporters",
    "MED": "media: news agencies, state media",
    "REB": "rebels and armed non-state groups: Houthis, Hamas, Hezbollah",
    "OPP": "political opposition",
    "PTY": "political parties and their committees",
    "LEG": "legislature: parliaments, lawmakers",
    "JUD": "judiciary and prosecutors",
    "CVL": "civilians",
    "NGO": "non-governmental organisations",
}

# Spelling variants folded before title and unit matching: the data is written once.
_FOLDS = (
    (r"\bdefence\b", "defense"), (r"\badvisor\b", "adviser"), (r"\bspokes(?:wo)?m[ae]n\b", "spokesman"),
    (r"\bspokesperson\b", "spokesman"), (r"\bspokespeople\b", "spokesman"), (r"\borganization\b", "organisation"),
)


# A law's name: "Affordable Care Act", "Arms Export Control Act of 1976". Laws are what actors
# pass, break or sell under, not actors (entity extraction and event sides both skip them).
# the party letter before a member of Congress's state: "R-Wis.", "D - Calif.", "I-Vt."
PARTY_PREFIX = re.compile(r"^[RDI]\s?[-–]\s?")
LAW_NAME = re.compile(r"^\S+(?: \S+)* Act(?: of (?:\d{4}|[A-Z]\w+))?$")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, accents off, British/American and gendered variants folded."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("’", "'").replace(".", "")
    text = re.sub(r"\s+", " ", text).strip()
    for pattern, repl in _FOLDS:
        text = re.sub(pattern, repl, text)
    return text


@dataclass(frozen=True)
class Hit:
    """What a written form names. ``kind`` is how it names it: country (a name or alias),
    demonym, capital, seat, place, region, organisation or group."""

    kind: str
    name: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Title:
    role: str
    sector: str | None
    head: bool = False
    country: str | None = None


#: Bump when extraction changes in a way that makes stored candidates stale.
EXTRACTOR_VERSION = "8"
DATA_FILES = ("countries.yaml", "titles.yaml", "organisations.yaml", "names.yaml", "people.yaml")


# libyaml's loader where PyYAML was built with it: people.yaml alone takes 0.8 s to parse in
# pure Python, 0.2 s this way, in every process that reads entities
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(name: str) -> str:
    return resources.files("wirewatch.entities").joinpath("data", name).read_text(encoding="utf-8")


def _load(name: str) -> dict[str, Any]:
    try:
        data = yaml.load(_read(name), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read entity data {name}: {exc} (reinstall wirewatch?)") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"entity data {name} is not a mapping")
    return data


class Knowledge:
    """Indexes over the data files. Build once: ``knowledge()``."""

    def __init__(self) -> None:
        self.countries_data = _load("countries.yaml")
        self.titles_data = _load("titles.yaml")
        self.orgs_data = _load("organisations.yaml")
        self.names_data = _load("names.yaml")
        self.people_data = _load("people.yaml")
        self.conflicts: list[str] = []  # filled while indexing; reported by problems()
        digest = hashlib.sha1(EXTRACTOR_VERSION.encode())
        for name in DATA_FILES:
            digest.update(_read(name).encode())
        #: changes with the extractor version or any data file: stored candidates are redone
        self.fingerprint = f"{EXTRACTOR_VERSION}-{digest.hexdigest()[:12]}"
        self.exact: dict[str, Hit] = {}
        self.country_name: dict[str, str] = {}
        self.adjective: dict[str, str] = {}
        # for exact_prefixed: the sorted forms of ``exact``, per tuple of kinds, built on demand
        self._exact_forms: dict[tuple[str, ...], list[str]] = {}
        self._index()

    # -- indexing ---------------------------------------------------------------------------
    def _add(self, form: str, hit: Hit) -> None:
        form = form.strip()
        old = self.exact.get(form)
        if old is not None and (old.kind, old.name, old.country) != (hit.kind, hit.name, hit.country):
            self.conflicts.append(f"{form!r} is both {old.kind} {old.name} and {hit.kind} {hit.name}")
            return
        self.exact[form] = hit

    def _index(self) -> None:
        for country in pycountry.countries:
            code = country.alpha_3
            self.country_name[code] = getattr(country, "common_name", None) or country.name
        for code, info in self.countries_data["countries"].items():
            info = info or {}
            self.country_name[code] = info.get("name") or self.country_name.get(code, code)
            demonyms = info.get("demonyms") or []
            self.adjective[code] = demonyms[0] if demonyms else self.country_name[code]
        # pycountry's names first, so that the curated tables override them where they clash
        pyc: dict[str, Hit] = {}
        for country in pycountry.countries:
            hit = Hit("country", self.country_name[country.alpha_3], country.alpha_3)
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value:
                    pyc[value] = hit
        for code, info in self.countries_data["countries"].items():
            info, name = info or {}, self.country_name[code]
            for form in [name, *(info.get("aliases") or [])]:
                self._add(form, Hit("country", name, code))
            for form in info.get("demonyms") or []:
                self._add(form, Hit("demonym", name, code))
            for form in info.get("capitals") or []:
                self._add(form, Hit("capital", form, code, "GOV"))
            for form, sector in (info.get("seats") or {}).items():
                self._add(form, Hit("seat", name, code, sector))
            for form in info.get("places") or []:
                self._add(form, Hit("place", form, code))
        for form in self.countries_data.get("regions") or []:
            self._add(form, Hit("region", form))
        for kind, key in (("organisation", "organisations"), ("group", "groups")):
            for org in self.orgs_data.get(key) or []:
                hit = Hit(kind, org["name"], org.get("country"), org.get("sector"), org.get("role"))
                for form in [org["name"], *(org.get("aliases") or [])]:
                    self._add(form, hit)
        for form, hit in pyc.items():
            self.exact.setdefault(form, hit)
        self.folded: dict[str, Hit] = {}
        for form, hit in self.exact.items():
            # all-caps short forms (US, UN, IS) only match as written: "us" is a pronoun
            if not (form.isupper() and len(form) <= 4):
                self.folded.setdefault(fold(form), hit)
        # country names that are also person names or common words: trusted only from the NER
        self.gazetteer_skip = set(self.countries_data.get("gazetteer_skip") or [])
        self.also_us_states = set(self.countries_data.get("also_us_states") or [])
        # "(R-Fla.)" after a name: each written form of a state in such a tag -> the state
        self.us_state_tags = {form: state for state, forms in (self.countries_data.get("us_state_tags") or {}).items()
                              for form in [state, *forms]}
        self.not_countries = {fold(w) for w in self.countries_data.get("not_countries") or []}
        self.state_groups = {fold(k): tuple(v) for k, v in
                             (self.countries_data.get("state_groups") or {}).items()}
        self.titles = {fold(k): Title(**v) for k, v in self.titles_data["titles"].items()}
        self.prefixes = [fold(p) for p in self.titles_data.get("prefixes") or []]
        # first words of titles and prefixes: most tokens fail this cheap test before any look-up
        self.title_starts = {re.split(r"[ -]", t)[0] for t in [*self.titles, *self.prefixes]}
        self.not_current = {fold(w) for w in self.titles_data.get("not_current") or []}
        self.units = {fold(k): v for k, v in (self.titles_data.get("units") or {}).items()}
        self.honorifics = {fold(h) for h in self.titles_data.get("honorifics") or []}
        self.collectives = {fold(k): v for k, v in (self.orgs_data.get("collectives") or {}).items()}
        self.administrations = dict(self.orgs_data.get("administrations") or {})
        self.family_first = {fold(n) for n in self.names_data.get("family_first") or []}
        self.particles = {fold(n) for n in self.names_data.get("particles") or []}
        # posts in the titles' own words ("secretary of defense" is the role "defense
        # minister", as "Defense Secretary Ash Carter" reads), so that a post in the text and
        # one in the lists compare
        self.people = [dict(p, posts=[dict(q, role=self._canonical_role(q["role"])) for q in _posts(p)])
                       for data in (self.names_data, self.people_data) for p in data.get("people") or []]
        self.not_actors = {fold(n) for n in self.names_data.get("not_actors") or []}
        self.weapons = {fold(n) for n in self.orgs_data.get("weapons") or []}

    def _canonical_role(self, role: str | None) -> str | None:
        title = self.titles.get(fold(role)) if role else None
        return title.role if title is not None else role

    @staticmethod
    def post_on(person: dict, dates: Iterable[str]) -> dict | None:
        """The post of a names.yaml person that covers every one of ``dates`` (ISO days of the
        articles that name them), or None: a post held before or after the news, or two
        posts in one stream, is no reading of who they are in it. Undated news: the post
        still held."""
        days = sorted(d[:10] for d in dates if d)
        held = [p for p in person["posts"]
                if (p["from"] <= days[0] and (p["to"] is None or days[-1] < p["to"]) if days else p["to"] is None)]
        # of two posts held at once, the one taken up last: a representative who is Speaker
        return max(held, key=lambda p: p["from"], default=None)

    @staticmethod
    def posts_before(person: dict, dates: Iterable[str]) -> list[dict]:
        """The posts of a names.yaml person that had ended by the first of ``dates``, the
        last one last: what they are a former holder of in that news ("former President Bill
        Clinton" in 2015). None for undated news."""
        days = sorted(d[:10] for d in dates if d)
        return sorted((p for p in person["posts"] if days and p["to"] is not None and p["to"] <= days[0]),
                      key=lambda p: p["to"])

    def holder(self, country: str, role: str, day: str) -> dict | None:
        """The one listed person who held the post ``role`` of ``country`` on ``day``, if
        exactly one did (officials of international bodies are of no country here)."""
        held = {id(person): person for person, post in self._posts_by_role.get((country, role), ())
                if post["from"] <= day and (post["to"] is None or day < post["to"])}
        return next(iter(held.values())) if len(held) == 1 else None

    @cached_property
    def _posts_by_role(self) -> dict[tuple[str, str], list[tuple[dict, dict]]]:
        out: dict[tuple[str, str], list[tuple[dict, dict]]] = {}
        for person in self.people:
            for post in person["posts"]:
                if person.get("country") and post["sector"] != "IGO":
                    out.setdefault((person["country"], post["role"]), []).append((person, post))
        return out

    @cached_property
    def known_names(self) -> set[str]:
        """Name keys of the people in names.yaml (lazy: names.py needs this object built)."""
        from wirewatch.entities.names import name_key

        return {name_key(n) for p in self.people for n in [p["name"], *(p.get("aliases") or [])]}

    def exact_prefixed(self, prefix: str, kinds: tuple[str, ...]) -> bool:
        """Whether some form in ``exact`` whose hit is of one of ``kinds`` starts with
        ``prefix``: a cheap test before looking up every span that begins with a word."""
        forms = self._exact_forms.get(kinds)
        if forms is None:
            forms = self._exact_forms[kinds] = sorted(f for f, h in self.exact.items() if h.kind in kinds)
        i = bisect.bisect_left(forms, prefix)
        return i < len(forms) and forms[i].startswith(prefix)

    # -- look-ups ---------------------------------------------------------------------------
    def lookup(self, text: str) -> Hit | None:
        """What a written form names, or None. Tries it as written, without a leading "the"
        and a possessive, then case- and accent-folded."""
        text = re.sub(r"\s+", " ", text.strip().replace("’", "'"))
        text = re.sub(r"'s?$", "", text).strip()
        for form in (text, re.sub(r"^[Tt]he ", "", text)):
            if form in self.exact:
                return self.exact[form]
        folded = fold(re.sub(r"^[Tt]he ", "", text))
        if folded in self.not_countries:
            return None
        return self.folded.get(folded)

    def group_members(self, text: str) -> tuple[str, ...]:
        """The member states of a group named as one party ("Baltic governments", "the three
        Baltic states", "the two Koreas", "the E3"), or () when ``text`` names no group."""
        form = re.sub(r"^the\s+", "", re.sub(r"\s+", " ", text.strip()), flags=re.I)
        for step in (r"", r"^(?:two|three|four|five|six|[2-6])\s+",
                     r"\s+(?:states|countries|nations|governments|leaders)$"):
            if step:
                form = re.sub(step, "", form, flags=re.I)
            members = self.state_groups.get(fold(form))
            if members:
                return members
        return ()

    def state_of_tag(self, text: str) -> str | None:
        """The US state a congressional tag names, with or without its party letter and
        abbreviation dot ("R-Wis.", "Wis.", "R-Tex", "Texas"); None for anything else."""
        bare = PARTY_PREFIX.sub("", text)
        return self.us_state_tags.get(bare) or self.us_state_tags.get(bare + ".")

    def is_not_country(self, text: str) -> bool:
        return fold(re.sub(r"^[Tt]he ", "", text.strip())) in self.not_countries

    def title(self, text: str) -> Title | None:
        return self.titles.get(fold(text))

    def adjective_of(self, code: str) -> str:
        return self.adjective.get(code) or self.country_name.get(code, code)

    def name_of(self, code: str) -> str:
        return self.country_name.get(code, code)

    # -- integrity --------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """Everything wrong with the data files, as messages (empty when all is well)."""
        out = list(self.conflicts)
        codes = {c.alpha_3 for c in pycountry.countries}

        def check_code(code: Any, where: str) -> None:
            if code is not None and code not in codes:
                out.append(f"{where}: {code!r} is not an ISO 3166 alpha-3 code")

        def check_sector(sector: Any, where: str) -> None:
            if sector is None:
                return
            parts = re.findall(r"...", str(sector))
            if not parts or "".join(parts) != sector or any(p not in SECTORS for p in parts):
                out.append(f"{where}: unknown sector {sector!r} (use {', '.join(SECTORS)})")

        for code, info in self.countries_data["countries"].items():
            check_code(code, "countries.yaml")
            for form, sector in ((info or {}).get("seats") or {}).items():
                check_sector(sector, f"countries.yaml seat {form}")
        for key in ("organisations", "groups"):
            for org in self.orgs_data.get(key) or []:
                check_code(org.get("country"), f"organisations.yaml {org['name']}")
                check_sector(org.get("sector"), f"organisations.yaml {org['name']}")
        for noun, info in self.collectives.items():
            check_sector(info.get("sector"), f"collective {noun!r}")
        for name, code in self.administrations.items():
            check_code(code, f"administration {name}")
        for key, title in self.titles.items():
            check_sector(title.sector, f"title {key!r}")
            check_code(title.country, f"title {key!r}")
        for unit, sector in self.units.items():
            check_sector(sector, f"unit {unit!r}")
        for person in self.people:
            check_code(person.get("country"), f"person {person['name']}")
            for post in person["posts"]:
                check_sector(post["sector"], f"person {person['name']}")
                if post["to"] is not None and post["to"] <= post["from"]:
                    out.append(f"person {person['name']}: post {post['role']!r} ends before it starts")
        from wirewatch.entities.names import name_key

        named: dict[str, str] = {}
        for person in self.people:
            for form in [person["name"], *(person.get("aliases") or [])]:
                other = named.setdefault(name_key(form), person["name"])
                if other != person["name"]:
                    out.append(f"person {person['name']}: {form!r} is also a name of {other} (one must go)")
        for group, members in self.state_groups.items():
            for code in members:
                check_code(code, f"state group {group!r}")
        for word in self.not_countries:
            hit = self.folded.get(word)
            if hit is not None and hit.kind in ("country", "demonym"):
                out.append(f"{word!r} is in not_countries but also names {hit.name}")
        for lst, where in ((self.names_data.get("family_first") or [], "family_first"),
                           (self.countries_data.get("regions") or [], "regions")):
            dupes = {x for x in lst if lst.count(x) > 1}
            if dupes:
                out.append(f"{where}: listed twice: {sorted(dupes)}")
        return out


def same_post(role: str, post: dict) -> bool:
    """Whether a role read in the text is a names.yaml/people.yaml ``post``: the same words, or
    a seat in a legislature ("Sen. Clinton" is read as a legislator, her post as senator)."""
    return fold(role) == fold(post["role"]) or (fold(role) == "legislator" and post["sector"] == "LEG")


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The loaded knowledge, built once per process."""
    return Knowledge()


def _posts(person: dict) -> list[dict]:
    """A names.yaml person's posts, each {role, sector, from, to} with ISO-day strings (``to``
    None while held; a post with no ``from`` held since ever); a single post may be written
    flat on the person."""
    posts = person.get("posts") or [{k: person.get(k) for k in ("role", "sector", "from", "to")}]
    return [{"role": p.get("role"), "sector": p.get("sector"), "from": str(p.get("from") or "0000-01-01"),
             "to": str(p["to"]) if p.get("to") else None} for p in posts]
