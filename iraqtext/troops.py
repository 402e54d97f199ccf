"""U.S. troop levels in Iraq: find every figure, with its range, qualifier, kind, year and sentence.

How a figure is found (all on the spaCy parse of the text, with word lists from
``data/troop_lexicon.yaml`` that a user can extend):

1. **Number phrases** come from a token :class:`~spacy.matcher.Matcher`: digits (``2,500``,
   ``2500``, ``160k``, ``5.2k``), number words (``two thousand``, ``a thousand``; parsed with
   ``text2num``), ranges (``3,000 to 5,000``, ``between 3,000 and 5,000``, ``3,000-5,000``) and vague
   quantities with documented bounds (:data:`VAGUE_QUANTITIES`: ``several thousand`` = 3,000–9,000,
   ``a few thousand`` = 2,000–5,000, ``thousands`` = 2,000–9,999, ``tens of thousands`` =
   20,000–99,999 …). A qualifier in front (``about``, ``more than``, ``up to``, ``nearly`` …) is
   part of the figure. Dates, money and percentages (by entity label) and values below 100 are
   never troop levels.
2. **What the number counts**: the noun it modifies in the parse (``nummod``: *2,500 U.S.
   troops*), or the noun of an ``of`` phrase (*thousands of troops*). A number with no noun of its
   own (*the 160,000 stationed there*, *(about 5,200 in total)*, *the peak of approximately
   170,000*) takes the nearest force noun before it in the sentence, if nothing that could be
   counted instead (a plural noun, a group) stands between them and a cue ties them (parenthesis,
   *peak*, *number*, *fraction*, a deployment participle …).
3. **Is it a U.S. force?** The noun must be a force noun (troops, forces, personnel, advisers …).
   Its own phrase decides the owner (*U.S.* / *American* vs. *Iraqi*, *Kurdish*, *ISIS*, *NATO*,
   *coalition* …); failing that, the subject of its verb (*the U.S. military presence includes
   6,000 personnel*); failing that, the figure is kept only when the text mentions the United
   States. Forces located in another country or region (*in Syria*, *in the region*, *in Iraq and
   Syria*), casualties (*killed*, *deaths of*), and changes rather than levels (*3,000 additional
   troops*, *withdraw 2,000 troops*, *reduce by 1,000*) are rejected.
4. **Kind and year**: ``proposed`` when the author recommends (*should*, *sufficient*, *we
   recommend*); ``planned`` for an announced or reported plan (*will*, *plans to*, *under the
   agreement*); ``historical`` when the figure's own phrase names a past state (*peak*, *height*,
   *surge*) or its clause is in the past tense with a year before publication; otherwise
   ``current``. ``refers_to_year`` is the publication year for current figures, the nearest year
   in the sentence for historical ones (first year of a span such as *2012–14*), the target year
   (*by 2026*) for planned or proposed ones, else ``None``.

Known limits: a figure whose force noun is only in an earlier sentence (*The number now stands at
2,500.*) is missed; an owner given only in an earlier sentence is assumed to be the United States
when the text mentions it; the kind rules read one sentence, so a proposal made across sentences
may be read as current.
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .datafiles import read_yaml
from .syntax import governing_verb

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

LEXICON_PATH = Path(__file__).parent / "data" / "troop_lexicon.yaml"
KINDS: tuple[str, ...] = ("current", "historical", "proposed", "planned")
QUALIFIERS: tuple[str, ...] = ("exact", "about", "more_than", "fewer_than", "up_to", "range")
MIN_LEVEL = 100  # smaller numbers are units or teams, not troop levels

#: Bounds given to vague quantities (documented in the README).
VAGUE_QUANTITIES: dict[str, tuple[int, int]] = {
    "several thousand": (3_000, 9_000),
    "a few thousand": (2_000, 5_000),
    "few thousand": (2_000, 5_000),
    "a couple thousand": (2_000, 3_000),
    "a couple of thousand": (2_000, 3_000),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "several hundred": (300, 900),
    "a few hundred": (200, 500),
    "hundreds": (200, 999),
}
_QUALIFIER_PHRASES: tuple[tuple[str, str], ...] = (
    ("more than", "more_than"), ("over", "more_than"), ("above", "more_than"), ("at least", "more_than"),
    ("upwards of", "more_than"), ("in excess of", "more_than"), ("just over", "more_than"), ("well over", "more_than"),
    ("fewer than", "fewer_than"), ("less than", "fewer_than"), ("under", "fewer_than"), ("nearly", "fewer_than"),
    ("almost", "fewer_than"), ("just under", "fewer_than"), ("below", "fewer_than"), ("short of", "fewer_than"),
    ("about", "about"), ("around", "about"), ("approximately", "about"), ("roughly", "about"), ("some", "about"),
    ("an estimated", "about"), ("estimated", "about"), ("close to", "about"), ("circa", "about"), ("~", "about"),
    ("up to", "up_to"), ("as many as", "up_to"), ("no more than", "up_to"), ("a maximum of", "up_to"),
    ("at most", "up_to"), ("not more than", "up_to"),
)
_QUALIFIER_WORDS = frozenset(w for phrase, _ in _QUALIFIER_PHRASES for w in phrase.split())
_NUMBER_TOKEN_RE = r"^\d[\d,]*(\.\d+)?[kK]?([-–—]\d[\d,]*(\.\d+)?[kK]?)?$"
_YEAR_RE = re.compile(r"^(19[5-9]\d|20\d\d)([-–—](19|20)?\d\d)?$")
_YEAR_IN_TEXT_RE = re.compile(r"\b(19[5-9]\d|20\d\d)(?:\s*[-–]\s*(\d{2,4}))?\b")


class LexiconError(ValueError):
    """A troop lexicon file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class TroopFigure:
    """One U.S. troop level in Iraq as stated in a text (offsets index into that text)."""

    surface: str
    start: int
    end: int
    low: int
    high: int
    qualifier: str
    kind: str
    refers_to_year: int | None
    force: str
    sentence: str


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``troop_lexicon.yaml`` as sets."""

    force_nouns: frozenset[str]
    member_nouns: frozenset[str]
    member_modifiers: frozenset[str]
    level_nouns: frozenset[str]
    us_markers: frozenset[str]
    other_markers: frozenset[str]
    increment_markers: frozenset[str]
    change_verbs: frozenset[str]
    casualty_lemmas: frozenset[str]
    deployment_verbs: frozenset[str]
    ellipsis_cues: frozenset[str]
    non_iraq_places: frozenset[str]
    historical_cues: frozenset[str]
    proposal_cues: frozenset[str]
    plan_cues: frozenset[str]
    future_auxiliaries: frozenset[str]
    government_subjects: frozenset[str]


@lru_cache(maxsize=8)
def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load the packaged lexicon, or ``path`` whose lists replace the packaged ones key by key."""
    data = read_yaml(LEXICON_PATH, LexiconError, dict, "a mapping of list names to word lists")
    if path is not None:
        override = read_yaml(path, LexiconError, dict, "a mapping of list names to word lists")
        unknown = set(override) - set(data)
        if unknown:
            raise LexiconError(f"{path}: unknown lexicon keys {sorted(unknown)}; known: {sorted(data)}")
        if not all(isinstance(v, list) for v in override.values()):
            raise LexiconError(f"{path}: every lexicon key needs a list of words")
        data.update(override)
    return Lexicon(**{key: frozenset(str(w).lower() for w in values) for key, values in data.items()})


