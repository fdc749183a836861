"""``dateline eval cameo`` on a team-written miniature in the ConfliBERT CAMEO format."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from dateline.cli import main
from dateline.evaluate import cameo

FOLDER = Path(__file__).parent / "fixtures" / "eval" / "cameo"


def _mention(text: str, words: str) -> list[dict]:
    at = text.index(words)
    return [{"start": at, "end": at + len(words)}]


def _records(sentences: list[cameo.CameoSentence]) -> list[dict]:
    """Known output: sentence 1 right class, actor right, target on the wrong words; sentence
    2 right class through the event with an actor (not the earlier bare one); sentence 3 none."""
    one, two, three = (s.text for s in sentences)
    return [
        {
            "document": {"text": one},
            "entities": [{"id": "e1", "name": "Rebels", "mentions": _mention(one, "Rebels")}],
            "places": [{"id": "p1", "name": "Darrow", "mentions": _mention(one, "Darrow")}],
            "events": [
                {
                    "id": "v1",
                    "type": "ASSAULT",
                    "cameo_root": "18",
                    "trigger": {"start": one.index("attacked")},
                    "actors": ["e1"],
                    "targets": ["p1"],
                }
            ],
        },
        {
            "document": {"text": two},
            "entities": [{"id": "e2", "name": "ministers", "mentions": _mention(two, "ministers")}],
            "events": [
                {"id": "v0", "type": "CONSULT", "cameo_root": "04", "trigger": {"start": 0}},
                {
                    "id": "v2",
                    "type": "AGREE",
                    "cameo_root": "03",
                    "trigger": {"start": two.index("agreed")},
                    "actors": ["e2"],
                    "targets": [],
                },
            ],
        },
        {"document": {"text": three}, "events": []},
    ]


def test_load_aligns_class_and_span_files() -> None:
    sentences = cameo.load(FOLDER)
    assert [s.label for s in sentences] == ["4", "1", "0"]
    first = sentences[0]
    assert not first.text.endswith("\r")
    (source,), (target,) = first.spans["S"], first.spans["T"]
    assert first.text[slice(*source)] == "Rebels from the north"
    assert first.text[slice(*target)] == "police station"
    assert sentences[1].text[slice(*sentences[1].spans["R"][0])] == "The two ministers"
    assert sentences[2].spans == {"S": [], "T": [], "R": []}


def test_orphan_inside_tag_opens_a_span() -> None:
    spans = cameo.char_spans("Army units shelled the town", [
        ("Army", "I-S"), ("units", "I-S"), ("shelled", "O"), ("the", "B-T"), ("town", "I-T"),
    ])  # fmt: skip
    assert spans == {"S": [(0, 10)], "T": [(19, 27)], "R": []}
    assert cameo.char_spans("short", [("missing", "O")]) is None


def test_pentaclass_from_root_and_type() -> None:
    assert [cameo.pentaclass({"cameo_root": r}) for r in ("01", "02", "03", "05", "06")] == [
        "0", "0", "1", "1", "2",
    ]  # fmt: skip
    assert [cameo.pentaclass({"cameo_root": r}) for r in ("08", "09", "13", "14", "20")] == [
        "2", "3", "3", "4", "4",
    ]  # fmt: skip
    assert cameo.pentaclass({"cameo_root": "193"}) == "4"  # a sub-code reads as its root
    assert cameo.pentaclass({"type": "REJECT"}) == "3"  # no root: the type's class
    assert cameo.pentaclass(None) is None


def test_known_output_gives_known_scores() -> None:
    sentences = cameo.load(FOLDER)
    scorer = cameo.score(sentences, _records(sentences))
    assert scorer.confusion.accuracy() == pytest.approx(2 / 3)
    assert scorer.silent_as_statement.value == 1.0  # the third would be right as class 0
    # classes 0 (F1 0), 1 and 4 (F1 1) have gold; 2 and 3 have neither gold nor predictions
    assert scorer.confusion.macro_f1(cameo.CLASSES) == pytest.approx(2 / 3)
    spans = scorer.spans
    assert (spans.tp, spans.fp, spans.fn) == (2, 1, 1)  # the target Darrow is outside T
    actors = scorer.by_role["actors"]
    assert (actors.tp, actors.fp, actors.fn) == (2, 0, 0)  # the R span matches an actor
    assert scorer.summary() == "events-cameo: class 0.667, spans 0.667 (n=3)"
    assert "2 -> " not in scorer.report(errors=10)
    assert "0 -> - (no event)" in scorer.report(errors=10)


def test_a_role_matches_only_its_own_gold_roles() -> None:
    text = "Rebels shelled the town"
    view = cameo.View({"document": {"text": text}})
    gold = {"S": [(0, 6)], "T": [(15, 23)], "R": []}
    swapped = {"actors": ["town"], "targets": ["Rebels"]}
    assert cameo.span_counts(view, swapped, gold).tp == 0
    right = {"actors": ["Rebels"], "targets": ["town"]}
    assert cameo.span_counts(view, right, gold).tp == 2
    reciprocal = {"S": [], "T": [], "R": [(0, 6)]}
    assert cameo.span_counts(view, swapped, reciprocal).tp == 1  # R matches either role


def test_a_party_that_is_actor_and_target_is_one_reciprocal_party() -> None:
    """ "Kestria and Morvania signed a pact": each party is both actor and target in the
    record, one party each for the scorer, which matches the gold R spans."""
    text = "Kestria and Morvania signed a pact"
    view = cameo.View({"document": {"text": text}})
    gold = {"S": [], "T": [], "R": [(0, 7), (12, 20)]}
    both = {"actors": ["Kestria", "Morvania"], "targets": ["Kestria", "Morvania"]}
    counts = cameo.span_counts(view, both, gold)
    assert (counts.tp, counts.fp, counts.fn) == (2, 0, 0)


def test_cli_runs_the_pipeline_and_ends_with_the_summary(capsys) -> None:
    assert main(["eval", "cameo", str(FOLDER)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.match(r"^events-cameo: class (\d\.\d{3}), spans (\d\.\d{3}|n/a) \(n=3\)$", last)


def test_skips_cleanly_without_the_split(tmp_path: Path, capsys) -> None:
    args = argparse.Namespace(split="train")
    with pytest.raises(cameo.task.DataMissing):
        cameo.load(FOLDER, args)
    assert main(["eval", "cameo", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("events-cameo: skipped (")
