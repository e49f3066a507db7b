"""The library's layers, read from the import graph: one way through the code, no circle.

core (errors, i18n, paths, definition, settings, scenario) → readers → dataset → engine →
view → output → cli. A module may import its own layer or a lower one, never a higher one;
function-level imports count too. No Streamlit anywhere in ``geo/``; folium only in output.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GEO = Path(__file__).resolve().parents[2] / "geo"
LAYERS = {"core": 0, "readers": 1, "dataset": 2, "engine": 3, "view": 4, "output": 5, "cli": 6}
TOP = {"cli": "cli", "__main__": "cli"}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(GEO.parent).with_suffix("").parts).removesuffix(".__init__")


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in LAYERS:
        return parts[1]
    if len(parts) >= 2 and parts[1] in TOP:
        return TOP[parts[1]]
    return "core"


MODULES = {module_name(p): p for p in GEO.rglob("*.py")}


def imports(path: Path) -> list[tuple[str, int]]:
    """Every module imported anywhere in the file (top level or inside functions), with its line."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append((node.module, node.lineno))
            out += [(f"{node.module}.{a.name}", node.lineno) for a in node.names]
    return out


def internal(target: str) -> str | None:
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target if target and target != "geo" else None


GRAPH = {m: {t for name, _ in imports(p) if (t := internal(name)) and t != m} for m, p in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_from_a_higher_layer(module):
    mine = LAYERS[layer_of(module)]
    for name, line in imports(MODULES[module]):
        target = internal(name)
        if target is None:
            continue
        assert LAYERS[layer_of(target)] <= mine, (
            f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)}) on line {line}")


def test_no_import_circle():
    def reach(start: str) -> set[str]:
        seen, todo = set(), list(GRAPH[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo += GRAPH[node]
        return seen

    circular = sorted(m for m in GRAPH if m in reach(m))
    assert not circular, f"import circle among {circular}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_streamlit_and_folium_only_in_output(module):
    names = {name.split(".")[0] for name, _ in imports(MODULES[module])}
    assert "streamlit" not in names and "streamlit_folium" not in names
    if layer_of(module) != "output":
        assert "folium" not in names and "branca" not in names, f"{module} builds web maps outside geo.output"


def test_every_layer_exists_and_says_what_it_is():
    for layer in ("readers", "dataset", "engine", "view", "output"):
        init = GEO / layer / "__init__.py"
        assert init.is_file() and ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), layer


def test_modules_stay_small():
    big = {m: n for m, p in MODULES.items() if (n := p.read_text(encoding="utf-8").count("\n")) > 500}
    assert not big, big


def test_every_colour_lives_in_the_palette():
    """One palette module: no colour literal anywhere else in geo/, ui/, pages/ or dashboard.py."""
    import re

    root = GEO.parent
    files = [p for folder in ("geo", "ui", "pages") for p in (root / folder).rglob("*.py")] + [root / "dashboard.py"]
    colour = re.compile(r"""["'#]#?[0-9a-fA-F]{6}["';]|#[0-9a-fA-F]{3}\b""")
    found = {str(p.relative_to(root)): hits for p in files if p.name != "palette.py"
             and (hits := colour.findall(p.read_text(encoding="utf-8")))}
    assert not found, found
