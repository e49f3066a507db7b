"""What would it take (issue 14, item 3): every answer is checked by recomputing the ranking with
:func:`compute_index` — the membership flips just beyond ``needed_value`` and not just short of it."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from geo.dataset.load import load_dataset
from geo.definition import Definition, parse_definition
from geo.engine.index import compute_index
from geo.engine.what_it_takes import COLUMNS, what_it_takes, what_it_takes_for
from geo.errors import DataError
from geo.paths import demo_paths
from geo.settings import ViewSettings

DATA = load_dataset(demo_paths())
HALSA = DATA.definition("malmo-2023-halsa")
YEAR, REF = 2024, 2022
VALUES = DATA.values(HALSA, YEAR)
REFERENCE = DATA.values(HALSA, REF)
#: The check's step beyond / short of the answer, as a share of the searched range: well above the
#: search's tolerance (1e-6) and far below any real step of the data.
STEP = 1e-4


# ----------------------------------------------------------------- the oracle

def inside(values: pd.DataFrame, definition: Definition, settings: ViewSettings, area: str,
           reference: pd.DataFrame | None = None) -> bool:
    """In the top k by the engine itself (rank ≤ k; an area without rank is outside)."""
    rank = compute_index(values, definition, settings, reference=reference).rank[area]
    return bool(not pd.isna(rank) and rank <= settings.top_k)


def changed(values: pd.DataFrame, area: str, indicator: str, value: float) -> pd.DataFrame:
    out = values.copy()
    out.loc[area, indicator] = value
    return out


def domain(definition: Definition, indicator: str) -> tuple[float, float]:
    ind = definition.indicator(indicator)
    return ind.range if ind.range is not None else (0.0, 100.0)


def check(values: pd.DataFrame, definition: Definition, settings: ViewSettings, area: str,
          reference: pd.DataFrame | None = None, *, step: float = STEP, **kwargs: object) -> pd.DataFrame:
    """Run :func:`what_it_takes` and verify every answer against :func:`compute_index`."""
    out = what_it_takes(values, definition, settings, area, reference=reference, **kwargs)  # type: ignore[arg-type]
    assert tuple(out.columns) == COLUMNS
    assert out["indicator_id"].tolist() == list(definition.indicator_ids)
    now = inside(values, definition, settings, area, reference)
    assert (out["direction"] == ("out" if now else "in")).all()
    for row in out.itertuples(index=False):
        ind = definition.indicator(row.indicator_id)
        lo, hi = domain(definition, row.indicator_id)
        good = ind.polarity * (1 if now else -1)  # leave by getting better, enter by getting worse
        if not row.possible:
            assert math.isnan(row.needed_value) and math.isnan(row.change) and row.reason
            if row.reason.startswith("ej möjligt"):
                bound = hi if good > 0 else lo
                assert inside(changed(values, area, row.indicator_id, bound), definition, settings, area,
                              reference) == now, (row.indicator_id, "flips at the bound")
            continue
        assert row.reason == "" and lo <= row.needed_value <= hi
        assert row.change == pytest.approx(row.needed_value - row.current, abs=1e-12)
        assert row.change * good >= 0, (row.indicator_id, "moves the wrong way")
        delta = step * (hi - lo)
        beyond = min(max(row.needed_value + good * delta, lo), hi)
        assert inside(changed(values, area, row.indicator_id, beyond), definition, settings, area,
                      reference) != now, (row.indicator_id, row.needed_value, "does not flip just beyond")
        short = row.needed_value - good * delta
        if (short - row.current) * good > 0:
            assert inside(changed(values, area, row.indicator_id, short), definition, settings, area,
                          reference) == now, (row.indicator_id, row.needed_value, "flips already short of it")
    return out


def boundary_areas(values: pd.DataFrame, definition: Definition, settings: ViewSettings,
                   reference: pd.DataFrame | None = None) -> list[str]:
    """The area at rank k (inside) and the one just after it (outside)."""
    rank = compute_index(values, definition, settings, reference=reference).rank.dropna().sort_values(kind="stable")
    return [str(rank.index[settings.top_k - 1]), str(rank.index[settings.top_k])]


def definition_of(*dims: tuple[str, list[dict[str, object]]]) -> Definition:
    return parse_definition({"definition": {"id": "t", "name": "T"},
                             "dimensions": [{"id": d, "label": d, "indicators": [
                                 {"label": i["id"], "unit": "%", "polarity": 1, **i} for i in inds]}
                                 for d, inds in dims]})


def frame(rows: dict[str, list[float]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns, dtype=float)


# ----------------------------------------------------------------- the demo, every method

CASES = [("zscore", None), ("minmax", None), ("ratio", None), ("rank", None),
         ("zscore", REF), ("minmax", REF), ("ratio", REF)]


@pytest.mark.parametrize(("method", "ref_year"), CASES)
def test_every_answer_on_the_demo_is_confirmed_by_the_engine(method, ref_year):
    settings = ViewSettings.default(HALSA, method=method, year=YEAR, reference_year=ref_year)
    reference = REFERENCE if ref_year else None
    possible = 0
    for area in boundary_areas(VALUES, HALSA, settings, reference):
        out = check(VALUES, HALSA, settings, area, reference)
        possible += int(out["possible"].sum())
    assert possible > 0  # not vacuous


@pytest.mark.parametrize("ref_year", [None, REF])
def test_geometric_mean(ref_year):
    settings = ViewSettings.default(HALSA, method="ratio", aggregation="geometric", year=YEAR, reference_year=ref_year)
    reference = REFERENCE if ref_year else None
    for area in boundary_areas(VALUES, HALSA, settings, reference):
        check(VALUES, HALSA, settings, area, reference)


@pytest.mark.parametrize("method", ["zscore", "minmax", "ratio"])
def test_reference_year_answers_are_exact(method):
    """With a reference year the answer is solved, not searched: a step of 1e-7 of the range flips it."""
    settings = ViewSettings.default(HALSA, method=method, year=YEAR, reference_year=REF)
    for area in boundary_areas(VALUES, HALSA, settings, REFERENCE):
        check(VALUES, HALSA, settings, area, REFERENCE, step=1e-7)


def test_other_top_k_and_weights():
    settings = ViewSettings.default(HALSA, year=YEAR, top_k=5, weights={"ekonomi": 3.0, "halsa": 0.5})
    for area in boundary_areas(VALUES, HALSA, settings):
        check(VALUES, HALSA, settings, area)


# ----------------------------------------------------------------- direction and polarity

def test_polarity_minus_one_moves_the_right_way():
    """A "higher is worse" indicator must fall to leave the list and rise to enter it."""
    d = definition_of(("a", [{"id": "bad", "polarity": -1}, {"id": "good"}]), ("b", [{"id": "other"}]))
    values = frame({"A": [40, 30, 20], "B": [35, 40, 25], "C": [20, 60, 50], "D": [15, 70, 60], "E": [10, 80, 75]},
                   ["bad", "good", "other"])
    for method in ("zscore", "minmax", "ratio", "rank"):
        settings = ViewSettings.default(d, method=method, top_k=2)
        ranks = compute_index(values, d, settings).rank
        for area in ranks.index:
            out = check(values, d, settings, area).set_index("indicator_id")
            now = ranks[area] <= 2
            bad, good = out.loc["bad"], out.loc["good"]
            if bad["possible"]:
                assert (bad["change"] < 0) == now, (method, area)
            if good["possible"]:
                assert (good["change"] > 0) == now, (method, area)


def test_demo_polarity_minus_one_rows_fall_for_an_area_inside():
    settings = ViewSettings.default(HALSA, year=YEAR, reference_year=REF)
    area = boundary_areas(VALUES, HALSA, settings, REFERENCE)[0]
    out = what_it_takes(VALUES, HALSA, settings, area, reference=REFERENCE).set_index("indicator_id")
    minus = [i.id for i in HALSA.indicators if i.polarity < 0]
    assert minus and out.loc[minus, "possible"].any()
    assert (out.loc[minus].query("possible")["change"] < 0).all()
    plus = out.drop(index=minus).query("possible")
    assert (plus["change"] > 0).all()


# ----------------------------------------------------------------- what cannot be done

def test_weight_zero_is_not_possible_with_its_reason():
    settings = ViewSettings.default(HALSA, year=YEAR, indicator_weights={"forvarvsarbetande": 0.0},
                                    weights={"halsa": 0.0})
    area = boundary_areas(VALUES, HALSA, settings)[0]
    out = check(VALUES, HALSA, settings, area).set_index("indicator_id")
    assert not out.loc["forvarvsarbetande", "possible"]
    assert out.loc["forvarvsarbetande", "reason"] == "indikatorn har vikten 0"
    for ind in HALSA.dimension("halsa").indicators:
        assert out.loc[ind.id, "reason"] == "dimensionen har vikten 0"


def test_a_share_that_would_have_to_exceed_100_percent():
    d = definition_of(("a", [{"id": "p"}]), ("b", [{"id": "q"}]), ("c", [{"id": "r", "unit": "dagar", "polarity": -1,
                                                                          "range": [0, 365]}]))
    values = frame({"W": [10, 0, 300], "X": [50, 90, 20], "Y": [60, 95, 10], "Z": [70, 99, 5]}, ["p", "q", "r"])
    days = []
    for method in ("zscore", "minmax", "ratio"):  # (percentile ranks of four areas: 70 % is enough)
        settings = ViewSettings.default(d, method=method, top_k=1)
        out = check(values, d, settings, "W").set_index("indicator_id")
        assert out.loc["p", "direction"] == "out"
        assert not out.loc["p", "possible"] and out.loc["p", "reason"] == "ej möjligt inom 0–100 %"
        if not out.loc["r", "possible"]:
            days.append(out.loc["r", "reason"])
    assert days and set(days) == {"ej möjligt inom 0–365 dagar"}


def test_missing_value_unranked_area_and_everyone_inside():
    d = definition_of(("a", [{"id": "p"}, {"id": "q"}]), ("b", [{"id": "r"}]))
    values = frame({"A": [10, np.nan, 30], "B": [20, 40, 50], "C": [30, 50, 60], "D": [40, 60, np.nan]},
                   ["p", "q", "r"])
    settings = ViewSettings.default(d, top_k=1)
    out = check(values, d, settings, "A").set_index("indicator_id")
    assert out.loc["q", "reason"] == "värde saknas" and not out.loc["q", "possible"]
    unranked = what_it_takes(values, d, settings, "D")
    assert (unranked["reason"] == "området är inte rankat").all() and not unranked["possible"].any()
    everyone = what_it_takes(values, d, settings.with_(top_k=3), "B")
    assert (everyone["reason"] == "alla rankade områden ingår i topp 3").all()
    with pytest.raises(DataError, match="området 'Ö' finns inte"):
        what_it_takes(values, d, settings, "Ö")


def test_a_reference_year_without_variation_says_so():
    d = definition_of(("a", [{"id": "p"}, {"id": "q"}]))
    values = frame({"A": [10, 20], "B": [20, 40], "C": [30, 50]}, ["p", "q"])
    reference = frame({"A": [25, 20], "B": [25, 40], "C": [25, 50]}, ["p", "q"])
    settings = ViewSettings.default(d, top_k=1, reference_year=2022)
    out = check(values, d, settings, "A", reference).set_index("indicator_id")
    assert not out.loc["p", "possible"] and "påverkar inte" in out.loc["p", "reason"]
    assert out.loc["q", "possible"]


# ----------------------------------------------------------------- units, steps and people

def test_people_for_a_share_with_a_denominator():
    d = definition_of(("a", [{"id": "p"}, {"id": "q"}, {"id": "t", "unit": "dagar", "range": [0, 365]}]))
    values = frame({"A": [10, 20, 50], "B": [20, 40, 60], "C": [30, 50, 70], "D": [35, 45, 80]}, ["p", "q", "t"])
    settings = ViewSettings.default(d, top_k=1)
    out = check(values, d, settings, "A", denominators=pd.Series({"p": 250.0, "q": np.nan, "t": 1000.0})
                ).set_index("indicator_id")
    p = out.loc["p"]
    assert p["possible"] and p["change"] > 0
    assert p["change_people"] == math.ceil(p["change"] * 2.5) and float(p["change_people"]).is_integer()
    assert math.isnan(out.loc["q", "change_people"]) and math.isnan(out.loc["t", "change_people"])


def test_people_on_the_demo_use_the_areas_denominators():
    settings = ViewSettings.default(HALSA, year=YEAR, reference_year=REF)
    area = boundary_areas(VALUES, HALSA, settings, REFERENCE)[1]
    rows = DATA.indicators[(DATA.indicators["area_id"].astype(str) == area) & (DATA.indicators["year"] == YEAR)]
    denominators = rows.set_index("indicator_id")["denominator"]
    out = check(VALUES, HALSA, settings, area, REFERENCE, denominators=denominators)
    seen = 0
    for row in out.itertuples(index=False):
        unit, denom = HALSA.indicator(row.indicator_id).unit, denominators.get(row.indicator_id, np.nan)
        if row.possible and unit == "%" and not pd.isna(denom):
            expected = math.copysign(math.ceil(abs(row.change) * denom / 100 - 1e-9), row.change)
            assert row.change_people == expected and row.change_people * row.change > 0
            seen += 1
        else:
            assert math.isnan(row.change_people)
    assert seen


def test_rank_answers_are_the_other_areas_values():
    """Percentile ranks step at the other areas' values: the answer is the value that crosses the step."""
    settings = ViewSettings.default(HALSA, method="rank", year=YEAR)
    for area in boundary_areas(VALUES, HALSA, settings):
        out = what_it_takes(VALUES, HALSA, settings, area).query("possible")
        for row in out.itertuples(index=False):
            others = VALUES.drop(index=area)[row.indicator_id].to_numpy()
            assert np.isclose(others, row.needed_value, rtol=0, atol=1e-12).any()


