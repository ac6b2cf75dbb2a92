"""A whole extraction run: inputs in, the output folder out. File access goes through :mod:`infclaims.io`."""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infclaims import __version__, io
from infclaims.config import Config
from infclaims.errors import InputError
from infclaims.models import SCHEMA_VERSION, ArticleInput, ArticleResult, ErrorRecord, dump_record
from infclaims.pipeline import Context, SpeakerIndex, run

STATEMENTS = "statements.jsonl"
SPEAKERS = "speakers.jsonl"
ERRORS = "errors.jsonl"
RUN = "run.json"


@dataclass(frozen=True)
class RunOptions:
    inputs: tuple[Path, ...]
    outdir: Path
    config: Config = field(default_factory=Config)
    batch_size: int = 16
    stop_on_error: bool = False


def run_extract(opts: RunOptions, *, progress: Callable[[int, str], None] | None = None) -> dict[str, Any]:
    """Read, process and write. Output files appear complete or not at all (atomic replace)."""
    import spacy

    from infclaims.nlp import load_nlp, model_version

    io.ensure_writable_dir(opts.outdir)  # fail before any work
    nlp = load_nlp(opts.config.model)
    ctx = Context.build(nlp, opts.config)
    index = SpeakerIndex()
    errors: list[ErrorRecord] = []
    counts = {"inputs": 0, "articles": 0, "failed": 0, "statements": 0}
    doc_ids: list[str] = []

    def items() -> Iterator[ArticleInput | ErrorRecord]:
        for item in io.read_inputs(list(opts.inputs)):
            counts["inputs"] += 1
            yield item

    def rows() -> Iterator[dict[str, Any]]:
        for result in run(items(), ctx, batch_size=opts.batch_size):
            if isinstance(result, ErrorRecord):
                errors.append(result)
                counts["failed"] += 1
                if opts.stop_on_error:
                    raise InputError(f"{result.input}: {result.message}", code=result.code)
            else:
                counts["articles"] += 1
                doc_ids.append(result.doc_id)
                for st in result.statements:
                    index.add(st)
                    counts["statements"] += 1
                    yield dump_record(st)
            if progress is not None:
                progress(counts["articles"] + counts["failed"], getattr(result, "doc_id", None) or "")

    with io.AtomicWriter(opts.outdir / STATEMENTS) as fh:
        for row in rows():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    speakers = index.entries()
    io.write_jsonl_atomic(opts.outdir / SPEAKERS, speakers)
    io.write_jsonl_atomic(opts.outdir / ERRORS, errors)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "infclaims": __version__,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": model_version(nlp),
        "config": opts.config.model_dump(mode="json"),
        "config_hash": opts.config.digest(),
        "inputs": [str(p) for p in opts.inputs],
        "articles": doc_ids,
        "counts": {**counts, "speakers": len(speakers)},
        "outputs": {"statements": STATEMENTS, "speakers": SPEAKERS, "errors": ERRORS},
        "content_hash": hashlib.sha256("\n".join(doc_ids).encode()).hexdigest()[:16],
    }
    io.write_json_atomic(opts.outdir / RUN, manifest)
    return {**counts, "speakers": len(speakers), "errors": [dump_record(e) for e in errors]}


def read_records(path: Path) -> list[dict[str, Any]]:
    """Statement or gold records from a JSONL file (a truncated last line is ignored)."""
    if not Path(path).exists():
        raise InputError(
            f"file {str(path)!r} does not exist. Fix: run 'infclaims extract' first or check the path.", code="E101"
        )
    return list(io.read_jsonl_records(Path(path)))


def extract_records(paths: Iterable[Path], *, model: str | None = None) -> list[dict[str, Any]]:
    """Run the pipeline over files and return statement dicts (used by evaluation)."""
    from infclaims.nlp import load_nlp

    config = Config(model=model)
    ctx = Context.build(load_nlp(model), config)
    out: list[dict[str, Any]] = []
    for result in run(io.read_inputs(list(paths)), ctx):
        if isinstance(result, ArticleResult):
            out.extend(dump_record(s) for s in result.statements)
    return out


def filter_records(
    rows: Iterable[Mapping[str, Any]],
    *,
    speaker: str | None = None,
    claim_type: str | None = None,
    doc: str | None = None,
) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        sp = r.get("speaker") or {}
        if (
            speaker
            and speaker.lower() not in f"{sp.get('id') or ''} {sp.get('name') or ''} {sp.get('mention')}".lower()
        ):
            continue
        if claim_type and (r.get("claim") or {}).get("type") != claim_type:
            continue
        if doc and not str(r.get("doc_id", "")).startswith(doc):
            continue
        out.append(dict(r))
    return out
