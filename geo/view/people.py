"""What a priority list means in people: how many live in the top-k areas, and how many are 0–19.

The index is about children and young people, so a politician's first question about "these three
areas" is how many live there. The population comes from the area layer (``[dataset]
population_col``/``young_col``, :func:`geo.dataset.load.read_population`), never from the index data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.i18n import fmt_number, t


@dataclass(frozen=True)
class People:
    """Persons in some areas (``young``: aged 0–19, None when the data has no such column)."""

    total: int
    young: int | None
    year: int | None
    areas: int
    share: float  # of the whole population of all areas, 0–1

    def text(self, lang: str = "sv") -> str:
        """"I de 3 områdena bor 28 400 personer (8 % av alla), varav 7 900 i åldern 0–19 (SCB 2024).\""""
        young = "" if self.young is None else t("people_young", lang, young=fmt_number(self.young, lang, 0))
        year = "" if self.year is None else f" ({self.year})"
        return t("people_line", lang, n=self.areas, total=fmt_number(self.total, lang, 0),
                 share=fmt_number(100 * self.share, lang, 0), young=young, year=year)


def people_in(population: pd.DataFrame | None, area_ids: Iterable[object]) -> People | None:
    """Persons living in ``area_ids`` (None without population data, or when an area's count is unknown)."""
    if population is None or "total" not in population.columns:
        return None
    ids = [str(a) for a in area_ids]
    if not ids:
        return None
    rows = population.reindex(ids)
    if rows["total"].isna().any():
        return None
    total = float(rows["total"].sum())
    everyone = float(np.nansum(population["total"].to_numpy(dtype=float)))
    young = None
    if "young" in rows.columns and rows["young"].notna().all():
        young = int(round(float(rows["young"].sum())))
    year = population.attrs.get("year")
    return People(total=int(round(total)), young=young, year=int(year) if year else None, areas=len(ids),
                  share=total / everyone if everyone > 0 else 0.0)


__all__ = ["People", "people_in"]
