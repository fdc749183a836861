"""Commitment monitoring in the store: statuses kept up to date as articles arrive.

The rules are in ``commitments.py``; this module reads a pledge and its candidate events from
the store, writes ``commitment_status`` (the status, the day it changed, why, its history)
and ``commitment_evidence`` (each event that bears on it, with its effect and the party it is
by), and decides which commitments a resolution run must look at again, so that no run
passes over the whole store:

* the commitments of the new articles;
* the commitments *watching* a new event: each commitment has one ``commitment_watch`` row
  per evidence type with the days an event of that type can matter to it (from the day it
  was made, less the widest date precision, to the end of its period, or open-ended), and
  a new event mention finds the rows of its type whose days meet its own with one indexed
  query;
* the commitments whose parties, or whose watched events' sides, belong to a canonical actor
  that this run changed (two names that now resolve to one actor may now match);
* the commitments whose deadline "today" has just passed: today is the latest publication day
  in the store (``monitor_state``), so statuses depend only on the stored articles and a new
  article with a later date expires, or completes, exactly the pledges whose deadline lies
  between the old today and the new one.

Every status is a function of the stored articles alone: checking a commitment reads
everything it depends on again, so any order of ingest, or a rebuild, gives the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from dateline.store.commitments import (
    LOOKBACK_DAYS,
    Candidate,
    Party,
    Place,
    Pledge,
    agreement_types,
    assess,
    classify,
    event_place_keys,
    evidence_rules,
    findings,
    side_keys,
    watch_keys,
)
from dateline.store.db import Store, id_chunks
from dateline.store.resolve.features import name_key, parse_day
from dateline.store.resolve.ordered import FAR

MONITOR_TABLES = ("commitment_evidence", "commitment_watch", "commitment_status")
DERIVED_TABLES = (*MONITOR_TABLES, "mention_keys")


# --------------------------------------------------------------------------- the hook
def after_resolution(
    store: Store,
    new_articles: Iterable[int],
    touched: set[tuple[str, str]],
    changed_actors: set[int],
    full: bool = False,
) -> None:
    """Bring statuses and disputes up to date after a resolution run (inside its
    transaction): ``new_articles`` were just resolved, ``touched`` are the (type, head) of
    the canonical events rewritten, ``changed_actors`` the canonical actors whose membership
    changed; ``full`` (a rebuild, or the first run on a store upgraded to monitoring)
    recomputes everything."""
    from dateline.store import disputes

    if not full and _state(store, "backfill") == "1":
        full = True
    new = sorted(set(new_articles))
    index_mentions(store, new, changed_actors, full)
    update_commitments(store, new, changed_actors, full)
    disputes.update(store, new, touched, full)
    if full:
        store.execute("DELETE FROM monitor_state WHERE name = 'backfill'")


def catch_up(store: Store) -> bool:
    """On a store upgraded to monitoring (or whose last run stopped before it), compute the
    statuses and disputes once; True when there was anything to do."""
    if _state(store, "backfill") != "1":
        return False
    after_resolution(store, [], set(), set(), full=True)
    return True


def _state(store: Store, name: str) -> str | None:
    return store.scalar("SELECT value FROM monitor_state WHERE name = ?", (name,))


def _set_state(store: Store, name: str, value: str | None) -> None:
    store.execute("DELETE FROM monitor_state WHERE name = ?", (name,))
    if value is not None:
        store.execute("INSERT INTO monitor_state (name, value) VALUES (?, ?)", (name, value))


def store_today(store: Store) -> date | None:
    """The store's "now": its latest publication day (None in a store without dates)."""
    return parse_day(store.scalar("SELECT MAX(published) FROM articles"))


