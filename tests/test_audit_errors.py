"""One bad file never stops an audit: each gets a coded, Danish error or warning, and the run goes on."""

from __future__ import annotations

import io
import zipfile

import pytest
from auditkit import AFGOERELSE, INDKALDELSE, by_path
from docxfactory import docx_from_letter_text, make_docx

from rewriter.audit.runner import run_audit

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # an encrypted .docx is an OLE container

ENGLISH = """Dear Mr Smith,

We are writing to inform you that your application for benefits has been received and will be
processed within four weeks. You are invited to a meeting at the job centre on Monday at 10 am.

If you cannot attend, please call us as soon as possible. If you do not attend without a good reason,
your benefits may be reduced.

Kind regards
The Job Centre
"""


def _bad_folder(root):
    root.mkdir()
    (root / "god.txt").write_text(INDKALDELSE.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "god.docx").write_bytes(docx_from_letter_text(AFGOERELSE.read_text(encoding="utf-8")))
    (root / "oedelagt.docx").write_bytes(b"PK\x03\x04" + b"\x13\x37" * 200)  # broken zip
    (root / "tom.docx").write_bytes(b"")
    (root / "tom_krop.docx").write_bytes(make_docx(""))  # a valid package without text
    (root / "krypteret.docx").write_bytes(OLE)
    (root / "binaer.txt").write_bytes(bytes(range(256)) * 8)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hej.txt", "ikke word")
    (root / "ikke_word.docx").write_bytes(buf.getvalue())
    (root / "engelsk.txt").write_text(ENGLISH, encoding="utf-8")
    (root / "tom.md").write_text("  \n\n ", encoding="utf-8")
    return root


def test_each_bad_file_gets_its_reason_and_the_rest_is_checked(tmp_path):
    root = _bad_folder(tmp_path / "mappe")
    summary = run_audit(root, tmp_path / "a.sqlite")
    rows = by_path(tmp_path / "a.sqlite")
    codes = {p: (r["status"], r["error_code"]) for p, r in rows.items()}
    assert codes == {
        "god.txt": ("ok", None),
        "god.docx": ("ok", None),
        "oedelagt.docx": ("error", "L105"),
        "tom.docx": ("error", "L105"),
        "tom_krop.docx": ("error", "L101"),
        "krypteret.docx": ("error", "L106"),
        "binaer.txt": ("error", "L102"),
        "ikke_word.docx": ("error", "L107"),
        "engelsk.txt": ("ok", None),
        "tom.md": ("error", "L101"),
    }
    assert "adgangskode" in rows["krypteret.docx"]["error_message"]
    assert rows["krypteret.docx"]["error_hint"]  # says how to fix it
    assert [w["code"] for w in rows["engelsk.txt"]["warnings"]] == ["A406"]
    assert "ikke ud til at være dansk" in rows["engelsk.txt"]["warnings"][0]["message"]
    assert rows["god.txt"]["warnings"] == []
    assert summary.files == 10 and summary.ok == 3 and summary.errors == 7 and summary.warnings == 1
    assert summary.exit_code() == 3


def test_unexpected_exception_is_recorded_as_A401_and_not_cached(tmp_path, monkeypatch):
    root = tmp_path / "m"
    root.mkdir()
    (root / "a.txt").write_text(INDKALDELSE.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "b.txt").write_text(AFGOERELSE.read_text(encoding="utf-8"), encoding="utf-8")
    from rewriter.analysis import pipeline as engine

    real = engine.check

    def flaky(source, *a, **kw):
        if "afgørelse" in getattr(source, "text", "").lower():
            raise RuntimeError("simuleret fejl")
        return real(source, *a, **kw)

    monkeypatch.setattr(engine, "check", flaky)
    summary = run_audit(root, tmp_path / "a.sqlite", engine="inline")  # the patch lives in this process
    rows = by_path(tmp_path / "a.sqlite")
    assert rows["b.txt"]["error_code"] == "A401" and "simuleret fejl" in rows["b.txt"]["error_message"]
    assert rows["a.txt"]["status"] == "ok"
    assert summary.exit_code() == 3
    monkeypatch.setattr(engine, "check", real)
    again = run_audit(root, tmp_path / "a.sqlite")  # an internal error is retried, not reused
    assert again.checked == 1 and again.unchanged == 1 and again.errors == 0
    assert by_path(tmp_path / "a.sqlite")["b.txt"]["letter_type"] == "afgoerelse_sanktion"


def test_a_worker_that_dies_costs_only_its_file(tmp_path, monkeypatch):
    import multiprocessing

    from rewriter.audit import engines

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched worker reaches the pool only when it forks")

    tasks = [{"id": i, "rel": f"{i}.txt", "path": None, "data": INDKALDELSE.read_bytes(), "expect": None}
             for i in range(6)]
    tasks[3]["data"] = b"__die__"
    from rewriter.audit import worker

    real = worker.check_task

    def die_on(task, options):
        if task["data"] == b"__die__":
            import os

            os._exit(1)
        return real(task, options)

    monkeypatch.setattr(worker, "check_task", die_on)
    monkeypatch.setattr(engines, "START_METHOD", "fork")  # workers inherit the patch (even if threads run)
    out = [r for batch in engines.PoolEngine(2)([tasks[:2], tasks[2:4], tasks[4:]], worker.AuditOptions())
           for r in batch]
    by_id = {r["id"]: r for r in out}
    assert sorted(by_id) == list(range(6))
    assert by_id[3]["error"]["code"] == "A408"
    assert all(by_id[i]["status"] == "ok" for i in (0, 1, 2, 4, 5))
