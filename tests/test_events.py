"""Events on sentences written for these tests: type, actors, targets, status, numbers."""

from __future__ import annotations

import pytest

from dateline.events.lexicon import load

from .event_records import PUBLISHED, events


def only(text: str) -> tuple[dict, dict[str, str]]:
    found, names = events(text)
    assert len(found) == 1, found
    return found[0], names


def named(refs: list[str], names: dict[str, str]) -> list[str]:
    return [names.get(r, r).lower() for r in refs]


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("The government signed a ceasefire agreement with the rebels.", "AGREE"),
        ("President Maria Lopez met Prime Minister John Smith in Paris.", "CONSULT"),
        ("Police arrested 30 protesters in the capital.", "COERCE"),
        ("The minister urged the rebels to lay down their arms.", "REQUEST"),
        ("Thousands of students protested against the government.", "PROTEST"),
        ("The United Nations condemned the attack on civilians.", "ACCUSE"),
        ("The rebels threatened to attack the capital.", "THREATEN"),
        ("The rebels rejected the government's offer.", "REJECT"),
        ("The army withdrew its troops from the border town.", "RETREAT"),
        ("Gunmen killed nine villagers near the market.", "ASSAULT"),
        ("The European Union imposed sanctions on the junta.", "SANCTION"),
        ("The army deployed troops to the border.", "MOBILIZE"),
    ],
)
def test_types(text, type_):
    found, _ = events(text)
    assert [e["type"] for e in found] == [type_]


def test_light_verb_gives_one_event_on_the_noun():
    ev, names = only("The air force conducted an airstrike against the militants.")
    assert ev["type"] == "ASSAULT" and ev["mode"] == "aerial"
    assert ev["trigger"]["text"] == "airstrike"
    assert named(ev["targets"], names) == ["militants"]
    assert ev["acled_sub_event_type"] == "Air/drone strike"


def test_actor_and_target_from_subject_and_object():
    ev, names = only("Rebels attacked an army base in Kandahar on Monday, killing 15 soldiers.")
    assert named(ev["actors"], names) == ["rebels"]
    assert "soldiers" in named(ev["targets"], names)
    assert ev["date"]["value"] == "2021-05-03"


def test_passive_has_target_and_no_actor():
    ev, names = only("At least 20 soldiers were killed in two separate attacks.")
    assert ev["actors"] == []
    assert named(ev["targets"], names) == ["soldiers"]
    assert ev["fatalities"] == {
        "what": "killed",
        "value": 20.0,
        "qualifier": "at_least",
        "mentions": [{"start": 0, "end": len("At least 20")}],  # the qualifier is in the phrase
    }
    assert 2 in [c["value"] for c in ev["counts"]]


def test_wounded_are_counted():
    ev, _ = only("Rebels attacked a checkpoint, killing 4 soldiers and wounding 7.")
    assert ev["fatalities"]["value"] == 4
    assert ev["injured"]["value"] == 7


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The army did not withdraw its troops from the border.", "negated"),
        ("The president plans to meet the rebel leaders.", "planned"),
        ("The rebels will attack the capital.", "planned"),
        ("If the talks fail, the army could attack the rebels.", "hypothetical"),
        ("The army attacked the rebels.", "occurred"),
    ],
)
def test_status(text, status):
    found, _ = events(text)
    assert [e["status"] for e in found] == [status]


def test_reported_event_takes_the_speaker_as_source():
    ev, names = only("Gunmen killed nine villagers, police spokesman Ali Musa said.")
    assert names.get(ev["source"]) == "Ali Musa"
    assert ev["status"] == "occurred"  # reported speech is not a negation or a hypothesis


def test_background_event_keeps_its_own_year():
    text = "The army invaded the neighbouring country in 2003. Rebels attacked it today."
    found, _ = events(text)
    old = [e for e in found if e["trigger"]["text"] == "invaded"]
    assert old and old[0]["background"]
    assert old[0]["date"]["earliest"] == "2003-01-01"


def test_repeated_mention_is_one_event():
    text = (
        "The air force conducted an airstrike against the militants on Monday. "
        "A spokesman confirmed the airstrike."
    )
    found, _ = events(text)
    assert [e["type"] for e in found] == ["ASSAULT"]
    # both tellings are listed, in text order, the first being the trigger
    starts = [m["start"] for m in found[0]["mentions"]]
    assert starts == [text.index("airstrike"), text.rindex("airstrike")]
    assert starts[0] == found[0]["trigger"]["start"]


