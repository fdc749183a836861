"""Several mentions of one real event become one record: an analyst counts events, not
sentences ("an airstrike ... a spokesman confirmed the airstrike").

Mentions merge first within their sentence, then with the events kept so far. Which earlier
event a mention joins is decided by :func:`compatible` (same type, status, overlapping dates,
alike parties, one place, no clashing figures; when only one of the two names a party, a
shared place, figure, word or day) and, for a back-reference ("the attack"), by
affinity (a shared party, the same word; the most recent of the best). The rules are the
same as when every mention was compared with every earlier event of its type; what changed is
that :class:`KeptEvents` files the kept events under what compatibility requires (type,
background, status, place, parties' keys, whether they carry figures), so each mention is
compared only with the events it could join. Measured on a 2,000-sentence article (801
events): 187,746 comparisons before, 12,683 after; the comparisons had made the layer quadratic
in the article's length.
"""

from __future__ import annotations

import heapq
from bisect import insort
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from dateline import numbers
from dateline.events.clauses import host_verb, reciprocal
from dateline.events.lead import Lead
from dateline.events.mention import Mention
from dateline.events.place import place_key
from dateline.events.similar import Key, Similarity
from dateline.model import Count, EventDate
from dateline.tokens import PLURAL_TAGS

if TYPE_CHECKING:
    from dateline.events.context import DocContext

# dates no clause of the mention gives: the publication day, the paragraph's day (narrative);
# they neither keep two accounts apart nor outrank a date the text gives
GUESSED_BASES = {"publication", "narrative"}
PLACE_BASIS_RANK = {"dateline": 0, "sentence": 1, "clause": 2}
WORD_PREFIX = 4  # "attack" and "attacks", "shelled" and "shelling": one word for affinity
SHARED_PARTY, SAME_WORD = 2, 1  # affinity weights
CONNECTIVE_DEPS = {"prep", "mark"}
CASUALTY_FIELDS = ("fatalities", "injured", "arrested")
TITLE_REACH = 1500  # characters after the lead within which a headline's event is told
SCAN_LIMIT = 32  # kept events of one type compared one by one before they are filed by key
RECIPROCAL_DEPS = {"dobj", "prep", "npadvmod"}  # "met each other", "talked with one another"


def cluster(mentions: list[Mention], ctx: DocContext, similarity: Similarity) -> list[Mention]:
    """Merge repeated mentions: first within a sentence, then across the article. A weak
    mention (no occasion of its own) that joins no event stands only when the article tells
    no other event of its type: then it is the article's account of that kind ("the
    ceasefire held", "an investigation was opened"), not a retelling or a generic remark."""
    kept = KeptEvents(similarity)
    unhosted: list[Mention] = []  # weak mentions that joined no event
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence.start, []).append(m)
    for _, group in sorted(by_sentence.items()):
        local: list[Mention] = []
        for m in group:
            host = next(
                (
                    k
                    for k in local
                    if compatible(k, m, ctx, similarity, True) and not _sequenced(k.tok, m.tok, ctx)
                ),
                None,
            )
            if host:
                merge_into(host, m)
                host.anaphoric = host.anaphoric or m.anaphoric
                host.merge_only = host.merge_only and m.merge_only
                host.weak = host.weak and m.weak
            else:
                local.append(m)
        for m in local:
            host = kept.host(m, ctx)
            if host:
                kept.merge(host, m)
            elif not m.merge_only:
                _continue_series(m, kept.events)
                kept.add(m)
            elif m.weak:
                unhosted.append(m)
    told = {k.type for k in kept.events}
    for m in unhosted:  # the article's only account of its kind stands, the first of them
        if m.type not in told:
            told.add(m.type)
            m.merge_only = False
            kept.add(m)
    return kept.events


