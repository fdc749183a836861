"""``dateline eval quotes``: the gold speech attributions come from a fixed cue list."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from dateline.evaluate import quotes as eval_quotes
from dateline.model import Article
from dateline.pipeline import make_doc

FOLDER = Path(__file__).parent / "fixtures" / "eval" / "polnear"
SUMMARY = re.compile(r"^quotes-polnear: F1 (\d\.\d{3}|n/a), speaker (\d\.\d{3}|n/a) \(n=2\)$")


def _golds(nlp):
    text = (FOLDER / "text" / "dam.txt").read_text(encoding="utf-8")
    doc = nlp(make_doc(nlp, Article(text=text)))
    return eval_quotes.gold_for(doc, eval_quotes.read_ann(FOLDER / "attributions" / "dam_zz.ann"))


def test_fixed_cues_and_the_lexicon_select_differently(nlp) -> None:
    by_cue = {g.text: (g.speech, g.speech_lexicon) for g in _golds(nlp)}
    assert by_cue == {
        "the dam would open in May": (True, True),  # said
        "the cost was too high": (False, True),  # suggested: a finding as often as speech
        "the warning about the cost": (True, False),  # echoed: not in speech_verbs.csv
        "the dam is safe": (False, False),  # believe: a belief
    }


def test_the_lexicon_cannot_move_the_denominator(nlp, monkeypatch) -> None:
    import dateline.quotes

    before = [g.speech for g in _golds(nlp)]
    monkeypatch.setattr(dateline.quotes, "is_speech_cue", lambda lemmas, text="": True)
    after = _golds(nlp)
    assert [g.speech for g in after] == before
    assert all(g.speech_lexicon for g in after)  # the old selection did move


def test_fixed_cue_list() -> None:
    assert eval_quotes.is_fixed_cue(["say"], "said")
    assert eval_quotes.is_fixed_cue(["accord", "to"], "According to")
    assert eval_quotes.is_fixed_cue(["point", "out"], "pointed out")
    assert not eval_quotes.is_fixed_cue(["point", "to"], "pointed to")
    assert not eval_quotes.is_fixed_cue(["believe"], "believes")
    assert not eval_quotes.is_fixed_cue([], ":")
    assert {"think", "show", "find", "criticize"}.isdisjoint(eval_quotes.SPEECH_CUES)


def test_run_reports_both_selections_and_ends_with_the_summary(capsys) -> None:
    args = argparse.Namespace(path=str(FOLDER), limit=None, errors=None)
    assert eval_quotes.run(args) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]
    rows = [line for line in lines if line.startswith("all ")]
    gold = [int(row.split()[1]) for row in rows]
    assert gold == [2, 2, 2, 2]  # fixed (plain, strict) and old (plain, strict): 2 each
    assert any(line.startswith("old selection") for line in lines)


def test_skips_with_the_summary_line(tmp_path: Path, capsys) -> None:
    args = argparse.Namespace(path=str(tmp_path / "absent"), limit=None, errors=None)
    assert eval_quotes.run(args) == 0
    assert capsys.readouterr().out.startswith("quotes-polnear: skipped (")
