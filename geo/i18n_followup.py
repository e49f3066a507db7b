"""UI strings of the follow-up (Uppföljning) page, its exports and the change markers.

Part of :data:`geo.i18n.STRINGS`.
"""

from __future__ import annotations

FOLLOWUP_STRINGS: dict[str, dict[str, str]] = {
    "followup_page": {"sv": "Uppföljning", "en": "Follow-up"},
    "fu_intro": {"sv": "Går det åt rätt håll? Index, dimensioner och indikatorer över åren, förändringen sedan "
                       "referensåret, gapet mellan de prioriterade områdena och övriga staden, och målen.",
                 "en": "Is it working? The index, dimensions and indicators over the years, the change since the "
                       "reference year, the gap between the priority areas and the rest of the city, and the targets."},
    "fu_yardstick": {"sv": "Alla år mäts med referensåret {ref} som måttstock, så värden från olika år går att "
                           "jämföra: stiger alla områden, stiger alla index.",
                     "en": "Every year is measured with the reference year {ref} as the yardstick, so values from "
                           "different years can be compared: if every area improves, every index rises."},
    "fu_no_yardstick": {"sv": "Inget referensår är valt: varje år normaliseras för sig, så index och dimensioner "
                              "visar bara relativa lägen och förändringen räknas från {first}. Välj ett referensår "
                              "i sidopanelen för en fast måttstock.",
                        "en": "No reference year is chosen: each year is normalised on its own, so the index and "
                              "the dimensions only show relative positions and change is counted from {first}. "
                              "Choose a reference year in the sidebar for a fixed yardstick."},
    "fu_metric_city": {"sv": "Staden: indexets förändring {ref}–{year}", "en": "City: change in the index {ref}–{year}"},
    "fu_metric_gap": {"sv": "Gapet prioriterade – övriga", "en": "Gap priority areas – rest"},
    "fu_metric_areas": {"sv": "Områden bättre / sämre än {ref}", "en": "Areas better / worse than {ref}"},
    "fu_gap_narrowing": {"sv": "minskar", "en": "narrowing"},
    "fu_gap_widening": {"sv": "ökar", "en": "widening"},
    "fu_gap_unchanged": {"sv": "oförändrat", "en": "unchanged"},
    "fu_gap_unknown": {"sv": "kan inte bedömas", "en": "cannot be judged"},
    "fu_measure": {"sv": "Vad följs upp", "en": "What to follow"},
    "fu_trajectory_heading": {"sv": "Utveckling över åren", "en": "Over the years"},
    "fu_trajectory_caption": {"sv": "Svart = hela staden, blå = de prioriterade områdena (topp {k} år {ref}), "
                                    "grå = övriga, orange = valt område. Streckad linje = referensåret.",
                              "en": "Black = the whole city, blue = the priority areas (top {k} in {ref}), grey = "
                                    "the rest, orange = the selected area. Dashed line = the reference year."},
    "fu_change_heading": {"sv": "Förändring sedan {ref}", "en": "Change since {ref}"},
    "fu_change_map_title": {"sv": "{measure}: förändring {ref}–{year}", "en": "{measure}: change {ref}–{year}"},
    "fu_legend_markers": {"sv": "Färg = om förändringen är säker (95 % intervall, Newcombe)",
                          "en": "Colour = whether the change is sure (95 % interval, Newcombe)"},
    "fu_legend_no_markers": {"sv": "Färg = förändringens storlek; om den är större än slumpen kan inte bedömas",
                             "en": "Colour = the size of the change; whether it exceeds chance cannot be judged"},
    "fu_no_counts": {"sv": "{measure} har inga antal (täljare och nämnare) bakom sig, så om en förändring är större "
                           "än slumpen kan inte bedömas. Färgen visar bara storleken.",
                     "en": "{measure} has no counts (numerator and denominator) behind it, so whether a change "
                           "exceeds chance cannot be judged. The colour shows only its size."},
    "fu_gap_heading": {"sv": "Gapet mellan de prioriterade områdena och övriga staden",
                       "en": "The gap between the priority areas and the rest of the city"},
    "fu_gap_text": {"sv": "Prioriterade områden = topp {k} år {ref}: {names}. Gapet i index {trend} "
                          "({slope} per år sedan {ref}).",
                    "en": "Priority areas = top {k} in {ref}: {names}. The gap in the index is {trend} "
                          "({slope} per year since {ref})."},
    "fu_gap_series": {"sv": "Gap (övriga − prioriterade)", "en": "Gap (rest − priority)"},
    "fu_targets_heading": {"sv": "Mål", "en": "Targets"},
    "fu_plan": {"sv": "Uppföljningsplan", "en": "Follow-up plan"},
    "fu_plan_meta": {"sv": "Källa: {source}. Beslut: {decision}. Basår {base}; trend över de senaste {n} åren.",
                     "en": "Source: {source}. Decision: {decision}. Base year {base}; trend over the last {n} years."},
    "fu_plan_synthetic": {"sv": "SYNTETISKT EXEMPEL – målen är påhittade, inte stadens beslut.",
                          "en": "SYNTHETIC EXAMPLE – the targets are made up, not decisions of the city."},
    "fu_no_plan": {"sv": "Det finns ingen uppföljningsplan (mål) för dessa data. Lägg en TOML-fil i datamappens "
                         "targets/ – se README, avsnittet Uppföljning.",
                   "en": "There is no follow-up plan (targets) for this data. Put a TOML file in the data folder's "
                         "targets/ – see the README, section Uppföljning."},
    "fu_targets_rule": {"sv": "Trend = lutningen (minsta kvadrat) över de senaste {n} åren med data, minst 3 värden. "
                              "I fas = trenden räcker för att nå målet till målåret från det senaste värdet. "
                              "Att sluta X % av gapet räknas från basåret mot stadens värde; ett område som redan "
                              "ligger bättre än staden ska hålla sin nivå.",
                        "en": "Trend = the least-squares slope over the last {n} years with data, at least 3 values. "
                              "On track = the trend is enough to reach the target by the target year from the latest "
                              "value. Closing X % of the gap is counted from the base year towards the city's value; "
                              "an area already better than the city is to keep its level."},
    "fu_summary_heading": {"sv": "Sammanfattning per område", "en": "Summary per area"},
    "fu_detail_heading": {"sv": "Per område och indikator", "en": "Per area and indicator"},
    "fu_status_on_track": {"sv": "i fas", "en": "on track"},
    "fu_status_off_track": {"sv": "inte i fas", "en": "off track"},
    "fu_status_too_little_data": {"sv": "för lite data", "en": "too little data"},
    "fu_marker_improved": {"sv": "säker förbättring", "en": "sure improvement"},
    "fu_marker_uncertain": {"sv": "osäker", "en": "uncertain"},
    "fu_marker_worsened": {"sv": "säker försämring", "en": "sure worsening"},
    "fu_marker_unknown": {"sv": "kan inte bedömas (antal saknas)", "en": "cannot be judged (no counts)"},
    "fu_interval": {"sv": "95 % intervall", "en": "95 % interval"},
    "fu_small_base": {"sv": "litet underlag", "en": "small base"},
    "fu_change": {"sv": "Förändring", "en": "Change"},
    "fu_relative": {"sv": "Jämfört med staden", "en": "Relative to the city"},
    "fu_better": {"sv": "bättre", "en": "better"},
    "fu_worse": {"sv": "sämre", "en": "worse"},
    "fu_unchanged": {"sv": "oförändrat", "en": "unchanged"},
    "fu_follow_up_only": {"sv": "endast uppföljning", "en": "follow-up only"},
    "fu_city": {"sv": "Hela staden", "en": "Whole city"},
    "fu_priority": {"sv": "Prioriterat", "en": "Priority"},
    "fu_assessment": {"sv": "Bedömning", "en": "Assessment"},
    "fu_col_target": {"sv": "Mål {year}", "en": "Target {year}"},
    "fu_col_needed": {"sv": "Behövs/år till {year}", "en": "Needed/yr to {year}"},
    "fu_col_status": {"sv": "Status {year}", "en": "Status {year}"},
    "fu_col_trend": {"sv": "Trend/år", "en": "Trend/yr"},
    "fu_col_latest": {"sv": "Senaste", "en": "Latest"},
    "fu_col_year": {"sv": "År", "en": "Year"},
    "fu_targets_none_here": {"sv": "Planen har inga mål för den här indikatorn.",
                             "en": "The plan has no targets for this indicator."},
    "fu_plan_notes": {"sv": "Att observera: {notes}", "en": "Note: {notes}"},
    "method_followup_heading": {"sv": "Uppföljning", "en": "Follow-up"},
    "method_followup": {
        "sv": "**Staden** är medelvärdet av områdenas index (varje område räknas en gång). **Prioriterade "
              "områden** är topp k *i referensåret* – gruppen hålls fast, annars ser en grupp som väljs om varje år "
              "alltid ut att halka efter. **Gapet** = övrigas medelindex − de prioriterades; det *minskar* när "
              "minsta kvadrat-lutningen sedan referensåret är under −0,01 per år. **Indikatorer** följs i sin egen "
              "enhet; stadens värde är Σ täljare / Σ nämnare när alla områden har antal, annars medelvärdet. "
              "**Förändringens osäkerhet**: Newcombes hybrid-score-intervall (95 %) för skillnaden mellan två "
              "andelar, byggt av de två årens Wilson-intervall; *säker förbättring/försämring* när hela intervallet "
              "ligger på samma sida om 0 i indikatorns goda riktning, annars *osäker*; färre än {n} personer = "
              "litet underlag; utan antal kan det inte bedömas. **Mål** läses från en plan (TOML): trend = lutningen "
              "över de senaste n åren (minst 3 värden); behövs per år = (mål − senaste) / (målår − senaste år); "
              "*i fas* när trenden räcker.",
        "en": "**The city** is the mean of the areas' index (each area counts once). **Priority areas** are the "
              "top k *in the reference year* – the group is kept fixed, otherwise a group re-chosen every year "
              "always seems to fall behind. **The gap** = the others' mean index − the priority areas'; it is "
              "*narrowing* when the least-squares slope since the reference year is below −0.01 per year. "
              "**Indicators** are followed in their own unit; the city's value is Σ numerator / Σ denominator when "
              "every area has counts, else the mean. **Uncertainty of a change**: Newcombe's hybrid score interval "
              "(95 %) for a difference of two proportions, built from the two years' Wilson intervals; *sure "
              "improvement/worsening* when the whole interval lies on one side of 0 in the indicator's good "
              "direction, else *uncertain*; fewer than {n} persons = small base; without counts it cannot be "
              "judged. **Targets** come from a plan (TOML): trend = the slope over the last n years (at least 3 "
              "values); needed per year = (target − latest) / (target year − latest year); *on track* when the "
              "trend is enough.",
    },
    "fu_export_heading": {"sv": "Uppföljningsrapport", "en": "Follow-up report"},
    "fu_export_pdf": {"sv": "Rapport (PDF)", "en": "Report (PDF)"},
    "fu_method_markers": {"sv": "Säker förbättring/försämring: hela 95 %-intervallet för förändringen (Newcombes "
                                "hybrid-score-intervall för skillnaden mellan två andelar) ligger på samma sida om 0. "
                                "Litet underlag = färre än {n} personer något av åren.",
                          "en": "Sure improvement/worsening: the whole 95 % interval of the change (Newcombe's hybrid "
                                "score interval for a difference of proportions) lies on one side of 0. Small base = "
                                "fewer than {n} persons in either year."},
}
