"""``wirewatch sanctions ...`` (load, update, list, regimes, screen, hits, flags) and ``wirewatch eval screening``.

Thin: each command parses flags, calls the sanctions library and the store, prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from wirewatch.cli.common import (
    DbOption, JsonOption, console, console_err, fail, print_json, settings, store_for, story_article_ids,
)
from wirewatch.errors import ConfigError, InputError, WirewatchError
from wirewatch.sanctions.loaders import FORMATS, load_list
from wirewatch.store import SQLiteStore

sanctions_app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False,
                            help="Sanctions lists, regimes and name screening.")
FormatOption = typer.Option(None, "--format", "-f", help=f"List format ({'|'.join(FORMATS)}); detected from content if left out.")
NO_LIST = ("no sanctions list is loaded in {db}; load one with `wirewatch sanctions load FILE` "
           "(UN consolidated.xml, OFAC sdn.csv or OpenSanctions .json) or `wirewatch sanctions update`")


def _load_into(store: SQLiteStore, path: str, fmt: Optional[str]) -> bool:
    """Parse one file in full, then store it in one transaction; False (and a red line) if it failed."""
    try:
        load = load_list(path, fmt)
        store.replace_list(load.source, load.path, load.parties, fmt=load.format,
                           generated=load.generated, skipped=load.skipped)
    except (InputError, ConfigError) as exc:
        item, reason = (exc.item, exc.reason) if isinstance(exc, InputError) else (path, str(exc))
        console_err.print(f"[red]rejected[/red] {item}: {reason} (the previous version of this list stays active)",
                          highlight=False, soft_wrap=True)
        return False
    regimes = sorted({r for p in load.parties for r in p.regimes})
    console.print(f"loaded {len(load.parties)} parties from {load.path} ({load.source}, {load.format})"
                  + (f"; regimes: {', '.join(regimes)}" if regimes else ""), highlight=False, soft_wrap=True)
    for note in load.skipped:
        console_err.print(f"  skipped: {note}", highlight=False, soft_wrap=True)
    return True


def load_command(
    files: list[Path] = typer.Argument(..., help="List files: UN XML, OFAC sdn.csv (or its folder), FtM JSON lines."),
    fmt: Optional[str] = FormatOption,
    db: Optional[str] = DbOption,
) -> None:
    """Load sanctions list files into the store; each becomes the active version of its list.

    A malformed or truncated file loads nothing and the previous version stays active; the other
    files still load and the exit code is 1.

    Example:

        wirewatch sanctions load ../shared/data/sanctions/un/consolidated.xml ../shared/data/sanctions/ofac/sdn.csv
    """
    if fmt is not None and fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", code=2)
    with store_for(db) as store:
        ok = [_load_into(store, str(f), fmt) for f in files]
        if any(ok):
            _rescreen(store)
    if not all(ok):
        raise typer.Exit(1)


def _rescreen(store: SQLiteStore) -> None:
    """New list versions: screen the resolved actors again so `sanctions hits` and the briefing are current."""
    from wirewatch.sanctions.stage import screen_entities

    if not store.entities(limit=1):
        return
    run = screen_entities(store)
    console_err.print(f"screened {run.names} names of {run.entities} resolved actors: {run.hits} hit(s); "
                      "`wirewatch sanctions flags --refresh` updates the flags", highlight=False, soft_wrap=True)


def update_command(
    dest: Optional[Path] = typer.Option(None, "--dest", help="Folder for the downloaded files (default: sanctions-lists/ beside the store)."),
    db: Optional[str] = DbOption,
) -> None:
    """Download the current official UN consolidated list and OFAC SDN CSV files, then load them.

    Example:

        wirewatch sanctions update --db analysis.db
    """
    from wirewatch.sanctions import download

    cfg = settings(db=db)
    target = dest or Path(cfg.db).expanduser().resolve().parent / "sanctions-lists"
    ready, errors = download.download_official_lists(
        target, timeout=max(cfg.fetch_timeout, 60.0), user_agent=cfg.user_agent, transport=_TRANSPORT,
    )
    for exc in errors:
        console_err.print(f"[red]download failed[/red] {exc.item}: {exc.reason}", highlight=False, soft_wrap=True)
    with store_for(db) as store:
        ok = [_load_into(store, str(path), group) for group, path in sorted(ready.items())]
        if any(ok):
            _rescreen(store)
    missing = {f.group for f in download.OFFICIAL_FILES} - set(ready)
    for group in sorted(missing):
        console_err.print(f"[red]not updated[/red] {group}: its download failed; the stored version stays active",
                          highlight=False, soft_wrap=True)
    if missing or not all(ok):
        raise typer.Exit(1)


# tests put an httpx.MockTransport here; None = the real network
_TRANSPORT = None


def list_command(
    regime: Optional[str] = typer.Option(None, "--regime", "-r", help="Only parties under this regime (un-1718 or 1718)."),
    source: Optional[str] = typer.Option(None, "--source", "-s", help="Only one list: un, ofac or opensanctions."),
    versions: bool = typer.Option(False, "--versions", help="Show the stored list versions instead of parties."),
    as_json: bool = JsonOption,
    db: Optional[str] = DbOption,
) -> None:
    """Listed parties of the active list versions (or, with --versions, every load).

    Example:

        wirewatch sanctions list --regime 1718 --source un
    """
    from wirewatch.sanctions.regimes import regime as find_regime

    regime_id = None
    if regime:
        try:
            regime_id = find_regime(regime).id
        except ConfigError as exc:
            fail(str(exc), code=2)
    with store_for(db) as store:
        if versions:
            rows = store.list_versions(source)
            if as_json:
                print_json(rows)
                return
            table = Table("id", "source", "file", "loaded_at", "entries", "active")
            for v in rows:
                table.add_row(str(v["id"]), v["source"], v["file"], v["loaded_at"], str(v["entries"]),
                              "yes" if v["active"] else "")
            console.print(table)
            return
        if not store.count_listed_parties():
            fail(NO_LIST.format(db=store.path), code=1)
        parties = store.listed_parties(source=source, regime=regime_id)
    if as_json:
        print_json([p.to_dict() for p in parties])
        return
    table = Table("ref", "kind", "name", "nationality", "regimes")
    for p in parties:
        table.add_row(p.list_ref, p.kind, p.name, ", ".join(p.nationalities), ", ".join(p.regimes))
    console.print(table)
    console_err.print(f"{len(parties)} parties", highlight=False)


def regimes_command(
    country: Optional[str] = typer.Option(None, "--country", "-c", help="Only regimes in force on this country (ISO code or name)."),
    on: Optional[str] = typer.Option(None, "--on", help="Date for --country (YYYY-MM-DD; default today)."),
    as_json: bool = JsonOption,
) -> None:
    """The sanctions regimes wirewatch knows (regimes.yaml): authority, targets, measures, validity.

    Example:

        wirewatch sanctions regimes --country IRN --on 2021-06-01
    """
    from wirewatch.sanctions.countries import to_iso3
    from wirewatch.sanctions.regimes import load_regimes, regimes_for_country

    if country:
        iso = to_iso3(country)
        if not iso:
            fail(f"unknown country {country!r}; give an ISO code (KP, PRK) or a name", code=2)
        chosen = regimes_for_country(iso, on)
    else:
        chosen = list(load_regimes().values())
    if as_json:
        print_json([r.to_json() for r in chosen])
        return
    table = Table("id", "authority", "unilateral", "targets", "measures in force")
    for r in chosen:
        measures = ", ".join(sorted({f"{m.kind}({m.direction})" for m in r.measures_in_force(on)}))
        table.add_row(r.id + (" [contested]" if r.contested else ""), r.authority, "yes" if r.unilateral else "no",
                      ", ".join(r.countries + r.actors), measures or "none")
    console.print(table)


def screen_command(
    name: str = typer.Argument(..., help="The name to screen, any order or spelling."),
    country: Optional[str] = typer.Option(None, "--country", "-c", help="Nationality if known (kp, PRK, 'North Korea')."),
    dob: Optional[str] = typer.Option(None, "--dob", help="Date of birth if known (YYYY-MM-DD or YYYY)."),
    kind: Optional[str] = typer.Option(None, "--kind", help="person, organization, vessel or aircraft."),
    limit: int = typer.Option(5, "--limit", "-n", help="At most this many hits."),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="Report hits from this score (default: the operating threshold)."),
    as_json: bool = JsonOption,
    db: Optional[str] = DbOption,
) -> None:
    """Screen a name against the loaded sanctions lists: who it may be, how sure, and why.

    Example:

        wirewatch sanctions screen "Ri Won-ho" --country kp --dob 1964-07-17
    """
    from wirewatch.sanctions.screening import Screener

    with store_for(db) as store:
        parties = store.listed_parties()
        db_path = store.path
    if not parties:
        fail(NO_LIST.format(db=db_path), code=1)
    hits = Screener(parties).screen(name, country=country, dob=dob, kind=kind, limit=limit, threshold=threshold)
    if as_json:
        print_json({"name": name, "hits": [h.to_dict() for h in hits]})
        return
    if not hits:
        console.print(f"no match for {name!r} among {len(parties)} listed parties", highlight=False)
        return
    table = Table("score", "ref", "list", "name", "regimes", "why")
    for h in hits:
        table.add_row(f"{h.score:.2f}", h.list_ref, h.source, h.party_name, ", ".join(h.regimes), h.reason)
    console.print(table)


def _bring_up_to_date(store: SQLiteStore, *, upto: str) -> None:
    """Run the pipeline's stages up to ``upto`` (the events stage when it exists), then screening."""
    from wirewatch import pipeline
    from wirewatch.entities.stage import refresh
    from wirewatch.sanctions.stage import ScreeningStage

    try:
        stages = pipeline.stages_upto(upto)
    except WirewatchError:  # a build without that stage yet
        stages = pipeline.stages_upto("entities")
    pipeline.run_stages(store, stages)
    refresh(store)  # articles read with older entity data files are read again
    ScreeningStage()(store, [])


