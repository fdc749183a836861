"""Commitment monitoring and contested claims in the store, on the team-written fixtures.

The fixtures (``tests/fixtures/monitor_corpus.py``) are a ceasefire told over a month by
three invented outlets, with the statuses and disputes a careful analyst gives them. These
tests check the store reaches the same conclusions with the events that justify them, that
statuses follow later articles incrementally (touching only the commitments a new article
can change), and that the result does not depend on the order articles came in.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from dateline.store import disputes as disputes_module
from dateline.store import monitor
from dateline.store.commitments import (
    Candidate,
    Party,
    Place,
    Pledge,
    assess,
    classify,
    findings,
    party_match,
)
from dateline.store.disputes import list_disputes
from dateline.store.monitor import list_commitments
from dateline.store.resolve import resolve
from dateline.store.schema import open_store
from tests.fixtures.monitor_corpus import (
    EXPECTED,
    EXPECTED_DISPUTES,
    Story,
    by_name,
    documents,
    ingest,
)


@pytest.fixture
def store() -> Iterator[Any]:
    with open_store(":memory:") as s:
        yield s


def statuses(store: Any) -> dict[str, dict[str, Any]]:
    rows, _ = list_commitments(store, limit=1000)
    return {r["local_id"]: r for r in rows}


def evidence_of(row: dict[str, Any], store: Any) -> set[tuple[str, str]]:
    """(story name, event id) of each piece of evidence."""
    names = {
        r["id"]: r["source"].removesuffix(".txt")
        for r in store.query("SELECT id, source FROM articles")
    }
    return {(names[e["article_id"]], e["event"]) for e in row["evidence"]}


# --------------------------------------------------------------------------- the fixtures
def test_every_commitment_gets_the_analysts_status_with_its_evidence(store: Any) -> None:
    ingest(store, documents())
    found = statuses(store)
    assert set(found) == set(EXPECTED)
    for local_id, (status, changed_on, evidence) in EXPECTED.items():
        row = found[local_id]
        assert (row["status"], row["changed_on"]) == (status, changed_on), local_id
        assert evidence_of(row, store) == evidence, local_id
    # the ceasefire's evidence names both sides as each source tells it
    broken = found["c1"]
    assert broken["why"]["by"] == ["Upper Nile Liberation Front", "army"]
    by_source = {(e["source"], e["party"]) for e in broken["evidence"]}
    assert ("Peter Akol", "Upper Nile Liberation Front") in by_source
    assert ("Gatdet Ruot", "army") in by_source
    # "the armed forces" met the army's pledge as one side of one country, not by name
    met = found["c2"]["evidence"][0]
    assert (met["party"], met["rule"]) == ("army", "same_side")
    assert found["c4"]["why"]["rule"] == "conditional_deadline_passed"
    assert found["c1"]["history"] == [
        {"status": "open", "on": "2024-03-01"},
        {"status": "broken", "on": "2024-03-20"},
    ]


def test_every_disagreement_is_a_dispute_with_both_sources(store: Any) -> None:
    ingest(store, documents())
    rows, _ = list_disputes(store, limit=1000)
    held = [(d["fact"], {(c["claimant"], _plain(c["value"])) for c in d["claims"]}) for d in rows]
    for fact, claims in EXPECTED_DISPUTES:
        assert any(f == fact and claims <= have for f, have in held), (fact, claims, held)
    assert all(d["kind"] == "contested" for d in rows)
    bomb = next(d for d in rows if d["location"] == "Bentiu")
    assert bomb["scope"] == "across"
    assert [c["attributed"] for c in bomb["claims"]] == [False, False]  # each outlet's own
    assert bomb["summary"] == "Harbor Wire reported 6 killed; Meridian Post reported 8 killed"


def _plain(value: Any) -> Any:
    """A claim's value as the expectations write it (a list of one actor: its name)."""
    if isinstance(value, list) and len(value) == 1:
        return {"Upper Nile Liberation Front": "ULF"}.get(value[0], value[0])
    return value


