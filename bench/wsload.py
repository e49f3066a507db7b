"""Load generator for the server: N sessions speaking Streamlit's websocket protocol, no browser.

Run from the repository root::

    python bench/wsload.py --data demo --sessions 20 --seconds 45     # starts its own server
    python bench/wsload.py --url http://127.0.0.1:8501 --sessions 5 --seconds 20 --pid 12345
    python bench/wsload.py --url http://127.0.0.1:8080 --sessions 40 --seconds 60 --reconnect
    python bench/wsload.py --url http://127.0.0.1:8080 --sessions 40 --save-scenarios kill1 --savers 10

``bench/load.py`` drives a headless Chromium per session on the same machine, so its figures are
mostly the browser's. This generator is what a browser tab does to the server and nothing else: each
session opens ``ws://HOST:PORT[/base]/_stcore/stream`` (subprotocol ``streamlit``, an ``Origin`` like
a browser's; no XSRF token or session id, so the server makes a new session), sends a ``BackMsg``
``rerun_script`` (a ``ClientState`` with the query string, the page's URL path as ``page_name`` and the
``ContextInfo`` a browser sends), and reads ``ForwardMsg``s (``new_session``, ``navigation``,
``page_info_changed``, ``delta``s …) until ``script_finished`` = ``FINISHED_SUCCESSFULLY`` of a run
that began after the request. In the deltas it finds the weight slider: a ``slider`` element whose
widget id ends in its key ``v_w_<definition>_<dimension>`` (``--slider``, default ``ekonomi``; the
first ``v_w_`` slider otherwise). Then, until the window ends, it sends ``rerun_script`` again with the
page's script hash, the query string the server last set, and ``WidgetStates`` holding every weight
slider's value (``double_array_value``) with a new random value, in the slider's range and step, for
that slider, and times send → ``script_finished``: the server rerun as a client sees it. Between
reruns a session "thinks" ``--think-ms`` × a uniform factor 0.5–1.5, and its first rerun in the window
comes after ``--think-ms`` × a uniform 0–1 (so the sessions do not move in step).

**Saving scenarios** (``--save-scenarios PREFIX``): ``--savers`` of the sessions (spread over the
slots; default all) open ``--save-page`` (``/scenarier``, which has the weight sliders too) and make
every ``--save-every``-th action (default 3) a save instead of a slider move: in one ``rerun_script``
the save form's text input (key ``sc_name``, found in the deltas like the sliders) gets the name
``PREFIX-s<slot>a<attempt>-<n>`` as its ``string_value`` and the button (key ``sc_save``) a
``trigger_value`` (a click, sent once, as the browser does). Each save is recorded as attempted before
it is sent, then as ``confirmed`` (a success box naming it), ``refused`` (an error box: the errors
``save_refused``), ``no_message`` (``save_no_message``) or, when the websocket closes first,
``unanswered`` (the server may have stored it or not); the report's ``saves`` lists the names per
outcome. Save reruns are timed apart (``save_ms``), not among the slider reruns.

A browser also sends the states of the page's other widgets and the hashes of the messages it has
cached; this client sends only the weight sliders (Streamlit keeps the other widgets' last values) and
no cache hashes (so the server sends every message in full, as to a new tab).

The measured window (``--seconds``) opens when every session has its first page (sessions start over
``--ramp`` seconds), so all N sessions work at once for the whole window; first-page times are
reported apart. Each session ends at the window's end, after ``--reruns`` reruns, or at an error:
``connect_refused``, ``handshake`` (an HTTP answer instead of a websocket, e.g. a proxy's 502),
``closed`` (the server closed the websocket mid-run: a killed process), ``timeout`` (no answer within
``--timeout`` s: the session is closed), ``no_slider``, ``compile_error``; ``script_exception`` (an
exception element in the page) is counted without ending the session. With ``--reconnect`` a session
that ended with an error is replaced by a new one (a new server session) until the window ends. Each
session's record holds its handshake's response headers (a proxy's ``X-Upstream``, ``--upstream-header``,
is also copied to ``upstream``) and each error's time, relative to the start and as wall-clock time.

Without ``--url`` it starts ``streamlit run dashboard.py`` itself on a free loopback port
(headless, ``fileWatcherType none``; ``--data demo`` sets ``OMRADESINDEX_BUILTIN=demo``, ``--data open``
is the app's default, the open data). The server's CPU (% of one core) and RSS (the process and its
children; psutil if installed, else ``/proc``) are sampled every second: ``--pid`` names the processes
to watch, else the one listening on the port is found in ``/proc`` (our own user's). Memory per
session = (RSS at the window's end with the sessions still open − RSS after a warm-up session) / N.

Loopback only (refuses a host that resolves to anything else), at most 400 sessions and 3600 s, and
stops by itself (a hard timeout on top of the window). Prints a summary and writes
``bench/results/wsload-<timestamp>.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime as dt
import ipaddress
import itertools
import json
import math
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.typing import Origin, Subprotocol

ROOT = Path(__file__).resolve().parents[1]
MAX_SESSIONS = 400
MAX_SECONDS = 3600.0
WEIGHT_PREFIX = "v_w_"
STREAM_PATH = "_stcore/stream"
#: The Scenarier page's save form: the name's text input and the save button (ui/scenarios.py).
SAVE_NAME_KEY, SAVE_BUTTON_KEY = "sc_name", "sc_save"
FINISHED = ForwardMsg.ScriptFinishedStatus
#: What a browser in Malmö tells the server about itself (``ClientState.context_info``).
TIMEZONE, TZ_OFFSET_MIN, LOCALE = "Europe/Stockholm", -60, "sv-SE"


# ----------------------------------------------------------------- options and the target


@dataclasses.dataclass
class Options:
    http_url: str  # http://host:port[/base]/ (ends with "/")
    sessions: int = 5
    seconds: float = 45.0
    ramp: float = 5.0
    think_ms: float = 1000.0
    page: str = "/"  # URL path below the base, may carry "?query"
    reruns: int | None = None  # per session; None: until the window ends
    reconnect: bool = False
    timeout: float = 30.0
    slider: str = "ekonomi"
    seed: int = 1
    upstream_header: str = "X-Upstream"
    origin: bool = True
    save_prefix: str | None = None  # sessions that save scenarios name them <prefix>-s<slot>a<attempt>-<n>
    savers: int | None = None  # how many slots save (spread evenly); None: all, with save_prefix
    save_every: int = 3  # a saving session's every n-th action is a save, the others move a slider
    save_page: str = "/scenarier"  # where saving sessions work (it has the weight sliders too)

    def saves(self, slot: int) -> bool:
        """Whether slot ``slot`` saves scenarios (``savers`` of ``sessions`` slots, spread evenly)."""
        if not self.save_prefix:
            return False
        k = self.sessions if self.savers is None else self.savers
        return (slot * k) % self.sessions < k

    def page_of(self, slot: int) -> str:
        return self.save_page if self.saves(slot) else self.page

    @property
    def ws_url(self) -> str:
        parts = urlsplit(self.http_url)
        return urlunsplit(("wss" if parts.scheme == "https" else "ws", parts.netloc,
                           parts.path + STREAM_PATH, "", ""))



def page_name(page: str) -> str:
    """The page's URL path as the browser sends it on the first run (``""`` for the start page)."""
    return page.split("?", 1)[0].strip("/")


