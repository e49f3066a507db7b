"""``target``: where a test's scenario store lives — a SQLite file, or a fresh PostgreSQL schema."""

from __future__ import annotations

import pytest

from tests.geo.output.pgtest import pg_schema


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    """A SQLite path or a ``postgresql://`` URL (its own schema, dropped after the test)."""
    if request.param == "sqlite":
        yield tmp_path / "s.sqlite"
        return
    with pg_schema() as url:
        yield url
