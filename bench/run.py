"""Benchmark: engine, Monte Carlo, server reruns, payload, browser timings, cold start.

Run from the repository root (needs ../shared/data for the 136 real delområden)::

    python bench/run.py                 # everything, prints a table, writes bench/results/<date>.json
    python bench/run.py --only engine montecarlo

The app's datasets are benchmarked side by side (:func:`cases`): "14" the synthetic demo (run with
``OMRADESINDEX_BUILTIN=demo``, since the app now opens on the open data), "91" the embedded open data
on Malmö's RegSO (the app's default), "136" Malmö stad's delområden with seeded values, "6000" a grid.

Numbers are measured here, never asserted in tests: the targets (issue 6) are
printed next to them. Every section records the machine's facts with the results.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.settings import ViewSettings
from geo.dataset.config import ENV_VAR as DATA_ENV, open_data_paths
from geo.definition import load_definition  # noqa: E402
from geo.engine.index import compute_index  # noqa: E402
from geo.paths import OPEN_DATA, demo_paths  # noqa: E402

SHARED = Path(os.environ.get("OMRADESINDEX_SHARED_DATA", ROOT.parent / "shared" / "data"))
DELOMRADEN = SHARED / "malmo_stad" / "malmo_delomraden_136.gpkg"
DEFINITION = load_definition(demo_paths().default_definition)
OPEN_DEFINITION = load_definition(open_data_paths().default_definition)
#: ``ui.data.BUILTIN_ENV`` / ``ui.data.BUILTIN`` (not imported: the bench does not import the UI).
BUILTIN_ENV = "OMRADESINDEX_BUILTIN"
BUILTIN_STATE = "v_builtin_data"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

TARGETS = {
    "engine_6000_ms": 10.0,
    "montecarlo_1000x6000_s": 1.0,
    "rerun_p50_14_ms": 150.0,
    "rerun_p50_136_ms": 300.0,
    "payload_14_kb": 100.0,
    "payload_136_kb": 500.0,
    # issue 15: the open data on Malmö's 91 RegSO, the app's default, has the demo's budgets
    "rerun_p50_91_ms": 150.0,
    "payload_91_kb": 100.0,
    # issue 11: the map follows the slider in the browser
    "live_p50_136_ms": 50.0,
    "live_p95_136_ms": 100.0,
    "live_p50_6000_ms": 100.0,
    "long_task_ms": 200.0,
    "rerun_speedup": 8.0,
    # issue 13: the follow-up
    "followup_page_136_ms": 1000.0,
    "followup_table_6000_ms": 1000.0,
    # issue 14: why this ranking
    "tipping_6000x5_ms": 100.0,
    "acceptability_10000x136_ms": 1000.0,
    "what_it_takes_136x15_ms": 200.0,
    # issue 17: `python -m geo compute` on 6,000 areas, start to exit (was 92.5 s with a quadratic join report)
    "cli_6000_s": 5.0,
    # issue 17 follow-up: a 39 MB long table (1.28 M rows), read_table + to_long in a fresh process
    "big_table_s": 5.0,
    "big_table_peak_mb": 400.0,
}


# ----------------------------------------------------------------- helpers


def timed(fn: Callable[[], object], *, repeat: int, warmup: int = 2) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return float(np.percentile(values, q))


def machine() -> dict:
    info = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024**2, 1)
    import importlib.metadata as md

    for pkg in ("numpy", "pandas", "geopandas", "streamlit", "streamlit-folium", "folium"):
        with contextlib.suppress(md.PackageNotFoundError):
            info[pkg] = md.version(pkg)
    return info


def synthetic_values(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = [f"A{i:06d}" for i in range(n)]
    data = rng.uniform(5, 95, size=(n, len(DEFINITION.indicator_ids)))
    return pd.DataFrame(data, index=pd.Index(ids, name="area_id"), columns=list(DEFINITION.indicator_ids))


@contextlib.contextmanager
def delomraden_folder() -> Iterator[Path]:
    """A temporary data folder: the 136 real delområden + seeded synthetic indicator values."""
    import geopandas as gpd

    if not DELOMRADEN.exists():
        raise SystemExit(f"missing {DELOMRADEN}: the 136-area benchmarks need ../shared/data")
    with tempfile.TemporaryDirectory(prefix="bench-136-") as tmp:
        folder = Path(tmp)
        shutil.copy(DELOMRADEN, folder / "omraden.gpkg")
        ids = gpd.read_file(DELOMRADEN)["do_kod"].astype(str)
        rng = np.random.default_rng(136)
        rows = [(a, ind.id, 2024, round(float(rng.uniform(*(ind.range or (0, 100)))), 1))
                for a in ids for ind in DEFINITION.indicators]
        pd.DataFrame(rows, columns=["area_id", "indicator_id", "year", "value"]).to_csv(
            folder / "indikatorer.csv", index=False)
        (folder / "omradesindex.toml").write_text('[areas]\nid_col = "do_kod"\nname_col = "delomrade"\n',
                                                   encoding="utf-8")
        yield folder


@contextlib.contextmanager
def grid_folder(n: int = 6_000, cell_m: float = 150.0) -> Iterator[Path]:
    """A temporary data folder: ``n`` square areas on a grid over Malmö (EPSG:3006) and seeded
    synthetic indicator values — a city split finer than any real statistics area."""
    import geopandas as gpd
    from shapely.geometry import box

    cols = int(np.ceil(np.sqrt(n * 1.6)))
    x0, y0 = 366_000.0, 6_154_000.0  # SWEREF 99 TM, south-west of Malmö's centre
    cells = [box(x0 + (i % cols) * cell_m, y0 + (i // cols) * cell_m, x0 + (i % cols + 1) * cell_m,
                 y0 + (i // cols + 1) * cell_m) for i in range(n)]
    ids = [f"R{i:05d}" for i in range(n)]
    with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
        folder = Path(tmp)
        gpd.GeoDataFrame({"ruta": ids, "namn": [f"Ruta {i}" for i in range(n)]}, geometry=cells, crs=3006).to_file(
            folder / "omraden.gpkg", driver="GPKG")
        rng = np.random.default_rng(n)
        rows = [(a, ind.id, 2024, round(float(rng.uniform(*(ind.range or (0, 100)))), 1))
                for a in ids for ind in DEFINITION.indicators]
        pd.DataFrame(rows, columns=["area_id", "indicator_id", "year", "value"]).to_csv(
            folder / "indikatorer.csv", index=False)
        (folder / "omradesindex.toml").write_text('[areas]\nid_col = "ruta"\nname_col = "namn"\n', encoding="utf-8")
        yield folder


@contextlib.contextmanager
def env_vars(changes: dict[str, str | None]) -> Iterator[None]:
    """Set (or, for ``None``, unset) environment variables for the block, then restore them."""
    old = {k: os.environ.get(k) for k in changes}
    try:
        for k, v in changes.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _data_vars(folder: Path | None, builtin: str | None = None) -> dict[str, str | None]:
    """The app's data: a configured folder, else the built-in data a new session opens on
    (``builtin=None``: the app's default, the open data; ``"demo"``: the synthetic demo)."""
    return {DATA_ENV: None if folder is None else str(folder), BUILTIN_ENV: builtin}


def data_env(folder: Path | None, builtin: str | None = None) -> contextlib.AbstractContextManager[None]:
    return env_vars(_data_vars(folder, builtin))


@dataclass(frozen=True)
class Case:
    """One dataset the app is benchmarked on."""

    label: str  # "14", "91", "136", "6000": the number of areas
    n: int
    env: dict[str, str | None]  # the dashboard's data (env vars; None = unset)
    naive_env: dict[str, str | None]  # the naive baseline's data (it reads only OMRADESINDEX_DATA_DIR)
    slider: str  # the dashboard's Boende weight slider (``ui.session.weight_key``)
    builtin: str | None = None  # the built-in data the session must have opened on, if any
    name: str = ""


def _weight_key(definition_id: str, dim_id: str = "boende") -> str:
    return f"v_w_{definition_id}_{dim_id}"


@contextlib.contextmanager
def cases(*labels: str) -> Iterator[list[Case]]:
    """The datasets named by ``labels`` (temporary folders only for those asked for)."""
    with contextlib.ExitStack() as stack:
        out = []
        for label in labels:
            if label == "14":
                env = _data_vars(None, "demo")
                out.append(Case("14", 14, env, env, _weight_key(DEFINITION.id), "demo", "synthetic demo"))
            elif label == "91":
                out.append(Case("91", 91, _data_vars(None), _data_vars(OPEN_DATA),
                                _weight_key(OPEN_DEFINITION.id), "oppna", "open data, RegSO"))
            elif label == "136":
                env = _data_vars(stack.enter_context(delomraden_folder()))
                out.append(Case("136", 136, env, env, _weight_key(DEFINITION.id), None, "delområden"))
            elif label == "6000":
                env = _data_vars(stack.enter_context(grid_folder()))
                out.append(Case("6000", 6000, env, env, _weight_key(DEFINITION.id), None, "grid"))
            else:
                raise ValueError(label)
        yield out


# ----------------------------------------------------------------- sections


def bench_engine() -> dict:
    out = {}
    for n in (14, 136, 6_000, 60_000):
        values = synthetic_values(n)
        repeat = 50 if n <= 6_000 else 10
        times = timed(lambda: compute_index(values, DEFINITION, ViewSettings.default(DEFINITION)), repeat=repeat)
        out[str(n)] = {"p50_ms": pct(times, 50) * 1e3, "p95_ms": pct(times, 95) * 1e3}
    return out


def bench_montecarlo() -> dict:
    try:
        from geo.engine.uncertainty import rank_uncertainty
    except ImportError:
        return {"skipped": "geo.engine.uncertainty not available"}
    out = {}
    for n in (14, 136, 6_000, 60_000):
        dims = compute_index(synthetic_values(n), DEFINITION, ViewSettings.default(DEFINITION)).dimensions.to_numpy()
        w = np.ones(dims.shape[1])
        repeat = 10 if n <= 6_000 else 3
        times = timed(lambda: rank_uncertainty(dims, w, draws=1000, seed=1), repeat=repeat, warmup=1)
        out[str(n)] = {"p50_s": pct(times, 50), "p95_s": pct(times, 95)}
    return out


def _apptest(app: str, builtin: str | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / app), default_timeout=600)
    at.run()
    if at.exception:
        raise RuntimeError(f"{app}: {at.exception[0].value}")
    if builtin is not None:  # the session opened on the data the case means (not silently another)
        _check_builtin(at, builtin)
    return at