def compatible(
    keep: Mention, new: Mention, ctx: DocContext, similarity: Similarity, same_sentence: bool
) -> bool:
    """Whether ``new`` can be another mention of the event ``keep`` stands for."""
    if same_sentence and (new.type, new.mode or "") in ctx.lexicon.types[keep.type].absorbs:
        return _args_ok(keep.actors, new.actors, similarity)  # "attacked ..., setting fire to"
    if keep.type != new.type or keep.background != new.background and not new.anaphoric:
        return False
    if new.another and not same_sentence:
        return False  # "a second rally", "another raid": not the one told before
    if _crossed_roles(keep, new):
        return False
    if keep.status != new.status and not new.merge_only and not new.anaphoric:
        return False
    if not _dates_ok(keep.date, new.date):
        return False
    if new.anaphoric and not same_sentence and not (new.actors or new.targets):
        return True
    if not (
        _args_ok(keep.actors, new.actors, similarity)
        and _args_ok(keep.targets, new.targets, similarity)
    ):
        return new.anaphoric
    kp, np_ = keep.place, new.place
    if same_sentence:  # one act told in two clauses, unless they are two coordinated acts of
        # which only one names a party ("two were stabbed to death and police fired")
        coordinated = _coordinated(keep.tok, new.tok)
        return not (coordinated and (_one_sided(keep, new) or _unmatched_parties(keep, new)))
    if new.anaphoric or new.merge_only:
        return True
    if _unmatched_parties(keep, new):
        return False
    if kp and np_ and kp.id != np_.id:
        return False
    if _one_sided(keep, new) and not _corroborated(keep, new):
        return False
    if new.has_numbers() and not keep.has_numbers():
        return bool(kp and np_ and kp.id == np_.id)
    if new.has_numbers() and keep.has_numbers():
        # "Four people were arrested ... Officers arrested four people": one act told twice
        # when a figure recurs at the same named place; different figures are two acts
        if not figures(keep) & figures(new):
            return False
        if kp is None and np_ is None:  # no place told: the same figure and a shared party
            return _shares_party(keep, new, similarity)
        if kp is None or np_ is None:  # a place told once (the lead's "were arrested after
            # a march through X", then "police said four were arrested"): one act when the
            # placeless account has its own date or is a retelling in the body with the same
            # figure (a headline's clipped mention is join_title's)
            placeless = keep if kp is None else new
            dated = placeless.date is not None and placeless.date.basis not in GUESSED_BASES
            return (dated or not placeless.in_title) and _shares_party(keep, new, similarity)
        return kp.id == np_.id
    return True


def _crossed_roles(keep: Mention, new: Mention) -> bool:
    """One account's actor is the other's target ("the gunmen who stormed the depot were
    shot"): two acts, the second done to the doers of the first."""
    return bool(set(keep.actors) & set(new.targets) or set(keep.targets) & set(new.actors))


def _unmatched_parties(keep: Mention, new: Mention) -> bool:
    """Two accounts in different sentences whose parties fill different roles ("police fired
    on the crowd" with its actor, "a youth was stabbed" with its victim) give nothing to
    compare: joined, one party's act would be credited to the other. An account of its own
    joins another only when they name a party in the same role, or one names none."""
    if not (keep.actors or keep.targets) or not (new.actors or new.targets):
        return False
    return not (keep.actors and new.actors) and not (keep.targets and new.targets)


def _coordinated(a: Token, b: Token) -> bool:
    """Two clauses joined as equals ("X happened and Y did Z"), not one inside the other."""
    return (a.dep_ == "conj" and a.head.i == b.i) or (b.dep_ == "conj" and b.head.i == a.i)


def _one_sided(keep: Mention, new: Mention) -> bool:
    """One account names who acted or was hit and the other names no one: nothing about the
    parties says they are one act. A pronoun the text could not resolve ("we signed in 2019")
    names a party, though not who it is."""
    return _names_parties(keep) != _names_parties(new)


def _names_parties(m: Mention) -> bool:
    return bool(m.actors or m.targets) or m.pronoun_party


def _corroborated(keep: Mention, new: Mention) -> bool:
    """Evidence beyond the type that two accounts tell one act: the same named place, the
    same figure, the same word, or the same day given by the text for both."""
    if keep.place and new.place and keep.place.id == new.place.id:
        return True
    if figures(keep) & figures(new) or _word(keep) == _word(new):
        return True
    told = [d for d in (keep.date, new.date) if d is not None and d.basis not in GUESSED_BASES]
    return len(told) == 2 and _dates_ok(keep.date, new.date)


def figures(m: Mention) -> set[float]:
    """The values of a mention's counts and toll."""
    found = {c.value for c in m.counts}
    if m.fatalities is not None:
        found.add(m.fatalities.value)
    return found


def _args_ok(xs: list[str], ys: list[str], similarity: Similarity) -> bool:
    return not xs or not ys or similarity.any_similar(xs, ys)


def _dates_ok(a: EventDate | None, b: EventDate | None) -> bool:
    if a is None or b is None or a.basis in GUESSED_BASES or b.basis in GUESSED_BASES:
        return True
    a0, a1 = a.earliest or a.value, a.latest or a.value
    b0, b1 = b.earliest or b.value, b.latest or b.value
    if a0 is None or a1 is None or b0 is None or b1 is None:
        return True
    return not (a1 < b0 or b1 < a0)


