"""Two index definitions side by side: the impact of a revised index, and how coherent its dimensions are.

The health committee asked what adding a dimension (``malmo-2023-halsa``: Hälsa) does to the
priority areas. :func:`compare_versions` scores **the same data** with two definitions, each with
its **own default weights** (the comparison is between the indices as written, not between the
sidebar's sliders), in the same year and with the same method, aggregation, reference year and
top k, and returns the rank shifts and the areas entering and leaving the top k.

:func:`coherence` asks whether a dimension's indicators measure one thing: **Cronbach's alpha**
of the indicators' polarity-aligned, standardised values across the areas. This module uses the
*standardised* alpha from the mean inter-indicator correlation ``r̄``::

    α = k·r̄ / (1 + (k − 1)·r̄)        (k indicators, r̄ = mean Pearson correlation of the pairs)

on the areas with a value for every indicator of the dimension (complete cases). On z-scores of
those areas it is *exactly* the raw-variance alpha ``k/(k−1)·(1 − Σ var_i / var(Σ z_i))``
(the covariance matrix of z-scores is the correlation matrix), and z-scores are what the index
sums by default — so one number serves both readings, independent of the indicators' units.
Indicator weights are not part of it (alpha assumes equal weights; the definitions use 1 by
default); an indicator weighted 0 in the definition is not part of the dimension and is left out.

Rule of thumb: α ≥ 0,7 is acceptable. **With 14 areas alpha is very uncertain** (three
indicators, α = 0,8: Feldt's 95 % interval is about 0,51–0,93; α = 0,7: 0,26–0,90), so read it
as a warning light, not a test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.dataset.load import Dataset
from geo.definition import Definition, Dimension
from geo.engine.index import DimensionWithoutData
from geo.engine.scoring import Scored, score_dataset
from geo.errors import DataError
from geo.i18n import short_list, t
from geo.settings import SettingsConflict, ViewSettings

#: Rule of thumb: a dimension whose alpha reaches this is acceptably coherent.
ALPHA_ACCEPTABLE = 0.7
#: Fewer complete areas than this give no correlation worth the name: alpha is not computed.
MIN_AREAS = 3

#: Columns of :attr:`VersionComparison.table`.
TABLE_COLUMNS = ("area_id", "area_name", "index_a", "rank_a", "index_b", "rank_b", "shift", "in_top_a",
                 "in_top_b", "top_k_status")
#: Columns of :func:`coherence`.
COHERENCE_COLUMNS = ("dimension", "indicators", "areas", "mean_r", "alpha", "acceptable", "reason")


@dataclass(frozen=True)
class VersionComparison:
    """Two definitions scored on the same data, year and method; B is compared against A.

    ``table``: one row per area (:data:`TABLE_COLUMNS`), sorted by B's rank (unranked last);
    ``shift = rank_a − rank_b``: positive = higher priority (nearer rank 1) in B, as
    ``rank_change`` in :mod:`geo.view.ranking`; ``<NA>`` when either version has no rank.
    ``top_k_status`` is ``"in"`` (enters the top k in B), ``"out"`` (leaves it) or ``""``.
    ``entering`` (by B's rank) and ``leaving`` (by A's rank) are area ids. ``notes`` say what
    was changed to make the comparison possible (year, reference year, a conflict's fallback),
    in the settings' language.
    """

    definition_a: Definition
    definition_b: Definition
    scored_a: Scored
    scored_b: Scored
    table: pd.DataFrame
    entering: tuple[str, ...]
    leaving: tuple[str, ...]
    year: int
    top_k: int
    notes: tuple[str, ...] = ()

    @property
    def same(self) -> bool:
        """No area changes rank (e.g. the same definition twice)."""
        return bool((self.table["shift"].fillna(0) == 0).all())


def common_year(data: Dataset, def_a: Definition, def_b: Definition, wanted: int | None) -> tuple[int, list[int]]:
    """The year to compare: ``wanted`` when both definitions have data for it, else the latest year
    both have (a year only one version has data for compares nothing). Returns it and the common years."""
    common = sorted(set(data.years(def_a)) & set(data.years(def_b)))
    if not common:
        raise DataError(f"indexversionerna '{def_a.id}' och '{def_b.id}' har inget år med data gemensamt.",
                        hint="Kontrollera att indikatortabellen har värden för båda definitionernas indikatorer "
                             "samma år.")
    return (wanted if wanted in common else common[-1]), common


def compare_versions(data: Dataset, def_a: Definition, def_b: Definition, settings: ViewSettings) -> VersionComparison:
    """Score ``data`` with ``def_a`` and ``def_b`` (each with its own default weights) and compare the ranks.

    From ``settings`` it keeps the method, aggregation, reference year, top k and language; the
    weights are the definitions' own. The year is ``settings.year`` when both have data for it, else
    the latest year both have (a note says so when a year was asked for). A reference year only one
    version has is dropped (a note). **Conflicts are not refused:** a combination that cannot be
    computed (geometric mean with z-scores, percentile ranks with a reference year, a dimension of a
    version without data for the year) is replaced by its ``fallback`` — what the app shows meanwhile,
    e.g. that dimension at weight 0 — and a note says so, so the comparison is always of two indices
    that exist. What no fallback fixes (computed results, no common year) raises :class:`DataError`.
    """
    if data.results_mode:
        raise DataError("jämförelsen av indexversioner kräver indikatorvärden, men datan är färdiga resultat.",
                        hint="Ladda en indikatortabell (Importera) för att jämföra definitionerna.")
    lang = settings.lang
    notes: list[str] = []
    year, common = common_year(data, def_a, def_b, settings.year)
    if settings.year is not None and settings.year != year:
        notes.append(t("ver_note_year", lang, wanted=settings.year, year=year))
    base = settings.with_(year=year)
    if base.reference_year is not None and base.reference_year not in common:
        notes.append(t("ver_note_reference", lang, year=base.reference_year))
        base = base.with_(reference_year=None)
    conflict = base.conflict()  # the same for both versions: said once
    if conflict is not None:
        notes.append(t("ver_note_conflict", lang, message=str(conflict)))
        base = conflict.fallback
    scored_a = _score(data, def_a, base, notes)
    scored_b = _score(data, def_b, base, notes)
    table = _table(scored_a, scored_b, base.top_k)
    status = table.set_index("area_id")["top_k_status"]
    entering = tuple(str(a) for a in status.index[status == "in"])  # the table is in B's order
    leaving_rows = table[table["top_k_status"] == "out"].sort_values(["rank_a", "area_id"], kind="mergesort")
    return VersionComparison(definition_a=def_a, definition_b=def_b, scored_a=scored_a, scored_b=scored_b,
                             table=table, entering=entering, leaving=tuple(leaving_rows["area_id"].astype(str)),
                             year=year, top_k=base.top_k, notes=tuple(notes))


def _score(data: Dataset, definition: Definition, base: ViewSettings, notes: list[str]) -> Scored:
    """``definition`` with its own weights; a conflict's fallback (with a note) instead of a refusal."""
    lang = base.lang
    wanted = base.with_(definition_id=definition.id, definition_version=definition.version, weights=(),
                        indicator_weights=())
    name = definition.display_name(lang)
    for _ in range(3):  # a fallback may meet a second conflict (weight 0 for a dimension, then geometric ≤ 0)
        try:
            return score_dataset(data, definition, wanted)
        except DimensionWithoutData as exc:
            dims = ", ".join(definition.dimension(d).display_label(lang) for d in exc.dimensions)
            notes.append(t("ver_note_no_data", lang, version=name, dims=dims, year=base.year))
            wanted = exc.fallback
        except SettingsConflict as exc:
            notes.append(t("ver_note_version_conflict", lang, version=name, message=str(exc)))
            wanted = exc.fallback
        except DataError as exc:
            raise DataError(f"indexversionen '{definition.id}' kan inte beräknas för år {base.year}: {exc}") from None
    raise DataError(f"indexversionen '{definition.id}' kan inte beräknas för år {base.year} med de valda "
                    "inställningarna.", hint="Välj ett annat år eller en annan normaliseringsmetod.")


def _table(scored_a: Scored, scored_b: Scored, top_k: int) -> pd.DataFrame:
    """One row per area: both ranks, the shift and the top-k status (see :class:`VersionComparison`)."""
    a = scored_a.table.set_index("area_id")
    b = scored_b.table.set_index("area_id").reindex(a.index)
    out = pd.DataFrame({
        "area_name": a["area_name"],
        "index_a": a["index"].astype(float),
        "rank_a": a["rank"].astype("Int64"),
        "index_b": b["index"].astype(float),
        "rank_b": b["rank"].astype("Int64"),
    }, index=a.index)
    out["shift"] = (out["rank_a"] - out["rank_b"]).astype("Int64")
    out["in_top_a"] = (out["rank_a"] <= top_k).fillna(False).astype(bool)
    out["in_top_b"] = (out["rank_b"] <= top_k).fillna(False).astype(bool)
    out["top_k_status"] = np.select([out["in_top_b"] & ~out["in_top_a"], out["in_top_a"] & ~out["in_top_b"]],
                                    ["in", "out"], default="")
    out.index.name = "area_id"
    out = out.reset_index()
    out["area_id"] = out["area_id"].astype(str)
    out = out.sort_values(["rank_b", "rank_a", "area_id"], na_position="last", kind="mergesort")
    return out.reset_index(drop=True)[list(TABLE_COLUMNS)]


# ---------------------------------------------------------------------- coherence

def _items(dimension: Dimension) -> list[str]:
    """The indicators that make up the dimension's score (weight > 0 in the definition)."""
    return [i.id for i in dimension.indicators if i.weight > 0]


def _aligned(values: pd.DataFrame, definition: Definition, dimension: Dimension) -> pd.DataFrame:
    """The dimension's indicators on the areas with a value for each (complete cases), multiplied by
    their polarity, so that higher always means "better" and a positive correlation means "agree"."""
    items = _items(dimension)
    raw = values.reindex(columns=items).apply(pd.to_numeric, errors="coerce").astype(float).dropna()
    polarity = pd.Series({i: float(definition.indicator(i).polarity) for i in items}, dtype=float)
    aligned: pd.DataFrame = raw * polarity
    return aligned


def indicator_correlations(values: pd.DataFrame, definition: Definition, dim_id: str) -> pd.DataFrame:
    """Pearson correlations between one dimension's indicators, polarity-aligned (positive = they agree).

    ``values`` is one year's raw values, areas × indicator ids. Computed on the areas with a value
    for every indicator of the dimension, the same areas as its alpha; NaN where an indicator
    has no variation there.
    """
    aligned = _aligned(values, definition, definition.dimension(dim_id))
    corr = aligned.corr(method="pearson") if len(aligned) >= 2 else pd.DataFrame(
        np.nan, index=aligned.columns, columns=aligned.columns)
    corr.index.name = None
    corr.columns.name = None
    return corr.astype(float)


def cronbach_alpha(mean_r: float, k: int) -> float:
    """Standardised alpha ``k·r̄ / (1 + (k − 1)·r̄)`` (NaN when undefined: k < 2, or r̄ at its lower bound
    −1/(k − 1), where the indicators cancel out and the formula's pole makes any number meaningless).

    >>> round(cronbach_alpha(0.5, 3), 3)
    0.75
    >>> cronbach_alpha(1.0, 4)
    1.0
    """
    denominator = 1.0 + (k - 1) * mean_r
    if k < 2 or not np.isfinite(mean_r) or denominator <= 1e-9:
        return float("nan")
    return float(k * mean_r / denominator)


def coherence(values: pd.DataFrame, definition: Definition, *, lang: str = "sv") -> pd.DataFrame:
    """Per dimension: how many indicators and complete areas, the mean inter-indicator correlation
    ``mean_r`` and Cronbach's (standardised) ``alpha`` (see the module docstring), whether it is
    acceptable (α ≥ :data:`ALPHA_ACCEPTABLE`) and, when alpha is NaN, the ``reason`` in ``lang``.

    ``values`` is one year's raw values, areas × indicator ids (:meth:`Dataset.values`).
    """
    rows = []
    for dim in definition.dimensions:
        aligned = _aligned(values, definition, dim)
        k, n = aligned.shape[1], aligned.shape[0]
        mean_r = alpha = float("nan")
        reason = ""
        if k < 2:
            reason = t("ver_reason_one_indicator", lang)
        elif n < MIN_AREAS:
            reason = t("ver_reason_few_areas", lang, n=n, min=MIN_AREAS)
        else:
            sd = aligned.std(ddof=1)
            flat = [definition.indicator(str(i)).display_label(lang) for i in sd.index[~(sd > 0)]]
            if flat:
                reason = t("ver_reason_flat", lang, indicators=short_list(flat, 5))
            else:
                corr = aligned.corr(method="pearson").to_numpy(dtype=float)
                mean_r = float(corr[~np.eye(k, dtype=bool)].mean())
                alpha = cronbach_alpha(mean_r, k)
                if np.isnan(alpha):
                    reason = t("ver_reason_undefined", lang)
        rows.append({"dimension": dim.id, "indicators": k, "areas": n, "mean_r": mean_r, "alpha": alpha,
                     "acceptable": bool(alpha >= ALPHA_ACCEPTABLE), "reason": reason})
    return pd.DataFrame(rows, columns=list(COHERENCE_COLUMNS))


__all__ = ["ALPHA_ACCEPTABLE", "COHERENCE_COLUMNS", "MIN_AREAS", "TABLE_COLUMNS", "VersionComparison", "coherence",
           "common_year", "compare_versions", "cronbach_alpha", "indicator_correlations"]
