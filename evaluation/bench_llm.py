"""Benchmark for ``rewriter rewrite --mode llm``: per-letter latency and tokens per second.

Run:  python -m evaluation.bench_llm [--letters 5] [--max-new-tokens 64] [--repeat 3] [--model DIR] [--seq2seq]
      [--json OUT]

Without ``--model`` a tiny random GPT-2 (or T5 with ``--seq2seq``) is built in a
temporary folder (:mod:`rewriter.llm.tiny`): the figures then measure the
pipeline (masking, prompt, tokenizer, generate, restore, per-paragraph and
whole-letter checks) and the engine's overhead on this machine, not the speed of
a real model.  With ``--model`` the same loop runs a real local model.

Reports, per letter of ``evaluation/corpus/dev`` (the first N): wall time of the
llm proposal, the rule-based ``default`` proposal on the same letter in the same
run (the floor the llm mode adds to), paragraphs sent and kept, new tokens and
tokens per second of generation; then medians and the model load time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "evaluation" / "corpus" / "dev"


def _median_s(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run(letters: int, max_new_tokens: int, model: str | None, seq2seq: bool, repeat: int = 3) -> dict:
    from rewriter.analysis.pipeline import check
    from rewriter.llm import GenerationSettings, TransformersBackend, propose_llm
    from rewriter.rewrite import propose

    settings = GenerationSettings(max_new_tokens=max_new_tokens, time_limit=600)
    t0 = time.perf_counter()
    import torch
    import transformers  # noqa: F401 - timed: the first --mode llm call pays this once per process

    import_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        if model is None:
            from rewriter.llm.tiny import build_tiny_model

            model = str(build_tiny_model(Path(tmp) / ("tiny-t5" if seq2seq else "tiny-gpt2"), seq2seq=seq2seq))
            label = "tiny random T5 (seq2seq)" if seq2seq else "tiny random GPT-2 (causal, 1 layer, 32 dims)"
        else:
            label = Path(model).name
        t0 = time.perf_counter()
        backend = TransformersBackend.load(model, settings)
        load_s = time.perf_counter() - t0
        rows = []
        paths = sorted(CORPUS.glob("*.txt"))[:letters]
        propose_llm(check(paths[0]), backend, settings)  # warm-up: first-call allocations, caches
        for path in paths:
            report = check(path)
            rule_s = _median_s(lambda r=report: propose(r, "default"), repeat)
            runs = []
            for _ in range(repeat):
                first = len(backend.stats)
                t0 = time.perf_counter()
                p = propose_llm(report, backend, settings)
                runs.append((time.perf_counter() - t0, backend.stats[first:]))
            llm_s, stats = sorted(runs, key=lambda r: r[0])[len(runs) // 2]  # the median run
            gen_s = sum(s["seconds"] for s in stats)
            new = sum(s["new_tokens"] for s in stats)
            rows.append({"letter": path.name, "llm_s": llm_s, "rule_s": rule_s, "generate_s": gen_s,
                         "paragraphs_sent": sum(r.sent for r in p.paragraphs),
                         "paragraphs_from_model": sum(r.source == "model" for r in p.paragraphs),
                         "prompt_tokens": sum(s["prompt_tokens"] for s in stats), "new_tokens": new,
                         "tokens_per_second": new / gen_s if gen_s else 0.0, "guard_passed": p.guard.passed})
    total_new = sum(r["new_tokens"] for r in rows)
    total_gen = sum(r["generate_s"] for r in rows)
    return {
        "model": label, "device": backend.device, "torch": torch.__version__, "threads": torch.get_num_threads(),
        "cpu": platform.processor() or platform.machine(), "cpus": os.cpu_count(), "python": sys.version.split()[0],
        "max_new_tokens": max_new_tokens, "repeat": repeat, "import_s": import_s, "load_s": load_s, "letters": rows,
        "median_llm_s": statistics.median(r["llm_s"] for r in rows),
        "median_rule_s": statistics.median(r["rule_s"] for r in rows),
        "median_paragraph_s": statistics.median(r["generate_s"] / max(1, r["paragraphs_sent"]) for r in rows),
        "tokens_per_second": total_new / total_gen if total_gen else 0.0,
    }


def markdown(res: dict) -> str:
    lines = [(f"Model: {res['model']}, device {res['device']}, torch {res['torch']} ({res['threads']} threads, "
             f"{res['cpus']} CPUs), Python {res['python']}, max_new_tokens {res['max_new_tokens']}, median of {res['repeat']} runs per letter; "
             f"import of torch + transformers {res['import_s']:.1f} s, model load {res['load_s']:.2f} s."), "",
             ("| letter | llm s | rule-based s | generate s | paragraphs sent / from model | prompt tokens | "
             "new tokens | tokens/s | guard |"),
             "|---|---|---|---|---|---|---|---|---|"]
    for r in res["letters"]:
        lines.append(f"| {r['letter']} | {r['llm_s']:.2f} | {r['rule_s']:.3f} | {r['generate_s']:.2f} | "
                     f"{r['paragraphs_sent']} / {r['paragraphs_from_model']} | {r['prompt_tokens']} | "
                     f"{r['new_tokens']} | {r['tokens_per_second']:.0f} | "
                     f"{'passed' if r['guard_passed'] else 'FAILED'} |")
    lines += ["", (f"Median per letter: {res['median_llm_s']:.2f} s with the model against "
              f"{res['median_rule_s'] * 1000:.0f} ms rule-based; median generate time per paragraph "
              f"{res['median_paragraph_s'] * 1000:.0f} ms; {res['tokens_per_second']:.0f} new tokens/s overall.")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.bench_llm", description=__doc__.split("\n")[0])
    ap.add_argument("--letters", type=int, default=5)
    ap.add_argument("--max-new-tokens", type=int, default=64)
    ap.add_argument("--model", default=None, help="a local model folder (default: a tiny random model)")
    ap.add_argument("--seq2seq", action="store_true", help="the tiny model as T5 instead of GPT-2")
    ap.add_argument("--repeat", type=int, default=3, help="runs per letter; the median run is reported")
    ap.add_argument("--json", default=None, help="also write the figures as JSON to this file")
    args = ap.parse_args(argv)
    res = run(args.letters, args.max_new_tokens, args.model, args.seq2seq, args.repeat)
    print(markdown(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
