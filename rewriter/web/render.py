"""HTML for the web UI and the downloadable report (no Gradio here: plain functions, testable alone).

Requires: a :class:`Report` and, where a rewrite is shown, a :class:`Proposal`.
Produces: HTML fragments (summary, the letter with roles and findings marked,
the role strip as an SVG picture, the rewrite beside the original with the
changes marked) and one self-contained HTML report.  Everything is escaped;
no external assets (the tool runs offline).  All text is Danish.
"""

from __future__ import annotations

import difflib
import html
import re
from typing import Any

from rewriter.model import Report

ROLE_DA = {
    "letterhead": "brevhoved", "date": "dato", "subject": "emne", "greeting": "hilsen", "key_message": "hovedbudskab",
    "practical": "praktisk", "threat": "konsekvens", "help": "hjælp", "rights": "rettigheder", "contact": "kontakt",
    "legal_basis": "lovgrundlag", "closing": "afslutning", "other": "andet",
}
ROLE_COLOUR = {
    "letterhead": "#d9d9d9", "date": "#d9d9d9", "subject": "#bfbfbf", "greeting": "#e8e8e8",
    "key_message": "#2e7d32", "practical": "#81c784", "threat": "#c62828", "help": "#64b5f6",
    "rights": "#9575cd", "contact": "#4fc3f7", "legal_basis": "#a1887f", "closing": "#d9d9d9", "other": "#eeeeee",
}
TYPE_DA = {"indkaldelse": "Indkaldelse", "partshoering": "Partshøring", "afgoerelse_sanktion": "Afgørelse om sanktion",
           "vejledning_raadighed": "Vejledning om rådighed", "unknown": "Ukendt brevtype"}
LEVEL_DA = {"error": "fejl", "warning": "advarsel", "suggestion": "forslag", "off": "slået fra"}
STATUS_DA = {"present": "findes", "missing": "mangler", "placeholder": "flettefelt", "partial": "delvis"}
APPLICABILITY_DA = {"safe": "sikker", "review": "gennemse", "display_only": "kun forslag"}

