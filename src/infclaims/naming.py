"""Names of things: canonical speaker ids (one id per real-world speaker across articles), statement ids and labels.

The id is an ASCII slug of the canonical name, with transliteration variants folded so that
"Sergei"/"Sergey", "Dmitry"/"Dmitri", "Aleksey"/"Alexei" give one id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infclaims.models import Speaker

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


def statement_id(doc_id: str, start: int, end: int, kind: str, speaker: str = "") -> str:
    """Stable id: the same article, content span, kind and speaker give the same id in every run."""
    return hashlib.sha1(f"{doc_id}:{start}:{end}:{kind}:{speaker}".encode()).hexdigest()[:16]


def make_label(speaker: Speaker, content: str, max_words: int = 12) -> str:
    who = speaker.name or speaker.mention or "?"
    if speaker.type == "person" and speaker.name:
        who = speaker.name.split()[-1]
    words = content.split()
    short = " ".join(words[:max_words]).rstrip(",;:.")
    if len(words) > max_words:
        short += " …"
    return f"{who}: {short}"
