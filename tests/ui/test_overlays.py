"""Context overlays in the app (AppTest): the sidebar section "Kartlager" with Polisen's utsatta
områden from the data folder, and an uploaded overlay on every map."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import shapely

from geo.paths import ROOT, demo_paths
from geo.readers.overlays import read_overlay
from tests.shared_data import shared_file
from tests.ui.apphelpers import app, map_data
from ui import session

POLISEN = "polisen/malmo_utsatta_omraden_2023.gpkg"
NAMES = {"Rosengård", "Södra Sofielund (Seved)", "Nydala / Hermodsdal / Lindängen",
         "Holma / Kroksbäck / Bellevuegården"}


# ---------------------------------------------------------------- app

@pytest.fixture
def configured_with_overlay(tmp_path, monkeypatch):
    folder = tmp_path / "stadens-data"
    (folder / "overlays").mkdir(parents=True)
    shutil.copy(demo_paths().areas, folder / "omraden.gpkg")
    shutil.copy(demo_paths().indicators, folder / "indikatorer.csv")
    shutil.copy(shared_file(POLISEN), folder / "overlays" / "malmo_utsatta_omraden_2023.gpkg")
    (folder / "overlays" / "trasig.geojson").write_text("<html>fel</html>", encoding="utf-8")
    monkeypatch.setenv("OMRADESINDEX_DATA_DIR", str(folder))
    return folder


def test_sidebar_lists_folder_overlay_and_toggle_draws_it(configured_with_overlay):
    at = app()
    assert not at.exception, [e.value for e in at.exception]
    toggle = at.toggle(key="v_ov_dir:malmo_utsatta_omraden_2023.gpkg")
    assert toggle.label == "malmo utsatta omraden 2023" and toggle.value is False
    assert any("trasig.geojson" in w.value.replace("\\", "") for w in at.warning)  # a broken file is named, not fatal
    (before,) = map_data(at)
    ((oid, url, on),) = before["overlays"]
    assert oid == "dir:malmo_utsatta_omraden_2023.gpkg" and on is False  # available, but hidden

    toggle.set_value(True).run()
    assert not at.exception
    (after,) = map_data(at)
    assert after["overlays"] == [[oid, url, True]]  # the same file, now shown; nothing else changes
    assert after["areas"] == before["areas"] and after["live"]["scores"] == before["live"]["scores"]
    served = ROOT / "static" / "generated" / url.split("/static/generated/", 1)[1]
    features = json.loads(served.read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["label"] for f in features} == NAMES
    for f in features:  # each label has an anchor inside its polygon (the browser places it there)
        props = f["properties"]
        assert shapely.geometry.shape(f["geometry"]).contains(shapely.Point(props["lx"], props["ly"]))


def test_session_overlay_from_upload_shows_on_every_map(tmp_path):
    overlay = read_overlay(shared_file(POLISEN), name="Polisen", overlay_key="up:polisen.gpkg")
    at = app("dimensioner", state={session.UPLOADED_OVERLAYS: {overlay.id: overlay},
                                   session.overlay_key(overlay.id): True})
    assert not at.exception, [e.value for e in at.exception]
    assert at.toggle(key="v_ov_up:polisen.gpkg").value is True
    assert "uppladdat" in at.toggle(key="v_ov_up:polisen.gpkg").label
    maps = map_data(at)
    assert len(maps) == 4
    assert all(m["overlays"][0][0] == "up:polisen.gpkg" and m["overlays"][0][2] is True for m in maps)


def test_an_overlay_upload_on_a_full_disk_is_an_error_box_naming_the_file(monkeypatch):
    """Issue 17 (found by the disk-full fix of the upload slots): the overlay uploader saved the file
    before its error handling, so a full disk was an uncaught exception."""
    import errno

    from ui import uploads

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    at = app("importera")
    monkeypatch.setattr(Path, "write_bytes", full)
    at.file_uploader(key="imp_overlay_uploader").set_value(("utsatta.geojson", b"{}", "application/geo+json"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    boxes = [e.value for e in at.error]
    assert any("utsatta.geojson" in b and "disken" in b for b in boxes), boxes
    assert not [b for b in boxes if "Errno" in b or uploads.PREFIX in b], boxes
    monkeypatch.undo()
    at.run()
    assert not at.exception
