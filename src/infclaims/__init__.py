"""infclaims: who said what, when, and what kind of claim it was.

Public API (importing it is cheap: nothing heavy is loaded until a function is called)::

    from infclaims import extract, find_dates, find_ranges, load, to_dataframe

The stages one by one (what ``extract`` runs), on one article::

    from infclaims import ArticleInput
    from infclaims.nlp import load_nlp
    from infclaims.stages.clean import clean
    from infclaims.stages.sentences import split_sentences
    from infclaims.stages.speakers import attribute_speakers
    from infclaims.stages.claims import classify_claims
    from infclaims.stages.normalise import normalise_all

A whole run with output files: ``infclaims.runner.run_extract(RunOptions(...))``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from infclaims.frame import load, load_articles, load_errors, load_speakers, load_statements, to_dataframe
from infclaims.models import (
    SCHEMA_VERSION,
    ArticleInput,
    ArticleRecord,
    Claim,
    Quantity,
    Speaker,
    SpeakerEntry,
    Statement,
    TimeExpression,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from infclaims.config import Config

__version__ = "0.1.0"


def extract(
    articles: Iterable[ArticleInput | str | os.PathLike[str]],
    *,
    nlp: Language | None = None,
    config: Config | None = None,
) -> list[Statement]:
    """Attributed statements of articles, in input order. Each item is an ``ArticleInput``, a plain text, or a
    ``pathlib.Path`` of an article file, a folder of them or a ``.jsonl`` of articles (read as the CLI reads it;
    an input that cannot be read is an ``InfclaimsWarning`` with its code). A string is always text: one that
    looks like a file name gives a warning, since ``Path(...)`` was probably meant."""
    from infclaims.pipeline import extract as _extract

    return _extract(articles, nlp=nlp, config=config)


def find_dates(text: str, anchor: dt.date | None = None) -> list[TimeExpression]:
    """Temporal expressions in ``text`` with TIMEX3 type and value, resolved against ``anchor``.

    >>> [(t.text, t.value) for t in find_dates("The talks ended yesterday.", dt.date(2019, 1, 16))]
    [('yesterday', '2019-01-15')]
    >>> [(t.text, t.value) for t in find_dates("Missiles were eliminated by May 1991.")]
    [('May 1991', '1991-05')]
    """
    from infclaims.taggers.timex import find_dates as _find_dates

    return _find_dates(text, anchor)


def find_ranges(text: str) -> list[Quantity]:
    """Number ranges and quantities in ``text``, with units converted to canonical ones.

    >>> q = find_ranges("missiles with ranges from 500 to 5,500 kilometers")[0]
    >>> (q.low, q.high, q.unit, q.canonical_unit)
    (500.0, 5500.0, 'kilometer', 'kilometer')
    >>> q = find_ranges("nearly 1,800 rockets were destroyed")[0]
    >>> (q.low, q.high, q.approx, q.counted)
    (1800.0, 1800.0, True, 'rockets')
    """
    from infclaims.taggers.quantities import find_ranges as _find_ranges

    return _find_ranges(text)


__all__ = [
    "SCHEMA_VERSION",
    "ArticleInput",
    "ArticleRecord",
    "Claim",
    "Quantity",
    "Speaker",
    "SpeakerEntry",
    "Statement",
    "TimeExpression",
    "__version__",
    "extract",
    "find_dates",
    "find_ranges",
    "load",
    "load_articles",
    "load_errors",
    "load_speakers",
    "load_statements",
    "to_dataframe",
]
