"""Stopping the servers a test started: terminate them all, then wait, and kill what did not stop."""

from __future__ import annotations

import subprocess


def stop(*procs: subprocess.Popen, timeout: float = 10.0) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)
