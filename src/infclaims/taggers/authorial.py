"""Authorial statements: checkable facts stated in the outlet's own voice (figures, ranges, dates).

A sentence that lies in no attributed statement and states a figure or range, or a dated event, becomes a
record of kind ``authorial`` with the outlet as speaker, so outlets can be compared on the same facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from infclaims.models import ParsedArticle, Span, Speaker, Statement
from infclaims.naming import make_label, slug, statement_id
from infclaims.taggers.quantities import find_ranges
from infclaims.taggers.resolve import SPEAKER_CONFIDENCE
from infclaims.taggers.timex import find_dates

if TYPE_CHECKING:
    from spacy.tokens import Doc


def authorial_statements(parsed: ParsedArticle, doc: Doc, statements: tuple[Statement, ...]) -> tuple[Statement, ...]:
    """The article's statements plus authorial ones, in text order."""
    article = parsed.article
    text = article.text
    taken = [(s.span.start, s.span.end) for s in statements]
    outlet = article.outlet or "unknown outlet"
    speaker = Speaker(
        mention=outlet,
        name=outlet,
        id=slug(outlet),
        type="organization",
        resolved_by="outlet",
        confidence=SPEAKER_CONFIDENCE["outlet"],
    )
    extra: list[Statement] = []
    for sent in parsed.sentences:
        a, b = sent.span.start, sent.span.end
        if sent.is_headline or any(s < b and a < e for s, e in taken):
            continue
        sentence = text[a:b]
        ranges = [q for q in find_ranges(sentence) if q.unit or q.counted]
        dates = [t for t in find_dates(sentence, article.published) if t.type == "DATE" and t.value[:1].isdigit()]
        if not ranges and not dates:
            continue
        span = Span(start=a, end=b)
        extra.append(
            Statement(
                id=statement_id(article.doc_id, a, b, "authorial"),
                doc_id=article.doc_id,
                kind="authorial",
                speaker=speaker,
                content=sentence,
                label=make_label(speaker, sentence),
                span=span,
                raw_span=article.raw_span(span),
                sentence=sentence,
                sentence_index=sent.index,
                rule="authorial-fact:" + ("range" if ranges else "date"),
                confidence=0.6,
                outlet=article.outlet,
                published=article.published,
                dates=tuple(t.model_copy(update={"start": t.start + a, "end": t.end + a}) for t in dates),
                ranges=tuple(q.model_copy(update={"start": q.start + a, "end": q.end + a}) for q in ranges),
            )
        )
    return tuple(sorted((*statements, *extra), key=lambda s: (s.span.start, s.span.end)))
