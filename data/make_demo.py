"""Regenerate the synthetic demo data set in data/demo/ (run: python data/make_demo.py).

Why a script: the committed demo files must be reproducible from code, so anyone can
see they are made up and rebuild them byte for byte after changing the generator
(geo/demo.py) or the definitions in data/definitions/.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.dataset.demo import write_demo  # noqa: E402


def main() -> None:
    out_dir = ROOT / "data" / "demo"
    write_demo(out_dir, ROOT / "data" / "definitions")
    print(f"Skrev syntetiska demodata till {out_dir.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
