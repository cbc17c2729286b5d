"""Hostile batches (issue 17): ZIP member names, member caps, the hard time limit, workers that
outlive a killed audit, text taken for a path, CSV formula injection and orphan review decisions."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from auditkit import INDKALDELSE, by_path, make_folder
from conftest import ROOT
from hostile import LETTER, zip_of

from rewriter.audit import engines, worker
from rewriter.audit.discover import count_items, discover
from rewriter.audit.export import write_csv
from rewriter.audit.runner import run_audit
from rewriter.audit.store import Store
from rewriter.errors import UsageError
from rewriter.io.csvout import neutralise
from rewriter.web import reviews

# --- ZIP input ------------------------------------------------------------------------------------


def test_dot_slash_and_repeated_member_names_are_all_checked(tmp_path):
    text = INDKALDELSE.read_bytes()
    archive = zip_of(tmp_path / "a.zip", [("./brev.txt", text), ("./team/./brev.txt", text), ("brev.txt", b""),
                                          ("brev.txt", text), ("team//brev.txt", text)])
    rels = [it.rel for it in discover(archive)]
    assert rels == ["brev.txt", "team/brev.txt", "brev (2).txt", "brev (3).txt", "team/brev (2).txt"]
    assert count_items(archive) == 5
    summary = run_audit(archive, tmp_path / "a.sqlite")
    rows = by_path(tmp_path / "a.sqlite")
    assert summary.files == 5 and summary.errors == 1  # was: 0 files (./...), and one result dropped
    assert rows["brev.txt"]["letter_type"] == "indkaldelse" and rows["brev (2).txt"]["error_code"] == "L101"
    assert rows["brev (3).txt"]["letter_type"] == "indkaldelse"


def test_members_are_capped_by_their_own_type(tmp_path):
    import random

    rnd = random.Random(7)  # letter-like text that packs under the zip-bomb ratio: only the type's cap can see it
    words = LETTER.split()
    block = " ".join(rnd.choice(words) for _ in range(200_000)).encode()
    big = (block * 10)[: 9 * 1024 * 1024]  # 9 MB: over a text's 8 MB, far under the 100 MB a member had
    archive = zip_of(tmp_path / "a.zip", [("stor.txt", big), ("stor.md", big), ("brev.txt", LETTER.encode())],
                     compresslevel=1)
    items = {it.rel: it for it in discover(archive)}
    assert items["stor.txt"].problem["code"] == "L104" and "filtypen" in items["stor.txt"].problem["message"]
    assert items["stor.md"].problem["code"] == "L104" and items["brev.txt"].problem is None
    summary = run_audit(archive, tmp_path / "a.sqlite")
    assert summary.files == 3 and summary.errors == 2 and summary.ok == 1


# --- the hard time limit and the worker processes ---------------------------------------------------


def _stuck_in_c(task, options):
    """A check that never returns and ignores signals: a catastrophic regex, in C, for the file 'haenger'."""
    import re

    if "haenger" in task["rel"]:
        re.match(r"(a+)+$", "a" * 64 + "b")
    return REAL_CHECK_TASK(task, options)


REAL_CHECK_TASK = worker.check_task


@pytest.mark.skipif(sys.platform != "linux", reason="the patched worker reaches the pool only when it forks")
@pytest.mark.slow
def test_a_file_over_the_time_limit_is_A410_and_the_audit_goes_on(tmp_path, monkeypatch):
    root = make_folder(tmp_path / "r", n_txt=5, n_docx=0, nested=False)
    (root / "haenger.txt").write_text(LETTER, encoding="utf-8")
    monkeypatch.setattr(worker, "check_task", _stuck_in_c)
    monkeypatch.setattr(engines, "START_METHOD", "fork")  # the workers inherit the patch
    t0 = time.monotonic()
    summary = run_audit(root, tmp_path / "a.sqlite", worker.AuditOptions(time_limit=1.5), workers=2, batch_size=3)
    assert time.monotonic() - t0 < 20
    rows = by_path(tmp_path / "a.sqlite")
    assert rows["haenger.txt"]["error_code"] == "A410" and "1,5 s" in rows["haenger.txt"]["error_message"]
    assert all(rows[f"brev_{i:03d}.txt"]["status"] == "ok" for i in range(5))
    assert summary.files == 6 and summary.errors == 1 and summary.exit_code() == 3
    monkeypatch.setattr(worker, "check_task", REAL_CHECK_TASK)
    again = run_audit(root, tmp_path / "a.sqlite", worker.AuditOptions(time_limit=1.5), workers=1)
    assert again.checked == 1 and again.unchanged == 5  # a timeout is not cached: tried again next run


_KILLABLE = textwrap.dedent("""
    import sys, time
    import rewriter.audit.worker as worker
    real = worker.check_file
    def slow(*a, **kw):
        time.sleep(0.2)
        return real(*a, **kw)
    worker.check_file = slow
    import rewriter.audit.engines as engines
    engines.START_METHOD = "fork"  # the workers inherit the patch
    from rewriter.audit.runner import run_audit
    run_audit(sys.argv[1], sys.argv[2], workers=2, batch_size=1)
