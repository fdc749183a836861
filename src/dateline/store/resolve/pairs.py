"""Pair decisions: are two articles one story, could two mentions be one real event?

Both are pure functions of the two sides' features (``features.py``): nothing about the rest
of the store enters, which is what makes the result independent of ingest order and lets an
incremental run decide a new article's links without looking at anything else.
"""

from __future__ import annotations

import math
from typing import Any

from dateline.countries import fold
from dateline.store.resolve.features import ArticleFeatures, Mention, index_keys, parse_day

# --- stories --------------------------------------------------------------------------------
# Chosen on the ECB+ dev set (all 43 topics; ``dateline eval dedup``): with these weights and
# the join threshold in ``stories.py`` article-level B-cubed precision is 0.91-0.92 and recall
# 0.85-0.88 for thresholds 0.16-0.18 (title + lead alone: precision 0.87, recall 0.84; adding
# the actors and towns: 0.89 / 0.84; the whole text's rarest words lift both).
TITLE_LEAD_WEIGHT = 0.4  # cosine of the rarity-weighted title + lead words
NAMES_WEIGHT = 0.2  # cosine of the named actors and towns (salient ones count double)
BODY_WEIGHT = 0.4  # cosine of the whole text's rarest words
TITLE_WEIGHT = 2.0  # a word in the headline counts this much more than one in the lead
STORY_WINDOW_DAYS = 3  # publication days apart for articles to share a story on their words
STORY_LONG_WINDOW_DAYS = 21  # ... when they keep sharing named actors, a town and event type
ARTICLE_LINK = 0.25  # similarity at which two articles count as one story for event merging


def _days_apart(a: str | None, b: str | None) -> int | None:
    da, db = parse_day(a), parse_day(b)
    if da is None or db is None:
        return None
    return abs((da - db).days)


def _vector(f: ArticleFeatures) -> dict[str, float]:
    vec = dict(f.lead_terms)
    for t, w in f.title_terms.items():
        vec[t] = max(vec.get(t, 0.0), w * TITLE_WEIGHT)
    return vec


def _names(f: ArticleFeatures) -> dict[str, float]:
    vec = {k: w for k, w in f.actors.items() if not k.startswith("~")}
    vec.update({"@" + k: w for k, w in f.places.items()})
    return vec


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b[k] for k, w in a.items() if k in b)
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))


def text_similarity(a: ArticleFeatures, b: ArticleFeatures) -> tuple[float, list[str]]:
    """Cosine of the rarity-weighted title + lead words, and the words shared (strongest
    first)."""
    va, vb = _vector(a), _vector(b)
    shared = sorted(va.keys() & vb.keys(), key=lambda t: (-va[t] * vb[t], t))
    return cosine(va, vb), shared


def _index_keys(f: ArticleFeatures) -> frozenset[tuple[str, str]]:
    cached = getattr(f, "_keys", None)
    if cached is None:
        cached = frozenset(index_keys(f))
        object.__setattr__(f, "_keys", cached)
    return cached


def story_similarity(a: ArticleFeatures, b: ArticleFeatures) -> tuple[float, dict[str, Any]]:
    """How much two articles look like one story (0 when they cannot be), and why.

    Two articles are compared only when they share an index key (``features.index_keys``),
    the same rule that finds candidates in the store, so the full rebuild and the
    incremental path see exactly the same pairs. Articles more than ``STORY_WINDOW_DAYS``
    apart score only while they keep sharing named actors, a town and their main event's
    type (a story may run for weeks); beyond ``STORY_LONG_WINDOW_DAYS`` they never do.
    """
    if a.article_id == b.article_id or not (_index_keys(a) & _index_keys(b)):
        return 0.0, {}
    gap = _days_apart(a.day, b.day)
    if gap is not None and gap > STORY_LONG_WINDOW_DAYS:
        return 0.0, {}
    text, shared_terms = text_similarity(a, b)
    na, nb = _names(a), _names(b)
    names = cosine(na, nb)
    body = cosine(a.body_terms, b.body_terms)
    shared_names = sorted(na.keys() & nb.keys())
    why: dict[str, Any] = {}
    if gap is not None:
        why["days_apart"] = gap
        if gap > STORY_WINDOW_DAYS:
            ma, mb = a.main_mention(), b.main_mention()
            places = [n for n in shared_names if n.startswith("@")]
            actors = [n for n in shared_names if not n.startswith("@")]
            if not (ma and mb and ma.type == mb.type and places and actors):
                return 0.0, {}
            why["ongoing"] = {"type": ma.type, "actors": actors[:4], "places": places[:2]}
    score = TITLE_LEAD_WEIGHT * text + NAMES_WEIGHT * names + BODY_WEIGHT * body
    why.update(
        {
            "similarity": round(score, 3),
            "title_lead": round(text, 3),
            "names": round(names, 3),
            "text": round(body, 3),
        }
    )
    if shared_terms:
        why["shared_terms"] = shared_terms[:6]
    if shared_names:
        why["shared_names"] = [n.split("|")[0].lstrip("@") for n in shared_names[:6]]
    return round(score, 4), why


