"""Every record points at its own words: ``content`` is the clean text at ``span`` (or at its ``pieces``), and
``raw_span`` (or ``raw_pieces``) holds the same characters in the raw text. Checked on the bundled articles and,
when the data sets are beside the checkout, on every article of PolNeAR train and dev; the report built from
those runs must then find no span problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, shared_dataset
from infclaims.config import Config
from infclaims.io import read_inputs
from infclaims.models import ArticleInput, Statement
from infclaims.parallel import EngineOptions
from infclaims.report import write_report
from infclaims.runner import RunOptions, run_extract
from infclaims.stages.clean import clean

pytestmark = pytest.mark.model


def span_problems(statements: list[Statement], articles: dict[str, ArticleInput]) -> list[str]:
    """Every way a record's offsets disagree with its text, one line per problem."""
    problems: list[str] = []
    cleaned = {}
    for st in statements:
        article = articles[st.doc_id]
        if st.doc_id not in cleaned:
            cleaned[st.doc_id] = clean(article)
        text = cleaned[st.doc_id].text
        parts = st.pieces or (st.span,)
        raws = st.raw_pieces or (st.raw_span,)
        where = f"{st.doc_id} {st.span.start}-{st.span.end} ({st.rule})"
        if len(parts) != len(raws):
            problems.append(f"{where}: {len(parts)} pieces but {len(raws)} raw pieces")
            continue
        if parts[0].start != st.span.start or parts[-1].end != st.span.end:
            problems.append(f"{where}: the span does not cover its pieces exactly")
        at_span = " ".join(text[p.start : p.end] for p in parts)
        if at_span != st.content:
            problems.append(f"{where}: content {st.content[-30:]!r} but the text there is {at_span[-30:]!r}")
        for p, r in zip(parts, raws, strict=True):
            if article.text[r.start : r.end] != text[p.start : p.end]:
                problems.append(
                    f"{where}: raw text {article.text[r.start : r.start + 30]!r} differs from the clean text"
                )
    return problems


def _run(inputs: list[Path], outdir: Path) -> tuple[list[Statement], dict[str, ArticleInput]]:
    summary = run_extract(
        RunOptions(
            inputs=tuple(inputs),
            outdir=outdir,
            config=Config(authorial=True),
            engine=EngineOptions(workers=2),
        )
    )
    assert summary["failed"] == 0, summary["errors"]
    lines = (outdir / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    statements = [Statement.model_validate(json.loads(x)) for x in lines]
    articles = {a.doc_id: a for a in read_inputs(inputs) if isinstance(a, ArticleInput)}
    return statements, articles


def _assert_faithful(inputs: list[Path], outdir: Path) -> int:
    statements, articles = _run(inputs, outdir)
    problems = span_problems(statements, articles)
    assert not problems, f"{len(problems)} of {len(statements)} records:\n" + "\n".join(problems[:20])
    report = write_report(outdir / "statements.jsonl")
    assert report["problems"] == [], report["problems"][:5]
    assert report["highlighted"] == len(statements)
    return len(statements)


def test_span_fidelity_bundled_articles(tmp_path: Path) -> None:
    assert _assert_faithful([ROOT / "data" / "raw"], tmp_path / "out") > 50


@pytest.mark.slow
def test_span_fidelity_every_polnear_article(tmp_path: Path) -> None:
    polnear = shared_dataset("polnear")
    n = _assert_faithful([polnear / "train" / "text", polnear / "dev" / "text"], tmp_path / "out")
    assert n > 10_000  # 924 articles


def test_span_fidelity_checker_catches_a_record_that_points_elsewhere(tmp_path: Path) -> None:
    statements, articles = _run([ROOT / "data" / "raw"], tmp_path / "out")
    st = statements[0]
    shifted = st.model_copy(update={"span": st.span.model_copy(update={"end": st.span.end + 1})})
    assert span_problems([shifted], articles)
    moved = st.model_copy(update={"raw_span": st.raw_span.model_copy(update={"start": st.raw_span.start + 1})})
    assert span_problems([moved], articles)
