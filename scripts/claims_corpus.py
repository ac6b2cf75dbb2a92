"""Build the claim-type corpus: sample attributed statements from PolNeAR, render annotation packets, check labels.

The corpus is standoff: ``data/gold/claims/items.jsonl`` names each statement by PolNeAR article id and the
character offsets of its content, cue and source (no text); ``labels.jsonl`` and ``labels_second.jsonl`` hold
the labels of the first and of the second (independent) annotator by item id. PolNeAR's texts are read from
``../shared/datasets/polnear`` (or ``--polnear DIR``) and never copied into the project.

Usage:
    python scripts/claims_corpus.py sample [--polnear DIR] [--seed 14] [--target 1300]
    python scripts/claims_corpus.py packets OUTDIR [--split test] [--chunks 4]
    python scripts/claims_corpus.py merge labels.jsonl FILE... # annotators' files -> one label file, corpus order
    python scripts/claims_corpus.py check
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from infclaims.claimcorpus import CORPUS_DIR, DEFAULT_POLNEAR, TYPES, load_items, read_labels
from infclaims.evaluate import polnear_gold

PER_ARTICLE = 16


def sample(polnear: Path, seed: int, target: int) -> None:
    rng = random.Random(seed)
    articles: list[tuple[str, str, list[dict[str, object]]]] = []
    for folder in ("train", "dev"):
        for stem, rels in sorted(polnear_gold(polnear / folder).items()):
            rows = [
                {
                    "content": [list(s) for s in r.content_spans],
                    "cue": [list(s) for s in r.cue_spans],
                    "source": [list(s) for s in r.source_spans],
                }
                for r in rels
                if r.source_spans and r.content_spans
            ]
            rows.sort(key=lambda row: row["content"][0][0])  # type: ignore[index]
            if rows:
                articles.append((folder, stem, rows))
    rng.shuffle(articles)
    items: list[dict[str, object]] = []
    split_sizes = {"test": 0, "dev": 0, "train": 0}
    quotas = (("test", int(target * 0.26)), ("dev", int(target * 0.16)), ("train", target))
    for folder, stem, rows in articles:
        if sum(split_sizes.values()) >= target:
            break
        if len(rows) > PER_ARTICLE:
            rows = sorted(rng.sample(rows, PER_ARTICLE), key=lambda row: row["content"][0][0])  # type: ignore[index]
        split = next(name for name, quota in quotas if split_sizes[name] < quota)
        for n, row in enumerate(rows):
            items.append({"id": f"{stem}#{n}", "article": stem, "polnear_split": folder, "split": split, **row})
        split_sizes[split] += len(rows)
    path = CORPUS_DIR / "items.jsonl"
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    print(f"{len(items)} items from {len({i['article'] for i in items})} articles: {split_sizes} -> {path}")


def _context(text: str, spans: list[list[int]], before: int = 320, after: int = 200) -> str:
    a, b = spans[0][0], spans[-1][1]
    lo = max(0, text.rfind(" ", 0, max(0, a - before)) + 1) if a > before else 0
    hi = text.find(" ", b + after) if b + after < len(text) else len(text)
    hi = len(text) if hi < 0 else hi
    out, pos = [], lo
    for s, e in spans:
        out += [text[pos:s], "[[", text[s:e], "]]"]
        pos = e
    out.append(text[pos:hi])
    return " ".join("".join(out).split())


def packets(outdir: Path, polnear: Path, split: str | None, chunks: int) -> None:
    items = [i for i in load_items() if split is None or i.split == split]
    outdir.mkdir(parents=True, exist_ok=True)
    texts: dict[str, str] = {}
    rows = []
    for item in items:
        if item.article not in texts:
            texts[item.article] = (polnear / item.polnear_split / "text" / f"{item.article}.txt").read_text("utf-8")
        text = texts[item.article]
        rows.append(
            {
                "item": item.id,
                "source": " ".join(text[s:e] for s, e in item.source),
                "cue": " ".join(text[s:e] for s, e in item.cue) or None,
                "content": " ".join(text[s:e] for s, e in item.content),
                "context": _context(text, [list(s) for s in item.content]),
            }
        )
    size = -(-len(rows) // chunks)
    for k in range(chunks):
        part = rows[k * size : (k + 1) * size]
        path = outdir / f"packet_{k + 1}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
        print(f"{path}: {len(part)} items")


def merge(name: str, files: list[Path]) -> None:
    order = {i.id: n for n, i in enumerate(load_items())}
    rows: dict[str, dict[str, object]] = {}
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row["item"] in order:
                    rows[row["item"]] = {
                        k: row[k] for k in ("item", "type", "conditional", "hedged", "negated") if k in row
                    }
    ordered = sorted(rows.values(), key=lambda r: order[str(r["item"])])
    path = CORPUS_DIR / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ordered), encoding="utf-8")
    print(f"{path}: {len(ordered)} labels")


def check() -> int:
    items = {i.id: i for i in load_items()}
    bad = 0
    for name in ("labels.jsonl", "labels_second.jsonl"):
        path = CORPUS_DIR / name
        if not path.exists():
            continue
        labels = read_labels(path)
        unknown = [k for k in labels if k not in items]
        bad += len(unknown)
        print(f"{name}: {len(labels)} labels, {len(unknown)} with an unknown item")
        missing = [k for k in items if k not in labels and (name == "labels.jsonl" or items[k].split == "test")]
        print(f"  items without a label: {len(missing)}")
        print("  types:", {t: sum(1 for v in labels.values() if v.type == t) for t in TYPES})
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    s.add_argument("--seed", type=int, default=14)
    s.add_argument("--target", type=int, default=1300)
    p = sub.add_parser("packets")
    p.add_argument("outdir", type=Path)
    p.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    p.add_argument("--split", default=None)
    p.add_argument("--chunks", type=int, default=4)
    m = sub.add_parser("merge")
    m.add_argument("name")
    m.add_argument("files", nargs="+", type=Path)
    sub.add_parser("check")
    args = ap.parse_args(argv)
    if args.cmd == "sample":
        sample(args.polnear, args.seed, args.target)
    elif args.cmd == "merge":
        merge(args.name, args.files)
    elif args.cmd == "packets":
        packets(args.outdir, args.polnear, args.split, args.chunks)
    else:
        return check()
    return 0


if __name__ == "__main__":
    sys.exit(main())
