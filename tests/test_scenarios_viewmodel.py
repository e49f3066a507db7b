"""View-model helpers of the Scenarier and Robusthet pages, the interval chart, English and results mode."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.view.palette import SHIFT_DOWN, SHIFT_SAME, SHIFT_UP, rank_shift_color
from geo.definition import list_definitions, load_definition
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.paths import ROOT, demo_paths
from geo.engine.scoring import score
from geo.engine.uncertainty import uncertainty_for
from geo.view.ranking import (
    UNSTABLE_DASH,
    compare_table,
    mark_unstable,
    ranking_view,
    shift_styles,
    uncertainty_view,
    unstable_areas,
)
from ui.charts import interval_chart, slope_chart

P = demo_paths()
AREAS = read_areas(P.areas)
IND = read_indicators(P.indicators)
DEF = load_definition(P.default_definition)


def test_rank_shift_palette_is_diverging_and_grey_for_no_change():
    assert rank_shift_color(0) == SHIFT_SAME
    assert rank_shift_color(1) == SHIFT_UP[0] and rank_shift_color(3) == SHIFT_UP[1] and rank_shift_color(9) == SHIFT_UP[2]
    assert rank_shift_color(-1) == SHIFT_DOWN[0] and rank_shift_color(-9) == SHIFT_DOWN[2]
    assert rank_shift_color(None) is None and rank_shift_color(float("nan")) is None


def test_shift_styles_and_topk_table():
    a = score(AREAS, IND, DEF)
    b = score(AREAS, IND, DEF, weights={"ekonomi": 4})
    view = ranking_view(b, a, top_k=3)
    styles = shift_styles(view, label_a="Grund <1>", label_b="B")
    assert set(styles) == set(AREAS["area_id"])
    for row in view.itertuples():
        assert styles[row.area_id]["fill"] == rank_shift_color(row.rank_change)
    assert "Grund &lt;1&gt;" in str(next(iter(styles.values()))["tooltip"])
    moved = compare_table(view, top_k=3)
    assert set(moved["top_k_status"]) == {"in", "out"}
    assert all((r.baseline_rank <= 3) != (r.rank <= 3) for r in moved.itertuples())
    spec = slope_chart(view, "sv", stages=("A", "B"))
    assert {r["stage"] for r in spec["data"]["values"]} == {"A", "B"}
    same = slope_chart(view, "sv", stages=("X", "X"))  # two sides with the same name stay two columns
    assert len({r["stage"] for r in same["data"]["values"]}) == 2


def test_unstable_areas_and_interval_chart():
    s = score(AREAS, IND, DEF)
    res = uncertainty_for(s, draws=500, concentration=5, top_k=3, seed=1)
    frame = res.frame
    unstable = unstable_areas(frame, 3)
    assert unstable
    for aid in unstable:
        assert frame.at[aid, "p05"] <= 3 < frame.at[aid, "p95"]
    styles = mark_unstable({aid: {"fill": "#440154"} for aid in frame.index}, unstable)
    assert {a for a, e in styles.items() if e.get("dashArray") == UNSTABLE_DASH} == set(unstable)
    view = uncertainty_view(frame, dict(zip(AREAS["area_id"], AREAS["area_name"])), 3)
    assert list(view["median_rank"]) == sorted(view["median_rank"])
    assert set(view.loc[view["area_id"].isin(unstable), "status"]) <= {"unstable", "robust"}
    spec = interval_chart(view, "sv", top_k=3)
    rows = spec["data"]["values"]
    assert len(rows) == 14 and all(r["best"] <= r["p05"] <= r["median"] <= r["p95"] <= r["worst"] for r in rows)
    assert spec["layer"][-1]["data"]["values"] == [{"boundary": 3.5}]


@pytest.mark.parametrize("page", ["pages/5_Scenarier.py", "pages/6_Robusthet.py"])
def test_pages_in_english(page, tmp_path, monkeypatch):
    monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", str(tmp_path / "s.sqlite"))
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.session_state["s_lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value in {"Scenarios", "Robustness"}


@pytest.mark.parametrize("page", ["pages/5_Scenarier.py", "pages/6_Robusthet.py"])
def test_pages_in_results_mode(page, tmp_path, monkeypatch):
    from ui.data import UPLOAD_KEY, bundle_from_frames

    monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", str(tmp_path / "s.sqlite"))
    dims = score(AREAS, IND, DEF).result.dimensions
    empty = pd.DataFrame({"area_id": [], "indicator_id": [], "year": [], "value": []})
    bundle = bundle_from_frames(P, list_definitions(P.definitions_dir), AREAS, empty, origin="upload",
                                label="resultat.csv", results=dims)
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.session_state[UPLOAD_KEY] = bundle
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any(len(d.value) == 14 for d in at.dataframe)
