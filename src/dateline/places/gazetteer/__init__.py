"""The offline gazetteer: GeoNames-derived data from installed packages, indexed in SQLite.

:mod:`.builder` builds the index once into the cache (named by a fingerprint of its sources, so
a stale index is never read); :mod:`.index` reads it; :mod:`.keys` turns names into lookup keys
the same way on both sides. Nothing is fetched from the network.
"""

from __future__ import annotations

from dateline.places.gazetteer.builder import BUILD_VERSION, build, cache_dir, default_path
from dateline.places.gazetteer.index import Entry, Gazetteer, get_gazetteer
from dateline.places.gazetteer.keys import name_key, strip_admin_words

__all__ = [
    "BUILD_VERSION",
    "Entry",
    "Gazetteer",
    "build",
    "cache_dir",
    "default_path",
    "get_gazetteer",
    "name_key",
    "strip_admin_words",
]