def hits_command(
    as_json: bool = JsonOption,
    force: bool = typer.Option(False, "--force", help="Screen again even if lists and names did not change."),
    db: Optional[str] = DbOption,
) -> None:
    """Resolved actors (people, organisations, groups) whose name matches a loaded sanctions list.

    Brings the entity layer up to date, screens every actor's name and aliases at the operating
    threshold (nationality as tie-breaker) and lists the hits, best first.

    Example:

        wirewatch sanctions hits --db analysis.db
    """
    from wirewatch.sanctions.stage import screen_entities

    with store_for(db) as store:
        if not store.count_listed_parties():
            fail(NO_LIST.format(db=store.path), code=1)
        _bring_up_to_date(store, upto="entities")
        if force:
            screen_entities(store, force=True)
        hits = store.entity_hits()
        run = store.last_screening()
    if as_json:
        print_json({"run": run, "hits": [h.to_dict() for h in hits]})
        return
    if run is not None:
        console_err.print(f"screened {run['names']} names of {run['entities']} actors against the loaded lists "
                          f"({run['at']})", highlight=False, soft_wrap=True)
    if not hits:
        console.print("no resolved actor matches a loaded sanctions list", highlight=False)
        return
    table = Table("score", "actor", "type", "list entry", "listed name", "regimes", "why")
    for h in hits:
        table.add_row(f"{h.score:.2f}", h.entity_name, h.entity_type, f"{h.list_ref} ({h.source})", h.party_name,
                      ", ".join(h.regimes), h.reason)
    console.print(table)


