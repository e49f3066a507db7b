"""The browser's numbers are the server's: ui/components/oi_map.js against geo, in Chromium.

The map computes index, ranks, classes and number formats in the page while a slider moves
(issue 11); these tests load the module into a blank page and compare its functions with
the Python library on random and adversarial input: ties, missing values, zero weights,
every classification scheme, both aggregations.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.engine.index import RANK_DECIMALS, weighted_index
from geo.i18n import fmt_number
from geo.view.labels import Candidate, place
from geo.view.palette import classify, spread_indices
from ui.map import MODULE

pytestmark = pytest.mark.e2e

ORIGIN = "http://oi-engine.localhost"


@pytest.fixture(scope="module")
def engine(browser):
    """A page with the component module imported as ``window.oi``."""
    context = browser.new_context()
    page = context.new_page()
    source = MODULE.read_text(encoding="utf-8")

    def serve(route) -> None:
        url = route.request.url
        if url.endswith("/oi_map.js"):
            route.fulfill(status=200, content_type="text/javascript", body=source)
        else:
            route.fulfill(status=200, content_type="text/html",
                          body='<!doctype html><script type="module">import * as m from "/oi_map.js";'
                               "window.oi = m;</script>")

    page.route(f"{ORIGIN}/**", serve)
    page.goto(f"{ORIGIN}/index.html")
    page.wait_for_function("() => window.oi !== undefined")
    yield page
    context.close()


def js(page, expression: str, arg):
    return page.evaluate(f"(a) => {{ const oi = window.oi; {expression} }}", arg)


def py_ranks(index: np.ndarray) -> list[int]:
    s = pd.Series(index)
    r = s.round(RANK_DECIMALS).rank(method="min", ascending=True)
    return [0 if pd.isna(v) else int(v) for v in r]


def client_rank(page, dims: np.ndarray, weights: list[float], aggregation: str) -> tuple[list, list]:
    arg = {"dims": [None if np.isnan(v) else float(v) for v in dims.ravel()], "n": dims.shape[0],
           "m": dims.shape[1], "w": weights, "agg": aggregation}
    return js(page, """
        const d = Float64Array.from(a.dims.map((v) => v === null ? NaN : v));
        const idx = oi.weightedIndex(d, a.n, a.m, a.w, a.agg);
        return [Array.from(idx, (v) => Number.isNaN(v) ? null : v), Array.from(oi.ranksMin(idx))];""", arg)


def test_index_and_ranks_match_the_library_with_ties_and_gaps(engine):
    rng = np.random.default_rng(11)
    for trial in range(40):
        n, m = int(rng.integers(2, 60)), 4
        # few distinct values: ties in the dimensions and (often) in the index
        dims = rng.choice([-1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 2.0], size=(n, m))
        if trial % 3 == 0:
            dims[rng.random((n, m)) < 0.1] = np.nan
        weights = [float(w) for w in rng.choice([0.0, 0.5, 1.0, 1.5, 2.0, 5.0], size=m)]
        if not any(weights):
            weights[0] = 1.0
        expected = weighted_index(dims, np.array(weights), "arithmetic")
        index, ranks = client_rank(engine, dims, weights, "arithmetic")
        assert [None if np.isnan(v) else v for v in expected] == index  # bit for bit
        assert ranks == py_ranks(expected)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_ranks_match_for_random_scores_and_weights(engine, data):
    n = data.draw(st.integers(1, 40))
    dims = np.array(data.draw(st.lists(st.lists(st.floats(0.01, 200, allow_nan=False), min_size=4, max_size=4),
                                       min_size=n, max_size=n)))
    weights = data.draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.5, 5.0]), min_size=4, max_size=4))
    if not any(weights):
        weights[1] = 0.5
    agg = data.draw(st.sampled_from(["arithmetic", "geometric"]))
    expected = weighted_index(dims, np.array(weights), agg)
    index, ranks = client_rank(engine, dims, weights, agg)
    if agg == "arithmetic":
        assert index == [float(v) for v in expected]
    else:  # log/exp may differ in the last bit between libm and V8; ranks round that away
        assert np.allclose(index, expected, rtol=1e-14, atol=0)
    assert ranks == py_ranks(expected)


def client_classes(page, values: list[float | None], scheme: str) -> dict:
    return js(page, """
        const v = Float64Array.from(a.v.map((x) => x === null ? NaN : x));
        const c = oi.classify(v, a.scheme, 5);
        return {cls: Array.from(c.classOf), lower: c.lower, upper: c.upper, n: c.n};""",
              {"v": values, "scheme": scheme})


@pytest.mark.parametrize("scheme", ["quantiles", "natural_breaks", "equal_interval"])
def test_classes_match_the_library(engine, scheme):
    rng = np.random.default_rng(5)
    cases = [rng.normal(size=n) for n in (2, 3, 5, 7, 14, 50, 136)]
    cases += [np.round(rng.normal(size=40), 1), np.array([1.0, 1.0, 1.0, 2.0]), np.array([3.0, 3.0]),
              np.array([0.1, 0.2, 0.3, 0.4, 0.5, np.nan]), rng.integers(0, 4, size=30).astype(float),
              np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]) / 3.0]
    for values in cases:
        series = pd.Series(values, index=[f"a{i}" for i in range(len(values))])
        expected = classify(series, scheme=scheme)
        got = client_classes(engine, [None if np.isnan(v) else float(v) for v in values], scheme)
        assert got["cls"] == [int(v) for v in expected.class_of], (scheme, values)
        assert got["lower"] == list(expected.lower) and got["upper"] == list(expected.upper)
        assert [spread_indices(got["n"])[c] for c in range(got["n"])] == spread_indices(expected.k)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.one_of(st.floats(-1e6, 1e6, allow_nan=False), st.sampled_from([0.125, -0.125, 2.5, 0.005,
                                                                                        -0.0, 1234.565, 1e-9])),
                       min_size=1, max_size=8),
       decimals=st.sampled_from([0, 1, 2]))
def test_number_format_matches_fmt_number(engine, values, decimals):
    got = js(engine, "return a.v.map((x) => [oi.fmtNumber(x, 'sv', a.d), oi.fmtNumber(x, 'en', a.d)]);",
             {"v": values, "d": decimals})
    assert got == [[fmt_number(v, "sv", decimals), fmt_number(v, "en", decimals)] for v in values]


def test_label_placement_matches_the_python_rules(engine):
    """Same candidates, same measure: the same labels and no overlapping boxes."""
    rng = np.random.default_rng(3)
    areas = []
    for i in range(80):
        r = i + 1
        name = f"Område {chr(65 + i % 26)}{i}"
        areas.append({"key": f"a{i}", "texts": [f"{r} {name}", str(r)], "x": float(rng.uniform(0, 600)),
                      "y": float(rng.uniform(0, 400)), "hw": float(rng.uniform(5, 90)), "hh": float(rng.uniform(5, 30)),
                      "must": r <= 3 or i % 17 == 0})
    overlays = [{"key": f"o{i}", "texts": [f"Utsatt område nummer {i}", f"Utsatt {i}"],
                 "x": float(rng.uniform(0, 600)), "y": float(rng.uniform(0, 400))} for i in range(6)]
    got = js(engine, """
        const measure = (t) => [t.length * 8 + 8, 20];
        const placed = oi.placeLabels(a.areas, a.overlays, measure, [0, 0, 600, 400]);
        return Array.from(placed, ([k, p]) => [k, p.text, p.box]);""", {"areas": areas, "overlays": overlays})
    cands = [Candidate(a["key"], tuple(a["texts"]), a["x"], a["y"], a["hw"], a["hh"], must=a["must"]) for a in areas]
    ovls = [Candidate(o["key"], tuple(o["texts"]), o["x"], o["y"], 0, 0, badge=False) for o in overlays]
    expected = place(cands, lambda t: (len(t) * 8 + 8, 20), overlays=ovls, bounds=(0, 0, 600, 400))
    assert any(k.startswith("o") for k, _, _ in got)  # some overlay labels placed, moved or shortened
    assert sorted((k, t) for k, t, _ in got) == sorted((p.key, p.text) for p in expected)
    boxes = [b for _, _, b in got]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    assert json.dumps(got)  # plain JSON-able


@pytest.mark.parametrize("slider", [0.0, 2.0])
def test_a_dimension_without_data_is_left_out_not_nan(engine, slider):
    """Weight 0 means "without it": the browser skips a dimension no area has a score for (also while its
    slider is above 0, which the server refuses and shows as weight 0 meanwhile) — the server's index."""
    rng = np.random.default_rng(5)
    dims = rng.normal(size=(14, 4))
    dims[:, 0] = np.nan  # the data lacks the first dimension
    weights = [slider, 1.0, 2.0, 0.5]
    got = js(engine, """
        const d = Float64Array.from(a.dims.map((v) => v === null ? NaN : v));
        const empty = oi.emptyDimensions(d, a.n, a.m);
        const idx = oi.weightedIndex(d, a.n, a.m, oi.usedWeights(a.w, empty), "arithmetic");
        return [empty, Array.from(idx, (v) => Number.isNaN(v) ? null : v), Array.from(oi.ranksMin(idx))];""",
             {"dims": [None if np.isnan(v) else float(v) for v in dims.ravel()], "n": 14, "m": 4, "w": weights})
    empty, index, ranks = got
    assert empty == [True, False, False, False]
    want = weighted_index(dims, np.array([0.0, *weights[1:]]), "arithmetic")
    assert index == [float(v) for v in want]  # bit for bit, no NaN
    assert ranks == py_ranks(want) and 0 not in ranks
