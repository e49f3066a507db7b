"""Two Streamlit processes behind nginx, sharing a PostgreSQL store and a read-only data folder
(issue 16, point 4) — the deployment in deploy/, started on loopback.

nginx runs ``deploy/nginx-omradesindex.conf`` as shipped, only its ports rewritten. Then:

* **sticky**: a browser's requests carry the ``oiaffinity`` cookie nginx set and reach one process;
  fresh browsers are spread over both;
* **a process dies mid-run**: ``bench/wsload.py`` runs 40 websocket sessions for 60 s through the
  proxy (with ``--reconnect``); one process is killed (SIGKILL) half-way. Errors come only from
  sessions the killed process served, from the kill on (counted in ``deploy-summary.json``), every
  one of them noticed, and every session started after the kill lands on the survivor and works.
  Meanwhile 10 of the sessions work on Scenarier and save a scenario as every second action (the
  name typed into the form and "Spara scenario" clicked, in Streamlit's own messages): afterwards the
  shared store holds every save the page confirmed exactly once, no name twice and nothing that was
  not attempted; a save the killed process never answered may be there or not (counted in
  ``deploy-summary.json``), and only the killed process's sessions have such saves.

Needs nginx (Debian's package) and ``OMRADESINDEX_TEST_PG_URL``; both are there in CI (``.ci/run``),
where their absence fails the test; elsewhere it is skipped.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.output.store import ScenarioStore
from geo.paths import ROOT
from tests.e2e.conftest import _free_port, _wait_healthy
from tests.processes import stop

pytestmark = pytest.mark.e2e
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PG_ENV = "OMRADESINDEX_TEST_PG_URL"


def _need(ok: bool, what: str) -> None:
    if not ok:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{what} is missing: CI must run the deployment test (.ci/run installs it)")
        pytest.skip(f"{what} is missing")


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A fresh PostgreSQL database for the two processes' shared store, dropped afterwards."""
    url = os.environ.get(PG_ENV, "").strip()
    _need(bool(url), PG_ENV)
    import psycopg

    name = f"oi_deploy_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _db_url(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _db_url(base: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, database, artifacts_dir) -> Iterator[dict]:
    _need(Path(NGINX).exists(), "nginx")
    tmp = tmp_path_factory.mktemp("deploy")
    ports = [_free_port(), _free_port()]
    procs: dict[int, subprocess.Popen] = {}
    logs = []
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMRADESINDEX_SCENARIO_DB": database,
           "OMRADESINDEX_DATA_DIR": str(ROOT / "data" / "malmo-oppna-data"),  # shared, read-only
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    for port in ports:
        log = open(artifacts_dir / f"deploy-streamlit-{len(procs)}.log", "w", encoding="utf-8")  # noqa: SIM115
        logs.append(log)
        procs[port] = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
             "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    proxy_port = _free_port()
    site = (ROOT / "deploy" / "nginx-omradesindex.conf").read_text(encoding="utf-8")
    site = site.replace("server 127.0.0.1:8601", f"server 127.0.0.1:{ports[0]}")
    site = site.replace("server 127.0.0.1:8602", f"server 127.0.0.1:{ports[1]}")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{proxy_port};")
    assert f":{ports[0]} " in site and f":{ports[1]} " in site and f":{proxy_port};" in site
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / sub).mkdir()
    (tmp / "nginx.conf").write_text(
        f"worker_processes 1;\nuser root;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n access_log {tmp}/access.log;\n client_body_temp_path {tmp}/body;\n"
        f" proxy_temp_path {tmp}/proxy;\n fastcgi_temp_path {tmp}/fastcgi;\n uwsgi_temp_path {tmp}/uwsgi;\n"
        f" scgi_temp_path {tmp}/scgi;\n{site}\n}}\n", encoding="utf-8")
    nginx = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        for port, proc in procs.items():
            _wait_healthy(f"http://127.0.0.1:{port}", proc, artifacts_dir / "deploy-streamlit-0.log")
        _wait_healthy(f"http://127.0.0.1:{proxy_port}", nginx, tmp / "error.log")
        yield {"url": f"http://127.0.0.1:{proxy_port}", "ports": ports, "procs": procs, "db": database,
               "tmp": tmp}
    finally:
        stop(nginx, *procs.values())
        for log in logs:
            log.close()
        shutil.copy(tmp / "error.log", artifacts_dir / "deploy-nginx-error.log")


def _upstream(opener, url: str) -> str:
    with opener.open(url + "/_stcore/health", timeout=10) as resp:
        return resp.headers.get("X-Upstream", "")


def test_a_browser_sticks_to_one_process_and_fresh_ones_spread(deployment):
    url = deployment["url"]
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    first = _upstream(browser, url)
    assert first and all(_upstream(browser, url) == first for _ in range(10))  # the cookie holds it
    fresh = {_upstream(urllib.request.build_opener(), url) for _ in range(30)}
    assert len(fresh) == 2, fresh  # new browsers are spread over both processes


def _landed(session: dict) -> str:
    """The process that served a session: nginx's ``$upstream_addr`` lists every one it tried, in order
    ("dead, survivor" when the first refused the connection)."""
    return (session.get("upstream") or "").split(",")[-1].strip()


def _epoch(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso).timestamp()


