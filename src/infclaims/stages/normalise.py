"""Stage 5: when a statement was made, the dates it speaks of, and the figures it states.

``said_on`` comes from a date next to the cue, resolved against the publication date. Relative dates
inside the statement resolve against the day it was said (``said_on``), else the publication date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from infclaims.models import Quantity, Statement, TimeExpression
from infclaims.taggers.quantities import find_ranges
from infclaims.taggers.timex import find_dates, find_speech_date


def _shift_dates(found: Iterable[TimeExpression], offset: int) -> tuple[TimeExpression, ...]:
    return tuple(t.model_copy(update={"start": t.start + offset, "end": t.end + offset}) for t in found)


def _shift_ranges(found: Iterable[Quantity], offset: int) -> tuple[Quantity, ...]:
    return tuple(q.model_copy(update={"start": q.start + offset, "end": q.end + offset}) for q in found)


def speech_date(statement: Statement, text: str, published: dt.date | None) -> tuple[dt.date, str] | None:
    """The day the statement was made, from a date next to its cue in the sentence."""
    if statement.cue_span is None or published is None:
        return None
    sent = statement.sentence
    if statement.sentence_span is not None:
        s_start = statement.sentence_span.start
    else:  # a record made before 1.2, or by hand: find the sentence in the text
        s_start = text.find(sent, max(0, statement.span.start - len(sent) - 1))
        if s_start < 0:
            return None
    cue_start = statement.cue_span.start - s_start
    cue_end = statement.cue_span.end - s_start
    if not 0 <= cue_start <= len(sent):
        return None
    # the content is not where the speech date is: a date inside a piece of the statement is not taken (the
    # cue between two pieces is not the content)
    content = []
    for part in statement.pieces or (statement.span,):
        c0, c1 = max(0, part.start - s_start), min(len(sent), part.end - s_start)
        if c1 > c0:
            content.append((c0, c1))
    return find_speech_date(sent, cue_start, cue_end, published, exclude=content)


def normalise(
    statement: Statement, *, text: str, published: dt.date | None, event_date: dt.date | None = None
) -> Statement:
    """Add ``said_on``, ``dates`` and ``ranges`` to one statement (offsets into the clean text).

    Relative dates resolve against the day the words were said: ``said_on`` when the text gives it, else the
    article's news day (``event_date``, the speech date its lead gives), else the publication date."""
    said = speech_date(statement, text, published)
    said_on = said[0] if said else None
    anchor = said_on or event_date or published
    # each piece of the content on its own: the cue between two pieces ("...," she said on Monday, "...") is
    # not what was said
    dates: tuple[TimeExpression, ...] = ()
    ranges: tuple[Quantity, ...] = ()
    for part in statement.pieces or (statement.span,):
        part_text = text[part.start : part.end]
        dates += _shift_dates(find_dates(part_text, anchor), part.start)
        ranges += _shift_ranges((q for q in find_ranges(part_text) if informative(q)), part.start)
    return statement.model_copy(
        update={
            "said_on": said_on,
            "said_on_text": said[1] if said else None,
            "published": published,
            "dates": dates,
            "ranges": ranges,
        }
    )


def informative(q: Quantity) -> bool:
    """A bare number ('41' in 'MK 41') says nothing on its own: keep quantities with a unit, a counted noun,
    or two different ends."""
    return bool(
        q.unit
        or q.counted
        or (q.low is not None and q.high is not None and q.low != q.high)
        or q.low is None
        or q.high is None
    )


#: The lead's speech date is the news day of a wire story only when it is this close to publication.
NEWS_DAY_WINDOW = dt.timedelta(days=7)
LEAD_SENTENCES = 4


def news_day(statements: Iterable[Statement], *, text: str, published: dt.date | None) -> dt.date | None:
    """The day the article's lead says things were said ("The United States on Wednesday rejected ...")."""
    if published is None:
        return None
    for st in statements:
        if st.sentence_index > LEAD_SENTENCES:
            break
        said = speech_date(st, text, published)
        if said is not None and dt.timedelta(0) <= published - said[0] <= NEWS_DAY_WINDOW:
            return said[0]
    return None


def normalise_all(statements: Iterable[Statement], *, text: str, published: dt.date | None) -> tuple[Statement, ...]:
    items = tuple(statements)
    event = news_day(items, text=text, published=published)
    return tuple(normalise(s, text=text, published=published, event_date=event) for s in items)
