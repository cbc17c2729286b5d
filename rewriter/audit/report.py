"""The HTML report of an audit run: one self-contained file a manager can read.

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

from html import escape
from typing import TextIO

from rewriter.audit import charts
from rewriter.audit.stats import EARLY_THREAT, RunStats, collect
from rewriter.audit.store import Store

MAX_ROWS = 5000
REQUIRED = "#c62828"
LEVEL_DA = {"error": "fejl", "warning": "advarsel", "suggestion": "forslag"}
STATUS_DA = {"ok": "tjekket", "error": "kunne ikke læses", "skipped": "sprunget over"}
TYPE_DA = {"indkaldelse": "Indkaldelse", "partshoering": "Partshøring", "afgoerelse_sanktion": "Afgørelse (sanktion)",
           "vejledning_raadighed": "Vejledning (rådighed)", "unknown": "Ukendt"}

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:1200px;
padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{margin-bottom:.2rem}.meta{color:#555;margin-top:0}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1.2rem 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:150px}
.card b{display:block;font-size:1.6rem}.bad b{color:#c62828}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.charts figure{margin:0}
figcaption{font-weight:600;margin-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #e3e3e3;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f4f6f8;cursor:pointer;user-select:none;position:sticky;top:0}
th[aria-sort=ascending]::after{content:' ▲'}th[aria-sort=descending]::after{content:' ▼'}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.lvl-error{color:#c62828;font-weight:600}.lvl-warning{color:#e65100}.lvl-suggestion{color:#555}
section.file{border-top:2px solid #eee;margin-top:1.5rem;padding-top:.5rem}
.muted{color:#666}.dismissed{text-decoration:line-through;color:#888}
code{background:#f4f4f4;padding:0 .2rem}
"""

_JS = """
document.querySelectorAll('table.sortable th').forEach(function(th, i){
  th.addEventListener('click', function(){
    var tb = th.closest('table').tBodies[0], rows = Array.prototype.slice.call(tb.rows);
    var asc = th.getAttribute('aria-sort') !== 'ascending', num = th.dataset.type === 'num';
    th.closest('tr').querySelectorAll('th').forEach(function(o){ o.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    function key(r){ var c = r.cells[i], v = c.dataset.v !== undefined ? c.dataset.v : c.textContent;
      if (!num) return v; var f = parseFloat(v); return isNaN(f) ? -Infinity : f; }
    rows.sort(function(a, b){ var x = key(a), y = key(b);
      var d = num ? x - y : String(x).localeCompare(String(y), 'da'); return asc ? d : -d; });
    rows.forEach(function(r){ tb.appendChild(r); });
  });
});
"""


def _num(v: float | None, digits: int = 1) -> str:
    return "–" if v is None else f"{v:,.{digits}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _int(v: int) -> str:
    return f"{v:,}".replace(",", ".")


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
    """Write the report of ``run_id`` to the text stream ``out``."""
    run = store.run(run_id)
    stats = collect(store.run_results(run_id))
    titles, codes = titles or {}, codes or {}
    w = out.write
    w('<!DOCTYPE html>\n<html lang="da"><head><meta charset="utf-8">'
      '<meta name="viewport" content="width=device-width,initial-scale=1">'
      f'<title>Audit af brevskabeloner – kørsel {run_id}</title><style>{_CSS}</style></head><body>\n')
    w('<h1>Audit af brevskabeloner</h1>\n')
    w(f'<p class="meta">{escape(run["root"])} · kørsel {run_id} · {escape(run["started_at"] or "")} · '
      f'regelsæt {escape(run["rulebook_version"] or "")} · profil {escape(run["profile"] or "standard")}</p>\n')
    _cards(w, stats)
    _charts(w, stats, titles, codes)
    rows = list(store.run_results(run_id, limit=max_rows, order="worst"))
    _table(w, rows, stats, max_rows)
    _details(w, store, rows, titles)
    w('<p class="muted">Lavet af rewriter audit. LIX: ≤24 meget let, 25–34 let, 35–44 middel, 45–54 svær, '
      '≥55 meget svær. Truslens placering er andelen af brevets ord før det første trusselsafsnit.</p>\n')
    w(f"<script>{_JS}</script></body></html>\n")


