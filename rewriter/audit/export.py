"""CSV and JSON exports of an audit run, streamed row by row (constant memory).

CSV: for Danish spreadsheets: ``;``-separated, UTF-8 with a byte-order mark
(so Excel shows æ, ø, å), decimal comma, one row per file, Danish headers; a
cell that a spreadsheet would run as a formula (a file named ``=HYPERLINK(...)``)
is neutralised (:func:`rewriter.io.csvout.neutralise`).

JSON: ``{"schema": "rewriter.audit/1", "run": {...}, "files": [...]}``; each file
has its result fields, ``findings``, ``elements``, ``warnings``, ``branch_gaps``
and, for a file that could not be read, ``error``.
"""

from __future__ import annotations

import json
from typing import TextIO

from rewriter.audit.store import Store
from rewriter.io import csvout

SCHEMA = "rewriter.audit/1"
CSV_COLUMNS = [
    ("sti", "path"), ("status", "status"), ("fejlkode", "error_code"), ("fejlbesked", "error_message"),
    ("brevtype", "letter_type"), ("lix", "lix"), ("lix_bånd", "lix_band"), ("ord", "words"),
    ("placering", "placement_score"), ("vurdering", "verdict"), ("trussel_position", "threat_first_position"),
    ("antal_trusler", "threat_count"), ("nøglebudskab_først", "key_message_first"),
    ("mangler_påkrævet", "missing"), ("antal_fejl", "n_error"), ("antal_advarsler", "n_warning"),
    ("antal_forslag", "n_suggestion"), ("koder", "codes"), ("advarselskoder", "warning_codes"),
    ("grenvarianter", "branch_variants"), ("grenhuller", "branch_gap_count"), ("sha256", "sha256"),
    ("størrelse", "size"),
]


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}".replace(".", ",")
    return str(v)


def write_csv(store: Store, run_id: int, out: TextIO) -> int:
    """Write the run as CSV; returns the number of rows."""
    out.write("\ufeff")
    w = csvout.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow([h for h, _ in CSV_COLUMNS])
    n = 0
    for r in store.run_results(run_id):
        r["missing"] = " ".join(e["id"] for e in r["elements"] if e["status"] == "missing" and e["level"] == "error")
        r["codes"] = " ".join(f["code"] for f in store.findings(r["result_id"])) if r["status"] == "ok" else ""
        r["warning_codes"] = " ".join(x["code"] for x in r["warnings"])
        if r["key_message_first"] is not None:
            r["key_message_first"] = "ja" if r["key_message_first"] else "nej"
        w.writerow([_cell(r[k]) for _, k in CSV_COLUMNS])
        n += 1
    return n


def write_json(store: Store, run_id: int, out: TextIO) -> None:
    run = store.run(run_id)
    run = {**run, "options": json.loads(run["options"] or "{}"), **store.run_counts(run_id)}
    out.write(f'{{"schema": "{SCHEMA}",\n"run": {json.dumps(run, ensure_ascii=False)},\n"files": [')
    first = True
    for r in store.run_results(run_id):
        rid = r.pop("result_id")
        r.pop("file_id")
        err = {k: r.pop(f"error_{k}") for k in ("code", "message", "hint")}
        if r["status"] != "ok":
            r["error"] = err
        else:
            r["key_message_first"] = None if r["key_message_first"] is None else bool(r["key_message_first"])
            r["findings"] = [{k: v for k, v in f.items() if k != "id"} for f in store.findings(rid)]
            r["branch_gaps"] = store.branch_gaps(rid)
        out.write(("\n" if first else ",\n") + json.dumps(r, ensure_ascii=False))
        first = False
    out.write("\n]}\n")
