"""Command-line interface: the same engine as the dashboard, from the shell.

The ``compute`` contract is fixed (external checks call it)::

    python -m geo compute [--areas FILE] [--indicators FILE] [--definition FILE] [--year YEAR]
                          [--method zscore|minmax|rank|ratio] [--weights ID=W,ID=W,...] [--out FILE]

Bad input exits with code 2 and a one-line Swedish message on stderr; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from geo.definition import load_definition
from geo.errors import DataError, DataWarning
from geo.index import AGGREGATIONS
from geo.io import read_areas, read_indicators
from geo.normalise import METHODS
from geo.paths import demo_paths
from geo.scoring import score


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit code 2 in one line (its default code)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"fel: {message} (se python -m geo --help)\n")


def parse_weights(text: str) -> dict[str, float]:
    """Parse ``ID=W,ID=W`` into a dict; errors name the bad part."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise DataError(f"--weights: '{part}' har inte formen ID=VIKT.", hint="Exempel: --weights ekonomi=2,boende=1")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise DataError(f"--weights: vikten '{value}' för '{key.strip()}' är inte ett tal.",
                            hint="Använd decimalpunkt, t.ex. ekonomi=1.5") from None
    return out


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m geo", description="Områdesindex Malmö – beräkna och kontrollera områdesindex.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    c = sub.add_parser("compute", help="beräkna index och rangordning (CSV)")
    c.add_argument("--areas", type=Path, help="områdeslager (GeoPackage, GeoJSON …) med area_id och area_name")
    c.add_argument("--indicators", type=Path, help="indikatortabell i lång form (CSV)")
    c.add_argument("--definition", type=Path, help="indexdefinition (TOML); standard: data/definitions/malmo-2023.toml")
    c.add_argument("--year", type=int, help="år att beräkna; standard: senaste året med data")
    c.add_argument("--method", choices=METHODS, default="zscore", help="normaliseringsmetod (standard: zscore)")
    c.add_argument("--aggregation", choices=AGGREGATIONS, default="arithmetic", help="aggregering av dimensioner")
    c.add_argument("--weights", default="", help="vikter ID=W,ID=W (dimensioner eller indikatorer)")
    c.add_argument("--out", type=Path, help="skriv CSV hit i stället för till stdout")
    return parser


def _compute(args: argparse.Namespace) -> int:
    paths = demo_paths()
    if (args.areas is None) != (args.indicators is None):
        raise DataError("ange både --areas och --indicators, eller ingen av dem (då används demodata).")
    definition = load_definition(args.definition or paths.default_definition)
    areas = read_areas(args.areas or paths.areas)
    indicators = read_indicators(args.indicators or paths.indicators)
    weights = parse_weights(args.weights)
    known = (*definition.dimension_ids, *definition.indicator_ids)
    for key in weights:
        if key not in known:
            raise DataError(f"--weights: okänt id '{key}'.",
                            hint=f"Dimensioner: {', '.join(definition.dimension_ids)}; "
                                 f"indikatorer: {', '.join(definition.indicator_ids)}.")
    dim_w = {k: v for k, v in weights.items() if k in definition.dimension_ids}
    ind_w = {k: v for k, v in weights.items() if k not in definition.dimension_ids}
    scored = score(areas, indicators, definition, year=args.year, method=args.method,
                   weights=dim_w, indicator_weights=ind_w, aggregation=args.aggregation)
    table = scored.table[["area_id", "area_name", *definition.dimension_ids, "index", "rank"]]
    # Python's float repr is the shortest text that reads back to the same double:
    # full precision without noise digits.
    text = table.to_csv(index=False, lineterminator="\n")
    if args.out:
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise DataError(f"kunde inte skriva filen ({exc.strerror}).", file=str(args.out)) from None
    else:
        sys.stdout.write(text)
    if args.areas is None:
        print("OBS: syntetiska demodata – inte verklig statistik för Malmö.", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = _build_parser().parse_args(argv)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DataWarning)
            code = {"compute": _compute}[args.command](args)
        for w in caught:
            if issubclass(w.category, DataWarning):
                print(f"varning: {w.message}", file=sys.stderr)
        return code
    except DataError as exc:
        print(f"fel: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the contract is one line, never a traceback
        print(f"fel: oväntat internt fel ({type(exc).__name__}: {exc}). "
              "Kontrollera indata; rapportera felet om indata ser rätt ut.", file=sys.stderr)
        return 1