def test_the_event_of_a_dispute_lists_its_claims(store: Any) -> None:
    from dateline.store.query import get_event

    ingest(store, documents())
    toll = next(d for d in list_disputes(store, {"fact": "fatalities"})[0] if d["n_claims"] == 3)
    event = get_event(store, toll["canonical_id"])
    assert event is not None
    claims = disputes_module.event_claims(store, toll["canonical_id"])
    assert [d["fact"] for d in claims] == ["fatalities", "actor"]  # in fact order
    assert isinstance(event["disagreements"], dict)  # decoded, as the API returns it
    assert set(event["disagreements"]) == {"fatalities"}


# --------------------------------------------------------------------------- incremental
def test_statuses_follow_each_later_article(store: Any) -> None:
    ingest(store, [by_name("juba-deal")])
    assert {k: r["status"] for k, r in statuses(store).items()} == dict.fromkeys(EXPECTED, "open")
    ingest(store, [by_name("malakal-attack")])  # today is now 21 March
    found = statuses(store)
    assert [found[k]["status"] for k in ("c1", "c2", "c3", "c4", "c5")] == [
        "broken",
        "open",
        "expired",
        "unclear",
        "open",
    ]
    ingest(store, [by_name("malakal-withdrawal")])
    assert statuses(store)["c2"]["status"] == "met"


@contextlib.contextmanager
def counting(target: Any, name: str) -> Iterator[list[Any]]:
    calls: list[Any] = []
    original = getattr(target, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1] if len(args) > 1 else None)
        return original(*args, **kwargs)

    setattr(target, name, spy)
    try:
        yield calls
    finally:
        setattr(target, name, original)


def test_an_unrelated_article_recomputes_no_commitment_and_no_old_dispute(store: Any) -> None:
    docs = [d for d in documents() if d["document"]["source"] != "juba-traders.txt"]
    ingest(store, docs)
    before = statuses(store)
    unrelated = Story(
        "lagos-fair",
        "LAGOS - A book fair opened in Lagos on Tuesday.",
        "Harbor Wire",
        date(2024, 3, 26),
        "Book fair opens",
    )
    unrelated.place("p1", "Lagos", "NG", 6.45, 3.40)
    unrelated.event("ev1", "CONSULT", "opened", date(2024, 3, 26), place="p1")
    with (
        counting(monitor, "check") as checked,
        counting(disputes_module, "canonical_disputes") as recounted,
    ):
        ingest(store, [unrelated.doc()])
    assert checked == []
    old = {d["canonical_id"] for d in list_disputes(store, limit=100)[0]}
    assert not old & set(recounted)
    assert statuses(store) == before


def test_a_later_date_rechecks_only_the_pledges_whose_deadline_it_passes(store: Any) -> None:
    ingest(store, [by_name("juba-deal")])
    ids = {r["id"]: k for k, r in statuses(store).items()}
    later = Story(
        "lagos-fair",
        "LAGOS - A book fair opened in Lagos on Saturday.",
        "Harbor Wire",
        date(2024, 3, 16),
        "Book fair opens",
    )
    with counting(monitor, "check") as checked:
        ingest(store, [later.doc()])
    assert sorted(ids[i] for i in checked) == ["c3", "c4"]  # both due on 15 March
    found = statuses(store)
    assert (found["c3"]["status"], found["c4"]["status"]) == ("expired", "unclear")
    assert found["c1"]["status"] == found["c5"]["status"] == "open"


def test_a_new_event_rechecks_only_the_pledges_watching_its_type(store: Any) -> None:
    ingest(store, [by_name("juba-deal")])
    ids = {r["id"]: k for k, r in statuses(store).items()}
    with counting(monitor, "check") as checked:
        ingest(store, [by_name("malakal-withdrawal")])  # a RETREAT on 25 March
    # the two withdrawal pledges watch RETREAT, and two pledges fell due meanwhile
    assert sorted(ids[i] for i in checked) == ["c2", "c3", "c4"]


