"""Streamlit glue shared by dashboard.py and pages/: state, sidebar, map, layout.

Everything here is thin: it reads widgets, calls ``geo`` and draws what ``geo``
returns. Computation, I/O and validation live in ``geo/``.
"""
