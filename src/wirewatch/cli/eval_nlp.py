"""``wirewatch eval ner`` and ``wirewatch eval parse``: score the NLP pipeline on gold data.

The lead's CLI mounts these on its ``eval`` sub-app with ``register(eval_app)``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from wirewatch.errors import ConfigError

if TYPE_CHECKING:
    import spacy

MODEL_HELP = (
    "spaCy pipeline to evaluate: an installed package name or a path "
    "(default: $WIREWATCH_NLP_MODEL, else the model bundled with wirewatch)."
)


def _load(model: Optional[str]) -> "spacy.Language":
    from wirewatch.nlp import load_pipeline

    try:
        return load_pipeline(model)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc), param_hint="--model") from exc


def _print(result: dict) -> None:
    typer.echo(json.dumps(result, indent=2, ensure_ascii=False))


def _existing(path: Path, what: str) -> Path:
    if not path.is_file():
        raise typer.BadParameter(f"{path}: no such file (expected {what})", param_hint="FILE")
    return path


def ner_command(
    file: Path = typer.Argument(..., help="CoNLL-style file: token ... tag per line, IOB1 or IOB2."),
    predictions: Optional[Path] = typer.Option(
        None, "--predictions", "-p",
        help="Also write FILE with one more column, the predicted BIO tag (conlleval layout)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    limit: Optional[int] = typer.Option(None, "--limit", help="Score only the first N sentences."),
    sentences: bool = typer.Option(
        False, "--sentences",
        help="Read each sentence alone. By default each article (-DOCSTART- to -DOCSTART-) "
             "is read as one document, as wirewatch reads news; a file without -DOCSTART- "
             "lines is read sentence by sentence either way."),
) -> None:
    """Entity-level precision / recall / F1 (conlleval: exact span and type), per type.

    Example:

        wirewatch eval ner ../shared/data/ner/conll2003/valid.txt --predictions out/valid.pred
    """
    from wirewatch.evaluate.ner import evaluate_ner

    _existing(file, "a CoNLL-style NER file")
    nlp = _load(model)
    try:
        result = evaluate_ner(nlp, file, predictions_out=predictions, limit=limit,
                              context="sentence" if sentences else "document")
    except ConfigError as exc:
        raise typer.BadParameter(str(exc), param_hint="FILE") from exc
    _print(result)


def parse_command(
    file: Path = typer.Argument(..., help="CoNLL-U file (Universal Dependencies)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    limit: Optional[int] = typer.Option(None, "--limit", help="Score only the first N sentences."),
    paragraph_break: bool = typer.Option(
        False, "--paragraph-break",
        help="Put a paragraph break before each sentence, as articles have before every "
             "paragraph's first sentence (the break itself is not scored)."),
) -> None:
    """UAS, LAS (full relation with subtype), LAS on the universal relation, UPOS accuracy.

    Example:

        wirewatch eval parse ../shared/data/ud/en_ewt/en_ewt-ud-dev.conllu [--paragraph-break]
    """
    from wirewatch.evaluate.parse import evaluate_parse

    _existing(file, "a CoNLL-U file")
    nlp = _load(model)
    try:
        result = evaluate_parse(nlp, file, limit=limit, paragraph_break=paragraph_break)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc), param_hint="FILE") from exc
    _print(result)


def register(eval_app: "typer.Typer") -> None:
    """Add the ``ner`` and ``parse`` commands to the given ``eval`` sub-app."""
    eval_app.command("ner")(ner_command)
    eval_app.command("parse")(parse_command)
