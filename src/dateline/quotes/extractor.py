"""One Doc's quotes: indirect drafts first (partial quotes look up the clauses they sit in),
then quote-marked drafts, speakers resolved, continuations passed along, channel and date."""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.model import Quote
from dateline.quotes.details import QuoteDetails
from dateline.quotes.drafts import Draft, Speaker
from dateline.quotes.indirect import IndirectFinder
from dateline.quotes.layout import Layout
from dateline.quotes.marked import MarkedQuotes
from dateline.quotes.speakers import SpeakerResolver, shown_name
from dateline.quotes.syntax import Syntax


class QuoteExtractor:
    """Finds the quotes of one Doc; one instance per call keeps no state between documents."""

    def __init__(self, doc: Doc) -> None:
        self.layout = layout = Layout(doc)
        self.doc = doc
        self.text = layout.text
        self.syntax = Syntax(layout)
        self.speakers = SpeakerResolver(layout, self.syntax)
        self.indirect = IndirectFinder(layout, self.syntax, self.speakers)
        self.marked_quotes = MarkedQuotes(layout, self.syntax, self.speakers, self.indirect)
        self.details = QuoteDetails(layout)

    # ------------------------------------------------------------ main

    def run(self) -> list[Quote]:
        indirect = self.indirect.find()  # first: partial quotes look up their clauses
        self._after_dateline(indirect)
        drafts = self.marked_quotes.drafts() + indirect
        drafts.sort(key=lambda d: d.start)
        self._resolve_all(drafts)
        return self._finish(drafts)

    def _after_dateline(self, drafts: list[Draft]) -> None:
        """ "CITY (Agency) - X agreed on Friday to ..., officials said": the reported clause
        begins after the dateline, which is the story's address, not what was said."""
        article = getattr(self.doc._, "article", None)
        span = getattr(article, "dateline", None)
        if not span:
            return
        start, end = span
        text = self.text
        while end < len(text) and text[end].isspace():
            end += 1
        for d in drafts:
            if d.start <= start < d.end and end < d.end:
                d.start = end

    def _resolve_all(self, drafts: list[Draft]) -> None:
        for d in drafts:
            if d.speaker is None and d.subject is not None:
                d.speaker = self.speakers.resolve(d.subject)
        for d in drafts:  # continuations, in order, so chains pass the speaker along
            if d.speaker is None and d.inherit is not None:
                src = d.inherit
                while src.speaker is None and src.inherit is not None and src.inherit is not src:
                    src = src.inherit
                d.speaker = src.speaker
                if d.cue is None:  # the same cue governs the continued quotation
                    d.cue_text, d.cue_span, d.cue = src.cue_text, src.cue_span, src.cue
        for d in drafts:
            d.channel = self.details.channel(d)
            d.date = self.details.date(d)

    # ------------------------------------------------------------ output

    def _finish(self, drafts: list[Draft]) -> list[Quote]:
        out: list[Quote] = []
        seen: set[tuple[int, int]] = set()
        for d in drafts:
            if (d.start, d.end) in seen:
                continue
            seen.add((d.start, d.end))
            sp = d.speaker or Speaker()
            out.append(
                Quote(
                    id=f"q{len(out) + 1}",
                    start=d.start,
                    end=d.end,
                    text=self.text[d.start : d.end],
                    kind=d.kind,
                    speaker=sp.cand.id if sp.cand else None,
                    speaker_name=shown_name(sp.cand.name if sp.cand else sp.name),
                    speaker_span=sp.span,
                    cue=d.cue_text,
                    cue_span=d.cue_span,
                    channel=d.channel,
                    date=d.date,
                    clause=(self.indirect.clause_of(d) or d.clause)
                    if d.kind == "partial"
                    else None,
                )
            )
        return out


def extract_quotes(doc: Doc) -> list[Quote]:
    """All quotes of a parsed Doc (entities, places and times already on it)."""
    if not len(doc):
        return []
    return QuoteExtractor(doc).run()
