"""Spreading a run and resuming it: the output bytes never depend on the engine, the number of workers, or a
kill in the middle."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infclaims.cli import app
from infclaims.errors import ConfigError
from infclaims.io import read_jsonl_records
from infclaims.parallel import EngineOptions
from infclaims.runner import PROGRESS, RunOptions, run_extract

pytestmark = pytest.mark.model

HAS_DASK = importlib.util.find_spec("distributed") is not None
needs_dask = pytest.mark.skipif(not HAS_DASK, reason="dask.distributed is not installed (extra 'dask')")
#: Dask clusters, SIGKILLed runs and worker processes: the full suite only (``make test``), not ``make test-fast``.
slow = pytest.mark.slow

OUTPUTS = ("statements.jsonl", "articles.jsonl", "speakers.jsonl", "errors.jsonl", "run.json")

# Short made-up news paragraphs, each with a quotation or a reported claim; articles are built from them.
PARAGRAPHS = (
    "Mayor {name} said on Tuesday that the city would open three new libraries before the end of the year.",
    "\u201cWe have waited long enough for this,\u201d {name} told reporters outside the town hall.",
    "Opposition leader {other} accused the council of hiding the real cost of the project, which she put at "
    "$40 million.",
    "\u201cThe numbers simply do not add up,\u201d {other} said. \u201cSomeone will have to pay for this.\u201d",
    "A spokesman for the regional water authority denied that supplies had been cut to 12,000 homes.",
    "The health ministry said on Friday that hospital waiting times had fallen by 15 percent since March.",
    "\u201cWe will not accept any deal that leaves farmers worse off,\u201d said {name}, speaking in the capital.",
    "{other} warned that prices could rise between 5 and 8 percent next year if the tariffs were approved.",
    "Union officials said the strike would go ahead on Monday unless the company raised its offer.",
    "Police said two men had been arrested in connection with the fire, which destroyed a warehouse on Saturday night.",
)
NAMES = ("Anna Kovacs", "Peter Lund", "Maria Silva", "Tom Okafor", "Lena Brandt")
OTHERS = ("Joan Reyes", "Karl Weber", "Ines Moreau", "Sam Patel")


def write_corpus(folder: Path, n: int = 40, *, offset: int = 0) -> Path:
    """``n`` small articles, each a different selection of the paragraphs above."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(offset, offset + n):
        picks = [PARAGRAPHS[(k * 3 + j * 7) % len(PARAGRAPHS)] for j in range(4 + k % 4)]
        text = "\n\n".join(p.format(name=NAMES[k % len(NAMES)], other=OTHERS[k % len(OTHERS)]) for p in picks)
        (folder / f"a{k:03d}.txt").write_text(f"Headline number {k}\n\n{text}\n", encoding="utf-8")
    return folder


def outputs(outdir: Path) -> dict[str, bytes]:
    assert not (outdir / PROGRESS).exists(), "a finished run leaves no progress journal"
    return {name: (outdir / name).read_bytes() for name in OUTPUTS}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "articles")


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """One uninterrupted in-process run (one worker) that every other run must equal byte for byte."""
    outdir = tmp_path_factory.mktemp("reference")
    result = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(outdir), "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    got = outputs(outdir)
    assert got["statements.jsonl"].count(b"\n") > 40
    return got


def extract(args: list[str]) -> None:
    result = CliRunner().invoke(app, ["extract", *args, "-q"])
    assert result.exit_code == 0, result.output


def test_parallel_two_local_workers_same_bytes(corpus: Path, reference: dict[str, bytes], tmp_path: Path) -> None:
    extract([str(corpus), "-o", str(tmp_path), "--workers", "2"])
    assert outputs(tmp_path) == reference


@pytest.mark.parametrize("workers", [1, 2])
def test_parallel_run_reports_its_phases(corpus: Path, tmp_path: Path, workers: int) -> None:
    """A run's wall time splits into starting the workers, the work, stopping them and the final writes."""
    opts = RunOptions(inputs=(corpus,), outdir=tmp_path, batch_size=8, engine=EngineOptions(workers=workers))
    seconds = run_extract(opts)["seconds"]
    assert list(seconds) == ["startup", "work", "shutdown", "write", "total"]
    assert all(v >= 0 for v in seconds.values())
    assert sum(v for k, v in seconds.items() if k != "total") == pytest.approx(seconds["total"])
    assert seconds["work"] > 0
    if workers > 1:  # spawned workers import the package and load the model before any work, and are joined
        assert seconds["startup"] > 0.5
        assert seconds["shutdown"] > 0


