"""``rewriter serve``: start the web UI, safely by default.

* Binds to 127.0.0.1 unless told otherwise; any other address requires
  ``--auth-file`` (refused otherwise, with a Danish message and exit code 2).
* Never creates a public share link; analytics off; no fonts or scripts from
  the internet (system fonts); server-side rendering off.
* Upload limit (``--max-upload-mb``, default 10) enforced by Gradio and again
  by the handlers, which also check the file type.
* Letter text at rest: everything the UI writes (reports, .docx, Gradio's
  uploads and cache) is in a private folder (0700, files 0600, umask 077),
  deleted after ``--retention-minutes`` (default 60) and when the server stops
  (:mod:`.workspace`).  Gradio's run history (kept in the browser) and its
  monitoring page are off.
* A time budget per request (``--request-timeout``, default 60 s): checks run
  in worker processes that are stopped when they run over (:mod:`.jobs`).
* With login: 5 wrong passwords lock a user name for 5 minutes, 20 lock a
  client address (HTTP 429, ``C347``); Gradio's routes without their own login
  check answer 401 without a session (:mod:`.guard`).
* Gradio's own widget texts are Danish (:mod:`.gradio_da`).

The auth file has one ``brugernavn:adgangskode`` per line (``#`` comments); a
password may be given as ``sha256:<hex>`` instead of in clear text.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import os
import signal
from pathlib import Path

from rewriter.errors import UsageError

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOGIN_MESSAGE = ("<p>Log ind med dit brugernavn og din adgangskode. Efter 5 forkerte forsøg skal du vente "
                 "5 minutter.</p>")


def load_auth(path: str | os.PathLike) -> dict[str, str]:
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"Adgangsfilen kan ikke læses ({exc.strerror}).", where=str(path), code="C340",
                         hint="Tjek stien til --auth-file.") from None
    users: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user.strip() or not password:
            raise UsageError("Linjen skal have formen brugernavn:adgangskode.", where=f"{path}:{n}", code="C341",
                             hint="Skriv fx 'jurist:et-langt-kodeord' eller 'jurist:sha256:<hex>'.")
        users[user.strip()] = password
    if not users:
        raise UsageError("Adgangsfilen har ingen brugere.", where=str(path), code="C342",
                         hint="Tilføj mindst én linje brugernavn:adgangskode.")
    return users


def check_password(users: dict[str, str], user: str, password: str) -> bool:
    stored = users.get(user)
    if stored is None:
        return False
    if stored.startswith("sha256:"):
        given = "sha256:" + hashlib.sha256(password.encode("utf-8")).hexdigest()
        return hmac.compare_digest(given, stored)
    return hmac.compare_digest(password.encode("utf-8"), stored.encode("utf-8"))


def plan(host: str, auth_file: str | None) -> dict[str, str] | None:
    """The users to require, or None for a local, open server; refuse an open non-local server."""
    if auth_file:
        return load_auth(auth_file)
    if host not in LOCAL_HOSTS:
        raise UsageError(f"Serveren må ikke lytte på {host} uden login.", code="C343",
                         hint="Angiv --auth-file med brugere, eller brug --host 127.0.0.1.")
    return None


def serve(host: str = "127.0.0.1", port: int = 7860, auth_file: str | None = None, db: str | None = None,
          max_upload_mb: int = 10, downloads: str | None = None, model: str | None = None,
          retention_s: float = 3600.0, request_timeout: float = 60.0, workers: int = 2) -> None:
    users = plan(host, auth_file)
    from rewriter.web.workspace import Workspace

    db = db or str(Path.cwd() / "rewriter-audit.sqlite")
    model = model or os.environ.get("REWRITER_MODEL") or None
    if model:  # fail at start, with a coded message, rather than at the first letter
        from rewriter.llm import GenerationSettings, TransformersBackend
        from rewriter.web.app import _BACKENDS

        _BACKENDS[model] = TransformersBackend.load(model, GenerationSettings())
    from rewriter.audit.store import Store

    Store.open(db).close()  # a bad --db fails here, with a coded message, before the server starts
    os.umask(0o077)  # from here on every file and folder this process creates is private (the store exists already)
    workspace = Workspace(retention_s)
    atexit.register(workspace.cleanup)
    os.environ["GRADIO_TEMP_DIR"] = str(workspace.gradio)  # before Gradio is imported: uploads and its cache
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    pool = None
    try:
        import gradio as gr
        from starlette.middleware import Middleware

        from rewriter.web import gradio_da
        from rewriter.web.app import WebConfig, build_app
        from rewriter.web.guard import Guard, LoginLimiter, auth_function
        from rewriter.web.jobs import JobPool

        config = WebConfig(db=db, downloads=downloads or str(workspace.downloads),
                           max_upload_bytes=max_upload_mb * 1024 * 1024, model=model)
        pool = JobPool(size=workers, timeout=request_timeout)
        app = build_app(config, pool=pool)
        auth = auth_function(lambda user, password: check_password(users, user, password)) if users else None
        theme = gr.themes.Default(font=["system-ui", "Segoe UI", "Arial", "sans-serif"],
                                  font_mono=["ui-monospace", "Consolas", "monospace"])
        workspace.start_sweeper()
        _stop_on_sigterm()
        print(f"rewriter kører på http://{host}:{port}  (database: {db}; midlertidige filer: {workspace.root}, "
              f"slettes efter {retention_s / 60:.0f} min og ved stop)", flush=True)
        try:
            app.queue(default_concurrency_limit=workers).launch(
                server_name=host, server_port=port, share=False, auth=auth, max_file_size=f"{max_upload_mb}mb",
                allowed_paths=[config.downloads], show_error=False, quiet=True, ssr_mode=False, theme=theme,
                footer_links=[], inbrowser=False, enable_monitoring=False, run_history=False,
                i18n=gradio_da.i18n(), auth_message=LOGIN_MESSAGE if users else None,
                app_kwargs={"middleware": [Middleware(Guard, limiter=LoginLimiter(limit=20), login=bool(users),
                                                      inject=gradio_da.HEAD_SCRIPT)]})
        except OSError as exc:  # the port is taken, or the address is not this machine's
            raise UsageError(f"Serveren kan ikke starte på {host}:{port} ({exc}).", code="C348",
                             hint="Vælg en anden port med --port, eller stop det program, der bruger porten.") from None
        print("rewriter er stoppet; de midlertidige filer er slettet.", flush=True)
    finally:
        if pool is not None:
            pool.close()
        workspace.cleanup()


def _stop_on_sigterm() -> None:
    """SIGTERM (and SIGHUP) stop the server like Ctrl-C does, so the private folder is deleted."""
    def stop(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, stop)
