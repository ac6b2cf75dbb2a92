"""Coded errors. The library raises these; only the CLI prints them.

Codes: E1xx input, E2xx config and environment, E3xx output, W3xx data warnings (diagnostics).
"""

from __future__ import annotations


class InfclaimsError(Exception):
    """Base class. ``code`` is stable; the message names the value, the options and a likely fix."""

    code = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        super().__init__(f"[{self.code}] {message}")
        self.detail = message


class InfclaimsWarning(UserWarning):
    """A warning of the Python API: an input that could not be read, a string that looks like a path."""


class InputError(InfclaimsError):
    """A single input (file, JSONL line, article) cannot be used."""

    code = "E100"


class ConfigError(InfclaimsError):
    """Bad configuration or option value."""

    code = "E200"


class ModelNotFoundError(ConfigError):
    code = "E201"


class OutputError(InfclaimsError):
    """The output location cannot be written."""

    code = "E300"


def unexpected_failure(exc: BaseException, stage: str) -> str:
    """The message of an error record for an exception nobody expected: what, where, and whom to tell."""
    return (
        f"unexpected {type(exc).__name__} while {stage}: {exc}; the input was skipped and the run went on. This is "
        "a bug in infclaims: please report it with this message and, if you can, the input"
    )


# Stable codes used in errors.jsonl and diagnostics. Kept in one table so docs and tests share it.
CODES: dict[str, str] = {
    "E101": "input path does not exist",
    "E102": "unsupported file format",
    "E103": "file is empty or whitespace only",
    "E104": "file is binary or cannot be decoded as text",
    "E105": "file cannot be read (permissions or I/O error)",
    "E106": "JSONL line is not valid JSON",
    "E107": "JSONL article lacks a 'text' field or it is not a string",
    "E108": "duplicate article id",
    "E109": "directory holds no articles",
    "E110": "manifest line is invalid",
    "E111": "HTML page has no extractable main text",
    "E112": "JSONL article id is not a non-empty string or integer",
    "E113": "a reader for this input kind cannot be loaded (broken or partial install)",
    "E150": "unexpected failure while reading or processing one input (a bug: please report it)",
    "E201": "spaCy pipeline not installed",
    "E202": "invalid option value",
    "E203": "optional dependency not installed, or an alias file that cannot be read or is not in the alias shape",
    "E204": "the statements and the gold share no article",
    "E301": "output directory cannot be written",
    "E302": "a database would break a foreign key (the run's files disagree with each other)",
    "W301": "unbalanced or stray quote mark",
    "W302": "mojibake repaired",
    "W304": "encoding detected and decoded",
    "W305": "statement speaker could not be resolved",
    "W306": "article metadata field invalid, ignored",
    "W307": "article id missing, generated from file and line",
    "W308": "lone surrogate escapes replaced by U+FFFD",
    "W309": "a file in a folder that is not an article (README, PDF, image): skipped and listed, not failed",
    "W310": "nothing left after cleaning: every line of the article was boilerplate",
}