def _cards(w, s: RunStats) -> None:
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
    w('<div class="cards">')
    for label, value, bad in cards:
        w(f'<div class="card{" bad" if bad else ""}"><b>{value}</b>{escape(label)}</div>')
    w("</div>\n")


def _charts(w, s: RunStats, titles: dict[str, str], codes: dict[str, str]) -> None:
    missing = sorted(s.missing.items(), key=lambda kv: (kv[0][1] != "error", -kv[1], kv[0]))[:15]  # required first
    bars = [(f"{codes.get(eid, '')} {titles.get(eid, eid)}".strip(), n, REQUIRED if lvl == "error" else None)
            for (eid, lvl), n in missing]
    threat_colours = {"0–9 %": "#c62828", "10–19 %": "#f57c00", "20–29 %": "#fbc02d", "ingen": "#9e9e9e"}
    threat = [(b, s.threat.get(b, 0), threat_colours.get(b)) for b in charts.THREAT_BINS]
    w('<h2>Overblik</h2><div class="charts">')
    w('<figure><figcaption>LIX-fordeling</figcaption>'
      f'{charts.column_chart(charts.lix_bins(s.lix), "LIX-fordeling")}</figure>')
    w('<figure><figcaption>Manglende elementer pr. regel</figcaption>'
      f'{charts.bar_chart(bars, "Manglende elementer pr. regel")}<br><span class="muted">'
      f'<span style="color:{REQUIRED}">■</span> påkrævet <span style="color:{charts.BAR}">■</span> anbefalet'
      '</span></figure>')
    w('<figure><figcaption>Hvor i brevet står truslen første gang?</figcaption>'
      f'{charts.column_chart(threat, "Truslens placering")}'
      f'<br><span class="muted">Andel af brevets ord før truslen; under {EARLY_THREAT * 100:.0f} % tæller som '
      '"truslen står først".</span></figure>')
    w("</div>\n")


def _table(w, rows: list[dict], s: RunStats, max_rows: int) -> None:
    w('<h2>Skabeloner</h2>')
    if s.files > len(rows):
        w(f'<p class="muted">Tabellen viser de {_int(len(rows))} værste af {_int(s.files)} filer; '
          'CSV-filen har dem alle.</p>')
    w('<p class="muted">Klik på en kolonneoverskrift for at sortere.</p>')
    heads = [("Skabelon", ""), ("Brevtype", ""), ("LIX", "num"), ("Placering (0–100)", "num"),
             ("Trussel ved", "num"), ("Mangler", "num"), ("Fejl", "num"), ("Advarsler", "num"),
             ("Forslag", "num"), ("Grenhuller", "num"), ("Status", "")]
    w('<table class="sortable"><thead><tr>')
    for h, t in heads:
        w(f'<th scope="col"{" data-type=num" if t else ""}>{escape(h)}</th>')
    w("</tr></thead><tbody>\n")
    for r in rows:
        ok = r["status"] == "ok"
        pos = r["threat_first_position"]
        cells = [
            f'<td><a href="#f{r["file_id"]}">{escape(r["path"])}</a></td>',
            f'<td>{escape(TYPE_DA.get(r["letter_type"], r["letter_type"] or "–"))}</td>',
            _ncell(r["lix"]), _ncell(r["placement_score"], 0),
            _ncell(None if pos is None else pos * 100, 0, "–" if ok else "", " %"),
            _ncell(r["missing_required"] if ok else None, 0), _ncell(r["n_error"] if ok else None, 0),
            _ncell(r["n_warning"] if ok else None, 0), _ncell(r["n_suggestion"] if ok else None, 0),
            _ncell(r["branch_gap_count"] if r["branch_variants"] else None, 0),
            _status_cell(r),
        ]
        w(f"<tr>{''.join(cells)}</tr>\n")
    w("</tbody></table>\n")


