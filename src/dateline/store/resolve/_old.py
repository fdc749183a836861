"""Cross-article resolution: canonical actors, story clusters and canonical events.

Everything here is *recomputed* from the stored mentions in one transaction, deterministically
(inputs are read in id order and every tie is broken by id or name), so a merge is never
destructive: change a rule or a threshold, re-run, and the canonical tables follow. Every link
carries a ``why`` JSON that says which evidence joined it.

Order of work:

1. **Canonical actors**: entity mentions with the same type and compatible country are joined
   when their folded names are equal, share an alias, are close spellings (transliteration
   variants, string similarity), or when a surname-only mention fits exactly one full name.
2. **Stories**: TF-IDF cosine of title + lead, among articles published within a few days;
   candidate pairs come from an inverted index on each article's strongest terms, so the cost
   stays near-linear in the corpus.
3. **Canonical events**: event mentions of the same PLOVER type and status, with dates within
   a window, compatible countries and places (same name or within a few tens of km), scored
   by shared canonical actors/targets, same story and same day; complete-link on the vetoes,
   best-link on the score. Numbers that disagree are kept as low/best/high.
4. **Article grouping** (what ``dateline eval dedup`` scores): stories joined when their
   articles' main events became one canonical event.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from dateline.countries import fold
from dateline.store.db import Store

# Thresholds, in one place so they are easy to audit.
NAME_SIMILARITY = 0.86  # full-name spelling variants ("Abdirahman" / "Abdurahman")
SURNAME_SIMILARITY = 0.8  # surname-only mention vs a full name's last token ("Hasan", "Ali Hassan")
STORY_SIMILARITY = 0.22  # TF-IDF cosine of title + lead
STORY_WINDOW_DAYS = 3
STORY_CANDIDATE_TERMS = 12
STORY_SPAN_DAYS = 7  # a story joined through shared events spans at most this many days
STORY_MAX_POSTINGS = 100  # a term in more articles than this within one window is not a cue
LEAD_CHARS = 700
EVENT_WINDOW_DAYS = 2
SAME_PLACE_KM = 25.0
NEAR_PLACE_KM = 75.0
MERGE_SCORE = 3.0
# Which mention names the canonical place: the most specific kind of place first.
FEATURE_RANK = {"city": 0, "admin2": 1, "admin1": 2, "region": 2, "country": 3}
# A region and a town inside it are compatible within this distance of the region's centre.
COARSE_PLACE_KM = {"admin1": 400.0, "region": 400.0, "admin2": 120.0}

PERSON_TYPES = {"PERSON", "PER"}
ACTOR_TYPES = {"PERSON", "PER", "ORG", "GROUP", "NORP"}


# --------------------------------------------------------------------------- union-find
class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # the smallest id names the group


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def _name_key(name: str) -> str:
    return re.sub(r"[^\w ]+", "", fold(name).replace("-", " ")).strip()


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


# --------------------------------------------------------------------------- actors
@dataclass
class _Actor:
    id: int
    type: str
    name: str
    key: str
    country: str | None
    sector: str | None
    names: set[str] = field(default_factory=set)
    variants: Counter[str] = field(default_factory=Counter)
    n_mentions: int = 0


def _compatible_country(a: str | None, b: str | None) -> bool:
    return not a or not b or a == b


class _ActorResolver:
    """Greedy, order-independent-enough clustering of entity name groups into actors."""

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
        if tokens:
            self.by_block[(actor.type, _skeleton(tokens[-1]))].append(actor)
            if actor not in self.by_first[(actor.type, tokens[0])]:
                self.by_first[(actor.type, tokens[0])].append(actor)

    def _match(
        self, type_: str, key: str, aliases: list[str], country: str | None
    ) -> tuple[_Actor | None, dict[str, Any]]:
        for actor in self.by_key.get((type_, key), []):
            if _compatible_country(actor.country, country):
                return actor, {"rule": "same_name", "name": key}
        for alias in aliases:
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
        for alias in [group["key"], *group["aliases"]]:
            self._index(actor, alias)
        actor.country = actor.country or group["country"]
        actor.sector = actor.sector or group["sector"]
        actor.variants[group["name"]] += group["count"]
        actor.n_mentions += group["count"]
        return actor, why


def resolve_actors(
    entities: list[dict[str, Any]],
) -> tuple[list[_Actor], dict[int, tuple[int, str]]]:
    """Canonical actors for entity rows; returns (actors, entity id → (actor id, why json))."""
    groups: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    members: dict[tuple[str, str, str | None], list[int]] = defaultdict(list)
    for e in entities:
        key = _name_key(e["name"])
        if not key:
            continue
        gkey = (e["type"] or "", key, e["country"])
        aliases = [_name_key(a) for a in json.loads(e["aliases"] or "[]")]
        group = groups.setdefault(
            gkey,
            {
                "type": e["type"] or "",
                "key": key,
                "name": e["name"],
                "country": e["country"],
                "sector": e["sector"],
                "aliases": [],
                "count": 0,
            },
        )
        group["aliases"] = sorted({*group["aliases"], *(a for a in aliases if a and a != key)})
        group["count"] += 1
        members[gkey].append(e["id"])
    # Full, frequent names first, so surnames and variants attach to an established actor.
    order = sorted(
        groups, key=lambda k: (-len(k[1].split()), -groups[k]["count"], k[1], k[0], k[2] or "")
    )
    resolver = _ActorResolver()
    links: dict[int, tuple[int, str]] = {}
    for gkey in order:
        actor, why = resolver.add(groups[gkey])
        why_json = json.dumps(why, sort_keys=True)
        for entity_id in members[gkey]:
            links[entity_id] = (actor.id, why_json)
    for actor in resolver.actors:  # the most used spelling names the actor
        actor.name = sorted(actor.variants.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return resolver.actors, links


# --------------------------------------------------------------------------- stories
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _terms(text: str, stop: frozenset[str]) -> list[str]:
    return [t for t in re.findall(r"[^\W\d_]{3,}", fold(text)) if t not in stop]


def _parse_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def story_links(articles: list[dict[str, Any]]) -> list[tuple[int, int, float]]:
    """Pairs of articles (a < b) whose title + lead are similar enough to be one story."""
    stop = _stop_words()
    tfs: dict[int, Counter[str]] = {}
    for a in articles:
        terms = _terms(a.get("title") or "", stop) * 2 + _terms(
            (a.get("lead") or "")[:LEAD_CHARS], stop
        )
        tfs[a["id"]] = Counter(terms)
    n = len(articles)
    df: Counter[str] = Counter()
    for tf in tfs.values():
        df.update(tf.keys())
    vectors: dict[int, dict[str, float]] = {}
    for doc_id, tf in tfs.items():
        vec = {t: (1 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in tf.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        vectors[doc_id] = {t: w / norm for t, w in vec.items()}
    index: dict[str, list[int]] = defaultdict(list)
    for doc_id, vec in vectors.items():
        top = sorted(vec, key=lambda t: (-vec[t], t))[:STORY_CANDIDATE_TERMS]
        for term in top:
            index[term].append(doc_id)
    published = {a["id"]: _parse_date(a.get("published")) for a in articles}
    links = []
    for x, y in sorted(_candidate_pairs(index, published)):
        vx, vy = vectors[x], vectors[y]
        if len(vx) > len(vy):
            vx, vy = vy, vx
        sim = sum(w * vy.get(t, 0.0) for t, w in vx.items())
        if sim >= STORY_SIMILARITY:
            links.append((x, y, round(sim, 3)))
    return links


def _candidate_pairs(
    index: dict[str, list[int]], published: dict[int, date | None]
) -> set[tuple[int, int]]:
    """Pairs sharing a strong term and published within the window of each other.

    Each posting list is swept in date order, so only articles close in time are paired; a
    term shared by more than ``STORY_MAX_POSTINGS`` articles in one window says nothing about
    the story and is skipped there, which keeps the cost near-linear on big corpora.
    """
    pairs: set[tuple[int, int]] = set()
    for ids in index.values():
        if len(ids) < 2:
            continue
        dated = sorted((published[i].toordinal(), i) for i in ids if published[i])
        undated = sorted(i for i in ids if not published[i])
        start = 0
        for j, (day, ident) in enumerate(dated):
            while dated[start][0] < day - STORY_WINDOW_DAYS:
                start += 1
            if j - start > STORY_MAX_POSTINGS:
                continue
            pairs.update((min(i, ident), max(i, ident)) for _, i in dated[start:j])
        if undated and len(ids) <= STORY_MAX_POSTINGS:
            pairs.update((min(x, y), max(x, y)) for x in undated for y in ids if x != y)
    return pairs


def group_stories(
    articles: list[dict[str, Any]], links: list[tuple[int, int, float]]
) -> tuple[dict[int, int], dict[int, dict[str, Any]]]:
    """Article → story id, joining an article to the story it is most similar to *on
    average* (pairs not linked count as 0), so stories cannot chain through one similar pair
    each. Articles are taken in publication order; a story is named by its first article."""
    near: dict[int, dict[int, float]] = defaultdict(dict)
    for x, y, sim in links:
        near[x][y] = near[y][x] = sim
    far = date.max
    order = sorted(articles, key=lambda a: (_parse_date(a.get("published")) or far, a["id"]))
    story_of: dict[int, int] = {}
    members: dict[int, list[int]] = defaultdict(list)
    why: dict[int, dict[str, Any]] = {}
    for a in order:
        ident = a["id"]
        best: tuple[float, int] | None = None
        for story in sorted({story_of[n] for n in near[ident] if n in story_of}):
            group = members[story]
            mean = sum(near[ident].get(m, 0.0) for m in group) / len(group)
            if mean >= STORY_SIMILARITY and (best is None or mean > best[0]):
                best = (mean, story)
        story = best[1] if best else ident
        if best:
            why[ident] = {
                "rule": "text_similarity",
                "story": story,
                "mean_similarity": round(best[0], 3),
                "story_size": len(members[story]),
            }
        story_of[ident] = story
        members[story].append(ident)
    return story_of, why


# --------------------------------------------------------------------------- events
@dataclass
class _Mention:
    id: int
    article_id: int
    type: str
    status: str
    earliest: date | None
    latest: date | None
    day: date | None
    location: str | None
    lat: float | None
    lon: float | None
    country: str | None
    actors: set[int]
    targets: set[int]
    names: dict[int, str]
    fatalities: float | None
    order: int
    row: dict[str, Any]
    feature: str | None = None  # the place's kind: country, admin1, city, ...


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _date_gap(a: _Mention, b: _Mention) -> int | None:
    if not (a.earliest and b.earliest):
        return None
    a1, b1 = a.latest or a.earliest, b.latest or b.earliest
    if a.earliest <= b1 and b.earliest <= a1:
        return 0
    return min(abs((a.earliest - b1).days), abs((b.earliest - a1).days))


def _place_score(a: _Mention, b: _Mention, why: dict[str, Any]) -> float | None:
    """+2 same place, +1 nearby, 0 unknown, None when the places rule the pair out."""
    if a.country and b.country and a.country != b.country:
        return None
    if "country" in (a.feature, b.feature):
        # "in Somalia" contains every Somali town: no evidence for or against.
        why["within_country"] = a.country or b.country
        return 0.0
    coarse = max(
        COARSE_PLACE_KM.get(a.feature or "", 0.0), COARSE_PLACE_KM.get(b.feature or "", 0.0)
    )
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        km = _km(a.lat, a.lon, b.lat, b.lon)
        why["distance_km"] = round(km, 1)
        if coarse and a.feature != b.feature:
            if km > coarse:
                return None
            why["within_region"] = True
            return 0.5
        if km > NEAR_PLACE_KM:
            return None
        return 2.0 if km <= SAME_PLACE_KM else 1.0
    if a.location and b.location:
        la, lb = fold(a.location), fold(b.location)
        if la == lb:
            why["same_place"] = a.location
            return 2.0
        if la in lb or lb in la:
            why["overlapping_place"] = [a.location, b.location]
            return 1.0
        return None
    return 0.0


def pair_score(
    a: _Mention, b: _Mention, same_story: bool, generic: frozenset[int] = frozenset()
) -> tuple[float, dict[str, Any]] | None:
    """How strongly two event mentions look like one real event; None when they cannot be.

    ``generic`` holds the canonical ids of nominal groups ("people", "students"), which count
    as shared participants but not as named ones."""
    if a.type != b.type or a.status != b.status:
        return None
    gap = _date_gap(a, b)
    if gap is not None and gap > EVENT_WINDOW_DAYS:
        return None
    why: dict[str, Any] = {"type": a.type, "date_gap_days": gap}
    place = _place_score(a, b, why)
    shared = (a.actors | a.targets) & (b.actors | b.targets)
    named = shared - generic
    if place is None:
        # Places disagree. Outlets do misplace an event (at their dateline, say), so two
        # named participants in common within one story outweigh it; nothing else does.
        if not (same_story and len(named) >= 2 and a.article_id != b.article_id):
            return None
        why["place_conflict"] = [a.location, b.location]
        place = -2.0
    elif a.article_id == b.article_id and place < 1.0 and (a.location or b.location):
        return None  # one writer placing two mentions apart means two events
    score = place
    if shared:
        score += min(2.0, float(len(shared)))
        why["shared_actors"] = sorted({a.names.get(x) or b.names.get(x) or str(x) for x in shared})
    elif (a.actors or a.targets) and (b.actors or b.targets):
        score -= 1.0
        why["disjoint_actors"] = True
    if same_story:
        score += 2.0
        why["same_story"] = True
    if gap == 0:
        score += 1.0
    why["score"] = score
    return score, why


@dataclass
class _Cluster:
    members: list[_Mention]
    why: dict[int, dict[str, Any]]


def cluster_events(
    mentions: list[_Mention], story_of: dict[int, int], generic: frozenset[int] = frozenset()
) -> list[_Cluster]:
    """Group mentions into canonical events (deterministic: mentions sorted by date, id)."""
    clusters: list[_Cluster] = []
    by_type: dict[str, list[_Cluster]] = defaultdict(list)
    far = date.max
    for m in sorted(mentions, key=lambda m: (m.earliest or far, m.article_id, m.order, m.id)):
        best: tuple[float, int, _Cluster, dict[str, Any]] | None = None
        for index, cluster in enumerate(by_type[m.type]):
            outcome = _join(m, cluster, story_of, generic)
            if outcome and (best is None or outcome[0] > best[0]):
                best = (outcome[0], index, cluster, outcome[1])
        if best:
            best[2].members.append(m)
            best[2].why[m.id] = best[3]
        else:
            cluster = _Cluster([m], {m.id: {"rule": "first_mention"}})
            clusters.append(cluster)
            by_type[m.type].append(cluster)
        _prune(by_type[m.type], m)
    return clusters


def _prune(active: list[_Cluster], m: _Mention) -> None:
    """Drop clusters whose latest date is out of every later mention's window (sorted input)."""
    if m.earliest is None:
        return
    keep = []
    for cluster in active:
        latest = max((x.latest or x.earliest for x in cluster.members if x.earliest), default=None)
        if latest is None or (m.earliest - latest).days <= EVENT_WINDOW_DAYS:
            keep.append(cluster)
    active[:] = keep