def flags_command(
    story: Optional[str] = typer.Option(None, "--story", help="Only flags on this story's articles (id or prefix)."),
    status: Optional[str] = typer.Option(None, "--status", help="Only this status, e.g. 'alleged violation'."),
    refresh_all: bool = typer.Option(False, "--refresh", help="Flag every article again (after loading new lists)."),
    unilateral: bool = typer.Option(False, "--unilateral", help="Also check US/EU regimes (shown, not stored): 'exposure' flags."),
    as_json: bool = JsonOption,
    db: Optional[str] = DbOption,
) -> None:
    """Sanctions flags on events: the measure in force an event may breach, its status and legal basis.

    Status follows the event's modality: planned, negotiated or hypothetical -> potential violation;
    reported as done -> alleged violation; denied by the actor -> disputed. A listed party among an
    event's actors gives "listed party involved". Runs the pending stages first.

    Example:

        wirewatch sanctions flags --story 3f2a

        wirewatch sanctions flags --status "alleged violation" --json
    """
    from wirewatch import pipeline
    from wirewatch.sanctions.stage import SanctionFlagStage, flag_articles

    with store_for(db) as store:
        _bring_up_to_date(store, upto="events")
        pipeline.run_stages(store, [SanctionFlagStage()])
        ids = story_article_ids(store, story)
        if refresh_all:
            flag_articles(store, [a.id for a in store.iter_articles(order="ingested")])
        if unilateral:
            scope = ids if ids is not None else [a.id for a in store.iter_articles(order="ingested")]
            flags = flag_articles(store, scope, unilateral=True, save=False)
        else:
            flags = store.sanction_flags(ids)
        if status:
            flags = [f for f in flags if f.status == status]
        texts = store.texts(sorted({f.article_id for f in flags}))
    rows = [{**f.to_dict(), "evidence_text": texts.get(f.article_id, "")[f.start:f.end]} for f in flags]
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("no sanctions flag" + (" on this story" if story else ""), highlight=False)
        return
    table = Table("status", "finding", "event", "evidence")
    for r in rows:
        parties = " → ".join(x for x in (", ".join(r["actors"]), ", ".join(r["recipients"])) if x)
        text = r["evidence_text"]
        finding = f"{r['regime']} {r['measure']}" + (f" {r['list_ref']}" if r["list_ref"] else "")
        table.add_row(r["status"], finding, f"{parties} {r['event_type']} ({r['modality']}), {r['day'] or 'undated'}",
                      (text if len(text) <= 100 else text[:97] + "…") + f" [{r['article_id'][:8]}]")
    console.print(table)
    console_err.print(f"{len(rows)} flag(s); the legal basis of each is in --json (field basis)", highlight=False)


