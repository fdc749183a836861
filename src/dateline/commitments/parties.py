"""Who is bound: a clause's subject turned into an entity or place id by the within-article
reference layer (``doc._.references``), never by a token map of this layer's own.

Whether a reported future binds the speaker ("the company said it would ...", "the commissioner
said the state government would ...") is asked of the reference layer first (the speaker, the
speaker's side or organization); where it cannot tell, the sectors decide: a subject of the
speaker's own sector (a government official on "the government", the chief election commissioner
on "the commission") is the speaker's side, one of another ("the minister said the rebels would
attack") is a prediction about others, which binds nobody.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from dateline.model import Entity
from dateline.vocabulary import role_words

if TYPE_CHECKING:  # the layer is read from the Doc; importing it here would order imports
    from dateline.references import References

PRONOUN_POS = {"PRON"}
IT = "it"
PERSON = "PERSON"
PERSON_KINDS = {"person", "both"}  # roles.csv kinds of a noun for one person ("minister")
NAME_DEPS = {"appos", "compound"}  # "Kano State's commissioner, Musa Bello": the name is here
STEM_CHARS = 5  # shared leading letters of a title word and a body's name word ("commission")


class Parties:
    """Parties of one Doc, read from its reference layer."""

    def __init__(self, doc: Doc) -> None:
        self.refs: References = doc._.references
        self.roles = role_words()

    def of(self, tok: Token | None) -> str | None:
        """The referent a noun phrase's head means: a mention on the head or on a name in
        apposition, a pronoun's antecedent or a definite description's ("the group"), else the
        first entity (then place) mentioned inside the phrase."""
        if tok is None:
            return None
        refs = self.refs
        for head in [tok, *(c for c in tok.children if c.dep_ == "appos")]:
            ident = refs.token_entities.get(head.i) or refs.token_places.get(head.i)
            if ident:
                return ident
        found = refs.antecedent(tok) if tok.pos_ in PRONOUN_POS else refs.nominal(tok)
        if found is not None:
            return found.id
        inner = [t for t in tok.subtree if t.i != tok.i]
        for table in (refs.token_entities, refs.token_places):
            for sub in inner:
                if sub.i in table:
                    return table[sub.i]
        return None

    def side(self, ident: str | None) -> str | None:
        """The side a speaker speaks for (a person's organization or country, a body itself)."""
        if ident is None:
            return None
        return self.refs.side_of(ident) or ident

    def head_of(self, tok: Token) -> str | None:
        """The referent of the phrase's head only: "the rebels' reaction" is no party, even
        though the rebels are mentioned inside it."""
        refs = self.refs
        ident = refs.token_entities.get(tok.i) or refs.token_places.get(tok.i)
        if ident:
            return ident
        found = refs.antecedent(tok) if tok.pos_ in PRONOUN_POS else refs.nominal(tok)
        return found.id if found is not None else None

    def party_noun(self, tok: Token) -> bool:
        """A head that can name a party: a name, or a role or group noun ("the militia", "the
        minister"); not "reaction" or "plan", whoever the phrase mentions."""
        return tok.pos_ != "NOUN" or tok.lemma_.lower() in self.roles or tok.lower_ in self.roles

    def same_side(
        self,
        subj: Token,
        speaker_tok: Token | None,
        speaker: str | None,
        third_pronouns: frozenset[str] = frozenset(),
    ) -> bool:
        """Whether a subject is the speaker or the speaker's side (see the module docstring);
        ``third_pronouns`` are the pronouns an unresolved subject may be for the speaker (none
        inside a direct quote, where "he" is someone the speaker talks about)."""
        ident = self.of(subj)
        referent = self.refs.referent(ident) if ident else None
        if subj.lower_ == IT and isinstance(referent, Entity) and referent.type == PERSON:
            return False  # "it" is never the person who speaks
        if ident is not None and speaker is not None:
            mine = {speaker, self.side(speaker), self.refs.affiliation(speaker)}
            if ident in mine or self.side(ident) in mine:
                return True
        owner = next((c for c in subj.children if c.dep_ == "poss"), None)
        if (
            owner is not None
            and owner.pos_ in PRONOUN_POS
            and speaker is not None
            and subj.lemma_.lower() in self.roles  # "her party", not "her plans"
        ):
            found = self.refs.antecedent(owner)
            if found is not None and found.id in {speaker, self.side(speaker)}:
                return True  # "she said her party would ..."
        if self._title_names(speaker, ident):
            return True
        if subj.pos_ in PRONOUN_POS:
            # "the board said it would ...": a third-person pronoun the layer left unresolved
            # is the speaker, as it usually is in reported speech, when it fits the speaker
            # ("it" for a body, "he" or "she" for a person); one resolved to another is not
            if ident is not None or speaker_tok is None or subj.lower_ not in third_pronouns:
                return False
            person = self._a_person(speaker_tok, speaker)
            return person is None or person != (subj.lower_ == IT)
        mine_sector = self.sector(speaker_tok, speaker)
        return mine_sector is not None and mine_sector == self.sector(subj, ident)

    def _a_person(self, tok: Token, ident: str | None) -> bool | None:
        """Whether a speaker is one person: a common noun says so itself ("the board" is not,
        whatever name it holds; "the minister" is), a name or pronoun by its referent."""
        if tok.pos_ == "NOUN":
            role = self.roles.get(tok.lower_)
            return role is not None and role[1] in PERSON_KINDS
        referent = self.refs.referent(ident) if ident else None
        if referent is None:
            return None
        return isinstance(referent, Entity) and referent.type == PERSON

    def _title_names(self, speaker: str | None, ident: str | None) -> bool:
        """A speaker whose title names the subject's body: "Chief Election Commissioner X" on
        "the Election Commission", "Interior Minister X" on "the Interior Ministry" (words
        sharing a stem of ``STEM_CHARS`` letters, the title's derivation of the body's name)."""
        person = self.refs.referent(speaker) if speaker else None
        body = self.refs.referent(ident) if ident else None
        if not isinstance(person, Entity) or body is None or not person.roles:
            return False
        stems = {w[:STEM_CHARS] for w in _words(body.name)}
        return any(w[:STEM_CHARS] in stems for role in person.roles for w in _words(role))

    def sector(self, tok: Token | None, ident: str | None) -> str | None:
        """The sector of a party: its entity's, else the role noun heading the phrase or
        naming it ("commissioner", "the government")."""
        referent = self.refs.referent(ident) if ident else None
        if isinstance(referent, Entity) and referent.sector:
            return referent.sector
        if tok is None:
            return None
        for word in [tok, *(c for c in tok.children if c.dep_ in NAME_DEPS)]:
            found = self.roles.get(word.lemma_.lower()) or self.roles.get(word.lower_)
            if found and found[0]:
                return found[0]
        return None


def _words(name: str) -> list[str]:
    return [w for w in name.casefold().split() if len(w) >= STEM_CHARS]