def page_query(page: str) -> str:
    return page.split("?", 1)[1] if "?" in page else ""


def normalise_url(url: str) -> str:
    """``http://host:port[/base]`` with a trailing slash; ``ws://`` is accepted and turned into ``http://``."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    if scheme not in ("http", "https") or not parts.hostname:
        raise SystemExit(f"not an http(s) or ws(s) URL: {url}")
    path = parts.path.removesuffix(STREAM_PATH)
    return urlunsplit((scheme, parts.netloc, path.rstrip("/") + "/", "", ""))


def require_loopback(url: str) -> None:
    """Refuse any host that is not (or does not resolve only to) a loopback address."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError as exc:
        raise SystemExit(f"cannot resolve {host!r}: {exc}") from None
    addrs = {ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos}
    if not addrs or not all(a.is_loopback for a in addrs):
        raise SystemExit(f"refusing {host!r}: this load generator only talks to loopback addresses "
                         f"(it resolves to {', '.join(sorted(map(str, addrs)))})")


# ----------------------------------------------------------------- one session


class Clock:
    """The run's time base and its measured window (opens when every first session has its page)."""

    def __init__(self, slots: int, seconds: float, *, announce: bool = False):
        self.t0 = time.monotonic()
        self.wall0 = time.time()
        self.pending, self.seconds, self.announce = slots, seconds, announce
        self.opened = asyncio.Event()
        self.start = self.deadline = math.inf

    def now(self) -> float:
        return time.monotonic() - self.t0

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def arrived(self) -> None:
        self.pending -= 1
        if self.pending == 0 and not self.opened.is_set():
            self.start = time.monotonic()
            self.deadline = self.start + self.seconds
            self.opened.set()
            if self.announce:  # for a caller timing something against the window (the two-server test)
                print(f"window open: {self.start - self.t0:.1f} s after the start, {self.seconds:g} s from now",
                      flush=True)


@dataclasses.dataclass
class SessionRecord:
    slot: int
    attempt: int  # 0: the slot's first session; +1 per reconnect
    started_s: float  # since the run's start
    connected_s: float | None = None
    first_page_ms: float | None = None
    reruns: int = 0
    #: (seconds since the window opened at the send, send → script_finished in ms)
    latencies: list[tuple[float, float]] = dataclasses.field(default_factory=list)
    bytes_per_rerun: list[int] = dataclasses.field(default_factory=list)
    errors: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    #: each attempted save: name, when (t_s, wall), send → script_finished ms, outcome, the message shown
    saves: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    page: str = "/"
    #: the first page said "not found" and then drew the page asked for (see :meth:`RunResult.missed`)
    page_not_found_then_found: bool = False
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    upstream: str | None = None
    slider_id: str | None = None
    last_sent: float | None = None
    last_query: str = ""
    ended_s: float | None = None
    end: str = ""
    completed: bool = False

    def error(self, clock: Clock, kind: str, detail: str = "") -> None:
        t = clock.now()
        self.errors.append({"kind": kind, "t_s": round(t, 3),
                            "wall": dt.datetime.fromtimestamp(clock.wall0 + t).isoformat(timespec="milliseconds"),
                            "detail": detail[:300]})


@dataclasses.dataclass
class Slider:
    id: str
    min: float
    max: float
    step: float
    value: float


@dataclasses.dataclass
class PageState:
    """What the browser tab would know: the page's script hash, the query string, the weight sliders."""

    query: str
    page_name: str
    page_hash: str = ""
    sliders: dict[str, Slider] = dataclasses.field(default_factory=dict)
    #: other widgets by key (the save form's text input and button): their widget ids
    widgets: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class RunResult:
    status: int
    bytes: int
    exceptions: list[str]
    page_not_found: bool = False
    #: the alert boxes drawn (st.success, st.error …): (format name, body)
    alerts: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    #: the page the last ``navigation`` message chose: (its URL path, whether it is the default page)
    landed: tuple[str, bool] | None = None

    def missed(self, page_name: str) -> bool:
        """Whether the run did not end on the page asked for: a ``page_not_found`` that no later
        ``navigation`` to that page made good. (A fresh process's first runs start in Streamlit's
        ``pages/``-folder mode, which knows no Swedish paths: it says "not found", runs the entry
        point, whose ``st.navigation`` then finds the page.)"""
        if not self.page_not_found:
            return False
        if self.landed is None:
            return True
        path, default = self.landed
        return not (path == page_name or (page_name == "" and default))


