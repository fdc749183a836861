"""Commitment monitoring, the rules: is a stored pledge kept, broken, expired or still open?

A commitment (party, what, quantity, deadline, condition) is checked against the events the
store holds that happened after it was made. This module is the pure part: what kind of
pledge it is, which events bear on it, and the status they give; ``monitor.py`` reads the
store, finds the candidate events through indexes and writes the results.

**Kinds** come from the pledge's action words (``commitment_kinds.csv``: "stop all attacks"
is a ceasefire, "withdraw its troops" a withdrawal, "hold talks" a meeting) and each kind has
its evidence (``commitment_evidence.csv``: a ceasefire is broken by an ASSAULT of a party, a
withdrawal met by a RETREAT with mode withdraw, a meeting by a CONSULT of a party on either
side). An extraction that names the kind (``commitments.kind``) is taken at its word.

**Parties** are the commitment's ``party`` (an entity, or a country named as a place); with
none ("both sides pledged"), the parties of its agreement event (``event``); with neither,
those of the nearest agreement (AGREE) event before it in the same article. An event's side
matches a party when (in this order):

1. both are linked to the same canonical actor (cross-article actor resolution);
2. their folded names are equal ("the army" / "army");
3. both are state bodies of the same country whose sectors fit (``commitment_sides.csv``:
   "the army" and "the armed forces" of one country, a government and its forces);
4. the party is a country and the side is that country or one of its state bodies.

**Places**: when the commitment's text names places, an event placed elsewhere is not
evidence (a ceasefire in one province is not broken by an attack in another); an unplaced
event is. **Time**: only events after the day the pledge was made count (its agreement's day,
else the publication day); an event whose date range straddles that day is only possible
evidence. "Today" is the latest publication day in the store, never the wall clock, so a
status depends only on the stored articles.

**Statuses**:

* act pledges: ``met`` by a meeting event (late when after the deadline: still met, with
  ``late_days``); ``expired`` once today is past the deadline with nothing reported;
  otherwise ``open``;
* abstain pledges: ``broken`` by a breaking event within the period (the deadline, when given,
  ends it); ``met`` (held) once today is past the end of the period with none; else ``open``;
* reduce pledges: events bearing on it make it ``unclear`` (a rate needs comparing, which
  this does not do); none until the deadline, ``met``;
* ``unclear`` also when the kind is not monitored, no party is known, only possible evidence
  exists, or a conditional pledge (a condition whose status the extraction did not give as
  met) would otherwise be broken or expired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from dateline import lexicons
from dateline.countries import fold
from dateline.store.resolve.features import name_key

STATUSES = ("open", "met", "broken", "expired", "unclear")
CONDITION_HOLDS = frozenset({"met", "holds", "held", "fulfilled", "true", "yes"})
CONDITION_FAILED = frozenset({"failed", "unmet", "not met", "false", "no", "broken"})
# How far before a pledge an event's earliest day may lie and still be looked at (an event
# known only to a month may have been after it): the widest date precision resolution keeps.
LOOKBACK_DAYS = 31


@dataclass(frozen=True)
class Kind:
    """One way of recognising a pledge kind (``commitment_kinds.csv``)."""

    kind: str
    obligation: str
    acts: tuple[str, ...]
    objects: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceRule:
    """Which events bear on a pledge kind, and how (``commitment_evidence.csv``)."""

    kind: str
    type: str
    effect: str
    roles: frozenset[str]
    modes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Side:
    """Sectors that make a party and an event's actor one side (``commitment_sides.csv``)."""

    party_sector: str
    evidence_sectors: frozenset[str]


@dataclass(frozen=True)
class AgreementType:
    """An event type (and modes) that is an agreement pledges belong to
    (``commitment_agreements.csv``)."""

    type: str
    modes: frozenset[str] = frozenset()


@cache
def agreement_types() -> tuple[AgreementType, ...]:
    return lexicons.table("commitment_agreements.csv", AgreementType)


@cache
def kinds() -> tuple[Kind, ...]:
    return lexicons.table("commitment_kinds.csv", Kind)


@cache
def evidence_rules() -> dict[str, tuple[EvidenceRule, ...]]:
    found: dict[str, list[EvidenceRule]] = {}
    for rule in lexicons.table("commitment_evidence.csv", EvidenceRule):
        found.setdefault(rule.kind, []).append(rule)
    return {k: tuple(v) for k, v in found.items()}


