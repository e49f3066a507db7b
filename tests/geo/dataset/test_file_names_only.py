"""Users see file names, never the server's folders (issue 17): an upload lives under
``/tmp/omradesindex-upload-…/``, and the readers' notes went verbatim into the import page's
warnings and the export's "Datakvalitet" sheet. Every note and error now names the file only
(:func:`geo.readers.limits.shown_name`)."""

from __future__ import annotations

import dataclasses
import io

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest

from geo.dataset.load import load_dataset
from geo.engine.scoring import score
from geo.errors import DataError
from geo.output.export import build_context, export_csv, export_csv_swedish, export_xlsx
from geo.paths import demo_paths
from geo.readers.indicators import read_indicators
from geo.readers.tables import read_table
from geo.settings import ViewSettings

SECRET = "omradesindex-upload-HEMLIG4711"
P = demo_paths()


@pytest.fixture(scope="module")
def upload(tmp_path_factory):
    """An upload-like folder: areas with a padded id, a table with a title row and a percent sign."""
    folder = tmp_path_factory.mktemp("x") / SECRET / "ab12"
    folder.mkdir(parents=True)
    areas = gpd.read_file(P.areas)
    areas.loc[0, "area_id"] = f" {areas.loc[0, 'area_id']} "
    areas.to_file(folder / "omraden.gpkg", driver="GPKG")
    table = pd.read_csv(P.indicators, dtype=str)
    table.loc[0, "value"] = f"{table.loc[0, 'value']} %"
    text = "Tabell 1. Indikatorer per område\n\n" + table.to_csv(index=False)
    (folder / "indikatorer.csv").write_text(text, encoding="utf-8")
    return folder


def test_notes_and_report_warnings_name_files_only(upload):
    paths = dataclasses.replace(P, areas=upload / "omraden.gpkg", indicators=upload / "indikatorer.csv",
                                synthetic=False, origin="cli")
    data = load_dataset(paths, origin="upload", label="omraden.gpkg + indikatorer.csv")
    assert data.report is not None
    warnings = data.report.warnings
    # the readers did have something to say, about the files by name
    assert any(w.startswith("indikatorer.csv: rubrikraden är rad 3") for w in warnings), warnings
    assert any(w.startswith("indikatorer.csv: 1 värden har procenttecken") for w in warnings), warnings
    assert any(w.startswith("omraden.gpkg: 1 id") for w in warnings), warnings
    assert not [w for w in warnings if SECRET in w or str(upload) in w]
    # ... and so does the export built from them (the Datakvalitet sheet, both CSVs)
    definition = data.default_definition
    settings = ViewSettings.default(definition)
    current = score(data.areas, data.indicators, definition, settings)
    ctx = build_context(definition, current, score(data.areas, data.indicators, definition, settings.baseline()),
                        areas=data.areas, source=data.label, quality=tuple(warnings))
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(ctx)))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("rubrikraden är rad 3" in c for c in cells)  # the notes are in the workbook
    assert not [c for c in cells if SECRET in c]
    for csv in (export_csv(ctx), export_csv_swedish(ctx)):
        assert SECRET.encode() not in csv


def test_errors_name_files_only(upload):
    bad = upload / "trasig.csv"
    bad.write_text("area_id;indicator_id;year;value\nG01;valdeltagande;2024;sjuttio\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_indicators(bad)
    assert str(err.value).startswith("trasig.csv: ") and SECRET not in str(err.value)
    assert err.value.file == "trasig.csv"
    with pytest.raises(DataError) as err:
        read_table(upload / "saknas.xlsx")
    assert "saknas.xlsx" in str(err.value) and SECRET not in str(err.value)
