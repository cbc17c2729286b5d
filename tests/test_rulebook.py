"""Structure of the rules folder, and coded lint errors that point at file:line:col."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from conftest import CORPUS, ROOT

from rewriter.errors import RuleFileError
from rewriter.io.reader import letter_from_text
from rewriter.rules.rulebook import load_rulebook
from rewriter.rules.templates import render_snippet, snippet_context

RULES = ROOT / "rules"


def corpus_element_ids() -> dict[str, set[str]]:
    """Element ids per letter type, as listed in the corpus README."""
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Element ids", 1)[1].split("## Annotation", 1)[0]
    out: dict[str, set[str]] = {}
    current = None
    for line in section.splitlines():
        head = re.match(r"^(indkaldelse|partshoering|afgoerelse_sanktion|vejledning_raadighed)\b", line)
        if head:
            current = head.group(1)
            out[current] = set()
        elif current and line.startswith("- "):
            out[current].update(re.findall(r"`([a-z_]+)`", line.split("–")[0]))
    return out


def test_elements_use_the_corpus_ids_for_every_letter_type():
    rb = load_rulebook()
    ours: dict[str, set[str]] = {}
    for e in rb.elements:
        for t in e.applies_to:
            ours.setdefault(t, set()).add(e.id)
    for letter_type, ids in corpus_element_ids().items():
        assert ids <= ours[letter_type], (letter_type, ids - ours[letter_type])


def test_codes_unique_names_and_metadata():
    rb = load_rulebook()
    codes = [r.code for r in rb.rules]
    assert len(codes) == len(set(codes))
    prefix = {"indkaldelse": "IND", "partshoering": "PAR", "afgoerelse_sanktion": "AFG", "vejledning_raadighed": "VEJ"}
    for e in rb.elements:
        if len(e.applies_to) == 1:
            assert e.rule.code.startswith(prefix[next(iter(e.applies_to))]), e.id
        for use in e.applies_to.values():
            assert use.legal_basis and isinstance(use.confirmed, bool)
        assert e.rule.valid_from is not None


def test_every_snippet_exists_and_renders_without_inventing_facts():
    rb = load_rulebook()
    ctx = snippet_context(letter_from_text("Kære Mikkel\n\nDu skal til samtale."))
    assert ctx["telefon"] == "[TELEFON]" and ctx["kommune"] == "[KOMMUNE]"
    for e in rb.elements:
        assert e.snippet, e.id
        text = render_snippet(e.snippet, ctx)
        assert text and "{{" not in text and "{%" not in text


def test_snippet_context_uses_the_letters_own_facts():
    ctx = snippet_context(letter_from_text("Skovlund Kommune\nTlf. 97 14 22 00\n\nKære Mikkel\n\nDu skal til samtale."))
    assert ctx == {**ctx, "kommune": "Skovlund Kommune", "telefon": "97 14 22 00"}


@pytest.fixture()
def rules_copy(tmp_path):
    dst = tmp_path / "rules"
    shutil.copytree(RULES, dst)
    return dst


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _lint_error(rules_dir) -> RuleFileError:
    with pytest.raises(RuleFileError) as info:
        load_rulebook(rules_dir)
    return info.value


def _line_of(path, needle) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def _line_of_col(path, needle) -> int:
    """1-based column of ``needle`` on its line."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if needle in line:
            return line.index(needle) + 1
    raise AssertionError(needle)


def test_yaml_syntax_error_points_at_the_line(rules_copy):
    f = rules_copy / "elements" / "bisidder.yml"
    _edit(f, "insert_at: before_closing", "insert_at: [before_closing")
    err = _lint_error(rules_copy)
    assert err.code == "R201" and err.path == str(f) and err.line is not None


def test_bad_level_lists_allowed_values_with_line(rules_copy):
    f = rules_copy / "elements" / "bisidder.yml"
    _edit(f, "indkaldelse: {level: recommended", "indkaldelse: {level: maybe")
    err = _lint_error(rules_copy)
    assert err.code == "R203"
    assert err.line == _line_of(f, "level: maybe")
    assert "required, recommended, off" in str(err)


def test_unknown_key_is_reported(rules_copy):
    f = rules_copy / "checks" / "formel-tiltale.yml"
    _edit(f, "level: warning", "levle: warning")
    err = _lint_error(rules_copy)
    assert err.code == "R207" and err.line == _line_of(f, "levle:") and "Tilladte nøgler" in str(err)


