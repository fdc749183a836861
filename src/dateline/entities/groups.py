"""Nominal groups that act in conflict news without a name: "Afghan forces", "jihadi
fighters", "civilians", "rebel officials". A group noun of the roles lexicon becomes a GROUP
mention with the modifiers that say whose group it is; its country comes from a demonym or
country name among them, its sector from the noun (or REB for "militant", "rebel" ...)."""

from __future__ import annotations

from spacy.symbols import NOUN, PROPN
from spacy.tokens import Token

from dateline import countries
from dateline.entities.mentions import Mention, MentionCollector
from dateline.entities.names import POSSESSIVE, country_in
from dateline.tokens import PLURAL_TAGS, text_of
from dateline.vocabulary import role_words

OWNER_LABELS = ("NORP", "GPE", "ORG")  # a modifier with one of these labels says whose group


def add_groups(collector: MentionCollector) -> None:
    """Add a GROUP mention for every group noun not already inside a mention."""
    doc, words, table = collector.doc, collector.words, role_words()
    for i in collector.indices(NOUN, PROPN):
        if i in collector.taken:
            continue
        token = doc[i]
        word = token.lower_
        sector_kind = table.get(word)
        if sector_kind is None or sector_kind[1] == "person":
            continue
        if sector_kind[1] == "both" and token.tag_ not in PLURAL_TAGS:
            continue
        if token.dep_ == "compound" or collector.skip(token.idx, token.idx + len(token)):
            continue
        if word in words.not_group_heads:
            continue
        mods = group_modifiers(collector, token)
        if not mods and (word in words.bare_nominals or _other_modifiers(token)):
            # bare "the government" joins the body named before it, and "top black
            # lawmakers" keeps its modifiers: both are unnamed actors (``descriptions.py``)
            continue
        start = mods[0].idx if mods else token.idx
        end = token.idx + len(token)
        text = text_of(doc)[start:end]
        found = {
            c.alpha3
            for mod in mods
            if (c := countries.by_demonym(mod.text) or countries.by_name(mod.text))
        }
        country = next(iter(found)) if len(found) == 1 else None  # "US and British": no one country
        if not found and mods:  # a demonym of two words ("South Korean")
            country = country_in(text_of(doc)[mods[0].idx : mods[-1].idx + len(mods[-1])])
        sector = sector_kind[0]
        if any(m.lower_ in words.rebel_group_modifiers for m in mods):
            sector = "REB"
        collector.taken.update(range(mods[0].i if mods else token.i, token.i + 1))
        collector.mentions.append(
            Mention(
                start,
                end,
                text,
                "GROUP",
                POSSESSIVE.sub("", text),
                country=country,
                sector=sector,
            )
        )


def _other_modifiers(head: Token) -> bool:
    """Left modifiers that do not say whose group it is ("top black lawmakers")."""
    return any(c.dep_ in ("amod", "compound", "nmod") and c.pos_ != "PRON" for c in head.lefts)


def group_modifiers(collector: MentionCollector, head: Token) -> list[Token]:
    """Contiguous modifiers left of a group noun that say whose group it is, coordinated ones
    too ("US and British activists" keeps both: the group is not reduced to "activists")."""
    doc, modifiers = collector.doc, collector.words.group_modifiers
    mods: list[Token] = []
    i = head.i - 1
    while i >= 0:
        tok = doc[i]
        owner = (
            tok.ent_type_ in OWNER_LABELS
            or tok.lower_ in modifiers
            or tok.i in collector.demonym_tokens  # "Sri Lankan", whatever the NER called it
        )
        if tok.head != head and tok.head not in mods and not _coordinated(tok, head):
            break
        if owner:
            mods.insert(0, tok)
            i -= 1
            continue
        if (tok.text in (".",) or tok.dep_ == "cc" or tok.text == ",") and mods:
            i -= 1
            continue
        break
    while mods and (mods[0].dep_ == "cc" or mods[0].is_punct and mods[0].text != "."):
        mods.pop(0)
    return mods


def _coordinated(tok: Token, head: Token) -> bool:
    """A modifier joined to another modifier of the same head ("US and British")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ not in ("conj", "cc") and not cur.is_punct:
            return False
        cur = cur.head
        if cur.head == head and cur.dep_ in ("amod", "compound", "nmod"):
            return True
    return False
