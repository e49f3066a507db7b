"""The sensitivity page's words and tables: tipping points as sentences ("Ekonomi kan ligga mellan 0,6 och
2,3 utan att topp 3 ändras; över 2,3 går Område X in i stället för Område Y"), acceptabilities and
influences with localised headers. The numbers come from :mod:`geo.engine.tipping` and
:mod:`geo.engine.sensitivity`; here they only become text a meeting can read.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import pandas as pd

from geo.definition import Definition
from geo.i18n import fmt_number, t
from geo.view.frames import records


def _names(ids: object, names: Mapping[str, str]) -> str:
    parts = [p for p in str(ids or "").split(";") if p and p != "nan"]
    return ", ".join(str(names.get(p, p)) for p in parts)


def _label(definition: Definition, dim_id: str, lang: str) -> str:
    try:
        return definition.dimension(dim_id).display_label(lang)
    except Exception:  # noqa: BLE001 - a result column that is not one of the definition's
        return dim_id


def tipping_sentence(row: Mapping[str, object], definition: Definition, names: Mapping[str, str], lang: str,
                     k: int) -> str:
    """One dimension's tipping points as a sentence (see the module docstring)."""
    dim = _label(definition, str(row["dimension"]), lang)
    w, lo, hi = (float(row[c]) for c in ("weight", "lower", "upper"))  # type: ignore[arg-type]
    if math.isnan(lo) or math.isnan(hi):
        return t("se_tip_no_data", lang, dim=dim)
    fmt = {"dim": dim, "k": k, "w": fmt_number(w, lang), "lo": fmt_number(lo, lang), "hi": fmt_number(hi, lang)}
    if lo <= 0 and math.isinf(hi):
        return t("se_tip_any", lang, **fmt) + "."
    head = t("se_tip_from" if math.isinf(hi) else ("se_tip_upto" if lo <= 0 else "se_tip_between"), lang, **fmt)
    tails = []
    if lo > 0 and (row.get("enters_below") or row.get("leaves_below")):
        tails.append(t("se_tip_below", lang, lo=fmt["lo"], enters=_names(row.get("enters_below"), names) or "–",
                       leaves=_names(row.get("leaves_below"), names) or "–"))
    if not math.isinf(hi) and (row.get("enters_above") or row.get("leaves_above")):
        tails.append(t("se_tip_above", lang, hi=fmt["hi"], enters=_names(row.get("enters_above"), names) or "–",
                       leaves=_names(row.get("leaves_above"), names) or "–"))
    return "; ".join([head, *tails]) + "."


def slider_note(row: Mapping[str, object], lang: str, k: int) -> str:
    """The short form under a weight slider: "Topp 3 oförändrad mellan 0,60 och 2,30"."""
    lo, hi = float(row["lower"]), float(row["upper"])  # type: ignore[arg-type]
    if math.isnan(lo) or math.isnan(hi):
        return ""
    if lo <= 0 and math.isinf(hi):
        return t("se_note_any", lang, k=k)
    if math.isinf(hi):
        return t("se_note_from", lang, k=k, lo=fmt_number(lo, lang))
    if lo <= 0:
        return t("se_note_upto", lang, k=k, hi=fmt_number(hi, lang))
    return t("se_note_between", lang, k=k, lo=fmt_number(lo, lang), hi=fmt_number(hi, lang))


def compact_tipping(table: pd.DataFrame, definition: Definition, lang: str, k: int) -> str:
    """All dimensions on one line for the PDF brief: "Brytpunkter (topp 3 oförändrad): Delaktighet upp till 2,86 ·
    Utbildning 0,28–4,89 · …"."""
    parts = []
    for r in records(table):
        lo, hi = float(r["lower"]), float(r["upper"])
        if math.isnan(lo):
            continue
        span = ("≥ 0" if lo <= 0 else f"≥ {fmt_number(lo, lang)}") if math.isinf(hi) else \
            (f"≤ {fmt_number(hi, lang)}" if lo <= 0 else f"{fmt_number(lo, lang)}–{fmt_number(hi, lang)}")
        parts.append(f"{_label(definition, str(r['dimension']), lang)} {span}")
    return t("se_compact", lang, k=k, parts=" · ".join(parts))


