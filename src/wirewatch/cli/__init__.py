"""The command line: thin. Each command parses flags, calls the library, prints.

Library errors become clean one-line messages; exit codes: 0 all good, 1 some inputs
rejected, 2 usage or configuration error.
"""

from __future__ import annotations

import sys

import typer

from wirewatch.cli.common import app, eval_app, console_err
from wirewatch.errors import ConfigError, StoreError, WirewatchError

# Command modules register themselves on `app` / `eval_app` when imported.
from wirewatch.cli import articles as _articles  # noqa: F401,E402

# Modules that may be absent while a stage is being built; each has register(app=..., eval_app=...).
_OPTIONAL = (
    "wirewatch.cli.stories",
    "wirewatch.cli.eval_nlp",
    "wirewatch.cli.entities",
    "wirewatch.cli.eval_events",
    "wirewatch.cli.events",
    "wirewatch.cli.sanctions",
    "wirewatch.cli.export",
)


def _register_optional() -> None:
    import importlib
    import inspect

    for name in _OPTIONAL:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        # each module's register() names the apps it adds commands to (app and/or eval_app)
        wanted = inspect.signature(module.register).parameters
        module.register(**{k: v for k, v in {"app": app, "eval_app": eval_app}.items() if k in wanted})


_register_optional()
app.add_typer(eval_app, name="eval", help="Score wirewatch's stages on labelled data.")


def main() -> None:
    try:
        app(standalone_mode=True)
    except (ConfigError, StoreError) as exc:
        console_err.print(f"[red]error:[/red] {exc}")
        sys.exit(2)
    except WirewatchError as exc:
        console_err.print(f"[red]error:[/red] {exc}")
        sys.exit(1)


__all__ = ["app", "main", "typer"]
