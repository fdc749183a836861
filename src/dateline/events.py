"""PLOVER events: who did what to whom, where, when, how many, with what status and source.

The extractor works on the dependency parse. A trigger is a verb or a noun from the trigger
lexicon ("attacked", "airstrike", "talks", "called on"); a light verb ("conducted an airstrike")
hands the event to its noun. Actors and targets come from syntax (subject or "by" agent, object,
"against/on/with/between" phrases, passives, possessives) and resolve to the entities and places
earlier components found. Status, date, place, numbers and source are read from the trigger's
own clause first, then its sentence, then the article (dateline place, publication date). Several
mentions of one real event ("an airstrike ... confirmed the airstrikes") are merged into one
record, because an analyst counts events, not sentences.
"""

from __future__ import annotations

import csv
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy import symbols
from spacy.attrs import DEP, HEAD, IDX, IS_SPACE, LEMMA, LOWER, POS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Span, Token

from dateline import countries, numbers
from dateline.component import Component
from dateline.model import Count, Entity, Event, EventDate, Place, TimeExpr
from dateline.tokens import text_of

TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
DEFAULT_CAMEO = {
    "AGREE": "03",
    "CONSULT": "04",
    "SUPPORT": "05",
    "COOPERATE": "06",
    "AID": "07",
    "CONCEDE": "08",
    "RETREAT": "08",
    "ACCUSE": "11",
    "REQUEST": "10",
    "REJECT": "12",
    "THREATEN": "13",
    "PROTEST": "14",
    "MOBILIZE": "15",
    "SANCTION": "16",
    "COERCE": "17",
    "ASSAULT": "18",
}
# Types whose complement clause is the content of the act, not a second event ("called on X to
# stop attacks" is one REQUEST; "accused X of attacking" is one ACCUSE).
CONTENT_TYPES = {
    "REQUEST",
    "THREATEN",
    "AGREE",
    "REJECT",
    "ACCUSE",
    "CONCEDE",
    "SANCTION",
    "PROTEST",
    "COERCE",
}
COMMIT_CUES = {"promise", "pledge", "vow", "commit", "guarantee"}
TEMPORAL_PREPS = {"after", "following", "before", "since", "until", "amid", "during", "ahead"}
AFTER_PREPS = {"after", "following", "since"}
BEFORE_PREPS = {"before", "until", "ahead"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
GOVERNED_DEPS = {"xcomp", "dobj", "pobj", "prep", "pcomp", "acl", "attr", "oprd", "amod", "conj"}
CLIMB_DEPS = {"xcomp", "advcl", "conj", "prep", "pcomp", "acl", "ccomp", "relcl", "dep", "acomp"}
RELATIVE = {"who", "which", "that", "whom"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"it", "its", "they", "them", "their", "itself", "themselves"}
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS
DEFINITE = {"the", "this", "that", "these", "those"}
TARGET_PREPS = {"against", "on", "upon", "at", "into", "of", "to", "with", "toward", "towards"}
INSTRUMENT_TYPES = {"COERCE", "MOBILIZE", "AID"}  # "with tear gas", "with troops"
ACTOR_PREPS = {"by", "from"}
FROM_ACTOR_TYPES = {"ACCUSE", "AID", "REQUEST", "THREATEN", "SUPPORT"}  # "criticism from X"
ACCUSED_PREPS = {"over", "about", "of", "for", "against"}  # "complained to the UN over raids"
RECURSE_PREPS = {"against", "on", "with", "to", "for", "from", "of", "by", "into"}
PLACE_NOUNS = {
    "country",
    "region",
    "province",
    "state",
    "district",
    "city",
    "town",
    "village",
    "capital",
}
PLACE_NOUN_IDS = np.array([get_string_id(w) for w in sorted(PLACE_NOUNS)], dtype=np.uint64)
PLACE_PREPS = {"in", "at", "near", "across", "outside", "inside", "around", "throughout", "on"}
LOCATIVE_PREPS = PLACE_PREPS | {"to", "into", "from"}
PARTY_VERBS = {
    "comply",
    "abide",
    "honor",
    "honour",
    "implement",
    "respect",
    "uphold",
    "sign",
    "negotiate",
    "reach",
    "ink",
    "breach",
    "break",
}
DEONTIC = {"must", "should"}
JUDGING_VERBS = {
    "confirm",
    "deny",
    "report",
    "condemn",
    "welcome",
    "criticize",
    "praise",
    "reject",
    "dispute",
    "discuss",
    "describe",
    "call",
    "investigate",
    "verify",
    "blame",
    "see",
    "hear",
    "watch",
    "witness",
    "follow",
    "expect",
    "face",
    "fear",
    "mark",
    "end",
    "prevent",
    "stop",
    "oppose",
    "support",
    "back",
    "need",
    "want",
}
# dependency ids of the nouns whose number counts the event ("5,000 prisoners")
COUNTED_DEP_IDS = {symbols.dobj, symbols.pobj, symbols.nsubjpass}
KILL = {"kill", "die", "death", "dead", "murder", "massacre", "execute"}
WOUND = {"wound", "injure", "hurt", "injured", "wounded"}
ARREST = {"arrest", "detain", "capture", "abduct", "kidnap"}
CASUALTY_LEMMAS = KILL | WOUND | ARREST
FEATURE_RANK = {"country": 0, "region": 1, "admin1": 2, "admin2": 3, "city": 4}
GROUP_KINDS = {"GROUP", "NORP"}
AGREEMENTS = {"agreement", "accord", "deal", "treaty", "pact", "plan", "ceasefire", "truce"}
GENERIC_HEADS = {"effort", "mission", "bid", "process", "initiative", "campaign", "drive", "round"}
FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}
FORCE_NOUNS = {"man", "men", "soldier", "troop", "force", "fighter", "army", "unit"}
ORG_NOUNS = {"group", "organization", "organisation", "movement", "militia", "faction"}


# ---------------------------------------------------------------- lexicons


@dataclass(frozen=True)
class Trigger:
    """One lexicon row: a word or phrase that signals an event type."""

    words: tuple[str, ...]
    pos: str  # verb | noun
    type: str  # PLOVER type, or LIGHT
    mode: str | None
    cameo: str | None
    requires: str | None  # target | pair | None


