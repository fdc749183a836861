"""Whether a mention occurred, is planned, hypothetical or negated: read from its clause and the
verbs above it, with the cues of ``modality.csv`` ("did not withdraw", "plans to meet", "could
attack", "if the talks fail", "denied that troops fired")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from dateline.events.clauses import SUBJECT_DEPS, phrasal
from dateline.events.mention import Mention
from dateline.events.triggers import match_trigger

if TYPE_CHECKING:
    from dateline.events.context import DocContext

OCCURRED, PLANNED, HYPOTHETICAL, NEGATED = "occurred", "planned", "hypothetical", "negated"
PRECEDENCE = (NEGATED, HYPOTHETICAL, PLANNED)  # the first kind found wins
# relations through which a verb above still governs the trigger ("plans to meet")
GOVERNED_DEPS = {"xcomp", "dobj", "pobj", "prep", "pcomp", "acl", "attr", "oprd", "amod", "conj"}
CONJUNCT = "conj"
OWN_CLAUSE_DEPS = {"nsubj", "nsubjpass", "aux", "auxpass", "neg"}  # a conjunct's own clause
AUX_REACH_DEPS = {"xcomp", "dobj", "attr"}  # "will try to meet": the auxiliary one level up
GOVERNOR_POS = {"VERB", "ADJ", "AUX", "NOUN"}
PURPOSE_DEPS = {"advcl", "acl"}  # an infinitive clause on a verb or a noun
PAST_TAGS = {"VBD", "VBN"}  # Penn tags of a past reporting verb ("said", "had written")
REPORTED_DEPS = {"ccomp", "conj"}  # the reported clause, or one coordinated with it
RELATIVE_CLAUSE = "relcl"
RELATIVE_PRONOUN_TAGS = {"WP", "WDT"}  # "who", "that": the clause's subject is its noun


def status_of(m: Mention, ctx: DocContext) -> str:
    """occurred | planned | hypothetical | negated, from the clause and the verbs above it."""
    cues, speech = ctx.lexicon.modality, ctx.lexicon.speech
    anchor = m.light or m.tok
    if anchor.pos_ == "NOUN" and anchor.dep_ in SUBJECT_DEPS:
        chain = [anchor]  # "The deal is expected to ...": the predicate's modality, not the deal's
    else:
        while _shares_verb_group(anchor, ctx):
            anchor = anchor.head  # "would reopen the road and send aid": as the reopening is
        chain = [anchor, *ctx.tree.ancestors(anchor)]
    kinds: list[str] = [  # "no arrests were made": the trigger noun's determiner
        cues[(c.lower_, "det")]
        for c in ctx.tree.children(m.tok)
        if c.dep_ == "det" and (c.lower_, "det") in cues
    ]
    conditional = False  # "if the commission did not meet its demand": a condition, not a fact
    governed = True  # still linked to the trigger through complement relations
    reported: int | None = None  # index in ``kinds`` of a "would" that may be future-in-past
    denials = 0  # governors that deny what they govern: an odd number denies the trigger
    opaque = False  # past a verb that acts on the event, the verbs above speak of that verb
    for depth, tok in enumerate(chain):
        lemma = tok.lemma_.lower()
        if depth and chain[depth - 1].dep_ not in GOVERNED_DEPS:
            governed = False
        if depth and lemma in speech:
            if cues.get((lemma, "governor")) == NEGATED and (
                governed or chain[depth - 1].dep_ == "ccomp"
            ):
                kinds.append(NEGATED)  # "denied that troops fired"
            if reported is not None and _future_in_past(tok, chain[depth - 1], m, ctx):
                kinds[reported] = PLANNED
            break
        for child in ctx.tree.children(tok):
            low = child.lower_
            if child.dep_ == "neg" and depth == 0:
                kinds.append(cues.get((low, "neg"), NEGATED))
            elif (
                child.dep_ == "aux"
                and (low, "aux") in cues
                and (depth == 0 or (depth == 1 and chain[0].dep_ in AUX_REACH_DEPS))
            ):
                if depth == 0 and (low, "reported_aux") in cues:
                    reported = len(kinds)
                kinds.append(cues[(low, "aux")])
            elif child.dep_ == "mark" and (low, "mark") in cues:
                kinds.append(cues[(low, "mark")])
                if cues[(low, "mark")] == HYPOTHETICAL:
                    conditional = True
        if not depth or opaque or chain[depth - 1].dep_ == "conj":
            continue  # a coordinated verb is a sibling, not a governor ("opened fire and killed")
        if governed and _negated_governor(tok, lemma, ctx):
            denials += 1  # "was not able to arrest", "never managed to reach"
        kind = _governor_cue(tok, lemma, cues) if tok.pos_ in GOVERNOR_POS else None
        if kind and (governed or (kind == NEGATED and chain[depth - 1].dep_ == "ccomp")):
            if kind == NEGATED:
                denials += 1  # "refused to attack", "prevented a riot"
            else:
                kinds.append(kind)
        if kind != NEGATED and _acts_on_event(tok, lemma, ctx):
            opaque = True  # "failed to stop the riot": the riot happened all the same
    if denials % 2:
        kinds.append(NEGATED)  # "failed to prevent the attack": two denials, it happened
    if conditional:
        return HYPOTHETICAL  # a negated condition is still only a condition
    if not kinds and _purpose(anchor, ctx):
        return PLANNED  # "sent troops to secure the border", "a deadline to free detainees"
    for kind in PRECEDENCE:
        if kind in kinds:
            return kind
    return OCCURRED


def _future_in_past(speech: Token, below: Token, m: Mention, ctx: DocContext) -> bool:
    """ "announced that troops would be deployed", "wrote that officers would meet on Thursday":
    a "would" (``reported_aux`` in ``modality.csv``) in the clause of a past reporting verb
    tells what was then still to come, a plan, unless a condition in the sentence makes it a
    supposition ("would call a strike if ..."). A reporting verb that is itself an event
    ("warned that it would attack") keeps the act it threatens hypothetical."""
    if speech.tag_ not in PAST_TAGS or below.dep_ not in REPORTED_DEPS:
        return False
    frame = match_trigger(speech, ctx)
    if frame is not None and not frame.is_light:  # "announced a curfew" carries no act itself
        return False
    cues = ctx.lexicon.modality
    return not any(
        t.dep_ == "mark" and cues.get((t.lower_, "mark")) == HYPOTHETICAL for t in m.sentence
    )


def _acts_on_event(tok: Token, lemma: str, ctx: DocContext) -> bool:
    """A verb that acts on or judges an event ("stop", "condemn", "broke up"): what the verbs
    above it say (failed, planned, refused) is said of that verb, not of the event."""
    if tok.pos_ != "VERB":
        return False
    judging = ctx.words.judging_verb
    return lemma in judging or phrasal(tok, ctx) in judging


def _shares_verb_group(verb: Token, ctx: DocContext) -> bool:
    """A verb coordinated with the one before it and with no subject or auxiliary of its own
    shares that verb's auxiliaries and negation: "would reopen the road and send aid" (the
    aid is as conditional as the reopening), "did not fire or arrest anyone"."""
    if verb.dep_ != CONJUNCT or verb.pos_ != "VERB" or verb.tag_ != verb.head.tag_:
        return False  # "would honour the truce but accused ...": a past tense shares no "would"
    return not any(c.dep_ in OWN_CLAUSE_DEPS for c in ctx.tree.children(verb))


def _governor_cue(tok: Token, lemma: str, cues: dict[tuple[str, str], str]) -> str | None:
    """The modality a governing word gives, by its lemma or, for a cue listed by its form, as
    written: "going" in "is going to withdraw" says a plan where the lemma "go" says none
    ("went to the capital to meet ...")."""
    return cues.get((lemma, "governor")) or cues.get((tok.lower_, "governor"))


def _negated_governor(tok: Token, lemma: str, ctx: DocContext) -> bool:
    """A governor of ability, success or intent (``negatable`` in ``modality.csv``) that is
    itself negated, on it or on the copula its adjective completes ("has not been able to",
    "is not going to")."""
    cues = ctx.lexicon.modality
    if (lemma, "negatable") not in cues and (tok.lower_, "negatable") not in cues:
        return False
    holders = [tok, tok.head] if tok.dep_ == "acomp" else [tok]
    return any(c.dep_ == "neg" for h in holders for c in ctx.tree.children(h))


def in_condition(m: Mention, ctx: DocContext) -> bool:
    """Whether the trigger sits in the antecedent of a condition ("if the company refused to
    meet", "unless the prisoners are freed"): what a condition supposes did not happen; the
    consequent ("would call a strike") carries the event, as planned or hypothetical. The walk
    up stops at a reporting verb, as :func:`status_of`'s does."""
    cues, speech = ctx.lexicon.modality, ctx.lexicon.speech
    anchor = m.light or m.tok
    for depth, tok in enumerate([anchor, *ctx.tree.ancestors(anchor)]):
        if depth and tok.lemma_.lower() in speech:
            return False
        for child in ctx.tree.children(tok):
            if child.dep_ == "mark" and cues.get((child.lower_, "mark")) == HYPOTHETICAL:
                return True
    return False


def _purpose(tok: Token, ctx: DocContext) -> bool:
    """An infinitive of purpose or a noun's infinitive ("to free"): the act is intended."""
    if tok.dep_ not in PURPOSE_DEPS:
        return False
    markers = ctx.words.infinitive_marker
    return any(c.dep_ == "aux" and c.lower_ in markers for c in ctx.tree.children(tok))


def negated_description(m: Mention, ctx: DocContext) -> bool:
    """A negated act in a relative clause of its own actor ("dissidents who had never laid
    down their weapons"): it says what kind of party the noun is, not that something did not
    happen on an occasion; a negated main clause ("the troops did not abandon the post")
    stays an event."""
    if m.status != NEGATED:
        return False
    anchor = m.light or m.tok
    return anchor.dep_ == RELATIVE_CLAUSE and any(
        c.dep_ in SUBJECT_DEPS and c.tag_ in RELATIVE_PRONOUN_TAGS
        for c in ctx.tree.children(anchor)
    )
