"""Local ways to run the per-file worker: in this process, or on a pool of worker processes.

An engine is called with an iterator of task batches and the options, and
yields lists of results as files complete.  It pulls batches lazily, one per
idle worker, so memory stays flat however many files the audit has.
:mod:`rewriter.audit.dask_engine` offers the same interface on a Dask cluster.

:class:`PoolEngine` (every local audit, also with one worker) owns its worker
processes and watches each file:

* **hard time limit** per file (``AuditOptions.time_limit``): a worker still on
  one file after the limit is killed (``SIGKILL``; a check stuck in C code
  cannot ignore it), the file gets ``A410``, the rest of its batch goes to a
  fresh worker and the audit goes on;
* a worker that dies (out of memory, a crash) costs only the file it was on:
  that file is retried alone in a fresh worker, and gets ``A408`` if it dies
  again; the files of the batch it had not started are checked as usual;
* **no orphans**: workers die with the audit.  Each one asks the kernel for
  ``SIGKILL`` when its parent dies (``PR_SET_PDEATHSIG``), checks that the audit
  still runs once that is in place (no window at start), and a watchdog thread
  exits when the audit is gone (also through a fork server), so a killed audit
  (``kill -9``) leaves no process behind; ``Ctrl-C`` reaches the parent only.

Workers are forked when this process has a single thread (cheap, and they
inherit the loaded rules), else started from a fork server (the web UI
serves from threads, and forking a threaded process is unsafe) that has the
worker code and the default rules loaded (:mod:`rewriter.audit._preload`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait

from rewriter.audit import worker as worker_mod
from rewriter.audit.codes import record
from rewriter.audit.worker import AuditOptions, check_batch


def inline_engine(batches: Iterable[list[dict]], options: AuditOptions) -> Iterator[list[dict]]:
    """One worker in this process, no time limit (``engine="inline"``: debugging and tests)."""
    for batch in batches:
        yield check_batch(batch, options)


def crashed(task: dict) -> dict:
    """The record of a task whose worker process died (``A408``)."""
    return {"id": task["id"], "kind": None, "sha256": None, "size": None, "status": "error", "cacheable": False,
            "error": record("A408", "Arbejdsprocessen stoppede uventet under tjek af filen (fx for lidt hukommelse).",
                            "Tjek filen for sig med 'rewriter check'.")}


def timed_out(task: dict, limit: float) -> dict:
    """The record of a task stopped by the time limit (``A410``); not cached, so a rerun tries again."""
    secs = f"{limit:g}".replace(".", ",")
    return {"id": task["id"], "kind": None, "sha256": None, "size": None, "status": "error", "cacheable": False,
            "error": record("A410", f"Tjekket af filen tog over {secs} s og blev stoppet; resten af kørslen fortsatte.",
                            "Tjek filen for sig med 'rewriter check', del den op, eller hæv grænsen med "
                            "--time-limit.")}


def _warm(rules: str | None) -> None:
    """Worker start: load the rules once, then keep the long-lived objects out of the garbage
    collector's way (``gc.freeze``: fewer traversals, no copy-on-write of the forked pages)."""
    import gc

    from rewriter.rules.rulebook import load_rulebook

    load_rulebook(rules)
    gc.freeze()


