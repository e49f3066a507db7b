"""What the browser map gets (geo.view.mapmodel): exact scores, validated styles, every text it uses."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from markupsafe import Markup

from geo.dataset.load import load_dataset
from geo.engine.scoring import score_dataset
from geo.paths import ROOT, demo_paths
from geo.settings import ViewSettings
from geo.view.mapmodel import area_features, live_scores, live_view, scores_key, static_view, texts
from geo.view.mapstyles import MapLayer, area_style, index_layer
from geo.view.ranking import ranking_view

JS = (ROOT / "ui" / "components" / "oi_map.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo():
    data = load_dataset(demo_paths())
    definition = data.definition("malmo-2023")
    settings = ViewSettings.default(definition).with_weight("boende", 3.0)
    current = score_dataset(data, definition, settings)
    baseline = score_dataset(data, definition, settings.baseline())
    return data, definition, current, baseline


def test_scores_are_the_servers_floats_exactly(demo):
    _, definition, current, baseline = demo
    model = json.loads(json.dumps(live_scores(current, baseline, definition)))  # what the browser parses
    dims = current.result.dimensions.reindex(columns=list(definition.dimension_ids))
    assert model["ids"] == list(dims.index) and model["dim_ids"] == list(definition.dimension_ids)
    flat = dims.to_numpy().ravel()
    assert [None if math.isnan(v) else v for v in flat] == model["dims"]  # bit for bit
    assert model["baseline_rank"] == [int(r) for r in baseline.result.rank.reindex(model["ids"])]
    assert len(model["names"]) == len(model["ids"]) == len(model["flags"])


def test_scores_file_does_not_depend_on_dimension_weights_or_display(demo):
    data, definition, current, _ = demo
    other = score_dataset(data, definition, current.settings.with_(weights={"ekonomi": 5.0}, top_k=5,
                                                                    scheme="equal_interval", lang="en"))
    assert scores_key(other) == scores_key(current)  # a slider move publishes nothing new
    assert scores_key(score_dataset(data, definition, current.settings.with_(method="rank"))) != scores_key(current)


def test_the_scores_file_follows_every_setting_that_changes_the_scores(demo):
    """A new setting is in the key unless it is listed as display-only: the browser must never be
    served scores made with other settings (the reference year once was)."""
    from dataclasses import fields

    from geo.view.mapmodel import SCORES_IGNORE

    data, definition, current, _ = demo
    fixed = current.settings.with_(reference_year=2019)
    assert scores_key(score_dataset(data, definition, fixed)) != scores_key(current)
    np.testing.assert_allclose(  # and the published scores are the reference year's
        live_scores(score_dataset(data, definition, fixed), current, definition)["dims"][:4],
        score_dataset(data, definition, fixed).result.dimensions.to_numpy().ravel()[:4], atol=0)
    names = {f.name for f in fields(current.settings)}
    assert set(SCORES_IGNORE) <= names
    assert names - set(SCORES_IGNORE) >= {"definition_id", "year", "reference_year", "method", "aggregation",
                                          "indicator_weights"}


def test_missing_values_travel_as_null(demo):
    data, definition, _, baseline = demo
    values = data.values(definition, 2024).copy()
    values.loc["G05", [i.id for i in definition.dimension("delaktighet").indicators]] = np.nan
    from geo.engine.index import compute_index

    result = compute_index(values, definition, ViewSettings.default(definition))
    assert result.dimensions.loc["G05", "delaktighet"] != result.dimensions.loc["G05", "delaktighet"]  # NaN
    scores = score_dataset(data, definition, ViewSettings.default(definition))
    model = live_scores(scores, baseline, definition)
    assert all(v is None or math.isfinite(v) for v in model["dims"])
    json.dumps(model, allow_nan=False)


def test_live_view_is_small_and_names_what_the_browser_needs(demo):
    _, definition, current, _ = demo
    view = live_view(current, definition, scores_url="/app/static/generated/scores-x.json",
                     watch={"boende": "v_w_malmo-2023_boende"})
    assert view["weights"] == [1.0, 1.0, 1.0, 3.0]
    assert view["aggregation"] == "arithmetic" and view["scheme"] == "quantiles" and view["top_k"] == 3
    assert len(json.dumps(view)) < 1000


def test_static_styles_are_validated_and_tooltips_escaped(demo):
    _, definition, current, baseline = demo
    view = ranking_view(current, baseline)
    layer = index_layer(current, view, definition, selected="G01")
    out = static_view(layer, "sv")
    assert set(out["styles"]) == set(view["area_id"]) and out["ranks"]["G01"] == int(
        view.set_index("area_id").loc["G01", "rank"])
    assert out["styles"]["G01"]["c"] == "#ff7f0e" and out["styles"]["G01"]["w"] == 4.0
    plain = static_view(MapLayer({"A": area_style("#123456", "<b>x</b>")}, layer.legend), "sv")
    assert plain["styles"]["A"]["t"] == "&lt;b&gt;x&lt;/b&gt;"  # plain text is escaped …
    safe = static_view(MapLayer({"A": area_style("#123456", Markup("<b>x</b>"))}, layer.legend), "sv")
    assert safe["styles"]["A"]["t"] == "<b>x</b>"  # … Markup (built escaped) is kept
    for bad in ({"fill": "red"}, {"fill": "#12345g"}, {"fill": "#123456", "dashArray": "4;x"},
                {"fill": "#123456", "weight": float("inf")}, {"fill": "#123456", "onclick": "x"}):
        with pytest.raises(ValueError):
            static_view(MapLayer({"A": bad}, layer.legend), "sv")


def test_every_text_the_component_uses_is_sent_in_both_languages():
    methods = {"map", "length", "replace", "slice", "split", "trim", "indexOf", "startsWith"}
    used = set(re.findall(r"\b(?:data\.text|t|text)\.([a-z_]+)\b", JS)) - methods
    assert {"map_loading", "rank", "meeting_freeze", "map_top_mark"} <= used  # the pattern finds them
    for lang in ("sv", "en"):
        sent = texts(lang, top_k=3)
        assert used <= set(sent), sorted(used - set(sent))
        assert all(v for v in sent.values())


def test_area_features_carry_label_fields(demo):
    data = demo[0]
    features = area_features(data.areas)["features"]
    assert len(features) == 14
    for f in features:
        props = f["properties"]
        assert {"area_id", "area_name", "s", "a", "lx", "ly", "hw", "hh"} <= set(props)
        assert props["hw"] > 0 and props["hh"] > 0 and props["s"] and not props["s"].endswith(" ")


def gapped(data, definition, lang="sv", **weights):
    """G14 without utbildning (no rank), G03 without one ekonomi indicator (a note)."""
    values = data.values(definition, 2024).copy()
    values.loc["G14", [i.id for i in definition.dimension("utbildning").indicators]] = np.nan
    values.loc["G03", "utan_ekonomiskt_bistand"] = np.nan
    from geo.engine.scoring import area_names, score_values

    settings = ViewSettings.default(definition, lang=lang, year=2024, weights=weights or None)
    return score_values(values, area_names(data.areas), definition, settings)


def test_scores_file_carries_the_notes_in_both_languages_without_the_weight_dependent_reason(demo):
    data, definition, _, _ = demo
    current = gapped(data, definition)
    model = json.loads(json.dumps(live_scores(current, current, definition)))
    assert model["notes"]["sv"] == {"G03": ["Ekonomi: beräknad utan Andel 20–64 år utan ekonomiskt bistånd"]}
    assert model["notes"]["en"] == {"G03": ["Economy: computed without Share aged 20–64 without social assistance"]}
    # Whether G14's missing dimension keeps it from a rank depends on the weights: the browser decides.
    assert model["fixed_reason"] == {"sv": {}, "en": {}}
    assert scores_key(gapped(data, definition, lang="en")) == scores_key(current)  # one file for both languages


def test_static_tooltips_say_why_not_ranked_and_show_the_notes(demo):
    data, definition, _, _ = demo
    for lang, reason, note in (("sv", "Orsak: saknar värden i Utbildning", "Anmärkning: Ekonomi: beräknad utan"),
                               ("en", "Reason: no values for Education", "Note: Economy: computed without")):
        current = gapped(data, definition, lang)
        view = ranking_view(current, current, definition)
        styles = static_view(index_layer(current, view, definition), lang)["styles"]
        assert reason in styles["G14"]["t"] and "None" not in styles["G14"]["t"]
        assert note in styles["G03"]["t"]  # a ranked area's note too, not only an unranked one's
        assert "G09" in styles and "Anmärkning" not in styles["G09"]["t"] and "Note:" not in styles["G09"]["t"]


def test_rank_change_map_says_not_ranked(demo):
    from geo.view.mapstyles import shift_layer

    data, definition, _, _ = demo
    current = gapped(data, definition)
    layer = shift_layer(ranking_view(current, current, definition), lang="sv", label_a="A", label_b="B")
    tip = static_view(layer, "sv")["styles"]["G14"]["t"]
    assert "A: rang – (ej rankad)" in tip and "B: rang – (ej rankad)" in tip