# --------------------------------------------------------------------------- order-free
def snapshot(store: Any) -> dict[str, Any]:
    """Monitoring and disputes keyed by content (article hashes, never row ids)."""
    key = {
        r["id"]: r["content_hash"][:16]
        for r in store.query("SELECT id, content_hash FROM articles")
    }
    event = {
        r["id"]: f"{key[r['article_id']]}:{r['local_id']}"
        for r in store.query("SELECT id, article_id, local_id FROM events")
    }
    commitment = {
        r["id"]: f"{key[r['article_id']]}:{r['local_id']}"
        for r in store.query("SELECT id, article_id, local_id FROM commitments")
    }
    status = sorted(
        json.dumps(
            {
                **r,
                "commitment_id": commitment[r["commitment_id"]],
                "article_id": key[r["article_id"]],
                "agreement_id": event.get(r["agreement_id"]),
            },
            sort_keys=True,
        )
        for r in store.query("SELECT * FROM commitment_status")
    )
    evidence = sorted(
        (commitment[r["commitment_id"]], event[r["event_id"]], r["effect"], r["party"] or "")
        for r in store.query("SELECT * FROM commitment_evidence")
    )
    disputes = sorted(
        json.dumps({**r, "article_id": key.get(r["article_id"])}, sort_keys=True)
        for r in store.query("SELECT * FROM disputes")
    )
    claims = sorted(
        (r["dispute_id"], r["position"], event[r["event_id"]], r["value"], r["claimant"] or "")
        for r in store.query("SELECT * FROM claims")
    )
    keys = sorted(
        (event[r["event_id"]], r["type"], r["key"], r["lo"], r["hi"])
        for r in store.query("SELECT * FROM mention_keys")
    )
    return {
        "status": status,
        "evidence": evidence,
        "disputes": disputes,
        "claims": claims,
        "keys": keys,
    }


def test_any_ingest_order_and_a_rebuild_give_the_same_statuses_and_disputes() -> None:
    docs = documents()
    with open_store(":memory:") as first:
        ingest(first, docs)
        expected = snapshot(first)
        resolve(first, rebuild=True)
        assert snapshot(first) == expected
    for seed in (1, 2):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        with open_store(":memory:") as other:
            for doc in shuffled:  # one article per run: the most incremental path
                ingest(other, [doc])
            assert snapshot(other) == expected, seed


def test_a_store_upgraded_to_monitoring_catches_up_once(store: Any) -> None:
    ingest(store, documents())
    expected = snapshot(store)
    with store.transaction():  # as a store written before migration 5 would be
        for table in ("claims", "disputes", *monitor.DERIVED_TABLES):
            store.execute(f"DELETE FROM {table}")
        store.execute("INSERT INTO monitor_state (name, value) VALUES ('backfill', '1')")
    resolve(store)
    assert snapshot(store) == expected
    assert store.scalar("SELECT COUNT(*) FROM monitor_state WHERE name = 'backfill'") == 0


# --------------------------------------------------------------------------- within one article
def test_a_denial_in_the_same_article_is_a_status_dispute(store: Any) -> None:
    s = Story(
        "denial",
        "GAO, Mali - The army said it killed 20 militants in a raid near Gao on Tuesday. "
        "A spokesman for the Azawad Dawn group, Issa Maiga, said no raid had taken place.",
        "Meridian Post",
        date(2024, 5, 9),
        "Army says raid killed 20",
    )
    army = s.entity("e1", "army", "ORG", "army", country="MLI", sector="MIL")
    maiga = s.entity("e2", "Issa Maiga", "PERSON", "Issa Maiga", sector="REB")
    gao = s.place("p1", "Gao", "ML", 16.27, -0.04)
    s.event(
        "ev1",
        "ASSAULT",
        "raid",
        date(2024, 5, 7),
        place=gao,
        actors=[army],
        source=army,
        fatalities=None,
    )
    s.event(
        "ev2", "ASSAULT", "raid", date(2024, 5, 7), nth=1, place=gao, status="negated", source=maiga
    )
    ingest(store, [s.doc()])
    rows, _ = list_disputes(store, {"fact": "status"})
    assert len(rows) == 1
    dispute = rows[0]
    assert (dispute["scope"], dispute["kind"]) == ("within", "contested")
    assert [(c["claimant"], c["value"]) for c in dispute["claims"]] == [
        ("army", "occurred"),
        ("Issa Maiga", "negated"),
    ]