class StartTimeout(Exception):
    """No first page (or no connection) within ``--timeout``."""


def rerun_message(state: PageState, opts: Options, widgets: dict[str, float], *,
                  texts: dict[str, str] | None = None, triggers: tuple[str, ...] = ()) -> bytes:
    """``rerun_script`` with the weight sliders' values (``double_array_value``), text inputs'
    (``string_value``) and buttons clicked (``trigger_value``, as the browser sends a click: once)."""
    msg = BackMsg()
    cs = msg.rerun_script
    cs.query_string = state.query
    if state.page_hash:
        cs.page_script_hash = state.page_hash
    else:
        cs.page_name = state.page_name
    for wid, value in widgets.items():
        w = cs.widget_states.widgets.add()
        w.id = wid
        w.double_array_value.data[:] = [value]
    for wid, text in (texts or {}).items():
        w = cs.widget_states.widgets.add()
        w.id, w.string_value = wid, text
    for wid in triggers:
        w = cs.widget_states.widgets.add()
        w.id, w.trigger_value = wid, True
    ci = cs.context_info
    ci.timezone, ci.timezone_offset, ci.locale = TIMEZONE, TZ_OFFSET_MIN, LOCALE
    ci.url = opts.http_url + state.page_name + ("?" + state.query if state.query else "")
    ci.is_embedded, ci.color_scheme = False, "light"
    return msg.SerializeToString()


def _slider_of(element: Any, known: dict[str, Slider]) -> tuple[str, Slider] | None:
    """A weight slider (its key and state) from a ``slider`` element, or None for other sliders.

    Like the browser's widget state manager: the value the server sets (``set_value``) wins, then the
    value this client already holds for the widget, then the element's default."""
    s = element.slider
    marker = f"-{WEIGHT_PREFIX}"
    if marker not in s.id:
        return None
    key = WEIGHT_PREFIX + s.id.split(marker, 1)[1]
    if s.set_value and s.value:
        value = float(s.value[0])
    elif key in known and known[key].id == s.id:
        value = known[key].value
    else:
        value = float(s.default[0]) if s.default else s.min
    return key, Slider(s.id, s.min, s.max, s.step or 1.0, value)


async def read_run(ws: ClientConnection, state: PageState, deadline: float) -> RunResult:
    """Read ForwardMsgs until a run that began after our request finishes (``script_finished``).

    Updates ``state`` from what the server sends (page hash, query string, weight sliders by key)."""
    began = False
    size = 0
    exceptions: list[str] = []
    page_not_found = False
    alerts: list[tuple[str, str]] = []
    landed: tuple[str, bool] | None = None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no script_finished")
        raw = await asyncio.wait_for(ws.recv(), timeout=left)
        data = raw.encode() if isinstance(raw, str) else raw
        size += len(data)
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            began = True
            if not state.page_hash:
                state.page_hash = msg.new_session.page_script_hash
        elif kind == "navigation":
            state.page_hash = msg.navigation.page_script_hash or state.page_hash
            landed = next(((p.url_pathname, p.is_default) for p in msg.navigation.app_pages
                           if p.page_script_hash == msg.navigation.page_script_hash), None)
        elif kind == "page_info_changed":
            state.query = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            page_not_found = True
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            what = element.WhichOneof("type")
            if what == "slider":
                found = _slider_of(element, state.sliders)
                if found:
                    state.sliders[found[0]] = found[1]
            elif what == "exception":
                exceptions.append(f"{element.exception.type}: {element.exception.message}")
            elif what == "alert":
                alerts.append((Alert.Format.Name(element.alert.format), element.alert.body))
            elif what in ("text_input", "button"):
                wid = getattr(element, what).id
                for key in (SAVE_NAME_KEY, SAVE_BUTTON_KEY):
                    if wid.endswith("-" + key):
                        state.widgets[key] = wid
        elif kind == "script_finished" and began:
            status = msg.script_finished
            if status in (FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_WITH_COMPILE_ERROR):
                return RunResult(status, size, exceptions, page_not_found, alerts, landed)
            # FINISHED_EARLY_FOR_RERUN (the app's st.rerun) or a fragment: the next run is ours too


def save_outcome(name: str, run: RunResult) -> tuple[str, str]:
    """(``confirmed`` | ``refused`` | ``no_message``, the message): the page confirms a save with a
    success box naming the scenario (Markdown-escaped: backslashes and word joiners are dropped to
    compare) and shows a refused one (name taken, store unreachable) in an error box."""
    for fmt, body in run.alerts:
        plain = body.replace("\\", "").replace("\u2060", "")
        if fmt == "SUCCESS" and name in plain:
            return "confirmed", body
    errors = [body for fmt, body in run.alerts if fmt == "ERROR"]
    return ("refused", errors[0]) if errors else ("no_message", "")


