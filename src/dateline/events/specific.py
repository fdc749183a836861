"""Specificity: whether a mention tells of one occasion, so that it may stand as an event.

An analyst codes an event when the text gives it an occasion: a party (an actor or a target),
a time of its own, or the article's news (the title, the lead or the opening sentence state
what happened). A bare mention elsewhere ("Fighting has not stopped entirely", "more than a
year of fighting") tells a state of affairs; kept, it also swallows the specific account
that follows it ("Clashes ... killed two on Sunday") when the two merge. Such a mention may
still join the event it retells (its sentence's, or an earlier one of its type); it founds
none.
"""

from __future__ import annotations

from dateline.events.lead import Lead
from dateline.events.mention import Mention

OWN_DATE_BASES = {"text"}  # a date of its own clause (not the sentence's, nor the publication day)


def specific(m: Mention, lead: Lead) -> bool:
    """True when ``m`` has a party, a date from the text, is counted apart from an earlier
    occasion ("a second rally is called"), or is the article's news."""
    if m.actors or m.targets or m.another:
        return True
    if m.date is not None and m.date.basis in OWN_DATE_BASES:
        return True
    start = m.span[0]
    return m.sentence.start == 0 or lead.in_title(start) or lead.in_lead(start)


class Senses:
    """The sense each trigger word had when the article last used it as an event word.

    A noun that refers back ("the strike", "the deal") means what its antecedent meant: after
    "a drone struck a convoy", "the strike hit the column" is that attack, not a labour strike,
    although its own sentence has no word of the military sense. A back-reference takes the
    type and mode of the latest earlier mention of its word; others set it."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str | None]] = {}

    def resolve(self, m: Mention) -> None:
        word = m.tok.lemma_.lower()
        earlier = self._seen.get(word)
        if m.anaphoric and m.frame.is_noun and earlier is not None:
            m.type, m.mode = earlier
            return
        self._seen[word] = (m.type, m.mode)
