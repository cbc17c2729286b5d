"""The Gradio web UI: "Tjek og omskriv", "Juridisk gennemgang" and "Batch" (Danish).

Requires: gradio (imported only here and in :mod:`.serve`, never by ``import
rewriter``), a store path (the audit's SQLite store, shared with ``rewriter
audit``) and a folder for downloads.  Produces: a ``gr.Blocks`` app.

(No ``from __future__ import annotations`` here: Gradio reads the handlers' type
hints, e.g. ``gr.SelectData``, at run time.)

Every handler turns a :class:`RewriterError` into a Danish message in the page
(``#rw-error``); anything unexpected becomes a short Danish message too and
the traceback goes to the server log, never to the browser.  Every piece of
HTML comes from the templates (:mod:`rewriter.web.render`, autoescape): text a
user typed is never put into the page unescaped.

With a :class:`~rewriter.web.jobs.JobPool` (``rewriter serve`` gives one), the
check and rewrite of a letter and "Send til juridisk gennemgang" run in a
worker process with a time budget (``C338`` when it runs over); the local
language model runs in the server process, within its own time limit.
"""

import json
import logging
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from rewriter.errors import RewriterError, UsageError
from rewriter.web import render, reviews

log = logging.getLogger("rewriter.web")

LETTER_SUFFIXES = (".docx", ".dotx", ".txt", ".md")
def type_choices() -> list[tuple[str, str]]:
    """The letter types of the rules in use (rules/letter_types.yml), for the type menu."""
    from rewriter import labels

    return [("Genkend automatisk", "auto")] + [(label, tid) for tid, label in labels.letter_types()]
MODE_CHOICES = [("Standard: hovedbudskab først + sikre sprogrettelser", "default"),
                ("Kun omstrukturering", "restructure"), ("Klart sprog (også rettelser, der skal gennemses)", "plain")]

LLM_CHOICE = ("Lokal sprogmodel (afsnit for afsnit, gennemses altid)", "llm")


@dataclass(frozen=True)
class WebConfig:
    db: str
    downloads: str
    max_upload_bytes: int = 10 * 1024 * 1024
    model: str | None = None  # a local model folder: offers the "llm" mode


_BACKENDS: dict = {}


def _backend(model: str):
    """The local model, loaded once per server (coded errors C320-C324 when it cannot be)."""
    if model not in _BACKENDS:
        from rewriter.llm import GenerationSettings, TransformersBackend

        _BACKENDS[model] = TransformersBackend.load(model, GenerationSettings())
    return _BACKENDS[model]


def _error_html(message: str) -> str:
    return render.error_html(message)


def _friendly(exc: BaseException) -> str:
    if isinstance(exc, RewriterError):
        text = exc.message
        if exc.hint:
            text += f" Sådan retter du det: {exc.hint}"
        return f"{text} ({exc.code})"
    log.exception("unexpected error in the web UI")
    return "Der skete en uventet fejl. Prøv igen, eller kontakt support; fejlen er skrevet i serverens log."


def read_upload(path: str | None, config: WebConfig, allowed=LETTER_SUFFIXES) -> tuple[bytes, str]:
    """The bytes and name of an uploaded file, with type and size checked (Danish errors)."""
    name = os.path.basename(path or "")
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise UsageError(f"Filtypen '{suffix or name}' kan ikke bruges her.", code="C330",
                         hint=f"Upload en fil af typen {', '.join(allowed)}.")
    size = os.path.getsize(path)
    if size > config.max_upload_bytes:
        raise UsageError(f"Filen er for stor ({size // 1024} KB).", code="C331",
                         hint=f"Den største fil er {config.max_upload_bytes // (1024 * 1024)} MB.")
    with open(path, "rb") as fh:
        return fh.read(), name


def _out_dir(config: WebConfig) -> Path:
    d = Path(config.downloads) / uuid.uuid4().hex[:12]
    d.mkdir(parents=True, exist_ok=True)
    return d


