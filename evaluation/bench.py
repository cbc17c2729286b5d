"""Benchmarks for `rewriter check` (speed and memory targets live here, not in unit tests).

Run:  python -m evaluation.bench [--repeat N] [--json OUT]

Reports, in one run on the same texts:
* check: letters per second over the development corpus, and the median time of a
  full check of a ~400-word letter (target: <= 5 ms on one core);
* textstat's ``lix()`` on the same texts, with the time ratio and both LIX values
  (textstat counts sentences differently: "jf.", "kl. 10.00", "7. december" end
  sentences there);
* rewrite: the median time of the default rewrite proposal (check, plan, re-check
  of the result and the stability check) of the same letter (target: <= 50 ms),
  and the mean over the corpus;
* CLI cold start: ``python -m rewriter check LETTER`` wall time (target <= 0.5 s);
* .docx reading: our reader against python-docx's ``Document()`` on the same file;
* peak memory (tracemalloc) while checking the corpus, and the process's max RSS.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "evaluation" / "corpus" / "dev"


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def _docx_bytes(text: str) -> bytes:
    import docx  # python-docx, a test/benchmark dependency only

    d = docx.Document()
    for block in text.rstrip().split("\n\n"):
        p = d.add_paragraph()
        lines = block.split("\n")
        for i, line in enumerate(lines):
            r = p.add_run(line)
            if i < len(lines) - 1:
                r.add_break()
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def bench(repeat: int = 20) -> dict:
    import rewriter
    from rewriter.io.reader import letter_from_bytes

    paths = sorted(CORPUS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    results: dict = {"letters": len(texts)}

    rewriter.check(texts[0])  # warm the rules and lexicon caches (texts are not cached)
    t0 = time.perf_counter()
    for _ in range(repeat):
        for t in texts:
            rewriter.check(t)
    elapsed = time.perf_counter() - t0
    results["check_letters_per_s"] = round(len(texts) * repeat / elapsed, 1)

    # a ~400-word letter: the corpus letter closest to 400 words
    sized = sorted(texts, key=lambda t: abs(rewriter.check(t).metrics.words - 400))[0]
    results["check_400w_words"] = rewriter.check(sized).metrics.words
    results["check_400w_median_ms"] = round(_median_ms(lambda: rewriter.check(sized), repeat * 10), 3)
    from rewriter.rewrite import propose

    # rewrite: the default proposal incl. the re-check and the stability check (target <= 50 ms)
    results["rewrite_400w_median_ms"] = round(_median_ms(lambda: propose(sized), repeat * 2), 2)
    t0 = time.perf_counter()
    for t in texts:
        propose(t)
    results["rewrite_corpus_mean_ms"] = round((time.perf_counter() - t0) * 1000 / len(texts), 2)

    try:
        import textstat

        # textstat memoises its functions (lru_cache): give every call a text it
        # has not seen (trailing spaces change nothing it counts), as for us.
        variants = [[t + " " * (i + 1) for t in texts] for i in range(repeat)]
        textstat.lix(texts[0])
        t0 = time.perf_counter()
        for batch in variants:
            for t in batch:
                textstat.lix(t)
        ts_elapsed = time.perf_counter() - t0
        results["textstat_letters_per_s"] = round(len(texts) * repeat / ts_elapsed, 1)
        results["ratio_check_time_over_textstat_lix_time"] = round(elapsed / ts_elapsed, 2)
        from rewriter.analysis.readability import text_lix

        t0 = time.perf_counter()
        for batch in variants:
            for t in batch:
                text_lix(t)
        lix_elapsed = time.perf_counter() - t0
        results["our_lix_only_letters_per_s"] = round(len(texts) * repeat / lix_elapsed, 1)
        results["ratio_our_lix_time_over_textstat_lix_time"] = round(lix_elapsed / ts_elapsed, 2)
        ours = [rewriter.check(t).metrics.lix for t in texts]
        theirs = [round(textstat.lix(t), 1) for t in texts]
        results["lix_ours_mean"] = round(statistics.mean(ours), 1)
        results["lix_textstat_mean"] = round(statistics.mean(theirs), 1)
        results["lix_mean_abs_diff"] = round(statistics.mean(abs(a - b) for a, b in zip(ours, theirs)), 1)
    except ImportError:
        results["textstat"] = "not installed (pip install -e '.[test]')"

    letter = CORPUS / "01_indkaldelse-jobsamtale-skovlund.txt"
    cold = []
    for _ in range(max(3, repeat // 4)):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rewriter", "check", str(letter)], capture_output=True, check=False)
        cold.append(time.perf_counter() - t0)
    results["cli_cold_start_median_s"] = round(statistics.median(cold), 3)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    results["python_bare_start_s"] = round(time.perf_counter() - t0, 3)

    try:
        import docx

        data = _docx_bytes(letter.read_text(encoding="utf-8"))
        results["docx_read_median_ms"] = round(_median_ms(lambda: letter_from_bytes(data, "x.docx", ".docx"),
                                                          repeat * 10), 3)
        results["python_docx_document_median_ms"] = round(
            _median_ms(lambda: docx.Document(io.BytesIO(data)), repeat * 10), 3)
    except ImportError:
        results["docx"] = "python-docx not installed"

    tracemalloc.start()
    for t in texts:
        rewriter.check(t)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results["peak_traced_mb_checking_corpus"] = round(peak / 1e6, 2)
    results["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--json", help="write the figures as JSON to this file")
    args = ap.parse_args(argv)
    results = bench(args.repeat)
    width = max(map(len, results))
    for k, v in results.items():
        print(f"{k:<{width}}  {v}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
