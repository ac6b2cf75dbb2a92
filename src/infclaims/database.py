"""A run as a SQLite database: ``OUTDIR/infclaims.sqlite`` for SQL, notebooks and Datasette.

Built from a run's output files (``statements.jsonl``, ``articles.jsonl``, ``speakers.jsonl``, ``errors.jsonl``,
``diagnostics.jsonl``, ``run.json`` and ``propositions.jsonl`` when present), so a resumed run and an
uninterrupted one, whose files are the same, give the same database. The schema is fixed DDL, documented in
``DB_SCHEMA`` and versioned by ``DB_SCHEMA_VERSION`` (stored in the ``meta`` table): it is written with the
standard library's ``sqlite3`` rather than a schema-inferring tool, because a versioned schema with foreign keys,
indexes and an FTS5 index is a few statements of DDL, and the module needs no dependency.

The file is written to a temporary name beside the target and renamed over it when complete, so a reader never
sees half a database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from infclaims import io
from infclaims.errors import InputError, OutputError

DB_NAME = "infclaims.sqlite"
DB_SCHEMA_VERSION = "1.0"

#: Table -> (description, {column: description}). The DDL below and the Datasette metadata both come from it,
#: and the README's table is checked against it.
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "meta": ("Facts about this database file.", {"key": "Name of the fact.", "value": "Its value."}),
    "runs": (
        "The extraction run that made the files this database was built from (run.json).",
        {
            "id": "Row number.",
            "infclaims": "Version of infclaims that extracted.",
            "schema_version": "Record schema version of the JSONL files.",
            "model": "spaCy pipeline used.",
            "config_hash": "Digest of the configuration.",
            "inputs": "JSON list of the inputs given.",
            "counts": "JSON object of counts: inputs, articles, failed, statements, speakers, skipped.",
            "manifest": "The whole run.json, as JSON.",
        },
    ),
    "articles": (
        "One row per processed article, with the clean text that statement offsets point into.",
        {
            "id": "doc_id of the article.",
            "source": "File or locator it was read from.",
            "kind": "text, html, jsonl or api.",
            "outlet": "Publisher.",
            "published": "Publication date (ISO).",
            "title": "Title.",
            "url": "Address of the article.",
            "text": "Clean text: every statement's start/end points into it.",
            "n_statements": "Statements found in the article.",
            "diagnostics": "JSON list of the article's diagnostics.",
        },
    ),
    "speakers": (
        "Speakers resolved across articles.",
        {
            "id": "Canonical speaker id.",
            "name": "Canonical name.",
            "type": "person, organization, country, group or unknown.",
            "roles": "JSON list of roles seen.",
            "affiliations": "JSON list of affiliations seen.",
            "n_statements": "Statements attributed to the speaker in this run.",
            "n_articles": "Articles the speaker is quoted in.",
        },
    ),
    "aliases": (
        "Every way a speaker was written.",
        {"speaker_id": "Speaker (speakers.id).", "alias": "A mention of the speaker as written."},
    ),
    "statements": (
        "One row per attributed statement: who said what, when, and what kind of claim it was.",
        {
            "id": "Stable statement id.",
            "doc_id": "Article (articles.id).",
            "kind": "direct, indirect, mixed, headline or authorial.",
            "speaker_id": "Resolved speaker (speakers.id), null when unsure.",
            "speaker_name": "Resolved speaker name, null when unsure.",
            "speaker_mention": "The speaker as written at the cue.",
            "speaker_type": "person, organization, country, group or unknown.",
            "speaker_role": "Role or title.",
            "speaker_affiliation": "Organisation or country of the speaker.",
            "speaker_resolved_by": "How the mention was resolved (name, surname, pronoun, role, place, ...).",
            "speaker_confidence": "How sure the speaker resolution is (0-1).",
            "cue": "The cue as written (said, accused, according to, ...).",
            "cue_lemma": "Lemma of the cue verb.",
            "content": "What was said.",
            "label": "Short 'Speaker: content' label.",
            "claim_type": "Main claim type: accusation, denial, rejection, demand, offer, commitment, warning, "
            "assessment or report.",
            "claim_conditional": "1 when the claim carries a condition.",
            "claim_condition": "The condition.",
            "claim_hedged": "1 when the speaker weakens the claim.",
            "claim_hedge": "The hedge.",
            "claim_negated": "1 when the claim's content is negated (null before schema 1.3).",
            "claim_target_id": "Who the claim is about (id).",
            "claim_target_name": "Who the claim is about (name).",
            "claim_confidence": "Confidence of the claim type (0-1).",
            "said_on": "Date the statement was made (ISO), when the text says.",
            "said_on_text": "The words that gave said_on.",
            "published": "Publication date of the article.",
            "month": "YYYY-MM of said_on, else of published (for facets).",
            "outlet": "Publisher.",
            "start": "Start offset of the content in the article's clean text.",
            "end": "End offset of the content.",
            "raw_start": "Start offset in the raw text.",
            "raw_end": "End offset in the raw text.",
            "sentence": "The sentence(s) the statement lies in.",
            "sentence_index": "Index of the first sentence.",
            "rule": "Extraction rule that found the statement.",
            "confidence": "Confidence of the extraction (0-1).",
            "reported_by": "JSON list of relays (news agencies) between speaker and article.",
            "n_dates": "Date expressions in the content.",
            "n_ranges": "Numeric ranges in the content.",
            "diagnostics": "JSON list of diagnostics.",
            "proposition_id": "Proposition the statement takes part in (propositions.id).",
            "stance": "asserts, denies or neutral toward the proposition.",
            "record": "The whole JSONL record, as JSON.",
        },
    ),
    "claims": (
        "Claims per sentence (or clause) of a statement; a statement without per-sentence claims has its main "
        "claim as claim 0.",
        {
            "statement_id": "Statement (statements.id).",
            "idx": "Position of the claim in the statement.",
            "main": "1 for the statement's main claim.",
            "start": "Start offset in the clean text (null: the statement's span).",
            "end": "End offset in the clean text.",
            "type": "Claim type.",
            "conditional": "1 when conditional.",
            "hedged": "1 when hedged.",
            "negated": "1 when the content is negated (null when not recorded).",
            "target_id": "Who the claim is about (id).",
            "target_name": "Who the claim is about (name).",
            "confidence": "Confidence (0-1).",
            "evidence": "JSON list: the rules and cues that decided.",
        },
    ),
    "dates": (
        "Date and time expressions in statements, with TIMEX3 values.",
        {
            "statement_id": "Statement (statements.id).",
            "idx": "Position in the statement.",
            "text": "The expression as written.",
            "start": "Start offset in the clean text.",
            "end": "End offset.",
            "type": "DATE, TIME, DURATION or SET.",
            "value": "TIMEX3 value (2019-01-15, 2019-02, P60D, PAST_REF, ...).",
            "date_from": "First day the value covers (ISO), when it is a calendar date, month or year.",
            "date_to": "Last day the value covers (ISO).",
            "anchor": "Date relative expressions were resolved against.",
            "rule": "Rule that found it.",
        },
    ),
    "ranges": (
        "Numbers and ranges in statements.",
        {
            "statement_id": "Statement (statements.id).",
            "idx": "Position in the statement.",
            "text": "As written.",
            "start": "Start offset in the clean text.",
            "end": "End offset.",
            "low": "Lower bound.",
            "high": "Upper bound.",
            "low_inclusive": "1 when the lower bound is included.",
            "high_inclusive": "1 when the upper bound is included.",
            "unit": "Unit as written.",
            "approx": "1 when approximate.",
            "counted": "The counted noun.",
            "canonical_unit": "Unit after conversion.",
            "canonical_low": "Lower bound in the canonical unit.",
            "canonical_high": "Upper bound in the canonical unit.",
        },
    ),
    "propositions": (
        "The same claim about the same subject across statements, with who asserts and who denies it.",
        {
            "id": "Stable proposition id.",
            "wording": "Short canonical wording.",
            "subject": "Subject (canonical id).",
            "predicate": "Predicate class.",
            "object": "Object (canonical id).",
            "contested": "1 when speakers take opposite stances.",
            "first_date": "First date a member was said (or published).",
            "last_date": "Last date.",
            "n_statements": "Members.",
            "outlets": "JSON: per outlet, statements on each side.",
        },
    ),
    "proposition_members": (
        "Statements that take part in a proposition.",
        {
            "proposition_id": "Proposition (propositions.id).",
            "statement_id": "Statement (statements.id).",
            "speaker_id": "Speaker id.",
            "stance": "asserts, denies or neutral.",
            "said_on": "Date said, else published.",
            "doc_id": "Article.",
        },
    ),
    "errors": (
        "Inputs that failed, with a coded reason.",
        {
            "input": "The input.",
            "doc_id": "doc_id, when known.",
            "code": "Error code (E1xx input, E3xx output, ...).",
            "message": "What went wrong.",
            "stage": "Stage it failed in.",
        },
    ),
    "diagnostics": (
        "Data problems found in processed articles (warnings, not failures).",
        {
            "doc_id": "Article.",
            "code": "Diagnostic code.",
            "message": "What was noticed.",
            "start": "Start offset in the clean text, when it has one.",
            "end": "End offset.",
        },
    ),
}

DB_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY, infclaims TEXT, schema_version TEXT, model TEXT, config_hash TEXT,
  inputs TEXT, counts TEXT, manifest TEXT
);
CREATE TABLE articles (
  id TEXT PRIMARY KEY, source TEXT, kind TEXT, outlet TEXT, published TEXT, title TEXT, url TEXT,
  text TEXT NOT NULL, n_statements INTEGER, diagnostics TEXT
);
CREATE TABLE speakers (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT, roles TEXT, affiliations TEXT,
  n_statements INTEGER, n_articles INTEGER
);
CREATE TABLE aliases (
  speaker_id TEXT NOT NULL REFERENCES speakers(id), alias TEXT NOT NULL, PRIMARY KEY (speaker_id, alias)
);
CREATE TABLE statements (
  id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES articles(id), kind TEXT,
  speaker_id TEXT REFERENCES speakers(id), speaker_name TEXT, speaker_mention TEXT, speaker_type TEXT,
  speaker_role TEXT, speaker_affiliation TEXT, speaker_resolved_by TEXT, speaker_confidence REAL,
  cue TEXT, cue_lemma TEXT, content TEXT NOT NULL, label TEXT,
  claim_type TEXT, claim_conditional INTEGER, claim_condition TEXT, claim_hedged INTEGER, claim_hedge TEXT,
  claim_negated INTEGER, claim_target_id TEXT, claim_target_name TEXT, claim_confidence REAL,
  said_on TEXT, said_on_text TEXT, published TEXT, month TEXT, outlet TEXT,
  start INTEGER, "end" INTEGER, raw_start INTEGER, raw_end INTEGER, sentence TEXT, sentence_index INTEGER,
  rule TEXT, confidence REAL, reported_by TEXT, n_dates INTEGER, n_ranges INTEGER, diagnostics TEXT,
  proposition_id TEXT, stance TEXT, record TEXT NOT NULL
);
CREATE TABLE claims (
  statement_id TEXT NOT NULL REFERENCES statements(id), idx INTEGER NOT NULL, main INTEGER, start INTEGER,
  "end" INTEGER, type TEXT NOT NULL, conditional INTEGER, hedged INTEGER, negated INTEGER, target_id TEXT,
  target_name TEXT, confidence REAL, evidence TEXT, PRIMARY KEY (statement_id, idx)
);
CREATE TABLE dates (
  statement_id TEXT NOT NULL REFERENCES statements(id), idx INTEGER NOT NULL, text TEXT, start INTEGER,
  "end" INTEGER, type TEXT, value TEXT, date_from TEXT, date_to TEXT, anchor TEXT, rule TEXT,
  PRIMARY KEY (statement_id, idx)
);
CREATE TABLE ranges (
  statement_id TEXT NOT NULL REFERENCES statements(id), idx INTEGER NOT NULL, text TEXT, start INTEGER,
  "end" INTEGER, low REAL, high REAL, low_inclusive INTEGER, high_inclusive INTEGER, unit TEXT, approx INTEGER,
  counted TEXT, canonical_unit TEXT, canonical_low REAL, canonical_high REAL, PRIMARY KEY (statement_id, idx)
);
CREATE TABLE propositions (
  id TEXT PRIMARY KEY, wording TEXT, subject TEXT, predicate TEXT, object TEXT, contested INTEGER,
  first_date TEXT, last_date TEXT, n_statements INTEGER, outlets TEXT
);
CREATE TABLE proposition_members (
  proposition_id TEXT NOT NULL REFERENCES propositions(id), statement_id TEXT NOT NULL REFERENCES statements(id),
  speaker_id TEXT, stance TEXT, said_on TEXT, doc_id TEXT, PRIMARY KEY (proposition_id, statement_id)
);
CREATE TABLE errors (input TEXT, doc_id TEXT, code TEXT, message TEXT, stage TEXT);
CREATE TABLE diagnostics (doc_id TEXT REFERENCES articles(id), code TEXT, message TEXT, start INTEGER, "end" INTEGER);
CREATE INDEX statements_doc ON statements(doc_id);
CREATE INDEX statements_speaker ON statements(speaker_id);
CREATE INDEX statements_type ON statements(claim_type);
CREATE INDEX statements_said_on ON statements(said_on);
CREATE INDEX statements_month ON statements(month);
CREATE INDEX statements_target ON statements(claim_target_id);
CREATE INDEX claims_type ON claims(type);
CREATE INDEX dates_from ON dates(date_from, date_to);
CREATE INDEX members_statement ON proposition_members(statement_id);
CREATE VIRTUAL TABLE statements_fts USING fts5(
  content, speaker_name, speaker_mention, cue, content="statements", tokenize="porter unicode61"
);
"""


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _bool(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def _records(path: Path) -> Iterator[dict[str, Any]]:
    if path.exists():
        yield from io.read_jsonl_records(path)


def _value_days(value: str | None) -> tuple[str | None, str | None]:
    """First and last day a TIMEX3 calendar value covers (``2019-02`` -> 2019-02-01, 2019-02-28)."""
    if not value or not value[:4].isdigit():
        return None, None
    try:
        year = int(value[:4])
        if len(value) >= 10 and value[4] == "-" and value[7] == "-":
            day = dt.date(year, int(value[5:7]), int(value[8:10]))
            return day.isoformat(), day.isoformat()
        if len(value) == 7 and value[4] == "-" and value[5:7].isdigit():
            month = int(value[5:7])
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1).isoformat(), dt.date(year, month, last).isoformat()
        if len(value) == 4:
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
    except ValueError:
        return None, None
    return None, None


