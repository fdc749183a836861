"""Resolution: one gazetteer entry per mention, read against the whole article.

Each candidate starts from its local score (:mod:`.candidates`: population, feature, the words
right around the mention). The article then votes, name by name: the countries and first-level
units its other places lie in, how close a candidate lies to them, the dateline's place (the
story's focus) and the outlet's home country. The most populous reading is only what is left
when the article says nothing. Three passes follow:

* **one place per name**: the bare mentions of a name share one reading; when the first
  mention of the name is qualified ("Springfield, Mass."), the later bare ones follow it, so
  the same name may still denote two places when the text qualifies them differently ("Perth"
  in a Scottish story and "Perth, Western Australia" as a company's seat);
* **coherence**: a reading more than ``coherence_km`` from every other place of the article,
  which the text does not link explicitly, gives way to a near namesake when one scores close,
  or, if it is a small place, to no reading at all;
* **reasons**: every resolved mention records why it got its reading (:data:`REASONS`).

The context is aggregated per name and per round (totals by country and first-level unit,
the located readings), so the cost grows with the number of distinct names, not with their
product.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from dateline.places.candidates import inside, local_score, prior
from dateline.places.gazetteer.index import CURATED_FEATURES, Entry
from dateline.places.gazetteer.keys import name_key
from dateline.places.mention import Mention
from dateline.places.nearness import PointIndex
from dateline.places.settings import PlaceSettings

# why a mention got its reading
REASONS = (
    "only",  # the gazetteer knows one place by this name
    "abbreviation",  # "Springfield, Mass.": an abbreviated container after a comma
    "container",  # "Perth, Scotland" / "Accra, Ghana": a container named after a comma
    "type",  # "Ghazni province": a type word
    "dateline",  # the dateline's place (the story's focus) decided it
    "outlet",  # the outlet's home country decided it
    "context",  # the article's other places decided it
    "discourse",  # an earlier mention of the same name decided it
    "population",  # nothing in the text decided: the most populous / highest-level reading
)
LOCATED_FEATURES = ("city", "admin2")  # readings whose point says where the story is
AREA_FEATURES = ("country", "continent", *CURATED_FEATURES)  # too big for a distance test


@dataclass
class Evidence:
    """The article's readings summed by country and first-level unit, for one round."""

    total: float = 0.0
    by_country: Counter[str] = field(default_factory=Counter)
    by_admin1: Counter[tuple[str, str]] = field(default_factory=Counter)
    located: list[Entry] = field(default_factory=list)


@dataclass
class Others:
    """The article's evidence without one group's own readings: looked up key by key (total
    minus own, what is left only when positive), never copied per group, so that asking it
    costs the same however many names the article has."""

    total: Evidence
    own: Evidence
    located: PointIndex  # every group's located readings, tagged by group
    key: str

    @property
    def weight(self) -> float:
        return self.total.total - self.own.total

    def country(self, code: str) -> float:
        left = self.total.by_country.get(code, 0.0) - self.own.by_country.get(code, 0.0)
        return left if left > 0 else 0.0

    def admin1(self, unit: tuple[str, str]) -> float:
        left = self.total.by_admin1.get(unit, 0.0) - self.own.by_admin1.get(unit, 0.0)
        return left if left > 0 else 0.0

    def nearest_km(self, e: Entry) -> float | None:
        """The nearest located reading of another name, within the index's radius."""
        return self.located.nearest(e, exclude=self.key)


