"""The per-document context every event reader is handed: one object per Doc, made in
:meth:`EventComponent.extract`, dropped when it returns (never module or Doc state).

It holds the lexicon and settings, the parse walker (:class:`~dateline.events.tree.Tree`), the
actor resolver (:mod:`dateline.events.actors`) and the indexes the readers consult once per
mention: token columns, paragraph breaks, dated time expressions by offset, place words. Each
index is built on first use and kept for the document, so that a lookup per mention costs a
bisection, not a scan of the article (the scans made the layer quadratic in the article's
length).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

import numpy as np
from spacy import symbols
from spacy.attrs import IS_SPACE, LOWER
from spacy.strings import get_string_id
from spacy.symbols import VERB
from spacy.tokens import Doc, Span, Token

from dateline.events.actors import ActorSettings, ReferenceIndex, Resolver
from dateline.events.frames import TriggerFrame
from dateline.events.lexicon import EventLexicon
from dateline.events.tree import Tree
from dateline.model import Article, Place, TimeExpr
from dateline.tokens import arrays

DATED_TYPES = {"DATE", "TIME"}  # TimeExpr types that can date an event


@dataclass(frozen=True)
class Settings:
    """The event component's thresholds (its factory's ``default_config``)."""

    actors: ActorSettings
    background_days: int  # an event dated this long before publication is background


class DocContext:
    """Per-document indexes: which entity or place each token belongs to, times, quotes."""

    def __init__(self, doc: Doc, lexicon: EventLexicon, settings: Settings) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.words = lexicon.words
        self.settings = settings
        self.article: Article = doc._.article
        self.published: date | None = getattr(self.article, "published", None)
        self.tree = Tree()
        self.refs = ReferenceIndex(doc)
        self.actors = Resolver(self.refs, self.tree, lexicon, settings.actors)
        self.times: list[TimeExpr] = [t for t in doc._.times if t.earliest]
        columns = arrays(doc)
        # coarse POS and dependency ids by token index: scans pick out verbs and nouns without
        # building a Token for every word of every sentence
        self.pos_ids: list[int] = columns.pos
        self.dep_ids: list[int] = columns.dep
        self.heads: list[int] = columns.heads  # absolute head index (a root is its own head)
        self.breaks = _paragraph_breaks(doc)
        self._time_roots: TimeIndex | None = None
        self._speech_verbs: dict[int, list[Token]] = {}
        self._agreement_heads: set[int] | None = None
        self._place_like: set[int] | None = None
        self._place_like_sorted: list[int] | None = None
        self._dateline_place: tuple[Place | None] | None = None
        self._lemmas: list[str] | None = None
        self._lowers: list[str] | None = None
        self._sent_starts: list[int] | None = None
        self._sentence_words: dict[int, frozenset[str]] = {}
        # a token's frame is asked for by detection, arguments, clauses and subtypes (every noun
        # of a sentence, once per mention): each is matched once, keyed by token index
        self.verb_frames: dict[int, TriggerFrame | None] = {}
        self.noun_frames: dict[int, TriggerFrame | None] = {}
        self.sentence_cues: dict[int, frozenset[str]] = {}  # subtypes: lemmas and pairs

    def lemmas(self) -> list[str]:
        """``tok.lemma_.lower()`` by token index (read from the lemma column once)."""
        if self._lemmas is None:
            strings = self.doc.vocab.strings
            self._lemmas = [strings[h].lower() for h in arrays(self.doc).lemma]
        return self._lemmas

    def lowers(self) -> list[str]:
        """``tok.lower_`` by token index (read from the lower-case column once)."""
        if self._lowers is None:
            strings = self.doc.vocab.strings
            self._lowers = [strings[h] for h in arrays(self.doc).lower]
        return self._lowers

    def sentence_words(self, i: int) -> frozenset[str]:
        """The lemmas and lower-case forms of the tokens of token ``i``'s sentence (a sense
        condition on the whole sentence asks for them once per frame of every trigger in it;
        ``tok.sent`` would rescan the whole Doc's annotation each time)."""
        if self._sent_starts is None:
            self._sent_starts = [sent.start for sent in self.doc.sents]
        starts = self._sent_starts
        k = bisect_right(starts, i) - 1
        found = self._sentence_words.get(k)
        if found is None:
            lo, hi = starts[k], starts[k + 1] if k + 1 < len(starts) else len(self.doc)
            found = frozenset(self.lemmas()[lo:hi]) | frozenset(self.lowers()[lo:hi])
            self._sentence_words[k] = found
        return found

    def in_boilerplate(self, start: int, end: int) -> bool:
        check = getattr(self.article, "in_boilerplate", None)
        return bool(check and check(start, end))

    def same_segment(self, a: Token, b: Token) -> bool:
        """No paragraph break between two tokens (the parser sometimes links across one)."""
        lo, hi = sorted((a.i, b.i))
        k = bisect_left(self.breaks, lo)
        return k == len(self.breaks) or self.breaks[k] >= hi

    def segment(self, tok: Token, sent: Span) -> range:
        """Token indices of the sentence around ``tok``, cut at paragraph breaks the parser may
        have run across."""
        start, end = sent.start, sent.end
        for i in self.breaks[bisect_left(self.breaks, start) : bisect_left(self.breaks, end)]:
            if i < tok.i:
                start = i + 1
            elif i > tok.i:
                end = i
                break
        return range(start, end)

    def time_roots(self) -> TimeIndex:
        """Dates and times with the token heading each (found once)."""
        if self._time_roots is None:
            found = []
            for t in self.times:
                if t.type not in DATED_TYPES and t.precision is None:
                    continue
                span = self.doc.char_span(t.start, t.end, alignment_mode="expand")
                if span is not None and len(span):
                    found.append((t, span.root))
            self._time_roots = TimeIndex(found)
        return self._time_roots

    def agreement_heads(self) -> set[int]:
        """Tokens whose subject is an agreement ("the deal requires ...")."""
        if self._agreement_heads is None:
            subjects = [i for i, dep in enumerate(self.dep_ids) if dep == symbols.nsubj]
            agreements = self.words.agreement_noun
            self._agreement_heads = {
                tok.head.i
                for tok in (self.doc[i] for i in subjects)
                if tok.lemma_.lower() in agreements
            }
        return self._agreement_heads

    def place_like(self) -> set[int]:
        """Tokens that can stand for a place: a place mention, or a place noun ("the region")."""
        if self._place_like is None:
            lower = self.doc.to_array(LOWER)
            ids = sorted(get_string_id(w) for w in self.lexicon.place_nouns)
            nouns = [i for h in ids for i in np.flatnonzero(lower == h).tolist()]
            self._place_like = set(self.refs.tok_place) | set(nouns)
        return self._place_like

    def place_like_between(self, start: int, end: int) -> bool:
        """Whether any token in ``start:end`` can stand for a place (see ``place_like``)."""
        if self._place_like_sorted is None:
            self._place_like_sorted = sorted(self.place_like())
        found = self._place_like_sorted
        k = bisect_left(found, start)
        return k < len(found) and found[k] < end

    def speech_verbs(self, sent: Span) -> list[Token]:
        """The reporting verbs of a sentence."""
        found = self._speech_verbs.get(sent.start)
        if found is None:
            doc, pos_ids, speech = self.doc, self.pos_ids, self.lexicon.speech
            verbs = (doc[i] for i in range(sent.start, sent.end) if pos_ids[i] == VERB)
            found = [t for t in verbs if t.lemma_.lower() in speech]
            self._speech_verbs[sent.start] = found
        return found

    def dateline_place(self) -> Place | None:
        """The place named in the article's dateline (looked up once per document: every
        mention without a place of its own falls back to it)."""
        if self._dateline_place is None:
            self._dateline_place = (self._find_dateline_place(),)
        return self._dateline_place[0]

    def _find_dateline_place(self) -> Place | None:
        span = getattr(self.article, "dateline", None)
        if not span:
            return None
        region = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        if region is None:
            return None
        for tok in region:
            found = self.refs.place_at(tok.i)
            if found:
                return found
        return None


class TimeIndex:
    """The dated time expressions of a document with their head tokens, by start offset. A
    mention asks for its sentence's: a bisection, instead of a scan of every time expression
    of the article per mention (quadratic in the article's length, measured: 40% of the layer's
    time at 8,000 sentences)."""

    def __init__(self, roots: list[tuple[TimeExpr, Token]]) -> None:
        self.roots = roots  # in the times layer's order
        order = sorted(range(len(roots)), key=lambda k: (roots[k][0].start, k))
        self._order = order
        self._starts = [roots[k][0].start for k in order]

    def between(self, first: int, last: int) -> list[tuple[TimeExpr, Token]]:
        """Those starting in ``[first, last)``, in the times layer's order."""
        lo, hi = bisect_left(self._starts, first), bisect_left(self._starts, last)
        return [self.roots[k] for k in sorted(self._order[lo:hi])]


def _paragraph_breaks(doc: Doc) -> list[int]:
    """Indices of the whitespace tokens holding a line break, ascending (only the few
    whitespace tokens are looked at)."""
    spaces = np.flatnonzero(doc.to_array(IS_SPACE)).tolist()
    return [i for i in spaces if "\n" in doc[i].text]