# --------------------------------------------------------------------------- which to check
def update_commitments(
    store: Store, new: list[int], changed_actors: set[int], full: bool = False
) -> set[int]:
    """Recheck the commitments this run may have changed (all of them when ``full``);
    returns their ids."""
    today = store_today(store)
    before = parse_day(_state(store, "today"))
    if full:
        for table in MONITOR_TABLES:
            store.execute(f"DELETE FROM {table}")
        affected = {r["id"] for r in store.query("SELECT id FROM commitments")}
    else:
        affected = _of_articles(store, new)
        affected |= _watching_articles(store, new)
        affected |= _naming_actors(store, changed_actors)
        if today and before and today > before:
            affected |= _deadline_between(store, before, today)
    for commitment_id in sorted(affected):
        check(store, commitment_id, today)
    _set_state(store, "today", today.isoformat() if today else None)
    return affected


def _of_articles(store: Store, articles: list[int]) -> set[int]:
    found: set[int] = set()
    for chunk, marks in id_chunks(articles):
        found |= {
            r["id"]
            for r in store.query(f"SELECT id FROM commitments WHERE article_id IN ({marks})", chunk)
        }
    return found


def _watching_articles(store: Store, articles: list[int]) -> set[int]:
    """Commitments watching the type, days and keys (sides, places) of an event mention of
    these articles: each mention key meets the watch rows of its (type, key) by index."""
    found: set[int] = set()
    for chunk, marks in id_chunks(articles):
        found |= {
            r["commitment_id"]
            for r in store.query(
                "SELECT DISTINCT w.commitment_id FROM events e "
                "JOIN mention_keys k ON k.event_id = e.id JOIN commitment_watch w "
                "ON w.type = k.type AND w.key = k.key AND w.hi >= k.lo AND w.lo <= k.hi "
                f"WHERE e.article_id IN ({marks})",
                chunk,
            )
        }
    return found


# --------------------------------------------------------------------------- mention keys
def index_mentions(store: Store, new: list[int], changed_actors: set[int], full: bool) -> None:
    """Write ``mention_keys`` for the dated mentions of the new articles and for those whose
    sides belong to a canonical actor this run changed (their actor keys, and the country
    and sector taken from the actor, may differ now); every mention when ``full``."""
    if full:
        store.execute("DELETE FROM mention_keys")
        events = [r["event_id"] for r in store.query("SELECT event_id FROM mention_index")]
    else:
        ids: set[int] = set()
        for chunk, marks in id_chunks(new):
            ids |= {
                r["id"]
                for r in store.query(f"SELECT id FROM events WHERE article_id IN ({marks})", chunk)
            }
        for chunk, marks in id_chunks(changed_actors):
            ids |= {
                r["event_id"]
                for r in store.query(
                    "SELECT DISTINCT p.event_id FROM event_participants p JOIN actor_links l "
                    f"ON l.entity_id = p.entity_id WHERE l.actor_id IN ({marks})",
                    chunk,
                )
            }
        events = sorted(ids)
        for chunk, marks in id_chunks(events):
            store.execute(f"DELETE FROM mention_keys WHERE event_id IN ({marks})", chunk)
    for chunk, marks in id_chunks(events):
        rows = store.query(
            "SELECT e.id, e.location, e.admin1, e.country, mi.type, mi.lo, mi.hi "
            "FROM mention_index mi JOIN events e ON e.id = mi.event_id "
            f"WHERE mi.lo IS NOT NULL AND mi.event_id IN ({marks})",
            chunk,
        )
        sides = _sides_of(store, [r["id"] for r in rows])
        keyed = []
        for r in rows:
            keys = event_place_keys(r["location"], r["admin1"], r["country"])
            for side in (s for role in sides.get(r["id"], {}).values() for s in role):
                keys |= side_keys(side)
            hi = r["hi"] or FAR
            keyed += [
                {"event_id": r["id"], "type": r["type"], "key": k, "lo": r["lo"], "hi": hi}
                for k in sorted(keys)
            ]
        store.insert_many("mention_keys", keyed)


