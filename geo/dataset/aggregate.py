"""Rolling fine areas (DeSO, delområden) up to coarse ones (GeSO, stadsdelar).

The rule that matters: **a share is never averaged from percentages.** For every
indicator in the long table, per coarse area and year, in this order:

1. rows with ``numerator`` and ``denominator`` → Σ share·num / Σ share·den × scale
   (the scale, e.g. 100 for percent, is read off the fine rows);
2. ``ratios={id: (num_id, den_id)}`` → the same from two count indicators in the table;
3. ``counts`` (indicator ids that are counts) → Σ share·value;
4. otherwise, with a population (``weight=`` an indicator id in the table, or a column of
   the fine layer in :func:`aggregate_overlay`) → population-weighted mean;
5. otherwise → :class:`DataError`: a plain mean of percentages is refused.

A missing fine value makes the coarse value missing (``missing="propagate"``, the
default: a sum over part of the areas is not the total) or is left out and counted
(``missing="skip"``). ``share`` is the part of a fine area that lies in the coarse
area (1 for a plain crosswalk; area fractions from :func:`overlay_crosswalk`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.dataset.report import match_ids
from geo.errors import DataError
from geo.readers.cells import parse_number_column

Missing = Literal["propagate", "skip"]
_SCALES = np.array([1.0, 100.0, 1000.0, 10_000.0, 100_000.0])


@dataclass
class Aggregated:
    """The coarse long table plus what did not match."""
    table: pd.DataFrame
    unmatched_fine: list[str] = field(default_factory=list)
    crosswalk_without_data: list[str] = field(default_factory=list)
    id_changes: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def read_crosswalk(frame: pd.DataFrame, *, file: str = "") -> pd.DataFrame:
    """Validate a crosswalk ``fine_id, coarse_id[, share]`` (text cells allowed)."""
    cols = {str(c).strip().lower(): c for c in frame.columns}
    for need in ("fine_id", "coarse_id"):
        if need not in cols:
            raise DataError(f"kolumnen '{need}' saknas i kopplingstabellen.", file=file or None,
                            hint="Kopplingstabellen behöver kolumnerna fine_id, coarse_id och valfritt share.")
    out = pd.DataFrame({"fine_id": frame[cols["fine_id"]].astype(str).str.strip(),
                        "coarse_id": frame[cols["coarse_id"]].astype(str).str.strip()})
    if "share" in cols:
        share, missing = parse_number_column(frame[cols["share"]], file=file, column="share")
        if missing.any() or ((share < 0) | (share > 1)).any():
            pos = int(np.flatnonzero((missing | (share < 0) | (share > 1)).to_numpy())[0])
            raise DataError(f"kolumnen 'share', rad {pos + 2}: andelen måste vara ett tal mellan 0 och 1.",
                            file=file or None, hint="share är den del av det fina området som ligger i det grova.")
        out["share"] = share.to_numpy()
    else:
        out["share"] = 1.0
    if out.duplicated(["fine_id", "coarse_id"]).any():
        row = out[out.duplicated(["fine_id", "coarse_id"])].iloc[0]
        raise DataError(f"kopplingen {row.fine_id} → {row.coarse_id} förekommer mer än en gång.",
                        file=file or None, hint="Ta bort dubbletten.")
    total = out.groupby("fine_id")["share"].sum()
    over = total[total > 1 + 1e-6]
    if len(over):
        raise DataError(f"andelarna för '{over.index[0]}' summerar till {over.iloc[0]:g} (över 1).",
                        file=file or None, hint="Ett fint område kan inte fördelas på mer än 100 %.")
    return out


def _scale(value: pd.Series, num: pd.Series, den: pd.Series, ind: str) -> float:
    ok = value.notna() & num.notna() & (den > 0) & (num > 0)
    if not ok.any():
        return 100.0
    factor = float(np.median(value[ok] * den[ok] / num[ok]))
    best = float(_SCALES[np.argmin(np.abs(np.log(_SCALES) - np.log(max(factor, 1e-12))))])
    if not np.isclose(factor, best, rtol=0.05):
        raise DataError(f"indikatorn '{ind}': value stämmer inte med numerator/denominator "
                        f"(value ≈ {factor:g} × numerator/denominator).",
                        hint="Kontrollera täljare och nämnare, eller ta bort dem så att värdena summeras/vägs.")
    return best


def _combine(part: pd.DataFrame, cols: list[str], missing: Missing) -> pd.DataFrame:
    """Σ share·col per (coarse area, year), honouring missing parts."""
    rows = []
    for (coarse, year), g in part.groupby(["coarse_id", "year"], sort=True):
        bad = g[cols].isna().any(axis=1)
        rec = {"area_id": coarse, "year": year, "n_fine": int(len(g)), "n_missing": int(bad.sum())}
        for c in cols:
            vals = g.loc[~bad, c] * g.loc[~bad, "share"]
            rec[c] = np.nan if (bad.any() and missing == "propagate") or (~bad).sum() == 0 else float(vals.sum())
        rows.append(rec)
    return pd.DataFrame(rows)


def aggregate_crosswalk(
    values: pd.DataFrame,
    crosswalk: pd.DataFrame,
    *,
    counts: Collection[str] = (),
    ratios: Mapping[str, tuple[str, str]] | None = None,
    weight: str | None = None,
    missing: Missing = "propagate",
) -> Aggregated:
    """Aggregate a long table (fine ``area_id``) to the crosswalk's coarse ids.

    ``values``: ``area_id, indicator_id, year, value`` and optional ``numerator``,
    ``denominator``. ``crosswalk``: ``fine_id, coarse_id[, share]`` (see
    :func:`read_crosswalk`). Fine ids are matched like area ids in the join report
    (whitespace, case, leading zeros). Returns coarse rows with ``value``,
    ``numerator``, ``denominator``, ``method``, ``n_fine`` and ``n_missing``.
    """
    cw = read_crosswalk(crosswalk)
    ratios = dict(ratios or {})
    fine_ids = pd.Series(values["area_id"].astype(str).unique())
    matched, changes = match_ids(fine_ids, cw["fine_id"])
    fine_map = dict(zip(fine_ids, matched))
    frame = values.copy()
    frame["fine_id"] = frame["area_id"].astype(str).map(fine_map)
    unmatched = sorted(fine_ids[matched.isna()].tolist())
    frame = frame[frame["fine_id"].notna()].merge(cw, on="fine_id")
    with_data = set(fine_map.values())
    no_data = sorted(set(cw["fine_id"]) - with_data)
    for col in ("numerator", "denominator"):
        if col not in frame.columns:
            frame[col] = np.nan
    pop = None
    if weight is not None:
        pop = frame.loc[frame["indicator_id"] == weight, ["fine_id", "year", "value"]] \
            .drop_duplicates(["fine_id", "year"])
        counts = {*counts, weight}  # the population itself is a count
        if pop.empty:
            raise DataError(f"befolkningsindikatorn '{weight}' finns inte i tabellen.",
                            hint="Ange indicator_id för en befolkningsmängd som finns i tabellen.")
    notes: list[str] = []
    out = []
    ids = sorted(set(frame["indicator_id"]) | set(ratios))
    for ind in ids:
        part = frame[frame["indicator_id"] == ind]
        if ind in ratios:
            num_id, den_id = ratios[ind]
            nums = frame[frame["indicator_id"] == num_id][["fine_id", "coarse_id", "share", "year", "value"]]
            dens = frame[frame["indicator_id"] == den_id][["fine_id", "coarse_id", "year", "value"]]
            if nums.empty or dens.empty:
                raise DataError(f"kvoten '{ind}' behöver indikatorerna '{num_id}' och '{den_id}' i tabellen.")
            both = nums.rename(columns={"value": "numerator"}).merge(
                dens.rename(columns={"value": "denominator"}), on=["fine_id", "coarse_id", "year"], how="outer")
            both["share"] = both["share"].fillna(1.0)
            res = _combine(both, ["numerator", "denominator"], missing)
            res["value"] = 100.0 * res["numerator"] / res["denominator"].where(res["denominator"] > 0)
            res["method"] = "kvot av summor"
        elif part[["numerator", "denominator"]].notna().all(axis=None) and len(part):
            scale = _scale(part["value"], part["numerator"], part["denominator"], ind)
            res = _combine(part, ["numerator", "denominator"], missing)
            res["value"] = scale * res["numerator"] / res["denominator"].where(res["denominator"] > 0)
            res["method"] = "kvot av summor"
        elif ind in counts:
            res = _combine(part, ["value"], missing)
            res["method"] = "summa"
        elif pop is not None:
            p = part.merge(pop.rename(columns={"value": "_pop"}), on=["fine_id", "year"], how="left")
            if p["_pop"].isna().all() and len(pop):
                latest = pop[pop["year"] == pop["year"].max()][["fine_id", "value"]]
                p = part.merge(latest.rename(columns={"value": "_pop"}), on="fine_id", how="left")
                notes.append(f"{ind}: vägd med befolkning från år {int(pop['year'].max())}.")
            p["_wx"] = p["value"] * p["_pop"]
            res = _combine(p, ["_wx", "_pop"], missing)
            res["value"] = res["_wx"] / res["_pop"].where(res["_pop"] > 0)
            res = res.drop(columns=["_wx", "_pop"])
            res["method"] = "befolkningsvägt medel"
        else:
            raise DataError(
                f"indikatorn '{ind}' kan inte aggregeras: den saknar täljare och nämnare och är inte markerad "
                "som antal.",
                hint="Ge kolumnerna numerator och denominator, markera den som antal (counts), eller ange en "
                     "befolkningsindikator att väga med. Ett vanligt medelvärde av andelar räknas aldrig.")
        res["indicator_id"] = ind
        out.append(res)
    cols = ["area_id", "indicator_id", "year", "value", "numerator", "denominator", "method", "n_fine", "n_missing"]
    table = pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=cols)
    for c in cols:
        if c not in table.columns:
            table[c] = np.nan
    table = table[cols].sort_values(["indicator_id", "year", "area_id"]).reset_index(drop=True)
    table["year"] = table["year"].astype(int)
    table["suppressed"] = table["value"].isna()
    return Aggregated(table=table, unmatched_fine=unmatched, crosswalk_without_data=no_data,
                      id_changes=changes, notes=notes)


def metric_crs(gdf: gpd.GeoDataFrame):
    """The layer's CRS when projected (metres), else SWEREF 99 TM (EPSG:3006)."""
    return gdf.crs if gdf.crs is not None and gdf.crs.is_projected else "EPSG:3006"


