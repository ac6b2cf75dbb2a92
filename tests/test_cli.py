"""The CLI through typer's runner, and once as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infclaims.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
pytestmark = pytest.mark.model

ARTICLE = (
    "Minister Warns Of Budget Cuts\n\n"
    "Finance Minister Paul Meyer said on Monday that spending would be cut by 5 percent next year.\n\n"
    '"We have no other choice," Meyer told reporters.\n'
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "manifest.jsonl").write_text(
        json.dumps(
            {"doc_id": "a", "outlet": "Test Times", "published": "2024-03-05", "title": "Minister Warns Of Budget Cuts"}
        )
        + "\n",
        encoding="utf-8",
    )
    return d


def test_cli_extract_writes_all_outputs_and_accounts_for_every_input(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(out), "--quiet", "--workers", "1"])
    assert result.exit_code == 1, result.output  # one input failed
    for name in ("statements.jsonl", "speakers.jsonl", "errors.jsonl", "run.json"):
        assert (out / name).exists(), name
    statements = [json.loads(x) for x in (out / "statements.jsonl").read_text().splitlines()]
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    run = json.loads((out / "run.json").read_text())
    assert {s["speaker"]["id"] for s in statements} == {"paul-meyer"}
    assert [e["code"] for e in errors] == ["E103"]
    assert run["counts"]["inputs"] == run["counts"]["articles"] + run["counts"]["failed"] == 2
    assert all(s["published"] == "2024-03-05" and s["outlet"] == "Test Times" for s in statements)
    speakers = [json.loads(x) for x in (out / "speakers.jsonl").read_text().splitlines()]
    assert speakers[0]["statements"] == {"a": len(statements)}
    assert "seconds" in result.output and "starting workers" in result.output


def test_cli_extract_is_deterministic(corpus: Path, tmp_path: Path) -> None:
    outs = []
    for k in range(2):
        out = tmp_path / f"out{k}"
        runner.invoke(app, ["extract", str(corpus), "-o", str(out), "--quiet", "--workers", "1"])
        outs.append((out / "statements.jsonl").read_bytes())
    assert outs[0] == outs[1]


def test_cli_extract_unwritable_output_fails_before_work(corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(blocker / "out"), "--quiet"])
    assert result.exit_code == 2
    assert "E301" in result.output


def test_cli_unknown_model_is_a_coded_error(corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["extract", str(corpus), "-o", str(tmp_path / "o"), "--model", "no_such_pipeline", "-q"]
    )
    assert result.exit_code == 2
    assert "E201" in result.output


def test_cli_eval_json_on_own_output(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["extract", str(corpus), "-o", str(out), "--quiet", "--workers", "1"])
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"doc_id": "a", "content": "We have no other choice", "kind": "direct", "speaker_id": "paul-meyer"})
        + "\n"
    )
    result = runner.invoke(app, ["eval", str(out / "statements.jsonl"), "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["recall"] == 1.0
    assert scores["speaker_accuracy"] == 1.0


def test_cli_show_filters(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["extract", str(corpus), "-o", str(out), "--quiet", "--workers", "1"])
    result = runner.invoke(app, ["show", str(out / "statements.jsonl"), "--speaker", "meyer"])
    assert result.exit_code == 0
    assert "Paul Meyer" in result.output
    result = runner.invoke(app, ["show", str(out / "statements.jsonl"), "--speaker", "nobody"])
    assert "0 statements" in result.output


def test_cli_real_subprocess(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "infclaims.cli",
            "extract",
            str(corpus / "a.txt"),
            "-o",
            str(out),
            "-q",
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "statements" in proc.stdout
    assert (out / "statements.jsonl").read_text().count("\n") >= 2


def test_cli_extract_writes_csv_table(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["extract", str(corpus), "-o", str(out), "--quiet", "--workers", "1", "--format", "csv"])
    rows = (out / "statements.csv").read_text(encoding="utf-8").splitlines()
    n = len((out / "statements.jsonl").read_text().splitlines())
    assert len(rows) == n + 1  # header
    assert "speaker_id" in rows[0]


def test_cli_extract_rejects_unknown_table_format(corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(tmp_path / "o"), "-q", "-j", "1", "--format", "xls"])
    assert result.exit_code == 2
    assert "E202" in result.output


@pytest.mark.parametrize("columns", ["30", "80"])
def test_cli_lines_that_are_grepped_are_never_wrapped(corpus: Path, tmp_path: Path, columns: str) -> None:
    """The ``wrote`` summary and every coded error line stay on one line whatever the terminal width, no TTY."""
    out = tmp_path / "a-rather-long-folder-name-for-the-output" / "of-this-run"
    env = {**os.environ, "COLUMNS": columns, "NO_COLOR": "1"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "infclaims.cli", *args],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env=env,
            stdin=subprocess.DEVNULL,
        )

    proc = cli("extract", str(corpus), "-o", str(out), "-q", "--workers", "1")
    assert proc.returncode == 1, proc.stderr
    empty = str(corpus / "empty.txt")
    assert any(line.startswith(f"E103 {empty}: ") for line in proc.stderr.splitlines()), proc.stderr
    target = out / "report.html"
    proc = cli("report", str(out / "statements.jsonl"), "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert any(
        line.startswith(f"wrote {target}: ") and " statements (" in line and line.endswith(" errors")
        for line in proc.stdout.splitlines()
    ), proc.stdout
    proc = cli("report", str(out / "missing" / "statements.jsonl"))
    assert proc.returncode == 2
    missing = str(out / "missing" / "statements.jsonl")
    assert any(line.startswith("error [E101] ") and repr(missing) in line for line in proc.stderr.splitlines()), (
        proc.stderr
    )
