"""``bench/wsload.py`` against a real server: 2 websocket sessions × 3 reruns (issue 16, point 7).

The generator speaks Streamlit's own protocol (``BackMsg.rerun_script`` → ``ForwardMsg``s until
``script_finished``), finds the Ekonomi weight slider in the deltas and moves it. The test checks that
every rerun was timed and that the server really applied the value sent: the app mirrors its weights
into the address bar, so the last ``page_info_changed`` query string must hold the last value.

Saving (issue 16, point 4): sessions on Scenarier type a name and click "Spara scenario" in one
``rerun_script``; what the page confirmed must be in the store, and a name already taken must come back
as refused (the page's error box), not as saved.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qs

import pytest

from tests.e2e.conftest import REPO_ROOT, _free_port, _wait_healthy
from tests.processes import stop


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
    """The app on the demo, its scenarios in ``tmp_path/scenarios.sqlite``; yields (URL, process)."""
    port = _free_port()
    base_url = f"http://localhost:{port}"
    log_path = tmp_path / "streamlit.log"
    env = {**os.environ, "OMRADESINDEX_BUILTIN": "demo", "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
           "OMRADESINDEX_SCENARIO_DB": str(tmp_path / "scenarios.sqlite"),
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
            stop(proc)


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


def test_sessions_save_scenarios_and_a_taken_name_is_refused(demo_server, tmp_path: Path) -> None:
    from geo.output.store import ScenarioStore

    base_url, _ = demo_server
    args = ["--url", base_url, "--sessions", "2", "--reruns", "2", "--seconds", "60", "--ramp", "0", "--think-ms", "0",
            "--warmup", "0", "--timeout", "60", "--save-scenarios", "t", "--save-every", "2"]
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    rc = wsload.main([*args, "--out", str(first)])
    res = json.loads(first.read_text(encoding="utf-8"))
    assert rc == 0, res["errors_by_kind"]
    saves = res["saves"]  # each session: move, save, move
    assert saves["attempted"] == saves["confirmed"] == ["t-s0a0-1", "t-s1a0-1"]
    assert saves["refused"] == saves["unanswered"] == saves["no_message"] == []
    assert res["reruns"] == 4 and saves["save_ms"]["p50"] > 0
    for session in res["per_session"]:
        assert session["page"] == "/scenarier"
        assert session["saves"][0]["message"] == f"Scenariot ”{session['saves'][0]['name']}” är sparat."
    stored = ScenarioStore(tmp_path / "scenarios.sqlite").list(include_deleted=True)
    assert Counter(sc.name for sc in stored) == {"t-s0a0-1": 1, "t-s1a0-1": 1}
    # saved with the session's own weights: its first move took Ekonomi off the default 1
    assert all(dict(sc.settings.weights)["ekonomi"] != 1.0 for sc in stored)

    rc = wsload.main([*args, "--sessions", "1", "--out", str(second)])  # the same names again
    res = json.loads(second.read_text(encoding="utf-8"))
    assert rc == 1
    assert res["saves"]["refused"] == ["t-s0a0-1"] and res["saves"]["confirmed"] == []
    assert res["errors_by_kind"] == {"save_refused": 1}
    assert "t-s0a0-1" in res["per_session"][0]["saves"][0]["message"]
    assert Counter(sc.name for sc in ScenarioStore(tmp_path / "scenarios.sqlite").list(include_deleted=True)) == {
        "t-s0a0-1": 1, "t-s1a0-1": 1}


def test_a_save_is_one_rerun_with_the_name_typed_and_the_button_clicked() -> None:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    opts = wsload.Options(http_url="http://127.0.0.1:8501/", save_prefix="p")
    state = wsload.PageState(query="", page_name="scenarier", page_hash="abc")
    raw = wsload.rerun_message(state, opts, {"$$ID-1-v_w_d_ekonomi": 2.5}, texts={"$$ID-2-sc_name": "p-s0a0-1"},
                               triggers=("$$ID-3-sc_save",))
    msg = BackMsg()
    msg.ParseFromString(raw)
    widgets = {w.id: w for w in msg.rerun_script.widget_states.widgets}
    assert list(widgets["$$ID-1-v_w_d_ekonomi"].double_array_value.data) == [2.5]
    assert widgets["$$ID-2-sc_name"].string_value == "p-s0a0-1"
    assert widgets["$$ID-3-sc_save"].WhichOneof("value") == "trigger_value"
    assert widgets["$$ID-3-sc_save"].trigger_value is True
    # the page's boxes: success naming it (Markdown-escaped), or an error
    ok = wsload.RunResult(0, 0, [], alerts=[("INFO", "p-s0a0-1"), ("SUCCESS", "Scenariot ”p\\-s0a0\u2060-1” är sparat.")])
    assert wsload.save_outcome("p-s0a0-1", ok)[0] == "confirmed"
    taken = wsload.RunResult(0, 0, [], alerts=[("ERROR", "det finns redan ett scenario som heter 'p-s0a0-1'")])
    assert wsload.save_outcome("p-s0a0-1", taken) == ("refused", taken.alerts[0][1])
    assert wsload.save_outcome("p-s0a0-1", wsload.RunResult(0, 0, []))[0] == "no_message"
    # which sessions save: --savers of --sessions, spread evenly
    spread = wsload.Options(http_url="http://x/", sessions=40, save_prefix="p", savers=10)
    assert [n for n in range(40) if spread.saves(n)] == list(range(0, 40, 4))
    assert spread.page_of(4) == "/scenarier" and spread.page_of(5) == "/"
    assert not wsload.Options(http_url="http://x/").saves(0)


def test_a_page_not_found_that_navigation_made_good_is_no_miss() -> None:
    run = wsload.RunResult(0, 0, [], page_not_found=True, landed=("scenarier", False))
    assert not run.missed("scenarier") and run.missed("metod")
    assert not wsload.RunResult(0, 0, [], page_not_found=True, landed=("start", True)).missed("")
    assert wsload.RunResult(0, 0, [], page_not_found=True).missed("scenarier")
    assert not wsload.RunResult(0, 0, []).missed("scenarier")


def test_refuses_hosts_that_are_not_loopback() -> None:
    wsload.require_loopback("http://127.0.0.1:8501/")
    wsload.require_loopback("http://localhost:8501/")
    with pytest.raises(SystemExit, match="only talks to loopback"):
        wsload.require_loopback("http://10.1.2.3:8501/")
    assert wsload.normalise_url("ws://127.0.0.1:8080/app/_stcore/stream") == "http://127.0.0.1:8080/app/"
    assert wsload.Options(http_url="http://127.0.0.1:8080/app/").ws_url == "ws://127.0.0.1:8080/app/_stcore/stream"
