"""Temporal expressions (TIMEX3) for news English.

:func:`find_dates` finds dates, times, durations and sets in plain text and normalises them to TIMEX3
values; relative expressions ("yesterday", "last year", "on Wednesday", "Feb. 2") are resolved against an
anchor date, normally the article's publication date. Without an anchor they keep an underspecified value
(``XXXX-02-02``, ``XXXX-WXX-3``, ``XXXX-XX-XX``) instead of being guessed from today's date.

The algorithm is three steps, each a small function:

1. every named rule (``RULES``: a compiled ``RE_*`` pattern and a handler) proposes candidate spans with a
   type and a value; a handler may refuse a match after looking at its context ("may" the modal, "March"
   the verb, a year that is really a count);
2. overlapping candidates are resolved: longest span first, then rule order;
3. a discourse pass fills in anaphoric quarters ("the quarter", "a year earlier" after "the third quarter").

Direction for a bare weekday, month-day or month ("Friday", "Feb. 2", "in March") follows the sentence:
``last``/``ago``/``since`` and past-tense verbs look back, ``will``/``next``/``until`` look forward, and
with no cue the nearest occurrence wins. The tense heuristic is plain text over the sentence window; no
parser is needed. dateparser's free-text search is deliberately not used (it reads "we" as Wednesday).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from infclaims import lexicons
from infclaims.models import TimeExpression, TimexType

TenseHint = Literal["past", "future"]
Direction = Literal["past", "future"] | None

# --------------------------------------------------------------------------- lexicons

_CALENDAR = lexicons.calendar()
MONTHS: dict[str, int] = _CALENDAR.months
AMBIGUOUS_MONTHS = _CALENDAR.ambiguous_months
WEEKDAYS: dict[str, int] = _CALENDAR.weekdays

_NUMBERS = lexicons.resource("numbers.json")
#: Number words a duration counts with ("three years", "a dozen years"): one to ninety-nine, and a few phrases.
NUMBER_WORDS: dict[str, int] = {
    **{w: n for w, n in _NUMBERS["small_numbers"].items() if n > 0},
    **_NUMBERS["tens"],
    **_NUMBERS["counting_phrases"],
}
VAGUE_NUMBERS = frozenset({"several", "a few", "few", "some", "many", "the next few", "a number of", "numerous"})

ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "last": 4,
}

# unit -> (TIMEX3 letter, is a time-of-day unit, multiplier to that letter)
UNITS: dict[str, tuple[str, bool, int]] = {
    "second": ("S", True, 1),
    "minute": ("M", True, 1),
    "hour": ("H", True, 1),
    "day": ("D", False, 1),
    "week": ("W", False, 1),
    "fortnight": ("W", False, 2),
    "month": ("M", False, 1),
    "quarter": ("Q", False, 1),
    "year": ("Y", False, 1),
    "decade": ("Y", False, 10),
    "century": ("Y", False, 100),
    "centurie": ("Y", False, 100),
}

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START_MONTH: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "TMO",
    "afternoon": "TAF",
    "evening": "TEV",
    "night": "TNI",
    "overnight": "TNI",
    "tonight": "TNI",
    "midday": "T12:00",
    "noon": "T12:00",
    "midnight": "T24:00",
}

FUZZY_REFS: dict[str, str] = {
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "at the moment": "PRESENT_REF",
    "recently": "PAST_REF",
    "lately": "PAST_REF",
    "the past": "PAST_REF",
    "in the past": "PAST_REF",
    "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF",
    "a later date": "FUTURE_REF",
}
# Left out on purpose: "previously", "soon", "shortly", "once", bare "future"/"recent" and "former" are far more
# often plain adverbs or adjectives than references to a time in news text.

SET_ADVERBS: dict[str, str] = {
    "hourly": "PT1H",
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "quarterly": "P1Q",
    "annually": "P1Y",
    "yearly": "P1Y",
}


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Past-tense verbs that do not end in -ed, for the tense heuristic.
PAST_WORDS = _words(
    """said told was were had did ago earlier came went took made gave got began saw met left held won lost fell
    rose sent brought thought found became kept ran spoke wrote struck shot put set led paid sold bought built
    hit chose drew drove flew grew knew threw wore woke broke spent stood understood meant felt heard
    last yesterday previously since"""
)
FUTURE_WORDS = _words(
    """will 'll shall won't wo would going plans plan planned planning scheduled expected upcoming tomorrow intends
    intend aims"""
)
NOT_PAST_ED = _words(
    "need indeed hundred speed proceed exceed succeed embed feed seed bred shed red bed united limited"
)
# Words before which an -ed form is a participle, not a past tense.
PARTICIPLE_AUX = _words("be been being is are am will would 's has have to get gets")
# Names that contain a weekday but are not dates.
WEEKDAY_NAME_FOLLOWERS = _words(
    "Times Telegraph Express Mirror Herald Post Tribune Mail Independent Observer Sport People Star"
)
# Units of measure and counted nouns after which a four-digit number is a quantity, not a year.
COUNT_NOUNS = _words(
    """km kilometers kilometres miles mile meters metres m feet ft tons tonnes kg pounds lbs people persons
    troops soldiers missiles warheads dollars euros yuan rubles shares barrels units cars vehicles jobs
    employees workers points members votes acres hectares residents homes houses cases deaths"""
)

# --------------------------------------------------------------------------- regex building blocks

_MONTH_FULL = "|".join(m.title() for m in _CALENDAR.full_months)
_MONTH_ABBR = rf"(?:{'|'.join(m.title() for m in _CALENDAR.abbreviations)})\.?"
MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
WEEKDAY = rf"(?:{'|'.join(d.title() for d in _CALENDAR.weekdays)})"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR4 = r"(?:1[0-9]|20)\d\d"
_NUM_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|a\s+hundred|hundred|a\s+dozen|dozen|a\s+couple(?:\s+of)?|couple\s+of)"
)
NUMBER = rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|{_NUM_WORD}|an?)"
VAGUE = r"(?:several|a\s+few|few|some|many|a\s+number\s+of|numerous)"
UNIT = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|century)"
UNITS_PL = r"(?:seconds|minutes|hours|days|weeks|fortnights|months|quarters|years|decades|centuries)"
UNIT_ANY = rf"(?:{UNITS_PL}|{UNIT})"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
SEASON = r"(?:spring|summer|fall|autumn|winter)"
APPROX = (
    r"(?:(?:about|around|nearly|almost|roughly|approximately|some|over|under|just|only|more\s+than|less\s+than"
    r"|fewer\s+than|at\s+least|at\s+most|up\s+to|close\s+to|upwards\s+of|well\s+over|just\s+over|just\s+under)\s+)"
)
_B = r"(?<![\w'-])"  # left word boundary that also refuses hyphenated or apostrophe words
_E = r"(?![\w-])"  # right word boundary

RE_ISO_DATE = re.compile(rf"{_B}(?P<y>{YEAR4})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01]){_E}")
RE_SLASH_DATE = re.compile(rf"{_B}(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>\d{{4}}|\d\d)(?![\w/])")
RE_MONTH_DAY = re.compile(
    rf"{_B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<mon>{MONTH})\s+(?P<d>{DAY})"
    rf"(?:(?:\s*,\s*|\s+)(?P<y>{YEAR4}))?(?![\w-]|,\d|\.\d|:\d)"
)
RE_DAY_MONTH = re.compile(
    rf"{_B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH})"
    rf"(?:,?\s+(?P<y>{YEAR4}))?{_E}"
)
RE_MONTH_YEAR = re.compile(
    rf"{_B}(?:(?P<mod>early|mid|late|mid-|the\s+(?:beginning|end|middle|start)\s+of)\s*)?(?P<mon>{MONTH})"
    rf"(?:,?\s+(?:of\s+)?(?P<y>{YEAR4})|\s+(?P<rel>this|last|next)\s+year){_E}"
)
RE_MONTH = re.compile(
    rf"{_B}(?:(?P<rel>last|this|next|this\s+past|early|mid|late|mid-|the\s+(?:beginning|end|middle|start)\s+of)\s*)?"
    rf"(?P<mon>{MONTH}){_E}(?!\s*\d)",
    re.IGNORECASE,
)
RE_YEAR = re.compile(
    rf"(?<![\w$£€#.,'/-])(?:(?P<pre>(?:the\s+)?(?:(?:early|mid|late|end\s+of|the\s+end\s+of)[\s-]+)|mid-)?"
    rf"(?:(?P<fiscal>fiscal(?:\s+year)?|FY)\s*)?)(?P<y>{YEAR4})(?![\w%]|[,.]\d|-\d|\s*(?:%|percent))"
)
RE_DECADE = re.compile(
    rf"{_B}(?:the\s+)?(?:(?:early|mid|late)[\s-]+|mid-)?(?:(?P<c>1[0-9]|20)(?P<dec>\d)0'?s|'(?P<short>\d)0'?s)(?![\w-])"
)
RE_DECADE_WORD = re.compile(
    r"(?<![\w-])the\s+(?:(?:early|mid|late)[\s-]+)?(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
    r"(?![\w-])",
    re.IGNORECASE,
)
RE_CENTURY = re.compile(
    r"(?<![\w-])(?:the\s+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<rel>this|last|next|the\s+past|the\s+previous|the\s+last"
    r"|the\s+next|the\s+current|the\s+coming)|(?P<w>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
    r"|twenty-first|twenty\s+first))[\s-]+century(?![\w-])",
    re.IGNORECASE,
)
RE_QUARTER = re.compile(
    rf"(?<![\w-])(?:(?P<det>the|this|last|next|its|their|a|this\s+year's|last\s+year's|next\s+year's|(?P<y0>{YEAR4})'?s?)\s+)?"
    r"(?:(?P<fisc>fiscal)\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:(?:fiscal|calendar)\s+)?"
    rf"(?P<unit>quarter|half)(?:\s+(?:of\s+)?(?:(?:fiscal|calendar)\s+)?(?:year\s+)?(?P<y>{YEAR4}))?(?![\w-])",
    re.IGNORECASE,
)
RE_Q_SHORT = re.compile(rf"(?<![\w-])(?P<q>Q[1-4]|H[12])(?:\s+(?:of\s+)?(?P<y>{YEAR4}))?(?![\w-])")
RE_REL_QUARTER = re.compile(
    r"(?<![\w-])(?:the\s+)?(?P<rel>latest|last|this|current|next|previous|same|comparable|recent|just-ended|"
    r"just\s+ended|most\s+recent)?\s*(?:fiscal\s+)?quarter(?!ly|s)(?![\w-])",
    re.IGNORECASE,
)
RE_YEAR_AGO_ADJ = re.compile(
    r"(?<![\w-])(?:the\s+)?(?:comparable\s+|same\s+)?(?P<adj>year-earlier|year-ago|year\s+earlier|year\s+ago|"
    r"prior-year|year-before)(?:\s+(?P<noun>(?:(?:first|second|third|fourth)[\s-]+)?quarter|period|level|results?|"
    r"nine\s+months|six\s+months))?(?![\w-])",
    re.IGNORECASE,
)
RE_REL_DAY = re.compile(
    rf"(?<![\w-])(?:(?P<mod>early|late|later|earlier|mid-?)\s+)?(?P<day>today|tonight|tomorrow|yesterday)"
    rf"(?:\s+(?P<part>{PART_OF_DAY}))?(?:(?P<poss>'s)|(?![\w-]))",
    re.IGNORECASE,
)
RE_THIS_PART = re.compile(
    rf"(?<![\w-])(?:(?:early|late|later|earlier)\s+)?(?:(?P<rel>this|last|the)\s+)(?P<part>{PART_OF_DAY})(?![\w-])"
    r"|(?<![\w-])(?P<part2>overnight|midday|mid-?afternoon|mid-?morning)(?![\w-])",
    re.IGNORECASE,
)
RE_REL_UNIT = re.compile(
    r"(?<![\w-])(?:(?P<mod>early|late|earlier|later|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
    r"the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of)\s+)?"
    r"(?P<rel>this|last|next|the\s+past|the\s+previous|the\s+last|the\s+coming|the\s+current|the\s+following|"
    r"the\s+next|the\s+same|this\s+past|that|the)\s+"
    rf"(?P<unit>week|weekend|month|year|decade|{SEASON})(?:'s)?(?![\w-])",
    re.IGNORECASE,
)
RE_WEEKDAY = re.compile(
    rf"(?<![\w-])(?:(?P<rel>last|this|next|this\s+past|this\s+coming|early|late|the\s+"
    rf"following|the\s+previous|each|every)\s+)?(?P<wd>{WEEKDAY})(?P<pl>s)?"
    rf"(?:\s+(?P<part>{PART_OF_DAY})(?P<ppl>s)?)?(?:(?P<poss>'s)|(?![\w-]))",
)
RE_AGO = re.compile(
    rf"(?<![\w-]){APPROX}?(?P<n>{NUMBER}|{VAGUE})[\s-]+(?:(?:more|or\s+so|or\s+two)\s+)?(?P<unit>{UNIT_ANY})"
    r"(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|before|later|after|from\s+now|hence)(?![\w-])",
    re.IGNORECASE,
)
RE_DURATION = re.compile(
    rf"(?<![\w-]){APPROX}?(?:(?:each\s+of\s+)?(?:the\s+)?(?P<rel>past|last|next|first|coming|previous|latest|"
    r"following|final|remaining|initial|same|other|entire|full|whole)\s+)?(?:the\s+)?"
    rf"(?P<n>{NUMBER}|{VAGUE})(?:\s+(?:to|or)\s+(?P<n2>{NUMBER}))?(?:\s+more|\s+additional|\s+full|\s+straight|"
    rf"\s+consecutive)?[\s-]+(?P<unit>{UNIT_ANY})(?:\s+and\s+a\s+half)?(?P<adj>-(?:old|long))?(?![\w-])",
    re.IGNORECASE,
)
RE_PLURAL_DURATION = re.compile(
    rf"(?<![\w-])(?:(?P<pre>for|over|within|in|recent|coming|the\s+coming|the\s+past|past|the\s+last|"
    rf"the\s+next|the)\s+)(?P<unit>{UNITS_PL})(?:\s+(?:and|or)\s+(?:{UNITS_PL}))?(?![\w-])",
    re.IGNORECASE,
)
RE_SEASON = re.compile(
    rf"(?<![\w-])(?:(?:the\s+)?(?:(?:early|late)\s+)?(?P<s>{SEASON})(?:\s+(?:of\s+)?(?P<y>{YEAR4}))"
    rf"|(?P<pre>in|during|since|until|by|over|through)\s+the\s+(?:(?:early|late)\s+)?(?P<s2>{SEASON}))(?![\w-])",
    re.IGNORECASE,
)
RE_TIME = re.compile(
    rf"(?<![\w.:-])(?:(?:at|around|about|by|until)\s+)?(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*"
    rf"(?:(?P<ap>[ap])\.?\s?m\b\.?|(?P<oclock>o'clock)|\s+in\s+the\s+(?P<part>{PART_OF_DAY}))"
    rf"(?:\s+(?P<tz>[A-Z]{{2,4}}T|GMT|UTC))?(?:,?\s+(?:(?P<wd>{WEEKDAY})|(?P<rd>today|yesterday|tomorrow)|"
    rf"(?P<mon>{MONTH})\s+(?P<d>{DAY})))?(?![\w-])",
    re.IGNORECASE,
)
RE_NOON = re.compile(
    rf"(?<![\w-])(?P<w>noon|midnight|midday)(?:\s+(?:(?P<wd>{WEEKDAY})|(?P<rd>today|yesterday|tomorrow)))?(?![\w-])",
    re.IGNORECASE,
)
RE_SET = re.compile(
    rf"(?<![\w-])(?:(?P<adv>hourly|daily|nightly|weekly|monthly|yearly)"
    rf"|(?P<q>every|each|per|a)\s+(?:(?P<unit>{UNIT}|{SEASON})|(?P<wd>{WEEKDAY})|(?P<mon>{_MONTH_FULL})))(?![\w-])",
    re.IGNORECASE,
)
RE_FUZZY = re.compile(
    r"(?<![\w-])(?:right\s+now|now|currently|current|nowadays|these\s+days|at\s+present|presently|"
    r"at\s+the\s+moment|recently|lately|in\s+the\s+past|the\s+past|the\s+(?:near\s+)?future|"
    r"as\s+soon\s+as\s+possible|a\s+later\s+date)(?![\w-])",
    re.IGNORECASE,
)
RE_HOLIDAY = re.compile(
    r"(?<![\w-])(?:(?P<rel>last|this|next)\s+)?(?P<h>Christmas(?:\s+Day|\s+Eve)?|New\s+Year's(?:\s+Day|\s+Eve)?|"
    r"Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?|Independence\s+Day|Halloween|Valentine's\s+Day|"
    r"Labor\s+Day|Memorial\s+Day|Veterans\s+Day|Boxing\s+Day)(?![\w-])"
)
RE_SPOKEN_YEAR = re.compile(
    r"(?<![\w-])(?:the\s+year\s+)?(?P<c>nineteen|twenty)\s+(?P<t>ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)(?![\w-])"
    r"|(?<![\w-])the\s+year\s+two\s+thousand(?:\s+and\s+(?P<u>one|two|three|four|five|six|seven|eight|nine))?"
    r"(?![\w-])",
    re.IGNORECASE,
)
RE_YEAR_END = re.compile(r"(?<![\w-])(?:(?:around|at|by|before|after)\s+)?year[\s-]end(?![\w-])", re.IGNORECASE)
RE_HALF_OF = re.compile(
    rf"(?<![\w-])the\s+(?P<h>first|second|last|latter)\s+half\s+of\s+(?P<y>{YEAR4}|(?:this|last|next)\s+year)"
    r"(?![\w-])",
    re.IGNORECASE,
)
RE_THE_YEAR = re.compile(
    r"(?<![\w-])(?P<pre>(?:for|in|during|over|through|of)\s+)?(?P<the>the|this)\s+"
    r"(?P<adj>full\s+|fiscal\s+|current\s+(?:fiscal\s+)?|latest\s+(?:fiscal\s+)?|entire\s+|whole\s+)?"
    r"(?P<unit>year|week)(?!'s|\s+(?:ago|earlier|before|after|later|of|in|when|that|which|\d))(?![\w-])",
    re.IGNORECASE,
)
RE_RATE_BEFORE = re.compile(r"(?:\d[\d,.]*\s*(?:%|percent|million|billion|thousand)?|\b[a-z]+s)\s+$")
RE_APPROX_PREFIX = re.compile(rf"{APPROX}$", re.IGNORECASE)
RE_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(`]*[A-Z])|\n\s*\n")
RE_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'ll")

# --------------------------------------------------------------------------- context


@dataclass
class _Ctx:
    text: str
    anchor: dt.date | None
    tense_hint: TenseHint | None
    breaks: list[int] = field(default_factory=list)

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.breaks, pos)
        start = self.breaks[i - 1] if i else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.text)
        return start, end

    def direction(self, start: int, end: int) -> Direction:
        """Look back or forward from the anchor: explicit hint, then the nearest tense cue in the sentence."""
        if self.tense_hint is not None:
            return self.tense_hint
        return sentence_direction(self.text, start, end, self.sentence(start))


def sentence_direction(text: str, start: int, end: int, bounds: tuple[int, int] | None = None) -> Direction:
    """Tense of the clause around ``text[start:end]``: ``"past"``, ``"future"`` or ``None`` when unclear."""
    s0, s1 = bounds if bounds is not None else (max(0, start - 200), min(len(text), end + 200))
    left = text[max(s0, start - 30) : start].lower()
    if re.search(r"\b(?:last|since|ago|earlier|previous|past)\s*$", left):
        return "past"
    if re.search(r"\b(?:next|until|till|by|coming|from|starting|beginning|effective|as\s+soon\s+as)\s*$", left):
        clause = text[s0:s1].lower()
        if not re.search(r"\b(?:was|were|had|did)\b", clause) or re.search(r"\bwill\b|'ll\b", clause):
            return "future"
    best: tuple[int, Direction] | None = None
    prev = ""
    for m in RE_WORD.finditer(text, s0, s1):
        if start <= m.start() < end:
            prev = ""
            continue
        w = m.group().lower()
        cue: Direction = None
        if w in FUTURE_WORDS or (w == "to" and prev in {"going", "is", "are", "plans", "set"}):
            cue = "future"
        elif w in PAST_WORDS or (
            w.endswith("ed")
            and len(w) > 4
            and w not in NOT_PAST_ED
            and m.group()[0].islower()
            and prev not in PARTICIPLE_AUX
        ):
            cue = "past"
        prev = w
        if cue is None:
            continue
        dist = start - m.end() if m.end() <= start else m.start() - end
        # a cue after the expression counts a little less than one before it
        if m.start() >= end:
            dist += 10
        if best is None or dist < best[0]:
            best = (dist, cue)
    return best[1] if best else None


# --------------------------------------------------------------------------- value helpers


def _ymd(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _add_months(y: int, m: int, delta: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + delta
    return idx // 12, idx % 12 + 1


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_number(word: str) -> float | None:
    """A count written as digits or words; ``None`` for a vague count ("several")."""
    w = re.sub(r"\s+", " ", word.strip().lower())
    if w in VAGUE_NUMBERS:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: 1/2)?", w)
    if m:
        return float(m.group(1)) + (0.5 if w.endswith("1/2") else 0.0)
    if w in NUMBER_WORDS:
        return float(NUMBER_WORDS[w])
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return float(NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]])
    return None


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: ``P60D``, ``PT2H``, ``P10Y`` for a decade, ``PXY`` for a vague count."""
    u = unit.lower()
    u = u[:-1] if u.endswith("s") and u not in {"s"} else u
    letter, is_time, mult = UNITS.get(u, ("D", False, 1))
    prefix = "PT" if is_time else "P"
    if n is None:
        if u == "decade":
            return "PXDE"
        if u in {"century", "centurie"}:
            return "PXCE"
        return f"{prefix}X{letter}"
    total = n * mult
    if total != int(total):
        # 1.5 years -> 18 months, 2.5 hours -> 150 minutes, 1.5 minutes -> 90 seconds
        smaller = {"Y": ("M", 12, False), "M": ("D", 30, False), "W": ("D", 7, False), "D": ("H", 24, True)}
        if is_time and letter in {"H", "M"}:
            return f"PT{round(total * 60)}{'M' if letter == 'H' else 'S'}"
        if letter in smaller:
            sl, factor, st = smaller[letter]
            return f"{'PT' if st else 'P'}{round(total * factor)}{sl}"
        return f"{prefix}{total}{letter}"
    return f"{prefix}{int(total)}{letter}"


