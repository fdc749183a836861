"""Resolution: one gazetteer entry per mention, from the mention's own clues
(:mod:`.candidates`) and the article around it: the countries its other places lie in, the
places resolved nearby, and one reading per name across the article.
"""

from __future__ import annotations

from collections import Counter

from dateline.places.candidates import local_score
from dateline.places.gazetteer.index import Entry
from dateline.places.gazetteer.keys import name_key
from dateline.places.mention import Mention
from dateline.places.settings import PlaceSettings

LOCAL_FEATURES = ("admin1", "admin2", "city")


class Resolver:
    """Choose one gazetteer entry per mention: priors and hints first, then the context that
    first reading reveals (the article's countries, the places nearby)."""

    def __init__(self, mentions: list[Mention], settings: PlaceSettings) -> None:
        self.mentions = mentions
        self.settings = settings
        self.country_share: dict[str, float] = {}
        self.local_share: dict[str, float] = {}
        self.by_sentence: dict[int, Counter[str]] = {}  # sentence -> countries of first readings
        for m in mentions:
            if m.candidates and m.candidates[0].country:
                self.by_sentence.setdefault(m.sent, Counter())[m.candidates[0].country] += 1

    def resolve(self) -> None:
        first = {id(m): self._best(m, context=False) for m in self.mentions if m.candidates}
        self._shares(first)
        for m in self.mentions:
            if m.candidates:
                m.chosen = self._best(m, context=True)
                m.country = m.chosen.country
        for m in self.mentions:
            if m.chosen is None:
                m.country = m.country_hint or self._nearby_country(m)
        self._one_sense(self.mentions)

    def _best(self, m: Mention, context: bool) -> Entry:
        return max(m.candidates, key=lambda e: self.score(e, m, context))

    def _shares(self, first: dict[int, Entry]) -> None:
        countries_seen: Counter[str] = Counter()
        local: Counter[str] = Counter()
        for m in self.mentions:
            entry = first.get(id(m))
            code = entry.country if entry else m.country_hint
            if not code:
                continue
            countries_seen[code] += 1
            if entry is not None and entry.feature in LOCAL_FEATURES:
                local[code] += 1
        total = sum(countries_seen.values()) or 1
        self.country_share = {c: n / total for c, n in countries_seen.items()}
        total = sum(local.values()) or 1
        self.local_share = {c: n / total for c, n in local.items()}

    def score(self, entry: Entry, m: Mention, context: bool = True) -> float:
        settings = self.settings
        score = local_score(entry, m, settings)
        if not context:
            return score
        code = entry.country or ""
        score += settings.country_weight * self.country_share.get(code, 0.0)
        if entry.feature == "admin1" and any(
            e.feature == "country" and e.country != code for e in m.candidates
        ):  # Georgia the state against Georgia the country: the other local places decide
            score += settings.local_weight * self.local_share.get(code, 0.0)
        window = settings.nearby_sentences
        near = sum(
            self.by_sentence.get(n, {}).get(code, 0)
            for n in range(m.sent - window, m.sent + window + 1)
        )
        if m.candidates and m.candidates[0].country == code:
            near -= 1  # not itself
        return score + settings.nearby_weight * min(near, settings.nearby_cap)

    def _nearby_country(self, m: Mention) -> str | None:
        """An unknown place takes the country of the closest resolved place in its sentence,
        else the article's dominant country when one dominates."""
        same = [
            o
            for o in self.mentions
            if o.chosen is not None and o.sent == m.sent and o.chosen.country
        ]
        if same:
            return min(same, key=lambda o: abs(o.start - m.start)).chosen.country
        if self.country_share:
            code, share = max(self.country_share.items(), key=lambda kv: kv[1])
            if share >= self.settings.dominant_country_share:
                return code
        return None

    @staticmethod
    def _one_sense(mentions: list[Mention]) -> None:
        """Repeated mentions of a name take the reading of its best-specified mention
        ("Springfield, Ill." settles a later "the city of Springfield"), when that reading
        is of the same feature and among their own candidates."""

        def strength(m: Mention) -> int:
            return 2 * bool(m.admin1_hint) + bool(m.country_hint) + bool(m.hint)

        groups: dict[str, list[Mention]] = {}
        for m in mentions:
            if m.chosen is not None and m.use == "place":
                groups.setdefault(name_key(m.name), []).append(m)
        for group in groups.values():
            best = max(group, key=strength)
            if strength(best) == 0:
                continue
            for m in group:
                if (
                    m is not best
                    and m.chosen.feature == best.chosen.feature
                    and best.chosen in m.candidates
                    and strength(m) <= strength(best)
                ):
                    m.chosen, m.country = best.chosen, best.chosen.country
