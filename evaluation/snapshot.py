"""Save (or compare) what the CLI prints for every annotated letter: behaviour pinning for refactors.

Run:  python -m evaluation.snapshot save DIR      # one JSON file per letter under DIR
      python -m evaluation.snapshot compare DIR   # rerun and list every letter whose output differs

For each ``*.txt`` letter under ``evaluation/corpus/*/`` it runs, in process, exactly what the CLI runs:
``rewriter check PATH --format json``, ``rewriter check PATH`` (text) and ``rewriter rewrite PATH --format
json --mode M`` for the four rule-based modes, and keeps stdout and the exit code of each.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "evaluation" / "corpus"
COMMANDS = {
    "check_json": ["check", "{path}", "--format", "json"],
    "check_text": ["check", "{path}"],
    **{f"rewrite_{m}": ["rewrite", "{path}", "--format", "json", "--mode", m]
       for m in ("default", "restructure", "plain")},  # 'template' was retired (issue 16): C309
}


def letters() -> list[Path]:
    return sorted(CORPORA.glob("*/*.txt"))


def run_one(path: Path) -> dict:
    from rewriter.cli import main

    out = {}
    for name, argv in COMMANDS.items():
        buf, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(err):
            rc = main([a.replace("{path}", str(path.relative_to(ROOT))) for a in argv])
        out[name] = {"rc": rc, "stdout": buf.getvalue(), "stderr": err.getvalue()}
    return out


_VERSION = re.compile(r'"rulebook_version": "[0-9a-f]+"')


def _normal(out: dict | None) -> dict | None:
    """The output without the rulebook version: a hash of the rules files, which changes with any edit of
    them, also one that changes no behaviour (comments, examples, a setting moved from Python to YAML)."""
    if out is None:
        return None
    return {**out, "stdout": _VERSION.sub('"rulebook_version": "-"', out["stdout"])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=("save", "compare"))
    ap.add_argument("dir")
    args = ap.parse_args(argv)
    import os

    os.chdir(ROOT)  # paths in the output are relative to the repository
    target = Path(args.dir)
    target.mkdir(parents=True, exist_ok=True)
    differ = 0
    for path in letters():
        name = f"{path.parent.name}__{path.stem}.json"
        result = run_one(path)
        if args.action == "save":
            (target / name).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
            continue
        before_file = target / name
        if not before_file.exists():
            print(f"NEW {name}")
            continue
        before = json.loads(before_file.read_text(encoding="utf-8"))
        bad = [k for k in COMMANDS if _normal(before.get(k)) != _normal(result.get(k))]
        if bad:
            differ += 1
            print(f"DIFF {name}: {', '.join(bad)}")
    n = len(letters())
    print(f"{n} letters {'saved' if args.action == 'save' else f'compared, {differ} differ'}", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
