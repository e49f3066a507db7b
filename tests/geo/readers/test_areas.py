"""Area layers: the real 136 delområden (EPSG:3008) in every format, zipped Shapefiles and
their safety checks, repaired rings and multipolygons."""

import warnings
import zipfile

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon

from geo.errors import DataError, DataWarning
from geo.readers import archive
from geo.readers.areas import read_areas
from geo.view.mapmodel import area_features
from tests.shared_data import shared_file

DELOMRADEN = "malmo_stad/malmo_delomraden_136.gpkg"


@pytest.fixture(scope="module")
def delomraden():
    return gpd.read_file(shared_file(DELOMRADEN))


def write_shapefile_zip(gdf, folder, *, drop=(), name="delomraden"):
    shp_dir = folder / "shp"
    shp_dir.mkdir(exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gdf.to_file(shp_dir / f"{name}.shp", engine="pyogrio")
    zpath = folder / f"{name}.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in sorted(shp_dir.iterdir()):
            if f.suffix not in drop:
                zf.write(f, f"{name}/{f.name}")
    return zpath


@pytest.mark.parametrize("fmt", ["zip", "geojson", "fgb", "gpkg"])
def test_real_delomraden_load_reproject_and_draw(delomraden, tmp_path, fmt):
    if fmt == "zip":
        path = write_shapefile_zip(delomraden, tmp_path)
    else:
        path = tmp_path / f"delomraden.{fmt}"
        delomraden.to_file(path, driver={"geojson": "GeoJSON", "fgb": "FlatGeobuf", "gpkg": "GPKG"}[fmt])
    areas = read_areas(path, id_col="do_kod", name_col="delomrade")
    assert len(areas) == 136
    assert areas.crs.to_epsg() == 3008
    np.testing.assert_allclose(areas.area.sum(), delomraden.area.sum(), rtol=1e-9)
    web = areas.to_crs(4326)
    minx, miny, maxx, maxy = web.total_bounds
    assert 12.8 < minx < maxx < 13.3 and 55.4 < miny < maxy < 55.8
    # what the web map gets: every area, with its label anchor inside it
    features = area_features(areas)["features"]
    assert len(features) == 136
    assert all(shapely.geometry.shape(f["geometry"]).buffer(1e-4).contains(
        shapely.Point(f["properties"]["lx"], f["properties"]["ly"])) for f in features)


def test_zip_is_read_in_place_without_extracting(delomraden, tmp_path):
    path = write_shapefile_zip(delomraden, tmp_path)
    before = set(tmp_path.rglob("*"))
    vsi = archive.zip_vector_path(path)
    assert vsi.startswith("/vsizip/") and vsi.endswith("delomraden/delomraden.shp")
    read_areas(path, id_col="do_kod", name_col="delomrade")
    assert set(tmp_path.rglob("*")) == before


@pytest.mark.parametrize("drop, message", [(".shx", r"saknar indexfilen \.shx"),
                                           (".prj", r"saknar koordinatsystemsfilen \.prj.*gissas aldrig"),
                                           (".dbf", r"saknar attributfilen \.dbf")])
def test_zip_missing_companion_files_give_clear_messages(delomraden, tmp_path, drop, message):
    path = write_shapefile_zip(delomraden.head(3), tmp_path, drop=(drop,))
    with pytest.raises(DataError, match=message):
        read_areas(path, id_col="do_kod", name_col="delomrade")


def test_plain_shapefile_without_prj(delomraden, tmp_path):
    write_shapefile_zip(delomraden.head(3), tmp_path)
    (tmp_path / "shp" / "delomraden.prj").unlink()
    with pytest.raises(DataError, match=r"\.prj"):
        read_areas(tmp_path / "shp" / "delomraden.shp", id_col="do_kod", name_col="delomrade")


@pytest.mark.parametrize("member", ["../evil.shp", "/abs/evil.shp", "a/../../evil.shp", "C:\\evil.shp"])
def test_zip_with_unsafe_member_names_is_refused(tmp_path, member):
    path = tmp_path / "ond.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr(member, b"x")
    with pytest.raises(DataError, match="otillåtna sökvägar"):
        read_areas(path)


def test_zip_caps_entries_and_size(tmp_path, monkeypatch):
    path = tmp_path / "manga.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i in range(5):
            zf.writestr(f"f{i}.txt", b"0" * 1000)
    monkeypatch.setattr(archive, "MAX_MEMBERS", 4)
    with pytest.raises(DataError, match="5 filer"):
        read_areas(path)
    monkeypatch.setattr(archive, "MAX_MEMBERS", 100)
    monkeypatch.setattr(archive, "MAX_UNCOMPRESSED_BYTES", 4000)
    with pytest.raises(DataError, match="för stor"):
        read_areas(path)


def test_zip_without_layer_or_with_two_layers(delomraden, tmp_path):
    empty = tmp_path / "tom.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("readme.txt", b"hej")
    with pytest.raises(DataError, match="ingen .shp"):
        read_areas(empty)
    two = tmp_path / "tva.zip"
    with zipfile.ZipFile(two, "w") as zf:
        zf.writestr("a.shp", b"")
        zf.writestr("b.shp", b"")
    with pytest.raises(DataError, match="flera lager"):
        read_areas(two)
    broken = tmp_path / "trasig.zip"
    broken.write_bytes(b"PK no zip")
    with pytest.raises(DataError, match="ingen giltig zip-fil"):
        read_areas(broken)


def test_multipolygons_are_kept_and_bowtie_repaired_into_report_attrs(tmp_path):
    islands = MultiPolygon([Polygon([(0, 0), (1, 0), (1, 1), (0, 1)]), Polygon([(3, 3), (4, 3), (4, 4), (3, 4)])])
    bowtie = Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])
    gdf = gpd.GeoDataFrame({"area_id": ["oar", "fluga"], "area_name": ["Öar", "Fluga"]},
                           geometry=[islands, bowtie], crs=3008)
    path = tmp_path / "ytor.gpkg"
    gdf.to_file(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        areas = read_areas(path)
    assert any(issubclass(w.category, DataWarning) for w in caught)
    assert areas.attrs["repaired_ids"] == ["fluga"]
    assert areas.geometry.is_valid.all()
    assert set(areas.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    assert areas.set_index("area_id").geometry["oar"].geom_type == "MultiPolygon"
    assert areas.set_index("area_id").geometry["fluga"].area == pytest.approx(2.0)


def test_a_name_of_ten_thousand_characters_is_cut_with_a_note_naming_the_area():
    """Issue 17: a 10,000-character name pushed Mötesläge's ranking off the screen."""
    from shapely.geometry import box

    from geo.readers.areas import MAX_NAME_CHARS, validate_areas

    gdf = gpd.GeoDataFrame({"area_id": ["A", "B"], "area_name": ["Långtnamn" * 1112, "Rosengård"]},
                           geometry=[box(0, 0, 1, 1), box(2, 2, 3, 3)], crs=3006)
    out = validate_areas(gdf, file="omraden.gpkg")
    long, short = out["area_name"].tolist()
    assert len(long) == MAX_NAME_CHARS and long.endswith("…") and long.startswith("LångtnamnLångtnamn")
    assert short == "Rosengård"
    (note,) = [n for n in out.attrs["warnings"] if "längre än" in n]
    assert "omraden.gpkg" in note and "A" in note and "10008 tecken" in note
