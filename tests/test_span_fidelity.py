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
from infclaims.models import ArticleInput, ArticleRecord, Statement
from infclaims.parallel import EngineOptions
from infclaims.report import write_report
from infclaims.runner import RunOptions, run_extract
from infclaims.stages.clean import clean

pytestmark = pytest.mark.model


def span_problems(statements: list[Statement], articles: dict[str, ArticleRecord], raw: dict[str, str]) -> list[str]:
    """Every way a record's offsets disagree with its text, one line per problem. ``articles`` are the run's
    articles.jsonl (the clean texts), ``raw`` the raw texts as the inputs read now."""
    problems: list[str] = []
    for st in statements:
        article = articles[st.doc_id]
        text = article.text
        raw_text = article.raw_text if article.raw_text is not None else raw[st.doc_id]
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
            if raw_text[r.start : r.end] != text[p.start : p.end]:
                problems.append(f"{where}: raw text {raw_text[r.start : r.start + 30]!r} differs from the clean text")
    return problems


def _run(inputs: list[Path], outdir: Path) -> tuple[list[Statement], dict[str, ArticleRecord], dict[str, str]]:
    summary = run_extract(
        RunOptions(
            inputs=tuple(inputs),
            outdir=outdir,
            config=Config(authorial=True),
            engine=EngineOptions(workers=2),
        )
    )
    assert summary["failed"] == 0, summary["errors"]

    def lines(name: str) -> list[dict]:  # type: ignore[type-arg]
        return [json.loads(x) for x in (outdir / name).read_text(encoding="utf-8").splitlines()]

    statements = [Statement.model_validate(x) for x in lines("statements.jsonl")]
    articles = {a["doc_id"]: ArticleRecord.model_validate(a) for a in lines("articles.jsonl")}
    read = {a.doc_id: a for a in read_inputs(inputs) if isinstance(a, ArticleInput)}
    assert list(articles) == list(read), "articles.jsonl has every processed article, in input order"
    for doc_id, a in read.items():  # the stored clean text is the clean stage's, the raw text the reader's
        assert articles[doc_id].text == clean(a).text
        assert articles[doc_id].raw_text in (None, a.text)
        repaired = any(d.code in ("W302", "W308") for d in a.diagnostics)
        assert (articles[doc_id].raw_text is None) == (a.kind in ("text", "jsonl") and not repaired), a.kind
    return statements, articles, {d: a.text for d, a in read.items()}


def _assert_faithful(inputs: list[Path], outdir: Path) -> int:
    statements, articles, raw = _run(inputs, outdir)
    problems = span_problems(statements, articles, raw)
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


def test_span_fidelity_an_html_page_stores_the_raw_text_its_raw_spans_point_into(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(
        "<!DOCTYPE html><html><head><title>Envoy says offer stands</title></head><body><nav>Home | World</nav>"
        "<article><h1>Envoy says offer stands</h1><p>The envoy said on Tuesday that the offer of new talks was still "
        "open and that his government wanted an answer soon.</p><p>&ldquo;Nobody should doubt our good faith,&rdquo; "
        "he told a news conference in the capital.</p></article></body></html>",
        encoding="utf-8",
    )
    statements, articles, raw = _run([folder], tmp_path / "out")
    assert statements and articles["page"].kind == "html" and articles["page"].raw_text
    assert "<" not in articles["page"].raw_text
    assert span_problems(statements, articles, raw) == []


def test_span_fidelity_checker_catches_a_record_that_points_elsewhere(tmp_path: Path) -> None:
    statements, articles, raw = _run([ROOT / "data" / "raw"], tmp_path / "out")
    st = statements[0]
    shifted = st.model_copy(update={"span": st.span.model_copy(update={"end": st.span.end + 1})})
    assert span_problems([shifted], articles, raw)
    moved = st.model_copy(update={"raw_span": st.raw_span.model_copy(update={"start": st.raw_span.start + 1})})
    assert span_problems([moved], articles, raw)
