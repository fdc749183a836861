"""The article/event store: SQLite by default, PostgreSQL for ``postgresql://`` URLs.

``open_store(db)`` connects and migrates; ``ingest`` adds articles atomically and idempotently;
``resolve`` recomputes canonical actors and events; ``query`` is the read API the CLI and the
HTTP server share; ``export`` writes dateline, ACLED-style and PLOVER-style tables.
"""

from __future__ import annotations

from dateline.store.db import DEFAULT_DB, Store
from dateline.store.schema import open_store

__all__ = ["DEFAULT_DB", "Store", "open_store"]
