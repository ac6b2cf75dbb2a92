"""Scoring extracted statements against gold annotations.

Matching: a predicted statement matches a gold statement of the same article when the token F1 of their
contents is at least 0.5; pairs are taken greedily by F1, one-to-one. Gold statements flagged ``debatable``
count neither way: a prediction matched to one is dropped from precision, and they are not in recall.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infclaims import io
from infclaims.errors import InputError
from infclaims.naming import canonical_id

RE_EVAL_TOKEN = re.compile(r"\w+")
MATCH_THRESHOLD = 0.5
STOPWORDS = frozenset(
    {"the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "that", "this", "he", "she", "it", "they"}
    | {"we", "i", "is", "was", "said", "says"}
)


def tokens(text: str) -> list[str]:
    return RE_EVAL_TOKEN.findall(text.lower())


def token_f1(a: str | Sequence[str], b: str | Sequence[str]) -> float:
    ta = tokens(a) if isinstance(a, str) else list(a)
    tb = tokens(b) if isinstance(b, str) else list(b)
    if not ta or not tb:
        return 0.0
    common = sum((Counter(ta) & Counter(tb)).values())
    if common == 0:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def match(
    preds: Sequence[str], golds: Sequence[str], threshold: float = MATCH_THRESHOLD
) -> list[tuple[int, int, float]]:
    """One-to-one greedy matching of contents by token F1 (highest first; ties by position)."""
    pt = [tokens(p) for p in preds]
    gt = [tokens(g) for g in golds]
    pairs = []
    for i, p in enumerate(pt):
        for j, g in enumerate(gt):
            f = token_f1(p, g)
            if f >= threshold:
                pairs.append((-f, i, j))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for negf, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j, -negf))
    return out


def same_speaker_id(pred: str | None, gold: str | None) -> bool:
    if not pred or not gold:
        return pred == gold
    return canonical_id(pred) == canonical_id(gold)


@dataclass
class Scores:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    ignored: int = 0  # predictions matched to debatable gold
    extra_matched: int = 0  # predictions matched to gold that counts for precision only (no source)
    speaker_correct: int = 0
    #: matched statements given to a named person who is not the gold speaker (:func:`wrong_person`): the error a
    #: journalist quotes. A null speaker is never counted here.
    speaker_wrong: int = 0
    #: matched statements whose gold speaker can be judged (a named source, or a gold id)
    speaker_judged: int = 0
    kind_correct: int = 0
    #: matched statements whose gold has a kind (PolNeAR's have none)
    kind_total: int = 0
    claim_total: int = 0
    claim_correct: int = 0
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    per_doc: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    speaker_errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        denom = self.predicted - self.ignored
        return (self.matched + self.extra_matched) / denom if denom else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.matched if self.matched else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_correct / self.kind_total if self.kind_total else 0.0

    @property
    def claim_accuracy(self) -> float:
        return self.claim_correct / self.claim_total if self.claim_total else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "predicted": self.predicted,
            "gold": self.gold,
            "matched": self.matched,
            "ignored_debatable": self.ignored,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "resolved_wrong_speaker": self.speaker_wrong,
            "resolved_wrong_share": round(self.speaker_wrong / self.speaker_judged, 4) if self.speaker_judged else 0.0,
            "kind_accuracy": round(self.kind_accuracy, 4) if self.kind_total else None,
            "claim_type_accuracy": round(self.claim_accuracy, 4) if self.claim_total else None,
            "claim_type_confusion": {g: dict(c) for g, c in sorted(self.confusion.items())},
            "per_doc": self.per_doc,
        }


def score_statements(
    predictions: Iterable[Mapping[str, Any]], gold: Iterable[Mapping[str, Any]], *, details: bool = False
) -> Scores:
    """Score statement records (as dicts) against gold records (``data/gold`` format).

    Raises :class:`InputError` E204 when both are non-empty and share no article: every score would be 0 for a
    reason that has nothing to do with quality (statements of other articles, or the wrong gold file)."""
    by_doc_p: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    by_doc_g: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for p in predictions:
        by_doc_p[p["doc_id"]].append(p)
    for g in gold:
        by_doc_g[g["doc_id"]].append(g)
    if by_doc_p and by_doc_g and not set(by_doc_p) & set(by_doc_g):
        some_p = ", ".join(sorted(by_doc_p)[:3])
        some_g = ", ".join(sorted(by_doc_g)[:3])
        raise InputError(
            f"the statements ({len(by_doc_p)} articles, e.g. {some_p}) and the gold ({len(by_doc_g)} articles, e.g. "
            f"{some_g}) share no article, so nothing can be scored; give the gold of these articles with --gold FILE",
            code="E204",
        )
    s = Scores()
    for doc_id in sorted(set(by_doc_g) | set(by_doc_p)):
        ps, gs = by_doc_p.get(doc_id, []), by_doc_g.get(doc_id, [])
        pairs = match([p["content"] for p in ps], [g["content"] for g in gs])
        doc = {"predicted": len(ps), "gold": 0, "matched": 0}
        matched_p = set()
        matched_g = set()
        for i, j, _f in pairs:
            p, g = ps[i], gs[j]
            matched_p.add(i)
            matched_g.add(j)
            if g.get("debatable"):
                s.ignored += 1
                continue
            s.matched += 1
            doc["matched"] += 1
            pid = (p.get("speaker") or {}).get("id")
            if g.get("speaker_id"):
                s.speaker_judged += 1
                if wrong_person(p.get("speaker") or {}, g["speaker_id"]):
                    s.speaker_wrong += 1
            if same_speaker_id(pid, g.get("speaker_id")):
                s.speaker_correct += 1
            elif details:
                s.speaker_errors.append(
                    {
                        "doc_id": doc_id,
                        "content": g["content"][:100],
                        "gold": g.get("speaker_id"),
                        "predicted": pid,
                        "mention": (p.get("speaker") or {}).get("mention"),
                    }
                )
            if g.get("kind"):
                s.kind_total += 1
                s.kind_correct += p.get("kind") == g.get("kind")
            gt = g.get("claim_type")
            if gt:
                pt = (p.get("claim") or {}).get("type") or "none"
                s.claim_total += 1
                s.claim_correct += pt == gt
                s.confusion[gt][pt] += 1
        for j, g in enumerate(gs):
            if not g.get("debatable"):
                doc["gold"] += 1
                s.gold += 1
                if details and j not in matched_g:
                    s.misses.append({"doc_id": doc_id, "speaker": g.get("speaker_id"), "content": g["content"][:160]})
        s.predicted += len(ps)
        if details:
            for i, p in enumerate(ps):
                if i not in matched_p:
                    s.false_alarms.append(
                        {
                            "doc_id": doc_id,
                            "speaker": (p.get("speaker") or {}).get("id"),
                            "rule": p.get("rule"),
                            "content": p["content"][:160],
                        }
                    )
        s.per_doc[doc_id] = doc
    return s


# ----------------------------------------------------------------------------- PolNeAR (brat standoff)


@dataclass(frozen=True)
class BratRelation:
    doc_id: str
    content: str
    content_spans: tuple[tuple[int, int], ...]
    source: str | None
    source_spans: tuple[tuple[int, int], ...]
    cue: str | None
    cue_spans: tuple[tuple[int, int], ...] = ()


def _spans(field_: str) -> tuple[tuple[int, int], ...]:
    out = []
    for part in field_.split(";"):
        a, b = part.split()[-2:]
        out.append((int(a), int(b)))
    return tuple(out)


def read_brat(path: Path, text: str, doc_id: str) -> list[BratRelation]:
    """Attribution relations of one brat ``.ann`` file (PolNeAR layout)."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    rels = []
    for line in io.read_text(path, what="annotation").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label_and_spans = parts[1]
            label, _, rest = label_and_spans.partition(" ")
            spans[parts[0]] = (label, _spans(rest))
        elif line.startswith("E") and len(parts) >= 2:
            rels.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    out = []
    for r in rels:
        content_id = r.get("Content")
        if content_id not in spans:
            continue
        c_spans = spans[content_id][1]
        src_spans = spans[r["Source"]][1] if r.get("Source") in spans else ()
        cue_spans = spans[r["Cue"]][1] if r.get("Cue") in spans else ()
        out.append(
            BratRelation(
                doc_id=doc_id,
                content=" ".join(text[a:b] for a, b in c_spans),
                content_spans=c_spans,
                source=" ".join(text[a:b] for a, b in src_spans) if src_spans else None,
                source_spans=src_spans,
                cue=" ".join(text[a:b] for a, b in cue_spans) if cue_spans else None,
                cue_spans=cue_spans,
            )
        )
    return out


