"""The view in the URL: UI state → link → a fresh session shows the same view; bad links fall back."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from geo.paths import ROOT


def fresh(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def ranking(at: AppTest) -> list[str]:
    return at.dataframe[0].value["Område"].tolist()


def test_state_goes_to_url_and_a_new_session_reproduces_it():
    at = fresh()
    at.slider(key="w_w_malmo-2023_boende").set_value(4.5).run()
    at.selectbox(key="w_method").select("rank").run()
    at.number_input(key="w_top_k").set_value(5).run()
    link = {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}
    assert link["metod"] == "rank" and "boende:4.5" in link["v"] and link["k"] == "5"
    again = fresh(link)
    assert not again.exception
    assert [s.value for s in again.slider] == [s.value for s in at.slider]
    assert again.selectbox(key="w_method").value == "rank"
    assert ranking(again) == ranking(at)


def test_health_definition_link_gives_five_sliders():
    at = fresh({"def": "malmo-2023-halsa", "v": "halsa:3"})
    assert not at.exception
    assert len(at.slider) == 5
    assert at.slider[-1].value == 3.0


def test_bad_link_gives_clear_message_and_defaults():
    at = fresh({"def": "malmo-2023", "v": "ekonomi:abc"})
    assert not at.exception
    assert any("Länken kunde inte användas" in w.value and "'v'" in w.value for w in at.warning)
    assert [s.value for s in at.slider] == [1.0] * 4


def test_stale_link_to_missing_year_falls_back():
    at = fresh({"def": "malmo-2023", "ar": "1999"})
    assert not at.exception
    assert any("1999" in w.value for w in at.warning)
    assert at.selectbox(key="w_year").value == 2024
