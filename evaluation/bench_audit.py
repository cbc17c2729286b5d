"""Benchmark ``rewriter audit`` over generated folders (issue 8).

Run:  python -m evaluation.bench_audit [--txt 10000] [--docx 2000] [--workers 1 2] [--json OUT]

Generates, in a temporary folder, ``--txt`` .txt letters and ``--docx`` .docx
templates from the development corpus (``evaluation/corpus/dev/*.txt``), varied
per file so that no two files share content: other names, case numbers and
dates, and a body paragraph dropped from about a third of them.  A share of the
.docx templates (``--branch-share``, default 5 %) get a ``{% if %}/{% else %}``
block, so branch coverage is part of the cost.  Spread over sub-folders of 500.

Then runs ``python -m rewriter audit FOLDER --workers N --quiet`` for each
folder and worker count in a fresh subprocess and database, and reports:

* files per second (files / wall time of the whole command, start-up included),
  with a snapshot of ``rules/`` so that edits made meanwhile do not change the results;
* the same for a rerun where every file is unchanged (hash only, no check);
* peak memory: the largest single process (``getrusage`` of the waited
  children: ``ru_maxrss``) and the peak of the summed RSS and PSS of the audit
  process and its workers, sampled every 50 ms from ``/proc`` (PSS counts the
  pages that forked workers share once, so it is the honest total).

Targets: >= 300 .docx files/s on 2 workers; peak memory <= 300 MB regardless of
folder size.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "evaluation" / "corpus" / "dev"
sys.path.insert(0, str(ROOT / "tests"))

NAMES = ["Mikkel Frandsen", "Aisha Nielsen", "Jens Ove Madsen", "Fatima Ali", "Signe Holm", "Lars Bech",
         "Mette Sørensen", "Ahmad Karimi", "Birgitte Lund", "Kasper Dahl", "Nanna Friis", "Omar Hassan"]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december"]
_DATE = re.compile(r"\b(\d{1,2})\. (" + "|".join(MONTHS) + r") (\d{4})\b")
_CASE = re.compile(r"\b20\d\d-\d{4}(-[A-Z]{2})?\b")


def vary(text: str, i: int) -> str:
    """A distinct but realistic variant of a corpus letter."""
    rnd = random.Random(i)
    name = NAMES[i % len(NAMES)]
    text = re.sub(r"Kære [A-ZÆØÅ][\wæøå]+(?: [A-ZÆØÅ][\wæøå]+)*", f"Kære {name}", text, count=1)
    text = _CASE.sub(f"2027-{i:05d}", text)
    shift = rnd.randint(0, 20)
    text = _DATE.sub(lambda m: f"{(int(m.group(1)) + shift - 1) % 28 + 1}. {m.group(2)} {m.group(3)}", text)
    paras = text.rstrip("\n").split("\n\n")
    paras[0] += f"\nJournalnr. {i:06d}"  # every file distinct, so no result is shared by content
    if len(paras) > 8 and rnd.random() < 0.33:
        del paras[rnd.randint(5, len(paras) - 3)]
    return "\n\n".join(paras) + "\n"


def with_branch(text: str) -> str:
    paras = text.rstrip("\n").split("\n\n")
    k = len(paras) // 2
    paras[k] = "{% if personligt_fremmoede %}\n" + paras[k] + "\n{% else %}\nSamtalen holdes som telefonsamtale.\n{% endif %}"
    return "\n\n".join(paras) + "\n"


def generate(base: Path, n_txt: int, n_docx: int, branch_share: float) -> tuple[Path, Path]:
    from docxfactory import docx_from_letter_text

    seeds = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    txt_dir, docx_dir = base / "txt", base / "docx"
    for i in range(n_txt):
        d = txt_dir / f"mappe{i // 500:03d}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"brev_{i:05d}.txt").write_text(vary(seeds[i % len(seeds)], i), encoding="utf-8")
    every = round(1 / branch_share) if branch_share > 0 else 0
    for i in range(n_docx):
        d = docx_dir / f"mappe{i // 500:03d}"
        d.mkdir(parents=True, exist_ok=True)
        text = vary(seeds[(i * 7) % len(seeds)], 100_000 + i)
        if every and i % every == 0:
            text = with_branch(text)
        (d / f"skabelon_{i:05d}.docx").write_bytes(docx_from_letter_text(text))
    return txt_dir, docx_dir


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _mem_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


_WRAP = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(rc)")


def measure(folder: Path, db: Path, workers: int, rules: Path) -> dict:
    """Run one audit in a fresh wrapper process; wall time and memory."""
    cmd = [sys.executable, "-c", _WRAP, sys.executable, "-m", "rewriter", "audit", str(folder), "--db", str(db),
           "--workers", str(workers), "--quiet", "--rules", str(rules)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        pids = _tree(proc.pid)[1:]  # the audit and its workers, not the wrapper
        mem = [_mem_kb(p) for p in pids]
        peak_rss = max(peak_rss, sum(m[0] for m in mem))
        peak_pss = max(peak_pss, sum(m[1] for m in mem))
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    out, err = proc.communicate()
    if proc.returncode not in (0, 1, 3):
        raise SystemExit(f"audit failed ({proc.returncode}): {err}")
    files = int(re.search(r"\): ([\d.]+) filer", out).group(1).replace(".", ""))
    max_single = int(err.strip().splitlines()[-1])
    return {"files": files, "seconds": round(wall, 2), "files_per_s": round(files / wall, 1),
            "max_process_rss_mb": round(max_single / 1024, 1), "peak_sum_rss_mb": round(peak_rss / 1024, 1),
            "peak_sum_pss_mb": round(peak_pss / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--txt", type=int, default=10_000)
    ap.add_argument("--docx", type=int, default=2_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--branch-share", type=float, default=0.05)
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_audit_") as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        txt_dir, docx_dir = generate(base, args.txt, args.docx, args.branch_share)
        from rewriter.rules.resources import rules_dir

        rules = base / "rules"  # a snapshot: edits to rules/ during the run do not change the cache key
        shutil.copytree(rules_dir(), rules)
        print(f"generated {args.txt} .txt and {args.docx} .docx in {time.perf_counter() - t0:.1f} s", flush=True)
        for kind, folder in (("docx", docx_dir), ("txt", txt_dir)):
            if not folder.exists():
                continue
            for w in args.workers:
                db = base / f"{kind}_{w}.sqlite"
                first = measure(folder, db, w, rules)
                rows.append({"folder": kind, "workers": w, "run": "first", **first})
                print(json.dumps(rows[-1]), flush=True)
                if w == max(args.workers):
                    again = measure(folder, db, w, rules)
                    rows.append({"folder": kind, "workers": w, "run": "rerun, unchanged", **again})
                    print(json.dumps(rows[-1]), flush=True)
    print("\n| folder | files | workers | run | files/s | seconds | max process RSS MB | peak sum RSS MB "
          "| peak sum PSS MB |\n|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['folder']} | {r['files']} | {r['workers']} | {r['run']} | {r['files_per_s']} | {r['seconds']} "
              f"| {r['max_process_rss_mb']} | {r['peak_sum_rss_mb']} | {r['peak_sum_pss_mb']} |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