def _status_cell(r: dict) -> str:
    code = f' ({escape(r["error_code"])})' if r["error_code"] else ""
    return f'<td>{escape(STATUS_DA[r["status"]])}{code}</td>'


def _ncell(v: float | None, digits: int = 1, empty: str = "", suffix: str = "") -> str:
    if v is None:
        return f'<td class="n" data-v="">{empty}</td>'
    return f'<td class="n" data-v="{v}">{_num(v, digits)}{suffix}</td>'


def _details(w, store: Store, rows: list[dict], titles: dict[str, str]) -> None:
    w("<h2>Fund pr. skabelon</h2>\n")
    for r in rows:
        w(f'<section class="file" id="f{r["file_id"]}"><h3>{escape(r["path"])}</h3>')
        if r["status"] != "ok":
            w(f'<p class="lvl-error">{escape(r["error_code"] or "")} {escape(r["error_message"] or "")}</p>')
            if r["error_hint"]:
                w(f'<p>Sådan retter du det: {escape(r["error_hint"])}</p>')
            w("</section>\n")
            continue
        w(f'<p class="muted">{escape(TYPE_DA.get(r["letter_type"], r["letter_type"]))} · LIX {_num(r["lix"])} '
          f'({escape(r["lix_band"] or "")}) · {_int(r["words"] or 0)} ord · placering '
          f'{_num(r["placement_score"], 0)} ({escape(r["verdict"] or "")})</p>')
        for warn in r["warnings"]:
            w(f'<p class="lvl-warning">{escape(warn["code"])} {escape(warn["message"])}</p>')
        missing = [e["id"] for e in r["elements"] if e["status"] == "missing" and e["level"] == "error"]
        if missing:
            w("<p><b>Mangler:</b> " + ", ".join(escape(titles.get(m, m)) for m in missing) + "</p>")
        _findings(w, store, r["result_id"])
        if r["branch_gap_count"]:
            _gaps(w, store.branch_gaps(r["result_id"]), r, titles)
        w("</section>\n")


def _findings(w, store: Store, result_id: int) -> None:
    findings = store.findings(result_id)
    if not findings:
        w("<p>Ingen fund.</p>")
        return
    reviews = store.latest_reviews([f["key"] for f in findings])
    w('<table><thead><tr><th>Kode</th><th>Niveau</th><th>Linje</th><th>Fund</th><th>Retsgrundlag</th>'
      "<th>Vurdering</th></tr></thead><tbody>")
    for f in findings:
        rv = reviews.get(f["key"])
        cls = ' class="dismissed"' if rv and rv["decision"] == "dismissed" else ""
        verdict = ""
        if rv:
            verdict = {"confirmed": "bekræftet", "dismissed": "afvist"}[rv["decision"]]
            verdict += f" af {rv['reviewer']}" if rv["reviewer"] else ""
            verdict += f": {rv['reason']}" if rv["reason"] else ""
        w(f'<tr{cls}><td><code>{escape(f["code"])}</code></td>'
          f'<td class="lvl-{escape(f["level"])}">{escape(LEVEL_DA.get(f["level"], f["level"]))}</td>'
          f'<td class="n">{f["line"] or ""}</td><td>{escape(f["message"])}</td>'
          f'<td>{escape(f["legal_basis"] or "")}</td><td>{escape(verdict)}</td></tr>')
    w("</tbody></table>")


def _gaps(w, gaps: list[dict], r: dict, titles: dict[str, str]) -> None:
    w(f'<p><b>Grene der mister et påkrævet element</b> ({_int(len(gaps))} af {_int(r["branch_variants"])} '
      f'tjekkede varianter; {_int(r["branch_total"])} i alt):</p><ul>')
    for g in gaps:
        choices = "; ".join(g["choices"])
        lost = ", ".join(titles.get(m, m) for m in g["missing"])
        w(f'<li>Variant {g["variant"]} (<code>{escape(choices)}</code>) mangler: {escape(lost)}</li>')
    w("</ul>")
