"""Entities: NER repairs, one entity per referent, roles, country and sector from general words."""

from __future__ import annotations

from spacy.language import Language

from dateline.frame import prepare
from dateline.model import Article, Entity
from dateline.pipeline import process


def entities(nlp: Language, text: str) -> list[Entity]:
    doc = process(prepare(Article(text=text)), nlp)
    return doc._.entities


def person(found: list[Entity], name: str) -> Entity:
    matches = [e for e in found if e.type == "PERSON" and (e.name == name or name in e.aliases)]
    assert len(matches) == 1, [(e.name, e.type) for e in found]
    return matches[0]


def test_surname_and_full_name_merge(nlp: Language) -> None:
    found = entities(
        nlp,
        "Senator Helen Marsh visited the port on Monday. Marsh said the "
        "strike must end. Later, Marsh met dock workers.",
    )
    marsh = person(found, "Helen Marsh")
    assert "Marsh" in marsh.aliases
    assert len(marsh.mentions) == 3
    assert len([e for e in found if e.type == "PERSON"]) == 1


def test_middle_name_is_not_a_surname(nlp: Language) -> None:
    found = entities(
        nlp,
        "Mullah Abdul Karim Hotak signed the accord. Separately, Karim told "
        "a gathering in the capital that he had been misquoted.",
    )
    hotak = person(found, "Abdul Karim Hotak")
    assert "Mullah Abdul Karim Hotak" in hotak.aliases
    assert "Karim" not in hotak.aliases


def test_pre_modifier_titles_give_roles_and_country(nlp: Language) -> None:
    found = entities(
        nlp,
        "French army spokesman Luc Moreau said the convoy was safe. "
        "Secretary of State Alan Pike arrived on Friday. "
        "Former National Security Advisor Ruth Evans criticized the plan.",
    )
    moreau = person(found, "Luc Moreau")
    assert moreau.roles == ["French army spokesman"]
    assert moreau.country == "FRA"
    assert moreau.sector == "MIL"
    assert person(found, "Alan Pike").roles == ["Secretary of State"]
    assert not any(e.name == "State" for e in found)  # a title word is not an organization
    assert person(found, "Ruth Evans").roles == ["Former National Security Advisor"]


def test_apposition_roles(nlp: Language) -> None:
    found = entities(
        nlp,
        "At least nine people died, said Amira Haddad, a member of the "
        "provincial council, by phone. The governor of the northern region, "
        "Col. Idris Musa, declared a curfew.",
    )
    assert person(found, "Amira Haddad").roles == ["member of the provincial council"]
    musa = person(found, "Idris Musa")
    assert musa.roles == ["governor of the northern region"]
    assert musa.sector == "GOV"


def test_platform_is_not_a_person(nlp: Language) -> None:
    found = entities(nlp, "The minister posted the video on Twitter. Twitter removed it later.")
    assert not any(e.name == "Twitter" for e in found)


def test_possessive_surname_tagged_org_is_the_person(nlp: Language) -> None:
    found = entities(
        nlp,
        "President Omar Siddiq spoke on Monday. Talks between the rebels and "
        "Siddiq’s administration stalled, while Siddiq’s allies protested.",
    )
    siddiq = person(found, "Omar Siddiq")
    assert len(siddiq.mentions) == 3
    assert not any(e.type == "ORG" and "Siddiq" in e.name for e in found)


def test_byline_people_are_not_story_people(nlp: Language) -> None:
    text = (
        "By Nora Blum, Example News\n\nTOWN (Reuters) - Mayor Piet Haan said the bridge "
        "reopened.\n\nTo contact the reporter on this story: Nora Blum in Town at\n"
    )
    found = entities(nlp, text)
    assert not any("Blum" in e.name for e in found)
    person(found, "Piet Haan")


def test_groups_with_demonyms_and_sectors(nlp: Language) -> None:
    found = entities(
        nlp,
        "Gunmen attacked Kenyan soldiers near the border, and jihadi fighters "
        "later killed six civilians.",
    )
    names = {e.name: e for e in found}
    assert names["Kenyan soldiers"].country == "KEN"
    assert names["Kenyan soldiers"].sector == "MIL"
    assert names["jihadi fighters"].sector == "REB"
    assert names["civilians"].sector == "CVL"


def test_nominals_join_their_organization(nlp: Language) -> None:
    found = entities(
        nlp,
        "The Northern Liberation Front said it attacked the base. The militant "
        "group said its fighters seized weapons. The group has denied "
        "targeting civilians.",
    )
    front = [e for e in found if e.type == "ORG" and "Front" in e.name]
    assert len(front) == 1
    assert {"The militant group", "The group"} <= set(front[0].aliases)
    assert front[0].sector == "REB"


def test_acronym_joins_the_long_name(nlp: Language) -> None:
    found = entities(
        nlp,
        "The Movement for Democratic Renewal (MDR) won the vote. Leaders of "
        "the MDR celebrated in the capital.",
    )
    movement = [e for e in found if "Movement" in e.name]
    assert len(movement) == 1
    assert "MDR" in movement[0].aliases


def test_shared_surname_goes_to_the_first_introduced(nlp: Language) -> None:
    found = entities(
        nlp,
        "Maria Okafor won the vote on Sunday. Her husband, Daniel Okafor, "
        "stayed home. Okafor thanked voters. Maria later toured the north.",
    )
    people = [e for e in found if e.type == "PERSON"]
    assert sorted(e.name for e in people) == ["Daniel Okafor", "Maria Okafor"]
    maria = person(found, "Maria Okafor")
    assert len(maria.mentions) == 3


def test_a_headline_verb_glued_to_a_repeated_name_is_not_the_name(nlp: Language) -> None:
    # the tagger reads "Rip Mark Dorsey" as one name; the story writes "Mark Dorsey" twice
    found = entities(
        nlp,
        "Farmers Rip Mark Dorsey Over Water Plan\n\nMark Dorsey, the governor of Orvan, "
        "defended the water plan on Monday. Critics said Mark Dorsey had ignored the farms.",
    )
    dorsey = person(found, "Mark Dorsey")
    assert len([e for e in found if e.type == "PERSON" and "Dorsey" in e.name]) == 1
    assert dorsey.name == "Mark Dorsey" and len(dorsey.mentions) == 3


def test_a_full_name_told_once_before_its_short_form_stays_the_name(nlp: Language) -> None:
    found = entities(
        nlp,
        "Anna Maria Costa opened the bridge in Orvan on Monday. Maria Costa said the bridge "
        "cost millions. Costa left early.",
    )
    costa = person(found, "Anna Maria Costa")
    assert {"Maria Costa", "Costa"} <= set(costa.aliases)
