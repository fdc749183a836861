"""The event tests' one way to read a sentence's events: the contract records and a name for
every entity and place id, so assertions read as names."""

from __future__ import annotations

from dateline import extract

PUBLISHED = "2021-05-05"  # a Wednesday


def events(text: str, published: str = PUBLISHED) -> tuple[list[dict], dict[str, str]]:
    out = extract(text, published=published).to_dict()
    names = {e["id"]: e["name"] for e in out["entities"]}
    names.update({p["id"]: p["name"] for p in out["places"]})
    return out["events"], names
