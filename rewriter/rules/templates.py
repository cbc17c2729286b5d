"""Render the Jinja2 snippets in ``letter_templates/snippets/`` (sandboxed, StrictUndefined).

Snippets are the text a fix inserts when an element is missing.  They may use
the variables of :func:`snippet_context`; a value the letter does not give stays
a visible placeholder such as ``[TELEFON]``, never an invented fact.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rewriter.model import Letter
from rewriter.rules.language import Language, language
from rewriter.rules.resources import templates_dir



@lru_cache(maxsize=4)
def _environment(folder: Path):
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(loader=FileSystemLoader(str(folder)), undefined=StrictUndefined,
                                autoescape=False, keep_trailing_newline=False)


def snippet_context(letter: Letter, lang: Language | None = None) -> dict[str, str]:
    """The letter's municipality and phone number for a snippet (patterns in rules/language/da.yml)."""
    lang = lang or language()
    phone_re = lang["phone"]
    text = letter.text
    head = text[: letter.paragraphs[min(3, len(letter.paragraphs) - 1)].span.end] if letter.paragraphs else text
    m = lang["municipality"].search(text) or lang["jobcenter"].search(text)
    phone = phone_re.search(head) or phone_re.search(text)
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
