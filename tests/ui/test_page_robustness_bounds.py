"""Robusthet is bounded (issue 17): draws × areas has a budget the page states when it applies, and the
cache keeps a few small results (no draws × areas array in any of them)."""

from __future__ import annotations

import numpy as np

from tests.ui.apphelpers import app, ok, shown
from ui import robustness


def test_more_draws_than_the_budget_allows_are_reduced_and_the_page_says_so(monkeypatch):
    monkeypatch.setattr(robustness, "MAX_CELLS", 14 * 500)  # the demo's 14 areas: 500 draws at most
    robustness._run.clear()
    at = app("robusthet")
    ok(at)
    (note,) = [shown(i.value) for i in at.info if "dragningar" in i.value]
    assert "1 000 dragningar på 14 områden" in note.replace("\u00a0", " ")
    assert "använder 500 dragningar" in note
    assert "500 dragningar" in "\n".join(c.value for c in at.caption)
    assert at.number_input(key="rb_draws").value == 1000  # the choice stays; the run uses what fits


def test_within_the_budget_nothing_is_said():
    robustness._run.clear()
    at = app("robusthet")
    ok(at)
    assert not [i for i in at.info if "dragningar" in i.value]


def test_the_cache_keeps_few_results_and_none_holds_the_draws_ranks():
    robustness._run.clear()
    at = app("robusthet")
    ok(at)
    assert robustness._run._info.max_entries == robustness.CACHED_RUNS <= 16
    at.number_input(key="rb_seed").set_value(7).run()
    ok(at)
    ctx = at.session_state["page_context"]
    result = robustness._run(ctx.data.key, ctx.current.settings, 1000, 50.0, 7, False, "weights", ctx)
    assert result.ranks is None
    arrays = [v for v in vars(result).values() if isinstance(v, np.ndarray)]
    n_areas = len(result.frame)
    assert all(a.size <= result.draws * len(result.dimension_ids) for a in arrays)
    assert all(a.size < result.draws * n_areas for a in arrays if a.ndim == 2)