def statement_row(r: Mapping[str, Any]) -> dict[str, Any]:
    sp = r.get("speaker") or {}
    claim = r.get("claim") or {}
    target = claim.get("target") or {}
    span = r.get("span") or {}
    raw = r.get("raw_span") or {}
    prop = r.get("proposition") or {}
    day = r.get("said_on") or r.get("published")
    return {
        "id": r["id"],
        "doc_id": r["doc_id"],
        "kind": r.get("kind"),
        "speaker_id": sp.get("id"),
        "speaker_name": sp.get("name"),
        "speaker_mention": sp.get("mention"),
        "speaker_type": sp.get("type"),
        "speaker_role": sp.get("role"),
        "speaker_affiliation": sp.get("affiliation"),
        "speaker_resolved_by": sp.get("resolved_by"),
        "speaker_confidence": sp.get("confidence"),
        "cue": r.get("cue"),
        "cue_lemma": r.get("cue_lemma"),
        "content": r.get("content", ""),
        "label": r.get("label"),
        "claim_type": claim.get("type"),
        "claim_conditional": _bool(claim.get("conditional")) if claim else None,
        "claim_condition": claim.get("condition"),
        "claim_hedged": _bool(claim.get("hedged")) if claim else None,
        "claim_hedge": claim.get("hedge"),
        "claim_negated": _bool(claim.get("negated")),
        "claim_target_id": target.get("id"),
        "claim_target_name": target.get("name") or target.get("mention"),
        "claim_confidence": claim.get("confidence"),
        "said_on": r.get("said_on"),
        "said_on_text": r.get("said_on_text"),
        "published": r.get("published"),
        "month": str(day)[:7] if day else None,
        "outlet": r.get("outlet"),
        "start": span.get("start"),
        "end": span.get("end"),
        "raw_start": raw.get("start"),
        "raw_end": raw.get("end"),
        "sentence": r.get("sentence"),
        "sentence_index": r.get("sentence_index"),
        "rule": r.get("rule"),
        "confidence": r.get("confidence"),
        "reported_by": _json(list(r.get("reported_by") or ())),
        "n_dates": len(r.get("dates") or ()),
        "n_ranges": len(r.get("ranges") or ()),
        "diagnostics": _json(list(r.get("diagnostics") or ())),
        "proposition_id": prop.get("id"),
        "stance": prop.get("stance"),
        "record": _json(dict(r)),
    }


