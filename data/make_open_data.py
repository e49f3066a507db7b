"""Rebuild the open-data set in data/malmo-oppna-data/ from SCB's public files.

Run: python data/make_open_data.py [--source ../shared/data] [--out data/malmo-oppna-data] [--check]

Why a script: the committed files must be reproducible from the public sources, so anyone can
check every number and rebuild them byte for byte; ``--check`` rebuilds into a temporary folder
and fails (exit 1) naming every file that differs. Bad or missing input exits 2 with a message.
The build report printed here is what the folder's README.md summarises.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.dataset.opendata import (
    DEFAULT_SOURCE,
    build_open_data,
    differing_files,
    format_report,
    write_open_data,
)
from geo.errors import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bygg öppna data för Malmös 91 RegSO ur SCB:s filer.")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="källmappen (../shared/data)")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "malmo-oppna-data", help="utmappen")
    parser.add_argument("--check", action="store_true",
                        help="bygg i en tillfällig mapp och jämför byte för byte med --out")
    args = parser.parse_args(argv)
    try:
        data = build_open_data(args.source)
        print(format_report(data))
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                write_open_data(data, Path(tmp))
                differ = differing_files(Path(tmp), args.out)
            if differ:
                print(f"\nSKILJER SIG från {args.out}: {', '.join(differ)} "
                      "(kör python data/make_open_data.py och granska ändringen)")
                return 1
            print(f"\nKontroll: filerna i {args.out} är identiska byte för byte med en ny byggning.")
            return 0
        write_open_data(data, args.out)
        print(f"\nSkrev {args.out}/: omraden.gpkg, indikatorer.csv, metadata.json")
        return 0
    except DataError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
