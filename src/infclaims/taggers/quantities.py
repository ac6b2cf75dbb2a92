"""Number ranges and quantities in news English.

``find_ranges(text)`` returns one :class:`~infclaims.models.Quantity` per number, range or bounded number in
``text``, in text order. It is a pure function over a string: no spaCy, no I/O. Units are parsed and converted
with pint; the tables below only map news spellings ("km", "kilometres", "sq mi") to pint unit names.

How it reads a sentence
    A *quantity* is ``[cue] operand [connector operand] [suffix cue]`` where an operand is
    ``[currency] number [unit]``. Numbers are digits ("5,500", "1.5", "2 1/2", "$2bn"), number words
    ("twenty-one", "a hundred and two", "two and a half") or fractions ("half of", "two thirds of", "3/4").
    Scale words multiply ("1.5 million", "$2 billion", "$2bn").

Decisions (keep these consistent when changing the rules)
    * Spans cover the cue, any "between"/"from", currency, numbers and unit; they exclude surrounding
      brackets and the counted noun ("nearly 1,800" in "nearly 1,800 rockets", ``counted="rockets"``).
    * Ranges: "from A to B", "between A and B", "A to B", "A-B", "A through B", "A or B" ("two or three
      days" is read as 2..3 days). The unit and scale of one end are shared with the other ("500 to 5,500
      km", "1.5 to 2 million"). A range whose ends have different units, or whose low is above its high
      ("a 3-2 vote"), is not a range. After a verb of change ("rose from 5% to 7%") the two numbers are two
      quantities, not a range.
    * Bounds: "more than"/"over"/"above" give an exclusive low; "at least"/"no fewer than"/"or more" an
      inclusive low; "less than"/"fewer than"/"under"/"below" an exclusive high; "up to"/"no more than"/
      "as many as"/"or less" an inclusive high. The open end is ``None`` (its inclusive flag is left at the
      default and means nothing). "over"/"under" before a duration ("over six months") mean "during", so
      they are not read as bounds there. "within 60 days" is the point quantity 60 days.
    * Approximation cues ("nearly", "almost", "about", "around", "roughly", "approximately", "some",
      "an estimated", "close to") set ``approx`` and keep low == high == the number.
    * Number words are quantities only with a unit, a currency, a scale or a counted noun:
      "five years" (unit year), "a one-year extension" (1 year: a hyphenated modifier is the same
      quantity), "two powers" (counted). "one" is never a bare count ("one of the reasons", "one country"),
      but "one year" is 1 year. "a"/"an" is not a number ("a year ago", "a gallon"), except before a scale
      or a fraction ("a hundred", "a dozen eggs", "a third of"). Bare digits ("the answer is 42") are
      quantities with no unit.
    * Counted noun: the first plural noun within three words after the number ("two biggest nuclear
      powers" -> "powers"); for the digit 1 the last of those words. Hyphenated compounds with a non-unit
      word ("a 27-nation bloc", "two-track") are not quantities.
    * Units: the normalised name is an English name ("kilometer", "ton", "percent", "dollar"); canonical
      values are converted by pint: lengths to kilometer, masses to kilogram, durations to day (a year is
      pint's Julian year of 365.25 days), areas to square kilometer, volumes to liter, speeds to km/h,
      temperatures to degree Celsius; other pint units (percent, megawatt) keep their own unit.
      Currencies and counts have no canonical value. "ton(s)" is read as the metric ton; every "$" is
      "dollar". "pounds" after a number is mass; "£" is "pound sterling".
    * Not quantities: years (a four-digit 1000-2100 with no unit, currency, scale or cue; also year ranges
      "1987-1991"), decades ("the 1980s"), dates ("Oct. 2", "May 1991", "8 December", "2018-10-02"),
      ordinals ("the 5th"), times ("10:30", "2 pm"), phone numbers, URLs, list markers, numbers glued to
      letters or hyphenated to a word ("3M14", "SS20s", "SS-20", "F-35", "Su-57", "16x9"), numbers after
      a designator word ("Mk 41", "Article 5", "Flight 17", "No. 1"), numbers after an acronym when no unit
      follows ("MK 41"), vague plurals ("hundreds of", "dozens of").

Known limits: one-letter units are read only when glued to the number ("100m", "5g", "100t"), and "in" is
never the inch. Negative numbers, fractions other than halves/thirds/quarters..tenths, compound measures
("5 feet 2 inches"), rates ("$15 per hour" gives "$15" only) and European decimal commas are not read.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from infclaims import lexicons
from infclaims.memo import IdentityMemo
from infclaims.models import Quantity

# --------------------------------------------------------------------------- regexes (named data)

#: One token: a number (digits with optional thousands commas and decimals), a word, or one other character.
RE_TOKEN = re.compile(
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])|[0-9]+(?:\.[0-9]+)?|(?<![\w.])\.[0-9]+)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<sym>\S)"
)
#: URLs, e-mail addresses and bare domains with a path: numbers inside them are never quantities.
RE_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|int|io|uk|ru|de|fr|eu|ua)/\S*"
)
#: Numeric dates: 2018-10-02, 10/02/2018, 2.10.2018.
RE_NUMERIC_DATE = re.compile(r"(?<![\w.])[0-9]{1,4}([-/.])[0-9]{1,2}\1[0-9]{1,4}(?![\w])")
#: Dotted numbers with three or more parts: versions and IP addresses (2.1.3, 192.168.1.2).
RE_DOTTED_NUMBER = re.compile(r"(?<![\w.])[0-9]+(?:\.[0-9]+){2,}(?![\w])")
#: Clock times: 10:30, 10:30:15, 2 pm, 2.17pm, 6 p.m.
RE_CLOCK = re.compile(
    r"(?<![\w.])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*[ap]\.?m\.?)?"
    r"|(?<![\w.])[0-9]{1,2}(?:[.:][0-9]{2})?\s*(?:[ap]\.m\.|[ap]m\b)",
    re.IGNORECASE,
)
#: Phone numbers: +1 202 555 0100, (202) 555-0100, 202-555-0100, +7-495-1234567.
RE_PHONE = re.compile(
    r"(?<![\w,.])(?:\+[0-9]{1,3}[\s.-]?)?"
    r"(?:\([0-9]{2,5}\)\s?[0-9]{2,4}[\s.-]?[0-9]{3,7}|[0-9]{3}[.-][0-9]{3}[.-][0-9]{4}|\+[0-9]{1,3}[\s.-]?[0-9]{2,5}[\s.-][0-9]{3,8})"
    r"(?![\w])"
)
#: A list marker at the start of a line: "1." or "2)".
RE_LIST_MARKER = re.compile(r"^[ \t]*[0-9]{1,2}[.)](?=\s)", re.MULTILINE)
#: Short capitalised abbreviations and acronyms that designate models when a bare number follows ("Mk 41").
RE_DESIGNATOR_TOKEN = re.compile(r"^(?:[A-Z][a-z]?|[A-Z]{2,5})$")
#: A valid digit fraction: numerator below a usual denominator ("3/4", not "9/11" or "24/7").
RE_DIGIT_FRACTION = re.compile(r"^[0-9]{1,2}/(?:2|3|4|5|6|8|10|16|32|100)$")

# --------------------------------------------------------------------------- word lists (data)

#: Every word list and unit table of this tagger, from ``resources/quantities.json`` (each key documented there).
_DATA = lexicons.resource("quantities.json")
_NUMBERS = lexicons.resource("numbers.json")
SMALL_NUMBERS: dict[str, int] = _NUMBERS["small_numbers"]
TENS: dict[str, int] = _NUMBERS["tens"]
SCALE_WORDS: dict[str, float] = _NUMBERS["scale_words"]
SCALE_ABBREVIATIONS: dict[str, float] = _DATA["scale_abbreviations"]
CURRENCY_SCALE_ABBREVIATIONS: dict[str, float] = _DATA["currency_scale_abbreviations"]
FRACTION_WORDS: dict[str, int] = _DATA["fraction_words"]
UNICODE_FRACTIONS: dict[str, float] = _DATA["unicode_fractions"]
HALF_BLOCKERS = frozenset(_DATA["half_blockers"])
CUES: dict[str, str] = _DATA["cues"]
SUFFIX_CUES: dict[str, str] = _DATA["suffix_cues"]
DURATION_NEUTRAL_CUES = frozenset(_DATA["duration_neutral_cues"])
RANGE_CONNECTORS = frozenset(_DATA["range_connectors"])
CHANGE_VERBS = frozenset(_DATA["change_verbs"])
DESIGNATORS = frozenset(_DATA["designators"])
CAPITALISED_FUNCTION_WORDS = frozenset(_DATA["capitalised_function_words"])
MONTHS = frozenset(lexicons.calendar().months)
STOPWORDS = frozenset(_DATA["stopwords"])
IRREGULAR_PLURALS = frozenset(_DATA["irregular_plurals"])
UNITS: dict[str, tuple[str | None, float, tuple[str, ...]]] = {
    name: (pint_unit, factor, tuple(spellings)) for name, (pint_unit, factor, spellings) in _DATA["units"].items()
}
GLUED_ONLY_UNITS = frozenset(_DATA["glued_only_units"])
CURRENCY_PREFIXES: dict[str, str] = _DATA["currency_prefixes"]
CANONICAL_UNITS: tuple[str, ...] = tuple(_DATA["canonical_units"])
DURATION_UNITS = frozenset(_DATA["duration_units"])


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Tok:
    kind: str  # "num", "word" or "sym"
    text: str
    low: str
    start: int
    end: int
    glued: bool  # no whitespace between the previous token and this one
    gap_ok: bool  # the gap before this token is short whitespace (no blank line)


def _tokenise(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    prev_end = 0
    for m in RE_TOKEN.finditer(text):
        kind = m.lastgroup or "sym"
        gap = text[prev_end : m.start()]
        toks.append(_Tok(kind, m.group(), m.group().lower(), m.start(), m.end(), gap == "", gap.count("\n") <= 1))
        prev_end = m.end()
    return toks


def _phrase_table(phrases: dict[str, str] | dict[str, Any]) -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for phrase in phrases:
        key = tuple(m.group().lower() for m in RE_TOKEN.finditer(phrase))
        table[key] = phrase
    return table


@cache
def _unit_lookup() -> dict[tuple[str, ...], str]:
    lookup: dict[tuple[str, ...], str] = {}
    for name, (_pint, _factor, spellings) in UNITS.items():
        for spelling in spellings:
            lookup[tuple(m.group().lower() for m in RE_TOKEN.finditer(spelling))] = name
    return lookup


@cache
def _glued_unit_spellings() -> frozenset[tuple[str, ...]]:
    """Multi-token spellings written without a space ("km2", "km/h", "°c"): their tokens must touch."""
    return frozenset(
        tuple(m.group().lower() for m in RE_TOKEN.finditer(spelling))
        for _pint, _factor, spellings in UNITS.values()
        for spelling in spellings
        if " " not in spelling and len(list(RE_TOKEN.finditer(spelling))) > 1
    )


@cache
def _cue_lookup() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str], dict[tuple[str, ...], str]]:
    return _phrase_table(CUES), _phrase_table(SUFFIX_CUES), _phrase_table(CURRENCY_PREFIXES)


#: The words phrases of each table start with (kept per table, found by identity).
_first_words: IdentityMemo[dict[tuple[str, ...], str], frozenset[str]] = IdentityMemo(
    lambda table: frozenset(key[0] for key in table if key), limit=64
)


def _match_phrase(
    toks: list[_Tok], i: int, table: dict[tuple[str, ...], str], max_len: int = 4, glue_inner: bool = False
) -> tuple[str, int] | None:
    """Longest phrase of ``table`` starting at token ``i``: (phrase, number of tokens)."""
    if i >= len(toks) or toks[i].low not in _first_words(table):
        return None
    best: tuple[str, int] | None = None
    for n in range(1, max_len + 1):
        if i + n > len(toks):
            break
        inner = toks[i + 1 : i + n]
        if any(not t.gap_ok for t in inner):
            break
        key = tuple(t.low for t in toks[i : i + n])
        if key in table:
            best = (table[key], n)
    return best


# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class _Num:
    value: float
    first: int
    last: int
    digits: bool
    scaled: bool = False
    scale: float = 1.0
    fraction: bool = False
    year_like: bool = False


def _next(toks: list[_Tok], i: int) -> _Tok | None:
    return toks[i] if 0 <= i < len(toks) else None


def _spaced(tok: _Tok | None) -> bool:
    return tok is not None and not tok.glued and tok.gap_ok


def _parse_scale(toks: list[_Tok], k: int, currency: bool) -> tuple[float, int] | None:
    """A scale word or abbreviation at token k: (factor, tokens used)."""
    t = _next(toks, k)
    if t is None or t.kind != "word" or not t.gap_ok:
        return None
    if t.low in SCALE_WORDS:
        return SCALE_WORDS[t.low], 1
    if t.low == "hundred":
        return 100.0, 1
    if t.low in SCALE_ABBREVIATIONS and (t.glued or t.low not in ("k",)):
        return SCALE_ABBREVIATIONS[t.low], 1
    if currency and t.low in CURRENCY_SCALE_ABBREVIATIONS and t.glued:
        return CURRENCY_SCALE_ABBREVIATIONS[t.low], 1
    return None


def _digit_fraction(toks: list[_Tok], k: int) -> tuple[float, int] | None:
    """Digit fraction "3/4" starting at token k: (value, last token index)."""
    a, slash, b = _next(toks, k), _next(toks, k + 1), _next(toks, k + 2)
    if a is None or slash is None or b is None or a.kind != "num" or b.kind != "num":
        return None
    if slash.text != "/" or not slash.glued or not b.glued:
        return None
    if not RE_DIGIT_FRACTION.match(f"{a.text}/{b.text}"):
        return None
    num, den = float(a.text), float(b.text)
    if num <= 0 or num >= den:
        return None
    return num / den, k + 2


def _parse_digits(toks: list[_Tok], k: int, currency: bool) -> _Num | None:
    t = toks[k]
    raw = t.text.replace(",", "")
    if len(raw) > 15 or (len(raw) > 1 and raw[0] == "0" and raw[1] != "."):
        return None
    frac = _digit_fraction(toks, k)
    if frac is not None:
        return _Num(frac[0], k, frac[1], digits=True, fraction=True)
    value = float(raw)
    last = k
    nxt = _next(toks, k + 1)
    if nxt is not None and nxt.text == "/" and nxt.glued:
        return None  # "24/7", "9/11": not a quantity
    if nxt is not None and nxt.glued and nxt.text in UNICODE_FRACTIONS:
        value += UNICODE_FRACTIONS[nxt.text]
        last = k + 1
    elif _spaced(nxt) and "." not in raw:
        mixed = _digit_fraction(toks, k + 1)
        if mixed is not None:
            value += mixed[0]
            last = mixed[1]
    half = _and_a_half(toks, last + 1)
    if half:
        value += 0.5
        last += 3
    year_like = last == k and "," not in t.text and "." not in t.text and 1000 <= value <= 2100
    scale = _parse_scale(toks, last + 1, currency)
    if scale is not None:
        return _Num(value * scale[0], k, last + scale[1], digits=True, scaled=True, scale=scale[0])
    return _Num(value, k, last, digits=True, year_like=year_like)


def _and_a_half(toks: list[_Tok], k: int) -> bool:
    words = [_next(toks, k + n) for n in range(3)]
    return all(_spaced(w) for w in words) and [w.low for w in words if w] == ["and", "a", "half"]


def _parse_word_fraction(toks: list[_Tok], k: int) -> _Num | None:
    """Word fractions: "half of", "half a mile", "a third of", "two thirds of", "one-half"."""
    t = toks[k]
    prev = _next(toks, k - 1)
    if t.low in ("half",):
        if prev is not None and (prev.low in HALF_BLOCKERS or prev.low in ("a", "and") or prev.text == "-"):
            return None
        nxt = _next(toks, k + 1)
        if not _spaced(nxt) or nxt is None:
            return None
        if nxt.low in ("a", "an"):
            scale = _parse_scale(toks, k + 2, currency=False)
            if scale is not None and _spaced(toks[k + 2]):
                return _Num(0.5 * scale[0], k, k + 2, digits=False, scaled=True, scale=scale[0])
        if nxt.low in ("of", "the", "a", "an", "its", "their"):
            return _Num(0.5, k, k, digits=False, fraction=True)
        return None
    numerator = 1 if t.low in ("a", "an") else SMALL_NUMBERS.get(t.low)
    if numerator is None or numerator == 0 or numerator >= 10:
        return None
    den_tok = _next(toks, k + 1)
    last = k + 1
    if den_tok is not None and den_tok.text == "-" and den_tok.glued and t.low not in ("a", "an"):
        den_tok = _next(toks, k + 2)
        last = k + 2
        if den_tok is None or not den_tok.glued:
            return None
    elif not _spaced(den_tok):
        return None
    if den_tok is None or den_tok.low not in FRACTION_WORDS:
        return None
    plural = den_tok.low.endswith("s")
    if plural != (numerator > 1) and den_tok.low != "half":
        return None
    after = _next(toks, last + 1)
    if den_tok.low != "half" and not (_spaced(after) and after is not None and after.low == "of"):
        return None
    if den_tok.low == "half" and t.low in ("a", "an"):
        return None  # "a half": read with its number ("two and a half") or not at all
    return _Num(numerator / FRACTION_WORDS[den_tok.low], k, last, digits=False, fraction=True)


def _parse_words(toks: list[_Tok], k: int) -> _Num | None:
    frac = _parse_word_fraction(toks, k)
    if frac is not None:
        return frac
    total = 0.0
    current = 0.0
    last_kind = ""
    last = -1
    i = k
    used_words = 0
    while i < len(toks):
        t = toks[i]
        if i > k:
            if t.kind != "word":
                break
            prev = toks[i - 1]
            if prev.text == "-":
                pass
            elif not _spaced(t):
                break
        low = t.low
        kind = ""
        if low in ("a", "an") and i == k:
            nxt = _next(toks, i + 1)
            if _spaced(nxt) and nxt is not None and (nxt.low in SCALE_WORDS or nxt.low in ("hundred", "dozen")):
                current = 1
                last_kind = "unit"
                i += 1
                continue
            return None
        if low in SMALL_NUMBERS:
            v = SMALL_NUMBERS[low]
            kind = "unit" if 1 <= v <= 9 else "teen"
            if kind == "unit" and last_kind not in ("", "tens", "hundred", "scale"):
                break
            if kind == "teen" and last_kind not in ("", "hundred", "scale"):
                break
            current += v
        elif low in TENS:
            if last_kind not in ("", "hundred", "scale"):
                break
            current += TENS[low]
            kind = "tens"
        elif low == "hundred":
            if last_kind not in ("unit", "teen", "tens") or current >= 100:
                break
            current *= 100
            kind = "hundred"
        elif low in SCALE_WORDS:
            if last_kind not in ("unit", "teen", "tens", "hundred"):
                break
            total += current * SCALE_WORDS[low]
            current = 0
            kind = "scale"
        elif low == "dozen":
            if last_kind != "unit" or current >= 10:
                break
            current *= 12
            kind = "dozen"
        elif low == "and" and last_kind in ("hundred", "scale"):
            nxt = _next(toks, i + 1)
            if _spaced(nxt) and nxt is not None and (nxt.low in SMALL_NUMBERS or nxt.low in TENS):
                i += 1
                continue
            break
        elif low == "-" or t.text == "-":
            break
        else:
            break
        used_words += 1
        last_kind = kind
        last = i
        i += 1
        # a hyphen joins "twenty-one"
        hy, after = _next(toks, i), _next(toks, i + 1)
        if (
            kind == "tens"
            and hy is not None
            and hy.text == "-"
            and hy.glued
            and after is not None
            and after.glued
            and after.low in SMALL_NUMBERS
        ):
            i += 1
        if kind == "dozen":
            break
    if used_words == 0 or last < 0:
        return None
    value = total + current
    scaled = last_kind in ("scale",) or any(toks[j].low in SCALE_WORDS for j in range(k, last + 1))
    if _and_a_half(toks, last + 1) and value < 100:
        value += 0.5
        last += 3
        scale = _parse_scale(toks, last + 1, currency=False)
        if scale is not None:
            return _Num(value * scale[0], k, last + 1, digits=False, scaled=True, scale=scale[0])
    return _Num(value, k, last, digits=False, scaled=scaled)


def _parse_number(toks: list[_Tok], k: int, currency: bool) -> _Num | None:
    if k >= len(toks):
        return None
    t = toks[k]
    if t.kind == "num":
        return _parse_digits(toks, k, currency)
    if t.kind == "word":
        return _parse_words(toks, k)
    if t.text in UNICODE_FRACTIONS:
        return _Num(UNICODE_FRACTIONS[t.text], k, k, digits=True, fraction=True)
    return None


# --------------------------------------------------------------------------- operands


@dataclass(frozen=True)
class _Operand:
    num: _Num
    first: int
    last: int
    unit: str | None
    currency: bool
    unit_tokens: int


def _match_unit(toks: list[_Tok], k: int, allow_hyphen: bool) -> tuple[str, int, int] | None:
    """A unit at token k: (unit name, first token, last token); "-" may join it ("five-year")."""
    t = _next(toks, k)
    if t is None or not t.gap_ok:
        return None
    start = k
    if t.text == "-" and t.glued and allow_hyphen:
        after = _next(toks, k + 1)
        if after is None or not after.glued or after.kind != "word":
            return None
        start = k + 1
    m = _match_phrase(toks, start, _unit_lookup(), max_len=3)
    if m is None:
        return None
    n = m[1]
    first_tok = toks[start]
    key = tuple(tok.low for tok in toks[start : start + n])
    if key in _glued_unit_spellings() and not all(tok.glued for tok in toks[start + 1 : start + n]):
        return None  # "12 m 2 dm" is not "12 m2"
    if " ".join(key) in GLUED_ONLY_UNITS and (not first_tok.glued or not first_tok.text.islower()):
        return None
    return _unit_lookup()[key], start, start + n - 1


def _parse_operand(toks: list[_Tok], k: int) -> _Operand | None:
    currency: str | None = None
    first = k
    cur = _match_phrase(toks, k, _cue_lookup()[2], max_len=2)
    if cur is not None:
        phrase, n = cur
        nxt = _next(toks, k + n)
        code = phrase.isalpha()  # codes ("USD") are upper case and spaced; signs may be glued
        if nxt is not None and nxt.gap_ok and (not code or (toks[k].text.isupper() and not nxt.glued)):
            currency = CURRENCY_PREFIXES[phrase]
            k += n
    num = _parse_number(toks, k, currency is not None)
    if num is None:
        return None
    if currency is not None and num.first != k:
        return None
    unit: str | None = currency
    last = num.last
    unit_tokens = 0
    if currency is None:
        m = _match_unit(toks, num.last + 1, allow_hyphen=True)
        if m is not None:
            unit, _ustart, last = m
            unit_tokens = last - num.last
    return _Operand(num, first, last, unit, currency is not None, unit_tokens)


# --------------------------------------------------------------------------- filters


def _masked_offsets(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for rx in (RE_URL, RE_NUMERIC_DATE, RE_DOTTED_NUMBER, RE_CLOCK, RE_PHONE, RE_LIST_MARKER):
        spans.extend(m.span() for m in rx.finditer(text))
    return spans


def _is_month(tok: _Tok | None) -> bool:
    return tok is not None and tok.kind == "word" and tok.low in MONTHS and tok.text[0].isupper()


def _blocked_before(toks: list[_Tok], k: int) -> bool:
    """The number starting at token k is part of a name, an id or a date (looking left)."""
    t = toks[k]
    prev = _next(toks, k - 1)
    if prev is None:
        return False
    if t.glued and prev.kind in ("word", "num") and t.kind == "num":
        return True  # A320, 3M14, G20
    if t.glued and prev.kind == "sym" and prev.text in "#№":
        return True
    prev2 = _next(toks, k - 2)
    if t.glued and prev.kind == "sym" and prev.text in "+-/.:,–" and prev.glued and prev2 is not None:
        return prev2.kind in ("word", "num")  # SS-20, F-35, P5+1, 1.2.3
    word = prev
    if prev.text == "." and prev.glued and prev2 is not None and prev2.kind == "word":
        word = prev2  # "No. 1", "Oct. 2"
    return word.kind == "word" and _spaced(toks[k]) and (word.low in DESIGNATORS or _is_month(word))


def _blocked_after(toks: list[_Tok], last: int, has_unit: bool) -> bool:
    """The quantity ending at token ``last`` runs into letters or a month (looking right)."""
    nxt = _next(toks, last + 1)
    if nxt is None:
        return False
    if nxt.glued and nxt.kind in ("word", "num"):
        return True  # 5th, 1980s, 16x9, 3M14
    if nxt.glued and nxt.text == "-":
        after = _next(toks, last + 2)
        if after is not None and after.glued and after.kind == "word" and not has_unit:
            return True  # "a 27-nation bloc": hyphen compounds are not quantities
    if nxt.glued and nxt.text in "/:" and _next(toks, last + 2) is not None:
        after = toks[last + 2]
        if after.glued and after.kind == "num":
            return True
    return _spaced(nxt) and _is_month(nxt) and not has_unit  # "8 December"


def _acronym_designator(toks: list[_Tok], k: int) -> bool:
    """A short capitalised token before a bare number ("MK 41", "Mk 41")."""
    prev = _next(toks, k - 1)
    if prev is None or prev.kind != "word" or not _spaced(toks[k]):
        return False
    return bool(RE_DESIGNATOR_TOKEN.match(prev.text)) and prev.low not in CAPITALISED_FUNCTION_WORDS


# --------------------------------------------------------------------------- counted noun


def _word_run(toks: list[_Tok], k: int, limit: int = 3) -> list[str]:
    """Up to ``limit`` content words from token k, hyphenated compounds joined."""
    words: list[str] = []
    i = k
    while i < len(toks) and len(words) < limit:
        t = toks[i]
        if t.kind != "word" or not _spaced(t) or t.low in STOPWORDS or _is_month(t):
            break
        word = t.text
        i += 1
        while (
            i + 1 < len(toks)
            and toks[i].text == "-"
            and toks[i].glued
            and toks[i + 1].glued
            and toks[i + 1].kind == "word"
        ):
            word += "-" + toks[i + 1].text
            i += 2
        words.append(word)
    return words


def _looks_plural(word: str) -> bool:
    low = word.lower()
    if low in IRREGULAR_PLURALS:
        return True
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s")) and word.islower()


def _counted(toks: list[_Tok], k: int, value: float, digits: bool) -> str | None:
    words = _word_run(toks, k)
    if not words:
        return None
    if value == 1 and digits:
        last = words[-1]
        return last if last.islower() or "-" in last else None
    for word in words:
        if _looks_plural(word):
            return word
    return None


# --------------------------------------------------------------------------- units and conversion


@cache
def _ureg() -> Any:
    import pint

    return pint.UnitRegistry()


def warm_up() -> None:
    """Build the unit registry and the lookup tables now (pint's registry takes a good part of a second), so
    that a worker pays for them at start-up rather than on the first article that states a quantity."""
    _ureg()
    _unit_lookup()
    _glued_unit_spellings()
    _cue_lookup()
    _number_probe()


@cache
def _canonical_target(pint_unit: str) -> str:
    ureg = _ureg()
    unit = ureg.Unit(pint_unit)
    for target in CANONICAL_UNITS:
        target_unit = ureg.Unit(target)
        if target_unit.dimensionality == unit.dimensionality:
            return str(target_unit)
    return str(unit)


def _convert(value: float | None, unit: str) -> float | None:
    pint_unit, factor, _ = UNITS[unit]
    if value is None or pint_unit is None:
        return None
    ureg = _ureg()
    quantity = ureg.Quantity(value * factor, ureg.Unit(pint_unit))
    converted = float(quantity.to(_canonical_target(pint_unit)).magnitude)
    return float(f"{converted:.12g}") if math.isfinite(converted) else converted  # drop float noise


def _is_duration(unit: str | None) -> bool:
    return unit is not None and UNITS[unit][0] in DURATION_UNITS


# --------------------------------------------------------------------------- the parser


@dataclass(frozen=True)
class _Found:
    first: int
    last: int
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    unit: str | None
    approx_cue: str | None
    counted: str | None


def _prev_words(toks: list[_Tok], k: int, n: int) -> list[str]:
    return [t.low for t in toks[max(0, k - n) : k] if t.kind == "word"]


def _operand_ok(toks: list[_Tok], op: _Operand, check_before: bool = True) -> bool:
    if check_before and _blocked_before(toks, op.num.first):
        return False
    if _blocked_after(toks, op.last, op.unit is not None):
        return False
    return not (op.unit is None and op.num.digits and _acronym_designator(toks, op.num.first))


def _second_operand(toks: list[_Tok], a: _Operand, opener: str | None) -> tuple[_Operand | None, bool, int]:
    """The operand after a range connector: (operand or None, connector is a dash, -1 or the last token of a
    second number that takes the first one down with it)."""
    j = a.last + 1
    dangling = _next(toks, j)
    if dangling is not None and dangling.text == "-" and dangling.glued and _spaced(_next(toks, j + 1)):
        j += 1  # "8- to 16-meter"
    conn = _next(toks, j)
    if conn is None or not conn.gap_ok:
        return None, False, -1
    if opener == "between":
        if conn.low not in ("and", "to", "-", "–", "—"):
            return None, False, -1
    elif conn.low not in RANGE_CONNECTORS or (conn.low == "or" and opener is not None):
        return None, False, -1
    is_dash = conn.text in ("-", "–", "—")
    b = _parse_operand(toks, j + 1)
    if b is None or b.first != j + 1 or not (is_dash or _spaced(toks[b.first])):
        return None, is_dash, -1
    if _blocked_after(toks, b.last, b.unit is not None):
        nxt = _next(toks, b.last + 1)
        # "15 to 17 January", "2013-14th": the first number goes down with the second
        return None, is_dash, b.last if is_dash or (_spaced(nxt) and _is_month(nxt)) else -1
    return b, is_dash, -1


def _parse_at(toks: list[_Tok], i: int) -> tuple[_Found | None, int]:
    """Parse a quantity starting at token i: (found or None, index of the last token consumed)."""
    cue_kind: str | None = None
    cue_phrase: str | None = None
    opener: str | None = None
    k = i
    cue = _match_phrase(toks, i, _cue_lookup()[0])
    if cue is not None and _spaced(_next(toks, i + cue[1])):
        cue_phrase, n = cue
        cue_kind = CUES[cue_phrase]
        k = i + n
    elif toks[i].low in ("between", "from") and _spaced(_next(toks, i + 1)):
        opener = toks[i].low
        k = i + 1
    a = _parse_operand(toks, k)
    if a is None:
        return None, i
    if not _operand_ok(toks, a):
        return None, a.last
    first = i if (cue_kind or opener) else a.first
    change = any(w in CHANGE_VERBS for w in _prev_words(toks, first, 3))

    # ---- a range: two operands
    shared_unit: str | None = None
    if cue_kind in (None, "approx"):
        b, is_dash, reject_until = _second_operand(toks, a, opener)
        if reject_until >= 0:
            return None, reject_until
        if b is not None:
            ranged = _range(toks, first, a, b, opener, change)
            if ranged is not None:
                found, last = ranged
                if found is not None and cue_kind == "approx":
                    found = replace(found, approx_cue=cue_phrase)
                return found, last
            if is_dash:
                return None, b.last  # "a 3-2 vote": a score, not a range
            if opener == "between":
                return None, b.last
            shared_unit = b.unit if change else None
    if opener == "between":
        return None, i  # no range after all: read the number on its own from the next token
    if opener == "from":
        first = a.first

    # ---- one operand
    num = a.num
    unit = a.unit or shared_unit
    if num.year_like and unit is None and cue_kind is None:
        return None, a.last
    if cue_kind is not None and cue_phrase in DURATION_NEUTRAL_CUES and _is_duration(unit):
        cue_kind, cue_phrase, first = None, None, a.first
    last = a.last
    suffix = _suffix_cue(toks, last + 1)
    if suffix is not None and cue_kind is None:
        cue_kind, n = suffix
        last += n
    counted = None
    if unit is None and not num.fraction:
        counted = _counted(toks, last + 1, num.value, num.digits)
    if not _worth_keeping(num, unit, counted):
        return None, a.last
    low: float | None = num.value
    high: float | None = num.value
    low_inc = high_inc = True
    approx_cue: str | None = None
    if cue_kind == "approx":
        approx_cue = cue_phrase
    elif cue_kind == "lower_excl":
        high, low_inc = None, False
    elif cue_kind == "lower_incl":
        high = None
    elif cue_kind == "upper_excl":
        low, high_inc = None, False
    elif cue_kind == "upper_incl":
        low = None
    return _Found(first, last, low, high, low_inc, high_inc, unit, approx_cue, counted), last


def _suffix_cue(toks: list[_Tok], k: int) -> tuple[str, int] | None:
    t = _next(toks, k)
    if t is not None and t.text == "+" and t.glued:
        after = _next(toks, k + 1)
        if after is None or not after.glued or after.kind == "sym":
            return "lower_incl", 1
    if not _spaced(t):
        return None
    m = _match_phrase(toks, k, _cue_lookup()[1], max_len=2)
    if m is None:
        return None
    return SUFFIX_CUES[m[0]], m[1]


def _worth_keeping(num: _Num, unit: str | None, counted: str | None) -> bool:
    if unit is not None or num.digits or num.scaled:
        return True
    if num.fraction:
        return True
    return counted is not None and num.value != 1


def _range(
    toks: list[_Tok], first: int, a: _Operand, b: _Operand, opener: str | None, change: bool
) -> tuple[_Found | None, int] | None:
    """Combine two operands into a range, or None when they are not one."""
    if change and opener != "between":
        return None
    if not _operand_ok(toks, b, check_before=False):
        return None
    if a.unit is not None and b.unit is not None and a.unit != b.unit:
        return None
    unit = b.unit or a.unit
    low, high = a.num.value, b.num.value
    if b.num.scaled and not a.num.scaled and a.num.value <= b.num.value / b.num.scale:
        low = a.num.value * b.num.scale
    if low > high:
        return None
    if unit is None and a.num.year_like and b.num.year_like:
        return (None, b.last)  # a span of years
    if unit is None and (a.num.year_like or b.num.year_like) and not (a.num.scaled or b.num.scaled):
        return (None, b.last)
    counted = None
    if unit is None:
        counted = _counted(toks, b.last + 1, high, b.num.digits)
        if not (a.num.digits or b.num.digits or a.num.scaled or b.num.scaled or counted):
            return (None, b.last)
    return _Found(first, b.last, low, high, True, True, unit, None, counted), b.last


# --------------------------------------------------------------------------- public API


def find_ranges(text: str) -> list[Quantity]:
    """Every number, range and bounded number in ``text``, in text order.

    >>> [(q.text, q.low, q.high, q.unit) for q in find_ranges("ranges from 500 to 5,500 kilometers")]
    [('from 500 to 5,500 kilometers', 500.0, 5500.0, 'kilometer')]
    """
    if not _may_hold_number(text):
        return []
    toks = _tokenise(text)
    masks = _masked_offsets(text)
    results: list[Quantity] = []
    i = 0
    while i < len(toks):
        found, last = _parse_at(toks, i)
        if found is None:
            i = max(i + 1, last + 1) if last > i and _consumed_number(toks, i, last) else i + 1
            continue
        start, end = toks[found.first].start, toks[found.last].end
        if any(s < end and start < e for s, e in masks):
            i = found.last + 1
            continue
        results.append(_build(text, start, end, found))
        i = found.last + 1
    return results


@cache
def _number_probe() -> re.Pattern[str]:
    words = sorted(
        {*SMALL_NUMBERS, *TENS, *SCALE_WORDS, *FRACTION_WORDS, "dozen", "dozens", "half", "hundred"},
        key=len,
        reverse=True,
    )
    fractions = "".join(UNICODE_FRACTIONS)
    return re.compile(r"[0-9" + fractions + r"]|\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def _may_hold_number(text: str) -> bool:
    """Cheap test before tokenising: a quantity needs a digit, a fraction sign or a number word."""
    return _number_probe().search(text) is not None


def _consumed_number(toks: list[_Tok], i: int, last: int) -> bool:
    """Skip past a rejected number only when the parse started on it (keep later cues reachable)."""
    return toks[i].kind in ("num", "word") and any(t.kind == "num" for t in toks[i : last + 1])


def _build(text: str, start: int, end: int, f: _Found) -> Quantity:
    canonical_unit = None
    canonical_low = canonical_high = None
    if f.unit is not None and UNITS[f.unit][0] is not None:
        canonical_unit = _canonical_target(str(UNITS[f.unit][0]))
        canonical_low, canonical_high = _convert(f.low, f.unit), _convert(f.high, f.unit)
    quantity = Quantity(
        text=text[start:end],
        start=start,
        end=end,
        low=f.low,
        high=f.high,
        low_inclusive=f.low_inclusive,
        high_inclusive=f.high_inclusive,
        unit=f.unit,
        approx=f.approx_cue is not None,
        approx_cue=f.approx_cue,
        counted=f.counted,
        canonical_unit=canonical_unit,
        canonical_low=canonical_low,
        canonical_high=canonical_high,
    )
    return quantity


__all__ = ["find_ranges"]
