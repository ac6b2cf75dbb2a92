"""The bad-input corpus through the CLI: every input accounted for, a coded error per bad file, and the good
articles extracted exactly as when they run alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infclaims.cli import app

BAD = Path(__file__).parent / "data" / "bad"
runner = CliRunner()
pytestmark = pytest.mark.model

EXPECTED_CODES = {
    "articles.jsonl:2": "E106",
    "articles.jsonl:3": "E107",
    "articles.jsonl:5": "E108",
    "binary.txt": "E104",
    "empty.html": "E111",
    "empty.txt": "E103",
    "manifest.jsonl:4": "E110",
    "whitespace.txt": "E103",
}


def _lines(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_bad_inputs_cli_accounts_for_every_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(BAD), "-o", str(out), "-q", "--workers", "1"])
    assert result.exit_code == 1, result.output  # some inputs failed; the run still finished
    errors = _lines(out / "errors.jsonl")
    got = {e["input"].split("bad/")[-1]: e["code"] for e in errors}
    assert got == EXPECTED_CODES
    run = json.loads((out / "run.json").read_text())
    counts = run["counts"]
    assert counts["inputs"] == counts["articles"] + counts["failed"]
    assert counts["failed"] == len(EXPECTED_CODES)
    assert counts["articles"] == 11
    # a PDF in the folder is not an article: skipped and listed, not a failure
    assert [Path(p).name for p in run["skipped"]] == ["notes.pdf"] and counts["skipped"] == 1
    assert "W309" in result.output and "notes.pdf" in result.output
    # every line of every output file carries the schema version
    for name in ("statements.jsonl", "articles.jsonl", "speakers.jsonl", "errors.jsonl", "diagnostics.jsonl"):
        assert all(line.get("schema_version") for line in _lines(out / name)), name
    statements = _lines(out / "statements.jsonl")
    assert {"good_a", "good_b", "page", "mojibake", "utf16", "cp1252"} <= {s["doc_id"] for s in statements}
    # messages name the input and the reason
    assert all(e["message"] and e["input"] for e in errors)
    # repaired inputs are processed and the repair is reported, article by article
    diagnostics = {d["doc_id"]: {x["code"] for x in d["diagnostics"]} for d in _lines(out / "diagnostics.jsonl")}
    assert "W302" in diagnostics["mojibake"]
    assert "W304" in diagnostics["cp1252"]
    assert "good_a" not in diagnostics


@pytest.mark.parametrize("name", ["good_a", "good_b"])
def test_bad_inputs_cli_good_article_same_as_alone(tmp_path: Path, name: str) -> None:
    together = tmp_path / "together"
    runner.invoke(app, ["extract", str(BAD), "-o", str(together), "-q", "--workers", "1"])
    alone_in = tmp_path / "alone_in"
    alone_in.mkdir()
    shutil.copy(BAD / f"{name}.txt", alone_in / f"{name}.txt")
    shutil.copy(BAD / "manifest.jsonl", alone_in / "manifest.jsonl")
    alone = tmp_path / "alone"
    runner.invoke(app, ["extract", str(alone_in), "-o", str(alone), "-q", "--workers", "1"])
    pick = [s for s in _lines(together / "statements.jsonl") if s["doc_id"] == name]
    assert pick, f"{name} produced no statements"
    assert pick == [s for s in _lines(alone / "statements.jsonl") if s["doc_id"] == name]


ARTICLES = {
    "one": 'The minister said on Monday that the talks would go on. "We are ready," she told reporters.\n',
    "two": "The committee chair said the vote would be held next week, and that nobody had asked for a delay.\n",
    "three": 'The envoy said the offer was still open. "It is a fair deal," he added.\n',
}


@pytest.mark.parametrize(
    ("stage", "target"),
    [
        ("claims", "infclaims.pipeline.classify_claims"),
        ("speakers", "infclaims.pipeline.attribute_speakers"),
        ("normalise", "infclaims.pipeline.normalise_all"),
        ("clean", "infclaims.pipeline.clean"),
    ],
)
def test_bad_inputs_an_unexpected_exception_in_a_stage_costs_only_its_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, target: str
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    module, _, attr = target.rpartition(".")
    real = getattr(__import__(module, fromlist=[attr]), attr)

    def flaky(first, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "committee" in repr(first):  # an article, a parsed article or its statements
            raise KeyError("boom in a stage")
        return real(first, *args, **kwargs)

    monkeypatch.setattr(target, flaky)
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(out), "-q", "--workers", "1"])
    assert result.exit_code == 1, result.output
    statements = _lines(out / "statements.jsonl")
    assert {s["doc_id"] for s in statements} == {"one", "three"}
    (error,) = _lines(out / "errors.jsonl")
    assert error["doc_id"] == "two" and error["code"] == "E150" and error["stage"] == stage
    assert "KeyError" in error["message"] and "boom in a stage" in error["message"] and "report" in error["message"]
    assert error["input"].endswith("two.txt")
    assert "E150" in result.output
    run = json.loads((out / "run.json").read_text())
    assert run["counts"] == {**run["counts"], "inputs": 3, "articles": 2, "failed": 1}


def test_bad_inputs_an_html_reader_that_cannot_be_imported_costs_only_the_html_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "one.txt").write_text(ARTICLES["one"], encoding="utf-8")
    (corpus / "page.html").write_text(
        "<!DOCTYPE html><html><body><article><p>The envoy said the offer was open.</p></article></body></html>",
        encoding="utf-8",
    )
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura now raises ImportError
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(out), "-q", "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert {s["doc_id"] for s in _lines(out / "statements.jsonl")} == {"one"}
    (error,) = _lines(out / "errors.jsonl")
    assert error["code"] == "E113" and error["input"].endswith("page.html")
    assert "ModuleNotFoundError" in error["message"] and "cannot be loaded" in error["message"]