def _rows(name: str) -> list[dict[str, str]]:
    path = resources.files("dateline.lexicons").joinpath(name)
    with path.open(encoding="utf-8") as handle:
        lines = [ln for ln in handle if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def trigger_index() -> dict[tuple[str, str], list[Trigger]]:
    """(head lemma, pos) → triggers, longest phrase first. A verb's head is its first word, a
    noun's its last word (the compound head)."""
    index: dict[tuple[str, str], list[Trigger]] = {}
    for row in _rows("event_triggers.csv"):
        words = tuple(row["phrase"].lower().split())
        if row["type"] not in TYPES and row["type"] != "LIGHT":
            raise ValueError(f"event_triggers.csv: unknown type {row['type']!r} for {words}")
        trig = Trigger(
            words,
            row["pos"],
            row["type"],
            row["mode"] or None,
            row["cameo"] or None,
            row["requires"] or None,
        )
        head = words[0] if trig.pos == "verb" else words[-1]
        index.setdefault((head, trig.pos), []).append(trig)
    for triggers in index.values():
        triggers.sort(key=lambda t: -len(t.words))
    return index


@lru_cache(maxsize=1)
def light_verbs() -> frozenset[str]:
    return frozenset(
        t.words[0]
        for (_, pos), ts in trigger_index().items()
        if pos == "verb"
        for t in ts
        if t.type == "LIGHT"
    )


@lru_cache(maxsize=1)
def event_nouns() -> frozenset[str]:
    return frozenset(
        t.words[-1] for (_, pos), ts in trigger_index().items() if pos == "noun" for t in ts
    )


@lru_cache(maxsize=1)
def modality() -> dict[tuple[str, str], str]:
    """(cue, where) → kind (negated | planned | hypothetical)."""
    return {(r["cue"], r["where"]): r["kind"] for r in _rows("modality.csv")}


@lru_cache(maxsize=1)
def sector_words() -> dict[str, str]:
    return {r["word"]: r["sector"] for r in _rows("sectors.csv")}


@lru_cache(maxsize=1)
def acled_rows() -> list[dict[str, str]]:
    return _rows("acled.csv")


@lru_cache(maxsize=1)
def speech_lemmas() -> frozenset[str]:
    """Reporting verbs (from the quotes layer's lexicon when present): never events."""
    try:
        rows = _rows("speech_verbs.csv")
    except (FileNotFoundError, OSError):
        return frozenset({"say", "tell", "add", "state", "claim", "report", "tweet", "write"})
    return frozenset(r["lemma"] for r in rows if r.get("role", "report") == "report")


@lru_cache(maxsize=1024)
def acled_codes(type_: str, mode: str | None, target_sector: str | None) -> tuple[str, str] | None:
    """ACLED event type and sub-event type for a PLOVER type/mode and the target's sector."""
    for row in acled_rows():
        if row["type"] != type_:
            continue
        if row["mode"] not in ("*", mode):
            continue
        if row["target_sector"] not in ("*", (target_sector or "")[:3]):
            continue
        return row["acled_event_type"], row["acled_sub_event_type"]
    return None


# ---------------------------------------------------------------- article context


def _alpha3(code: str) -> str:
    """ISO alpha-3 for an alpha-2 or alpha-3 country code."""
    found = countries.by_code(code)
    return found.alpha3 if found else code.upper()


@dataclass
class PlaceRef:
    """A place an event can be located at: a Place id, or a bare name when no place layer ran."""

    ref: str
    feature: str | None
    country: str | None
    place: Place | None = None


class Context:
    """Per-document indexes: which entity or place each token belongs to, times, quotes."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.article = doc._.article
        self.published: date | None = getattr(self.article, "published", None)
        self.entities = {e.id: e for e in (doc._.entities or [])}
        self.places = {p.id: p for p in (doc._.places or [])}
        # token start offsets, ascending: character spans map to tokens by bisection
        self.starts: list[int] = doc.to_array(IDX).tolist()
        self.tok_entity = self._index((e.id, e.mentions) for e in self.entities.values())
        self.tok_place = self._index((p.id, p.mentions) for p in self.places.values())
        self.times: list[TimeExpr] = [t for t in (doc._.times or []) if t.earliest]
        self.quotes = list(doc._.quotes or [])
        self.fallback_places = self._fallback_places() if not self.places else {}
        # coarse POS ids by token index: scans pick out verbs and nouns without building a
        # Token for every word of every sentence
        self.pos_ids: list[int] = doc.to_array(POS).tolist()
        self.dep_ids: list[int] = doc.to_array(DEP).tolist()
        # absolute head index by token (a root is its own head), for climbing without Tokens
        self.heads: list[int] = (doc.to_array(HEAD).astype(np.int64) + np.arange(len(doc))).tolist()
        self.breaks = _paragraph_breaks(doc)
        self._candidates: list[int] | None = None
        self._appos_entities: bool | None = None
        self._ancestors: dict[int, list[Token]] = {}
        self._time_roots: list[tuple[TimeExpr, Token]] | None = None
        self._speech_verbs: dict[int, list[Token]] = {}
        self._agreement_heads: set[int] | None = None
        self._place_like: set[int] | None = None
        self._place_like_sorted: list[int] | None = None
        self.dateline_ref: tuple[PlaceRef | None] | None = None  # see dateline_place

    def _index(self, items: Iterable[tuple[str, list[tuple[int, int]]]]) -> dict[int, str]:
        index: dict[int, str] = {}
        sizes: dict[int, int] = {}
        for ident, mentions in items:
            for start, end in mentions:
                tokens = self.token_range(start, end)
                if tokens is None:
                    continue
                for i in tokens:
                    if i not in index or end - start < sizes[i]:
                        index[i] = ident
                        sizes[i] = end - start
        return index

    def token_range(self, start: int, end: int) -> range | None:
        """The tokens ``doc.char_span(start, end, alignment_mode="expand")`` covers, found by
        bisecting the token offsets (read once) instead of building a Span per mention."""
        starts, text_len = self.starts, len(text_of(self.doc))
        if start >= end:  # degenerate: let spaCy decide, as before
            span = self.doc.char_span(start, end, alignment_mode="expand")
            return None if span is None else range(span.start, span.end)
        if start < 0 or end > text_len:
            return None
        first = bisect_right(starts, start) - 1  # the token (with its trailing space) at start
        last = bisect_right(starts, end - 1) - 1
        if start != starts[first] and start == starts[first] + len(self.doc[first]):
            first += 1  # the span starts in the token's trailing whitespace
        return range(first, last + 1)

    def _fallback_places(self) -> dict[int, PlaceRef]:
        """Without the places layer, spaCy's GPE/LOC names stand in as bare place names."""
        out: dict[int, PlaceRef] = {}
        for ent in self.doc.ents:
            if ent.label_ not in {"GPE", "LOC", "FAC"}:
                continue
            words = [t.text for t in ent if t.lower_ not in {"the", "province", "region"}]
            name = " ".join(words).strip()
            if not name:
                continue
            for tok in ent:
                out[tok.i] = PlaceRef(name, None, None)
        return out

    def place_of(self, tok: Token) -> PlaceRef | None:
        pid = self.tok_place.get(tok.i)
        if pid:
            p = self.places[pid]
            return PlaceRef(p.id, p.feature, p.country, p)
        return self.fallback_places.get(tok.i)

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

    def time_roots(self) -> list[tuple[TimeExpr, Token]]:
        """Dates and times with the token heading each, in document order (found once)."""
        if self._time_roots is None:
            self._time_roots = []
            for t in self.times:
                if t.type not in {"DATE", "TIME"} and t.precision is None:
                    continue
                root = _time_tokens(self, t)
                if root is not None:
                    self._time_roots.append((t, root))
        return self._time_roots

    def ancestors(self, tok: Token, limit: int = 8) -> list[Token]:
        """``_ancestors`` remembered per token: status, dates and clustering climb from the
        same triggers and time words again and again, and each ``.head`` builds a new Token."""
        chain = self._ancestors.get(tok.i)
        if chain is None:
            chain = self._ancestors[tok.i] = _ancestors(tok, 8)
        return chain[:limit]

    def appos_entities(self) -> bool:
        """Whether any entity token is an apposition (most documents have none)."""
        if self._appos_entities is None:
            self._appos_entities = any(self.dep_ids[i] == symbols.appos for i in self.tok_entity)
        return self._appos_entities

    def candidates(self, sent: Span) -> list[int]:
        """The verbs and nouns of a sentence that can start a mention or own a complement."""
        if self._candidates is None:
            self._candidates = _trigger_candidates(self)
        found = self._candidates
        return found[bisect_left(found, sent.start) : bisect_left(found, sent.end)]

    def agreement_heads(self) -> set[int]:
        """Tokens whose subject is an agreement ("the deal requires ...")."""
        if self._agreement_heads is None:
            subjects = [i for i, dep in enumerate(self.dep_ids) if dep == symbols.nsubj]
            self._agreement_heads = {
                tok.head.i
                for tok in (self.doc[i] for i in subjects)
                if tok.lemma_.lower() in AGREEMENTS
            }
        return self._agreement_heads

    def place_like(self) -> set[int]:
        """Tokens that can stand for a place: a place mention, or a place noun ("the region")."""
        if self._place_like is None:
            lower = self.doc.to_array(LOWER)
            nouns = [i for h in PLACE_NOUN_IDS for i in np.flatnonzero(lower == h).tolist()]
            self._place_like = set(self.tok_place) | set(self.fallback_places) | set(nouns)
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
            doc, pos_ids, speech = self.doc, self.pos_ids, speech_lemmas()
            verbs = (doc[i] for i in range(sent.start, sent.end) if pos_ids[i] == VERB)
            found = [t for t in verbs if t.lemma_.lower() in speech]
            self._speech_verbs[sent.start] = found
        return found

    def country_of_refs(self, refs: list[str]) -> PlaceRef | None:
        """The country place of the first entity (among ``refs``) that has a country."""
        for ref in refs:
            ent = self.entities.get(ref)
            if ent is None or not ent.country:
                continue
            for p in self.places.values():
                if p.feature == "country" and p.country and _alpha3(p.country) == ent.country:
                    return PlaceRef(p.id, p.feature, p.country, p)
        return None

    def definite_place(self, tok: Token, refs: list[str]) -> PlaceRef | None:
        """ "the country", "the region": the country of the event's parties, else the latest place
        of that kind mentioned before."""
        want = {
            "country": {"country"},
            "region": {"admin1", "region"},
            "province": {"admin1"},
            "state": {"admin1"},
            "district": {"admin2"},
        }.get(tok.lower_, {"city"})
        if "country" in want:
            found = self.country_of_refs(refs)
            if found:
                return found
        for i in range(tok.i - 1, max(tok.i - 400, 0) - 1, -1):
            pid = self.tok_place.get(i)
            if pid and self.places[pid].feature in want:
                p = self.places[pid]
                return PlaceRef(p.id, p.feature, p.country, p)
        return self.salient_country() if "country" in want else None

    def salient_country(self) -> PlaceRef | None:
        """The country the story is about: the country place mentioned most."""
        countries = [p for p in self.places.values() if p.feature == "country"]
        if not countries:
            return None
        best = max(countries, key=lambda p: len(p.mentions))
        return PlaceRef(best.id, best.feature, best.country, best)


def _trigger_candidates(ctx: Context) -> list[int]:
    """Indices, ascending, of the tokens ``find_mentions`` must look at: a verb or noun whose
    lemma heads a lexicon phrase, a verb clause complement (a possible "must" demand) and a verb
    whose subject is an agreement. Read from the lemma and dependency columns once per document,
    so that the other verbs and nouns (most of them) never become Token objects."""
    columns = ctx.doc.to_array([POS, LEMMA])
    pos_col = columns[:, 0]
    verbs_nouns = np.flatnonzero((pos_col == VERB) | (pos_col == NOUN)).tolist()
    lemmas = columns[:, 1].tolist()
    strings, index, agreement = ctx.doc.vocab.strings, trigger_index(), ctx.agreement_heads()
    heads: dict[tuple[int, int], bool] = {}  # (pos, lemma id) -> heads a phrase; once per doc
    found = []
    for i in verbs_nouns:
        pos = ctx.pos_ids[i]
        if pos == VERB and (ctx.dep_ids[i] == symbols.ccomp or i in agreement):
            found.append(i)
            continue
        key = (pos, lemmas[i])
        hit = heads.get(key)
        if hit is None:
            word = strings[lemmas[i]].lower()
            hit = heads[key] = (word, "verb" if pos == VERB else "noun") in index
        if hit:
            found.append(i)
    return found


def _paragraph_breaks(doc: Doc) -> list[int]:
    """Indices of the whitespace tokens holding a line break, ascending (only the few
    whitespace tokens are looked at)."""
    spaces = np.flatnonzero(doc.to_array(IS_SPACE)).tolist()
    return [i for i in spaces if "\n" in doc[i].text]


# ---------------------------------------------------------------- mentions


@dataclass
class Mention:
    """One trigger occurrence with the arguments read from its clause."""

    tok: Token
    trig: Trigger
    type: str
    mode: str | None
    light: Token | None = None
    span: tuple[int, int] = (0, 0)
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    place: PlaceRef | None = None
    place_basis: str = "clause"
    date: EventDate | None = None
    status: str = "occurred"
    source: str | None = None
    counts: list[Count] = field(default_factory=list)
    fatalities: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    anaphoric: bool = False
    merge_only: bool = False
    background: bool = False
    arg_tokens: list[Token] = field(default_factory=list)
    sent: Span | None = None  # the sentence the trigger is in (``tok.sent`` rebuilds it)


MEMO_KEY = "dateline_events_tree"  # doc.user_data slot, set while extract_events runs


class TreeMemo:
    """Children and subtrees already walked in the document being read. The same trigger's
    children are asked for a dozen times per mention (arguments, status, place, numbers), and
    spaCy builds new Token objects on every walk; these lists are built once per token."""

    def __init__(self) -> None:
        self.children: dict[int, list[Token]] = {}
        self.subtree: dict[int, list[Token]] = {}
        self.prep_objects: dict[int, list[tuple[str, Token]]] = {}


def _children(tok: Token) -> list[Token]:
    """``list(tok.children)``, remembered while ``extract_events`` runs (see TreeMemo)."""
    return _remembered(tok, "children")


def _subtree(tok: Token) -> list[Token]:
    """``list(tok.subtree)``, remembered while ``extract_events`` runs (see TreeMemo)."""
    return _remembered(tok, "subtree")


def _remembered(tok: Token, walk: str) -> list[Token]:
    """``list(getattr(tok, walk))``, from the document's TreeMemo table of that name if any."""
    memo = tok.doc.user_data.get(MEMO_KEY)
    if memo is None:
        return list(getattr(tok, walk))
    table: dict[int, list[Token]] = getattr(memo, walk)
    found = table.get(tok.i)
    if found is None:
        found = table[tok.i] = list(getattr(tok, walk))
    return found


def _has_child(tok: Token, words: tuple[str, ...]) -> bool:
    """True when every word after the head is a child (or grandchild) lemma of the verb."""
    near = {c.lemma_.lower() for c in _children(tok)}
    near |= {
        g.lemma_.lower() for c in _children(tok) if c.dep_ in {"prep", "prt"} for g in _children(c)
    }
    near |= {c.lower_ for c in _children(tok)}
    near |= {
        g.lower_
        for c in _children(tok)
        if c.dep_ in {"advcl", "xcomp", "ccomp"}
        for g in _children(c)
        if g.dep_ == "mark"
    }
    return all(w in near for w in words)


def match_trigger(tok: Token) -> Trigger | None:
    """The lexicon trigger this token realizes, if any (longest phrase first)."""
    pos = tok.pos_
    if pos == "VERB":
        return _match_verb(tok)
    if pos == "NOUN":
        return _match_noun(tok)
    return None


def _match_verb(verb: Token) -> Trigger | None:
    """``match_trigger`` for a token already known to be a verb."""
    for trig in trigger_index().get((verb.lemma_.lower(), "verb"), ()):
        if len(trig.words) == 1 or _has_child(verb, trig.words[1:]):
            return trig
    return None


def _match_noun(tok: Token) -> Trigger | None:
    """``match_trigger`` for a token already known to be a noun."""
    for trig in trigger_index().get((tok.lemma_.lower(), "noun"), ()):
        n = len(trig.words)
        if n == 1:
            return trig
        before = [t.lemma_.lower() for t in tok.doc[max(tok.i - n + 1, 0) : tok.i]]
        if before == list(trig.words[:-1]):
            return trig
    return None


def light_verb_of(noun: Token) -> Token | None:
    """The light verb carrying a noun trigger ("conducted an airstrike", "signed the deal")."""
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in GENERIC_HEADS:
        noun = noun.head  # "launched a mediation effort"
    head = noun.head
    if noun.dep_ in {"dobj", "attr", "oprd", "nsubjpass"} and head.lemma_.lower() in light_verbs():
        return head
    if noun.dep_ == "pobj" and head.dep_ == "prt" and head.head.lemma_.lower() in light_verbs():
        return head.head
    if noun.dep_ == "conj" and head.pos_ == "NOUN":
        return light_verb_of(head)
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ in {"dobj", "attr"}:
        above = head.head.head  # "gave 5 million dollars of aid"
        if above.lemma_.lower() in light_verbs():
            return above
    if noun.dep_ == "pobj" and head.lower_ == "with":  # "a curfew, along with a ban"
        above = head.head.head if head.head.lower_ == "along" else head.head
        if above.pos_ == "NOUN":
            return light_verb_of(above)
        if head.head.lower_ == "along" and above.lemma_.lower() in light_verbs():
            return above
    return None


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in _children(verb)):
        return True
    return verb.tag_ == "VBN" and verb.dep_ == "acl"


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above ``tok`` through clause-linking relations."""
    cur = tok
    for _ in range(8):
        if cur.dep_ not in CLIMB_DEPS:
            return None
        head = cur.head  # every ``.head`` builds a new Token: read it once per step
        if head.i == cur.i:
            return None
        cur = head
        if cur.pos_ in {"VERB", "AUX"}:
            return cur
    return None


def subject_of(verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The subject token of a verb (climbing to the governing clause when it has none) and
    whether it is the logical patient (a passive subject)."""
    for child in _children(verb):
        if child.dep_ in SUBJECTS:
            if child.lower_ in RELATIVE and verb.dep_ == "relcl":
                return verb.head, child.dep_ == "nsubjpass"
            return child, child.dep_ == "nsubjpass"
    if verb.dep_ in {"acl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head, is_passive(verb)
    if depth > 4:
        return None, False
    gov = governing_verb(verb)
    if gov is None or (verb.dep_ == "ccomp" and gov.lemma_.lower() in speech_lemmas()):
        return None, False
    if verb.dep_ in {"xcomp", "ccomp"} and gov.lemma_.lower() in {
        "ask",
        "urge",
        "encourage",
        "order",
        "call",
        "tell",
    }:
        return None, False
    subj, passive = subject_of(gov, depth + 1)
    return subj, passive


def agent_of(verb: Token) -> Token | None:
    for child in _children(verb):
        if child.dep_ == "agent":
            for pobj in _children(child):
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def np_members(tok: Token) -> list[Token]:
    """The heads a noun phrase stands for: itself, its conjuncts, "including X", appositions."""
    out = [tok]
    for child in _children(tok):
        if child.dep_ == "conj" and child.pos_ in {"NOUN", "PROPN", "PRON"}:
            out.extend(np_members(child))
        elif child.dep_ == "prep" and child.lower_ in {"including", "like"}:
            out.extend(g for g in _children(child) if g.dep_ == "pobj")
    return out


class Resolver:
    """Turns noun-phrase heads into entity or place ids (or bare names as a last resort)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        # (token, any_place) -> refs: a subject or object is resolved once per document, though
        # every trigger sharing it asks again (nothing the resolver reads changes meanwhile)
        self._refs: dict[tuple[int, bool], tuple[str, ...]] = {}

    def refs(self, tok: Token | None, any_place: bool = False) -> list[str]:
        """The ids (or bare names) a noun phrase refers to, one per member, in order; a new
        list on every call (callers extend it)."""
        if tok is None:
            return []
        found = self._refs.get((tok.i, any_place))
        if found is None:
            out: list[str] = []
            for member in np_members(tok):
                ref = self.one(member, True, any_place=any_place)
                if ref and ref not in out:
                    out.append(ref)
            found = self._refs[(tok.i, any_place)] = tuple(out)
        return list(found)

    def one(
        self, tok: Token, allow_place: bool = True, depth: int = 0, any_place: bool = False
    ) -> str | None:
        ctx = self.ctx
        if tok.lower_ in FIRST_PLURAL and tok.pos_ == "PRON" and not tok.is_upper:
            return self.speaker_side(tok, None)
        if tok.pos_ == "PRON" or tok.lower_ in PRONOUNS:
            return self.antecedent(tok)
        if tok.i in ctx.tok_entity:
            return self._organization(tok) or ctx.tok_entity[tok.i]
        # "the governor of the region, Col. X," (appositive name): only an entity token in an
        # appos relation can answer, so without one in the document no subtree is walked
        for sub in _subtree(tok) if ctx.appos_entities() else ():
            if sub.dep_ == "appos" and sub.i in ctx.tok_entity:
                ent = ctx.entities[ctx.tok_entity[sub.i]]
                if ent.type == "PERSON" or sub.head.i == tok.i:
                    return ent.id
        place = ctx.place_of(tok)
        capital = tok.dep_ == "nsubj" and place is not None and place.feature == "city"
        if (
            place
            and allow_place
            and (place.feature == "country" or place.place is None or any_place or capital)
        ):  # "Beirut rejected ..."
            return place.ref
        if place is not None:
            return None  # a place named as a location is not a party
        if tok.lower_ == "country" and any(c.lower_ == "the" for c in _children(tok)):
            country = ctx.salient_country()
            return country.ref if country else None
        if tok.lemma_.lower() in ORG_NOUNS and any(c.lower_ == "the" for c in _children(tok)):
            return self.recent_org(tok)
        if depth < 3:
            inner = self._inner(tok, allow_place, depth)
            if inner:
                return inner
        return self.bare_name(tok)

    def _organization(self, tok: Token) -> str | None:
        """Members stand for their organization: "rebel officials" act as the rebel group."""
        ent = self.ctx.entities.get(self.ctx.tok_entity.get(tok.i, ""))
        if ent is None or ent.type != "GROUP":
            return None
        for child in _children(tok):
            if child.dep_ == "compound":
                org = self.ctx.entities.get(self.ctx.tok_entity.get(child.i, ""))
                if org is not None and org.type in {"ORG", "GPE"} and org.id != ent.id:
                    return org.id
            if child.dep_ == "poss" and child.lower_ in GROUP_PRONOUNS:  # "its fighters"
                ref = self.antecedent(child)
                if ref in self.ctx.entities and self.ctx.entities[ref].type == "ORG":
                    return ref
        return None

    def _inner(self, tok: Token, allow_place: bool, depth: int) -> str | None:
        """ "Afghan forces' checkpoints" → Afghan forces; "dozens of gunmen" → gunmen; "a leader
        of the group" → the group."""
        parsed = numbers.word_value(tok.text)
        children = _children(tok)  # walked up to five times below
        for child in children:
            if child.dep_ == "poss" and child.lower_ in FIRST_PLURAL and not child.is_upper:
                return self.speaker_side(child, tok)  # "our men", said by a minister
        for dep in ("compound", "poss"):
            for child in children:
                if child.dep_ == dep and (dep == "poss" or child.pos_ == "PROPN"):
                    ref = self.one(child, allow_place, depth + 1)
                    if ref:
                        return ref
        for child in children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in _children(child):
                    if pobj.dep_ == "pobj":
                        if parsed or tok.lemma_.lower() in {
                            "group",
                            "member",
                            "leader",
                            "some",
                            "many",
                            "all",
                            "most",
                            "unit",
                            "government",
                            "administration",
                            "regime",
                        }:
                            return self.one(pobj, allow_place, depth + 1)
                        if tok.lemma_.lower() not in sector_words():
                            return self.one(pobj, allow_place, depth + 1)
        for child in children:
            if child.dep_ in {"amod", "compound"} and (child.ent_type_ in {"NORP", "GPE"}):
                ref = self.one(child, allow_place, depth + 1)
                if ref:
                    return ref
                return child.text  # "a Senegalese plan": the nationality, as a bare name
        return None

    def bare_name(self, tok: Token) -> str | None:
        """A role or group noun the entity layer did not cover ("soldiers"), or a name the
        recognizer missed, as a bare name."""
        if tok.pos_ == "PROPN" and tok.ent_type_ in {"ORG", "NORP", "GPE", "PERSON", ""}:
            words = [t.text for t in tok.lefts if t.dep_ in {"compound", "flat"}] + [tok.text]
            return " ".join(words)
        mods = [
            c
            for c in tok.lefts
            if c.dep_ in {"compound", "amod"}
            and not c.like_num
            and numbers.word_value(c.text) is None
        ]
        national = any(c.ent_type_ in {"NORP", "GPE"} for c in mods)  # "Russian advisers"
        if tok.lemma_.lower() not in sector_words() and not (national and tok.pos_ == "NOUN"):
            return None
        words = [t.text for t in mods] + [tok.text]
        return " ".join(words)

    def speaker_side(self, pron: Token, noun: Token | None) -> str | None:
        """ "we", "our men" inside a quote: the speaker's side. A speaker's "our soldiers" are
        the armed forces of the speaker's country when the article names them."""
        speaker = None
        for q in self.ctx.quotes:
            if q.start <= pron.idx < q.end and q.speaker:
                speaker = self.ctx.entities.get(q.speaker)
                break
        if speaker is None:
            return None
        if speaker.type != "PERSON":
            return speaker.id
        if noun is not None and noun.lemma_.lower() in FORCE_NOUNS:
            forces = [
                e
                for e in self.ctx.entities.values()
                if e.type != "PERSON"
                and e.sector == "MIL"
                and e.country
                and (speaker.country is None or e.country == speaker.country)
            ]
            if len(forces) == 1 or (forces and speaker.country):
                return forces[0].id
        if noun is None:  # "we": the speaker's country when known (a person is not a "we")
            country = self.ctx.country_of_refs([speaker.id])
            return country.ref if country else None
        return None

    def recent_org(self, tok: Token) -> str | None:
        """ "the group": the latest organization named before it."""
        for i in range(tok.i - 1, max(tok.i - 400, 0) - 1, -1):
            ident = self.ctx.tok_entity.get(i)
            if ident and self.ctx.entities[ident].type == "ORG":
                return ident
        return None

    def antecedent(self, pron: Token) -> str | None:
        """The nearest earlier entity of a fitting kind: a person for "he", a group for "it"."""
        low = pron.lower_
        if low not in PRONOUNS:
            return None
        want_person = low in PERSON_PRONOUNS
        doc = pron.doc
        start = max(pron.sent.start - 60, 0)
        for i in range(pron.i - 1, start - 1, -1):
            if not want_person:
                place = self.ctx.place_of(doc[i])
                if place is not None and place.feature == "country":
                    return place.ref
            ident = self.ctx.tok_entity.get(i)
            if not ident and not want_person and doc[i].lemma_.lower() in ORG_NOUNS:
                ident = self.recent_org(doc[i]) if doc[i].dep_ != "compound" else None
            if not ident:
                continue
            ent = self.ctx.entities[ident]
            if (ent.type == "PERSON") == want_person:
                if not want_person and low in {"they", "them", "their"} and ent.type == "ORG":
                    return ident
                return ident
        del doc
        return None


# ---------------------------------------------------------------- arguments


def _prep_objects(tok: Token, preps: set[str]) -> list[tuple[str, Token]]:
    """(preposition, object) pairs under ``tok`` for the prepositions in ``preps``."""
    return [(word, pobj) for word, pobj in _all_prep_objects(tok) if word in preps]


def _all_prep_objects(tok: Token) -> list[tuple[str, Token]]:
    """Every (preposition, object) pair under ``tok``, in order; read once per token while
    ``extract_events`` runs (arguments ask for them with several preposition sets)."""
    memo = tok.doc.user_data.get(MEMO_KEY)
    found = memo.prep_objects.get(tok.i) if memo is not None else None
    if found is None:
        found = []
        for child in _children(tok):
            if child.dep_ in {"prep", "agent"}:
                word = child.lower_
                found.extend((word, pobj) for pobj in _children(child) if pobj.dep_ == "pobj")
        if memo is not None:
            memo.prep_objects[tok.i] = found
    return found


def _between(tok: Token) -> tuple[Token, Token] | None:
    """ "talks between A and B": A and B."""
    for _, pobj in _prep_objects(tok, {"between"}):
        conj = [c for c in _children(pobj) if c.dep_ == "conj"]
        if conj:
            return pobj, conj[0]
    return None


def host_verb(noun: Token) -> Token | None:
    """The verb whose subject carries out a noun event: "speeded up the withdrawal", "were engaged
    in ethnic cleansing", "complied with the agreement"; not a verb that reports or judges it
    ("confirmed the call", "condemned the attack") nor another event's trigger."""
    head = noun.head
    if noun.dep_ == "dobj":
        verb = head
    elif noun.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
    else:
        return None
    if verb.pos_ != "VERB":
        return None
    lemma = verb.lemma_.lower()
    if lemma in PARTY_VERBS:
        return verb
    if lemma in speech_lemmas() or lemma in JUDGING_VERBS or match_trigger(verb) is not None:
        return None
    return verb


def verb_args(m: Mention, res: Resolver) -> None:
    """Actors and targets of a verb trigger (or of a light verb's noun)."""
    verb = m.light or m.tok
    subj, subj_is_patient = subject_of(verb)
    agent = agent_of(verb)
    passive = is_passive(verb)
    if passive or subj_is_patient:
        m.actors = res.refs(agent)
        patient = subj
    else:
        m.actors = res.refs(subj)
        patient = None
    m.arg_tokens = [t for t in (subj, agent) if t is not None]
    targets: list[Token] = []
    if patient is not None:
        targets.append(patient)
    preps = (TARGET_PREPS if m.type not in INSTRUMENT_TYPES else TARGET_PREPS - {"with"}) | {"from"}
    if m.light is not None:
        targets.extend(p for w, p in _prep_objects(m.light, preps) if w in {"with", "against"})
    else:
        for child in _children(m.tok):
            if child.dep_ in {"dobj", "dative"} and not _own_forces(m):
                targets.append(child)
        if m.type == "REQUEST":
            preps = {"on", "to", "upon", "with", "from", "for"}
        found = _prep_objects(m.tok, preps | ACCUSED_PREPS)
        if m.type == "ACCUSE" and any(w in ACCUSED_PREPS for w, _ in found):
            found = [(w, p) for w, p in found if w in ACCUSED_PREPS]  # "complained to X over Y"
        targets.extend(p for w, p in found if w in preps or m.type == "ACCUSE")
        if m.type == "REQUEST" and not targets:
            for child in _children(m.tok):
                if child.dep_ in {"ccomp", "xcomp"}:
                    targets.extend(c for c in _children(child) if c.dep_ == "nsubj")
    if m.light is not None:  # "gave the Ivory Coast aid", "provided aid to refugees"
        targets.extend(c for c in _children(m.light) if c.dep_ == "dative")
        targets.extend(p for w, p in _prep_objects(m.light, {"to", "for"}) if m.type == "AID")
    add_targets(m, targets, res)
    if not m.targets and m.type == "MOBILIZE":  # "mobilized reservists for a war against X"
        add_targets(m, [p for _, p in _prep_objects(m.light or m.tok, {"for"})], res)
    if not m.targets and m.type in CONTENT_TYPES | {"AID", "SANCTION", "SUPPORT", "MOBILIZE"}:
        add_targets(m, complement_targets(m.light or m.tok), res, 0, RECURSE_PREPS | {"in"})
    if not m.targets and m.type == "THREATEN":  # "... unless Israel rescinds": the one warned
        add_targets(m, condition_subjects(m.light or m.tok), res)
    if not m.targets and m.type == "ASSAULT":
        add_targets(m, victim_targets(m), res)


@lru_cache(maxsize=1)
def _platforms() -> frozenset[str]:
    """Media platforms ("on Twitter") are channels, never targets."""
    try:
        from dateline.entities import platforms
    except ImportError:
        return frozenset()
    return frozenset(w.lower() for w in platforms())


def _own_forces(m: Mention) -> bool:
    """ "deployed troops", "withdrew its forces": the object is the actor's own force."""
    return m.type == "MOBILIZE" or (m.type == "RETREAT" and m.mode in {"withdraw", "demobilize"})


def victim_targets(m: Mention) -> list[Token]:
    """Those killed or wounded in an attack are its targets ("a bombing killed one soldier",
    "wounded two soldiers in a bomb attack", "opened fire to disperse demonstrators")."""
    above = governing_verb(m.tok)
    candidates = [
        m.tok,
        m.tok.head,
        m.tok.head.head,
        *_subtree(m.tok),
        *([above] if above is not None else []),
    ]
    verbs = [
        t
        for t in candidates
        if t.pos_ == "VERB" and t.lemma_.lower() in KILL | WOUND | {"disperse"}
    ]
    out = []
    for verb in verbs:
        deps = {"dobj", "nsubjpass"} | ({"nsubj"} if verb.lemma_.lower() == "die" else set())
        out.extend(c for c in _children(verb) if c.dep_ in deps and c.i != m.tok.i)
    return out


def add_targets(
    m: Mention,
    targets: list[Token],
    res: Resolver,
    depth: int = 0,
    preps: frozenset[str] | set[str] = RECURSE_PREPS,
) -> None:
    """Resolve target phrases; "sanctions against Nigeria", "relations with Congo": when the
    phrase names no party, the party its preposition introduces is the target."""
    targets = [
        t for t in targets if res.ctx.same_segment(t, m.tok) and t.lower_ not in _platforms()
    ]
    m.arg_tokens.extend(targets)
    for t in targets:
        refs = res.refs(t, any_place=True)
        if not refs and depth < 2:
            inner = [p for _, p in _prep_objects(t, set(preps))]
            inner += [a for c in _children(t) if c.dep_ == "acl" and (a := agent_of(c)) is not None]
            inner += [
                o
                for c in _children(t)
                if c.dep_ == "acl" and _infinitive(c)
                for o in _children(c)
                if o.dep_ == "dobj"
            ]  # "an invitation to attend X"
            add_targets(m, inner, res, depth + 1, preps)
        for ref in refs:
            if ref not in m.targets and ref not in m.actors:
                m.targets.append(ref)


def condition_subjects(head: Token) -> list[Token]:
    """Subjects of "if/unless" clauses under a threat: the party whose act would trigger it."""
    out = []
    for tok in _subtree(head):
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in _children(tok)
        ):
            out.extend(c for c in _children(tok) if c.dep_ == "nsubj")
    return out


