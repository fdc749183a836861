"""Finding a sentence's mentions: which triggers stand for an event of their own.

Not every trigger does. A verb used as an adjective is a state ("the wounded soldiers"); a light
verb whose object is a trigger hands the event to it; an act in the complement of a request,
threat, accusation, agreement or promise is that act's content ("called on the militia to stop
its attacks" is one REQUEST); a denial whose complement reports an event negates that event; an
event noun or thing as subject, or an ongoing state, is no act. "X says Y must ..." is a demand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy import symbols
from spacy.symbols import VERB
from spacy.tokens import Span, Token

from dateline.events.agency import no_agent
from dateline.events.arguments import COMPLEMENT_DEPS, noun_args, verb_args
from dateline.events.clauses import SUBJECT_DEPS, agent_of, infinitive, subject_of
from dateline.events.frames import TriggerFrame
from dateline.events.mention import Mention
from dateline.events.subtypes import refine
from dateline.events.triggers import light_verb_of, match_noun, match_trigger, match_verb

if TYPE_CHECKING:
    from dateline.events.context import DocContext

CLIMB_LIMIT = 8  # heads climbed looking for the act whose content a trigger is
STATE_DEPS = {"amod"}  # "the banned movement": a verb form used as a state
ANAPHORIC_DEPS = {"det", "poss"}
OCCASION_DEPS = {"det", "amod"}  # "another raid", "a second rally"
NOUN_SUBJECT = "nsubj"
ADPOSITION = "ADP"
ADVERBIAL_CLAUSE = "advcl"
GERUND_TAG = "VBG"  # "blocked roads demanding that ...": a gerund clause is content
COMPLEMENT_LINKS = {"xcomp", "ccomp", "pcomp"}  # a conjunct of a complement is in it too
TENDENCY_REACH = 6  # "propensity > for > being > ready > to > strike": steps climbed
PARTY_DEPS = {"nsubj", "nsubjpass", "dobj"}  # where a trigger's parties stand
PRONOUN_TAGS = {"PRP"}  # "we", "they", "him": a party the text names without its name
CONTENT_DEPS = {"xcomp", "ccomp"}
OBJECT_DEPS = {"dobj"}  # a light verb's object: the event it carries
PRESENT_TAGS = {"VBP", "VBZ"}  # a present-tense verb: with a habitual adverb, a habit
CLAUSE_ROOT_DEPS = {"ROOT", "conj", "advcl"}  # a clause with its own tense
TIME_ENTITY_TYPES = {"DATE", "TIME"}  # spaCy's time labels: a sentence that dates its act
CHARGE_LIST_POS = {"NOUN", "ADJ", "ADP", "CCONJ", "PUNCT"}  # "of theft, kidnapping for ransom and"
PURPOSE_DEP, INFINITIVE_TAG = "advcl", "TO"  # "fired to disperse": an adverbial infinitive
GERUND = "VBG"  # "cases of theft, kidnapping and arson": a gerund in the list
AGREEMENT = "AGREE"  # the type whose content an agreement's terms are (event_types.csv)


def find_mentions(sent: Span, candidates: list[int], ctx: DocContext) -> list[Mention]:
    """All trigger mentions in one sentence, with their arguments read. ``candidates`` are the
    sentence's tokens that can start a mention or own a complement (``trigger_candidates``)."""
    raw: list[Mention] = []
    owners: dict[int, str] = {}  # every content-taking trigger, emitted or not
    carriers: set[int] = set()  # light verbs that own content for their object's event
    doc, pos_ids, words = ctx.doc, ctx.pos_ids, ctx.words
    for i in candidates:  # only these can trigger an event or own a complement
        pos = pos_ids[i]
        tok = doc[i]
        deontic = _deontic_request(tok, ctx)
        if deontic:
            raw.append(deontic)
            owners[tok.i] = deontic.type
            continue
        if pos == VERB and i in ctx.agreement_heads():
            owners[tok.i] = AGREEMENT  # "the deal requires X to withdraw": terms, not events
        if pos == VERB and tok.lemma_.lower() in words.allegation_verb:
            accusation = _reported_accusation(tok, ctx)
            if accusation is not None:
                raw.append(accusation)  # "X claimed that Y attacked Z": X accuses Y
        frame = match_verb(tok, ctx) if pos == VERB else match_noun(tok, ctx)
        if frame is None or frame.is_light:
            continue  # no frame, or a light verb: its object noun carries the event
        if _habitual(tok, ctx) or _generic_present(tok, sent, ctx) or _universal(tok, ctx):
            continue  # "rebels have often raided the villages": a habit, not an occasion
        if _charge_label(tok, sent, ctx):
            continue  # "wanted in cases of arson and kidnapping": a charge, not an occasion
        if no_agent(tok, frame.type, frame.is_noun, ctx):
            continue  # "the rating declined", "the quake killed 300": no party acts
        if not frame.is_noun:
            if tok.dep_ in STATE_DEPS or _label_participle(tok, frame.type, ctx):
                continue  # "the banned movement", "two men accused of theft": a state, not an act
            if tok.lemma_.lower() in ctx.lexicon.frames.light_verbs:
                carried = _carried_frame(tok, ctx)
                if carried is not None:
                    # "signed the deal": the noun carries the event, and the verb owns its
                    # content ("signed an agreement to free detainees": terms, not events)
                    owners[tok.i] = carried.type
                    carriers.add(tok.i)
                    continue
            owners[tok.i] = frame.type
            if _subject_is_event(tok, ctx) or _inanimate_subject(tok, ctx) or _ongoing(tok, ctx):
                continue
        if frame.is_noun and tok.dep_ == "compound":
            head = tok.head
            if match_trigger(head, ctx) or head.lemma_.lower() not in words.generic_head:
                continue  # "a ceasefire agreement", "the battle zones": the head noun decides
        if frame.is_noun:
            owners[tok.i] = frame.type
        start = tok.doc[tok.i - len(frame.words) + 1].idx if frame.is_noun else tok.idx
        m = Mention(tok, frame, frame.type, frame.mode, span=(start, tok.idx + len(tok)))
        m.pronoun_party = any(
            c.dep_ in PARTY_DEPS and c.tag_ in PRONOUN_TAGS for c in ctx.tree.children(tok)
        )
        if frame.is_noun:
            m.light = light_verb_of(tok, ctx)
            det = [c.lower_ for c in ctx.tree.children(tok) if c.dep_ in ANAPHORIC_DEPS]
            m.anaphoric = any(d in words.definite_det for d in det) or (
                bool(det) and det[0] in words.referring_possessive
            )
            m.another = any(
                c.dep_ in OCCASION_DEPS and c.lower_ in words.another_occasion
                for c in ctx.tree.children(tok)
            )
            if tok.dep_ == "pobj" and tok.head.lower_ in words.backreference_prep:
                m.merge_only = True  # "after the attack": told elsewhere, merged only
        raw.append(m)
    out = []
    for m in raw:
        m.sent = sent
    for m in raw:  # an act that is no event for want of a target owns no content either
        if m.frame.requires == "target" and not m.frame.is_noun and m.frame.pos == "verb":
            verb_args(m, ctx)
            if not m.targets and owners.get(m.tok.i) == m.type:
                del owners[m.tok.i]
    acts = {m.tok.i for m in raw if m.frame.pos == "verb"}
    for m in raw:
        if ctx.in_boilerplate(*m.span):
            continue
        if _purpose_of_act(m.tok, acts, ctx):
            continue  # "fired tear gas to disperse the mob": the firing's aim, not an act
        if _content_owner(m.tok, owners, ctx, carriers):
            if not m.frame.is_noun:
                continue
            m.merge_only = True
        if m.frame.pos == "verb":
            if m.frame.requires != "target":  # those were read above
                verb_args(m, ctx)
        elif m.frame.is_noun:
            noun_args(m, ctx)
        if m.frame.requires == "target" and not m.targets:
            continue  # "heard shooting", "fighting for your homeland": no event without a target
        refine(m, ctx)
        out.append(m)
    return out


