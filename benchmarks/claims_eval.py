"""Claim-type accuracy of stage 4 on PLOVER (mapped classes) and on the project's gold statements.

Usage: python benchmarks/claims_eval.py [--plover DIR] [--gold FILE] [--errors]
       python benchmarks/claims_eval.py --corpus [--split test] [--errors]     # data/gold/claims over PolNeAR
       python benchmarks/claims_eval.py --agreement                            # the double annotation

(a) PLOVER gold-standard records (CC BY-SA 4.0, kept beside the checkout under shared/datasets/plover).
    They are event sentences, not quotes, so each is split here into a cue (the annotated event verb)
    and a content (what the verb governs). PLOVER categories map to claim types as in ``PLOVER_MAP``;
    a prediction counts as correct when it is any of the mapped types.
(b) ``data/gold/statements.jsonl``: each non-debatable content is parsed on its own and classified with
    its gold cue.
(c) ``--corpus``: the claim-type corpus ``data/gold/claims`` (standoff over PolNeAR, texts read from
    ``../shared/datasets/polnear``): each article is parsed whole, and each statement's PolNeAR content span
    is classified with its PolNeAR cue. Accuracy, macro-F1 (over the types in the gold), per-type F1 and the
    confusion table.
(d) ``--agreement``: accuracy and Cohen's kappa (overall and per type) of the two annotations of the test split.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infclaims.nlp import load_nlp
from infclaims.stages.claims import classify_claim

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span, Token

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PLOVER = ROOT.parent / "shared" / "datasets" / "plover"
DEFAULT_GOLD = ROOT / "data" / "gold" / "statements.jsonl"

#: PLOVER event category -> the claim types that count as correct for it.
PLOVER_MAP: dict[str, tuple[str, ...]] = {
    "DEMAND": ("demand",),
    "REJECT": ("rejection",),
    "THREATEN": ("warning",),
    "AGREE": ("commitment", "offer"),
    "DISAPPROVE": ("accusation", "assessment"),
}

_CONTENT_DEPS = frozenset(
    ("ccomp", "xcomp", "dobj", "dative", "prep", "prt", "attr", "acomp", "oprd", "advcl", "npadvmod")
)


@dataclass(frozen=True)
class Example:
    id: str
    gold: str
    cue: str | None
    content: Span
    conditional: bool | None = None
    hedged: bool | None = None


def _cue_token(sent: Span, event_text: str) -> Token:
    words = [w.lower() for w in event_text.replace("...", " ").split()]
    for word in words[:2]:
        for token in sent:
            if token.lower_ == word and token.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                return token
    return sent.root


def split_event_sentence(sent: Span, event_text: str) -> tuple[Token, Span]:
    """Cue token and content span of a PLOVER sentence: the span the event verb governs to its right."""
    cue = _cue_token(sent, event_text)
    right = [c for c in cue.children if c.i > cue.i and c.dep_ in _CONTENT_DEPS]
    if not right:
        start, end = cue.i + 1, cue.right_edge.i + 1
    else:
        start = min(t.left_edge.i for t in right)
        end = max(t.right_edge.i for t in right) + 1
    if end <= start:
        return cue, sent
    doc = sent.doc
    while end > start + 1 and doc[end - 1].is_punct:
        end -= 1
    return cue, doc[start:end]


def plover_examples(directory: Path, nlp: Language) -> Iterator[Example]:
    records: list[dict[str, Any]] = json.loads((directory / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
    for record in records:
        if record.get("event") not in PLOVER_MAP or not record.get("text"):
            continue
        doc = nlp(record["text"].strip().strip("{}"))
        sent = next(iter(doc.sents))
        cue, content = split_event_sentence(sent, record.get("eventText") or "")
        yield Example(id=record["id"], gold=record["event"], cue=cue.text, content=content)


def gold_examples(path: Path, nlp: Language) -> Iterator[Example]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("debatable") or not row.get("content") or not row.get("claim_type"):
            continue
        doc = nlp(row["content"])
        yield Example(
            id=f"{row.get('doc_id', '?')}#{n}",
            gold=row["claim_type"],
            cue=row.get("cue"),
            content=doc[:],
            conditional=row.get("conditional"),
            hedged=row.get("hedged"),
        )


@dataclass
class Score:
    correct: Counter[str]
    total: Counter[str]
    confusion: Counter[tuple[str, str]]
    errors: list[tuple[Example, str, tuple[str, ...]]]
    flags: Counter[str]

    @property
    def accuracy(self) -> float:
        return sum(self.correct.values()) / max(1, sum(self.total.values()))

    def per_class(self) -> dict[str, float]:
        return {label: self.correct[label] / self.total[label] for label in sorted(self.total)}


def score(examples: Iterable[Example], accepted: dict[str, tuple[str, ...]] | None = None) -> Score:
    """Classify each example; ``accepted`` maps a gold label to the predicted types that count as correct."""
    result = Score(Counter(), Counter(), Counter(), [], Counter())
    for ex in examples:
        claim = classify_claim(ex.content, cue=ex.cue)
        ok_types = accepted[ex.gold] if accepted is not None else (ex.gold,)
        result.total[ex.gold] += 1
        for flag, gold_flag, predicted_flag in (
            ("conditional", ex.conditional, claim.conditional),
            ("hedged", ex.hedged, claim.hedged),
        ):
            if gold_flag is not None:
                result.flags[f"{flag}:n"] += 1
                result.flags[f"{flag}:ok"] += gold_flag == predicted_flag
                result.flags[f"{flag}:tp"] += bool(gold_flag and predicted_flag)
                result.flags[f"{flag}:gold"] += bool(gold_flag)
                result.flags[f"{flag}:pred"] += bool(predicted_flag)
        result.confusion[(ex.gold, claim.type)] += 1
        if claim.type in ok_types:
            result.correct[ex.gold] += 1
        else:
            result.errors.append((ex, claim.type, claim.evidence))
    return result


def _print_score(title: str, result: Score, show_errors: bool) -> None:
    n = sum(result.total.values())
    print(f"\n== {title}: accuracy {result.accuracy:.3f} ({sum(result.correct.values())}/{n})")
    for label, acc in result.per_class().items():
        print(f"  {label:<12} {acc:.3f}  ({result.correct[label]}/{result.total[label]})")
    predicted = sorted({p for _, p in result.confusion})
    print("  confusion (rows gold, columns predicted)")
    print("  " + " " * 12 + " ".join(f"{p[:6]:>6}" for p in predicted))
    for label in sorted(result.total):
        print(f"  {label:<12}" + " ".join(f"{result.confusion[(label, p)]:>6}" for p in predicted))
    for flag in ("conditional", "hedged"):
        f = result.flags
        if f[f"{flag}:n"]:
            print(
                f"  {flag}: agreement {f[f'{flag}:ok'] / f[f'{flag}:n']:.3f}, "
                f"{f[f'{flag}:tp']} of {f[f'{flag}:gold']} gold found, {f[f'{flag}:pred']} predicted"
            )
    if show_errors:
        for ex, predicted_type, evidence in result.errors:
            print(f"  x {ex.gold} -> {predicted_type} {list(evidence)} cue={ex.cue!r} | {ex.content.text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plover", type=Path, default=DEFAULT_PLOVER)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--errors", action="store_true", help="list the misclassified examples")
    parser.add_argument("--corpus", action="store_true", help="score on the claim-type corpus (data/gold/claims)")
    parser.add_argument("--split", default="test", help="corpus split: train, dev, test or all")
    parser.add_argument("--agreement", action="store_true", help="agreement of the double annotation")
    parser.add_argument("--train-on", default="train", help="corpus splits the linear model learns from (a,b)")
    parser.add_argument("--rule-confidence", type=float, default=0.7, help="combination: rules at or above this")
    args = parser.parse_args(argv)
    if args.agreement:
        return agreement()
    nlp = load_nlp()
    if args.corpus:
        return corpus(
            nlp,
            None if args.split == "all" else args.split,
            args.errors,
            train_on=tuple(args.train_on.split(",")),
            rule_confidence=args.rule_confidence,
        )
    if (args.plover / "PLOVER_GSR_CAMEO.json").exists():
        _print_score("PLOVER (mapped)", score(plover_examples(args.plover, nlp), PLOVER_MAP), args.errors)
    else:
        print(f"PLOVER not found under {args.plover}; skipped")
    if args.gold.exists():
        _print_score("gold statements", score(gold_examples(args.gold, nlp)), args.errors)
    else:
        print(f"gold statements not found at {args.gold}; skipped")
    return 0


def _corpus_content(doc: Any, spans: tuple[tuple[int, int], ...]) -> Span | None:
    return doc.char_span(min(a for a, _ in spans), max(b for _, b in spans), alignment_mode="expand")


def corpus(
    nlp: Language,
    split: str | None,
    show_errors: bool,
    *,
    train_on: tuple[str, ...] = ("train",),
    rule_confidence: float = 0.7,
) -> int:
    from infclaims import claimcorpus as cc
    from infclaims.claimmodel import features, train

    if not cc.polnear_present():
        print(f"PolNeAR texts not found under {cc.DEFAULT_POLNEAR}; skipped")
        return 0
    everything = list(cc.examples())
    examples = [ex for ex in everything if split is None or ex.item.split == split]
    # the linear model learns from other splits only
    learn = [ex for ex in everything if ex.item.split in train_on and (split is None or ex.item.split != split)]
    docs: dict[str, Any] = {}
    # each statement is parsed (with its article) and typed by the rules once: (features, the rules' claim)
    analysed: dict[str, tuple[list[str], Any]] = {}
    for ex in learn + examples:
        if ex.item.id in analysed:
            continue
        if ex.item.article not in docs:
            docs[ex.item.article] = nlp(ex.text)
        content = _corpus_content(docs[ex.item.article], ex.item.content)
        rules = classify_claim(content, cue=ex.cue_text) if content is not None and len(content) else None
        analysed[ex.item.id] = (features(content, ex.cue_text, rules) if content is not None else [], rules)
    gold, pred, flags = [], [], Counter[str]()
    errors = []
    for ex in examples:
        claim = analysed[ex.item.id][1]
        got = claim.type if claim is not None else "report"
        gold.append(ex.label.type)
        pred.append(got)
        if claim is not None:
            for flag in ("conditional", "hedged"):
                g, p = getattr(ex.label, flag), getattr(claim, flag)
                flags[f"{flag}:ok"] += g == p
                flags[f"{flag}:tp"] += g and p
                flags[f"{flag}:gold"] += g
                flags[f"{flag}:pred"] += p
        if got != ex.label.type:
            errors.append((ex, got, claim.evidence if claim else ()))
    n = len(gold)
    print(f"== claim corpus, split {split or 'all'}: {n} statements")
    if not n:
        return 0
    if learn:
        model = train([(analysed[ex.item.id][0], ex.label.type) for ex in learn], cc.TYPES)
        linear, combined = [], []
        for ex in examples:
            feats, rules = analysed[ex.item.id]
            label, _p = model.predict(feats)
            linear.append(label)
            strong = rules is not None and rules.type != "report" and rules.confidence >= rule_confidence
            combined.append(rules.type if strong and rules is not None else label)
        print(f"trained on {len(learn)} statements of {','.join(train_on)}")
        print(f"linear: accuracy {cc.accuracy(gold, linear):.3f}  macro-F1 {cc.macro_f1(gold, linear):.3f}")
        print(
            f"rules>={rule_confidence} else linear: accuracy {cc.accuracy(gold, combined):.3f}  "
            f"macro-F1 {cc.macro_f1(gold, combined):.3f}"
        )
    print(f"rules: accuracy {cc.accuracy(gold, pred):.3f}  macro-F1 {cc.macro_f1(gold, pred):.3f}")
    for t, f in cc.per_type_f1(gold, pred).items():
        print(f"  {t:<12} F1 {f:.3f}  gold {gold.count(t):>4}  predicted {pred.count(t):>4}")
    conf = cc.confusion(gold, pred)
    cols = sorted(set(pred) | set(gold))
    print("  confusion (rows gold, columns predicted)")
    print("  " + " " * 12 + " ".join(f"{c[:6]:>6}" for c in cols))
    for g in sorted(conf):
        print(f"  {g:<12}" + " ".join(f"{conf[g].get(c, 0):>6}" for c in cols))
    for flag in ("conditional", "hedged"):
        print(
            f"  {flag}: agreement {flags[f'{flag}:ok'] / n:.3f}, {flags[f'{flag}:tp']} of {flags[f'{flag}:gold']} "
            f"gold found, {flags[f'{flag}:pred']} predicted"
        )
    if show_errors:
        for ex, got, evidence in errors:
            print(f"  x {ex.label.type} -> {got} {list(evidence)} cue={ex.cue_text!r} | {ex.content_text[:160]}")
    return 0


def agreement() -> int:
    from infclaims import claimcorpus as cc

    first = cc.read_labels(cc.CORPUS_DIR / "labels.jsonl") if (cc.CORPUS_DIR / "labels.jsonl").exists() else {}
    second_path = cc.CORPUS_DIR / "labels_second.jsonl"
    second = cc.read_labels(second_path) if second_path.exists() else {}
    both = [k for k in second if k in first]
    print(f"== double annotation: {len(both)} statements labelled by both annotators")
    if not both:
        return 0
    a, b = [first[k].type for k in both], [second[k].type for k in both]
    print(f"type: agreement {cc.accuracy(a, b):.3f}  Cohen's kappa {cc.cohen_kappa(a, b):.3f}")
    for t, k in cc.per_type_kappa(a, b).items():
        print(f"  {t:<12} kappa {k:.3f}  first {a.count(t):>4}  second {b.count(t):>4}")
    for flag in ("conditional", "hedged", "negated"):
        fa = [str(getattr(first[k], flag)) for k in both]
        fb = [str(getattr(second[k], flag)) for k in both]
        print(f"{flag}: agreement {cc.accuracy(fa, fb):.3f}  kappa {cc.cohen_kappa(fa, fb):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
