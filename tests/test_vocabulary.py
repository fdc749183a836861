"""The shared vocabulary accessors: one table of role nouns for every layer, one reading of the
speech verbs, one fold for every table of names."""

from __future__ import annotations

import pytest

from dateline import vocabulary
from dateline.countries import by_name, fold
from dateline.errors import LexiconError


def test_one_role_table_gives_entities_and_events_the_same_sector() -> None:
    titles, sectors = vocabulary.role_words(), vocabulary.sector_words()
    for word, (sector, _) in titles.items():
        assert word not in sectors or sectors[word] == sector, word
    # a plural reaches its lemma's sector, and a lemma-only actor noun is there for events
    assert sectors["gunman"] == titles["gunmen"][0] == "REB"
    assert sectors["doctor"] == "MED" and "doctor" not in titles  # NGEC codes medical staff MED


def test_a_word_whose_sector_depends_on_the_text_has_none() -> None:
    assert vocabulary.sector_words()["spokesman"] is None
    assert "head" not in vocabulary.sector_words()  # relational: "the heads of X" act as X
    assert vocabulary.role_words()["spokesman"] == (None, "person")


def test_speech_lemmas_by_role() -> None:
    report = vocabulary.speech_lemmas("report")
    every = vocabulary.speech_lemmas()
    assert "say" in report and report < every
    assert all(vocabulary.speech_verbs()[lemma].role == "report" for lemma in report)


def test_fold_is_one_key_for_spellings_of_a_name() -> None:
    assert fold("Guinea-Bissau") == fold("guinea bissau") == fold("The Guinea Bissau")
    assert fold("Côte d’Ivoire") == fold("Cote d'Ivoire") == fold("cote d`ivoire")
    assert by_name("Timor Leste") is not None and by_name("Timor Leste") == by_name("Timor-Leste")


def test_institutions_and_platforms_are_folded_keys() -> None:
    assert vocabulary.institutions()[fold("the Élysée")].country == "FRA"
    assert fold("Truth Social") in vocabulary.platforms()


def test_an_unknown_word_kind_is_a_packaging_error() -> None:
    with pytest.raises(LexiconError, match=r"^\[D019\].*no_such_kind"):
        vocabulary.function_words("no_such_kind")