async def save_scenario(ws: ClientConnection, rec: SessionRecord, state: PageState, opts: Options,
                        clock: Clock) -> None:
    """Type a new name into the save form and click "Spara scenario", in one ``rerun_script`` (the text
    input's ``string_value`` and the button's ``trigger_value``), as a browser does on a click after
    typing; record the save as attempted before sending and its outcome after ``script_finished``."""
    name = f"{opts.save_prefix}-s{rec.slot}a{rec.attempt}-{len(rec.saves) + 1}"
    t = clock.now()
    entry: dict[str, Any] = {"name": name, "t_s": round(t, 3), "ms": None, "outcome": "unanswered", "message": "",
                             "wall": dt.datetime.fromtimestamp(clock.wall0 + t).isoformat(timespec="milliseconds")}
    rec.saves.append(entry)  # attempted: from here on the server may have it, whatever happens to us
    widgets = {s.id: s.value for s in state.sliders.values()}
    t0 = time.perf_counter()
    await ws.send(rerun_message(state, opts, widgets, texts={state.widgets[SAVE_NAME_KEY]: name},
                                triggers=(state.widgets[SAVE_BUTTON_KEY],)))
    run = await read_run(ws, state, time.monotonic() + opts.timeout)
    entry["ms"] = round((time.perf_counter() - t0) * 1e3, 2)
    entry["outcome"], entry["message"] = save_outcome(name, run)
    entry["message"] = entry["message"][:300]
    for e in run.exceptions:
        rec.error(clock, "script_exception", e)
    if entry["outcome"] != "confirmed":
        rec.error(clock, f"save_{entry['outcome']}", f"{name}: {entry['message']}")


def pick_slider(state: PageState, wanted: str) -> str | None:
    keys = sorted(state.sliders)
    for k in keys:
        if k.endswith("_" + wanted):
            return k
    return keys[0] if keys else None


def new_value(s: Slider, rng: random.Random) -> float:
    steps = max(0, round((s.max - s.min) / s.step))
    choices = [round(s.min + i * s.step, 10) for i in range(steps + 1)]
    others = [c for c in choices if abs(c - s.value) > 1e-9] or choices
    return rng.choice(others)


async def one_session(rec: SessionRecord, opts: Options, clock: Clock, rng: random.Random, *,
                      first_of_slot: bool) -> str:
    """One websocket session; returns how it ended (``window``, ``reruns`` or an error kind)."""
    arrived = not first_of_slot

    def arrive() -> None:
        nonlocal arrived
        if not arrived:
            arrived = True
            clock.arrived()

    try:
        try:
            parts = urlsplit(opts.http_url)
            ws = await connect(opts.ws_url, subprotocols=[Subprotocol("streamlit")],
                               origin=Origin(f"{parts.scheme}://{parts.netloc}") if opts.origin else None,
                               proxy=None, max_size=None, ping_interval=None, open_timeout=opts.timeout,
                               close_timeout=2, user_agent_header="omradesindex-wsload")
        except InvalidStatus as exc:
            rec.headers = {k: v for k, v in exc.response.headers.raw_items()}
            rec.upstream = exc.response.headers.get(opts.upstream_header)
            rec.error(clock, "handshake", f"HTTP {exc.response.status_code}")
            return "handshake"
        except ConnectionRefusedError as exc:
            rec.error(clock, "connect_refused", str(exc))
            return "connect_refused"
        except TimeoutError:
            rec.error(clock, "timeout", f"no websocket within {opts.timeout:g} s")
            return "timeout"
        except OSError as exc:  # several addresses (localhost: ::1 and 127.0.0.1) give one OSError
            kind = "connect_refused" if "Connect call failed" in str(exc) else "connect"
            rec.error(clock, kind, f"{type(exc).__name__}: {exc}")
            return kind
        except InvalidHandshake as exc:
            rec.error(clock, "handshake", f"{type(exc).__name__}: {exc}")
            return "handshake"
        rec.connected_s = clock.now()
        rec.headers = {k: v for k, v in ws.response.headers.raw_items()} if ws.response else {}
        rec.upstream = ws.response.headers.get(opts.upstream_header) if ws.response else None
        state = PageState(query=page_query(rec.page), page_name=page_name(rec.page))
        async with ws:
            t = time.perf_counter()
            await ws.send(rerun_message(state, opts, {}))
            run = await read_run(ws, state, time.monotonic() + opts.timeout)
            rec.first_page_ms = (time.perf_counter() - t) * 1e3
            rec.last_query = state.query
            for e in run.exceptions:
                rec.error(clock, "script_exception", e)
            if run.status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                rec.error(clock, "compile_error")
                return "compile_error"
            if run.missed(state.page_name):
                rec.error(clock, "page_not_found", rec.page)
            elif run.page_not_found:
                rec.page_not_found_then_found = True
            key = pick_slider(state, opts.slider)
            if key is None:
                rec.error(clock, "no_slider", f"no {WEIGHT_PREFIX}… slider on {rec.page}")
                return "no_slider"
            rec.slider_id = state.sliders[key].id
            saving = opts.saves(rec.slot)
            if saving and not {SAVE_NAME_KEY, SAVE_BUTTON_KEY} <= state.widgets.keys():
                rec.error(clock, "no_save_form", f"no {SAVE_NAME_KEY}/{SAVE_BUTTON_KEY} widgets on {rec.page}")
                return "no_save_form"
            arrive()
            await clock.opened.wait()
            if first_of_slot:
                # a random phase, so the sessions do not all move their sliders when the window opens
                await asyncio.sleep(opts.think_ms / 1e3 * rng.random())
            actions = 0
            while clock.left() > 0 and (opts.reruns is None or rec.reruns < opts.reruns):
                actions += 1
                if saving and actions % opts.save_every == 0:
                    await save_scenario(ws, rec, state, opts, clock)
                    if opts.think_ms > 0 and clock.left() > 0:
                        await asyncio.sleep(min(opts.think_ms / 1e3 * rng.uniform(0.5, 1.5), max(0.0, clock.left())))
                    continue
                target = state.sliders[key]
                value = new_value(target, rng)
                target.value = value  # what the browser's widget state holds from now on
                widgets = {s.id: s.value for s in state.sliders.values()}
                t_send = time.monotonic()
                t = time.perf_counter()
                await ws.send(rerun_message(state, opts, widgets))
                run = await read_run(ws, state, time.monotonic() + opts.timeout)
                rec.latencies.append((round(t_send - clock.start, 3), round((time.perf_counter() - t) * 1e3, 2)))
                rec.bytes_per_rerun.append(run.bytes)
                rec.reruns += 1
                rec.last_sent, rec.last_query = value, state.query
                if key not in state.sliders:
                    rec.error(clock, "no_slider", "the weight slider is gone after a rerun")
                    return "no_slider"
                for e in run.exceptions:
                    rec.error(clock, "script_exception", e)
                if run.status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    rec.error(clock, "compile_error")
                    return "compile_error"
                if opts.think_ms > 0 and clock.left() > 0:
                    await asyncio.sleep(min(opts.think_ms / 1e3 * rng.uniform(0.5, 1.5), max(0.0, clock.left())))
            rec.completed = True
            return "window" if opts.reruns is None or rec.reruns < opts.reruns else "reruns"
    except ConnectionClosed as exc:
        code = exc.rcvd.code if exc.rcvd else None
        rec.error(clock, "closed", f"code {code}" if code is not None else "no close frame")
        return "closed"
    except TimeoutError:
        rec.error(clock, "timeout", f"no script_finished within {opts.timeout:g} s")
        return "timeout"
    except OSError as exc:
        rec.error(clock, "closed", f"{type(exc).__name__}: {exc}")
        return "closed"
    finally:
        rec.ended_s = clock.now()
        arrive()


