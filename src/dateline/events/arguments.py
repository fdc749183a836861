"""Actors and targets of a mention, from syntax, resolved to entities and places.

A verb's subject (or passive "by" agent) is the actor and its object the target; prepositional
objects fill the roles their frame gives them (``event_types.csv``, ``event_frames.csv``: "an
attack by X on Y", "criticism from X", "called on X"); a noun trigger also takes possessors,
"between A and B" and the subject of the verb that carries it. A type may look further when no
target is found yet: the content of a request or threat, a condition's subject, the victims of
an attack. Every rule that differs by type reads the mention's frame, never a type name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from dateline.events.clauses import (
    agent_of,
    governing_verb,
    host_verb,
    infinitive,
    is_passive,
    reciprocal,
    subject_of,
)
from dateline.events.mention import Mention
from dateline.events.tree import dominates
from dateline.events.triggers import match_trigger

if TYPE_CHECKING:
    from dateline.events.context import DocContext

OBJECT_DEPS = {"dobj", "dative"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
COMPLEMENT_DEPS = {"ccomp", "xcomp"}
CONTENT_CLAUSE_DEPS = {"xcomp", "ccomp", "acl", "advcl"}
MODIFIER_CLAUSE_DEPS = {"acl", "advcl"}  # content only when infinitive or gerund
SUBJECT_CLAUSE_DEPS = {"ccomp", "acl"}  # "demanded that Israel ease": the clause's subject
ACTOR_MODIFIER_DEPS = {"compound", "amod"}
ACTOR_LABELS = {"GPE", "NORP", "ORG"}  # spaCy NER labels of a modifier that names the actor
VICTIM_DEPS = {"dobj", "nsubjpass"}
TOLL_CLAUSE_DEPS = {"advcl", "xcomp", "conj"}  # ", killing two officers" hangs as any of these
GERUND_TAG = "VBG"
MAX_TARGET_DEPTH = 2  # "an invitation to attend talks with X": nested phrases searched
MAX_CONTENT_DEPTH = 1  # "refused to allow UN planes to land": nested complements searched


def verb_args(m: Mention, ctx: DocContext) -> None:
    """Actors and targets of a verb trigger (or of a light verb's noun)."""
    frame, res, tree = m.frame, ctx.actors, ctx.tree
    rules = frame.event_type
    verb = m.light or m.tok
    subj, subj_is_patient = causee(verb, ctx) or subject_of(verb, ctx)
    agent = agent_of(verb, ctx)
    source: Token | None = None
    if is_passive(verb, ctx) or subj_is_patient:
        m.actors = res.refs(agent)
        if not m.actors and agent is None:
            source, m.actors = source_agent(verb, ctx)
        if not m.actors:
            m.actors = res.implied(frame, m.tok)  # "were arrested": the police
        patient = subj
    else:
        m.actors = res.refs(subj)
        patient = None
    m.arg_tokens = [t for t in (subj, agent) if t is not None]
    if not m.actors and m.light is None and m.tok.dep_ == "pobj":
        # a gerund the parser tags as a verb but used as a noun ("died in police firing",
        # "killed in firing by the police"): its modifiers and its "by" name the actor, as a
        # noun trigger's do
        modifier_actors(m, m.tok, ctx)
        for _, pobj in tree.prep_objects(m.tok, frame.actor_preps):
            m.actors.extend(r for r in res.refs(pobj) if r not in m.actors)
            m.arg_tokens.append(pobj)
    targets: list[Token] = []
    if patient is not None:
        targets.append(patient)
    preps = frame.target_preps
    if m.light is not None:
        light = preps & ctx.words.light_target_prep
        targets.extend(p for w, p in tree.prep_objects(m.light, preps) if w in light)
    else:
        for child in tree.children(m.tok):
            if child.dep_ in OBJECT_DEPS and not own_forces(m):
                targets.append(child)
        preps = frame.verb_target_preps
        charge = rules.charge_preps  # "complained to X over Y": Y's side, not X
        found = tree.prep_objects(m.tok, preps | charge)
        if charge and any(w in charge for w, _ in found):
            found = [(w, p) for w, p in found if w in charge]
        targets.extend(p for w, p in found if (w in preps or charge) and p is not source)
        if rules.complement_subject_target and not targets:
            for child in tree.children(m.tok):
                if child.dep_ in COMPLEMENT_DEPS:
                    targets.extend(c for c in tree.children(child) if c.dep_ == "nsubj")
    if m.light is not None:  # "gave the Ivory Coast aid", "provided aid to refugees"
        targets.extend(c for c in tree.children(m.light) if c.dep_ == "dative")
        if rules.light_target_preps:
            targets.extend(p for _, p in tree.prep_objects(m.light, rules.light_target_preps))
    add_targets(m, targets, ctx)
    head = m.light or m.tok
    if not m.targets and rules.purpose_preps:  # "mobilized reservists for a war against X"
        add_targets(m, [p for _, p in tree.prep_objects(head, rules.purpose_preps)], ctx)
    if not m.targets and "verb" in rules.content_target:
        add_targets(m, complement_targets(head, ctx), ctx, 0, ctx.words.content_prep)
    if not m.targets and rules.condition_target:  # "... unless Israel rescinds": the one warned
        add_targets(m, condition_subjects(head, ctx), ctx)
    if rules.victim_target:  # "ambushed a convoy, killing five soldiers": the dead too
        victims = toll_clause_victims(m, ctx) if m.targets else victim_targets(m, ctx)
        add_targets(m, victims, ctx)
    if not m.targets and len(m.actors) > 1 and _reciprocal_object(head, ctx):
        m.targets = list(m.actors)  # "A and B accused each other": each is the other's target


def _reciprocal_object(head: Token, ctx: DocContext) -> bool:
    """ "accused each other", "expressed respect for one another": the act's object, or a
    phrase on it, is a reciprocal pronoun."""
    tree = ctx.tree
    children = tree.children(head)
    return any(reciprocal(c, ctx) for c in children) or any(
        reciprocal(g, ctx) for c in children if c.dep_ in OBJECT_DEPS for g in tree.children(c)
    )


def source_agent(verb: Token, ctx: DocContext) -> tuple[Token | None, list[str]]:
    """ "Aid was delivered from the district administration": a passive giving verb's "from"
    object is the giver when it is a party (an organization, a group, a country); a town there
    is where the aid came from, and gives none. Returns the token and its referents."""
    if verb.lemma_.lower() not in ctx.words.source_agent_verb:
        return None, []
    for _, pobj in ctx.tree.prep_objects(verb, ctx.words.source_prep):
        refs = ctx.actors.refs(pobj)
        if refs:
            return pobj, refs
    return None, []


def causee(verb: Token, ctx: DocContext) -> tuple[Token, bool] | None:
    """The actor of a caused act: "forcing the troops to withdraw" and "the troops were forced
    to withdraw" are the troops' withdrawal, not the forcer's (the subject climb would give the
    forcer). Only for a subjectless infinitive complement of a causative verb
    (``event_words.csv``), whose object or passive subject is returned as a non-patient."""
    if verb.dep_ != "xcomp" or any(c.dep_ in SUBJECT_DEPS for c in ctx.tree.children(verb)):
        return None
    gov = verb.head
    if gov.lemma_.lower() not in ctx.words.causative_verb:
        return None
    deps = {"nsubjpass"} if is_passive(gov, ctx) else OBJECT_DEPS
    made = next((c for c in ctx.tree.children(gov) if c.dep_ in deps), None)
    return (made, False) if made is not None else None


def noun_args(m: Mention, ctx: DocContext) -> None:
    """Actors and targets of a noun trigger: possessor, "by/from" agent, "against/on/with"
    target, "between A and B", and a light verb's subject."""
    frame, res, tree, words = m.frame, ctx.actors, ctx.tree, ctx.words
    rules = frame.event_type
    noun = m.tok
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in words.generic_head:
        noun = noun.head  # "a mediation mission between A and B": the phrase's head has the args
    if m.light is not None:
        verb_args(m, ctx)
    pair = _between(noun, ctx)
    if pair:
        first = res.one(pair[0])
        m.actors = m.actors or ([first] if first else [])
        m.targets.extend(r for r in res.refs(pair[1]) if r not in m.targets)
        m.arg_tokens.extend(pair)
    modifier_actors(m, noun, ctx)
    for _, pobj in tree.prep_objects(noun, frame.actor_preps):
        m.actors.extend(r for r in res.refs(pobj) if r not in m.actors)
        m.arg_tokens.append(pobj)
    preps = frame.noun_target_preps
    if own_forces(m):
        preps = preps - words.own_force_prep  # "the withdrawal of some forces from X"
    add_targets(m, [p for _, p in tree.prep_objects(noun, preps) if not (pair and p in pair)], ctx)
    carrier = m.light or host_verb(noun, ctx)
    if carrier is not None and not m.targets:  # "engaged in ethnic cleansing against X"
        found = tree.prep_objects(carrier, words.carrier_target_prep)
        add_targets(m, [p for _, p in found], ctx)
    if carrier is not None and not m.targets and m.mode in words.host_place_mode:
        found = tree.prep_objects(carrier, words.host_place_prep)  # "arrived in X on a visit"
        add_targets(m, [p for _, p in found if p.i != noun.i], ctx)
    if not m.actors and m.light is None and noun.lemma_.lower() in words.mutual_fight:
        _fight_sides(m, noun, ctx)
    if not m.actors and m.light is None:
        host = host_verb(noun, ctx)
        if (
            host is not None
            and not _reacts_to(m, host, ctx)
            and host.lemma_.lower() not in words.intransitive_casualty
        ):  # "three villagers died in the shelling": the dead are its victims, not its actors
            subj, patient = subject_of(host, ctx)
            if not patient and (subj is None or not dominates(subj, noun)):
                m.actors = [r for r in res.refs(subj) if r not in m.targets]
    if not m.targets and "noun" in rules.content_target:
        add_targets(m, complement_targets(noun, ctx), ctx, 0, ctx.words.content_prep)
    if not m.targets and rules.victim_target:
        add_targets(m, victim_targets(m, ctx), ctx)
    if not m.actors:  # "the arrests followed": the police's
        m.actors = res.implied(frame, m.tok)
    m.targets = [t for t in m.targets if t not in m.actors]


def _fight_sides(m: Mention, noun: Token, ctx: DocContext) -> None:
    """A fight has two sides. "Clashes between rival militias": one plural party is both sides,
    so it is the actor. "Two rebels were killed in a gunfight with the army": the party named
    with "with" (so far taken as the target) is the side that killed the victims of the casualty
    verb hosting the fight, so it becomes the actor and the victims the target. When the victims
    are that party themselves ("police were killed in a clash with police" cannot say who did
    it) or there are none, the roles stay. Other targets (a place: "on the edge of X") are never
    turned into actors."""
    res, tree, words = ctx.actors, ctx.tree, ctx.words
    victims = list(dict.fromkeys(r for t in victim_targets(m, ctx) for r in res.refs(t)))
    for _, pobj in tree.prep_objects(noun, words.pair_prep):
        m.actors = [r for r in res.refs(pobj) if r not in m.targets]
        if m.actors:
            m.arg_tokens.append(pobj)
            m.targets.extend(v for v in victims if v not in m.targets + m.actors)
            return
    party = [r for _, p in tree.prep_objects(noun, words.fight_party_prep) for r in res.refs(p)]
    if party and victims and not set(victims) & set(party):
        m.actors = list(dict.fromkeys(party))
        m.targets = [t for t in m.targets if t not in party]
        m.targets.extend(v for v in victims if v not in m.targets)


def modifier_actors(m: Mention, noun: Token, ctx: DocContext) -> None:
    """The actor named by a modifier of a nominal trigger: a possessor ("the army's raid"), a
    named modifier ("Israeli strikes") or a role noun as compound ("police firing"), also one
    compound further out ("an army drone strike": the army modifies "drone", the weapon)."""
    for child in _modifiers(noun, ctx):
        if child.dep_ == "poss" or (
            child.dep_ in ACTOR_MODIFIER_DEPS
            and (
                child.ent_type_ in ACTOR_LABELS
                or child.i in ctx.refs.tok_entity
                or (child.dep_ == "compound" and child.lemma_.lower() in ctx.lexicon.sectors)
            )
        ):
            ref = ctx.actors.one(child)
            if ref and ref not in m.actors:
                m.actors.append(ref)
                m.arg_tokens.append(child)


def _modifiers(noun: Token, ctx: DocContext) -> list[Token]:
    """The noun's children, and the compounds of its compound children."""
    out: list[Token] = []
    for child in ctx.tree.children(noun):
        out.append(child)
        if child.dep_ == "compound":
            out.extend(g for g in ctx.tree.children(child) if g.dep_ == "compound")
    return out


def _reacts_to(m: Mention, host: Token, ctx: DocContext) -> bool:
    """ "The rebels called the deployment a declaration of war", "the council rejected the
    deployment": a back-reference under a verb of speech or of another act is what that act
    is about; its subject reacts to the event and did not do it."""
    if not m.anaphoric:
        return False
    if host.lemma_.lower() in ctx.lexicon.speech:
        return True
    frame = match_trigger(host, ctx)
    return frame is not None and not frame.is_light and frame.type != m.type


def own_forces(m: Mention) -> bool:
    """ "deployed troops", "withdrew its forces": the object is the actor's own force."""
    return m.frame.event_type.own_force(m.mode)


def _between(tok: Token, ctx: DocContext) -> tuple[Token, Token] | None:
    """ "talks between A and B": A and B."""
    for _, pobj in ctx.tree.prep_objects(tok, ctx.words.pair_prep):
        conj = [c for c in ctx.tree.children(pobj) if c.dep_ == "conj"]
        if conj:
            return pobj, conj[0]
    return None


def add_targets(
    m: Mention,
    targets: list[Token],
    ctx: DocContext,
    depth: int = 0,
    preps: frozenset[str] | None = None,
) -> None:
    """Resolve target phrases; "sanctions against Nigeria", "relations with Congo": when the
    phrase names no party, the party its preposition introduces is the target."""
    if preps is None:
        preps = ctx.words.recurse_prep
    tree, platforms = ctx.tree, ctx.lexicon.platforms
    targets = [t for t in targets if ctx.same_segment(t, m.tok) and t.lower_ not in platforms]
    m.arg_tokens.extend(targets)
    for t in targets:
        refs = ctx.actors.refs(t, any_place=True)
        if not refs and depth < MAX_TARGET_DEPTH:
            children = tree.children(t)
            inner = [p for _, p in tree.prep_objects(t, preps)]
            inner += [
                a for c in children if c.dep_ == "acl" and (a := agent_of(c, ctx)) is not None
            ]
            inner += [
                o
                for c in children
                if c.dep_ == "acl" and infinitive(c, ctx)
                for o in tree.children(c)
                if o.dep_ == "dobj"
            ]  # "an invitation to attend X"
            add_targets(m, inner, ctx, depth + 1, preps)
        for ref in refs:
            if ref not in m.targets and ref not in m.actors:
                m.targets.append(ref)


def victim_targets(m: Mention, ctx: DocContext) -> list[Token]:
    """Those killed or wounded in an attack are its targets ("a bombing killed one soldier",
    "wounded two soldiers in a bomb attack", "opened fire to disperse demonstrators")."""
    words, tree = ctx.words, ctx.tree
    above = governing_verb(m.tok)
    candidates = [
        m.tok,
        m.tok.head,
        m.tok.head.head,
        *tree.subtree(m.tok),
        *([above] if above is not None else []),
    ]
    verbs = [t for t in candidates if t.pos_ == "VERB" and t.lemma_.lower() in words.harm_verb]
    out: list[Token] = []
    for verb in verbs:
        deps = VICTIM_DEPS
        if verb.lemma_.lower() in words.intransitive_casualty:
            deps = deps | {"nsubj"}  # "two soldiers died"
        out.extend(c for c in tree.children(verb) if c.dep_ in deps and c.i != m.tok.i)
    return out


def toll_clause_victims(m: Mention, ctx: DocContext) -> list[Token]:
    """The victims of a subjectless participle clause of casualty on the trigger verb
    ("attacked the police station, killing two officers"): the same act's dead, so its
    targets as much as the station is (else the killing stands apart as a second event)."""
    words, tree = ctx.words, ctx.tree
    out: list[Token] = []
    for clause in tree.children(m.tok):
        if (
            clause.dep_ in TOLL_CLAUSE_DEPS
            and clause.tag_ == GERUND_TAG
            and clause.lemma_.lower() in words.harm_verb
            and not any(c.dep_ in SUBJECT_DEPS for c in tree.children(clause))
        ):
            out.extend(c for c in tree.children(clause) if c.dep_ in VICTIM_DEPS)
    return out


def condition_subjects(head: Token, ctx: DocContext) -> list[Token]:
    """Subjects of "if/unless" clauses under a threat: the party whose act would trigger it."""
    tree, marks = ctx.tree, ctx.words.condition_mark
    out: list[Token] = []
    for tok in tree.subtree(head):
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in marks for c in tree.children(tok)
        ):
            out.extend(c for c in tree.children(tok) if c.dep_ == "nsubj")
    return out


