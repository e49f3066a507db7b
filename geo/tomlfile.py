"""Reading a small TOML file (a config, an index definition, a follow-up plan) safely.

The readers of data files limit what they read (:mod:`geo.readers.limits`); the TOML files around them
were opened directly, so a FIFO named ``omradesindex.toml`` blocked the app and a device was read
without end (issue 17). Here every TOML file is opened without blocking, must be a regular file, and
at most :data:`MAX_TOML_BYTES` are read — a definition or config is a few kilobytes.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from geo.errors import DataError

#: A TOML file larger than this is refused (the largest real one, a definition, is ~10 KB).
MAX_TOML_BYTES = 1024 * 1024


def read_toml(path: str | Path, *, what: str = "filen") -> dict[str, Any]:
    """Parse the TOML file at ``path``. Raises :class:`FileNotFoundError` for a missing file and
    :class:`OSError` for an unreadable one (the callers word those), :class:`tomllib.TOMLDecodeError`
    or :class:`UnicodeDecodeError` for bad content, and :class:`DataError` for a path that is not a
    regular file or a file over :data:`MAX_TOML_BYTES`."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DataError(f"{what} är ingen vanlig fil (en mapp, enhet eller pipe) och läses inte.",
                            file=Path(path).name, hint="Ange en vanlig TOML-fil.")
        data = fh.read(MAX_TOML_BYTES + 1)
    if len(data) > MAX_TOML_BYTES:
        raise DataError(f"{what} är större än {MAX_TOML_BYTES // 1024} KB och läses inte.", file=Path(path).name,
                        hint="En TOML-fil för Områdesindex är några kilobyte; kontrollera att det är rätt fil.")
    return tomllib.loads(data.decode("utf-8"))


__all__ = ["MAX_TOML_BYTES", "read_toml"]
