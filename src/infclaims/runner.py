"""A whole extraction run: inputs in, the output folder out. File access goes through :mod:`infclaims.io`."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import platform
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infclaims import __version__, io
from infclaims.config import Config
from infclaims.errors import ConfigError, InputError
from infclaims.models import (
    SCHEMA_VERSION,
    ArticleInput,
    ArticleResult,
    ErrorRecord,
    SpeakerEntry,
    dump_record,
)
from infclaims.parallel import EngineOptions, Item, ModelInfo, map_chunks, raise_if_fatal
from infclaims.pipeline import Context, SpeakerIndex, run

STATEMENTS = "statements.jsonl"
SPEAKERS = "speakers.jsonl"
ARTICLES = "articles.jsonl"
ERRORS = "errors.jsonl"
DIAGNOSTICS = "diagnostics.jsonl"
RUN = "run.json"
#: Progress of an unfinished run, inside the output folder; removed when the run completes.
PROGRESS = ".progress"
DONE = "done.jsonl"


@dataclass(frozen=True)
class RunOptions:
    inputs: tuple[Path, ...]
    outdir: Path
    config: Config = field(default_factory=Config)
    batch_size: int = 16
    stop_on_error: bool = False
    engine: EngineOptions = field(default_factory=EngineOptions)
    #: Continue an interrupted run in ``outdir``: articles already finished are not processed again.
    resume: bool = False
    #: Also write the statements as flat tables (``csv``, ``parquet``) beside the JSONL.
    formats: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Skipped:
    """An article finished by an earlier, interrupted run: only its id travels on."""

    doc_id: str


_Slot = ArticleInput | ErrorRecord | _Skipped


class _Progress:
    """The journal of a run: statements appended per chunk, then one ``done`` line per finished article.

    Safe after a SIGKILL: a statement line only counts once its article's done line exists (written after the
    statements are flushed and fsynced), so a resumed run drops statements of unfinished articles, skips the
    finished ones, and appends the rest. Torn last lines are ignored on reading and cut on appending.
    """

    def __init__(self, outdir: Path, header: dict[str, Any]) -> None:
        self.dir = outdir / PROGRESS
        self.statements = self.dir / STATEMENTS
        self.articles = self.dir / ARTICLES
        self.done_path = self.dir / DONE
        self.header = header
        #: doc_id -> {"statements": n} or {"error": {...}}, in the order the articles were finished
        self.done: dict[str, dict[str, Any]] = {}

    def start(self, *, resume: bool) -> None:
        if not resume:
            _remove_progress(self.dir)
        io.ensure_writable_dir(self.dir)
        for row in io.read_jsonl_records(self.done_path):
            if "run" in row:
                if row["run"] != self.header:
                    raise ConfigError(
                        f"the unfinished run in {str(self.dir.parent)!r} was made with other settings "
                        f"({row['run']}, now {self.header}); run again without --resume to start over, or with "
                        "the same settings",
                        code="E202",
                    )
            elif isinstance(row.get("doc_id"), str):
                self.done[row["doc_id"]] = {k: v for k, v in row.items() if k != "doc_id"}
        if not self.done_path.exists() or not self.done:
            _remove_progress(self.dir)
            io.ensure_writable_dir(self.dir)
            io.append_jsonl(self.done_path, [{"run": self.header}])
            return
        expected = sum(int(e.get("statements", 0)) for e in self.done.values())
        if sum(1 for _ in io.read_jsonl_records(self.statements)) != expected:
            # statements of articles whose done line was never written: drop them, they are redone
            kept = [row for row in io.read_jsonl_records(self.statements) if row.get("doc_id") in self.done]
            io.write_jsonl_atomic(self.statements, kept)
        finished = {d for d, e in self.done.items() if "error" not in e}
        if sum(1 for _ in io.read_jsonl_records(self.articles)) != len(finished):
            seen: set[str] = set()
            articles = []
            for row in io.read_jsonl_records(self.articles):
                if row.get("doc_id") in finished and row["doc_id"] not in seen:
                    seen.add(row["doc_id"])
                    articles.append(row)
            io.write_jsonl_atomic(self.articles, articles)

    def record(self, rows: list[dict[str, Any]], done: list[dict[str, Any]], articles: list[dict[str, Any]]) -> None:
        """Statements and articles first (flushed), then the done lines that make them count."""
        if rows:
            io.append_jsonl(self.statements, rows)
        if articles:
            io.append_jsonl(self.articles, articles)
        if done:
            io.append_jsonl(self.done_path, done)
            for entry in done:
                self.done[entry["doc_id"]] = {k: v for k, v in entry.items() if k != "doc_id"}

    def finished_order(self) -> list[str]:
        """Articles with statements in the journal, in journal order."""
        return [doc_id for doc_id, e in self.done.items() if "error" not in e]

    def close(self) -> None:
        _remove_progress(self.dir)


def check_run(opts: RunOptions) -> None:
    """Everything that can be told wrong before a model is loaded or a file written: inputs that do not exist,
    an alias file that cannot be used, a pipeline that is not installed. Raises the coded error."""
    from infclaims.frame import FORMATS as TABLE_FORMATS
    from infclaims.lexicons import load_aliases_file
    from infclaims.nlp import check_model

    formats = (*TABLE_FORMATS, "sqlite")
    bad = [f for f in opts.formats if f not in formats]
    if bad:
        raise ConfigError(f"format {bad[0]!r} is not one of {', '.join(formats)}; choose one of them", code="E202")
    missing = [str(p) for p in opts.inputs if not os.path.lexists(p)]
    if missing:
        raise InputError(
            f"input {', '.join(map(repr, missing))} does not exist; check the path (relative to the current "
            "directory unless absolute). Nothing was read or written",
            code="E101",
        )
    if opts.config.speakers.aliases_file is not None:
        load_aliases_file(opts.config.speakers.aliases_file)
    check_model(opts.config.model)


def _remove_progress(directory: Path) -> None:
    io.remove_files(directory, (STATEMENTS, ARTICLES, DONE))


def run_extract(opts: RunOptions, *, progress: Callable[[int, str], None] | None = None) -> dict[str, Any]:
    """Read, process and write. Output files appear complete or not at all (atomic replace).

    Work is journaled in ``outdir/.progress`` while the run goes on, so a killed run can be continued with
    ``resume=True``; the finished outputs are byte for byte those of an uninterrupted run, whatever the engine
    and the number of workers.
    """
    check_run(opts)
    created = not opts.outdir.exists()
    io.ensure_writable_dir(opts.outdir)  # fail before any work
    try:
        return _run_extract(opts, progress)
    except ConfigError:
        # the run could not start (a pipeline that fails to load, a cluster out of reach): leave no half-made
        # output folder behind
        if created:
            _remove_progress(opts.outdir / PROGRESS)
            with contextlib.suppress(OSError):
                opts.outdir.rmdir()
        raise


def _run_extract(opts: RunOptions, progress: Callable[[int, str], None] | None) -> dict[str, Any]:
    clock = _Clock()
    header = {"schema_version": SCHEMA_VERSION, "infclaims": __version__, "config_hash": opts.config.digest()}
    journal = _Progress(opts.outdir, header)
    journal.start(resume=opts.resume)
    errors: list[ErrorRecord] = []
    skipped: list[ErrorRecord] = []
    resumed = 0  # articles a resumed run found finished (not in run.json, which a resumed run writes alike)
    counts = {"inputs": 0, "articles": 0, "failed": 0, "statements": 0}
    doc_ids: list[str] = []
    #: Article-level problems (encoding repaired, stray quote marks, ...) by doc_id, written to diagnostics.jsonl.
    diagnostics: dict[str, list[dict[str, Any]]] = {}
    versions: dict[str, Any] = {}

    def slots() -> Iterator[_Slot]:
        for item in io.read_inputs(list(opts.inputs)):
            if isinstance(item, ErrorRecord) and item.code == io.SKIPPED_CODE:
                skipped.append(item)  # not an article: listed, neither processed nor failed
                continue
            counts["inputs"] += 1
            if isinstance(item, ArticleInput) and item.doc_id in journal.done:
                yield _Skipped(item.doc_id)
            else:
                yield item

    pending: deque[list[_Slot]] = deque()

    def work() -> Iterator[list[Item]]:
        # chunks are cut over all slots, so a resumed run parses the same batches as an uninterrupted one
        for chunk in chunked_slots(slots(), opts.engine.chunk_size(opts.batch_size)):
            pending.append(chunk)
            yield [s for s in chunk if not isinstance(s, _Skipped)]

    def failed(err: ErrorRecord) -> None:
        errors.append(err)
        counts["failed"] += 1
        if progress is not None:
            progress(counts["articles"] + counts["failed"], err.doc_id or err.input)

    def started(info: ModelInfo) -> None:
        clock.mark("startup")  # every worker has loaded the model
        versions.update(spacy=info.spacy, model=info.model)

    outcomes = map_chunks(work(), config=opts.config, batch_size=opts.batch_size, options=opts.engine, on_start=started)
    with contextlib.closing(outcomes):
        for chunk_outcomes in outcomes:
            raise_if_fatal(chunk_outcomes)
            chunk = pending.popleft()
            results = iter(chunk_outcomes)
            rows: list[dict[str, Any]] = []
            done: list[dict[str, Any]] = []
            articles: list[dict[str, Any]] = []
            for slot in chunk:
                if isinstance(slot, _Skipped):
                    resumed += 1
                    entry = journal.done[slot.doc_id]
                    if "error" in entry:
                        failed(ErrorRecord.model_validate(entry["error"]))
                        continue
                    counts["articles"] += 1
                    counts["statements"] += int(entry["statements"])
                    doc_ids.append(slot.doc_id)
                    if entry.get("diagnostics"):
                        diagnostics[slot.doc_id] = entry["diagnostics"]
                    if progress is not None:
                        progress(counts["articles"] + counts["failed"], slot.doc_id)
                    continue
                outcome = next(results)
                if isinstance(outcome, ErrorRecord):
                    if opts.stop_on_error:
                        journal.record(rows, done, articles)
                        raise InputError(f"{outcome.input}: {outcome.message}", code=outcome.code)
                    if isinstance(slot, ArticleInput):
                        done.append({"doc_id": slot.doc_id, "error": dump_record(outcome)})
                    failed(outcome)
                    continue
                assert isinstance(outcome, ArticleResult)  # a Fatal alone was raised above
                # the records become JSON here, where they are written
                rows.extend(dump_record(st) for st in outcome.statements)
                if outcome.article is not None:
                    articles.append(dump_record(outcome.article))
                finished: dict[str, Any] = {"doc_id": outcome.doc_id, "statements": len(outcome.statements)}
                if outcome.diagnostics:
                    finished["diagnostics"] = diagnostics[outcome.doc_id] = [
                        dump_record(d) for d in outcome.diagnostics
                    ]
                done.append(finished)
                counts["articles"] += 1
                counts["statements"] += len(outcome.statements)
                doc_ids.append(outcome.doc_id)
                if progress is not None:
                    progress(counts["articles"] + counts["failed"], outcome.doc_id)
            journal.record(rows, done, articles)
            clock.lap()
        # the engine stops its workers when it runs out of chunks, before the loop ends: the work ended with the
        # last chunk journaled
        clock.mark("work", at_lap=True)
    clock.mark("shutdown")  # the workers have stopped

    speakers = _write_statements(journal, doc_ids, opts.outdir / STATEMENTS)
    io.write_jsonl_atomic(opts.outdir / ARTICLES, _in_input_order(journal, journal.articles, doc_ids))
    io.write_jsonl_atomic(opts.outdir / SPEAKERS, speakers)
    io.write_jsonl_atomic(opts.outdir / ERRORS, errors)
    io.write_jsonl_atomic(
        opts.outdir / DIAGNOSTICS,
        [
            {"schema_version": SCHEMA_VERSION, "doc_id": d, "diagnostics": diagnostics[d]}
            for d in doc_ids
            if d in diagnostics
        ],
    )
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "infclaims": __version__,
        "python": platform.python_version(),
        "spacy": versions.get("spacy"),
        "model": versions.get("model"),
        "config": opts.config.model_dump(mode="json"),
        "config_hash": opts.config.digest(),
        "inputs": [os.path.abspath(p) for p in opts.inputs],  # the report finds them from any directory
        "articles": doc_ids,
        "counts": {**counts, "speakers": len(speakers), "skipped": len(skipped)},
        "skipped": [e.input for e in skipped],
        "outputs": {
            "statements": STATEMENTS,
            "articles": ARTICLES,
            "speakers": SPEAKERS,
            "errors": ERRORS,
            "diagnostics": DIAGNOSTICS,
        },
        "content_hash": hashlib.sha256("\n".join(doc_ids).encode()).hexdigest()[:16],
    }
    io.write_json_atomic(opts.outdir / RUN, manifest)
    journal.close()
    if "sqlite" in opts.formats:
        from infclaims.database import write_database

        write_database(opts.outdir)
    if any(f != "sqlite" for f in opts.formats):
        from infclaims.frame import write_table

        for fmt in (f for f in opts.formats if f != "sqlite"):
            write_table(io.read_jsonl_records(opts.outdir / STATEMENTS), opts.outdir / f"statements.{fmt}", fmt)
    clock.mark("write")
    return {
        **counts,
        "speakers": len(speakers),
        "errors": [dump_record(e) for e in errors],
        "skipped": [e.input for e in skipped],
        "resumed": resumed,
        "seconds": clock.phases(),
    }


class _Clock:
    """Wall-clock seconds of the phases of a run, each from the end of the one before: ``startup`` (workers
    start and load the model), ``work`` (articles processed), ``shutdown`` (workers stop), ``write`` (final
    outputs). Startup and shutdown are fixed costs of an engine; the throughput of a run is its work and write.
    ``total`` is their sum."""

    def __init__(self) -> None:
        self.start = self.last = self.lapped = time.perf_counter()
        self.marks: dict[str, float] = {}

    def lap(self) -> None:
        """Note the time: the current phase may turn out to have ended here."""
        self.lapped = time.perf_counter()

    def mark(self, phase: str, *, at_lap: bool = False) -> None:
        """End ``phase`` now, or at the last :meth:`lap` of it (if there was none, where it began)."""
        now = max(self.lapped, self.last) if at_lap else time.perf_counter()
        self.marks[phase] = now - self.last
        self.last = now

    def phases(self) -> dict[str, float]:
        return {**self.marks, "total": self.last - self.start}


def chunked_slots(slots: Iterable[_Slot], size: int) -> Iterator[list[_Slot]]:
    chunk: list[_Slot] = []
    for slot in slots:
        chunk.append(slot)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _in_input_order(journal: _Progress, path: Path, doc_ids: list[str]) -> Iterator[dict[str, Any]]:
    """The rows of a journal file (statements or articles) in input order."""
    if journal.finished_order() == doc_ids:
        yield from io.read_jsonl_records(path)
        return
    # The inputs changed between an interrupted run and its resumption: put the journal into input order.
    # Only this case holds all rows in memory.
    wanted = set(doc_ids)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in io.read_jsonl_records(path):
        if row.get("doc_id") in wanted:
            by_doc.setdefault(row["doc_id"], []).append(row)
    yield from (row for doc_id in doc_ids for row in by_doc.get(doc_id, []))


def _write_statements(journal: _Progress, doc_ids: list[str], path: Path) -> list[SpeakerEntry]:
    """Write the journal's statements to ``path`` atomically in input order; the speaker index is built from
    what is written, so a resumed run indexes the statements of earlier sessions too."""
    index = SpeakerIndex()

    def indexed() -> Iterator[dict[str, Any]]:
        for row in _in_input_order(journal, journal.statements, doc_ids):
            index.add_record(row["doc_id"], row["speaker"])
            yield row

    io.write_jsonl_atomic(path, indexed())
    return index.entries()


def read_records(path: Path, *, hint: str = "run 'infclaims extract' first or check the path") -> list[dict[str, Any]]:
    """Statement or gold records from a JSONL file (a truncated last line is ignored)."""
    if not Path(path).exists():
        raise InputError(f"file {str(path)!r} does not exist. Fix: {hint}.", code="E101")
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
    outlet: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The records that pass every filter given: speaker id/name/mention (substring, any case), claim type,
    doc_id prefix, outlet (substring), the day said (``said_on``, else ``published``) within [since, until] (a
    record with no day is left out when either is given), and at most ``limit`` of them, in file order."""
    from typing import get_args

    from infclaims.models import ClaimType

    types = get_args(ClaimType)
    if claim_type is not None and claim_type not in types:
        raise ConfigError(
            f"claim type {claim_type!r} is not one of {', '.join(types)}; choose one of them", code="E202"
        )
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
        if outlet and outlet.lower() not in str(r.get("outlet") or "").lower():
            continue
        if since is not None or until is not None:
            day = str(r.get("said_on") or r.get("published") or "")[:10]
            if (
                not day
                or (since is not None and day < since.isoformat())
                or (until is not None and day > until.isoformat())
            ):
                continue
        out.append(dict(r))
        if limit is not None and len(out) >= limit:
            break
    return out
