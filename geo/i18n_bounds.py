"""UI strings for the bounds that keep one user's file or settings from exhausting the server (issue 17):
the mapping choices on Importera (``ui/import_mapping.py``) and the draws of Robusthet (``pages/robustness.py``).

Part of :data:`geo.i18n.STRINGS`.
"""

from __future__ import annotations

BOUNDS_STRINGS: dict[str, dict[str, str]] = {
    "imp_mapping_more_values": {
        "sv": "… och {n} okända namn till i kolumnen {column} (bara de {shown} första i bokstavsordning har ett val "
              "här; de övriga används som de står). Rätta filen eller ladda upp en mappningsfil.",
        "en": "… and {n} more unknown names in the column {column} (only the first {shown} in alphabetical order "
              "have a choice here; the others are used as they are). Correct the file or upload a mapping file.",
    },
    "imp_mapping_more_headers": {
        "sv": "… och {n} rubriker till (bara de {shown} första har ett val här; de övriga används inte). Rätta "
              "filen eller ladda upp en mappningsfil.",
        "en": "… and {n} more headers (only the first {shown} have a choice here; the others are not used). "
              "Correct the file or upload a mapping file.",
    },
    "imp_mapping_more_saved": {
        "sv": "Den sparade mappningen gäller {n} av dem.",
        "en": "The saved mapping applies to {n} of them.",
    },
    "rb_draws_capped": {
        "sv": "{draws} dragningar på {areas} områden är mer än servern räknar åt gången; analysen använder "
              "{used} dragningar (högst {budget} dragningar × områden). Välj färre dragningar eller en "
              "mindre datamängd för att slippa begränsningen.",
        "en": "{draws} draws on {areas} areas is more than the server computes at a time; the analysis uses "
              "{used} draws (at most {budget} draws × areas). Choose fewer draws or a smaller dataset to "
              "avoid the limit.",
    },
}
