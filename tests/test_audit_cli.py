"""`rewriter audit` on the command line: outputs, exit codes, where the database goes, no dask import."""

from __future__ import annotations

import pytest

import csv
import io
import json
import os
import re
import subprocess
import sys

from auditkit import AFGOERELSE, INDKALDELSE, make_folder, tree_state
from conftest import ROOT

from rewriter.cli import main


def test_html_csv_and_json_reports(tmp_path, capsys, monkeypatch):
    root = make_folder(tmp_path / "skabeloner", n_txt=4, n_docx=2)
    (root / "oedelagt.docx").write_bytes(b"PK\x03\x04 ikke et dokument")
    before = tree_state(root)
    out, csv_path, json_path = tmp_path / "rapport.html", tmp_path / "r.csv", tmp_path / "r.json"
    monkeypatch.chdir(tmp_path)
    code = main(["audit", str(root), "--out", str(out), "--csv", str(csv_path), "--json", str(json_path),
                 "--workers", "1", "--quiet"])
    assert code == 3  # one file could not be read; 3 wins over 1
    captured = capsys.readouterr()
    assert "oedelagt.docx: L105 fejl" in captured.err
    assert "7 filer" in captured.out and "1 kunne ikke læses" in captured.out
    assert (tmp_path / "rewriter-audit.sqlite").exists()
    assert tree_state(root) == before

    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="da">' in html
    assert html.count("<svg") >= 3 and "LIX-fordeling" in html and "Manglende elementer pr. regel" in html
    assert "Hvor i brevet står truslen første gang?" in html
    assert '<table class="sortable">' in html and "<script>" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # self-contained
    anchors = set(re.findall(r'href="#(f\d+)"', html))
    assert len(anchors) == 7 and all(f'id="{a}"' in html for a in anchors)
    assert "Word-filen er ødelagt" in html and "Fund pr. skabelon" in html

    raw = csv_path.read_text(encoding="utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw[1:]), delimiter=";"))
    assert len(rows) == 7
    by = {r["sti"]: r for r in rows}
    assert by["oedelagt.docx"]["status"] == "error" and by["oedelagt.docx"]["fejlkode"] == "L105"
    ok = by["team0/brev_000.txt"]
    assert ok["brevtype"] == "indkaldelse" and float(ok["lix"].replace(",", ".")) > 10 and ok["koder"]
    assert ok["trussel_position"].startswith("0,")  # decimal comma for Danish spreadsheets

    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["schema"] == "rewriter.audit/1" and data["run"]["files"] == 7
    files = {f["path"]: f for f in data["files"]}
    assert files["oedelagt.docx"]["error"]["code"] == "L105"
    assert files["team0/brev_000.txt"]["findings"][0]["code"]


def test_exit_codes(tmp_path, capsys):
    clean = tmp_path / "ren"
    clean.mkdir()
    (clean / "brev.txt").write_text(INDKALDELSE.read_text(encoding="utf-8"), encoding="utf-8")  # warnings only
    db = str(tmp_path / "a.sqlite")
    assert main(["audit", str(clean), "--db", db, "--quiet"]) == 0
    assert main(["audit", str(clean), "--db", db, "--quiet", "--fail-level", "warning"]) == 1
    (clean / "afg.txt").write_text(AFGOERELSE.read_text(encoding="utf-8").replace("Klagevejledning", ""),
                                   encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("x")
    assert main(["audit", str(tmp_path / "findes-ikke"), "--db", db]) == 2
    assert main(["audit", str(bad), "--db", db]) == 2  # a single file is not a folder or ZIP
    assert main(["audit", str(clean), "--db", str(clean / "db.sqlite")]) == 2  # never inside the folder
    assert main(["audit", str(clean), "--db", db, "--profile", "findes-ikke"]) == 2
    assert main(["audit", str(clean), "--db", db, "--workers", "0"]) == 2
    assert main(["audit", str(clean), "--db", db, "--scheduler", "tcp://x:1"]) == 2
    err = capsys.readouterr().err
    assert "C310" in err and "C317" in err and "C304" in err
    assert not (clean / "db.sqlite").exists()


def test_default_database_is_never_inside_the_audited_folder(tmp_path, monkeypatch, capsys):
    root = make_folder(tmp_path / "repo", n_txt=2, n_docx=0)
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    before = tree_state(root)
    assert main(["audit", ".", "--quiet"]) in (0, 1)
    assert (tmp_path / "data" / "rewriter" / "rewriter-audit.sqlite").exists()
    assert tree_state(root) == before and sorted(os.listdir(root)) == ["team0", "team1"]
    assert main(["audit", ".", "--quiet"]) in (0, 1)
    assert main(["audit", "diff", "forrige", "seneste"]) == 0  # finds the same database
    assert main(["audit", "runs"]) == 0
    assert "færdig" in capsys.readouterr().out


@pytest.mark.slow
def test_check_and_audit_do_not_import_dask():
    code = ("import sys; from rewriter.cli import main; "
            f"main(['check', {str(INDKALDELSE)!r}]); "
            "import rewriter.audit.runner, rewriter.cli.audit; "
            "assert not {'dask', 'distributed', 'torch', 'gradio'} & set(sys.modules), sorted(sys.modules)")
    res = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr


@pytest.mark.slow
def test_progress_counter_without_a_terminal(tmp_path):
    root = make_folder(tmp_path / "r", n_txt=2, n_docx=0)
    res = subprocess.run([sys.executable, "-m", "rewriter", "audit", str(root), "--db", str(tmp_path / "a.sqlite"),
                          "--workers", "1"], check=False, capture_output=True, text=True, cwd=ROOT)
    assert res.returncode in (0, 1), res.stderr
    assert "\r" not in res.stderr and "[" not in res.stderr  # no bar when stderr is not a TTY
    assert "Audit af" in res.stdout


def test_progress_bar_on_a_terminal():
    from rewriter.audit.progress import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    p = Progress(total=4, stream=stream)
    p.interval = 0
    for _ in range(4):
        p.update()
    p.close()
    assert "\r[" in stream.getvalue() and "100 %" in stream.getvalue() and "4/4 filer" in stream.getvalue()
    quiet = Tty()
    q = Progress(total=4, stream=quiet, quiet=True)
    q.update()
    q.close()
    assert "\r" not in quiet.getvalue()
