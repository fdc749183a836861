"""Quotes: kinds, quote-mark layouts, speakers, cues, channels and dates, on sentences written
for these tests. Each test names the behaviour it pins down."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from dateline.evaluate import quotes as eval_quotes
from dateline.model import Article, Quote
from dateline.pipeline import make_doc
from dateline.quotes import find_marked, is_speech_cue, paragraphs

PUBLISHED = date(2024, 5, 8)  # a Wednesday


@pytest.fixture(scope="module")
def run(nlp: Language):
    def _run(text: str, published: date | None = PUBLISHED) -> list[Quote]:
        doc = nlp(make_doc(nlp, Article(text=text, published=published)))
        return doc._.quotes

    return _run


def by_text(quotes: list[Quote], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.text]
    assert hits, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return hits[0]


def speaker(q: Quote) -> str | None:
    return q.speaker_name


# ---------------------------------------------------------------- quote marks (pure functions)


def test_curly_quote_inner_span_keeps_trailing_comma():
    text = "“We will rebuild the bridge,” she said."
    [m] = find_marked(text)
    assert text[m.start : m.end] == "We will rebuild the bridge,"


def test_straight_and_typed_quotes_pair():
    text = "\"Prices are rising,\" he said. ''The harvest failed,'' she said."
    spans = [text[m.start : m.end] for m in find_marked(text)]
    assert spans == ["Prices are rising,", "The harvest failed,"]


def test_nested_quote_stays_inside_outer():
    text = "“He told me “never again” and left,” the farmer said."
    [m] = find_marked(text)
    assert text[m.start : m.end] == "He told me “never again” and left,"


def test_multi_paragraph_quote_is_one_span():
    text = (
        "“The river rose overnight and the road is gone.\n\n"
        "“We have no way to reach the clinic,” the mayor said.\n\nNext paragraph."
    )
    [m] = find_marked(text)
    assert text[m.start : m.end].startswith("The river rose")
    assert text[m.start : m.end].endswith("reach the clinic,")


def test_unbalanced_mark_is_capped_at_the_paragraph():
    text = "“The talks failed, the envoy said.\n\nThe army said it had withdrawn from the town."
    [m] = find_marked(text)
    assert text[m.start : m.end] == "The talks failed, the envoy said."
    assert m.close_at is None


def test_stray_straight_mark_does_not_join_a_curly_paragraph():
    text = '"Kevin slept on the sofa.\n\n“Here we go,” she said.'
    spans = [text[m.start : m.end] for m in find_marked(text)]
    assert "Here we go," in spans
    assert not any("Kevin" in s and "Here" in s for s in spans)


def test_paragraphs_split_on_single_newlines_unless_hard_wrapped():
    assert len(paragraphs("One line.\nAnother line.\nA third.")) == 3
    wrapped = "\n".join(["word " * 12] * 4) + "\n\n" + "\n".join(["text " * 12] * 4)
    assert len(paragraphs(wrapped)) == 2


def test_speech_cue_filter():
    assert is_speech_cue(["say"])
    assert is_speech_cue(["accord", "to"], "according to")
    assert not is_speech_cue(["believe"])


# ---------------------------------------------------------------- kinds


def test_direct_quote_with_cue_after(run):
    qs = run("“The bridge will open in June,” John Harlan said on Monday.")
    q = by_text(qs, "bridge will open")
    assert q.kind == "direct"
    assert q.text == "The bridge will open in June,"
    assert speaker(q) == "John Harlan" and q.cue == "said"


def test_cue_after_a_long_apposition(run):
    text = (
        "“We will appeal the ruling,” Scott Miller, the attorney general of the state and a "
        "former judge of the appeals court in the capital, said on Monday."
    )
    q = by_text(run(text), "appeal the ruling")
    assert speaker(q) == "Scott Miller" and q.cue == "said"


def test_sentence_after_a_finished_quote_is_not_its_attribution(run):
    text = "“The vote is over.” Reporters said the hall emptied within minutes."
    q = by_text(run(text), "vote is over")
    assert q.cue is None and q.speaker_name is None


def test_direct_quote_with_cue_before_colon(run):
    q = by_text(run("Maria Lopez said: “Nobody will be left behind.”"), "Nobody")
    assert q.kind == "direct" and speaker(q) == "Maria Lopez"


def test_partial_quote_inside_reporters_sentence(run):
    qs = run("Senator Paul Wendt called the budget a “reckless gamble” on Tuesday.")
    q = by_text(qs, "reckless gamble")
    assert q.kind == "partial" and q.text == "reckless gamble"
    assert speaker(q) == "Paul Wendt" and q.cue == "called"


def test_indirect_said_that(run):
    q = by_text(
        run("Governor Ellen Marsh said that the schools would reopen next week."), "schools"
    )
    assert q.kind == "indirect"
    assert q.text == "the schools would reopen next week"
    assert speaker(q) == "Ellen Marsh"


def test_indirect_content_before_attribution(run):
    q = by_text(run("Three bridges were damaged by the flood, Mayor Tom Becker said."), "bridges")
    assert q.text == "Three bridges were damaged by the flood"
    assert speaker(q) == "Tom Becker"


def test_indirect_according_to_first_and_last(run):
    first = by_text(run("According to Anna Weiss, the convoy left at dawn."), "convoy")
    assert first.text == "the convoy left at dawn" and first.cue == "According to"
    assert speaker(first) == "Anna Weiss"
    last = by_text(run("The convoy left at dawn, according to Anna Weiss."), "convoy")
    assert last.text == "The convoy left at dawn" and speaker(last) == "Anna Weiss"


def test_told_and_adding_that_make_two_quotes(run):
    qs = run(
        "Peter Cole told reporters that the dam was safe, adding that engineers "
        "would inspect it daily."
    )
    assert by_text(qs, "dam was safe").cue == "told"
    second = by_text(qs, "engineers would inspect")
    assert second.cue == "adding" and speaker(second) == "Peter Cole"
    assert "engineers" not in by_text(qs, "dam was safe").text


def test_clause_with_quoted_words_gives_only_the_partial(run):
    qs = run("Karen Holt said the plan was “dead on arrival” in the senate.")
    assert [q.text for q in qs] == ["dead on arrival"]
    assert qs[0].kind == "partial" and speaker(qs[0]) == "Karen Holt"


def test_split_quote_continuation_keeps_speaker(run):
    qs = run("“We are ready,” Omar Haddad said. “The trucks leave tomorrow.”")
    second = by_text(qs, "trucks leave")
    assert second.kind == "direct" and speaker(second) == "Omar Haddad"


def test_multi_paragraph_quote_attributed_once(run):
    text = (
        "“The river rose overnight and the road is gone.\n\n"
        "“We have no way to reach the clinic,” said Mayor Lucy Brandt."
    )
    qs = run(text)
    assert len(qs) == 1
    assert "\n\n" in qs[0].text and speaker(qs[0]) == "Lucy Brandt"


def test_dash_byline_layout(run):
    qs = run("“Peace is built one village at a time.” —Jonas Meyer")
    q = by_text(qs, "Peace is built")
    assert speaker(q) == "Jonas Meyer" and q.cue == "—"


def test_headline_quote(run):
    text = "“We will not retreat,” says Defense Minister Karl Brenner\n\nThe troops held."
    q = by_text(run(text), "not retreat")
    assert speaker(q) == "Karl Brenner" and q.cue == "says"


def test_unbalanced_quote_does_not_swallow_the_article(run):
    text = (
        "“The talks have collapsed, said David Moss.\n\n"
        "Later, Helen Park said the ceasefire would hold through the weekend."
    )
    qs = run(text)
    assert all(q.end <= text.index("\n\n") or q.start > text.index("\n\n") for q in qs)
    later = by_text(qs, "ceasefire would hold")
    assert speaker(later) == "Helen Park"


def test_malformed_marks_do_not_crash(run):
    for text in ["”", "“", '"""', "He said “", "” she said “ ” “", "''"]:
        assert isinstance(run(text), list)


