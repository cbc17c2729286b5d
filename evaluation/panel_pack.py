"""Lay out proposals for an editor panel: one folder per letter with the original and each offered proposal.

Run:  python -m evaluation.panel_pack SETDIR OUTDIR

For every ``*.txt`` letter in SETDIR, OUTDIR/<NNNN>/ gets ``original.txt`` (the normalised letter text the tool
works on), ``default.txt``, ``restructure.txt`` and ``plain.txt`` for each mode whose proposal changes the letter
and passes the safety check, and ``meta.json`` (which modes gave a proposal, the commit).  The panel brief is
``evaluation/briefs/panel.md``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

MODES = ("default", "restructure", "plain")


def pack(setdir: Path, outdir: Path) -> int:
    from rewriter.rewrite.propose import propose

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent).stdout.strip()
    n = 0
    for txt in sorted(setdir.glob("*.txt")):
        d = outdir / txt.stem.split("_")[0]
        d.mkdir(parents=True, exist_ok=True)
        meta = {"file": txt.name, "commit": commit, "modes": {}}
        original = None
        for mode in MODES:
            p = propose(txt, mode)
            original = p.report.letter.text
            offered = p.offered
            meta["modes"][mode] = "proposal" if offered else "no proposal"
            if offered:
                (d / f"{mode}.txt").write_text(p.text, encoding="utf-8")
        (d / "original.txt").write_text(original, encoding="utf-8")
        (d / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        n += 1
    return n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("setdir", type=Path)
    ap.add_argument("outdir", type=Path)
    a = ap.parse_args(argv)
    print(f"{pack(a.setdir, a.outdir)} letters packed in {a.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