def _join(
    m: _Mention, cluster: _Cluster, story_of: dict[int, int], generic: frozenset[int]
) -> tuple[float, dict[str, Any]] | None:
    best: tuple[float, dict[str, Any]] | None = None
    for other in cluster.members:
        same_story = story_of.get(m.article_id, -m.article_id) == story_of.get(
            other.article_id, -other.article_id
        )
        outcome = pair_score(m, other, same_story, generic)
        if outcome is None:
            return None  # complete link on vetoes: one contradiction keeps it apart
        if best is None or outcome[0] > best[0]:
            best = (outcome[0], {**outcome[1], "joined": other.id})
    if best and best[0] >= MERGE_SCORE:
        return best
    return None


# --------------------------------------------------------------------------- loading
def _load_mentions(
    store: Store, actor_of: dict[int, int], actor_names: dict[int, str]
) -> list[_Mention]:
    rows = store.query(
        "SELECT e.*, a.published AS article_published, a.outlet AS outlet, a.source AS "
        "article_source, a.content_hash AS article_hash, p.feature AS place_feature "
        "FROM events e JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN places p ON p.id = e.place_id ORDER BY e.id"
    )
    parts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for p in store.query("SELECT * FROM event_participants ORDER BY event_id, role, position"):
        parts[p["event_id"]].append(p)
    mentions = []
    for r in rows:
        earliest = _parse_date(r["date_earliest"] or r["event_date"])
        latest = _parse_date(r["date_latest"] or r["event_date"])
        if earliest is None:  # no date in the text: the publication day anchors it
            earliest = latest = _parse_date(r["article_published"])
        sides: dict[str, set[int]] = {"actor": set(), "target": set()}
        names: dict[int, str] = {}
        for p in parts[r["id"]]:
            if p["entity_id"] in actor_of:
                ident = actor_of[p["entity_id"]]
                names[ident] = actor_names.get(ident, p["name"])
                sides[p["role"]].add(ident)
        mentions.append(
            _Mention(
                id=r["id"],
                article_id=r["article_id"],
                type=r["type"],
                status=r["status"] or "occurred",
                earliest=earliest,
                latest=latest or earliest,
                day=_parse_date(r["event_date"]) or earliest,
                location=r["location"],
                lat=r["latitude"],
                lon=r["longitude"],
                country=r["country"],
                actors=sides["actor"],
                targets=sides["target"],
                names=names,
                fatalities=r["fatalities"],
                order=r["trigger_start"] or 0,
                row=r,
                feature=r["place_feature"],
            )
        )
    return mentions


