"""Rewrite proposals that keep every fact and legal element (see :mod:`.propose`)."""

from rewriter.rewrite.propose import MODES, SCHEMA, Proposal, propose
from rewriter.rewrite.safety import Guard

__all__ = ["MODES", "SCHEMA", "Guard", "Proposal", "propose"]
