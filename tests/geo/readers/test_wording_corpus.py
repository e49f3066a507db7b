"""Real-world header wordings → the mapping the import proposes (target and transform), never inverted.

Each row is a header as SCB's Statistikdatabasen, Malmö stad's spreadsheets or a planner
writes it; ``None`` means nothing may be proposed (a different concept, a subgroup, or too
little in common). A header that says the opposite of a share is proposed with ``100-x``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.definition import load_definition
from geo.paths import ROOT
from geo.readers.headers import IGNORE, SUGGEST_CUTOFF, default_choices
from geo.readers.mapping import Target, suggest_mapping
from geo.readers.wording import parse_wording

DEF = load_definition(ROOT / "data" / "definitions" / "malmo-2023-halsa.toml")
FLIP = "100-x"

CORPUS: list[tuple[str, str | None, str | None]] = [
    # Ekonomi — SCB and municipal wordings, both directions
    ("Andel med ekonomiskt bistånd 20-64 år (%)", "utan_ekonomiskt_bistand", FLIP),
    ("Andel med försörjningsstöd", "utan_ekonomiskt_bistand", FLIP),
    ("Andel hushåll med ekonomiskt bistånd 2023", "utan_ekonomiskt_bistand", FLIP),
    ("Utan ekonomiskt bistånd 20-64 år (%)", "utan_ekonomiskt_bistand", None),
    ("Andel med låg ekonomisk standard (%)", "utan_lag_ekonomisk_standard", FLIP),
    ("lag_ekonomisk_standard_pct", "utan_lag_ekonomisk_standard", FLIP),
    ("Låg ekonomisk standard, andel personer (%)", "utan_lag_ekonomisk_standard", FLIP),
    ("Andel utan låg ekonomisk standard", "utan_lag_ekonomisk_standard", None),
    ("Hög ekonomisk standard (%)", None, None),
    ("Medianinkomst (tkr)", None, None),
    ("Andel 20–64 år som huvudsakligen förvärvsarbetar (%)", "forvarvsarbetande", None),
    ("Förvärvsarbetande 20-64 år, andel (%)", "forvarvsarbetande", None),
    ("forvarvsarbetande_pct", "forvarvsarbetande", None),
    ("Sysselsatta 16-64 år, andel", "forvarvsarbetande", None),
    ("Ej förvärvsarbetande 20-64 år (%)", "forvarvsarbetande", FLIP),
    ("Arbetslösa 16-64", None, None),
    ("Öppet arbetslösa (%)", None, None),
    ("Arbetslöshet 16-64 år 2023", None, None),
    ("Förvärvsarbetande kvinnor 20-64 år (%)", None, None),
    # Boende
    ("Trångbodda (%)", "ej_trangbodda", FLIP),
    ("Trångboddhet enligt norm 2 (%)", "ej_trangbodda", FLIP),
    ("Ej trångbodda, andel [%] 2023", "ej_trangbodda", None),
    ("Inte trångbodda (%)", "ej_trangbodda", None),
    ("Andel som flyttat från området", "kvarboende", FLIP),
    ("Utflyttade från området (%)", "kvarboende", FLIP),
    ("Andel kvarboende (%)", "kvarboende", None),
    ("Bott kvar i området minst 5 år (%)", "kvarboende", None),
    ("Andel som bor i bostadsrätt eller äganderätt", "bostads_eller_aganderatt", None),
    ("Bostads- eller äganderätt, andel (%)", "bostads_eller_aganderatt", None),
    ("Andel boende i hyresrätt (%)", "bostads_eller_aganderatt", FLIP),
    ("Andel hyresrätter i området", "bostads_eller_aganderatt", FLIP),
    ("Andel med bostadsrätt", None, None),
    # Utbildning
    ("Andel med högst förgymnasial utbildning 25-64 år", "forgymnasial_utbildning", None),
    ("Förgymnasial utbildning, andel 20-64 år (%)", "forgymnasial_utbildning", None),
    ("Andel med eftergymnasial utbildning", None, None),
    ("Eftergymnasial utbildning 3 år eller mer (%)", None, None),
    ("Gymnasial utbildning (%)", None, None),
    ("Behöriga till gymnasiets yrkesprogram, åk 9 (%)", "behorighet_yrkesprogram", None),
    ("Behöriga till yrkesprogram åk 9 (%)", "behorighet_yrkesprogram", None),
    ("Ej behöriga till yrkesprogram", "behorighet_yrkesprogram", FLIP),
    ("Obehöriga till yrkesprogram (%)", "behorighet_yrkesprogram", FLIP),
    ("Andel elever som inte är behöriga till yrkesprogram", "behorighet_yrkesprogram", FLIP),
    ("Högskolebehörighet efter gymnasiet (%)", "hogskolebehorighet", None),
    # Delaktighet
    ("Valdeltagande riksdagsval 2022 (%)", "valdeltagande", None),
    ("Valdeltagande i riksdagsvalet 2022, procent", "valdeltagande", None),
    ("Deltagande i fritidsaktiviteter (%)", "fritidsaktiviteter", None),
    ("Svarsfrekvens folkhälsoenkäten 2022", "svarsfrekvens_folkhalsoenkat", None),
    # Hälsa (the five-dimension definition)
    ("Gott självskattat hälsotillstånd 16-84 år (%)", "god_sjalvskattad_halsa", None),
    ("Andel med dåligt självskattat hälsotillstånd", None, None),
    ("Ohälsotal, dagar", "ohalsotal", None),
    ("Andel kariesfria 6-åringar", "kariesfria_6aringar", None),
    # English exports
    ("Turnout in general elections (%)", "valdeltagande", None),
    ("Share without social assistance", "utan_ekonomiskt_bistand", None),
    ("Share receiving social assistance", "utan_ekonomiskt_bistand", FLIP),
    ("Unemployment rate 16-64", None, None),
    # Neither an indicator nor a key
    ("Antal invånare", None, None),
    ("Andel utrikes födda", None, None),
    ("Skostorlek", None, None),
]


def test_the_corpus_is_large_and_covers_both_directions():
    assert len(CORPUS) >= 40
    assert sum(1 for _, _, tr in CORPUS if tr == FLIP) >= 12
    assert sum(1 for _, target, _ in CORPUS if target is None) >= 10


@pytest.mark.parametrize("header, target, transform", CORPUS, ids=[h for h, _, _ in CORPUS])
def test_header_is_proposed_as_expected(header, target, transform):
    choice = default_choices([header], DEF, "indicators")[header]
    expected = Target(target, transform) if target is not None else Target(IGNORE)
    assert choice == expected, suggest_mapping([header], DEF)[header]


@pytest.mark.parametrize("header, target", [
    ("Område", "area_name"), ("Områdesnamn", "area_name"), ("År", "year"), ("DeSO-kod", "area_id"),
    ("Regionkod", "area_id"), ("Områdeskod", "area_id"), ("Delområde", "area_name"),
])
def test_key_columns_match_only_by_their_spellings(header, target):
    assert default_choices([header], DEF, "indicators")[header] == Target(target)


def test_a_number_column_is_never_a_key_column():
    # Fuzzy matching once proposed "Arbetslösa 16-64" as area_name ("area").
    for header in ("Arbetslösa 16-64", "Areal (ha)", "Årsinkomst", "Kodade svar"):
        assert default_choices([header], DEF, "indicators")[header].id == IGNORE, header


def test_the_opposite_is_never_offered_without_its_transform():
    # Not even as a lower-ranked alternative in the list the page shows.
    for header, target, transform in CORPUS:
        for s in suggest_mapping([header], DEF, cutoff=0.0, limit=50)[header]:
            if s.target == target and transform == FLIP:
                assert s.transform == FLIP, (header, s)


def test_opposite_of_a_non_share_is_not_offered():
    # "ohalsotal" is days, not a share: no 100-x and no proposal for a negated header.
    sug = suggest_mapping(["Ej ohälsotal"], DEF, cutoff=0.0, limit=50)["Ej ohälsotal"]
    assert all(s.target != "ohalsotal" for s in sug)


# ---------------------------------------------------------------- property: never inverted
NEGATORS = ["ej", "inte", "utan", "icke"]
DECOR = st.sampled_from(["", " (%)", " 2023", ", andel", " [%]", " 20-64 år", " – procent"])


def _strip_negation(label: str) -> str | None:
    words = label.split()
    neg = [w for w in words if w.casefold() in {"utan", "ej", "inte", "icke"}]
    if len(neg) != 1:
        return None
    return " ".join(w for w in words if w is not neg[0])


@settings(max_examples=300, deadline=None)
@given(ind=st.sampled_from(DEF.indicators), negate=st.booleans(), negator=st.sampled_from(NEGATORS),
       prefix=st.sampled_from(["", "Andel ", "andel som ", "ANDEL "]), decor=DECOR, upper=st.booleans())
def test_no_proposal_pairs_a_header_with_its_opposite_without_100_minus_x(ind, negate, negator, prefix, decor,
                                                                         upper):
    """Build a header from an indicator's label whose direction is known by construction (one
    negation added, or the label's one negation removed), then check every suggestion for it."""
    label = ind.label
    if negate:
        stripped = _strip_negation(label)
        header = stripped if stripped is not None else f"{negator} {label}"
    else:
        header = label
    header = prefix + header + decor
    if upper:
        header = header.upper()
    for s in suggest_mapping([header], DEF, cutoff=0.0, limit=50)[header]:
        if s.target == ind.id:
            assert (s.transform == FLIP) == negate, (header, s)
            if negate:
                assert ind.unit == "%"



def test_cutoff_is_documented_in_the_readme():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert str(SUGGEST_CUTOFF).replace(".", ",") in text or str(SUGGEST_CUTOFF) in text
    assert parse_wording("Trångbodda").negated is False
