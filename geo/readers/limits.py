"""Size limits and file kinds checked before any reader parses a file (every reader calls these first).

The limit guards the server: a 2 GB upload must be refused before pandas or GDAL
allocate for it, and the message must say how to change it. Only regular files are read:
a device (``/dev/zero``), a named pipe or a socket reports size 0 and never ends, so
:func:`check_file_size` refuses them by kind, and :func:`read_limited` — the one way the
readers read a whole file themselves — stops at the limit whatever the size said.

Files are named by their name only (:func:`shown_name`): an upload lives under the
server's temporary folder (``/tmp/omradesindex-upload-…/``), which is none of the user's
business, and a configured folder's path is the server's, not the user's.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from geo.errors import DataError

__all__ = ["MAX_FILE_BYTES", "MAX_FILE_ENV", "check_file_size", "check_regular_file", "format_size",
           "max_file_bytes", "read_limited", "shown_name"]


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


def shown_name(path: str | Path) -> str:
    """How messages name a file: its name, never the folder it lies in (``/tmp/…/tabell.csv`` → ``tabell.csv``)."""
    return Path(path).name or str(path)


#: What a path that is not a regular file is, for the message.
_KINDS = ((stat.S_ISDIR, "en mapp"), (stat.S_ISCHR, "en enhetsfil (device)"), (stat.S_ISBLK, "en enhetsfil (device)"),
          (stat.S_ISFIFO, "en namngiven pipe (FIFO)"), (stat.S_ISSOCK, "en socket"))


def _not_regular(mode: int, name: str) -> DataError:
    kind = next((word for test, word in _KINDS if test(mode)), "ingen vanlig fil")
    return DataError(f"är {kind}, inte en vanlig fil, och läses inte.", file=name,
                     hint="Ange en vanlig fil (CSV, .xlsx, GeoPackage, GeoJSON …); enheter som /dev/zero, "
                          "pipes och mappar kan inte läsas som data.")


def check_regular_file(path: str | Path, *, name: str | None = None) -> None:
    """Refuse a path that exists but is not a regular file (symlinks followed): a directory, a
    device such as ``/dev/zero``, a FIFO or a socket. A missing file passes (the reader says so)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # the reader reports a missing file in its own words
    if not stat.S_ISREG(mode):
        raise _not_regular(mode, name or shown_name(path))


def check_file_size(path: str | Path, *, size: int | None = None, name: str | None = None) -> None:
    """Refuse a file larger than :func:`max_file_bytes` — or one that is no regular file
    (:func:`check_regular_file`, whose size says nothing) — before anything parses it."""
    path = Path(path)
    shown = name or shown_name(path)
    if size is None:
        check_regular_file(path, name=shown)
        try:
            size = path.stat().st_size
        except OSError:
            return  # the reader reports a missing file in its own words
    limit = max_file_bytes()
    if size > limit:
        raise _too_large(size, limit, shown)


def _too_large(size: int, limit: int, name: str, *, more: bool = False) -> DataError:
    message = (f"filen är större än gränsen {format_size(limit)} (läsningen avbröts vid gränsen)." if more
               else f"filen är {format_size(size)}, större än gränsen {format_size(limit)}.")
    return DataError(message, file=name,
                     hint="Dela upp filen eller ta bort onödiga kolumner och lager; gränsen kan höjas med "
                          f"miljövariabeln {MAX_FILE_ENV}.")


def read_limited(path: str | Path, *, name: str | None = None) -> bytes:
    """A regular file's bytes, at most :func:`max_file_bytes` of them: the limit counts the bytes
    actually read, so a file whose size lies (``/proc``, a file growing while it is read, a device
    swapped in after a check) is still refused at the limit. Opened without blocking and checked on
    the open descriptor, so a FIFO neither blocks nor is read.

    Raises :class:`FileNotFoundError`/:class:`OSError` like :meth:`Path.read_bytes` for a missing
    or unreadable file (the callers word those), and :class:`DataError` for the rest.
    """
    shown = name or shown_name(path)
    limit = max_file_bytes()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(mode, shown)
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit, shown, more=True)
    return data
