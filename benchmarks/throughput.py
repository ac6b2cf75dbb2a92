"""Throughput and memory of extraction: spaCy alone, one worker, several workers, and a local Dask cluster.

Usage: python benchmarks/throughput.py [CORPUS] [--limit N] [--articles N] [--workers 2] [--repeat 3] [--json]
       python benchmarks/throughput.py --memory-scan 1000,10000 [--limit N]
       python benchmarks/throughput.py --breakdown [--limit N] [--repeat 3]    # where one worker's time goes

CORPUS defaults to the PolNeAR training texts in ``../shared/datasets/polnear/train/text`` beside the repository
root, else the bundled ``data/raw`` articles repeated to 500. Measured on the same texts and model:

  a  spaCy's own ``nlp.pipe``          b  infclaims extract, 1 worker (in-process)
  c  infclaims extract, N workers      d  infclaims extract on a local Dask cluster of N workers

Each measure runs in a fresh child process. With ``--repeat K`` (default 3) the measures run in K rounds,
interleaved and every other round reversed (a b c d, d c b a, ...), so that a slow spell of a shared machine
hits every measure alike. Each measure's best (fastest) run is printed, as ``timeit`` reports, with its median
beside it. The ratios are printed three ways: of the best runs, of the medians, and paired (the median over
rounds of the ratio within one round, where the two measures ran next to each other): the paired figure is the
one least moved by the machine drifting between rounds.
Tokens per second count the spaCy tokens of the raw texts, so all four share one unit of work. ``startup``
(model load, worker or cluster start, and for b to d stopping the workers, as the run reports its own phases)
is timed apart and left out of ``tok/s``; ``e2e tok/s`` includes it. Peak RSS
is the high-water mark of each process doing the parsing (the child itself for a and b, every worker
process for c and d) and of the driver.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "datasets" / "polnear" / "train" / "text"
BUNDLED = ROOT / "data" / "raw"
MODES = {
    "a": "spaCy nlp.pipe",
    "b": "extract, 1 worker",
    "c": "extract, {n} workers",
    "d": "extract, Dask {n} workers",
}


# --------------------------------------------------------------------------- memory


def _hwm_kib(pid: int) -> int | None:
    """Peak resident set (VmHWM) of a live process in KiB, from /proc; None when unavailable."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _descendants(pid: int) -> list[int]:
    try:
        import psutil  # type: ignore[import-untyped]

        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except ImportError:
        pass
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with (
                contextlib.suppress(OSError, IndexError, ValueError),
                open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh,
            ):
                parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        kids = [c for c, p in parents.items() if p in frontier]
        found += kids
        frontier = kids
    return found


