"""``dateline eval police`` on a team-written miniature in the IndiaPoliceEvents format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dateline.cli import main
from dateline.evaluate import police
from dateline.evaluate.records import View

FOLDER = Path(__file__).parent / "fixtures" / "eval" / "police"
SUMMARY = re.compile(r"^events-police: KILL (\d\.\d{3}|n/a), ARREST (\S+), FORCE (\S+) \(n=10\)$")


def _event(text: str, word: str, kind: str, actors: list[str], **extra) -> dict:
    at = text.index(word)
    return {
        "id": f"v{at}",
        "type": kind,
        "trigger": {"start": at, "end": at + len(word), "text": word},
        "actors": actors,
        "targets": [],
        "status": "occurred",
        **extra,
    }


def _records(docs: list[police.PoliceDoc]) -> list[dict]:
    """Known system output: doc 1 finds the first killing and the arrest and misses the
    repeated killing; doc 2 has a negated arrest, a mob's beating and one false alarm."""
    one, two = docs[0].text, docs[1].text
    first = {
        "document": {"text": one},
        "entities": [
            {"id": "e1", "name": "police", "mentions": []},
            {"id": "e2", "name": "the crowd", "mentions": []},
        ],
        "events": [
            _event(one, "fired", "ASSAULT", ["e1"], fatalities={"value": 2}),
            _event(one, "arrested", "COERCE", ["e1"], mode="arrest"),
            _event(one, "thrown", "ASSAULT", ["e2"]),
        ],
    }
    second = {
        "document": {"text": two},
        "entities": [
            {"id": "e3", "name": "officers", "sector": "COP", "mentions": []},
            {"id": "e4", "name": "a mob", "mentions": []},
        ],
        "events": [
            _event(two, "stood", "ASSAULT", ["e3"]),
            _event(two, "arrest", "COERCE", ["e3"], mode="arrest", status="negated"),
            _event(two, "beat", "ASSAULT", ["e4"]),
        ],
    }
    return [first, second]


def test_load_finds_repeated_sentences_in_order() -> None:
    docs = police.load(FOLDER)
    first = docs[0]
    repeated = [s for s in first.sentences if s.text.startswith("police fired")]
    assert [first.text[a:b] for a, b in (s.span for s in repeated)] == [repeated[0].text] * 2
    assert repeated[0].span[0] < repeated[1].span[0]
    assert first.published.isoformat() == "2002-03-05"
    assert docs[0].labels == {"ANY_ACTION", "ARREST", "FORCE", "KILL"}


def test_known_output_gives_known_scores() -> None:
    docs = police.load(FOLDER)
    scorer = police.score(docs, _records(docs))
    t = scorer.sentences.tallies
    assert (t["KILL"].tp, t["KILL"].fp, t["KILL"].fn) == (1, 0, 1)
    assert (t["FORCE"].tp, t["FORCE"].fp, t["FORCE"].fn) == (1, 1, 1)
    assert (t["ARREST"].tp, t["ARREST"].fp, t["ARREST"].fn) == (1, 0, 0)
    assert scorer.summary() == "events-police: KILL 0.667, ARREST 1.000, FORCE 0.500 (n=10)"
    d = scorer.documents.tallies["FORCE"]
    assert (d.tp, d.fp, d.fn) == (1, 1, 0)
    # by anyone: the crowd's and the mob's attacks now count as FORCE too
    anyone = scorer.anyone.tallies["FORCE"]
    assert (anyone.tp, anyone.fp) == (1, 3)
    report = scorer.report(errors=5)
    assert "sentences scored wrong (first 5 of 2)" in report
    assert report.splitlines()[0] == "sentence level"


def test_an_event_counts_in_every_sentence_that_tells_it() -> None:
    """The repeated killing merged into the first one: with its mention listed, the second
    sentence is found too; without ``mentions`` only the trigger's sentence counts."""
    docs = police.load(FOLDER)
    records = _records(docs)
    text = docs[0].text
    killing = records[0]["events"][0]
    again = text.rindex("fired")
    killing["mentions"] = [
        {"start": killing["trigger"]["start"], "end": killing["trigger"]["end"]},
        {"start": again, "end": again + len("fired")},
    ]
    t = police.score(docs, records).sentences.tallies
    assert (t["KILL"].tp, t["KILL"].fp, t["KILL"].fn) == (2, 0, 0)
    assert (t["FORCE"].tp, t["FORCE"].fn) == (2, 0)