def complement_targets(head: Token, depth: int = 0) -> list[Token]:
    """ "threatened to shell Iraqi towns", "demanded that Israel ease ...", "blocked roads
    demanding that he be reinstated": the party the content of the act bears on."""
    out: list[Token] = []
    clauses = []
    for child in _children(head):
        if child.dep_ not in {"xcomp", "ccomp", "acl", "advcl"}:
            continue
        if child.dep_ in {"acl", "advcl"} and not (_infinitive(child) or child.tag_ == "VBG"):
            continue  # "the agreement reached in Qatar" is no content
        clauses.append(child)
        inner = match_trigger(child)
        own = inner is not None and (inner.type == "MOBILIZE" or inner.mode == "withdraw")
        if not own:  # "refused to deploy peacekeepers in Iraq": the troops are the actor's own
            out.extend(c for c in _children(child) if c.dep_ in {"dobj", "dative"})
        out.extend(
            p
            for _, p in _prep_objects(
                child, {"against", "on", "to", "for", "with", "from", "into", "in"}
            )
        )
        if child.dep_ in {"ccomp", "acl"}:
            out.extend(c for c in _children(child) if c.dep_ in {"nsubj", "nsubjpass"})
    if not out and depth < 1:  # "refused to allow UN planes to land"
        for clause in clauses:
            out.extend(complement_targets(clause, depth + 1))
    return out


