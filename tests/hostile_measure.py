"""Measure the issue-17 reproductions: wall time, peak RSS (largest process), exit code, first coded line.

``python tests/hostile.py /tmp/hostile && python tests/hostile_measure.py /tmp/hostile [NAME ...]``

Each case runs under ``/usr/bin/time`` with a 200 s timeout; a line says ``OK`` when the answer is coded
(L1xx, A4xx, C3xx or a clean exit), came within 10 s and stayed under 400 MB, with no traceback.
Not a test (pytest does not collect it): the full-size inputs take minutes to generate.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CASES = {
    "image1GiB-check": "rewriter check {d}/image1GiB.docx",
    "image1GiB-rewrite": "rewriter rewrite {d}/image1GiB.docx -o {t}/out.docx",
    "header66MB-check": "rewriter check {d}/header66MB.docx",
    "header66MBx30-check": "rewriter check {d}/header66MBx30.docx",
    "empty10M-check": "rewriter check {d}/empty10M.docx",
    "empty10M-rewrite": "rewriter rewrite {d}/empty10M.docx -o {t}/out.docx",
    "nested240-check": "rewriter check {d}/nested240.docx",
    "nested240-rewrite": "rewriter rewrite {d}/nested240.docx -o {t}/out.docx && rewriter check {t}/out.docx",
    "dtd-rewrite": "rewriter rewrite {d}/dtd.docx -o {t}/out.docx && rewriter check {t}/out.docx",
    "control-rewrite": "rewriter rewrite {d}/control.txt -o {t}/out.docx && rewriter check {t}/out.docx",
    "sparse3G-check": "rewriter check {d}/sparse3G.txt",
    "sparse3G-rewrite": "rewriter rewrite {d}/sparse3G.txt",
    "stdin-zeros": "head -c 1500000000 /dev/zero | rewriter check -",
    "fifo-check": "rewriter check {d}/fifo.txt",
    "long-line-api": "python -c \"import rewriter; rewriter.check('Du indkaldes til samtale. ' * 20)\"",
    "long404-audit": "rewriter audit {t}/tpl --db {t}/a.sqlite --workers 1 --quiet",
    "dotslash-audit": "rewriter audit {d}/dotslash.zip --db {t}/a.sqlite --workers 1 --quiet",
    "dup-audit": "rewriter audit {d}/dup.zip --db {t}/a.sqlite --workers 1 --quiet",
    "bigtxt5-audit": "rewriter audit {d}/bigtxt5.zip --db {t}/a.sqlite --workers 1 --quiet",
    "bigtxt18-audit-2w": "rewriter audit {d}/bigtxt18.zip --db {t}/a.sqlite --workers 2 --quiet",
    "slow-audit": "rewriter audit {t}/slow --db {t}/a.sqlite --workers 1 --quiet",
    "slow-audit-limit5": "rewriter audit {t}/slow --db {t}/a.sqlite --workers 1 --quiet --time-limit 5",
    "empty5M-check": "rewriter check {d}/empty5M.docx",
    "empty5M-rewrite": "rewriter rewrite {d}/empty5M.docx -o {t}/out.docx",
    "nested300-check": "rewriter check {d}/nested300.docx",
    "nested300-rewrite": "rewriter rewrite {d}/nested300.docx -o {t}/out.docx",
    "image250MB-rewrite": "rewriter rewrite {d}/image250MB.docx -o {t}/out.docx && rewriter check {t}/out.docx",
    "devzero-check": "rewriter check /dev/zero",
}
CODE = re.compile(r"\b([LACR][1-4]\d\d)\b")


def run(name: str, d: Path) -> str:
    with tempfile.TemporaryDirectory() as t:
        (Path(t) / "tpl").mkdir()
        (Path(t) / "tpl" / "long.txt").write_bytes((d / "long404.txt").read_bytes())
        (Path(t) / "slow").mkdir()
        (Path(t) / "slow" / "slow.txt").write_bytes((d / "slow.txt").read_bytes())
        cmd = CASES[name].format(d=d, t=t)
        timing = Path(t) / "time"
        full = f"/usr/bin/time -o {timing} -f '%e %M' timeout -s KILL 200 bash -c {_q(cmd)}"
        p = subprocess.run(full, shell=True, capture_output=True, text=True, cwd=t)
        secs, kb = timing.read_text().split()[-2:] if timing.exists() else ("?", "0")
        out = p.stdout + p.stderr
        codes = sorted(set(CODE.findall(out)))
        tb = "Traceback" in out
        ok = (not tb and p.returncode in (0, 1, 2, 3) and float(secs) <= 10 and int(kb) < 400 * 1024)
        last = next((line for line in out.splitlines() if CODE.search(line)), out.strip().splitlines()[-1:] or [""])
        last = last if isinstance(last, str) else last[0]
        return (f"{name:22} {'OK ' if ok else 'BAD'} exit {p.returncode:>3}  {float(secs):6.1f} s  "
                f"{int(kb) / 1024:7.0f} MB  codes {','.join(codes) or '-':14} "
                f"{'TRACEBACK ' if tb else ''}{last[:110]}")


def _q(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'"


if __name__ == "__main__":
    d = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/hostile")
    names = sys.argv[2:] or list(CASES)
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    for n in names:
        print(run(n, d), flush=True)
