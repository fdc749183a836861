"""A person's gender, where the text gives it: an honorific or gendered title written with the
name ("Mr. Ortiz", "spokeswoman Ana Ruiz"), else the pronouns already resolved to them.

Gender is evidence for agreement, never a guess from a first name: an entity without such
evidence agrees with "he" and "she" alike. Words come from ``gender_words.csv``.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc

from dateline import lexicons
from dateline.model import Entity
from dateline.tokens import text_of

MALE, FEMALE = "male", "female"
WORD = re.compile(r"[\w’']+")
WORD_BEFORE = re.compile(r"([\w’']+)\.?\s+$")  # the word right before a mention ("Mr. ")
# characters before a mention read for an honorific the mention left out ("Mr. " before "Ortiz")
HONORIFIC_REACH = 12


@cache
def gender_words() -> dict[str, str]:
    """word (casefolded) → male | female."""
    return {row["word"].casefold(): row["gender"] for row in lexicons.rows("gender_words.csv")}


def written_gender(doc: Doc, entity: Entity) -> str | None:
    """The gender the text writes with a person: an honorific opening one of their names or
    standing right before a mention ("Mr. Ortiz"), or a gendered head noun of one of their
    roles ("the agency's spokeswoman"). Only those places: a role phrase may name other people
    ("President X and his wife Y") and must not lend them its words. None when the text writes
    none, or both (two people merged)."""
    words = gender_words()
    found: set[str] = set()
    heads = [_first_word(name) for name in (*entity.aliases, entity.name)]
    heads += [_last_word(role) for role in entity.roles]
    text = text_of(doc)
    for start, _ in entity.mentions:
        before = WORD_BEFORE.search(text[max(0, start - HONORIFIC_REACH) : start])
        if before:
            heads.append(before.group(1).casefold())
    for word in heads:
        gender = words.get(word.rstrip("."))
        if gender:
            found.add(gender)
    return found.pop() if len(found) == 1 else None


def _first_word(phrase: str) -> str:
    found = WORD.findall(phrase.casefold())
    return found[0] if found else ""


def _last_word(phrase: str) -> str:
    found = WORD.findall(phrase.casefold())
    return found[-1] if found else ""
