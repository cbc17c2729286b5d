"""The web UI's private folder: every file that holds letter text (reports, rewritten .docx, Gradio's uploads and
its cache of downloads) lives here, and nowhere else.

* created with ``mkdtemp`` (mode 0700) in the system's temporary folder (``TMPDIR``); the server runs with
  umask 077, so every file in it is 0600 and every folder 0700;
* Gradio is pointed at ``<folder>/gradio`` through ``GRADIO_TEMP_DIR`` (set before Gradio is imported), so
  uploads and the copies Gradio makes of downloads land here too, not in ``/tmp/gradio``;
* a file older than the retention time (``rewriter serve --retention-minutes``, default 60) is deleted by a
  sweeper thread, checked every ``min(retention / 4, 5 minutes)``;
* the whole folder is deleted when the server stops (Ctrl-C, SIGTERM, normal exit), and a folder left behind by
  a server that was killed (``kill -9``, power cut) is deleted by the next ``rewriter serve`` on the same
  machine (a ``pid`` file says whose folder it is).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

log = logging.getLogger("rewriter.web")

PREFIX = "rewriter-web-"
DEFAULT_RETENTION_S = 3600.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


class Workspace:
    def __init__(self, retention_s: float = DEFAULT_RETENTION_S, parent: str | os.PathLike | None = None):
        self.retention_s = float(retention_s)
        self.parent = Path(parent) if parent else Path(tempfile.gettempdir())
        self.removed_stale = remove_stale(self.parent)
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self.parent))  # 0700
        os.chmod(self.root, 0o700)
        self.downloads = self._mkdir("downloads")
        self.gradio = self._mkdir("gradio")
        pid = self.root / "pid"
        pid.write_text(str(os.getpid()), encoding="ascii")
        os.chmod(pid, 0o600)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _mkdir(self, name: str) -> Path:
        d = self.root / name
        d.mkdir(mode=0o700)
        os.chmod(d, 0o700)
        return d

    def sweep(self, now: float | None = None) -> int:
        """Delete files older than the retention time (and the folders they leave empty); the number deleted."""
        now = time.time() if now is None else now
        removed = 0
        for base in (self.downloads, self.gradio):
            for dirpath, dirnames, filenames in os.walk(base, topdown=False):
                for name in filenames:
                    path = Path(dirpath) / name
                    try:
                        if now - path.lstat().st_mtime > self.retention_s:
                            path.unlink()
                            removed += 1
                    except FileNotFoundError:
                        continue
                if Path(dirpath) != base:
                    try:
                        os.rmdir(dirpath)  # only when empty
                    except OSError:
                        pass
        return removed

    def start_sweeper(self, interval_s: float | None = None) -> None:
        interval = interval_s or max(1.0, min(self.retention_s / 4, 300.0))

        def loop() -> None:
            while not self._stop.wait(interval):
                try:
                    n = self.sweep()
                    if n:
                        log.info("deleted %d files older than %.0f s", n, self.retention_s)
                except Exception:  # noqa: BLE001 - the sweeper must never die
                    log.exception("sweeping the web UI's private folder failed")

        self._thread = threading.Thread(target=loop, name="rewriter-sweeper", daemon=True)
        self._thread.start()

    def cleanup(self) -> None:
        """Delete the whole folder (idempotent)."""
        self._stop.set()
        shutil.rmtree(self.root, ignore_errors=True)


def remove_stale(parent: Path) -> int:
    """Delete private folders of servers that are no longer running (their ``pid`` file names a dead process)."""
    removed = 0
    for d in parent.glob(PREFIX + "*"):
        try:
            if not d.is_dir() or d.stat().st_uid != os.getuid():
                continue
            pid = int((d / "pid").read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(d, ignore_errors=True)
            removed += 1
    return removed
