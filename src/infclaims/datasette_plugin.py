"""Datasette plugin of infclaims (entry point ``datasette: infclaims``): a statement in its article.

``/-/infclaims/statement/<id>`` shows the clean text of the statement's article with the statement's content and
cue marked and scrolled into view, and its record beside it. In an infclaims database, the ``doc_id`` of a
statements row and every ``statement`` column of a query link there. Outside an infclaims database (no
``statements`` and ``articles`` tables) the plugin does nothing.
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup

ROUTE = "/-/infclaims/statement/"

_SQL = """select s.id, s.doc_id, s.start, s."end", s.kind, s.speaker_name, s.speaker_mention, s.cue, s.claim_type,
  s.said_on, s.published, s.outlet, s.record, a.text, a.title, a.url
from statements s join articles a on a.id = s.doc_id where s.id = ?"""

_STYLE = """body{font:16px/1.55 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
mark.content{background:#fde68a;padding:0 .1em}mark.cue{background:#bfdbfe}dl{display:grid;
grid-template-columns:9rem 1fr;gap:.2rem .8rem}dt{font-weight:600}article{white-space:pre-wrap;border-top:1px
solid #ddd;padding-top:1rem}nav a{margin-right:1rem}"""


def statement_url(statement_id: str) -> str:
    return ROUTE + quote(str(statement_id), safe="")


def _marked(text: str, marks: list[tuple[int, int, str]]) -> str:
    """``text`` escaped, with the non-overlapping ``(start, end, class)`` ranges wrapped in ``<mark>``."""
    out, pos = [], 0
    for start, end, cls in sorted(m for m in marks if 0 <= m[0] < m[1] <= len(text)):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        anchor = ' id="statement"' if cls == "content" else ""
        out.append(f'<mark class="{cls}"{anchor}>{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def render_statement(row: dict[str, Any], database: str) -> str:
    """The statement page for one joined row (pure: used by the route and the tests)."""
    record = json.loads(row.get("record") or "{}")
    pieces = record.get("pieces") or []
    marks = [(p["start"], p["end"], "content") for p in pieces] or [(row["start"], row["end"], "content")]
    cue = record.get("cue_span")
    if cue:
        marks.append((cue["start"], cue["end"], "cue"))
    speaker = row.get("speaker_name") or f"{row.get('speaker_mention')} (unresolved)"
    facts = [
        ("speaker", speaker),
        ("cue", row.get("cue")),
        ("claim type", row.get("claim_type")),
        ("kind", row.get("kind")),
        ("said on", row.get("said_on")),
        ("published", row.get("published")),
        ("outlet", row.get("outlet")),
    ]
    dl = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in facts if v)
    db = quote(database, safe="")
    sid = quote(str(row["id"]), safe="")
    doc = quote(str(row["doc_id"]), safe="")
    title = html.escape(row.get("title") or row["doc_id"])
    url = row.get("url")
    link = f' · <a href="{html.escape(url)}">source</a>' if url else ""
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{title}</title><style>{_STYLE}</style></head>"
        f'<body><nav><a href="/{db}/statements/{sid}">statement row</a><a href="/{db}/articles/{doc}">article row'
        f'</a><a href="/{db}">database</a></nav><h1>{title}</h1><p>{html.escape(row["doc_id"])}{link}</p>'
        f"<dl>{dl}</dl><article>{_marked(row.get('text') or '', marks)}</article>"
        "<script>document.getElementById('statement')?.scrollIntoView({block:'center'})</script></body></html>"
    )


async def _statement_page(datasette: Any, request: Any) -> Response:
    sid = request.url_vars["id"]
    for name, db in datasette.databases.items():
        if name.startswith("_"):
            continue
        tables = set(await db.table_names())
        if not {"statements", "articles"} <= tables:
            continue
        result = await db.execute(_SQL, [sid])
        row = result.first()
        if row is not None:
            return Response.html(render_statement(dict(row), name))
    return Response.html(f"<p>No statement {html.escape(sid)}.</p>", status=404)


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    return [(r"^/-/infclaims/statement/(?P<id>[^/]+)$", _statement_page)]


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if value is None or isinstance(value, bytes):
        return None
    if column == "statement" and table is None:
        return Markup(f'<a href="{statement_url(value)}">{html.escape(str(value))}</a>')
    if table == "statements" and column == "doc_id":
        try:
            sid = row["id"]
        except (KeyError, IndexError, TypeError):
            return None
        return Markup(
            f'<a href="{statement_url(sid)}" title="open the article at this statement">{html.escape(str(value))}</a>'
        )
    return None
