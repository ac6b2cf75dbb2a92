"""Statements as a table: validated records in, flat rows, a pandas DataFrame, or a CSV/Parquet file out.

pandas and pyarrow are optional and imported only when a function needs them, so ``import infclaims`` stays
fast. Every nested field becomes flat columns (``speaker_id``, ``claim_type``, ...); the dates and ranges of a
statement are summarised as counts and ``;``-joined values.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io as _stdio
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel

from infclaims import io
from infclaims.errors import ConfigError, InputError
from infclaims.models import ArticleRecord, ErrorRecord, SpeakerEntry, Statement

M = TypeVar("M", bound=BaseModel)

if TYPE_CHECKING:
    import pandas as pd

TableFormat = Literal["csv", "parquet"]
FORMATS: tuple[str, ...] = ("csv", "parquet")

#: Column name -> kind ("str", "int", "float", "bool", "date"), in output order. One row per statement.
COLUMNS: dict[str, str] = {
    "id": "str",
    "doc_id": "str",
    "outlet": "str",
    "published": "date",
    "said_on": "date",
    "said_on_text": "str",
    "kind": "str",
    "speaker_id": "str",
    "speaker_name": "str",
    "speaker_mention": "str",
    "speaker_type": "str",
    "speaker_role": "str",
    "speaker_affiliation": "str",
    "speaker_resolved_by": "str",
    "cue": "str",
    "content": "str",
    "label": "str",
    "claim_type": "str",
    "claim_conditional": "bool",
    "claim_condition": "str",
    "claim_hedged": "bool",
    "claim_hedge": "str",
    "claim_target_id": "str",
    "claim_target_name": "str",
    "claim_confidence": "float",
    "confidence": "float",
    "rule": "str",
    "sentence_index": "int",
    "start": "int",
    "end": "int",
    "raw_start": "int",
    "raw_end": "int",
    "n_dates": "int",
    "date_values": "str",
    "n_ranges": "int",
    "range_texts": "str",
    "n_diagnostics": "int",
    "diagnostic_codes": "str",
    "reported_by": "str",
    "schema_version": "str",
}


def _missing_extra(package: str, exc: ImportError) -> ConfigError:
    return ConfigError(
        f"{package!r} is not installed ({exc}); install it with: pip install 'infclaims[frames]' "
        f"(or pip install {package})",
        code="E203",
    )


#: The record model of each output file, and the keys that tell a line of it from the others.
_KINDS: tuple[tuple[str, type[BaseModel], frozenset[str]], ...] = (
    ("statements", Statement, frozenset({"kind", "speaker", "content", "span"})),
    ("articles", ArticleRecord, frozenset({"text", "paragraphs"})),
    ("speakers", SpeakerEntry, frozenset({"aliases", "statements", "name"})),
    ("errors", ErrorRecord, frozenset({"input", "code", "message"})),
)


def _records(path: Path | str, model: type[M], kind: str) -> list[M]:
    path = Path(path)
    if not path.exists():
        raise InputError(
            f"file {str(path)!r} does not exist. Fix: run 'infclaims extract' first or check the path.", code="E101"
        )
    out: list[M] = []
    for lineno, row in enumerate(io.read_jsonl_records(path), start=1):
        if lineno == 1:
            other = next((k for k, m, keys in _KINDS if m is not model and keys <= set(row)), None)
            if other is not None and not _KINDS_BY_NAME[kind] <= set(row):
                raise InputError(
                    f"{str(path)!r} holds {other} records, not {kind}; read it with infclaims.load_{other}(path) "
                    "(or infclaims.load(path), which reads any output file by its kind)",
                    code="E106",
                )
        try:
            out.append(model.model_validate(row))
        except ValueError as exc:
            first = str(exc).splitlines()[:3]
            raise InputError(
                f"record {lineno} of {str(path)!r} is not a valid {kind[:-1]} record ({' '.join(first)}); "
                "was the file written by another version of infclaims? Run 'infclaims extract' again",
                code="E106",
            ) from exc
    return out


_KINDS_BY_NAME = {k: keys for k, _m, keys in _KINDS}


def load_statements(path: Path | str) -> list[Statement]:
    """The statements of a ``statements.jsonl`` file, each validated against the record model.

    Raises :class:`InputError` E101 when the file does not exist and E106 when a line is not valid JSON, not a
    valid statement record (the message names the line), or the file holds another kind of record (the message
    names the loader to use).
    """
    return _records(path, Statement, "statements")


def load_articles(path: Path | str) -> list[ArticleRecord]:
    """The lines of an ``articles.jsonl`` file: each processed article with its clean text."""
    return _records(path, ArticleRecord, "articles")


def load_speakers(path: Path | str) -> list[SpeakerEntry]:
    """The speaker index of a ``speakers.jsonl`` file."""
    return _records(path, SpeakerEntry, "speakers")


def load_errors(path: Path | str) -> list[ErrorRecord]:
    """The failed inputs of an ``errors.jsonl`` file."""
    return _records(path, ErrorRecord, "errors")


def load(path: Path | str) -> list[Any]:
    """The records of any output file of a run, by its kind: statements (``Statement``), articles
    (``ArticleRecord``), speakers (``SpeakerEntry``) or errors (``ErrorRecord``), each validated. The kind is told
    from the first line (an empty file gives ``[]``); :func:`load_statements` and its siblings read one kind only."""
    path = Path(path)
    first = next(iter(io.read_jsonl_records(path)), None) if path.exists() else None
    if first is not None:
        for kind, model, keys in _KINDS:
            if keys <= set(first):
                return list(_records(path, model, kind))
    return list(load_statements(path))


def _as_statement(record: Statement | Mapping[str, Any]) -> Statement:
    return record if isinstance(record, Statement) else Statement.model_validate(record)


def flatten(record: Statement | Mapping[str, Any]) -> dict[str, Any]:
    """One flat row (the keys of :data:`COLUMNS`, in order) for a statement record."""
    st = _as_statement(record)
    sp, claim = st.speaker, st.claim
    target = claim.target if claim else None
    row: dict[str, Any] = {
        "id": st.id,
        "doc_id": st.doc_id,
        "outlet": st.outlet,
        "published": st.published,
        "said_on": st.said_on,
        "said_on_text": st.said_on_text,
        "kind": st.kind,
        "speaker_id": sp.id,
        "speaker_name": sp.name,
        "speaker_mention": sp.mention,
        "speaker_type": sp.type,
        "speaker_role": sp.role,
        "speaker_affiliation": sp.affiliation,
        "speaker_resolved_by": sp.resolved_by,
        "cue": st.cue,
        "content": st.content,
        "label": st.label,
        "claim_type": claim.type if claim else None,
        "claim_conditional": claim.conditional if claim else None,
        "claim_condition": claim.condition if claim else None,
        "claim_hedged": claim.hedged if claim else None,
        "claim_hedge": claim.hedge if claim else None,
        "claim_target_id": target.id if target else None,
        "claim_target_name": (target.name or target.mention) if target else None,
        "claim_confidence": claim.confidence if claim else None,
        "confidence": st.confidence,
        "rule": st.rule,
        "sentence_index": st.sentence_index,
        "start": st.span.start,
        "end": st.span.end,
        "raw_start": st.raw_span.start,
        "raw_end": st.raw_span.end,
        "n_dates": len(st.dates),
        "date_values": "; ".join(d.value for d in st.dates) or None,
        "n_ranges": len(st.ranges),
        "range_texts": "; ".join(q.text for q in st.ranges) or None,
        "n_diagnostics": len(st.diagnostics),
        "diagnostic_codes": "; ".join(d.code for d in st.diagnostics) or None,
        "reported_by": "; ".join(st.reported_by) or None,
        "schema_version": st.schema_version,
    }
    return row


def to_dataframe(records: Iterable[Statement | Mapping[str, Any]] | Path | str) -> pd.DataFrame:
    """A DataFrame with one row per statement and the flat :data:`COLUMNS` (dates as ``datetime64``), from
    statement records or the path of a ``statements.jsonl``.

    Column dtypes do not depend on the data: an empty input gives an empty frame with every column.
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise _missing_extra("pandas", exc) from exc
    if isinstance(records, str | Path):
        records = load_statements(records)
    rows = []
    for i, r in enumerate(records):
        try:
            rows.append(flatten(r))
        except ValueError as exc:
            raise InputError(
                f"record {i + 1} is not a statement record ({str(exc).splitlines()[0]}); give statements, e.g. "
                "infclaims.load_statements('statements.jsonl'), or the path of a statements.jsonl",
                code="E106",
            ) from exc
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    for name, kind in COLUMNS.items():
        if kind == "date":
            frame[name] = pd.to_datetime(frame[name])
        elif kind == "int":
            frame[name] = frame[name].astype("int64")
        elif kind == "float":
            frame[name] = frame[name].astype("float64")
        elif kind == "bool":
            frame[name] = frame[name].astype("boolean")
        else:
            frame[name] = frame[name].astype("string")
    return frame


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _parquet_bytes(rows: list[dict[str, Any]]) -> bytes:
    try:  # pyarrow has no type information: use it as untyped modules
        pa: Any = importlib.import_module("pyarrow")
        pq: Any = importlib.import_module("pyarrow.parquet")
    except ImportError as exc:
        raise _missing_extra("pyarrow", exc) from exc
    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32()}
    schema = pa.schema([(name, types[kind]) for name, kind in COLUMNS.items()])
    table = pa.Table.from_pylist(rows, schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())


def write_table(records: Iterable[Statement | Mapping[str, Any]], path: Path | str, fmt: str) -> int:
    """Write statements as a flat table (``csv`` or ``parquet``), atomically; returns the number of rows.

    CSV is UTF-8 with a header row, empty cells for missing values, ISO dates and ``true``/``false``. Parquet
    needs pyarrow (the ``frames`` extra); without it a :class:`ConfigError` E203 names the missing package.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"table format {fmt!r} is not one of {', '.join(FORMATS)}; choose one of them", code="E202")
    path = Path(path)
    rows = [flatten(r) for r in records]
    if fmt == "parquet":
        data = _parquet_bytes(rows)  # before touching the file system: a missing extra leaves nothing behind
        io.write_bytes_atomic(path, data)
        return len(rows)
    buffer = _stdio.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(v) for k, v in row.items()})
    with io.AtomicWriter(path) as fh:
        fh.write(buffer.getvalue())
    return len(rows)
