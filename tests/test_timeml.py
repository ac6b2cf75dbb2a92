"""TimeML reader and TempEval-3 scorer: a hand-written snippet, and the real corpus when it is available."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import shared_dataset
from infclaims.models import TimeExpression, TimexType
from infclaims.timeml import normalise_value, read_timeml, read_timeml_folder, score_corpus, score_document

SNIPPET = """<?xml version="1.0" ?>
<TimeML>
<DOCID>snippet</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2019-01-16" functionInDocument="CREATION_TIME">2019-01-16</TIMEX3></DCT>
<TITLE>Ignored <TIMEX3 tid="t9" type="DATE" value="2019">2019</TIMEX3></TITLE>
<TEXT>Talks <EVENT eid="e1">ended</EVENT> <TIMEX3 tid="t1" type="DATE" value="2019-01-15">yesterday</TIMEX3> \
after <TIMEX3 tid="t2" type="DURATION" value="P6M">six months</TIMEX3>; a deal is due \
<TIMEX3 tid="t3" type="DATE" value="2019-02">next month</TIMEX3>.</TEXT>
</TimeML>
"""

# Pass mark on the whole TBAQ-cleaned folder: the value F1 achieved, rounded down, so regressions fail.
TBAQ_MIN_VALUE_F1 = 0.80


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "snippet.tml"
    path.write_text(SNIPPET, encoding="utf-8")
    return path


def test_timeml_reader_reads_dct_text_and_gold(tmp_path: Path) -> None:
    doc = read_timeml(_write(tmp_path))
    assert doc.dct == dt.date(2019, 1, 16)
    assert doc.text.startswith("Talks ended yesterday after six months")
    assert [(g.text, g.type, g.value) for g in doc.timexes] == [
        ("yesterday", "DATE", "2019-01-15"),
        ("six months", "DURATION", "P6M"),
        ("next month", "DATE", "2019-02"),
    ]
    for g in doc.timexes:
        assert doc.text[g.start : g.end] == g.text


def test_timeml_scorer_perfect_with_find_dates(tmp_path: Path) -> None:
    _write(tmp_path)
    result = score_corpus(read_timeml_folder(tmp_path))
    figures = result.figures()
    assert figures["docs"] == 1
    assert figures["strict_f1"] == 1.0
    assert figures["value_f1"] == 1.0
    assert figures["type_f1"] == 1.0


def _tx(text: str, start: int, end: int, value: str, typ: TimexType = "DATE") -> TimeExpression:
    return TimeExpression(text=text, start=start, end=end, type=typ, value=value)


def test_timeml_scorer_strict_relaxed_and_value(tmp_path: Path) -> None:
    gold = read_timeml(_write(tmp_path)).timexes
    y, s, _ = gold
    system = [
        _tx("ended yesterday", y.start - 6, y.end, "2019-01-15"),  # relaxed match, right value
        _tx(s.text, s.start, s.end, "P6D", "DURATION"),  # strict match, wrong value
        _tx("Talks", 0, 5, "XXXX"),  # spurious
    ]
    c = score_document("snippet", gold, system).counts
    assert (c.gold, c.system, c.strict, c.relaxed, c.value, c.type) == (3, 3, 1, 2, 1, 2)


@pytest.mark.parametrize(
    ("value", "canonical"),
    [("198X", "198"), ("19XX", "19"), ("2000-W07", "2000-W7"), ("2000-W12", "2000-W12"), ("1998-08", "1998-08")],
)
def test_timeml_value_normalisation(value: str, canonical: str) -> None:
    assert normalise_value(value) == canonical


@pytest.mark.slow
def test_timeml_tbaq_value_f1() -> None:
    folder = shared_dataset("timeml") / "TBAQ-cleaned"
    if not folder.exists():
        pytest.skip("TBAQ-cleaned folder not available")
    figures = score_corpus(read_timeml_folder(folder)).figures()
    assert figures["docs"] >= 250
    assert figures["value_f1"] >= TBAQ_MIN_VALUE_F1
    assert figures["relaxed_f1"] >= 0.93
