"""Evaluate rewrite proposals against the issue's targets.

Run:  python -m evaluation.evaluate_rewrite [--corpus DIR ...] [--mode default] [--out FILE]

For every letter (``*.txt`` in the corpus folders; the annotated letter type is
used when a ``.yaml`` gives one) this proposes a rewrite and records:

* whether the proposal passed the safety check (offered) or was downgraded, and why;
* that every offered fix passed the check (must be 100 %);
* whether the key message is the first content paragraph of the result, and
  whether a threat paragraph precedes it (restructuring modes);
* LIX before and after: the median drop over letters with LIX >= 45;
* body LIX (issue 16 item 4): LIX of the offered proposal WITHOUT the added "Kort fortalt" box
  against the original letter's LIX, the median drop over letters with LIX >= 45 (how much the
  letter itself became easier to read, not the short lines the box adds);
* time per proposal (check, plan, re-check and the stability check included);
* Danish grammar errors the offered proposal introduces, counted by
  :func:`rewriter.rewrite.grammar.letter_introduced` (the whole letter, sentence by sentence,
  independent of the guard's provenance): agreement, mixed address, two finite verbs, verb
  second, repeated words, doubled punctuation, stranded prepositions, lists cut mid-clause,
  broken constructions.

``--snapshot DIR`` measures the proposals saved by ``python -m evaluation.snapshot save DIR``
(another version's output) the same way, without proposing anything.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from pathlib import Path

import yaml

from rewriter.io.reader import read_letter
from rewriter.model import Applicability
from rewriter.rewrite import propose
from rewriter.analysis.readability import text_lix
from rewriter.io.reader import letter_from_text
from rewriter.rewrite.grammar import grammar, letter_introduced
from rewriter.rewrite.restructure import is_summary
from rewriter.rules.resources import rules_dir

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "evaluation" / "corpus"


def _letters(folders):
    for folder in folders:
        for txt in sorted(Path(folder).glob("*.txt")):
            ann = txt.with_suffix(".yaml")
            lt = None
            if ann.exists():
                lt = (yaml.safe_load(ann.read_text(encoding="utf-8")) or {}).get("letter_type")
            if lt == "general_notice":  # annotated: a general text, none of the letter types
                lt = "unknown"
            yield txt, lt


def body_text(original: str, proposed: str) -> str:
    """``proposed`` without the "Kort fortalt" box it added (a box the original already had stays)."""
    before = letter_from_text(original)
    if any(is_summary(p.span.slice(before.text)) for p in before.paragraphs):
        return proposed
    after = letter_from_text(proposed)
    boxes = [p.span for p in after.paragraphs if is_summary(p.span.slice(after.text))]
    out = proposed
    for span in reversed(boxes):
        out = out[:span.start] + out[span.end:]
    return out


def body_lix(original: str, proposed: str) -> float:
    """LIX of ``proposed`` without its added box (the same counting as the check's LIX)."""
    return text_lix(body_text(original, proposed))


def _body_threat_before_key(p) -> bool:
    pl = (p.after or p.report).placement
    key, body = pl.key_message_paragraph, set(pl.body_paragraphs or ())
    return key is not None and any(t < key for t in pl.threat_paragraphs or () if t in body)


def evaluate(folders, mode: str = "default", snapshot: str | None = None) -> dict:
    rows = []
    g = grammar(rules_dir())
    for path, lt in _letters(folders):
        if snapshot is not None:
            rows.append(_snapshot_row(snapshot, path, mode, g))
            continue
        t0 = time.perf_counter()
        p = propose(path, mode, letter_type=lt)
        ms = (time.perf_counter() - t0) * 1000
        offered = [f for f in p.fixes if f.applicability != Applicability.DISPLAY_ONLY]
        rows.append({
            "letter": f"{path.parent.name}/{path.name}",
            "changed": p.changed,
            "passed": p.guard.passed,
            "offered_fixes": len(offered),
            "offered_fail": sum(1 for _ in offered) if not p.guard.passed else 0,
            "key_first": p.guard.key_message_first,
            "threat_before_key": p.guard.threat_before_key_message,
            "body_threat_before_key": _body_threat_before_key(p),
            "restructured": any(f.origin.startswith("restructure")
                                and f.applicability != Applicability.DISPLAY_ONLY for f in p.fixes),
            "lix_before": p.guard.lix_before,
            "lix_after": p.guard.lix_after if p.guard.passed else p.guard.lix_before,  # what is offered
            "body_lix_after": body_lix(p.report.letter.text, p.text) if p.offered else p.guard.lix_before,
            "reasons": list(p.guard.reasons) or list(p.fallback_reasons),
            "fallback": bool(p.fallback_reasons),
            "ms": ms,
            "offered": p.offered,
            "defects": letter_introduced(p.report.letter.text, p.text, g) if p.offered else [],
            "grammar_rejected": bool(p.guard.grammar) or any("sproglig fejl" in r for r in p.fallback_reasons),
        })
    return summarise(rows, mode)


def _snapshot_row(snapshot: str, path: Path, mode: str, g) -> dict:
    import json

    name = f"{path.parent.name}__{path.stem}.json"
    saved = json.loads((Path(snapshot) / name).read_text(encoding="utf-8"))
    out = json.loads(saved[f"rewrite_{mode}"]["stdout"])
    original = read_letter(path).text
    passed = out["guard"]["passed"]
    offered = passed and any(f["applicability"] != "display_only" for f in out["fixes"])
    text = out["text"]
    return {"letter": f"{path.parent.name}/{path.name}", "changed": text != original, "passed": passed,
            "offered_fixes": sum(f["applicability"] != "display_only" for f in out["fixes"]), "offered_fail": 0,
            "key_first": out["guard"].get("key_message_first"),
            "threat_before_key": out["guard"].get("threat_before_key_message"), "body_threat_before_key": False,
            "restructured": False, "lix_before": out["guard"]["lix_before"],
            "lix_after": out["guard"]["lix_after"] if passed else out["guard"]["lix_before"],
            "body_lix_after": body_lix(original, text) if offered else out["guard"]["lix_before"],
            "reasons": out["guard"]["reasons"] or out.get("fallback_reasons", []),
            "fallback": bool(out.get("fallback_reasons")), "ms": 0.0, "offered": offered,
            "defects": letter_introduced(original, text, g) if offered else [], "grammar_rejected": False}


def summarise(rows: list[dict], mode: str) -> dict:
    n = len(rows)
    changed = [r for r in rows if r["changed"]]
    hard = [r for r in rows if r["lix_before"] >= 45]
    restructured = [r for r in rows if r["passed"] and r["restructured"]]
    return {
        "mode": mode,
        "letters": n,
        "changed": len(changed),
        "passed": sum(r["passed"] for r in changed),
        "fallbacks": sum(r["fallback"] for r in rows),
        "offered_fixes": sum(r["offered_fixes"] for r in rows),
        "offered_fixes_failing": sum(r["offered_fail"] for r in rows),
        "key_first": sum(1 for r in restructured if r["key_first"]),
        "threat_before_key": sum(1 for r in restructured if r["body_threat_before_key"]),
        "subject_threat_before_key": sum(1 for r in restructured if r["threat_before_key"]
                                         and not r["body_threat_before_key"]),
        "restructured": len(restructured),
        "hard_letters": len(hard),
        "median_lix_drop_hard": statistics.median([r["lix_before"] - r["lix_after"] for r in hard]) if hard else None,
        "median_body_lix_drop_hard": statistics.median([r["lix_before"] - r["body_lix_after"] for r in hard])
        if hard else None,
        "median_lix_drop_all": statistics.median([r["lix_before"] - r["lix_after"] for r in rows]) if rows else None,
        "median_ms": statistics.median(r["ms"] for r in rows) if rows else None,
        "max_ms": max(r["ms"] for r in rows) if rows else None,
        "offered": sum(1 for r in rows if r["offered"]),
        "offered_with_defect": sum(1 for r in rows if r["defects"]),
        "defects": sum(len(r["defects"]) for r in rows),
        "defects_by_kind": dict(Counter(k for r in rows for k, _ in r["defects"]).most_common()),
        "grammar_rejected": sum(1 for r in rows if r["grammar_rejected"]),
        "rows": rows,
    }


def table(res: dict) -> str:
    lines = [
        f"### Rewrite, mode `{res['mode']}`",
        "",
        "| measure | value |",
        "|---|---|",
        f"| letters | {res['letters']} |",
        f"| proposals that change the letter | {res['changed']} |",
        f"| ... that pass the safety check (offered) | {res['passed']} |",
        f"| ... of them a smaller fallback (the full proposal failed the check) | {res['fallbacks']} |",
        f"| offered fixes / offered fixes failing the check | {res['offered_fixes']} / {res['offered_fixes_failing']} |",
        f"| restructured letters with the key message first | {res['key_first']} / {res['restructured']} |",
        f"| restructured letters with a body threat paragraph before the key message | {res['threat_before_key']} |",
        f"| ... with a threat in the subject line (never moved) before the key message | "
        f"{res['subject_threat_before_key']} |",
        (f"| letters with LIX >= 45 / median LIX drop on them | {res['hard_letters']} / "
        f"{res['median_lix_drop_hard'] if res['median_lix_drop_hard'] is None else round(res['median_lix_drop_hard'], 1)} |"),
        (f"| ... median drop of the body LIX (the proposal without the added box) on them | "
         f"{'-' if res['median_body_lix_drop_hard'] is None else round(res['median_body_lix_drop_hard'], 1)} |"),
        f"| median LIX drop, all letters | {round(res['median_lix_drop_all'] or 0, 1)} |",
        f"| time per proposal, median / max (ms) | {res['median_ms']:.1f} / {res['max_ms']:.1f} |",
        f"| letters with an offered proposal | {res['offered']} / {res['letters']} "
        f"({100 * res['offered'] / max(1, res['letters']):.1f} %) |",
        f"| offered proposals with an introduced grammar error (mechanical) / errors | "
        f"{res['offered_with_defect']} / {res['defects']} |",
        f"| ... by kind | {', '.join(f'{k} {v}' for k, v in res['defects_by_kind'].items()) or '-'} |",
        f"| proposals where the grammar guard refused the fuller or the only proposal | {res['grammar_rejected']} |",
        "",
    ]
    failed = [r for r in res["rows"] if (r["changed"] and not r["passed"]) or r["fallback"]]
    if failed:
        lines += ["Downgraded proposals and fallbacks:", ""]
        lines += [f"- {r['letter']}: {' '.join(r['reasons'])}" for r in failed]
        lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", help="folder of letters (default: every folder in evaluation/corpus)")
    ap.add_argument("--mode", default="default")
    ap.add_argument("--out", help="write the table to this file")
    ap.add_argument("--rows", action="store_true", help="print one line per letter")
    ap.add_argument("--snapshot", help="measure the proposals saved in this snapshot folder instead")
    args = ap.parse_args(argv)
    folders = args.corpus or sorted(p for p in CORPORA.iterdir() if p.is_dir())
    res = evaluate(folders, args.mode, args.snapshot)
    if args.rows:
        for r in res["rows"]:
            print(f"{r['letter']:60s} pass={r['passed']!s:5} key1={r['key_first']!s:5} "
                  f"lix {r['lix_before']:5.1f}->{r['lix_after']:5.1f} body {r['body_lix_after']:5.1f} {r['ms']:6.1f} ms {' '.join(r['reasons'])[:120]}"
                  + (f" DEFECTS {r['defects']}" if r["defects"] else ""))
    out = table(res)
    print(out)
    if args.out:
        Path(args.out).write_text(out, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
