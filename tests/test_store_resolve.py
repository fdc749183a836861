"""Cross-article resolution on hand-built documents (no extraction pipeline needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.store import open_store
from dateline.store.query import get_event, list_actors, list_events
from dateline.store.resolve import resolve, resolve_actors
from dateline.store.synthetic import contract_doc, entity, event, place
from dateline.store.write import write_document

BAIDOA = (3.11, 43.65)


def _store(tmp_path: Path):
    return open_store(str(tmp_path / "t.db"))


def _add(store, doc) -> int:
    with store.transaction():
        return write_document(store, doc)


def _bombing(text: str, outlet: str, spokesman: str, killed: float, day: str = "2025-03-14"):
    return contract_doc(
        text,
        published=day,
        title=text[:30],
        outlet=outlet,
        entities=[
            entity("e1", "Sahel Dawn Front", "ORG"),
            entity("e2", spokesman, "PERSON", aliases=[spokesman.split()[-1]]),
        ],
        places=[place("p1", "Baidoa", "SO", *BAIDOA)],
        events=[event("v1", "ASSAULT", day, actors=["e1"], where="p1", fatalities=killed)],
    )


def test_same_bombing_from_three_outlets_is_one_event_with_low_best_high(tmp_path):
    with _store(tmp_path) as store:
        _add(
            store, _bombing("A truck bomb hit a checkpoint.", "a.example", "Abdirahman Warsame", 20)
        )
        _add(
            store,
            _bombing("A suicide bomber struck Baidoa.", "b.example", "Abdurahman Warsame", 25),
        )
        _add(store, _bombing("Families buried the dead.", "c.example", "Abdirahman Warsame", 22))
        resolve(store)
        rows, _ = list_events(store)
        assert len(rows) == 1
        ev = rows[0]
        assert (ev["fatalities_low"], ev["fatalities_best"], ev["fatalities_high"]) == (20, 22, 25)
        assert ev["n_sources"] == 3
        assert ev["sources"] == ["a.example", "b.example", "c.example"]
        detail = get_event(store, ev["id"])
        assert len(detail["mentions"]) == 3
        whys = [m["why"] for m in detail["mentions"]]
        assert sorted(w["rule"] for w in whys) == ["first_mention", "same_event", "same_event"]
        joined = [w for w in whys if w["rule"] == "same_event"]
        assert all(w["score"] >= 3 and w["distance_km"] == 0 for w in joined)
        assert all(w["shared_actors"] == ["sahel dawn front"] for w in joined)


def test_spelling_variants_and_surname_join_one_actor():
    ents = [
        {
            "id": 1,
            "name": "Abdirahman Warsame",
            "type": "PERSON",
            "country": None,
            "sector": None,
            "aliases": "[]",
        },
        {
            "id": 2,
            "name": "Abdurahman Warsame",
            "type": "PERSON",
            "country": None,
            "sector": None,
            "aliases": "[]",
        },
        {
            "id": 3,
            "name": "Warsame",
            "type": "PERSON",
            "country": None,
            "sector": None,
            "aliases": "[]",
        },
        {
            "id": 4,
            "name": "Hassan Omar Dheere",
            "type": "PERSON",
            "country": None,
            "sector": None,
            "aliases": "[]",
        },
        {
            "id": 5,
            "name": "Warsame",
            "type": "ORG",
            "country": None,
            "sector": None,
            "aliases": "[]",
        },
    ]
    actors, links = resolve_actors(ents)
    assert links[1][0] == links[2][0] == links[3][0]
    assert links[4][0] != links[1][0]
    assert links[5][0] != links[1][0]  # an ORG never joins a PERSON
    assert json.loads(links[2][1])["rule"] == "name_variant"
    assert json.loads(links[3][1])["rule"] == "surname"


def test_ambiguous_surname_stays_apart():
    ents = [
        {
            "id": 1,
            "name": "Kwesi Mensah",
            "type": "PERSON",
            "country": None,
            "sector": None,
            "aliases": "[]",
        },
        {
            "id": 2,
            "name": "Ama Mensah",
            "type": "PERSON",
            "country": None,
            "sector": None,
            "aliases": "[]",
        },
        {
            "id": 3,
            "name": "Mensah",
            "type": "PERSON",
            "country": None,
            "sector": None,
            "aliases": "[]",
        },
    ]
    _, links = resolve_actors(ents)
    assert links[1][0] != links[2][0]
    assert links[3][0] not in (links[1][0], links[2][0])


def test_conflicting_countries_keep_namesakes_apart():
    ents = [
        {
            "id": 1,
            "name": "Omar Haddad",
            "type": "PERSON",
            "country": "SYR",
            "sector": None,
            "aliases": "[]",
        },
        {
            "id": 2,
            "name": "Omar Hadad",
            "type": "PERSON",
            "country": "COL",
            "sector": None,
            "aliases": "[]",
        },
    ]
    _, links = resolve_actors(ents)
    assert links[1][0] != links[2][0]


@pytest.mark.parametrize(
    ("second_place", "second_day", "second_type"),
    [
        (("Kismayo", "SO", -0.36, 42.55), "2025-03-14", "ASSAULT"),  # 400 km away
        (("Baidoa", "SO", *BAIDOA), "2025-03-26", "ASSAULT"),  # twelve days later
        (("Baidoa", "SO", *BAIDOA), "2025-03-14", "PROTEST"),  # another kind of event
    ],
)
def test_different_events_stay_apart(tmp_path, second_place, second_day, second_type):
    with _store(tmp_path) as store:
        _add(
            store, _bombing("A truck bomb hit a checkpoint.", "a.example", "Abdirahman Warsame", 20)
        )
        other = contract_doc(
            "Shells struck a market.",
            published=second_day,
            outlet="b.example",
            entities=[entity("e1", "Sahel Dawn Front", "ORG")],
            places=[place("p1", *second_place)],
            events=[event("v1", second_type, second_day, actors=["e1"], where="p1", fatalities=4)],
        )
        _add(store, other)
        resolve(store)
        rows, _ = list_events(store)
        assert len(rows) == 2


def test_resolution_is_recomputed_and_reversible(tmp_path):
    with _store(tmp_path) as store:
        first = _add(
            store, _bombing("A truck bomb hit a checkpoint.", "a.example", "Abdirahman Warsame", 20)
        )
        second = _add(
            store,
            _bombing("A suicide bomber struck Baidoa.", "b.example", "Abdurahman Warsame", 25),
        )
        resolve(store)
        before = list_events(store)[0]
        resolve(store)
        assert list_events(store)[0] == before  # deterministic
        with store.transaction():
            store.execute("DELETE FROM articles WHERE id = ?", (second,))
        resolve(store, rebuild=True)  # deleting articles asks for a rebuild
        rows, _ = list_events(store)
        assert len(rows) == 1 and rows[0]["n_sources"] == 1
        assert rows[0]["fatalities_high"] == 20
        assert (
            store.scalar("SELECT COUNT(*) FROM canonical_mentions WHERE article_id = ?", (first,))
            == 1
        )


def test_actor_filter_finds_events_by_any_spelling(tmp_path):
    with _store(tmp_path) as store:
        doc = _bombing("A truck bomb hit a checkpoint.", "a.example", "Abdirahman Warsame", 20)
        doc["events"][0]["actors"].append("e2")
        _add(store, doc)
        doc2 = _bombing("Another report.", "b.example", "Abdurahman Warsame", 25)
        _add(store, doc2)
        resolve(store)
        assert len(list_events(store, {"actor": "abdurahman"})[0]) == 1
        assert list_events(store, {"actor": "nobody at all"})[0] == []
        actors, _ = list_actors(store, {"name": "warsame"})
        assert len(actors) == 1
        assert set(actors[0]["variants"]) == {"Abdirahman Warsame", "Abdurahman Warsame"}


def _ent(ident: int, name: str, type_: str = "PERSON", country: str | None = None) -> dict:
    return {
        "id": ident,
        "name": name,
        "type": type_,
        "country": country,
        "sector": None,
        "aliases": "[]",
    }


def test_shorter_form_of_a_name_joins_the_longer_one():
    _, links = resolve_actors(
        [_ent(1, "Carolina Munoz Sepulveda"), _ent(2, "Carolina Munoz"), _ent(3, "Carolina Reyes")]
    )
    assert links[1][0] == links[2][0] != links[3][0]
    assert json.loads(links[2][1])["rule"] == "token_subset"


def test_a_role_noun_alias_links_no_actors_across_articles():
    # one story's "defence ministry", also called "the government" there, is not every
    # other story's government (nor is the one-off name to become that actor's head)
    ministry = {**_ent(1, "defence ministry", "ORG"), "aliases": json.dumps(["government"])}
    _, links = resolve_actors(
        [ministry, _ent(2, "government", "ORG"), _ent(3, "Government", "ORG")]
    )
    assert links[2][0] == links[3][0] != links[1][0]
    # control: an alias that is a name ("SDF") still links
    front = {**_ent(4, "Sahel Dawn Front", "ORG"), "aliases": json.dumps(["sdf"])}
    _, links = resolve_actors([front, _ent(5, "SDF", "ORG")])
    assert links[4][0] == links[5][0]
    assert json.loads(links[5][1])["rule"] == "same_name"


def test_same_multiword_name_typed_differently_is_one_actor_but_one_word_is_not():
    _, links = resolve_actors(
        [
            _ent(1, "Sahel Dawn Front", "ORG"),
            _ent(2, "Sahel Dawn Front", "ORG"),
            _ent(3, "Sahel Dawn Front", "PERSON"),
            _ent(4, "Jordan", "PERSON"),
            _ent(5, "Jordan", "ORG"),
        ]
    )
    assert links[1][0] == links[3][0]
    assert json.loads(links[3][1])["rule"] == "same_name_other_type"
    assert links[4][0] != links[5][0]


def test_canonical_date_is_the_range_all_sources_agree_on(tmp_path):
    with _store(tmp_path) as store:
        doc = _bombing("A truck bomb hit a checkpoint.", "a.example", "Abdirahman Warsame", 20)
        _add(store, doc)
        vague = _bombing("Earlier this year a bomb hit Baidoa.", "b.example", "Warsame", 25)
        vague["events"][0]["date"] = {
            "value": None,
            "earliest": "2025-01-01",
            "latest": "2025-12-31",
            "precision": "year",
        }
        _add(store, vague)
        resolve(store)
        rows, _ = list_events(store)
        assert len(rows) == 1
        assert (rows[0]["date_earliest"], rows[0]["date_latest"]) == ("2025-03-14", "2025-03-14")


def _story_ids(store) -> dict[str, int]:
    return {
        r["title"]: r["story_id"]
        for r in store.query(
            "SELECT a.title, s.story_id FROM articles a JOIN stories s ON s.article_id = a.id"
        )
    }


def _plain(title: str, lead: str, day: str) -> dict:
    return contract_doc(f"{title}\n{lead}", published=day, title=title)


def test_same_words_ten_days_apart_are_not_one_story(tmp_path):
    title = "Truck bomb kills twenty at Baidoa checkpoint"
    lead = "A truck bomb exploded at a checkpoint outside Baidoa on the airport road."
    with _store(tmp_path) as store:
        _add(store, _plain(title, lead, "2025-03-14"))
        _add(store, _plain(title + " (update)", lead, "2025-03-15"))
        _add(store, _plain(title + " (anniversary)", lead, "2025-03-25"))
        _add(store, _plain("Central bank holds rates", "The bank kept its rate.", "2025-03-14"))
        resolve(store)
        ids = _story_ids(store)
        assert ids[title] == ids[title + " (update)"]
        assert ids[title + " (anniversary)"] != ids[title]
        assert ids["Central bank holds rates"] != ids[title]


def test_a_story_does_not_chain_through_one_similar_article(tmp_path, monkeypatch):
    """B resembles A and C resembles B, but C shares nothing with A: whatever the order,
    A and C never share a story (an article joins a story on its average similarity, so
    stories never grow by chaining single pairs)."""
    from dateline.store.resolve import stories

    a = ("Floods cut off Varnholt villages", "Floodwater cut off the Varnholt villages.")
    b = ("Varnholt floods close Kessling road", "The Varnholt floods closed the Kessling road.")
    c = ("Kessling road repairs begin", "Crews began repairs on the Kessling road.")
    pair = stories.STORY_JOIN * 1.8  # joins one article, not the average of two
    sims = {frozenset((a[0][:8], b[0][:8])): pair, frozenset((b[0][:8], c[0][:8])): pair}

    def score(x, y):
        return sims.get(frozenset(f.source[:8] for f in (x, y)), 0.0)

    monkeypatch.setattr(stories, "story_score", score)
    monkeypatch.setattr(stories, "story_similarity", lambda x, y: (score(x, y), {"stub": 1}))
    with _store(tmp_path) as store:
        for title, lead in (a, b, c):
            doc = _plain(title, lead, "2025-03-14")
            doc["document"]["source"] = title
            _add(store, doc)
        resolve(store)
        ids = _story_ids(store)
        assert len(set(ids.values())) == 2
        assert ids[a[0]] != ids[c[0]]


LEAD = "Ghana and Togo signed a border security agreement with joint patrols in Lome"


def _deal(outlet: str, town: tuple, named: bool) -> dict:
    people = [entity("e1", "Kwesi Adomako", "PERSON"), entity("e2", "Essowe Kpatcha", "PERSON")]
    groups = [entity("e1", "officials", "GROUP"), entity("e2", "ministers", "GROUP")]
    return contract_doc(
        f"{LEAD}, {outlet} reported.",
        published="2025-03-13",
        title=LEAD,
        outlet=outlet,
        entities=people if named else groups,
        places=[place("p1", *town)],
        events=[event("v1", "AGREE", "2025-03-13", actors=["e1"], targets=["e2"], where="p1")],
    )


@pytest.mark.parametrize(("named", "n_events"), [(True, 1), (False, 2)])
def test_a_misplaced_report_joins_only_on_two_named_participants(tmp_path, named, n_events):
    with _store(tmp_path) as store:
        _add(store, _deal("a.example", ("Lome", "TG", 6.13, 1.22), named))
        _add(store, _deal("b.example", ("Accra", "GH", 5.56, -0.2), named))
        resolve(store)
        rows, _ = list_events(store)
        assert len(rows) == n_events
        if n_events == 1:
            whys = [m["why"] for m in get_event(store, rows[0]["id"])["mentions"]]
            joined = next(w for w in whys if w["rule"] == "same_event")
            assert joined["place_conflict"] == ["Accra", "Lome"]


def test_a_country_wide_place_is_compatible_with_a_town_in_it(tmp_path):
    with _store(tmp_path) as store:
        _add(
            store, _bombing("A truck bomb hit a checkpoint.", "a.example", "Abdirahman Warsame", 20)
        )
        vague = _bombing(
            "A truck bomb hit a checkpoint in Somalia.", "b.example", "Abdirahman Warsame", 25
        )
        vague["places"] = [place("p1", "Somalia", "SO", 5.8, 46.2, feature="country")]
        _add(store, vague)
        resolve(store)
        rows, _ = list_events(store)
        assert len(rows) == 1 and rows[0]["location"] == "Baidoa"
        whys = [m["why"] for m in get_event(store, rows[0]["id"])["mentions"]]
        assert next(w for w in whys if w["rule"] == "same_event")["within_country"] == "SOM"


def test_one_article_placing_two_attacks_apart_keeps_them_apart(tmp_path):
    with _store(tmp_path) as store:
        doc = _bombing(
            "A bomb hit Baidoa and another hit the capital.", "a.example", "Abdirahman Warsame", 20
        )
        doc["places"].append(place("p2", "Somalia", "SO", 5.8, 46.2, feature="country"))
        doc["events"].append(
            event("v2", "ASSAULT", "2025-03-14", actors=["e1"], where="p2", trigger=(5, 9))
        )
        _add(store, doc)
        resolve(store)
        assert len(list_events(store)[0]) == 2


def test_sources_that_disagree_are_all_kept_with_who_said_what(tmp_path):
    with _store(tmp_path) as store:
        for text, outlet, killed in (
            ("A truck bomb hit a checkpoint.", "a.example", 20),
            ("A suicide bomber struck Baidoa.", "b.example", 25),
            ("Families buried the dead.", "c.example", 22),
        ):
            _add(store, _bombing(text, outlet, "Abdirahman Warsame", killed))
        resolve(store)
        row = list_events(store)[0][0]
        said = row["disagreements"]["fatalities"]  # decoded, as every JSON column
        assert [(s["value"], s["sources"]) for s in said] == [
            (20.0, ["a.example"]),
            (22.0, ["c.example"]),
            (25.0, ["b.example"]),
        ]
        assert (row["fatalities_low"], row["fatalities_best"], row["fatalities_high"]) == (
            20,
            22,
            25,
        )


def test_sources_that_agree_record_no_disagreement(tmp_path):
    with _store(tmp_path) as store:
        for outlet in ("a.example", "b.example"):
            text = f"A truck bomb hit a checkpoint, {outlet} reported."
            _add(store, _bombing(text, outlet, "Abdirahman Warsame", 20))
        resolve(store)
        assert list_events(store)[0][0]["disagreements"] is None


def test_a_misplaced_report_keeps_both_places_with_their_sources(tmp_path):
    with _store(tmp_path) as store:
        _add(store, _deal("a.example", ("Lome", "TG", 6.13, 1.22), True))
        _add(store, _deal("b.example", ("Accra", "GH", 5.56, -0.2), True))
        resolve(store)
        row = list_events(store)[0][0]
        places = row["disagreements"]["place"]
        assert {p["value"]["location"]: p["sources"] for p in places} == {
            "Accra": ["b.example"],
            "Lome": ["a.example"],
        }


def test_the_record_s_main_event_is_used_when_it_names_one():
    from dateline.store.resolve.features import article_features

    doc = _bombing("A truck bomb hit a checkpoint.", "a.example", "Abdirahman Warsame", 20)
    doc["events"].append(
        event("v2", "PROTEST", "2025-03-14", where="p1", trigger=(2, 7), sentence=(0, 30))
    )
    rows = [
        {
            "id": i + 1,
            "local_id": e["id"],
            "type": e["type"],
            "status": "occurred",
            "event_date": "2025-03-14",
            "date_precision": "day",
            "country": "SOM",
            "location": "Baidoa",
            "latitude": 3.11,
            "longitude": 43.65,
            "admin1": None,
            "geo_precision": 1,
            "time_precision": 1,
            "fatalities": None,
            "injured": None,
            "trigger_start": e["trigger"]["start"],
            "background": 0,
            "mode": None,
            "cameo_root": None,
            "acled_event_type": None,
            "acled_sub_event_type": None,
            "sentence_start": 0,
            "sentence_end": 10,
        }
        for i, e in enumerate(doc["events"])
    ]
    assert article_features(doc, 1, "h" * 64, rows).main == "v1"  # first in the lead
    doc["document"]["main_event"] = "v2"
    assert article_features(doc, 1, "h" * 64, rows).main == "v2"


def test_the_second_actor_of_a_reciprocal_act_is_the_other_party(tmp_path):
    """ "A and B signed": each party is an actor and a target of the record; the canonical
    row's actor2 is the party that is not actor1."""
    doc = contract_doc(
        "Kwesi Adomako and Essowe Kpatcha signed the accord.",
        published="2025-03-13",
        title="Accord signed",
        outlet="a.example",
        entities=[
            entity("e1", "Kwesi Adomako", "PERSON"),
            entity("e2", "Essowe Kpatcha", "PERSON"),
        ],
        places=[place("p1", "Lome", "TG", 6.13, 1.22)],
        events=[
            event(
                "v1", "AGREE", "2025-03-13", actors=["e1", "e2"], targets=["e1", "e2"], where="p1"
            )
        ],
    )
    with _store(tmp_path) as store:
        _add(store, doc)
        resolve(store)
        (row,), _ = list_events(store)
        assert {row["actor1"], row["actor2"]} == {"Kwesi Adomako", "Essowe Kpatcha"}
