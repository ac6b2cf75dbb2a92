"""Stage 3: speaker attribution. Direct, indirect, mixed and headline statements with their speakers.

The algorithm works over the parse of the clean text (the ``Doc`` made by the sentence stage):

1. quotation spans at character level (:mod:`infclaims.taggers.quotes`);
2. cues: reporting verbs with their subject and complement (``X said (that) ...``, ``..., X said``,
   ``X accused Y of ...``, ``X called on Y to ...``, ``..., saying ...``), ``according to X``, headline
   colons (``Novak: ...``);
3. quotes are joined to their cues: a quote that fills a cue's complement makes it direct, a quote inside a
   longer complement makes it mixed, a quote with no cue continues the previous speaker;
4. chains: ``according to`` / ``quoted by`` / ``X reported`` around a statement go to ``reported_by``;
   nothing inside a direct quote is attributed again;
5. speakers are resolved (:mod:`infclaims.taggers.resolve`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from infclaims import lexicons
from infclaims.config import SpeakersConfig
from infclaims.memo import IdentityMemo
from infclaims.models import Attribution, Diagnostic, ParsedArticle, Span, Speaker, Statement, StatementKind
from infclaims.naming import make_label, statement_id
from infclaims.parsing import doc_text, entity_at, positions_of_words, sentence_of
from infclaims.taggers.quotes import Quote, find_quotes, find_single_quoted, word_count
from infclaims.taggers.resolve import Knowledge, People, Resolver

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
TRIM_CHARS = " \t\n,;:—–-\"“”'‘’«»"
RE_HEADLINE_COLON = re.compile(r"^(?P<who>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4})\s*:\s+(?P<what>\S.*)$")
RE_TOKEN = re.compile(r"\w+")
# A transcript or Q&A turn: "WALLACE: ...", "Jane Doe: ..." at the start of a body paragraph.
RE_SPEAKER_TURN = re.compile(
    r"^(?P<who>[A-Z][A-Z.'’ -]{1,30}[A-Z]|(?:[A-Z][\w.'’-]+\s){0,2}[A-Z][\w.'’-]+):\s+(?P<what>\S.{10,})$"
)
RE_LEADING_THAT = re.compile(r"(?i)that\s+(?=\S)")
_CUES = lexicons.cues()
HEADLINE_VERBS = "|".join(_CUES.headline_verbs)
RE_HEADLINE_TAIL = re.compile(
    r"^(?P<what>\S.*?)[,:]\s+(?:(?:(?P<v1>" + HEADLINE_VERBS + r")\s+(?P<who1>[A-Z][^,]{0,60}?))|"
    r"(?:(?P<who2>[A-Z][^,]{0,60}?)\s+(?P<v2>" + HEADLINE_VERBS + r")))\s*$",
    re.IGNORECASE,
)
RE_HEADLINE_LEAD = re.compile(
    r"^(?P<who>(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*)\s+(?P<v>(?i:" + HEADLINE_VERBS + r"))\s+(?P<what>\S.*)$",
)
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


@dataclass
class Candidate:
    rule: str
    start: int  # content, clean offsets
    end: int
    cue: Token | None = None
    cue_text: str | None = None
    cue_span: Span | None = None
    subject: SpacySpan | None = None
    kind: StatementKind = "indirect"
    reported_by: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pieces: tuple[Span, ...] = ()
    speaker: Speaker | None = None
    dropped: bool = False
    written: Token | None = None  # the mention as written when it is a relative pronoun ("who said")


# ----------------------------------------------------------------------------- spans over the parse


def subtree_span(tok: Token, exclude: Iterable[Token] = ()) -> tuple[int, int]:
    """Character range of a token's subtree, cut before any excluded token that sits at its edges."""
    toks = sorted(tok.subtree, key=lambda t: t.i)
    ex = {t.i for t in exclude}
    toks = [t for t in toks if t.i not in ex]
    if not toks:
        return tok.idx, tok.idx + len(tok)
    # keep the contiguous run around the head token
    i0 = next(k for k, t in enumerate(toks) if t.i == tok.i) if any(t.i == tok.i for t in toks) else 0
    lo = hi = i0
    while lo > 0 and toks[lo - 1].i == toks[lo].i - 1:
        lo -= 1
    while hi + 1 < len(toks) and toks[hi + 1].i == toks[hi].i + 1:
        hi += 1
    return toks[lo].idx, toks[hi].idx + len(toks[hi])


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM_CHARS:
        start += 1
    m = RE_LEADING_THAT.match(text, start, end)
    if m:
        start = m.end()
    while end > start and text[end - 1] in TRIM_CHARS + ".":
        end -= 1
    # keep a final full stop, question or exclamation mark that ends a sentence
    if end < len(text) and text[end : end + 1] in ".!?" and end > start:
        end += 1
    return start, end


