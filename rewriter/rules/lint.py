"""``rewriter rules lint``: validate every file in the rules folder and run every example."""

from __future__ import annotations

from pathlib import Path

from rewriter.rules.examples import missing_examples, run_examples
from rewriter.rules.rulebook import load_rulebook
from rewriter.rules.schema import RuleFileErrors


def lint(rules_dir: str | Path | None = None) -> str:
    """The one-line summary of a clean rules folder.

    Raises :class:`RuleFileErrors` with every problem: first every file against the schema of its
    kind (R201-R210, all at once), then what only the loaded rules show (codes used twice, references),
    then what has no example (R211) and every example that does not hold (R212).
    """
    rb = load_rulebook(rules_dir)
    problems = missing_examples(rb)
    n_examples, failures = run_examples(rb)
    if problems or failures:
        raise RuleFileErrors(problems + failures)
    return (f"OK: {len(rb.rules)} regler ({len(rb.elements)} elementer, {len(rb.checks)} kontroller, "
            f"{sum(len(p.constraints) for p in rb.profiles.values())} profilregler), {len(rb.letter_types)} brevtyper, "
            f"{len(rb.profiles)} profiler, {n_examples} eksempler, der alle holder. Regelversion {rb.version}.")
