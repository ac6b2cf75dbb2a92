"""Size, time to load and time to filter of the HTML report in headless Chromium.

Usage: python benchmarks/report_load.py [RUN_DIR ...] [--polnear] [--repeat 3] [--json]

Each RUN_DIR is the output folder of an extract run (default: a fresh run of the bundled ``data/raw``).
``--polnear`` adds a run of the PolNeAR training texts (``../shared/datasets/polnear/train/text`` beside the
checkout; 840 articles, extracted once into a temporary folder). For each run the report is written, then opened
``--repeat`` times in headless Chromium (Debian's ``chromium`` or ``$INFCLAIMS_CHROMIUM``, driven by Playwright):
``load`` is the time until the page's ``load`` event and its table is in place, ``filter`` the time from typing a
search word until the visible row count has changed (medians printed, best beside them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "datasets" / "polnear" / "train" / "text"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def _infclaims(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "infclaims.cli", *args], check=True, stdout=subprocess.DEVNULL)


def _extract(inputs: Path, out: Path) -> Path:
    _infclaims("extract", str(inputs), "-o", str(out), "-q")
    return out


def _chromium() -> str:
    given = os.environ.get("INFCLAIMS_CHROMIUM")
    found = given or next(
        (p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))), None
    )
    if not found:
        sys.exit("no Chromium found: run scripts/install-browser.sh or set INFCLAIMS_CHROMIUM")
    return found


def measure(report: Path, repeat: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    loads, filters = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=FLAGS, headless=True)
        for _ in range(repeat):
            page = browser.new_page()
            page.set_default_timeout(600_000)
            t0 = time.perf_counter()
            page.goto(report.as_uri(), wait_until="load")
            page.wait_for_selector('[data-testid="row-count"]', state="attached")
            loads.append(time.perf_counter() - t0)
            before = page.locator('[data-testid="row-count"]').inner_text()
            t0 = time.perf_counter()
            page.locator('[data-testid="filter-search"]').fill("zzzqqq")
            page.wait_for_function(
                "b => document.querySelector('[data-testid=\"row-count\"]').innerText !== b", arg=before
            )
            filters.append(time.perf_counter() - t0)
            page.close()
        browser.close()
    return {
        "bytes": report.stat().st_size,
        "load_s": statistics.median(loads),
        "load_best_s": min(loads),
        "filter_s": statistics.median(filters),
        "filter_best_s": min(filters),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="*", type=Path)
    ap.add_argument("--polnear", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="infclaims-report-bench-") as tmp:
        runs: list[tuple[str, Path]] = [(str(p), p) for p in args.runs]
        if not runs:
            runs.append(("bundled (5 articles)", _extract(ROOT / "data" / "raw", Path(tmp) / "bundled")))
        if args.polnear:
            if not POLNEAR.is_dir():
                sys.exit(f"PolNeAR not found at {POLNEAR}")
            runs.append(("PolNeAR train (840 articles)", _extract(POLNEAR, Path(tmp) / "polnear")))
        results = []
        for name, run in runs:
            report = Path(tmp) / f"report-{len(results)}.html"
            _infclaims("report", str(run / "statements.jsonl"), "-o", str(report))
            results.append({"run": name, **measure(report, args.repeat)})
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'run':32} {'size':>10} {'load s':>8} {'(best)':>8} {'filter s':>9} {'(best)':>8}")
    for r in results:
        print(
            f"{r['run']:32} {r['bytes'] / 1e6:9.2f}M {r['load_s']:8.2f} {r['load_best_s']:8.2f} "
            f"{r['filter_s']:9.3f} {r['filter_best_s']:8.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
