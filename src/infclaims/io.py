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

import codecs
import contextlib
import datetime as dt
import json
import os
import re
import secrets
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from pydantic import BaseModel

from infclaims import lexicons
from infclaims.errors import InputError, OutputError, unexpected_failure
from infclaims.models import ArticleInput, Diagnostic, ErrorRecord, dump_record

__all__ = [
    "ARTICLE_SUFFIXES",
    "MANIFEST_NAME",
    "AtomicWriter",
    "append_jsonl",
    "decode_bytes",
    "ensure_writable_dir",
    "extract_html",
    "parse_published",
    "read_inputs",
    "read_jsonl_records",
    "read_manifest",
    "remove_files",
    "repair_mojibake",
    "write_bytes_atomic",
    "write_json_atomic",
    "write_jsonl_atomic",
]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
ARTICLE_SUFFIXES: tuple[str, ...] = tuple(sorted(TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES))
MANIFEST_NAME = "manifest.jsonl"
MANIFEST_FIELDS = ("outlet", "published", "title", "url")
STAGE = "read"

_SUPPORTED = ", ".join(ARTICLE_SUFFIXES)

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ENCODING_LABELS = {
    "utf-32": "UTF-32",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252 (cp1252)",
    "latin_1": "Latin-1 (ISO-8859-1)",
    "iso8859_15": "Latin-9 (ISO-8859-15)",
}
# English-language news in a legacy encoding is nearly always Windows-1252 or Latin-1; short texts give the
# statistical detector too little to tell them from Central European or DOS code pages, so these win when they fit.
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_WESTERN_MAX_NON_ASCII = 0.2  # share of non-ASCII among letters when a text "looks Western"
_CHAOS_TOLERANCE = 0.02

# Characters that do not occur in text: C0/C1 controls other than whitespace, U+FFFD, private use, surrogates.
RE_JUNK_CHAR = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\ud800-\udfff]")
RE_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
RE_C1_BYTE = re.compile(b"[\x80-\x9f]")
JUNK_RATIO = 0.1  # more than this share of junk characters: not text


# --------------------------------------------------------------------------- decoding and repair


@lru_cache(maxsize=1)
def _fixer_config() -> Any:
    """ftfy settings that only undo encoding damage and never restyle normal text."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def _word_end(text: str, at: int, limit: int = 30) -> int:
    end = at
    while end < min(len(text), at + limit) and not text[end].isspace():
        end += 1
    return end


#: Typographic marks that news copy is full of: curly quotes, dashes and the ellipsis. Each is a UTF-8
#: continuation byte in every Windows code page and a lead byte in Mac Roman (and cannot be written in Latin-1,
#: Latin-2 or code page 437), so a line of ASCII and these alone holds no byte sequence that decodes as UTF-8
#: under any encoding ftfy tries, and none of its other repairs looks at them.
_PLAIN_MARKS = frozenset("\u2018\u2019\u201c\u201d\u2013\u2014\u2026")  # ‘ ’ “ ” – — …


def _needs_fixer(line: str) -> bool:
    """False for a line ftfy would leave as it is with the settings of ``_fixer_config``: ASCII text (every
    repair involves a non-ASCII character) with at most the marks of ``_PLAIN_MARKS``."""
    return not line.isascii() and not _PLAIN_MARKS.issuperset(c for c in line if c > "\x7f")


def _fix_lines(text: str) -> str:
    """``ftfy.fix_text`` line by line, as ftfy itself works, handing it only the lines it could change."""
    import ftfy

    config = _fixer_config()
    out: list[str] = []
    pos = 0
    while pos < len(text):
        cut = text.find("\n", pos) + 1 or len(text)
        line = text[pos:cut]
        out.append(ftfy.fix_text(line, config) if _needs_fixer(line) else line)
        pos = cut
    return "".join(out)


def repair_mojibake(text: str) -> tuple[str, Diagnostic | None]:
    """Undo text that was decoded with the wrong encoding ("Russiaâ€™s" → "Russia’s").

    Returns the text unchanged and ``None`` when nothing needed repair, else the repaired text and a W302
    diagnostic that shows the first repaired place.
    """
    fixed = _fix_lines(text)
    if fixed == text:
        return text, None
    at = next((i for i, (a, b) in enumerate(zip(text, fixed, strict=False)) if a != b), min(len(text), len(fixed)))
    start = at
    while start > max(0, at - 30) and not text[start - 1].isspace():
        start -= 1
    before, after = text[start : _word_end(text, at)], fixed[start : _word_end(fixed, at)]
    return fixed, Diagnostic(
        code="W302",
        message=(
            f"mojibake repaired (text that had been decoded with the wrong encoding), first at character {at}: "
            f"{before!r} became {after!r}; re-export the source as clean UTF-8"
        ),
    )


def _looks_western(data: bytes) -> str | None:
    """The Western code page that decodes ``data`` into mostly-ASCII text without controls, if any."""
    try:
        text = data.decode("cp1252")
        encoding = "cp1252" if RE_C1_BYTE.search(data) else "latin_1"
    except UnicodeDecodeError:
        return None
    if RE_JUNK_CHAR.search(text):
        return None
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    non_ascii = sum(1 for c in letters if not c.isascii())
    return encoding if non_ascii <= max(1.0, _WESTERN_MAX_NON_ASCII * len(letters)) else None


def _detect_encoding(data: bytes) -> str | None:
    """Codec for bytes that are not UTF-8: a Western code page when it fits, else charset-normalizer's best."""
    western = _looks_western(data)
    if western is not None:
        return western
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data))
    except Exception:  # a detector failure on odd bytes must not stop a run; the bytes are then unusable
        return None
    # UTF-16/32 without a byte-order mark is not supported: a guess of it for short 8-bit text is always wrong
    matches = [m for m in matches if not str(m.encoding).startswith(("utf_16", "utf_32"))]
    if not matches:
        return None
    best_chaos = min(m.chaos for m in matches)
    fitting = {m.encoding for m in matches if m.chaos <= best_chaos + _CHAOS_TOLERANCE}
    for encoding in _WESTERN:
        if encoding in fitting:
            if encoding == "cp1252" and not RE_C1_BYTE.search(data):
                return "latin_1"  # identical decoding; name the smaller code page
            return encoding
    return str(matches[0].encoding)


