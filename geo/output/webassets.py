"""Files the web map fetches from the app's own ``static/`` folder: Leaflet and the geometry.

* **Leaflet, offline.** Copied out of the ``xstatic-leaflet`` pip package into
  ``static/vendor/leaflet`` (:func:`ensure_leaflet_assets`), which Streamlit serves at
  ``/app/static/`` when ``server.enableStaticServing`` is on. No CDN.
* **Data files per session.** The areas, the scores and the context overlays are prepared once per
  content (:func:`prepare_areas`, :func:`prepare_json`, :func:`prepare_overlay`: compact JSON and a
  content-hashed name) and written into the browser session's own folder
  ``static/generated/<session folder>/`` (:func:`publish`; the folder's name is unguessable and it
  is removed when the session ends, see ``ui/published.py``). The map script only holds the URL,
  so a rerun never resends the geometry and a browser can never use a stale copy.
* **Code once.** The map component's module is written once to ``static/generated/`` under a
  content-hashed name (:func:`publish_module`) and shared by every session.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Prepared:
    """A file for the browser: its content-hashed name and bytes (see :func:`publish`)."""

    name: str
    data: bytes


def prepare_json(obj: Mapping[str, Any], prefix: str) -> Prepared:
    """``obj`` as compact JSON named ``<prefix>-<hash>.json``: the name, and with it the URL and
    the component key, stays the same exactly as long as the content does."""
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return Prepared(_hashed(data, prefix, ".json"), data)


def prepare_areas(areas_geojson: Mapping[str, Any]) -> Prepared:
    """The areas with ``area_id``, ``area_name`` and the label fields only (:func:`slim_features`)."""
    return prepare_json(slim_features(areas_geojson), "areas")


def publish(prepared: Prepared, static_dir: Path, folder: str) -> str:
    """Write ``prepared`` into ``static_dir/generated/<folder>/`` (atomically, once) and return its URL."""
    if not folder or "/" in folder or folder.startswith("."):
        raise ValueError(f"not a folder name: {folder!r}")
    _write_once(prepared.data, Path(static_dir) / "generated" / folder / prepared.name)
    return f"{GENERATED_URL}/{folder}/{prepared.name}"


def publish_module(source: Path, static_dir: Path) -> str:
    """Copy a JavaScript module (the map component, ``ui/components/``) to ``static_dir/generated/``
    under a content-hashed name: browsers may cache it forever, and a new version gets a new URL."""
    data = Path(source).read_bytes()
    name = _hashed(data, Path(source).stem.replace("_", "-"), ".js")
    _write_once(data, Path(static_dir) / "generated" / name)
    return f"{GENERATED_URL}/{name}"


def _hashed(data: bytes, prefix: str, suffix: str) -> str:
    return f"{prefix}-{hashlib.sha256(data).hexdigest()[:20]}{suffix}"


def _write_once(data: bytes, target: Path) -> None:
    if target.is_file():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


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


def prepare_overlay(overlay_geojson: Mapping[str, Any]) -> Prepared:
    """A context overlay with its ``label`` (and short form and anchor) only, like :func:`prepare_areas`."""
    features = []
    for feature in overlay_geojson.get("features", []):
        props = feature.get("properties") or {}
        slim = {"label": str(props.get("label") or "")}
        slim.update({k: props[k] for k in ("s", "lx", "ly") if props.get(k) is not None})
        features.append({"type": "Feature", "properties": slim, "geometry": feature["geometry"]})
    return prepare_json({"type": "FeatureCollection", "features": features}, "overlay")


__all__ = ["ASSET_URL", "GENERATED_URL", "LABEL_FIELDS", "Prepared", "ensure_leaflet_assets", "prepare_areas",
           "prepare_json", "prepare_overlay", "publish", "publish_module", "slim_features"]
