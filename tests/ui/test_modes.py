"""Every page in English and on already computed results (results mode)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.dataset.load import dataset_from_frames
from geo.definition import list_definitions, load_definition
from geo.engine.scoring import score
from geo.i18n import t
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import ViewSettings
from tests.ui.apphelpers import app, map_data, markdown_text, ok, ranking
from ui import session
from ui.pages import PAGES

P = demo_paths()


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", str(tmp_path / "s.sqlite"))


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_in_english(page, db):
    at = app(page.url_path, state={session.LANG: "en"})
    ok(at)
    assert at.title[0].value == t(page.title_key, "en")
    assert "SYNTHETIC DEMO DATA" in markdown_text(at)


def results_dataset():
    areas, definition = read_areas(P.areas), load_definition(P.default_definition)
    dims = score(areas, read_indicators(P.indicators), definition, ViewSettings.default(definition)).result.dimensions
    empty = pd.DataFrame({"area_id": [], "indicator_id": [], "year": [], "value": []})
    return dataset_from_frames(P, list_definitions(P.definitions_dir), areas, empty, origin="upload",
                               label="resultat.csv", results=dims)


@pytest.mark.parametrize("page", [p for p in PAGES if p.scored], ids=[p.url_path for p in PAGES if p.scored])
def test_every_page_in_results_mode(page, db):
    at = app(page.url_path, state={session.UPLOAD: results_dataset()})
    ok(at)
    assert "resultat.csv" in markdown_text(at) + " ".join(i.value for i in at.info)
    keys = {w.key for w in [*at.selectbox, *at.number_input] if w.key}
    assert "v_method" not in keys and "v_year" not in keys  # nothing to normalise in computed results
    if page.url_path in ("scenarier", "robusthet"):
        assert any(len(d.value) == 14 for d in at.dataframe)
    if page.url_path in ("oversikt", "moteslage"):  # dimension scores: the browser re-weighs them live
        assert len(ranking(at)) == 14 and "live" in map_data(at)[0]