def noun_phrase(tok: Token) -> SpacySpan:
    """The speaker mention: the subject's head with its left modifiers (no relative clauses)."""
    doc = tok.doc
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        joins = child.dep_ in {"compound", "flat", "nmod"} or (child.dep_ == "appos" and child.ent_type_ == "PERSON")
        title_of = child.dep_ == "prep" and child.lower_ in {"of", "for"} and child.i == right + 1
        if joins or title_of:
            right = max(right, child.right_edge.i)
        else:
            break
    ent = entity_at(tok)
    if ent is not None:
        right = max(right, ent.end - 1)
        left = min(left, ent.start)
    if tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON":
        left = _extend_title_left(doc, left)
    span = doc[left : right + 1]
    # cut at a comma that opens an apposition or relative clause
    for t in span:
        if t.text in {",", "(", "—", "–"} and t.i > tok.i:
            return doc[left : t.i]
    return span


TITLE_CONNECTORS = {"for", "of", "and", "'s", "’s"}


def _extend_title_left(doc: Doc, left: int) -> int:
    """Take in a title the parser split off a name: 'U.S. Under Secretary for Arms Control and International
    Security Jane Doe' (stops at punctuation, verbs and lower-case words)."""
    i = left - 1
    start = left
    while i >= 0:
        t = doc[i]
        if (t.is_punct and t.text not in {".", "-"}) or t.is_space or t.pos_ in {"VERB", "AUX", "PRON"}:
            break
        closed_class = t.pos_ in {"CCONJ", "SCONJ", "ADV", "DET", "PART", "INTJ"} or (
            t.pos_ == "ADP" and not t.is_title
        )
        if closed_class and t.lower_ not in TITLE_CONNECTORS:
            if t.lower_ == "the" and start == i + 1:
                start = i
            break
        if t.is_title or t.is_upper or t.lower_ in TITLE_CONNECTORS or t.tag_ == "POS":
            if not (t.lower_ in TITLE_CONNECTORS or t.tag_ == "POS"):
                start = i
            i -= 1
            continue
        if t.lower_ == "the" and start == i + 1:
            start = i
        break
    return start


def is_pronoun_like(tok: Token) -> bool:
    return tok.pos_ == "PRON" or tok.lower_ in {"it", "this", "that", "which", "who", "there"}


# ----------------------------------------------------------------------------- cues


def _subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    if verb.tag_ == "VBG" and verb.dep_ in {"advcl", "conj", "xcomp"}:
        # "..., the US withdrew, citing violations": the nearest clause before the participle speaks
        sent = sentence_of(verb)
        for tok in reversed(list(sent[: verb.i - sent.start])):
            if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.i < verb.i and tok.head.pos_ in {"VERB", "AUX"}:
                return tok if tok.dep_ == "nsubj" else None
    # inherit through coordination, participial and relative clauses ("... and accuses", "..., saying")
    head = verb
    for _ in range(4):
        if head.dep_ in {"conj", "advcl", "xcomp", "acl", "pcomp", "prep"} and head.head != head:
            head = head.head
            for child in head.children:
                if child.dep_ in SUBJECT_DEPS:
                    return child
        else:
            break
    return None


