"""How many: counts on the trigger noun ("43 attacks") and its arguments ("5,000 prisoners"),
and the killed, wounded and arrested figures of casualty verbs in the trigger's clause."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy import symbols
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Token

from dateline import numbers
from dateline.events.mention import Mention
from dateline.model import Count
from dateline.vocabulary import role_nouns

if TYPE_CHECKING:
    from dateline.events.context import DocContext

# dependency ids of the nouns whose number counts the event ("5,000 prisoners")
COUNTED_DEP_IDS = {symbols.dobj, symbols.pobj, symbols.nsubjpass}
VICTIM_DEPS = {"dobj", "nsubjpass"}
BARE_COUNT_DEPS = {"dobj", "nsubjpass", "npadvmod", "nsubj"}  # "killed 12", "12 were wounded"
KILLED, WOUNDED, ARRESTED = "killed", "wounded", "arrested"  # Count.what of casualty figures
TOLL_FIELDS = {KILLED: "fatalities", WOUNDED: "injured", ARRESTED: "arrested"}  # Mention fields
SINGULAR_NOUN, PROPER_NOUN, PERSON_LABEL = "NN", "NNP", "PERSON"  # Penn tags, spaCy's label
PAST_PARTICIPLE = "VBN"
RESULT_DEPS = {"oprd", "acomp", "xcomp", "advmod"}  # "shot dead", "shot dead a man": its result
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
ACTIVE_SUBJECT = "nsubj"
ADVERBIAL_CLAUSE = "advcl"
CLAUSE_MARK_DEPS = {"mark", "advmod"}  # "when" is parsed as either
PREP_OBJECT_DEPS = {"pobj", "pcomp"}  # "in the firing", "in police firing" (a gerund clause)
RELATIVE_TAGS = {"WP", "WDT"}  # "who", "that": a relative pronoun stands for its noun
GROUP_KIND = "group"  # roles.csv kind of a body noun
AGE_NOUN = re.compile(r"\d+-year-old$")  # "the 19-year-old": a person


def counted(what: str, q: numbers.Quantity, doc: Doc) -> Count:
    """A Count of ``q`` that keeps the characters of its number phrase, so a reader can tell
    which sentence gave the figure of an event told across several."""
    first = doc[q.start]
    last = doc[max(q.end - 1, q.start)]
    return Count(what, q.value, q.qualifier, [(first.idx, last.idx + len(last))])


def numbers_of(m: Mention, own: list[int], ctx: DocContext) -> None:
    """Counts on the trigger noun ("43 attacks"), on its arguments ("5,000 prisoners"), and the
    fatalities / injured / arrested figures of kill, wound and arrest verbs in the clause."""
    if m.tok.pos_ == "NOUN":
        q = numbers.quantity_of(m.tok)
        if q:
            m.counts.append(counted(m.tok.lower_, q, m.tok.doc))
    words = ctx.words
    casualty = words.casualty
    doc, pos_ids, dep_ids = ctx.doc, ctx.pos_ids, ctx.dep_ids
    for i in own:
        pos = pos_ids[i]
        if pos != VERB and (pos != NOUN or dep_ids[i] not in COUNTED_DEP_IDS):
            continue  # neither a casualty verb nor a counted object: no Token needed
        tok = doc[i]
        if pos == VERB:
            lemma = tok.lemma_.lower()
            if lemma in casualty:
                _victims(m, tok, lemma, ctx)
            elif _fatal(tok, ctx):
                _victims(m, tok, lemma, ctx, fatal=True)
        elif i != m.tok.i:  # a noun in COUNTED_DEP_IDS
            q = numbers.quantity_of(tok)
            if q and tok.head.lemma_.lower() not in casualty:
                if not any(c.value == q.value for c in m.counts):
                    m.counts.append(counted(tok.lower_, q, doc))
    _subject_count(m, ctx)
    host = casualty_host(m.tok, ctx)
    if host is not None:
        _victims(m, host, host.lemma_.lower(), ctx)
    result = _result_verb(m.tok, ctx)
    if result is not None:
        _result_toll(m, result, ctx)
    done_by_act = _casualty_verb_of_act(m.tok, ctx)
    if done_by_act is not None:
        _victims(m, done_by_act, done_by_act.lemma_.lower(), ctx)
    _deaths_in(m, ctx)


def _subject_count(m: Mention, ctx: DocContext) -> None:
    """The size of the party that acted: "about 2,000 members of the guard blocked the
    highway", "hundreds of workers marched" (a crowd's size is what a protest count is). Only
    the active subject of the trigger verb (or of its light verb): a passive subject is the
    target, counted above."""
    verb = m.light if m.light is not None else (m.tok if m.tok.pos_ == "VERB" else None)
    if verb is None:
        return
    for child in ctx.tree.children(verb):
        if child.dep_ == ACTIVE_SUBJECT:
            q = numbers.quantity_of(child)
            if q and not any(c.value == q.value for c in m.counts):
                m.counts.append(counted(child.lower_, q, child.doc))


def _deaths_in(m: Mention, ctx: DocContext) -> None:
    """Deaths or injuries told as nouns that fell in the act: "seven deaths in police
    firing", "three deaths were reported in the firing", "12 of the deaths took place due
    to the shelling". The act is the object of a preposition on the noun, or on a verb whose
    subject the noun is (or a number of it)."""
    tok = _standing(m.tok)
    prep = tok.head
    if prep.dep_ == "pcomp" and prep.head.dep_ == "prep":
        prep = prep.head  # "due to", "because of": the first word heads the preposition
    if tok.dep_ not in PREP_OBJECT_DEPS or prep.dep_ != "prep":
        return
    host = prep.head
    if host.pos_ == "VERB":
        subject = next((c for c in host.children if c.dep_ in SUBJECT_DEPS), None)
        _noun_toll(m, subject, ctx)
    else:
        _noun_toll(m, host, ctx)


def _noun_toll(m: Mention, noun: Token | None, ctx: DocContext) -> None:
    """The toll a death or injury noun gives ("seven deaths"), or a number of one ("12 of
    the deaths")."""
    if noun is None:
        return
    figure = _figure(noun)
    if noun.pos_ == "NUM":  # "12 of the deaths"
        noun = next(
            (g for c in noun.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"),
            noun,
        )
    lemma, words = noun.lemma_.lower(), ctx.words
    if lemma in words.death_noun:
        _toll(m, KILLED, figure)
    elif lemma in words.injury_noun:
        _toll(m, WOUNDED, figure)


def _standing(tok: Token) -> Token:
    """Where a trigger stands in its clause: a gerund the parser hangs from the modifier
    before it ("police firing" read as "police" with a clause "firing") stands there."""
    if tok.dep_ == "acl" and tok.head.i == tok.i - 1:
        return tok.head
    return tok


def _verb_of_act(tok: Token) -> Token | None:
    """The verb an act is the subject of ("the bombing left ...", "the blast killed ...")."""
    tok = _standing(tok)
    verb = tok.head
    return verb if tok.dep_ == "nsubj" and verb.pos_ == "VERB" else None


def _result_verb(tok: Token, ctx: DocContext) -> Token | None:
    """The verb of which the act is the subject and its toll the object ("the bombing left
    five people dead", "the blast claimed 14 lives")."""
    verb = _verb_of_act(tok)
    return verb if verb is not None and verb.lemma_.lower() in ctx.words.result_verb else None


def _casualty_verb_of_act(tok: Token, ctx: DocContext) -> Token | None:
    """The kill or wound verb an act noun is the subject of ("the bombing killed 12 people and
    wounded 30"): the act, not a party, did it, so the verb is no event of its own
    (``_subject_is_event``) and its victims are the act's toll."""
    verb = _verb_of_act(tok) if tok.pos_ == "NOUN" else None
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    return verb if lemma in ctx.words.kill or lemma in ctx.words.wound else None


def _result_toll(m: Mention, verb: Token, ctx: DocContext) -> None:
    """The dead and wounded a result verb names: its object with "dead" on it or after it
    ("left five people dead", "left 12 dead"), a death or injury noun ("caused three
    deaths", "claimed 14 lives"), and a coordinated "N injured"."""
    words, children = ctx.words, ctx.tree.children(verb)
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    result = next(
        (c for c in children if c.dep_ in RESULT_DEPS and c.lower_ in words.dead_result), None
    )
    dead = result is not None
    if obj is not None and not dead:  # "left 12 dead" with "dead" the object, or on it
        dead = obj.lower_ in words.dead_result or any(
            g.dep_ == "amod" and g.lower_ in words.dead_result for g in obj.children
        )
    if dead:
        _toll(m, KILLED, _figure(obj) or _figure(result))
    elif obj is not None:  # "caused three deaths and 20 injuries"
        for noun in (obj, *(c for c in obj.children if c.dep_ == "conj")):
            lemma = noun.lemma_.lower()
            if lemma in words.death_noun or lemma in words.injury_noun:
                _toll(m, KILLED if lemma in words.death_noun else WOUNDED, _figure(noun))
    for conj in children:  # "... and five injured", parsed either way round
        if conj.dep_ != "conj":
            continue
        if conj.lemma_.lower() in words.wound:
            subject = next((c for c in conj.children if c.dep_ in SUBJECT_DEPS), None)
            _toll(m, WOUNDED, _figure(subject))
        elif any(c.dep_ == "amod" and c.lower_ in words.wound for c in conj.children):
            _toll(m, WOUNDED, _figure(conj))


def _toll(m: Mention, what: str, q: numbers.Quantity | None) -> bool:
    """Set the act's first figure of dead, wounded or arrested (``what``) and list it among
    its counts; False when there is no figure or the act has one of that kind already."""
    field = TOLL_FIELDS[what]
    if q is None or getattr(m, field) is not None:
        return False
    count = counted(what, q, m.tok.doc)
    setattr(m, field, count)
    if not any(c.value == q.value and c.what == what for c in m.counts):
        m.counts.append(count)
    return True


def _figure(tok: Token | None) -> numbers.Quantity | None:
    """The number a token is or carries ("two", "five people", "12" on "dead")."""
    if tok is None:
        return None
    return numbers.quantity_of(tok) or numbers.bare_quantity(tok)


def casualty_host(tok: Token, ctx: DocContext) -> Token | None:
    """The kill or wound verb whose victims fell in the act the trigger names ("two died in
    police firing", "were wounded in the blast"): the trigger is the object of a preposition
    on that verb, outside the trigger's own clause, or heads a "when" clause of it ("were
    killed when militants stormed the post"), and the verb's figure is the act's. A
    gerund the parser hangs from its modifier ("in police firing" read as "police" with a
    clause "firing") stands where that modifier does."""
    tok = _standing(tok)
    prep = tok.head
    if _when_clause(tok, ctx):
        verb = tok.head  # "five soldiers were killed when militants stormed the post"
    elif tok.dep_ not in PREP_OBJECT_DEPS or prep.dep_ != "prep" or prep.head.pos_ != "VERB":
        return None
    else:
        verb = prep.head
    if verb.pos_ != "VERB":
        return None
    lemma = verb.lemma_.lower()
    return verb if lemma in ctx.words.kill or lemma in ctx.words.wound else None


def _when_clause(tok: Token, ctx: DocContext) -> bool:
    """The trigger verb heads a "when" clause of the verb above it ("were killed when
    militants stormed the post"): the deaths fell in the act."""
    return tok.dep_ == ADVERBIAL_CLAUSE and any(
        c.dep_ in CLAUSE_MARK_DEPS and c.lower_ in ctx.words.casualty_clause_mark
        for c in ctx.tree.children(tok)
    )


def _one_person(victim: Token, ctx: DocContext) -> bool:
    """ "A boy was killed", "the constable was injured", "he was arrested": one victim, though
    no number is written. A singular noun for a person (a role noun of roles.csv that is not a
    body, a person noun of event_words.csv, "the 19-year-old"), a person's name or a personal
    pronoun; not a plural (how many it does not say) nor a thing ("the bill was killed")."""
    if victim.tag_ == SINGULAR_NOUN:
        row = role_nouns().get(victim.lower_)
        if row is not None:
            return row.kind != GROUP_KIND  # "the police", "the army": a body
        return victim.lower_ in ctx.words.person_noun or AGE_NOUN.match(victim.lower_) is not None
    if victim.tag_ == PROPER_NOUN:
        return victim.ent_type_ == PERSON_LABEL
    return victim.lower_ in ctx.words.person_pronoun


def _persons_listed(victim: Token, ctx: DocContext) -> int:
    """How many people a victim and the nouns coordinated with it name, when each of them is
    one person ("a labourer and his son", "the driver, a guard and a passenger"); one when
    any of them is not (a plural says no number)."""
    listed, tok = [victim], victim
    while True:
        conj = next((c for c in ctx.tree.children(tok) if c.dep_ == "conj"), None)
        if conj is None:
            break
        listed.append(conj)
        tok = conj
    if len(listed) > 1 and all(_one_person(t, ctx) for t in listed[1:]):
        return len(listed)
    return 1


def _fatal(verb: Token, ctx: DocContext) -> bool:
    """ "were shot dead", "shot dead two robbers", "beat a trader to death": an act whose
    result is death kills, whatever its verb."""
    dead, death = ctx.words.dead_result, ctx.words.death_result
    for child in ctx.tree.children(verb):
        if child.dep_ in RESULT_DEPS and child.lower_ in dead:
            return True
        if child.dep_ == "dobj" and any(
            g.dep_ == "amod" and g.lower_ in dead for g in ctx.tree.children(child)
        ):
            return True
        if child.dep_ == "prep" and any(
            g.dep_ == "pobj" and g.lower_ in death for g in ctx.tree.children(child)
        ):
            return True
    return False


def _victims(m: Mention, verb: Token, lemma: str, ctx: DocContext, fatal: bool = False) -> None:
    """The figure of one casualty verb, and of the casualty verbs coordinated with it ("12
    soldiers were killed and eight wounded"); the first figure of each kind is kept. A
    ``fatal`` act ("shot dead") counts as a killing."""
    words, children = ctx.words, ctx.tree.children(verb)
    intransitive = lemma in words.intransitive_casualty  # "two soldiers died"
    victim = None
    for child in children:
        if child.dep_ in VICTIM_DEPS or (child.dep_ == "nsubj" and intransitive):
            victim = child
    if victim is None and verb.dep_ == "acl" and (intransitive or verb.tag_ == PAST_PARTICIPLE):
        # the noun the clause hangs from: "two youths perished in ...", "one person killed
        # in the blast" (a reduced passive: the noun is the one killed)
        victim = verb.head
    if victim is not None and victim.tag_ in RELATIVE_TAGS and verb.dep_ == "relcl":
        victim = verb.head  # "the two guards who were shot dead"
    q = numbers.quantity_of(victim) if victim is not None else None
    if q is None:
        for child in children:
            if child.dep_ in BARE_COUNT_DEPS:
                q = numbers.bare_quantity(child)
                if q:
                    break
    if q is None and victim is not None and _one_person(victim, ctx):
        people = _persons_listed(victim, ctx)  # "a labourer and his son": two
        q = numbers.Quantity(people, "exact", victim.lemma_.lower(), victim.i, victim.i + 1, victim)
    if q is None:
        return
    what = (
        KILLED
        if fatal or lemma in words.kill
        else WOUNDED
        if lemma in words.wound
        else ARRESTED
        if lemma in words.arrest
        else None
    )
    if what is None or not _toll(m, what, q):
        return
    if victim is not None:  # "two terrorists were shot dead": the toll, not a headcount too
        m.counts = [c for c in m.counts if not (c.value == q.value and c.what == victim.lower_)]
    for child in children:
        if child.dep_ == "conj" and child.lemma_.lower() in words.casualty:
            _victims(m, child, child.lemma_.lower(), ctx)
