"""Bounded load test: N concurrent browser sessions against one server for S seconds.

Run from the repository root::

    python bench/load.py --sessions 20 --seconds 60
    python bench/load.py --sessions 3 --seconds 15        # a quick check

Starts one ``streamlit run dashboard.py`` on a free loopback port (``bench/run.py``'s
``server()``), launches one headless Chromium and opens N Playwright contexts on it
(asyncio API, one task per session). Each session loops until the time is up: move a
weight slider with the keyboard and time until the map's fill colours change
(``_FILLS_JS``, the component's test hook); every few iterations switch page through the sidebar
(Dimensioner → Metod → Översikt). Every request outside localhost is aborted.

Errors counted: Streamlit exceptions on the page (``[data-testid="stException"]``),
failed waits (timeouts), console errors, ``pageerror`` events and non-2xx answers from
localhost. The server's RSS (the process and its children) is sampled before the
sessions start, every second while they run, and after they have closed.

Prints a summary and writes ``bench/results/load-<timestamp>.json``. Stops by itself:
the sessions end at the deadline, the server is terminated on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from run import CHROMIUM, CHROMIUM_ARGS, machine, pct, server  # noqa: E402

MAP = '[data-testid="oi-map"]'
#: The first map's fills (area_id -> SVG fill), as a JSON string (ui/components/oi_map.js's test hook).
_FILLS_JS = "() => JSON.stringify((window.__oiMaps.all()[0] || {}).fills || {})"
SLIDER = "Boende"
PAGES = ("Dimensioner", "Metod")
LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:", "blob:")
WAIT_MS = 30_000


# ----------------------------------------------------------------- server memory


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                out += [int(c) for c in (task / "children").read_text().split()]
    return out


def tree_rss_mb(pid: int) -> float:
    """RSS of the process and all its descendants, MB (psutil if installed, else /proc)."""
    try:
        import psutil

        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
        total = 0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        return total / 1024**2
    except ImportError:
        pass
    seen, stack, total_kb = set(), [pid], 0
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        total_kb += _rss_kb(p)
        stack += _children(p)
    return total_kb / 1024


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by the process and its descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    seen, stack, total = set(), [pid], 0
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        stack += _children(p)
    return total / tick


def machine_cpu_s() -> float:
    """CPU seconds all processes of the machine used so far (busy time from /proc/stat)."""
    with contextlib.suppress(OSError, ValueError):
        vals = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = vals[3] + (vals[4] if len(vals) > 4 else 0)
        return (sum(vals[:8]) - idle) / os.sysconf("SC_CLK_TCK")
    return 0.0


def server_pid(port: int) -> int | None:
    """The pid of the streamlit process listening on ``port`` (our own child)."""
    me = os.getpid()
    for pid in _children(me):
        with contextlib.suppress(OSError):
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd:
                return pid
    return None


class RssSampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 1.0):
        super().__init__(daemon=True)
        self.pid, self.interval, self.samples = pid, interval, []
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.samples.append(tree_rss_mb(self.pid))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


# ----------------------------------------------------------------- one session


class Session:
    def __init__(self, n: int):
        self.n = n
        self.iterations = 0
        self.repaint_s: list[float] = []
        self.page_switches = 0
        self.errors: list[str] = []
        self.load_s: float | None = None  # goto → map drawn and styled

    def error(self, kind: str, detail: str) -> None:
        self.errors.append(f"{kind}: {detail[:300]}")


async def _map_frame(page):
    """The overview's map once its areas are painted (waits for the page to be Översikt). The map is
    part of the page (no iframe), so the page is what the callers evaluate in."""
    await page.get_by_role("heading", name="Översikt").first.wait_for()
    await page.wait_for_function(
        "sel => { const r = document.querySelector(sel); return r && r.dataset.paints"
        " && r.querySelectorAll('path.leaflet-interactive').length > 0; }", arg=MAP, timeout=90_000)
    return page


async def _wait_recoloured(page, frame, before: str, t0: float):
    """Wait until the map's fills differ from ``before``; raises TimeoutError after ``WAIT_MS``."""
    left = WAIT_MS / 1000 - (time.perf_counter() - t0)
    if left <= 0:
        raise TimeoutError(f"map not recoloured within {WAIT_MS} ms")
    try:
        await page.wait_for_function(f"() => ({_FILLS_JS})() !== {json.dumps(before)}", timeout=left * 1000,
                                     polling=25)
    except Exception as exc:  # noqa: BLE001 - say which wait timed out
        raise TimeoutError(f"map not recoloured within {WAIT_MS} ms: {exc}") from None
    return page


async def _exceptions(page, s: Session, where: str) -> None:
    n = await page.locator('[data-testid="stException"]').count()
    if n:
        text = await page.locator('[data-testid="stException"]').first.inner_text()
        s.error("exception", f"{where}: {text}")


