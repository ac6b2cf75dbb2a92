"""The wire-copy corpus (``data/gold/wire``): 40 agency-style articles written and annotated for this test by
two annotators who did not see the code. Extraction is scored against their gold; the committed floors and
ceilings are the acceptance bar of the wrong-speaker issue, to be tightened as the pipeline improves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infclaims import evaluate as ev
from infclaims.parallel import EngineOptions
from infclaims.runner import RunOptions, run_extract

ROOT = Path(__file__).resolve().parents[1]
WIRE = ROOT / "data" / "gold" / "wire"

MIN_F1 = 0.90
#: statements given to a named person who is not the gold speaker: none (the acceptance bar of the issue)
MAX_WRONG_SPEAKERS = 0

pytestmark = pytest.mark.model


def _lines(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wire")
    summary = run_extract(RunOptions(inputs=(WIRE / "articles",), outdir=out, engine=EngineOptions(workers=2)))
    assert summary["failed"] == 0 and summary["articles"] == 40
    return out


def test_wire_statements_and_speakers_against_the_gold(run: Path) -> None:
    scores = ev.score_statements(_lines(run / "statements.jsonl"), _lines(WIRE / "statements.jsonl"))
    summary = scores.summary()
    assert scores.f1 >= MIN_F1, summary
    assert scores.speaker_wrong <= MAX_WRONG_SPEAKERS, summary


def test_wire_datelines_are_removed_and_give_the_publication_date(run: Path) -> None:
    articles = {a["doc_id"]: a for a in _lines(run / "articles.jsonl")}
    for expected in _lines(WIRE / "datelines.jsonl"):
        article = articles[expected["doc_id"]]
        assert article["published"] == expected["published"], expected
        assert not article["text"].split("\n\n")[1].startswith(expected["dateline"]), expected
    # the dateline's city never speaks the lead ("SEOUL, Dec. 3 (Yonhap) - North Korea warned ...")
    cities = {e["doc_id"]: e["dateline"].split(",")[0].split(" (")[0].lower() for e in _lines(WIRE / "datelines.jsonl")}
    for st in _lines(run / "statements.jsonl"):
        lead = articles[st["doc_id"]]["paragraphs"][1]
        speaker_at = (st["speaker"]["span"] or {}).get("start")
        if speaker_at == lead["start"]:
            assert st["speaker"]["mention"].lower() != cities[st["doc_id"]], st["content"]


def test_wire_held_out_corpus_is_scored_the_same_way(tmp_path: Path) -> None:
    """The held-out set (never used to tune): only a floor on F1; its wrong-speaker figure is reported, not
    bounded, so that nobody tunes the rules to it."""
    heldout = ROOT / "data" / "gold" / "wire_heldout"
    run_extract(RunOptions(inputs=(heldout / "articles",), outdir=tmp_path, engine=EngineOptions(workers=2)))
    scores = ev.score_statements(_lines(tmp_path / "statements.jsonl"), _lines(heldout / "statements.jsonl"))
    assert scores.f1 >= MIN_F1, scores.summary()
