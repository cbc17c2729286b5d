"""Run an audit: discover -> skip unchanged -> check on an engine -> store, with progress.

Requires: a root (folder or ZIP), a store path and :class:`AuditOptions`.
Produces: an :class:`AuditSummary`; every file of the root has a result in the
store's run (a checked letter, a reused unchanged result, or an error record).

* Only this (parent) process of the audit writes to the store.  Results are
  buffered and written in one short transaction every ``commit_every`` files
  or two seconds, whichever comes first, so other audits and reviewers sharing
  the store wait milliseconds, not the length of the audit.
* Unchanged files: for each path the last result under the same configuration
  (rulebook version, profile, type, date, branch settings, tool version) gives an
  expected ``(sha256, size)``; the worker hashes the file and, when it matches,
  the old result is linked to this run without checking again.
* Resume: when the last run of the same root and configuration was killed or
  interrupted, that run continues (its ``pass`` goes up): everything it had
  committed is reused, the rest is checked, and files that disappeared in the
  meantime are dropped, so it ends with the results of an uninterrupted run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TextIO

from rewriter.audit.codes import SEVERITY
from rewriter.audit.discover import Item, ZipLimits, count_items, discover
from rewriter.audit.progress import Progress
from rewriter.audit.store import Run, Store
from rewriter.audit.worker import LEVEL_RANK, AuditOptions

RESULT_VERSION = 1  # bump when the worker's result changes meaning


@dataclass
class AuditSummary:
    run_id: int
    resumed: bool
    root: str
    db: str
    files: int = 0
    ok: int = 0
    errors: int = 0
    skipped: int = 0
    warnings: int = 0
    missing_required: int = 0
    branch_gaps: int = 0
    worst_rank: int = -1
    checked: int = 0  # checked in this invocation
    unchanged: int = 0  # reused because the file had not changed
    seconds: float = 0.0

    def exit_code(self, fail_level: str = "error") -> int:
        """3 if a file could not be read, else 1 if a finding is at/above ``fail_level``, else 0."""
        if self.errors:
            return 3
        return 1 if self.worst_rank >= LEVEL_RANK[fail_level] else 0

    @property
    def files_per_second(self) -> float:
        return (self.checked + self.unchanged) / self.seconds if self.seconds else 0.0


def config_key(options: AuditOptions, rulebook_version: str) -> str:
    from rewriter import __version__

    data = {"result": RESULT_VERSION, "tool": __version__, "rulebook": rulebook_version,
            "profile": options.profile or "standard", "letter_type": options.letter_type, "date": options.date,
            "max_chars": options.max_chars, "branches": options.branches, "bound": options.branch_bound}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:20]


def validate(options: AuditOptions) -> str:
    """Check the options before any file (usage errors exit 2); returns the rulebook version."""
    from rewriter.analysis.pipeline import parse_date, validate_letter_type
    from rewriter.errors import UsageError
    from rewriter.rules.rulebook import load_rulebook

    parse_date(options.date)
    rulebook = load_rulebook(options.rules)
    validate_letter_type(options.letter_type, rulebook)
    if options.profile and options.profile != "standard" and options.profile not in rulebook.profiles:
        raise UsageError(f"Ukendt profil '{options.profile}'.", code="C304",
                         hint=f"Brug en af: standard, {', '.join(sorted(rulebook.profiles))}.")
    if options.max_chars <= 0:
        raise UsageError("--max-chars skal være et positivt tal.", code="C303")
    if options.time_limit is not None and not options.time_limit > 0:
        raise UsageError("--time-limit skal være et positivt antal sekunder.", code="C303")
    return rulebook.version


def make_engine(engine: str, workers: int, scheduler: str | None) -> Callable:
    from rewriter.audit.engines import PoolEngine, inline_engine

    if engine == "dask":
        from rewriter.audit.dask_engine import DaskEngine  # imports dask only here

        return DaskEngine(scheduler, workers)
    if engine == "inline":  # in this process: no hard time limit (tests, debugging)
        return inline_engine
    return PoolEngine(workers)


def run_audit(root: str | Path, db: str | Path, options: AuditOptions | None = None, *, workers: int = 1,
              engine: str = "local", scheduler: str | None = None, quiet: bool = True,
              progress_stream: TextIO | None = None, recheck: bool = False, commit_every: int = 200,
              batch_size: int = 16, zip_limits: ZipLimits | None = None) -> AuditSummary:
    """Audit every letter under ``root`` into the store at ``db``; see the module docstring."""
    options = options or AuditOptions()
    root_path = Path(root).resolve()
    items = discover(root_path, zip_limits)  # a missing root is a usage error before the store is touched
    version = validate(options)
    key = config_key(options, version)
    run_engine = make_engine(engine, workers, scheduler)
    from rewriter import __version__

    meta = {"rulebook_version": version, "profile": options.profile, "tool_version": __version__,
            "options": {"engine": engine, "workers": workers, "letter_type": options.letter_type,
                        "date": options.date, "branches": options.branches}}
    progress = Progress(count_items(root_path) if _wants_total(quiet, progress_stream) else None,
                        progress_stream, quiet)
    with Store.open(db) as store:
        run = store.start_run(str(root_path), key, meta)
        summary = AuditSummary(run.id, run.resumed, str(root_path), store.path)
        writer = _Writer(store, run, key, commit_every, summary, progress)
        t0 = time.monotonic()
        try:
            batches = _batches(items, store, str(root_path), key, batch_size, recheck, writer)
            for results in run_engine(batches, options):
                writer.add(results)
            writer.flush()
        except BaseException:
            _safely(writer.flush)
            _safely(lambda: store.finish_run(run, "interrupted"))
            raise
        finally:
            progress.close()
        store.finish_run(run)
        summary.seconds = time.monotonic() - t0
        for k, v in store.run_counts(run.id).items():
            setattr(summary, k, v)
    return summary


def _wants_total(quiet: bool, stream) -> bool:
    import sys

    from rewriter.audit.progress import _isatty

    return not quiet and _isatty(stream or sys.stderr)


def _safely(fn: Callable) -> None:
    with contextlib.suppress(Exception):  # already failing: keep the original error
        fn()


class _Writer:
    """Collects results and writes them to the store in batches: one short transaction per batch."""

    def __init__(self, store: Store, run: Run, key: str, commit_every: int, summary: AuditSummary,
                 progress: Progress):
        self.store, self.run, self.key = store, run, key
        self.commit_every = commit_every
        self.summary, self.progress = summary, progress
        self.expected: dict[int, int] = {}  # file id -> result id of the unchanged candidate
        self.pending: list[tuple[int, dict, int | None]] = []
        self.last_commit = time.monotonic()

    def add(self, results: list[dict]) -> None:
        for res in results:
            fid = res["id"]
            expected = self.expected.pop(fid, None)
            if res.get("unchanged"):
                self.pending.append((fid, res, expected))
                self.summary.unchanged += 1
            else:
                self.pending.append((fid, res, None))
                self.summary.checked += 1
            self.progress.update()
        if len(self.pending) >= self.commit_every or time.monotonic() - self.last_commit > 2.0:
            self.flush()

    def add_problem(self, fid: int, problem: dict) -> None:
        status = "skipped" if SEVERITY.get(problem["code"]) == "skipped" else "error"
        self.add([{"id": fid, "status": status, "cacheable": False, "error": problem}])

    def flush(self) -> None:
        if self.pending:
            self.store.save_batch(self.run, self.key, self.pending)
            self.pending = []
        self.last_commit = time.monotonic()


def _batches(items: Iterator[Item], store: Store, root: str, key: str, size: int, recheck: bool,
             writer: _Writer) -> Iterator[list[dict]]:
    """Task batches for the engine; discovery problems go straight to the store."""
    while chunk := list(islice(items, size)):
        ids = store.file_ids(root, [it.rel for it in chunk])
        prev = {} if recheck else store.previous(list(ids.values()), key)
        tasks = []
        for it in chunk:
            fid = ids[it.rel]
            if it.problem:
                writer.add_problem(fid, it.problem)
                continue
            p = prev.get(fid)
            if p:
                writer.expected[fid] = p[0]
            tasks.append({"id": fid, "rel": it.rel, "path": it.path, "data": it.data, "zip": it.zip,
                          "member": it.member, "expect": (p[1], p[2]) if p else None})
        if tasks:
            yield tasks
