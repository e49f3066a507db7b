"""The weight space as a picture: which areas are in the top k where.

With three weighted dimensions every weighting is a point of the triangle ``w₁ + w₂ + w₃ = 1`` (the
index only depends on the weights' shares), drawn as a ternary grid. With four or five, the user picks
two dimensions and the picture is a 2-D slice: their weights on a grid, the others at their current
values. Every grid point is ranked with the engine's rule (index rounded to ``RANK_DECIMALS``, ties
share the lowest rank), and coloured by *which set* of areas is in the top k there — the same set, the
same colour, so the regions show where the prioritisation flips.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from geo.engine.index import RANK_DECIMALS
from geo.engine.uncertainty import rank_min
from geo.errors import DataError

#: Grid points per axis (2-D slice) and steps per side (ternary).
SLICE_STEPS, TERNARY_STEPS = 41, 30


def _sets(scores: np.ndarray, w: np.ndarray, ids: np.ndarray, top_k: int) -> list[str]:
    """The top-k set at every weight row of ``w`` (points × dimensions), as ';'-joined ids in rank order;
    an area missing a dimension that has weight at a point is not ranked there (the engine's rule)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        index = (w @ np.nan_to_num(scores).T) / w.sum(axis=1, keepdims=True)  # points × areas
    lacking = (np.nan_to_num(w) > 0).astype(float) @ np.isnan(scores).T.astype(float) > 0
    keys = np.where(lacking, np.nan, np.round(index, RANK_DECIMALS))
    out = []
    for row in keys:
        ok = np.isfinite(row)
        if not ok.any():
            out.append("")
            continue
        ranks = rank_min(row[ok][None, :])[0]
        inside = np.flatnonzero(ranks <= top_k)
        out.append(";".join(ids[ok][inside[np.argsort(ranks[inside], kind="stable")]]))
    return out


def _checked(dimensions: pd.DataFrame, dims: Sequence[str]) -> np.ndarray:
    missing = [d for d in dims if d not in dimensions.columns or dimensions[d].isna().all()]
    if missing:
        raise DataError(f"dimensionen '{missing[0]}' har inga värden och kan inte visas i viktrummet.")
    return dimensions.to_numpy(dtype=float)


def ternary(dimensions: pd.DataFrame, top_k: int, *, steps: int = TERNARY_STEPS) -> pd.DataFrame:
    """Three dimensions: a triangular grid of weight shares (``w1, w2, w3`` ≥ 0 summing to 1) with plane
    coordinates ``x = w2 + w3/2``, ``y = w3·√3/2`` and the top-k set at each point."""
    if dimensions.shape[1] != 3:
        raise DataError(f"en triangel kräver tre dimensioner, inte {dimensions.shape[1]}.",
                        hint="Välj två dimensioner för ett snitt genom viktrummet i stället.")
    scores = _checked(dimensions, list(dimensions.columns))
    grid = np.array([(i, j, steps - i - j) for i in range(steps + 1) for j in range(steps + 1 - i)], float) / steps
    ids = dimensions.index.astype(str).to_numpy()
    frame = pd.DataFrame(grid, columns=["w1", "w2", "w3"])
    frame["x"] = frame["w2"] + frame["w3"] / 2
    frame["y"] = frame["w3"] * np.sqrt(3) / 2
    usable = grid.sum(axis=1) > 0
    frame["set"] = _sets(scores, np.where(usable[:, None], grid, np.nan), ids, top_k)
    return frame


def weight_slice(dimensions: pd.DataFrame, weights: Mapping[str, float], top_k: int, x_dim: str, y_dim: str, *,
                 upper: float = 5.0, steps: int = SLICE_STEPS) -> pd.DataFrame:
    """Two dimensions' weights on a grid ``0…upper`` (the others at their current weights) with the top-k
    set at each point; a point where every weight is 0 has no index (empty set)."""
    if x_dim == y_dim:
        raise DataError("välj två olika dimensioner för snittet.")
    scores = _checked(dimensions, [x_dim, y_dim])
    cols = list(dimensions.columns)
    base = np.array([float(weights.get(d, 0.0)) for d in cols])
    axis = np.linspace(0.0, upper, steps)
    xs, ys = np.meshgrid(axis, axis, indexing="xy")
    w = np.repeat(base[None, :], xs.size, axis=0)
    w[:, cols.index(x_dim)] = xs.ravel()
    w[:, cols.index(y_dim)] = ys.ravel()
    w = np.where(w.sum(axis=1, keepdims=True) > 0, w, np.nan)
    frame = pd.DataFrame({"x": xs.ravel(), "y": ys.ravel()})
    frame["set"] = _sets(scores, w, dimensions.index.astype(str).to_numpy(), top_k)
    return frame


__all__ = ["SLICE_STEPS", "TERNARY_STEPS", "ternary", "weight_slice"]