# --- number phrases ------------------------------------------------------------------------------
def parse_quantity(text: str) -> tuple[int, int] | None:
    """Return ``(low, high)`` for a number phrase, or ``None`` if it is not a number.

    >>> parse_quantity("2,500"), parse_quantity("5.2k"), parse_quantity("a thousand")
    ((2500, 2500), (5200, 5200), (1000, 1000))
    >>> parse_quantity("between 3,000 and 5,000"), parse_quantity("several thousand")
    ((3000, 5000), (3000, 9000))
    """
    phrase = re.sub(r"\s+", " ", text.lower().replace("‑", "-")).strip()
    if phrase in VAGUE_QUANTITIES:
        return VAGUE_QUANTITIES[phrase]
    parts = re.split(r"\s*(?:\bto\b|\band\b|\bor\b|(?<=\d)[-–—](?=\d))\s*", re.sub(r"^between\s+", "", phrase))
    values = [_parse_point(p) for p in parts if p]
    if not values or any(v is None for v in values) or len(values) > 2:
        return None
    return (min(values), max(values))


def _parse_point(text: str) -> int | None:
    text = text.strip()
    match = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s*(k|thousand|million|m)?", text)
    if match:
        number = float(match.group(1).replace(",", ""))
        scale = {"k": 1_000, "thousand": 1_000, "million": 1_000_000, "m": 1_000_000}.get(match.group(2) or "", 1)
        return int(round(number * scale))
    from text_to_num import text2num

    words = re.sub(r"^(a|one) (thousand|hundred)", r"one \2", text)
    try:
        return int(text2num(words, "en"))
    except ValueError:
        return None