def test_an_indicator_without_range_is_searched_in_a_bracket():
    d = parse_definition({"definition": {"id": "t", "name": "T"}, "dimensions": [
        {"id": "a", "label": "a", "indicators": [{"id": "kr", "label": "kr", "unit": "kr", "polarity": 1},
                                                  {"id": "p", "label": "p", "unit": "%", "polarity": 1}]}]})
    values = frame({"A": [150_000, 40], "B": [210_000, 45], "C": [260_000, 50], "D": [300_000, 70]}, ["kr", "p"])
    for method, reference in (("zscore", None), ("minmax", None), ("zscore", values * 0.9)):
        settings = ViewSettings.default(d, method=method, top_k=1, reference_year=None if reference is None else 1)
        out = what_it_takes(values, d, settings, "A", reference=reference).set_index("indicator_id")
        kr = out.loc["kr"]
        assert kr["possible"] and kr["change"] > 0 and math.isnan(kr["change_people"])
        assert inside(changed(values, "A", "kr", kr["needed_value"] + 1.0), d, settings, "A", reference) is False
        assert inside(changed(values, "A", "kr", kr["needed_value"] - 1.0), d, settings, "A", reference) is True


def test_a_tie_at_rank_k():
    """Two identical areas share rank k (both inside); each must improve to leave."""
    d = definition_of(("a", [{"id": "p"}, {"id": "q"}]))
    values = frame({"A": [10, 20], "B": [30, 40], "C": [30, 40], "D": [50, 60]}, ["p", "q"])
    settings = ViewSettings.default(d, top_k=2)
    for area in ("B", "C"):
        out = check(values, d, settings, area)
        assert (out["direction"] == "out").all() and out["possible"].all()