def test_one_source_that_changes_its_figure_is_a_revision_not_a_contest(store: Any) -> None:
    docs = []
    for day, dead in ((2, 5), (3, 11)):
        s = Story(
            f"mopti-{day}",
            f"MOPTI, Mali - A bus struck a mine near Mopti on Monday, killing {dead} people.",
            "Harbor Wire",
            date(2024, 7, day),
            "Mine blast near Mopti",
        )
        mopti = s.place("p1", "Mopti", "ML", 14.49, -4.20)
        s.event("ev1", "ASSAULT", "struck", date(2024, 7, 1), place=mopti, fatalities=_count(dead))
        docs.append(s.doc())
    ingest(store, docs)
    rows, _ = list_disputes(store)
    assert [(d["fact"], d["kind"], d["n_claimants"]) for d in rows] == [
        ("fatalities", "revised", 1)
    ]


def _count(value: int) -> Any:
    from dateline.model import Count

    return Count("people", value, "exact")


# --------------------------------------------------------------------------- the rules
@pytest.mark.parametrize(
    ("text", "what", "kind"),
    [
        ("the rebels pledged to halt their offensive on the capital", "pledge halt", "ceasefire"),
        ("both armies agreed to observe a truce until the end of the month", None, "ceasefire"),
        ("the militia vowed to scale down its raids on villages", None, "reduce_violence"),
        ("the government promised to pull its forces out of the valley", None, "withdraw"),
        ("the group will free all hostages within a week", None, "release"),
        ("the fighters agreed to hand over their weapons by Friday", None, "disarm"),
        ("the two presidents agreed to hold talks in Nairobi next month", None, "meet"),
        ("the ministry pledged to allow aid convoys into the city", None, "aid"),
        ("the council promised to hold elections next year", None, None),
        ("the party pledged to stop corruption", None, None),
    ],
)
def test_a_pledge_kind_comes_from_its_action_words(text: str, what: Any, kind: Any) -> None:
    found = classify(text, what)
    assert (found.kind if found else None) == kind


def test_the_extraction_may_name_the_kind() -> None:
    found = classify("the clause on prisoners", None, "release")
    assert found is not None and found.kind == "release"


def test_party_rules() -> None:
    army = Party("army", "army", actor_id=1, country="SSD", sector="MIL")
    forces = Party("armed forces", "armed forces", actor_id=2, country="SSD", sector="MIL")
    police = Party("police", "police", actor_id=3, country="SSD", sector="COP")
    other_army = Party("army", "army", actor_id=4, country="SDN", sector="MIL")
    rebels = Party("Front A", "front a", actor_id=5, country="SSD", sector="REB")
    other_rebels = Party("Front B", "front b", actor_id=6, country="SSD", sector="REB")
    government = Party("government", "government", actor_id=7, country="SSD", sector="GOV")
    country = Party("South Sudan", "south sudan", country="SSD", is_country=True)
    assert party_match(army, Party("army", "army", actor_id=1)) == "same_actor"
    assert party_match(army, forces) == "same_side"
    assert party_match(army, police) is None  # the police are not the army
    assert party_match(army, other_army) is None  # another country's army
    assert party_match(Party("army", "army", country="SSD", sector="MIL"), other_army) is None
    unplaced = Party("army", "army")
    assert party_match(unplaced, Party("army", "army", actor_id=9)) == "same_name"
    assert party_match(Party("army", "army", actor_id=8), Party("army", "army", actor_id=9)) is None
    assert party_match(rebels, other_rebels) is None  # two rebel groups are not one side
    assert party_match(government, police) == "same_side"  # a government's own forces
    assert party_match(country, forces) == "state_of_country"
    assert party_match(country, rebels) is None


def _pledge(kind: str, made: date, deadline: date | None, **kw: Any) -> Pledge:
    found = classify("", None, kind)
    return Pledge(
        1,
        "",
        found,
        made,
        deadline,
        [Party("army", "army", actor_id=1, country="SSD", sector="MIL")],
        kw.pop("places", []),
        **kw,
    )


def _event(type_: str, day: date, actor: str | None = "army", **kw: Any) -> Candidate:
    sides = {"actor": [Party(actor, actor, actor_id=1)]} if actor else {}
    return Candidate(
        kw.pop("event_id", 1),
        1,
        "ev1",
        type_,
        kw.pop("mode", None),
        "occurred",
        day,
        kw.pop("hi", day),
        kw.pop("location", None),
        kw.pop("country", None),
        None,
        sides,
    )