def _phrasal_ok(verb: Token, cues: lexicons.Cues) -> bool:
    """'point' counts only as 'point out'; 'lash' only as 'lash out'."""
    lemma = verb.lemma_.lower()
    if lemma in cues.particle_required:
        prts = {c.text.lower() for c in verb.children if c.dep_ in {"prt", "prep"}}
        return bool(prts & cues.phrasal.get(lemma, frozenset()))
    return True


def find_cue_candidates(doc: Doc, sent: SpacySpan, cues: lexicons.Cues, config: SpeakersConfig) -> list[Candidate]:
    """Reporting-verb and 'according to' candidates of one sentence."""
    out: list[Candidate] = []
    text = doc_text(doc)
    positions = positions_of_words(doc, _candidate_words(cues))
    for i in positions[bisect_left(positions, sent.start) : bisect_left(positions, sent.end)]:
        tok = doc[i]
        lemma = tok.lemma_.lower()
        if tok.pos_ == "ADJ" and tok.dep_ == "acomp" and lemma in cues.attitude_adjectives:
            cand = _adjective_candidate(tok)
            if cand is not None:
                out.append(cand)
            continue
        if tok.pos_ in {"VERB", "AUX"} and lemma in cues.verbs and tok.pos_ != "AUX" and _phrasal_ok(tok, cues):
            cand = _verb_candidate(tok, cues, config)
            if cand is not None:
                out.append(cand)
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            cand = _according_candidate(tok, sent)
            if cand is not None:
                out.append(cand)
        elif tok.pos_ == "NOUN" and lemma in cues.noun:
            cand = _noun_candidate(tok)
            if cand is not None:
                out.append(cand)
    for c in out:
        c.start, c.end = trim(text, c.start, c.end)
    return [c for c in out if c.end > c.start]