def test_speech_verbs_are_not_events():
    found, _ = events("The minister said the economy was growing.")
    assert found == []


def test_acled_codes_for_civilian_targets_and_riots():
    codes = load().acled.codes
    assert codes("ASSAULT", None, "CVL") == ("Violence against civilians", "Attack")
    assert codes("PROTEST", "riot", None) == ("Riots", "Violent demonstration")
    assert codes("CONSULT", None, None) is None


@pytest.mark.parametrize(
    "text",
    ["The army denied attacking the village.", "The rebels denied that they had shelled the town."],
)
def test_denial_of_an_act_is_a_rejection(text):
    """Issue 13: "Y denied attacking" is a REJECT by Y; the denied act is its content."""
    found, _ = events(text)
    assert [(e["type"], e["status"]) for e in found] == [("REJECT", "occurred")]


def test_denial_of_a_thing_is_a_rejection():
    found, _ = events("The government denied entry to the journalists.")
    assert [e["type"] for e in found] == ["REJECT"]


def test_content_of_a_request_is_not_a_second_event():
    found, _ = events("The envoy called on the militia to stop its attacks on the town.")
    assert [e["type"] for e in found] == ["REQUEST"]


def test_announced_curfew_starting_later_is_planned():
    found, _ = events("The governor announced a curfew starting on May 20.")
    assert [(e["type"], e["mode"], e["status"]) for e in found] == [("COERCE", "curfew", "planned")]


def test_retold_event_takes_the_first_accounts_place_and_day():
    text = (
        "KASSALA, Sudan (Reuters) - Gunmen attacked a police station in Wad Sharifey late "
        "Saturday, killing at least five police officers, officials said.\n\n"
        "A rebel group said later that its fighters had killed 14 police officers."
    )
    found, names = events(text)
    assaults = [e for e in found if e["type"] == "ASSAULT"]
    assert len(assaults) == 2
    first, retold = assaults
    assert retold["place"] == first["place"]
    assert retold["date"]["value"] == first["date"]["value"]
    assert retold["date"]["basis"] == "coreference"


# ---------------------------------------------------------------- frames as data


def _frame_rows(phrase: str, pos: str, **changes) -> list:
    """The shipped frame rows, with the row of ``phrase``/``pos`` changed as given."""
    from dataclasses import replace

    from dateline import lexicons
    from dateline.events.frames import FRAMES_FILE, FrameRow

    rows = list(lexicons.table(FRAMES_FILE, FrameRow))
    found = [i for i, r in enumerate(rows) if r.phrase == phrase and r.pos == pos]
    assert found, (phrase, pos)
    rows[found[0]] = replace(rows[found[0]], **changes)
    return rows


def _with_frames(rows: list):
    """The shipped event lexicon with other frame rows."""
    from dataclasses import replace

    from dateline.events.frames import FrameIndex, build_frames

    shipped = load()
    frames = build_frames(rows, shipped.types, shipped.words.target_prep)
    return replace(shipped, frames=FrameIndex(frames))


def _events_with(text: str, lexicon) -> list:
    """The events of ``text`` read with ``lexicon`` instead of the shipped one."""
    from datetime import date

    from dateline.events.actors import ActorSettings
    from dateline.events.component import BACKGROUND_DAYS, extract_events
    from dateline.events.context import DocContext, Settings
    from dateline.model import Article
    from dateline.pipeline import process

    doc = process(Article(text=text, published=date.fromisoformat(PUBLISHED)))
    settings = Settings(actors=ActorSettings(), background_days=BACKGROUND_DAYS)
    return extract_events(doc, DocContext(doc, lexicon, settings))


def test_a_frame_passes_over_the_sense_it_excludes():
    lexicon = _with_frames(_frame_rows("release", "verb", exclude="from=hospital/clinic"))
    hospital = "Doctors released the injured officer from hospital on Monday."
    hostages = "The rebels released the hostages on Monday."
    assert [e.type for e in _events_with(hospital, lexicon)] == []
    assert [e.type for e in _events_with(hostages, lexicon)] == ["RETREAT"]
    assert [e["type"] for e in events(hospital)[0]] == []  # shipped: excludes it too
    assert [e["type"] for e in events(hostages)[0]] == ["RETREAT"]


