"""Områdesindex Malmö: the library (definitions, I/O, validation, index engine).

No Streamlit here: the dashboard and pages are thin layers over this package.
"""

from geo.definition import Definition, Dimension, Indicator, load_definition
from geo.errors import DataError

__all__ = ["DataError", "Definition", "Dimension", "Indicator", "load_definition"]
