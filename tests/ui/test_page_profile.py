"""Områdesprofil (AppTest): the selected area, its contributions and its index over the years."""

from __future__ import annotations

from tests.ui.apphelpers import PAGE, app, ok


def test_profile_starts_at_rank_one_and_follows_the_selection():
    at = app("omradesprofil")
    ok(at)
    assert at.header[0].value.startswith("Område I")  # rank 1 with the default weights
    at.selectbox(key="selection_picker").select("G03").run()
    ok(at)
    assert at.header[0].value.startswith("Område C")
    at.switch_page(PAGE["oversikt"]).run()
    assert at.selectbox(key="selection_picker").value == "G03"  # one selection for all pages


def test_index_over_the_years_has_every_year():
    at = app("omradesprofil")
    years = at.dataframe[-1].value
    assert list(years["År"]) == [2019, 2020, 2021, 2022, 2023, 2024]
