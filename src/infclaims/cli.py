"""Command line: parses options, calls the library, shows progress and errors. No logic of its own."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from infclaims import __version__
from infclaims.errors import InfclaimsError

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Who said what, when, and what kind of claim it was."
)
# soft_wrap: a line that a script or a person greps for (``wrote ...``, ``E101 path: ...``) is never broken at the
# terminal width; tables are still laid out for the width there is.
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class OnError(StrEnum):
    skip = "skip"
    stop = "stop"


class EngineChoice(StrEnum):
    local = "local"
    dask = "dask"


def _fail(exc: InfclaimsError) -> None:
    err.print(f"[bold red]error[/] {escape(str(exc))}")
    raise typer.Exit(code=2)


@app.command()
def extract(
    inputs: Annotated[
        list[Path], typer.Argument(help="Directories of .txt/.html articles or .jsonl files of articles.")
    ],
    outdir: Annotated[Path, typer.Option("-o", "--outdir", help="Output directory.")] = Path("data/out"),
    model: Annotated[
        str | None, typer.Option("--model", help="Installed spaCy pipeline (package name or path).")
    ] = None,
    on_error: Annotated[
        OnError, typer.Option("--on-error", help="skip: record a failed article and go on; stop: halt.")
    ] = OnError.skip,
    aliases: Annotated[Path | None, typer.Option("--aliases", help="JSON file of speaker aliases and roles.")] = None,
    authorial: Annotated[
        bool, typer.Option("--authorial", help="Also emit checkable facts in the outlet's own voice.")
    ] = False,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Articles parsed per batch (and sent to a worker at once).")
    ] = 16,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-j", min=1, help="Worker processes (default: all cores); 1 runs in-process."),
    ] = None,
    engine: Annotated[
        EngineChoice,
        typer.Option("--engine", help="local: worker processes on this machine; dask: a Dask cluster."),
    ] = EngineChoice.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Address of a running Dask scheduler (tcp://HOST:PORT); implies --engine dask."
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue an interrupted run in OUTDIR: finished articles are not redone."),
    ] = False,
    formats: Annotated[
        list[str] | None,
        typer.Option("--format", help="Also write statements as a flat table: csv or parquet (repeatable)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar.")] = False,
) -> None:
    """Extract attributed statements; write statements.jsonl, speakers.jsonl, errors.jsonl and run.json."""
    from infclaims.config import Config, SpeakersConfig
    from infclaims.parallel import EngineOptions, default_workers
    from infclaims.runner import RunOptions, run_extract

    try:
        config = Config(model=model, authorial=authorial, speakers=SpeakersConfig(aliases_file=aliases))
        opts = RunOptions(
            inputs=tuple(inputs),
            outdir=outdir,
            config=config,
            batch_size=batch_size,
            stop_on_error=on_error is OnError.stop,
            engine=EngineOptions(
                engine="dask" if scheduler is not None else engine.value,
                workers=workers or default_workers(),
                scheduler=scheduler,
            ),
            resume=resume,
            formats=tuple(formats or ()),
        )
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("[bold]extract[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err,
            disable=quiet,
            transient=False,
        ) as progress:
            task = progress.add_task("", total=None)

            def tick(done: int, label: str) -> None:
                progress.update(task, completed=done, description=label)

            summary = run_extract(opts, progress=tick)
    except InfclaimsError as exc:
        _fail(exc)
        return
    table = Table(title="infclaims extract", show_header=False)
    for key in ("inputs", "articles", "failed", "statements", "speakers"):
        table.add_row(key, str(summary[key]))
    table.add_row("output", str(outdir))
    seconds = summary["seconds"]
    table.add_row("seconds", f"{seconds['total']:.1f} (starting workers {seconds.get('startup', 0.0):.1f})")
    out.print(table)
    for e in summary["errors"]:
        err.print(f"[red]{e['code']}[/] {escape(e['input'])}: {escape(e['message'])}")
    if summary["inputs"] != summary["articles"] + summary["failed"]:
        err.print("[bold red]accounting mismatch[/]: inputs != processed + failed")
    if summary["failed"]:
        raise typer.Exit(code=1)


@app.command("eval")
def eval_cmd(
    predictions: Annotated[Path | None, typer.Argument(help="statements.jsonl to score.")] = None,
    gold: Annotated[Path, typer.Option("--gold", help="Gold statements (JSONL).")] = Path("data/gold/statements.jsonl"),
    polnear: Annotated[Path | None, typer.Option("--polnear", help="Score on a PolNeAR split folder instead.")] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy pipeline for --polnear runs.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N PolNeAR articles.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    details: Annotated[bool, typer.Option("--details", help="List misses, false alarms and speaker errors.")] = False,
) -> None:
    """Precision, recall, F1, speaker, kind and claim-type accuracy against gold (or PolNeAR)."""
    from infclaims import evaluate as ev
    from infclaims.runner import extract_records, read_records

    try:
        if polnear is not None:
            gold_rel = ev.polnear_gold(polnear)
            if limit:
                gold_rel = dict(list(gold_rel.items())[:limit])
            records = extract_records([polnear / "text" / f"{k}.txt" for k in gold_rel], model=model)
            scores = ev.score_polnear(records, gold_rel, details=details)
            title = f"PolNeAR {polnear.name}"
        else:
            if predictions is None:
                raise InfclaimsError("give the statements.jsonl to score, or --polnear DIR", code="E202")
            scores = ev.score_statements(read_records(predictions), read_records(gold), details=details)
            title = f"{predictions} vs {gold}"
    except InfclaimsError as exc:
        _fail(exc)
        return
    summary = scores.summary()
    if details:
        summary["misses"] = scores.misses
        summary["false_alarms"] = scores.false_alarms
        summary["speaker_errors"] = scores.speaker_errors
    if as_json:
        sys.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key in (
        "predicted",
        "gold",
        "matched",
        "ignored_debatable",
        "precision",
        "recall",
        "f1",
        "speaker_accuracy",
        "kind_accuracy",
        "claim_type_accuracy",
    ):
        if summary.get(key) is not None:
            table.add_row(key, f"{summary[key]:.3f}" if isinstance(summary[key], float) else str(summary[key]))
    out.print(table)
    conf = summary.get("claim_type_confusion") or {}
    if conf:
        labels = sorted(set(conf) | {p for row in conf.values() for p in row})
        ct = Table(title="claim types (rows gold, columns predicted)")
        ct.add_column("gold \\ pred")
        for lab in labels:
            ct.add_column(lab[:6], justify="right")
        for g in labels:
            if g in conf:
                ct.add_row(g, *[str(conf[g].get(p, "")) for p in labels])
        out.print(ct)
    if details:
        for key in ("misses", "false_alarms", "speaker_errors"):
            out.print(f"[bold]{key}[/]")
            for row in summary[key]:
                out.print("  ", row)


@app.command()
def schema(
    outdir: Annotated[Path, typer.Argument(help="Folder for the JSON Schema files.")] = Path("schemas"),
) -> None:
    """Write the JSON Schema of the output records."""
    from infclaims.schema import write_schemas

    for path in write_schemas(outdir):
        out.print(f"wrote {escape(str(path))}")


@app.command()
def show(
    statements: Annotated[Path, typer.Argument(help="statements.jsonl")] = Path("data/out/statements.jsonl"),
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker id or name (substring).")] = None,
    claim_type: Annotated[str | None, typer.Option("--type", help="Claim type.")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="doc_id (prefix).")] = None,
) -> None:
    """A table of statements in the terminal, with filters."""
    from infclaims.runner import filter_records, read_records

    try:
        rows = filter_records(read_records(statements), speaker=speaker, claim_type=claim_type, doc=doc)
    except InfclaimsError as exc:
        _fail(exc)
        return
    table = Table(title=f"{len(rows)} statements")
    for col in ("doc", "kind", "speaker", "type", "said_on", "content"):
        table.add_column(col, overflow="fold")
    for r in rows:
        sp: dict[str, Any] = r.get("speaker") or {}
        table.add_row(
            r["doc_id"][:12],
            r["kind"],
            sp.get("name") or sp.get("mention") or "?",
            (r.get("claim") or {}).get("type") or "",
            str(r.get("said_on") or ""),
            r["content"][:200],
        )
    out.print(table)


@app.command()
def report(
    statements: Annotated[Path, typer.Argument(help="statements.jsonl of a run")] = Path("data/out/statements.jsonl"),
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="HTML file to write (default: report.html beside it).")
    ] = None,
    inputs: Annotated[
        list[Path] | None,
        typer.Option("--inputs", help="Articles the run read (default: the inputs listed in run.json)."),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title of the report.")] = None,
) -> None:
    """A self-contained HTML review report: highlighted articles, filterable table, matrix, timeline, summary."""
    from infclaims.report import write_report

    try:
        summary = write_report(statements, output, inputs=inputs, title=title)
    except InfclaimsError as exc:
        _fail(exc)
        return
    out.print(
        f"wrote {escape(str(summary['output']))}: {summary['statements']} statements "
        f"({summary['highlighted']} highlighted), {summary['articles']} articles, {summary['speakers']} speakers, "
        f"{summary['errors']} errors"
    )
    for note in summary["notes"]:
        err.print(f"[yellow]note[/] {escape(note)}")
    for problem in summary["problems"]:
        err.print(
            f"[yellow]statement {problem['row'] + 1}[/] ({escape(problem['doc_id'])}): {escape(problem['message'])}"
        )


@app.command()
def version() -> None:
    """Print the package version."""
    out.print(__version__)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
