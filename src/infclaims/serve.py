"""``infclaims serve``: a run's SQLite database in Datasette, readable on first open.

``metadata()`` is pure: table and column descriptions (from ``database.TABLES``), facets, the full-text index
and the canned queries an analyst starts from. ``serve()`` is the edge that starts Datasette (the optional extra
``infclaims[serve]``); the plugin ``infclaims.datasette_plugin`` (registered as a Datasette entry point) links
each statement to its article text with the statement marked.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from infclaims.database import DB_NAME, TABLES, write_database
from infclaims.errors import ConfigError, InputError

FACETS: dict[str, tuple[str, ...]] = {
    "statements": ("speaker_name", "claim_type", "kind", "outlet", "month"),
    "claims": ("type",),
    "speakers": ("type",),
    "dates": ("type",),
    "propositions": ("predicate", "contested"),
    "errors": ("code",),
}

#: Canned queries: name -> (title, description, SQL). Every statement column named ``statement`` links to the
#: statement in its article (see the plugin).
QUERIES: dict[str, tuple[str, str, str]] = {
    "speaker_over_time": (
        "Statements of one speaker over time",
        "Give a speaker id (e.g. from the speakers table) or part of a name.",
        """select s.id as statement, coalesce(s.said_on, s.published) as day, s.speaker_name, s.claim_type,
  s.cue, s.content, s.outlet, a.title
from statements s join articles a on a.id = s.doc_id
where s.speaker_id = :speaker or s.speaker_name like '%' || :speaker || '%'
order by day, s.doc_id, s.start""",
    ),
    "about_target": (
        "Who said what about a target",
        "Give the id or part of the name of who the claims are about (claim target).",
        """select s.id as statement, coalesce(s.said_on, s.published) as day,
  coalesce(s.speaker_name, s.speaker_mention) as speaker, s.claim_type, s.claim_target_name as target, s.content
from statements s
where s.claim_target_id = :target or s.claim_target_name like '%' || :target || '%'
order by speaker, day""",
    ),
    "contested_propositions": (
        "Contested propositions with both sides",
        "Propositions whose speakers take opposite stances: one row per proposition and side.",
        """select p.id as proposition, p.wording, m.stance, count(*) as statements,
  group_concat(distinct coalesce(s.speaker_name, s.speaker_mention)) as speakers,
  min(m.said_on) as first, max(m.said_on) as last
from propositions p
join proposition_members m on m.proposition_id = p.id
join statements s on s.id = m.statement_id
where p.contested = 1
group by p.id, m.stance
order by p.n_statements desc, p.id, m.stance""",
    ),
    "dates_in_range": (
        "Statements that mention a date in a range",
        "Give two ISO dates (since, until); a month or year counts when it overlaps them.",
        """select s.id as statement, d.text as date_text, d.value, d.date_from, d.date_to,
  coalesce(s.speaker_name, s.speaker_mention) as speaker, s.claim_type, s.content
from dates d join statements s on s.id = d.statement_id
where d.date_to >= :since and d.date_from <= :until
order by d.date_from, s.doc_id, d.start""",
    ),
    "claim_types_by_speaker": (
        "Claim types by speaker",
        "How many statements of each claim type every speaker made.",
        """select coalesce(speaker_name, '(unresolved)') as speaker, claim_type, count(*) as statements
from statements group by speaker, claim_type order by speaker, statements desc""",
    ),
}


def metadata(database: str = Path(DB_NAME).stem, *, title: str = "infclaims") -> dict[str, Any]:
    """Datasette metadata for a database named ``database`` (the file's stem)."""
    tables: dict[str, Any] = {}
    for name, (description, columns) in TABLES.items():
        entry: dict[str, Any] = {"description": description, "columns": dict(columns)}
        if name in FACETS:
            entry["facets"] = list(FACETS[name])
        tables[name] = entry
    tables["statements"].update(
        {"fts_table": "statements_fts", "fts_pk": "rowid", "label_column": "label", "sort": "published"}
    )
    tables["articles"]["label_column"] = "title"
    tables["speakers"].update({"label_column": "name", "sort_desc": "n_statements"})
    tables["statements_fts"] = {"hidden": True}
    for hidden in ("meta",):
        tables[hidden]["hidden"] = True
    return {
        "title": title,
        "description": "Attributed statements: who said what, when, and what kind of claim it was. "
        "Open a statement's article with the link in its 'statement' or 'doc_id' column.",
        "databases": {
            database: {
                "tables": tables,
                "queries": {name: {"title": t, "description": d, "sql": sql} for name, (t, d, sql) in QUERIES.items()},
            }
        },
    }


def find_database(path: Path) -> Path:
    """The database to serve for PATH: a ``.sqlite``/``.db`` file, or OUTDIR's ``infclaims.sqlite`` (built
    from the run's files when it is missing)."""
    path = Path(path)
    if path.is_file():
        return path
    if path.is_dir():
        db = path / DB_NAME
        if not db.exists():
            write_database(path)
        return db
    raise InputError(f"{path}: no such file or folder; give a run's OUTDIR or its {DB_NAME}", code="E101")


def serve(path: Path, *, host: str = "127.0.0.1", port: int = 8001, title: str | None = None) -> None:
    """Start Datasette on ``path`` (blocks until stopped)."""
    db = find_database(path)
    try:
        from datasette.cli import cli
    except ImportError as exc:
        raise ConfigError(
            f"Datasette is not installed ({exc}); install it with: pip install 'infclaims[serve]'", code="E203"
        ) from exc
    with tempfile.TemporaryDirectory(prefix="infclaims-serve-") as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(db.stem, title=title or "infclaims"), indent=1), encoding="utf-8")
        args = [
            "serve",
            str(db),
            "--host",
            host,
            "--port",
            str(port),
            "--metadata",
            str(meta),
            "--setting",
            "facet_time_limit_ms",
            "1000",
            "--setting",
            "sql_time_limit_ms",
            "5000",
        ]
        cli.main(args=args, prog_name="datasette", standalone_mode=False)
