"""The page frame: large readable type, the demo banner, where the data comes from, Markdown escaping."""

from __future__ import annotations

import functools
import html
import re

import numpy as np
import streamlit as st
from PIL import Image

from geo.i18n import t
from geo.view.palette import DEMO_INK, DEMO_YELLOW, DOWN, PALETTE, SOURCE_BAR, SOURCE_BG, UP
from ui.uploads import MAX_UPLOAD_MB

_CSS = f"""
<style>
/* Big-screen readability: larger base type, strong contrast. */
html, body, [class*="css"] {{ font-size: 18px; }}
/* Less empty space above the title: the map must be in the first screen at 1280×720. */
[data-testid="stMainBlockContainer"] {{ padding-top: 3.2rem; }}
[data-testid="stMainBlockContainer"] h1 {{ padding-top: 0.4rem; padding-bottom: 0.5rem; }}
.oi-banner {{ background: repeating-linear-gradient(45deg, {DEMO_YELLOW}, {DEMO_YELLOW} 18px, {DEMO_INK} 18px,
              {DEMO_INK} 22px); padding: 4px; border-radius: 6px; margin-bottom: 0.6rem; }}
.oi-banner > div {{ background: {DEMO_YELLOW}; color: {DEMO_INK}; font-weight: 700; font-size: 1.05rem;
                   padding: 0.5rem 0.9rem; border-radius: 4px; }}
.oi-source {{ border-left: 8px solid {SOURCE_BAR}; background: {SOURCE_BG}; color: {SOURCE_BAR};
              font-weight: 700; font-size: 1.05rem; padding: 0.45rem 0.9rem; border-radius: 4px;
              margin-bottom: 0.6rem; }}
.oi-up {{ color: {UP}; font-weight: 700; }} .oi-down {{ color: {DOWN}; font-weight: 700; }}
</style>
"""

#: Characters with a meaning anywhere in a line: emphasis, code, links and images, tables,
#: strikethrough, raw HTML and entities, Streamlit's LaTeX ($…$) and directives (:red[…]).
_MD_INLINE = re.compile(r"([\\`*_\[\]()!|~<>&$:])")
#: Block syntax, only at the start of a line: lists (- + 1. 1)), headings, setext underlines.
_MD_LINE_START = re.compile(r"^([ \t]*)([-+#=]|\d+(?=[.)]))", re.MULTILINE)
#: Control characters (all but tab, line feed and carriage return): shown as "�", never swallowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Where GitHub-flavoured Markdown starts a web link by itself (an "autolink literal"): ``http://``,
#: ``https://`` and ``www.``. remark-gfm finds them in the text *after* backslash escapes are resolved,
#: so a backslash cannot stop them; a word joiner (U+2060, invisible, zero width) inside the trigger
#: does. (An e-mail address still becomes a ``mailto:`` link: it fetches nothing, and account names
#: are e-mail addresses shown on purpose.)
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=://)|(?<=http)(?=://)|(?<=www)(?=\.)")
#: Streamlit's own text transforms, which also run after escapes are resolved (``StreamlitMarkdown``):
#: ``:material/name:`` icons, ``:streamlit:`` and ``:emoji_shortcodes:`` (remark-emoji) start with a
#: colon followed by a word and a colon; ``->``, ``<-``, ``<->``, ``--``, ``>=``, ``<=``, ``~=`` become
#: arrows, a dash and signs. A word joiner after the colon, or between the two characters, stops them.
_SHORTCODE = re.compile(r"(?<=:)(?=material/|[\w+-][\w+-]*:)")
_DIGRAPH = re.compile(r"(?<=[-<>~])(?=[->=])")
WORD_JOINER = "\u2060"


def md_escape(text: object) -> str:
    """Escape Markdown and HTML so user data (area names, headers) shows literally and inertly.

    For every place Streamlit renders Markdown: ``st.markdown``/``caption``/``header``,
    alerts, widget labels and ``st.table`` cells and headers. Characters that carry
    meaning inline get a backslash everywhere; block markers (``-``, ``+``, ``#``, ``=``,
    ``1.``) only at the start of a line, so ordinary text such as ``finns-inte`` or
    ``v2023.1`` stays readable in the source. CommonMark turns a backslash-escaped character
    back into the character. Bare web addresses (``www.…``, ``http://…``), icon and emoji codes
    (``:material/…:``, ``:smile:``) and arrows such as ``->`` get an invisible word joiner so they
    are not made links, icons or other characters, and control characters (a NUL, an escape
    sequence) become "�" instead of silently cutting or changing the text.
    """
    out = _CONTROL.sub("\ufffd", str(text))
    for trigger in (_AUTOLINK, _SHORTCODE, _DIGRAPH):
        out = trigger.sub(WORD_JOINER, out)
    out = _MD_INLINE.sub(r"\\\1", out)
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\" if m.group(2)[0].isdigit()
                              else f"{m.group(1)}\\{m.group(2)}", out)


@functools.cache
def _icon() -> Image.Image:
    """The tab icon, drawn here: four map classes in the palette's colours (an emoji or Material icon
    would be fetched from the internet by Streamlit, and the app must work offline)."""
    colours = [PALETTE[0], PALETTE[2], PALETTE[3], PALETTE[4]]
    rgb = [[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in colours]
    icon = np.zeros((32, 32, 3), dtype=np.uint8)
    for k, (y, x) in enumerate(((0, 0), (0, 16), (16, 0), (16, 16))):
        icon[y:y + 16, x:x + 16] = rgb[k]
    return Image.fromarray(icon)


def _uploader_css(lang: str) -> str:
    """The file uploader's built-in English ("Upload", "50MB per file • CSV") in the UI's language:
    Streamlit offers no parameter for these texts, so they are hidden and ours drawn in their place."""
    limit = t("upload_limit", lang, mb=MAX_UPLOAD_MB).replace('"', "")
    button = t("upload_button", lang).replace('"', "")
    return f"""
<style>
[data-testid="stFileUploaderDropzoneInstructions"] * {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzoneInstructions"]::after {{ content: "{limit}"; font-size: 0.85rem; opacity: 0.75; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p
  {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p::after
  {{ content: "{button}"; font-size: 1rem; }}
</style>
"""


def page_setup(title: str, lang: str = "sv") -> None:
    """Wide layout and the app's CSS (called once per run, by the entry point)."""
    st.set_page_config(page_title=title, page_icon=_icon(), layout="wide", initial_sidebar_state="expanded")
    st.markdown(_CSS + _uploader_css(lang), unsafe_allow_html=True)


def demo_banner(synthetic: bool, lang: str) -> None:
    """The unmissable label on every view when the data is the synthetic demo."""
    if synthetic:
        st.markdown(f'<div class="oi-banner" role="alert"><div>{html.escape(t("demo_banner", lang))}</div></div>',
                    unsafe_allow_html=True)


def source_banner(label: str) -> None:
    """The label of real but partial data on every view ("Öppna data från SCB — 5 av 12 indikatorer,
    RegSO (inte GeSO)"): as visible as the demo's, but not a warning."""
    if label:
        st.markdown(f'<div class="oi-source" role="note">{html.escape(label)}</div>', unsafe_allow_html=True)


__all__ = ["WORD_JOINER", "demo_banner", "md_escape", "page_setup", "source_banner"]