def merge_into(keep: Mention, new: Mention) -> None:
    """Fold a later mention into the event it repeats, keeping the most specific facts."""
    keep.spans.extend(s for s in new.spans or [new.span] if s not in keep.spans)
    keep.governed = keep.governed or new.governed
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
        same = next((k for k in keep.counts if k.value == c.value), None)
        if same is None:
            keep.counts.append(c)
        elif same.what == c.what:
            _restated(same, c)
    for attr in CASUALTY_FIELDS:
        mine, theirs = getattr(keep, attr), getattr(new, attr)
        if theirs and (mine is None or theirs.value < mine.value):
            setattr(keep, attr, theirs)
        elif theirs and mine.value == theirs.value:
            _restated(mine, theirs)


def _continue_series(m: Mention, events: list[Mention]) -> None:
    """ "Farmers rallied on Monday ... A second rally is called for Friday": a mention counted apart
    from an earlier one of its type, naming no actor, continues that one's series, so its
    actors are the earlier event's (the latest of its type before it)."""
    if not m.another or m.actors:
        return
    earlier = next((k for k in reversed(events) if k.type == m.type), None)
    if earlier is not None:
        m.actors = [a for a in earlier.actors if a not in m.targets]


def _restated(kept: Count, again: Count) -> None:
    """The same figure told again ("two were killed ... the two killed were"): one count that
    keeps where each telling stands."""
    kept.spans.extend(s for s in again.spans if s not in kept.spans)


def _better_date(a: EventDate | None, b: EventDate | None) -> EventDate | None:
    if a is None or a.basis in GUESSED_BASES:
        return b if b is not None and b.basis not in GUESSED_BASES else a or b
    if b is not None and b.basis == "text" and a.basis == "sentence":
        return b
    if (
        b is not None
        and b.basis not in GUESSED_BASES  # "on or before publication" narrows no year
        and a.value is None
        and b.value is not None
        and _dates_ok(a, b)
    ):
        return b  # "in March" then "on 11 March": the day
    return a


def _place_rank(m: Mention) -> tuple[int, int]:
    basis = PLACE_BASIS_RANK.get(m.place_basis, 0)
    return (basis, place_key(m.place) if m.place else -1)


def _sequenced(a: Token, b: Token, ctx: DocContext) -> bool:
    """ "The attack came two weeks after gunmen killed ...": a temporal connective between two
    mentions orders two events; they are not one."""
    tree, temporal = ctx.tree, ctx.words.temporal_prep
    above_a = {t.i for t in [a, *tree.ancestors(a)]}
    common = next((t for t in [b, *tree.ancestors(b)] if t.i in above_a), None)
    if common is None:
        return False
    for tok in (a, b):
        for anc in [tok, *tree.ancestors(tok)]:
            if anc.i == common.i:
                break
            if anc.lower_ in temporal and anc.dep_ in CONNECTIVE_DEPS:
                return True
            if any(c.dep_ == "mark" and c.lower_ in temporal for c in tree.children(anc)):
                return True
    return False