class Resolver:
    """Choose one gazetteer entry per mention (see the module docstring)."""

    def __init__(
        self,
        mentions: list[Mention],
        settings: PlaceSettings,
        outlet_country: str | None = None,
        neighbours: dict[str, frozenset[str]] | None = None,
        joiners: frozenset[str] = frozenset(),
    ) -> None:
        self.mentions = mentions
        self.joiners = joiners  # "and" of "Trinidad and Tobago" (see _first_parts)
        self.settings = settings
        self.outlet_country = outlet_country
        self.neighbours = neighbours or {}
        # a mention's group key, read once: score() asks it at every candidate of every round
        self.keys: dict[int, str] = {id(m): self._group_key(m) for m in mentions}
        self.groups: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            if m.candidates:
                self.groups[self.keys[id(m)]].append(m)
        self.local: dict[int, dict[int, float]] = {
            id(m): {e.id: local_score(e, m, settings) for e in m.candidates}
            for m in mentions
            if m.candidates
        }
        self.context: dict[str, dict[int, float]] = {}  # group -> entry id -> context score
        self.parts: dict[str, dict[int, dict[str, float]]] = {}  # the context by source
        # (sentence, country) -> readings there: one flat Counter, not one per sentence
        self.sentence_countries: Counter[tuple[int, str]] = Counter()
        self.window_counts: dict[tuple[int, str], int] = {}  # (sentence, country) -> around it

    @staticmethod
    def _group_key(m: Mention) -> str:
        return ("d:" if m.use == "demonym" else "n:") + name_key(m.name)

    # -- the passes -----------------------------------------------------------------------

    def resolve(self) -> None:
        for m in self.mentions:
            if m.candidates:
                m.chosen = max(m.candidates, key=lambda e, m=m: self.local[id(m)][e.id])  # type: ignore[misc]
        for _ in range(self.settings.context_rounds):
            self._context_round()
            if not self._choose_in_context():
                break  # the round read these very choices: another would find the same context
        self._one_place_per_name()
        self._first_parts()
        self._coherence()
        for m in self.mentions:
            if m.chosen is not None:
                m.country = m.chosen.country
                m.reason = m.reason or self._reason(m)
        self._nearby_countries()

    def score(self, e: Entry, m: Mention) -> float:
        """Local score plus the article's context; a toponym inside another name ("Cambridge
        Analytica", "the Venice Commission", "Portland Trail Blazers") takes the context at
        ``embedded_context`` only: an organization is named after the namesake it was named
        after, the famous one far more often than the one where the story happens."""
        context = self.context[self.keys[id(m)]].get(e.id, 0.0)
        if m.use == "embedded":
            context *= self.settings.embedded_context
        return self.local[id(m)][e.id] + context

    def _choose_in_context(self) -> bool:
        """Every mention's best candidate with the round's context; True when any choice is
        another entry than the one the round read."""
        changed = False
        for m in self.mentions:
            if m.candidates:
                best = self._best(m)
                changed = changed or best is not m.chosen
                m.chosen = best
        return changed

    def _best(self, m: Mention) -> Entry:
        """The candidate with the best :meth:`score` (the first of equals), with the
        mention's local scores and context looked up once, not once per candidate."""
        local, context = self.local[id(m)], self.context[self.keys[id(m)]]
        if m.use == "embedded":
            factor = self.settings.embedded_context
            return max(m.candidates, key=lambda e: local[e.id] + context.get(e.id, 0.0) * factor)
        return max(m.candidates, key=lambda e: local[e.id] + context.get(e.id, 0.0))

    # -- context --------------------------------------------------------------------------

    def _weight(self, m: Mention) -> float:
        settings = self.settings
        weight = settings.demonym_evidence if m.use == "demonym" else 1.0
        return weight * (settings.dateline_evidence if m.in_dateline else 1.0)

    def _evidence(self) -> tuple[Evidence, dict[str, Evidence]]:
        """The readings of every mention, in total and by group (to subtract a group's own)."""
        total, by_group = Evidence(), {}
        for key, group in self.groups.items():
            own = by_group[key] = Evidence()
            for m in group:
                e, w = m.chosen, self._weight(m)
                if e is None or not e.country:
                    continue
                unit = e.name if e.feature == "admin1" else e.admin1
                for evidence in (total, own):
                    evidence.total += w
                    evidence.by_country[e.country] += w  # type: ignore[assignment]
                    if unit:
                        evidence.by_admin1[(e.country, unit)] += w  # type: ignore[assignment]
                if e.feature in LOCATED_FEATURES and e.lat is not None and not e.capital:
                    own.located.append(e)  # a national capital says little of the area
        return total, by_group

    def _context_round(self) -> None:
        s = self.settings
        self.sentence_countries = Counter(
            (m.sent, m.chosen.country)
            for m in self.mentions
            if m.chosen is not None and m.chosen.country
        )
        self.window_counts = {}
        focus = [
            (self.keys[id(m)], m.chosen)
            for m in self.mentions
            if m.in_dateline and m.chosen is not None
        ]
        total, by_group = self._evidence()
        located = PointIndex(s.far_km)
        for key, own in by_group.items():
            for e in own.located:
                located.add(e, key)
        for key, group in self.groups.items():
            entries = {e.id: e for m in group for e in m.candidates}
            if len(entries) < 2:
                self.parts[key], self.context[key] = {}, {}
                continue
            evidence = Others(total, by_group[key], located, key)
            best_local = {
                i: max(self.local[id(m)].get(i, float("-inf")) for m in group) for i in entries
            }
            ranked = sorted(entries, key=lambda i: -best_local[i])
            wanted = set(ranked[: s.context_candidates]) | {
                i
                for i, e in entries.items()
                if evidence.admin1((e.country or "", e.admin1 or "")) > 0
            }
            others = [f for k, f in focus if k != key]
            by_code: dict[str, dict[str, float]] = {}  # a group's readings share a country's
            parts = {i: self._parts(entries[i], group, evidence, others, by_code) for i in wanted}
            self.parts[key] = parts
            self.context[key] = {i: sum(p.values()) for i, p in parts.items()}

    def _parts(
        self,
        e: Entry,
        group: list[Mention],
        evidence: Others,
        focus: list[Entry],
        by_code: dict[str, dict[str, float]],
    ) -> dict[str, float]:
        """What the article says for reading ``e`` of the names in ``group``, by source:
        country-level signals (the article's countries and their neighbours, nearby
        sentences, the dateline's country, the outlet's) capped together at ``country_cap``,
        and local ones (the first-level unit, nearness, the dateline's unit) at ``local_cap``,
        so that many weak signals of one kind cannot outvote a large population gap.
        ``by_code``: the group's country-level parts by country, filled here (they depend on
        the country alone, and a name's namesakes mostly share a few)."""
        s = self.settings
        code = e.country or ""
        country = by_code.get(code)
        if country is None:
            country = by_code[code] = self._country_parts(code, group, evidence, focus)
        local = {"context": 0.0, "dateline": 0.0}
        weight = evidence.weight
        if weight > 0:
            unit = e.name if e.feature == "admin1" else e.admin1
            if unit and e.feature not in AREA_FEATURES:
                unit_share = evidence.admin1((code, unit)) / weight
                local["context"] += s.admin1_weight * unit_share
        if e.feature not in AREA_FEATURES and e.lat is not None:
            local["context"] += s.proximity_weight * self._closeness(evidence.nearest_km(e))
        units = {f.name if f.feature == "admin1" else f.admin1 for f in focus if f.country == code}
        if e.feature != "country" and (e.admin1 in units or e.name in units):
            local["dateline"] += s.dateline_admin1_weight
        local = _capped(local, s.local_cap)
        return {k: country.get(k, 0.0) + local.get(k, 0.0) for k in country}

    def _country_parts(
        self, code: str, group: list[Mention], evidence: Others, focus: list[Entry]
    ) -> dict[str, float]:
        """The country-level parts of :meth:`_parts` for every reading in country ``code``,
        capped at ``country_cap``."""
        s = self.settings
        country = {"context": 0.0, "dateline": 0.0, "outlet": 0.0}
        weight = evidence.weight
        if weight > 0:
            share = evidence.country(code) / weight
            neighbours = self.neighbours.get(code, frozenset())
            near = sum(evidence.country(n) for n in neighbours) / weight
            country["context"] += s.country_weight * share + s.neighbour_weight * near
        near_count = 0
        for m in group:
            count = self._sentences_around(m.sent, code)
            own = int(m.chosen is not None and m.chosen.country == code)
            near_count = max(near_count, count - own)
        country["context"] += s.nearby_weight * min(near_count, s.nearby_cap)
        if any(f.country == code for f in focus):
            country["dateline"] += s.dateline_country_weight
        if self.outlet_country and code == self.outlet_country:
            country["outlet"] += s.outlet_weight
        return _capped(country, s.country_cap)

    def _sentences_around(self, sent: int, code: str) -> int:
        """Readings in country ``code`` within ``nearby_sentences`` of sentence ``sent``,
        counted once per round (every group with a reading there asks again)."""
        found = self.window_counts.get((sent, code))
        if found is None:
            s, counts = self.settings, self.sentence_countries
            window = range(sent - s.nearby_sentences, sent + s.nearby_sentences + 1)
            found = self.window_counts[(sent, code)] = sum(counts.get((n, code), 0) for n in window)
        return found

    def _closeness(self, nearest: float | None) -> float:
        """1 within ``near_km`` of another located reading, falling to 0 at ``far_km``."""
        s = self.settings
        if nearest is None or nearest >= s.far_km:
            return 0.0
        if nearest <= s.near_km:
            return 1.0
        return (s.far_km - nearest) / (s.far_km - s.near_km)

    # -- one place per name ---------------------------------------------------------------

    def _one_place_per_name(self) -> None:
        """Bare mentions of a name share a reading: the qualified mention's when the name is
        first written qualified, else the reading the bare mentions score best together (its
        uses as a place, when it has some, else all)."""
        for key, group in self.groups.items():
            if key.startswith("d:"):
                continue
            ordered = sorted(group, key=lambda m: m.start)
            bare = [m for m in ordered if not m.explicit]
            if not bare:
                continue
            qualified = [m for m in ordered if m.explicit and m.start < bare[0].start]
            if qualified:
                leader = qualified[-1]  # every qualified one precedes every bare one
                for m in bare:
                    if (
                        leader.chosen is not None
                        and any(c.id == leader.chosen.id for c in m.candidates)
                        and m.chosen is not None
                        and (leader.is_container or leader.chosen.feature == m.chosen.feature)
                    ):
                        if m.chosen.id != leader.chosen.id:
                            m.reason = "discourse"
                        m.chosen = leader.chosen
                continue
            shared = set.intersection(*({e.id for e in m.candidates} for m in bare))
            if len(bare) < 2 or not shared:
                continue
            by_id = {e.id: e for e in bare[0].candidates}
            # the name's uses as a place decide; a toponym inside another name follows them
            # ("Perth City Council" in a story about Perth, Scotland)
            voters = [m for m in bare if m.use != "embedded"] or bare
            best = max(shared, key=lambda i: sum(self.score(by_id[i], m) for m in voters))
            for m in bare:
                m.chosen = by_id[best]

    def _first_parts(self) -> None:
        """A bare name that is the first part of a country named "X and Y" earlier in the
        article is that country ("Trinidad" after "Trinidad and Tobago", "Bosnia" after
        "Bosnia and Herzegovina"): news shortens the name once it has written it whole, and
        the gazetteer's namesake towns of the part are not what the story means."""
        if not self.joiners:
            return
        wholes: list[Mention] = []
        for m in self.mentions:
            words = m.name.split()
            if m.chosen is None or m.chosen.feature != "country" or len(words) < 3:
                continue
            if any(w in self.joiners for w in words[1:-1]):
                wholes.append(m)
        for whole in wholes:
            first = whole.name.split()[0]
            for m in self.mentions:
                if m.start > whole.start and m.use == "place" and not m.explicit:
                    if m.name == first and whole.chosen is not None:
                        if m.chosen is None or m.chosen.id != whole.chosen.id:
                            m.chosen, m.reason = whole.chosen, "discourse"

    # -- coherence ------------------------------------------------------------------------

    def linked(self, m: Mention, country_named: set[str | None]) -> bool:
        """Does the text tie this mention's reading to where it is: a container after a
        comma, or its country named in the article (``country_named``: as a place, or by a
        demonym)?"""
        e = m.chosen
        if e is None or m.country_hint or m.containers or m.admin1_hint:
            return True
        return e.country in country_named

    def _coherence(self) -> None:
        """A reading far from every other located place gives way to a near namesake that
        scores close (within ``coherence_margin``); failing that, a small one (under
        ``far_min_population``) is dropped: a village of that name on another continent,
        which nothing in the text ties to the story, is more likely the gazetteer's namesake
        of a place it does not hold than the place meant, and an unknown place (its country
        still read from its neighbours) is better than a wrong point. A national capital keeps
        its reading: news names capitals for their governments and flights from any distance
        ("talks in Paris" in a story of Texas towns), and the namesakes of a capital
        are the classic trap, not the likely reading."""
        s = self.settings
        located = PointIndex(s.coherence_km)
        keys: Counter[str] = Counter()  # groups with a located reading
        for key, group in self.groups.items():
            if key.startswith("d:"):
                continue
            for o in group:
                if o.chosen is not None and o.chosen.lat is not None:
                    if o.chosen.feature in LOCATED_FEATURES:
                        located.add(o.chosen, key)
                        keys[key] += 1
        country_named = {
            o.chosen.country
            for o in self.mentions
            if o.chosen is not None and o.chosen.feature == "country"
        }
        for key, group in self.groups.items():
            if key.startswith("d:"):
                continue
            if not (len(keys) > 1 or (keys and key not in keys)):
                continue  # no other name has a located reading
            for m in group:
                e = m.chosen
                if e is None or e.feature in AREA_FEATURES or e.lat is None or e.capital:
                    continue
                if self.linked(m, country_named):
                    continue
                if located.nearest(e, exclude=key) is not None:
                    continue
                near = [c for c in m.candidates if located.nearest(c, exclude=key) is not None]
                if m.use == "embedded":
                    near = []  # named after a namesake, not where the story is (see score)
                best = max(near, key=lambda c: self.score(c, m)) if near else None
                floor = self.score(e, m) - s.coherence_margin
                if best is not None and self.score(best, m) >= floor:
                    m.chosen, m.reason = best, "context"
                elif e.population < s.far_min_population:
                    m.chosen = None  # a small namesake far away: the story's place is unknown

    # -- reasons --------------------------------------------------------------------------

    def _reason(self, m: Mention) -> str:
        e = m.chosen
        assert e is not None
        if len({c.id for c in m.candidates}) == 1:
            return "only"
        if m.containers and any(inside(e, c, self.settings) for c in m.containers):
            return "abbreviation" if m.container_kind == "abbreviation" else "container"
        if m.country_hint and e.country == m.country_hint:
            return "container"
        if m.is_container and any(c.id == e.id for c in m.container_of):
            return "container"  # the ", Washington" of "Tacoma, Washington"
        local_best = max(m.candidates, key=lambda c: self.local[id(m)][c.id])
        if m.hint and e.feature == m.hint and e.id == local_best.id:
            return "type"
        prior_best = max(m.candidates, key=lambda c: prior(c, self.settings))
        if e.id == prior_best.id and e.id == local_best.id:
            return "population"
        parts = self.parts.get(self.keys[id(m)], {})
        mine, theirs = parts.get(e.id, {}), parts.get(local_best.id, {})
        gain = {k: mine.get(k, 0.0) - theirs.get(k, 0.0) for k in ("context", "dateline", "outlet")}
        if e.id == local_best.id:
            return "type" if m.hint and e.feature == m.hint else "population"
        return max(gain, key=lambda k: gain[k])

    def _nearby_countries(self) -> None:
        """An unknown place takes the country of the closest resolved place in its sentence,
        else the article's dominant country when one dominates (the resolved places indexed
        by sentence once, not searched again for every unknown one)."""
        by_sentence: dict[int, list[Mention]] = defaultdict(list)
        counts: Counter[str] = Counter()
        for o in self.mentions:
            if o.chosen is not None and o.chosen.country:
                by_sentence[o.sent].append(o)
                counts[o.chosen.country] += 1
        dominant = None
        total = sum(counts.values())
        if total:
            code, n = counts.most_common(1)[0]
            if n / total >= self.settings.dominant_country_share:
                dominant = code
        for m in self.mentions:
            if m.chosen is not None:
                continue
            same = by_sentence.get(m.sent)
            nearest = min(same, key=lambda o: abs(o.start - m.start)) if same else None
            nearby = nearest.chosen.country if nearest and nearest.chosen else dominant
            m.country = m.country_hint or nearby


def _capped(parts: dict[str, float], cap: float) -> dict[str, float]:
    """The parts scaled down together so that their sum is at most ``cap``: many weak
    signals of one kind (a dozen American places) must not outvote a big population gap."""
    total = sum(parts.values())
    if total <= cap or total <= 0:
        return parts
    return {k: v * cap / total for k, v in parts.items()}
