"""Value resolution of the date tagger: the sentence context (tense, direction), the calendar arithmetic, and one
handler per rule that turns a match into a TIMEX3 type and value, or refuses it."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from infclaims.models import TimexType
from infclaims.taggers.timex_grammar import (
    AMBIGUOUS_MONTHS,
    COUNT_NOUNS,
    FUTURE_WORDS,
    FUZZY_REFS,
    MONTHS,
    NOT_PAST_ED,
    NUMBER_WORDS,
    ORDINALS,
    PARTICIPLE_AUX,
    PARTS_OF_DAY,
    PAST_WORDS,
    RE_RATE_BEFORE,
    RE_WORD,
    SEASON_START_MONTH,
    SEASONS,
    SET_ADVERBS,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAY_NAME_FOLLOWERS,
    WEEKDAYS,
    Direction,
    TenseHint,
)

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
