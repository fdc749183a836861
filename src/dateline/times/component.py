"""The time layer's entry points: the spaCy component that fills ``doc._.times``,
:func:`extract` over a parsed Doc, :func:`normalize` for one expression written alone,
:func:`resolve_duration` and :func:`times_in` for the layers that read times."""

from __future__ import annotations

from bisect import bisect_left
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from dateline.component import Component
from dateline.model import TimeExpr
from dateline.times.anaphora import compare_periods, resolve_anaphora
from dateline.times.dates import resolve_duration_value
from dateline.times.registry import DEFAULT_SETTINGS, Context, Settings
from dateline.times.selection import date_entities, find_candidates, select, to_expr
from dateline.times.tense import clause_tense
from dateline.times.vocabulary import PAST
from dateline.tokens import text_of


def extract(
    doc: Doc, anchor: date | None = None, settings: Settings = DEFAULT_SETTINGS
) -> list[TimeExpr]:
    """Every time expression in ``doc``, normalized against ``anchor``."""
    text = text_of(doc)
    tenses: dict[tuple[int, int], str] = {}

    def tense_of(start: int, end: int) -> str:
        key = (start, end)
        if key not in tenses:
            tenses[key] = clause_tense(doc, start, end)
        return tenses[key]

    ctx = Context(text, anchor, tense_of, doc, settings)
    chosen = select(find_candidates(text, ctx, date_entities(doc)))
    compare_periods(chosen, anchor, settings.compare_reach)
    resolve_anaphora(chosen)
    return [to_expr(text, c) for c in chosen]


def normalize(text: str, anchor: date | None, tense: str = PAST) -> TimeExpr | None:
    """Normalize one expression written alone ("next week", "within 135 days").

    The longest rule match in ``text`` wins; offsets are into ``text``. ``tense`` stands in for
    the clause the expression would sit in (past / present / future).
    """
    ctx = Context(text, anchor, lambda s, e: tense)
    chosen = select(find_candidates(text, ctx, lambda s, e: True))
    if not chosen:
        return None
    best = max(chosen, key=lambda c: c.end - c.start)
    return to_expr(text, best)


def resolve_duration(anchor: date, expr: TimeExpr) -> date | None:
    """The deadline a duration sets from ``anchor`` ("within 135 days" of 2020-02-29 ->
    2020-07-13; "in 14 months" -> 2021-04-29). None when the length is unknown or the day
    falls outside the calendar."""
    return resolve_duration_value(anchor, expr.value or "")


def times_in(doc: Doc, start: int, end: int) -> list[TimeExpr]:
    """The time expressions lying inside the characters [start, end) of ``doc`` (the times are
    in text order, so a binary search finds the first: callers ask once per sentence)."""
    found = doc._.times or []
    first = bisect_left(found, start, key=lambda t: t.start)
    inside: list[TimeExpr] = []
    for t in found[first:]:
        if t.start >= end:
            break
        if t.end <= end:
            inside.append(t)
    return inside


def _anchor_of(doc: Doc) -> date | None:
    article = doc._.article if Doc.has_extension("article") else None
    return getattr(article, "published", None)


@Language.factory(
    "dateline_times",
    assigns=["doc._.times"],
    requires=["doc._.article", "doc.ents", "token.dep"],
    default_config={
        "same_day_bare_weekday": DEFAULT_SETTINGS.same_day_bare_weekday,
        "month_horizon_days": DEFAULT_SETTINGS.month_horizon_days,
        "compare_reach": DEFAULT_SETTINGS.compare_reach,
    },
)
class TimeComponent(Component):
    """Writes ``doc._.times``: every time expression outside boilerplate, normalized."""

    FACTORY = "dateline_times"
    ATTRIBUTE = "times"

    def __init__(
        self,
        nlp: Language,
        name: str,
        same_day_bare_weekday: bool = DEFAULT_SETTINGS.same_day_bare_weekday,
        month_horizon_days: int = DEFAULT_SETTINGS.month_horizon_days,
        compare_reach: int = DEFAULT_SETTINGS.compare_reach,
    ) -> None:
        super().__init__(nlp, name)
        self.settings = Settings(same_day_bare_weekday, month_horizon_days, compare_reach)

    def extract(self, doc: Doc) -> list[TimeExpr]:
        article = doc._.article
        found = extract(doc, _anchor_of(doc), self.settings)
        if article is not None and getattr(article, "boilerplate", None):
            found = [t for t in found if not article.in_boilerplate(t.start, t.end)]
        return found