def _check_builtin(at, builtin: str) -> None:
    try:
        got = at.session_state[BUILTIN_STATE]
    except KeyError:
        got = None
    if got != builtin:
        raise RuntimeError(f"the session opened on {got!r}, not {builtin!r}")


def _move(at, slider_key: str, value: float) -> float:
    at.slider(key=slider_key).set_value(value)
    t0 = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(str(at.exception[0].value))
    return elapsed


def _interleaved(case: Case, moves: int) -> dict:
    """Ours and the naive app, move for move in one loop (so machine load hits both alike). Each app
    runs under its own environment: the dashboard reads which data on every rerun."""
    with env_vars(case.env):
        ours_app = _apptest("dashboard.py", case.builtin)
    with env_vars(case.naive_env):
        naive_app = _apptest("bench/naive_app.py")
    values = [2.0, 3.0]
    ours, naive = [], []
    for i in range(moves + 2):
        with env_vars(case.env):
            a = _move(ours_app, case.slider, values[i % 2])
        with env_vars(case.naive_env):
            b = _move(naive_app, "w_boende", values[i % 2])
        if i >= 2:  # the first two moves warm caches the way a running server has them warm
            ours.append(a)
            naive.append(b)
    if case.builtin is not None:
        _check_builtin(ours_app, case.builtin)
    return {"ours_p50_ms": pct(ours, 50) * 1e3, "ours_p95_ms": pct(ours, 95) * 1e3,
            "naive_p50_ms": pct(naive, 50) * 1e3, "naive_p95_ms": pct(naive, 95) * 1e3,
            "speedup_p50": pct(naive, 50) / pct(ours, 50), "moves": moves}