def test_a_late_withdrawal_is_met_late_and_one_before_the_pledge_is_no_evidence() -> None:
    pledge = _pledge("withdraw", date(2024, 1, 1), date(2024, 1, 31))
    late = _event("RETREAT", date(2024, 2, 3), mode="withdraw")
    early = _event("RETREAT", date(2023, 12, 30), mode="withdraw", event_id=2)
    found = findings(pledge, [early, late])
    assert [f.candidate.event_id for f in found] == [1]
    outcome = assess(pledge, found, date(2024, 2, 10))
    assert (outcome.status, outcome.why["late_days"]) == ("met", 3)


def test_an_event_that_may_predate_the_pledge_leaves_it_unclear() -> None:
    pledge = _pledge("ceasefire", date(2024, 1, 10), None)
    straddling = _event("ASSAULT", date(2024, 1, 8), hi=date(2024, 1, 14))
    assert assess(pledge, findings(pledge, [straddling]), date(2024, 1, 20)).status == "unclear"


def test_a_ceasefire_in_one_place_is_not_broken_elsewhere_or_after_its_period() -> None:
    juba = Place("Juba", "juba", "SSD", None, "city")
    pledge = _pledge("ceasefire", date(2024, 1, 1), date(2024, 1, 31), places=[juba])
    elsewhere = _event("ASSAULT", date(2024, 1, 5), location="Wau", country="SSD")
    after = _event("ASSAULT", date(2024, 2, 5), location="Juba", event_id=2)
    assert findings(pledge, [elsewhere, after]) == []
    assert assess(pledge, [], date(2024, 2, 10)).status == "met"  # held through its period
    assert assess(pledge, [], date(2024, 1, 20)).status == "open"


def test_an_unattributed_attack_where_the_truce_holds_is_only_possible_evidence() -> None:
    juba = Place("Juba", "juba", "SSD", None, "city")
    pledge = _pledge("ceasefire", date(2024, 1, 1), None, places=[juba])
    found = findings(pledge, [_event("ASSAULT", date(2024, 1, 5), actor=None, location="Juba")])
    assert [(f.certain, f.rule) for f in found] == [(False, "unattributed")]
    assert assess(pledge, found, date(2024, 1, 9)).status == "unclear"


def test_a_condition_known_to_hold_makes_a_pledge_binding() -> None:
    kw = {"condition": "if the rebels disarm"}
    binding = _pledge("withdraw", date(2024, 1, 1), date(2024, 1, 15), condition_status="met", **kw)
    unknown = _pledge("withdraw", date(2024, 1, 1), date(2024, 1, 15), **kw)
    assert assess(binding, [], date(2024, 2, 1)).status == "expired"
    assert assess(unknown, [], date(2024, 2, 1)).status == "unclear"


# --------------------------------------------------------------------------- the CLI
def run_cli(*args: str) -> tuple[int, str]:
    from dateline.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    return code, out.getvalue()


