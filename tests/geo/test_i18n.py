"""UI strings: every key has Swedish and English, every key is used, numbers read the Swedish way."""

from __future__ import annotations

import re
import string

from geo.i18n import STRINGS, fmt_number, short_list, t
from geo.paths import ROOT

#: Keys built at run time from a choice, e.g. t(f"method_{m}"): only these prefixes.
DYNAMIC = ("fu_gap_", "fu_status_", "fu_marker_", "rb_source_", "method_", "aggregation_", "scheme_", "setting_", "imp_kind_", "rb_status_", "agg_how_", "agg_missing_", "imp_looks_", "imp_level_", "builtin_")


def test_every_string_has_swedish_and_english_with_the_same_placeholders():
    for key, entry in STRINGS.items():
        assert entry.get("sv") and entry.get("en"), key
        fields = [{f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f} for lang in ("sv", "en")]
        assert fields[0] == fields[1], key


def test_every_key_is_used():
    source = "\n".join(p.read_text(encoding="utf-8") for folder in ("geo", "ui", "pages")
                       for p in (ROOT / folder).rglob("*.py") if not p.name.startswith("i18n"))
    source += (ROOT / "dashboard.py").read_text(encoding="utf-8")
    used = set(re.findall(r"""["']([a-z][a-z0-9_]*)["']""", source))
    unused = [k for k in STRINGS if k not in used and not k.startswith(DYNAMIC)]
    assert not unused, unused


def test_numbers_and_lists():
    assert fmt_number(-0.5432) == "−0,54" and fmt_number(1234.5, "en", 1) == "1,234.5" and fmt_number(None) == "–"
    assert t("enters_top", "sv", k=3) == "Nya i topp 3"
    assert short_list(["a", "b"]) == "a, b" and short_list(range(12), 3) == "0, 1, 2 … (+9)"
