"""Översikt (AppTest): sliders re-rank with rank changes, definitions, methods, reset, selection, exports,
and the geometric/z-score conflict that keeps the page."""

from __future__ import annotations

import json

from geo.paths import ROOT
from tests.ui.apphelpers import app, component_event, context, map_data, markdown_text, ok, ranking, weight


def test_weight_slider_changes_ranking_and_rank_change_column():
    at = app()
    before = ranking(at)
    assert set(before["Förändring"]) == {"–"}  # baseline = current at the default weights
    weight(at, "boende").set_value(5.0).run()
    after = ranking(at)
    assert before["Område"].tolist() != after["Område"].tolist()
    changes = set(after["Förändring"])
    assert any("↑" in c for c in changes) and any("↓" in c for c in changes)
    # rank change = baseline rank − current rank, shown with arrows
    for _, row in after.iterrows():
        diff = int(row["Rang med grundvikter"]) - int(row["Rang"])
        expected = "–" if diff == 0 else (f"↑{diff}" if diff > 0 else f"↓{-diff}")
        assert row["Förändring"] == expected


def test_health_definition_gives_five_sliders():
    at = app()
    at.selectbox(key="v_definition").select("malmo-2023-halsa").run()
    ok(at)
    assert len(at.slider) == 5
    assert "Hälsa" in [s.label for s in at.slider]


def test_switching_method_changes_scores():
    at = app()
    z = ranking(at)["Index"].tolist()
    at.selectbox(key="v_method").select("minmax").run()
    m = ranking(at)["Index"].tolist()
    assert z != m
    assert all(0 <= float(v.replace(",", ".").replace("−", "-")) <= 100 for v in m)


def test_reset_restores_equal_weights():
    at = app()
    weight(at, "ekonomi").set_value(3.0).run()
    at.button(key="reset_weights").click().run()
    assert [s.value for s in at.slider] == [1.0] * 4
    assert set(ranking(at)["Förändring"]) == {"–"}


def test_all_weights_zero_gives_a_swedish_message_not_a_crash():
    at = app()
    for s in list(at.slider):
        s.set_value(0.0)
    at.run()
    assert not at.exception
    assert any("alla dimensionsvikter är 0" in e.value for e in at.error)
    assert len(at.slider) == 4  # the sidebar stays, so the user can fix it


def test_geometric_with_zscore_keeps_the_page_names_the_settings_and_offers_the_switch():
    at = app()
    at.selectbox(key="v_aggregation").select("geometric").run()
    ok(at)  # no error box: the map and the ranking are still there
    assert len(ranking(at)) == 14 and map_data(at)
    warning = " ".join(w.value for w in at.warning)
    assert "geometriskt medel" in warning and "z-poäng" in warning  # the UI's own words
    assert "conflict_way_0" in [b.key for b in at.button]
    assert "aritmetiskt medel" in " ".join(c.value for c in at.caption)  # what is shown, traceably
    at.button(key="conflict_way_0").click().run()  # switch the method to ratio
    ok(at)
    assert at.selectbox(key="v_method").value == "ratio" and at.selectbox(key="v_aggregation").value == "geometric"
    assert not any("geometriskt medel" in w.value for w in at.warning)


def test_selection_survives_slider_moves():
    at = app()
    at.selectbox(key="selection_picker").select("G07").run()
    assert any(m.label == "Index" for m in at.metric)
    weight(at, "delaktighet").set_value(2.5).run()
    assert at.selectbox(key="selection_picker").value == "G07"
    assert "Område G" in markdown_text(at) + "".join(str(t.value) for t in at.table)


def test_overview_offers_every_export_format():
    at = app(state={"overview_export": True})  # the expander runs its content only when open
    names = [b.proto.label for b in at.get("download_button")]
    assert sorted(names) == sorted(["CSV (Excel, svensk)", "CSV (komma, punkt)", "Excel", "GeoPackage", "GeoJSON",
                                    "Karta (PNG)", "PDF-underlag"])
    assert names[:2] == ["CSV (Excel, svensk)", "CSV (komma, punkt)"]  # Swedish Excel's first in Swedish
    english = app(state={"overview_export": True}, query={"sprak": "en"})
    assert [b.proto.label for b in english.get("download_button")][:2] == ["CSV (comma, point)", "CSV (Swedish Excel)"]


def test_the_map_gets_scores_once_and_the_weights_each_rerun():
    """The browser ranks the areas itself: the per-rerun data is small and names the sidebar's sliders."""
    at = app()
    (m,) = map_data(at)
    assert m["layout"] == "overview" and m["labels"] is True and "static" not in m
    live = m["live"]
    assert live["weights"] == [1.0, 1.0, 1.0, 1.0] and live["scheme"] == "quantiles" and live["top_k"] == 3
    assert live["watch"] == {d: f"v_w_malmo-2023_{d}" for d in ("delaktighet", "utbildning", "ekonomi", "boende")}
    scores = json.loads((ROOT / live["scores"].removeprefix("/app/")).read_text(encoding="utf-8"))
    dims = context(at).current.result.dimensions
    assert scores["ids"] == list(dims.index) and scores["dim_ids"] == list(dims.columns)
    assert scores["dims"] == [float(v) for v in dims.to_numpy().ravel()]  # exactly the server's floats
    assert len(json.dumps(m)) < 8_000  # a rerun never carries the scores or the geometry

    weight(at, "boende").set_value(5.0).run()
    (m2,) = map_data(at)
    assert m2["live"]["weights"] == [1.0, 1.0, 1.0, 5.0]
    assert m2["live"]["scores"] == live["scores"]  # same file: a slider move publishes nothing
    assert m2["areas"] == m["areas"] and m2["module"] == m["module"]


def test_clicking_an_area_on_the_map_selects_it_for_the_page():
    at = app()
    component_event(at, "karta", trigger=("clicked", "G07"))
    ok(at)
    assert at.selectbox(key="selection_picker").value == "G07"
    assert map_data(at)[0]["selected"] == "G07"
    component_event(at, "karta", trigger=("clicked", "<script>nope"))  # not an area: ignored
    assert at.selectbox(key="selection_picker").value == "G07"


def test_table_alternative_lists_every_area_when_opened():
    at = app()
    assert not at.table  # closed: not built on a slider move
    at = app(state={"overview_table": True})
    ok(at)
    table = at.table[-1].value
    assert len(table) == 14 and "Klass" in " ".join(table.columns)


def test_the_rank_metric_shows_one_arrow():
    """Defect: "↑ ↑1" — Streamlit added its own arrow to our "↑1"."""
    from streamlit.proto.Metric_pb2 import Metric as MetricProto

    at = app()
    weight(at, "boende").set_value(5.0).run()
    view = context(at).view
    moved = view[view["rank_change"].fillna(0) != 0].iloc[0]
    at.selectbox(key="selection_picker").select(moved["area_id"]).run()
    ok(at)
    (metric,) = [m for m in at.metric if m.label == "Rang"]
    assert metric.proto.delta == moved["change_label"]  # "↑2" or "↓1": our arrow …
    assert metric.proto.direction == MetricProto.MetricDirection.NONE  # … and none from Streamlit
