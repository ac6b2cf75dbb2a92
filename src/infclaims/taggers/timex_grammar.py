"""The grammar of the date tagger: its word lists (from the resources) and the named regular expressions that
find candidate dates, times, durations and sets. No values are computed here."""

from __future__ import annotations

import re
from typing import Literal

from infclaims import lexicons

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
