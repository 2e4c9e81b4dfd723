"""Errors a user can cause and fix. The CLI prints them as one line and exits 2."""

from __future__ import annotations


class FactcheckError(Exception):
    """Base class: the message is complete and meant for the user."""


class InputError(FactcheckError):
    """A document that cannot be read: missing, a directory, binary, not UTF-8, empty."""


class ConfigError(FactcheckError):
    """Invalid rule files, lexicons or configuration; ``problems`` holds every error found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))
