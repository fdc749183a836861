"""Contested claims: where sources disagree on a fact, each claim side by side with who made it.

A **dispute** is one fact about one real event on which the stored mentions give more than
one value; each **claim** is one mention's value with its claimant (the event's ``source``
as the text gave it: "the army", "a local official"; a mention without one is its outlet's
own report), the outlet, the article and the sentence. Facts:

* ``fatalities`` and ``injured``: different figures ("the army said 12 were killed; a local
  official said 15");
* ``actor`` (who did it): mentions naming sides that share no actor ("the army said the
  rebels attacked"; "a rebel commander said the army attacked first");
* ``place`` and ``date``: values that rule each other out (resolution's ``disagreements``
  decide, so "Somalia" and "Baidoa", or "this week" and "Tuesday", are no dispute);
* ``status`` (whether it happened): within one article, a mention that it occurred and one
  that it did not, from different sources (resolution never merges mentions of different
  status, so across articles this needs the events layer to link them, see SERVER.md).

Two places disputes come from. **Across articles** (and within one, when resolution merged
an article's two mentions): the mentions of each canonical event. **Within one article**: an
article's mentions of one type whose dates meet and whose places fit, given by at least two
different claimants, when resolution did not make them one canonical event.

A dispute is ``contested`` when two different claimants give different values, ``revised``
when only one claimant (or one outlet reporting on its own) gave several (a toll that rose
between two reports). Disputes are recomputed for the canonical events a resolution run
rewrote and for the articles that have a mention in them or are new, never for the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dateline.store.db import Store, id_chunks
from dateline.store.resolve.features import name_key
from dateline.store.resolve.stories import dated_id, numeric_id

FACTS = ("fatalities", "injured", "actor", "place", "date", "status")
FACT_ORDER = {f: i for i, f in enumerate(FACTS)}
KINDS = ("contested", "revised")
SCOPES = ("across", "within")
# Facts taken from resolution's own judgement of a conflict (``rows.disagreements``).
JUDGED_FACTS = ("place", "date")


@dataclass
class Said:
    """One event mention as a claim: what it says and who says it."""

    event_id: int
    article_id: int
    local_id: str
    key: str  # article hash : local id (order-free)
    type: str
    status: str
    fatalities: float | None
    fatalities_qualifier: str | None
    injured: float | None
    location: str | None
    country: str | None
    lo: str | None
    hi: str | None
    claimant: str
    claimant_id: str  # who, for telling claimants apart
    claimant_actor_id: int | None
    attributed: bool
    outlet: str | None
    published: str | None
    sentence_start: int | None
    sentence_end: int | None
    canonical_id: int | None
    actors: dict[str, str] = field(default_factory=dict)  # identity → name shown


# --------------------------------------------------------------------------- reading
_SAID_SQL = (
    "SELECT e.id, e.article_id, e.local_id, e.type, e.status, e.fatalities, "
    "e.fatalities_qualifier, e.injured, e.location, e.country, e.sentence_start, "
    "e.sentence_end, COALESCE(e.source_name, se.name) AS source_name, sl.actor_id AS source_actor, "
    "a.outlet, a.source AS article_source, a.published, a.content_hash, mi.lo, mi.hi, "
    "cm.canonical_id FROM events e JOIN articles a ON a.id = e.article_id "
    "LEFT JOIN entities se ON se.id = e.source_id "
    "LEFT JOIN actor_links sl ON sl.entity_id = e.source_id "
    "LEFT JOIN mention_index mi ON mi.event_id = e.id "
    "LEFT JOIN canonical_mentions cm ON cm.event_id = e.id "
)


def _said(store: Store, where: str, params: Iterable[Any]) -> list[Said]:
    rows = store.query(_SAID_SQL + where + " ORDER BY e.id", list(params))
    actors = _actors_of(store, [r["id"] for r in rows])
    out = []
    for r in rows:
        outlet = r["outlet"] or r["article_source"] or r["content_hash"][:16]
        source = (r["source_name"] or "").strip()
        if source:
            ident = (
                f"actor:{r['source_actor']}" if r["source_actor"] else f"name:{name_key(source)}"
            )
        else:
            ident = f"outlet:{outlet}"
        out.append(
            Said(
                event_id=r["id"],
                article_id=r["article_id"],
                local_id=r["local_id"],
                key=f"{r['content_hash'][:16]}:{r['local_id']}",
                type=r["type"],
                status=r["status"] or "occurred",
                fatalities=r["fatalities"],
                fatalities_qualifier=r["fatalities_qualifier"],
                injured=r["injured"],
                location=r["location"],
                country=r["country"],
                lo=r["lo"],
                hi=r["hi"],
                claimant=source or outlet,
                claimant_id=ident,
                claimant_actor_id=r["source_actor"] if source else None,
                attributed=bool(source),
                outlet=r["outlet"],
                published=r["published"],
                sentence_start=r["sentence_start"],
                sentence_end=r["sentence_end"],
                canonical_id=r["canonical_id"],
                actors=actors.get(r["id"], {}),
            )
        )
    return out


def _actors_of(store: Store, event_ids: list[int]) -> dict[int, dict[str, str]]:
    """Each mention's doers: identity (canonical actor, else folded name) → name shown."""
    found: dict[int, dict[str, str]] = {}
    for chunk, marks in id_chunks(event_ids):
        for r in store.query(
            "SELECT p.event_id, p.name, l.actor_id, ca.name AS actor_name "
            "FROM event_participants p LEFT JOIN actor_links l ON l.entity_id = p.entity_id "
            "LEFT JOIN canonical_actors ca ON ca.id = l.actor_id "
            f"WHERE p.role = 'actor' AND p.place_id IS NULL AND p.event_id IN ({marks}) "
            "ORDER BY p.event_id, p.position",
            chunk,
        ):
            name = r["actor_name"] or r["name"] or ""
            ident = f"actor:{r['actor_id']}" if r["actor_id"] else f"name:{name_key(name)}"
            if name:
                found.setdefault(r["event_id"], {})[ident] = name
    return found


