"""A self-contained HTML review report of a run: highlighted articles, a filterable table, a speaker × claim-type
matrix, a timeline and a run summary.

Three steps, each testable on its own:

- :func:`build_report` (pure): statement records and the clean texts of their articles -> a JSON-ready dict;
- :func:`render_report` (pure): that dict -> one HTML string, CSS and JS inlined, every text escaped;
- :func:`write_report`: reads a run's output folder (statements, speakers, errors, run.json), re-cleans the
  articles the run read (spans are offsets into the clean text), builds, renders and writes atomically.

Statement spans may nest and cross (a speaker inside another statement's content, two statements sharing a
cue), so highlights are laid out by :func:`layout_marks`: every mark becomes one or more properly nested
``<mark>`` fragments, and exactly the first fragment of a statement's content carries ``data-first``.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

from infclaims import io
from infclaims.errors import InputError
from infclaims.models import (
    ArticleInput,
    ArticleRecord,
    ClaimType,
    CleanArticle,
    ErrorRecord,
    SpeakerEntry,
    Statement,
    dump_record,
)

Role = Literal["content", "speaker", "cue"]

UNCLASSIFIED = "unclassified"
#: Claim types in display order; statements without a claim are ``unclassified``.
CLAIM_TYPES: tuple[str, ...] = (*get_args(ClaimType), UNCLASSIFIED)
#: One colour per claim type (chosen to stay apart from each other on a white page).
COLOURS: dict[str, str] = {
    "accusation": "#d62828",
    "denial": "#7b2cbf",
    "rejection": "#9c6644",
    "demand": "#f77f00",
    "offer": "#2a9d8f",
    "commitment": "#1d4ed8",
    "warning": "#d4a017",
    "assessment": "#588157",
    "report": "#6c757d",
    UNCLASSIFIED: "#adb5bd",
}
_ROLE_ORDER: dict[str, int] = {"content": 0, "speaker": 1, "cue": 2}
_NO_SPEAKER = "(unknown)"


# --------------------------------------------------------------------------- marks and their layout


@dataclass(frozen=True, order=True)
class Mark:
    """A highlighted range ``[start, end)`` of the clean text: one part (role) of the statement in ``row``."""

    start: int
    end: int
    row: int
    role: Role


@dataclass(frozen=True)
class Open:
    mark: Mark
    first: bool


@dataclass(frozen=True)
class Close:
    mark: Mark


@dataclass(frozen=True)
class Text:
    start: int
    end: int


Piece = Open | Close | Text


def _nesting_key(m: Mark) -> tuple[int, int, int, int]:
    """Outer marks first: earlier start, then longer, then content before speaker before cue."""
    return (m.start, -m.end, _ROLE_ORDER[m.role], m.row)


def layout_marks(text_len: int, marks: Iterable[Mark]) -> list[Piece]:
    """Properly nested open/close/text pieces covering ``[0, text_len)``.

    Marks that cross are split: at each boundary the open marks that must end or change order are closed and
    the still active ones reopened (``first=False``). Empty marks and marks outside the text are dropped.
    Concatenating the ``Text`` pieces gives the whole text back, once.
    """
    valid = sorted((m for m in marks if 0 <= m.start < m.end <= text_len), key=_nesting_key)
    bounds = sorted({0, text_len, *(m.start for m in valid), *(m.end for m in valid)})
    pieces: list[Piece] = []
    stack: list[Mark] = []
    active: list[Mark] = []
    opened: set[Mark] = set()
    nxt = 0
    for a, b in itertools.pairwise(bounds):
        active = [m for m in active if m.end > a]
        while nxt < len(valid) and valid[nxt].start <= a:
            active.append(valid[nxt])
            nxt += 1
        wanted = sorted(active, key=_nesting_key)
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] == wanted[keep]:
            keep += 1
        pieces.extend(Close(m) for m in reversed(stack[keep:]))
        for m in wanted[keep:]:
            pieces.append(Open(m, first=m not in opened))
            opened.add(m)
        stack = wanted
        pieces.append(Text(a, b))
    pieces.extend(Close(m) for m in reversed(stack))
    return pieces


# --------------------------------------------------------------------------- building the report data


def claim_type_of(st: Statement) -> str:
    return st.claim.type if st.claim else UNCLASSIFIED


def speaker_key(st: Statement) -> str:
    """The speaker a statement is grouped under: the canonical id, else the written name or mention."""
    sp = st.speaker
    return sp.id or sp.name or sp.mention or _NO_SPEAKER


def _speaker_label(st: Statement, entries: Mapping[str, SpeakerEntry]) -> str:
    sp = st.speaker
    if sp.id and sp.id in entries:
        return entries[sp.id].name
    return sp.name or sp.mention or _NO_SPEAKER


def _statement_marks(row: int, st: Statement, text: str) -> tuple[list[Mark], list[str]]:
    """The marks of one statement in its article's clean text, and what is wrong with its spans."""
    problems: list[str] = []
    n = len(text)
    marks: list[Mark] = []
    if not 0 <= st.span.start < st.span.end <= n:
        problems.append(f"content span {st.span.start}-{st.span.end} lies outside the clean text ({n} characters)")
        return marks, problems
    parts = st.pieces or (st.span,)
    if any(not 0 <= p.start < p.end <= n for p in parts):
        problems.append("a piece of the content lies outside the clean text")
        return marks, problems
    marks.extend(Mark(p.start, p.end, row, "content") for p in parts)
    if " ".join(text[p.start : p.end] for p in parts) != st.content:
        problems.append("the text at the content span differs from the content: was the article changed after the run?")
    for span, role in ((st.speaker.span, "speaker"), (st.cue_span, "cue")):
        if span is None or span.end <= span.start:
            continue
        if span.end > n:
            problems.append(f"{role} span {span.start}-{span.end} lies outside the clean text")
            continue
        marks.append(Mark(span.start, span.end, row, "speaker" if role == "speaker" else "cue"))
    return marks, problems


