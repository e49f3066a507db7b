"""Map layers as data: colours by class, tooltips escaped, selection and unstable outlines, legends."""

from __future__ import annotations

from geo.definition import load_definition
from geo.engine.scoring import score
from geo.engine.uncertainty import uncertainty_for
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import ViewSettings
from geo.view.mapstyles import UNSTABLE_DASH, index_layer, mark_unstable, shift_layer, tooltip_html
from geo.view.palette import (
    AREA_BORDER,
    SELECTED_OUTLINE,
    SHIFT_DOWN,
    SHIFT_SAME,
    SHIFT_UP,
    UNSTABLE_OUTLINE,
    classify,
    rank_shift_color,
)
from geo.view.ranking import ranking_view
from geo.view.robustness import unstable_areas

P = demo_paths()
AREAS = read_areas(P.areas)
IND = read_indicators(P.indicators)
DEF = load_definition(P.default_definition)
BASE = ViewSettings.default(DEF)


def test_index_layer_colours_every_area_by_its_class_and_names_it():
    s = score(AREAS, IND, DEF, BASE.with_(scheme="equal_interval"))
    view = ranking_view(s, s)
    layer = index_layer(s, view, DEF, selected="G03")
    classes = classify(s.result.index, scheme="equal_interval")
    assert layer.classes is not None and layer.classes.class_of.equals(classes.class_of)
    assert set(layer.styles) == set(AREAS["area_id"])
    for aid, entry in layer.styles.items():
        assert entry["fill"] == classes.color_of(aid)
        name = AREAS.set_index("area_id").at[aid, "area_name"]
        assert str(tooltip_html(name)) in str(entry["tooltip"])
    assert layer.styles["G03"]["color"] == SELECTED_OUTLINE
    assert all(e["color"] == AREA_BORDER for a, e in layer.styles.items() if a != "G03")
    assert [sw.colors[0] for sw in layer.legend.swatches] == list(classes.colors)


def test_dimension_layer_uses_that_dimension():
    s = score(AREAS, IND, DEF, BASE)
    view = ranking_view(s, s)
    values = s.result.dimensions["ekonomi"]
    layer = index_layer(s, view, DEF, values=values, title="Ekonomi")
    classes = classify(values, scheme=BASE.scheme)
    assert all(layer.styles[a]["fill"] == classes.color_of(a) for a in layer.styles)
    assert layer.legend.title == "Ekonomi"


def test_missing_values_get_no_colour_and_are_named_in_the_legend():
    edu = [i.id for i in DEF.dimension("utbildning").indicators]
    s = score(AREAS, IND[~((IND["area_id"] == "G14") & IND["indicator_id"].isin(edu))], DEF, BASE)
    layer = index_layer(s, ranking_view(s, s), DEF)
    assert layer.styles["G14"]["fill"] is None
    name = AREAS.set_index("area_id").at["G14", "area_name"]
    assert layer.legend.missing_names == (name,) and layer.legend.swatches[-1].kind == "missing"
    assert name in layer.legend.missing_text("sv")


def test_tooltips_escape_names():
    s = score(AREAS.assign(area_name=AREAS["area_name"].where(AREAS["area_id"] != "G01", "<b>x</b>")), IND, DEF, BASE)
    layer = index_layer(s, ranking_view(s, s), DEF)
    assert "&lt;b&gt;x&lt;/b&gt;" in str(layer.styles["G01"]["tooltip"])
    assert "<b>x</b>" not in str(layer.styles["G01"]["tooltip"])


def test_unstable_areas_get_a_dashed_outline_and_a_legend_entry():
    s = score(AREAS, IND, DEF, BASE)
    frame = uncertainty_for(s, draws=500, concentration=5, seed=1).frame
    unstable = unstable_areas(frame, 3)
    assert unstable
    layer = index_layer(s, ranking_view(s, s), DEF, unstable=unstable)
    dashed = {a for a, e in layer.styles.items() if e.get("dashArray") == UNSTABLE_DASH}
    assert dashed == set(unstable)
    assert all(layer.styles[a]["color"] == UNSTABLE_OUTLINE for a in unstable)
    assert layer.legend.swatches[-1].kind == "outline" and layer.legend.swatches[-1].dashed
    plain = mark_unstable({"a": {"fill": "#440154"}}, ["b"])
    assert plain == {"a": {"fill": "#440154"}}


def test_shift_layer_is_diverging_grey_for_no_change_and_escaped():
    a = score(AREAS, IND, DEF, BASE)
    b = score(AREAS, IND, DEF, BASE.with_weight("ekonomi", 4.0))
    view = ranking_view(b, a)
    layer = shift_layer(view, lang="sv", label_a="Grund <1>", label_b="B")
    assert set(layer.styles) == set(AREAS["area_id"])
    for row in view.itertuples():
        assert layer.styles[row.area_id]["fill"] == rank_shift_color(row.rank_change)
    assert "Grund &lt;1&gt;" in str(next(iter(layer.styles.values()))["tooltip"])
    # one swatch per shade, dark blue first (tests/geo/view/test_shared_breaks.py: their numbers)
    assert [sw.colors for sw in layer.legend.swatches] == \
        [(c,) for c in reversed(SHIFT_UP)] + [(SHIFT_SAME,)] + [(c,) for c in SHIFT_DOWN]


def test_rank_shift_palette_is_diverging_and_grey_for_no_change():
    assert rank_shift_color(0) == SHIFT_SAME
    assert rank_shift_color(1) == SHIFT_UP[0] and rank_shift_color(3) == SHIFT_UP[1] and rank_shift_color(9) == SHIFT_UP[2]
    assert rank_shift_color(-1) == SHIFT_DOWN[0] and rank_shift_color(-9) == SHIFT_DOWN[2]
    assert rank_shift_color(None) is None and rank_shift_color(float("nan")) is None