# --------------------------------------------------------------------------- the facts
def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _values(fact: str, said: list[Said]) -> list[tuple[Said, Any, str]]:
    """(mention, value, value as shown) for each mention that says something on ``fact``."""
    out: list[tuple[Said, Any, str]] = []
    for s in said:
        if fact == "fatalities" and s.fatalities is not None:
            qualifier = (s.fatalities_qualifier or "").replace("_", " ")
            shown = f"{_number(s.fatalities)} killed"
            if qualifier and qualifier not in ("exact", "none"):
                shown = f"{qualifier} {shown}"
            out.append((s, _number(s.fatalities), shown))
        elif fact == "injured" and s.injured is not None:
            out.append((s, _number(s.injured), f"{_number(s.injured)} injured"))
        elif fact == "actor" and s.actors:
            names = sorted(set(s.actors.values()))
            out.append((s, names, ", ".join(names)))
        elif fact == "place" and s.location:
            shown = s.location + (f" ({s.country})" if s.country else "")
            out.append((s, {"location": s.location, "country": s.country}, shown))
        elif fact == "date" and s.lo:
            value: Any = s.lo if s.lo == s.hi else [s.lo, s.hi]
            out.append((s, value, s.lo if s.lo == s.hi else f"{s.lo} to {s.hi}"))
        elif fact == "status":
            shown = "did not happen" if s.status == "negated" else "happened"
            if s.status in ("occurred", "negated"):
                out.append((s, s.status, shown))
    return out


def _conflicting(fact: str, values: list[tuple[Said, Any, str]]) -> bool:
    """True when the values rule each other out (for ``actor``: two sets with no doer in
    common; otherwise: more than one distinct value)."""
    if fact == "actor":  # who is who by canonical actor (else folded name), not as spelled
        sets = [set(s.actors) for s, _, _ in values]
        return any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1 :])
    return len({json.dumps(v, sort_keys=True) for _, v, _ in values}) > 1


