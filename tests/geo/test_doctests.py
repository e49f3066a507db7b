"""Run the docstring examples in geo/ (runnable examples must stay true)."""

import doctest
import importlib
import pkgutil

import pytest

import geo

MODULES = [m.name for m in pkgutil.iter_modules(geo.__path__, "geo.") if m.name != "geo.__main__"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_geo_never_imports_streamlit():
    import subprocess
    import sys

    code = "import sys, geo, " + ", ".join(MODULES) + "; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
