"""The repository root on sys.path, so tests import ``geo``, ``ui`` and ``tests.*`` from this checkout."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