def _text_problem(has_text: bool, junk: int, chars: int, name: str) -> InputError | None:
    """What is wrong with decoded text of ``chars`` characters, ``junk`` of them control or unassigned ones, and
    not all whitespace if ``has_text``; None when it reads as text."""
    if not has_text:
        return InputError(
            f"{name!r} is empty or holds only whitespace, so there is no article to read; remove it or fill in "
            "the article text",
            code="E103",
        )
    if junk > JUNK_RATIO * chars:
        return InputError(
            f"{name!r} does not look like text ({junk} of {chars} characters are control or unassigned "
            "characters); it is probably a binary file with a text extension; convert it to plain UTF-8 text",
            code="E104",
        )
    return None


def _check_text(text: str, name: str) -> None:
    problem = _text_problem(bool(text.strip()), len(RE_JUNK_CHAR.findall(text)), len(text), name)
    if problem is not None:
        raise problem


def decode_bytes(data: bytes, *, name: str = "input") -> tuple[str, tuple[Diagnostic, ...]]:
    """Decode the bytes of a text file.

    UTF-8 (with or without BOM) is read as is; UTF-16/UTF-32 with a BOM and legacy code pages (detected; for
    English news nearly always Windows-1252 or Latin-1) are decoded and reported as W304. Mojibake is not
    repaired here (see :func:`repair_mojibake`). Raises :class:`InputError` E103 for empty or whitespace-only
    input and E104 for binary or undecodable bytes; ``name`` is used in those messages.
    """
    if not data.strip():
        _check_text("", name)
    encoding: str | None = next((codec for bom, codec in _BOMS if data.startswith(bom)), None)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            label = _ENCODING_LABELS.get(encoding, "UTF-8")
            raise InputError(
                f"{name!r} starts with a {label} byte-order mark but is not valid {label} ({exc.reason} at byte "
                f"{exc.start}); the file is damaged or not text; re-save it as UTF-8",
                code="E104",
            ) from exc
    elif b"\x00" in data:
        raise InputError(
            f"{name!r} contains NUL bytes, so it is a binary file (or UTF-16 without a byte-order mark), not "
            f"plain text; convert it to UTF-8 text or pass a supported file ({_SUPPORTED})",
            code="E104",
        )
    else:
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = _detect_encoding(data)
            if encoding is None:
                raise InputError(
                    f"{name!r} is not UTF-8 and no text encoding fits its bytes; it is probably binary; "
                    "convert it to UTF-8 text",
                    code="E104",
                ) from None
            try:
                text = data.decode(encoding)
            except (UnicodeDecodeError, LookupError) as exc:
                raise InputError(
                    f"{name!r} is not UTF-8 and could not be decoded as {encoding}; convert it to UTF-8 text",
                    code="E104",
                ) from exc
    _check_text(text, name)
    diagnostics: tuple[Diagnostic, ...] = ()
    if encoding not in ("utf-8", "utf-8-sig"):
        label = _ENCODING_LABELS.get(encoding, encoding)
        diagnostics = (
            Diagnostic(
                code="W304",
                message=f"decoded as {label}, not UTF-8; re-save the source as UTF-8 to silence this warning",
            ),
        )
    return text, diagnostics


#: Date forms of publication dates in manifests and metadata besides ISO 8601, tried in order. Day-first and
#: year-first numeric forms only: "03/12/2019" is a different day in the US and in Europe, so it is refused.
_DATE_FORMATS = (
    "%b %d, %Y",  # Dec 3, 2019
    "%B %d, %Y",  # December 3, 2019
    "%b %d %Y",
    "%B %d %Y",
    "%d %b %Y",  # 3 Dec 2019
    "%d %B %Y",  # 3 December 2019
    "%d %b, %Y",
    "%d %B, %Y",
    "%Y/%m/%d",  # 2019/12/03
    "%d.%m.%Y",  # 03.12.2019
    "%Y%m%d",  # 20191203
)
_RE_MONTH_DOT = re.compile(rf"\b({'|'.join(lexicons.calendar().abbreviations)})\.", re.IGNORECASE)
_RE_WEEKDAY = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_RE_ORDINAL_DAY = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b", re.IGNORECASE)


