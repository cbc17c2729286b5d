"""The generic rule test: every rule's pass/fail examples, for every rule in rules/."""

from __future__ import annotations

import pytest

from rewriter import check
from rewriter.rules.rulebook import load_rulebook

RULEBOOK = load_rulebook()
CASES = []
for rule in RULEBOOK.rules:
    for kind, examples in (("fail", rule.examples_fail), ("pass", rule.examples_pass)):
        for i, ex in enumerate(examples):
            CASES.append(pytest.param(rule, kind, ex, id=f"{rule.code}-{rule.name}-{kind}{i}"))


def test_every_rule_has_pass_and_fail_examples():
    assert len(RULEBOOK.rules) >= 40
    for rule in RULEBOOK.rules:
        assert rule.examples_pass and rule.examples_fail, rule.code


def _run(rule, ex):
    letter_type = ex.letter_type or (rule.letter_types[0] if rule.kind == "element" else None)
    report = check(ex.text, letter_type, profile=rule.profile, date=ex.date)
    return report, [f for f in report.findings if f.code == rule.code]


@pytest.mark.parametrize("rule,kind,ex", CASES)
def test_rule_example(rule, kind, ex):
    report, hits = _run(rule, ex)
    if kind == "pass":
        assert not hits, f"{rule.code} fired on a pass example: {[f.message for f in hits]}"
        return
    assert hits, f"{rule.code} did not fire on: {ex.text!r}"
    f = hits[0]
    assert f.message and f.level in ("error", "warning", "suggestion")
    if rule.kind == "element":
        assert f.legal_basis, "a missing-element finding cites its legal basis"
        assert len(f.span) == 0 or f.values.get("missing_parts"), "absence findings are insertion points"
    if ex.expect:
        covered = [h.span.slice(report.letter.text) for h in hits]
        assert any(ex.expect in c for c in covered), (ex.expect, covered)