def content_tokens(found: list[Mention], ctx: DocContext) -> set[int]:
    """Tokens inside the complement of a request, threat or agreement ("asked X to leave
    Pakistan"): places there are what is asked about, not where the event happened."""
    out: set[int] = set()
    for m in found:
        if ctx.lexicon.types[m.type].content and not m.frame.is_noun:
            for child in ctx.tree.children(m.tok):
                if child.dep_ in CONTENT_DEPS:
                    out.update(t.i for t in ctx.tree.subtree(child))
    return out


def _content_owner(
    tok: Token, owners: dict[int, str], ctx: DocContext, carriers: set[int] | None = None
) -> bool:
    """True when ``tok`` sits in the complement of a request, threat, accusation, agreement,
    rejection or promise above it (the content of that act, not an event of its own). A light
    verb in ``carriers`` owns the content of the event its object carries, not the object."""
    types, cues = ctx.lexicon.types, ctx.words.commit_cue
    anchor = tok
    while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
        anchor = anchor.head  # "will exchange lists and release the prisoners"
    if _under_terms(anchor, owners, ctx):
        return True
    cur = tok
    for _ in range(CLIMB_LIMIT):
        head = cur.head
        if head.i == cur.i:
            return False
        dep = cur.dep_
        below, cur = cur, head
        if dep in SUBJECT_DEPS or dep in {"relcl", "parataxis"}:
            return False
        if dep == ADVERBIAL_CLAUSE and not (_to_clause(below, ctx) or below.tag_ == GERUND_TAG):
            return False  # "..., while the envoy warns of reprisals": a finite clause of its own
        if dep == "prep" and below.lower_ in ctx.words.reason_prep:
            return False  # "closed the border because of fighting": a cause, not a content
        if dep in COMPLEMENT_DEPS and cur.lemma_.lower() in ctx.words.causative_verb:
            return False  # "compelling the guards to fire warning shots": the caused act happened
        if (
            dep == "conj"
            and not (infinitive(below, ctx) or infinitive(cur, ctx))
            and below.pos_ != ADPOSITION  # "pledged to handing over ... and to releasing"
            # "urged X to end the siege and free the hostages": a conjunct of a complement
            # is in that complement, unless the verb it is coordinated with is an act itself
            and (cur.dep_ not in COMPLEMENT_LINKS or cur.i in owners)
        ):
            return False  # "kidnapped advisers and exploded bombs": two acts
        owner = owners.get(cur.i)
        if carriers and cur.i in carriers and dep in OBJECT_DEPS:
            owner = None  # "signed the deal": the deal is the event, not its content
        if owner is not None and types[owner].content:
            return True
        if _said_by_an_act(cur, owners, ctx):
            return True  # "the accord sets a ten-day deadline to free the captives"
        if cur.lemma_.lower() in cues:
            return True
    return False


