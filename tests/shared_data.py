"""Access to ../shared/data (real public data beside the checkout, CI has it too).

Tests that need it must fail, not skip, when ``CI=true`` and it is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = Path(os.environ.get("OMRADESINDEX_SHARED_DATA", ROOT.parent / "shared" / "data"))


def shared_file(relative: str) -> Path:
    """Path to a shared data file; fail in CI, skip elsewhere, when it is missing."""
    path = SHARED / relative
    if not path.exists():
        msg = f"shared data file missing: {path}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return path
