"""Stage 4: give each attributed statement one claim type, with its condition, hedge and target.

The algorithm is a set of ordered rules over the dependency parse of the statement's content:

1. the cue verb (``accused``, ``called on``, ``rejected`` ...) decides when it is unambiguous;
2. otherwise content features decide, in this order: a first-person cue verb in the content ("we reject"),
   denial, rejection, ultimatum (unless ...), demand, offer, warning, accusation, commitment;
3. then a weak cue (``believe``, ``agree`` ...), then evaluative language (assessment), else ``report``.

Every decision names its rule in ``Claim.evidence``. The word lists live in ``resources/claim_cues.json``
(content lexicons, cue verbs, and the function words the rules test for: negations, modals by reading),
read once by :mod:`infclaims.lexicons`; this module holds only the logic. The few lists still written here are
dependency labels and part-of-speech tags of spaCy's scheme, not words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, cast

from infclaims import lexicons
from infclaims.memo import IdentityMemo
from infclaims.models import Claim, ClaimType, SpeakerType, Statement, Target
from infclaims.parsing import entity_at, has_sentences, head_indices, marked_heads, sentence_of, word_table

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

Phrase = tuple[str, ...]
TargetResolver = Callable[["Span"], "Target | None"]

RESOURCE = "claim_cues.json"
_CLAIM_TYPES: frozenset[str] = frozenset(
    ("accusation", "denial", "rejection", "demand", "offer", "commitment", "warning", "assessment", "report")
)
#: Entity types of a phrase that can never be a claim's target.
_NOT_ACTORS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
_ACTOR_ENTS: Mapping[str, SpeakerType] = {
    "GPE": "country",
    "ORG": "organization",
    "PERSON": "person",
    "NORP": "group",
}

# Confidence per kind of rule: a cue verb is the strongest signal, a fallback the weakest.
CONF_CUE = 0.9
CONF_CONTENT = 0.75
CONF_WEAK_CUE = 0.6
CONF_ASSESSMENT = 0.55
CONF_REPORT = 0.4


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class ClaimCues:
    """The claim-typing lexicons, as loaded from ``resources/claim_cues.json``."""

    cue_verbs: Mapping[str, ClaimType]
    weak_cue_verbs: Mapping[str, ClaimType]
    cue_phrases: Mapping[tuple[str, str], ClaimType]
    neutral_cues: frozenset[str]
    allegation_nouns: frozenset[str]
    proposal_nouns: frozenset[str]
    content: Mapping[str, tuple[Phrase, ...]]
    hedges: tuple[Phrase, ...]
    condition_markers: tuple[Phrase, ...]
    irregular_forms: Mapping[str, str]
    cue_skip_words: frozenset[str]
    function_words: Mapping[str, tuple[str, ...]]

    def __post_init__(self) -> None:
        single = {name: frozenset(p[0] for p in phrases if len(p) == 1) for name, phrases in self.content.items()}
        object.__setattr__(self, "_single_words", single)
        object.__setattr__(self, "_function_sets", {k: frozenset(v) for k, v in self.function_words.items()})

    def fw(self, name: str) -> frozenset[str]:
        """A set of function words (``function_words`` in the JSON): negations, modals by reading, ..."""
        sets: dict[str, frozenset[str]] = self.__dict__["_function_sets"]
        return sets[name]

    def words(self, name: str) -> frozenset[str]:
        """The single-word entries of a content lexicon (computed once)."""
        single: dict[str, frozenset[str]] = self.__dict__["_single_words"]
        return single[name]

    def known_lemmas(self) -> frozenset[str]:
        return frozenset(
            [*self.cue_verbs, *self.weak_cue_verbs, *self.neutral_cues, *(verb for verb, _ in self.cue_phrases)]
        )


def _phrases(items: Iterable[str]) -> tuple[Phrase, ...]:
    # Longest first, so that "may have" wins over "may" at the same position. A hyphenated word is also
    # kept split ("non - compliance"), as the tokenizer may cut it at the hyphen.
    out: set[Phrase] = set()
    for item in items:
        words = tuple(item.lower().split())
        if not words:
            continue
        out.add(words)
        if any("-" in w for w in words):
            split = " ".join(words).replace("-", " - ").split()
            out.add(tuple(split))
    return tuple(sorted(out, key=lambda p: (-len(p), p)))


def _typed(table: Mapping[str, Any]) -> dict[str, ClaimType]:
    out: dict[str, ClaimType] = {}
    for claim_type, lemmas in table.items():
        if claim_type.startswith("_"):
            continue
        if claim_type not in _CLAIM_TYPES:
            raise ValueError(f"{RESOURCE}: unknown claim type {claim_type!r}")
        for lemma in lemmas:
            out[lemma.lower()] = cast(ClaimType, claim_type)
    return out


def parse_claim_cues(data: Mapping[str, Any]) -> ClaimCues:
    """Build the lexicons from the JSON structure of ``claim_cues.json`` (kept apart for tests)."""
    phrases: dict[tuple[str, str], ClaimType] = {}
    for key, claim_type in data["cue_phrases"].items():
        if key.startswith("_"):
            continue
        verb, _, complement = key.lower().partition(" ")
        if claim_type not in _CLAIM_TYPES:
            raise ValueError(f"{RESOURCE}: unknown claim type {claim_type!r} for cue phrase {key!r}")
        phrases[(verb, complement)] = cast(ClaimType, claim_type)
    content = {name: _phrases(items) for name, items in data["content"].items() if not name.startswith("_")}
    return ClaimCues(
        cue_verbs=_typed(data["cue_verbs"]),
        weak_cue_verbs=_typed(data["weak_cue_verbs"]),
        cue_phrases=phrases,
        neutral_cues=frozenset(w.lower() for w in data["neutral_cues"]),
        allegation_nouns=frozenset(data["object_nouns"]["allegation"]),
        proposal_nouns=frozenset(data["object_nouns"]["proposal"]),
        content=content,
        hedges=_phrases(data["hedges"]),
        condition_markers=_phrases(data["condition_markers"]),
        irregular_forms={k: v for k, v in data["irregular_forms"].items() if not k.startswith("_")},
        cue_skip_words=frozenset(w.lower() for w in data["cue_skip_words"]),
        function_words={k: tuple(v) for k, v in data["function_words"].items() if not k.startswith("_")},
    )


@lru_cache(maxsize=1)
def load_claim_cues() -> ClaimCues:
    """The packaged lexicons, read once per process."""
    return parse_claim_cues(lexicons.resource(RESOURCE))


# --------------------------------------------------------------------------- token helpers


def _norm(token: Token) -> tuple[str, str]:
    return token.lower_, token.lemma_.lower()


class Tokens(list["Token"]):
    """The tokens of a statement's content, with each token's (lower-case text, lemma) computed once: the
    rules look the same content up in a dozen lexicons."""

    @cached_property
    def words(self) -> list[tuple[str, str]]:
        if not self:
            return []
        lowers, lemmas = word_table(self[0].doc)  # the same pairs as _norm, read from the Doc's table
        return [(lowers[t.i], lemmas[t.i]) for t in self]

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        """Where each text and lemma occurs (ascending): a lexicon is tried only where one of its first
        words is, and not at all when none of them is here."""
        found: dict[str, list[int]] = {}
        for i, (text, lemma) in enumerate(self.words):
            found.setdefault(text, []).append(i)
            if lemma != text:
                found.setdefault(lemma, []).append(i)
        return found


def find_phrases(tokens: Sequence[Token], phrases: tuple[Phrase, ...]) -> Iterator[tuple[Phrase, int, int]]:
    """Yield ``(phrase, start, end)`` for each lexicon phrase found; a word matches a token's text or lemma.

    ``start``/``end`` are indices into ``tokens`` (non-overlapping, leftmost-longest).
    """
    index = _phrase_index(phrases)
    if isinstance(tokens, Tokens):
        positions = tokens.positions
        present = index.first_words.intersection(positions)
        if not present:
            return
        seq = tokens.words
        starts: Iterable[int] = sorted({i for word in present for i in positions[word]})
    else:
        seq = [_norm(t) for t in tokens]
        starts = range(len(seq))
    free = 0  # the first token not inside a phrase already found
    for i in starts:
        if i < free:
            continue
        text, lemma = seq[i]
        for phrase in index.candidates(text, lemma):
            n = len(phrase)
            if i + n <= len(seq) and all(word in seq[i + k] for k, word in enumerate(phrase)):
                yield phrase, i, i + n
                free = i + n
                break


_MERGED_LIMIT = 20_000


class _PhraseIndex:
    """Phrases grouped by their first word, longest first (the order ``find_phrases`` tries them in).

    Built once per lexicon (see ``_phrase_index``)."""

    def __init__(self, phrases: tuple[Phrase, ...]) -> None:
        grouped: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            grouped.setdefault(phrase[0], []).append(phrase)
        self.by_first = {w: tuple(sorted(ps, key=_longest_first)) for w, ps in grouped.items()}
        self.first_words = frozenset(self.by_first)
        self._merged: dict[tuple[str, str], tuple[Phrase, ...]] = {}

    def candidates(self, text: str, lemma: str) -> tuple[Phrase, ...]:
        """Phrases whose first word is the token's text or its lemma, longest first."""
        if lemma == text:
            return self.by_first.get(text, ())
        key = (text, lemma)
        merged = self._merged.get(key)
        if merged is None:
            if len(self._merged) >= _MERGED_LIMIT:  # bounded, so a long run's memory stays flat
                self._merged.clear()
            found = {*self.by_first.get(text, ()), *self.by_first.get(lemma, ())}
            merged = self._merged[key] = tuple(sorted(found, key=_longest_first))
        return merged