def _naming_actors(store: Store, actors: set[int]) -> set[int]:
    """Commitments whose party, or an agreement side, or a watched event's side, is linked to
    one of these canonical actors."""
    found: set[int] = set()
    for chunk, marks in id_chunks(actors):
        found |= {
            r["id"]
            for r in store.query(
                "SELECT c.id FROM commitments c JOIN actor_links l ON l.entity_id = c.party_id "
                f"WHERE l.actor_id IN ({marks})",
                chunk,
            )
        }
        found |= {
            r["commitment_id"]
            for r in store.query(
                "SELECT s.commitment_id FROM commitment_status s JOIN event_participants p "
                "ON p.event_id = s.agreement_id JOIN actor_links l ON l.entity_id = p.entity_id "
                f"WHERE l.actor_id IN ({marks})",
                chunk,
            )
        }
        found |= {
            r["commitment_id"]
            for r in store.query(
                "SELECT DISTINCT w.commitment_id FROM actor_links l JOIN event_participants p "
                "ON p.entity_id = l.entity_id JOIN mention_index mi ON mi.event_id = p.event_id "
                "JOIN commitment_watch w ON w.type = mi.type AND w.hi >= mi.lo "
                f"AND w.lo <= mi.hi WHERE mi.lo IS NOT NULL AND l.actor_id IN ({marks})",
                chunk,
            )
        }
    return found


def _deadline_between(store: Store, before: date, today: date) -> set[int]:
    """Commitments whose deadline was not yet past at ``before`` and is past at ``today``."""
    return {
        r["commitment_id"]
        for r in store.query(
            "SELECT commitment_id FROM commitment_status WHERE deadline >= ? AND deadline < ?",
            (before.isoformat(), today.isoformat()),
        )
    }


# --------------------------------------------------------------------------- one commitment
def check(store: Store, commitment_id: int, today: date | None) -> None:
    """Recompute one commitment's status, evidence and watch rows."""
    loaded = load_pledge(store, commitment_id)
    for table in MONITOR_TABLES:
        store.execute(f"DELETE FROM {table} WHERE commitment_id = ?", (commitment_id,))
    if loaded is None:
        return
    pledge, row, agreement = loaded
    found = findings(pledge, candidates(store, pledge))
    outcome = assess(pledge, found, today)
    store.insert_many(
        "commitment_status",
        [
            {
                "commitment_id": commitment_id,
                "article_id": row["article_id"],
                "agreement_id": agreement,
                "kind": pledge.kind.kind if pledge.kind else None,
                "obligation": pledge.obligation,
                "made_on": _iso(pledge.made_on),
                "deadline": _iso(pledge.deadline),
                "status": outcome.status,
                "changed_on": _iso(outcome.changed_on),
                "parties": _dumps([p.as_json() for p in pledge.parties]),
                "places": _dumps([p.name for p in pledge.places]),
                "why": _dumps(outcome.why),
                "history": _dumps(outcome.history),
            }
        ],
    )
    store.insert_many(
        "commitment_evidence",
        [
            {
                "commitment_id": commitment_id,
                "event_id": f.candidate.event_id,
                "article_id": f.candidate.article_id,
                "effect": f.effect,
                "day": f.day.isoformat(),
                "party": f.party,
                "why": _dumps({"certain": f.certain, "rule": f.rule}),
            }
            for f in found
        ],
    )
    store.insert_many("commitment_watch", watch_rows(pledge))


def watch_rows(pledge: Pledge) -> list[dict[str, Any]]:
    """The (type, key, days) windows in which a new event could change this pledge's status:
    one row per evidence type and per key an event bearing on it must have (a party's
    actor, name or side, or a place it names; ``commitments.watch_keys``), so a new event
    finds only the pledges of its own parties or places, not every pledge of its type."""
    if pledge.kind is None or pledge.made_on is None or not pledge.parties:
        return []
    lo = (pledge.made_on - timedelta(days=LOOKBACK_DAYS)).isoformat()
    hi = _iso(pledge.period_end) or FAR
    keys: set[tuple[str, str]] = set()
    for rule in evidence_rules().get(pledge.kind.kind, ()):
        keys |= {(rule.type, key) for key in watch_keys(pledge, rule)}
    return [
        {"commitment_id": pledge.commitment_id, "type": t, "key": k, "lo": lo, "hi": hi}
        for t, k in sorted(keys)
    ]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


