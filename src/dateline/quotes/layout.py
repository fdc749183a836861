"""One Doc as the quotes layer reads it: text, paragraphs, sentences, token offsets and lemmas,
the quote-marked stretches, and bisect look-ups over them, each read once per Doc."""

from __future__ import annotations

import bisect
from itertools import accumulate
from typing import TYPE_CHECKING

from spacy.attrs import IDX, LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from dateline.quotes.drafts import Draft
from dateline.quotes.marks import find_marked, paragraphs
from dateline.quotes.vocabulary import lexicon
from dateline.tokens import text_of
from dateline.vocabulary import speaker_words

if TYPE_CHECKING:  # the reference layer imports quotes.marks: types only, no import cycle
    from dateline.references import References

FAR = 1 << 60  # past any character offset, for bisecting (start, end) pairs
NEGATION_REACH = 3  # "did not immediately say": tokens before a cue its negation stands in


class Layout:
    """Read-only views of one Doc shared by the attribution steps."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.lex = lexicon()
        self.words = speaker_words()
        self.article = doc._.article
        self.refs: References = doc._.references
        self.paras = paragraphs(self.text)
        self.para_starts = [p[0] for p in self.paras]
        self.tok_starts, self.lemmas, according = self._token_columns(doc)
        # tokens that can cue a quote: only these are looked at closely
        self.cue_candidates = [
            i
            for i, (lemma, is_according) in enumerate(zip(self.lemmas, according, strict=True))
            if is_according or lemma in self.lex.verbs
        ]
        self.marked = [m for m in find_marked(self.text) if not self.boiler(m.start, m.end)]
        # sentence bounds (first token, end token, start char, end char), read once: spaCy's
        # ``token.sent`` walks the sentence on every call
        self.sents = [(x.start, x.end, x.start_char, x.end_char) for x in doc.sents]
        self.sent_firsts = [x[0] for x in self.sents]
        self.quote_spans = sorted((m.open_at, m.close_end) for m in self.marked)
        # the marked stretches by start, with the furthest end reached so far: whether a span
        # overlaps one is then a binary search, not a pass over every quotation
        by_start = sorted((m.start, m.end) for m in self.marked)
        self.marked_starts = [start for start, _ in by_start]
        self.marked_reach = list(accumulate((end for _, end in by_start), max))

    @staticmethod
    def _token_columns(doc: Doc) -> tuple[list[int], list[str], list[bool]]:
        """Start offsets, lowercased lemmas and "according" flags of all tokens, read from
        spaCy's arrays in one pass: building a Token object per access costs more than the
        work done with it."""
        columns = doc.to_array([IDX, LEMMA, LOWER])
        strings = doc.vocab.strings
        lemma_of = {h: strings[h].lower() for h in set(columns[:, 1].tolist())}
        according = get_string_id("according")
        starts = columns[:, 0].tolist()
        lemmas = [lemma_of[h] for h in columns[:, 1].tolist()]
        return starts, lemmas, [h == according for h in columns[:, 2].tolist()]

    def boiler(self, start: int, end: int) -> bool:
        art = self.article
        return bool(art is not None and art.in_boilerplate(start, end))

    def para_of(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.para_starts, pos) - 1)
        return self.paras[i] if self.paras else (0, len(self.text))

    def sent_at(self, i: int) -> tuple[int, int, int, int]:
        """Bounds of the sentence holding token i: first token, end token, start/end char."""
        return self.sents[bisect.bisect_right(self.sent_firsts, i) - 1]

    def tok(self, pos: int) -> Token:
        """The token covering (or starting right after) character pos."""
        i = bisect.bisect_right(self.tok_starts, pos) - 1
        return self.doc[max(0, min(i, len(self.doc) - 1))]

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_spans, (pos, FAR)) - 1
        return i >= 0 and self.quote_spans[i][0] <= pos < self.quote_spans[i][1]

    def overlaps_quote(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a marked stretch: of those starting before ``end``,
        the furthest reaching one ends after ``start``."""
        i = bisect.bisect_left(self.marked_starts, end)
        return i > 0 and self.marked_reach[i - 1] > start

    def cue_role(self, t: Token) -> str | None:
        """The role of a speech verb that attributes words; a negated one ("did not say",
        "did not disclose") attributes none."""
        if not (t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB")):
            return None
        role = self.lex.role(t.lemma_)
        if role is not None and any(
            c.dep_ == "neg" and t.i - NEGATION_REACH <= c.i < t.i and not self.in_quote(c.idx)
            for c in t.children
        ):
            return None  # "did not say" (a "not" inside the quotation is the speaker's own)
        return role

    def tokens(self, start: int, end: int) -> list[Token]:
        i = bisect.bisect_left(self.tok_starts, start)
        j = bisect.bisect_left(self.tok_starts, end)
        return list(self.doc[i:j])

    def set_cue(self, d: Draft, cue: Token) -> None:
        d.cue = cue
        d.cue_text = cue.text
        d.cue_span = (cue.idx, cue.idx + len(cue.text))

    def sentence(self, t: Token) -> tuple[int, int]:
        """The token's sentence clipped to its paragraph."""
        _, _, start, end = self.sent_at(t.i)
        p0, p1 = self.para_of(t.idx)
        return max(start, p0), min(end, p1)