_MATCHERS: dict[int, object] = {}


def _number_matcher(vocab):
    """The Matcher for number phrases, built once per vocabulary."""
    from spacy.matcher import Matcher

    if id(vocab) in _MATCHERS:
        return _MATCHERS[id(vocab)]

    num = {"LIKE_NUM": True}
    numtok = {"TEXT": {"REGEX": _NUMBER_TOKEN_RE}}
    sep = {"LOWER": {"IN": ["to", "-", "–", "—", "or"]}}
    matcher = Matcher(vocab)
    matcher.add("NUMBER", [
        [num, {"LIKE_NUM": True, "OP": "*"}],
        [numtok],
        [{"LOWER": {"IN": ["a", "one"]}}, {"LOWER": {"IN": ["thousand", "hundred"]}}],
    ])
    matcher.add("RANGE", [
        [num, {"LIKE_NUM": True, "OP": "*"}, sep, num, {"LIKE_NUM": True, "OP": "*"}],
        [{"LOWER": "between"}, num, {"LIKE_NUM": True, "OP": "*"}, {"LOWER": "and"}, num, {"LIKE_NUM": True, "OP": "*"}],
    ])
    matcher.add("VAGUE", [
        [{"LOWER": "a", "OP": "?"}, {"LOWER": {"IN": ["several", "few", "couple"]}}, {"LOWER": "of", "OP": "?"},
         {"LOWER": {"IN": ["thousand", "hundred"]}}],
        [{"LOWER": {"IN": ["tens", "hundreds"]}}, {"LOWER": "of"}, {"LOWER": "thousands"}],
        [{"LOWER": {"IN": ["thousands", "hundreds"]}}],
    ])
    _MATCHERS[id(vocab)] = matcher
    return matcher