def noun_args(m: Mention, res: Resolver) -> None:
    """Actors and targets of a noun trigger: possessor, "by/from" agent, "against/on/with"
    target, "between A and B", and a light verb's subject."""
    noun = m.tok
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in GENERIC_HEADS:
        noun = noun.head  # "a mediation mission between A and B": the phrase's head has the args
    if m.light is not None:
        verb_args(m, res)
    pair = _between(noun)
    if pair:
        first = res.one(pair[0])
        m.actors = m.actors or ([first] if first else [])
        m.targets.extend(r for r in res.refs(pair[1]) if r not in m.targets)
        m.arg_tokens.extend(pair)
    for child in _children(noun):
        if child.dep_ == "poss" or (
            child.dep_ in {"compound", "amod"}
            and (child.ent_type_ in {"GPE", "NORP", "ORG"} or child.i in res.ctx.tok_entity)
        ):
            ref = res.one(child)
            if ref and ref not in m.actors:
                m.actors.append(ref)
                m.arg_tokens.append(child)
    for prep, pobj in _prep_objects(noun, ACTOR_PREPS):
        if prep == "from" and m.type not in FROM_ACTOR_TYPES:
            continue
        m.actors.extend(r for r in res.refs(pobj) if r not in m.actors)
        m.arg_tokens.append(pobj)
    preps = TARGET_PREPS if m.type not in INSTRUMENT_TYPES else TARGET_PREPS - {"with"}
    if m.type not in FROM_ACTOR_TYPES:
        preps = preps | {"from"}
    if _own_forces(m):
        preps = preps - {"of"}  # "the withdrawal of some forces from X"
    add_targets(m, [p for _, p in _prep_objects(noun, preps) if not (pair and p in pair)], res)
    carrier = m.light or host_verb(noun)
    if carrier is not None and not m.targets:  # "engaged in ethnic cleansing against X"
        add_targets(m, [p for w, p in _prep_objects(carrier, {"against"})], res)
    if not m.actors and m.light is None:
        host = host_verb(noun)
        if host is not None:
            subj, patient = subject_of(host)
            if not patient and (subj is None or not _dominates(subj, noun)):
                m.actors = [r for r in res.refs(subj) if r not in m.targets]
    if not m.targets and m.type in CONTENT_TYPES | {"AID", "SANCTION", "SUPPORT"}:
        add_targets(m, complement_targets(noun), res, 0, RECURSE_PREPS | {"in"})
    if not m.targets and m.type == "ASSAULT":
        add_targets(m, victim_targets(m), res)
    m.targets = [t for t in m.targets if t not in m.actors]


