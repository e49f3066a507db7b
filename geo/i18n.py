"""All UI strings in one place, Swedish first, English available.

``t(key, lang)`` returns the text; missing English falls back to Swedish, and a
missing key raises so tests catch typos. Numbers are formatted the Swedish way
(decimal comma, real minus sign) unless the language is English.
"""

from __future__ import annotations

import math

LANGS: tuple[str, ...] = ("sv", "en")

STRINGS: dict[str, dict[str, str]] = {
    # --- app and navigation
    "app_title": {"sv": "Områdesindex Malmö", "en": "Malmö area index"},
    "overview": {"sv": "Översikt", "en": "Overview"},
    "dimensions_page": {"sv": "Dimensioner", "en": "Dimensions"},
    "profile_page": {"sv": "Områdesprofil", "en": "Area profile"},
    "method_page": {"sv": "Metod", "en": "Method"},
    "language": {"sv": "Språk / Language", "en": "Språk / Language"},
    "demo_banner": {
        "sv": "SYNTETISKA DEMODATA – inte verklig statistik för Malmö. Områdena (Område A–N) och alla "
              "värden är påhittade för att visa verktyget.",
        "en": "SYNTHETIC DEMO DATA – not real statistics for Malmö. The areas (Område A–N) and all values "
              "are made up to demonstrate the tool.",
    },
    "config_fallback": {
        "sv": "Den konfigurerade datamappen kunde inte användas, därför visas demodata. Orsak: {error}",
        "en": "The configured data folder could not be used, so the demo data is shown. Reason: {error}",
    },
    "upload_banner": {
        "sv": "Uppladdade data ({label}) – gäller bara den här webbläsarsessionen; konfigurerade filer ändras inte.",
        "en": "Uploaded data ({label}) – for this browser session only; configured files are not changed.",
    },
    "config_banner": {"sv": "Data: {label}", "en": "Data: {label}"},
    "demo_short": {"sv": "Syntetiska demodata", "en": "Synthetic demo data"},
    # --- sidebar
    "settings": {"sv": "Inställningar", "en": "Settings"},
    "definition": {"sv": "Indexdefinition (version)", "en": "Index definition (version)"},
    "year": {"sv": "År", "en": "Year"},
    "method": {"sv": "Normaliseringsmetod", "en": "Normalisation method"},
    "aggregation": {"sv": "Aggregering av dimensioner", "en": "Aggregation of dimensions"},
    "weights": {"sv": "Vikter per dimension", "en": "Dimension weights"},
    "weights_help": {
        "sv": "Vikterna är relativa: 1–1–1–1 betyder lika vikt. 0 tar bort dimensionen ur indexet.",
        "en": "Weights are relative: 1–1–1–1 means equal weight. 0 removes the dimension from the index.",
    },
    "reset": {"sv": "Återställ lika vikter", "en": "Reset to equal weights"},
    "indicator_weights": {"sv": "Vikter per indikator", "en": "Indicator weights"},
    "top_k": {"sv": "Antal prioriterade områden (topp k)", "en": "Number of priority areas (top k)"},
    "scheme": {"sv": "Klassindelning på kartan", "en": "Map classification"},
    "basemap": {"sv": "Bakgrundskarta (kräver internet)", "en": "Background map (needs internet)"},
    # --- method names
    "method_zscore": {"sv": "z-poäng (standard)", "en": "z-score (default)"},
    "method_minmax": {"sv": "min–max 0–100", "en": "min–max 0–100"},
    "method_rank": {"sv": "percentilrang 0–100", "en": "percentile rank 0–100"},
    "method_ratio": {"sv": "kvot mot snittet (= 100)", "en": "ratio to the mean (= 100)"},
    "aggregation_arithmetic": {"sv": "aritmetiskt medel (standard)", "en": "arithmetic mean (default)"},
    "aggregation_geometric": {"sv": "geometriskt medel", "en": "geometric mean"},
    "scheme_quantiles": {"sv": "kvantiler", "en": "quantiles"},
    "scheme_natural_breaks": {"sv": "naturliga brytpunkter (Fisher–Jenks)", "en": "natural breaks (Fisher–Jenks)"},
    "scheme_equal_interval": {"sv": "lika intervall", "en": "equal intervals"},
    # --- overview
    "map_heading": {"sv": "Index per område", "en": "Index by area"},
    "ranking_heading": {"sv": "Rangordning", "en": "Ranking"},
    "rank": {"sv": "Rang", "en": "Rank"},
    "area": {"sv": "Område", "en": "Area"},
    "index": {"sv": "Index", "en": "Index"},
    "rank_change": {"sv": "Förändring mot grundvikter", "en": "Change vs. default weights"},
    "rank_change_short": {"sv": "Förändring", "en": "Change"},
    "baseline_rank": {"sv": "Rang med grundvikter", "en": "Rank with default weights"},
    "top_k_col": {"sv": "Topp k", "en": "Top k"},
    "enters_top": {"sv": "Nya i topp {k}", "en": "Entering the top {k}"},
    "leaves_top": {"sv": "Lämnar topp {k}", "en": "Leaving the top {k}"},
    "no_topk_change": {"sv": "Topp {k} är densamma som med grundvikterna.",
                       "en": "The top {k} is the same as with the default weights."},
    "rank_explainer": {
        "sv": "Rang 1 = lägst index = störst utmaningar. ↑ = högre prioritet än med grundvikterna, "
              "↓ = lägre.",
        "en": "Rank 1 = lowest index = greatest challenges. ↑ = higher priority than with the default "
              "weights, ↓ = lower.",
    },
    "slope_heading": {"sv": "Från grundvikter till valda vikter", "en": "From default to chosen weights"},
    "legend_low": {"sv": "Större utmaningar", "en": "Greater challenges"},
    "legend_high": {"sv": "Mindre utmaningar", "en": "Fewer challenges"},
    "no_value": {"sv": "Saknar värde (ej rankad)", "en": "No value (not ranked)"},
    "table_alternative": {"sv": "Kartan som tabell", "en": "The map as a table"},
    "selected_area": {"sv": "Valt område", "en": "Selected area"},
    "select_area": {"sv": "Välj område", "en": "Choose area"},
    "click_hint": {"sv": "Klicka på ett område på kartan eller välj i listan.",
                   "en": "Click an area on the map or choose it in the list."},
    "open_profile": {"sv": "Öppna områdesprofilen", "en": "Open the area profile"},
    "weights_now": {"sv": "Vikter just nu", "en": "Current weights"},
    "data_note": {"sv": "Data: {source}, år {year}. Metod: {method}.",
                  "en": "Data: {source}, year {year}. Method: {method}."},
    "flags": {"sv": "Anmärkning", "en": "Note"},
    "notes_heading": {"sv": "Anmärkningar om data", "en": "Notes on the data"},
    # --- dimensions page
    "small_multiples": {"sv": "Dimensionernas värden", "en": "Dimension scores"},
    "choose_dimension": {"sv": "Välj dimension", "en": "Choose dimension"},
    "indicators_of": {"sv": "Indikatorer i {dim}", "en": "Indicators in {dim}"},
    "raw_value": {"sv": "Värde", "en": "Value"},
    "normalised": {"sv": "normaliserat", "en": "normalised"},
    "mean_all": {"sv": "Snitt för områdena", "en": "Mean of the areas"},
    "formula_used": {"sv": "Formel", "en": "Formula"},
    "unit": {"sv": "Enhet", "en": "Unit"},
    "polarity": {"sv": "Riktning", "en": "Direction"},
    "higher_better": {"sv": "högre är bättre", "en": "higher is better"},
    "higher_worse": {"sv": "högre är sämre", "en": "higher is worse"},
    "source": {"sv": "Källa", "en": "Source"},
    # --- profile page
    "indicator": {"sv": "Indikator", "en": "Indicator"},
    "dimension": {"sv": "Dimension", "en": "Dimension"},
    "contribution": {"sv": "Bidrag till index jämfört med snittet", "en": "Contribution to the index vs. the mean"},
    "contribution_help": {
        "sv": "Staplarna summerar till skillnaden mellan områdets index och snittområdets index "
              "(aritmetisk aggregering). Till vänster: drar ned indexet (större utmaning).",
        "en": "The bars add up to the difference between the area's index and the mean area's index "
              "(arithmetic aggregation). Left: pulls the index down (greater challenge).",
    },
    "over_time": {"sv": "Över tid", "en": "Over time"},
    "weight": {"sv": "Vikt", "en": "Weight"},
    # --- errors
    "error_heading": {"sv": "Något i indata behöver rättas", "en": "Something in the input needs fixing"},
}

