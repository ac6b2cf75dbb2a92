"""The claim-type corpus (standoff over PolNeAR) and its measures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infclaims import claimcorpus as cc


@pytest.mark.parametrize(
    ("a", "b", "kappa"),
    [
        (["x", "y", "x", "y"], ["x", "y", "x", "y"], 1.0),
        (["x", "x", "y", "y"], ["x", "y", "x", "y"], 0.0),
        (["x", "x", "x", "y"], ["x", "x", "y", "y"], 0.5),
        (["x", "y"], ["y", "x"], -1.0),
    ],
)
def test_cohen_kappa_known_values(a: list[str], b: list[str], kappa: float) -> None:
    assert cc.cohen_kappa(a, b) == pytest.approx(kappa)


def test_per_type_kappa_and_f1() -> None:
    gold = ["demand", "demand", "report", "warning"]
    pred = ["demand", "report", "report", "report"]
    f1 = cc.per_type_f1(gold, pred)
    assert f1["demand"] == pytest.approx(2 / 3) and f1["warning"] == 0.0 and f1["report"] == pytest.approx(0.5)
    assert cc.macro_f1(gold, pred) == pytest.approx((2 / 3 + 0.5 + 0.0) / 3)
    assert cc.accuracy(gold, pred) == 0.5
    assert cc.per_type_kappa(gold, gold) == {"demand": 1.0, "report": 1.0, "warning": 1.0}
    assert cc.confusion(gold, pred)["demand"] == {"demand": 1, "report": 1}


def test_a_label_of_an_unknown_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps({"item": "a#0", "type": "complaint"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="complaint"):
        cc.read_labels(path)


def test_the_corpus_is_standoff_and_split_by_article() -> None:
    items = cc.load_items()
    assert len(items) >= 1000
    splits: dict[str, set[str]] = {}
    for item in items:
        assert item.content and all(0 <= a < b for a, b in item.content)
        splits.setdefault(item.article, set()).add(item.split)
    assert all(len(s) == 1 for s in splits.values())  # no article in two splits
    assert {i.split for i in items} == {"train", "dev", "test"}
    for line in (cc.CORPUS_DIR / "items.jsonl").read_text(encoding="utf-8").splitlines():
        assert set(json.loads(line)) == {"id", "article", "polnear_split", "split", "content", "cue", "source"}


def test_label_files_name_only_corpus_items_and_hold_no_text() -> None:
    ids = {i.id for i in cc.load_items()}
    for name in ("labels.jsonl", "labels_second.jsonl"):
        path = cc.CORPUS_DIR / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert row["item"] in ids
            assert set(row) <= {"item", "type", "conditional", "hedged", "negated"}  # no notes, no text


@pytest.mark.skipif(not cc.polnear_present(), reason="PolNeAR texts are not beside the checkout")
def test_corpus_offsets_fall_inside_their_polnear_article() -> None:
    for ex in cc.examples():
        assert ex.content_text.strip()
        assert all(b <= len(ex.text) for a, b in ex.item.content + ex.item.cue + ex.item.source)