@needs_dask
@slow
def test_parallel_embedded_dask_workers_keep_the_default_allocator_and_one_thread() -> None:
    import dask
    import distributed  # noqa: F401 - loads Dask's distributed defaults

    from infclaims.parallel import EMBEDDED_DASK_CONFIG

    with dask.config.set(EMBEDDED_DASK_CONFIG):
        environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ"))  # a copy: set() restores in place
    assert environ.get("MALLOC_TRIM_THRESHOLD_") is None  # None: the nanny leaves the variable unset
    assert environ["OMP_NUM_THREADS"] == environ["OPENBLAS_NUM_THREADS"] == 1


@needs_dask
@slow
def test_parallel_dask_local_cluster_same_bytes(corpus: Path, reference: dict[str, bytes], tmp_path: Path) -> None:
    extract([str(corpus), "-o", str(tmp_path), "--engine", "dask", "--workers", "2"])
    assert outputs(tmp_path) == reference


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def dask_cluster(log_dir: Path, workers: int = 2) -> Iterator[str]:
    """A real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, killed on exit."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = ["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"]
    commands = [scheduler] + [
        [
            "distributed.cli.dask_worker",
            address,
            "--nthreads",
            "1",
            "--no-nanny",
            "--no-dashboard",
            "--host",
            "127.0.0.1",
        ]
        for _ in range(workers)
    ]
    procs: list[subprocess.Popen[bytes]] = []
    with contextlib.ExitStack() as logs:
        try:
            for k, command in enumerate(commands):
                log = logs.enter_context((log_dir / f"dask{k}.log").open("wb"))
                procs.append(subprocess.Popen([sys.executable, "-m", *command], stdout=log, stderr=log))
            yield address
        finally:
            for proc in reversed(procs):
                proc.kill()
            for proc in procs:
                proc.wait(timeout=30)


@needs_dask
@slow
def test_parallel_dask_scheduler_address_same_bytes(corpus: Path, reference: dict[str, bytes], tmp_path: Path) -> None:
    with dask_cluster(tmp_path) as address:
        extract([str(corpus), "-o", str(tmp_path / "out"), "--scheduler", address, "--workers", "2"])
    assert outputs(tmp_path / "out") == reference


def test_parallel_scheduler_needs_dask_engine() -> None:
    with pytest.raises(ConfigError, match="E202"):
        EngineOptions(engine="local", scheduler="tcp://127.0.0.1:1")


# --------------------------------------------------------------------------- kill and resume


def assert_all_jsonl_readable(outdir: Path) -> None:
    """Every JSONL file a killed run left behind reads without error (a torn last line is not visible)."""
    for path in outdir.rglob("*.jsonl"):
        for row in read_jsonl_records(path):
            assert isinstance(row, dict)


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@slow
def test_parallel_sigkill_then_resume_same_bytes(corpus: Path, reference: dict[str, bytes], tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    done = outdir / PROGRESS / "done.jsonl"
    cmd = [sys.executable, "-m", "infclaims.cli", "extract", str(corpus), "-o", str(outdir), "-q"]
    proc = subprocess.Popen([*cmd, "--workers", "2", "--batch-size", "2"], stdout=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        # the first line of done.jsonl is the run header; wait for a few finished articles after it
        while time.monotonic() < deadline and proc.poll() is None:
            if done.exists() and done.read_bytes().count(b"\n") >= 6:
                break
            time.sleep(0.005)
        if sys.platform == "linux":
            workers = children(proc.pid)
            assert len(workers) >= 2, "the pool's worker processes were not found"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert not (outdir / "statements.jsonl").exists(), "final outputs appear only when a run completes"
    assert_all_jsonl_readable(outdir)
    finished = sum(1 for row in read_jsonl_records(done) if "doc_id" in row)
    assert 0 < finished < 40

    subprocess.run([*cmd, "--workers", "1", "--batch-size", "2", "--resume"], check=True, stdout=subprocess.DEVNULL)
    assert outputs(outdir) == reference  # --batch-size groups articles for parsing; it never changes the output

    deadline = time.monotonic() + 10  # the killed run's workers notice and end
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)]


def test_parallel_resume_drops_unfinished_statements(tmp_path: Path) -> None:
    """A kill between an article's statements and its done line: those statements are redone, not doubled."""
    bad = write_corpus(tmp_path / "articles", 40)
    (bad / "a020.txt").write_text("   \n", encoding="utf-8")  # unreadable: stops a run with --on-error stop
    outdir = tmp_path / "out"
    opts = RunOptions(inputs=(bad,), outdir=outdir, stop_on_error=True, batch_size=8)
    with pytest.raises(Exception, match="E103"):
        run_extract(opts)
    journal = outdir / PROGRESS / "statements.jsonl"
    rows = list(read_jsonl_records(journal))
    assert rows and all(r["doc_id"] < "a020" for r in rows)
    orphan = rows[-1] | {"doc_id": "a030"}
    with journal.open("a", encoding="utf-8") as fh:  # an unfinished article's line, then a torn one
        fh.write(json.dumps(orphan) + '\n{"doc_id": "a03')
    assert_all_jsonl_readable(outdir)

    write_corpus(tmp_path / "articles", 40)  # the file is readable again
    run_extract(RunOptions(inputs=(bad,), outdir=outdir, resume=True, batch_size=8))
    run_extract(RunOptions(inputs=(bad,), outdir=tmp_path / "expected", batch_size=8))
    assert outputs(outdir) == outputs(tmp_path / "expected")


