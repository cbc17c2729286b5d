"""A hard time budget per request: the web UI's checks and rewrites run in worker processes.

Requires: nothing but the standard library (``multiprocessing`` with ``spawn``:
the workers do not inherit Gradio, the server's threads or its sockets).
Produces: :class:`JobPool`; ``pool.run(fn, *args)`` runs ``fn`` in a free
worker and returns its result, or raises

* :class:`RewriterError` ``C338`` (Danish) when it takes longer than the
  budget: the worker is killed and a fresh one started, so the server and the
  other users are not held up by one pathological letter;
* the worker's own :class:`RewriterError` (its code, message and hint) when the
  check refused the letter;
* :class:`RuntimeError` when the worker died or failed unexpectedly (the
  traceback is in the server log; the page shows a short Danish message).

``fn`` must be importable by name (a module-level function): it is pickled by
reference, as are its arguments and result.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import signal
import threading
import time
import traceback
from typing import Any

from rewriter.errors import RewriterError

log = logging.getLogger("rewriter.web")

TIMEOUT_CODE = "C338"


def timeout_error(seconds: float) -> RewriterError:
    return RewriterError(f"Brevet tog for lang tid at behandle (over {seconds:.0f} sekunder), så arbejdet blev stoppet.",
                         code=TIMEOUT_CODE,
                         hint="Indsæt kun selve brevet (ikke flere breve eller bilag på én gang), eller del det op. "
                              "Serveren er klar til næste brev.")


def _warm() -> None:
    """Load what every check needs, so the first request does not pay for it."""
    from rewriter.rules.rulebook import load_rulebook
    from rewriter.web import app  # noqa: F401 - the handlers' module and its imports

    load_rulebook(None)


def _worker_main(conn) -> None:  # pragma: no cover - runs in the child process
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server; it stops the workers
    try:
        _warm()
    except Exception:  # noqa: BLE001 - a broken rules folder shows up again, coded, at the first request
        pass
    while True:
        try:
            fn, args, kwargs = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            reply: tuple[str, Any] = ("ok", fn(*args, **kwargs))
        except RewriterError as exc:
            reply = ("refused", {"code": exc.code, "message": exc.message, "where": exc.where, "hint": exc.hint})
        except Exception:  # noqa: BLE001 - logged here, reported to the parent
            log.error("unexpected error in a web worker:\n%s", traceback.format_exc())
            reply = ("failed", traceback.format_exc(limit=1).strip().splitlines()[-1])
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return


class _Worker:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child,), name="rewriter-worker", daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(5)
        except Exception:  # noqa: BLE001
            pass
        self.conn.close()


class JobPool:
    """``size`` worker processes; each job gets at most ``timeout`` seconds (waiting for a worker included)."""

    def __init__(self, size: int = 2, timeout: float = 60.0):
        self.size, self.timeout = size, float(timeout)
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._all: set[_Worker] = set()
        self.replaced = 0
        for _ in range(size):
            self._idle.put(self._new())

    def _new(self) -> _Worker:
        w = _Worker(self._ctx)
        self._all.add(w)
        return w

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            if self._closed:
                return
            self.replaced += 1
            self._idle.put(self._new())

    def run(self, fn, *args, timeout: float | None = None, **kwargs):
        budget = self.timeout if timeout is None else float(timeout)
        deadline = time.monotonic() + budget
        try:
            worker = self._idle.get(timeout=budget)
        except queue.Empty:
            raise timeout_error(budget) from None
        try:
            worker.conn.send((fn, args, kwargs))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                log.warning("a web request ran over its %.0f s budget; its worker was stopped", budget)
                self._replace(worker)
                worker = None
                raise timeout_error(budget)
            kind, value = worker.conn.recv()
        except (EOFError, OSError) as exc:
            if worker is not None:
                self._replace(worker)
                worker = None
            raise RuntimeError(f"a web worker died: {exc!r}") from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if kind == "ok":
            return value
        if kind == "refused":
            raise RewriterError(value["message"], where=value["where"], hint=value["hint"], code=value["code"])
        raise RuntimeError(f"a web worker failed: {value}")

    def close(self) -> None:
        """Stop every worker, busy or not (a busy job then fails with a Danish message)."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for w in workers:
            w.kill()
