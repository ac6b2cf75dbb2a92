"""Typed records: every stage's input and output type lives here.

All records are frozen pydantic models with ``extra="forbid"``. Spans are character
offsets into the *clean* text of an article unless a field name says ``raw``.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.2"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Frozen):
    """Half-open character range ``[start, end)``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Diagnostic(Frozen):
    """A problem found in the data; returned, never raised."""

    code: str
    message: str
    span: Span | None = None


# --------------------------------------------------------------------------- inputs


InputKind = Literal["text", "html", "jsonl", "api"]


class ArticleInput(Frozen):
    """One article as read from disk, before any processing."""

    doc_id: str
    text: str
    outlet: str | None = None
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = Field(default=None, description="Path or locator the article came from.")
    diagnostics: tuple[Diagnostic, ...] = ()
    kind: InputKind = Field(
        default="api",
        description="What the article was read from, and so what `text` (the raw text) is: `text` the decoded "
        "file, `html` the main text extracted from the page, `jsonl` the line's text field, `api` the text as given.",
    )


# --------------------------------------------------------------------------- stage 1: clean


class Segment(Frozen):
    """A run of clean text copied verbatim from the raw text."""

    clean_start: int
    raw_start: int
    length: int


class Removal(Frozen):
    """A piece of raw text that the clean stage dropped, and why."""

    raw_span: Span
    reason: str
    text: str


class Paragraph(Frozen):
    span: Span
    is_headline: bool = False


class CleanArticle(Frozen):
    doc_id: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    segments: tuple[Segment, ...]
    removed: tuple[Removal, ...] = ()
    headline: Span | None = None
    published: dt.date | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    def to_raw(self, offset: int) -> int:
        """Map a clean-text offset to the raw-text offset it was copied from."""
        if not self.segments:
            return offset
        i = max(0, bisect_right(self._segment_starts, offset) - 1)
        seg = self.segments[i]
        return seg.raw_start + min(max(offset - seg.clean_start, 0), seg.length)

    @property
    def _segment_starts(self) -> list[int]:
        # Kept beside the fields, tied to the very tuple it was computed from: a copy with other segments
        # (``model_copy(update=...)``) computes its own.
        cached = self.__dict__.get("_starts_of")
        if cached is None or cached[0] is not self.segments:
            cached = (self.segments, [s.clean_start for s in self.segments])
            self.__dict__["_starts_of"] = cached
        starts: list[int] = cached[1]
        return starts

    def raw_span(self, span: Span) -> Span:
        if span.end <= span.start:
            start = self.to_raw(span.start)
            return Span(start=start, end=start)
        start = self.to_raw(span.start)
        end = self.to_raw(span.end - 1) + 1
        return Span(start=start, end=max(start, end))


# --------------------------------------------------------------------------- stage 2: sentences


class Sentence(Frozen):
    index: int
    span: Span
    paragraph: int
    is_headline: bool = False


class ParsedArticle(Frozen):
    """The clean article with its sentences. The spaCy ``Doc`` travels beside it, never inside."""

    article: CleanArticle
    sentences: tuple[Sentence, ...]


# --------------------------------------------------------------------------- stage 3: speakers

SpeakerType = Literal["person", "organization", "country", "group", "unknown"]
StatementKind = Literal["direct", "indirect", "mixed", "headline", "authorial"]


class Speaker(Frozen):
    mention: str = Field(description="The speaker as written at the cue.")
    name: str | None = Field(default=None, description="Resolved full name, or null.")
    id: str | None = Field(default=None, description="Canonical id shared across articles, or null.")
    type: SpeakerType = "unknown"
    role: str | None = None
    affiliation: str | None = None
    span: Span | None = Field(default=None, description="Offsets of the mention in the clean text.")
    resolved_by: str | None = Field(
        default=None, description="How the mention was resolved: name, surname, pronoun, role, place, ..."
    )
    # added in 1.2
    confidence: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="How sure the resolution is, by the way it was made (a full name 0.95, a pronoun 0.7, an "
        "unresolved mention 0); null for a speaker made by hand.",
    )


# --------------------------------------------------------------------------- stages 4-5: claims, dates, ranges

ClaimType = Literal[
    "accusation",
    "denial",
    "rejection",
    "demand",
    "offer",
    "commitment",
    "warning",
    "assessment",
    "report",
]

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


class Target(Frozen):
    mention: str
    name: str | None = None
    id: str | None = None
    type: SpeakerType = "unknown"


class Claim(Frozen):
    type: ClaimType
    conditional: bool = False
    condition: str | None = None
    hedged: bool = False
    hedge: str | None = None
    target: Target | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: tuple[str, ...] = ()


