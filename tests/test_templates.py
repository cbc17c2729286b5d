"""HTML from the Jinja2 templates: autoescape everywhere, one style sheet for the UI and both reports."""

from __future__ import annotations

import io
import re

from conftest import CORPUS

from rewriter.analysis.pipeline import check
from rewriter.rewrite import propose
from rewriter.templates import HERE, environment, stylesheet
from rewriter.web import render

LETTER = CORPUS / "03_indkaldelse-trussel-foerst.txt"
EVIL = "<script>alert(1)</script>"


def test_the_environment_autoescapes_and_the_templates_ship_together():
    env = environment()
    assert env.autoescape is True
    names = sorted(p.name for p in HERE.iterdir() if p.suffix in (".j2", ".css"))
    assert names == ["audit.html.j2", "charts.svg.j2", "report.html.j2", "style.css", "ui.html.j2"]
    assert env.from_string("{{ x }}").render(x=EVIL) == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_one_style_sheet_for_the_ui_and_both_reports(tmp_path):
    from auditkit import make_folder

    from rewriter.audit.report import write_html
    from rewriter.audit.store import Store
    from rewriter.cli import main

    css = str(stylesheet())
    report = check(LETTER.read_text(encoding="utf-8"))
    letter_page = render.report_html(report, propose(report))
    ui = render.styles_html()
    root = make_folder(tmp_path / "skabeloner", n_txt=2, n_docx=0)
    main(["audit", str(root), "--db", str(tmp_path / "a.sqlite"), "--workers", "1", "--quiet"])
    out = io.StringIO()
    with Store.open(tmp_path / "a.sqlite") as store:
        write_html(store, 1, out)
    audit_page = out.getvalue()
    for page in (ui, letter_page, audit_page):
        assert page.count("<style>") == 1 and css in page
    assert ".rw-summary" in css and ".rw-audit table" in css and "body.rw-page" in css
    assert 'class="rw-page rw-report"' in letter_page and 'class="rw-page rw-audit"' in audit_page
    assert not hasattr(render, "CSS")  # no second sheet in Python


def test_hostile_text_is_escaped_in_every_panel_and_the_report():
    text = (f"Kære {EVIL}\n\nDu skal til møde mandag den 7. december 2026 kl. 10.00 på <b>Torvet</b> 1.\n\n"
            f"Med venlig hilsen\n{EVIL}")
    from rewriter.io.reader import letter_from_text

    report = check(letter_from_text(text, f"brev-{EVIL}.txt"))
    proposal = propose(report)
    assert report.letter.source == f"brev-{EVIL}.txt"
    parts = [render.summary_html(report, proposal), render.letter_html(report), render.diff_html(proposal),
             render.role_strip_svg(report), render.findings_table_html(report), render.report_html(report, proposal),
             render.error_html(EVIL), render.message_html(EVIL, "rw-x")]
    for html in parts:
        assert "<script>" not in html and "<b>Torvet" not in html
    assert "&lt;script&gt;" in render.letter_html(report) and "&lt;b&gt;Torvet&lt;/b&gt;" in render.diff_html(proposal)
    assert "<title>Rapport: brev-&lt;script&gt;" in render.report_html(report, proposal)
    assert render.message_html("a", 'x" onmouseover="y') == '<p id="x&#34; onmouseover=&#34;y">a</p>'


def test_the_ui_panels_keep_their_ids_and_structure():
    report = check(LETTER.read_text(encoding="utf-8"))
    proposal = propose(report)
    summary = render.summary_html(report, proposal)
    assert 'id="rw-summary"' in summary and 'id="rw-questions"' in summary
    # cancellation and sickness reporting (aktivloven § 35, stk. 8) are missing
    assert re.search(r'<b class="rw-bad">4 af 6</b><small>2 mangler</small>', summary)
    diff = render.diff_html(proposal)
    assert 'id="rw-guard"' in diff and 'id="rw-diff"' in diff and '<pre id="rw-proposal">' in diff
    proposal_text = re.search(r'<pre id="rw-proposal">(.*?)</pre>', diff, re.S).group(1)
    plain = re.sub(r"</?ins>", "", proposal_text).replace("&#34;", '"').replace("&#39;", "'")
    assert plain.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") == proposal.text
    strip = render.role_strip_svg(report)
    assert strip.startswith('<svg id="rw-strip"') and strip.count("<rect") == len(report.letter.paragraphs)
    letter = render.letter_html(report)
    assert letter.count("<p ") == len(report.letter.paragraphs) and '<mark title="PLC002">' in letter
    table = render.findings_table_html(report)
    assert table.count("<tr>") == len(report.findings) + 1
    legend = render.legend_html()
    assert legend.count("<span>") == 8 and "hovedbudskab" in legend


def test_audit_report_escapes_file_names_reasons_and_chart_labels(tmp_path):
    from auditkit import INDKALDELSE

    from rewriter.audit import charts
    from rewriter.audit.report import write_html
    from rewriter.audit.store import Store
    from rewriter.cli import main

    root = tmp_path / "skabeloner"
    root.mkdir()
    (root / "<img src=x onerror=alert(1)>.txt").write_text(INDKALDELSE.read_text(encoding="utf-8"), encoding="utf-8")
    main(["audit", str(root), "--db", str(tmp_path / "a.sqlite"), "--workers", "1", "--quiet"])
    with Store.open(tmp_path / "a.sqlite") as store:
        key = store.findings(next(iter(store.run_results(1)))["result_id"])[0]["key"]
        store.record_review(key, "dismissed", f"fordi {EVIL}", "Jurist <i>J</i>")
        out = io.StringIO()
        write_html(store, 1, out)
    html = out.getvalue()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;.txt" in html
    assert EVIL not in html and "fordi &lt;script&gt;" in html and "Jurist &lt;i&gt;J&lt;/i&gt;" in html
    assert html.count("<script>") == 1  # the table sorter, nothing else
    svg = charts.bar_chart([(EVIL, 3, None)], "Titel <b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "Titel &lt;b&gt;" in svg
