"""The within-article reference layer: token maps, pronoun and nominal antecedents with number
and gender, and sides, on sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from dateline.errors import ComponentError
from dateline.model import Article
from dateline.pipeline import load_model, make_doc
from dateline.references import References


def parse(nlp: Language, text: str) -> Doc:
    return nlp(make_doc(nlp, Article(text=text)))


def token(doc: Doc, word: str, nth: int = 0) -> Token:
    hits = [t for t in doc if t.text == word]
    assert len(hits) > nth, f"no {word!r} #{nth} in {doc.text!r}"
    return hits[nth]


def refs_of(doc: Doc) -> References:
    refs = doc._.references
    assert isinstance(refs, References)
    return refs


def name_of(refs: References, ident: str | None) -> str | None:
    referent = refs.referent(ident) if ident else None
    return referent.name if referent is not None else None


def test_she_never_goes_back_to_a_man_titled_mr(nlp: Language) -> None:
    doc = parse(
        nlp,
        "Mr. Daniel Osei met Laura Venn in the harbour office on Tuesday. Osei left early. "
        "She said the talks had failed.",
    )
    refs = refs_of(doc)
    found = refs.antecedent(token(doc, "She"))
    assert found is not None
    assert name_of(refs, found.id) == "Laura Venn"
    assert refs.gender(refs.entity_at(token(doc, "Osei")).id) == "male"  # type: ignore[union-attr]


def test_a_resolved_he_teaches_the_later_she(nlp: Language) -> None:
    doc = parse(
        nlp,
        "Mira Holt chairs the board of the shipping firm. Karel Dusek said he would resign. "
        "Dusek thanked Holt in front of the staff. She said the firm would survive.",
    )
    refs = refs_of(doc)
    he = refs.antecedent(token(doc, "he"))
    she = refs.antecedent(token(doc, "She"))
    assert he is not None and name_of(refs, he.id) == "Karel Dusek"
    assert she is not None and name_of(refs, she.id) == "Mira Holt"


def test_they_prefers_a_group_to_a_person(nlp: Language) -> None:
    doc = parse(
        nlp,
        "Gunmen attacked the fuel depot near the river on Monday, and Governor Amadou Sall "
        "condemned the raid. They said the depot was a target.",
    )
    refs = refs_of(doc)
    found = refs.antecedent(token(doc, "They"))
    assert found is not None
    assert refs.referent(found.id).type == "GROUP"  # type: ignore[union-attr]


def test_it_is_never_a_person(nlp: Language) -> None:
    doc = parse(nlp, "Mr. Daniel Osei visited the depot on Monday. It was closed.")
    assert refs_of(doc).entity_at(token(doc, "Osei")).type == "PERSON"  # type: ignore[union-attr]
    assert refs_of(doc).antecedent(token(doc, "It")) is None


def test_it_is_never_a_group_written_in_the_plural(nlp: Language) -> None:
    doc = parse(nlp, "Gunmen attacked the fuel depot on Monday. It was welcomed as a warning.")
    refs = refs_of(doc)
    assert refs.referent(refs.entity_at(token(doc, "Gunmen")).id).type == "GROUP"  # type: ignore[union-attr]
    assert refs.antecedent(token(doc, "It")) is None


def test_it_is_a_body_written_in_the_singular(nlp: Language) -> None:  # control
    doc = parse(nlp, "The Kestrel Defence Council met on Monday. It said the depot was safe.")
    refs = refs_of(doc)
    found = refs.antecedent(token(doc, "It"))
    assert found is not None and name_of(refs, found.id) == "Kestrel Defence Council"


def test_token_maps_answer_entities_and_places(nlp: Language) -> None:
    doc = parse(nlp, "Laura Venn flew to Kenya on Monday. Venn met officials in Nairobi.")
    refs = refs_of(doc)
    venn = refs.entity_at(token(doc, "Venn", 1))
    assert venn is not None and venn.name == "Laura Venn"
    assert refs.entity_at(token(doc, "flew")) is None
    kenya = refs.place_at(token(doc, "Kenya"))
    assert kenya is not None and kenya.feature == "country"
    assert refs.place_at(token(doc, "Venn")) is None
    mention = refs.mention_in(token(doc, "Venn", 1).idx, token(doc, "Venn", 1).idx + 4)
    assert mention is not None and mention.id == venn.id


def test_a_spokesman_speaks_for_the_body_named(nlp: Language) -> None:
    doc = parse(
        nlp,
        "The Interior Ministry sent police to the border. A spokesman for the Interior "
        "Ministry said the crossing would reopen.",
    )
    refs = refs_of(doc)
    principal = refs.spoken_for(token(doc, "spokesman"))
    assert principal is not None and principal.text == "Ministry"
    [quote] = [q for q in doc._.quotes if "crossing" in q.text]
    assert name_of(refs, quote.speaker) == "Interior Ministry"


def test_a_body_speaks_for_itself_and_a_person_for_their_organization(nlp: Language) -> None:
    doc = parse(
        nlp,
        "The National Renewal Movement held a rally in the capital. Kofi Mensah, a "
        "spokesman for the National Renewal Movement, said the vote was rigged.",
    )
    refs = refs_of(doc)
    movement = refs.entity_at(token(doc, "Movement"))
    mensah = refs.entity_at(token(doc, "Mensah"))
    assert movement is not None and mensah is not None
    assert refs.side_of(movement.id) == movement.id
    assert refs.affiliation(mensah.id) == movement.id
    assert refs.side_of(mensah.id) == movement.id


def test_quotes_require_the_reference_layer() -> None:
    try:
        nlp = load_model()
    except Exception:  # noqa: BLE001  (no English model installed)
        pytest.skip("no spaCy English model installed")
    nlp.add_pipe("dateline_frame", first=True)
    for name in ("entities", "places", "times"):
        nlp.add_pipe(f"dateline_{name}")
    with pytest.raises(ComponentError, match=r"^\[D002\].*dateline_quotes.*doc\._\.references"):
        nlp.add_pipe("dateline_quotes")
