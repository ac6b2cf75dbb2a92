"""TimeML reader and TempEval-3 style scorer for temporal expressions.

The reader turns a TimeML (TempEval-3 ``.tml``) file into a :class:`TimeMLDocument`: the document
creation time (DCT, from the ``TIMEX3`` whose ``functionInDocument`` is ``CREATION_TIME``), the plain
text of the ``TEXT`` element with all inline tags removed, and the gold ``TIMEX3`` elements inside it as
character spans into that text.

The scorer follows TempEval-3 task A (temporal expression extraction and normalisation):

* **strict span** P/R/F1: a system expression matches a gold one when both offsets are equal;
* **relaxed span** P/R/F1: a system expression matches a gold one when the spans overlap. Matching is
  one-to-one (each gold and each system expression is used at most once, largest overlap first);
* **value F1** and **type F1** are attribute F1 scores as in the official TempEval-3 script: over the
  relaxed matches, ``P = correct / system``, ``R = correct / gold``. With one-to-one matching this equals
  ``relaxed F1 x attribute accuracy`` where accuracy is ``correct / relaxed matches``.

Values are compared as strings after two notational normalisations, both of which leave the meaning
unchanged: a decade or century written with trailing ``X`` (``198X``, ``19XX``) equals the short form
(``198``, ``19``), and a week number may be written with or without a leading zero (``2000-W07`` = ``2000-W7``).
"""

from __future__ import annotations

import datetime as dt
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from infclaims import io
from infclaims.models import TimeExpression

RE_SHORT_PERIOD = re.compile(r"^(\d{2,3})X+$")
RE_WEEK_NUMBER = re.compile(r"-W0(\d)\b")


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str = ""


@dataclass(frozen=True)
class TimeMLDocument:
    doc_id: str
    dct: dt.date | None
    text: str
    timexes: tuple[GoldTimex, ...]


def _walk(elem: ET.Element, parts: list[str], pos: int, out: list[GoldTimex]) -> int:
    """Append the text under ``elem`` to ``parts``; record TIMEX3 spans; return the new offset."""
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        start = pos
        pos = _walk(child, parts, pos, out)
        if child.tag == "TIMEX3":
            covered = "".join(parts)[start:pos]
            out.append(
                GoldTimex(
                    start=start,
                    end=pos,
                    text=covered,
                    type=child.get("type", ""),
                    value=child.get("value", ""),
                    tid=child.get("tid", ""),
                )
            )
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    return pos


def _parse_date(value: str) -> dt.date | None:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        m = re.match(r"(\d{4})(\d{2})(\d{2})", value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_timeml(source: str, doc_id: str = "") -> TimeMLDocument:
    """Parse the XML text of one TimeML document."""
    root = ET.fromstring(source)
    dct: dt.date | None = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_date(timex.get("value", ""))
            break
    text_elem = root.find(".//TEXT")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    if text_elem is not None:
        _walk(text_elem, parts, 0, gold)
    if not doc_id:
        doc_elem = root.find(".//DOCID")
        doc_id = (doc_elem.text or "").strip() if doc_elem is not None else ""
    return TimeMLDocument(doc_id=doc_id, dct=dct, text="".join(parts), timexes=tuple(gold))


def read_timeml(path: Path) -> TimeMLDocument:
    """Read one ``.tml`` file."""
    return parse_timeml(io.read_text(path, what="TimeML file"), doc_id=path.stem)


def read_timeml_folder(folder: Path) -> list[TimeMLDocument]:
    """Read every ``.tml`` file under ``folder`` (recursively), sorted by path."""
    return [read_timeml(p) for p in sorted(folder.rglob("*.tml"))]


def normalise_value(value: str) -> str:
    """Canonical form used when comparing values (``198X`` -> ``198``, ``2000-W07`` -> ``2000-W7``)."""
    m = RE_SHORT_PERIOD.match(value)
    if m:
        return m.group(1)
    return RE_WEEK_NUMBER.sub(r"-W\1", value)


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.system += other.system
        self.strict += other.strict
        self.relaxed += other.relaxed
        self.value += other.value
        self.type += other.type


def _prf(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass(frozen=True)
class Match:
    gold: GoldTimex
    system: TimeExpression


@dataclass
class DocumentScore:
    doc_id: str
    counts: Counts
    matches: list[Match] = field(default_factory=list)
    missed: list[GoldTimex] = field(default_factory=list)
    spurious: list[TimeExpression] = field(default_factory=list)


def score_document(doc_id: str, gold: Sequence[GoldTimex], system: Sequence[TimeExpression]) -> DocumentScore:
    """Match system against gold expressions of one document and count agreements."""
    counts = Counts(gold=len(gold), system=len(system))
    gold_spans = {(g.start, g.end) for g in gold}
    counts.strict = sum(1 for s in {(s.start, s.end) for s in system} if s in gold_spans)
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((overlap, gi, si))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_g: set[int] = set()
    used_s: set[int] = set()
    matches: list[Match] = []
    for _, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        matches.append(Match(gold=gold[gi], system=system[si]))
    counts.relaxed = len(matches)
    counts.value = sum(1 for m in matches if normalise_value(m.gold.value) == normalise_value(m.system.value))
    counts.type = sum(1 for m in matches if m.gold.type == m.system.type)
    missed = [g for i, g in enumerate(gold) if i not in used_g]
    spurious = [s for i, s in enumerate(system) if i not in used_s]
    return DocumentScore(doc_id=doc_id, counts=counts, matches=matches, missed=missed, spurious=spurious)


@dataclass
class CorpusScore:
    counts: Counts
    documents: list[DocumentScore]
    seconds: float

    def figures(self) -> dict[str, float | int]:
        c = self.counts
        sp, sr, sf = _prf(c.strict, c.system, c.gold)
        rp, rr, rf = _prf(c.relaxed, c.system, c.gold)
        vp, vr, vf = _prf(c.value, c.system, c.gold)
        tp, tr, tf = _prf(c.type, c.system, c.gold)
        return {
            "docs": len(self.documents),
            "gold_timexes": c.gold,
            "system_timexes": c.system,
            "strict_precision": sp,
            "strict_recall": sr,
            "strict_f1": sf,
            "relaxed_precision": rp,
            "relaxed_recall": rr,
            "relaxed_f1": rf,
            "value_precision": vp,
            "value_recall": vr,
            "value_f1": vf,
            "value_accuracy": c.value / c.relaxed if c.relaxed else 0.0,
            "type_f1": tf,
            "type_precision": tp,
            "type_recall": tr,
            "seconds": self.seconds,
        }


Tagger = Callable[[str, dt.date | None], list[TimeExpression]]


def score_corpus(documents: Iterable[TimeMLDocument], tagger: Tagger | None = None) -> CorpusScore:
    """Tag each document's TEXT with ``tagger`` (``find_dates`` by default, anchor = DCT) and score it."""
    if tagger is None:
        from infclaims.taggers.timex import find_dates

        tagger = find_dates
    total = Counts()
    scores: list[DocumentScore] = []
    started = time.perf_counter()
    for doc in documents:
        system = tagger(doc.text, doc.dct)
        score = score_document(doc.doc_id, doc.timexes, system)
        total.add(score.counts)
        scores.append(score)
    return CorpusScore(counts=total, documents=scores, seconds=time.perf_counter() - started)
