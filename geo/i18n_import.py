"""UI strings of the import page (upload, column mapping, join report, aggregation, overlays).

Part of :data:`geo.i18n.STRINGS`; kept apart so the table of the rest of the app stays readable.
"""

from __future__ import annotations

IMPORT_STRINGS: dict[str, dict[str, str]] = {
    "imp_intro": {
        "sv": "Ladda upp stadens egna områden och tabeller. De används bara i den här webbläsarsessionen; "
              "konfigurerade filer skrivs aldrig över. Största filstorlek: {mb} MB per fil.",
        "en": "Upload the city's own areas and tables. They are used in this browser session only; configured "
              "files are never overwritten. Maximum file size: {mb} MB per file.",
    },
    "imp_max_size": {"sv": "Största filstorlek: {mb} MB.", "en": "Maximum file size: {mb} MB."},
    "imp_now_upload": {"sv": "Just nu används uppladdade data: {label}.", "en": "Now in use: uploaded data: {label}."},
    "imp_now_config": {"sv": "Just nu används de konfigurerade data ({label}).",
                       "en": "Now in use: the configured data ({label})."},
    "imp_now_demo": {"sv": "Just nu används de syntetiska demodata.", "en": "Now in use: the synthetic demo data."},
    "imp_revert": {"sv": "Återgå till konfigurerade data", "en": "Return to the configured data"},
    "imp_definition": {"sv": "Indexdefinition att koppla mot", "en": "Index definition to join against"},
    "imp_step_areas": {"sv": "1. Områden (polygonlager)", "en": "1. Areas (polygon layer)"},
    "imp_areas_upload": {"sv": "Områdeslager: GeoPackage, GeoJSON, FlatGeobuf eller zippad Shapefile",
                         "en": "Area layer: GeoPackage, GeoJSON, FlatGeobuf or zipped Shapefile"},
    "imp_layer": {"sv": "Lager", "en": "Layer"},
    "imp_id_col": {"sv": "Kolumn med områdets id", "en": "Column with the area id"},
    "imp_name_col": {"sv": "Kolumn med områdets namn", "en": "Column with the area name"},
    "imp_areas_ok": {"sv": "{file}: {n} områden, koordinatsystem {crs}.",
                     "en": "{file}: {n} areas, coordinate system {crs}."},
    "imp_repaired": {"sv": "{n} ogiltiga geometrier reparerades med make_valid: {ids}.",
                     "en": "{n} invalid geometries were repaired with make_valid: {ids}."},
    "imp_areas_preview": {"sv": "Visa områdena", "en": "Show the areas"},
    "imp_step_table": {"sv": "2. Tabell (indikatorer eller färdiga resultat)",
                       "en": "2. Table (indicators or computed results)"},
    "imp_table_upload": {"sv": "Tabell: CSV eller Excel (.xlsx)", "en": "Table: CSV or Excel (.xlsx)"},
    "imp_sheet": {"sv": "Blad i arbetsboken", "en": "Sheet in the workbook"},
    "imp_header_detected": {"sv": "Rubrikraden hittades automatiskt: rad {row}.",
                            "en": "The header row was detected automatically: row {row}."},
    "imp_header_manual": {"sv": "Ange rubrikraden själv", "en": "Set the header row myself"},
    "imp_header_row": {"sv": "Rubrikrad (radnummer som i Excel)", "en": "Header row (row number as in Excel)"},
    "imp_kind": {"sv": "Tabellen innehåller", "en": "The table holds"},
    "imp_kind_indicators": {"sv": "Indikatorer", "en": "Indicators"},
    "imp_kind_results": {"sv": "Färdiga resultat (dimensioner/index)", "en": "Computed results (dimensions/index)"},
    "imp_kind_scb": {"sv": "SCB-export (Statistikdatabasen)", "en": "SCB export (Statistical Database)"},
    "imp_kind_crosswalk": {"sv": "Kopplingstabell (fint → grovt område)", "en": "Crosswalk (fine → coarse area)"},
    "imp_looks_indicators": {"sv": "Tabellen ser ut som indikatorer i {form}. Ändra nedan om det är fel.",
                             "en": "The table looks like indicators in {form}. Change it below if wrong."},
    "imp_form_long": {"sv": "lång form (en rad per område, indikator och år)",
                      "en": "long form (one row per area, indicator and year)"},
    "imp_form_wide": {"sv": "bred form (en kolumn per indikator)", "en": "wide form (one column per indicator)"},
    "imp_looks_results": {"sv": "Tabellen ser ut som färdiga resultat (kolumner: {cols}). Ändra nedan om det är fel.",
                          "en": "The table looks like computed results (columns: {cols}). Change it below if wrong."},
    "imp_looks_scb": {
        "sv": "Tabellen ser ut som en SCB-export från Statistikdatabasen (kolumner: {cols}); den läses som "
              "`python -m geo scb` läser den, med täljare och nämnare. Ändra nedan om det är fel.",
        "en": "The table looks like an SCB export from the Statistical Database (columns: {cols}); it is read as "
              "`python -m geo scb` reads it, with numerators and denominators. Change it below if wrong.",
    },
    "imp_looks_crosswalk": {
        "sv": "Tabellen ser ut som en kopplingstabell mellan områdesnivåer (kolumner: {cols}). Ändra nedan om det "
              "är fel.",
        "en": "The table looks like a crosswalk between area levels (columns: {cols}). Change it below if wrong.",
    },
    "imp_is_crosswalk": {
        "sv": "En kopplingstabell innehåller inga indikatorer att koppla till områdena. Använd den i "
              "aggregeringssteget längre ned för att räkna om en tabell från fina till grova områden.",
        "en": "A crosswalk holds no indicators to join to the areas. Use it in the aggregation step below to "
              "convert a table from fine to coarse areas.",
    },
    "imp_send_crosswalk": {"sv": "Använd som kopplingstabell i aggregeringen",
                           "en": "Use as the crosswalk in the aggregation"},
    "imp_ids_are_codes": {
        "sv": "Tabellens id är {level} (t.ex. {example}, {n} olika), men områdeslagret har andra id. Aggregera "
              "tabellen till lagrets områden först (steget ”Aggregera” nedan, med en kopplingstabell eller "
              "geografisk överlagring).",
        "en": "The table's ids are {level} (e.g. {example}, {n} different), but the area layer has other ids. "
              "Aggregate the table to the layer's areas first (the \"Aggregate\" step below, with a crosswalk or "
              "a spatial overlay).",
    },
    "imp_level_deso": {"sv": "DeSO-koder", "en": "DeSO codes"},
    "imp_level_regso": {"sv": "RegSO-koder", "en": "RegSO codes"},
    "imp_send_fine": {"sv": "Skicka tabellen till aggregeringen", "en": "Send the table to the aggregation"},
    "imp_columns": {"sv": "Kolumner: {cols}", "en": "Columns: {cols}"},
    "imp_step_mapping": {"sv": "3. Kolumnmappning", "en": "3. Column mapping"},
    "imp_mapping_help": {
        "sv": "Rubriker som inte är definitionens id. Förslaget läser rubrikens innebörd och riktning och "
              "föreslår aldrig en indikator med motsatt innebörd som den är; välj ”ignorera” för kolumner som "
              "inte ska användas.",
        "en": "Headers that are not the definition's ids. The proposal reads each header's meaning and direction "
              "and never proposes an indicator of the opposite meaning as it is; choose \"ignore\" for columns "
              "that should not be used.",
    },
    "imp_mapping_none": {"sv": "Alla rubriker stämmer med definitionens id; ingen mappning behövs.",
                         "en": "All headers match the definition's ids; no mapping is needed."},
    "imp_mapping_values": {"sv": "Indikatornamn i kolumnen indicator_id",
                           "en": "Indicator names in the indicator_id column"},
    "imp_ignore": {"sv": "– ignorera –", "en": "– ignore –"},
    "imp_flip": {"sv": "100 − x", "en": "100 − x"},
    "imp_flip_help": {
        "sv": "Kolumnen betyder motsatsen. Bocka i när kolumnen är komplementet till indikatorn, t.ex. "
              "”Andel med ekonomiskt bistånd” för ”utan ekonomiskt bistånd”: värdet används som 100 − x "
              "(täljaren som nämnare − täljare).",
        "en": "The column means the opposite. Tick when the column is the complement of the indicator, e.g. "
              "\"share with social assistance\" for \"without social assistance\": the value is used as 100 − x "
              "(the numerator as denominator − numerator).",
    },
    "imp_flip_off": {"sv": "100 − x gäller bara andelar i procent.", "en": "100 − x applies to percentage shares only."},
    "imp_flip_proposed": {
        "sv": "{n} kolumner betyder motsatsen till indikatorn och föreslås som 100 − x: {headers}. Kontrollera "
              "att det stämmer; en fel riktning vänder på rangordningen.",
        "en": "{n} columns mean the opposite of the indicator and are proposed as 100 − x: {headers}. Check that "
              "this is right; a wrong direction turns the ranking around.",
    },
    "imp_keep_value": {"sv": "– behåll som det är –", "en": "– keep as is –"},
    "imp_mapping_load": {"sv": "Använd sparad mappning (TOML eller JSON)", "en": "Use a saved mapping (TOML or JSON)"},
    "imp_mapping_loaded": {"sv": "Mappningen från {file} används ({n} rubriker).",
                           "en": "The mapping from {file} is used ({n} headers)."},
    "imp_mapping_download": {"sv": "Ladda ner mappning", "en": "Download mapping"},
    "imp_step_report": {"sv": "4. Kopplingsrapport", "en": "4. Join report"},
    "imp_m_areas": {"sv": "Områden", "en": "Areas"},
    "imp_m_with_data": {"sv": "med data", "en": "with data"},
    "imp_m_rows": {"sv": "Rader i tabellen", "en": "Table rows"},
    "imp_m_unmatched": {"sv": "Rader utan område", "en": "Rows without area"},
    "imp_w_without_data": {"sv": "{n} områden saknar data: {ids}.", "en": "{n} areas have no data: {ids}."},
    "imp_w_unmatched": {"sv": "{n} rader hör inte till något område i lagret: {ids}.",
                        "en": "{n} rows belong to no area in the layer: {ids}."},
    "imp_x_without_data": {"sv": "Områden utan data", "en": "Areas without data"},
    "imp_x_unmatched": {"sv": "Rader utan matchande område", "en": "Rows without a matching area"},
    "imp_x_out_of_range": {"sv": "Värden utanför intervall", "en": "Values out of range"},
    "imp_x_suppressed": {"sv": "Undertryckta eller saknade celler", "en": "Suppressed or missing cells"},
    "imp_x_id_changes": {"sv": "Id som normaliserades för att matcha", "en": "Ids normalised to match"},
    "imp_x_preview": {"sv": "Förhandsvisning av rangordningen (grundvikter)",
                      "en": "Preview of the ranking (default weights)"},
    "imp_r_none_matched": {"sv": "Ingen rad i resultattabellen kunde kopplas till något område.",
                           "en": "No row of the results table could be joined to an area."},
    "imp_report_download": {"sv": "Ladda ner rapporten (text)", "en": "Download the report (text)"},
    "imp_use": {"sv": "Använd i denna session", "en": "Use in this session"},
    "imp_use_disabled": {"sv": "Rätta felen ovan innan data kan användas.",
                         "en": "Fix the errors above before the data can be used."},
    "imp_used": {"sv": "De uppladdade data används nu på alla sidor i den här sessionen.",
                 "en": "The uploaded data is now used on every page in this session."},
    "imp_need_both": {"sv": "Ladda upp både ett områdeslager och en tabell för att se kopplingsrapporten.",
                      "en": "Upload both an area layer and a table to see the join report."},
    "imp_file_error": {"sv": "**{file}**: {error}", "en": "**{file}**: {error}"},
    "imp_unexpected": {"sv": "filen kunde inte tolkas ({kind}). Kontrollera formatet.",
                       "en": "the file could not be interpreted ({kind}). Check the format."},
    "agg_heading": {"sv": "Aggregera finare områden till grövre (t.ex. DeSO/delområden → GeSO)",
                    "en": "Aggregate fine areas to coarse ones (e.g. DeSO/sub-districts → GeSO)"},
    "agg_intro": {
        "sv": "Andelar räknas om som Σtäljare/Σnämnare, antal summeras, och andelar utan nämnare vägs bara med "
              "befolkning. Ett vanligt medelvärde av procentsatser räknas aldrig.",
        "en": "Shares are recomputed as Σnumerator/Σdenominator, counts are summed, and shares without a "
              "denominator are averaged only with population weights. A plain mean of percentages is never used.",
    },
    "agg_fine_upload": {"sv": "Fina områden (polygonlager)", "en": "Fine areas (polygon layer)"},
    "agg_fine_id": {"sv": "Id-kolumn i de fina områdena", "en": "Id column of the fine areas"},
    "agg_received": {"sv": "Filen är vald i aggregeringssteget nedan.", "en": "The file is selected in the "
                     "aggregation step below."},
    "agg_mapping": {"sv": "Kolumnmappning för tabellen (samma som i steg 3)",
                    "en": "Column mapping for the table (as in step 3)"},
    "agg_fine_table": {"sv": "Indikatortabell per fint område (CSV/.xlsx)",
                       "en": "Indicator table per fine area (CSV/.xlsx)"},
    "agg_how": {"sv": "Koppling till de grova områdena", "en": "Link to the coarse areas"},
    "agg_how_overlay": {"sv": "Geografisk överlagring med grova områden", "en": "Spatial overlay with coarse areas"},
    "agg_how_crosswalk": {"sv": "Kopplingstabell (CSV)", "en": "Crosswalk table (CSV)"},
    "agg_coarse_upload": {"sv": "Grova områden (polygonlager)", "en": "Coarse areas (polygon layer)"},
    "agg_coarse_id": {"sv": "Id-kolumn i de grova områdena", "en": "Id column of the coarse areas"},
    "agg_cw_upload": {"sv": "Kopplingstabell: fint id, grovt id och valfri andel",
                      "en": "Crosswalk: fine id, coarse id and optional share"},
    "agg_cw_fine": {"sv": "Kolumn med fint id", "en": "Column with the fine id"},
    "agg_cw_coarse": {"sv": "Kolumn med grovt id", "en": "Column with the coarse id"},
    "agg_cw_share": {"sv": "Kolumn med andel (0–1)", "en": "Column with the share (0–1)"},
    "agg_none": {"sv": "– ingen –", "en": "– none –"},
    "agg_weight": {"sv": "Vikt för andelar utan nämnare", "en": "Weight for shares without a denominator"},
    "agg_weight_area": {"sv": "ingen befolkning (ytviktning av antal)",
                        "en": "no population (area weighting of counts)"},
    "agg_weight_col": {"sv": "befolkning: {col}", "en": "population: {col}"},
    "agg_counts": {"sv": "Indikatorer som är antal (summeras)", "en": "Indicators that are counts (summed)"},
    "agg_missing": {"sv": "Saknade delar", "en": "Missing parts"},
    "agg_missing_propagate": {"sv": "gör det grova värdet saknat", "en": "make the coarse value missing"},
    "agg_missing_skip": {"sv": "hoppa över och räkna dem", "en": "skip them and count them"},
    "agg_run": {"sv": "Aggregera", "en": "Aggregate"},
    "agg_done": {"sv": "{n} rader för {k} grova områden.", "en": "{n} rows for {k} coarse areas."},
    "agg_unmatched": {"sv": "Fina id utan koppling: {ids}.", "en": "Fine ids without a link: {ids}."},
    "agg_without_data": {"sv": "Fina områden i kopplingen utan data: {ids}.",
                         "en": "Fine areas in the link without data: {ids}."},
    "agg_download": {"sv": "Ladda ner som CSV", "en": "Download as CSV"},
    "agg_use": {"sv": "Använd som indikatortabell ovan", "en": "Use as the indicator table above"},
    "agg_used": {"sv": "Den aggregerade tabellen är vald som tabell i steg 2.",
                 "en": "The aggregated table is selected as the table in step 2."},
    "agg_need": {"sv": "Ladda upp fina områden, en tabell och de grova områdena eller en kopplingstabell.",
                 "en": "Upload fine areas, a table and the coarse areas or a crosswalk."},
    "overlay_uploaded": {"sv": "uppladdat", "en": "uploaded"},
    "overlay_upload_heading": {"sv": "Kartlager (konturer med namn)", "en": "Map layers (outlines with names)"},
    "overlay_upload_intro": {
        "sv": "Ett polygonlager, t.ex. Polisens utsatta områden, som kan visas ovanpå kartan (bara i den här "
              "webbläsarsessionen). GeoPackage, GeoJSON, FlatGeobuf eller zippad Shapefile med koordinatsystem.",
        "en": "A polygon layer, e.g. the police's vulnerable areas, that can be shown on top of the map (this "
              "browser session only). GeoPackage, GeoJSON, FlatGeobuf or zipped Shapefile with a CRS."},
    "overlay_upload": {"sv": "Ladda upp kartlager", "en": "Upload a map layer"},
    "overlay_added": {"sv": "Kartlagret ”{name}” ({n} polygoner, namn från kolumnen {col}) finns nu under Kartlager i sidopanelen.",
                      "en": "Map layer “{name}” ({n} polygons, names from column {col}) is now under Map layers in the sidebar."},
    "overlay_remove": {"sv": "Ta bort uppladdade kartlager", "en": "Remove uploaded map layers"},
}
