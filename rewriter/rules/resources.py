"""Where the data folders live: ``rules/`` and ``letter_templates/``.

In a checkout (and an editable install) they are the top-level folders of the
repository.  A wheel carries copies inside the package as ``rewriter/_data/``
(see ``[tool.hatch.build.targets.wheel.force-include]`` in ``pyproject.toml``),
so an installed package finds them without the repository.  The environment
variables ``REWRITER_RULES`` and ``REWRITER_TEMPLATES`` override both.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent.parent  # the rewriter package


def _locate(name: str, env: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override)
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    return _PKG / "_data" / name


@cache
def rules_dir() -> Path:
    return _locate("rules", "REWRITER_RULES")


@cache
def templates_dir() -> Path:
    return _locate("letter_templates", "REWRITER_TEMPLATES")