def _article_meta(
    doc_id: str, source: CleanArticle | ArticleRecord | str | None, first: Statement | None
) -> dict[str, Any]:
    title = outlet = published = None
    if isinstance(source, CleanArticle | ArticleRecord):
        title = source.title or (source.text[source.headline.start : source.headline.end] if source.headline else None)
        outlet = source.outlet
        published = source.published.isoformat() if source.published else None
    if first is not None:
        outlet = outlet or first.outlet
        published = published or (first.published.isoformat() if first.published else None)
    return {"doc_id": doc_id, "title": title, "outlet": outlet, "published": published}


def build_report(
    records: Sequence[Statement],
    texts: Mapping[str, CleanArticle | ArticleRecord | str],
    *,
    speakers: Iterable[SpeakerEntry] = (),
    errors: Iterable[ErrorRecord] = (),
    run: Mapping[str, Any] | None = None,
    title: str | None = None,
    notes: Iterable[str] = (),
) -> dict[str, Any]:
    """Everything the report shows, as plain JSON-ready data (pure: no I/O).

    ``records`` are identified by their position (``row``): statement ids need not be unique. ``texts`` maps a
    ``doc_id`` to the clean article (or just its clean text) the spans point into; statements of articles
    missing from it are listed in the table but not highlighted, with a problem naming why.
    """
    entries = {e.id: e for e in speakers}
    error_list = [dump_record(e) for e in errors]
    run = dict(run or {})

    rows: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    marks_by_doc: dict[str, list[Mark]] = {}
    for i, st in enumerate(records):
        date, source = (st.said_on, "said_on") if st.said_on else (st.published, "published")
        text_src = texts.get(st.doc_id)
        text = text_src.text if isinstance(text_src, CleanArticle | ArticleRecord) else text_src
        placed = False
        if text is None:
            problems.append({"row": i, "doc_id": st.doc_id, "message": "the article's clean text is not available"})
        else:
            marks, issues = _statement_marks(i, st, text)
            placed = bool(marks)
            marks_by_doc.setdefault(st.doc_id, []).extend(marks)
            problems.extend({"row": i, "doc_id": st.doc_id, "message": msg} for msg in issues)
        rows.append(
            {
                "row": i,
                "id": st.id,
                "doc_id": st.doc_id,
                "kind": st.kind,
                "speaker": speaker_key(st),
                "speaker_label": _speaker_label(st, entries),
                "speaker_type": st.speaker.type,
                "mention": st.speaker.mention,
                "type": claim_type_of(st),
                "cue": st.cue,
                "content": st.content,
                "label": st.label,
                "confidence": st.confidence,
                "said_on": st.said_on.isoformat() if st.said_on else None,
                "published": st.published.isoformat() if st.published else None,
                "date": date.isoformat() if date else None,
                "date_source": source if date else None,
                "placed": placed,
            }
        )

    # articles: the run's order, then any other article that has statements or a text
    order: list[str] = [d for d in run.get("articles") or [] if isinstance(d, str)]
    for d in [r["doc_id"] for r in rows] + list(texts):
        if d not in order:
            order.append(d)
    first_of: dict[str, Statement] = {}
    for st in records:
        first_of.setdefault(st.doc_id, st)
    per_doc = Counter(r["doc_id"] for r in rows)
    articles = []
    for doc_id in order:
        src = texts.get(doc_id)
        text = src.text if isinstance(src, CleanArticle | ArticleRecord) else src
        articles.append(
            {
                **_article_meta(doc_id, src, first_of.get(doc_id)),
                "text": text,
                "statements": per_doc.get(doc_id, 0),
                "marks": [
                    {"start": m.start, "end": m.end, "row": m.row, "role": m.role}
                    for m in sorted(marks_by_doc.get(doc_id, []), key=_nesting_key)
                ],
            }
        )

    # speakers, most statements first
    counts = Counter(r["speaker"] for r in rows)
    labels = {r["speaker"]: r["speaker_label"] for r in rows}
    types = {r["speaker"]: r["speaker_type"] for r in rows}
    speaker_list = [
        {"key": k, "label": labels[k], "type": types[k], "statements": n}
        for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], labels[kv[0]].lower(), kv[0]))
    ]
    present = {r["type"] for r in rows}
    matrix_types = [t for t in CLAIM_TYPES if t in present]
    cells = Counter((r["speaker"], r["type"]) for r in rows)
    matrix: dict[str, Any] = {
        "types": matrix_types,
        "rows": [
            {
                "speaker": s["key"],
                "label": s["label"],
                "counts": {t: cells[(s["key"], t)] for t in matrix_types if cells[(s["key"], t)]},
                "total": s["statements"],
            }
            for s in speaker_list
        ],
        "totals": {t: sum(1 for r in rows if r["type"] == t) for t in matrix_types},
        "total": len(rows),
    }

    lanes = []
    for s in speaker_list:
        points = [
            {"row": r["row"], "date": r["date"], "type": r["type"], "source": r["date_source"]}
            for r in rows
            if r["speaker"] == s["key"] and r["date"]
        ]
        if points:
            lanes.append({"speaker": s["key"], "label": s["label"], "points": sorted(points, key=lambda p: p["date"])})
    dates = [p["date"] for lane in lanes for p in lane["points"]]
    timeline = {"start": min(dates) if dates else None, "end": max(dates) if dates else None, "lanes": lanes}

    counts_run = run.get("counts") or {}
    summary = {
        "inputs": counts_run.get("inputs"),
        "articles": counts_run.get("articles", len({r["doc_id"] for r in rows})),
        "failed": counts_run.get("failed", len(error_list)),
        "statements": len(rows),
        "speakers": len(speaker_list),
        "errors": len(error_list),
        "highlighted": sum(1 for r in rows if r["placed"]),
        "infclaims": run.get("infclaims"),
        "model": run.get("model"),
        "spacy": run.get("spacy"),
        "schema_version": run.get("schema_version"),
        "config_hash": run.get("config_hash"),
        "run_inputs": [str(p) for p in run.get("inputs") or []],
    }
    return {
        "title": title or "infclaims report",
        "summary": summary,
        "claim_types": [{"type": t, "colour": COLOURS[t], "statements": matrix["totals"][t]} for t in matrix_types],
        "statements": rows,
        "records": [dump_record(st) for st in records],
        "articles": articles,
        "speakers": speaker_list,
        "matrix": matrix,
        "timeline": timeline,
        "errors": error_list,
        "problems": problems,
        "notes": list(notes),
    }


