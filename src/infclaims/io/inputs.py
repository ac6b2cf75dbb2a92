"""Finding and reading inputs: files, folders with their manifests, JSONL archives and HTML pages, each coming back
as an :class:`ArticleInput` or an :class:`ErrorRecord` (reading never raises for a bad input)."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infclaims import lexicons
from infclaims.errors import InputError, unexpected_failure
from infclaims.io.decoding import (
    BOMS,
    RE_JUNK_CHAR,
    RE_LONE_SURROGATE,
    check_text,
    decode_bytes,
    repair_mojibake,
    text_problem,
)
from infclaims.io.kinds import (
    ARTICLE_SUFFIXES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    MANIFEST_NAME,
    SUPPORTED,
)
from infclaims.models import ArticleInput, Diagnostic, ErrorRecord

MANIFEST_FIELDS = ("outlet", "published", "title", "url")
STAGE = "read"

_SUPPORTED = SUPPORTED

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


def read_metadata(obj: Mapping[str, Any], *, where: str = "") -> tuple[dict[str, Any], list[Diagnostic], bool]:
    """The metadata fields of a manifest or JSONL line (``outlet``, ``published``, ``title``, ``url``): the valid
    values, a W306 diagnostic for each value that cannot be used (the field is ignored, the article kept), and
    whether a lone surrogate had to be replaced."""
    meta: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    scrubbed = False
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
                        message=f"{where}'published' {value!r} is not a date infclaims can read (ISO 2024-03-07, "
                        "'Dec 3, 2019', '3 December 2019', ...); the field is ignored and the article kept",
                    )
                )
            else:
                meta[field] = date
        elif isinstance(value, str):
            meta[field], scrubbed_field = _scrub_surrogates(value)
            scrubbed = scrubbed or scrubbed_field
        else:
            problems.append(
                Diagnostic(code="W306", message=f"{where}{field!r} {value!r} is not a string; the field is ignored")
            )
    return meta, problems, scrubbed


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
        entry, problems, _ = read_metadata(obj, where=f"{where}: ")
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
    check_text(text, where)
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
    meta, problems, scrubbed_meta = read_metadata(obj)
    diagnostics.extend(problems)
    scrubbed = scrubbed or scrubbed_meta
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
            if any(head.startswith(bom) for bom, codec in BOMS if codec != "utf-8-sig"):
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
    if text_problem(has_text, junk, chars, name) is not None:
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
