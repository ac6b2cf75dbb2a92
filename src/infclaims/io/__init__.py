"""Reading inputs and writing outputs: the only module that opens files (packaged resources under
``resources/`` are read by :mod:`infclaims.lexicons` and the report's assets by :mod:`infclaims.report`, through
``importlib.resources``).

Reading never raises for a bad input. Every input file, and every line of a JSONL file of articles, comes
back either as an :class:`ArticleInput` or as an :class:`ErrorRecord` whose code is listed in
:data:`infclaims.errors.CODES`: nothing disappears. Problems that still leave a usable article (a legacy
encoding, repaired mojibake, a bad date) travel with the article as diagnostics.

Writing is atomic (a temporary file beside the target, fsync, ``os.replace``) or, for resumable runs,
append-only in whole lines with a reader that ignores the torn last line of a killed run.
"""

from __future__ import annotations

from infclaims.io.decoding import decode_bytes, repair_mojibake
from infclaims.io.inputs import (
    SKIPPED_CODE,
    extract_html,
    parse_published,
    read_inputs,
    read_manifest,
    read_text,
)
from infclaims.io.kinds import ARTICLE_SUFFIXES, HTML_SUFFIXES, JSONL_SUFFIXES, MANIFEST_NAME, TEXT_SUFFIXES
from infclaims.io.outputs import (
    AtomicWriter,
    append_jsonl,
    ensure_writable_dir,
    read_jsonl_records,
    remove_files,
    write_bytes_atomic,
    write_json_atomic,
    write_jsonl_atomic,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "MANIFEST_NAME",
    "SKIPPED_CODE",
    "TEXT_SUFFIXES",
    "AtomicWriter",
    "append_jsonl",
    "decode_bytes",
    "ensure_writable_dir",
    "extract_html",
    "parse_published",
    "read_inputs",
    "read_jsonl_records",
    "read_manifest",
    "read_text",
    "remove_files",
    "repair_mojibake",
    "write_bytes_atomic",
    "write_json_atomic",
    "write_jsonl_atomic",
]