def test_commitments_and_disputes_commands(tmp_path: Any) -> None:
    db = str(tmp_path / "m.db")
    with open_store(db) as s:
        ingest(s, documents())
    code, out = run_cli("commitments", "--db", db, "--status", "expired", "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["status"], r["kind"], r["deadline"]) for r in rows] == [
        ("expired", "release", "2024-03-15")
    ]
    code, out = run_cli("disputes", "--db", db, "--fact", "actor", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("dispute_id,fact,kind,scope")
    assert {line.split(",")[11] for line in lines[1:]} == {
        "Peter Akol",
        "Gatdet Ruot",
        "a local official",
    }
    code, out = run_cli("commitments", "--db", db)
    assert code == 0 and "broken" in out and "ceasefire" in out


def test_watch_keys_find_every_event_that_bears_and_not_others() -> None:
    from dateline.store.commitments import event_place_keys, evidence_rules, side_keys, watch_keys

    juba = Place("Juba", "juba", "SS", None, "city")
    pledge = _pledge("ceasefire", date(2024, 1, 1), None, places=[juba])
    rule = evidence_rules()["ceasefire"][0]
    watched = watch_keys(pledge, rule)

    def keys(c: Candidate) -> set[str]:
        found = event_place_keys(c.location, c.admin1, c.country)
        return found.union(*(side_keys(s) for role in c.sides.values() for s in role))

    day = date(2024, 1, 5)
    bearing = [
        _event("ASSAULT", day, location="Wau", country="SS"),  # by the army, elsewhere
        _event("ASSAULT", day, actor=None, location="Juba", country="SS"),
        _event("ASSAULT", day, actor=None, country="SS"),  # placed only to the country
    ]
    unrelated = _event("ASSAULT", day, actor="Front B", location="Wau", country="SS")
    unrelated.sides["actor"] = [Party("Front B", "front b", actor_id=6)]
    for c in bearing:
        assert findings(pledge, [c]) or c.location == "Wau"
        assert keys(c) & watched, c
    assert findings(pledge, [unrelated]) == []
    assert not keys(unrelated) & watched


# --------------------------------------------------------------------------- the API
@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    pytest.importorskip("fastapi", reason="the server needs the 'serve' extra")
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    from dateline.server.app import create_app

    db = str(tmp_path_factory.mktemp("monitor-api") / "m.db")
    with open_store(db) as s:
        ingest(s, documents())
    app = create_app(db)
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as client:
        yield client


def test_api_commitments_with_status_evidence_and_pages(api: Any) -> None:
    broken = api.get("/commitments", params={"status": "broken"}).json()
    assert [(c["local_id"], c["changed_on"]) for c in broken["items"]] == [("c1", "2024-03-20")]
    evidence = broken["items"][0]["evidence"]
    assert sorted((e["outlet"], e["event"], e["effect"], e["party"]) for e in evidence) == [
        ("Daily Ledger", "ev1", "breaks", "Upper Nile Liberation Front"),
        ("Daily Ledger", "ev2", "breaks", "army"),
        ("Meridian Post", "ev1", "breaks", "Upper Nile Liberation Front"),
    ]
    assert all(e["canonical_id"] for e in evidence)
    seen, cursor = [], None
    while True:
        page = api.get(
            "/commitments", params={"limit": 2, **({"cursor": cursor} if cursor else {})}
        )
        seen += [c["local_id"] for c in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(EXPECTED)
    statuses = {c["local_id"]: c["status"] for c in api.get("/commitments").json()["items"]}
    assert statuses == {k: v[0] for k, v in EXPECTED.items()}


def test_api_disputes_side_by_side_and_on_the_event(api: Any) -> None:
    rows = api.get("/disputes", params={"fact": "fatalities", "scope": "across"}).json()["items"]
    bentiu = next(d for d in rows if d["location"] == "Bentiu")
    assert [(c["claimant"], c["value"], c["outlet"]) for c in bentiu["claims"]] == [
        ("Harbor Wire", 6, "Harbor Wire"),
        ("Meridian Post", 8, "Meridian Post"),
    ]
    event = api.get(f"/events/{bentiu['canonical_id']}").json()
    assert [d["id"] for d in event["claims"]] == [bentiu["id"]]
    assert event["disagreements"] and isinstance(event["disagreements"], dict)


@pytest.mark.parametrize(
    "url",
    [
        "/commitments?status=kept",
        "/commitments?since=March",
        "/commitments?cursor=abc",
        "/disputes?fact=weather",
        "/disputes?scope=everywhere",
        "/disputes?until=2024-3-1",
        "/export/commitments.csv?status=kept",
        "/export/claims.csv?fact=weather",
    ],
)
def test_api_bad_monitor_filters_get_400(api: Any, url: str) -> None:
    response = api.get(url)
    assert response.status_code == 400, response.text
    assert response.json()["detail"]


def test_api_exports_commitments_and_claims(api: Any) -> None:
    import csv

    rows = list(csv.DictReader(io.StringIO(api.get("/export/commitments.csv?status=met").text)))
    assert [(r["status"], r["kind"], r["changed_on"]) for r in rows] == [
        ("met", "withdraw", "2024-03-25")
    ]
    assert "RETREAT 2024-03-25 Malakal (meets, by army" in rows[0]["evidence"]
    lines = api.get("/export/claims.jsonl?fact=actor").text.splitlines()
    claims = [json.loads(line) for line in lines]
    assert {c["claimant"] for c in claims} == {"Peter Akol", "Gatdet Ruot", "a local official"}
    assert {c["fact"] for c in claims} == {"actor"}


def test_a_500_carries_the_security_headers(api: Any) -> None:
    reader = api.app.state.reader
    original = reader.health

    def broken() -> Any:
        raise RuntimeError("boom")

    reader.health = broken
    try:
        response = api.get("/health")
    finally:
        reader.health = original
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error (RuntimeError)"}
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_a_version_4_store_is_upgraded_to_monitoring_and_catches_up(tmp_path: Any) -> None:
    """A store written before migration 5 (no contract commitment fields, no source names)
    keeps every row; its statuses come from what it holds, on its first resolution."""
    from dateline.store.db import connect
    from dateline.store.schema import LATEST, MIGRATIONS, current_version
    from dateline.store.write import write_document
    from tests.test_store_schema import _written_as_then

    path = str(tmp_path / "v4.db")
    with connect(path) as old:
        current_version(old)
        with old.transaction():
            for number in range(1, 5):
                MIGRATIONS[number - 1](old)
                old.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, 'x')", (number,)
                )
        _written_as_then(old)
        for doc in documents():
            with old.transaction():
                write_document(old, doc)
    with open_store(path) as store:
        assert current_version(store) == LATEST
        assert store.scalar("SELECT value FROM monitor_state WHERE name = 'backfill'") == "1"
        assert store.scalar("SELECT COUNT(*) FROM commitments WHERE what IS NULL") == 5
        resolve(store)
        found = {k: r["status"] for k, r in statuses(store).items()}
        assert found == {k: v[0] for k, v in EXPECTED.items()}
        assert store.scalar("SELECT COUNT(*) FROM monitor_state WHERE name = 'backfill'") == 0
        assert list_disputes(store, {"fact": "fatalities"})[0]


