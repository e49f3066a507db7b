"""Map labels: where an area's rank and name go, how much room there is, and which labels fit.

A room looks at a projector; it cannot hover. So every area carries its rank inside its
polygon and, where it fits, a short name. The same rules serve the live map (the browser
repeats :func:`place` in ``ui/components/oi_map.js``, measuring text there) and the PNG/PDF
export (matplotlib measures text, :mod:`geo.output.brief`):

* **Anchor**: the pole of inaccessibility of the area's largest part (``polylabel``), the
  point deepest inside it, so a label sits inside even a crescent or an L-shaped area; then
  moved to the middle of the inside segment through it horizontally, since labels are wide.
* **Room**: from the anchor, the distance to the boundary to the left/right and up/down
  (metres, in the layer's metric CRS). A label fits when its half-width and half-height fit
  in that room (a rank badge may overhang a little; it is the essential part).
* **Priority**: first every rank badge, rank 1 first — a top-k area's badge even when its area is
  too small for it (``must``: on 91 RegSO the priority areas are small inner-city areas, and a
  map whose top 3 carry no number cannot be read in a meeting); then the overlays' labels; then, rank 1
  first, the longest text that still fits (rank + short name → rank + abbreviation). A label
  that would overlap one already placed is shortened or left out: labels never overlap. The
  full name is always in the tooltip and the table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

#: How far a rank badge may stick out of its area's room (fraction of its own size).
BADGE_OVERHANG = 0.35
#: A one-word name is cut to this many characters (plus ".").
ABBREVIATION_CHARS = 7
_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*")
#: A name's first part is its short name: "Område I · Mellersta", "Hyllie – Södra".
_SEPARATOR = re.compile(r"\s+[·•|–—/]\s+|\s+-\s+|,\s+")


def short_name(name: str) -> str:
    """The name's first part, without a parenthesised part, whitespace collapsed.

    >>> short_name("Södra Sofielund (Seved)"), short_name("  Område\\nA "), short_name("(x)")
    ('Södra Sofielund', 'Område A', '(x)')
    >>> short_name("Område I · Mellersta"), short_name("Hyllie - Södra"), short_name("Limhamn, sjöstaden")
    ('Område I', 'Hyllie', 'Limhamn')
    """
    collapsed = " ".join(str(name).split())
    first = _SEPARATOR.split(collapsed, maxsplit=1)[0]
    shortened = " ".join(_PARENTHESIS.sub(" ", first).split())
    return shortened or collapsed


def abbreviation(name: str, chars: int = ABBREVIATION_CHARS) -> str:
    """A shorter form of the short name, or "" when there is none worth having.

    Several words: initials of all but the last word ("Södra Sofielund" → "S. Sofielund"),
    when the last word has at least three letters; one long word: its first ``chars``
    characters and a full stop. Short names stay as they are.

    >>> abbreviation("Södra Sofielund (Seved)"), abbreviation("Område A"), abbreviation("Oxievångsskolan")
    ('S. Sofielund', '', 'Oxievån.')
    """
    short = short_name(name)
    words = short.split()
    if len(words) > 1 and len(words[-1]) >= 3:
        abbr = " ".join(w[0] + "." for w in words[:-1]) + " " + words[-1]
        return abbr if len(abbr) + 3 <= len(short) else ""
    if len(words) == 1 and len(short) > chars + 2:
        return short[:chars] + "."
    return ""


def label_texts(rank: int | None, name: str) -> tuple[str, ...]:
    """The label variants of one area, longest first: rank + name, rank + abbreviation, rank.

    An area without a rank gets no label (it has no value; the legend names it).

    >>> label_texts(3, "Södra Sofielund (Seved)")
    ('3 Södra Sofielund', '3 S. Sofielund', '3')
    >>> label_texts(None, "A")
    ()
    """
    if rank is None:
        return ()
    out = [f"{rank} {short_name(name)}"]
    abbr = abbreviation(name)
    if abbr:
        out.append(f"{rank} {abbr}")
    out.append(str(rank))
    return tuple(out)


# ---------------------------------------------------------------------- anchors and room


@dataclass(frozen=True)
class Anchor:
    """Where one area's label goes (lon/lat) and the room around it, in metres."""

    lon: float
    lat: float
    half_width: float
    half_height: float


def _largest_part(geom: Polygon | MultiPolygon) -> Polygon:
    if isinstance(geom, MultiPolygon):
        return max(geom.geoms, key=lambda g: g.area)
    return geom


def _label_parts(geoms: Sequence[object]) -> list[Polygon]:
    """Each area's largest polygon (made valid first), the part its label goes in."""
    valid = shapely.is_valid(np.asarray(geoms, dtype=object))
    parts: list[Polygon] = []
    for geom, ok in zip(geoms, valid, strict=True):
        part = _largest_part(geom if ok else shapely.make_valid(geom))
        if not isinstance(part, Polygon):  # make_valid may give a collection: use its largest polygon
            polys = [g for g in getattr(part, "geoms", []) if isinstance(g, Polygon)]
            part = max(polys, key=lambda g: g.area) if polys else geom.envelope  # type: ignore[attr-defined]
        parts.append(part)
    return parts