class TimeExpression(Frozen):
    text: str
    start: int
    end: int
    type: TimexType
    value: str = Field(description="TIMEX3 value, e.g. 2019-01-15, 2019-02, P60D, PAST_REF, XXXX-01-15.")
    anchor: dt.date | None = Field(default=None, description="The date relative expressions were resolved against.")
    rule: str = ""


class Quantity(Frozen):
    text: str
    start: int
    end: int
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    unit: str | None = None
    approx: bool = False
    approx_cue: str | None = None
    counted: str | None = Field(default=None, description="The counted noun: 'rockets' in 'nearly 1,800 rockets'.")
    canonical_unit: str | None = None
    canonical_low: float | None = None
    canonical_high: float | None = None


# --------------------------------------------------------------------------- output records


class Statement(Frozen):
    schema_version: str = SCHEMA_VERSION
    id: str
    doc_id: str
    kind: StatementKind
    speaker: Speaker
    cue: str | None = None
    cue_span: Span | None = None
    content: str
    label: str
    reported_by: tuple[str, ...] = ()
    span: Span
    raw_span: Span
    sentence: str = Field(description="Text of the sentence(s) the statement lies in.")
    sentence_index: int
    rule: str
    confidence: float = Field(ge=0.0, le=1.0)
    diagnostics: tuple[Diagnostic, ...] = ()
    outlet: str | None = None
    published: dt.date | None = None
    # added in 1.1
    claim: Claim | None = None
    said_on: dt.date | None = None
    said_on_text: str | None = None
    dates: tuple[TimeExpression, ...] = ()
    ranges: tuple[Quantity, ...] = ()
    # added in 1.2
    pieces: tuple[Span, ...] = Field(
        default=(),
        description="When the content is made of several parts (a quote over several paragraphs, a quote "
        "interrupted by its cue): the clean-text span of each part; `span` covers them all and `content` is their "
        "texts joined by one space. Empty when `content` is the clean text at `span`.",
    )
    raw_pieces: tuple[Span, ...] = Field(
        default=(), description="The raw-text span of each of `pieces`, in the same order."
    )
    sentence_span: Span | None = Field(
        default=None, description="Clean-text span of the sentence(s) the statement lies in (the text of `sentence`)."
    )
    cue_lemma: str | None = Field(
        default=None, description="Lemma of the cue's head word when it is a verb or noun ('say', 'warn', 'claim')."
    )
    cue_particle: str | None = Field(
        default=None, description="The particle or preposition that follows the cue verb ('back' in 'hit back')."
    )


class Attribution(Frozen):
    """What the speakers stage returns for one article: its statements, and the problems it found in the
    article's data (stray or unclosed quote marks, W301)."""

    statements: tuple[Statement, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


class SpeakerEntry(Frozen):
    """One line of ``speakers.jsonl``."""

    schema_version: str = SCHEMA_VERSION
    id: str
    name: str
    type: SpeakerType
    roles: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    statements: dict[str, int] = Field(default_factory=dict, description="Statement count per doc_id.")


class ErrorRecord(Frozen):
    """One line of ``errors.jsonl``: an input that failed, with a coded reason."""

    schema_version: str = SCHEMA_VERSION
    input: str
    doc_id: str | None = None
    code: str
    message: str
    stage: str | None = None


class ArticleRecord(Frozen):
    """One line of ``articles.jsonl``: a processed article as the statements' offsets see it.

    ``text`` is the clean text every ``span`` points into. ``raw_span`` points into the article's raw text: the
    decoded file for ``kind`` ``text`` (character offsets), the JSONL line's ``text`` field for ``jsonl``, the text
    given for ``api``; for ``html`` it is the main text extracted from the page, which is not in the file as such,
    so it is stored here as ``raw_text``, as it is whenever the raw text was repaired on reading (mojibake, lone
    surrogates) and so differs from the file.
    """

    schema_version: str = SCHEMA_VERSION
    doc_id: str
    source: str | None = None
    kind: InputKind = "api"
    outlet: str | None = None
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    text: str = Field(description="The clean text that statement spans point into.")
    headline: Span | None = None
    paragraphs: tuple[Span, ...] = ()
    raw_text: str | None = Field(
        default=None, description="The raw text that raw spans point into, when the source file does not hold it."
    )
    statements: int = 0
    diagnostics: tuple[Diagnostic, ...] = ()


class ArticleResult(Frozen):
    """What the pipeline returns for one article."""

    doc_id: str
    statements: tuple[Statement, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    removed: tuple[Removal, ...] = ()
    article: ArticleRecord | None = None


def dump_record(model: BaseModel) -> dict[str, Any]:
    """JSON-ready dict with a stable field order."""
    return model.model_dump(mode="json")
