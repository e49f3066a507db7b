"""The import page's column mapping (AppTest): direction-safe proposals, the 100 − x switch,
saved mappings with transforms, and the same mapping in the aggregation step."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_data import shared_file
from tests.ui.apphelpers import shown
from tests.ui.test_page_import import IDS, choose_delomraden_columns, import_app, markdown, run, texts
from ui.import_mapping import map_key

FLIPPED = {"Andel med ekonomiskt bistånd 20-64 år (%)": "utan_ekonomiskt_bistand",
           "Trångbodda (%)": "ej_trangbodda",
           "Andel som flyttat från området": "kvarboende"}


def city_csv(tmp_path: Path) -> Path:
    """The issue's file: Windows-1252, semicolons, decimal commas, a title row, ``..``."""
    header = ["Område", "År", "Valdeltagande riksdagsval 2022 (%)", "Andel med förgymnasial utbildning",
              *FLIPPED, "Andel med eftergymnasial utbildning", "Arbetslösa 16-64"]
    lines = ["Statistik per delområde, Malmö stad 2023", ";".join(header)]
    for k, aid in enumerate(IDS[:4]):
        lines.append(";".join([aid, "2023", f"{60 + k},5", f"{20 + k}", f"{10 + k},5", "..", f"{12 + k}",
                               f"{40 + k}", f"{5 + k}"]))
    path = tmp_path / "stadens_tabell.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    return path


@pytest.fixture
def mapped(tmp_path):
    at = import_app()
    at.session_state["imp_areas_path"] = str(shared_file("malmo_stad/malmo_delomraden_136.gpkg"))
    choose_delomraden_columns(at)
    at.session_state["imp_table_path"] = str(city_csv(tmp_path))
    return run(at)


def box(at, header):
    return next(s for s in at.selectbox if shown(s.label) == header)


def flip(at, header):
    return at.checkbox(key=map_key("imp", "indicators", header) + "_t")


def test_opposite_headers_are_proposed_with_100_minus_x_and_listed(mapped):
    at = mapped
    assert box(at, "Område").value == "area_id"
    for header, indicator in FLIPPED.items():
        assert box(at, header).value == indicator
        assert flip(at, header).value is True, header
    assert box(at, "Valdeltagande riksdagsval 2022 (%)").value == "valdeltagande"
    assert flip(at, "Valdeltagande riksdagsval 2022 (%)").value is False
    # different concepts are never proposed
    assert box(at, "Andel med eftergymnasial utbildning").value == "__ignore__"
    assert box(at, "Arbetslösa 16-64").value == "__ignore__"
    # choices read as label, unit and direction — not bare ids
    options = box(at, "Trångbodda (%)").options
    assert "Boende (högre är bättre): Andel som inte är trångbodda, %" in options
    assert not any(o == "ej_trangbodda" for o in options)
    warnings = "\n".join(texts(at, "warning"))
    assert "föreslås som 100 − x" in warnings and "Trångbodda (%)" in warnings
    # the join report lists every transformed column
    for header, indicator in FLIPPED.items():
        assert f"'{header}' används som {indicator} = 100 − värdet" in warnings, header
    assert "Användbart: ja" in markdown(at)


def test_the_switch_can_be_removed_and_set_and_the_values_follow(mapped):
    at = mapped
    flip(at, "Trångbodda (%)").uncheck()
    run(at)
    assert "'Trångbodda (%)' används som" not in "\n".join(texts(at, "warning"))
    # set it on a column the proposal took as it is
    flip(at, "Valdeltagande riksdagsval 2022 (%)").check()
    run(at)
    assert "'Valdeltagande riksdagsval 2022 (%)' används som valdeltagande = 100 − värdet" in "\n".join(
        texts(at, "warning"))
    # a key column and a non-share cannot be flipped
    box(at, "Andel med eftergymnasial utbildning").select("area_name")
    run(at)
    assert not any(c.key == map_key("imp", "indicators", "Andel med eftergymnasial utbildning") + "_t"
                   for c in at.checkbox)


def test_a_saved_mapping_with_a_transform_sets_the_switch(mapped, tmp_path):
    at = mapped
    saved = tmp_path / "kolumner.toml"
    saved.write_text('[mapping]\n"Andel med eftergymnasial utbildning" = '
                     '{ indicator = "forgymnasial_utbildning", transform = "100-x" }\n'
                     '"Trångbodda (%)" = "ej_trangbodda"\n', encoding="utf-8")
    box(at, "Andel med förgymnasial utbildning").select("__ignore__")
    run(at)
    at.session_state["imp_mapping_path"] = str(saved)
    run(at)
    assert box(at, "Andel med eftergymnasial utbildning").value == "forgymnasial_utbildning"
    assert flip(at, "Andel med eftergymnasial utbildning").value is True
    assert flip(at, "Trångbodda (%)").value is False  # the file says: as it is
    assert any("kolumner.toml" in i for i in texts(at, "info"))