# --------------------------------------------------------------------------- reading
def load_pledge(
    store: Store, commitment_id: int
) -> tuple[Pledge, dict[str, Any], int | None] | None:
    """(the pledge, its commitments row, the agreement event its parties came from)."""
    rows = store.query(
        "SELECT c.*, a.published FROM commitments c JOIN articles a ON a.id = c.article_id "
        "WHERE c.id = ?",
        (commitment_id,),
    )
    if not rows:
        return None
    row = rows[0]
    agreement = row["event_id"] or _nearest_agreement(store, row)
    parties = _parties(store, row, agreement)
    made_on = None
    if agreement is not None:
        made_on = parse_day(
            store.scalar(
                "SELECT event_date FROM events WHERE id = ? AND date_precision = 'day'",
                (agreement,),
            )
        )
    made_on = made_on or parse_day(row["published"])
    pledge = Pledge(
        commitment_id=commitment_id,
        text=row["text"] or "",
        kind=classify(row["text"] or "", row["what"], row["kind"]),
        made_on=made_on,
        deadline=parse_day(row["deadline"]),
        parties=parties,
        places=_places(store, row),
        condition=row["condition"],
        condition_status=row["condition_status"],
    )
    return pledge, row, agreement


def _nearest_agreement(store: Store, row: dict[str, Any]) -> int | None:
    """The agreement event (``commitment_agreements.csv``: AGREE, a ceasefire RETREAT) of
    the commitment's article nearest before it: its
    sentence starts before the commitment (so "Under the deal signed on Saturday, both sides
    pledged ..." and "... pledged, in the deal signed on Saturday, ..." both find it)."""
    if row["start_char"] is None:
        return None
    terms, params = [], []
    for agreement in agreement_types():
        if agreement.modes:
            marks = ", ".join("?" for _ in agreement.modes)
            terms.append(f"(type = ? AND mode IN ({marks}))")
            params += [agreement.type, *sorted(agreement.modes)]
        else:
            terms.append("type = ?")
            params.append(agreement.type)
    return store.scalar(
        f"SELECT id FROM events WHERE article_id = ? AND ({' OR '.join(terms)}) "
        "AND COALESCE(sentence_start, trigger_start) <= ? "
        "ORDER BY COALESCE(sentence_start, trigger_start) DESC, trigger_start, id LIMIT 1",
        [row["article_id"], *params, row["start_char"]],
    )


_SIDE_SQL = (
    "SELECT p.event_id, p.role, p.name, p.entity_id, p.place_id, "
    "COALESCE(p.country, ca.country) AS country, "
    "COALESCE(p.sector, ca.sector) AS sector, l.actor_id, pl.feature "
    "FROM event_participants p LEFT JOIN actor_links l ON l.entity_id = p.entity_id "
    "LEFT JOIN canonical_actors ca ON ca.id = l.actor_id "
    "LEFT JOIN places pl ON pl.id = p.place_id "
)


def _side(r: dict[str, Any]) -> Party | None:
    name = str(r["name"] or "")
    if r["place_id"] is not None and r["feature"] != "country":
        return None  # a town is where something happened, not who did it
    return Party(
        name=name,
        key=name_key(name),
        entity_id=r["entity_id"],
        actor_id=r["actor_id"],
        country=r["country"],
        sector=r["sector"],
        is_country=r["place_id"] is not None,
    )