def analyse(text: str, upload: str | None, letter_type: str, profile: str, mode: str, config: WebConfig) -> dict:
    """Check and rewrite one letter; every output of the first tab, as a dict (UI-independent)."""
    from rewriter.io.reader import letter_from_bytes, letter_from_text
    from rewriter.rewrite import propose
    from rewriter.io.docx_out import write_docx

    t0 = time.perf_counter()
    if upload:
        data, name = read_upload(upload, config)
        letter = letter_from_bytes(data, name, Path(name).suffix)
    elif text and text.strip():
        data, name = text.encode("utf-8"), "indsat-tekst.txt"
        letter = letter_from_text(text, "indsat tekst")
    else:
        raise UsageError("Indsæt brevets tekst, eller upload en fil.", code="C332",
                         hint="Brug tekstfeltet eller knappen 'Upload'.")
    lt = None if letter_type in (None, "", "auto") else letter_type
    prof = None if profile in (None, "", "standard") else profile
    if mode == "llm":
        if not config.model:
            raise UsageError("Der er ingen lokal sprogmodel på denne server.", code="C334",
                             hint="Start serveren med --model MAPPE, eller vælg en anden omskrivning.")
        from rewriter.llm import propose_llm

        proposal = propose_llm(letter, _backend(config.model), letter_type=lt, profile=prof)
    else:
        proposal = propose(letter, mode or "default", letter_type=lt, profile=prof)
    report = proposal.report
    diff = render.compute_diff(proposal)  # once: for the page and for the report
    out = _out_dir(config)
    stem = Path(name).stem or "brev"
    docx_path = None
    if proposal.guard.passed:  # a refused proposal is shown for review only, never offered as a download
        docx_path = out / f"{stem}-forslag.docx"
        docx_path.write_bytes(write_docx(proposal, data if letter.format == "docx" else None))
    html_path = out / f"{stem}-rapport.html"
    html_path.write_text(render.report_html(report, proposal, diff), encoding="utf-8")
    json_path = out / f"{stem}-rapport.json"
    json_path.write_text(json.dumps({"report": report.to_dict(), "rewrite": proposal.to_dict()}, ensure_ascii=False,
                                    indent=2), encoding="utf-8")
    return {
        "summary": render.summary_html(report, proposal),
        "strip": render.role_strip_svg(report) + render.legend_html(),
        "letter": render.letter_html(report),
        "findings": render.findings_rows(report),
        "diff": render.diff_html(proposal, diff),
        "docx": str(docx_path) if docx_path is not None else None, "html": str(html_path), "json": str(json_path),
        "saved": {"name": name, "data": data, "profile": prof, "letter_type": lt},
        "seconds": time.perf_counter() - t0,
    }


def analyse_in(pool, text: str, upload: str | None, letter_type: str, profile: str, mode: str,
               config: WebConfig) -> dict:
    """:func:`analyse` in a worker of ``pool`` (time budget), or here when there is no pool or the mode is the
    local language model (loaded in this process)."""
    if pool is None or mode == "llm":
        return analyse(text, upload, letter_type, profile, mode, config)
    return pool.run(analyse, text, upload, letter_type, profile, mode, config)


