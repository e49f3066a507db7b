"""Layer 4 — view: what the pages show, as plain frames and dicts (no folium, no Streamlit).

Rankings with rank changes, map styles and legends, the palette, profiles, dimension
drill-downs and robustness tables, all computed from scored results and tested
without a browser. Imports the engine and below.
"""
