"""Temporal expressions (TIMEX3) for news English.

:func:`find_dates` finds dates, times, durations and sets in plain text and normalises them to TIMEX3
values; relative expressions ("yesterday", "last year", "on Wednesday", "Feb. 2") are resolved against an
anchor date, normally the article's publication date. Without an anchor they keep an underspecified value
(``XXXX-02-02``, ``XXXX-WXX-3``, ``XXXX-XX-XX``) instead of being guessed from today's date.

This module holds the rule table and the algorithm; the patterns are in :mod:`timex_grammar` and the handlers
that compute values in :mod:`timex_values`. The algorithm is three steps, each a small function:

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

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from infclaims.models import TimeExpression, TimexType
from infclaims.taggers.timex_grammar import (
    _CALENDAR,
    _MONTH_ABBR,
    RE_AGO,
    RE_APPROX_PREFIX,
    RE_CENTURY,
    RE_DAY_MONTH,
    RE_DECADE,
    RE_DECADE_WORD,
    RE_DURATION,
    RE_FUZZY,
    RE_HALF_OF,
    RE_HOLIDAY,
    RE_ISO_DATE,
    RE_MONTH,
    RE_MONTH_DAY,
    RE_MONTH_YEAR,
    RE_NOON,
    RE_PLURAL_DURATION,
    RE_Q_SHORT,
    RE_QUARTER,
    RE_REL_DAY,
    RE_REL_QUARTER,
    RE_REL_UNIT,
    RE_SEASON,
    RE_SENTENCE_BREAK,
    RE_SET,
    RE_SLASH_DATE,
    RE_SPOKEN_YEAR,
    RE_THE_YEAR,
    RE_THIS_PART,
    RE_TIME,
    RE_WEEKDAY,
    RE_YEAR,
    RE_YEAR_AGO_ADJ,
    RE_YEAR_END,
    TenseHint,
)
from infclaims.taggers.timex_values import (
    Handler,
    _add_months,
    _Ctx,
    _h_ago,
    _h_century,
    _h_decade,
    _h_decade_word,
    _h_duration,
    _h_fuzzy,
    _h_half_of,
    _h_holiday,
    _h_iso,
    _h_month,
    _h_month_day,
    _h_month_year,
    _h_noon,
    _h_plural_duration,
    _h_q_short,
    _h_quarter,
    _h_rel_day,
    _h_rel_quarter,
    _h_rel_unit,
    _h_season,
    _h_set,
    _h_slash,
    _h_spoken_year,
    _h_the_year,
    _h_this_part,
    _h_time,
    _h_weekday,
    _h_year,
    _h_year_ago_adj,
    _h_year_end,
    _safe_date,
)


@dataclass(frozen=True)
class Rule:
    """A named pattern and the handler that turns its match into a type and value (or refuses it).

    ``needs`` lists lower-case strings of which every match of ``pattern`` contains at least one (``DIGIT``
    for any decimal digit); a text that holds none of them is not searched. Empty: always searched.
    ``tests/taggers/test_timex.py`` checks the promise on every match in its tables and in TimeML."""

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
