"""The review report: mark layout, the report data and its HTML, reading a run folder, the CLI command.

No statistical model: statements are built by hand over hand-written clean texts.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from infclaims.cli import app
from infclaims.models import Claim, ErrorRecord, Span, Speaker, Statement, dump_record
from infclaims.report import (
    Close,
    Mark,
    Open,
    Text,
    build_report,
    layout_marks,
    render_report,
    write_report,
)

# --------------------------------------------------------------------------- helpers

TEXT_A = (
    "Minister Warns Of Cuts\n\n"
    'Finance Minister Paul Meyer said spending would be cut. "We have no choice," Meyer told reporters.\n\n'
    "The opposition leader Ann Berg denied that the budget was balanced."
)
TEXT_B = "Berg said <script>alert('x')</script> & the \"plan\" </mark> would fail."


def statement(
    text: str,
    content: str,
    *,
    doc_id: str = "a",
    speaker: str | None = None,
    name: str | None = None,
    sid: str | None = None,
    cue: str | None = None,
    claim: str | None = "assessment",
    said_on: str | None = None,
    published: str | None = "2024-03-05",
    ident: str = "s",
    occurrence: int = 0,
) -> Statement:
    """A statement whose spans are found in ``text`` (the ``occurrence``-th match of the content)."""
    starts = [m.start() for m in re.finditer(re.escape(content), text)]
    start = starts[occurrence]
    sp_span = None
    if speaker is not None:
        at = text.index(speaker)
        sp_span = Span(start=at, end=at + len(speaker))
    cue_span = None
    if cue is not None:
        at = text.index(cue)
        cue_span = Span(start=at, end=at + len(cue))
    return Statement(
        id=ident,
        doc_id=doc_id,
        kind="indirect",
        speaker=Speaker(mention=speaker or "someone", name=name, id=sid, type="person", span=sp_span),
        cue=cue,
        cue_span=cue_span,
        content=content,
        label=f"{name or speaker}: {content}",
        span=Span(start=start, end=start + len(content)),
        raw_span=Span(start=start, end=start + len(content)),
        sentence=content,
        sentence_index=0,
        rule="test",
        confidence=0.9,
        published=published,  # type: ignore[arg-type]
        said_on=said_on,  # type: ignore[arg-type]
        claim=Claim(type=claim, confidence=0.8) if claim else None,  # type: ignore[arg-type]
    )


def sample_records() -> list[Statement]:
    return [
        statement(
            TEXT_A,
            "spending would be cut",
            speaker="Finance Minister Paul Meyer",
            name="Paul Meyer",
            sid="paul-meyer",
            cue="said",
            claim="warning",
            said_on="2024-03-04",
            ident="m1",
        ),
        statement(
            TEXT_A,
            "We have no choice,",
            speaker="Meyer told",
            name="Paul Meyer",
            sid="paul-meyer",
            cue="told",
            claim="assessment",
            ident="m2",
        ),
        # a statement whose content holds another statement's speaker: marks nest and cross
        statement(
            TEXT_A,
            "Paul Meyer said spending",
            speaker="Ann Berg",
            name="Ann Berg",
            sid="ann-berg",
            cue="denied",
            claim="denial",
            ident="b1",
        ),
        # same id twice (ids need not be unique): rows, not ids, identify statements
        statement(TEXT_A, "the budget was balanced", speaker="Ann Berg", name="Ann Berg", sid="ann-berg", ident="b2"),
        statement(TEXT_A, "the budget was balanced", speaker="Ann Berg", name="Ann Berg", sid="ann-berg", ident="b2"),
        statement(
            TEXT_B,
            "<script>alert('x')</script> & the \"plan\" </mark> would fail",
            doc_id="b",
            speaker="Berg",
            name="Ann Berg",
            sid="ann-berg",
            cue="said",
            claim="warning",
            published="2024-03-06",
            ident="x1",
        ),
        statement(TEXT_B, "would fail", doc_id="b", speaker="Berg", claim=None, published=None, ident="u1"),
    ]


class MarkText(HTMLParser):
    """Collects, per (row, role), the text inside its marks and how many fragments had ``data-first``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[dict[str, str | None] | None] = []
        self.text: dict[tuple[int, str], list[str]] = defaultdict(list)
        self.firsts: Counter[tuple[int, str]] = Counter()
        self.testids: Counter[str] = Counter()
        self.doc: str | None = None
        self.docs_of: dict[int, set[str]] = defaultdict(set)
        self.script_depth = 0
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("data-testid"):
            self.testids[a["data-testid"] or ""] += 1
        if tag == "article":
            self.doc = a.get("data-doc")
        if tag == "script":
            self.script_depth += 1
            self.scripts.append("")
        if tag == "mark":
            self.stack.append(a)
            key = (int(a["data-row"] or -1), a["data-role"] or "")
            if "data-first" in a:
                self.firsts[key] += 1
                if self.doc is not None:
                    self.docs_of[key[0]].add(self.doc)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.stack.pop()
        if tag == "script":
            self.script_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.script_depth:
            self.scripts[-1] += data
        for a in self.stack:
            if a is not None:
                self.text[(int(a["data-row"] or -1), a["data-role"] or "")].append(data)