def _to_clause(verb: Token, ctx: DocContext) -> bool:
    """An infinitive with "to" ("a week to free its captives"), not any clause with a
    subordinator ("while the envoy warns")."""
    markers = ctx.words.infinitive_marker
    return any(c.dep_ == "aux" and c.lower_ in markers for c in ctx.tree.children(verb))


def _said_by_an_act(verb: Token, owners: dict[int, str], ctx: DocContext) -> bool:
    """A verb whose subject is a noun trigger of a type with content ("the accord sets a
    ten-day deadline to free ...", "the deal requires both sides to withdraw"), or told under
    an agreement's terms: what the verb says is the terms of that act, not an act of its own."""
    if ctx.pos_ids[verb.i] != VERB:
        return False
    types = ctx.lexicon.types
    return _under_terms(verb, owners, ctx) or any(
        c.dep_ == NOUN_SUBJECT and c.i in owners and types[owners[c.i]].content
        for c in ctx.tree.children(verb)
    )


def _under_terms(verb: Token, owners: dict[int, str], ctx: DocContext) -> bool:
    """ "Under its provisions, each army will hand back ...", "under the deal, rebels will
    withdraw": the verb tells what an agreement provides."""
    tree, words = ctx.tree, ctx.words
    for c in tree.children(verb):
        if c.dep_ != "prep" or c.lower_ not in words.terms_prep:
            continue
        for g in tree.children(c):
            if g.dep_ == "pobj" and (
                g.lemma_.lower() in words.terms_noun or owners.get(g.i) in words.terms_type
            ):
                return True
    return False


def _carried_frame(verb: Token, ctx: DocContext) -> TriggerFrame | None:
    """The frame of a light verb's object trigger ("signed the deal"), if it has one."""
    for c in ctx.tree.children(verb):
        if c.dep_ == "dobj":
            frame = match_trigger(c, ctx)
            if frame is not None:
                return frame
    return None


def _subject_is_event(verb: Token, ctx: DocContext) -> bool:
    """ "The agreement calls for ...", "the attack came": the subject is an event, not an actor."""
    nouns, others = ctx.lexicon.frames.event_nouns, ctx.words.non_actor_subject
    for child in ctx.tree.children(verb):
        if child.dep_ == "nsubj":
            lemma = child.lemma_.lower()
            if lemma in nouns or lemma in others:
                return True
    return False


