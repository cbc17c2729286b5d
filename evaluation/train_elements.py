"""Train the learned element signal (rewriter/analysis/learned.py) from the annotated letters.

Run:  python -m evaluation.train_elements [--out FILE] [--folders dev holdout ...] [--element ID ...] [--report]

Training letters: ``evaluation/corpus/dev`` and every ``evaluation/corpus/holdout*`` folder (never
``outside*``, ``pairs_dev`` or ``evaluation/keptback``: those are the untouched test sets).  For each element:

* labels: an element the annotations name (``elements:`` of ``NN_name.yaml``) learns from the annotated
  paragraphs of the letters that annotate it (``source: annotated``); the others learn from the paragraphs
  their patterns find in the letters of the types they apply to and in the rules' own examples (pass examples
  and corrected fail examples) (``source: patterns``: regenerate after a pattern change), and ship only with
  an out-of-fold AUC of at least ``MIN_AUC``;
* features: the character 4-grams of each paragraph (:func:`rewriter.analysis.learned.features`);
* model: L2-regularised logistic regression (full-batch Adam, fixed iterations, no randomness), pruned to the
  ``--keep`` largest weights, weights rounded to 3 decimals: the same inputs give the same file, byte for byte;
* calibration, on out-of-fold scores (5 folds of folders: a letter is scored by a model that never saw its
  folder), over the paragraphs where the checker looks for the element.  The negatives are the letters
  without the element and, for the letters with it, the letter without the element's paragraphs (its best
  other paragraph).  ``weak_at`` is the score that 95 % of the negatives of each kind stay below, at least 0.2
  (the floor that, across the two halves of the training folders, made most pattern misses and fewest real
  absences weak misses); a miss with a candidate above it is a weak miss (never for a part of another
  element, ``part_of``: its absence is the parent's paragraph without the part, which always reads like it).
  ``present_at`` (annotated elements that are neither a fact, see ``FACTS``, nor a part) is the lowest score
  that at most 1 % of the negatives and none of the letters that really lack the element reach, at least
  0.5; where that leaves less than half of the letters with the element found by this signal alone, it stays
  off.

``--report`` prints the out-of-fold figures per element (AUC, recall alone at ``present_at``, pattern misses
recovered) that the thresholds were calibrated on.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import yaml

from evaluation.evaluate import _disputed

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "evaluation" / "corpus"
FORBIDDEN = ("outside", "pairs_dev", "keptback")  # the untouched test sets of issue 15
FOLDS = 5
RULES = "<rules>"  # the folder name of the rules' examples
ITERATIONS = 150
KEEP = 500
MIN_POSITIVES = 3
MIN_AUC = 0.8  # an element learned from its patterns ships only when its out-of-fold AUC reaches this
WEAK_QUANTILE, WEAK_FLOOR = 0.95, 0.2
PRESENT_FP_RATE, PRESENT_FLOOR, PRESENT_MIN_RECALL = 0.01, 0.5, 0.5
# elements that are a fact (a date, a sender, a phone number or address, a place and time, a deadline, an amount):
# either there or not, which the patterns decide; the learned signal gives them evidence, never presence (a
# letterhead without a phone number reads like contact information, a case number like a date line)
FACTS = frozenset({"letter_date", "sender", "contact", "meeting_datetime", "meeting_place", "response_deadline",
                   "complaint_deadline", "amount_period"})


def default_folders() -> list[str]:
    return ["dev"] + sorted(p.name for p in CORPORA.iterdir() if p.is_dir() and p.name.startswith("holdout"))


def load_letters(folders: list[str], pattern_ids: set[str] | None = None) -> list[dict]:
    """Each training letter: folder, letter type, paragraph features, gold and pattern-found paragraphs (of the
    elements ``pattern_ids``, default all)."""
    from rewriter.analysis.elements import ElementCache, detect_element, subject_line
    from rewriter.analysis.folding import fold_text
    from rewriter.analysis.learned import mapped_text, paragraph_features
    from rewriter.analysis.zones import paragraph_zones
    from rewriter.io.reader import letter_from_text
    from rewriter.rules.rulebook import load_rulebook

    rb = load_rulebook()
    out = []
    for folder in folders:
        if any(f in folder for f in FORBIDDEN):
            raise SystemExit(f"{folder}: a test set of issue 15, never trained on")
        for txt in sorted((CORPORA / folder).glob("*.txt")):
            ann = yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8"))
            letter_type = ann["letter_type"]
            disputed = _disputed(ann.get("defects") or [])
            gold = {e: set(v or ()) for e, v in (ann.get("elements") or {}).items() if e not in disputed}
            if pattern_ids is not None and not any(e in gold or letter_type in rb.element(e).applies_to
                                                   for e in pattern_ids if rb.element(e) is not None):
                continue  # says nothing about the elements asked for
            text = txt.read_text(encoding="utf-8")
            letter = letter_from_text(text, txt.name)
            if len(letter.paragraphs) != len(text.rstrip("\n").split("\n\n")):
                continue  # paragraphs not as annotated
            zones = paragraph_zones(letter, rb.language)
            folded = fold_text(letter)
            mapped = mapped_text(letter, folded)
            cache = ElementCache(subject_line(letter, zones, rb.roles.subject if rb.roles else None))
            patterns = {}
            for e in rb.elements:
                use = e.applies_to.get(letter_type)
                if use is not None and (pattern_ids is None or e.id in pattern_ids):
                    patterns[e.id] = set(detect_element(letter, folded, zones, e, use, cache, letter_type).paragraphs)
            out.append({"folder": folder, "name": txt.name, "type": letter_type, "gold": gold, "patterns": patterns,
                        "zones": zones, "subject": cache.subject,
                        "features": [paragraph_features(letter, p.index, mapped) for p in letter.paragraphs]})
    # the rules' own examples (pass examples and corrected fail examples), for the elements learned from their
    # patterns: always in training, never in a calibration fold
    for e in rb.elements:
        if pattern_ids is not None and e.id not in pattern_ids:
            continue
        for n, ex in enumerate([*e.rule.examples_pass, *e.rule.examples_fail]):
            text = ex.text if ex in e.rule.examples_pass else ex.fixed
            letter_type = ex.letter_type or next(iter(e.applies_to))
            if not text or letter_type not in e.applies_to:
                continue
            letter = letter_from_text(text, f"{e.id}:{n}")
            zones = paragraph_zones(letter, rb.language)
            cache = ElementCache(subject_line(letter, zones, rb.roles.subject if rb.roles else None))
            folded = fold_text(letter)
            found = detect_element(letter, folded, zones, e, e.applies_to[letter_type], cache, letter_type)
            mapped = mapped_text(letter, folded)
            out.append({"folder": RULES, "name": f"{e.id}:{n}", "type": letter_type, "gold": {},
                        "patterns": {e.id: set(found.paragraphs)}, "zones": zones, "subject": cache.subject,
                        "features": [paragraph_features(letter, p.index, mapped) for p in letter.paragraphs]})
    return out


def labelled(letters: list[dict], element_id: str, annotated: bool) -> list[tuple[int, set[int]]]:
    """(letter index, paragraphs with the element) for the letters that say where the element is."""
    key = "gold" if annotated else "patterns"
    return [(i, x[key][element_id]) for i, x in enumerate(letters) if element_id in x[key]]


def fit(rows: list[set[str]], y: list[float]) -> tuple[dict[str, float], float]:
    """Logistic regression on binary 4-gram features scaled by 1/sqrt(count), L2 (C = 1), pruned."""
    counts: dict[str, int] = {}
    for r in rows:
        for f in r:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, c in counts.items() if c >= 2)
    index = {f: j for j, f in enumerate(vocab)}
    cols = [np.array(sorted(index[f] for f in r if f in index), dtype=np.int64) for r in rows]
    lens = np.array([len(c) for c in cols])
    keep = lens > 0
    cols = [c for c, k in zip(cols, keep) if k]
    raw = np.array([len(r) for r, k in zip(rows, keep) if k], dtype=np.float64)
    target = np.array(y, dtype=np.float64)[keep]
    lens = lens[keep]
    idx = np.concatenate(cols)
    rid = np.repeat(np.arange(len(cols)), lens)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    vals = (1.0 / np.sqrt(raw))[rid]
    n, v = len(cols), len(vocab)
    w, m, s = np.zeros(v), np.zeros(v), np.zeros(v)
    b = mb = sb = 0.0
    lr, b1, b2 = 0.1, 0.9, 0.999
    for t in range(1, ITERATIONS + 1):
        z = np.add.reduceat(w[idx] * vals, starts) + b
        r = 1.0 / (1.0 + np.exp(-z)) - target
        g = np.bincount(idx, weights=vals * r[rid], minlength=v) / n + w / n
        gb = float(r.sum()) / n
        m = b1 * m + (1 - b1) * g
        s = b2 * s + (1 - b2) * g * g
        w -= lr * (m / (1 - b1 ** t)) / (np.sqrt(s / (1 - b2 ** t)) + 1e-8)
        mb = b1 * mb + (1 - b1) * gb
        sb = b2 * sb + (1 - b2) * gb * gb
        b -= lr * (mb / (1 - b1 ** t)) / (math.sqrt(sb / (1 - b2 ** t)) + 1e-8)
    order = sorted(range(v), key=lambda j: (-abs(w[j]), vocab[j]))[:KEEP]
    weights = {vocab[j]: round(float(w[j]), 3) for j in sorted(order, key=lambda j: vocab[j])}
    return {f: x for f, x in weights.items() if x != 0.0}, round(b, 3)


def _train(letters: list[dict], items: list[tuple[int, set[int]]]) -> tuple[dict[str, float], float]:
    rows, y = [], []
    for i, where in items:
        for j, f in enumerate(letters[i]["features"]):
            rows.append(f)
            y.append(float(j in where))
    return fit(rows, y)


def _quantile(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(math.ceil(q * len(v))) - 1)] if v else 0.0


def calibrate(letters: list[dict], element, annotated: bool, items: list[tuple[int, set[int]]]) -> dict:
    """Out-of-fold scores of each letter's candidate paragraphs (where the checker looks for the element:
    :func:`rewriter.analysis.learned.candidates`), and the thresholds they give."""
    from rewriter.analysis.learned import ElementModel, candidates

    element_id = element.id

    folders = sorted({letters[i]["folder"] for i, _ in items} - {RULES})
    fold = {f: k % FOLDS for k, f in enumerate(folders)}
    fold[RULES] = -1  # always trained on
    scores: dict[int, list[float]] = {}
    for k in range(FOLDS):
        train = [(i, w) for i, w in items if fold[letters[i]["folder"]] != k]
        test = [i for i, _ in items if fold[letters[i]["folder"]] == k]
        if not train or not test or not any(w for _, w in train):
            continue
        weights, bias = _train(letters, train)
        model = ElementModel(weights, bias, 1.0, None, "")
        for i in test:
            x = letters[i]
            where = candidates(element, x["zones"], x["subject"])
            scores[i] = [model.score(f) if where is None or j in where else 0.0 for j, f in enumerate(x["features"])]
    where = dict(items)
    positives, real_negatives, ablated, missed = [], [], [], []
    for i, s in scores.items():
        if where[i]:
            positives.append(max(s))
            ablated.append(max((x for j, x in enumerate(s) if j not in where[i]), default=0.0))
            if annotated and not letters[i]["patterns"].get(element_id):
                missed.append(max(s))
        else:
            real_negatives.append(max(s))
    negatives = real_negatives + ablated
    # a weak miss: above what 95 % of the letters without the element's paragraphs and 95 % of the letters
    # that really lack it reach; never for a part of another element (its absence is the parent's paragraph
    # without the part: that paragraph always reads like it)
    weak_at = max(WEAK_FLOOR, _quantile(ablated, WEAK_QUANTILE) + 0.01,
                  (_quantile(real_negatives, WEAK_QUANTILE) + 0.01) if real_negatives else 0.0)
    if element.part_of:
        weak_at = None
    present_at = None
    if annotated and element_id not in FACTS and not element.part_of:
        if real_negatives:
            t = max(PRESENT_FLOOR, _quantile(negatives, 1 - PRESENT_FP_RATE) + 0.01, max(real_negatives) + 0.01)
        else:  # no letter lacks it: above every letter without the element's paragraphs
            t = max(PRESENT_FLOOR, max(ablated, default=1.0) + 0.01)
        if t < 1.0 and sum(p >= t for p in positives) >= PRESENT_MIN_RECALL * len(positives):
            present_at = t
    if present_at is not None:
        weak_at = min(weak_at, present_at)
    auc = None
    if positives and real_negatives:
        auc = sum((p > n) + 0.5 * (p == n) for p in positives for n in real_negatives) / (len(positives) * len(real_negatives))
    stats = {"letters": len(scores), "positives": len(positives), "real_negatives": len(real_negatives),
             "auc_real": auc, "weak_negatives": sum(weak_at is not None and n >= weak_at for n in real_negatives),
             "alone_recall": (sum(p >= present_at for p in positives) / len(positives)) if present_at else None,
             "pattern_misses": len(missed), "recovered": sum(p >= present_at for p in missed) if present_at else 0,
             "weak_misses": sum(weak_at is not None and p >= weak_at for p in missed)}
    return {"weak_at": round(weak_at, 3) if weak_at is not None else None, "present_at": round(present_at, 3) if present_at is not None else None,
            "stats": stats}


def train(folders: list[str], only: list[str] | None = None, log=None) -> dict:
    from rewriter.analysis.learned import SCHEMA
    from rewriter.rules.rulebook import load_rulebook

    t0 = time.perf_counter()
    letters = load_letters(folders, set(only) if only else None)
    annotated_ids = {e for x in letters for e in x["gold"]}
    elements = {}
    for e in load_rulebook().elements:
        if only and e.id not in only:
            continue
        annotated = e.id in annotated_ids
        items = labelled(letters, e.id, annotated)
        if sum(len(w) for _, w in items) < MIN_POSITIVES:
            continue
        cal = calibrate(letters, e, annotated, items)
        auc = cal["stats"]["auc_real"]
        if not annotated and auc is not None and auc < MIN_AUC:
            if log:
                log(e.id, None, cal["stats"], time.perf_counter() - t0)
            continue  # learned from its patterns and no better than chance at telling letters apart: no evidence
        weights, bias = _train(letters, items)
        elements[e.id] = {"source": "annotated" if annotated else "patterns", "bias": bias,
                          "weak_at": cal["weak_at"], "present_at": cal["present_at"], "weights": weights}
        if log:
            log(e.id, elements[e.id], cal["stats"], time.perf_counter() - t0)
    return {"schema": SCHEMA, "features": "character 4-grams (rewriter.analysis.learned.features)",
            "trained_on": folders, "letters": sum(x["folder"] != RULES for x in letters),
            "rule_examples": sum(x["folder"] == RULES for x in letters), "elements": elements}


def dumps(model: dict) -> str:
    return json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    from rewriter.analysis.learned import MODEL_PATH

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODEL_PATH, help=f"the model file (default: {MODEL_PATH})")
    ap.add_argument("--folders", nargs="+", help="training folders under evaluation/corpus (default: dev, holdout*)")
    ap.add_argument("--element", nargs="+", help="train only these elements")
    ap.add_argument("--report", action="store_true", help="print the out-of-fold figures per element")
    ap.add_argument("--keep", type=int, default=KEEP, help=f"weights kept per element (default {KEEP})")
    ap.add_argument("--weak-floor", type=float, default=WEAK_FLOOR,
                    help=f"the lowest weak_at of any element (default {WEAK_FLOOR})")
    args = ap.parse_args(argv)
    globals()["KEEP"], globals()["WEAK_FLOOR"] = args.keep, args.weak_floor

    def log(eid, entry, stats, seconds):
        if args.report and entry is None:
            print(f"{eid:27s} left out: out-of-fold AUC {stats['auc_real']:.3f} < {MIN_AUC}", file=sys.stderr)
        elif args.report:
            auc = f"{stats['auc_real']:.3f}" if stats["auc_real"] is not None else "-"
            alone = f"{stats['alone_recall']:.2f}" if stats["alone_recall"] is not None else "-"
            print(f"{eid:27s} {entry['source']:9s} weak_at {entry['weak_at'] if entry['weak_at'] is not None else '-':>5} present_at "
                  f"{entry['present_at'] if entry['present_at'] is not None else '-':>5} auc {auc} alone {alone} "
                  f"neg {stats['real_negatives']:3d} weak-neg {stats['weak_negatives']:2d} "
                  f"pattern misses {stats['pattern_misses']} recovered {stats['recovered']} weak {stats['weak_misses']} "
                  f"weights {len(entry['weights'])} [{seconds:.0f} s]", file=sys.stderr, flush=True)

    model = train(args.folders or default_folders(), args.element, log)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dumps(model), encoding="utf-8")
    print(f"{args.out}: {len(model['elements'])} elements from {model['letters']} letters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
