"""The web UI under pressure (issue 17): escaping, letter text at rest, login throttling, bounded diffs, time budget."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from rewriter.errors import RewriterError, UsageError
from rewriter.web import render
from rewriter.web.textdiff import NOTE, diff_texts

LETTER = CORPUS / "03_indkaldelse-trussel-foerst.txt"
XSS = '<img src=x onerror="window.__xss=1">'


def _handler(app, name: str):
    return next(f.fn for f in app.fns.values() if f.name == name)


# --- (a) everything the page shows is escaped ------------------------------------------------------------------

@pytest.mark.slow
def test_a_typed_finding_key_is_escaped_in_the_page(tmp_path):
    from rewriter.web.app import WebConfig, build_app

    app = build_app(WebConfig(str(tmp_path / "db.sqlite"), str(tmp_path / "dl")))
    decide = _handler(app, "on_decide")
    _rows, message = decide(XSS, "bekræftet", "ok", "Jurist <b>Jensen</b>", False)
    assert "<img" not in message and "&lt;img src=x onerror=" in message
    _rows, message = decide(XSS, "afvist", "", "Jurist Jensen", False)  # an error message: escaped too
    assert "<img" not in message and 'id="rw-error"' in message and "C337" in message
    assert "<img" not in _handler(app, "on_save")(None)


def test_no_manual_escaping_left_in_the_html_code():
    for rel in ("rewriter/web/render.py", "rewriter/web/app.py", "rewriter/audit/report.py", "rewriter/audit/charts.py"):
        src = (ROOT / rel).read_text(encoding="utf-8")
        assert "escape(" not in src and "from html import" not in src and "import html" not in src, rel
        assert not re.search(r"""f['"]<(p|div|td|tr|table|span|svg|rect|text|section|li)\b""", src), rel


# --- (d) the side-by-side diff is bounded ----------------------------------------------------------------------

def _joined(side):
    return "".join(text for _, text in side)


def test_diff_rebuilds_both_texts_and_marks_only_changes():
    from rewriter.rewrite import propose

    for path in sorted(CORPUS.glob("*.txt"))[:12]:
        p = propose(path.read_text(encoding="utf-8"))
        d = diff_texts(p.report.letter.text, p.text)
        assert _joined(d.left) == p.report.letter.text and _joined(d.right) == p.text, path.name
        assert {k for k, _ in d.left} <= {"equal", "del"} and {k for k, _ in d.right} <= {"equal", "ins"}
        assert not d.fell_back


def test_an_edited_paragraph_shows_word_edits_and_a_moved_one_is_deleted_and_inserted():
    a = "Kære Åse\n\nDe skal møde mandag kl. 10.00 i jobcentret.\n\nHvis De udebliver, trækker vi i hjælpen.\n"
    b = "Kære Åse\n\nHvis du udebliver, trækker vi i hjælpen.\n\nDu skal møde mandag kl. 10.00 i jobcentret.\n"
    d = diff_texts(a, b)  # both paragraphs edited (De -> du), and swapped: each is compared with its partner
    assert [t for k, t in d.left if k == "del"] == ["De", "De"]
    assert [t for k, t in d.right if k == "ins"] == ["du", "Du"]
    moved = diff_texts("A a a.\n\nB b b.\n\nC c c.\n", "B b b.\n\nA a a.\n\nC c c.\n")  # only moved
    assert [t for k, t in moved.left if k == "del"] == ["B b b."]
    assert [t for k, t in moved.right if k == "ins"] == ["B b b."]


def test_pathological_pastes_are_fast_and_fall_back_with_a_danish_note():
    braces = "{{" * 10240  # 20 KB of "{{": word diff would compare 20,480 x 20,480 tokens
    t0 = time.perf_counter()
    d = diff_texts(braces, braces[:-2] + "}}")
    assert time.perf_counter() - t0 < 2.0
    assert d.fell_back and d.note == NOTE and "ord for ord" in NOTE
    assert _joined(d.left) == braces and ("del", braces) in d.left
    paste = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:19])[:31 * 1024]
    assert paste.count("samtale") > 20
    swapped = paste.replace("samtale", "møde")
    t0 = time.perf_counter()
    d = diff_texts(paste, swapped)
    assert time.perf_counter() - t0 < 3.0 and _joined(d.right) == swapped
    assert not d.fell_back and ("del", "samtale") in d.left and ("ins", "møde") in d.right
    assert sum(1 for k, t in d.right if k == "ins") == swapped.count("møde") - paste.count("møde")