@dataclass
class Dispute:
    id: int
    scope: str
    kind: str
    fact: str
    head: str
    canonical_id: int | None
    article_id: int | None
    event_type: str | None
    event_date: str | None
    location: str | None
    country: str | None
    claims: list[tuple[Said, Any, str]]

    def row(self) -> dict[str, Any]:
        claimants = {s.claimant_id for s, _, _ in self.claims}
        values = {json.dumps(v, sort_keys=True) for _, v, _ in self.claims}
        return {
            "id": self.id,
            "scope": self.scope,
            "kind": self.kind,
            "fact": self.fact,
            "canonical_id": self.canonical_id,
            "article_id": self.article_id,
            "head": self.head,
            "event_type": self.event_type,
            "event_date": self.event_date,
            "location": self.location,
            "country": self.country,
            "n_claims": len(self.claims),
            "n_values": len(values),
            "n_claimants": len(claimants),
            "summary": summary(self.claims),
        }

    def claim_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "dispute_id": self.id,
                "position": i,
                "value": json.dumps(value, sort_keys=True, ensure_ascii=False),
                "shown": shown,
                "claimant": s.claimant,
                "claimant_actor_id": s.claimant_actor_id,
                "attributed": 1 if s.attributed else 0,
                "outlet": s.outlet,
                "article_id": s.article_id,
                "event_id": s.event_id,
                "local_id": s.local_id,
                "published": s.published,
                "sentence_start": s.sentence_start,
                "sentence_end": s.sentence_end,
            }
            for i, (s, value, shown) in enumerate(self.claims)
        ]


def summary(claims: list[tuple[Said, Any, str]]) -> str:
    """One line a person reads: "the army said 12 killed; Meridian Post reported 15 killed"."""
    parts: list[str] = []
    for s, _, shown in claims:
        part = f"{s.claimant} said {shown}" if s.attributed else f"{s.claimant} reported {shown}"
        if part not in parts:
            parts.append(part)
    return "; ".join(parts)


def _kind(values: list[tuple[Said, Any, str]]) -> str:
    for i, (a, va, _) in enumerate(values):
        for b, vb, _ in values[i + 1 :]:
            if a.claimant_id != b.claimant_id and json.dumps(va, sort_keys=True) != json.dumps(
                vb, sort_keys=True
            ):
                return "contested"
    return "revised"


def disputes_of(
    said: list[Said], head: str, facts: Iterable[str], canonical: dict[str, Any] | None
) -> list[Dispute]:
    """The disputes among one group of mentions (a canonical event's, or one article's)."""
    out = []
    first = min(said, key=lambda s: s.key)
    for fact in facts:
        values = _values(fact, said)
        if len(values) < 2 or not _conflicting(fact, values):
            continue
        # In the order a reader met them: by publication, then article, then the text.
        values.sort(key=lambda v: (v[0].published or "9999-12-31", v[0].key, v[0].event_id))
        articles = {s.article_id for s, _, _ in values}
        out.append(
            Dispute(
                id=numeric_id(f"{fact}|{head}"),
                scope="across" if len(articles) > 1 else "within",
                kind=_kind(values),
                fact=fact,
                head=head,
                canonical_id=canonical["id"] if canonical else None,
                article_id=None if canonical else first.article_id,
                event_type=first.type,
                event_date=(canonical or {}).get("event_date") or first.lo,
                location=(canonical or {}).get("location") or first.location,
                country=(canonical or {}).get("country") or first.country,
                claims=values,
            )
        )
    return out


# --------------------------------------------------------------------------- groups
def canonical_disputes(store: Store, canonical_id: int) -> list[Dispute]:
    rows = store.query("SELECT * FROM canonical_events WHERE id = ?", (canonical_id,))
    if not rows:
        return []
    event = rows[0]
    said = _said(store, "WHERE cm.canonical_id = ?", [canonical_id])
    if len(said) < 2:
        return []
    judged = json.loads(event["disagreements"]) if event.get("disagreements") else {}
    facts = ["fatalities", "injured", "actor", *[f for f in JUDGED_FACTS if f in judged]]
    return disputes_of(said, f"event:{event['key']}", facts, event)


def _meet(a: Said, b: Said) -> bool:
    """Could two mentions of one article be the same incident told by two sources?"""
    if a.type != b.type:
        return False
    if a.lo and a.hi and b.lo and b.hi and (a.hi < b.lo or b.hi < a.lo):
        return False
    if a.location and b.location and name_key(a.location) != name_key(b.location):
        return False
    return True


