"""What changed between two runs: statements added, removed and changed, matched by their stable id.

Pure over records (mappings as read from ``statements.jsonl``); ``infclaims diff`` is the edge. A change names
the fields that differ, one level into nested records (``speaker.id``, ``claim.type``), so that a user's CI can
say "the claim type of 3 statements changed" rather than "the file differs".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Fields that say nothing about what was extracted.
IGNORED = frozenset({"schema_version"})


@dataclass(frozen=True)
class Change:
    id: str
    doc_id: str
    fields: dict[str, tuple[Any, Any]]


@dataclass(frozen=True)
class RunDiff:
    added: list[Mapping[str, Any]] = field(default_factory=list)
    removed: list[Mapping[str, Any]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def same(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
        }

    def field_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.changed:
            for name in c.fields:
                out[name] = out.get(name, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Field -> (old, new) for every field that differs; nested mappings are compared key by key."""
    out: dict[str, tuple[Any, Any]] = {}
    for key in sorted(set(old) | set(new)):
        if key in IGNORED:
            continue
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            for sub in sorted(set(a) | set(b)):
                if a.get(sub) != b.get(sub):
                    out[f"{key}.{sub}"] = (a.get(sub), b.get(sub))
        else:
            out[key] = (a, b)
    return out


def diff_runs(old: Iterable[Mapping[str, Any]], new: Iterable[Mapping[str, Any]]) -> RunDiff:
    """Statements of ``new`` not in ``old`` (added), of ``old`` not in ``new`` (removed), and in both with
    different fields (changed), each list in the order of its file."""
    old_by_id = {str(r["id"]): r for r in old}
    seen: set[str] = set()
    added, changed = [], []
    unchanged = 0
    for r in new:
        sid = str(r["id"])
        seen.add(sid)
        before = old_by_id.get(sid)
        if before is None:
            added.append(r)
            continue
        fields = changed_fields(before, r)
        if fields:
            changed.append(Change(sid, str(r.get("doc_id")), fields))
        else:
            unchanged += 1
    removed = [r for sid, r in old_by_id.items() if sid not in seen]
    return RunDiff(added=added, removed=removed, changed=changed, unchanged=unchanged)
