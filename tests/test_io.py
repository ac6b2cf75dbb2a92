"""Reading inputs and writing outputs: every bad input becomes a coded error record, writes are atomic."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import random
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from infclaims.errors import CODES, InputError, OutputError
from infclaims.io import (
    AtomicWriter,
    append_jsonl,
    decode_bytes,
    ensure_writable_dir,
    parse_published,
    read_inputs,
    read_jsonl_records,
    read_manifest,
    repair_mojibake,
    write_json_atomic,
    write_jsonl_atomic,
)
from infclaims.models import ArticleInput, Diagnostic, ErrorRecord, dump_record

BAD = Path(__file__).parent / "data" / "bad"

UTF16_TEXT = (
    "Finance Minister Tomas Varga said on Friday that the government would not raise fuel taxes this year.\n\n"
    "“Families have carried enough of the burden,” Varga told parliament, adding that the budget gap would be "
    "closed by cutting spending on consultants.\n"
)
CP1252_TEXT = (
    "Café owners in the old town say business has fallen by 20–30 percent since the bridge closed.\n\n"
    "“We are losing customers every week,” said Hélène Marchand, who runs a café near the station. The deputy "
    "mayor said repairs would start in May.\n"
)
LATIN1_TEXT = (
    "Jürg Brändli, the mayor of a small town near Zürich, said on Thursday that the new tram line would open in "
    'June.\n\n"The café owners on the Hauptstrasse have waited long enough," Brändli told the council. He put the '
    "cost at £4 million.\n"
)
MOJIBAKE_REPAIRED = (
    "Russia’s foreign ministry on Sunday dismissed the report as “a fabrication from start to finish”.\n\n"
    "The ministry’s spokeswoman said the country’s diplomats had not been consulted – and that the author, "
    "René Falk, had never visited the region.\n"
)


def _codes(article: ArticleInput) -> list[str]:
    return [d.code for d in article.diagnostics]


def _read(*paths: Path | str) -> list[ArticleInput | ErrorRecord]:
    return list(read_inputs(list(paths)))


def _by_input(items: list[ArticleInput | ErrorRecord]) -> dict[str, ArticleInput | ErrorRecord]:
    out: dict[str, ArticleInput | ErrorRecord] = {}
    for item in items:
        key = item.source if isinstance(item, ArticleInput) else item.input
        assert key is not None
        assert key not in out, f"two results for {key}"
        out[key] = item
    return out


@pytest.fixture(scope="module")
def bad_results() -> dict[str, ArticleInput | ErrorRecord]:
    items = _read(BAD)
    return {Path(k).relative_to(BAD).as_posix(): v for k, v in _by_input(items).items()}


# --------------------------------------------------------------------------- the bad corpus


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("articles.jsonl:1", "article"),
        ("articles.jsonl:2", "E106"),
        ("articles.jsonl:3", "E107"),
        ("articles.jsonl:5", "E108"),
        ("articles.jsonl:6", "article W306"),
        ("binary.txt", "E104"),
        ("cp1252.txt", "article W304"),
        ("empty.html", "E111"),
        ("empty.txt", "E103"),
        ("good_a.txt", "article"),
        ("good_b.txt", "article"),
        ("latin1.txt", "article W304"),
        ("manifest.jsonl:4", "E110"),
        ("mojibake.txt", "article W302"),
        ("notes.pdf", "W309"),
        ("page.html", "article"),
        ("README.md", "article"),
        ("utf16.txt", "article W304"),
        ("utf8_bom.txt", "article"),
        ("whitespace.txt", "E103"),
    ],
)
def test_io_bad_corpus_expected_code(
    bad_results: dict[str, ArticleInput | ErrorRecord], name: str, expected: str
) -> None:
    item = bad_results[name]
    kind, *diagnostics = expected.split()
    if kind == "article":
        assert isinstance(item, ArticleInput), item
        assert _codes(item) == diagnostics
    else:
        assert isinstance(item, ErrorRecord), item
        assert item.code == kind
        assert item.stage == "read"
        assert item.message


def test_io_bad_corpus_every_input_accounted_for(bad_results: dict[str, ArticleInput | ErrorRecord]) -> None:
    items = _read(BAD)
    articles = [i for i in items if isinstance(i, ArticleInput)]
    errors = [i for i in items if isinstance(i, ErrorRecord)]
    assert (len(articles), len(errors)) == (11, 9)
    files = {p.name for p in BAD.iterdir() if not p.name.startswith(".")}
    seen = {Path(k.split(":")[0]).name for k in bad_results}
    assert seen == files  # every file left a trace (the manifest through its bad line)
    assert len({a.doc_id for a in articles}) == len(articles)


def test_io_error_codes_are_in_the_code_table(bad_results: dict[str, ArticleInput | ErrorRecord]) -> None:
    for item in bad_results.values():
        codes = [item.code] if isinstance(item, ErrorRecord) else _codes(item)
        assert all(code in CODES for code in codes)


def test_io_error_messages_name_the_input(bad_results: dict[str, ArticleInput | ErrorRecord]) -> None:
    for key, item in bad_results.items():
        if isinstance(item, ErrorRecord):
            assert Path(key.split(":")[0]).name in item.message


# --------------------------------------------------------------------------- encodings and repair


@pytest.mark.parametrize(
    ("name", "text", "warning"),
    [
        ("utf16.txt", UTF16_TEXT, "UTF-16"),
        ("cp1252.txt", CP1252_TEXT, "cp1252"),
        ("latin1.txt", LATIN1_TEXT, "Latin-1"),
        ("mojibake.txt", MOJIBAKE_REPAIRED, None),
    ],
)
def test_io_encodings_decode_to_the_expected_text(
    bad_results: dict[str, ArticleInput | ErrorRecord], name: str, text: str, warning: str | None
) -> None:
    article = bad_results[name]
    assert isinstance(article, ArticleInput)
    assert article.text == text
    w304 = [d.message for d in article.diagnostics if d.code == "W304"]
    if warning is None:
        assert w304 == []
    else:
        assert len(w304) == 1 and warning in w304[0]


def test_io_utf8_bom_is_dropped_without_warning(bad_results: dict[str, ArticleInput | ErrorRecord]) -> None:
    article = bad_results["utf8_bom.txt"]
    assert isinstance(article, ArticleInput)
    assert article.text.startswith("Fishermen protest")
    assert article.diagnostics == ()


def test_io_mojibake_repaired_with_w302(bad_results: dict[str, ArticleInput | ErrorRecord]) -> None:
    article = bad_results["mojibake.txt"]
    assert isinstance(article, ArticleInput)
    assert "â€" not in article.text
    (w302,) = [d for d in article.diagnostics if d.code == "W302"]
    assert "Russiaâ€™s" in w302.message and "Russia’s" in w302.message


@pytest.mark.parametrize(
    "text",
    [
        "“We will not back down,” she said.",
        "He said 'no' -- twice.",
        "The ﬁrst ofﬁcial ﬁgures",  # ligatures stay
        "Ｔｏｋｙｏ ２０２４",  # full-width stays
        "Cafe\u0301 in NFD form",  # no normalisation
        "café, naïve, São Paulo, Łódź, Москва, 東京",
        "Price:\u00a0£4\u00a0million",
        "Line one\r\nLine two\u2028",
        "&amp; stays an entity",
    ],
)
def test_io_repair_mojibake_leaves_normal_text_alone(text: str) -> None:
    assert repair_mojibake(text) == (text, None)


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Russiaâ€™s", "Russia’s"),
        ("â€œWe reject this,â€\x9d he said", "“We reject this,” he said"),
        ("RenÃ© Falk", "René Falk"),
        ("costs rose 3â€“5 percent", "costs rose 3–5 percent"),
    ],
)
def test_io_repair_mojibake_fixes_double_encoding(broken: str, fixed: str) -> None:
    text, diagnostic = repair_mojibake(broken)
    assert text == fixed
    assert diagnostic is not None and diagnostic.code == "W302"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E103"),
        (b" \n\t\r\n", "E103"),
        ("  \n".encode("utf-16"), "E103"),
        (b"\xef\xbb\xbf", "E103"),
        (b"text\x00with a NUL", "E104"),
        (bytes(range(1, 32)) * 10, "E104"),
        (b"\xff\xfe\x00", "E104"),  # UTF-16 mark, odd length
        (random.Random(0).randbytes(300).replace(b"\x00", b"\x01"), "E104"),  # noise, no NUL
    ],
)
def test_io_decode_bytes_rejects(data: bytes, code: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, name="x.txt")
    assert info.value.code == code
    assert "x.txt" in str(info.value)


@pytest.mark.parametrize(
    ("data", "text", "codes"),
    [
        (b"plain ascii", "plain ascii", []),
        ("naïve “quotes”".encode(), "naïve “quotes”", []),
        ("naïve “quotes”".encode("utf-8-sig"), "naïve “quotes”", []),
        ("naïve “quotes”".encode("utf-16-be").join([b"\xfe\xff", b""]), "naïve “quotes”", ["W304"]),
        ("naïve “quotes”".encode("utf-32"), "naïve “quotes”", ["W304"]),
        ("Café".encode("latin-1"), "Café", ["W304"]),
        ("“Café”".encode("cp1252"), "“Café”", ["W304"]),
    ],
)
def test_io_decode_bytes_accepts(data: bytes, text: str, codes: list[str]) -> None:
    decoded, diagnostics = decode_bytes(data)
    assert decoded == text
    assert [d.code for d in diagnostics] == codes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-07", dt.date(2024, 3, 7)),
        ("2024-03-07T10:15:00Z", dt.date(2024, 3, 7)),
        (" 2024-03-07 ", dt.date(2024, 3, 7)),
        (dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        ("7 March 2024", dt.date(2024, 3, 7)),
        ("Dec 3, 2019", dt.date(2019, 12, 3)),
        ("Dec. 3, 2019", dt.date(2019, 12, 3)),
        ("December 3, 2019", dt.date(2019, 12, 3)),
        ("Sept. 24, 2019", dt.date(2019, 9, 24)),
        ("Tuesday, September 24th, 2019", dt.date(2019, 9, 24)),
        ("3 Dec 2019", dt.date(2019, 12, 3)),
        ("2019/12/03", dt.date(2019, 12, 3)),
        ("03.12.2019", dt.date(2019, 12, 3)),
        ("Tue, 03 Dec 2019 10:00:00 GMT", dt.date(2019, 12, 3)),
        ("03/12/2019", None),  # day-first or month-first: refused, not guessed
        ("12/03/19", None),
        ("Dec 2019", None),  # no day
        ("Dec 32, 2019", None),
        ("yesterday", None),
        ("last Tuesday", None),
        ("2024-02-30", None),
        (20240307, None),
        (None, None),
    ],
)
def test_io_parse_published(value: object, expected: dt.date | None) -> None:
    assert parse_published(value) == expected


# --------------------------------------------------------------------------- JSONL, manifest, HTML


def test_io_jsonl_errors_carry_line_numbers(bad_results: dict[str, ArticleInput | ErrorRecord]) -> None:
    for line, code in [(2, "E106"), (3, "E107"), (5, "E108")]:
        error = bad_results[f"articles.jsonl:{line}"]
        assert isinstance(error, ErrorRecord) and error.code == code
        assert error.input.endswith(f"articles.jsonl:{line}")
    assert "articles.jsonl:4" not in bad_results  # the empty line is skipped
    good = bad_results["articles.jsonl:1"]
    assert isinstance(good, ArticleInput)
    assert (good.doc_id, good.outlet, good.published, good.title) == (
        "wire-001",
        "Coastal Wire",
        dt.date(2024, 3, 7),
        "Central bank holds rates",
    )
    undated = bad_results["articles.jsonl:6"]
    assert isinstance(undated, ArticleInput) and undated.published is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ({"id": 7, "text": "An article."}, "article 7"),
        ({"text": "An article without an id."}, "article feed-1 W307"),
        ({"id": True, "text": "An article."}, "E112"),
        ({"id": "  ", "text": "An article."}, "E112"),
        ({"id": "a", "text": "   "}, "E103"),
        ({"id": "a", "text": 42}, "E107"),
        ({"id": "a", "body": "wrong field"}, "E107"),
        (["a", "list"], "E107"),
        ({"id": "a", "text": "Text.", "outlet": 5}, "article a W306"),
        ({"id": "a", "text": "Broken \ud83d emoji."}, "article a W308"),
        ({"doc_id": "a", "text": "Text.", "published": "2024-01-31T08:00:00+01:00"}, "article a"),
    ],
)
def test_io_jsonl_line_outcomes(tmp_path: Path, line: object, expected: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    (item,) = _read(path)
    kind, *rest = expected.split()
    if kind == "article":
        assert isinstance(item, ArticleInput), item
        assert item.doc_id == rest[0]
        assert _codes(item) == rest[1:]
        assert item.source == f"{path}:1"
    else:
        assert isinstance(item, ErrorRecord)
        assert (item.code, item.input) == (kind, f"{path}:1")


def test_io_jsonl_file_level_problems(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "legacy.jsonl").write_bytes('{"id": "x", "text": "Café “noir”."}\n'.encode("cp1252"))
    empty, legacy = _read(tmp_path / "empty.jsonl", tmp_path / "legacy.jsonl")
    assert isinstance(empty, ErrorRecord) and empty.code == "E103"
    assert isinstance(legacy, ArticleInput) and legacy.text == "Café “noir”." and _codes(legacy) == ["W304"]


def test_io_manifest_metadata_is_applied(bad_results: dict[str, ArticleInput | ErrorRecord]) -> None:
    good_a = bad_results["good_a.txt"]
    assert isinstance(good_a, ArticleInput)
    assert (good_a.doc_id, good_a.outlet, good_a.published, good_a.url) == (
        "good_a",
        "Kessling Courier",
        dt.date(2024, 3, 12),
        "https://courier.example/port-vote",
    )
    good_b = bad_results["good_b.txt"]
    assert isinstance(good_b, ArticleInput)
    assert (good_b.outlet, good_b.published, good_b.url) == ("Daily Ledger", dt.date(2024, 5, 6), None)
    utf16 = bad_results["utf16.txt"]
    assert isinstance(utf16, ArticleInput) and (utf16.outlet, utf16.published) == (None, None)


def test_io_read_manifest_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "manifest.jsonl"
    lines = [
        {"doc_id": "a", "outlet": "Ledger", "published": "2024-01-02", "extra": "ignored"},
        {"doc_id": "b", "published": "Tuesday", "title": "Kept"},
        {"outlet": "no id"},
        {"doc_id": "a", "outlet": "repeat"},
        {"doc_id": "c", "title": ["not", "a", "string"]},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n[1]\n", encoding="utf-8")
    entries, errors = read_manifest(path)
    diagnostics = {
        k: [(d.code, d.message.split(": ")[0]) for d in v.pop("diagnostics", ())] for k, v in entries.items()
    }
    assert entries == {
        "a": {"outlet": "Ledger", "published": dt.date(2024, 1, 2)},
        "b": {"title": "Kept"},
        "c": {},
    }
    # a bad value costs its field, not the article: W306 on the article the line describes
    assert diagnostics == {"a": [], "b": [("W306", f"{path}:2")], "c": [("W306", f"{path}:5")]}
    assert [(e.code, e.input) for e in errors] == [("E110", f"{path}:{n}") for n in (3, 4, 6)]


def test_io_manifest_nearest_wins_and_single_files_use_the_one_beside_them(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "manifest.jsonl").write_text(
        '{"doc_id": "a", "outlet": "Top"}\n{"doc_id": "b", "outlet": "Top"}\n', encoding="utf-8"
    )
    (tmp_path / "sub" / "manifest.jsonl").write_text('{"doc_id": "b", "outlet": "Sub"}\n', encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("The mayor said the bridge would reopen.", encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text("The council said the budget was balanced.", encoding="utf-8")
    a, b = _read(tmp_path)
    assert isinstance(a, ArticleInput) and isinstance(b, ArticleInput)
    assert (a.outlet, b.outlet) == ("Top", "Sub")
    (single,) = _read(tmp_path / "sub" / "b.txt")
    assert isinstance(single, ArticleInput) and single.outlet == "Sub"


def test_io_html_main_text_title_and_date(bad_results: dict[str, ArticleInput | ErrorRecord]) -> None:
    page = bad_results["page.html"]
    assert isinstance(page, ArticleInput)
    assert "we will have to bring in a hosepipe ban" in page.text
    assert "Sofia Lindqvist" in page.text
    for chrome in ("Subscribe", "All rights reserved", "Most read", "Cookie settings"):
        assert chrome not in page.text
    assert page.title == "Water board warns of summer shortages"
    assert page.published == dt.date(2024, 6, 18)
    assert page.outlet == "Northern Gazette"  # from the manifest


def test_io_manifest_wins_over_page_metadata(tmp_path: Path) -> None:
    html = (BAD / "page.html").read_text(encoding="utf-8")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text('{"doc_id": "page", "published": "2024-06-17"}\n', encoding="utf-8")
    (page,) = _read(tmp_path)
    assert isinstance(page, ArticleInput)
    assert (page.published, page.title) == (dt.date(2024, 6, 17), "Water board warns of summer shortages")


# --------------------------------------------------------------------------- paths, order, duplicates


def test_io_missing_unsupported_and_manifest_paths(tmp_path: Path) -> None:
    (tmp_path / "report.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "manifest.jsonl").write_text('{"doc_id": "a"}\n', encoding="utf-8")
    items = _read(tmp_path / "missing.txt", str(tmp_path / "report.docx"), tmp_path / "manifest.jsonl")
    assert [(i.code, i.input) for i in items if isinstance(i, ErrorRecord)] == [
        ("E101", str(tmp_path / "missing.txt")),
        ("E102", str(tmp_path / "report.docx")),
        ("E102", str(tmp_path / "manifest.jsonl")),
    ]
    unsupported = items[1]
    assert isinstance(unsupported, ErrorRecord) and ".txt" in unsupported.message  # names the supported formats


def test_io_directory_without_articles(tmp_path: Path) -> None:
    (tmp_path / "none").mkdir()
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "pdfs" / ".hidden.txt").write_text("A hidden article.", encoding="utf-8")
    items = _read(tmp_path / "none", tmp_path / "pdfs")
    assert [(i.code, Path(i.input).name) for i in items if isinstance(i, ErrorRecord)] == [
        ("E109", "none"),
        ("W309", "scan.pdf"),
        ("E109", "pdfs"),
    ]


def test_io_order_is_deterministic_and_hidden_files_are_skipped(tmp_path: Path) -> None:
    names = ["b.txt", "a/z.txt", "a.md", "a/b/c.txt", "d.htm", ".git/x.txt", "a/.secret.txt", "B.text"]
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        body = f"<html><body><article><p>{'The minister said it. ' * 10}</p></article></body></html>"
        path.write_text(body if name.endswith(".htm") else f"The minister said {name} was ready.", encoding="utf-8")
    first = _read(tmp_path)
    assert [Path(i.source or "").relative_to(tmp_path).as_posix() for i in first if isinstance(i, ArticleInput)] == [
        "B.text",
        "a/b/c.txt",
        "a/z.txt",
        "a.md",
        "b.txt",
        "d.htm",
    ]
    assert _read(tmp_path) == first


def test_io_inputs_keep_the_given_order(tmp_path: Path) -> None:
    for name in ("x.txt", "y.txt"):
        (tmp_path / name).write_text(f"The minister said {name}.", encoding="utf-8")
    items = _read(tmp_path / "y.txt", tmp_path / "x.txt")
    assert [i.doc_id for i in items] == ["y", "x"]


def test_io_duplicate_ids_first_wins(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "story.txt").write_text("The first story, said the editor.", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text('{"id": "story", "text": "The second story."}\n', encoding="utf-8")
    items = _read(tmp_path / "one", tmp_path / "feed.jsonl", tmp_path / "one" / "story.txt")
    first, second, third = items
    assert isinstance(first, ArticleInput) and first.text.startswith("The first story")
    for dup in (second, third):
        assert isinstance(dup, ErrorRecord) and dup.code == "E108" and dup.doc_id == "story"
        assert str(tmp_path / "one" / "story.txt") in dup.message
    assert isinstance(second, ErrorRecord) and second.input == f"{tmp_path / 'feed.jsonl'}:1"
    assert isinstance(third, ErrorRecord) and "given twice" in third.message


def test_io_unreadable_file_is_e105(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("The minister said nothing.", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that ignore file permissions")
        (error,) = _read(path)
        assert isinstance(error, ErrorRecord) and error.code == "E105" and "permission" in error.message
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_io_long_text_is_not_refused(tmp_path: Path) -> None:
    sentence = "“The port will reopen on Monday,” the harbour master told reporters, adding that repairs were done. "
    text = sentence * (1_000_000 // len(sentence) + 1)
    assert len(text) > 1_000_000
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    (article,) = _read(path)
    assert isinstance(article, ArticleInput)
    assert article.text == text and article.diagnostics == ()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_io_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.txt"
    path.write_bytes(data)
    (item,) = _read(path)
    if isinstance(item, ErrorRecord):
        assert item.code in {"E103", "E104"}
    else:
        assert item.text.strip()
        item.model_dump_json()  # writable as JSON


# --------------------------------------------------------------------------- writing


def test_io_atomic_writer_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")

    def rows() -> object:
        yield {"n": 1}
        raise RuntimeError("stage failed")

    with pytest.raises(RuntimeError):
        write_jsonl_atomic(target, rows())  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_io_atomic_writer_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    with AtomicWriter(target) as fh:
        fh.write("new\r\nline")
        assert target.read_text(encoding="utf-8") == "old"  # not visible before the end
    assert target.read_bytes() == b"new\r\nline"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_io_atomic_writer_missing_directory_is_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info, AtomicWriter(tmp_path / "nowhere" / "out.txt"):
        pass
    assert info.value.code == "E301"


def test_io_write_jsonl_and_json(tmp_path: Path) -> None:
    rows: list[Mapping[str, Any] | BaseModel] = [
        ErrorRecord(input="a.txt", code="E103", message="empty"),
        {"doc_id": "ü", "published": dt.date(2024, 1, 2), "tags": ("a", "b")},
    ]
    path = tmp_path / "rows.jsonl"
    assert write_jsonl_atomic(path, rows) == 2
    raw = path.read_bytes()
    assert raw.endswith(b"\n") and b"\r" not in raw and "ü".encode() in raw
    lines = raw.decode("utf-8").splitlines()
    assert list(json.loads(lines[0])) == ["schema_version", "input", "doc_id", "code", "message", "stage"]
    assert json.loads(lines[1]) == {"doc_id": "ü", "published": "2024-01-02", "tags": ["a", "b"]}
    write_json_atomic(tmp_path / "run.json", {"diagnostic": Diagnostic(code="W302", message="m")})
    assert json.loads((tmp_path / "run.json").read_text(encoding="utf-8")) == {
        "diagnostic": {"code": "W302", "message": "m", "span": None}
    }


def test_io_read_jsonl_records_ignores_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "statements.jsonl"
    path.write_bytes(b'{"id": 1}\n\n{"id": 2}\n{"id": 3, "text": "cut sh')
    assert list(read_jsonl_records(path)) == [{"id": 1}, {"id": 2}]
    assert list(read_jsonl_records(tmp_path / "absent.jsonl")) == []


def test_io_read_jsonl_records_raises_on_a_damaged_middle_line(tmp_path: Path) -> None:
    path = tmp_path / "statements.jsonl"
    path.write_bytes(b'{"id": 1}\n{"id": \n{"id": 3}\n')
    with pytest.raises(InputError) as info:
        list(read_jsonl_records(path))
    assert info.value.code == "E106" and "line 2" in str(info.value)


def test_io_append_jsonl_resumes_after_a_killed_run(tmp_path: Path) -> None:
    path = tmp_path / "statements.jsonl"
    assert append_jsonl(path, [{"id": 1}]) == 1
    with path.open("ab") as fh:
        fh.write(b'{"id": 2, "te')  # killed mid-line
    assert list(read_jsonl_records(path)) == [{"id": 1}]
    assert append_jsonl(path, [{"id": 2}, {"id": 3}]) == 2
    assert list(read_jsonl_records(path)) == [{"id": 1}, {"id": 2}, {"id": 3}]
    with path.open("ab") as fh:
        fh.write(b'{"id": 4}')  # whole record, only the newline lost
    assert append_jsonl(path, []) == 0
    assert path.read_bytes().endswith(b'{"id": 4}\n')
    assert [r["id"] for r in read_jsonl_records(path)] == [1, 2, 3, 4]


def test_io_ensure_writable_dir(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    ensure_writable_dir(target)
    assert target.is_dir() and list(target.iterdir()) == []
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    for bad in (blocker, blocker / "out"):
        with pytest.raises(OutputError) as info:
            ensure_writable_dir(bad)
        assert info.value.code == "E301" and str(bad) in str(info.value)


def test_io_read_errors_become_e105_even_with_privileges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("The minister said nothing.", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    (error,) = _read(path)
    assert isinstance(error, ErrorRecord) and (error.code, error.doc_id) == ("E105", "locked")


_MOJIBAKE_BITS = [
    "Russiaâ€™s",
    "â€œWe reject this,â€\x9d",
    "RenÃ©",
    "3â€“5",
    "café",
    "Москва",
    "\u00a0",
    "\x85",
    "\ud800",
    "‘’“”–—…",
    "Ã’",  # a lead character before a mark: the line goes to ftfy
    "â€",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(_MOJIBAKE_BITS), st.just("\n")), max_size=20))
def test_io_repair_line_by_line_equals_ftfy_on_the_whole_text(parts: list[str]) -> None:
    """Only non-ASCII lines go to ftfy; the result must be what ftfy gives for the whole text."""
    import ftfy

    from infclaims.io.decoding import _fix_lines, _fixer_config

    text = "".join(parts)
    assert _fix_lines(text) == ftfy.fix_text(text, _fixer_config())


def test_io_ftfy_leaves_every_short_run_of_plain_marks_alone() -> None:
    """Every string of up to three characters drawn from the marks the fixer skips and some ASCII: ftfy (with
    the project's settings) returns it unchanged, so skipping such lines cannot change a repair."""
    import itertools

    import ftfy

    from infclaims.io.decoding import _PLAIN_MARKS, _fixer_config

    config = _fixer_config()
    alphabet = [*sorted(_PLAIN_MARKS), "a", "I", " ", "'", '"', "-", "."]
    for n in (1, 2, 3):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            assert ftfy.fix_text(text, config) == text, text


@pytest.mark.parametrize(
    ("line", "needs"),
    [
        ("plain ASCII line\n", False),
        ("“We won’t,” he said — twice…\n", False),
        ("", False),
        ("Russiaâ€™s\n", True),
        ("café\n", True),
        ("Price:\u00a0£4\n", True),  # a no-break space is what restore_byte_a0 looks for
        ("“Москва”", True),
        ("\x85", True),
    ],
)
def test_io_which_lines_go_to_the_fixer(line: str, needs: bool) -> None:
    from infclaims.io.decoding import _needs_fixer

    assert _needs_fixer(line) is needs


# --------------------------------------------------------------------------- streaming JSONL

_JSONL_LINES = [
    '{"id": "a", "text": "The minister said the talks had failed."}',
    '{"id": "b", "text": "“We won’t,” she said — twice…", "published": "2019-02-01"}',
    '{"id": "c", "text": "Russiaâ€™s reply came late."}',
    '{"id": "d", "text": "Line one\\nLine two \\ud83d alone"}',
    '{"id": "e", "text": "Café, Москва, 東京: the envoys met."}',
    "",
    "   ",
    "not json at all",
    "[1, 2]",
    '{"id": "f"}',
    '{"id": "g", "text": "cut sho',
]


def _read_whole(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What reading ``path`` gives when the file is read whole (the path for legacy encodings)."""
    import infclaims.io.inputs as io

    with monkeypatch.context() as m:
        m.setattr(io, "_utf8_lines", lambda path, name: None)
        return [dump_record(r) for r in _read(path)]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(st.sampled_from(_JSONL_LINES), max_size=12),
    ending=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
    final_newline=st.booleans(),
)
def test_io_streamed_jsonl_equals_reading_the_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[str], ending: str, bom: bool, final_newline: bool
) -> None:
    """Every line, error, line number and diagnostic is the same whether the file is streamed or read whole."""
    text = ending.join(lines) + (ending if final_newline and lines else "")
    path = tmp_path / "feed.jsonl"
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    assert [dump_record(r) for r in _read(path)] == _read_whole(path, monkeypatch)


@pytest.mark.parametrize(
    ("data", "streamed"),
    [
        (b'{"id": "a", "text": "Plain text."}\n', True),
        (codecs.BOM_UTF8 + '{"id": "a", "text": "“Quoted.”"}'.encode(), True),
        ('{"id": "a", "text": "Café “noir”."}\n'.encode("cp1252"), False),  # legacy: decoded whole, with W304
        ('{"id": "a", "text": "Plain."}'.encode("utf-16"), False),  # UTF-16 byte-order mark
        (b'{"id": "a", "text": "x"}\x00\n', False),  # NUL: binary
        (b"", False),  # empty: E103
        (b" \n\t\n", False),
        (b"\x01\x02\x03\x04\x05\x06 ab\n", False),  # junk characters: E104
    ],
)
def test_io_which_jsonl_files_are_streamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, streamed: bool
) -> None:
    from infclaims.io.inputs import _utf8_lines

    path = tmp_path / "feed.jsonl"
    path.write_bytes(data)
    assert (_utf8_lines(path, "feed.jsonl") is not None) is streamed
    assert [dump_record(r) for r in _read(path)] == _read_whole(path, monkeypatch)


def test_io_a_multibyte_character_across_scan_chunks_is_still_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import infclaims.io.inputs as io

    monkeypatch.setattr(io, "_SCAN_CHUNK", 3)  # every “ and ’ straddles a chunk boundary somewhere
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": "“We won’t,” he said."}\n' * 5, encoding="utf-8")
    lines = io._utf8_lines(path, "feed.jsonl")
    assert lines is not None and len([line for line in lines if line]) == 5


def test_io_a_large_jsonl_is_read_without_holding_it(tmp_path: Path) -> None:
    """Reading the first article of a 24 MB JSONL file allocates a small fraction of the file, not the file."""
    import tracemalloc

    path = tmp_path / "archive.jsonl"
    line = json.dumps({"id": "x", "text": "The minister said the talks had failed. " * 300}) + "\n"
    with path.open("w", encoding="utf-8") as fh:
        for k in range(2000):
            fh.write(line.replace('"x"', f'"a{k}"', 1))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        items = read_inputs([path])
        first = next(items)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(first, ArticleInput) and first.doc_id == "a0"
    assert size > 20_000_000
    assert peak < size / 10, (peak, size)
    assert sum(1 for _ in items) == 1999


def test_io_a_jsonl_that_fails_midway_keeps_the_articles_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io as stdio

    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": "First."}\n{"id": "b", "text": "Second."}\n', encoding="utf-8")
    real_open = Path.open
    opened: list[int] = []

    class Failing(stdio.BytesIO):
        def __iter__(self):  # type: ignore[no-untyped-def]
            yield self.readline()
            raise OSError(5, "Input/output error")

    def fake_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self == path and mode == "rb":
            opened.append(1)
            if len(opened) == 2:  # the second opening is the streaming pass
                return Failing(path.read_bytes())
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["ArticleInput", "ErrorRecord"]
    error = items[1]
    assert isinstance(error, ErrorRecord) and error.code == "E105" and "Input/output error" in error.message