async def slot(n: int, opts: Options, clock: Clock, records: list[SessionRecord]) -> None:
    rng = random.Random(opts.seed * 100_003 + n)
    await asyncio.sleep(opts.ramp * n / max(1, opts.sessions))
    attempt, backoff = 0, 0.5
    while True:
        rec = SessionRecord(slot=n, attempt=attempt, started_s=round(clock.now(), 3), page=opts.page_of(n))
        records.append(rec)
        rec.end = await one_session(rec, opts, clock, rng, first_of_slot=attempt == 0)
        if rec.completed or not opts.reconnect:
            return
        await clock.opened.wait()
        # 0.5 s after a session that had connected, doubling (≤ 5 s) while connecting fails
        backoff = 0.5 if rec.connected_s is not None else min(5.0, backoff * 2)
        if clock.left() <= backoff:
            return
        attempt += 1
        await asyncio.sleep(backoff)


async def drive(opts: Options, *, announce: bool = False) -> tuple[list[SessionRecord], Clock]:
    """Run the sessions; returns their records and the clock (window start and end). ``announce``
    prints a line ``window open: …`` (flushed) when the window opens."""
    clock = Clock(opts.sessions, opts.seconds, announce=announce)
    records: list[SessionRecord] = []
    tasks = [asyncio.create_task(slot(n, opts, clock, records)) for n in range(opts.sessions)]
    # A hard stop on top of the window: first pages ≤ timeout after the ramp, the window, one last rerun.
    hard = opts.ramp + 2 * opts.timeout + opts.seconds + 30
    done, pending = await asyncio.wait(tasks, timeout=hard)
    for task in pending:
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if task.exception() is not None:
            raise task.exception()  # type: ignore[misc]
    if pending:
        for rec in records:
            if rec.ended_s is None:
                rec.error(clock, "hard_stop", "still running at the hard stop")
                rec.end = "hard_stop"
    return records, clock


# ----------------------------------------------------------------- the server's processes


def _children(pid: int) -> list[int]:
    out: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError, ValueError):
                out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _tree(pids: list[int]) -> list[int]:
    seen: list[int] = []
    stack = list(pids)
    while stack:
        p = stack.pop()
        if p not in seen:
            seen.append(p)
            stack += _children(p)
    return seen


def tree_stats(pids: list[int]) -> tuple[float, float]:
    """(RSS in MB, CPU seconds user + system) of the processes and their descendants."""
    try:
        import psutil
    except ImportError:
        psutil = None
    rss = cpu = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for p in _tree(pids):
        if psutil is not None:
            with contextlib.suppress(psutil.Error):
                proc = psutil.Process(p)
                rss += proc.memory_info().rss / 1024**2
                times = proc.cpu_times()
                cpu += times.user + times.system
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1]) / 1024
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / tick
    return rss, cpu


def machine_busy_s() -> float:
    with contextlib.suppress(OSError, ValueError):
        vals = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return (sum(vals[:8]) - vals[3] - vals[4]) / os.sysconf("SC_CLK_TCK")
    return 0.0


