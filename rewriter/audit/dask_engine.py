"""Run the audit's worker on a Dask distributed cluster (``--engine dask``).

Same interface as :mod:`rewriter.audit.engines`: batches in, result lists out,
with a bounded window of batches in flight, so the parent process keeps
writing to the store as results arrive, exactly as in a local run.  The results
are the same because the same function (:func:`rewriter.audit.worker.check_batch`)
runs on the workers.

* ``scheduler`` is the address of a running scheduler (``tcp://host:8786``);
  without it a ``LocalCluster`` with ``workers`` processes is started.
* The workers need ``rewriter`` installed in the same version and read folder
  input by path, so they must see the audited folder at the same path (a
  shared file system).  ZIP members are read here, each with its type's cap,
  and sent to them as bytes.
* A batch whose worker died (``KilledWorker`` and the like) gets ``A408`` per file.
* The hard time limit per file of the local engine does not apply here (a Dask
  task cannot be killed alone); template variants still stop in time (``A407``).

Dask is imported only here; install it with ``pip install "rewriter[dask]"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rewriter.errors import UsageError
from rewriter.audit.engines import crashed
from rewriter.audit.worker import AuditOptions, check_batch, member_bytes


class DaskEngine:
    def __init__(self, scheduler: str | None, workers: int = 1, window_per_thread: int = 3):
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise UsageError("Dask er ikke installeret.", code="C315",
                             hint='Installér det med: pip install "rewriter[dask]".') from None
        self.scheduler = scheduler
        self.workers = max(1, workers)
        self.window_per_thread = window_per_thread

    def _client(self):
        from distributed import Client, LocalCluster

        if not self.scheduler:
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, dashboard_address=":0")
            return Client(cluster), cluster
        try:
            return Client(self.scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"Kan ikke forbinde til Dask-scheduleren ({exc}).", where=self.scheduler, code="C316",
                             hint="Tjek adressen (fx tcp://host:8786), og at scheduleren kører.") from None

    def __call__(self, batches: Iterable[list[dict]], options: AuditOptions) -> Iterator[list[dict]]:
        from distributed import as_completed

        client, cluster = self._client()
        try:
            window = max(1, sum(client.nthreads().values())) * self.window_per_thread
            source = iter(batches)
            pending: dict = {}
            done = as_completed()

            def submit() -> bool:
                batch = next(source, None)
                if batch is None:
                    return False
                batch = [member_bytes(t, options.max_chars) for t in batch]
                fut = client.submit(check_batch, batch, options, pure=False)
                pending[fut.key] = batch
                done.add(fut)
                return True

            more = True
            while more and len(pending) < window:
                more = submit()
            for fut in done:
                batch = pending.pop(fut.key)
                try:
                    results = fut.result()
                except Exception:  # noqa: BLE001 - a worker died or the task was lost
                    results = [crashed(t) for t in batch]
                fut.release()
                yield results
                if more:
                    more = submit()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
