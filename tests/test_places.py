"""Places: recognition beyond the NER, suppression of non-places, disambiguation, output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dateline.model import Article, Place
from dateline.pipeline import process
from dateline.places import metonymic_at, place_at, precision_code


def run(
    nlp: Language,
    text: str,
    boilerplate: list[tuple[int, int]] | None = None,
    dateline: tuple[int, int] | None = None,
) -> Doc:
    article = Article(text=text, boilerplate=boilerplate or [], dateline=dateline)
    return process(article, nlp)


def named(doc: Doc, name: str) -> Place:
    found = [p for p in doc._.places if p.name == name or name in p.aliases]
    assert len(found) == 1, [(p.name, p.country, p.feature) for p in doc._.places]
    return found[0]


def names(doc: Doc) -> set[str]:
    return {p.name for p in doc._.places}


def test_province_phrase_gives_admin1_named_without_the_type_word(nlp: Language) -> None:
    doc = run(
        nlp,
        "Gunmen attacked a police checkpoint in northern Kandahar province on "
        "Tuesday, and fighting spread to the Zabul province by night.",
    )
    kandahar = named(doc, "Kandahar")
    assert (kandahar.country, kandahar.feature) == ("AF", "admin1")
    assert "Kandahar province" in kandahar.aliases
    assert named(doc, "Zabul").feature == "admin1"


def test_repeated_place_is_one_place_with_all_mentions(nlp: Language) -> None:
    text = (
        "Floods hit Kenya last week. Rescue teams in Kenya said more rain was due, "
        "and Kenya asked for help."
    )
    kenya = named(run(nlp, text), "Kenya")
    assert kenya.feature == "country" and len(kenya.mentions) == 3
    assert [text[s:e] for s, e in kenya.mentions] == ["Kenya"] * 3


def test_us_aliases_resolve_to_the_united_states(nlp: Language) -> None:
    doc = run(nlp, "The U.S. sent food to Haiti, and America pledged more.")
    us = named(doc, "United States")
    assert us.country == "US" and us.feature == "country"
    assert {"U.S.", "America"} <= set(us.aliases)


def test_georgia_state_after_a_city_and_georgia_the_country(nlp: Language) -> None:
    state = named(run(nlp, "Protesters marched in Atlanta, Georgia, on Sunday."), "Georgia")
    assert (state.country, state.feature) == ("US", "admin1")
    country = named(
        run(nlp, "Russian troops remain in Georgia, near Tbilisi, diplomats in Moscow said."),
        "Georgia",
    )
    assert (country.country, country.feature) == ("GE", "country")


def test_city_with_abbreviated_state(nlp: Language) -> None:
    doc = run(nlp, "A tornado struck Moore, Okla., on Monday, killing two people.")
    moore = named(doc, "Moore")
    assert (moore.country, moore.admin1) == ("US", "Oklahoma")
    assert named(doc, "Oklahoma").feature == "admin1"


def test_big_city_beats_small_namesake(nlp: Language) -> None:
    doha = named(run(nlp, "Negotiators met in Doha on Friday to discuss a ceasefire."), "Doha")
    assert doha.country == "QA"
    assert abs(doha.lat - 25.3) < 0.5 and abs(doha.lon - 51.5) < 0.5


def test_demonym_of_people_is_not_a_place(nlp: Language) -> None:
    doc = run(nlp, "Afghan forces repelled the assault, a spokesman said.")
    assert "Afghanistan" not in names(doc)


def test_demonym_of_territory_is_a_place(nlp: Language) -> None:
    doc = run(nlp, "Two rockets landed on Syrian soil overnight, the army said.")
    syria = named(doc, "Syria")
    assert syria.country == "SY" and syria.feature == "country"


def test_institutions_and_platforms_are_not_places(nlp: Language) -> None:
    doc = run(nlp, "The White House said on Twitter that talks with Canada would resume.")
    assert names(doc) == {"Canada"}


def test_surname_of_a_person_is_not_a_place(nlp: Language) -> None:
    doc = run(
        nlp,
        "Defense chief Laura Lincoln visited the base. Lincoln said the troops would stay in Iraq.",
    )
    assert "Lincoln" not in names(doc)
    assert "Iraq" in names(doc)


def test_boilerplate_places_are_skipped_but_the_dateline_counts(nlp: Language) -> None:
    text = (
        "NAIROBI (Reuters) - Police fired tear gas at protesters on Monday.\n\n"
        "Reporting by Jane Doe in Kampala; editing by John Roe in London."
    )
    credit = text.index("Reporting")
    doc = run(nlp, text, boilerplate=[(0, 18), (credit, len(text))], dateline=(0, 18))
    assert names(doc) == {"Nairobi"}
    assert named(doc, "Nairobi").country == "KE"


def test_unknown_town_takes_its_country_from_the_sentence(nlp: Language) -> None:
    doc = run(
        nlp, "Militants raided Zorgbaltu, a farming village in northern Burkina Faso, on Sunday."
    )
    village = named(doc, "Zorgbaltu")
    assert village.country == "BF" and village.lat is None


def test_place_at_and_precision_code(nlp: Language) -> None:
    text = "Shelling hit Kharkiv and the wider Kharkiv region of Ukraine overnight."
    doc = run(nlp, text)
    city = place_at(doc, text.index("Kharkiv"), text.index("Kharkiv") + 7)
    assert city is not None and city.feature == "city" and precision_code(city) == 1
    region = place_at(doc, text.rindex("Kharkiv"), text.rindex("Kharkiv") + 7)
    assert region is not None and region.feature == "admin1" and precision_code(region) == 3
    assert place_at(doc, 0, 8) is None
    assert precision_code(None) is None


def test_capital_as_speaker_is_metonymic_not_a_scene(nlp: Language) -> None:
    text = "Moscow denied the claim on Monday. Shelling later hit Kharkiv."
    doc = run(nlp, text)
    moscow = named(doc, "Moscow")
    assert metonymic_at(doc, *moscow.mentions[0])
    kharkiv = named(doc, "Kharkiv")
    assert not metonymic_at(doc, *kharkiv.mentions[0])


def test_country_name_the_ner_took_for_a_person_is_still_a_country(nlp: Language) -> None:
    doc = run(nlp, "Troops from Chad and Niger joined the operation, officials said.")
    assert {("Chad", "TD"), ("Niger", "NE")} <= {(p.name, p.country) for p in doc._.places}


GWN_SAMPLE = """<articles><article file="7"><title>t</title><link>l</link>
<text>Storms hit Lagos. Officials in Abuja said Nigerian towns flooded.</text><toponyms>
<toponym><extractedName>Lagos</extractedName><type>Literal</type><start>11</start><end>16</end>
<geonamesID>2332459</geonamesID><latitude>6.45</latitude><longitude>3.39</longitude></toponym>
<toponym><extractedName>Lagos</extractedName><type>Literal</type><start>11</start><end>16</end>
<geonamesID>2332459</geonamesID><latitude>6.45</latitude><longitude>3.39</longitude></toponym>
<toponym><extractedName>Abuja</extractedName><type>Metonymic</type><start>31</start><end>36</end>
<geonamesID/><latitude>9.06</latitude><longitude>7.49</longitude></toponym>
<toponym><extractedName>Officials</extractedName><type>Non_Lit_Expression</type>
<start>18</start><end>27</end></toponym>
<toponym><extractedName>x</extractedName><type>Literal</type><start>-4</start><end>-1</end>
</toponym></toponyms></article></articles>"""


def test_geo_eval_reads_toponyms_as_the_readme_says(tmp_path: Path) -> None:
    from dateline.evaluate.geo import geocode_error, match, read_gwn

    path = tmp_path / "GWN.xml"
    path.write_text(GWN_SAMPLE, encoding="utf-8")
    (article,) = read_gwn(path)
    # the duplicate, the common noun and the negative offset are gone
    assert [(t.start, t.group) for t in article.toponyms] == [(11, "literal"), (31, "associative")]
    found = [(11, 16, "place", "NG", "city", 6.5, 3.4), (40, 48, "demonym", "NG", "country", 9, 8)]
    pairs = match(article.toponyms, found)
    assert len(pairs) == 1 and pairs[0][1][0] == 11
    assert geocode_error(pairs[0][0], pairs[0][1], {}) < 10
    nigeria = article.toponyms[0]
    nigeria.geonames_id = 2328926
    assert geocode_error(nigeria, found[1], {2328926: "NG"}) == 0.0


def test_finder_token_arrays_agree_with_spacy(nlp: Language) -> None:
    """PlaceFinder reads token attributes once into lists; they must say what the Tokens say."""
    from dateline.places.gazetteer import get_gazetteer
    from dateline.places.recognize import PlaceFinder
    from dateline.places.settings import PlaceSettings
    from dateline.places.view import capitalized
    from dateline.places.vocabulary import Vocabulary

    text = (
        "ADDIS ABABA, Ethiopia (AP) — Gunmen attacked a bus near Gondar, a town in the "
        "Amhara region, on Sunday, Ethiopian officials and the African Union said."
    )
    doc = run(nlp, text)
    view = PlaceFinder(doc, get_gazetteer(), Vocabulary.load(), PlaceSettings()).view
    assert view.texts == [t.text for t in doc]
    assert view.lower == [t.lower_ for t in doc]
    assert view.starts == [t.idx for t in doc]
    assert view.ent_types == [t.ent_type_ for t in doc]
    assert view.cap == [capitalized(t.text, t.ent_type_, t.pos) for t in doc]
    assert any(view.cap) and not all(view.cap)
    assert view.cap_at == [t.i for t in doc if view.cap[t.i]]
    assert view.upper_at == [t.i for t in doc if t.text[:1].isupper()]
    assert view.possessive == [t.tag_ == "POS" for t in doc]
    assert view.sent_of == [n for n, sent in enumerate(doc.sents) for _ in sent]
    assert view.ent_bounds == [(e.label_, e.start, e.end) for e in doc.ents]
    for start in range(len(doc)):
        for end in range(start + 1, min(start + 5, len(doc)) + 1):
            assert view.span_text(start, end) == doc[start:end].text


def test_settings_come_from_the_component_config_and_typos_are_refused(nlp: Language) -> None:
    from dateline.errors import ComponentError
    from dateline.places import PlaceSettings

    settings = nlp.config["components"]["dateline_places"]["settings"]
    assert settings["big_city_population"] == PlaceSettings().big_city_population
    assert PlaceSettings.from_config({"nearby_cap": 5}).nearby_cap == 5
    with pytest.raises(ComponentError, match=r"^\[D160\].*big_city_populaton"):
        PlaceSettings.from_config({"big_city_populaton": 10})


# ------------------------------------------------------------------------------ context

PLACE_FIXTURES = sorted((Path(__file__).parent / "fixtures" / "places").glob("*.txt"))


@pytest.mark.parametrize("path", PLACE_FIXTURES, ids=lambda p: p.stem)
def test_local_news_fixture_resolves_every_ambiguous_name_by_its_context(path: Path) -> None:
    from dateline.evaluate.geo import score_fixture
    from dateline.places.resolve import REASONS

    result = score_fixture(path)
    wrong = [(n.text, n.got) for n in result.names if not n.right]
    assert not wrong, wrong
    assert all(reason in REASONS for n in result.names for *_, reason in n.got)
    assert result.far == []  # nothing 2,000 km from all the story's other places


def test_place_fixtures_cover_five_countries() -> None:
    expected = [json.loads(p.with_suffix(".json").read_text())["expect"] for p in PLACE_FIXTURES]
    assert {item["country"] for items in expected for item in items} >= {
        "US",
        "GB",
        "CA",
        "AU",
        "IN",
    }


def test_a_qualified_first_mention_settles_later_bare_ones(nlp: Language) -> None:
    text = (
        "A water main broke in Springfield, Mass., on Tuesday. Crews from Chicopee helped. "
        "Springfield officials said repairs would take a week."
    )
    doc = run(nlp, text)
    springfield = named(doc, "Springfield")
    assert (springfield.country, springfield.admin1) == ("US", "Massachusetts")
    assert len(springfield.mentions) == 2
    assert springfield.resolution == "abbreviation"


def test_the_same_name_may_be_two_places_when_the_text_qualifies_one(nlp: Language) -> None:
    text = (
        "Shoppers in Truro and Penzance said the closure of the Falmouth depot would hurt. "
        "The depot in Falmouth employs 80 people across Cornwall. Its owner, a firm based in "
        "Falmouth, Maine, said the decision was final."
    )
    doc = run(nlp, text)
    falmouths = sorted((p.country, p.admin1) for p in doc._.places if p.name == "Falmouth")
    assert falmouths == [("GB", "England"), ("US", "Maine")]


def test_a_comma_container_picks_the_unit_that_holds_the_town(nlp: Language) -> None:
    doc = run(nlp, "Storms lashed Perth, WA, and Tacoma, Washington, on the same weekend.")
    assert named(doc, "Perth").country == "AU"
    assert (named(doc, "Tacoma").country, named(doc, "Tacoma").admin1) == ("US", "Washington")
    state = [p for p in doc._.places if p.feature == "admin1" and p.name == "Washington"]
    assert state and state[0].country == "US"


def test_a_town_the_model_calls_a_person_is_rescued_by_the_gazetteer_and_the_words(
    nlp: Language,
) -> None:
    text = (
        "Police seized a truck of smuggled fertiliser in Jogbani, near the Nepal border, and "
        "detained its driver. A similar load was stopped near Raxaul last month."
    )
    doc = run(nlp, text)
    assert named(doc, "Jogbani").admin1 == "Bihar"
    assert named(doc, "Raxaul").admin1 == "Bihar"


def test_every_rejected_span_has_a_reason(nlp: Language) -> None:
    from dateline.places.component import REJECTIONS_KEY
    from dateline.places.recognize import REJECTIONS

    text = "The mayor said that Central would reopen. Laura Lincoln agreed."
    doc = run(nlp, text)
    rejected = doc.user_data[REJECTIONS_KEY]
    assert rejected and all(reason in REJECTIONS for *_, reason in rejected)
    reasons = {(t, r) for _, _, t, r in rejected}
    assert ("Central", "generic_word") in reasons  # a common word the gazetteer also knows
    assert ("Lincoln", "inside_name") in reasons  # a town's name inside a person's
    assert not {"Central", "Lincoln"} & names(doc)


# ------------------------------------------------------------------------------ output


def test_demonym_is_a_non_literal_reference_of_a_place_the_text_names(nlp: Language) -> None:
    from dateline.document import Document

    text = (
        "Shelling hit Kharkiv overnight. Ukraine said Russian forces fired the rockets, and "
        "British officials condemned the attack."
    )
    record = Document.from_doc(run(nlp, text)).to_dict()
    by_name = {p["name"]: p for p in record["places"]}
    assert "United Kingdom" not in by_name  # a demonym alone never makes a place
    assert "Russia" not in by_name
    ukraine = by_name["Ukraine"]
    assert [m["literal"] for m in ukraine["mentions"]] == [True]
    assert all(m["text"] == text[m["start"] : m["end"]] for m in ukraine["mentions"])


def test_demonym_mention_joins_its_country_as_not_literal(nlp: Language) -> None:
    from dateline.document import Document

    text = "Troops crossed into Russia on Monday, and Russian officials said talks would stop."
    record = Document.from_doc(run(nlp, text)).to_dict()
    russia = next(p for p in record["places"] if p["name"] == "Russia")
    assert [(m["text"], m["literal"]) for m in russia["mentions"]] == [
        ("Russia", True),
        ("Russian", False),
    ]
    doc = run(nlp, text)
    start = text.index("Russian")
    assert place_at(doc, start, start + 7) is None  # never an event's place


def test_places_carry_their_resolution_reason_and_acled_precision(nlp: Language) -> None:
    from dateline.places.resolve import REASONS

    doc = run(nlp, "Gunmen attacked Moore, Okla., and a village in Helmand province.")
    for place in doc._.places:
        assert place.resolution in REASONS
        assert place.geo_precision == precision_code(place)
    assert named(doc, "Moore").resolution == "abbreviation"
    assert named(doc, "Helmand").geo_precision == 3 and named(doc, "Moore").geo_precision == 1


def test_streets_and_buildings_are_toponyms_but_not_places(nlp: Language) -> None:
    from dateline.places.component import TOPONYMS_KEY

    text = "Two men were arrested on Kingsley Road after a fight outside the Riverside Hospital."
    doc = run(nlp, text)
    uses = {text[t[0] : t[1]]: t[2] for t in doc.user_data[TOPONYMS_KEY]}
    assert uses.get("Kingsley Road") == "facility"
    assert "Kingsley Road" not in names(doc)


def test_geo_eval_ends_with_the_summary_line_and_breaks_down_by_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dateline.evaluate.geo import evaluate

    path = tmp_path / "GWN.xml"
    path.write_text(GWN_SAMPLE, encoding="utf-8")
    scores = evaluate(path)
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith("geo: recall ") and out[-1].endswith("(n=1)")
    assert "geocoding by resolution reason:" in out
    assert scores["toponym_recall"] > 0  # Lagos is found


def test_country_name_cut_apart_by_the_model_is_one_place(nlp: Language) -> None:
    # the small model reads the second half of a two-part country name as a person
    doc = run(
        nlp,
        "The prime minister said that Trinidad and Tobago failed to attend a meeting of "
        "the regional body in Washington.",
    )
    country = named(doc, "Trinidad and Tobago")
    assert (country.country, country.feature) == ("TT", "country")


def test_a_town_the_model_cut_off_a_firms_name_is_embedded_not_a_place(nlp: Language) -> None:
    # an invented firm named after a town: the small model tags neither word, the
    # proper-noun pass finds the town, and the capitalized word after it is the rest of the
    # name; so the town is not output and takes its famous namesake, not Leeds, Alabama
    from dateline.places.component import TOPONYMS_KEY

    text = "But now the Leeds Veridata scandal has reached regulators in Denver and Phoenix."
    doc = run(nlp, text)
    uses = {text[t[0] : t[1]]: (t[2], t[3]) for t in doc.user_data[TOPONYMS_KEY]}
    assert uses["Leeds"] == ("embedded", "GB")
    assert names(doc) == {"Denver", "Phoenix"}


def test_a_place_before_a_title_a_state_code_or_in_a_headline_stays_a_place(
    nlp: Language,
) -> None:
    doc = run(nlp, "Ohio Gov. Mike DeWine spoke in Columbus and Washington DC on Friday.")
    assert {"Ohio", "Columbus", "Washington DC"} <= names(doc)
    assert "Athens" in names(run(nlp, "Wildfires Force Evacuations Near Athens Suburbs"))
