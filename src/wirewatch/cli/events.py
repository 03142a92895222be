"""Commands over events and claims: events, claims."""

from __future__ import annotations

import typer

from wirewatch import pipeline
from wirewatch.cli.common import DbOption, JsonOption, console, fail, print_json, store_for, story_article_ids
from wirewatch.cli.common import table as make_table
from wirewatch.events.dates import date_span
from wirewatch.ingest.metadata import parse_date


def register(app: typer.Typer) -> None:
    @app.command("events")
    def events(
        db: str = DbOption,
        story: str = typer.Option(None, "--story", help="Only events with evidence in this story."),
        type_: str = typer.Option(None, "--type", help="PLOVER type, e.g. AID, CONSULT, ASSAULT."),
        actor: str = typer.Option(None, "--actor", help="Actor or recipient code (PRK, RUSGOV…) or name."),
        disputed: bool = typer.Option(False, "--disputed", help="Only disputed events."),
        since: str = typer.Option(None, help="Only events dated on or after this date (YYYY-MM-DD); an event "
                                             "dated to a month or a year counts until its end."),
        min_sources: int = typer.Option(1, "--min-sources", min=1,
                                        help="Only events told by at least this many independent sources."),
        min_belief: float = typer.Option(0.0, "--min-belief", min=0.0, max=1.0,
                                         help="Only events the verifier gives at least this chance of being a "
                                              "right reading (0.5: more likely right than wrong, as the "
                                              "briefing lists them)."),
        as_json: bool = JsonOption,
    ) -> None:
        """Events fused across articles: who did what to whom, when, how sure, who says so.

        The table's "belief" is the verifier's chance that the reading is right, "src" the
        independent sources / publications telling it (copies count once in the first).

        Example: wirewatch events --type AID --actor PRK --since 2024-01-01 --min-sources 2 --min-belief 0.5
        """
        since_iso = parse_date(since) if since else None
        if since and since_iso is None:
            fail(f"--since {since!r} is not a date; use YYYY-MM-DD", code=2)
        with store_for(db) as store:
            pipeline.run_stages(store, pipeline.stages_upto("stories"))
            fused = store.fused_events(story_article_ids(store, story))
        if type_:
            fused = [f for f in fused if f.type == type_.upper() or (f.plover_type or "") == type_.upper()]
        if actor:
            a = actor.lower()
            fused = [f for f in fused if any(a == (p.code or "").lower() or a == (p.code or "")[:3].lower()
                                             or a in p.name.lower() for p in f.actors + f.recipients)]
        if disputed:
            fused = [f for f in fused if f.disputed]
        if since_iso:
            # an event dated to a month or a year counts until its end; an undated one never
            cut = date_span(since_iso)[0]
            fused = [f for f in fused if (span := date_span(f.date)) is not None and span[1] >= cut]
        if min_sources > 1:
            fused = [f for f in fused if f.corroboration >= min_sources]
        if min_belief > 0:  # an event never verified (stored before beliefs, or verifier off) has none
            fused = [f for f in fused if f.belief is not None and f.belief >= min_belief]
        if as_json:
            print_json([f.to_dict() for f in fused])
            return
        table = make_table(f"{len(fused)} event(s)",
                           ("date", "event", "modality", "belief", "src", "disp.", "article"), text={"event"})
        for f in fused:
            e = f.evidence[0]  # the first article telling it (`wirewatch show ID`; --json has every span)
            table.add_row(f.date or "?", f.label.rsplit(" (", 1)[0], f.modality,
                          "?" if f.belief is None else f"{f.belief:.2f}", f"{f.corroboration}/{f.publications}",
                          "yes" if f.disputed else "", e.evidence.article_id[:8])
        console.print(table)

    @app.command("claims")
    def claims(
        db: str = DbOption,
        story: str = typer.Option(None, "--story", help="Only claims in this story's articles."),
        speaker: str = typer.Option(None, "--speaker", help="Only claims whose speaker contains this text."),
        as_json: bool = JsonOption,
    ) -> None:
        """Attributed statements and quotes: who says what, with which cue.

        Example: wirewatch claims --speaker Kirby
        """
        with store_for(db) as store:
            pipeline.run_stages(store, pipeline.stages_upto("stories"))
            items = store.claims(story_article_ids(store, story))
        if speaker:
            items = [c for c in items if speaker.lower() in ((c.source.text if c.source else c.source_description) or "").lower()]
        if as_json:
            print_json([c.to_dict() for c in items])
            return
        for c in items:
            who = c.source.text if c.source else (c.source_description or "?")
            kind = "quote" if c.direct else "reported"
            console.print(f"[bold]{who}[/bold] [dim]{c.cue.text} ({kind}, {c.article_id[:8]})[/dim]: {c.content.text}",
                          highlight=False)
