"""Which data folder a deployment runs on: configuration, not code.

Order: the CLI option ``--data-dir`` > the environment variable
``OMRADESINDEX_DATA_DIR`` > a config file ``omradesindex.toml`` (in the working
directory, then ``~/.config/omradesindex/``) with ``[data] dir = "…"`` > the demo.
The demo is used only when nothing is configured; a configured folder that is
missing or broken is a :class:`DataError` (the app shows it and falls back).

A data folder holds ``omraden.*`` (areas), ``indikatorer.csv`` or ``.xlsx`` and
optionally ``definitions/*.toml``, ``targets/*.toml`` (follow-up plans, :mod:`geo.targets`) and
``mapping.toml``/``mapping.json``. An
``omradesindex.toml`` *inside* the folder may name other files and columns::

    [files]
    areas = "geso_2024.gpkg"        # relative to the folder
    indicators = "indikatorer_2024.xlsx"
    definition = "definitions/malmo-2023.toml"
    mapping = "kolumner.toml"
    [areas]
    id_col = "geso_kod"
    name_col = "namn"
    layer = "geso"
    [indicators]
    sheet = "Data"

and say what the data is (the label every view and export carries; population columns of the
area layer; overlay files that may live outside the folder, shown when they exist)::

    [dataset]
    label = "Öppna data från SCB"
    areas = "RegSO (inte GeSO)"
    population_col = "folkmangd"
    young_col = "folkmangd_0_19"
    population_year = 2024
    [[overlays]]
    path = "../../../shared/data/polisen/malmo_utsatta_omraden_2023.gpkg"
    name = "Polisens utsatta områden 2023"
    source = "Polisen, Utsatta områden 2023"

When nothing is configured the app opens the embedded open data (``data/malmo-oppna-data``,
origin ``"open"``) with the synthetic demo one click away; the CLI keeps the demo as its default
(:func:`resolve_data_paths`), so its examples and goldens stay the full 12-indicator index.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from geo.errors import DataError
from geo.paths import DATA, OPEN_DATA, DataDescription, DataPaths, Origin, OverlayRef, demo_paths
from geo.tomlfile import read_toml

ENV_VAR = "OMRADESINDEX_DATA_DIR"
CONFIG_NAME = "omradesindex.toml"
AREA_SUFFIXES = (".gpkg", ".geojson", ".json", ".fgb", ".zip", ".shp")
TABLE_SUFFIXES = (".csv", ".xlsx")


def _load_toml(path: Path) -> dict:
    try:
        return read_toml(path, what="konfigurationsfilen")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"konfigurationsfilen kunde inte läsas ({exc}).", file=str(path),
                        hint="Rätta TOML-syntaxen.") from None
    except OSError as exc:
        raise DataError(f"konfigurationsfilen kunde inte läsas ({exc.strerror}).", file=str(path)) from None


def default_config_files(*, cwd: Path | None = None, home: Path | None = None) -> list[Path]:
    """Where a deployment's ``omradesindex.toml`` is looked for, in order."""
    cwd = cwd or Path.cwd()
    home = home or Path.home()
    return [cwd / CONFIG_NAME, home / ".config" / "omradesindex" / CONFIG_NAME]


def _pick(folder: Path, stem: str, suffixes: tuple[str, ...], what: str) -> Path:
    hits = [folder / f"{stem}{s}" for s in suffixes if (folder / f"{stem}{s}").exists()]
    if not hits:
        raise DataError(f"mappen saknar {what} ({stem}{'|'.join(suffixes)}).", file=str(folder),
                        hint=f"Lägg filen i mappen eller ange den under [files] i {CONFIG_NAME} i mappen.")
    return hits[0]


def _file(folder: Path, name: object, key: str, cfg: Path) -> Path:
    if not isinstance(name, str) or not name:
        raise DataError(f"[files] {key} måste vara ett filnamn.", file=str(cfg))
    path = (folder / name).resolve()
    if not path.exists():
        raise DataError(f"filen '{name}' ([files] {key}) finns inte.", file=str(cfg),
                        hint="Sökvägen räknas från datamappen.")
    return path


def _text(table: dict, key: str, cfg: Path) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise DataError(f"[dataset] {key} måste vara en text.", file=str(cfg))
    return value


