"""Command-line interface: the same engine as the dashboard, from the shell.

The ``compute`` contract is fixed (external checks call it)::

    python -m geo compute [--areas FILE] [--indicators FILE] [--definition FILE] [--year YEAR]
                          [--method zscore|minmax|rank|ratio] [--weights ID=W,ID=W,...] [--out FILE]
                          [--data-dir DIR]

Further commands for a city's own data: ``validate`` (join report; exit 0 if usable,
2 if not), ``map`` (a proposed column mapping as TOML, direction-safe), ``aggregate``
(fine → coarse areas), ``scb`` (SCB DeSO exports → indicator table) and ``followup``
(per area and indicator: change since the reference year with its 95 % interval, the trend and
the status against a follow-up plan's targets; :mod:`geo.engine.progress`)::

    python -m geo followup [--targets FILE] [--reference-year R] [--year Y] [--trend-years N]
                           [--areas FILE --indicators FILE | --data-dir DIR] [--definition FILE] [--out FILE]

``tipping`` writes, per dimension, the interval of its weight (the others fixed) in which the top-k
set stays the same and which areas enter and leave beyond it (:mod:`geo.engine.tipping`; arithmetic
mean only)::

    python -m geo tipping [--top-k K] [compute's options] [--out FILE]

Bad input exits with code 2 and a one-line Swedish message on stderr; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from geo.dataset.aggregate import aggregate_crosswalk, aggregate_overlay
from geo.dataset.config import resolve_data_paths
from geo.dataset.load import Dataset, load_dataset
from geo.definition import Definition, load_definition
from geo.engine.progress import follow_up_table
from geo.engine.scoring import Scored, score
from geo.engine.tipping import check_aggregation, tipping_for
from geo.errors import DataError, DataWarning
from geo.paths import DataPaths, demo_paths
from geo.readers.areas import read_areas
from geo.readers.headers import propose_mapping
from geo.readers.indicators import read_indicators
from geo.readers.limits import check_file_size
from geo.readers.scb import PROXIES, scb_deso_indicators
from geo.readers.tables import read_table
from geo.settings import AGGREGATIONS, METHODS, ViewSettings, default_reference_year
from geo.targets import MIN_TREND_YEARS, Plan, list_plans, load_plan


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit code 2 in one line (its default code)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"fel: {message} (se python -m geo --help)\n")


#: ``--year`` words for "each indicator's latest year" (also the default when the indicators end in
#: different years; with one common last year it is that year).
LATEST_WORDS = ("latest-per-indicator", "senaste-per-indikator")


def parse_year(text: str) -> int | None:
    """``--year``: a year, or ``latest-per-indicator`` (→ ``None``, each indicator's latest year)."""
    if text.strip().lower() in LATEST_WORDS:
        return None
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' är varken ett årtal eller latest-per-indicator") from None


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
    c.add_argument("--year", type=parse_year, help="år att beräkna, eller latest-per-indicator (varje indikators "
                   "senaste år); standard: senaste året med data, varje indikators senaste när de slutar olika år")
    c.add_argument("--reference-year", type=int, default=None,
                   help="normalisera mot detta års medelvärde, spridning, min och max (samma måttstock alla år); "
                        "standard: varje år mot sig självt. Går inte med --method rank")
    c.add_argument("--method", choices=METHODS, default="zscore", help="normaliseringsmetod (standard: zscore)")
    c.add_argument("--aggregation", choices=AGGREGATIONS, default="arithmetic", help="aggregering av dimensioner")
    c.add_argument("--weights", default="", help="vikter ID=W,ID=W (dimensioner eller indikatorer)")
    c.add_argument("--out", type=Path, help="skriv CSV hit i stället för till stdout")
    c.add_argument("--data-dir", type=Path, help="datamapp med omraden.* och indikatorer.csv|.xlsx "
                   "(annars OMRADESINDEX_DATA_DIR, omradesindex.toml eller demodata)")

    v = sub.add_parser("validate", help="kopplingsrapport: vad matchade och vad inte")
    v.add_argument("--areas", type=Path, help="områdeslager")
    v.add_argument("--indicators", type=Path, help="indikatortabell (CSV eller .xlsx)")
    v.add_argument("--definition", type=Path, help="indexdefinition (TOML)")
    v.add_argument("--id-col", default=None, help="kolumnen med områdets id (standard: area_id)")
    v.add_argument("--name-col", default=None, help="kolumnen med områdets namn (standard: area_name)")
    v.add_argument("--layer", default=None, help="lager i områdesfilen")
    v.add_argument("--sheet", default=None, help="blad i Excel-filen")
    v.add_argument("--mapping", type=Path, help="kolumnmappning (TOML eller JSON)")
    v.add_argument("--data-dir", type=Path, help="datamapp (i stället för --areas/--indicators)")
    v.add_argument("--lang", choices=("sv", "en"), default="sv", help="rapportens språk")
    v.add_argument("--weights", default="", help="bedöm med dessa vikter ID=W,… (en dimension med vikt 0 får "
                                                 "saknas i tabellen); standard: definitionens vikter")

    a = sub.add_parser("aggregate", help="aggregera fina områden (DeSO, delområden) till grova (GeSO)")
    a.add_argument("--indicators", type=Path, required=True,
                   help="lång tabell för de fina områdena (valfritt med numerator, denominator)")
    a.add_argument("--crosswalk", type=Path, help="kopplingstabell fine_id,coarse_id[,share]")
    a.add_argument("--fine-col", default="fine_id", help="kopplingstabellens kolumn för fina id")
    a.add_argument("--coarse-col", default="coarse_id", help="kopplingstabellens kolumn för grova id")
    a.add_argument("--fine-areas", type=Path, help="fina områden (för rumslig överlagring)")
    a.add_argument("--fine-id-col", default="area_id")
    a.add_argument("--coarse-areas", type=Path, help="grova områden (för rumslig överlagring)")
    a.add_argument("--coarse-id-col", default="area_id")
    a.add_argument("--coarse-name-col", default=None)
    a.add_argument("--counts", default="", help="indikatorer som är antal och summeras: ID,ID,...")
    a.add_argument("--population", default=None,
                   help="befolkning att väga andelar utan nämnare med (indikator-id, eller kolumn i --fine-areas)")
    a.add_argument("--missing", choices=("propagate", "skip"), default="propagate",
                   help="saknade delvärden: gör summan saknad (standard) eller hoppa över")
    a.add_argument("--out", type=Path, help="skriv CSV hit i stället för till stdout")

    m = sub.add_parser("map", help="föreslå en kolumnmappning (TOML) för en tabell med stadens rubriker")
    m.add_argument("--indicators", type=Path, required=True, help="indikatortabell (CSV eller .xlsx)")
    m.add_argument("--definition", type=Path, help="indexdefinition (TOML); standard: data/definitions/malmo-2023.toml")
    m.add_argument("--sheet", default=None, help="blad i Excel-filen (standard: det första)")
    m.add_argument("--header-row", type=int, default=None,
                   help="raden med rubrikerna, räknat från 1 som i Excel (standard: hittas automatiskt)")

    f = sub.add_parser("followup", help="uppföljningstabell per område och indikator: förändring sedan referensåret, "
                                        "osäkerhet, trend och mål (CSV)")
    f.add_argument("--areas", type=Path, help="områdeslager (GeoPackage, GeoJSON …) med area_id och area_name")
    f.add_argument("--indicators", type=Path, help="indikatortabell i lång form (CSV), gärna med numerator, denominator")
    f.add_argument("--definition", type=Path, help="indexdefinition (TOML); standard: data/definitions/malmo-2023.toml")
    f.add_argument("--data-dir", type=Path, help="datamapp (annars OMRADESINDEX_DATA_DIR, omradesindex.toml eller demodata)")
    f.add_argument("--targets", type=Path, help="uppföljningsplan med mål (TOML); standard: planen i datamappens "
                                               "targets/ om det finns exakt en")
    f.add_argument("--reference-year", type=int, default=None,
                   help="året förändringen räknas från; standard: definitionens follow_up_start om data har det, "
                        "annars det första året")
    f.add_argument("--year", type=int, default=None, help="följ upp till och med detta år; standard: senaste")
    f.add_argument("--trend-years", type=int, default=None, help="trend över de senaste n åren (minst 3); "
                                                                 "standard: planens trend_years eller 4")
    f.add_argument("--out", type=Path, help="skriv CSV hit i stället för till stdout")

    tp = sub.add_parser("tipping", help="brytpunkter: mellan vilka vikter topp k är oförändrad, per dimension (CSV)")
    tp.add_argument("--top-k", type=int, default=3, help="antal prioriterade områden (standard: 3)")
    tp.add_argument("--areas", type=Path, help="områdeslager (GeoPackage, GeoJSON …) med area_id och area_name")
    tp.add_argument("--indicators", type=Path, help="indikatortabell i lång form (CSV)")
    tp.add_argument("--definition", type=Path, help="indexdefinition (TOML); standard: data/definitions/malmo-2023.toml")
    tp.add_argument("--year", type=parse_year, help="år att beräkna, eller latest-per-indicator; standard som compute")
    tp.add_argument("--reference-year", type=int, default=None,
                    help="normalisera mot detta års statistik (som compute); standard: varje år mot sig självt")
    tp.add_argument("--method", choices=METHODS, default="zscore", help="normaliseringsmetod (standard: zscore)")
    tp.add_argument("--aggregation", choices=AGGREGATIONS, default="arithmetic",
                    help="aggregering av dimensioner; brytpunkter finns bara för arithmetic")
    tp.add_argument("--weights", default="", help="vikter ID=W,ID=W (dimensioner eller indikatorer)")
    tp.add_argument("--out", type=Path, help="skriv CSV hit i stället för till stdout")
    tp.add_argument("--data-dir", type=Path, help="datamapp (annars OMRADESINDEX_DATA_DIR, omradesindex.toml eller "
                                                  "demodata)")

    b = sub.add_parser("scb", help="SCB-exporter per DeSO → indikatortabell (lång form)")
    b.add_argument("--folder", type=Path, required=True, help="mapp med SCB-exporterna")
    b.add_argument("--out", type=Path, help="skriv CSV hit i stället för till stdout")
    return parser


def _write(frame: pd.DataFrame, out: Path | None) -> None:
    text = frame.to_csv(index=False, lineterminator="\n")
    if out:
        _write_text(text, out)
    else:
        sys.stdout.write(text)


#: Options naming files the commands read (``--out`` must be none of them; each must be a regular file).
INPUT_OPTIONS = ("areas", "indicators", "definition", "mapping", "crosswalk", "fine_areas", "coarse_areas", "targets")


def _same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` are one file: :func:`os.path.samefile` when both exist (symlinks,
    hard links, ``./x`` and ``../d/x``), else the same absolute path after resolving symlinks."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def check_inputs(args: argparse.Namespace) -> None:
    """Before anything is read or written: each input option names a regular file within the size
    limit (a device such as ``/dev/zero`` or a FIFO is refused, not read until memory runs out), and
    ``--out`` is none of the inputs (it would be overwritten with the results). Messages name the
    files as typed: on the command line the user chose the paths."""
    inputs = [getattr(args, o) for o in INPUT_OPTIONS if getattr(args, o, None) is not None]
    for path in inputs:
        check_file_size(path, name=str(path))
    args.inputs = inputs
    check_out(args)


def check_out(args: argparse.Namespace, more: tuple[Path | None, ...] = ()) -> None:
    """Refuse ``--out`` that is one of the files read (``more``: files found through --data-dir …)."""
    out = getattr(args, "out", None)
    if out is None:
        return
    for path in [*getattr(args, "inputs", []), *(p for p in more if p is not None)]:
        if _same_file(Path(out), Path(path)):
            raise DataError(f"--out {out} är samma fil som indatafilen {path}; den skulle skrivas över med "
                            "resultatet.", hint="Skriv resultatet till en ny fil, t.ex. --out resultat.csv.")


def _write_text(text: str, out: Path) -> None:
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DataError(f"kunde inte skriva filen ({exc.strerror}).", file=str(out)) from None


def _dataset(args: argparse.Namespace) -> tuple[DataPaths, Dataset]:
    """The data the options name: --areas and --indicators, else --data-dir / the configuration / the demo."""
    if (args.areas is None) != (args.indicators is None):
        raise DataError("ange både --areas och --indicators, eller ingen av dem (då används demodata).")
    demo = demo_paths()
    if args.areas is not None:
        paths = DataPaths(areas=args.areas, indicators=args.indicators, definitions_dir=demo.definitions_dir,
                          default_definition=demo.default_definition, synthetic=False, origin="cli")
    else:
        paths = resolve_data_paths(data_dir=args.data_dir)
        check_out(args, (paths.areas, paths.indicators, paths.mapping, paths.default_definition))
    return paths, load_dataset(paths, definition=args.definition)


def _compute(args: argparse.Namespace) -> int:
    paths, data = _dataset(args)
    assert data.report is not None  # load_dataset always joins
    definition = data.default_definition
    settings = _settings(args, definition)
    # Judged with the weights asked for: a dimension without data is fine at weight 0 ("without it").
    report = data.report.for_weights(settings.resolve(definition)[0])
    if not report.usable:
        if args.areas is not None:
            raise DataError("indikatortabellen kan inte kopplas till områdena: " + " ".join(report.errors),
                            file=f"{args.areas} + {args.indicators}",
                            hint="Kör 'python -m geo validate' för hela kopplingsrapporten.")
        raise DataError("data kan inte användas: " + " ".join(report.errors),
                        hint="Kör 'python -m geo validate --data-dir …' för hela kopplingsrapporten.")
    if paths.synthetic or args.areas is not None:
        args.notes.extend(_with_files(report.warnings, paths.areas, paths.indicators))
    else:
        args.notes.extend(report.warnings)
    scored = score(data.areas, data.indicators, definition, settings)
    _say_years(scored, args)
    table = scored.table[["area_id", "area_name", *definition.dimension_ids, "index", "rank"]]
    # Python's float repr is the shortest text that reads back to the same double:
    # full precision without noise digits.
    _write(table, args.out)
    if paths.synthetic:
        print("OBS: syntetiska demodata – inte verklig statistik för Malmö.", file=sys.stderr)
    return 0


def _tipping(args: argparse.Namespace) -> int:
    """Per dimension the weights between which the top k stays the same, as CSV (``inf`` = no upper bound)."""
    check_aggregation(args.aggregation)  # refused before any file is read: no data changes that answer
    paths, data = _dataset(args)
    assert data.report is not None  # load_dataset always joins
    definition = data.default_definition
    settings = _settings(args, definition).with_(top_k=args.top_k)
    report = data.report.for_weights(settings.resolve(definition)[0])
    if not report.usable:
        raise DataError("data kan inte användas: " + " ".join(report.errors),
                        hint="Kör 'python -m geo validate' för hela kopplingsrapporten.")
    args.notes.extend(_with_files(report.warnings, paths.areas, paths.indicators)
                      if paths.synthetic or args.areas is not None else report.warnings)
    scored = score(data.areas, data.indicators, definition, settings)
    _say_years(scored, args)
    frame = tipping_for(scored)
    args.notes.extend(frame.attrs.get("notes", []))
    _write(frame, args.out)
    if paths.synthetic:
        print("OBS: syntetiska demodata – inte verklig statistik för Malmö.", file=sys.stderr)
    return 0


def _say_years(scored: Scored, args: argparse.Namespace) -> None:
    """On stderr, when the indicators come from different years: which year each one is from."""
    if scored.latest_per_indicator:
        years = ", ".join(f"{ind} {year}" for ind, year in scored.data_years)
        args.notes.append(f"Indikatorerna slutar olika år; varje indikator tas från sitt senaste år "
                          f"(--year latest-per-indicator): {years}.")


def _settings(args: argparse.Namespace, definition: Definition) -> ViewSettings:
    """The view the options ask for: ``--weights`` (dimension or indicator ids) over the definition's."""
    weights = parse_weights(args.weights)
    known = (*definition.dimension_ids, *definition.indicator_ids)
    for key in weights:
        if key not in known:
            raise DataError(f"--weights: okänt id '{key}'.",
                            hint=f"Dimensioner: {', '.join(definition.dimension_ids)}; "
                                 f"indikatorer: {', '.join(definition.indicator_ids)}.")
    settings = ViewSettings.default(definition, year=args.year, method=args.method, aggregation=args.aggregation,
                                    reference_year=getattr(args, "reference_year", None))
    return settings.with_(
        weights={**settings.weight_map, **{k: v for k, v in weights.items() if k in definition.dimension_ids}},
        indicator_weights={**settings.indicator_weight_map,
                           **{k: v for k, v in weights.items() if k not in definition.dimension_ids}})


def _with_files(lines: list[str], areas, indicators) -> list[str]:
    """Report lines name the files they are about; the readers' notes already start with theirs."""
    if areas is None or indicators is None:
        return list(lines)
    # the readers name a file by its name only (geo.readers.limits.shown_name)
    names = (str(areas), str(indicators), f"{Path(areas).name}:", f"{Path(indicators).name}:")
    return [line if line.startswith(names) else f"{areas} + {indicators}: {line}" for line in lines]


def _validate(args: argparse.Namespace) -> int:
    if args.areas is None and args.indicators is None:
        paths = resolve_data_paths(data_dir=args.data_dir)
        if paths.synthetic:
            print("OBS: ingen datamapp är konfigurerad; rapporten gäller demodata.", file=sys.stderr)
    elif args.areas is None or args.indicators is None:
        raise DataError("ange både --areas och --indicators (eller --data-dir).")
    else:
        demo = demo_paths()
        paths = DataPaths(areas=args.areas, indicators=args.indicators, definitions_dir=demo.definitions_dir,
                          default_definition=demo.default_definition, synthetic=False, origin="cli",
                          id_col=args.id_col or "area_id", name_col=args.name_col or "area_name", layer=args.layer,
                          sheet=args.sheet, mapping=args.mapping)
    data = load_dataset(paths, definition=args.definition)
    report = data.report
    assert report is not None  # load_dataset always joins
    if args.weights:  # judged with the weights asked for: a dimension without data is fine at weight 0
        args.year, args.method, args.aggregation, args.reference_year = None, "zscore", "arithmetic", None
        report = report.for_weights(_settings(args, data.default_definition).resolve(data.default_definition)[0])
    print(report.to_text(lang=args.lang))
    args.notes.extend(_with_files(report.warnings, args.areas, args.indicators))
    if not report.usable:
        where = f"{args.areas} + {args.indicators}: " if args.indicators else ""
        args.notes.extend(f"FEL: {where}{e}" for e in report.errors)
    return 0 if report.usable else 2


def _aggregate(args: argparse.Namespace) -> int:
    values = read_indicators(args.indicators)
    counts = [c.strip() for c in args.counts.split(",") if c.strip()]
    if args.crosswalk is not None:
        if args.fine_areas or args.coarse_areas:
            raise DataError("ange antingen --crosswalk eller --fine-areas och --coarse-areas, inte båda.")
        table = read_table(args.crosswalk)
        missing = [c for c in (args.fine_col, args.coarse_col) if c not in table.columns]
        if missing:
            raise DataError(f"kolumnen '{missing[0]}' saknas i kopplingstabellen.", file=str(args.crosswalk),
                            hint="Ange kolumnerna med --fine-col och --coarse-col.")
        table = table.rename(columns={args.fine_col: "fine_id", args.coarse_col: "coarse_id"})
        res = aggregate_crosswalk(values, table, counts=counts, weight=args.population, missing=args.missing)
    elif args.fine_areas and args.coarse_areas:
        fine = read_areas(args.fine_areas, id_col=args.fine_id_col, name_col=args.fine_id_col)
        if args.population and args.population not in set(values["indicator_id"]):
            import geopandas as gpd

            raw = gpd.read_file(args.fine_areas)  # the population column is not kept by read_areas
            if args.population not in raw.columns:
                raise DataError(f"befolkningskolumnen '{args.population}' finns inte.", file=str(args.fine_areas))
            fine[args.population] = raw[args.population].to_numpy()
        coarse = read_areas(args.coarse_areas, id_col=args.coarse_id_col,
                            name_col=args.coarse_name_col or args.coarse_id_col)
        res = aggregate_overlay(fine, coarse, values, weight=args.population or "area", counts=counts,
                                missing=args.missing)
    else:
        raise DataError("ange --crosswalk, eller både --fine-areas och --coarse-areas.")
    _write(res.table, args.out)
    if res.unmatched_fine:
        print(f"varning: {len(res.unmatched_fine)} fina områden saknas i kopplingen: "
              f"{', '.join(res.unmatched_fine[:10])}", file=sys.stderr)
    if res.crosswalk_without_data:
        print(f"varning: {len(res.crosswalk_without_data)} områden i kopplingen saknar data: "
              f"{', '.join(res.crosswalk_without_data[:10])}", file=sys.stderr)
    for note in res.notes:
        print(f"not: {note}", file=sys.stderr)
    return 0


def _map(args: argparse.Namespace) -> int:
    """The proposed mapping as a TOML file on stdout, for a planner to review, save and pass on."""
    if args.header_row is not None and args.header_row < 1:
        raise DataError("--header-row räknas från 1 (rubrikraden som Excel numrerar den).")
    definition = load_definition(args.definition or demo_paths().default_definition)
    frame = read_table(args.indicators, sheet=args.sheet,
                       header_row=None if args.header_row is None else args.header_row - 1)
    sys.stdout.write(propose_mapping(frame, definition).to_toml())
    return 0


def _followup(args: argparse.Namespace) -> int:
    paths, data = _dataset(args)
    definition = data.default_definition
    years = data.years(definition)
    if not years:
        raise DataError("indikatortabellen har inga värden för definitionens indikatorer.")
    reference = args.reference_year
    if reference is None:
        reference = default_reference_year(definition, years) or years[0]
    elif reference not in years:
        raise DataError(f"--reference-year {reference} finns inte i indikatortabellen.",
                        hint=f"Tillgängliga år: {', '.join(map(str, years))}.")
    if args.year is not None and args.year not in years:
        raise DataError(f"--year {args.year} finns inte i indikatortabellen.",
                        hint=f"Tillgängliga år: {', '.join(map(str, years))}.")
    if args.trend_years is not None and args.trend_years < MIN_TREND_YEARS:
        raise DataError(f"--trend-years måste vara minst {MIN_TREND_YEARS}.")
    if args.targets is not None:
        plan: Plan | None = load_plan(args.targets)
    else:
        plans = list_plans(paths.targets_dir)
        if len(plans) > 1:
            raise DataError(f"datamappen har {len(plans)} uppföljningsplaner; välj en med --targets.",
                            file=str(paths.targets_dir), hint=", ".join(p.path for p in plans))
        plan = plans[0] if plans else None
    follow = follow_up_table(data.indicators, data.areas, definition, reference_year=reference, plan=plan,
                             trend_years=args.trend_years, until_year=args.year)
    args.notes.extend(follow.notes)
    from geo.output.followup_report import followup_csv  # lazily: it pulls in mapclassify, scipy, matplotlib

    text = followup_csv(follow).decode("utf-8")
    if args.out:
        _write_text(text, args.out)
    else:
        sys.stdout.write(text)
    if paths.synthetic or (plan is not None and plan.synthetic):
        print("OBS: syntetiska demodata och/eller påhittade mål – inte verklig statistik för Malmö.", file=sys.stderr)
    return 0


def _scb(args: argparse.Namespace) -> int:
    if Path(args.folder).is_dir():  # the exports it reads are the folder's files
        check_out(args, tuple(p for p in Path(args.folder).iterdir() if p.is_file()))
    table = scb_deso_indicators(args.folder)
    _write(table, args.out)
    for ind in sorted(set(table["indicator_id"])):
        print(f"ersättningsmått {ind}: {PROXIES[ind]['sv']}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = _build_parser().parse_args(argv)
    args.notes = []
    caught: list[warnings.WarningMessage] = []
    try:
        check_inputs(args)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DataWarning)
            code = {"compute": _compute, "validate": _validate, "aggregate": _aggregate,
                    "map": _map, "scb": _scb, "followup": _followup, "tipping": _tipping}[args.command](args)
        lines = [str(w.message) for w in caught if issubclass(w.category, DataWarning)] + args.notes
        for line in dict.fromkeys(lines):
            if line.startswith("FEL: "):
                print(f"fel: {line[5:]}", file=sys.stderr)
            else:
                print(f"varning: {line}", file=sys.stderr)
        return code
    except DataError as exc:
        print(f"fel: {exc}", file=sys.stderr)
        # after the error, what the readers noticed on the way (formulas without values explain
        # "no values could be joined")
        for line in dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, DataWarning)):
            print(f"varning: {line}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the contract is one line, never a traceback
        print(f"fel: oväntat internt fel ({type(exc).__name__}: {exc}). "
              "Kontrollera indata; rapportera felet om indata ser rätt ut.", file=sys.stderr)
        return 1
