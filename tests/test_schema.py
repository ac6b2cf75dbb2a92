"""The committed JSON Schema must match the models; a change needs a schema bump and a regenerated file."""

from __future__ import annotations

from pathlib import Path

from infclaims.models import SCHEMA_VERSION
from infclaims.schema import schema_texts

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def test_schema_committed_files_match_models() -> None:
    for name, text in schema_texts().items():
        path = SCHEMAS / name
        assert path.exists(), f"{name} missing: run 'infclaims schema'"
        assert path.read_text(encoding="utf-8") == text, f"{name} drifted from the models: run 'infclaims schema'"


def test_schema_version_is_semver_major_minor() -> None:
    major, minor = SCHEMA_VERSION.split(".")
    assert major.isdigit() and minor.isdigit()
