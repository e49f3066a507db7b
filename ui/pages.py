"""The app's pages: file, title, URL path, icon and which sidebar controls change each one.

File names are ASCII and English, URL paths and titles Swedish (titles follow the
language). A file name must not equal its URL path: Streamlit also knows ``pages/``
files by their names, and a page found that way runs without the entry point.

``dashboard.py`` builds the navigation from :data:`PAGES` and draws the sidebar with the
current page's :attr:`Page.controls` ("a page shows only the controls that change it").
A new page is a file in ``pages/``, a row here and its title in :mod:`geo.i18n`.
The icons are Material Symbols (drawn by Streamlit's own font, no emoji font needed).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Every sidebar control (``lang`` is always shown).
ALL = frozenset({"definition", "year", "reference_year", "method", "aggregation", "weights", "indicator_weights",
                 "top_k", "scheme", "labels", "basemap", "overlays"})
#: What only matters for maps.
MAPS = frozenset({"scheme", "labels", "basemap", "overlays"})


@dataclass(frozen=True)
class Page:
    file: str
    title_key: str
    url_path: str
    icon: str
    controls: frozenset[str]
    #: The sidebar is hidden (meeting mode: controls on the page itself).
    sidebar: bool = True
    #: The page shows scores (the entry point scores the data before running it).
    scored: bool = True


PAGES: tuple[Page, ...] = (
    Page("pages/overview.py", "overview", "oversikt", ":material/map:", ALL),
    Page("pages/dimensions.py", "dimensions_page", "dimensioner", ":material/bar_chart:",
         ALL - {"weights", "aggregation", "top_k"}),
    Page("pages/profile.py", "profile_page", "omradesprofil", ":material/location_on:", ALL - MAPS - {"top_k"}),
    Page("pages/followup.py", "followup_page", "uppfoljning", ":material/trending_up:", ALL - {"scheme", "labels"}),
    Page("pages/method.py", "method_page", "metod", ":material/functions:",
         frozenset({"definition", "year", "reference_year", "method", "aggregation"})),
    Page("pages/import_data.py", "import_page", "importera", ":material/upload_file:", frozenset(), scored=False),
    Page("pages/scenarios.py", "scenarios_page", "scenarier", ":material/compare_arrows:", ALL),
    Page("pages/robustness.py", "robustness_page", "robusthet", ":material/casino:", ALL),
    Page("pages/sensitivity.py", "sensitivity_page", "kanslighet", ":material/tune:",
         ALL - {"scheme", "labels", "basemap", "overlays"}),
    Page("pages/versions.py", "versions_page", "indexversioner", ":material/difference:",
         frozenset({"year", "reference_year", "method", "aggregation", "top_k"})),
    Page("pages/meeting.py", "meeting_page", "moteslage", ":material/co_present:", frozenset(), sidebar=False),
)
OVERVIEW, PROFILE = PAGES[0].file, PAGES[2].file
