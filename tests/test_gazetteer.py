"""Gazetteer: built from installed packages, looked up by folded names, honest admin1 points."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline import countries
from dateline.places.gazetteer import Gazetteer, cache_dir, get_gazetteer
from dateline.places.gazetteer import name_key as fold
from dateline.places.gazetteer.builder import _centroid, _good_altname


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


def first(gaz: Gazetteer, name: str, feature: str) -> object:
    matches = [e for e in gaz.lookup(name, loose=True) if e.feature == feature]
    assert matches, (name, feature, gaz.lookup(name))
    return matches[0]


def test_admin1_has_iso_aliases_and_a_centroid_inside_its_country(gaz: Gazetteer) -> None:
    # pycountry writes "Nangarhār"; the fold makes the accent-free spelling find it
    nangarhar = first(gaz, "Nangarhār", "admin1")
    assert nangarhar.country == "AF"
    assert 33.5 < nangarhar.lat < 35.5 and 69.5 < nangarhar.lon < 71.5
    assert nangarhar.population > 0


def test_region_of_mali_resolves_with_region_word_stripped(gaz: Gazetteer) -> None:
    assert first(gaz, "Mopti Region", "admin1").country == "ML"
    assert first(gaz, "Mopti", "city").country == "ML"


def test_country_aliases_and_short_names(gaz: Gazetteer) -> None:
    top = gaz.lookup("U.S.")[0]
    assert (top.feature, top.country, top.name) == ("country", "US", "United States")
    assert gaz.lookup("Russian Federation")[0].name == "Russia"
    assert gaz.country("KR").name == "South Korea"


def test_candidates_come_most_populous_first(gaz: Gazetteer) -> None:
    doha = [e for e in gaz.lookup("Doha") if e.feature == "city"]
    assert doha[0].country == "QA"
    assert len(doha) > 1 and doha[1].population < doha[0].population


def test_state_codes_are_abbreviations_not_names(gaz: Gazetteer) -> None:
    assert [e.name for e in gaz.abbreviation("Ga.")] == ["Georgia"]
    assert gaz.abbreviation("GA")[0].country == "US"
    assert not any(e.name == "Georgia" for e in gaz.lookup("GA"))


def test_admin2_units_are_indexed(gaz: Gazetteer) -> None:
    counties = [e for e in gaz.lookup("Cook County") if e.feature == "admin2"]
    assert any(e.admin1 == "Illinois" for e in counties)


def test_unknown_names_return_nothing(gaz: Gazetteer) -> None:
    assert gaz.lookup("Qwxzyville") == ()
    assert gaz.lookup("") == ()


def test_fold_normalizes_case_accents_and_articles() -> None:
    assert fold("The Gambia") == fold("gambia")
    assert fold("Diafarabé") == "diafarabe"
    assert fold("Guinea-Bissau") == "guinea bissau"


def test_altname_filter_drops_codes_and_other_scripts() -> None:
    assert not _good_altname("DOH")
    assert not _good_altname("Доха")
    assert _good_altname("Ad Dawhah")


def test_centroid_is_spherical_across_the_antimeridian() -> None:
    lat, lon = _centroid([(0.0, 179.0, 1.0), (0.0, -179.0, 1.0)])
    assert abs(lat) < 1e-6 and abs(abs(lon) - 180.0) < 1e-6


def test_cache_dir_honours_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATELINE_CACHE", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x"
    monkeypatch.delenv("DATELINE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "dateline"


def test_countries_short_names_demonyms_and_codes() -> None:
    assert countries.by_name("Russian Federation").name == "Russia"
    assert countries.by_name("Korea, Republic of").name == "South Korea"
    assert countries.by_demonym("Afghans").alpha3 == "AFG"
    assert countries.by_demonym("Burkinabe").alpha2 == "BF"
    assert countries.by_code("xk").name == "Kosovo"
    assert "U.S." in countries.names_of("US")
    assert countries.by_name("Atlantis") is None


def test_the_cache_file_is_named_by_what_it_is_built_from(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from dateline.places.gazetteer import builder

    monkeypatch.setenv("DATELINE_CACHE", str(tmp_path))
    before = builder.default_path()
    assert before.parent == tmp_path
    assert before.name.startswith(f"gazetteer-v{builder.BUILD_VERSION}-")
    builder.fingerprint.cache_clear()
    lines = builder.lexicons.lines
    monkeypatch.setattr(
        builder.lexicons,
        "lines",
        lambda name: (
            (*lines(name), "Atlantis,region,,0,0,") if name == "regions.csv" else lines(name)
        ),
    )
    try:
        assert builder.default_path() != before  # a lexicon edit names a new index
    finally:
        builder.fingerprint.cache_clear()


def test_older_builds_are_removed_and_same_version_ones_kept(tmp_path: Path) -> None:
    from dateline.places.gazetteer import builder

    current = tmp_path / f"gazetteer-v{builder.BUILD_VERSION}-aaaa.sqlite"
    sibling = tmp_path / f"gazetteer-v{builder.BUILD_VERSION}-bbbb.sqlite"
    old = tmp_path / "gazetteer-v7.sqlite"
    for path in (current, sibling, old):
        path.write_bytes(b"")
    builder._remove_older_builds(current)
    assert current.exists() and sibling.exists() and not old.exists()


def test_abbreviations_of_provinces_and_states_beyond_the_us(gaz: Gazetteer) -> None:
    assert [e.name for e in gaz.abbreviation("Ont.")] == ["Ontario"]
    assert {e.country for e in gaz.abbreviation("WA")} == {"US", "AU"}
    assert gaz.abbreviation("NSW")[0].name == "New South Wales"


def test_capitals_and_country_domains(gaz: Gazetteer) -> None:
    capital = next(e for e in gaz.lookup("Washington") if e.capital)
    assert (capital.feature, capital.admin1) == ("city", "District of Columbia")
    assert gaz.by_tld["uk"] == "GB" and gaz.by_tld["nz"] == "NZ"
    assert "DE" in gaz.neighbours["FR"]
