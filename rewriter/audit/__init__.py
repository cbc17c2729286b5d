"""Batch audits of letter templates: ``rewriter audit MAPPE|ZIP`` and ``rewriter audit diff A B``.

Modules, one concept each:

==================  ===========================================================
``discover``        stream the letters of a folder or ZIP (limits, loops, locks)
``worker``          one file: read, hash, ``check()``, a compact result dict
``branches``        template ``{% if %}`` variants and the elements they lose
``language``        does the text look Danish (warning ``A406``)
``engines``         run the worker on the audit's own processes (time limit per file)
``dask_engine``     run the worker on a Dask cluster (imports dask lazily)
``runner``          discovery -> unchanged-file skipping -> engine -> store
``store``           the store (SQLite WAL or PostgreSQL): runs, files, results, findings, reviews
``schema``          the store's tables and schema version
``stats``           one pass over a run's results: the report's numbers
``report``          self-contained HTML report (inline SVG charts, sortable table)
``charts``          the SVG charts
``export``          CSV and JSON exports
``diff``            which templates got worse between two runs (a CI gate)
``codes``           the ``A4xx`` problem codes
``cli``             the command line (exit codes documented there)
==================  ===========================================================

Python use::

    from rewriter.audit import run_audit, Store
    summary = run_audit("skabeloner/", "audit.sqlite", workers=2)
    with Store.open("audit.sqlite") as store:
        rows = list(store.run_results(summary.run_id))

Nothing here is imported by ``import rewriter``; dask only by ``dask_engine``.
"""

from __future__ import annotations

__all__ = ["AuditOptions", "Store", "run_audit"]


def __getattr__(name: str):
    if name == "run_audit":
        from rewriter.audit.runner import run_audit

        return run_audit
    if name == "Store":
        from rewriter.audit.store import Store

        return Store
    if name == "AuditOptions":
        from rewriter.audit.worker import AuditOptions

        return AuditOptions
    raise AttributeError(name)
