"""The claim-type corpus: standoff labels over PolNeAR attributions (see ``data/gold/claims/README.md``).

Nothing of PolNeAR is stored here or in the project: an item names its article and the character offsets of
its content, cue and source; the texts are read from a PolNeAR checkout when one is present. Used by
``benchmarks/claims_eval.py``, ``scripts/train_claims.py`` and the tests (which skip without the texts).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from infclaims.models import ClaimType

#: The checkout's corpus folder (present in a source checkout, not in an installed wheel).
CORPUS_DIR = Path(__file__).resolve().parents[2] / "data" / "gold" / "claims"
#: Where PolNeAR lies beside a checkout.
DEFAULT_POLNEAR = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "polnear"

TYPES: tuple[str, ...] = get_args(ClaimType)
Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Item:
    id: str
    article: str
    polnear_split: str
    split: str
    content: Spans
    cue: Spans
    source: Spans


@dataclass(frozen=True)
class Label:
    type: str
    conditional: bool = False
    hedged: bool = False
    negated: bool = False
    note: str | None = None


def _spans(value: Iterable[Iterable[int]]) -> Spans:
    return tuple((int(a), int(b)) for a, b in value)


def read_items(path: Path) -> list[Item]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        out.append(
            Item(
                id=row["id"],
                article=row["article"],
                polnear_split=row["polnear_split"],
                split=row["split"],
                content=_spans(row["content"]),
                cue=_spans(row.get("cue") or ()),
                source=_spans(row.get("source") or ()),
            )
        )
    return out


def load_items(folder: Path = CORPUS_DIR) -> list[Item]:
    return read_items(folder / "items.jsonl")


def parse_label(row: Mapping[str, object]) -> Label:
    kind = str(row["type"])
    if kind not in TYPES:
        raise ValueError(f"unknown claim type {kind!r} for item {row.get('item')!r}")
    note = row.get("note")
    return Label(
        type=kind,
        conditional=bool(row.get("conditional", False)),
        hedged=bool(row.get("hedged", False)),
        negated=bool(row.get("negated", False)),
        note=str(note) if note else None,
    )


def read_labels(path: Path) -> dict[str, Label]:
    out: dict[str, Label] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[str(row["item"])] = parse_label(row)
    return out


@dataclass(frozen=True)
class Example:
    """One labelled item with its article text (read from PolNeAR, never stored)."""

    item: Item
    label: Label
    text: str

    @property
    def content_text(self) -> str:
        return " ".join(self.text[a:b] for a, b in self.item.content)

    @property
    def cue_text(self) -> str | None:
        return " ".join(self.text[a:b] for a, b in self.item.cue) or None


def examples(
    split: str | None = None,
    *,
    folder: Path = CORPUS_DIR,
    polnear: Path = DEFAULT_POLNEAR,
    labels: str = "labels.jsonl",
) -> Iterator[Example]:
    """Labelled examples of one split (or all), in corpus order; items without a label are skipped."""
    path = folder / labels
    if not path.exists():
        return
    gold = read_labels(path)
    texts: dict[str, str] = {}
    for item in load_items(folder):
        if (split is not None and item.split != split) or item.id not in gold:
            continue
        if item.article not in texts:
            texts[item.article] = (polnear / item.polnear_split / "text" / f"{item.article}.txt").read_text(
                encoding="utf-8"
            )
        yield Example(item, gold[item.id], texts[item.article])


def polnear_present(polnear: Path = DEFAULT_POLNEAR) -> bool:
    return (polnear / "train" / "text").is_dir()


# ----------------------------------------------------------------------------- measures


def accuracy(gold: list[str], pred: list[str]) -> float:
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0


def per_type_f1(gold: list[str], pred: list[str], types: Iterable[str] = TYPES) -> dict[str, float]:
    """F1 of each type that occurs in gold or predictions."""
    out = {}
    for t in types:
        tp = sum(g == p == t for g, p in zip(gold, pred, strict=True))
        fp = sum(p == t != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == t != p for g, p in zip(gold, pred, strict=True))
        if tp + fp + fn:
            out[t] = 2 * tp / (2 * tp + fp + fn)
    return out


def macro_f1(gold: list[str], pred: list[str]) -> float:
    """Mean F1 over the types present in the gold (a type only predicted still costs precision elsewhere)."""
    f1 = per_type_f1(gold, pred, sorted(set(gold)))
    return sum(f1.values()) / len(f1) if f1 else 0.0


def cohen_kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa of two annotations of the same items."""
    n = len(a)
    if not n:
        return 0.0
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    labels = set(a) | set(b)
    expected = sum((a.count(lab) / n) * (b.count(lab) / n) for lab in labels)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def per_type_kappa(a: list[str], b: list[str]) -> dict[str, float]:
    """Kappa of each type taken as a yes/no decision (the type or not) on the same items."""
    out = {}
    for t in sorted(set(a) | set(b)):
        out[t] = cohen_kappa(["y" if x == t else "n" for x in a], ["y" if x == t else "n" for x in b])
    return out


def confusion(gold: list[str], pred: list[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for g, p in zip(gold, pred, strict=True):
        row = out.setdefault(g, {})
        row[p] = row.get(p, 0) + 1
    return out
