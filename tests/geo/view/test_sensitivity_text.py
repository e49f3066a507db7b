"""Tipping points in words: what a meeting reads must say the same as the numbers."""

from __future__ import annotations

import math

import pandas as pd

from geo.definition import load_definition
from geo.engine.sensitivity import influence
from geo.paths import demo_paths
from geo.view.sensitivity import influence_table, over_influence, tipping_sentence

D = load_definition(demo_paths().default_definition)
NAMES = {"G01": "Område A", "G02": "Område B", "G03": "Område C"}


def row(**kw):
    base = {"dimension": "ekonomi", "weight": 1.0, "lower": 0.6, "upper": 2.3, "enters_below": "",
            "leaves_below": "", "enters_above": "", "leaves_above": ""}
    return {**base, **kw}


def test_between_with_what_happens_above_and_below():
    text = tipping_sentence(row(enters_above="G01", leaves_above="G02", enters_below="G03", leaves_below="G01"),
                            D, NAMES, "sv", 3)
    assert text == ("Ekonomi kan ligga mellan 0,60 och 2,30 utan att topp 3 ändras (nu 1,00); "
                    "under 0,60 går Område C in i stället för Område A; "
                    "över 2,30 går Område A in i stället för Område B.")


def test_open_ended_and_unbounded_intervals():
    assert tipping_sentence(row(lower=0.0, upper=math.inf), D, NAMES, "sv", 3) == \
        "Ekonomi: topp 3 ändras inte, hur vikten än sätts (nu 1,00)."
    assert tipping_sentence(row(upper=math.inf, enters_below="G01", leaves_below="G02"), D, NAMES, "en", 2) == \
        "Economy can be 0.60 or more without changing the top 2 (now 1.00); below 0.60 Område A comes in " \
        "instead of Område B."
    assert tipping_sentence(row(lower=math.nan, upper=math.nan), D, NAMES, "sv", 3) == \
        "Ekonomi: saknar data och ingår inte."


def test_influence_words_flag_a_dimension_that_drives_more_than_twice_its_share():
    dims = pd.DataFrame({"delaktighet": [0.0, 0.0, 0.1, 0.0], "utbildning": [1.0, 2.0, 3.0, 4.0],
                         "ekonomi": [0.0, 0.05, 0.0, 0.05], "boende": [0.0, 0.1, 0.0, 0.0]})
    shares = influence(dims, {d: 1.0 for d in dims.columns})
    table = influence_table(shares, D, "sv")
    assert list(table.columns) == ["Dimension", "Vikt", "Andel av vikterna (%)", "Andel av inflytandet (%)"]
    lines = over_influence(shares, D, "sv")
    assert len(lines) == 1 and lines[0].startswith("Utbildning har")


def test_from_zero_reads_up_to_and_the_slider_note_is_short():
    from geo.view.sensitivity import slider_note

    assert tipping_sentence(row(lower=0.0, enters_above="G01", leaves_above="G02"), D, NAMES, "sv", 3) == \
        "Ekonomi kan vara upp till 2,30 utan att topp 3 ändras (nu 1,00); över 2,30 går Område A in i stället för " \
        "Område B."
    assert slider_note(row(lower=0.0), "sv", 3) == "Topp 3 oförändrad upp till 2,30"
    assert slider_note(row(), "sv", 3) == "Topp 3 oförändrad mellan 0,60 och 2,30"
    assert slider_note(row(upper=math.inf), "en", 3) == "Top 3 unchanged from 0.60 up"
    assert slider_note(row(lower=0.0, upper=math.inf), "sv", 3) == "Topp 3 ändras inte av den här vikten"


def test_what_it_takes_in_words_rounds_towards_crossing_and_counts_people():
    from geo.view.sensitivity import what_it_takes_table

    frame = pd.DataFrame([
        {"indicator_id": "forvarvsarbetande", "current": 47.91, "needed_value": 56.33, "change": 8.42,
         "change_people": 140.0, "direction": "out", "possible": True, "reason": ""},
        {"indicator_id": "forgymnasial_utbildning", "current": 27.4, "needed_value": 20.07, "change": -7.33,
         "change_people": -99.0, "direction": "out", "possible": True, "reason": ""},
        {"indicator_id": "valdeltagande", "current": 65.8, "needed_value": math.nan, "change": math.nan,
         "change_people": math.nan, "direction": "out", "possible": False, "reason": "ej möjligt inom 0–100 %"},
    ])
    table = what_it_takes_table(frame, D, "sv")
    # up when rising, down when falling; where nothing does it, the reason
    assert table["Behövs"].tolist() == ["56,4 %", "20,0 %", "ej möjligt inom 0–100 %"]
    assert table["Förändring"].tolist() == ["+8,4 procentenheter", "−7,3 procentenheter", ""]
    assert table["I personer"].tolist() == ["+140 personer", "−99 personer", ""]


def test_the_engines_reasons_are_said_in_the_pages_language():
    from geo.view.sensitivity import reason_text

    assert reason_text("ej möjligt inom 0–100 %", "en") == "not possible within 0–100 %"
    assert reason_text("ej möjligt inom 0–100 %", "sv") == "ej möjligt inom 0–100 %"
    assert reason_text("ej möjligt inom −5–40 dagar (sökintervall)", "en") == \
        "not possible within −5–40 dagar (search interval)"
    assert reason_text("alla rankade områden ingår i topp 3", "en") == "every ranked area is in the top 3"
    assert reason_text("indikatorn har vikten 0", "en") == "the indicator has weight 0"
    assert reason_text("något nytt", "en") == "något nytt"  # unknown: as it is
