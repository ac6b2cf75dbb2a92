"""Regression checks for users' CI: `infclaims diff` and the `eval --min-*` bars, with their exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from infclaims.cli import app
from infclaims.evaluate import check_bars
from infclaims.rundiff import changed_fields, diff_runs

runner = CliRunner()


def rec(sid: str, content: str = "the talks must resume", **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema_version": "1.2",
        "id": sid,
        "doc_id": "d1",
        "kind": "indirect",
        "speaker": {"mention": "Diaz", "name": "Ana Diaz", "id": "ana-diaz", "type": "person"},
        "content": content,
        "claim": {"type": "demand", "confidence": 0.8},
    }
    base.update(extra)
    return base


@pytest.mark.parametrize(
    ("old", "new", "fields"),
    [
        (rec("a"), rec("a"), {}),
        (rec("a"), rec("a", schema_version="1.3"), {}),  # a version bump alone is no change
        (rec("a"), rec("a", "talks resume"), {"content": ("the talks must resume", "talks resume")}),
        (rec("a"), rec("a", claim={"type": "report", "confidence": 0.8}), {"claim.type": ("demand", "report")}),
        (
            rec("a"),
            rec("a", speaker={"mention": "Diaz", "name": None, "id": None, "type": "person"}),
            {"speaker.id": ("ana-diaz", None), "speaker.name": ("Ana Diaz", None)},
        ),
        (rec("a"), rec("a", said_on="2019-05-01"), {"said_on": (None, "2019-05-01")}),
    ],
)
def test_changed_fields_name_what_differs(old: dict[str, Any], new: dict[str, Any], fields: dict[str, Any]) -> None:
    assert changed_fields(old, new) == fields


def test_diff_runs_counts_added_removed_changed_and_unchanged() -> None:
    old = [rec("a"), rec("b"), rec("c")]
    new = [rec("a"), rec("b", claim={"type": "warning"}), rec("d")]
    d = diff_runs(old, new)
    assert d.counts() == {"added": 1, "removed": 1, "changed": 1, "unchanged": 1}
    assert [r["id"] for r in d.added] == ["d"] and [r["id"] for r in d.removed] == ["c"]
    assert d.field_counts() == {"claim.confidence": 1, "claim.type": 1}
    assert not d.same and diff_runs(old, old).same


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cli_diff_exit_codes_are_those_of_diff(tmp_path: Path) -> None:
    a = _jsonl(tmp_path / "a.jsonl", [rec("a"), rec("b")])
    b = _jsonl(tmp_path / "b.jsonl", [rec("a"), rec("b", "something else"), rec("c")])
    same = runner.invoke(app, ["diff", str(a), str(a)])
    assert same.exit_code == 0 and "0 added, 0 removed, 0 changed, 2 unchanged" in same.output
    differ = runner.invoke(app, ["diff", str(a), str(b)])
    assert differ.exit_code == 1
    assert "1 added, 0 removed, 1 changed, 1 unchanged" in differ.output
    assert "content" in differ.output and "+ c" in differ.output
    payload = json.loads(runner.invoke(app, ["diff", str(a), str(b), "--json"]).stdout)
    assert payload["counts"]["changed"] == 1 and payload["changed"][0]["fields"]["content"][1] == "something else"
    missing = runner.invoke(app, ["diff", str(a), str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2 and "E101" in missing.output


def test_check_bars_fail_below_and_on_figures_the_gold_cannot_give() -> None:
    summary = {"precision": 0.9, "recall": 0.8, "f1": 0.847, "speaker_accuracy": 0.95, "claim_type_accuracy": None}
    checks = {c.name: c for c in check_bars(summary, {"f1": 0.85, "precision": 0.9, "claim": 0.5, "recall": None})}
    assert set(checks) == {"f1", "precision", "claim"}
    assert not checks["f1"].ok and "below" in checks["f1"].message()
    assert checks["precision"].ok  # a figure equal to its bar meets it
    assert not checks["claim"].ok and "n/a" in checks["claim"].message()


def test_cli_eval_bars_exit_1_and_name_the_failing_figure(tmp_path: Path) -> None:
    gold = _jsonl(
        tmp_path / "gold.jsonl",
        [
            {
                "doc_id": "d1",
                "speaker": "Ana Diaz",
                "speaker_id": "ana-diaz",
                "content": "the talks must resume",
                "kind": "indirect",
                "claim_type": "demand",
            },
            {
                "doc_id": "d1",
                "speaker": "Ana Diaz",
                "speaker_id": "ana-diaz",
                "content": "we will not wait for ever",
                "kind": "direct",
                "claim_type": "warning",
            },
        ],
    )
    pred = _jsonl(tmp_path / "pred.jsonl", [rec("a")])
    ok = runner.invoke(app, ["eval", str(pred), "--gold", str(gold), "--min-precision", "0.9", "--min-claim", "1"])
    assert ok.exit_code == 0, ok.output
    assert "bar met" in ok.output
    low = runner.invoke(app, ["eval", str(pred), "--gold", str(gold), "--min-recall", "0.9", "--min-f1", "0.5"])
    assert low.exit_code == 1
    assert "below bar" in low.output and "recall 0.500" in low.output and "--min-recall" in low.output
    lines = low.output.splitlines()
    assert any(line.startswith("bar met") and "--min-f1" in line for line in lines)  # f1 0.667 meets 0.5
    assert not any(line.startswith("below bar") and "--min-f1" in line for line in lines)
    as_json = runner.invoke(app, ["eval", str(pred), "--gold", str(gold), "--json", "--min-recall", "0.9"])
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["bars"] == [{"figure": "recall", "bar": 0.9, "value": 0.5, "ok": False}]
    bad = runner.invoke(app, ["eval", str(pred), "--gold", str(gold), "--min-f1", "85"])
    assert bad.exit_code == 2 and "between 0 and 1" in bad.output