def parse(page: str) -> MarkText:
    parser = MarkText()
    parser.feed(page)
    parser.close()
    return parser


# --------------------------------------------------------------------------- layout_marks


def _check_layout(n: int, marks: list[Mark]) -> None:
    pieces = layout_marks(n, marks)
    text_pieces = [p for p in pieces if isinstance(p, Text)]
    starts = [p.start for p in text_pieces]
    assert starts == [0, *[p.end for p in text_pieces][:-1]][: len(starts)]
    assert (text_pieces[-1].end if text_pieces else 0) == n
    stack: list[Mark] = []
    covered: dict[Mark, list[tuple[int, int]]] = defaultdict(list)
    firsts: Counter[Mark] = Counter()
    for p in pieces:
        if isinstance(p, Open):
            stack.append(p.mark)
            firsts[p.mark] += p.first
        elif isinstance(p, Close):
            assert stack.pop() == p.mark  # properly nested
        else:
            for m in stack:
                covered[m].append((p.start, p.end))
    assert not stack
    valid = {m for m in marks if 0 <= m.start < m.end <= n}
    assert set(firsts) == valid
    assert all(c == 1 for c in firsts.values())
    for m in valid:
        parts = covered[m]
        assert parts[0][0] == m.start and parts[-1][1] == m.end
        assert all(a[1] == b[0] for a, b in itertools.pairwise(parts))


@pytest.mark.parametrize(
    ("name", "marks"),
    [
        ("none", []),
        ("one", [Mark(2, 5, 0, "content")]),
        ("nested", [Mark(0, 10, 0, "content"), Mark(2, 4, 1, "speaker")]),
        ("crossing", [Mark(0, 6, 0, "content"), Mark(4, 9, 1, "content")]),
        ("identical", [Mark(3, 7, 0, "speaker"), Mark(3, 7, 1, "speaker")]),
        ("adjacent", [Mark(0, 3, 0, "content"), Mark(3, 6, 0, "cue")]),
        ("same start", [Mark(1, 8, 0, "content"), Mark(1, 3, 1, "cue")]),
        ("empty dropped", [Mark(4, 4, 0, "cue"), Mark(1, 2, 0, "content")]),
        ("outside dropped", [Mark(8, 40, 0, "content"), Mark(-1, 2, 1, "speaker")]),
        ("three crossing", [Mark(0, 5, 0, "content"), Mark(3, 8, 1, "content"), Mark(6, 10, 2, "content")]),
    ],
)
def test_layout_marks_nests_covers_and_opens_each_mark_first_once(name: str, marks: list[Mark]) -> None:
    _check_layout(12, marks)


def test_layout_marks_keeps_a_nested_mark_whole() -> None:
    pieces = layout_marks(10, [Mark(0, 10, 0, "content"), Mark(2, 4, 1, "speaker")])
    assert sum(isinstance(p, Open) for p in pieces) == 2  # nesting needs no reopening


def test_layout_marks_reopens_a_crossing_mark() -> None:
    pieces = layout_marks(10, [Mark(0, 6, 0, "content"), Mark(4, 9, 1, "content")])
    opens = [p for p in pieces if isinstance(p, Open)]
    assert [(p.mark.row, p.first) for p in opens] == [(0, True), (1, True), (1, False)]


@given(
    st.integers(min_value=0, max_value=40).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(
                    st.integers(-2, n + 2),
                    st.integers(-2, n + 2),
                    st.integers(0, 5),
                    st.sampled_from(["content", "speaker", "cue"]),
                ),
                max_size=12,
            ),
        )
    )
)
def test_layout_marks_holds_for_any_marks(case: tuple[int, list[tuple[int, int, int, str]]]) -> None:
    n, raw = case
    marks = list({Mark(a, b, r, role) for a, b, r, role in raw})  # type: ignore[arg-type]
    _check_layout(n, marks)


# --------------------------------------------------------------------------- build_report and render_report


@pytest.fixture
def records() -> list[Statement]:
    return sample_records()


@pytest.fixture
def page(records: list[Statement]) -> str:
    return render_report(build_report(records, {"a": TEXT_A, "b": TEXT_B}))


