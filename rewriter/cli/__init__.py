"""Command line: ``rewriter check | rewrite | serve | rules | audit``; this module builds the parser and dispatches.

Each subcommand is a module here with ``add_parser(subparsers)`` and
``run(args) -> exit code``: :mod:`.check`, :mod:`.rewrite`, :mod:`.serve`,
:mod:`.rules`, :mod:`.audit`.  They import their heavy parts inside ``run``,
so ``import rewriter.cli`` and ``rewriter check`` load neither Gradio nor torch.
argparse's own messages are Danish (:mod:`.danish`); a usage error is coded
(``C300``) and exits with 2, never with a traceback.

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
import os
import sys

from rewriter.cli.danish import danish_argparse
from rewriter.errors import RewriterError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3
SUBCOMMANDS = ("check", "rewrite", "serve", "rules", "audit")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # Danish, coded, no traceback
        self.print_usage(sys.stderr)
        print(f"C300 Forkert brug: {message}. Se '{self.prog} --help'.", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _module(name: str):
    import importlib

    return importlib.import_module(f"rewriter.cli.{name}")


def build_parser() -> argparse.ArgumentParser:
    """The ``rewriter`` parser (call it inside :func:`danish_argparse` for Danish help texts)."""
    from rewriter import __version__

    parser = _Parser(prog="rewriter", description="Tjek og omskriv jobcenterbreve.")
    parser.add_argument("--version", action="version", version=f"rewriter {__version__}",
                        help="vis programmets version og afslut")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, title="kommandoer", metavar="KOMMANDO")
    for name in SUBCOMMANDS:
        _module(name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    with danish_argparse():
        parser = build_parser()
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return EXIT_USAGE
    try:
        return _module(args.command).run(args)
    except RewriterError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Afbrudt.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped early ("| head"): no traceback, the shell's status for SIGPIPE
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python flushes stdout at exit
        except (OSError, ValueError):
            pass
        return 141


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