def _nearest_day(anchor: dt.date, month: int, day: int, direction: Direction, strict: bool = False) -> dt.date | None:
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
    if strict and direction is not None:
        options = [d for d in options if (d <= anchor if direction == "past" else d >= anchor)]
    if not options:
        return None
    # News mostly reports the past: a later date must be much nearer than an earlier one to win.
    weight = {"past": 3.0, "future": 1 / 3, None: 2.0}[direction]
    return min(options, key=lambda d: (d - anchor).days * weight if d > anchor else (anchor - d).days)


def _nearest_month(anchor: dt.date, month: int, direction: Direction) -> int:
    """Year of the occurrence of ``month`` meant relative to ``anchor``."""
    if month == anchor.month:
        return anchor.year
    weight = {"past": 3.0, "future": 1 / 3, None: 2.0}[direction]
    options = [(anchor.year - 1, month - anchor.month - 12), (anchor.year, month - anchor.month)]
    options.append((anchor.year + 1, month - anchor.month + 12))
    return min(options, key=lambda o: o[1] * weight if o[1] > 0 else -o[1])[0]


def _weekday_date(anchor: dt.date, weekday: int, direction: Direction, strict: bool = False) -> dt.date:
    back = (anchor.weekday() - weekday) % 7
    fwd = (weekday - anchor.weekday()) % 7
    if strict:
        back = back or 7
        fwd = fwd or 7
    if direction == "past":
        return anchor - dt.timedelta(days=back)
    if direction == "future":
        return anchor + dt.timedelta(days=fwd)
    return anchor - dt.timedelta(days=back) if back <= fwd else anchor + dt.timedelta(days=fwd)


