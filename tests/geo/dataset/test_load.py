"""One loader for the CLI and the app; dataset keys come from file identity or content, never id()."""

from __future__ import annotations

import gc
import os
import shutil

import pandas as pd

from geo.dataset.load import dataset_from_frames, file_identity, frame_identity, load_dataset
from geo.paths import demo_paths

P = demo_paths()


def test_demo_loads_with_both_definitions_and_a_report():
    data = load_dataset(P)
    assert [d.id for d in data.definitions] == ["malmo-2023", "malmo-2023-halsa"]
    assert data.default_definition.id == "malmo-2023"
    assert data.report is not None and data.report.usable and data.synthetic
    assert len(data.areas) == 14 and data.years(data.default_definition) == [2019, 2020, 2021, 2022, 2023, 2024]
    assert data.catalog().max_top_k == 14 and set(data.catalog().definitions) == {"malmo-2023", "malmo-2023-halsa"}


def test_file_key_changes_when_a_file_changes(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    areas, table = folder / "omraden.gpkg", folder / "indikatorer.csv"
    shutil.copy(P.areas, areas)
    shutil.copy(P.indicators, table)
    before = file_identity([areas, table])
    assert file_identity([areas, table]) == before
    st = table.stat()
    os.utime(table, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert file_identity([areas, table]) != before


def test_frame_key_is_the_content_not_the_object():
    """Defect: a bundle's key held id() of a frame, which Python reuses after garbage collection."""
    data = load_dataset(P)
    keys = set()
    for value in (1.0, 2.0):
        table = data.indicators.assign(value=value)
        keys.add(dataset_from_frames(P, data.definitions, data.areas, table, origin="upload", label="x").key)
        del table
        gc.collect()
    assert len(keys) == 2  # two contents, two keys, however the memory is reused
    same = data.indicators.copy()
    assert frame_identity(data.areas, same) == frame_identity(data.areas.copy(), data.indicators)
    moved = data.areas.copy()
    moved.geometry = moved.geometry.translate(1.0, 0.0)
    assert frame_identity(moved, same) != frame_identity(data.areas, same)
    assert "id(" not in open(__import__("geo.dataset.load", fromlist=["x"]).__file__, encoding="utf-8").read()


def test_results_dataset_has_no_years():
    data = load_dataset(P)
    results = pd.DataFrame({"index": [0.1] * 14}, index=data.areas["area_id"])
    upload = dataset_from_frames(P, data.definitions, data.areas, data.indicators.iloc[:0], origin="upload",
                                 label="r.csv", results=results)
    assert upload.results_mode and upload.years(upload.default_definition) == []
    assert upload.catalog().years is None
