"""The audit store: one database shared by ``rewriter audit`` and the web UI, SQLite or PostgreSQL.

``Store.open("rewriter-audit.sqlite")`` opens (or creates) an embedded SQLite file in WAL mode, the
default; ``Store.open("postgresql://user@host/db")`` a PostgreSQL database (``pip install
"rewriter[postgresql]"``, psycopg 3).  Both have the same tables and the same interface.

Schema (:mod:`rewriter.audit.schema`, version :data:`SCHEMA_VERSION`)::

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

Many writers share one store: two audits and any number of reviewers (processes, or threads each
with its own ``Store``).  Every write is one short transaction (``BEGIN IMMEDIATE`` on SQLite, so
the busy timeout is honoured instead of failing on a lock upgrade); a writer that finds the
database locked waits and retries the whole transaction (also after a PostgreSQL deadlock or lock
timeout) for up to ``timeout`` seconds, then raises ``C325`` with a Danish message.  Reads take no
lock (WAL; PostgreSQL's MVCC).  Nothing holds a transaction open between calls, so a reader never
blocks an audit and an audit never blocks a reviewer for longer than one batch takes to write.

The store never holds letter text.  An audit buffers results and writes them in batches, so a
killed audit loses at most one batch and the next run resumes (:mod:`rewriter.audit.runner`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import socket
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

from rewriter.audit.schema import SCHEMA_VERSION, create_statements, migration_statements
from rewriter.errors import UsageError

DECISIONS = ("confirmed", "dismissed")
DEFAULT_TIMEOUT = 60.0  # seconds a writer waits for the database before C325
URL_SCHEMES = ("postgresql://", "postgres://")

_RESULT_COLUMNS = (
    "status", "error_code", "error_message", "error_hint", "letter_type", "letter_type_confidence", "lix",
    "lix_band", "words", "threat_count", "threat_first_position", "threat_first_paragraph", "key_message_first",
    "placement_score", "verdict", "n_error", "n_warning", "n_suggestion", "worst_rank", "missing_required",
    "elements", "warnings", "branch_variants", "branch_total", "branch_gap_count",
)
_JSON_COLUMNS = ("elements", "warnings")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def is_url(db: str | os.PathLike | None) -> bool:
    """True for a PostgreSQL URL (``postgresql://...``), False for a SQLite file path."""
    return isinstance(db, str) and db.lower().startswith(URL_SCHEMES)


def display_name(db: str | os.PathLike) -> str:
    """The database as shown to a user: a file path, or a URL without its password."""
    text = str(db)
    if not is_url(text):
        return text
    parts = urlsplit(text)
    netloc, query = parts.netloc, parts.query
    if parts.password is not None:
        netloc = f"{parts.username or ''}:***@{netloc.rsplit('@', 1)[1]}"
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(k.lower() == "password" for k, _ in pairs):
        query = "&".join(f"{k}={'***' if k.lower() == 'password' else v}" for k, v in pairs)
    scheme = text.split("://", 1)[0]
    return f"{scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")


@dataclass(frozen=True)
class Run:
    id: int
    pass_: int
    resumed: bool


class Row:
    """A result row addressable by position and by column name (``dict(row)`` works), as ``sqlite3.Row``."""

    __slots__ = ("_names", "_index", "_values")

    def __init__(self, names: tuple[str, ...], index: dict[str, int], values: tuple):
        self._names, self._index, self._values = names, index, values

    def __getitem__(self, key):
        return self._values[self._index[key]] if isinstance(key, str) else self._values[key]

    def keys(self) -> list[str]:
        return list(self._names)

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._names, self._values, strict=True))!r})"


def _pg_row_factory(cursor):
    names = tuple(c.name for c in (cursor.description or ()))
    index = {n: i for i, n in enumerate(names)}
    return lambda values: Row(names, index, tuple(values))


