"""One view's choices as one value: validated once, carried everywhere.

A :class:`ViewSettings` holds everything that decides what a page shows: the index
definition (and its version), the data year, the normalisation method, the
aggregation, the dimension and indicator weights, the top k, the map classification,
the language and the background map. It is frozen and hashable (a cache key), checked
when it is made, and it has **one URL codec** (:mod:`geo.links`) that the permalink,
the scenario store and the exports share. The
engine takes it whole (``score(…, settings)``) and every scored result carries it.

**Adding a setting** (as the reference year was): a field here, a row in
:data:`geo.links.PARAMS` (its URL parameter), a label ``setting_<field>`` in
:mod:`geo.i18n`, its control in ``ui/controls.py`` and the code that uses it. Links,
saved scenarios and the exports' "how this was made" rows (:func:`describe`) follow.

**The year rule** (:func:`pick_year`): ``year=None`` means the latest year with data; a
year the data does not have is an error naming the years that exist. The app only
offers years with data, and a stale year (another definition, an old scenario) becomes
``None`` through :meth:`ViewSettings.fitted`.

The URL codec for these settings is :mod:`geo.links`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal, TypedDict, Unpack, get_args

from geo.definition import Definition
from geo.errors import DataError
from geo.i18n import fmt_number, t

Method = Literal["zscore", "minmax", "rank", "ratio"]
Aggregation = Literal["arithmetic", "geometric"]
Scheme = Literal["quantiles", "natural_breaks", "equal_interval"]
Lang = Literal["sv", "en"]

METHODS: tuple[Method, ...] = get_args(Method)
AGGREGATIONS: tuple[Aggregation, ...] = get_args(Aggregation)
SCHEMES: tuple[Scheme, ...] = get_args(Scheme)
LANGS: tuple[Lang, ...] = get_args(Lang)

#: The weight sliders' range and step (sidebar, meeting mode, tests).
WEIGHT_MIN, WEIGHT_MAX, WEIGHT_STEP = 0.0, 5.0, 0.5
MAX_TOP_K = 10_000

Weights = tuple[tuple[str, float], ...]

class SettingsError(DataError):
    """A choice that cannot be used; ``setting`` names the field (``method``, ``weights`` …)."""

    def __init__(self, setting: str, message: str, *, hint: str | None = None) -> None:
        self.setting = setting
        super().__init__(message, hint=hint)


class SettingsConflict(SettingsError):
    """Two choices that cannot be combined (e.g. geometric aggregation with z-scores).

    ``alternatives`` are ready-made settings that resolve it, each changing one choice
    (the app offers them as buttons); ``fallback`` is what the page shows meanwhile.
    The message uses the app's own words in the settings' language.
    """

    def __init__(self, setting: str, message: str, *, hint: str | None = None,
                 alternatives: tuple[ViewSettings, ...], fallback: ViewSettings,
                 labels: tuple[str, ...] = (), shown: str = "") -> None:
        self.alternatives = alternatives
        self.fallback = fallback
        #: The buttons' words for ``alternatives`` and what the page shows meanwhile (the
        #: settings' language), when the generic words do not fit.
        self.labels = labels
        self.shown = shown
        super().__init__(setting, message, hint=hint)


def format_weight(w: float) -> str:
    """Shortest exact text for a weight: ``2`` not ``2.0``, ``0.35`` not ``0.35000000000000003``."""
    w = float(w)
    return str(int(w)) if w.is_integer() and abs(w) < 1e15 else repr(w)


def weight_fits_slider(w: float) -> bool:
    """True when a weight slider (and an indicator weight box) can show ``w`` exactly: within
    :data:`WEIGHT_MIN`–:data:`WEIGHT_MAX` and a whole number of :data:`WEIGHT_STEP` from the minimum.

    >>> [weight_fits_slider(w) for w in (0, 2.5, 5, 0.25, 5e-324, 7)]
    [True, True, True, False, False, False]
    """
    w = float(w)
    return WEIGHT_MIN <= w <= WEIGHT_MAX and ((w - WEIGHT_MIN) / WEIGHT_STEP).is_integer()


def slider_weight_problem(key: str, w: float, text: str | None = None) -> tuple[str, str] | None:
    """Why the sliders cannot show weight ``w`` of ``key`` (message, hint), or None when they can."""
    shown = format_weight(w) if text is None else text
    if not WEIGHT_MIN <= w <= WEIGHT_MAX:
        return (f"vikten för '{key}' är {shown}, men reglagen går från {WEIGHT_MIN:g} till {WEIGHT_MAX:g}.",
                "Ange en vikt inom reglagens intervall.")
    if not weight_fits_slider(w):
        step = f"{WEIGHT_STEP:g}".replace(".", ",")
        message = (f"vikten för '{key}' är {shown}, men reglagen går i steg om {step} ({WEIGHT_MIN:g}, "
                   f"{WEIGHT_MIN + WEIGHT_STEP:g}, {WEIGHT_MIN + 2 * WEIGHT_STEP:g} … {WEIGHT_MAX:g}), så den kan "
                   "inte visas.")
        return message, "Ange en vikt som reglagen kan visa, t.ex. 1 eller 2.5."
    return None


def as_weights(weights: Mapping[str, float] | Iterable[tuple[str, float]] | None) -> Weights:
    """A weight mapping as the hashable tuple the settings hold (order kept)."""
    if weights is None:
        return ()
    items = weights.items() if isinstance(weights, Mapping) else weights
    out = []
    for key, value in items:
        try:
            out.append((str(key), float(value)))
        except (TypeError, ValueError):
            raise SettingsError("weights", f"vikten för '{key}' är inte ett tal: {value!r}.") from None
    return tuple(out)


def _check_weights(setting: str, weights: Weights) -> None:
    seen: set[str] = set()
    for key, w in weights:
        if key in seen:
            raise SettingsError(setting, f"vikten för '{key}' anges två gånger.")
        seen.add(key)
        if not math.isfinite(w) or w < 0:
            raise SettingsError(setting, f"vikten för '{key}' måste vara ett tal ≥ 0, inte {w!r}.")


def _choice(setting: str, value: object, options: Sequence[str], what: str) -> None:
    if value not in options:
        raise SettingsError(setting, f"okänd {what} '{value}'.", hint=f"Välj en av: {', '.join(options)}.")


class Changes(TypedDict, total=False):
    """The choices :meth:`ViewSettings.with_` can change, typed (a Literal stays a Literal)."""

    definition_id: str
    definition_version: str
    year: int | None
    reference_year: int | None
    method: Method
    aggregation: Aggregation
    weights: Weights | Mapping[str, float]
    indicator_weights: Weights | Mapping[str, float]
    top_k: int
    scheme: Scheme
    lang: Lang
    basemap: bool
    labels: bool


@dataclass(frozen=True)
class ViewSettings:
    """Every choice behind a view (see the module docstring). Ids left out of ``weights``
    and ``indicator_weights`` keep the definition's weight; ``year=None`` = the latest year."""

    definition_id: str
    definition_version: str = ""
    year: int | None = None
    #: The year whose statistics (mean, sd, min, max) normalise every year, so years share one
    #: yardstick; ``None`` = each year against itself (the index definition's rule).
    reference_year: int | None = None
    method: Method = "zscore"
    aggregation: Aggregation = "arithmetic"
    weights: Weights = ()
    indicator_weights: Weights = ()
    top_k: int = 3
    scheme: Scheme = "quantiles"
    lang: Lang = "sv"
    basemap: bool = False
    #: Rank and short name printed on the map (screen and exports).
    labels: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.definition_id, str) or not self.definition_id:
            raise SettingsError("definition_id", "ingen indexdefinition är vald.")
        _choice("method", self.method, METHODS, "normaliseringsmetod")
        _choice("aggregation", self.aggregation, AGGREGATIONS, "aggregering")
        _choice("scheme", self.scheme, SCHEMES, "klassindelning")
        _choice("lang", self.lang, LANGS, "språk")
        _check_weights("weights", self.weights)
        _check_weights("indicator_weights", self.indicator_weights)
        if isinstance(self.top_k, bool) or not isinstance(self.top_k, int) or not 1 <= self.top_k <= MAX_TOP_K:
            raise SettingsError("top_k", f"topp k måste vara ett heltal mellan 1 och {MAX_TOP_K}, inte {self.top_k!r}.")
        if self.year is not None and (isinstance(self.year, bool) or not isinstance(self.year, int)):
            raise SettingsError("year", f"året måste vara ett heltal, inte {self.year!r}.")
        if self.reference_year is not None and (isinstance(self.reference_year, bool)
                                                or not isinstance(self.reference_year, int)):
            raise SettingsError("reference_year", f"referensåret måste vara ett heltal, inte {self.reference_year!r}.")

    # ------------------------------------------------------------------ making
    @classmethod
    def default(cls, definition: Definition, **changes: Unpack[Changes]) -> ViewSettings:
        """The definition's own weights (all of them), z-scores, arithmetic mean, top 3."""
        base = cls(definition_id=definition.id, definition_version=definition.version,
                   weights=as_weights(definition.default_weights()),
                   indicator_weights=as_weights(definition.default_indicator_weights()))
        return base.with_(**changes) if changes else base

    def with_(self, **changes: Unpack[Changes]) -> ViewSettings:
        """A copy with some choices changed; weight mappings may be given as dicts."""
        fixed: dict[str, Any] = dict(changes)
        for key in ("weights", "indicator_weights"):
            if key in fixed and not isinstance(fixed[key], tuple):
                fixed[key] = as_weights(fixed[key])
        return replace(self, **fixed)

    def with_weight(self, dim_id: str, weight: float) -> ViewSettings:
        """One dimension weight changed (the others kept)."""
        return self.with_(weights={**self.weight_map, dim_id: float(weight)})

    def baseline(self) -> ViewSettings:
        """The same view with the definition's default weights: what rank changes are measured against."""
        return self.with_(weights=(), indicator_weights=())

    def fitted(self, years: Sequence[int]) -> ViewSettings:
        """The year rule for the app: a year the data does not have becomes ``None`` (the latest);
        a reference year the data does not have becomes ``None`` (each year against itself)."""
        out = self if self.year is None or self.year in years else self.with_(year=None)
        if out.reference_year is not None and out.reference_year not in years:
            out = out.with_(reference_year=None)
        return out

    # ------------------------------------------------------------------ reading
    @property
    def weight_map(self) -> dict[str, float]:
        return dict(self.weights)

    @property
    def indicator_weight_map(self) -> dict[str, float]:
        return dict(self.indicator_weights)

    def resolve(self, definition: Definition) -> tuple[dict[str, float], dict[str, float]]:
        """Full dimension and indicator weights for ``definition`` (defaults filled in), checked:
        unknown ids, all dimension weights 0, a weighted dimension whose indicators all weigh 0."""
        if definition.id != self.definition_id:
            raise SettingsError("definition_id", f"inställningarna gäller '{self.definition_id}', inte "
                                                 f"'{definition.id}'.")
        dim_w = definition.default_weights()
        ind_w = definition.default_indicator_weights()
        for given, target, kind, setting in ((self.weights, dim_w, "dimension", "weights"),
                                             (self.indicator_weights, ind_w, "indikator", "indicator_weights")):
            for key, w in given:
                if key not in target:
                    raise SettingsError(setting, f"okänd {kind} '{key}' i vikterna.",
                                        hint=f"Giltiga id: {', '.join(target)}.")
                target[key] = w
        if sum(dim_w.values()) <= 0:
            raise SettingsError("weights", "alla dimensionsvikter är 0, så inget index kan beräknas.",
                                hint="Ge minst en dimension en vikt större än 0.")
        for dim in definition.dimensions:
            if dim_w[dim.id] > 0 and sum(ind_w[i.id] for i in dim.indicators) <= 0:
                raise SettingsError("indicator_weights", f"alla indikatorvikter i dimensionen '{dim.id}' är 0.",
                                    hint="Ge minst en av dess indikatorer en vikt större än 0, eller sätt "
                                         "dimensionens vikt till 0.")
        return dim_w, ind_w

    def conflict(self) -> SettingsConflict | None:
        """A combination of choices that can never be computed, with the ways out (else None)."""
        if self.aggregation == "geometric" and self.method == "zscore":
            return geometric_conflict(self, reason=t("conflict_zscore_reason", self.lang))
        if self.method == "rank" and self.reference_year is not None:
            return reference_conflict(self)
        return None

    def same_view(self, other: ViewSettings) -> bool:
        """Equal as far as the numbers go (language, background map and map labels do not count)."""
        return (self.with_(lang="sv", basemap=False, labels=True)
                == other.with_(lang="sv", basemap=False, labels=True))

