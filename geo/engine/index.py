"""The index engine: normalised indicators → dimension scores → index → rank.

Formulas (also on the method page):

* dimension score ``dim_d = Σ_i v_i·s_i / Σ_i v_i`` over the indicators *i* of the
  dimension that have a value for the area (``s_i`` normalised score, ``v_i``
  indicator weight);
* index ``I = Σ_d w_d·dim_d / Σ_d w_d`` for non-negative dimension weights ``w_d``
  (the sliders), or, with ``aggregation="geometric"``, ``I = Π_d dim_d^(w_d/Σw)``;
* rank 1 = lowest index = greatest challenges; ties share the lowest rank number.

Only the weights' ratios matter: before use, the dimension weights and each dimension's
indicator weights are scaled so that the largest lies in [1, 2) (:func:`scaled_weights`, a
division by a power of two), so scaling all weights by any factor — 1e308, 5e-324 — gives the
same index and ranks; a weight that is not a finite number ≥ 0 is refused.

Missing values are never zero. **Policy:** a dimension with one or more missing
indicators is computed from the indicators it has (their weights renormalised) and
the area gets a flag naming what is missing; a dimension with *no* indicator value
(and a weight > 0) cannot be computed, so the area gets no index and no rank
(``ranked = False``) instead of a number that would look comparable but is not.
A dimension with no value for *any* area follows :func:`geo.dataset.report.dimensions_without_data`:
weighted 0 it is left out (a note, no per-area flags; its scores stay missing and every view says
"saknar data"), weighted above 0 the scoring is refused (:class:`DimensionWithoutData`).

Geometric aggregation is defined only when every weighted dimension score is > 0,
so it is refused for ``zscore`` (scores are centred on 0) and whenever a score is
≤ 0 (e.g. the minimum area under ``minmax``); use ``ratio`` with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.dataset.report import dimensions_without_data, left_out_text, refused_hint, refused_text
from geo.definition import Definition
from geo.engine.normalise import NEUTRAL, flat_columns, normalise
from geo.i18n import t
from geo.settings import Aggregation, SettingsConflict, SettingsError, ViewSettings, geometric_conflict

#: Index values are rounded to this many decimals before ranking, so that float
#: noise (e.g. from scaling all weights) cannot split a real tie.
RANK_DECIMALS = 9


class DimensionWithoutData(SettingsConflict):
    """A dimension weighted above 0 has no value for any area: refused, in Swedish, with the way out.

    ``fallback`` (the only alternative) is the same settings with those dimensions weighted 0, so
    the app can keep the page — showing the index without them and saying so — and offer "set it to 0".
    """

    def __init__(self, settings: ViewSettings, definition: Definition, dimensions: list[str]) -> None:
        self.dimensions = tuple(dimensions)
        fallback = settings.with_(weights={**settings.weight_map, **dict.fromkeys(dimensions, 0.0)})
        super().__init__("weights", refused_text(dimensions, year=settings.year),
                         hint=refused_hint(definition, dimensions), alternatives=(fallback,), fallback=fallback)


@dataclass(frozen=True)
class IndexResult:
    """Everything one scoring produces; frames are indexed by ``area_id``."""

    normalised: pd.DataFrame  # areas × indicators
    dimensions: pd.DataFrame  # areas × dimensions
    index: pd.Series
    rank: pd.Series  # Int64, <NA> for areas that are not ranked
    flags: pd.Series  # str per area ("" when nothing to say)
    settings: ViewSettings  # the settings that made it
    weights: dict[str, float]  # resolved: every dimension of the definition
    indicator_weights: dict[str, float]
    notes: tuple[str, ...] = field(default=())

    @property
    def method(self) -> str:
        return self.settings.method

    @property
    def aggregation(self) -> str:
        return self.settings.aggregation

    @property
    def dimensions_without_data(self) -> tuple[str, ...]:
        """Dimensions with no score for any area (left out at weight 0): shown as "saknar data"."""
        dims = self.dimensions
        if dims.empty:
            return ()
        return tuple(str(d) for d in dims.columns[dims.isna().all(axis=0).to_numpy()])

    def table(self, names: Mapping[str, str] | pd.Series | None = None) -> pd.DataFrame:
        """One row per area: ``area_id, area_name, <dimensions>, index, rank, flags``, by rank."""
        out = self.dimensions.copy()
        out.insert(0, "area_name", pd.Series(names, dtype="object").reindex(out.index)
                   if names is not None else out.index.astype(str))
        out["index"] = self.index
        out["rank"] = self.rank
        out["flags"] = self.flags
        out.index.name = "area_id"
        out = out.reset_index()
        return out.sort_values(["rank", "area_id"], na_position="last", kind="mergesort").reset_index(drop=True)


def scaled_weights(weights: np.ndarray, setting: str = "weights") -> np.ndarray:
    """The weights divided by the power of two at their maximum (the largest becomes 1 ≤ w < 2).

    Only the weights' ratios matter, so this changes no result — but it keeps every sum and
    product in range: four weights of 1e308 no longer overflow to ``inf`` (index ±0.0, rank 1 for
    every area) and a single weight of 5e-324 no longer underflows (ties everywhere); both now
    rank exactly as equal weights or that weight alone. Dividing by a power of two is exact, so for
    ordinary weights (the sliders' 0–5) the arithmetic after it gives the same bits as without it.
    A weight that is not a finite number ≥ 0 is refused (:class:`~geo.settings.SettingsError`).
    """
    w = np.asarray(weights, dtype=float)
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        raise SettingsError(setting, f"en vikt måste vara ett ändligt tal ≥ 0, inte {w[bad][0]!r}.",
                            hint="Ange vikterna som vanliga tal, t.ex. 1 eller 2.5.")
    top = float(w.max()) if w.size else 0.0
    if top <= 0:
        return w
    out: np.ndarray = np.ldexp(w, 1 - math.frexp(top)[1])
    return out


def weighted_index(dims: np.ndarray, weights: np.ndarray, aggregation: Aggregation) -> np.ndarray:
    """The index of every area from its dimension scores (areas × dimensions) and the weights.

    ``Σ_d w_d·dim_d / Σ_d w_d`` (or ``exp(Σ_d (w_d/Σw)·log dim_d)``) over the dimensions with
    ``w_d > 0``, summed one dimension after the other, with the weights first scaled to their
    maximum (:func:`scaled_weights`: only their ratios matter, and no sum can overflow or
    underflow). The browser repeats exactly this arithmetic while a weight slider moves
    (``ui/components/oi_map.js``), so both give the same numbers bit for bit, on any machine (the
    scaling is by a power of two, exact for the sliders' weights). An area missing a weighted
    dimension gets NaN.
    """
    use = np.flatnonzero(weights > 0)
    weights = scaled_weights(weights)
    complete = ~np.isnan(dims[:, use]).any(axis=1)
    total = 0.0
    for j in use:
        total += float(weights[j])
    acc = np.zeros(dims.shape[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        if aggregation == "geometric":
            for j in use:
                acc = acc + np.log(dims[:, j]) * (float(weights[j]) / total)
            out = np.exp(acc)
        else:
            for j in use:
                acc = acc + np.nan_to_num(dims[:, j]) * float(weights[j])
            out = acc / total
    result: np.ndarray = np.where(complete, out, np.nan)
    return result


def compute_index(values: pd.DataFrame, definition: Definition, settings: ViewSettings, *,
                  reference: pd.DataFrame | None = None) -> IndexResult:
    """Score one year: ``values`` is areas (index = area_id) × indicator ids, raw values.

    ``reference`` (the same layout, e.g. another year's values) gives the normalisation's
    statistics instead of ``values`` (:func:`geo.engine.normalise.normalise`).

    ``settings`` gives the method, the aggregation and the weights (checked against the
    definition once, here). Indicator columns the definition does not know are ignored;
    indicators the definition has but ``values`` lacks count as missing for every area.
    A combination that cannot be computed raises :class:`~geo.settings.SettingsConflict`.
    """
    conflict = settings.conflict()
    if conflict is not None:
        raise conflict
    dim_w, ind_w = settings.resolve(definition)
    method = settings.method
    ind_ids = list(definition.indicator_ids)
    raw = values.reindex(columns=ind_ids).apply(pd.to_numeric, errors="coerce")
    x = raw.to_numpy(dtype=float, na_value=np.nan)
    polarity = np.array([definition.indicator(i).polarity for i in ind_ids], dtype=float)
    ref = None if reference is None else \
        reference.reindex(columns=ind_ids).apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    s = normalise(x, polarity, method, reference=ref)

    n_areas = x.shape[0]
    dim_ids = list(definition.dimension_ids)
    dims = np.full((n_areas, len(dim_ids)), np.nan)
    missing_msgs: list[list[str]] = [[] for _ in range(n_areas)]
    col = {ind: j for j, ind in enumerate(ind_ids)}
    empty: list[str] = []  # dimensions without any value: one rule decides (see the module docstring)
    for k, dim in enumerate(definition.dimensions):
        cols = [col[i.id] for i in dim.indicators]
        v = scaled_weights(np.array([ind_w[i.id] for i in dim.indicators]), "indicator_weights")
        sub = s[:, cols]
        have = ~np.isnan(sub)
        wsum = (have * v).sum(axis=1)
        num = np.where(have, sub, 0.0) @ v
        with np.errstate(invalid="ignore", divide="ignore"):
            dims[:, k] = np.where(wsum > 0, num / np.where(wsum > 0, wsum, 1.0), np.nan)
        if n_areas and np.isnan(dims[:, k]).all():
            empty.append(dim.id)
            continue  # said once in a note, not as a flag on every area
        lacking = (~have) & (v > 0)
        for a in np.flatnonzero(lacking.any(axis=1)):
            names = [dim.indicators[j].id for j in np.flatnonzero(lacking[a])]
            if wsum[a] > 0:
                missing_msgs[a].append(f"{dim.id}: beräknad utan {', '.join(names)}")
            else:
                missing_msgs[a].append(f"{dim.id}: saknar data")

    refused, left_out = dimensions_without_data(definition, empty, dim_w)
    if refused:
        raise DimensionWithoutData(settings, definition, refused)
    w = np.array([dim_w[d] for d in dim_ids])
    use = w > 0
    complete = np.asarray(~np.isnan(dims[:, use]).any(axis=1), dtype=bool)
    if settings.aggregation == "geometric" and (dims[complete][:, use] <= 0).any():
        raise geometric_conflict(settings, reason=t("conflict_positive_reason", settings.lang))
    idx = weighted_index(dims, w, settings.aggregation)

    area_ids = values.index.astype(str)
    index = pd.Series(idx, index=area_ids, name="index")
    rank = index.round(RANK_DECIMALS).rank(method="min", ascending=True).astype("Int64").rename("rank")
    flags = []
    for area in range(n_areas):
        msgs = list(missing_msgs[area])
        if not complete[area]:
            msgs.insert(0, "ej rankad")
        flags.append("; ".join(msgs))

    notes = [left_out_text(definition, d) for d in left_out]
    quiet = {i.id for d in left_out for i in definition.dimension(d).indicators}  # said by the note above
    flat = flat_columns(x if ref is None else ref)
    for j in np.flatnonzero(flat):
        notes.append(f"Indikatorn '{ind_ids[j]}' har samma värde i alla områden; den får det neutrala "
                     f"värdet {NEUTRAL[method]:g} överallt och påverkar inte rangordningen.")
    for j in np.flatnonzero(np.all(np.isnan(x), axis=0)):
        if ind_ids[j] in quiet:
            continue
        notes.append(f"Indikatorn '{ind_ids[j]}' saknar värden för alla områden.")

    return IndexResult(
        normalised=pd.DataFrame(s, index=area_ids, columns=ind_ids),
        dimensions=pd.DataFrame(dims, index=area_ids, columns=dim_ids),
        index=index,
        rank=rank,
        flags=pd.Series(flags, index=area_ids, name="flags", dtype="object"),
        settings=settings,
        weights=dim_w,
        indicator_weights=ind_w,
        notes=tuple(notes),
    )