# --------------------------------------------------------------------------- canonical rows
def _mode(values: list[Any]) -> Any:
    values = [v for v in values if v not in (None, "")]
    if not values:
        return None
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], str(v)))[0]


def _fatalities(members: list[_Mention]) -> tuple[float | None, float | None, float | None]:
    """low/best/high over sources: each article's largest figure, best = lower median."""
    per_article: dict[int, float] = {}
    for m in members:
        if m.fatalities is not None:
            per_article[m.article_id] = max(per_article.get(m.article_id, 0.0), m.fatalities)
    values = sorted(per_article.values())
    if not values:
        return None, None, None
    return values[0], values[(len(values) - 1) // 2], values[-1]


def _top_actor(members: list[_Mention], side: str, actors: dict[int, _Actor]) -> _Actor | None:
    counts: Counter[int] = Counter()
    for m in members:
        counts.update(getattr(m, side))
    if not counts:
        return None
    ident = sorted(counts, key=lambda i: (-counts[i], actors[i].name if i in actors else ""))[0]
    return actors.get(ident)


def _raw_party(
    members: list[_Mention], role: str, parts: dict[int, list[dict[str, Any]]]
) -> dict[str, Any]:
    """The most cited unresolved participant (a place acting, a bare name) with its country."""
    found = [p for m in members for p in parts.get(m.id, []) if p["role"] == role]
    name = _mode([p["name"] for p in found])
    same = [p for p in found if p["name"] == name]
    return {
        "name": name,
        "country": _mode([p["country"] for p in same]),
        "sector": _mode([p["sector"] for p in same]),
    }


def _canonical_row(
    ident: int,
    cluster: _Cluster,
    actors: dict[int, _Actor],
    parts: dict[int, list[dict[str, Any]]],
    texts: dict[int, str],
    story_of: dict[int, int],
) -> dict[str, Any]:
    members = cluster.members
    first = members[0]
    placed = sorted(
        (m for m in members if m.location),
        key=lambda m: (
            FEATURE_RANK.get(m.feature or "", 1),
            m.row["geo_precision"] or 9,
            m.lat is None,
            m.id,
        ),
    )
    where = placed[0].row if placed else first.row
    low, best, high = _fatalities(members)
    a1, a2 = _top_actor(members, "actors", actors), _top_actor(members, "targets", actors)
    raw1, raw2 = _raw_party(members, "actor", parts), _raw_party(members, "target", parts)
    outlets = sorted({m.row["outlet"] or m.row["article_source"] or "" for m in members} - {""})
    sentence = texts.get(first.article_id, "")[
        first.row["sentence_start"] or 0 : first.row["sentence_end"] or 0
    ]
    key_src = f"{first.row['article_hash']}:{first.row['local_id']}"
    all_actor_ids = sorted({i for m in members for i in m.actors})
    all_target_ids = sorted({i for m in members for i in m.targets})
    return {
        "id": ident,
        "key": hashlib.sha1(key_src.encode()).hexdigest()[:16],
        "story_id": story_of.get(first.article_id),
        "type": first.type,
        "mode": _mode([m.row["mode"] for m in members]),
        "status": first.status,
        "event_date": (
            _mode([m.row["event_date"] for m in members])
            or (first.day.isoformat() if first.day else None)
        ),
        **_date_range(members),
        "time_precision": min(
            (m.row["time_precision"] for m in members if m.row["time_precision"]), default=None
        ),
        "country": where["country"] or _mode([m.country for m in members]),
        "admin1": where["admin1"],
        "location": where["location"],
        "latitude": where["latitude"],
        "longitude": where["longitude"],
        "geo_precision": where["geo_precision"],
        "fatalities_low": low,
        "fatalities_best": best,
        "fatalities_high": high,
        "actor1": a1.name if a1 else raw1["name"],
        "actor1_id": a1.id if a1 else None,
        "actor1_country": a1.country if a1 else raw1["country"],
        "actor1_sector": a1.sector if a1 else raw1["sector"],
        "actor2": a2.name if a2 else raw2["name"],
        "actor2_id": a2.id if a2 else None,
        "actor2_country": a2.country if a2 else raw2["country"],
        "actor2_sector": a2.sector if a2 else raw2["sector"],
        "actors": json.dumps([actors[i].name for i in all_actor_ids if i in actors]),
        "targets": json.dumps([actors[i].name for i in all_target_ids if i in actors]),
        "acled_event_type": _mode([m.row["acled_event_type"] for m in members]),
        "acled_sub_event_type": _mode([m.row["acled_sub_event_type"] for m in members]),
        "cameo_root": _mode([m.row["cameo_root"] for m in members]),
        "n_sources": len({m.article_id for m in members}),
        "n_mentions": len(members),
        "sources": json.dumps(outlets),
        "notes": " ".join(sentence.split())[:500] or None,
    }


def _date_range(members: list[_Mention]) -> dict[str, date | None]:
    """The narrowest range every source agrees on; the union when they contradict."""
    lows = [m.earliest for m in members if m.earliest]
    highs = [m.latest or m.earliest for m in members if m.earliest]
    if not lows:
        return {"date_earliest": None, "date_latest": None}
    if max(lows) <= min(highs):
        return {"date_earliest": max(lows), "date_latest": min(highs)}
    return {"date_earliest": min(lows), "date_latest": max(highs)}


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# --------------------------------------------------------------------------- driver
def resolve(store: Store) -> dict[str, int]:
    """Recompute stories, canonical actors and canonical events from the stored mentions.

    Runs in one transaction: readers see either the old resolution or the new one. Returns
    counts for the ingest summary.
    """
    articles = store.query(
        "SELECT id, title, substr(text, 1, 1200) AS lead, published FROM articles ORDER BY id"
    )
    entities = store.query(
        "SELECT id, name, type, country, sector, aliases FROM entities ORDER BY id"
    )
    actors, links = resolve_actors(entities)
    actor_of = {eid: aid for eid, (aid, _) in links.items()}
    by_id = {a.id: a for a in actors}
    text_story, text_why = group_stories(articles, story_links(articles))
    mentions = _load_mentions(store, actor_of, {a.id: a.name for a in actors})
    generic = frozenset(a.id for a in actors if a.type == "GROUP")
    clusters = cluster_events(mentions, text_story, generic)
    stories, story_why = _article_groups(articles, text_story, text_why, clusters, mentions)
    parts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for p in store.query("SELECT event_id, role, name, country, sector FROM event_participants"):
        parts[p["event_id"]].append(p)
    texts = {
        r["id"]: r["text"]
        for r in store.query(
            "SELECT id, text FROM articles WHERE id IN (SELECT DISTINCT article_id FROM events)"
        )
    }
    rows = [_canonical_row(i + 1, c, by_id, parts, texts, stories) for i, c in enumerate(clusters)]
    with store.transaction():
        for table in (
            "canonical_mentions",
            "canonical_events",
            "actor_links",
            "canonical_actors",
            "stories",
        ):
            store.execute(f"DELETE FROM {table}")
        store.insert_many(
            "canonical_actors",
            [
                {
                    "id": a.id,
                    "name": a.name,
                    "type": a.type,
                    "country": a.country,
                    "sector": a.sector,
                    "variants": json.dumps(sorted(a.variants)),
                    "n_mentions": a.n_mentions,
                }
                for a in actors
            ],
        )
        store.insert_many(
            "actor_links",
            [
                {"entity_id": eid, "actor_id": aid, "why": why}
                for eid, (aid, why) in sorted(links.items())
            ],
        )
        store.insert_many(
            "stories",
            [
                {"article_id": aid, "story_id": sid, "why": json.dumps(story_why.get(aid, {}))}
                for aid, sid in sorted(stories.items())
            ],
        )
        store.insert_many("canonical_events", [{k: _iso(v) for k, v in r.items()} for r in rows])
        store.insert_many(
            "canonical_mentions",
            [
                {
                    "event_id": m.id,
                    "canonical_id": i + 1,
                    "article_id": m.article_id,
                    "why": json.dumps(c.why[m.id], sort_keys=True),
                }
                for i, c in enumerate(clusters)
                for m in c.members
            ],
        )
    return {
        "stories": len(set(stories.values())),
        "canonical_actors": len(actors),
        "canonical_events": len(clusters),
        "event_mentions": len(mentions),
    }


def _main_events(mentions: list[_Mention]) -> dict[int, int]:
    """Each article's main event: its first occurred, non-background mention."""
    main: dict[int, _Mention] = {}
    for m in mentions:
        if m.status != "occurred" or m.row["background"]:
            continue
        if m.article_id not in main or (m.order, m.id) < (
            main[m.article_id].order,
            main[m.article_id].id,
        ):
            main[m.article_id] = m
    return {aid: m.id for aid, m in main.items()}


def _article_groups(
    articles: list[dict[str, Any]],
    text_story: dict[int, int],
    text_why: dict[int, dict[str, Any]],
    clusters: list[_Cluster],
    mentions: list[_Mention],
) -> tuple[dict[int, int], dict[int, dict[str, Any]]]:
    """Article → story id (smallest article id of the group) and why it joined: the text
    stories, joined where their articles' main events became one canonical event."""
    union = _Union()
    why: dict[int, dict[str, Any]] = dict(text_why)
    for a in articles:
        union.union(a["id"], text_story[a["id"]])
    main = _main_events(mentions)
    canonical_of = {m.id: i for i, c in enumerate(clusters) for m in c.members}
    days = {a["id"]: _parse_date(a.get("published")) for a in articles}
    span: dict[int, tuple[date, date]] = {}
    for a in articles:
        if days[a["id"]]:
            root = union.find(a["id"])
            lo, hi = span.get(root, (days[a["id"]], days[a["id"]]))
            span[root] = (min(lo, days[a["id"]]), max(hi, days[a["id"]]))
    first_article: dict[int, int] = {}
    for aid in sorted(main):
        cid = canonical_of[main[aid]]
        if cid not in first_article:
            first_article[cid] = aid
            continue
        ra, rb = union.find(aid), union.find(first_article[cid])
        if ra == rb:
            continue
        joined = [x for x in (span.get(ra), span.get(rb)) if x]
        if joined:
            lo, hi = min(x[0] for x in joined), max(x[1] for x in joined)
            if (hi - lo).days > STORY_SPAN_DAYS:
                continue  # stories may not grow by chaining through time
        why.setdefault(
            aid,
            {"rule": "same_main_event", "linked_to": first_article[cid], "canonical_index": cid},
        )
        union.union(ra, rb)
        if joined:
            span[union.find(ra)] = (lo, hi)
    return {a["id"]: union.find(a["id"]) for a in articles}, why