def _parties(store: Store, row: dict[str, Any], agreement: int | None) -> list[Party]:
    if row["party_id"] is not None:
        found = store.query(
            "SELECT e.name, e.id AS entity_id, COALESCE(e.country, ca.country) AS country, "
            "COALESCE(e.sector, ca.sector) AS sector, l.actor_id FROM entities e "
            "LEFT JOIN actor_links l ON l.entity_id = e.id "
            "LEFT JOIN canonical_actors ca ON ca.id = l.actor_id WHERE e.id = ?",
            (row["party_id"],),
        )
        return [
            Party(
                name=r["name"],
                key=name_key(r["name"]),
                entity_id=r["entity_id"],
                actor_id=r["actor_id"],
                country=r["country"],
                sector=r["sector"],
            )
            for r in found
        ]
    if row["party_place_id"] is not None:
        found = store.query(
            "SELECT name, country, feature FROM places WHERE id = ?", (row["party_place_id"],)
        )
        return [
            Party(
                name=r["name"],
                key=name_key(r["name"]),
                country=r["country"],
                is_country=r["feature"] == "country",
            )
            for r in found
        ]
    if agreement is None:
        return []
    sides = [
        _side(r)
        for r in store.query(
            _SIDE_SQL + "WHERE p.event_id = ? ORDER BY p.role, p.position", (agreement,)
        )
    ]
    unique: dict[str, Party] = {}
    for side in sides:
        if side is not None and side.key and side.key not in unique:
            unique[side.key] = side
    return list(unique.values())


def _places(store: Store, row: dict[str, Any]) -> list[Place]:
    """Places named inside the commitment's text (not the party itself)."""
    if row["start_char"] is None or row["end_char"] is None:
        return []
    found = store.query(
        "SELECT DISTINCT p.id, p.name, p.country, p.admin1, p.feature FROM evidence ev "
        "JOIN places p ON p.id = ev.item_id WHERE ev.item_kind = 'place' AND ev.article_id = ? "
        "AND ev.start_char >= ? AND ev.end_char <= ? ORDER BY p.id",
        (row["article_id"], row["start_char"], row["end_char"]),
    )
    return [
        Place(r["name"], name_key(r["name"]), r["country"], r["admin1"], r["feature"])
        for r in found
        if r["id"] != row["party_place_id"]
    ]


def candidates(store: Store, pledge: Pledge) -> list[Candidate]:
    """Stored event mentions of the pledge's evidence types whose days may fall after it
    was made (and, for a pledge with a period, not after the period) and that carry one of
    its watch keys (a side that may be its party, or a place it names), found through
    ``mention_keys``: a pledge reads the events of its own parties and places, never every
    event of a type."""
    if pledge.kind is None or pledge.made_on is None or not pledge.parties:
        return []
    lo = (pledge.made_on - timedelta(days=LOOKBACK_DAYS)).isoformat()
    hi = _iso(pledge.period_end) or FAR
    by_type: dict[str, set[str]] = {}
    for rule in evidence_rules().get(pledge.kind.kind, ()):
        by_type.setdefault(rule.type, set()).update(watch_keys(pledge, rule))
    ids: set[int] = set()
    for type_, keys in sorted(by_type.items()):
        for chunk, marks in id_chunks(keys):
            ids |= {
                r["event_id"]
                for r in store.query(
                    "SELECT DISTINCT event_id FROM mention_keys WHERE type = ? "
                    f"AND key IN ({marks}) AND lo >= ? AND lo <= ? AND hi > ?",
                    [type_, *chunk, lo, hi, pledge.made_on.isoformat()],
                )
            }
    found: list[Candidate] = []
    for chunk, marks in id_chunks(ids):
        rows = store.query(
            "SELECT e.id, e.article_id, e.local_id, e.type, e.mode, e.status, e.location, "
            "e.country, e.admin1, mi.lo, mi.hi, mi.sort_key FROM mention_index mi "
            f"JOIN events e ON e.id = mi.event_id WHERE mi.event_id IN ({marks})",
            chunk,
        )
        sides = _sides_of(store, [r["id"] for r in rows])
        for r in rows:
            day_lo, day_hi = parse_day(r["lo"]), parse_day(r["hi"])
            if day_lo is None or day_hi is None:
                continue
            found.append(
                Candidate(
                    event_id=r["id"],
                    article_id=r["article_id"],
                    local_id=r["local_id"],
                    type=r["type"],
                    mode=r["mode"],
                    status=r["status"] or "occurred",
                    lo=day_lo,
                    hi=day_hi,
                    location=r["location"],
                    country=r["country"],
                    admin1=r["admin1"],
                    sides=sides.get(r["id"], {}),
                    key=r["sort_key"].split("|", 1)[-1],
                )
            )
    found.sort(key=lambda c: (c.lo, c.key, c.event_id))
    return found


