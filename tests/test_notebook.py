"""The walkthrough notebook runs from top to bottom (a stage's signature change breaks it here, not for a reader)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "walkthrough.ipynb"

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_notebook_walkthrough_runs_without_errors() -> None:
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (dev extra)")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (dev extra)")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed (dev extra)")
    pytest.importorskip("pandas", reason="pandas is not installed (frames extra)")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.output_type == "error"
    ]
    assert errors == []
    text = "".join(
        out.get("text", "") for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
    )
    assert "statements from 5 articles" in text