def number_spans(doc: "Doc") -> list["Span"]:
    """Longest non-overlapping number phrases in ``doc`` (``from X to Y`` gives two spans)."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    matcher = _number_matcher(doc.vocab)
    spans = [Span(doc, s, e, label=match_id) for match_id, s, e in matcher(doc)]
    out = []
    for span in filter_spans(spans):
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        seps = [t for t in span if t.lower_ in ("to", "-", "–", "—")]
        if span.label_ == "RANGE" and seps:
            cut = seps[0].i
            left, right = Span(doc, span.start, cut, label="NUMBER"), Span(doc, cut + 1, span.end, label="NUMBER")
            left_year, right_year = (bool(_YEAR_RE.match(part.text)) for part in (left, right))
            if left_year != right_year:  # "in 2019 to 2,500": a year, then a level
                out.append(left if right_year else right)
                continue
            if before == "from":  # "from 5,200 to 2,500" is two levels, not a range
                out.extend([left, right])
                continue
        out.append(span)
    return out


_POSTFIX_QUALIFIERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("or", "fewer"), "up_to"), (("or", "less"), "up_to"), (("or", "so"), "about"), (("or", "more"), "more_than"),
    (("plus",), "more_than"), (("-", "plus"), "more_than"),
)


def _postfix_qualifier(doc: "Doc", span: "Span") -> tuple[str | None, int]:
    """A qualifier after the number (``2,000 or fewer``) and the index just past it (``span.end`` if none)."""
    for words, qualifier in _POSTFIX_QUALIFIERS:
        end = span.end + len(words)
        if end <= len(doc) and tuple(t.lower_ for t in doc[span.end:end]) == words:
            return qualifier, end
    return None, span.end


def _qualifier(doc: "Doc", span: "Span") -> tuple[str, int]:
    """The qualifier before ``span`` and the index of its first token (``span.start`` if none)."""
    for phrase, qualifier in sorted(_QUALIFIER_PHRASES, key=lambda p: -len(p[0].split())):
        words = phrase.split()
        start = span.start - len(words)
        if start >= 0 and [t.lower_ for t in doc[start:span.start]] == words:
            return qualifier, start
    return "exact", span.start


# --- what the number counts ------------------------------------------------------------------------
def _is_force_noun(token: "Token", lex: Lexicon) -> bool:
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    lemma, lower = token.lemma_.lower(), token.lower_
    if lemma in lex.force_nouns or lower in lex.force_nouns:
        return not (lemma == "military" and token.dep_ in ("amod", "compound"))
    modifiers = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
    if lemma in lex.member_nouns or lower in lex.member_nouns:
        return any(c.lower_ in lex.member_modifiers for c in modifiers)
    if lemma in lex.level_nouns or lower in lex.level_nouns:  # "troop levels", "force strength"
        return any(c.lemma_.lower() in lex.force_nouns for c in modifiers)
    return False


def _counted_noun(span: "Span") -> "Token | None":
    root = span.root
    head = root.head
    while head.pos_ == "ADJ" and head.dep_ in ("amod", "nmod", "compound") and head.head.pos_ == "NOUN":
        head = head.head  # "a thousand military and special personnel"
    hyphenated = head.i == span.end + 1 and span.doc[span.end].text in "-‑–"
    if hyphenated and head.dep_ in ("compound", "amod") and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head  # "a 2,500-member U.S. contingent": the contingent is counted
    if root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "advmod") and head.i not in range(span.start, span.end):
        if head.pos_ in ("NOUN", "PROPN"):
            if head.ent_type_ in ("GPE", "NORP") and head.head.pos_ == "NOUN" and head.head.i > head.i:
                return head.head  # "5,200 U.S. forces" parsed with U.S. as the head
            return head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj" and grandchild.pos_ in ("NOUN", "PROPN"):
                    return grandchild
    return None


def _antecedent(span: "Span", lex: Lexicon) -> "Token | None":
    """The force noun an elided figure refers to (*the 160,000 stationed there*), or ``None``."""
    doc, root = span.doc, span.root
    acl = [c for c in root.children if c.dep_ in ("acl", "relcl")]
    if any(c.lemma_.lower() not in lex.deployment_verbs for c in acl):
        return None  # "130,000 displaced": the participle says what is counted
    if any(c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "NOUN", "VERB") and c.lower_ not in _QUALIFIER_WORDS
           for c in root.children):
        return None
    sent = span.sent
    # "2,000 in Syria and 2,500 in Iraq": a figure with a place of its own parallels the one before it
    own_place = _has_own_place(root)
    linked = bool(acl) or own_place or (span.start > 0 and doc[span.start - 1].text in "(—–-,:")
    for i in range(span.start - 1, max(sent.start, span.start - 30) - 1, -1):
        token = doc[i]
        if token.lemma_.lower() in lex.ellipsis_cues or token.lower_ in lex.ellipsis_cues or token.text in "(":
            linked = True
        if _is_force_noun(token, lex) and token.tag_ in ("NNS", "NNPS", "NN") and token.lemma_.lower() != "presence":
            return token if linked else None
        if token.tag_ in ("NNS", "NNPS") or token.ent_type_ in ("NORP", "ORG", "PERSON"):
            if not (token.ent_type_ and _marks_us(token, lex)):
                return None  # something else that could be counted stands in between
    return None


# --- owner, place, casualty, change -----------------------------------------------------------
def _marks_us(token: "Token", lex: Lexicon) -> bool:
    text = token.lower_
    return text in lex.us_markers or (token.ent_type_ in ("GPE", "NORP") and text in ("states", "united"))


def _owner_of_phrase(tokens: Iterable["Token"], lex: Lexicon) -> str | None:
    """``"us"``, ``"other"`` or ``None`` from the marker words among ``tokens``."""
    tokens = list(tokens)
    if any(_marks_us(t, lex) for t in tokens):
        return "us"
    if any(t.lower_ in lex.other_markers or t.lemma_.lower() in lex.other_markers for t in tokens):
        return "other"
    if any(t.ent_type_ in ("NORP", "GPE") for t in tokens):
        return "other"
    return None


def _noun_phrase_modifiers(noun: "Token") -> list["Token"]:
    """Tokens of the noun's own phrase: determiners, adjectives, compounds, possessors, ``of``/``from`` owners."""
    out: list[Token] = []
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod", "det", "nummod", "quantmod"):
            out.extend(child.subtree)
        elif child.dep_ == "prep" and child.lower_ in ("of", "from"):
            out.extend(child.subtree)
    return out


def _owner(noun: "Token", lex: Lexicon) -> str | None:
    owner = _owner_of_phrase(_noun_phrase_modifiers(noun), lex)
    if owner:
        return owner
    verb = noun.head
    if noun.dep_ in ("dobj", "attr", "pobj", "appos") and verb.i != noun.i:
        while verb.dep_ in ("prep", "agent") and verb.head.i != verb.i:
            verb = verb.head
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i != noun.i:
                return _owner_of_phrase(child.subtree, lex)
    return None


def _in_other_place(tokens: Iterable["Token"], lex: Lexicon) -> bool:
    """True when a locative phrase on these tokens places them outside Iraq alone."""
    for token in tokens:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "to", "into", "across", "throughout", "inside", "at"):
                objects = [g for g in child.children if g.dep_ == "pobj"]
                objects += [c for o in objects for c in o.conjuncts]
                for obj in objects:
                    words = {t.lower_ for t in obj.subtree}
                    if words & lex.non_iraq_places:
                        return True
    return False


