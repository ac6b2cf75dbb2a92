"""Command line: parses options, calls the library, shows progress and errors. No logic of its own."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperCommand

from infclaims import __version__
from infclaims.errors import InfclaimsError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Who said what, when, and what kind of claim it was.",
)


class _Command(TyperCommand):
    """Help in the classic form: arguments by their metavar (``INPUT...``, ``[STATEMENTS]``), without type labels."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        return pieces + [p.metavar or (p.name or "").upper() for p in self.get_params(ctx) if _is_argument(p)]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if _is_argument(param):
                args.append((param.metavar or (param.name or "").upper(), record[1]))
            else:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _is_argument(param: Any) -> bool:
    return getattr(param, "param_type_name", None) == "argument"


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


def _version(value: bool) -> None:
    if value:
        out.print(__version__)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the package version and exit."),
    ] = None,
) -> None:
    """Who said what, when, and what kind of claim it was."""


def _fail(exc: InfclaimsError) -> None:
    err.print(f"[bold red]error[/] {escape(str(exc))}")
    raise typer.Exit(code=2)


@app.command(cls=_Command)
def extract(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="INPUT...",
            help="Article files (.txt, .md, .html) or folders of them (with an optional manifest.jsonl), or .jsonl "
            "files of articles.",
            show_default=False,
        ),
    ],
    outdir: Annotated[Path, typer.Option("-o", "--outdir", metavar="OUTDIR", help="Output directory.")] = Path(
        "data/out"
    ),
    model: Annotated[
        str | None, typer.Option("--model", metavar="NAME", help="Installed spaCy pipeline (package name or path).")
    ] = None,
    on_error: Annotated[
        OnError, typer.Option("--on-error", help="skip: record a failed article and go on; stop: halt.")
    ] = OnError.skip,
    aliases: Annotated[
        Path | None,
        typer.Option("--aliases", metavar="FILE", help="JSON file of speaker aliases and roles (see README)."),
    ] = None,
    authorial: Annotated[
        bool, typer.Option("--authorial", help="Also emit checkable facts in the outlet's own voice.")
    ] = False,
    batch_size: Annotated[
        int,
        typer.Option(
            "--batch-size", min=1, metavar="N", help="Articles parsed per batch (and sent to a worker at once)."
        ),
    ] = 16,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-j", min=1, metavar="N", help="Worker processes (default: all cores); 1 runs in-process."
        ),
    ] = None,
    engine: Annotated[
        EngineChoice,
        typer.Option("--engine", help="local: worker processes on this machine; dask: a Dask cluster."),
    ] = EngineChoice.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDR",
            help="Address of a running Dask scheduler (tcp://HOST:PORT); implies --engine dask.",
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue an interrupted run in OUTDIR: finished articles are not redone."),
    ] = False,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            metavar="csv|parquet|sqlite",
            help="Also write statements as a flat table, or the run as OUTDIR/infclaims.sqlite (repeatable).",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar.")] = False,
) -> None:
    """Extract attributed statements from news articles.

    Reads .txt, .md and .html articles (folders are walked, with an optional manifest.jsonl of metadata) and
    .jsonl files of articles. Writes to OUTDIR: statements.jsonl, articles.jsonl, speakers.jsonl, errors.jsonl
    (inputs that failed, with a code), diagnostics.jsonl (data problems of processed articles) and run.json.
    Exit code 0 when every input was processed, 1 when some failed (the rest is written), 2 on a usage error.
    """
    from infclaims.config import Config, SpeakersConfig
    from infclaims.parallel import EngineOptions, default_workers
    from infclaims.runner import RunOptions, check_run, run_extract

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
        check_run(opts)  # usage errors before a progress bar, a model or an output folder
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
    except KeyboardInterrupt:
        err.print(
            f"[bold red]interrupted[/]: the articles finished so far are kept in {escape(str(outdir))}; run the same "
            "command with --resume to continue where it stopped"
        )
        raise typer.Exit(code=130) from None
    table = Table(title="infclaims extract", show_header=False)
    for key in ("inputs", "articles", "failed", "statements", "speakers"):
        table.add_row(key, str(summary[key]))
    if summary["resumed"]:
        table.add_row("resumed", f"{summary['resumed']} articles were already done")
    if summary["skipped"]:
        table.add_row("skipped", f"{len(summary['skipped'])} files that are not articles")
    table.add_row("output", str(outdir))
    seconds = summary["seconds"]
    table.add_row("seconds", f"{seconds['total']:.1f} (starting workers {seconds.get('startup', 0.0):.1f})")
    out.print(table)
    for e in summary["errors"]:
        err.print(f"[red]{e['code']}[/] {escape(e['input'])}: {escape(e['message'])}")
    for path in summary["skipped"]:
        err.print(f"[yellow]W309[/] {escape(path)}: not an article file; skipped")
    if summary["inputs"] != summary["articles"] + summary["failed"]:
        err.print("[bold red]accounting mismatch[/]: inputs != processed + failed")
    if summary["failed"]:
        raise typer.Exit(code=1)


