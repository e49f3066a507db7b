"""`python -m geo compute` on a table without one dimension: weight 0 means "without it", above 0 is refused."""

from __future__ import annotations

import io
import os

import numpy as np
import pandas as pd
import pytest

from geo.cli import main
from geo.paths import ROOT, demo_paths

DELAKTIGHET = ("valdeltagande", "fritidsaktiviteter", "svarsfrekvens_folkhalsoenkat")


@pytest.fixture
def lacking(tmp_path, monkeypatch):
    """A copy of the demo table without the delaktighet indicators; no configured folder."""
    for key in [k for k in os.environ if k.startswith("OMRADESINDEX_")]:
        monkeypatch.delenv(key)
    monkeypatch.chdir(ROOT)
    table = pd.read_csv(demo_paths().indicators, dtype={"area_id": str})
    path = tmp_path / "utan_delaktighet.csv"
    table[~table["indicator_id"].isin(DELAKTIGHET)].to_csv(path, index=False)
    return ["--areas", str(demo_paths().areas), "--indicators", str(path)]


def test_weight_zero_computes_the_index_from_the_other_dimensions(lacking, capsys):
    assert main(["compute", *lacking, "--weights", "delaktighet=0,ekonomi=2"]) == 0
    out, err = capsys.readouterr()
    table = pd.read_csv(io.StringIO(out), dtype={"area_id": str})
    assert table["delaktighet"].isna().all()  # no score, never 0
    expected = (table["utbildning"] + 2 * table["ekonomi"] + table["boende"]) / 4
    np.testing.assert_allclose(table["index"], expected, rtol=1e-12)
    assert sorted(table["rank"]) == list(range(1, 15))
    assert "Delaktighet saknar data och ingår inte (vikt 0)." in err and "fel:" not in err
    # the same numbers as the full demo with delaktighet weighted 0
    assert main(["compute", "--weights", "delaktighet=0,ekonomi=2"]) == 0
    full = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"area_id": str})
    assert table["area_id"].tolist() == full["area_id"].tolist()
    np.testing.assert_allclose(table["index"], full["index"], rtol=1e-15)


@pytest.mark.parametrize("weights", [None, "delaktighet=1", "delaktighet=0.5,ekonomi=0"])
def test_weight_above_zero_is_refused_in_swedish(lacking, capsys, weights):
    argv = ["compute", *lacking] + (["--weights", weights] if weights else [])
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "fel:" in err and "Dimensioner helt utan indikatorer i tabellen: delaktighet" in err
    assert "Sätt vikten för Delaktighet till 0" in err
    assert "Traceback" not in err


def test_validate_judges_with_the_weights_asked_for(lacking, capsys):
    """`validate` says the table is usable when the missing dimension is weighted 0, not otherwise."""
    assert main(["validate", *lacking]) == 2
    assert "Ej användbart" in capsys.readouterr().out
    assert main(["validate", *lacking, "--weights", "delaktighet=0"]) == 0
    out = capsys.readouterr().out
    assert "Användbart: ja" in out and "Delaktighet saknar data och ingår inte (vikt 0)" in out
    assert main(["validate", *lacking, "--weights", "okand=1"]) == 2
    assert "okänt id 'okand'" in capsys.readouterr().err
