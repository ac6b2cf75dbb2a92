"""What a new user meets first: help texts, errors that come before any work and name the fix, and values that
are checked instead of silently doing nothing. Each test fails on the behaviour the usability issue reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infclaims import __version__
from infclaims.cli import app

runner = CliRunner()

ARTICLE = 'The minister said on Monday that the talks would go on. "We are ready," she told reporters.\n'


def _lines(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return d


# --------------------------------------------------------------------------- help texts


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("extract", "Usage: infclaims extract [OPTIONS] INPUT..."),
        ("eval", "Usage: infclaims eval [OPTIONS] [STATEMENTS]"),
        ("report", "Usage: infclaims report [OPTIONS] [STATEMENTS]"),
        ("show", "Usage: infclaims show [OPTIONS] [STATEMENTS]"),
    ],
)
def test_cli_help_usage_names_arguments_and_shows_no_type_labels(command: str, usage: str) -> None:
    result = runner.invoke(app, [command, "--help"], prog_name="infclaims")
    assert result.exit_code == 0
    assert usage in result.output
    for label in ("<bool>", "<list[str]>", "<list[Path]>", "{inputs}", "<str>", "<path>", "<int range>"):
        assert label not in result.output, label


def test_cli_help_of_extract_names_every_output_and_input_kind() -> None:
    text = runner.invoke(app, ["extract", "--help"]).output
    for word in ("diagnostics.jsonl", "articles.jsonl", "errors.jsonl", ".md", ".html", ".jsonl", "--format"):
        assert word in text, word
    assert "csv|parquet" in text


def test_cli_version_option_and_command() -> None:
    assert runner.invoke(app, ["--version"]).output.strip() == __version__
    assert runner.invoke(app, ["version"]).output.strip() == __version__


# --------------------------------------------------------------------------- wrong answers without a warning


@pytest.mark.model
def test_cli_eval_refuses_statements_that_share_no_article_with_the_gold(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q", "-j", "1"]).exit_code == 0
    result = runner.invoke(app, ["eval", str(out / "statements.jsonl")])  # the bundled gold: other articles
    assert result.exit_code == 2
    assert "E204" in result.output and "share no article" in result.output


def test_cli_eval_without_statements_or_gold_says_what_to_give(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["eval"])
    assert result.exit_code == 2 and "E202" in result.output
    monkeypatch.chdir(tmp_path)  # outside the repository: the default gold is not there
    (tmp_path / "s.jsonl").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["eval", "s.jsonl"])
    assert result.exit_code == 2 and "E101" in result.output and "--gold" in result.output
    assert "run 'infclaims extract' first" not in result.output


def test_cli_show_rejects_a_claim_type_that_does_not_exist(tmp_path: Path) -> None:
    (tmp_path / "s.jsonl").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["show", str(tmp_path / "s.jsonl"), "--type", "warnings"])
    assert result.exit_code == 2 and "E202" in result.output
    assert "warning" in result.output and "accusation" in result.output  # the nine types are named


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ({"Ri": "Ri Thae Song"}, "no 'speakers' key"),
        ({"speakers": ["Ri Thae Song"]}, "not an object of names"),
        ({"speakers": {"Ri Thae Song": "Ri"}}, "not an object"),
        ({"speakers": {"Ri Thae Song": {"aliases": "Ri"}}}, "not a list of strings"),
        ({"speakers": {"Ri Thae Song": {"alias": ["Ri"]}}}, "unknown keys 'alias'"),
        ({"speakers": {"Ri Thae Song": {"type": "human"}}}, "'type'"),
    ],
)
def test_cli_aliases_in_a_wrong_shape_is_a_coded_error_naming_the_shape(
    folder: Path, tmp_path: Path, content: object, problem: str
) -> None:
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q", "--aliases", str(path)])
    assert result.exit_code == 2, result.output
    assert "E203" in result.output and problem in result.output and '{"speakers":' in result.output
    assert not out.exists()


def test_cli_aliases_in_the_documented_shape_are_accepted(tmp_path: Path) -> None:
    from infclaims.lexicons import load_aliases_file

    path = tmp_path / "aliases.json"
    shape = {"speakers": {"Ri Thae Song": {"aliases": ["Ri"], "type": "person", "roles": ["Vice Minister"]}}}
    path.write_text(json.dumps(shape), encoding="utf-8")
    (entry,) = load_aliases_file(path)
    assert (entry.name, entry.aliases, entry.roles) == ("Ri Thae Song", ("Ri",), ("Vice Minister",))


# --------------------------------------------------------------------------- errors before any work


def test_cli_a_missing_input_fails_before_loading_anything_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("infclaims.nlp.load_nlp", lambda *a, **k: pytest.fail("the model was loaded"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(tmp_path / "nope"), "-o", str(out), "-q", "-j", "1"])
    assert result.exit_code == 2
    assert "E101" in result.output and "nope" in result.output
    assert not out.exists()


def test_cli_a_bad_model_leaves_no_output_folder_and_names_only_installed_defaults(
    folder: Path, tmp_path: Path
) -> None:
    import importlib.util

    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q", "--model", "no_such_pipeline"])
    assert result.exit_code == 2 and "E201" in result.output
    assert not out.exists()
    listed = result.output.split("installed default pipelines: ")[1].split(".")[0].split(", ")
    from infclaims.nlp import DEFAULT_MODELS

    assert listed == [name for name in DEFAULT_MODELS if importlib.util.find_spec(name) is not None]


# --------------------------------------------------------------------------- metadata


@pytest.mark.model
def test_cli_a_common_date_form_in_the_manifest_is_read_and_a_bad_one_is_a_diagnostic(
    folder: Path, tmp_path: Path
) -> None:
    (folder / "b.txt").write_text(ARTICLE.replace("minister", "mayor"), encoding="utf-8")
    (folder / "manifest.jsonl").write_text(
        json.dumps({"doc_id": "a", "published": "Dec 3, 2019"})
        + "\n"
        + json.dumps({"doc_id": "b", "published": "sometime soon"})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output  # an unreadable date is no failed input
    published = {s["doc_id"]: s["published"] for s in _lines(out / "statements.jsonl")}
    assert published == {"a": "2019-12-03", "b": None}
    assert _lines(out / "errors.jsonl") == []
    (diag,) = _lines(out / "diagnostics.jsonl")
    assert diag["doc_id"] == "b" and [d["code"] for d in diag["diagnostics"]] == ["W306"]


# --------------------------------------------------------------------------- files, interrupts, reports


@pytest.mark.model
def test_cli_files_that_are_not_articles_are_skipped_in_a_folder_but_an_error_when_named(
    folder: Path, tmp_path: Path
) -> None:
    (folder / "README").write_text("How this folder was made.", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q", "-j", "1", "--on-error", "stop"])
    assert result.exit_code == 0, result.output  # --on-error stop does not halt on a README
    assert "W309" in result.output and "scan.pdf" in result.output and "README" in result.output
    run = json.loads((out / "run.json").read_text())
    assert [Path(p).name for p in run["skipped"]] == ["README", "scan.pdf"]
    assert run["counts"]["inputs"] == run["counts"]["articles"] == 1 and _lines(out / "errors.jsonl") == []
    named = runner.invoke(app, ["extract", str(folder / "scan.pdf"), "-o", str(tmp_path / "o2"), "-q", "-j", "1"])
    assert named.exit_code == 1 and "E102" in named.output


@pytest.mark.model
def test_cli_ctrl_c_exits_130_and_says_how_to_resume(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("infclaims.runner.run_extract", interrupted)
    result = runner.invoke(app, ["extract", str(folder), "-o", str(tmp_path / "out"), "-q", "-j", "1"])
    assert result.exit_code == 130
    assert "--resume" in result.output


@pytest.mark.model
def test_cli_a_resumed_run_says_how_many_articles_were_already_done(folder: Path, tmp_path: Path) -> None:
    from infclaims.parallel import EngineOptions
    from infclaims.runner import RunOptions, run_extract

    (folder / "b.txt").write_text(ARTICLE.replace("minister", "mayor"), encoding="utf-8")
    out = tmp_path / "out"

    def stop_at_the_second(done: int, label: str) -> None:
        if done == 2:
            raise KeyboardInterrupt

    opts = RunOptions(inputs=(folder,), outdir=out, batch_size=1, engine=EngineOptions(workers=1))
    with pytest.raises(KeyboardInterrupt):
        run_extract(opts, progress=stop_at_the_second)
    result = runner.invoke(
        app, ["extract", str(folder), "-o", str(out), "-q", "-j", "1", "--batch-size", "1", "--resume"]
    )
    assert result.exit_code == 0, result.output
    assert "1 articles were already done" in result.output


@pytest.mark.model
def test_cli_report_prints_one_line_per_kind_of_problem(folder: Path, tmp_path: Path) -> None:
    for k in range(3):
        (folder / f"x{k}.txt").write_text(ARTICLE.replace("minister", f"minister {k}"), encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q", "-j", "1"]).exit_code == 0
    (out / "articles.jsonl").write_text("", encoding="utf-8")  # texts gone: every statement has one problem
    (out / "run.json").write_text(json.dumps({"inputs": [str(tmp_path / "gone")]}), encoding="utf-8")
    result = runner.invoke(app, ["report", str(out / "statements.jsonl"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.output.splitlines() if "clean text is not available" in ln]
    assert len(lines) == 1 and "statements" in lines[0] and "more" in lines[0]


# --------------------------------------------------------------------------- Python API


@pytest.mark.model
def test_api_extract_reads_paths_and_warns_on_a_string_that_looks_like_one(folder: Path) -> None:
    import infclaims
    from infclaims.errors import InfclaimsWarning

    from_path = infclaims.extract([folder / "a.txt"])
    assert from_path and {s.doc_id for s in from_path} == {"a"}
    assert {s.doc_id for s in infclaims.extract([folder])} == {"a"}
    with pytest.warns(InfclaimsWarning, match="looks like a file name"):
        assert infclaims.extract([str(folder / "a.txt")]) == []
    with pytest.warns(InfclaimsWarning, match="E101"):
        assert infclaims.extract([folder / "missing.txt"]) == []
    text = infclaims.extract([ARTICLE])  # plain text stays text, with no warning
    assert text and text[0].doc_id == "doc00000"


@pytest.mark.model
def test_api_load_reads_each_output_file_by_its_kind(folder: Path, tmp_path: Path) -> None:
    import infclaims
    from infclaims.errors import InputError
    from infclaims.runner import RunOptions, run_extract

    (folder / "b.txt").write_text('"We will not back down," Finance Minister Paul Meyer told reporters.\n')
    out = tmp_path / "out"
    run_extract(RunOptions(inputs=(folder,), outdir=out))
    assert infclaims.load(out / "speakers.jsonl"), "the test needs a named speaker"
    assert all(isinstance(r, infclaims.Statement) for r in infclaims.load(out / "statements.jsonl"))
    assert all(isinstance(r, infclaims.SpeakerEntry) for r in infclaims.load(out / "speakers.jsonl"))
    assert all(isinstance(r, infclaims.ArticleRecord) for r in infclaims.load(out / "articles.jsonl"))
    with pytest.raises(InputError, match="load_speakers"):
        infclaims.load_statements(out / "speakers.jsonl")
    frame = infclaims.to_dataframe(out / "statements.jsonl")
    assert len(frame) == len(infclaims.load_statements(out / "statements.jsonl"))
    with pytest.raises(InputError, match="load_speakers") as info:
        infclaims.to_dataframe(out / "speakers.jsonl")
    assert info.value.code == "E106"
