"""Evaluate letter-type detection and element detection against annotated letters.

Run:  python -m evaluation.evaluate [--corpus DIR ...] [--out FILE] [--errors] [--no-learned] [--model FILE]

For every annotated letter (``NN_name.txt`` + ``NN_name.yaml``, format in
``evaluation/corpus/dev/README.md``) this compares

* the detected letter type with the annotated one (accuracy; "unknown" counts as wrong);
* with the annotated type given, the threat paragraphs and the key-message
  paragraph (``rewriter.analysis.placement``) with the annotated ones;
* with the annotated type given, each element's detected paragraphs with the
  annotated paragraphs: paragraph level (a paragraph is a true positive when the
  element is found in it and annotated there) and letter level (present at all or
  not, which is what decides a missing-element finding), and how many missing-element findings are weak
  misses (a close candidate: a warning) on elements the letter has and on elements it really lacks.

``--no-learned`` measures the patterns alone (the learned element signal switched off); ``--model`` uses
another model file (from ``python -m evaluation.train_elements --out ...``).

Writes a Markdown table (per element and letter type, plus totals) and returns
the figures as a dict, so tests can assert the targets.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "evaluation" / "corpus" / "dev"
HOLDOUT = ROOT / "evaluation" / "corpus" / "holdout"
HOLDOUT2 = ROOT / "evaluation" / "corpus" / "holdout2"
CORPORA = ROOT / "evaluation" / "corpus"
GENERAL = "general_notice"  # annotated: a general text, not a summons, hearing, decision or guidance
NOT_A_LETTER_TYPE = ("unknown", GENERAL, "generel_meddelelse")


def _disputed(defects: list[str]) -> set[str]:
    """Elements the annotation says are present but legally wrong or partial ("wrong complaint_body: ...")."""
    out = set()
    for d in defects:
        head = str(d).split(":", 1)[0].split()
        if len(head) == 2 and head[0] in ("wrong", "partial"):
            out.add(head[1])
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Result:
    letters: int = 0
    type_correct: int = 0
    type_errors: list = field(default_factory=list)
    threat: Counts = field(default_factory=Counts)  # threat paragraphs, paragraph level
    key_correct: int = 0
    placement_errors: list = field(default_factory=list)
    paragraph: dict = field(default_factory=lambda: defaultdict(Counts))  # (type, element) -> Counts
    letter: dict = field(default_factory=lambda: defaultdict(Counts))
    errors: list = field(default_factory=list)
    # missing-element findings by the annotation: (element really there?, weak miss?) -> count
    misses: dict = field(default_factory=lambda: defaultdict(int))

    def total(self, level: str) -> Counts:
        c = Counts()
        for v in getattr(self, level).values():
            c.add(v)
        return c

    def per_element(self, level: str) -> dict[str, Counts]:
        out: dict[str, Counts] = defaultdict(Counts)
        for (_t, e), v in getattr(self, level).items():
            out[e].add(v)
        return out


def evaluate(corpora: list[Path]) -> Result:
    import rewriter

    res = Result()
    for corpus in corpora:
        for txt in sorted(corpus.glob("*.txt")):
            ann = yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8"))
            gold_type = ann["letter_type"]
            res.letters += 1
            detected = rewriter.check(txt)
            if detected.letter_type == gold_type or (gold_type == GENERAL and detected.letter_type in NOT_A_LETTER_TYPE):
                res.type_correct += 1
            else:
                res.type_errors.append((txt.name, gold_type, detected.letter_type,
                                        round(detected.letter_type_confidence, 2)))
            # a general notice is checked as whatever the tool takes it for (only the general elements are scored)
            report = detected if gold_type == GENERAL else rewriter.check(txt, gold_type)
            disputed = _disputed(ann.get("defects") or [])
            found = {e.id: set(e.paragraphs) for e in report.elements}
            missing = {str(f.values["element"]): f.values.get("miss") == "weak" for f in report.findings
                       if "element" in f.values and "missing_parts" not in f.values and f.values.get("status") != "wrong"}
            gold_threats = set(ann["threat_paragraphs"])
            threats = set(report.placement.threat_paragraphs)
            res.threat.add(Counts(len(gold_threats & threats), len(threats - gold_threats), len(gold_threats - threats)))
            key = report.placement.key_message_paragraph
            res.key_correct += key == ann["key_message_paragraph"]
            if threats != gold_threats or key != ann["key_message_paragraph"]:
                res.placement_errors.append((txt.name, sorted(gold_threats), sorted(threats),
                                             ann["key_message_paragraph"], key))
            for element, gold in ann["elements"].items():
                if element in disputed:  # stated wrongly or in part: scored by the legal evaluation, not here
                    continue
                g = set(gold)
                p = found.get(element, set())
                key = (gold_type, element)
                res.paragraph[key].add(Counts(len(g & p), len(p - g), len(g - p)))
                res.letter[key].add(Counts(int(bool(g) and bool(p)), int(bool(p) and not g), int(bool(g) and not p)))
                if g != p:
                    res.errors.append((txt.name, element, sorted(g - p), sorted(p - g)))
                if not p and element in missing:
                    res.misses[(bool(g), missing[element])] += 1
    return res


def table(res: Result, title: str) -> str:
    lines = [f"## {title}", "",
             f"Letters: {res.letters}. Letter type correct: {res.type_correct}/{res.letters} "
             f"({100 * res.type_correct / max(res.letters, 1):.1f} %).", ""]
    if res.type_errors:
        lines.append("Type errors: " + "; ".join(f"{n}: {g} -> {d} ({c})" for n, g, d, c in res.type_errors))
        lines.append("")
    lines += ["| letter type | element | para P | para R | letter P | letter R | TP/FP/FN (para) |",
              "|---|---|---|---|---|---|---|"]
    for key in sorted(res.paragraph):
        pc, lc = res.paragraph[key], res.letter[key]
        lines.append(f"| {key[0]} | {key[1]} | {pc.precision:.2f} | {pc.recall:.2f} | {lc.precision:.2f} | "
                     f"{lc.recall:.2f} | {pc.tp}/{pc.fp}/{pc.fn} |")
    pt, lt = res.total("paragraph"), res.total("letter")
    lines += ["", f"**Overall** paragraph level: P {pt.precision:.3f}, R {pt.recall:.3f} "
                  f"(TP {pt.tp}, FP {pt.fp}, FN {pt.fn}); letter level: P {lt.precision:.3f}, R {lt.recall:.3f} "
                  f"(TP {lt.tp}, FP {lt.fp}, FN {lt.fn}).", ""]
    m = res.misses
    if m:
        lines.append(f"**Missing-element findings** on elements the annotation has: {m[(True, True)]} weak "
                     f"(warning, verify), {m[(True, False)]} clear; on elements really missing: "
                     f"{m[(False, True)]} weak, {m[(False, False)]} clear.")
        lines.append("")
    lines.append(f"**Placement** threat paragraphs: P {res.threat.precision:.3f}, R {res.threat.recall:.3f} "
                 f"(TP {res.threat.tp}, FP {res.threat.fp}, FN {res.threat.fn}); key-message paragraph correct: "
                 f"{res.key_correct}/{res.letters} ({100 * res.key_correct / max(res.letters, 1):.1f} %).")
    lines.append("")
    worst_p = min(res.per_element("paragraph").items(), key=lambda kv: min(kv[1].precision, kv[1].recall))
    lines.append(f"Weakest element (paragraph level): {worst_p[0]} P {worst_p[1].precision:.2f} "
                 f"R {worst_p[1].recall:.2f}.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", type=Path,
                    help="annotated folder (default: every folder in evaluation/corpus/)")
    ap.add_argument("--out", type=Path, help="write the Markdown tables here")
    ap.add_argument("--errors", action="store_true", help="list every paragraph-level disagreement")
    ap.add_argument("--no-learned", action="store_true",
                    help="patterns alone: switch the learned element signal off (rewriter/analysis/learned.py)")
    ap.add_argument("--model", type=Path, help="the learned element model to use (default: the shipped one)")
    args = ap.parse_args(argv)
    from rewriter.analysis import learned

    learned.use_model(False if args.no_learned else args.model)
    corpora = args.corpus or sorted(p for p in CORPORA.iterdir() if p.is_dir())
    parts = []
    for c in corpora:
        if not c.is_dir():
            continue
        res = evaluate([c])
        parts.append(table(res, c.name))
        if args.errors:
            for name, element, missed, extra in res.errors:
                parts.append(f"  {name} {element}: missed {missed} extra {extra}\n")
            for name, gold_t, threats, gold_k, key in res.placement_errors:
                parts.append(f"  {name} threats gold {gold_t} found {threats}; key gold {gold_k} found {key}\n")
    text = "\n".join(parts)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
