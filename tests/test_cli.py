"""`rewriter check`: output formats, exit codes, stdin, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CORPUS, ROOT

from rewriter import check
from rewriter.cli import main

LETTER = CORPUS / "01_indkaldelse-jobsamtale-skovlund.txt"


def run_cli(*args, stdin: bytes | None = None):
    return subprocess.run(check=False, args=[sys.executable, "-m", "rewriter", *args], input=stdin, capture_output=True, cwd=ROOT)


def test_text_output_summary(capsys):
    assert main(["check", str(LETTER)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith(f"{LETTER}: ")
    m = check(LETTER).metrics
    assert f"LIX {m.lix:.1f} ({m.lix_band})" in out[-1]
    assert f"{m.words} ord, {m.sentences} sætninger" in out[-1] and "14 afsnit" in out[-1]


def test_json_output_is_the_wire_format(capsys):
    assert main(["check", str(LETTER), "--format", "json", "--type", "indkaldelse"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "rewriter.report/1"
    assert data["letter_type"] == "indkaldelse"
    assert len(data["paragraphs"]) == 14
    p5 = data["paragraphs"][5]
    text = LETTER.read_text(encoding="utf-8")
    assert text[p5["start"]:p5["end"]].startswith("Du indkaldes hermed til jobsamtale")
    m = data["metrics"]
    assert {"lix", "lix_band", "words", "sentences", "long_words"} <= set(m)
    for key in ("elements", "placement", "facts", "findings"):
        assert key in data


def test_stdin(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Kære Åse\n\nDu skal møde kl. 10.00.".encode())))
    assert main(["check", "-", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == "<stdin>" and data["metrics"]["sentences"] == 2


def test_unreadable_input_exit_3_without_traceback(tmp_path):
    empty = tmp_path / "tom.txt"
    empty.write_text("")
    res = run_cli("check", str(empty))
    assert res.returncode == 3
    err = res.stderr.decode()
    assert err.startswith("L101") and "Traceback" not in err


def test_batch_of_paths_goes_on_after_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "binær.txt"
    bad.write_bytes(bytes(range(256)))
    code = main(["check", str(bad), str(LETTER), "--format", "json"])
    assert code == 3
    data = json.loads(capsys.readouterr().out)
    assert data[0]["error"]["code"] == "L102"
    assert data[1]["schema"] == "rewriter.report/1"


def test_usage_errors_exit_2(capsys):
    assert main(["check", str(LETTER), "--type", "brev"]) == 2
    assert "C302" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["check", str(LETTER), "--format", "xml"])
    assert info.value.code == 2
    assert "C300" in capsys.readouterr().err


def test_console_script_cold_start_imports_no_heavy_modules():
    code = ("import sys, rewriter; from rewriter.cli import main; "
            f"main(['check', {str(LETTER)!r}]); "
            "heavy = [m for m in ('torch', 'transformers', 'gradio', 'docx', 'lxml') if m in sys.modules]; "
            "print('HEAVY', heavy)")
    res = subprocess.run(check=False, args=[sys.executable, "-c", code], capture_output=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert "HEAVY []" in res.stdout.decode()


def test_profile_and_date_options(capsys):
    cubb = str(CORPUS / "02_indkaldelse-cubb-fjordby.txt")
    assert main(["check", cubb, "--format", "json"]) == 0  # IND005 is only a warning
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "IND005" in codes
    assert main(["check", cubb, "--format", "json", "--profile", "tillid-foerst", "--date", "2026-12-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "IND005" not in {f["code"] for f in data["findings"]}
    assert data["profile"] == "tillid-foerst" and data["rules_date"] == "2026-12-01"
    assert main(["check", cubb, "--date", "i morgen"]) == 2
    assert "C305" in capsys.readouterr().err


def test_fail_level_and_findings_exit_code(capsys):
    decision = str(CORPUS / "18_afgoerelse-fradrag-uddannelseshjaelp.txt")  # misses complaint deadline: error
    assert main(["check", decision]) == 1
    out = capsys.readouterr().out
    line = next(l for l in out.splitlines() if "AFG006" in l)
    location, code, level, message = line.split(" ", 3)
    path, lineno, col = location.rsplit(":", 2)
    assert (path, code, level) == (decision, "AFG006", "error")
    assert int(lineno) > 1 and int(col) >= 1 and message.startswith("Klagevejledningen")
