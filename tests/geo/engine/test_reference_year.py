"""Reference-year normalisation: one yardstick across years (issue 13, item 1).

The CLI contract: ``python -m geo compute … --year Y --reference-year R`` normalises Y with R's
statistics (zscore: (x_Y − mean_R)/sd_R, ddof 0; minmax: 100·(x_Y − min_R)/(max_R − min_R);
ratio: 100·x_Y/mean_R; polarity −1 mirrored), refuses ``rank`` with exit 2, is byte-identical
without the option and gives the same numbers with R = Y.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.cli import main
from geo.dataset.values import values_for_year
from geo.definition import load_definition
from geo.engine.scoring import score
from geo.links import from_query, to_query
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import SettingsConflict, SettingsError, ViewSettings

DEMO = demo_paths()
DEF = load_definition(DEMO.default_definition)
AREAS = read_areas(DEMO.areas)
IND = read_indicators(DEMO.indicators)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_without_the_option_the_output_is_unchanged_and_r_equal_y_gives_the_same_numbers():
    code, plain, _ = cli("compute", "--year", "2023")
    assert code == 0
    code, same, _ = cli("compute", "--year", "2023", "--reference-year", "2023")
    assert code == 0 and same == plain


@pytest.mark.parametrize("method", ["zscore", "minmax", "ratio"])
def test_each_method_follows_the_contract_formula(method):
    year, ref = 2024, 2019
    code, out, _ = cli("compute", "--year", str(year), "--reference-year", str(ref), "--method", method)
    assert code == 0
    got = pd.read_csv(io.StringIO(out), dtype={"area_id": str}).set_index("area_id")
    ids = AREAS["area_id"]
    x = values_for_year(IND, year, ids, DEF)
    r = values_for_year(IND, ref, ids, DEF)
    scores = {}
    for ind in DEF.indicators:
        xs, rs = x[ind.id], r[ind.id]
        if method == "zscore":
            s = (xs - rs.mean()) / rs.std(ddof=0) * ind.polarity
        elif method == "minmax":
            s = 100 * (xs - rs.min()) / (rs.max() - rs.min())
            s = 100 - s if ind.polarity < 0 else s
        else:
            s = 100 * xs / rs.mean()
            s = 200 - s if ind.polarity < 0 else s
        scores[ind.id] = s
    for dim in DEF.dimensions:
        expected = pd.concat([scores[i.id] for i in dim.indicators], axis=1).mean(axis=1)
        np.testing.assert_allclose(got.loc[expected.index, dim.id], expected, rtol=0, atol=1e-9)


def test_rank_and_a_missing_reference_year_exit_2_in_swedish():
    code, _, err = cli("compute", "--method", "rank", "--reference-year", "2019")
    assert code == 2 and err.startswith("fel: Percentilrang kan inte mätas mot referensåret 2019")
    code, _, err = cli("compute", "--reference-year", "1999")
    assert code == 2 and "referensåret 1999 finns inte" in err and "Tillgängliga år: 2019" in err


def test_a_uniform_improvement_raises_every_index_under_a_reference_year_and_leaves_per_year_scores_alone():
    """Every area 5 points better on every indicator (in the good direction): per-year z-scores do not
    move (relative position only); measured against the year before, every area's index rises."""
    base_year = 2023
    one = IND[IND["year"] == base_year].copy()
    better = one.copy()
    better["year"] = base_year + 1
    pol = {i.id: i.polarity for i in DEF.indicators}
    better["value"] = better["value"] + 5.0 * better["indicator_id"].map(pol).fillna(1)
    two = pd.concat([one, better], ignore_index=True)
    s = ViewSettings.default(DEF)
    before = score(AREAS, two, DEF, s.with_(year=base_year)).table.set_index("area_id")["index"]
    plain = score(AREAS, two, DEF, s.with_(year=base_year + 1)).table.set_index("area_id")["index"]
    fixed = score(AREAS, two, DEF, s.with_(year=base_year + 1, reference_year=base_year)).table.set_index(
        "area_id")["index"]
    np.testing.assert_allclose(plain, before, atol=1e-9)  # within-year: nothing moves
    assert (fixed > before + 1e-9).all()  # one yardstick: everyone improved


@settings(max_examples=25, deadline=None)
@given(shift=st.floats(min_value=-20, max_value=20), scale=st.floats(min_value=0.5, max_value=2.0))
def test_reference_statistics_come_from_the_reference_year_only(shift, scale):
    """Changing Y's values never changes the yardstick: a linear change of Y's raw values moves every
    area's score by the same linear map, fixed by R's minimum and span alone."""
    year, ref = 2024, 2019
    s = ViewSettings.default(DEF, method="minmax", year=year, reference_year=ref)
    moved = IND.copy()
    rows = moved["year"] == year
    moved.loc[rows, "value"] = moved.loc[rows, "value"] * scale + shift
    a = score(AREAS, IND, DEF, s).result.normalised
    b = score(AREAS, moved, DEF, s).result.normalised
    pol = np.array([DEF.indicator(c).polarity for c in a.columns])
    da = a.to_numpy()
    db = b.to_numpy()
    ok = ~np.isnan(da) & ~np.isnan(db)
    centred_a = np.where(pol < 0, 100 - da, da)
    centred_b = np.where(pol < 0, 100 - db, db)
    x = values_for_year(IND, ref, AREAS["area_id"], DEF).to_numpy(dtype=float)
    span = np.nanmax(x, axis=0) - np.nanmin(x, axis=0)
    lo = np.nanmin(x, axis=0)
    # minmax against R: s = 100·(x − lo_R)/span_R, so x → scale·x + shift gives s → scale·s + 100·(shift + (scale − 1)·lo_R)/span_R
    expected = centred_a * scale + 100 * (shift + (scale - 1) * lo) / span
    np.testing.assert_allclose(centred_b[ok], expected[ok], atol=1e-6)


def test_settings_link_and_fitted():
    s = ViewSettings.default(DEF, reference_year=2019)
    q = to_query(s)
    assert q["ref"] == "2019"
    assert from_query(q).reference_year == 2019
    assert "ref" not in to_query(ViewSettings.default(DEF))  # the default writes nothing
    assert s.fitted([2020, 2021]).reference_year is None
    with pytest.raises(SettingsError, match="referensåret måste vara ett heltal"):
        ViewSettings.default(DEF, reference_year="2019")  # type: ignore[arg-type]
    conflict = ViewSettings.default(DEF, method="rank", reference_year=2019).conflict()
    assert isinstance(conflict, SettingsConflict) and conflict.fallback.reference_year is None
    assert [a.method for a in conflict.alternatives] == ["rank", "zscore"]


def test_exports_and_scenarios_name_the_reference_year():
    from geo.settings import describe

    rows = dict(describe(ViewSettings.default(DEF, reference_year=2019), DEF))
    assert rows["Referensår (måttstock)"] == "2019"
    assert dict(describe(ViewSettings.default(DEF), DEF))["Referensår (måttstock)"] == "inget (varje år för sig)"
