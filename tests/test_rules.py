"""The generic example test: every example in rules/, run as rewriter.rules.examples defines it.

One case per example: each rule's pass/fail examples (and the corrected letter, ``fixed``, of a rule
with a fix), each pattern's match/no_match examples (roles.yml and any registered file kind with
patterns), each swap form of lexicon/kancellisprog.yml, each du-form word of lexicon/tiltale.yml and
each sentence split of lexicon/saetninger.yml with the text before and after.
"""

from __future__ import annotations

from collections import Counter

import pytest

from rewriter.rules.examples import example_cases, missing_examples
from rewriter.rules.rulebook import load_rulebook

RULEBOOK = load_rulebook()
CASES = example_cases(RULEBOOK)


def test_every_rule_has_pass_and_fail_examples():
    assert len(RULEBOOK.rules) >= 40
    for rule in RULEBOOK.rules:
        assert rule.examples_pass and rule.examples_fail, rule.code


def test_every_pattern_swap_split_and_fix_has_its_examples():
    kinds = Counter(es.kind for es in RULEBOOK.example_sets)
    assert kinds["pattern"] >= 20 and kinds["swap"] >= 50 and kinds["address"] >= 120 and kinds["split"] >= 10
    assert [str(e) for e in missing_examples(RULEBOOK)] == []


def test_the_cases_cover_every_kind_of_example():
    prefixes = Counter(c.id.split(":")[0] for c in CASES)
    assert prefixes["roles.yml"] >= 40  # a match and a no_match example per pattern
    assert prefixes["lexicon/kancellisprog.yml"] >= 95  # every swap form
    assert prefixes["lexicon/tiltale.yml"] >= 120 and prefixes["lexicon/saetninger.yml"] >= 11


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_example(case):
    problem = case.run()
    assert problem is None, f"{case.where}: {problem}"
