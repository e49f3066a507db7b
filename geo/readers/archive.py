"""Zipped Shapefiles, read in place through GDAL's ``/vsizip/`` file system.

Municipal open data is often published as ``*.zip`` with a Shapefile inside. We never
extract the archive: GDAL reads the members directly, so nothing is written to disk,
nothing has to be cleaned up and a member named ``../../etc/x`` can never be written
anywhere. We still inspect the archive first and *refuse* it when it looks hostile
(absolute or ``..`` member names, too many members, too large when uncompressed),
and we check that the Shapefile's companion files are there, because GDAL's own
messages about a missing ``.shx`` or ``.prj`` are cryptic or silent.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from geo.errors import DataError
from geo.readers.limits import check_file_size, format_size, max_file_bytes

MAX_MEMBERS = 2_000
#: Hard cap on an archive's unpacked size; the effective cap is the smaller of this and
#: ``UNPACKED_FACTOR`` × the input size limit (:func:`geo.readers.limits.max_file_bytes`).
MAX_UNCOMPRESSED_BYTES = 2 * 1024**3
UNPACKED_FACTOR = 10
#: A member that unpacks to more than ``BOMB_MIN_BYTES`` at a compression ratio above
#: ``BOMB_RATIO`` is treated as a zip bomb (real geodata and spreadsheets stay far below).
BOMB_RATIO = 200
BOMB_MIN_BYTES = 1024**2
_CHUNK = 1024**2
_VECTOR_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json", ".fgb")


def _unsafe(name: str) -> bool:
    p = PurePosixPath(name.replace("\\", "/"))
    return name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in p.parts


def check_archive(path: str | Path, *, what: str = "zip-filen") -> list[zipfile.ZipInfo]:
    """Inspect a zip archive (also an .xlsx) before anything unpacks it; return its members.

    Refuses a file over the input size limit, too many members, a declared unpacked size over
    the cap, a zip bomb (extreme compression ratio) and a corrupt archive. Every member is then
    decompressed once as a stream, counting bytes, so that a member whose header lies about its
    size (or whose data is damaged) is refused too; nothing is written anywhere.
    """
    path = Path(path)
    check_file_size(path)
    redo = ("Spara arbetsboken i Excel igen som .xlsx, eller spara bladet som CSV." if what.startswith("Excel")
            else "Packa filerna i en ny zip-fil.")
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise DataError("filen finns inte.", file=path.name, hint="Kontrollera sökvägen.") from None
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DataError(f"{what} är trasig, avkortad eller ingen giltig zip-fil.", file=path.name, hint=redo) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise DataError(f"{what} har {len(infos)} filer (högst {MAX_MEMBERS}).", file=path.name,
                            hint="Packa bara områdeslagrets filer.")
        cap = min(MAX_UNCOMPRESSED_BYTES, UNPACKED_FACTOR * max_file_bytes())
        total = sum(i.file_size for i in infos)
        if total > cap:
            raise DataError(f"{what} är för stor uppackad ({format_size(total)}, gränsen är {format_size(cap)}).",
                            file=path.name, hint="Packa bara de filer som behövs.")
        for i in infos:
            if i.file_size > BOMB_MIN_BYTES and i.file_size > BOMB_RATIO * max(i.compress_size, 1):
                raise DataError(f"{what} ser ut som en zip-bomb: '{i.filename}' packas upp från "
                                f"{format_size(i.compress_size)} till {format_size(i.file_size)}.", file=path.name,
                                hint=f"Filen läses inte. {redo}")
        budget = cap
        for i in infos:
            if i.is_dir():
                continue
            try:
                with zf.open(i) as fh:
                    while chunk := fh.read(_CHUNK):
                        budget -= len(chunk)
                        if budget < 0:
                            raise DataError(f"{what} packas upp till mer än {format_size(cap)}.", file=path.name,
                                            hint="Filen läses inte. Packa bara de filer som behövs.")
            except DataError:
                raise
            except NotImplementedError:
                raise DataError(f"{what}: '{i.filename}' använder en komprimering eller kryptering som inte stöds.",
                                file=path.name, hint="Packa filerna igen utan lösenord, med vanlig zip "
                                                     "(Deflate).") from None
            except RuntimeError:  # encrypted member
                raise DataError(f"{what} är lösenordsskyddad.", file=path.name,
                                hint="Packa filerna igen utan lösenord.") from None
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error):
                raise DataError(f"{what} är trasig: '{i.filename}' kan inte packas upp (fel storlek eller "
                                "kontrollsumma).", file=path.name,
                                hint=f"Filen läses inte. {redo}") from None
    return infos


def check_shapefile_parts(shp_name: str, members: set[str], *, file: str) -> None:
    """Raise a clear error when the ``.shx``, ``.dbf`` or ``.prj`` beside a ``.shp`` is missing."""
    stem = shp_name[:-4]
    lower = {m.lower() for m in members}
    for ext, what, hint in (
        (".shx", "indexfilen .shx", "Lägg med alla filer som hör till shapefilen (.shp, .shx, .dbf, .prj)."),
        (".dbf", "attributfilen .dbf", "Utan .dbf finns inga kolumner för områdets id och namn."),
        (".prj", "koordinatsystemsfilen .prj",
         "Exportera lagret igen med koordinatsystem (t.ex. SWEREF 99 TM, EPSG:3006, eller SWEREF 99 13 30, "
         "EPSG:3008). Koordinatsystemet gissas aldrig."),
    ):
        if (stem + ext).lower() not in lower:
            raise DataError(f"{PurePosixPath(shp_name).name} saknar {what}.", file=file, hint=hint)


def zip_vector_path(path: str | Path, *, member: str | None = None) -> str:
    """The ``/vsizip/`` path of the one vector file inside a zip archive, after safety checks.

    ``member`` selects a file when the archive holds several layers.
    """
    path = Path(path)
    infos = check_archive(path)
    bad = [i.filename for i in infos if _unsafe(i.filename)]
    if bad:
        raise DataError(f"zip-filen innehåller otillåtna sökvägar (t.ex. '{bad[0]}').", file=path.name,
                        hint="Packa filerna utan absoluta sökvägar och utan '..'.")
    names = {i.filename for i in infos if not i.is_dir()}
    if member is not None:
        if member not in names:
            raise DataError(f"'{member}' finns inte i zip-filen.", file=path.name,
                            hint=f"Filer: {', '.join(sorted(names)[:10])}.")
        candidates = [member]
    else:
        candidates = sorted(n for n in names if n.lower().endswith(_VECTOR_SUFFIXES)
                            and not PurePosixPath(n).name.startswith("."))
        shp = [n for n in candidates if n.lower().endswith(".shp")]
        candidates = shp or candidates
    if not candidates:
        raise DataError("zip-filen innehåller ingen .shp-fil (eller annan geodatafil).", file=path.name,
                        hint="Packa shapefilens filer (.shp, .shx, .dbf, .prj) i zip-filen.")
    if len(candidates) > 1:
        raise DataError(f"zip-filen innehåller flera lager ({', '.join(candidates[:5])}).", file=path.name,
                        hint="Packa bara ett lager, eller ange vilket som ska läsas.")
    chosen = candidates[0]
    if chosen.lower().endswith(".shp"):
        check_shapefile_parts(chosen, names, file=path.name)
    return f"/vsizip/{path.resolve().as_posix()}/{chosen}"


def check_plain_shapefile(path: Path) -> None:
    """The same companion-file checks for an unzipped ``.shp`` on disk."""
    members = {p.name for p in path.parent.iterdir()} if path.parent.exists() else set()
    check_shapefile_parts(path.name, members, file=path.name)