def _sides_of(store: Store, event_ids: list[int]) -> dict[int, dict[str, list[Party]]]:
    found: dict[int, dict[str, list[Party]]] = {}
    for chunk, marks in id_chunks(event_ids):
        for r in store.query(
            _SIDE_SQL + f"WHERE p.event_id IN ({marks}) ORDER BY p.event_id, p.role, p.position",
            chunk,
        ):
            side = _side(r)
            if side is not None:
                found.setdefault(r["event_id"], {}).setdefault(r["role"], []).append(side)
    return found


# --------------------------------------------------------------------------- reading back
COMMITMENT_FILTERS = frozenset({"status", "kind", "party", "article_id", "since", "until"})
_DECODED = ("why", "history", "parties", "places")


def commitment_selection(filters: Any) -> tuple[str, list[Any]]:
    from dateline.store.commitments import STATUSES
    from dateline.store.query import _check, _filter_id, _like, filter_day

    given = _check(filters, COMMITMENT_FILTERS)
    where: list[str] = []
    params: list[Any] = []
    if "status" in given:
        status = str(given["status"]).lower()
        if status not in STATUSES:
            raise ValueError(f"unknown status {status[:40]!r}; choose from {', '.join(STATUSES)}")
        where.append("s.status = ?")
        params.append(status)
    if "kind" in given:
        where.append("s.kind = ?")
        params.append(str(given["kind"]).lower())
    if "party" in given:
        where.append("(lower(c.party_name) LIKE ? OR lower(s.parties) LIKE ?)")
        params += [_like(str(given["party"]))] * 2
    if "article_id" in given:
        where.append("c.article_id = ?")
        params.append(_filter_id(given["article_id"], "article_id"))
    for key, op in (("since", ">="), ("until", "<=")):
        if key in given:
            where.append(f"COALESCE(s.deadline, s.made_on) {op} ?")
            params.append(filter_day(given[key], key))
    return (" WHERE " + " AND ".join(where)) if where else "", params


