"""dateline: sourced event data from news articles.

``extract(text)`` reads one article and returns a :class:`Document` whose ``to_dict()`` is the
output contract: entities, places, times, quotes, events and commitments, each pointing back to
the characters of the sentence it came from.

Errors: every problem with the input or the run raises :class:`ExtractionError` (from the error
catalogue, ``dateline.errors``), whose ``failure`` names the stage and gives the reason.
"""

from __future__ import annotations

from datetime import date

import dateline.factories  # noqa: F401  (registers every pipeline factory with spaCy)
from dateline.document import Document
from dateline.errors import ExtractionError, ItemFailure
from dateline.model import Article

__all__ = ["Article", "Document", "ExtractionError", "extract", "extract_article"]
__version__ = "0.1.0"


def extract_article(article: Article) -> Document:
    """Run the whole pipeline over an article already read (metadata kept), through the one
    runner; raises :class:`ExtractionError` when a layer fails or the time budget runs out."""
    from dateline.runner import extract_one

    return extract_one(article)


def extract(
    text: str,
    published: date | str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Document:
    """Extract everything from one article's text.

    ``published`` (a date or a date string such as ``YYYY-MM-DD``) anchors relative dates;
    without it the date is decided from the text (header or trailer stamp, dateline, the text
    itself) and left empty when nothing supports one. The arguments pass the same schema as
    every other input (``dateline.read.article_from_record``); a wrong type or an impossible
    date raises :class:`ExtractionError` naming the field.
    """
    from dateline.read import InputError, article_from_record

    fields = {"text": text, "published": published, "url": url, "title": title}
    try:
        article = article_from_record(
            {k: v for k, v in fields.items() if v is not None}, "<text>", strict=True
        )
    except InputError as exc:
        raise ExtractionError(ItemFailure("<text>", str(exc), "read")) from None
    return extract_article(article)
