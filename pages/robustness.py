"""Robusthet: how much does the priority order depend on the exact weights?

Thin by design: the widgets are in ``ui/robustness.py`` and the Monte Carlo in
``geo.engine.uncertainty``.
"""

from __future__ import annotations

from ui.context import data_caption, start_page
from ui.robustness import robustness_page

ctx = start_page("robustness_page")
robustness_page(ctx)
data_caption(ctx)