def test_a_frame_gives_its_own_argument_roles_and_acled_types():
    text = "Troops clashed with rebels in the capital."
    shipped = only(text)[0]
    assert shipped["targets"] and shipped["acled_sub_event_type"] == "Armed clash"
    lexicon = _with_frames(
        _frame_rows(
            "clash",
            "verb",
            instrument_preps=frozenset({"with"}),
            acled_event_type="Riots",
            acled_sub_event_type="Mob violence",
        )
    )
    (found,) = _events_with(text, lexicon)
    assert found.targets == []  # "with" now introduces an instrument, never a target
    assert (found.acled_event_type, found.acled_sub_event_type) == ("Riots", "Mob violence")


def test_a_deontic_modal_reported_by_a_speaker_is_a_demand():
    ev, names = only("The minister said the rebels must release the hostages.")
    assert ev["type"] == "REQUEST" and ev["trigger"]["text"] == "must release"
    assert named(ev["actors"], names) == ["minister"]
    assert named(ev["targets"], names) == ["rebels"]


def test_every_frame_names_a_known_type_and_the_types_cover_plover():
    shipped = load()
    assert len(shipped.types) == 16
    for frames in shipped.frames.by_head.values():
        for frame in frames:
            assert frame.is_light or frame.type in shipped.types
            assert frame.is_light or frame.cameo or shipped.types[frame.type].cameo
    assert set(shipped.frames.modal) >= {"must"}


def test_malformed_event_lexicon_rows_are_catalogue_errors():
    from dataclasses import dataclass

    from dateline.errors import LexiconError
    from dateline.events.frames import FrameRow, build_frames
    from dateline.events.lexicon import word_groups

    shipped = load()
    preps = shipped.words.target_prep
    with pytest.raises(LexiconError, match=r"^\[D151\].*'riot'"):
        build_frames([FrameRow("riot", "verb", "UPRISING")], shipped.types, preps)
    with pytest.raises(LexiconError, match=r"^\[D152\].*'hospital'"):
        bad = FrameRow("release", "verb", "RETREAT", exclude="hospital")
        build_frames([bad], shipped.types, preps)

    @dataclass(frozen=True)
    class TooFew:
        kill: frozenset[str]

    with pytest.raises(LexiconError, match=r"^\[D150\].*'wound'"):
        word_groups("event_words.csv", TooFew)


# ---------------------------------------------------------------- merging by index


class _Tok:
    def __init__(self, lemma: str) -> None:
        self.lemma_ = lemma


class _Index:
    """A stand-in for the reference index: what ``Similarity`` reads."""

    def __init__(self, entities: dict, places: dict) -> None:
        self.entities, self.places = entities, places

    def place_country(self, ref: str) -> str | None:
        p = self.places.get(ref)
        return p.country.upper() if p is not None and p.feature == "country" else None


def _random_mentions(rng, n: int):
    """Mentions of a few types with random parties, places, dates, figures and flags."""
    from datetime import date, timedelta

    from dateline.events.mention import Mention
    from dateline.model import Count, Entity, EventDate, Place

    entities = {
        "e1": Entity("e1", "Army", "ORG", country="AAA", sector="MIL"),
        "e2": Entity("e2", "soldiers", "GROUP", country="AAA", sector="MIL"),
        "e3": Entity("e3", "rebels", "GROUP", sector="REB"),
        "e4": Entity("e4", "Ana Ruiz", "PERSON", country="AAA"),
        "e5": Entity("e5", "Front", "ORG", country="BBB"),
    }
    places = {
        "p1": Place("p1", "Aland", country="aa", feature="country"),
        "p2": Place("p2", "Town", country="aa", feature="city"),
        "p3": Place("p3", "Port", country="bb", feature="city"),
    }
    refs = [*entities, *places, "troops", "gunmen", "police"]
    frame = load().frames.get("attack", "verb")[0]
    day = date(2021, 5, 1)
    out = []
    for _ in range(n):
        m = Mention(_Tok(rng.choice(["attack", "attacked", "clash", "shell"])), frame, "", None)
        m.type = rng.choice(["ASSAULT", "ASSAULT", "PROTEST", "COERCE"])
        m.actors = rng.sample(refs, rng.choice([0, 0, 1, 1, 2]))
        m.targets = [r for r in rng.sample(refs, rng.choice([0, 1, 1, 2])) if r not in m.actors]
        m.place = places.get(rng.choice(["p1", "p2", "p3", None, "p2"]))
        m.place_basis = rng.choice(["clause", "sentence", "dateline"])
        m.status = rng.choice(["occurred", "occurred", "planned"])
        m.background = rng.random() < 0.15
        m.anaphoric = rng.random() < 0.25
        m.merge_only = rng.random() < 0.15
        if rng.random() < 0.3:
            m.counts = [Count("killed", float(rng.randint(1, 3)))]
        if rng.random() < 0.6:
            start = day + timedelta(days=rng.randint(0, 6))
            end = start + timedelta(days=rng.choice([0, 0, 2]))
            basis = rng.choice(["text", "sentence", "publication"])
            m.date = EventDate(start if start == end else None, start, end, "day", basis)
        out.append(m)
    return out, _Index(entities, places)


