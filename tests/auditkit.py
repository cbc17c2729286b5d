"""Helpers for the audit tests: folders of real Danish letters and a canonical view of a run."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from conftest import CORPUS
from docxfactory import docx_from_letter_text

from rewriter.audit.store import Store

INDKALDELSE = CORPUS / "01_indkaldelse-jobsamtale-skovlund.txt"
AFGOERELSE = CORPUS / "14_afgoerelse-fradrag-samtale.txt"


def corpus_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]


def make_folder(root: Path, n_txt: int = 6, n_docx: int = 3, nested: bool = True) -> Path:
    """``root`` with ``n_txt`` .txt and ``n_docx`` .docx letters from the corpus, in sub-folders."""
    texts = corpus_texts()
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n_txt):
        sub = root / (f"team{i % 3}" if nested else "")
        sub.mkdir(exist_ok=True)
        (sub / f"brev_{i:03d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    for i in range(n_docx):
        sub = root / ("word" if nested else "") / (f"afd{i % 2}" if nested else "")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"skabelon_{i:03d}.docx").write_bytes(docx_from_letter_text(texts[(i * 7 + 3) % len(texts)]))
    return root


def tree_state(root: Path) -> dict[str, tuple[str, int]]:
    """sha256 and mtime of every file under ``root`` (symlinks not followed)."""
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = Path(dirpath) / name
            if p.is_symlink() or not p.is_file():
                continue
            try:
                out[str(p.relative_to(root))] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            except PermissionError:
                out[str(p.relative_to(root))] = ("unreadable", p.stat().st_mtime_ns)
    return out


def canonical(db: Path, run_id: int | None = None) -> list[tuple]:
    """Everything a run says about its files, in path order, without ids or timestamps."""
    with Store.open(db) as store:
        if run_id is None:
            run_id = store.runs()[-1]["id"]
        out = []
        for r in store.run_results(run_id):
            findings = tuple((f["code"], f["level"], f["start"], f["end"], f["message"])
                             for f in store.findings(r["result_id"]))
            elements = tuple((e["id"], e["status"], e["level"]) for e in r["elements"])
            out.append((r["path"], r["status"], r["sha256"], r["error_code"], r["letter_type"], r["lix"],
                        r["placement_score"], r["threat_first_position"], elements, findings,
                        tuple(w["code"] for w in r["warnings"]), tuple(map(str, store.branch_gaps(r["result_id"])))))
        return out


def by_path(db: Path, run_id: int | None = None) -> dict[str, dict]:
    with Store.open(db) as store:
        if run_id is None:
            run_id = store.runs()[-1]["id"]
        return {r["path"]: r for r in store.run_results(run_id)}
