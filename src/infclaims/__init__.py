"""infclaims: who said what, when, and what kind of claim it was."""

from __future__ import annotations

from infclaims.models import SCHEMA_VERSION, Claim, Quantity, Speaker, Statement, TimeExpression

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Claim",
    "Quantity",
    "Speaker",
    "Statement",
    "TimeExpression",
    "__version__",
]
