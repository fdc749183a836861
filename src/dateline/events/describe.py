"""Describing a mention once its arguments are read: its own clause, then status, date, place,
numbers and source, and the corrections that need all of them (a negated agreement is a
rejection; a toll given by its perpetrator is claimed; an event long before publication is
background, one after it planned)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from dateline.events.clauses import agent_of, is_passive
from dateline.events.counts import numbers_of
from dateline.events.dates import date_of, publication_date
from dateline.events.mention import Mention
from dateline.events.place import place_of
from dateline.events.status import HYPOTHETICAL, NEGATED, OCCURRED, PLANNED, status_of
from dateline.events.subtypes import any_sector
from dateline.events.tree import branch_of, dominates

if TYPE_CHECKING:
    from dateline.events.context import DocContext

OWN_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "parataxis"}  # embedded clauses cut off
CLAIMED = "claimed"  # Count.qualifier of a figure given by its perpetrator
UNREALISED = {PLANNED, HYPOTHETICAL}  # a promised or conditional act, not yet done


def describe(m: Mention, ctx: DocContext, others: set[int], content: set[int]) -> None:
    """Fill status, date, place, numbers and source from the clause and sentence."""
    own = region(m, others - {m.tok.i}, ctx)
    m.status = status_of(m, ctx)
    m.date = date_of(m, ctx, own)
    if m.status in UNREALISED and m.type in ctx.words.ultimatum_type and _ultimatum(m, ctx):
        frame = ctx.lexicon.frames.ultimatum  # "will withdraw its troops unless ...": a threat,
        m.frame, m.type, m.mode, m.status = frame, frame.type, frame.mode, OCCURRED
        # made when it is told, not on the day the act is promised for
        m.date = publication_date(ctx.published) if ctx.published else None
    m.place = place_of(m, ctx, own, content)
    numbers_of(m, own, ctx)
    m.source = source_of(m, ctx)
    if _authority_reports_own_act(m, ctx):
        m.actors = [m.source] if m.source else m.actors  # "four were arrested, police said"
    negated_as = ctx.lexicon.types[m.type].negated_as
    if negated_as and m.status == NEGATED:  # "will not accept", "failed to agree"
        m.type, m.status, m.mode = negated_as, OCCURRED, None
    if m.source and m.source in m.actors and m.fatalities:  # a perpetrator's own toll
        m.fatalities = dataclasses.replace(m.fatalities, qualifier=CLAIMED)
    d = m.date
    if d and d.basis != "publication" and ctx.published:
        latest = d.latest or d.value
        earliest = d.earliest or d.value
        # a difference of days, not ``published - timedelta(...)``: that overflows for a
        # publication date within a year of ``date.min`` (a bad metadata date)
        if latest and (ctx.published - latest).days > ctx.settings.background_days:
            m.background = True
        elif earliest and earliest > ctx.published and m.status == OCCURRED:
            m.status = PLANNED


def _ultimatum(m: Mention, ctx: DocContext) -> bool:
    """Whether the act is conditioned by an "unless" clause of its own verb."""
    marks, tree = ctx.words.ultimatum_mark, ctx.tree
    clauses = [c for c in tree.children(m.light or m.tok) if c.dep_ == "advcl"]
    return any(g.dep_ == "mark" and g.lower_ in marks for c in clauses for g in tree.children(c))


def region(m: Mention, others: set[int], ctx: DocContext) -> list[int]:
    """The trigger's own clause (token indices): its subtree (or the light verb's), minus
    embedded clauses that carry their own predicate or another event's trigger."""
    head = m.light or m.tok
    # the child of ``head`` each other trigger hangs from, found by climbing the head column
    # rather than walking every child's subtree (a subtree is the token's descendants, as
    # ``dominates`` also takes it); a branch holding the trigger itself is never cut
    own_branch = branch_of(ctx.heads, head.i, m.tok.i)
    cut = {b for o in others if (b := branch_of(ctx.heads, head.i, o)) is not None}
    cut.discard(own_branch)
    skip: set[int] = set()
    for child in ctx.tree.children(head):  # only the branches cut walk their subtree
        if (
            child.i in cut
            or child.dep_ in OWN_CLAUSE_DEPS
            or (child.dep_ == "conj" and child.pos_ == "VERB")
        ):
            skip.update(t.i for t in ctx.tree.subtree(child))
    return [t.i for t in ctx.tree.subtree(head) if t.i not in skip]


def _authority_reports_own_act(m: Mention, ctx: DocContext) -> bool:
    """ "Police said four people were arrested": an agentless passive of an act only a state
    body does (``speaker_agent_type``: arrests, detentions) reported by a state body is that
    body's act. A lawyer or a relative reporting the arrest is no arrester: the source must
    be of a state sector."""
    if m.actors or m.source is None or m.type not in ctx.words.speaker_agent_type:
        return False
    verb = m.light or m.tok
    if not is_passive(verb, ctx) or agent_of(verb, ctx) is not None:
        return False
    return any_sector([m.source], ctx, ctx.lexicon.acled_evidence.state_sector)


def source_of(m: Mention, ctx: DocContext) -> str | None:
    """The speaker of the quote the trigger sits in, else the subject of a reporting verb that
    governs the trigger's clause ("..., the spokesman said")."""
    quote = ctx.refs.speaker_at(m.span[0])
    if quote is not None:
        return quote.speaker
    for tok in ctx.speech_verbs(m.sentence):
        if tok == m.tok:
            continue
        inside = dominates(tok, m.tok)
        sibling = tok.dep_ == "parataxis" and dominates(tok.head, m.tok)
        if not (inside or sibling):
            continue
        subj = next((c for c in ctx.tree.children(tok) if c.dep_ == "nsubj"), None)
        if subj is not None and not dominates(subj, m.tok):
            refs = ctx.actors.refs(subj)
            if refs:
                return refs[0]
    return None
