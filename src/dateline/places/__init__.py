"""Places: find toponyms in a Doc, resolve them against the gazetteer, one Place per place.

One module per job, in the order the data flows:

* :mod:`.gazetteer`: the offline index (build, keys, lookups);
* :mod:`.vocabulary` and :mod:`.settings`: the words (from ``lexicons/``) and the numbers;
* :mod:`.view`: one Doc's token arrays, sentences, blocked spans and scope;
* :mod:`.recognize` (with :mod:`.clues`, the words around a name): which spans are toponyms,
  and their use (place, demonym, embedded, institution, metonym);
* :mod:`.candidates`: each gazetteer entry's score for one mention on its own;
* :mod:`.resolve`: the choice with the article's context;
* :mod:`.records`: mentions merged into ``Place`` records, and look-ups on them;
* :mod:`.component`: the ``dateline_places`` spaCy factory.
"""

from __future__ import annotations

from dateline.places.clues import is_metonymic
from dateline.places.component import PlaceComponent, find_places
from dateline.places.mention import Mention, Toponym
from dateline.places.recognize import PlaceFinder
from dateline.places.records import (
    build_places,
    metonymic_at,
    place_at,
    place_by_id,
    precision_code,
)
from dateline.places.resolve import Resolver
from dateline.places.settings import PlaceSettings

__all__ = [
    "Mention",
    "PlaceComponent",
    "PlaceFinder",
    "PlaceSettings",
    "Resolver",
    "Toponym",
    "build_places",
    "find_places",
    "is_metonymic",
    "metonymic_at",
    "place_at",
    "place_by_id",
    "precision_code",
]
