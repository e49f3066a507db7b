"""Size limits checked before any reader parses a file (every reader calls these first).

The limit guards the server: a 2 GB upload must be refused before pandas or GDAL
allocate for it, and the message must say how to change it.
"""

from __future__ import annotations

import os
from pathlib import Path

from geo.errors import DataError

__all__ = ["MAX_FILE_BYTES", "MAX_FILE_ENV", "check_file_size", "format_size", "max_file_bytes"]


#: Largest input file read (bytes), checked before parsing in every reader. The environment
#: variable ``OMRADESINDEX_MAX_FILE_MB`` (read at call time) overrides it, e.g. ``0.5``.
MAX_FILE_BYTES = 50 * 1024**2
MAX_FILE_ENV = "OMRADESINDEX_MAX_FILE_MB"


def max_file_bytes() -> int:
    """The size limit in bytes: ``OMRADESINDEX_MAX_FILE_MB`` if set, else :data:`MAX_FILE_BYTES`."""
    text = os.environ.get(MAX_FILE_ENV, "").strip()
    if not text:
        return int(MAX_FILE_BYTES)
    try:
        mb = float(text.replace(",", "."))
    except ValueError:
        mb = float("nan")
    if not mb > 0:
        raise DataError(f"miljövariabeln {MAX_FILE_ENV}='{text}' är inte ett positivt tal.",
                        hint="Ange gränsen i megabyte, t.ex. 50.")
    return int(mb * 1024**2)


def format_size(n: float) -> str:
    """A byte count the Swedish way: ``'1,5 MB'``, ``'12 kB'``, ``'800 byte'``."""
    if n >= 1024**2:
        return f"{n / 1024**2:.1f} MB".replace(".", ",")
    if n >= 1024:
        return f"{n / 1024:.1f} kB".replace(".", ",")
    return f"{int(n)} byte"


def check_file_size(path: str | Path, *, size: int | None = None) -> None:
    """Refuse a file larger than :func:`max_file_bytes` before anything parses it."""
    path = Path(path)
    if size is None:
        try:
            size = path.stat().st_size
        except OSError:
            return  # the reader reports a missing file in its own words
    limit = max_file_bytes()
    if size > limit:
        raise DataError(f"filen är {format_size(size)}, större än gränsen {format_size(limit)}.", file=str(path),
                        hint="Dela upp filen eller ta bort onödiga kolumner och lager; gränsen kan höjas med "
                             f"miljövariabeln {MAX_FILE_ENV}.")
