"""``rewriter serve``: the Danish web UI (see :mod:`rewriter.web.serve` for what it does to stay safe)."""

from __future__ import annotations

import argparse

from rewriter.cli.danish import heltal, tal
from rewriter.errors import UsageError

EXIT_CLEAN = 0


def add_parser(sub) -> argparse.ArgumentParser:
    sv = sub.add_parser("serve", help="start webgrænsefladen (standard: kun på denne maskine)",
                        description="Start webgrænsefladen. Uden --auth-file lytter den kun på 127.0.0.1.")
    sv.add_argument("--host", metavar="ADRESSE", default="127.0.0.1", help="adresse at lytte på (andet end 127.0.0.1 kræver --auth-file)")
    sv.add_argument("--port", metavar="PORT", type=heltal, default=7860)
    sv.add_argument("--auth-file", metavar="FIL", default=None, help="fil med brugernavn:adgangskode pr. linje")
    sv.add_argument("--db", metavar="FIL", default=None, help="SQLite-database, delt med 'rewriter audit' "
                                               "(standard: rewriter-audit.sqlite i den aktuelle mappe)")
    sv.add_argument("--max-upload-mb", metavar="MB", type=heltal, default=10, help="største upload i MB (standard 10)")
    sv.add_argument("--model", default=None, metavar="MAPPE",
                    help="lokal sprogmodel til omskrivning (valgfri; standard: miljøvariablen REWRITER_MODEL)")
    sv.add_argument("--retention-minutes", type=tal, default=60, metavar="MIN",
                    help="slet rapporter, .docx-filer og uploads efter så mange minutter (standard 60); "
                         "alt slettes, når serveren stopper")
    sv.add_argument("--request-timeout", type=tal, default=60, metavar="SEK",
                    help="højst så mange sekunder pr. tjek i webgrænsefladen (standard 60)")
    return sv


def run(args: argparse.Namespace) -> int:
    from rewriter.web.serve import plan

    if args.retention_minutes <= 0:
        raise UsageError("--retention-minutes skal være et positivt tal.", code="C345",
                         hint="Angiv fx --retention-minutes 60.")
    if args.request_timeout <= 0:
        raise UsageError("--request-timeout skal være et positivt tal.", code="C346",
                         hint="Angiv fx --request-timeout 60.")
    plan(args.host, args.auth_file)  # refuse an open non-local server before importing gradio
    try:
        from rewriter.web.serve import serve
    except ImportError:  # pragma: no cover - gradio is a core dependency
        raise UsageError("Webgrænsefladen kræver gradio.", code="C344", hint="Kør: pip install -e .") from None
    serve(args.host, args.port, args.auth_file, args.db, args.max_upload_mb, model=args.model,
          retention_s=args.retention_minutes * 60, request_timeout=args.request_timeout)
    return EXIT_CLEAN
