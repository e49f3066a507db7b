"""``bench/wsload.py`` against a real server: 2 websocket sessions × 3 reruns (issue 16, point 7).

The generator speaks Streamlit's own protocol (``BackMsg.rerun_script`` → ``ForwardMsg``s until
``script_finished``), finds the Ekonomi weight slider in the deltas and moves it. The test checks that
every rerun was timed and that the server really applied the value sent: the app mirrors its weights
into the address bar, so the last ``page_info_changed`` query string must hold the last value.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qs

import pytest

from tests.e2e.conftest import REPO_ROOT, _free_port, _wait_healthy


def _wsload() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wsload", REPO_ROOT / "bench" / "wsload.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["wsload"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


wsload = _wsload()


@pytest.fixture
def demo_server(tmp_path: Path):
    port = _free_port()
    base_url = f"http://localhost:{port}"
    log_path = tmp_path / "streamlit.log"
    env = {**os.environ, "OMRADESINDEX_BUILTIN": "demo", "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboard.py"), "--server.port", str(port),
             "--server.address", "localhost", "--server.headless", "true", "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false"],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(base_url, proc, log_path)
            yield base_url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def test_two_sessions_three_reruns_each(demo_server, tmp_path: Path) -> None:
    base_url, proc = demo_server
    out = tmp_path / "wsload.json"
    rc = wsload.main(["--url", base_url, "--sessions", "2", "--reruns", "3", "--seconds", "60", "--ramp", "0",
                      "--think-ms", "0", "--warmup", "0", "--timeout", "60", "--pid", str(proc.pid),
                      "--out", str(out)])
    res = json.loads(out.read_text(encoding="utf-8"))
    assert rc == 0, res["errors_by_kind"]
    assert res["errors"] == 0
    assert (res["sessions_started"], res["sessions_completed"], res["reruns"]) == (2, 2, 6)
    assert res["rerun_ms"]["p50"] > 0 and res["rerun_ms"]["max"] >= res["rerun_ms"]["p95"] > 0
    for session in res["per_session"]:
        assert session["end"] == "reruns" and session["reruns"] == 3
        assert len(session["latencies"]) == 3 and all(ms > 0 for _, ms in session["latencies"])
        assert session["first_page_ms"] > 0
        assert session["slider_id"].endswith("-v_w_malmo-2023_ekonomi")
        assert session["headers"].get("Sec-WebSocket-Protocol") == "streamlit"
        # the server applied the weight we sent last: the app mirrors it into the address bar
        weights = dict(pair.split(":") for pair in parse_qs(session["last_query"])["v"][0].split(","))
        assert float(weights["ekonomi"]) == session["last_sent"]
        assert {k: float(v) for k, v in weights.items() if k != "ekonomi"} == {
            "delaktighet": 1.0, "utbildning": 1.0, "boende": 1.0}
    assert res["server"]["processes"][str(proc.pid)]["rss_end_of_window_mb"] > 0


def test_refuses_hosts_that_are_not_loopback() -> None:
    wsload.require_loopback("http://127.0.0.1:8501/")
    wsload.require_loopback("http://localhost:8501/")
    with pytest.raises(SystemExit, match="only talks to loopback"):
        wsload.require_loopback("http://10.1.2.3:8501/")
    assert wsload.normalise_url("ws://127.0.0.1:8080/app/_stcore/stream") == "http://127.0.0.1:8080/app/"
    assert wsload.Options(http_url="http://127.0.0.1:8080/app/").ws_url == "ws://127.0.0.1:8080/app/_stcore/stream"
