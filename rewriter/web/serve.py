"""``rewriter serve``: start the web UI, safely by default.

* Binds to 127.0.0.1 unless told otherwise; any other address requires
  ``--auth-file`` (refused otherwise, with a Danish message and exit code 2).
* Never creates a public share link; analytics off; no fonts or scripts from
  the internet (system fonts); server-side rendering off.
* Upload limit (``--max-upload-mb``, default 10) enforced by Gradio and again
  by the handlers, which also check the file type.

The auth file has one ``brugernavn:adgangskode`` per line (``#`` comments); a
password may be given as ``sha256:<hex>`` instead of in clear text.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from rewriter.errors import UsageError

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


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
          max_upload_mb: int = 10, downloads: str | None = None, model: str | None = None) -> None:
    users = plan(host, auth_file)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    from rewriter.web.app import WebConfig, build_app, default_downloads

    downloads = downloads or default_downloads()
    db = db or str(Path.cwd() / "rewriter-audit.sqlite")
    model = model or os.environ.get("REWRITER_MODEL") or None
    if model:  # fail at start, with a coded message, rather than at the first letter
        from rewriter.llm import GenerationSettings, TransformersBackend
        from rewriter.web.app import _BACKENDS

        _BACKENDS[model] = TransformersBackend.load(model, GenerationSettings())
    config = WebConfig(db=db, downloads=downloads, max_upload_bytes=max_upload_mb * 1024 * 1024, model=model)
    from rewriter.audit.store import Store

    Store.open(db).close()  # a bad --db fails here, with a coded message, before the server starts
    app = build_app(config)
    auth = (lambda u, p: check_password(users, u, p)) if users else None
    theme = gr.themes.Default(font=["system-ui", "Segoe UI", "Arial", "sans-serif"],
                              font_mono=["ui-monospace", "Consolas", "monospace"])
    print(f"rewriter kører på http://{host}:{port}  (database: {db})", flush=True)
    app.queue(default_concurrency_limit=2).launch(
        server_name=host, server_port=port, share=False, auth=auth, max_file_size=f"{max_upload_mb}mb",
        allowed_paths=[downloads], show_error=False, quiet=True, ssr_mode=False, theme=theme,
        footer_links=[], inbrowser=False)
