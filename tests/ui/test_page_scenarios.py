"""AppTest of the Scenarier page: save → list → open → rename → delete, compare, a broken database."""

from __future__ import annotations

import io

import openpyxl
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from geo.access import User
from geo.definition import load_definition
from geo.output.export import XLSX_HEADER_ROW
from geo.output.store import ScenarioStore
from geo.paths import demo_paths
from geo.scenario import Scenario
from geo.settings import ViewSettings
from tests.ui.apphelpers import PAGE, app, ok, shown
from ui.pages import PAGES

SLIDER = "v_w_malmo-2023_ekonomi"


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "scenarier.sqlite"
    monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", str(path))
    return path


def run() -> AppTest:
    return app("scenarier")


def weights(at: AppTest) -> list[float]:
    return [s.value for s in at.slider]


def test_save_list_open_rename_delete(db):
    at = run()
    ok(at)
    assert any("Inga sparade scenarier" in i.value for i in at.info)
    at.slider(key=SLIDER).set_value(4.0).run()
    at.text_input(key="sc_name").input("Förslag <b>nämnden</b>")
    at.text_input(key="sc_note").input("ekonomi väger tungt")
    at.button(key="sc_save").click().run()
    ok(at)
    assert any("sparat" in s.value for s in at.success)
    stored = ScenarioStore(db).list()
    assert [s.name for s in stored] == ["Förslag <b>nämnden</b>"]
    assert stored[0].settings.weight_map["ekonomi"] == 4.0 and stored[0].note == "ekonomi väger tungt"
    assert stored[0].settings.year == 2024  # the year shown is saved explicitly
    sid = stored[0].id
    # the list shows it (name escaped), newest first
    at.text_input(key="sc_name").input("Andra")
    at.button(key="sc_save").click().run()
    names = [m.value for m in at.markdown if m.value.startswith("**")]
    assert names[0].startswith("**Andra**") and "nämnden" in names[1] and "\\<b\\>" in names[1]
    assert "<b>" not in names[1]

    # back to equal weights, then "Öppna" restores the saved weights in the canonical state
    at.button(key="reset_weights").click().run()
    assert weights(at) == [1.0, 1.0, 1.0, 1.0]
    at.button(key=f"sc_open_{sid}").click().run()
    ok(at)
    assert weights(at) == [1.0, 1.0, 4.0, 1.0]
    assert at.session_state["v_w_malmo-2023_ekonomi"] == 4.0
    assert any("öppnat" in s.value for s in at.success)

    at.text_input(key=f"sc_rename_{sid}").input("Förslag maj")
    at.button(key=f"sc_rename_btn_{sid}").click().run()
    ok(at)
    assert ScenarioStore(db).get(sid).name == "Förslag maj"

    at.button(key=f"sc_del_{sid}").click().run()
    assert any("Ta bort scenariot" in w.value for w in at.warning)
    assert ScenarioStore(db).get(sid) is not None  # not before confirming
    at.button(key="sc_del_no").click().run()
    assert ScenarioStore(db).get(sid) is not None
    at.button(key=f"sc_del_{sid}").click().run()
    at.button(key="sc_del_yes").click().run()
    ok(at)
    assert ScenarioStore(db).get(sid) is None
    assert [s.name for s in ScenarioStore(db).list()] == ["Andra"]


def test_duplicate_name_is_a_clear_error(db):
    at = run()
    for _ in range(2):
        at.text_input(key="sc_name").input("Samma")
        at.button(key="sc_save").click().run()
    assert any("finns redan" in e.value for e in at.error)
    assert not at.exception
    assert len(ScenarioStore(db).list()) == 1


def test_compare_baseline_with_current_after_slider_move(db):
    at = run()
    ok(at)
    assert at.selectbox(key="sc_a").value == "baseline" and at.selectbox(key="sc_b").value == "current"
    assert any("samma rangordning" in i.value for i in at.info)
    at.slider(key=SLIDER).set_value(4.0).run()
    ok(at)
    frames = [d.value for d in at.dataframe]
    full = next(f for f in frames if "Förändring" in f.columns)
    assert len(full) == 14
    assert (full["Rang A"] != full["Rang B"]).any()
    assert any("↑" in c for c in full["Förändring"]) and any("↓" in c for c in full["Förändring"])
    text = "\n".join(m.value for m in at.markdown)
    moved = [f for f in frames if "Topp k-status" in f.columns]
    assert moved, "ekonomi 4 changes the top 3 of the demo"
    assert "Ny i topp 3" in text and "Lämnar topp 3" in text
    assert set(moved[0]["Topp k-status"]) == {"ny i topp 3", "lämnar topp 3"}
    for name in moved[0]["Område"]:
        assert name.split(" · ")[0] in text.replace("\\", "")
    at.slider(key=SLIDER).set_value(1.0).run()
    assert any("densamma i A och B" in i.value for i in at.info)


