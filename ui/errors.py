"""The one way the app shows a problem or a notice: escaped, in the user's language, never a traceback.

Three entry points, all escaping what came from a user's file, link or name (Markdown and
HTML are shown literally, see :func:`ui.layout.md_escape`):

* :func:`show_error` — a :class:`~geo.errors.DataError` (or an unexpected exception, named
  by its kind only) with the heading "Något i indata behöver rättas"; server paths are
  replaced by the file's own name.
* :func:`say` — a message from :mod:`geo.i18n` whose ``{placeholders}`` are filled with
  escaped values (the template's own emphasis is kept).
* :func:`show_text` — library text as it is (notes, report lines), escaped, server paths
  shortened to file names (:func:`without_paths`).

:func:`show_conflict` shows two choices that cannot be combined and offers the ways out.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import streamlit as st

from geo.dataset.load import Dataset
from geo.engine.index import DimensionWithoutData
from geo.errors import DataError
from geo.i18n import t
from geo.settings import SettingsConflict
from ui import session
from ui.layout import md_escape

Kind = Literal["error", "warning", "info", "success"]
_BOX = {"error": st.error, "warning": st.warning, "info": st.info, "success": st.success}


#: An absolute path (POSIX or Windows) up to its last separator; not inside a URL or a word ("Σa/Σb").
_DIRS = re.compile(r"(?<![\w./:\\])(?:/|[A-Za-z]:\\)(?:[^/\\\s'\"():;,]+[/\\])+")


def without_paths(text: str) -> str:
    """``text`` with every absolute path shortened to its file name: the server's folders
    (``/tmp/omradesindex-upload-…/``) are none of the user's business and say nothing to them.

    >>> without_paths("/tmp/omradesindex-upload-x/ab/tabell.csv: rad 3 saknar area_id.")
    'tabell.csv: rad 3 saknar area_id.'
    >>> without_paths("Σtäljare/Σnämnare, https://example.org/a/b")
    'Σtäljare/Σnämnare, https://example.org/a/b'
    """
    return _DIRS.sub("", text)


def error_text(error: BaseException | str, lang: str, *, file: str | Path | None = None) -> str:
    """The plain text of a problem: a DataError's message (a temporary path shortened to the file's
    own name), or for anything else a message naming the kind of error, never its internals."""
    if isinstance(error, str):
        return without_paths(error)
    if not isinstance(error, DataError):
        return t("imp_unexpected", lang, kind=type(error).__name__)
    text = str(error)
    if file is not None:
        name = Path(file).name
        text = text.replace(str(file), name).removeprefix(f"{name}: ")
    return without_paths(text)


def show_error(error: BaseException | str, lang: str, *, file: str | Path | None = None) -> None:
    """An error box: the heading, then the message (escaped); ``file`` names the file the user chose."""
    text = md_escape(error_text(error, lang, file=file))
    if file is not None:
        text = t("imp_file_error", lang, file=md_escape(Path(file).name), error=text)
    st.error(f"**{t('error_heading', lang)}**\n\n{text}")


def say(kind: Kind, key: str, lang: str, **values: object) -> None:
    """The message ``key`` with every value escaped (names, files and ids come from users)."""
    _BOX[kind](t(key, lang, **{k: md_escape(str(v)) for k, v in values.items()}))


def show_text(kind: Kind, text: str) -> None:
    """Text from the library (a report line, a note) in a box, escaped, server paths shortened."""
    _BOX[kind](md_escape(without_paths(text)))


def show_conflict(conflict: SettingsConflict, data: Dataset, lang: str) -> None:
    """Two choices that cannot be combined: what and why in the app's words, what is shown meanwhile,
    and one button per way out (each changes one setting)."""
    if isinstance(conflict, DimensionWithoutData):
        _show_dimension_without_data(conflict, data, lang)
        return
    fallback = t(f"aggregation_{conflict.fallback.aggregation}", lang)
    shown = conflict.shown or t("conflict_fallback", lang, fallback=fallback)
    st.warning(f"**{md_escape(str(conflict))}**\n\n{md_escape(shown)}")
    cols = st.columns(len(conflict.alternatives))
    for i, (col, alternative) in enumerate(zip(cols, conflict.alternatives, strict=True)):
        if conflict.labels:
            label = conflict.labels[i]
        elif alternative.method != conflict.fallback.method:
            label = t("conflict_use_method", lang, method=t(f"method_{alternative.method}", lang))
        else:
            label = t("conflict_use_aggregation", lang, aggregation=t(f"aggregation_{alternative.aggregation}", lang))
        col.button(label, key=f"conflict_way_{i}", on_click=session.apply, args=(alternative, data),
                   kwargs={"keep_lang": True}, width="stretch")


def _show_dimension_without_data(conflict: DimensionWithoutData, data: Dataset, lang: str) -> None:
    """A dimension weighted above 0 has no data: the refusal as an error, what is shown meanwhile (the
    index without it) and the way out — weight 0, which means "without it"."""
    definition = data.definition(conflict.fallback.definition_id)
    dims = ", ".join(definition.dimension(d).display_label(lang) for d in conflict.dimensions)
    show_error(conflict, lang)
    say("info", "dim_without_data_fallback", lang, dims=dims)
    st.button(t("dim_without_data_use_zero", lang, dims=md_escape(dims)), key="conflict_way_0", on_click=session.apply,
              args=(conflict.fallback, data), kwargs={"keep_lang": True})
