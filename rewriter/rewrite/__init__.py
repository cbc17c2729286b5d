"""Rewrite proposals that keep every fact and legal element (see :mod:`.propose`)."""

from .propose import MODES, SCHEMA, Proposal, propose
from .safety import Guard

__all__ = ["MODES", "SCHEMA", "Guard", "Proposal", "propose"]
