"""Render the Jinja2 snippets in ``letter_templates/snippets/`` (sandboxed, StrictUndefined).

Snippets are the text a fix inserts when an element is missing.  They may use
the variables of :func:`snippet_context`; a value the letter does not give stays
a visible placeholder such as ``[TELEFON]``, never an invented fact.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rewriter.model import Letter
from rewriter.rules.resources import templates_dir

PHONE_RE = re.compile(r"(?<![\d])(?:\+45\s?)?\d{2}\s?\d{2}\s?\d{2}\s?\d{2}(?![\d])")
_KOMMUNE_RE = re.compile(r"\b([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?) Kommune\b")
_JOBCENTER_RE = re.compile(r"\bJobcenter ([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?)\b")


@lru_cache(maxsize=4)
def _environment(folder: Path):
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(loader=FileSystemLoader(str(folder)), undefined=StrictUndefined,
                                autoescape=False, keep_trailing_newline=False)


def snippet_context(letter: Letter) -> dict[str, str]:
    text = letter.text
    head = text[: letter.paragraphs[min(3, len(letter.paragraphs) - 1)].span.end] if letter.paragraphs else text
    m = _KOMMUNE_RE.search(text) or _JOBCENTER_RE.search(text)
    phone = PHONE_RE.search(head) or PHONE_RE.search(text)
    return {
        "kommune": f"{m.group(1)} Kommune" if m else "[KOMMUNE]",
        "telefon": phone.group() if phone else "[TELEFON]",
        "dato": "[DATO]",
        "frist": "[FRIST]",
    }


def render_snippet(name: str, context: dict[str, str]) -> str:
    return _render("snippets", name, tuple(sorted(context.items())))


def render_template(folder: str, name: str, context: dict) -> str:
    """Render ``letter_templates/<folder>/<name>`` (sandboxed, StrictUndefined)."""
    env = _environment(templates_dir() / folder)
    return env.get_template(name).render(**context).strip()


@lru_cache(maxsize=512)
def _render(folder: str, name: str, context: tuple[tuple[str, str], ...]) -> str:
    return render_template(folder, name, dict(context))