# ----------------------------------------------------------------- brute force: the first flip, not just a flip

@pytest.mark.parametrize(("method", "seed"), [("zscore", 1), ("zscore", 2), ("zscore", 3), ("minmax", 1),
                                             ("ratio", 1), ("rank", 1)])
def test_the_answer_is_the_first_flip_of_a_scan(method, seed):
    """A scan from the current value to the bound with the engine finds its first flip where we do
    (z-scores without a reference year are not monotone in the area's value: three seeds)."""
    rng = np.random.default_rng(seed)
    d = definition_of(("a", [{"id": "p"}, {"id": "q"}]), ("b", [{"id": "r", "polarity": -1}]))
    values = pd.DataFrame(np.round(rng.uniform(5, 95, size=(7, 3)), 1), index=[f"A{i}" for i in range(7)],
                          columns=["p", "q", "r"])
    settings = ViewSettings.default(d, method=method, top_k=3)
    for area in boundary_areas(values, d, settings):
        now = inside(values, d, settings, area)
        out = check(values, d, settings, area)
        for row in out.itertuples(index=False):
            good = d.indicator(row.indicator_id).polarity * (1 if now else -1)
            scan = np.linspace(row.current, 100.0 if good > 0 else 0.0, 101)[1:]
            flips = [inside(changed(values, area, row.indicator_id, x), d, settings, area) != now for x in scan]
            if not any(flips):
                assert not row.possible
                continue
            first = scan[flips.index(True)]
            gap = abs(scan[1] - scan[0]) if len(scan) > 1 else 0.0
            assert row.possible and abs(row.needed_value - first) <= gap + 1e-9, (row.indicator_id, first)


