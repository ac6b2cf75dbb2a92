"""The table of codes in errors.CODES is the truth: every code the library emits is in it, and every code in it
is emitted somewhere (W303 was documented and never emitted; W306 meant two things)."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "infclaims"


def test_errors_every_documented_code_is_used_and_every_used_code_documented() -> None:
    from infclaims.errors import CODES

    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if p.name != "errors.py")
    used = set(re.findall(r'"([EW][0-9]{3})"', code)) | set(re.findall(r"code=\"([EW][0-9]{3})\"", code))
    assert used - set(CODES) == set(), "codes used but not in errors.CODES"
    unused = {c for c in CODES if f'"{c}"' not in code}
    assert unused == set(), f"codes documented in errors.CODES but never emitted: {sorted(unused)}"
