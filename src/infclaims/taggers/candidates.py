"""Statement candidates from the parse: reporting cues (verbs, adjectives, nouns, 'according to') with their
speaker and the span of their content, before quotes are joined to them or speakers resolved."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from infclaims import lexicons
from infclaims.config import SpeakersConfig
from infclaims.memo import IdentityMemo
from infclaims.models import Diagnostic, Span, Speaker, StatementKind
from infclaims.parsing import doc_text, entity_at, positions_of_words, sentence_of

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
#: Verbs that pass someone else's words on: their agent is a relay ("quoted by Interfax"), not a speaker.
RELAY_VERBS = frozenset({"quote", "cite", "report"})
#: Nouns that name a person by role or gender ("spokeswoman", "minister", "Mr."), from roles.json and mentions.json.
_PERSON_NOUNS = (
    frozenset(lexicons.roles().synonyms) | lexicons.mentions().feminine_nouns | lexicons.mentions().masculine_nouns
)
HEADLINE_VERBS = "|".join(_CUES.headline_verbs)
RE_HEADLINE_TAIL = re.compile(
    r"^(?P<what>\S.*?)[,:]\s+(?:(?:(?P<v1>" + HEADLINE_VERBS + r")\s+(?P<who1>[A-Z][^,]{0,60}?))|"
    r"(?:(?P<who2>[A-Z][^,]{0,60}?)\s+(?P<v2>" + HEADLINE_VERBS + r")))\s*$",
    re.IGNORECASE,
)
RE_HEADLINE_LEAD = re.compile(
    r"^(?P<who>(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*)\s+(?P<v>(?i:" + HEADLINE_VERBS + r"))\s+(?P<what>\S.*)$",
)


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
    """'The plan was criticized by Democrats': the agent speaks, the passive subject is what was said about.
    'X was quoted by Kyodo as telling ...' is no statement of Kyodo's: a relay verb's agent only passes X's words
    on (the chains step makes it X's ``reported_by``)."""
    if verb.lemma_.lower() in RELAY_VERBS:
        return None
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


def _verb_subject(verb: Token, lemma: str, cues: lexicons.Cues) -> tuple[Token, Token | None] | None:
    """Who speaks through ``verb``: its subject (through a relative pronoun to its antecedent, through an
    apposition to the person), and the relative pronoun as written; None when the subject cannot speak."""
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
    # "a State Department spokeswoman, Morgan Hale, said": the name in apposition speaks, whatever label the
    # recogniser gave it, when the head is a person noun
    person_head = subj.lower_ in _PERSON_NOUNS
    appos = [
        c
        for c in subj.children
        if c.dep_ == "appos" and (c.ent_type_ == "PERSON" or (person_head and c.pos_ == "PROPN" and c.is_title))
    ]
    if appos and subj.ent_type_ != "PERSON":
        subj = appos[0]
    return subj, relative


def _complement_content(
    verb: Token, lemma: str, children: list[Token], subj: Token, exclude: list[Token], cues: lexicons.Cues
) -> tuple[int, int] | None:
    """The content in the verb's complement, by the kind of cue: a clause ("said that ..."), the charge of a
    judgement ("accused X of ..."), what is asked for ("called for ..."), the act appealed for ("urged X to
    ..."), an infinitive or an object of a speech act ("vowed to ...", "called the plan a disaster")."""
    content: tuple[int, int] | None = None
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
    return content


def _fallback_content(
    verb: Token, lemma: str, children: list[Token], subj: Token, cues: lexicons.Cues, is_belief: bool
) -> tuple[int, int] | None:
    """The content of a cue whose complement the parser did not attach where expected: a that-clause after a
    phrase, a clause hung on the cue, the clause a parenthetical cue sits in, a prepositional complement."""
    content: tuple[int, int] | None = None
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
    return content


def _verb_candidate(verb: Token, cues: lexicons.Cues, config: SpeakersConfig) -> Candidate | None:
    """A statement introduced by a reporting verb: its speaker (the subject), its cue and its content."""
    lemma = verb.lemma_.lower()
    if verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children):
        return _passive_candidate(verb, cues) if lemma not in cues.belief else None
    found = _verb_subject(verb, lemma, cues)
    if found is None:
        return None
    subj, relative = found
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
    exclude = [subj, *subj.subtree] if subj.head == verb else []
    content = _complement_content(verb, lemma, children, subj, exclude, cues)
    if content is None:
        content = _fallback_content(verb, lemma, children, subj, cues, is_belief)
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
