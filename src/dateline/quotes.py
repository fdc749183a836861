"""Who said what: direct, partial and indirect quotes with speaker, cue, channel and date.

The component ``dateline_quotes`` writes ``doc._.quotes`` (a list of :class:`model.Quote`).

How it works, and why:

* **Quote marks first, by characters.** Quotation marks are found on the raw text, not on tokens,
  because spaCy splits and attaches them unpredictably. Straight and curly marks pair up with a
  stack (so a nested quote stays inside its outer one); a quote left open at a paragraph end
  continues only when the next paragraph opens with a quote mark (the newspaper convention for a
  quotation running over paragraphs), else it is capped at the paragraph end, so one stray mark
  never swallows the rest of the article.
* **Direct or partial** depends on what stands before the opening mark: a sentence boundary, a
  colon or a comma before a capital makes a whole utterance (``direct``); a word makes quoted
  words inside the reporter's sentence (``partial``).
* **Attribution** follows the layout: the cue after the closing mark (``"...," she said``), before
  the opening mark (``He said: "..."``), a dash byline (``"..." —Name``), the first speech verb up
  the dependency chain for a partial quote, or, when a quote paragraph has no cue, the speaker of
  the quote just before it (continuation).
* **Indirect quotes** come from the parse: a speech verb with a clausal complement
  (``X said (that) ...``, ``X told Y ...``, ``..., adding that ...``), a clause before
  ``, X said`` (with the sentences before it in the paragraph that have no attribution of their
  own), and ``according to X``. A verb can also report a noun phrase or an infinitive, by the
  frames its lexicon row allows ("called for an inquiry", "urged X to VP", "called the plan a
  mistake", "pledged to VP"), when its subject can speak. A reported clause that itself
  contains quoted words is left to those words (a partial quote), as the gold convention codes
  only the verbatim fragment; the clause is kept on the partial quote as its context.
* **Speakers** resolve to an entity (or place) id: the subject of the cue if it names one; a
  pronoun to the nearest compatible earlier mention (subjects first); a nominal ("the group",
  "the president") to the entity whose name, alias or role carries that noun, else to the most
  recent compatible subject; "the statement" to whoever last issued one. When nothing justifies
  a speaker, it stays null.

Vocabulary lives in ``lexicons/speech_verbs.csv`` and ``lexicons/channels.csv``.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

from spacy.attrs import IDX, LEMMA, LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from dateline.component import Component
from dateline.model import Entity, Quote
from dateline.times import times_in
from dateline.tokens import text_of

# ---------------------------------------------------------------- lexicons

OPENERS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d"}
CLOSERS = {"\u201d", "\u00bb"}
MARK_TOKENS = {"\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", '"', "''", "``"}
DASHES = "\u2014\u2013\u2015-"
SENT_END = ".!?"

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"it", "they", "them"}
INSTITUTION_SECTORS = {"GOV", "MIL", "COP", "REB", "IGO"}
ORG_TYPES = {"ORG", "GROUP", "GPE", "NORP"}
ADVERBIAL_MARKS = {
    "after",
    "before",
    "because",
    "while",
    "when",
    "if",
    "although",
    "though",
    "since",
    "until",
    "unless",
    "as",
    "once",
    "whereas",
}


@dataclass(frozen=True)
class Lexicon:
    """Cue verbs with their role and implied channel, and channel phrases."""

    verbs: dict[str, tuple[str, str | None]]
    frames: dict[str, frozenset[str]]
    channel_phrases: tuple[tuple[str, str], ...]
    channel_re: re.Pattern[str]

    def role(self, lemma: str) -> str | None:
        entry = self.verbs.get(lemma.lower())
        return entry[0] if entry else None

    def verb_channel(self, lemma: str) -> str | None:
        entry = self.verbs.get(lemma.lower())
        return entry[1] if entry else None

    def frames_of(self, lemma: str) -> frozenset[str]:
        """The non-clausal contents a verb reports ("called for NP", "urged X to VP")."""
        return self.frames.get(lemma.lower(), frozenset())


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("dateline.lexicons").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the speech-verb and channel lexicons once per process."""
    rows = _read_csv("speech_verbs.csv")
    verbs = {
        row["lemma"].strip().lower(): (
            row["role"].strip(),
            (row.get("channel") or "").strip() or None,
        )
        for row in rows
    }
    frames = {
        row["lemma"].strip().lower(): frozenset((row.get("frames") or "").split())
        for row in rows
        if (row.get("frames") or "").strip()
    }
    phrases = tuple(
        sorted(
            (
                (row["phrase"].strip().lower(), row["channel"].strip())
                for row in _read_csv("channels.csv")
            ),
            key=lambda pc: -len(pc[0]),
        )
    )
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p, _ in phrases) + r")\b",
        re.IGNORECASE,
    )
    return Lexicon(verbs, frames, phrases, pattern)


@lru_cache(maxsize=1)
def speaker_words() -> dict[str, frozenset[str]]:
    """kind -> words, from ``speaker_words.csv`` plus the roles lexicon's group nouns: those of
    an institution or armed group ("the ministry", "the rebels") count as collective; the
    others ("residents", "protesters") as ``people``, matched only to an entity so named."""
    from dateline.entities import role_words

    kinds: dict[str, set[str]] = {"collective": set(), "people": set()}
    for row in _read_csv("speaker_words.csv"):
        kinds.setdefault(row["kind"].strip(), set()).add(row["word"].strip().casefold())
    for word, (sector, kind) in role_words().items():
        if kind == "group" and " " not in word:
            institutional = sector in INSTITUTION_SECTORS
            kinds["collective" if institutional else "people"].add(word)
    return {k: frozenset(v) for k, v in kinds.items()}


def is_speech_cue(lemmas: Iterable[str], text: str = "") -> bool:
    """True when a cue (its lemmas, or its text for "according to") is speech by our lexicon.

    Shared with ``dateline eval quotes``, which counts only speech attributions.
    """
    lex = lexicon()
    return "according to" in text.lower() or any(lex.role(lemma) for lemma in lemmas)


# ---------------------------------------------------------------- quote marks


