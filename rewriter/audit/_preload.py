"""Imported once by the fork server of the audit's workers (:mod:`rewriter.audit.engines`): the worker
code and the default rules are loaded there, so each worker forked from it starts at once."""

from __future__ import annotations

from rewriter.audit import worker  # noqa: F401 - imported for the workers
from rewriter.rules.rulebook import load_rulebook

load_rulebook(None)
