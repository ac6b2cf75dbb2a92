#!/usr/bin/env bash
# The first run of a new user, checked end to end:
#   a venv made by `python3.11 -m venv` with the pip it ships (not upgraded), the package installed from the
#   lock, and `infclaims extract` on a folder holding a good .txt, a good .html and a broken file.
# Expected: exit code 1, the two good articles in statements.jsonl, the broken file in errors.jsonl with its
# code, every input accounted for. Prints what it checked; exits non-zero on the first thing that is wrong.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-python3.11}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "first-run: a fresh venv with $($PY --version) and its own pip"
"$PY" -m venv "$work/venv"
"$work/venv/bin/python" -m pip --version
had_build=0; [ -e build ] && had_build=1
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check -c constraints.txt . 2>&1 \
  | grep -v "^WARNING: Location" || true
[ "$had_build" -eq 1 ] || rm -rf build  # the wheel is built in the tree; leave the checkout as it was
"$work/venv/bin/python" -c "import infclaims, lxml_html_clean, trafilatura; print('first-run: installed infclaims', infclaims.__version__)"

in="$work/in"
mkdir -p "$in"
cat > "$in/brief.txt" <<'TXT'
Officials Trade Blame Over Talks

The foreign minister said on Monday that the talks had failed because the other side refused to compromise.

"We are still ready to meet them halfway," she told reporters.
TXT
cat > "$in/page.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>Envoy says offer stands</title></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Envoy says offer stands</h1>
<p>The envoy said on Tuesday that the offer of new talks was still open and that his government wanted an answer soon.</p>
<p>"Nobody should doubt our good faith," he told a news conference in the capital.</p>
</article><footer>Copyright the publisher</footer></body></html>
HTML
printf '\x00\x01\x02\xff\xfe\x00binary\x00\x00' > "$in/broken.txt"

out="$work/out"
set +e
(cd "$work" && env -u COLUMNS "$work/venv/bin/infclaims" extract "$in" -o "$out" -q --workers 1 </dev/null) \
  > "$work/stdout" 2> "$work/stderr"
code=$?
set -e
cat "$work/stdout" "$work/stderr"
fail() { echo "first-run: FAILED: $*" >&2; exit 1; }
[ "$code" -eq 1 ] || fail "exit code $code, expected 1 (one input failed)"
"$work/venv/bin/python" - "$out" <<'PYCHECK' || fail "the outputs are not what a user should get"
import json, sys
from pathlib import Path

out = Path(sys.argv[1])
lines = lambda name: [json.loads(x) for x in (out / name).read_text(encoding="utf-8").splitlines() if x.strip()]
docs = {s["doc_id"] for s in lines("statements.jsonl")}
errors = lines("errors.jsonl")
run = json.loads((out / "run.json").read_text(encoding="utf-8"))
assert docs == {"brief", "page"}, f"statements of {sorted(docs)}, expected brief and page"
assert [(Path(e["input"]).name, e["code"]) for e in errors] == [("broken.txt", "E104")], errors
counts = run["counts"]
assert counts["inputs"] == counts["articles"] + counts["failed"] == 3, counts
print(f"first-run: ok: {len(docs)} articles written, broken.txt reported as E104, exit 1")
PYCHECK