def _peak_kib(pid: int) -> int | None:
    hwm = _hwm_kib(pid)
    if hwm is not None:
        return hwm
    try:
        import psutil  # type: ignore[import-untyped]

        return int(psutil.Process(pid).memory_info().rss // 1024)
    except Exception:
        return None


class PeakSampler:
    """Polls the descendants of this process and keeps each one's peak RSS (they may exit before the end)."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            for pid in _descendants(os.getpid()):
                peak = _peak_kib(pid)
                if peak is not None:
                    self.peaks[pid] = max(peak, self.peaks.get(pid, 0))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _self_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --------------------------------------------------------------------------- corpus


def load_texts(corpus: Path | None, limit: int | None) -> tuple[str, list[str]]:
    if corpus is None:
        if POLNEAR.exists():
            corpus = POLNEAR
        else:
            texts = [p.read_text(encoding="utf-8") for p in sorted(BUNDLED.glob("*.txt"))]
            texts = list(itertools.islice(itertools.cycle(texts), 500))
            return f"{BUNDLED.relative_to(ROOT)} x{500 // max(1, len(list(BUNDLED.glob('*.txt'))))}", texts[:limit]
    paths = sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".text", ".md"))[:limit]
    return corpus.name if corpus != POLNEAR else "polnear/train/text", [p.read_text(encoding="utf-8") for p in paths]


def write_corpus(texts: list[str], n_articles: int | None, folder: Path) -> Path:
    from infclaims.io import write_jsonl_atomic

    n = n_articles or len(texts)
    rows = ({"id": f"art{k:06d}", "text": text} for k, text in enumerate(itertools.islice(itertools.cycle(texts), n)))
    path = folder / f"corpus{n}.jsonl"
    write_jsonl_atomic(path, rows)
    return path


def _articles(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)["text"]


# --------------------------------------------------------------------------- one measure (child process)


def measure(mode: str, corpus: Path, workers: int, batch_size: int) -> dict[str, Any]:
    from infclaims.nlp import load_nlp

    if mode == "a":
        started = time.perf_counter()
        nlp = load_nlp()
        startup = time.perf_counter() - started
        t0 = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(_articles(corpus), batch_size=batch_size))
        seconds = time.perf_counter() - t0
        peak = _self_peak_mib()
        return {"tokens": tokens, "seconds": seconds, "startup": startup, "driver_mib": peak, "workers_mib": [peak]}

    from infclaims.parallel import EngineOptions
    from infclaims.runner import RunOptions, run_extract

    engine = EngineOptions(engine="dask" if mode == "d" else "local", workers=1 if mode == "b" else workers)
    if mode == "d":
        import distributed  # noqa: F401 - imported before the clock starts, as spaCy is for measure a
    # b parses in this very process (its peak is this process's own): no sampler thread competing for the GIL
    sampler = PeakSampler()
    with tempfile.TemporaryDirectory() as tmp, sampler if mode != "b" else contextlib.nullcontext():
        summary = run_extract(
            RunOptions(inputs=(corpus,), outdir=Path(tmp) / "out", batch_size=batch_size, engine=engine)
        )
    # the run times its own phases: starting the workers (model loads, pool or cluster start) and stopping them
    # are fixed costs, kept out of the throughput as the model load is for measure a; the work and the final
    # writes are timed
    phases = summary["seconds"]
    seconds = phases["work"] + phases["write"]
    startup = phases["startup"] + phases["shutdown"]
    driver = _self_peak_mib()
    if mode == "b":
        worker_peaks = [driver]
    else:
        # the largest processes are the workers; nannies, the scheduler and pool helpers stay small
        worker_peaks = sorted((kib / 1024 for kib in sampler.peaks.values()), reverse=True)[:workers]
    return {
        "seconds": max(seconds, 1e-9),
        "startup": startup,
        "articles": summary["articles"],
        "statements": summary["statements"],
        "driver_mib": driver,
        "workers_mib": worker_peaks,
    }


def breakdown(corpus: Path, batch_size: int, *, extract_first: bool = False) -> dict[str, Any]:
    """Where one worker's time goes, in this process: spaCy alone on the raw texts and an extract run with
    timers around the pipeline's stage calls (clean; split_many: tokenise, mark paragraphs, spaCy's pipeline,
    sentence records; analyse: quotes, speakers, claims, dates and ranges). The rest of the run's work is
    reading, journaling and writing. The one that runs second finds the process warm (its memory grown), so
    the caller alternates the order."""
    import infclaims.pipeline as pipeline
    from infclaims.config import Config
    from infclaims.parallel import worker_context
    from infclaims.runner import RunOptions, run_extract

    spent: dict[str, float] = {}

    def timed(name: str, fn: Any, *, eager: bool = False) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            out = fn(*args, **kwargs)
            if eager:  # a generator: the work happens as it is consumed (the pipeline consumes it at once)
                out = list(out)
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0
            return out

        return wrapper

    nlp = worker_context(Config()).nlp

    def alone() -> float:
        t0 = time.perf_counter()
        for _ in nlp.pipe(_articles(corpus), batch_size=batch_size):
            pass
        return time.perf_counter() - t0

    pipeline.clean = timed("clean", pipeline.clean)
    pipeline.split_many = timed("parse", pipeline.split_many, eager=True)
    pipeline.analyse = timed("analyse", pipeline.analyse)
    spacy_alone = None if extract_first else alone()
    with tempfile.TemporaryDirectory() as tmp:
        phases = run_extract(RunOptions(inputs=(corpus,), outdir=Path(tmp), batch_size=batch_size))["seconds"]
    if spacy_alone is None:
        spacy_alone = alone()
    work = phases["work"] + phases["write"]
    return {
        "first": "extract" if extract_first else "spaCy alone",
        "spacy_alone": spacy_alone,
        "extract": work,
        **spent,
        "read, journal, write": work - sum(spent.values()),
    }


def run_child(mode: str, corpus: Path, workers: int, batch_size: int) -> dict[str, Any]:
    """Run one measure (or one breakdown round) in a fresh process; its figures are its last line of output."""
    cmd = [sys.executable, __file__, "--child", mode, "--input", str(corpus)]
    cmd += ["--workers", str(workers), "--batch-size", str(batch_size)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"measure {mode} failed:\n{proc.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- reports


def throughput(args: argparse.Namespace) -> dict[str, Any]:
    name, texts = load_texts(args.corpus, args.limit)
    modes = [m for m in args.modes.split(",") if m]
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(texts, args.articles, Path(tmp))
        for k in range(max(1, args.repeat)):
            # interleaved, so that a slow spell of the machine hits every measure alike; every other round in
            # reverse order (a b c d, d c b a, ...), so that a steady drift favours no measure of a pair
            for m in modes if k % 2 == 0 else modes[::-1]:
                runs[m].append(run_child(m, corpus, args.workers, args.batch_size))
    tokens = runs["a"][0]["tokens"] if "a" in runs else None
    rows = {}
    for m, rs in runs.items():
        best = min(rs, key=lambda r: r["seconds"])
        rows[m] = {
            "label": MODES[m].format(n=args.workers),
            **best,
            "runs_seconds": [r["seconds"] for r in rs],
            "median_seconds": statistics.median(r["seconds"] for r in rs),
            "tok_per_s": tokens / best["seconds"] if tokens else None,
            "e2e_tok_per_s": tokens / (best["seconds"] + best["startup"]) if tokens else None,
        }

    def ratio(x: str, y: str, key: str = "seconds") -> float | None:
        """Speed of ``x`` over speed of ``y`` (the same tokens, so the inverse ratio of the times)."""
        if x in rows and y in rows:
            return float(rows[y][key]) / float(rows[x][key])
        return None

    pairs = {"b_over_a": ("b", "a"), "speedup_c_over_b": ("c", "b"), "speedup_d_over_c": ("d", "c")}
    rounds = {key: _round_ratios(runs, x, y) for key, (x, y) in pairs.items()}
    return {
        "corpus": name,
        "articles": args.articles or len(texts),
        "tokens": tokens,
        "workers": args.workers,
        "cpu_count": os.cpu_count(),
        "batch_size": args.batch_size,
        "repeat": max(1, args.repeat),
        "modes": rows,
        "speedup_d_over_b": ratio("d", "b"),
        **{key: ratio(x, y) for key, (x, y) in pairs.items()},
        "median": {key: ratio(x, y, "median_seconds") for key, (x, y) in pairs.items()},
        # paired: the median over rounds of the ratio within one round, where the two measures ran next to each
        # other, so the machine's drift between rounds cancels out of each ratio
        "paired": {key: statistics.median(r) if r else None for key, r in rounds.items()},
        "rounds": {key: [round(v, 3) for v in r] for key, r in rounds.items() if r},
    }


def _round_ratios(runs: dict[str, list[dict[str, Any]]], x: str, y: str) -> list[float]:
    """Speed of ``x`` over speed of ``y`` in each round (empty when either was not measured)."""
    if x not in runs or y not in runs:
        return []
    return [ry["seconds"] / rx["seconds"] for rx, ry in zip(runs[x], runs[y], strict=True)]


def memory_scan(args: argparse.Namespace) -> dict[str, Any]:
    name, texts = load_texts(args.corpus, args.limit)
    sizes = [int(s) for s in args.memory_scan.split(",") if s]
    mode = args.scan_mode
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            corpus = write_corpus(texts, n, Path(tmp))
            r = run_child(mode, corpus, args.workers, args.batch_size)
            corpus.unlink()
            out.append({"articles": n, **r})
    return {"corpus": name, "mode": MODES[mode].format(n=args.workers), "workers": args.workers, "sizes": out}


def run_breakdown(args: argparse.Namespace) -> dict[str, Any]:
    name, texts = load_texts(args.corpus, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(texts, args.articles, Path(tmp))
        # every other round runs the extract first, so that the warmer second place favours neither
        rounds = [
            run_child("breakdown-extract-first" if k % 2 else "breakdown", corpus, args.workers, args.batch_size)
            for k in range(max(1, args.repeat))
        ]
    return {"corpus": name, "articles": args.articles or len(texts), "rounds": rounds}


def print_breakdown(rep: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rep, indent=2))
        return
    print(f"one worker, in one process, on {rep['corpus']} ({rep['articles']} articles): seconds per round, median")
    rounds = [dict(r) for r in rep["rounds"]]  # copies: "first" is taken out for its own row
    firsts = ["spaCy" if r.pop("first") == "spaCy alone" else "extr." for r in rounds]
    print(f"  {'runs first':<24}{'  '.join(f'{f:>6}' for f in firsts)}")
    for key in rounds[0]:
        values = [r[key] for r in rounds]
        print(f"  {key:<24}{'  '.join(f'{v:6.2f}' for v in values)}   {statistics.median(values):6.2f}")
    after = [r["extract"] - r["parse"] for r in rounds]
    print(f"  {'all but the parse':<24}{'  '.join(f'{v:6.2f}' for v in after)}   {statistics.median(after):6.2f}")
    on_top = statistics.median((r["extract"] - r["parse"]) / r["parse"] for r in rounds)
    alone = statistics.median(r["spacy_alone"] / r["extract"] for r in rounds)
    print(f"all but the parse, on top of the parse (median): {on_top:.1%}")
    print(f"spaCy alone / extract, run one after the other in the same process (median): {alone:.2f}")


def _mib(values: list[float]) -> str:
    return " ".join(f"{v:.0f}" for v in values)


def print_throughput(rep: dict[str, Any]) -> None:
    print(
        f"corpus {rep['corpus']}  articles {rep['articles']}  tokens {rep['tokens']}  cores {rep['cpu_count']}  "
        f"batch {rep['batch_size']}  best of {rep['repeat']} interleaved runs"
    )
    print(
        f"{'':3}{'measure':<26}{'tok/s':>9}{'e2e tok/s':>11}{'secs':>8}{'median':>8}{'startup':>9}{'driver MiB':>12}"
        "  worker MiB"
    )
    for m, r in rep["modes"].items():
        tps = f"{r['tok_per_s']:.0f}" if r["tok_per_s"] else "-"
        e2e = f"{r['e2e_tok_per_s']:.0f}" if r["e2e_tok_per_s"] else "-"
        print(
            f"{m:<3}{r['label']:<26}{tps:>9}{e2e:>11}{r['seconds']:>8.1f}{r['median_seconds']:>8.1f}"
            f"{r['startup']:>9.1f}{r['driver_mib']:>12.0f}  {_mib(r['workers_mib'])}"
        )
    labels = {"b_over_a": "(b)/(a)", "speedup_c_over_b": "(c)/(b)", "speedup_d_over_b": "(d)/(b)"}
    labels["speedup_d_over_c"] = "(d)/(c)"
    for key, label in labels.items():
        if rep[key] is not None:
            median, paired = rep["median"].get(key), rep["paired"].get(key)
            extra = f"  medians: {median:.2f}" if median is not None else ""
            if paired is not None:
                rounds = " ".join(f"{r:.2f}" for r in rep["rounds"][key])
                extra += f"  paired (median of rounds): {paired:.2f}  rounds: {rounds}"
            print(f"{label}: best {rep[key]:.2f}{extra}")


def print_scan(rep: dict[str, Any]) -> None:
    print(f"memory scan: {rep['mode']} on {rep['corpus']}")
    print(f"{'articles':>9}{'secs':>9}{'driver MiB':>12}  worker peak MiB")
    for r in rep["sizes"]:
        print(
            f"{r['articles']:>9}{r['seconds'] + r['startup']:>9.1f}{r['driver_mib']:>12.0f}  {_mib(r['workers_mib'])}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=None, help="folder of .txt articles")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="use only the first N texts")
    parser.add_argument("--articles", type=int, default=None, metavar="N", help="repeat texts to reach N articles")
    parser.add_argument("--workers", type=int, default=2, help="workers for measures c and d (default 2)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3, metavar="K", help="interleaved runs of each measure (best)")
    parser.add_argument("--modes", default=",".join(MODES), help="which measures, e.g. a,b,c (default all)")
    parser.add_argument("--memory-scan", default=None, metavar="N,M", help="peak RSS per worker at these sizes")
    parser.add_argument("--scan-mode", default="c", choices=sorted(set(MODES) - {"a"}), help="measure to scan")
    parser.add_argument("--breakdown", action="store_true", help="time each stage of one in-process worker")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child in ("breakdown", "breakdown-extract-first"):
        print(json.dumps(breakdown(args.input, args.batch_size, extract_first=args.child != "breakdown")))
        return 0
    if args.child:
        print(json.dumps(measure(args.child, args.input, args.workers, args.batch_size)))
        return 0
    if args.corpus is not None and not args.corpus.exists():
        print(f"no such folder: {args.corpus}", file=sys.stderr)
        return 2
    if args.breakdown:
        print_breakdown(run_breakdown(args), args.json)
        return 0
    if args.memory_scan:
        rep = memory_scan(args)
        if args.json:
            print(json.dumps(rep, indent=2))
        else:
            print_scan(rep)
        return 0
    rep = throughput(args)
    if args.json:
        print(json.dumps(rep, indent=2))
    else:
        print_throughput(rep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
