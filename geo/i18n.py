"""All UI strings, Swedish first, English available (the import page's are in :mod:`geo.i18n_import`,
the map component's in :mod:`geo.i18n_map`).

``t(key, lang)`` returns the text; missing English falls back to Swedish, and a
missing key raises so tests catch typos. Numbers are formatted the Swedish way
(decimal comma, real minus sign) unless the language is English.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from geo.i18n_auth import AUTH_STRINGS
from geo.i18n_bounds import BOUNDS_STRINGS
from geo.i18n_diskfull import DISKFULL_STRINGS
from geo.i18n_followup import FOLLOWUP_STRINGS
from geo.i18n_import import IMPORT_STRINGS
from geo.i18n_map import MAP_STRINGS
from geo.i18n_opendata import OPENDATA_STRINGS
from geo.i18n_sensitivity import SENSITIVITY_STRINGS
from geo.i18n_store import STORE_STRINGS
from geo.i18n_versions import VERSION_STRINGS

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
    "labels": {"sv": "Rang och namn på kartan", "en": "Rank and name on the map"},
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
    "rank": {"sv": "Rang", "en": "Rank"},
    "area": {"sv": "Område", "en": "Area"},
    "index": {"sv": "Index", "en": "Index"},
    "rank_change": {"sv": "Förändring mot grundvikter", "en": "Change vs. default weights"},
    "rank_change_short": {"sv": "Förändring", "en": "Change"},
    "baseline_rank": {"sv": "Rang med grundvikter", "en": "Rank with default weights"},
    "top_k_col": {"sv": "Topp k", "en": "Top k"},
    "top_now": {"sv": "Topp {k} just nu", "en": "Top {k} now"},
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
    "class_col": {"sv": "Klass", "en": "Class"},
    "bad_link": {"sv": "Länken kunde inte användas: {error}", "en": "The link could not be used: {error}"},
    "export_heading": {"sv": "Exportera", "en": "Export"},
    "export_csv": {"sv": "CSV (komma, punkt)", "en": "CSV (comma, point)"},
    "export_csv_swedish": {"sv": "CSV (Excel, svensk)", "en": "CSV (Swedish Excel)"},
    "export_xlsx": {"sv": "Excel", "en": "Excel"},
    "export_gpkg": {"sv": "GeoPackage", "en": "GeoPackage"},
    "export_geojson": {"sv": "GeoJSON", "en": "GeoJSON"},
    "export_png": {"sv": "Karta (PNG)", "en": "Map (PNG)"},
    "export_pdf": {"sv": "PDF-underlag", "en": "PDF brief"},
    "export_note": {
        "sv": "Filerna gäller det du ser nu: definition, år, metod och vikter. Excel har flikar för resultat, "
              "vikter och metod samt datakvalitet; PDF-underlaget är en sida för utskick. Demodata märks i varje fil. "
              "CSV (Excel, svensk) öppnas i kolumner i svenska Excel (semikolon, decimalkomma); CSV (komma, punkt) "
              "är för andra program.",
        "en": "The files hold what you see now: definition, year, method and weights. Excel has sheets for "
              "results, weights and method, and data quality; the PDF brief is one page to hand out. Demo data is "
              "labelled in every file. CSV (comma, point) is for most programs; CSV (Swedish Excel) opens in "
              "columns in Swedish Excel (semicolon, decimal comma).",
    },
    "meeting_page": {"sv": "Mötesläge", "en": "Meeting mode"},
    "meeting_exit": {"sv": "Avsluta mötesläget", "en": "Leave meeting mode"},
    "and_more": {"sv": "och {n} till", "en": "and {n} more"},
    "table_alternative": {"sv": "Kartan som tabell", "en": "The map as a table"},
    "selected_area": {"sv": "Valt område", "en": "Selected area"},
    "select_area": {"sv": "Välj område", "en": "Choose area"},
    "click_hint": {"sv": "Klicka på ett område på kartan eller välj i listan.",
                   "en": "Click an area on the map or choose it in the list."},
    "open_profile": {"sv": "Öppna områdesprofilen", "en": "Open the area profile"},
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
    # --- results mode (uploaded, already computed results)
    "results_mode_banner": {
        "sv": "Uppladdade färdiga resultat: kartan och rangordningen visar tabellens dimensionsvärden och/eller "
              "index. Reglagen viktar dimensionerna; normaliseringsmetod, aggregering och indikatorvikter "
              "påverkar inte.",
        "en": "Uploaded, already computed results: the map and the ranking show the table's dimension scores "
              "and/or index. The sliders weight the dimensions; normalisation method, aggregation and indicator "
              "weights have no effect.",
    },
    "results_index_only_banner": {
        "sv": "Uppladdade färdiga resultat med bara ett index: det visas som det är. Reglagen, "
              "normaliseringsmetoden och aggregeringen påverkar inte rangordningen.",
        "en": "Uploaded, already computed results with only an index: it is shown as it is. The sliders, the "
              "normalisation method and the aggregation do not affect the ranking.",
    },
    "results_only_info": {
        "sv": "De uppladdade data innehåller bara färdiga resultat (dimensionsvärden/index), inga indikatorer. "
              "Indikatorvärden, bidrag och utveckling över tid kan därför inte visas här.",
        "en": "The uploaded data holds only computed results (dimension scores/index), no indicators. "
              "Indicator values, contributions and the development over time cannot be shown here.",
    },
    "results_data_note": {"sv": "Data: {source} (färdiga resultat){year}",
                          "en": "Data: {source} (computed results){year}"},
    # --- import page
    "import_page": {"sv": "Importera", "en": "Import"},
    # --- import page: aggregation
    # --- method page
    'method_forgymnasial': {'sv': 'Stadens text säger *”Andel (20–64 år) med lägst förgymnasial utbildning”*. Bokstavligt tolkat gäller det nästan alla vuxna och skiljer inte områdena åt. Indexet tolkar därför indikatorn som andelen med **högst** förgymnasial utbildning, med polaritet −1 (högre andel = större utmaning). Definitionsfilen låter staden ändra detta utan kodändring.', 'en': 'The city\'s text says *"share (20–64) with at least compulsory schooling"*. Taken literally that is almost every adult and does not separate the areas, so the index reads it as the share with **at most** compulsory schooling, with polarity −1 (a higher share = greater challenges). The definition file lets the city change this without code.'},
    "method_normalisation_intro": {"sv": "Varje indikator normaliseras över områdena för det valda året så att **högre = bättre levnadsvillkor** för alla normaliserade värden. x̄ är snittet och σ populationsstandardavvikelsen (ddof = 0) över områden med värde; r är medelrangen vid lika värden.", "en": "Each indicator is normalised across the areas for the chosen year so that **higher = better living conditions** for every normalised value. x̄ is the mean and σ the population standard deviation (ddof = 0) over the areas with a value; r is the average rank for ties."},
    'method_aggregation_rules': {'sv': '- Dimensionsvärdet är det viktade medelvärdet av dess normaliserade indikatorer (vikter vᵢ ur definitionen, lika som standard).\n- Indexet är det viktade medelvärdet av dimensionerna med vikterna w_d från reglagen; alla vikter 0 är inte tillåtet. Geometriskt medel kräver att alla dimensionsvärden är > 0 och går därför inte med z-poäng.\n- **Rang 1 = lägst index = störst utmaningar.** Lika index delar den lägsta rangen.\n- **Saknade värden blir aldrig 0.** En dimension där en indikator saknas beräknas av de övriga (med anmärkning). Saknas alla indikatorer i en dimension rankas området inte och visas som ”saknar värde”. Saknar en dimension data i alla områden går den bara att använda med vikten 0 (”utan den”): indexet beräknas då av de övriga dimensionerna och den visas som ”saknar data”; med en vikt över 0 vägras beräkningen.\n- Förändring mot grundvikter = rang med definitionens standardvikter (samma år och metod) minus rang med valda vikter; ↑ betyder högre prioritet.', 'en': '- A dimension score is the weighted mean of its normalised indicators (weights vᵢ from the definition, equal by default).\n- The index is the weighted mean of the dimensions with the slider weights w_d; all weights 0 is not allowed. The geometric mean needs every dimension score > 0, so it is not available with z-scores.\n- **Rank 1 = lowest index = greatest challenges.** Equal indices share the lowest rank.\n- **Missing values are never 0.** A dimension missing an indicator is computed from the others (with a note). If all indicators of a dimension are missing, the area is not ranked and shown as "no value". A dimension without data for every area can only be used with weight 0 ("without it"): the index is then computed from the other dimensions and it is shown as "no data"; with a weight above 0 the computation is refused.\n- Change vs. default weights = rank with the definition\'s default weights (same year and method) minus rank with the chosen weights; ↑ means higher priority.'},
    'method_ratio_note': {'sv': 'Kvoten för polaritet −1 speglar +1-värdet kring snittet (= 100): ett område 20 % över snittet på en ”högre är sämre”-indikator får 80. Om alla områden har samma värde får alla det neutrala värdet {neutral}.', 'en': 'The ratio for polarity −1 mirrors the +1 score around the mean (= 100): an area 20 % above the mean of a "higher is worse" indicator scores 80. If all areas are equal, all get the neutral value {neutral}.'},
    "method_forgymnasial_heading": {"sv": "Lägst eller högst förgymnasial?", "en": "At least or at most compulsory schooling?"},
    "method_normalisation": {"sv": "Normalisering", "en": "Normalisation"},
    "method_aggregation": {"sv": "Aggregering och rangordning", "en": "Aggregation and ranking"},
    "method_data_years": {"sv": "Data och år", "en": "Data and years"},
    "file": {"sv": "Fil", "en": "File"},
    "weight_lower": {"sv": "vikt", "en": "weight"},
    "areas_word": {"sv": "Områden", "en": "Areas"},
    "crs_word": {"sv": "koordinatsystem", "en": "CRS"},
    "indicators_word": {"sv": "Indikatorer", "en": "Indicators"},
    "years_word": {"sv": "år", "en": "years"},
    "year_shown": {"sv": "visat år", "en": "year shown"},
    "method_results_heading": {"sv": "Färdiga resultat", "en": "Already computed results"},
    "method_results": {"sv": "De uppladdade data är färdiga dimensionsvärden (eller ett färdigt index) per område. Normaliseringen ovan görs då inte här: indexet är det viktade medelvärdet av de givna dimensionsvärdena med vikterna från reglagen, och rangordningen följer samma regel. Finns bara ett index visas det som det är.", "en": "The uploaded data are computed dimension scores (or a computed index) per area. The normalisation above is then not done here: the index is the weighted mean of the given dimension scores with the slider weights, and the ranking follows the same rule. If there is only an index, it is shown as it is."},
    # --- scenarios (page "Scenarier")
    "scenarios_page": {"sv": "Scenarier", "en": "Scenarios"},
    "sc_save_heading": {"sv": "Spara nuvarande inställningar", "en": "Save the current settings"},
    "sc_name": {"sv": "Namn på scenariot", "en": "Scenario name"},
    "sc_note": {"sv": "Anteckning (valfri)", "en": "Note (optional)"},
    "sc_overwrite": {"sv": "Skriv över ett scenario med samma namn", "en": "Overwrite a scenario with the same name"},
    "sc_save": {"sv": "Spara scenario", "en": "Save scenario"},
    "sc_saved": {"sv": "Scenariot ”{name}” är sparat.", "en": "Scenario “{name}” saved."},
    "sc_list_heading": {"sv": "Sparade scenarier", "en": "Saved scenarios"},
    "sc_none": {"sv": "Inga sparade scenarier ännu.", "en": "No saved scenarios yet."},
    "upload_limit": {"sv": "Högst {mb} MB per fil", "en": "At most {mb} MB per file"},
    "upload_button": {"sv": "Välj fil", "en": "Choose file"},
    "choose_options": {"sv": "Välj …", "en": "Choose …"},
    "sc_store_caption": {"sv": "Sparas på servern i scenariodatabasen ({path}).",
                         "en": "Stored on the server in the scenario database ({path})."},
    "sc_open": {"sv": "Öppna", "en": "Open"},
    "sc_opened": {"sv": "Scenariot ”{name}” är öppnat: alla sidor visar nu dess inställningar.",
                  "en": "Scenario “{name}” opened: every page now shows its settings."},
    "sc_unknown_definition": {"sv": "Scenariot ”{name}” använder indexdefinitionen ”{definition}”, som inte finns här.",
                              "en": "Scenario “{name}” uses the index definition “{definition}”, which is not available here."},
    "sc_new_name": {"sv": "Nytt namn", "en": "New name"},
    "sc_rename": {"sv": "Byt namn", "en": "Rename"},
    "sc_renamed": {"sv": "Namnet är ändrat till ”{name}”.", "en": "Renamed to “{name}”."},
    "sc_delete": {"sv": "Ta bort", "en": "Delete"},
    "sc_confirm_delete": {"sv": "Ta bort scenariot ”{name}”? Bara en förvaltare kan återställa det.",
                          "en": "Delete scenario “{name}”? Only a steward (förvaltare) can restore it."},
    "sc_confirm_yes": {"sv": "Ja, ta bort", "en": "Yes, delete"},
    "sc_cancel": {"sv": "Avbryt", "en": "Cancel"},
    "sc_deleted": {"sv": "Scenariot ”{name}” är borttaget.", "en": "Scenario “{name}” deleted."},
    "sc_changed": {"sv": "ändrat {when}", "en": "changed {when}"},
    "sc_compare_heading": {"sv": "Jämför två scenarier", "en": "Compare two scenarios"},
    "sc_a": {"sv": "Scenario A (utgångsläge)", "en": "Scenario A (starting point)"},
    "sc_b": {"sv": "Scenario B (jämförs med A)", "en": "Scenario B (compared with A)"},
    "sc_baseline": {"sv": "Grundvikter", "en": "Default weights"},
    "sc_current": {"sv": "Nuvarande inställningar", "en": "Current settings"},
    "sc_compare_caption": {
        "sv": "Rang 1 = störst utmaningar. Förändring = rang i A − rang i B: ↑ (blå) = högre prioritet i B, "
              "↓ (orange) = lägre, grå = oförändrad. Topp k = {k} (från inställningarna).",
        "en": "Rank 1 = greatest challenges. Change = rank in A − rank in B: ↑ (blue) = higher priority in B, "
              "↓ (orange) = lower, grey = unchanged. Top k = {k} (from the settings)."},
    "sc_diff_heading": {"sv": "Rangförändring A → B", "en": "Rank change A → B"},
    "sc_diff_legend_up": {"sv": "högre prioritet i B", "en": "higher priority in B"},
    "sc_diff_legend_down": {"sv": "lägre prioritet i B", "en": "lower priority in B"},
    "sc_diff_legend_same": {"sv": "oförändrad", "en": "unchanged"},
    "sc_diff_or_more": {"sv": "{n} eller fler", "en": "{n} or more"},
    "sc_shared_breaks": {
        "sv": "A och B har samma klassgränser (beräknade på båda tillsammans): samma färg betyder samma indexvärde.",
        "en": "A and B share one set of class breaks (computed from both together): the same colour means the "
              "same index value."},
    "sc_rank_a": {"sv": "Rang A", "en": "Rank A"},
    "sc_rank_b": {"sv": "Rang B", "en": "Rank B"},
    "sc_topk_status": {"sv": "Topp k-status", "en": "Top k status"},
    "sc_topk_in": {"sv": "ny i topp {k}", "en": "enters top {k}"},
    "sc_topk_out": {"sv": "lämnar topp {k}", "en": "leaves top {k}"},
    "sc_no_topk_change": {"sv": "Topp {k} är densamma i A och B.", "en": "The top {k} is the same in A and B."},
    "sc_same": {"sv": "A och B ger samma rangordning.", "en": "A and B give the same ranking."},
    "sc_slope_heading": {"sv": "Rangförskjutning A → B", "en": "Rank shift A → B"},
    # --- robustness (page "Robusthet")
    "robustness_page": {"sv": "Robusthet", "en": "Robustness"},
    "rb_intro": {
        "sv": "Vikterna är en politisk bedömning. Här dras många viktningar slumpmässigt runt de valda vikterna "
              "och för varje viktning räknas rangordningen om. Ett område som hamnar i topp {k} nästan oavsett "
              "viktning är robust prioriterat.",
        "en": "Weights are a political judgement. Here many weightings are drawn at random around the chosen "
              "weights and the ranking is recomputed for each. An area that is in the top {k} almost whatever "
              "the weighting is robustly prioritised."},
    "rb_draws": {"sv": "Antal dragningar", "en": "Number of draws"},
    "rb_concentration": {"sv": "Hur nära de valda vikterna (koncentration)", "en": "How close to the chosen weights (concentration)"},
    "rb_concentration_help": {
        "sv": "Ett högt tal betyder att de slumpade vikterna ligger nära de valda vikterna (små ändringar), "
              "ett lågt tal att de kan skilja sig mycket. Vid 50 ändras en vikt på 25 % oftast med högst "
              "ungefär ±12 procentenheter; vid 5 kan den bli nästan vad som helst.",
        "en": "A high number means the random weights stay close to the chosen weights (small changes), a low "
              "number that they can differ a lot. At 50 a weight of 25 % usually changes by at most about "
              "±12 percentage points; at 5 it can become almost anything."},
    "rb_methods": {"sv": "Dra även normaliseringsmetod", "en": "Also draw the normalisation method"},
    "rb_methods_help": {"sv": "Varje dragning väljer då en av metoderna z-poäng, min–max, percentilrang och kvot.",
                        "en": "Each draw then picks one of the methods z-score, min–max, percentile rank and ratio."},
    "rb_seed": {"sv": "Slumpfrö (samma frö ger samma resultat)", "en": "Random seed (same seed, same result)"},
    "rb_robust_heading": {"sv": "Robust prioriterade (i topp {k} i minst 95 % av dragningarna)",
                          "en": "Robustly prioritised (in the top {k} in at least 95 % of draws)"},
    "rb_robust_none": {"sv": "Inget område är i topp {k} i minst 95 % av dragningarna.",
                       "en": "No area is in the top {k} in at least 95 % of draws."},
    "rb_unstable": {"sv": "Osäkra (5–95 %-intervallet korsar gränsen för topp {k})",
                    "en": "Uncertain (the 5–95 % interval crosses the top {k} boundary)"},
    "rb_interval_heading": {"sv": "Rangintervall per område", "en": "Rank interval per area"},
    "rb_interval_caption": {
        "sv": "Linje = 5–95 % av dragningarna, punkt = median, streck = bästa och sämsta rang som nåtts. "
              "Den streckade linjen är gränsen för topp {k}. Blå = robust prioriterad, orange = osäker.",
        "en": "Line = 5–95 % of the draws, dot = median, ticks = best and worst rank reached. The dashed line "
              "is the top {k} boundary. Blue = robustly prioritised, orange = uncertain."},
    "rb_map_legend": {"sv": "Tjock streckad kant = osäkert område (5–95 %-intervallet korsar gränsen för topp {k}).",
                      "en": "Thick dashed outline = uncertain area (the 5–95 % interval crosses the top {k} boundary)."},
    "rb_median": {"sv": "Medianrang", "en": "Median rank"},
    "rb_interval": {"sv": "5–95 %", "en": "5–95 %"},
    "rb_p_top": {"sv": "Andel i topp {k}", "en": "Share in top {k}"},
    "rb_best": {"sv": "Bästa rang", "en": "Best rank"},
    "rb_worst": {"sv": "Sämsta rang", "en": "Worst rank"},
    "rb_status": {"sv": "Status", "en": "Status"},
    "rb_status_robust": {"sv": "robust", "en": "robust"},
    "rb_status_unstable": {"sv": "osäker", "en": "uncertain"},
    "rb_caption": {"sv": "{draws} dragningar, koncentration {concentration}, frö {seed}{methods}.",
                   "en": "{draws} draws, concentration {concentration}, seed {seed}{methods}."},
    "rb_caption_methods": {"sv": ", alla normaliseringsmetoder", "en": ", all normalisation methods"},
    "rb_results_mode": {"sv": "Med färdiga resultat dras bara vikterna (det finns inga indikatorer att normalisera om).",
                        "en": "With computed results only the weights are drawn (there are no indicators to renormalise)."},
    # --- context overlays ("Kartlager")
    "overlays_heading": {"sv": "Kartlager", "en": "Map layers"},
    "overlays_help": {"sv": "Extra lager ritas som konturer med namn ovanpå kartan. Lägg filer i datamappens "
                            "undermapp overlays/ eller ladda upp dem på sidan Importera.",
                      "en": "Extra layers are drawn as outlines with names on top of the map. Put files in the "
                            "data folder's overlays/ subfolder or upload them on the Import page."},
    "overlays_none": {"sv": "Inga kartlager hittades.", "en": "No map layers found."},
    # --- settings, as the exports and messages name them (geo.settings.describe)
    "setting_definition_id": {"sv": "Indexdefinition", "en": "Index definition"},
    "setting_definition_version": {"sv": "Version", "en": "Version"},
    "setting_year": {"sv": "År", "en": "Year"},
    "setting_reference_year": {"sv": "Referensår (måttstock)", "en": "Reference year (yardstick)"},
    "reference_year": {"sv": "Referensår (måttstock)", "en": "Reference year (yardstick)"},
    "reference_year_help": {
        "sv": "Normalisera varje år mot referensårets medelvärde, spridning, min och max, så att åren mäts med "
              "samma måttstock och en förbättring i hela staden syns. Utan referensår jämförs områdena bara med "
              "varandra inom året. Går inte med percentilrang.",
        "en": "Normalise every year against the reference year's mean, spread, minimum and maximum, so that years "
              "are measured with one yardstick and a city-wide improvement shows. Without a reference year the "
              "areas are only compared with each other within the year. Not possible with percentile ranks.",
    },
    "method_reference": {
        "sv": "**Referensår (måttstock).** Utan referensår tas medelvärde, standardavvikelse, min och max från "
              "det år som visas, så ett index säger bara hur områdena ligger till *i förhållande till varandra* det "
              "året: blir alla områden lika mycket bättre ändras ingenting. Med ett referensår R mäts varje år Y "
              "med R:s statistik: z-poäng (x_Y − medel_R) / sd_R, min–max 100·(x_Y − min_R)/(max_R − min_R), kvot "
              "100·x_Y / medel_R (polaritet −1 vänds som ovan). Värdena kan då hamna utanför 0–100, och en "
              "förbättring i hela staden syns. Percentilrang finns bara inom ett år och kan inte mätas mot ett "
              "referensår. En indikator utan variation i R får det neutrala värdet. Nu: {now}.",
        "en": "**Reference year (yardstick).** Without a reference year the mean, standard deviation, minimum and "
              "maximum come from the year shown, so an index only says how the areas stand *relative to each "
              "other* that year: if every area improves equally, nothing changes. With a reference year R every "
              "year Y is measured with R's statistics: z-score (x_Y − mean_R) / sd_R, min–max "
              "100·(x_Y − min_R)/(max_R − min_R), ratio 100·x_Y / mean_R (polarity −1 mirrored as above). Values "
              "may then leave 0–100, and a city-wide improvement shows. Percentile ranks exist only within a year "
              "and cannot be measured against a reference year. An indicator without variation in R gets the "
              "neutral value. Now: {now}.",
    },
    "reference_none": {"sv": "inget (varje år för sig)", "en": "none (each year on its own)"},
    "setting_method": {"sv": "Normaliseringsmetod", "en": "Normalisation method"},
    "setting_aggregation": {"sv": "Aggregering", "en": "Aggregation"},
    "setting_weights": {"sv": "Vikter per dimension", "en": "Dimension weights"},
    "setting_indicator_weights": {"sv": "Ändrade indikatorvikter", "en": "Changed indicator weights"},
    "setting_top_k": {"sv": "Topp k", "en": "Top k"},
    "setting_scheme": {"sv": "Klassindelning", "en": "Map classification"},
    "setting_lang": {"sv": "Språk", "en": "Language"},
    "setting_basemap": {"sv": "Bakgrundskarta", "en": "Background map"},
    "setting_labels": {"sv": "Rang och namn på kartan", "en": "Rank and name on the map"},
    "setting_defaults": {"sv": "definitionens", "en": "the definition's"},
    "setting_latest": {"sv": "senaste året med data", "en": "the latest year with data"},
    "yes": {"sv": "ja", "en": "yes"},
    "no": {"sv": "nej", "en": "no"},
    "unsaved_scenario": {"sv": "(osparat scenario)", "en": "(unsaved scenario)"},
    "rank_rule": {"sv": "Rang 1 = lägst index = störst utmaningar; lika index delar lägsta rang.",
                  "en": "Rank 1 = lowest index = greatest challenges; equal indices share the lowest rank."},
    "conflict_geometric": {
        "sv": "aggregeringen ”{aggregation}” går inte att använda med normaliseringsmetoden ”{method}”: {reason}",
        "en": "the aggregation “{aggregation}” cannot be used with the normalisation method “{method}”: {reason}",
    },
    "conflict_geometric_hint": {
        "sv": "Välj metoden ”{ratio}” eller aggregeringen ”{arithmetic}”.",
        "en": "Choose the method “{ratio}” or the aggregation “{arithmetic}”.",
    },
    "conflict_fallback": {
        "sv": "Kartan och rangordningen visar ”{fallback}” tills du väljer:",
        "en": "The map and the ranking show “{fallback}” until you choose:",
    },
    "conflict_rank_reference": {
        "sv": "Percentilrang kan inte mätas mot referensåret {year}: en rang finns bara inom ett år.",
        "en": "Percentile ranks cannot be measured against the reference year {year}: a rank exists only within a year.",
    },
    "conflict_shown_without_reference": {"sv": "Tills vidare visas percentilrang utan referensår.",
                                         "en": "Meanwhile percentile ranks are shown without a reference year."},
    "conflict_no_reference": {"sv": "Inget referensår", "en": "No reference year"},
    "conflict_rank_reference_hint": {"sv": "Välj {zscore} eller inget referensår.",
                                     "en": "Choose {zscore} or no reference year."},
    "conflict_zscore_reason": {"sv": "z-poäng kan vara negativa, och ett geometriskt medel kräver värden större än 0.",
                               "en": "z-scores can be negative, and a geometric mean needs values greater than 0."},
    "conflict_positive_reason": {
        "sv": "minst ett område har ett dimensionsvärde som är 0 eller lägre, och ett geometriskt medel kräver "
              "värden större än 0.",
        "en": "at least one area has a dimension score of 0 or less, and a geometric mean needs values greater "
              "than 0."},
    "flags_line": {"sv": "Anmärkning: {flags}", "en": "Note: {flags}"},
    "scenario_changed": {"sv": "(ändrat)", "en": "(changed)"},
    "scenario_open_banner": {"sv": "Öppet scenario: **{name}**", "en": "Open scenario: **{name}**"},
    "conflict_use_method": {"sv": "Byt metod till {method}", "en": "Switch the method to {method}"},
    "conflict_use_aggregation": {"sv": "Använd {aggregation}", "en": "Use the {aggregation}"},
    "dim_without_data_fallback": {
        "sv": "Kartan och rangordningen visar indexet utan {dims} (vikt 0) tills du ändrar vikten.",
        "en": "The map and the ranking show the index without {dims} (weight 0) until you change the weight.",
    },
    "dim_without_data_use_zero": {"sv": "Sätt vikten för {dims} till 0", "en": "Set the weight of {dims} to 0"},
    "dim_no_data": {"sv": "saknar data", "en": "no data"},
    "dim_left_out": {"sv": "{dim} saknar data och ingår inte i indexet.",
                     "en": "{dim} has no data and is not part of the index."},
    # --- errors
    "error_heading": {"sv": "Något i indata behöver rättas", "en": "Something in the input needs fixing"},
    **IMPORT_STRINGS,
    **MAP_STRINGS,
    **OPENDATA_STRINGS,
    **AUTH_STRINGS,
    **FOLLOWUP_STRINGS,
    **SENSITIVITY_STRINGS,
    **STORE_STRINGS,
    **VERSION_STRINGS,
    **BOUNDS_STRINGS,
    **DISKFULL_STRINGS,
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


def fmt_score(value: float | None, lang: str = "sv", decimals: int = 2) -> str:
    """A dimension score for display: a missing one reads "saknar data" (never 0, NaN or None).

    >>> fmt_score(float("nan")), fmt_score(0.5, "en")
    ('saknar data', '0.50')
    """
    text = fmt_number(value, lang, decimals)
    return t("dim_no_data", lang) if text == "–" else text


def short_list(values: Iterable[object], n: int = 10) -> str:
    """The first ``n`` values, comma-separated, with how many more: ``'a, b … (+3)'``.

    >>> short_list(range(12), 3)
    '0, 1, 2 … (+9)'
    """
    items = [str(v) for v in values]
    return ", ".join(items[:n]) + (f" … (+{len(items) - n})" if len(items) > n else "")
