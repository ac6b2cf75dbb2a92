"""Decoding the bytes of an input into text: byte-order marks, encoding detection, mojibake repair, and the checks
that tell text from binary data."""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import Any

from infclaims.errors import InputError
from infclaims.io.kinds import SUPPORTED as _SUPPORTED
from infclaims.models import Diagnostic

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
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


def text_problem(has_text: bool, junk: int, chars: int, name: str) -> InputError | None:
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


def check_text(text: str, name: str) -> None:
    problem = text_problem(bool(text.strip()), len(RE_JUNK_CHAR.findall(text)), len(text), name)
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
        check_text("", name)
    encoding: str | None = next((codec for bom, codec in BOMS if data.startswith(bom)), None)
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
    check_text(text, name)
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
