"""Index definitions as data: read a TOML file into frozen dataclasses.

The committees asked for a revised index and a health dimension later, so the
dimensions, indicators, polarities and default weights live in
``data/definitions/*.toml``, not in code. See ``data/definitions/malmo-2023.toml``
for the format.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import DataError
from geo.tomlfile import read_toml

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_DEF_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@dataclass(frozen=True)
class Indicator:
    """One indicator: raw values per area, normalised with its polarity."""

    id: str
    label: str
    unit: str
    polarity: int
    weight: float = 1.0
    label_en: str = ""
    source: str = ""
    note: str = ""
    note_en: str = ""
    range: tuple[float, float] | None = None
    #: ``"index"`` (in a dimension) or ``"follow_up"`` (followed over time, not in the index).
    role: str = "index"
    #: When the data only approximates the city's indicator: how it differs (shown on the method
    #: page and in every export), and which indicator of the full index it stands in for.
    proxy: str = ""
    proxy_en: str = ""
    proxy_of: str = ""

    @property
    def is_proxy(self) -> bool:
        return bool(self.proxy or self.proxy_of)

    def display_proxy(self, lang: str = "sv") -> str:
        return (self.proxy_en or self.proxy) if lang == "en" else self.proxy

    def display_label(self, lang: str = "sv") -> str:
        return (self.label_en or self.label) if lang == "en" else self.label


@dataclass(frozen=True)
class Dimension:
    """A dimension: the weighted mean of its normalised indicators."""

    id: str
    label: str
    indicators: tuple[Indicator, ...]
    weight: float = 1.0
    label_en: str = ""

    def display_label(self, lang: str = "sv") -> str:
        return (self.label_en or self.label) if lang == "en" else self.label


@dataclass(frozen=True)
class Definition:
    """A whole index definition (one version)."""

    id: str
    name: str
    version: str
    dimensions: tuple[Dimension, ...]
    name_en: str = ""
    description: str = ""
    description_en: str = ""
    area_level: str = ""
    #: The year the follow-up starts from (the yardstick of the app's default view and the base
    #: year of targets), e.g. the data year of the decision; ``None``: no fixed yardstick.
    follow_up_start: int | None = None
    #: Indicators followed over time but not part of the index (e.g. the council's goal:
    #: young people working or studying), ``role = "follow_up"``.
    follow_up: tuple[Indicator, ...] = ()
    #: The full index this definition is a subset of (e.g. open data covering part of it):
    #: the id of a shipped definition, so views can say "N av 12 indikatorer" and list what is missing.
    full_index: str = ""
    path: str = field(default="", compare=False)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(ind for dim in self.dimensions for ind in dim.indicators)

    @property
    def dimension_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.dimensions)

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.indicators)

    @property
    def follow_up_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.follow_up)

    def any_indicator(self, ind_id: str) -> Indicator:
        """An index or a follow-up-only indicator."""
        for i in self.follow_up:
            if i.id == ind_id:
                return i
        return self.indicator(ind_id)

    def dimension(self, dim_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dim_id:
                return d
        raise DataError(f"dimensionen '{dim_id}' finns inte i indexdefinitionen '{self.id}'.",
                        hint=f"Dimensioner: {', '.join(self.dimension_ids)}.")

    def indicator(self, ind_id: str) -> Indicator:
        for i in self.indicators:
            if i.id == ind_id:
                return i
        raise DataError(f"indikatorn '{ind_id}' finns inte i indexdefinitionen '{self.id}'.",
                        hint=f"Indikatorer: {', '.join(self.indicator_ids)}.")

    def default_weights(self) -> dict[str, float]:
        """Dimension weights as written in the file (the baseline for rank changes)."""
        return {d.id: d.weight for d in self.dimensions}

    def default_indicator_weights(self) -> dict[str, float]:
        return {i.id: i.weight for i in self.indicators}

    def display_name(self, lang: str = "sv") -> str:
        return (self.name_en or self.name) if lang == "en" else self.name


def _need(table: dict, key: str, where: str, file: str) -> object:
    if key not in table:
        raise DataError(f"nyckeln '{key}' saknas i {where}.", file=file,
                        hint="Lägg till den; se data/definitions/malmo-2023.toml som mall.")
    return table[key]


def _weight(value: object, where: str, file: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise DataError(f"vikten i {where} måste vara ett tal ≥ 0, inte {value!r}.", file=file)
    return float(value)


def _check_id(value: object, where: str, file: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise DataError(
            f"id {value!r} i {where} är ogiltigt.", file=file,
            hint="Använd gemena bokstäver a–z, siffror och understreck, t.ex. 'valdeltagande'.",
        )
    return value


def _parse_indicator(raw: dict, dim_id: str, file: str, role: str = "index") -> Indicator:
    where = f"en indikator i dimensionen '{dim_id}'" if role == "index" else "en indikator i [[follow_up]]"
    ind_id = _check_id(_need(raw, "id", where, file), where, file)
    where = f"indikatorn '{ind_id}'"
    polarity = _need(raw, "polarity", where, file)
    if polarity not in (1, -1) or isinstance(polarity, bool):
        raise DataError(f"polarity för {where} måste vara 1 eller -1, inte {polarity!r}.", file=file,
                        hint="1 = högre värde är bättre, -1 = högre värde är sämre.")
    rng = raw.get("range")
    if rng is not None:
        if (not isinstance(rng, list) or len(rng) != 2
                or not all(isinstance(v, (int, float)) for v in rng) or rng[0] >= rng[1]):
            raise DataError(f"range för {where} måste vara [min, max] med min < max.", file=file)
        rng = (float(rng[0]), float(rng[1]))
    return Indicator(
        id=ind_id,
        label=str(_need(raw, "label", where, file)),
        unit=str(raw.get("unit", "")),
        polarity=int(polarity),
        weight=_weight(raw.get("weight", 1.0), where, file),
        label_en=str(raw.get("label_en", "")),
        source=str(raw.get("source", "")),
        note=str(raw.get("note", "")),
        note_en=str(raw.get("note_en", "")),
        range=rng,
        role=role,
        proxy=str(raw.get("proxy", "")).strip(),
        proxy_en=str(raw.get("proxy_en", "")).strip(),
        proxy_of=str(raw.get("proxy_of", "")),
    )


def _parse_follow_up(data: dict, seen: set[str], file: str) -> tuple[Indicator, ...]:
    raw = data.get("follow_up", [])
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise DataError("[[follow_up]] måste vara en lista av indikatorer.", file=file,
                        hint="Skriv varje uppföljningsindikator som en egen [[follow_up]]-tabell.")
    out = tuple(_parse_indicator(r, "", file, role="follow_up") for r in raw)
    for ind in out:
        if ind.id in seen:
            raise DataError(f"id '{ind.id}' förekommer mer än en gång.", file=file,
                            hint="En uppföljningsindikator kan inte också ingå i indexet.")
        seen.add(ind.id)
    return out


def _start_year(head: dict, file: str) -> int | None:
    value = head.get("follow_up_start")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
        raise DataError(f"follow_up_start i [definition] måste vara ett årtal, inte {value!r}.", file=file,
                        hint="T.ex. follow_up_start = 2021.")
    return value


def parse_definition(data: dict, *, file: str = "<definition>") -> Definition:
    """Validate a parsed TOML document and build a :class:`Definition`."""
    head = data.get("definition")
    if not isinstance(head, dict):
        raise DataError("tabellen [definition] saknas.", file=file,
                        hint="Filen måste börja med [definition] med id, name och version.")
    def_id = _need(head, "id", "[definition]", file)
    if not isinstance(def_id, str) or not _DEF_ID.match(def_id):
        raise DataError(f"id {def_id!r} i [definition] är ogiltigt.", file=file,
                        hint="Använd gemena bokstäver, siffror, '-', '.' och '_', t.ex. 'malmo-2023'.")
    raw_dims = data.get("dimensions")
    if not isinstance(raw_dims, list) or not raw_dims:
        raise DataError("inga [[dimensions]] hittades.", file=file,
                        hint="Ange minst en dimension med minst en indikator.")
    dims: list[Dimension] = []
    seen: set[str] = set()
    for raw in raw_dims:
        dim_id = _check_id(_need(raw, "id", "en dimension", file), "en dimension", file)
        where = f"dimensionen '{dim_id}'"
        raw_inds = raw.get("indicators")
        if not isinstance(raw_inds, list) or not raw_inds:
            raise DataError(f"{where} har inga indikatorer.", file=file,
                            hint="Lägg till [[dimensions.indicators]] under dimensionen.")
        inds = tuple(_parse_indicator(r, dim_id, file) for r in raw_inds)
        if sum(i.weight for i in inds) <= 0:
            raise DataError(f"alla indikatorvikter i {where} är 0.", file=file,
                            hint="Minst en indikator måste ha vikt > 0.")
        for ident in (dim_id, *(i.id for i in inds)):
            if ident in seen:
                raise DataError(f"id '{ident}' förekommer mer än en gång.", file=file,
                                hint="Varje dimension och indikator måste ha ett unikt id.")
            seen.add(ident)
        dims.append(Dimension(
            id=dim_id, label=str(_need(raw, "label", where, file)), indicators=inds,
            weight=_weight(raw.get("weight", 1.0), where, file), label_en=str(raw.get("label_en", "")),
        ))
    if sum(d.weight for d in dims) <= 0:
        raise DataError("alla dimensionsvikter är 0.", file=file, hint="Minst en dimension måste ha vikt > 0.")
    return Definition(
        id=def_id,
        name=str(_need(head, "name", "[definition]", file)),
        version=str(head.get("version", "")),
        dimensions=tuple(dims),
        name_en=str(head.get("name_en", "")),
        description=str(head.get("description", "")).strip(),
        description_en=str(head.get("description_en", "")).strip(),
        area_level=str(head.get("area_level", "")),
        follow_up_start=_start_year(head, file),
        follow_up=_parse_follow_up(data, seen, file),
        full_index=str(head.get("full_index", "")),
        path=file,
    )


def load_definition(path: str | Path) -> Definition:
    """Read and validate a definition file (TOML)."""
    path = Path(path)
    try:
        data = read_toml(path, what="definitionsfilen")
    except FileNotFoundError:
        raise DataError("filen finns inte.", file=str(path),
                        hint="Kontrollera sökvägen till definitionsfilen.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"kunde inte läsas som TOML ({exc}).", file=str(path),
                        hint="Rätta syntaxen; se data/definitions/malmo-2023.toml som mall.") from None
    return parse_definition(data, file=str(path))


def list_definitions(folder: str | Path) -> list[Definition]:
    """All valid definitions in a folder, sorted by id (invalid files raise)."""
    return sorted((load_definition(p) for p in Path(folder).glob("*.toml")), key=lambda d: d.id)
