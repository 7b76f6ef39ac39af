"""Security headers and a request-body limit for every response of the app (docs/api.md#security).

A plain ASGI middleware (no per-route code): the Content-Security-Policy forbids inline scripts,
inline styles, plug-ins, framing and loads from anywhere but the app itself, so that even text an
article smuggles into a page could not run; a request body over ``max_body`` bytes gets 413
before the app reads it.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable

__all__ = ["SecurityMiddleware", "CSP", "DOCS_CSP", "MAX_BODY"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# the offline Swagger UI sets style attributes on its elements: styles only are relaxed, on /docs only
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
MAX_BODY = 2 * 1024 * 1024

_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"), (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"), (b"permissions-policy", b"geolocation=(), camera=(), microphone=()")]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class _TooLarge(Exception):
    pass


class SecurityMiddleware:
    def __init__(self, app: Callable[..., Awaitable[None]], max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        csp = (DOCS_CSP if path == "/docs" or path.startswith("/docs/") else CSP).encode()

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in {b"content-security-policy", *(h for h, _ in _HEADERS)}]
                headers += [(b"content-security-policy", csp), *_HEADERS]
                message = {**message, "headers": headers}
            await send(message)

        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await _too_large(send_with_headers, self.max_body)
            return
        seen = 0
        started = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send_with_headers(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _too_large(send_with_headers, self.max_body)


async def _too_large(send: Send, limit: int) -> None:
    body = b'{"detail":"request body over %d bytes"}' % limit
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
