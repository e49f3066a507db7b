"""The CLI against hostile arguments (issue 17): a device or FIFO as input, ``--out`` equal to an
input, an .xlsx of formulas without saved results. Run as subprocesses, like external checks do."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.paths import ROOT, demo_paths

from .readers.test_uncached_formulas import FORMULA_TEXT, workbook

DEMO = demo_paths()
#: The child's address space: enough to import and run, far from what /dev/zero would fill.
MEMORY_LIMIT = 3 * 1024**3


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(*args: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m geo`` with a memory limit and a timeout, so a regression fails instead of eating the machine."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=timeout, preexec_fn=_limit_memory, check=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("option", ["--indicators", "--areas", "--definition"])
def test_a_device_as_input_is_refused_before_it_is_read(option):
    files = {"--areas": str(DEMO.areas), "--indicators": str(DEMO.indicators), "--definition": None}
    files[option] = "/dev/zero"
    args = [a for opt, path in files.items() if path for a in (opt, path)]
    res = run("compute", *args)
    assert res.returncode == 2, res.stderr
    assert res.stderr.startswith("fel: /dev/zero: är en enhetsfil (device), inte en vanlig fil")
    assert "Traceback" not in res.stderr and res.stdout == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_as_input_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "indikatorer.csv")
    res = run("compute", "--areas", str(DEMO.areas), "--indicators", "indikatorer.csv", cwd=tmp_path,
              timeout=60)  # the old code blocked opening the pipe
    assert res.returncode == 2 and "fel: indikatorer.csv: är en namngiven pipe (FIFO)" in res.stderr


@pytest.fixture
def inputs(tmp_path):
    shutil.copy(DEMO.areas, tmp_path / "omraden.gpkg")
    shutil.copy(DEMO.indicators, tmp_path / "indikatorer.csv")
    (tmp_path / "sub").mkdir()
    return tmp_path


@pytest.mark.parametrize("out", ["indikatorer.csv", "./sub/../indikatorer.csv", "{abs}/indikatorer.csv",
                                 "lanken.csv", "hardlank.csv", "omraden.gpkg"])
def test_out_equal_to_an_input_is_refused_and_the_input_kept(inputs, out):
    (inputs / "lanken.csv").symlink_to("indikatorer.csv")
    os.link(inputs / "indikatorer.csv", inputs / "hardlank.csv")
    before = {p.name: digest(p) for p in inputs.iterdir() if p.is_file()}
    res = run("compute", "--areas", "omraden.gpkg", "--indicators", "indikatorer.csv",
              "--out", out.format(abs=inputs), cwd=inputs)
    assert res.returncode == 2, res.stderr
    assert "är samma fil som indatafilen" in res.stderr and "skulle skrivas över" in res.stderr
    assert {p.name: digest(p) for p in inputs.iterdir() if p.is_file()} == before


def test_out_equal_to_a_file_of_the_data_folder_is_refused(inputs):
    before = digest(inputs / "indikatorer.csv")
    for command in ("compute", "tipping", "followup"):
        res = run(command, "--data-dir", str(inputs), "--out", str(inputs / "indikatorer.csv"))
        assert res.returncode == 2 and "är samma fil som indatafilen" in res.stderr, (command, res.stderr)
    assert digest(inputs / "indikatorer.csv") == before


def test_out_to_a_new_file_still_works(inputs):
    res = run("compute", "--areas", "omraden.gpkg", "--indicators", "indikatorer.csv", "--out", "sub/res.csv",
              cwd=inputs)
    assert res.returncode == 0, res.stderr
    assert (inputs / "sub" / "res.csv").read_text(encoding="utf-8").startswith("area_id,")


def test_formulas_without_saved_values_are_said_on_stderr(tmp_path):
    some = workbook(tmp_path / "delvis.xlsx", formulas_for="valdeltagande")
    res = run("compute", "--areas", str(DEMO.areas), "--indicators", str(some))
    assert res.returncode == 0, res.stderr
    lines = [line for line in res.stderr.splitlines() if FORMULA_TEXT in line]
    assert len(lines) == 1, res.stderr  # once, though both the reader and the join report say it
    assert lines[0].startswith("varning: delvis.xlsx: bladet 'Indikatorer 2024' har 84 celler")
    # all values formulas: the join fails, and the warning says why
    every = workbook(tmp_path / "formler.xlsx", formulas_for=None)
    res = run("compute", "--areas", str(DEMO.areas), "--indicators", str(every))
    assert res.returncode == 2 and "Inga värden kunde kopplas" in res.stderr
    assert "varning: formler.xlsx: bladet 'Indikatorer 2024'" in res.stderr and FORMULA_TEXT in res.stderr