def polnear_gold(folder: Path) -> dict[str, list[BratRelation]]:
    """Gold relations per article of a PolNeAR split (``text/`` and ``attributions/``), one annotator each
    (the lowest annotator id)."""
    texts = {p.stem: p for p in sorted((folder / "text").glob("*.txt"))}
    chosen: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem, _, _annotator = ann.stem.rpartition("_")
        if stem in texts and stem not in chosen:
            chosen[stem] = ann
    out = {}
    for stem, ann in chosen.items():
        text = io.read_text(texts[stem], what="article")
        out[stem] = read_brat(ann, text, stem)
    return out


def speaker_matches_source(pred_speaker: Mapping[str, Any], source: str) -> bool:
    """A predicted speaker agrees with a gold source mention when they share a content word."""
    src = {t for t in tokens(source) if t not in STOPWORDS} or set(tokens(source))
    cand = set(tokens(pred_speaker.get("mention") or "")) | set(tokens(pred_speaker.get("name") or ""))
    return bool(src & cand)


def named_source(source: str) -> bool:
    """A gold source that names someone ("Trump", "Sen. Tim Kaine"), not a pronoun or a description ("he",
    "aides"): only then can a resolved name be judged against it."""
    return any(w[:1].isupper() and w.lower() not in STOPWORDS for w in re.findall(r"[\w'’.-]+", source))