def _pairwise_host(kept, m, similarity):
    """The rule as first written: compare ``m`` with every kept event of its type."""
    from dateline.events.merge import compatible

    candidates = [k for k in kept if k.type == m.type and compatible(k, m, None, similarity, False)]
    if not candidates:
        return None
    if m.anaphoric or m.merge_only:

        def affinity(k):
            shared = set(k.actors) & set(m.actors) or set(k.targets) & set(m.targets)
            return 2 * bool(shared) + (k.tok.lemma_[:4] == m.tok.lemma_[:4])

        best = max(affinity(k) for k in candidates)
        return [k for k in candidates if affinity(k) == best][-1]
    return candidates[0]


@pytest.mark.parametrize("scan_limit", [0, 5])  # filed from the start; filed after five
def test_indexed_merging_picks_the_host_pairwise_comparison_picks(scan_limit):
    import copy
    import random

    from dateline.events.merge import KeptEvents, merge_into
    from dateline.events.similar import Similarity

    rng = random.Random(7)
    joined = 0
    for _ in range(40):
        mentions, index = _random_mentions(rng, 60)
        similarity = Similarity(index, load().sectors)
        indexed, pairwise = KeptEvents(similarity, scan_limit), []
        for m in mentions:
            twin = copy.copy(m)
            twin.actors, twin.targets, twin.counts = list(m.actors), list(m.targets), list(m.counts)
            host, expected = indexed.host(m, None), _pairwise_host(pairwise, twin, similarity)
            assert (host is None) == (expected is None)
            if host is None:
                if not m.merge_only:
                    indexed.add(m)
                    pairwise.append(twin)
                continue
            assert indexed.events.index(host) == pairwise.index(expected)
            joined += 1
            indexed.merge(host, m)
            merge_into(expected, twin)
    assert joined > 100  # the comparison compared merges, not only misses


def test_inherited_setting_comes_from_the_latest_account_sharing_a_party():
    import copy
    import random
    from dataclasses import replace

    from dateline.events.merge import inherit_setting
    from dateline.events.similar import Similarity

    rng = random.Random(11)
    inherited = 0
    for _ in range(40):
        kept, index = _random_mentions(rng, 50)
        similarity = Similarity(index, load().sectors)
        walked = copy.deepcopy(kept)
        for i, m in enumerate(walked):  # the rule as first written: walk back through all
            if m.background or m.place_basis != "dateline":
                continue
            if m.date is not None and m.date.basis != "publication":
                continue
            for k in reversed(walked[:i]):
                if k.type != m.type or k.background or k.place_basis == "dateline":
                    continue
                if similarity.any_similar(m.targets, k.targets) or similarity.any_similar(
                    m.actors, k.actors
                ):
                    m.place, m.place_basis = k.place, "coreference"
                    if k.date is not None and k.date.basis != "publication":
                        m.date = replace(k.date, basis="coreference")
                    break
        inherit_setting(kept, similarity)
        for mine, theirs in zip(kept, walked, strict=True):
            assert (mine.place_basis, mine.place, mine.date) == (
                theirs.place_basis,
                theirs.place,
                theirs.date,
            )
            inherited += mine.place_basis == "coreference"
    assert inherited > 20
