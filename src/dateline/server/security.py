"""Two small ASGI layers every response goes through: a Host allowlist and security headers.

**Host allowlist (DNS rebinding).** A server bound to 127.0.0.1 is still reachable from a web
page on another site if that site's DNS name is re-pointed at 127.0.0.1 after the page loads:
the browser then sends the attacker's name as ``Host``. Refusing any Host not on the list
(default: the bound address and the local names) closes that door; ``--allow-host`` adds
names, ``*.example.org`` a domain, ``*`` turns the check off. Starlette's own
``TrustedHostMiddleware`` does the same check but answers in plain text, outside the API's
JSON error shape, so this one is a few lines of its own.

**Headers.** The page loads only its own script, style and data (no inline script, no inline
style attribute, no frames), so a strict Content-Security-Policy costs nothing and turns any
markup that slipped into the page into inert text. ``nosniff`` stops a browser from running a
JSON or CSV body as script; ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY`` (for
older browsers) stop click-jacking through a frame.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline.errors import Errors

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


def default_hosts(bind: str) -> list[str]:
    """The names a server bound to ``bind`` answers to unless told more: the local names and
    the bound address; bound to every interface, also this machine's own names."""
    hosts = list(LOCAL_HOSTS)
    if bind in WILDCARD_BINDS:
        hosts += [socket.gethostname(), socket.getfqdn()]
    else:
        hosts.append(bind)
    return sorted({h.lower().rstrip(".") for h in hosts if h})


def host_name(header: str | None) -> str | None:
    """The host part of a Host header (port removed, IPv6 brackets removed, lower case);
    None for an empty or malformed header."""
    if not header:
        return None
    value = header.strip().lower()
    if value.startswith("["):  # [v6]:port
        end = value.find("]")
        if end == -1:
            return None
        host, rest = value[1:end], value[end + 1 :]
        if rest and not (rest.startswith(":") and rest[1:].isdigit()):
            return None
        return host or None
    host, sep, port = value.rpartition(":") if value.count(":") == 1 else (value, "", "")
    if sep and not port.isdigit():
        return None
    host = host.rstrip(".")
    if not host or any(c in host for c in "/\\@ \t"):
        return None
    return host


class HostAllowlist:
    """Answer 400 (JSON) to any request whose Host is not on the list."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        patterns = [p.strip().lower().rstrip(".") for p in allowed if p.strip()]
        self.any = "*" in patterns
        self.exact = frozenset(p for p in patterns if not p.startswith("*."))
        self.suffixes = tuple(p[1:] for p in patterns if p.startswith("*."))
        self.shown = ", ".join(patterns) or "none"

    def allows(self, host: str | None) -> bool:
        if self.any:
            return True
        if host is None:
            return False
        return host in self.exact or (bool(self.suffixes) and host.endswith(self.suffixes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self.any:
            await self.app(scope, receive, send)
            return
        raw = next((v for k, v in scope.get("headers", ()) if k == b"host"), b"")
        host = host_name(raw.decode("latin-1"))
        if self.allows(host):
            await self.app(scope, receive, send)
            return
        shown = (host or raw.decode("latin-1"))[:100]
        body = json.dumps({"detail": Errors.D500.format(host=shown, allowed=self.shown)})
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    *SECURITY_HEADERS,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body.encode()})


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every HTTP response (kept if a route set its own)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
