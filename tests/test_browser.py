"""The web UI in a real browser: Playwright driving Debian's Chromium (installed by .ci/run).

One scenario, as a caseworker and a legal reviewer would use it: paste a corpus
letter and see LIX, a missing-element finding and the rewrite; upload a .docx,
download the rewritten .docx and open it; send the analysis to review, record a
decision, restart the server and still see the decision.  Screenshots go to
``test-artifacts/browser/``.  Set REWRITER_SKIP_BROWSER=1 to skip on a machine
without Chromium (CI installs it and runs this test).
"""

from __future__ import annotations

import os
import shutil
import socket
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

pytestmark = pytest.mark.skipif(os.environ.get("REWRITER_SKIP_BROWSER") == "1", reason="REWRITER_SKIP_BROWSER=1")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, home: Path):
        self.db, self.home = db, home
        self.port = _free_port()
        self.proc: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        env = {**os.environ, "HOME": str(self.home), "GRADIO_ANALYTICS_ENABLED": "False"}
        self.log = open(self.home / f"server-{self.port}.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([sys.executable, "-m", "rewriter", "serve", "--port", str(self.port),
                                      "--db", str(self.db)], cwd=self.home, env=env, stdout=self.log,
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

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


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

        # 1. paste a corpus letter: LIX, a missing-element finding and the rewrite
        page.fill("#rw-input textarea", LETTER.read_text(encoding="utf-8"))
        _run_and_wait(page)
        summary = page.inner_text("#rw-summary")
        assert "LIX" in summary and "44.2" in summary
        assert "Mangler:" in page.inner_text("#rw-summary-box")
        assert "IND004" in page.inner_text("#rw-findings-table")  # no afbud procedure: a missing element
        proposal = page.inner_text("#rw-proposal")
        assert "Kort fortalt" in proposal
        assert proposal.index("indkalder dig") < proposal.index("VIGTIGT")  # the threat moved after the key message
        assert "bestået" in page.inner_text("#rw-guard")
        page.screenshot(path=str(ARTIFACTS / "01-tjek-indsat-tekst.png"), full_page=True)

        # 2. send it to the legal review queue
        page.click("#rw-save")
        page.wait_for_selector("#rw-saved", timeout=30_000)

        # 3. upload a .docx, download the rewritten .docx and open it
        docx = tmp_path / "indkaldelse.docx"
        docx.write_bytes(docx_from_letter_text(LETTER.read_text(encoding="utf-8")))
        page.fill("#rw-input textarea", "")
        _upload(page, "#rw-upload", docx)
        _run_and_wait(page)
        with page.expect_download(timeout=30_000) as dl:
            page.click("#rw-dl-docx")
        out = tmp_path / "hentet.docx"
        dl.value.save_as(out)
        rewritten = read_letter(out)
        assert "Kort fortalt" in rewritten.text
        assert rewritten.text.index("indkalder dig") < rewritten.text.index("VIGTIGT")
        page.screenshot(path=str(ARTIFACTS / "02-tjek-docx.png"), full_page=True)

        # 4. a bad upload gets a Danish message in the page, not a stack trace
        empty = tmp_path / "tomt.txt"
        empty.write_bytes(b"")
        page.click("#rw-upload button[aria-label='Clear']")
        _upload(page, "#rw-upload", empty)
        page.click("#rw-run")
        page.wait_for_function("document.querySelector('#rw-error') && "
                               "document.querySelector('#rw-error').innerText.includes('Brevet er tomt')",
                               timeout=30_000)
        assert "Traceback" not in page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "03-tomt-brev.png"))
        pdf = tmp_path / "brev.pdf"
        pdf.write_bytes(b"%PDF-1.4 not a letter")
        page.click("#rw-upload button[aria-label='Clear']")
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
        page.close()
    finally:
        server.stop()

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
