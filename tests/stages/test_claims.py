"""Stage 4: claim typing, conditions, hedges and targets on hand-written news sentences."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, Token

from conftest import ROOT, shared_dataset
from infclaims.models import Claim, Target
from infclaims.stages.claims import (
    _content_tokens,
    _in_condition,
    classify_claim,
    classify_text,
    find_phrases,
    load_claim_cues,
    parse_claim_cues,
)

pytestmark = pytest.mark.model


def _claim(nlp, sentence: str, content: str, cue: str | None = None, **kw) -> Claim:  # type: ignore[no-untyped-def]
    """Parse ``sentence`` and classify the character span of ``content`` inside it."""
    doc = nlp(sentence)
    start = sentence.index(content)
    span = doc.char_span(start, start + len(content), alignment_mode="expand")
    assert span is not None
    return classify_claim(span, cue=cue, **kw)


# --------------------------------------------------------------------------- claim types

TYPE_CASES = [
    # accusation
    (
        "Ottawa accused Beijing of dumping steel on world markets.",
        "dumping steel on world markets",
        "accused",
        "accusation",
    ),
    (
        "The minister said Iran was in breach of the nuclear deal.",
        "Iran was in breach of the nuclear deal",
        "said",
        "accusation",
    ),
    (
        "Kyiv said Moscow had violated the ceasefire twice overnight.",
        "Moscow had violated the ceasefire twice overnight",
        "said",
        "accusation",
    ),
    (
        "The senator said China had stolen trade secrets from US firms.",
        "China had stolen trade secrets from US firms",
        "said",
        "accusation",
    ),
    (
        "She said the talks had collapsed because of Pyongyang's provocations.",
        "the talks had collapsed because of Pyongyang's provocations",
        "said",
        "accusation",
    ),
    # denial
    (
        "The spokesman said Washington has no proof of any interference.",
        "Washington has no proof of any interference",
        "said",
        "denial",
    ),
    (
        "Caracas denied that its troops had crossed the border.",
        "that its troops had crossed the border",
        "denied",
        "denial",
    ),
    ("The ministry said the reports were baseless.", "the reports were baseless", "said", "denial"),
    (
        "The general said Serbia has not deployed troops near the border.",
        "Serbia has not deployed troops near the border",
        "said",
        "denial",
    ),
    (
        "The embassy rejected the accusations of election meddling.",
        "the accusations of election meddling",
        "rejected",
        "denial",
    ),
    (
        "Tehran accused London of failing to provide any evidence for its claims.",
        "failing to provide any evidence for its claims",
        "accused",
        "denial",
    ),
    # rejection
    (
        "Brazil rejected a French proposal to cap beef imports.",
        "a French proposal to cap beef imports",
        "rejected",
        "rejection",
    ),
    ("The union dismissed the company's latest offer.", "the company's latest offer", "dismissed", "rejection"),
    ("The premier said such terms were unacceptable.", "such terms were unacceptable", "said", "rejection"),
    (
        "Officials said they would not meet the kidnappers' demands.",
        "they would not meet the kidnappers' demands",
        "said",
        "rejection",
    ),
    ("The court denied the request for a delay.", "the request for a delay", "denied", "rejection"),
    # demand
    ("The EU called on Hungary to respect press freedom.", "Hungary to respect press freedom", "called on", "demand"),
    (
        "The envoy said Ankara must release the detained journalists.",
        "Ankara must release the detained journalists",
        "said",
        "demand",
    ),
    (
        "We ask Beijing to explain the sudden rise in emissions.",
        "We ask Beijing to explain the sudden rise in emissions",
        None,
        "demand",
    ),
    (
        "Unless Caracas frees the prisoners, we will impose new sanctions.",
        "Unless Caracas frees the prisoners, we will impose new sanctions",
        None,
        "demand",
    ),
    (
        "It is urgent that the junta restores civilian rule.",
        "It is urgent that the junta restores civilian rule",
        None,
        "demand",
    ),
    ("Protesters demanded new elections.", "new elections", "demanded", "demand"),
    # offer
    (
        "Norway said it is ready to host the next round of climate talks.",
        "it is ready to host the next round of climate talks",
        "said",
        "offer",
    ),
    ("Tokyo offered to mediate between the two sides.", "to mediate between the two sides", "offered", "offer"),
    (
        "We propose a joint commission to review the tariffs.",
        "We propose a joint commission to review the tariffs",
        None,
        "offer",
    ),
    # commitment
    (
        "The president said we will not raise taxes on farmers.",
        "we will not raise taxes on farmers",
        "said",
        "commitment",
    ),
    (
        "We reaffirm our commitment to the test moratorium.",
        "We reaffirm our commitment to the test moratorium",
        None,
        "commitment",
    ),
    ("Canada pledged to cut emissions by half.", "to cut emissions by half", "pledged", "commitment"),
    # warning
    ("The central bank warned that inflation could persist.", "that inflation could persist", "warned", "warning"),
    (
        "He said such a move would have the gravest consequences.",
        "such a move would have the gravest consequences",
        "said",
        "warning",
    ),
    (
        "Moscow said it would retaliate if the missiles were deployed.",
        "it would retaliate if the missiles were deployed",
        "said",
        "warning",
    ),
    ("Seoul said it would suspend military talks.", "it would suspend military talks", "said", "warning"),
    # assessment
    (
        "The minister said the agreement is extremely important.",
        "the agreement is extremely important",
        "said",
        "assessment",
    ),
    ("The alliance said it remains deeply concerned.", "it remains deeply concerned", "said", "assessment"),
    ("Analysts believe the recovery is fragile.", "the recovery is fragile", "believe", "assessment"),
    (
        "She said the vote was a step in the right direction.",
        "the vote was a step in the right direction",
        "said",
        "assessment",
    ),
    # report
    (
        "The spokesman said we weren't able to break any new ground.",
        "we weren't able to break any new ground",
        "said",
        "report",
    ),
    (
        "Officials said the delegation arrived in Geneva on Monday.",
        "the delegation arrived in Geneva on Monday",
        "said",
        "report",
    ),
    ("The agency said the two leaders spoke by phone.", "the two leaders spoke by phone", "said", "report"),
]


@pytest.mark.parametrize(("sentence", "content", "cue", "expected"), TYPE_CASES)
def test_claims_type(nlp, sentence: str, content: str, cue: str | None, expected: str) -> None:  # type: ignore[no-untyped-def]
    claim = _claim(nlp, sentence, content, cue)
    assert claim.type == expected, claim.evidence
    assert 0.0 <= claim.confidence <= 1.0
    assert claim.evidence, "every claim names the rule that typed it"


@pytest.mark.parametrize(
    ("cue", "cue_complement", "expected", "evidence"),
    [
        ("accused", None, "accusation", "cue-verb:accuse"),
        ("has been repeatedly accusing", None, "accusation", "cue-verb:accuse"),
        ("called", "on", "demand", "cue-phrase:call on"),
        ("called on", None, "demand", "cue-phrase:call on"),
        ("is asking for", None, "demand", "cue-phrase:ask for"),
        ("vowed", None, "commitment", "cue-verb:vow"),
        ("threatened", None, "warning", "cue-verb:threaten"),
        ("refused", None, "rejection", "cue-verb:refuse"),
        ("said", None, "report", "fallback:report"),
    ],
)
def test_claims_cue_verb_decides(nlp, cue: str, cue_complement: str | None, expected: str, evidence: str) -> None:  # type: ignore[no-untyped-def]
    # A neutral content, parsed alone: only the cue can type it.
    claim = classify_text("the meeting in Geneva on Monday", nlp, cue=cue, cue_complement=cue_complement)
    assert claim.type == expected
    assert evidence in claim.evidence


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        ("we must do more to protect our own farmers", "demand"),  # first person: not a demand on another
        ("the treaty will be discussed in June", "commitment"),  # a scheduled event binds nobody
        ("it was a dangerous move", "warning"),  # an evaluation, not a foreseen consequence
        ("the troops withdrew in response to the attack", "warning"),  # "in response to" narrates
        ("we see no indication that the rebels would disarm", "denial"),  # pessimism, not a denial
        ("the Europeans remember the crisis after the missiles had been deployed", "accusation"),  # background
    ],
)
def test_claims_type_negatives(nlp, text: str, not_expected: str) -> None:  # type: ignore[no-untyped-def]
    claim = classify_text(text, nlp, cue="said")
    assert claim.type != not_expected, claim.evidence


# --------------------------------------------------------------------------- conditions and hedges


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("we will lift the tariffs if Washington does the same", "Washington does the same"),
        ("Unless Caracas frees the prisoners, we will impose new sanctions", "Caracas frees the prisoners"),
        ("the ceasefire will hold as long as both sides respect it", "both sides respect it"),
        ("Athens will sign provided that the debt is restructured", "the debt is restructured"),
        ("we could support the bill on condition that the subsidies are capped", "the subsidies are capped"),
        ("access to the ports in exchange for debt relief", "debt relief"),
        ("the rebels will disarm", None),
        ("we asked if the talks could resume", None),
        ("Russia has not provided any credible answers", None),
    ],
)
def test_claims_condition(nlp, text: str, condition: str | None) -> None:  # type: ignore[no-untyped-def]
    claim = classify_text(text, nlp, cue="said")
    assert claim.conditional is (condition is not None)
    assert claim.condition == condition


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("the company allegedly paid bribes to officials", "allegedly"),
        ("the rebels may have used chemical weapons", "may have"),
        ("the vessel reportedly changed course", "reportedly"),
        ("the ministry appears to have withdrawn the plan", "appears to"),
        ("the hackers are thought to be linked to the army", "are thought to"),
        ("the most plausible assessment would be that Iran is enriching uranium", "most plausible"),
        ("I think the sanctions are working", "I think"),
        ("the new missiles could allow Pyongyang to strike Guam", None),  # capability, not a hedge
        ("we could not agree on the final text", None),
        ("the summit opened in May", None),
        ("the vote was held on Sunday", None),
    ],
)
def test_claims_hedge(nlp, text: str, hedge: str | None) -> None:  # type: ignore[no-untyped-def]
    claim = classify_text(text, nlp, cue="said")
    assert claim.hedged is (hedge is not None)
    assert claim.hedge == hedge


# --------------------------------------------------------------------------- targets


@pytest.mark.parametrize(
    ("sentence", "content", "cue", "mention"),
    [
        (
            "Ottawa accused Beijing of dumping steel on world markets.",
            "dumping steel on world markets",
            "accused",
            "Beijing",
        ),
        (
            "The EU called on Hungary to respect press freedom.",
            "Hungary to respect press freedom",
            "called on",
            "Hungary",
        ),
        (
            "Brazil rejected France's proposal to cap beef imports.",
            "France's proposal to cap beef imports",
            "rejected",
            "France",
        ),
        (
            "The envoy said Ankara must release the detained journalists.",
            "Ankara must release the detained journalists",
            "said",
            "Ankara",
        ),
        (
            "Kyiv said Moscow had violated the ceasefire twice overnight.",
            "Moscow had violated the ceasefire twice overnight",
            "said",
            "Moscow",
        ),
        (
            "The spokesman said Washington has no proof of any interference.",
            "Washington has no proof of any interference",
            "said",
            "Washington",
        ),
        (
            "We will impose new sanctions unless Caracas frees the prisoners.",
            "We will impose new sanctions unless Caracas frees the prisoners",
            None,
            "Caracas",
        ),
        (
            "Officials said the delegation arrived in Geneva on Monday.",
            "the delegation arrived in Geneva on Monday",
            "said",
            None,
        ),
        (
            "We reaffirm our commitment to the test moratorium.",
            "We reaffirm our commitment to the test moratorium",
            None,
            None,
        ),
    ],
)
def test_claims_target(nlp, sentence: str, content: str, cue: str | None, mention: str | None) -> None:  # type: ignore[no-untyped-def]
    claim = _claim(nlp, sentence, content, cue)
    assert (claim.target.mention if claim.target else None) == mention
    if claim.target is not None:
        assert claim.target.name is None and claim.target.id is None


def test_claims_target_resolver_is_used(nlp) -> None:  # type: ignore[no-untyped-def]
    def resolve(span):  # type: ignore[no-untyped-def]
        return Target(mention=span.text, name="People's Republic of China", id="china", type="country")

    claim = _claim(nlp, "Ottawa accused Beijing of dumping steel.", "dumping steel", "accused", resolve_target=resolve)
    assert claim.target == Target(mention="Beijing", name="People's Republic of China", id="china", type="country")


def test_claims_target_resolver_may_decline(nlp) -> None:  # type: ignore[no-untyped-def]
    claim = _claim(
        nlp, "Ottawa accused Beijing of dumping steel.", "dumping steel", "accused", resolve_target=lambda s: None
    )
    assert claim.target is not None and claim.target.mention == "Beijing" and claim.target.id is None


# --------------------------------------------------------------------------- lexicon


def test_claims_lexicon_loads_and_is_cached() -> None:
    cues = load_claim_cues()
    assert cues is load_claim_cues()
    assert cues.cue_verbs["accuse"] == "accusation"
    assert cues.cue_phrases[("call", "on")] == "demand"


def test_claims_lexicon_rejects_unknown_type() -> None:
    data = json.loads((ROOT / "src" / "infclaims" / "resources" / "claim_cues.json").read_text(encoding="utf-8"))
    data["cue_verbs"]["scolding"] = ["scold"]
    with pytest.raises(ValueError, match="unknown claim type"):
        parse_claim_cues(data)


def test_claims_find_phrases_matches_hyphen_split_and_lemmas() -> None:
    nlp = spacy.blank("en")
    doc = nlp("They cited non-compliance and violations")
    cues = load_claim_cues()
    found = [" ".join(p) for p, _, _ in find_phrases(list(doc), cues.content["accusation_terms"])]
    assert "non - compliance" in found or "non-compliance" in found


_WORDS = ["no", "proof", "proofs", "of", "breach", "breaches", "treaty"]  # few words: phrases often overlap
_PHRASES = (("no", "proof"), ("proof", "of"), ("proof", "of", "breach"), ("of",), ("breach", "breach", "treaty"))


def _doc_of(words: list[str], lemmas: list[str]) -> Doc:
    return Doc(_BLANK.vocab, words=words, lemmas=lemmas)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("no proof of breach", [("no proof", 0, 2), ("of", 2, 3)]),  # leftmost wins, then no overlap
        ("proof of breach", [("proof of breach", 0, 3)]),  # longest first
        ("proofs of breach", [("proof of breach", 0, 3)]),  # a word matches the lemma too
        ("breaches breach treaty", [("breach breach treaty", 0, 3)]),
        ("treaty", []),
        ("", []),
    ],
)
def test_claims_find_phrases_leftmost_longest(words: str, expected: list[tuple[str, int, int]]) -> None:
    ws = words.split()
    doc = _doc_of(ws, [{"proofs": "proof", "breaches": "breach"}.get(w, w) for w in ws])
    for tokens in (_content_tokens(doc[:]), list(doc)):
        assert [(" ".join(p), i, j) for p, i, j in find_phrases(tokens, _PHRASES)] == expected


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_WORDS)), max_size=30))
def test_claims_find_phrases_fast_path_equals_the_token_scan(pairs: list[tuple[str, str]]) -> None:
    """``Tokens`` jumps to the positions of each lexicon's first words (text or lemma); a plain list is scanned
    token by token. Both give the same leftmost-longest, non-overlapping matches."""
    doc = _doc_of([w for w, _ in pairs], [lemma for _, lemma in pairs])
    assert list(find_phrases(_content_tokens(doc[:]), _PHRASES)) == list(find_phrases(list(doc), _PHRASES))


def _tree_doc(parents: list[int], marks: list[str | None]) -> Doc:
    """A Doc whose token ``k`` (k >= 1) hangs from token ``parents[k - 1] % k`` (so the tree has no cycle), with
    ``marks[k]`` as a subordinating "mark" child of that token when given."""
    words, heads, deps = ["root"], [0], ["ROOT"]
    for k in range(1, len(parents) + 1):
        words.append(f"w{k}")
        heads.append(parents[k - 1] % k)
        deps.append("dep")
    for k, mark in enumerate(marks[: len(words)]):
        if mark is not None:
            words.append(mark)
            heads.append(k)
            deps.append("mark")
    return Doc(_BLANK.vocab, words=words, heads=heads, deps=deps)


def _in_condition_by_tokens(token: Token, marks: tuple[str, ...]) -> bool:
    """The plain reading: climb at most 12 heads, looking for a "mark" child among ``marks``."""
    node = token
    for _ in range(12):
        if any(c.dep_ == "mark" and c.lower_ in marks for c in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


@settings(max_examples=300, deadline=None)
@given(
    parents=st.lists(st.integers(0, 40), max_size=25),
    marks=st.lists(st.none() | st.sampled_from(["if", "unless", "after", "If"]), max_size=8),
)
def test_claims_in_condition_equals_climbing_the_tokens(parents: list[int], marks: list[str | None]) -> None:
    """``_in_condition`` climbs the per-Doc head indices; the result is that of climbing ``Token.head``."""
    from infclaims.parsing import head_indices

    doc = _tree_doc(parents, marks)
    assert head_indices(doc) == [t.head.i for t in doc]
    cues = load_claim_cues()
    for token in doc:
        for chosen in (("if", "unless"), ("after",)):
            assert _in_condition(token, cues, chosen) is _in_condition_by_tokens(token, chosen)


@pytest.mark.parametrize(
    ("word", "marks", "expected"),
    [
        ("talk", ("if", "unless"), True),  # talk -> refuse, which "if" marks
        ("refuse", ("if", "unless"), True),
        ("leave", ("if", "unless"), False),  # the main clause is not conditional
        ("We", ("if", "unless"), False),
        ("talk", ("after",), False),
    ],
)
def test_claims_in_condition_table(word: str, marks: tuple[str, ...], expected: bool) -> None:
    words = ["We", "leave", "if", "they", "refuse", "to", "talk"]
    doc = Doc(
        _BLANK.vocab,
        words=words,
        heads=[1, 1, 4, 4, 1, 6, 4],
        deps=["nsubj", "ROOT", "mark", "nsubj", "advcl", "aux", "xcomp"],
    )
    assert _in_condition(doc[words.index(word)], load_claim_cues(), marks) is expected


# --------------------------------------------------------------------------- robustness

_BLANK = spacy.blank("en")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=80), a=st.integers(0, 40), b=st.integers(0, 40), cue=st.none() | st.text(max_size=15))
def test_claims_never_raises_on_arbitrary_spans(text: str, a: int, b: int, cue: str | None) -> None:
    doc = _BLANK(text)
    start, end = sorted((min(a, len(doc)), min(b, len(doc))))
    claim = classify_claim(doc[start:end], cue=cue)
    assert 0.0 <= claim.confidence <= 1.0


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    cue=st.sampled_from(["said", "accused", "", "called on"]),
)
def test_claims_never_raises_on_parsed_text(nlp, text: str, cue: str) -> None:  # type: ignore[no-untyped-def]
    claim = classify_text(text, nlp, cue=cue)
    assert claim.type in Claim.model_fields["type"].annotation.__args__  # type: ignore[union-attr]


# --------------------------------------------------------------------------- PLOVER smoke test


def _benchmark() -> ModuleType:
    path = ROOT / "benchmarks" / "claims_eval.py"
    spec = importlib.util.spec_from_file_location("claims_eval", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("claims_eval", module)
    spec.loader.exec_module(module)
    return module


#: Per-class accuracy measured on PLOVER (mapping in benchmarks/claims_eval.py: DEMAND->demand,
#: REJECT->rejection, THREATEN->warning, AGREE->commitment|offer, DISAPPROVE->accusation|assessment),
#: rounded down. A drop below these is a regression.
PLOVER_FLOOR = {"AGREE": 0.65, "DEMAND": 0.85, "DISAPPROVE": 0.65, "REJECT": 0.85, "THREATEN": 0.75}


@pytest.mark.slow
def test_claims_plover_smoke(nlp) -> None:  # type: ignore[no-untyped-def]
    directory: Path = shared_dataset("plover")
    bench = _benchmark()
    result = bench.score(bench.plover_examples(directory, nlp), bench.PLOVER_MAP)
    per_class = result.per_class()
    for label, floor in PLOVER_FLOOR.items():
        assert per_class[label] >= floor, (label, per_class[label])


@pytest.mark.model
def test_claims_a_date_is_never_a_target(nlp) -> None:  # type: ignore[no-untyped-def]
    from infclaims.models import ArticleInput
    from infclaims.pipeline import Context, process_article

    text = "Talks Stall\n\nThe foreign minister on Tuesday accused the company of breaking the agreement.\n"
    (st,) = [s for s in process_article(ArticleInput(doc_id="t", text=text), Context.build(nlp)).statements]
    assert st.claim is not None and st.claim.type == "accusation"
    assert st.claim.target is None or st.claim.target.mention != "Tuesday"
