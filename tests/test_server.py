"""The HTTP API, in process (Starlette's TestClient over httpx) and over a live uvicorn server.

The fixture database holds team-written articles with hand-made annotations (see
``fixtures/web_corpus.py``), so every expected value below follows from those texts.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server needs the 'serve' extra")
httpx = pytest.importorskip("httpx")

with warnings.catch_warnings():  # starlette 1.x nudges towards httpx2; httpx is what we pin
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

from dateline.server.app import create_app  # noqa: E402
from tests.fixtures.live_server import live_server  # noqa: E402
from tests.fixtures.web_corpus import XSS_TITLE, build_db, documents  # noqa: E402
from tests.test_store_postgres import _bombing, pg_url, server  # noqa: E402, F401 - fixtures

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_db(str(tmp_path_factory.mktemp("api") / "api.db"))


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url="http://localhost") as c:
        yield c


def n_events(type_: str | None = None) -> int:
    return sum(1 for d in documents() for e in d["events"] if type_ in (None, e["type"]))


# -- reading --------------------------------------------------------------------------------
def test_articles_list_and_one_article_with_all_annotations(client: TestClient) -> None:
    listing = client.get("/articles").json()
    assert [a["title"] for a in listing["items"]] == [d["document"]["title"] for d in documents()]
    assert listing["next_cursor"] is None
    first = listing["items"][0]
    doc = client.get(f"/articles/{first['id']}").json()
    expected = documents()[0]
    assert doc["id"] == first["id"]
    for key in ("document", "entities", "places", "quotes", "events"):
        assert doc[key] == expected[key]
    assert client.get("/articles/999999").status_code == 404
    assert client.get("/articles/not-a-number").status_code == 422


def test_events_filters(client: TestClient) -> None:
    def types(query: str) -> list[str]:
        response = client.get(f"/events?{query}")
        assert response.status_code == 200, response.text
        return sorted(e["type"] for e in response.json()["items"])

    assert len(types("")) == n_events()
    assert types("type=ASSAULT") == ["ASSAULT"] * n_events("ASSAULT")
    assert types("status=planned") == ["MOBILIZE"]
    assert types("country=UA") == ["ASSAULT", "CONSULT"]
    assert types("country=Ukraine&type=CONSULT") == ["CONSULT"]
    assert types("place=goma") == ["ASSAULT", "MOBILIZE"]
    assert types("actor=armed") == ["ASSAULT"]
    assert types("since=2024-05-01&until=2024-05-31") == ["ASSAULT", "MOBILIZE"]
    assert types("actor=nobody-by-this-name") == []


def test_events_carry_their_evidence(client: TestClient) -> None:
    (event,) = client.get("/events?type=PROTEST").json()["items"]
    evidence = event["evidence"]
    article = client.get(f"/articles/{evidence['article_id']}").json()
    assert article["document"]["title"] == XSS_TITLE
    text = article["document"]["text"]
    assert text[evidence["trigger_start"] : evidence["trigger_end"]] == "protested"
    local = next(e for e in article["events"] if e["id"] == evidence["event"])
    assert local["type"] == "PROTEST"


def test_events_mentions_mode_lists_per_article_rows(client: TestClient) -> None:
    items = client.get("/events?mentions=true&type=ASSAULT").json()["items"]
    assert sorted(i["trigger_text"] for i in items) == ["attacked", "struck"]
    assert all(i["evidence"]["article_id"] == i["article_id"] for i in items)


def test_cursor_pagination_visits_every_event_once(client: TestClient) -> None:
    seen: list[int] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/events", params=params).json()
        assert len(page["items"]) <= 2
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == n_events()


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("since=yesterday", 422),
        ("status=rumoured", 422),
        ("limit=0", 422),
        ("limit=5000", 422),
        ("country=Atlantis", 400),
        ("cursor=abc", 400),
    ],
)
def test_bad_event_queries_get_clear_json_errors(
    client: TestClient, query: str, status: int
) -> None:
    response = client.get(f"/events?{query}")
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["detail"]


def test_summary_counts_by_period_type_and_place(client: TestClient) -> None:
    summary = client.get("/events/summary").json()
    assert summary["counted"] == n_events()
    assert sum(b["count"] for b in summary["timeline"]) == n_events()
    assert {"period": "2024-05", "type": "ASSAULT", "count": 1} in summary["timeline"]
    goma = next(p for p in summary["places"] if p["name"] == "Goma")
    assert (goma["events"], goma["fatalities"]) == (2, 12)
    filtered = client.get("/events/summary?type=PROTEST").json()
    assert [p["name"] for p in filtered["places"]] == ["Lagos"]


def test_quotes_entities_places(client: TestClient) -> None:
    quotes = client.get("/quotes?speaker=okafor").json()["items"]
    assert [q["text"] for q in quotes] == ["We want <b>fair</b> fees"]
    names = {e["name"] for e in client.get("/entities?name=men").json()["items"]}
    assert names == {"Armed men"}
    places = client.get("/places?name=kyiv").json()["items"]
    assert [(p["name"], p["latitude"]) for p in places] == [("Kyiv", 50.45)]


def test_exports_stream_csv_and_jsonl_with_filters(client: TestClient) -> None:
    response = client.get("/export/events.csv?type=ASSAULT")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(r["location"] for r in rows) == ["Goma", "Kharkiv"]
    lines = client.get("/export/events.jsonl").text.splitlines()
    assert len(lines) == n_events()
    assert {json.loads(line)["type"] for line in lines} >= {"PROTEST", "CONSULT"}
    quotes = client.get("/export/quotes.jsonl").text.splitlines()
    assert len(quotes) == sum(len(d["quotes"]) for d in documents())
    assert client.get("/export/articles.xml").status_code == 404
    assert client.get("/export/events.csv?country=Atlantis").status_code == 400


def test_docs_page_and_schema_work_offline(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/events", "/articles/{article_id}", "/extract", "/ingest"} <= set(schema["paths"])
    page = client.get("/docs").text
    assert "/events/summary" in page
    assert "cdn" not in page.lower() and "<script" not in page.lower()


def test_page_and_static_assets_are_served(client: TestClient) -> None:
    index = client.get("/").text
    assert "/static/app.js" in index and "http" not in index.lower().replace("http-equiv", "")
    assert client.get("/static/app.js").status_code == 200
    assert client.head("/static/app.js").status_code == 200
    world = client.get("/static/countries-110m.json").json()
    assert world["type"] == "Topology"


# -- /extract -------------------------------------------------------------------------------
def test_extract_returns_the_contract_for_text(client: TestClient) -> None:
    text = "The committee met on Tuesday. It agreed to publish the report."
    response = client.post("/extract", json={"text": text, "published": "2024-01-10"})
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["document"]["text"] == text
    assert doc["document"]["published"] == "2024-01-10"
    assert {"entities", "places", "quotes", "events", "commitments"} <= set(doc)


def test_extract_accepts_plain_text_and_html_bodies(client: TestClient) -> None:
    plain = client.post(
        "/extract?published=2024-01-10",
        content=b"A short note about the weather.",
        headers={"Content-Type": "text/plain"},
    ).json()
    assert plain["document"]["text"] == "A short note about the weather."
    assert plain["document"]["published"] == "2024-01-10"
    html = (
        "<html><head><title>Harbour news</title></head><body><nav>Home | Sport</nav>"
        "<article><h1>Harbour reopens</h1><p>The harbour reopened on Monday after repairs "
        "that took three months, the port authority said in a statement.</p><p>Ships began "
        "arriving in the afternoon, and the first ferry left for the islands at six.</p>"
        "</article><script>var tracking = 1;</script></body></html>"
    )
    doc = client.post("/extract", content=html, headers={"Content-Type": "text/html"}).json()
    assert "The harbour reopened on Monday" in doc["document"]["text"]
    assert "tracking" not in doc["document"]["text"]


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400),
        ({"json": ["a list"]}, 422),
        ({"json": {"title": "no text"}}, 422),
        ({"json": {"text": "a", "html": "<p>b</p>"}}, 422),
        ({"json": {"text": "   "}}, 422),
        ({"json": {"text": "Fine text.", "published": "last week"}}, 422),
        ({"content": b"\xff\xfe\x00bad", "headers": {"Content-Type": "text/plain"}}, 400),
        ({"content": b"%PDF", "headers": {"Content-Type": "application/pdf"}}, 415),
        ({"json": {"html": "<html><body><script>x()</script></body></html>"}}, 422),
    ],
)
def test_extract_rejects_bad_input_with_json_errors(
    client: TestClient, kwargs: dict[str, Any], status: int
) -> None:
    response = client.post("/extract", **kwargs)
    assert response.status_code == status, response.text
    assert isinstance(response.json()["detail"], str | list)


def test_oversized_extract_body_gets_413(db: str) -> None:
    with TestClient(create_app(db, max_body_bytes=2_000), base_url="http://localhost") as small:
        ok = small.post("/extract", json={"text": "Short enough."})
        assert ok.status_code == 200
        big = small.post("/extract", json={"text": "word " * 1_000})
        assert big.status_code == 413
        assert "limit" in big.json()["detail"]


def test_oversized_chunked_body_gets_413_over_a_live_server(db: str) -> None:
    """No Content-Length: the limit is enforced while reading the stream."""

    def chunks() -> Iterator[bytes]:
        for _ in range(50):
            yield b"x" * 1_000

    with live_server(create_app(db, max_body_bytes=10_000)) as url:
        response = httpx.post(
            f"{url}/extract", content=chunks(), headers={"Content-Type": "text/plain"}
        )
        assert "content-length" not in {k.lower() for k in response.request.headers}
        assert response.status_code == 413


# -- writes ---------------------------------------------------------------------------------
def test_read_only_server_refuses_ingest_with_403(client: TestClient) -> None:
    response = client.post("/ingest", json={"text": "Anything."}, headers=_bearer(TOKEN))
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


@pytest.fixture
def writable(tmp_path: Any) -> Iterator[tuple[TestClient, str]]:
    db = build_db(str(tmp_path / "rw.db"))
    with TestClient(create_app(db, write_token=TOKEN), base_url="http://localhost") as c:
        yield c, db


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}]
)
def test_ingest_without_the_right_token_gets_401(
    writable: tuple[TestClient, str], headers: dict[str, str]
) -> None:
    client, _ = writable
    before = client.get("/health").json()["articles"]
    response = client.post("/ingest", json={"text": "A new story."}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert client.get("/health").json()["articles"] == before


def test_ingest_with_the_token_stores_the_article_once(writable: tuple[TestClient, str]) -> None:
    client, _ = writable
    text = "The library opened a new reading room on Monday, the city said."
    body = {"text": text, "published": "2024-04-02", "title": "Reading room"}
    first = client.post("/ingest", json=body, headers=_bearer(TOKEN))
    assert first.status_code == 201, first.text
    article_id = first.json()["article_id"]
    stored = client.get(f"/articles/{article_id}").json()
    assert stored["document"]["text"] == text
    assert stored["document"]["title"] == "Reading room"
    again = client.post("/ingest", json=body, headers=_bearer(TOKEN))
    assert again.status_code == 200
    assert again.json() == {"article_id": article_id, "duplicate": True}
    assert client.get("/health").json()["articles"] == len(documents()) + 1


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_summary_follows_changes_made_by_another_process(writable: tuple[TestClient, str]) -> None:
    from dateline.store.query import open_store
    from dateline.store.resolve import resolve
    from dateline.store.write import write_document

    client, db = writable
    before = client.get("/events/summary?type=PROTEST").json()
    assert before["counted"] == 1
    doc = documents()[1]  # the Lagos protest, reported again three months later
    doc["document"]["text"] += " More to follow."
    doc["events"][0]["date"] = {
        "value": "2024-09-06",
        "earliest": None,
        "latest": None,
        "precision": "day",
        "basis": "text",
    }
    with open_store(db) as store:
        with store.transaction():
            write_document(store, doc)
        resolve(store)
    after = client.get("/events/summary?type=PROTEST").json()
    assert after["counted"] == 2
    assert {b["period"] for b in after["timeline"]} == {"2024-06", "2024-09"}


# -- fast reads: one event, caching per store version, compression, ETags -------------------
def test_one_event_with_its_evidence_and_mentions(client: TestClient) -> None:
    (listed,) = client.get("/events?type=PROTEST").json()["items"]
    event = client.get(f"/events/{listed['id']}").json()
    assert event["id"] == listed["id"] and event["type"] == "PROTEST"
    assert event["evidence"] == listed["evidence"]
    (mention,) = event["mentions"]
    assert mention["article_id"] == listed["evidence"]["article_id"]
    assert mention["local_id"] == listed["evidence"]["event"]
    assert mention["trigger_text"] == "protested"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/events/999999", 404),
        ("/events/99999999999999999999999999", 404),
        ("/events/-3", 404),
        ("/events/nine", 422),
        ("/articles/99999999999999999999999999", 404),
        ("/articles/-1", 404),
        ("/events?cursor=99999999999999999999999999", 400),
        ("/events?cursor=-5", 400),
        ("/events?cursor=1e5", 400),
        ("/events?cursor=" + "9" * 5000, 400),
        ("/articles?cursor=%201", 400),
        ("/quotes?cursor=abc", 400),
        ("/quotes?article_id=99999999999999999999999999", 400),
        ("/entities?article_id=-1", 400),
        ("/static/..%2Fdata.py", 404),
        ("/static/nothing.js", 404),
    ],
)
def test_bad_ids_and_cursors_get_400_or_404_never_500(
    client: TestClient, url: str, status: int
) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["detail"]


def test_read_answers_are_cached_until_the_store_changes(writable: tuple[TestClient, str]) -> None:
    client, db = writable
    cache = client.app.state.reader.cache
    first = client.get("/events/summary").json()
    hits = cache.hits
    assert client.get("/events/summary").json() == first
    assert cache.hits == hits + 1  # answered from the cache, no recount
    response = client.post(
        "/ingest", json={"text": "A fresh note for the store."}, headers=_bearer(TOKEN)
    )
    assert response.status_code == 201
    misses = cache.misses
    client.get("/events/summary")
    assert cache.misses == misses + 1  # the write changed the store's version


def test_identical_concurrent_misses_compute_once() -> None:
    import threading

    from dateline.server.cache import Encoded, ResponseCache

    cache = ResponseCache()
    calls: list[int] = []
    entered, release = threading.Event(), threading.Event()

    def compute() -> Encoded:
        calls.append(1)
        entered.set()
        release.wait(30)
        return Encoded(b'{"n": 1}')

    results: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get("k", 1, compute).body))
        for _ in range(4)
    ]
    threads[0].start()
    entered.wait(30)
    for t in threads[1:]:
        t.start()
    release.set()
    for t in threads:
        t.join(30)
    assert results == [b'{"n": 1}'] * 4
    assert len(calls) == 1


def test_least_recently_used_answers_are_kept_within_the_byte_budget() -> None:
    from dateline.server.cache import Encoded, ResponseCache

    cache = ResponseCache(max_bytes=3 * 600)
    entry = lambda: Encoded(b"x" * 500)  # noqa: E731 - gzip of 500 bytes stays small
    for key in ("summary", "a", "b"):
        cache.get(key, 1, entry)
    cache.get("summary", 1, entry)  # used again: the most recent now
    cache.get("c", 1, entry)  # over budget: the least recently used ("a") goes
    misses = cache.misses
    cache.get("summary", 1, entry)
    assert cache.misses == misses
    cache.get("a", 1, entry)
    assert cache.misses == misses + 1


def test_large_answers_are_gzipped_and_revalidate_with_304(client: TestClient) -> None:
    plain = client.get("/events", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    zipped = client.get("/events", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.json() == plain.json()
    etag = zipped.headers["etag"]
    again = client.get("/events", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    static = client.get("/static/countries-110m.json", headers={"Accept-Encoding": "gzip"})
    assert static.headers["content-encoding"] == "gzip"
    assert static.headers["cache-control"] == "no-cache"
    tag = static.headers["etag"]
    assert (
        client.get("/static/countries-110m.json", headers={"If-None-Match": tag}).status_code == 304
    )


# -- hardening --------------------------------------------------------------------------------
def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_export_csv_cells_that_look_like_formulas_are_neutralised(tmp_path: Any) -> None:
    from tests.fixtures import formula_corpus as f
    from tests.test_store_export import assert_no_formula_cells

    db = f.build_formula_db(str(tmp_path / "formula.db"))
    with TestClient(create_app(db), base_url="http://localhost") as c:
        quotes = _csv_rows(c.get("/export/quotes.csv").text)
        events = _csv_rows(c.get("/export/events.csv").text)
        jsonl = [json.loads(line) for line in c.get("/export/quotes.jsonl").text.splitlines()]
    for rows in (quotes, events):
        assert len(rows) == 2
        assert_no_formula_cells(rows)
    quote = dict(zip(quotes[0], quotes[1], strict=True))
    assert quote["text"] == "'" + f.HYPERLINK
    assert quote["speaker"] == "'" + f.SPEAKER
    assert quote["title"] == "'" + f.TITLE  # a bare carriage return stays inside its cell
    event = dict(zip(events[0], events[1], strict=True))
    assert (event["location"], event["actor1"]) == ("'" + f.PLACE, "'" + f.ACTOR)
    assert event["notes"].startswith("'" + f.DDE)
    assert float(event["latitude"]) == -1.68  # numbers stay numbers
    assert jsonl[0]["text"] == f.HYPERLINK  # JSONL keeps the exact text


@pytest.mark.parametrize(
    "body",
    [
        '{"text": ' + "[" * 40 + "]" * 40 + "}",
        "[" * 100_000 + "]" * 100_000,
        "[" * 300_000,
        '{"text": "ok", "extra": ' + '{"a": ' * 33 + "1" + "}" * 33 + "}",
    ],
    ids=["depth-41", "depth-100k", "unclosed-300k", "object-depth-34"],
)
def test_deeply_nested_json_gets_400_not_500(client: TestClient, body: str) -> None:
    response = client.post("/extract", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text[:300]
    assert (
        "nested deeper" in response.json()["detail"]
        or "not valid JSON" in response.json()["detail"]
    )


def test_nesting_within_the_limit_is_parsed() -> None:
    from dateline.server.extraction import MAX_JSON_DEPTH, json_depth_exceeds

    nested: Any = "leaf"
    for _ in range(MAX_JSON_DEPTH):
        nested = [nested]
    assert not json_depth_exceeds(nested, MAX_JSON_DEPTH)
    assert json_depth_exceeds([nested], MAX_JSON_DEPTH)
    assert not json_depth_exceeds({"text": "flat", "title": "body"}, MAX_JSON_DEPTH)


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("localhost", True),
        ("localhost:8000", True),
        ("127.0.0.1:8000", True),
        ("[::1]:8000", True),
        ("LOCALHOST.", True),
        ("attacker.example", False),
        ("localhost.attacker.example", False),
        ("127.0.0.1.nip.example", False),
        ("", False),
        ("localhost:80:80", False),
        ("user@localhost", False),
    ],
)
def test_host_allowlist_refuses_other_names(db: str, host: str, allowed: bool) -> None:
    with TestClient(create_app(db), base_url="http://localhost") as c:
        response = c.get("/health", headers={"Host": host})
    assert (response.status_code == 200) is allowed, (host, response.status_code)
    if not allowed:
        assert response.status_code == 400
        assert "--allow-host" in response.json()["detail"]
        assert response.headers["x-content-type-options"] == "nosniff"


def test_allow_host_patterns(db: str) -> None:
    app = create_app(db, allowed_hosts=["localhost", "*.example.org", "dateline.test"])
    with TestClient(app, base_url="http://localhost") as c:
        ok = [
            h
            for h in ("a.example.org", "b.c.example.org", "dateline.test")
            if c.get("/health", headers={"Host": h}).status_code == 200
        ]
        refused = [
            h
            for h in ("example.org.evil", "xexample.org", "127.0.0.1")
            if c.get("/health", headers={"Host": h}).status_code == 400
        ]
    assert ok == ["a.example.org", "b.c.example.org", "dateline.test"]
    assert refused == ["example.org.evil", "xexample.org", "127.0.0.1"]


def test_dns_rebinding_request_is_refused_over_a_live_server(db: str) -> None:
    with live_server(create_app(db)) as url:
        rebound = httpx.get(f"{url}/events", headers={"Host": "rebound.attacker.example"})
        direct = httpx.get(f"{url}/events")
    assert rebound.status_code == 400 and "items" not in rebound.text
    assert direct.status_code == 200


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/"),
        ("GET", "/static/app.js"),
        ("GET", "/docs"),
        ("GET", "/openapi.json"),
        ("GET", "/events"),
        ("GET", "/events/summary"),
        ("GET", "/export/events.csv"),
        ("GET", "/articles/999999"),
        ("GET", "/events?cursor=abc"),
        ("POST", "/extract"),
        ("POST", "/ingest"),
    ],
)
def test_security_headers_on_every_response(client: TestClient, method: str, url: str) -> None:
    response = client.request(method, url)
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_docs_page_needs_no_inline_style(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "<style" not in page and "/static/docs.css" in page
    assert client.get("/static/docs.css").status_code == 200


# -- the write token: from a file or the environment, never shown --------------------------
def _serve_args(**given: Any) -> Any:
    import argparse

    return argparse.Namespace(**{"write_token": None, "write_token_file": None, **given})


def test_write_token_from_a_file_or_the_environment(tmp_path: Any) -> None:
    from dateline.server.commands import TOKEN_ENV, write_token

    path = tmp_path / "token"
    path.write_text("file-token-123\n")
    path.chmod(0o600)
    assert write_token(_serve_args(write_token_file=str(path)), {}) == "file-token-123"
    assert write_token(_serve_args(), {TOKEN_ENV: " env-token-456 "}) == "env-token-456"
    assert write_token(_serve_args(), {}) is None
    file_wins = _serve_args(write_token_file=str(path))
    assert write_token(file_wins, {TOKEN_ENV: "env-token-456"}) == "file-token-123"


@pytest.mark.parametrize("problem", ["missing", "empty", "both"])
def test_write_token_problems_are_one_line_errors_without_the_token(
    tmp_path: Any, problem: str
) -> None:
    from dateline.server.commands import write_token

    path = tmp_path / "token"
    if problem == "empty":
        path.write_text("\n")
    args = _serve_args(write_token_file=str(path))
    if problem == "both":
        path.write_text("file-token-123")
        args = _serve_args(write_token_file=str(path), write_token="cli-token-789")
    with pytest.raises(ValueError) as info:
        write_token(args, {})
    message = str(info.value)
    assert message.startswith("[D506]") and "\n" not in message
    assert "token-123" not in message and "token-789" not in message


def test_serve_never_prints_the_token(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: str
) -> None:
    import uvicorn

    from dateline.cli import main

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append((app, kw)))
    monkeypatch.setenv("DATELINE_WRITE_TOKEN", "env-secret-a1b2c3")
    assert main(["serve", "--db", db, "--workers", "0"]) == 0
    ((app, options),) = served
    assert options["host"] == "127.0.0.1" and options["log_level"] == "warning"
    err = capsys.readouterr().err
    assert "read-write" in err and "env-secret-a1b2c3" not in err
    with TestClient(app, base_url="http://localhost") as c:  # the env token is the one checked
        wrong = c.post("/ingest", json={"text": "x"}, headers=_bearer("other"))
        assert wrong.status_code == 401


def test_token_is_checked_before_the_body_is_read(db: str) -> None:
    """A wrong token with an oversized body gets 401, not 413: the body was never read."""
    with TestClient(
        create_app(db, write_token=TOKEN, max_body_bytes=1_000), base_url="http://localhost"
    ) as c:
        body = b"x" * 50_000
        wrong = c.post("/ingest", content=body, headers={"Content-Type": "text/plain"})
        assert wrong.status_code == 401
        right = c.post(
            "/ingest", content=body, headers={**_bearer(TOKEN), "Content-Type": "text/plain"}
        )
        assert right.status_code == 413


# -- the extraction pool --------------------------------------------------------------------
JOBS = "tests.fixtures.pool_jobs:handle"


@contextmanager
def pool_server(db: str, budget: float = 600.0) -> Iterator[str]:
    """A live server whose one worker runs the stand-in jobs, with no queue beyond it; a
    worker silent for ``budget`` seconds (its backstop) is stopped."""
    from dateline.runner import DEFAULT_SETTINGS
    from dateline.server.pool import ExtractionPool

    settings = replace(DEFAULT_SETTINGS, min_seconds=budget / 2, seconds_per_10k=0.001)
    pool = ExtractionPool(
        workers=1,
        queue_limit=0,
        settings=settings,
        handler=JOBS,
        warm=False,
        backstop=budget / 2,
    )
    with live_server(create_app(db, pool=pool)) as url:
        yield url


def _extract(url: str, text: str) -> httpx.Response:
    return httpx.post(f"{url}/extract", json={"text": text}, timeout=120)


def test_full_queue_answers_503_with_retry_after_and_reads_go_on(db: str, tmp_path: Any) -> None:

    with pool_server(db) as url:
        _full_queue(url, tmp_path)


def _full_queue(url: str, tmp_path: Any) -> None:
    import threading
    import time

    gate = tmp_path / "gate"
    first: list[httpx.Response] = []
    worker = threading.Thread(target=lambda: first.append(_extract(url, f"wait:{gate}")))
    worker.start()
    started = gate.with_suffix(".started")
    for _ in range(6000):  # the job has reached the worker (not a timing: a file appears)
        if started.exists():
            break
        time.sleep(0.02)
    assert started.exists()
    busy = _extract(url, "second article")
    assert busy.status_code == 503
    assert int(busy.headers["retry-after"]) >= 1
    assert "queue limit 0" in busy.json()["detail"]
    assert httpx.get(f"{url}/events").status_code == 200  # reads do not wait for the worker
    gate.write_text("go")
    worker.join(120)
    assert first[0].status_code == 200 and first[0].json()["echo"] == f"wait:{gate}"
    assert _extract(url, "third article").json()["echo"] == "third article"


@pytest.mark.parametrize(
    ("text", "reason"), [("hang", "time budget"), ("crash", "worker stopped"), ("boom", "boom")]
)
def test_a_runaway_or_crashing_article_fails_alone(db: str, text: str, reason: str) -> None:
    # A short budget, so that the "hang" job is stopped soon; the others finish at once.
    with pool_server(db, budget=2.0) as url:
        before = _extract(url, "before").json()["pid"]
        failed = _extract(url, text)
        after = _extract(url, "after")
    assert failed.status_code == 422
    assert reason in failed.json()["detail"]
    assert after.status_code == 200
    if text in ("hang", "crash"):  # the worker was replaced, not left stuck
        assert after.json()["pid"] != before
    else:
        assert after.json()["pid"] == before


def test_extract_in_a_worker_process_matches_in_process(db: str) -> None:
    from dateline.server.pool import ExtractionPool

    body = {"text": "The council met in Lagos on Monday. It agreed to publish the budget."}
    with TestClient(create_app(db), base_url="http://localhost") as here:
        expected = here.post("/extract", json=body).json()
    pool = ExtractionPool(workers=1, queue_limit=2)
    with live_server(create_app(db, pool=pool)) as url:
        got = httpx.post(f"{url}/extract", json=body, timeout=600)
    assert got.status_code == 200, got.text
    assert got.json() == expected


# -- the same reads over PostgreSQL (a throwaway server, as in test_store_postgres) ------------
def test_reads_over_postgres_match_sqlite_and_follow_writes(
    client: TestClient, request: pytest.FixtureRequest
) -> None:
    """The JSON pages (json.dumps there, SQLite's json_object here), the summary's GROUP BY,
    one event, and the store version (the snapshot's next transaction id) on PostgreSQL."""
    pg_db = request.getfixturevalue("pg_url")  # skips, saying why, without PostgreSQL
    from dateline.store.query import open_store
    from dateline.store.resolve import resolve
    from dateline.store.write import write_document

    with open_store(pg_db) as store:
        for doc in documents():
            with store.transaction():
                write_document(store, doc)
        resolve(store)
    with TestClient(create_app(pg_db), base_url="http://localhost") as pg:
        for url in ("/events", "/events?type=ASSAULT", "/events?mentions=true", "/quotes"):
            assert pg.get(url).json() == client.get(url).json(), url
        assert pg.get("/events/summary").json() == client.get("/events/summary").json()
        (first,) = pg.get("/events?type=PROTEST").json()["items"]
        assert pg.get(f"/events/{first['id']}").json()["evidence"] == first["evidence"]
        before = pg.get("/events/summary?type=ASSAULT").json()["counted"]
        with open_store(pg_db) as store:
            with store.transaction():
                write_document(store, _bombing("c.example", 3))
            resolve(store)
        assert pg.get("/events/summary?type=ASSAULT").json()["counted"] == before + 1


def test_an_article_over_the_runners_time_budget_gets_422(db: str) -> None:
    """The server's settings reach the runner in the worker: with a budget no article can
    meet, the runner's timer ends the article, /extract answers 422 with its D141 reason, and
    the same worker goes on (the pool's backstop did not have to kill it)."""
    from dateline.runner import DEFAULT_SETTINGS
    from dateline.server.pool import ExtractionPool

    hopeless = replace(DEFAULT_SETTINGS, seconds_per_10k=1e-9, min_seconds=0.0)
    pool = ExtractionPool(workers=1, queue_limit=2, settings=hopeless)
    with live_server(create_app(db, pool=pool)) as url:
        body = {"text": "The council met on Monday in Lagos. It agreed to publish the budget."}
        first = httpx.post(f"{url}/extract", json=body, timeout=600)
        (worker,) = pool._all
        second = httpx.post(f"{url}/extract", json=body, timeout=600)
        assert pool._all == [worker]
    for response in (first, second):
        assert response.status_code == 422, response.text
        assert response.json()["detail"].startswith("[D141]")