def eval_screening_command(
    positives: Path = typer.Argument(..., help="CSV of listed names (full_name, date_of_birth, nationality, list_ref...)."),
    negatives: Path = typer.Argument(..., help="CSV of names that are not listed (same columns)."),
    list_file: Optional[Path] = typer.Option(None, "--list", help="List file to screen against (default: the lists loaded in --db)."),
    fmt: Optional[str] = FormatOption,
    predictions: Optional[Path] = typer.Option(None, "--predictions", "-p", help="Write one JSON line per input name."),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="Score hits from this value (default: the operating threshold)."),
    db: Optional[str] = DbOption,
) -> None:
    """Recall on listed names, false-positive rate on other names, precision, names/s.

    Example:

        wirewatch eval screening dev/positives.csv dev/negatives.csv --list ../shared/data/sanctions/un/consolidated.xml
    """
    from wirewatch.evaluate.screening import evaluate_screening, read_names
    from wirewatch.sanctions.screening import OPERATING_THRESHOLD, Screener

    try:
        pos, neg = read_names(positives), read_names(negatives)
        if list_file is not None:
            parties = load_list(str(list_file), fmt).parties
        else:
            with store_for(db) as store:
                parties = store.listed_parties()
            if not parties:
                fail(NO_LIST.format(db=settings(db=db).db) + "; or pass --list FILE", code=1)
    except WirewatchError as exc:
        fail(str(exc), code=2 if isinstance(exc, ConfigError) else 1)
    screener = Screener(parties, threshold=OPERATING_THRESHOLD if threshold is None else threshold)
    # the figures go to stdout as JSON; where they came from goes to stderr
    console_err.print(f"screening {len(pos)} positives and {len(neg)} negatives against "
                      f"{len(parties)} parties (threshold {screener.threshold})", highlight=False, soft_wrap=True)
    print_json(evaluate_screening(screener, pos, neg, predictions=predictions))


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Mount ``sanctions`` on the main app and ``screening`` on the eval app."""
    sanctions_app.command("load")(load_command)
    sanctions_app.command("update")(update_command)
    sanctions_app.command("list")(list_command)
    sanctions_app.command("regimes")(regimes_command)
    sanctions_app.command("screen")(screen_command)
    sanctions_app.command("hits")(hits_command)
    sanctions_app.command("flags")(flags_command)
    app.add_typer(sanctions_app, name="sanctions")
    eval_app.command("screening")(eval_screening_command)