def reference_conflict(settings: ViewSettings) -> SettingsConflict:
    """Percentile ranks exist only within a year: they cannot be measured against a reference year."""
    lang = settings.lang
    without = settings.with_(reference_year=None)
    to_zscore = settings.with_(method="zscore")
    return SettingsConflict("reference_year", t("conflict_rank_reference", lang, year=settings.reference_year),
                            hint=t("conflict_rank_reference_hint", lang, zscore=t("method_zscore", lang)),
                            alternatives=(without, to_zscore), fallback=without,
                            labels=(t("conflict_no_reference", lang),
                                    t("conflict_use_method", lang, method=t("method_zscore", lang))),
                            shown=t("conflict_shown_without_reference", lang))


def geometric_conflict(settings: ViewSettings, *, reason: str) -> SettingsConflict:
    """The geometric mean cannot be used: say why in the app's words and offer both ways out."""
    lang = settings.lang
    to_ratio = settings.with_(method="ratio")
    to_arithmetic = settings.with_(aggregation="arithmetic")
    message = t("conflict_geometric", lang, aggregation=t("aggregation_geometric", lang),
                method=t(f"method_{settings.method}", lang), reason=reason)
    hint = t("conflict_geometric_hint", lang, ratio=t("method_ratio", lang),
             arithmetic=t("aggregation_arithmetic", lang))
    return SettingsConflict("aggregation", message, hint=hint, alternatives=(to_ratio, to_arithmetic),
                            fallback=to_arithmetic)