def test_report_highlights_every_statement_exactly_once_in_its_article(records: list[Statement], page: str) -> None:
    parsed = parse(page)
    texts = {"a": TEXT_A, "b": TEXT_B}
    assert parsed.testids["highlight"] == len(records)
    for row, rec in enumerate(records):
        assert parsed.firsts[(row, "content")] == 1, row
        assert parsed.docs_of[row] == {rec.doc_id}
        assert "".join(parsed.text[(row, "content")]) == texts[rec.doc_id][rec.span.start : rec.span.end]
        if rec.speaker.span is not None:
            assert parsed.firsts[(row, "speaker")] == 1
            assert "".join(parsed.text[(row, "speaker")]) == rec.speaker.mention
        if rec.cue_span is not None:
            assert "".join(parsed.text[(row, "cue")]) == rec.cue


def test_report_escapes_markup_in_article_text_and_records(page: str) -> None:
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert page.count("<script") == 2  # the JSON island and the report's own script
    parsed = parse(page)
    data = json.loads(parsed.scripts[0])  # the island parses back to the records, markup and all
    assert data["records"][5]["content"].startswith("<script>alert('x')</script>")
    assert "&lt;/mark&gt; would fail" in page
    assert page.count("<mark") == page.count("</mark>")
    assert parsed.testids["highlight"] == len(data["records"])


def test_report_is_self_contained(page: str) -> None:
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page
    assert "<link" not in page


def test_report_matrix_counts_equal_record_counts(records: list[Statement]) -> None:
    data = build_report(records, {"a": TEXT_A, "b": TEXT_B})
    expected = Counter(
        ((r.speaker.id or r.speaker.mention), r.claim.type if r.claim else "unclassified") for r in records
    )
    got = {(row["speaker"], t): n for row in data["matrix"]["rows"] for t, n in row["counts"].items()}
    assert got == dict(expected)
    assert data["matrix"]["total"] == len(records)
    assert sum(data["matrix"]["totals"].values()) == len(records)
    pattern = r'data-testid="matrix-cell" data-speaker="([^"]*)" data-type="([^"]*)" data-count="(\d+)"'
    cells = re.findall(pattern, render_report(data))
    assert {(s, t): int(n) for s, t, n in cells} == dict(expected)


def test_report_timeline_has_one_lane_per_speaker_with_a_date(records: list[Statement]) -> None:
    data = build_report(records, {"a": TEXT_A, "b": TEXT_B})
    dated = {(r.speaker.id or r.speaker.mention) for r in records if r.said_on or r.published}
    assert [lane["speaker"] for lane in data["timeline"]["lanes"]] == sorted(
        dated, key=lambda s: [x["key"] for x in data["speakers"]].index(s)
    )
    points = [p for lane in data["timeline"]["lanes"] for p in lane["points"]]
    assert len(points) == sum(1 for r in records if r.said_on or r.published)
    said = next(p for p in points if p["row"] == 0)
    assert (said["date"], said["source"]) == ("2024-03-04", "said_on")
    parsed = parse(render_report(data))
    assert parsed.testids["timeline-lane"] == len(dated)
    assert parsed.testids["timeline-point"] == len(points)


def test_report_without_an_article_text_lists_its_statements_unhighlighted(records: list[Statement]) -> None:
    data = build_report(records, {"a": TEXT_A})
    missing = [r for r in data["statements"] if r["doc_id"] == "b"]
    assert missing and not any(r["placed"] for r in missing)
    assert {p["row"] for p in data["problems"]} == {r["row"] for r in missing}
    parsed = parse(render_report(data))
    assert parsed.testids["statement-row"] == len(records)
    assert parsed.testids["highlight"] == len(records) - len(missing)
    assert parsed.testids["article-missing"] == 1


def test_report_flags_spans_outside_the_text(records: list[Statement]) -> None:
    data = build_report(records, {"a": TEXT_A, "b": "too short"})
    assert any("outside" in p["message"] for p in data["problems"])


def test_report_summary_lists_errors_with_their_reasons(records: list[Statement]) -> None:
    err = ErrorRecord(input="in/empty.txt", code="E103", message="file is <empty>", stage="read")
    data = build_report(records, {"a": TEXT_A}, errors=[err], run={"counts": {"inputs": 3, "articles": 2}})
    assert data["summary"]["errors"] == 1 and data["summary"]["inputs"] == 3
    page = render_report(data)
    assert 'data-testid="error-row"' in page and "E103" in page and "file is &lt;empty&gt;" in page


def test_report_is_deterministic(records: list[Statement]) -> None:
    texts = {"a": TEXT_A, "b": TEXT_B}
    assert render_report(build_report(records, texts)) == render_report(build_report(records, texts))


