"""The public API: documented examples run, and importing the package stays light."""

from __future__ import annotations

import doctest
import subprocess
import sys

import infclaims


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
