"""UI strings of data vintages and the open-data dataset: each indicator's latest year, the
dataset label ("Öppna data från SCB — 5 av 12 indikatorer, RegSO (inte GeSO)"), proxies,
the switch to the synthetic demo and population.

Part of :data:`geo.i18n.STRINGS`.
"""

from __future__ import annotations

OPENDATA_STRINGS: dict[str, dict[str, str]] = {
    "latest_per_indicator": {"sv": "Senaste år per indikator", "en": "Latest year per indicator"},
    "latest_per_indicator_span": {"sv": "{first}–{last} (senaste år per indikator)",
                                  "en": "{first}–{last} (latest year per indicator)"},
    "conflict_latest_reference": {
        "sv": "Referensåret {year} kan inte användas när varje indikator tas från sitt senaste år: "
              "indikatorerna har inget gemensamt år att mätas mot. Varje indikator normaliseras mot sitt eget år.",
        "en": "The reference year {year} cannot be used when each indicator comes from its latest year: the "
              "indicators have no common year to be measured against. Each indicator is normalised on its own year.",
    },
    "conflict_latest_reference_hint": {"sv": "Välj ett enskilt år för att använda ett referensår.",
                                       "en": "Choose a single year to use a reference year."},
    "brief_indicator_years": {"sv": "Dataår per indikator: {years}.", "en": "Data year per indicator: {years}."},
    "brief_proxies": {
        "sv": "Närmevärden (proxy) för stadens indikatorer: {names}. Hur de skiljer sig står på sidan Metod och i "
              "Excel-exportens blad Vikter och metod.",
        "en": "Proxies for the city's indicators: {names}. How they differ is on the Method page and in the Excel "
              "export's sheet Vikter och metod.",
    },
    "overlay_missing": {
        "sv": "{name}: filen finns inte på den här datorn (den läses från den delade datamappen bredvid "
              "programmet och bäddas inte in).",
        "en": "{name}: the file is not on this machine (it is read from the shared data folder beside the "
              "program and is not embedded).",
    },
    "year_help_latest": {
        "sv": "Indikatorerna slutar olika år. \"Senaste år per indikator\" tar varje indikator från sitt senaste "
              "år (områdena jämförs alltid inom samma år för en indikator); ett enskilt år tar bara de indikatorer "
              "som har data det året.",
        "en": "The indicators end in different years. \"Latest year per indicator\" takes each indicator from its "
              "latest year (the areas are always compared within one year for an indicator); a single year takes "
              "only the indicators with data that year.",
    },
    "coverage_count": {"sv": "{n} av {m} indikatorer", "en": "{n} of {m} indicators"},
    "builtin_heading": {"sv": "Data", "en": "Data"},
    "builtin_oppna": {"sv": "Malmö – öppna data (SCB, 91 RegSO)", "en": "Malmö – open data (SCB, 91 RegSO)"},
    "builtin_demo": {"sv": "Syntetisk demo (hela indexet, 14 påhittade områden)",
                     "en": "Synthetic demo (the full index, 14 invented areas)"},
    "builtin_help": {
        "sv": "Öppna data: verkliga områden och SCB:s statistik, men bara 5 av indexets 12 indikatorer och på "
              "RegSO i stället för stadens GeSO. Den syntetiska demon visar hela indexet med alla 12 indikatorer, "
              "men med påhittade områden och värden. Stadens egna data läses in på sidan Importera eller "
              "konfigureras (se README).",
        "en": "Open data: real areas and SCB's statistics, but only 5 of the index's 12 indicators and on RegSO "
              "instead of the city's GeSO. The synthetic demo shows the whole index with all 12 indicators, but "
              "with invented areas and values. The city's own data is loaded on the Import page or configured "
              "(see the README).",
    },
    "data_year": {"sv": "Dataår", "en": "Data year"},
    "proxy_column": {"sv": "Närmevärde: skillnad mot stadens definition",
                     "en": "Proxy: difference from the city's definition"},
    "method_coverage_heading": {"sv": "Vad de öppna data kan och inte kan visa",
                                "en": "What the open data can and cannot show"},
    "method_coverage": {
        "sv": "**{label}.** Datan har {n} av de {m} indikatorerna i {full}, varav {proxies} som skiljer sig från "
              "stadens definition (närmevärden, se listan nedan). Områdena är SCB:s RegSO, inte "
              "stadens GeSO, så rangordningen är inte stadens prioritering: den visar hur verktyget fungerar på "
              "verkliga områden. En dimension utan data visas som \"saknar data\" (aldrig 0) och har vikten 0. "
              "Saknas i öppna data:",
        "en": "**{label}.** The data has {n} of the {m} indicators of {full}, {proxies} of them differing from the "
              "city's definition (proxies, see the list below). The areas are SCB's RegSO, not the "
              "city's GeSO, so the ranking is not the city's prioritisation: it shows how the tool works on real "
              "areas. A dimension without data shows as \"no data\" (never 0) and is weighted 0. Missing in the "
              "open data:",
    },
    "method_proxies_heading": {"sv": "Hur indikatorerna skiljer sig från stadens definitioner",
                               "en": "How the indicators differ from the city's definitions"},
    "method_coverage_replace": {
        "sv": "Stadens egna GeSO-data ersätter de öppna data: lägg områdeslager och indikatortabell i en datamapp "
              "och ange den med OMRADESINDEX_DATA_DIR eller omradesindex.toml, eller läs in filerna på sidan "
              "Importera (se README).",
        "en": "The city's own GeSO data replaces the open data: put the area layer and the indicator table in a "
              "data folder and name it with OMRADESINDEX_DATA_DIR or omradesindex.toml, or load the files on the "
              "Import page (see the README).",
    },
    "method_latest": {
        "sv": "Indikatorerna kommer från olika år: {years}. Varje indikator jämför områdena inom sitt eget år "
              "(kolumnen Dataår); inget enskilt år har alla indikatorer.",
        "en": "The indicators come from different years: {years}. Each indicator compares the areas within its own "
              "year (the Data year column); no single year has every indicator.",
    },
    "people_line": {"sv": "I de {n} områdena bor {total} personer ({share} % av alla){young}{year}.",
                    "en": "{total} people live in the {n} areas ({share} % of everyone){young}{year}."},
    "people_young": {"sv": ", varav {young} i åldern 0–19", "en": ", {young} of them aged 0–19"},
    "fu_too_few_years": {
        "sv": "Uppföljning över tid behöver indexet i minst två år, och med de här data kan det beräknas för "
              "{years} (varje viktad dimension måste ha data samma år). Välj ett enskilt år i sidopanelen för att se "
              "det årets index, eller läs in data med flera år (den syntetiska demon har 2019–2024).",
        "en": "Follow-up over time needs the index in at least two years, and with this data it can be computed for "
              "{years} (every weighted dimension needs data in the same year). Choose a single year in the sidebar to "
              "see that year's index, or load data with several years (the synthetic demo has 2019–2024).",
    },
    "slider_no_data": {"sv": "Saknar data – ingår inte i indexet.", "en": "No data – not part of the index."},
    "png_proxies": {"sv": "{n} indikatorer är närmevärden (proxy): se sidan Metod eller Excel-exporten.",
                    "en": "{n} indicators are proxies: see the Method page or the Excel export."},
    "imp_now_open": {
        "sv": "Just nu används de inbyggda öppna data ({label}). Stadens egna filer läses in nedan med den "
              "fullständiga indexdefinitionen.",
        "en": "Now in use: the built-in open data ({label}). The city's own files are loaded below with the "
              "full index definition.",
    },
}
