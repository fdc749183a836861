"""Roles of a person read from the text around the name: a title written before it ("French
army spokesman Luc Moreau"), an apposition after it ("X, a member of Y,") or before it ("The
governor of Z, X"); and the country and sector those roles imply. Never from the name itself."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from dateline.entities.names import country_in
from dateline.entities.words import entity_words, honorific_role, is_honorific, role_sector
from dateline.tokens import text_of
from dateline.vocabulary import function_words, role_words

ROLE_PHRASE_REACH = 12  # tokens either side of a role noun that its phrase may span
ROLE_NOUN_LOOKBACK = 10  # "The governor of the northern region, Col. X": tokens back to the noun


class RoleReader:
    """Reads the roles written around person names in one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.words = entity_words()

    def _text(self, span: SpacySpan) -> str:
        return text_of(self.doc)[span.start_char : span.end_char]

    def person_roles(self, ent: SpacySpan) -> tuple[list[str], str | None, str | None]:
        roles: list[str] = []
        pre = self._title_before(ent)
        if pre is not None:
            roles.append(self._text(pre))
        roles.extend(self.appositions(ent))
        country = sector = None
        if not roles:  # a rank alone says the role ("General X"); a written role says more
            rank = self._rank(ent)
            if rank is not None:
                roles.append(rank[0])
                sector = role_sector(rank[1])
        for role in roles:
            folded = role.casefold()
            if any(
                re.search(r"(?<![\w.])" + re.escape(m) + r"(?![\w])", folded)
                for m in self.words.igo_markers
            ):
                sector = sector or "IGO"
                continue
            country = country or country_in(role)
            sector = sector or role_sector(role)
        return roles, country, sector

    def _title_before(self, ent: SpacySpan) -> SpacySpan | None:
        """The title written before a name: "U.S. military spokesman", "Defense Minister Gen."."""
        i = ent.start
        # honorifics inside the entity belong to the title too
        first = ent.start
        while first < ent.end and is_honorific(self.doc[first].text):
            first += 1
        j = i - 1
        while j >= 0 and self._title_token(self.doc[j]):
            j -= 1
        start = j + 1
        while start < i and (self.doc[start].lower_ in ("of", "and") or self.doc[start].is_punct):
            start += 1
        tokens = list(self.doc[start:i])
        trailing = function_words("qualifying_preposition")
        while tokens and (is_honorific(tokens[-1].text) or tokens[-1].lower_ in trailing):
            tokens = tokens[:-1]
        if not tokens or not any(self.is_role_token(t) for t in tokens):
            return None
        return self.doc[tokens[0].i : tokens[-1].i + 1]

    def _rank(self, ent: SpacySpan) -> tuple[str, str] | None:
        """A rank or office written as an honorific right before a name, in the entity or just
        outside it ("General X", "Lt. Gen. X", "Sen. X"), when no fuller title is written: the
        honorifics as written and the role noun the one nearest the name stands for. The title
        reader drops honorifics (they end titles: "Defense Minister Gen. X"), so a person known
        only by rank would otherwise carry no role and no sector; a role written in a title or an
        apposition is preferred ("the governor of the region, Col. X" is a governor)."""
        doc = self.doc
        end = ent.start
        while end < ent.end and is_honorific(doc[end].text):
            end += 1
        start = end
        while start > 0 and (
            is_honorific(doc[start - 1].text)
            or doc[start - 1].text == "."
            and start > 1
            and is_honorific(doc[start - 2].text)
        ):
            start -= 1
        for i in range(end - 1, start - 1, -1):
            role = honorific_role(doc[i].text)
            if role is not None:
                return self._text(doc[start:end]), role
        return None

    def _title_token(self, token: Token) -> bool:
        if token.is_sent_start and not token.text[:1].isupper():
            return False
        if token.lower_ in function_words("qualifying_preposition"):
            return True
        if token.pos_ in ("DET", "VERB", "AUX", "ADP", "PRON", "CCONJ", "SCONJ", "NUM"):
            return False
        if token.is_punct:
            return token.text == "-"
        if token.ent_type_ == "PERSON":
            return False
        if token.ent_type_ in ("GPE", "NORP", "ORG"):
            return True
        return (
            self.is_role_token(token)
            or token.lower_ in self.words.title_adjectives
            or (token.text[:1].isupper() and token.pos_ == "PROPN")
            or is_honorific(token.text)
        )

    @staticmethod
    def is_role_token(token: Token) -> bool:
        return token.lower_ in role_words() or token.lemma_.lower() in role_words()

    def appositions(self, ent: SpacySpan) -> list[str]:
        """Roles in appositions: "X, a member of Y," and "The governor of Z, X"."""
        roles: list[str] = []
        root = ent.root
        for child in root.children:
            if child.dep_ == "appos" and self.is_role_token(child) and child.i >= ent.end:
                roles.append(self._role_phrase(child, exclude=ent))
        head = root.head
        if root.dep_ == "appos" and self.is_role_token(head) and head.i < ent.start:
            roles.append(self._role_phrase(head, exclude=ent))
        first = ent.start
        while first > 0 and (
            is_honorific(self.doc[first - 1].text)
            or self.doc[first - 1].text == "."
            and first > 1
            and is_honorific(self.doc[first - 2].text)
        ):
            first -= 1
        if not roles and first >= 2 and self.doc[first - 1].text == ",":
            before = self.doc[first - 2]
            noun = before if self.is_role_token(before) else None
            if noun is None:
                # "The governor of the northern region, Col. X": walk to the role noun
                for token in self.doc[max(0, first - ROLE_NOUN_LOOKBACK) : first - 1]:
                    if self.is_role_token(token) and token.is_sent_start is False:
                        noun = token
                        break
            if (
                noun is not None
                and noun.sent == ent.sent
                and noun.dep_ in ("nsubj", "ROOT", "nsubjpass")
            ):
                roles.append(self._role_phrase(noun, exclude=ent))
        return [r for r in roles if r]

    def _role_phrase(self, noun: Token, exclude: SpacySpan) -> str:
        tokens = [t for t in noun.subtree if not (exclude.start <= t.i < exclude.end)]
        tokens = [t for t in tokens if t.i < exclude.start or t.i >= exclude.end]
        # keep the contiguous run around the noun, without determiners and edge punctuation
        run = [t for t in tokens if abs(t.i - noun.i) < ROLE_PHRASE_REACH]
        while run and (run[0].pos_ in ("DET", "PRON") or run[0].is_punct):
            run = run[1:]
        while run and (run[-1].is_punct or run[-1].pos_ in ("DET", "CCONJ", "ADP")):
            run = run[:-1]
        if not run:
            return ""
        run = [t for t in run if run[0].i <= t.i <= run[-1].i]
        cut = [t for t in run if t.text == ","]
        if cut:
            run = [t for t in run if t.i < cut[0].i] if cut[0].i > noun.i else run
        return self.doc[run[0].i : run[-1].i + 1].text if run else ""