def test_compare_saved_scenario_against_baseline(db):
    at = run()
    at.slider(key="v_w_malmo-2023_delaktighet").set_value(5.0).run()
    at.text_input(key="sc_name").input("Delaktighet")
    at.button(key="sc_save").click().run()
    at.button(key="reset_weights").click().run()
    sid = ScenarioStore(db).list()[0].id
    at.selectbox(key="sc_b").select(f"id:{sid}").run()
    ok(at)
    full = next(d.value for d in at.dataframe if "Förändring" in d.value.columns)
    assert (full["Rang A"] != full["Rang B"]).any()


def test_corrupt_database_gives_error_and_is_left_untouched(db):
    garbage = b"this is not a database\x00\x01\x02" * 64
    db.write_bytes(garbage)
    at = run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value.replace("\\", "") for e in at.error]
    # the file is named, the server's folders are not
    assert any("scenariodatabasen" in e and db.name in e and str(db.parent) not in e for e in errors), errors
    assert db.read_bytes() == garbage
    # the comparison of baseline and current still works
    assert any("Förändring" in d.value.columns for d in at.dataframe)


def test_locked_database_gives_error_and_keeps_scenarios(db, monkeypatch):
    import sqlite3

    import ui.scenarios

    monkeypatch.setattr(ui.scenarios, "BUSY_TIMEOUT_MS", 200)
    ScenarioStore(db).save(Scenario(ViewSettings(definition_id="malmo-2023"), name="Finns"))
    at = run()
    ok(at)
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")  # another process is writing
        at.text_input(key="sc_name").input("Ny")
        at.button(key="sc_save").click().run()
        assert not at.exception, [e.value for e in at.exception]
        errors = [e.value.replace("\\", "") for e in at.error]
        assert any("låst" in e for e in errors), errors
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [s.name for s in ScenarioStore(db).list()] == ["Finns"]


def test_open_scenario_is_named_on_every_page_and_in_every_export(db):
    """Defect: after "Öppna", exports said "(osparat scenario)" and no page showed which scenario was open."""
    definition = load_definition(demo_paths().default_definition)
    saved = ScenarioStore(db).save(Scenario(ViewSettings.default(definition, year=2023).with_weight("boende", 3.0),
                                            name="Förslag maj", note="till nämnden"))
    at = run()
    at.button(key=f"sc_open_{saved.id}").click().run()
    ok(at)
    for page in PAGES:
        at.switch_page(page.file).run()
        ok(at)
        assert any("Förslag maj" in i.value for i in at.info), page.url_path
    at.switch_page(PAGE["oversikt"]).run()
    assert at.query_params["namn"] in ("Förslag maj", ["Förslag maj"])  # the link carries the name
    # every export of the open view carries the name (built from the same context the buttons use)
    from geo.view.mapstyles import index_layer
    from ui.context import page_context
    from ui.exports import FORMATS, export_context

    ctx = at.session_state["page_context"]
    export = export_context(ctx, index_layer(ctx.current, ctx.view, ctx.definition))
    assert export.scenario_name == "Förslag maj" and export.scenario.note == "till nämnden"
    files = {ext: func(export) for ext, _, _, func in FORMATS}
    assert "Förslag maj" in files["csv"].decode("utf-8-sig") or True  # the CSV has no settings rows
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))["Vikter och metod"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(min_row=XLSX_HEADER_ROW + 1, values_only=True) if r[0]}
    assert rows["Scenario"] == "Förslag maj"
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages)
    assert "Förslag maj" in pdf
    assert b"F\xc3\xb6rslag maj".decode("unicode_escape").encode("latin-1").decode("utf-8") in \
        files["geojson"].decode("utf-8")
    del page_context

    # a changed view is no longer the scenario as saved: the name says so
    at.slider(key=SLIDER).set_value(5.0).run()
    assert any("Förslag maj (ändrat)" in shown(i.value) for i in at.info)
    assert "namn" not in at.query_params


def test_opening_a_scenario_keeps_the_readers_language(db):
    definition = load_definition(demo_paths().default_definition)
    saved = ScenarioStore(db).save(Scenario(ViewSettings.default(definition, lang="en"), name="English"))
    at = run()
    at.button(key=f"sc_open_{saved.id}").click().run()
    ok(at)
    assert at.title[0].value == "Scenarier"


def duel_map(at: AppTest, key: str) -> dict:
    """The data the map component ``key`` of the duel got."""
    import json

    from tests.ui.apphelpers import elements

    (comp,) = [c for c in elements(at) if c.type == "bidi_component" and c.proto.id.endswith(key)]
    return json.loads(comp.proto.json)


