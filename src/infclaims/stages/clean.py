"""Stage 1: raw article text to a clean article.

Drops what a reader skips (site chrome, share prompts, disclaimers, author blurbs, captions and credits,
repeated headlines, language-switcher residue), strips markdown residue inside lines, marks the headline,
and keeps a map from every clean offset back to the raw text. Every removal is recorded with its reason.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from infclaims import patterns as P
from infclaims.config import CleanConfig
from infclaims.models import ArticleInput, CleanArticle, Diagnostic, Paragraph, Removal, Segment, Span

PARAGRAPH_SEPARATOR = "\n\n"
_MAX_HEADLINE_CHARS = 250


@dataclass
class _Line:
    start: int  # raw offset of the first kept character
    end: int
    pieces: list[tuple[int, int]] = field(default_factory=list)  # kept raw ranges after inline clean-up
    markup: list[tuple[int, int, str]] = field(default_factory=list)  # raw ranges of removed markup, reason
    text: str = ""
    drop: str | None = None
    headline: bool = False


def normalise_for_compare(text: str) -> str:
    """Case-, quote- and space-insensitive form used to spot repeated headlines and captions."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[\"'“”‘’`*_#\[\]]", "", text)
    return re.sub(r"\s+", " ", text).strip(" .:")


def _inline_pieces(raw: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Kept and removed raw ranges of one line after stripping markdown residue."""
    line = raw[start:end]
    removed: list[tuple[int, int]] = []
    m = P.RE_MD_HEADING.match(line)
    if m:
        removed.append((start, start + m.end()))
    for m in P.RE_MD_LINK.finditer(line):
        removed.append((start + m.start(), start + m.start() + 1))  # "["
        removed.append((start + m.end(1), start + m.end()))  # "](url)"
    for m in P.RE_MD_EMPHASIS.finditer(line):
        removed.append((start + m.start(), start + m.end()))
    removed.sort()
    kept: list[tuple[int, int]] = []
    pos = start
    for a, b in removed:
        if a > pos:
            kept.append((pos, a))
        pos = max(pos, b)
    if pos < end:
        kept.append((pos, end))
    # trim whitespace at both ends of the kept text
    while kept and not raw[kept[0][0] : kept[0][1]].strip():
        kept.pop(0)
    while kept and not raw[kept[-1][0] : kept[-1][1]].strip():
        kept.pop()
    if kept:
        a, b = kept[0]
        a += len(raw[a:b]) - len(raw[a:b].lstrip())
        kept[0] = (a, b)
        a, b = kept[-1]
        b -= len(raw[a:b]) - len(raw[a:b].rstrip())
        kept[-1] = (a, b)
    return [k for k in kept if k[1] > k[0]], [(a, b, "markup") for a, b in removed]


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    for m in re.finditer(r"[^\r\n]*", raw):
        if m.start() == m.end() and lines and lines[-1].end == m.start():
            continue
        pieces, markup = _inline_pieces(raw, m.start(), m.end())
        text = "".join(raw[a:b] for a, b in pieces)
        lines.append(_Line(start=m.start(), end=m.end(), pieces=pieces, markup=markup, text=text))
    return lines


def classify_line(text: str) -> str | None:
    """The boilerplate reason for a whole line, or None when a reader would read it."""
    stripped = text.strip()
    if not stripped:
        return None
    for name, pattern in P.BOILERPLATE_LINES:
        if pattern.fullmatch(stripped):
            return name
    if P.RE_CREDIT_LINE.fullmatch(stripped):
        return "photo-credit"
    if P.RE_BYLINE.fullmatch(stripped):
        return "byline"
    if P.RE_AUTHOR_BLURB.fullmatch(stripped):
        return "author-blurb"
    if not stripped.isascii():  # an ASCII line has no letters of other scripts
        foreign = P.RE_NON_LATIN_LETTER.findall(stripped)
        if foreign and len(foreign) > len(P.RE_LATIN_LETTER.findall(stripped)):
            return "other-language"
    if _may_be_caption(stripped) and P.RE_CAPTION_CREDIT.search(stripped) and not _looks_like_quote(stripped):
        return "photo-caption"
    return None


def _may_be_caption(stripped: str) -> bool:
    """False only for a line ``RE_CAPTION_CREDIT`` cannot match, which it would try at every position: each
    of its branches needs a closing parenthesis at the end, a picture word, or a slash. (An ASCII line only:
    case-insensitive matching of other scripts is left to the pattern.)"""
    if len(stripped) >= 400:
        return False
    if not stripped.isascii() or stripped.endswith(")") or "/" in stripped:
        return True
    lower = stripped.lower()
    return "photo" in lower or "image" in lower or "picture" in lower


def _looks_like_quote(text: str) -> bool:
    return bool(re.search(r"[\"“”]", text))


def find_date_line(text: str) -> dt.date | None:
    """Parse a standalone dateline ("January 17, 2019") into a date, strictly."""
    m = P.RE_DATE_LINE.fullmatch(text.strip())
    if not m:
        return None
    import dateparser

    parsed = dateparser.parse(
        m.group(2),
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed else None


def clean(article: ArticleInput, *, config: CleanConfig | None = None) -> CleanArticle:
    """Turn a raw article into a :class:`CleanArticle` (pure; never raises on odd text)."""
    config = config or CleanConfig()
    raw = article.text
    lines = _split_lines(raw)
    published = article.published
    title_norm = normalise_for_compare(article.title) if article.title else None

    content_idx = [i for i, ln in enumerate(lines) if ln.text.strip()]
    # the end-matter threshold counts reader-visible lines only, so cleaning clean text changes nothing
    n_content = sum(1 for i in content_idx if classify_line(lines[i].text) is None)

    # 1. whole-line boilerplate, end matter, datelines
    end_matter_at: int | None = None
    rank = 0
    for i in content_idx:
        ln = lines[i]
        visible = classify_line(ln.text) is None
        if end_matter_at is None and rank >= n_content // 3 and P.RE_END_MATTER.match(ln.text):
            end_matter_at = i
        rank += visible
        if end_matter_at is not None:
            ln.drop = "end-matter"
            continue
        if not config.drop_boilerplate:
            continue
        reason = classify_line(ln.text)
        if reason == "photo-caption" and not config.drop_captions:
            reason = None
        if reason is None and P.RE_DATE_LINE.fullmatch(ln.text):
            found = find_date_line(ln.text)
            if published is None and found is not None:
                published = found
            reason = "dateline"
        ln.drop = reason

    # 2. headline: the manifest title when it appears, else the first title-like line
    headline_idx: int | None = None
    headline_norm: str | None = None
    for i in content_idx:
        ln = lines[i]
        if ln.drop:
            continue
        candidate = P.RE_HEADLINE_PREFIX.sub("", ln.text)
        candidate_nobc = P.RE_BREADCRUMB_TAIL.sub("", candidate)
        norm = normalise_for_compare(candidate)
        if title_norm and title_norm in (norm, normalise_for_compare(candidate_nobc)):
            headline_idx, headline_norm = i, title_norm
            break
    if headline_idx is None:
        for i in content_idx:
            ln = lines[i]
            if ln.drop:
                continue
            text = P.RE_HEADLINE_PREFIX.sub("", ln.text)
            if len(text) <= _MAX_HEADLINE_CHARS and not P.RE_TERMINAL_PUNCT.search(text):
                headline_idx, headline_norm = i, normalise_for_compare(text)
            break
    if headline_idx is not None:
        hl = lines[headline_idx]
        prefix = P.RE_HEADLINE_PREFIX.match(hl.text)
        if prefix:
            _drop_prefix(hl, raw, prefix.end(), reason="headline-label")
        tail = P.RE_BREADCRUMB_TAIL.search(hl.text)
        if tail:
            bare = normalise_for_compare(hl.text[: tail.start()])
            later = {normalise_for_compare(lines[i].text) for i in content_idx if i != headline_idx}
            if bare == title_norm or bare in later:
                _drop_suffix(hl, raw, len(hl.text) - tail.start(), reason="breadcrumbs")
                headline_norm = bare
        hl.headline = True

    # 2b. an agency dateline opening the first body paragraph ("SEOUL, Dec. 3 (Yonhap) - ...")
    if config.drop_boilerplate:
        first = next((i for i in content_idx if not lines[i].drop and not lines[i].headline), None)
        if first is not None:
            found_date = _strip_dateline(lines[first], raw)
            if published is None and found_date is not None:
                published = found_date

    # 3. repeats: repeated headlines (also with breadcrumbs), repeated caption lines
    seen_prev: str | None = None
    for i in content_idx:
        ln = lines[i]
        if ln.drop or ln.headline:
            seen_prev = normalise_for_compare(ln.text) if not ln.drop else seen_prev
            continue
        norm = normalise_for_compare(ln.text)
        if headline_norm and (
            norm == headline_norm or normalise_for_compare(P.RE_BREADCRUMB_TAIL.sub("", ln.text)) == headline_norm
        ):
            ln.drop = "repeated-headline"
        elif seen_prev is not None and norm == seen_prev and not P.RE_TERMINAL_PUNCT.search(ln.text):
            ln.drop = "photo-caption"
            # the first of the pair is the caption too
            for j in range(i - 1, -1, -1):
                if lines[j].text.strip():
                    if not lines[j].headline and not lines[j].drop:
                        lines[j].drop = "photo-caption"
                    break
        seen_prev = norm

    return _assemble(article, lines, headline_idx, published)


def find_inline_dateline(text: str) -> tuple[int, str | None] | None:
    """The length of an agency dateline that opens ``text`` and its date as written, or None when there is none.

    A dateline needs a date or an agency ("GENEVA (Reuters) -", "Brussels, 12 May 2021 —"); a city alone counts
    only in capitals before a dash ("WASHINGTON —")."""
    m = P.RE_INLINE_DATELINE.match(text)
    if m and (m.group("date") or m.group("agency") or m.group("agency2")):
        return m.end(), m.group("date")
    m = P.RE_CAPITAL_CITY_DATELINE.match(text)
    return (m.end(), None) if m else None


def _strip_dateline(ln: _Line, raw: str) -> dt.date | None:
    """Remove an opening dateline from a line's kept text (reason ``dateline``); the date when it has a year."""
    found = find_inline_dateline(ln.text)
    if found is None:
        return None
    n_chars, date_text = found
    if n_chars >= len(ln.text.rstrip()):
        return None  # nothing would be left of the paragraph: not a dateline before text
    _drop_prefix(ln, raw, n_chars, reason="dateline")
    return _strict_date(date_text) if date_text else None


def _strict_date(text: str) -> dt.date | None:
    """A date with day, month and year, strictly: a date without a year gives None, never a guess."""
    if not any(ch.isdigit() for ch in text[-4:]) or len([t for t in text.replace(",", " ").split() if t]) < 3:
        return None
    import dateparser

    parsed = dateparser.parse(
        text, languages=["en"], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date() if parsed else None


def _drop_prefix(ln: _Line, raw: str, n_chars: int, *, reason: str) -> None:
    """Remove the first ``n_chars`` characters of a line's kept text."""
    remaining = n_chars
    new_pieces: list[tuple[int, int]] = []
    for a, b in ln.pieces:
        if remaining >= b - a:
            ln.markup.append((a, b, reason))
            remaining -= b - a
            continue
        if remaining > 0:
            ln.markup.append((a, a + remaining, reason))
            a += remaining
            remaining = 0
        new_pieces.append((a, b))
    ln.pieces = new_pieces
    ln.text = "".join(raw[a:b] for a, b in new_pieces)


def _drop_suffix(ln: _Line, raw: str, n_chars: int, *, reason: str) -> None:
    """Remove the last ``n_chars`` characters of a line's kept text (and the spaces before them)."""
    remaining = n_chars
    new_pieces: list[tuple[int, int]] = []
    for a, b in reversed(ln.pieces):
        if remaining >= b - a:
            ln.markup.append((a, b, reason))
            remaining -= b - a
            continue
        if remaining > 0:
            ln.markup.append((b - remaining, b, reason))
            b -= remaining
            remaining = 0
        new_pieces.insert(0, (a, b))
    if new_pieces:
        a, b = new_pieces[-1]
        new_pieces[-1] = (a, a + len(raw[a:b].rstrip()))
    ln.pieces = [p for p in new_pieces if p[1] > p[0]]
    ln.text = "".join(raw[a:b] for a, b in ln.pieces)


def _assemble(
    article: ArticleInput, lines: list[_Line], headline_idx: int | None, published: dt.date | None
) -> CleanArticle:
    raw = article.text
    parts: list[str] = []
    segments: list[Segment] = []
    paragraphs: list[Paragraph] = []
    removed: list[Removal] = []
    headline: Span | None = None
    pos = 0
    for i, ln in enumerate(lines):
        if not ln.text.strip():
            for a, b, why in ln.markup:
                if b > a and raw[a:b].strip():
                    removed.append(Removal(raw_span=Span(start=a, end=b), reason=why, text=raw[a:b]))
            continue
        if ln.drop:
            removed.append(
                Removal(raw_span=Span(start=ln.start, end=ln.end), reason=ln.drop, text=raw[ln.start : ln.end])
            )
            continue
        for a, b, why in ln.markup:
            if b > a and raw[a:b].strip():
                removed.append(Removal(raw_span=Span(start=a, end=b), reason=why, text=raw[a:b]))
        if parts:
            parts.append(PARAGRAPH_SEPARATOR)
            pos += len(PARAGRAPH_SEPARATOR)
        para_start = pos
        for a, b in ln.pieces:
            segments.append(Segment(clean_start=pos, raw_start=a, length=b - a))
            parts.append(raw[a:b])
            pos += b - a
        span = Span(start=para_start, end=pos)
        paragraphs.append(Paragraph(span=span, is_headline=i == headline_idx))
        if i == headline_idx:
            headline = span
    text = "".join(parts)
    diagnostics = list(article.diagnostics)
    if not text.strip():
        diagnostics.append(Diagnostic(code="W310", message="nothing left after cleaning: every line was boilerplate"))
    return CleanArticle(
        doc_id=article.doc_id,
        text=text,
        paragraphs=tuple(paragraphs),
        segments=tuple(segments),
        removed=tuple(removed),
        headline=headline,
        published=published,
        outlet=article.outlet,
        title=article.title,
        url=article.url,
        diagnostics=tuple(diagnostics),
    )