def bench_rerun(moves: int = 15) -> dict:
    """Server work after a slider is released: the whole page (dashboard.py, Översikt) under AppTest."""
    out = {}
    with cases("14", "91", "136", "6000") as all_cases:
        for case in all_cases:
            out[case.label] = _interleaved(case, moves if case.n <= 136 else 6)
    return out


def bench_payload() -> dict:
    """What the browser fetches for the map, per dataset, without a browser: the simplified areas as
    published (``static/generated/areas-*.json``, once per browser) and the dimension scores (once per
    data and non-weight settings; a weight move reuses them). Bytes of the file and gzip-compressed."""
    import gzip

    import shapely

    from geo.dataset.config import resolve_data_paths
    from geo.dataset.load import load_dataset
    from geo.engine.scoring import score_dataset
    from geo.output.webassets import slim_features
    from geo.view.mapmodel import area_features, live_scores

    def size(obj: dict) -> dict:
        raw = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
        return {"kb": len(raw) / 1024, "gzip_kb": len(gzip.compress(raw, 6)) / 1024}

    out: dict = {}
    with cases("14", "91", "136", "6000") as all_cases:
        for case in all_cases:
            with env_vars(case.env):
                paths = open_data_paths() if case.builtin == "oppna" else \
                    demo_paths() if case.builtin == "demo" else resolve_data_paths()
            data = load_dataset(paths)
            if len(data.areas) != case.n:
                raise RuntimeError(f"{case.label}: {len(data.areas)} areas")
            t0 = time.perf_counter()
            areas = slim_features(area_features(data.areas))
            build_s = time.perf_counter() - t0
            definition = data.default_definition
            settings = ViewSettings.default(definition)
            scored = score_dataset(data, definition, settings)
            baseline = score_dataset(data, definition, settings.baseline())
            out[case.label] = {"dataset": case.name, "areas": len(data.areas), "definition": definition.id,
                               "vertices_in": int(shapely.count_coordinates(data.areas.geometry.values)),
                               "geometry": size(areas), "scores": size(live_scores(scored, baseline, definition)),
                               "build_geometry_s": build_s}
    return out


HALSA = load_definition(ROOT / "data" / "definitions" / "malmo-2023-halsa.toml")


def yearly_frame(ids: list[str], years: range, seed: int) -> pd.DataFrame:
    """Seeded values with counts for every indicator of the 5-dimension definition (15 in the index and
    the follow-up one) in every year: the long form a city's folder would hold."""
    rng = np.random.default_rng(seed)
    inds = [*HALSA.indicators, *HALSA.follow_up]
    n, k, t = len(ids), len(inds), len(years)
    base = rng.uniform(20, 80, size=(n, k))
    trend = rng.normal(0.5, 0.5, size=(n, k))
    den = rng.integers(50, 5000, size=n).astype(float)
    area = np.repeat(np.array(ids, dtype=object), k * t)
    ind = np.tile(np.repeat(np.array([i.id for i in inds], dtype=object), t), n)
    year = np.tile(np.array(list(years)), n * k)
    value = (base[:, :, None] + trend[:, :, None] * np.arange(t)[None, None, :]).clip(1, 99).reshape(-1)
    dens = np.repeat(den, k * t)
    nums = np.round(value / 100 * dens)
    return pd.DataFrame({"area_id": area, "indicator_id": ind, "year": year, "value": 100 * nums / dens,
                         "numerator": nums, "denominator": dens})


