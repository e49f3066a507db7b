"""The follow-up report for the committee: Excel (one sheet per view) and a PDF, and the CSV of
``python -m geo followup``.

Every file says how its numbers were made: the yardstick (reference year and its statistics),
the settings, each indicator's data years and source, the plan the targets come from — and,
on the demo, that the data and the targets are synthetic.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo.definition import Definition
from geo.engine.history import IndexHistory
from geo.engine.progress import CITY_ID, FollowUp
from geo.i18n import fmt_number, t
from geo.output.export import DEMO_LABEL, TITLE
from geo.output.xlsx import FORMULA_NOTE, inert_frame, put_cell, set_widths, write_table
from geo.settings import ViewSettings, describe
from geo.view.palette import BOUNDARY_LINE, CONTEXT_LINE, DEMO_RED, TEXT, TEXT_MUTED, TEXT_ON_DARK, UP
from geo.view.progress_tables import summary_table


@dataclass(frozen=True)
class FollowUpReport:
    """What the report shows, built by the page or the CLI."""

    definition: Definition
    settings: ViewSettings
    history: IndexHistory
    follow: FollowUp
    synthetic: bool
    source: str
    lang: str = "sv"


def followup_csv(follow: FollowUp) -> bytes:
    """The per-area, per-indicator table (UTF-8, comma, dot decimals), like ``compute``'s CSV: the
    demo label goes to stderr, so the file stays a plain table. Text that starts like a formula gets
    a ``'`` first (:func:`geo.output.xlsx.inert_text`)."""
    return inert_frame(follow.table).to_csv(index=False, lineterminator="\n", float_format="%.6g").encode("utf-8")


def yardstick(follow: FollowUp, definition: Definition) -> pd.DataFrame:
    """The reference year's statistics per index indicator (what the normalisation measures with)."""
    rows = follow.table[(follow.table["scope"] == "area") & (follow.table["role"] == "index")]
    stats = rows.groupby("indicator_id", sort=False)["reference_value"].agg(
        n="count", mean="mean", sd=lambda s: s.std(ddof=0), min="min", max="max")
    return stats.reindex(list(definition.indicator_ids)).reset_index()


def data_years(report: FollowUpReport) -> pd.DataFrame:
    """Per indicator: its data years in the table, its latest year, source and role."""
    table = report.follow.table
    lang = report.lang
    rows = []
    for ind in (*report.definition.indicators, *report.definition.follow_up):
        sub = table[(table["indicator_id"] == ind.id) & (table["scope"] == "city")]
        latest = sub["latest_year"].dropna()
        rows.append({t("indicator", lang): ind.display_label(lang), "id": ind.id, t("unit", lang): ind.unit,
                     t("polarity", lang): ind.polarity,
                     "roll" if lang == "sv" else "role": t("fu_follow_up_only", lang) if ind.role == "follow_up" else
                     t("index", lang),
                     t("fu_col_latest", lang): int(latest.iloc[0]) if len(latest) else None,
                     t("source", lang): ind.source})
    return pd.DataFrame(rows)


def _trajectories(history: IndexHistory, lang: str) -> pd.DataFrame:
    frame = history.index.T.copy()
    frame.insert(0, t("area", lang), history.names.reindex(frame.index).to_numpy())
    frame.insert(1, t("fu_priority", lang), ["●" if a in history.priority else "" for a in frame.index])
    city = pd.DataFrame([[t("fu_city", lang), "", *history.city().to_numpy()]], columns=frame.columns,
                        index=[CITY_ID])
    out = pd.concat([frame, city])
    out.columns = [str(c) for c in out.columns]
    return out.reset_index(names="area_id")


def _about(report: FollowUpReport) -> list[tuple[str, str]]:
    lang, follow, hist = report.lang, report.follow, report.history
    trend, slope = hist.gap_trend()
    rows = [(t("app_title", lang), TITLE),
            (t("followup_page", lang), report.definition.display_name(lang) + f" v{report.definition.version}"),
            (t("source", lang), report.source),
            (t("reference_year", lang), str(follow.reference_year)),
            (t("fu_metric_gap", lang), f"{t(f'fu_gap_{trend}', lang)} ({fmt_number(slope, lang, 3)})"),
            (t("fu_plan", lang), follow.plan.display_name(lang) if follow.plan else "–")]
    if follow.plan is not None:
        rows.append(("", t("fu_plan_meta", lang, source=follow.plan.source or "–",
                            decision=follow.plan.decision or "–", base=follow.plan.base_year or follow.reference_year,
                            n=follow.trend_years)))
        if follow.plan.synthetic:
            rows.append(("", t("fu_plan_synthetic", lang)))
    rows += describe(report.settings, report.definition)
    rows.append(FORMULA_NOTE["sv" if lang == "sv" else "en"])
    return rows


def sheets(report: FollowUpReport) -> list[tuple[str, pd.DataFrame]]:
    """The workbook's sheets after "Om rapporten": trajectories, target status, change markers,
    yardstick, data years and sources."""
    lang, follow = report.lang, report.follow
    status_cols = follow.status_columns()
    with_target = follow.table[(follow.table[status_cols] != "").any(axis=1)] if status_cols else follow.table.iloc[:0]
    change = follow.table.drop(columns=[c for c in follow.table.columns if c.split("_")[0] in
                                        ("target", "needed", "status")])
    sv = lang == "sv"
    return [("Utveckling" if sv else "Trajectories", _trajectories(report.history, lang)),
            ("Målstatus" if sv else "Target status", with_target),
            ("Sammanfattning" if sv else "Summary", summary_table(follow, lang)),
            ("Förändring" if sv else "Change", change),
            ("Måttstock" if sv else "Yardstick", yardstick(follow, report.definition)),
            ("Dataår och källor" if sv else "Data years and sources", data_years(report))]


