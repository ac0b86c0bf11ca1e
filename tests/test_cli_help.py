"""``--help`` works for every command and sub-command and documents every option it takes.

The commands are found by walking the Typer app (``registered_commands`` and
``registered_groups``, recursively), so a command added later is covered with
no change here; the options each one must show come from the command itself.
Help never starts a flow, so this runs in seconds.
"""
from __future__ import annotations

import pytest
import typer

from flows.cli import app, main


def _paths(typer_app: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The command path of every group and command under ``typer_app``."""
    paths = [prefix]
    for command in typer_app.registered_commands:
        paths.append((*prefix, command.name or command.callback.__name__.replace("_", "-")))
    for group in typer_app.registered_groups:
        name = group.name or group.typer_instance.info.name
        paths += _paths(group.typer_instance, (*prefix, name))
    return paths


COMMANDS = _paths(app)


def _click_command(path: tuple[str, ...]):  # noqa: ANN202 - Typer's (vendored) click command
    """The click command Typer builds for ``path``."""
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return command


def test_the_walk_finds_every_documented_command_and_sub_command() -> None:
    found = {" ".join(path) for path in COMMANDS}
    assert {"", "run", "campaign", "serve", "runs", "check", "api", "review", "review export", "review import"} <= found
    assert len(found) == len(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(("hecha", *path)))
def test_help_exits_0_and_shows_every_option(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    command = _click_command(path)
    assert main([*path, "--help"]) == 0
    out = capsys.readouterr().out
    assert f"hecha {' '.join(path)}".strip() in " ".join(out.split()), "usage line names the command"
    shown = [param for param in command.params if not getattr(param, "hidden", False)]
    options = [opt for param in shown if param.param_type_name == "option" for opt in param.opts]
    arguments = [param.name.upper() for param in shown if param.param_type_name == "argument"]
    subcommands = list(getattr(command, "commands", {}))
    assert options or arguments or subcommands, f"{path}: nothing to check"
    for name in [*options, *arguments, *subcommands]:
        assert name in out, f"hecha {' '.join(path)} --help does not show {name}"
