"""Which tokens are triggers, and of which frame: the lexicon's phrases matched on the parse.

A verb frame matches its verb lemma with the frame's other words among the verb's particles,
prepositions, objects or clause markers ("called on", "opened fire on"); a noun frame matches its
head lemma with the modifiers just before it ("air strike"). The longest phrase that fits wins,
except that a frame whose excluded sense fits the sentence ("released from hospital") is passed
over. A light verb ("conducted an airstrike") hands the event to its noun.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

import numpy as np
from spacy import symbols
from spacy.attrs import LEMMA, LOWER, POS
from spacy.symbols import NOUN, VERB
from spacy.tokens import Span, Token

from dateline.events.frames import ANY_WORD, SenseCondition, TriggerFrame
from dateline.events.tree import Tree

if TYPE_CHECKING:
    from dateline.events.context import DocContext

PHRASE_CHILD_DEPS = {"prep", "prt"}  # "call on", "pull out": the phrase's word is below these
PHRASE_CLAUSE_DEPS = {"advcl", "xcomp", "ccomp"}  # "set fire to": a clause's marker
LIGHT_OBJECT_DEPS = {"dobj", "attr", "oprd", "nsubjpass"}  # "conducted an airstrike"
OBJECT_OF_DEPS = {"dobj", "attr"}  # "gave 5 million dollars of aid"
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss"}  # a sense condition's "mod"
OBJECT_MODIFIER_DEPS = {"compound", "amod"}  # "use chemical weapon": a phrase word on the object
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
TIME_ENTITY_TYPES = {"DATE", "TIME"}
SUBJECT_CLIMB_DEPS = {"xcomp", "conj", "advcl"}  # a subject condition looks one clause up


def in_sentence(candidates: list[int], sent: Span) -> list[int]:
    """The candidates (ascending token indices) that lie in ``sent``."""
    return candidates[bisect_left(candidates, sent.start) : bisect_left(candidates, sent.end)]


def trigger_candidates(ctx: DocContext) -> list[int]:
    """Indices, ascending, of the tokens mention finding must look at: a verb or noun whose
    lemma heads a frame, a verb clause complement (a possible "must" demand) and a verb whose
    subject is an agreement. Read from the lemma and dependency columns once per document, so
    that the other verbs and nouns (most of them) never become Token objects."""
    columns = ctx.doc.to_array([POS, LEMMA, LOWER])
    pos_col = columns[:, 0]
    verbs_nouns = np.flatnonzero((pos_col == VERB) | (pos_col == NOUN)).tolist()
    lemmas = columns[:, 1].tolist()
    lowers = columns[:, 2].tolist()
    strings, frames, agreement = ctx.doc.vocab.strings, ctx.lexicon.frames, ctx.agreement_heads()
    heads: dict[tuple[int, int, int], bool] = {}  # (pos, lemma, lower) -> heads a phrase
    found = []
    for i in verbs_nouns:
        pos = ctx.pos_ids[i]
        if pos == VERB and (ctx.dep_ids[i] == symbols.ccomp or i in agreement):
            found.append(i)
            continue
        key = (pos, lemmas[i], lowers[i])
        hit = heads.get(key)
        if hit is None:
            kind = "verb" if pos == VERB else "noun"
            hit = frames.heads(strings[lemmas[i]].lower(), kind)
            hit = heads[key] = hit or frames.heads(strings[lowers[i]], kind)
        if hit:
            found.append(i)
    return found


def head_word(tok: Token, pos: str, ctx: DocContext) -> str:
    """The word a token's frames are filed under: its lemma, else its own lower-case form
    when only that heads a frame (the lemmatizer leaves some inflections as they are, or
    lemmatizes a noun use as a verb: "shelling", "firing", "lathicharged")."""
    lemma = tok.lemma_.lower()
    frames = ctx.lexicon.frames
    if frames.heads(lemma, pos) or not frames.heads(tok.lower_, pos):
        return lemma
    return tok.lower_


def match_trigger(tok: Token, ctx: DocContext) -> TriggerFrame | None:
    """The frame this token realizes, if any (longest phrase first)."""
    pos = tok.pos_
    if pos == "VERB":
        return match_verb(tok, ctx)
    if pos == "NOUN":
        return match_noun(tok, ctx)
    return None


def match_verb(verb: Token, ctx: DocContext) -> TriggerFrame | None:
    """``match_trigger`` for a token already known to be a verb (matched once per token)."""
    cache = ctx.verb_frames
    i = verb.i
    if i in cache:
        return cache[i]
    found = cache[i] = _match_verb(verb, ctx)
    return found


def match_noun(tok: Token, ctx: DocContext) -> TriggerFrame | None:
    """``match_trigger`` for a token already known to be a noun (matched once per token)."""
    cache = ctx.noun_frames
    i = tok.i
    if i in cache:
        return cache[i]
    found = cache[i] = _match_noun(tok, ctx)
    return found


def _match_verb(verb: Token, ctx: DocContext) -> TriggerFrame | None:
    near: set[str] | None = None  # the words a phrase may take, read once for all its frames
    relations = Relations(verb, ctx)
    for frame in ctx.lexicon.frames.get(head_word(verb, "verb", ctx), "verb"):
        if len(frame.words) > 1:
            if near is None:
                near = _near_words(verb, ctx.tree)
            if not all(w in near for w in frame.words[1:]):
                continue
        if not (frame.exclusions and excluded(frame, relations)):
            return frame
    return None


def _match_noun(tok: Token, ctx: DocContext) -> TriggerFrame | None:
    lemmas = ctx.lemmas()
    i = tok.i
    relations = Relations(tok, ctx)
    for frame in ctx.lexicon.frames.get(head_word(tok, "noun", ctx), "noun"):
        n = len(frame.words)
        if n > 1:
            start = i - n + 1
            if start < 0 or lemmas[start:i] != list(frame.words[:-1]):
                continue  # too near the start: the words before are fewer than the phrase's
        if not (frame.exclusions and excluded(frame, relations)):
            return frame
    return None


def _near_words(tok: Token, tree: Tree) -> set[str]:
    """The words a verb phrase's other words may be: the verb's child (or grandchild) lemmas."""
    children = [c for c in tree.children(tok) if not _temporal_prep(c, tree)]
    near = {c.lemma_.lower() for c in children}
    near |= {
        g.lemma_.lower() for c in children if c.dep_ in PHRASE_CHILD_DEPS for g in tree.children(c)
    }
    near |= {c.lower_ for c in children}
    near |= {  # "used chemical weapons": the object's own modifiers
        g.lemma_.lower()
        for c in children
        if c.dep_ == "dobj"
        for g in tree.children(c)
        if g.dep_ in OBJECT_MODIFIER_DEPS
    }
    near |= {
        g.lower_
        for c in children
        if c.dep_ in PHRASE_CLAUSE_DEPS
        for g in tree.children(c)
        if g.dep_ == "mark"
    }
    return near


def _temporal_prep(child: Token, tree: Tree) -> bool:
    """ "fired on Friday": a preposition whose objects are all times is no part of a phrase
    ("fire on" wants a target)."""
    if child.dep_ != "prep":
        return False
    objects = [g for g in tree.children(child) if g.dep_ == "pobj"]
    return bool(objects) and all(g.ent_type_ in TIME_ENTITY_TYPES for g in objects)


def excluded(frame: TriggerFrame, relations: Relations) -> bool:
    """Whether the sentence gives the trigger a sense its frame excludes (all conditions of
    one alternative hold)."""
    return any(all(relations.holds(c) for c in sense) for sense in frame.exclusions)


class Relations:
    """A trigger's words in each sense relation (object, subject, head, modifier, sentence, a
    preposition), read once for all the senses of all its frames: a head word has up to a
    dozen frames, each with several excluded senses naming the same relations."""

    def __init__(self, tok: Token, ctx: DocContext) -> None:
        self.tok = tok
        self.ctx = ctx
        self._found: dict[str, tuple[bool, frozenset[str]]] = {}

    def holds(self, condition: SenseCondition) -> bool:
        """Whether a word in the condition's relation is one of its lemmas (or, for "*", any
        word is in that relation): a token fits by its lemma or its lower-case form."""
        found = self._found.get(condition.relation)
        if found is None:
            found = self._found[condition.relation] = self._read(condition.relation)
        present, words = found
        if ANY_WORD in condition.lemmas:
            return present
        return not condition.lemmas.isdisjoint(words)

    def _read(self, relation: str) -> tuple[bool, frozenset[str]]:
        tok, ctx = self.tok, self.ctx
        if relation == "sentence":
            return True, ctx.sentence_words(tok.i)
        tree = ctx.tree
        if relation == "obj":
            found = [c for c in tree.children(tok) if c.dep_ == "dobj"]
        elif relation == "subj":
            found = [c for c in _subjects_of(tok, tree) if c.dep_ in SUBJECT_DEPS]
        elif relation == "head":
            head = tok.head
            found = [head] if head.i != tok.i else []
        elif relation == "mod":
            found = [c for c in tree.children(tok) if c.dep_ in MODIFIER_DEPS]
        elif relation == "comp":
            found = [c for c in tree.children(tok) if c.dep_ == "xcomp"]
        else:
            found = [p for w, p in tree.all_prep_objects(tok) if w == relation]
            found = [_what_it_counts(p, ctx) for p in found]
        lemmas, lowers = ctx.lemmas(), ctx.lowers()
        words = frozenset(lemmas[t.i] for t in found) | frozenset(lowers[t.i] for t in found)
        return bool(found), words


def _what_it_counts(noun: Token, ctx: DocContext) -> Token:
    """ "an outbreak of violence", "a wave of strikes": a noun that counts or frames another
    (``event_words.csv`` ``spell_head``) stands for its "of" object, so that "killed in an
    outbreak of violence" is not read as the disease sense "killed in an outbreak"."""
    if ctx.lemmas()[noun.i] not in ctx.words.spell_head:
        return noun
    return next((p for w, p in ctx.tree.all_prep_objects(noun) if w in ctx.words.part_prep), noun)