def test_a_figure_labels_only_the_sentences_that_state_it() -> None:
    """One police firing told in three sentences, its dead stated in one: KILL goes to that
    sentence (the count's ``mentions``), FORCE to all three; ARREST likewise follows its
    figure. Without the figure's mentions every sentence of the event says KILL."""
    text = (
        "police fired on a crowd at the fair. two men were killed in the firing. "
        "the firing went on for an hour, and six men were arrested."
    )
    doc = police.PoliceDoc(1, text, None)
    for n, (start, labels) in enumerate(
        [(0, {"FORCE"}), (37, {"FORCE", "KILL"}), (72, {"FORCE", "ARREST"})]
    ):
        end = text.index(".", start) + 1
        doc.sentences.append(police.Sentence(n, (start, end), labels, text[start:end]))
    starts = [text.index("fired"), text.index("firing"), text.rindex("firing")]
    dead, held = text.index("two"), text.index("six")
    event = {
        "type": "ASSAULT",
        "actors": ["e1"],
        "status": "occurred",
        "trigger": {"start": starts[0], "end": starts[0] + 5},
        "mentions": [{"start": s, "end": s + 5} for s in starts],
        "fatalities": {
            "what": "killed",
            "value": 2,
            "mentions": [{"start": dead, "end": dead + 3}],
        },
        "arrested": {
            "what": "arrested",
            "value": 6,
            "mentions": [{"start": held, "end": held + 3}],
        },
    }
    record = {"document": {"text": text}, "entities": [{"id": "e1", "name": "police"}]}
    t = police.score([doc], [{**record, "events": [event]}]).sentences.tallies
    assert {k: (t[k].tp, t[k].fp, t[k].fn) for k in police.SCORED} == {
        "KILL": (1, 0, 0),
        "ARREST": (1, 0, 0),
        "FORCE": (3, 0, 0),
    }
    bare = {**event, "fatalities": {"value": 2}, "arrested": {"value": 6}}
    t = police.score([doc], [{**record, "events": [bare]}]).sentences.tallies
    assert (t["KILL"].tp, t["KILL"].fp) == (1, 2)


def test_sentences_are_found_in_the_text_as_read_after_a_mojibake_repair() -> None:
    """The set's text has mojibake the reader repairs, which moves every later offset by one:
    the gold sentence is placed in the record's text, where the record's offsets point (read
    in the set's text, the trigger opening the sentence would fall just before it)."""
    source = "rivertown:\u00c3\u00a9 police fired on a mob. shots killed two men."
    read = "rivertown:\u00e9 police fired on a mob. shots killed two men."
    doc = police.PoliceDoc(1, source, None)
    start = source.index("shots")
    doc.sentences.append(police.Sentence(0, (start, len(source)), {"FORCE", "KILL"}, "shots"))
    at = read.index("shots")
    event = {
        "type": "ASSAULT",
        "actors": ["e1"],
        "status": "occurred",
        "trigger": {"start": at, "end": at + 5},
        "fatalities": {"what": "killed", "value": 2},
    }
    record = {"document": {"text": read}, "entities": [{"id": "e1", "name": "police"}]}
    t = police.score([doc], [{**record, "events": [event]}]).sentences.tallies
    assert (t["KILL"].tp, t["KILL"].fn) == (1, 0)


def test_kinds_follow_the_label_definitions() -> None:
    view = View({"entities": [{"id": "c", "name": "Inspector Ray", "roles": ["police inspector"]}]})
    kill = {"type": "ASSAULT", "actors": ["c"], "fatalities": {"value": "3"}}
    assert police.kinds(view, kill) == {"ANY_ACTION", "FORCE", "KILL"}  # KILL within FORCE
    assert police.kinds(view, {"type": "ASSAULT", "actors": ["c"], "mode": "execute"}) >= {"KILL"}
    force = {"type": "COERCE", "actors": ["c"], "acled_sub_event_type": "Arrests"}
    assert police.kinds(view, force) == {"ANY_ACTION", "ARREST"}
    counted = {"type": "CONSULT", "actors": ["c"], "arrested": {"value": 4}}
    assert "ARREST" in police.kinds(view, counted)
    planned = {"type": "ASSAULT", "actors": ["c"], "status": "planned"}
    assert police.kinds(view, planned) == set()
    assert police.kinds(view, {"type": "ASSAULT", "actors": ["someone"]}) == set()
    assert police.kinds(view, {"type": "ASSAULT", "actors": []}, police=False) >= {"FORCE"}


def test_police_words_are_whole_words() -> None:
    assert police.POLICE_WORDS.search("the Metropolitan Police")
    assert police.POLICE_WORDS.search("two constables")
    assert not police.POLICE_WORDS.search("a policy change")
    assert not police.POLICE_WORDS.search("copper mine")


def test_cli_runs_the_pipeline_and_ends_with_the_summary(capsys) -> None:
    assert main(["eval", "police", str(FOLDER)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]


def test_sample_keeps_documents_whole(capsys) -> None:
    assert police.stratum(police.load(FOLDER)[1]) == "none"
    assert main(["eval", "police", str(FOLDER), "--sample", "1"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.search(r"\(n=(4|6)\)$", last)  # one document's sentences


@pytest.mark.parametrize("missing", ["absent", "empty"])
def test_skips_cleanly_without_the_data(tmp_path: Path, capsys, missing: str) -> None:
    folder = tmp_path / missing
    if missing == "empty":
        folder.mkdir()
    assert main(["eval", "police", str(folder)]) == 0
    assert capsys.readouterr().out.startswith("events-police: skipped (")
