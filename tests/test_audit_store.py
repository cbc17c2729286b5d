"""The audit store: unchanged files are skipped, a killed or interrupted audit resumes, reviews are kept.

The tests that take the ``db`` fixture run twice: on a SQLite file and on a real PostgreSQL
(:mod:`pgfixture`; required in CI)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from auditkit import by_path, canonical, make_folder
from conftest import ROOT
from pgfixture import db, pg_server, pg_url  # noqa: F401 - fixtures

from rewriter.audit.runner import run_audit
from rewriter.audit.store import SCHEMA_VERSION, Store


def test_store_is_wal_and_versioned(tmp_path):
    with Store.open(tmp_path / "s.sqlite") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"runs", "files", "results", "findings", "run_files", "branch_gaps", "reviews"} <= tables
    conn = sqlite3.connect(tmp_path / "s.sqlite")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    from rewriter.errors import UsageError

    with pytest.raises(UsageError) as exc:
        Store.open(tmp_path / "s.sqlite")
    assert exc.value.code == "C312"


@pytest.mark.slow
def test_rerun_skips_unchanged_files_and_rechecks_changed_ones(tmp_path, db):
    root = make_folder(tmp_path / "r", n_txt=5, n_docx=2)
    first = run_audit(root, db)
    assert first.checked == 7 and first.unchanged == 0
    second = run_audit(root, db)
    assert second.checked == 0 and second.unchanged == 7 and second.run_id != first.run_id
    assert canonical(db, first.run_id) == canonical(db, second.run_id)
    edited = root / "team0" / "brev_000.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMed venlig hilsen\nJobcentret\n", encoding="utf-8")
    (root / "team1" / "ny.txt").write_text((root / "team1" / "brev_001.txt").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    (root / "team2" / "brev_002.txt").unlink()
    third = run_audit(root, db)
    assert third.checked == 2 and third.unchanged == 5 and third.files == 7
    with Store.open(db) as store:  # a copy of a template shares its content-addressed result
        rows = {r["path"]: r for r in store.run_results(third.run_id)}
        assert rows["team1/ny.txt"]["result_id"] == rows["team1/brev_001.txt"]["result_id"]
        assert rows["team0/brev_000.txt"]["sha256"] != by_path(db, first.run_id)["team0/brev_000.txt"]["sha256"]
    recheck = run_audit(root, db, recheck=True)
    assert recheck.checked == 7 and recheck.unchanged == 0


def test_a_rules_change_invalidates_the_cache(tmp_path, db):
    root = make_folder(tmp_path / "r", n_txt=2, n_docx=0)
    run_audit(root, db)
    from rewriter.audit.worker import AuditOptions

    other = run_audit(root, db, AuditOptions(profile="tillid-foerst"))
    assert other.checked == 2 and other.unchanged == 0


@pytest.mark.slow
def test_interrupted_audit_resumes_with_the_same_results(tmp_path, monkeypatch, db):
    root = make_folder(tmp_path / "r", n_txt=12, n_docx=4)
    clean_db = tmp_path / "clean.sqlite"
    run_audit(root, clean_db)
    from rewriter.audit import worker

    real = worker.check_file
    calls = []

    def interrupt_after_ten(*a, **kw):
        if len(calls) == 10:
            raise KeyboardInterrupt
        calls.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(worker, "check_file", interrupt_after_ten)
    with pytest.raises(KeyboardInterrupt):  # in this process, so that Ctrl-C lands in the middle of the run
        run_audit(root, db, commit_every=3, batch_size=2, engine="inline")
    with Store.open(db) as store:
        run = store.runs()[-1]
        assert run["status"] == "interrupted" and 0 < run["files"] < 16
        done_before = run["files"]
    monkeypatch.setattr(worker, "check_file", real)
    resumed = run_audit(root, db)
    assert resumed.resumed and resumed.run_id == run["id"]
    assert resumed.unchanged == done_before and resumed.checked == 16 - done_before
    assert canonical(db) == canonical(clean_db)
    with Store.open(db) as store:
        assert [r["status"] for r in store.runs()] == ["finished"]


_SLOW_AUDIT = textwrap.dedent("""
    import sys, time
    import rewriter.audit.worker as worker
    real = worker.check_file
    def slow(*a, **kw):
        time.sleep(0.03)
        return real(*a, **kw)
    worker.check_file = slow
    import rewriter.audit.engines as engines
    engines.START_METHOD = "fork"  # the workers inherit the patch
    from rewriter.audit.runner import run_audit
    run_audit(sys.argv[1], sys.argv[2], commit_every=4, batch_size=2)
""")


@pytest.mark.slow
def test_killed_audit_resumes_with_the_same_results(tmp_path, db):
    root = make_folder(tmp_path / "r", n_txt=30, n_docx=6)
    clean_db = tmp_path / "clean.sqlite"
    run_audit(root, clean_db)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_AUDIT, str(root), str(db)], env=env)
    committed = 0
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline and committed < 8:
            time.sleep(0.05)
            if db.startswith("postgresql:") or os.path.exists(db):
                try:
                    with Store.open(db) as store:
                        committed = store.query("SELECT count(*) FROM run_files")[0][0]
                except Exception:  # noqa: BLE001 - not created yet
                    pass
        assert proc.poll() is None, "the audit finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(10)
    with Store.open(db) as store:
        run = store.runs()[-1]
    assert run["status"] == "running" and 8 <= run["files"] < 36  # killed: no chance to say so
    resumed = run_audit(root, db)
    assert resumed.resumed and resumed.run_id == run["id"]
    assert resumed.unchanged == run["files"] and resumed.checked == 36 - run["files"]
    assert canonical(db) == canonical(clean_db)


def test_reviews_api(tmp_path, db):
    root = make_folder(tmp_path / "r", n_txt=2, n_docx=0)
    summary = run_audit(root, db)
    with Store.open(db) as store:
        row = next(store.run_results(summary.run_id))
        f1, f2 = store.findings(row["result_id"])[:2]
        rid = store.record_review(f1["id"], "dismissed", reason="Hjemlen står i bilaget", reviewer="jurist1",
                                  decided_at="2026-01-02T10:00:00+00:00")
        store.record_review(f1["key"], "confirmed", reviewer="jurist2", decided_at="2026-01-03T10:00:00+00:00")
        store.record_review(f2["key"], "confirmed")
        reviews = store.reviews_for(f1["id"])
        assert [r["decision"] for r in reviews] == ["confirmed", "dismissed"]
        assert reviews[1]["id"] == rid and reviews[1]["reason"] == "Hjemlen står i bilaget"
        assert store.reviews_for(f1["key"]) == reviews
        from rewriter.errors import UsageError

        with pytest.raises(UsageError):
            store.record_review(f1["id"], "maybe")
        for orphan in ("0123456789abcdef:IND004:0-0", 10**9):  # no such finding: refused, nothing stored
            with pytest.raises(UsageError) as exc:
                store.record_review(orphan, "confirmed", reviewer="jurist1")
            assert exc.value.code == "C314" and "findes ikke" in exc.value.message
        assert store.query("SELECT count(*) FROM reviews")[0][0] == 3
    from rewriter.audit.worker import AuditOptions

    again = run_audit(root, db, AuditOptions(branches=False))  # a new result, same content: same keys
    with Store.open(db) as store:
        row = next(store.run_results(again.run_id))
        same = next(f for f in store.findings(row["result_id"]) if f["key"] == f1["key"])
        assert same["id"] != f1["id"]
        assert [r["decision"] for r in store.reviews_for(same["id"])] == ["confirmed", "dismissed"]
