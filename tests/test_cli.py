"""`rewriter check`: output formats, exit codes, stdin, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


@pytest.mark.slow
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


@pytest.mark.slow
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


# --- the CLI package, Danish argparse, --show, errors without traceback -----------------------------------------

def test_every_subcommand_is_a_module_with_add_parser_and_run():
    import importlib

    from rewriter.cli import SUBCOMMANDS

    assert SUBCOMMANDS == ("check", "rewrite", "serve", "rules", "audit")
    for name in SUBCOMMANDS:
        module = importlib.import_module(f"rewriter.cli.{name}")
        assert callable(module.add_parser) and callable(module.run), name


def test_argparse_speaks_danish():
    res = run_cli("check")  # no letter: argparse's "the following arguments are required"
    err = res.stderr.decode()
    assert res.returncode == 2 and "Traceback" not in err
    assert err.startswith("brug: rewriter check") and "disse argumenter mangler: BREV" in err and "C300" in err
    assert "usage" not in err and "required" not in err
    res = run_cli("check", str(LETTER), "--format", "xml")
    err = res.stderr.decode()
    assert "ugyldigt valg: 'xml' (vælg mellem 'text', 'json')" in err and "invalid choice" not in err
    assert "Se 'rewriter check --help'" in err
    res = run_cli("chek")
    assert res.returncode == 2 and "ugyldigt valg: 'chek'" in res.stderr.decode()
    assert "Se 'rewriter --help'" in res.stderr.decode()  # not 'rewriter rewriter --help'
    res = run_cli("check", str(LETTER), "--max-chars", "mange")
    assert "ugyldig værdi 'mange' (skal være heltal)" in res.stderr.decode()
    out = run_cli("check", "--help").stdout.decode()
    assert out.startswith("brug: rewriter check") and "argumenter:" in out and "tilvalg:" in out
    assert "vis denne hjælp og afslut" in out
    for english in ("usage:", "positional arguments", "options:", "show this help message and exit"):
        assert english not in out, english
    top = run_cli("--help").stdout.decode()
    assert "kommandoer:" in top and "vis programmets version og afslut" in top


def test_danish_argparse_is_scoped_to_our_parser(capsys):
    import argparse

    assert main(["check", str(LETTER)]) == 0
    capsys.readouterr()
    other = argparse.ArgumentParser(prog="andet")
    assert other.format_usage().startswith("usage: andet")  # other programs in the process keep English


def test_show_fixes_and_questions(capsys):
    decision = str(CORPUS / "18_afgoerelse-fradrag-uddannelseshjaelp.txt")
    assert main(["check", decision]) == 1
    plain = capsys.readouterr().out
    assert "rettelse" not in plain and "spørgsmål" not in plain  # the default output is unchanged
    assert main(["check", decision, "--show", "fixes,questions"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(plain)  # the same lines first, then the extras
    extra = out[len(plain):].splitlines()
    fix = next(line for line in extra if " AFG006 rettelse " in line)
    location, _code, _word, rest = fix.split(" ", 3)
    assert location.startswith(decision + ":") and rest.startswith("[gennemse] Indsæt: Klagefristen")
    assert any(line.startswith("    > Klagen skal være modtaget hos os senest 4 uger") for line in extra)
    question = next(line for line in extra if "«Hvordan klager jeg?»" in line)
    assert question.startswith(decision + ":22:1 spørgsmål") and "besvaret: Såfremt du ikke er enig" in question
    assert main(["check", decision, "--show", "questions"]) == 1
    only_q = capsys.readouterr().out
    assert "spørgsmål «Hvad handler brevet om?» besvaret:" in only_q and " rettelse " not in only_q
    assert main(["check", decision, "--show", "alt"]) == 2
    assert "C319" in capsys.readouterr().err


def test_show_questions_says_when_a_question_is_not_answered(tmp_path, capsys):
    letter = tmp_path / "kort.txt"
    letter.write_text("Kære Åse\n\nDu skal til møde hos os mandag den 7. december 2026 kl. 10.00.\n", encoding="utf-8")
    main(["check", str(letter), "--show", "questions"])
    out = capsys.readouterr().out
    assert f"{letter}: spørgsmål «Hvor?» ikke besvaret" in out
    assert f"{letter}:3:1 spørgsmål «Hvad skal jeg gøre, og hvornår?» besvaret: Du skal til møde" in out


def test_max_chars_zero_is_refused_not_the_default(capsys):
    for argv in (["check", str(LETTER), "--max-chars", "0"], ["rewrite", str(LETTER), "--max-chars", "0"],
                 ["check", str(LETTER), "--max-chars", "-5"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("C303") and "positivt tal" in err
    assert main(["check", str(LETTER), "--max-chars", "100"]) == 3  # a real limit still applies
    assert "L104" in capsys.readouterr().err


@pytest.mark.slow
def test_rewrite_output_errors_are_coded_and_come_before_the_work(tmp_path):
    missing = tmp_path / "findes-ikke" / "x.docx"
    res = run_cli("rewrite", str(LETTER), "-o", str(missing))
    err = res.stderr.decode()
    assert res.returncode == 2 and err.startswith("C350") and "Traceback" not in err and "mkdir -p" in err
    assert not missing.parent.exists()
    folder = tmp_path / "forslag.docx"
    folder.mkdir()
    res = run_cli("rewrite", str(LETTER), "-o", str(folder))
    err = res.stderr.decode()
    assert res.returncode == 2 and err.startswith("C351") and "Traceback" not in err
    ok = tmp_path / "forslag2.docx"
    res = run_cli("rewrite", str(LETTER), "-o", str(ok))
    assert res.returncode == 0 and ok.read_bytes()[:2] == b"PK"


def test_audit_out_that_cannot_be_written_fails_before_the_audit(tmp_path):
    import time

    from auditkit import make_folder

    root = make_folder(tmp_path / "skabeloner", n_txt=2, n_docx=0)
    db = tmp_path / "a.sqlite"
    cases = [(tmp_path / "findes-ikke" / "rapport.html", "C350"), (tmp_path, "C351")]
    if Path("/sys").is_dir():  # even root cannot create files there
        cases.append((Path("/sys/rewriter-rapport.html"), "C352"))
    for target, code in cases:
        t0 = time.perf_counter()
        res = run_cli("audit", str(root), "--db", str(db), "--out", str(target), "--workers", "1")
        err = res.stderr.decode()
        assert res.returncode == 2 and err.startswith(code) and "Traceback" not in err, (target, err)
        assert "Audit af" not in res.stdout.decode() and not db.exists()  # nothing ran, no store was made
        assert time.perf_counter() - t0 < 30
    res = run_cli("audit", str(root), "--db", str(db), "--csv", str(tmp_path / "nej" / "r.csv"))
    assert res.returncode == 2 and res.stderr.decode().startswith("C350")


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """``rewriter check --format json LETTER | head -1``: the pipe closes while we still write; the CLI ends with
    the shell's SIGPIPE status and nothing on stderr.  The letter is long enough that its report fills the pipe."""
    text = next(CORPUS.glob("*indkaldelse*.txt")).read_text(encoding="utf-8")
    letter = tmp_path / "lang.txt"
    letter.write_text("\n\n".join([text] * 12), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "rewriter", "check", "--format", "json", str(letter)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.read(1)
    proc.stdout.close()  # the reader is gone before the report is written out
    err = proc.stderr.read().decode()
    rc = proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert rc in (0, 141)
