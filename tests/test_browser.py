"""The HTML report in a real browser: the bundled articles through the CLI, then headless Chromium via Playwright.

Uses the system's Chromium (``scripts/install-browser.sh`` installs it with apt); Playwright never downloads a
browser here. Skips, saying why, when Playwright or a Chromium executable is missing.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from infclaims.cli import app

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "data" / "out" / "report.png"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [pytest.mark.model, pytest.mark.slow]


def chromium_executable() -> str | None:
    """The browser to drive: $INFCLAIMS_CHROMIUM, else the first Chromium on PATH."""
    given = os.environ.get("INFCLAIMS_CHROMIUM")
    if given:
        return given
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "out"
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(ROOT / "data" / "raw"), "-o", str(out), "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["report", str(out / "statements.jsonl"), "-o", str(out / "report.html")])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def records(run_dir: Path) -> list[dict[str, Any]]:
    lines = (run_dir / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
    executable = chromium_executable()
    if executable is None:
        pytest.skip(
            "no Chromium executable found (looked for $INFCLAIMS_CHROMIUM and "
            f"{', '.join(CHROMIUM_NAMES)} on PATH); run scripts/install-browser.sh"
        )
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, run_dir: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    # the report must not fetch anything: fail any request that leaves the file
    requests: list[str] = []
    context.route("**/*", lambda route: (requests.append(route.request.url), route.continue_()))
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto((run_dir / "report.html").as_uri())
    yield pg
    assert errors == [], errors
    assert [u for u in requests if not u.startswith("file:")] == []
    context.close()


def speaker_key(rec: dict[str, Any]) -> str:
    sp = rec["speaker"]
    return str(sp.get("id") or sp.get("name") or sp.get("mention") or "(unknown)")


def claim_type(rec: dict[str, Any]) -> str:
    return str((rec.get("claim") or {}).get("type") or "unclassified")


def visible_rows(pg: Any) -> int:
    return int(pg.locator('tr[data-testid="statement-row"]:visible').count())


def test_browser_report_highlights_every_statement(page: Any, records: list[dict[str, Any]]) -> None:
    assert records, "the bundled articles gave no statement"
    assert page.locator('[data-testid="highlight"]').count() == len(records)
    assert page.locator('[data-testid="statement-row"]').count() == len(records)
    assert page.locator('[data-testid="summary-statements"]').inner_text() == str(len(records))
    assert page.locator('[data-testid="article"]').count() == len({r["doc_id"] for r in records})


def test_browser_claim_type_filter_reduces_the_table(page: Any, records: list[dict[str, Any]]) -> None:
    counts = Counter(claim_type(r) for r in records)
    for ctype, n in counts.most_common(3):
        chip = page.locator(f'[data-testid="filter-type"][data-type="{ctype}"]')
        chip.click()
        assert visible_rows(page) == n
        assert page.locator('[data-testid="row-count"]').inner_text() == str(n)
        chip.click()  # a second click clears the filter
        assert visible_rows(page) == len(records)


def test_browser_matrix_cell_filters_to_its_count(page: Any, records: list[dict[str, Any]]) -> None:
    counts = Counter((speaker_key(r), claim_type(r)) for r in records)
    (speaker, ctype), n = counts.most_common(1)[0]
    cell = page.locator(f'[data-testid="matrix-cell"][data-speaker="{speaker}"][data-type="{ctype}"]')
    assert cell.get_attribute("data-count") == str(n)
    cell.click()
    assert visible_rows(page) == n
    assert page.locator('[data-testid="filter-speaker"]').input_value() == speaker
    page.locator('[data-testid="filter-clear"]').click()
    assert visible_rows(page) == len(records)


def test_browser_search_and_article_filters(page: Any, records: list[dict[str, Any]]) -> None:
    doc = records[0]["doc_id"]
    page.locator('[data-testid="filter-article"]').select_option(doc)
    assert visible_rows(page) == sum(1 for r in records if r["doc_id"] == doc)
    page.locator('[data-testid="filter-clear"]').click()
    page.locator('[data-testid="filter-search"]').fill("zzzz-no-such-words")
    assert visible_rows(page) == 0


def test_browser_timeline_has_one_lane_per_speaker_with_a_date(page: Any, records: list[dict[str, Any]]) -> None:
    dated = {speaker_key(r) for r in records if r.get("said_on") or r.get("published")}
    lanes = page.locator('[data-testid="timeline-lane"]')
    assert lanes.count() == len(dated)
    assert {lanes.nth(i).get_attribute("data-speaker") for i in range(lanes.count())} == dated
    n_dated = sum(1 for r in records if r.get("said_on") or r.get("published"))
    assert page.locator('[data-testid="timeline-point"]').count() == n_dated


def test_browser_clicking_a_highlight_shows_the_record(page: Any, records: list[dict[str, Any]]) -> None:
    page.locator('[data-testid="highlight"]').first.click()
    detail = page.locator('[data-testid="detail"]')
    assert detail.is_visible()
    fields = page.locator('[data-testid="detail-fields"]').inner_text()
    assert "speaker.mention" in fields and "claim.type" in fields
    page.keyboard.press("Escape")
    assert not detail.is_visible()


def test_browser_screenshot(page: Any) -> None:
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