def _has_own_place(token: "Token") -> bool:
    return any(c.dep_ == "prep" and any(g.ent_type_ in ("GPE", "LOC") for g in c.children) for c in token.children)


def _is_casualty(noun: "Token", span: "Span", lex: Lexicon) -> bool:
    near = [noun, noun.head, noun.head.head, *noun.children, *span.root.children]
    if noun.head.lower_ == "of":
        near.append(noun.head.head)
    return any(t.lemma_.lower() in lex.casualty_lemmas or t.lower_ in lex.casualty_lemmas for t in near)


def _is_change(noun: "Token", span: "Span", qualifier_start: int, lex: Lexicon, elided: bool = False) -> bool:
    doc = span.doc
    modifiers = [c for c in noun.children if c.dep_ in ("amod", "advmod", "det", "compound")] + list(span.root.children)
    modifiers = [t for t in modifiers if not qualifier_start <= t.i < span.end]  # "more than" is a qualifier
    if any(t.lemma_.lower() in lex.increment_markers or t.lower_ in lex.increment_markers for t in modifiers):
        return True
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ in ("more", "additional", "extra"):
        return True
    before = doc[qualifier_start - 1] if qualifier_start > 0 else None
    if before is not None and before.lower_ == "by" and before.head.lemma_.lower() in lex.change_verbs:
        return True  # "reduce by 1,000", but not "backed by 5,000 advisers"
    if before is not None and before.lower_ in ("another",):
        return True
    verb = noun.head if noun.dep_ in ("dobj", "nsubjpass") and not elided else None
    if verb is not None and verb.lemma_.lower() in lex.change_verbs:
        determiners = {c.lower_ for c in noun.children if c.dep_ in ("det", "predet")}
        return not determiners & {"all", "the", "its", "their", "remaining"}
    return False


# --- kind and year -----------------------------------------------------------------------------------
def _years(sent: "Span") -> list[tuple[int, int]]:
    """``(year, char offset)`` of every year mentioned in the sentence, spans giving their first year."""
    return [(int(m.group(1)), sent.start_char + m.start()) for m in _YEAR_IN_TEXT_RE.finditer(sent.text)]


def _classify(span: "Span", anchor: "Token", qualifier_start: int, published_year: int | None,
              lex: Lexicon) -> tuple[str, int | None]:
    """Kind and year of a figure; ``anchor`` is its counted noun, or the number itself when elided."""
    doc, sent = span.doc, span.sent
    local = set(t.i for t in anchor.subtree) | set(t.i for t in span.root.subtree)
    if anchor.i == span.root.i and anchor.head.pos_ == "ADP":  # "the peak of approximately 170,000", "peaked at 170,000"
        local |= {t.i for t in anchor.head.subtree} | {anchor.head.head.i}
        local |= {t.i for t in anchor.head.head.children if t.dep_ == "amod"}

    local_lemmas = {doc[i].lemma_.lower() for i in local} | {doc[i].lower_ for i in local}
    verb = governing_verb(anchor)
    scope = {verb, *verb.children, *verb.ancestors}
    for ancestor in list(verb.ancestors)[:3]:
        scope.update(ancestor.children)
    # Nouns such as "calls" or "need" do not make a proposal; verbs, modals and adjectives do.
    scope_lemmas = {w for t in scope if t.pos_ in ("VERB", "AUX", "ADJ", "ADV", "PART") for w in (t.lemma_.lower(), t.lower_)}
    years = [(y, pos) for y, pos in _years(sent) if not (doc.char_span(pos, pos + 4) and doc.char_span(pos, pos + 4)[0].i in range(span.start, span.end))]
    span_start, span_end = doc[qualifier_start].idx, span.end_char

    def nearest_year(candidates: list[tuple[int, int]]) -> int | None:
        """The year closest to the figure; a year after it (*2,500 in 2021*) wins a near tie."""
        def gap(year_pos: tuple[int, int]) -> int:
            pos = year_pos[1]
            return pos - span_end if pos >= span_end else span_start - (pos + 4) + 3
        return min(candidates, key=gap)[0] if candidates else None

    target_years = [(y, p) for y, p in years if re.search(r"\b(by|until|through|in)\s+(the end of\s+)?(\w+\s+)?$",
                                                          doc.text[max(0, p - 25):p])]
    clause = _clause_tokens(verb)
    clause_lemmas = {w for t in clause for w in (t.lemma_.lower(), t.lower_)}
    ago = _years_ago(local, doc)
    at_the_time = any(t.lower_ == "time" and t.i >= 2 and doc[t.i - 1].lower_ == "the" and doc[t.i - 2].lower_ == "at"
                      for t in clause)
    if local_lemmas & lex.historical_cues or ago is not None or at_the_time:
        if ago is not None and published_year is not None:
            return "historical", published_year - ago
        past = [(y, p) for y, p in years if published_year is None or y < published_year]
        return "historical", nearest_year(past)
    past_tense = _is_past(verb)
    past_years = [(y, p) for y, p in years if published_year is not None and y < published_year]
    if qualifier_start > 0 and doc[qualifier_start - 1].lower_ == "from":
        # "reduce from 5,200 to 3,000": the level the change starts from, not the plan
        return ("historical", nearest_year(past_years)) if past_tense and past_years else ("current", published_year)
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    counterfactual = {"would", "have"} <= auxiliaries or {"could", "have"} <= auxiliaries  # "would have given"
    if counterfactual or (not past_tense and scope_lemmas & lex.proposal_cues) or local_lemmas & {"proposed", "recommended"}:
        return "proposed", nearest_year(target_years)
    if past_tense and not ({"now", "currently", "today", "still"} & clause_lemmas):
        if past_years:
            return "historical", nearest_year(past_years)
        if clause_lemmas & lex.historical_cues:
            return "historical", None
    verb_lemmas = {t.lemma_.lower() for t in (*clause, *scope) if t.pos_ in ("VERB", "AUX")}
    if verb_lemmas & lex.plan_cues or any(t.lower_ in lex.future_auxiliaries for t in (*clause, *scope)):
        return "planned", nearest_year([(y, p) for y, p in target_years if published_year is None or y >= published_year])
    return "current", published_year