def _reported_accusation(verb: Token, ctx: DocContext) -> Mention | None:
    """ "X claimed (that) Y attacked Z": the report of a hostile act is an accusation by X
    against the act's actor Y (PLOVER ACCUSE, CAMEO 112). The reported act stays an event of
    its own with X as its source; an act X claims as X's own ("we attacked") accuses no one."""
    speaker = next((c for c in ctx.tree.children(verb) if c.dep_ == "nsubj"), None)
    clause = next((c for c in ctx.tree.children(verb) if c.dep_ == "ccomp"), None)
    if speaker is None or clause is None:
        return None
    act = next((t for t in ctx.tree.subtree(clause) if _alleged_act(t, ctx)), None)
    if act is None:
        return None
    subject, passive = subject_of(act, ctx)
    accused = agent_of(act, ctx) if passive else subject
    if accused is None:
        return None
    actors = ctx.actors.refs(speaker)
    targets = [r for r in ctx.actors.refs(accused) if r not in actors]
    if not actors or not targets:
        return None
    frame = ctx.lexicon.frames.reported
    m = Mention(verb, frame, frame.type, frame.mode, span=(verb.idx, verb.idx + len(verb)))
    m.actors, m.targets, m.arg_tokens = actors, targets, [speaker, accused]
    return m


def _alleged_act(tok: Token, ctx: DocContext) -> bool:
    if ctx.pos_ids[tok.i] != VERB:
        return False
    frame = match_verb(tok, ctx)
    return frame is not None and frame.type in ctx.words.alleged_type


def _habitual(tok: Token, ctx: DocContext) -> bool:
    """An act told as a habit: a habitual adverb on the trigger (or its light verb, or the
    predicate of a noun trigger that is its subject), or the trigger in the complement of
    "used to" / "tend to"."""
    words, tree = ctx.words, ctx.tree
    anchor = light_verb_of(tok, ctx) if ctx.pos_ids[tok.i] != VERB else tok
    if anchor is None and tok.dep_ in SUBJECT_DEPS:
        anchor = tok.head  # "drone strikes have killed civilians before": the predicate's habit
    anchor = anchor or tok
    children = tree.children(anchor)
    if any(c.dep_ == "advmod" and c.lower_ in words.habitual_adverb for c in children):
        # "usually protest", "have often raided"; a past "routinely beat up the detainees"
        # tells of occasions, and is kept
        perfect = any(c.dep_ == "aux" and c.lower_ in words.perfect_aux for c in children)
        return perfect or anchor.tag_ in PRESENT_TAGS
    head = anchor.head
    if (
        anchor.dep_ == "xcomp"
        and head.lemma_.lower() in words.habitual_verb
        and head.tag_ != "VBN"  # "was used to attack": an instrument, not a habit
    ):
        return True
    return _tendency_of(anchor, ctx)


def _tendency_of(tok: Token, ctx: DocContext) -> bool:
    """The act lies in the phrase of a tendency noun ("a propensity for raiding border
    posts at night"), a few steps up its clause: a habit, not an occasion."""
    nouns = ctx.words.habitual_noun
    for step, above in enumerate(ctx.tree.ancestors(tok)):
        if step >= TENDENCY_REACH or above.dep_ in SUBJECT_DEPS:
            return False
        if above.pos_ == "NOUN" and above.lemma_.lower() in nouns:
            return True
    return False


def _charge_label(tok: Token, sent: Span, ctx: DocContext) -> bool:
    """ "held on charges of murder", "convicted of genocide", "wanted in cases of theft,
    kidnapping and arson": a crime named as what someone is charged with, convicted of or
    known for labels a record, not an occasion.

    Read along the words, not the parse: a list of crimes is often parsed wrong (a gerund in
    it hung on the main verb), but it is a run of nouns, adjectives, prepositions and list
    punctuation back to "of"/"for"/"with" after a charge word (event_words.csv charge_word).
    "the kidnapping" or "his killing" refers to one act and is kept."""
    words, doc = ctx.words, ctx.doc
    if any(c.dep_ in ANAPHORIC_DEPS for c in ctx.tree.children(tok)):
        return False
    i = tok.i - 1
    while i > sent.start and (doc[i].pos_ in CHARGE_LIST_POS or doc[i].tag_ == GERUND):
        if doc[i].lower_ in words.charge_prep and doc[i - 1].lemma_.lower() in words.charge_word:
            return True
        i -= 1
    return False


def _universal(tok: Token, ctx: DocContext) -> bool:
    """ "sanctions on anyone who blocks the deal", "any convoy that enters the reserves": a
    relative clause on a universal phrase describes whoever would act, not an act."""
    if tok.dep_ != "relcl":
        return False
    head, words = tok.head, ctx.words
    if head.lower_ in words.universal_pronoun:
        return True
    return any(c.dep_ == "det" and c.lower_ in words.universal_det for c in ctx.tree.children(head))