def _month_of(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _month_ok(m: re.Match[str], ctx: _Ctx, group: str = "mon", *, has_number: bool = False) -> bool:
    """A month word is a month: capitalised, and for ambiguous names ("May", "March") in a date context."""
    word = m.group(group)
    if not word[0].isupper():
        return False
    key = word.lower().rstrip(".")
    if key not in AMBIGUOUS_MONTHS or has_number:
        return True
    if word.endswith("."):
        return True
    before = ctx.text[max(0, m.start(group) - 25) : m.start(group)].lower()
    if re.search(
        r"(?:\b(?:in|since|until|till|by|from|of|during|through|last|next|this|early|late|mid|before|after|"
        r"between|and|or|to|throughout|past|end|beginning|middle|start)\s+|mid-)$",
        before,
    ):
        # "to" + May could be an infinitive ("to march"): capitalised already checked above
        return True
    after = ctx.text[m.end(group) : m.end(group) + 12]
    return bool(re.match(r",?\s+(?:\d|this\b|last\b|next\b)", after))


def _anchor_year_for_quarter(ctx: _Ctx, q: int, pos: int, end: int) -> int:
    assert ctx.anchor is not None
    anchor_q = (ctx.anchor.month - 1) // 3 + 1
    if q <= anchor_q:
        return ctx.anchor.year
    return ctx.anchor.year + 1 if ctx.direction(pos, end) == "future" else ctx.anchor.year - 1


# --------------------------------------------------------------------------- rule handlers

Result = tuple[TimexType, str] | None
Handler = Callable[[re.Match[str], _Ctx], Result]


def _h_iso(m: re.Match[str], ctx: _Ctx) -> Result:
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return ("DATE", _ymd(d)) if d else None


def _h_slash(m: re.Match[str], ctx: _Ctx) -> Result:
    y = int(m["y"])
    if len(m["y"]) == 2:
        y += 1900 if y > 30 else 2000
    d = _safe_date(y, int(m["m"]), int(m["d"]))
    return ("DATE", _ymd(d)) if d else None


def _day_value(m: re.Match[str], ctx: _Ctx) -> Result:
    month = _month_of(m["mon"])
    day = int(re.sub(r"\D", "", m["d"]))
    if not m["mon"][0].isupper():
        return None
    if m["y"]:
        d = _safe_date(int(m["y"]), month, day)
        return ("DATE", _ymd(d)) if d else None
    if _safe_date(2000, month, day) is None:
        return None
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    if m["wd"]:
        # a weekday pins the year: pick the nearby year in which the date falls on that weekday
        wd = WEEKDAYS[m["wd"].lower()]
        for y in (ctx.anchor.year, ctx.anchor.year - 1, ctx.anchor.year + 1):
            d = _safe_date(y, month, day)
            if d and d.weekday() == wd:
                return "DATE", _ymd(d)
    d = _nearest_day(ctx.anchor, month, day, ctx.direction(m.start(), m.end()), strict=ctx.tense_hint is not None)
    return ("DATE", _ymd(d)) if d else None


def _h_month_day(m: re.Match[str], ctx: _Ctx) -> Result:
    return _day_value(m, ctx)


def _h_month_year(m: re.Match[str], ctx: _Ctx) -> Result:
    if not _month_ok(m, ctx, has_number=bool(m["y"])):
        return None
    month = _month_of(m["mon"])
    if m["y"]:
        return "DATE", _ym(int(m["y"]), month)
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}"
    delta = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return "DATE", _ym(ctx.anchor.year + delta, month)