def compact_acceptability(top: pd.DataFrame, names: Mapping[str, str], lang: str, k: int,
                          bounds: tuple[float, float], draws: int) -> str:
    """The top k's acceptability on one line (PDF brief)."""
    parts = ", ".join(f"{names.get(str(a), a)} {fmt_number(100 * float(v), lang, 0)} %"
                      for a, v in zip(top.index, top["acceptability"], strict=True))
    return t("se_compact_accept", lang, k=k, lo=fmt_number(bounds[0], lang, 1), hi=fmt_number(bounds[1], lang, 1),
             draws=draws, parts=parts)


def compact_influence(frame: pd.DataFrame, definition: Definition, lang: str) -> str:
    """Each dimension's share of the influence beside its share of the weights, on one line (PDF brief)."""
    parts = " · ".join(f"{_label(definition, str(r['dimension']), lang)} {fmt_number(100 * r['influence'], lang, 0)} % "
                       f"({fmt_number(100 * r['weight_share'], lang, 0)} %)" for r in records(frame)
                       if r["weight_share"] > 0)
    return t("se_compact_influence", lang, parts=parts)


def tipping_sentences(table: pd.DataFrame, definition: Definition, names: Mapping[str, str], lang: str,
                      k: int) -> list[str]:
    """A sentence per dimension of :func:`geo.engine.tipping.top_k_intervals`'s table."""
    return [tipping_sentence(r, definition, names, lang, k) for r in records(table)]


def acceptability_table(frame: pd.DataFrame, central: pd.DataFrame, names: Mapping[str, str],
                        definition: Definition, lang: str) -> pd.DataFrame:
    """Per area: name, acceptability in per cent and central weights, most acceptable first."""
    acc = frame["acceptability"] if "acceptability" in frame.columns else frame.iloc[:, 0]
    order = acc.sort_values(ascending=False, kind="stable").index
    out = pd.DataFrame({t("area", lang): [str(names.get(str(a), a)) for a in order],
                        t("se_col_accept", lang): [fmt_number(100 * float(acc[a]), lang, 1) for a in order]})
    values = central.reindex(order)
    for dim_id in central.columns:
        out[t("se_col_central", lang, dim=_label(definition, str(dim_id), lang))] = [
            fmt_number(v, lang, 2) for v in values[dim_id].to_numpy(dtype=float)]
    return out


def influence_table(frame: pd.DataFrame, definition: Definition, lang: str) -> pd.DataFrame:
    """Per dimension: its weight, share of the weights and share of the influence (per cent)."""
    return pd.DataFrame({
        t("dimension", lang): [_label(definition, str(d), lang) for d in frame["dimension"]],
        t("weight", lang): [fmt_number(w, lang) for w in frame["weight"]],
        t("se_col_weight_share", lang): [fmt_number(100 * s, lang, 1) for s in frame["weight_share"]],
        t("se_col_influence", lang): [fmt_number(100 * s, lang, 1) for s in frame["influence"]],
    })


def indicator_influence_table(frame: pd.DataFrame, definition: Definition, lang: str) -> pd.DataFrame:
    """Per indicator: its dimension, nominal share and influence share (per cent)."""
    return pd.DataFrame({
        t("indicator", lang): [definition.indicator(str(i)).display_label(lang) for i in frame["indicator"]],
        t("dimension", lang): [_label(definition, str(d), lang) for d in frame["dimension"]],
        t("se_col_weight_share", lang): [fmt_number(100 * s, lang, 1) for s in frame["weight_share"]],
        t("se_col_influence", lang): [fmt_number(100 * s, lang, 1) for s in frame["influence"]],
    })


