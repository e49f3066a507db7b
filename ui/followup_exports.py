"""Download buttons of the follow-up page: the committee's report as Excel and PDF."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from geo.engine.history import IndexHistory
from geo.engine.progress import FollowUp
from geo.i18n import t
from geo.output import export
from geo.output.followup_report import FollowUpReport, followup_pdf, followup_xlsx
from ui.context import PageContext

_FORMATS: tuple[tuple[str, str, str, Callable[[FollowUpReport], bytes]], ...] = (
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "export_xlsx", followup_xlsx),
    ("pdf", "application/pdf", "fu_export_pdf", followup_pdf),
)


def followup_buttons(ctx: PageContext, history: IndexHistory, follow: FollowUp) -> None:
    """Excel and PDF of the follow-up, built only when clicked."""
    data = ctx.data
    source = t("demo_short", "sv") if data.synthetic else (data.label_in(ctx.lang, ctx.definition)
                                                          or str(data.paths.indicators.name))
    report = FollowUpReport(definition=ctx.definition, settings=ctx.current.settings, history=history,
                            follow=follow, synthetic=data.synthetic, source=source, lang=ctx.lang)
    st.subheader(t("fu_export_heading", ctx.lang))
    cols = st.columns(len(_FORMATS))
    for col, (ext, mime, label_key, func) in zip(cols, _FORMATS, strict=True):
        name = export.export_file_name(ext, scenario=ctx.scenario_name, definition_id=ctx.definition.id,
                                       year=ctx.current.year, method=ctx.current.settings.method,
                                       synthetic=data.synthetic, day=export.local_date(), lang=ctx.lang,
                                       variant="uppfoljning" if ctx.lang == "sv" else "follow-up")
        col.download_button(t(label_key, ctx.lang), data=partial(func, report), file_name=name, mime=mime,
                            key=f"fu_dl_{ext}", width="stretch")