""")


def _children(pid: int) -> set[int]:
    out = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        out |= {int(c) for c in (task / "children").read_text().split()}
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
@pytest.mark.slow
def test_workers_do_not_outlive_a_killed_audit(tmp_path):
    root = make_folder(tmp_path / "r", n_txt=40, n_docx=0)
    proc = subprocess.Popen([sys.executable, "-c", _KILLABLE, str(root), str(tmp_path / "a.sqlite")],
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 30
        kids: set[int] = set()
        while time.monotonic() < deadline and len(kids) < 2:
            time.sleep(0.1)
            kids = _children(proc.pid)
        assert len(kids) == 2, "the audit did not start its two workers"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(k) for k in kids):
        time.sleep(0.1)
    left = [k for k in kids if _alive(k)]
    for k in left:
        os.kill(k, signal.SIGKILL)
    assert not left, "worker processes outlived the killed audit"  # was: 2 per kill


def test_a_worker_that_dies_twice_on_one_file_is_A408_and_only_that_file(monkeypatch):
    if sys.platform != "linux":
        pytest.skip("the patched worker reaches the pool only when it forks")
    tasks = [{"id": i, "rel": f"{i}.txt", "data": LETTER.encode(), "expect": None} for i in range(5)]
    tasks[1]["data"] = b"__die__"

    def die_on(task, options):
        if task.get("data") == b"__die__":
            os._exit(1)
        return REAL_CHECK_TASK(task, options)

    monkeypatch.setattr(worker, "check_task", die_on)
    monkeypatch.setattr(engines, "START_METHOD", "fork")
    out = {r["id"]: r for batch in engines.PoolEngine(1)([tasks[:3], tasks[3:]], worker.AuditOptions())
           for r in batch}
    assert sorted(out) == list(range(5)) and out[1]["error"]["code"] == "A408"
    assert all(out[i]["status"] == "ok" for i in (0, 2, 3, 4))


# --- text taken for a path -----------------------------------------------------------------------


def test_a_long_one_line_template_is_checked_not_taken_for_a_file_name(tmp_path):
    root = tmp_path / "r"
    root.mkdir()
    (root / "lang.txt").write_text("{% if x %}" + "Du indkaldes til en samtale i jobcentret. " * 10 + "{% endif %}",
                                   encoding="utf-8")
    summary = run_audit(root, tmp_path / "a.sqlite", worker.AuditOptions(letter_type="indkaldelse"))  # branches on
    row = by_path(tmp_path / "a.sqlite")["lang.txt"]
    assert row["status"] == "ok" and row["error_code"] is None and summary.errors == 0  # was: A401 (OSError)
    assert row["branch_variants"] == 2


# --- CSV formula injection and orphan reviews ------------------------------------------------------

EVIL = ["=HYPERLINK(\"x\";\"klik\").txt", "+1.txt", "-2+3.txt", "@SUM(A1).txt", "\tfane.txt"]


def _cells(text: str, delimiter: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text), delimiter=delimiter) for c in row]


def test_every_csv_neutralises_formulas(tmp_path):
    assert [neutralise(v) for v in ("=1", "+1", "-1", "@a", "\t1", "\r1", "a=1", 3, -1.5, None)] == \
        ["'=1", "'+1", "'-1", "'@a", "'\t1", "'\r1", "a=1", 3, -1.5, None]
    root = tmp_path / "r"
    root.mkdir()
    for name in EVIL:
        (root / name).write_text(INDKALDELSE.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "a.sqlite"
    summary = run_audit(root, db)
    out = io.StringIO()
    with Store.open(db) as store:
        write_csv(store, summary.run_id, out)
    cells = _cells(out.getvalue().lstrip("\ufeff"), ";")
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"]
    assert {f"'{n}" for n in EVIL} <= set(cells)
    key = reviews.queue(db)[0]["key"]
    reviews.record(db, key, "afvist", "=1+2 står i bilaget", "@jurist")
    pack = reviews.evidence_csv(reviews.evidence(db))
    assert "'=1+2 står i bilaget" in _cells(pack, ",") and "'@jurist" in _cells(pack, ",")
    from rewriter.web.app import WebConfig, run_batch  # the web UI's Batch tab writes the same CSV

    archive = zip_of(tmp_path / "b.zip", [(EVIL[0], INDKALDELSE.read_bytes())])
    res = run_batch(str(archive), WebConfig(str(tmp_path / "web.sqlite"), str(tmp_path / "dl")))
    batch = _cells(Path(res["csv"]).read_text(encoding="utf-8-sig"), ";")
    assert f"'{EVIL[0]}" in batch and not [c for c in batch if c and c[0] in "=+-@"]


def test_orphan_decisions_are_refused_and_never_in_the_evidence_pack(tmp_path):
    db = tmp_path / "a.sqlite"
    run_audit(make_folder(tmp_path / "r", n_txt=1, n_docx=0), db)
    key = reviews.queue(db)[0]["key"]
    with pytest.raises(UsageError) as exc:
        reviews.record(db, "0123456789abcdef:IND004:0-0", "bekræftet", "ok", "Jurist Jensen")
    assert exc.value.code == "C314"
    reviews.record(db, key, "bekræftet", "ok", "Jurist Jensen")
    with Store.open(db) as store:  # an orphan left by an older version of the tool
        store._write(lambda: store.execute(
            "INSERT INTO reviews (finding_key, decision, reviewer, decided_at) VALUES (?, ?, ?, ?)",
            ("ffffffffffffffff:X:1-2", "dismissed", "gammel", "2026-01-01T00:00:00+00:00")))
    pack = reviews.evidence(db)
    assert [r["finding_key"] for r in pack] == [key] and pack[0]["rule_code"] and pack[0]["file"]
