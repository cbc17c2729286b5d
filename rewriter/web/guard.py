"""Login throttling and the Gradio routes that must not answer without login.

* :class:`LoginLimiter`: after ``limit`` failed logins within ``window``
  seconds, further attempts for that key are refused for ``lockout`` seconds
  without looking at the password.  Keys: the user name (in the auth function,
  5 failures) and the client's address (in :class:`Guard`, 20 failures, so an
  office behind one address is not locked out by one person).
* :class:`Guard`: ASGI middleware for Gradio's FastAPI app.  ``POST /login``
  from a locked-out address gets ``429`` with a Danish message (``C347``);
  with login on, Gradio's own routes that have no login check (``reset``,
  ``cancel``, ``heartbeat``, ``stream``, the run history, ...) get ``401``
  without a valid session, like every other route.  It also puts ``inject``
  (:data:`rewriter.web.gradio_da.HEAD_SCRIPT`) into every HTML page, the login
  page included, and makes the page ``lang="da"``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict

log = logging.getLogger("rewriter.web")

LOCKED_CODE = "C347"
# Gradio routes that need no session: what the login page itself uses before anyone is logged in, and the
# start-up call Gradio's launch() makes to itself
OPEN_API = ("/gradio_api/login_check", "/gradio_api/user", "/gradio_api/token", "/gradio_api/app_id",
            "/gradio_api/theme.css", "/gradio_api/startup-events")


class LoginLimiter:
    def __init__(self, limit: int = 5, window: float = 300.0, lockout: float = 300.0, max_keys: int = 10_000,
                 clock=time.monotonic):
        self.limit, self.window, self.lockout, self.max_keys = limit, window, lockout, max_keys
        self.clock = clock
        self._fails: OrderedDict[str, list[float]] = OrderedDict()
        self._locked: dict[str, float] = {}
        self._lock = threading.Lock()

    def blocked(self, key: str) -> float:
        """Seconds until ``key`` may try again (0: it may)."""
        with self._lock:
            until = self._locked.get(key)
            if until is None:
                return 0.0
            left = until - self.clock()
            if left <= 0:
                del self._locked[key]
                self._fails.pop(key, None)
                return 0.0
            return left

    def failed(self, key: str) -> None:
        now = self.clock()
        with self._lock:
            times = [t for t in self._fails.pop(key, []) if now - t < self.window] + [now]
            self._fails[key] = times
            while len(self._fails) > self.max_keys:
                self._fails.popitem(last=False)
            if len(times) >= self.limit:
                self._locked[key] = now + self.lockout
                log.warning("login locked for %s after %d failed attempts", key, len(times))

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)


def locked_message(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return (f"For mange forkerte forsøg på at logge ind. Prøv igen om {minutes} "
            f"minut{'ter' if minutes != 1 else ''}. ({LOCKED_CODE})")


class Guard:
    """ASGI middleware; ``users`` is None when the server runs without login."""

    def __init__(self, app, limiter: LoginLimiter | None = None, login: bool = False, inject: str = ""):
        self.app = app
        self.limiter = limiter or LoginLimiter(limit=20)
        self.login = login
        self.inject = inject.encode("utf-8")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "").rstrip("/") or "/"
        if scope.get("method") == "POST" and path == "/login" and self.login:
            return await self._login(scope, receive, send)
        if self.login and path.startswith("/gradio_api/") and path not in OPEN_API and not _logged_in(scope):
            return await _json(send, 401, {"detail": "Log ind først."})
        if self.inject and scope.get("method") == "GET" and not path.startswith("/gradio_api/"):
            return await self._html(scope, receive, send)
        return await self.app(scope, receive, send)

    async def _html(self, scope, receive, send):
        """Pass everything through, except an HTML page: that one gets ``inject`` before ``</head>``."""
        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message):
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                if message["status"] == 200 and headers.get(b"content-type", b"").startswith(b"text/html") \
                        and b"content-encoding" not in headers:
                    start.update(message)
                    return
                await send(message)
            elif message["type"] == "http.response.body" and start:
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    await self._send_page(send, start, b"".join(chunks))
            else:
                await send(message)

        await self.app(scope, receive, capture)

    async def _send_page(self, send, start: dict, body: bytes) -> None:
        head = body.find(b"</head>")
        if head != -1:
            body = body[:head] + self.inject + body[head:]
            body = body.replace(b'lang="en"', b'lang="da"', 1)
        headers = [(k, v) for k, v in start.get("headers") or [] if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _login(self, scope, receive, send):
        key = "adresse " + ((scope.get("client") or ("?",))[0])
        left = self.limiter.blocked(key)
        if left:
            return await _json(send, 429, {"detail": locked_message(left)})
        status = {}

        async def watch(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if status.get("code") == 200:
            self.limiter.succeeded(key)
        elif status.get("code") in (400, 401, 403):
            self.limiter.failed(key)


def _logged_in(scope) -> bool:
    from starlette.requests import Request

    app = scope.get("app")
    if app is None or getattr(app, "auth", None) is None:
        return True  # no login configured on this app
    cookies = Request(scope).cookies
    cid = getattr(app, "cookie_id", "")
    token = cookies.get(f"access-token-{cid}") or cookies.get(f"access-token-unsecure-{cid}")
    return token is not None and token in getattr(app, "tokens", {})


async def _json(send, status: int, body: dict) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


def auth_function(check, limiter: LoginLimiter | None = None):
    """Gradio's ``auth=``: ``check(user, password)``, refused without looking at the password while the user is
    locked out (5 failures in 5 minutes lock a user name for 5 minutes)."""
    limiter = limiter or LoginLimiter(limit=5)

    def auth(user: str, password: str) -> bool:
        key = "bruger " + user
        if limiter.blocked(key):
            return False
        if check(user, password):
            limiter.succeeded(key)
            return True
        limiter.failed(key)
        return False

    auth.limiter = limiter  # type: ignore[attr-defined]
    return auth
