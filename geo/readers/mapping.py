"""Column mapping: from the city's own headers to the definition's ids.

Exports say "Valdeltagande riksdagsval 2022 (%)" where the definition says
``valdeltagande``. A planner confirms a mapping once (helped by suggestions that read the
header's meaning and direction, :mod:`geo.readers.wording`), saves it next to the data and
reuses it for every later file of the same shape. A header that says the opposite of a share
("Andel med ekonomiskt bistånd" for "utan ekonomiskt bistånd") maps with ``transform = "100-x"``:

>>> from geo.definition import load_definition
>>> from geo.paths import demo_paths
>>> demo = load_definition(demo_paths().default_definition)
>>> suggest_mapping(["Med ekonomiskt bistånd (%)"], demo)["Med ekonomiskt bistånd (%)"][0]
Suggestion(target='utan_ekonomiskt_bistand', score=1.0, transform='100-x')
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from geo.definition import Definition
from geo.errors import DataError
from geo.readers.cells import by_distinct, distinct
from geo.readers.limits import read_limited
from geo.readers.wording import Wording, compare, fold, parse_wording

#: Key columns every table may have, with common Swedish/English header spellings.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "area_id": ("area_id", "id", "omrade_id", "områdes-id", "områdeskod", "kod", "geso", "deso", "regso",
                "delomrade_kod", "do_kod", "area code", "region", "regionkod", "desokod", "regsokod", "geso_kod",
                "delområdeskod", "code"),
    "area_name": ("area_name", "namn", "områdesnamn", "område", "name", "area", "delområde", "delområdesnamn",
                  "regsonamn", "regso_namn", "geso_namn"),
    "year": ("year", "år", "ar", "årtal", "period"),
    "indicator_id": ("indicator_id", "indikator", "indicator", "variabel"),
    "value": ("value", "värde", "varde"),
}

#: The transforms a mapping may apply to a column before it is used.
Transform = Literal["100-x"]
TRANSFORMS: tuple[Transform, ...] = ("100-x",)


@dataclass(frozen=True)
class Target:
    """What a header becomes: an id of the definition, optionally through a transform.

    ``100-x`` turns a share into its complement ("Andel med ekonomiskt bistånd" → the
    indicator "utan ekonomiskt bistånd"); with numerator and denominator, the numerator
    becomes ``denominator − numerator``.
    """

    id: str
    transform: Transform | None = None


#: A mapping as files and pages hold it: header → id, or header → :class:`Target`.
ColumnMapping = Mapping[str, "str | Target"]


@dataclass(frozen=True)
class Suggestion:
    """One proposed target for a header, with the score (0–1) it got and the transform it needs."""

    target: str
    score: float
    transform: Transform | None = None


def as_target(value: str | Target) -> Target:
    return value if isinstance(value, Target) else Target(str(value))


def _key_spellings() -> dict[str, set[str]]:
    return {k: {fold(s) for s in v} for k, v in KEY_COLUMNS.items()}


_KEYS = _key_spellings()


def key_score(header: str, key: str) -> float:
    """How surely ``header`` is the key column ``key`` (``area_id``, ``year`` …): 1.0 when it is
    one of its spellings, 0.85 when a short header contains one as a word ("DeSO-kod"), else 0.
    Never fuzzy: "Arbetslösa 16-64" is not "area"."""
    folded = fold(header) or " ".join(str(header).casefold().split())
    if folded in _KEYS[key]:
        return 1.0
    words = folded.split()
    # Containment only for ids and names ("DeSO-kod", "Områdesnamn GeSO"): "år" inside
    # "Arbetslöshet 16-64 år" is a unit, not the year column.
    if key in ("area_id", "area_name") and 1 < len(words) <= 3 and any(w in _KEYS[key] for w in words):
        # "kod"/"id"/"code" in a short header says "identifier" more than any name word does
        return 0.9 if key == "area_id" and {"kod", "id", "code"} & set(words) else 0.85
    return 0.0


def _texts(definition: Definition, kind: Literal["indicators", "results"]) -> dict[str, list[str]]:
    """Each target with the texts it may be written as (id, Swedish and English label)."""
    if kind == "indicators":
        return {ind.id: [ind.id.replace("_", " "), ind.label, ind.label_en] for ind in definition.indicators}
    texts = {d.id: [d.id, d.label, d.label_en] for d in definition.dimensions}
    texts["index"] = ["index", "områdesindex", "totalindex", "area index"]
    texts["rank"] = ["rank", "rang", "rangordning", "placering"]
    return texts


def _score(header: str, wording: Wording, texts: list[str]) -> tuple[float, bool]:
    """A header written exactly as one of the texts (case and accents aside) scores 1.0 — "Boende"
    for the dimension, though "boende" alone carries no concept in an indicator header."""
    folded = fold(header)
    if folded and any(folded == fold(x) for x in texts if x):
        return 1.0, False
    return max((compare(wording, parse_wording(x)) for x in texts if x), key=lambda s: s[0])


def suggest_mapping(
    headers: Iterable[str],
    definition: Definition,
    *,
    kind: Literal["indicators", "results"] = "indicators",
    limit: int = 3,
    cutoff: float = 0.5,
) -> dict[str, list[Suggestion]]:
    """Suggestions per header, best first, direction-safe (see :mod:`geo.readers.wording`).

    Key columns (``area_id``, ``year`` …) match only by their spellings (:func:`key_score`).
    Indicators (``kind="indicators"``) or dimensions and ``index`` (``kind="results"``) match by
    concept words of id and Swedish/English label. A header that says the opposite of a
    share indicator (unit %) is suggested with ``transform="100-x"``; the opposite of anything
    else, or a conflicting concept, is never suggested. A header equal to an id scores 1.0.
    """
    texts = _texts(definition, kind)
    units = {ind.id: ind.unit for ind in definition.indicators}
    out: dict[str, list[Suggestion]] = {}
    for header in headers:
        raw = str(header).strip()
        if raw in texts or raw in KEY_COLUMNS:
            out[raw] = [Suggestion(raw, 1.0)]
            continue
        found = [Suggestion(k, key_score(raw, k)) for k in KEY_COLUMNS]
        wording = parse_wording(raw)
        for tid, written in texts.items():
            score, opposite = _score(raw, wording, written)
            if not opposite:
                found.append(Suggestion(tid, score))
            elif units.get(tid) == "%":
                found.append(Suggestion(tid, score, "100-x"))
        found = sorted((s for s in found if s.score >= cutoff), key=lambda s: (-s.score, s.transform is not None,
                                                                                 s.target))
        out[raw] = found[:limit]
    return out


def best_mapping(suggestions: Mapping[str, list[Suggestion]], *, cutoff: float = 0.8) -> dict[str, Target]:
    """The top suggestion per header when it scores ≥ ``cutoff``, each target used at most once."""
    used: set[str] = set()
    out: dict[str, Target] = {}
    ranked = sorted(((h, s[0]) for h, s in suggestions.items() if s), key=lambda x: -x[1].score)
    for header, best in ranked:
        if best.score >= cutoff and best.target not in used and not (header == best.target and not best.transform):
            out[header] = Target(best.target, best.transform)
            used.add(best.target)
    return out


def apply_mapping(frame: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """Rename columns by ``mapping`` (header → id or :class:`Target`); in a long table also
    rename the values of ``indicator_id``. Headers are matched exactly, then after stripping
    whitespace. Two headers mapped to the same id is an error.

    Transforms are not applied here (the values are still text): they travel in
    ``attrs["transforms"]`` (id → (header, transform)) to :func:`geo.readers.indicators.to_long`,
    which applies them to the parsed numbers, so every import path does the same.
    """
    stripped = {str(k).strip(): as_target(v) for k, v in mapping.items()}
    for header, target in stripped.items():
        if target.transform is not None and target.transform not in TRANSFORMS:
            raise DataError(f"rubriken '{header}' har en okänd omvandling '{target.transform}'.",
                            hint=f"Tillåtna omvandlingar: {', '.join(TRANSFORMS)}.")
        if target.transform is not None and target.id in KEY_COLUMNS:
            raise DataError(f"rubriken '{header}' mappas till '{target.id}' med omvandling.",
                            hint="Bara indikatorer kan omvandlas (100-x); ta bort omvandlingen.")
    rename = {c: stripped[str(c).strip()].id if str(c).strip() in stripped else c for c in frame.columns}
    targets = list(rename.values())
    dup = sorted({t for t in targets if targets.count(t) > 1})
    if dup:
        sources = [c for c, t in rename.items() if t == dup[0]]
        raise DataError(f"kolumnerna {', '.join(map(repr, sources))} mappas båda till '{dup[0]}'.",
                        hint="Mappa varje id från högst en kolumn.")
    out = frame.rename(columns=rename)
    used = {str(c).strip() for c in frame.columns}
    if "indicator_id" in out.columns:  # a long table's names: each distinct name once
        names = out["indicator_id"]
        split = distinct(names)
        used |= {str(v).strip() for v in (split[1] if split is not None else names)}
        out["indicator_id"] = by_distinct(names, lambda s: s.map(
            lambda v: stripped[str(v).strip()].id if str(v).strip() in stripped else v), split=split)
    transforms = dict(frame.attrs.get("transforms", {}))
    transforms.update({t.id: (h, t.transform) for h, t in stripped.items() if t.transform and h in used})
    out.attrs = {**frame.attrs, "transforms": transforms}
    return out


def mapping_toml(mapping: ColumnMapping, *, comments: Mapping[str, str] | None = None,
                 footer: Iterable[str] = ()) -> str:
    """A mapping as the TOML file :func:`load_mapping` reads (``[mapping]`` table).

    ``comments`` (header → text) go on the line above each pair; ``footer`` lines become
    comments after the table (e.g. the headers left out). JSON string escapes are valid
    TOML basic-string escapes, so any header survives the round trip.
    """
    lines = ["# Kolumnmappning för Områdesindex Malmö: rubrik i filen = id i definitionen,",
             '# eller { indicator = "id", transform = "100-x" } för en andel med motsatt innebörd.',
             "[mapping]"]
    for header, value in mapping.items():
        target = as_target(value)
        if comments and header in comments:
            lines.append(f"# {comments[header]}")
        key = json.dumps(str(header), ensure_ascii=False)
        if target.transform:
            lines.append(f"{key} = {{ indicator = {json.dumps(target.id, ensure_ascii=False)}, "
                         f"transform = {json.dumps(target.transform)} }}")
        else:
            lines.append(f"{key} = {json.dumps(target.id, ensure_ascii=False)}")
    lines += [f"# {line}" if line else "#" for line in footer]
    return "\n".join(lines) + "\n"


def save_mapping(path: str | Path, mapping: ColumnMapping) -> Path:
    """Write a mapping as TOML (``.toml``, table ``[mapping]``) or JSON (any other suffix)."""
    path = Path(path)
    if path.suffix.lower() == ".toml":
        text = mapping_toml(mapping)
    else:
        plain = {str(k): (t.id if not t.transform else {"indicator": t.id, "transform": t.transform})
                 for k, t in ((k, as_target(v)) for k, v in mapping.items())}
        text = json.dumps({"mapping": plain}, ensure_ascii=False, indent=2) + "\n"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DataError(f"kunde inte skriva mappningen ({exc.strerror}).", file=path.name) from None
    return path


def load_mapping(path: str | Path) -> dict[str, Target]:
    """Read a mapping written by :func:`save_mapping` (TOML or JSON; a bare object works too)."""
    path = Path(path)
    try:
        raw = read_limited(path)
    except FileNotFoundError:
        raise DataError("mappningsfilen finns inte.", file=path.name, hint="Kontrollera sökvägen.") from None
    except OSError as exc:
        raise DataError(f"mappningsfilen kunde inte läsas ({exc.strerror}).", file=path.name) from None
    try:
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(raw.decode("utf-8-sig"))
        else:
            data = json.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"mappningsfilen kunde inte läsas ({exc}).", file=path.name,
                        hint="Spara om mappningen från appen eller rätta syntaxen.") from None
    table = data.get("mapping", data) if isinstance(data, dict) else None
    example = 'Exempel (TOML): [mapping] "Valdeltagande 2022 (%)" = "valdeltagande"'
    if not isinstance(table, dict):
        raise DataError("mappningsfilen ska innehålla par rubrik = id.", file=path.name, hint=example)
    out: dict[str, Target] = {}
    for header, value in table.items():
        if isinstance(value, str):
            out[str(header)] = Target(value)
            continue
        if not isinstance(value, dict) or not isinstance(value.get("indicator"), str) or \
                set(value) - {"indicator", "transform"}:
            raise DataError(f"rubriken '{header}' i mappningsfilen ska mappas till ett id eller till "
                            "{ indicator = \"id\", transform = \"100-x\" } (mappningen ska innehålla par rubrik = id).",
                            file=path.name, hint=example)
        transform = value.get("transform")
        if transform is not None and transform not in TRANSFORMS:
            raise DataError(f"rubriken '{header}' har en okänd omvandling '{transform}'.", file=path.name,
                            hint=f"Tillåtna omvandlingar: {', '.join(TRANSFORMS)} (eller ingen).")
        out[str(header)] = Target(value["indicator"], transform)
    return out
