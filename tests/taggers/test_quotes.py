"""Quotation spans at character level: double quotes over paragraphs, stray marks, single-quoted fragments."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infclaims.models import Span
from infclaims.taggers.quotes import Quote, find_quotes, find_single_quoted, word_count


def _paragraphs(text: str) -> list[Span]:
    """Paragraph spans of a text whose paragraphs are separated by a blank line (as the clean text is)."""
    spans, pos = [], 0
    for part in text.split("\n\n"):
        spans.append(Span(start=pos, end=pos + len(part)))
        pos += len(part) + 2
    return spans


def _quotes(text: str) -> tuple[list[Quote], list[str]]:
    quotes, diags = find_quotes(text, _paragraphs(text))
    return quotes, [d.code for d in diags]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("He said: “We will stay.” Then he left.", ["We will stay."]),
        ('He said "we will stay" and left.', ["we will stay"]),
        ('"We will stay," he said. "No doubt."', ["We will stay,", "No doubt."]),
        ("Say “yes” and “no”.", ["yes", "no"]),
        ("«Non», a-t-il dit.", ["Non"]),
        ("„Ja“, sagte er.", ["Ja"]),
        ("He cited the (“final”) offer.", ["final"]),
        ("He called it a “ deal ” twice.", ["deal"]),
        ("No quotes in this sentence at all.", []),
        ("An empty pair “” is no quote.", []),
    ],
)
def test_quotes_closed_in_one_paragraph(text: str, inside: list[str]) -> None:
    quotes, diags = _quotes(text)
    assert [q.text(text) for q in quotes] == inside
    assert all(q.closed and q.n_paragraphs == 1 for q in quotes)
    assert diags == []


def test_quotes_span_and_outer_offsets() -> None:
    text = "He said: “We will stay.” Then he left."
    (q,), _ = _quotes(text)
    assert text[q.span.start : q.span.end] == "We will stay."
    assert text[q.outer.start : q.outer.end] == "“We will stay.”"
    assert q.pieces == (q.span,)


@pytest.mark.parametrize(
    "text",
    [
        'He said 5" of rain fell.',  # inch mark after a digit: not an opening quote
        "They agreed.” Then nothing happened.",
    ],
)
def test_quotes_stray_closing_mark_is_w301_and_no_quote(text: str) -> None:
    quotes, diags = _quotes(text)
    assert quotes == []
    assert diags == ["W301"]


def test_quotes_stray_closing_mark_does_not_lose_later_quotes() -> None:
    text = "They agreed.” Later he said: “We will stay.”"
    quotes, diags = _quotes(text)
    assert [q.text(text) for q in quotes] == ["We will stay."]
    assert diags == ["W301"]


def test_quotes_over_two_paragraphs_is_one_quote() -> None:
    text = "“We will fight on,” she said. “We have the votes,\n\n“and we will win on Friday.”\n\nShe left."
    quotes, diags = _quotes(text)
    assert diags == []
    assert [q.text(text) for q in quotes] == ["We will fight on,", "We have the votes, and we will win on Friday."]
    two = quotes[1]
    assert two.closed
    assert two.n_paragraphs == 2
    assert [text[p.start : p.end] for p in two.pieces] == ["We have the votes,", "and we will win on Friday."]
    assert text[two.span.start : two.span.end] == "We have the votes,\n\n“and we will win on Friday."
    assert text[two.outer.start] == "“"
    assert text[two.outer.end - 1] == "”"


def test_quotes_over_three_paragraphs_with_straight_marks() -> None:
    text = '"First part,\n\n"second part,\n\n"third part," he said.'
    quotes, diags = _quotes(text)
    assert diags == []
    assert [(q.text(text), q.n_paragraphs, q.closed) for q in quotes] == [
        ("First part, second part, third part,", 3, True)
    ]


def test_quotes_unclosed_before_plain_paragraph_ends_with_its_paragraph() -> None:
    text = "“We will fight on, she said.\n\nThe meeting ended at noon."
    quotes, diags = _quotes(text)
    assert diags == ["W301"]
    assert [(q.text(text), q.closed, q.n_paragraphs) for q in quotes] == [("We will fight on, she said.", False, 1)]


def test_quotes_unclosed_at_end_runs_to_paragraph_end() -> None:
    text = "The mayor said: “We will not sign this"
    quotes, diags = find_quotes(text, _paragraphs(text))
    assert [d.code for d in diags] == ["W301"]
    assert diags[0].span == Span(start=16, end=17)
    (q,) = quotes
    assert not q.closed
    assert text[q.span.start : q.span.end] == "We will not sign this"
    assert q.span.end == len(text)


def test_quotes_unclosed_continuation_at_end_keeps_all_pieces() -> None:
    text = "“We will fight on,\n\n“and we will win"
    quotes, diags = _quotes(text)
    assert diags == ["W301"]
    assert [(q.text(text), q.closed, q.n_paragraphs) for q in quotes] == [
        ("We will fight on, and we will win", False, 2)
    ]


def test_quotes_straight_mark_opens_only_after_space_or_punctuation() -> None:
    text = 'The 12" record and the word "vinyl" were mentioned.'
    quotes, diags = _quotes(text)
    assert [q.text(text) for q in quotes] == ["vinyl"]
    assert diags == ["W301"]  # the inch mark


# ----------------------------------------------------------------------------- single-quoted fragments


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("Mayor: 'No Proof' of fraud in harbour deal", ["No Proof"]),
        ("Mayor calls harbour deal ‘full and verifiable’", ["full and verifiable"]),
        ("Minister: talks 'went well' and 'will resume'", ["went well", "will resume"]),
        ("We’ve said Americans’ rights matter.", []),
        ("We've said the fishermen's rights matter.", []),
        ("It's the ministers' decision, not the mayor's.", []),
        ("rock 'n' roll is back in Port Alder", []),
        ("Back in the '90s the harbour was busy.", []),
        ("the '5 points' plan", []),
    ],
)
def test_quotes_single_quoted_fragments(text: str, fragments: list[str]) -> None:
    spans = find_single_quoted(text, Span(start=0, end=len(text)))
    assert [text[s.start : s.end] for s in spans] == fragments


def test_quotes_single_quoted_only_inside_span() -> None:
    text = "Mayor: 'No Proof' of fraud\n\nHe later said 'some doubt' remained."
    assert [text[s.start : s.end] for s in find_single_quoted(text, Span(start=0, end=26))] == ["No Proof"]
    assert [text[s.start : s.end] for s in find_single_quoted(text, Span(start=28, end=len(text)))] == ["some doubt"]


@pytest.mark.parametrize(("text", "n"), [("We will stay.", 3), ("Port-Alder's 2 ships", 5), ("“ ”", 0)])
def test_quotes_word_count(text: str, n: int) -> None:
    assert word_count(text) == n


# ----------------------------------------------------------------------------- properties

QUOTE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("“”«»„\"'‘’ \n.,:;(—-")),
        st.sampled_from(["\n\n", "We ", "said ", "Port Alder", "5"]),
        st.characters(codec="utf-8"),
    ),
    max_size=80,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=QUOTE_TEXT)
def test_quotes_never_raise_and_spans_lie_in_text(text: str) -> None:
    paragraphs = _paragraphs(text)
    quotes, diags = find_quotes(text, paragraphs)
    for q in quotes:
        for span in (q.span, q.outer, *q.pieces):
            assert 0 <= span.start <= span.end <= len(text)
        assert q.outer.start <= q.span.start <= q.span.end <= q.outer.end
        assert q.pieces
        assert q.span.start == q.pieces[0].start
        assert q.span.end == q.pieces[-1].end
        # each piece lies inside one paragraph
        for p in q.pieces:
            assert any(para.start <= p.start <= p.end <= para.end for para in paragraphs)
    starts = [q.outer.start for q in quotes]
    assert starts == sorted(starts)
    for d in diags:
        assert d.code == "W301"
        assert d.span is not None
        assert 0 <= d.span.start < d.span.end <= len(text)
    for s in find_single_quoted(text, Span(start=0, end=len(text))):
        assert 0 <= s.start <= s.end <= len(text)


@settings(max_examples=400, deadline=None)
@given(text=QUOTE_TEXT)
def test_quotes_every_mark_is_in_a_quote_or_reported(text: str) -> None:
    """No quotation mark is passed over: each one opens, closes or lies inside a quote, or is a W301."""
    quotes, diags = find_quotes(text, _paragraphs(text))
    typewriter = text.replace("``", ' "').replace("''", ' "')
    reported = {d.span.start for d in diags if d.span is not None}
    marks = [j for j, ch in enumerate(typewriter) if ch in '“”«»„"']
    # an empty pair (“ ”) quotes nothing and is dropped without a word
    empty = {j for a, b in itertools.pairwise(marks) if not typewriter[a + 1 : b].strip() for j in (a, b)}
    for j in marks:
        if j not in empty and any(para.start <= j < para.end for para in _paragraphs(text)):
            assert j in reported or any(q.outer.start <= j < q.outer.end for q in quotes), j
