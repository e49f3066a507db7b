"""The view in the URL: UI state → link → a fresh session shows the same view; bad links fall back."""

from __future__ import annotations

from tests.ui.apphelpers import app, context, ok, ranking, weight


def link_of(at) -> dict[str, str]:
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


def test_state_goes_to_url_and_a_new_session_reproduces_it():
    at = app()
    weight(at, "boende").set_value(4.5).run()
    at.selectbox(key="v_method").select("rank").run()
    at.number_input(key="v_top_k").set_value(5).run()
    at.toggle(key="v_basemap").set_value(True).run()
    link = link_of(at)
    assert link["metod"] == "rank" and "boende:4.5" in link["v"] and link["k"] == "5" and link["bakgrund"] == "1"
    again = app(query=link)
    ok(again)
    assert [s.value for s in again.slider] == [s.value for s in at.slider]
    assert again.selectbox(key="v_method").value == "rank" and again.toggle(key="v_basemap").value is True
    assert ranking(again)["Område"].tolist() == ranking(at)["Område"].tolist()
    assert link_of(again) == link


def test_health_definition_link_gives_five_sliders():
    at = app(query={"def": "malmo-2023-halsa", "v": "halsa:3"})
    ok(at)
    assert len(at.slider) == 5
    assert at.slider[-1].value == 3.0


def test_bad_link_gives_clear_message_and_defaults():
    at = app(query={"def": "malmo-2023", "v": "ekonomi:abc"})
    assert not at.exception
    assert any("Länken kunde inte användas" in w.value and "'v'" in w.value for w in at.warning)
    assert [s.value for s in at.slider] == [1.0] * 4


def test_stale_link_to_missing_year_falls_back():
    at = app(query={"def": "malmo-2023", "ar": "1999"})
    assert not at.exception
    assert any("1999" in w.value for w in at.warning)
    assert at.selectbox(key="v_year").value == 2024


def test_weight_above_the_slider_range_is_a_bad_link_not_a_crash():
    at = app(query={"def": "malmo-2023", "v": "ekonomi:9"})
    assert not at.exception
    assert any("'v'" in w.value for w in at.warning)
    assert weight(at, "ekonomi").value == 1.0


BAD_WEIGHT_LINKS = [
    {"v": "ekonomi:7"},
    {"v": "ekonomi:1e308"},
    {"v": "ekonomi:1_0"},
    {"v": "ekonomi:0_5"},
    {"v": "ekonomi:0.123"},
    {"v": "delaktighet:5e-324,utbildning:0,ekonomi:0,boende:0"},
    {"iv": "valdeltagande:9"},
    {"iv": "valdeltagande:0.25"},
]


def test_weights_the_widgets_cannot_show_are_refused_and_the_defaults_shown_and_used():
    """Issue 16/17: a weight above the range crashed the page; one between the steps was applied while the
    slider or number input showed 0.00. Now: the usual bad-link message, the defaults shown and used."""
    for query in BAD_WEIGHT_LINKS:
        at = app(query={"def": "malmo-2023", **query})
        assert not at.exception, (query, [e.value for e in at.exception])
        param = next(iter(query))
        assert any("Länken kunde inte användas" in w.value and f"'{param}'" in w.value for w in at.warning), query
        assert [s.value for s in at.slider] == [1.0] * 4, query
        assert all(n.value == 1.0 for n in at.number_input if n.key and n.key.startswith("v_iw_")), query
        used = context(at).current.settings
        assert set(used.weight_map.values()) == {1.0} and set(used.indicator_weight_map.values()) == {1.0}, query