def wrong_person(pred_speaker: Mapping[str, Any], gold: str) -> bool:
    """The words put in the wrong mouth: the prediction names a person (resolved, not a mention kept as written)
    who shares no name word with the gold speaker (an id such as ``anna-berg`` or a source such as "Berg").
    A null speaker, a group or an organisation is never counted: a missing or coarse answer is not a wrong one."""
    if pred_speaker.get("type") != "person" or not pred_speaker.get("name"):
        return False
    gold_words = {t for t in tokens(gold.replace("-", " ")) if t not in STOPWORDS}
    return bool(gold_words) and not gold_words & set(tokens(pred_speaker["name"]))


def score_polnear(
    predictions: Iterable[Mapping[str, Any]], gold: Mapping[str, list[BratRelation]], *, details: bool = False
) -> Scores:
    """Precision over all predictions (a match with any relation counts), recall over relations with a source,
    speaker accuracy over matched relations with a source."""
    by_doc: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for p in predictions:
        by_doc[p["doc_id"]].append(p)
    s = Scores()
    for doc_id in sorted(gold):
        rels = gold[doc_id]
        ps = by_doc.get(doc_id, [])
        pairs = match([p["content"] for p in ps], [r.content for r in rels])
        s.predicted += len(ps)
        with_source = [r for r in rels if r.source]
        s.gold += len(with_source)
        doc = {"predicted": len(ps), "gold": len(with_source), "matched": 0}
        matched_p = set()
        for i, j, _f in pairs:
            matched_p.add(i)
            rel = rels[j]
            if not rel.source:
                continue  # a correct prediction of a source-less relation: counts for precision only
            s.matched += 1
            doc["matched"] += 1
            speaker = ps[i].get("speaker") or {}
            if named_source(rel.source):
                s.speaker_judged += 1
                if wrong_person(speaker, rel.source):
                    s.speaker_wrong += 1
            if speaker_matches_source(speaker, rel.source):
                s.speaker_correct += 1
            elif details:
                s.speaker_errors.append(
                    {"doc_id": doc_id, "gold": rel.source, "predicted": (ps[i].get("speaker") or {}).get("mention")}
                )
        s.extra_matched += len(matched_p) - doc["matched"]
        if details:
            for i, p in enumerate(ps):
                if i not in matched_p:
                    s.false_alarms.append({"doc_id": doc_id, "rule": p.get("rule"), "content": p["content"][:160]})
            matched_g = {j for _, j, _ in pairs}
            for j, r in enumerate(rels):
                if r.source and j not in matched_g:
                    s.misses.append({"doc_id": doc_id, "source": r.source, "cue": r.cue, "content": r.content[:160]})
        s.per_doc[doc_id] = doc
    return s


# ----------------------------------------------------------------------------- regression bars for users' CI

#: Option name -> summary figure it bars.
THRESHOLDS: dict[str, str] = {
    "precision": "precision",
    "recall": "recall",
    "f1": "f1",
    "speaker": "speaker_accuracy",
    "claim": "claim_type_accuracy",
}


@dataclass(frozen=True)
class BarCheck:
    name: str
    figure: str
    bar: float
    value: float | None

    @property
    def ok(self) -> bool:
        return self.value is not None and self.value + 1e-12 >= self.bar

    def message(self) -> str:
        if self.value is None:
            return f"{self.figure} cannot be measured on this gold (n/a), so --min-{self.name} {self.bar:g} fails"
        verdict = "meets" if self.ok else "is below"
        return f"{self.figure} {self.value:.3f} {verdict} its bar {self.bar:g} (--min-{self.name})"


def check_bars(summary: Mapping[str, Any], bars: Mapping[str, float | None]) -> list[BarCheck]:
    """One check per bar given (``{"f1": 0.9, ...}``, names of ``THRESHOLDS``); a bar on a figure that the
    gold cannot give (n/a) fails rather than passing silently."""
    out = []
    for name, bar in bars.items():
        if bar is None:
            continue
        figure = THRESHOLDS[name]
        value = summary.get(figure)
        out.append(BarCheck(name, figure, float(bar), float(value) if isinstance(value, int | float) else None))
    return out
