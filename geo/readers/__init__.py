"""Layer 1 — readers: files → validated frames.

Everything that opens a file a user gave us lives here: size limits, zip archives,
CSV/Excel tables, number cells, area layers, indicator and results tables, column
mappings and header guesses, SCB exports and context overlays. Readers validate where
data enters and return cleaned frames; every problem is a :class:`~geo.errors.DataError`
with a Swedish message naming the file, column or row. Imports only :mod:`geo`'s core
modules (errors, definition, i18n, paths).
"""
