"""The SQLite archive: rows from a run's files, foreign keys, full-text search, atomic writes, resume."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from infclaims.cli import app
from infclaims.database import DB_NAME, TABLES, claim_rows, statement_row, table_rows, write_database
from infclaims.errors import InputError, OutputError
from infclaims.models import (
    ArticleRecord,
    Claim,
    Span,
    Speaker,
    SpeakerEntry,
    Statement,
    Target,
    TimeExpression,
)

runner = CliRunner()
TEXT = 'The minister said the talks must resume. "We will not wait for ever," she told reporters in May 2019.'


def _statements() -> list[Statement]:
    first = Statement(
        id="s1",
        doc_id="d1",
        kind="indirect",
        speaker=Speaker(mention="The minister", name="Ana Diaz", id="ana-diaz", type="person"),
        cue="said",
        content="the talks must resume",
        label="Ana Diaz: the talks must resume",
        span=Span(start=18, end=39),
        raw_span=Span(start=18, end=39),
        sentence=TEXT[:40],
        sentence_index=0,
        rule="speech-verb",
        confidence=0.85,
        claim=Claim(type="demand", confidence=0.8, target=Target(mention="the talks")),
        published=None,
    )
    second = Statement(
        id="s2",
        doc_id="d1",
        kind="direct",
        speaker=Speaker(mention="she"),
        cue="told",
        content="We will not wait for ever,",
        label="she: We will not wait for ever,",
        span=Span(start=42, end=68),
        raw_span=Span(start=42, end=68),
        sentence=TEXT[41:],
        sentence_index=1,
        rule="quote-cue",
        confidence=0.8,
        claim=Claim(type="warning", confidence=0.6),
        dates=(TimeExpression(text="May 2019", start=94, end=102, type="DATE", value="2019-05"),),
    )
    return [first, second]


def _write(path: Path, rows: list[Any]) -> None:
    path.write_text(
        "".join(json.dumps(r.model_dump(mode="json") if hasattr(r, "model_dump") else r) + "\n" for r in rows),
        encoding="utf-8",
    )


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    out = tmp_path / "run"
    out.mkdir()
    _write(out / "statements.jsonl", _statements())
    _write(out / "articles.jsonl", [ArticleRecord(doc_id="d1", text=TEXT, outlet="Daily", title="Talks", statements=2)])
    _write(out / "speakers.jsonl", [SpeakerEntry(id="ana-diaz", name="Ana Diaz", type="person", aliases=("Diaz",))])
    _write(out / "errors.jsonl", [{"input": "bad.bin", "code": "E104", "message": "binary"}])
    (out / "run.json").write_text(json.dumps({"schema_version": "1.2", "infclaims": "0", "counts": {}}), "utf-8")
    return out


def _count(db: Path, sql: str, *args: Any) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(sql, args).fetchone()[0])
    finally:
        con.close()


def test_database_has_a_row_per_record_and_every_documented_table(run_dir: Path) -> None:
    counts = write_database(run_dir)
    db = run_dir / DB_NAME
    assert counts["statements"] == 2 and counts["articles"] == 1 and counts["errors"] == 1
    con = sqlite3.connect(db)
    names = {r[0] for r in con.execute("select name from sqlite_master where type in ('table')")}
    for table, (_desc, columns) in TABLES.items():
        assert table in names
        actual = [r[1] for r in con.execute(f"pragma table_info({table})")]
        assert actual == list(columns), table  # the documentation is the schema
    con.close()
    assert _count(db, "select count(*) from dates where date_from = '2019-05-01' and date_to = '2019-05-31'") == 1
    assert _count(db, "select count(*) from claims where main = 1") == 2
    assert _count(db, "select count(*) from aliases where speaker_id = 'ana-diaz'") == 1
    assert _count(db, "select count(*) from meta where key = 'db_schema_version'") == 1


def test_database_full_text_search_finds_content_and_speaker(run_dir: Path) -> None:
    write_database(run_dir)
    db = run_dir / DB_NAME
    assert _count(db, "select count(*) from statements_fts where statements_fts match ?", '"talks must resume"') == 1
    assert _count(db, "select count(*) from statements_fts where statements_fts match ?", "speaker_name:diaz") == 1
    assert _count(db, "select count(*) from statements_fts where statements_fts match ?", "waiting") == 1  # porter
    assert _count(db, "select count(*) from statements_fts where statements_fts match ?", "treaty") == 0


def test_database_foreign_keys_hold_and_unresolved_speakers_are_null(run_dir: Path) -> None:
    write_database(run_dir)
    con = sqlite3.connect(run_dir / DB_NAME)
    assert con.execute("pragma foreign_key_check").fetchall() == []
    assert con.execute("select speaker_id, speaker_mention from statements where id = 's2'").fetchone() == (None, "she")
    con.close()


def test_database_is_replaced_atomically_and_a_failure_leaves_the_old_one(run_dir: Path) -> None:
    write_database(run_dir)
    before = (run_dir / DB_NAME).read_bytes()
    (run_dir / "statements.jsonl").write_text('{"id": "x", "doc_id": "nowhere"}\n{"id": "x", "doc_id": "d1"}\n')
    with pytest.raises(OutputError):
        write_database(run_dir)  # a duplicate id: the new file is never half-written over the old
    assert (run_dir / DB_NAME).read_bytes() == before
    assert [p.name for p in run_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_database_of_a_folder_without_a_run_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        write_database(tmp_path)
    assert info.value.code == "E101"


def test_database_same_files_give_the_same_rows(run_dir: Path, tmp_path: Path) -> None:
    write_database(run_dir, tmp_path / "a.sqlite")
    write_database(run_dir, tmp_path / "b.sqlite")
    for table in TABLES:
        assert table_rows(tmp_path / "a.sqlite", table) == table_rows(tmp_path / "b.sqlite", table)


@pytest.mark.parametrize(
    ("record", "column", "expected"),
    [
        ({"id": "a", "doc_id": "d", "published": "2019-02-03"}, "month", "2019-02"),
        ({"id": "a", "doc_id": "d", "published": "2019-02-03", "said_on": "2019-01-30"}, "month", "2019-01"),
        ({"id": "a", "doc_id": "d"}, "month", None),
        ({"id": "a", "doc_id": "d", "speaker": {"mention": "he"}}, "speaker_id", None),
        ({"id": "a", "doc_id": "d", "claim": {"type": "demand", "hedged": True}}, "claim_hedged", 1),
        ({"id": "a", "doc_id": "d", "claim": {"type": "demand"}}, "claim_negated", None),
        ({"id": "a", "doc_id": "d", "proposition": {"id": "p1", "stance": "denies"}}, "stance", "denies"),
        ({"id": "a", "doc_id": "d", "reported_by": ["AFP"]}, "reported_by", '["AFP"]'),
    ],
)
def test_statement_row_columns(record: dict[str, Any], column: str, expected: Any) -> None:
    assert statement_row(record)[column] == expected


def test_claim_rows_prefer_per_sentence_claims() -> None:
    main = {"type": "demand", "span": {"start": 10, "end": 20}}
    rec = {"id": "a", "claim": main, "claims": [{"type": "report", "span": {"start": 0, "end": 9}}, main]}
    rows = list(claim_rows(rec))
    assert [(r["idx"], r["type"], r["main"]) for r in rows] == [(0, "report", 0), (1, "demand", 1)]
    assert list(claim_rows({"id": "b"})) == []  # no claim (claims stage off): no row


def test_cli_db_writes_the_database_and_says_how_to_browse_it(run_dir: Path) -> None:
    result = runner.invoke(app, ["db", str(run_dir)])
    assert result.exit_code == 0, result.output
    assert (run_dir / DB_NAME).exists() and "infclaims serve" in result.output
    missing = runner.invoke(app, ["db", str(run_dir / "nope")])
    assert missing.exit_code == 2 and "E101" in missing.output


@pytest.mark.model
def test_a_resumed_run_gives_the_same_database_as_an_uninterrupted_one(tmp_path: Path) -> None:
    from infclaims.parallel import EngineOptions
    from infclaims.runner import RunOptions, run_extract

    folder = tmp_path / "in"
    folder.mkdir()
    for k, who in enumerate(("Maria Lopez", "John Smith", "Ana Diaz")):
        (folder / f"a{k}.txt").write_text(
            f'{who}, the minister, said on Monday that the plan had failed. "We must start again," {who} said.',
            encoding="utf-8",
        )

    def opts(out: Path, resume: bool = False) -> RunOptions:
        return RunOptions(
            inputs=(folder,),
            outdir=out,
            batch_size=1,
            engine=EngineOptions(workers=1),
            resume=resume,
            formats=("sqlite",),
        )

    run_extract(opts(tmp_path / "whole"))

    def stop_at_the_second(done: int, label: str) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_extract(opts(tmp_path / "parts"), progress=stop_at_the_second)
    run_extract(opts(tmp_path / "parts", resume=True))
    a, b = tmp_path / "whole" / DB_NAME, tmp_path / "parts" / DB_NAME
    for table in TABLES:
        if table != "runs":
            assert table_rows(a, table) == table_rows(b, table), table
    assert _count(a, "select count(*) from statements") >= 3