# ---------------------------------------------------------------- status, time, place


def _dominates(top: Token, tok: Token) -> bool:
    """``tok in top.subtree``, by climbing from ``tok`` instead of walking the whole subtree."""
    return top.i == tok.i or top.is_ancestor(tok)


def _ancestors(tok: Token, limit: int = 8) -> list[Token]:
    out = []
    cur = tok
    for _ in range(limit):
        head = cur.head
        if head.i == cur.i:
            break
        cur = head
        out.append(cur)
    return out


def status_of(m: Mention, ctx: Context) -> str:
    """occurred | planned | hypothetical | negated, from the clause and the verbs above it."""
    cues = modality()
    anchor = m.light or m.tok
    if anchor.pos_ == "NOUN" and anchor.dep_ in SUBJECTS:
        chain = [anchor]  # "The deal is expected to ...": the predicate's modality, not the deal's
    else:
        chain = [anchor, *ctx.ancestors(anchor)]
    kinds: list[str] = []
    governed = True  # still linked to the trigger through complement relations
    for depth, tok in enumerate(chain):
        lemma = tok.lemma_.lower()
        if depth and chain[depth - 1].dep_ not in GOVERNED_DEPS:
            governed = False
        if depth and lemma in speech_lemmas():
            if cues.get((lemma, "governor")) == "negated" and (
                governed or chain[depth - 1].dep_ == "ccomp"
            ):
                kinds.append("negated")  # "denied that troops fired"
            break
        for child in _children(tok):
            low = child.lower_
            if child.dep_ == "neg" and depth == 0:
                kinds.append(cues.get((low, "neg"), "negated"))
            elif (
                child.dep_ == "aux"
                and (low, "aux") in cues
                and (depth == 0 or (depth == 1 and chain[0].dep_ in {"xcomp", "dobj", "attr"}))
            ):
                kinds.append(cues[(low, "aux")])
            elif child.dep_ == "mark" and (low, "mark") in cues:
                kinds.append(cues[(low, "mark")])
        if depth and (lemma, "governor") in cues and tok.pos_ in {"VERB", "ADJ", "AUX", "NOUN"}:
            kind = cues[(lemma, "governor")]
            if governed or (kind == "negated" and chain[depth - 1].dep_ == "ccomp"):
                kinds.append(kind)
    for kind in ("negated", "hypothetical", "planned"):
        if kind in kinds:
            return kind
    return "occurred"


def region(m: Mention, others: set[int], ctx: Context) -> list[int]:
    """The trigger's own clause (token indices): its subtree (or the light verb's), minus
    embedded clauses that carry their own predicate or another event's trigger."""
    head = m.light or m.tok
    # the child of ``head`` each other trigger hangs from, found by climbing the head column
    # rather than walking every child's subtree (a subtree is the token's descendants, as
    # ``_dominates`` also takes it); a branch holding the trigger itself is never cut
    own_branch = branch_of(ctx.heads, head.i, m.tok.i)
    cut = {b for o in others if (b := branch_of(ctx.heads, head.i, o)) is not None}
    cut.discard(own_branch)
    skip: set[int] = set()
    for child in _children(head):  # only the branches cut walk their subtree
        if (
            child.i in cut
            or child.dep_ in {"ccomp", "advcl", "relcl", "parataxis"}
            or (child.dep_ == "conj" and child.pos_ == "VERB")
        ):
            skip.update(t.i for t in _subtree(child))
    return [t.i for t in _subtree(head) if t.i not in skip]


def branch_of(heads: list[int], top: int, i: int) -> int | None:
    """The child of ``top`` whose subtree holds token ``i`` (None when ``i`` is ``top`` or not
    below it), climbing ``heads`` (absolute head indices) like ``Token.ancestors`` does."""
    cur = i
    for _ in range(len(heads)):
        up = heads[cur]
        if up == cur:
            return None
        if up == top:
            return cur
        cur = up
    return None


