"""AppTest of the Scenarier page against hostile names, notes and a full disk (issue 17): the page names
no server path or database address, refuses a control character in a name with its position and a
too long note with the limit, says a full disk in Swedish and keeps working, and shows a huge note
stored before the limit only up to the limit."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from geo.output import store_sqlite
from geo.output.store import ScenarioStore
from geo.scenario import MAX_NOTE, Scenario
from geo.settings import ViewSettings
from tests.ui.apphelpers import app, ok, shown


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "scenarier.sqlite"
    monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", str(path))
    return path


def save(at, name: str, note: str = ""):
    at.text_input(key="sc_name").input(name)
    at.text_input(key="sc_note").input(note)
    return at.button(key="sc_save").click().run()


def errors(at) -> list[str]:
    return [shown(e.value) for e in at.error]


def test_the_page_says_where_scenarios_are_kept_without_a_path(db):
    ScenarioStore(db).save(Scenario(ViewSettings(definition_id="malmo-2023"), name="Finns"))
    at = app("scenarier")
    ok(at)
    captions = [shown(c.value) for c in at.caption]
    assert any("Sparas på servern" in c and "(SQLite)" in c for c in captions), captions
    assert not [c for c in captions if db.name in c or str(db.parent) in c or "/tmp" in c], captions


def test_the_page_on_postgresql_shows_no_address(monkeypatch):
    from tests.geo.output.pgtest import pg_schema

    with pg_schema() as url:
        monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", url)
        at = app("scenarier")
        ok(at)
        captions = [shown(c.value) for c in at.caption]
        assert any("(PostgreSQL)" in c for c in captions), captions
        assert not [c for c in captions if "127.0.0.1" in c or "55432" in c or "omradesindex_test" in c
                    or "postgres@" in c], captions


def test_a_control_character_in_a_name_is_refused_with_its_position(db):
    at = save(app("scenarier"), "Om\x00rådet")
    assert not at.exception
    assert any("position 3" in e and "U+0000" in e for e in errors(at)), errors(at)
    assert ScenarioStore(db).count() == 0
    assert at.text_input(key="sc_name").value == "Om\x00rådet"  # kept for the user to correct


def test_a_lookalike_name_is_taken(db):
    at = save(app("scenarier"), "Förslag 1")
    ok(at)
    at = save(at, unicodedata.normalize("NFD", "Förslag\u200b 1"))
    assert any("finns redan" in e for e in errors(at)), errors(at)
    assert [s.name for s in ScenarioStore(db).list()] == ["Förslag 1"]


def test_a_too_long_note_is_refused_with_the_limit_and_its_length(db):
    at = save(app("scenarier"), "Lång anteckning", "a" * (MAX_NOTE + 5))
    assert not at.exception
    assert any("10\u00a0005 tecken" in e and "10\u00a0000" in e for e in errors(at)), errors(at)
    assert ScenarioStore(db).count() == 0


def test_a_full_disk_is_said_in_swedish_and_the_page_keeps_working(db, monkeypatch):
    kept = ScenarioStore(db).save(Scenario(ViewSettings(definition_id="malmo-2023"), name="Finns"))
    at = app("scenarier")
    ok(at)
    real = store_sqlite._Tx.rows

    def rows(self, sql, args=()):
        if sql.lstrip().upper().startswith("INSERT"):
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, sql, args)

    monkeypatch.setattr(store_sqlite._Tx, "rows", rows)
    at = save(at, "Ny")
    assert not at.exception
    (error,) = errors(at)
    assert "disken på servern är full" in error and "Ingenting sparades" in error and "Frigör utrymme" in error
    assert "disk is full" not in error and str(db.parent) not in error
    assert f"sc_open_{kept.id}" in [b.key for b in at.button]  # the list is still there
    assert any("Förändring" in d.value.columns for d in at.dataframe)  # and the comparison
    assert at.text_input(key="sc_name").value == "Ny"  # what was typed is not lost
    monkeypatch.undo()
    at.button(key="sc_save").click().run()
    ok(at)
    assert sorted(s.name for s in ScenarioStore(db).list()) == ["Finns", "Ny"]


def test_a_huge_note_stored_before_the_limit_is_shown_up_to_it(db):
    store = ScenarioStore(db)
    saved = store.save(Scenario(ViewSettings(definition_id="malmo-2023"), name="Gammal"))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE scenarios SET note = ? WHERE id = ?", ("ord " * 250_000, saved.id))  # 1 MB
    at = app("scenarier")
    ok(at)
    notes = [c.value for c in at.caption if c.value.startswith("ord ")]
    assert len(notes) == 1 and len(notes[0]) <= MAX_NOTE + 2 and notes[0].endswith("…")