@dataclass(frozen=True)
class Marked:
    """A quote-marked stretch: inner span [start, end) and the marks' positions."""

    start: int
    end: int
    open_at: int
    close_at: int | None  # None when the quote was left open and capped at a paragraph end
    close_end: int  # just past the closing mark (the content end when capped)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans. Every line is a paragraph, unless the text is hard-wrapped (nearly all
    lines of similar, medium length with blank lines between paragraphs), where blank lines
    separate paragraphs."""
    sep = re.compile(r"\n[ \t\u00a0]*\n\s*") if _hard_wrapped(text) else re.compile(r"\n+\s*")
    spans, pos = [], 0
    for m in sep.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _hard_wrapped(text: str) -> bool:
    lines = [len(line) for line in text.split("\n") if line.strip()]
    if len(lines) < 6 or not re.search(r"\n[ \t\u00a0]*\n", text):
        return False
    return sum(40 <= n <= 100 for n in lines) >= 0.8 * len(lines)


MARK_RE = re.compile("''|``|[\u201c\u201d\u201e\u00ab\u00bb\"]")


def _mark_kind(text: str, i: int, mark: str, stack_open: bool) -> str | None:
    """'open', 'close' or None for the quote mark at i (curly marks say it; straight ones and
    typewriter doubles ('' and ``) are read from the spacing around them)."""
    if mark in OPENERS or mark == "``":
        return "open"
    if mark in CLOSERS:
        return "close"
    before = text[i - 1] if i else " "
    j = i + len(mark)
    after = text[j] if j < len(text) else " "
    if i == 0 or before.isspace() or before in "([{\u2014\u2013\u2015/:":
        if not after.isspace():
            return "open"
        return "close" if stack_open else None
    return "close"


def find_marked(text: str) -> list[Marked]:
    """Outermost quote-marked spans, robust to nesting, multi-paragraph and unbalanced marks."""
    out: list[Marked] = []
    paras = paragraphs(text)
    pending: tuple[int, int] | None = None  # an open mark carried over from the last paragraph
    for n, (p0, p1) in enumerate(paras):
        stack: list[tuple[int, int]] = []  # (position, width) of open marks
        skip_first = None
        if pending is not None:
            stack.append(pending)
            pending = None
            skip_first = _first_nonspace(text, p0, p1)  # the re-opening mark of this paragraph
        for m in MARK_RE.finditer(text, p0, p1):
            i = m.start()
            if i == skip_first:
                continue
            kind = _mark_kind(text, i, m.group(0), bool(stack))
            if kind == "open":
                stack.append((i, len(m.group(0))))
            elif kind == "close" and stack:
                o = stack.pop()
                if not stack:
                    _add(out, text, o, (i, len(m.group(0))))
        if stack:
            nxt = paras[n + 1] if n + 1 < len(paras) else None
            if nxt and _reopens(text, stack[0], *nxt):
                pending = stack[0]
            else:
                _add(out, text, stack[0], None, cap=p1)
    return out


def _first_nonspace(text: str, a: int, b: int) -> int | None:
    for i in range(a, b):
        if not text[i].isspace():
            return i
    return None


def _reopens(text: str, pending: tuple[int, int], a: int, b: int) -> bool:
    """The paragraph [a, b) opens with a quote mark of the same family (curly, straight or
    typed) as the pending one: a quotation continuing over the paragraph break. A different
    family means the earlier mark was a stray one."""
    i = _first_nonspace(text, a, b)
    m = MARK_RE.match(text, i) if i is not None else None
    return m is not None and _family(m.group(0)) == _family(text[pending[0] : sum(pending)])


def _family(mark: str) -> str:
    return "straight" if mark == '"' else "typed" if mark in ("''", "``") else "curly"


def _add(
    out: list[Marked],
    text: str,
    o: tuple[int, int],
    c: tuple[int, int] | None,
    cap: int = 0,
) -> None:
    start, end = o[0] + o[1], c[0] if c is not None else cap
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        close_at, close_end = (c[0], c[0] + c[1]) if c is not None else (None, end)
        out.append(Marked(start, end, o[0], close_at, close_end))


# ---------------------------------------------------------------- speaker candidates


@dataclass
class Cand:
    """A possible speaker: an entity or place (id set), or a name the parser saw (id None)."""

    id: str | None
    name: str
    type: str
    words: frozenset[str]
    mentions: list[tuple[int, int]] = field(default_factory=list)
    is_place: bool = False


def _words(*names: str) -> frozenset[str]:
    return frozenset(w for n in names for w in re.findall(r"[\w'’-]+", n.casefold()))


def _from_entity(e: Entity) -> Cand:
    return Cand(e.id, e.name, e.type, _words(*e.all_names(), *e.roles), list(e.mentions))


def _pseudo_entities(doc: Doc) -> list[Cand]:
    """Fallback speakers from spaCy's NER when no entities layer output is available."""
    by_key: dict[str, Cand] = {}
    persons: list[Cand] = []
    for ent in doc.ents:
        label = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP"}.get(ent.label_)
        if label is None:
            continue
        name = re.sub(r"^(the|The)\s+", "", ent.text.strip())
        name = re.sub(r"['’]s$", "", name)
        if not name:
            continue
        cand = None
        if label == "PERSON":
            last = name.split()[-1].casefold()
            cand = next((c for c in persons if c.name.split()[-1].casefold() == last), None)
            if cand and len(name) > len(cand.name):
                cand.name = name
        key = cand.name.casefold() if cand else name.casefold()
        cand = cand or by_key.get(key)
        if cand is None:
            cand = Cand(None, name, label, frozenset())
            by_key[key] = cand
            if label == "PERSON":
                persons.append(cand)
        cand.words = cand.words | _words(name)
        cand.mentions.append((ent.start_char, ent.end_char))
    return list(by_key.values())


class Mentions:
    """All candidate speakers' mentions, sorted, for span and look-back queries."""

    def __init__(self, doc: Doc) -> None:
        ents = [_from_entity(e) for e in (doc._.entities or [])]
        if not ents:
            ents = _pseudo_entities(doc)
        places = []
        for p in doc._.places or []:
            places.append(
                Cand(p.id, p.name, "GPE", _words(p.name, *p.aliases), list(p.mentions), True)
            )
        self.cands = ents + places
        rows = [(s, e, c) for c in self.cands for s, e in c.mentions]
        rows.sort(key=lambda r: (r[0], r[1]))
        self.rows = rows
        self.starts = [r[0] for r in rows]

    def at(self, start: int, end: int) -> Cand | None:
        """The candidate with a mention overlapping [start, end); entities before places,
        then the longest mention."""
        lo = bisect.bisect_left(self.starts, start - 200)
        hi = bisect.bisect_left(self.starts, end)
        hits = [r for r in self.rows[lo:hi] if r[1] > start]
        hits.sort(key=lambda r: (r[2].is_place, -(r[1] - r[0])))
        return hits[0][2] if hits else None

    def before(self, pos: int, limit: int = 3000) -> Iterator[tuple[int, int, Cand]]:
        """Mentions ending before pos, nearest first."""
        i = bisect.bisect_left(self.starts, pos)
        for s, e, c in reversed(self.rows[:i]):
            if e > pos:
                continue
            if pos - s > limit:
                return
            yield s, e, c

    def salience(self, cand: Cand, pos: int) -> int:
        return sum(1 for s, _ in cand.mentions if s < pos)


