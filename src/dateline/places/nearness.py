"""Nearest-point queries bounded by a radius, on a grid of latitude/longitude cells.

Resolution asks, for every candidate of every name, how far the nearest *other* located place
of the article lies, but only up to a radius (``far_km`` for closeness, ``coherence_km`` for
coherence, ``rescue_km`` for rescues): beyond it the answer is "far". Scanning every other
place for every candidate made the layer quadratic in the article's length (issue 18); here
the points are put in cells about one radius wide, so a query looks at the few cells the
radius can reach and the cost grows with the places near the candidate, not with all of them.
Each point keeps the tags (names) that put it there, so that a name's own readings can be left
out of its own query; the same point added twice is stored once.
"""

from __future__ import annotations

import math
from collections import defaultdict

from dateline.places.candidates import EARTH_RADIUS_KM, km
from dateline.places.gazetteer.index import Entry

KM_PER_DEGREE = 111.0  # a degree of latitude, slightly rounded down so cells never fall short


class PointIndex:
    """Located entries, bucketed by cell, with the tags each was added under."""

    def __init__(self, radius_km: float) -> None:
        self.radius_km = radius_km
        self.cell_deg = max(radius_km / KM_PER_DEGREE, 0.01)
        self.columns = max(1, math.ceil(360.0 / self.cell_deg))
        self.cells: dict[tuple[int, int], dict[int, tuple[Entry, set[str]]]] = defaultdict(dict)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        row = math.floor(lat / self.cell_deg)
        column = math.floor((lon + 180.0) / self.cell_deg) % self.columns
        return row, column

    def add(self, entry: Entry, tag: str) -> None:
        if entry.lat is None or entry.lon is None:
            return
        bucket = self.cells[self._cell(entry.lat, entry.lon)]
        if entry.id in bucket:
            bucket[entry.id][1].add(tag)
        else:
            bucket[entry.id] = (entry, {tag})

    def nearest(self, entry: Entry, exclude: str | None = None) -> float | None:
        """Distance in km to the nearest point within the radius added under a tag other
        than ``exclude`` (a point with any other tag counts), or None if there is none."""
        if entry.lat is None or entry.lon is None or not self.cells:
            return None
        best: float | None = None
        for cell in self._reach(entry.lat, entry.lon):
            for other, tags in self.cells.get(cell, {}).values():
                if exclude is not None and tags == {exclude}:
                    continue
                d = km(entry, other)
                if d is not None and d <= self.radius_km and (best is None or d < best):
                    best = d
        return best

    def _reach(self, lat: float, lon: float) -> list[tuple[int, int]]:
        """The cells a circle of the radius around (lat, lon) can touch: one row either side
        (a cell is a radius high), and the columns of the circle's longitude extent,
        asin(sin(r / R) / cos(lat)), every column near a pole."""
        angle = self.radius_km / EARTH_RADIUS_KM
        cos_lat = math.cos(math.radians(lat))
        ratio = math.sin(min(angle, math.pi / 2)) / cos_lat if cos_lat > 0 else 2.0
        row, column = self._cell(lat, lon)
        rows = range(row - 1, row + 2)
        if ratio >= 1.0:
            return [(r, c) for r in rows for c in range(self.columns)]
        spread = math.ceil(math.degrees(math.asin(ratio)) / self.cell_deg)
        if 2 * spread + 1 >= self.columns:
            return [(r, c) for r in rows for c in range(self.columns)]
        columns = range(column - spread, column + spread + 1)
        return [(r, c % self.columns) for r in rows for c in columns]