def test_diff_html_shows_the_note_when_it_falls_back():
    from rewriter.rewrite import propose

    p = propose(LETTER.read_text(encoding="utf-8"))
    assert "rw-diff-note" not in render.diff_html(p)
    d = diff_texts(p.report.letter.text, p.text, word_cap=1)
    html = render.diff_html(p, d)
    assert 'id="rw-diff-note"' in html and "ord for ord" in html and "<del>" in html and "<ins>" in html


# --- (b) letter text at rest: the private workspace ------------------------------------------------------------

def test_workspace_is_private_swept_after_the_retention_time_and_deleted(tmp_path):
    from rewriter.web.workspace import Workspace

    old = os.umask(0o077)
    try:
        ws = Workspace(retention_s=60, parent=tmp_path)
        report = ws.downloads / "abc" / "brev-rapport.html"
        report.parent.mkdir()
        report.write_text("Kære Åse", encoding="utf-8")
        cached = ws.gradio / "f00" / "brev.docx"
        cached.parent.mkdir()
        cached.write_bytes(b"PK")
    finally:
        os.umask(old)
    assert stat.S_IMODE(ws.root.stat().st_mode) == 0o700
    for p in (ws.downloads, ws.gradio, report.parent):
        assert stat.S_IMODE(p.stat().st_mode) == 0o700, p
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert ws.sweep() == 0 and report.exists()
    hour_ago = time.time() - 3600
    os.utime(report, (hour_ago, hour_ago))
    assert ws.sweep() == 1 and not report.exists() and not report.parent.exists() and cached.exists()
    ws.cleanup()
    assert not ws.root.exists()


def test_a_workspace_left_by_a_killed_server_is_removed_by_the_next(tmp_path):
    from rewriter.web.workspace import PREFIX, Workspace

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    stale = tmp_path / f"{PREFIX}gammel"
    (stale / "downloads").mkdir(parents=True)
    (stale / "downloads" / "brev.txt").write_text("Kære Åse", encoding="utf-8")
    (stale / "pid").write_text(dead.stdout.strip(), encoding="ascii")
    alive = tmp_path / f"{PREFIX}levende"
    alive.mkdir()
    (alive / "pid").write_text(str(os.getpid()), encoding="ascii")
    ws = Workspace(parent=tmp_path)
    assert ws.removed_stale == 1 and not stale.exists() and alive.exists()
    ws.cleanup()


# --- (e) a time budget per request ----------------------------------------------------------------------------

@pytest.mark.slow
def test_job_pool_stops_a_slow_job_and_stays_usable(tmp_path):
    from rewriter.web.app import WebConfig, analyse
    from rewriter.web.jobs import JobPool

    pool = JobPool(size=1, timeout=60)
    try:
        res = pool.run(analyse, LETTER.read_text(encoding="utf-8"), None, "auto", "standard", "default",
                       WebConfig(str(tmp_path / "db.sqlite"), str(tmp_path / "dl")))
        assert "<ins>" in res["diff"] and Path(res["docx"]).exists()
        t0 = time.perf_counter()
        with pytest.raises(RewriterError) as e:
            pool.run(time.sleep, 30, timeout=1.5)
        assert time.perf_counter() - t0 < 10
        assert e.value.code == "C338" and "tog for lang tid" in e.value.message and pool.replaced == 1
        with pytest.raises(RewriterError) as e:  # the worker's own coded error comes back with its code
            pool.run(analyse, "", None, "auto", "standard", "default",
                     WebConfig(str(tmp_path / "db.sqlite"), str(tmp_path / "dl")))
        assert e.value.code == "C332"
        assert pool.run(len, "brev") == 4  # the fresh worker answers
    finally:
        pool.close()


# --- (c) login throttling and Gradio's unguarded routes --------------------------------------------------------

def test_login_limiter_locks_and_unlocks():
    from rewriter.web.guard import LoginLimiter, auth_function

    now = [1000.0]
    limiter = LoginLimiter(limit=5, window=300, lockout=300, clock=lambda: now[0])
    auth = auth_function(lambda user, password: (user, password) == ("jurist", "hemmelig-kode"), limiter)
    assert auth("jurist", "hemmelig-kode")
    for i in range(5):
        assert not auth("jurist", f"gæt{i}")
    assert not auth("jurist", "hemmelig-kode")  # locked: not even the right password is looked at
    assert limiter.blocked("bruger jurist") == pytest.approx(300)
    now[0] += 301
    assert auth("jurist", "hemmelig-kode")
    for i in range(4):  # failures spread over more than the window do not add up
        now[0] += 100
        assert not auth("jurist", f"gæt{i}")
    assert not limiter.blocked("bruger jurist")