CSS = """
.rw-summary{display:flex;flex-wrap:wrap;gap:.6rem;margin:.2rem 0}
.rw-card{border:1px solid #ccc;border-radius:.4rem;padding:.4rem .7rem;min-width:9rem}
.rw-card b{display:block;font-size:1.3rem}
.rw-ok{color:#1b5e20}.rw-bad{color:#b71c1c}.rw-warn{color:#e65100}
.rw-letter p{white-space:pre-wrap;margin:.3rem 0;padding:.3rem .5rem;border-left:.4rem solid #eee}
.rw-letter .rw-role{font-size:.7rem;text-transform:uppercase;color:#555;display:block}
.rw-letter mark{background:#fff59d}
.rw-letter .rw-threat{background:#ffebee}.rw-letter .rw-key{background:#e8f5e9}
.rw-diff{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.rw-diff pre{white-space:pre-wrap;font-family:inherit;border:1px solid #ddd;padding:.5rem;margin:0}
.rw-diff del{background:#ffcdd2;text-decoration:line-through}.rw-diff ins{background:#c8e6c9;text-decoration:none}
table.rw-table{border-collapse:collapse;width:100%}table.rw-table td,table.rw-table th{border:1px solid #ddd;
padding:.25rem .4rem;text-align:left;vertical-align:top}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _element_titles() -> dict[str, str]:
    from rewriter.rules.rulebook import load_rulebook

    rb = load_rulebook(None)
    return {e.id: e.title or e.id for e in rb.elements}


def summary_html(report: Report, proposal=None) -> str:
    m = report.metrics
    pl = report.placement
    required = [e for e in report.elements if str(e.level) == "error"]
    missing = [e for e in required if e.status == "missing"]
    cards = [
        ("Brevtype", f"{TYPE_DA.get(report.letter_type, report.letter_type)}",
         f"sikkerhed {report.letter_type_confidence:.2f}"),
        ("LIX", f"{m.lix:.1f}", m.lix_band),
        ("Påkrævede elementer", f"{len(required) - len(missing)} af {len(required)}",
         "alle findes" if not missing else f"{len(missing)} mangler"),
        ("Placering", f"{pl.score}", pl.verdict),
    ]
    if proposal is not None:
        g = proposal.guard
        cards.append(("Omskrivning", "bestået" if g.passed else "ikke bestået",
                      f"LIX {g.lix_before:.1f} → {g.lix_after:.1f}"))
    parts = ['<div class="rw-summary" id="rw-summary">']
    for title, value, note in cards:
        cls = ""
        if title == "Påkrævede elementer":
            cls = "rw-ok" if not missing else "rw-bad"
        if title == "Omskrivning":
            cls = "rw-ok" if proposal.guard.passed else "rw-bad"
        parts.append(f'<div class="rw-card"><span>{_e(title)}</span><b class="{cls}">{_e(value)}</b>'
                     f"<small>{_e(note)}</small></div>")
    parts.append("</div>")
    if missing:
        titles = _element_titles()
        parts.append("<p><b>Mangler:</b> " + ", ".join(_e(titles.get(e.id, e.id)) for e in missing) + "</p>")
    if report.questions:
        parts.append('<table class="rw-table" id="rw-questions"><tr><th>Borgerens spørgsmål</th><th>Svar i brevet</th></tr>')
        for q in report.questions:
            answer = q.answer if q.answered else "ikke besvaret"
            cls = "" if q.answered else ' class="rw-bad"'
            parts.append(f"<tr><td>{_e(q.question)}</td><td{cls}>{_e(answer)}</td></tr>")
        parts.append("</table>")
    return "\n".join(parts)


def role_strip_svg(report: Report, width: int = 640, height: int = 46) -> str:
    """The letter's paragraphs as a strip of coloured blocks (width by words), threat and key message marked."""
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
        colour = ROLE_COLOUR.get(role, "#eee")
        if p.index in threats:
            colour = ROLE_COLOUR["threat"]
        title = f"Afsnit {p.index + 1}: {ROLE_DA.get(role, role)}" + (" · konsekvens" if p.index in threats else "")
        rects.append(f'<rect x="{x:.1f}" y="8" width="{max(w - 1, 1):.1f}" height="24" fill="{colour}">'
                     f"<title>{_e(title)}</title></rect>")
        if p.index == key:
            rects.append(f'<text x="{x + 2:.1f}" y="44" font-size="10">▲ hovedbudskab</text>')
        if p.index in threats:
            rects.append(f'<text x="{x + 2:.1f}" y="6" font-size="9" fill="#c62828">konsekvens</text>')
        x += w
    return (f'<svg id="rw-strip" role="img" aria-label="Brevets afsnit efter rolle" width="100%" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">' + "".join(rects) + "</svg>")


def letter_html(report: Report) -> str:
    """The letter, one block per paragraph with its role; finding spans highlighted."""
    letter = report.letter
    text = letter.text
    threats = set(report.placement.threat_paragraphs)
    key = report.placement.key_message_paragraph
    spans = sorted({(f.span.start, f.span.end, f.code) for f in report.findings if f.span.end > f.span.start})
    out = ['<div class="rw-letter" id="rw-letter">']
    for p in letter.paragraphs:
        role = p.role or "other"
        cls = "rw-threat" if p.index in threats else ("rw-key" if p.index == key else "")
        colour = ROLE_COLOUR["threat"] if p.index in threats else ROLE_COLOUR.get(role, "#eee")
        pieces, pos = [], p.span.start
        for s, e, code in spans:
            s, e = max(s, p.span.start), min(e, p.span.end)
            if e <= s or s < pos:
                continue
            pieces.append(_e(text[pos:s]))
            pieces.append(f'<mark title="{_e(code)}">{_e(text[s:e])}</mark>')
            pos = e
        pieces.append(_e(text[pos:p.span.end]))
        label = ROLE_DA.get(role, role) + (" · konsekvens" if p.index in threats and role != "threat" else "")
        out.append(f'<p class="{cls}" style="border-left-color:{colour}"><span class="rw-role">{_e(label)}</span>'
                   + "".join(pieces) + "</p>")
    out.append("</div>")
    return "\n".join(out)


