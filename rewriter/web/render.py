"""HTML for the web UI and the downloadable report (no Gradio here: plain functions, testable alone).

Requires: a :class:`Report` and, where a rewrite is shown, a :class:`Proposal`.
Produces: HTML fragments (summary, the letter with roles and findings marked,
the role strip as an SVG picture, the rewrite beside the original with the
changes marked, messages) and one self-contained HTML report.  The markup is in
``rewriter/templates/ui.html.j2`` and ``report.html.j2`` (Jinja2, autoescape):
this module only prepares the values.  No external assets (the tool runs
offline).  All text is Danish.
"""

from __future__ import annotations

from typing import Any

from rewriter import labels
from rewriter.model import Report
from rewriter.templates import macro, render, stylesheet
from rewriter.web.textdiff import Diff, diff_texts

ROLE_COLOUR = {
    "letterhead": "#d9d9d9", "date": "#d9d9d9", "subject": "#bfbfbf", "greeting": "#e8e8e8",
    "key_message": "#2e7d32", "practical": "#81c784", "threat": "#c62828", "help": "#64b5f6",
    "rights": "#9575cd", "contact": "#4fc3f7", "legal_basis": "#a1887f", "closing": "#d9d9d9", "other": "#eeeeee",
}
LEGEND_ROLES = ("key_message", "practical", "help", "contact", "rights", "threat", "legal_basis", "other")


def css() -> str:
    """The shared style sheet (``rewriter/templates/style.css``)."""
    return str(stylesheet())


def _ui(name: str, *args: Any) -> str:
    return str(macro("ui.html.j2", name)(*args))


def _element_titles() -> dict[str, str]:
    from rewriter.rules.rulebook import load_rulebook

    rb = load_rulebook(None)
    return {e.id: e.title or e.id for e in rb.elements}


def _summary_values(report: Report, proposal=None) -> tuple[list[dict], list[str], list, list[str]]:
    m = report.metrics
    pl = report.placement
    required = [e for e in report.elements if str(e.level) == "error"]
    missing = [e for e in required if e.status == "missing"]
    weak = {str(f.values["element"]) for f in report.findings if f.values.get("miss") == "weak"}
    unsure = sum(e.id in weak for e in missing)
    cards = [
        {"title": "Brevtype", "value": labels.letter_type(report.letter_type),
         "note": f"sikkerhed {report.letter_type_confidence:.2f}", "cls": ""},
        {"title": "LIX", "value": f"{m.lix:.1f}", "note": m.lix_band, "cls": ""},
        {"title": "Påkrævede elementer", "value": f"{len(required) - len(missing)} af {len(required)}",
         "note": "alle findes" if not missing else f"{len(missing)} mangler" + (f" ({unsure} at tjekke)" if unsure else ""),
         "cls": "rw-bad" if missing else "rw-ok"},
        {"title": "Placering", "value": f"{pl.score}", "note": pl.verdict, "cls": ""},
    ]
    if proposal is not None:
        g = proposal.guard
        cards.append({"title": "Omskrivning", "value": "bestået" if g.passed else "ikke bestået",
                      "note": f"LIX {g.lix_before:.1f} → {g.lix_after:.1f}", "cls": "rw-ok" if g.passed else "rw-bad"})
    titles = _element_titles() if missing else {}
    questions = list(report.questions or ())
    notices = [n.message for n in (report.notices or ()) if n.code.startswith("N")]
    return (cards, [titles.get(e.id, e.id) + (" (tjek: en sætning ligner)" if e.id in weak else "") for e in missing],
            questions, notices)


def summary_html(report: Report, proposal=None) -> str:
    return _ui("summary", *_summary_values(report, proposal))


def _strip_rects(report: Report, width: int) -> list[dict]:
    letter = report.letter
    threats = set(report.placement.threat_paragraphs)
    key = report.placement.key_message_paragraph
    sizes = [max(1, sum(s.words for s in p.sentences)) for p in letter.paragraphs]
    total = sum(sizes) or 1
    x = 0.0
    rects = []
    for p, size in zip(letter.paragraphs, sizes, strict=True):
        w = width * size / total
        role = p.role or "other"
        threat = p.index in threats
        rects.append({
            "x": f"{x:.1f}", "w": f"{max(w - 1, 1):.1f}", "label_x": f"{x + 2:.1f}",
            "colour": ROLE_COLOUR["threat"] if threat else ROLE_COLOUR.get(role, "#eee"),
            "title": f"Afsnit {p.index + 1}: {labels.role(role)}" + (" · konsekvens" if threat else ""),
            "key": p.index == key, "threat": threat,
        })
        x += w
    return rects


def role_strip_svg(report: Report, width: int = 640, height: int = 46) -> str:
    """The letter's paragraphs as a strip of coloured blocks (width by words), threat and key message marked."""
    return _ui("strip", _strip_rects(report, width), width, height)