def _description(cfg: dict, folder: Path, cfg_path: Path) -> DataDescription:
    """``[dataset]`` and ``[[overlays]]`` of a folder's config (all optional)."""
    head = cfg.get("dataset", {})
    if not isinstance(head, dict):
        raise DataError("[dataset] måste vara en tabell.", file=str(cfg_path))
    year = head.get("population_year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise DataError(f"[dataset] population_year måste vara ett årtal, inte {year!r}.", file=str(cfg_path))
    raw = cfg.get("overlays", [])
    if not isinstance(raw, list) or not all(isinstance(r, dict) and isinstance(r.get("path"), str) for r in raw):
        raise DataError("[[overlays]] måste vara tabeller med minst path = \"…\".", file=str(cfg_path),
                        hint='T.ex. [[overlays]] path = "overlays/utsatta.gpkg" name = "Utsatta områden".')
    overlays = tuple(OverlayRef(path=(folder / r["path"]).resolve(), name=str(r.get("name", Path(r["path"]).stem)),
                                source=str(r.get("source", ""))) for r in raw)
    return DataDescription(label=_text(head, "label", cfg_path), label_en=_text(head, "label_en", cfg_path),
                           areas=_text(head, "areas", cfg_path), areas_en=_text(head, "areas_en", cfg_path),
                           population_col=_text(head, "population_col", cfg_path),
                           young_col=_text(head, "young_col", cfg_path), population_year=year, overlays=overlays)


def open_data_paths() -> DataPaths:
    """The embedded open data on Malmö's 91 RegSO (``data/malmo-oppna-data``, see its README)."""
    return data_paths_from_folder(OPEN_DATA, origin="open")


def data_paths_from_folder(folder: str | Path, *, origin: Origin = "cli") -> DataPaths:
    """Describe a city's data folder, checking that every file it needs exists."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise DataError("datamappen finns inte.", file=str(folder),
                        hint=f"Kontrollera --data-dir, {ENV_VAR} eller {CONFIG_NAME}.")
    cfg_path = folder / CONFIG_NAME
    cfg = _load_toml(cfg_path) if cfg_path.exists() else {}
    files = cfg.get("files", {})
    area_cfg = cfg.get("areas", {})
    ind_cfg = cfg.get("indicators", {})
    areas = _file(folder, files["areas"], "areas", cfg_path) if "areas" in files \
        else _pick(folder, "omraden", AREA_SUFFIXES, "ett områdeslager")
    indicators = _file(folder, files["indicators"], "indicators", cfg_path) if "indicators" in files \
        else _pick(folder, "indikatorer", TABLE_SUFFIXES, "en indikatortabell")
    defs_dir = folder / "definitions" if (folder / "definitions").is_dir() else DATA / "definitions"
    if "definition" in files:
        definition = _file(folder, files["definition"], "definition", cfg_path)
    else:
        tomls = sorted(defs_dir.glob("*.toml"))
        if not tomls:
            raise DataError("mappen definitions/ innehåller ingen indexdefinition (*.toml).", file=str(defs_dir),
                            hint="Kopiera data/definitions/malmo-2023.toml dit eller ta bort den tomma mappen.")
        standard = defs_dir / "malmo-2023.toml"
        definition = standard if standard in tomls else tomls[0]
    mapping = None
    if "mapping" in files:
        mapping = _file(folder, files["mapping"], "mapping", cfg_path)
    else:
        mapping = next((folder / n for n in ("mapping.toml", "mapping.json") if (folder / n).exists()), None)
    return DataPaths(
        areas=areas, indicators=indicators, definitions_dir=defs_dir, default_definition=definition,
        synthetic=False, origin=origin, root=folder.resolve(),
        id_col=str(area_cfg.get("id_col", "area_id")), name_col=str(area_cfg.get("name_col", "area_name")),
        layer=area_cfg.get("layer"), sheet=ind_cfg.get("sheet"), mapping=mapping,
        targets_dir=folder / "targets" if (folder / "targets").is_dir() else None,
        description=_description(cfg, folder, cfg_path),
    )


def resolve_data_paths(
    *,
    data_dir: str | Path | None = None,
    env: Mapping[str, str] = os.environ,
    config_file: str | Path | None = None,
    cwd: Path | None = None,
    home: Path | None = None,
) -> DataPaths:
    """The data a deployment runs on: CLI option > env var > config file > demo.

    ``config_file`` given explicitly must exist; otherwise :func:`default_config_files`
    are tried. Relative ``[data] dir`` values count from the config file's folder.
    """
    if data_dir is not None and str(data_dir) != "":
        return data_paths_from_folder(data_dir, origin="cli")
    if env.get(ENV_VAR, "").strip():
        return data_paths_from_folder(env[ENV_VAR].strip(), origin="env")
    if config_file is not None:
        candidates = [Path(config_file)]
        if not candidates[0].exists():
            raise DataError("konfigurationsfilen finns inte.", file=str(config_file), hint="Kontrollera sökvägen.")
    else:
        candidates = [p for p in default_config_files(cwd=cwd, home=home) if p.exists()]
    for cfg_path in candidates:
        doc = _load_toml(cfg_path)
        if "data" not in doc and ({"files", "areas", "indicators"} & set(doc)):
            # The config file of a data folder itself (run from inside the folder).
            return data_paths_from_folder(cfg_path.parent, origin="config")
        if "data" not in doc:  # a deployment's config that names no data (only [auth], [store] …)
            continue
        data = doc.get("data", {})
        folder = data.get("dir") if isinstance(data, dict) else None
        if not isinstance(folder, str) or not folder:
            raise DataError('nyckeln dir saknas under [data].', file=str(cfg_path),
                            hint='Skriv t.ex. [data] dir = "/srv/omradesindex/data".')
        path = Path(folder).expanduser()
        return data_paths_from_folder(path if path.is_absolute() else cfg_path.parent / path, origin="config")
    return demo_paths()
