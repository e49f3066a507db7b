"""UI strings of the sensitivity page (Känslighet): tipping points, acceptability, real influence.

Part of :data:`geo.i18n.STRINGS`.
"""

from __future__ import annotations

SENSITIVITY_STRINGS: dict[str, dict[str, str]] = {
    "sensitivity_page": {"sv": "Känslighet", "en": "Sensitivity"},
    "se_intro": {"sv": "Varför den här rangordningen, och vad skulle ändra den? Hur långt varje vikt kan flyttas innan "
                       "de prioriterade områdena byts, i hur stor del av alla rimliga viktningar varje område hamnar "
                       "bland dem, och vilken dimension som verkligen styr indexet.",
                 "en": "Why this ranking, and what would change it? How far each weight can move before the priority "
                       "areas change, in what share of all reasonable weightings each area is among them, and which "
                       "dimension really drives the index."},
    "se_tipping_heading": {"sv": "Brytpunkter för topp {k}", "en": "Tipping points of the top {k}"},
    "se_tip_between": {"sv": "{dim} kan ligga mellan {lo} och {hi} utan att topp {k} ändras (nu {w})",
                       "en": "{dim} can be anywhere from {lo} to {hi} without changing the top {k} (now {w})"},
    "se_tip_any": {"sv": "{dim}: topp {k} ändras inte, hur vikten än sätts (nu {w})",
                   "en": "{dim}: the top {k} does not change, whatever the weight (now {w})"},
    "se_tip_upto": {"sv": "{dim} kan vara upp till {hi} utan att topp {k} ändras (nu {w})",
                    "en": "{dim} can be up to {hi} without changing the top {k} (now {w})"},
    "se_tip_from": {"sv": "{dim} kan vara {lo} eller mer utan att topp {k} ändras (nu {w})",
                    "en": "{dim} can be {lo} or more without changing the top {k} (now {w})"},
    "se_tip_above": {"sv": "över {hi} går {enters} in i stället för {leaves}",
                     "en": "above {hi} {enters} comes in instead of {leaves}"},
    "se_tip_below": {"sv": "under {lo} går {enters} in i stället för {leaves}",
                     "en": "below {lo} {enters} comes in instead of {leaves}"},
    "se_note_between": {"sv": "Topp {k} oförändrad mellan {lo} och {hi}", "en": "Top {k} unchanged from {lo} to {hi}"},
    "se_note_upto": {"sv": "Topp {k} oförändrad upp till {hi}", "en": "Top {k} unchanged up to {hi}"},
    "se_note_from": {"sv": "Topp {k} oförändrad från {lo} och uppåt", "en": "Top {k} unchanged from {lo} up"},
    "se_note_any": {"sv": "Topp {k} ändras inte av den här vikten", "en": "This weight does not change the top {k}"},
    "se_compact": {"sv": "Brytpunkter (vikter där topp {k} är oförändrad, en vikt i taget): {parts}",
                   "en": "Tipping points (weights at which the top {k} is unchanged, one weight at a time): {parts}"},
    "se_compact_accept": {"sv": "Acceptans (andel av {draws} viktningar, varje vikt {lo}–{hi} × nuvarande, där området "
                                "är i topp {k}): {parts}",
                          "en": "Acceptability (share of {draws} weightings, each weight {lo}–{hi} × the current one, in "
                                "which the area is in the top {k}): {parts}"},
    "se_compact_influence": {"sv": "Inflytande (andel av indexets spridning, inom parentes andel av vikterna): {parts}",
                             "en": "Influence (share of the index's spread; in brackets the share of the weights): "
                                   "{parts}"},
    "se_tip_no_data": {"sv": "{dim}: saknar data och ingår inte.", "en": "{dim}: has no data and is not counted."},
    "se_tip_caption": {"sv": "Varje vikt för sig, de andra som de är. Exakt: med aritmetiskt medel är indexet en kvot "
                             "av linjära funktioner av vikten, så brytpunkterna är skärningar mellan räta linjer.",
                       "en": "One weight at a time, the others as they are. Exact: with the arithmetic mean the index "
                             "is a ratio of linear functions of the weight, so the tipping points are crossings of "
                             "straight lines."},
    "se_rank_heading": {"sv": "{area}: rang {rank}", "en": "{area}: rank {rank}"},
    "se_rank_line": {"sv": "{dim}: rangen är densamma från {lo} till {hi} (nu {w})",
                     "en": "{dim}: the rank stays the same from {lo} to {hi} (now {w})"},
    "se_accept_heading": {"sv": "Acceptans: hur ofta är området i topp {k}?",
                          "en": "Acceptability: how often is the area in the top {k}?"},
    "se_bound_low": {"sv": "Varje vikt minst (× nuvarande)", "en": "Each weight at least (× current)"},
    "se_bound_high": {"sv": "Varje vikt högst (× nuvarande)", "en": "Each weight at most (× current)"},
    "se_draws": {"sv": "Antal dragningar", "en": "Number of draws"},
    "se_seed": {"sv": "Frö", "en": "Seed"},
    "se_accept_caption": {"sv": "Andelen av {draws} slumpade viktningar (frö {seed}) där området är i topp {k}; varje "
                                "vikt dras likformigt mellan {lo} och {hi} gånger den nuvarande. Standardfelet är "
                                "högst {se} procentenheter. Centrala vikter = medelvikterna i de dragningar där "
                                "området är i topp {k}.",
                          "en": "The share of {draws} random weightings (seed {seed}) in which the area is in the top "
                                "{k}; each weight is drawn uniformly between {lo} and {hi} times the current one. The "
                                "standard error is at most {se} percentage points. Central weights = the mean weights "
                                "in the draws in which the area is in the top {k}."},
    "se_bounds_bad": {"sv": "Den nedre gränsen måste vara mindre än den övre.",
                      "en": "The lower bound must be below the upper one."},
    "se_col_accept": {"sv": "Acceptans (%)", "en": "Acceptability (%)"},
    "se_col_central": {"sv": "Central vikt: {dim}", "en": "Central weight: {dim}"},
    "se_influence_heading": {"sv": "Verkligt inflytande: vad styr indexet?",
                             "en": "Real influence: what drives the index?"},
    "se_influence_caption": {"sv": "Inflytande = kvadraten på korrelationen mellan dimensionen och indexet över "
                                   "områdena (hur mycket av indexets spridning den förklarar ensam), som andelar "
                                   "som summerar till 100 %. En dimension som samvarierar med de andra eller varierar "
                                   "mer styr mer än vikten säger.",
                             "en": "Influence = the squared correlation between the dimension and the index across "
                                   "the areas (how much of the index's spread it explains on its own), as shares "
                                   "summing to 100 %. A dimension that moves with the others, or varies more, drives "
                                   "more than its weight says."},
    "se_indicator_influence": {"sv": "Inflytande per indikator", "en": "Influence per indicator"},
    "se_col_weight_share": {"sv": "Andel av vikterna (%)", "en": "Share of the weights (%)"},
    "se_col_influence": {"sv": "Andel av inflytandet (%)", "en": "Share of the influence (%)"},
    "se_over": {"sv": "{dim} har {influence} % av inflytandet men {share} % av vikterna – mer än dubbelt så mycket.",
                "en": "{dim} has {influence} % of the influence but {share} % of the weights – more than twice as "
                      "much."},
    "se_equal_button": {"sv": "Räkna fram vikter med lika inflytande", "en": "Find weights with equal influence"},
    "se_equal_result": {"sv": "Vikter med lika inflytande (samma summa som nu): {weights}. Topp {k} med dem: {top}.",
                        "en": "Weights with equal influence (same sum as now): {weights}. The top {k} with them: "
                              "{top}."},
    "se_equal_caption": {"sv": "När dimensionerna hänger ihop kan lika inflytande kräva mycket olika vikter (eller vara "
                               "omöjligt): det visar hur mycket de överlappar, inte att en viss viktning är den rätta.",
                         "en": "When the dimensions move together, equal influence may need very different weights (or "
                               "be impossible): that shows how much they overlap, not that one weighting is right."},
    "se_equal_save": {"sv": "Spara som scenario", "en": "Save as a scenario"},
    "se_equal_name": {"sv": "Lika inflytande", "en": "Equal influence"},
    "se_equal_saved": {"sv": "Sparat som scenariot ”{name}”. Jämför det med nuvarande inställningar på sidan "
                             "Scenarier.",
                       "en": "Saved as the scenario “{name}”. Compare it with the current settings on the Scenarios "
                             "page."},
    "se_equal_note": {"sv": "Framräknat på sidan Känslighet: vikter som ger varje dimension samma inflytande "
                            "(kvadrerad korrelation med indexet), tolerans {tol}.",
                      "en": "Found on the Sensitivity page: weights that give every dimension the same influence "
                            "(squared correlation with the index), tolerance {tol}."},
    "rb_sources": {"sv": "Osäkerhet från", "en": "Uncertainty from"},
    "rb_source_weights": {"sv": "vikterna", "en": "the weights"},
    "rb_source_data": {"sv": "data (binomial där antal finns)", "en": "the data (binomial where counts exist)"},
    "rb_source_both": {"sv": "vikterna och data", "en": "the weights and the data"},
    "rb_sources_help": {"sv": "Data: varje andel med täljare och nämnare dras om som Binomial(n, p)/n per område och "
                              "indikator ({n} omdragna datamängder, var och en beräknad av motorn); indikatorer utan "
                              "antal och referensårets måttstock hålls fasta.",
                        "en": "Data: every share with numerator and denominator is redrawn as Binomial(n, p)/n per "
                              "area and indicator ({n} redrawn data sets, each scored by the engine); indicators "
                              "without counts and the reference year's yardstick stay fixed."},
    "rb_sources_no_counts": {"sv": "Data har inga antal (täljare och nämnare) det här året, så bara vikternas "
                                   "osäkerhet kan dras.",
                             "en": "The data has no counts (numerator and denominator) this year, so only the "
                                   "weights' uncertainty can be drawn."},
    "rb_caption_sources": {"sv": "Osäkerhet från: {sources}.", "en": "Uncertainty from: {sources}."},
    "se_wit_heading_out": {"sv": "Vad skulle krävas för att {area} ska lämna topp {k}?",
                           "en": "What would it take for {area} to leave the top {k}?"},
    "se_wit_heading_in": {"sv": "Vad skulle krävas för att {area} ska komma in i topp {k}?",
                          "en": "What would it take for {area} to enter the top {k}?"},
    "se_wit_caption": {"sv": "En indikator i taget, allt annat som nu, med vyns metod, vikter och måttstock: det "
                             "värde där området byter sida om gränsen för topp {k}. Med referensår exakt; annars "
                             "flyttar områdets eget värde årets medelvärde och spridning, och svaret söks numeriskt "
                             "och kontrolleras genom att rangordningen räknas om.",
                       "en": "One indicator at a time, everything else as now, with the view's method, weights and "
                             "yardstick: the value at which the area crosses the line of the top {k}. Exact with a "
                             "reference year; otherwise the area's own value moves the year's mean and spread, and "
                             "the answer is searched numerically and checked by recomputing the ranking."},
    "se_wit_now": {"sv": "Nu", "en": "Now"},
    "se_wit_needed": {"sv": "Behövs", "en": "Needed"},
    "se_wit_change": {"sv": "Förändring", "en": "Change"},
    "se_wit_pp": {"sv": "procentenheter", "en": "percentage points"},
    "se_wit_people": {"sv": "I personer", "en": "In people"},
    "se_wit_persons": {"sv": "{n} personer", "en": "{n} persons"},
    "method_why_heading": {"sv": "Varför den här rangordningen (Känslighet)", "en": "Why this ranking (Sensitivity)"},
    "method_why": {
        "sv": "**Brytpunkter.** Med aritmetiskt medel och en vikt w_j = x i taget (de andra fasta) är områdets index "
              "(C_a + x·s_aj)/(W + x), så två områden byter plats exakt där linjerna C_a + x·s_aj skär varandra. "
              "Intervallet runt nuvarande vikt där topp k är oförändrad (samma avrundning och delade placeringar som "
              "rangordningen) och vilka områden som går in eller ut bortom gränserna räknas exakt och kontrolleras "
              "genom att rangordna om. Geometriskt medel: inga brytpunkter. **Acceptans** (SMAA): varje vikt dras "
              "likformigt mellan nedre och övre gräns gånger den nuvarande; andelen dragningar där området är i "
              "topp k, och medelvikterna i de dragningarna (centrala vikter). **Inflytande** = r², kvadraten på "
              "korrelationen mellan en dimension (eller indikator) och indexet över områdena, som andelar; flaggas "
              "över dubbla viktandelen. **Lika inflytande**: w_d ∝ (R⁻¹·1)_d / σ_d (R = dimensionernas "
              "korrelationer, σ_d deras spridning), med samma viktsumma. **Vad som krävs**: per indikator, allt annat "
              "fast, det värde där området byter sida om topp k-gränsen – exakt med referensår, annars sökt och "
              "kontrollerat; personer = förändring/100 × nämnaren. **Osäkerhet i data**: andelar med antal dras om "
              "som Binomial(n, p̂)/n per område och indikator, 100 datamängder per metod.",
        "en": "**Tipping points.** With the arithmetic mean and one weight w_j = x at a time (the others fixed) an "
              "area's index is (C_a + x·s_aj)/(W + x), so two areas swap exactly where the lines C_a + x·s_aj cross. "
              "The interval around the current weight in which the top k is unchanged (with the ranking's rounding "
              "and shared ranks) and the areas entering or leaving beyond its bounds are computed exactly and "
              "checked by re-ranking. Geometric mean: no tipping points. **Acceptability** (SMAA): every weight drawn "
              "uniformly between the lower and upper bound times the current one; the share of draws in which the "
              "area is in the top k, and the mean weights of those draws (central weights). **Influence** = r², "
              "the squared correlation between a dimension (or indicator) and the index across the areas, as "
              "shares; flagged above twice the weight share. **Equal influence**: w_d ∝ (R⁻¹·1)_d / σ_d (R = the "
              "dimensions' correlations, σ_d their spread), with the same weight sum. **What it takes**: per "
              "indicator, everything else fixed, the value at which the area crosses the top-k line – exact with a "
              "reference year, otherwise searched and checked; people = change/100 × the denominator. **Data "
              "uncertainty**: shares with counts redrawn as Binomial(n, p̂)/n per area and indicator, 100 data sets "
              "per method.",
    },
    "ws_heading": {"sv": "Viktrummet: vilka områden är i topp {k} var?", "en": "The weight space: which areas are in "
                   "the top {k} where?"},
    "ws_caption_ternary": {"sv": "Varje punkt är en viktning av de tre dimensionerna (hörnen = en dimension ensam, "
                                 "mitten = lika vikter); färgen visar vilka områden som då är i topp {k}. Ringen = "
                                 "nuvarande vikter.",
                           "en": "Every point is a weighting of the three dimensions (corners = one dimension alone, "
                                 "centre = equal weights); the colour shows which areas are then in the top {k}. The "
                                 "ring = the current weights."},
    "ws_caption_slice": {"sv": "Ett snitt genom viktrummet: de två valda dimensionernas vikter 0–5, de andra som nu; "
                               "färgen visar vilka områden som då är i topp {k}. Ringen = nuvarande vikter.",
                         "en": "A slice through the weight space: the two chosen dimensions' weights 0–5, the others "
                               "as now; the colour shows which areas are then in the top {k}. The ring = the current "
                               "weights."},
    "ws_x": {"sv": "Vågrätt", "en": "Horizontal"},
    "ws_y": {"sv": "Lodrätt", "en": "Vertical"},
    "ws_now": {"sv": "som nu", "en": "as now"},
    "ws_other": {"sv": "övriga uppsättningar", "en": "other sets"},
    "ws_set": {"sv": "Topp k", "en": "Top k"},
    "wit_r_indicator_weight": {"sv": "indikatorn har vikten 0", "en": "the indicator has weight 0"},
    "wit_r_dimension_weight": {"sv": "dimensionen har vikten 0", "en": "the dimension has weight 0"},
    "wit_r_no_value": {"sv": "värde saknas", "en": "no value"},
    "wit_r_impossible": {"sv": "ej möjligt inom {span}", "en": "not possible within {span}"},
    "wit_r_search": {"sv": "sökintervall", "en": "search interval"},
    "wit_r_flat": {"sv": "indikatorn påverkar inte indexet mot referensårets mått (samma värde i alla områden)",
                   "en": "the indicator does not move the index on the reference year's yardstick (the same value "
                         "in every area)"},
    "wit_r_unranked": {"sv": "området är inte rankat", "en": "the area is not ranked"},
    "wit_r_all_in": {"sv": "alla rankade områden ingår i topp {k}", "en": "every ranked area is in the top {k}"},
    "se_results_only": {"sv": "Brytpunkter och inflytande kräver dimensionspoäng.",
                        "en": "Tipping points and influence need dimension scores."},
}
