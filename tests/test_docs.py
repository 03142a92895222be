"""Every command has an example in its help, and every top-level command is in the README."""

from __future__ import annotations

import typer

from conftest import ROOT
from wirewatch.cli import app


def commands(group, prefix=()):
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            yield from commands(cmd, prefix + (name,))
        else:
            yield prefix + (name,), cmd


def test_every_command_has_an_example():
    root = typer.main.get_command(app)
    missing = [" ".join(path) for path, cmd in commands(root) if "Example:" not in (cmd.help or "")]
    assert not missing, f"commands without an example in their help: {missing}"


def test_top_level_commands_are_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    root = typer.main.get_command(app)
    absent = [name for name in root.commands if f"wirewatch {name}" not in readme]
    assert not absent, f"commands the README does not mention: {absent}"
