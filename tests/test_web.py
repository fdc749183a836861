"""The web page in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Each test opens the page on a live uvicorn server over the team-written fixture corpus and does
what an analyst would: read the events table, timeline and map, click an event and see its
evidence marked, filter and sort, download CSV, paste an article. Screenshots go to
``test-output/screenshots/`` for a person to look at. Skipped, with the reason, when Chromium
or Playwright is missing (``make test`` installs Chromium).
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.live_server import live_server
from tests.fixtures.web_corpus import XSS_SNIPPET, XSS_TITLE, build_db, documents

CHROMIUM = os.environ.get("DATELINE_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium; make test does)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")
pytest.importorskip("fastapi", reason="the server needs the 'serve' extra")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from dateline.server.app import create_app

    db = build_db(str(tmp_path_factory.mktemp("web") / "web.db"))
    with live_server(create_app(db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser_context() -> Iterator[Any]:
    with sync_api.sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
            accept_downloads=True,
        )
        yield context
        context.close()


# Every Content-Security-Policy refusal on the page is recorded, so a test fails if the
# policy blocks something the page needs (a style attribute, an inline script).
RECORD_CSP_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


@pytest.fixture
def page(browser_context: Any, base_url: str) -> Iterator[Any]:
    page = browser_context.new_page()
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith((base_url, "data:", "blob:")) else None
        ),
    )
    page.set_default_timeout(15_000)
    yield page
    violations = page.evaluate("window.__csp || []")
    page.close()
    assert not violations, f"the Content-Security-Policy refused: {violations}"
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not outside, f"the page reached outside its server: {outside}"


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def fixture_doc(title_part: str) -> dict[str, Any]:
    return next(d for d in documents() if title_part in (d["document"]["title"] or ""))


def table_column(page: Any, index: int) -> list[str]:
    return page.locator(f"#events-table tbody tr td:nth-child({index})").all_inner_texts()


def open_events(page: Any, base_url: str, query: str = "") -> None:
    page.goto(f"{base_url}/#/events{query}")
    page.locator("#events-table tbody tr[data-event]").first.wait_for()
    page.locator("#map-chart").wait_for()


def test_events_view_shows_table_timeline_and_map(page: Any, base_url: str) -> None:
    open_events(page, base_url)
    n_events = sum(len(d["events"]) for d in documents())
    assert page.locator("#events-table tbody tr[data-event]").count() == n_events
    # one bar per (period, type): 2024-03 ASSAULT+CONSULT, 2024-05 ASSAULT+MOBILIZE, 2024-06 PROTEST
    assert page.locator("#timeline-chart rect.bar").count() == 5
    # time runs evenly: the empty month between March and May keeps its place on the axis
    labels = page.locator("#timeline-chart text").all_text_contents()
    assert [m for m in labels if m.startswith("2024-")] == [
        "2024-03",
        "2024-04",
        "2024-05",
        "2024-06",
    ]
    assert page.locator("#map-chart path.country").count() > 100  # the Natural Earth basemap
    # one bubble per located place; Goma's 12 dead make it the largest
    bubbles = page.locator("#map-chart circle")
    assert bubbles.count() == 4
    radii = {
        bubbles.nth(i).locator("title").text_content().split(":")[0]: float(
            bubbles.nth(i).get_attribute("r")
        )
        for i in range(4)
    }
    assert max(radii, key=radii.get) == "Goma"
    assert radii["Kharkiv"] > radii["Lagos"]
    shot(page, "events")


def test_clicking_an_event_marks_its_evidence(page: Any, base_url: str) -> None:
    open_events(page, base_url)
    page.locator("#events-table tbody tr", has_text="attacked").click()
    page.locator("#article-text .evidence").first.wait_for()
    doc = fixture_doc("Goma")
    event = next(e for e in doc["events"] if e["type"] == "ASSAULT")
    text = doc["document"]["text"]
    sentence = text[event["sentence"]["start"] : event["sentence"]["end"]]
    marked = "".join(page.locator("#article-text .evidence").all_text_contents())
    assert marked == sentence
    trigger = page.locator("#article-text .evidence.trig")
    assert trigger.all_text_contents() == [event["trigger"]["text"]]
    assert page.locator("#event-list li.selected").count() == 1
    assert "ASSAULT" in page.locator("#event-list li.selected").inner_text()
    assert page.locator("#article-text .evidence").first.is_visible()
    shot(page, "article-event-evidence")


def test_article_view_highlights_and_side_lists(page: Any, base_url: str) -> None:
    open_events(page, base_url)
    page.locator("#events-table tbody tr", has_text="deploy").click()
    page.locator("#quote-list li[data-quote]").first.wait_for()
    doc = fixture_doc("Goma")
    quote = doc["quotes"][0]
    page.locator("#quote-list li[data-quote]").first.click()
    marked = "".join(page.locator("#article-text .evidence").all_text_contents())
    assert marked == quote["text"]
    # the speaker shows on hover (title attribute of the quote's pieces)
    title = page.locator("#article-text .quote.evidence").first.get_attribute("title")
    assert quote["speaker_name"] in title
    # entities and places are highlighted; boilerplate is greyed
    assert "Marie Lumbu" in page.locator("#article-text .ent").all_text_contents()
    assert "Goma" in page.locator("#article-text .place").all_text_contents()
    boiler = "".join(page.locator("#article-text .boiler").all_text_contents())
    assert boiler == "Subscribe to our newsletter for daily updates."
    color = page.locator("#article-text .boiler").first.evaluate("n => getComputedStyle(n).color")
    body_color = page.locator("#article-text").evaluate("n => getComputedStyle(n).color")
    assert color != body_color
    shot(page, "article-quote")


def test_filtering_and_sorting_the_table(page: Any, base_url: str) -> None:
    open_events(page, base_url)
    page.select_option("#filters select[name=type]", "ASSAULT")
    page.click("#filters button[type=submit]")
    # Locator assertions, not wait_for_function: that evaluates a string, which the page's
    # Content-Security-Policy (no 'unsafe-eval') rightly refuses.
    sync_api.expect(page.locator("#events-table tbody tr[data-event]")).to_have_count(2)
    assert set(table_column(page, 2)) == {"ASSAULT"}
    assert "type=ASSAULT" in page.url
    page.fill("#filters input[name=country]", "UA")
    page.click("#filters button[type=submit]")
    sync_api.expect(page.locator("#events-table tbody tr[data-event]")).to_have_count(1)
    assert table_column(page, 5) == ["Kharkiv"]
    # the charts follow the filter: one bar, one bubble
    sync_api.expect(page.locator("#map-chart circle")).to_have_count(1)
    assert page.locator("#timeline-chart rect.bar").count() == 1
    # sorting: clear filters, sort by fatalities descending (click twice)
    open_events(page, base_url)
    header = page.locator("#events-table th[data-key=fatalities]")
    header.click()
    header.click()
    assert table_column(page, 8)[:2] == ["12", "2"]
    assert "sorted-desc" in (header.get_attribute("class") or "")
    page.locator("#events-table th[data-key=date]").click()
    dates = table_column(page, 1)
    assert dates == sorted(dates)
    shot(page, "events-filtered-sorted")


def test_csv_download_follows_the_filter(page: Any, base_url: str, tmp_path: Path) -> None:
    open_events(page, base_url, "?type=ASSAULT")
    with page.expect_download() as info:
        page.click("#download-csv")
    path = tmp_path / "events.csv"
    info.value.save_as(path)
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2
    assert {r["type"] for r in rows} == {"ASSAULT"}
    assert {r["location"] for r in rows} == {"Goma", "Kharkiv"}


def test_markup_in_a_story_is_shown_as_text(page: Any, base_url: str) -> None:
    open_events(page, base_url)
    page.locator("#events-table tbody tr", has_text="protested").click()
    page.locator("#article-text .evidence").first.wait_for()
    text = page.locator("#article-text").text_content()
    assert "<script>window.__xss = 1</script>" in text
    assert XSS_SNIPPET in text
    assert page.locator("h1").first.text_content() == XSS_TITLE
    assert page.locator("#article-text img, #article-text script, #article-text b").count() == 0
    assert page.evaluate("typeof window.__xss === 'undefined'")
    assert page.evaluate("typeof window.__xss_title === 'undefined'")
    shot(page, "article-xss-as-text")


def test_paste_box_annotates_an_article(page: Any, base_url: str) -> None:
    text = (
        "The city council approved a new budget on Monday after a long debate. "
        '"This <b>plan</b> protects schools," the mayor said. <img src=x onerror="window.__p=1">'
    )
    page.goto(f"{base_url}/#/paste")
    page.fill("#paste-text", text)
    page.fill("#paste-published", "2024-02-05")
    page.click("#paste-go")
    page.locator("#paste-result #article-text").wait_for(timeout=90_000)
    assert page.locator("#paste-result #article-text").text_content() == text
    assert page.locator("#paste-result #event-list").count() == 1
    assert "published 2024-02-05" in page.locator("#paste-result").inner_text()
    assert page.locator("#paste-result h1").text_content() == "Pasted article"
    assert page.evaluate("typeof window.__p === 'undefined'")
    shot(page, "paste")


def test_paste_box_shows_an_error_for_empty_text(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/#/paste")
    page.click("#paste-go")
    error = page.locator("#paste-result .error")
    error.wait_for()
    assert error.text_content().startswith("422")


def test_articles_list_opens_an_article(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/#/articles")
    rows = page.locator("#articles-table tbody tr")
    rows.first.wait_for()
    titles = [d["document"]["title"] for d in documents()]
    assert rows.count() == len(titles)
    assert page.locator("#articles-table tbody tr td:nth-child(2)").all_text_contents() == titles
    rows.nth(2).click()
    page.locator("#article-text").wait_for()
    assert page.locator("h1").first.text_content() == titles[2]
    assert page.locator("#event-list li[data-event]").count() == len(documents()[2]["events"])


def test_keyboard_opens_an_event(page: Any, base_url: str) -> None:
    open_events(page, base_url)
    page.locator("#events-table tbody tr", has_text="struck").focus()
    page.keyboard.press("Enter")
    page.locator("#article-text .evidence.trig").wait_for()
    assert page.locator("#article-text .evidence.trig").text_content() == "struck"


def test_the_policy_refuses_inline_script_and_style(page: Any, base_url: str) -> None:
    """The page works under its Content-Security-Policy (every test checks no refusal), and
    the policy is really enforced: markup that got into the page could not run a script or
    restyle it."""
    open_events(page, base_url)
    page.evaluate(
        """() => {
          const script = document.createElement('script');
          script.textContent = 'window.__inline = 1';
          document.body.append(script);
          document.body.setAttribute('style', 'background-color: rgb(255, 0, 0)');
        }"""
    )
    for _ in range(200):  # the refusals are reported asynchronously
        if page.evaluate("window.__csp.length") >= 2:
            break
        page.wait_for_timeout(25)
    refused = page.evaluate("window.__csp.splice(0)")  # taken, so the fixture's check passes
    assert any(v.startswith("script-src") for v in refused), refused
    assert any(v.startswith("style-src") for v in refused), refused
    assert page.evaluate("typeof window.__inline === 'undefined'")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 0, 0)"


# -- commitments and contested claims (tests/fixtures/monitor_corpus.py) ---------------------
@pytest.fixture(scope="module")
def monitor_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from dateline.server.app import create_app
    from dateline.store.schema import open_store
    from tests.fixtures.monitor_corpus import documents as monitor_documents
    from tests.fixtures.monitor_corpus import ingest, kaya_hostile

    db = str(tmp_path_factory.mktemp("web-monitor") / "monitor.db")
    with open_store(db) as store:
        ingest(store, [*monitor_documents(), kaya_hostile().doc()])
    with live_server(create_app(db)) as url:
        yield url


@pytest.fixture
def monitor_page(browser_context: Any, monitor_url: str) -> Iterator[Any]:
    page = browser_context.new_page()
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(15_000)
    yield page
    violations = page.evaluate("window.__csp || []")
    page.close()
    assert not violations, f"the Content-Security-Policy refused: {violations}"
    assert not errors, f"JavaScript errors on the page: {errors}"


def open_commitments(page: Any, url: str, query: str = "") -> Any:
    page.goto(f"{url}/#/commitments{query}")
    items = page.locator("#commitments-list li.commitment")
    items.first.wait_for()
    return items


def test_commitments_view_puts_each_pledge_on_a_timeline_with_its_evidence(
    monitor_page: Any, monitor_url: str
) -> None:
    page = monitor_page
    items = open_commitments(page, monitor_url)
    # The Kaya story (6 June) is the store's latest: by then the Addis meeting (end of April)
    # had passed unreported too.
    statuses = [items.nth(i).get_attribute("data-status") for i in range(items.count())]
    assert statuses == ["broken", "met", "expired", "unclear", "expired", "broken"]
    rows = page.locator("#commitment-chart g.pledge")
    assert rows.count() == 6
    assert page.locator("#commitment-chart line.deadline").count() == 6  # each has one
    # the Juba ceasefire: three attack reports break it, drawn as three dots on its row
    ceasefire = rows.nth(0)
    assert ceasefire.locator("circle.ev-breaks").count() == 3
    titles = ceasefire.locator("circle title").all_text_contents()
    assert any("ASSAULT 2024-03-20 Malakal (breaks, by army, per Gatdet Ruot)" == t for t in titles)
    # the dots lie between the day it was made and its deadline
    period = ceasefire.locator("line.period")
    x1, x2 = float(period.get_attribute("x1")), float(period.get_attribute("x2"))
    xs = [float(ceasefire.locator("circle").nth(i).get_attribute("cx")) for i in range(3)]
    assert all(x1 < x < x2 for x in xs)
    withdrawal = items.nth(1)
    assert "RETREAT 2024-03-25 Malakal (meets, by army" in withdrawal.inner_text()
    assert items.nth(2).locator(".evidence-list li.muted").count() == 1  # nothing reported
    shot(page, "commitments")
    # an evidence event opens its article with the sentence marked
    withdrawal.locator(".evidence-list li[data-event]").click()
    page.locator("#article-text .evidence.trig").wait_for()
    assert page.locator("#article-text .evidence.trig").text_content() == "withdrew"


def test_commitments_filter_by_status(monitor_page: Any, monitor_url: str) -> None:
    page = monitor_page
    open_commitments(page, monitor_url)
    page.select_option("#commitment-filters select[name=status]", "expired")
    page.click("#commitment-filters button[type=submit]")
    items = page.locator("#commitments-list li.commitment")
    sync_api.expect(items).to_have_count(2)
    assert "status=expired" in page.url
    assert {items.nth(i).get_attribute("data-status") for i in range(2)} == {"expired"}
    assert page.locator("#download-commitments").get_attribute("href").endswith("?status=expired")


def test_an_event_shows_its_competing_claims_side_by_side(
    monitor_page: Any, monitor_url: str
) -> None:
    page = monitor_page
    page.goto(f"{monitor_url}/#/disputes?fact=fatalities")
    bentiu = page.locator("#disputes-list .dispute", has_text="Bentiu")
    bentiu.wait_for()
    claims = bentiu.locator(".claim")
    assert claims.count() == 2
    assert claims.locator(".claim-value").all_text_contents() == ["6 killed", "8 killed"]
    assert claims.locator(".claimant").all_text_contents() == [
        "reported by Harbor Wire",
        "reported by Meridian Post",
    ]
    # side by side: one row, the second to the right of the first
    first, second = claims.nth(0).bounding_box(), claims.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["width"] / 2
    shot(page, "disputes")
    # from a claim to its event: the article marks the sentence and shows both claims
    claims.nth(1).locator("a").click()
    panel = page.locator("#event-claims")
    panel.wait_for()
    assert panel.locator(".claim").count() == 2
    assert panel.locator(".claim.here .claim-value").text_content() == "8 killed"
    assert page.locator("#event-list li.selected .tag.disputed").count() == 1
    assert page.locator("#article-text .evidence.trig").text_content() == "killed"
    shot(page, "event-claims")


def test_markup_in_pledges_and_claims_is_shown_as_text(monitor_page: Any, monitor_url: str) -> None:
    from tests.fixtures.monitor_corpus import HOSTILE_PLEDGE, HOSTILE_SOURCE

    page = monitor_page
    items = open_commitments(page, monitor_url)
    kaya = items.nth(5)
    assert HOSTILE_PLEDGE in kaya.locator(".pledge-text").text_content()
    assert "Sahel Guard" in kaya.inner_text()
    kaya_evidence = kaya.locator(".evidence-list li[data-event]")
    assert any(HOSTILE_SOURCE in t for t in kaya_evidence.all_inner_texts())
    assert page.locator("#commitments-list img, #commitments-list script").count() == 0
    page.goto(f"{monitor_url}/#/disputes")
    claim = page.locator("#disputes-list .claim", has_text="window.__xss_claim")
    claim.wait_for()
    assert claim.locator(".claimant").text_content() == f"said {HOSTILE_SOURCE}"
    assert page.locator("#disputes-list script, #disputes-list img").count() == 0
    claim.locator("a").click()
    page.locator("#event-claims .claim").first.wait_for()
    assert (
        page.locator("#event-claims script, #article-text script, #article-text img").count() == 0
    )
    assert HOSTILE_PLEDGE in page.locator("#article-text").text_content()
    for name in ("__xss_pledge", "__xss_claim"):
        assert page.evaluate(f"typeof window.{name} === 'undefined'"), name
    shot(page, "monitor-xss-as-text")