def _is_past(verb: "Token") -> bool:
    """Past tense of the verb, or, for a bare participle (*backed by ...*), of the finite verb it hangs on."""
    for _ in range(4):
        auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries):
            return True
        if auxiliaries or verb.tag_ not in ("VBN", "VBG") or verb.dep_ not in ("acl", "advcl", "xcomp", "relcl"):
            return False
        verb = governing_verb(verb.head)
    return False


def _clause_tokens(verb: "Token") -> list["Token"]:
    """The verb and its dependents, without descending into other clauses."""
    out, stack = [], [verb]
    while stack:
        token = stack.pop()
        out.append(token)
        for child in token.children:
            if child.dep_ in ("ccomp", "advcl", "conj", "relcl", "acl", "parataxis", "csubj") and child.pos_ in ("VERB", "AUX"):
                continue
            stack.append(child)
    return out


_AGO_RE = re.compile(r"^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)$")
_SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                  "eight": 8, "nine": 9, "ten": 10}


def _years_ago(indices: set[int], doc: "Doc") -> int | None:
    """``n`` for "n years ago" / 1 for "last year" among the tokens at ``indices``."""
    for i in sorted(indices):
        token = doc[i]
        if token.lower_ == "ago" and i >= 2 and doc[i - 1].lemma_.lower() == "year" and _AGO_RE.match(doc[i - 2].lower_):
            word = doc[i - 2].lower_
            return int(word) if word.isdigit() else _SMALL_NUMBERS[word]
        if token.lower_ == "year" and i >= 1 and doc[i - 1].lower_ == "last":
            return 1
    return None


# --- public API -----------------------------------------------------------------------------------------
def published_year(published: int | str | None) -> int | None:
    """The year of a publication date given as ``2020``, ``"2020"``, ``"2020-02"`` or ``"2020-02-13"``."""
    if published is None or published == "":
        return None
    if isinstance(published, int):
        return published
    match = re.match(r"^\s*(\d{4})", str(published))
    return int(match.group(1)) if match else None


