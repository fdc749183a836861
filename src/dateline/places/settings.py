"""The places layer's thresholds and weights, named, in one object.

The component takes them from its spaCy config (``[components.dateline_places.settings]``), so
an experiment changes a number without touching code; the defaults are the values measured on
GeoWebNews and the team's local-news fixtures (``dateline eval geo``, ``tests/test_places.py``).

What the measurements decided: the context caps (``country_cap``, ``local_cap``) keep a dozen
American places in a Washington story from turning "London" into London, Ohio (GWN acc@161
0.919 -> 0.925 with them); nearness falls from ``near_km`` 50 to ``far_km`` 200 because the
towns a local story names lie within 50-100 km of each other (fixtures) while a wire story's
namesakes do not (GWN 0.927 -> 0.929); the coherence pass needs a near namesake within
``coherence_margin`` (2.0 cost GWN 0.002; 0 to 1 changes nothing on the fixtures). The
fixtures resolve every name for all these settings, which is what makes them defaults rather
than fits.

``admin1_weight`` (the article's share of readings in a candidate's first-level unit) was
first set to 2.5 on one gold article, the bare "Boston" of a Lincolnshire story, and is now
derived on GeoWebNews (2,148 resolved gold toponyms; right answers at 161 km by weight):

    weight  0     0.5   1.0   1.5   1.75  2.0   2.25  2.5   3.0   3.5   4.0   5.0   6.0
    right   2011  2013  2014  2014  2011  2011  2012  2012  2012  2012  2011  2006  2007

GWN is flat (within 3 answers, 0.15 points) from 0.5 to 4.0 and loses from 5.0 on: above
that the first-level unit outvotes a population gap of two orders of magnitude. Its small
peak at 1.0-1.5 is two answers, and below 1.75 the gold article's Boston goes to
Massachusetts (gold places F1 0.982 -> 0.973), while the team fixtures resolve every name
at any weight from 0 to 6. So the value is 3.0: the middle of the range 1.75-4.0 where GWN
is on its plateau and every local-news reading holds, rather than either edge.
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
    big_city_population: int = 100_000  # a proper noun the NER missed: a city this big
    max_name_words: int = 4  # longest run of words looked up as one name
    apposition_window: int = 7  # words after "X, a" searched for a town word ("X, a river town")
    town_of_window: int = 4  # longest name after "the town of"
    rescue_min_population: int = 1_000  # a PERSON/ORG taken as a place names a town this big
    rescue_km: float = 100.0  # ... or one this close to a place the article already has
    embedded_min_population: int = 15_000  # a toponym inside a longer name: a town this big

    # priors (before context)
    curated_prior: float = 9.0  # a curated region/sea/river/lake name: rarely a namesake town
    country_bonus: float = 4.0
    admin1_bonus: float = 1.0
    no_point_penalty: float = 1.0  # an entry without coordinates (not a country)
    alias_penalty: float = 0.75  # an entry found by one of its alternate names

    # the words around one mention
    type_word_match: float = 6.0  # "X province" and the entry is an admin1
    type_word_mismatch: float = -3.0
    bare_city_margin: float = 0.5  # bare "Kayes": the city this far above its namesake province
    bare_city_min_population: int = 20_000
    container_inside: float = 10.0  # "Springfield, Mass." and the entry lies in Massachusetts
    country_hint_match: float = 6.0  # "X, Mali" / the container's country
    country_hint_mismatch: float = -6.0
    container_feature: float = 4.0  # the ", Washington" of "Tacoma, Washington": a state
    admin2_radius_km: float = 80.0  # an admin2 holds the towns this close to its centroid
    city_radius_km: float = 40.0  # "Karachi's Lyari": a city holds what lies this close

    # the rest of the article (see dateline.places.resolve)
    context_rounds: int = 2
    context_candidates: int = 10  # candidates per name the article is asked about
    country_weight: float = 2.0  # x share of the article's readings in the candidate's country
    neighbour_weight: float = 0.5  # x share in the countries bordering it
    admin1_weight: float = 3.0  # x share in its first-level unit (see the module docstring)
    proximity_weight: float = 1.5  # x closeness to the nearest other located reading
    near_km: float = 50.0  # closeness 1 within this distance ...
    far_km: float = 200.0  # ... falling to 0 at this one
    nearby_weight: float = 0.3  # per place of the same country within the sentence window
    nearby_sentences: int = 2  # the window: this many sentences either side
    nearby_cap: int = 3  # at most this many nearby places count
    demonym_evidence: float = 0.5  # a demonym's country counts this much as a place's
    dateline_evidence: float = 2.0  # the dateline's place counts this much more
    dateline_country_weight: float = 1.0  # a candidate in the dateline's country
    dateline_admin1_weight: float = 0.5  # ... and in its first-level unit
    outlet_weight: float = 0.75  # a candidate in the outlet's home country
    embedded_context: float = 0.0  # share of the context a toponym inside a name takes
    country_cap: float = 2.0  # at most this much from country-level evidence together
    local_cap: float = 3.0  # at most this much from the first-level unit and nearness
    coherence_km: float = 2000.0  # farther than this from every other place needs a link
    coherence_margin: float = 1.0  # a near namesake scoring within this takes over
    far_min_population: int = 100_000  # a far, unlinked reading this small is dropped
    dominant_country_share: float = 0.5  # an unknown place takes a country this dominant

    @classmethod
    def from_config(cls, config: dict[str, Any] | None) -> PlaceSettings:
        """Settings from a spaCy config section; unknown keys are an error (a typo would
        otherwise change nothing, silently)."""
        known = [f.name for f in dataclasses.fields(cls)]
        unknown = sorted(set(config or {}) - set(known))
        if unknown:
            raise ComponentError(Errors.D160.format(names=unknown, known=known))
        return cls(**(config or {}))

    def to_config(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


DEFAULT_SETTINGS = PlaceSettings()