def parse_published(value: Any) -> dt.date | None:
    """A publication date from metadata: ISO (``2024-03-07``, or a date-time's date part), common news forms
    (``Dec. 3, 2019``, ``3 December 2019``, ``Tuesday, Sept 24, 2019``, ``2019/12/03``, ``03.12.2019``) and
    e-mail/RSS dates (``Tue, 03 Dec 2019 10:00:00 GMT``). ``None`` for anything else, ambiguous numeric forms such
    as ``03/12/2019`` included; never a guess relative to today."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    text = _RE_WEEKDAY.sub("", value)
    text = _RE_MONTH_DOT.sub(lambda m: m.group(1)[:3], text)
    text = re.sub(r"\bSept\b", "Sep", text, flags=re.IGNORECASE)
    text = _RE_ORDINAL_DAY.sub(r"\1", text)
    text = " ".join(text.split())
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------- small helpers


def _error(label: str, code: str, message: str, doc_id: str | None = None) -> ErrorRecord:
    return ErrorRecord(input=label, doc_id=doc_id, code=code, message=message, stage=STAGE)


def _from_input_error(label: str, exc: InputError, doc_id: str | None = None) -> ErrorRecord:
    return _error(label, exc.code, exc.detail, doc_id)


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(
            f"{name!r} does not exist (or is a broken link); check the path, which is relative to the current "
            "directory unless absolute",
            code="E101",
        ) from exc
    except PermissionError as exc:
        raise InputError(
            f"{name!r} cannot be read: permission denied; give the user running the extraction read access "
            "(e.g. chmod a+r) or leave the file out",
            code="E105",
        ) from exc
    except OSError as exc:
        raise InputError(
            f"{name!r} cannot be read: {exc.strerror or exc}; check the disk or leave the file out", code="E105"
        ) from exc


def read_text(path: Path | str, *, what: str = "file") -> str:
    """The UTF-8 text of a file the library reads besides articles (an annotation, a run's manifest, an alias
    file), with a coded error naming it when it cannot be read."""
    path = Path(path)
    data = _read_bytes(path, f"{what} {str(path)!r}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{what} {str(path)!r} is not UTF-8 text ({exc}); save it as UTF-8", code="E104") from exc


def _scrub_surrogates(value: str) -> tuple[str, bool]:
    """Replace lone surrogates (only JSON escapes can make them) by U+FFFD; they cannot be written as UTF-8."""
    scrubbed = RE_LONE_SURROGATE.sub("\ufffd", value)
    return scrubbed, scrubbed != value


def _unsupported_message(name: str) -> str:
    return (
        f"{name!r} is not a supported input format; supported are {_SUPPORTED} (and directories of them); "
        "convert the file to text or HTML, or leave it out"
    )


# --------------------------------------------------------------------------- manifest


def _json_objects(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """Each non-empty line of a JSONL text (its lines, as ``text.split("\\n")`` gives them) as ``(line number,
    object, None)``, or ``(line number, None, problem)`` when the line is not valid JSON or not a JSON object;
    callers turn the problem into their own coded error."""
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as exc:
            reason = f"{exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else str(exc)
            yield lineno, None, f"is not valid JSON ({reason})"
            continue
        if not isinstance(obj, dict):
            yield lineno, None, f"is JSON but not an object ({type(obj).__name__})"
            continue
        yield lineno, obj, None


def _read_manifest(path: Path, name: str) -> tuple[dict[str, dict[str, Any]], list[ErrorRecord]]:
    try:
        text, _ = decode_bytes(_read_bytes(path, name), name=name)
    except InputError as exc:
        if exc.code == "E103":  # an empty manifest describes nothing; that is not an error
            return {}, []
        return {}, [_from_input_error(name, exc)]
    entries: dict[str, dict[str, Any]] = {}
    errors: list[ErrorRecord] = []
    example = '{"doc_id": "a1", "outlet": "Daily Ledger", "published": "2024-03-07", "title": "...", "url": "..."}'
    for lineno, obj, problem in _json_objects(text.split("\n")):
        where = f"{name}:{lineno}"
        if obj is None:
            errors.append(
                _error(
                    where,
                    "E110",
                    f"manifest line {lineno} of {name!r} {problem}; the line is ignored; "
                    f"write one JSON object per line, e.g. {example}",
                )
            )
            continue
        raw_id = obj.get("doc_id", obj.get("id"))
        if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or not str(raw_id).strip():
            errors.append(
                _error(
                    where,
                    "E110",
                    f"manifest line {lineno} of {name!r} lacks a 'doc_id' (a non-empty string equal to the "
                    f"article's file name without extension); the line is ignored; got {raw_id!r}",
                )
            )
            continue
        doc_id = str(raw_id).strip()
        if doc_id in entries:
            errors.append(
                _error(
                    where,
                    "E110",
                    f"manifest line {lineno} of {name!r} repeats doc_id {doc_id!r}; the first line for it is "
                    "used and this one is ignored; keep one line per article",
                    doc_id,
                )
            )
            continue
        entry: dict[str, Any] = {}
        problems: list[Diagnostic] = []
        for field in MANIFEST_FIELDS:
            value = obj.get(field)
            if value is None:
                continue
            if field == "published":
                date = parse_published(value)
                if date is None:
                    problems.append(
                        Diagnostic(
                            code="W306",
                            message=f"{where}: 'published' {value!r} is not a date infclaims can read (ISO "
                            "2024-03-07, 'Dec 3, 2019', '3 December 2019', ...); the field is ignored",
                        )
                    )
                else:
                    entry[field] = date
            elif isinstance(value, str):
                entry[field] = _scrub_surrogates(value)[0]
            else:
                problems.append(
                    Diagnostic(
                        code="W306", message=f"{where}: {field!r} {value!r} is not a string; the field is ignored"
                    )
                )
        if problems:  # a bad value costs that field, not the article: a diagnostic on the article it describes
            entry[META_DIAGNOSTICS] = tuple(problems)
        entries[doc_id] = entry
    return entries, errors


def read_manifest(path: Path) -> tuple[dict[str, dict[str, Any]], list[ErrorRecord]]:
    """Read a ``manifest.jsonl``: one line per article with ``doc_id``, ``outlet``, ``published``, ``title``, ``url``.

    Returns ``{doc_id: {field: value}}`` holding only the valid fields that are present (``published`` as a
    :class:`datetime.date`), and one E110 error record per bad line (E101/E104/E105 when the file itself cannot
    be read). A line with a bad field keeps its other fields. An empty manifest is not an error.
    """
    return _read_manifest(Path(path), str(path))


#: Code of a file in a folder walk that is not an article (a README, a PDF): skipped and listed, not failed.
SKIPPED_CODE = "W309"

#: Key of a manifest entry holding the diagnostics of its bad fields (W306), handed on to the article.
META_DIAGNOSTICS = "diagnostics"

# --------------------------------------------------------------------------- single inputs


def extract_html(html: str, *, name: str = "input") -> tuple[str, str | None, dt.date | None]:
    """Main text, title and publication date of a news page (trafilatura, offline).

    Paragraphs are separated by newlines. The date comes only from the page's markup and metadata, never from a
    guess in the running text. Raises :class:`InputError` E111 when the page has no extractable main text.
    """
    try:
        import trafilatura
    except ImportError as exc:  # a broken install must cost this input, not the run
        raise InputError(
            f"{name!r}: the HTML reader cannot be loaded ({type(exc).__name__}: {exc}); reinstall infclaims with "
            "its lock (pip install -c constraints.txt -e .) or install the missing package, then run again; "
            "the other inputs were processed",
            code="E113",
        ) from exc
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            prune_xpath=["//noscript"],
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # the extractor's failure on a malformed page is a property of that page
        raise InputError(
            f"{name!r}: the HTML could not be parsed ({type(exc).__name__}: {exc}); save the page again or "
            "pass its text as .txt",
            code="E111",
        ) from exc
    if doc is None:
        fields: dict[str, Any] = {}
    elif isinstance(doc, dict):  # trafilatura 1.x
        fields = doc
    else:
        fields = {key: getattr(doc, key, None) for key in ("text", "title", "date")}
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            f"{name!r} has no extractable main text (an empty page, a script-only page or a page of links); "
            "save the page after it has loaded, or pass the article text as .txt",
            code="E111",
        )
    title = fields.get("title")
    return text, title if isinstance(title, str) and title.strip() else None, parse_published(fields.get("date"))


def _file_article(path: Path, name: str, meta: Mapping[str, Any]) -> ArticleInput:
    """One article from a .txt/.text/.md/.html/.htm file; raises InputError when it cannot be used."""
    text, diagnostics = decode_bytes(_read_bytes(path, name), name=name)
    title: str | None = None
    published: dt.date | None = None
    if path.suffix.lower() in HTML_SUFFIXES:
        text, title, published = extract_html(text, name=name)
    text, repaired = repair_mojibake(text)
    if title is not None:
        title, title_repaired = repair_mojibake(title)
        repaired = repaired or title_repaired
    if repaired is not None:
        diagnostics += (repaired,)
    diagnostics += tuple(meta.get(META_DIAGNOSTICS, ()))
    return ArticleInput(
        doc_id=path.stem,
        text=text,
        outlet=meta.get("outlet"),
        published=meta.get("published", published),
        title=meta.get("title", title),
        url=meta.get("url"),
        source=name,
        diagnostics=diagnostics,
        kind="html" if path.suffix.lower() in HTML_SUFFIXES else "text",
    )


def _jsonl_line(obj: dict[str, Any], name: str, lineno: int, default_id: str) -> ArticleInput:
    where = f"{name}:{lineno}"
    diagnostics: list[Diagnostic] = []
    text = obj.get("text")
    if not isinstance(text, str):
        got = "it is missing" if text is None else f"it is a {type(text).__name__}"
        raise InputError(
            f"line {lineno} of {name!r} has no string 'text' field ({got}); every line needs "
            'the article body, e.g. {"id": "a1", "text": "..."}',
            code="E107",
        )
    text, scrubbed = _scrub_surrogates(text)
    _check_text(text, where)
    raw_id = obj.get("id", obj.get("doc_id"))
    if raw_id is None:
        doc_id = default_id
        diagnostics.append(
            Diagnostic(
                code="W307",
                message=f"the line has no 'id'; it was given the id {doc_id!r} from its file and line; add an 'id'",
            )
        )
    elif isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or not str(raw_id).strip():
        raise InputError(
            f"line {lineno} of {name!r} has an invalid 'id' {raw_id!r}; use a non-empty string "
            "(or an integer) that is unique across all inputs",
            code="E112",
        )
    else:
        doc_id = str(raw_id).strip()
    meta: dict[str, Any] = {}
    for field in MANIFEST_FIELDS:
        value = obj.get(field)
        if value is None:
            continue
        if field == "published":
            date = parse_published(value)
            if date is None:
                diagnostics.append(
                    Diagnostic(
                        code="W306",
                        message=f"'published' {value!r} is not an ISO date like 2024-03-07; the article is kept "
                        "without a publication date",
                    )
                )
            else:
                meta[field] = date
        elif isinstance(value, str):
            meta[field], scrubbed_field = _scrub_surrogates(value)
            scrubbed = scrubbed or scrubbed_field
        else:
            diagnostics.append(
                Diagnostic(code="W306", message=f"{field!r} {value!r} is not a string; the field is ignored")
            )
    if scrubbed:
        diagnostics.append(
            Diagnostic(
                code="W308",
                message="lone surrogate escapes (such as \\ud83d without its pair) were replaced by U+FFFD; "
                "fix the JSON escapes at the source",
            )
        )
    text, repaired = repair_mojibake(text)
    if "title" in meta:
        meta["title"], title_repaired = repair_mojibake(meta["title"])
        repaired = repaired or title_repaired
    if repaired is not None:
        diagnostics.append(repaired)
    return ArticleInput(doc_id=doc_id, text=text, source=where, diagnostics=tuple(diagnostics), kind="jsonl", **meta)


#: Bytes read at a time while a JSONL file is checked before it is streamed.
_SCAN_CHUNK = 1 << 18


def _utf8_lines(path: Path, name: str) -> Iterator[str] | None:
    """The lines of ``path`` (as ``text.split("\\n")`` would give them), read one at a time, when the file is what
    :func:`decode_bytes` reads as UTF-8 without a remark: no byte-order mark but UTF-8's, no NUL byte, valid
    UTF-8, some text, few junk characters. A first pass checks that in chunks, so an archive of any size is never
    held in memory. ``None`` otherwise, and the caller reads the file whole: that path reports what is wrong, or
    decodes a legacy encoding, exactly as for any other file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    chars = junk = 0
    has_text = False
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
            if any(head.startswith(bom) for bom, codec in _BOMS if codec != "utf-8-sig"):
                return None
            skip = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
            chunk = head[skip:]
            while True:
                if b"\x00" in chunk:
                    return None
                text = decoder.decode(chunk, final=not chunk)
                chars += len(text)
                junk += len(RE_JUNK_CHAR.findall(text))
                has_text = has_text or bool(text.strip())
                if not chunk:
                    break
                chunk = fh.read(_SCAN_CHUNK)
    except (OSError, UnicodeDecodeError):
        return None
    if _text_problem(has_text, junk, chars, name) is not None:
        return None

    def lines() -> Iterator[str]:
        try:
            with path.open("rb") as fh:
                for k, raw in enumerate(fh):
                    # checked as valid UTF-8 above; a file rewritten since is read as well as it can be
                    line = raw[skip:] if k == 0 else raw
                    yield line.decode("utf-8", errors="replace").removesuffix("\n")
        except OSError as exc:
            raise InputError(
                f"{name!r} could not be read to its end: {exc.strerror or exc}; the articles before the failure "
                "were kept; check the disk and run again with --resume",
                code="E105",
            ) from exc

    return lines()