class KeptEvents:
    """The events kept so far, in text order, filed under the keys compatibility requires.

    Each key holds its events' sequence numbers, ascending. Keys are only ever added (an
    event's parties and figures only grow, its place only changes to a better one), so a key
    may still list an event that no longer fits it: every candidate is checked with
    :func:`compatible`, and the keys only decide which events are worth checking.

    Filing costs more than it saves while a type has few events (most articles have a handful
    per type; measured, filing every event made the layer 5% slower on 640-word articles), so a
    type's events are compared one by one until there are more than ``scan_limit`` of them,
    and filed from then on. Both ways give the same host.
    """

    def __init__(self, similarity: Similarity, scan_limit: int = SCAN_LIMIT) -> None:
        self.similarity = similarity
        self.scan_limit = scan_limit
        self.events: list[Mention] = []
        self._seq: dict[int, int] = {}  # id(mention) -> position in ``events``
        self._of_type: dict[str, list[Mention]] = {}  # kept events by type, in text order
        self._filed: set[str] = set()  # types whose events are filed by key
        self._postings: dict[tuple, list[int]] = {}
        self._posted: set[tuple[tuple, int]] = set()

    # ---- filing

    def add(self, m: Mention) -> None:
        seq = len(self.events)
        self.events.append(m)
        self._seq[id(m)] = seq
        same = self._of_type.setdefault(m.type, [])
        same.append(m)
        if m.type in self._filed:
            self._file_anew(m, seq)
        elif len(same) > self.scan_limit:
            self._filed.add(m.type)
            for k in same:
                self._file_anew(k, self._seq[id(k)])

    def merge(self, host: Mention, m: Mention) -> None:
        """``merge_into``, then file the host under its new parties, place and figures."""
        actors, targets = len(host.actors), len(host.targets)
        merge_into(host, m)
        if host.type in self._filed:
            self._file(host, self._seq[id(host)], host.actors[actors:], host.targets[targets:])

    def _file_anew(self, m: Mention, seq: int) -> None:
        self._post(("type", m.type), seq)
        self._post(("word", m.type, _word(m)), seq)
        self._file(m, seq, m.actors, m.targets)

    def _file(self, m: Mention, seq: int, actors: list[str], targets: list[str]) -> None:
        state = (m.type, m.background, m.status)
        self._post(("state", *state), seq)
        self._post(("place", *state, m.place.id if m.place else None), seq)
        if not m.has_numbers():
            self._post(("no-numbers", *state), seq)
        for value in figures(m):
            self._post(("figure", *state, m.place.id if m.place else None, value), seq)
            self._post(("figure-anywhere", *state, value), seq)
        for role, refs, current in (("actor", actors, m.actors), ("target", targets, m.targets)):
            if not current:
                self._post((f"no-{role}", *state), seq)
            for ref in refs:
                self._post(("shares", m.type, role, ref), seq)
                self._post(("shares-word", m.type, role, ref, _word(m)), seq)
                for key in self.similarity.keys(ref):
                    self._post(("alike", *state, role, key), seq)

    def _post(self, key: tuple, seq: int) -> None:
        if (key, seq) in self._posted:
            return
        self._posted.add((key, seq))
        found = self._postings.setdefault(key, [])
        if not found or found[-1] < seq:
            found.append(seq)
        else:
            insort(found, seq)

    def _ascending(self, keys: Iterable[tuple]) -> Iterator[Mention]:
        """The events filed under any of ``keys``, each once, earliest first."""
        lists = [self._postings[k] for k in keys if k in self._postings]
        last = -1
        for seq in heapq.merge(*lists):
            if seq != last:
                last = seq
                yield self.events[seq]

    def _descending(self, keys: Iterable[tuple]) -> Iterator[Mention]:
        """The same, latest first."""
        lists = [reversed(self._postings[k]) for k in keys if k in self._postings]
        last = -1
        for seq in heapq.merge(*lists, reverse=True):
            if seq != last:
                last = seq
                yield self.events[seq]

    def _size(self, keys: Iterable[tuple]) -> int:
        return sum(len(self._postings.get(k, ())) for k in keys)

    # ---- finding the host

    def host(self, m: Mention, ctx: DocContext) -> Mention | None:
        """The earlier event ``m`` repeats, if any: for a back-reference the compatible event of
        the highest affinity (the most recent of those), else the first compatible event."""
        if m.type not in self._filed:
            return self._scan(m, ctx)
        if m.anaphoric or m.merge_only:
            return self._best_affinity(m, ctx)
        return self._first_compatible(m, ctx)

    def _scan(self, m: Mention, ctx: DocContext) -> Mention | None:
        """The same answer by comparing ``m`` with every kept event of its type."""
        same = self._of_type.get(m.type, [])
        if not (m.anaphoric or m.merge_only):
            return next((k for k in same if self._fits(k, m, ctx)), None)
        candidates = [k for k in same if self._fits(k, m, ctx)]
        if not candidates:
            return None

        def affinity(k: Mention) -> int:
            shared = set(k.actors) & set(m.actors) or set(k.targets) & set(m.targets)
            return SHARED_PARTY * bool(shared) + SAME_WORD * (_word(k) == _word(m))

        best = max(affinity(k) for k in candidates)
        return [k for k in candidates if affinity(k) == best][-1]  # most recent of the best

    def _fits(self, k: Mention, m: Mention, ctx: DocContext) -> bool:
        return compatible(k, m, ctx, self.similarity, False)

    def _first_compatible(self, m: Mention, ctx: DocContext) -> Mention | None:
        """The earliest compatible event, searched among the events filed under the smallest
        set of keys one of compatibility's requirements allows."""
        state = (m.type, m.background, m.status)
        place = m.place.id if m.place else None
        groups: list[list[tuple]] = [[("state", *state)]]
        if m.has_numbers():
            values = figures(m)
            if place is None:  # figures join only an event with one of them, at any place
                groups.append([("figure-anywhere", *state, v) for v in values])
            else:  # or one at the same, named place without figures, or with one of them
                # there or with no place
                placeless = [("figure", *state, None, v) for v in values]
                same_figure = [("figure", *state, place, v) for v in values]
                groups.append([("place", *state, place), *placeless])
                groups.append([("no-numbers", *state), *same_figure, *placeless])
        elif place is not None:
            groups.append([("place", *state, place), ("place", *state, None)])
        for role, refs in (("actor", m.actors), ("target", m.targets)):
            if refs:
                keys = self.similarity.keys_of(refs)
                groups.append([(f"no-{role}", *state)] + [("alike", *state, role, k) for k in keys])
        smallest = min(groups, key=self._size)
        return next((k for k in self._ascending(smallest) if self._fits(k, m, ctx)), None)

    def _best_affinity(self, m: Mention, ctx: DocContext) -> Mention | None:
        """The compatible event with the most affinity (a shared party counts 2, the same word
        1), the most recent of those: searched level by level, latest first."""
        word = _word(m)
        shared_keys = [("shares", m.type, "actor", r) for r in m.actors]
        shared_keys += [("shares", m.type, "target", r) for r in m.targets]
        both_keys = [("shares-word", *key[1:], word) for key in shared_keys]

        def shares(k: Mention) -> bool:
            return bool(set(k.actors) & set(m.actors) or set(k.targets) & set(m.targets))

        def same_word(k: Mention) -> bool:
            return _word(k) == word

        levels: list[tuple[list[tuple], Callable[[Mention], bool]]] = [
            (both_keys, lambda k: True),
            (shared_keys, lambda k: not same_word(k)),
            ([("word", m.type, word)], lambda k: not shares(k)),
            ([("type", m.type)], lambda k: not shares(k) and not same_word(k)),
        ]
        for keys, unseen in levels:
            for k in self._descending(keys):
                if unseen(k) and self._fits(k, m, ctx):
                    return k
        return None


