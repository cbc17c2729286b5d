"""The legal reviewers' queue on the shared audit store (SQLite, :mod:`rewriter.audit.store`).

Requires: a store path.  Produces: saved analyses from the UI (one "run" per
save under the root ``ui:``), the review queue (findings of saved analyses and
audits with their latest decision), recorded decisions, and the evidence pack
(CSV or HTML: rule code and rulebook version, legal basis, text span, file
hash, decision, reason, who, when).  The store never holds letter text.

A decision is only recorded for a finding the store holds (``C314`` otherwise),
and the evidence pack lists only decisions on such findings.  Its CSV cells go
through :func:`rewriter.io.csvout.neutralise` (no formula injection through a
reason or a reviewer's name).
"""

from __future__ import annotations

import html
import io
import os

from rewriter import labels

UI_ROOT = "ui:"
QUEUE_HEADERS = ["Kode", "Niveau", "Afgørelse", "Af", "Besked", "Fil", "Lovgrundlag", "Tegn", "Begrundelse",
                 "Tidspunkt", "Nøgle"]
EVIDENCE_HEADERS = ["finding_key", "file", "sha256", "rule_code", "rulebook_version", "legal_basis", "level",
                    "start", "end", "message", "decision", "reason", "reviewer", "decided_at", "run", "root"]


def _open(db: str | os.PathLike):
    from rewriter.audit.store import Store

    return Store.open(db)


def save_analysis(db: str | os.PathLike, name: str, data: bytes, profile: str | None = None,
                  letter_type: str | None = None) -> int:
    """Check ``data`` (a letter's bytes) as the audit does and save it for review; returns the run id."""
    from rewriter.audit.runner import config_key, validate
    from rewriter.audit.worker import AuditOptions, check_task

    options = AuditOptions(profile=profile, letter_type=letter_type, branches=True)
    version = validate(options)
    key = config_key(options, version)
    rel = os.path.basename(name) or "brev.txt"
    res = check_task({"id": 0, "rel": rel, "data": data}, options)
    from rewriter import __version__

    with _open(db) as store:
        run = store.start_run(UI_ROOT + rel, key, {"rulebook_version": version, "profile": profile,
                                                   "tool_version": __version__, "options": {"source": "ui"}},
                              resume=False)
        fid = store.file_ids(UI_ROOT + rel, [rel])[rel]
        rid = store.add_result(key, res)
        store.link(run, [(fid, rid, res.get("sha256"), res.get("size"))])
        store.finish_run(run)
        return run.id


def queue(db: str | os.PathLike, limit: int = 500, only_open: bool = False) -> list[dict]:
    """Findings of the latest run of each root (saved analyses and audits), with their latest decision."""
    with _open(db) as store:
        rows = store.review_queue(limit)
        seen: set[str] = set()
        unique = []
        for r in rows:
            if r["key"] not in seen:
                seen.add(r["key"])
                unique.append(r)
        decisions = store.latest_reviews([r["key"] for r in unique])
    for r in unique:
        d = decisions.get(r["key"]) or {}
        r.update(decision=d.get("decision"), reason=d.get("reason"), reviewer=d.get("reviewer"),
                 decided_at=d.get("decided_at"))
    if only_open:
        unique = [r for r in unique if not r["decision"]]
    return unique


def queue_rows(rows: list[dict]) -> list[list[str]]:
    return [[r["code"], labels.level(r["level"]), labels.decision(r["decision"]) if r["decision"] else "",
             r["reviewer"] or "", r["message"], r["path"], r["legal_basis"] or "",
             f"{r['start_offset']}–{r['end_offset']}", r["reason"] or "", r["decided_at"] or "", r["key"]]
            for r in rows]


def record(db: str | os.PathLike, key: str, decision: str, reason: str, reviewer: str) -> None:
    """Record a reviewer's decision (Danish or English decision name) on a finding key."""
    from rewriter.errors import UsageError

    decision = {labels.decision(d): d for d in ("confirmed", "dismissed")}.get(decision, decision)
    if not key:
        raise UsageError("Vælg et fund i køen først.", code="C335", hint="Klik på en række i tabellen.")
    if not (reviewer or "").strip():
        raise UsageError("Skriv dit navn, så afgørelsen kan spores.", code="C336", hint="Udfyld feltet 'Dit navn'.")
    if decision == "dismissed" and not (reason or "").strip():
        raise UsageError("Skriv en begrundelse, når et fund afvises.", code="C337",
                         hint="Udfyld feltet 'Begrundelse'.")
    with _open(db) as store:
        store.record_review(key, decision, reason.strip() or None, reviewer.strip())


def evidence(db: str | os.PathLike) -> list[dict]:
    """One row per decided finding (every decision, newest last): the evidence pack."""
    with _open(db) as store:
        rows = store.evidence_rows()
    return [dict(zip(EVIDENCE_HEADERS, r, strict=True)) for r in rows]


def evidence_csv(rows: list[dict]) -> str:
    from rewriter.io import csvout

    out = io.StringIO()
    w = csvout.writer(out)
    w.writerow(EVIDENCE_HEADERS)
    for r in rows:
        w.writerow(["" if r[h] is None else r[h] for h in EVIDENCE_HEADERS])
    return out.getvalue()


def evidence_html(rows: list[dict]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in EVIDENCE_HEADERS)
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if r[h] is None else str(r[h]))}</td>"
                                    for h in EVIDENCE_HEADERS) + "</tr>" for r in rows)
    return ("<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>Bevispakke</title>"
            "<style>body{font-family:system-ui,sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
            "padding:.2rem .4rem;font-size:.85rem}</style></head><body><h1>Bevispakke: juridisk gennemgang</h1>"
            f"<p>{len(rows)} afgørelser.</p><table><tr>{head}</tr>{body}</table></body></html>")
