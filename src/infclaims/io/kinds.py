"""Which files are articles: the suffixes of each input kind, and the name of a folder's metadata manifest."""

from __future__ import annotations

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
ARTICLE_SUFFIXES: tuple[str, ...] = tuple(sorted(TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES))
MANIFEST_NAME = "manifest.jsonl"
#: The supported suffixes, for messages.
SUPPORTED = ", ".join(ARTICLE_SUFFIXES)
