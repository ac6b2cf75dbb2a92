"""A linear claim-type model over parse features, to compare with (and combine with) the rules.

Features of a statement: the cue lemma, the rules' decision (type and the rule that fired), lemmas of the
content's main verbs and of its modal, negation and first-person markers, and the content's bag of lemmas.
The model is multinomial logistic regression trained by full-batch gradient descent with L2 (numpy only, no
randomness: the same data give the same weights). Weights are stored as JSON (``models/claims-linear.json``).
Experimental: measured by ``benchmarks/claims_eval.py --corpus --linear``; the pipeline does not use it yet.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from infclaims.models import Claim

if TYPE_CHECKING:
    from spacy.tokens import Span


def features(content: Span, cue: str | None, rules: Claim | None) -> list[str]:
    """String features of one statement (pure). Modal and first-person words come from the claim lexicons."""
    from infclaims.stages.claims import load_claim_cues

    first_person = load_claim_cues().words("first_person")
    out = [f"cue={(cue or '').lower().split()[0] if cue else '-'}"]
    if cue:
        out += [f"cue_w={w}" for w in cue.lower().split()[:3]]
    if rules is not None:
        out.append(f"rule_type={rules.type}")
        out += [f"rule_ev={e.split(':')[0]}" for e in rules.evidence[:2]]
        if rules.conditional:
            out.append("conditional")
        if rules.hedged:
            out.append("hedged")
    for tok in content:
        if tok.is_punct or tok.is_space:
            continue
        lemma = tok.lemma_.lower()
        out.append(f"w={lemma}")
        if tok.dep_ in ("ROOT", "ccomp", "xcomp") and tok.pos_ in ("VERB", "AUX", "ADJ"):
            out.append(f"head={lemma}")
        if tok.dep_ == "neg" or lemma in ("no", "never", "nobody", "nothing"):
            out.append("neg")
        if tok.tag_ == "MD":
            out.append(f"modal={lemma}")
        if lemma in first_person and tok.dep_ in ("nsubj", "nsubjpass"):
            out.append("first_person_subject")
        if tok.tag_ == "VBD":
            out.append("past")
    if any(t.text in ("?",) for t in content):
        out.append("question")
    return out


@dataclass(frozen=True)
class LinearModel:
    labels: tuple[str, ...]
    vocab: dict[str, int]
    weights: tuple[tuple[float, ...], ...]  # one row per feature (+ bias row last), one column per label

    def scores(self, feats: Iterable[str]) -> list[float]:
        z = list(self.weights[-1])
        for f in set(feats):
            row = self.vocab.get(f)
            if row is not None:
                z = [a + b for a, b in zip(z, self.weights[row], strict=True)]
        m = max(z)
        e = [math.exp(v - m) for v in z]
        s = sum(e)
        return [v / s for v in e]

    def predict(self, feats: Iterable[str]) -> tuple[str, float]:
        p = self.scores(feats)
        k = max(range(len(p)), key=p.__getitem__)
        return self.labels[k], p[k]

    def to_json(self) -> dict[str, object]:
        return {
            "kind": "infclaims-claims-linear",
            "version": 1,
            "labels": list(self.labels),
            "vocab": self.vocab,
            "weights": [[round(w, 5) for w in row] for row in self.weights],
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LinearModel:
        labels = tuple(str(x) for x in data["labels"])  # type: ignore[attr-defined]
        vocab = {str(k): int(v) for k, v in data["vocab"].items()}  # type: ignore[attr-defined]
        weights = tuple(tuple(float(w) for w in row) for row in data["weights"])  # type: ignore[attr-defined]
        return cls(labels, vocab, weights)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def train(
    data: Sequence[tuple[list[str], str]],
    labels: Sequence[str],
    *,
    min_count: int = 2,
    l2: float = 1e-3,
    steps: int = 400,
    rate: float = 0.5,
) -> LinearModel:
    """Fit on (features, label) pairs; deterministic."""
    import numpy as np

    counts = Counter(f for feats, _ in data for f in set(feats))
    names = sorted(f for f, c in counts.items() if c >= min_count)
    vocab = {f: n for n, f in enumerate(names)}
    x = np.zeros((len(data), len(names) + 1))
    y = np.zeros((len(data), len(labels)))
    index = {lab: k for k, lab in enumerate(labels)}
    for i, (feats, lab) in enumerate(data):
        for f in set(feats):
            if f in vocab:
                x[i, vocab[f]] = 1.0
        x[i, -1] = 1.0
        y[i, index[lab]] = 1.0
    w = np.zeros((x.shape[1], len(labels)))
    n = max(1, len(data))
    for _ in range(steps):
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad = x.T @ (p - y) / n + l2 * w
        w -= rate * grad
    return LinearModel(tuple(labels), vocab, tuple(tuple(float(v) for v in row) for row in w))
