"""TOML files around the data (config, definitions, plans) are read safely (issue 17, after the readers):
a FIFO named omradesindex.toml blocked, a device was read without end."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from geo.definition import load_definition
from geo.errors import DataError
from geo.paths import ROOT
from geo.targets import load_plan
from geo.tomlfile import MAX_TOML_BYTES, read_toml


def test_a_fifo_as_a_definition_or_plan_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "malmo.toml"
    os.mkfifo(fifo)
    for load in (load_definition, load_plan, read_toml):
        with pytest.raises(DataError, match="ingen vanlig fil") as info:
            load(fifo)
        assert str(tmp_path) not in str(info.value)  # the file's name, not the server's path


def test_a_device_and_a_huge_file_are_refused(tmp_path):
    with pytest.raises(DataError, match="ingen vanlig fil"):
        read_toml("/dev/zero")
    big = tmp_path / "stor.toml"
    big.write_bytes(b"# " + b"x" * MAX_TOML_BYTES + b"\n")
    with pytest.raises(DataError, match="större än"):
        load_definition(big)


def test_a_fifo_as_the_configured_folders_config_does_not_hang_the_data_lookup(tmp_path):
    """In a subprocess with a timeout: on the old code this blocked forever in open()."""
    (tmp_path / "omraden.gpkg").write_bytes((ROOT / "data" / "demo" / "omraden.gpkg").read_bytes())
    (tmp_path / "indikatorer.csv").write_bytes((ROOT / "data" / "demo" / "indikatorer.csv").read_bytes())
    os.mkfifo(tmp_path / "omradesindex.toml")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path\n"
            "from geo.dataset.config import data_paths_from_folder\n"
            "from geo.errors import DataError\n"
            "try:\n    data_paths_from_folder(Path(sys.argv[2]))\n"
            "except DataError as exc:\n    print('DataError:', exc)\n")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT), str(tmp_path)], capture_output=True, text=True,
                         timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    assert "DataError" in out.stdout and "ingen vanlig fil" in out.stdout, out.stdout