# ---------------------------------------------------------------- speakers


def test_pronoun_speaker_is_nearest_person(run):
    text = (
        "Police chief Sarah Klein met the mayor on Monday.\n\n“We made eleven arrests,” she said."
    )
    assert speaker(by_text(run(text), "eleven arrests")) == "Sarah Klein"


def test_it_pronoun_skips_people(run):
    text = (
        "The Red Cross sent a team to the valley, and Maria Lopez led it.\n\n"
        "It said the clinic had run out of insulin."
    )
    assert speaker(by_text(run(text), "insulin")) == "Red Cross"


def test_organization_speaker_and_statement_issuer(run):
    text = (
        "The Health Ministry said in a statement that 40 people were treated.\n\n"
        "“The outbreak is contained,” the statement said."
    )
    qs = run(text)
    first = by_text(qs, "40 people")
    assert speaker(first) is not None and "Ministry" in speaker(first)
    assert first.channel == "statement"
    assert speaker(by_text(qs, "outbreak is contained")) == speaker(first)


def test_nominal_group_speaker(run):
    text = (
        "The Liberation Front attacked a convoy near the border on Sunday.\n\n"
        "The group said its fighters had seized two trucks."
    )
    q = by_text(run(text), "seized two trucks")
    assert speaker(q) is not None and "Liberation Front" in speaker(q)


