"""Names and notes in the scenario store (both backends: ``target`` is a SQLite file or a PostgreSQL schema):
names that look the same are the same name, control characters are refused with their position, empty
and over-long names and over-long notes are refused with the limit and the length; rows stored before
keep their text and are read as usual (issue 17)."""

from __future__ import annotations

import unicodedata

import pytest

from geo.definition import load_definition
from geo.errors import DataError
from geo.output.store import ScenarioStore
from geo.paths import demo_paths
from geo.scenario import MAX_NAME, MAX_NOTE, Scenario
from geo.settings import ViewSettings
from tests.geo.output.test_store_team import raw_insert

DEF = load_definition(demo_paths().default_definition)
NFC = "Förslag 1"
#: "Förslag 1" four ways that look the same: NFC, NFD (o + combining diaeresis), a zero-width space, a LTR mark.
LOOKALIKES = [NFC, unicodedata.normalize("NFD", NFC), "Förs\u200blag 1", "Förslag 1\u200e"]


def sc(name: str, note: str = "") -> Scenario:
    return Scenario(ViewSettings.default(DEF, year=2024), name=name, note=note)


def swedish_count(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def test_names_that_look_the_same_are_one_name(target):
    assert len(set(LOOKALIKES)) == 4  # four different texts
    store = ScenarioStore(target)
    first = store.save(sc(LOOKALIKES[0]))
    for name in LOOKALIKES[1:]:
        with pytest.raises(DataError, match="finns redan"):
            store.save(sc(name))
    other = store.save(sc("Annat"))
    for name in LOOKALIKES[1:]:
        with pytest.raises(DataError, match="finns redan"):
            store.rename(other.id, name)
    replaced = store.save(sc(LOOKALIKES[1], note="ny"), overwrite=True)  # overwrite finds it by the cleaned name
    assert replaced.id == first.id and replaced.name == NFC and replaced.note == "ny"
    assert sorted(s.name for s in store.list()) == ["Annat", NFC]


def test_a_name_is_stored_cleaned(target):
    store = ScenarioStore(target)
    saved = store.save(sc("\u200b  Fo\u0308rslag\u00a0\t 2\u200f  "))
    assert saved.name == "Förslag 2" and store.get(saved.id).name == "Förslag 2"
    assert store.rename(saved.id, "Ny\u2060tt  \ufeffnamn").name == "Nytt namn"


@pytest.mark.parametrize("name, position, code", [
    ("Om\x00rådet", 3, "U+0000"),
    ("\x07Larm", 1, "U+0007"),
    ("Slut\x7f", 5, "U+007F"),
    ("Fö\u009brslag", 3, "U+009B"),
    ("Rad\x1b[31mröd", 4, "U+001B"),
])
def test_control_characters_are_refused_with_their_position(target, name, position, code):
    store = ScenarioStore(target)
    with pytest.raises(DataError) as err:
        store.save(sc(name))
    assert f"position {position}" in str(err.value) and code in str(err.value) and "styrtecken" in str(err.value)
    assert store.count() == 0
    kept = store.save(sc("Bra"))
    with pytest.raises(DataError, match=f"position {position}"):
        store.rename(kept.id, name)
    assert store.get(kept.id).name == "Bra"


@pytest.mark.parametrize("name", ["\u200b", " \u200e\u200f ", "\u00ad\u2060", "\t\n "])
def test_a_name_of_invisible_characters_only_is_no_name(target, name):
    store = ScenarioStore(target)
    with pytest.raises(DataError, match="måste ha ett namn"):
        store.save(sc(name))
    assert store.count() == 0


def test_the_name_length_is_limited_and_counted_after_cleaning(target):
    store = ScenarioStore(target)
    with pytest.raises(DataError) as err:
        store.save(sc("x" * (MAX_NAME + 1)))
    assert f"{MAX_NAME + 1} tecken" in str(err.value) and f"högst {MAX_NAME}" in str(err.value)
    with pytest.raises(DataError, match=f"{swedish_count(1_000_000)} tecken"):
        store.save(sc("x" * 1_000_000))
    longest = store.save(sc("x" * MAX_NAME + "\u200b" * 5))  # invisible characters do not count
    assert longest.name == "x" * MAX_NAME and store.count() == 1


def test_the_note_is_limited_with_the_limit_and_its_length(target):
    store = ScenarioStore(target)
    with pytest.raises(DataError) as err:
        store.save(sc("Lång", note="a" * (MAX_NOTE + 1)))
    text = str(err.value)
    assert "anteckningen" in text and swedish_count(MAX_NOTE + 1) in text and swedish_count(MAX_NOTE) in text
    with pytest.raises(DataError, match=swedish_count(5_000_000)):
        store.save(sc("Lång", note="a" * 5_000_000))
    assert store.count() == 0
    assert len(store.save(sc("Lagom", note="a" * MAX_NOTE)).note) == MAX_NOTE


def test_control_characters_in_a_note_are_removed_but_lines_and_tabs_kept(target):
    store = ScenarioStore(target)
    saved = store.save(sc("Med anteckning", note="rad 1\r\nrad\x002\x1b[31m\tröd\u2028slut\x07 "))
    assert saved.note == "rad 1\nrad2[31m\tröd\nslut"
    assert store.get(saved.id).note == saved.note


def test_rows_stored_before_keep_their_text_and_are_read(target):
    """Not a fix (reading did not crash before either): the cleaning must not make old rows unreadable."""
    store = ScenarioStore(target)
    odd, long_note = "Gammal\u200b\x07", "n" * (3 * MAX_NOTE)
    row_id = raw_insert(target, name=odd, name_key=odd.casefold(), note=long_note)
    (old,) = store.list()
    assert old.id == row_id and old.name == odd and old.note == long_note
    assert store.delete(row_id) and store.restore(row_id).name == odd