# --------------------------------------------------------------------------- rendering


def _e(value: Any) -> str:
    """Escape any value for HTML text and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def _asset(name: str) -> str:
    return resources.files("infclaims.resources").joinpath(name).read_text(encoding="utf-8")


def _json_for_script(obj: Any) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment, whatever the strings hold."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _type_css(types: Iterable[str]) -> str:
    rules = []
    for t in types:
        c = COLOURS[t]
        rules.append(
            f".t-{t}{{--c:{c}}} mark.m-content.t-{t}{{background:{c}2e}} "
            f"mark.m-content.t-{t}.active{{background:{c}66}}"
        )
    return "\n".join(rules)


def _render_article(article: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> str:
    doc_id = article["doc_id"]
    head = [f'<h3 data-testid="article-title">{_e(article.get("title") or doc_id)}</h3>']
    meta = [_e(doc_id)]
    if article.get("outlet"):
        meta.append(_e(article["outlet"]))
    if article.get("published"):
        meta.append(_e(article["published"]))
    meta.append(f"{article['statements']} statement{'s' if article['statements'] != 1 else ''}")
    head.append(
        f'<p class="meta">{" · ".join(meta)} '
        f'<button type="button" class="link" data-action="filter-doc" data-doc="{_e(doc_id)}">'
        "show in table</button></p>"
    )
    text: str | None = article.get("text")
    if text is None:
        body = (
            '<p class="missing" data-testid="article-missing">The clean text of this article is not available, so '
            "its statements are not highlighted. Give the folder of the articles with <code>--inputs</code>.</p>"
        )
    else:
        marks = [Mark(m["start"], m["end"], m["row"], m["role"]) for m in article["marks"]]
        out: list[str] = []
        #: (row, role) whose first mark is out: a content of several pieces is one highlight and more parts
        begun: set[tuple[int, str]] = set()
        for piece in layout_marks(len(text), marks):
            if isinstance(piece, Text):
                out.append(_e(text[piece.start : piece.end]))
            elif isinstance(piece, Close):
                out.append("</mark>")
            else:
                m = piece.mark
                r = rows[m.row]
                first = piece.first and (m.row, m.role) not in begun
                begun.add((m.row, m.role))
                testid = f"{m.role}-mark"
                if m.role == "content":
                    testid = "highlight" if first else "highlight-part"
                attrs = [
                    f'class="m m-{m.role} t-{_e(r["type"])}"',
                    f'data-testid="{testid}"',
                    f'data-row="{m.row}"',
                    f'data-role="{m.role}"',
                    f'title="{_e(r["type"])} · {_e(r["speaker_label"])} ({m.role}): {_e(r["label"])}"',
                ]
                if first:
                    attrs.append('data-first="1"')
                    if m.role == "content":
                        attrs.append(f'id="h-{m.row}"')
                out.append(f"<mark {' '.join(attrs)}>")
        body = f'<div class="text" data-testid="article-text">{"".join(out)}</div>'
    return (
        f'<article class="doc" data-testid="article" data-doc="{_e(doc_id)}" id="doc-{_e(doc_id)}">'
        f"{''.join(head)}{body}</article>"
    )


def _render_summary(data: Mapping[str, Any]) -> str:
    s = data["summary"]
    cards = []
    for key, label in (("articles", "articles"), ("statements", "statements"), ("speakers", "speakers")):
        cards.append(
            f'<div class="card"><span class="num" data-testid="summary-{key}">{_e(s[key])}</span>{label}</div>'
        )
    cards.append(
        f'<div class="card{" bad" if s["errors"] else ""}"><span class="num" data-testid="summary-errors">'
        f"{_e(s['errors'])}</span>errors</div>"
    )
    facts = []
    for key, label in (
        ("inputs", "inputs read"),
        ("highlighted", "statements highlighted"),
        ("infclaims", "infclaims"),
        ("schema_version", "schema"),
        ("model", "model"),
        ("spacy", "spaCy"),
        ("config_hash", "config"),
    ):
        if s.get(key) is not None:
            facts.append(f"<dt>{label}</dt><dd>{_e(s[key])}</dd>")
    if s.get("run_inputs"):
        facts.append(f"<dt>input paths</dt><dd>{_e(', '.join(s['run_inputs']))}</dd>")
    parts = [f'<div class="cards">{"".join(cards)}</div>', f'<dl class="facts">{"".join(facts)}</dl>']
    if data["errors"]:
        body = "".join(
            f'<tr data-testid="error-row"><td><code>{_e(e["code"])}</code></td><td>{_e(e.get("doc_id") or "")}</td>'
            f"<td>{_e(e['input'])}</td><td>{_e(e.get('stage') or '')}</td><td>{_e(e['message'])}</td></tr>"
            for e in data["errors"]
        )
        parts.append(
            '<h3>Errors</h3><table class="grid" data-testid="errors"><thead><tr><th>code</th><th>article</th>'
            f"<th>input</th><th>stage</th><th>reason</th></tr></thead><tbody>{body}</tbody></table>"
        )
    else:
        parts.append('<p class="ok" data-testid="no-errors">No input failed.</p>')
    if data["problems"] or data["notes"]:
        items = "".join(f"<li>{_e(n)}</li>" for n in data["notes"])
        items += "".join(
            f'<li data-testid="problem">statement {p["row"] + 1} ({_e(p["doc_id"])}): {_e(p["message"])}</li>'
            for p in data["problems"]
        )
        parts.append(f'<h3>Problems found while building this report</h3><ul class="problems">{items}</ul>')
    return f'<section id="summary" data-testid="summary"><h2>Run summary</h2>{"".join(parts)}</section>'


def _render_matrix(data: Mapping[str, Any]) -> str:
    m = data["matrix"]
    types: list[str] = m["types"]
    peak = max((n for row in m["rows"] for n in row["counts"].values()), default=1)
    head = "".join(
        f'<th class="t-{_e(t)}"><button type="button" class="type-head" data-testid="matrix-type" '
        f'data-type="{_e(t)}"><i class="dot"></i>{_e(t)}</button></th>'
        for t in types
    )
    body = []
    for row in m["rows"]:
        cells = []
        for t in types:
            n = row["counts"].get(t, 0)
            if n:
                strength = 0.15 + 0.6 * n / peak
                cells.append(
                    f'<td class="t-{_e(t)}"><button type="button" class="cell" data-testid="matrix-cell" '
                    f'data-speaker="{_e(row["speaker"])}" data-type="{_e(t)}" data-count="{n}" '
                    f'style="--a:{strength:.2f}" title="{_e(row["label"])} · {_e(t)}: {n}">{n}</button></td>'
                )
            else:
                cells.append('<td class="zero"></td>')
        body.append(
            f'<tr data-testid="matrix-row" data-speaker="{_e(row["speaker"])}"><th scope="row">'
            f'<button type="button" class="link" data-testid="matrix-speaker" data-speaker="{_e(row["speaker"])}">'
            f'{_e(row["label"])}</button></th>{"".join(cells)}<td class="total">{row["total"]}</td></tr>'
        )
    totals = "".join(f'<td class="total">{m["totals"][t]}</td>' for t in types)
    return (
        '<section id="matrix-section"><h2>Speakers × claim types</h2>'
        '<p class="hint">Click a count to list those statements.</p>'
        f'<div class="scroll"><table class="matrix" data-testid="matrix"><thead><tr><th>speaker</th>{head}'
        f'<th class="total">all</th></tr></thead><tbody>{"".join(body)}</tbody>'
        f'<tfoot><tr><th>all</th>{totals}<td class="total">{m["total"]}</td></tr></tfoot></table></div></section>'
    )


def _months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    out = []
    y, mo = start.year, start.month
    while (y, mo) <= (end.year, end.month):
        out.append(dt.date(y, mo, 1))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


_DOT_STEP = 9  # distance between the centres of neighbouring dots
_LANE_MIN = 26
_MAX_DOT_ROWS = 3


def _pack(points: Sequence[Mapping[str, Any]], x: Any) -> list[tuple[Mapping[str, Any], int, float]]:
    """Place a lane's dots without overlap: each goes to the row (of at most three) where it lands nearest its
    date, moving right only as far as the dots before it require."""
    last: list[float] = []
    out = []
    for p in sorted(points, key=lambda q: (q["date"], q["row"])):
        want = float(x(dt.date.fromisoformat(p["date"])))
        options = [(max(want, end + _DOT_STEP), i) for i, end in enumerate(last)]
        if len(last) < _MAX_DOT_ROWS:
            options.append((want, len(last)))
        cx, row = min(options)
        if row == len(last):
            last.append(cx)
        else:
            last[row] = cx
        out.append((p, row, cx))
    return out


def _render_timeline(data: Mapping[str, Any]) -> str:
    tl = data["timeline"]
    if not tl["lanes"]:
        return (
            '<section id="timeline-section"><h2>Timeline</h2><p data-testid="timeline-empty">No statement has a '
            "date.</p></section>"
        )
    start = dt.date.fromisoformat(tl["start"])
    end = dt.date.fromisoformat(tl["end"])
    span_days = (end - start).days
    pad = max(7, span_days // 25)
    lo, hi = start - dt.timedelta(days=pad), end + dt.timedelta(days=pad)
    label_w, width, top = 190, 1000, 30
    plot_w = width - label_w - 20

    def x(day: dt.date) -> float:
        return label_w + plot_w * (day - lo).days / max(1, (hi - lo).days)

    rows = data["statements"]
    placed = [_pack(lane["points"], x) for lane in tl["lanes"]]
    heights = [max(_LANE_MIN, _DOT_STEP * (1 + max(r for _, r, _ in pts)) + 8) for pts in placed]
    height = top + sum(heights) + 10
    months = [d for d in _months_between(lo, hi) if lo <= d <= hi]
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if len(months) <= 10 * s), 120)
    ticks = [d for d in months if (d.year * 12 + d.month - 1) % step == 0]
    axis = []
    for d in ticks:
        xd = x(d)
        axis.append(
            f'<line class="tick" x1="{xd:.1f}" x2="{xd:.1f}" y1="{top - 6}" y2="{height - 10}"/>'
            f'<text class="tick-label" x="{xd:.1f}" y="{top - 10}">{d.strftime("%Y-%m")}</text>'
        )
    lanes = []
    y0 = float(top)
    for k, (lane, pts, lane_h) in enumerate(zip(tl["lanes"], placed, heights, strict=True)):
        n_rows = 1 + max(r for _, r, _ in pts)
        first_y = y0 + lane_h / 2 - _DOT_STEP * (n_rows - 1) / 2
        dots = []
        for p, r_i, cx in pts:
            r = rows[p["row"]]
            hollow = " hollow" if p["source"] != "said_on" else ""
            dots.append(
                f'<circle class="pt t-{_e(p["type"])}{hollow}" data-testid="timeline-point" data-row="{p["row"]}" '
                f'data-date="{_e(p["date"])}" cx="{cx:.1f}" cy="{first_y + _DOT_STEP * r_i:.1f}" '
                f'r="4"><title>{_e(p["date"])} ({"said on" if not hollow else "published"}) · {_e(p["type"])} · '
                f"{_e(r['label'])}</title></circle>"
            )
        lanes.append(
            f'<g class="lane" data-testid="timeline-lane" data-speaker="{_e(lane["speaker"])}">'
            f'<rect class="band{" odd" if k % 2 else ""}" x="0" y="{y0:.1f}" width="{width}" '
            f'height="{lane_h}"/><text class="lane-label" x="{label_w - 10}" y="{y0 + lane_h / 2 + 4:.1f}">'
            f"{_e(lane['label'])}</text>{''.join(dots)}</g>"
        )
        y0 += lane_h
    return (
        '<section id="timeline-section"><h2>Timeline</h2><p class="hint">One lane per speaker. Filled: the date the '
        "statement was made (<code>said_on</code>); hollow: the article's publication date.</p>"
        f'<div class="scroll"><svg data-testid="timeline" class="timeline" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="statements by date and speaker">'
        f"{''.join(axis)}{''.join(lanes)}</svg></div></section>"
    )


def _render_table(data: Mapping[str, Any]) -> str:
    rows = data["statements"]
    speaker_opts = "".join(
        f'<option value="{_e(s["key"])}">{_e(s["label"])} ({s["statements"]})</option>' for s in data["speakers"]
    )
    doc_opts = "".join(
        f'<option value="{_e(a["doc_id"])}">{_e((a.get("title") or a["doc_id"])[:70])} ({a["statements"]})</option>'
        for a in data["articles"]
    )
    chips = "".join(
        f'<button type="button" class="chip t-{_e(c["type"])}" data-testid="filter-type" data-type="{_e(c["type"])}" '
        f'aria-pressed="false"><i class="dot"></i>{_e(c["type"])} <small>{c["statements"]}</small></button>'
        for c in data["claim_types"]
    )
    body = []
    for r in rows:
        search = " ".join(
            str(v or "") for v in (r["content"], r["label"], r["speaker_label"], r["mention"], r["cue"], r["doc_id"])
        ).lower()
        date = r["date"] or ""
        pub = r["date_source"] == "published"
        date_cell = _e(date) + (' <small title="publication date">pub</small>' if pub else "")
        body.append(
            f'<tr data-testid="statement-row" data-row="{r["row"]}" data-speaker="{_e(r["speaker"])}" '
            f'data-type="{_e(r["type"])}" data-doc="{_e(r["doc_id"])}" data-date="{_e(date)}" '
            f'data-search="{_e(search)}"><td class="num">{r["row"] + 1}</td><td class="nowrap">{date_cell}</td>'
            f'<td>{_e(r["speaker_label"])}</td><td class="nowrap"><span class="tag t-{_e(r["type"])}">'
            f"{_e(r['type'])}</span></td><td>{_e(r['kind'])}</td><td>{_e(r['cue'] or '')}</td>"
            f'<td class="content">{_e(r["content"])}</td><td class="num">{r["confidence"]:.2f}</td>'
            f'<td class="nowrap"><code>{_e(r["doc_id"][:12])}</code></td></tr>'
        )
    return (
        '<section id="statements"><h2>Statements</h2>'
        '<div class="filters" data-testid="filters">'
        '<label>speaker <select data-testid="filter-speaker"><option value="">all</option>'
        f"{speaker_opts}</select></label>"
        '<label>article <select data-testid="filter-article"><option value="">all</option>'
        f"{doc_opts}</select></label>"
        '<label>from <input type="date" data-testid="filter-date-from"></label>'
        '<label>to <input type="date" data-testid="filter-date-to"></label>'
        '<label class="grow">search <input type="search" data-testid="filter-search" '
        'placeholder="words in the content, speaker, cue…"></label>'
        '<button type="button" data-testid="filter-clear">clear filters</button></div>'
        f'<div class="chips">{chips}</div>'
        f'<p class="count"><span data-testid="row-count">{len(rows)}</span> of {len(rows)} statements</p>'
        '<div class="scroll table-box"><table class="grid statements" data-testid="statement-table"><thead><tr>'
        "<th>#</th><th>date</th><th>speaker</th><th>claim</th><th>kind</th><th>cue</th><th>content</th>"
        f"<th>conf.</th><th>article</th></tr></thead><tbody>{''.join(body)}</tbody></table></div></section>"
    )


def render_report(data: Mapping[str, Any]) -> str:
    """The report as one HTML document: no external resources, all text escaped (pure)."""
    rows = data["statements"]
    articles = "".join(_render_article(a, rows) for a in data["articles"])
    legend = "".join(
        f'<span class="chip static t-{_e(c["type"])}"><i class="dot"></i>{_e(c["type"])}</span>'
        for c in data["claim_types"]
    )
    css = _asset("report.css") + "\n" + _type_css(CLAIM_TYPES)
    payload = _json_for_script({"records": data["records"], "statements": rows})
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(data['title'])}</title><style>{css}</style></head><body>"
        f'<header class="top"><h1 data-testid="title">{_e(data["title"])}</h1><nav>'
        '<a href="#summary">summary</a><a href="#matrix-section">matrix</a><a href="#timeline-section">timeline</a>'
        '<a href="#statements">statements</a><a href="#articles">articles</a></nav></header><main>'
        f"{_render_summary(data)}{_render_matrix(data)}{_render_timeline(data)}{_render_table(data)}"
        '<section id="articles"><h2>Articles</h2><p class="hint">Each statement\'s content is shaded in the colour '
        "of its claim type, its speaker underlined and its cue boxed. Click a highlight for the record.</p>"
        f'<div class="legend">{legend}</div>{articles}</section></main>'
        '<aside id="detail" data-testid="detail" hidden><button type="button" class="close" '
        'data-testid="detail-close" aria-label="close">×</button><h3 data-testid="detail-title"></h3>'
        '<p class="detail-actions"><button type="button" class="link" data-action="goto-text">show in text</button>'
        '<button type="button" class="link" data-action="goto-row">show in table</button></p>'
        '<dl data-testid="detail-fields"></dl></aside>'
        f'<script type="application/json" id="report-data">{payload}</script>'
        f"<script>{_asset('report.js')}</script></body></html>\n"
    )


# --------------------------------------------------------------------------- reading a run


def _read_json(path: Path) -> dict[str, Any]:
    try:
        obj = json.loads(io.read_text(path, what="run manifest"))
    except ValueError as exc:
        raise InputError(
            f"{str(path)!r} cannot be read as JSON ({exc}); run 'infclaims extract' again", code="E106"
        ) from exc
    if not isinstance(obj, dict):
        raise InputError(f"{str(path)!r} is not a JSON object; run 'infclaims extract' again", code="E106")
    return obj


def clean_texts(
    inputs: Sequence[Path | str], *, doc_ids: Iterable[str] | None = None, run: Mapping[str, Any] | None = None
) -> dict[str, CleanArticle]:
    """Read articles and run the clean stage on them, with the clean settings recorded in ``run`` (run.json), so
    that statement spans point into the same text. Only ``doc_ids`` are kept when given; read errors are skipped
    (the run's errors.jsonl has them)."""
    from infclaims.config import CleanConfig
    from infclaims.stages.clean import clean

    settings = ((run or {}).get("config") or {}).get("clean")
    config = CleanConfig.model_validate(settings) if isinstance(settings, dict) else CleanConfig()
    wanted = set(doc_ids) if doc_ids is not None else None
    out: dict[str, CleanArticle] = {}
    for item in io.read_inputs(list(inputs)):
        if isinstance(item, ArticleInput) and (wanted is None or item.doc_id in wanted):
            out[item.doc_id] = clean(item, config=config)
    return out


def write_report(
    statements: Path | str,
    output: Path | str | None = None,
    *,
    inputs: Sequence[Path | str] | None = None,
    title: str | None = None,
    select: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the report of the run whose ``statements.jsonl`` is given and write it (default: ``report.html``
    beside it). Returns the report's summary with its ``problems`` and ``notes``.

    ``speakers.jsonl``, ``errors.jsonl`` and ``run.json`` are read from the same folder when present. The
    articles are read from ``inputs``, else from the inputs listed in run.json (as given to the run, else
    relative to the output folder). ``select`` chooses the statements that go in (the keyword arguments of
    ``runner.filter_records``: ``doc``, ``speaker``, ``outlet``, ``since``, ``until``, ``limit``); then only their
    articles go in too, so a report of part of a large run stays small.
    """
    from infclaims.frame import load_statements

    path = Path(statements)
    folder = path.parent
    out_path = Path(output) if output is not None else folder / "report.html"
    records = load_statements(path)
    total = len(records)
    chosen = {k: v for k, v in (select or {}).items() if v is not None}
    if chosen:
        from infclaims.runner import filter_records

        keep = {r["id"] for r in filter_records((st.model_dump(mode="json") for st in records), **chosen)}
        records = [st for st in records if st.id in keep]
    run = _read_json(folder / "run.json") if (folder / "run.json").exists() else {}
    speakers = [SpeakerEntry.model_validate(r) for r in io.read_jsonl_records(folder / "speakers.jsonl")]
    errors = [ErrorRecord.model_validate(r) for r in io.read_jsonl_records(folder / "errors.jsonl")]
    notes: list[str] = []
    sources: list[Path] = []
    # The run's articles.jsonl holds the clean texts the spans point into; older runs are re-read and re-cleaned.
    articles = [ArticleRecord.model_validate(r) for r in io.read_jsonl_records(folder / "articles.jsonl")]
    if inputs:
        sources = [Path(p) for p in inputs]
        for p in sources:
            if not p.exists():
                raise InputError(f"input {str(p)!r} does not exist; give the folder the run read", code="E101")
    elif not articles:
        for given in run.get("inputs") or []:
            candidates = [Path(given), folder / given]
            found = next((c for c in candidates if c.exists()), None)
            if found is None:
                notes.append(f"input {given!r} of the run was not found; give it with --inputs to highlight it")
            else:
                sources.append(found)
        if not run:
            notes.append(
                "no run.json or articles.jsonl beside the statements: give the articles with --inputs to highlight them"
            )
    doc_ids = {st.doc_id for st in records}
    if not chosen:
        doc_ids |= {d for d in run.get("articles") or [] if isinstance(d, str)}
    else:
        notes.append(f"selected {len(records)} of {total} statements ({len(doc_ids)} articles) by {', '.join(chosen)}")
        run = {
            **run,
            "articles": [d for d in run.get("articles") or [] if d in doc_ids],
            "counts": {**(run.get("counts") or {}), "articles": len(doc_ids)},
        }
    texts: Mapping[str, CleanArticle | ArticleRecord]
    if sources:
        texts = clean_texts(sources, doc_ids=doc_ids, run=run)
    else:
        texts = {a.doc_id: a for a in articles if a.doc_id in doc_ids}
    data = build_report(records, texts, speakers=speakers, errors=errors, run=run, title=title, notes=notes)
    io.ensure_writable_dir(out_path.parent)
    with io.AtomicWriter(out_path) as fh:
        fh.write(render_report(data))
    return {**data["summary"], "problems": data["problems"], "notes": notes, "output": str(out_path)}
