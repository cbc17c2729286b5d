"""``rewriter audit``: check whole folders or ZIPs of letter templates; compare runs.

Usage::

    rewriter audit MAPPE|ZIP [--out rapport.html] [--csv FIL] [--json FIL] [--workers N] [--db FIL]
                             [--fail-level error] [--profile P] [--engine dask --scheduler ADRESSE]
    rewriter audit diff KØRSEL_A KØRSEL_B [--db FIL] [--fail-level warning] [--json FIL]
    rewriter audit runs [--db FIL]

Exit codes of ``rewriter audit MAPPE|ZIP``:

====  ======================================================================
0     every file was checked and no finding is at or above ``--fail-level``
1     at least one finding at or above ``--fail-level`` (default ``error``)
2     usage or configuration error: bad option, folder/ZIP/database missing
      or unusable, broken rules folder, database inside the audited folder
3     at least one file could not be read or checked (``L1xx``, ``A401``,
      ``A403``-``A405``, ``A408``); the other files were still checked and
      stored.  3 takes precedence over 1.  Skips (``A402``) and warnings
      (``A406``, ``A407``, ``A409``) do not change the exit code
130   interrupted (Ctrl-C); the run is stored as interrupted and the next
      ``rewriter audit`` of the same folder resumes it
====  ======================================================================

``rewriter audit diff``: 0 no template got worse, 1 at least one did (see
:mod:`rewriter.audit.diff`), 2 usage error (unknown run, no database).

The database (``--db``) defaults to ``rewriter-audit.sqlite`` in the current
folder, or, when the current folder is inside the audited folder, to
``$XDG_DATA_HOME/rewriter/rewriter-audit.sqlite`` (``~/.local/share/...``):
it is never put inside the audited folder, and the audited files are only
ever opened for reading.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rewriter.audit.store import is_url
from rewriter.cli.danish import heltal, tal

DB_NAME = "rewriter-audit.sqlite"
EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3

_USAGE = ("rewriter audit MAPPE|ZIP [tilvalg]\n"
          "       rewriter audit diff KØRSEL_A KØRSEL_B [--db FIL] [--fail-level NIVEAU] [--json FIL]\n"
          "       rewriter audit runs [--db FIL]")


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``audit`` on the ``rewriter`` command's subparsers."""
    a = subparsers.add_parser(
        "audit", help="tjek en hel mappe eller ZIP af brevskabeloner; sammenlign kørsler", usage=_USAGE,
        description="Tjek alle breve (.docx, .dotx, .txt, .md) i en mappe eller ZIP-fil, gem resultaterne i en "
                    "SQLite-database og lav en rapport. 'rewriter audit diff A B' viser skabeloner, der er blevet "
                    "dårligere fra kørsel A til B. Afslutningskoder: 0 ingen fund på --fail-level, 1 fund (eller "
                    "dårligere skabeloner i diff), 2 forkert brug, 3 nogle filer kunne ikke læses.")
    a.add_argument("target", metavar="MAPPE|ZIP", help="mappen eller ZIP-filen (eller 'diff' / 'runs')")
    a.add_argument("runs", nargs="*", default=[], metavar="KØRSEL", help="til 'diff': to kørsler (nummer, 'forrige', 'seneste')")
    a.add_argument("--out", metavar="FIL", help="skriv en HTML-rapport")
    a.add_argument("--csv", metavar="FIL", help="skriv en CSV-fil (semikolon, til regneark)")
    a.add_argument("--json", metavar="FIL", help="skriv resultaterne (eller diff'en) som JSON")
    a.add_argument("--db", metavar="FIL", help=f"SQLite-databasen (standard: {DB_NAME} i den aktuelle mappe)")
    a.add_argument("--workers", type=heltal, default=None, metavar="N",
                   help="antal arbejdsprocesser (standard: antal CPU-kerner)")
    a.add_argument("--fail-level", choices=("error", "warning", "suggestion"), default=None,
                   help="laveste niveau, der giver afslutningskode 1 (standard: error; i diff: warning)")
    a.add_argument("--profile", metavar="PROFIL", default=None, help="kommuneprofil i rules/profiles/ (fx tillid-foerst)")
    a.add_argument("--type", metavar="TYPE", dest="letter_type", default=None, help="brevtype for alle filer (standard: gæt)")
    a.add_argument("--rules", metavar="MAPPE", default=None, help="mappe med regelfiler (standard: de medfølgende)")
    a.add_argument("--date", metavar="DATO", default=None, help="brug reglerne, der gælder på denne dato (ÅÅÅÅ-MM-DD)")
    a.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="kør lokalt (standard) eller på en Dask-klynge")
    a.add_argument("--scheduler", metavar="ADRESSE", default=None,
                   help="Dask-schedulerens adresse, fx tcp://host:8786 (uden: en lokal klynge)")
    a.add_argument("--no-branches", action="store_true", help="tjek ikke skabelonernes {%% if %%}-grene")
    a.add_argument("--recheck", action="store_true", help="tjek alle filer igen, også uændrede")
    a.add_argument("--quiet", action="store_true", help="ingen statuslinje, kun en tæller og opsummeringen")
    a.add_argument("--time-limit", type=tal, default=60.0, metavar="SEK",
                   help="højst så mange sekunder pr. fil; ellers A410 (standard 60)")
    a.add_argument("--lix-tolerance", type=tal, default=1.0, metavar="X",
                   help="diff: en LIX-stigning over X tæller som dårligere (standard 1,0)")
    return a


