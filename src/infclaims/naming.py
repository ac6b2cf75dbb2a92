"""Canonical speaker ids: one id per real-world speaker across articles.

The id is an ASCII slug of the canonical name, with transliteration variants folded so that
"Sergei"/"Sergey", "Dmitry"/"Dmitri", "Aleksey"/"Alexei" give one id.
"""

from __future__ import annotations

import re
import unicodedata

# (pattern, replacement) applied to the given name (first word) of a person's name, in order:
# the common romanisation variants of Slavic given names.
RE_TRANSLIT_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=.)ks"), "x"),  # Aleksei -> Alexei
    (re.compile(r"(?<=[aeiou])(y|iy|ii|ij|j)$"), "i"),  # Sergey, Nikolaj -> Sergei, Nikolai
    (re.compile(r"(?<=[^aeiou])(iy|ii|ij|y)$"), "i"),  # Dmitry, Yuriy, Yurii -> Dmitri, Yuri
)
# The same for surnames: only the -yy / -iy endings ("Navalnyy", "Dvorkovich" untouched).
RE_SURNAME_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = ((re.compile(r"(?<=[^aeiou])(yy|iy|ii)$"), "y"),)


# Letters that do not decompose into a base letter plus a mark.
_FOLD_TABLE = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE))
    return "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


def slug(text: str) -> str:
    text = ascii_fold(text).lower().replace("&", " and ")
    text = re.sub(r"['’`.]", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def fold_word(word: str, *, given: bool = True) -> str:
    for pattern, repl in RE_TRANSLIT_FOLDS if given else RE_SURNAME_FOLDS:
        word = pattern.sub(repl, word)
    return word


def canonical_id(name: str, *, person: bool = True) -> str:
    """Stable id of a speaker name. Person names are folded for transliteration variants."""
    base = slug(name)
    if not person:
        return base
    words = [w for w in base.split("-") if w]
    if len(words) < 2:
        return "-".join(fold_word(w, given=False) for w in words)
    return "-".join([fold_word(words[0]), *(fold_word(w, given=False) for w in words[1:])])
