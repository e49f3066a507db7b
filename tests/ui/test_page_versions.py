"""Indexversioner (AppTest): two definitions on the same data — the top k's entries and exits, the rank
table, the slope chart and Cronbach's α per dimension. Expectations come from the engine (demo data may
be regenerated)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.dataset.load import dataset_from_frames, load_dataset
from geo.engine.versions import compare_versions
from geo.i18n import t
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from tests.ui.apphelpers import app, context, elements, ok, shown
from ui import session

P = demo_paths()


@pytest.fixture(scope="module")
def demo():
    data = load_dataset(P)
    return data, data.definition("malmo-2023"), data.definition("malmo-2023-halsa")


def headline(at) -> str:
    return next(shown(m.value) for m in at.markdown if m.value.startswith("### "))


def test_page_renders_with_the_default_pair_and_the_headline(demo):
    data, a, b = demo
    at = app("indexversioner")
    ok(at)
    assert at.title[0].value == "Indexversioner"
    assert at.selectbox(key="ver_a").value == a.id and at.selectbox(key="ver_b").value == b.id
    cmp = compare_versions(data, a, b, context(at).settings)  # the sidebar's year, method, reference year …
    names = data.names
    text = headline(at)
    assert text.startswith(f"### Nya i topp {cmp.top_k}: ") and f"lämnar topp {cmp.top_k}: " in text
    for area in (*cmp.entering, *cmp.leaving):
        assert names[area] in text
    if not cmp.entering:
        assert "Nya i topp 3: inga" in text
    # the rank table, the coherence tables (one per version) and the slope chart
    frames = [d.value for d in at.dataframe]
    table = next(f for f in frames if "Rang A" in f.columns)
    assert len(table) == len(data.areas) and list(table["Område"]) == list(cmp.table["area_name"])
    coherence = [f for f in frames if "Cronbachs α" in f.columns]
    assert [len(f) for f in coherence] == [len(a.dimensions), len(b.dimensions)]
    assert "Hälsa" in set(coherence[1]["Dimension"])
    charts = [e for e in elements(at) if e.type == "vega_lite_chart"]
    assert len(charts) == 1
    assert any(r"\alpha = \frac" in x.value for x in at.latex)


def test_entering_and_leaving_are_named_where_the_top_k_changes(demo):
    data, a, b = demo
    at = app("indexversioner")
    settings = context(at).settings
    changed = next((k for k in range(1, len(data.areas) + 1)
                    if compare_versions(data, a, b, settings.with_(top_k=k)).entering), None)
    if changed is None:
        pytest.skip("the two definitions give the same top k for every k on this data")
    cmp = compare_versions(data, a, b, settings.with_(top_k=changed))
    at.number_input(key=session.TOP_K).set_value(changed).run()
    ok(at)
    text = headline(at)
    entering, leaving = text.split(";")
    assert f"Nya i topp {changed}: " in entering and f"lämnar topp {changed}: " in leaving
    assert all(data.names[x] in entering for x in cmp.entering)
    assert all(data.names[x] in leaving for x in cmp.leaving)
    table = next(d.value for d in at.dataframe if "Rang A" in d.value.columns)
    top_b = table[f"Topp {changed} i B"] == "★"
    assert set(table.loc[top_b, "Område"]) == {data.names[x] for x in cmp.table["area_id"][cmp.table["in_top_b"]]}


def test_same_definition_twice_says_nothing_moves():
    at = app("indexversioner", state={"ver_a": "malmo-2023", "ver_b": "malmo-2023"})
    ok(at)
    assert any(t("ver_same", "sv") in i.value for i in at.info)
    assert "Nya i topp 3: inga; lämnar topp 3: inga" in headline(at)


def test_english():
    at = app("indexversioner", state={session.LANG: "en"})
    ok(at)
    assert at.title[0].value == "Index versions"
    assert headline(at).startswith("### New in the top 3: ")
    assert any("Cronbach's α" in d.value.columns for d in at.dataframe)


def test_a_year_only_one_version_has_is_said_and_the_common_year_shown(demo):
    """Hälsa's indicators lack the latest year: B is scored without Hälsa (weight 0) and a note says so."""
    data, _, b = demo
    halsa = [i.id for i in b.dimension("halsa").indicators]
    last = int(data.indicators["year"].max())
    ind = data.indicators[~(data.indicators["indicator_id"].isin(halsa) & (data.indicators["year"] == last))]
    upload = dataset_from_frames(P, data.definitions, data.areas, ind.reset_index(drop=True), origin="upload",
                                 label="utan-halsa.csv")
    at = app("indexversioner", state={session.UPLOAD: upload})
    ok(at)
    assert any("Hälsa" in shown(i.value) and "vikt 0" in shown(i.value) for i in at.info)


def test_one_definition_says_so_and_stops(demo):
    data, a, _ = demo
    single = dataset_from_frames(P, (a,), read_areas(P.areas), data.indicators, origin="upload", label="en.csv")
    at = app("indexversioner", state={session.UPLOAD: single})
    ok(at)
    assert any(t("ver_one_definition", "sv") in i.value for i in at.info)
    assert all(s.key not in ("ver_a", "ver_b") for s in at.selectbox)
    assert not any(isinstance(d.value, pd.DataFrame) and "Rang A" in d.value.columns for d in at.dataframe)