METHOD_FORMULAS: dict[str, dict[str, str]] = {
    "zscore": {"+": r"z = \dfrac{x - \bar{x}}{\sigma}", "-": r"z = -\dfrac{x - \bar{x}}{\sigma}"},
    "minmax": {"+": r"s = 100\cdot\dfrac{x - \min}{\max - \min}", "-": r"s = 100 - 100\cdot\dfrac{x - \min}{\max - \min}"},
    "rank": {"+": r"s = 100\cdot\dfrac{r - 1}{n - 1}", "-": r"s = 100 - 100\cdot\dfrac{r - 1}{n - 1}"},
    "ratio": {"+": r"s = 100\cdot\dfrac{x}{\bar{x}}", "-": r"s = 200 - 100\cdot\dfrac{x}{\bar{x}}"},
}


def t(key: str, lang: str = "sv", **kwargs: object) -> str:
    """The UI text for ``key`` in ``lang``, formatted with ``kwargs``.

    >>> t("rank", "en")
    'Rank'
    >>> t("enters_top", "sv", k=3)
    'Nya i topp 3'
    """
    entry = STRINGS[key]
    text = entry.get(lang) or entry["sv"]
    return text.format(**kwargs) if kwargs else text


def fmt_number(value: float | None, lang: str = "sv", decimals: int = 2) -> str:
    """Format a number for display: ``−0,54`` in Swedish, ``-0.54`` in English, ``–`` if missing.

    >>> fmt_number(-0.5432), fmt_number(1234.5, "en", 1), fmt_number(None)
    ('−0,54', '1,234.5', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    try:
        if math.isnan(float(value)):
            return "–"
    except (TypeError, ValueError):
        return str(value)
    text = f"{float(value):,.{decimals}f}"
    if lang == "en":
        return text
    text = text.replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "−")