def complement_targets(head: Token, ctx: DocContext, depth: int = 0) -> list[Token]:
    """ "threatened to shell Iraqi towns", "demanded that Israel ease ...", "blocked roads
    demanding that he be reinstated": the party the content of the act bears on."""
    tree = ctx.tree
    out: list[Token] = []
    clauses = []
    for child in tree.children(head):
        if child.dep_ not in CONTENT_CLAUSE_DEPS:
            continue
        if child.dep_ in MODIFIER_CLAUSE_DEPS and not (
            infinitive(child, ctx) or child.tag_ == "VBG"
        ):
            continue  # "the agreement reached in Qatar" is no content
        clauses.append(child)
        inner = match_trigger(child, ctx)
        own = inner is not None and inner.event_type.own_force_in_content(inner.mode)
        if not own:  # "refused to deploy peacekeepers in Iraq": the troops are the actor's own
            out.extend(c for c in tree.children(child) if c.dep_ in OBJECT_DEPS)
        if child.lemma_.lower() not in ctx.words.stay_verb:  # "stay in X": where, not whom
            out.extend(p for _, p in tree.prep_objects(child, ctx.words.content_target_prep))
        if child.dep_ in SUBJECT_CLAUSE_DEPS:
            out.extend(c for c in tree.children(child) if c.dep_ in {"nsubj", "nsubjpass"})
    if not out and depth < MAX_CONTENT_DEPTH:  # "refused to allow UN planes to land"
        for clause in clauses:
            out.extend(complement_targets(clause, ctx, depth + 1))
    return out
