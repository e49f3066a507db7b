"""The "Känslighet" sheet of the Excel export: tipping points (numbers and the sentence a meeting reads),
each dimension's influence beside its weight, and every area's acceptability with its central weights
(10,000 draws, seed 1, each weight 0.5–2 × its current value) — so the prioritisation's grounds travel
with the numbers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from geo.definition import Definition
from geo.engine.sensitivity import acceptability, influence
from geo.engine.tipping import top_k_intervals
from geo.i18n import t
from geo.output.xlsx import put_cell, set_widths, write_table
from geo.view.sensitivity import tipping_sentences

#: The acceptability the export shows (the page's defaults).
EXPORT_BOUNDS, EXPORT_DRAWS, EXPORT_SEED = (0.5, 2.0), 10_000, 1


def sensitivity_tables(dimensions: pd.DataFrame, weights: Mapping[str, float], top_k: int, aggregation: str,
                       names: Mapping[str, str], definition: Definition, lang: str) -> list[tuple[str, pd.DataFrame]]:
    """(heading, table) pairs: tipping points (arithmetic mean only), influence, acceptability."""
    out: list[tuple[str, pd.DataFrame]] = []
    dims = dimensions.dropna(axis=1, how="all")
    w = {d: float(weights.get(d, 0.0)) for d in dims.columns}
    if aggregation == "arithmetic":
        tipping = top_k_intervals(dims, w, top_k)
        tipping["text"] = tipping_sentences(tipping, definition, names, lang, top_k)
        out.append((t("se_tipping_heading", lang, k=top_k), tipping))
    out.append((t("se_influence_heading", lang), influence(dims, w)))
    acc = acceptability(dims, w, top_k, bounds=EXPORT_BOUNDS, draws=EXPORT_DRAWS, seed=EXPORT_SEED)
    frame = acc.frame.join(acc.central_weights.add_prefix("central_")).reset_index()
    frame.insert(1, "area_name", [names.get(str(a), a) for a in frame["area_id"]])
    how = t("se_accept_caption", lang, draws=EXPORT_DRAWS, seed=EXPORT_SEED, k=top_k, lo=f"{EXPORT_BOUNDS[0]:g}",
            hi=f"{EXPORT_BOUNDS[1]:g}", se=f"{50 / EXPORT_DRAWS ** 0.5:.1f}")
    out.append((f"{t('se_accept_heading', lang, k=top_k)} {how}",
                frame.sort_values("acceptability", ascending=False, kind="stable")))
    return out


def add_sensitivity_sheet(wb: Any, name: str, head: Callable[[Any], None], tables: list[tuple[str, pd.DataFrame]],
                          first_row: int) -> None:
    """Write ``tables`` one under the other on a new sheet ``name`` (``head`` writes rows 1–2)."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(name)
    head(ws)
    row = first_row
    for heading, table in tables:
        put_cell(ws, row, 1, heading, font=Font(bold=True))
        row = write_table(ws, table, row + 1, {c: "0.000" for c in table.columns}) + 2
    set_widths(ws, [18, 28, 12, 12, 14, 14, 14, 14, 60])


__all__ = ["EXPORT_BOUNDS", "EXPORT_DRAWS", "EXPORT_SEED", "add_sensitivity_sheet", "sensitivity_tables"]