def bench_followup(moves: int = 8) -> dict:
    """Issue 13: the follow-up table for 6,000 areas × 10 years × 15 (+1) indicators, and the Uppföljning
    page's server time per rerun for the 136 real delområden × 6 years × 15 (+1) indicators."""
    import geopandas as gpd

    from geo.engine.progress import follow_up_table
    from geo.targets import load_plan

    plan = load_plan(ROOT / "data" / "targets" / "demo-omradeslyft.toml")
    ids = [f"R{i:05d}" for i in range(6_000)]
    frame = yearly_frame(ids, range(2015, 2025), seed=6000)
    areas = pd.DataFrame({"area_id": ids, "area_name": ids})
    times = timed(lambda: follow_up_table(frame, areas, HALSA, reference_year=2018, plan=plan), repeat=5, warmup=1)
    out: dict = {"table_6000": {"p50_ms": pct(times, 50) * 1e3, "p95_ms": pct(times, 95) * 1e3,
                                "rows_in": len(frame)}}
    if not DELOMRADEN.exists():
        raise SystemExit(f"missing {DELOMRADEN}: the 136-area benchmarks need ../shared/data")
    with tempfile.TemporaryDirectory(prefix="bench-fu-136-") as tmp:
        folder = Path(tmp)
        shutil.copy(DELOMRADEN, folder / "omraden.gpkg")
        codes = gpd.read_file(DELOMRADEN)["do_kod"].astype(str).tolist()
        yearly_frame(codes, range(2019, 2025), seed=136).to_csv(folder / "indikatorer.csv", index=False)
        (folder / "definitions").mkdir()
        shutil.copy(ROOT / "data" / "definitions" / "malmo-2023-halsa.toml", folder / "definitions")
        (folder / "targets").mkdir()
        shutil.copy(ROOT / "data" / "targets" / "demo-omradeslyft.toml", folder / "targets")
        (folder / "omradesindex.toml").write_text('[areas]\nid_col = "do_kod"\nname_col = "delomrade"\n',
                                                   encoding="utf-8")
        with data_env(folder):
            at = _apptest("dashboard.py")
            at.switch_page("pages/followup.py")
            t0 = time.perf_counter()
            at.run()
            first = time.perf_counter() - t0
            if at.exception:
                raise RuntimeError(str(at.exception[0].value))
            measures = ["ind:unga_arbete_studier", "index", "dim:ekonomi", "ind:forvarvsarbetande"]
            switch, weights = [], []
            for i in range(moves):
                at.selectbox(key="fu_measure").select(measures[i % len(measures)])
                t0 = time.perf_counter()
                at.run()
                switch.append(time.perf_counter() - t0)
                weights.append(_move(at, "v_w_malmo-2023-halsa_boende", [2.0, 3.0][i % 2]))
            out["page_136"] = {"first_ms": first * 1e3, "measure_p50_ms": pct(switch, 50) * 1e3,
                               "measure_p95_ms": pct(switch, 95) * 1e3, "weight_p50_ms": pct(weights, 50) * 1e3,
                               "weight_p95_ms": pct(weights, 95) * 1e3, "moves": moves}
    return out


def bench_tipping() -> dict:
    """Issue 14: tipping intervals (6,000 areas × 5 dimensions), acceptability (10,000 draws × 136 areas),
    influence (136 areas)."""
    from geo.engine.sensitivity import acceptability, influence
    from geo.engine.tipping import top_k_intervals

    def scored(n: int):
        rng = np.random.default_rng(1)
        values = pd.DataFrame(rng.uniform(5, 95, size=(n, len(HALSA.indicator_ids))),
                              index=pd.Index([f"A{i:06d}" for i in range(n)], name="area_id"),
                              columns=list(HALSA.indicator_ids))
        return compute_index(values, HALSA, ViewSettings.default(HALSA))

    big, small = scored(6_000), scored(136)
    out = {}
    for name, fn, repeat in (
        ("tipping_6000x5_k3", lambda: top_k_intervals(big.dimensions, big.weights, 3), 20),
        ("tipping_6000x5_k10", lambda: top_k_intervals(big.dimensions, big.weights, 10), 20),
        ("acceptability_10000x136", lambda: acceptability(small.dimensions, small.weights, 3, draws=10_000, seed=1),
         10),
        ("influence_136", lambda: influence(small.dimensions, small.weights), 50),
    ):
        times = timed(fn, repeat=repeat, warmup=1)
        out[name] = {"p50_ms": pct(times, 50) * 1e3, "p95_ms": pct(times, 95) * 1e3}
    return out


