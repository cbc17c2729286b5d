"""HTML for the web UI and the reports: Jinja2 templates with autoescape and one style sheet.

Requires: Jinja2 (a core dependency; imported on first use, so ``import rewriter``
and ``rewriter check`` never load it for HTML).  Produces: rendered pages
(:func:`render`), fragments from the macros of a template (:func:`macro`) and
the shared style sheet (:func:`stylesheet`).

Every value a template shows is escaped by Jinja2's autoescape; Python code never
escapes by hand.  Fragments rendered here are ``markupsafe.Markup`` and can be
passed into another template without being escaped twice.

Files (all in this folder, shipped in the wheel):

* ``style.css``: the one style sheet for the UI, the letter report and the audit report
* ``ui.html.j2``: the UI panels (summary, role strip, letter, findings, diff, messages)
* ``report.html.j2``: the downloadable report of one letter
* ``audit.html.j2``: the audit report of a run
* ``charts.svg.j2``: the audit report's SVG charts
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def number(value: float | None, digits: int = 1) -> str:
    """Danish number: ``1.234,5``; ``–`` for None."""
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def integer(value: int | float) -> str:
    """Danish thousands separator: ``12.345``."""
    return f"{value:,.0f}".replace(",", ".")


def fixed(value: float | None, digits: int = 1) -> str:
    """``44.2`` (a point, as the UI has always shown LIX); ``–`` for None."""
    return "–" if value is None else f"{value:.{digits}f}"


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(HERE)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters.update(number=number, integer=integer, fixed=fixed)
    env.globals["stylesheet"] = stylesheet
    return env


@lru_cache(maxsize=1)
def stylesheet():
    """The shared style sheet, as markup for a ``<style>`` element (our own file: trusted, never user text)."""
    from markupsafe import Markup

    css = (HERE / "style.css").read_text(encoding="utf-8")
    if "</" in css:  # pragma: no cover - a guard for whoever edits the file
        raise ValueError("style.css must not contain '</'")
    return Markup(css)


def render(name: str, **context: Any) -> str:
    """Render the template ``name`` (a file in this folder) with ``context``."""
    return environment().get_template(name).render(**context)


def stream(name: str, **context: Any):
    """Render ``name`` piece by piece (for large reports written to a file)."""
    return environment().get_template(name).generate(**context)


def macro(name: str, macro_name: str):
    """The macro ``macro_name`` of the template ``name``; calling it returns escaped ``Markup``."""
    return getattr(environment().get_template(name).module, macro_name)
