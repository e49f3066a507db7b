"""Chart specs (ui/charts.py): plain Vega-Lite dicts, readable at any number of areas."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ui.charts import SLOPE_MAX_AREAS, SLOPE_TOP, slope_chart


def view(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rank = rng.permutation(n) + 1
    base = rng.permutation(n) + 1
    return pd.DataFrame({"area_id": [f"A{i}" for i in range(n)], "area_name": [f"Område {i}" for i in range(n)],
                         "rank": rank, "baseline_rank": base, "rank_change": base - rank,
                         "change_label": ["" for _ in range(n)]})


def test_small_rankings_show_every_area():
    spec = slope_chart(view(14), "sv")
    assert len(spec["data"]["values"]) == 2 * 14 and "title" not in spec


def test_large_rankings_show_the_top_before_or_after_and_say_so():
    v = view(6000)
    spec = slope_chart(v, "sv")
    areas = {r["area"] for r in spec["data"]["values"]}
    expected = set(v.loc[(v["rank"] <= SLOPE_TOP) | (v["baseline_rank"] <= SLOPE_TOP), "area_name"])
    assert areas == expected and len(areas) <= 2 * SLOPE_TOP < SLOPE_MAX_AREAS
    assert "av 6000" in spec["title"]["text"] and str(len(areas)) in spec["title"]["text"]
