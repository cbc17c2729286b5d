"""Evaluation targets on the annotated letters (evaluation/evaluate.py).

These corpora have been used to tune the rules (dev from the start; holdout and
holdout2 ... holdout5 after their first, untuned runs, kept in evaluation/first_runs/), so
this is a regression guard.  The untuned generalisation figure comes from the
newest held-out folder's first run, reported in evaluation/results.md.
"""

from __future__ import annotations

import pytest

from evaluation.evaluate import CORPORA, DEV, HOLDOUT, HOLDOUT2, evaluate


@pytest.mark.parametrize("corpus", [DEV, HOLDOUT, HOLDOUT2, CORPORA / "holdout3", CORPORA / "holdout4",
                                    CORPORA / "holdout5", CORPORA / "holdout7"],
                         ids=["dev", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout7"])
def test_letter_type_and_element_detection_targets(corpus):
    res = evaluate([corpus])
    assert res.letters >= 16
    assert res.type_correct / res.letters >= 0.95, res.type_errors
    letter_level = res.total("letter")
    assert letter_level.precision >= 0.95 and letter_level.recall >= 0.95
    para = res.total("paragraph")
    assert para.precision >= 0.92 and para.recall >= 0.95
    for element, counts in res.per_element("letter").items():
        assert counts.precision >= 0.8 and counts.recall >= 0.8, element
    assert res.threat.precision >= 0.9 and res.threat.recall >= 0.9, res.placement_errors
    assert res.key_correct / res.letters >= 0.9, res.placement_errors


@pytest.mark.slow
def test_all_annotated_letters_pooled_regression_guard():
    """Every dev and holdout folder (456 letters, all tuned on by now or run untouched at 1e9b177): the pooled
    figures must not slip.  The sets of issues 14 and 15 (outside*, pairs_*) have targets of their own."""
    folders = sorted(p for p in CORPORA.iterdir() if p.is_dir() and p.name.startswith(("dev", "holdout")))
    res = evaluate(folders)
    assert res.letters >= 400
    assert res.type_correct / res.letters >= 0.99, res.type_errors
    letter_level, para = res.total("letter"), res.total("paragraph")
    assert letter_level.precision >= 0.99 and letter_level.recall >= 0.98
    assert para.precision >= 0.94 and para.recall >= 0.96
    assert res.threat.precision >= 0.97 and res.threat.recall >= 0.97
    assert res.key_correct / res.letters >= 0.96


def test_the_summary_line_reports_the_folder_it_evaluated(tmp_path):
    """`python -m evaluation.summary` (the regression guard run after rule changes) gives one line per folder."""
    from evaluation.summary import main

    out = tmp_path / "summary.txt"
    assert main([str(DEV), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("dev") and "type 24/24" in text and "letter P 1.000 R 1.000" in text
