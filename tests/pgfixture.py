"""Fixtures for tests that run the store on SQLite and on a real PostgreSQL.

``db`` is parametrised: a SQLite file path, then a ``postgresql://`` URL of a fresh database on the
PostgreSQL server of this session.  The server is ``REWRITER_TEST_PG_DSN`` when set (``.ci/run``
starts one), else a throwaway cluster started here (:mod:`pgcluster`) when PostgreSQL is installed.
Without a server the PostgreSQL cases skip, unless ``REWRITER_TEST_PG_REQUIRED=1`` (set by
``.ci/run``): then they fail, loudly, so CI never passes without having tested PostgreSQL.

Import the fixtures into a test module: ``from pgfixture import db, pg_server, pg_url  # noqa: F401``.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

REQUIRED = os.environ.get("REWRITER_TEST_PG_REQUIRED") == "1"


def _unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"PostgreSQL is required here (REWRITER_TEST_PG_REQUIRED=1) but {reason}", pytrace=False)
    pytest.skip(f"no PostgreSQL: {reason} (set REWRITER_TEST_PG_DSN or apt-get install postgresql)")


@pytest.fixture(scope="session")
def pg_server():
    """The base URL of a PostgreSQL server for this test session."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install -e '.[test]')")
    dsn = os.environ.get("REWRITER_TEST_PG_DSN")
    if dsn:
        yield dsn
        return
    import pgcluster

    try:
        dsn, folder = pgcluster.start()
    except RuntimeError as exc:
        _unavailable(str(exc))
    try:
        yield dsn
    finally:
        pgcluster.stop(folder)


def _with_dbname(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@pytest.fixture
def pg_url(pg_server):
    """A ``postgresql://`` URL of a new, empty database (dropped afterwards)."""
    import psycopg

    name = "rw_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield _with_dbname(pg_server, name)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """The store's database: a SQLite file, then a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "a.sqlite")
    return request.getfixturevalue("pg_url")