def _jsonl_articles(path: Path, name: str) -> Iterator[ArticleInput | ErrorRecord]:
    lines = _utf8_lines(path, name)
    file_diagnostics: tuple[Diagnostic, ...] = ()
    if lines is None:
        try:
            text, file_diagnostics = decode_bytes(_read_bytes(path, name), name=name)
        except InputError as exc:
            yield _from_input_error(name, exc)
            return
        lines = iter(text.split("\n"))
    try:
        yield from _jsonl_line_articles(lines, path, name, file_diagnostics)
    except InputError as exc:  # the file failed while it was streamed: the articles before it are kept
        yield _from_input_error(name, exc)


def _jsonl_line_articles(
    lines: Iterator[str], path: Path, name: str, file_diagnostics: tuple[Diagnostic, ...]
) -> Iterator[ArticleInput | ErrorRecord]:
    for lineno, obj, problem in _json_objects(lines):
        where = f"{name}:{lineno}"
        if obj is None:
            if problem and problem.startswith("is not valid JSON"):
                yield _error(
                    where,
                    "E106",
                    f"line {lineno} of {name!r} {problem}; each line must be one complete JSON "
                    'object, e.g. {"id": "a1", "text": "..."}; a line cut short or a line break inside a string '
                    "are the usual causes",
                )
            else:
                yield _error(
                    where,
                    "E107",
                    f"line {lineno} of {name!r} {problem}; each line must "
                    'be one article object, e.g. {"id": "a1", "text": "..."}',
                )
            continue
        raw_id = obj.get("id", obj.get("doc_id"))
        known_id = str(raw_id) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else None
        try:
            article = _jsonl_line(obj, name, lineno, default_id=f"{path.stem}-{lineno}")
        except InputError as exc:
            yield _from_input_error(where, exc, known_id)
            continue
        if file_diagnostics:
            article = article.model_copy(update={"diagnostics": file_diagnostics + article.diagnostics})
        yield article