def _inside_segments(parts: np.ndarray, bounds: np.ndarray, x: np.ndarray, y: np.ndarray,
                     axis: int) -> tuple[np.ndarray, np.ndarray]:
    """For every part, the boundary crossings just before and after (x, y) on the horizontal
    (axis 0) or vertical (axis 1) line through it: the inside segment that holds the point
    (``nan`` where the line finds no crossing on one side). All parts at once: one GEOS call
    per step instead of one per area, which is what makes 6,000 areas take a second, not five."""
    n = len(parts)
    if axis == 0:
        ends = np.stack([np.column_stack([bounds[:, 0] - 1, y]), np.column_stack([bounds[:, 2] + 1, y])], axis=1)
        centre = x
    else:
        ends = np.stack([np.column_stack([x, bounds[:, 1] - 1]), np.column_stack([x, bounds[:, 3] + 1])], axis=1)
        centre = y
    hits = shapely.intersection(shapely.linestrings(ends), shapely.boundary(parts))
    coords, index = shapely.get_coordinates(hits, return_index=True)
    c = coords[:, axis]
    below = np.full(n, -np.inf)
    above = np.full(n, np.inf)
    lower = c <= centre[index]
    np.maximum.at(below, index[lower], c[lower])
    upper = c >= centre[index]
    np.minimum.at(above, index[upper], c[upper])
    found = np.isfinite(below) & np.isfinite(above)
    return np.where(found, below, np.nan), np.where(found, above, np.nan)


def _anchors(parts: list[Polygon]) -> np.ndarray:
    """(x, y, half width, half height) per part: the pole of inaccessibility (GEOS's maximum
    inscribed circle, as ``polylabel``), moved to the middle of its horizontal inside segment
    (labels are wide and centred), and the room there, rounded down to 0.1 m."""
    arr = np.asarray(parts, dtype=object)
    bounds = shapely.bounds(arr)
    tolerance = np.maximum(np.minimum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]) * 0.01, 0.5)
    poles = shapely.get_point(shapely.maximum_inscribed_circle(arr, tolerance), 0)
    x, y = shapely.get_x(poles), shapely.get_y(poles)
    left, right = _inside_segments(arr, bounds, x, y, 0)
    across = ~np.isnan(left)
    x = np.where(across, (left + right) / 2, x)
    # The segment through the moved point is the same one: no crossing lies strictly inside it.
    down, up = _inside_segments(arr, bounds, x, y, 1)
    hw = np.where(across, (right - left) / 2, 0.0)
    hh = np.where(np.isnan(down), 0.0, np.minimum(y - down, up - y))
    return np.column_stack([x, y, np.floor(hw * 10) / 10, np.floor(hh * 10) / 10])


def metric_anchors(areas: gpd.GeoDataFrame, id_col: str | None = "area_id") -> tuple[dict[str, Anchor], object]:
    """The label anchor and room of every area in the layer's metric CRS (EPSG:3006 when it has
    none), and that CRS. ``Anchor.lon``/``lat`` then hold x/y in metres (the exports draw there)."""
    metric = areas if areas.crs is not None and areas.crs.is_projected else areas.to_crs(3006)
    ids = np.asarray(metric[id_col].astype(str) if id_col is not None else [str(i) for i in range(len(metric))],
                     dtype=object)
    geoms = np.asarray(metric.geometry.array, dtype=object)
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not keep.any():
        return {}, metric.crs
    values = _anchors(_label_parts(list(geoms[keep]))).tolist()
    out = {aid: Anchor(x, y, hw, hh) for aid, (x, y, hw, hh) in zip(ids[keep].tolist(), values, strict=True)}
    return out, metric.crs


def label_anchors(areas: gpd.GeoDataFrame, id_col: str | None = "area_id") -> dict[str, Anchor]:
    """The label anchor (lon/lat) and room (metres) of every area (``area_id`` → :class:`Anchor`;
    with ``id_col=None`` the row positions as strings, e.g. for an overlay's polygons).

    Computed in the layer's metric CRS (:func:`metric_anchors`), so the room is in metres
    whatever the input; ``polylabel``'s tolerance is 1 % of the part's smaller side.
    """
    metric, crs = metric_anchors(areas, id_col)
    if not metric:
        return {}
    xy = np.array([(a.lon, a.lat) for a in metric.values()])
    lonlat = shapely.get_coordinates(gpd.GeoSeries(shapely.points(xy), crs=crs).to_crs(4326).array).tolist()
    return {aid: Anchor(round(lon, 6), round(lat, 6), a.half_width, a.half_height)
            for (aid, a), (lon, lat) in zip(metric.items(), lonlat, strict=True)}


# ---------------------------------------------------------------------- placing


