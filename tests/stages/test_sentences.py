"""Stage 2: paragraphs and sentences. Parsing needs the statistical pipeline (one session fixture); the
preparation of the ``Doc`` is checked on a blank pipeline."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from infclaims.config import SentencesConfig
from infclaims.models import ArticleInput, CleanArticle, ParsedArticle
from infclaims.stages.clean import clean
from infclaims.stages.sentences import _pieces, prepare_doc, split_many, split_sentences


def _article(raw: str, **fields: Any) -> CleanArticle:
    return clean(ArticleInput(doc_id="t", text=raw, **fields))


def _texts(parsed: ParsedArticle) -> list[str]:
    text = parsed.article.text
    return [text[s.span.start : s.span.end] for s in parsed.sentences]


def _check_sentences(parsed: ParsedArticle) -> None:
    """Sentences are trimmed, in order, inside one paragraph each, and cover every word of the text."""
    article = parsed.article
    covered = [False] * len(article.text)
    prev_end = 0
    for k, s in enumerate(parsed.sentences):
        assert s.index == k
        assert prev_end <= s.span.start < s.span.end
        prev_end = s.span.end
        chunk = article.text[s.span.start : s.span.end]
        assert chunk == chunk.strip()
        para = article.paragraphs[s.paragraph]
        assert para.span.start <= s.span.start and s.span.end <= para.span.end, (chunk, s.paragraph)
        assert s.is_headline == para.is_headline
        for i in range(s.span.start, s.span.end):
            covered[i] = True
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(article.text))


# ----------------------------------------------------------------------------- preparing the Doc (no model)


def test_sentences_prepare_doc_marks_paragraph_starts() -> None:
    text = "Talks stall\n\nThe minister left. He said nothing\n\nofficials said talks would resume."
    doc = prepare_doc(spacy.blank("en"), text, [0, 13, 49])
    assert [t.text for t in doc if t.is_sent_start] == ["Talks", "The", "officials"]
    # inside a paragraph the parser stays free to decide, but for the second word of a paragraph, which never
    # starts a sentence (a one-word sentence at a paragraph start is a parser slip)
    assert all(t.is_sent_start is None for t in doc if t.text in {"He", "left", "nothing"})
    assert [t.text for t in doc if t.is_sent_start is False] == ["stall", "minister", "said"]
    assert doc.text == text


def _prepare_doc_token_by_token(text: str, paragraph_starts: list[int]) -> list[bool | None]:
    """The plain reading of ``prepare_doc``: mark each start through ``Token.is_sent_start``."""
    doc = _BLANK.make_doc(text)
    starts = {t.i for t in doc if t.idx in paragraph_starts}
    starts |= {t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text}
    starts = {i for i in starts if 0 < i < len(doc)}
    for i in sorted(starts):
        doc[i].is_sent_start = True
    for i in sorted({0, *starts}):  # the second word of a paragraph never starts a sentence
        if i + 1 < len(doc) and i + 1 not in starts and not doc[i].is_space and not doc[i + 1].is_space:
            doc[i + 1].is_sent_start = False
    return [t.is_sent_start for t in doc]


_BLANK = spacy.blank("en")


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(["a", "b", " ", "\n", ".", "\u00a0"]), max_size=40),
    starts=st.lists(st.integers(0, 40), max_size=6),
)
def test_sentences_prepare_doc_equals_marking_token_by_token(text: str, starts: list[int]) -> None:
    doc = prepare_doc(_BLANK, text, starts)
    assert [t.is_sent_start for t in doc] == _prepare_doc_token_by_token(text, starts)
    assert doc.text == text


def test_sentences_pieces_cut_at_paragraph_boundaries() -> None:
    para = "The minister left the harbour talks without a deal, officials said. " * 8
    raw = "\n".join([para.strip()] * 6)
    article = _article(raw)
    pieces = _pieces(article, 1200)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(article.text)
    assert all(a < b and b == c for (a, b), (c, _) in itertools.pairwise(pieces))
    assert all(b - a <= 1200 for a, b in pieces)
    assert all(article.text.startswith("\n\n", b) for _, b in pieces[:-1])


def test_sentences_pieces_cut_a_long_paragraph_at_a_space() -> None:
    article = _article("word " * 600)
    pieces = _pieces(article, 1001)
    assert all(article.text[b] == " " for _, b in pieces[:-1])
    assert "".join(article.text[a:b] for a, b in pieces) == article.text


# ----------------------------------------------------------------------------- with the model


@pytest.mark.model
@pytest.mark.parametrize(
    "raw",
    [
        # a paragraph without end punctuation, then one that reads as its continuation
        "Harbour talks stall\nThe minister said\nthat talks would resume in April.",
        "Harbour talks stall\nOfficials said the talks had failed and\nthe minister left on Tuesday.",
        # a headline that runs straight into the first sentence
        "Minister says talks will resume\nthe harbour stays closed until then, officials said.",
        # a list of short lines
        "Harbour talks stall\nFirst, quotas\nSecond, prices\nThird, the harbour itself.",
    ],
)
def test_sentences_never_cross_a_paragraph(nlp: Any, raw: str) -> None:
    article = _article(raw)
    parsed, doc = split_sentences(article, nlp=nlp)
    _check_sentences(parsed)
    assert doc.text == article.text
    assert {s.paragraph for s in parsed.sentences} == set(range(len(article.paragraphs)))


@pytest.mark.model
def test_sentences_headline_sentence_flagged(nlp: Any) -> None:
    raw = "Harbour talks stall over fishing quotas\nThe minister left. He said nothing.\nTalks resume in April."
    parsed, _ = split_sentences(_article(raw), nlp=nlp)
    _check_sentences(parsed)
    assert [(t, s.is_headline, s.paragraph) for t, s in zip(_texts(parsed), parsed.sentences, strict=True)] == [
        ("Harbour talks stall over fishing quotas", True, 0),
        ("The minister left.", False, 1),
        ("He said nothing.", False, 1),
        ("Talks resume in April.", False, 2),
    ]


@pytest.mark.model
def test_sentences_no_headline_no_flag(nlp: Any) -> None:
    parsed, _ = split_sentences(_article("The minister left. He said nothing.\nTalks resume in April."), nlp=nlp)
    assert parsed.article.headline is None
    assert not any(s.is_headline for s in parsed.sentences)


@pytest.mark.model
def test_sentences_empty_article(nlp: Any) -> None:
    article = _article("Menu\nShare this article")
    parsed, doc = split_sentences(article, nlp=nlp)
    assert parsed.sentences == ()
    assert doc.text == ""


PARAGRAPHS = [
    "The minister left the harbour talks on Tuesday without a deal, officials said. "
    "A second round is planned for next month.",
    "“We will not sign an agreement that ruins our fishermen,” the mayor of Port Alder told reporters. "
    "She did not say which clauses she meant.",
    "Fishing quotas have been cut three times since 2015. Prices at the harbour market rose by 12% last year, "
    "according to the chamber of commerce.",
    "Dr. Jane Doe, an economist at the Example Institute, said the talks had stalled on two points: "
    "the length of the transition and the share of the catch left to small boats.",
    "Negotiators from both sides are expected to meet again in Geneva. No date has been set.",
]


def _long_article() -> CleanArticle:
    raw = "Harbour talks stall over fishing quotas\n" + "\n".join(PARAGRAPHS * 15)
    article = _article(raw)
    assert 9000 < len(article.text) < 12000
    return article


@pytest.mark.model
def test_sentences_long_text_parsed_in_pieces(nlp: Any) -> None:
    article = _long_article()
    config = SentencesConfig(max_chars_per_piece=2000)
    assert len(_pieces(article, config.max_chars_per_piece)) > 4
    parsed, doc = split_sentences(article, nlp=nlp, config=config)
    _check_sentences(parsed)
    assert doc.text == article.text
    assert len(doc) == len(nlp.make_doc(article.text))
    whole, _ = split_sentences(article, nlp=nlp)
    assert _texts(parsed) == _texts(whole)
    assert [s.paragraph for s in parsed.sentences] == [s.paragraph for s in whole.sentences]


@pytest.mark.model
def test_sentences_long_paragraph_cut_inside(nlp: Any) -> None:
    article = _article(" ".join(PARAGRAPHS * 6))  # one paragraph of about 3,500 characters
    assert len(article.paragraphs) == 1 and len(article.text) > 3000
    parsed, doc = split_sentences(article, nlp=nlp, config=SentencesConfig(max_chars_per_piece=1500))
    _check_sentences(parsed)
    assert doc.text == article.text


@pytest.mark.model
def test_sentences_split_many_equals_split_sentences(nlp: Any) -> None:
    articles = [
        _article("Harbour talks stall\nThe minister left. He said nothing."),
        _long_article(),
        _article("Talks resume in April, officials said."),
    ]
    config = SentencesConfig(max_chars_per_piece=2000)
    many = list(split_many(articles, nlp=nlp, config=config, batch_size=2))
    assert [p.article.doc_id for p, _ in many] == [a.doc_id for a in articles]
    for (parsed, doc), article in zip(many, articles, strict=True):
        one, _ = split_sentences(article, nlp=nlp, config=config)
        assert parsed.sentences == one.sentences
        assert doc.text == article.text


def test_positions_of_words_by_lemma_or_text_and_doc_still_serialises(nlp) -> None:  # type: ignore[no-untyped-def]
    from infclaims.parsing import positions_of_words

    doc = nlp("Officials SAID on Monday, according to the memo, that talks were said to be over.")
    words = frozenset({"say", "according"})
    found = positions_of_words(doc, words)
    assert [doc[i].text for i in found] == ["SAID", "according", "said"]
    assert positions_of_words(doc, words) == found  # the second call reads the cache
    assert positions_of_words(doc, frozenset({"absent"})) == []
    assert positions_of_words(nlp(""), words) == []
    doc.to_bytes()  # the cache holds only plain data


def test_marked_heads_lists_the_heads_of_mark_words(nlp) -> None:  # type: ignore[no-untyped-def]
    from infclaims.parsing import marked_heads

    doc = nlp("We will leave if they refuse, unless talks resume.")
    heads = marked_heads(doc)
    assert {doc[i].text for i in heads["if"]} == {"refuse"}
    assert {doc[i].text for i in heads["unless"]} == {"resume"}
    assert marked_heads(nlp("Talks resumed.")) == {}
    doc.to_bytes()


def test_word_table_agrees_with_token_attributes(nlp) -> None:  # type: ignore[no-untyped-def]
    from infclaims.parsing import has_sentences, word_table

    doc = nlp("NATO Said the İstanbul talks WERE over; the minister's aides disagreed.")
    lowers, lemmas = word_table(doc)
    assert lowers == [t.lower_ for t in doc]
    assert lemmas == [t.lemma_.lower() for t in doc]
    assert word_table(nlp("")) == ([], [])
    assert has_sentences(doc) and has_sentences(doc)  # second answer from the cache
    doc.to_bytes()


@pytest.mark.model
def test_sentences_a_paragraph_never_opens_with_a_one_word_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parser alone cuts "UNESCO" off its clause here, after a headline paragraph
    raw = (
        "Kim: Alliance warns of new missile\n\n"
        "UNESCO has evidence that Russia has started to deploy a new intermediate-range missile system, in breach "
        "of the 1987 treaty, UNESCO Secretary General Ana Novak said at a press conference on Oct. 2 in Brussels.\n"
    )
    _, doc = split_sentences(_article(raw), nlp=nlp)
    starts = [s.text.split()[0] for s in doc.sents]
    assert starts[:2] == ["Kim:", "UNESCO"]
    assert all(len(s) > 1 for s in doc.sents)
