"""--authorial: checkable facts in the outlet's own voice become records of kind 'authorial'."""

from __future__ import annotations

import datetime as dt

import pytest

from infclaims.config import Config
from infclaims.models import ArticleInput
from infclaims.pipeline import extract

pytestmark = pytest.mark.model

TEXT = (
    "Accord Signed\n\n"
    "The accord limits rockets with a range between 300 and 1,200 kilometers.\n\n"
    "Officials met in a hotel ballroom.\n\n"
    '"This is a good day," the minister said.'
)


def test_authorial_facts_become_outlet_statements(nlp) -> None:  # type: ignore[no-untyped-def]
    article = ArticleInput(doc_id="a", text=TEXT, outlet="Example Daily", published=dt.date(2022, 5, 4))
    found = extract([article], nlp=nlp, config=Config(authorial=True))
    authorial = [s for s in found if s.kind == "authorial"]
    assert len(authorial) == 1  # the sentence without a figure or date is not a fact to compare
    (st,) = authorial
    assert st.speaker.name == "Example Daily"
    assert st.speaker.type == "organization"
    (q,) = st.ranges
    assert (q.low, q.high, q.canonical_unit) == (300, 1200, "kilometer")
    assert any(s.kind == "direct" for s in found)  # attributed statements are still there


def test_authorial_off_by_default(nlp) -> None:  # type: ignore[no-untyped-def]
    found = extract([ArticleInput(doc_id="a", text=TEXT, outlet="Example Daily")], nlp=nlp)
    assert all(s.kind != "authorial" for s in found)
