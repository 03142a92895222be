"""The briefing's "Sanctions" section: listed parties among a story's actors, and flagged events.

Registered with :func:`wirewatch.brief.sections.section` on import. It returns None (the section
disappears) when the store has neither screening hits for the story's actors nor flags on its
articles. Every piece of article or list text goes through markupsafe, so it is escaped.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from wirewatch.brief.sections import Section, cite_html, cite_md, fmt_html, section
from wirewatch.records import Article
from wirewatch.sanctions.regimes import load_regimes

MAX_FLAGS = 20  # a long story lists its first flags; the count says how many there are
_STATUS_CLASS = {
    "alleged violation": "flag-alleged", "potential violation": "flag-potential", "disputed": "flag-disputed",
    "listed party involved": "flag-listed", "alleged exposure": "flag-alleged", "potential exposure": "flag-potential",
}
_MEASURE_WORDS = {
    "arms_embargo": "arms embargo", "missile_technology": "missile-technology restrictions",
    "missile_launch": "ballistic missile launch ban", "nuclear": "nuclear-related measures",
    "listed_party": "listed party",
}


def _md(text: str) -> str:
    """Article and list text inside a Markdown table cell or bullet: no pipes, no line breaks."""
    return " ".join(str(text).replace("|", "\\|").split())


def _listed(store: Any, articles: list[Article]) -> list[tuple[Any, Any, Any]]:
    """(hit, first mention in the story, its article) for each screening hit of the story's actors."""
    if not hasattr(store, "entity_hits") or not hasattr(store, "entities"):
        return []
    ids = [a.id for a in articles]
    ents = store.entities(article_ids=ids)
    if not ents:
        return []
    by_id = {a.id: a for a in articles}
    out = []
    for hit in store.entity_hits([e.id for e in ents]):
        mention = next((m for m in store.mentions(entity_id=hit.entity_id) if m.article_id in by_id), None)
        out.append((hit, mention, by_id.get(mention.article_id) if mention else None))
    return out


def _regime_label(regime_id: str) -> str:
    known = load_regimes()
    return known[regime_id].label if regime_id in known else regime_id


def _group(flags: list[Any], by_id: dict[str, Article]) -> list[tuple[Any, str, list[Any]]]:
    """Flags saying the same thing about the same sentence (a wire story and its copies) as one item,
    first flag first, with every article that carries it."""
    groups: dict[tuple[Any, ...], list[Any]] = {}
    first: dict[tuple[Any, ...], tuple[Any, str]] = {}
    for f in flags:
        art = by_id.get(f.article_id)
        sentence = art.text[f.start:f.end] if art else ""
        key = (f.kind, f.regime, f.measure, f.status, tuple(f.actors), tuple(f.recipients), f.event_type,
               f.list_ref, " ".join(sentence.split()))
        groups.setdefault(key, []).append(f)
        first.setdefault(key, (f, sentence))
    return [(*first[k], v) for k, v in groups.items()]


def _findings(groups: list[tuple[Any, str, list[Any]]]) -> list[list[tuple[Any, str, list[Any]]]]:
    """The measures one event sentence falls under, as one finding: a missile transfer from
    the DPRK is one item naming the arms embargo and the missile-technology restrictions,
    each with its basis, not two items quoting the same sentence."""
    out: dict[tuple[Any, ...], list[tuple[Any, str, list[Any]]]] = {}
    for f, sentence, same in groups:
        key = (f.kind, f.status, f.regime, tuple(f.actors), tuple(f.recipients), f.event_type, f.modality,
               f.list_ref, " ".join(sentence.split()))
        out.setdefault(key, []).append((f, sentence, same))
    return list(out.values())


