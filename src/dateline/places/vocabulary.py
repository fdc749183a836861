"""The words the places layer reads, all from ``lexicons/`` through the one loader (the tables
several layers share, platforms, institutions and speech verbs, through
:mod:`dateline.vocabulary`).

Loaded once per process into a frozen :class:`Vocabulary` that the component holds; the code
decides with these sets and never names a word itself (grammar labels such as ``pobj`` or
``GPE`` aside).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dateline import lexicons
from dateline import vocabulary as shared
from dateline.places.gazetteer.keys import name_key


@dataclass(frozen=True)
class PlaceWord:
    """A row of ``place_words.csv``: a head noun and the feature it marks."""

    word: str
    feature: str
    before_of: bool = True


@dataclass(frozen=True)
class RegionDemonym:
    """A row of ``region_demonyms.csv``: "European" -> "Europe"."""

    word: str
    place: str


@dataclass(frozen=True)
class DemonymSuffix:
    """A row of ``demonym_suffixes.csv``: "Ontarian" = "Ontario" with "io" -> "ian"."""

    suffix: str
    place_ending: str


@dataclass(frozen=True)
class GeoPrecision:
    """A row of ``geo_precision.csv``: ACLED geo_precision of a feature."""

    feature: str
    precision: int


@dataclass(frozen=True)
class Vocabulary:
    """Every word set the places layer uses (see each lexicon's header for its sources)."""

    place_words: dict[str, str]  # head noun -> feature: "province" -> admin1
    type_nouns: dict[str, str]  # the same and "country": "countries such as Chad"
    of_words: dict[str, str]  # "the province of X": the ones that mark X's feature
    place_nouns: frozenset[str]  # "Syrian soil": nouns after which a demonym names territory
    platforms: frozenset[str]  # "Twitter": never places (name keys)
    institutions: frozenset[str]  # "the White House": a seat standing for a government
    generic_names: frozenset[str]  # "Central": only a tagged or typed mention takes these
    speech_lemmas: frozenset[str]  # "Washington said": a place used as a speaker
    region_demonyms: dict[str, str]  # "european" -> "Europe"
    demonym_suffixes: tuple[tuple[str, str], ...]  # ("ian", "io"): "Ontarian" -> "Ontario"
    facility_words: frozenset[str]  # "Street", "Hospital": names of sites, not places
    locative_prepositions: frozenset[str]  # "in X", "near X", "from X"
    spatial_prepositions: frozenset[str]  # the ones strong enough to overrule the model
    directions: frozenset[str]  # "northern Kandahar"
    name_joiners: frozenset[str]  # "Bosnia and Herzegovina", "Isle of Man"
    articles: frozenset[str]  # "the", "a", "an"
    example_markers: frozenset[str]  # "states such as X", "towns like X", "cities including X"
    geo_precision: dict[str, int]  # feature -> ACLED geo_precision
    generic_tlds: frozenset[str]  # country-code domains used as generic ones (.tv, .io)
    town_words: frozenset[str]  # place words of feature city: "the town of X", "X, a village"
    titles: frozenset[str]  # role nouns and honorifics: "Ohio Gov. Smith", "London Mayor X"

    @classmethod
    def load(cls) -> Vocabulary:
        return _load()


@lru_cache(maxsize=1)
def _load() -> Vocabulary:
    type_nouns = {
        r.word.casefold(): r.feature for r in lexicons.table("place_words.csv", PlaceWord)
    }
    # a country's name never takes its type word after it ("the Basque Country" is no country)
    place_words = {w: f for w, f in type_nouns.items() if f != "country"}
    of_words = {
        r.word.casefold(): r.feature
        for r in lexicons.table("place_words.csv", PlaceWord)
        if r.before_of
    }
    return Vocabulary(
        of_words=of_words,
        place_words=place_words,
        type_nouns=type_nouns,
        place_nouns=lexicons.words("place_nouns.txt"),
        platforms=shared.platforms(),
        institutions=frozenset(shared.institutions()),
        generic_names=lexicons.words("generic_names.txt"),
        speech_lemmas=shared.speech_lemmas(),
        region_demonyms={
            name_key(r.word): r.place for r in lexicons.table("region_demonyms.csv", RegionDemonym)
        },
        demonym_suffixes=tuple(
            (r.suffix, r.place_ending)
            for r in lexicons.table("demonym_suffixes.csv", DemonymSuffix)
        ),
        facility_words=lexicons.words("facility_words.txt"),
        locative_prepositions=lexicons.words("locative_prepositions.txt"),
        spatial_prepositions=lexicons.words("spatial_prepositions.txt"),
        directions=lexicons.words("directions.txt"),
        name_joiners=lexicons.words("name_joiners.txt"),
        articles=lexicons.words("articles.txt"),
        example_markers=lexicons.words("example_markers.txt"),
        geo_precision={
            r.feature: r.precision for r in lexicons.table("geo_precision.csv", GeoPrecision)
        },
        generic_tlds=lexicons.words("generic_tlds.txt"),
        town_words=frozenset(w for w, f in place_words.items() if f == "city"),
        titles=frozenset(shared.role_words()) | shared.honorifics(),
    )
