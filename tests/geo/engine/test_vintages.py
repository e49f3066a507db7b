"""Indicators from different years (issue 15): "each indicator's latest year" beside "exactly year Y".

Real data comes in vintages (education 2022, income support 2023, tenure 2020–2023). The engine takes
each indicator from its own latest year — per indicator, never per area — and says which year each
came from; when every indicator ends in the same year this is exactly that year."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.dataset.config import open_data_paths
from geo.dataset.load import load_dataset
from geo.dataset.values import latest_years, mixed_vintage, values_for_year, values_for_years
from geo.engine.scoring import area_names, score, score_dataset, score_values
from geo.paths import ROOT, demo_paths
from geo.settings import SettingsConflict, ViewSettings

DEMO = load_dataset(demo_paths())
DEF = DEMO.default_definition


def _ended(table: pd.DataFrame, last: dict[str, int]) -> pd.DataFrame:
    """The demo table with each named indicator's years after ``last[id]`` dropped."""
    keep = np.ones(len(table), dtype=bool)
    for ind, year in last.items():
        keep &= ~((table["indicator_id"] == ind) & (table["year"] > year)).to_numpy()
    return table[keep].reset_index(drop=True)


def test_each_indicator_from_its_own_latest_year():
    table = _ended(DEMO.indicators, {"valdeltagande": 2022, "kvarboende": 2020})
    years = latest_years(table, DEF)
    assert years["valdeltagande"] == 2022 and years["kvarboende"] == 2020 and years["forvarvsarbetande"] == 2024
    assert mixed_vintage(years)
    got = values_for_years(table, years, DEMO.areas["area_id"], DEF)
    pd.testing.assert_series_equal(got["valdeltagande"], values_for_year(table, 2022, DEMO.areas["area_id"],
                                                                         DEF)["valdeltagande"])
    pd.testing.assert_series_equal(got["kvarboende"], values_for_year(table, 2020, DEMO.areas["area_id"],
                                                                      DEF)["kvarboende"])
    scored = score(DEMO.areas, table, DEF, ViewSettings.default(DEF))
    assert scored.settings.year is None and scored.latest_per_indicator and scored.year == 2024
    assert scored.year_map["kvarboende"] == 2020 and scored.year_text() == "2020–2024 (senaste år per indikator)"
    # the same numbers as scoring that frame by hand, and not those of 2024 alone
    by_hand = score_values(got, area_names(DEMO.areas), DEF, ViewSettings.default(DEF))
    pd.testing.assert_frame_equal(scored.table, by_hand.table)
    only_2024 = score(DEMO.areas, DEMO.indicators, DEF, ViewSettings.default(DEF, year=2024))
    assert not np.allclose(scored.result.index.to_numpy(), only_2024.result.index.to_numpy())


@settings(max_examples=25, deadline=None)
@given(last=st.sampled_from([2019, 2020, 2021, 2022, 2023, 2024]),
       weights=st.lists(st.floats(0.1, 5.0), min_size=4, max_size=4),
       method=st.sampled_from(["zscore", "minmax", "rank", "ratio"]))
def test_one_common_last_year_is_that_year(last, weights, method):
    """When every indicator ends in the same year, "latest per indicator" is exactly that year."""
    table = DEMO.indicators[DEMO.indicators["year"] <= last]
    assert not mixed_vintage(latest_years(table, DEF))
    s = ViewSettings.default(DEF, method=method, weights=dict(zip(DEF.dimension_ids, weights, strict=True)))
    latest = score(DEMO.areas, table, DEF, s)
    exact = score(DEMO.areas, table, DEF, s.with_(year=last))
    assert latest.settings.year == last and not latest.latest_per_indicator
    pd.testing.assert_frame_equal(latest.table, exact.table)
    assert set(latest.year_map.values()) == {last}


def test_a_reference_year_cannot_be_the_yardstick_of_mixed_years():
    table = _ended(DEMO.indicators, {"valdeltagande": 2022})
    with pytest.raises(SettingsConflict) as exc:
        score(DEMO.areas, table, DEF, ViewSettings.default(DEF, reference_year=2021))
    assert exc.value.fallback.reference_year is None and "inget gemensamt år" in str(exc.value)


def test_open_data_scores_its_91_regso_from_2022_and_2023():
    data = load_dataset(open_data_paths())
    definition = data.default_definition
    assert data.mixed_vintage(definition) and len(data.areas) == 91
    scored = score_dataset(data, definition, ViewSettings.default(definition))
    assert scored.year_map == {"forgymnasial_utbildning": 2022, "forvarvsarbetande": 2022,
                               "ekonomiskt_bistand_andel_inkomst": 2023, "utan_lag_ekonomisk_standard": 2022,
                               "bostads_eller_aganderatt": 2023}
    assert scored.table["rank"].notna().all() and scored.table["delaktighet"].isna().all()
    # the direction of the proxy: more income support → a lower (worse) Ekonomi score
    eko = scored.result.normalised["ekonomiskt_bistand_andel_inkomst"]
    raw = data.values(definition, None)["ekonomiskt_bistand_andel_inkomst"]
    assert np.corrcoef(eko.to_numpy(), raw.reindex(eko.index).to_numpy())[0, 1] < -0.99


def run(*args):
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_cli_ranks_the_open_data_and_says_each_indicators_year():
    res = run("compute", "--data-dir", "data/malmo-oppna-data")
    assert res.returncode == 0, res.stderr
    table = pd.read_csv(io.StringIO(res.stdout), dtype={"area_id": str})
    assert len(table) == 91 and table["rank"].min() == 1 and table["delaktighet"].isna().all()
    assert "ekonomiskt_bistand_andel_inkomst 2023" in res.stderr and "forgymnasial_utbildning 2022" in res.stderr
    assert "syntetiska" not in res.stderr
    named = run("compute", "--data-dir", "data/malmo-oppna-data", "--year", "latest-per-indicator")
    assert named.returncode == 0 and named.stdout == res.stdout
    exact = run("compute", "--data-dir", "data/malmo-oppna-data", "--year", "2022",
                "--weights", "ekonomi=1")
    assert exact.returncode == 0, exact.stderr
    assert "senaste år" not in exact.stderr and exact.stdout != res.stdout


def test_cli_demo_default_is_unchanged_and_a_bad_year_word_is_refused():
    assert run("compute", "--year", "latest-per-indicator").stdout == run("compute").stdout
    bad = run("compute", "--year", "senast")
    assert bad.returncode == 2 and "latest-per-indicator" in bad.stderr and "Traceback" not in bad.stderr
