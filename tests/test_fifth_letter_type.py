"""A fifth letter type is a YAML change only: a temporary rules folder with a new type, its signals and an
element of its own, and a letter of that type checked (and rewritten) by the unchanged code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rewriter.analysis.pipeline import check
from rewriter.cli import main
from rewriter.rewrite import propose
from rewriter.rules.resources import rules_dir

NEW_TYPE = """
  tilbud_praktik:
    name: Tilbud om virksomhedspraktik
    short_name: Tilbud om praktik
    first_screen: {hvornaar: [praktik_start]}
    box: [telefon]
    signals:
      - {pattern: '\\bvirksomhedspraktik\\b', weight: 3}
      - {pattern: '\\btilbud om\\b', weight: 3}
      - {pattern: '\\bpraktikstedet\\b', weight: 2}
"""

NEW_ELEMENT = """id: praktik_start
code: TIL001
name: praktik-uden-startdato
title: Praktikkens start
message: "Brevet siger ikke, hvornår praktikken begynder."
why: >
  Borgeren skal vide, hvornår og hvor tilbuddet begynder, for at kunne møde op.
applies_to:
  tilbud_praktik: {level: required, legal_basis: "God forvaltningsskik", confirmed: false}
source: {document: "God forvaltningsskik", read: 2026-12-07, status: practice}
detect:
  - '\\b(?:starter|begynder|start)\\b{SAETNING}{0,40}{DATO}'
valid_from: 2020-01-01
examples:
  pass:
    - {text: "Kære Ida\\n\\nDin praktik starter mandag den 4. januar 2027 kl. 8.00.", type: tilbud_praktik}
  fail:
    - {text: "Kære Ida\\n\\nDu får tilbud om virksomhedspraktik.", type: tilbud_praktik}
"""

LETTER = """Jobcenter Skovlund
Torvet 3, 7400 Skovlund
Tlf. 97 14 22 00

4. december 2026

Tilbud om virksomhedspraktik

Kære Ida

Du får tilbud om virksomhedspraktik hos Skovlund Bageri, Bagergade 2, 7400 Skovlund.

På praktikstedet skal du lære at bage brød og passe butikken. Du arbejder 25 timer om ugen.

Har du spørgsmål, kan du ringe til mig på 97 14 22 37.

Med venlig hilsen
Lise Dahl
"""


@pytest.fixture()
def rules_with_fifth_type(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    types = folder / "letter_types.yml"
    types.write_text(types.read_text(encoding="utf-8").rstrip("\n") + "\n" + NEW_TYPE, encoding="utf-8")
    (folder / "elements" / "praktik_start.yml").write_text(NEW_ELEMENT, encoding="utf-8")
    contact = folder / "elements" / "contact.yml"  # an existing element applies to the new type too
    text = contact.read_text(encoding="utf-8")
    text = text.replace("applies_to:\n", 'applies_to:\n  tilbud_praktik: {level: recommended, legal_basis: '
                                         '"Forvaltningsloven § 7, stk. 1 (vejledningspligt)", confirmed: true}\n', 1)
    contact.write_text(text, encoding="utf-8")
    return folder


def test_a_fifth_letter_type_added_in_yaml_is_detected_and_checked(rules_with_fifth_type):
    report = check(LETTER, rules=str(rules_with_fifth_type))
    assert report.letter_type == "tilbud_praktik" and report.letter_type_confidence > 0.5
    statuses = {e.id: e.status for e in report.elements}
    assert statuses == {"praktik_start": "missing", "contact": "present"}
    missing = [f for f in report.findings if f.code == "TIL001"]
    assert len(missing) == 1 and missing[0].level == "error" and "praktikken begynder" in missing[0].message
    assert report.placement.first_screen.answers == {"hvornaar": False}

    with_date = LETTER.replace("Du arbejder 25 timer om ugen.",
                               "Praktikken starter mandag den 4. januar 2027 kl. 8.00. Du arbejder 25 timer om ugen.")
    assert not [f for f in check(with_date, rules=str(rules_with_fifth_type)).findings if f.code == "TIL001"]


def test_the_cli_and_the_rewrite_accept_the_new_type(rules_with_fifth_type, tmp_path, capsys):
    letter = tmp_path / "brev.txt"
    letter.write_text(LETTER, encoding="utf-8")
    assert main(["check", str(letter), "--type", "tilbud_praktik", "--rules", str(rules_with_fifth_type)]) == 1
    assert "TIL001" in capsys.readouterr().out
    assert main(["check", str(letter), "--type", "tilbud_praktik"]) == 2  # the shipped rules do not know it
    assert "C302" in capsys.readouterr().err
    proposal = propose(LETTER, rules=str(rules_with_fifth_type))
    assert proposal.report.letter_type == "tilbud_praktik" and proposal.guard.passed