def bench_cli(repeat: int = 5) -> dict:
    """Issue 17: ``python -m geo compute --data-dir`` on the 6,000-area grid, as a fresh process each
    time (imports, reading, join report, scoring, CSV): wall and CPU seconds (user + system)."""
    import resource

    out: dict = {}
    with grid_folder() as folder, tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        cmd = [sys.executable, "-m", "geo", "compute", "--data-dir", str(folder), "--out", str(Path(tmp) / "r.csv")]
        walls, cpus = [], []
        for _ in range(repeat + 1):  # the first run warms the file cache
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        imports = [subprocess.run([sys.executable, "-X", "importtime", "-c", "import geo.cli"], cwd=ROOT,
                                  capture_output=True, text=True, check=True).stderr.splitlines()[-1]
                   for _ in range(3)]
        out["compute_6000"] = {"p50_s": pct(walls[1:], 50), "max_s": max(walls[1:]), "cpu_p50_s": pct(cpus[1:], 50),
                               "runs": walls[1:],
                               "import_geo_cli_s": pct([int(line.split("|")[1]) / 1e6 for line in imports], 50)}
    return out


def big_table_csv(path: Path, *, n_names: int = 107_000, seed: int = 17) -> Path:
    """A long indicator table like the one of issue 17 (39 MB): 12 area ids × 107,000 indicator names,
    1,284,000 rows of ``area_id,indicator_id,year,value``, values with one decimal, 2 % suppressed ("..")."""
    rng = np.random.default_rng(seed)
    ids = ["24407", "24302", "24406", "24405", "25715", *(f"2{k:04d}" for k in range(7))]
    values = np.round(rng.uniform(0, 100, size=n_names * len(ids)), 1)
    gone = rng.random(values.size) < 0.02
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("area_id,indicator_id,year,value\n")
        for i in range(n_names):
            fh.write("".join(f"{aid},Indikator{i:06d},2023,{'..' if gone[k] else values[k]}\n"
                             for k, aid in enumerate(ids, start=i * len(ids))))
    return path


# The peak is the process's VmHWM: ru_maxrss of a child starts at its parent's size when it forked.
_BIG_TABLE_RUN = """
import json, sys, time
sys.path.insert(0, sys.argv[2])
from geo.readers.indicators import to_long
from geo.readers.tables import read_table
def peak():
    line = next(x for x in open("/proc/self/status") if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024
base = peak()
t0 = time.perf_counter()
frame = read_table(sys.argv[1])
t1 = time.perf_counter()
long = to_long(frame, file="big.csv", duplicates="keep")
t2 = time.perf_counter()
print(json.dumps({"read_s": t1 - t0, "to_long_s": t2 - t1, "rows": len(long), "imports_mb": base,
                  "peak_mb": peak()}))
"""


def bench_big_table(repeat: int = 3) -> dict:
    """Issue 17 follow-up: read_table + to_long of a 39 MB long table (1.28 M rows, 107,000 indicator names)
    in a fresh process each time: seconds for each, and the process's peak memory (VmHWM; ``imports_mb``
    is the peak after the imports, before reading)."""
    with tempfile.TemporaryDirectory(prefix="bench-big-") as tmp:
        path = big_table_csv(Path(tmp) / "big.csv")
        runs = [json.loads(subprocess.run([sys.executable, "-c", _BIG_TABLE_RUN, str(path), str(ROOT)], check=True,
                                          capture_output=True, text=True, cwd=ROOT).stdout)
                for _ in range(repeat)]
        out = {key: pct([r[key] for r in runs], 50) for key in ("read_s", "to_long_s", "peak_mb", "imports_mb")}
        return {**out, "total_s": out["read_s"] + out["to_long_s"], "mb": path.stat().st_size / 2**20,
                "rows": runs[0]["rows"], "runs": runs}  # mb: MiB, as "39 MB" in issue 17


def bench_what_it_takes(repeat: int = 10) -> dict:
    """Issue 14: "what would it take" for one area × 15 indicators at 136 areas (the areas at rank k and k+1),
    every method without a reference year and three with one."""
    from geo.engine.what_it_takes import what_it_takes

    def frame(n: int, seed: int) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        data = {ind.id: np.round(rng.uniform(*(ind.range or (0.0, 100.0)), size=n), 1) for ind in HALSA.indicators}
        return pd.DataFrame(data, index=pd.Index([f"D{i:03d}" for i in range(n)], name="area_id"))

    values, reference = frame(136, 2024), frame(136, 2022)
    out = {}
    for ref in (None, reference):
        for method in ("zscore", "minmax", "ratio", "rank"):
            if ref is not None and method == "rank":
                continue
            settings = ViewSettings.default(HALSA, method=method, reference_year=None if ref is None else 2022)
            ranks = compute_index(values, HALSA, settings, reference=ref).rank.sort_values()
            for pos in (settings.top_k - 1, settings.top_k):
                area = str(ranks.index[pos])
                times = timed(lambda: what_it_takes(values, HALSA, settings, area, reference=ref), repeat=repeat,
                              warmup=1)
                out[f"{method}_{'ref' if ref is not None else 'noref'}_rank{pos + 1}"] = {"p50_ms": pct(times, 50) * 1e3}
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(app: str, env_changes: dict[str, str | None]) -> Iterator[tuple[str, float]]:
    """Start ``streamlit run`` on a free port under ``env_changes`` (see :func:`_data_vars`);
    yields (url, seconds to healthy)."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for k, v in env_changes.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / app), "--server.port", str(port),
                             "--server.headless", "true", "--server.fileWatcherType", "none"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"{app} did not become healthy")
            time.sleep(0.05)
        yield url, time.perf_counter() - t0
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)


# A fresh Python process: the dashboard's first script run under AppTest, cold caches (imports of the
# app's modules, reading and validating the data, simplification, label anchors): a new server's first page.
_FIRST_RENDER = """
import json, sys, time
from streamlit.testing.v1 import AppTest
t0 = time.perf_counter()
at = AppTest.from_file(sys.argv[1], default_timeout=600)
at.run()
first = time.perf_counter() - t0
if at.exception:
    raise SystemExit(str(at.exception[0].value))
