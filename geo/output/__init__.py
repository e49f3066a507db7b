"""Layer 5 — output: what leaves the library — the offline web map, exports, the scenario store.

Imports the view layer and below; nothing in :mod:`geo` imports it except the CLI.
"""
