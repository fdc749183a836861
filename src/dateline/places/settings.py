"""The places layer's thresholds and weights, named, in one object.

The component takes them from its spaCy config (``[components.dateline_places.settings]``), so
an experiment changes a number without touching code; the defaults are the values measured on
GeoWebNews and the team's local-news fixtures (``dateline eval geo``, ``tests/test_places.py``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from dateline.errors import ComponentError, Errors


@dataclass(frozen=True)
class PlaceSettings:
    """Every number the places layer decides with."""

    # recognition
    big_city_population: int = (
        100_000  # a bare proper noun the NER missed must name a city this big
    )
    max_name_words: int = 4  # longest run of words looked up as one name
    apposition_window: int = 7  # words after "X, a" searched for a town word ("X, a river town")
    town_of_window: int = 4  # longest name after "the town of"

    # priors (before context)
    curated_prior: float = 9.0  # a curated region/sea/river/lake name: rarely a namesake town
    country_bonus: float = 4.0
    admin1_bonus: float = 1.0
    no_point_penalty: float = 1.0  # an entry without coordinates (not a country)

    # the words around one mention
    type_word_match: float = 6.0  # "X province" and the entry is an admin1
    type_word_mismatch: float = -3.0
    bare_city_bonus: float = 3.0  # bare "Mopti": the city, not its namesake province
    bare_city_min_population: int = 20_000
    country_hint_match: float = 6.0  # "X, Mali" and the entry is in Mali
    country_hint_mismatch: float = -6.0
    admin1_hint_match: float = 2.0  # "X, Ga." and the entry is in Georgia

    # the rest of the article
    country_weight: float = 2.0  # x share of the article's mentions in the candidate's country
    local_weight: float = 3.0  # x share of sub-national mentions there (admin1 v. country)
    nearby_weight: float = 0.75  # per place of the same country within the sentence window
    nearby_sentences: int = 2  # the window: this many sentences either side
    nearby_cap: int = 3  # at most this many nearby places count
    dominant_country_share: float = 0.5  # an unknown place takes a country this dominant

    @classmethod
    def from_config(cls, config: dict[str, Any] | None) -> PlaceSettings:
        """Settings from a spaCy config section; unknown keys are an error (a typo would
        otherwise change nothing, silently)."""
        known = [f.name for f in dataclasses.fields(cls)]
        unknown = sorted(set(config or {}) - set(known))
        if unknown:
            raise ComponentError(Errors.D150.format(names=unknown, known=known))
        return cls(**(config or {}))

    def to_config(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


DEFAULT_SETTINGS = PlaceSettings()