def _time_tokens(ctx: Context, t: TimeExpr) -> Token | None:
    span = ctx.doc.char_span(t.start, t.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _speech_clause(tok: Token, ctx: Context) -> bool:
    """True when a time expression dates a reporting verb ("said in a statement Monday")."""
    for anc in ctx.ancestors(tok, 6):
        if anc.pos_ in {"VERB", "AUX"}:
            return anc.lemma_.lower() in speech_lemmas()
    return False


def _event_date(t: TimeExpr, root: Token | None, stop: Token, ctx: Context) -> EventDate:
    """An EventDate from a time expression; "after/following X" opens the range after X."""
    precision = t.precision or "day"
    earliest, latest = t.earliest, t.latest or t.earliest
    if root is not None:
        for anc in ctx.ancestors(root, 6):
            if anc == stop:
                break
            low = anc.lower_
            if anc.dep_ == "prep" and low in AFTER_PREPS and earliest:
                return EventDate(None, earliest, date(earliest.year, 12, 31), "year", "text")
            if anc.dep_ == "prep" and low in BEFORE_PREPS and latest:
                return EventDate(None, date(latest.year, 1, 1), latest, "year", "text")
    if earliest == latest:
        return EventDate(earliest, earliest, latest, precision, "text")
    return EventDate(None, earliest, latest, precision, "text")


def date_of(m: Mention, ctx: Context, own: list[int]) -> EventDate | None:
    """The clause's time expression, else the sentence's, else the publication date."""
    own_idx: set[int] | None = None  # built for the first time expression in the sentence
    first, last = m.sent.start_char, m.sent.end_char
    best: tuple[int, EventDate] | None = None
    for t, root in ctx.time_roots():
        if not (first <= t.start < last):
            continue
        if own_idx is None:
            own_idx = set(own)
        rank = 0 if root.i in own_idx else 1
        if rank and (m.anaphoric or _speech_clause(root, ctx)):
            continue
        dist = abs(root.i - m.tok.i) + (500 if t.type == "TIME" else 0)
        key = rank * 1000 + dist
        if best is None or key < best[0]:
            ed = _event_date(t, root, m.light or m.tok, ctx)
            if rank:
                ed.basis = "sentence"
            best = (key, ed)
    if best:
        return best[1]
    if ctx.published:
        return EventDate(ctx.published, None, ctx.published, "week", "publication")
    return None


def _place_key(p: PlaceRef) -> int:
    return FEATURE_RANK.get(p.feature or "city", 4)


def place_of(m: Mention, ctx: Context, own: list[int], content: set[int]) -> PlaceRef | None:
    """The most specific place in the clause, else the sentence, else the dateline place. A place
    that is an actor or target ("invaded Afghanistan") is not the event's place."""
    used = set(m.actors) | set(m.targets)
    blocked: set[int] | None = None  # read when a place word first turns up (often never)
    place_like = ctx.place_like()
    doc = ctx.doc

    def candidates(indices: Iterable[int]) -> list[PlaceRef]:
        nonlocal blocked
        found = []
        for i in indices:
            if i not in place_like:
                continue  # no place can come of it: skip the syntax checks
            if blocked is None:
                blocked = _argument_tokens(m, content)
            if i in blocked:
                continue
            tok = doc[i]
            if not _locative(tok, m.tok):
                continue
            p = ctx.place_of(tok)
            if (
                p is None
                and tok.lower_ in PLACE_NOUNS
                and any(c.lower_ == "the" for c in _children(tok))
            ):
                p = ctx.definite_place(tok, m.targets + m.actors)
            if p is None or p.ref in used:
                continue
            found.append(p)
        return found

    anchor = m.light or m.tok
    if not ctx.place_like_between(m.sent.start, m.sent.end):
        pools: tuple[tuple[str, list[int] | None], ...] = ()  # the pools lie in the sentence,
        # which has no place word
    else:
        direct = [
            g.i
            for c in _children(anchor)
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS
            for g in _subtree(c)
        ]
        pools = (("clause", direct), ("clause", own), ("sentence", None))
    for basis, pool in pools:
        found = candidates(ctx.segment(m.tok, m.sent) if pool is None else pool)
        if found:
            m.place_basis = basis
            return max(found, key=_place_key)
    m.place_basis = "dateline"
    return dateline_place(ctx)


def _argument_tokens(m: Mention, content: set[int]) -> set[int]:
    """Tokens no event place can come from: the content of a request or threat, the argument
    heads and their modifiers ("U.S. troops"; a "prep", "relcl" or "acl" can still locate)."""
    blocked = set(content)
    for tok in m.arg_tokens:
        blocked.add(tok.i)
        for child in _children(tok):
            if child.dep_ not in {"prep", "relcl", "acl"}:
                blocked.update(t.i for t in _subtree(child))
    return blocked


def _locative(tok: Token, trigger: Token) -> bool:
    """A place word used as a location: object of "in/at/near/across/to ...", or a modifier of
    the trigger itself ("the Doha deal"); not an actor's affiliation ("U.S. spokesman")."""
    head = tok
    while head.dep_ in {"compound", "flat", "amod", "nmod"}:
        up = head.head
        if up.i == head.i:
            break
        if up.i == trigger.i:
            return True
        head = up
    if head.dep_ == "appos":
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS


def dateline_place(ctx: Context) -> PlaceRef | None:
    """The place named in the article's dateline (looked up once per document: every mention
    without a place of its own falls back to it)."""
    if ctx.dateline_ref is None:
        ctx.dateline_ref = (_dateline_place(ctx),)
    found = ctx.dateline_ref[0]
    return replace(found) if found is not None else None


def _dateline_place(ctx: Context) -> PlaceRef | None:
    span = getattr(ctx.article, "dateline", None)
    if not span:
        return None
    region_span = ctx.doc.char_span(span[0], span[1], alignment_mode="expand")
    if region_span is None:
        return None
    for tok in region_span:
        p = ctx.place_of(tok)
        if p:
            return PlaceRef(p.ref, p.feature, p.country, p.place)
    return None


def geo_precision(p: PlaceRef | None, fallback: bool) -> int | None:
    if p is None:
        return None
    if fallback:
        return 3
    try:
        from dateline import places as places_mod

        code = getattr(places_mod, "precision_code", None)
        if code and p.place is not None:
            return int(code(p.place))
    except Exception:  # noqa: BLE001 - the places layer is optional here
        pass
    return {"city": 1, "admin2": 2}.get(p.feature or "", 3 if p.feature else 1)


# ---------------------------------------------------------------- numbers, source


def _count_noun(tok: Token) -> numbers.Quantity | None:
    return numbers.quantity_of(tok)


def numbers_of(m: Mention, own: list[int], res: Resolver) -> None:
    """Counts on the trigger noun ("43 attacks"), on its arguments ("5,000 prisoners"), and the
    fatalities / injured / arrested figures of kill, wound and arrest verbs in the clause."""
    if m.tok.pos_ == "NOUN":
        q = _count_noun(m.tok)
        if q:
            m.counts.append(Count(m.tok.lower_, q.value, q.qualifier))
    doc, pos_ids, dep_ids = res.ctx.doc, res.ctx.pos_ids, res.ctx.dep_ids
    for i in own:
        pos = pos_ids[i]
        if pos != VERB and (pos != NOUN or dep_ids[i] not in COUNTED_DEP_IDS):
            continue  # neither a casualty verb nor a counted object: no Token needed
        tok = doc[i]
        if pos == VERB:
            lemma = tok.lemma_.lower()
            if lemma in KILL or lemma in WOUND or lemma in ARREST:
                _victims(m, tok, lemma)
        elif i != m.tok.i:  # a noun in COUNTED_DEP_IDS
            q = _count_noun(tok)
            if q and tok.head.lemma_.lower() not in CASUALTY_LEMMAS:
                if not any(c.value == q.value for c in m.counts):
                    m.counts.append(Count(tok.lower_, q.value, q.qualifier))


def _victims(m: Mention, verb: Token, lemma: str) -> None:
    victim = None
    for child in _children(verb):
        if child.dep_ in {"dobj", "nsubjpass"} or (child.dep_ == "nsubj" and lemma == "die"):
            victim = child
    q = numbers.quantity_of(victim) if victim is not None else None
    if q is None:
        for child in _children(verb):
            if child.dep_ in {"dobj", "nsubjpass", "npadvmod", "nsubj"}:
                q = numbers.bare_quantity(child)
                if q:
                    break
    if q is None:
        return
    what = "wounded" if lemma in WOUND else "arrested" if lemma in ARREST else "killed"
    count = Count(what, q.value, q.qualifier)
    if lemma in KILL and m.fatalities is None:
        m.fatalities = count
    elif lemma in WOUND and m.injured is None:
        m.injured = count
    elif lemma in ARREST and m.arrested is None:
        m.arrested = count
    else:
        return
    if not any(c.value == q.value and c.what == what for c in m.counts):
        m.counts.append(count)
    for child in _children(verb):  # "12 soldiers were killed and eight wounded"
        if child.dep_ == "conj" and child.lemma_.lower() in CASUALTY_LEMMAS:
            _victims(m, child, child.lemma_.lower())


def source_of(m: Mention, ctx: Context, res: Resolver) -> str | None:
    """The speaker of the quote the trigger sits in, else the subject of a reporting verb that
    governs the trigger's clause ("..., the spokesman said")."""
    start = m.span[0]
    for q in ctx.quotes:
        if q.start <= start < q.end and q.speaker:
            return q.speaker
    for tok in ctx.speech_verbs(m.sent):
        if tok == m.tok:
            continue
        inside = _dominates(tok, m.tok)
        sibling = tok.dep_ == "parataxis" and _dominates(tok.head, m.tok)
        if not (inside or sibling):
            continue
        subj = next((c for c in _children(tok) if c.dep_ == "nsubj"), None)
        if subj is not None and not _dominates(subj, m.tok):
            refs = res.refs(subj)
            if refs:
                return refs[0]
    return None


# ---------------------------------------------------------------- detection


def _content_owner(tok: Token, owners: dict[int, str]) -> bool:
    """True when ``tok`` sits in the complement of a request, threat, accusation, agreement,
    rejection or promise above it (the content of that act, not an event of its own)."""
    cur = tok
    for _ in range(8):
        head = cur.head
        if head.i == cur.i:
            return False
        dep = cur.dep_
        below, cur = cur, head
        if dep in SUBJECTS or dep in {"relcl", "parataxis"}:
            return False
        if dep == "conj" and not (_infinitive(below) or _infinitive(cur)):
            return False  # "kidnapped advisers and exploded bombs": two acts
        if owners.get(cur.i) in CONTENT_TYPES:
            return True
        if cur.lemma_.lower() in COMMIT_CUES:
            return True
    return False


def _subject_is_event(verb: Token) -> bool:
    """ "The agreement calls for ...", "the attack came": the subject is an event, not an actor."""
    for child in _children(verb):
        if child.dep_ == "nsubj" and (
            child.lemma_.lower() in event_nouns()
            or child.lemma_.lower() in {"statement", "report", "plan"}
        ):
            return True
    return False


def _denies_event(verb: Token) -> bool:
    """ "deny" whose complement reports an event ("denied that troops fired") negates that
    event rather than rejecting anything."""
    if verb.lemma_.lower() != "deny":
        return False
    for child in _children(verb):
        if child.dep_ in SUBJECTS:
            continue
        if any(t.i != verb.i and match_trigger(t) is not None for t in _subtree(child)):
            return True
    return False


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "mark" or (c.dep_ == "aux" and c.lower_ == "to") for c in _children(verb))


