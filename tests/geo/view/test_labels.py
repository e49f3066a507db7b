"""Map labels (geo.view.labels): anchors inside their areas, room, texts, and placement without overlap."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Point, Polygon, box

from geo.view.labels import (
    BADGE_OVERHANG,
    Candidate,
    abbreviation,
    label_anchors,
    label_texts,
    metric_anchors,
    overlaps,
    place,
    short_name,
)


def frame(geoms, crs=3006) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"area_id": [f"A{i}" for i in range(len(geoms))]}, geometry=geoms, crs=crs)


def test_anchor_sits_deep_inside_an_l_shaped_area_not_at_its_centroid():
    ell = Polygon([(0, 0), (1000, 0), (1000, 200), (200, 200), (200, 1000), (0, 1000)])
    assert not ell.contains(ell.centroid)  # the centroid is outside: a label there would float
    a = metric_anchors(frame([ell]))[0]["A0"]
    assert ell.contains(Point(a.lon, a.lat))
    # in the middle of an arm (200 m wide, 1000 m long): the long way is the label's way
    assert a.half_width >= 400 and 60 <= a.half_height <= 100


def test_multipolygon_is_labelled_in_its_largest_part():
    small, large = box(0, 0, 10, 10), box(1000, 1000, 3000, 2000)
    a = metric_anchors(frame([MultiPolygon([small, large])]))[0]["A0"]
    assert 1000 < a.lon < 3000 and 1000 < a.lat < 2000
    assert a.half_width > 500 and a.half_height > 300


def test_lonlat_anchors_from_any_crs():
    g = frame([box(370000, 6160000, 372000, 6161000)], crs=3006)
    a = label_anchors(g)["A0"]
    assert 12.9 < a.lon < 13.1 and 55.5 < a.lat < 55.7  # Malmö
    assert round(a.half_width) == 1000 and round(a.half_height) == 500
    same = label_anchors(g.to_crs(4326))["A0"]  # unprojected input is measured in metres too
    assert abs(same.half_width - 1000) < 30 and abs(same.half_height - 500) < 30


@settings(max_examples=40, deadline=None)
@given(w=st.floats(50, 5000), h=st.floats(50, 5000), notch=st.floats(0.1, 0.8))
def test_anchor_is_inside_and_room_fits_inside(w, h, notch):
    shape = Polygon([(0, 0), (w, 0), (w, h), (w * notch, h), (w * notch, h * notch), (0, h * notch)])
    a = metric_anchors(frame([shape]))[0]["A0"]
    assert shape.buffer(1e-6).contains(Point(a.lon, a.lat))
    assert 0 < a.half_width <= w / 2 + 1e-6 and 0 < a.half_height <= h / 2 + 1e-6
    # the room is free: the horizontal and vertical arms of that size are inside the area
    arms = box(a.lon - a.half_width * 0.99, a.lat - 0.01, a.lon + a.half_width * 0.99, a.lat + 0.01)
    assert shape.buffer(1e-6).contains(arms)


def test_every_area_gets_the_anchor_it_would_get_alone():
    """The anchors are found for all areas at once (one GEOS call per step): no area's crossings may
    leak into another's, whatever mix of shapes, holes, parts, invalid rings and empty rows."""
    shapes = [
        Polygon([(0, 0), (1000, 0), (1000, 200), (200, 200), (200, 1000), (0, 1000)]),  # L
        box(5000, 0, 5300, 2000),  # tall and narrow
        Polygon(box(9000, 0, 11000, 2000).exterior.coords, [box(9800, 800, 10200, 1200).exterior.coords]),  # hole
        MultiPolygon([box(20000, 0, 20010, 10), box(21000, 1000, 23000, 2000)]),
        Polygon([(30000, 0), (31000, 1000), (31000, 0), (30000, 1000)]),  # a bow tie: invalid, made valid
        Polygon(),  # empty: no anchor
        None,  # no geometry: no anchor
        box(40000, 0, 40150, 150),
    ]
    together = metric_anchors(frame(shapes))[0]
    alone = {}
    for i, shape in enumerate(shapes):
        one = gpd.GeoDataFrame({"area_id": [f"A{i}"]}, geometry=[shape], crs=3006)
        alone.update(metric_anchors(one)[0])
    assert set(together) == {"A0", "A1", "A2", "A3", "A4", "A7"}
    assert together == alone
    lonlat = label_anchors(frame(shapes))
    for aid, a in together.items():  # the room is the metric one; only the point is reprojected
        assert (lonlat[aid].half_width, lonlat[aid].half_height) == (a.half_width, a.half_height)