def claim_rows(r: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The per-sentence claims of a statement (``claims``), or its main claim as claim 0."""
    main = r.get("claim")
    parts = list(r.get("claims") or ())
    if not parts and main:
        parts = [main]
    for n, c in enumerate(parts):
        span = c.get("span") or {}
        target = c.get("target") or {}
        yield {
            "statement_id": r["id"],
            "idx": n,
            "main": int(c == main or (len(parts) == 1)),
            "start": span.get("start"),
            "end": span.get("end"),
            "type": c.get("type"),
            "conditional": _bool(c.get("conditional")),
            "hedged": _bool(c.get("hedged")),
            "negated": _bool(c.get("negated")),
            "target_id": target.get("id"),
            "target_name": target.get("name") or target.get("mention"),
            "confidence": c.get("confidence"),
            "evidence": _json(list(c.get("evidence") or ())),
        }


def _insert(con: sqlite3.Connection, table: str, rows: Iterable[Mapping[str, Any]]) -> int:
    columns = list(TABLES[table][1])
    sql = f"INSERT INTO {table} ({', '.join(_q(c) for c in columns)}) VALUES ({', '.join('?' * len(columns))})"
    n = 0
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(tuple(row.get(c) for c in columns))
        n += 1
        if len(batch) >= 2000:
            con.executemany(sql, batch)
            batch.clear()
    if batch:
        con.executemany(sql, batch)
    return n


def _q(column: str) -> str:
    return f'"{column}"'


def _fill(con: sqlite3.Connection, outdir: Path) -> dict[str, int]:
    manifest: dict[str, Any] = {}
    run_path = outdir / "run.json"
    if run_path.exists():
        try:
            manifest = json.loads(io.read_text(run_path, what="run manifest"))
        except json.JSONDecodeError as exc:
            raise InputError(f"{run_path}: not a run manifest ({exc})", code="E110") from exc
    con.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("db_schema_version", DB_SCHEMA_VERSION), ("record_schema_version", str(manifest.get("schema_version")))],
    )
    if manifest:
        _insert(
            con,
            "runs",
            [
                {
                    "id": 1,
                    "infclaims": manifest.get("infclaims"),
                    "schema_version": manifest.get("schema_version"),
                    "model": manifest.get("model"),
                    "config_hash": manifest.get("config_hash"),
                    "inputs": _json(manifest.get("inputs")),
                    "counts": _json(manifest.get("counts")),
                    "manifest": _json(manifest),
                }
            ],
        )
    counts: dict[str, int] = {}
    diagnostics: list[dict[str, Any]] = []
    articles = []
    for a in _records(outdir / "articles.jsonl"):
        articles.append(
            {
                "id": a["doc_id"],
                "source": a.get("source"),
                "kind": a.get("kind"),
                "outlet": a.get("outlet"),
                "published": a.get("published"),
                "title": a.get("title"),
                "url": a.get("url"),
                "text": a.get("text", ""),
                "n_statements": a.get("statements"),
                "diagnostics": _json(list(a.get("diagnostics") or ())),
            }
        )
        for d in a.get("diagnostics") or ():
            span = d.get("span") or {}
            diagnostics.append(
                {"doc_id": a["doc_id"], "code": d.get("code"), "message": d.get("message"), **_span(span)}
            )
    counts["articles"] = _insert(con, "articles", articles)
    statements = list(_records(outdir / "statements.jsonl"))
    speakers: dict[str, dict[str, Any]] = {}
    aliases: list[dict[str, Any]] = []
    for s in _records(outdir / "speakers.jsonl"):
        per_doc = s.get("statements") or {}
        speakers[s["id"]] = {
            "id": s["id"],
            "name": s.get("name") or s["id"],
            "type": s.get("type"),
            "roles": _json(list(s.get("roles") or ())),
            "affiliations": _json(list(s.get("affiliations") or ())),
            "n_statements": sum(per_doc.values()),
            "n_articles": len(per_doc),
        }
        aliases += [{"speaker_id": s["id"], "alias": a} for a in dict.fromkeys(s.get("aliases") or ())]
    for st in statements:  # a speaker id with no entry (a hand-made file) still gets a row for the foreign key
        sp = st.get("speaker") or {}
        if sp.get("id") and sp["id"] not in speakers:
            speakers[sp["id"]] = {"id": sp["id"], "name": sp.get("name") or sp["id"], "type": sp.get("type")}
    counts["speakers"] = _insert(con, "speakers", speakers.values())
    _insert(con, "aliases", aliases)
    known_docs = {a["id"] for a in articles}
    missing = sorted({st["doc_id"] for st in statements} - known_docs)
    if missing:
        _insert(con, "articles", [{"id": d, "text": ""} for d in missing])  # a run made before articles.jsonl
    counts["statements"] = _insert(con, "statements", (statement_row(st) for st in statements))
    counts["claims"] = _insert(con, "claims", (c for st in statements for c in claim_rows(st)))
    counts["dates"] = _insert(
        con,
        "dates",
        (
            {"statement_id": st["id"], "idx": n, **d, "date_from": f, "date_to": t}
            for st in statements
            for n, d in enumerate(st.get("dates") or ())
            for f, t in [_value_days(d.get("value"))]
        ),
    )
    counts["ranges"] = _insert(
        con,
        "ranges",
        (
            {
                "statement_id": st["id"],
                "idx": n,
                **q,
                **{k: _bool(q.get(k)) for k in ("low_inclusive", "high_inclusive", "approx")},
            }
            for st in statements
            for n, q in enumerate(st.get("ranges") or ())
        ),
    )
    props = list(_records(outdir / "propositions.jsonl"))
    counts["propositions"] = _insert(con, "propositions", (_proposition_row(p) for p in props))
    _insert(
        con,
        "proposition_members",
        ({"proposition_id": p["id"], **m} for p in props for m in p.get("statements") or ()),
    )
    counts["errors"] = _insert(con, "errors", _records(outdir / "errors.jsonl"))
    for d in _records(outdir / "diagnostics.jsonl"):
        span = d.get("span") or {}
        if d.get("doc_id") not in known_docs:
            continue
        diagnostics.append(
            {"doc_id": d.get("doc_id"), "code": d.get("code"), "message": d.get("message"), **_span(span)}
        )
    _insert(con, "diagnostics", diagnostics)
    con.execute("INSERT INTO statements_fts(statements_fts) VALUES ('rebuild')")
    return counts


def _span(span: Mapping[str, Any]) -> dict[str, Any]:
    return {"start": span.get("start"), "end": span.get("end")}


def _proposition_row(p: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": p["id"],
        "wording": p.get("wording"),
        "subject": p.get("subject"),
        "predicate": p.get("predicate"),
        "object": p.get("object"),
        "contested": _bool(p.get("contested")),
        "first_date": p.get("first_date"),
        "last_date": p.get("last_date"),
        "n_statements": len(p.get("statements") or ()),
        "outlets": _json(p.get("outlets")),
    }


def write_database(outdir: Path, path: Path | None = None) -> dict[str, int]:
    """Build ``OUTDIR/infclaims.sqlite`` (or ``path``) from a run's files; returns row counts per table.

    Raises ``InputError`` E101 when OUTDIR holds no ``statements.jsonl`` and ``OutputError`` E301 when the file
    cannot be written. The database appears under its name only when complete.
    """
    outdir = Path(outdir)
    if not (outdir / "statements.jsonl").exists():
        raise InputError(f"{outdir}: no statements.jsonl here; give the output folder of an extract run", code="E101")
    target = Path(path) if path is not None else outdir / DB_NAME
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write the database ({exc.strerror or exc})", code="E301") from exc
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA foreign_keys = ON")
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA synchronous = OFF")
            with con:
                con.executescript(DB_SCHEMA)
                counts = _fill(con, outdir)
            broken = con.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise OutputError(f"{target}: {len(broken)} rows break a foreign key, e.g. {broken[0]}", code="E302")
            con.execute("VACUUM")
        finally:
            con.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write the database ({exc})", code="E301") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return counts


def table_rows(path: Path, table: str, *, order_by: str = "rowid") -> list[tuple[Any, ...]]:
    """Every row of one table, in a stable order (for comparing two databases)."""
    if table not in TABLES and table != "statements_fts":
        raise ValueError(f"unknown table {table!r}")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(f"SELECT * FROM {table} ORDER BY {order_by}").fetchall()
    finally:
        con.close()
