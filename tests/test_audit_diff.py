"""`rewriter audit diff`: a template that lost its klagevejledning or put the threat first is worse (exit 1)."""

from __future__ import annotations

import json
import shutil

from auditkit import AFGOERELSE, INDKALDELSE
from conftest import CORPUS

from rewriter.audit.runner import run_audit
from rewriter.cli import main

OTHER = CORPUS / "08_indkaldelse-uddannelsessamtale.txt"


def _paragraphs(path):
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")


def _without_klagevejledning() -> str:
    paras = [p for p in _paragraphs(AFGOERELSE)
             if not p.startswith("Klagevejledning") and not p.startswith("Du kan klage")]
    return "\n\n".join(paras) + "\n"


def _threat_first() -> str:
    paras = _paragraphs(INDKALDELSE)
    threat = next(i for i, p in enumerate(paras) if p.startswith("Det bemærkes"))
    greeting = next(i for i, p in enumerate(paras) if p.startswith("Kære"))
    moved = paras.pop(threat)
    paras.insert(greeting + 1, moved)
    return "\n\n".join(paras) + "\n"


def _versions(tmp_path):
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    v1.mkdir()
    for src, name in ((AFGOERELSE, "afgoerelse.txt"), (INDKALDELSE, "indkaldelse.txt"), (OTHER, "uddannelse.txt")):
        shutil.copy(src, v1 / name)
    shutil.copytree(v1, v2)
    (v2 / "afgoerelse.txt").write_text(_without_klagevejledning(), encoding="utf-8")
    (v2 / "indkaldelse.txt").write_text(_threat_first(), encoding="utf-8")
    (v2 / "ny.txt").write_text(OTHER.read_text(encoding="utf-8"), encoding="utf-8")
    return v1, v2


def test_diff_reports_worse_templates_and_fails(tmp_path, capsys):
    v1, v2 = _versions(tmp_path)
    db = tmp_path / "a.sqlite"
    a = run_audit(v1, db)
    b = run_audit(v2, db)
    out_json = tmp_path / "diff.json"
    code = main(["audit", "diff", str(a.run_id), str(b.run_id), "--db", str(db), "--json", str(out_json)])
    out = capsys.readouterr().out
    assert code == 1
    assert "DÅRLIGERE afgoerelse.txt" in out and "DÅRLIGERE indkaldelse.txt" in out
    assert "uddannelse.txt" not in out.replace("NY ny.txt", "")
    assert "påkrævet element mangler nu: Klagevejledning" in out
    assert "truslen er rykket frem" in out
    assert "NY ny.txt" in out
    data = json.loads(out_json.read_text(encoding="utf-8"))
    worse = {w["path"]: w for w in data["worse"]}
    assert set(worse) == {"afgoerelse.txt", "indkaldelse.txt"}
    assert any(f["code"].startswith("AFG") and f["level"] == "error" for f in worse["afgoerelse.txt"]["new_findings"])
    assert any(f["code"].startswith("PLC") for f in worse["indkaldelse.txt"]["new_findings"])
    assert data["unchanged"] == 1 and data["added"] == ["ny.txt"]


def test_diff_of_unchanged_runs_passes_and_aliases_work(tmp_path, capsys):
    v1, v2 = _versions(tmp_path)
    db = tmp_path / "a.sqlite"
    run_audit(v1, db)
    run_audit(v1, db)
    assert main(["audit", "diff", "forrige", "seneste", "--db", str(db)]) == 0
    assert "0 blevet dårligere" in capsys.readouterr().out
    run_audit(v2, db)
    assert main(["audit", "diff", "2", "seneste", "--db", str(db)]) == 1
    assert main(["audit", "diff", "seneste", "2", "--db", str(db)]) == 0  # v2 -> v1 is an improvement


def test_diff_usage_errors(tmp_path, capsys):
    db = tmp_path / "a.sqlite"
    assert main(["audit", "diff", "1", "2", "--db", str(db)]) == 2  # no database yet
    run_audit(_versions(tmp_path)[0], db)
    assert main(["audit", "diff", "1", "9", "--db", str(db)]) == 2
    assert "C313" in capsys.readouterr().err
    assert main(["audit", "diff", "1", "--db", str(db)]) == 2
