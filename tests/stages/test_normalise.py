"""Stage 5: speech dates, relative dates anchored on the day words were said, quantities in statements."""

from __future__ import annotations

import datetime as dt

import pytest

from infclaims.models import ArticleInput
from infclaims.pipeline import extract
from infclaims.taggers.timex import find_speech_date

pytestmark = pytest.mark.model

PUBLISHED = dt.date(2021, 3, 11)  # a Thursday


@pytest.mark.parametrize(
    ("sentence", "cue", "expected"),
    [
        ("The minister said at a news conference on March 9 that talks would resume.", "said", dt.date(2021, 3, 9)),
        ("On March 8, the minister told reporters that talks would resume.", "told", dt.date(2021, 3, 8)),
        ("The government on Wednesday rejected the proposal.", "rejected", dt.date(2021, 3, 10)),
        # negatives: the date belongs to the content or modifies a noun
        ("The minister said the talks would resume on March 15.", "said", None),
        ("The envoy spoke of the March 2 meeting with rebels.", "spoke", None),
        ("Sales, which fell on Monday, recovered, the company said.", "said", None),
    ],
)
def test_normalise_speech_date(sentence: str, cue: str, expected: dt.date | None) -> None:
    start = sentence.index(cue)
    found = find_speech_date(sentence, start, start + len(cue), PUBLISHED)
    assert (found[0] if found else None) == expected


def test_normalise_quote_relative_dates_use_the_news_day(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Talks Fail In Vienna\n\n"
        "The government on Wednesday rejected the union's latest offer, Labour Minister Eva Roth said.\n\n"
        '"We could not agree on anything yesterday," Roth told reporters.'
    )
    statements = extract([ArticleInput(doc_id="a", text=text, published=PUBLISHED)], nlp=nlp)
    quote = next(s for s in statements if s.kind == "direct")
    assert quote.said_on is None  # the text does not say when the quote was said ...
    (yesterday,) = quote.dates
    assert yesterday.anchor == dt.date(2021, 3, 10)  # ... but the lead gives the news day
    assert yesterday.value == "2021-03-09"


def test_normalise_no_publication_date_leaves_relative_dates_unresolved(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Headline for the test\n\n"Prices rose sharply last week," the minister said.'
    (st,) = [s for s in extract([ArticleInput(doc_id="a", text=text)], nlp=nlp) if s.kind == "direct"]
    assert st.said_on is None
    assert all(not d.value.startswith("20") for d in st.dates)


def test_normalise_ranges_with_units_are_converted(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Headline for the test\n\n"The missiles can fly 310 to 3,410 miles," the general said.'
    (st,) = [s for s in extract([ArticleInput(doc_id="a", text=text)], nlp=nlp) if s.kind == "direct"]
    (q,) = st.ranges
    assert (q.low, q.high, q.unit) == (310, 3410, "mile")
    assert q.canonical_unit == "kilometer"
    assert q.canonical_low == pytest.approx(498.9, abs=0.1)
    assert st.content[q.start - st.span.start : q.end - st.span.start] == q.text


@pytest.mark.model
def test_normalise_a_date_in_the_cue_between_two_pieces_is_not_in_the_content(nlp) -> None:  # type: ignore[no-untyped-def]
    from infclaims.models import ArticleInput
    from infclaims.stages.clean import clean
    from infclaims.stages.normalise import normalise_all
    from infclaims.stages.sentences import split_sentences
    from infclaims.stages.speakers import attribute_speakers

    text = (
        "Talks Resume\n\n"
        '"We will not back down on any of this," Mayor Anna Kovacs said on Monday, "not in March and not later."\n'
    )
    article = clean(ArticleInput(doc_id="t", text=text, published=dt.date(2024, 3, 6)))
    parsed, doc = split_sentences(article, nlp=nlp)
    (st,) = [s for s in attribute_speakers(parsed, doc).statements if s.pieces]
    (out,) = normalise_all([st], text=article.text, published=article.published)
    assert [d.text for d in out.dates] == ["March"]  # "Monday" is in the cue, between the pieces
    assert out.said_on == dt.date(2024, 3, 4)
    for d in out.dates:
        assert article.text[d.start : d.end] == d.text