def followup_xlsx(report: FollowUpReport) -> bytes:
    """Excel: "Om rapporten" and one sheet per view (:func:`sheets`), the demo label on every sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    about = wb.active
    about.title = "Om rapporten" if report.lang == "sv" else "About"

    def head(ws, subtitle: str) -> None:
        if report.synthetic:
            put_cell(ws, 1, 1, DEMO_LABEL, font=Font(bold=True, color=TEXT_ON_DARK.lstrip("#").upper(), size=12),
                     fill=PatternFill("solid", fgColor=DEMO_RED.lstrip("#").upper()))
        else:
            put_cell(ws, 1, 1, TITLE, font=Font(bold=True, size=12))
        put_cell(ws, 2, 1, subtitle)

    head(about, t("fu_intro", report.lang))
    for i, (label, value) in enumerate(_about(report), start=4):
        put_cell(about, i, 1, label, font=Font(bold=True))
        put_cell(about, i, 2, value)
    set_widths(about, [34, 100])
    for name, frame in sheets(report):
        ws = wb.create_sheet(name)
        head(ws, name)
        write_table(ws, frame, 4)
        set_widths(ws, [16] * len(frame.columns))
    wb.properties.title = f"{TITLE} – {t('followup_page', report.lang)}"
    if report.synthetic:
        wb.properties.keywords = DEMO_LABEL
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def followup_pdf(report: FollowUpReport) -> bytes:
    """A4 PDF: the answer (city, gap), the index over the years, the gap, and the target summary."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    lang, hist, follow = report.lang, report.history, report.follow
    trend, slope = hist.gap_trend()
    rc: Any = {"text.parse_math": False, "pdf.fonttype": 42, "font.family": "DejaVu Sans", "axes.unicode_minus": True}
    buf = io.BytesIO()
    with matplotlib.rc_context(rc), PdfPages(buf, metadata={"Title": f"{TITLE} – {t('followup_page', lang)}",
                                                            "Subject": DEMO_LABEL if report.synthetic else ""}) as pdf:
        fig = Figure(figsize=(8.27, 11.69))
        top = 0.97
        if report.synthetic:
            fig.text(0.05, top, DEMO_LABEL, color=DEMO_RED, fontsize=13, weight="bold", va="top")
            top -= 0.03
        fig.text(0.05, top, f"{TITLE} – {t('followup_page', lang)}", fontsize=16, weight="bold", va="top", color=TEXT)
        lines = [f"{report.definition.display_name(lang)} v{report.definition.version} · {report.source}",
                 t("fu_yardstick", lang, ref=follow.reference_year) if hist.fixed_yardstick else
                 t("fu_no_yardstick", lang, first=hist.reference_year),
                 t("fu_gap_text", lang, k=hist.top_k, ref=hist.reference_year,
                   names=", ".join(str(hist.names.get(a, a)) for a in hist.priority), trend=t(f"fu_gap_{trend}", lang),
                   slope=fmt_number(slope, lang, 3))]
        y = top - 0.04
        for line in lines:
            for part in textwrap.wrap(line, 100):
                fig.text(0.05, y, part, fontsize=9, va="top", color=TEXT_MUTED)
                y -= 0.018
        ax = fig.add_axes((0.1, 0.42, 0.85, y - 0.46))
        years = hist.years
        for aid in hist.index.columns:
            color = UP if aid in hist.priority else CONTEXT_LINE
            ax.plot(years, hist.index[aid].to_numpy(), color=color, lw=2 if aid in hist.priority else 1)
        ax.plot(years, hist.city().to_numpy(), color=TEXT, lw=3, label=t("fu_city", lang))
        ax.axvline(hist.reference_year, color=BOUNDARY_LINE, ls="--", lw=1)
        ax.set_title(t("index", lang) + " – " + t("fu_trajectory_caption", lang, k=hist.top_k, ref=hist.reference_year),
                     fontsize=8, wrap=True)
        ax.set_xticks(years)
        gap = hist.gap()
        ax2 = fig.add_axes((0.1, 0.08, 0.85, 0.26))
        ax2.plot(gap["year"], gap["gap"], color=UP, lw=3, marker="o")
        ax2.axvline(hist.reference_year, color=BOUNDARY_LINE, ls="--", lw=1)
        ax2.set_title(t("fu_gap_series", lang), fontsize=10)
        ax2.set_xticks(years)
        pdf.savefig(fig)
        fig = Figure(figsize=(8.27, 11.69))
        fig.text(0.05, 0.97, t("fu_summary_heading", lang) + (f" – {follow.plan.display_name(lang)}" if follow.plan
                                                               else ""), fontsize=13, weight="bold", va="top")
        if report.synthetic:
            fig.text(0.05, 0.945, DEMO_LABEL, color=DEMO_RED, fontsize=10, weight="bold", va="top")
        summary = summary_table(follow, lang)
        if follow.plan is None or summary.empty:
            fig.text(0.05, 0.9, t("fu_no_plan", lang), fontsize=10, va="top", wrap=True)
        else:
            ax = fig.add_axes((0.05, 0.05, 0.9, 0.85))
            ax.axis("off")
            table = ax.table(cellText=summary.astype(str).to_numpy().tolist(), colLabels=list(summary.columns),
                             loc="upper left", cellLoc="left")
            table.auto_set_font_size(False)
            table.set_fontsize(8)
        pdf.savefig(fig)
    return buf.getvalue()


__all__ = ["FollowUpReport", "data_years", "followup_csv", "followup_pdf", "followup_xlsx", "sheets", "yardstick"]