@section
def sanctions(store: Any, report: Any, articles: list[Article]) -> Section | None:
    listed = _listed(store, articles)
    get_flags = getattr(store, "sanction_flags", None)
    flags = get_flags([a.id for a in articles]) if get_flags is not None else []
    if not listed and not flags:
        return None
    by_id = {a.id: a for a in articles}
    html_parts: list[Markup] = []
    md_parts: list[str] = []
    data: list[dict] = []

    if listed:
        rows = []
        md_rows = ["| actor | list entry | listed name | score | why | regimes |", "|---|---|---|---|---|---|"]
        for hit, mention, art in listed:
            cite = cite_html(art, (mention.start, mention.end)) if art and mention else Markup("")
            regimes = ", ".join(_regime_label(r) for r in hit.regimes) or "–"
            rows.append(fmt_html(
                "<tr><td>{} {}</td><td><code>{}</code> ({})</td><td>{}</td><td>{:.2f}</td><td>{}</td><td>{}</td></tr>",
                hit.entity_name, cite, hit.list_ref, hit.source.upper(), hit.party_name, hit.score, hit.reason,
                regimes))
            md_rows.append(f"| {_md(hit.entity_name)} {cite_md(art) if art else ''} | `{hit.list_ref}` ({hit.source.upper()})"
                           f" | {_md(hit.party_name)} | {hit.score:.2f} | {_md(hit.reason)} | {regimes} |")
            data.append({"type": "listed_party", **hit.to_dict()})
        html_parts.append(fmt_html(
            "<h3>Listed parties among the actors</h3><p class=\"note\">Name matches against the loaded sanctions "
            "lists: check the listed entry before treating a match as an identification.</p>"
            "<table><tr><th>actor</th><th>list entry</th><th>listed name</th><th>score</th><th>why</th>"
            "<th>regimes</th></tr>{}</table>", Markup("").join(rows)))
        md_parts.append("### Listed parties among the actors\n\n" + "\n".join(md_rows))

    groups = _group(flags, by_id)
    if groups:
        items, md_items = [], []
        findings = _findings(groups)
        for finding in findings[:MAX_FLAGS]:
            f, sentence, _ = finding[0]
            data += [{"type": "flag", **m.to_dict(), "also": [g.id for g in same[1:]]} for m, _, same in finding]
            cites, seen = [], set()
            for g in (g for _, _, same in finding for g in same):
                if g.article_id in by_id and g.article_id not in seen:
                    seen.add(g.article_id)
                    cites.append((by_id[g.article_id], g))
            cite = Markup(" · ").join(cite_html(a, (g.start, g.end)) for a, g in cites)
            parties = " → ".join(x for x in (", ".join(f.actors), ", ".join(f.recipients)) if x)
            measures = [(_MEASURE_WORDS.get(m.measure, m.measure.replace("_", " ")), m) for m, _, _ in finding]
            rows = Markup("").join(
                fmt_html("<li>{}{}</li>",  # the basis names its measure ("UN 1718 arms embargo (...)")
                    m.basis,
                    fmt_html(' <span class="contested">Contested: {}</span>', m.contested) if m.contested else "")
                for _, m in measures)
            items.append(fmt_html(
                '<li class="{}"><strong>{}</strong> · {} {} · {} {} ({})<blockquote>{}</blockquote>'
                '<ul class="measures">{}</ul><p class="cite">{}</p></li>',
                _STATUS_CLASS.get(f.status, "flag"), f.status, _regime_label(f.regime) if f.regime else "",
                "; ".join(w for w, _ in measures), parties, f.event_type, f.modality, sentence, rows, cite))
            md_cites = " · ".join(cite_md(a) for a, _ in cites)
            md_items.append(f"- **{f.status}** · {_regime_label(f.regime) if f.regime else ''} "
                            f"{'; '.join(w for w, _ in measures)} · {parties} {f.event_type} ({f.modality}) — "
                            f"“{_md(sentence)}” {md_cites}"
                            + "".join(f"\n  - {_md(m.basis)}" + (f" Contested: {_md(m.contested)}" if m.contested else "")
                                      for _, m in measures))
        more = len(findings) - MAX_FLAGS
        tail = fmt_html("<p>… and {} more finding(s): <code>wirewatch sanctions flags --story {}</code></p>",
            more, getattr(report, "id", "")) if more > 0 else Markup("")
        html_parts.append(fmt_html("<h3>Flagged events</h3><ul class=\"flags\">{}</ul>{}", Markup("").join(items), tail))
        md_parts.append("### Flagged events\n\n" + "\n".join(md_items)
                        + (f"\n\n… and {more} more finding(s)" if more > 0 else ""))

    return Section("sanctions", "Sanctions", Markup("").join(html_parts), "\n\n".join(md_parts), data,
                   ("sanctions flags", len(groups) + len(listed)))