def over_influence(frame: pd.DataFrame, definition: Definition, lang: str) -> list[str]:
    """A warning per dimension whose influence share is more than twice its weight share."""
    key = "indicator" if "indicator" in frame.columns else "dimension"

    def label(x: str) -> str:
        return definition.indicator(x).display_label(lang) if key == "indicator" else _label(definition, x, lang)

    return [t("se_over", lang, dim=label(str(r[key])),
              influence=fmt_number(100 * r["influence"], lang, 0), share=fmt_number(100 * r["weight_share"], lang, 0))
            for r in records(frame) if bool(r["over_influence"])]


#: The engine's reasons (Swedish, like the CLI's messages) → their keys in the UI strings.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^indikatorn har vikten 0$"), "wit_r_indicator_weight"),
    (re.compile(r"^dimensionen har vikten 0$"), "wit_r_dimension_weight"),
    (re.compile(r"^värde saknas$"), "wit_r_no_value"),
    (re.compile(r"^ej möjligt inom (?P<span>.*?)(?P<search> \(sökintervall\))?$"), "wit_r_impossible"),
    (re.compile(r"^indikatorn påverkar inte indexet"), "wit_r_flat"),
    (re.compile(r"^området är inte rankat$"), "wit_r_unranked"),
    (re.compile(r"^alla rankade områden ingår i topp (?P<k>\d+)$"), "wit_r_all_in"),
)


def reason_text(reason: str, lang: str) -> str:
    """The engine's reason in the page's language (an unknown one as it is)."""
    for pattern, key in _REASONS:
        m = pattern.match(reason)
        if m is None:
            continue
        params = {k: v for k, v in m.groupdict().items() if k != "search"}
        text = t(key, lang, **params)
        return text + (f" ({t('wit_r_search', lang)})" if m.groupdict().get("search") else "")
    return reason


def what_it_takes_table(frame: pd.DataFrame, definition: Definition, lang: str) -> pd.DataFrame:
    """:func:`geo.engine.what_it_takes.what_it_takes` for reading: indicator, now, needed, change (with its
    sign, in the indicator's unit), in people where the denominator is known, and why not where it cannot."""
    def signed(v: float, decimals: int = 1) -> str:
        return "–" if pd.isna(v) else ("+" if v > 0 else "") + fmt_number(v, lang, decimals)

    def needed(v: float, change: float) -> float:
        # Rounded away from the current value, so the value shown really crosses the line.
        return (math.ceil if change > 0 else math.floor)(round(v * 10, 6)) / 10

    rows = []
    for r in records(frame):
        ind = definition.indicator(str(r["indicator_id"]))
        unit = f" {ind.unit}" if ind.unit else ""
        change_unit = f" {t('se_wit_pp', lang)}" if ind.unit == "%" else unit  # a change of a share: points
        people = r["change_people"]
        rows.append({
            t("indicator", lang): ind.display_label(lang),
            t("se_wit_now", lang): fmt_number(r["current"], lang, 1) + unit,
            # Where nothing does it, the reason takes the place of the value (one column fewer at 1280 px).
            t("se_wit_needed", lang): fmt_number(needed(r["needed_value"], r["change"]), lang, 1) + unit
            if r["possible"] else reason_text(str(r["reason"]), lang),
            t("se_wit_change", lang): signed(r["change"]) + change_unit if r["possible"] else "",
            t("se_wit_people", lang): "" if pd.isna(people) else t("se_wit_persons", lang, n=signed(people, 0)),
        })
    return pd.DataFrame(rows)


__all__ = ["reason_text", "compact_acceptability", "compact_influence", "compact_tipping", "what_it_takes_table", "acceptability_table", "indicator_influence_table", "influence_table", "over_influence", "slider_note", "tipping_sentence",
           "tipping_sentences"]
