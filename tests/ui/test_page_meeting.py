"""Mötesläge (AppTest): no sidebar, frozen until "Visa", and the weights apply to every page."""

from __future__ import annotations

from tests.ui.apphelpers import PAGE, app, markdown_text, ok, weight


def meeting_table(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("<table class=\"oi-meeting-rank"))


def test_meeting_mode_is_frozen_until_the_presenter_applies_weights():
    at = app("moteslage")
    ok(at)
    assert "SYNTETISKA DEMODATA" in markdown_text(at)
    assert not [w for w in at.radio if w.key == "v_lang"]  # no sidebar
    table = meeting_table(at)
    at.slider(key="meeting_w_malmo-2023_boende").set_value(5.0).run()
    assert meeting_table(at) == table  # not applied yet
    at.slider(key="meeting_w_malmo-2023_boende").set_value(5.0)  # a form sends its values with the submit
    at.button[0].click().run()
    ok(at)
    changed = meeting_table(at)
    assert changed != table and "↑" in changed
    at.switch_page(PAGE["oversikt"]).run()
    assert weight(at, "boende").value == 5.0  # the sidebar shows what the room saw