class Store:
    """A connection to the audit store; use :meth:`open`."""

    def __init__(self, conn: Any, path: str, kind: str = "sqlite", timeout: float = DEFAULT_TIMEOUT):
        self.conn = conn
        self.path = path  # for messages: a file path, or a URL without its password
        self.kind = kind
        self.timeout = timeout
        self._in_write = False
        self._sql_cache: dict[str, str] = {}

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike, timeout: float | None = None) -> Store:
        """Open (and create or migrate) the store: a SQLite file path, or a ``postgresql://`` URL.

        ``timeout``: how long a writer waits for a locked database before ``C325`` (default
        :data:`DEFAULT_TIMEOUT`)."""
        timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        if is_url(path):
            return cls._open_postgres(str(path), timeout)
        return cls._open_sqlite(str(path), timeout)

    @classmethod
    def _open_sqlite(cls, where: str, timeout: float) -> Store:
        busy = min(timeout, 5.0)
        try:
            conn = sqlite3.connect(where, timeout=busy, isolation_level=None)
        except sqlite3.Error as exc:
            raise _unopenable(where, exc) from None
        conn.row_factory = sqlite3.Row
        store = cls(conn, where, "sqlite", timeout)
        try:
            store._retry(lambda: conn.execute("PRAGMA journal_mode=WAL"), what="åbne databasen")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                _check_version(version, where)
                store._write(lambda: store._sqlite_upgrade(), what="oprette databasens tabeller")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _unopenable(where, exc) from None
        except BaseException:
            conn.close()
            raise
        return store

    def _sqlite_upgrade(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]  # again, under the write lock
        _check_version(version, self.path)
        stmts = create_statements() if version == 0 else migration_statements(version)
        for stmt in stmts:
            self.conn.execute(stmt)
        self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @classmethod
    def _open_postgres(cls, url: str, timeout: float) -> Store:
        shown = display_name(url)
        try:
            import psycopg
        except ImportError:
            raise UsageError("PostgreSQL kræver pakken psycopg, som ikke er installeret.", where=shown, code="C312",
                             hint='Installér den med: pip install "rewriter[postgresql]", eller brug en '
                                  "SQLite-fil med --db.") from None
        try:
            conn = psycopg.connect(url, autocommit=True, row_factory=_pg_row_factory,
                                   connect_timeout=max(1, int(min(timeout, 20))), application_name="rewriter")
        except psycopg.Error as exc:
            raise _unopenable(shown, exc) from None
        store = cls(conn, shown, "postgresql", timeout)
        try:
            # a writer waits at most this long for one lock, then the whole transaction is retried
            conn.execute(f"SET lock_timeout = {int(max(1.0, min(timeout, 10.0)) * 1000)}")
            store._write(store._pg_upgrade, what="oprette databasens tabeller")
        except psycopg.Error as exc:
            conn.close()
            raise _unopenable(shown, exc) from None
        except BaseException:
            conn.close()
            raise
        return store

    def _pg_upgrade(self) -> None:
        self._lock("schema")
        exists = self.conn.execute("SELECT to_regclass('rewriter_schema') IS NOT NULL").fetchone()[0]
        version = self.conn.execute("SELECT version FROM rewriter_schema").fetchone()[0] if exists else 0
        if version == SCHEMA_VERSION:
            return
        _check_version(version, self.path)
        if version == 0:
            self.conn.execute("CREATE TABLE rewriter_schema (version INTEGER NOT NULL)")
            self.conn.execute("INSERT INTO rewriter_schema (version) VALUES (0)")
        for stmt in create_statements(True) if version == 0 else migration_statements(version, True):
            self.conn.execute(stmt)
        self.conn.execute("UPDATE rewriter_schema SET version = %s", (SCHEMA_VERSION,))

    def schema_version(self) -> int:
        if self.kind == "sqlite":
            return self.conn.execute("PRAGMA user_version").fetchone()[0]
        return self.conn.execute("SELECT version FROM rewriter_schema").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- statements, transactions and retries ---------------------------------------

    def _sql(self, sql: str) -> str:
        if self.kind == "sqlite":
            return sql
        out = self._sql_cache.get(sql)
        if out is None:
            out = self._sql_cache[sql] = (sql.replace("%", "%%").replace("?", "%s")
                                          .replace("COLLATE BINARY", 'COLLATE "C"'))
        return out

    def _params(self, params: Iterable) -> tuple:
        if self.kind == "sqlite":
            return tuple(params)
        # PostgreSQL text cannot hold NUL
        return tuple(p.replace("\x00", "\ufffd") if isinstance(p, str) else p for p in params)

    def execute(self, sql: str, params: Iterable = ()):
        """Run one statement (``?`` placeholders in both dialects); returns the cursor."""
        return self.conn.execute(self._sql(sql), self._params(params))

    def executemany(self, sql: str, rows: Iterable[Iterable]) -> None:
        rows = [self._params(r) for r in rows]
        if not rows:
            return
        if self.kind == "sqlite":
            self.conn.executemany(sql, rows)
        else:
            with self.conn.cursor() as cur:
                cur.executemany(self._sql(sql), rows)

    def query(self, sql: str, params: Iterable = ()) -> list:
        return self.execute(sql, params).fetchall()

    def stream(self, sql: str, params: Iterable = (), size: int = 500) -> Iterator:
        """Rows of a query, fetched in pieces (constant memory; no lock held on SQLite's WAL)."""
        if self.kind == "sqlite":
            yield from self.conn.execute(sql, self._params(params))
            return
        # a server-side cursor WITH HOLD works outside a transaction and leaves the connection usable
        with self.conn.cursor(name=f"rw_{uuid.uuid4().hex[:12]}", withhold=True) as cur:
            cur.itersize = size
            cur.execute(self._sql(sql), self._params(params))
            yield from cur

    def _lock(self, name: str) -> None:
        """Serialise a read-then-write step between writers (PostgreSQL; SQLite's BEGIN IMMEDIATE already does)."""
        if self.kind == "postgresql":
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_id(name),))

    def _write(self, fn: Callable[[], Any], what: str = "skrive i databasen") -> Any:
        """Run ``fn`` in one write transaction, retried while the database is locked (see the module)."""
        if self._in_write:
            return fn()

        def attempt():
            self._in_write = True
            try:
                if self.kind == "sqlite":
                    self.conn.execute("BEGIN IMMEDIATE")
                    try:
                        out = fn()
                        self.conn.execute("COMMIT")
                        return out
                    except BaseException:
                        if self.conn.in_transaction:
                            self.conn.execute("ROLLBACK")
                        raise
                with self.conn.transaction():
                    return fn()
            finally:
                self._in_write = False

        return self._retry(attempt, what)

    def _retry(self, fn: Callable[[], Any], what: str) -> Any:
        deadline = time.monotonic() + self.timeout
        delay = 0.01
        while True:
            try:
                return fn()
            except Exception as exc:  # noqa: BLE001 - only lock contention is retried; the rest re-raised
                if not self._is_busy(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise UsageError(
                        f"Databasen er optaget af en anden proces, så det lykkedes ikke at {what} "
                        f"(ventede {self.timeout:.0f} s).", where=self.path, code="C325",
                        hint="Prøv igen om lidt. Bliver det ved, så tjek om en anden proces hænger og holder "
                             "databasen låst.") from None
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.5)

    def _is_busy(self, exc: Exception) -> bool:
        if isinstance(exc, sqlite3.OperationalError):
            msg = str(exc).lower()
            return "locked" in msg or "busy" in msg
        if self.kind == "postgresql":
            import psycopg.errors as pe

            return isinstance(exc, (pe.LockNotAvailable, pe.DeadlockDetected, pe.SerializationFailure))
        return False

    # -- runs --------------------------------------------------------------------

    def start_run(self, root: str, config_key: str, meta: dict, resume: bool = True) -> Run:
        """Resume the interrupted last run of ``root`` with this config, or start a new one."""

        def work() -> Run:
            self._lock("runs")  # two audits of one root must not both resume the same run
            row = self.execute("SELECT id, status, host, pid, pass FROM runs WHERE root = ? AND config_key = ? "
                               "ORDER BY id DESC LIMIT 1", (root, config_key)).fetchone()
            if resume and row and _resumable(row):
                self.execute("UPDATE runs SET status = 'running', host = ?, pid = ?, pass = pass + 1, "
                             "finished_at = NULL WHERE id = ?", (socket.gethostname(), os.getpid(), row["id"]))
                return Run(row["id"], row["pass"] + 1, True)
            rid = self.execute(
                "INSERT INTO runs (root, config_key, rulebook_version, profile, options, tool_version, status, "
                "started_at, host, pid) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?) RETURNING id",
                (root, config_key, meta.get("rulebook_version"), meta.get("profile"),
                 json.dumps(meta.get("options", {}), ensure_ascii=False), meta.get("tool_version"), now(),
                 socket.gethostname(), os.getpid())).fetchall()[0][0]
            return Run(rid, 1, False)

        return self._write(work, "starte kørslen")

    def finish_run(self, run: Run, status: str = "finished") -> None:
        def work() -> None:
            if status == "finished":  # files gone since the interrupted pass are not part of the run
                self.execute("DELETE FROM run_files WHERE run_id = ? AND pass < ?", (run.id, run.pass_))
            self.execute("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", (status, now(), run.id))

        self._write(work, "afslutte kørslen")

    def runs(self) -> list[dict]:
        rows = self.query("SELECT r.*, (SELECT count(*) FROM run_files WHERE run_id = r.id) AS files "
                          "FROM runs r ORDER BY r.id")
        return [dict(r) for r in rows]

    def run(self, run_id: int) -> dict | None:
        row = self.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return dict(row) if row else None

    def resolve_run(self, ref: str | int) -> int:
        """A run id from ``7``, ``seneste``/``latest`` or ``forrige``/``previous``."""
        text = str(ref).strip().lower()
        if text in ("seneste", "latest", "forrige", "previous"):
            rows = self.query("SELECT id FROM runs ORDER BY id DESC LIMIT 2")
            idx = 0 if text in ("seneste", "latest") else 1
            if len(rows) > idx:
                return rows[idx][0]
        elif text.isdigit() and len(text) < 18 and self.run(int(text)):
            return int(text)
        raise UsageError(f"Kørslen '{ref}' findes ikke i {self.path}.", code="C313",
                         hint="Se kørslerne med 'rewriter audit runs'; brug et nummer, 'seneste' eller 'forrige'.")

    # -- writing results -----------------------------------------------------------

    def file_ids(self, root: str, rels: list[str]) -> dict[str, int]:
        """The file id of each path under ``root`` (rows are created for new paths)."""
        self._write(lambda: self.executemany("INSERT INTO files (root, path) VALUES (?, ?) "
                                             "ON CONFLICT (root, path) DO NOTHING",
                                             [(root, r) for r in sorted(set(rels))]), "registrere filerne")
        out = {}
        for i in range(0, len(rels), 500):
            chunk = rels[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.query(f"SELECT id, path FROM files WHERE root = ? AND path IN ({marks})",
                                  (root, *chunk)):
                out[row[1]] = row[0]
        return out

    def previous(self, file_ids: list[int], config_key: str) -> dict[int, tuple[int, str, int]]:
        """For each file, its latest cacheable result under ``config_key``: (result id, sha256, size)."""
        out: dict[int, tuple[int, str, int]] = {}
        for i in range(0, len(file_ids), 500):
            chunk = file_ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.query(
                f"SELECT rf.file_id, r.id, r.sha256, r.size FROM run_files rf JOIN results r ON r.id = rf.result_id "
                f"WHERE rf.file_id IN ({marks}) AND r.config_key = ? AND r.cacheable = 1 "
                f"ORDER BY rf.run_id DESC", (*chunk, config_key))
            for fid, rid, sha, size in rows:
                out.setdefault(fid, (rid, sha, size))
        return out

    def add_result(self, config_key: str, res: dict) -> int:
        """Store a worker result (see :mod:`rewriter.audit.worker`); returns the result id."""
        return self._write(lambda: self._add_result(config_key, res), "gemme resultatet")

    def _add_result(self, config_key: str, res: dict) -> int:
        sha, size, kind = res.get("sha256"), res.get("size"), res.get("kind")
        cacheable = bool(res.get("cacheable", True)) and sha is not None
        if cacheable:
            row = self.execute("SELECT id FROM results WHERE sha256 = ? AND size = ? AND config_key = ? "
                               "AND kind = ? AND cacheable = 1 ORDER BY id LIMIT 1",
                               (sha, size, config_key, kind)).fetchone()
            if row:
                return row[0]
        values = _result_values(res)
        cols = ", ".join(_RESULT_COLUMNS)
        rid = self.execute(
            f"INSERT INTO results (config_key, sha256, size, kind, cacheable, created_at, {cols}) "
            f"VALUES (?, ?, ?, ?, ?, ?, {', '.join('?' * len(_RESULT_COLUMNS))}) RETURNING id",
            (config_key, sha, size, kind, int(cacheable), now(), *values)).fetchall()[0][0]
        findings = res.get("findings") or []
        if findings:
            keys: dict[str, int] = {}
            rows = []
            for seq, f in enumerate(findings):
                key = f"{(sha or 'x')[:16]}:{f['code']}:{f['start']}-{f['end']}"
                n = keys[key] = keys.get(key, 0) + 1
                rows.append((rid, seq, key if n == 1 else f"{key}#{n}", f["code"], f["level"], f["start"], f["end"],
                             f.get("line"), f["message"], f.get("legal_basis")))
            self.executemany("INSERT INTO findings (result_id, seq, key, code, level, start_offset, end_offset, "
                             "line, message, legal_basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        gaps = (res.get("branches") or {}).get("gaps") or []
        if gaps:
            self.executemany("INSERT INTO branch_gaps (result_id, variant, choices, missing) VALUES (?, ?, ?, ?)",
                             [(rid, g["variant"], json.dumps(g["choices"], ensure_ascii=False),
                               json.dumps(g["missing"])) for g in gaps])
        return rid

    def link(self, run: Run, rows: list[tuple[int, int, str | None, int | None]]) -> None:
        """Record ``(file id, result id, sha256, size)`` for each file of this pass of ``run``."""
        self._write(lambda: self._link(run, rows), "gemme resultaterne")

    def _link(self, run: Run, rows: list[tuple[int, int, str | None, int | None]]) -> None:
        rows = sorted(rows)  # one lock order for every writer (no deadlocks between two audits)
        self.executemany(
            "INSERT INTO run_files (run_id, file_id, result_id, pass) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (run_id, file_id) DO UPDATE SET result_id = excluded.result_id, pass = excluded.pass",
            [(run.id, fid, rid, run.pass_) for fid, rid, _, _ in rows])
        self.executemany("UPDATE files SET sha256 = ?, size = ?, last_run = ? WHERE id = ?",
                         [(sha, size, run.id, fid) for fid, _, sha, size in rows])

    def save_batch(self, run: Run, config_key: str, items: list[tuple[int, dict, int | None]]) -> None:
        """One transaction for a batch of an audit: ``(file id, worker result, result id to reuse or None)``."""

        def work() -> None:
            links = []
            for fid, res, reuse in items:
                if reuse is None and res.get("unchanged"):  # no candidate known: look it up now
                    reuse = self.previous([fid], config_key).get(fid, (None,))[0]
                rid = reuse if reuse is not None else self._add_result(config_key, res)
                links.append((fid, rid, res.get("sha256"), res.get("size")))
            self._link(run, links)

        self._write(work, "gemme resultaterne")

    # -- reading -----------------------------------------------------------------

    def run_results(self, run_id: int, limit: int | None = None, order: str = "path") -> Iterator[dict]:
        """The files of a run with their results, ordered by path (or ``"worst"`` first), streamed."""
        order_by = {"path": "f.path COLLATE BINARY",
                    "worst": "r.status = 'ok', r.missing_required DESC, r.worst_rank DESC, "
                             "r.n_error + r.n_warning DESC, f.path COLLATE BINARY"}[order]
        sql = (f"SELECT f.path, f.id AS file_id, r.id AS result_id, r.sha256, r.size, r.kind, "
               f"{', '.join('r.' + c for c in _RESULT_COLUMNS)} FROM run_files rf "
               f"JOIN files f ON f.id = rf.file_id JOIN results r ON r.id = rf.result_id "
               f"WHERE rf.run_id = ? ORDER BY {order_by}" + (f" LIMIT {int(limit)}" if limit else ""))
        for row in self.stream(sql, (run_id,)):
            d = dict(row)
            for c in _JSON_COLUMNS:
                d[c] = json.loads(d[c])
            yield d

    def problems(self, run_id: int, limit: int = 20) -> list[dict]:
        """Files of a run that could not be checked (errors and skips), by path."""
        rows = self.query(
            "SELECT f.path, r.status, r.error_code, r.error_message FROM run_files rf JOIN files f ON f.id = rf.file_id "
            "JOIN results r ON r.id = rf.result_id WHERE rf.run_id = ? AND r.status != 'ok' "
            "ORDER BY f.path COLLATE BINARY LIMIT ?", (run_id, limit))
        return [dict(r) for r in rows]

    def findings(self, result_id: int) -> list[dict]:
        rows = self.query("SELECT id, key, code, level, start_offset AS start, end_offset AS end, line, "
                          "message, legal_basis FROM findings WHERE result_id = ? ORDER BY seq", (result_id,))
        return [dict(r) for r in rows]

    def branch_gaps(self, result_id: int) -> list[dict]:
        rows = self.query("SELECT variant, choices, missing FROM branch_gaps WHERE result_id = ? "
                          "ORDER BY variant", (result_id,))
        return [{"variant": r[0], "choices": json.loads(r[1]), "missing": json.loads(r[2])} for r in rows]

    def run_counts(self, run_id: int) -> dict:
        row = self.execute(
            "SELECT count(*) AS files, "
            "coalesce(sum(CASE WHEN r.status = 'ok' THEN 1 ELSE 0 END), 0) AS ok, "
            "coalesce(sum(CASE WHEN r.status = 'error' THEN 1 ELSE 0 END), 0) AS errors, "
            "coalesce(sum(CASE WHEN r.status = 'skipped' THEN 1 ELSE 0 END), 0) AS skipped, "
            "coalesce(sum(CASE WHEN r.warnings != '[]' THEN 1 ELSE 0 END), 0) AS warnings, "
            "coalesce(max(r.worst_rank), -1) AS worst_rank, "
            "coalesce(sum(CASE WHEN r.missing_required > 0 THEN 1 ELSE 0 END), 0) AS missing_required, "
            "coalesce(sum(CASE WHEN r.branch_gap_count > 0 THEN 1 ELSE 0 END), 0) AS branch_gaps "
            "FROM run_files rf JOIN results r ON r.id = rf.result_id WHERE rf.run_id = ?", (run_id,)).fetchone()
        return {k: int(v) for k, v in dict(row).items()}

    # -- reviews (the web UI's decisions) -------------------------------------------

    def record_review(self, finding: int | str, decision: str, reason: str | None = None,
                      reviewer: str | None = None, decided_at: str | None = None) -> int:
        """Record a decision on a finding (its id or key); returns the review id.

        A finding that does not exist (an unknown id or key) is refused with ``C314``: a decision
        always belongs to a finding the store holds, so the evidence pack has no orphans."""
        if decision not in DECISIONS:
            raise UsageError(f"Ukendt beslutning '{decision}'.", code="C314", hint="Brug confirmed eller dismissed.")

        def work() -> int:
            key, fid = self._finding_ref(finding)
            return self.execute("INSERT INTO reviews (finding_key, finding_id, decision, reason, reviewer, decided_at) "
                                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                                (key, fid, decision, reason, reviewer, decided_at or now())).fetchall()[0][0]

        return self._write(work, "gemme afgørelsen")

    def reviews_for(self, finding: int | str) -> list[dict]:
        """The decisions on a finding (its id or key), newest first."""
        key, _ = self._finding_ref(finding)
        rows = self.query("SELECT id, finding_key, finding_id, decision, reason, reviewer, decided_at "
                          "FROM reviews WHERE finding_key = ? ORDER BY decided_at DESC, id DESC", (key,))
        return [dict(r) for r in rows]

    def latest_reviews(self, keys: list[str]) -> dict[str, dict]:
        """The newest decision for each of ``keys`` that has one."""
        out: dict[str, dict] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self.query(
                f"SELECT finding_key, decision, reason, reviewer, decided_at FROM reviews WHERE finding_key IN "
                f"({','.join('?' * len(chunk))}) ORDER BY decided_at, id", chunk)
            for r in rows:
                out[r[0]] = dict(r)
        return out

    def review_queue(self, limit: int = 500) -> list[dict]:
        """Findings of the latest run of each root (saved analyses and audits), newest run first."""
        rows = self.query("""
            SELECT fi.key, f.path, fi.code, fi.level, fi.message, fi.legal_basis, fi.start_offset, fi.end_offset,
                   r.sha256, ru.rulebook_version, ru.id AS run_id, ru.root
            FROM findings fi
            JOIN results r ON r.id = fi.result_id
            JOIN run_files rf ON rf.result_id = r.id
            JOIN runs ru ON ru.id = rf.run_id
            JOIN files f ON f.id = rf.file_id
            WHERE ru.id IN (SELECT max(id) FROM runs GROUP BY root)
            ORDER BY ru.id DESC, f.path COLLATE BINARY, fi.seq
            LIMIT ?""", (limit,))
        return [dict(r) for r in rows]

    def evidence_rows(self) -> list[tuple]:
        """One row per decision on a finding the store holds, oldest first (the evidence pack).

        The finding is the one decided on, or (when that result is gone) the newest with the same
        key; its file and run are the newest run that has the result.  A decision whose finding
        key no longer exists anywhere is left out (an orphan proves nothing)."""
        return [tuple(r) for r in self.query("""
            SELECT rv.finding_key, f.path, r.sha256, fi.code, ru.rulebook_version, fi.legal_basis, fi.level,
                   fi.start_offset, fi.end_offset, fi.message, rv.decision, rv.reason, rv.reviewer, rv.decided_at,
                   ru.id, ru.root
            FROM reviews rv
            JOIN findings fi ON fi.id = coalesce(rv.finding_id,
                                                 (SELECT max(x.id) FROM findings x WHERE x.key = rv.finding_key))
            JOIN results r ON r.id = fi.result_id
            LEFT JOIN run_files rf ON rf.result_id = r.id
                 AND rf.run_id = (SELECT max(y.run_id) FROM run_files y WHERE y.result_id = r.id)
                 AND rf.file_id = (SELECT min(z.file_id) FROM run_files z
                                   WHERE z.result_id = r.id AND z.run_id = rf.run_id)
            LEFT JOIN runs ru ON ru.id = rf.run_id
            LEFT JOIN files f ON f.id = rf.file_id
            ORDER BY rv.decided_at, rv.id""")]

    def _finding_ref(self, finding: int | str) -> tuple[str, int | None]:
        if isinstance(finding, int):
            row = self.execute("SELECT key FROM findings WHERE id = ?", (finding,)).fetchone()
            if row is None:
                raise UsageError(f"Fundet {finding} findes ikke.", code="C314",
                                 hint="Vælg et fund fra køen; listen kan være forældet, så genindlæs den.")
            return row[0], finding
        row = self.execute("SELECT id FROM findings WHERE key = ? ORDER BY id DESC LIMIT 1", (finding,)).fetchone()
        if row is None:
            raise UsageError(f"Fundet '{str(finding)[:80]}' findes ikke i databasen; afgørelsen er ikke gemt.",
                             code="C314", hint="Vælg et fund fra køen; listen kan være forældet, så genindlæs den.")
        return finding, row[0]


def _lock_id(name: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.sha256(f"rewriter:{name}".encode()).digest()[:8], "big", signed=True)


def _check_version(version: int, where: str) -> None:
    if version > SCHEMA_VERSION:
        raise UsageError(f"Databasen har skemaversion {version}; denne version af rewriter kender "
                         f"kun op til {SCHEMA_VERSION}.", where=where, code="C312",
                         hint="Opdatér rewriter, eller brug en anden --db.")


def _unopenable(where: str, exc: Exception) -> UsageError:
    detail = " ".join(str(exc).split())[:200]
    return UsageError(f"Databasen kan ikke åbnes ({detail}).", where=where, code="C312",
                      hint="Angiv en anden fil eller en gyldig postgresql://-adresse med --db.")


def _resumable(row) -> bool:
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
