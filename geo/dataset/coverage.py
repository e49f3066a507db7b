"""How much of the full index a dataset covers: "Öppna data från SCB — 5 av 12 indikatorer, RegSO (inte GeSO)".

A definition can be a subset of a fuller one (``full_index`` in its ``[definition]``): the open
data carries five of the city's twelve indicators, some as proxies (``proxy_of``). The label
every view and export carries is computed here from the definition and the data — never
written by hand — so it stays true when the data or the definition changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from geo.definition import Definition, Indicator, list_definitions
from geo.i18n import t
from geo.paths import DATA, DataDescription


@dataclass(frozen=True)
class Coverage:
    """The definition's indicators with data, which of them are proxies, and what of the full index is missing."""

    with_data: tuple[Indicator, ...]
    proxies: tuple[Indicator, ...]
    missing: tuple[Indicator, ...]
    total: int
    full: Definition

    @property
    def n(self) -> int:
        return len(self.with_data)


def full_definition(definition: Definition, known: Iterable[Definition] = ()) -> Definition | None:
    """The definition's ``full_index`` among ``known``, else among the shipped ones (``data/definitions``)."""
    if not definition.full_index:
        return None
    for d in (*known, *list_definitions(DATA / "definitions")):
        if d.id == definition.full_index:
            return d
    return None


def coverage(definition: Definition, latest: Mapping[str, int], known: Iterable[Definition] = ()) -> Coverage | None:
    """What the data (``latest``: indicator id → its latest year with data) covers of the full index;
    ``None`` when the definition names none (it is the full index itself)."""
    full = full_definition(definition, known)
    if full is None:
        return None
    with_data = tuple(i for i in definition.indicators if i.id in latest)
    covered = {i.proxy_of or i.id for i in with_data}
    missing = tuple(i for i in full.indicators if i.id not in covered)
    return Coverage(with_data=with_data, proxies=tuple(i for i in with_data if i.is_proxy), missing=missing,
                    total=len(full.indicators), full=full)


def dataset_label(description: DataDescription, cov: Coverage | None, lang: str = "sv") -> str:
    """"Öppna data från SCB — 5 av 12 indikatorer, RegSO (inte GeSO)" ("" when the folder has no label)."""
    label = description.display_label(lang)
    if not label:
        return ""
    parts = [t("coverage_count", lang, n=cov.n, m=cov.total)] if cov is not None else []
    if description.display_areas(lang):
        parts.append(description.display_areas(lang))
    return f"{label} — {', '.join(parts)}" if parts else label


def missing_text(cov: Coverage, lang: str = "sv") -> str:
    """The full index's indicators the data lacks, by name."""
    return "; ".join(i.display_label(lang) for i in cov.missing)


__all__ = ["Coverage", "coverage", "dataset_label", "full_definition", "missing_text"]

