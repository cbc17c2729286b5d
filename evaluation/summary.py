"""One line per annotated folder: the regression guard to run after every rule change.

Run:  python -m evaluation.summary [--out FILE] [FOLDER ...]

Default folders: every folder of ``evaluation/corpus`` and every detection set of ``evaluation/keptback``
(``outside*``).  Each line gives the letter-type accuracy, letter-level precision and recall, the
missing-element errors on elements the annotation has (weak / clear) and the type errors.  Compare two runs with
``diff`` (the output is sorted and holds no timings), e.g. before and after a change to ``rules/``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.evaluate import evaluate

ROOT = Path(__file__).resolve().parent


def folders() -> list[Path]:
    corpus = sorted(d for d in (ROOT / "corpus").iterdir() if d.is_dir())
    kept = sorted(d for d in (ROOT / "keptback").iterdir() if d.is_dir() and d.name.startswith("outside"))
    return corpus + kept


def line(folder: Path) -> str:
    res = evaluate([folder])
    lt = res.total("letter")
    m = res.misses
    errors = "; ".join(f"{n}: {g} -> {d}" for n, g, d, _c in res.type_errors)
    return (f"{folder.name:<20} type {res.type_correct}/{res.letters:<4} letter P {lt.precision:.3f} "
            f"R {lt.recall:.3f}  errors on present elements weak {m[(True, True)]} clear {m[(True, False)]}"
            + (f"  | {errors}" if errors else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    lines = [line(f) for f in (args.folders or folders())]
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
