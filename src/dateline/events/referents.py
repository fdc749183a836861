"""Targets read through a back-reference: "the commission rejected the demand" bears on whoever
made the demand, "the council rejected the deployment" on whoever deployed.

A reaction (a rejection, an accusation, support) whose object is a definite event noun and that
names no target of its own takes as targets the actors of the latest earlier event of that
noun's type: the event the noun refers back to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.events.mention import Mention
from dateline.events.triggers import match_trigger

if TYPE_CHECKING:
    from dateline.events.context import DocContext

OBJECT_DEPS = {"dobj"}


def targets_through_reference(kept: list[Mention], ctx: DocContext) -> None:
    """Fill empty targets from the event a definite object noun refers to. ``kept`` is in
    text order."""
    latest: dict[str, Mention] = {}  # type -> latest earlier event of it with actors
    for m in kept:
        if not m.targets and not m.frame.is_noun:
            referred = _referred_type(m, ctx)
            earlier = latest.get(referred) if referred else None
            if earlier is not None:
                m.targets = [a for a in earlier.actors if a not in m.actors]
        if m.actors:
            latest[m.type] = m


def _referred_type(m: Mention, ctx: DocContext) -> str | None:
    """The type of the definite event noun that is the trigger's object, if any."""
    definite = ctx.words.definite_det
    for child in ctx.tree.children(m.light or m.tok):
        if child.dep_ not in OBJECT_DEPS:
            continue
        if not any(c.dep_ == "det" and c.lower_ in definite for c in ctx.tree.children(child)):
            continue
        frame = match_trigger(child, ctx)
        if frame is not None and frame.type != m.type:
            return frame.type
    return None


def reciprocal_targets(kept: list[Mention], ctx: DocContext) -> None:
    """ "Kenya and Uganda signed an agreement", "the two delegations met": in an act of a
    reciprocal type (``reciprocal_type`` in event_words.csv) done by several parties and
    naming no other, each party is the other's counterpart, so the parties are its targets
    too, as a dyadic coder writes it both ways. Run after the article's mentions are merged:
    before, a party in both roles would read as two acts (``merge._crossed_roles``)."""
    for m in kept:
        if not m.targets and len(m.actors) > 1 and m.type in ctx.words.reciprocal_type:
            m.targets = list(m.actors)
