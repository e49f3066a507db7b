"""Layer 2 — dataset: which data a deployment runs on, joined and checked.

The data folder's configuration, the one loader the app and the CLI share
(:func:`geo.dataset.load.load_dataset`), the join report, aggregation from fine to
coarse areas and the synthetic demo. Imports readers and the core, nothing above.
"""
