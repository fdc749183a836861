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
