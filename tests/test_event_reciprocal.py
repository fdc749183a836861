"""Acts done with one another ("A and B signed an agreement", "met", "agreed to cooperate"):
the parties are each other's counterparts, so each is a target too; and an event's year
from the text is not replaced by the publication bound of a later, undated retelling.

Every sentence here was written by the team for these tests."""

from __future__ import annotations

from .event_records import events


def _named(refs: list[str], names: dict[str, str]) -> list[str]:
    return sorted(names.get(r, r) for r in refs)


def _of_type(text: str, type_: str) -> tuple[list[dict], dict[str, str]]:
    found, names = events(text)
    return [e for e in found if e["type"] == type_], names


def test_two_parties_signing_are_each_others_counterparts():
    (deal,), names = _of_type("Kestria and Morvania signed a trade agreement on Monday.", "AGREE")
    assert _named(deal["actors"], names) == ["Kestria", "Morvania"]
    assert _named(deal["targets"], names) == ["Kestria", "Morvania"]


def test_a_named_counterpart_stays_the_only_target():  # control
    text = "Kestria signed a trade agreement with Morvania on Monday."
    (deal,), names = _of_type(text, "AGREE")
    assert _named(deal["actors"], names) == ["Kestria"]
    assert _named(deal["targets"], names) == ["Morvania"]


def test_one_party_acting_alone_gets_no_target():  # control: no counterpart is invented
    (attack,), names = _of_type("Kestria and Morvania shelled the border town.", "ASSAULT")
    assert "Kestria" not in _named(attack["targets"], names)


def test_a_year_told_for_the_act_outlives_an_undated_retelling():
    text = (
        "Kestria and Morvania signed the Tarvin accord in 2019.\n\n"
        "Officials said on Monday that the accord had failed. The accord was never funded, "
        "critics said."
    )
    (accord,), _ = _of_type(text, "AGREE")
    assert (accord["date"]["earliest"], accord["date"]["latest"]) == ("2019-01-01", "2019-12-31")


def test_parties_acting_on_each_other_are_each_others_targets():
    (accusation,), names = _of_type(
        "Kestria and Morvania accused each other of shelling the border town.", "ACCUSE"
    )
    assert _named(accusation["targets"], names) == ["Kestria", "Morvania"]
    (praise,), names = _of_type(
        "Kestria and Morvania expressed respect for each other on Monday.", "SUPPORT"
    )  # a target the frame requires: before, no event at all
    assert _named(praise["targets"], names) == ["Kestria", "Morvania"]
