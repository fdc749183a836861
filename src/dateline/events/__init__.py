"""PLOVER events: who did what to whom, where, when, how many, with what status and source.

The extractor works on the dependency parse. A trigger is a verb or a noun of the frame
lexicon ("attacked", "airstrike", "talks", "called on"); a light verb ("conducted an airstrike")
hands the event to its noun. Actors and targets come from syntax (subject or "by" agent,
object, the prepositions the frame gives its roles, passives, possessives) and resolve to the
entities and places earlier components found. Status, date, place, numbers and source are read
from the trigger's own clause first, then its sentence, then the article (dateline place,
publication date). Several mentions of one real event are merged into one record, because an
analyst counts events, not sentences.

Modules, in the order a document goes through them:

* ``lexicon``: the vocabulary (types, frames, words, modality, ACLED), loaded once;
* ``context``: the per-document context (indexes, the parse walker ``tree``, the resolver);
* ``actors``: who a noun phrase refers to (to be switched to the reference layer);
* ``triggers``: frames matched on the parse; ``detect``: which triggers are mentions;
* ``clauses``, ``arguments``: actors and targets;
* ``describe`` with ``status``, ``dates``, ``place``, ``counts``: the rest of a mention;
* ``similar``, ``merge``: one record per real event; ``records``: the contract's Event;
* ``component``: the spaCy factory ``dateline_events``.
"""

from __future__ import annotations

from dateline.events.component import EventComponent, extract_events

__all__ = ["EventComponent", "extract_events"]