SAVE_PREFIX = "kill"


def test_a_process_killed_mid_run(deployment, artifacts_dir):
    url, ports, procs = deployment["url"], deployment["ports"], deployment["procs"]
    out = artifacts_dir / "deploy-wsload.json"
    load = subprocess.Popen([sys.executable, str(ROOT / "bench" / "wsload.py"), "--url", url, "--sessions", "40",
                             "--seconds", "60", "--ramp", "10", "--reconnect", "--warmup", "0", "--out", str(out),
                             # a rerun waits in the queue for up to 90 s before it counts as lost: this is about
                             # the kill, not latency, and a shared CI machine can be slow
                             "--timeout", "90",
                             "--save-scenarios", SAVE_PREFIX, "--savers", "10", "--save-every", "2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert load.stdout is not None
    lines = []
    for line in load.stdout:  # the generator says when all 40 sessions have their first page
        lines.append(line)
        if line.startswith("window open"):
            break
    assert lines and lines[-1].startswith("window open"), "".join(lines)
    time.sleep(30)  # half the window (however long the first pages took on a busy machine)
    victim, survivor = ports
    killed_at = time.time()
    procs[victim].send_signal(signal.SIGKILL)
    procs[victim].wait(timeout=10)
    rest, _ = load.communicate(timeout=420)  # the generator's own hard stop comes first
    text = "".join(lines) + rest
    (artifacts_dir / "deploy-wsload.txt").write_text(text, encoding="utf-8")
    result = json.loads(out.read_text(encoding="utf-8"))
    sessions = result["per_session"]
    victim_addr, survivor_addr = f"127.0.0.1:{victim}", f"127.0.0.1:{survivor}"
    assert result["reruns"] > 100, text
    before = [s for s in sessions if s["attempt"] == 0]
    assert {_landed(s) for s in before} == {victim_addr, survivor_addr}  # the load was spread
    errors = [(s, e) for s in sessions for e in s["errors"]]
    assert errors, "killing a process must cost its open sessions their websocket"
    wall0 = _epoch(errors[0][1]["wall"]) - errors[0][1]["t_s"]  # the generator's clock in wall time
    for s, e in errors:  # only sessions the killed process served, and only from the kill on
        assert _landed(s) == victim_addr, (s["upstream"], e)
        assert _epoch(e["wall"]) >= killed_at - 1, e
    victims = {s["slot"] for s, _ in errors}
    alive = [s for s in before if _landed(s) == victim_addr and s["slot"] not in victims]
    assert not alive, "every session the killed process served noticed"  # (none hid a dead socket)
    after = [s for s in sessions if wall0 + s["started_s"] > killed_at + 0.2]  # incl. the replacements
    assert after and all(_landed(s) == survivor_addr for s in after), [s["upstream"] for s in after]
    # the replacements reached the survivor and got pages there (one started near the window's end may not
    # have had time to move a slider: not every one must have rerun)
    assert all(s["connected_s"] is not None for s in after)
    assert any(s["first_page_ms"] is not None for s in after)
    saves = _check_saves(result, deployment["db"], killed_at, victim_addr, survivor_addr)
    (artifacts_dir / "deploy-summary.json").write_text(json.dumps({
        "killed": victim_addr, "sessions": len(sessions), "errors": len(errors),
        "sessions_with_errors": len(victims), "started_after_kill": len(after),
        "reruns": result["reruns"], "rerun_ms": result["rerun_ms"], "saves": saves}, indent=1), encoding="utf-8")


def _check_saves(result: dict, db: str, killed_at: float, victim: str, survivor: str) -> dict:
    """No saved scenario lost or duplicated: the shared store against what the sessions attempted and
    what the page confirmed to them."""
    report = result["saves"]
    attempted, confirmed = report["attempted"], set(report["confirmed"])
    assert report["refused"] == [] and report["no_message"] == [], report  # every answered save succeeded
    assert len(set(attempted)) == len(attempted)  # the generator never reuses a name
    where = {e["name"]: (_landed(s), _epoch(e["wall"])) for s in result["per_session"] for e in s["saves"]}
    assert {where[n][0] for n in attempted if where[n][1] < killed_at} == {victim, survivor}  # both saved
    assert any(where[n][0] == survivor and where[n][1] > killed_at for n in confirmed)  # and the survivor still does
    listed = ScenarioStore(db).list(include_deleted=True)
    assert listed.skipped == []
    stored = Counter(sc.name for sc in listed)
    assert all(n.startswith(f"{SAVE_PREFIX}-") for n in stored), stored
    assert [n for n, k in stored.items() if k > 1] == []  # no name twice
    assert [n for n in confirmed if stored[n] != 1] == []  # every confirmed save is there, once
    assert set(stored) <= set(attempted)  # nothing that was not attempted
    unanswered = [n for n in attempted if n not in confirmed]
    assert all(where[n][0] == victim for n in unanswered), [(n, where[n]) for n in unanswered]
    return {"attempted": len(attempted), "confirmed": len(confirmed), "stored": sum(stored.values()),
            "unconfirmed_stored": sorted(n for n in unanswered if n in stored),
            "unconfirmed_not_stored": sorted(n for n in unanswered if n not in stored),
            "save_ms": report["save_ms"]}
