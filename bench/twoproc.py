"""Two Streamlit processes behind nginx beside one process alone, under the same websocket load.

Run from the repository root (needs nginx, Debian's package)::

    python bench/twoproc.py --sessions 20 --sessions 40 --think-ms 1000 --seconds 45

Starts two ``streamlit run dashboard.py`` processes on free loopback ports (headless, ``fileWatcherType
none``, the open data, scenarios in a throwaway SQLite file) and nginx with ``deploy/nginx-omradesindex.conf``
as shipped, only its ports rewritten (as ``tests/e2e/test_two_servers_e2e.py`` does). Both processes are
warmed up (a session × 3 reruns each, directly). Then, for each session count, ``bench/wsload.py`` runs
twice with the same options: **one** — straight to the first process (the second sits idle), and **two** —
through nginx, which spreads the sessions over both (a new websocket has no affinity cookie, so nginx
hashes its request id). Both processes are sampled in both runs. Before each run the 1-minute load
average must be below ``--max-load`` (the machine is shared): the script waits, up to ``--wait`` seconds,
and records what it found. Writes ``<out-dir>/<one|two>-<N>.json`` (wsload's report plus ``waited_s``
and the upstream split) and prints a table.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import wsload

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with contextlib.suppress(urllib.error.URLError, OSError), \
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            if r.status == 200:
                return
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    raise SystemExit(f"{url} did not become healthy:\n{log.read_text(errors='replace')[-2000:]}")


def nginx_conf(tmp: Path, ports: list[int], proxy_port: int) -> Path:
    """The shipped site config with its ports rewritten, in a minimal nginx.conf under ``tmp``."""
    site = (ROOT / "deploy" / "nginx-omradesindex.conf").read_text(encoding="utf-8")
    site = site.replace("server 127.0.0.1:8601", f"server 127.0.0.1:{ports[0]}")
    site = site.replace("server 127.0.0.1:8602", f"server 127.0.0.1:{ports[1]}")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{proxy_port};")
    if f":{ports[0]} " not in site or f":{ports[1]} " not in site:
        raise SystemExit("deploy/nginx-omradesindex.conf no longer has the upstreams 8601 and 8602")
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / sub).mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"worker_processes 1;\n{user}pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n access_log off;\n client_body_temp_path {tmp}/body;\n proxy_temp_path {tmp}/proxy;\n"
        f" fastcgi_temp_path {tmp}/fastcgi;\n uwsgi_temp_path {tmp}/uwsgi;\n scgi_temp_path {tmp}/scgi;\n"
        f"{site}\n}}\n", encoding="utf-8")
    return conf


@contextlib.contextmanager
def deployment(tmp: Path) -> Iterator[dict[str, Any]]:
    """Two processes and nginx in front; yields their URLs and process ids."""
    if not Path(NGINX).exists():
        raise SystemExit("nginx is missing (apt-get install nginx)")
    ports = [_free_port(), _free_port()]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMRADESINDEX_SCENARIO_DB": str(tmp / "scenarios.sqlite"),
           "OMRADESINDEX_DATA_DIR": str(ROOT / "data" / "malmo-oppna-data"),
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("OMRADESINDEX_BUILTIN", None)
    procs: list[subprocess.Popen[bytes]] = []
    logs = [tmp / f"streamlit-{i}.log" for i in range(2)]
    try:
        for port, log in zip(ports, logs, strict=True):
            with open(log, "wb") as out:
                procs.append(subprocess.Popen(
                    [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
                     "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
                     "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false"],
                    cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT))
        proxy_port = _free_port()
        conf = nginx_conf(tmp, ports, proxy_port)
        procs.append(subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT))
        for port, proc, log in zip(ports, procs, logs, strict=False):
            _healthy(f"http://127.0.0.1:{port}", proc, log)
        _healthy(f"http://127.0.0.1:{proxy_port}", procs[2], tmp / "error.log")
        yield {"direct": [f"http://127.0.0.1:{p}" for p in ports], "proxy": f"http://127.0.0.1:{proxy_port}",
               "pids": [p.pid for p in procs[:2]]}
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def load1() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def wait_quiet(max_load: float, wait_s: float) -> tuple[float, float]:
    """Wait until the 1-minute load average is below ``max_load`` (at most ``wait_s``); (waited s, load)."""
    t0 = time.monotonic()
    while load1() >= max_load and time.monotonic() - t0 < wait_s:
        time.sleep(15)
    return round(time.monotonic() - t0, 1), load1()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--sessions", type=int, action="append", help="session counts (repeatable; default 20 and 40)")
    p.add_argument("--think-ms", type=float, default=1000.0)
    p.add_argument("--seconds", type=float, default=45.0)
    p.add_argument("--ramp", type=float, default=5.0)
    p.add_argument("--max-load", type=float, default=1.0, help="wait until the 1-minute load average is below this")
    p.add_argument("--wait", type=float, default=600.0, help="seconds to wait for that before each run")
    p.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "results" / f"twoproc-{dt.date.today()}")
    a = p.parse_args(argv)
    counts = a.sessions or [20, 40]
    a.out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="twoproc-") as tmpdir, deployment(Path(tmpdir)) as dep:
        pids = [arg for pid in dep["pids"] for arg in ("--pid", str(pid))]
        for url in dep["direct"]:  # warm both: first page and a few reruns each
            wsload.main(["--url", url, "--sessions", "1", "--reruns", "3", "--think-ms", "0", "--ramp", "0",
                         "--warmup", "0", "--seconds", "60", "--out", str(Path(tmpdir) / "warm.json"), *pids])
        for n in counts:
            for target, url in (("one", dep["direct"][0]), ("two", dep["proxy"])):
                waited, load = wait_quiet(a.max_load, a.wait)
                out = a.out_dir / f"{target}-{n}.json"
                wsload.main(["--url", url, "--sessions", str(n), "--seconds", str(a.seconds), "--ramp", str(a.ramp),
                             "--think-ms", str(a.think_ms), "--warmup", "0", "--out", str(out), *pids])
                res = json.loads(out.read_text(encoding="utf-8"))
                res["setup"] = {"target": target, "processes": 1 if target == "one" else 2, "waited_s": waited,
                                "load1_at_start": load, "max_load": a.max_load,
                                "split": dict(Counter((s["upstream"] or "").split(",")[-1].strip() or "direct"
                                                      for s in res["per_session"]))}
                out.write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")
                rows.append(res)
    print("\nprocesses | sessions | reruns/s | rerun p50 / p95 ms | server CPU % of one core | load before")
    for r in rows:
        print(f"{r['setup']['processes']} | {r['sessions']} | {r['reruns_per_s']} | {r['rerun_ms']['p50']} / "
              f"{r['rerun_ms']['p95']} | {r['server'].get('cpu_percent_of_one_core')} | {r['loadavg_before']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