def findings_rows(report: Report) -> list[list[str]]:
    """Rows for the findings table: code, level, message, legal basis, suggested fix."""
    rows = []
    for f in report.findings:
        fix = f.fix.title if f.fix else ""
        rows.append([f.code, LEVEL_DA.get(str(f.level), str(f.level)), f.message, f.legal_basis or "", fix])
    return rows


def findings_table_html(report: Report) -> str:
    rows = findings_rows(report)
    head = "<tr><th>Kode</th><th>Niveau</th><th>Besked</th><th>Lovgrundlag</th><th>Forslag</th></tr>"
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="rw-table" id="rw-findings">{head}{body}</table>'


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _diff_pair(a: str, b: str) -> tuple[str, str]:
    """Word-level diff (whole words marked, not letters inside them)."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        old, new = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        if op == "equal":
            left.append(_e(old))
            right.append(_e(new))
            continue
        if old:
            left.append(f"<del>{_e(old)}</del>")
        if new:
            right.append(f"<ins>{_e(new)}</ins>")
    return "".join(left), "".join(right)


def diff_html(proposal) -> str:
    """The original and the proposal side by side, deletions and insertions marked."""
    a, b = proposal.report.letter.text, proposal.text
    left, right = _diff_pair(a, b)
    g = proposal.guard
    verdict = ('<p class="rw-ok" id="rw-guard">Sikkerhedstjek bestået: alle fakta og påkrævede elementer er med, '
               f"og LIX falder fra {g.lix_before:.1f} til {g.lix_after:.1f}.</p>") if g.passed else (
        '<p class="rw-bad" id="rw-guard">Sikkerhedstjekket er ikke bestået. Forslaget vises kun: '
        + " ".join(_e(r) for r in g.reasons) + "</p>")
    fixes = "".join(f"<li>[{_e(APPLICABILITY_DA.get(str(f.applicability), f.applicability))}] {_e(f.title)}</li>"
                    for f in proposal.fixes if f.edits)
    return (verdict + '<div class="rw-diff" id="rw-diff"><div><h4>Original</h4><pre>' + left +
            '</pre></div><div><h4>Forslag</h4><pre id="rw-proposal">' + right + "</pre></div></div>"
            + (f"<h4>Ændringer</h4><ul>{fixes}</ul>" if fixes else ""))


def report_html(report: Report, proposal=None) -> str:
    """One self-contained HTML page: summary, role strip, letter, findings and the rewrite."""
    parts = [
        "<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\">",
        (f"<title>Rapport: {_e(report.letter.source)}</title><style>{CSS}"
         "body{font-family:system-ui,sans-serif;max-width:72rem;margin:1rem auto;padding:0 1rem}</style></head><body>"),
        f"<h1>Rapport for {_e(report.letter.source)}</h1>",
        f"<p>Regelversion {_e(report.rulebook_version)} · regler gældende {_e(report.rules_date or '')}"
        + (f" · profil {_e(report.profile)}" if report.profile else "") + "</p>",
        summary_html(report, proposal),
        "<h2>Brevets opbygning</h2>", role_strip_svg(report),
        "<h2>Fund</h2>", findings_table_html(report),
        "<h2>Brevet</h2>", letter_html(report),
    ]
    if proposal is not None:
        parts += ["<h2>Forslag til omskrivning</h2>", diff_html(proposal)]
    parts.append("</body></html>")
    return "\n".join(parts)
