"""Index versions side by side: rank shifts, top-k entries and exits, and Cronbach's alpha per dimension.

Expectations are computed from the engine (the demo may be regenerated) or from small synthetic frames.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from geo.dataset.load import dataset_from_frames, load_dataset
from geo.definition import Definition, Dimension, Indicator
from geo.engine.scoring import score_dataset
from geo.engine.versions import (
    ALPHA_ACCEPTABLE,
    COHERENCE_COLUMNS,
    TABLE_COLUMNS,
    coherence,
    compare_versions,
    cronbach_alpha,
    indicator_correlations,
)
from geo.errors import DataError
from geo.paths import demo_paths
from geo.settings import ViewSettings


@pytest.fixture(scope="module")
def demo():
    data = load_dataset(demo_paths())
    return data, data.definition("malmo-2023"), data.definition("malmo-2023-halsa")


def one_dimension(polarities: list[int], dim_id: str = "d") -> Definition:
    inds = tuple(Indicator(id=f"i{j}", label=f"I{j}", unit="", polarity=p) for j, p in enumerate(polarities))
    return Definition(id="syn", name="Syn", version="1", dimensions=(Dimension(id=dim_id, label="D", indicators=inds),))


def frame(columns: dict[str, list[float] | np.ndarray]) -> pd.DataFrame:
    out = pd.DataFrame(columns)
    out.index = pd.Index([f"A{i}" for i in range(len(out))], name="area_id")
    return out


# ---------------------------------------------------------------------- compare_versions

def test_each_version_is_scored_with_its_own_weights_in_the_latest_common_year(demo):
    data, a, b = demo
    settings = ViewSettings.default(a, weights={"ekonomi": 5.0}, method="minmax", top_k=4)
    cmp = compare_versions(data, a, b, settings)
    year = max(set(data.years(a)) & set(data.years(b)))
    assert cmp.year == year and cmp.top_k == 4 and cmp.notes == ()
    for definition, scored in ((a, cmp.scored_a), (b, cmp.scored_b)):
        own = score_dataset(data, definition, ViewSettings.default(definition, method="minmax", year=year))
        assert scored.result.weights == definition.default_weights()  # not the sidebar's ekonomi=5
        pd.testing.assert_series_equal(scored.result.rank, own.result.rank)
    assert list(cmp.table.columns) == list(TABLE_COLUMNS)


def test_table_entering_and_leaving_agree_with_the_two_rankings(demo):
    data, a, b = demo
    for k in range(1, len(data.areas) + 1):
        cmp = compare_versions(data, a, b, ViewSettings.default(a, top_k=k))
        ra, rb = cmp.scored_a.result.rank, cmp.scored_b.result.rank
        top_a = set(ra.index[(ra <= k).fillna(False)])
        top_b = set(rb.index[(rb <= k).fillna(False)])
        assert set(cmp.entering) == top_b - top_a and set(cmp.leaving) == top_a - top_b
        assert list(cmp.entering) == sorted(cmp.entering, key=lambda x: (rb[x], x))
        assert list(cmp.leaving) == sorted(cmp.leaving, key=lambda x: (ra[x], x))
        t = cmp.table.set_index("area_id")
        assert (t["shift"] == ra.reindex(t.index) - rb.reindex(t.index)).all()
        assert set(t.index[t["top_k_status"] == "in"]) == set(cmp.entering)
        assert list(t["rank_b"]) == sorted(t["rank_b"])  # sorted by B's rank


def test_same_definition_twice_gives_no_shift(demo):
    data, a, _ = demo
    cmp = compare_versions(data, a, a, ViewSettings.default(a, top_k=5))
    assert cmp.same and cmp.entering == () and cmp.leaving == ()
    assert (cmp.table["shift"] == 0).all() and (cmp.table["in_top_a"] == cmp.table["in_top_b"]).all()


def test_a_year_only_one_version_has_falls_back_to_the_latest_common_year_with_a_note(demo):
    data, a, b = demo
    ind = data.indicators
    halsa = {i.id for i in b.dimension("halsa").indicators}
    years = sorted(int(y) for y in ind["year"].unique())
    last = years[-1]
    dropped = ind[~(ind["indicator_id"].isin(halsa) & (ind["year"] == last))].reset_index(drop=True)
    smaller = dataset_from_frames(data.paths, data.definitions, data.areas, dropped, origin="upload", label="t")
    # the latest year still has data for B (its other dimensions), but Hälsa has none there: weight 0, a note
    cmp = compare_versions(smaller, a, b, ViewSettings.default(a, year=last))
    assert cmp.year == last
    assert any("Hälsa" in n and "vikt 0" in n for n in cmp.notes)
    assert cmp.scored_b.result.weights["halsa"] == 0.0
    # a definition whose every indicator lacks the year: the latest common year instead
    only_halsa = Definition(id="h", name="Bara hälsa", version="1", dimensions=(b.dimension("halsa"),))
    cmp = compare_versions(smaller, a, only_halsa, ViewSettings.default(a, year=last, lang="en"))
    assert cmp.year == years[-2] and any(str(last) in n and "latest year" in n for n in cmp.notes)


def test_conflicts_use_the_fallback_and_say_so(demo):
    data, a, b = demo
    cmp = compare_versions(data, a, b, ViewSettings.default(a, aggregation="geometric"))
    assert cmp.scored_a.settings.aggregation == "arithmetic" and len(cmp.notes) == 1
    year = max(data.years(a))
    first = min(data.years(a))
    cmp = compare_versions(data, a, b, ViewSettings.default(a, method="minmax", reference_year=first))
    assert cmp.scored_b.settings.reference_year == first and cmp.year == year


def test_results_mode_and_no_common_year_are_data_errors(demo):
    data, a, b = demo
    results = pd.DataFrame({"area_id": data.areas["area_id"], "index": np.arange(len(data.areas), dtype=float)})
    res = dataset_from_frames(data.paths, data.definitions, data.areas, data.indicators.iloc[0:0], origin="upload",
                              label="r", results=results)
    with pytest.raises(DataError, match="indikatorvärden"):
        compare_versions(res, a, b, ViewSettings.default(a))
    ind = data.indicators
    halsa_ids = [i.id for i in b.dimension("halsa").indicators]
    split = ind[(ind["indicator_id"].isin(halsa_ids) & (ind["year"] == ind["year"].max()))
                | (~ind["indicator_id"].isin(halsa_ids) & (ind["year"] < ind["year"].max()))]
    only_halsa = Definition(id="h", name="Bara hälsa", version="1", dimensions=(b.dimension("halsa"),))
    disjoint = dataset_from_frames(data.paths, (a, only_halsa), data.areas, split.reset_index(drop=True),
                                   origin="upload", label="d")
    with pytest.raises(DataError, match="inget år"):
        compare_versions(disjoint, a, only_halsa, ViewSettings.default(a))


# ---------------------------------------------------------------------- coherence

def test_alpha_from_the_mean_correlation_equals_raw_alpha_on_z_scores():
    rng = np.random.default_rng(3)
    base = rng.normal(size=30)
    x = {"i0": base + rng.normal(size=30), "i1": 5 - 2 * base + rng.normal(size=30), "i2": base * 10 + 40}
    definition = one_dimension([1, -1, 1])
    row = coherence(frame(x), definition).iloc[0]
    z = pd.DataFrame(x) * [1, -1, 1]
    z = (z - z.mean()) / z.std(ddof=1)
    k = 3
    raw = k / (k - 1) * (1 - z.var(ddof=1).sum() / z.sum(axis=1).var(ddof=1))
    assert row["alpha"] == pytest.approx(raw, abs=1e-12)
    corr = z.corr().to_numpy()
    assert row["mean_r"] == pytest.approx(corr[np.triu_indices(3, 1)].mean(), abs=1e-12)
    assert row["indicators"] == 3 and row["areas"] == 30 and row["reason"] == ""
    assert row["acceptable"] == (row["alpha"] >= ALPHA_ACCEPTABLE)


def test_polarity_aligns_the_correlations():
    definition = one_dimension([1, -1])
    x = frame({"i0": [1.0, 2, 3, 4], "i1": [40.0, 30, 20, 10]})  # "higher is worse" falls as i0 rises: agree
    corr = indicator_correlations(x, definition, "d")
    assert corr.loc["i0", "i1"] == pytest.approx(1.0) and list(corr.index) == ["i0", "i1"]
    assert coherence(x, definition).iloc[0]["alpha"] == pytest.approx(1.0)
    against = one_dimension([1, 1])
    row = coherence(x, against).iloc[0]  # r = −1 between two indicators: alpha undefined
    assert row["mean_r"] == pytest.approx(-1.0) and math.isnan(row["alpha"]) and "motsäger" in row["reason"]


def test_one_indicator_few_areas_and_flat_indicators_give_nan_with_a_reason():
    one = one_dimension([1])
    row = coherence(frame({"i0": [1.0, 2, 3]}), one).iloc[0]
    assert math.isnan(row["alpha"]) and "en indikator" in row["reason"] and not row["acceptable"]
    two = one_dimension([1, 1])
    row = coherence(frame({"i0": [1.0, 2, np.nan, 4], "i1": [1.0, np.nan, 3, 5]}), two).iloc[0]
    assert math.isnan(row["alpha"]) and row["areas"] == 2 and "bara 2 områden" in row["reason"]
    row = coherence(frame({"i0": [1.0, 2, 3], "i1": [7.0, 7, 7]}), two, lang="en").iloc[0]
    assert math.isnan(row["alpha"]) and "I1" in row["reason"] and "same value" in row["reason"]
    assert list(coherence(frame({"i0": [1.0, 2, 3]}), one).columns) == list(COHERENCE_COLUMNS)


def test_demo_coherence_covers_every_dimension(demo):
    data, _, b = demo
    year = max(data.years(b))
    table = coherence(data.values(b, year), b)
    assert list(table["dimension"]) == list(b.dimension_ids)
    values = data.values(b, year)
    for _, row in table.iterrows():
        dim = b.dimension(row["dimension"])
        corr = indicator_correlations(values, b, dim.id)
        k = len(dim.indicators)
        expected = cronbach_alpha(float(corr.to_numpy()[~np.eye(k, dtype=bool)].mean()), k)
        assert row["alpha"] == pytest.approx(expected, abs=1e-12)


def test_cronbach_alpha_formula():
    assert cronbach_alpha(0.5, 3) == pytest.approx(0.75)
    assert cronbach_alpha(0.0, 5) == 0.0
    assert math.isnan(cronbach_alpha(-1.0, 2)) and math.isnan(cronbach_alpha(0.3, 1))


# ---------------------------------------------------------------------- properties

_base = arrays(np.float64, st.integers(4, 20), elements=st.floats(-1e3, 1e3, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(base=_base, polarities=st.lists(st.sampled_from([1, -1]), min_size=2, max_size=5),
       scale=st.floats(0.1, 100), shift=st.floats(-100, 100))
def test_perfectly_correlated_indicators_have_alpha_one(base, polarities, scale, shift):
    assume(np.std(base) > 1e-3 * (1 + np.abs(base).max()))
    # each indicator is an increasing function of "good" (turned by its polarity): they agree perfectly
    x = {f"i{j}": shift * j + p * scale * (j + 1) * base for j, p in enumerate(polarities)}
    row = coherence(frame(x), one_dimension(polarities)).iloc[0]
    assert row["alpha"] == pytest.approx(1.0, abs=1e-9) and row["mean_r"] == pytest.approx(1.0, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), k=st.integers(2, 4), n=st.integers(3, 15))
def test_alpha_is_invariant_to_flipping_an_indicator_together_with_its_polarity(data, k, n):
    values = data.draw(arrays(np.float64, (n, k), elements=st.floats(-100, 100, allow_nan=False)))
    assume((values.std(axis=0) > 1e-3).all())
    polarities = data.draw(st.lists(st.sampled_from([1, -1]), min_size=k, max_size=k))
    j = data.draw(st.integers(0, k - 1))
    x = frame({f"i{c}": values[:, c] for c in range(k)})
    flipped = x.copy()
    flipped[f"i{j}"] = 50 - flipped[f"i{j}"]
    turned = list(polarities)
    turned[j] = -turned[j]
    before = coherence(x, one_dimension(polarities)).iloc[0]
    assume(1 + (k - 1) * before["mean_r"] > 1e-6)  # alpha far from its pole at r̄ = −1/(k−1)
    after = coherence(flipped, one_dimension(turned)).iloc[0]
    for col in ("alpha", "mean_r"):
        assert after[col] == pytest.approx(before[col], rel=1e-6, abs=1e-9)
    pd.testing.assert_frame_equal(indicator_correlations(x, one_dimension(polarities), "d"),
                                  indicator_correlations(flipped, one_dimension(turned), "d"), atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 6))
def test_entering_and_leaving_follow_from_the_ranks(demo, seed, k):
    """Synthetic data, two random definitions over the same indicators: the top-k sets differ exactly by
    ``entering`` and ``leaving``, and ``shift`` is rank A − rank B."""
    rng = np.random.default_rng(seed)
    data, a, _ = demo
    weights = {d: float(rng.integers(0, 4)) for d in a.dimension_ids}
    weights[a.dimension_ids[0]] += 1.0
    b = Definition(id="b", name="B", version="1", dimensions=tuple(
        Dimension(id=d.id, label=d.label, indicators=d.indicators, weight=weights[d.id]) for d in a.dimensions))
    year = max(data.years(a))
    ind = data.indicators[data.indicators["year"] == year].copy()
    ind["value"] = rng.uniform(0, 100, len(ind))
    synthetic = dataset_from_frames(data.paths, (a, b), data.areas, ind.reset_index(drop=True), origin="upload",
                                    label="s")
    cmp = compare_versions(synthetic, a, b, ViewSettings.default(a, top_k=k))
    t = cmp.table.set_index("area_id")
    top_a, top_b = set(t.index[t["rank_a"] <= k]), set(t.index[t["rank_b"] <= k])
    assert set(cmp.entering) == top_b - top_a and set(cmp.leaving) == top_a - top_b
    assert (t["shift"] == t["rank_a"] - t["rank_b"]).all()
    assert cmp.same == (t["rank_a"] == t["rank_b"]).all()
