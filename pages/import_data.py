"""Importera: upload the city's own areas and tables, map columns, check the join, use them.

Thin by design: the steps are in ``ui/import_wizard.py`` (aggregation in
``ui/import_aggregation.py``) and all computation in ``geo``. Uploads are used in this
browser session only; configured files are never written.
"""

from __future__ import annotations

from ui.context import start_plain_page
from ui.import_wizard import import_page

import_page(start_plain_page("import_page"))