def _inanimate_subject(verb: Token, res: Resolver) -> bool:
    """ "Motorcycles allow them to cross": a common-noun subject that names no actor."""
    for child in _children(verb):
        if child.dep_ != "nsubj":
            continue
        if child.lower_ != "which" or verb.dep_ != "relcl":
            return False
        subj = verb.head
        if subj.pos_ == "NOUN" and res.one(subj) is None:
            return subj.lemma_.lower() not in sector_words()
    return False


def _ongoing(verb: Token) -> bool:
    """ "has been fighting an insurgency for a decade": a state of affairs, not an event."""
    if verb.tag_ != "VBG":
        return False
    auxes = [c.lower_ for c in _children(verb) if c.dep_ == "aux"]
    if "been" not in auxes or not any(a in {"has", "have", "had"} for a in auxes):
        return False
    return any(
        p.lower_ == "for"
        and any(g.lemma_.lower() in {"year", "decade", "month"} for g in _subtree(p))
        for p in _subtree(verb)
    )


def _deontic_request(tok: Token, res: Resolver) -> Mention | None:
    """ "X says Y must release prisoners": a demand by X on Y, coded REQUEST."""
    i, ctx = tok.i, res.ctx
    if ctx.pos_ids[i] != VERB or ctx.dep_ids[i] != symbols.ccomp:
        return None
    if not any(c.dep_ == "aux" and c.lower_ in DEONTIC for c in _children(tok)):
        return None
    if tok.head.lemma_.lower() not in speech_lemmas():
        return None
    speaker = next((c for c in _children(tok.head) if c.dep_ == "nsubj"), None)
    subj = next((c for c in _children(tok) if c.dep_ == "nsubj"), None)
    if speaker is None or subj is None:
        return None
    trig = Trigger(("must",), "verb", "REQUEST", None, "10", None)
    aux = next(c for c in _children(tok) if c.dep_ == "aux" and c.lower_ in DEONTIC)
    m = Mention(tok, trig, "REQUEST", None, span=(aux.idx, tok.idx + len(tok)))
    m.actors = res.refs(speaker)
    m.targets = [r for r in res.refs(subj) if r not in m.actors]
    m.arg_tokens = [speaker, subj]
    return m


def find_mentions(sent: Span, ctx: Context, res: Resolver) -> list[Mention]:
    """All trigger mentions in one sentence, with their arguments read."""
    raw: list[Mention] = []
    owners: dict[int, str] = {}  # every content-taking trigger, emitted or not
    doc, pos_ids = ctx.doc, ctx.pos_ids
    for i in ctx.candidates(sent):  # only these can trigger an event or own a complement
        pos = pos_ids[i]
        tok = doc[i]
        deontic = _deontic_request(tok, res)
        if deontic:
            raw.append(deontic)
            owners[tok.i] = "REQUEST"
            continue
        if pos == VERB and i in ctx.agreement_heads():
            owners[tok.i] = "AGREE"  # "the deal requires X to withdraw": terms, not events
        trig = _match_verb(tok) if pos == VERB else _match_noun(tok)
        if trig is None or trig.type == "LIGHT":
            continue
        if trig.pos == "verb":
            if tok.dep_ == "amod":
                continue  # "the banned movement", "the wounded soldiers": a state, not an act
            if tok.lemma_.lower() in light_verbs() and any(
                c.dep_ == "dobj" and match_trigger(c) for c in _children(tok)
            ):
                continue  # "signed the deal": the noun carries the event
            if _denies_event(tok):
                continue  # "denied attacking the village": the attack, negated, is the event
            owners[tok.i] = trig.type
            if _subject_is_event(tok) or _inanimate_subject(tok, res) or _ongoing(tok):
                continue
        if trig.pos == "noun" and tok.dep_ == "compound" and match_trigger(tok.head):
            continue  # "a ceasefire agreement": the head noun carries the event
        if trig.pos == "noun":
            owners[tok.i] = trig.type
        start = tok.idx if trig.pos == "verb" else tok.doc[tok.i - len(trig.words) + 1].idx
        m = Mention(tok, trig, trig.type, trig.mode, span=(start, tok.idx + len(tok)))
        if trig.pos == "noun":
            m.light = light_verb_of(tok)
            det = [c.lower_ for c in _children(tok) if c.dep_ in {"det", "poss"}]
            m.anaphoric = any(d in DEFINITE for d in det) or (
                bool(det) and det[0] in GROUP_PRONOUNS | {"his", "her"}
            )
            if tok.dep_ == "pobj" and tok.head.lower_ in TEMPORAL_PREPS | {"as"}:
                m.merge_only = True
        raw.append(m)
    out = []
    for m in raw:
        m.sent = sent
        if ctx.in_boilerplate(*m.span):
            continue
        if _content_owner(m.tok, owners):
            if m.trig.pos == "verb":
                continue
            m.merge_only = True
        if m.trig.words != ("must",):
            if m.trig.pos == "verb":
                verb_args(m, res)
            else:
                noun_args(m, res)
        if m.trig.requires == "target" and not m.targets:
            continue  # "heard shooting", "fighting for your homeland": no event without a target
        out.append(m)
    return out


def content_tokens(found: list[Mention]) -> set[int]:
    """Tokens inside the complement of a request, threat or agreement ("asked X to leave
    Pakistan"): places there are what is asked about, not where the event happened."""
    out: set[int] = set()
    for m in found:
        if m.type in CONTENT_TYPES and m.trig.pos == "verb":
            for child in _children(m.tok):
                if child.dep_ in {"xcomp", "ccomp"}:
                    out.update(t.i for t in _subtree(child))
    return out


def describe(m: Mention, ctx: Context, res: Resolver, others: set[int], content: set[int]) -> None:
    """Fill status, date, place, numbers and source from the clause and sentence."""
    own = region(m, others - {m.tok.i}, ctx)
    m.status = status_of(m, ctx)
    m.date = date_of(m, ctx, own)
    m.place = place_of(m, ctx, own, content)
    numbers_of(m, own, res)
    m.source = source_of(m, ctx, res)
    if m.type == "AGREE" and m.status == "negated":  # "will not accept", "failed to agree"
        m.type, m.status, m.mode = "REJECT", "occurred", None
    if m.source and m.source in m.actors and m.fatalities:  # a perpetrator's own toll
        m.fatalities = Count(m.fatalities.what, m.fatalities.value, "claimed")
    d = m.date
    if d and d.basis != "publication" and ctx.published:
        latest = d.latest or d.value
        earliest = d.earliest or d.value
        if latest and latest < ctx.published - timedelta(days=365):
            m.background = True
        elif earliest and earliest > ctx.published and m.status == "occurred":
            m.status = "planned"


# ---------------------------------------------------------------- merging


def _similar(a: str, b: str, ctx: Context) -> bool:
    """Two references that may name one referent: same id or name, or unnamed groups of one
    sector, or non-person entities of one country."""
    if a == b:
        return True
    ea, eb = ctx.entities.get(a), ctx.entities.get(b)
    if ea is None or eb is None:
        na = ea.name.lower() if ea else a.lower()
        nb = eb.name.lower() if eb else b.lower()
        country_a = ea.country if ea else _place_country(a, ctx)
        country_b = eb.country if eb else _place_country(b, ctx)
        if na == nb:
            return True
        if _group_sector(ea, a) and _group_sector(ea, a) == _group_sector(eb, b):
            return True
        person = (ea and ea.type == "PERSON") or (eb and eb.type == "PERSON")
        return bool(country_a and country_a == country_b and not person)
    if ea.type in GROUP_KINDS and eb.type in GROUP_KINDS and ea.sector and ea.sector == eb.sector:
        return ea.country == eb.country
    if ea.type != "PERSON" and eb.type != "PERSON" and ea.country and ea.country == eb.country:
        return ea.type in GROUP_KINDS or eb.type in GROUP_KINDS
    return False


def _group_sector(ent: Entity | None, ref: str) -> str | None:
    """Sector of an unnamed group: an entity of kind GROUP, or a bare role noun."""
    if ent is not None:
        return ent.sector if ent.type in GROUP_KINDS else None
    word = ref.split()[-1].lower()
    words = sector_words()
    return words.get(word) or words.get(word.rstrip("s")) or words.get(word.replace("men", "man"))


def _place_country(ref: str, ctx: Context) -> str | None:
    p = ctx.places.get(ref)
    if p is None or p.feature != "country" or not p.country:
        return None
    return _alpha3(p.country)


def _args_ok(xs: list[str], ys: list[str], ctx: Context) -> bool:
    return not xs or not ys or any(_similar(x, y, ctx) for x in xs for y in ys)


def _dates_ok(a: EventDate | None, b: EventDate | None) -> bool:
    if a is None or b is None or a.basis == "publication" or b.basis == "publication":
        return True
    a0, a1 = a.earliest or a.value, a.latest or a.value
    b0, b1 = b.earliest or b.value, b.latest or b.value
    if None in (a0, a1, b0, b1):
        return True
    return not (a1 < b0 or b1 < a0)  # type: ignore[operator]


def _has_numbers(m: Mention) -> bool:
    return bool(m.counts or m.fatalities)


