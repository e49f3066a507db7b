"""Choosing the data folder by configuration: CLI option > env var > config file > demo."""

import shutil

import pytest

from geo.dataset.config import ENV_VAR, data_paths_from_folder, resolve_data_paths
from geo.dataset.load import load_dataset
from geo.errors import DataError
from geo.paths import DATA, demo_paths


@pytest.fixture
def city(tmp_path):
    """A city folder built from the demo files (the demo stands in for the city's own data)."""
    folder = tmp_path / "stad"
    folder.mkdir()
    shutil.copy(DATA / "demo" / "omraden.gpkg", folder / "omraden.gpkg")
    shutil.copy(DATA / "demo" / "indikatorer.csv", folder / "indikatorer.csv")
    return folder


@pytest.fixture
def nowhere(tmp_path):
    """An empty cwd and home so that no real config file is picked up."""
    (tmp_path / "cwd").mkdir()
    (tmp_path / "home").mkdir()
    return {"cwd": tmp_path / "cwd", "home": tmp_path / "home"}


def test_nothing_configured_gives_the_demo(nowhere):
    assert resolve_data_paths(env={}, **nowhere) == demo_paths()
    assert demo_paths().synthetic and demo_paths().origin == "demo"


def test_order_cli_then_env_then_config(city, tmp_path, nowhere):
    other = tmp_path / "annan"
    shutil.copytree(city, other)
    (nowhere["cwd"] / "omradesindex.toml").write_text(f'[data]\ndir = "{other.as_posix()}"\n', encoding="utf-8")
    env = {ENV_VAR: str(city)}
    cli = resolve_data_paths(data_dir=other, env=env, **nowhere)
    assert (cli.origin, cli.root) == ("cli", other.resolve())
    from_env = resolve_data_paths(env=env, **nowhere)
    assert (from_env.origin, from_env.root) == ("env", city.resolve())
    from_cfg = resolve_data_paths(env={}, **nowhere)
    assert (from_cfg.origin, from_cfg.root) == ("config", other.resolve())
    assert not from_cfg.synthetic
    assert from_cfg.areas.name == "omraden.gpkg" and from_cfg.indicators.name == "indikatorer.csv"
    assert from_cfg.default_definition == DATA / "definitions" / "malmo-2023.toml"


def test_home_config_with_relative_dir_and_explicit_config_file(city, tmp_path, nowhere):
    cfg_dir = nowhere["home"] / ".config" / "omradesindex"
    cfg_dir.mkdir(parents=True)
    shutil.move(str(city), cfg_dir / "data")
    (cfg_dir / "omradesindex.toml").write_text('[data]\ndir = "data"\n', encoding="utf-8")
    paths = resolve_data_paths(env={}, **nowhere)
    assert paths.root == (cfg_dir / "data").resolve()
    explicit = resolve_data_paths(env={}, config_file=cfg_dir / "omradesindex.toml", **nowhere)
    assert explicit == paths
    with pytest.raises(DataError, match="konfigurationsfilen finns inte"):
        resolve_data_paths(env={}, config_file=tmp_path / "nej.toml", **nowhere)


def test_folder_config_names_files_columns_and_definitions(city, tmp_path):
    (city / "omraden.gpkg").rename(city / "geso.gpkg")
    (city / "definitions").mkdir()
    shutil.copy(DATA / "definitions" / "malmo-2023-halsa.toml", city / "definitions" / "egen.toml")
    (city / "mapping.json").write_text('{"mapping": {}}', encoding="utf-8")
    (city / "omradesindex.toml").write_text(
        '[files]\nareas = "geso.gpkg"\n[areas]\nid_col = "area_id"\nname_col = "area_name"\nlayer = "omraden"\n',
        encoding="utf-8")
    paths = data_paths_from_folder(city)
    assert paths.areas == (city / "geso.gpkg").resolve()
    assert paths.definitions_dir == city / "definitions"
    assert paths.default_definition == city / "definitions" / "egen.toml"
    assert paths.mapping == city / "mapping.json" and paths.layer == "omraden"
    data = load_dataset(paths)
    assert data.report.usable and len(data.areas) == 14
    # run from inside the folder: its own omradesindex.toml is the configuration
    assert resolve_data_paths(env={}, cwd=city, home=tmp_path).root == city.resolve()


@pytest.mark.parametrize("breakage, message", [
    ("missing", "datamappen finns inte"),
    ("no_areas", "saknar ett områdeslager"),
    ("no_table", "saknar en indikatortabell"),
    ("bad_toml", "kunde inte läsas"),
    ("bad_file", "'borta.gpkg'.*finns inte"),
    ("empty_defs", "ingen indexdefinition"),
])
def test_configured_but_broken_folder_is_an_error_not_the_demo(city, nowhere, breakage, message):
    if breakage == "missing":
        shutil.rmtree(city)
    elif breakage == "no_areas":
        (city / "omraden.gpkg").unlink()
    elif breakage == "no_table":
        (city / "indikatorer.csv").unlink()
    elif breakage == "bad_toml":
        (city / "omradesindex.toml").write_text("[files\n", encoding="utf-8")
    elif breakage == "bad_file":
        (city / "omradesindex.toml").write_text('[files]\nareas = "borta.gpkg"\n', encoding="utf-8")
    else:
        (city / "definitions").mkdir()
    with pytest.raises(DataError, match=message):
        resolve_data_paths(env={ENV_VAR: str(city)}, **nowhere)


def test_config_file_without_dir_is_an_error(nowhere):
    (nowhere["cwd"] / "omradesindex.toml").write_text("[data]\n", encoding="utf-8")
    with pytest.raises(DataError, match="dir saknas"):
        resolve_data_paths(env={}, **nowhere)


def test_config_file_without_data_names_no_data(nowhere):
    """A deployment's omradesindex.toml with only [auth] (roles) keeps the built-in data."""
    (nowhere["cwd"] / "omradesindex.toml").write_text('[auth]\ndefault_role = "lasare"\n', encoding="utf-8")
    assert resolve_data_paths(env={}, **nowhere).origin == "demo"


def test_empty_env_var_is_ignored(nowhere):
    assert resolve_data_paths(env={ENV_VAR: "  "}, **nowhere).synthetic
