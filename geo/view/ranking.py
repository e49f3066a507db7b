"""The ranking as the pages show it: rank, change against the baseline, top-k entries and exits.

Plain frames, computed from two :class:`~geo.engine.scoring.Scored` results and tested
without a browser. The top k is the current settings' ``top_k``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.engine.scoring import Scored

ARROW_UP, ARROW_DOWN, SAME = "↑", "↓", "–"


def rank_change_label(change: float | None) -> str:
    """``↑2`` = moved two places towards rank 1 (higher priority), ``↓1`` = one place away.

    Plain arrows, no coloured emoji: the meaning must not depend on an emoji font or on colour
    (the map component colours them as well, blue up and orange down).
    """
    if change is None or pd.isna(change):
        return ""
    change = int(change)
    if change > 0:
        return f"{ARROW_UP}{change}"
    if change < 0:
        return f"{ARROW_DOWN}{-change}"
    return SAME


def ranking_view(current: Scored, baseline: Scored) -> pd.DataFrame:
    """The ranking table: current rank, baseline rank, change and top-k status per area.

    ``rank_change = baseline_rank − rank``: positive means the area moved towards rank 1
    (greater challenges, higher priority) compared with ``baseline`` (usually the
    definition's default weights). The top k is ``current.settings.top_k``.
    """
    top_k = current.settings.top_k
    cur = current.table.set_index("area_id")
    base = baseline.table.set_index("area_id")
    out = pd.DataFrame({
        "rank": cur["rank"],
        "area_name": cur["area_name"],
        "index": cur["index"],
        "baseline_rank": base["rank"].reindex(cur.index),
        "flags": cur["flags"],
    })
    out["rank_change"] = (out["baseline_rank"] - out["rank"]).astype("Int64")
    out["change_label"] = [rank_change_label(v) for v in out["rank_change"]]
    out["in_top_k"] = (out["rank"] <= top_k).fillna(False).astype(bool)
    out["was_top_k"] = (out["baseline_rank"] <= top_k).fillna(False).astype(bool)
    out["top_k_status"] = np.select(
        [out["in_top_k"] & ~out["was_top_k"], ~out["in_top_k"] & out["was_top_k"]],
        ["in", "out"], default="")
    out.index.name = "area_id"
    out = out.reset_index()
    return out.sort_values(["rank", "area_id"], na_position="last", kind="mergesort").reset_index(drop=True)


@dataclass(frozen=True)
class TopKChanges:
    entering: tuple[str, ...]  # area names entering the top k
    leaving: tuple[str, ...]


def top_k_changes(view: pd.DataFrame) -> TopKChanges:
    return TopKChanges(
        entering=tuple(view.loc[view["top_k_status"] == "in", "area_name"]),
        leaving=tuple(view.loc[view["top_k_status"] == "out", "area_name"]),
    )


def compare_table(view: pd.DataFrame, *, top_k: int) -> pd.DataFrame:
    """Areas whose top-k membership differs between A (``baseline_rank``) and B (``rank``)."""
    sub = view[view["top_k_status"] != ""]
    return sub[["area_id", "area_name", "baseline_rank", "rank", "top_k_status"]].reset_index(drop=True)


__all__ = ["ARROW_DOWN", "ARROW_UP", "SAME", "TopKChanges", "compare_table", "rank_change_label",
           "ranking_view", "top_k_changes"]