def figures_in_doc(doc: "Doc", published: int | str | None = None, lexicon: str | Path | None = None) -> list[TroopFigure]:
    """Every U.S. troop level in Iraq stated in a parsed ``Doc``, in text order."""
    spans = number_spans(doc)
    if not spans:
        return []  # most paragraphs state no number: nothing else to read
    lex = load_lexicon(lexicon)
    year = published_year(published)
    mentions_us = any(_marks_us(t, lex) for t in doc)
    figures: list[TroopFigure] = []
    seen: set[tuple[int, int, int]] = set()
    for span in spans:
        if any(t.ent_type_ in ("MONEY", "PERCENT", "TIME", "ORDINAL") for t in span):
            continue
        # The NER model sometimes reads a spelled-out level as a date ("Two thousand five hundred U.S.
        # troops"): a date label is trusted unless the number directly counts a force noun.
        dated = any(t.ent_type_ == "DATE" for t in span)
        if any(t.text in ("$", "%", "£", "€") for t in (span.doc[max(0, span.start - 1)], *span)):
            continue
        quantity = parse_quantity(span.text)
        if quantity is None or quantity[1] < MIN_LEVEL:
            continue
        if len(span) == 1 and _YEAR_RE.match(span.text):
            continue
        noun = _counted_noun(span)
        if dated and (noun is None or span.root.dep_ != "nummod"):
            continue
        elided = noun is None
        if elided:
            noun = _antecedent(span, lex)
        elif not _is_force_noun(noun, lex):
            continue
        if noun is None or not _is_force_noun(noun, lex):
            continue
        qualifier, q_start = _qualifier(doc, span)
        owner = _owner(noun, lex)
        if owner == "other" or (owner is None and not mentions_us):
            continue
        if _in_other_place([span.root] if elided and _has_own_place(span.root) else
                           [noun, noun.head, span.root, span.root.head], lex):
            continue
        if _is_casualty(noun, span, lex) or _is_change(noun, span, q_start, lex, elided):
            continue
        low, high = quantity
        postfix, surface_end = _postfix_qualifier(doc, span)
        if postfix and qualifier == "exact":
            qualifier = postfix
        if span.label_ == "VAGUE" and qualifier == "exact":
            qualifier = "about"
        elif span.label_ == "RANGE" or (low != high and qualifier == "exact"):
            qualifier = "range"
        kind, refers_to = _classify(span, span.root if elided else noun, q_start, year, lex)
        key = (span.sent.start, low, high)
        if key in seen:
            continue
        seen.add(key)
        surface_span = doc[q_start:surface_end]
        figures.append(TroopFigure(
            surface=surface_span.text, start=surface_span.start_char, end=surface_span.end_char,
            low=low, high=high, qualifier=qualifier, kind=kind, refers_to_year=refers_to,
            force=noun.lower_, sentence=span.sent.text,
        ))
    return figures


def extract_troop_figures(text: str, published: int | str | None = None, nlp: "Language | None" = None,
                          lexicon: str | Path | None = None) -> list[TroopFigure]:
    """Find every U.S. troop level in Iraq in ``text``.

    Parameters
    ----------
    text : the text; offsets of the figures index into it.
    published : publication date (``2020``, ``"2020-02"``…); current figures refer to its year.
    nlp : a spaCy pipeline with parser and NER; default :func:`iraqtext.load_nlp`.
    lexicon : a YAML file overriding lists of ``data/troop_lexicon.yaml``.

    Examples
    --------
    >>> [(f.surface, f.kind) for f in extract_troop_figures("About 2,500 U.S. troops remain in Iraq.", 2024)]
    [('About 2,500', 'current')]
    """
    from .nlp import load_nlp

    nlp = nlp or load_nlp()
    return figures_in_doc(nlp(text), published, lexicon)


FIGURE_COLUMNS: tuple[str, ...] = (
    "doc_id", "para_id", "published", "year", "surface", "start", "end", "low", "high", "qualifier", "kind",
    "refers_to_year", "force", "sentence",
)


def troop_figures(paragraphs: "pd.DataFrame", nlp: "Language | None" = None, lexicon: str | Path | None = None,
                  progress: bool = True, batch_size: int = 32) -> "pd.DataFrame":
    """One row per troop figure in a paragraph table (``doc_id, para_id, text`` and, if present,
    ``published``/``year``). Columns: :data:`FIGURE_COLUMNS`; sorted by document, paragraph, offset."""
    import pandas as pd
    from tqdm.auto import tqdm

    from .nlp import load_nlp

    nlp = nlp or load_nlp()
    published = paragraphs["published"] if "published" in paragraphs else pd.Series([None] * len(paragraphs))
    years = paragraphs["year"] if "year" in paragraphs else published.map(published_year)
    records = list(zip(paragraphs["doc_id"], paragraphs["para_id"], published, years))
    rows = []
    stream = nlp.pipe(zip(paragraphs["text"], records), as_tuples=True, batch_size=batch_size)
    for doc, (doc_id, para_id, pub, year) in tqdm(stream, total=len(records), desc="troop figures", unit="para",
                                                  disable=not progress):
        for fig in figures_in_doc(doc, pub if pub is not None else year, lexicon):
            rows.append([doc_id, para_id, pub, year, *astuple(fig)])
    return figures_table(rows)


