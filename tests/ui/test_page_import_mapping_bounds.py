"""The import page's mapping is bounded (issue 17): a table with thousands of unknown indicator names (or
headers) gets at most ``MAX_CHOICES`` choices and one line for the rest, and a saved mapping file
still applies to the names without a choice.

Before: one selectbox per unknown name — 107,000 for a 39 MB long table, until the browser tab
crashed (the server peaked at 1.5 GB); the proposal alone took ≈ 6 ms per name.
"""

from __future__ import annotations

from pathlib import Path

from tests.shared_data import shared_file
from tests.ui.test_page_import import IDS, choose_delomraden_columns, import_app, run, texts
from ui.import_mapping import MAX_CHOICES, map_key

N_UNKNOWN = 250


def long_csv(tmp_path: Path) -> Path:
    """A long table: valdeltagande (known) and ``N_UNKNOWN`` unknown names, one of them a real indicator
    written the city's way ("Zz förvärvsarbetande", sorted last so that it gets no choice)."""
    names = [f"okänd {k:04d}" for k in range(N_UNKNOWN - 1)] + ["Zz förvärvsarbetande"]
    lines = ["area_id,indicator_id,year,value"]
    for k, aid in enumerate(IDS[:4]):
        lines += [f"{aid},valdeltagande,2023,{60 + k}", f"{aid},Zz förvärvsarbetande,2023,{50 + k}"]
        lines += [f"{aid},{name},2023,{k}" for name in names[:-1]]
    path = tmp_path / "lang_tabell.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def page_with(table: Path) -> object:
    at = import_app()
    at.session_state["imp_areas_path"] = str(shared_file("malmo_stad/malmo_delomraden_136.gpkg"))
    choose_delomraden_columns(at)
    at.session_state["imp_table_path"] = str(table)
    return run(at)


def value_boxes(at) -> list:
    prefix = map_key("imp", "value", "x")[: -12]
    return [s for s in at.selectbox if s.key and s.key.startswith(prefix)]


def more_line(at) -> str:
    (line,) = [w for w in texts(at, "warning") if w.startswith("…")]
    return line.replace("\u00a0", " ")


def test_thousands_of_unknown_names_get_a_bounded_list_and_one_line(tmp_path):
    at = page_with(long_csv(tmp_path))
    assert len(value_boxes(at)) == MAX_CHOICES
    assert len(at.selectbox) < MAX_CHOICES + 20  # the rest of the page: definition, layer columns, headers
    line = more_line(at)
    assert f"och {N_UNKNOWN - MAX_CHOICES} okända namn till i kolumnen indicator_id" in line
    assert "mappningsfil" in line
    # the first names in alphabetical order have a choice; the last one has none
    assert value_boxes(at)[0].label.replace("\\", "") == "okänd 0000"
    assert not any("Zz" in s.label for s in value_boxes(at))


def test_a_saved_mapping_applies_to_names_without_a_choice(tmp_path):
    saved = tmp_path / "namn.toml"
    saved.write_text('[mapping]\n"Zz förvärvsarbetande" = "forvarvsarbetande"\n', encoding="utf-8")
    at = page_with(long_csv(tmp_path))
    at.session_state["imp_mapping_path"] = str(saved)
    run(at)
    assert "Den sparade mappningen gäller 1 av dem." in more_line(at)
    unknown = " ".join(w for w in texts(at, "warning") if "Okända indikatorer" in w)
    assert "Zz förvärvsarbetande" not in unknown  # used as forvarvsarbetande, not reported unknown
    assert at.session_state["imp_mapping_saved"]["Zz förvärvsarbetande"].id == "forvarvsarbetande"


def test_a_wide_table_with_many_unknown_headers_is_bounded_too(tmp_path):
    headers = [f"Kolumn {k:03d}" for k in range(80)]
    lines = ["area_id;year;valdeltagande;" + ";".join(headers)]
    lines += [f"{aid};2023;{60 + k};" + ";".join("1" for _ in headers) for k, aid in enumerate(IDS[:4])]
    path = tmp_path / "bred.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    at = page_with(path)
    header_boxes = [s for s in at.selectbox if s.key and s.key.startswith("imp_map_indicators_")]
    assert len(header_boxes) == MAX_CHOICES
    line = more_line(at)
    assert f"och {80 - MAX_CHOICES} rubriker till" in line and "används inte" in line
    (columns,) = [c for c in texts(at, "caption") if c.startswith("Kolumner:")]
    assert columns.endswith(f"… (+{83 - MAX_CHOICES})") and "Kolumn 079" not in columns  # not all 83 listed
