"""Score find_dates on a folder of TimeML (.tml) files with the TempEval-3 measures.

Usage: python benchmarks/timeml_eval.py [FOLDER] [--json] [--errors N]

FOLDER defaults to the TempEval-3 TBAQ-cleaned corpus in ``../shared/datasets/timeml/`` beside the repository
root. Any folder of TimeML files works; it is searched recursively.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from infclaims.timeml import normalise_value, read_timeml_folder, score_corpus

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = ROOT.parent / "shared" / "datasets" / "timeml" / "TBAQ-cleaned"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER, help="folder of .tml files")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="also list N value errors and misses")
    args = parser.parse_args(argv)
    if not args.folder.exists():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 2
    docs = read_timeml_folder(args.folder)
    if not docs:
        print(f"no .tml files under {args.folder}", file=sys.stderr)
        return 2
    result = score_corpus(docs)
    figures = result.figures()
    if args.json:
        print(json.dumps({"folder": str(args.folder), **figures}, indent=2))
    else:
        rows = [
            ("strict span", figures["strict_precision"], figures["strict_recall"], figures["strict_f1"]),
            ("relaxed span", figures["relaxed_precision"], figures["relaxed_recall"], figures["relaxed_f1"]),
            ("value", figures["value_precision"], figures["value_recall"], figures["value_f1"]),
            ("type", figures["type_precision"], figures["type_recall"], figures["type_f1"]),
        ]
        print(f"TimeML folder: {args.folder.name}")
        print(
            f"docs {figures['docs']}  gold timexes {figures['gold_timexes']}  system timexes "
            f"{figures['system_timexes']}  seconds {figures['seconds']:.2f}"
        )
        print(f"{'measure':<14}{'P':>8}{'R':>8}{'F1':>8}")
        for name, p, r, f in rows:
            print(f"{name:<14}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
        print(f"value accuracy on relaxed matches: {figures['value_accuracy']:.3f}")
    if args.errors:
        shown = 0
        for doc in result.documents:
            for m in doc.matches:
                if normalise_value(m.gold.value) != normalise_value(m.system.value) and shown < args.errors:
                    print(
                        f"VALUE {doc.doc_id}: {m.gold.text!r} gold={m.gold.value} "
                        f"sys={m.system.text!r} {m.system.value} ({m.system.rule})"
                    )
                    shown += 1
        shown = 0
        for doc in result.documents:
            for g in doc.missed:
                if shown < args.errors:
                    print(f"MISS {doc.doc_id}: {g.text!r} {g.type} {g.value}")
                    shown += 1
        shown = 0
        for doc in result.documents:
            for s in doc.spurious:
                if shown < args.errors:
                    print(f"SPURIOUS {doc.doc_id}: {s.text!r} {s.type} {s.value} ({s.rule})")
                    shown += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
