"""ACLED sub-event types from the evidence of the sentence, as the ACLED codebook defines them.

A frame may fix its ACLED types ("grenade attack", "set up a base"); otherwise ``acled.csv``
maps the PLOVER type, mode and the target's sector to them, which can only tell an armed clash
from an attack on civilians. The codebook decides on more than that: the instrument (a suicide
bomb, a chemical weapon, an air or drone strike, a grenade, shelling, a remote explosive), who
acts (state forces, a crowd), what changes hands (territory, and whether it took a fight), and
whether force met a protest. :func:`refine` reads that evidence once per mention, after its
arguments, and gives the mention a frame carrying the types (and a mode when the trigger itself
names none: "attacked ... with grenades" is an attack with explosives). The rule table is in
``docs/EVENTS.md``; the evidence words are in ``acled_evidence.csv``.

Instruments are read from the trigger's own subtree (or its light verb's) first, so that a
sentence telling of an airstrike and a roadside bomb codes each event by its own words; only a
trigger whose subtree names none takes the sentence's, and only when the sentence names one
kind of instrument.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.symbols import NOUN

from dateline.events.lexicon import AcledEvidence
from dateline.events.mention import Mention
from dateline.events.triggers import match_noun

if TYPE_CHECKING:
    from dateline.events.context import DocContext

ASSAULT, PROTEST, COERCE = "ASSAULT", "PROTEST", "COERCE"
REMOTE = "Explosions/Remote violence"
BATTLES = "Battles"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"
INSTRUMENTS = (  # strongest first: (evidence kind, ACLED sub-event type, PLOVER mode)
    ("suicide", "Suicide bomb", "suicide"),
    ("chemical", "Chemical weapon", "chemical"),
    ("drone", "Air/drone strike", "drone"),
    ("aerial", "Air/drone strike", "aerial"),
    ("grenade", "Grenade", "explosives"),
    ("shelling", "Shelling/artillery/missile attack", "heavy-weapons"),
    ("remote_explosive", "Remote explosive/landmine/IED", "explosives"),
)
FIREARMS_MODE = "firearms"
EXCESSIVE_FORCE = "Excessive force against protesters"
INTERVENTION = "Protest with intervention"
VIOLENT_DEMONSTRATION = "Violent demonstration"
MOB_VIOLENCE = "Mob violence"
GOVERNMENT_REGAINS = "Government regains territory"
NON_STATE_OVERTAKES = "Non-state actor overtakes territory"
NON_VIOLENT_TRANSFER = "Non-violent transfer of territory"
PROTEST_FORCE_TYPES = {ASSAULT, COERCE}  # force by a state actor on protesters
PLURAL_SUFFIX = "s"


Codes = tuple[tuple[str, str] | None, str | None]  # (ACLED event and sub-event type, mode)


def refine(m: Mention, ctx: DocContext) -> None:
    """Give ``m`` the ACLED types (and mode) its sentence's evidence supports, if any."""
    if m.frame.acled:
        return  # the frame's own ("grenade attack", "set up a base")
    found = _codes(m, ctx)
    if found is None:
        return
    acled, mode = found
    if acled is not None:
        m.frame = replace(m.frame, acled=acled)
    if mode and not m.mode:
        m.mode = mode


def _codes(m: Mention, ctx: DocContext) -> Codes | None:
    evidence = ctx.lexicon.acled_evidence
    if m.type == PROTEST:
        return _protest(m, ctx, evidence)
    if m.type not in PROTEST_FORCE_TYPES:
        return None
    words = _sentence_cues(m, ctx)
    state = any_sector(m.actors, ctx, evidence.state_sector)
    if state and _targets_in(m, ctx, evidence.protester):
        lethal = m.type == ASSAULT and _has(words, evidence.lethal)
        return ((PROTESTS, EXCESSIVE_FORCE if lethal else INTERVENTION), None)
    if m.type != ASSAULT:
        return None
    territory = _territory(m, ctx, evidence)
    if territory:
        if _has(words, evidence.nonviolent):
            return ((STRATEGIC, NON_VIOLENT_TRANSFER), None)
        return ((BATTLES, GOVERNMENT_REGAINS if state else NON_STATE_OVERTAKES), None)
    instrument = _instrument(m, ctx, evidence)
    if instrument is not None:
        return instrument
    if not state and (_actors_in(m, ctx, evidence.crowd) or _subject_in(m, ctx, evidence.crowd)):
        return ((RIOTS, MOB_VIOLENCE), None)
    if _has(_cue_words(_own_lemmas(m, ctx)), evidence.firearms):
        return (None, FIREARMS_MODE)
    return None


def _protest(m: Mention, ctx: DocContext, evidence: AcledEvidence) -> Codes | None:
    """A protest met by force is one with intervention, or excessive force when lethal; a
    protest's own violence makes it a violent demonstration (the codebook's order)."""
    words = _sentence_cues(m, ctx)
    if _has(words, evidence.intervention) or _state_force_nearby(m, ctx):
        lethal = _has(words, evidence.lethal)
        return ((PROTESTS, EXCESSIVE_FORCE if lethal else INTERVENTION), None)
    if _has(words, evidence.violent_protest):
        return ((RIOTS, VIOLENT_DEMONSTRATION), "riot")
    return None


