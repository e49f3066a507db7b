"""``streamlit run dashboard.py`` as the README starts it (no ``--server.address``) listens on loopback only
(issue 17): reachable on 127.0.0.1, refused on the machine's own network address.

No browser: a plain TCP connection and the health endpoint. Skipped on a machine without a
non-loopback address (the configuration itself is checked in ``tests/ui/test_exposure.py``).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
import urllib.request

import pytest

from geo.paths import ROOT
from tests.e2e.conftest import _free_port, _wait_healthy
from tests.processes import stop

pytestmark = pytest.mark.e2e


def _network_address() -> str | None:
    """One address of this machine that is not loopback (the one a route to a documentation
    network would leave from; a UDP ``connect`` sends nothing), else one its host name resolves to."""
    candidates = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            candidates.append(s.getsockname()[0])
    except OSError:
        pass
    try:
        candidates += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    for address in candidates:
        ip = ipaddress.ip_address(address)
        if not (ip.is_loopback or ip.is_unspecified):
            return address
    return None


def _connects(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


def test_the_readme_command_listens_on_loopback_only(artifacts_dir):
    outside = _network_address()
    if outside is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    port = _free_port()
    log_path = artifacts_dir / "streamlit-listening.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("STREAMLIT_SERVER_ADDRESS", None)
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(  # the README's command; the repository's .streamlit/config.toml applies (cwd)
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(f"http://127.0.0.1:{port}", proc, log_path)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as resp:
                assert resp.status == 200
            assert _connects("127.0.0.1", port)
            assert not _connects(outside, port), f"reachable on {outside}:{port}"
        finally:
            stop(proc)