def test_the_aggregation_step_takes_the_same_mapping(tmp_path):
    at = import_app()
    at.session_state["imp_fine_table_path"] = str(city_csv(tmp_path))
    run(at)
    assert not any("använd en kolumnmappning" in e for e in texts(at, "error"))
    key = map_key("agg", "indicators", "Trångbodda (%)")
    assert at.selectbox(key=key).value == "ej_trangbodda"
    assert at.checkbox(key=key + "_t").value is True
    assert at.selectbox(key=map_key("agg", "indicators", "Område")).value == "area_id"


# ---------------------------------------------------------------- what the table is
def with_layer(tmp_path=None):
    at = import_app()
    at.session_state["imp_areas_path"] = str(shared_file("malmo_stad/malmo_delomraden_136.gpkg"))
    return choose_delomraden_columns(at)


def test_a_results_table_is_recognised_without_picking_it(tmp_path):
    at = with_layer()
    path = tmp_path / "resultat.csv"
    path.write_text("area_id,area_name,index\n" + "\n".join(f"{a},Namn {a},{50 + k}" for k, a in enumerate(IDS[:4])),
                    encoding="utf-8")
    at.session_state["imp_table_path"] = str(path)
    run(at)
    assert at.radio(key="imp_kind").value == "results"
    assert any("ser ut som färdiga resultat" in i for i in texts(at, "info"))
    assert not any("'year' saknas" in e for e in texts(at, "error"))


def test_an_scb_export_is_read_as_scb_and_deso_codes_ask_for_aggregation():
    at = with_layer()
    at.session_state["imp_table_path"] = str(shared_file("scb_deso_malmo/scb_deso_malmo_utbildningsniva_25-64_2022.csv"))
    run(at)
    assert at.radio(key="imp_kind").value == "scb"
    assert any("SCB-export" in i for i in texts(at, "info"))
    errors = "\n".join(texts(at, "error"))
    assert "DeSO-koder" in errors and "Aggregera" in errors and "'year' saknas" not in errors
    at.button(key="imp_send_fine").click()
    run(at)
    assert at.session_state["imp_fine_table_path"].endswith("utbildningsniva_25-64_2022.csv")
    assert any("aggregeringssteget" in s for s in texts(at, "success"))
    # the aggregation step reads it as SCB data (no mapping of SCB's count columns needed)
    assert not any(str(s.key).startswith("agg_map_") for s in at.selectbox)


def test_deso_codes_in_an_indicator_table_say_so(tmp_path):
    at = with_layer()
    path = tmp_path / "deso.csv"
    path.write_text("area_id,year,valdeltagande\n1280C1010,2023,70\n1280C1020,2023,71\n1280C1030,2023,72\n",
                    encoding="utf-8")
    at.session_state["imp_table_path"] = str(path)
    run(at)
    assert at.radio(key="imp_kind").value == "indicators"
    assert any("DeSO-koder (t.ex. 1280C1010, 3 olika)" in e for e in texts(at, "error"))


def test_a_crosswalk_is_recognised_and_offered_to_the_aggregation():
    at = with_layer()
    at.session_state["imp_table_path"] = str(shared_file("scb_regso_malmo/deso2018_till_regso.csv"))
    run(at)
    assert at.radio(key="imp_kind").value == "crosswalk"
    at.button(key="imp_send_crosswalk").click()
    run(at)
    assert at.radio(key="imp_agg_how").value == "crosswalk"
    assert at.selectbox(key="imp_cw_fine").value == "deso2018"
    assert at.selectbox(key="imp_cw_coarse").value == "regso"
    # the planner can correct the guess
    at.radio(key="imp_kind").set_value("indicators")
    run(at)
    assert at.radio(key="imp_kind").value == "indicators"


def test_no_server_path_and_each_note_once(mapped, tmp_path):
    at = mapped
    shown_texts = [str(e.value) for kind in ("error", "warning", "info", "success", "caption", "markdown")
                   for e in getattr(at, kind)]
    assert not [s for s in shown_texts if str(tmp_path) in s or "/tmp/" in s], "server path shown"
    # the title row was said in step 2 (caption) and not again in the report
    assert sum("rubrikraden är rad 2" in s for s in shown_texts) == 1
    assert len(texts(at, "warning")) == len(set(texts(at, "warning")))