try:
    builtin = at.session_state[sys.argv[2]]
except KeyError:
    builtin = None
t0 = time.perf_counter()
at.run()
print(json.dumps({"first_s": first, "second_s": time.perf_counter() - t0, "builtin": builtin}))
"""


def bench_cold_start(repeat: int = 3) -> dict:
    """``streamlit run`` → healthy, and per dataset the first page render in a fresh process."""
    times = []
    for _ in range(repeat):
        with server("dashboard.py", _data_vars(None, "demo")) as (_, seconds):
            times.append(seconds)
    out: dict = {"p50_s": pct(times, 50), "max_s": max(times)}
    with cases("14", "91", "136") as all_cases:
        for case in all_cases:
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            for k, v in case.env.items():
                if v is None:
                    env.pop(k, None)
                else:
                    env[k] = v
            runs = []
            for _ in range(repeat):
                proc = subprocess.run([sys.executable, "-c", _FIRST_RENDER, str(ROOT / "dashboard.py"), BUILTIN_STATE],
                                      cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
                if proc.returncode != 0:
                    raise RuntimeError(f"first render {case.label}: {proc.stderr[-2000:]}")
                runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            if case.builtin is not None and any(r["builtin"] != case.builtin for r in runs):
                raise RuntimeError(f"first render {case.label}: opened on {runs[0]['builtin']!r}")
            first = [r["first_s"] for r in runs]
            out[f"first_render_{case.label}"] = {"p50_s": pct(first, 50), "max_s": max(first),
                                                 "second_run_p50_s": pct([r["second_s"] for r in runs], 50)}
    return out


_MAP = '[data-testid="oi-map"]'

# In the page before the app loads: the time of every input event and every long task.
_HARNESS = """
window.__inputs = []; window.__longTasks = [];
for (const type of ['pointermove', 'pointerdown', 'keydown']) {
  document.addEventListener(type, (e) => window.__inputs.push(e.timeStamp), true);
}
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
  .observe({type: 'longtask', buffered: true});
