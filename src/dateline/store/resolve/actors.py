"""Canonical actors: the entity names of all articles joined into real-world actors.

Entity mentions are first grouped by (type, folded name, country): a *name group*, kept in
``name_groups`` with its spellings, aliases and mention count, so resolution works on the
distinct names, never on the mentions. Groups are then joined when their names are equal
across types, share an alias, are close spellings (transliteration variants), are a shorter
form of one longer name, or are a surname that fits exactly one full name.

The groups are taken in an order that depends only on the names (longer names first, then
alphabetically), never on counts or arrival, so the actors are a function of the set of
names. An actor is named by its first group's lexicographically first spelling and its id is
derived from that group, so ids do not move as mentions accumulate. When an ingest brings no
new name and no new alias, only counts change; otherwise the resolver runs again over the
name groups (distinct names: thousands, not millions of rows) and only the actors whose
membership changed are rewritten.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from dateline.store.db import Store, id_chunks
from dateline.store.resolve.features import name_key
from dateline.store.resolve.stories import numeric_id
from dateline.vocabulary import role_nouns

# Thresholds, in one place so they are easy to audit.
NAME_SIMILARITY = 0.86  # full-name spelling variants ("Abdirahman" / "Abdurahman")
SURNAME_SIMILARITY = 0.8  # surname-only mention vs a full name's last token ("Hasan", "Ali Hassan")
PERSON_TYPES = {"PERSON", "PER"}
ACTOR_TYPES = {"PERSON", "PER", "ORG", "GROUP", "NORP"}


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def _in_order(short: list[str], long: list[str]) -> bool:
    """True when ``short`` is a proper subsequence of ``long`` (tokens kept in order)."""
    if len(short) >= len(long):
        return False
    it = iter(long)
    return all(token in it for token in short)


def _skeleton(token: str) -> str:
    """A crude consonant skeleton for blocking transliteration variants (muhammad ~ mohammed)."""
    letters = re.sub(r"[^a-z]", "", token)
    if not letters:
        return token[:2]
    rest = re.sub(r"[aeiouhwy]", "", letters[1:])
    return (letters[0] + rest)[:2]


@dataclass
class _Actor:
    id: int
    type: str
    name: str
    key: str
    country: str | None
    sector: str | None
    names: set[str] = field(default_factory=set)
    variants: set[str] = field(default_factory=set)
    groups: list[int] = field(default_factory=list)
    n_mentions: int = 0


def _compatible_country(a: str | None, b: str | None) -> bool:
    return not a or not b or a == b


class _ActorResolver:
    """Greedy clustering of name groups into actors, in the order it is given."""

    def __init__(self) -> None:
        self.actors: list[_Actor] = []
        self.by_key: dict[tuple[str, str], list[_Actor]] = defaultdict(list)
        self.by_block: dict[tuple[str, str], list[_Actor]] = defaultdict(list)
        self.by_first: dict[tuple[str, str], list[_Actor]] = defaultdict(list)
        self.by_name: dict[str, list[_Actor]] = defaultdict(list)

    def _new(
        self, type_: str, name: str, key: str, country: str | None, sector: str | None
    ) -> _Actor:
        actor = _Actor(len(self.actors) + 1, type_, name, key, country, sector)
        self.actors.append(actor)
        self._index(actor, key)
        return actor

    def _index(self, actor: _Actor, key: str) -> None:
        if key in actor.names:
            return
        actor.names.add(key)
        self.by_key[(actor.type, key)].append(actor)
        self.by_name[key].append(actor)
        tokens = key.split()
        if tokens and actor.type in PERSON_TYPES:  # spelling variants: persons' names only
            self.by_block[(actor.type, _skeleton(tokens[-1]))].append(actor)
            if actor not in self.by_first[(actor.type, tokens[0])]:
                self.by_first[(actor.type, tokens[0])].append(actor)

    def _match(
        self, type_: str, key: str, aliases: list[str], country: str | None
    ) -> tuple[_Actor | None, dict[str, Any]]:
        for actor in self.by_key.get((type_, key), []):
            if _compatible_country(actor.country, country):
                return actor, {"rule": "same_name", "name": key}
        for alias in _naming(aliases):
            for actor in self.by_key.get((type_, alias), []):
                if _compatible_country(actor.country, country):
                    return actor, {"rule": "shared_alias", "alias": alias}
        tokens = key.split()
        if not tokens:
            return None, {}
        if len(tokens) > 1:
            found = self._other_type(type_, key, country) or self._token_subset(
                type_, tokens, country
            )
            if found:
                return found
        block = [
            a
            for a in self.by_block.get((type_, _skeleton(tokens[-1])), [])
            if _compatible_country(a.country, country)
        ]
        if len(tokens) > 1:
            best, best_score = None, 0.0
            for actor in block:
                for name in sorted(actor.names):
                    if len(name.split()) < 2:
                        continue
                    score = _similarity(key, name)
                    last = _similarity(tokens[-1], name.split()[-1])
                    if (
                        score >= NAME_SIMILARITY
                        and last >= SURNAME_SIMILARITY
                        and score > best_score
                    ):
                        best, best_score = actor, score
            if best:
                return best, {"rule": "name_variant", "score": round(best_score, 3)}
            return None, {}
        if type_ not in PERSON_TYPES:
            return None, {}
        # A surname alone joins a full name only when exactly one actor fits it.
        fits: dict[int, tuple[_Actor, float]] = {}
        for actor in block:
            for name in actor.names:
                parts = name.split()
                if len(parts) < 2:
                    continue
                score = _similarity(key, parts[-1])
                if score >= SURNAME_SIMILARITY and score > fits.get(actor.id, (actor, 0.0))[1]:
                    fits[actor.id] = (actor, score)
        if len(fits) == 1:
            actor, score = next(iter(fits.values()))
            return actor, {"rule": "surname", "score": round(score, 3)}
        if len(fits) > 1:
            return None, {"rule": "ambiguous_surname", "candidates": sorted(fits)}
        return None, {}

    def _other_type(
        self, type_: str, key: str, country: str | None
    ) -> tuple[_Actor, dict[str, Any]] | None:
        """The same multi-word name typed differently by another article (ORG vs PERSON):
        one actor when exactly one candidate exists."""
        others = [
            a
            for a in self.by_name.get(key, [])
            if a.type != type_
            and a.type in ACTOR_TYPES
            and type_ in ACTOR_TYPES
            and _compatible_country(a.country, country)
        ]
        if len(others) == 1:
            return others[0], {"rule": "same_name_other_type", "type": others[0].type}
        return None

    def _token_subset(
        self, type_: str, tokens: list[str], country: str | None
    ) -> tuple[_Actor, dict[str, Any]] | None:
        """A shorter form of a longer name ("Carolina Munoz" in "Carolina Munoz Sepulveda",
        "Hassan Dheere" in "Hassan Omar Dheere"): same first token, every token in order."""
        fits = []
        for actor in self.by_first.get((type_, tokens[0]), []):
            if not _compatible_country(actor.country, country):
                continue
            if any(_in_order(tokens, name.split()) for name in actor.names):
                fits.append(actor)
        if len(fits) == 1:
            return fits[0], {"rule": "token_subset"}
        return None

    def add(self, group: dict[str, Any]) -> tuple[_Actor, dict[str, Any]]:
        actor, why = self._match(group["type"], group["key"], group["aliases"], group["country"])
        if actor is None:
            actor = self._new(
                group["type"], group["name"], group["key"], group["country"], group["sector"]
            )
            why = {"rule": "new", **({"note": why} if why else {})}
        for alias in [group["key"], *_naming(group["aliases"])]:
            self._index(actor, alias)
        actor.country = actor.country or group["country"]
        actor.sector = actor.sector or group["sector"]
        actor.variants.update(group["names"])
        actor.n_mentions += group["count"]
        actor.groups.append(group["id"])
        return actor, why


def _naming(aliases: list[str]) -> list[str]:
    """The aliases that name someone across articles: not a bare role or body noun
    ("government", "the ministry", "president"), which in another article is another body
    or person. Within its article the entity layer already joined it (a story's "the
    government" with its "defence ministry"); across articles it made a one-off name the
    head of every story's "government"."""
    roles = role_nouns()
    return [a for a in aliases if a not in roles]


def _group_order(g: dict[str, Any]) -> tuple[Any, ...]:
    """Full names first (surnames and variants attach to them), then by name: order-free."""
    return (-len(g["key"].split()), g["key"], g["type"], g["country"] or "")


def cluster_groups(
    groups: list[dict[str, Any]],
) -> tuple[list[_Actor], dict[int, tuple[_Actor, str]]]:
    """Actors for name groups (dicts with id, type, key, names, aliases, country, sector,
    count); returns (actors, group id → (actor, why json))."""
    by_id = {g["id"]: g for g in groups}
    resolver = _ActorResolver()
    links: dict[int, tuple[_Actor, str]] = {}
    for group in sorted(groups, key=_group_order):
        actor, why = resolver.add(group)
        links[group["id"]] = (actor, json.dumps(why, sort_keys=True))
    for actor in resolver.actors:
        first = by_id[actor.groups[0]]  # groups join in order: the first is the head
        actor.name = sorted(first["names"])[0]
        actor.id = numeric_id(f"actor|{first['type']}|{first['key']}|{first['country'] or ''}")
    return resolver.actors, links


def resolve_actors(
    entities: list[dict[str, Any]],
) -> tuple[list[_Actor], dict[int, tuple[int, str]]]:
    """Canonical actors for entity rows (id, name, type, country, sector, aliases json);
    returns (actors, entity id → (actor id, why json)). The pure core of the actor layer."""
    groups, members = _groups(entities)
    actors, links = cluster_groups(list(groups.values()))
    out: dict[int, tuple[int, str]] = {}
    for gkey, group in groups.items():
        actor, why = links[group["id"]]
        for entity_id in members[gkey]:
            out[entity_id] = (actor.id, why)
    return actors, out


def _groups(
    entities: list[dict[str, Any]],
) -> tuple[dict[tuple[str, str, str], dict[str, Any]], dict[tuple[str, str, str], list[int]]]:
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    members: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for e in entities:
        key = name_key(e["name"] or "")
        if not key:
            continue
        gkey = (e["type"] or "", key, e["country"] or "")
        group = groups.setdefault(
            gkey,
            {
                "id": len(groups) + 1,
                "type": gkey[0],
                "key": key,
                "name": e["name"],
                "names": set(),
                "country": e["country"] or None,
                "sector": e["sector"],
                "aliases": [],
                "count": 0,
            },
        )
        aliases = {name_key(a) for a in json.loads(e["aliases"] or "[]")}
        group["aliases"] = sorted({*group["aliases"], *(a for a in aliases if a and a != key)})
        group["names"].add(e["name"])
        group["sector"] = group["sector"] or e["sector"]
        group["count"] += 1
        members[gkey].append(e["id"])
    return groups, members


# --------------------------------------------------------------------------- the store
def match_keys(type_: str, names: list[str]) -> set[str]:
    """Every key under which the resolver may look a group's names up (``_ActorResolver``'s
    indexes): two groups can only ever join, directly or through an actor, when they share
    one, so a new name needs a look at the groups sharing its keys and nothing else."""
    keys: set[str] = set()
    for name in names:
        tokens = name.split()
        if not tokens:
            continue
        keys.add(f"name|{name}")
        keys.add(f"first|{type_}|{tokens[0]}")
        if type_ in PERSON_TYPES:
            keys.add(f"block|{type_}|{_skeleton(tokens[-1])}")
    return keys


def _write_keys(store: Store, group_id: int, type_: str, key: str, aliases: list[str]) -> None:
    store.execute("DELETE FROM name_group_keys WHERE group_id = ?", (group_id,))
    store.insert_many(
        "name_group_keys",
        [{"group_id": group_id, "key": k} for k in sorted(match_keys(type_, [key, *aliases]))],
    )


def _affected(store: Store, changed: set[int]) -> set[int]:
    """The groups whose actors may change with ``changed``: those sharing a match key with
    them, and every group of the actors those belong to, until nothing more is added."""
    found = set(changed)
    frontier = set(changed)
    while frontier:
        ids = sorted(frontier)
        more: set[int] = set()
        for chunk, marks in id_chunks(ids):
            more.update(
                r["group_id"]
                for r in store.query(
                    "SELECT DISTINCT k2.group_id FROM name_group_keys k1 JOIN name_group_keys "
                    f"k2 ON k2.key = k1.key WHERE k1.group_id IN ({marks})",
                    chunk,
                )
            )
            more.update(
                r["id"]
                for r in store.query(
                    "SELECT g2.id FROM name_groups g1 JOIN name_groups g2 ON g2.actor_id = "
                    f"g1.actor_id WHERE g1.id IN ({marks}) AND g1.actor_id IS NOT NULL",
                    chunk,
                )
            )
        frontier = more - found
        found |= more
    return found


def _load_groups(store: Store, ids: set[int] | None = None) -> list[dict[str, Any]]:
    groups = []
    if ids is None:
        rows = store.query("SELECT * FROM name_groups ORDER BY id")
    else:
        rows = []
        wanted = sorted(ids)
        for chunk, marks in id_chunks(wanted):
            rows += store.query(f"SELECT * FROM name_groups WHERE id IN ({marks})", chunk)
    for r in rows:
        groups.append(
            {
                "id": r["id"],
                "type": r["type"],
                "key": r["key"],
                "name": sorted(json.loads(r["names"]))[0],
                "names": set(json.loads(r["names"])),
                "aliases": json.loads(r["aliases"]),
                "country": r["country"] or None,
                "sector": r["sector"],
                "count": r["n_mentions"],
                "actor_id": r["actor_id"],
                "why": r["why"],
            }
        )
    return groups


def add_entities(store: Store, article_ids: list[int]) -> tuple[set[int], set[int]]:
    """Fold the new articles' entities into ``name_groups``; returns (groups with a new
    name or alias, whose actors must be resolved again; groups with new mentions)."""
    structural: set[int] = set()
    counted: set[int] = set()
    pending: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for chunk, marks in id_chunks(article_ids):
        for e in store.query(
            "SELECT id, name, type, country, sector, aliases FROM entities "
            f"WHERE article_id IN ({marks}) ORDER BY id",
            chunk,
        ):
            key = name_key(e["name"] or "")
            if key:
                pending[(e["type"] or "", key, e["country"] or "")].append(e)
    for (type_, key, country), ents in sorted(pending.items()):
        names = {e["name"] for e in ents}
        aliases = {name_key(a) for e in ents for a in json.loads(e["aliases"] or "[]")}
        aliases = {a for a in aliases if a and a != key}
        sector = next((e["sector"] for e in ents if e["sector"]), None)
        row = store.query(
            "SELECT * FROM name_groups WHERE type = ? AND key = ? AND country = ?",
            (type_, key, country),
        )
        if not row:
            group_id = store.insert(
                "name_groups",
                {
                    "type": type_,
                    "key": key,
                    "country": country,
                    "names": json.dumps(sorted(names)),
                    "aliases": json.dumps(sorted(aliases)),
                    "sector": sector,
                    "n_mentions": len(ents),
                    "actor_id": None,
                    "why": None,
                },
            )
            structural.add(group_id)
            _write_keys(store, group_id, type_, key, sorted(aliases))
        else:
            group = row[0]
            group_id = group["id"]
            old_names, old_aliases = (
                set(json.loads(group["names"])),
                set(json.loads(group["aliases"])),
            )
            if not aliases <= old_aliases or (group["sector"] is None and sector):
                structural.add(group_id)
                _write_keys(store, group_id, type_, key, sorted(old_aliases | aliases))
            store.execute(
                "UPDATE name_groups SET names = ?, aliases = ?, sector = COALESCE(sector, ?), "
                "n_mentions = n_mentions + ? WHERE id = ?",
                (
                    json.dumps(sorted(old_names | names)),
                    json.dumps(sorted(old_aliases | aliases)),
                    sector,
                    len(ents),
                    group_id,
                ),
            )
        counted.add(group_id)
        store.insert_many(
            "actor_links",
            [
                {"entity_id": e["id"], "actor_id": 0, "group_id": group_id, "why": None}
                for e in ents
            ],
        )
    return structural, counted


def update_actors(store: Store, article_ids: list[int], full: bool = False) -> set[int]:
    """Bring the actor tables up to date after ``article_ids`` were added; returns the ids of
    actors whose rows changed (and of actors that disappeared), for the event rows that
    name them. Only the groups a new name or alias can reach are resolved again."""
    structural, counted = add_entities(store, article_ids)
    changed: set[int] = set()
    moved: list[int] = []
    if structural:
        scope = None if full else _affected(store, structural)
        groups = _load_groups(store, scope)
        _, links = cluster_groups(groups)
        for g in groups:
            actor, why = links[g["id"]]
            if g["actor_id"] != actor.id or g["why"] != why:
                if g["actor_id"] != actor.id:
                    # Only a group that changes actor changes what event rows show (their
                    # actor id, name, country, sector); a new reason alone is rewritten on
                    # the group and its links, not on every event naming the actor (for a
                    # much-named actor, that was every row of it in the store).
                    if g["actor_id"]:
                        changed.add(g["actor_id"])
                    changed.add(actor.id)
                moved.append(g["id"])
                store.execute(
                    "UPDATE name_groups SET actor_id = ?, why = ? WHERE id = ?",
                    (actor.id, why, g["id"]),
                )
    # New mentions change counts and spellings: rewrite the actors they touch.
    touched = set(changed)
    touched.update(g["actor_id"] for g in _load_groups(store, counted) if g["actor_id"] is not None)
    for actor_id in sorted(touched):
        if _write_actor(store, actor_id):
            changed.add(actor_id)  # its name, country or sector changed: rows naming it too
    _relink(store, moved, article_ids)
    return changed


def _write_actor(store: Store, actor_id: int) -> bool:
    """Rewrite one actor's row; True when what event rows show of it changed."""
    before = store.query(
        "SELECT name, country, sector FROM canonical_actors WHERE id = ?", (actor_id,)
    )
    store.execute("DELETE FROM canonical_actors WHERE id = ?", (actor_id,))
    ids = {
        r["id"] for r in store.query("SELECT id FROM name_groups WHERE actor_id = ?", (actor_id,))
    }
    group_list = sorted(_load_groups(store, ids), key=_group_order)
    if not group_list:
        return bool(before)
    first = group_list[0]
    row = {
        "id": actor_id,
        "name": sorted(first["names"])[0],
        "type": first["type"],
        "country": next((g["country"] for g in group_list if g["country"]), None),
        "sector": next((g["sector"] for g in group_list if g["sector"]), None),
        "variants": json.dumps(sorted({n for g in group_list for n in g["names"]})),
        "n_mentions": sum(g["count"] for g in group_list),
    }
    store.insert_many("canonical_actors", [row])
    shown = {k: row[k] for k in ("name", "country", "sector")}
    return not before or before[0] != shown


def _relink(store: Store, group_ids: list[int], article_ids: list[int]) -> None:
    """Point the entity links of moved groups and of the new articles at their actors."""
    for chunk, marks in id_chunks(group_ids):
        store.execute(
            "UPDATE actor_links SET actor_id = (SELECT g.actor_id FROM name_groups g WHERE "
            "g.id = actor_links.group_id), why = (SELECT g.why FROM name_groups g WHERE "
            f"g.id = actor_links.group_id) WHERE group_id IN ({marks})",
            chunk,
        )
    for chunk, marks in id_chunks(article_ids):
        store.execute(
            "UPDATE actor_links SET actor_id = (SELECT g.actor_id FROM name_groups g WHERE "
            "g.id = actor_links.group_id), why = (SELECT g.why FROM name_groups g WHERE "
            "g.id = actor_links.group_id) WHERE entity_id IN "
            f"(SELECT id FROM entities WHERE article_id IN ({marks}))",
            chunk,
        )
