"""A throwaway PostgreSQL cluster for the store's tests (Debian's ``postgresql`` package).

``python tests/pgcluster.py start`` initialises a cluster in a new temporary folder, starts it on a
Unix socket only (no TCP port: nothing else on the machine can reach it) and prints shell
``export`` lines: ``REWRITER_TEST_PG_DSN`` (a ``postgresql://`` URL) and ``REWRITER_TEST_PG_DIR``.
``python tests/pgcluster.py stop DIR`` stops it and removes the folder.  As root the server runs as
the ``postgres`` user (PostgreSQL refuses to run as root); otherwise as the current user.

The tests (``tests/pgfixture.py``) use ``REWRITER_TEST_PG_DSN`` when it is set, else start a cluster
of their own with :func:`start` when the binaries are installed, else skip, unless
``REWRITER_TEST_PG_REQUIRED=1`` (set by ``.ci/run``), where a missing PostgreSQL fails them.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def pg_bin() -> Path | None:
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(Path(d).parent.name.split(".")[0]))
    for d in reversed(dirs):
        if (Path(d) / "initdb").exists() and (Path(d) / "pg_ctl").exists():
            return Path(d)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and (Path(found).parent / "initdb").exists() else None


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def start() -> tuple[str, str]:
    """Start a cluster; returns (URL, folder).  Raises RuntimeError with the reason when it cannot."""
    bindir = pg_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed (no initdb/pg_ctl; apt-get install postgresql)")
    top = Path(tempfile.mkdtemp(prefix="rewriter-pg-"))
    if os.geteuid() == 0:
        shutil.chown(top, "postgres", "postgres")
    data = top / "data"
    env = {**os.environ, "LC_ALL": "C"}
    try:
        subprocess.run(_as_owner([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                  "-E", "UTF8", "--locale=C", "--no-sync"]),
                       check=True, capture_output=True, env=env, timeout=120)
        opts = f"-c listen_addresses='' -k {top} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(top / "log"),
                                  "-w", "-t", "60", "start"]), check=True, capture_output=True, env=env, timeout=90)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        log = (top / "log").read_text(errors="replace")[-2000:] if (top / "log").exists() else ""
        err = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(top, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc}; {err.decode(errors='replace')[-1000:]} {log}") from None
    return f"postgresql://postgres@/postgres?host={top}", str(top)


def stop(top: str) -> None:
    bindir = pg_bin()
    data = Path(top) / "data"
    if bindir and data.exists():
        subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True, timeout=60)
    shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["start"]:
        try:
            url, folder = start()
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            raise SystemExit(1) from None
        print(f"export REWRITER_TEST_PG_DSN='{url}'")
        print(f"export REWRITER_TEST_PG_DIR='{folder}'")
    elif sys.argv[1:2] == ["stop"] and len(sys.argv) == 3:
        stop(sys.argv[2])
    else:
        print("usage: pgcluster.py start | stop DIR", file=sys.stderr)
        raise SystemExit(2)
