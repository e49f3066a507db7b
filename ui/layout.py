"""Page frame: page config, large readable type, the demo banner, errors, legend."""

from __future__ import annotations

import html
import re

import streamlit as st

from geo.view.palette import MISSING_COLOR, MISSING_OUTLINE, TEXT_ON, Classes
from geo.errors import DataError
from geo.i18n import fmt_number, t

_CSS = """
<style>
/* Big-screen readability: larger base type, strong contrast. */
html, body, [class*="css"] { font-size: 18px; }
.oi-banner { background: repeating-linear-gradient(45deg, #ffd400, #ffd400 18px, #111 18px, #111 22px);
             padding: 4px; border-radius: 6px; margin-bottom: 0.6rem; }
.oi-banner > div { background: #ffd400; color: #111; font-weight: 700; font-size: 1.05rem;
                   padding: 0.5rem 0.9rem; border-radius: 4px; }
.oi-legend { display: flex; flex-wrap: wrap; gap: 0.4rem 0.9rem; align-items: center; font-size: 0.95rem; }
.oi-legend .sw { display: inline-block; width: 1.4rem; height: 1.0rem; border: 1px solid #666;
                 vertical-align: middle; margin-right: 0.3rem; }
.oi-legend .ends { font-weight: 600; }
.oi-up { color: #0b5cad; font-weight: 700; } .oi-down { color: #b35806; font-weight: 700; }
</style>
"""


#: Characters with a meaning anywhere in a line: emphasis, code, links and images, tables,
#: strikethrough, raw HTML and entities, Streamlit's LaTeX ($…$) and directives (:red[…]).
_MD_INLINE = re.compile(r"([\\`*_\[\]()!|~<>&$:])")
#: Block syntax, only at the start of a line: lists (- + 1. 1)), headings, setext underlines.
_MD_LINE_START = re.compile(r"^([ \t]*)([-+#=]|\d+(?=[.)]))", re.MULTILINE)


def md_escape(text: str) -> str:
    """Escape Markdown and HTML so user data (area names, headers) shows literally.

    For every place Streamlit renders Markdown: ``st.markdown``/``caption``/``header``,
    alerts, widget labels and ``st.table`` cells and headers. Characters that carry
    meaning inline get a backslash everywhere; block markers (``-``, ``+``, ``#``, ``=``,
    ``1.``) only at the start of a line, so ordinary text such as ``finns-inte`` or
    ``v2023.1`` stays readable in the source. CommonMark turns a backslash-escaped character
    back into the character.
    """
    out = _MD_INLINE.sub(r"\\\1", str(text))
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\" if m.group(2)[0].isdigit()
                              else f"{m.group(1)}\\{m.group(2)}", out)


def page_setup(title: str) -> None:
    st.set_page_config(page_title=title, page_icon="🗺️", layout="wide", initial_sidebar_state="expanded")
    st.markdown(_CSS, unsafe_allow_html=True)


def demo_banner(synthetic: bool, lang: str) -> None:
    """The unmissable label on every view when the data is the synthetic demo."""
    if synthetic:
        st.markdown(f'<div class="oi-banner" role="alert"><div>⚠ {html.escape(t("demo_banner", lang))}</div></div>',
                    unsafe_allow_html=True)


def source_banner(bundle, lang: str) -> None:
    """Say where the data comes from when it is not the plain demo, and why the demo is shown."""
    if bundle.config_error:
        st.warning(t("config_fallback", lang, error=md_escape(bundle.config_error)))
    if bundle.origin == "upload":
        st.info(t("upload_banner", lang, label=md_escape(bundle.label)))


def show_error(exc: DataError, lang: str) -> None:
    st.error(f"**{t('error_heading', lang)}**\n\n{md_escape(exc)}")


MAX_LEGEND_NAMES = 8


def legend_html(classes: Classes, lang: str, names: dict[str, str], decimals: int = 2) -> str:
    """The map legend as HTML (drawn by us: no d3/branca from a CDN)."""
    parts = [f'<div class="oi-legend" aria-label="{html.escape(t("map_heading", lang))}">',
             f'<span class="ends">{html.escape(t("legend_low", lang))}</span>']
    for k, color in enumerate(classes.colors):
        lo, hi = classes.lower[k], classes.upper[k]
        label = f"{fmt_number(lo, lang, decimals)} – {fmt_number(hi, lang, decimals)}"
        parts.append(f'<span><span class="sw" style="background:{color}"></span>{html.escape(label)}</span>')
    parts.append(f'<span class="ends">{html.escape(t("legend_high", lang))}</span>')
    if classes.missing:
        # Name them (the issue asks for it), but a sparse upload can leave 100+ areas without a
        # value: then a count and the first few; the table alternative lists every one.
        shown = [names.get(a, a) for a in classes.missing[:MAX_LEGEND_NAMES]]
        rest = len(classes.missing) - len(shown)
        missing = ", ".join(shown) + (f" {t('and_more', lang, n=rest)}" if rest > 0 else "")
        # One line: a blank line inside a name would end the HTML block and hand the rest to Markdown.
        missing = " ".join(missing.split())
        parts.append(f'<span><span class="sw" style="background:{MISSING_COLOR};border:1px dashed '
                     f'{MISSING_OUTLINE}"></span>{html.escape(t("no_value", lang))}: {html.escape(missing)}</span>')
    parts.append("</div>")
    return "".join(parts)


__all__ = ["TEXT_ON", "demo_banner", "legend_html", "md_escape", "page_setup", "show_error", "source_banner"]