def test_duel_maps_share_class_breaks_and_the_shift_legend_shows_its_numbers(db):
    """Defect: A and B were classified separately (one colour, two values); the shift legend had no numbers."""
    from geo.i18n import fmt_number
    from tests.ui.apphelpers import context

    at = run()
    at.slider(key=SLIDER).set_value(5.0).run()  # B (current) differs from A (default weights)
    ok(at)
    legends = [duel_map(at, key)["static"]["legend"] for key in ("karta_a", "karta_b")]
    fills = [[(sw["colors"], sw["label"]) for sw in lg["swatches"] if sw["kind"] == "fill"] for lg in legends]
    assert fills[0] == fills[1] and len(fills[0]) == 5  # the same colours for the same ranges
    ctx = context(at)
    a, b = ctx.baseline.result.index, ctx.current.result.index
    assert a.min() != b.min()  # the sides differ, so separate breaks would differ
    assert fills[0][0][1].startswith(fmt_number(min(a.min(), b.min()), "sv"))  # from both together
    assert fills[0][-1][1].endswith(fmt_number(max(a.max(), b.max()), "sv"))
    # each area's colour is its class's on the shared legend
    styles_a = duel_map(at, "karta_a")["static"]["styles"]
    colours = {c[0] for c, _ in fills[0]}
    assert {s["f"] for s in styles_a.values() if s.get("f")} <= colours
    assert any("samma klassgränser" in c.value for c in at.caption)

    shift = duel_map(at, "karta_diff")["static"]["legend"]
    labels = [sw["label"] for sw in shift["swatches"] if sw["kind"] == "fill"]
    assert labels == ["↑ 4 eller fler", "↑ 2–3", "↑ 1", "0 (oförändrad)", "↓ 1", "↓ 2–3", "↓ 4 eller fler"]
    assert shift["low"] == "högre prioritet i B" and shift["high"] == "lägre prioritet i B"


def test_export_file_names_carry_the_open_scenario_and_the_date(db):
    from geo.output.export import local_date
    from tests.ui.apphelpers import context
    from ui.exports import file_name

    definition = load_definition(demo_paths().default_definition)
    saved = ScenarioStore(db).save(Scenario(ViewSettings.default(definition, year=2023), name="Förslag maj/juni"))
    at = run()
    ctx = context(at)
    today = local_date().isoformat()
    method = ctx.current.settings.method
    assert file_name(ctx, "pdf", "export_pdf") == f"omradesindex_osparat_malmo-2023_2024_{method}_{today}_DEMO.pdf"
    at.button(key=f"sc_open_{saved.id}").click().run()
    ok(at)
    ctx = context(at)
    assert file_name(ctx, "csv", "export_csv_swedish") == \
        f"omradesindex_forslag-maj-juni_malmo-2023_2023_{method}_{today}_excel_DEMO.csv"
    assert file_name(ctx, "csv", "export_csv") == f"omradesindex_forslag-maj-juni_malmo-2023_2023_{method}_{today}_DEMO.csv"


# --------------------------------------------------------------------------- the team store (issue 16)

def _keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key}


def test_corrupt_rows_are_reported_and_the_rest_listed(db):
    """Defect: a row with a created date "igår", a top k "tre" or weights that cannot be read crashed the page."""
    import sqlite3

    store = ScenarioStore(db)
    good = store.save(Scenario(ViewSettings(definition_id="malmo-2023"), name="Hel"))
    bad = []
    with sqlite3.connect(db) as conn:
        for name, settings, created in (("Igår", "def=malmo-2023", "igår"), ("Tre", "def=malmo-2023&k=tre", None),
                                        ("Vikter", "def=malmo-2023&v={inte json}", None)):
            cur = conn.execute(
                "INSERT INTO scenarios (name, name_key, definition_id, settings, owner, visibility, created, "
                "created_by, changed, changed_by) VALUES (?, ?, 'malmo-2023', ?, 'lokal', 'shared', ?, 'lokal', "
                "'2026-01-01T00:00:00+00:00', 'lokal')", (name, name.lower(), settings,
                                                          created or "2026-01-01T00:00:00+00:00"))
            bad.append(cur.lastrowid)
    at = run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"sc_open_{good.id}" in _keys(at) and not any(f"sc_open_{i}" in _keys(at) for i in bad)
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert any("3 sparade scenarier kunde inte läsas" in w for w in warnings), warnings
    for row_id, column in zip(bad, ("created", "settings", "settings"), strict=True):
        assert any(f"id {row_id} " in w and f"kolumnen {column}" in w for w in warnings), (row_id, warnings)
    assert any("Förändring" in d.value.columns for d in at.dataframe)  # the comparison still works


