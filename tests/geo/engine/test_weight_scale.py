"""Only the ratios of the weights matter: scaling them all by any factor never changes the result.

Issue 16 point 5: all four weights 1e308 overflowed (Σw = inf), and the CLI printed index ±0.0
and rank 1 for every area, exit 0. Issue 17: ``ekonomi=5e-324`` with the others 0 underflowed and
collapsed the ranking into four tie groups; it must rank exactly as ``ekonomi=1`` alone. The engine
now scales the weights by the power of two at their maximum before use (exact for ordinary
weights, so the browser's arithmetic and every earlier output stay bit for bit the same) and
divides by their sum; a weight that is not finite is refused in Swedish (exit 2 in the CLI).
"""

from __future__ import annotations

import io
import math
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.cli import main
from geo.definition import load_definition
from geo.engine.index import compute_index, weighted_index
from geo.errors import DataError
from geo.paths import ROOT, demo_paths
from geo.readers.indicators import read_indicators
from geo.settings import ViewSettings

DEF = load_definition(demo_paths().default_definition)
DIMS = list(DEF.dimension_ids)


def demo_values(year: int = 2024) -> pd.DataFrame:
    long = read_indicators(demo_paths().indicators)
    long = long[long["year"] == year]
    return long.pivot_table(index="area_id", columns="indicator_id", values="value", aggfunc="first")


VALUES = demo_values()


def cli(monkeypatch, capsys, *args: str) -> tuple[int, pd.DataFrame | None, str]:
    for key in [k for k in os.environ if k.startswith("OMRADESINDEX_")]:
        monkeypatch.delenv(key)
    monkeypatch.chdir(ROOT)
    code = main(["compute", *args])
    out = capsys.readouterr()
    table = pd.read_csv(io.StringIO(out.out), dtype={"area_id": str}) if code == 0 else None
    return code, table, out.err


def test_all_weights_1e308_rank_as_equal_weights(monkeypatch, capsys):
    code, huge, _ = cli(monkeypatch, capsys, "--weights", ",".join(f"{d}=1e308" for d in DIMS))
    assert code == 0
    _, equal, _ = cli(monkeypatch, capsys)
    assert huge["rank"].tolist() == equal["rank"].tolist() and huge["area_id"].tolist() == equal["area_id"].tolist()
    np.testing.assert_allclose(huge["index"], equal["index"], rtol=1e-12, atol=1e-15)
    assert huge["rank"].nunique() > 10  # not rank 1 for every area


def test_a_tiny_weight_alone_ranks_as_weight_one_alone(monkeypatch, capsys):
    _, tiny, _ = cli(monkeypatch, capsys, "--weights", "ekonomi=5e-324,delaktighet=0,utbildning=0,boende=0")
    _, one, _ = cli(monkeypatch, capsys, "--weights", "ekonomi=1,delaktighet=0,utbildning=0,boende=0")
    pd.testing.assert_frame_equal(tiny, one)
    assert tiny["rank"].nunique() > 10  # not four tie groups


def test_huge_indicator_weights_do_not_overflow(monkeypatch, capsys):
    ids = [i.id for i in DEF.dimension("ekonomi").indicators]
    _, huge, _ = cli(monkeypatch, capsys, "--weights", ",".join(f"{i}=1e308" for i in ids))
    _, equal, _ = cli(monkeypatch, capsys)
    np.testing.assert_allclose(huge["ekonomi"], equal["ekonomi"], rtol=1e-12, atol=1e-15)
    assert huge["rank"].tolist() == equal["rank"].tolist()


@pytest.mark.parametrize("text", ["inf", "nan", "-inf", "1e999"])
def test_weights_that_are_not_finite_are_refused_in_swedish(monkeypatch, capsys, text):
    code, _, err = cli(monkeypatch, capsys, "--weights", f"ekonomi={text}")
    assert code == 2
    assert "fel:" in err and "ekonomi" in err and "Traceback" not in err


def test_weighted_index_refuses_weights_that_are_not_finite():
    dims = np.array([[0.1, 0.2], [0.3, 0.4]])
    for bad in (math.inf, math.nan, -1.0):
        with pytest.raises(DataError, match="vikt"):
            weighted_index(dims, np.array([1.0, bad]), "arithmetic")


def test_ordinary_weights_give_the_same_bits_as_before():
    """The scaling is exact for ordinary weights: Σ w·d / Σ w, one dimension after the other."""
    rng = np.random.default_rng(3)
    dims = rng.normal(size=(50, 4))
    for w in ([1, 1, 1, 1], [3, 0.5, 1, 0], [5, 4.5, 0.5, 2.5], [0.1, 0.2, 0.3, 0.7]):
        w = np.array(w, dtype=float)
        use = np.flatnonzero(w > 0)
        total = 0.0
        for j in use:
            total += float(w[j])
        acc = np.zeros(len(dims))
        for j in use:
            acc = acc + dims[:, j] * float(w[j])
        assert (weighted_index(dims, w, "arithmetic") == acc / total).all()


#: Weights as the CLI takes them (any finite number ≥ 0), so that with the factor they reach the ends of the
#: floating-point range: 1e8 · 1e300 is near the largest double, 1e-3 · 1e-300 near the smallest normal one.
weight = st.one_of(st.just(0.0), st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0, 5.0]), st.floats(1e-3, 1e8))
weights4 = st.lists(weight, min_size=4, max_size=4).filter(lambda ws: max(ws) > 0)
scale = st.floats(-300, 300).map(lambda e: 10.0 ** e)


@settings(max_examples=60, deadline=None)
@given(weights4, weights4, scale, st.sampled_from(["zscore", "minmax", "rank", "ratio"]))
def test_scaling_all_weights_by_any_factor_changes_nothing(dim_w, ind_w, c, method):
    ind_ids = [i.id for i in DEF.dimension("ekonomi").indicators] + [i.id for i in DEF.dimension("boende").indicators]
    ind = dict(zip(ind_ids, ind_w * 2, strict=False))
    ind = {k: (w if w > 0 else 1.0) for k, w in ind.items()}
    base = ViewSettings.default(DEF, method=method, aggregation="geometric" if method == "ratio" else "arithmetic")
    plain = compute_index(VALUES, DEF, base.with_(weights=dict(zip(DIMS, dim_w, strict=True)),
                                                  indicator_weights={**base.indicator_weight_map, **ind}))
    scaled = compute_index(VALUES, DEF, base.with_(
        weights={d: c * w for d, w in zip(DIMS, dim_w, strict=True)},
        indicator_weights={**base.indicator_weight_map, **{k: c * w for k, w in ind.items()}}))
    np.testing.assert_allclose(scaled.index, plain.index, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(scaled.dimensions, plain.dimensions, rtol=1e-9, atol=1e-12)
    assert scaled.rank.tolist() == plain.rank.tolist()
