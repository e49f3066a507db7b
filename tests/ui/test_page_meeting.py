"""Mötesläge (AppTest): one component with map, ranking and weights; released weights apply everywhere."""

from __future__ import annotations

from tests.ui.apphelpers import PAGE, app, component_event, context, map_data, markdown_text, ok, weight

DIMS = ("delaktighet", "utbildning", "ekonomi", "boende")


def test_meeting_is_one_window_filling_component_without_sidebar():
    at = app("moteslage")
    ok(at)
    assert "SYNTETISKA DEMODATA" in markdown_text(at)  # the demo label on this view too
    assert not [w for w in at.radio if w.key == "v_lang"]  # no sidebar
    (m,) = map_data(at)
    assert m["layout"] == "meeting" and m["height"] == 0  # 0 = fill the window below its top
    assert m["labels"] is True
    live = m["live"]
    assert live["weights"] == [1.0] * 4 and live["defaults"] == [1.0] * 4
    assert (live["weight_min"], live["weight_max"], live["weight_step"]) == (0.0, 5.0, 0.5)
    assert live["watch"] == {}  # the panel's own sliders, not the (hidden) sidebar's
    assert m["text"]["meeting_freeze"] == "Frys" and m["text"]["meeting_show"] == "Visa"


def test_weights_released_on_the_panel_apply_to_every_page():
    at = app("moteslage")
    component_event(at, "karta_mote", state={"weights": {"delaktighet": 1.0, "utbildning": 1.0, "ekonomi": 1.0,
                                                         "boende": 5.0}})
    ok(at)
    assert context(at).settings.weight_map == {"delaktighet": 1.0, "utbildning": 1.0, "ekonomi": 1.0, "boende": 5.0}
    assert map_data(at)[0]["live"]["weights"] == [1.0, 1.0, 1.0, 5.0]
    assert "boende%3A5" in at.query_params["v"][0] if isinstance(at.query_params["v"], list) else \
        "boende:5" in at.query_params["v"]
    at.switch_page(PAGE["oversikt"]).run()
    assert weight(at, "boende").value == 5.0  # the sidebar shows what the room saw


def test_unknown_or_out_of_range_weights_from_the_browser_change_nothing_silently():
    at = app("moteslage")
    component_event(at, "karta_mote", state={"weights": {"okänd": 3.0, "boende": 2.5}})
    ok(at)
    assert context(at).settings.weight_map["boende"] == 2.5  # the known one applies, the unknown is ignored
    component_event(at, "karta_mote", state={"weights": {"boende": 99.0}})
    assert not at.exception  # a Swedish message, not a traceback
    assert context(at).settings.weight_map["boende"] == 2.5
    assert any("utanför reglagens intervall" in e.value for e in at.error)


def test_click_selects_an_area_shown_in_the_ranking():
    at = app("moteslage")
    component_event(at, "karta_mote", trigger=("clicked", "G07"))
    ok(at)
    assert map_data(at)[0]["selected"] == "G07"
