"""Quotes and cues together: a quotation joined to the cue that introduces it (direct, mixed, continued, no cue),
quotes interrupted by their cue, and the candidates of headlines and transcript turns."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from infclaims import lexicons
from infclaims.models import Diagnostic, Span
from infclaims.parsing import doc_text, sentence_of
from infclaims.taggers.candidates import (
    RE_HEADLINE_COLON,
    RE_HEADLINE_LEAD,
    RE_HEADLINE_TAIL,
    RE_SPEAKER_TURN,
    RE_TOKEN,
    Candidate,
    noun_phrase,
    trim,
)
from infclaims.taggers.quotes import Quote, word_count

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

# ----------------------------------------------------------------------------- quotes and cues together


def inside(pos: int, spans: list[Span]) -> bool:
    return any(s.start <= pos < s.end for s in spans)


def _tokens(text: str) -> list[str]:
    return RE_TOKEN.findall(text.lower())


def attach_quotes(doc: Doc, quotes: list[Quote], cands: list[Candidate], paragraphs: list[Span]) -> list[Candidate]:
    """Turn quotes into direct or mixed statements using the cue candidates around them."""
    text = doc_text(doc)
    out: list[Candidate] = []
    used: set[int] = set()
    for q in quotes:
        words = word_count(q.text(text))
        # candidates whose content overlaps the quote
        overlapping = [
            (k, c)
            for k, c in enumerate(cands)
            if c.start < q.outer.end
            and q.outer.start < c.end
            and c.cue is not None
            and not (q.outer.start <= c.cue.idx < q.outer.end)
        ]
        chosen: tuple[int, Candidate] | None = None
        mixed = False
        for k, c in overlapping:
            outside = text[c.start : q.outer.start] + text[q.outer.end : c.end]
            # the reported clause starts before the quoted fragment ('said Russia had "cheated for years"'): the
            # content is the whole clause; a bare complementizer ('said that "..."') leaves the quote direct
            framing = [w for w in _tokens(outside) if w not in {"that", "whether"}]
            if c.start <= q.outer.start and q.outer.end <= c.end + 2 and len(framing) >= 2:
                chosen, mixed = (k, c), True
                break
            chosen = chosen or (k, c)
        if chosen is None:
            chosen = _adjacent_cue(doc, q, cands)
        if chosen is not None:
            k, c = chosen
            used.add(k)
            if mixed:
                c.kind = "mixed"
                c.rule = "mixed-cue"
                c.end = max(c.end, q.outer.end)  # the closing mark of the fragment belongs to the content
                out.append(c)
                continue
            if words < 4 and not _quote_fills_clause(text, q, c):
                used.discard(k)  # a scare-quoted phrase: the candidate stays indirect (or mixed), not lost
                continue
            out.append(
                Candidate(
                    rule="direct-cue",
                    start=q.span.start,
                    end=q.span.end,
                    cue=c.cue,
                    cue_text=c.cue_text,
                    cue_span=c.cue_span,
                    subject=c.subject,
                    kind="direct",
                    pieces=q.pieces,
                    reported_by=c.reported_by,
                    diagnostics=[]
                    if q.closed
                    else [
                        Diagnostic(
                            code="W301",
                            message="quote not closed; content runs to the end of its paragraph",
                            span=q.outer,
                        )
                    ],
                )
            )
            continue
        # no cue: a quote that opens its paragraph continues the previous speaker
        para_start = next((p.start for p in paragraphs if p.start <= q.outer.start < max(p.end, p.start + 1)), None)
        earlier_in_para = para_start is not None and any(
            o.kind == "direct" and para_start <= o.start < q.outer.start for o in out
        )
        if words >= 4 and para_start is not None and (q.outer.start == para_start or earlier_in_para):
            out.append(
                Candidate(
                    rule="direct-continuation", start=q.span.start, end=q.span.end, kind="direct", pieces=q.pieces
                )
            )
        elif words >= 4 and (adj := _previous_sentence_subject(doc, q, para_start)) is not None:
            out.append(
                Candidate(
                    rule="direct-adjacent",
                    start=q.span.start,
                    end=q.span.end,
                    kind="direct",
                    pieces=q.pieces,
                    subject=adj,
                )
            )
        elif words >= 6:
            out.append(
                Candidate(rule="direct-no-cue", start=q.span.start, end=q.span.end, kind="direct", pieces=q.pieces)
            )
    out = join_interrupted_quotes(text, out)
    for k, c in enumerate(cands):
        if k in used:
            continue
        out.append(c)  # candidates cued inside a direct quote are dropped later, by _dedupe
    return out


RE_SENTENCE_END = re.compile(r"[.!?…]")


def join_interrupted_quotes(text: str, cands: list[Candidate]) -> list[Candidate]:
    """'"We will not give up," she said, "not now and not ever."': one utterance that the cue interrupts
    mid-sentence is one statement. A quote after a full stop ('... she said. "Next ..."') stays a statement of
    its own that continues the same speaker."""
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: c.start):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "direct"
            and prev.cue_span is not None
            and c.kind == "direct"
            and (c.rule == "direct-continuation" or c.cue_span == prev.cue_span)
            and prev.end <= prev.cue_span.start < c.start
        ):
            gap = text[prev.end : c.start]
            if "\n" not in gap and len(gap) <= 120 and not RE_SENTENCE_END.search(gap):
                prev.pieces = (*(prev.pieces or (Span(start=prev.start, end=prev.end),)), *c.pieces)
                prev.end = c.end
                continue
        out.append(c)
    return out


def _previous_sentence_subject(doc: Doc, q: Quote, para_start: int | None) -> SpacySpan | None:
    """'Jane Doe, a teacher, was unimpressed. "We were promised more."': the subject of the sentence before a
    cue-less quote in the same paragraph speaks."""
    if para_start is None or q.outer.start <= para_start:
        return None
    first = doc.char_span(q.outer.start, q.outer.start + 1, alignment_mode="expand")
    if first is None:
        return None
    sent = sentence_of(first[0])
    prev_end = sent.start if sent.start_char < q.outer.start and first[0].i == sent.start else first[0].i
    prev = sentence_of(doc[max(0, prev_end - 1)]) if prev_end > 0 else None
    if prev is None or prev.start_char < para_start:
        return None
    for tok in prev:
        if (
            tok.dep_ == "nsubj"
            and tok.head.dep_ == "ROOT"
            and (
                tok.ent_type_ == "PERSON"
                or tok.lower_ in {"he", "she"}
                or (tok.pos_ == "PROPN" and tok.ent_type_ != "GPE")
            )
        ):
            if any(q.outer.start <= t.idx < q.outer.end for t in tok.subtree):
                return None
            return noun_phrase(tok)
    return None


def _quote_fills_clause(text: str, q: Quote, c: Candidate) -> bool:
    """A short quote is a statement of its own only when nothing but the cue and speaker surround it."""
    para_start = text.rfind("\n", 0, q.outer.start) + 1
    para_end = text.find("\n", q.outer.end)
    para_end = len(text) if para_end < 0 else para_end
    rest = text[para_start : q.outer.start] + text[q.outer.end : para_end]
    return len(_tokens(rest)) <= 6


def _adjacent_cue(doc: Doc, q: Quote, cands: list[Candidate]) -> tuple[int, Candidate] | None:
    """A cue right after the closing mark ('..., X said') or right before the opening one ('X said: ...')."""
    text = doc_text(doc)
    best: tuple[int, int, Candidate] | None = None
    for k, c in enumerate(cands):
        if c.cue is None or c.rule in {"according-to", "noun-cue"}:
            continue
        cue_pos = c.cue.idx
        if cue_pos >= q.outer.end:
            gap = text[q.outer.end : cue_pos]
            if "\n" in gap or len(gap) > 80 or any(ch in gap for ch in '"“”.'):
                continue
            dist = len(gap)
        elif cue_pos < q.outer.start:
            gap = text[cue_pos : q.outer.start]
            if "\n" in gap or len(gap) > 60 or ("." in gap and not gap.rstrip().endswith(":")):
                continue
            dist = len(gap) + 5
        else:
            continue
        if best is None or dist < best[0]:
            best = (dist, k, c)
    return (best[1], best[2]) if best else None


def headline_candidates(doc: Doc, headline: Span | None) -> list[Candidate]:
    """Headline attributions: 'Novak: ...', '..., says Novak', '..., Novak Says', 'Novak Offers ...'.

    Title case defeats the parser, so headlines are read with patterns over the text."""
    if headline is None:
        return []
    h0 = headline.start
    text = doc_text(doc)[h0 : headline.end]
    for rule, regex in (
        ("headline-colon", RE_HEADLINE_COLON),
        ("headline-verb", RE_HEADLINE_TAIL),
        ("headline-verb", RE_HEADLINE_LEAD),
    ):
        m = regex.match(text)
        if not m:
            continue
        who = "who" if "who" in m.groupdict() else ("who1" if m.group("who1") else "who2")
        verb = (
            None if rule == "headline-colon" else ("v" if "v" in m.groupdict() else ("v1" if m.group("v1") else "v2"))
        )
        subject = doc.char_span(h0 + m.start(who), h0 + m.end(who), alignment_mode="expand")
        if subject is None:
            continue
        start, end = trim(doc_text(doc), h0 + m.start("what"), h0 + m.end("what"))
        if word_count(doc_text(doc)[start:end]) < 2:
            continue
        if verb is None:
            cue_span = Span(start=h0 + m.end(who), end=h0 + m.end(who) + 1)
            cue_text = ":"
        else:
            cue_span = Span(start=h0 + m.start(verb), end=h0 + m.end(verb))
            cue_text = m.group(verb)
        return [
            Candidate(
                rule=rule, start=start, end=end, cue_text=cue_text, cue_span=cue_span, subject=subject, kind="headline"
            )
        ]
    return []


def turn_candidates(doc: Doc, paragraphs: list[Span], headline: Span | None) -> list[Candidate]:
    """Paragraphs that open with a speaker label and a colon (interview transcripts, debates)."""
    out = []
    for para in paragraphs:
        if headline is not None and para.start == headline.start:
            continue
        m = RE_SPEAKER_TURN.match(doc_text(doc), para.start, para.end)
        if not m or m.end() != para.end:
            continue
        subject = doc.char_span(m.start("who"), m.end("who"), alignment_mode="expand")
        if subject is None or not any(t.pos_ == "PROPN" or t.is_upper for t in subject):
            continue
        if any(t.lower_ in lexicons.cues().not_turn_speakers for t in subject):
            continue
        start, end = trim(doc_text(doc), m.start("what"), m.end("what"))
        out.append(
            Candidate(
                rule="speaker-turn",
                start=start,
                end=end,
                cue_text=":",
                cue_span=Span(start=m.end("who"), end=m.end("who") + 1),
                subject=subject,
                kind="direct",
            )
        )
    return out
