"""Every pattern runs in time linear in its input (issue 17): no rule, macro, language pattern, lexicon pattern or
merge-field pattern may take time that grows with the square of the text (a 200 KB paste of digits, "{{" * 100000,
"a" * 50000 + "@" + "b." * 20000 hung the checker before).

Each pattern is run over adversarial texts of 10 KB and 100 KB; a pattern whose time grows more than 25 times
(linear: 10 times) and takes more than 50 ms on 100 KB fails.  Slow measurements are repeated (the least counts).
"""

from __future__ import annotations

import re
import time

import pytest

from rewriter.io import placeholders
from rewriter.rules.language import language
from rewriter.rules.lexicon import load_lexicon
from rewriter.rules.rulebook import load_rulebook
from rewriter.rules.schema import expand_macros, rule_matcher

pytestmark = pytest.mark.slow

SMALL, BIG = 10_000, 60_000  # a quadratic pattern takes 36 times as long on BIG, a linear one 6 times


def adversarial(n: int) -> dict[str, str]:
    def rep(unit: str) -> str:
        return (unit * (n // len(unit) + 1))[:n]

    return {"letters": "a" * n, "digits": rep("1234567890"), "braces": rep("{{"), "percent": rep("{%"),
            "comment": rep("{#"), "email": "a" * (n // 2) + "@" + rep("b.")[: n // 2], "spaces": rep("a "),
            "newlines": rep("a\n"), "words": rep("kontanthjælp samtale du skal "), "times": rep("kl. 10.00 "),
            "sections": rep("§ 37, stk. 1, "), "names": rep("Jobcenter Skovlund "), "guillemets": "«" * n,
            "brackets": "[" * n, "angles": "<" * n, "dashes": rep("- "), "streets": rep("Torvegade"),
            "caps": rep("ADVARSEL "), "dates": rep("7. december 2026 ")}


def patterns() -> list[tuple[str, object]]:
    rb = load_rulebook()
    out: list[tuple[str, object]] = []
    for name, source in rb.macros.items():
        out.append((f"macro {name}", rule_matcher(expand_macros(source, rb.macros))))
    for e in rb.elements:
        out += [(f"{e.id} detect {i}", d.pattern) for i, d in enumerate(e.detectors)]
        out += [(f"{e.id} unless {i}", d.unless) for i, d in enumerate(e.detectors) if d.unless]
        out += [(f"{e.id} part {p.label}", p.pattern) for p in e.requires_all]
        out += [(f"{e.id} wrong", w.pattern) for w in e.wrong]
    for c in rb.checks:
        out += [(f"{c.code} pattern {i}", p) for i, p in enumerate(c.params.get("compiled", ()))]
    for tid, lt in rb.letter_types.items():
        out += [(f"type {tid} signal {i}", p) for i, (p, _) in enumerate(lt.signals)]
    roles = rb.roles
    out += [(f"threat {i}", p) for i, p in enumerate(roles.threat_patterns + roles.threat_not_if)]
    out += [("future_cue", roles.future_cue), ("subject warning", roles.subject.warning)]
    out += [(f"key {t} {i}", p) for t, ps in roles.key_patterns.items() for i, p in enumerate(ps)]
    for kid, k in rb.sanction_kinds.kinds.items():
        out += [(f"kind {kid} stated {i}", p) for i, p in enumerate(k.stated)]
        out += [(f"kind {kid} activity {i}", p) for i, (p, _) in enumerate(k.activity)]
    out += [(f"language {name}", p) for name, p in language().patterns.items()]
    lex = load_lexicon(rb.path)
    out += [(f"lexicon {n}", getattr(lex, n)) for n in ("swap_re", "s_passive_re", "blive_re", "nominal_re")
            if getattr(lex, n, None) is not None]
    out += [(f"placeholders {n}", v) for n, v in vars(placeholders).items() if isinstance(v, re.Pattern)]
    out.append(("placeholders find", placeholders))
    return out


def _time(pattern, text: str, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        if pattern is placeholders:
            placeholders.find_placeholders(text)
        else:
            for _ in pattern.finditer(text):
                pass
        best = min(best, time.perf_counter() - start)
    return best


def test_every_pattern_is_linear_in_its_input():
    small, big = adversarial(SMALL), adversarial(BIG)
    slow = []
    for name, pattern in patterns():
        for kind in small:
            t_big = _time(pattern, big[kind])
            if t_big < 0.05:
                continue
            t_small, t_big = _time(pattern, small[kind], 3), _time(pattern, big[kind], 3)
            if t_big >= 0.05 and t_big > 25 * max(t_small, 0.0005):
                slow.append(f"{name} on {kind}: {t_small * 1000:.1f} ms -> {t_big * 1000:.1f} ms")
    assert not slow, "patterns slower than linear:\n" + "\n".join(slow)


def test_the_timing_catches_a_quadratic_pattern():
    """The test can fail: the old e-mail pattern (no anchor) is quadratic on a long run of letters."""
    old = re.compile(r"[\w.\-+]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}")
    t_small, t_big = _time(old, "a" * 2_000, 3), _time(old, "a" * 20_000, 3)
    assert t_big > 25 * t_small