@cache
def obligations() -> dict[str, str]:
    return {k.kind: k.obligation for k in kinds()}


@cache
def sides() -> dict[str, frozenset[str]]:
    return {
        s.party_sector: s.evidence_sectors for s in lexicons.table("commitment_sides.csv", Side)
    }


# --------------------------------------------------------------------------- kinds
_WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    """Folded word tokens (hyphens split: "cease-fire" is "cease fire")."""
    return _WORD.findall(fold(text or ""))


@cache
def _forms(word: str) -> frozenset[str]:
    """A lexicon word with its regular inflections (stop: stops, stopped, stopping)."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    if len(word) > 2 and word[-1] not in "aeiouwy" and word[-2] in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return frozenset(forms)


def _phrases(entries: tuple[str, ...]) -> list[list[str]]:
    return [words(entry) for entry in entries if words(entry)]


def _positions(tokens: list[str], phrases: list[list[str]]) -> list[int]:
    """Token positions where one of ``phrases`` starts (its last word may be inflected)."""
    found = []
    for i in range(len(tokens)):
        for phrase in phrases:
            n = len(phrase)
            if i + n > len(tokens):
                continue
            if tokens[i : i + n - 1] == phrase[:-1] and tokens[i + n - 1] in _forms(phrase[-1]):
                found.append(i)
                break
    return found


def classify(text: str, what: str | None = None, given: str | None = None) -> Kind | None:
    """The pledge kind of a commitment: ``given`` when the extraction named a known kind,
    else the kind whose act comes first in the text (with an object after it when the kind
    needs one); the ``what`` lemmas count as acts placed before the text."""
    if given:
        for k in kinds():
            if k.kind == given:
                return k
    tokens = words(what or "") + words(text)
    best: tuple[int, int, Kind] | None = None
    for order, k in enumerate(kinds()):
        objects = _phrases(k.objects)
        for at in _positions(tokens, _phrases(k.acts)):
            if objects and not _positions(tokens[at + 1 :], objects):
                continue
            if best is None or (at, order) < best[:2]:
                best = (at, order, k)
            break
    return best[2] if best else None


# --------------------------------------------------------------------------- parties
@dataclass(frozen=True)
class Party:
    """One side bound by a pledge, or one side of an event."""

    name: str
    key: str  # folded name
    entity_id: int | None = None
    actor_id: int | None = None
    country: str | None = None
    sector: str | None = None
    is_country: bool = False  # a country named as the party ("Sudan pledged ...")

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "actor_id": self.actor_id,
            "country": self.country,
            "sector": self.sector,
        }


def party_match(party: Party, side: Party) -> str | None:
    """The rule by which an event's ``side`` is ``party`` (see the module docstring), or
    None."""
    if party.actor_id is not None and party.actor_id == side.actor_id:
        return "same_actor"
    if (
        party.key
        and party.key == side.key
        and not party.is_country
        and not (party.country and side.country and party.country != side.country)
        and not (party.actor_id and side.actor_id)  # resolution kept two actors apart
    ):
        return "same_name"
    if party.is_country:
        if side.is_country and side.country == party.country:
            return "same_country"
        if side.country == party.country and side.sector in sides().get("GOV", frozenset()):
            return "state_of_country"
        return None
    if party.country and party.country == side.country and party.sector:
        if side.sector in sides().get(party.sector, frozenset()):
            return "same_side"
    return None


def party_keys(party: Party) -> set[str]:
    """Index keys under which a pledge watches for events by ``party``: every key an event's
    side matching it by :func:`party_match` also has (see :func:`side_keys`)."""
    keys = set()
    if party.actor_id is not None:
        keys.add(f"actor:{party.actor_id}")
    if party.is_country:
        if party.country:
            keys.add(f"country:{party.country}")
            keys |= {f"side:{party.country}|{s}" for s in sides().get("GOV", ())}
        return keys
    if party.key:
        keys.add(f"name:{party.key}")
    if party.country and party.sector:
        keys |= {f"side:{party.country}|{s}" for s in sides().get(party.sector, ())}
    return keys


def side_keys(side: Party) -> set[str]:
    """The index keys of one side of an event (what :func:`party_keys` looks for); the name
    key is given even for a country side, so the keys are a superset of the matches."""
    keys = set()
    if side.actor_id is not None:
        keys.add(f"actor:{side.actor_id}")
    if side.is_country and side.country:
        keys.add(f"country:{side.country}")
    if side.key:
        keys.add(f"name:{side.key}")
    if side.country and side.sector:
        keys.add(f"side:{side.country}|{side.sector}")
    return keys


def place_keys(places: list[Place]) -> set[str]:
    """Keys under which a pledge naming places watches for unattributed events there (what
    :func:`event_place_keys` gives an event that :func:`place_fits` lets in)."""
    keys = set()
    for p in places:
        if p.feature == "country":
            keys.add(f"in:{p.country}")
            continue
        keys.add(f"place:{p.key}")
        if p.country:
            keys.add(f"only:{p.country}")  # an event placed only to that country
    return keys


def event_place_keys(location: str | None, admin1: str | None, country: str | None) -> set[str]:
    """The place keys of one event mention (see :func:`place_keys`)."""
    keys = {f"place:{name_key(n)}" for n in (location, admin1) if n}
    if country:
        keys.add(f"in:{country}")
        if not location:
            keys.add(f"only:{country}")
    return keys


def watch_keys(pledge: Pledge, rule: EvidenceRule) -> set[str]:
    """Every key under which an event of ``rule``'s type may bear on ``pledge``: its
    parties' keys, and its places' keys when an unattributed event can count (see
    :func:`findings`)."""
    keys = set().union(*(party_keys(p) for p in pledge.parties)) if pledge.parties else set()
    if pledge.places and rule.effect != "meets":
        keys |= place_keys(pledge.places)
    return keys


# --------------------------------------------------------------------------- evidence
@dataclass(frozen=True)
class Place:
    name: str
    key: str
    country: str | None
    admin1: str | None
    feature: str | None


@dataclass
class Candidate:
    """One stored event mention that may bear on a pledge."""

    event_id: int
    article_id: int
    local_id: str
    type: str
    mode: str | None
    status: str
    lo: date
    hi: date
    location: str | None
    country: str | None
    admin1: str | None
    sides: dict[str, list[Party]]  # role ("actor" | "target") → its participants
    key: str = ""  # order-free identity (article hash : local id), for sorting


@dataclass
class Pledge:
    """One stored commitment as the rules see it."""

    commitment_id: int
    text: str
    kind: Kind | None
    made_on: date | None
    deadline: date | None
    parties: list[Party]
    places: list[Place]
    condition: str | None = None
    condition_status: str | None = None

    @property
    def obligation(self) -> str | None:
        return self.kind.obligation if self.kind else None

    @property
    def conditional(self) -> bool:
        return bool(self.condition) and (self.condition_status or "").lower() not in (
            CONDITION_HOLDS
        )

    @property
    def period_end(self) -> date | None:
        """The last day an event can break an abstain pledge (its deadline), or None."""
        return self.deadline if self.obligation in ("abstain", "reduce") else None


@dataclass
class Finding:
    """An event that bears on a pledge."""

    candidate: Candidate
    effect: str  # meets | breaks | bears
    certain: bool  # False: its dates straddle the day the pledge was made
    party: str | None  # the party it is by (None: unattributed, placed where the pledge is)
    rule: str  # how the party was matched

    @property
    def day(self) -> date:
        return self.candidate.lo


def place_fits(places: list[Place], c: Candidate) -> bool:
    """True unless the pledge names places and the event is placed outside all of them."""
    if not places or not (c.location or c.country):
        return True
    for p in places:
        if p.feature == "country":
            if c.country and c.country == p.country:
                return True
            continue
        if c.location and name_key(c.location) == p.key:
            return True
        if c.admin1 and name_key(c.admin1) == p.key:
            return True
        if not c.location and c.country and c.country == p.country:
            return True  # placed only to the country the named place is in
    return False


def _in_time(pledge: Pledge, c: Candidate) -> bool | None:
    """True: certainly after the pledge (and within its period); None: possibly; False: no."""
    if pledge.made_on is None or c.hi <= pledge.made_on:
        return False
    end = pledge.period_end
    if end is not None and c.lo > end:
        return False
    if c.lo <= pledge.made_on or (end is not None and c.hi > end):
        return None
    return True


def findings(pledge: Pledge, candidates: list[Candidate]) -> list[Finding]:
    """The candidates that bear on ``pledge``, with their effect and the party each is by."""
    if pledge.kind is None:
        return []
    rules = evidence_rules().get(pledge.kind.kind, ())
    found = []
    for c in candidates:
        if c.status != "occurred":
            continue
        rule = next(
            (
                r
                for r in rules
                if r.type == c.type and (not r.modes or not c.mode or c.mode in r.modes)
            ),
            None,
        )
        if rule is None or not place_fits(pledge.places, c):
            continue
        timing = _in_time(pledge, c)
        if timing is False:
            continue
        by, how = _by_party(pledge, c, rule)
        if by is None and how != "unattributed":
            continue
        certain = timing is True and by is not None
        found.append(Finding(c, rule.effect, certain, by, how))
    found.sort(key=lambda f: (f.day.isoformat(), f.candidate.key, f.candidate.event_id))
    return found


def _by_party(pledge: Pledge, c: Candidate, rule: EvidenceRule) -> tuple[str | None, str]:
    """(the party the event is by, the rule), or (None, "unattributed") for an event with no
    side in the rule's roles that is placed where the pledge is (a possible breach by
    someone unknown), or (None, "") when it is someone else's."""
    seen_any = False
    for role in sorted(rule.roles):
        for side in c.sides.get(role, []):
            seen_any = True
            for party in pledge.parties:
                how = party_match(party, side)
                if how:
                    return party.name, how
    if not seen_any and pledge.places and (c.location or c.country) and rule.effect != "meets":
        return None, "unattributed"
    return None, ""


