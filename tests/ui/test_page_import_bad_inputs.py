"""The bad-input corpus through the app's import page: a Swedish message, no traceback,
and the data in use before stays in use (tests/fixtures/bad/expected.toml)."""

from __future__ import annotations

import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from geo.paths import ROOT
from tests.ui.apphelpers import PAGE, app, ranking, shown

BAD = ROOT / "tests" / "fixtures" / "bad"
CASES = [c for c in tomllib.loads((BAD / "expected.toml").read_text(encoding="utf-8"))["case"]
         if c["command"] == "validate"]


def _messages(at: AppTest) -> str:
    """Errors and warnings, and the table step's own notes (the header row it used is said there, once)."""
    return shown("\n".join([e.value for e in at.error] + [w.value for w in at.warning]
                           + [c.value for c in at.caption]))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_file_in_import_page(case, monkeypatch):
    for key, value in case.get("env", {}).items():
        monkeypatch.setenv(key, value)
    at = app()
    at.switch_page(PAGE["importera"])
    at.session_state["imp_areas_path"] = str(BAD / case["areas"])
    at.session_state["imp_table_path"] = str(BAD / case["indicators"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    messages = _messages(at)
    if "saknas" in " ".join(case["expect"]) and "kolumn" in case["what"].lower():
        # The app does not refuse a layer with other column names: it asks which columns
        # hold the id and the name (the CLI, which cannot ask, refuses).
        assert any(s.key == "imp_id_col" for s in at.selectbox)
        return
    if case["id"] == "ind_fel_kolumner.csv":
        # Swedish key headers (omrade, indikator, ar, varde): the CLI refuses them without a
        # mapping; the page proposes one (each by its exact spelling) and the table is usable.
        boxes = {shown(s.label): s.value for s in at.selectbox if str(s.key).startswith("imp_map_")}
        assert boxes == {"omrade": "area_id", "indikator": "indicator_id", "ar": "year", "varde": "value"}
        assert "Användbart: ja" in shown("\n".join(m.value for m in at.markdown))
        return
    if case["outcome"] == "error":
        assert at.error, f"no error shown for {case['id']}"
        # the same Swedish explanation and advice as the CLI gives (the CLI adds the file name)
        missing = [x for x in case["expect"] if x not in messages]
        assert not missing, (case["id"], missing, messages)
        # the page refuses to use it: no "use" action succeeded, the demo stays in use
        at.switch_page(PAGE["oversikt"]).run()
        assert not at.exception
        assert "SYNTETISKA DEMODATA" in "\n".join(m.value for m in at.markdown)
        assert len(ranking(at)) == 14
    else:
        # a warning, or (for headers that are not indicator ids) the column-mapping step
        mapping_step = any(str(s.key).startswith("imp_map_") for s in at.selectbox)
        assert messages or mapping_step, f"no warning shown for {case['id']}"