def build_app(config: WebConfig, pool=None):
    """The three-tab app on ``config``'s store; ``pool``: a :class:`~rewriter.web.jobs.JobPool` for the checks."""
    import gradio as gr

    from rewriter.rules.rulebook import load_rulebook

    profiles = ["standard", *sorted(load_rulebook(None).profiles)]
    finding_headers = render.FINDING_HEADERS

    with gr.Blocks(title="rewriter: breve til borgere", analytics_enabled=False) as app:
        gr.HTML(render.styles_html())
        gr.Markdown("# rewriter\nTjek jobcenterbreve for lovpligtige elementer, læsbarhed og placering af "
                    "konsekvensafsnittet, og få et forslag med det vigtigste først. Alt kører lokalt.")
        saved = gr.State(None)
        with gr.Tabs():
            with gr.Tab("Tjek og omskriv", id="tjek"):
                with gr.Row():
                    with gr.Column(scale=3):
                        text_in = gr.Textbox(label="Indsæt brevets tekst", lines=12, elem_id="rw-input")
                        # no file_types: Gradio would reject a wrong type with an English message;
                        # read_upload() checks the type and answers in Danish
                        file_in = gr.File(label="… eller upload et brev (.docx, .txt, .md)", type="filepath",
                                          elem_id="rw-upload")
                    with gr.Column(scale=1):
                        type_in = gr.Dropdown(type_choices(), value="auto", label="Brevtype", elem_id="rw-type")
                        profile_in = gr.Dropdown(profiles, value="standard", label="Kommuneprofil",
                                                 elem_id="rw-profile")
                        modes = MODE_CHOICES + ([LLM_CHOICE] if config.model else [])
                        mode_in = gr.Dropdown(modes, value="default", label="Omskrivning", elem_id="rw-mode")
                        run_btn = gr.Button("Tjek og omskriv", variant="primary", elem_id="rw-run")
                error_out = gr.HTML(elem_id="rw-error-box")
                summary_out = gr.HTML(elem_id="rw-summary-box")
                strip_out = gr.HTML(elem_id="rw-strip-box")
                with gr.Row():
                    with gr.Column():
                        gr.Markdown("### Brevet med roller og fund")
                        letter_out = gr.HTML(elem_id="rw-letter-box")
                    with gr.Column():
                        gr.Markdown("### Fund")
                        findings_out = gr.Dataframe(headers=finding_headers, interactive=False, wrap=True,
                                                    elem_id="rw-findings-table")
                gr.Markdown("### Forslag til omskrivning")
                diff_out = gr.HTML(elem_id="rw-diff-box")
                with gr.Row():
                    docx_btn = gr.DownloadButton("Hent forslaget som .docx", elem_id="rw-dl-docx", visible=False)
                    html_btn = gr.DownloadButton("Hent rapport (HTML)", elem_id="rw-dl-html", visible=False)
                    json_btn = gr.DownloadButton("Hent rapport (JSON)", elem_id="rw-dl-json", visible=False)
                    save_btn = gr.Button("Send til juridisk gennemgang", elem_id="rw-save", visible=False)
                save_out = gr.HTML(elem_id="rw-save-box")

            with gr.Tab("Juridisk gennemgang", id="gennemgang"):
                gr.Markdown("Fund fra gemte tjek og batchkørsler. Vælg et fund, og bekræft eller afvis det med en "
                            "begrundelse. Afgørelserne gemmes i databasen.")
                with gr.Row():
                    refresh_btn = gr.Button("Opdater køen", elem_id="rw-refresh")
                    only_open = gr.Checkbox(label="Kun fund uden afgørelse", value=False, elem_id="rw-only-open")
                queue_out = gr.Dataframe(headers=reviews.QUEUE_HEADERS, interactive=False, wrap=True,
                                         elem_id="rw-queue")
                with gr.Row():
                    key_in = gr.Textbox(label="Valgt fund (nøgle)", elem_id="rw-key")
                    decision_in = gr.Radio(["bekræftet", "afvist"], value="bekræftet", label="Afgørelse",
                                           elem_id="rw-decision")
                    reviewer_in = gr.Textbox(label="Dit navn", elem_id="rw-reviewer")
                reason_in = gr.Textbox(label="Begrundelse", lines=2, elem_id="rw-reason")
                decide_btn = gr.Button("Gem afgørelse", variant="primary", elem_id="rw-decide")
                review_msg = gr.HTML(elem_id="rw-review-msg")
                with gr.Row():
                    ev_csv_btn = gr.Button("Lav bevispakke (CSV og HTML)", elem_id="rw-evidence")
                    ev_csv = gr.DownloadButton("Hent bevispakke (CSV)", visible=False, elem_id="rw-dl-ev-csv")
                    ev_html = gr.DownloadButton("Hent bevispakke (HTML)", visible=False, elem_id="rw-dl-ev-html")

            with gr.Tab("Batch", id="batch"):
                gr.Markdown("Upload en .zip med breve eller skabeloner (.docx, .dotx, .txt, .md). Hver fil tjekkes; "
                            "en fil, der ikke kan læses, får en begrundelse, og resten tjekkes alligevel.")
                zip_in = gr.File(label="Mappe som .zip", type="filepath", elem_id="rw-zip")
                batch_btn = gr.Button("Kør batch", variant="primary", elem_id="rw-batch-run")
                batch_msg = gr.HTML(elem_id="rw-batch-msg")
                batch_table = gr.Dataframe(headers=["Fil", "Status", "Brevtype", "LIX", "Fejl", "Advarsler",
                                                    "Mangler", "Placering"], interactive=False, wrap=True,
                                           elem_id="rw-batch-table")
                with gr.Row():
                    batch_csv = gr.DownloadButton("Hent CSV", visible=False, elem_id="rw-dl-batch-csv")
                    batch_html = gr.DownloadButton("Hent HTML-rapport", visible=False, elem_id="rw-dl-batch-html")

        # --- handlers -------------------------------------------------------------
        def on_run(text, upload, letter_type, profile, mode):
            hidden = gr.update(visible=False)
            try:
                res = analyse_in(pool, text, upload, letter_type, profile, mode, config)
            except Exception as exc:  # noqa: BLE001 - shown in Danish, logged
                return (_error_html(_friendly(exc)), "", "", "", [], "", hidden, hidden, hidden, hidden, None, "")
            return ("", res["summary"], res["strip"], res["letter"], res["findings"], res["diff"],
                    gr.update(value=res["docx"], visible=res["docx"] is not None),
                    gr.update(value=res["html"], visible=True),
                    gr.update(value=res["json"], visible=True), gr.update(visible=True), res["saved"], "")

        run_btn.click(on_run, [text_in, file_in, type_in, profile_in, mode_in],
                      [error_out, summary_out, strip_out, letter_out, findings_out, diff_out, docx_btn, html_btn,
                       json_btn, save_btn, saved, save_out], api_visibility="private")

        def on_save(state):
            if not state:
                return _error_html("Tjek et brev først.")
            try:
                args = (config.db, state["name"], state["data"], state["profile"], state["letter_type"])
                run_id = reviews.save_analysis(*args) if pool is None else pool.run(reviews.save_analysis, *args)
            except Exception as exc:  # noqa: BLE001
                return _error_html(_friendly(exc))
            return render.message_html(f"Gemt til juridisk gennemgang (kørsel {run_id}).", "rw-saved")

        save_btn.click(on_save, [saved], [save_out], api_visibility="private")

        def on_refresh(only):
            try:
                return reviews.queue_rows(reviews.queue(config.db, only_open=bool(only))), ""
            except Exception as exc:  # noqa: BLE001
                return [], _error_html(_friendly(exc))

        refresh_btn.click(on_refresh, [only_open], [queue_out, review_msg], api_visibility="private")
        app.load(on_refresh, [only_open], [queue_out, review_msg], api_visibility="private")

        def on_select(rows, evt: gr.SelectData):
            try:
                row = evt.index[0]
                return rows.iloc[row, -1] if hasattr(rows, "iloc") else rows[row][-1]  # the key column
            except Exception:  # noqa: BLE001
                return ""

        queue_out.select(on_select, [queue_out], [key_in], api_visibility="private")

        def on_decide(key, decision, reason, reviewer, only):
            try:
                reviews.record(config.db, (key or "").strip(), decision, reason or "", reviewer or "")
            except Exception as exc:  # noqa: BLE001
                return gr.update(), _error_html(_friendly(exc))
            rows = reviews.queue_rows(reviews.queue(config.db, only_open=bool(only)))
            return rows, render.message_html(f"Afgørelsen er gemt: {decision} ({key}).", "rw-decided")

        decide_btn.click(on_decide, [key_in, decision_in, reason_in, reviewer_in, only_open],
                         [queue_out, review_msg], api_visibility="private")

        def on_evidence():
            try:
                rows = reviews.evidence(config.db)
            except Exception as exc:  # noqa: BLE001
                return gr.update(), gr.update(), _error_html(_friendly(exc))
            out = _out_dir(config)
            csv_path, html_path = out / "bevispakke.csv", out / "bevispakke.html"
            csv_path.write_text(reviews.evidence_csv(rows), encoding="utf-8")
            html_path.write_text(reviews.evidence_html(rows), encoding="utf-8")
            return (gr.update(value=str(csv_path), visible=True), gr.update(value=str(html_path), visible=True),
                    render.message_html(f"{len(rows)} afgørelser i bevispakken."))

        ev_csv_btn.click(on_evidence, [], [ev_csv, ev_html, review_msg], api_visibility="private")

        def on_batch(zip_path, progress=gr.Progress()):  # noqa: B008 - Gradio's way to inject a progress bar
            hidden = gr.update(visible=False)
            try:
                res = run_batch(zip_path, config, progress)
            except Exception as exc:  # noqa: BLE001
                return _error_html(_friendly(exc)), [], hidden, hidden
            return (res["message"], res["rows"], gr.update(value=res["csv"], visible=True),
                    gr.update(value=res["html"], visible=True))

        batch_btn.click(on_batch, [zip_in], [batch_msg, batch_table, batch_csv, batch_html],
                        api_visibility="private")
    return app


