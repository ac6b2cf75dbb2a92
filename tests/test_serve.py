"""`infclaims serve`: Datasette on the bundled run, through its JSON API and in headless Chromium.

Starts the real command as a subprocess on a free loopback port. Skips when Datasette (the `serve` extra) is
not installed; the browser test skips like tests/test_browser.py when Chromium is missing.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from infclaims.cli import app
from infclaims.database import DB_NAME
from infclaims.serve import QUERIES, metadata

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "data" / "out" / "datasette.png"

pytestmark = [pytest.mark.model, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serve") / "out"
    result = CliRunner().invoke(
        app, ["extract", str(ROOT / "data" / "raw"), "-o", str(out), "-j", "1", "-q", "--format", "sqlite"]
    )
    assert result.exit_code == 0, result.output
    assert (out / DB_NAME).exists()
    return out


@pytest.fixture(scope="module")
def server(run_dir: Path) -> Iterator[str]:
    pytest.importorskip("datasette", reason="Datasette is not installed (pip install 'infclaims[serve]')")
    port = _free_port()
    cmd = [sys.executable, "-m", "infclaims.cli", "serve", str(run_dir), "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    output = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"infclaims serve did not start: {output}")
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def get(base: str, path: str, **params: str) -> Any:
    query = urllib.parse.urlencode(params)
    with urllib.request.urlopen(f"{base}{path}{'?' + query if query else ''}", timeout=30) as resp:
        return json.loads(resp.read())


def lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def test_serve_row_counts_equal_the_jsonl_files(server: str, run_dir: Path) -> None:
    for table, name in (
        ("statements", "statements.jsonl"),
        ("articles", "articles.jsonl"),
        ("speakers", "speakers.jsonl"),
    ):
        data = get(server, f"/infclaims/{table}.json", _size="1")
        assert data["filtered_table_rows_count"] == lines(run_dir / name), table


def test_serve_full_text_search_finds_a_phrase(server: str, run_dir: Path) -> None:
    records = [json.loads(x) for x in (run_dir / "statements.jsonl").read_text("utf-8").splitlines() if x.strip()]
    words = records[1]["content"].split()[:4]
    phrase = " ".join(w.strip(",.;:'\"") for w in words)
    rows = get(server, "/infclaims/statements.json", _search=f'"{phrase}"', _shape="array")
    assert records[1]["id"] in {r["id"] for r in rows}


def test_serve_facets_and_descriptions_are_there_on_first_open(server: str) -> None:
    data = get(server, "/infclaims/statements.json", _size="1")
    assert {"speaker_name", "claim_type", "kind", "outlet", "month"} <= set(data["facet_results"])
    meta = get(server, "/-/metadata.json")
    assert meta["databases"]["infclaims"]["tables"]["statements"]["columns"]["claim_type"]


def test_serve_every_canned_query_runs(server: str, run_dir: Path) -> None:
    params = {
        "speaker_over_time": {"speaker": "stoltenberg"},
        "about_target": {"target": "russia"},
        "contested_propositions": {},
        "dates_in_range": {"since": "2018-01-01", "until": "2020-12-31"},
        "claim_types_by_speaker": {},
    }
    assert set(params) == set(QUERIES)
    counts = {}
    for name, args in params.items():
        data = get(server, f"/infclaims/{name}.json", _shape="objects", **args)
        assert data["ok"] is not False, (name, data)
        counts[name] = len(data["rows"])
    assert counts["speaker_over_time"] > 0 and counts["about_target"] > 0 and counts["claim_types_by_speaker"] > 0


def test_serve_statement_page_marks_the_statement_in_its_article(server: str, run_dir: Path) -> None:
    record = json.loads((run_dir / "statements.jsonl").read_text("utf-8").splitlines()[1])
    with urllib.request.urlopen(f"{server}/-/infclaims/statement/{record['id']}", timeout=10) as resp:
        page = resp.read().decode()
    assert 'id="statement"' in page and record["content"].split()[0] in page
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{server}/-/infclaims/statement/no-such-id", timeout=10)


def test_serve_metadata_lists_every_table() -> None:
    tables = metadata()["databases"]["infclaims"]["tables"]
    assert tables["statements"]["fts_table"] == "statements_fts"
    assert all(t.get("description") for name, t in tables.items() if name != "statements_fts")


def test_browser_opens_a_statement_row_and_its_article(server: str, run_dir: Path) -> None:
    from tests.test_browser import CHROMIUM_FLAGS, chromium_executable

    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    executable = chromium_executable()
    if executable is None:
        pytest.skip("no Chromium executable found; run scripts/install-browser.sh")
    record = json.loads((run_dir / "statements.jsonl").read_text("utf-8").splitlines()[1])
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.goto(f"{server}/infclaims/statements/{record['id']}")
        assert record["speaker"]["name"] in page.content()
        page.locator(f'a[href="/-/infclaims/statement/{record["id"]}"]').first.click()
        page.wait_for_selector("mark#statement")
        assert page.locator("mark#statement").first.inner_text().split()[0] == record["content"].split()[0]
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
        browser.close()
    assert SCREENSHOT.stat().st_size > 10_000