class Window:
    """The measured window: it opens when every session has its map (or failed to load),
    so all N sessions really work concurrently for the whole S seconds."""

    def __init__(self, sessions: int, seconds: float):
        self.pending, self.seconds = sessions, seconds
        self.opened = asyncio.Event()
        self.start = self.deadline = 0.0

    def arrived(self) -> None:
        self.pending -= 1
        if self.pending == 0:
            self.start = time.monotonic()
            self.deadline = self.start + self.seconds
            self.opened.set()


async def run_session(browser, url: str, s: Session, window: Window, *, switch_every: int,
                      think_s: float = 0.3) -> None:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")

    async def guard(route):
        if route.request.url.startswith(LOCAL):
            await route.continue_()
        else:
            s.error("external", route.request.url)
            await route.abort()

    await ctx.route("**/*", guard)
    page = await ctx.new_page()
    page.set_default_timeout(WAIT_MS)
    page.on("pageerror", lambda exc: s.error("pageerror", str(exc)))
    page.on("console", lambda msg: s.error("console", msg.text) if msg.type == "error" else None)

    def on_response(resp):
        if resp.url.startswith(("http://localhost", "http://127.0.0.1")) and not (200 <= resp.status < 400):
            s.error("http", f"{resp.status} {resp.url}")

    page.on("response", on_response)
    arrived = False
    try:
        t_load = time.perf_counter()
        try:
            await page.goto(url, timeout=90_000)
            frame = await _map_frame(page)
            s.load_s = time.perf_counter() - t_load
        finally:
            window.arrived()
            arrived = True
        await window.opened.wait()
        deadline = window.deadline
        step = 0
        while time.monotonic() < deadline:
            step += 1
            try:
                if step % switch_every == 0:
                    target = PAGES[(step // switch_every - 1) % len(PAGES)]
                    await page.locator('[data-testid="stSidebarNav"]').get_by_text(target, exact=True).click()
                    await page.get_by_role("heading", name=target).first.wait_for()
                    await page.wait_for_timeout(500)
                    await _exceptions(page, s, target)
                    # back to the map before the next slider move
                    await page.locator('[data-testid="stSidebarNav"]').get_by_text("Översikt", exact=True).click()
                    frame = await _map_frame(page)
                    s.page_switches += 2
                    continue
                thumb = page.locator('[data-testid="stSlider"]').filter(has_text=SLIDER).get_by_role("slider")
                before = await frame.evaluate(_FILLS_JS)
                # 1.0 ↔ 1.5 (as bench/run.py): on the demo this move always recolours areas,
                # whereas a random move may leave every area in its class (nothing to time).
                key = "ArrowRight" if s.iterations % 2 == 0 else "ArrowLeft"
                await thumb.focus()
                t0 = time.perf_counter()
                await thumb.press(key)
                frame = await _wait_recoloured(page, frame, before, t0)
                s.repaint_s.append(time.perf_counter() - t0)
                s.iterations += 1
                await _exceptions(page, s, "Översikt")
                await page.wait_for_timeout(think_s * 1000)  # a person looks at the map
            except Exception as exc:  # noqa: BLE001 - counted (even past the deadline), the session goes on
                s.error("wait", f"step {step}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
                if time.monotonic() >= deadline:
                    break
                with contextlib.suppress(Exception):
                    await page.goto(url, timeout=90_000)
                    frame = await _map_frame(page)
    except Exception as exc:  # noqa: BLE001
        s.error("start", f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        if not arrived:
            window.arrived()
    finally:
        with contextlib.suppress(Exception):
            await ctx.close()


async def drive(url: str, sessions: int, seconds: float, *, switch_every: int, ramp_s: float,
                think_s: float = 0.3) -> tuple[list[Session], float]:
    """Run the sessions; returns them and the measured window's length (s)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            window = Window(sessions, seconds)
            objs = [Session(i) for i in range(sessions)]

            async def staggered(s: Session):
                await asyncio.sleep(ramp_s * s.n / max(1, sessions))
                await run_session(browser, url, s, window, switch_every=switch_every, think_s=think_s)

            # A hard stop on top of the deadline: a hung wait cannot keep us here
            # (loading ≤ 90 s + ramp, the window, one last wait ≤ 30 s, closing).
            await asyncio.wait_for(asyncio.gather(*(staggered(s) for s in objs)),
                                   timeout=ramp_s + 90 + seconds + WAIT_MS / 1000 + 60)
            elapsed = time.monotonic() - window.start
        finally:
            await browser.close()
    return objs, elapsed


def _other_load() -> dict:
    """What else runs on the machine (for the report): load average and busy processes."""
    info: dict = {}
    with contextlib.suppress(OSError):
        info["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run(["ps", "-eo", "pcpu,comm", "--sort=-pcpu"], capture_output=True, text=True,
                             timeout=5).stdout.splitlines()[1:8]
        info["top_processes"] = [" ".join(line.split()) for line in out]
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--switch-every", type=int, default=5, help="switch page every N iterations")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the sessions start")
    parser.add_argument("--think", type=float, default=0.3, help="seconds a session waits after a repaint")
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/load-<timestamp>.json)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"no chromium at {CHROMIUM}", file=sys.stderr)
        return 2

    before_load = _other_load()
    # Loopback only: bench/run.py's server() passes the environment on, and Streamlit reads
    # its options from STREAMLIT_* variables.
    os.environ["STREAMLIT_SERVER_ADDRESS"] = "localhost"
    os.environ["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    with server("dashboard.py", None) as (url, healthy_s):
        port = int(url.rsplit(":", 1)[1])
        pid = server_pid(port)
        if pid is None:
            print("could not find the server process", file=sys.stderr)
            return 2
        # One warm-up visit so "before" is the server with its caches filled by one session,
        # and the growth measured is what extra sessions cost.
        warm, _ = asyncio.run(drive(url, 1, 8, switch_every=1000, ramp_s=0))
        time.sleep(2)
        rss_before = tree_rss_mb(pid)
        sampler = RssSampler(pid)
        sampler.start()
        cpu0, all0, t0 = tree_cpu_s(pid), machine_cpu_s(), time.monotonic()
        sessions, elapsed = asyncio.run(drive(url, args.sessions, args.seconds, switch_every=args.switch_every,
                                              ramp_s=args.ramp, think_s=args.think))
        wall = time.monotonic() - t0
        server_cpu, all_cpu = tree_cpu_s(pid) - cpu0, machine_cpu_s() - all0
        sampler.stop()
        time.sleep(5)  # closed sessions' websockets go away
        rss_after = tree_rss_mb(pid)
        peak = max([rss_before, rss_after, *sampler.samples])
    during_load = _other_load()

    repaint = [x for s in sessions for x in s.repaint_s]
    loads = [s.load_s for s in sessions if s.load_s is not None]
    errors = [e for s in sessions for e in s.errors]
    kinds: dict[str, int] = {}
    for e in errors:
        kinds[e.split(":", 1)[0]] = kinds.get(e.split(":", 1)[0], 0) + 1
    result = {
        "machine": machine(),
        "other_load_before": before_load,
        "other_load_after": during_load,
        "sessions": args.sessions,
        "duration_s": args.seconds,
        "window_incl_last_wait_s": round(elapsed, 1),
        "server_healthy_s": round(healthy_s, 2),
        "iterations": sum(s.iterations for s in sessions),
        "iterations_per_session": [s.iterations for s in sessions],
        "page_switches": sum(s.page_switches for s in sessions),
        "load_to_map_s": {"p50": round(pct(loads, 50), 2), "max": round(max(loads), 2)} if loads else None,
        "errors": len(errors),
        "errors_by_kind": kinds,
        "error_samples": errors[:20],
        "warmup_errors": [e for s in warm for e in s.errors][:5],
        "repaint_p50_ms": round(pct(repaint, 50) * 1e3, 1) if repaint else None,
        "repaint_p95_ms": round(pct(repaint, 95) * 1e3, 1) if repaint else None,
        "repaint_max_ms": round(max(repaint) * 1e3, 1) if repaint else None,
        "think_s": args.think,
        "cpu": {"cores": os.cpu_count(), "wall_s": round(wall, 1), "server_s": round(server_cpu, 1),
                "machine_busy_s": round(all_cpu, 1),
                "server_share_of_capacity": round(server_cpu / (wall * (os.cpu_count() or 1)), 3),
                "machine_busy_share": round(all_cpu / (wall * (os.cpu_count() or 1)), 3)},
        "rss_before_mb": round(rss_before, 1),
        "rss_after_mb": round(rss_after, 1),
        "rss_peak_mb": round(peak, 1),
    }
    print(f"sessions {result['sessions']} × {result['duration_s']:g} s: {result['iterations']} slider moves, "
          f"{result['page_switches']} page switches, {result['errors']} errors {kinds or ''}")
    print(f"load → map drawn: {result['load_to_map_s']} s")
    print(f"slider → repaint p50 {result['repaint_p50_ms']} ms, p95 {result['repaint_p95_ms']} ms, "
          f"max {result['repaint_max_ms']} ms")
    c = result["cpu"]
    print(f"CPU over {c['wall_s']} s on {c['cores']} cores: server {c['server_s']} s "
          f"({c['server_share_of_capacity']:.0%} of capacity), whole machine busy {c['machine_busy_share']:.0%}")
    print(f"server RSS before {result['rss_before_mb']} MB, after {result['rss_after_mb']} MB, "
          f"peak {result['rss_peak_mb']} MB")
    for e in errors[:10]:
        print(f"  error: {e}")
    out = args.out or ROOT / "bench" / "results" / f"load-{dt.datetime.now():%Y-%m-%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
