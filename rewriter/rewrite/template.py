"""``template``: the model letter for the letter type, filled with the letter's facts.

Requires: a :class:`Report` with facts.  Produces: one :class:`Fix` replacing the
whole text with ``letter_templates/letters/<type>.j2`` rendered (sandboxed,
StrictUndefined).  A fact that was not extracted stays a visible placeholder
such as ``[MØDEDATO]``, never invented.  The model letter rarely keeps every
fact of a real letter (an extra date, a § reference), so the safety check
usually downgrades it to display-only: it is a starting point, not a fix.
"""

from __future__ import annotations

from ..model import Applicability, Edit, Fix, Report, Span
from ..resources import templates_dir
from ..templates import render_template, snippet_context
from .summary import facts_for_summary


def template_context(report: Report) -> dict[str, str]:
    letter = report.letter
    ctx = snippet_context(letter)
    facts = facts_for_summary(report)
    paras = letter.paragraphs
    head = [p for p in paras if p.role in ("letterhead",)]
    date = next((p for p in paras if p.role == "date"), None)
    name = next((f.text for f in report.facts if f.kind == "name"), None)
    greeting = next((p.span.slice(letter.text) for p in paras if p.role == "greeting"), None)
    return {
        "afsender": head[0].span.slice(letter.text) if head else "[AFSENDER]",
        "modtager": head[1].span.slice(letter.text) if len(head) > 1 else "[MODTAGER]",
        "dato": date.span.slice(letter.text) if date else "[DATO]",
        "navn": greeting.split(None, 1)[1].strip(" ,") if greeting and len(greeting.split()) > 1 else "[NAVN]",
        "naar": facts.get("naar", "[MØDEDATO OG KLOKKESLÆT]"),
        "sted": facts.get("hvor", "[MØDESTED]"),
        "telefon": facts.get("telefon", ctx["telefon"]),
        "frist": facts.get("frist", "[SVARFRIST]"),
        "beloeb": facts.get("beloeb", "[BELØB]"),
        "klagefrist": facts.get("klagefrist", "4 uger"),
        "sagsbehandler": name or "[SAGSBEHANDLER]",
        "kommune": ctx["kommune"],
    }


def template_fix(report: Report) -> Fix | None:
    if report.letter_type == "unknown":
        return None
    if not (templates_dir() / "letters" / f"{report.letter_type}.j2").is_file():
        return None
    text = render_template("letters", f"{report.letter_type}.j2", template_context(report))
    whole = Span(0, len(report.letter.text))
    return Fix("Skriv brevet om efter modelbrevet for brevtypen", (Edit(whole, text),), Applicability.REVIEW,
               origin=f"template:{report.letter_type}")
