"""Names in exports: the Swedish CSV's column headers and the download's file name.

A file name carries the scenario, the definition, year, method and the day, so two scenarios (or
two days) never download to the same name; it is ASCII without path characters whatever the
scenario is called.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from geo.definition import Definition
from geo.scenario import utcnow

#: The day in a file name is Malmö's.
TIMEZONE = "Europe/Stockholm"
#: Swedish headers of :func:`geo.output.export.results_table` for the Swedish CSV (``{k}`` = top k); the dimensions get
#: their Swedish labels and any other column keeps its name.
SWEDISH_HEADERS: dict[str, str] = {
    "rank": "Rang", "area_id": "Område-id", "area_name": "Område", "index": "Index",
    "baseline_rank": "Rang med grundvikter", "rank_change": "Rangförändring (platser)", "change_label": "Förändring",
    "in_top_k": "I topp {k}", "top_k_status": "Topp {k}-status", "class": "Kartklass (1 = lägst index)",
    "flags": "Anmärkning", "unranked_reason": "Varför ej rankad", "synthetic": "Syntetiska data",
    "data_source": "Datakälla", "data_year": "Dataår", "proxies": "Närmevärden (proxy)",
}
#: The file name's scenario part when no scenario is open.
UNSAVED_SLUG = {"sv": "osparat", "en": "unsaved"}
#: Letters NFKD does not take apart, spelled in ASCII for file names.
_SLUG_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "Đ": "D",
                               "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH"})


def swedish_headers(columns: Sequence[str], definition: Definition, top_k: int) -> list[str]:
    """:data:`SWEDISH_HEADERS` for ``columns`` (dimensions by their Swedish label), kept unique: a
    label another column already has gets its id in brackets, e.g. ``Index (index_dim)``."""
    dims = {d.id: d.display_label("sv") for d in definition.dimensions}
    out: list[str] = []
    for col in columns:
        name = dims.get(col) or SWEDISH_HEADERS.get(col, col).format(k=top_k)
        if name.casefold() in {o.casefold() for o in out}:
            name = f"{name} ({col})"
        n = 2
        while name.casefold() in {o.casefold() for o in out}:
            name, n = f"{name} {n}", n + 1
        out.append(name)
    return out


def slug(text: str, *, max_len: int = 60) -> str:
    """``text`` as a file-name part that is safe everywhere: ASCII lower case and digits, words joined
    by ``-`` (å → a, no ``/``, ``\\`` or ``..``).

    >>> slug("Förslag <b>nämnden</b> – maj/juni"), slug("../..")
    ('forslag-b-namnden-b-maj-juni', '')
    """
    ascii_text = unicodedata.normalize("NFKD", text.translate(_SLUG_LETTERS)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_len].rstrip("-")


def local_date(timestamp: datetime | None = None) -> date:
    """The day in Malmö (the file name's date), now or at ``timestamp``."""
    ts = timestamp or utcnow()
    try:
        return ts.astimezone(ZoneInfo(TIMEZONE)).date()
    except ZoneInfoNotFoundError:  # no tz database: the UTC day
        return ts.date()


def export_file_name(ext: str, *, scenario: str, definition_id: str, year: int | None, method: str,
                     synthetic: bool, day: date, lang: str = "sv", variant: str = "") -> str:
    """``omradesindex_<scenario>_<definition>_<year>_<method>_<YYYY-MM-DD>[_<variant>][_DEMO].<ext>``:
    two scenarios, or two days, never download to the same name; ``osparat`` when no scenario is open.

    >>> export_file_name("csv", scenario="Förslag maj", definition_id="malmo-2023", year=2024, method="zscore",
    ...                  synthetic=True, day=date(2026, 5, 12))
    'omradesindex_forslag-maj_malmo-2023_2024_zscore_2026-05-12_DEMO.csv'
    """
    unsaved = UNSAVED_SLUG.get(lang, UNSAVED_SLUG["sv"])
    parts = ["omradesindex", (slug(scenario) or "scenario") if scenario.strip() else unsaved,
             slug(definition_id) or "definition", str(int(year)) if year else "ar", slug(method) or "metod",
             day.isoformat()]
    if variant:
        parts.append(slug(variant))
    if synthetic:
        parts.append("DEMO")
    return "_".join(parts) + "." + (slug(ext) or "bin")


__all__ = ["SWEDISH_HEADERS", "TIMEZONE", "UNSAVED_SLUG", "export_file_name", "local_date", "slug", "swedish_headers"]