def article_link(a: ArticleFeatures, b: ArticleFeatures) -> bool:
    """The two articles are plainly one story (evidence for merging their events)."""
    return a.article_id == b.article_id or story_similarity(a, b)[0] >= ARTICLE_LINK


# --- events ---------------------------------------------------------------------------------
SAME_PLACE_KM = 25.0
NEAR_PLACE_KM = 75.0
MERGE_SCORE = 3.0
# A region and a town inside it are compatible within this distance of the region's centre.
COARSE_PLACE_KM = {"admin1": 400.0, "region": 400.0, "admin2": 120.0}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _overlap(a: Mention, b: Mention) -> int | None:
    """Days between the two mentions' possible dates (0 when they overlap), None if either
    is undated."""
    ia, ib = a.interval(), b.interval()
    if not ia or not ib:
        return None
    if ia[0] <= ib[1] and ib[0] <= ia[1]:
        return 0
    return min(abs((ia[0] - ib[1]).days), abs((ib[0] - ia[1]).days))


def _place_score(a: Mention, b: Mention, why: dict[str, Any]) -> float | None:
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
    if None not in (a.lat, b.lat, a.lon, b.lon):
        distance = km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        why["distance_km"] = round(distance, 1)
        if coarse and a.feature != b.feature:
            if distance > coarse:
                return None
            why["within_region"] = True
            return 0.5
        if distance > NEAR_PLACE_KM:
            return None
        if distance <= SAME_PLACE_KM:
            why["same_place"] = True
            return 2.0
        return 1.0
    if a.location and b.location:
        la, lb = fold(a.location), fold(b.location)
        if la == lb:
            why["same_place"] = True
            return 2.0
        if la in lb or lb in la:
            why["overlapping_place"] = sorted([a.location, b.location])
            return 1.0
        return None
    return 0.0


def event_pair(
    a: Mention,
    b: Mention,
    fa: ArticleFeatures,
    fb: ArticleFeatures,
    article_link: bool,
) -> tuple[float, dict[str, Any]] | None:
    """How strongly two event mentions look like one real event; None when they cannot be.

    ``article_link``: the two articles are linked as one story (``story_link``), which counts
    as evidence. Undated pairs need that link: without a date nothing else bounds them.
    """
    if a.type != b.type or a.status != b.status:
        return None
    gap = _overlap(a, b)
    if gap is not None and gap > 0:
        return None
    if gap is None and not article_link and fa.article_id != fb.article_id:
        return None
    why: dict[str, Any] = {"type": a.type}
    if gap is not None:
        why["dates_overlap"] = True
    place = _place_score(a, b, why)
    shared = (set(a.actors) | set(a.targets)) & (set(b.actors) | set(b.targets))
    named = shared & set(a.named) & set(b.named)
    if place is None:
        # Places disagree. Outlets do misplace an event (at their dateline, say), so two
        # named participants in common within one story outweigh it; nothing else does.
        if not (article_link and len(named) >= 2 and fa.article_id != fb.article_id):
            return None
        why["place_conflict"] = sorted([a.location or "", b.location or ""])
        place = -2.0
    elif fa.article_id == fb.article_id and (place < 1.0 and (a.location or b.location)):
        return None  # one writer placing two mentions apart means two events
    score = place
    if shared:
        score += min(2.0, float(len(shared)))
        why["shared_actors"] = sorted(shared)
    elif (a.actors or a.targets) and (b.actors or b.targets):
        score -= 1.0
        why["disjoint_actors"] = True
    if article_link:
        score += 2.0
        why["same_story"] = True
    if gap == 0 and a.lo == a.hi == b.lo == b.hi:
        score += 1.0
        why["same_day"] = True
    why["score"] = score
    return score, why
