"""The robustness table: sorted by median rank; unstable = the 5–95 % interval crosses the boundary."""

from __future__ import annotations

from geo.definition import load_definition
from geo.engine.scoring import score
from geo.engine.uncertainty import uncertainty_for
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import ViewSettings
from geo.view.robustness import uncertainty_view, unstable_areas

P = demo_paths()
AREAS = read_areas(P.areas)
IND = read_indicators(P.indicators)
DEF = load_definition(P.default_definition)


def test_unstable_areas_and_the_table():
    s = score(AREAS, IND, DEF, ViewSettings.default(DEF))
    frame = uncertainty_for(s, draws=500, concentration=5, seed=1).frame
    unstable = unstable_areas(frame, 3)
    assert unstable
    for aid in unstable:
        assert frame.at[aid, "p05"] <= 3 < frame.at[aid, "p95"]
    view = uncertainty_view(frame, dict(zip(AREAS["area_id"], AREAS["area_name"])), 3)
    assert list(view["median_rank"]) == sorted(view["median_rank"])
    assert set(view.loc[view["area_id"].isin(unstable), "status"]) <= {"unstable", "robust"}
    assert set(view.loc[view["robust"], "status"]) <= {"robust"}