def legend_html() -> str:
    """The colours of the role strip and the letter, with their Danish names."""
    return _ui("legend", [(labels.role(r), ROLE_COLOUR[r]) for r in LEGEND_ROLES])


def _letter_paragraphs(report: Report) -> list[dict]:
    letter = report.letter
    text = letter.text
    threats = set(report.placement.threat_paragraphs)
    key = report.placement.key_message_paragraph
    spans = sorted({(f.span.start, f.span.end, f.code) for f in report.findings if f.span.end > f.span.start})
    out = []
    for p in letter.paragraphs:
        role = p.role or "other"
        segments: list[tuple[str, str | None]] = []
        pos = p.span.start
        for s, e, code in spans:
            s, e = max(s, p.span.start), min(e, p.span.end)
            if e <= s or s < pos:
                continue
            segments += [(text[pos:s], None), (text[s:e], code)]
            pos = e
        segments.append((text[pos:p.span.end], None))
        out.append({
            "cls": "rw-threat" if p.index in threats else ("rw-key" if p.index == key else ""),
            "colour": ROLE_COLOUR["threat"] if p.index in threats else ROLE_COLOUR.get(role, "#eee"),
            "label": labels.role(role) + (" · konsekvens" if p.index in threats and role != "threat" else ""),
            "segments": [(t, c) for t, c in segments if t],
        })
    return out


def letter_html(report: Report) -> str:
    """The letter, one block per paragraph with its role; finding spans highlighted."""
    return _ui("letter", _letter_paragraphs(report))


FINDING_HEADERS = ["Kode", "Niveau", "Besked", "Lovgrundlag", "Forslag til rettelse", "Nærmeste sætning i brevet"]


def evidence_cell(f) -> str:
    """A missing or partial element's closest candidate sentence and how close it is (0-1), else empty."""
    if "candidate" not in f.values:
        return ""
    from rewriter.analysis.learned import UNLIKE

    if f.values.get("miss") == "clear" and float(f.values["similarity"]) < UNLIKE:
        return f"Ingen sætning ligner elementet (højeste lighed {float(f.values['similarity']):.2f})"
    verdict = {"weak": " · tjek: ligner elementet", "clear": " · mangler"}.get(str(f.values.get("miss")), "")
    return f"»{f.values['candidate']}« (lighed {float(f.values['similarity']):.2f}{verdict})"


def findings_rows(report: Report) -> list[list[str]]:
    """Rows for the findings table: code, level, message, legal basis, suggested fix, and for a missing or
    partial element the closest candidate sentence with its similarity (:data:`FINDING_HEADERS`)."""
    rows = []
    for f in report.findings:
        fix = f.fix.title if f.fix else ""
        rows.append([f.code, labels.level(str(f.level)), f.message, f.legal_basis or "", fix, evidence_cell(f)])
    return rows


def findings_table_html(report: Report) -> str:
    return _ui("findings_table", findings_rows(report))


def compute_diff(proposal) -> Diff:
    """The original beside the proposal (bounded: see :mod:`rewriter.web.textdiff`); compute it once per request."""
    return diff_texts(proposal.report.letter.text, proposal.text)


def diff_html(proposal, diff: Diff | None = None) -> str:
    """The original and the proposal side by side, deletions and insertions marked."""
    d = diff if diff is not None else compute_diff(proposal)
    fixes = [(labels.applicability(str(f.applicability)), f.title)
             for f in proposal.fixes if f.edits]
    return _ui("diff", proposal.guard, d.left, d.right, fixes, d.note)


def error_html(message: str) -> str:
    """A Danish error message in the page (``#rw-error``)."""
    return _ui("error", message)


def message_html(text: str, id: str | None = None) -> str:  # noqa: A002 - the HTML attribute
    """A one-line message (``<p id=...>``)."""
    return _ui("message", id, text)


def styles_html() -> str:
    """``<style>`` with the shared style sheet, for the UI page."""
    return _ui("styles")


def report_html(report: Report, proposal=None, diff: Diff | None = None) -> str:
    """One self-contained HTML page: summary, role strip, letter, findings and the rewrite."""
    if proposal is not None and diff is None:
        diff = compute_diff(proposal)
    fixes = [] if proposal is None else [
        (labels.applicability(str(f.applicability)), f.title) for f in proposal.fixes if f.edits]
    cards, missing, questions, notices = _summary_values(report, proposal)
    return render("report.html.j2", report=report, cards=cards, missing=missing, questions=questions, notices=notices,
                  rects=_strip_rects(report, 640), paragraphs=_letter_paragraphs(report),
                  findings=findings_rows(report), proposal=proposal, diff=diff, fixes=fixes)
