"""Local ways to run the per-file worker: in this process, or on a process pool.

An engine is called with an iterator of task batches and the options, and
yields the result list of each batch as it completes.  It pulls batches lazily
and keeps only a bounded window of them in flight, so memory stays flat
however many files the audit has.  :mod:`rewriter.audit.dask_engine` offers the
same interface on a Dask cluster.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from rewriter.audit.codes import record
from rewriter.audit.worker import AuditOptions, check_batch


def inline_engine(batches: Iterable[list[dict]], options: AuditOptions) -> Iterator[list[dict]]:
    """One worker: check each batch here, in order."""
    for batch in batches:
        yield check_batch(batch, options)


def crashed(task: dict) -> dict:
    """The record of a task whose worker process died (``A408``)."""
    return {"id": task["id"], "kind": None, "sha256": None, "size": None, "status": "error", "cacheable": False,
            "error": record("A408", "Arbejdsprocessen stoppede uventet under tjek af filen (fx for lidt hukommelse).",
                            "Tjek filen for sig med 'rewriter check'.")}


def _warm(rules: str | None) -> None:
    """Worker start: load the rules once, then keep the long-lived objects out of the garbage
    collector's way (``gc.freeze``: fewer traversals, no copy-on-write of the forked pages)."""
    import gc

    from rewriter.rules.rulebook import load_rulebook

    load_rulebook(rules)
    gc.freeze()


class PoolEngine:
    """``workers`` processes.  When a worker dies (the pool breaks), the files that were in flight are
    rerun one at a time in a fresh pool, so only the file that kills a worker gets ``A408``."""

    def __init__(self, workers: int, window_per_worker: int = 4):
        self.workers = workers
        self.window = workers * window_per_worker

    def __call__(self, batches: Iterable[list[dict]], options: AuditOptions) -> Iterator[list[dict]]:
        source = iter(batches)
        suspects: deque[dict] = deque()
        pending: dict = {}
        ex = self._executor(options)
        try:
            exhausted = False
            while True:
                while suspects:
                    task = suspects.popleft()
                    try:
                        results = ex.submit(check_batch, [task], options).result()
                    except BrokenProcessPool:
                        ex = self._restart(ex, options)
                        results = [crashed(task)]
                    yield results
                while not exhausted and len(pending) < self.window:
                    batch = next(source, None)
                    if batch is None:
                        exhausted = True
                    else:
                        pending[ex.submit(check_batch, batch, options)] = batch
                if not pending:
                    return
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    batch = pending.pop(fut)
                    try:
                        results = fut.result()
                    except BrokenProcessPool:
                        suspects.extend(batch)
                        continue
                    yield results
                if suspects:  # the pool is broken: every batch still pending failed with it
                    for batch in pending.values():
                        suspects.extend(batch)
                    pending.clear()
                    ex = self._restart(ex, options)
        finally:
            ex.shutdown(wait=False, cancel_futures=True)

    def _restart(self, ex: ProcessPoolExecutor, options: AuditOptions) -> ProcessPoolExecutor:
        ex.shutdown(wait=False, cancel_futures=True)
        return self._executor(options)

    def _executor(self, options: AuditOptions) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, initializer=_warm, initargs=(options.rules,))