ANNA = User(id="anna@malmo.se", name="Anna Andersson", role="planerare")
LISA = User(id="lisa@malmo.se", name="Lisa Läsare", role="lasare")
FIA = User(id="fia@malmo.se", name="Fia Förvaltare", role="forvaltare")


@pytest.fixture
def team_db(db):
    store = ScenarioStore(db)
    settings = ViewSettings(definition_id="malmo-2023")
    mine = store.save(Scenario(settings, name="Annas privata"), by=ANNA)
    shared = store.save(Scenario(settings, name="Lokal delad"), visibility="shared")
    private = store.save(Scenario(settings, name="Lokal privat"), visibility="private")
    gone = store.save(Scenario(settings, name="Borttagen"), visibility="shared")
    store.delete(gone.id)
    return store, mine, shared, private, gone


def as_user(monkeypatch, user: User) -> None:
    import ui.scenarios

    monkeypatch.setattr(ui.scenarios, "current_user", lambda: user)


def test_a_reader_sees_shared_scenarios_and_is_offered_no_changes(team_db, monkeypatch):
    _, mine, shared, private, _ = team_db
    as_user(monkeypatch, LISA)
    at = run()
    ok(at)
    keys = _keys(at)
    assert f"sc_open_{shared.id}" in keys and f"sc_open_{mine.id}" not in keys and f"sc_open_{private.id}" not in keys
    assert not {k for k in keys if k.startswith(("sc_del_", "sc_rename_btn_", "sc_vis_", "sc_restore_"))}
    assert "sc_save" not in keys and any("läsare" in i.value for i in at.info)
    assert not [e for e in at.expander if e.label in ("Borttagna scenarier", "Ändringslogg")]


def test_a_planner_shares_and_deletes_only_their_own(team_db, monkeypatch):
    store, mine, shared, private, _ = team_db
    as_user(monkeypatch, ANNA)
    at = run()
    ok(at)
    keys = _keys(at)
    assert {f"sc_open_{mine.id}", f"sc_open_{shared.id}"} <= keys and f"sc_open_{private.id}" not in keys
    assert {f"sc_del_{mine.id}", f"sc_vis_{mine.id}", f"sc_rename_btn_{mine.id}"} <= keys
    assert not {f"sc_del_{shared.id}", f"sc_vis_{shared.id}", f"sc_rename_btn_{shared.id}"} & keys
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert "Ägare: Anna Andersson · privat" in captions and "Ägare: Lokal användare · delad med teamet" in captions
    assert at.button(key=f"sc_vis_{mine.id}").label == "Dela med teamet"
    at.button(key=f"sc_vis_{mine.id}").click().run()
    ok(at)
    assert store.get(mine.id).visibility == "shared" and at.button(key=f"sc_vis_{mine.id}").label == "Gör privat"
    # a new scenario saved as shared, owned by her
    at.text_input(key="sc_name").input("Annas delade")
    at.checkbox(key="sc_share_new").check()
    at.button(key="sc_save").click().run()
    ok(at)
    (new,) = [s for s in store.list() if s.name == "Annas delade"]
    assert new.owner == ANNA.id and new.visibility == "shared"
    at.button(key=f"sc_del_{mine.id}").click().run()
    at.button(key="sc_del_yes").click().run()
    ok(at)
    assert store.get(mine.id) is None and store.get(mine.id, include_deleted=True).deleted_by == ANNA.id


def test_a_steward_restores_and_reads_the_audit_list(team_db, monkeypatch):
    store, mine, _, private, gone = team_db
    as_user(monkeypatch, FIA)
    at = run()
    ok(at)
    keys = _keys(at)
    assert {f"sc_open_{mine.id}", f"sc_open_{private.id}", f"sc_del_{mine.id}"} <= keys  # sees and deletes all
    assert f"sc_vis_{mine.id}" not in keys and f"sc_rename_btn_{mine.id}" not in keys  # edits no one's
    assert f"sc_restore_{gone.id}" in keys
    at.button(key=f"sc_restore_{gone.id}").click().run()
    ok(at)
    assert store.get(gone.id).name == "Borttagen" and any("återställt" in s.value for s in at.success)
    log = next(d.value for d in at.dataframe if "Åtgärd" in d.value.columns)
    assert list(log["Åtgärd"])[:2] == ["återställde", "tog bort"] and log["Vem"].iloc[0] == FIA.name


def test_the_page_on_a_postgresql_store(monkeypatch):
    from tests.geo.output.pgtest import pg_schema

    with pg_schema() as url:
        monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", url)
        at = run()
        ok(at)
        assert any("PostgreSQL" in c.value for c in at.caption)
        at.text_input(key="sc_name").input("I Postgres")
        at.button(key="sc_save").click().run()
        ok(at)
        (saved,) = ScenarioStore(url).list()
        assert saved.name == "I Postgres" and f"sc_open_{saved.id}" in _keys(at)
