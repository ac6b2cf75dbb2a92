"""Loaders for the word lists and world knowledge under ``resources/`` (read once, cached)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


def resource(name: str) -> dict[str, Any]:
    """The JSON of a packaged resource file: the only place that reads ``resources/*.json``."""
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
    particle_required: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    headline_verbs: tuple[str, ...] = ()
    infinitive_complement_cues: frozenset[str] = frozenset()
    event_object_verbs: frozenset[str] = frozenset()
    judgement_verbs: frozenset[str] = frozenset()
    appeal_verbs: frozenset[str] = frozenset()
    attitude_adjectives: frozenset[str] = frozenset()
    not_turn_speakers: frozenset[str] = frozenset()


@cache
def cues() -> Cues:
    d = resource("cues.json")
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
        particle_required=frozenset(d["particle_required"]),
        conditional_marks=frozenset(d["conditional_marks"]),
        headline_verbs=tuple(d["headline_verbs"]),
        infinitive_complement_cues=frozenset(d["infinitive_complement_cues"]),
        event_object_verbs=frozenset(d["event_object_verbs"]),
        judgement_verbs=frozenset(d["judgement_verbs"]),
        appeal_verbs=frozenset(d["appeal_verbs"]),
        attitude_adjectives=frozenset(d["attitude_adjectives"]),
        not_turn_speakers=frozenset(d["not_turn_speakers"]),
    )


@dataclass(frozen=True)
class Calendar:
    """Month and weekday names (``calendar.json``)."""

    full_months: tuple[str, ...]  # "january" ... "december", in order
    abbreviations: tuple[str, ...]  # "jan" ... "dec", in the order they are tried
    months: dict[str, int]  # every name and abbreviation -> month number
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]  # "monday" -> 0 ... "sunday" -> 6


@cache
def calendar() -> Calendar:
    d = resource("calendar.json")
    return Calendar(
        full_months=tuple(d["months"]),
        abbreviations=tuple(d["month_abbreviations"]),
        months={**d["months"], **d["month_abbreviations"]},
        ambiguous_months=frozenset(d["ambiguous_months"]),
        weekdays=dict(d["weekdays"]),
    )


@dataclass(frozen=True)
class Mentions:
    """How the resolver reads a mention (``mentions.json``)."""

    pronouns: dict[str, frozenset[str]]  # masculine, feminine, first_person, plural, neuter
    determiners: frozenset[str]
    name_function_words: frozenset[str]
    collective_nouns: frozenset[str]
    feminine_nouns: frozenset[str] = frozenset()
    masculine_nouns: frozenset[str] = frozenset()

    @property
    def person_pronouns(self) -> frozenset[str]:
        p = self.pronouns
        return p["masculine"] | p["feminine"] | p["first_person"]


@cache
def mentions() -> Mentions:
    d = resource("mentions.json")
    return Mentions(
        pronouns={k: frozenset(v) for k, v in d["pronouns"].items()},
        determiners=frozenset(d["determiners"]),
        name_function_words=frozenset(d["name_function_words"]),
        collective_nouns=frozenset(d["collective_nouns"]),
        feminine_nouns=frozenset(d["feminine_nouns"]),
        masculine_nouns=frozenset(d["masculine_nouns"]),
    )


@cache
def given_names() -> dict[str, str]:
    """Given names that are evidence of gender (``given_names.json``): name -> "f" or "m"."""
    d = resource("given_names.json")
    return {**{n: "f" for n in d["feminine"]}, **{n: "m" for n in d["masculine"]}}


@dataclass(frozen=True)
class Places:
    countries: dict[str, str]
    demonyms: dict[str, str]
    organizations: dict[str, str]


EMPTY_PLACES = Places(countries={}, demonyms={}, organizations={})


@cache
def places() -> Places:
    d = resource("places.json")
    return Places(countries=d["countries"], demonyms=d["demonyms"], organizations=d["organizations"])


@dataclass(frozen=True)
class Roles:
    synonyms: dict[str, tuple[str, ...]]
    title_words: frozenset[str]


@cache
def roles() -> Roles:
    d = resource("roles.json")
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
    return parse_aliases(resource("aliases.json"))


ALIAS_SHAPE = (
    '{"speakers": {"Full Name": {"aliases": ["Other Name", ...], "type": "person", "roles": ["Role", ...], '
    '"affiliation": "Country or organisation"}}} (every key of an entry is optional; type is one of person, '
    "organization, country, group, unknown)"
)
_ALIAS_TYPES = frozenset({"person", "organization", "country", "group", "unknown"})


def alias_shape_problem(data: Any) -> str | None:
    """What is wrong with the shape of an alias file's JSON, or None when it is right."""
    if not isinstance(data, dict):
        return "it is not a JSON object"
    if "speakers" not in data:
        keys = ", ".join(repr(k) for k in list(data)[:3])
        return f"it has no 'speakers' key (its keys: {keys or 'none'})"
    extra = sorted(k for k in data if k != "speakers" and not str(k).startswith("_"))
    if extra:
        return f"it has keys other than 'speakers': {', '.join(map(repr, extra))}"
    speakers = data["speakers"]
    if not isinstance(speakers, dict):
        return "'speakers' is not an object of names"
    for name, entry in speakers.items():
        if not isinstance(entry, dict):
            return f"the entry of {name!r} is {type(entry).__name__} {entry!r}, not an object"
        unknown = sorted(set(entry) - {"aliases", "type", "roles", "affiliation"})
        if unknown:
            return f"the entry of {name!r} has unknown keys {', '.join(map(repr, unknown))}"
        for key in ("aliases", "roles"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return f"{key!r} of {name!r} is not a list of strings"
        if entry.get("type", "person") not in _ALIAS_TYPES:
            return f"'type' of {name!r} is {entry.get('type')!r}"
        if not isinstance(entry.get("affiliation", ""), str | None):
            return f"'affiliation' of {name!r} is not a string"
    return None


def load_aliases_file(path: Path) -> tuple[AliasEntry, ...]:
    """Read a user alias file (same format as the built-in one). Raises ConfigError E203 on a bad file."""
    from infclaims import io
    from infclaims.errors import ConfigError, InfclaimsError

    try:
        data = json.loads(io.read_text(path, what="alias file"))
    except (InfclaimsError, ValueError) as exc:
        raise ConfigError(
            f"alias file {str(path)!r} cannot be read as JSON ({exc}). Fix: give a JSON file of the shape "
            f"{ALIAS_SHAPE}.",
            code="E203",
        ) from exc
    problem = alias_shape_problem(data)
    if problem is not None:
        raise ConfigError(
            f"alias file {str(path)!r} is not in the alias shape: {problem}. Fix: give a JSON file of the shape "
            f"{ALIAS_SHAPE}.",
            code="E203",
        )
    return parse_aliases(data)
