"""Rows of a frame for building view models.

``itertuples`` names its fields after the columns, so a column called ``index`` hides
the tuple's own method and type checkers cannot see the fields; a row here is a plain
mapping from column name to value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd


def records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Each row as ``{column: value}`` (columns as text), in order."""
    columns = [str(c) for c in frame.columns]
    for values in frame.itertuples(index=False, name=None):
        yield dict(zip(columns, values, strict=True))


__all__ = ["records"]
