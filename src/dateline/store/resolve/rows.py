"""One ``canonical_events`` row per cluster of mentions, with every source's say kept.

Where the sources agree the row simply says it. Where they disagree on a figure, a place or a
date, the row gives the summary (fatalities low/best/high; the most specific place; the range
every source allows) **and** ``disagreements``: each distinct value with the outlets and
articles that gave it, so nothing a source said is silently overwritten.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from typing import Any

from dateline.store.db import Store
from dateline.store.resolve.events import Item
from dateline.store.resolve.stories import dated_id

# Which mention names the canonical place: the most specific kind of place first.
FEATURE_RANK = {"city": 0, "admin2": 1, "admin1": 2, "region": 2, "country": 3}


def _mode(values: list[Any]) -> Any:
    values = [v for v in values if v not in (None, "")]
    if not values:
        return None
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], str(v)))[0]


def _source(item: Item) -> str:
    return item.article.outlet or item.article.source or item.article.hash[:16]


def _per_article_max(members: list[Item], attribute: str) -> dict[str, tuple[float, Item]]:
    found: dict[str, tuple[float, Item]] = {}
    for item in members:
        value = getattr(item.mention, attribute)
        if value is None:
            continue
        current = found.get(item.article.hash)
        if current is None or value > current[0]:
            found[item.article.hash] = (value, item)
    return found


def _figures(members: list[Item], attribute: str) -> tuple[float | None, ...]:
    """low/best/high over sources: each article's largest figure, best = lower median."""
    values = sorted(v for v, _ in _per_article_max(members, attribute).values())
    if not values:
        return None, None, None
    return values[0], values[(len(values) - 1) // 2], values[-1]


def _said(pairs: list[tuple[Any, Item]]) -> list[dict[str, Any]] | None:
    """Each distinct value with who gave it, when the sources give more than one."""
    by_value: dict[str, dict[str, Any]] = {}
    for value, item in pairs:
        entry = by_value.setdefault(
            json.dumps(value, sort_keys=True), {"value": value, "sources": [], "articles": []}
        )
        if _source(item) not in entry["sources"]:
            entry["sources"].append(_source(item))
        if item.article.hash[:16] not in entry["articles"]:
            entry["articles"].append(item.article.hash[:16])
    if len(by_value) < 2:
        return None
    out = [by_value[k] for k in sorted(by_value)]
    for entry in out:
        entry["sources"].sort()
        entry["articles"].sort()
    return out


def disagreements(members: list[Item]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for attribute in ("fatalities", "injured"):
        said = _said([(v, i) for v, i in _per_article_max(members, attribute).values()])
        if said:
            found[attribute] = said
    # A place or a date range that contains another is no disagreement ("Somalia" and
    # "Baidoa"; "this week" and "Tuesday"): only values that rule each other out are listed.
    fine = [i for i in members if i.mention.location and i.mention.feature != "country"]
    if _places_conflict(fine):
        found["place"] = _said(
            [({"location": i.mention.location, "country": i.mention.country}, i) for i in fine]
        )
    dated = [i for i in members if i.mention.interval()]
    intervals = [i.mention.interval() for i in dated]
    if intervals and max(x[0] for x in intervals) > min(x[1] for x in intervals):  # type: ignore[index]
        found["date"] = _said(
            [
                (i.mention.lo if i.mention.lo == i.mention.hi else [i.mention.lo, i.mention.hi], i)
                for i in dated
            ]
        )
    return {k: v for k, v in found.items() if v}


def _places_conflict(items: list[Item]) -> bool:
    from dateline.countries import fold
    from dateline.store.resolve.pairs import SAME_PLACE_KM, km

    for n, a in enumerate(items):
        for b in items[n + 1 :]:
            ma, mb = a.mention, b.mention
            if ma.country and mb.country and ma.country != mb.country:
                return True
            if fold(ma.location or "") == fold(mb.location or ""):
                continue
            if None not in (ma.lat, ma.lon, mb.lat, mb.lon):
                if km(ma.lat, ma.lon, mb.lat, mb.lon) > SAME_PLACE_KM:  # type: ignore[arg-type]
                    if ma.feature == mb.feature:
                        return True
            elif ma.feature == mb.feature:
                return True
    return False


def _date_range(members: list[Item]) -> dict[str, str | None]:
    """The narrowest range every source agrees on; the union when they contradict."""
    intervals = [m.mention.interval() for m in members]
    dated = [i for i in intervals if i]
    if not dated:
        return {"date_earliest": None, "date_latest": None}
    lo, hi = max(i[0] for i in dated), min(i[1] for i in dated)
    if lo > hi:
        lo, hi = min(i[0] for i in dated), max(i[1] for i in dated)
    return {"date_earliest": lo.isoformat(), "date_latest": hi.isoformat()}


def _parties(store: Store, event_ids: list[int]) -> dict[str, list[dict[str, Any]]]:
    marks = ", ".join("?" for _ in event_ids)
    rows = store.query(
        "SELECT p.event_id, p.role, p.position, p.name, p.country, p.sector, l.actor_id, "
        "ca.name AS actor_name, ca.country AS actor_country, ca.sector AS actor_sector "
        "FROM event_participants p LEFT JOIN actor_links l ON l.entity_id = p.entity_id "
        f"LEFT JOIN canonical_actors ca ON ca.id = l.actor_id WHERE p.event_id IN ({marks}) "
        "ORDER BY p.event_id, p.role, p.position",
        event_ids,
    )
    sides: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        sides[r["role"]].append(r)
    return sides


def _top(parties: list[dict[str, Any]]) -> dict[str, Any]:
    """The most cited canonical actor of one side, else the most cited bare name."""
    resolved = [p for p in parties if p["actor_id"] is not None]
    if resolved:
        counts = Counter(p["actor_id"] for p in resolved)
        names = {p["actor_id"]: p for p in resolved}
        ident = sorted(counts, key=lambda i: (-counts[i], names[i]["actor_name"] or "", i))[0]
        p = names[ident]
        return {
            "name": p["actor_name"],
            "id": ident,
            "country": p["actor_country"],
            "sector": p["actor_sector"],
        }
    name = _mode([p["name"] for p in parties])
    same = [p for p in parties if p["name"] == name]
    return {
        "name": name,
        "id": None,
        "country": _mode([p["country"] for p in same]),
        "sector": _mode([p["sector"] for p in same]),
    }


def _counterparts(targets: list[dict[str, Any]], actor: dict[str, Any]) -> list[dict[str, Any]]:
    """The targets other than the row's first actor, when there are any: in a reciprocal act
    ("A and B signed a pact") each party is a target too, and the second actor is the other."""
    others = [
        p
        for p in targets
        if not (
            (actor["id"] is not None and p["actor_id"] == actor["id"])
            or (actor["id"] is None and p["actor_id"] is None and p["name"] == actor["name"])
        )
    ]
    return others or targets


def _names(parties: list[dict[str, Any]]) -> list[str]:
    return sorted({p["actor_name"] for p in parties if p["actor_name"]})


def canonical_row(store: Store, head: str, members: list[Item], story_id: int | None) -> dict:
    """The row for the cluster named by ``head`` (members in canonical order)."""
    first = members[0].mention
    placed = sorted(
        (i for i in members if i.mention.location),
        key=lambda i: (
            FEATURE_RANK.get(i.mention.feature or "", 1),
            i.mention.geo_precision or 9,
            i.mention.lat is None,
            i.key,
        ),
    )
    where = placed[0].mention if placed else first
    low, best, high = _figures(members, "fatalities")
    days = [i.mention.day for i in members if i.mention.day]
    outlets = sorted({i.article.outlet or i.article.source or "" for i in members} - {""})
    precisions = [i.mention.time_precision for i in members if i.mention.time_precision]
    return {
        "id": dated_id(head),
        "key": hashlib.sha1(head.encode("utf-8")).hexdigest()[:16],
        "story_id": story_id,
        "type": first.type,
        "mode": _mode([i.mention.mode for i in members]),
        "status": first.status,
        # As before: the date most sources give, else the first mention's earliest day (its
        # precision is in time_precision and date_earliest/date_latest).
        "event_date": _mode(days) or first.lo,
        **_date_range(members),
        "time_precision": min(precisions) if precisions else None,
        "country": where.country or _mode([i.mention.country for i in members]),
        "admin1": where.admin1,
        "location": where.location,
        "latitude": where.lat,
        "longitude": where.lon,
        "geo_precision": where.geo_precision,
        "fatalities_low": low,
        "fatalities_best": best,
        "fatalities_high": high,
        **actor_columns(store, [i.mention.event_id for i in members]),
        "acled_event_type": _mode([i.mention.acled_event_type for i in members]),
        "acled_sub_event_type": _mode([i.mention.acled_sub_event_type for i in members]),
        "cameo_root": _mode([i.mention.cameo_root for i in members]),
        "n_sources": len({i.article.hash for i in members}),
        "n_mentions": len(members),
        "sources": json.dumps(outlets),
        "notes": members[0].mention.sentence or None,
        "disagreements": _json_or_none(disagreements(members)),
    }


def actor_columns(store: Store, event_ids: list[int]) -> dict[str, Any]:
    """The columns of a canonical row that come from its mentions' canonical actors: all a
    row has to be told when only an actor it names changed (``resolve.refresh_actors``)."""
    sides = _parties(store, event_ids)
    a1 = _top(sides.get("actor", []))
    a2 = _top(_counterparts(sides.get("target", []), a1))
    return {
        "actor1": a1["name"],
        "actor1_id": a1["id"],
        "actor1_country": a1["country"],
        "actor1_sector": a1["sector"],
        "actor2": a2["name"],
        "actor2_id": a2["id"],
        "actor2_country": a2["country"],
        "actor2_sector": a2["sector"],
        "actors": json.dumps(_names(sides.get("actor", []))),
        "targets": json.dumps(_names(sides.get("target", []))),
    }


def _json_or_none(value: dict[str, Any]) -> str | None:
    return json.dumps(value, sort_keys=True, ensure_ascii=False) if value else None