def _passive_candidate(verb: Token, cues: lexicons.Cues) -> Candidate | None:
    """'The plan was criticized by Democrats': the agent speaks, the passive subject is what was said about."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is None:
        return None
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.pos_ not in {"PROPN", "NOUN", "PRON"} or pobj.ent_type_ in {"DATE", "TIME"}:
        return None
    ccomp = [c for c in verb.children if c.dep_ in {"ccomp", "xcomp"} and c.i > verb.i]
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if ccomp and (subj is None or subj.lower_ == "it"):
        content = subtree_span(ccomp[0], exclude=[t for t in ccomp[0].children if t.dep_ == "mark"])
    elif subj is not None and not is_pronoun_like(subj):
        content = subtree_span(subj)
    else:
        return None
    mention = noun_phrase(pobj)
    return Candidate(
        rule="speech-act",
        start=content[0],
        end=content[1],
        cue=verb,
        cue_text=f"{verb.text} by",
        cue_span=Span(start=verb.idx, end=agent.idx + len(agent)),
        subject=mention,
    )


def _verb_candidate(verb: Token, cues: lexicons.Cues, config: SpeakersConfig) -> Candidate | None:
    lemma = verb.lemma_.lower()
    if verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children):
        return _passive_candidate(verb, cues) if lemma not in cues.belief else None
    subj = _subject_of(verb)
    if subj is None or subj.dep_ == "csubj":
        return None
    relative: Token | None = None
    if subj.lower_ == "it" and lemma in cues.speech and lemma not in cues.belief:
        pass  # "It said in a statement ...": an organisation speaking, resolved like other pronouns
    elif subj.lower_ in {"which", "that", "who", "what", "it", "there"} and subj.lower_ != "who":
        if subj.lower_ in {"which", "that"} and verb.dep_ == "relcl":
            relative, subj = subj, verb.head
        else:
            return None
    if subj.lower_ == "who" and verb.dep_ == "relcl":
        relative, subj = subj, verb.head
    appos = [c for c in subj.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
    if appos and subj.ent_type_ != "PERSON":
        subj = appos[0]
    if any(c.dep_ == "mark" and c.lower_ in _CUES.conditional_marks for c in verb.children):
        return None
    if verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children):
        return None  # "it was reported", "he was asked" (passive: the subject is not the speaker)
    children = list(verb.children)
    is_belief = lemma in cues.belief and lemma not in cues.speech and lemma not in cues.speech_act
    if is_belief and not config.include_beliefs:
        return None
    rule = "belief" if is_belief else ("speech-act" if lemma not in cues.speech else "speech-verb")
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        rule = "participial"
    content: tuple[int, int] | None = None
    exclude = [subj, *subj.subtree] if subj.head == verb else []
    ccomp = [c for c in children if c.dep_ in {"ccomp", "parataxis"} and c.i != subj.i]
    if ccomp:
        c = ccomp[0] if len(ccomp) == 1 else max(ccomp, key=lambda t: len(list(t.subtree)))
        marks = [t for t in c.children if t.dep_ == "mark" and t.lower_ in {"that", "whether", "if"}]
        cut: list[Token] = []
        for conj in c.children:
            if (
                conj.dep_ == "conj"
                and conj.lemma_.lower() in cues.verbs
                and not any(g.dep_ in SUBJECT_DEPS for g in conj.children)
            ):
                cut.extend(conj.subtree)
                cut.extend(t for t in c.children if t.dep_ == "cc" and t.i < conj.i)
        content = subtree_span(c, exclude=[*marks, *exclude, *cut])
    elif lemma in cues.judgement_verbs:
        obj = [c for c in children if c.dep_ == "dobj"]
        prep = [c for c in children if c.dep_ == "prep" and c.lower_ in {"of", "for", "over"}]
        if prep:
            # "accused Russia of non-compliance with the treaty": the charge, without the accused
            comp = [c for c in prep[0].children if c.dep_ in {"pobj", "pcomp"}]
            start = comp[0].left_edge.idx if comp else prep[0].idx + len(prep[0])
            end = subtree_span(prep[0])[1]
            for sib in children:
                if sib.i > prep[0].i and sib.dep_ in {"prep", "advcl"} and sib.lower_ not in {"after", "before", "in"}:
                    end = max(end, subtree_span(sib)[1])
            content = (start, end)
        elif obj:
            content = subtree_span(obj[0])
    elif lemma in {"ask", "call", "press", "push"} and (
        pf := [c for c in children if c.dep_ == "prep" and c.lower_ == "for" and c.i > verb.i]
    ):
        comp = [c for c in pf[0].children if c.dep_ in {"pobj", "pcomp"}]
        if comp:
            content = subtree_span(comp[0])
    elif lemma in cues.appeal_verbs and (
        xc := [c for c in children if c.dep_ == "xcomp"]
        or [
            c
            for p in children
            if p.dep_ == "prep"
            for o in p.children
            for c in o.children
            if c.dep_ in {"xcomp", "acl"}
        ]
    ):
        prep_on = [c for c in children if c.dep_ in {"prep", "dobj"} and c.i > verb.i]
        start = min([*(c.idx for c in prep_on), xc[0].left_edge.idx])
        if prep_on and prep_on[0].dep_ == "prep":
            pobj = [o for o in prep_on[0].children if o.dep_ == "pobj"]
            start = pobj[0].left_edge.idx if pobj else start
        content = (start, subtree_span(xc[0])[1])
    else:
        xcomp = [c for c in children if c.dep_ == "xcomp"]
        dobj = [c for c in children if c.dep_ == "dobj"]
        if xcomp and lemma in cues.infinitive_complement_cues:
            content = subtree_span(xcomp[0])
        elif (
            dobj
            and lemma in cues.speech_act
            and lemma not in cues.event_object_verbs
            and (not is_pronoun_like(dobj[0]) or any(c.dep_ in {"oprd", "xcomp"} for c in children))
        ):
            content = subtree_span(dobj[0])
            oprd = [c for c in children if c.dep_ in {"oprd", "xcomp", "acomp"} and c.i > dobj[0].i]
            if oprd:  # "called the plan a disaster", "described it as reckless"
                content = (dobj[0].left_edge.idx, subtree_span(oprd[0])[1])
            prep = [
                c for c in children if c.dep_ == "prep" and c.lower_ in {"of", "for", "to", "as"} and c.i > dobj[0].i
            ]
            if prep:
                content = (content[0], subtree_span(prep[0])[1])
    if content is None and lemma in cues.speech and not is_belief:
        # "said following the meeting that ...": a that-clause separated from the verb by a phrase
        sent = sentence_of(verb)
        for tok in sent[verb.i - sent.start + 1 : verb.i - sent.start + 20]:
            if tok.dep_ == "mark" and tok.lower_ == "that" and tok.head.pos_ in {"VERB", "AUX"} and tok.head.i > tok.i:
                content = subtree_span(tok.head, exclude=[tok])
                break
            if tok.pos_ in {"VERB", "AUX"} and tok.dep_ in {"ROOT", "conj"}:
                break
    if content is None and lemma in cues.speech and not is_belief:
        # "... he said after the convention he would not accept it": a clause the parser hung on the cue
        clause = [
            c
            for c in children
            if c.dep_ in {"advcl", "parataxis"}
            and c.i > verb.i
            and any(g.dep_ == "nsubj" for g in c.children)
            and not any(g.dep_ == "mark" for g in c.children)
        ]
        if clause:
            content = subtree_span(clause[0])
    if content is None and lemma in cues.speech and not is_belief and verb.dep_ in {"parataxis", "ccomp", "advcl"}:
        # "Back home, Mr. Clarke said, he decided to act": the cue is a parenthetical inside its content
        head = verb.head
        punct_before = (
            verb.i > 0 and verb.doc[subj.left_edge.i - 1].text in {",", "—", "–"} if subj.i < verb.i else False
        )
        if head.pos_ in {"VERB", "AUX"} and head.i != verb.i and punct_before:
            content = subtree_span(head, exclude=list(verb.subtree))
    if content is None and lemma in cues.prep_verbs:
        # "talked about bringing communities together", "referred to the plan as ..."
        preps = [
            c for c in children if c.dep_ in {"prep", "prt"} and c.lower_ in cues.prep_complements and c.i > verb.i
        ]
        for pp in preps:
            comp = [c for c in pp.children if c.dep_ in {"pobj", "pcomp"}]
            if comp and comp[0].ent_type_ not in {"DATE", "TIME"}:
                content = subtree_span(comp[0])
                break
    if content is None:
        return None
    mention = noun_phrase(subj)
    cue_tokens = [verb, *(c for c in children if c.dep_ == "prt")]
    cue_text = " ".join(t.text for t in sorted(cue_tokens, key=lambda t: t.i))
    cue_span = Span(start=min(t.idx for t in cue_tokens), end=max(t.idx + len(t) for t in cue_tokens))
    # the content must not swallow the speaker or the cue
    start, end = content
    if start <= mention.start_char < end or start <= verb.idx < end:
        if mention.end_char <= verb.idx:
            start = max(start, verb.idx + len(verb))
        else:
            end = min(end, min(mention.start_char, verb.idx))
    return Candidate(
        rule=rule,
        start=start,
        end=end,
        cue=verb,
        cue_text=cue_text,
        cue_span=cue_span,
        subject=mention,
        written=relative,
    )


#: Every word that can open a candidate in find_cue_candidates: cue verbs and nouns, attitude adjectives,
#: 'according'.
_candidate_words: IdentityMemo[lexicons.Cues, frozenset[str]] = IdentityMemo(
    lambda cues: frozenset({*cues.verbs, *cues.noun, *cues.attitude_adjectives, "according"}), limit=16
)


def _adjective_candidate(adj: Token) -> Candidate | None:
    verb = adj.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in {"it", "there", "this", "that", "which", "what"}:
        return None
    comp = [c for c in adj.children if c.dep_ == "ccomp"] or [
        o
        for p in adj.children
        if p.dep_ == "prep" and p.lower_ in {"of", "about", "that"}
        for o in p.children
        if o.dep_ in {"pobj", "pcomp"}
    ]
    if not comp:
        return None
    return _clause_candidate("belief", comp[0], adj, subj)


def _clause_candidate(rule: str, clause: Token, cue: Token, speaker: Token) -> Candidate:
    """A one-word cue ('confident', 'claim') whose clause, without its 'that', is the content."""
    marks = [t for t in clause.children if t.dep_ == "mark"]
    start, end = subtree_span(clause, exclude=marks)
    return Candidate(
        rule=rule,
        start=start,
        end=end,
        cue=cue,
        cue_text=cue.text,
        cue_span=Span(start=cue.idx, end=cue.idx + len(cue)),
        subject=noun_phrase(speaker),
    )


def _according_candidate(tok: Token, sent: SpacySpan) -> Candidate | None:
    to = tok.doc[tok.i + 1]
    pobj = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
    if not pobj:
        return None
    source = noun_phrase(pobj[0])
    phrase_start = tok.idx
    phrase_end = max(source.end_char, pobj[0].right_edge.idx + len(pobj[0].right_edge))
    # content: the clause the phrase attaches to, outside the 'according to X' phrase
    head = tok.head if tok.head != tok else tok
    while head.dep_ not in {"ROOT", "ccomp", "relcl", "advcl", "conj", "xcomp"} and head.head != head:
        head = head.head
    phrase = {t.i for t in tok.subtree} | {t.i for t in to.subtree} | {tok.i, to.i}
    clause = [t for t in head.subtree if t.i not in phrase and not t.is_punct]
    while clause and clause[0].tag_ in {"WDT", "WP", "IN", "CC"}:
        clause = clause[1:]
    if clause and head.pos_ in {"VERB", "AUX"}:
        start = min(t.idx for t in clause)
        end = max(t.idx + len(t) for t in clause)
    else:
        s, e = sent.start_char, sent.end_char
        start, end = (s, phrase_start) if phrase_start - s > e - phrase_end else (phrase_end, e)
    return Candidate(
        rule="according-to",
        start=start,
        end=end,
        cue=tok,
        cue_text="according to",
        cue_span=Span(start=tok.idx, end=to.idx + len(to)),
        subject=source,
    )


def _noun_candidate(tok: Token) -> Candidate | None:
    """'X's claim that ...', 'the warning by X that ...' (nouns with a clausal complement and an owner)."""
    comp = [
        c
        for c in tok.children
        if c.dep_ in {"acl", "ccomp"} and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
    ]
    poss = [c for c in tok.children if c.dep_ == "poss"]
    if not comp or not poss or is_pronoun_like(poss[0]):
        return None
    return _clause_candidate("noun-cue", comp[0], tok, poss[0])