"""


def _browser_run(url: str, n: int, *, moves: int, slider_key: str) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        ctx = browser.new_context(viewport={"width": 1600, "height": 1000})
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://localhost", "data:"))
                  else r.abort())
        ctx.add_init_script(_HARNESS)
        page = ctx.new_page()
        received: list[int] = []
        fetched: list = []  # the map's files from static/generated (areas, scores): fetched once
        page.on("requestfinished", lambda req: fetched.append(req) if "/static/generated/" in req.url else None)
        page.on("websocket", lambda ws: ws.on(
            "framereceived", lambda payload: received.append(len(payload) if isinstance(payload, (bytes, str))
                                                              else 0)))
        t0 = time.perf_counter()
        page.goto(url)
        page.wait_for_function(  # every area drawn (SVG paths, or on a canvas past 1,500 areas) and painted
            "([sel, n]) => { const r = document.querySelector(sel); return r && r.dataset.paints &&"
            " Object.keys(window.__oiMaps.all()[0].fills).length === n; }", arg=[_MAP, n], timeout=180_000)
        load_s = time.perf_counter() - t0
        page.wait_for_timeout(2000)
        files: dict[str, float] = {}
        for req in fetched:
            kind = req.url.rsplit("/", 1)[-1].split("-", 1)[0]
            files[kind] = files.get(kind, 0.0) + req.sizes()["responseBodySize"] / 1024

        # 1. Live: drag the Boende slider in the sidebar; input event -> the map repainted (next frame).
        slider = page.locator(f'[data-testid="stSidebar"] .st-key-{slider_key}')
        slider.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        track = slider.locator('[data-testid="stSlider"]').bounding_box()
        thumb = slider.locator("input[type=range]").evaluate(
            "i => { const r = i.parentElement.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }")
        live, painted, longest = [], [], 0.0
        for sweep in range(2):
            page.evaluate("() => { window.__inputs = []; window.__longTasks = []; window.__oiPaintLog = []; }")
            page.mouse.move(*thumb)
            page.mouse.down()
            x = thumb[0]
            for i in range(moves):
                x += (track["width"] / (moves + 2)) * (1 if sweep == 0 else -1)
                page.mouse.move(x, thumb[1])
                page.wait_for_timeout(120)
            log = page.evaluate("() => [window.__inputs, window.__oiPaintLog || [], window.__longTasks]")
            page.mouse.up()
            inputs, paints, tasks = log
            for p in paints:  # each paint answers the latest input before it
                before = [t for t in inputs if t <= p["input"] + 0.5]
                if before:
                    live.append(p["presented"] - before[-1])
                    painted.append(p["painted"] - before[-1])
            longest = max([longest] + [d for _, d in tasks])
            page.wait_for_timeout(2500)  # the server catches up
            thumb = slider.locator("input[type=range]").evaluate(
                "i => { const r = i.parentElement.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }")

        # 2. Release -> server caught up (the address bar holds the new weights), and bytes per rerun.
        catchup, payload = [], []
        thumb_input = slider.get_by_role("slider")
        for i in range(4):
            url_before = page.url
            received.clear()
            thumb_input.focus()
            t1 = time.perf_counter()
            thumb_input.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
            page.wait_for_function("u => location.href !== u", arg=url_before, timeout=60_000)
            catchup.append(time.perf_counter() - t1)
            page.wait_for_timeout(1500)
            payload.append(sum(received))
        browser.close()
    return {"load_to_map_s": load_s, "live_p50_ms": pct(live, 50), "live_p95_ms": pct(live, 95),
            "painted_p50_ms": pct(painted, 50), "painted_p95_ms": pct(painted, 95),
            "live_events": len(live), "longest_task_ms": longest,
            "catchup_p50_ms": pct(catchup, 50) * 1e3, "payload_per_rerun_kb": statistics.median(payload) / 1024,
            "static_fetched_kb": files}


def bench_browser(moves: int = 12) -> dict:
    if not Path(CHROMIUM).exists():
        return {"skipped": f"no chromium at {CHROMIUM}"}
    out = {}
    with cases("14", "91", "136", "6000") as all_cases:
        for case in all_cases:  # waiting for n areas drawn also checks that the case's data is shown
            with server("dashboard.py", case.env) as (url, _):
                out[case.label] = _browser_run(url, case.n, moves=moves, slider_key=case.slider)
    return out


SECTIONS: dict[str, Callable[[], dict]] = {
    "engine": bench_engine,
    "montecarlo": bench_montecarlo,
    "rerun": bench_rerun,
    "payload": bench_payload,
    "browser": bench_browser,
    "followup": bench_followup,
    "tipping": bench_tipping,
    "what_it_takes": bench_what_it_takes,
    "cli": bench_cli,
    "big_table": bench_big_table,
    "cold_start": bench_cold_start,
}


def summary(results: dict) -> list[tuple[str, str, str]]:
    """(measure, value, target) rows for the printed table."""
    rows = []
    eng = results.get("engine", {})
    for n, r in eng.items():
        rows.append((f"engine {n}×12 p50", f"{r['p50_ms']:.2f} ms",
                     f"≤ {TARGETS['engine_6000_ms']:g} ms" if n == "6000" else ""))
    for n, r in results.get("montecarlo", {}).items():
        if isinstance(r, dict):
            rows.append((f"Monte Carlo 1000×{n} p50", f"{r['p50_s'] * 1e3:.1f} ms",
                         f"≤ {TARGETS['montecarlo_1000x6000_s']:g} s" if n == "6000" else ""))
    for n, r in results.get("rerun", {}).items():
        target = {k: f"≤ {TARGETS[f'rerun_p50_{k}_ms']:g} ms" for k in ("14", "91", "136")}
        rows.append((f"rerun {n} areas p50 / p95 (ours)", f"{r['ours_p50_ms']:.0f} / {r['ours_p95_ms']:.0f} ms",
                     target.get(n, "")))
        rows.append((f"rerun {n} areas p50 (naive)", f"{r['naive_p50_ms']:.0f} ms", ""))
        rows.append((f"rerun {n} speed-up", f"{r['speedup_p50']:.1f}×",
                     f"≥ {TARGETS['rerun_speedup']:g}×" if n in ("136", "6000") else ""))
    for n, r in results.get("payload", {}).items():
        budget = TARGETS.get(f"payload_{n}_kb")
        rows.append((f"payload {n}: simplified areas file (once per browser), raw / gzip",
                     f"{r['geometry']['kb']:.1f} / {r['geometry']['gzip_kb']:.1f} KB",
                     f"≤ {budget:g} KB" if budget else ""))
        rows.append((f"payload {n}: dimension scores file (once per settings), raw / gzip",
                     f"{r['scores']['kb']:.1f} / {r['scores']['gzip_kb']:.1f} KB", ""))
    for n, r in results.get("browser", {}).items():
        if isinstance(r, dict) and "load_to_map_s" in r:
            rows.append((f"browser {n}: load → map drawn", f"{r['load_to_map_s']:.2f} s", ""))
            t50 = {"136": TARGETS["live_p50_136_ms"], "6000": TARGETS["live_p50_6000_ms"]}.get(n)
            rows.append((f"browser {n}: input → repainted p50", f"{r['live_p50_ms']:.0f} ms",
                         f"≤ {t50:g} ms" if t50 else ""))
            rows.append((f"browser {n}: input → repainted p95", f"{r['live_p95_ms']:.0f} ms",
                         f"≤ {TARGETS['live_p95_136_ms']:g} ms" if n == "136" else ""))
            if "painted_p50_ms" in r:
                rows.append((f"browser {n}: input → DOM updated p50 / p95",
                             f"{r['painted_p50_ms']:.0f} / {r['painted_p95_ms']:.0f} ms", ""))
            rows.append((f"browser {n}: longest task while dragging", f"{r['longest_task_ms']:.0f} ms",
                         f"≤ {TARGETS['long_task_ms']:g} ms"))
            rows.append((f"browser {n}: release → server caught up p50", f"{r['catchup_p50_ms']:.0f} ms", ""))
            target = TARGETS.get(f"payload_{n}_kb", TARGETS["payload_136_kb"])
            rows.append((f"browser {n}: bytes per rerun", f"{r['payload_per_rerun_kb']:.1f} KB", f"≤ {target:g} KB"))
            if r.get("static_fetched_kb"):
                rows.append((f"browser {n}: static files fetched on load (areas, scores, module)",
                             ", ".join(f"{k} {v:.1f}" for k, v in r["static_fetched_kb"].items()) + " KB", ""))
    fu = results.get("followup")
    if fu:
        rows.append(("follow-up table 6000×10 years×16 p50", f"{fu['table_6000']['p50_ms']:.0f} ms",
                     f"≤ {TARGETS['followup_table_6000_ms']:g} ms"))
        page = fu["page_136"]
        rows.append(("Uppföljning 136×6×16: first render", f"{page['first_ms']:.0f} ms", ""))
        rows.append(("Uppföljning 136: rerun, other measure p50/p95",
                     f"{page['measure_p50_ms']:.0f} / {page['measure_p95_ms']:.0f} ms",
                     f"≤ {TARGETS['followup_page_136_ms']:g} ms"))
        rows.append(("Uppföljning 136: rerun, weight moved p50/p95",
                     f"{page['weight_p50_ms']:.0f} / {page['weight_p95_ms']:.0f} ms",
                     f"≤ {TARGETS['followup_page_136_ms']:g} ms"))
    tip = results.get("tipping")
    if tip:
        rows.append(("tipping 6000×5 (k=3) p50", f"{tip['tipping_6000x5_k3']['p50_ms']:.0f} ms",
                     f"≤ {TARGETS['tipping_6000x5_ms']:g} ms"))
        rows.append(("tipping 6000×5 (k=10) p50", f"{tip['tipping_6000x5_k10']['p50_ms']:.0f} ms",
                     f"≤ {TARGETS['tipping_6000x5_ms']:g} ms"))
        rows.append(("acceptability 10000 draws × 136 p50", f"{tip['acceptability_10000x136']['p50_ms']:.0f} ms",
                     f"≤ {TARGETS['acceptability_10000x136_ms']:g} ms"))
        rows.append(("influence 136 p50", f"{tip['influence_136']['p50_ms']:.1f} ms", ""))
    wit = results.get("what_it_takes")
    if wit:
        worst = max(wit.items(), key=lambda kv: kv[1]["p50_ms"])
        rows.append((f"what it takes 136×15, slowest case ({worst[0]}) p50", f"{worst[1]['p50_ms']:.0f} ms",
                     f"≤ {TARGETS['what_it_takes_136x15_ms']:g} ms"))
    cli = results.get("cli")
    if cli:
        r = cli["compute_6000"]
        rows.append(("python -m geo compute, 6000 areas: wall p50 / max (CPU p50)",
                     f"{r['p50_s']:.2f} / {r['max_s']:.2f} s ({r['cpu_p50_s']:.2f} s)",
                     f"≤ {TARGETS['cli_6000_s']:g} s"))
        rows.append(("  of which import geo.cli (p50)", f"{r['import_geo_cli_s']:.2f} s", ""))
    big = results.get("big_table")
    if big:
        rows.append((f"big table {big['mb']:.0f} MB ({big['rows']:,} rows): read_table + to_long p50",
                     f"{big['read_s']:.2f} + {big['to_long_s']:.2f} s", f"≤ {TARGETS['big_table_s']:g} s"))
        rows.append(("  peak memory of the process (of which imports)", f"{big['peak_mb']:.0f} ({big['imports_mb']:.0f}) MB",
                     f"≤ {TARGETS['big_table_peak_mb']:g} MB"))
    cold = results.get("cold_start")
    if cold:
        rows.append(("cold start → healthy p50", f"{cold['p50_s']:.2f} s", ""))
        for key, r in cold.items():
            if key.startswith("first_render_"):
                rows.append((f"first page render {key.rsplit('_', 1)[-1]} (fresh process) p50 / max",
                             f"{r['p50_s']:.2f} / {r['max_s']:.2f} s", ""))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=list(SECTIONS), help="run only these sections")
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/<timestamp>.json)")
    args = parser.parse_args(argv)
    results: dict = {"machine": machine()}
    for name in args.only or list(SECTIONS):
        print(f"… {name}", file=sys.stderr, flush=True)
        results[name] = SECTIONS[name]()
    width = max(len(r[0]) for r in summary(results)) if summary(results) else 20
    for measure, value, target in summary(results):
        print(f"{measure:<{width}}  {value:>12}  {target}")
    out = args.out or ROOT / "bench" / "results" / f"{dt.datetime.now():%Y-%m-%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
