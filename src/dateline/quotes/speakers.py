"""Who a speaker phrase stands for: an entity or place id, or a name the parser saw.

The subject of the cue if it names one; a pronoun or a nominal ("the group", "the president")
to what the reference layer (``doc._.references``) says it refers back to; "the statement" to
whoever last issued one; "Clinton's spokesman", "a spokesman for X" to the one spoken for (the
reference layer's ``spoken_for``); "Trump's campaign" to its possessor. When nothing justifies a
speaker, it stays None.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from spacy.tokens import Token
from wordfreq import zipf_frequency

from dateline.entities.words import PERSON_TYPES, ROLE
from dateline.model import Place
from dateline.quotes.drafts import Speaker
from dateline.quotes.layout import Layout
from dateline.quotes.syntax import Syntax
from dateline.quotes.vocabulary import GROUP_PRONOUNS, PERSON_PRONOUNS, lexicon
from dateline.references.antecedents import person_description
from dateline.references.index import Mention, Referent
from dateline.vocabulary import function_words, role_words, speaker_words, speech_lemmas

BODY_TYPES = ("ORG", "GROUP")  # entity types that speak through their people
# below this Zipf frequency a lower-case word after a title reads as a name: "vaskel" (0) and
# most surnames fall below it, common nouns ("union" 5.1, "statement" 5.0) far above
RARE_WORD_ZIPF = 3.5
ISSUER_REACH_CHARS = 600  # "the ruling" looks this far back for the verb that issued it
SHARE_REACH_TOKENS = 80  # "63 percent said" looks this far back for "N percent of GROUP"


class SpeakerResolver:
    """Resolves the speaker phrases of one Doc, each once."""

    def __init__(self, layout: Layout, syntax: Syntax) -> None:
        self.layout = layout
        self.doc = layout.doc
        self.text = layout.text
        self.syntax = syntax
        self.refs = layout.refs
        self.issuers: list[tuple[int, Token]] = self._statement_issuers()
        self.documents: list[tuple[int, Token, str]] = self._documents()
        self.issuings = self._subjects_of("issuing")
        self.reporters = self._subjects_of("reporting")
        # the lists above are in text order: what came before a position is a binary search
        self.documents_by_lemma: dict[str, list[tuple[int, Token, str]]] = {}
        for found in self.documents:
            self.documents_by_lemma.setdefault(found[2], []).append(found)
        self._resolved: dict[int, Speaker | None] = {}

    def _statement_issuers(self) -> list[tuple[int, Token]]:
        """Where someone issued a statement ("X said in a statement", "X issued a statement")."""
        out = []
        for i, lemma in enumerate(self.layout.lemmas):
            if lemma not in self.layout.words["statement"]:
                continue
            t = self.doc[i]
            if self.layout.in_quote(t.idx):
                continue
            verb = None
            if t.dep_ == "pobj" and t.head.lower_ in function_words("statement_preposition"):
                verb = t.head.head
            elif t.dep_ == "dobj" and t.head.lemma_.lower() in self.layout.words["issue"]:
                verb = t.head
            if verb is not None and verb.pos_ in ("VERB", "AUX"):
                subj = self.syntax.subject(verb)
                if subj is not None and subj.lemma_.lower() not in self.layout.words["statement"]:
                    out.append((t.idx, subj))
        return out

    def resolve(self, subj: Token) -> Speaker | None:
        """The speaker a subject phrase stands for, or None when nothing justifies one."""
        if subj.i not in self._resolved:
            self._resolved[subj.i] = None  # guards against cycles through statement issuers
            sp = self._resolve(subj)
            if self.layout.boiler(subj.idx, subj.idx + len(subj)):
                sp = None  # a byline, credit or caption line is never who speaks in the story
            self._resolved[subj.i] = sp if sp is not None and (sp.cand or sp.name) else None
        return self._resolved[subj.i]

    def _resolve(self, subj: Token) -> Speaker | None:
        low = subj.lower_
        span = self._np_span(subj)
        if subj.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS:
            antecedent = self.refs.antecedent(subj)
            if antecedent is None:
                return None
            return Speaker(antecedent.referent, antecedent.referent.name, antecedent.span)
        lemma = subj.lemma_.lower()
        if lemma in self.layout.words["statement"] or lemma in self.layout.words["document"]:
            return self._statement_speaker(subj)
        if low in self.layout.words["share"] or lemma in self.layout.words["share"]:
            whole = self._share_of(subj)
            if whole is not None:
                return whole
        if lemma in self.layout.words["outlet"] and not any(
            c.dep_ == "poss" or c.pos_ == "PROPN" for c in subj.children
        ):
            outlet = self._outlet_before(subj.idx)
            if outlet is not None:
                return outlet
        mention = self.refs.mention_in(subj.idx, subj.idx + len(subj.text))
        if mention is not None and getattr(mention.referent, "type", None) == ROLE:
            # "a spokesman for the ministry": the body spoken for, when the text names it
            principal = self.refs.spoken_for(subj)
            found = self.resolve(principal) if principal is not None else None
            if found is not None and found.cand is not None:
                return found
        if mention is not None:
            return Speaker(mention.referent, mention.referent.name, span)
        for c in subj.children:  # "the campaign chairman, Phil Lovas, said"
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                return self.resolve(c)
        named = self._appos_under_of(subj)  # "the head of the agency, Ana Silva, said"
        if named is not None:
            return self.resolve(named)
        titled = self._name_in_title(subj)  # "Former star running back Ana Silva said"
        if titled is not None:
            return Speaker(titled.referent, titled.referent.name, titled.span)
        principal = self.refs.spoken_for(subj)  # "Clinton's spokesman", "a spokesman for X"
        if principal is not None:
            return self.resolve(principal)
        owner = self.refs.owner_of(subj)  # "GM's vice president said": GM speaks through them
        if owner is not None and self.refs.entity_at(owner) is not None:
            found = self.resolve(owner)
            if found is not None and getattr(found.cand, "type", None) not in PERSON_TYPES:
                return found
        if {lemma, subj.lower_} & self.layout.words["collective"]:
            for c in subj.children:  # "Trump's campaign"
                if c.dep_ == "poss" and c.pos_ == "PROPN":
                    return self.resolve(c)
        if subj.pos_ == "PROPN":
            mention = self.refs.mention_in(*span)
            if mention is not None:
                return Speaker(mention.referent, mention.referent.name, span)
            return Speaker(None, self._propn_name(subj), span)
        if (
            subj.pos_ == "NOUN"
            and any(
                (c.dep_ == "det" and c.lower_ in function_words("nominal_determiner"))
                or c.dep_ == "poss"
                for c in subj.children
            )
        ) or person_description(subj):
            nominal = self.refs.nominal(subj)
            if nominal is None:
                return self._body_possessor(subj)
            # a word match keeps the description's own span; a pronoun-like fallback, the
            # antecedent's
            own = nominal.start == subj.idx
            return Speaker(nominal.referent, nominal.referent.name, span if own else nominal.span)
        return self._body_possessor(subj) or self._name_after_title(subj)

    def _body_possessor(self, subj: Token) -> Speaker | None:
        """A speaking subject the text gives only as some body's ("GM's sales vice president",
        as the parser reads it: "GM's sales"): the body."""
        for child in subj.children:
            if child.dep_ == "poss" and child.pos_ == "PROPN":
                found = self.resolve(child)
                if found is not None and getattr(found.cand, "type", None) in BODY_TYPES:
                    return found
        return None

    def _name_after_title(self, subj: Token) -> Speaker | None:
        """A name after a title in text written all in lower case ("district magistrate orin
        vaskel said"), where the parser reads the name as common nouns and the entities layer
        sees no name: the words after the last role noun of the subject's compounds, when none
        of them is a role, a speaker word or a function word, and one is a proper noun or a
        word general English rarely uses (wordfreq's Zipf frequency below ``RARE_WORD_ZIPF``)."""
        if subj.pos_ not in ("NOUN", "PROPN") or any(c.dep_ == "det" for c in subj.children):
            return None
        chain = [subj]
        while chain[0].i > 0:
            left = self.doc[chain[0].i - 1]
            if left.dep_ != "compound" or left.head.i not in {t.i for t in chain}:
                break
            chain.insert(0, left)
        roles = role_words()
        titled = [k for k, t in enumerate(chain) if t.lower_ in roles]
        if not titled or titled[-1] == len(chain) - 1:
            return None
        name = chain[titled[-1] + 1 :]
        listed = set().union(*self.layout.words.values())
        if any(
            not t.is_alpha or t.is_stop or t.lower_ in roles or t.lower_ in listed for t in name
        ):
            return None
        if not any(t.pos_ == "PROPN" or _rare(t.lower_) for t in name):
            return None
        start, end = name[0].idx, subj.idx + len(subj.text)
        return Speaker(None, self.text[start:end], (start, end))

    @staticmethod
    def _appos_under_of(subj: Token) -> Token | None:
        """A person's name the parser hung on the object of a common noun subject's "of" or
        "for" ("the mayor of Lisbon, Rui Antunes", "the UN envoy for Vellamar, Ruth Ambry"):
        the name belongs to the subject, not to the place or body in the phrase."""
        if subj.pos_ != "NOUN":
            return None
        for prep in subj.children:
            if prep.dep_ != "prep":
                continue
            for obj in prep.children:
                for c in obj.children:
                    if c.dep_ == "appos" and c.ent_type_ == "PERSON":
                        return c
        return None

    def _name_in_title(self, subj: Token) -> Mention | None:
        """The one named person inside a common-noun subject the parser built around a title
        ("Former star running back Ana Silva and other players alleged"): the title's person.
        Not through a preposition or a clause ("the lawyer for Ana Silva said" is not Silva)."""
        if subj.pos_ != "NOUN" or self.refs.entity_at(subj) is not None:
            return None
        found = {}
        for token in subj.subtree:
            entity = self.refs.entity_at(token)
            if entity is None or entity.type != "PERSON" or token.i == subj.i:
                continue
            cur, ok = token, True
            while cur.i != subj.i:
                if cur.dep_ in ("prep", "pobj", "relcl", "poss", "agent") or cur.head == cur:
                    ok = False
                    break
                cur = cur.head
            if ok:
                found[entity.id] = token
        if len(found) != 1:
            return None
        token = next(iter(found.values()))
        return self.refs.mention_in(token.idx, token.idx + len(token))

    def _np_span(self, subj: Token) -> tuple[int, int]:
        left = subj
        for c in subj.lefts:
            if c.dep_ in ("compound", "amod", "det", "poss", "nmod"):
                left = c.left_edge if c.left_edge.i < left.i else left
                break
        return left.idx, subj.idx + len(subj.text)

    def _propn_name(self, t: Token) -> str:
        toks = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [t]
        return " ".join(x.text for x in toks)

    def _statement_speaker(self, subj: Token) -> Speaker | None:
        """Whoever issued "the statement" or "the report": the issuer the phrase names ("the
        army's statement", "a Reuters survey", "figures from the agency"), else the last one
        who issued a statement (for a statement), or the last document of the same word whose
        issuer was named ("the NCAA report ... the report said")."""
        issuer = self._issuer(subj)
        if issuer is not None:
            sp = self.resolve(issuer)
            if sp is not None and sp.cand is not None and _can_issue(sp.cand):
                return sp
        if subj.lemma_.lower() in self.layout.words["statement"]:
            earlier = _backwards(self.issuers, subj.idx)
        else:
            earlier = _backwards(self.documents_by_lemma.get(subj.lemma_, []), subj.idx)
        for tok in earlier:
            sp = self.resolve(tok)
            if sp is not None and (sp.cand is not None or sp.name):
                return sp
        if subj.lemma_.lower() in self.layout.words["document"]:
            # "The appeals court ruled that ... said the ruling": the subject of the verb the
            # document comes from, in the sentences just before (the last one before it, when
            # that one is near enough)
            i = bisect_left(self.issuings, subj.idx, key=_position)
            if i:
                at, tok = self.issuings[i - 1]
                if subj.idx - at <= ISSUER_REACH_CHARS:
                    return self.resolve(tok) or self._collective_phrase(tok)
        return None

    def _collective_phrase(self, tok: Token) -> Speaker | None:
        """A body the text describes without a name ("the appeals court") as a named speaker:
        the noun phrase without its article, when its head is a collective noun."""
        if {tok.lemma_.lower(), tok.lower_} & self.layout.words["collective"]:
            start, end = self._np_span(tok)
            first = self.layout.tok(start)
            if first.dep_ == "det" and first.i < tok.i:
                start = self.doc[first.i + 1].idx
            return Speaker(None, self.text[start:end], (start, end))
        return None

    def _share_of(self, subj: Token) -> Speaker | None:
        """A poll share as subject ("63 percent said", "a majority of voters said"): the group
        it is a part of, from its own "of" or else from the last share of a group in the
        sentences just before ("52 percent of registered voters agreed ... 63 percent said");
        a share is never a speaker itself."""
        candidates = [subj] + [
            t
            for t in reversed(self.doc[max(0, subj.i - SHARE_REACH_TOKENS) : subj.i])
            if t.lower_ in self.layout.words["share"] and not self.layout.in_quote(t.idx)
        ]
        for share in candidates:
            for prep in share.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    whole = next((g for g in prep.children if g.dep_ == "pobj"), None)
                    if whole is not None and whole.pos_ in ("NOUN", "PROPN"):
                        found = self.resolve(whole)
                        if found is not None:
                            return found
                        start, end = self._np_span(whole)
                        return Speaker(None, self.text[start:end], (start, end))
        return None

    def _outlet_before(self, pos: int) -> Speaker | None:
        """ "the paper reported": the organization last named as reporting before it."""
        for tok in _backwards(self.reporters, pos):
            found = self.resolve(tok)
            if found is not None and getattr(found.cand, "type", None) == "ORG":
                return found
        return None

    def _subjects_of(self, kind: str) -> list[tuple[int, Token]]:
        """(position, subject) of each verb of a ``speaker_words`` kind outside quotation marks,
        in text order."""
        out = []
        verbs = self.layout.words[kind]
        for i, lemma in enumerate(self.layout.lemmas):
            if lemma not in verbs:
                continue
            t = self.doc[i]
            if t.pos_ not in ("VERB", "AUX") or self.layout.in_quote(t.idx):
                continue
            subj = self.syntax.subject(t)
            if subj is not None and subj.pos_ != "PRON":
                out.append((t.idx, subj))
        return out

    @staticmethod
    def _issuer(subj: Token) -> Token | None:
        """The name a statement or document phrase gives its issuer: a possessor, a name
        compounded with it, or the object of its "from"/"by"/"of"."""
        for child in subj.children:
            if child.dep_ == "poss" and child.pos_ != "PRON":
                return child
        for child in subj.children:
            if child.dep_ in ("compound", "nmod") and child.pos_ == "PROPN":
                return child
        for child in subj.children:
            if child.dep_ == "prep" and child.lower_ in function_words("issuer_preposition"):
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_):
                    return obj
        return None

    def _documents(self) -> list[tuple[int, Token, str]]:
        """Documents whose issuer the text names ("the NCAA report"), in text order."""
        out = []
        for i, lemma in enumerate(self.layout.lemmas):
            if lemma not in self.layout.words["document"]:
                continue
            t = self.doc[i]
            issuer = None if self.layout.in_quote(t.idx) else self._issuer(t)
            if issuer is not None:
                out.append((t.idx, issuer, t.lemma_))
        return out

    def speaker_like(self, subj: Token) -> bool:
        """A subject that can speak: one that resolves to a speaker, a named person or body,
        a role ("the mayor") or a noun for people or an institution ("a group of doctors")."""
        if self.resolve(subj) is not None or subj.ent_type_ in ("PERSON", "ORG", "NORP"):
            return True
        forms = {subj.lemma_.lower(), subj.lower_}
        speakers = (
            self.layout.words["collective"]
            | self.layout.words["people"]
            | self.layout.words["spokes"]
        )
        return bool(forms & speakers) or any(f in role_words() for f in forms)


def shown_name(name: str | None) -> str | None:
    """A speaker's name without a headline verb glued to its edge ("Senators Urge", "Rip Ana
    Silva" when a headline's words became the name): a first word in the base or -s form, or
    a last word in the -s form, of a speech verb or a ``headline_verb``, when two words are left
    (a name is never shortened to one word this way: "Rip Torn", "Hope Hicks" keep theirs);
    likewise a platform's name ("Twitter Ana Lopes" from "wrote on Twitter Ana Lopes")."""
    if not name:
        return name
    words = name.split()
    if len(words) >= 3 and words[0].lower() in _platforms():
        words = words[1:]  # "wrote on Twitter Ana Lopes": the platform is not in the name
    if len(words) >= 3 and _headline_verb(words[0], base=True):
        words = words[1:]
    if len(words) >= 3 and _headline_verb(words[-1], base=False):
        words = words[:-1]
    return " ".join(words) if len(words) != len(name.split()) else name


@cache
def _platforms() -> frozenset[str]:
    """The one-word platforms of ``channels.csv``'s "on W" phrases ("on twitter")."""
    return frozenset(
        words[1]
        for phrase, _ in lexicon().channel_phrases
        if len(words := phrase.split()) == 2 and words[0] == "on" and len(words[1]) > 1
    )


def _headline_verb(word: str, base: bool) -> bool:
    """A capitalized verb form a headline uses: "Urges", "Denies", "Slams" (and "Rip", "Slam"
    when ``base``)."""
    if not word[:1].isupper():
        return False
    low = word.lower()
    verbs = speech_lemmas() | speaker_words()["headline_verb"]
    forms = {low[:-1], low[:-2], low[:-3] + "y" if low.endswith("ies") else ""}
    if low.endswith("s") and forms & verbs:
        return True
    return base and low in verbs


def _backwards(found: Sequence[tuple[Any, ...]], pos: int) -> Iterator[Token]:
    """The tokens of ``found`` ((position, token, ...) in text order) that stand before
    ``pos``, the nearest first: a binary search finds where to start, so a look back from
    late in a long article does not pass over everything after it."""
    i = bisect_left(found, pos, key=_position)
    while i > 0:
        i -= 1
        yield found[i][1]


def _position(found: tuple[Any, ...]) -> int:
    """Where a found issuer, document or subject stands (the first field of its tuple)."""
    return int(found[0])


def _rare(word: str) -> bool:
    return zipf_frequency(word, "en") < RARE_WORD_ZIPF


def _can_issue(referent: Referent) -> bool:
    """Who can issue a report: a person or body, or a country (its government); a region or a
    town cannot ("South Florida news reports" are not Florida's)."""
    return not isinstance(referent, Place) or referent.feature == "country"