def _h_month(m: re.Match[str], ctx: _Ctx) -> Result:
    if not _month_ok(m, ctx):
        return None
    rel = (m["rel"] or "").lower()
    month = _month_of(m["mon"])
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}"
    if rel in {"last", "this past"}:
        y = ctx.anchor.year if month < ctx.anchor.month else ctx.anchor.year - 1
    elif rel == "next":
        y = ctx.anchor.year if month > ctx.anchor.month else ctx.anchor.year + 1
    elif rel == "this":
        y = ctx.anchor.year
    else:
        y = _nearest_month(ctx.anchor, month, ctx.direction(m.start(), m.end()))
    return "DATE", _ym(y, month)


def _h_year(m: re.Match[str], ctx: _Ctx) -> Result:
    y = int(m["y"])
    after = ctx.text[m.end() : m.end() + 20]
    before = ctx.text[max(0, m.start() - 20) : m.start()]
    nxt = re.match(r"\s*([A-Za-z]+)", after)
    if nxt and nxt.group(1).lower() in COUNT_NOUNS:
        return None
    if re.search(r"(?:No|no|number|Number|model|Model|Flight|flight|Route|route|Room|room|\d)\.?\s*$", before):
        return None
    if (
        not (1900 <= y <= 2099)
        and not m["fiscal"]
        and not re.search(
            r"\b(?:in|since|of|by|from|until|year|before|after|during|circa|around|about|to|and)\s+$", before
        )
    ):
        return None
    return "DATE", f"{y:04d}"


def _h_decade(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["short"]:
        century = "19"
        if ctx.anchor is not None and int(m["short"]) < 3 and ctx.anchor.year >= 2020:
            century = "20"
        return "DATE", f"{century}{m['short']}"
    return "DATE", f"{m['c']}{m['dec']}"


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def _h_decade_word(m: re.Match[str], ctx: _Ctx) -> Result:
    return "DATE", f"19{_DECADE_WORDS[m['w'].lower()]}"


_ORD_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]


