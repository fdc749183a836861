"""Which place a demonym names: "Afghan" -> Afghanistan, "Europeans" -> Europe, "Manitobans" ->
Manitoba; and whether a name is a demonym at all.

Recognition asks at every capitalized token whether a demonym starts there. The answer depends
only on the words (and whether the model typed them NORP), the gazetteer and the lexicons, so a
reader keeps its answers: the component holds one for the whole process, and most capitalized
words of an article were already asked about in an earlier one.
"""

from __future__ import annotations

from dateline import countries
from dateline.places.gazetteer.index import CURATED_FEATURES, Entry, Gazetteer
from dateline.places.gazetteer.keys import name_key
from dateline.places.settings import PlaceSettings
from dateline.places.vocabulary import Vocabulary

MIN_STEM_CHARS = 3  # "Iowan" -> "Iow" + "a": shorter stems are not place names
MEMO_SIZE = 1 << 15  # answers kept; past this a long-running process starts the memo again

# (text, words, all NORP) -> the demonym's place, None if the text is no demonym
Reading = tuple[Entry, ...] | None


class DemonymReader:
    """The places demonyms name, memoised (see the module docstring)."""

    def __init__(
        self, gazetteer: Gazetteer, vocabulary: Vocabulary, settings: PlaceSettings
    ) -> None:
        self.gaz = gazetteer
        self.vocab = vocabulary
        self.settings = settings
        self.readings: dict[tuple[str, int, bool], Reading] = {}
        self.demonyms: dict[str, bool] = {}  # text -> is_demonym(text)

    def reading(self, text: str, n: int, norp: bool) -> Reading:
        """The place a demonym of ``n`` words names (None: the text is no demonym); ``norp``:
        the model typed every word NORP."""
        key = (text, n, norp)
        if key in self.readings:
            return self.readings[key]
        if len(self.readings) >= MEMO_SIZE:
            self.readings.clear()
        found = self.readings[key] = self._read(text, n, norp)
        return found

    def is_demonym(self, text: str) -> bool:
        """A demonym of a country or region ("Canadian", "European"), not a country's name."""
        known = self.demonyms.get(text)
        if known is None:
            if len(self.demonyms) >= MEMO_SIZE:
                self.demonyms.clear()
            known = self.demonyms[text] = countries.by_name(text) is None and (
                countries.by_demonym(text) is not None
                or name_key(text) in self.vocab.region_demonyms
            )
        return known

    def _read(self, text: str, n: int, norp: bool) -> Reading:
        regions = self.vocab.region_demonyms
        key = name_key(text)
        region = regions.get(key) or (
            regions.get(key[:-1]) if key.endswith("s") else None
        )  # "Europeans"
        if region is not None:  # the region itself, not a namesake town ("Siberia", Mexico)
            entries = self.gaz.lookup(region)
            curated = [e for e in entries if e.feature in CURATED_FEATURES]
            return tuple(curated or entries)[:1]
        country = countries.by_demonym(text) if n == 1 or " " in text else None
        if country is not None:
            entries = self.gaz.lookup(country.name)
            return tuple(e for e in entries if e.feature == "country")
        if norp:
            local = self._local(key)  # "Manitobans", "New Yorkers"
            if local:
                return local
        return None

    def _local(self, key: str) -> tuple[Entry, ...]:
        """The state, province or big city whose people a word names, by English demonym
        morphology (``demonym_suffixes.csv``): "ontarians" -> Ontario."""
        singular = key[:-1] if key.endswith("s") else key
        for suffix, ending in self.vocab.demonym_suffixes:
            if not singular.endswith(suffix) or len(singular) - len(suffix) < MIN_STEM_CHARS:
                continue
            entries = tuple(
                e
                for e in self.gaz.lookup(singular[: len(singular) - len(suffix)] + ending)
                if e.feature == "admin1" or e.population >= self.settings.big_city_population
            )
            if entries:
                return entries
        return ()