def test_texts_longest_first_and_none_without_rank():
    assert label_texts(1, "Område I · Mellersta") == ("1 Område I", "1")
    assert label_texts(12, "Västra Innerstaden") == ("12 Västra Innerstaden", "12 V. Innerstaden", "12")
    assert label_texts(None, "x") == ()
    assert short_name("  ") == "" and abbreviation("A") == ""


def measure(text: str) -> tuple[float, float]:
    return len(text) * 7.0 + 6, 18.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 400), st.floats(0, 300), st.floats(0, 80), st.floats(0, 30),
                          st.integers(1, 60)), min_size=1, max_size=40),
       st.lists(st.tuples(st.floats(0, 400), st.floats(0, 300)), max_size=4))
def test_placed_labels_never_overlap_and_respect_room(cands, ovls):
    areas = [Candidate(f"a{i}", label_texts(r, f"Område {i}"), x, y, hw, hh) for i, (x, y, hw, hh, r)
             in enumerate(cands)]
    overlays = [Candidate(f"o{i}", ("Utsatt område", "Utsatt"), x, y, 0, 0, badge=False)
                for i, (x, y) in enumerate(ovls)]
    placed = place(areas, measure, overlays=overlays, bounds=(0, 0, 400, 300))
    for i, a in enumerate(placed):
        assert 0 <= a.box[0] and a.box[2] <= 400 and 0 <= a.box[1] and a.box[3] <= 300
        for b in placed[i + 1:]:
            assert not overlaps(a.box, b.box), (a, b)
    by_key = {c.key: c for c in areas + overlays}
    for p in placed:
        cand = by_key[p.key]
        assert p.text in cand.texts
        if cand.badge:
            w, h = measure(p.text)
            slack = 1 + BADGE_OVERHANG if p.text == cand.texts[-1] else 1.0
            assert w / 2 <= cand.half_width * slack + 1e-9 and h / 2 <= cand.half_height * slack + 1e-9


def test_rank_one_wins_a_contested_spot_and_names_come_after_every_badge():
    a = Candidate("first", ("1 Långt namn", "1"), 100, 100, 200, 50)
    b = Candidate("second", ("2 Annat", "2"), 110, 100, 200, 50)  # its badge overlaps rank 1's badge
    c = Candidate("third", ("3 Tredje", "3"), 140, 100, 200, 50)  # room for its badge, but not if 1 grows
    placed = {p.key: p.text for p in place([a, b, c], measure)}
    assert placed["first"] == "1" or placed["first"].startswith("1")
    assert "second" not in placed  # rank 1 keeps the spot
    assert placed["third"] == "3"  # its badge came before rank 1's name, so the name had to stay short
    assert placed["first"] == "1"


def test_a_top_k_badge_is_placed_even_where_its_area_is_too_small():
    """91 RegSO: the priority areas are small inner-city areas; their rank must still be on the map."""
    measure = lambda text: (len(text) * 8 + 8, 20)  # noqa: E731
    tiny = Candidate("small", ("1 Örtagården norr", "1"), 100, 100, 2, 2)
    assert place([tiny], measure) == []
    placed = place([replace(tiny, must=True)], measure)
    assert [(p.key, p.text) for p in placed] == [("small", "1")]  # the badge, never the long name
    # never over another label: a second top-k badge on the same spot moves out beside it
    other = Candidate("next", ("2 Herrgården", "2"), 102, 101, 2, 2, must=True)
    both = {p.key: p for p in place([replace(tiny, must=True), other], measure)}
    assert set(both) == {"small", "next"} and not overlaps(both["small"].box, both["next"].box)
    assert both["small"].box == placed[0].box  # rank 1 keeps its anchor
