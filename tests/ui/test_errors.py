"""The one error path: what users write (links, files, names) is shown literally, never as Markdown."""

from __future__ import annotations

import pytest

from tests.ui.apphelpers import app


def test_a_links_own_text_is_inert_in_the_warning():
    at = app(query={"def": "![x](http://127.0.0.1:9/b.png)", "metod": "[Logga in](http://127.0.0.1:9/login)"})
    assert not at.exception
    (warning,) = [w.value for w in at.warning if "Länken kunde inte användas" in w.value]
    assert "!\\[x\\]\\(http" in warning  # escaped: no image is fetched, no link is drawn
    assert "](http" not in warning.replace("\\]\\(", "")


def test_a_scenario_name_with_markup_is_shown_literally(tmp_path, monkeypatch):
    monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", str(tmp_path / "s.sqlite"))
    at = app(query={"def": "malmo-2023", "namn": ":red[FEL] **fet**"})
    assert not at.exception
    (info,) = [i.value for i in at.info if "Öppet scenario" in i.value]
    assert "\\:red\\[FEL\\] \\*\\*fet\\*\\*" in info


@pytest.mark.parametrize("text, expected", [
    ("/tmp/omradesindex-upload-x/ab/tabell.csv: rad 3 saknar area_id.", "tabell.csv: rad 3 saknar area_id."),
    ("kunde inte öppna /home/planner/.local/share/omradesindex/scenarier.sqlite (låst)",
     "kunde inte öppna scenarier.sqlite (låst)"),
    ("C:\\Users\\planerare\\tabell.xlsx: bladet saknas", "tabell.xlsx: bladet saknas"),
    ("Σtäljare/Σnämnare och 20/64, se https://example.org/a/b", "Σtäljare/Σnämnare och 20/64, se https://example.org/a/b"),
])
def test_server_paths_become_file_names(text, expected):
    from ui.errors import without_paths

    assert without_paths(text) == expected
