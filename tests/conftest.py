from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# make test (and CI) runs with HYPOTHESIS_PROFILE=ci: the same examples every run, so a failure can be replayed;
# a developer's run explores new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("INFCLAIMS_SHARED", ROOT.parent / "shared"))
DATASETS = SHARED / "datasets"


def shared_dataset(name: str) -> Path:
    """Path of a development data set beside the checkout; skip the test when it is absent."""
    path = DATASETS / name
    if not path.exists():
        pytest.skip(f"development data set {name!r} not available beside the checkout")
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from infclaims.nlp import load_nlp

    return load_nlp()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False, help="rewrite golden files")
