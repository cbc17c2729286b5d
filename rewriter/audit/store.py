"""The audit store: one SQLite file (WAL) shared by ``rewriter audit`` and the web UI.

Schema (``PRAGMA user_version`` = :data:`SCHEMA_VERSION`)::

    runs        one audit of a root (folder or ZIP): config key, rulebook version,
                status running|finished|interrupted, pass (incremented on resume)
    files       one row per (root, path); the last seen sha256 and size
    results     one check outcome per (sha256, size, kind, config key): content-
                addressed, so an unchanged file is never checked twice and copies
                of a template share one result; status ok|error|skipped
    findings    the findings of a result; ``key`` = sha256 prefix, code and span,
                stable for as long as the file's content is
    branch_gaps template variants that lose a required element (audit.branches)
    run_files   which result each file of a run has (run, file) -> result, pass
    reviews     the UI's decisions on findings: confirmed|dismissed, reason,
                reviewer, decided_at; keyed by finding key so they survive reruns

The store never holds letter text.  Only the parent process of an audit writes;
results are committed in batches, so a killed audit loses at most one batch and
the next run resumes (:mod:`rewriter.audit.runner`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from rewriter.errors import UsageError
from rewriter.audit.schema import SCHEMA_VERSION, create

DECISIONS = ("confirmed", "dismissed")


_RESULT_COLUMNS = (
    "status", "error_code", "error_message", "error_hint", "letter_type", "letter_type_confidence", "lix",
    "lix_band", "words", "threat_count", "threat_first_position", "threat_first_paragraph", "key_message_first", "placement_score",
    "verdict", "n_error", "n_warning", "n_suggestion", "worst_rank", "missing_required", "elements", "warnings",
    "branch_variants", "branch_total", "branch_gap_count",
)
_JSON_COLUMNS = ("elements", "warnings")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Run:
    id: int
    pass_: int
    resumed: bool


class Store:
    """A connection to the audit store; use :meth:`open`."""

    def __init__(self, conn: sqlite3.Connection, path: str):
        self.conn = conn
        self.path = path

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike) -> Store:
        """Open (and create or migrate) the store at ``path``; WAL mode, foreign keys on."""
        where = str(path)
        try:
            conn = sqlite3.connect(where, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                conn.execute("BEGIN IMMEDIATE")
                if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                    create(conn)
                conn.execute("COMMIT")
            elif version > SCHEMA_VERSION:
                raise UsageError(f"Databasen har skemaversion {version}; denne version af rewriter kender "
                                 f"kun op til {SCHEMA_VERSION}.", where=where, code="C312",
                                 hint="Opdatér rewriter, eller brug en anden --db.")
        except sqlite3.DatabaseError as exc:
            raise UsageError(f"Databasen kan ikke åbnes ({exc}).", where=where, code="C312",
                             hint="Angiv en anden fil med --db.") from None
        conn.execute("BEGIN")
        return cls(conn, where)

    def close(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def commit(self) -> None:
        """Commit the open transaction and start the next one."""
        self.conn.execute("COMMIT")
        self.conn.execute("BEGIN")

    # -- runs --------------------------------------------------------------------

    def start_run(self, root: str, config_key: str, meta: dict, resume: bool = True) -> Run:
        """Resume the interrupted last run of ``root`` with this config, or start a new one."""
        row = self.conn.execute("SELECT id, status, host, pid, pass FROM runs WHERE root = ? AND config_key = ? "
                                "ORDER BY id DESC LIMIT 1", (root, config_key)).fetchone()
        if resume and row and _resumable(row):
            self.conn.execute("UPDATE runs SET status = 'running', host = ?, pid = ?, pass = pass + 1, "
                              "finished_at = NULL WHERE id = ?", (socket.gethostname(), os.getpid(), row["id"]))
            self.commit()
            return Run(row["id"], row["pass"] + 1, True)
        cur = self.conn.execute(
            "INSERT INTO runs (root, config_key, rulebook_version, profile, options, tool_version, status, "
            "started_at, host, pid) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)",
            (root, config_key, meta.get("rulebook_version"), meta.get("profile"),
             json.dumps(meta.get("options", {}), ensure_ascii=False), meta.get("tool_version"), now(),
             socket.gethostname(), os.getpid()))
        self.commit()
        return Run(cur.lastrowid, 1, False)

    def finish_run(self, run: Run, status: str = "finished") -> None:
        if status == "finished":  # files gone since the interrupted pass are not part of the run
            self.conn.execute("DELETE FROM run_files WHERE run_id = ? AND pass < ?", (run.id, run.pass_))
        self.conn.execute("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", (status, now(), run.id))
        self.commit()

    def runs(self) -> list[dict]:
        rows = self.conn.execute("SELECT r.*, (SELECT count(*) FROM run_files WHERE run_id = r.id) AS files "
                                 "FROM runs r ORDER BY r.id").fetchall()
        return [dict(r) for r in rows]

    def run(self, run_id: int) -> dict | None:
        row = self.conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return dict(row) if row else None

    def resolve_run(self, ref: str | int) -> int:
        """A run id from ``7``, ``seneste``/``latest`` or ``forrige``/``previous``."""
        text = str(ref).strip().lower()
        if text in ("seneste", "latest", "forrige", "previous"):
            rows = self.conn.execute("SELECT id FROM runs ORDER BY id DESC LIMIT 2").fetchall()
            idx = 0 if text in ("seneste", "latest") else 1
            if len(rows) > idx:
                return rows[idx][0]
        elif text.isdigit() and self.run(int(text)):
            return int(text)
        raise UsageError(f"Kørslen '{ref}' findes ikke i {self.path}.", code="C313",
                         hint="Se kørslerne med 'rewriter audit runs'; brug et nummer, 'seneste' eller 'forrige'.")

    # -- writing results -----------------------------------------------------------

    def file_ids(self, root: str, rels: list[str]) -> dict[str, int]:
        self.conn.executemany("INSERT OR IGNORE INTO files (root, path) VALUES (?, ?)", [(root, r) for r in rels])
        out = {}
        for i in range(0, len(rels), 500):
            chunk = rels[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"SELECT id, path FROM files WHERE root = ? AND path IN ({marks})",
                                         (root, *chunk)):
                out[row[1]] = row[0]
        return out

    def previous(self, file_ids: list[int], config_key: str) -> dict[int, tuple[int, str, int]]:
        """For each file, its latest cacheable result under ``config_key``: (result id, sha256, size)."""
        out: dict[int, tuple[int, str, int]] = {}
        for i in range(0, len(file_ids), 500):
            chunk = file_ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT rf.file_id, r.id, r.sha256, r.size FROM run_files rf JOIN results r ON r.id = rf.result_id "
                f"WHERE rf.file_id IN ({marks}) AND r.config_key = ? AND r.cacheable = 1 "
                f"ORDER BY rf.run_id DESC", (*chunk, config_key))
            for fid, rid, sha, size in rows:
                out.setdefault(fid, (rid, sha, size))
        return out

    def add_result(self, config_key: str, res: dict) -> int:
        """Store a worker result (see :mod:`rewriter.audit.worker`); returns the result id."""
        sha, size, kind = res.get("sha256"), res.get("size"), res.get("kind")
        cacheable = bool(res.get("cacheable", True)) and sha is not None
        if cacheable:
            row = self.conn.execute("SELECT id FROM results WHERE sha256 = ? AND size = ? AND config_key = ? "
                                    "AND kind = ? AND cacheable = 1", (sha, size, config_key, kind)).fetchone()
            if row:
                return row[0]
        values = _result_values(res)
        cols = ", ".join(_RESULT_COLUMNS)
        cur = self.conn.execute(
            f"INSERT INTO results (config_key, sha256, size, kind, cacheable, created_at, {cols}) "
            f"VALUES (?, ?, ?, ?, ?, ?, {', '.join('?' * len(_RESULT_COLUMNS))})",
            (config_key, sha, size, kind, int(cacheable), now(), *values))
        rid = cur.lastrowid
        findings = res.get("findings") or []
        if findings:
            keys: dict[str, int] = {}
            rows = []
            for seq, f in enumerate(findings):
                key = f"{(sha or 'x')[:16]}:{f['code']}:{f['start']}-{f['end']}"
                n = keys[key] = keys.get(key, 0) + 1
                rows.append((rid, seq, key if n == 1 else f"{key}#{n}", f["code"], f["level"], f["start"], f["end"],
                             f.get("line"), f["message"], f.get("legal_basis")))
            self.conn.executemany("INSERT INTO findings (result_id, seq, key, code, level, start_offset, end_offset, "
                                  "line, message, legal_basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        gaps = (res.get("branches") or {}).get("gaps") or []
        if gaps:
            self.conn.executemany("INSERT INTO branch_gaps (result_id, variant, choices, missing) VALUES (?, ?, ?, ?)",
                                  [(rid, g["variant"], json.dumps(g["choices"], ensure_ascii=False),
                                    json.dumps(g["missing"])) for g in gaps])
        return rid

    def link(self, run: Run, rows: list[tuple[int, int, str | None, int | None]]) -> None:
        """Record ``(file id, result id, sha256, size)`` for each file of this pass of ``run``."""
        self.conn.executemany(
            "INSERT INTO run_files (run_id, file_id, result_id, pass) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (run_id, file_id) DO UPDATE SET result_id = excluded.result_id, pass = excluded.pass",
            [(run.id, fid, rid, run.pass_) for fid, rid, _, _ in rows])
        self.conn.executemany("UPDATE files SET sha256 = ?, size = ?, last_run = ? WHERE id = ?",
                              [(sha, size, run.id, fid) for fid, _, sha, size in rows])

    # -- reading -----------------------------------------------------------------

    def run_results(self, run_id: int, limit: int | None = None, order: str = "path") -> Iterator[dict]:
        """The files of a run with their results, ordered by path (or ``"worst"`` first), streamed."""
        order_by = {"path": "f.path",
                    "worst": "r.status = 'ok', r.missing_required DESC, r.worst_rank DESC, "
                             "r.n_error + r.n_warning DESC, f.path"}[order]
        sql = (f"SELECT f.path, f.id AS file_id, r.id AS result_id, r.sha256, r.size, r.kind, "
               f"{', '.join('r.' + c for c in _RESULT_COLUMNS)} FROM run_files rf "
               f"JOIN files f ON f.id = rf.file_id JOIN results r ON r.id = rf.result_id "
               f"WHERE rf.run_id = ? ORDER BY {order_by}" + (f" LIMIT {int(limit)}" if limit else ""))
        for row in self.conn.execute(sql, (run_id,)):
            d = dict(row)
            for c in _JSON_COLUMNS:
                d[c] = json.loads(d[c])
            yield d

    def problems(self, run_id: int, limit: int = 20) -> list[dict]:
        """Files of a run that could not be checked (errors and skips), by path."""
        rows = self.conn.execute(
            "SELECT f.path, r.status, r.error_code, r.error_message FROM run_files rf JOIN files f ON f.id = rf.file_id "
            "JOIN results r ON r.id = rf.result_id WHERE rf.run_id = ? AND r.status != 'ok' ORDER BY f.path LIMIT ?",
            (run_id, limit))
        return [dict(r) for r in rows]

    def findings(self, result_id: int) -> list[dict]:
        rows = self.conn.execute("SELECT id, key, code, level, start_offset AS start, end_offset AS end, line, "
                                 "message, legal_basis FROM findings WHERE result_id = ? ORDER BY seq", (result_id,))
        return [dict(r) for r in rows]

    def branch_gaps(self, result_id: int) -> list[dict]:
        rows = self.conn.execute("SELECT variant, choices, missing FROM branch_gaps WHERE result_id = ? "
                                 "ORDER BY variant", (result_id,))
        return [{"variant": r[0], "choices": json.loads(r[1]), "missing": json.loads(r[2])} for r in rows]

    def run_counts(self, run_id: int) -> dict:
        row = self.conn.execute(
            "SELECT count(*) AS files, coalesce(sum(r.status = 'ok'), 0) AS ok, "
            "coalesce(sum(r.status = 'error'), 0) AS errors, coalesce(sum(r.status = 'skipped'), 0) AS skipped, "
            "coalesce(sum(r.warnings != '[]'), 0) AS warnings, coalesce(max(r.worst_rank), -1) AS worst_rank, "
            "coalesce(sum(r.missing_required > 0), 0) AS missing_required, "
            "coalesce(sum(r.branch_gap_count > 0), 0) AS branch_gaps "
            "FROM run_files rf JOIN results r ON r.id = rf.result_id WHERE rf.run_id = ?", (run_id,)).fetchone()
        return dict(row)

    # -- reviews (the web UI's decisions) -------------------------------------------

    def record_review(self, finding: int | str, decision: str, reason: str | None = None,
                      reviewer: str | None = None, decided_at: str | None = None) -> int:
        """Record a decision on a finding (its id or key); returns the review id."""
        if decision not in DECISIONS:
            raise UsageError(f"Ukendt beslutning '{decision}'.", code="C314", hint="Brug confirmed eller dismissed.")
        key, fid = self._finding_ref(finding)
        cur = self.conn.execute("INSERT INTO reviews (finding_key, finding_id, decision, reason, reviewer, decided_at) "
                                "VALUES (?, ?, ?, ?, ?, ?)", (key, fid, decision, reason, reviewer, decided_at or now()))
        self.commit()
        return cur.lastrowid

    def reviews_for(self, finding: int | str) -> list[dict]:
        """The decisions on a finding (its id or key), newest first."""
        key, _ = self._finding_ref(finding)
        rows = self.conn.execute("SELECT id, finding_key, finding_id, decision, reason, reviewer, decided_at "
                                 "FROM reviews WHERE finding_key = ? ORDER BY decided_at DESC, id DESC", (key,))
        return [dict(r) for r in rows]

    def latest_reviews(self, keys: list[str]) -> dict[str, dict]:
        """The newest decision for each of ``keys`` that has one."""
        out: dict[str, dict] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self.conn.execute(
                f"SELECT finding_key, decision, reason, reviewer, decided_at FROM reviews WHERE finding_key IN "
                f"({','.join('?' * len(chunk))}) ORDER BY decided_at, id", chunk)
            for r in rows:
                out[r[0]] = dict(r)
        return out

    def _finding_ref(self, finding: int | str) -> tuple[str, int | None]:
        if isinstance(finding, int):
            row = self.conn.execute("SELECT key FROM findings WHERE id = ?", (finding,)).fetchone()
            if row is None:
                raise UsageError(f"Fundet {finding} findes ikke.", code="C314")
            return row[0], finding
        row = self.conn.execute("SELECT id FROM findings WHERE key = ? ORDER BY id DESC LIMIT 1", (finding,)).fetchone()
        return finding, row[0] if row else None


def _resumable(row: sqlite3.Row) -> bool:
    if row["status"] == "interrupted":
        return True
    if row["status"] != "running":
        return False
    if row["host"] != socket.gethostname():
        return True
    return not _alive(row["pid"])


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return _not_zombie(pid)


def _not_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


def _result_values(res: dict) -> tuple:
    findings = res.get("findings") or []
    levels = [f["level"] for f in findings]
    err = res.get("error") or {}
    branches = res.get("branches") or {}
    elements = res.get("elements") or []
    d = {
        "status": res.get("status", "error"),
        "error_code": err.get("code"), "error_message": err.get("message"), "error_hint": err.get("hint"),
        "n_error": levels.count("error"), "n_warning": levels.count("warning"),
        "n_suggestion": levels.count("suggestion"),
        "worst_rank": res.get("worst_rank", -1),
        "missing_required": sum(1 for e in elements if e["status"] == "missing" and e["level"] == "error"),
        "elements": json.dumps(elements, ensure_ascii=False),
        "warnings": json.dumps(res.get("warnings") or [], ensure_ascii=False),
        "branch_variants": branches.get("variants"), "branch_total": branches.get("total"),
        "branch_gap_count": len(branches.get("gaps") or []),
        "key_message_first": None if res.get("key_message_first") is None else int(res["key_message_first"]),
    }
    return tuple(d[c] if c in d else res.get(c) for c in _RESULT_COLUMNS)
