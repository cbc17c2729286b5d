"""Render a :class:`Report`: ``text`` (greppable) or ``json`` (wire format)."""

from __future__ import annotations

import json

from rewriter import labels
from rewriter.model import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def render_text(report: Report) -> str:
    """One ``path:line:col CODE level message`` line per finding, then a summary."""
    letter = report.letter
    lines = []
    for f in report.findings:
        line, col = letter.line_col(f.span.start)
        unconfirmed = "; hjemmel ikke bekræftet" if f.values.get("confirmed") == "false" else ""
        basis = f" [{f.legal_basis}{unconfirmed}]" if f.legal_basis else ""
        lines.append(f"{letter.source}:{line}:{col} {f.code} {f.level} {f.message}{basis}")
        evidence = evidence_line(report, f)
        if evidence:
            lines.append(evidence)
    for n in (letter.notices if report.notices is None else report.notices):
        lines.append(f"{letter.source}:1:1 {n.code} notice {n.message}")
    m = report.metrics
    counts = {lvl: sum(1 for f in report.findings if f.level == lvl) for lvl in ("error", "warning", "suggestion")}
    kind = report.letter_type
    if kind != "unknown":
        kind += f" ({report.letter_type_confidence:.2f})"
    lines.append(
        f"{letter.source}: {kind} · LIX {m.lix:.1f} ({m.lix_band}) · {m.words} ord, "
        f"{m.sentences} sætninger, {m.long_words} lange ord · {len(letter.paragraphs)} afsnit · "
        f"{counts['error']} fejl, {counts['warning']} advarsler, {counts['suggestion']} forslag"
        + learned_note(report)
    )
    return "\n".join(lines)


def learned_note(report: Report) -> str:
    """`` · fundet af den lærte model: bisidder (0.91)`` when the learned signal found elements no pattern found."""
    learned = [f"{e.id} ({e.similarity:.2f})" for e in report.elements if e.similarity is not None]
    return f" · fundet af den lærte model: {', '.join(learned)}" if learned else ""


def evidence_line(report: Report, f) -> str | None:
    """For a missing or partial element: the closest candidate sentence and how close it is, on an indented
    line below the finding (``    ~ nærmeste sætning, linje 12 (lighed 0.41): "..."``)."""
    if "candidate_start" not in f.values:
        return None
    from rewriter.analysis.learned import UNLIKE

    line, _col = report.letter.line_col(int(f.values["candidate_start"]))
    similarity = float(f.values["similarity"])
    if f.values.get("miss") == "clear" and similarity < UNLIKE:
        return f"    ~ ingen sætning ligner elementet (nærmeste: linje {line}, lighed {similarity:.2f})"
    label = "fundet i sætningen" if f.values.get("missing_parts") else "nærmeste sætning"
    return f"    ~ {label}, linje {line} (lighed {similarity:.2f}): \"{f.values['candidate']}\""


def render_fixes(report: Report) -> str:
    """``check --show fixes``: one line per finding with a fix (where, code, applicability, title), then the text
    it inserts or puts in place, indented with ``    > ``; a deletion says so."""
    letter = report.letter
    lines = []
    for f in report.findings:
        if f.fix is None:
            continue
        line, col = letter.line_col((f.fix.edits[0].span if f.fix.edits else f.span).start)
        label = labels.applicability(str(f.fix.applicability))
        lines.append(f"{letter.source}:{line}:{col} {f.code} rettelse [{label}] {f.fix.title}")
        for e in f.fix.edits:
            text = e.replacement.strip("\n")
            if not text:
                lines.append(f"    > (slet: {' '.join(letter.text[e.span.start:e.span.end].split())})")
                continue
            lines += [f"    > {t}".rstrip() for t in text.splitlines()]
    if not lines:
        lines.append(f"{letter.source}: ingen forslag til rettelser")
    return "\n".join(lines)


def render_questions(report: Report) -> str:
    """``check --show questions``: each of the citizen's questions with the sentence that answers it (and where),
    or "ikke besvaret"."""
    letter = report.letter
    lines = []
    for q in report.questions or ():
        if q.answered and q.start is not None:
            line, col = letter.line_col(q.start)
            lines.append(f"{letter.source}:{line}:{col} spørgsmål «{q.question}» besvaret: {' '.join(q.answer.split())}")
        else:
            lines.append(f"{letter.source}: spørgsmål «{q.question}» ikke besvaret")
    return "\n".join(lines)


RENDERERS = {"text": render_text, "json": render_json}


def render_guard(proposal) -> str:
    """The safety check's verdict and the fixes of a rewrite proposal, in Danish, one per line."""
    g = proposal.guard
    src = proposal.report.letter.source
    verdict = "bestået" if g.passed else "IKKE bestået: intet forslag (se grundene nedenfor)"
    lines = [(f"{src}: omskrivning ({proposal.mode}) · sikkerhedstjek {verdict} · LIX {g.lix_before:.1f} -> "
             f"{g.lix_after:.1f}")]
    lines += [f"{src}: {r}" for r in g.reasons]
    if proposal.fallback_reasons:
        lines.append(f"{src}: Et større forslag blev fravalgt: {' '.join(proposal.fallback_reasons)}")
    for f in proposal.fixes:
        where = ""
        span = f.edits[0].span if f.edits else f.span
        if span is not None:
            line, col = proposal.report.letter.line_col(span.start)
            where = f":{line}:{col}"
        lines.append(f"{src}{where} [{labels.applicability(str(f.applicability))}] {f.title}")
    return "\n".join(lines)
