"""The per-article error policy: a failure in one article is recorded and the others in its batch go on."""

from __future__ import annotations

import pytest

from infclaims import pipeline
from infclaims.config import Config
from infclaims.models import ArticleInput, ArticleResult, ErrorRecord

pytestmark = pytest.mark.model


def test_pipeline_failure_in_one_article_keeps_the_batch(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = pipeline.analyse

    def flaky(parsed, doc, ctx):  # type: ignore[no-untyped-def]
        if parsed.article.doc_id == "b":
            raise RuntimeError("boom")
        return real(parsed, doc, ctx)

    monkeypatch.setattr(pipeline, "analyse", flaky)
    ctx = pipeline.Context.build(nlp, Config())
    items = [
        ArticleInput(doc_id=d, text=f'Headline {d}\n\n"We will win," the minister said on day {d}.') for d in "abc"
    ]
    bad_read = ErrorRecord(input="x.pdf", code="E102", message="unsupported")
    out = list(pipeline.run([items[0], bad_read, items[1], items[2]], ctx, batch_size=8))
    assert [type(r).__name__ for r in out] == ["ArticleResult", "ErrorRecord", "ErrorRecord", "ArticleResult"]
    assert out[1] is bad_read
    failed = out[2]
    assert isinstance(failed, ErrorRecord) and failed.code == "E150" and failed.doc_id == "b"
    assert "boom" in failed.message
    assert all(r.statements for r in out if isinstance(r, ArticleResult))


@pytest.mark.model
def test_pipeline_process_article_raises_what_a_stage_raised_and_run_records_it(
    nlp, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from infclaims.models import ArticleInput, ErrorRecord
    from infclaims.pipeline import Context, process_article, run

    ctx = Context.build(nlp)
    article = ArticleInput(doc_id="a", text="The mayor said on Monday that the bridge would reopen next year.")

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("in the claims stage")

    monkeypatch.setattr("infclaims.pipeline.classify_claims", broken)
    with pytest.raises(ZeroDivisionError, match="in the claims stage"):
        process_article(article, ctx)
    (record,) = run([article], ctx)
    assert isinstance(record, ErrorRecord) and record.code == "E150" and record.stage == "claims"