def article_disputes(store: Store, article_id: int) -> list[Dispute]:
    """Disputes among one article's own mentions that resolution kept apart (or that no
    canonical event holds): same type, meeting dates, fitting places, two claimants."""
    said = _said(store, "WHERE e.article_id = ?", [article_id])
    groups: list[list[Said]] = []
    seen: set[int] = set()
    for s in said:  # connected components of the "meet" relation, in row order
        if s.event_id in seen:
            continue
        group, todo = [], [s]
        seen.add(s.event_id)
        while todo:
            current = todo.pop()
            group.append(current)
            for other in said:
                if other.event_id not in seen and _meet(current, other):
                    seen.add(other.event_id)
                    todo.append(other)
        if len(group) > 1:
            groups.append(group)
    out = []
    for group in groups:
        canon = {s.canonical_id for s in group}
        if len(canon) == 1 and None not in canon:
            continue  # one canonical event: its own disputes say it
        if len({s.claimant_id for s in group}) < 2:
            continue
        head = "article:" + min(s.key for s in group)
        out.extend(disputes_of(group, head, FACTS[:3] + ("status",), None))
    return out


# --------------------------------------------------------------------------- updating
def update(
    store: Store, new_articles: list[int], touched: set[tuple[str, str]], full: bool = False
) -> None:
    """Recompute the disputes a resolution run may have changed (all when ``full``)."""
    if full:
        store.execute("DELETE FROM claims")
        store.execute("DELETE FROM disputes")
        canonical = [r["id"] for r in store.query("SELECT id FROM canonical_events ORDER BY id")]
        articles = [r["id"] for r in store.query("SELECT id FROM articles ORDER BY id")]
    else:
        canonical = sorted({dated_id(head) for _, head in touched})
        articles = sorted(set(new_articles) | _articles_in(store, canonical))
        _delete(store, "canonical_id", canonical)
        _delete(store, "article_id", articles)
    found: dict[int, Dispute] = {}
    for ident in canonical:
        for d in canonical_disputes(store, ident):
            found[d.id] = d
    for ident in articles:
        for d in article_disputes(store, ident):
            found.setdefault(d.id, d)
    rows = [found[k] for k in sorted(found)]
    store.insert_many("disputes", [d.row() for d in rows])
    store.insert_many("claims", [c for d in rows for c in d.claim_rows()])


def _articles_in(store: Store, canonical: list[int]) -> set[int]:
    found: set[int] = set()
    for chunk, marks in id_chunks(canonical):  # a set and a delete: order is free
        found |= {
            r["article_id"]
            for r in store.query(
                "SELECT DISTINCT article_id FROM canonical_mentions "
                f"WHERE canonical_id IN ({marks})",
                chunk,
            )
        }
    return found


def _delete(store: Store, column: str, ids: list[int]) -> None:
    for chunk, marks in id_chunks(ids):  # a set and a delete: order is free
        store.execute(
            "DELETE FROM claims WHERE dispute_id IN "
            f"(SELECT id FROM disputes WHERE {column} IN ({marks}))",
            chunk,
        )
        store.execute(f"DELETE FROM disputes WHERE {column} IN ({marks})", chunk)


# --------------------------------------------------------------------------- reading back
DISPUTE_FILTERS = frozenset(
    {"fact", "kind", "scope", "canonical_id", "article_id", "since", "until"}
)


def dispute_selection(filters: Mapping[str, Any] | None) -> tuple[str, list[Any]]:
    from dateline.store.query import _check, _filter_id, filter_day

    given = _check(filters, DISPUTE_FILTERS)
    where: list[str] = []
    params: list[Any] = []
    for key, allowed in (("fact", FACTS), ("kind", KINDS), ("scope", SCOPES)):
        if key in given:
            value = str(given[key]).lower()
            if value not in allowed:
                raise ValueError(f"unknown {key} {value[:40]!r}; choose from {', '.join(allowed)}")
            where.append(f"d.{key} = ?")
            params.append(value)
    if "canonical_id" in given:
        number = _filter_id(given["canonical_id"], "canonical_id")
        where.append(
            "(d.canonical_id = ? OR d.id IN (SELECT c.dispute_id FROM claims c JOIN "
            "canonical_mentions cm ON cm.event_id = c.event_id WHERE cm.canonical_id = ?))"
        )
        params += [number, number]
    if "article_id" in given:
        where.append("d.id IN (SELECT dispute_id FROM claims WHERE article_id = ?)")
        params.append(_filter_id(given["article_id"], "article_id"))
    for key, op in (("since", ">="), ("until", "<=")):
        if key in given:
            where.append(f"d.event_date {op} ?")
            params.append(filter_day(given[key], key))
    return (" WHERE " + " AND ".join(where)) if where else "", params