def _longest_first(phrase: Phrase) -> tuple[int, Phrase]:
    return -len(phrase), phrase


#: The index of each lexicon, found by the lexicon's identity (hashing the phrase tuple per lookup costs more).
_phrase_index: IdentityMemo[tuple[Phrase, ...], _PhraseIndex] = IdentityMemo(_PhraseIndex)


def _first(tokens: list[Token], phrases: tuple[Phrase, ...]) -> tuple[Phrase, int, int] | None:
    return next(find_phrases(tokens, phrases), None)


def _is_negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in token.children)


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``, looking through auxiliaries, conjunctions and open complements."""
    seen = 0
    node: Token | None = verb
    while node is not None and seen < 6:
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                return child
        climbs = node.dep_ in ("conj", "xcomp", "aux", "auxpass") and node.head.i != node.i
        node = node.head if climbs else None
        seen += 1
    return None


def _person(token: Token | None, cues: ClaimCues) -> int:
    """1 for first person, 2 for second person, 3 otherwise (0 when there is no subject)."""
    if token is None:
        return 0
    lower = token.lower_
    if lower in cues.words("first_person"):
        return 1
    if lower in cues.words("second_person"):
        return 2
    if token.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "conj" and _person(c, cues) == 1 for c in token.children):
        return 1
    return 3


def _modals(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.tag_ == "MD"]


def _governing_modals(verb: Token) -> list[Token]:
    """Modals of ``verb`` or of the verbs it is an open complement of: "would have to *give*"."""
    node = verb
    for _ in range(4):
        found = _modals(node)
        infinitive = node.dep_ == "ccomp" and any(c.tag_ == "TO" for c in node.children)
        if found or not (node.dep_ == "xcomp" or infinitive):
            return found
        node = node.head
    return []


def _content_tokens(content: Span) -> Tokens:
    return Tokens(t for t in content if not t.is_space)


# --------------------------------------------------------------------------- the cue


@dataclass(frozen=True)
class _Cue:
    lemma: str | None
    complement: str | None
    token: Token | None


def _lemma_of(word: str, cues: ClaimCues) -> str:
    word = word.lower()
    if word in cues.irregular_forms:
        return cues.irregular_forms[word]
    known = cues.known_lemmas()
    if word in known:
        return word
    candidates = []
    if word.endswith("ied"):
        candidates.append(word[:-3] + "y")
    if word.endswith("ies"):
        candidates.append(word[:-3] + "y")
    if word.endswith("ing"):
        candidates += [word[:-3], word[:-3] + "e", word[:-4]]
    if word.endswith("ed"):
        candidates += [word[:-2], word[:-1], word[:-3]]
    if word.endswith("es"):
        candidates.append(word[:-2])
    if word.endswith("s"):
        candidates.append(word[:-1])
    return next((c for c in candidates if c in known), word)


def _region(content: Span) -> Span:
    doc = content.doc
    if len(content) == 0:
        return content
    if not has_sentences(doc):
        return doc[:]
    start = sentence_of(content[0]).start
    end = sentence_of(content[-1]).end
    return doc[start:end]


def _find_cue_token(content: Span, lemma: str | None, surface: str | None) -> Token | None:
    if lemma is None and surface is None:
        return None
    region = _region(content)
    lowers, lemmas = word_table(content.doc)
    best: int | None = None
    best_distance = 10**9
    for i in range(region.start, region.end):
        if content.start <= i < content.end:
            continue
        if lowers[i] == (surface or "") or (lemma is not None and lemmas[i] == lemma):
            distance = min(abs(i - content.start), abs(i - content.end))
            if distance < best_distance:
                best, best_distance = i, distance
    return content.doc[best] if best is not None else None


def _resolve_cue(
    content: Span, cue: str | None, cue_lemma: str | None, cue_complement: str | None, cues: ClaimCues
) -> _Cue:
    words = cue.lower().split() if cue else []
    while len(words) > 1 and (words[0] in cues.cue_skip_words or words[0].endswith("ly")):
        words = words[1:]
    words = [w for w in words if w.isalpha() or "'" in w]
    surface = words[0] if words else None
    lemma = cue_lemma.lower() if cue_lemma else None
    complement = cue_complement.lower() if cue_complement else None
    if complement is None and len(words) > 1:
        complement = words[-1]
    token = _find_cue_token(content, lemma, surface) if len(content) else None
    if lemma is None and token is not None and token.pos_ in ("VERB", "AUX", "NOUN"):
        # a title-case headline verb is tagged as a proper noun, whose lemma is the word itself
        lemma = token.lemma_.lower()
    if lemma is None and surface is not None:
        lemma = _lemma_of(surface, cues)
    if complement is None and token is not None:
        prt = [c.lower_ for c in token.children if c.dep_ in ("prt", "prep") and c.i > token.i]
        for word in prt:
            if (lemma or "", word) in cues.cue_phrases:
                complement = word
                break
    return _Cue(lemma=lemma, complement=complement, token=token)


# --------------------------------------------------------------------------- conditions and hedges


def find_condition(
    content: Span, cues: ClaimCues | None = None, *, tokens: Tokens | None = None
) -> tuple[str, str] | None:
    """``(marker, condition text)`` of the first condition clause in ``content``, or None."""
    cues = cues or load_claim_cues()
    tokens = tokens if tokens is not None else _content_tokens(content)
    for phrase, i, j in find_phrases(tokens, cues.condition_markers):
        marker = tokens[i:j]
        last = marker[-1]
        # "if" as a complementiser of "ask/know/whether"-like verbs is not a condition.
        if phrase == ("if",) and last.dep_ not in ("mark", "advmod", "prep", "ROOT", "dep", "cc"):
            continue
        if phrase == ("if",) and last.head.dep_ in ("ccomp",) and last.head.head.lemma_ in ("ask", "know", "see"):
            continue
        head = last.head
        main = head.head if head.dep_ == "advcl" else None
        trailing = head.i < last.i or (main is not None and main.i < marker[0].i)
        if head.i in range(marker[0].i, last.i + 1) or trailing:
            # A condition after its main clause runs to the next clause break (the parser often hangs its
            # last words on the main verb); the marker may also point back to the main verb.
            follow = [t for t in tokens[j:] if t.i > last.i]
            clause_tokens: list[Token] = []
            for t in follow:
                if t.is_punct and t.text in (",", ";", ":") and clause_tokens:
                    break
                clause_tokens.append(t)
        else:
            clause_tokens = [t for t in head.subtree if t.i > last.i and content.start <= t.i < content.end]
        text = "".join(t.text_with_ws for t in clause_tokens).strip().rstrip(",.;:").strip()
        if text:
            return " ".join(phrase), text
    return None


def find_hedge(content: Span, cues: ClaimCues | None = None, *, tokens: Tokens | None = None) -> str | None:
    """The first hedge cue in ``content`` ("allegedly", "may have", "appears to" ...), or None."""
    cues = cues or load_claim_cues()
    tokens = tokens if tokens is not None else _content_tokens(content)
    for phrase, i, j in find_phrases(tokens, cues.hedges):
        first = tokens[i]
        if first.lower_ in ("may", "might", "could") and first.tag_ != "MD":
            continue  # "May" the month, "Might" a name
        if first.lower_ == "could" and _is_negated(first.head):
            continue  # "we could not agree" reports a fact
        if len(phrase) == 1 and first.lower_ != phrase[0] and first.lemma_.lower() == phrase[0]:
            continue  # hedges match on the surface form only
        return " ".join(t.text for t in tokens[i:j])
    return None


# --------------------------------------------------------------------------- targets


def _actor_span(token: Token, cues: ClaimCues) -> Span | None:
    """The mention span of an actor at ``token``: a named entity, a third-person pronoun or an actor noun."""
    doc = token.doc
    ent = entity_at(token)
    if ent is not None and ent.label_ in _ACTOR_ENTS:
        return ent
    if token.lower_ in cues.fw("third_person_pronouns"):
        return doc[token.i : token.i + 1]
    if (
        token.pos_ == "PROPN"
        or token.lemma_.lower() in cues.words("actor_nouns")
        or token.lower_ in cues.words("actor_nouns")
    ):
        left = token.i
        for child in token.lefts:
            if child.dep_ in ("compound", "amod", "det", "poss", "nmod") and child.i < left:
                left = child.i
        return doc[left : token.i + 1]
    return None


def _actor_in(tokens: Iterable[Token], cues: ClaimCues) -> Span | None:
    for token in tokens:
        span = _actor_span(token, cues)
        if span is not None:
            return span
    return None


def _owner(noun: Token, cues: ClaimCues) -> Span | None:
    """Whose is ``noun``: "Russia's offer", "a U.S. request", "an offer from Moscow", "calls by Belarus"."""
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            span = _actor_span(child, cues)
            if span is not None:
                return span
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    span = _actor_span(pobj, cues)
                    if span is not None:
                        return span
    return None


def _cue_object(cue: _Cue, cues: ClaimCues) -> Span | None:
    """The addressee or object of the cue verb: "accused *Russia* of", "called on *Iran* to", "urged *him*"."""
    if cue.token is None:
        return None
    for child in cue.token.children:
        if child.dep_ in ("dobj", "dative", "obj", "iobj"):
            span = _actor_span(child, cues)
            if span is not None:
                return span
            owner = _owner(child, cues)
            if owner is not None:
                return owner
        if child.dep_ in ("prep", "prt") and child.lower_ in ("on", "upon", "to", "against"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    span = _actor_span(pobj, cues)
                    if span is not None:
                        return span
    return None


def _third_party_subject(verb: Token, cues: ClaimCues) -> Span | None:
    subject = _subject(verb)
    if subject is None or _person(subject, cues) != 3:
        return None
    return _actor_span(subject, cues)


def _make_target(span: Span | None, resolve: TargetResolver | None) -> Target | None:
    if span is None or span.root.ent_type_ in _NOT_ACTORS:
        return None  # "Volkov on Tuesday accused ...": a date or a figure is nobody a claim is about
    if resolve is not None:
        resolved = resolve(span)
        if resolved is not None:
            return resolved
    label = span.label_ if span.label_ in _ACTOR_ENTS else ""
    kind: SpeakerType = _ACTOR_ENTS.get(label, "unknown")
    return Target(mention=span.text, type=kind)


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _Decision:
    type: ClaimType
    evidence: tuple[str, ...]
    confidence: float
    target: Span | None = None


def _object_kind(noun: Token, cues: ClaimCues) -> str | None:
    lemma = noun.lemma_.lower()
    if lemma in cues.allegation_nouns or noun.lower_ in cues.allegation_nouns:
        return "allegation"
    if lemma in cues.proposal_nouns or noun.lower_ in cues.proposal_nouns:
        return "proposal"
    return None


def _refine_reject_or_deny(
    claim_type: ClaimType, nouns: Iterable[Token], cues: ClaimCues
) -> tuple[ClaimType, str | None, Token | None]:
    """ "denied the request" is a rejection; "rejected the accusations" is a denial."""
    for noun in nouns:
        if noun.pos_ not in ("NOUN", "PROPN"):
            continue
        kind = _object_kind(noun, cues)
        if kind == "allegation":
            return "denial", f"object:{noun.lemma_.lower()}", noun
        if kind == "proposal":
            return "rejection", f"object:{noun.lemma_.lower()}", noun
    return claim_type, None, None


def _by_cue(cue: _Cue, content: Span, tokens: list[Token], cues: ClaimCues) -> _Decision | None:
    if cue.lemma is None:
        return None
    phrase_type = cues.cue_phrases.get((cue.lemma, cue.complement or ""))
    claim_type = phrase_type or cues.cue_verbs.get(cue.lemma)
    if claim_type is None:
        return None
    evidence: tuple[str, ...] = (
        (f"cue-phrase:{cue.lemma} {cue.complement}",) if phrase_type is not None else (f"cue-verb:{cue.lemma}",)
    )
    target = _cue_object(cue, cues)
    if claim_type == "accusation":
        # The type follows the substance: "accused Washington of having no proof" is a denial.
        no_evidence = _neg_evidence(tokens, cues)
        if no_evidence is not None:
            return _Decision("denial", (*evidence, *no_evidence.evidence), CONF_CUE, target or no_evidence.target)
        if target is None:
            target = _third_party_subject(content.root, cues) if len(content) else None
    if claim_type in ("denial", "rejection"):
        objects: list[Token] = []
        if cue.token is not None:
            objects += [c for c in cue.token.children if c.dep_ in ("dobj", "nsubjpass")]
        objects += [t for t in content if t.pos_ == "NOUN"][:3]
        refined, reason, noun = _refine_reject_or_deny(claim_type, objects, cues)
        if reason is not None:
            claim_type = refined
            evidence += (reason,)
            if noun is not None:
                target = _owner(noun, cues) or target
        if claim_type == "rejection" and target is None:
            target = _actor_in((n for n in objects if n.dep_ == "dobj"), cues)
    return _Decision(claim_type, evidence, CONF_CUE, target)


def _by_content_verb(content: Span, tokens: list[Token], cues: ClaimCues) -> _Decision | None:
    """A first-person content verb that is itself a cue: "we reject ...", "I urge ...", "we propose ..."."""
    root = content.root
    if root.pos_ not in ("VERB", "AUX"):
        return None
    subject = _subject(root)
    if _person(subject, cues) != 1 or _is_negated(root):
        return None
    lemma = root.lemma_.lower()
    claim_type = cues.cue_verbs.get(lemma)
    if claim_type is None:
        return None
    cue = _Cue(lemma=lemma, complement=None, token=root)
    decision = _by_cue(cue, content, tokens, cues)
    if decision is None:
        return None
    evidence = tuple(e.replace("cue-verb:", "content-verb:", 1) for e in decision.evidence)
    return _Decision(decision.type, evidence, CONF_CONTENT, decision.target)


def _in_condition(token: Token, cues: ClaimCues, marks: tuple[str, ...] = ("if", "unless")) -> bool:
    """Whether ``token`` lies in a clause introduced by one of ``marks`` (if/unless by default)."""
    by_word = marked_heads(token.doc)
    heads = {i for mark in marks for i in by_word.get(mark, ())}
    if not heads:
        return False
    up = head_indices(token.doc)
    i = token.i
    for _ in range(12):
        if i in heads:  # a child of token ``i`` is one of the marks
            return True
        if up[i] == i:  # the root
            return False
        i = up[i]
    return False


def _neg_evidence(tokens: list[Token], cues: ClaimCues) -> _Decision | None:
    """ "has no proof", "without evidence", "failed to provide proof", "we asked them to present facts"."""
    evidence_nouns = cues.words("evidence_nouns")
    demand_verbs = cues.words("demand_verbs")
    for token in tokens:
        if token.lemma_.lower() not in evidence_nouns and token.lower_ not in evidence_nouns:
            continue
        head = token.head
        cue = next((c.lower_ for c in token.children if c.lower_ in cues.fw("negations")), None)
        if cue is None and (_is_negated(head) or (head.dep_ == "prep" and head.lower_ == "without")):
            cue = "without" if head.lower_ == "without" else "not"
        governor = head.head if head.dep_ in ("xcomp", "ccomp") else None
        if cue is None and head.dep_ == "xcomp" and head.head.lemma_.lower() in ("fail", "refuse", "decline"):
            cue = head.head.lemma_.lower()
        if cue is None and governor is not None and governor.lemma_.lower() in demand_verbs:
            cue = f"{governor.lemma_.lower()} for"
        if cue is None and head.dep_ == "xcomp" and head.head.lemma_.lower() in demand_verbs:
            cue = f"{head.head.lemma_.lower()} for"
        if cue is not None:
            target = _third_party_subject(head, cues) if head.pos_ in ("VERB", "AUX") else None
            return _Decision("denial", (f"neg-evidence:{cue} {token.lower_}",), CONF_CONTENT, target)
    return None


def _denial(tokens: list[Token], content: Span, cues: ClaimCues) -> _Decision | None:
    no_evidence = _neg_evidence(tokens, cues)
    if no_evidence is not None:
        return no_evidence
    hit = _first(tokens, cues.content["denial_terms"]) or _first(tokens, cues.content["denial_phrases"])
    if hit is not None:
        phrase, i, _ = hit
        verb = tokens[i] if tokens[i].pos_ in ("VERB", "AUX") else tokens[i].head
        obliged = any(m.lower_ in cues.fw("obligation_modals") for m in _modals(verb))
        if not obliged and not _in_condition(tokens[i], cues):
            return _Decision("denial", (f"lexicon:{' '.join(phrase)}",), CONF_CONTENT)
    verbs = cues.words("denial_verbs") | cues.words("accusation_terms")
    for token in tokens:
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in verbs and _is_negated(token):
            if any(m.lower_ in cues.fw("future_modals") for m in _modals(token)) or _in_condition(token, cues):
                continue  # "we will not deploy" binds the future: a commitment, not a denial
            return _Decision(
                "denial", (f"neg-wrongdoing:{token.lemma_.lower()}",), CONF_CONTENT, _third_party_subject(token, cues)
            )
    return None


def _rejection(tokens: list[Token], cues: ClaimCues) -> _Decision | None:
    for token in tokens:
        # "would not meet their demands", "will not accept the offer"
        if token.pos_ != "VERB" or not _is_negated(token):
            continue
        subject = _subject(token)
        if subject is None or _person(subject, cues) == 1 or subject.pos_ == "PRON":
            for obj in token.children:
                if obj.dep_ == "dobj" and _object_kind(obj, cues) == "proposal":
                    return _Decision(
                        "rejection",
                        (f"neg-proposal:{token.lemma_.lower()} {obj.lemma_.lower()}",),
                        CONF_CONTENT,
                        _owner(obj, cues),
                    )
    hit = _first(tokens, cues.content["rejection_terms"])
    if hit is None:
        return None
    phrase, i, _ = hit
    token = tokens[i]
    target = None
    for t in tokens:
        if t.pos_ == "NOUN" and _object_kind(t, cues) == "proposal":
            target = _owner(t, cues)
            break
    subject = _subject(token)
    if (
        phrase[0] in ("refuse", "reject", "decline")
        and subject is not None
        and _person(subject, cues) == 3
        and subject.lower_ not in cues.fw("third_person_pronouns")
        and _actor_span(subject, cues) is not None
    ):
        # A named third party's refusal, in someone else's mouth, blames that party.
        return _Decision(
            "accusation", (f"third-party-refusal:{token.lemma_.lower()}",), CONF_CONTENT, _actor_span(subject, cues)
        )
    return _Decision("rejection", (f"lexicon:{' '.join(phrase)}",), CONF_CONTENT, target)


def _has_modal_obligation(verb: Token, cues: ClaimCues) -> str | None:
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in cues.fw("obligation_modals"):
            return child.lower_
    # "need to / have to / has got to" show up as the head verb with an xcomp
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in cues.fw("obligation_verbs") and verb.head.pos_ != "NOUN":
        return f"{verb.head.lemma_.lower()} to"
    return None


def _demand(tokens: list[Token], content: Span, cues: ClaimCues) -> _Decision | None:
    demand_verbs = cues.words("demand_verbs")
    for token in tokens:
        if token.pos_ not in ("VERB", "AUX") or _in_condition(token, cues):
            continue
        modal = _has_modal_obligation(token, cues)
        if modal is not None:
            owner = token.head if modal.endswith(" to") else token
            if any(m.lower_ in ("would", "'d") for m in _modals(owner)):
                continue  # "would have to respond" foresees the speaker's own reaction: see the warning rule
            subject = _subject(owner)
            person = _person(subject, cues)
            if person in (2, 3) and not (subject is not None and subject.dep_ == "expl"):
                return _Decision(
                    "demand",
                    (f"modal:{modal}+{'2nd' if person == 2 else '3rd'}-party",),
                    CONF_CONTENT,
                    _actor_span(subject, cues) if subject is not None else None,
                )
        lemma = token.lemma_.lower()
        if lemma in demand_verbs and _person(_subject(token), cues) == 1 and not _is_negated(token):
            addressee = next(
                (c for c in token.children if c.dep_ in ("dobj", "nsubj", "dative") and _person(c, cues) == 3), None
            )
            xcomp = any(c.dep_ in ("xcomp", "ccomp") for c in token.children) or any(
                c.dep_ == "xcomp" for c in (addressee.children if addressee is not None else ())
            )
            prep = [c for c in token.children if c.dep_ in ("prep", "prt") and c.lower_ in ("on", "upon", "for")]
            if addressee is not None and xcomp:
                target = _actor_span(addressee, cues)
                return _Decision("demand", (f"first-person:{lemma}+addressee",), CONF_CONTENT, target)
            if prep:
                pobj = next((c for c in prep[0].children if c.dep_ == "pobj"), None)
                target = _actor_span(pobj, cues) if pobj is not None else None
                return _Decision("demand", (f"first-person:{lemma} {prep[0].lower_}",), CONF_CONTENT, target)
    urgency = cues.words("urgency_adjectives")
    for token in tokens:
        if token.lower_ in urgency and token.pos_ in ("ADJ", "NOUN"):
            clauses = [c for c in token.children if c.dep_ == "ccomp"]
            clauses += [c for c in token.head.children if c.dep_ in ("ccomp", "csubj") and c.i > token.i]
            for clause in clauses:
                subject = _subject(clause)
                if _person(subject, cues) == 3 and subject is not None and subject.dep_ != "expl":
                    return _Decision(
                        "demand", (f"urgent-that:{token.lower_}",), CONF_CONTENT, _actor_span(subject, cues)
                    )
    first = tokens[0] if tokens else None
    imperative = first is not None and first.tag_ == "VB" and first.dep_ == "ROOT" and first.lower_ != "let"
    if first is not None and imperative and _subject(first) is None:
        return _Decision("demand", (f"imperative:{first.lemma_.lower()}",), CONF_CONTENT)
    return None


def _ultimatum(content: Span, condition: tuple[str, str] | None, cues: ClaimCues) -> _Decision | None:
    if condition is None or condition[0] != "unless":
        return None
    root = content.root
    if _person(_subject(root), cues) == 1 or any(m.lower_ in cues.fw("future_modals") for m in _modals(root)):
        marker = next((t for t in content if t.lower_ == "unless"), None)
        clause = marker.head if marker is not None else None
        target = _third_party_subject(clause, cues) if clause is not None else None
        return _Decision("demand", ("ultimatum:unless",), CONF_CONTENT, target)
    return None


def _future_action(token: Token, cues: ClaimCues) -> bool:
    """ "will/would/'ll <verb>" by an actor (the speaker's side or a named party), not negated."""
    if token.pos_ != "VERB" or _is_negated(token) or _in_condition(token, cues):
        return False
    node = token
    if not any(m.lower_ in cues.fw("threat_modals") for m in _modals(node)):
        # "would start the process of pulling out", "will be forced to respond"
        node = token.head
        hops = 0
        while not any(m.lower_ in cues.fw("threat_modals") for m in _modals(node)) and hops < 4 and node.dep_ != "ROOT":
            node = node.head
            hops += 1
        if not any(m.lower_ in cues.fw("threat_modals") for m in _modals(node)):
            return False
    subject = _subject(node)
    if subject is None:
        return False
    return _person(subject, cues) == 1 or subject.lower_ in ("it", "they") or _actor_span(subject, cues) is not None


def _warning(tokens: list[Token], content: Span, cues: ClaimCues) -> _Decision | None:
    strong = cues.content["strong_warning_terms"]
    hit = _first(tokens, strong)
    if hit is not None and not _is_negated(tokens[hit[1]].head):
        return _Decision("warning", (f"lexicon:{' '.join(hit[0])}",), CONF_CONTENT)
    for phrase, i, _ in find_phrases(tokens, cues.content["warning_terms"]):
        token = tokens[i]
        if token.lower_ == "response" and token.i > 0 and token.doc[token.i - 1].lower_ == "in":
            continue  # "in response to" narrates
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.dep_ != "ROOT" and verb.head.i != verb.i:
            verb = verb.head
        if any(m.lower_ in cues.fw("speculative_modals") for m in _governing_modals(verb)) and not _is_negated(verb):
            return _Decision("warning", (f"lexicon:{' '.join(phrase)}",), CONF_CONTENT)
    actions = cues.words("threat_actions")
    for token in tokens:
        if token.lemma_.lower() in actions and _future_action(token, cues):
            return _Decision(
                "warning", (f"threat-action:{token.lemma_.lower()}",), CONF_CONTENT, _condition_party(content, cues)
            )
    return None


def _condition_party(content: Span, cues: ClaimCues) -> Span | None:
    """The subject of an if/unless clause: the party a conditional threat is aimed at."""
    for token in content:
        if token.dep_ == "mark" and token.lower_ in ("if", "unless"):
            return _third_party_subject(token.head, cues)
    return None


def _offer(tokens: list[Token], content: Span, cues: ClaimCues) -> _Decision | None:
    offer_terms = cues.words("offer_terms")
    actions = cues.words("threat_actions")
    for token in tokens:
        lower, lemma = _norm(token)
        if lower == "let" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ in ("us", "'s"):
            return _Decision("offer", ("first-person:let us",), CONF_CONTENT)
        if lemma not in offer_terms and lower not in offer_terms:
            continue
        if _is_negated(token) or _is_negated(token.head):
            continue
        # an adjective takes its own subject in a verbless headline ("Russia ready to talk"), else its verb's
        verbal = token.pos_ in ("VERB", "AUX")
        subject = _subject(token) if verbal else (_subject(token) or _subject(token.head))
        person = _person(subject, cues)
        complements = list(token.children) + (list(token.head.children) if token.dep_ == "acomp" else [])
        if token.pos_ == "ADJ" and any(c.dep_ in ("xcomp", "prep") for c in complements):
            if _has_modal_obligation(token.head, cues) is not None:
                continue  # "X must be ready to ..." is a demand
            xcomp = next((c for c in complements if c.dep_ == "xcomp"), None)
            if xcomp is not None and xcomp.lemma_.lower() in actions:
                return _Decision("warning", (f"ready-to-act:{xcomp.lemma_.lower()}",), CONF_CONTENT)
            if person in (1, 3):
                target = _actor_in(_pobjs(token, ("with", "to")), cues)
                return _Decision("offer", (f"ready:{lower}",), CONF_CONTENT, target)
        if token.pos_ == "VERB" and person == 1:
            target = _actor_in(_pobjs(token, ("with", "to")), cues)
            return _Decision("offer", (f"first-person:{lemma}",), CONF_CONTENT, target)
    return None


def _pobjs(token: Token, preps: tuple[str, ...]) -> Iterator[Token]:
    for node in token.subtree:
        if node.dep_ == "pobj" and node.head.lower_ in preps:
            yield node


def _accusation(tokens: list[Token], content: Span, cues: ClaimCues) -> _Decision | None:
    def agent_of(token: Token) -> tuple[bool, Span | None]:
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.dep_ != "ROOT" and verb.head.i != verb.i:
            verb = verb.head
        if _is_negated(token) or _is_negated(verb) or _in_condition(token, cues):
            return False, None
        if any(m.lower_ in cues.fw("future_modals") for m in _modals(verb)):
            return False, None
        subject = _subject(verb)
        if _person(subject, cues) == 1:
            return False, None
        target = _actor_span(subject, cues) if subject is not None and _person(subject, cues) == 3 else None
        return True, target or _owner(token, cues)

    for phrase, i, _ in find_phrases(tokens, cues.content["accusation_terms"]):
        ok, target = agent_of(tokens[i])
        if ok:
            return _Decision("accusation", (f"lexicon:{' '.join(phrase)}",), CONF_CONTENT, target)
    norms = cues.words("norm_nouns")
    breaking = cues.words("norm_breaking_verbs")
    deployment = cues.words("deployment_verbs")
    for token in tokens:
        lemma = token.lemma_.lower()
        if lemma in breaking and any(
            c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in norms for c in token.children
        ):
            ok, target = agent_of(token)
            if ok:
                return _Decision("accusation", (f"breaks-norm:{lemma}",), CONF_CONTENT, target)
        if lemma in deployment and token.pos_ == "VERB":
            ok, target = agent_of(token)
            subject = _subject(token)
            if _in_condition(token, cues, tuple(cues.function_words["background_marks"])):
                continue  # "after the missiles had been deployed" gives background, not the charge
            if ok and (token.tag_ == "VBN" or (subject is not None and _actor_span(subject, cues) is not None)):
                return _Decision("accusation", (f"deployment:{lemma}",), CONF_CONTENT * 0.9, target)
    for phrase, _, j in find_phrases(tokens, cues.content["blame_markers"]):
        marker = tokens[j - len(phrase) : j]
        pobj = next((t for m in marker for t in m.children if t.dep_ == "pobj"), None)
        if pobj is None:
            continue
        party = _actor_span(pobj, cues) or _owner(pobj, cues)
        if party is not None and _person(pobj, cues) == 3:
            return _Decision("accusation", (f"blame:{' '.join(phrase)}",), CONF_CONTENT, party)
    return None


def _commitment(tokens: list[Token], content: Span, cues: ClaimCues) -> _Decision | None:
    verbs = cues.words("commitment_verbs")
    terms = cues.words("commitment_terms")
    for token in tokens:
        if token.pos_ not in ("VERB", "AUX", "ADJ") or _in_condition(token, cues):
            continue
        subject = _subject(token)
        person = _person(subject, cues)
        pronoun_self = subject is not None and subject.lower_ in cues.fw("third_person_pronouns")
        lemma = token.lemma_.lower()
        if token.lower_ in terms and subject is not None:
            return _Decision("commitment", (f"lexicon:{token.lower_}",), CONF_CONTENT)
        if person != 1 and not pronoun_self:
            continue
        if lemma in verbs:
            return _Decision("commitment", (f"first-person:{lemma}",), CONF_CONTENT)
        modal = next((m.lower_ for m in _modals(token) if m.lower_ in cues.fw("pledge_modals")), None)
        if modal is not None and not (person == 1 and _is_negated(token) and lemma in ("go", "comment", "discuss")):
            return _Decision("commitment", (f"first-person:{modal}",), CONF_CONTENT)
        if token.lower_ == "going" and any(c.dep_ == "xcomp" for c in token.children):
            return _Decision("commitment", ("first-person:going to",), CONF_CONTENT)
    hit = _first(tokens, cues.content["commitment_terms"])
    if hit is not None and any(t.lemma_.lower() == "reaffirm" for t in tokens):
        return _Decision("commitment", (f"lexicon:{' '.join(hit[0])}",), CONF_CONTENT)
    # "Finland will give Tanzania a grant", said by Finland's side: a pledge in reported speech.
    root = content.root
    if root.pos_ == "VERB" and any(m.lower_ in cues.fw("actor_future_modals") for m in _modals(root)):
        subject = _subject(root)
        if subject is not None and _actor_span(subject, cues) is not None:
            return _Decision("commitment", ("actor-future:will",), CONF_WEAK_CUE)
    return None


def _assessment(tokens: list[Token], content: Span, cues: ClaimCues) -> _Decision | None:
    hit = _first(tokens, cues.content["assessment_terms"])
    if hit is not None:
        return _Decision("assessment", (f"lexicon:{' '.join(hit[0])}",), CONF_ASSESSMENT)
    for token in tokens:
        if (
            token.dep_ == "acomp"
            and token.pos_ == "ADJ"
            and token.head.lemma_ == "be"
            and token.lower_ not in cues.words("non_evaluative_adjectives")
        ):
            return _Decision("assessment", (f"evaluative:{token.lower_}",), CONF_ASSESSMENT)
        if token.tag_ in ("JJR", "JJS", "RBR") and token.lower_ not in ("more", "less", "most", "least"):
            return _Decision("assessment", (f"comparative:{token.lower_}",), CONF_ASSESSMENT)
    root = content.root
    if any(m.lower_ in cues.fw("prediction_modals") for m in _modals(root)):
        subject = _subject(root)
        if _person(subject, cues) == 3 and (subject is None or _actor_span(subject, cues) is None):
            return _Decision("assessment", ("prediction:modal",), CONF_ASSESSMENT)
    return None


# --------------------------------------------------------------------------- public API


def classify_claim(
    content: Span,
    *,
    cue: str | None = None,
    cue_lemma: str | None = None,
    cue_complement: str | None = None,
    resolve_target: TargetResolver | None = None,
) -> Claim:
    """Type the statement whose content is ``content`` (a span of a parsed ``Doc``).

    ``cue`` is the cue as written ("accused", "called on"), ``cue_lemma`` its lemma if known and
    ``cue_complement`` the particle or preposition that goes with it ("of", "on"). ``resolve_target``
    maps the target's mention span to a resolved ``Target`` (or None to keep the bare mention).
    Never raises on well-formed spans; an empty span is a ``report`` with low confidence.
    """
    cues = load_claim_cues()
    tokens = _content_tokens(content)
    condition = find_condition(content, cues, tokens=tokens) if tokens else None
    hedge = find_hedge(content, cues, tokens=tokens) if tokens else None
    decision = _decide(content, tokens, condition, cue, cue_lemma, cue_complement, cues)
    evidence = decision.evidence
    if condition is not None:
        evidence += (f"condition:{condition[0]}",)
    if hedge is not None:
        evidence += (f"hedge:{hedge.lower()}",)
    confidence = decision.confidence * (0.9 if hedge is not None else 1.0)
    return Claim(
        type=decision.type,
        conditional=condition is not None,
        condition=condition[1] if condition is not None else None,
        hedged=hedge is not None,
        hedge=hedge,
        target=_make_target(decision.target, resolve_target),
        confidence=round(min(max(confidence, 0.0), 1.0), 3),
        evidence=evidence,
    )


def _decide(
    content: Span,
    tokens: list[Token],
    condition: tuple[str, str] | None,
    cue: str | None,
    cue_lemma: str | None,
    cue_complement: str | None,
    cues: ClaimCues,
) -> _Decision:
    resolved = _resolve_cue(content, cue, cue_lemma, cue_complement, cues)
    by_cue = _by_cue(resolved, content, tokens, cues)
    if by_cue is not None:
        return by_cue
    if not tokens:
        return _Decision("report", ("fallback:empty",), CONF_REPORT * 0.5)
    rules: tuple[Callable[[], _Decision | None], ...] = (
        lambda: _by_content_verb(content, tokens, cues),
        lambda: _denial(tokens, content, cues),
        lambda: _rejection(tokens, cues),
        lambda: _ultimatum(content, condition, cues),
        lambda: _demand(tokens, content, cues),
        lambda: _offer(tokens, content, cues),
        lambda: _warning(tokens, content, cues),
        lambda: _accusation(tokens, content, cues),
        lambda: _commitment(tokens, content, cues),
    )
    for rule in rules:
        decision = rule()
        if decision is not None:
            return decision
    weak = cues.weak_cue_verbs.get(resolved.lemma or "")
    if weak is not None:
        return _Decision(weak, (f"weak-cue-verb:{resolved.lemma}",), CONF_WEAK_CUE)
    assessed = _assessment(tokens, content, cues)
    if assessed is not None:
        return assessed
    return _Decision("report", ("fallback:report",), CONF_REPORT)


def classify_text(text: str, nlp: Language, **kwargs: Any) -> Claim:
    """Parse ``text`` as the whole content of a statement and classify it (for notebooks and quick checks)."""
    doc = nlp(text)
    return classify_claim(doc[:], **kwargs)


def classify_claims(
    statements: Iterable[Statement], doc: Doc, *, resolve_target: TargetResolver | None = None
) -> tuple[Statement, ...]:
    """Stage 4: one claim per statement of an article, over the article's parsed ``Doc``."""
    out = []
    for st in statements:
        content = doc.char_span(st.span.start, st.span.end, alignment_mode="expand")
        if content is None or not len(content):
            out.append(st)
            continue
        claim = classify_claim(
            content,
            cue=st.cue,
            cue_lemma=st.cue_lemma,
            cue_complement=st.cue_particle,
            resolve_target=resolve_target,
        )
        out.append(st.model_copy(update={"claim": claim}))
    return tuple(out)
