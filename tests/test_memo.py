"""IdentityMemo: computed once per object, never confused by a reused id, bounded."""

from __future__ import annotations

from infclaims.memo import IdentityMemo


def test_memo_builds_once_per_object() -> None:
    calls: list[tuple[str, ...]] = []

    def build(words: tuple[str, ...]) -> int:
        calls.append(words)
        return len(words)

    memo: IdentityMemo[tuple[str, ...], int] = IdentityMemo(build)
    a = ("x", "y")
    assert memo(a) == 2 and memo(a) == 2
    assert calls == [a]


def test_memo_tells_equal_objects_apart_and_never_mixes_ids() -> None:
    memo: IdentityMemo[list[int], int] = IdentityMemo(sum)
    assert memo([1, 2]) == 3  # the memo holds this list, so a later list cannot take its id
    assert memo([5, 5]) == 10
    first, second = [1], [1]
    assert memo(first) == memo(second) == 1


def test_memo_is_bounded() -> None:
    memo: IdentityMemo[tuple[int, ...], int] = IdentityMemo(len, limit=3)
    keep = [tuple(range(n)) for n in range(10)]
    for t in keep:
        assert memo(t) == len(t)
    assert len(memo._store) <= 3
