"""The event layer's spaCy component: one pass over the Doc's sentences, then merging.

For each sentence outside the wrapping: find the mentions (``detect``), read their arguments
(``arguments``), describe them (``describe``); then merge the mentions of one event (``merge``),
drop those whose frame wants a counterpart they lack, let retold events inherit their setting,
and write the Events in text order (``records``). Everything per document lives in one
:class:`~dateline.events.context.DocContext`, made here and dropped on return.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.component import Component, register_extension
from dateline.events import lexicon
from dateline.events.actors import LOOKBACK_TOKENS, ActorSettings
from dateline.events.context import DocContext, Settings
from dateline.events.describe import describe
from dateline.events.detect import content_tokens, find_mentions
from dateline.events.lead import find_lead, main_event, mark_governed
from dateline.events.mention import Mention
from dateline.events.merge import cluster, inherit_setting, join_title, satisfied
from dateline.events.narrative import date_from_narrative
from dateline.events.records import to_event
from dateline.events.referents import reciprocal_targets, targets_through_reference
from dateline.events.relative import date_from_events
from dateline.events.similar import Similarity
from dateline.events.specific import Senses, specific
from dateline.events.status import in_condition, negated_description
from dateline.events.triggers import in_sentence, trigger_candidates
from dateline.model import Event

MAIN_EVENT = "main_event"  # the second Doc extension this component writes
BACKGROUND_DAYS = 365  # an event dated over a year before publication is background


@Language.factory(
    "dateline_events",
    assigns=["doc._.events", "doc._.main_event"],
    requires=[
        "doc._.article",
        "doc._.entities",
        "doc._.places",
        "doc._.times",
        "doc._.quotes",
        "doc._.references",
        "doc.sents",
        "token.dep",
        "token.tag",
        "token.lemma",
        "token.ent_type",
    ],
    default_config={
        "lookback_tokens": LOOKBACK_TOKENS,
        "background_days": BACKGROUND_DAYS,
    },
)
class EventComponent(Component):
    """Writes ``doc._.events``: one Event per real event mentioned in the article."""

    FACTORY = "dateline_events"
    ATTRIBUTE = "events"

    def __init__(
        self,
        nlp: Language,
        name: str,
        lookback_tokens: int = LOOKBACK_TOKENS,
        background_days: int = BACKGROUND_DAYS,
    ) -> None:
        super().__init__(nlp, name)
        register_extension(MAIN_EVENT)
        self.lexicon = lexicon.load()
        self.settings = Settings(
            actors=ActorSettings(lookback_tokens),
            background_days=background_days,
        )

    def extract(self, doc: Doc) -> list[Event]:
        """``doc._.events``; ``doc._.main_event`` is set alongside it, since it names one of
        them (the id of the event the title and lead report, None without events)."""
        events, main = extract_with_main(doc, DocContext(doc, self.lexicon, self.settings))
        setattr(doc._, MAIN_EVENT, main)
        return events


def extract_events(doc: Doc, ctx: DocContext) -> list[Event]:
    """Every event in the document, merged across mentions, in text order."""
    return extract_with_main(doc, ctx)[0]


def extract_with_main(doc: Doc, ctx: DocContext) -> tuple[list[Event], str | None]:
    """Every event in the document, merged across mentions, in text order, and the id of the
    main event (see :mod:`dateline.events.lead`)."""
    mentions: list[Mention] = []
    candidates = trigger_candidates(ctx)
    lead = find_lead(ctx.article)
    senses = Senses()
    for sent in doc.sents:
        if ctx.in_boilerplate(sent.start_char, sent.end_char):
            continue
        found = find_mentions(sent, in_sentence(candidates, sent), ctx)
        others = {m.tok.i for m in found}
        content = content_tokens(found, ctx)
        for m in found:
            describe(m, ctx, others, content)
        date_from_events(found, mentions, ctx)  # "came a week after X": a week before the event
        date_from_narrative(found, mentions, ctx)  # "They killed two guards": that day's too
        for m in found:
            senses.resolve(m)
            if in_condition(m, ctx) or negated_description(m, ctx):
                continue  # "if the company refused to meet": supposed, not told
            if not specific(m, lead):
                # "Fighting has not stopped", "then the fighting returned": no occasion of its
                # own; it adds to the event it retells, or stands for a type the article
                # tells nowhere else (``cluster``)
                m.weak = not m.merge_only  # content and back-references stay merge-only
                m.merge_only = True
            m.spans = [m.span]
            m.in_title = lead.in_title(m.span[0])
            mentions.append(m)
    mark_governed(mentions, lead)
    similarity = Similarity(ctx.refs, ctx.lexicon.sectors)
    kept = [m for m in cluster(mentions, ctx, similarity) if satisfied(m, ctx)]
    kept.sort(key=lambda m: m.span[0])
    kept = join_title(kept, lead, similarity)
    inherit_setting(kept, similarity)
    targets_through_reference(kept, ctx)
    reciprocal_targets(kept, ctx)
    events = [to_event(m, i + 1, ctx) for i, m in enumerate(kept)]
    main = main_event(kept, lead)
    return events, events[main].id if main is not None else None
