"""The floor the events layer must beat: a keyword coder scored by dateline's own evaluators.

Usage: python bench/keyword_baseline.py [DATA_DIR] [--sets plover,ngec,...] [--sample N]
[--seed S] [--limit N] [--report]   (DATA_DIR defaults to ../shared/data)

Each sentence gets one event per keyword row whose words it contains (:data:`KEYWORDS`:
general attack, meeting, protest ... vocabulary mapped to a PLOVER type and mode, a CAMEO root
and an ACLED sub-type; nothing from any data set). A sentence naming the police gets a police
entity (sector COP) as the actor of its events, and a killing word a fatality, so the police
questions can be asked of it; it has no other actors or targets, so its span and actor figures
are the floor of zero. Its records have the output contract's shape and go through the very
``load``/``score`` functions of ``dateline eval`` (PLOVER GSR, NGEC, police, CAMEO, SATP), so
the two sets of figures are comparable line for line. Prints each set's summary line (the
whole report with ``--report``) and the time it took.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path
from typing import Any, NamedTuple

from dateline.evaluate import cameo, events, ngec, police, satp
from dateline.evaluate.scoring import choose
from dateline.evaluate.task import DataMissing, score_and_report

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SETS = {
    "plover": (events, "plover-gsr"),
    "ngec": (ngec, "ngec-synthetic"),
    "police": (police, "india-police-events"),
    "cameo": (cameo, "conflibert-cameo"),
    "satp": (satp, "conflibert-satp"),
}
# words (regex alternatives, whole words), PLOVER type, mode, CAMEO root, ACLED sub-type
KEYWORDS = [
    (r"suicide bomb\w*|suicide attack\w*", "ASSAULT", "explosives", "18", "Suicide bomb"),
    (r"grenades?", "ASSAULT", "explosives", "18", "Grenade"),
    (r"bomb\w*|explo\w*|blasts?|ieds?|landmines?", "ASSAULT", "explosives", "18",
     "Remote explosive/landmine/IED"),
    (r"shell(ed|ing)|artillery|mortars?|rockets?|missiles?", "ASSAULT", "heavy-weapons", "19",
     "Shelling/artillery/missile attack"),
    (r"air ?strikes?|airstrikes?|drone strikes?|air raids?", "ASSAULT", "aerial", "19",
     "Air/drone strike"),
    (r"shot|shoot\w*|gunfire|gunm[ae]n|opened fire|fired|firing|encounter", "ASSAULT",
     "firearms", "19", "Armed clash"),
    (r"attack\w*|assault\w*|ambush\w*|raid\w*|clash\w*|fight\w*|battle\w*", "ASSAULT", None,
     "18", "Attack"),
    (r"kill\w*|murder\w*|massacre\w*|dead|died|lynch\w*", "ASSAULT", None, "18", "Attack"),
    (r"abduct\w*|kidnap\w*|hostages?", "ASSAULT", "abduct", "18",
     "Abduction/forced disappearance"),
    (r"arrest\w*|detain\w*|custody|apprehend\w*", "COERCE", "arrest", "17", "Arrests"),
    (r"tear ?gas|baton charge\w*|water cannon|rubber bullets|dispers\w*", "ASSAULT",
     "crowd-control", "18", "Excessive force against protesters"),
    (r"curfew|ban(s|ned)?|censor\w*|seiz\w*|confiscat\w*|deport\w*|expel\w*", "COERCE", None,
     "17", None),
    (r"riot\w*|mobs?|arson|torched|set ablaze", "PROTEST", "riot", "14", "Violent demonstration"),
    (r"protest\w*|demonstrat\w*|rall(y|ies)|marched|strikes?|boycott\w*|sit-ins?", "PROTEST",
     None, "14", "Peaceful protest"),
    (r"met|meet\w*|talks|visit\w*|summit|hosted|telephoned|discuss\w*", "CONSULT", None, "04",
     None),
    (r"agree\w*|agreement|accord|deal|treaty|signed|pact", "AGREE", None, "03", "Agreement"),
    (r"ceasefire|cease-fire|truce|withdr[ae]w\w*|retreat\w*|pull(ed)? out|releas\w*|resign\w*",
     "RETREAT", None, "08", None),
    (r"aid|assistance|donat\w*|relief|humanitarian", "AID", None, "07", None),
    (r"support\w*|prais\w*|endors\w*|welcom\w*|commend\w*|back(ed|s)", "SUPPORT", None, "05",
     None),
    (r"cooperat\w*|joint|partnership|trade|alliance", "COOPERATE", None, "06", None),
    (r"accus\w*|condemn\w*|criticiz\w*|criticis\w*|denounc\w*|blam\w*|investigat\w*|probe",
     "ACCUSE", None, "11", None),
    (r"reject\w*|refus\w*|den(y|ied|ies)|veto\w*|dismiss\w*", "REJECT", None, "12", None),
    (r"threat\w*|warn\w*|ultimatum", "THREATEN", None, "13", None),
    (r"demand\w*|urg(e|ed|es|ing)|call(ed|s)? for|call(ed|s)? on|appeal\w*|request\w*",
     "REQUEST", None, "10", None),
    (r"sanction\w*|embargo\w*|suspend\w*|sever\w*|convict\w*|sentenc\w*", "SANCTION", None,
     "16", None),
    (r"mobiliz\w*|mobilis\w*|deploy\w*|troops|reinforc\w*", "MOBILIZE", None, "15",
     "Change to group/activity"),
    (r"concede\w*|concession\w*|compromis\w*|eas(e|ed|ing)|lift(ed|s)?|pardon\w*|amnesty",
     "CONCEDE", None, "08", None),
]  # fmt: skip
ACLED_EVENT_TYPE = {
    "Suicide bomb": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Armed clash": "Battles",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Excessive force against protesters": "Protests",
    "Arrests": "Strategic developments",
    "Violent demonstration": "Riots",
    "Peaceful protest": "Protests",
    "Agreement": "Strategic developments",
    "Change to group/activity": "Strategic developments",
}


class Keyword(NamedTuple):
    pattern: re.Pattern[str]
    type: str
    mode: str | None
    cameo_root: str
    sub_type: str | None


COMPILED = [
    Keyword(re.compile(rf"\b(?:{words})\b", re.I), kind, mode, root, sub_type)
    for words, kind, mode, root, sub_type in KEYWORDS
]
POLICE = re.compile(r"\b(police\w*|policem[ae]n|cops?|constables?)\b", re.I)
KILLING = re.compile(r"\b(kill\w*|murder\w*|dead|died|massacre\w*)\b", re.I)
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def keyword_record(text: str) -> dict[str, Any]:
    """An output-contract record with one event per keyword row matched in each sentence."""
    entities: list[dict[str, Any]] = []
    evs: list[dict[str, Any]] = []
    for sentence in SENTENCE.finditer(text):
        found = [
            (m.start(), m.end(), keyword)
            for keyword in COMPILED
            if (m := keyword.pattern.search(sentence.group()))
        ]
        found.sort(key=lambda hit: (hit[0], hit[1]))
        cop = POLICE.search(sentence.group())
        actors = []
        if cop and found:
            start = sentence.start() + cop.start()
            entities.append(_police(len(entities), start, sentence.start() + cop.end()))
            actors = [entities[-1]["id"]]
        killed = {"value": 1, "qualifier": None} if KILLING.search(sentence.group()) else None
        for start, end, keyword in found:
            at, to = sentence.start() + start, sentence.start() + end
            evs.append(
                {
                    "id": f"k{len(evs)}",
                    "type": keyword.type,
                    "mode": keyword.mode,
                    "trigger": {"start": at, "end": to, "text": text[at:to]},
                    "sentence": {"start": sentence.start(), "end": sentence.end()},
                    "actors": actors,
                    "targets": [],
                    "status": "occurred",
                    "fatalities": killed if keyword.type == "ASSAULT" else None,
                    "cameo_root": keyword.cameo_root,
                    "acled_event_type": ACLED_EVENT_TYPE.get(keyword.sub_type or ""),
                    "acled_sub_event_type": keyword.sub_type,
                }
            )
    return {"document": {"text": text}, "entities": entities, "places": [], "events": evs}


def _police(n: int, start: int, end: int) -> dict[str, Any]:
    return {
        "id": f"p{n}",
        "name": "police",
        "type": "GROUP",
        "sector": "COP",
        "mentions": [{"start": start, "end": end}],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ",".join(SETS))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--report", action="store_true", help="print every set's whole report")
    args = parser.parse_args()
    for name in args.sets.split(","):
        module, folder = SETS[name.strip()]
        started = time.perf_counter()
        try:
            items = module.load(args.data / folder, argparse.Namespace(split="test"))
        except DataMissing as missing:
            print(f"keyword-{module.TASK}: skipped ({missing})")
            continue
        items = choose(items, args.limit, args.sample, args.seed, module.stratum)
        records = [keyword_record(a.text) for a in module.articles(items)]
        report = score_and_report(module, items, records)
        print(report if args.report else report.splitlines()[-1])
        print(f"  ({len(items)} items, {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