def figures_table(rows: list[list]) -> "pd.DataFrame":
    """The troop figures table from rows in :data:`FIGURE_COLUMNS` order: typed, sorted by document,
    paragraph and offset."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    frame = frame.astype({"para_id": "int64", "start": "int64", "end": "int64", "low": "int64", "high": "int64",
                          "refers_to_year": "Int64"})
    return frame.sort_values(["doc_id", "para_id", "start"], kind="stable").reset_index(drop=True)


class TroopFigureComponent:
    """spaCy pipeline component: sets ``doc._.troop_figures`` (a list of :class:`TroopFigure`).

    Add it after the parser and NER: ``nlp.add_pipe("iraqtext_troop_figures")``. The publication
    date, if known, is read from ``doc.user_data["published"]``.
    """

    def __init__(self, lexicon: str | None = None):
        self.lexicon = lexicon

    def __call__(self, doc: "Doc") -> "Doc":
        doc._.troop_figures = figures_in_doc(doc, doc.user_data.get("published"), self.lexicon)
        return doc


def _register_spacy_component() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    if not Doc.has_extension("troop_figures"):
        Doc.set_extension("troop_figures", default=None)
    if "iraqtext_troop_figures" not in Language.factories:
        Language.factory("iraqtext_troop_figures", default_config={"lexicon": None},
                         requires=["token.dep", "token.ent_type"], assigns=["doc._.troop_figures"],
                         func=lambda nlp, name, lexicon: TroopFigureComponent(lexicon))


_register_spacy_component()


# --- tables for comparison across sources ---------------------------------------------------------------
_PEAK_RE = re.compile(r"\b(peak|height|heyday|surge|maximum|at its most)\b", re.IGNORECASE)


def quantity_label(row: "pd.Series") -> str:
    """Name the quantity a figure states, so figures of different sources can be compared.

    ``"level in 2020"`` for a dated current or historical level, ``"peak level"`` for an undated
    historical peak, ``"proposed level"`` / ``"planned level"`` (with the target year if any).
    """
    year = row["refers_to_year"]
    dated = year is not None and not (isinstance(year, float) and year != year) and str(year) != "<NA>"
    if row["kind"] in ("proposed", "planned"):
        return f"{row['kind']} level" + (f" for {int(year)}" if dated else "")
    if dated:
        return f"level in {int(year)}"
    if _PEAK_RE.search(row["sentence"]):
        return "peak level"
    return "undated past level"


def compare_sources(figures: "pd.DataFrame") -> "pd.DataFrame":
    """Figures grouped by the quantity they state (:func:`quantity_label`), one row per quantity,
    with the distinct values given and whether sources disagree. Sorted by quantity."""
    import pandas as pd

    if figures.empty:
        return pd.DataFrame(columns=["quantity", "values", "sources", "n_sources", "disagree"])
    labelled = figures.assign(quantity=figures.apply(quantity_label, axis=1),
                              value=[f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}" for lo, hi in zip(figures.low, figures.high)])
    rows = []
    for quantity, group in labelled.groupby("quantity", sort=True):
        values = sorted(set(zip(group.low, group.high)))
        rows.append({
            "quantity": quantity,
            "values": " vs. ".join(f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}" for lo, hi in values),
            "sources": "; ".join(f"{d} ({v})" for d, v in sorted(set(zip(group.doc_id, group.value)))),
            "n_sources": group["doc_id"].nunique(),
            "disagree": len(values) > 1 and group["doc_id"].nunique() > 1,
        })
    return pd.DataFrame(rows)


def timeline_table(figures: "pd.DataFrame") -> "pd.DataFrame":
    """Add ``plot_year`` (the year a figure is drawn at) and ``plot_basis`` (why) for timeline charts.

    Dated figures are drawn at ``refers_to_year``; undated proposals and plans at the publication
    year (when they were made); undated past levels (a peak) have no ``plot_year``.
    """
    refers = figures["refers_to_year"].astype("Float64")
    undated_future = refers.isna() & figures["kind"].isin(["proposed", "planned"])
    plot_year = refers.where(~undated_future, figures["year"].astype("Float64"))
    basis = _where(refers.notna(), "year the figure refers to",
                     _where(undated_future, "publication year (undated proposal/plan)", "undated"))
    return figures.assign(plot_year=plot_year, plot_basis=basis)


def _where(condition, yes, no):
    """Element-wise choice that keeps the index of ``condition``."""
    import numpy as np
    import pandas as pd

    return pd.Series(np.where(condition, yes, no), index=condition.index)
