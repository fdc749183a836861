"""What resolution knows about one article, computed once when the article is stored.

Every decision resolution makes about a pair of articles or a pair of event mentions is a pure
function of the two sides' features (this module's output), so the canonical tables depend only
on the set of stored articles, never on the order they came in, and an incremental run can
touch only the records a new article joins. Nothing here depends on the rest of the store:
term weights come from general English word frequencies (``wordfreq``), not from the store's
own document frequencies, which would change every weight whenever an article is added.

The features are stored as JSON in ``article_features`` (with the index keys in
``resolve_keys`` and ``event_index``), so resolution never reads article texts again.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from dateline.countries import fold

LEAD_CHARS = 600  # title + first paragraph, capped: where a story says what happened
TITLE_CHARS = 160  # a first line longer than this is a sentence, not a headline
TERM_CEILING = 6.5  # Zipf frequency at and above which a word weighs nothing ("said" is 6.0)
TERM_MAX_WEIGHT = 4.0  # rare words and unknown names all weigh this much
MIN_TERM_WEIGHT = 1.0  # words commoner than Zipf 5.5 say nothing about which story it is
INDEX_TERMS = 6  # strongest terms indexed per article, of the title + lead and of the text
BODY_TERMS = 40  # rarest words of the whole text kept per article (what a story is about)
INDEX_TERM_WEIGHT = 3.0  # only words at least this rare (Zipf <= 3.5) find candidates
NAMED_TYPES = frozenset({"PERSON", "PER", "ORG", "NORP"})
FINE_FEATURES = frozenset({"city", "admin2", "poi", "site", "district", "neighbourhood"})
# How far before its latest date an event given only a latest date may lie, by precision.
PRECISION_DAYS = {"day": 0, "week": 6, "month": 30, "quarter": 91, "year": 365}
WORD = re.compile(r"[^\W\d_]{3,}")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=200_000)
def term_weight(term: str) -> float:
    """How much sharing ``term`` says: 0 for common words, up to ``TERM_MAX_WEIGHT`` for rare
    ones, from the word's Zipf frequency in general English (wordfreq). Names absent from
    the lists (most place and person names) get the maximum."""
    from wordfreq import zipf_frequency

    return max(0.0, min(TERM_MAX_WEIGHT, TERM_CEILING - zipf_frequency(term, "en")))


def name_key(name: str) -> str:
    """A name folded for matching: case, accents, punctuation and a leading 'the' removed."""
    return re.sub(r"[^\w ]+", "", fold(name).replace("-", " ")).strip()


def terms(text: str) -> dict[str, float]:
    """Content words of ``text`` with their weights (stop words and common words dropped)."""
    stop = _stop_words()
    found: dict[str, float] = {}
    for token in WORD.findall(fold(text)):
        if token in stop or token in found:
            continue
        weight = term_weight(token)
        if weight >= MIN_TERM_WEIGHT:
            found[token] = round(weight, 3)
    return found


def top_terms(found: dict[str, float], n: int) -> dict[str, float]:
    """The ``n`` heaviest terms (ties by the term itself, so the choice is order-free)."""
    return {t: found[t] for t in sorted(found, key=lambda t: (-found[t], t))[:n]}


def parse_day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _title_and_lead(meta: dict[str, Any]) -> tuple[str, str, int]:
    """(title, lead, lead end offset in the text). Without a title the first line serves
    when it is short (wire copy and converted corpora put the headline there)."""
    text = meta.get("text") or ""
    title = (meta.get("title") or "").strip()
    start = 0
    lines = text.split("\n", 1)
    if not title and len(lines) > 1 and 0 < len(lines[0].strip()) <= TITLE_CHARS:
        title = lines[0].strip()
        start = len(lines[0]) + 1
    elif title and text.startswith(title):
        start = len(title)
    end = min(len(text), start + LEAD_CHARS)
    return title, text[start:end], end


@dataclass
class Mention:
    """One event mention as resolution sees it."""

    event_id: int  # row id in ``events`` (stable for the life of the article row)
    key: str  # article content hash + local id: the order-free identity of the mention
    local_id: str
    type: str
    status: str
    lo: str | None  # earliest possible day (ISO), None when undated
    hi: str | None  # latest possible day
    day: str | None  # the event date as given (canonical event_date comes from these)
    precision: str | None
    country: str | None
    location: str | None
    lat: float | None
    lon: float | None
    feature: str | None
    admin1: str | None
    geo_precision: int | None
    time_precision: int | None
    actors: list[str]
    targets: list[str]
    named: list[str]  # the actor/target keys that are names (not "gunmen", "residents")
    fatalities: float | None
    injured: float | None
    order: int
    background: bool
    mode: str | None
    cameo_root: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    sentence: str
    main: bool = False

    @property
    def sharp(self) -> bool:
        """Dated to one day and placed in one town: such mentions may anchor a canonical
        event (a vaguer one can only attach to one, so it never bridges two)."""
        return bool(self.lo and self.lo == self.hi and self.feature in FINE_FEATURES)

    def interval(self) -> tuple[date, date] | None:
        lo, hi = parse_day(self.lo), parse_day(self.hi)
        return (lo, hi) if lo and hi else None


@dataclass
class ArticleFeatures:
    """Everything resolution reads about one article."""

    article_id: int
    hash: str
    day: str | None  # publication day
    outlet: str | None
    source: str | None
    title_terms: dict[str, float]
    lead_terms: dict[str, float]
    body_terms: dict[str, float]
    actors: dict[str, float]  # named actor keys → salience (in title/lead counts double)
    places: dict[str, float]  # place keys → salience
    countries: list[str]
    mentions: list[Mention] = field(default_factory=list)
    main: str | None = None  # local id of the main event

    @property
    def sort_key(self) -> tuple[str, str]:
        """Order-free ordering of articles: publication day (undated last), then hash."""
        return (self.day or "9999-12-31", self.hash)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)  # dataclass fields only (not the caches pairs.py keeps)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArticleFeatures:
        mentions = [Mention(**m) for m in data.get("mentions") or []]
        return cls(**{**data, "mentions": mentions})

    def mention(self, local_id: str) -> Mention | None:
        for m in self.mentions:
            if m.local_id == local_id:
                return m
        return None

    def main_mention(self) -> Mention | None:
        return self.mention(self.main) if self.main else None


def date_interval(date_info: Any, published: date | None) -> tuple[date | None, date | None]:
    """The days an event may have happened on, following its own precision: a day, a week
    ending on its latest day, a month ... Without any date, the two days up to publication
    (reports without a date are of yesterday's or today's events); undated without one."""
    info = date_info if isinstance(date_info, dict) else {}
    precision = info.get("precision")
    value = parse_day(info.get("value"))
    earliest, latest = parse_day(info.get("earliest")), parse_day(info.get("latest"))
    if value and precision == "day":
        return value, value
    if earliest and latest:
        return (earliest, latest) if earliest <= latest else (latest, earliest)
    end = latest or value or earliest
    if end:
        width = PRECISION_DAYS.get(precision or "", 0 if precision == "day" else 6)
        return end - timedelta(days=width), end
    if published:
        return published - timedelta(days=1), published
    return None, None


def _choose_main(doc: dict[str, Any], events: list[dict[str, Any]], lead_end: int) -> str | None:
    """The article's main event: ``document.main_event`` when the record has it, else the
    event of the title and lead (first occurred one there), else the first occurred one."""
    meta = doc.get("document") or {}
    given = meta.get("main_event")
    if given and any(str(e.get("id")) == str(given) for e in events):
        return str(given)

    def start(e: dict[str, Any]) -> int:
        trigger = e.get("trigger") or {}
        begin = trigger.get("start")
        return begin if isinstance(begin, int) else 1 << 30

    occurred = [
        e
        for e in events
        if (e.get("status") or "occurred") == "occurred" and not e.get("background")
    ]
    in_lead = [e for e in occurred if start(e) < lead_end]
    pool = in_lead or occurred
    if not pool:
        return None
    return str(min(pool, key=lambda e: (start(e), str(e.get("id")))).get("id"))


def _salience(spans: Any, lead_end: int) -> float:
    first = min(
        (
            begin
            for s in spans or []
            if isinstance(s, dict) and isinstance(begin := s.get("start"), int)
        ),
        default=None,
    )
    return 2.0 if first is not None and first < lead_end else 1.0


def _num(value: Any) -> float | None:
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _entity_keys(e: dict[str, Any]) -> list[str]:
    key = name_key(str(e.get("name") or ""))
    if not key:
        return []
    keys = [key]
    if (e.get("type") or "") in ("PERSON", "PER") and len(key.split()) > 1:
        keys.append("~" + key.split()[-1])  # the surname alone, as later mentions give it
    return keys


def article_features(
    doc: dict[str, Any],
    article_id: int,
    digest: str,
    event_rows: list[dict[str, Any]],
) -> ArticleFeatures:
    """Features of one stored article from its contract dict and its ``events`` rows (the
    rows carry the store's place and country decisions, see ``write.py``)."""
    from dateline.store.write import alpha3

    meta = doc.get("document") or {}
    title, lead, lead_end = _title_and_lead(meta)
    published = parse_day(meta.get("published"))
    entities = {str(e.get("id")): e for e in doc.get("entities") or [] if isinstance(e, dict)}
    places = {str(p.get("id")): p for p in doc.get("places") or [] if isinstance(p, dict)}
    actors: dict[str, float] = {}
    for e in entities.values():
        if (e.get("type") or "") not in NAMED_TYPES:
            continue
        salience = _salience(e.get("mentions"), lead_end)
        for k in _entity_keys(e):
            actors[k] = max(actors.get(k, 0.0), salience if not k.startswith("~") else 0.5)
    place_keys: dict[str, float] = {}
    countries: set[str] = set()
    for p in places.values():
        country = alpha3(p.get("country"))
        if country:
            countries.add(country)
        if p.get("feature") in FINE_FEATURES:
            key = name_key(str(p.get("name") or ""))
            if key:
                place_keys[f"{key}|{country or ''}"] = _salience(p.get("mentions"), lead_end)
    events = [e for e in doc.get("events") or [] if isinstance(e, dict)]
    main = _choose_main(doc, events, lead_end)
    by_local = {str(e.get("id")): e for e in events}
    mentions = []
    for row in event_rows:
        e = by_local.get(str(row["local_id"]), {})
        lo, hi = date_interval(e.get("date"), published)
        sides: dict[str, list[str]] = {"actors": [], "targets": []}
        named: set[str] = set()
        for side in sides:
            for ref in e.get(side) or []:
                ent = entities.get(str(ref))
                plc = places.get(str(ref))
                if ent:
                    keys = _entity_keys(ent)
                    if (ent.get("type") or "") in NAMED_TYPES:
                        named.update(k for k in keys if not k.startswith("~"))
                elif plc:
                    keys = ["@" + name_key(str(plc.get("name") or ""))]
                    named.update(keys)
                else:
                    keys = [name_key(str(ref))] if name_key(str(ref)) else []
                sides[side].extend(k for k in keys if k not in sides[side])
        place = places.get(str(e.get("place"))) if e.get("place") else None
        mentions.append(
            Mention(
                event_id=int(row["id"]),
                key=f"{digest[:16]}:{row['local_id']}",
                local_id=str(row["local_id"]),
                type=row["type"],
                status=row["status"] or "occurred",
                lo=lo.isoformat() if lo else None,
                hi=hi.isoformat() if hi else None,
                day=row["event_date"],
                precision=row["date_precision"],
                country=row["country"],
                location=row["location"],
                lat=row["latitude"],
                lon=row["longitude"],
                feature=(place or {}).get("feature") if place else None,
                admin1=row["admin1"],
                geo_precision=row["geo_precision"],
                time_precision=row["time_precision"],
                actors=sides["actors"],
                targets=sides["targets"],
                named=sorted(named),
                fatalities=_num(row["fatalities"]),
                injured=_num(row["injured"]),
                order=row["trigger_start"] if row["trigger_start"] is not None else 1 << 30,
                background=bool(row["background"]),
                mode=row["mode"],
                cameo_root=row["cameo_root"],
                acled_event_type=row["acled_event_type"],
                acled_sub_event_type=row["acled_sub_event_type"],
                sentence=" ".join(
                    (meta.get("text") or "")[
                        row["sentence_start"] or 0 : row["sentence_end"] or 0
                    ].split()
                )[:500],
                main=str(row["local_id"]) == main,
            )
        )
    return ArticleFeatures(
        article_id=article_id,
        hash=digest,
        day=published.isoformat() if published else None,
        outlet=meta.get("outlet"),
        source=meta.get("source"),
        title_terms=terms(title),
        lead_terms=terms(lead),
        body_terms=top_terms(terms(meta.get("text") or ""), BODY_TERMS),
        actors=actors,
        places=place_keys,
        countries=sorted(countries),
        mentions=mentions,
        main=main,
    )


def index_keys(f: ArticleFeatures) -> list[tuple[str, str]]:
    """(kind, key) pairs under which the article is found as a story candidate: its
    strongest rare title, lead and text words, its named actors and its towns (all looked up
    within a few days), and each actor-in-a-town pair (looked up within weeks)."""
    weights: dict[str, float] = {}
    for t, w in f.lead_terms.items():
        weights[t] = w
    for t, w in f.title_terms.items():
        weights[t] = weights.get(t, 0.0) + w
    top = set(top_terms(weights, INDEX_TERMS)) | set(top_terms(f.body_terms, INDEX_TERMS))
    keys = [
        ("term", t)
        for t in sorted(top)
        if max(weights.get(t, 0), f.body_terms.get(t, 0)) >= INDEX_TERM_WEIGHT
    ]
    actors = [a for a in sorted(f.actors) if not a.startswith("~")]
    keys += [("actor", a) for a in actors]
    keys += [("place", p) for p in sorted(f.places)]
    # An actor in a town: what an ongoing story keeps sharing over the weeks.
    keys += [("actor_place", f"{a}@{p}") for a in actors for p in sorted(f.places)]
    return keys


def event_buckets(m: Mention) -> list[int]:
    """Week numbers an event mention may fall in (its index cells); none when undated or
    spread over more than a year (such a mention is found through its article's links)."""
    interval = m.interval()
    if not interval:
        return []
    lo, hi = interval[0].toordinal() // 7, interval[1].toordinal() // 7
    return list(range(lo, hi + 1)) if hi - lo <= 53 else []
