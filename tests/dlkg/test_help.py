"""Every command has help with an example, and --help stays light."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from dlkg.cli import cli


def all_commands(group: click.Group, prefix=()):
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


COMMANDS = list(all_commands(cli))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example(path, command):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert command.help and len(command.help.strip()) > 20
    assert "Example:" in result.output and "dlkg " + " ".join(path) in result.output
    for parameter in command.params:
        if isinstance(parameter, click.Option) and not parameter.hidden:
            assert parameter.help, f"{' '.join(path)} {parameter.opts} has no help"


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys\n"
        "from dlkg.cli import cli\n"
        "try:\n    cli(['--help'], prog_name='dlkg')\nexcept SystemExit:\n    pass\n"
        "heavy = ('numpy', 'networkx', 'genanki', 'yaml', 'fsrs', 'sqlite3', 'dlkg.commands')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in done.stdout


def test_the_listing_names_every_command_with_its_own_short_help():
    listing = CliRunner().invoke(cli, ["--help"]).output
    for path, command in COMMANDS:
        if len(path) == 1:
            assert f"  {path[0]}" in listing and command.short_help in listing
            assert command.name == path[0]
