"""The channel of a quote (a verb that implies one, "tweeted", or a channel phrase near the cue,
"in a statement") and its date (a day-precise date in the cue's sentence, outside the quote)."""

from __future__ import annotations

import re
from datetime import date

from dateline.quotes.drafts import Draft
from dateline.quotes.layout import Layout
from dateline.times import times_in


class QuoteDetails:
    """Channel and date of the quotes of one Doc; channel phrases scanned once per sentence."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.doc = layout.doc
        self.text = layout.text
        self._channel_hits: dict[tuple[int, int], list[tuple[int, str]]] = {}

    def _cue_region(self, d: Draft) -> tuple[int, int] | None:
        if d.cue_span is None:
            return None
        return self.layout.sentence(self.layout.tok(d.cue_span[0]))

    def channel(self, d: Draft) -> str | None:
        if d.cue is not None:
            ch = self.layout.lex.verb_channel(d.cue.lemma_)
            if ch:
                return ch
        region = self._cue_region(d)
        if region is None:
            return None
        best: tuple[int, str] | None = None
        for at, phrase in self._channel_phrases_in(region):
            if self.layout.in_quote(at) or (d.start <= at < d.end):
                continue
            channel = next((c for p, c in self.layout.lex.channel_phrases if p == phrase), None)
            dist = abs(at - d.cue_span[0]) if d.cue_span else 0
            if channel and (best is None or dist < best[0]):
                best = (dist, channel)
        return best[1] if best else None

    def _channel_phrases_in(self, region: tuple[int, int]) -> list[tuple[int, str]]:
        """Channel phrases in a sentence, scanned once per sentence (quotes share them)."""
        hits = self._channel_hits.get(region)
        if hits is None:
            hits = [
                (m.start(), re.sub(r"\s+", " ", m.group(0).lower()))
                for m in self.layout.lex.channel_re.finditer(self.text, region[0], region[1])
            ]
            self._channel_hits[region] = hits
        return hits

    def date(self, d: Draft) -> date | None:
        region = self._cue_region(d)
        if region is None:
            return None
        times = [
            t
            for t in times_in(self.doc, *region)
            if not (d.start <= t.start < d.end)
            and not self.layout.in_quote(t.start)
            and t.precision == "day"
            and t.earliest
        ]
        if times:
            near = min(times, key=lambda t: abs(t.start - (d.cue_span or (0, 0))[0]))
            return near.earliest
        return None
