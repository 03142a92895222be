"""``wirewatch eval events`` and ``wirewatch eval attribution``: score the event coder and the
claim (attribution) extractor on gold data.

The lead's CLI mounts these on its ``eval`` sub-app with ``register(eval_app)``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from wirewatch.errors import ConfigError


def _print(result: dict) -> None:
    typer.echo(json.dumps(result, indent=2, ensure_ascii=False))


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def events_command(
    file: Path = typer.Argument(..., help="TSV with a header and columns marked_sentence "
                                "(<s>source</s> ... <t>target</t>) and gold_root; the "
                                "PLV_train.tsv layout."),
    predictions: Optional[Path] = typer.Option(
        None, "--predictions", "-p",
        help="Also write one JSON line per row: row, root, plover, modality, confidence."),
) -> None:
    """Accuracy, macro-F1, per-class scores and a confusion table of the PLOVER event coder.

    Each row's event between the marked source and target is coded and compared with
    gold_root (YIELD = CONCEDE/RETREAT, as in the training data). A warning goes to stderr
    when rows are sentences the coder was trained on.

    Example:

        wirewatch eval events ../shared/data/events/zsp/PLV_train.tsv --predictions out/plv.jsonl
    """
    from wirewatch.evaluate.events import evaluate_events

    if not file.is_file():
        _fail(f"{file}: no such file (expected a TSV in the PLV_train.tsv layout)")
    try:
        result = evaluate_events(file, predictions_out=predictions)
    except ConfigError as exc:
        _fail(str(exc))
    _print(result)


def attribution_command(
    directory: Path = typer.Argument(..., help="PolNeAR-style folder: DIR/text/*.txt and "
                                     "DIR/attributions/*.ann (brat standoff)."),
    predictions: Optional[Path] = typer.Option(
        None, "--predictions", "-p",
        help="Also write one JSON line per predicted attribution: file, source, cue, content "
             "as [start, end] char offsets into the text file (source may be null)."),
    model: Optional[str] = typer.Option(
        None, "--model", "-m", help="spaCy pipeline to parse with (default: "
        "$WIREWATCH_NLP_MODEL, else the model bundled with wirewatch)."),
    no_parse: bool = typer.Option(False, "--no-parse",
                                  help="Score the surface rules alone, without a parser."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Score only the first N texts."),
) -> None:
    """Precision / recall / F1 of attribution source, cue and content spans.

    Two matchings, one to one per file and role: exact (same span after trimming whitespace
    and edge punctuation) and token overlap (at least one shared word token); see
    docs/events.md.

    Example:

        wirewatch eval attribution ../shared/data/attribution/polnear/dev --predictions out/dev.jsonl
    """
    from wirewatch.evaluate.attribution import evaluate_attribution

    if not directory.is_dir():
        _fail(f"{directory}: no such folder (expected DIR/text/*.txt and DIR/attributions/*.ann)")
    nlp = None
    if not no_parse:
        from wirewatch.nlp import load_pipeline

        try:
            nlp = load_pipeline(model)
        except ConfigError as exc:
            _fail(f"{exc} (or pass --no-parse to score the surface rules alone)")
    try:
        result = evaluate_attribution(directory, nlp, predictions_out=predictions, limit=limit)
    except ConfigError as exc:
        _fail(str(exc))
    _print(result)


def extraction_command(
    gold: Path = typer.Argument(..., help="JSON Lines of labelled events: article, sentence, actor, "
                                "type, recipient, modality (examples/events/test.jsonl)."),
    corpus: Path = typer.Option(Path("examples/corpus/labels.json"), "--corpus", "-c",
                                help="The corpus labels.json listing the articles (read from the "
                                "files beside it)."),
    predictions: Optional[Path] = typer.Option(
        None, "--predictions", "-p",
        help="Also write one JSON line per gold or predicted event: status tp/fp/fn, gold, predicted."),
) -> None:
    """Precision / recall / F1 of event extraction, end to end, against hand-labelled events.

    The corpus is run through every stage up to events in a temporary store; the events of
    each labelled article are matched one to one with the gold events of the same sentence:
    strict (type, actor and recipient), type only, actors only. Modality accuracy on the
    strict matches. See docs/events.md.

    Example:

        wirewatch eval extraction examples/events/test.jsonl --predictions out/extraction.jsonl
    """
    from wirewatch.evaluate.extraction import evaluate_extraction

    try:
        result = evaluate_extraction(gold, corpus, predictions)
    except ConfigError as exc:
        _fail(str(exc))
    _print(result)


def register(eval_app: "typer.Typer") -> None:
    """Add the ``events`` and ``attribution`` commands to the given ``eval`` sub-app."""
    eval_app.command("events")(events_command)
    eval_app.command("attribution")(attribution_command)
    eval_app.command("extraction")(extraction_command)
