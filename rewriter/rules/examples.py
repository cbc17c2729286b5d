"""Run every example in ``rules/``: the one place that says what an example means.

Examples are written next to what they test:

* a rule (``elements/``, ``checks/``, profile constraints): ``examples: {pass: [...], fail: [...]}``; a
  fail example may say ``expect`` (text the finding must cover) and ``fixed`` (the letter after the
  finding's fix is applied);
* a pattern (``roles.yml`` and any :class:`~rewriter.rules.schema.Pattern` of a registered file kind):
  ``examples: {match: [...], no_match: [...]}``;
* a swap entry (``lexicon/kancellisprog.yml``), a du-form word (``lexicon/tiltale.yml``) and a sentence
  split (``lexicon/saetninger.yml``): ``examples: [{text: ..., fixed: ...}]``, the text before and
  after the fix; ``fixed`` equal to ``text`` says that nothing may change.

:func:`example_cases` turns them into runnable :class:`Case` objects (``rewriter rules lint`` runs them
and reports an example that does not hold as R212 at the example's line; the generic test
``tests/test_rules.py`` runs each as a test).  :func:`missing_examples` lists what has no example (R211).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rewriter.errors import RewriterError, RuleFileError
from rewriter.rules.rulebook import Example, Rule, Rulebook, _position
from rewriter.rules.schema import ExampleSet, Sample


@dataclass(frozen=True)
class Case:
    """One example, ready to run: ``run()`` is None when it holds, else what went wrong (Danish)."""

    id: str
    path: str
    line: int | None
    col: int | None
    run: Callable[[], str | None]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.col}" if self.line else self.path

    def error(self, problem: str) -> RuleFileError:
        return RuleFileError(f"Eksemplet holder ikke: {problem}", path=self.path, line=self.line, col=self.col,
                             code="R212", hint="Ret eksemplet, hvis det er forkert; ellers ret mønstret eller "
                                               "ordlisten, så eksemplet holder.")


def _short(text: str, n: int = 90) -> str:
    one = text.replace("\n", "⏎")
    return repr(one if len(one) <= n else one[: n - 1] + "…")


def apply_edits(text: str, edits) -> str:
    from rewriter.rewrite.edits import apply

    return apply(text, list(edits))


def _differs(got: str, want: str) -> str:
    return f"gav {_short(got, 300)}, ventede {_short(want, 300)}"


# --------------------------------------------------------------------------- rules (elements, checks, constraints)


def _rule_problem(rb: Rulebook, rule: Rule, kind: str, ex: Example) -> str | None:
    from rewriter import check

    letter_type = ex.letter_type or (rule.letter_types[0] if rule.kind == "element" else None)
    try:
        report = check(ex.text, letter_type, rules=rb.path, profile=rule.profile, date=ex.date)
    except RewriterError as exc:
        return f"eksemplet kan ikke tjekkes: {exc}"
    hits = [f for f in report.findings if f.code == rule.code]
    if kind == "pass":
        return f"{rule.code} giver et fund: {hits[0].message}" if hits else None
    if not hits:
        return f"{rule.code} giver intet fund"
    f = hits[0]
    if not f.message or f.level not in ("error", "warning", "suggestion"):
        return "fundet har ingen besked eller et ukendt niveau"
    if rule.kind == "element":
        if not f.legal_basis:
            return "et manglende element skal have sin hjemmel"
        if len(f.span) and not f.values.get("missing_parts") and f.values.get("status") != "wrong":
            return "et manglende element skal være et indsættelsespunkt (tomt spænd)"
    if ex.expect:
        covered = [h.span.slice(report.letter.text) for h in hits]
        if not any(ex.expect in c for c in covered):
            return f"fundet dækker {covered}, ikke {ex.expect!r}"
    if ex.fixed is not None:
        if f.fix is None or not f.fix.edits:
            return "fundet har ingen rettelse, men eksemplet angiver 'fixed'"
        got = apply_edits(report.letter.text, f.fix.edits)
        if got != ex.fixed:
            return "rettelsen " + _differs(got, ex.fixed)
    return None


def _rule_cases(rb: Rulebook) -> list[Case]:
    out = []
    for rule in rb.rules:
        for kind, examples in (("fail", rule.examples_fail), ("pass", rule.examples_pass)):
            for i, ex in enumerate(examples):
                line, col = _position(Path(rule.path), (*rule.key_path, "examples", kind, i))
                out.append(Case(f"{rule.code}-{rule.name}-{kind}{i}", rule.path, line, col,
                                lambda rule=rule, kind=kind, ex=ex: _rule_problem(rb, rule, kind, ex)))
    return out


def _has_fix(rb: Rulebook, rule: Rule) -> bool:
    if rule.kind == "element":
        element = next((e for e in rb.elements if e.rule is rule), None)
        return bool(element and element.snippet)
    return rule.check == "formal_address" or bool(rule.fix and rule.fix.get("replace") is not None)


# --------------------------------------------------------------------------- patterns


def _pattern_found(es: ExampleSet, text: str) -> bool:
    if es.mode == "paragraph":  # as the stages use rule patterns: per paragraph of the folded letter
        from rewriter.analysis.folding import fold_text
        from rewriter.io.reader import letter_from_text

        letter = letter_from_text(text)
        folded = fold_text(letter)
        return any(es.subject.search(p.span.slice(folded)) for p in letter.paragraphs)
    if es.mode == "match":
        return es.subject.match(text) is not None
    return es.subject.search(text) is not None


def _pattern_problem(es: ExampleSet, kind: str, text: str) -> str | None:
    try:
        found = _pattern_found(es, text)
    except RewriterError as exc:
        return f"eksemplet kan ikke læses: {exc}"
    if kind == "match" and not found:
        return f"mønstret {es.label} finder intet i {_short(text)}"
    if kind == "no_match" and found:
        return f"mønstret {es.label} finder noget i {_short(text)}, men må ikke"
    return None


# --------------------------------------------------------------------------- swaps, du-form words, splits


def _report(rb: Rulebook, text: str):
    from rewriter import check

    return check(text, rules=rb.path)


def _suggested(text: str, fix, plain: str) -> str:
    """A display-only swap carried out: the word replaced (its capital kept), or struck out with the
    space after it (the next word then takes the capital of a struck sentence start)."""
    written = fix.span.slice(text)
    if plain:
        new = plain[:1].upper() + plain[1:] if written[:1].isupper() else plain
        return text[: fix.span.start] + new + text[fix.span.end:]
    rest = text[fix.span.end:].lstrip(" ")
    if written[:1].isupper():
        rest = rest[:1].upper() + rest[1:]
    return text[: fix.span.start] + rest


def _swap_problem(rb: Rulebook, entry: dict, sample: Sample) -> str | None:
    from rewriter.rewrite.plain import plain_fixes
    from rewriter.rules.lexicon import load_lexicon

    text, want = sample.data["text"], sample.data["fixed"]
    try:
        report = _report(rb, text)
    except RewriterError as exc:
        return f"eksemplet kan ikke tjekkes: {exc}"
    fixes = [f for f in plain_fixes(report, rb.path) if f.origin == f"plain:{entry['lemma']}"]
    got = report.letter.text
    by_form = {sw.form: sw for sw in load_lexicon(rb.path).swaps if sw.lemma == entry["lemma"]}
    for f in sorted(fixes, key=lambda f: -(f.edits[0].span.start if f.edits else f.span.start)):
        if f.edits:
            got = apply_edits(got, f.edits)
        else:  # display only: what the suggestion says
            sw = by_form.get(f.span.slice(report.letter.text).lower())
            got = _suggested(got, f, sw.plain if sw else "")
    if got != want:
        return f"ombytningen '{entry['lemma']}' " + _differs(got, want)
    safety = sample.data.get("safety")
    if safety and any(str(f.applicability) != safety for f in fixes):
        return f"ombytningen er {', '.join(sorted({str(f.applicability) for f in fixes}))}, ikke {safety}"
    return None


def _address_problem(rb: Rulebook, owner: dict, sample: Sample) -> str | None:
    from rewriter.rewrite.plain import plain_fixes

    text, want = sample.data["text"], sample.data["fixed"]
    if not re.search(rf"(?<![\wæøå]){re.escape(owner['word'])}(?![\wæøå])", text.lower()):
        return f"eksemplet indeholder ikke ordet '{owner['word']}'"
    try:
        report = _report(rb, text)
    except RewriterError as exc:
        return f"eksemplet kan ikke tjekkes: {exc}"
    fixes = [f for f in plain_fixes(report, rb.path) if f.origin == "plain:tiltale"]
    got = apply_edits(report.letter.text, [e for f in fixes for e in f.edits])
    if got != want:
        return "du-formen " + _differs(got, want)
    safety = sample.data.get("safety", "safe")
    wrong = [f.title for f in fixes if str(f.applicability) != safety]
    if wrong:
        return f"rettelsen er ikke {safety}: {'; '.join(wrong)}"
    return None


def _split_problem(rb: Rulebook, owner: dict, label: str, sample: Sample) -> str | None:
    from rewriter.rewrite.split import split_fixes

    text, want = sample.data["text"], sample.data["fixed"]
    try:
        report = _report(rb, text)
    except RewriterError as exc:
        return f"eksemplet kan ikke tjekkes: {exc}"
    fixes = split_fixes(report, rb.path)
    got = apply_edits(report.letter.text, [e for f in fixes for e in f.edits])
    if got != want:
        return "delingen " + _differs(got, want)
    if text != want:
        origin = "plain:liste" if "id" not in owner else None
        used = [f for f in fixes if (f.origin == origin if origin else
                                     owner["id"] in f.origin.removeprefix("plain:split:").split("+")
                                     or f.origin == f"plain:aktiv:{owner['id']}")]
        if not used:
            return f"{label} bruges ikke; teksten blev delt af {', '.join(f.origin for f in fixes)}"
        safety = sample.data.get("safety")
        if safety and any(str(f.applicability) != safety for f in used):
            return f"delingen er {', '.join(sorted({str(f.applicability) for f in used}))}, ikke {safety}"
    return None


# --------------------------------------------------------------------------- all of them


def _relative(rb: Rulebook, path: str) -> str:
    try:
        return Path(path).resolve().relative_to(rb.path.resolve()).as_posix()
    except ValueError:
        return path


def example_cases(rb: Rulebook) -> list[Case]:
    """Every example of the rulebook as a runnable case (rules first, then the collected sets)."""
    out = _rule_cases(rb)
    for es in rb.example_sets:
        if not es.examples:
            continue
        base = f"{_relative(rb, es.path)}:{es.label}"
        if es.kind == "pattern":
            for kind in ("match", "no_match"):
                for i, s in enumerate(es.examples.get(kind, ())):
                    out.append(Case(f"{base}:{kind}{i}", es.path, s.line, s.col,
                                    lambda es=es, kind=kind, s=s: _pattern_problem(es, kind, s.data)))
            continue
        run = {"swap": lambda es, s: _swap_problem(rb, es.owner, s),
               "address": lambda es, s: _address_problem(rb, es.owner, s),
               "split": lambda es, s: _split_problem(rb, es.owner, es.label, s)}.get(es.kind)
        if run is None:
            continue
        for i, s in enumerate(es.examples):
            out.append(Case(f"{base}:{i}", es.path, s.line, s.col, lambda es=es, s=s, run=run: run(es, s)))
    return out


def _can_miss(es: ExampleSet) -> bool:
    """False for a pattern that matches the empty string (it finds something in every text, so it
    can have no no_match example), e.g. an optional prefix."""
    try:
        return es.subject.search("") is None
    except Exception:  # noqa: BLE001 - a pattern that cannot even search "" is reported elsewhere
        return True


def _missing(es: ExampleSet, message: str, hint: str) -> RuleFileError:
    return RuleFileError(message, path=es.path, line=es.line, col=es.col, code="R211", hint=hint)


def missing_examples(rb: Rulebook) -> list[RuleFileError]:
    """R211 for every pattern, swap form, du-form word, split and fix without the examples it needs."""
    out = []
    for rule in rb.rules:
        if _has_fix(rb, rule) and not any(ex.fixed is not None for ex in rule.examples_fail):
            line, col = _position(Path(rule.path), (*rule.key_path, "examples", "fail"))
            out.append(RuleFileError(f"{rule.code} retter brevet, men intet 'fail'-eksempel viser den rettede tekst.",
                                     path=rule.path, line=line, col=col, code="R211",
                                     hint="Tilføj fixed: \"...\" (brevet efter rettelsen) til et 'fail'-eksempel."))
    pair = "examples: [{text: \"...\", fixed: \"...\"}] (teksten før og efter)"
    for es in rb.example_sets:
        if es.kind == "pattern":
            ex = es.examples or {}
            needed = ("match", "no_match") if _can_miss(es) else ("match",)
            lacking = [k for k in needed if not ex.get(k)]
            if lacking:
                out.append(_missing(es, f"Mønstret {es.label} mangler eksempler ({' og '.join(lacking)}).",
                                    "Skriv mønstret som {pattern: '...', examples: {match: [...], no_match: [...]}}: "
                                    "mindst én tekst, mønstret skal finde, og én, det ikke må finde."))
        elif es.kind == "swap":
            if not es.examples:
                out.append(_missing(es, f"Ombytningen '{es.owner['lemma']}' har ingen eksempler.", f"Tilføj {pair}."))
                continue
            texts = [s.data["text"].lower() for s in es.examples]
            for form in es.owner["swaps"]:
                word = re.compile(rf"(?<![\wæøå]){re.escape(str(form).lower())}(?![\wæøå])")
                if not any(word.search(t) for t in texts):
                    out.append(_missing(es, f"Formen '{form}' af '{es.owner['lemma']}' har intet eksempel.",
                                        f"Tilføj et eksempel med '{form}' til {pair}."))
            guarded = [k for k in ("unless_before", "unless_after") if es.owner.get(k)]
            if guarded and not any(s.data["text"] == s.data["fixed"] for s in es.examples):
                out.append(_missing(es, f"'{es.owner['lemma']}' har {' og '.join(guarded)}, men intet eksempel, hvor "
                                        "ordet skal blive stående.",
                                    "Tilføj et eksempel, hvor fixed er lig med text."))
        elif es.kind == "address":
            if not es.examples:
                out.append(_missing(es, f"Ordet '{es.owner['word']}' i {es.owner['list']} har intet eksempel.",
                                    "Skriv listen som ord: {text: \"...\", fixed: \"...\"} (sætningen med De/Deres "
                                    "og med du-form)."))
        elif es.kind == "split":
            if not es.examples or all(s.data["text"] == s.data["fixed"] for s in es.examples):
                out.append(_missing(es, f"Delingen {es.label} har intet eksempel, der deler en sætning.",
                                    f"Tilføj {pair} med en lang sætning, der bliver delt."))
    return out


def run_examples(rb: Rulebook) -> tuple[int, list[RuleFileError]]:
    """(number of examples run, an R212 error for each that does not hold)."""
    cases = example_cases(rb)
    failures = []
    for case in cases:
        problem = case.run()
        if problem is not None:
            failures.append(case.error(problem))
    return len(cases), failures