# --------------------------------------------------------------------------- statuses
@dataclass
class Assessment:
    status: str
    changed_on: date | None
    why: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def assess(pledge: Pledge, found: list[Finding], today: date | None) -> Assessment:
    """The status of ``pledge`` given the events that bear on it and the store's today."""
    status, on, why = _status(pledge, found, today)
    history = [{"status": "open", "on": _iso(pledge.made_on)}]
    if status != "open":
        history.append({"status": status, "on": _iso(on)})
    return Assessment(status, on or pledge.made_on, why, history)


def _status(
    pledge: Pledge, found: list[Finding], today: date | None
) -> tuple[str, date | None, dict[str, Any]]:
    kind = pledge.kind
    if kind is None:
        return "unclear", None, {"rule": "kind_not_monitored"}
    if not pledge.parties:
        return "unclear", None, {"rule": "no_party", "kind": kind.kind}
    if pledge.made_on is None:
        return "unclear", None, {"rule": "undated", "kind": kind.kind}
    base: dict[str, Any] = {"kind": kind.kind}
    passed = pledge.deadline is not None and today is not None and today > pledge.deadline
    failed = (pledge.condition_status or "").lower() in CONDITION_FAILED
    certain = [f for f in found if f.certain]
    meets = [f for f in certain if f.effect == "meets"]
    breaks = [f for f in certain if f.effect == "breaks"]
    bears = [f for f in found if f.effect == "bears" or not f.certain]
    if kind.obligation == "act" and meets:
        first = meets[0]
        why = {**base, "rule": "met_by_event", "by": sorted({f.party for f in meets if f.party})}
        if pledge.deadline and first.day > pledge.deadline:
            why["late_days"] = (first.day - pledge.deadline).days
        return "met", first.day, why
    if failed:
        return "unclear", None, {**base, "rule": "condition_failed"}
    if breaks:
        by = sorted({f.party for f in breaks if f.party})
        if pledge.conditional:
            return "unclear", breaks[0].day, {**base, "rule": "conditional_breach", "by": by}
        return "broken", breaks[0].day, {**base, "rule": "broken_by_event", "by": by}
    if bears:
        rule = "bearing_events" if kind.obligation == "reduce" else "possible_evidence"
        return "unclear", bears[0].day, {**base, "rule": rule}
    if passed:
        if kind.obligation in ("abstain", "reduce"):
            return "met", pledge.deadline, {**base, "rule": "held_through_period"}
        if pledge.conditional:
            return "unclear", pledge.deadline, {**base, "rule": "conditional_deadline_passed"}
        return "expired", pledge.deadline, {**base, "rule": "deadline_passed_unreported"}
    return "open", None, {**base, "rule": "nothing_yet"}
