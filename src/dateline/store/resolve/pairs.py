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


class _Prepared:
    """An article's comparison vectors with their norms, computed once per features object."""

    __slots__ = ("body", "keys", "names", "text")

    def __init__(self, f: ArticleFeatures) -> None:
        text = dict(f.lead_terms)
        for t, w in f.title_terms.items():
            text[t] = max(text.get(t, 0.0), w * TITLE_WEIGHT)
        names = {k: w for k, w in f.actors.items() if not k.startswith("~")}
        names.update({"@" + k: w for k, w in f.places.items()})
        self.text = (text, _norm(text))
        self.names = (names, _norm(names))
        self.body = (f.body_terms, _norm(f.body_terms))
        self.keys = frozenset(index_keys(f))


def _norm(vec: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vec.values()))


def _prepared(f: ArticleFeatures) -> _Prepared:
    found = f.__dict__.get("_prepared")
    if found is None:
        found = f.__dict__["_prepared"] = _Prepared(f)
    return found


def _cosine(a: tuple[dict[str, float], float], b: tuple[dict[str, float], float]) -> float:
    (va, na), (vb, nb) = a, b
    if not na or not nb:
        return 0.0
    if len(va) > len(vb):
        va, vb = vb, va
    dot = 0.0
    for k, w in va.items():
        other = vb.get(k)
        if other:
            dot += w * other
    return dot / (na * nb)


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    return _cosine((a, _norm(a)), (b, _norm(b)))


def text_similarity(a: ArticleFeatures, b: ArticleFeatures) -> tuple[float, list[str]]:
    """Cosine of the rarity-weighted title + lead words, and the words shared (strongest
    first)."""
    pa, pb = _prepared(a), _prepared(b)
    va, vb = pa.text[0], pb.text[0]
    shared = sorted(va.keys() & vb.keys(), key=lambda t: (-va[t] * vb[t], t))
    return _cosine(pa.text, pb.text), shared


_PAIRS: dict[tuple[str, str], float] = {}
PAIR_CACHE = 1_000_000
_limit = PAIR_CACHE


def seed(scored: dict[tuple[str, str], float]) -> None:
    """Pair scores computed elsewhere (a backfill's workers): kept, with room made."""
    global _limit
    _PAIRS.update(scored)
    _limit = max(PAIR_CACHE, len(_PAIRS) + PAIR_CACHE)


def story_score(a: ArticleFeatures, b: ArticleFeatures) -> float:
    """How much two articles look like one story, 0 when they cannot be one.

    Two articles are compared only when they share an index key (``features.index_keys``),
    the same rule that finds candidates in the store, so the full rebuild and the
    incremental path see exactly the same pairs. Articles more than ``STORY_WINDOW_DAYS``
    apart score only while they keep sharing an actor in a town and their main event's
    type (a story may run for weeks); beyond ``STORY_LONG_WINDOW_DAYS`` they never do.
    The score is symmetric and memoized by content (it depends on nothing else).
    """
    if a.hash == b.hash:
        return 0.0
    pair = (a.hash, b.hash) if a.hash < b.hash else (b.hash, a.hash)
    found = _PAIRS.get(pair)
    if found is None:
        found = _story_similarity(a, b, explain=False)[0]
        if len(_PAIRS) >= _limit:
            _PAIRS.clear()
        _PAIRS[pair] = found
    return found


def story_similarity(a: ArticleFeatures, b: ArticleFeatures) -> tuple[float, dict[str, Any]]:
    """``story_score`` with the reasons (shared words and names, the parts of the score)."""
    if a.hash == b.hash:
        return 0.0, {}
    first, second = (a, b) if a.hash < b.hash else (b, a)
    return _story_similarity(first, second, explain=True)


def _story_similarity(
    a: ArticleFeatures, b: ArticleFeatures, explain: bool
) -> tuple[float, dict[str, Any]]:
    pa, pb = _prepared(a), _prepared(b)
    shared_keys = pa.keys & pb.keys
    if not shared_keys:
        return 0.0, {}
    gap = _days_apart(a.day, b.day)
    if gap is not None and gap > STORY_WINDOW_DAYS:  # beyond a few days: an actor in a town
        if gap > STORY_LONG_WINDOW_DAYS or not any(k[0] == "actor_place" for k in shared_keys):
            return 0.0, {}
        ma, mb = a.main_mention(), b.main_mention()
        if not (ma and mb and ma.type == mb.type):
            return 0.0, {}
    text = _cosine(pa.text, pb.text)
    names = _cosine(pa.names, pb.names)
    body = _cosine(pa.body, pb.body)
    score = round(TITLE_LEAD_WEIGHT * text + NAMES_WEIGHT * names + BODY_WEIGHT * body, 4)
    if score <= 0:
        return 0.0, {}
    if not explain:
        return score, {}
    why: dict[str, Any] = {}
    if gap is not None:
        why["days_apart"] = gap
    shared_names = sorted(pa.names[0].keys() & pb.names[0].keys())
    if gap is not None and gap > STORY_WINDOW_DAYS:
        why["ongoing"] = sorted(k[1] for k in shared_keys if k[0] == "actor_place")[:4]
    why.update(
        {
            "similarity": round(score, 3),
            "title_lead": round(text, 3),
            "names": round(names, 3),
            "text": round(body, 3),
        }
    )
    va, vb = pa.text[0], pb.text[0]
    shared_terms = sorted(va.keys() & vb.keys(), key=lambda t: (-va[t] * vb[t], t))
    if shared_terms:
        why["shared_terms"] = shared_terms[:6]
    if shared_names:
        why["shared_names"] = [n.split("|")[0].lstrip("@") for n in shared_names[:6]]
    return score, why


def article_link(a: ArticleFeatures, b: ArticleFeatures) -> bool:
    """The two articles are plainly one story (evidence for merging their events)."""
    return a.hash == b.hash or story_score(a, b) >= ARTICLE_LINK


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