def test_bad_regex_and_unknown_macro(rules_copy):
    f = rules_copy / "elements" / "interpreter.yml"
    _edit(f, "'\\btolk\\w*|\\boversætt\\w*'", "'\\btolk(\\w*'")
    err = _lint_error(rules_copy)
    assert err.code == "R206" and err.line == _line_of(f, "tolk(")
    _edit(f, "'\\btolk(\\w*'", "'{TOLKEMAKRO}'")
    err = _lint_error(rules_copy)
    assert err.code == "R209" and "TOLKEMAKRO" in str(err)


def test_duplicate_code_and_missing_examples(rules_copy):
    f = rules_copy / "elements" / "interpreter.yml"
    _edit(f, "code: GEN008", "code: GEN005")
    assert _lint_error(rules_copy).code == "R205"
    _edit(f, "code: GEN005", "code: GEN008")
    text = f.read_text(encoding="utf-8")
    f.write_text(text.split("examples:")[0], encoding="utf-8")
    err = _lint_error(rules_copy)
    assert err.code == "R211" and "eksempel" in str(err)


def test_missing_snippet_and_wrong_file_name(rules_copy):
    f = rules_copy / "elements" / "interpreter.yml"
    _edit(f, "snippet: tolk.j2", "snippet: findes-ikke.j2")
    assert _lint_error(rules_copy).code == "R208"
    _edit(f, "snippet: findes-ikke.j2", "snippet: tolk.j2")
    shutil.move(f, f.with_name("tolk.yml"))
    assert _lint_error(rules_copy).code == "R208"


def test_profile_errors(rules_copy):
    f = rules_copy / "profiles" / "tillid-foerst.yml"
    _edit(f, "sanction_warning:", "sanktionsvarsel:")
    err = _lint_error(rules_copy)
    assert err.code == "R203" and "sanction_warning" in str(err)


@pytest.mark.slow
def test_cli_lint_ok_and_error_exit_codes(rules_copy):
    ok = subprocess.run(check=False, args=[sys.executable, "-m", "rewriter", "rules", "lint"], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and ok.stdout.startswith("OK:")
    f = rules_copy / "elements" / "bisidder.yml"
    _edit(f, "indkaldelse: {level: recommended", "indkaldelse: {level: maybe")
    bad = subprocess.run(check=False, args=[sys.executable, "-m", "rewriter", "rules", "lint", "--rules", str(rules_copy)],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2
    assert bad.stderr.startswith("R203 ") and f"bisidder.yml:{_line_of(f, 'level: maybe')}:" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_cli_explain():
    res = subprocess.run(check=False, args=[sys.executable, "-m", "rewriter", "rules", "explain", "afg006"], capture_output=True,
                         text=True, cwd=ROOT)
    assert res.returncode == 0
    assert "klagevejledning-uden-frist" in res.stdout and "Retssikkerhedsloven § 67" in res.stdout
    assert "Eksempler, der skal give fundet" in res.stdout


def test_edited_rules_are_picked_up_without_restart(rules_copy, monkeypatch):
    import rewriter.rules.rulebook as rb_mod

    monkeypatch.setattr(rb_mod, "RECHECK_SECONDS", 0.0)
    first = load_rulebook(rules_copy)
    _edit(rules_copy / "elements" / "interpreter.yml", "title: Mulighed for tolk", "title: Tolk")
    assert load_rulebook(rules_copy).element("interpreter").title == "Tolk"
    assert first.element("interpreter").title == "Mulighed for tolk"


def test_subject_line_words_are_rules_and_a_broken_one_is_reported(rules_copy, tmp_path):
    from rewriter import check

    text = ("Jobcenter Skovlund\nStationsvej 8, 7480 Skovlund\n\nDato: 16. november 2026\n\n"
            "Mød op til samtalen – ellers trækker vi i din hjælp\n\nKære Mikkel\n\n"
            "Du skal til samtale mandag den 7. december 2026 kl. 10.00 på Stationsvej 8.\n\n"
            "Med venlig hilsen\nMette")
    assert 2 in check(text, "indkaldelse").placement.threat_paragraphs
    f = rules_copy / "roles.yml"
    _edit(f, "|\\bhusk\\b|\\bellers\\b|", "|\\bhusk\\b|")
    assert 2 not in check(text, "indkaldelse", rules=rules_copy).placement.threat_paragraphs
    broken = tmp_path / "rules-broken"  # a fresh folder: loaded rulebooks are re-scanned only every few seconds
    shutil.copytree(RULES, broken)
    g = broken / "roles.yml"
    _edit(g, "    pattern: '^\\s*(?:emne", "    pattern: '^\\s*((?:emne")
    err = _lint_error(broken)
    assert err.code == "R206" and err.line == _line_of(g, "pattern: '^\\s*((?:emne")
    assert err.col == _line_of_col(g, "((?:emne")  # the column of the group that is not closed
