"""Where a mention happened: the most specific place in its clause, else its sentence, else
the dateline's. A place that is a party ("invaded Afghanistan"), an actor's affiliation ("U.S.
troops") or inside the content of a request ("asked X to leave Pakistan") is not the place."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from spacy.tokens import Token

from dateline.events.mention import Mention
from dateline.model import Place
from dateline.places import precision_code

if TYPE_CHECKING:
    from dateline.events.context import DocContext

# how specific a feature class is, least first: the most specific place of a clause wins
AFTERWARD_DEPS = {"conj", "acl"}  # "arrested and taken to ...", "... taken to" as a participle
FEATURE_RANK = {"country": 0, "region": 1, "admin1": 2, "admin2": 3, "city": 4}
DEFAULT_FEATURE = "city"
NAME_DEPS = {"compound", "flat", "amod", "nmod"}  # a place word inside a longer name
LOCATING_DEPS = {"prep", "relcl", "acl"}  # modifiers of an argument that may still locate
FALLBACK_GEO_PRECISION = 3  # ACLED geo_precision of the dateline's place: the story's region


def place_of(m: Mention, ctx: DocContext, own: list[int], content: set[int]) -> Place | None:
    """The most specific place in the clause, else the sentence, else the dateline place."""
    used = set(m.actors) | set(m.targets)
    blocked: set[int] | None = None  # read when a place word first turns up (often never)
    place_like, words, doc = ctx.place_like(), ctx.words, ctx.doc

    def candidates(
        indices: Iterable[int], allowed: frozenset[str] = frozenset(), own_phrase: bool = False
    ) -> list[Place]:
        """Places among ``indices``; ``own_phrase``: the trigger's own "to" phrase, where no
        other verb can have carried anyone (``_carried_elsewhere`` is not asked)."""
        nonlocal blocked
        found = []
        for i in indices:
            if i not in place_like:
                continue  # no place can come of it: skip the syntax checks
            if blocked is None:
                blocked = _argument_tokens(m, content, ctx)
            if i in blocked and not allowed:  # a "to" object is a target and still a place
                continue
            tok = doc[i]
            if not _locative(tok, m.tok, ctx):
                continue
            if not own_phrase and _carried_elsewhere(tok, anchor, ctx):
                continue
            p = ctx.refs.place_at(i)
            if (
                p is None
                and tok.lower_ in ctx.lexicon.place_nouns
                and any(c.lower_ in words.definite_article for c in ctx.tree.children(tok))
            ):
                p = definite_place(tok, m.targets + m.actors, ctx)
            if p is None or (p.id in used and p.id not in allowed):
                continue
            found.append(p)
        return found

    anchor = m.light or m.tok
    sent = m.sentence
    if any(c.lower_ in words.nationwide for c in ctx.tree.children(m.tok)):
        country = ctx.refs.country_of_refs(m.actors) or ctx.refs.salient_country()
        if country is not None:  # "a nationwide general strike": the country, not a city
            m.place_basis = "clause"
            return country
    pools: tuple[tuple[str, list[int] | None], ...] = ()  # "destination": a "to" place
    if ctx.place_like_between(sent.start, sent.end):  # else the sentence has no place word
        # the trigger's own locative phrases, and its light verb's ("signed an agreement in X")
        heads = (anchor,) if anchor is m.tok else (anchor, m.tok)
        direct = [
            g.i
            for head in heads
            for c in ctx.tree.children(head)
            if c.dep_ == "prep" and c.lower_ in words.place_prep
            for g in ctx.tree.subtree(c)
        ]
        destination = [
            g.i
            for c in ctx.tree.children(anchor)
            if c.dep_ == "prep" and c.lower_ in words.destination_prep
            for g in ctx.tree.subtree(c)
        ]
        pools = (("clause", direct), ("clause", own), ("destination", destination))
        pools += (("sentence", None),)
    for basis, pool in pools:
        if basis == "sentence" and m.type in words.located_at_target:
            hit = next((ctx.refs.places[t] for t in m.targets if t in ctx.refs.places), None)
            if hit is not None:  # "launched an offensive on X": fought there
                m.place_basis = "clause"
                return hit
        allowed = frozenset(m.targets) if basis == "destination" else frozenset()
        indices = ctx.segment(m.tok, sent) if pool is None else pool
        found = candidates(indices, allowed, own_phrase=basis == "destination")
        if basis == "destination":
            basis = "clause"  # the trigger's own phrase: as good as its clause
        if found:
            m.place_basis = basis
            return max(found, key=place_key)
    m.place_basis = "dateline"
    return ctx.dateline_place()


def definite_place(tok: Token, refs: list[str], ctx: DocContext) -> Place | None:
    """ "the country", "the region": the country of the event's parties, else the latest place
    of that kind mentioned before (else, for "the country", the story's country)."""
    want = ctx.lexicon.place_nouns[tok.lower_]
    index = ctx.refs
    if "country" in want:
        found = index.country_of_refs(refs)
        if found:
            return found
    lookback = ctx.settings.actors.lookback_tokens
    for i in range(tok.i - 1, max(tok.i - lookback, 0) - 1, -1):
        p = index.place_at(i)
        if p is not None and p.feature in want:
            return p
    return index.salient_country() if "country" in want else None


def place_key(p: Place) -> int:
    return FEATURE_RANK.get(p.feature or DEFAULT_FEATURE, FEATURE_RANK[DEFAULT_FEATURE])


def _argument_tokens(m: Mention, content: set[int], ctx: DocContext) -> set[int]:
    """Tokens no event place can come from: the content of a request or threat, the argument
    heads and their modifiers ("U.S. troops"; a "prep", "relcl" or "acl" can still locate)."""
    blocked = set(content)
    for tok in m.arg_tokens:
        blocked.add(tok.i)
        for child in ctx.tree.children(tok):
            if child.dep_ not in LOCATING_DEPS:
                blocked.update(t.i for t in ctx.tree.subtree(child))
    return blocked


def _locative(tok: Token, trigger: Token, ctx: DocContext) -> bool:
    """A place word used as a location: object of "in/at/near/across/to ...", or a modifier of
    the trigger itself ("the Doha deal"); not an actor's affiliation ("U.S. spokesman")."""
    head = tok
    while head.dep_ in NAME_DEPS:
        up = head.head
        if up.i == head.i:
            break
        if up.i == trigger.i:
            return True
        head = up
    if head.dep_ == "appos":
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in ctx.words.locating_prep


def _carried_elsewhere(tok: Token, anchor: Token, ctx: DocContext) -> bool:
    """A place under a verb coordinated with or tacked onto the event's that moves someone
    somewhere ("were arrested and taken to a police station in X"): where they were taken
    afterwards, not where the event happened. A "when" clause is the event's own means ("were
    killed when a bomber drove into a checkpoint in X"): there it happened."""
    destination = ctx.words.destination_prep
    up = tok.head
    while up.i != anchor.i:
        if (
            up.pos_ == "VERB"
            and up.dep_ in AFTERWARD_DEPS
            and any(c.dep_ == "prep" and c.lower_ in destination for c in ctx.tree.children(up))
        ):
            return True
        if up.head.i == up.i:
            return False
        up = up.head
    return False


def geo_precision(p: Place | None, fallback: bool) -> int | None:
    """ACLED's geo_precision: the place layer's code for a place of the text, the region's for
    the dateline's place standing in."""
    if p is None:
        return None
    if fallback:
        return FALLBACK_GEO_PRECISION
    return precision_code(p)
