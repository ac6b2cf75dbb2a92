"""Property tests over the whole pipeline: arbitrary Unicode never makes a stage raise, and every span points
at the text it claims."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infclaims.config import Config
from infclaims.models import ArticleInput
from infclaims.pipeline import Context, process_article

pytestmark = pytest.mark.model

PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "‘",
        "’",
        "'",
        "«",
        "»",
        "''",
        "``",
        "\n",
        "\n\n",
        " ",
        ",",
        ".",
        ":",
        "—",
        "said",
        "told reporters",
        "according to",
        "The minister",
        "he",
        "she",
        "Moscow",
        "Washington",
        "on Monday",
        "yesterday",
        "500 to 5,500 km",
        "nearly 1,800 rockets",
        "By Jane Doe",
        "Rate it",
        "\u202e",
        "\u200b",
        "\x00",
        "\x1b",
        "ﷺ",
        "🙂",
        "א",
        "Ж",
        "x" * 300,
    ]
)
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map("".join),
)


@pytest.fixture(scope="module")
def ctx(nlp):  # type: ignore[no-untyped-def]
    return Context.build(nlp, Config(authorial=True))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, dated=st.booleans())
def test_properties_no_stage_raises_and_spans_point_at_their_text(ctx, text: str, dated: bool) -> None:  # type: ignore[no-untyped-def]
    article = ArticleInput(doc_id="p", text=text, published=dt.date(2020, 5, 6) if dated else None)
    result = process_article(article, ctx)
    from infclaims.stages.clean import clean

    clean_text = clean(article).text
    for s in result.statements:
        assert 0 <= s.span.start <= s.span.end <= len(clean_text)
        assert 0 <= s.raw_span.start <= s.raw_span.end <= len(text)
        if s.kind != "direct":
            assert clean_text[s.span.start : s.span.end].strip().rstrip(",") == s.content
        for d in s.dates:
            assert clean_text[d.start : d.end] == d.text
        for q in s.ranges:
            assert clean_text[q.start : q.end] == q.text
            if q.low is not None and q.high is not None:
                assert q.low <= q.high
        if s.speaker.span is not None:
            assert clean_text[s.speaker.span.start : s.speaker.span.end] == s.speaker.mention
