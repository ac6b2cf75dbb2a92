"""Statements as tables: loading validated records, flat rows, the DataFrame, CSV and Parquet files."""

from __future__ import annotations

import csv
import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from infclaims import frame
from infclaims.errors import ConfigError, InputError
from infclaims.models import (
    Claim,
    Diagnostic,
    Quantity,
    Span,
    Speaker,
    Statement,
    Target,
    TimeExpression,
    dump_record,
)


def make(ident: str, *, claim: str | None = "demand", said_on: str | None = "2024-03-04", **extra: Any) -> Statement:
    return Statement(
        id=ident,
        doc_id="doc1",
        kind="direct",
        speaker=Speaker(mention="Meyer", name="Paul Meyer", id="paul-meyer", type="person", role="Minister"),
        cue="said",
        cue_span=Span(start=30, end=34),
        content="Cut spending by 5 to 7 percent by Monday",
        label="Paul Meyer: Cut spending",
        span=Span(start=0, end=28),
        raw_span=Span(start=3, end=31),
        sentence="...",
        sentence_index=2,
        rule="speech-verb",
        confidence=0.9,
        published="2024-03-05",  # type: ignore[arg-type]
        said_on=said_on,  # type: ignore[arg-type]
        claim=Claim(
            type=claim,  # type: ignore[arg-type]
            confidence=0.7,
            hedged=True,
            hedge="may",
            target=Target(mention="the ministry", name="Ministry", id="ministry"),
        )
        if claim
        else None,
        **extra,
    )


RECORDS = [
    make(
        "s1",
        dates=(TimeExpression(text="Monday", start=34, end=40, type="DATE", value="2024-03-11"),),
        ranges=(Quantity(text="5 to 7 percent", start=16, end=30, low=5, high=7, unit="percent"),),
        diagnostics=(Diagnostic(code="W301", message="stray quote"),),
    ),
    make("s2", claim=None, said_on=None),
]


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "statements.jsonl"
    path.write_text("".join(json.dumps(dump_record(r)) + "\n" for r in RECORDS), encoding="utf-8")
    return path


def test_frame_load_returns_validated_records(jsonl: Path) -> None:
    assert frame.load(jsonl) == RECORDS


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ('{"id": "x"}\n', "E106"),  # JSON, but not a statement
        ("not json\n{}\n", "E106"),
    ],
)
def test_frame_load_rejects_bad_records_with_a_code(tmp_path: Path, content: str, code: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        frame.load(path)
    assert info.value.code == code


def test_frame_load_missing_file_is_e101(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        frame.load(tmp_path / "none.jsonl")
    assert info.value.code == "E101"


def test_frame_flatten_has_every_column_in_order() -> None:
    row = frame.flatten(RECORDS[0])
    assert list(row) == list(frame.COLUMNS)
    assert row["speaker_id"] == "paul-meyer" and row["speaker_name"] == "Paul Meyer"
    assert row["claim_type"] == "demand" and row["claim_hedged"] is True and row["claim_target_id"] == "ministry"
    assert (row["n_dates"], row["date_values"], row["n_ranges"], row["range_texts"]) == (
        1,
        "2024-03-11",
        1,
        "5 to 7 percent",
    )
    assert (row["start"], row["end"], row["raw_start"], row["raw_end"]) == (0, 28, 3, 31)
    assert row["diagnostic_codes"] == "W301"


def test_frame_flatten_without_claim_or_dates_gives_nulls_and_zero_counts() -> None:
    row = frame.flatten(dump_record(RECORDS[1]))  # plain dicts are validated the same way
    assert row["claim_type"] is None and row["claim_confidence"] is None and row["said_on"] is None
    assert row["n_dates"] == row["n_ranges"] == row["n_diagnostics"] == 0


def test_frame_to_dataframe_columns_dtypes_and_grouping() -> None:
    pd = pytest.importorskip("pandas")
    df = frame.to_dataframe(RECORDS)
    assert list(df.columns) == list(frame.COLUMNS) and len(df) == 2
    assert pd.api.types.is_datetime64_any_dtype(df["said_on"])
    assert df["said_on"].isna().tolist() == [False, True]
    assert df["n_dates"].dtype == "int64" and df["confidence"].dtype == "float64"
    counts = df.groupby(["speaker_id", "claim_type"]).size().to_dict()
    assert counts == {("paul-meyer", "demand"): 1}  # the unclassified statement has no claim type


def test_frame_to_dataframe_of_nothing_keeps_the_columns() -> None:
    pytest.importorskip("pandas")
    df = frame.to_dataframe([])
    assert list(df.columns) == list(frame.COLUMNS) and len(df) == 0


def test_frame_write_table_csv_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    assert frame.write_table(RECORDS, path, "csv") == 2
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(frame.COLUMNS)
    assert rows[0]["said_on"] == "2024-03-04" and rows[0]["claim_hedged"] == "true"
    assert rows[1]["said_on"] == "" and rows[1]["claim_type"] == ""
    assert rows[0]["content"] == RECORDS[0].content


def test_frame_write_table_parquet_keeps_types(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "s.parquet"
    assert frame.write_table(RECORDS, path, "parquet") == 2
    table = pq.read_table(path)
    assert table.column_names == list(frame.COLUMNS)
    assert str(table.schema.field("said_on").type) == "date32[day]"
    assert table.column("speaker_id").to_pylist() == ["paul-meyer", "paul-meyer"]


def test_frame_write_table_unknown_format_is_e202(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        frame.write_table(RECORDS, tmp_path / "s.xlsx", "xlsx")
    assert info.value.code == "E202" and "csv" in str(info.value)


def test_frame_write_table_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.import_module

    def no_pyarrow(name: str, package: str | None = None) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(f"No module named {name!r}")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", no_pyarrow)
    path = tmp_path / "s.parquet"
    with pytest.raises(ConfigError) as info:
        frame.write_table(RECORDS, path, "parquet")
    assert info.value.code == "E203" and "infclaims[frames]" in str(info.value) and "pyarrow" in str(info.value)
    assert not path.exists() and list(tmp_path.iterdir()) == []
