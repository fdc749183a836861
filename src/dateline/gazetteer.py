"""Moved to :mod:`dateline.places.gazetteer`; this name stays for the layers that still import
it (the entities layer asks whether a name is a known place)."""

from __future__ import annotations

from dateline.places.gazetteer import (
    BUILD_VERSION,
    Entry,
    Gazetteer,
    build,
    cache_dir,
    default_path,
    get_gazetteer,
    name_key,
)

__all__ = [
    "BUILD_VERSION",
    "Entry",
    "Gazetteer",
    "build",
    "cache_dir",
    "default_path",
    "get_gazetteer",
    "name_key",
]