def _subjects_of(tok: Token, tree: Tree) -> list[Token]:
    """The trigger's own subjects, else (a participle or infinitive: "killed in a crash",
    "a storm that struck") those of the clause it hangs from, so that a subject sense
    condition sees the clause's real subject."""
    own = [c for c in tree.children(tok) if c.dep_ in SUBJECT_DEPS]
    if own or tok.dep_ not in SUBJECT_CLIMB_DEPS:
        return own
    return [c for c in tree.children(tok.head) if c.dep_ in SUBJECT_DEPS]


PREDICATE_DEPS = {"oprd"}  # "called X a Y": the verb names or judges its object


def light_verb_of(noun: Token, ctx: DocContext) -> Token | None:
    """The light verb carrying a noun trigger ("conducted an airstrike", "signed the deal")."""
    words, light = ctx.words, ctx.lexicon.frames.light_verbs
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in words.generic_head:
        noun = noun.head  # "launched a mediation effort"
    head = noun.head
    if noun.dep_ in LIGHT_OBJECT_DEPS and head.lemma_.lower() in light:
        if any(c.dep_ in PREDICATE_DEPS for c in ctx.tree.children(head)):
            return None  # "called the deployment a declaration of war": a judgement of it
        return head
    if noun.dep_ == "pobj" and head.dep_ == "prt" and head.head.lemma_.lower() in light:
        return head.head
    if noun.dep_ == "conj" and head.pos_ == "NOUN":
        return light_verb_of(head, ctx)
    if noun.dep_ == "pobj" and head.lower_ in words.part_prep and head.head.dep_ in OBJECT_OF_DEPS:
        above = head.head.head  # "gave 5 million dollars of aid"
        if above.lemma_.lower() in light:
            return above
    if noun.dep_ == "pobj" and head.lower_ in words.accompanying_prep:  # "along with a ban"
        along = head.head.lower_ in words.accompanying_adverb
        above = head.head.head if along else head.head
        if above.pos_ == "NOUN":
            return light_verb_of(above, ctx)
        if along and above.lemma_.lower() in light:
            return above
    return None