def test_spokesman_for_an_organization(run):
    q = by_text(
        run("A spokesman for the World Food Programme said deliveries had resumed."), "deliveries"
    )
    assert speaker(q) is not None and "World Food Programme" in speaker(q)


def test_no_speaker_without_justification(run):
    q = by_text(run("“It is too late for that,” someone shouted."), "too late")
    assert q.speaker is None and speaker(q) is None


# ---------------------------------------------------------------- cue, channel, date


def test_tweeted_gives_twitter_channel_and_weekday_date(run):
    q = by_text(run("“Shameful decision,” Robert Hale tweeted Saturday."), "Shameful")
    assert q.cue == "tweeted" and q.channel == "twitter"
    assert q.date == date(2024, 5, 4)


@pytest.mark.parametrize(
    ("sentence", "channel"),
    [
        ("Nina Ross said by phone that the road was closed.", "phone"),
        ("Nina Ross said in an interview that the road was closed.", "interview"),
        ("Nina Ross said at a press conference that the road was closed.", "press conference"),
        ("Nina Ross told a gathering that the road was closed.", "speech"),
        ("Nina Ross said on state television that the road was closed.", "television"),
        ("Nina Ross said in an email that the road was closed.", "email"),
        ("Nina Ross wrote on Facebook that the road was closed.", "social media"),
        ("Nina Ross said that the road was closed.", None),
    ],
)
def test_channel_phrases(run, sentence: str, channel: str | None):
    assert by_text(run(sentence), "road was closed").channel == channel


def test_yesterday_resolves_against_publication(run):
    q = by_text(run("Ahmed Rahimi told a rally yesterday that taxes would fall."), "taxes")
    assert q.date == date(2024, 5, 7)


# ---------------------------------------------------------------- evaluation command


def _write_polnear(folder: Path) -> None:
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    text = (
        "Mayor Tom Becker said the bridge would reopen soon.\n\nAnalysts believe prices will rise."
    )
    (folder / "text" / "a1.txt").write_text(text, encoding="utf-8")
    c0 = text.index("the bridge")
    c1 = text.index(" soon") + len(" soon")
    b0 = text.index("prices")
    ann = "\n".join(
        [
            f"T1\tSource 0 15\t{text[0:15]}",
            f"T2\tCue 16 20\t{text[16:20]}",
            f"T3\tContent {c0} {c1}\t{text[c0:c1]}",
            "T4\tAttribution 16 20\tsaid",
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
            f"T5\tSource {text.index('Analysts')} {text.index('Analysts') + 8}\tAnalysts",
            f"T6\tCue {text.index('believe')} {text.index('believe') + 7}\tbelieve",
            f"T7\tContent {b0} {len(text) - 1}\t{text[b0:-1]}",
            "E2\tAttribution:T6 Content:T7 Cue:T6 Source:T5",
        ]
    )
    (folder / "attributions" / "a1_abcd.ann").write_text(ann + "\n", encoding="utf-8")


def test_eval_quotes_scores_speech_attributions_only(tmp_path: Path, capsys):
    _write_polnear(tmp_path)
    args = argparse.Namespace(path=str(tmp_path), limit=None, errors=None)
    assert eval_quotes.run(args) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("all"))
    gold, system, found = (int(x) for x in row.split()[1:4])
    assert (gold, found) == (1, 1)  # the belief is filtered out
    assert "1.000 (  1)" in row  # speaker right on the one named source


def test_eval_quotes_skips_missing_folder(tmp_path: Path, capsys):
    args = argparse.Namespace(path=str(tmp_path / "absent"), limit=None, errors=None)
    assert eval_quotes.run(args) == 0
    assert "skipped" in capsys.readouterr().out


def test_partial_quote_keeps_its_reported_clause(run):
    text = "Mayor Lina Park said the new dam was “a promise kept” for the valley's farmers."
    quotes = run(text)
    partial = by_text(quotes, "a promise kept")
    assert partial.kind == "partial"
    assert partial.clause is not None
    clause = text[partial.clause[0] : partial.clause[1]]
    assert clause.startswith("the new dam was")
    assert "farmers" in clause
    assert len(quotes) == 1  # the clause is context, not a second quote