@dataclass(frozen=True)
class Candidate:
    """One label to place: its texts (longest first), its anchor and room, in display units.

    ``x``/``y`` and the room (``half_width``/``half_height``) are in the units ``measure``
    returns (pixels on screen, points in print). ``badge`` marks the last text as the rank
    badge, which may overhang its room by :data:`BADGE_OVERHANG`; overlay labels have none.
    """

    key: str
    texts: tuple[str, ...]
    x: float
    y: float
    half_width: float
    half_height: float
    badge: bool = True
    #: A top-k area: its badge is placed at the anchor even without room (never over another label).
    must: bool = False


@dataclass(frozen=True)
class Placed:
    key: str
    text: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Boxes (x0, y0, x1, y1) that share more than an edge."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def overlay_offsets(w: float, h: float, padding: float) -> list[tuple[float, float]]:
    """Where an overlay label may go, nearest first: its anchor, then six rings of eight positions.

    >>> overlay_offsets(40, 10, 2)[:3]
    [(0.0, 0.0), (0.0, -14.0), (0.0, 14.0)]
    """
    out = [(0.0, 0.0)]
    step_y, step_x = h + 2 * padding, w / 2 + h
    for ring in range(1, 7):
        for ux, uy in ((0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1)):
            out.append((float(ux * step_x * ring), float(uy * step_y * ring)))
    return out


def place(candidates: Iterable[Candidate], measure: Callable[[str], tuple[float, float]], *,
          overlays: Iterable[Candidate] = (), padding: float = 2.0,
          bounds: tuple[float, float, float, float] | None = None) -> list[Placed]:
    """Place labels greedily, in three passes, so that no two boxes (grown by ``padding``) overlap:

    1. each area's rank badge (its last text), in the given order (rank 1 first), where it
       fits its room (with :data:`BADGE_OVERHANG`) — a ``must`` badge (top k) whatever its room, at
       its anchor or, when that is taken, on rings around it (:func:`overlay_offsets`);
    2. the overlay labels (full text, then short), at the anchor or on rings around it
       (:func:`overlay_offsets`; the browser draws a leader line to a moved label);
    3. for each area placed, its longest text that fits its room and overlaps nothing else.

    ``measure(text)`` gives (width, height); ``bounds`` (x0, y0, x1, y1) keeps labels inside
    the drawing. ``ui/components/oi_map.js`` runs the same passes on screen pixels (tested).
    """
    placed: dict[str, Placed] = {}

    def box_at(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        return (x - w / 2 - padding, y - h / 2 - padding, x + w / 2 + padding, y + h / 2 + padding)

    def free(box: tuple[float, float, float, float], owner: str | None) -> bool:
        if bounds is not None and (box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2]
                                   or box[3] > bounds[3]):
            return False
        return not any(k != owner and overlaps(box, p.box) for k, p in placed.items())

    def fits(cand: Candidate, text: str, slack: float) -> tuple[float, float] | None:
        w, h = measure(text)
        return (w, h) if w / 2 <= cand.half_width * slack and h / 2 <= cand.half_height * slack else None

    areas = [c for c in candidates if c.texts]
    for cand in areas:
        size = measure(cand.texts[-1]) if cand.must else fits(cand, cand.texts[-1], 1.0 + BADGE_OVERHANG)
        if size is None:
            continue
        # A top-k badge that finds its anchor taken moves out on rings, like an overlay label
        # (the browser draws a leader line back to the area).
        offsets = overlay_offsets(*size, padding) if cand.must else [(0.0, 0.0)]
        spot = next((b for dx, dy in offsets if free(b := box_at(cand.x + dx, cand.y + dy, *size), None)), None)
        if spot is not None:
            placed[cand.key] = Placed(cand.key, cand.texts[-1], spot)
    for ovl in overlays:
        for text in ovl.texts:
            w, h = measure(text)
            spot = next((b for dx, dy in overlay_offsets(w, h, padding)
                         if free(b := box_at(ovl.x + dx, ovl.y + dy, w, h), None)), None)
            if spot is not None:
                placed[ovl.key] = Placed(ovl.key, text, spot)
                break
    for cand in areas:
        if cand.key not in placed:
            continue
        for text in cand.texts[:-1]:
            size = fits(cand, text, 1.0)
            if size is None:
                continue
            box = box_at(cand.x, cand.y, *size)
            if free(box, cand.key):
                placed[cand.key] = Placed(cand.key, text, box)
                break
    return list(placed.values())


def by_rank(ranks: Sequence[float | None]) -> list[int]:
    """Positions in label priority: rank 1 first, areas without a rank last (they get no label)."""
    keyed = [(math.inf if r is None or (isinstance(r, float) and math.isnan(r)) else float(r), i)
             for i, r in enumerate(ranks)]
    return [i for _, i in sorted(keyed)]


__all__ = ["ABBREVIATION_CHARS", "BADGE_OVERHANG", "Anchor", "Candidate", "Placed", "abbreviation", "by_rank",
           "label_anchors", "label_texts", "metric_anchors", "overlaps", "overlay_offsets", "place", "short_name"]