def overlay_crosswalk(
    fine_areas: gpd.GeoDataFrame, coarse_areas: gpd.GeoDataFrame, *, min_share: float = 0.01
) -> pd.DataFrame:
    """A crosswalk ``fine_id, coarse_id, share`` from a spatial overlay, in the fine layer's
    metric CRS (coarse reprojected to it). ``share`` = area of the intersection / area of
    the fine area. Slivers below ``min_share`` (digitising noise along shared borders) are
    dropped and each fine area's shares rescaled to its covered total (to exactly 1 when the
    coarse layer covers it to within 10⁻⁶, so that counts add up exactly)."""
    for name, gdf in (("fina", fine_areas), ("grova", coarse_areas)):
        if gdf.crs is None:
            raise DataError(f"det {name} områdeslagret saknar koordinatsystem.",
                            hint="Läs lagren med geo.readers.areas.read_areas, som kräver ett definierat CRS.")
    crs = metric_crs(fine_areas)
    fine = fine_areas[["area_id", "geometry"]].to_crs(crs).rename(columns={"area_id": "fine_id"})
    coarse = coarse_areas[["area_id", "geometry"]].to_crs(crs).rename(columns={"area_id": "coarse_id"})
    fine["_fine_area"] = fine.area
    inter = gpd.overlay(fine, coarse, how="intersection", keep_geom_type=True)
    inter["share"] = inter.area / inter["_fine_area"]
    covered = inter.groupby("fine_id")["share"].transform("sum")
    inter = inter[inter["share"] >= min_share].copy()
    kept = inter.groupby("fine_id")["share"].transform("sum")
    # A fine area covered to within float noise counts as fully covered, so that counts add up exactly.
    target = covered.loc[inter.index].where(covered.loc[inter.index] < 1 - 1e-6, 1.0)
    inter["share"] = (inter["share"] / kept * target).clip(upper=1.0)
    return pd.DataFrame(inter[["fine_id", "coarse_id", "share"]]).sort_values(["fine_id", "coarse_id"]) \
        .reset_index(drop=True)


