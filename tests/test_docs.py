"""The docs hold no placeholder: every NAME_IN_CAPITALS in the README and docs/ (outside inline code) is
an environment variable or a name the code defines (a section once shipped with "THINK5000_TABLE" where its table
should have been)."""

from __future__ import annotations

import re

from geo.paths import ROOT

_TOKEN = re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")
#: Inline code (`AREA_ID` as a header a file may have) is quoted on purpose; placeholders are plain text.
_CODE = re.compile(r"`[^`\n]*`")
_ENV_PREFIXES = ("OMRADESINDEX_", "STREAMLIT_")


def _code_text() -> str:
    files = [*ROOT.glob("geo/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("bench/*.py"), *ROOT.glob("data/*.py"),
             *ROOT.glob(".ci/*"), *ROOT.glob("deploy/*")]
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files if p.is_file())


def test_every_capitalised_name_in_the_docs_is_real():
    code = _code_text()
    unknown = {}
    for doc in [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("data/**/README.md")]:
        for token in set(_TOKEN.findall(_CODE.sub("", doc.read_text(encoding="utf-8")))):
            if token.startswith(_ENV_PREFIXES) or re.search(rf"\b{token}\b", code):
                continue
            unknown.setdefault(doc.relative_to(ROOT).as_posix(), []).append(token)
    assert not unknown, unknown