def run(args: argparse.Namespace) -> int:
    """Dispatch ``rewriter audit``; errors are raised as ``RewriterError`` for the main CLI to print."""
    from rewriter.errors import UsageError

    if args.target == "diff" and (args.runs or not Path("diff").exists()):
        if len(args.runs) != 2:
            raise UsageError("'rewriter audit diff' skal have to kørsler.", code="C300",
                             hint="Skriv fx 'rewriter audit diff 3 4' eller 'rewriter audit diff forrige seneste'.")
        return cmd_diff(args)
    if args.target == "runs" and not args.runs and not Path("runs").exists():
        return cmd_runs(args)
    if args.runs:
        raise UsageError(f"Uventede argumenter: {' '.join(args.runs)}.", code="C300",
                         hint="Angiv én mappe eller ZIP-fil.")
    return cmd_audit(args)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "rewriter"


def default_db(root: Path | None) -> Path:
    """``--db`` when not given: see the module docstring."""
    here = Path.cwd().resolve() / DB_NAME
    fallback = data_home() / DB_NAME
    if root is not None:
        if root.is_dir() and _inside(here, root):
            fallback.parent.mkdir(parents=True, exist_ok=True)
            return fallback
        return here
    return here if here.exists() or not fallback.exists() else fallback


def check_outputs(args: argparse.Namespace, root: Path) -> Path:
    """The database path; refuse a database or a letter-like output inside the audited folder, and an output
    file that cannot be written (``C350``-``C352``), before the audit runs."""
    from rewriter.audit.discover import SUFFIXES
    from rewriter.cli.common import probe_output
    from rewriter.errors import UsageError

    db = args.db if is_url(args.db) else Path(args.db).resolve() if args.db else default_db(root)
    if root.is_dir() and not is_url(db) and _inside(db, root):
        raise UsageError("Databasen må ikke ligge i den mappe, der tjekkes.", where=str(db), code="C317",
                         hint="Vælg en anden placering med --db.")
    for opt in ("out", "csv", "json"):
        value = getattr(args, opt)
        if value and root.is_dir() and _inside(Path(value).resolve(), root) and Path(value).suffix.lower() in SUFFIXES:
            raise UsageError(f"--{opt} ville skrive en brevfil i den mappe, der tjekkes.", where=value, code="C317",
                             hint="Skriv rapporten et andet sted eller med en anden filendelse.")
    for opt in ("out", "csv", "json"):
        if getattr(args, opt):
            probe_output(getattr(args, opt), f"--{opt}")
    return db


def cmd_audit(args: argparse.Namespace) -> int:
    from rewriter.errors import UsageError
    from rewriter.io.textio import DEFAULT_MAX_CHARS
    from rewriter.audit.runner import run_audit
    from rewriter.audit.worker import AuditOptions

    root = Path(args.target).resolve()
    db = check_outputs(args, root)
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise UsageError("--workers skal være mindst 1.", code="C318")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler bruges kun med --engine dask.", code="C300")
    options = AuditOptions(rules=args.rules, profile=args.profile, letter_type=args.letter_type, date=args.date,
                           max_chars=DEFAULT_MAX_CHARS, branches=not args.no_branches, time_limit=args.time_limit)
    summary = run_audit(root, db, options, workers=workers, engine=args.engine, scheduler=args.scheduler,
                        quiet=args.quiet, recheck=args.recheck)
    from rewriter.audit.store import Store

    with Store.open(db) as store:
        write_outputs(store, summary.run_id, args)
        problems = store.problems(summary.run_id)
    print_summary(summary, args, problems)
    return summary.exit_code(args.fail_level or "error")


