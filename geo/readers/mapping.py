"""Column mapping: from the city's own headers to the definition's ids.

Exports say "Valdeltagande riksdagsval 2022 (%)" where the definition says
``valdeltagande``. A planner confirms a mapping once (helped by fuzzy suggestions),
saves it next to the data and reuses it for every later file of the same shape.

>>> normalise_text("Valdeltagande riksdagsval 2022 (%)")
'valdeltagande riksdagsval'
>>> normalise_text("Andel 20–64 år, Förgymnasial")
'andel forgymnasial'
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

import pandas as pd

from geo.definition import Definition
from geo.errors import DataError

#: Key columns every table may have, with common Swedish/English header spellings.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "area_id": ("area_id", "id", "omrade_id", "områdes-id", "områdeskod", "kod", "geso", "deso", "regso",
                "delomrade_kod", "do_kod", "area code", "region"),
    "area_name": ("area_name", "namn", "områdesnamn", "område", "name", "area"),
    "year": ("year", "år", "ar", "årtal"),
    "indicator_id": ("indicator_id", "indikator", "indicator", "variabel"),
    "value": ("value", "värde", "varde"),
}

_UNITS = re.compile(r"\b(procent|percent|andel i procent|antal|st|kr|tkr|sek|år|ar|years?|%)\b")


def normalise_text(text: str) -> str:
    """Lower-case, å/ä/ö (and other accents) folded, years, units, numbers and
    parenthesised parts removed, punctuation turned into single spaces."""
    t = unicodedata.normalize("NFKD", str(text).casefold())
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", t)
    t = t.replace("%", " % ")
    t = re.sub(r"\d+([.,–-]\d+)*", " ", t)
    t = re.sub(r"[^a-z%]+", " ", t)
    t = _UNITS.sub(" ", t)
    return " ".join(t.split())


def _key(text: str) -> str:
    """:func:`normalise_text`, or the folded text when that strips everything ("År")."""
    norm = normalise_text(text)
    if norm:
        return norm
    t = unicodedata.normalize("NFKD", str(text).casefold())
    return " ".join("".join(c for c in t if c.isalnum() and not unicodedata.combining(c)).split())


def _targets(definition: Definition, kind: Literal["indicators", "results"]) -> dict[str, list[str]]:
    """Each target id with the texts it may be written as (id, Swedish and English label)."""
    out: dict[str, list[str]] = {k: list(v) for k, v in KEY_COLUMNS.items()}
    if kind == "indicators":
        for ind in definition.indicators:
            out[ind.id] = [ind.id.replace("_", " "), ind.label, ind.label_en]
    else:
        for dim in definition.dimensions:
            out[dim.id] = [dim.id, dim.label, dim.label_en]
        out["index"] = ["index", "områdesindex", "totalindex", "area index"]
        out["rank"] = ["rank", "rang", "rangordning", "placering"]
    return {k: [_key(t) for t in texts if t] for k, texts in out.items()}


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    # A header that contains the whole target text ("valdeltagande riksdagsval" ⊃ "valdeltagande")
    # is a strong hint even when the ratio is diluted by extra words.
    if len(b) >= 4 and (f" {b} " in f" {a} " or f" {a} " in f" {b} "):
        ratio = max(ratio, 0.9)
    return ratio


def suggest_mapping(
    headers: Iterable[str],
    definition: Definition,
    *,
    kind: Literal["indicators", "results"] = "indicators",
    limit: int = 3,
    cutoff: float = 0.5,
) -> dict[str, list[tuple[str, float]]]:
    """Fuzzy suggestions ``header -> [(target_id, score 0–1), …]``, best first.

    Targets are the key columns (``area_id``, ``area_name``, ``year``, …) and the
    definition's indicator ids (``kind="indicators"``) or dimension ids plus ``index``
    (``kind="results"``), each matched by id and Swedish/English label with
    :mod:`difflib` over normalised text. A header equal to an id scores 1.0.
    Headers with no suggestion above ``cutoff`` get an empty list.
    """
    targets = _targets(definition, kind)
    out: dict[str, list[tuple[str, float]]] = {}
    for header in headers:
        raw = str(header).strip()
        if raw in targets:
            out[raw] = [(raw, 1.0)]
            continue
        norm = _key(raw)
        scores = [(tid, round(max(_similarity(norm, t) for t in texts), 3)) for tid, texts in targets.items()]
        scores = sorted((s for s in scores if s[1] >= cutoff), key=lambda s: (-s[1], s[0]))
        out[raw] = scores[:limit]
    return out


def best_mapping(suggestions: Mapping[str, list[tuple[str, float]]], *, cutoff: float = 0.75) -> dict[str, str]:
    """The top suggestion per header when it scores ≥ ``cutoff``, each target used at most once."""
    used: set[str] = set()
    out: dict[str, str] = {}
    ranked = sorted(((h, s[0][0], s[0][1]) for h, s in suggestions.items() if s), key=lambda x: -x[2])
    for header, target, sc in ranked:
        if sc >= cutoff and target not in used and header != target:
            out[header] = target
            used.add(target)
    return out


def apply_mapping(frame: pd.DataFrame, mapping: Mapping[str, str]) -> pd.DataFrame:
    """Rename columns by ``mapping`` (header → id); in a long table also rename the values
    of ``indicator_id``. Headers are matched exactly, then after stripping whitespace.
    Two headers mapped to the same id is an error."""
    stripped = {str(k).strip(): v for k, v in mapping.items()}
    rename = {c: stripped.get(str(c).strip(), c) for c in frame.columns}
    targets = [v for v in rename.values()]
    dup = sorted({t for t in targets if targets.count(t) > 1})
    if dup:
        sources = [c for c, t in rename.items() if t == dup[0]]
        raise DataError(f"kolumnerna {', '.join(map(repr, sources))} mappas båda till '{dup[0]}'.",
                        hint="Mappa varje id från högst en kolumn.")
    out = frame.rename(columns=rename)
    if "indicator_id" in out.columns:
        out["indicator_id"] = out["indicator_id"].map(lambda v: stripped.get(str(v).strip(), v))
    return out


def save_mapping(path: str | Path, mapping: Mapping[str, str]) -> Path:
    """Write a mapping as TOML (``.toml``, table ``[mapping]``) or JSON (any other suffix)."""
    path = Path(path)
    if path.suffix.lower() == ".toml":
        # JSON string escapes are valid TOML basic-string escapes.
        lines = ["# Kolumnmappning för Områdesindex Malmö: rubrik i filen = id i definitionen", "[mapping]"]
        lines += [f"{json.dumps(str(k), ensure_ascii=False)} = {json.dumps(str(v), ensure_ascii=False)}"
                  for k, v in mapping.items()]
        text = "\n".join(lines) + "\n"
    else:
        text = json.dumps({"mapping": dict(mapping)}, ensure_ascii=False, indent=2) + "\n"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DataError(f"kunde inte skriva mappningen ({exc.strerror}).", file=str(path)) from None
    return path


def load_mapping(path: str | Path) -> dict[str, str]:
    """Read a mapping written by :func:`save_mapping` (TOML or JSON; a bare object works too)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("mappningsfilen finns inte.", file=str(path), hint="Kontrollera sökvägen.") from None
    try:
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(raw.decode("utf-8-sig"))
        else:
            data = json.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"mappningsfilen kunde inte läsas ({exc}).", file=str(path),
                        hint="Spara om mappningen från appen eller rätta syntaxen.") from None
    table = data.get("mapping", data) if isinstance(data, dict) else None
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise DataError("mappningsfilen ska innehålla par rubrik = id.", file=str(path),
                        hint='Exempel (TOML): [mapping] "Valdeltagande 2022 (%)" = "valdeltagande"')
    return {str(k): v for k, v in table.items()}
