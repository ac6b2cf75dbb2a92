"""The public API: documented examples run, and importing the package stays light."""

from __future__ import annotations

import doctest
import importlib.util
import subprocess
import sys
from pathlib import Path

import infclaims

ROOT = Path(__file__).resolve().parents[1]


def test_api_docstring_examples_run() -> None:
    result = doctest.testmod(infclaims, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6
    assert result.failed == 0


def test_api_import_loads_no_model() -> None:
    code = "import sys, infclaims; print('spacy' in sys.modules, 'pint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_api_exports() -> None:
    for name in ("extract", "find_dates", "find_ranges", "Statement", "TimeExpression", "Quantity", "__version__"):
        assert hasattr(infclaims, name)


def test_api_readme_example_runs_as_written() -> None:
    """The README's Python API block, copied into a notebook, runs (from the repository root)."""
    import pytest

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Python API", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    if importlib.util.find_spec("pandas") is None:
        pytest.skip("pandas (extra 'frames') is not installed")
    proc = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("Meyer: We are ready to compromise")
