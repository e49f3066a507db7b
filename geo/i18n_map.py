"""UI strings of the map component and the meeting view (labels, live ranking, presenter controls).

Part of :data:`geo.i18n.STRINGS`; the component gets them through :func:`geo.view.mapmodel.texts`.
"""

from __future__ import annotations

MAP_STRINGS: dict[str, dict[str, str]] = {
    "map_loading": {"sv": "Kartan laddas …", "en": "Loading the map …"},
    "map_load_failed": {"sv": "Kartan kunde inte laddas ({error}). Ladda om sidan; tabellen nedan visar samma "
                                "rangordning.",
                        "en": "The map could not be loaded ({error}). Reload the page; the table below shows the "
                              "same ranking."},
    "map_rank_label": {"sv": "Siffra på kartan = rang (1 = störst utmaningar)",
                       "en": "Number on the map = rank (1 = greatest challenges)"},
    "map_more_rows": {"sv": "{n} områden till nedanför – rulla i listan", "en": "{n} more areas below – scroll the list"},
    "map_rank_meaning": {"sv": "Rang 1 = störst utmaningar", "en": "Rank 1 = greatest challenges"},
    "map_more_rows_one": {"sv": "1 område till nedanför – rulla i listan", "en": "1 more area below – scroll the list"},
    "map_top_mark": {"sv": "topp {k}", "en": "top {k}"},
    "map_selected": {"sv": "valt", "en": "selected"},
    "map_all_zero": {"sv": "Alla vikter är 0 – ge minst en dimension en vikt större än 0.",
                     "en": "All weights are 0 – give at least one dimension a weight above 0."},
    "map_dims_no_data": {"sv": "{dims} saknar data och räknas inte med – sätt vikten till 0.",
                         "en": "{dims} has no data and is not counted – set the weight to 0."},
    "map_keys_hint": {"sv": "Piltangenter eller Page Up/Down flyttar den markerade vikten.",
                      "en": "Arrow keys or Page Up/Down move the focused weight."},
    "map_ranking_caption": {"sv": "Rangordning (1 = störst utmaningar)", "en": "Ranking (1 = greatest challenges)"},
    "labels_legend_static": {"sv": "Siffra = rang i index", "en": "Number = rank in the index"},
    "slope_subset": {"sv": "De {n} områden som är bland de {top} första före eller efter (av {total})",
                     "en": "The {n} areas among the first {top} before or after (of {total})"},
    "meeting_live": {"sv": "Live", "en": "Live"},
    "meeting_freeze": {"sv": "Frys", "en": "Freeze"},
    "meeting_show": {"sv": "Visa", "en": "Show"},
    "meeting_reset": {"sv": "Återställ", "en": "Reset"},
    "meeting_pending": {"sv": "Fryst: kartan visar de tidigare vikterna tills du trycker Visa.",
                        "en": "Frozen: the map keeps the previous weights until you press Show."},
    # --- unranked areas and data notes (geo.view.ranking; the ranking, tooltips, profile and exports)
    "not_ranked": {"sv": "ej rankad", "en": "not ranked"},
    "rank_not_ranked": {"sv": "– (ej rankad)", "en": "– (not ranked)"},
    "not_ranked_because": {"sv": "ej rankad: {reason}", "en": "not ranked: {reason}"},
    "unranked_line": {"sv": "Ej rankad: {reason}", "en": "Not ranked: {reason}"},
    "reason_line": {"sv": "Orsak: {reason}", "en": "Reason: {reason}"},
    "reason_missing_dims": {"sv": "saknar värden i {dims}", "en": "no values for {dims}"},
    "reason_no_result": {"sv": "saknar rad i resultattabellen", "en": "no row in the results table"},
    "reason_no_index": {"sv": "saknar indexvärde", "en": "no index value"},
    "flag_computed_without": {"sv": "{dim}: beräknad utan {indicators}", "en": "{dim}: computed without {indicators}"},
    "flag_no_data": {"sv": "{dim}: saknar data", "en": "{dim}: no data"},
    "flag_mark_note": {"sv": "* efter namnet = anmärkning om data (se kolumnen Anmärkning).",
                       "en": "* after the name = a note on the data (see the Note column)."},
}
