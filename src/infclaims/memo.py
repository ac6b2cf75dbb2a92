"""Values computed once from long-lived objects (lexicons, lookup tables) and found again by identity.

Hashing a tuple of phrases or a dict on every lookup costs more than the lookup itself, and some of these
objects cannot be hashed at all; the objects live as long as the process, so their identity is a safe key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class IdentityMemo(Generic[K, V]):
    """``memo(obj)`` is ``build(obj)``, computed on the first call for that very object.

    The object is kept beside its value, so its id cannot be reused by another object while the entry lives;
    at ``limit`` entries the memo starts afresh (objects built on the fly, in tests or notebooks, do not pile up).
    """

    def __init__(self, build: Callable[[K], V], *, limit: int = 256) -> None:
        self._build = build
        self._limit = limit
        self._store: dict[int, tuple[K, V]] = {}

    def __call__(self, obj: K) -> V:
        hit = self._store.get(id(obj))
        if hit is not None and hit[0] is obj:
            return hit[1]
        if len(self._store) >= self._limit:
            self._store.clear()
        value = self._build(obj)
        self._store[id(obj)] = (obj, value)
        return value
