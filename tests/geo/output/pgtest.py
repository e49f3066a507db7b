"""A throwaway PostgreSQL schema per test, from ``OMRADESINDEX_TEST_PG_URL`` (``.ci/run`` starts a server).

Without the URL the PostgreSQL tests are skipped locally and *fail* in CI (``CI=true``), so a CI run
that silently lost its database cannot pass.
"""

from __future__ import annotations

import os
import urllib.parse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

PG_ENV = "OMRADESINDEX_TEST_PG_URL"


def pg_url() -> str:
    """The test server's URL, or skip (fail in CI)."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{PG_ENV} is not set: CI must run the PostgreSQL tests (.ci/run starts a server).")
        pytest.skip(f"no PostgreSQL for the tests ({PG_ENV} not set)")
    return url


def with_schema(url: str, schema: str) -> str:
    """``url`` whose connections use ``schema`` (libpq's ``options=-csearch_path=…``)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query)
    query.append(("options", f"-csearch_path={schema}"))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


@contextmanager
def pg_schema() -> Iterator[str]:
    """A URL on a fresh schema of the test database, dropped afterwards."""
    import psycopg

    url = pg_url()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_schema(url, schema)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
