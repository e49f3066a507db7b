"""Layer 3 — engine: normalisation, the index, scoring and rank uncertainty.

Pure computation on validated frames, driven by one :class:`geo.settings.ViewSettings`.
Imports the dataset layer (id matching), the readers and the core, nothing above.
"""