def split_coordinated(cand: Candidate) -> list[Candidate]:
    """'Berlin and Beijing criticized ...': one statement per coordinated named speaker."""
    subj = cand.subject
    if subj is None:
        return [cand]
    head = subj.root
    conjs = [
        c for c in head.children if c.dep_ == "conj" and c.pos_ == "PROPN" and c.ent_type_ in {"GPE", "ORG", "PERSON"}
    ]
    if head.pos_ != "PROPN" or not conjs or head.ent_type_ not in {"GPE", "ORG", "PERSON"}:
        return [cand]
    doc = head.doc
    out = []
    for tok in [head, *conjs]:
        ent = entity_at(tok)
        mention = ent if ent is not None else doc[tok.i : tok.i + 1]
        out.append(
            Candidate(
                rule=cand.rule,
                start=cand.start,
                end=cand.end,
                cue=cand.cue,
                cue_text=cand.cue_text,
                cue_span=cand.cue_span,
                subject=mention,
                kind=cand.kind,
            )
        )
    return out


# ----------------------------------------------------------------------------- quotes and cues together


def _inside(pos: int, spans: list[Span]) -> bool:
    return any(s.start <= pos < s.end for s in spans)


def _tokens(text: str) -> list[str]:
    return RE_TOKEN.findall(text.lower())