def write_outputs(store, run_id: int, args: argparse.Namespace) -> None:
    from rewriter.audit.export import write_csv, write_json
    from rewriter.audit.report import element_codes, element_titles, write_html

    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            write_html(store, run_id, fh, element_titles(args.rules), element_codes(args.rules))
    if args.csv:
        with open(args.csv, "w", encoding="utf-8", newline="") as fh:
            write_csv(store, run_id, fh)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            write_json(store, run_id, fh)


def print_summary(s, args: argparse.Namespace, problems: list[dict]) -> None:
    from rewriter.audit.progress import danish_int as n

    for p in problems:
        kind = "sprunget over" if p["status"] == "skipped" else "fejl"
        print(f"{p['path']}: {p['error_code']} {kind}: {p['error_message']}", file=sys.stderr)
    if len(problems) < s.errors + s.skipped:
        print(f"... og {n(s.errors + s.skipped - len(problems))} flere (se rapporten eller CSV-filen).",
              file=sys.stderr)
    resumed = ", genoptaget" if s.resumed else ""
    rate = f"{s.files_per_second:.0f}"
    print(f"Audit af {s.root} (kørsel {s.run_id}{resumed}): {n(s.files)} filer · {n(s.checked)} tjekket nu · "
          f"{n(s.unchanged)} uændrede genbrugt · {n(s.errors)} kunne ikke læses · {n(s.skipped)} sprunget over · "
          f"{n(s.warnings)} med advarsler")
    print(f"{n(s.missing_required)} skabeloner mangler påkrævede elementer · "
          f"{n(s.branch_gaps)} har grene, der mister et påkrævet element")
    seconds = f"{s.seconds:.1f}".replace(".", ",")
    print(f"Tid: {seconds} s ({rate} filer/s) · database: {s.db}")
    for opt, label in (("out", "HTML-rapport"), ("csv", "CSV"), ("json", "JSON")):
        if getattr(args, opt):
            print(f"{label}: {getattr(args, opt)}")


def cmd_diff(args: argparse.Namespace) -> int:
    import json

    from rewriter.errors import UsageError
    from rewriter.audit.diff import diff_runs, render_text
    from rewriter.audit.report import element_titles
    from rewriter.audit.store import Store

    db = args.db if is_url(args.db) else Path(args.db) if args.db else default_db(None)
    if not is_url(db) and not db.exists():
        raise UsageError("Der findes ingen audit-database.", where=str(db), code="C313",
                         hint="Kør 'rewriter audit MAPPE' først, eller angiv databasen med --db.")
    if args.json:
        from rewriter.cli.common import probe_output

        probe_output(args.json, "--json")
    with Store.open(db) as store:
        a, b = store.resolve_run(args.runs[0]), store.resolve_run(args.runs[1])
        d = diff_runs(store, a, b, args.fail_level or "warning", args.lix_tolerance, titles=element_titles(args.rules))
    print(render_text(d))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(d.to_dict(), fh, ensure_ascii=False, indent=2)
    return d.exit_code


def cmd_runs(args: argparse.Namespace) -> int:
    from rewriter.errors import UsageError
    from rewriter.audit.store import Store

    db = args.db if is_url(args.db) else Path(args.db) if args.db else default_db(None)
    if not is_url(db) and not db.exists():
        raise UsageError("Der findes ingen audit-database.", where=str(db), code="C313",
                         hint="Kør 'rewriter audit MAPPE' først, eller angiv databasen med --db.")
    status_da = {"running": "kører", "finished": "færdig", "interrupted": "afbrudt"}
    with Store.open(db) as store:
        for r in store.runs():
            print(f"{r['id']:>4}  {status_da.get(r['status'], r['status']):<8}  {r['started_at']}  "
                  f"{r['files']:>7} filer  {r['root']}")
    return EXIT_CLEAN