def _word(m: Mention) -> str:
    return m.tok.lemma_[:WORD_PREFIX]


def join_title(kept: list[Mention], lead: Lead, similarity: Similarity) -> list[Mention]:
    """A headline restates an event the story tells ("Gunmen kill 12 soldiers in attack on
    post" over "Dozens of gunmen attacked a military post ..., killing 12"): an event mentioned
    only in the title joins the story's event of its type, status and dates: the first one
    sharing a party with it, else the first whose parties do not clash, else the first told
    within ``TITLE_REACH`` characters after the lead (a headline clips its parties: "Libya's
    delegations sign detainee swap deal"). The figures are not compared: a headline rounds
    them ("at least 12"). The story's mention hosts: its sentence gives the place and date the
    headline leaves out. ``kept`` is in text order."""
    title = [m for m in kept if all(lead.in_title(s) for s, _ in m.spans or [m.span])]
    # a headline event retold only in a standfirst (the lead, when the story's first
    # paragraph is a summary line) is still the headline's: it joins the story's account when
    # the parties agree, never by position alone
    standfirst = [
        m
        for m in kept
        if lead.in_title(m.span[0])
        and not any(m is t for t in title)
        and all(lead.in_title(s) or lead.in_lead(s) for s, _ in m.spans or [m.span])
    ]
    if not title and not standfirst:
        return kept
    heads = title + standfirst
    story = [m for m in kept if not any(m is t for t in heads)]
    joined: list[Mention] = []
    for t in heads:
        fits = [k for k in story if _restates(k, t)]
        shared = [k for k in fits if _shares_party(k, t, similarity)]
        agreeing = [k for k in fits if _parties_agree(k, t, similarity)]
        # a headline's parties are often clipped ("Libya's delegations sign detainee swap"):
        # an event of its type told early in the story is the one it announces even when the
        # parties read differently
        early = [k for k in fits if k.span[0] < lead.end + TITLE_REACH]
        host = next(iter(shared or agreeing or early), None)
        if host is None:
            continue
        if shared or agreeing:
            merge_into(host, t)
        else:  # parties that read differently are the headline's clipping: not lent
            host.spans.extend(s for s in t.spans or [t.span] if s not in host.spans)
            host.governed = host.governed or t.governed
        host.anaphoric = host.anaphoric and t.anaphoric
        joined.append(t)
    return [m for m in kept if not any(m is j for j in joined)]


