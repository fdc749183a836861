"""Language detection: the cheap "clearly English" test short-cuts the classifier only where
the classifier would say English too, and texts in other languages still reach it."""

from __future__ import annotations

import pytest

from dateline.frame.language import _identifier, clearly_english, detect_language

ENGLISH = (
    "The regional council said on Tuesday that it would reopen the northern road after a week "
    "of repairs. Farmers in the valley had complained that the closure cut them off from the "
    "market town, and the council's transport officer told reporters that the work was finished "
    "ahead of schedule. Buses will run again from Wednesday morning, he said."
)

OTHER = {
    "fr": (
        "Le conseil régional a annoncé mardi la réouverture de la route du nord après une semaine "
        "de travaux. Les agriculteurs de la vallée se plaignaient depuis longtemps de la "
        "fermeture, qui les coupait du marché de la ville voisine. Selon le responsable des "
        "transports, les "
        "autobus circuleront de nouveau dès mercredi matin."
    ),
    "es": (
        "El consejo regional anunció el martes que la carretera del norte volverá a abrir después "
        "de una semana de obras. Los agricultores del valle se quejaban de que el cierre los "
        "separaba del mercado del pueblo vecino. Según el encargado de transporte, los autobuses "
        "circularán otra vez desde el miércoles por la mañana."
    ),
    "de": (
        "Der Regionalrat hat am Dienstag angekündigt, dass die nördliche Straße nach einer Woche "
        "Bauarbeiten wieder geöffnet wird. Die Bauern im Tal hatten sich beschwert, weil die "
        "Sperrung sie vom Markt in der Nachbarstadt abschnitt. Nach Angaben des Verkehrsleiters "
        "fahren die Busse ab Mittwochmorgen wieder."
    ),
    "it": (
        "Il consiglio regionale ha annunciato martedì che la strada del nord sarà riaperta dopo "
        "una settimana di lavori. Gli agricoltori della valle si lamentavano che la chiusura li "
        "separava dal mercato del paese vicino. Secondo il responsabile dei trasporti, gli autobus "
        "torneranno a circolare da mercoledì mattina."
    ),
}


def test_plain_english_is_short_cut_and_the_classifier_agrees() -> None:
    assert clearly_english(ENGLISH)
    assert _identifier().classify(ENGLISH)[0] == "en"
    assert detect_language(ENGLISH) == "en"


@pytest.mark.parametrize("code", sorted(OTHER))
def test_other_languages_are_not_taken_for_english(code: str) -> None:
    assert not clearly_english(OTHER[code])
    assert detect_language(OTHER[code]) == code


def test_english_words_quoted_in_another_language_do_not_make_it_english() -> None:
    text = OTHER["fr"] + " Le ministre a dit « we will see » aux journalistes."
    assert not clearly_english(text)
    assert detect_language(text) == "fr"


def test_a_short_text_says_nothing() -> None:
    assert not clearly_english("The road is open again.")
    assert detect_language("The road is open again.") is None
