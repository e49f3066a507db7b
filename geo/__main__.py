"""``python -m geo`` — the command-line interface (see :mod:`geo.cli`)."""

import sys

from geo.cli import main

sys.exit(main())