# --------------------------------------------------------------------------- directories


@dataclass(frozen=True)
class _Entry:
    rel: Path
    error: OSError | None = None


def _walk(root: Path) -> list[_Entry]:
    """Every non-hidden file under ``root`` (following links, once each), plus directories that failed to list."""
    entries: list[_Entry] = []
    seen: set[str] = set()

    def failed(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        try:
            rel = where.relative_to(root)
        except ValueError:
            rel = Path(where.name)
        entries.append(_Entry(rel, exc))

    for dirpath, dirnames, filenames in os.walk(root, onerror=failed, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:  # a link back up the tree
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        here = Path(dirpath).relative_to(root)
        entries.extend(_Entry(here / f) for f in filenames if not f.startswith("."))
    entries.sort(key=lambda e: e.rel.parts)
    return entries


def _directory(
    root: Path, label: str, given_manifests: dict[str, dict[str, dict[str, Any]]]
) -> Iterator[ArticleInput | ErrorRecord]:
    entries = _walk(root)
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    for entry in entries:
        if entry.error is None and entry.rel.name.lower() == MANIFEST_NAME:
            manifest_path = root / entry.rel
            manifests[entry.rel.parent], errors = _read_manifest(manifest_path, str(Path(label) / entry.rel))
            given_manifests[os.path.realpath(manifest_path)] = manifests[entry.rel.parent]
            yield from errors
    n_articles = 0
    n_candidates = 0
    for entry in entries:
        name = str(Path(label) / entry.rel)
        if entry.error is not None:
            yield _error(
                name,
                "E105",
                f"directory {name!r} cannot be listed: {entry.error.strerror or entry.error}; give read access or "
                "leave it out",
            )
            continue
        if entry.rel.name.lower() == MANIFEST_NAME:
            continue
        suffix = entry.rel.suffix.lower()
        if suffix not in ARTICLE_SUFFIXES:
            # a README or a PDF beside the articles is no failed input: it is skipped and listed (W309)
            yield _error(name, SKIPPED_CODE, f"{name!r} is not an article file ({_SUPPORTED}); skipped")
            continue
        n_candidates += 1
        meta: dict[str, Any] = {}
        if suffix not in JSONL_SUFFIXES:
            for parent in (entry.rel.parent, *entry.rel.parent.parents):
                if entry.rel.stem in manifests.get(parent, {}):
                    meta = manifests[parent][entry.rel.stem]
                    break
        for item in _file(root / entry.rel, name, meta):
            n_articles += isinstance(item, ArticleInput)
            yield item
    if n_articles == 0:
        if n_candidates == 0:
            detail = f"it holds no article files ({_SUPPORTED}; hidden files are skipped)"
        else:
            detail = f"none of its {n_candidates} article file(s) could be used (see their errors)"
        yield _error(label, "E109", f"directory {label!r} yielded no articles: {detail}; check the path")


def _file(path: Path, name: str, meta: Mapping[str, Any]) -> Iterator[ArticleInput | ErrorRecord]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        try:
            yield from _jsonl_articles(path, name)
        except Exception as exc:  # the articles read before the failure are kept; the file is named
            yield _error(name, "E150", unexpected_failure(exc, "reading"), path.stem)
        return
    try:
        yield _file_article(path, name, meta)
    except InputError as exc:
        yield _from_input_error(name, exc, path.stem)
    except Exception as exc:  # an unexpected failure reading one file must not end the run
        yield _error(name, "E150", unexpected_failure(exc, "reading"), path.stem)


def _single(
    given: Path, label: str, manifests: dict[str, dict[str, dict[str, Any]]]
) -> Iterator[ArticleInput | ErrorRecord]:
    if not os.path.lexists(given):
        yield _error(
            label,
            "E101",
            f"input {label!r} does not exist; check the path, which is relative to the current directory unless "
            "absolute",
        )
        return
    if given.is_dir():
        yield from _directory(given, label, manifests)
        return
    if not given.is_file() and given.exists():
        yield _error(label, "E102", f"{label!r} is not a regular file or directory; pass files ({_SUPPORTED})")
        return
    suffix = given.suffix.lower()
    if given.name.lower() == MANIFEST_NAME:
        parent = str(given.parent)
        yield _error(
            label,
            "E102",
            f"{label!r} is a metadata manifest, not a file of articles; pass its directory ({parent!r}) to read "
            "the articles it describes",
        )
        return
    if suffix not in ARTICLE_SUFFIXES:
        yield _error(label, "E102", _unsupported_message(label))
        return
    meta: Mapping[str, Any] = {}
    if suffix not in JSONL_SUFFIXES:
        manifest_path = given.parent / MANIFEST_NAME
        if manifest_path.is_file():
            key = os.path.realpath(manifest_path)
            if key not in manifests:
                manifests[key], errors = _read_manifest(manifest_path, str(manifest_path))
                yield from errors
            meta = manifests[key].get(given.stem, {})
    yield from _file(given, label, meta)


def read_inputs(paths: Sequence[Path | str]) -> Iterator[ArticleInput | ErrorRecord]:
    """Read articles from files and directories, yielding one article or one error record per input.

    Order is deterministic: paths in the order given; inside a directory, recursively, sorted by relative path
    (component by component), with the errors of its ``manifest.jsonl`` files first. A directory's manifest gives
    metadata to the .txt/.text/.md/.html/.htm articles whose file stem equals a ``doc_id``, in that directory and
    below (the nearest manifest that names the stem wins); a single file uses the manifest beside it. Manifest
    values win over metadata found in a page. Hidden files and directories are skipped. Article ids must be unique
    across all inputs: the first wins and each later one becomes an E108 error record naming both sources.
    A file in a directory that is not an article (no supported extension) is a record with code ``W309``
    (:data:`SKIPPED_CODE`): skipped, not failed; a path given explicitly that is not an article stays E102.
    Never raises for a bad input.
    """
    first_source: dict[str, str] = {}
    manifests: dict[str, dict[str, dict[str, Any]]] = {}
    for given in paths:
        label = str(given)
        for item in _single(Path(given), label, manifests):
            if isinstance(item, ArticleInput):
                source = item.source or label
                first = first_source.get(item.doc_id)
                if first is not None:
                    hint = (
                        "the same input was given twice; pass it once"
                        if first == source
                        else "give every article a unique id (for files: the file name without its extension)"
                    )
                    yield _error(
                        source,
                        "E108",
                        f"article id {item.doc_id!r} of {source!r} is already used by {first!r}; the first one is "
                        f"kept and this one skipped; {hint}",
                        item.doc_id,
                    )
                    continue
                first_source[item.doc_id] = source
            yield item


# --------------------------------------------------------------------------- writing


def _json_default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return dump_record(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _plain(row: Mapping[str, Any] | BaseModel) -> Any:
    return dump_record(row) if isinstance(row, BaseModel) else row


def _json_line(row: Mapping[str, Any] | BaseModel) -> str:
    # allow_nan=False: NaN is not JSON and would break strict readers of the output
    line = json.dumps(_plain(row), ensure_ascii=False, sort_keys=False, allow_nan=False, default=_json_default)
    return line + "\n"


def _write_error(path: Path, exc: OSError) -> OutputError:
    return OutputError(
        f"cannot write {str(path)!r}: {exc.strerror or exc}; check free space and permissions, or choose "
        "another output directory",
        code="E301",
    )


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable; not every platform lets a directory be opened, so this is best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


class AtomicWriter:
    """Write a text file so that readers see the old content or the complete new content, never a part.

    ``with AtomicWriter(path) as fh: fh.write(...)`` writes to a hidden temporary file in the same directory,
    and on success flushes, fsyncs and ``os.replace``-s it over ``path`` (keeping the old file's permissions).
    On an exception the temporary file is removed, any existing ``path`` is left untouched, and the exception
    propagates. OS errors become :class:`OutputError` E301.
    """

    def __init__(self, path: Path | str, *, encoding: str = "utf-8") -> None:
        self.path = Path(path)
        self.encoding = encoding
        self._tmp: Path | None = None
        self._fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        directory = self.path.parent
        for _ in range(100):
            tmp = directory / f".{self.path.name}.{secrets.token_hex(4)}.tmp"
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            except OSError as exc:
                raise _write_error(self.path, exc) from exc
            break
        else:  # pragma: no cover - a hundred random names all taken
            raise OutputError(f"cannot create a temporary file beside {str(self.path)!r}", code="E301")
        try:
            mode = stat.S_IMODE(os.stat(self.path).st_mode)
            os.chmod(tmp, mode)
        except OSError:
            pass  # no old file (or no permission to copy its mode): keep the default mode
        self._tmp = tmp
        self._fh = os.fdopen(fd, "w", encoding=self.encoding, newline="")
        return self._fh

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        fh, tmp = self._fh, self._tmp
        self._fh = self._tmp = None
        if fh is None or tmp is None:
            return
        if exc_type is not None:
            self._discard(fh, tmp)
            return
        try:
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.replace(tmp, self.path)
        except BaseException as err:
            self._discard(fh, tmp)
            if isinstance(err, OSError):
                raise _write_error(self.path, err) from err
            raise
        _fsync_dir(self.path.parent)

    @staticmethod
    def _discard(fh: IO[str], tmp: Path) -> None:
        with contextlib.suppress(OSError):
            fh.close()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_jsonl_atomic(path: Path, rows: Iterable[Mapping[str, Any] | BaseModel]) -> int:
    """Write ``rows`` as JSON Lines (records via :func:`dump_record`), atomically; returns the number of lines."""
    count = 0
    with AtomicWriter(path) as fh:
        for row in rows:
            fh.write(_json_line(row))
            count += 1
    return count


def write_json_atomic(path: Path, obj: Any) -> None:
    """Write one JSON document (indented, UTF-8, final newline), atomically."""
    text = json.dumps(_plain(obj), ensure_ascii=False, indent=2, allow_nan=False, default=_json_default)
    with AtomicWriter(path) as fh:
        fh.write(text + "\n")


def _is_json_object(data: bytes) -> bool:
    try:
        return isinstance(json.loads(data), dict)
    except (ValueError, RecursionError):
        return False


def _repair_tail(fh: IO[bytes]) -> None:
    """Make the file end with a complete line: finish a whole record, or cut a torn one off."""
    size = fh.seek(0, os.SEEK_END)
    if size == 0:
        return
    fh.seek(size - 1)
    if fh.read(1) == b"\n":
        return
    pos, chunk = size, 65536
    while pos > 0:
        start = max(0, pos - chunk)
        fh.seek(start)
        found = fh.read(pos - start).rfind(b"\n")
        if found != -1:
            cut = start + found + 1
            break
        pos = start
    else:
        cut = 0
    fh.seek(cut)
    if _is_json_object(fh.read(size - cut)):
        fh.seek(size)
        fh.write(b"\n")
    else:
        fh.truncate(cut)


def append_jsonl(path: Path, rows: Iterable[Mapping[str, Any] | BaseModel]) -> int:
    """Append ``rows`` as whole JSON lines, then flush and fsync; returns the number of lines appended.

    Made for resumable runs: call it once per batch. The file is created if missing. A torn last line left by
    a killed run is removed first (or completed with its newline when it is a whole record), so appended lines
    always start on a line of their own. The batch is serialised before anything is written, so a row that
    cannot be serialised writes nothing.
    """
    path = Path(path)
    data = "".join(_json_line(row) for row in rows).encode("utf-8")
    try:
        with open(path, "r+b" if path.exists() else "x+b") as fh:
            _repair_tail(fh)
            fh.seek(0, os.SEEK_END)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise _write_error(path, exc) from exc
    return data.count(b"\n")


def read_jsonl_records(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL output file, for resuming; a missing file yields nothing.

    A torn last line (a killed run) is ignored. A bad line anywhere else means the file is damaged and raises
    :class:`InputError` E106 naming the line.
    """
    path = Path(path)
    if not path.exists():
        return
    try:
        with open(path, "rb") as fh:
            for lineno, raw in enumerate(fh, start=1):
                complete = raw.endswith(b"\n")
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except (ValueError, RecursionError) as exc:
                    if not complete:
                        return
                    raise InputError(
                        f"line {lineno} of {str(path)!r} is not valid JSON, so the file is damaged; remove that "
                        "line (or the file, and run again without resuming)",
                        code="E106",
                    ) from exc
                if not isinstance(obj, dict):
                    raise InputError(
                        f"line {lineno} of {str(path)!r} is JSON but not an object; the file is not an output of "
                        "this tool or is damaged; remove it and run again without resuming",
                        code="E106",
                    )
                yield obj
    except OSError as exc:
        raise InputError(f"{str(path)!r} cannot be read: {exc.strerror or exc}", code="E105") from exc


def ensure_writable_dir(path: Path) -> None:
    """Create ``path`` (and its parents) if needed and prove it is writable by creating and removing a file.

    Raises :class:`OutputError` E301 with the reason; call it before any work starts.
    """
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise OutputError(
            f"output directory {str(path)!r} cannot be created: it or one of its parents is an existing file; "
            "choose another output directory or move the file",
            code="E301",
        ) from exc
    except OSError as exc:
        raise OutputError(
            f"output directory {str(path)!r} cannot be created: {exc.strerror or exc}; choose a directory you can "
            "write to",
            code="E301",
        ) from exc
    try:
        fd, probe = tempfile.mkstemp(dir=path, prefix=".write-check-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(
            f"output directory {str(path)!r} is not writable: {exc.strerror or exc}; fix its permissions or choose "
            "another output directory",
            code="E301",
        ) from exc


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Binary sibling of :class:`AtomicWriter`: readers see the old file or the complete new one."""
    path = Path(path)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _write_error(path, exc) from exc
    _fsync_dir(path.parent)


def remove_files(directory: Path, names: Iterable[str]) -> None:
    """Delete the named files of a scratch directory, then the directory if it is empty (missing ones are fine)."""
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            (directory / name).unlink()
    with contextlib.suppress(FileNotFoundError, OSError):
        directory.rmdir()
