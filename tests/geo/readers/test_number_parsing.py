"""Numbers in cells (issue 17 follow-up): the column parser, which parses each distinct text once and
spreads the results over the column, agrees cell for cell with a small reference parser written here.

The reference reads one cell at a time the way geo.readers.cells documents it: stripped, spaces (also
non-breaking) as thousands separators, decimal comma or point, a trailing "%", the Unicode minus, the
suppression marks as missing (flagged), anything else an error naming the first bad row, and a number
too large for a float an error after that. Digits are ASCII here: whether "٣" is a digit depends on the
regular-expression engine behind pandas' strings, not on this code.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import DataError
from geo.readers.cells import MISSING_TOKENS, by_distinct, distinct, parse_number_column

#: The pattern a cleaned cell must match: an optional sign (+, - or the Unicode minus), digits, decimals
#: and an exponent. (The reader once wrote the sign "[+-−]", a range that let "<5" pass as a gap.)
_NUMBER = re.compile(r"[+\-−]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def reference(cell: object) -> tuple[str, float, bool]:
    """One cell: ("ok", value, suppressed), ("bad", nan, False) or ("inf", nan, False)."""
    text = "" if cell is None or (isinstance(cell, float) and math.isnan(cell)) else str(cell)
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("−", "-")
    cleaned = cleaned.removesuffix("%")
    suppressed = cleaned in MISSING_TOKENS or text.strip() in MISSING_TOKENS
    cleaned = cleaned.replace(",", "") if "." in cleaned else cleaned.replace(",", ".")
    if suppressed:
        return "ok", math.nan, True
    if not _NUMBER.fullmatch(cleaned):
        return "bad", math.nan, False
    try:
        value = float(cleaned)
    except ValueError:  # "a5": passes the pattern (see _NUMBER), is no number
        return "ok", math.nan, False
    return ("inf", math.nan, False) if math.isinf(value) else ("ok", value, False)


SIGNS = ["", "", "-", "−", "+", " -", "–"]
GROUPS = [" ", "\u00a0", "\u202f", ",", "."]
ODD = ["..", "...", ".", "-", "–", "—", "x", "X", "na", "NA", "NaN", "nan", "saknas", "", " .. ", "-%", "%",
       "1e400", "-1e999", "abc", "12-3", "1,234.5", "1.234,5", "1.234.567", "5%%", "5 %", "<5", "a5", ".5", "5.",
       ",5", "0x10", "1_000", "inf", "e5", "1e", "00012", "-0", "+0.0", "\t7\t", "1\u00a0234,5", "−3,25"]


@st.composite
def cells(draw) -> str:
    """A cell as city staff's exports write them: mostly numbers (at most 15 digits, so that any correct
    parser gives the same float), some suppression marks and some junk."""
    if draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(ODD) | st.text(alphabet="0123456789.,%- xe\u00a0", max_size=6))
    digits = str(draw(st.integers(0, 10**9)))
    if len(digits) > 3 and draw(st.booleans()):
        sep = draw(st.sampled_from(GROUPS))
        head, rest = digits[: len(digits) % 3 or 3], digits[len(digits) % 3 or 3:]
        digits = sep.join([head, *(rest[i:i + 3] for i in range(0, len(rest), 3))])
    decimals = draw(st.sampled_from(["", "", ",5", ".25", ",125", ".0"]))
    return (draw(st.sampled_from(["", " ", "\u00a0"])) + draw(st.sampled_from(SIGNS)) + digits + decimals
            + draw(st.sampled_from(["", "", "e2", "E-1"])) + draw(st.sampled_from(["", "", "%", " %"])))


def series(values: list, kind: str) -> pd.Series:
    if kind == "str":
        return pd.Series(values, dtype="str", index=range(10, 10 + len(values)))
    if kind == "mixed":  # not all text: parsed cell by cell
        return pd.Series([*values, None, 3], dtype=object)
    return pd.Series(values, dtype=object)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cells(), min_size=1, max_size=20), st.sampled_from(["object", "str", "mixed"]), st.data())
def test_the_column_parser_agrees_with_the_cell_reference(texts, kind, data):
    texts = texts + data.draw(st.lists(st.sampled_from(texts), max_size=10))  # repeats: distinct values
    col = series(texts, kind)
    expected = [reference(v) for v in col]
    bad = [i for i, (what, _, _) in enumerate(expected) if what == "bad"]
    huge = [i for i, (what, _, _) in enumerate(expected) if what == "inf"]
    if bad or huge:
        pos = (bad or huge)[0]
        with pytest.raises(DataError) as err:
            parse_number_column(col, file="t.csv", column="value")
        line = col.index[pos] + 2
        assert f"kolumnen 'value', rad {line}: '{col.iloc[pos]}' " in str(err.value)
        assert ("inte ett tal" if bad else "för stort") in str(err.value)
        return
    values, suppressed = parse_number_column(col, file="t.csv", column="value")
    np.testing.assert_array_equal(values.to_numpy(), np.array([v for _, v, _ in expected]))  # NaN == NaN here
    assert suppressed.tolist() == [s for _, _, s in expected]
    assert values.index.equals(col.index) and suppressed.index.equals(col.index)
    assert values.dtype == np.float64 and suppressed.dtype == bool


def test_hand_cases():
    col = pd.Series(["1 234,5", "−3", "45 %", "..", "1,234.5", " 7 ", "1\u00a0000", "x"] * 2)
    values, suppressed = parse_number_column(col)
    assert values.tolist()[:8] == pytest.approx([1234.5, -3.0, 45.0, math.nan, 1234.5, 7.0, 1000.0, math.nan],
                                                nan_ok=True)
    assert suppressed.tolist() == [False, False, False, True, False, False, False, True] * 2


def test_the_first_bad_row_is_named_even_when_its_text_came_earlier_as_good():
    # distinct values: "12" is parsed once; the bad one is the 4th row, not the first distinct bad text
    col = pd.Series(["12", "12", "x", "tolv", "12"], index=[5, 6, 7, 8, 9])
    with pytest.raises(DataError, match=r"rad 10: 'tolv' är inte ett tal"):
        parse_number_column(col)


def test_distinct_only_for_text_without_missing_values():
    assert distinct(pd.Series(["a", None])) is None
    assert distinct(pd.Series([1, True], dtype=object)) is None  # equal keys, different text
    assert distinct(pd.Series([], dtype=object)) is None
    codes, uniques = distinct(pd.Series(["b", "a", "b"], dtype="str"))
    assert codes.tolist() == [0, 1, 0] and uniques.tolist() == ["b", "a"]
    out = by_distinct(pd.Series([True, 1], dtype=object), lambda s: s.astype(str))
    assert out.tolist() == ["True", "1"]


@pytest.mark.parametrize("cell", ["<5", ">100", "a5", "5<"])
def test_a_cell_that_is_no_number_is_an_error_not_a_silent_gap(cell):
    """The sign in the number pattern was written ``[+-−]``, a range from "+" to "−" that holds "<", ">"
    and every letter: "<5" passed the check and became a missing value without a suppression flag."""
    from geo.errors import DataError
    from geo.readers.cells import parse_number_column

    with pytest.raises(DataError, match="inte ett tal"):
        parse_number_column(pd.Series(["1", cell]), file="x.csv", column="c")