def _h_century(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["n"]:
        n = int(m["n"])
    elif m["w"]:
        w = re.sub(r"[\s-]+", "-", m["w"].lower())
        n = 21 if w == "twenty-first" else _ORD_WORDS.index(w) + 1
    else:
        rel = re.sub(r"\s+", " ", m["rel"].lower())
        if ctx.anchor is None:
            return "DATE", "XX"
        cur = ctx.anchor.year // 100
        if rel in {"this", "the current"}:
            return "DATE", f"{cur:02d}"
        if rel in {"next", "the next", "the coming"}:
            return "DATE", f"{cur + 1:02d}"
        return "DATE", f"{cur - 1:02d}"
    if not 1 <= n <= 30:
        return None
    return "DATE", f"{n - 1:02d}"


def _h_quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    q = ORDINALS[m["q"].lower()]
    half = m["unit"].lower() == "half"
    if half and q > 2:
        return None
    letter = "H" if half else "Q"
    det = (m["det"] or "").lower()
    if m["y"]:
        y: int | None = int(m["y"])
    elif m["y0"]:
        y = int(m["y0"])
    elif ctx.anchor is None:
        y = None
    elif "this year" in det:
        y = ctx.anchor.year
    elif "last year" in det:
        y = ctx.anchor.year - 1
    elif "next year" in det:
        y = ctx.anchor.year + 1
    elif half:
        y = ctx.anchor.year
    else:
        y = _anchor_year_for_quarter(ctx, q, m.start(), m.end())
    ys = f"{y:04d}" if y is not None else "XXXX"
    return "DATE", f"{ys}-{letter}{q}"


def _h_q_short(m: re.Match[str], ctx: _Ctx) -> Result:
    letter, q = m["q"][0], int(m["q"][1])
    if m["y"]:
        return "DATE", f"{m['y']}-{letter}{q}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{letter}{q}"
    y = ctx.anchor.year if letter == "H" else _anchor_year_for_quarter(ctx, q, m.start(), m.end())
    return "DATE", f"{y:04d}-{letter}{q}"


def _h_rel_quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    # resolved in the discourse pass; mark as anaphoric
    rel = (m["rel"] or "").lower()
    if not rel and not m.group(0).lower().startswith("the"):
        return None
    if ctx.anchor is None:
        return "DATE", "XXXX-QX"
    aq = (ctx.anchor.month - 1) // 3 + 1
    if rel == "next":
        y, q = (ctx.anchor.year, aq + 1) if aq < 4 else (ctx.anchor.year + 1, 1)
        return "DATE", f"{y:04d}-Q{q}"
    if rel in {"this", "current"}:
        return "DATE", f"{ctx.anchor.year:04d}-Q{aq}"
    return "DATE", "@QUARTER"


def _h_year_ago_adj(m: re.Match[str], ctx: _Ctx) -> Result:
    noun = (m["noun"] or "").lower()
    if "months" in noun:
        n = 9 if noun.startswith("nine") else 6
        return "DURATION", f"P{n}M"
    if ctx.anchor is None:
        return "DATE", "XXXX"
    qm = re.match(r"(first|second|third|fourth)", noun)
    if qm:
        return "DATE", f"{ctx.anchor.year - 1:04d}-Q{ORDINALS[qm.group(1)]}"
    return "DATE", "@YEAR_AGO"


def _h_rel_day(m: re.Match[str], ctx: _Ctx) -> Result:
    offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[m["day"].lower()]
    part = (m["part"] or "").lower()
    if m["day"].lower() == "tonight":
        part = "night"
    suffix = PARTS_OF_DAY.get(part, "") if m["part"] or m["day"].lower() == "tonight" else ""
    typ: TimexType = "TIME" if m["part"] else "DATE"
    if ctx.anchor is None:
        return typ, f"XXXX-XX-XX{suffix}"
    return typ, _ymd(ctx.anchor + dt.timedelta(days=offset)) + suffix


def _h_this_part(m: re.Match[str], ctx: _Ctx) -> Result:
    part = (m["part"] or m["part2"]).lower().replace("mid-", "").replace("mid", "")
    if m["part2"] and part == "day":
        part = "midday"
    rel = (m["rel"] or "").lower()
    if rel == "the" and part != "morning":
        return None
    if rel == "the":
        # "the morning" is only a time in a clear reference ("in the morning" is habitual): keep it
        pass
    suffix = PARTS_OF_DAY.get(part, "TMO")
    if ctx.anchor is None:
        return "TIME", f"XXXX-XX-XX{suffix}"
    day = ctx.anchor - dt.timedelta(days=1) if rel == "last" else ctx.anchor
    return "TIME", _ymd(day) + suffix


def _h_rel_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["unit"].lower()
    mod = re.sub(r"\s+", " ", (m["mod"] or "").lower())
    if rel in {"the", "that", "the same"}:
        if unit == "weekend" and rel == "the":
            if ctx.anchor is None:
                return "DATE", "XXXX-WXX-WE"
            direction = ctx.direction(m.start(), m.end())
            if ctx.anchor.weekday() >= 5 or direction is None:
                return "DATE", _week(ctx.anchor) + "-WE"
            shift = -1 if direction == "past" else 0
            return "DATE", _week(ctx.anchor + dt.timedelta(weeks=shift)) + "-WE"
        if unit in SEASONS and rel == "the":
            if ctx.anchor is None:
                return "DATE", f"XXXX-{SEASONS[unit]}"
            return "DATE", f"{ctx.anchor.year:04d}-{SEASONS[unit]}"
        return None
    if rel in {"the past", "the last", "the previous"} and unit in {"week", "month", "decade"} and not mod:
        if unit == "decade":
            return "DURATION", "P10Y"
        return "DURATION", "P1W" if unit == "week" else "P1M"
    if rel in {"the next", "the coming", "the following"} and unit in {"week", "month", "year", "decade"} and not mod:
        if rel == "the following" and ctx.anchor is not None and unit in {"month", "year"}:
            pass
        else:
            return "DURATION", {"week": "P1W", "month": "P1M", "year": "P1Y", "decade": "P10Y"}[unit]
    delta = 0
    if rel in {"last", "the past", "the last", "the previous", "this past"}:
        delta = -1
    elif rel in {"next", "the coming", "the next", "the following"}:
        delta = 1
    a = ctx.anchor
    if unit in SEASONS:
        code = SEASONS[unit]
        if a is None:
            return "DATE", f"XXXX-{code}"
        start_month = SEASON_START_MONTH[code]
        if delta < 0:
            y = a.year if a.month >= start_month + 3 else a.year - 1
        elif delta > 0:
            y = a.year if a.month < start_month else a.year + 1
        else:
            y = a.year
        return "DATE", f"{y:04d}-{code}"
    if a is None:
        return "DATE", {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX"}.get(
            unit, "XXX"
        )
    if unit == "year":
        return "DATE", f"{a.year + delta:04d}"
    if unit == "month":
        y, mo = _add_months(a.year, a.month, delta)
        return "DATE", _ym(y, mo)
    if unit in {"week", "weekend"}:
        wk = _week(a + dt.timedelta(weeks=delta))
        return "DATE", wk + ("-WE" if unit == "weekend" else "")
    if unit == "decade":
        dec = a.year // 10 + delta
        return "DATE", f"{dec:03d}"
    return None


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> Result:
    nxt = re.match(r"\s+([A-Z][a-z]+)", ctx.text[m.end() : m.end() + 20])
    if nxt and nxt.group(1) in WEEKDAY_NAME_FOLLOWERS:
        return None
    wd = WEEKDAYS[m["wd"].lower()]
    part = (m["part"] or "").lower()
    suffix = PARTS_OF_DAY[part] if part else ""
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    if m["pl"] or rel in {"each", "every"}:
        return "SET", f"XXXX-WXX-{wd + 1}{suffix}"
    typ: TimexType = "TIME" if part else "DATE"
    if ctx.anchor is None:
        return typ, f"XXXX-WXX-{wd + 1}{suffix}"
    if rel in {"last", "the previous", "this past"}:
        d = _weekday_date(ctx.anchor, wd, "past", strict=True)
    elif m["poss"] and ctx.tense_hint is None:
        # "Friday's session", "Wednesday's ruling": a possessive weekday names something that happened
        d = _weekday_date(ctx.anchor, wd, "past")
    elif rel in {"next", "the following", "this coming"}:
        d = _weekday_date(ctx.anchor, wd, "future", strict=True)
    else:
        d = _weekday_date(ctx.anchor, wd, ctx.direction(m.start(), m.end()))
    return typ, _ymd(d) + suffix


def _h_ago(m: re.Match[str], ctx: _Ctx) -> Result:
    n = parse_number(m["n"])
    unit = m["unit"].lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    direction = m["dir"].lower()
    sign = 1 if direction in {"later", "after", "from now", "hence"} else -1
    if direction in {"before", "after"} and not re.match(r"\s*[,.;]", ctx.text[m.end() : m.end() + 3]):
        # "two days before the vote" is a relation to an event, not to the anchor
        return "DURATION", duration_value(n, unit)
    if n is None or ctx.anchor is None:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
    a = ctx.anchor
    k = int(n)
    if unit in {"second", "minute", "hour"}:
        return "DATE", _ymd(a)
    if unit == "day":
        return "DATE", _ymd(a + dt.timedelta(days=sign * k))
    if unit in {"week", "fortnight"}:
        k = k * 2 if unit == "fortnight" else k
        return "DATE", _week(a + dt.timedelta(weeks=sign * k))
    if unit == "month":
        y, mo = _add_months(a.year, a.month, sign * k)
        return "DATE", _ym(y, mo)
    if unit == "quarter":
        y, mo = _add_months(a.year, a.month, sign * 3 * k)
        return "DATE", f"{y:04d}-Q{(mo - 1) // 3 + 1}"
    if unit == "year":
        if k == 1 and sign < 0:
            return "DATE", "@YEAR_AGO"
        return "DATE", f"{a.year + sign * k:04d}"
    if unit == "decade":
        return "DATE", f"{(a.year + sign * 10 * k) // 10:03d}"
    return "DATE", f"{(a.year + sign * 100 * k) // 100:02d}"


def _h_duration(m: re.Match[str], ctx: _Ctx) -> Result:
    n = parse_number(m["n"])
    raw_n = m["n"].lower()
    unit = m["unit"].lower()
    plural = unit.endswith("s")
    if raw_n in {"a", "an"} and plural:
        return None
    if m["n2"]:
        n = None
    if re.search(r"and\s+a\s+half$", m.group(0), re.IGNORECASE) and n is not None:
        n += 0.5
    if raw_n in {"some", "many"} and not m["rel"]:
        return None
    if unit == "second" and not raw_n[:1].isdigit() and "-" not in m.group(0):
        return None  # "twenty second", "a second group": ordinals
    if raw_n in {"a", "an"} and not m["rel"]:
        if unit == "second":
            return None  # "a second group" is an ordinal
        before = ctx.text[max(0, m.start() - 30) : m.start()]
        if RE_RATE_BEFORE.search(before):
            # "$2 million a year", "700 seats a week": a rate, not a period of time
            return None
    if (m["adj"] or "").lower() == "-old" or re.match(r"[\s-]+old\b", ctx.text[m.end() : m.end() + 6]):
        # an age ("a 6-year-old", "52 years old") is not a period of time in the story
        return None
    if re.match(r"\s*-?quarters?", m.group("unit")) and re.search(r"\w-quarters?$", m.group(0)):
        return None
    if (
        n is not None
        and n > 1
        and not plural
        and not m.group(0).rstrip().endswith(tuple("-"))
        and "-" not in m.group(0)
    ):
        # "two day" without a hyphen is rare; accept it anyway
        pass
    if unit.rstrip("s") == "quarter" and n is not None and not plural and not m["rel"] and "-" not in m.group(0):
        # "a quarter" / "one quarter" of something is a fraction, not a period
        return None
    return "DURATION", duration_value(n, unit)


def _h_plural_duration(m: re.Match[str], ctx: _Ctx) -> Result:
    pre = re.sub(r"\s+", " ", m["pre"].lower())
    unit = m["unit"].lower()
    if pre == "the" and unit not in {"years"}:
        return None
    if pre == "in" and unit not in {"years", "decades", "months", "weeks"}:
        return None
    if pre in {"coming", "the coming"} and unit == "years":
        return "DATE", "FUTURE_REF"
    if pre in {"recent", "past"} and unit == "years":
        return "DATE", "PAST_REF"
    return "DURATION", duration_value(None, unit)


def _h_season(m: re.Match[str], ctx: _Ctx) -> Result:
    s = (m["s"] or m["s2"]).lower()
    code = SEASONS[s]
    if m["y"]:
        return "DATE", f"{m['y']}-{code}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{code}"
    return "DATE", f"{ctx.anchor.year:04d}-{code}"


def _time_day(m: re.Match[str], ctx: _Ctx) -> str:
    if ctx.anchor is None:
        if m["wd"]:
            return f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}"
        return "XXXX-XX-XX"
    if m["wd"]:
        return _ymd(_weekday_date(ctx.anchor, WEEKDAYS[m["wd"].lower()], ctx.direction(m.start(), m.end())))
    if m["rd"]:
        off = {"today": 0, "yesterday": -1, "tomorrow": 1}[m["rd"].lower()]
        return _ymd(ctx.anchor + dt.timedelta(days=off))
    if "mon" in m.groupdict() and m["mon"]:
        d = _nearest_day(
            ctx.anchor, _month_of(m["mon"]), int(re.sub(r"\D", "", m["d"])), ctx.direction(m.start(), m.end())
        )
        if d:
            return _ymd(d)
    return _ymd(ctx.anchor)