def _restates(story: Mention, title: Mention) -> bool:
    return (
        story.type == title.type
        and story.status == title.status
        and not story.background
        and _dates_ok(story.date, title.date)
    )


def _parties_agree(a: Mention, b: Mention, similarity: Similarity) -> bool:
    return _args_ok(a.actors, b.actors, similarity) and _args_ok(a.targets, b.targets, similarity)


def _shares_party(a: Mention, b: Mention, similarity: Similarity) -> bool:
    return similarity.any_similar(a.actors, b.actors) or similarity.any_similar(
        a.targets, b.targets
    )


def satisfied(m: Mention, ctx: DocContext) -> bool:
    """Frame requirements: some triggers only mark an event with a counterpart."""
    if m.frame.requires == "target":
        return bool(m.targets)
    if m.frame.requires == "pair":
        named = [r for r in m.targets if r in ctx.refs.entities or r in ctx.refs.places]
        carrier = m.light or (host_verb(m.tok, ctx) if m.frame.is_noun else None)
        return bool(named) or len(m.actors) > 1 or _several_parties(carrier or m.tok, ctx)
    return True


def _several_parties(verb: Token, ctx: DocContext) -> bool:
    """A subject that is a pair by itself ("the two governments met", "both sides met",
    "ministers of A and B met", "envoys from the two states held talks"), or a reciprocal
    object ("met each other"): the counterpart is in the subject."""
    for child in ctx.tree.children(verb):
        if child.dep_ == "nsubj" and child.tag_ in PLURAL_TAGS:
            if _pair_noun(child, ctx) or any(
                _pair_noun(pobj, ctx) or any(c.dep_ == "conj" for c in ctx.tree.children(pobj))
                for _, pobj in ctx.tree.prep_objects(child, ctx.words.party_prep)
            ):
                return True  # "the two governments", "ministers of A and B", "of two states"
        if child.dep_ in RECIPROCAL_DEPS and reciprocal(child, ctx):
            return True
    return False


def _pair_noun(noun: Token, ctx: DocContext) -> bool:
    """A plural counted two or more, or with "both": "the two countries", "both sides"."""
    if noun.tag_ not in PLURAL_TAGS:
        return False
    q = numbers.quantity_of(noun)
    if q is not None and q.value >= 2:
        return True
    return any(g.lower_ in ctx.words.several_det for g in ctx.tree.children(noun))


def inherit_setting(kept: list[Mention], similarity: Similarity) -> None:
    """A retold event with no place or date of its own ("The group said its fighters had
    killed 31 soldiers", after the attack was reported with its town and day) takes them from
    the earlier account of the same type that shares a party with it, instead of falling back
    to the dateline and the publication day. Kept apart as its own record (the figures may
    disagree), but set in the same place and time.

    The earlier accounts are looked up by their parties' keys (see :mod:`similar`), latest
    first, instead of walking back through every earlier event."""
    postings: dict[tuple, list[int]] = {}
    for i, m in enumerate(kept):
        own_date = m.date is not None and m.date.basis not in GUESSED_BASES
        if not (m.background or m.place_basis != "dateline" or own_date):
            _inherit(m, kept, postings, similarity)
        if not m.background and m.place_basis != "dateline":  # can lend its setting
            for role, refs in (("actor", m.actors), ("target", m.targets)):
                for key in similarity.keys_of(refs):
                    postings.setdefault((m.type, role, key), []).append(i)


def _inherit(
    m: Mention, kept: list[Mention], postings: dict[tuple, list[int]], similarity: Similarity
) -> None:
    keys: list[tuple[str, str, Key]] = [
        (m.type, "target", key) for key in similarity.keys_of(m.targets)
    ]
    keys += [(m.type, "actor", key) for key in similarity.keys_of(m.actors)]
    lists = [reversed(postings[k]) for k in keys if k in postings]
    last = -1
    for i in heapq.merge(*lists, reverse=True):
        if i == last:
            continue
        last = i
        k = kept[i]
        shared = similarity.any_similar(m.targets, k.targets) or similarity.any_similar(
            m.actors, k.actors
        )
        if not shared:
            continue
        m.place, m.place_basis = k.place, "coreference"
        if k.date is not None and k.date.basis not in GUESSED_BASES:
            m.date = replace(k.date, basis="coreference")
        return
