"""The page's static files, held in memory, compressed once, served with an ETag.

They are a handful of small files inside the package (the page, its script and style, the
world basemap: 140 kB together), so reading them once at start-up and keeping their gzip
form costs nothing and spares a disk read and a compression per request (the 108 kB
basemap took ~3 ms to gzip on every request through ``StaticFiles`` and the gzip
middleware). Only the files found at start-up can be named, so no path a client sends can
reach anything else (no traversal to guard against).
"""

from __future__ import annotations

import mimetypes
from importlib import resources
from importlib.resources.abc import Traversable

from starlette.requests import Request
from starlette.responses import Response

from dateline.server.cache import Encoded

STATIC_DIR = resources.files("dateline.server") / "static"
# Revalidate on every use (the ETag makes that a 304): a new release's page is seen at once.
CACHE_CONTROL = "no-cache"
_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
}


def _media_type(name: str) -> str:
    suffix = name[name.rfind(".") :] if "." in name else ""
    return _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


class StaticAssets:
    """Every file under ``static/`` by its relative name, as an :class:`Encoded` body."""

    def __init__(self, root: Traversable = STATIC_DIR) -> None:
        self.files: dict[str, Encoded] = {}
        self._load(root, "")

    def _load(self, folder: Traversable, prefix: str) -> None:
        for item in folder.iterdir():
            name = prefix + item.name
            if item.is_dir():
                self._load(item, name + "/")
            elif item.is_file():
                self.files[name] = Encoded(item.read_bytes(), _media_type(name)).prepare()

    def response(self, name: str, request: Request) -> Response | None:
        """The file's response, or None when there is no such file."""
        found = self.files.get(name)
        if found is None:
            return None
        return found.response(request, {"cache-control": CACHE_CONTROL})
