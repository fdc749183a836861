"""dateline: sourced event data from news articles.

``extract(text)`` reads one article and returns a :class:`Document` whose ``to_dict()`` is the
output contract: entities, places, times, quotes, events and commitments, each pointing back to
the characters of the sentence it came from.
"""

from __future__ import annotations

from datetime import date

import dateline.factories  # noqa: F401  (registers every pipeline factory with spaCy)
from dateline.document import Document
from dateline.model import Article

__all__ = ["Article", "Document", "extract", "extract_article"]
__version__ = "0.1.0"


def extract_article(article: Article) -> Document:
    """Run the whole pipeline over an article already read (metadata kept)."""
    from dateline.clean import prepare
    from dateline.pipeline import process

    return Document.from_doc(process(prepare(article)))


def extract(
    text: str,
    published: date | str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Document:
    """Extract everything from one article's text.

    ``published`` (a date or ``YYYY-MM-DD``) anchors relative dates; without it the date is
    taken from the dateline or inferred from the text, and left empty when nothing supports one.
    """
    if isinstance(published, str):
        published = date.fromisoformat(published)
    article = Article(
        text=text,
        url=url,
        title=title,
        published=published,
        published_basis="metadata" if published else "none",
    )
    return extract_article(article)
