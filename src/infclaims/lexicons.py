"""Loaders for the word lists and world knowledge under ``resources/`` (read once, cached)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


def _load(name: str) -> dict[str, Any]:
    text = resources.files("infclaims.resources").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass(frozen=True)
class Cues:
    speech: frozenset[str]
    speech_act: frozenset[str]
    belief: frozenset[str]
    noun: frozenset[str]
    phrasal: dict[str, frozenset[str]]
    reported_by_verbs: frozenset[str]
    prep_verbs: frozenset[str] = frozenset()
    prep_complements: frozenset[str] = frozenset()

    verbs: frozenset[str] = frozenset()  # speech | speech_act | belief, filled by cues()


@cache
def cues() -> Cues:
    d = _load("cues.json")
    return Cues(
        speech=frozenset(d["speech"]),
        speech_act=frozenset(d["speech_act"]),
        belief=frozenset(d["belief"]),
        noun=frozenset(d["noun"]),
        phrasal={k: frozenset(v) for k, v in d["phrasal"].items()},
        reported_by_verbs=frozenset(d["reported_by_verbs"]),
        prep_verbs=frozenset(d.get("prep_complement_verbs", ())),
        prep_complements=frozenset(d.get("prep_complements", ())),
        verbs=frozenset(d["speech"]) | frozenset(d["speech_act"]) | frozenset(d["belief"]),
    )


@dataclass(frozen=True)
class Places:
    countries: dict[str, str]
    demonyms: dict[str, str]
    organizations: dict[str, str]


EMPTY_PLACES = Places(countries={}, demonyms={}, organizations={})


@cache
def places() -> Places:
    d = _load("places.json")
    return Places(countries=d["countries"], demonyms=d["demonyms"], organizations=d["organizations"])


@dataclass(frozen=True)
class Roles:
    synonyms: dict[str, tuple[str, ...]]
    title_words: frozenset[str]


@cache
def roles() -> Roles:
    d = _load("roles.json")
    return Roles(
        synonyms={k: tuple(v) for k, v in d["synonyms"].items()},
        title_words=frozenset(d["title_words"]),
    )


@dataclass(frozen=True)
class AliasEntry:
    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    affiliation: str | None


def parse_aliases(data: dict[str, Any]) -> tuple[AliasEntry, ...]:
    out = []
    for name, entry in (data.get("speakers") or {}).items():
        out.append(
            AliasEntry(
                name=name,
                type=entry.get("type", "person"),
                aliases=tuple(entry.get("aliases", ())),
                roles=tuple(entry.get("roles", ())),
                affiliation=entry.get("affiliation"),
            )
        )
    return tuple(out)


@cache
def builtin_aliases() -> tuple[AliasEntry, ...]:
    return parse_aliases(_load("aliases.json"))


def load_aliases_file(path: Path) -> tuple[AliasEntry, ...]:
    """Read a user alias file (same format as the built-in one). Raises ConfigError on a bad file."""
    from infclaims.errors import ConfigError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"alias file {str(path)!r} cannot be read as JSON ({exc}). "
            'Fix: give a JSON file like {"speakers": {"Full Name": {"aliases": ["..."]}}}.',
            code="E203",
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"alias file {str(path)!r} must hold a JSON object with a 'speakers' key.", code="E203")
    return parse_aliases(data)