def listening_pids(port: int) -> list[int]:
    """The processes (of our user) holding a listening TCP socket on ``port``, from ``/proc``."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                f = line.split()
                if len(f) > 9 and f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(f"socket:[{f[9]}]")
    pids: list[int] = []
    if not inodes:
        return pids
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (proc / "fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in inodes:
                        pids.append(int(proc.name))
                        break
    return sorted(pids)


class Sampler(threading.Thread):
    """RSS (MB) and CPU seconds of each server process (with its children), every ``interval`` seconds."""

    def __init__(self, pids: list[int], interval: float = 1.0):
        super().__init__(daemon=True)
        self.pids, self.interval = pids, interval
        self.samples: list[tuple[float, dict[int, tuple[float, float]]]] = []  # (monotonic, {pid: (rss, cpu)})
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.samples.append((time.monotonic(), {p: tree_stats([p]) for p in self.pids}))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


def server_stats(samples: list[tuple[float, dict[int, tuple[float, float]]]], start: float, end: float,
                 rss_before: dict[int, float], sessions: int) -> dict[str, Any]:
    """CPU % of one core over the window, RSS before / at the window's end / peak, per process and in all.

    A process whose RSS reads 0 at the end has exited (a killed server): its CPU counts until then, and
    no memory per session is computed."""
    inside = [s for s in samples if start <= s[0] <= end] or samples[-1:]
    if not inside:
        return {}
    span = inside[-1][0] - inside[0][0]
    procs: dict[str, Any] = {}
    cpu_total = 0.0
    for pid in inside[0][1]:
        series = [(t, vals[pid]) for t, vals in inside]
        # rises only: an exited process reads 0 CPU seconds afterwards
        cpu_s = sum(max(0.0, b[1][1] - a[1][1]) for a, b in itertools.pairwise(series))
        cpu_total += cpu_s
        procs[str(pid)] = {
            "cpu_s": round(cpu_s, 1),
            "cpu_percent_of_one_core": round(100 * cpu_s / span, 1) if span > 0 else None,
            "rss_before_mb": round(rss_before.get(pid, 0.0), 1),
            "rss_end_of_window_mb": round(series[-1][1][0], 1),
            "rss_peak_mb": round(max(v[0] for _, v in series), 1),
            "exited": series[-1][1][0] == 0.0,
        }
    before = sum(rss_before.values())
    at_end = sum(p["rss_end_of_window_mb"] for p in procs.values())
    exited = any(p["exited"] for p in procs.values())
    return {
        "processes": procs,
        "cpu_percent_of_one_core": round(100 * cpu_total / span, 1) if span > 0 else None,
        "cpu_share_of_machine": round(cpu_total / span / (os.cpu_count() or 1), 3) if span > 0 else None,
        "rss_before_mb": round(before, 1),
        "rss_end_of_window_mb": round(at_end, 1),
        "rss_peak_mb": round(max(sum(v[0] for v in vals.values()) for _, vals in samples), 1),
        "mb_per_session": None if exited or not sessions else round((at_end - before) / sessions, 2),
        "a_process_exited": exited,
    }


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def own_server(app: str, data: str) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """``streamlit run <app>`` on a free loopback port; yields (http URL, process, log path)."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    if data == "demo":
        env["OMRADESINDEX_BUILTIN"] = "demo"
    else:
        env.pop("OMRADESINDEX_BUILTIN", None)
    log_path = Path(tempfile.gettempdir()) / f"wsload-server-{port}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / app), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit(f"{app} did not become healthy:\n{log_path.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield url, proc, log_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# ----------------------------------------------------------------- the report


def pct(values: list[float], q: float) -> float | None:
    """Percentile with linear interpolation (numpy's default), None for no values."""
    if not values:
        return None
    xs = sorted(values)
    k = (len(xs) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return round(xs[lo] + (xs[hi] - xs[lo]) * (k - lo), 1)


def _loadavg() -> list[str]:
    with contextlib.suppress(OSError):
        return Path("/proc/loadavg").read_text().split()[:3]
    return []


def summarise(records: list[SessionRecord], clock: Clock, opts: Options, *,
              samples: list[tuple[float, dict[int, tuple[float, float]]]], rss_before: dict[int, float], gen_cpu_s: float, busy_s: float, wall_s: float,
              target_ms: float) -> dict[str, Any]:
    lat = [ms for r in records for _, ms in r.latencies]
    kinds: dict[str, int] = {}
    for r in records:
        for e in r.errors:
            kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    window_s = (max((r.ended_s or 0.0) for r in records) + clock.t0 - clock.start) if records and clock.start < math.inf \
        else 0.0
    cores = os.cpu_count() or 1
    server = server_stats(samples, clock.start, clock.deadline, rss_before, opts.sessions) if samples else {}
    first = [r.first_page_ms for r in records if r.first_page_ms is not None]
    sizes = [b for r in records for b in r.bytes_per_rerun]
    p95 = pct(lat, 95)
    saves = save_summary(records, opts) if opts.save_prefix else None
    return {
        "sessions": opts.sessions,
        "window_s": round(window_s, 1),
        "think_ms": opts.think_ms,
        "sessions_started": len(records),
        "sessions_connected": sum(1 for r in records if r.connected_s is not None),
        "sessions_completed": sum(1 for r in records if r.completed),
        "reruns": len(lat),
        "reruns_per_s": round(len(lat) / window_s, 2) if window_s > 0 else None,
        "rerun_ms": {"p50": pct(lat, 50), "p95": p95, "p99": pct(lat, 99),
                     "max": round(max(lat), 1) if lat else None},
        "meets_p95_target": None if p95 is None else p95 <= target_ms,
        "target_p95_ms": target_ms,
        "first_page_ms": {"p50": pct(first, 50), "max": round(max(first), 1) if first else None},
        "kb_per_rerun_median": round(statistics.median(sizes) / 1024, 1) if sizes else None,
        "errors": sum(kinds.values()),
        "page_not_found_then_found": sum(1 for r in records if r.page_not_found_then_found),
        "errors_by_kind": kinds,
        "upstreams": sorted({r.upstream for r in records if r.upstream}),
        **({"saves": saves} if saves is not None else {}),
        "server": server,
        "generator_cpu_s": round(gen_cpu_s, 1),
        "generator_cpu_percent_of_one_core": round(100 * gen_cpu_s / wall_s, 1) if wall_s > 0 else None,
        "machine_busy_share": round(min(1.0, busy_s / wall_s / cores), 3) if wall_s > 0 else None,
    }


def save_summary(records: list[SessionRecord], opts: Options) -> dict[str, Any]:
    """The scenarios the sessions tried to save, by outcome: ``attempted`` (every save sent or about to
    be), ``confirmed`` (the page said it was saved), ``refused`` (an error box), ``unanswered`` (the
    websocket closed or timed out before ``script_finished``: the server may or may not have it),
    ``no_message`` (the run finished without either box)."""
    entries = [e for r in records for e in r.saves]
    ms = [e["ms"] for e in entries if e["ms"] is not None]
    out: dict[str, Any] = {"prefix": opts.save_prefix, "every": opts.save_every, "page": opts.save_page,
                           "slots_saving": sum(1 for n in range(opts.sessions) if opts.saves(n)),
                           "attempted": [e["name"] for e in entries]}
    for outcome in ("confirmed", "refused", "unanswered", "no_message"):
        out[outcome] = [e["name"] for e in entries if e["outcome"] == outcome]
    out["save_ms"] = {"p50": pct(ms, 50), "p95": pct(ms, 95), "max": round(max(ms), 1) if ms else None}
    return out


def machine() -> dict[str, Any]:
    import importlib.metadata as md

    info: dict[str, Any] = {"date": dt.datetime.now().isoformat(timespec="seconds"),
                            "python": platform.python_version(), "cpus": os.cpu_count(),
                            "platform": platform.platform()}
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    for pkg in ("streamlit", "websockets", "protobuf", "uvicorn"):
        with contextlib.suppress(md.PackageNotFoundError):
            info[pkg] = md.version(pkg)
    return info


def measure(opts: Options, pids: list[int], *, warmup: int, target_ms: float) -> dict[str, Any]:
    """Warm-up session, then the run with the server's processes sampled; returns the report."""
    warm: list[SessionRecord] = []
    if warmup > 0:
        wopts = dataclasses.replace(opts, sessions=1, ramp=0.0, reruns=warmup, think_ms=0.0, reconnect=False,
                                    seconds=max(opts.timeout, 10.0), save_prefix=None)
        warm, _ = asyncio.run(drive(wopts))
        time.sleep(2)  # the closed warm-up session's websocket goes away
    rss_before = {p: tree_stats([p])[0] for p in pids}
    sampler = Sampler(pids) if pids else None
    if sampler:
        sampler.start()
    server0 = sum(tree_stats([p])[1] for p in pids)
    gen0, busy0, wall0 = time.process_time(), machine_busy_s(), time.monotonic()
    load_before = _loadavg()
    try:
        records, clock = asyncio.run(drive(opts, announce=True))
    finally:
        if sampler:
            sampler.stop()
    wall = time.monotonic() - wall0
    busy, server_cpu = machine_busy_s() - busy0, sum(tree_stats([p])[1] for p in pids) - server0
    summary = summarise(records, clock, opts, samples=sampler.samples if sampler else [], rss_before=rss_before,
                        gen_cpu_s=time.process_time() - gen0, busy_s=busy, wall_s=wall, target_ms=target_ms)
    # what else ran on the machine meanwhile (other people's tests …): busy − server − this generator
    summary["other_processes_cpu_percent_of_one_core"] = (
        round(100 * max(0.0, busy - max(0.0, server_cpu) - summary["generator_cpu_s"]) / wall, 1)
        if pids and wall > 0 else None)
    if pids and summary["server"]:
        time.sleep(3)
        summary["server"]["rss_after_close_mb"] = round(tree_stats(pids)[0], 1)
    return {
        "tool": "bench/wsload.py",
        "machine": machine(),
        "loadavg_before": load_before,
        "loadavg_after": _loadavg(),
        "url": opts.http_url,
        "ws_url": opts.ws_url,
        "page": opts.page,
        "server_pids": pids,
        "options": {k: v for k, v in dataclasses.asdict(opts).items()},
        "warmup_errors": [e for r in warm for e in r.errors][:5],
        "window_opened_s": round(clock.start - clock.t0, 2) if clock.start < math.inf else None,
        **summary,
        "per_session": [dataclasses.asdict(r) for r in records],
    }


def print_summary(res: dict[str, Any]) -> None:
    r, s = res["rerun_ms"], res["server"]
    print(f"{res['sessions']} sessions × {res['window_s']} s (think {res['think_ms']:g} ms): "
          f"{res['sessions_started']} started, {res['sessions_completed']} completed, {res['reruns']} reruns "
          f"({res['reruns_per_s']}/s), {res['errors']} errors {res['errors_by_kind'] or ''}")
    print(f"rerun send → script_finished: p50 {r['p50']} ms, p95 {r['p95']} ms, p99 {r['p99']} ms, max {r['max']} ms"
          f" (p95 ≤ {res['target_p95_ms']:g} ms: {'yes' if res['meets_p95_target'] else 'no'});"
          f" first page p50 {res['first_page_ms']['p50']} ms; {res['kb_per_rerun_median']} KB per rerun")
    if s:
        print(f"server: CPU {s.get('cpu_percent_of_one_core')} % of one core, RSS {s.get('rss_before_mb')} → "
              f"{s.get('rss_end_of_window_mb')} MB with the sessions open (peak {s.get('rss_peak_mb')}), "
              f"{s.get('mb_per_session')} MB per session, {s.get('rss_after_close_mb')} MB after closing")
    print(f"generator: {res['generator_cpu_percent_of_one_core']} % of one core; machine busy "
          f"{res['machine_busy_share']:.0%}; other processes "
          f"{res.get('other_processes_cpu_percent_of_one_core')} % of one core"
          if res["machine_busy_share"] is not None else "")
    for pid, proc in (s.get("processes") or {}).items() if len(s.get("processes") or {}) > 1 else ():
        print(f"  process {pid}: CPU {proc['cpu_percent_of_one_core']} %, RSS {proc['rss_before_mb']} → "
              f"{proc['rss_end_of_window_mb']} MB{' (exited)' if proc['exited'] else ''}")
    if res["upstreams"]:
        print(f"upstreams: {', '.join(res['upstreams'])}")
    if "saves" in res:
        sv = res["saves"]
        print(f"saves ({sv['slots_saving']} sessions on {sv['page']}, every {sv['every']}. action): "
              f"{len(sv['attempted'])} attempted, {len(sv['confirmed'])} confirmed, {len(sv['refused'])} refused, "
              f"{len(sv['unanswered'])} unanswered, {len(sv['no_message'])} without a message; "
              f"send → script_finished p50 {sv['save_ms']['p50']} ms, p95 {sv['save_ms']['p95']} ms")
    shown = 0
    for rec in res["per_session"]:
        for e in rec["errors"]:
            if shown < 10:
                print(f"  error: session {rec['slot']}.{rec['attempt']} at {e['t_s']} s: {e['kind']} {e['detail']}")
                shown += 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--url", help="a running server (loopback only), e.g. http://127.0.0.1:8501; "
                                 "without it the generator starts its own server")
    p.add_argument("--data", choices=("demo", "open"), default="demo",
                   help="own server only: new sessions open on the demo (OMRADESINDEX_BUILTIN=demo) "
                        "or the open data (the app's default)")
    p.add_argument("--app", default="dashboard.py", help="own server only: the script to run")
    p.add_argument("--sessions", type=int, default=5)
    p.add_argument("--seconds", type=float, default=45.0, help="the measured window")
    p.add_argument("--ramp", type=float, default=5.0, help="seconds over which the sessions start")
    p.add_argument("--think-ms", type=float, default=1000.0,
                   help="mean pause after each rerun (× a uniform 0.5–1.5)")
    p.add_argument("--page", default="/", help="URL path of the page (below the base), may carry ?query")
    p.add_argument("--reruns", type=int, help="stop each session after this many reruns")
    p.add_argument("--reconnect", action="store_true", help="replace a session that ended with an error")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds for a connection, a first page or a rerun")
    p.add_argument("--slider", default="ekonomi", help="the weight slider's dimension id (key v_w_<def>_<dim>)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--warmup", type=int, default=3, help="reruns of one warm-up session before the run (0: none)")
    p.add_argument("--pid", type=int, action="append", default=[],
                   help="a server process to sample (repeatable); default: the one listening on the port")
    p.add_argument("--upstream-header", default="X-Upstream")
    p.add_argument("--no-origin", action="store_true", help="send no Origin header")
    p.add_argument("--target-ms", type=float, default=300.0, help="the p95 rerun budget reported against")
    p.add_argument("--save-scenarios", metavar="PREFIX",
                   help="saving sessions work on --save-page and save a scenario named PREFIX-s<slot>a<attempt>-<n> "
                        "as every --save-every-th action (the others move the slider)")
    p.add_argument("--savers", type=int, help="how many sessions save (spread over the slots; default all)")
    p.add_argument("--save-every", type=int, default=3)
    p.add_argument("--save-page", default="/scenarier", help="the page with the save form (sc_name, sc_save)")
    p.add_argument("--out", type=Path, help="JSON file (default bench/results/wsload-<timestamp>.json)")
    a = p.parse_args(argv)
    if not 1 <= a.sessions <= MAX_SESSIONS:
        p.error(f"--sessions must be 1..{MAX_SESSIONS}")
    if not 0 < a.seconds <= MAX_SECONDS or not 0 <= a.ramp <= MAX_SECONDS or a.timeout <= 0:
        p.error(f"--seconds must be in (0, {MAX_SECONDS:g}], --ramp ≥ 0, --timeout > 0")
    if a.reruns is not None and a.reruns < 1:
        p.error("--reruns must be ≥ 1")
    if a.save_every < 1 or (a.savers is not None and not 0 <= a.savers <= a.sessions):
        p.error("--save-every must be ≥ 1 and --savers in 0..--sessions")
    if threading.current_thread() is not threading.main_thread():
        return run(a)
    # SIGTERM (e.g. from `timeout`) unwinds like Ctrl-C, so our own server is stopped too
    before = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return run(a)
    finally:
        signal.signal(signal.SIGTERM, before)


def run(a: argparse.Namespace) -> int:
    """The generator with parsed arguments (:func:`main`); returns the exit code."""

    def opts_for(url: str) -> Options:
        return Options(http_url=url, sessions=a.sessions, seconds=a.seconds, ramp=a.ramp, think_ms=a.think_ms,
                       page=a.page if a.page.startswith("/") else "/" + a.page, reruns=a.reruns,
                       reconnect=a.reconnect, timeout=a.timeout, slider=a.slider, seed=a.seed,
                       upstream_header=a.upstream_header, origin=not a.no_origin, save_prefix=a.save_scenarios,
                       savers=a.savers, save_every=a.save_every,
                       save_page=a.save_page if a.save_page.startswith("/") else "/" + a.save_page)

    if a.url:
        url = normalise_url(a.url)
        require_loopback(url)
        pids = a.pid or listening_pids(urlsplit(url).port or (443 if url.startswith("https") else 80))
        res = measure(opts_for(url), pids, warmup=a.warmup, target_ms=a.target_ms)
        res["server_started_by_generator"] = False
    else:
        with own_server(a.app, a.data) as (url, proc, log_path):
            res = measure(opts_for(url), [proc.pid], warmup=a.warmup, target_ms=a.target_ms)
            res["server_started_by_generator"] = True
            res["data"] = a.data
            res["server_log"] = str(log_path)
    print_summary(res)
    out = a.out or ROOT / "bench" / "results" / f"wsload-{dt.datetime.now():%Y-%m-%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0 if res["errors"] == 0 and res["reruns"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