def aggregate_overlay(
    fine_areas: gpd.GeoDataFrame,
    coarse_areas: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    weight: Literal["area"] | str = "area",
    counts: Collection[str] = (),
    ratios: Mapping[str, tuple[str, str]] | None = None,
    missing: Missing = "propagate",
    min_share: float = 0.01,
) -> Aggregated:
    """Aggregate by spatial overlay (see :func:`overlay_crosswalk` and the module rules).

    A fine area split between coarse areas is apportioned by area (its population is
    assumed to be spread evenly within it). ``weight="area"`` uses no population, so
    percentages need numerators/denominators; ``weight=<column>`` names a population
    column of ``fine_areas`` (or an indicator id in ``values``) used to weight
    percentages that have no denominator (a column literally named ``area`` cannot be
    used: rename it).
    """
    cw = overlay_crosswalk(fine_areas, coarse_areas, min_share=min_share)
    pop_id = None
    if weight != "area":
        if weight in fine_areas.columns:
        
            pop_vals = parse_number_column(fine_areas[weight], column=weight)[0]
            years = sorted(values["year"].unique()) or [0]
            pop_id = "__befolkning__"
            pop_rows = pd.DataFrame([{"area_id": a, "indicator_id": pop_id, "year": y, "value": v}
                                     for a, v in zip(fine_areas["area_id"], pop_vals) for y in years])
            values = pd.concat([values, pop_rows], ignore_index=True)
        elif weight in set(values["indicator_id"]):
            pop_id = weight
        else:
            raise DataError(f"befolkningskolumnen '{weight}' finns varken i områdeslagret eller i tabellen.",
                            hint="Ange en kolumn med befolkningsmängd, eller weight='area'.")
    res = aggregate_crosswalk(values, cw, counts=counts, ratios=ratios, weight=pop_id, missing=missing)
    if pop_id == "__befolkning__":
        res.table = res.table[res.table["indicator_id"] != pop_id].reset_index(drop=True)
    return res