# ----------------------------------------------------------------- the dataset call and the city's scale

def test_the_dataset_call_picks_year_reference_and_denominators():
    settings = ViewSettings.default(HALSA, reference_year=REF)  # year None: the latest
    area = boundary_areas(VALUES, HALSA, settings, REFERENCE)[0]
    got = what_it_takes_for(DATA, HALSA, settings, area)
    rows = DATA.indicators[(DATA.indicators["area_id"].astype(str) == area) & (DATA.indicators["year"] == YEAR)]
    want = what_it_takes(VALUES, HALSA, settings.with_(year=YEAR), area, reference=REFERENCE,
                         denominators=rows.set_index("indicator_id")["denominator"])
    pd.testing.assert_frame_equal(got, want)
    assert got["change_people"].notna().any()
    same_year = what_it_takes_for(DATA, HALSA, settings.with_(reference_year=YEAR), area)
    pd.testing.assert_frame_equal(same_year, what_it_takes_for(DATA, HALSA, settings.with_(reference_year=None), area))
    with pytest.raises(DataError, match="färdiga resultat"):
        what_it_takes_for(dataclasses.replace(DATA, results=pd.DataFrame({"index": [1.0]})), HALSA, settings, area)


def synthetic(n: int, seed: int) -> pd.DataFrame:
    """``n`` areas with seeded values uniform within each indicator's range (the benchmark's data)."""
    rng = np.random.default_rng(seed)
    data = {i.id: np.round(rng.uniform(*domain(HALSA, i.id), size=n), 1) for i in HALSA.indicators}
    return pd.DataFrame(data, index=[f"D{i:03d}" for i in range(n)])


@pytest.mark.parametrize(("method", "ref"), [("zscore", False), ("rank", False), ("ratio", True)])
def test_136_areas(method, ref):
    values, reference = synthetic(136, 1), (synthetic(136, 2) if ref else None)
    settings = ViewSettings.default(HALSA, method=method, reference_year=2022 if ref else None)
    for area in boundary_areas(values, HALSA, settings, reference):
        assert check(values, HALSA, settings, area, reference)["possible"].any()
