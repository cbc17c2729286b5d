"""Evaluate the legal twin pairs (issue 14) and sanction-kind detection.

Run:  python -m evaluation.evaluate_legal [--corpus DIR ...] [--out FILE]

A pair folder holds ``NNa_<concept>-fejl`` (the letter with one legal defect) and ``NNb_<concept>-ok`` (its
correct twin), annotated like every letter plus ``pair``, ``concept``, ``defective`` (format:
evaluation/corpus/pairs_dev/README-01-12.md).  ``evaluation/legal_concepts.yml`` names the finding codes that
flag each concept.  A pair passes when the defective letter gets one of them (warning or error) and the
twin none at error level.  Sanction kinds are scored on every annotated letter with ``sanction_kind``
(``none`` = no kind).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONCEPTS = ROOT / "evaluation" / "legal_concepts.yml"
DEFAULT = [ROOT / "evaluation" / "corpus" / "pairs_dev"]


def _flagged(report, codes, levels) -> list[str]:
    return [f"{f.code}:{f.level}" for f in report.findings if f.code in codes and str(f.level) in levels]


def evaluate_pairs(folders: list[Path]) -> dict:
    import rewriter

    concepts = yaml.safe_load(CONCEPTS.read_text(encoding="utf-8"))
    rows = []
    for folder in folders:
        for txt in sorted(folder.glob("*.txt")):
            ann = yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8"))
            if "concept" not in ann:
                continue
            codes = set(concepts[ann["concept"]])
            # the annotation's "general_notice" is the rules' "generel_meddelelse"
            letter_type = {"general_notice": "generel_meddelelse"}.get(ann["letter_type"], ann["letter_type"])
            report = rewriter.check(txt, letter_type)
            if ann["defective"]:
                hits = _flagged(report, codes, ("error", "warning"))
                ok = bool(hits)
            else:
                hits = _flagged(report, codes, ("error",))
                ok = not hits
            rows.append({"file": txt.name, "pair": ann["pair"], "concept": ann["concept"],
                         "defective": ann["defective"], "ok": ok, "findings": hits})
    per_concept: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # defect ok, defects, twin ok, twins
    for r in rows:
        c = per_concept[r["concept"]]
        if r["defective"]:
            c[0] += r["ok"]
            c[1] += 1
        else:
            c[2] += r["ok"]
            c[3] += 1
    return {"rows": rows, "per_concept": dict(per_concept)}


def evaluate_kinds(folders: list[Path]) -> dict:
    import rewriter

    total = correct = 0
    errors = []
    for folder in folders:
        for txt in sorted(folder.glob("*.txt")):
            ann = yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8"))
            gold = ann.get("sanction_kind")
            gold = {"s40": "ophoer"}.get(gold, gold)  # the writers' brief called ophør "s40"; the law has no ophør §
            if gold is None or ann["letter_type"] not in ("indkaldelse", "partshoering", "afgoerelse_sanktion"):
                continue
            # the annotation's "general_notice" is the rules' "generel_meddelelse"
            letter_type = {"general_notice": "generel_meddelelse"}.get(ann["letter_type"], ann["letter_type"])
            report = rewriter.check(txt, letter_type)
            kind = getattr(report, "sanction_kind", None)
            found = kind.id if kind else None
            total += 1
            if (found or "none") == gold:
                correct += 1
            else:
                errors.append((txt.name, gold, found))
    return {"total": total, "correct": correct, "errors": errors}


def table(pairs: dict, kinds: dict, title: str) -> str:
    lines = [f"## {title}", "", "| concept | defect flagged | twin without error |", "|---|---|---|"]
    td = tt = nd = nt = 0
    for concept, (d_ok, d_n, t_ok, t_n) in sorted(pairs["per_concept"].items()):
        lines.append(f"| {concept} | {d_ok}/{d_n} | {t_ok}/{t_n} |")
        td, nd, tt, nt = td + d_ok, nd + d_n, tt + t_ok, nt + t_n
    lines += ["", f"**Pairs**: defects flagged {td}/{nd}; correct twins without an error for it {tt}/{nt}.", ""]
    misses = [r for r in pairs["rows"] if not r["ok"]]
    if misses:
        lines.append("Not as expected: " + "; ".join(
            f"{r['file']} ({'defect not flagged' if r['defective'] else 'twin flagged: ' + ', '.join(r['findings'])})"
            for r in misses))
        lines.append("")
    if kinds["total"]:
        lines.append(f"**Sanction kind** (summons, hearings, decisions): {kinds['correct']}/{kinds['total']} "
                     f"({100 * kinds['correct'] / kinds['total']:.1f} %).")
        if kinds["errors"]:
            lines.append("Kind errors: " + "; ".join(f"{n}: {g} -> {f}" for n, g, f in kinds["errors"]))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", type=Path, help="pair folder (default: corpus/pairs_dev)")
    ap.add_argument("--kinds", action="append", type=Path,
                    help="folders to score sanction kinds on (default: the pair folders)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    folders = args.corpus or DEFAULT
    text = table(evaluate_pairs(folders), evaluate_kinds(args.kinds or folders),
                 ", ".join(f.name for f in folders))
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