def _attach_quotes(doc: Doc, quotes: list[Quote], cands: list[Candidate], paragraphs: list[Span]) -> list[Candidate]:
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
            if c.start <= q.outer.start and q.outer.end <= c.end + 2 and len(_tokens(outside)) >= 3:
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
                out.append(c)
                continue
            if words < 4 and not _quote_fills_clause(text, q, c):
                continue  # a scare-quoted phrase: the candidate stays indirect (or mixed)
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


def _headline_candidates(doc: Doc, headline: Span | None) -> list[Candidate]:
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


def _turn_candidates(doc: Doc, paragraphs: list[Span], headline: Span | None) -> list[Candidate]:
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
        if any(t.lower_ in _CUES.not_turn_speakers for t in subject):
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


# ----------------------------------------------------------------------------- chains


#: "in comments quoted by the Interfax news agency": participles that name a relay with their agent.
RELAY_VERBS = frozenset({"quote", "cite", "report"})


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
            if hit:
                inner.reported_by.append(outer.subject.text)
                outer.dropped = True
                break
    # "in comments quoted by the Interfax news agency"
    for c in cands:
        if c.cue is None:
            continue
        cue = c.cue
        # the relay verbs in the cue's subtree, in order: found among the Doc's few relay words, not by a walk
        relays = positions_of_words(cue.doc, RELAY_VERBS)
        lo, hi = bisect_left(relays, cue.left_edge.i), bisect_right(relays, cue.right_edge.i)
        for tok in (cue.doc[i] for i in relays[lo:hi]):
            if tok.i != cue.i and not cue.is_ancestor(tok):
                continue
            if tok.lemma_.lower() in RELAY_VERBS and tok.tag_ == "VBN":
                agents = [a for a in tok.children if a.dep_ == "agent"]
                for a in agents:
                    for pobj in a.children:
                        if pobj.dep_ == "pobj":
                            name = noun_phrase(pobj).text
                            if name not in c.reported_by:
                                c.reported_by.append(name)


def _dedupe(cands: list[Candidate], quotes: list[Quote]) -> list[Candidate]:
    """Drop statements nested in a direct quote and duplicates over the same content."""
    direct_outer = [q.outer for q in quotes]
    keep: list[Candidate] = []
    direct = [c for c in cands if c.kind == "direct"]
    direct_spans = [Span(start=c.start, end=c.end) for c in direct]
    for c in cands:
        if c.dropped:
            continue
        if c.kind != "direct" and c.cue is not None and _inside(c.cue.idx, direct_outer) and c.rule != "headline-colon":
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
    headline = _headline_candidates(doc, article.headline)
    if headline and article.headline is not None:
        h = article.headline
        cands = [
            c for c in cands if not (h.start <= c.start < h.end or (c.cue is not None and h.start <= c.cue.idx < h.end))
        ]
    cands.extend(headline)
    turns = _turn_candidates(doc, paragraphs, article.headline)
    if turns:
        spans = [(t.start, t.end) for t in turns]
        cands = [c for c in cands if not any(a <= c.start < b for a, b in spans)]
        cands.extend(turns)
    _apply_chains(cands, cues)
    cands = [c for c in cands if not c.dropped]
    cands = _attach_quotes(doc, quotes, cands, paragraphs)
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
