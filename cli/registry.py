"""The sub-commands of ``scorecard``: each command module adds its own with :func:`command`.

The registry lives apart from :mod:`cli` so that the command modules, which :mod:`cli`
imports, never import :mod:`cli` back.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from settings import Settings

#: A sub-command's body: its parsed arguments and the settings in, the exit status out.
Handler = Callable[[argparse.Namespace, Settings], int]
#: Adds a sub-command's arguments to its parser.
Arguments = Callable[[argparse.ArgumentParser], None]


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a sub-command that takes no arguments of its own."""


@dataclass(frozen=True)
class Command:
    """One sub-command: what it runs, the arguments it takes, and its line in ``--help``."""

    handler: Handler
    arguments: Arguments
    help_text: str


#: Every registered sub-command by name, in the order the command modules register them.
COMMANDS: dict[str, Command] = {}


def command(name: str, help_text: str,
            arguments: Arguments = no_arguments) -> Callable[[Handler], Handler]:
    """Register the decorated handler as ``scorecard NAME``; ``arguments`` adds its options."""
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(handler, arguments, help_text)
        return handler
    return register


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add a parser for every registered sub-command to ``subparsers``."""
    for name, registered in COMMANDS.items():
        registered.arguments(subparsers.add_parser(name, help=registered.help_text,
                                                   description=registered.help_text))