def compatible(keep: Mention, new: Mention, ctx: Context, same_sentence: bool) -> bool:
    """Whether ``new`` can be another mention of the event ``keep`` stands for."""
    if same_sentence and keep.type == "ASSAULT" and new.type == "COERCE" and new.mode == "destroy":
        return _args_ok(keep.actors, new.actors, ctx)  # "attacked ..., setting fire to ..."
    if keep.type != new.type or keep.background != new.background and not new.anaphoric:
        return False
    if keep.status != new.status and not new.merge_only and not new.anaphoric:
        return False
    if not _dates_ok(keep.date, new.date):
        return False
    if new.anaphoric and not same_sentence and not (new.actors or new.targets):
        return True
    if not (_args_ok(keep.actors, new.actors, ctx) and _args_ok(keep.targets, new.targets, ctx)):
        return new.anaphoric and not (new.actors and new.targets)
    kp, np_ = keep.place, new.place
    if same_sentence:
        return True
    if new.anaphoric or new.merge_only:
        return True
    if kp and np_ and kp.ref != np_.ref:
        return False
    if _has_numbers(new) and not _has_numbers(keep):
        return bool(kp and np_ and kp.ref == np_.ref)
    if _has_numbers(new) and _has_numbers(keep):
        return False
    return True


def _better_date(a: EventDate | None, b: EventDate | None) -> EventDate | None:
    if a is None or a.basis == "publication":
        return b if b is not None and b.basis != "publication" else a or b
    if b is not None and b.basis == "text" and a.basis == "sentence":
        return b
    if b is not None and a.value is None and b.value is not None and _dates_ok(a, b):
        return b
    return a


def _place_rank(m: Mention) -> tuple[int, int]:
    basis = {"dateline": 0, "sentence": 1, "clause": 2}.get(m.place_basis, 0)
    return (basis, _place_key(m.place) if m.place else -1)


def merge_into(keep: Mention, new: Mention) -> None:
    """Fold a later mention into the event it repeats, keeping the most specific facts."""
    keep.actors.extend(a for a in new.actors if a not in keep.actors and a not in keep.targets)
    keep.targets.extend(t for t in new.targets if t not in keep.targets and t not in keep.actors)
    keep.date = _better_date(keep.date, new.date)
    # a back-reference ("The attack came two weeks after gunmen killed ... near X") lends a
    # place only from its own clause: the rest of its sentence may be about another event
    own_clause = not new.anaphoric or new.place_basis == "clause"
    if own_clause and new.place and (keep.place is None or _place_rank(new) > _place_rank(keep)):
        keep.place, keep.place_basis = new.place, new.place_basis
    if keep.type == new.type:
        keep.mode = keep.mode or new.mode
    keep.source = keep.source or new.source
    for c in new.counts:
        if not any(k.value == c.value for k in keep.counts):
            keep.counts.append(c)
    for attr in ("fatalities", "injured", "arrested"):
        mine, theirs = getattr(keep, attr), getattr(new, attr)
        if theirs and (mine is None or theirs.value < mine.value):
            setattr(keep, attr, theirs)


def _sequenced(a: Token, b: Token, ctx: Context) -> bool:
    """ "The attack came two weeks after gunmen killed ...": a temporal connective between two
    mentions orders two events; they are not one."""
    above_a = {t.i for t in [a, *ctx.ancestors(a)]}
    common = next((t for t in [b, *ctx.ancestors(b)] if t.i in above_a), None)
    if common is None:
        return False
    for tok in (a, b):
        for anc in [tok, *ctx.ancestors(tok)]:
            if anc.i == common.i:
                break
            if anc.lower_ in TEMPORAL_PREPS and anc.dep_ in {"prep", "mark"}:
                return True
            if any(c.dep_ == "mark" and c.lower_ in TEMPORAL_PREPS for c in _children(anc)):
                return True
    return False


def cluster(mentions: list[Mention], ctx: Context) -> list[Mention]:
    """Merge repeated mentions: first within a sentence, then across the article."""
    kept: list[Mention] = []
    # kept events by type: across sentences only a mention of the same type can merge (see
    # ``compatible``), so each mention is compared with those alone
    kept_by_type: dict[str, list[Mention]] = {}
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sent.start, []).append(m)
    for _, group in sorted(by_sentence.items()):
        local: list[Mention] = []
        for m in group:
            host = next(
                (
                    k
                    for k in local
                    if compatible(k, m, ctx, True) and not _sequenced(k.tok, m.tok, ctx)
                ),
                None,
            )
            if host:
                merge_into(host, m)
                host.anaphoric = host.anaphoric or m.anaphoric
                host.merge_only = host.merge_only and m.merge_only
            else:
                local.append(m)
        for m in local:
            host = _cross_host(kept_by_type.get(m.type, []), m, ctx)
            if host:
                merge_into(host, m)
            elif not m.merge_only:
                kept.append(m)
                kept_by_type.setdefault(m.type, []).append(m)
    return kept


def _cross_host(kept: list[Mention], m: Mention, ctx: Context) -> Mention | None:
    """The earlier event (among ``kept``, in text order) that ``m`` repeats, if any."""
    candidates = [k for k in kept if compatible(k, m, ctx, False)]
    if not candidates:
        return None
    if m.anaphoric or m.merge_only:

        def affinity(k: Mention) -> int:
            shared = set(k.actors) & set(m.actors) or set(k.targets) & set(m.targets)
            same_word = k.tok.lemma_[:4] == m.tok.lemma_[:4]
            return 2 * bool(shared) + same_word

        best = max(affinity(k) for k in candidates)
        return [k for k in candidates if affinity(k) == best][-1]  # most recent of the best
    return candidates[0]


def satisfied(m: Mention, ctx: Context) -> bool:
    """Lexicon requirements: some triggers only mark an event with a counterpart."""
    if m.trig.requires == "target":
        return bool(m.targets)
    if m.trig.requires == "pair" or m.type == "CONSULT":
        named = [r for r in m.targets if r in ctx.entities or r in ctx.places]
        return bool(named) or len(m.actors) > 1
    return True


# ---------------------------------------------------------------- records


def to_event(m: Mention, n: int, ctx: Context) -> Event:
    sent = m.sent
    target_sector = None
    for t in m.targets:
        ent = ctx.entities.get(t)
        sector = ent.sector if ent else sector_words().get(t.split()[-1].lower().rstrip("s"))
        if sector:
            target_sector = sector
            break
    acled = acled_codes(m.type, m.mode, target_sector)
    d = m.date
    fallback_place = m.place_basis == "dateline"
    return Event(
        id=f"ev{n}",
        type=m.type,
        trigger=m.span,
        trigger_text=text_of(ctx.doc)[m.span[0] : m.span[1]],
        sentence=(sent.start_char, sent.end_char),
        mode=m.mode,
        actors=list(m.actors),
        targets=list(m.targets),
        place=m.place.ref if m.place else None,
        date=d,
        counts=list(m.counts),
        fatalities=m.fatalities,
        injured=m.injured,
        arrested=m.arrested,
        status=m.status,
        source=m.source,
        cameo_root=m.trig.cameo or DEFAULT_CAMEO.get(m.type),
        acled_event_type=acled[0] if acled else None,
        acled_sub_event_type=acled[1] if acled else None,
        geo_precision=geo_precision(m.place, fallback_place),
        time_precision=_time_precision(d),
        background=m.background,
    )


def _time_precision(d: EventDate | None) -> int | None:
    if d is None:
        return None
    if d.basis == "publication":
        return 2
    return {"day": 1, "week": 2}.get(d.precision, 3)


def extract_events(doc: Doc) -> list[Event]:
    """Every event in the document, merged across mentions, in text order."""
    doc.user_data[MEMO_KEY] = TreeMemo()  # dropped before the Doc is handed on
    try:
        return _extract_events(doc)
    finally:
        del doc.user_data[MEMO_KEY]


def _extract_events(doc: Doc) -> list[Event]:
    ctx = Context(doc)
    res = Resolver(ctx)
    mentions: list[Mention] = []
    for sent in doc.sents:
        if ctx.in_boilerplate(sent.start_char, sent.end_char):
            continue
        found = find_mentions(sent, ctx, res)
        others = {m.tok.i for m in found}
        content = content_tokens(found)
        for m in found:
            describe(m, ctx, res, others, content)
            mentions.append(m)
    kept = [m for m in cluster(mentions, ctx) if satisfied(m, ctx)]
    kept.sort(key=lambda m: m.span[0])
    inherit_setting(kept, ctx)
    return [to_event(m, i + 1, ctx) for i, m in enumerate(kept)]


def inherit_setting(kept: list[Mention], ctx: Context) -> None:
    """A retold event with no place or date of its own ("The group said its fighters had
    killed 31 soldiers", after the attack was reported with its town and day) takes them from
    the earlier account of the same type that shares a party with it, instead of falling back
    to the dateline and the publication day. Kept apart as its own record (the figures may
    disagree), but set in the same place and time."""
    for i, m in enumerate(kept):
        own_date = m.date is not None and m.date.basis != "publication"
        if m.background or m.place_basis != "dateline" or own_date:
            continue
        for k in reversed(kept[:i]):
            if k.type != m.type or k.background or k.place_basis == "dateline":
                continue
            shared = any(_similar(a, b, ctx) for a in m.targets for b in k.targets) or any(
                _similar(a, b, ctx) for a in m.actors for b in k.actors
            )
            if not shared:
                continue
            m.place, m.place_basis = k.place, "coreference"
            if k.date is not None and k.date.basis != "publication":
                m.date = replace(k.date, basis="coreference")
            break


@Language.factory(
    "dateline_events",
    assigns=["doc._.events"],
    requires=[
        "doc._.article",
        "doc._.entities",
        "doc._.places",
        "doc._.times",
        "doc._.quotes",
        "token.dep",
        "token.lemma",
    ],
)
class EventComponent(Component):
    """Writes ``doc._.events``: one Event per real event mentioned in the article."""

    FACTORY = "dateline_events"
    ATTRIBUTE = "events"

    def extract(self, doc: Doc) -> list[Event]:
        return extract_events(doc)
