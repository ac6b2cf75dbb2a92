"""The word lists under ``resources/`` are the one source of truth: every key is read by the code, and no list
is written twice (in two resource files, or in a resource file and again in the code)."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "infclaims"
RESOURCES = SRC / "resources"
#: User-editable world knowledge whose keys are names, not lexicon keys.
DATA_ONLY = {"aliases.json", "places.json"}
#: Objects whose keys are lexicon names read one by one (the others hold data: verbs, units, ...).
NAMED_SECTIONS = {("claim_cues.json", "content"), ("claim_cues.json", "function_words"), ("mentions.json", "pronouns")}
RE_WORD = re.compile(r"^[a-z][a-z' -]*$")


def _code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))


def _keys() -> Iterator[tuple[str, str]]:
    for path in sorted(RESOURCES.glob("*.json")):
        if path.name in DATA_ONLY:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, value in data.items():
            if key.startswith("_"):
                continue
            yield path.name, key
            if (path.name, key) in NAMED_SECTIONS:
                yield from ((path.name, sub) for sub in value if not sub.startswith("_"))


@pytest.mark.parametrize(("resource", "key"), list(_keys()))
def test_resources_every_key_is_read_by_the_code(resource: str, key: str) -> None:
    code = _code()
    assert f'"{key}"' in code or f"'{key}'" in code or f".{key}" in code, (
        f"{resource}: key {key!r} is never read, so editing it changes nothing; read it or remove it"
    )


def _word_lists() -> Iterator[tuple[str, frozenset[str]]]:
    """Every list of words in the resource files (at any depth), with where it is."""

    def walk(where: str, value: object) -> Iterator[tuple[str, frozenset[str]]]:
        if isinstance(value, list) and len(value) >= 3 and all(isinstance(v, str) for v in value):
            yield where, frozenset(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if not str(k).startswith("_"):
                    yield from walk(f"{where}/{k}", v)

    for path in sorted(RESOURCES.glob("*.json")):
        yield from walk(path.name, json.loads(path.read_text(encoding="utf-8")))


#: Mappings whose values are lists by design the same for several keys (variants of one role).
SHARED_VALUES = ("roles.json/synonyms/",)
#: Code whose string literals are not lexicons: the record schema's literal types.
NOT_LEXICONS = ("models.py",)


def duplicates(lists: list[tuple[str, frozenset[str]]]) -> list[str]:
    """Pairs of places that hold the same list of words."""
    seen: dict[frozenset[str], str] = {}
    twice = []
    for where, words in lists:
        if where.startswith(SHARED_VALUES):
            continue
        if words in seen:
            twice.append(f"{seen[words]} and {where}")
        seen.setdefault(words, where)
    return twice


def repeats(code_lists: list[tuple[str, frozenset[str]]], lists: list[tuple[str, frozenset[str]]]) -> list[str]:
    """Word lists in code that are a copy of (most of) a resource list: all their words in it, and at least
    half of it. A few function words that happen to lie in a long list (stopwords) are not a copy."""
    again = []
    for where, words in code_lists:
        if where.startswith(NOT_LEXICONS):
            continue
        for resource, listed in lists:
            if words <= listed and 2 * len(words) >= len(listed):
                again.append(f"{where} is part of {resource}")
                break
    return again


def test_resources_no_list_is_written_twice_in_the_resources() -> None:
    twice = duplicates(list(_word_lists()))
    assert not twice, "the same word list is written twice: " + "; ".join(twice)


def _code_word_lists() -> Iterator[tuple[str, frozenset[str]]]:
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Set | ast.List | ast.Tuple):
                words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                if len(words) >= 5 and len(words) == len(node.elts) and all(RE_WORD.match(w) for w in words):
                    yield f"{path.relative_to(SRC)}:{node.lineno}", frozenset(words)


def test_resources_no_word_list_of_the_resources_is_written_again_in_the_code() -> None:
    again = repeats(list(_code_word_lists()), list(_word_lists()))
    assert not again, "word lists in code that the resources already hold: " + "; ".join(again)


def test_resources_the_checks_catch_what_they_are_for() -> None:
    months = frozenset({"january", "february", "march", "april", "may"})
    lists = [("a.json/months", months), ("b.json/names", frozenset({"ann", "bo", "cy"}))]
    assert duplicates([*lists, ("c.json/m", months)]) == ["a.json/months and c.json/m"]
    assert duplicates(lists) == []
    assert repeats([("x.py:3", frozenset({"january", "march", "may", "april", "february"}))], lists) == [
        "x.py:3 is part of a.json/months"
    ]
    assert repeats([("x.py:3", frozenset({"january", "march", "may", "april", "smarch"}))], lists) == []
    long = [("c.json/stop", frozenset({f"w{i}" for i in range(40)} | {"a", "an", "the", "of", "to"}))]
    assert repeats([("x.py:9", frozenset({"a", "an", "the", "of", "to"}))], long) == []
