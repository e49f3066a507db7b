"""Only regular files are read, and the size limit counts the bytes read (issue 17).

A device (``/dev/zero``), a named pipe or a socket reports size 0 and may never end; the old
check looked at that size only. Nothing here reads an endless stream: a FIFO gets a writer that
closes at once (so the old code read b"" instead of blocking), ``/dev/null`` is a device that ends,
and ``/proc/self/maps`` is a regular file that reports size 0 but has kilobytes in it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.errors import DataError
from geo.readers.areas import read_areas
from geo.readers.limits import MAX_FILE_ENV, check_file_size, read_limited
from geo.readers.mapping import load_mapping
from geo.readers.tables import list_sheets, read_table

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")


@contextlib.contextmanager
def fifo(path: Path) -> Iterator[Path]:
    """A named pipe whose writer closes as soon as a reader opens it (so a reader never blocks)."""
    os.mkfifo(path)

    def writer() -> None:
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_WRONLY))  # blocks until someone opens the pipe for reading

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        yield path
    finally:  # the fixed readers never open it: release the writer ourselves
        with contextlib.suppress(OSError):
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            thread.join(5)
            os.close(fd)
        thread.join(5)


@needs_fifo
@pytest.mark.parametrize("name, read", [
    ("tabell.csv", read_table),
    ("tabell.xlsx", read_table),
    ("tabell.xlsx", list_sheets),
    ("omraden.gpkg", read_areas),
    ("mappning.toml", load_mapping),
])
def test_a_named_pipe_is_refused_by_kind(tmp_path, name, read):
    with fifo(tmp_path / name) as path, pytest.raises(DataError) as err:
        read(path)
    message = str(err.value)
    assert "namngiven pipe (FIFO)" in message and name in message
    assert str(tmp_path) not in message  # the file's name, not the folder it lies in


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_is_refused_by_kind():
    with pytest.raises(DataError, match="enhetsfil"):
        read_table("/dev/null")
    with pytest.raises(DataError, match="enhetsfil"):
        read_limited("/dev/null")


def test_a_directory_is_refused_by_kind(tmp_path):
    (tmp_path / "tabell.csv").mkdir()
    with pytest.raises(DataError, match="mapp"):
        check_file_size(tmp_path / "tabell.csv")
    with pytest.raises(DataError, match="mapp"):
        read_table(tmp_path / "tabell.csv")


def test_a_symlink_to_a_device_is_refused(tmp_path):
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    link = tmp_path / "indikatorer.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(DataError, match="enhetsfil") as err:
        check_file_size(link)
    assert "indikatorer.csv" in str(err.value)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_the_limit_counts_bytes_read_not_the_size_reported(monkeypatch):
    """/proc/self/maps is a regular file that reports 0 bytes: the stat check lets it through, the
    bounded read stops at the limit."""
    assert Path("/proc/self/maps").stat().st_size == 0
    monkeypatch.setenv(MAX_FILE_ENV, "0.001")  # ≈ 1 kB
    check_file_size("/proc/self/maps")  # the size it reports is within the limit
    with pytest.raises(DataError, match="större än gränsen 1,0 kB") as err:
        read_table("/proc/self/maps")
    assert "läsningen avbröts" in str(err.value) and MAX_FILE_ENV in str(err.value)


def test_read_limited_reads_a_regular_file_up_to_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv(MAX_FILE_ENV, "0.001")
    limit = int(0.001 * 1024**2)
    ok, big = tmp_path / "ok.csv", tmp_path / "stor.csv"
    ok.write_bytes(b"a" * limit)
    big.write_bytes(b"a" * (limit + 1))
    assert read_limited(ok) == b"a" * limit
    with pytest.raises(DataError, match="stor.csv"):
        read_limited(big)
    with pytest.raises(FileNotFoundError):
        read_limited(tmp_path / "saknas.csv")
