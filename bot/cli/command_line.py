"""argparse in German: usage, help and error lines of the `doppelbot` command line.

argparse writes "usage:", "options:" and its error messages in English. `GermanParser` gives
the help German headings and a German `-h/--help`, and turns each error into one German line
(`doppelbot: Fehler: …`, exit code 2) like every other error of the CLI.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

EXIT_USAGE = 2

# argparse's messages (Python 3.11–3.13) and their German form.
_MESSAGES = (
    (r"the following arguments are required: (.*)", r"es fehlt: \1"),
    (r"unrecognized arguments: (.*)", r"unbekannte Argumente: \1"),
    (
        r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
        r"\1: unbekannt: \2 (möglich: \3)",
    ),
    (r"argument (\S+): invalid \w+ value: (.*)", r"\1: ungültiger Wert \2"),
    (r"argument (\S+): expected one argument", r"\1: erwartet einen Wert"),
    (r"argument (\S+): not allowed with argument (\S+)", r"\1 geht nicht zusammen mit \2"),
    (r"argument (\S+): ignored explicit argument (.*)", r"\1 nimmt keinen Wert (\2)"),
    (r"ambiguous option: (\S+) could match (.*)", r"mehrdeutige Option \1 (passt zu \2)"),
    (r"argument (\S+): (.*)", r"\1: \2"),  # our own type checks' German messages
)


def german(message: str) -> str:
    """argparse's error `message` in German (unknown ones stay as they are)."""
    for pattern, replacement in _MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class GermanHelpFormatter(argparse.HelpFormatter):
    """ "Aufruf:" instead of "usage:"."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        """Start the usage with "Aufruf: "."""
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)


class GermanParser(argparse.ArgumentParser):
    """An `ArgumentParser` (and its subcommands) whose help and errors are German."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", GermanHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help="diese Hilfe zeigen"
        )

    def error(self, message: str) -> NoReturn:
        """One German line on stderr, exit code 2."""
        hint = f"{self.prog} --help zeigt die Hilfe"
        sys.stderr.write(f"doppelbot: Fehler: {german(message)} ({hint})\n")
        sys.exit(EXIT_USAGE)