def _die_with_parent(audit_pid: int) -> None:
    """Make this worker end when the audit that started it ends, however that ends."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: the kernel kills us with our parent
    except (OSError, AttributeError):  # not Linux: the watchdog below still works
        pass
    if not _pid_alive(audit_pid):  # the audit died before prctl took effect
        os._exit(1)

    def watch() -> None:  # also covers a fork server between the audit and this worker
        while True:
            time.sleep(0.5)
            if not _pid_alive(audit_pid):
                os._exit(1)

    threading.Thread(target=watch, name="rewriter-watchdog", daemon=True).start()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b") ", 1)[1][:1] != b"Z"
    except (OSError, IndexError):
        return True


def _worker_main(conn, rules: str | None, audit_pid: int) -> None:
    try:
        _die_with_parent(audit_pid)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        _warm(rules)
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                return
            if msg is None:
                return
            tasks, options = msg
            for task in tasks:
                conn.send(("start", task["id"]))
                conn.send(("result", worker_mod.check_task(task, options)))  # looked up per call (tests patch it)
            conn.send(("idle", None))
    except BaseException:  # noqa: BLE001 - the parent records the file (A408); no traceback on the terminal
        os._exit(70)


@dataclass
class _Slot:
    proc: multiprocessing.process.BaseProcess
    conn: object
    queue: deque = field(default_factory=deque)  # tasks sent but not started
    current: dict | None = None
    started: float = 0.0
    busy: bool = False
    proven: bool = False  # it has sent a message: it started properly


class PoolEngine:
    """``workers`` worker processes with a hard time limit per file (module docstring)."""

    def __init__(self, workers: int, window_per_worker: int = 4, time_limit: float | None = None):
        self.workers = max(1, workers)
        self.window_per_worker = window_per_worker  # kept for callers; one batch per idle worker now
        self.time_limit = time_limit

    def __call__(self, batches: Iterable[list[dict]], options: AuditOptions) -> Iterator[list[dict]]:
        if multiprocessing.current_process().daemon:  # a daemonic process may not start processes: in here
            yield from inline_engine(batches, options)  # (its owner, e.g. the web UI's job pool, has a budget)
            return
        limit = self.time_limit if self.time_limit is not None else options.time_limit
        ctx = _context()
        source = iter(batches)
        retry: deque[tuple[list[dict], bool]] = deque()  # (tasks, alone): work to hand out before new batches
        retried: set = set()  # ids of tasks already retried alone after their worker died
        slots: list[_Slot] = []
        exhausted = False
        failed_starts = 0  # workers in a row that died before saying anything
        try:
            slots = [self._start(ctx, options) for _ in range(self.workers)]
            while True:
                for i, slot in enumerate(slots):
                    if slot.busy:
                        continue
                    if retry:
                        tasks, _alone = retry.popleft()
                    elif not exhausted:
                        tasks = next(source, None)
                        if tasks is None:
                            exhausted = True
                            continue
                    else:
                        continue
                    for _attempt in range(2):
                        if not slot.proc.is_alive():
                            slot = slots[i] = self._replace(ctx, slot, options)
                        try:
                            slot.conn.send((tasks, options))
                            break
                        except (OSError, ValueError):  # it died while idle: a fresh one takes the batch
                            slot = slots[i] = self._replace(ctx, slot, options)
                    else:
                        raise _cannot_start()
                    slot.queue = deque(tasks)
                    slot.busy = True
                if not any(s.busy for s in slots):
                    if exhausted and not retry:
                        return
                    continue
                timeout = None
                if limit:
                    running = [s.started + limit for s in slots if s.busy and s.current is not None]
                    timeout = max(0.0, min(running) - time.monotonic()) if running else limit
                ready = wait([s.conn for s in slots if s.busy] + [s.proc.sentinel for s in slots if s.busy], timeout)
                out: list[dict] = []
                for i, slot in enumerate(slots):
                    if not slot.busy:
                        continue
                    if slot.conn in ready or slot.proc.sentinel in ready:
                        died = self._drain(slot, out)
                        if slot.proven:
                            failed_starts = 0
                        if died:
                            if not slot.proven:
                                failed_starts += 1
                                if failed_starts >= 3:
                                    raise _cannot_start()
                            task = slot.current
                            if task is not None:
                                if task["id"] in retried:
                                    out.append(crashed(task))
                                else:
                                    retried.add(task["id"])
                                    retry.append(([task], True))
                            if slot.queue:
                                retry.appendleft((list(slot.queue), False))
                            slots[i] = self._replace(ctx, slot, options)
                            continue
                    if limit and slot.current is not None and time.monotonic() - slot.started > limit:
                        self._drain(slot, out)  # a result may have arrived just now
                        if slot.current is not None:
                            out.append(timed_out(slot.current, limit))
                            if slot.queue:
                                retry.appendleft((list(slot.queue), False))
                            slots[i] = self._replace(ctx, slot, options)
                if out:
                    yield out
        finally:
            for slot in slots:
                self._stop(slot)

    def _drain(self, slot: _Slot, out: list[dict]) -> bool:
        """Read every message the worker sent; True when the worker is gone."""
        try:
            while slot.conn.poll():
                kind, value = slot.conn.recv()
                slot.proven = True
                if kind == "start":
                    while slot.queue and slot.queue[0]["id"] != value:
                        slot.queue.popleft()  # cannot happen: tasks run in order
                    slot.current = slot.queue.popleft() if slot.queue else None
                    slot.started = time.monotonic()
                elif kind == "result":
                    out.append(value)
                    slot.current = None
                elif kind == "idle":
                    slot.busy = False
                    slot.current = None
        except (EOFError, OSError):
            return True
        return not slot.proc.is_alive() and slot.busy

    def _start(self, ctx, options: AuditOptions) -> _Slot:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker_main, args=(child, options.rules, os.getpid()),
                           name="rewriter-audit-worker", daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    def _replace(self, ctx, slot: _Slot, options: AuditOptions) -> _Slot:
        self._stop(slot)
        return self._start(ctx, options)

    @staticmethod
    def _stop(slot: _Slot) -> None:
        try:
            if slot.proc.is_alive() and not slot.busy:
                slot.conn.send(None)
                slot.proc.join(2)
        except (OSError, ValueError):
            pass
        if slot.proc.is_alive():
            slot.proc.kill()
            slot.proc.join(5)
        slot.conn.close()


def _cannot_start():
    from rewriter.errors import UsageError

    return UsageError("Arbejdsprocesserne til audit kunne ikke startes.", code="C318",
                      hint="Prøv med færre --workers, eller tjek maskinens hukommelse.")


START_METHOD: str | None = None  # None: as the module docstring says; tests that patch the worker set "fork"


def _context():
    method = _start_method()
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":  # the server loads the worker code and the rules once, for every pool after it
        ctx.set_forkserver_preload(["rewriter.audit._preload"])
    return ctx


def _start_method() -> str:
    if START_METHOD:
        return START_METHOD
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    if "forkserver" in methods:
        return "forkserver"
    return "spawn"
