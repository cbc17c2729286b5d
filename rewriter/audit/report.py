"""The HTML report of an audit run: one self-contained file a manager can read.

The markup is ``rewriter/templates/audit.html.j2`` and ``charts.svg.j2`` (Jinja2,
autoescape, the shared ``style.css``); this module prepares the values.

Contents (all Danish): key figures, three inline SVG charts (LIX distribution,
missing elements by rule, where the threat paragraph starts), a sortable table
of the templates (worst first; a small inline script sorts on a click), and a
section per template with its findings, branch gaps, warnings or read error,
linked from the table.  No external assets, so it can be mailed or archived.

For very large runs the table and the sections hold the ``max_rows`` worst
templates; the charts and figures always cover the whole run, and the CSV
(:mod:`rewriter.audit.export`) has every file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from rewriter import labels
from rewriter.audit import charts
from rewriter.audit.stats import EARLY_THREAT, RunStats, collect
from rewriter.audit.store import Store
from rewriter.templates import integer as _int
from rewriter.templates import number as _num
from rewriter.templates import stream

MAX_ROWS = 5000
REQUIRED = "#c62828"
HEADS = [("Skabelon", False), ("Brevtype", False), ("LIX", True), ("Placering (0–100)", True),
         ("Trussel ved", True), ("Mangler", True), ("Fejl", True), ("Advarsler", True),
         ("Forslag", True), ("Grenhuller", True), ("Status", False)]


def element_titles(rules: str | None = None) -> dict[str, str]:
    """Element id -> its Danish title."""
    from rewriter.rules.rulebook import load_rulebook

    return {e.id: e.title for e in load_rulebook(rules).elements}


def element_codes(rules: str | None = None) -> dict[str, str]:
    """Element id -> the code of its missing-element rule."""
    from rewriter.rules.rulebook import load_rulebook

    return {e.id: e.rule.code for e in load_rulebook(rules).elements}


def write_html(store: Store, run_id: int, out: TextIO, titles: dict[str, str] | None = None,
               codes: dict[str, str] | None = None, max_rows: int = MAX_ROWS) -> None:
    """Write the report of ``run_id`` to the text stream ``out`` (``rewriter/templates/audit.html.j2``)."""
    run = store.run(run_id)
    stats = collect(store.run_results(run_id))
    titles, codes = titles or {}, codes or {}
    rows = list(store.run_results(run_id, limit=max_rows, order="worst"))
    context = {"run": run, "run_id": run_id, "cards": _cards(stats), **_charts(stats, titles, codes),
               "files": stats.files, "shown": len(rows), "heads": HEADS, "rows": [_row(r) for r in rows],
               "details": _details(store, rows, titles)}
    for chunk in stream("audit.html.j2", **context):
        out.write(chunk)
    out.write("\n")


def _cards(s: RunStats) -> list[tuple[str, str, bool]]:
    cards = [
        ("Filer", _int(s.files), False),
        ("Tjekket", _int(s.ok), False),
        ("Kunne ikke læses", _int(s.errors), s.errors > 0),
        ("Mangler påkrævede elementer", _int(s.missing_required), s.missing_required > 0),
        ("Truslen står først", _int(s.threat_first), s.threat_first > 0),
        ("Grene der mister et element", _int(s.branch_gaps), s.branch_gaps > 0),
        ("LIX gennemsnit / median", f"{_num(s.lix_mean)} / {_num(s.lix_median)}", False),
    ]
    if s.skipped:
        cards.insert(3, ("Sprunget over", _int(s.skipped), False))
    if s.warnings:
        cards.append(("Med advarsler (fx ikke dansk)", _int(s.warnings), False))
    return cards


def _charts(s: RunStats, titles: dict[str, str], codes: dict[str, str]) -> dict:
    missing = sorted(s.missing.items(), key=lambda kv: (kv[0][1] != "error", -kv[1], kv[0]))[:15]  # required first
    bars = [(f"{codes.get(eid, '')} {titles.get(eid, eid)}".strip(), n, REQUIRED if lvl == "error" else None)
            for (eid, lvl), n in missing]
    threat_colours = {"0–9 %": "#c62828", "10–19 %": "#f57c00", "20–29 %": "#fbc02d", "ingen": "#9e9e9e"}
    threat = [(b, s.threat.get(b, 0), threat_colours.get(b)) for b in charts.THREAT_BINS]
    return {"lix_chart": charts.column_data(charts.lix_bins(s.lix), "LIX-fordeling"),
            "missing_chart": charts.bar_data(bars, "Manglende elementer pr. regel"),
            "threat_chart": charts.column_data(threat, "Truslens placering"),
            "early_threat": f"{EARLY_THREAT * 100:.0f}"}


def _ncell(v: float | None, digits: int = 1, empty: str = "", suffix: str = "") -> tuple[str, str]:
    """``(data-v, text)`` of a number cell; data-v is what the table sorts on."""
    if v is None:
        return "", empty
    return str(v), f"{_num(v, digits)}{suffix}"


def _row(r: dict) -> dict:
    ok = r["status"] == "ok"
    pos = r["threat_first_position"]
    return {
        "file_id": r["file_id"], "path": r["path"],
        "type": labels.letter_type(r["letter_type"]) if r["letter_type"] else "–",
        "numbers": [
            _ncell(r["lix"]), _ncell(r["placement_score"], 0),
            _ncell(None if pos is None else pos * 100, 0, "–" if ok else "", " %"),
            _ncell(r["missing_required"] if ok else None, 0), _ncell(r["n_error"] if ok else None, 0),
            _ncell(r["n_warning"] if ok else None, 0), _ncell(r["n_suggestion"] if ok else None, 0),
            _ncell(r["branch_gap_count"] if r["branch_variants"] else None, 0),
        ],
        "status": labels.file_status(r["status"]), "error_code": r["error_code"],
    }


def _details(store: Store, rows: list[dict], titles: dict[str, str]) -> Iterator[dict]:
    """One section per template, read from the store while the report is written."""
    for r in rows:
        d = {"file_id": r["file_id"], "path": r["path"], "ok": r["status"] == "ok", "error_code": r["error_code"] or "",
             "error_message": r["error_message"] or "", "error_hint": r["error_hint"]}
        if d["ok"]:
            d.update(type=labels.letter_type(r["letter_type"]), lix=r["lix"], lix_band=r["lix_band"] or "",
                     words=r["words"] or 0, placement=r["placement_score"], verdict=r["verdict"] or "",
                     warnings=r["warnings"],
                     missing=[titles.get(e["id"], e["id"]) for e in r["elements"]
                              if e["status"] == "missing" and e["level"] == "error"],
                     findings=_findings(store, r["result_id"]), gaps=[],
                     branch_variants=r["branch_variants"], branch_total=r["branch_total"])
            if r["branch_gap_count"]:
                d["gaps"] = [{"variant": g["variant"], "choices": g["choices"],
                              "lost": [titles.get(m, m) for m in g["missing"]]}
                             for g in store.branch_gaps(r["result_id"])]
        yield d


def _findings(store: Store, result_id: int) -> list[dict]:
    findings = store.findings(result_id)
    if not findings:
        return []
    reviews = store.latest_reviews([f["key"] for f in findings])
    out = []
    for f in findings:
        rv = reviews.get(f["key"])
        verdict = ""
        if rv:
            verdict = labels.decision(rv["decision"])
            verdict += f" af {rv['reviewer']}" if rv["reviewer"] else ""
            verdict += f": {rv['reason']}" if rv["reason"] else ""
        out.append({**f, "level_da": labels.level(f["level"]), "verdict": verdict,
                    "dismissed": bool(rv and rv["decision"] == "dismissed")})
    return out