@app.command("eval", cls=_Command)
def eval_cmd(
    predictions: Annotated[
        Path | None,
        typer.Argument(
            metavar="[STATEMENTS]", help="statements.jsonl to score (not with --polnear).", show_default=False
        ),
    ] = None,
    gold: Annotated[Path, typer.Option("--gold", metavar="FILE", help="Gold statements (JSONL).")] = Path(
        "data/gold/statements.jsonl"
    ),
    polnear: Annotated[
        Path | None, typer.Option("--polnear", metavar="DIR", help="Score on a PolNeAR split folder instead.")
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", metavar="NAME", help="spaCy pipeline for --polnear runs.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", metavar="N", help="Score only the first N PolNeAR articles.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    details: Annotated[bool, typer.Option("--details", help="List misses, false alarms and speaker errors.")] = False,
    min_precision: Annotated[
        float | None, typer.Option("--min-precision", metavar="X", help="Exit 1 when precision is below X.")
    ] = None,
    min_recall: Annotated[
        float | None, typer.Option("--min-recall", metavar="X", help="Exit 1 when recall is below X.")
    ] = None,
    min_f1: Annotated[float | None, typer.Option("--min-f1", metavar="X", help="Exit 1 when F1 is below X.")] = None,
    min_speaker: Annotated[
        float | None, typer.Option("--min-speaker", metavar="X", help="Exit 1 when speaker accuracy is below X.")
    ] = None,
    min_claim: Annotated[
        float | None, typer.Option("--min-claim", metavar="X", help="Exit 1 when claim-type accuracy is below X.")
    ] = None,
) -> None:
    """Precision, recall, F1, speaker, kind and claim-type accuracy against gold (or PolNeAR).

    With --min-* bars it is a regression check for CI: exit 1 when a figure is below its bar (each failing
    figure is named on stderr), 0 when all are met.
    """
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
            gold_hint = (
                "give your gold statements with --gold FILE (the default is the bundled gold of a checkout of the "
                "infclaims repository, read from the current directory)"
            )
            scores = ev.score_statements(read_records(predictions), read_records(gold, hint=gold_hint), details=details)
            title = f"{predictions} vs {gold}"
    except InfclaimsError as exc:
        _fail(exc)
        return
    summary = scores.summary()
    if details:
        summary["misses"] = scores.misses
        summary["false_alarms"] = scores.false_alarms
        summary["speaker_errors"] = scores.speaker_errors
    bars = {"precision": min_precision, "recall": min_recall, "f1": min_f1, "speaker": min_speaker, "claim": min_claim}
    bad_bar = next((f"--min-{k}" for k, v in bars.items() if v is not None and not 0.0 <= v <= 1.0), None)
    if bad_bar is not None:
        _fail(InfclaimsError(f"{bad_bar} takes a figure between 0 and 1", code="E202"))
        return
    checks = ev.check_bars(summary, bars)
    if checks:
        summary["bars"] = [{"figure": c.figure, "bar": c.bar, "value": c.value, "ok": c.ok} for c in checks]
    _print_scores(summary, title, as_json=as_json, details=details)
    for c in checks:
        if not c.ok:
            err.print(f"[bold red]below bar[/] {escape(c.message())}")
        elif not as_json:
            err.print(f"[green]bar met[/] {escape(c.message())}")
    if any(not c.ok for c in checks):
        raise typer.Exit(code=1)


def _print_scores(summary: dict[str, Any], title: str, *, as_json: bool, details: bool) -> None:
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
        "resolved_wrong_speaker",
        "resolved_wrong_share",
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


@app.command(cls=_Command)
def diff(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="statements.jsonl of the earlier run.")],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="statements.jsonl of the later run.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    brief: Annotated[bool, typer.Option("-q", "--brief", help="Only the counts.")] = False,
) -> None:
    """Statements added, removed and changed between two runs, matched by statement id.

    A change names its fields (speaker.id, claim.type, content, ...). Exit code as diff's: 0 when the runs
    have the same statements, 1 when they differ, 2 on trouble (a missing or unreadable file).
    """
    from infclaims.rundiff import diff_runs
    from infclaims.runner import read_records

    try:
        result = diff_runs(read_records(old), read_records(new))
    except InfclaimsError as exc:
        _fail(exc)
        return
    if as_json:
        payload = {
            "counts": result.counts(),
            "fields": result.field_counts(),
            "added": [r["id"] for r in result.added],
            "removed": [r["id"] for r in result.removed],
            "changed": [
                {"id": c.id, "doc_id": c.doc_id, "fields": {k: list(v) for k, v in c.fields.items()}}
                for c in result.changed
            ],
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        counts = result.counts()
        out.print(", ".join(f"{v} {k}" for k, v in counts.items()))
        if result.field_counts():
            out.print("fields changed: " + ", ".join(f"{k} {v}" for k, v in result.field_counts().items()))
        if not brief:
            for r in result.added:
                out.print(f"[green]+[/] {r['id']} {escape(_line(r))}", soft_wrap=True)
            for r in result.removed:
                out.print(f"[red]-[/] {r['id']} {escape(_line(r))}", soft_wrap=True)
            for c in result.changed:
                parts = "; ".join(f"{k}: {_short(a)} -> {_short(b)}" for k, (a, b) in c.fields.items())
                out.print(f"[yellow]~[/] {c.id} {escape(parts)}", soft_wrap=True)
    if not result.same:
        raise typer.Exit(code=1)


def _short(value: Any, width: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _line(r: Mapping[str, Any]) -> str:
    speaker = (r.get("speaker") or {}).get("name") or (r.get("speaker") or {}).get("mention") or "?"
    return f"{r.get('doc_id')} {speaker}: {_short(r.get('content', ''), 80)}"


@app.command(cls=_Command)
def db(
    outdir: Annotated[Path, typer.Argument(metavar="OUTDIR", help="Output folder of an extract run.")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FILE", help="Database file (default OUTDIR/infclaims.sqlite)."),
    ] = None,
) -> None:
    """Write a run as a SQLite database (the same as extract --format sqlite), for SQL, notebooks and Datasette."""
    from infclaims.database import DB_NAME, write_database

    try:
        counts = write_database(outdir, output)
    except InfclaimsError as exc:
        _fail(exc)
        return
    target = output or outdir / DB_NAME
    out.print(f"wrote {target}: " + ", ".join(f"{v} {k}" for k, v in counts.items()), soft_wrap=True)
    out.print(f"browse it with: infclaims serve {target}", soft_wrap=True)


@app.command(cls=_Command)
def serve(
    path: Annotated[
        Path, typer.Argument(metavar="[OUTDIR|DB]", help="A run's output folder or its infclaims.sqlite.")
    ] = Path("data/out"),
    host: Annotated[str, typer.Option("--host", metavar="HOST", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="N", help="Port (0: any free port).")] = 8001,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Title shown in the browser.")] = None,
) -> None:
    """Browse a run in Datasette: facets, full-text search, canned queries, statements marked in their article.

    Needs the extra: pip install 'infclaims[serve]'. Builds OUTDIR/infclaims.sqlite first when it is missing.
    """
    from infclaims.serve import serve as start

    try:
        start(path, host=host, port=port, title=title)
    except InfclaimsError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        raise typer.Exit(code=0) from None


@app.command(cls=_Command)
def schema(
    outdir: Annotated[Path, typer.Argument(metavar="[DIR]", help="Folder for the JSON Schema files.")] = Path(
        "schemas"
    ),
) -> None:
    """Write the JSON Schema of the output records."""
    from infclaims.schema import write_schemas

    for path in write_schemas(outdir):
        out.print(f"wrote {escape(str(path))}")


@app.command(cls=_Command)
def show(
    statements: Annotated[Path, typer.Argument(metavar="[STATEMENTS]", help="statements.jsonl of a run.")] = Path(
        "data/out/statements.jsonl"
    ),
    speaker: Annotated[
        str | None, typer.Option("--speaker", metavar="TEXT", help="Speaker id or name (substring).")
    ] = None,
    claim_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="Claim type: accusation, denial, rejection, demand, offer, commitment, warning, assessment or report.",
        ),
    ] = None,
    doc: Annotated[str | None, typer.Option("--doc", metavar="PREFIX", help="doc_id (prefix).")] = None,
) -> None:
    """A table of statements in the terminal, with filters."""
    from infclaims.runner import filter_records, read_records

    try:
        rows = filter_records(read_records(statements), speaker=speaker, claim_type=claim_type, doc=doc)
    except InfclaimsError as exc:
        _fail(exc)
        return

    def fields(r: dict[str, Any]) -> tuple[str, str, str, str, str, str]:
        sp: dict[str, Any] = r.get("speaker") or {}
        return (
            r["doc_id"],
            r["kind"],
            sp.get("name") or sp.get("mention") or "?",
            (r.get("claim") or {}).get("type") or "",
            str(r.get("said_on") or ""),
            r["content"],
        )

    if out.width < 100:
        # a narrow terminal: one block per statement, the content wrapped under its header, nothing cut
        from rich.padding import Padding
        from rich.text import Text

        out.print(f"[bold]{len(rows)} statements[/]")
        for r in rows:
            doc_id, kind, who, ctype, said_on, content = fields(r)
            header = Text.assemble((doc_id, "cyan"), "  ", kind, "  ", (who, "bold"), "  ", ctype, "  ", said_on)
            out.print(header, soft_wrap=False)
            out.print(Padding(Text(content), (0, 0, 1, 4)), soft_wrap=False)
        return
    table = Table(title=f"{len(rows)} statements", expand=True)
    # ids and names wrap inside their own column, never cut; the content takes what is left and wraps there
    table.add_column("doc", overflow="fold", max_width=max(12, out.width // 5))
    table.add_column("kind", no_wrap=True)
    table.add_column("speaker", overflow="fold", max_width=max(10, out.width // 6))
    table.add_column("type", no_wrap=True)
    table.add_column("said_on", no_wrap=True)
    table.add_column("content", overflow="fold", ratio=1, min_width=30)
    for r in rows:
        table.add_row(*(escape(v) for v in fields(r)))
    out.print(table)


@app.command(cls=_Command)
def report(
    statements: Annotated[Path, typer.Argument(metavar="[STATEMENTS]", help="statements.jsonl of a run.")] = Path(
        "data/out/statements.jsonl"
    ),
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FILE", help="HTML file to write (default: report.html beside it)."),
    ] = None,
    inputs: Annotated[
        list[Path] | None,
        typer.Option(
            "--inputs",
            metavar="DIR",
            help="Articles the run read, for a run without articles.jsonl (default: the inputs in run.json).",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Title of the report.")] = None,
    doc: Annotated[
        str | None, typer.Option("--doc", metavar="PREFIX", help="Only articles whose doc_id starts so.")
    ] = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", metavar="TEXT", help="Only statements of this speaker (substring).")
    ] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", metavar="TEXT", help="Only this outlet (substring).")
    ] = None,
    since: Annotated[
        dt.datetime | None, typer.Option("--since", metavar="DATE", formats=["%Y-%m-%d"], help="Said on or after DATE.")
    ] = None,
    until: Annotated[
        dt.datetime | None,
        typer.Option("--until", metavar="DATE", formats=["%Y-%m-%d"], help="Said on or before DATE."),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", metavar="N", min=1, help="At most N statements.")] = None,
) -> None:
    """A self-contained HTML review report: highlighted articles, filterable table, matrix, timeline, summary.

    --doc/--speaker/--outlet/--since/--until/--limit choose the statements that go in (and only their articles),
    so that a report of part of a large run opens fast.
    """
    from infclaims.report import write_report

    select = {
        "doc": doc,
        "speaker": speaker,
        "outlet": outlet,
        "since": since.date() if since else None,
        "until": until.date() if until else None,
        "limit": limit,
    }
    try:
        summary = write_report(statements, output, inputs=inputs, title=title, select=select)
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
    # one line per kind of problem, with the statements it concerns, however many there are
    by_message: dict[str, list[str]] = {}
    for problem in summary["problems"]:
        by_message.setdefault(problem["message"], []).append(f"{problem['row'] + 1} ({problem['doc_id']})")
    for message, where in by_message.items():
        shown = ", ".join(where[:3]) + (f" and {len(where) - 3} more" if len(where) > 3 else "")
        noun = "statement" if len(where) == 1 else f"{len(where)} statements"
        err.print(f"[yellow]{noun}[/] {escape(shown)}: {escape(message)}")


@app.command(cls=_Command)
def version() -> None:
    """Print the package version."""
    out.print(__version__)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