# ---------------------------------------------------------------------- the year rule

def pick_year(available: Iterable[int], wanted: int | None = None) -> int:
    """The year to score: ``wanted`` if the data has it, the latest year when ``wanted`` is None.

    A year without data is an error naming the years that exist (the CLI's ``--year``);
    the app never asks for one (:meth:`ViewSettings.fitted`).
    """
    years = sorted({int(y) for y in available})
    if not years:
        raise DataError("indikatortabellen har inga värden för definitionens indikatorer.",
                        hint="Kontrollera att indicator_id i tabellen stämmer med definitionens id.")
    if wanted is None:
        return years[-1]
    if int(wanted) not in years:
        raise SettingsError("year", f"året {wanted} finns inte i indikatortabellen.",
                            hint=f"Tillgängliga år: {', '.join(map(str, years))}.")
    return int(wanted)


def default_reference_year(definition: Definition, available: Iterable[int]) -> int | None:
    """The app's yardstick for a new session: the definition's ``follow_up_start`` when the data
    has that year, else none (each year on its own). The CLI and links keep ``None`` as the
    default, so their output and old links mean what they always meant."""
    start = definition.follow_up_start
    return start if start is not None and start in {int(y) for y in available} else None


# ---------------------------------------------------------------------- describing

def describe(settings: ViewSettings, definition: Definition | None = None) -> list[tuple[str, str]]:
    """Label/value pairs saying how the numbers were made, in the settings' language
    (exports, the PDF brief): one row per setting, generic over the fields."""
    lang = settings.lang
    dim_w, ind_w = settings.resolve(definition) if definition is not None else (
        settings.weight_map, settings.indicator_weight_map)
    rows: list[tuple[str, str]] = []
    for f in fields(ViewSettings):
        value = getattr(settings, f.name)
        if f.name == "definition_id" and definition is not None:
            text = f"{definition.display_name(lang)} ({definition.id})"
        elif f.name == "weights":
            total = sum(dim_w.values()) or 1.0
            names = {d.id: d.display_label(lang) for d in definition.dimensions} if definition else {}
            text = " · ".join(f"{names.get(k, k)} {format_weight(w)} ({fmt_number(100 * w / total, lang, 0)} %)"
                              for k, w in dim_w.items())
        elif f.name == "indicator_weights":
            defaults = definition.default_indicator_weights() if definition else {}
            changed = {k: w for k, w in ind_w.items() if defaults.get(k) != w}
            text = ", ".join(f"{k} {format_weight(w)}" for k, w in changed.items()) or t("setting_defaults", lang)
        elif f.name == "year":
            text = t("setting_latest", lang) if value is None else str(value)
        elif f.name == "reference_year":
            text = t("reference_none", lang) if value is None else str(value)
        elif f.name in ("method", "aggregation", "scheme"):
            text = f"{t(f'{f.name}_{value}', lang)} ({value})"
        elif f.name == "lang":
            text = {"sv": "svenska", "en": "English"}[value]
        elif f.name in ("basemap", "labels"):
            text = t("yes", lang) if value else t("no", lang)
        else:
            text = "–" if value is None else str(value)
        rows.append((t(f"setting_{f.name}", lang), text))
    return rows


__all__ = ["AGGREGATIONS", "LANGS", "MAX_TOP_K", "METHODS", "SCHEMES", "WEIGHT_MAX", "WEIGHT_MIN", "WEIGHT_STEP",
           "Aggregation", "Lang", "Method", "Scheme", "SettingsConflict", "SettingsError", "ViewSettings", "Weights",
           "as_weights", "describe", "format_weight", "geometric_conflict", "pick_year", "reference_conflict",
           "slider_weight_problem", "weight_fits_slider"]


assert set(Changes.__annotations__) == {f.name for f in fields(ViewSettings)}, "Changes lists every setting"
