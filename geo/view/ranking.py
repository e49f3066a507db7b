"""The ranking as the pages show it: rank, change against the baseline, top-k entries and exits,
and why an area has no rank or carries a note on its data.

Plain frames, computed from two :class:`~geo.engine.scoring.Scored` results and tested
without a browser. The top k is the current settings' ``top_k``.

**Unranked areas and data notes.** The engine writes one ``flags`` string per area in
Swedish (``"ej rankad; utbildning: saknar data"``, ``"ekonomi: beräknad utan x"``; the CSV
keeps it as it is). The pages, the map and the exports show it in the user's language, split
in two: the *reason* an area has no rank (``"saknar värden i Utbildning"``) and its *flags*,
the notes on a rank that was computed anyway. The reason depends on the dimension weights (a
dimension without data counts only when its weight is above 0), so it is derived from the
dimension scores and weights (:func:`dimension_notes`, repeated by ``ui/components/oi_map.js``
while a slider moves), never from the ``"ej rankad"`` text alone. Rank cells of an unranked
area read ``"– (ej rankad)"``, never ``None`` or ``nan``; a flagged area's name gets a plain
``*`` (no emoji: the meaning must not depend on an emoji font).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.definition import Definition
from geo.engine.index import IndexResult
from geo.engine.scoring import Scored
from geo.i18n import t

ARROW_UP, ARROW_DOWN, SAME = "↑", "↓", "–"
#: Put after a flagged area's name in every ranking (plain ASCII: every font has it).
FLAG_MARK = "*"

# The engine's flag items (geo.engine.index.compute_index, geo.engine.scoring.score_results).
_ENGINE_NOT_RANKED = "ej rankad"
_ENGINE_NO_RESULT = "saknar resultat"
_ENGINE_NO_DATA = re.compile(r"^(?P<dim>[^:]+): saknar data$")
_ENGINE_WITHOUT = re.compile(r"^(?P<dim>[^:]+): beräknad utan (?P<indicators>.+)$")


def rank_text(rank: object, lang: str = "sv") -> str:
    """A rank as a table cell: ``"3"``, or ``"– (ej rankad)"`` for an area without a rank.

    Never ``None``/``nan``/``<NA>``: an Int64 column with missing ranks shows those in a table.
    """
    if rank is None or pd.isna(rank):  # type: ignore[call-overload]
        return t("rank_not_ranked", lang)
    return str(int(rank))  # type: ignore[call-overload]


def _dim_label(definition: Definition | None, dim_id: str, lang: str) -> str:
    if definition is not None and dim_id in definition.dimension_ids:
        return definition.dimension(dim_id).display_label(lang)
    return dim_id


def _indicator_label(definition: Definition | None, ind_id: str, lang: str) -> str:
    if definition is not None and ind_id in definition.indicator_ids:
        return definition.indicator(ind_id).display_label(lang)
    return ind_id


@dataclass(frozen=True)
class FixedNotes:
    """The part of an area's engine flags that does not depend on the dimension weights, in one
    language: a reason for having no rank (``"saknar rad i resultattabellen"``, "" when none) and
    the flags (``"Ekonomi: beräknad utan …"``, unknown engine texts as they are)."""

    reason: str = ""
    flags: tuple[str, ...] = ()


def fixed_notes(flags: object, definition: Definition | None, lang: str = "sv") -> FixedNotes:
    """Read one engine ``flags`` string (``"; "``-separated items) into :class:`FixedNotes`.

    ``"ej rankad"`` and ``"<dim>: saknar data"`` are left out: whether a missing dimension
    explains a missing rank or is only a note depends on its weight (:func:`dimension_notes`).
    """
    reason = ""
    out: list[str] = []
    if not isinstance(flags, str):
        return FixedNotes()
    for item in (part.strip() for part in flags.split(";")):
        if not item or item == _ENGINE_NOT_RANKED or _ENGINE_NO_DATA.match(item):
            continue
        if item == _ENGINE_NO_RESULT:
            reason = t("reason_no_result", lang)
            continue
        without = _ENGINE_WITHOUT.match(item)
        if without:
            names = [_indicator_label(definition, i.strip(), lang) for i in without["indicators"].split(",")]
            out.append(t("flag_computed_without", lang, dim=_dim_label(definition, without["dim"], lang),
                         indicators=", ".join(names)))
        else:
            out.append(item)
    return FixedNotes(reason=reason, flags=tuple(out))


def dimension_notes(missing: Sequence[str], weights: Mapping[str, float], *, ranked: bool,
                    present: Iterable[str]) -> tuple[list[str], list[str]]:
    """Which of an area's missing dimensions explain why it has no rank, and which are only notes.

    ``missing``: the dimensions without a score for the area; ``present``: those with a score for
    at least one area. Returns (dimensions for the reason, dimensions to note as "saknar data"):
    an unranked area's reason is its missing dimensions weighted above 0; the rest are notes. A
    dimension no area has is neither (the data's notes say it once, and it counts as weight 0),
    so computed results holding only an index give no dimension reason at all.
    ``ui/components/oi_map.js`` (``notesFor``) repeats this for the weights of a moving slider.
    """
    present = set(present)
    gaps = [d for d in missing if d in present]
    reason = [] if ranked else [d for d in gaps if weights.get(d, 0.0) > 0]
    return reason, [d for d in gaps if d not in reason]


@dataclass(frozen=True)
class AreaNotes:
    """Why an area has no rank (``reason``, "" when it has one) and its notes on the data."""

    reason: str = ""
    flags: tuple[str, ...] = ()

    @property
    def flag_text(self) -> str:
        return "; ".join(self.flags)

    def note(self, lang: str = "sv") -> str:
        """One cell: ``"ej rankad: saknar värden i Utbildning; Ekonomi: beräknad utan …"``."""
        parts = ([t("not_ranked_because", lang, reason=self.reason)] if self.reason else []) + list(self.flags)
        return "; ".join(parts)


def area_notes(result: IndexResult, definition: Definition | None = None,
               lang: str | None = None) -> dict[str, AreaNotes]:
    """Per ``area_id`` with something to say, the reason it has no rank and its notes, in
    ``lang`` (default: the settings' language), with the definition's labels (ids without one).
    Areas with a rank, every dimension and no flag are left out (6,000 areas cost little)."""
    lang = lang or result.settings.lang
    ids = result.index.index
    dims = result.dimensions.reindex(ids)
    dim_ids = [str(d) for d in dims.columns]
    values = dims.to_numpy(dtype=float)
    gaps = np.isnan(values)
    present = [d for d, none in zip(dim_ids, gaps.all(axis=0), strict=True) if not none]
    flags = result.flags.reindex(ids).fillna("").astype(str).to_numpy()
    unranked = result.rank.reindex(ids).isna().to_numpy()
    out: dict[str, AreaNotes] = {}
    for pos in np.flatnonzero(unranked | gaps.any(axis=1) | (flags != "")):
        ranked = not unranked[pos]
        fixed = fixed_notes(flags[pos], definition, lang)
        missing = [d for d, gap in zip(dim_ids, gaps[pos], strict=True) if gap]
        reason_dims, noted = dimension_notes(missing, result.weights, ranked=ranked, present=present)
        notes = tuple(t("flag_no_data", lang, dim=_dim_label(definition, d, lang)) for d in noted) + fixed.flags
        reason = ""
        if not ranked:
            reason = fixed.reason or (t("reason_missing_dims", lang, dims=", ".join(
                _dim_label(definition, d, lang) for d in reason_dims)) if reason_dims else t("reason_no_index", lang))
        if reason or notes:
            out[str(ids[int(pos)])] = AreaNotes(reason=reason, flags=notes)
    return out


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


def ranking_view(current: Scored, baseline: Scored, definition: Definition | None = None) -> pd.DataFrame:
    """The ranking table: current rank, baseline rank, change and top-k status per area.

    ``rank_change = baseline_rank − rank``: positive means the area moved towards rank 1
    (greater challenges, higher priority) compared with ``baseline`` (usually the
    definition's default weights). The top k is ``current.settings.top_k``.

    For display, in the settings' language (labels from ``definition``): ``rank_text`` and
    ``baseline_rank_text`` (``"– (ej rankad)"`` without a rank), ``reason`` (why there is no
    rank), ``flag_text`` (notes on the data), ``note`` (both in one cell), ``flagged`` and
    ``name_marked`` (the name with :data:`FLAG_MARK` when flagged). ``flags`` stays the
    engine's text (the CSV's column).
    """
    top_k = current.settings.top_k
    lang = current.settings.lang
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
    out["change_label"] = _change_labels(out["rank_change"])
    out["in_top_k"] = (out["rank"] <= top_k).fillna(False).astype(bool)
    out["was_top_k"] = (out["baseline_rank"] <= top_k).fillna(False).astype(bool)
    out["top_k_status"] = np.select(
        [out["in_top_k"] & ~out["was_top_k"], ~out["in_top_k"] & out["was_top_k"]],
        ["in", "out"], default="")
    # Column-wise (a rerun at 6,000 areas must stay cheap): only areas with notes are visited one by one.
    out["rank_text"] = _rank_texts(out["rank"], lang)
    out["baseline_rank_text"] = _rank_texts(out["baseline_rank"], lang)
    noted = {a: n for a, n in area_notes(current.result, definition, lang).items() if a in out.index}
    ids = pd.Index(list(noted), dtype=object)
    out["reason"] = pd.Series([n.reason for n in noted.values()], index=ids, dtype=object).reindex(out.index,
                                                                                                   fill_value="")
    out["flag_text"] = pd.Series([n.flag_text for n in noted.values()], index=ids, dtype=object).reindex(
        out.index, fill_value="")
    out["note"] = pd.Series([n.note(lang) for n in noted.values()], index=ids, dtype=object).reindex(
        out.index, fill_value="")
    out["flagged"] = pd.Series([bool(n.flags) for n in noted.values()], index=ids, dtype=bool).reindex(
        out.index, fill_value=False).astype(bool)
    out["name_marked"] = out["area_name"].astype(str).where(~out["flagged"], out["area_name"].astype(str)
                                                             + f" {FLAG_MARK}")
    out.index.name = "area_id"
    out = out.reset_index()
    return out.sort_values(["rank", "area_id"], na_position="last", kind="mergesort").reset_index(drop=True)


def _rank_texts(ranks: pd.Series, lang: str) -> pd.Series:
    """:func:`rank_text` for a whole column."""
    missing = ranks.isna()
    text = ranks.fillna(0).astype("int64").astype(str)
    return text.where(~missing, t("rank_not_ranked", lang))


def _change_labels(changes: pd.Series) -> pd.Series:
    """:func:`rank_change_label` for a whole column."""
    values = changes.fillna(0).astype("int64")
    text = pd.Series(SAME, index=changes.index, dtype=object)
    text[values > 0] = ARROW_UP + values[values > 0].astype(str)
    text[values < 0] = ARROW_DOWN + (-values[values < 0]).astype(str)
    text[changes.isna()] = ""
    return text


def marked_name(name: object, flagged: bool) -> str:
    """The area's name, with `` *`` when it has a note on its data."""
    return f"{name} {FLAG_MARK}" if flagged else str(name)


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
    display = [c for c in ("baseline_rank_text", "rank_text", "name_marked", "note") if c in sub.columns]
    return sub[["area_id", "area_name", "baseline_rank", "rank", "top_k_status", *display]].reset_index(drop=True)


__all__ = ["ARROW_DOWN", "ARROW_UP", "FLAG_MARK", "SAME", "AreaNotes", "FixedNotes", "TopKChanges", "area_notes",
           "compare_table", "dimension_notes", "fixed_notes", "marked_name", "rank_change_label", "rank_text",
           "ranking_view", "top_k_changes"]