def _state_force_nearby(m: Mention, ctx: DocContext) -> bool:
    """Police or troops firing on the protest in the same sentence ("police opened fire on
    the march"): a force trigger is not needed, the words are."""
    evidence = ctx.lexicon.acled_evidence
    words = _sentence_lemmas(m, ctx)
    return _has(_sentence_cues(m, ctx), evidence.lethal) and any(
        ctx.lexicon.sectors.get(w) in evidence.state_sector for w in words
    )


def _instrument(m: Mention, ctx: DocContext, evidence: AcledEvidence) -> Codes | None:
    own = _cue_words(_own_lemmas(m, ctx))
    kinds = [k for k in INSTRUMENTS if _has(own, evidence.group(k[0]))]
    if not kinds:
        sentence = _cue_words(_outside_other_nouns(m, ctx))
        kinds = [k for k in INSTRUMENTS if _has(sentence, evidence.group(k[0]))]
        if len({sub for _, sub, _ in kinds}) != 1:
            return None
    _, sub, mode = kinds[0]
    return ((REMOTE, sub), mode)


def _outside_other_nouns(m: Mention, ctx: DocContext) -> list[str]:
    """The lemmas of the sentence without the phrases of other noun triggers: "an airstrike
    ... while it was attacking" does not make the attacking an air strike. Read from the
    token columns: only the sentence's nouns become Tokens."""
    sent, doc, pos_ids, own = m.sentence, ctx.doc, ctx.pos_ids, m.tok.i
    skip: set[int] = set()
    for i in range(sent.start, sent.end):
        if i != own and pos_ids[i] == NOUN and i not in skip:
            tok = doc[i]
            if match_noun(tok, ctx) is not None:
                skip.update(t.i for t in ctx.tree.subtree(tok))
    lemmas = ctx.lemmas()
    return [lemmas[i] for i in range(sent.start, sent.end) if i not in skip]


def _territory(m: Mention, ctx: DocContext, evidence: AcledEvidence) -> bool:
    """An attack whose trigger takes territory ("seized the town", "took control of")."""
    if m.tok.lemma_.lower() not in evidence.territory_verb:
        return False
    for child in ctx.tree.children(m.tok):
        if child.dep_ in {"dobj", "pobj"} or child.dep_ == "prep":
            objects = [child] if child.dep_ != "prep" else ctx.tree.children(child)
            for obj in objects:
                if obj.lemma_.lower() in evidence.territory or obj.i in ctx.refs.tok_place:
                    return True
    return any(r in ctx.refs.places for r in m.targets)


def _own_lemmas(m: Mention, ctx: DocContext) -> list[str]:
    """The lemmas of the trigger's subtree (its light verb's, when it has one)."""
    lemmas = ctx.lemmas()
    return [lemmas[t.i] for t in ctx.tree.subtree(m.light or m.tok)]


def _sentence_lemmas(m: Mention, ctx: DocContext) -> list[str]:
    sent = m.sentence
    return ctx.lemmas()[sent.start : sent.end]


def _sentence_cues(m: Mention, ctx: DocContext) -> frozenset[str]:
    """:func:`_cue_words` of the mention's sentence (kept for the document: every force or
    protest mention of a sentence asks for them)."""
    start = m.sentence.start
    found = ctx.sentence_cues.get(start)
    if found is None:
        found = ctx.sentence_cues[start] = frozenset(_cue_words(_sentence_lemmas(m, ctx)))
    return found


def _cue_words(lemmas: list[str]) -> set[str]:
    """The lemmas and their adjacent pairs ("a b"): what a one- or two-word cue can equal.
    Built once per word list, which is then tested against several cue sets."""
    words = set(lemmas)
    words.update(f"{a} {b}" for a, b in zip(lemmas, lemmas[1:], strict=False))
    return words


def _has(words: AbstractSet[str], cues: frozenset[str]) -> bool:
    """Whether a one-word cue is among the lemmas or a two-word cue among adjacent pairs
    (``words`` from :func:`_cue_words`)."""
    return not cues.isdisjoint(words)


def _sector(ref: str, ctx: DocContext) -> str | None:
    entity = ctx.refs.entities.get(ref)
    if entity is not None:
        return entity.sector
    return ctx.lexicon.sectors.get(ref.split()[-1].lower().rstrip(PLURAL_SUFFIX))


def any_sector(refs: list[str], ctx: DocContext, sectors: frozenset[str]) -> bool:
    return any((_sector(r, ctx) or "")[:3] in sectors for r in refs)


def _words_of(ref: str, ctx: DocContext) -> set[str]:
    entity = ctx.refs.entities.get(ref)
    text = entity.name if entity is not None else ref
    roles = entity.roles if entity is not None else []
    out = set()
    for word in (text + " " + " ".join(roles)).lower().split():
        out.add(word)
        out.add(word.rstrip(PLURAL_SUFFIX))
    return out


def _targets_in(m: Mention, ctx: DocContext, words: frozenset[str]) -> bool:
    return any(_words_of(r, ctx) & words for r in m.targets)


def _subject_in(m: Mention, ctx: DocContext, words: frozenset[str]) -> bool:
    """The trigger's (or its light verb's) subject is one of ``words`` ("a mob lynched")."""
    head = m.light or m.tok
    subject = next((c for c in ctx.tree.children(head) if c.dep_ == "nsubj"), None)
    if subject is None and m.tok.pos_ == "NOUN":
        subject = next((c for c in ctx.tree.children(m.tok) if c.dep_ == "compound"), None)
    return subject is not None and subject.lemma_.lower() in words


def _actors_in(m: Mention, ctx: DocContext, words: frozenset[str]) -> bool:
    return any(_words_of(r, ctx) & words for r in m.actors)