def list_commitments(
    store: Store, filters: Any = None, limit: int = 100, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """Commitments with their status: ``status`` (open | met | broken | expired | unclear),
    ``changed_on`` (the day the status took effect), ``why`` (the rule, the kind, the
    parties it was met or broken by), ``history``, ``made_on``, ``deadline``, ``parties``,
    and ``evidence``: each event that bears on it (its article, event id in the article,
    canonical id, type, day, place, ``effect`` meets | breaks | bears, whether ``certain``,
    the party it is by, who reported it, trigger and sentence offsets). Filters: ``status``,
    ``kind``, ``party`` (name contains), ``article_id``, ``since``/``until`` (on the
    deadline, else the day it was made)."""
    from dateline.store.query import _limit, cursor_id

    where, params = commitment_selection(filters)
    if cursor:
        where += (" AND " if where else " WHERE ") + "c.id > ?"
        params.append(cursor_id(cursor))
    limit = _limit(limit)
    rows = store.query(
        "SELECT c.id, c.article_id, c.local_id, COALESCE(c.party_name, '') AS party, c.text, "
        "c.what, s.kind, s.obligation, c.quantity_value, c.quantity_from, c.quantity_what, "
        "c.condition, c.condition_status, s.made_on, s.deadline, s.status, s.changed_on, "
        "s.why, s.history, s.parties, s.places, c.start_char, c.end_char, a.title, a.outlet, "
        "a.url, a.published FROM commitments c JOIN commitment_status s "
        f"ON s.commitment_id = c.id JOIN articles a ON a.id = c.article_id{where} "
        "ORDER BY c.id LIMIT ?",
        [*params, limit + 1],
    )
    more = len(rows) > limit
    rows = rows[:limit]
    for row in rows:
        for column in _DECODED:
            row[column] = json.loads(row[column]) if row[column] else None
        if not row["party"]:
            row["party"] = " and ".join(p["name"] for p in row["parties"] or [])
    _with_evidence(store, rows)
    return rows, (str(rows[-1]["id"]) if more and rows else None)


def _with_evidence(store: Store, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    ids = [r["id"] for r in rows]
    by: dict[int, list[dict[str, Any]]] = {}
    for chunk, marks in id_chunks(ids):
        for r in store.query(
            "SELECT ce.commitment_id, ce.event_id AS mention_id, e.local_id AS event, "
            "ce.article_id, cm.canonical_id, e.type, e.mode, ce.day, e.location, ce.effect, "
            "ce.party, ce.why, COALESCE(e.source_name, se.name) AS source, e.fatalities, "
            "e.trigger_text, e.sentence_start, e.sentence_end, a.title, a.outlet, a.published "
            "FROM commitment_evidence ce JOIN events e ON e.id = ce.event_id "
            "JOIN articles a ON a.id = ce.article_id "
            "LEFT JOIN entities se ON se.id = e.source_id "
            "LEFT JOIN canonical_mentions cm ON cm.event_id = ce.event_id "
            f"WHERE ce.commitment_id IN ({marks}) "
            "ORDER BY ce.commitment_id, ce.day, a.content_hash, e.local_id",
            chunk,
        ):
            why = json.loads(r.pop("why") or "{}")
            r["certain"] = bool(why.get("certain"))
            r["rule"] = why.get("rule")
            by.setdefault(r.pop("commitment_id"), []).append(r)
    for row in rows:
        row["evidence"] = by.get(row["id"], [])


COMMITMENT_COLUMNS = [
    ("commitment_id", "int"),
    ("status", "str"),
    ("changed_on", "date"),
    ("made_on", "date"),
    ("deadline", "date"),
    ("party", "str"),
    ("kind", "str"),
    ("what", "str"),
    ("quantity", "float"),
    ("quantity_what", "str"),
    ("condition", "str"),
    ("condition_status", "str"),
    ("rule", "str"),
    ("by", "list"),
    ("n_evidence", "int"),
    ("evidence", "list"),
    ("text", "str"),
    ("article_id", "int"),
    ("title", "str"),
    ("outlet", "str"),
    ("published", "date"),
]
COMMITMENT_TABLE_COLUMNS = [
    "commitment_id",
    "status",
    "changed_on",
    "deadline",
    "party",
    "kind",
    "n_evidence",
    "text",
]


def commitment_rows(store: Store, filters: Any = None) -> Any:
    """One flat row per commitment (evidence as "TYPE day place (effect, by PARTY)")."""
    cursor: str | None = None
    while True:
        rows, cursor = list_commitments(store, filters, limit=1000, cursor=cursor)
        for r in rows:
            why = r.get("why") or {}
            yield {
                **{k: r.get(k) for k, _ in COMMITMENT_COLUMNS},
                "commitment_id": r["id"],
                "quantity": r.get("quantity_value"),
                "rule": why.get("rule"),
                "by": why.get("by") or [],
                "n_evidence": len(r["evidence"]),
                "evidence": [_evidence_text(e) for e in r["evidence"]],
            }
        if not cursor:
            return


def _evidence_text(e: dict[str, Any]) -> str:
    """ "ASSAULT 2024-03-20 Malakal (breaks, by ULF, per Peter Akol)"."""
    how = [e["effect"] if e["certain"] else f"possibly {e['effect']}"]
    how += [f"by {e['party']}"] if e["party"] else []
    how += [f"per {e['source']}"] if e["source"] else []
    head = " ".join(x for x in (e["type"], e["day"], e["location"]) if x)
    return f"{head} ({', '.join(how)})"