# ---------------------------------------------------------------- the extractor


@dataclass
class Speaker:
    cand: Cand | None = None
    name: str | None = None
    span: tuple[int, int] | None = None


@dataclass
class Draft:
    """A quote under construction: content span, kind, and the cue that attributes it."""

    start: int
    end: int
    kind: str
    cue: Token | None = None
    cue_text: str | None = None
    cue_span: tuple[int, int] | None = None
    subject: Token | None = None  # the speaker phrase's head when found in the parse
    speaker: Speaker | None = None
    inherit: Draft | None = None  # continuation: same speaker as this earlier quote
    marked: Marked | None = None
    channel: str | None = None
    date: date | None = None
    clause: tuple[int, int] | None = None  # partial quote: the reported clause around it


# Dependents of a speech verb that carry what was said.
COMPLEMENT_DEPS = {"ccomp", "xcomp", "dobj", "oprd", "attr", "acomp", "dative"}


class QuoteExtractor:
    """Finds the quotes of one Doc; one instance per call keeps no state between documents."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.lex = lexicon()
        self.words = speaker_words()
        self.article = doc._.article
        self.reported_clauses: list[Draft] = []  # reported clauses that hold quoted words
        self.paras = paragraphs(self.text)
        self.para_starts = [p[0] for p in self.paras]
        self.tok_starts, self.lemmas, according = self._token_columns(doc)
        # tokens that can cue a quote: only these are looked at closely
        self.cue_candidates = [
            i
            for i, (lemma, is_according) in enumerate(zip(self.lemmas, according, strict=True))
            if is_according or lemma in self.lex.verbs
        ]
        self.marked = [m for m in find_marked(self.text) if not self._boiler(m.start, m.end)]
        # sentence bounds (first token, end token, start char, end char), read once: spaCy's
        # ``token.sent`` walks the sentence on every call
        self.sents = [(x.start, x.end, x.start_char, x.end_char) for x in doc.sents]
        self.sent_firsts = [x[0] for x in self.sents]
        self._channel_hits: dict[tuple[int, int], list[tuple[int, str]]] = {}
        self.mentions = Mentions(doc)
        self.quote_spans = sorted((m.open_at, m.close_end) for m in self.marked)
        self.issuers: list[tuple[int, Token]] = self._statement_issuers()
        self._resolved: dict[int, Speaker | None] = {}

    # ------------------------------------------------------------ small helpers

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

    def _boiler(self, start: int, end: int) -> bool:
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
        i = bisect.bisect_right(self.quote_spans, (pos, 1 << 60)) - 1
        return i >= 0 and self.quote_spans[i][0] <= pos < self.quote_spans[i][1]

    def overlaps_quote(self, start: int, end: int) -> bool:
        return any(m.start < end and start < m.end for m in self.marked)

    def cue_role(self, t: Token) -> str | None:
        if not (t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB")):
            return None
        return self.lex.role(t.lemma_)

    # ------------------------------------------------------------ main

    def run(self) -> list[Quote]:
        indirect = self._indirect_drafts()  # first: partial quotes look up their clauses
        drafts = self._marked_drafts() + indirect
        drafts.sort(key=lambda d: d.start)
        self._resolve_all(drafts)
        return self._finish(drafts)

    # ------------------------------------------------------------ quote-marked drafts

    def _marked_drafts(self) -> list[Draft]:
        drafts: list[Draft] = []
        for m in self.marked:
            kind = self._kind(m)
            d = Draft(m.start, m.end, kind, marked=m)
            if kind == "direct":
                self._attribute_direct(d, drafts)
            else:
                self._attribute_partial(d, drafts)
            if d.kind == "partial" and d.cue is None and d.inherit is None:
                continue  # scare quotes or a title, with nobody saying them
            drafts.append(d)
        return drafts

    def _kind(self, m: Marked) -> str:
        p0, _ = self.para_of(m.open_at)
        i = m.open_at - 1
        while i >= p0 and self.text[i].isspace():
            i -= 1
        if i < p0:
            return "direct"
        prev = self.text[i]
        first = self.text[m.start]
        if prev in SENT_END + ":" + DASHES or prev in CLOSERS or prev in "\"'`":
            return "direct"
        if prev == "," and first.isupper():
            return "direct"
        return "partial"

    def _window_after(self, pos: int, max_tokens: int = 30) -> list[Token]:
        """Tokens after a closing mark, up to the sentence end, the next quote or paragraph end."""
        _, p1 = self.para_of(pos)
        out: list[Token] = []
        t = self.tok(pos)
        i = t.i + 1 if t.idx <= pos else t.i
        while i < len(self.doc) and len(out) < max_tokens:
            tok = self.doc[i]
            if tok.idx >= p1 or tok.text in MARK_TOKENS:
                break
            if tok.text in SENT_END or tok.text == ";":
                break
            out.append(tok)
            i += 1
        return out

    def _window_before(self, pos: int, max_tokens: int = 25) -> list[Token]:
        """Tokens before an opening mark back to the previous sentence end or quote."""
        p0, _ = self.para_of(pos)
        t = self.tok(pos)
        i = t.i - 1 if t.idx >= pos else t.i
        out: list[Token] = []
        while i >= 0 and len(out) < max_tokens:
            tok = self.doc[i]
            if tok.idx < p0 or tok.text in SENT_END or self.in_quote(tok.idx):
                break
            out.append(tok)
            i -= 1
        return out[::-1]

    def _attribute_direct(self, d: Draft, drafts: list[Draft]) -> None:
        m = d.marked
        assert m is not None
        if m.close_at is not None and self._dash_byline(d, m.close_end):
            return
        after = self._window_after(m.close_end - 1) if m.close_at is not None else []
        if after and self.text[m.end - 1] == "." and after[0].text[:1].isupper():
            after = []  # '"... done." He left later': a new sentence, not an attribution
        if self._take_cue(d, after, nearest_first=True):
            return
        before = self._lead_in(m.open_at)
        if before and (before[-1].text in {":", ","} or self.cue_role(before[-1])):
            if self._take_cue(d, before, nearest_first=False):
                return
            nouns = [t for t in before[:-1] if t.pos_ in ("PROPN", "NOUN", "PRON")]
            if before[-1].text == ":" and nouns:  # "Name: '...'" (headlines, transcripts)
                d.subject = nouns[-1]
                d.cue_text, d.cue_span = ":", (before[-1].idx, before[-1].idx + 1)
                return
        d.inherit = self._previous_speaker_quote(d, drafts)

    def _take_cue(self, d: Draft, window: list[Token], nearest_first: bool) -> bool:
        """Attribute d to the cue verb of a window next to the quote (after it: the first; before
        it: the last) and to that verb's subject."""
        order = window if nearest_first else list(reversed(window))
        cue = next((t for t in order if self.cue_role(t)), None)
        if cue is None:
            return False
        self._set_cue(d, cue)
        d.subject = self._subject(cue) or self._adjacent_np(window, cue)
        return True

    def _lead_in(self, open_at: int) -> list[Token]:
        """The words before an opening mark, or when the quote opens its paragraph, the end of
        the paragraph before if that ends with a colon ("The governor added:")."""
        before = self._window_before(open_at)
        if not before:
            p0, _ = self.para_of(open_at)
            j = p0
            while j > 0 and self.text[j - 1].isspace():
                j -= 1
            if j and self.text[j - 1] == ":":
                before = self._window_before(j)
        while before and before[-1].is_space:
            before.pop()
        return before

    def _dash_byline(self, d: Draft, close_end: int) -> bool:
        """``"..." —Name``: a dash right after the closing mark introduces the speaker."""
        _, p1 = self.para_of(close_end - 1)
        j = close_end
        while j < p1 and self.text[j] in " \u00a0\t":
            j += 1
        if j >= p1 or self.text[j] not in DASHES:
            return False
        k = j + 1
        while k < p1 and self.text[k].isspace():
            k += 1
        m = re.match(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*", self.text[k:p1])
        if not m:
            return False
        d.cue_text, d.cue_span = self.text[j], (j, j + 1)
        name_span = (k, k + len(m.group(0).rstrip(".")))
        cand = self.mentions.at(*name_span)
        d.speaker = Speaker(
            cand, cand.name if cand else self.text[name_span[0] : name_span[1]], name_span
        )
        return True

    def _previous_speaker_quote(self, d: Draft, drafts: list[Draft]) -> Draft | None:
        """Continuation: the quote just before, in this paragraph or (when this quote opens its
        paragraph) in the paragraph right before."""
        if not drafts:
            return None
        prev = drafts[-1]
        this_para, prev_para = self.para_of(d.start), self.para_of(prev.end - 1)
        if prev_para == this_para:
            return prev
        idx = bisect.bisect_left(self.para_starts, this_para[0])
        if idx > 0 and self.paras[idx - 1] == prev_para and self._opens_paragraph(d):
            return prev if prev.kind == "direct" else None
        return None

    def _opens_paragraph(self, d: Draft) -> bool:
        p0, _ = self.para_of(d.start)
        return d.marked is not None and _first_nonspace(self.text, p0, d.start) == d.marked.open_at

    def _tokens(self, start: int, end: int) -> list[Token]:
        i = bisect.bisect_left(self.tok_starts, start)
        j = bisect.bisect_left(self.tok_starts, end)
        return list(self.doc[i:j])

    def _attribute_partial(self, d: Draft, drafts: list[Draft]) -> None:
        toks = self._tokens(d.start, d.end)
        roots = [t for t in toks if not (d.start <= t.head.idx < d.end) or t.head == t]
        chain = [cue for root in roots for cue in self._cues_up(root)]
        # the nearest cue whose subject names a speaker ("the ad suggests" is passed over for
        # the "X said" above it), else the nearest cue
        for cue in chain:
            subj = self._subject(cue)
            sp = self.resolve(subj) if subj is not None else None
            if sp is not None and (sp.cand is not None or sp.name):
                self._set_cue(d, cue)
                d.subject = subj
                d.clause = self._complement_span(cue, d)
                return
        if chain:
            self._set_cue(d, chain[0])
            d.subject = self._subject(chain[0])
            d.clause = self._complement_span(chain[0], d)
            return
        # "CONTENT, X said, CONTENT": the cue is an aside, not above the quoted words
        outer = self._reported_around(d)
        if outer is not None and outer.cue is not None:
            self._set_cue(d, outer.cue)
            d.cue_text, d.cue_span, d.subject = outer.cue_text, outer.cue_span, outer.subject
            d.clause = self._clause_of(d)
            return
        # no cue up the chain: an earlier quote of the same sentence speaks for it
        if drafts and toks:
            prev = drafts[-1]
            if self.sent_at(toks[0].i)[2] <= prev.start and (prev.cue or prev.inherit):
                d.inherit = prev

    def _complement_span(self, cue: Token, d: Draft) -> tuple[int, int] | None:
        """What the cue reports, when the quoted words sit inside it: the cue's complements
        after it ("said [that the deal was “a mistake”]", "called [the plan “reckless”]")."""
        parts = [c for c in cue.children if c.i > cue.i and c.dep_ in COMPLEMENT_DEPS]
        if not parts:
            return None
        tokens = [t for c in parts for t in c.subtree]
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t) for t in tokens)
        if not (start <= d.start and d.end <= end + 2) or (end - start) <= (d.end - d.start):
            return None
        return start, max(end, d.end)

    def _cues_up(self, t: Token, steps: int = 8) -> list[Token]:
        """Cue verbs on the head chain above t, nearest first."""
        out = []
        cur = t
        for _ in range(steps):
            if cur.head == cur:
                break
            cur = cur.head
            if self.cue_role(cur) and not self.in_quote(cur.idx):
                out.append(cur)
        return out

    def _set_cue(self, d: Draft, cue: Token) -> None:
        d.cue = cue
        d.cue_text = cue.text
        d.cue_span = (cue.idx, cue.idx + len(cue.text))

    def _adjacent_np(self, window: list[Token], cue: Token) -> Token | None:
        """A speaker phrase next to the cue when the parse gave the cue no subject."""
        before = [t for t in window if t.i < cue.i and t.pos_ in ("PROPN", "PRON", "NOUN")]
        if before:
            return before[-1]
        run: list[Token] = []
        for t in window:
            if t.i <= cue.i:
                continue
            if t.pos_ == "PROPN":
                run.append(t)
            elif run or t.text == ",":
                break
        return run[-1] if run else None

    def _subject(self, verb: Token, depth: int = 0) -> Token | None:
        """The verb's subject, inherited from the governing verb for participles and conjuncts;
        never from another paragraph (the parser sometimes runs a headline into the text)."""
        found = self._subject_any(verb, depth)
        if found is not None and self.para_of(found.idx) != self.para_of(verb.idx):
            return None
        return found

    def _subject_any(self, verb: Token, depth: int = 0) -> Token | None:
        # nearest first: in "The Latest: Trump urges ..." the parser gives the verb two subjects
        for c in sorted(verb.children, key=lambda c: abs(verb.i - c.i)):
            if c.dep_ in ("nsubj", "nsubjpass"):
                if c.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                    return verb.head
                return c
        if verb.dep_ == "xcomp":  # "forced X to admit": the object controls the infinitive
            obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        if depth < 4 and verb.dep_ in ("advcl", "xcomp", "conj", "pcomp", "ccomp", "parataxis"):
            return self._subject_any(verb.head, depth + 1)
        if verb.dep_ == "acl" and verb.head.pos_ in ("PROPN", "NOUN"):
            return verb.head
        return None

    # ------------------------------------------------------------ indirect drafts

    def _indirect_drafts(self) -> list[Draft]:
        found: list[Draft] = []
        for i in self.cue_candidates:
            t = self.doc[i]
            if self.in_quote(t.idx) or self._boiler(t.idx, t.idx + len(t)):
                continue
            if t.lower_ == "according" and any(c.lower_ == "to" for c in t.children):
                d = self._according(t)
            elif self.cue_role(t) == "report":
                d = self._reported(t)
            else:
                d = None
            if d is None and self.cue_role(t):
                d = self._framed(t)
            if d is not None:
                found.append(d)
        # reported speech does not nest: drop drafts whose cue lies inside another's content;
        # then leave clauses with quoted words in them to those words (partial quotes), which
        # keep the clause as their context
        outer = [
            d
            for d in found
            if not any(o is not d and o.start <= d.cue_span[0] < o.end for o in found if d.cue_span)
        ]
        self.reported_clauses = [d for d in outer if self.overlaps_quote(d.start, d.end)]
        return [d for d in outer if not self.overlaps_quote(d.start, d.end)]

    def _clause_of(self, d: Draft) -> tuple[int, int] | None:
        """The reported clause a partial quote's words sit in, if one was found around them."""
        outer = self._reported_around(d)
        return (outer.start, max(outer.end, d.end)) if outer is not None else None

    def _reported_around(self, d: Draft) -> Draft | None:
        """The reported clause holding a partial quote; the closing mark may stand after the
        clause's final stop ("... about it.\"")."""
        for outer in self.reported_clauses:
            if (
                outer.start <= d.start
                and d.end <= outer.end + 2
                and (outer.end - outer.start) > (d.end - d.start)
            ):
                return outer
        return None

    def _sentence(self, t: Token) -> tuple[int, int]:
        """The token's sentence clipped to its paragraph."""
        _, _, start, end = self.sent_at(t.i)
        p0, p1 = self.para_of(t.idx)
        return max(start, p0), min(end, p1)

    def _reported(self, verb: Token) -> Draft | None:
        comps = [c for c in verb.children if c.dep_ == "ccomp" and not self._adverbial(c)]
        if any(self.in_quote(c.idx) and c.i < verb.i for c in comps):
            return self._after_direct(verb, comps)
        if not comps:
            if verb.dep_ in ("parataxis", "ccomp") and verb.head.pos_ in ("VERB", "AUX"):
                return self._parenthetical(verb) or self._surface_aside(verb)
            return self._that_clause(verb)
        comp = comps[-1]
        if comp.i < verb.i:
            return self._preposed(verb, comp)
        # "X said (that) CONTENT": the complement, and what else the verb governs after it
        # (reasons, time, "and that ..."), up to a new coordinated clause or another cue
        first = next(c for c in comps if c.i > verb.i)  # the parser may split it in two
        end = comp.right_edge.i
        for c in verb.rights:
            if c.i <= comp.i:
                continue
            if c.dep_ == "cc" or (c.dep_ == "conj" and not self._is_that_clause(c)):
                break
            if self.cue_role(c) or c.dep_ == "parataxis" or self.in_quote(c.idx):
                break
            end = max(end, c.right_edge.i)
        end = self._through_colon(end)
        toks = self._cut_at_next_report(verb, list(self.doc[first.left_edge.i : end + 1]))
        while toks and (toks[0].dep_ == "mark" or toks[0].is_punct):
            toks.pop(0)
        return self._draft_from_tokens(verb, toks)

    def _through_colon(self, end: int) -> int:
        """A content followed by a colon goes on to the sentence end: what follows spells it
        out ("noted that three things matter: A, B and C")."""
        nxt = end + 1
        if nxt >= len(self.doc) or self.doc[nxt].text != ":" or self.in_quote(self.doc[nxt].idx):
            return end
        _, s1 = self._sentence(self.doc[end])
        last = self.tok(s1 - 1)
        if last.i <= nxt or any(self.in_quote(t.idx) for t in self.doc[nxt : last.i + 1]):
            return end
        return last.i

    def _after_direct(self, verb: Token, comps: list[Token]) -> Draft | None:
        """'"...," she told him, after he admitted he had not ...': the verb is the cue of the
        direct quote; a complement after it belongs to the report verb inside it, if any."""
        after = [c for c in comps if c.i > verb.i and not self.in_quote(c.idx)]
        if not after:
            return None
        comp = after[-1]
        inner = next(
            (t for t in comp.children if t.i < comp.i and self.cue_role(t) == "report"), None
        )
        if inner is None:
            return None
        toks = [t for t in comp.subtree if t.i > inner.right_edge.i]
        return self._draft_from_tokens(inner, toks)

    def _cut_at_next_report(self, verb: Token, toks: list[Token]) -> list[Token]:
        """End the content where a coordinated or participial report of its own begins
        ("... and said she would", "..., arguing that ..."): that is the next attribution."""
        for t in toks:
            if (
                t is not verb
                and t.dep_ in ("conj", "advcl")
                and self.cue_role(t) == "report"
                and any(c.dep_ == "ccomp" for c in t.children)
            ):
                cut = t.left_edge.i
                while cut > toks[0].i and self.doc[cut - 1].dep_ in ("cc", "punct"):
                    cut -= 1
                return [x for x in toks if x.i < cut]
        return toks

    def _that_clause(self, verb: Token) -> Draft | None:
        """``X told a meeting of leaders that CLAUSE`` when the parse hung the clause elsewhere:
        a "that" shortly after the verb, across only a noun phrase, opens the content."""
        _, s1 = self._sentence(verb)
        for t in self.doc[verb.i + 1 : verb.i + 10]:
            if t.idx >= s1 or t.is_punct or t.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ"):
                if t.lower_ != "that":
                    return None
            if t.lower_ == "that" and t.i > verb.i + 1:
                toks = self._tokens(t.idx + len(t.text), s1)
                return self._draft_from_tokens(verb, toks) if len(toks) > 3 else None
        return None

    def _surface_aside(self, verb: Token) -> Draft | None:
        """``CONTENT, Chief Justice Roberts said, CONTENT`` read from the surface when the parse
        misplaced the speaker: a noun phrase and the verb set off by commas."""
        s0, s1 = self._sentence(verb)
        i = verb.i - 1
        while (
            i >= 0
            and self.doc[i].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM")
            or (i >= 0 and self.doc[i].text == ".")
        ):
            i -= 1
        j = verb.i + 1
        while j < len(self.doc) and self.doc[j].pos_ in ("ADV", "PROPN", "NOUN"):
            j += 1
        if i < 0 or i == verb.i - 1 or self.doc[i].text != "," or j >= len(self.doc):
            return None
        if self.doc[j].text != "," or self.doc[i].idx < s0:
            return None
        toks = [t for t in self._tokens(s0, s1) if not (i < t.i < j)]
        d = self._draft_from_tokens(verb, toks)
        if d is not None:
            d.start, d.end = min(d.start, self.doc[i].idx), max(d.end, self.doc[j].idx)
            d.subject = next(
                (t for t in reversed(self.doc[i + 1 : verb.i]) if t.pos_ in ("PROPN", "PRON")),
                d.subject,
            )
        return d

    @staticmethod
    def _adverbial(clause: Token) -> bool:
        """A clause opened by "after", "because", "if"...: an adverbial the parser took for a
        complement; what was said is elsewhere."""
        return any(c.dep_ == "mark" and c.lower_ in ADVERBIAL_MARKS for c in clause.children)

    @staticmethod
    def _is_that_clause(t: Token) -> bool:
        return any(g.dep_ == "mark" for g in t.children)

    def _chunk_bounds(self, verb: Token) -> tuple[int, int]:
        """Token range of the attribution chunk (subject + verb + its modifiers)."""
        kids = [c for c in verb.children if c.dep_ not in ("ccomp", "punct", "parataxis")]
        lo = min([verb.i] + [c.left_edge.i for c in kids])
        return lo, max([verb.i] + [c.right_edge.i for c in kids])

    def _preposed(self, verb: Token, content_root: Token) -> Draft | None:
        """``CONTENT, X said.``: the content runs from the sentence start to the attribution."""
        s0, _ = self._sentence(verb)
        subj = self._subject(verb)
        attr_start = min(
            verb.i, subj.left_edge.i if subj is not None and subj.i < verb.i else verb.i
        )
        if attr_start == 0 or self.doc[attr_start - 1].text != ",":
            return None  # not the ", X said" layout
        toks = [t for t in self.doc[content_root.left_edge.i : attr_start] if t.idx >= s0]
        start_tok = self.tok(s0)
        if start_tok.i < content_root.left_edge.i:
            toks = list(self.doc[start_tok.i : attr_start])
        # "..., he said, until it went bankrupt" / "..., the agency said, and those ...": a
        # clause after the attribution continues the content (the span then covers the aside)
        tail = [
            c
            for c in verb.rights
            if (c.dep_ == "advcl" and self._adverbial(c))
            or (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and not self.cue_role(c))
        ]
        if toks and tail and self.doc[tail[0].left_edge.i - 1].text in {",", "and"}:
            toks = list(self.doc[toks[0].i : max(c.right_edge.i for c in tail) + 1])
        if toks and toks[0].idx == s0:
            toks = self._paragraph_lead(toks[0]) + toks
        return self._draft_from_tokens(verb, toks)

    def _paragraph_lead(self, first: Token) -> list[Token]:
        """Sentences before "CONTENT, X said." in its paragraph that have no attribution of
        their own: the reporter runs several sentences of a source's account under one cue."""
        p0, _ = self.para_of(first.idx)
        lead: list[Token] = []
        start = self.sent_at(first.i)[0]
        while start > 0:
            prev_start, prev_end, prev_char, _ = self.sent_at(start - 1)
            prev = self.doc[prev_start:prev_end]
            if prev_char < p0 or self._attributed(prev):
                break
            lead = list(prev) + lead
            start = prev_start
        return lead

    def _attributed(self, sent: Span) -> bool:
        """Has quote marks, or a cue of its own (a speech verb, or "according to")."""
        if self.overlaps_quote(sent.start_char, sent.end_char):
            return True
        last = len(self.doc) - 1
        return any(
            self.cue_role(t) or (t.lower_ == "according" and t.i < last and t.nbor().lower_ == "to")
            for t in sent
        )

    def _parenthetical(self, verb: Token) -> Draft | None:
        """``CONTENT, X said, CONTENT`` and ``CONTENT, X said.``: the attribution is set off by
        commas inside the clause it reports; the content is that clause (spanning the aside when
        it sits in the middle)."""
        lo, hi = self._chunk_bounds(verb)
        if lo == 0 or self.doc[lo - 1].text != ",":
            return None
        head = verb.head
        s0, s1 = self._sentence(verb)
        first = max(head.left_edge.i, self.tok(s0).i)
        last = head.right_edge.i
        while last > hi and (self.doc[last].is_punct or self.doc[last].is_space):
            last -= 1
        if last <= hi:  # the aside ends the sentence: content is what comes before it
            toks = list(self.doc[first:lo])
        else:
            if self.doc[hi + 1].text != ",":
                return None
            toks = list(self.doc[first : last + 1])
        return self._draft_from_tokens(verb, toks)

    def _draft_from_tokens(
        self, verb: Token, toks: list[Token], min_words: int = 3
    ) -> Draft | None:
        p0, p1 = self.para_of(verb.idx)  # the parser may run a sentence over a paragraph break
        toks = [t for t in toks if p0 <= t.idx < p1]
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks.pop()
        while toks and (toks[0].is_punct or toks[0].is_space):
            toks.pop(0)
        if len([t for t in toks if not t.is_punct]) < min_words:
            return None
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        d = Draft(start, end, "indirect")
        self._set_cue(d, verb)
        d.subject = self._subject(verb)
        return d

    def _framed(self, verb: Token) -> Draft | None:
        """What a verb reports without a clause ("called for an inquiry", "urged X to VP",
        "called the plan a mistake"), by the frames its lexicon row allows. Only with a subject
        that names a speaker: "the treaty calls for ..." is a document's terms, not speech."""
        frames = self.lex.frames_of(verb.lemma_)
        if not frames or verb.dep_ == "relcl":  # "the target he pledged to reach"
            return None
        parts = self._frame_parts(verb, frames)
        if not parts:
            return None
        subj = self._subject(verb)
        if subj is None or not self._speaker_like(subj):
            return None
        first = min(p.left_edge.i for p in parts)
        last = max(p.right_edge.i for p in parts)
        toks = [t for t in self.doc[first : last + 1] if t.i != verb.i]
        while toks and (toks[0].dep_ == "mark" or toks[0].is_punct):
            toks.pop(0)
        return self._draft_from_tokens(verb, toks, min_words=2)

    def _speaker_like(self, subj: Token) -> bool:
        """A subject that can speak: one that resolves to a speaker, a named person or body,
        a role ("the mayor") or a noun for people or an institution ("a group of doctors")."""
        if self.resolve(subj) is not None or subj.ent_type_ in ("PERSON", "ORG", "NORP"):
            return True
        from dateline.entities import role_words

        forms = {subj.lemma_.lower(), subj.lower_}
        speakers = self.words["collective"] | self.words["people"] | self.words["spokes"]
        return bool(forms & speakers) or any(f in role_words() for f in forms)

    @staticmethod
    def _frame_parts(verb: Token, frames: frozenset[str]) -> list[Token]:
        """The dependents that carry the content under the first frame that fits the parse."""
        kids = [c for c in verb.children if c.i > verb.i]
        obj = next((c for c in kids if c.dep_ == "dobj"), None)
        inf = next((c for c in kids if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VB"), None)
        preps = {c.lower_: c for c in kids if c.dep_ in ("prep", "mark")}
        pobj = {
            word: next((g for g in p.children if g.dep_ in ("pobj", "pcomp")), None)
            for word, p in preps.items()
        }
        if "for" in frames and "for" in preps:
            head = preps["for"]
            if head.dep_ == "mark":
                return [head.head] if head.head.head is verb else []
            return [pobj["for"]] if pobj["for"] is not None else []
        if "on_to" in frames and pobj.get("on") is not None and inf is not None:
            return [pobj["on"], inf]
        if "obj_to" in frames and obj is not None and inf is not None:
            return [obj, inf]
        if "obj_pred" in frames and obj is not None:
            pred = next((c for c in kids if c.dep_ in ("oprd", "attr") and c.i > obj.i), None)
            if pred is None and "as" in preps:  # "described the talks as productive"
                pred = preps["as"]
            return [obj, pred] if pred is not None else []
        if "obj" in frames and obj is not None and inf is None:
            return [obj]
        if "to" in frames and inf is not None and obj is None:
            # "pledged to cap and then reduce X": the parser may hang the second infinitive
            # on the cue; a bare verb cannot coordinate with a finite one, so it is content
            return [inf] + [c for c in kids if c.dep_ == "conj" and c.tag_ == "VB"]
        if "about" in frames:
            return [o for w in ("about", "of") if (o := pobj.get(w)) is not None][:1]
        return []

    def _according(self, t: Token) -> Draft | None:
        """``according to X, CONTENT`` and ``CONTENT, according to X``."""
        to = next(c for c in t.children if c.lower_ == "to")
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        s0, s1 = self._sentence(t)
        phrase_end = max((x.i for x in (obj.subtree if obj is not None else [to])), default=to.i)
        sent_toks = self._tokens(s0, s1)
        if not sent_toks:
            return None
        if t.i <= sent_toks[0].i + 1:
            toks = [x for x in sent_toks if x.i > phrase_end]
        elif phrase_end >= sent_toks[-1].i - 1:
            toks = [x for x in sent_toks if x.i < t.i]
        else:
            toks = [x for x in sent_toks if not (t.i <= x.i <= phrase_end)]
        d = self._draft_from_tokens(t, toks)
        if d is None:
            return None
        d.cue_text = self.text[t.idx : to.idx + len(to.text)]
        d.cue_span = (t.idx, to.idx + len(to.text))
        d.subject = obj
        return d

    # ------------------------------------------------------------ speakers

    def _statement_issuers(self) -> list[tuple[int, Token]]:
        """Where someone issued a statement ("X said in a statement", "X issued a statement")."""
        out = []
        for i, lemma in enumerate(self.lemmas):
            if lemma not in self.words["statement"]:
                continue
            t = self.doc[i]
            if self.in_quote(t.idx):
                continue
            verb = None
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "through", "via"):
                verb = t.head.head
            elif t.dep_ == "dobj" and t.head.lemma_.lower() in self.words["issue"]:
                verb = t.head
            if verb is not None and verb.pos_ in ("VERB", "AUX"):
                subj = self._subject(verb)
                if subj is not None and subj.lemma_.lower() not in self.words["statement"]:
                    out.append((t.idx, subj))
        return out

    def _resolve_all(self, drafts: list[Draft]) -> None:
        for d in drafts:
            if d.speaker is None and d.subject is not None:
                d.speaker = self.resolve(d.subject)
        for d in drafts:  # continuations, in order, so chains pass the speaker along
            if d.speaker is None and d.inherit is not None:
                src = d.inherit
                while src.speaker is None and src.inherit is not None and src.inherit is not src:
                    src = src.inherit
                d.speaker = src.speaker
                if d.cue is None:  # the same cue governs the continued quotation
                    d.cue_text, d.cue_span, d.cue = src.cue_text, src.cue_span, src.cue
        for d in drafts:
            d.channel = self._channel(d)
            d.date = self._date(d)

    def resolve(self, subj: Token) -> Speaker | None:
        """The speaker a subject phrase stands for, or None when nothing justifies one."""
        if subj.i not in self._resolved:
            self._resolved[subj.i] = None  # guards against cycles through statement issuers
            sp = self._resolve(subj)
            self._resolved[subj.i] = sp if sp is not None and (sp.cand or sp.name) else None
        return self._resolved[subj.i]

    def _resolve(self, subj: Token) -> Speaker | None:
        low = subj.lower_
        span = self._np_span(subj)
        if subj.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS:
            if low in PERSON_PRONOUNS:
                return self._antecedent(subj.idx, {"PERSON"})
            if low in GROUP_PRONOUNS:
                return self._antecedent(
                    subj.idx, ORG_TYPES | ({"PERSON"} if low != "it" else set())
                )
            return None
        lemma = subj.lemma_.lower()
        if lemma in self.words["statement"]:
            return self._statement_speaker(subj)
        cand = self.mentions.at(subj.idx, subj.idx + len(subj.text))
        if cand is not None:
            return Speaker(cand, cand.name, span)
        for c in subj.children:  # "the campaign chairman, Phil Lovas, said"
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                return self.resolve(c)
        named = self._appos_under_of(subj)  # "the head of the agency, Ana Silva, said"
        if named is not None:
            return self.resolve(named)
        if lemma in self.words["spokes"] or {lemma, subj.lower_} & self.words["collective"]:
            for c in subj.children:  # "Clinton's spokesman", "Trump's campaign"
                if c.dep_ == "poss" and c.pos_ == "PROPN":
                    return self.resolve(c)
        if lemma in self.words["spokes"]:
            for c in subj.children:
                if c.dep_ == "prep" and c.lower_ in ("for", "of"):
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        return self.resolve(obj)
        if subj.pos_ == "PROPN":
            cand = self.mentions.at(*span)
            if cand is not None:
                return Speaker(cand, cand.name, span)
            return Speaker(None, self._propn_name(subj), span)
        if subj.pos_ == "NOUN" and any(
            (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) or c.dep_ == "poss"
            for c in subj.children
        ):
            return self._nominal(subj, span)
        return None

    @staticmethod
    def _appos_under_of(subj: Token) -> Token | None:
        """A person's name the parser hung on the "of" object of a common noun subject
        ("the mayor of Lisbon, Rui Antunes"): the name belongs to the subject."""
        if subj.pos_ != "NOUN":
            return None
        for prep in subj.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for obj in prep.children:
                for c in obj.children:
                    if c.dep_ == "appos" and c.ent_type_ == "PERSON":
                        return c
        return None

    def _np_span(self, subj: Token) -> tuple[int, int]:
        left = subj
        for c in subj.lefts:
            if c.dep_ in ("compound", "amod", "det", "poss", "nmod"):
                left = c.left_edge if c.left_edge.i < left.i else left
                break
        return left.idx, subj.idx + len(subj.text)

    def _propn_name(self, t: Token) -> str:
        toks = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [t]
        return " ".join(x.text for x in toks)

    def _antecedent(self, pos: int, types: set[str]) -> Speaker | None:
        """The nearest compatible earlier mention outside quotes: in the nearest sentence that
        has one, its subject if a compatible mention is the subject, else the nearest."""
        best_in_sent: list[tuple[int, int, Cand]] = []
        sent_start = None
        for s, e, c in self.mentions.before(pos):
            if c.type not in types or self.in_quote(s):
                continue
            start = self.sent_at(self.tok(s).i)[0]
            if sent_start is not None and start != sent_start:
                break
            sent_start = start
            best_in_sent.append((s, e, c))
        if not best_in_sent:
            return None
        for s, e, c in best_in_sent:  # nearest first; a subject wins
            if self._is_subject(s, e):
                return Speaker(c, c.name, (s, e))
        s, e, c = best_in_sent[0]
        return Speaker(c, c.name, (s, e))

    def _is_subject(self, s: int, e: int) -> bool:
        for t in self._tokens(s, e):
            head = t
            while head.dep_ in ("compound", "poss", "appos", "amod", "det") and head.head != head:
                head = head.head
            if head.dep_ in ("nsubj", "nsubjpass"):
                return True
        return False

    def _nominal(self, subj: Token, span: tuple[int, int]) -> Speaker | None:
        """A nominal ("the president", "the group"): the entity whose name, alias or role has
        that noun, else the last compatible subject."""
        noun = subj.lemma_.lower()
        forms = {noun, subj.lower_}
        collective = bool(forms & self.words["collective"])
        plural = collective or bool(forms & self.words["people"])
        matches = [
            c
            for c in self.mentions.cands
            if forms & c.words
            and self.mentions.salience(c, subj.idx) > 0
            and (c.type in ORG_TYPES | {"GROUP"} if plural else True)
        ]
        if matches:
            best = max(
                matches,
                key=lambda c: (
                    self.mentions.salience(c, subj.idx),
                    max(s for s, _ in c.mentions if s < subj.idx),
                ),
            )
            return Speaker(best, best.name, span)
        if collective:
            return self._antecedent(subj.idx, ORG_TYPES - {"GPE"} | {"GROUP"})
        return None

    def _statement_speaker(self, subj: Token) -> Speaker | None:
        """Whoever issued "the statement": its possessor, else the last issuer."""
        poss = next((c for c in subj.children if c.dep_ == "poss"), None)
        if poss is not None and poss.pos_ != "PRON":
            sp = self.resolve(poss)
            if sp is not None and sp.cand is not None:
                return sp
        earlier = [tok for at, tok in self.issuers if at < subj.idx]
        for tok in reversed(earlier):
            sp = self.resolve(tok)
            if sp is not None and (sp.cand is not None or sp.name):
                return sp
        return None

    # ------------------------------------------------------------ channel and date

    def _cue_region(self, d: Draft) -> tuple[int, int] | None:
        if d.cue_span is None:
            return None
        return self._sentence(self.tok(d.cue_span[0]))

    def _channel(self, d: Draft) -> str | None:
        if d.cue is not None:
            ch = self.lex.verb_channel(d.cue.lemma_)
            if ch:
                return ch
        region = self._cue_region(d)
        if region is None:
            return None
        best: tuple[int, str] | None = None
        for at, phrase in self._channel_phrases_in(region):
            if self.in_quote(at) or (d.start <= at < d.end):
                continue
            channel = next((c for p, c in self.lex.channel_phrases if p == phrase), None)
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
                for m in self.lex.channel_re.finditer(self.text, region[0], region[1])
            ]
            self._channel_hits[region] = hits
        return hits

    def _date(self, d: Draft) -> date | None:
        region = self._cue_region(d)
        if region is None:
            return None
        times = [
            t
            for t in times_in(self.doc, *region)
            if not (d.start <= t.start < d.end)
            and not self.in_quote(t.start)
            and t.precision == "day"
            and t.earliest
        ]
        if times:
            near = min(times, key=lambda t: abs(t.start - (d.cue_span or (0, 0))[0]))
            return near.earliest
        return None

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
                    speaker_name=sp.cand.name if sp.cand else sp.name,
                    speaker_span=sp.span,
                    cue=d.cue_text,
                    cue_span=d.cue_span,
                    channel=d.channel,
                    date=d.date,
                    clause=(self._clause_of(d) or d.clause) if d.kind == "partial" else None,
                )
            )
        return out


def extract_quotes(doc: Doc) -> list[Quote]:
    """All quotes of a parsed Doc (entities, places and times already on it, if any)."""
    if not len(doc):
        return []
    return QuoteExtractor(doc).run()


@Language.factory(
    "dateline_quotes",
    assigns=["doc._.quotes"],
    requires=["doc._.article", "doc._.entities", "doc._.places", "doc._.times", "token.dep"],
)
class QuoteComponent(Component):
    """Writes ``doc._.quotes``: who said what, how and when."""

    FACTORY = "dateline_quotes"
    ATTRIBUTE = "quotes"

    def extract(self, doc: Doc) -> list[Quote]:
        return extract_quotes(doc)
