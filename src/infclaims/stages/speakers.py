"""Stage 3: speaker attribution. Direct, indirect, mixed and headline statements with their speakers.

The algorithm works over the parse of the clean text (the ``Doc`` made by the sentence stage):

1. quotation spans at character level (:mod:`infclaims.taggers.quotes`);
2. cues: reporting verbs with their subject and complement (``X said (that) ...``, ``..., X said``,
   ``X accused Y of ...``, ``X called on Y to ...``, ``..., saying ...``), ``according to X``
   (:mod:`infclaims.taggers.candidates`);
3. quotes are joined to their cues: a quote that fills a cue's complement makes it direct, a quote inside a
   longer complement makes it mixed, a quote with no cue continues the previous speaker; headline colons
   (``Novak: ...``) and transcript turns (:mod:`infclaims.taggers.quoting`);
4. chains: ``according to`` / ``quoted by`` / ``X reported`` around a statement go to ``reported_by``;
   nothing inside a direct quote is attributed again;
5. speakers are resolved (:mod:`infclaims.taggers.resolve`).

This module assembles the records: chains, duplicates, content parts, speakers, confidence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from infclaims import lexicons
from infclaims.config import SpeakersConfig
from infclaims.models import Attribution, Diagnostic, ParsedArticle, Span, Speaker, Statement, StatementKind
from infclaims.naming import make_label, statement_id
from infclaims.parsing import positions_of_words
from infclaims.taggers.candidates import RELAY_VERBS, Candidate, find_cue_candidates, noun_phrase, split_coordinated
from infclaims.taggers.quotes import Quote, find_quotes, find_single_quoted, word_count
from infclaims.taggers.quoting import attach_quotes, headline_candidates, inside, turn_candidates
from infclaims.taggers.resolve import SPEAKER_CONFIDENCE, Knowledge, People, Resolver

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Confidence of a statement by the rule that found it (times 0.6 when its speaker is unresolved).
CONFIDENCE = {
    "direct-cue": 0.95,
    "direct-continuation": 0.75,
    "direct-no-cue": 0.4,
    "mixed-cue": 0.85,
    "speech-verb": 0.85,
    "speech-act": 0.75,
    "belief": 0.6,
    "participial": 0.75,
    "according-to": 0.8,
    "headline-colon": 0.85,
    "speaker-turn": 0.7,
    "direct-adjacent": 0.6,
    "headline-verb": 0.8,
    "noun-cue": 0.55,
}


# ----------------------------------------------------------------------------- chains


#: "in comments quoted by the Interfax news agency": participles that name a relay with their agent.
def _apply_chains(cands: list[Candidate], cues: lexicons.Cues) -> None:
    """'according to'/'reported' wrappers around a statement become ``reported_by`` of that statement."""
    for outer in cands:
        if outer.dropped or outer.subject is None:
            continue
        is_relay = outer.rule == "according-to" or (
            outer.cue is not None and outer.cue.lemma_.lower() in cues.reported_by_verbs
        )
        if not is_relay:
            continue
        for inner in cands:
            if inner is outer or inner.dropped or inner.cue is None or inner.subject is None:
                continue
            if outer.rule == "according-to":
                hit = outer.cue is not None and (outer.cue.head == inner.cue or outer.cue.head.head == inner.cue)
            else:
                hit = outer.start <= inner.cue.idx < outer.end and outer.start <= inner.subject.start_char < outer.end
                # "the ministry said it opposes the plan, the official Xinhua news agency reported": the parser
                # gives both cues the same complement; the later one relays the earlier
                relays_same = (
                    outer.cue is not None
                    and inner.cue.i < outer.cue.i
                    and inner.start <= outer.start < outer.end <= inner.end
                )
                hit = hit or relays_same
            if hit:
                inner.reported_by.append(outer.subject.text)
                outer.dropped = True
                break
    # "told the Interfax news agency": the outlet told is a relay
    for c in cands:
        if c.cue is None or c.cue.lemma_.lower() != "tell":
            continue
        for obj in c.cue.children:
            if obj.dep_ in {"dobj", "dative"} and _is_news_outlet(obj):
                name = noun_phrase(obj).text
                if name not in c.reported_by:
                    c.reported_by.append(name)
    # "in comments quoted by the Interfax news agency"
    for c in cands:
        if c.cue is None:
            continue
        cue = c.cue
        # the relay verbs in the cue's subtree, in order: found among the Doc's few relay words, not by a walk
        relays = positions_of_words(cue.doc, RELAY_VERBS)
        lo, hi = bisect_left(relays, cue.left_edge.i), bisect_right(relays, cue.right_edge.i)
        # in the cue's subtree ("said in comments quoted by ..."), or above it ("was quoted by ... as telling")
        above = [t for t in (cue.head, cue.head.head) if t.i != cue.i and t.lemma_.lower() in RELAY_VERBS]
        for tok in [*(cue.doc[i] for i in relays[lo:hi]), *above]:
            if tok.i != cue.i and not cue.is_ancestor(tok) and tok not in above:
                continue
            if tok.lemma_.lower() in RELAY_VERBS and tok.tag_ == "VBN":
                agents = [a for a in tok.children if a.dep_ == "agent"]
                for a in agents:
                    for pobj in a.children:
                        if pobj.dep_ == "pobj":
                            name = noun_phrase(pobj).text
                            if name not in c.reported_by:
                                c.reported_by.append(name)


#: Head nouns of a news outlet ("the Interfax news agency", "state television", "the daily Kommersant").
NEWS_OUTLET_NOUNS = frozenset({"agency", "newspaper", "daily", "television", "tv", "radio", "broadcaster", "outlet"})


def _is_news_outlet(tok: Token) -> bool:
    """An addressee that is a news outlet: its phrase holds an outlet noun ("the Interfax news agency"), or it is
    an organisation written in capitals ("told TASS", "told IRNA")."""
    words = {t.lower_ for t in tok.subtree}
    return bool(words & NEWS_OUTLET_NOUNS) or (tok.ent_type_ == "ORG" and tok.is_upper and len(tok) >= 3)


def _dedupe(cands: list[Candidate], quotes: list[Quote]) -> list[Candidate]:
    """Drop statements nested in a direct quote and duplicates over the same content."""
    direct_outer = [q.outer for q in quotes]
    keep: list[Candidate] = []
    direct = [c for c in cands if c.kind == "direct"]
    direct_spans = [Span(start=c.start, end=c.end) for c in direct]
    for c in cands:
        if c.dropped:
            continue
        if c.kind != "direct" and c.cue is not None and inside(c.cue.idx, direct_outer) and c.rule != "headline-colon":
            continue  # a cue inside someone's quote: the quote is the statement
        if c.kind in {"indirect", "headline"} and any(d.start <= c.start and c.end <= d.end + 2 for d in direct_spans):
            continue
        keep.append(c)
    keep.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Candidate] = []
    for c in keep:
        dup = next(
            # o.end > c.start first: a statement that ends before this one starts cannot overlap it
            (o for o in out if o.end > c.start and _overlap_ratio(o, c) > 0.8 and not _different_speakers(o, c)),
            None,
        )
        if dup is not None:
            if CONFIDENCE.get(c.rule, 0.5) > CONFIDENCE.get(dup.rule, 0.5) and dup.kind != "direct":
                out[out.index(dup)] = c
            continue
        out.append(c)
    return out


def _different_speakers(a: Candidate, b: Candidate) -> bool:
    return a.subject is not None and b.subject is not None and a.cue == b.cue and a.subject.start != b.subject.start


def _overlap_ratio(a: Candidate, b: Candidate) -> float:
    inter = max(0, min(a.end, b.end) - max(a.start, b.start))
    return inter / max(1, max(a.end - a.start, b.end - b.start))


# ----------------------------------------------------------------------------- records


def content_parts(text: str, parts: Sequence[Span]) -> tuple[Span, ...]:
    """The parts of a content trimmed to what the content says: no white space at either end of a part, and no
    comma that ends the last one ("We are ready," she said). Empty parts are dropped. The content is then exactly
    the text at its parts (:func:`join_parts`), so every offset in a record points at its own words."""
    out: list[Span] = []
    for p in parts:
        a, b = p.start, p.end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append(Span(start=a, end=b))
    if out:
        last = out[-1]
        b = last.end
        while b > last.start and (text[b - 1] == "," or text[b - 1].isspace()):
            b -= 1
        if b > last.start:
            out[-1] = Span(start=last.start, end=b)
        else:
            out.pop()
    return tuple(out)


def join_parts(text: str, parts: Sequence[Span]) -> str:
    """The content of a statement made of ``parts``: their texts joined by one space."""
    return " ".join(text[p.start : p.end] for p in parts)


def attribute_speakers(
    parsed: ParsedArticle,
    doc: Doc,
    *,
    config: SpeakersConfig | None = None,
    knowledge: Knowledge | None = None,
    people: People | None = None,
) -> Attribution:
    """Stage 3: all attributed statements of one parsed article, in text order, and the problems found in its
    quotation marks.

    ``people`` is the article's registry of people (:func:`build_people`), built here when not given; the
    pipeline builds it once and hands the same value to the claims stage, which resolves targets over it."""
    config = config or SpeakersConfig()
    knowledge = knowledge or Knowledge.default()
    cues = lexicons.cues()
    article = parsed.article
    text = article.text
    paragraphs = [p.span for p in article.paragraphs]
    quotes, quote_problems = find_quotes(text, paragraphs)

    cands: list[Candidate] = []
    for sent in doc.sents:
        for cand in find_cue_candidates(doc, sent, cues, config):
            cands.extend(split_coordinated(cand))
    headline = headline_candidates(doc, article.headline)
    if headline and article.headline is not None:
        h = article.headline
        cands = [
            c for c in cands if not (h.start <= c.start < h.end or (c.cue is not None and h.start <= c.cue.idx < h.end))
        ]
    cands.extend(headline)
    turns = turn_candidates(doc, paragraphs, article.headline)
    if turns:
        spans = [(t.start, t.end) for t in turns]
        cands = [c for c in cands if not any(a <= c.start < b for a, b in spans)]
        cands.extend(turns)
    _apply_chains(cands, cues)
    cands = [c for c in cands if not c.dropped]
    cands = attach_quotes(doc, quotes, cands, paragraphs)
    # quotes already turned into statements also own the content of their cue's other candidates
    cands = _dedupe(cands, quotes)
    cands.sort(key=lambda c: c.start)

    resolver = Resolver.for_doc(doc, knowledge, people)  # this stage's own: it remembers who spoke last
    sent_bounds = [(s.span.start, s.span.end, s.index) for s in parsed.sentences]
    statements: list[Statement] = []
    prev_speaker: Speaker | None = None
    for c in cands:
        n_words = word_count(text[c.start : c.end])
        single_name = n_words == 1 and c.rule == "speech-act" and text[c.start : c.start + 1].isupper()
        if n_words < config.min_content_tokens and not single_name:
            continue
        if c.subject is not None:
            speaker = resolver.resolve(c.subject)
            if c.written is not None:
                w = c.written
                speaker = speaker.model_copy(
                    update={"mention": w.text, "span": Span(start=w.idx, end=w.idx + len(w)), "resolved_by": "relative"}
                )
        elif prev_speaker is not None and c.rule == "direct-continuation":
            speaker = prev_speaker.model_copy(update={"span": None, "resolved_by": "previous-speaker"})
        else:
            speaker = Speaker(mention="", type="unknown", resolved_by="no-cue")
        speaker = speaker.model_copy(update={"confidence": SPEAKER_CONFIDENCE.get(speaker.resolved_by or "", 0.5)})
        diagnostics = list(c.diagnostics)
        if speaker.id is None:
            diagnostics.append(Diagnostic(code="W305", message=f"speaker {speaker.mention!r} could not be resolved"))
        if article.headline and article.headline.start <= c.start < article.headline.end:
            kind: StatementKind = "headline"
        else:
            kind = c.kind
            inner = [q for q in find_single_quoted(text, Span(start=c.start, end=c.end))] if kind == "indirect" else []
            inner_double = [q for q in quotes if c.start <= q.outer.start and q.outer.end <= c.end + 1]
            if kind == "indirect" and (inner_double or inner):
                kind = "mixed"
        parts = content_parts(text, c.pieces or (Span(start=c.start, end=c.end),))
        if not parts:
            continue
        content = join_parts(text, parts)
        span = Span(start=parts[0].start, end=parts[-1].end)
        s_first = next((i for a, b, i in sent_bounds if a <= c.start < b + 1), 0)
        s_last = next((i for a, b, i in sent_bounds if a < c.end <= b + 1), s_first)
        sentence_span = (
            Span(start=parsed.sentences[s_first].span.start, end=parsed.sentences[s_last].span.end)
            if parsed.sentences
            else Span(start=c.start, end=c.end)
        )
        sentence_text = text[sentence_span.start : sentence_span.end]
        cue_lemma, cue_particle = cue_words(doc, c.cue_span)
        conf = CONFIDENCE.get(c.rule, 0.5)
        if speaker.id is None:
            conf *= 0.6
        statements.append(
            Statement(
                id=statement_id(article.doc_id, span.start, span.end, kind, speaker.id or speaker.mention),
                doc_id=article.doc_id,
                kind=kind,
                speaker=speaker,
                cue=c.cue_text,
                cue_span=c.cue_span,
                content=content,
                label=make_label(speaker, content),
                reported_by=tuple(dict.fromkeys(c.reported_by)),
                span=span,
                raw_span=article.raw_span(span),
                pieces=parts if len(parts) > 1 else (),
                raw_pieces=tuple(article.raw_span(p) for p in parts) if len(parts) > 1 else (),
                sentence=sentence_text,
                sentence_index=s_first,
                sentence_span=sentence_span,
                cue_lemma=cue_lemma,
                cue_particle=cue_particle,
                rule=c.rule,
                confidence=round(conf, 3),
                diagnostics=tuple(diagnostics),
                outlet=article.outlet,
                published=article.published,
            )
        )
        resolver.remember(c.start, speaker)
        prev_speaker = speaker
    return Attribution(statements=tuple(statements), diagnostics=tuple(quote_problems))


def cue_words(doc: Doc, cue_span: Span | None) -> tuple[str | None, str | None]:
    """The cue's lemma (when its head word is a verb, auxiliary or noun: a title-case headline verb parsed as a
    proper noun gives none, so its surface form decides) and the particle or preposition after it."""
    if cue_span is None:
        return None, None
    toks = doc.char_span(cue_span.start, cue_span.end, alignment_mode="expand")
    if toks is None or not len(toks):
        return None, None
    head = toks[0]
    lemma = head.lemma_.lower() if head.pos_ in {"VERB", "AUX", "NOUN"} else None
    follow = [t for t in head.children if t.dep_ in {"prt", "prep"} and t.i > head.i]
    return lemma, follow[0].lower_ if follow else None