def test_parallel_resume_with_changed_inputs_puts_input_order(tmp_path: Path) -> None:
    """New articles that sort before finished ones: the resumed output is still in input order."""
    early = write_corpus(tmp_path / "early", 3, offset=100)
    stopped = write_corpus(tmp_path / "articles", 12)
    (stopped / "a006.txt").write_text("", encoding="utf-8")
    outdir, expected = tmp_path / "out", tmp_path / "expected"
    with pytest.raises(Exception, match="E103"):
        run_extract(RunOptions(inputs=(stopped,), outdir=outdir, stop_on_error=True, batch_size=4))
    write_corpus(tmp_path / "articles", 12)
    run_extract(RunOptions(inputs=(early, stopped), outdir=outdir, resume=True, batch_size=4))
    run_extract(RunOptions(inputs=(early, stopped), outdir=expected, batch_size=4))
    assert outputs(outdir) == outputs(expected)


def test_parallel_resume_refuses_other_settings(tmp_path: Path) -> None:
    from infclaims.config import Config

    bad = write_corpus(tmp_path / "articles", 8)
    (bad / "a004.txt").write_text("", encoding="utf-8")
    with pytest.raises(Exception, match="E103"):
        run_extract(RunOptions(inputs=(bad,), outdir=tmp_path / "out", stop_on_error=True, batch_size=2))
    with pytest.raises(ConfigError, match="E202"):
        run_extract(RunOptions(inputs=(bad,), outdir=tmp_path / "out", config=Config(authorial=True), resume=True))


def test_parallel_without_resume_starts_over(corpus: Path, reference: dict[str, bytes], tmp_path: Path) -> None:
    stale = tmp_path / "out" / PROGRESS
    stale.mkdir(parents=True)
    (stale / "done.jsonl").write_text('{"doc_id": "a000", "statements": 0}\n', encoding="utf-8")
    extract([str(corpus), "-o", str(tmp_path / "out"), "--workers", "1"])
    assert outputs(tmp_path / "out") == reference


@slow
def test_parallel_worker_started_after_its_driver_died_exits_at_once() -> None:
    """A pool worker whose initializer runs when the driver is already gone (its parent is no longer the
    driver whose pid it was given) must end instead of waiting on the queue for ever."""
    code = (
        "import os; from infclaims.config import Config; from infclaims.parallel import _init_local_worker; "
        "_init_local_worker(Config(), parent=os.getppid() + 1); print('still here')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and "still here" not in done.stdout
