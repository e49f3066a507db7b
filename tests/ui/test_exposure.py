"""What a visitor must not get (issue 17): tracebacks, server paths, a server open to the network.

* ``.streamlit/config.toml`` hides error details (``client.showErrorDetails = "none"``): an unexpected
  exception shows Streamlit's generic notice, while the traceback still reaches the server's log.
* It binds to loopback (``server.address``); the deployment's unit sets its address explicitly
  (the listening itself: ``tests/e2e/test_listening_e2e.py``).
* Metod names the definition's file, not its folder on the server.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import shlex
import shutil
import tomllib
from collections.abc import Iterator

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from geo.paths import ROOT, demo_paths
from tests.ui.apphelpers import app, elements, ok, shown

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
UNIT = (ROOT / "deploy" / "omradesindex@.service").read_text(encoding="utf-8")
SECRET = "/srv/omradesindex/data/hemlig-tabell.csv"


@pytest.fixture
def repo_error_details() -> Iterator[None]:
    """``client.showErrorDetails`` as the repository's config file sets it (whatever this process read)."""
    before = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", CONFIG["client"]["showErrorDetails"])
    yield
    config.set_option("client.showErrorDetails", before)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_an_unexpected_error_shows_no_traceback_message_or_path(repo_error_details):
    log = _Records()
    logger = logging.getLogger("streamlit.error_util")
    logger.addHandler(log)
    try:
        at = AppTest.from_string(f"raise RuntimeError({SECRET!r})").run()
    finally:
        logger.removeHandler(log)
    (error,) = at.exception
    assert error.stack_trace == []
    assert SECRET not in error.message and "RuntimeError" not in error.message
    assert SECRET not in str(error.proto) and "File " not in str(error.proto)
    # The server's log has all of it.
    (record,) = [r for r in log.records if r.exc_info]
    assert record.exc_info is not None and SECRET in str(record.exc_info[1])


def test_the_server_binds_to_loopback_unless_told_otherwise():
    assert ipaddress.ip_address(CONFIG["server"]["address"]).is_loopback


def _exec_start(unit: str) -> list[str]:
    line = re.search(r"^ExecStart=(.*?)(?<!\\)$", unit, re.MULTILINE | re.DOTALL)
    assert line is not None
    return shlex.split(line.group(1).replace("\\\n", " "))


def test_the_deployment_sets_its_address_and_hides_error_details_itself():
    """The unit does not depend on which config file Streamlit happens to read."""
    args = _exec_start(UNIT)
    assert ipaddress.ip_address(args[args.index("--server.address") + 1]).is_loopback  # nginx on this machine
    assert args[args.index("--client.showErrorDetails") + 1] == "none"


def _page_text(at: AppTest) -> str:
    return shown("\n".join(str(e.proto) for e in elements(at) if hasattr(e, "proto")))


def test_method_names_the_definition_file_not_its_folder(monkeypatch, tmp_path):
    folder = tmp_path / "stadens-data"
    folder.mkdir()
    shutil.copy(demo_paths().areas, folder / "omraden.gpkg")
    shutil.copy(demo_paths().indicators, folder / "indikatorer.csv")
    monkeypatch.setenv("OMRADESINDEX_DATA_DIR", str(folder))
    at = app("metod", data=None)
    ok(at)
    text = _page_text(at)
    assert ".toml" in text  # the file is named …
    assert str(tmp_path) not in text and str(ROOT) not in text  # … without the server's folders
    assert not re.search(r"(?<![\w./:])/(?:srv|home|tmp|work|root|usr)/", text), text