def _generic_present(tok: Token, sent: Span, ctx: DocContext) -> bool:
    """ "The military restricts access to the area", "fighters are stationed at the base": a
    verb in the simple present (active, or passive with a present "be") tells a state of
    affairs, unless the sentence gives it a time or it opens the article (a headline's present
    is its past: "Rebels attack village")."""
    if ctx.pos_ids[tok.i] != VERB or sent.start == 0:
        return False
    auxes = [c for c in ctx.tree.children(tok) if c.dep_ in {"aux", "auxpass"}]
    if tok.tag_ in PRESENT_TAGS:
        present = not auxes
    elif tok.tag_ == "VBN":
        present = bool(auxes) and all(
            a.dep_ == "auxpass" and a.lower_ in ctx.words.present_be for a in auxes
        )
    else:
        return False
    if not present or tok.dep_ not in CLAUSE_ROOT_DEPS:
        return False
    return not any(t.ent_type_ in TIME_ENTITY_TYPES for t in sent)


def _purpose_of_act(verb: Token, acts: set[int], ctx: DocContext) -> bool:
    """ "Police fired tear gas to disperse the crowd", "troops were deployed to guard the
    town": an infinitive of purpose on another act of the sentence (``acts``: the verb
    mentions found) tells what that act was for; the act is the event, and its aim is no
    second one (it was coded twice, once as a plan). Under a verb that makes no event
    ("opened the bridge to allow deliveries") the infinitive stays the event told."""
    if verb.dep_ != PURPOSE_DEP or verb.head.i not in acts:
        return False
    return any(c.dep_ == "aux" and c.tag_ == INFINITIVE_TAG for c in ctx.tree.children(verb))


def _label_participle(verb: Token, type_: str, ctx: DocContext) -> bool:
    """ "two men accused of theft": a participle describing a noun, with no agent, labels it."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or type_ not in ctx.words.label_participle_type:
        return False
    return agent_of(verb, ctx) is None


def _inanimate_subject(verb: Token, ctx: DocContext) -> bool:
    """ "Motorcycles allow them to cross": a common-noun subject that names no actor."""
    for child in ctx.tree.children(verb):
        if child.dep_ != "nsubj":
            continue
        if child.lower_ not in ctx.words.inanimate_relative or verb.dep_ != "relcl":
            return False
        subj = verb.head
        if subj.pos_ == "NOUN" and ctx.actors.one(subj) is None:
            return subj.lemma_.lower() not in ctx.lexicon.sectors
    return False


def _ongoing(verb: Token, ctx: DocContext) -> bool:
    """ "has been fighting an insurgency for a decade": a state of affairs, not an event."""
    if verb.tag_ != "VBG":
        return False
    words, tree = ctx.words, ctx.tree
    auxes = [c.lower_ for c in tree.children(verb) if c.dep_ == "aux"]
    if not any(a in words.progressive_aux for a in auxes):
        return False
    if not any(a in words.perfect_aux for a in auxes):
        return False
    return any(
        p.lower_ in words.duration_prep
        and any(g.lemma_.lower() in words.long_duration for g in tree.subtree(p))
        for p in tree.subtree(verb)
    )


def _deontic_request(tok: Token, ctx: DocContext) -> Mention | None:
    """ "X says Y must release prisoners": a demand by X on Y, coded by the modal's frame."""
    i, tree, modal = tok.i, ctx.tree, ctx.lexicon.frames.modal
    if ctx.pos_ids[i] != VERB or ctx.dep_ids[i] != symbols.ccomp:
        return None
    aux = next((c for c in tree.children(tok) if c.dep_ == "aux" and c.lower_ in modal), None)
    if aux is None:
        return None
    if tok.head.lemma_.lower() not in ctx.lexicon.speech:
        return None
    speaker = next((c for c in tree.children(tok.head) if c.dep_ == "nsubj"), None)
    subj = next((c for c in tree.children(tok) if c.dep_ == "nsubj"), None)
    if speaker is None or subj is None:
        return None
    frame = modal[aux.lower_]
    m = Mention(tok, frame, frame.type, frame.mode, span=(aux.idx, tok.idx + len(tok)))
    m.actors = ctx.actors.refs(speaker)
    m.targets = [r for r in ctx.actors.refs(subj) if r not in m.actors]
    m.arg_tokens = [speaker, subj]
    return m
