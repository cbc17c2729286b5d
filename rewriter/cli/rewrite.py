"""``rewriter rewrite``: propose a rewrite of one letter (key message first, plain Danish).

Exit 0: the proposal passed the safety check; 1: it did not (then nothing goes to
stdout or ``-o``: stderr gives the reasons; JSON gives the original letter as
``text`` and the refused proposal as ``rejected_text``); 2: usage error; 3: the
letter could not be read.  ``-o`` is checked
before any work: its folder must exist (``C350``), it must not be a folder
(``C351``) and must be writable (``C352``); it never overwrites the input
(``C308``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from rewriter.cli.danish import heltal, tal
from rewriter.errors import LetterError, UsageError

LLM_DEFAULT_SECONDS = 300.0  # GenerationSettings.time_limit (rewriter.llm.backend; not imported: it is heavy)
LLM_EXTRA_SECONDS = 120.0  # loading the model and checking the letter, on top of the model's own limit

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 3


class _ModeChoices(tuple):
    """The modes ``--mode`` lists; a retired mode ('template', issue 16) is accepted too, but only so that
    :func:`run` can answer it with C309 (why it was retired, what to use instead), and it is never listed."""

    def __contains__(self, mode) -> bool:
        from rewriter.rewrite.propose import RETIRED_MODES

        return tuple.__contains__(self, mode) or mode in RETIRED_MODES


def add_parser(sub) -> argparse.ArgumentParser:
    w = sub.add_parser("rewrite", help="foreslå en omskrivning af et brev (hovedbudskabet først, klart sprog)",
                       description="Foreslå en omskrivning af et brev. Forslaget vises, eller skrives med -o; "
                                   "sikkerhedstjekket og rettelserne står på stderr.")
    w.add_argument("path", metavar="BREV", help="brev (.txt, .md, .docx) eller - for stdin")
    w.add_argument("--mode", choices=_ModeChoices(("default", "restructure", "plain", "llm")), default="default",
                   metavar="{default,restructure,plain,llm}",
                   help="default: omstrukturering + sikre sproglige rettelser (standard); llm: en lokal sprogmodel "
                        "omskriver afsnittene (kræver pip install -e \".[llm]\" og --model)")
    w.add_argument("-o", "--output", default=None, metavar="FIL",
                   help="skriv forslaget til FIL (.txt, .md eller .docx); standard: vis teksten")
    w.add_argument("--format", choices=("text", "json"), default="text",
                   help="text: forslaget som tekst (standard); json: rewriter.rewrite/1 (docs/wire-format.md)")
    w.add_argument("--type", metavar="TYPE", dest="letter_type", default=None, help="brevtype (standard: genkendes)")
    w.add_argument("--profile", metavar="PROFIL", default=None, help="kommuneprofil i rules/profiles/")
    w.add_argument("--date", metavar="DATO", default=None, help="brug reglerne, der gælder på denne dato (ÅÅÅÅ-MM-DD)")
    w.add_argument("--rules", metavar="MAPPE", default=None, help="mappe med regelfiler (standard: de medfølgende)")
    w.add_argument("--max-chars", metavar="TEGN", type=heltal, default=None, help="største brev i tegn (standard 2.000.000)")
    w.add_argument("--model", default=None, metavar="MAPPE",
                   help="--mode llm: lokal mappe med sprogmodellen (standard: miljøvariablen REWRITER_MODEL)")
    w.add_argument("--max-new-tokens", metavar="N", type=heltal, default=None,
                   help="--mode llm: højst så mange nye tokens pr. afsnit")
    w.add_argument("--temperature", metavar="T", type=tal, default=None, help="--mode llm: 0 = deterministisk (standard)")
    w.add_argument("--num-beams", metavar="N", type=heltal, default=None, help="--mode llm: beam search med N stråler (standard 1)")
    w.add_argument("--time-limit", type=tal, default=None, metavar="SEK",
                   help="højst så mange sekunder for brevet (L109, standard 60); --mode llm: højst så mange "
                        "sekunder sprogmodel (standard 300; hele brevet får 120 sekunder mere)")
    w.add_argument("--device", choices=("auto", "cpu", "cuda"), default=None,
                   help="--mode llm: auto (standard) bruger CUDA, når der er et grafikkort")
    return w


def check_output(output: str | None, source: str) -> Path | None:
    """``-o``: a writable file of a known type that is not the input; coded errors before any work."""
    from rewriter.cli.common import probe_output

    if output is None:
        return None
    out = Path(output)
    if out.suffix.lower() not in (".txt", ".md", ".docx"):
        raise UsageError(f"Kan ikke skrive filtypen '{out.suffix or out.name}'.", code="C307",
                         hint="Brug -o med en fil, der ender på .txt, .md eller .docx.")
    if source != "-" and os.path.exists(source) and out.exists() and os.path.samefile(out, source):
        raise UsageError("Forslaget må ikke overskrive det oprindelige brev.", code="C308",
                         hint="Vælg et andet filnavn med -o.")
    return probe_output(output, "-o")


def run(args: argparse.Namespace) -> int:
    from rewriter.analysis.pipeline import parse_date, validate_letter_type
    from rewriter.budget import DEFAULT_SECONDS, time_budget
    from rewriter.cli.common import max_chars, time_limit
    from rewriter.io.reader import read_input
    from rewriter.rewrite import propose
    from rewriter.rewrite.propose import check_mode
    from rewriter.rules.rulebook import load_rulebook

    if args.mode != "llm":
        check_mode(args.mode)  # C309 for a retired mode, before any work
    validate_letter_type(args.letter_type, args.rules)
    parse_date(args.date)
    load_rulebook(args.rules)  # a broken rules folder is a configuration error (exit 2) in every mode, llm too
    limit = max_chars(args.max_chars)
    if args.mode == "llm":  # the model's own limit; the letter as a whole gets LLM_EXTRA seconds more
        seconds = time_limit(args.time_limit, LLM_DEFAULT_SECONDS) + LLM_EXTRA_SECONDS
    else:
        seconds = time_limit(args.time_limit, DEFAULT_SECONDS)
    out = check_output(args.output, args.path)
    try:
        with time_budget(seconds, where=args.path):  # reading and proposing; writing -o is bounded by itself
            letter, raw = read_input(args.path, limit)  # read once, capped (io.reader)
            if args.mode == "llm":
                from rewriter.llm.command import propose_from_args

                proposal = propose_from_args(letter, args)
            else:
                proposal = propose(letter, args.mode, letter_type=args.letter_type, rules=args.rules,
                                   profile=args.profile, date=args.date)
    except LetterError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT
    passed = proposal.guard.passed
    # a proposal that failed the safety check is never written where an offered one would be: not to -o,
    # not to stdout (JSON: "text" is the original letter, the refused text is "rejected_text")
    if out is not None and passed:
        _write(out, proposal, raw if letter.format == "docx" else None)
    if args.format == "json":
        print(json.dumps(proposal.to_dict(), ensure_ascii=False, indent=2))
    else:
        if out is None and passed:
            print(proposal.text)
        from rewriter.cli.render import render_guard

        print(render_guard(proposal), file=sys.stderr if out is None else sys.stdout)
        if args.mode == "llm":
            from rewriter.llm.command import render_paragraphs

            print(render_paragraphs(proposal), file=sys.stderr if out is None else sys.stdout)
    if not passed:
        where = f"'{out}' er ikke skrevet" if out is not None else "intet forslag på standardoutput"
        print(f"{letter.source}: Forslaget bestod ikke sikkerhedstjekket: {where}. Brug --format json for at se "
              f"det afviste forslag (rejected_text).", file=sys.stderr)
    return EXIT_CLEAN if passed else EXIT_FINDINGS


def _write(out: Path, proposal, original_docx: bytes | None) -> None:
    try:
        if out.suffix.lower() == ".docx":
            from rewriter.io.docx_out import save_docx

            save_docx(proposal, original_docx, out)  # untouched parts streamed, through a temporary file
        else:
            out.write_text(proposal.text + "\n", encoding="utf-8")
    except OSError as exc:  # the disk filled up or the folder went away while the proposal was made
        raise UsageError(f"Filen til -o kan ikke skrives ({exc.strerror or exc}).", where=str(out), code="C352",
                         hint="Vælg en placering, du har skriveadgang til.") from None
