"""Quotation spans at character level: straight and curly double quotes, quotes that run over several
paragraphs, unclosed and stray marks (returned as diagnostics, never raised).

A free algorithm over text and paragraph spans, so tests can call it without a parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from infclaims.models import Diagnostic, Span

OPENING = {"“": "”", "«": "»", "„": "“", '"': '"'}
CLOSING = {"”", "»", '"', "“"}
#: Every character the scan below acts on (the opening and closing marks); the rest of a paragraph is skipped.
RE_MARK = re.compile("[" + re.escape("".join(sorted({*OPENING, *OPENING.values(), *CLOSING}))) + "]")
RE_WORD = re.compile(r"\w+")
# A single-quoted fragment inside a sentence: 'No Proof', ‘full and verifiable’ (apostrophes excluded).
RE_SINGLE_QUOTED = re.compile(r"(?<![\w’'])['‘]([^\W\d_][^'‘’\n]{0,120}?[\w.!?])['’](?![\w’'])")


@dataclass(frozen=True)
class Quote:
    """A quotation. ``span`` covers the words inside the marks; ``pieces`` the inside of each paragraph's part."""

    span: Span
    outer: Span
    pieces: tuple[Span, ...]
    closed: bool

    def text(self, full: str) -> str:
        return " ".join(full[p.start : p.end].strip() for p in self.pieces)

    @property
    def n_paragraphs(self) -> int:
        return len(self.pieces)


def _inside(text: str, a: int, b: int) -> Span:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Span(start=a, end=b)


def _is_opening_straight(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-:,;/") and not nxt.isspace()


def find_quotes(text: str, paragraphs: list[Span]) -> tuple[list[Quote], list[Diagnostic]]:
    """All double-quoted spans of ``text``.

    A paragraph that opens a quote without closing it continues into the next paragraph when that one opens
    with a quote mark (the news convention); otherwise the quote ends with its paragraph and a diagnostic
    (W301) is returned. A closing mark with no opening one is a W301 diagnostic and is ignored.
    """
    # typewriter quotes (``...'' and ''...'') count as double quotes; same length keeps the offsets
    text = text.replace("``", ' "').replace("''", ' "')
    quotes: list[Quote] = []
    diags: list[Diagnostic] = []
    pending: tuple[int, list[Span]] | None = None  # (outer start, pieces so far) of a quote left open
    for p_idx, para in enumerate(paragraphs):
        i = para.start
        open_at: int | None = None
        closer = ""
        # continuation of a quote left open by the previous paragraph
        lead = i
        while lead < para.end and text[lead].isspace():
            lead += 1
        if pending is not None:
            if lead < para.end and text[lead] in OPENING:
                open_at, closer = lead, OPENING[text[lead]]
                i = lead + 1
            else:
                _close_unclosed(pending, quotes, diags)
                pending = None
        for mark in RE_MARK.finditer(text, i, para.end):
            i, ch = mark.start(), mark.group()
            if open_at is None:
                if ch in OPENING and (ch != '"' or _is_opening_straight(text, i)):
                    open_at, closer = i, OPENING[ch]
                elif ch in CLOSING:
                    diags.append(
                        Diagnostic(
                            code="W301",
                            message=f"closing quotation mark {ch!r} without an opening one",
                            span=Span(start=i, end=i + 1),
                        )
                    )
            elif ch == closer or (ch in "”»" and closer in '”»"'):
                piece = _inside(text, open_at + 1, i)
                if pending is not None:
                    start, pieces = pending
                    pieces.append(piece)
                    pending = None
                else:
                    start, pieces = open_at, [piece]
                if pieces[-1].end > pieces[0].start:
                    quotes.append(
                        Quote(
                            span=Span(start=pieces[0].start, end=pieces[-1].end),
                            outer=Span(start=start, end=i + 1),
                            pieces=tuple(pieces),
                            closed=True,
                        )
                    )
                open_at = None
        if open_at is not None:
            piece = _inside(text, open_at + 1, para.end)
            if pending is not None:
                pending[1].append(piece)
            else:
                pending = (open_at, [piece])
            is_last = p_idx + 1 >= len(paragraphs)
            if is_last:
                _close_unclosed(pending, quotes, diags)
                pending = None
    return quotes, diags


def _close_unclosed(pending: tuple[int, list[Span]], quotes: list[Quote], diags: list[Diagnostic]) -> None:
    """A quote left open: it ends with its last paragraph, and a W301 diagnostic says so."""
    start, pieces = pending
    quotes.append(
        Quote(
            span=Span(start=pieces[0].start, end=pieces[-1].end),
            outer=Span(start=start, end=pieces[-1].end),
            pieces=tuple(pieces),
            closed=False,
        )
    )
    diags.append(
        Diagnostic(code="W301", message="quotation mark opened and never closed", span=Span(start=start, end=start + 1))
    )


def find_single_quoted(text: str, span: Span) -> list[Span]:
    """Single-quoted fragments ('No Proof') inside ``span``: used for headlines and mixed quotes."""
    out = []
    for m in RE_SINGLE_QUOTED.finditer(text, span.start, span.end):
        out.append(Span(start=m.start(1), end=m.end(1)))
    return out


def word_count(text: str) -> int:
    return len(RE_WORD.findall(text))
