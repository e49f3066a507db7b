"""Helpers for AppTests that look into the Leaflet maps (streamlit-folium component args)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

_MARK = "window.__areaStyles = {styles: "


def components(at: AppTest):
    def walk(node):
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                if child.type == "component_instance":
                    yield child
                yield from walk(child)
    yield from walk(at._tree)


def map_args(at: AppTest) -> list[dict]:
    """The JSON arguments of every st_folium map on the page, in page order."""
    return [json.loads(c.proto.json_args) for c in components(at) if "feature_group" in c.proto.json_args]


def style_payloads(at: AppTest) -> list[dict[str, dict]]:
    """Per map the ``{area_id: {"style": …, "tooltip": …}}`` payload of its style layer."""
    out = []
    for args in map_args(at):
        fg = args.get("feature_group") or ""
        start = fg.find(_MARK)
        if start < 0:
            continue
        payload, _ = json.JSONDecoder().raw_decode(fg[start + len(_MARK):])
        out.append(payload)
    return out


def shown(text: str) -> str:
    """Text as the user reads it: Markdown backslash escapes (see ui.layout.md_escape) removed."""
    import re

    return re.sub(r"\\(.)", r"\1", text)