def _guarded_app(login: bool):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import HTMLResponse, JSONResponse
    from starlette.routing import Route

    from rewriter.web.guard import Guard, LoginLimiter

    async def do_login(request):
        form = await request.form()
        if form.get("password") == "hemmelig-kode":
            request.app.tokens["tok"] = form.get("username")
            response = JSONResponse({"success": True})
            response.set_cookie(f"access-token-{request.app.cookie_id}", "tok")
            return response
        return JSONResponse({"detail": "Incorrect credentials."}, status_code=400)

    async def reset(request):
        return JSONResponse({"success": True})

    async def index(request):
        return HTMLResponse('<!doctype html><html lang="en"><head><title>x</title></head><body>app</body></html>')

    app = Starlette(routes=[Route("/login", do_login, methods=["POST"]), Route("/gradio_api/reset", reset, methods=["POST"]),
                            Route("/gradio_api/cancel", reset, methods=["POST"]), Route("/", index)],
                    middleware=[Middleware(Guard, limiter=LoginLimiter(limit=20), login=login, inject="<script>X</script>")])
    app.auth, app.tokens, app.cookie_id = (object() if login else None), {}, "c1"
    return app


@pytest.mark.slow
def test_guard_throttles_logins_and_requires_a_session_for_reset_and_cancel():
    from starlette.testclient import TestClient

    client = TestClient(_guarded_app(login=True))
    assert client.post("/gradio_api/reset", json={}).status_code == 401
    assert client.post("/gradio_api/cancel", json={}).status_code == 401
    codes = [client.post("/login", data={"username": "jurist", "password": f"gæt{i}"}).status_code for i in range(300)]
    assert codes.count(400) == 20 and codes.count(429) == 280
    locked = client.post("/login", data={"username": "jurist", "password": "hemmelig-kode"})
    assert locked.status_code == 429 and "C347" in locked.json()["detail"] and "For mange" in locked.json()["detail"]
    fresh = TestClient(_guarded_app(login=True))
    assert fresh.post("/login", data={"username": "jurist", "password": "hemmelig-kode"}).status_code == 200
    assert fresh.post("/gradio_api/reset", json={}).status_code == 200  # with a session
    page = fresh.get("/")
    assert '<html lang="da">' in page.text and "<script>X</script></head>" in page.text
    assert int(page.headers["content-length"]) == len(page.content)
    local = TestClient(_guarded_app(login=False))  # no login configured: nothing to guard
    assert local.post("/gradio_api/reset", json={}).status_code == 200


@pytest.mark.slow
def test_served_ui_with_login_throttles_guards_and_cleans_up(tmp_path):
    import httpx

    from test_browser import _free_port

    users = tmp_path / "brugere.txt"
    users.write_text("jurist:hemmelig-kode\n", encoding="utf-8")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    port = _free_port()
    env = {**os.environ, "TMPDIR": str(tmp), "GRADIO_ANALYTICS_ENABLED": "False"}
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "rewriter", "serve", "--port", str(port), "--db",
                                 str(tmp_path / "ui.sqlite"), "--auth-file", str(users)], cwd=tmp_path, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not start in 90 s"
            time.sleep(0.5)
        workspace = next(tmp.glob("rewriter-web-*"))
        assert stat.S_IMODE(workspace.stat().st_mode) == 0o700 and (workspace / "gradio").is_dir()
        page = httpx.get(base + "/").text
        assert '<html\n\tlang="da"' in page or 'lang="da"' in page
        assert "Slip filen her" not in page  # the texts come with the config, after login
        body = {"session_hash": "x", "fn_index": 0, "event_id": "y"}
        assert httpx.post(base + "/gradio_api/reset", json=body).status_code == 401
        assert httpx.post(base + "/gradio_api/cancel", json=body).status_code == 401
        with httpx.Client(base_url=base) as c:
            assert c.post("/login", data={"username": "jurist", "password": "hemmelig-kode"}).status_code == 200
            assert c.post("/gradio_api/reset", json=body).status_code == 200
            config = c.get("/config").json()
            assert config["i18n_translations"]["en"]["upload_text.drop_file"] == "Slip filen her"
        t0 = time.perf_counter()
        codes = [httpx.post(base + "/login", data={"username": "jurist", "password": f"gæt{i}"}).status_code
                 for i in range(300)]
        assert codes.count(429) >= 280 and codes.count(200) == 0, codes[:30]
        assert time.perf_counter() - t0 < 60
    finally:
        proc.terminate()
        proc.wait(30)
    text = log.read_text()
    assert "rewriter er stoppet; de midlertidige filer er slettet." in text and "Traceback" not in text
    assert not list(tmp.glob("rewriter-web-*"))  # nothing left behind
    assert "login locked for bruger jurist" in text
