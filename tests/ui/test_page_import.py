"""The import page (AppTest): upload, column mapping, join report, use in this session.

Files reach the page in two ways, both tested here: through ``st.file_uploader``
(``at.file_uploader[…].set_value``), or as a path put into session state
(``at.session_state["imp_areas_path"] = …``, see ``ui/uploads.py``), which the page
reads exactly like an upload.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.paths import ROOT
from tests.shared_data import shared_file
from tests.ui.apphelpers import PAGE, app, ranking, shown
from ui import session

UPLOAD_KEY = session.UPLOAD
IMPORT = PAGE["importera"]
#: A few real delområden (do_kod) and one id that is in no layer.
IDS = ["24407", "24302", "24406", "24405", "25715"]


@pytest.fixture
def delomraden() -> Path:
    return shared_file("malmo_stad/malmo_delomraden_136.gpkg")


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def import_app() -> AppTest:
    at = app("importera")
    assert not at.exception, [e.value for e in at.exception]
    return at


dashboard_on_import_page = import_app


def indicator_csv(tmp_path: Path, *, header: str = "valdeltagande", ids=IDS, extra_row: bool = True) -> Path:
    """A wide table with one indicator per dimension for a few delområden, semicolons and
    decimal commas, plus one row for an id that is in no layer."""
    lines = [f"area_id;year;{header};forgymnasial_utbildning;forvarvsarbetande;kvarboende"]
    for k, aid in enumerate(ids):
        lines.append(f"{aid};2023;{60 + 5 * k},5;{30 - 3 * k};{55 + 4 * k};{70 - k}")
    if extra_row:
        lines.append("99999;2023;50;20;60;70")
    path = tmp_path / "indikatorer.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def choose_delomraden_columns(at: AppTest) -> AppTest:
    if not any(s.key == "imp_id_col" for s in at.selectbox):
        run(at)  # a path was just put into session state: draw its column pickers
    at.selectbox(key="imp_id_col").select("do_kod")
    at.selectbox(key="imp_name_col").select("delomrade")
    return run(at)


def texts(at: AppTest, kind: str) -> list[str]:
    """Messages as the user reads them (Markdown escapes removed)."""
    return [shown(e.value) for e in getattr(at, kind)]


def markdown(at: AppTest) -> str:
    return "\n".join(shown(m.value) for m in at.markdown)


def test_uploaded_delomraden_with_a_small_table_report_areas_without_data(delomraden, tmp_path):
    at = import_app()
    at.file_uploader(key="imp_areas_uploader").set_value(
        ("delomraden.gpkg", delomraden.read_bytes(), "application/geopackage+sqlite3"))
    run(at)
    stored = Path(at.session_state["imp_areas_path"])
    assert stored.name == "delomraden.gpkg" and stored.is_file()
    assert ROOT not in stored.parents and delomraden.parent not in stored.parents  # a private temp folder
    assert at.selectbox(key="imp_id_col").value == "do_kod"  # guessed from the layer's columns
    choose_delomraden_columns(at)
    assert any("136 områden" in s and "EPSG:3008" in s for s in texts(at, "success"))

    at.session_state["imp_table_path"] = str(indicator_csv(tmp_path))
    run(at)
    assert not at.error, texts(at, "error")
    warnings = " ".join(texts(at, "warning"))
    assert "131 områden saknar data" in warnings  # 136 − 5
    assert "99999" in warnings  # the row with no area
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Områden"] == "136" and metrics["med data"] == "5"
    assert metrics["Rader utan område"] == "4"  # rows in long form: the one wide row × 4 indicators
    report = markdown(at)
    assert "Användbart: ja" in report
    # each finding once: in its warning box, not again in the report's text
    assert "Områden utan data" not in report and warnings.count("områden saknar data") == 1
    assert at.button(key="imp_use").disabled is False


def test_non_matching_header_gets_a_suggestion_and_a_saved_mapping_is_reused(delomraden, tmp_path):
    at = import_app()
    at.session_state["imp_areas_path"] = str(delomraden)
    choose_delomraden_columns(at)
    at.session_state["imp_table_path"] = str(indicator_csv(tmp_path, header="Valdeltagande riksdagsval 2022 (%)"))
    run(at)
    box = next(s for s in at.selectbox if shown(s.label) == "Valdeltagande riksdagsval 2022 (%)")
    assert box.value == "valdeltagande"  # fuzzy suggestion preselected
    assert "Användbart: ja" in markdown(at)
    assert any(d.label == "Ladda ner mappning" for d in at.get("download_button"))

    # A header with no good suggestion is ignored by default; a saved mapping maps it.
    other = tmp_path / "other"
    other.mkdir()
    at.session_state["imp_table_path"] = str(indicator_csv(other, header="Kol X"))
    run(at)
    box = next(s for s in at.selectbox if shown(s.label) == "Kol X")
    assert box.value == "__ignore__"
    mapping = tmp_path / "kolumner.toml"
    mapping.write_text('[mapping]\n"Kol X" = "valdeltagande"\n', encoding="utf-8")
    at.session_state["imp_mapping_path"] = str(mapping)
    run(at)
    assert next(s for s in at.selectbox if shown(s.label) == "Kol X").value == "valdeltagande"
    assert any("kolumner.toml" in i for i in texts(at, "info"))


def used_delomraden(delomraden: Path, tmp_path: Path) -> AppTest:
    """Importera with the delområden and a small table, "Använd i denna session" pressed."""
    at = dashboard_on_import_page()
    at.session_state["imp_areas_path"] = str(delomraden)
    choose_delomraden_columns(at)
    at.session_state["imp_table_path"] = str(indicator_csv(tmp_path))
    run(at)
    at.button(key="imp_use").click()
    run(at)
    assert any("används nu" in s for s in texts(at, "success"))
    return at


def test_use_in_session_shows_uploaded_areas_on_the_overview_and_revert(delomraden, tmp_path):
    at = used_delomraden(delomraden, tmp_path)
    bundle = at.session_state[UPLOAD_KEY]
    assert bundle.origin == "upload" and len(bundle.areas) == 136

    at.switch_page(PAGE["oversikt"])
    run(at)
    assert not at.error, texts(at, "error")
    table = ranking(at)
    assert len(table) == 136
    ranked = table[table["Rang"].notna()]
    assert len(ranked) == 5  # only the areas with data are ranked
    assert set(ranked["Område"]) >= {"TYGELSJÖ VÅNG", "KLAGSHAMN"}
    assert any("Uppladdade data" in i and "delomraden" in i for i in texts(at, "info"))
    assert "SYNTETISKA DEMODATA" not in markdown(at)

    at.switch_page(IMPORT)
    run(at)
    at.button(key="imp_revert").click()
    run(at)
    at.switch_page(PAGE["oversikt"])
    run(at)
    assert "SYNTETISKA DEMODATA" in markdown(at)
    assert len(ranking(at)) == 14


def test_the_table_is_read_and_joined_once_per_file_and_choices(delomraden, tmp_path, monkeypatch):
    """Every rerun of Importera (a weight moved, "Använd" pressed) read, mapped and joined the table
    again: ≈ 1 s at 6,000 areas. Once per file version and choices now; a new file is read again."""
    from geo.readers import indicators
    from ui import import_wizard

    calls = []
    real = indicators.to_long
    monkeypatch.setattr(import_wizard, "to_long", lambda *a, **k: calls.append(1) or real(*a, **k))
    import_wizard._joined.clear()
    at = used_delomraden(delomraden, tmp_path)
    assert len(calls) == 1
    other = tmp_path / "other"
    other.mkdir()
    at.session_state["imp_table_path"] = str(indicator_csv(other, header="Valdeltagande riksdagsval 2022 (%)"))
    run(at)
    assert len(calls) == 2


def test_bad_files_give_a_swedish_error_and_the_data_in_use_stays(delomraden, tmp_path):
    at = dashboard_on_import_page()
    at.file_uploader(key="imp_areas_uploader").set_value(("trasig.gpkg", b"inte ett geopaket", "application/octet-stream"))
    run(at)
    errors = texts(at, "error")
    assert any("trasig.gpkg" in e and "kunde inte läsas" in e for e in errors), errors
    assert not any("/tmp" in e for e in errors)  # the file's own name, not the temp path
    assert at.session_state[UPLOAD_KEY] is None if UPLOAD_KEY in at.session_state else True
    at.switch_page(PAGE["oversikt"])
    run(at)
    assert "SYNTETISKA DEMODATA" in markdown(at)

    # With an upload in use, a broken table shows an error and the upload stays in use.
    at.switch_page(IMPORT)
    run(at)
    at.file_uploader(key="imp_areas_uploader").set_value(None)
    at.session_state["imp_areas_path"] = str(delomraden)
    choose_delomraden_columns(at)
    at.session_state["imp_table_path"] = str(indicator_csv(tmp_path))
    run(at)
    at.button(key="imp_use").click()
    run(at)
    in_use = at.session_state[UPLOAD_KEY]
    bad = tmp_path / "trasig.csv"
    bad.write_text("area_id;year;valdeltagande\n24407;2023;hög\n", encoding="utf-8")
    at.session_state["imp_table_path"] = str(bad)
    run(at)
    assert any("trasig.csv" in e and "'hög' är inte ett tal" in e for e in texts(at, "error"))
    assert at.button(key="imp_use").disabled
    assert at.session_state[UPLOAD_KEY] is in_use


def test_results_mode_ranks_and_sliders_rerank(delomraden, tmp_path):
    results = tmp_path / "resultat.csv"
    results.write_text(
        "Områdeskod,delaktighet,utbildning,ekonomi,boende,index\n"
        "24407,1.0,1.0,1.0,-2.0,0.25\n"
        "24302,0.0,0.0,0.0,0.0,0\n"
        "24406,-1.0,-1.0,-1.0,3.0,0\n", encoding="utf-8")
    at = dashboard_on_import_page()
    at.session_state["imp_areas_path"] = str(delomraden)
    choose_delomraden_columns(at)
    at.session_state["imp_table_path"] = str(results)
    run(at)
    at.radio(key="imp_kind").set_value("results")
    run(at)
    assert next(s for s in at.selectbox if shown(s.label) == "Områdeskod").value == "area_id"
    assert not at.error, texts(at, "error")
    assert any("133 områden saknar data" in w for w in texts(at, "warning"))
    at.button(key="imp_use").click()
    run(at)
    assert at.session_state[UPLOAD_KEY].results is not None

    at.switch_page(PAGE["oversikt"])
    run(at)
    assert not at.error, texts(at, "error")
    assert any("färdiga resultat" in i for i in texts(at, "info"))
    table = ranking(at)
    ranked = table[table["Rang"].notna()]
    # equal weights: 24407 → 0.25, 24302 → 0, 24406 → 0 (tie, rank 1)
    assert ranked["Område"].tolist()[:2] == ["KLAGSHAMN", "VÄSTRA KLAGSTORP"]
    assert ranked["Rang"].tolist() == [1, 1, 3]
    at.slider(key="v_w_malmo-2023_boende").set_value(5.0)
    run(at)
    ranked = ranking(at)[lambda f: f["Rang"].notna()]
    # boende ×5: 24407 → (3 − 10)/8 < 0 = 24302 < 24406 → (−3 + 15)/8
    assert ranked["Område"].tolist() == ["TYGELSJÖ VÅNG", "KLAGSHAMN", "VÄSTRA KLAGSTORP"]
    assert any("↑" in c for c in ranked["Förändring"])

    for page in ("dimensioner", "omradesprofil", "metod"):
        at.switch_page(PAGE[page])
        run(at)
        assert not at.error, (page, texts(at, "error"))
        if page != "metod":
            assert any("bara färdiga resultat" in i for i in texts(at, "info")), page


def test_aggregation_overlay_to_stadsdelar_feeds_the_import(delomraden, tmp_path):
    stadsdelar = shared_file("malmo_stad/malmo_stadsdelar_10_dissolved.gpkg")
    counts = tmp_path / "antal.csv"
    counts.write_text("area_id,indicator_id,year,value\n" + "".join(
        f"{aid},invanare,2023,{100 * (k + 1)}\n" for k, aid in enumerate(IDS)), encoding="utf-8")
    at = import_app()
    at.session_state["imp_fine_path"] = str(delomraden)
    at.session_state["imp_coarse_path"] = str(stadsdelar)
    at.session_state["imp_fine_table_path"] = str(counts)
    run(at)
    at.selectbox(key="imp_fine_id_col").select("do_kod")
    at.selectbox(key="imp_coarse_id_col").select("stadsdel")
    at.multiselect(key="imp_agg_counts").select("invanare")
    at.radio(key="imp_agg_missing").set_value("skip")
    run(at)
    at.button(key="imp_agg_run").click()
    run(at)
    assert not at.error, texts(at, "error")
    agg = at.dataframe[-1].value
    assert set(agg["indicator_id"]) == {"invanare"}
    assert agg["value"].sum() == pytest.approx(1500)  # counts are summed, nothing lost
    at.button(key="imp_agg_use").click()
    run(at)
    assert Path(at.session_state["imp_table_path"]).name == "aggregerad_tabell.csv"
    assert any("aggregerade tabellen" in s for s in texts(at, "success"))


def test_excel_sheet_picker_and_header_row(delomraden, tmp_path):
    import openpyxl

    book = tmp_path / "indikatorer.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Info"
    wb.active.append(["Bara en förklaring"])
    ws = wb.create_sheet("Data")
    ws.append(["Indikatorer per delområde 2023"])
    ws.append([])
    ws.append(["area_id", "year", "valdeltagande", "forgymnasial_utbildning", "forvarvsarbetande", "kvarboende"])
    for k, aid in enumerate(IDS):
        ws.append([aid, 2023, 60 + k, 30 - k, 55 + k, 70 - k])
    ws.append(["Källa: Malmö stad"])
    wb.save(book)
    at = import_app()
    at.session_state["imp_areas_path"] = str(delomraden)
    choose_delomraden_columns(at)
    at.session_state["imp_table_path"] = str(book)
    run(at)
    assert at.selectbox(key="imp_sheet").options == ["Info", "Data"]
    assert any("indikatorer.xlsx" in e and "rubrikrad" in e for e in texts(at, "error"))  # sheet 1 has no table
    at.selectbox(key="imp_sheet").select("Data")
    run(at)
    assert not at.error, texts(at, "error")
    assert any("rad 3" in c for c in texts(at, "caption"))  # title rows above the header skipped
    assert "Användbart: ja" in markdown(at)
    at.checkbox(key="imp_header_manual").check()
    run(at)
    assert at.number_input(key="imp_header_row").value == 3  # starts at the detected row
    at.number_input(key="imp_header_row").set_value(4)
    run(at)
    assert any("24407" in c for c in texts(at, "caption"))  # a data row read as the header


def test_aggregation_by_crosswalk_recomputes_shares_from_sums(tmp_path):
    crosswalk = shared_file("malmo_stad/delomrade_till_stadsdel.csv")  # name,stadsdel (names, not codes)
    # Fine ids spelled as in the layer (upper case); the crosswalk's "Sibbarp" ↔ "SIBBARP" match.
    rows = [("TYGELSJÖ VÅNG", 30, 100), ("KLAGSHAMN", 10, 300), ("SIBBARP", 50, 100)]
    table = tmp_path / "andelar.csv"
    table.write_text("area_id,indicator_id,year,value,numerator,denominator\n" + "".join(
        f"{a},forvarvsarbetande,2023,{100 * n / d:g},{n},{d}\n" for a, n, d in rows), encoding="utf-8")
    at = import_app()
    at.radio(key="imp_agg_how").set_value("crosswalk")
    at.session_state["imp_crosswalk_path"] = str(crosswalk)
    at.session_state["imp_fine_table_path"] = str(table)
    run(at)
    at.selectbox(key="imp_cw_fine").select("name")
    at.selectbox(key="imp_cw_coarse").select("stadsdel")
    run(at)
    at.button(key="imp_agg_run").click()
    run(at)
    assert not at.error, texts(at, "error")
    agg = at.dataframe[-1].value.set_index("area_id")
    assert agg.loc["Limhamn-Bunkeflo", "value"] == pytest.approx(100 * 90 / 500)  # Σnum/Σden, not a mean of %
    assert agg.loc["Limhamn-Bunkeflo", "method"] == "kvot av summor"
    assert any(d.label == "Ladda ner som CSV" for d in at.get("download_button"))


def test_upload_names_lose_folders_and_odd_characters():
    from ui.uploads import safe_name

    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\x\\Områden 2024.gpkg") == "Områden 2024.gpkg"
    assert safe_name("..") == "fil" and safe_name("<script>.csv") == "_script_.csv"


def test_import_page_in_english(delomraden):
    at = import_app()
    at.radio(key="v_lang").set_value("en")
    run(at)
    assert at.title[0].value == "Import"
    at.session_state["imp_areas_path"] = str(delomraden)
    run(at)
    assert any("136 areas" in s for s in texts(at, "success"))


def test_stale_upload_folders_are_pruned_and_fresh_ones_kept(tmp_path):
    import os
    import time as _time

    from ui import uploads

    old = tmp_path / f"{uploads.PREFIX}old"
    fresh_dir = tmp_path / f"{uploads.PREFIX}fresh"
    other = tmp_path / "someone-else"
    for folder in (old, fresh_dir, other):
        folder.mkdir()
        (folder / "f.csv").write_text("x")
    day_ago = _time.time() - uploads.STALE_SECONDS - 60
    os.utime(old, (day_ago, day_ago))
    os.utime(other, (day_ago, day_ago))
    assert uploads.prune_stale(root=tmp_path) == [old]
    assert not old.exists() and fresh_dir.exists() and other.exists()


def test_upload_folder_is_removed_when_the_session_ends(delomraden):
    """Defect: a module-level list kept every session's folder until the server stopped."""
    import gc

    at = import_app()
    at.file_uploader(key="imp_areas_uploader").set_value(
        ("delomraden.gpkg", delomraden.read_bytes(), "application/geopackage+sqlite3"))
    run(at)
    stored = Path(at.session_state["imp_areas_path"])
    folder = stored.parent.parent
    assert stored.is_file() and folder.name.startswith("omradesindex-upload-")
    del at  # Streamlit drops an ended session's state; nothing else holds the folder
    gc.collect()
    assert not folder.exists()


def test_built_in_uploader_and_placeholder_texts_follow_the_language():
    """Streamlit's uploader says "Upload" and "50MB per file" whatever the language: the page's CSS
    draws ours in their place; the multiselect's placeholder is set."""
    at = import_app()
    css = "\n".join(m.value for m in at.markdown if "<style>" in m.value)
    assert 'content: "Välj fil"' in css and 'content: "Högst 50 MB per fil"' in css
    assert at.multiselect(key="imp_agg_counts").placeholder == "Välj …"
    at.radio(key="v_lang").set_value("en")
    run(at)
    css = "\n".join(m.value for m in at.markdown if "<style>" in m.value)
    assert 'content: "Choose file"' in css and "Välj fil" not in css
