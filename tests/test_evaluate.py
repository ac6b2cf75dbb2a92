"""Scoring against gold: token F1, one-to-one matching, statement scores, brat reading and PolNeAR scores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from infclaims.evaluate import (
    MATCH_THRESHOLD,
    BratRelation,
    match,
    polnear_gold,
    read_brat,
    same_speaker_id,
    score_polnear,
    score_statements,
    speaker_matches_source,
    token_f1,
)

# ----------------------------------------------------------------------------- token F1 and matching


@pytest.mark.parametrize(
    ("a", "b", "f1"),
    [
        ("the talks failed", "the talks failed", 1.0),
        ("The talks FAILED.", "the talks failed", 1.0),  # case and punctuation do not count
        ("the talks failed", "talks failed", 0.8),
        ("talks failed", "the talks failed", 0.8),  # symmetric
        ("no no no", "no", 0.5),  # tokens are counted as a multiset
        ("talks failed", "prices rose", 0.0),
        ("", "talks failed", 0.0),
        ("...", "...", 0.0),
        (["talks", "failed"], ["talks", "resumed"], 0.5),  # token lists are taken as they are
    ],
)
def test_evaluate_token_f1(a: str | list[str], b: str | list[str], f1: float) -> None:
    assert token_f1(a, b) == pytest.approx(f1)


def test_evaluate_match_threshold_is_inclusive() -> None:
    assert MATCH_THRESHOLD == 0.5
    assert token_f1("talks failed", "talks resumed") == 0.5
    assert match(["talks failed"], ["talks resumed"]) == [(0, 0, 0.5)]
    assert match(["talks failed today"], ["talks resumed now"]) == []  # F1 1/3
    assert match(["talks failed"], ["talks resumed"], threshold=0.6) == []


def test_evaluate_match_is_one_to_one_and_greedy_by_f1() -> None:
    preds = ["talks resume in april", "the talks resume in april next year"]
    golds = ["talks will resume in april next year", "talks resume in april"]
    # pred 0 is exact for gold 1 and taken first; pred 1 is left with gold 0
    assert [(i, j) for i, j, _ in match(preds, golds)] == [(0, 1), (1, 0)]


def test_evaluate_match_greedy_can_leave_a_second_best_unmatched() -> None:
    # greedy, not optimal: pred 0 takes its exact gold 1, so pred 1 (whose only candidate is gold 1) and
    # gold 0 (pred 0's second best) stay unmatched
    preds = ["a b c d", "a b x y"]
    golds = ["a b c d e", "a b c d"]
    assert match(preds, golds) == [(0, 1, 1.0)]
    # one gold, two equal predictions: only one is matched
    assert match(["talks resume", "talks resume"], ["talks resume"]) == [(0, 0, 1.0)]


def test_evaluate_match_ties_go_to_the_earliest_pair() -> None:
    assert match(["talks resume"], ["talks resume", "talks resume"]) == [(0, 0, 1.0)]
    assert match(["a b", "a c"], ["a"]) == [(0, 0, pytest.approx(2 / 3))]


@pytest.mark.parametrize(
    ("pred", "gold", "same"),
    [
        ("sergey-sobyanin", "sergei-sobyanin", True),
        ("Sergey Sobyanin", "sergei-sobyanin", True),
        ("dmitry-peskov", "dmitri-peskov", True),
        ("sergei-sobyanin", "sergei-shoigu", False),
        (None, None, True),
        (None, "sergei-sobyanin", False),
        ("sergei-sobyanin", None, False),
        ("", None, False),
    ],
)
def test_evaluate_same_speaker_id_folds_transliteration(pred: str | None, gold: str | None, same: bool) -> None:
    assert same_speaker_id(pred, gold) is same


# ----------------------------------------------------------------------------- statement scores


def _pred(
    doc: str, content: str, speaker: str | None = None, kind: str = "direct", claim: str | None = None
) -> dict[str, Any]:
    return {
        "doc_id": doc,
        "content": content,
        "speaker": {"id": speaker, "mention": speaker} if speaker else None,
        "kind": kind,
        "claim": {"type": claim} if claim else None,
        "rule": "test",
    }


def _gold(
    doc: str,
    content: str,
    speaker: str | None = None,
    kind: str = "direct",
    claim: str | None = None,
    debatable: bool = False,
) -> dict[str, Any]:
    return {
        "doc_id": doc,
        "content": content,
        "speaker_id": speaker,
        "kind": kind,
        "claim_type": claim,
        "debatable": debatable,
    }


def test_evaluate_score_statements_counts() -> None:
    preds = [
        _pred("a", "the talks will resume in april", "sergey-sobyanin", "indirect"),
        _pred("a", "prices will rise sharply", "dmitry-peskov"),
        _pred("a", "nothing like any gold statement"),
        _pred("b", "the harbour stays closed", "jane-doe"),
    ]
    gold = [
        _gold("a", "talks will resume in april", "sergei-sobyanin", "indirect"),
        _gold("a", "prices will rise sharply", "maria-zakharova"),
        _gold("a", "a missed statement about fishing quotas", "john-roe"),
        _gold("b", "the harbour stays closed", "jane-doe", "indirect"),
    ]
    s = score_statements(preds, gold, details=True)
    assert (s.predicted, s.gold, s.matched, s.ignored) == (4, 4, 3, 0)
    assert s.precision == pytest.approx(3 / 4)
    assert s.recall == pytest.approx(3 / 4)
    assert s.f1 == pytest.approx(3 / 4)
    assert s.speaker_correct == 2  # sobyanin after folding, jane-doe; not peskov for zakharova
    assert s.speaker_accuracy == pytest.approx(2 / 3)
    assert s.kind_correct == 2  # doc b: direct predicted for an indirect gold
    assert s.kind_accuracy == pytest.approx(2 / 3)
    assert s.per_doc == {"a": {"predicted": 3, "gold": 3, "matched": 2}, "b": {"predicted": 1, "gold": 1, "matched": 1}}
    assert [m["content"] for m in s.misses] == ["a missed statement about fishing quotas"]
    assert [f["content"] for f in s.false_alarms] == ["nothing like any gold statement"]
    assert [(e["gold"], e["predicted"]) for e in s.speaker_errors] == [("maria-zakharova", "dmitry-peskov")]


def test_evaluate_score_statements_debatable_gold_counts_neither_way() -> None:
    gold = [
        _gold("a", "talks will resume in april", "sergei-sobyanin"),
        _gold("a", "the harbour may reopen", "jane-doe", debatable=True),
        _gold("a", "fishermen might return", "john-roe", debatable=True),
    ]
    preds = [_pred("a", "talks will resume in april", "sergei-sobyanin"), _pred("a", "the harbour may reopen")]
    s = score_statements(preds, gold, details=True)
    assert (s.predicted, s.gold, s.matched, s.ignored) == (2, 1, 1, 1)
    assert s.precision == 1.0  # the prediction of debatable gold is dropped from precision
    assert s.recall == 1.0  # the unmatched debatable gold is not a miss
    assert s.misses == []
    assert s.false_alarms == []
    assert s.summary()["ignored_debatable"] == 1


def test_evaluate_score_statements_claim_type_confusion() -> None:
    gold = [
        _gold("a", "prices rose by ten percent", claim="statistical"),
        _gold("a", "the treaty was violated", claim="factual"),
        _gold("a", "the harbour will reopen", claim="prediction"),
        _gold("a", "talks went well"),  # no claim type: not in the claim figures
    ]
    preds = [
        _pred("a", "prices rose by ten percent", claim="statistical"),
        _pred("a", "the treaty was violated", claim="prediction"),
        _pred("a", "the harbour will reopen"),
        _pred("a", "talks went well", claim="factual"),
    ]
    s = score_statements(preds, gold)
    assert (s.claim_total, s.claim_correct) == (3, 1)
    assert s.claim_accuracy == pytest.approx(1 / 3)
    assert s.summary()["claim_type_confusion"] == {
        "factual": {"prediction": 1},
        "prediction": {"none": 1},
        "statistical": {"statistical": 1},
    }


def test_evaluate_score_statements_empty() -> None:
    s = score_statements([], [])
    assert (s.precision, s.recall, s.f1, s.speaker_accuracy, s.claim_accuracy) == (0.0, 0.0, 0.0, 0.0, 0.0)
    assert s.summary()["claim_type_accuracy"] is None


def test_evaluate_score_statements_matches_only_within_a_document() -> None:
    s = score_statements(
        [_pred("a", "talks will resume"), _pred("b", "other words")],
        [_gold("b", "talks will resume"), _gold("a", "more words")],
    )
    assert (s.predicted, s.gold, s.matched) == (2, 2, 0)


def test_evaluate_score_statements_refuses_statements_and_gold_of_different_articles() -> None:
    from infclaims.errors import InputError

    with pytest.raises(InputError) as info:
        score_statements([_pred("a", "talks will resume")], [_gold("b", "talks will resume")])
    assert info.value.code == "E204"
    assert score_statements([], [_gold("b", "talks will resume")]).gold == 1  # nothing predicted: recall 0


# ----------------------------------------------------------------------------- brat and PolNeAR

TEXT = "Officials said the talks, which began in May, would resume. Talks are expected to fail."
#       0         1         2         3         4         5         6         7         8
#       0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567

ANN = (
    "T1\tSource 0 9\tOfficials\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 24;46 58\tthe talks would resume\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tCue 66 78\tare expected\n"
    "T6\tContent 60 65;79 86\tTalks to fail\n"
    "T7\tAttribution-no-source 66 78\tare expected\n"
    "E2\tAttribution-no-source:T7 Content:T6 Cue:T5\n"
    "E3\tAttribution:T4 Cue:T2\n"  # no content: skipped
    "#1\tAnnotatorNotes T1\ta note line is ignored\n"
)


def _relations(tmp_path: Path) -> list[BratRelation]:
    path = tmp_path / "doc_1.ann"
    path.write_text(ANN, encoding="utf-8")
    return read_brat(path, TEXT, "doc")


def test_evaluate_read_brat_discontinuous_spans_and_missing_source(tmp_path: Path) -> None:
    with_source, without_source = _relations(tmp_path)
    assert with_source == BratRelation(
        doc_id="doc",
        content="the talks would resume",
        content_spans=((15, 24), (46, 58)),
        source="Officials",
        source_spans=((0, 9),),
        cue="said",
        cue_spans=((10, 14),),
    )
    assert without_source.content == "Talks to fail"
    assert without_source.content_spans == ((60, 65), (79, 86))
    assert without_source.source is None
    assert without_source.source_spans == ()
    assert without_source.cue == "are expected"


def test_evaluate_polnear_gold_takes_one_annotator_per_text(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "doc_1.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "doc_2.ann").write_text("", encoding="utf-8")
    (tmp_path / "attributions" / "orphan_1.ann").write_text(ANN, encoding="utf-8")
    gold = polnear_gold(tmp_path)
    assert list(gold) == ["doc"]
    assert [r.content for r in gold["doc"]] == ["the talks would resume", "Talks to fail"]


def test_evaluate_score_polnear_precision_over_all_recall_over_sourced(tmp_path: Path) -> None:
    gold = {"doc": _relations(tmp_path)}
    preds: list[dict[str, Any]] = [
        {"doc_id": "doc", "content": "the talks would resume", "speaker": {"mention": "officials"}},
        {"doc_id": "doc", "content": "Talks to fail", "speaker": {"mention": "analysts"}},
        {"doc_id": "doc", "content": "an unrelated statement", "speaker": None},
        {"doc_id": "other", "content": "a document without gold is not scored"},
    ]
    s = score_polnear(preds, gold, details=True)
    assert (s.predicted, s.gold, s.matched, s.extra_matched) == (3, 1, 1, 1)
    assert s.precision == pytest.approx(2 / 3)  # the source-less relation counts for precision
    assert s.recall == 1.0  # but is not in recall
    assert s.speaker_correct == 1
    assert [f["content"] for f in s.false_alarms] == ["an unrelated statement"]
    assert s.misses == []


def test_evaluate_score_polnear_wrong_speaker_and_miss(tmp_path: Path) -> None:
    gold = {"doc": _relations(tmp_path)}
    preds = [{"doc_id": "doc", "content": "the talks would resume", "speaker": {"mention": "the mayor"}}]
    s = score_polnear(preds, gold, details=True)
    assert (s.matched, s.speaker_correct) == (1, 0)
    assert s.speaker_errors == [{"doc_id": "doc", "gold": "Officials", "predicted": "the mayor"}]
    assert score_polnear([], gold, details=True).misses[0]["source"] == "Officials"


@pytest.mark.parametrize(
    ("speaker", "source", "agrees"),
    [
        ({"mention": "Sobyanin"}, "Moscow Mayor Sergei Sobyanin", True),
        ({"mention": "he", "name": "Sergei Sobyanin"}, "Sobyanin", True),
        ({"mention": "the officials"}, "Officials", True),
        ({"mention": "the mayor"}, "the minister", False),  # only a stopword in common
        ({"mention": "he"}, "he", True),  # a source made only of stopwords compares all its words
        ({}, "Officials", False),
        ({"mention": None, "name": None}, "Officials", False),
    ],
)
def test_evaluate_speaker_matches_source(speaker: dict[str, Any], source: str, agrees: bool) -> None:
    assert speaker_matches_source(speaker, source) is agrees


def test_evaluate_polnear_has_no_kind_accuracy(tmp_path: Path) -> None:
    rel = BratRelation(
        doc_id="a",
        content="the talks would resume",
        content_spans=((0, 22),),
        source="Officials",
        source_spans=((0, 9),),
        cue="said",
    )
    gold = {"a": [rel]}
    s = score_polnear([_pred("a", "the talks would resume")], gold)
    assert s.matched == 1 and s.summary()["kind_accuracy"] is None  # PolNeAR has no gold kinds: n/a, not 0
