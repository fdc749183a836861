"""A merged mention written as the contract's Event: ids, trigger text, CAMEO root, ACLED types
(from the frame, else from the type, mode and the target's sector), precision codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.events.dates import time_precision
from dateline.events.mention import Mention
from dateline.events.place import geo_precision
from dateline.model import Event
from dateline.tokens import text_of

if TYPE_CHECKING:
    from dateline.events.context import DocContext

EVENT_ID = "ev{n}"
PLURAL_SUFFIX = "s"


def to_event(m: Mention, n: int, ctx: DocContext) -> Event:
    """The ``n``-th event of the document."""
    sent = m.sentence
    acled = m.frame.acled if m.frame.acled and m.frame.type == m.type else None
    if acled is None:
        acled = ctx.lexicon.acled.codes(m.type, m.mode, _target_sector(m, ctx))
    d = m.date
    return Event(
        id=EVENT_ID.format(n=n),
        type=m.type,
        trigger=m.span,
        trigger_text=text_of(ctx.doc)[m.span[0] : m.span[1]],
        sentence=(sent.start_char, sent.end_char),
        mode=m.mode,
        actors=list(m.actors),
        targets=list(m.targets),
        place=m.place.id if m.place else None,
        date=d,
        counts=list(m.counts),
        fatalities=m.fatalities,
        injured=m.injured,
        arrested=m.arrested,
        status=m.status,
        source=m.source,
        cameo_root=m.frame.cameo or ctx.lexicon.types[m.type].cameo,
        acled_event_type=acled[0] if acled else None,
        acled_sub_event_type=acled[1] if acled else None,
        geo_precision=geo_precision(m.place, m.place_basis == "dateline"),
        time_precision=time_precision(d),
        background=m.background,
        mentions=sorted(set(m.spans or [m.span])),
    )


def _target_sector(m: Mention, ctx: DocContext) -> str | None:
    """The sector of the first target that has one (an entity's, or a role noun's)."""
    for t in m.targets:
        ent = ctx.refs.entities.get(t)
        if ent:
            sector = ent.sector
        else:
            sector = ctx.lexicon.sectors.get(t.split()[-1].lower().rstrip(PLURAL_SUFFIX))
        if sector:
            return sector
    return None
