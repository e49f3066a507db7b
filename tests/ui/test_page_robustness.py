"""AppTest of the Robusthet page: robust set, reproducibility, unstable areas on the map."""

from __future__ import annotations

import numpy as np
from streamlit.testing.v1 import AppTest

from geo.view.mapstyles import UNSTABLE_DASH
from tests.ui.apphelpers import PAGE, app, map_data, ok, style_payloads


def run() -> AppTest:
    return app("robusthet")


def table(at: AppTest):
    return at.dataframe[0].value


def test_page_runs_and_shows_robust_set():
    at = run()
    ok(at)
    assert at.number_input(key="rb_draws").value == 1000
    assert at.select_slider(key="rb_concentration").value == 50
    headings = [s.value for s in at.subheader]
    assert any("Robust prioriterade" in h for h in headings)
    frame = table(at)
    assert len(frame) == 14
    robust = frame.loc[frame["Status"] == "robust", "Område"].tolist()
    assert robust, "the demo's top 3 is robust at concentration 50"
    shown = "\n".join(m.value for m in at.markdown)
    for name in robust:
        assert f"- **:blue[{name}]**" in shown.replace("\\", "")
    assert "1000 dragningar" in "\n".join(c.value for c in at.caption)


def test_same_seed_same_result_other_seed_may_differ():
    at = run()
    first = table(at).to_dict("list")
    at2 = run()
    assert table(at2).to_dict("list") == first
    at.number_input(key="rb_seed").set_value(7).run()
    ok(at)
    at.number_input(key="rb_seed").set_value(0).run()
    assert table(at).to_dict("list") == first


def test_unstable_areas_marked_on_map_and_listed():
    at = run()
    at.select_slider(key="rb_concentration").set_value(5).run()
    ok(at)
    frame = table(at)
    unstable = frame.loc[frame["Status"] == "osäker", "Område"].tolist()
    assert unstable
    payload = style_payloads(at)[-1]
    dashed = {aid for aid, entry in payload.items() if entry.get("d") == UNSTABLE_DASH}
    assert len(dashed) >= len(unstable)
    for aid in dashed:
        assert float(payload[aid]["w"]) >= 3
    text = "\n".join(m.value for m in at.markdown).replace("\\", "")
    legend = map_data(at)[-1]["static"]["legend"]
    assert any("Tjock streckad kant" in sw["label"] and sw["dashed"] for sw in legend["swatches"])
    assert "Osäkra" in text
    for name in unstable:
        assert name in text


def test_other_methods_and_draws():
    at = run()
    at.toggle(key="rb_methods").set_value(True).run()
    at.number_input(key="rb_draws").set_value(2000).run()
    ok(at)
    assert "alla normaliseringsmetoder" in "\n".join(c.value for c in at.caption)
    assert len(table(at)) == 14


def test_controls_keep_their_values_across_pages():
    at = run()
    at.number_input(key="rb_seed").set_value(7).run()
    at.switch_page(PAGE["oversikt"]).run()
    at.switch_page(PAGE["robusthet"]).run()
    ok(at)
    assert at.number_input(key="rb_seed").value == 7


def test_other_methods_with_a_reference_year_use_its_yardstick_and_leave_out_ranks():
    """With a reference year every drawn method is measured against it; percentile ranks (no
    reference) are not drawn — the page works instead of failing on the conflict."""
    at = app("robusthet", query={"ref": "2019"})
    at.toggle(key="rb_methods").set_value(True).run()
    ok(at)
    assert not at.error, [e.value for e in at.error]
    assert len(table(at)) == 14


def test_uncertainty_for_draws_other_methods_against_the_reference():
    from geo.dataset.config import resolve_data_paths
    from geo.dataset.load import load_dataset
    from geo.engine.scoring import score_dataset
    from geo.engine.uncertainty import uncertainty_for
    from geo.settings import ViewSettings

    data = load_dataset(resolve_data_paths())
    d = data.default_definition
    scored = score_dataset(data, d, ViewSettings.default(d, reference_year=2019))
    kwargs = dict(draws=200, seed=1, keep_ranks=True, other_methods=("minmax", "rank", "ratio"),
                  values=data.values(d, scored.year),
                  definition=d)
    reference = data.values(d, 2019).copy()
    # A yardstick on which one indicator's spread is tiny: measured against it, that indicator
    # dominates minmax and ratio, so draws of those methods must rank differently than within the year.
    col = reference.columns[0]
    reference[col] = reference[col].mean() + 0.01 * (reference[col] - reference[col].mean())
    with_ref = uncertainty_for(scored, reference=reference, **kwargs)
    without = uncertainty_for(scored, **kwargs)  # the other methods then measured within the year
    assert set(with_ref.method_of_draw) <= {0, 1, 2}  # own method + minmax + ratio: no rank
    assert with_ref.ranks is not None and without.ranks is not None
    assert not np.array_equal(with_ref.ranks, without.ranks)


def test_uncertainty_from_the_data_is_a_choice_and_the_caption_says_which_sources():
    at = app("robusthet")
    ok(at)
    assert at.radio(key="rb_sources").value == "weights"
    at.radio(key="rb_sources").set_value("both").run()
    ok(at)
    assert any("Osäkerhet från: vikterna och data." in c.value for c in at.caption)
    assert len(table(at)) == 14


def test_without_counts_only_the_weights_can_be_drawn(tmp_path, monkeypatch):
    import shutil

    import pandas as pd

    from geo.paths import demo_paths

    P = demo_paths()
    shutil.copy(P.areas, tmp_path / "omraden.gpkg")
    pd.read_csv(P.indicators).drop(columns=["numerator", "denominator"]).to_csv(tmp_path / "indikatorer.csv",
                                                                                index=False)
    monkeypatch.setenv("OMRADESINDEX_DATA_DIR", str(tmp_path))
    at = app("robusthet")
    ok(at)
    assert at.radio(key="rb_sources").disabled
    assert any("inga antal" in c.value for c in at.caption)
