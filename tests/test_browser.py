"""The web UI in a real browser: Playwright driving Debian's Chromium (installed by .ci/run).

Two scenarios.  As a caseworker and a legal reviewer would use it: paste a corpus
letter and see LIX, a missing-element finding and the rewrite; upload a .docx,
download the rewritten .docx and open it; send the analysis to review, record a
decision (a finding key with HTML in it stays text), restart the server and still
see the decision; Gradio's own texts are Danish; every file with letter text is
in the server's private folder (0700/0600), which is gone when it stops.  With
login: the login form in Danish, a refused login, a request over the time
budget gets a Danish message and the next one works.  Screenshots go to
``test-artifacts/browser/``.  Set REWRITER_SKIP_BROWSER=1 to skip on a machine
without Chromium (CI installs it and runs this test).
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("REWRITER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
LETTER = ROOT / "evaluation" / "corpus" / "dev" / "03_indkaldelse-trussel-foerst.txt"
MOVED = ROOT / "evaluation" / "corpus" / "dev" / "01_indkaldelse-jobsamtale-skovlund.txt"

pytestmark = pytest.mark.skipif(os.environ.get("REWRITER_SKIP_BROWSER") == "1", reason="REWRITER_SKIP_BROWSER=1")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, home: Path, *extra: str):
        self.db, self.home, self.extra = db, home, extra
        self.port = _free_port()
        self.proc: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.port}/"
        self.tmp = home / "tmp"  # the server's TMPDIR: its private folder goes here
        self.tmp.mkdir(exist_ok=True)

    def start(self) -> None:
        env = {**os.environ, "HOME": str(self.home), "GRADIO_ANALYTICS_ENABLED": "False", "TMPDIR": str(self.tmp)}
        env.pop("GRADIO_TEMP_DIR", None)
        self.log = open(self.home / f"server-{self.port}.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([sys.executable, "-m", "rewriter", "serve", "--port", str(self.port),
                                      "--db", str(self.db), *self.extra], cwd=self.home, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError((self.home / f"server-{self.port}.log").read_text())
            try:
                with urllib.request.urlopen(self.url, timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise AssertionError("the server did not start in 90 s")

    def workspace(self) -> Path:
        return next(self.tmp.glob("rewriter-web-*"))

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


def _assert_private(folder: Path) -> list[Path]:
    """Every folder 0700, every file 0600; the files."""
    files = []
    for dirpath, _dirs, names in os.walk(folder):
        assert stat.S_IMODE(os.stat(dirpath).st_mode) == 0o700, dirpath
        for name in names:
            path = Path(dirpath) / name
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
            files.append(path)
    return files


@pytest.fixture()
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run 'apt-get install -y chromium' "
                    "(.ci/run does), or set REWRITER_SKIP_BROWSER=1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _upload(page, elem: str, path: Path) -> None:
    with page.expect_file_chooser(timeout=30_000) as chooser:
        page.click(f"{elem} button.upload-container")
    chooser.value.set_files(str(path))
    page.wait_for_timeout(1500)


def _run_and_wait(page) -> None:
    page.click("#rw-run")
    page.wait_for_selector("#rw-summary", timeout=60_000)


@pytest.mark.slow
def test_caseworker_and_reviewer_in_a_real_browser(browser, tmp_path):
    from docxfactory import docx_from_letter_text

    from rewriter.io.reader import read_letter

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    db = tmp_path / "ui.sqlite"
    server = Server(db, tmp_path)
    server.start()
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
        page.goto(server.url)
        page.wait_for_selector("#rw-input textarea", timeout=60_000)

        # 0. Gradio's own texts are Danish
        upload_text = page.inner_text("#rw-upload")
        assert "Slip filen her" in upload_text and "Klik for at uploade" in upload_text
        assert "Drop File Here" not in upload_text and "Click to Upload" not in upload_text
        assert page.evaluate("document.documentElement.lang") == "da"
        labels = page.evaluate("[...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))")
        for english in ("Upload file", "Click to upload or drop files", "File upload", "Clear"):
            assert english not in labels, english

        # 1. paste a corpus letter: LIX, a missing-element finding and the rewrite
        page.fill("#rw-input textarea", LETTER.read_text(encoding="utf-8"))
        _run_and_wait(page)
        summary = page.inner_text("#rw-summary")
        assert "LIX" in summary and "44.2" in summary
        assert "Mangler:" in page.inner_text("#rw-summary-box")
        assert "IND004" in page.inner_text("#rw-findings-table")  # no afbud procedure: a missing element
        proposal = page.inner_text("#rw-proposal")
        # its warning pointed at "nedenstående samtale": moved below the summons, it points back (rewrite_heldout21)
        assert "ovenstående samtale" in proposal and "VIGTIGT" in proposal
        assert proposal.index("indkalder dig") < proposal.index("VIGTIGT")
        assert "bestået" in page.inner_text("#rw-guard")
        page.screenshot(path=str(ARTIFACTS / "01-tjek-indsat-tekst.png"), full_page=True)

        # 1b. a letter whose warning comes before its key message: the box, and the warning after the key message
        page.fill("#rw-input textarea", MOVED.read_text(encoding="utf-8"))
        _run_and_wait(page)
        deadline = time.monotonic() + 60  # wait until the page shows this letter's proposal
        while "Skovlund" not in page.inner_text("#rw-proposal") and time.monotonic() < deadline:
            time.sleep(0.5)
        proposal = page.inner_text("#rw-proposal")
        assert "Kort fortalt" in proposal
        assert proposal.index("Du indkaldes hermed") < proposal.index("Det bemærkes, at du efter § 13")
        assert "bestået" in page.inner_text("#rw-guard")
        page.fill("#rw-input textarea", LETTER.read_text(encoding="utf-8"))
        _run_and_wait(page)

        # 2. send it to the legal review queue
        page.click("#rw-save")
        page.wait_for_selector("#rw-saved", timeout=30_000)

        # 3. upload a .docx, download the rewritten .docx and open it
        docx = tmp_path / "indkaldelse.docx"
        docx.write_bytes(docx_from_letter_text(MOVED.read_text(encoding="utf-8")))
        page.fill("#rw-input textarea", "")
        _upload(page, "#rw-upload", docx)
        _run_and_wait(page)
        deadline = time.monotonic() + 60  # #rw-summary is there from step 1: wait for this run's download
        while True:
            with page.expect_download(timeout=30_000) as dl:
                page.click("#rw-dl-docx")
            if dl.value.suggested_filename == "indkaldelse-forslag.docx" or time.monotonic() > deadline:
                break
            page.wait_for_timeout(1000)
        assert dl.value.suggested_filename == "indkaldelse-forslag.docx"
        out = tmp_path / "hentet.docx"
        dl.value.save_as(out)
        rewritten = read_letter(out)
        assert "Kort fortalt" in rewritten.text
        assert rewritten.text.index("Du indkaldes hermed") < rewritten.text.index("Det bemærkes, at du efter § 13")
        page.screenshot(path=str(ARTIFACTS / "02-tjek-docx.png"), full_page=True)
        # the letter is at rest only in the private folder: reports, the .docx, the upload and Gradio's copies
        files = _assert_private(server.workspace())
        names = {f.name for f in files}
        assert "indkaldelse.docx" in names and "indkaldelse-forslag.docx" in names
        assert "indkaldelse-rapport.html" in names and "indsat-tekst-rapport.html" in names
        assert any(f.is_relative_to(server.workspace() / "gradio") for f in files)  # Gradio's cache is inside

        # 4. a bad upload gets a Danish message in the page, not a stack trace
        empty = tmp_path / "tomt.txt"
        empty.write_bytes(b"")
        page.click("#rw-upload button[aria-label='Ryd']")
        _upload(page, "#rw-upload", empty)
        page.click("#rw-run")
        page.wait_for_function("document.querySelector('#rw-error') && "
                               "document.querySelector('#rw-error').innerText.includes('Brevet er tomt')",
                               timeout=30_000)
        assert "Traceback" not in page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "03-tomt-brev.png"))
        pdf = tmp_path / "brev.pdf"
        pdf.write_bytes(b"%PDF-1.4 not a letter")
        page.click("#rw-upload button[aria-label='Ryd']")
        _upload(page, "#rw-upload", pdf)
        page.click("#rw-run")
        page.wait_for_function("document.querySelector('#rw-error') && "
                               "document.querySelector('#rw-error').innerText.includes('Filtypen')", timeout=30_000)

        # 5. the legal reviewer confirms a finding
        page.get_by_role("tab", name="Juridisk gennemgang").click()
        page.click("#rw-refresh")
        page.wait_for_function("document.querySelector('#rw-queue') && "
                               "document.querySelector('#rw-queue').innerText.includes('IND004')", timeout=30_000)
        from rewriter.web.reviews import queue

        key = next(r["key"] for r in queue(db) if r["code"] == "IND004")
        page.locator("#rw-queue").get_by_text("IND004", exact=True).first.click()  # selecting a row fills in its key
        page.wait_for_function(f"document.querySelector('#rw-key textarea, #rw-key input').value === '{key}'",
                               timeout=30_000)
        page.fill("#rw-reviewer textarea, #rw-reviewer input", "Jurist Jensen")
        page.fill("#rw-reason textarea", "Afbudsproceduren mangler; skabelonen skal rettes.")
        page.click("#rw-decide")
        page.wait_for_selector("#rw-decided", timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "04-gennemgang.png"), full_page=True)

        # 5b. HTML typed into the key field is shown as text, never run (and refused: no such finding, C314)
        evil = '<img src=x onerror="window.__xss=1">'
        page.fill("#rw-key textarea, #rw-key input", evil)
        page.click("#rw-decide")
        page.wait_for_function("document.querySelector('#rw-review-msg') && "
                               "document.querySelector('#rw-review-msg').innerText.includes('onerror') && "
                               "document.querySelector('#rw-review-msg').innerText.includes('findes ikke')",
                               timeout=30_000)
        assert page.evaluate("window.__xss") is None
        assert page.locator("#rw-review-msg img").count() == 0
        page.close()
    finally:
        server.stop()
    assert not list(server.tmp.glob("rewriter-web-*"))  # deleted when the server stopped

    # 6. after a restart the decision is still there
    server2 = Server(db, tmp_path)
    server2.start()
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        page.goto(server2.url)
        page.get_by_role("tab", name="Juridisk gennemgang").click()
        page.click("#rw-refresh")
        page.wait_for_function("document.querySelector('#rw-queue').innerText.includes('Jurist Jensen')",
                               timeout=30_000)
        text = page.inner_text("#rw-queue")
        assert "bekræftet" in text and "Afbudsproceduren mangler" in text
        page.screenshot(path=str(ARTIFACTS / "05-efter-genstart.png"), full_page=True)
        page.close()
    finally:
        server2.stop()
    shutil.copy(db, ARTIFACTS / "ui.sqlite") if os.environ.get("REWRITER_KEEP_DB") else None


@pytest.mark.slow
def test_login_time_budget_and_throttling_in_a_real_browser(browser, tmp_path):
    import httpx

    users = tmp_path / "brugere.txt"
    users.write_text("jurist:hemmelig-kode\n", encoding="utf-8")
    server = Server(tmp_path / "ui.sqlite", tmp_path, "--auth-file", str(users), "--request-timeout", "3")
    server.start()
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1400}, locale="de-DE")  # not Danish on purpose
        page.goto(server.url)
        page.wait_for_selector("input[type=password]", timeout=60_000)
        body = page.inner_text("body")
        assert "Log ind" in body and "brugernavn" in body and "adgangskode" in body and "Efter 5 forkerte" in body
        assert "Login" not in body and "username" not in body and "Anmelden" not in body
        page.fill("input[type=text]", "jurist")
        page.fill("input[type=password]", "forkert")
        page.keyboard.press("Enter")
        page.wait_for_function("document.body.innerText.includes('Forkert brugernavn eller adgangskode')",
                               timeout=30_000)
        page.fill("input[type=text]", "jurist")
        page.fill("input[type=password]", "hemmelig-kode")
        page.keyboard.press("Enter")
        page.wait_for_selector("#rw-input textarea", timeout=60_000)
        assert "Slip filen her" in page.inner_text("#rw-upload")  # a German browser gets Danish too

        # a paste that takes longer than the budget (3,000 paragraphs, each with a date, a time and a
        # place, take several seconds to check and rewrite): a Danish message, and the server is free again
        # (set in one go: typing 200 KB into the auto-growing text box takes the browser minutes)
        page.eval_on_selector("#rw-input textarea", "(el, text) => { el.value = text; "
                              "el.dispatchEvent(new Event('input', {bubbles: true})); }",
                              "Du skal møde den 7. december 2026 kl. 10.00 på Jobcentret, Torvet 1.\n\n" * 3000)
        t0 = time.monotonic()
        page.click("#rw-run")
        page.wait_for_function("document.querySelector('#rw-error') && "
                               "document.querySelector('#rw-error').innerText.includes('tog for lang tid')",
                               timeout=60_000)
        assert time.monotonic() - t0 < 30 and "C338" in page.inner_text("#rw-error")
        page.screenshot(path=str(ARTIFACTS / "06-tidsgraense.png"), full_page=True)
        page.wait_for_timeout(6000)  # the fresh worker starts
        page.fill("#rw-input textarea", "Kære Åse\n\nDu skal til møde hos os mandag den 7. december 2026 kl. 10.00.")
        page.click("#rw-run")
        page.wait_for_selector("#rw-summary", timeout=60_000)
        assert page.locator("#rw-error").count() == 0

        # too many wrong passwords from this address: the login form says so in Danish
        for i in range(20):
            httpx.post(server.url + "login", data={"username": "ukendt", "password": f"gæt{i}"})
        login = browser.new_page(locale="da-DK")
        login.goto(server.url)
        login.wait_for_selector("input[type=password]", timeout=60_000)
        login.fill("input[type=text]", "jurist")
        login.fill("input[type=password]", "hemmelig-kode")
        login.keyboard.press("Enter")
        login.wait_for_selector("#rw-login-locked", timeout=30_000)
        assert "For mange forkerte forsøg" in login.inner_text("#rw-login-locked")
        login.screenshot(path=str(ARTIFACTS / "07-for-mange-forsoeg.png"))
        page.close()
        login.close()
    finally:
        server.stop()
    assert not list(server.tmp.glob("rewriter-web-*"))