def list_disputes(
    store: Store,
    filters: Mapping[str, Any] | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Disputes with their ``claims`` (each: ``value``, ``shown``, ``claimant``, whether it was
    ``attributed`` to a source or is the outlet's own report, the ``outlet``, the article
    id, title and url, the event id inside the article, the sentence offsets and, when
    resolved, ``canonical_id``). Filters: ``fact`` (fatalities | injured | actor | place |
    date | status), ``kind`` (contested | revised), ``scope`` (across | within),
    ``canonical_id`` (disputes about that canonical event), ``article_id`` (with a claim from
    that article), ``since``/``until`` (event date)."""
    from dateline.store.query import _limit, cursor_id

    where, params = dispute_selection(filters)
    if cursor:
        where += (" AND " if where else " WHERE ") + "d.id > ?"
        params.append(cursor_id(cursor))
    limit = _limit(limit)
    rows = store.query(
        f"SELECT d.* FROM disputes d{where} ORDER BY d.id LIMIT ?", [*params, limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    _with_claims(store, rows)
    return rows, (str(rows[-1]["id"]) if more and rows else None)


def _with_claims(store: Store, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    ids = [r["id"] for r in rows]
    marks = ", ".join("?" for _ in ids)
    by: dict[int, list[dict[str, Any]]] = {}
    for c in store.query(
        "SELECT c.dispute_id, c.value, c.shown, c.claimant, c.claimant_actor_id, c.attributed, "
        "c.outlet, c.article_id, c.event_id AS mention_id, c.local_id AS event, c.published, "
        "c.sentence_start, c.sentence_end, a.title, a.url, cm.canonical_id FROM claims c "
        "JOIN articles a ON a.id = c.article_id "
        "LEFT JOIN canonical_mentions cm ON cm.event_id = c.event_id "
        f"WHERE c.dispute_id IN ({marks}) ORDER BY c.dispute_id, c.position",
        ids,
    ):
        c["value"] = json.loads(c["value"])
        c["attributed"] = bool(c["attributed"])
        by.setdefault(c.pop("dispute_id"), []).append(c)
    for r in rows:
        r["claims"] = by.get(r["id"], [])


def event_claims(store: Store, canonical_id: int) -> list[dict[str, Any]]:
    """The disputes about one canonical event (its own, and those within an article that
    involve one of its mentions), with their claims, in fact order."""
    rows, _ = list_disputes(store, {"canonical_id": canonical_id}, limit=1000)
    return sorted(rows, key=lambda r: (FACT_ORDER.get(r["fact"], 99), r["id"]))


# --------------------------------------------------------------------------- export
CLAIM_COLUMNS = [
    ("dispute_id", "int"),
    ("fact", "str"),
    ("kind", "str"),
    ("scope", "str"),
    ("event_type", "str"),
    ("event_date", "date"),
    ("location", "str"),
    ("country", "str"),
    ("canonical_id", "int"),
    ("claim", "str"),
    ("value", "str"),
    ("claimant", "str"),
    ("attributed", "int"),
    ("outlet", "str"),
    ("published", "date"),
    ("article_id", "int"),
    ("event", "str"),
    ("title", "str"),
    ("summary", "str"),
]
TABLE_COLUMNS = [
    "dispute_id",
    "fact",
    "kind",
    "event_date",
    "location",
    "claim",
    "claimant",
    "outlet",
]


def claim_rows(store: Store, filters: Mapping[str, Any] | None = None) -> Iterable[dict[str, Any]]:
    """One row per claim, its dispute's fields alongside (for CSV, JSONL, Parquet)."""
    cursor: str | None = None
    while True:
        rows, cursor = list_disputes(store, filters, limit=1000, cursor=cursor)
        for d in rows:
            for c in d["claims"]:
                yield {
                    **{k: d.get(k) for k, _ in CLAIM_COLUMNS},
                    "dispute_id": d["id"],
                    "canonical_id": d.get("canonical_id") or c.get("canonical_id"),
                    "claim": c["shown"],
                    "value": json.dumps(c["value"], ensure_ascii=False)
                    if not isinstance(c["value"], str | int | float)
                    else str(c["value"]),
                    "claimant": c["claimant"],
                    "attributed": 1 if c["attributed"] else 0,
                    "outlet": c["outlet"],
                    "published": c["published"],
                    "article_id": c["article_id"],
                    "event": c["event"],
                    "title": c["title"],
                }
        if not cursor:
            return
