"""Briefing sections from the events and claims stages: events, disputes, claims, actor network."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from typing import NamedTuple

from markupsafe import Markup

from wirewatch.brief.charts import network_svg, timeline_svg
from wirewatch.brief.sections import Section, cite_html, cite_md, fmt_html, section
from wirewatch.textnorm import dateline_end

MODALITY_WORDS = {
    "asserted": "reported as done", "ongoing": "ongoing", "planned": "planned / intended",
    "hypothetical": "hypothetical / conditional", "negated": "stated as not happening",
    "denied": "denied by a side",
}
MAX_EVENTS = 12
# A report lists an event when the verifier finds it more likely right than wrong, or when
# sources dispute it; the others are folded away as less certain (docs/stories.md, "Which
# events a report lists"). Events no verifier read (a store from before events carried its
# belief, or WIREWATCH_EVENT_VERIFIER=off) are listed by the coder's confidence instead.
MIN_BELIEF = 0.5
MIN_CONFIDENCE = 0.6


MAX_DISPUTES = 10


def _story_events(store, report, articles):
    """The story's fused events, read once per report (three sections use them); kept on the
    report object, outside its dataclass fields, so it never reaches the JSON output."""
    if not hasattr(store, "fused_events"):
        return []
    if getattr(report, "_fused_events", None) is None:
        ids = {a.id for a in articles}
        # an event fused across stories is quoted and attributed from this story's own
        # articles: the first piece of evidence is what the report shows and cites
        report._fused_events = [
            dataclasses.replace(f, evidence=sorted(f.evidence, key=lambda e: e.evidence.article_id not in ids))
            for f in store.fused_events([a.id for a in articles])]
    return report._fused_events


def _cites(f, by_id, fmt="html"):
    out = []
    seen_groups = set()
    for e in f.evidence:
        a = by_id.get(e.evidence.article_id)
        if a is None or (a.copy_group or a.id) in seen_groups:
            continue
        seen_groups.add(a.copy_group or a.id)
        out.append(cite_html(a, (e.evidence.start, e.evidence.end)) if fmt == "html" else cite_md(a))
    return out


def _sentence(f, by_id) -> str:
    e = f.evidence[0]
    a = by_id.get(e.evidence.article_id)
    if a is None:
        return ""
    # "UNITED NATIONS (Lakeside Ledger) — A confidential report ...": the quote leaves out
    # the dateline, as key points do
    start = max(e.evidence.start, dateline_end(a.text)) if e.evidence.start == 0 else e.evidence.start
    return a.text[start:e.evidence.end]


def _who(e, store=None, names=None) -> str:
    att = e.attribution
    if att.source is not None:
        return f"according to {_reporter(store, att.source, names)}" + (f" ({att.cue})" if att.cue else "")
    return "the outlet itself"


def _reporter(store, src, names) -> str:
    """Who reports an event, as a reader can place them: a pronoun or description the events
    stage tied to a named speaker ("He" after Kirby spoke: John Kirby; "The agency": the
    National Intelligence Service), and a bare surname in full ("Kirby": John Kirby); else the
    words of the text ("Japan's Foreign Minister Yoko Kamikawa" says more than her name)."""
    name = _entity_name(store, src.entity_id, names) if store is not None and src.entity_id else None
    if name and (_vague(src.text) or _part_of(src.text, name)):
        # "according to the National Intelligence Service", as the outlet would write it
        return f"the {name}" if name.split()[-1].lower() in _INSTITUTIONS else name
    # "according to a confidential report by ...", "according to the United States": the
    # capital only opened its sentence ("The Washington Post" keeps its "The")
    opened = src.text.startswith(("A ", "An ")) or src.text.startswith("The ") and len(src.code or "") == 3
    words = src.text.lower().split()
    # ... "according to analysts in Seoul", "according to defence officials": a plural common
    # noun (after at most one describing word) that opened its sentence
    opened = opened or bool(words) and (words[0] in _SPEAKER_NOUNS or len(words) > 1 and
                                        words[0] in _SPEAKER_KINDS and words[1] in _SPEAKER_NOUNS)
    return src.text[0].lower() + src.text[1:] if opened else src.text


_SPEAKER_NOUNS = {"analysts", "officials", "diplomats", "experts", "investigators", "brokers", "researchers",
                  "observers", "residents", "witnesses", "sources", "critics", "lawmakers", "prosecutors",
                  "activists", "traders", "economists", "monitors", "inspectors", "insurers", "commanders",
                  "authorities", "people", "scientists", "engineers"}
_SPEAKER_KINDS = {"security", "defence", "defense", "military", "western", "senior", "intelligence", "government",
                  "industry", "shipping", "regional", "local", "independent", "foreign", "arms", "maritime"}


# last words of a body's name that read with "the" before it
_INSTITUTIONS = {"agency", "service", "council", "union", "ministry", "command", "department", "office",
                 "committee", "court", "bank", "army", "navy", "forces", "force", "guard", "fleet",
                 "administration", "government", "commission", "organisation", "organization",
                 "parliament", "assembly", "staff", "house", "embassy", "bureau", "coalition", "alliance"}


def _part_of(text: str, name: str) -> bool:
    words, full = text.split(), name.split()
    return 0 < len(words) < len(full) and set(words) <= set(full)


def _side(f, store=None, names=None) -> str:
    """Who holds one side of a dispute: "according to Washington (accuses)", "denied by Iran"."""
    e = f.evidence[0]
    if f.modality == "denied" and e.attribution.source is not None:
        return f"denied by {_reporter(store, e.attribution.source, names)}"
    return _who(e, store, names)


def _direction(f) -> tuple:
    return (tuple(sorted(p.country or p.key for p in f.actors)),
            tuple(sorted(p.country or p.key for p in f.recipients)))


def against(f, others: list) -> list:
    """The disputing events to show against ``f``: "X and Y deny arms transfers between them"
    is denied both ways, and against "Y supplied X" the denial running Y → X is the one to show."""
    same_way = [o for o in others if _direction(o) == _direction(f)]
    return same_way or others


def _state_level(fused, by_id):
    """Fused events that differ only in how a state is named ("Putin met Kim", "Russia met
    North Korea", RUSGOV/PRKGOV): one line for the reader, with the evidence of all and
    corroboration counted over the copy groups of all. Fusion keeps them apart (a person is
    not a state); the report need not. Returns (representative, members, corroboration)."""
    from wirewatch.events.fusion import SYMMETRIC

    groups: dict[tuple, list] = {}
    for f in fused:
        who = tuple(sorted({p.country or p.key for p in f.actors}))
        whom = tuple(sorted({p.country or p.key for p in f.recipients}))
        if f.type in SYMMETRIC:
            who, whom = tuple(sorted(set(who) | set(whom))), ()
        key = (f.type, who, whom, f.modality, (f.date or "")[:7])
        groups.setdefault(key, []).append(f)
    out = []
    for members in groups.values():
        rep = max(members, key=lambda f: (f.corroboration, _belief(f)))
        out.append((rep, members, _independent(members, by_id)))
    return _listed(out, by_id)


def _independent(members, by_id) -> int:
    return len({(by_id[a].copy_group or a) if a in by_id else a for f in members for a in f.articles})


def _listed(grouped, by_id):
    """One line for the events of one sentence that differ only in the listed other side:
    "the coalition would bring together Britain, Bahrain, Canada ..." is one line with all
    the listed states, not one line (and one quote) per state."""
    lines: dict[tuple, list] = {}
    for rep, members, corroboration in grouped:
        first = rep.evidence[0].evidence
        key = (rep.type, tuple(p.key for p in rep.actors), rep.modality, rep.date,
               first.article_id, first.start, bool(rep.recipients))
        lines.setdefault(key if rep.recipients else (id(rep),), []).append((rep, members, corroboration))
    out = []
    for same in lines.values():
        if len(same) == 1:
            out.append(same[0])
            continue
        same.sort(key=lambda g: min((r.start for e in g[0].evidence[:1] for r in e.recipients), default=0))
        members = [m for _, ms, _ in same for m in ms]
        recipients = list({p.key: p for rep, _, _ in same for p in rep.recipients}.values())
        rep = dataclasses.replace(same[0][0], recipients=recipients)
        out.append((rep, members, _independent(members, by_id)))
    return out


def _party_text(p) -> str:
    """A side as a reader wants it: a state by its name ("North Korea", not PRK), anyone
    else by name with the code that places them ("Mike Pence (USAGOV)", not USAGOV alone)."""
    if p.code and p.key == p.code:  # the state itself
        return p.name if p.name and p.name != p.code else p.code
    if p.code and p.name and p.name != p.code:
        return f"{p.name} ({p.code})"
    return p.name or p.code or "?"


def _sides_text(parties, codes: bool = True) -> str:
    """One side of an event in names, joined by "+". A phrase that names several states
    ("Baltic governments": EST, LVA and LTU) is written once, with their codes, not once
    per state. ``codes=False``: names alone, for the timeline's short lines."""
    groups: dict[str, list] = {}
    for p in parties:
        several = p.code and p.key == p.code and p.name and p.name != p.code
        groups.setdefault(p.name if several else f"\0{p.key}", []).append(p)
    if not codes:
        return " + ".join(ps[0].name or ps[0].code or "?" for ps in groups.values())
    return " + ".join(_party_text(ps[0]) if len(ps) == 1 else f"{ps[0].name} ({', '.join(p.code for p in ps)})"
                      for ps in groups.values())


def _reading(f, codes: bool = True) -> str:
    """What the event says, in names: "Vladimir Putin (RUSGOV) + Kim Jong Un (PRKGOV)
    CONSULT visit" (``codes=False``: "Vladimir Putin + Kim Jong Un CONSULT visit"). The
    codes alone (``label``) stay in the JSON."""
    who = _sides_text(f.actors, codes) or "?"
    whom = _sides_text(f.recipients, codes)
    return f"{who} {f.type}{(' ' + f.mode) if f.mode else ''}{(' ' + whom) if whom else ''}"


@section
def events_section(store, report, articles) -> Section | None:
    fused = _story_events(store, report, articles)
    if not fused:
        return None
    by_id = {a.id: a for a in articles}
    grouped = _state_level(fused, by_id)
    # what a reader sees first, and what the pictures draw: the readings more likely right
    # than wrong, and those sources dispute; the rest stay one click away, marked as such
    likely = [any(_likely(f) or f.disputed for f in g[1]) for g in grouped]
    listed = [g for g, ok in zip(grouped, likely) if ok]
    doubtful = [g for g, ok in zip(grouped, likely) if not ok]
    listed = sorted(listed, key=lambda g: (-g[2], -int(any(f.disputed for f in g[1])), -_belief(g[0]),
                                           g[0].date or ""))[:MAX_EVENTS]
    listed.sort(key=lambda g: (g[0].date or "9999", -g[2]))
    doubtful = sorted(doubtful, key=lambda g: (-_belief(g[0]), g[0].date or ""))[:MAX_EVENTS]
    names: dict[str, str | None] = {}
    rows, md, data = _event_lines(listed, by_id, store, names)
    more_rows, more_md, more_data = _event_lines(doubtful, by_id, store, names)
    data += [dict(d, uncertain=True) for d in more_data]
    ranked = [g[0] for g in listed]
    report.extra["timeline_svg"] = timeline_svg(
        [(f.date, _reading(f, codes=False), f.modality) for f in ranked if f.date]
        + [(t.date, t.text, "article") for t in report.timeline]
    )
    html = fmt_html('<ul class="points">{}</ul>', Markup("").join(rows)) if rows else Markup(
        '<p class="meta">No reading of these articles is more likely right than wrong.</p>')
    if more_rows:
        html += fmt_html('<details class="uncertain"><summary>{} less certain reading{}: each more likely wrong '
                         'than right, and left out of the timeline and the network</summary>'
                         '<ul class="points">{}</ul></details>',
            len(more_rows), "" if len(more_rows) == 1 else "s", Markup("").join(more_rows))
        md += ["", "Less certain readings (each more likely wrong than right):", *more_md]
    net = _network(ranked)
    if net:
        html += Markup('<h3>Who acted on whom</h3>') + Markup(net)
    # the index counts what the report lists: the likely events (before the cap of a dozen)
    return Section("events", "Events", html, "\n".join(md), data, ("events", sum(likely)))


def _event_lines(groups, by_id, store, names) -> tuple[list, list, list]:
    """One HTML line, one Markdown line and one JSON row per (state-level) event."""
    rows, md, data = [], [], []
    for f, members, corroboration in groups:
        disputed = any(m.disputed for m in members)
        evidence = [e for m in members for e in m.evidence]
        f = dataclasses.replace(f, evidence=evidence, corroboration=corroboration, disputed=disputed)  # a copy
        badge = fmt_html('<span class="badge src">{} independent source{}</span>',
            f.corroboration, "" if f.corroboration == 1 else "s")
        if f.disputed:
            badge += Markup(' <span class="badge warn">disputed</span>')
        rows.append(fmt_html("<li><b>{}</b> · {} · {} {}<br><span class=\"meta\">“{}” — {}</span> {}</li>",
            f.date or "undated", _reading(f), MODALITY_WORDS.get(f.modality, f.modality), badge,
            _sentence(f, by_id), _who(f.evidence[0], store, names), Markup(" ").join(_cites(f, by_id))))
        md.append(f"- {f.date or 'undated'} · {_reading(f)} · {MODALITY_WORDS.get(f.modality, f.modality)}"
                  f" · {f.corroboration} independent source(s){' · disputed' if f.disputed else ''} "
                  + " ".join(_cites(f, by_id, "md")))
        data.append({"id": f.id, "label": f.label, "date": f.date, "modality": f.modality,
                     "corroboration": f.corroboration, "publications": f.publications, "disputed": f.disputed,
                     "belief": f.belief})
    return rows, md, data


def _belief(f) -> float:
    """How likely the event is right: the verifier's belief, or the coder's confidence where
    no verifier read it."""
    return f.belief if f.belief is not None else f.confidence


def _likely(f) -> bool:
    return f.belief >= MIN_BELIEF if f.belief is not None else f.confidence >= MIN_CONFIDENCE


def _network(fused) -> str:
    # (source, target, type, directed) -> corroboration summed over the story's events
    weights: dict[tuple[str, str, str, bool], int] = defaultdict(int)
    for f in fused:
        if f.modality in ("negated", "denied"):
            continue  # what did not happen (or its actor says did not) is no link
        # one node per state (RUS, RUSGOV and RUSGOVMIL are all Russia) keeps the picture
        # readable; an actor with no country is shown by name, not by a bare sector ("MIL"),
        # and so is one outside the state (the Houthis, Iran Air): the war between a state
        # and its rebels would otherwise be no edge at all
        sides = [(_node(a), _node(r), True) for a in f.actors for r in f.recipients]
        if not f.recipients:  # "Putin and Kim held talks": a joint event links its actors both ways
            keys = sorted({_node(a) for a in f.actors})
            sides = [(x, y, False) for i, x in enumerate(keys) for y in keys[i + 1:]]
        for ka, kr, directed in sides:
            if ka != kr:
                weights[(ka, kr, f.type, directed)] += f.corroboration
    if not weights:
        return ""
    edges = [(a, b, t, w, d) for (a, b, t, d), w in sorted(weights.items(), key=lambda kv: -kv[1])[:30]]
    used = {n for a, b, *_ in edges for n in (a, b)}
    return network_svg([(n, n) for n in sorted(used)], edges)


_STATE_SECTORS = {"", "GOV", "MIL", "LEG", "JUD"}  # the state's own institutions


def _node(p) -> str:
    """The network node an event's side is drawn as: its state, or its own name."""
    country = p.country
    if country and (p.code or "")[3:6] in _STATE_SECTORS:
        return country
    return p.name


@section
def disputes_section(store, report, articles) -> Section | None:
    fused = [f for f in _story_events(store, report, articles) if f.disputed]
    if not fused:
        return None
    by_id = {a.id: a for a in articles}
    index = {f.id: f for f in _story_events(store, report, articles)}
    rows, md = [], []
    names: dict[str, str | None] = {}
    done = set()
    # the best-corroborated disputed points first; a long tail of weak pairs is not a briefing
    for f in sorted(fused, key=lambda f: (-f.corroboration, -_belief(f), f.id)):
        if len(rows) >= MAX_DISPUTES:
            break
        if f.modality in ("denied", "negated") or f.type == "REJECT":
            continue
        for other in against(f, [o for o in (index.get(d["fused_id"]) for d in f.disputes) if o is not None]):
            pair = tuple(sorted((f.id, other.id)))
            if pair in done:
                continue
            done.add(pair)
            rows.append(fmt_html("<li><b>{} ({})</b> — {} {}<br>versus <b>{} ({})</b> — {} {}</li>",
                _reading(f), f.modality, _side(f, store, names), Markup(" ").join(_cites(f, by_id)),
                _reading(other), other.modality, _side(other, store, names), Markup(" ").join(_cites(other, by_id))))
            md.append(f"- {_reading(f)} ({f.modality}) — {_side(f, store, names)} {' '.join(_cites(f, by_id, 'md'))} — "
                      f"versus — {_reading(other)} ({other.modality}) — {_side(other, store, names)} "
                      f"{' '.join(_cites(other, by_id, 'md'))}")
    if not rows:
        return None
    return Section("disputes", "Disputed points", fmt_html('<ul class="points">{}</ul>', Markup("").join(rows)),
                   "\n".join(md), summary=("disputed", len(rows)))


def _speaker(store, claim, names: dict[str, str | None]) -> str:
    """A claim's speaker as a heading: the resolved entity's name ("Vladimir Putin" for
    "Putin", and for a "He" the entity layer tied to him), else the words of the text."""
    text = claim.source.text
    # "the White House" mid-sentence and "The White House" opening one: one heading
    return _entity_name(store, claim.entity_id, names) or text[:1].upper() + text[1:]


def _entity_name(store, eid: str | None, names: dict[str, str | None]) -> str | None:
    """The name of a person, organisation or group the entity layer resolved (a state keeps
    the words of the text: "Washington" stays Washington); ``names`` caches look-ups."""
    if not eid:
        return None
    if eid not in names:
        entity = store.get_entity(eid) if hasattr(store, "get_entity") else None
        names[eid] = entity.name if entity is not None and entity.type in ("person", "organisation", "group") else None
    return names[eid]


# First words of a speaker that point at someone named elsewhere ("It said", "The minister
# said", "Their presence suggested") rather than name them, or that count people without
# naming any ("None of the three said", "Both campaigns said", "Neither would comment").
_POINTERS = {"it", "he", "she", "they", "we", "i", "you", "this", "that", "these", "those", "its",
             "his", "her", "their", "our", "the", "a", "an", "one", "some", "another", "such", "which",
             "what", "so", "them", "none", "neither", "nobody", "no", "both", "all", "each", "either",
             "several", "many", "most", "few", "anyone", "someone", "somebody", "everyone", "others"}


_EVIDENCE_CUES = {"citing", "cited", "cites", "cite"}


def _vague(speaker: str) -> bool:
    """A speaker left as written that names no one: a pronoun, or a description starting with
    one or with an article, all lower-case after it ("The minister", "Their presence")."""
    words = speaker.split()
    return not words or (words[0].lower() in _POINTERS and not any(w[:1].isupper() for w in words[1:]))


def _said(c) -> str:
    """What a speaker said, as the list shows it: the span keeps the complement's "that" (as
    PolNeAR marks it, and citations point at it), the reader does not need it under the
    speaker's name."""
    text = c.content.text
    return text[5:] if not c.direct and text[:5].lower() == "that " else text


# What a speaker who said nothing is reported as not saying (an attribution in PolNeAR's
# sense, so the claims stay in the store; a reader of "who says what" learns nothing from it)
_NO_COMMENT = re.compile(r"(?:to\s+)?(?:an?\s+|any\s+|repeated\s+|several\s+)?(?:(?:emailed|written)\s+)?"
                         r"(?:requests?\s+for\s+comment|comment|queries|questions)\b"
                         r"(?:\s+(?:on|about)\s+[^,;\"“”]{1,80}?)?[.,]?$", re.I)


class _Tellers(NamedTuple):
    wrappers: set[str]  # claims whose content is another listed claim, whole
    told_by: dict[str, str]  # the inner claim's id -> who told it


def _tellers(by_speaker: dict[str, list]) -> _Tellers:
    """"Kim told Putin that ..., according to Russian state television footage": the
    footage's claim holds Kim's whole (his words, the cue and the speaker), so the list shows
    Kim's claim once, told by the footage, instead of the sentence again under the footage.
    Likewise "Kirby said Zelensky told Biden that ...": Zelensky's claim, told by Kirby. Only
    a claim of another speaker that fills the other's content, from its speaker at the start
    to the end: not "... Moscow in what he called its struggle", a phrase Kim named inside
    his own claim, nor the "Russia" that opens what Kim told."""
    by_opening: dict[tuple[str, int], list] = defaultdict(list)  # (article, speaker's start) -> (who, claim)
    listed = [(who, c) for who, cs in by_speaker.items() for c in cs]
    for who, c in listed:
        by_opening[(c.article_id, c.source.start)].append((who, c))
    wrappers: set[str] = set()
    told_by: dict[str, str] = {}
    for who, outer in listed:
        end = outer.content.end
        opening = outer.content.start + re.match(r"(?:that\s+)?", outer.content.text).end()
        inner = [c for inner_who, c in by_opening.get((outer.article_id, opening), ())
                 if inner_who != who and end - 2 <= c.content.end <= end]
        if inner:
            wrappers.add(outer.id)
            for c in inner:
                told_by.setdefault(c.id, who)
    return _Tellers(wrappers, {k: v for k, v in told_by.items() if k not in wrappers})


def _how(c, via: _Tellers) -> str:
    """The cue, and who told it when the claim reached the text through someone else."""
    teller = via.told_by.get(c.id)
    return f"{c.cue.text}, according to {teller}" if teller else c.cue.text


@section
def claims_section(store, report, articles) -> Section | None:
    if not hasattr(store, "claims"):
        return None
    claims = store.claims([a.id for a in articles])
    if not claims:
        return None
    by_id = {a.id: a for a in articles}
    by_speaker: dict[str, list] = defaultdict(list)
    names: dict[str, str | None] = {}
    seen: set[tuple[str, str]] = set()
    for c in claims:
        # a wire text republished five times is one claim: fold copies by copy group and wording
        art = by_id.get(c.article_id)
        key = ((art.copy_group or art.id) if art else c.article_id, " ".join(c.content.text.split()).lower())
        if key in seen:
            continue
        seen.add(key)
        # named or resolved speakers only: "unnamed" claims are listed by the source articles themselves
        if c.source is None or not (c.entity_id or c.direct or c.source.text[:1].isupper()):
            continue
        who = _speaker(store, c, names)
        if who.lower() == c.source.text.lower() and _vague(who):
            continue  # "It", "Their presence", "The minister": no one a reader could name
        if c.content.text.strip(" ,.\"'“”").lower() in _POINTERS:
            continue  # "..., which Iran denies": the content only points back at what was said
        if c.cue_word.lower() in _EVIDENCE_CUES:
            continue  # "..., citing declassified intelligence": where it comes from, not what is said
        if _NO_COMMENT.match(c.content.text.strip()):
            continue  # "did not respond to a request for comment", "declined to comment": nothing said
        by_speaker[who].append(c)
    via = _tellers(by_speaker)
    by_speaker = {w: kept for w, cs in by_speaker.items() if (kept := [c for c in cs if c.id not in via.wrappers])}
    if not by_speaker:
        return None
    speakers = sorted(by_speaker.items(), key=lambda kv: -len(kv[1]))[:12]
    blocks, md, data = [], [], []
    for who, every in speakers:
        # the five best-read of a speaker's claims, in the order they were said
        best = set(map(id, sorted(every, key=lambda c: -c.confidence)[:5]))
        cs = [c for c in every if id(c) in best]
        data.append({"speaker": who, "claims": [c.id for c in cs], "n_claims": len(every),
                     "told_by": {c.id: via.told_by[c.id] for c in cs if c.id in via.told_by}})
        items = Markup("").join(
            fmt_html("<li>{} <span class=\"meta\">({})</span> {}</li>",
                _said(c), _how(c, via),
                cite_html(by_id[c.article_id], (c.content.start, c.content.end)) if c.article_id in by_id else "")
            for c in cs)
        blocks.append(fmt_html("<h3>{}</h3><ul class=\"points\">{}</ul>", who, items))
        md.append(f"*{who}*\n" + "\n".join(
            f"- {_said(c)} ({_how(c, via)}) "
            f"{cite_md(by_id[c.article_id]) if c.article_id in by_id else ''}" for c in cs))
    return Section("claims", "Who says what", Markup("").join(blocks), "\n\n".join(md), data,
                   summary=("claims", len(claims)))
