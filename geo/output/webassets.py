"""Files the web map fetches from the app's own ``static/`` folder: Leaflet and the geometry.

* **Leaflet, offline.** Copied out of the ``xstatic-leaflet`` pip package into
  ``static/vendor/leaflet`` (:func:`ensure_leaflet_assets`), which Streamlit serves at
  ``/app/static/`` when ``server.enableStaticServing`` is on. No CDN.
* **Geometry once.** The areas (and context overlays) are written once to
  ``static/generated/<kind>-<content hash>.json`` (:func:`publish_areas`,
  :func:`publish_overlay`) and the map script only holds the URL, so a rerun never
  resends the geometry and a browser can never use a stale copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: Where Streamlit serves ``<app dir>/static/vendor/leaflet`` (enableStaticServing).
ASSET_URL = "/app/static/vendor/leaflet"
#: Where Streamlit serves ``<app dir>/static/generated`` (see :func:`publish_areas`).
GENERATED_URL = "/app/static/generated"

_VERSION_FILE = ".xstatic-leaflet-version"


def ensure_leaflet_assets(static_dir: Path) -> str:
    """Copy Leaflet from the ``xstatic-leaflet`` package to ``static_dir/vendor/leaflet``.

    The repo must not hold third-party files and the app must not reach a
    CDN, so the installed pip package is the source. Meant to be called on
    every script run: when the right version is there it costs one small file
    read. The copy is made in a temporary sibling folder that is renamed into
    place, so concurrent sessions never see a half-copied folder.

    Returns the URL prefix the files are served under (:data:`ASSET_URL`).
    """
    from xstatic.pkg import leaflet as xs_leaflet

    version = f"{xs_leaflet.VERSION}.{xs_leaflet.BUILD}"
    target = Path(static_dir) / "vendor" / "leaflet"
    if _assets_current(target, version):
        return ASSET_URL

    source = Path(xs_leaflet.BASE_DIR)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".leaflet-", dir=target.parent))
    try:
        shutil.copy2(source / "leaflet.js", tmp / "leaflet.js")
        shutil.copy2(source / "leaflet.css", tmp / "leaflet.css")
        shutil.copytree(source / "images", tmp / "images")
        (tmp / _VERSION_FILE).write_text(version + "\n", encoding="utf-8")
        os.chmod(tmp, 0o755)  # mkdtemp makes it 0700
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(tmp, target)
        except OSError:
            # Another session won the race; fine if what it wrote is current.
            if not _assets_current(target, version):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ASSET_URL


def _assets_current(target: Path, version: str) -> bool:
    try:
        stamp = (target / _VERSION_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return stamp == version and (target / "leaflet.js").is_file() and (target / "leaflet.css").is_file()


def publish_areas(areas_geojson: Mapping[str, Any], static_dir: Path) -> str:
    """Write the areas (``area_id``/``area_name`` only) to ``static_dir/generated/``.

    The file name carries a hash of the content, so the URL, and with it the
    map script and the component key, stays the same exactly as long as the
    geometry does, and a browser can never use a stale cached copy. Cheap
    when the file exists (one serialisation + hash). Returns its URL, for
    :func:`base_map`.
    """
    return publish_json(slim_features(areas_geojson), "areas", static_dir)


def publish_json(obj: Mapping[str, Any], prefix: str, static_dir: Path) -> str:
    """Write ``obj`` as compact JSON to ``static_dir/generated/<prefix>-<hash>.json`` (atomically,
    once per content) and return its URL."""
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return _publish_bytes(data, prefix, ".json", static_dir)


def publish_module(source: Path, static_dir: Path) -> str:
    """Copy a JavaScript module (the map component, ``ui/components/``) to ``static_dir/generated/``
    under a content-hashed name: browsers may cache it forever, and a new version gets a new URL."""
    return _publish_bytes(Path(source).read_bytes(), Path(source).stem.replace("_", "-"), ".js", static_dir)


def _publish_bytes(data: bytes, prefix: str, suffix: str, static_dir: Path) -> str:
    name = f"{prefix}-{hashlib.sha256(data).hexdigest()[:20]}{suffix}"
    target = Path(static_dir) / "generated" / name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{prefix}-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return f"{GENERATED_URL}/{name}"


#: Label fields an area feature may carry (:func:`geo.view.mapmodel.area_features`).
LABEL_FIELDS = ("s", "a", "lx", "ly", "hw", "hh")


def slim_features(areas_geojson: Mapping[str, Any]) -> dict[str, Any]:
    """Only ``area_id``, ``area_name`` and the label fields of each feature (nothing else leaks out)."""
    features = []
    for feature in areas_geojson.get("features", []):
        props = feature.get("properties") or {}
        if props.get("area_id") is None:
            raise ValueError("every feature needs an 'area_id' property")
        slim = {"area_id": str(props["area_id"]), "area_name": str(props.get("area_name", props["area_id"]))}
        slim.update({k: props[k] for k in LABEL_FIELDS if props.get(k) is not None})
        features.append({"type": "Feature", "properties": slim, "geometry": feature["geometry"]})
    return {"type": "FeatureCollection", "features": features}


def publish_overlay(overlay_geojson: Mapping[str, Any], static_dir: Path) -> str:
    """Write a context overlay (``label`` property only) to ``static_dir/generated/``.

    Like :func:`publish_areas`: content-hashed name, written once, fetched by the
    browser only when the overlay is first shown. Returns its URL, for
    ``base_map(..., overlays=[(overlay_id, url), ...])``.
    """
    features = []
    for feature in overlay_geojson.get("features", []):
        props = feature.get("properties") or {}
        slim = {"label": str(props.get("label") or "")}
        slim.update({k: props[k] for k in ("s", "lx", "ly") if props.get(k) is not None})
        features.append({"type": "Feature", "properties": slim, "geometry": feature["geometry"]})
    return publish_json({"type": "FeatureCollection", "features": features}, "overlay", static_dir)


__all__ = ["ASSET_URL", "GENERATED_URL", "LABEL_FIELDS", "ensure_leaflet_assets", "publish_areas", "publish_json",
           "publish_module", "publish_overlay", "slim_features"]