# --------------------------------------------------------------------------- a run folder and the CLI


@pytest.fixture
def run_folder(tmp_path: Path) -> Path:
    """A finished run: raw articles (the clean stage leaves these texts unchanged) and its output files."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(TEXT_A + "\n", encoding="utf-8")
    (raw / "b.txt").write_text(TEXT_B + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    rows = [dump_record(r) for r in sample_records()]
    (out / "statements.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (out / "errors.jsonl").write_text("", encoding="utf-8")
    run: dict[str, Any] = {"inputs": [str(raw)], "articles": ["a", "b"], "counts": {"inputs": 2, "articles": 2}}
    (out / "run.json").write_text(json.dumps(run), encoding="utf-8")
    return out


def test_write_report_reads_the_run_and_recleans_its_articles(run_folder: Path) -> None:
    summary = write_report(run_folder / "statements.jsonl")
    assert summary["problems"] == [] and summary["notes"] == []
    parsed = parse((run_folder / "report.html").read_text(encoding="utf-8"))
    assert summary["highlighted"] == summary["statements"] == parsed.testids["highlight"] == 7


def test_write_report_notes_inputs_it_cannot_find(run_folder: Path, tmp_path: Path) -> None:
    (run_folder / "run.json").write_text(json.dumps({"inputs": [str(tmp_path / "gone")]}), encoding="utf-8")
    summary = write_report(run_folder / "statements.jsonl", tmp_path / "r.html")
    assert summary["highlighted"] == 0 and "not found" in summary["notes"][0]
    summary = write_report(run_folder / "statements.jsonl", tmp_path / "r.html", inputs=[tmp_path / "raw"])
    assert summary["highlighted"] == 7


def test_cli_report_writes_the_file_and_fails_with_a_code_on_a_missing_input(run_folder: Path) -> None:
    runner = CliRunner()
    target = run_folder / "r.html"
    result = runner.invoke(app, ["report", str(run_folder / "statements.jsonl"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.exists() and "7 statements" in result.output
    result = runner.invoke(app, ["report", str(run_folder / "nope.jsonl")])
    assert result.exit_code == 2 and "E101" in result.output


@pytest.mark.model
def test_write_report_takes_the_texts_from_articles_jsonl_and_never_rereads_the_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from infclaims.runner import RunOptions, run_extract

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(TEXT_A + "\n", encoding="utf-8")
    (raw / "b.txt").write_text(TEXT_B + "\n", encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    run_extract(RunOptions(inputs=(Path("raw"),), outdir=out))
    shutil.rmtree(raw)  # the articles are gone, and run.json names them by a relative path
    monkeypatch.chdir(out)
    monkeypatch.setattr("infclaims.report.clean_texts", lambda *a, **k: pytest.fail("the report re-ran clean"))
    report = write_report(out / "statements.jsonl")
    assert report["problems"] == [] and report["notes"] == []
    assert report["highlighted"] == report["statements"] > 0


@pytest.mark.parametrize(
    ("args", "expected_docs"),
    [
        (["--doc", "a"], {"a"}),
        (["--doc", "b"], {"b"}),
        (["--speaker", "meyer"], None),
        (["--limit", "2"], None),
        (["--since", "2999-01-01"], set()),
    ],
)
def test_cli_report_selection_keeps_only_chosen_statements_and_their_articles(
    run_folder: Path, args: list[str], expected_docs: set[str] | None
) -> None:
    target = run_folder / "part.html"
    result = CliRunner().invoke(app, ["report", str(run_folder / "statements.jsonl"), "-o", str(target), *args])
    assert result.exit_code == 0, result.output
    chosen = [r for r in sample_records() if _selected(r, args)]
    parsed = parse(target.read_text(encoding="utf-8"))
    assert parsed.testids.get("statement-row", 0) == len(chosen)
    docs = {r.doc_id for r in chosen}
    assert parsed.testids.get("article", 0) == len(docs)
    if expected_docs is not None:
        assert docs == expected_docs
    assert "selected" in result.output


def _selected(r: Statement, args: list[str]) -> bool:
    opts = dict(zip(args[::2], args[1::2], strict=True))
    if "--doc" in opts and not r.doc_id.startswith(opts["--doc"]):
        return False
    if "--speaker" in opts and opts["--speaker"] not in f"{r.speaker.id} {r.speaker.name} {r.speaker.mention}".lower():
        return False
    if "--since" in opts:
        day = r.said_on or r.published
        if day is None or day.isoformat() < opts["--since"]:
            return False
    if "--limit" in opts:
        index = sample_records().index(r)
        return index < int(opts["--limit"])
    return True
