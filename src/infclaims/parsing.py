"""Cheap views over a parsed ``Doc`` shared by the stages.

``Doc.ents`` rebuilds every entity span of the document on each access (a pass over all tokens), so code that
asks about one token's entity walks the IOB tags around that token instead.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

T = TypeVar("T")


def entity_at(tok: Token) -> Span | None:
    """The named-entity span that contains ``tok``, or None."""
    if tok.ent_iob_ not in {"B", "I"}:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    span = doc[start:end]
    span.label_ = doc[start].ent_type_
    return span


def entities_in(span: Span) -> list[Span]:
    """Named entities that start inside ``span`` (clipped to it), in order."""
    out: list[Span] = []
    doc = span.doc
    i = span.start
    while i < span.end:
        tok = doc[i]
        if tok.ent_iob_ == "B" or (tok.ent_iob_ == "I" and i == span.start):
            j = i + 1
            while j < span.end and doc[j].ent_iob_ == "I":
                j += 1
            ent = doc[i:j]
            ent.label_ = tok.ent_type_
            out.append(ent)
            i = j
        else:
            i += 1
    return out


def _per_doc(doc: Doc, key: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per ``Doc``, kept in its ``user_data`` under ``key`` (plain data, so the Doc still
    serialises)."""
    cached = doc.user_data.get(key)
    if cached is None:
        cached = doc.user_data[key] = compute()
    return cast(T, cached)


_SENT_KEY = "infclaims.sentence_starts"


def sentence_of(tok: Token) -> Span:
    """The sentence containing ``tok``. ``Token.sent`` scans the whole ``Doc`` on every call; the sentence
    starts are computed once per ``Doc`` and kept in its ``user_data``."""
    doc = tok.doc
    starts = doc.user_data.get(_SENT_KEY)
    if starts is None or (starts and starts[-1] >= len(doc)):
        from spacy.attrs import SENT_START

        flags = doc.to_array(SENT_START)  # 1 starts a sentence; one pass in C instead of a Token per word
        starts = [0, *(i for i in (flags == 1).nonzero()[0].tolist() if i > 0)] if len(doc) else []
        doc.user_data[_SENT_KEY] = starts
    k = bisect_right(starts, tok.i) - 1
    start = starts[max(k, 0)]
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    return doc[start:end]


def positions_of_words(doc: Doc, words: frozenset[str]) -> list[int]:
    """Indices of the tokens whose lower-cased lemma or lower-cased text is in ``words``, in order (from
    :func:`word_table`, kept per ``Doc`` and word set), so code that looks for a few cue words need not visit
    every token."""

    def compute() -> list[int]:
        lowers, lemmas = word_table(doc)
        return [i for i, (low, lemma) in enumerate(zip(lowers, lemmas, strict=True)) if low in words or lemma in words]

    return _per_doc(doc, f"infclaims.word_positions.{hash(words):x}", compute)  # a frozenset keeps its hash


def marked_heads(doc: Doc) -> dict[str, list[int]]:
    """For each subordinating mark word ("if", "unless", "after" ... lower-cased), the indices of the tokens it
    marks (its heads); computed once per ``Doc`` from the DEP array."""

    def compute() -> dict[str, list[int]]:
        from spacy.attrs import DEP

        out: dict[str, list[int]] = {}
        if len(doc):
            mark = doc.vocab.strings["mark"]
            for i in (doc.to_array(DEP) == mark).nonzero()[0].tolist():
                tok = doc[i]
                out.setdefault(tok.lower_, []).append(tok.head.i)
        return out

    return _per_doc(doc, "infclaims.marked_heads", compute)


def head_indices(doc: Doc) -> list[int]:
    """Every token's head as an index into the ``Doc`` (a root is its own head), read once per ``Doc`` from its
    HEAD array, so that walking up the tree does not build a ``Token`` per step."""

    def compute() -> list[int]:
        from spacy.attrs import HEAD

        # relative offsets, stored unsigned: read them back as signed
        offsets = doc.to_array(HEAD).astype("int64").tolist() if len(doc) else []
        return [i + offset for i, offset in enumerate(offsets)]

    return _per_doc(doc, "infclaims.head_indices", compute)


def word_table(doc: Doc) -> tuple[list[str], list[str]]:
    """Every token's ``lower_`` and ``lemma_.lower()``, as two lists indexed like the ``Doc`` (built once per
    ``Doc`` from its arrays; each distinct lemma is lower-cased once)."""

    def compute() -> tuple[list[str], list[str]]:
        import numpy as np
        from spacy.attrs import LEMMA, LOWER

        lowers: list[str] = []
        lemmas: list[str] = []
        if len(doc):
            strings = doc.vocab.strings
            for attr, out in ((LOWER, lowers), (LEMMA, lemmas)):
                values, inverse = np.unique(doc.to_array(attr), return_inverse=True)
                # LOWER is Token.lower_ as it is; a lemma is lower-cased as Token.lemma_.lower() would be
                names = [strings[h] if attr == LOWER else strings[h].lower() for h in values.tolist()]
                out.extend(names[k] for k in inverse.ravel().tolist())
        return lowers, lemmas

    return _per_doc(doc, "infclaims.word_table", compute)


def has_sentences(doc: Doc) -> bool:
    """``doc.has_annotation("SENT_START")``, which scans the whole ``Doc`` on each call, asked once per ``Doc``."""
    return _per_doc(doc, "infclaims.has_sentences", lambda: bool(doc.has_annotation("SENT_START")))


_TEXT_KEY = "infclaims.text"


def doc_text(doc: Doc) -> str:
    """``Doc.text`` joins every token on each access; the string is built once per ``Doc``."""
    return _per_doc(doc, _TEXT_KEY, lambda: doc.text)