def test_a_ceasefire_coded_as_retreat_is_the_agreement_both_sides_pledged_under(
    store: Any,
) -> None:
    """PLOVER codes "signed a ceasefire" as RETREAT (mode ceasefire): with no agreement
    linked by the extraction, that event gives "both sides" and the day they pledged."""
    deal = Story(
        "kindu-deal",
        "KINDU, Congo - The army and the Lualaba Defence Front signed a ceasefire in Kindu on "
        "Saturday. Both sides pledged to stop all attacks.",
        "Daily Ledger",
        date(2024, 8, 5),
        "Ceasefire signed in Kindu",
    )
    army = deal.entity("e1", "army", "ORG", "army", country="COD", sector="MIL")
    front = deal.entity(
        "e2", "Lualaba Defence Front", "ORG", "Lualaba Defence Front", country="COD", sector="REB"
    )
    kindu = deal.place("p1", "Kindu", "CD", -2.95, 25.92)
    deal.event(
        "ev1",
        "RETREAT",
        "ceasefire",
        date(2024, 8, 3),
        mode="ceasefire",
        actors=[army, front],
        place=kindu,
    )
    deal.pledge("c1", "Both sides pledged to stop all attacks", what="pledge stop")
    attack = Story(
        "kindu-attack",
        "KINDU, Congo - Lualaba Defence Front fighters attacked a market in Kindu on Friday.",
        "Daily Ledger",
        date(2024, 8, 10),
        "Market attacked in Kindu",
    )
    front2 = attack.entity(
        "e1", "Lualaba Defence Front", "ORG", "Lualaba Defence Front", country="COD", sector="REB"
    )
    kindu2 = attack.place("p1", "Kindu", "CD", -2.95, 25.92)
    attack.event("ev1", "ASSAULT", "attacked", date(2024, 8, 9), actors=[front2], place=kindu2)
    ingest(store, [deal.doc(), attack.doc()])
    (row,) = statuses(store).values()
    assert (row["status"], row["made_on"], row["changed_on"]) == (
        "broken",
        "2024-08-03",
        "2024-08-09",
    )
    assert row["party"] == "army and Lualaba Defence Front"
    assert row["why"]["by"] == ["Lualaba Defence Front"]
