"""Clause syntax the argument and detection readers share: a verb's subject (climbing to the
governing clause when it has none), its "by" agent, passives, infinitives, and the verb that
carries a noun event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from dateline.events.triggers import match_trigger

if TYPE_CHECKING:
    from dateline.events.context import DocContext

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CLIMB_DEPS = {"xcomp", "advcl", "conj", "prep", "pcomp", "acl", "ccomp", "relcl", "dep", "acomp"}
CLIMB_LIMIT = 8  # heads climbed to the governing verb
SUBJECT_CLIMB_LIMIT = 4  # governing clauses climbed for a subject ("wanted to try to attack")
VERBAL_POS = {"VERB", "AUX"}
RECIPROCAL_HEADS = {"other", "another"}  # "each other", "one another": grammar, not vocabulary
NOMINAL_POS = {"NOUN", "PROPN"}


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above ``tok`` through clause-linking relations."""
    cur = tok
    for _ in range(CLIMB_LIMIT):
        if cur.dep_ not in CLIMB_DEPS:
            return None
        head = cur.head  # every ``.head`` builds a new Token: read it once per step
        if head.i == cur.i:
            return None
        cur = head
        if cur.pos_ in VERBAL_POS:
            return cur
    return None


def subject_of(verb: Token, ctx: DocContext, depth: int = 0) -> tuple[Token | None, bool]:
    """The subject token of a verb (climbing to the governing clause when it has none) and
    whether it is the logical patient (a passive subject)."""
    words = ctx.words
    for child in ctx.tree.children(verb):
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in words.relative_pronoun and verb.dep_ == "relcl":
                return verb.head, child.dep_ == "nsubjpass"
            return child, child.dep_ == "nsubjpass"
    if verb.dep_ == "acl" and verb.head.pos_ in NOMINAL_POS:
        return verb.head, is_passive(verb, ctx)
    if depth > SUBJECT_CLIMB_LIMIT:
        return None, False
    gov = governing_verb(verb)
    if gov is None or (verb.dep_ == "ccomp" and gov.lemma_.lower() in ctx.lexicon.speech):
        return None, False
    if verb.dep_ in {"xcomp", "ccomp"} and gov.lemma_.lower() in words.directive_verb:
        return None, False  # "urged X to leave": not the urging party's act
    return subject_of(gov, ctx, depth + 1)


def agent_of(verb: Token, ctx: DocContext) -> Token | None:
    """The object of a passive's "by" agent."""
    for child in ctx.tree.children(verb):
        if child.dep_ == "agent":
            for pobj in ctx.tree.children(child):
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def is_passive(verb: Token, ctx: DocContext) -> bool:
    """A passive clause, or a past participle modifying a noun ("troops sent to the border").
    A participle with a direct object of its own is no passive: it is the noun's own act, a
    main verb the parser hung from its subject ("The union, which ..., used the rally to")."""
    children = ctx.tree.children(verb)
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in children):
        return True
    if verb.tag_ != "VBN" or verb.dep_ != "acl":
        return False
    return not any(c.dep_ == "dobj" for c in children)


def infinitive(verb: Token, ctx: DocContext) -> bool:
    """A clause with a marker or an infinitive "to" ("agreed to withdraw")."""
    markers = ctx.words.infinitive_marker
    return any(
        c.dep_ == "mark" or (c.dep_ == "aux" and c.lower_ in markers)
        for c in ctx.tree.children(verb)
    )


def phrasal(verb: Token, ctx: DocContext) -> str | None:
    """A particle verb's lemma with its particle ("broke up" -> "break up"), as the lexicons
    write it; None for a verb without one."""
    particle = next((c.lower_ for c in ctx.tree.children(verb) if c.dep_ == "prt"), None)
    return f"{verb.lemma_.lower()} {particle}" if particle else None


def host_verb(noun: Token, ctx: DocContext) -> Token | None:
    """The verb whose subject carries out a noun event: "speeded up the withdrawal", "were engaged
    in ethnic cleansing", "complied with the agreement"; not a verb that reports or judges it
    ("confirmed the call", "condemned the attack") nor another event's trigger."""
    head = noun.head
    if noun.dep_ == "dobj":
        verb = head
    elif noun.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
    else:
        return None
    if verb.pos_ != "VERB":
        return None
    lemma = verb.lemma_.lower()
    if phrasal(verb, ctx) in ctx.words.judging_verb:
        return None  # "broke up the protest": not "broke the ceasefire"
    if lemma in ctx.words.party_verb:
        return verb
    if lemma in ctx.words.reply_verb and head.lower_ in ctx.words.reply_prep:
        return verb  # "answered with a counteroffensive": a reply carried out, not reported
    if lemma in ctx.lexicon.speech or lemma in ctx.words.judging_verb:
        return None
    frame = match_trigger(verb, ctx)
    if frame is not None and not frame.is_light:
        return None  # another event's trigger; a light verb ("engaged in a firefight") hosts
    return verb


def reciprocal(tok: Token, ctx: DocContext) -> bool:
    """ "each other", "one another", as an object or the object of a preposition."""
    if tok.dep_ == "prep":
        return any(reciprocal(g, ctx) for g in ctx.tree.children(tok) if g.dep_ == "pobj")
    return tok.lower_ in RECIPROCAL_HEADS and any(
        g.lower_ in ctx.words.reciprocal_det for g in ctx.tree.children(tok)
    )
