"""Every kind of rules file, broken in a copy of rules/: a located R2xx error and exit 2 from
``rules lint``, ``check``, ``rewrite`` (every mode) and ``audit`` alike, never a traceback."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOT

from rewriter.cli import main
from rewriter.rules.kinds import FILE_KINDS

RULES = ROOT / "rules"
LETTER = ("Jobcenter Skovlund\n\nDato: 16. november 2026\n\nKære Mikkel\n\nDu skal til samtale mandag den "
          "7. december 2026 kl. 10.00 på Stationsvej 8.\n\nMed venlig hilsen\nMette Kjærgaard\n")

# (file, what is broken, text to find, its replacement (None: append the text), expected code)
BROKEN = [
    ("macros.yml", "yaml", "broken: [ikke lukket\n", None, "R201"),
    ("macros.yml", "regex", "UGEDAG: '(?:mandag", "UGEDAG: '((?:mandag", "R206"),
    ("macros.yml", "key", "ukendt_noegle: 1\n", None, "R207"),
    ("letter_types.yml", "yaml", "broken: [ikke lukket\n", None, "R201"),
    ("letter_types.yml", "regex", "(?:indkaldelse|invitation) til\\b'", "(?:indkaldelse|invitation til\\b'", "R206"),
    ("letter_types.yml", "key", "    core_weight: 2\n", "    core_weigth: 2\n", "R207"),
    ("letter_types.yml", "type", "threshold: 0.45", "threshold: høj", "R202"),
    ("elements/interpreter.yml", "yaml", "broken: [ikke lukket\n", None, "R201"),
    ("elements/interpreter.yml", "regex", "'\\btolk\\w*|\\boversætt\\w*'", "'\\btolk(\\w*'", "R206"),
    ("elements/interpreter.yml", "key", "insert_at: before_closing", "insert_af: before_closing", "R207"),
    ("elements/interpreter.yml", "type", "{level: recommended, legal_basis:", "{level: [recommended], legal_basis:", "R202"),
    ("checks/foraeldet-ydelsesnavn.yml", "yaml", "broken: [ikke lukket\n", None, "R201"),
    ("checks/foraeldet-ydelsesnavn.yml", "regex", "'(?<!tidligere )\\bhjemrejseydelse\\w*'",
     "'(?<!tidligere )\\bhjemrejseydelse[\\w*'", "R206"),
    ("checks/foraeldet-ydelsesnavn.yml", "key", "level: warning", "niveau: warning", "R207"),
    ("profiles/tillid-foerst.yml", "yaml", "broken: [ikke lukket\n", None, "R201"),
    ("profiles/tillid-foerst.yml", "key", "ukendt_noegle: 1\n", None, "R207"),
    ("profiles/tillid-foerst.yml", "type", 'indkaldelse: {level: "off"}', "indkaldelse: {level: off}", "R203"),
    ("profiles/advarsel-efter-kontakt.yml", "regex", "constraints:\n",
     "constraints:\n  - {code: PRF002, name: forbudt-ord, type: phrase, message: m, why: w,\n"
     "     params: {patterns: ['\\bhusk(']}, examples: {pass: [a], fail: [b]}}\n", "R206"),
    ("roles.yml", "yaml", "broken: [ikke lukket\n", None, "R201"),
    ("roles.yml", "regex", "pattern: '^\\s*(?:emne", "pattern: '^\\s*((?:emne", "R206"),
    ("roles.yml", "key", "  not_if:", "  not_iff:", "R207"),
    ("roles.yml", "type", "pattern_window: 3", "pattern_window: tre", "R202"),
    ("roles.yml", "type", "  preview_chars: 150", "  preview_chars: mange", "R202"),
    ("letter_types.yml", "type", "    decides: true", "    decides: ja tak", "R202"),
    ("lexicon/kancellisprog.yml", "yaml", "broken: [ikke lukket\n", None, "R201"),
    ("lexicon/kancellisprog.yml", "regex", "unless_after: '(?!\\s*:)'", "unless_after: '(?!\\s*:'", "R206"),
    ("lexicon/kancellisprog.yml", "key", "  - lemma: dersom\n", "  - lemma: dersom\n    lemme: dersom\n", "R207"),
    ("lexicon/kancellisprog.yml", "type", "safety: safe", "safety: sikker", "R203"),
    ("lexicon/sprogtraek.yml", "yaml", "broken: [ikke lukket\n", None, "R201"),
    ("lexicon/sprogtraek.yml", "key", "ukendt_noegle: 1\n", None, "R207"),
    ("lexicon/sprogtraek.yml", "type", "  modals: [skal,", "  modals: skal\n  modals_: [skal,", "R202"),
    ("lexicon/tiltale.yml", "yaml", "broken: [ikke lukket\n", None, "R201"),
    ("lexicon/tiltale.yml", "key", "ukendt_noegle: 1\n", None, "R207"),
    ("lexicon/tiltale.yml", "type", "  barn: {text:", "  barn: 5\n  barn_: {text:", "R202"),
    ("lexicon/saetninger.yml", "yaml", "broken: [ikke lukket\n", None, "R201"),
    ("lexicon/saetninger.yml", "regex", "pattern: ';\\s+'", "pattern: ';(\\s+'", "R206"),
    ("lexicon/saetninger.yml", "key", "    ignore_conditions: true", "    ignore_condition: true", "R207"),
    ("lexicon/saetninger.yml", "type", "min_sentence_words: 16", "min_sentence_words: seksten", "R202"),
    ("lexicon/grammatik.yml", "yaml", "broken: [ikke lukket\n", None, "R201"),
    ("lexicon/grammatik.yml", "key", "ukendt_noegle: 1\n", None, "R207"),
    ("lexicon/grammatik.yml", "regex", "pattern: '(?<![\\wæøå])(?:står|stod|stå)",
     "pattern: '((?<![\\wæøå])(?:står|stod|stå)", "R206"),
    ("lexicon/grammatik.yml", "type", "  din: {gender: common, number: sg}", "  din: {gender: fælles, number: sg}", "R203"),
    ("language/da.yml", "yaml", "broken: [ikke lukket\n", None, "R201"),
    ("language/da.yml", "regex", "(?:\\+45\\s?)?(?P<d>", "(?:\\+45\\s?)?((?P<d>", "R206"),
    ("language/da.yml", "key", "  email:\n", "  email:\n    flag: i\n", "R207"),
    ("language/da.yml", "type", "  weekdays: [mandag,", "  weekdays: mandag\n  weekdays_: [mandag,", "R202"),
    ("language/da.yml", "list", "(?P<wd>{weekdays})", "(?P<wd>{ugedage})", "R209"),
    ("lexicon/saetninger.yml", "group", "replace: '. Derefter {v} {s} '", "replace: '. Derefter {verb} {s} '", "R209"),
    ("elements/contact.yml", "source", "source:\n", "sources:\n", "R207"),
    ("checks/klagefrist-ikke-fire-uger.yml", "nosource", "\nsource:\n", "\nsourc:\n", "R207"),
    ("sanction_kinds.yml", "yaml", "mismatch: [s36, s37]", "mismatch: [s36, s37", "R201"),
    ("sanction_kinds.yml", "key", "    explicit: true\n", "    explicit: true\n    explizit: true\n", "R207"),
    ("sanction_kinds.yml", "regex", "\\bnedsættelse\\w* af\\b", "\\bnedsættelse(\\w* af\\b", "R206"),
    ("sanction_kinds.yml", "type", "threshold: 2", "threshold: to", "R202"),
    ("law.yml", "yaml", "verified_until: 2026-12-31", "verified_until: [2026-12-31", "R201"),
    ("law.yml", "key", "verified_until: 2026-12-31", "verified_until: 2026-12-31\nverifed_until: 2026-12-31", "R207"),
    ("law.yml", "type", "verified_until: 2026-12-31", "verified_until: snart", "R203"),
]

COMMANDS = {
    "lint": ["rules", "lint"],
    "check": ["check", "{letter}"],
    # the rule-based modes share one loading path (default stands for restructure and plain); llm has its own
    **{f"rewrite-{m}": ["rewrite", "{letter}", "--mode", m]
       for m in ("default", "llm")},
    "audit": ["audit", "{folder}", "--db", "{db}", "--quiet"],
}


def _line_of(path, needle) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_every_registered_kind_is_broken_here():
    """A new kind of rules file needs its broken copies in BROKEN (at least YAML and unknown key)."""
    for kind in FILE_KINDS:
        broken = {what for f, what, *_ in BROKEN if kind.matches(f)}
        assert {"yaml", "key"} <= broken, kind.pattern


@pytest.mark.parametrize("relpath,what,old,new,code", BROKEN, ids=[f"{b[0]}-{b[1]}" for b in BROKEN])
@pytest.mark.slow
def test_a_broken_file_is_a_located_error_for_every_command(tmp_path, capsys, relpath, what, old, new, code):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    target = rules / relpath
    text = target.read_text(encoding="utf-8")
    if new is None:
        target.write_text(text.rstrip("\n") + "\n" + old, encoding="utf-8")
        needle = old.strip()
    else:
        assert old in text, old
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
        needle = next(ln for ln in new.split("\n") if ln not in old.split("\n"))  # the changed line
        if "patterns: [" in new:
            needle = "patterns: ["
    folder = tmp_path / "breve"
    folder.mkdir()
    (folder / "brev.txt").write_text(LETTER, encoding="utf-8")
    values = {"letter": str(folder / "brev.txt"), "folder": str(folder), "db": str(tmp_path / "audit.sqlite")}
    line = None if what == "yaml" else _line_of(target, needle)
    for name, argv in COMMANDS.items():
        argv = [a.format(**values) for a in argv] + ["--rules", str(rules)]
        rc = main(argv)
        out = capsys.readouterr()
        assert rc == 2, (name, rc, out.err[-500:])
        first = out.err.splitlines()[0] if out.err else ""
        assert first.startswith(code + " "), (name, out.err[-500:])
        where = re.escape(str(target)) + (rf":{line}:\d+:" if line else r":\d+:\d+:")
        assert re.search(where, first), (name, first)
        assert "Sådan retter du det" in first and "Traceback" not in out.err


def test_a_stray_file_and_a_missing_file_are_reported(tmp_path, capsys):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "lexicon" / "saetning.yml").write_text("splits: []\n", encoding="utf-8")  # a misspelt name
    assert main(["rules", "lint", "--rules", str(rules)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("R210 ") and "saetning.yml" in err
    (rules / "lexicon" / "saetning.yml").unlink()
    (rules / "lexicon" / "tiltale.yml").unlink()
    assert main(["check", "-", "--rules", str(rules)]) == 2
    assert capsys.readouterr().err.startswith("R204 ")


def test_all_problems_are_listed_at_once(tmp_path, capsys):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    for relpath in ("lexicon/tiltale.yml", "lexicon/saetninger.yml", "roles.yml"):
        f = rules / relpath
        f.write_text(f.read_text(encoding="utf-8") + "ukendt_noegle: 1\n", encoding="utf-8")
    assert main(["rules", "lint", "--rules", str(rules)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert [ln[:4] for ln in lines[:3]] == ["R207"] * 3 and lines[-1] == "3 fejl i regelfilerne."


@pytest.mark.slow
def test_an_example_that_does_not_hold_is_a_located_lint_error(tmp_path, capsys):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    f = rules / "lexicon" / "kancellisprog.yml"
    wrong = 'fixed: "Hvis du er rask på dagen, skal du ringe til jobcentret inden kl. 9.00."'
    f.write_text(f.read_text(encoding="utf-8").replace(
        'fixed: "Hvis du er syg på dagen, skal du ringe til jobcentret inden kl. 9.00."', wrong, 1), encoding="utf-8")
    g = rules / "roles.yml"
    g.write_text(g.read_text(encoding="utf-8").replace(
        '- "Husk at møde op, ellers kan vi trække i din kontanthjælp."', '- "Husk at møde op."', 1), encoding="utf-8")
    assert main(["rules", "lint", "--rules", str(rules)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"R212 {g}:{_line_of(g, 'Husk at møde op.')}:") and "finder intet" in err[0]
    assert err[1].startswith(f"R212 {f}:{_line_of(f, wrong) - 1}:") and "rask" in err[1]
    # an example that does not hold is a lint error only: check still runs on these rules
    letter = tmp_path / "brev.txt"
    letter.write_text(LETTER, encoding="utf-8")
    assert main(["check", "--rules", str(rules), str(letter)]) in (0, 1)


@pytest.mark.slow
def test_a_pattern_or_swap_form_without_examples_is_reported(tmp_path, capsys):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    f = rules / "lexicon" / "kancellisprog.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("swaps: {dersom: hvis}", "swaps: {dersom: hvis, ifald: hvis}", 1),
                 encoding="utf-8")
    g = rules / "roles.yml"
    g.write_text(g.read_text(encoding="utf-8").replace(
        "practical_patterns:\n", "practical_patterns:\n  - '\\bmedbring dit\\b'\n", 1), encoding="utf-8")
    assert main(["rules", "lint", "--rules", str(rules)]) == 2
    err = capsys.readouterr().err
    assert f"R211 {g}:{_line_of(g, 'medbring dit')}:" in err and "mangler eksempler (match og no_match)" in err
    assert f"R211 {f}:" in err and "Formen 'ifald'" in err
