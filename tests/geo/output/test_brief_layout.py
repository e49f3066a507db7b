"""The PDF brief's top-k table: every header and cell fits its column, in Swedish and in English."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from geo.output import brief
from geo.output.brief import fit_columns
from tests.geo.output.test_export import make_context


def mono(text: str, bold: bool) -> float:
    """A fake font: 6 units a character, 7 in bold."""
    return max((len(line) for line in text.split("\n")), default=0) * (7.0 if bold else 6.0)


def fits(layout, total: float, pad: float) -> bool:
    texts = [layout.header, *layout.rows]
    for c, w in enumerate(layout.widths):
        room = w * total - 2 * pad
        for r, row in enumerate(texts):
            if mono(row[c], r == 0) > room + 1e-9:
                return False
    return True


def test_columns_grow_to_their_headers_and_the_names_take_the_rest():
    header = ["Rank", "Area", "Index", "Change", "Rank with default weights"]
    rows = [["1", "Område A", "-1.20", "↑2", "3"]]
    layout = fit_columns(header, rows, mono, total=600, pad=4, flex=1)
    assert layout.header == tuple(header) and layout.header_lines == 1
    assert sum(layout.widths) == pytest.approx(1.0)
    assert fits(layout, 600, 4)
    assert layout.widths[1] == max(layout.widths)  # the names get what is left


def test_headers_wrap_before_names_are_shortened():
    header = ["Rank", "Area", "Index", "Change", "Rank with default weights"]
    rows = [["1", "N" * 40, "-1.20", "↑2", "3"]]
    layout = fit_columns(header, rows, mono, total=520, pad=4, flex=1)
    assert layout.header[4] == "Rank with\ndefault weights" and layout.header_lines == 2
    assert layout.rows[0][1] == "N" * 40  # the name kept whole
    assert fits(layout, 520, 4)
    tight = fit_columns(header, [["1", "N" * 80, "-1.20", "↑2", "3"]], mono, total=500, pad=4, flex=1)
    assert tight.rows[0][1].endswith("…") and fits(tight, 500, 4)


def drawn_table(lang: str, **kw):
    ctx = make_context(lang=lang, **kw)
    with matplotlib.rc_context(brief._rc()):
        fig = brief._brief_figure(ctx)
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)
        (table,) = [t for ax in fig.axes for t in ax.tables]
        return {rc: (cell.get_window_extent(renderer), cell.get_text().get_window_extent(renderer),
                     cell.get_text().get_text()) for rc, cell in table.get_celld().items()}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_pdf_table_headers_and_cells_fit_their_columns(lang):
    """Defect: the English "Rank with default weights" ran out of its column."""
    cells = drawn_table(lang)
    header = {c: text for (r, c), (_, _, text) in cells.items() if r == 0}
    assert header[4] == ("Rank with default weights" if lang == "en" else "Rang med grundvikter")
    for (r, c), (cell, text, content) in cells.items():
        assert cell.x0 <= text.x0 and text.x1 <= cell.x1, (r, c, content)
        assert cell.y0 <= text.y0 + 0.5 and text.y1 <= cell.y1 + 0.5, (r, c, content)
