"""UI strings of the index-version comparison (Indexversioner: ``pages/versions.py``, :mod:`geo.engine.versions`).

Part of :data:`geo.i18n.STRINGS`.
"""

from __future__ import annotations

VERSION_STRINGS: dict[str, dict[str, str]] = {
    "versions_page": {"sv": "Indexversioner", "en": "Index versions"},
    "ver_intro": {
        "sv": "Samma data beräknad med två indexdefinitioner, var och en med sina egna vikter: vilka områden som "
              "kommer in i eller lämnar topp {k}, hur rangen flyttar sig och hur väl varje dimensions indikatorer "
              "hänger ihop. Metod, aggregering, referensår och topp k kommer från sidopanelen.",
        "en": "The same data scored with two index definitions, each with its own weights: which areas enter or "
              "leave the top {k}, how the ranks shift and how well each dimension's indicators hang together. "
              "Method, aggregation, reference year and top k come from the sidebar.",
    },
    "ver_a": {"sv": "Version A (utgångsläge)", "en": "Version A (starting point)"},
    "ver_b": {"sv": "Version B (jämförs med A)", "en": "Version B (compared with A)"},
    "ver_one_definition": {
        "sv": "Det finns bara en indexdefinition i datan, så det finns inget att jämföra. Lägg en till "
              "definitionsfil (TOML) i mappen med definitioner, t.ex. en med en hälsodimension.",
        "en": "The data has only one index definition, so there is nothing to compare. Add another definition "
              "file (TOML) to the definitions folder, e.g. one with a health dimension.",
    },
    "ver_caption": {"sv": "År {year} · {method} · {aggregation} · topp {k}",
                    "en": "Year {year} · {method} · {aggregation} · top {k}"},
    "ver_headline": {"sv": "Nya i topp {k}: {entering}; lämnar topp {k}: {leaving}",
                     "en": "New in the top {k}: {entering}; leaving the top {k}: {leaving}"},
    "ver_none": {"sv": "inga", "en": "none"},
    "ver_same": {"sv": "A och B ger samma rangordning: inget område flyttar sig.",
                 "en": "A and B give the same ranking: no area moves."},
    "ver_legend": {"sv": "A = {a} · B = {b}. Förändring: ↑ = högre prioritet (närmare rang 1) i B, ↓ = lägre.",
                   "en": "A = {a} · B = {b}. Change: ↑ = higher priority (nearer rank 1) in B, ↓ = lower."},
    "ver_table_heading": {"sv": "Rang per område", "en": "Rank per area"},
    "ver_slope_heading": {"sv": "Rang i A → rang i B", "en": "Rank in A → rank in B"},
    "ver_top_a": {"sv": "Topp {k} i A", "en": "Top {k} in A"},
    "ver_top_b": {"sv": "Topp {k} i B", "en": "Top {k} in B"},
    "ver_index_a": {"sv": "Index A", "en": "Index A"},
    "ver_index_b": {"sv": "Index B", "en": "Index B"},
    # --- coherence
    "ver_coherence_heading": {"sv": "Hänger dimensionerna ihop? (Cronbachs α)",
                              "en": "Do the dimensions hang together? (Cronbach's α)"},
    "ver_coherence_intro": {
        "sv": "Cronbachs α mäter om en dimensions indikatorer pekar åt samma håll i områdena (standardiserat α "
              "från medelkorrelationen r̄ mellan indikatorerna, med polariteten inräknad; k = antal indikatorer). "
              "Tumregel: α ≥ 0,7 är godtagbart. Med bara {n} områden är α mycket osäkert – läs det som en "
              "varningslampa, inte som ett test.",
        "en": "Cronbach's α measures whether a dimension's indicators point the same way across the areas "
              "(standardised α from the mean correlation r̄ between the indicators, polarity taken into account; "
              "k = number of indicators). Rule of thumb: α ≥ 0.7 is acceptable. With only {n} areas α is very "
              "uncertain – read it as a warning light, not as a test.",
    },
    "ver_col_indicators": {"sv": "Indikatorer", "en": "Indicators"},
    "ver_col_areas": {"sv": "Områden med alla värden", "en": "Areas with all values"},
    "ver_col_mean_r": {"sv": "Medelkorrelation r̄", "en": "Mean correlation r̄"},
    "ver_col_alpha": {"sv": "Cronbachs α", "en": "Cronbach's α"},
    "ver_col_judgement": {"sv": "Bedömning", "en": "Assessment"},
    "ver_alpha_ok": {"sv": "godtagbart (α ≥ 0,7)", "en": "acceptable (α ≥ 0.7)"},
    "ver_alpha_low": {"sv": "lågt (α < 0,7)", "en": "low (α < 0.7)"},
    "ver_correlations": {"sv": "Korrelationer mellan indikatorerna ({version})",
                         "en": "Correlations between the indicators ({version})"},
    "ver_correlations_note": {
        "sv": "Pearsons r på de områden som har värden för alla dimensionens indikatorer, med polariteten "
              "inräknad: positivt = indikatorerna är överens om vilka områden som har det svårare.",
        "en": "Pearson's r on the areas with values for all of the dimension's indicators, polarity taken into "
              "account: positive = the indicators agree on which areas face greater challenges.",
    },
    "ver_reason_one_indicator": {"sv": "en indikator – α kräver minst två",
                                 "en": "one indicator – α needs at least two"},
    "ver_reason_few_areas": {"sv": "bara {n} områden med alla värden – α kräver minst {min}",
                             "en": "only {n} areas with all values – α needs at least {min}"},
    "ver_reason_flat": {"sv": "{indicators} har samma värde i alla områden",
                        "en": "{indicators} has the same value in every area"},
    "ver_reason_undefined": {"sv": "α är inte definierat (indikatorerna motsäger varandra helt)",
                             "en": "α is undefined (the indicators contradict each other completely)"},
    # --- notes from geo.engine.versions
    "ver_note_year": {"sv": "År {wanted} har inte data för båda versionerna; jämförelsen visar {year}, det senaste "
                            "året med data för båda.",
                      "en": "Year {wanted} does not have data for both versions; the comparison shows {year}, the "
                            "latest year with data for both."},
    "ver_note_reference": {"sv": "Referensåret {year} har inte data för båda versionerna; varje version normaliseras "
                                 "mot det visade året.",
                           "en": "The reference year {year} does not have data for both versions; each version is "
                                 "normalised against the year shown."},
    "ver_note_conflict": {"sv": "{message} Jämförelsen visar närmaste möjliga inställning.",
                          "en": "{message} The comparison shows the nearest possible setting."},
    "ver_note_version_conflict": {"sv": "{version}: {message} Jämförelsen visar närmaste möjliga inställning.",
                                  "en": "{version}: {message} The comparison shows the nearest possible setting."},
    "ver_note_no_data": {"sv": "{version}: {dims} saknar data år {year} och ingår med vikt 0.",
                         "en": "{version}: {dims} has no data in {year} and is weighted 0."},
}