def _h_time(m: re.Match[str], ctx: _Ctx) -> Result:
    h = int(m["h"])
    mi = int(m["mi"] or 0)
    if m["ap"]:
        if h == 0 or h > 12:
            return None
        if m["ap"].lower() == "p" and h < 12:
            h += 12
        elif m["ap"].lower() == "a" and h == 12:
            h = 0
    elif m["part"]:
        part = m["part"].lower()
        if (part in {"afternoon", "evening"} and h < 12) or (part == "night" and 6 <= h < 12):
            h += 12
    elif m["oclock"]:
        pass
    if m.group(0)[:1].isalpha() and not m.group(0).lower().startswith(("at", "around", "about", "by", "until")):
        return None
    return "TIME", f"{_time_day(m, ctx)}T{h:02d}:{mi:02d}"


def _h_noon(m: re.Match[str], ctx: _Ctx) -> Result:
    suffix = PARTS_OF_DAY[m["w"].lower()]
    return "TIME", _time_day(m, ctx) + suffix


def _h_set(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["adv"]:
        return "SET", SET_ADVERBS[m["adv"].lower()]
    q = m["q"].lower()
    if m["wd"]:
        return "SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}"
    if m["mon"]:
        if not m["mon"][0].isupper():
            return None
        return "SET", f"XXXX-{_month_of(m['mon']):02d}"
    unit = m["unit"].lower()
    if unit in SEASONS:
        return "SET", f"XXXX-{SEASONS[unit]}"
    if q == "a":
        before = ctx.text[max(0, m.start() - 20) : m.start()].lower()
        if not re.search(r"\b(?:once|twice|thrice|times)\s*$", before):
            return None
    return "SET", duration_value(1, unit)


def _h_fuzzy(m: re.Match[str], ctx: _Ctx) -> Result:
    key = re.sub(r"\s+", " ", m.group(0).lower())
    if key == "current" and not re.match(r"\s+[a-z]", ctx.text[m.end() : m.end() + 20]):
        # "current" refers to the present only as an adjective before a noun
        return None
    return "DATE", FUZZY_REFS[key]


def _h_holiday(m: re.Match[str], ctx: _Ctx) -> Result:
    name = re.sub(r"\s+", " ", m["h"]).lower()
    rel = (m["rel"] or "").lower()
    fixed = {
        "christmas": (12, 25),
        "christmas day": (12, 25),
        "christmas eve": (12, 24),
        "new year's": (1, 1),
        "new year's day": (1, 1),
        "new year's eve": (12, 31),
        "independence day": (7, 4),
        "halloween": (10, 31),
        "valentine's day": (2, 14),
        "veterans day": (11, 11),
        "boxing day": (12, 26),
    }

    def on(year: int) -> dt.date | None:
        if name in fixed:
            mo, d = fixed[name]
            return _safe_date(year, mo, d)
        if name.startswith("thanksgiving"):
            first = dt.date(year, 11, 1)
            return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
        if name.startswith("labor"):
            first = dt.date(year, 9, 1)
            return first + dt.timedelta(days=(0 - first.weekday()) % 7)
        if name.startswith("memorial"):
            last = dt.date(year, 5, 31)
            return last - dt.timedelta(days=last.weekday())
        if name.startswith("easter"):
            return _easter(year)
        return None

    if ctx.anchor is None:
        d0 = on(2000)
        if d0 and name in fixed:
            return "DATE", f"XXXX-{d0.month:02d}-{d0.day:02d}"
        return "DATE", "XXXX-XX-XX"
    a = ctx.anchor
    options = [d for y in (a.year - 1, a.year, a.year + 1) if (d := on(y))]
    direction: Direction = "past" if rel == "last" else "future" if rel == "next" else ctx.direction(m.start(), m.end())
    if rel == "this":
        options = [d for d in options if d.year == a.year] or options
        direction = None
    if direction == "past":
        cand = [d for d in options if d <= a] or options
        d = max(cand)
    elif direction == "future":
        cand = [d for d in options if d >= a] or options
        d = min(cand)
    else:
        d = min(options, key=lambda x: abs((x - a).days))
    return "DATE", _ymd(d)


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _h_spoken_year(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["c"]:
        tail = parse_number(m["t"].replace(" ", "-"))
        if tail is None:
            return None
        if not m.group(0).lower().startswith("the year") and m["c"].lower() == "twenty":
            return None
        base = 1900 if m["c"].lower() == "nineteen" else 2000
        return "DATE", f"{base + int(tail):04d}"
    unit = parse_number(m["u"]) if m["u"] else 0
    return "DATE", f"{2000 + int(unit or 0):04d}"


def _h_the_year(m: re.Match[str], ctx: _Ctx) -> Result:
    adj = (m["adj"] or "").lower().strip()
    unit = m["unit"].lower()
    pre = (m["pre"] or "").lower().strip()
    after = ctx.text[m.end() : m.end() + 12].lower()
    if unit == "week":
        if pre not in {"for", "during"} and m["the"].lower() != "the":
            return None
        if ctx.anchor is None:
            return "DATE", "XXXX-WXX"
        return "DATE", _week(ctx.anchor)
    if re.match(r"\s+(?:ended|ending|to\s+date|through)", after) or (pre in {"for", "over"} and "current" not in adj):
        return "DURATION", "P1Y"
    if m["the"].lower() == "this" and not adj:
        return None  # "this year" is a relative_unit
    if not adj and pre not in {"in", "during", "for", "through"}:
        return None
    if ctx.anchor is None:
        return "DATE", "XXXX"
    return "DATE", f"{ctx.anchor.year:04d}"


def _h_year_end(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.anchor is None:
        return "DATE", "XXXX-12-31"
    return "DATE", f"{ctx.anchor.year:04d}-12-31"


def _h_half_of(m: re.Match[str], ctx: _Ctx) -> Result:
    h = 1 if m["h"].lower() == "first" else 2
    ytxt = m["y"].lower()
    if ytxt[0].isdigit():
        y = ytxt
    elif ctx.anchor is None:
        y = "XXXX"
    else:
        y = f"{ctx.anchor.year + {'this': 0, 'last': -1, 'next': 1}[ytxt.split()[0]]:04d}"
    return "DATE", f"{y}-H{h}"


@dataclass(frozen=True)
class Rule:
    """A named pattern and the handler that turns its match into a type and value (or refuses it).

    ``needs`` lists lower-case strings of which every match of ``pattern`` contains at least one (``DIGIT``
    for any decimal digit); a text that holds none of them is not searched. Empty: always searched.
    ``tests/stages/test_timex.py`` checks the promise on every match in its tables and in TimeML."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler
    needs: tuple[str, ...] = ()


DIGIT = "<digit>"
RE_ANY_DIGIT = re.compile(r"\d")  # \d as the patterns use it: any Unicode decimal digit
_MONTH_STEMS = tuple(dict.fromkeys(m[:3] for m in _CALENDAR.full_months))
_UNIT_STEMS = ("second", "minute", "hour", "day", "week", "fortnight", "month", "quarter", "year", "decade", "centur")
_SEASONS = ("spring", "summer", "fall", "autumn", "winter")
_PART_STEMS = ("morning", "afternoon", "evening", "night", "midday")

RULES: tuple[Rule, ...] = (
    Rule("iso_date", RE_ISO_DATE, _h_iso, (DIGIT,)),
    Rule("slash_date", RE_SLASH_DATE, _h_slash, ("/",)),
    Rule("time", RE_TIME, _h_time, (DIGIT,)),
    Rule("noon", RE_NOON, _h_noon, ("noon", "midnight", "midday")),
    Rule("month_day", RE_MONTH_DAY, _h_month_day, (DIGIT,)),
    Rule("day_month", RE_DAY_MONTH, _h_month_day, (DIGIT,)),
    Rule("half_of", RE_HALF_OF, _h_half_of, ("half",)),
    Rule("month_year", RE_MONTH_YEAR, _h_month_year, _MONTH_STEMS),
    Rule("quarter", RE_QUARTER, _h_quarter, ("quarter", "half")),
    Rule("quarter_short", RE_Q_SHORT, _h_q_short, (DIGIT,)),
    Rule("year_ago_adj", RE_YEAR_AGO_ADJ, _h_year_ago_adj, ("year",)),
    Rule("ago", RE_AGO, _h_ago, _UNIT_STEMS),
    Rule("relative_day", RE_REL_DAY, _h_rel_day, ("today", "tonight", "tomorrow", "yesterday")),
    Rule("part_of_day", RE_THIS_PART, _h_this_part, _PART_STEMS),
    Rule("relative_unit", RE_REL_UNIT, _h_rel_unit, ("week", "month", "year", "decade", *_SEASONS)),
    Rule("weekday", RE_WEEKDAY, _h_weekday, ("day",)),
    Rule("holiday", RE_HOLIDAY, _h_holiday, ("day", "year", "christmas", "thanksgiving", "easter", "halloween")),
    Rule("season", RE_SEASON, _h_season, _SEASONS),
    Rule("decade", RE_DECADE, _h_decade, (DIGIT,)),
    Rule("decade_word", RE_DECADE_WORD, _h_decade_word, ("ties",)),
    Rule("century", RE_CENTURY, _h_century, ("century",)),
    Rule("spoken_year", RE_SPOKEN_YEAR, _h_spoken_year, ("nineteen", "twenty", "thousand")),
    Rule("year_end", RE_YEAR_END, _h_year_end, ("year",)),
    Rule("the_year", RE_THE_YEAR, _h_the_year, ("year", "week")),
    Rule("year", RE_YEAR, _h_year, (DIGIT,)),
    Rule("month", RE_MONTH, _h_month, _MONTH_STEMS),
    Rule("set", RE_SET, _h_set, (*_UNIT_STEMS, *_SEASONS, *_MONTH_STEMS, "daily", "night")),
    Rule("duration", RE_DURATION, _h_duration, _UNIT_STEMS),
    Rule("plural_duration", RE_PLURAL_DURATION, _h_plural_duration, _UNIT_STEMS),
    Rule("relative_quarter", RE_REL_QUARTER, _h_rel_quarter, ("quarter",)),
    Rule(
        "fuzzy",
        RE_FUZZY,
        _h_fuzzy,
        ("now", "current", "days", "present", "moment", "recent", "lately", "past", "future", "possible", "later"),
    ),
)


def folded(text: str) -> str:
    """``text`` in the case the ``needs`` are written in. Case folding also maps the long s and the Kelvin sign,
    which the patterns' IGNORECASE matches to s and k; the Turkish dotted and dotless i become i."""
    return text.casefold().replace("\u0131", "i").replace("\u0307", "")


def may_match(rule: Rule, lowered: str, has_digit: bool) -> bool:
    """Whether ``rule`` can match a text, given the text ``folded`` and whether it holds a digit."""
    return not rule.needs or any(has_digit if need == DIGIT else need in lowered for need in rule.needs)


_ALL_NEEDS = tuple(sorted({need for rule in RULES for need in rule.needs} - {DIGIT}))
_NEEDS_OF = tuple(frozenset(rule.needs) for rule in RULES)


def _runnable(text: str) -> list[bool]:
    """For each rule in order, whether it may match ``text`` (:func:`may_match`, with each need looked up once
    per text rather than once per rule)."""
    lowered = folded(text)
    present = {need for need in _ALL_NEEDS if need in lowered}
    if RE_ANY_DIGIT.search(text) is not None:
        present.add(DIGIT)
    return [not needs or not needs.isdisjoint(present) for needs in _NEEDS_OF]


@dataclass
class _Cand:
    start: int
    end: int
    type: TimexType
    value: str
    rule: str
    order: int


def _candidates(ctx: _Ctx) -> list[_Cand]:
    out: list[_Cand] = []
    for order, (rule, runnable) in enumerate(zip(RULES, _runnable(ctx.text), strict=True)):
        if not runnable:
            continue
        for m in rule.pattern.finditer(ctx.text):
            if m.end() <= m.start():
                continue
            res = rule.handler(m, ctx)
            if res is None:
                continue
            start, end = m.start(), m.end()
            # a trailing possessive or period is not part of the expression
            while end > start and ctx.text[end - 1] in ".,'" and not ctx.text[start:end].endswith(("a.m.", "p.m.")):
                if ctx.text[end - 1] == "." and re.search(rf"\b{_MONTH_ABBR}$", ctx.text[start:end]):
                    break
                end -= 1
            if ctx.text[start:end].endswith("'s"):
                end -= 2
            out.append(_Cand(start, end, res[0], res[1], rule.name, order))
    return out


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Keep non-overlapping candidates: longest first, then the earlier rule."""
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.order, c.start)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


RE_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")


def _resolve_discourse(chosen: list[_Cand], ctx: _Ctx) -> None:
    """Fill anaphoric values: "the quarter" and "a year earlier" refer to the last quarter mentioned."""
    last_q: tuple[int, int, int] | None = None  # year, quarter, offset
    for c in chosen:
        qm = RE_QUARTER_VALUE.match(c.value)
        if qm and c.rule in {"quarter", "quarter_short"}:
            last_q = (int(qm.group(1)), int(qm.group(2)), c.end)
            continue
        a = ctx.anchor
        if c.value == "@YEAR_AGO" and last_q is None and a is not None:
            s0, s1 = ctx.sentence(c.start)
            if re.search(r"\bquarter\b", ctx.text[s0:s1], re.IGNORECASE):
                y, mo = _add_months(a.year, a.month, -3)
                last_q = (y, (mo - 1) // 3 + 1, c.start)
        if c.value == "@QUARTER":
            if last_q is not None:
                c.value = f"{last_q[0]:04d}-Q{last_q[1]}"
                last_q = (last_q[0], last_q[1], c.end)
            elif a is not None:
                y, mo = _add_months(a.year, a.month, -3)
                c.value = f"{y:04d}-Q{(mo - 1) // 3 + 1}"
            else:
                c.value = "XXXX-QX"
        elif c.value == "@YEAR_AGO":
            s0, s1 = ctx.sentence(c.start)
            sentence = ctx.text[s0:s1].lower()
            quarterly = last_q is not None and (
                "quarter" in sentence or "period" in sentence or c.start - last_q[2] < 400
            )
            if last_q is not None and quarterly:
                c.value = f"{last_q[0] - 1:04d}-Q{last_q[1]}"
            elif a is not None:
                c.value = f"{a.year - 1:04d}"
            else:
                c.value = "XXXX"


def _sentence_breaks(text: str) -> list[int]:
    return [m.end() for m in RE_SENTENCE_BREAK.finditer(text)]


def find_dates(
    text: str, anchor: dt.date | None = None, *, tense_hint: TenseHint | None = None
) -> list[TimeExpression]:
    """Every temporal expression in ``text``, in order, with TIMEX3 type and value.

    ``anchor`` is the date relative expressions resolve against (usually the publication date); with
    ``None`` they keep an underspecified value. ``tense_hint`` forces the direction ("past" or "future")
    in which bare weekdays, month-days and months are resolved; by default it follows the sentence.
    """
    ctx = _Ctx(text=text, anchor=anchor, tense_hint=tense_hint, breaks=_sentence_breaks(text))
    chosen = _select(_candidates(ctx))
    _resolve_discourse(chosen, ctx)
    out: list[TimeExpression] = []
    for c in chosen:
        start = c.start
        if c.type == "DURATION" or c.rule == "ago":
            pm = RE_APPROX_PREFIX.search(text, max(0, start - 20), start)
            if pm and pm.end() == start:
                start = pm.start()
        out.append(
            TimeExpression(
                text=text[start : c.end],
                start=start,
                end=c.end,
                type=c.type,
                value=c.value,
                anchor=anchor,
                rule=c.rule,
            )
        )
    return out


# --------------------------------------------------------------------------- speech dates

RE_DAY_VALUE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Words that open another clause between a date and a speech cue: the date then belongs to that clause.
RE_CLAUSE_BREAK = re.compile(r"\b(which|who|unless|if|because|while|whereas|although|after|before|until)\b", re.I)
# "the Jan. 15 meeting": a date used as a noun modifier.
RE_NOUN_MODIFIER_DATE = re.compile(r"(?i)^the\s")
RE_FOLLOWING_NOUN = re.compile(
    r"\s+(?!(?:and|or|in|at|to|that|when|after|before|with|by|for|as|from|on|the|a|an|but|while|if|he|she|they|it|we)\b)"
    r"(?:meeting|talks|summit|session|conference|visit|call|speech|statement|deadline|vote|election|agreement|deal|"
    r"announcement|attack|decision|interview|report|briefing|consultations?|negotiations?)\b"
)


@lru_cache(maxsize=512)
def _past_dates(sentence: str, anchor: dt.date) -> tuple[TimeExpression, ...]:
    """Dates of a sentence read as past (cached: several statements of one sentence ask the same)."""
    return tuple(find_dates(sentence, anchor, tense_hint="past"))


def find_speech_date(
    sentence: str,
    cue_start: int,
    cue_end: int,
    anchor: dt.date | None,
    *,
    exclude: Sequence[tuple[int, int]] = (),
) -> tuple[dt.date, str] | None:
    """The day a statement was made, when the sentence gives it next to the speech cue.

    Looks for a day-granularity date in the same clause as the cue ("said at a press conference on
    Oct. 2", "On December 5, Putin told reporters", "The United States on Wednesday rejected") and
    resolves it against ``anchor`` (the publication date), looking back in time. A date inside the
    reported content ("said the withdrawal will start on Feb. 2") is not the speech date. Returns the
    date and its text, or ``None`` when nothing fully resolvable is found. ``exclude`` are the character ranges of
    the sentence that the content takes (one per piece).
    """
    if anchor is None:
        return None
    best: tuple[int, dt.date, str] | None = None
    for t in _past_dates(sentence, anchor):
        if t.type not in {"DATE", "TIME"}:
            continue
        if any(t.start < b and a < t.end for a, b in exclude):
            continue  # a date inside the statement itself is not when it was said
        vm = RE_DAY_VALUE.match(t.value[:10])
        if not vm or (len(t.value) > 10 and t.value[10] != "T"):
            continue
        d = _safe_date(int(vm.group(1)), int(vm.group(2)), int(vm.group(3)))
        if d is None or d > anchor:
            continue
        if t.end <= cue_start:
            between = sentence[t.end : cue_start]
            dist = len(between)
            sentence_initial = not sentence[: t.start].strip(" \"'“‘(").strip() or re.fullmatch(
                r"\s*(?:Earlier|Later|Late|Early)?\s*(?:on|On)?\s*", sentence[: t.start]
            )
            if re.search(r"[\"“”;:]", between):
                continue
            if not sentence_initial and (dist > 60 or "," in between or RE_CLAUSE_BREAK.search(between)):
                continue
        elif t.start >= cue_end:
            between = sentence[cue_end : t.start]
            dist = len(between)
            if (
                dist > 90
                or re.search(r"[\"“”;]|\bthat\b|\bwill\b|\bwould\b", between)
                or RE_CLAUSE_BREAK.search(between)
            ):
                continue
        else:
            continue
        if RE_NOUN_MODIFIER_DATE.match(t.text) or RE_FOLLOWING_NOUN.match(sentence, t.end):
            continue  # "said of the Jan. 15 meeting": a date that modifies a noun is not when it was said
        if best is None or dist < best[0]:
            best = (dist, d, t.text)
    return (best[1], best[2]) if best else None
