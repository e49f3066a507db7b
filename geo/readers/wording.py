"""What a header *means*: its concept words and its direction, so a mapping never inverts an indicator.

City files say "Andel med ekonomiskt bistånd" where the index says "utan ekonomiskt bistånd",
"Trångbodda" where it says "inte trångbodda", "flyttat" where it says "stannat kvar". A fuzzy
string match calls those the same; they are opposites, and a wrong direction silently reorders
the priority list. So a header is read as a set of *concept words* (stop words dropped,
inflections and synonyms folded, antonyms turned into their partner plus a negation) and a
*direction* (an odd number of negations is "the opposite"):

>>> w = parse_wording("Andel med ekonomiskt bistånd 20-64 år (%)")
>>> sorted(w.words), w.negated
(['bistand', 'ekonomiskt'], False)
>>> parse_wording("Andel som flyttat från området").negated
True

:func:`compare` scores a header against a target text and says whether the two point in
opposite directions, or name different concepts altogether (eftergymnasial vs förgymnasial,
arbetslösa vs förvärvsarbetande) — then the score is 0 and nothing may be proposed.
The vocabulary below is data: extend it when a real file uses a wording it misses (and add the
wording to ``tests/geo/readers/test_wording_corpus.py``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

#: Words that turn a concept into its complement.
NEGATIONS = frozenset({"utan", "ej", "inte", "icke", "ingen", "inga", "without", "not", "non", "no"})

#: Words that carry no concept (Swedish and English), after folding (å/ä/ö → a/o).
STOP_WORDS = frozenset(["andel", "andelen", "andelar", "procent", "procentandel", "som", "i", "av", "till", "for", "med", "och", "eller", "de", "den", "det", "pa", "fran", "har", "ar", "vara", "bor", "boende", "personer", "person", "invanare", "befolkning", "befolkningen", "totalt", "total", "alder", "aldern", "ak", "arskurs", "elever", "elev", "huvudsakligen", "hogst", "lagst", "minst", "omradet", "omrade", "omraden", "efter", "samtliga", "alla", "varav", "kommun", "malmo", "share", "of", "the", "in", "with", "who", "aged", "mainly", "at", "most", "per", "and", "or", "to", "a", "an", "living", "people", "persons", "population", "pupils", "rate", "percent", "proportion", "residents", "year", "years", "pct", "enligt"])

#: Words that narrow a concept to a subgroup ("Förvärvsarbetande kvinnor"): such a header is
#: not the indicator for everyone, so its score is lowered below the proposal cutoff.
SUBGROUPS = frozenset({"kvinnor", "man", "flickor", "pojkar", "women", "men", "girls", "boys", "utrikes",
                       "inrikes", "fodda", "born", "foreign", "swedish"})

#: Folded word → (concept words, negates). Inflections and synonyms map to one concept;
#: an antonym maps to its partner with ``negates=True`` ("flyttat" = not "stannat kvar").
CANONICAL: dict[str, tuple[tuple[str, ...], bool]] = {
    **{w: (("kvar",), False) for w in ("stannat", "stannar", "stannade", "kvar", "kvarboende", "kvarbor",
                                       "kvarboendegrad", "bott", "stayed", "remained")},
    **{w: (("kvar",), True) for w in ("flyttat", "flyttade", "flyttar", "utflyttade", "utflyttat",
                                      "utflyttning", "utflyttningar", "flytt", "moved", "movers")},
    **{w: (("bostadsratt", "aganderatt"), True) for w in ("hyresratt", "hyresratter", "hyresgaster",
                                                          "rental", "rented")},
    **{w: (("bostadsratt",), False) for w in ("bostads", "bostadsratt", "bostadsratter")},
    **{w: (("aganderatt",), False) for w in ("aganderatt", "aganderatter", "smahus")},
    **{w: (("behoriga",), True) for w in ("obehoriga", "obehorig", "obehorighet")},
    **{w: (("behoriga",), False) for w in ("behoriga", "behorig", "behorighet", "eligible", "eligibility")},
    **{w: (("ekonomiskt", "bistand"), False) for w in ("forsorjningsstod", "socialbidrag")},
    **{w: (("forvarvsarbetande",), False) for w in ("forvarvsarbetande", "forvarvsarbetar", "forvarvsarbete",
                                                    "forvarvsarbetade", "sysselsatta", "sysselsatt",
                                                    "sysselsattning", "employed", "employment", "gainful")},
    **{w: (("arbetslos",), False) for w in ("arbetslosa", "arbetslos", "arbetsloshet", "unemployed",
                                            "unemployment")},
    **{w: (("trangbodda",), False) for w in ("trangbodda", "trangbodd", "trangboddhet", "overcrowded",
                                             "overcrowding")},
    **{w: (("forgymnasial",), False) for w in ("forgymnasial", "forgymnasiala", "forgymnasialt", "grundskola",
                                               "grundskoleutbildning", "compulsory")},
    **{w: (("eftergymnasial",), False) for w in ("eftergymnasial", "eftergymnasiala", "eftergymnasialt",
                                                 "hogskoleutbildning", "postsecondary", "tertiary")},
    **{w: (("gymnasial",), False) for w in ("gymnasial", "gymnasiala", "gymnasialt")},
    **{w: (("lag",), False) for w in ("lag", "laga", "low")},
    **{w: (("hog",), False) for w in ("hog", "hoga", "high")},
    **{w: (("valdeltagande",), False) for w in ("valdeltagande", "valdeltagandet", "rostande", "turnout")},
    **{w: (("svarsfrekvens",), False) for w in ("svarsfrekvens", "svarsandel", "response")},
    **{w: (("god",), False) for w in ("god", "gott", "goda", "good")},
    **{w: (("dalig",), False) for w in ("dalig", "daligt", "daliga", "poor", "bad")},
    **{w: (("ohalsotal",), False) for w in ("ohalsotal", "ohalsotalet")},
}

#: Concepts that exclude each other: a header with one never means an indicator with another.
CONFLICTS: tuple[frozenset[str], ...] = (
    frozenset({"forgymnasial", "gymnasial", "eftergymnasial"}),
    frozenset({"forvarvsarbetande", "arbetslos"}),
    frozenset({"lag", "hog"}),
    frozenset({"god", "dalig"}),
)

#: Two words this long that share this many first letters are inflections of one word
#: ("behörighet"/"behöriga" is handled above; "fritidsaktiviteter"/"fritidsaktivitet" here).
_STEM = 7


@dataclass(frozen=True)
class Wording:
    """A header or label read for meaning: its concept words and whether it is negated."""

    words: frozenset[str]
    negated: bool


def fold(text: str) -> str:
    """Lower case, accents removed (å/ä/ö → a/o), anything but letters a space."""
    t = unicodedata.normalize("NFKD", str(text).casefold())
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", t)  # units and notes in brackets
    return " ".join(re.sub(r"[^a-z]+", " ", t).split())


@functools.lru_cache(maxsize=4096)  # pure; the definition's labels are parsed again for every header
def parse_wording(text: str) -> Wording:
    """The concept words and direction of ``text`` (a header, an indicator's id or label)."""
    words: set[str] = set()
    negations = 0
    for word in fold(text).split():
        if word in NEGATIONS:
            negations += 1
        elif word in CANONICAL:
            concepts, negates = CANONICAL[word]
            words.update(concepts)
            negations += negates
        elif word not in STOP_WORDS and len(word) > 1:
            words.add(word)
    return Wording(frozenset(words), negations % 2 == 1)


def _word_match(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) >= _STEM and len(b) >= _STEM and a[:_STEM] == b[:_STEM]:
        return 0.9
    return 0.0


def conflicting(a: Wording, b: Wording) -> bool:
    """Whether the two name different concepts of one kind (e.g. two levels of education)."""
    return any((a.words & group) and (b.words & group) and not (a.words & b.words & group) for group in CONFLICTS)


def compare(header: Wording, target: Wording) -> tuple[float, bool]:
    """``(score 0–1, opposite)``: how well the header's concept words cover the target's
    (70 % recall of the target's words, 30 % precision of the header's), and whether the two
    point in opposite directions. Conflicting concepts score 0."""
    if not header.words or not target.words or conflicting(header, target):
        return 0.0, False
    recall = sum(max(_word_match(t, h) for h in header.words) for t in target.words) / len(target.words)
    precision = sum(max(_word_match(h, t) for t in target.words) for h in header.words) / len(header.words)
    narrowed = 0.75 if (header.words - target.words) & SUBGROUPS else 1.0
    return round((0.7 * recall + 0.3 * precision) * narrowed, 3), header.negated != target.negated


__all__ = ["CANONICAL", "CONFLICTS", "NEGATIONS", "STOP_WORDS", "SUBGROUPS", "Wording", "compare", "conflicting", "fold",
           "parse_wording"]
