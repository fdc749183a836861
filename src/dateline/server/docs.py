"""A small offline API reference rendered from the app's own OpenAPI schema.

FastAPI's default ``/docs`` loads Swagger UI from a CDN, which breaks the "works with no
internet" promise. Vendoring Swagger UI would add megabytes of JavaScript for a page few people
open, so ``/docs`` is a plain HTML page built on the server from ``app.openapi()``: every route,
its parameters and its description. The machine-readable schema stays at ``/openapi.json`` for
tools that want it (any OpenAPI client or a locally installed Swagger UI can read it). Its
style is a static file like the page's, so the Content-Security-Policy needs no inline style.
"""

from __future__ import annotations

from html import escape
from typing import Any


def _params_table(params: list[dict[str, Any]]) -> str:
    if not params:
        return ""
    rows = []
    for p in params:
        schema = p.get("schema", {})
        kind = schema.get("type") or "/".join(
            s.get("type", "?") for s in schema.get("anyOf", []) if s.get("type") != "null"
        )
        rows.append(
            f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p.get('in', ''))}</td>"
            f"<td>{escape(kind)}</td><td>{escape(p.get('description', ''))}</td></tr>"
        )
    head = "<tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def render_docs(schema: dict[str, Any]) -> str:
    """HTML for every operation in an OpenAPI schema, escaped throughout."""
    info = schema.get("info", {})
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>{escape(info.get('title', 'API'))} API</title>",
        "<link rel=stylesheet href='/static/docs.css'></head>",
        f"<body><h1>{escape(info.get('title', 'API'))} HTTP API</h1>",
        f"<p class=desc>{escape(info.get('description', ''))}</p>",
        "<p>Machine-readable schema: <a href='/openapi.json'>/openapi.json</a>. "
        "Web page: <a href='/'>/</a>.</p>",
    ]
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            parts.append(
                f"<div class=route><div><span class=m>{escape(method.upper())}</span>"
                f"<code>{escape(path)}</code> {escape(op.get('summary', ''))}</div>"
                f"<div class=desc>{escape(op.get('description', ''))}</div>"
                f"{_params_table(op.get('parameters', []))}</div>"
            )
    parts.append("</body></html>")
    return "".join(parts)