def test_partial_quote_takes_the_cue_complement_as_clause(run):
    text = "The senator called the new levy “a tax on farmers” during the debate."
    partial = by_text(run(text), "a tax on farmers")
    assert partial.clause is not None
    assert text[partial.clause[0] : partial.clause[1]].startswith("the new levy")


# ---------------------------------------------------------------- contents without a clause


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (
            "The mayor of Lisbon, Rui Antunes, called for a full inquiry into the fire.",
            "a full inquiry into the fire",
            "called",
        ),
        (
            "The farmers' union called on the government to raise grain prices.",
            "the government to raise grain prices",
            "called",
        ),
        (
            "Senator Clara Mendes urged lawmakers to reject the budget.",
            "lawmakers to reject the budget",
            "urged",
        ),
        (
            "Governor Paul Otieno called the audit baseless and politically motivated.",
            "the audit baseless and politically motivated",
            "called",
        ),
        (
            "Minister Hana Kovac described the talks as productive.",
            "the talks as productive",
            "described",
        ),
        (
            "Union leader Tomas Berg pledged to end the strike by Friday.",
            "to end the strike by Friday",
            "pledged",
        ),
    ],
)
def test_speech_verb_with_a_noun_or_infinitive_content(run, text, content, cue):
    q = by_text(run(text), content.split()[1])
    assert q.kind == "indirect"
    assert content in q.text and len(q.text) <= len(content) + 3
    assert q.cue == cue
    assert q.speaker_name is not None


def test_a_document_that_calls_for_something_is_not_a_speaker(run):
    quotes = run("The treaty calls for all troops to leave the valley within a year.")
    assert quotes == []


def test_named_or_called_without_a_predicate_is_no_quote(run):
    quotes = run("Mayor Ines Duarte called the council members to the stage on Monday.")
    assert quotes == []


def test_relative_clause_pledge_does_not_report_the_noun(run):
    text = "Officials missed the housing target that Mayor Ines Duarte pledged to reach."
    assert run(text) == []


def test_content_runs_on_through_a_colon(run):
    text = (
        "Economist Mira Costa noted that the city faces three problems at once: rents are "
        "rising, wages are flat and buses are late."
    )
    q = by_text(run(text), "three problems")
    assert q.text.startswith("the city faces")
    assert q.text.endswith("buses are late")


def test_preceding_unattributed_sentences_join_the_content(run):
    text = (
        "The plant opened in 2009. It employs 400 people and ships steel to six countries. "
        "Orders have fallen by half this year, the company's director, Ana Weiss, said.\n\n"
        "Ana Weiss said on Monday that the plant would stay open."
    )
    quotes = run(text)
    q = by_text(quotes, "Orders have fallen")
    assert q.text.startswith("The plant opened in 2009.")
    assert q.speaker_name == "Ana Weiss"


def test_lead_stops_at_a_sentence_with_its_own_attribution(run):
    text = (
        "Farmers said the river had dried up. The harvest failed in May. Prices doubled in "
        "June, the ministry said."
    )
    q = by_text(run(text), "Prices doubled")
    assert q.text.startswith("The harvest failed")


def test_partial_quote_inside_a_clause_with_an_aside_cue(run):
    text = (
        'Over the past decade, Mayor Ines Duarte said, the city has become "a place where '
        'young families can afford to stay."'
    )
    quotes = run(text)
    q = by_text(quotes, "young families")
    assert q.kind == "partial"
    assert q.cue == "said"
    assert q.speaker_name == "Ines Duarte"
    assert q.clause is not None
    assert text[q.clause[0] : q.clause[1]].find("the city has become") >= 0


def test_headline_label_is_not_taken_for_the_subject(run):
    text = "Latest news: Ministry urges drivers to stay off the northern highway.\n\nBody text."
    q = by_text(run(text), "drivers")
    assert q.cue == "urges"
    assert q.speaker_name is not None and "Ministry" in q.speaker_name


def test_a_reported_clause_begins_after_the_dateline():
    """ "HOLM (Wire Desk) — Kestria and Morvania agreed ..., officials said": the dateline is
    the story's address, not part of what the officials said."""
    from dateline import extract

    text = (
        "HOLM, March 3 (Wire Desk) — Kestria and Morvania agreed on Friday to reopen two "
        "border crossings, officials said after talks in Holm.\n\n"
        "The crossings will reopen within 60 days.\n"
    )
    record = extract(text, published="2026-03-04").to_dict()
    (said,) = [q for q in record["quotes"] if q["cue"] == "said"]
    assert said["text"].startswith("Kestria and Morvania agreed")
    assert text[said["start"] : said["end"]] == said["text"]
