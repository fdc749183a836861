"""The title and the lead of an article, and the event they report: ``document.main_event``.

A news story states its event in the headline and again in the lead (the first paragraph of
the story); what follows is detail, reaction and background. So:

* the **title** is the article's title when the text opens with it, else a first paragraph
  that reads as a headline (no sentence-final punctuation, at most ``HEADLINE_MAX_WORDS``
  words: NGEC's stories and plain-text files open with one);
* the **lead** is the first paragraph after it that is not wrapping (boilerplate) and holds a
  sentence of at least ``LEAD_MIN_WORDS`` words (a byline, a timestamp line or "Updated ..."
  is not a lead);
* a title mention repeats an event of the story: it joins the first compatible event of its
  type (:func:`dateline.events.merge.join_title`), so the headline and the lead are one event;
* the **main event** is the event mentioned in the title and the lead, by score: a mention in
  the title, one in the lead, the number of mentions, parties filled; an event that did not
  occur (negated), or background, is not the story's event. The first in text order was often
  a side remark (issue 13).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateline.events.mention import Mention
from dateline.events.tree import dominates
from dateline.model import Article

HEADLINE_MAX_WORDS = 30  # a first paragraph longer than this is a story paragraph
LEAD_MIN_WORDS = 8  # shorter paragraphs are bylines, datelines, timestamps
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
WORD = re.compile(r"\w+")
# a mention in the title outweighs everything a lead-only event can gather (2 + 1.5 + 1): the
# headline states the story's event. Measured on NGEC (500 stories, seed 1): with the title
# at 3 a lead event with parties and a repeat beat the headline's, main event 0.432 against
# 0.446 for the first event of title and lead
TITLE_WEIGHT, LEAD_WEIGHT = 5.0, 2.0
MENTION_WEIGHT, MENTION_CAP = 0.5, 3  # further mentions, counted up to the cap
PARTY_WEIGHT = 0.5  # actors named, targets named
UNASSERTED_PENALTY = 4.0  # negated or background: not the event the story reports
UNASSERTED = {"negated"}


@dataclass(frozen=True)
class Lead:
    """Character spans of the title and the lead in ``document.text`` (empty when absent)."""

    title: tuple[int, int]
    lead: tuple[int, int]

    def in_title(self, start: int) -> bool:
        return self.title[0] <= start < self.title[1]

    def in_lead(self, start: int) -> bool:
        return self.lead[0] <= start < self.lead[1]

    @property
    def end(self) -> int:
        return max(self.title[1], self.lead[1])


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines of the text, as stripped character spans."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            out.append((start, start + len(stripped)))
        pos += len(line) + 1
    return out


def find_lead(article: Article) -> Lead:
    """The title and lead spans of an article (see the module docstring)."""
    text = article.text
    spans = paragraphs(text)
    title = (0, 0)
    rest = spans
    if spans:
        first = spans[0]
        words = len(WORD.findall(text[first[0] : first[1]]))
        named = article.title and text[first[0] : first[1]].strip() == article.title.strip()
        headline = not SENTENCE_END.search(text[first[0] : first[1]]) and (
            words <= HEADLINE_MAX_WORDS
        )
        if named or headline:
            title, rest = first, spans[1:]
    for start, end in rest:
        if article.in_boilerplate(start, end):
            continue
        if len(WORD.findall(text[start:end])) >= LEAD_MIN_WORDS:
            return Lead(title, (start, end))
    return Lead(title, (0, 0))


def mark_governed(mentions: list[Mention], lead: Lead) -> None:
    """Title mentions in the clause of another title mention's trigger are its content, not the
    headline's act: "Activists decry bombings" reports an accusation, "X denies raid" a
    rejection (the bombing and the raid are what they are about)."""
    title = [m for m in mentions if lead.in_title(m.span[0])]
    for m in title:
        m.governed = any(o is not m and dominates(o.light or o.tok, m.tok) for o in title)


def main_event(events: list[Mention], lead: Lead) -> int | None:
    """Index (in ``events``) of the event the title and lead report, or None without events."""
    if not events:
        return None
    scored = [(_score(m, lead), -i) for i, m in enumerate(events)]  # ties: the earliest
    return max(range(len(events)), key=lambda i: scored[i])


def _score(m: Mention, lead: Lead) -> float:
    starts = [s for s, _ in (m.spans or [m.span])]
    score = 0.0
    if any(lead.in_title(s) for s in starts):
        score += LEAD_WEIGHT if m.governed else TITLE_WEIGHT
    if any(lead.in_lead(s) for s in starts):
        score += LEAD_WEIGHT
    unasserted = m.status in UNASSERTED or m.background
    if score == 0.0:  # outside both: ranked after them, the earliest asserted one first
        return -2 * UNASSERTED_PENALTY - (UNASSERTED_PENALTY if unasserted else 0.0)
    score += MENTION_WEIGHT * min(len(starts) - 1, MENTION_CAP)
    score += PARTY_WEIGHT * (bool(m.actors) + bool(m.targets))
    if unasserted:
        score -= UNASSERTED_PENALTY
    return score