def run_batch(zip_path: str | None, config: WebConfig, progress=None) -> dict:
    """Audit an uploaded .zip into the shared store; the rows, a message and CSV/HTML reports."""
    from rewriter.audit.export import write_csv
    from rewriter.audit.report import write_html
    from rewriter.audit.runner import run_audit
    from rewriter.audit.store import Store

    if not zip_path:
        raise UsageError("Vælg en .zip-fil først.", code="C333", hint="Brug feltet 'Mappe som .zip'.")
    read_upload(zip_path, config, allowed=(".zip",))  # type and size
    if progress is not None:
        progress(0.1, desc="Tjekker brevene …")
    summary = run_audit(zip_path, config.db, workers=1, quiet=True)
    out = _out_dir(config)
    csv_path, html_path = out / "batch.csv", out / "batch.html"
    rows = []
    with Store.open(config.db) as store:
        with open(csv_path, "w", encoding="utf-8", newline="") as fh:
            write_csv(store, summary.run_id, fh)
        with open(html_path, "w", encoding="utf-8") as fh:
            write_html(store, summary.run_id, fh)
        for r in store.run_results(summary.run_id):
            rows.append([r.get("path"), r.get("status"), r.get("letter_type") or "",
                         "" if r.get("lix") is None else f"{r['lix']:.1f}", r.get("n_error", 0),
                         r.get("n_warning", 0), r.get("missing_required", 0),
                         "" if r.get("placement_score") is None else f"{r['placement_score']:.0f}"])
    if progress is not None:
        progress(1.0, desc="Færdig")
    errors = sum(1 for r in rows if r[1] == "error")
    message = render.message_html(f"{len(rows)} filer tjekket på {summary.seconds:.1f} s"
                                  + (f", {errors} kunne ikke læses (se status)" if errors else "") + ".", "rw-batch-done")
    return {"rows": rows, "message": message, "csv": str(csv_path), "html": str(html_path)}
