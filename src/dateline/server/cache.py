"""Encoded read responses, cached per store version, and how they go out (gzip, ETag, 304).

Every read route's answer is a function of the request and the store's contents, so its
encoded body can be kept until the store changes: the key is (route, validated parameters),
the entry remembers the store version it was computed at, and a request at another version
recomputes it. The version is cheap to read on every request (SQLite's ``PRAGMA
data_version``, see ``data.Reader.version``), which is what the old freshness check was not:
it ran four ``COUNT(*)`` queries, about 80 ms, before every summary.

* **Least recently used**, bounded in bytes: the unfiltered summary, requested by every page
  load, stays; a first-in-first-out cache evicted it after 64 other filters, and the 100k
  store then spent 4 s rebuilding it.
* **One computation per key**: requests that miss on the same key while it is being
  computed wait for that one result instead of each recomputing it.
* **Compressed once**: the gzip body is made on the first request that accepts gzip and kept
  with the entry (level 6: a 200-event page of 190 kB becomes 17 kB, in ~2 ms, once).
* **ETag** from the body's hash, so a browser revalidating gets ``304 Not Modified``.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 8 * 1024 * 1024  # larger bodies are sent but not kept
GZIP_MIN_BYTES = 1024  # below this, compressing costs more than it saves
GZIP_LEVEL = 6


@dataclass
class Encoded:
    """One response body, its media type, and (made on demand) its gzip form and ETag."""

    body: bytes
    media_type: str = "application/json"
    _gzip: bytes | None = field(default=None, repr=False)
    _etag: str | None = field(default=None, repr=False)

    @property
    def gzipped(self) -> bytes:
        if self._gzip is None:
            self._gzip = gzip.compress(self.body, GZIP_LEVEL, mtime=0)
        return self._gzip

    @property
    def etag(self) -> str:
        if self._etag is None:
            self._etag = '"' + hashlib.blake2b(self.body, digest_size=12).hexdigest() + '"'
        return self._etag

    def prepare(self) -> Encoded:
        """Make the gzip body and the ETag now (a cached entry is then never changed)."""
        if len(self.body) >= GZIP_MIN_BYTES:
            _ = self.gzipped
        _ = self.etag
        return self

    def size(self) -> int:
        return len(self.body) + (len(self._gzip) if self._gzip else 0)

    def response(self, request: Request, headers: dict[str, str] | None = None) -> Response:
        """The body for this request: 304 when the client has it, gzip when it takes it."""
        common = {"etag": self.etag, "vary": "Accept-Encoding", **(headers or {})}
        if self.etag in _if_none_match(request):
            return Response(status_code=304, headers=common)
        if len(self.body) >= GZIP_MIN_BYTES and _accepts_gzip(request):
            return Response(
                self.gzipped,
                media_type=self.media_type,
                headers={**common, "content-encoding": "gzip"},
            )
        return Response(self.body, media_type=self.media_type, headers=common)


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _if_none_match(request: Request) -> set[str]:
    header = request.headers.get("if-none-match", "")
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


class _Flight:
    """A computation in progress that other requests for the same key wait on."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.result: Encoded | None = None
        self.error: BaseException | None = None


class ResponseCache:
    """Thread-safe, byte-bounded LRU of :class:`Encoded` bodies keyed by (key, version)."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[Hashable, Encoded]] = OrderedDict()
        self._flights: dict[tuple[Hashable, Hashable], _Flight] = {}
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def peek(self, key: Hashable, version: Hashable | None) -> Encoded | None:
        """The entry for ``key`` at ``version`` if it is there, without waiting or computing
        (what the event loop may call: a hit then never leaves it for a thread)."""
        if version is None:
            return None
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] != version:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[1]

    def get(
        self, key: Hashable, version: Hashable | None, compute: Callable[[], Encoded]
    ) -> Encoded:
        """The entry for ``key`` at ``version``, computing it (once) when missing or stale.
        ``version`` None means the store cannot say whether it changed: always compute."""
        if version is None or self.max_bytes <= 0:
            return compute()
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] == version:
                self._entries.move_to_end(key)
                self.hits += 1
                return found[1]
            flight = self._flights.get((key, version))
            leader = flight is None
            if leader:
                flight = self._flights[(key, version)] = _Flight()
                self.misses += 1
        assert flight is not None
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            assert flight.result is not None
            return flight.result
        try:
            result = compute()
            result.prepare()  # outside the lock, and so the entry's size is final
            flight.result = result
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            with self._lock:
                self._flights.pop((key, version), None)
                if flight.result is not None:
                    self._store(key, version, flight.result)
            flight.done.set()
        return flight.result

    def _store(self, key: Hashable, version: Hashable, entry: Encoded) -> None:
        if len(entry.body) > MAX_ENTRY_BYTES:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= old[1].size()
        self._entries[key] = (version, entry)
        self._bytes += entry.size()
        while self._bytes > self.max_bytes and self._entries:
            _, (_, evicted) = self._entries.popitem(last=False)
            self._bytes -= evicted.size()
