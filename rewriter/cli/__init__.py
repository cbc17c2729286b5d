"""Command line: ``rewriter check`` and ``rewriter rules``; thin, the logic is in :mod:`rewriter.analysis.pipeline`.

Exit codes (also in ``README.md``):

====  ==========================================================
0     no finding at or above ``--fail-level``
1     at least one finding at or above ``--fail-level``
2     usage or configuration error (bad option, broken rules)
3     a letter could not be read (empty, binary, corrupt, too big)
====  ==========================================================
"""

from __future__ import annotations

import argparse
import json
import sys

from rewriter.errors import LetterError, RewriterError, UsageError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # Danish, coded, no traceback
        self.print_usage(sys.stderr)
        print(f"C300 Forkert brug: {message}. Se 'rewriter {self.prog.split()[-1]} --help'.", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _build_parser() -> argparse.ArgumentParser:
    from rewriter import __version__

    parser = _Parser(prog="rewriter", description="Tjek og omskriv jobcenterbreve.")
    parser.add_argument("--version", action="version", version=f"rewriter {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    c = sub.add_parser("check", help="tjek et eller flere breve")
    c.add_argument("paths", nargs="+", metavar="PATH", help="brev (.txt, .md, .docx) eller - for stdin")
    c.add_argument("--type", dest="letter_type", default=None,
                   help="brevtype: indkaldelse, partshoering, afgoerelse_sanktion, vejledning_raadighed")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("--rules", default=None, help="mappe med regelfiler (standard: de medfølgende)")
    c.add_argument("--fail-level", choices=("error", "warning", "suggestion"), default="error")
    c.add_argument("--max-chars", type=int, default=None, help="største brev i tegn (standard 2.000.000)")
    c.add_argument("--profile", default=None, help="kommuneprofil i rules/profiles/ (fx tillid-foerst)")
    c.add_argument("--date", default=None, help="brug reglerne, der gælder på denne dato (ÅÅÅÅ-MM-DD); "
                                               "standard: brevets egen dato, ellers i dag")
    w = sub.add_parser("rewrite", help="foreslå en omskrivning af et brev (hovedbudskabet først, klart sprog)")
    w.add_argument("path", metavar="PATH", help="brev (.txt, .md, .docx) eller - for stdin")
    w.add_argument("--mode", choices=("default", "restructure", "plain", "template", "llm"), default="default",
                   help="default: omstrukturering + sikre sproglige rettelser (standard); llm: en lokal sprogmodel "
                        "omskriver afsnittene (kræver pip install -e \".[llm]\" og --model)")
    w.add_argument("-o", "--output", default=None, metavar="FIL",
                   help="skriv forslaget til FIL (.txt, .md eller .docx); standard: vis teksten")
    w.add_argument("--format", choices=("text", "json"), default="text")
    w.add_argument("--type", dest="letter_type", default=None, help="brevtype (standard: genkendes)")
    w.add_argument("--profile", default=None, help="kommuneprofil i rules/profiles/")
    w.add_argument("--date", default=None, help="brug reglerne, der gælder på denne dato (ÅÅÅÅ-MM-DD)")
    w.add_argument("--rules", default=None, help="mappe med regelfiler (standard: de medfølgende)")
    w.add_argument("--max-chars", type=int, default=None, help="største brev i tegn (standard 2.000.000)")
    w.add_argument("--model", default=None, metavar="MAPPE",
                   help="--mode llm: lokal mappe med sprogmodellen (standard: miljøvariablen REWRITER_MODEL)")
    w.add_argument("--max-new-tokens", type=int, default=None, help="--mode llm: højst så mange nye tokens pr. afsnit")
    w.add_argument("--temperature", type=float, default=None, help="--mode llm: 0 = deterministisk (standard)")
    w.add_argument("--num-beams", type=int, default=None, help="--mode llm: beam search med N stråler (standard 1)")
    w.add_argument("--time-limit", type=float, default=None, metavar="SEK",
                   help="--mode llm: højst så mange sekunder sprogmodel pr. brev (standard 300)")
    w.add_argument("--device", choices=("auto", "cpu", "cuda"), default=None,
                   help="--mode llm: auto (standard) bruger CUDA, når der er et grafikkort")
    sv = sub.add_parser("serve", help="start webgrænsefladen (standard: kun på denne maskine)")
    sv.add_argument("--host", default="127.0.0.1", help="adresse at lytte på (andet end 127.0.0.1 kræver --auth-file)")
    sv.add_argument("--port", type=int, default=7860)
    sv.add_argument("--auth-file", default=None, help="fil med brugernavn:adgangskode pr. linje")
    sv.add_argument("--db", default=None, help="SQLite-database, delt med 'rewriter audit' "
                                               "(standard: rewriter-audit.sqlite i den aktuelle mappe)")
    sv.add_argument("--max-upload-mb", type=int, default=10, help="største upload i MB (standard 10)")
    sv.add_argument("--model", default=None, metavar="MAPPE",
                    help="lokal sprogmodel til omskrivning (valgfri; standard: miljøvariablen REWRITER_MODEL)")
    r = sub.add_parser("rules", help="regelfilerne: lint, explain, list")
    rsub = r.add_subparsers(dest="rules_command", parser_class=_Parser)
    lint = rsub.add_parser("lint", help="tjek regelfilerne for fejl")
    explain = rsub.add_parser("explain", help="forklar en regel")
    explain.add_argument("code", metavar="CODE")
    lst = rsub.add_parser("list", help="list reglerne")
    lst.add_argument("--type", dest="letter_type", default=None)
    for p in (lint, explain, lst):
        p.add_argument("--rules", default=None, help="mappe med regelfiler (standard: de medfølgende)")
    from rewriter.cli.audit import add_parser as add_audit_parser

    add_audit_parser(sub)
    return parser


def _read(path: str, max_chars: int):
    from rewriter.io.reader import letter_from_bytes, read_letter

    if path == "-":
        return letter_from_bytes(sys.stdin.buffer.read(), "<stdin>", "", max_chars)
    return read_letter(path, max_chars)


def cmd_check(args: argparse.Namespace) -> int:
    from rewriter.analysis.pipeline import check, validate_letter_type
    from rewriter.cli.render import RENDERERS
    from rewriter.model import Level
    from rewriter.io.textio import DEFAULT_MAX_CHARS

    validate_letter_type(args.letter_type, args.rules)
    from rewriter.analysis.pipeline import parse_date
    from rewriter.rules.rulebook import load_rulebook

    parse_date(args.date)
    load_rulebook(args.rules)  # a broken rules folder is a configuration error (exit 2) before any letter
    max_chars = args.max_chars or DEFAULT_MAX_CHARS
    if max_chars <= 0:
        raise UsageError("--max-chars skal være et positivt tal.", code="C303")
    fail_rank = Level(args.fail_level).rank
    worst = EXIT_CLEAN
    outputs = []
    for path in args.paths:
        try:
            letter = _read(path, max_chars)
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
            print(RENDERERS["text"](report))
        if any(f.level.rank >= fail_rank for f in report.findings):
            worst = max(worst, EXIT_FINDINGS)
    if args.format == "json":
        payload = outputs[0] if len(outputs) == 1 else outputs
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    return worst


def cmd_rewrite(args: argparse.Namespace) -> int:
    """Exit 0: the proposal passed the safety check; 1: it did not (shown, never offered); 2/3 as for check."""
    import os
    from pathlib import Path

    from rewriter.analysis.pipeline import parse_date, validate_letter_type
    from rewriter.rewrite import propose
    from rewriter.io.textio import DEFAULT_MAX_CHARS
    from rewriter.rules.rulebook import load_rulebook

    validate_letter_type(args.letter_type, args.rules)
    parse_date(args.date)
    load_rulebook(args.rules)  # a broken rules folder is a configuration error (exit 2) in every mode, llm too
    out = Path(args.output) if args.output else None
    if out is not None:
        if out.suffix.lower() not in (".txt", ".md", ".docx"):
            raise UsageError(f"Kan ikke skrive filtypen '{out.suffix or out.name}'.", code="C307",
                             hint="Brug -o med en fil, der ender på .txt, .md eller .docx.")
        if args.path != "-" and os.path.exists(args.path) and out.exists() and os.path.samefile(out, args.path):
            raise UsageError("Forslaget må ikke overskrive det oprindelige brev.", code="C308",
                             hint="Vælg et andet filnavn med -o.")
    max_chars = args.max_chars or DEFAULT_MAX_CHARS
    try:
        if args.path == "-":
            raw = sys.stdin.buffer.read()
        else:
            raw = Path(args.path).read_bytes() if os.path.isfile(args.path) else None
        letter = _read(args.path, max_chars) if args.path != "-" else _letter_from_stdin(raw, max_chars)
    except LetterError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT
    if args.mode == "llm":
        from rewriter.llm.command import propose_from_args

        proposal = propose_from_args(letter, args)
    else:
        proposal = propose(letter, args.mode, letter_type=args.letter_type, rules=args.rules, profile=args.profile,
                           date=args.date)
    if out is not None:
        if out.suffix.lower() == ".docx":
            from rewriter.io.docx_out import write_docx

            out.write_bytes(write_docx(proposal, raw if letter.format == "docx" else None))
        else:
            out.write_text(proposal.text + "\n", encoding="utf-8")
    if args.format == "json":
        print(json.dumps(proposal.to_dict(), ensure_ascii=False, indent=2))
    else:
        if out is None:
            print(proposal.text)
        from rewriter.cli.render import render_guard

        print(render_guard(proposal), file=sys.stderr if out is None else sys.stdout)
        if args.mode == "llm":
            from rewriter.llm.command import render_paragraphs

            print(render_paragraphs(proposal), file=sys.stderr if out is None else sys.stdout)
    return EXIT_CLEAN if proposal.guard.passed else EXIT_FINDINGS


def _letter_from_stdin(raw: bytes, max_chars: int):
    from rewriter.io.reader import letter_from_bytes

    return letter_from_bytes(raw, "<stdin>", "", max_chars)


def cmd_serve(args: argparse.Namespace) -> int:
    from rewriter.web.serve import plan

    plan(args.host, args.auth_file)  # refuse an open non-local server before importing gradio
    try:
        from rewriter.web.serve import serve
    except ImportError:  # pragma: no cover - gradio is a core dependency
        raise UsageError("Webgrænsefladen kræver gradio.", code="C344", hint="Kør: pip install -e .") from None
    serve(args.host, args.port, args.auth_file, args.db, args.max_upload_mb, model=args.model)
    return EXIT_CLEAN


def cmd_rules(args: argparse.Namespace) -> int:
    from rewriter.cli import rules as rules_cli

    if args.rules_command == "lint":
        print(rules_cli.lint(args.rules))
        return EXIT_CLEAN
    if args.rules_command == "list":
        print(rules_cli.list_rules(args.rules, args.letter_type))
        return EXIT_CLEAN
    if args.rules_command == "explain":
        text = rules_cli.explain(args.rules, args.code)
        if text is None:
            raise UsageError(f"Der findes ingen regel med koden '{args.code}'.", code="C306",
                             hint="Se alle koder med 'rewriter rules list'.")
        print(text)
        return EXIT_CLEAN
    print("Brug: rewriter rules lint | explain CODE | list", file=sys.stderr)
    return EXIT_USAGE


def cmd_audit(args: argparse.Namespace) -> int:
    from rewriter.cli.audit import run

    return run(args)


def main(argv: list[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        return {"check": cmd_check, "rewrite": cmd_rewrite, "serve": cmd_serve, "rules": cmd_rules,
                "audit": cmd_audit}[args.command](args)
    except RewriterError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Afbrudt.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
