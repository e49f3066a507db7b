"""Importera: upload the city's own areas and tables, map columns, check the join, use them.

Thin by design: the widgets are in ``ui/importer.py`` and all computation in ``geo``.
Uploads are used in this browser session only; configured files are never written.
"""

from __future__ import annotations

from ui.importer import import_page

import_page()
