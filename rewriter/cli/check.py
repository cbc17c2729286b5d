"""``rewriter check``: check one or more letters; greppable text or the JSON report.

Text output: one ``path:line:col CODE level message [legal basis]`` line per
finding, then a summary line.  ``--show fixes,questions`` adds, after each
letter, the suggested fixes and the citizen's questions with the sentence that
answers each (or "ikke besvaret").  Exit codes: see :mod:`rewriter.cli`.
"""

from __future__ import annotations

import argparse
import json
import sys

from rewriter.cli.danish import heltal, tal
from rewriter.budget import DEFAULT_SECONDS, time_budget
from rewriter.errors import LetterError, UsageError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 3
SHOW = ("fixes", "questions")


def add_parser(sub) -> argparse.ArgumentParser:
    c = sub.add_parser("check", help="tjek et eller flere breve", description="Tjek et eller flere breve for "
                       "lovpligtige elementer, læsbarhed (LIX) og placering af konsekvensafsnittet.")
    c.add_argument("paths", nargs="+", metavar="BREV", help="brev (.txt, .md, .docx) eller - for stdin")
    c.add_argument("--type", metavar="TYPE", dest="letter_type", default=None,
                   help="brevtype (standard: genkendes), fx indkaldelse, partshoering, afgoerelse_sanktion, "
                        "vejledning_raadighed eller generel_meddelelse; typerne står i rules/letter_types.yml")
    c.add_argument("--format", choices=("text", "json"), default="text",
                   help="text: en linje pr. fund og en opsummering (standard); json: rapporten (docs/wire-format.md)")
    c.add_argument("--show", default=None, metavar="fixes,questions",
                   help="tekstformat: vis også forslagene til rettelser (fixes) og borgerens spørgsmål med svarene "
                        "i brevet (questions); kommasepareret")
    c.add_argument("--rules", metavar="MAPPE", default=None, help="mappe med regelfiler (standard: de medfølgende)")
    c.add_argument("--fail-level", choices=("error", "warning", "suggestion"), default="error",
                   help="laveste niveau, der giver afslutningskode 1 (standard: error)")
    c.add_argument("--time-limit", type=tal, default=None, metavar="SEK",
                   help=f"højst så mange sekunder pr. brev; et brev, der tager længere tid, springes over (L109, "
                        f"standard {DEFAULT_SECONDS:g})")
    c.add_argument("--max-chars", metavar="TEGN", type=heltal, default=None, help="største brev i tegn (standard 2.000.000)")
    c.add_argument("--profile", metavar="PROFIL", default=None, help="kommuneprofil i rules/profiles/ (fx tillid-foerst)")
    c.add_argument("--date", metavar="DATO", default=None, help="brug reglerne, der gælder på denne dato (ÅÅÅÅ-MM-DD); "
                                               "standard: brevets egen dato, ellers i dag")
    return c


def parse_show(value: str | None) -> tuple[str, ...]:
    """``--show fixes,questions`` -> ("fixes", "questions"); an unknown part is a usage error (``C319``)."""
    if not value:
        return ()
    parts = [p.strip() for p in value.split(",") if p.strip()]
    unknown = [p for p in parts if p not in SHOW]
    if unknown or not parts:
        raise UsageError(f"--show kender ikke '{', '.join(unknown) or value}'.", code="C319",
                         hint="Skriv --show fixes, --show questions eller --show fixes,questions.")
    return tuple(p for p in SHOW if p in parts)


def run(args: argparse.Namespace) -> int:
    from rewriter.analysis.pipeline import check, parse_date, validate_letter_type
    from rewriter.cli.common import max_chars, read, time_limit
    from rewriter.cli.render import render_fixes, render_questions, render_text
    from rewriter.model import Level
    from rewriter.rules.rulebook import load_rulebook

    validate_letter_type(args.letter_type, args.rules)
    parse_date(args.date)
    show = parse_show(args.show)
    load_rulebook(args.rules)  # a broken rules folder is a configuration error (exit 2) before any letter
    limit = max_chars(args.max_chars)
    seconds = time_limit(args.time_limit, DEFAULT_SECONDS)
    fail_rank = Level(args.fail_level).rank
    worst = EXIT_CLEAN
    outputs = []
    for path in args.paths:
        try:
            with time_budget(seconds, where=path):
                letter = read(path, limit)
                report = check(letter, args.letter_type, rules=args.rules, profile=args.profile, date=args.date)
        except LetterError as exc:
            print(str(exc), file=sys.stderr)
            if args.format == "json":
                outputs.append({"schema": "rewriter.error/1", "source": path, "error": exc.to_dict()})
            worst = max(worst, EXIT_INPUT)
            continue
        if args.format == "json":
            outputs.append(report.to_dict())
        else:
            print(render_text(report))
            if "fixes" in show:
                print(render_fixes(report))
            if "questions" in show:
                print(render_questions(report))
        if any(f.level.rank >= fail_rank for f in report.findings):
            worst = max(worst, EXIT_FINDINGS)
    if args.format == "json":
        payload = outputs[0] if len(outputs) == 1 else outputs
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    return worst
