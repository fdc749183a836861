"""Placeholder: boilerplate and publication date (the lead is writing the real one)."""

from __future__ import annotations

from dateline.model import Article


def prepare(article: Article) -> Article:
    return article
