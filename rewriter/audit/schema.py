"""The audit store's SQL schema (``PRAGMA user_version`` = :data:`SCHEMA_VERSION`).

The tables are described in :mod:`rewriter.audit.store`.  A later version adds
a migration step here (``user_version`` 1 -> 2 ...) instead of changing the
tables of version 1.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  root TEXT NOT NULL,
  config_key TEXT NOT NULL,
  rulebook_version TEXT,
  profile TEXT,
  options TEXT NOT NULL DEFAULT '{}',
  tool_version TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  host TEXT,
  pid INTEGER,
  pass INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX runs_root ON runs (root, config_key);
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  root TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT,
  size INTEGER,
  last_run INTEGER,
  UNIQUE (root, path)
);
CREATE TABLE results (
  id INTEGER PRIMARY KEY,
  config_key TEXT NOT NULL,
  sha256 TEXT,
  size INTEGER,
  kind TEXT,
  cacheable INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'skipped')),
  error_code TEXT, error_message TEXT, error_hint TEXT,
  letter_type TEXT, letter_type_confidence REAL,
  lix REAL, lix_band TEXT, words INTEGER,
  threat_count INTEGER, threat_first_position REAL, threat_first_paragraph INTEGER,
  key_message_first INTEGER,
  placement_score REAL, verdict TEXT,
  n_error INTEGER NOT NULL DEFAULT 0,
  n_warning INTEGER NOT NULL DEFAULT 0,
  n_suggestion INTEGER NOT NULL DEFAULT 0,
  worst_rank INTEGER NOT NULL DEFAULT -1,
  missing_required INTEGER NOT NULL DEFAULT 0,
  elements TEXT NOT NULL DEFAULT '[]',
  warnings TEXT NOT NULL DEFAULT '[]',
  branch_variants INTEGER, branch_total INTEGER,
  branch_gap_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX results_key ON results (sha256, size, config_key);
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  result_id INTEGER NOT NULL REFERENCES results (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  key TEXT NOT NULL,
  code TEXT NOT NULL,
  level TEXT NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  line INTEGER,
  message TEXT NOT NULL,
  legal_basis TEXT
);
CREATE INDEX findings_result ON findings (result_id);
CREATE INDEX findings_key ON findings (key);
CREATE TABLE branch_gaps (
  id INTEGER PRIMARY KEY,
  result_id INTEGER NOT NULL REFERENCES results (id) ON DELETE CASCADE,
  variant INTEGER NOT NULL,
  choices TEXT NOT NULL,
  missing TEXT NOT NULL
);
CREATE INDEX branch_gaps_result ON branch_gaps (result_id);
CREATE TABLE run_files (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  file_id INTEGER NOT NULL REFERENCES files (id),
  result_id INTEGER NOT NULL REFERENCES results (id),
  pass INTEGER NOT NULL,
  PRIMARY KEY (run_id, file_id)
) WITHOUT ROWID;
CREATE INDEX run_files_file ON run_files (file_id, run_id);
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  finding_key TEXT NOT NULL,
  finding_id INTEGER REFERENCES findings (id) ON DELETE SET NULL,
  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
  reason TEXT,
  reviewer TEXT,
  decided_at TEXT NOT NULL
);
CREATE INDEX reviews_key ON reviews (finding_key);
"""


def create(conn: sqlite3.Connection) -> None:
    for stmt in SCHEMA.split(";"):
        if stmt.strip():
            conn.execute(stmt)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
