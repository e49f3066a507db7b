"""The robustness page's tables: which areas are robustly in the top k, which are on the edge."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def unstable_areas(frame: pd.DataFrame, top_k: int) -> list[str]:
    """Areas whose 5–95 % rank interval crosses the top-k boundary (``p05 ≤ k < p95``)."""
    ok = frame["p05"].notna() & frame["p95"].notna()
    sub = frame[ok]
    mask = (sub["p05"].astype(int) <= top_k) & (sub["p95"].astype(int) > top_k)
    return [str(a) for a in sub.index[mask.to_numpy()]]


def uncertainty_view(frame: pd.DataFrame, names: Mapping[str, str], top_k: int) -> pd.DataFrame:
    """The robustness table: one row per area, sorted by median rank, with a status
    (``robust`` = in the top k in ≥ 95 % of draws, ``unstable`` = interval crosses the boundary)."""
    unstable = set(unstable_areas(frame, top_k))
    out = frame.copy()
    out.index.name = "area_id"
    out = out.reset_index()
    out["area_id"] = out["area_id"].astype(str)
    out.insert(1, "area_name", [names.get(a, a) for a in out["area_id"]])
    out["status"] = ["robust" if r else ("unstable" if a in unstable else "")
                     for a, r in zip(out["area_id"], out["robust"])]
    return out.sort_values(["median_rank", "rank", "area_id"], na_position="last",
                           kind="mergesort").reset_index(drop=True)


__all__ = ["uncertainty_view", "unstable_areas"]
