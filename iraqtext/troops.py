"""U.S. troop levels in Iraq: find every figure, with its range, qualifier, kind, year and sentence.

How a figure is found (all on the spaCy parse of the text, with word lists from
``data/troop_lexicon.yaml`` that a user can extend):

1. **Number phrases** come from a token :class:`~spacy.matcher.Matcher`: digits (``2,500``,
   ``2500``, ``160k``, ``5.2k``), number words (``two thousand``, ``a thousand``; parsed with
   ``text2num``), ranges (``3,000 to 5,000``, ``between 3,000 and 5,000``, ``3,000-5,000``) and vague
   quantities with documented bounds (:data:`VAGUE_QUANTITIES`: ``several thousand`` = 3,000–9,000,
   ``a few thousand`` = 2,000–5,000, ``thousands`` = 2,000–9,999, ``tens of thousands`` =
   20,000–99,999, ``several hundred thousand`` = 300,000–900,000 …). A qualifier in front
   (``about``, ``more than``, ``up to``, ``nearly`` …) is part of the figure. Dates, money and
   percentages (by entity label) and values below 100 are never troop levels.
2. **What the number counts**: the noun it modifies in the parse (``nummod``: *2,500 U.S.
   troops*), the noun of an ``of`` phrase (*thousands of troops*, *some 50,000 of 65,000 troops*),
   or, for a number with no noun of its own, the level or force it is stated of: *the number of U.S.
   troops in Iraq is 131,000*, *troop levels swelled to 162,000*, *put the number of forces at
   5,000*, *the authorized level of 3,870*, *that number will drop to 50,000* (a pronoun, *that
   number* or a relative *which* takes the level named before it; a coordinated or prepositional verb
   without a subject takes the subject of the verb it hangs on: *levels were raised …, and then returned
   to N*, *After rising to N, the troop count …*; a participle's noun: *troop levels set to decrease from
   N to M*), a number in apposition (*the U.S. troop presence in Iraq, currently 155,000, …*), *a force
   as large as N*, *could number in the tens of thousands*, *reduce the number below N*, a timeline
   entry (*March 2003 -- U.S. troops invade Iraq: 192,000.*), or the nearest force noun before it when a
   cue ties them (*the 160,000 stationed there*, *(about 5,200 in total)*, *4,100 US troops officially
   there, and 5,000 there*), or the force compared (*expects 140,000 troops after the drawdown, compared
   with 158,000 now*), *a (residual) force of N*, or the force named before *another N would remain*. *As
   many as 8,500 or 10,000 troops* is two figures; *from 5,200 to 3,000* and a
   descending *the high of 130,000 to 100,000* two levels, never a range (the first takes its partner's
   force noun and is never an amount moved). A plain number that the NER labels a date (*is 4640*) is
   still a number.
3. **Is it a U.S. force in Iraq?** The noun must be a force noun (troops, forces, personnel,
   advisers …) or a level of one. Its own phrase decides the owner (*U.S.* / *American* vs. *Iraqi*,
   *British*, *NATO*, *coalition* …); failing that, the subject of its verb; failing that, the figure
   is kept unless the sentence names another country or force (a destination, *relocated to … Kuwait*,
   or a place, *the Kurdish region*, names no owner). Rejected: forces located elsewhere (*in Syria*,
   *from neighboring Syria*, *abroad*, *in Iraq and Syria*, *the war zones*, the other end of a *from … to
   …* placed in Afghanistan, *there* or *the country* when the last country named before is another
   one, a participle or relative clause naming another country: *troops ordered to leave Syria*, a
   sentence naming no place after one about another theatre, *5,000 troops across both countries*; but
   *to 2,500 each*, *2,500 in each* is every named country's level, Iraq's included),
   casualties, amounts moved (*3,000 additional troops*, *withdraw 2,000 troops*, *reduce … by perhaps
   20,000 troops*, *a pullout of 2,000 troops*, *hundreds of troops will leave*, *92,000 troops will be in
   the next rotation*, what an escalation *will require*, the subject of *bring the total to N*, of a
   future passive of moving: *615 troops will be deployed*, *a brigade of 3,500 troops would be removed*,
   troops *out of Iraq*, troops a participle moves: *with thousands of troops returning*, *are to return
   home*, *an increase of the level by 217*, *a reduction of 500*, the subject of an active move with a
   destination: *1,600 personnel will deploy to Iraq*, *3,000 troops have returned to Iraq*, and what is
   sent there: *plans to send up to 300 advisers to Iraq*), parts of the force (troops whose tours are
   extended, a brigade's size, *brigades, or about 14,000 troops*, *brigades … generally include about 3,000
   troops*, *15 combat brigades made up of 50,000-60,000 soldiers*, *a brigade, with 3,100 soldiers*,
   *soldiers from his division*, *active-duty* / *reserve* / *special operations* troops, troops *in
   Baghdad and Erbil* only, *5,000 leaving every month*, *4,000 fewer troops*, personnel a count *does not
   include*, *700 troops, including about 250 advisers*, *Iraqi units of about 2,500 troops*, one embassy
   or base, a difference: *10,000 under the all-time high*, *8,000 more than*, *28,000 out of the
   127,000*), multinational counts (*American and other troops*), and totals above 300,000. Also rejected,
   and closed to the learned level model: numbers that count others (the lexicon's ``non_troop_nouns``:
   *100,000 Iraqis*, *349 staff*; *members of these local militias*; *the United Kingdom (45,000)*), the
   dead and wounded, a change placed elsewhere by its object or verb (*cut its forces in Afghanistan to
   8,600*), and any figure after the name of another country where U.S. troops serve in a text that
   never names Iraq (foreign bases such as Al Udeid count as places outside Iraq). The object
   of a change marked *present*, *stationed*, *currently* (*withdraw some 5,000 U.S. troops present in
   different parts of Iraq*), *the departure of all 50,000 troops* and *all but 50,000 troops* are levels,
   and the place in that phrase is no owner; a figure with a place of its own (*4,500 troops in
   Afghanistan and 3,000 troops in Iraq*) is judged by it; a wire dateline
   (*BAGHDAD, Iraq --*) is no subject.
4. **Kind** (read in this order, on the parse and on the figure's stretch of its sentence — the part
   nearer to it than to any other figure):

   * ``proposed`` — a recommendation or proposal not (yet) decided, by the author or by anyone else:
     the figure hangs on a proposing verb or noun (*urged*, *recommended*, *called for*, *offered to
     keep*, *weighed*, *request*, *options*, *hope*), on someone actively backing it (*supported a plan
     to keep*), on a relative clause saying someone sought it (*the 27,000 troops the generals
     sought*), on *should*/*must* (also shared by a coordinated verb), on a conditional (*could leave*,
     *could drop to*) or a counterfactual (*would have given*), waits on an approval (*if approved*;
     not the level it starts from), is undecided (*no final decision has been made to leave 3,000*,
     *under the draft agreement*), or is a gerund subject of a modal (*leaving at least 10,000 troops
     could promote security*), an estimate (*it will take hundreds of thousands of troops to occupy*),
     or follows a proposing noun (*worked out options to keep*); *what he called a transitional force*
     names, it does not call for;
   * ``current`` — the level at the time of writing, also when the sentence is about changing it:
     *now*, *currently*, *already*, *still*, *remaining*, *at present*, *stationed*, *its current level
     of* (a *currently* in the force's own phrase wins over any modal); the object of a change (*the
     4,000 Americans based there*, *a pullout of the 5,200 troops*), the level a planned change starts
     from (*will drop from about 6,100 to 4,000*, *will go from 77,500 to 50,000*: 6,100, 77,500), and the
     subject of *will remain/stay* without a time limit (*about 2,500 U.S. troops will remain*; *remain
     behind* is a plan; *once the move is complete, 2,000 will remain* is one); a level named as today's
     in its own phrase or clause whatever the sentence proposes around it (*from the current level of
     nearly 160,000*, *forces, which now total about 162,000*); a present perfect with *since* (*has
     stood at about 2,500 since late last year*); an authorised ceiling in force named definitely (*the
     authorized level of 3,870*, *the administration's cap*, *are authorized to be deployed*), and a
     level reported by an announcement (*announced that some 5,000 troops are based in Iraq*); *the N
     troops stationed in Iraq* (not in the past), *the 3,100 already in theater*, a count *as of* a recent
     date (*as of late 2024 … is approximately 2,500*; *as of last month … were deployed*), the new level
     of a change said to hold *today* or *now* (*has increased from about 4,000 a week ago to 4,460
     today*, *has now been reduced to 2,500*), the subject of a present *remain* whatever opens the
     sentence (*Five years after the invasion, 157,000 troops remain deployed*), the force a change is
     about, named with its owner (*weighing a drawdown in its nearly 150,000-strong force*);
   * ``historical`` — a level in the past: dated (*By March 2006 the force numbered 133,000*; a past
     clause with a time expression: *which stood at 127,000 on July 25*; a past year in the level's own
     phrase or clause: *the 161,000 troop level for the elections in 2005*), past perfect (also of the
     report: *the Pentagon had said there were 3,550*), marked (*peak*, *height*, *high of*, *down
     from*, *up from … a year earlier*, *last week*, *at the time*, *a previous limit of*), a timeline
     entry or a sentence headed by a date (*January 2007: U.S. troop levels are at 132,000*; *In January
     2007, Bush boosts …*; *By late 2018, there were …*), a chronology's entry headed by a day and a
     colon, whose *now* is that day's (*June 4: U.S. military says there are now 88,000 troops*), a
     past level before, after or when a past event (*132,000 troops were in place when Bush ordered an
     increase*), or the start of a change in the past or present perfect (*grew from 1,700 to 2,900*,
     *has dropped below 140,000 from more than 150,000*). Marks after *down from* date the earlier
     level only (*2,500 troops today, down from a peak of …*);
   * ``planned`` — a decided or announced plan, target or schedule: *will be cut to 2,200*, *is
     trimming the force to about 4,300* (the progressive of a change verb, not *is serving*), *is to
     remain*, *set to remain until*, *under the agreement*, a headline infinitive (*U.S. force in Iraq
     to shrink to 1,600*), *the new order brings the level to 3,550* (not an authorisation or cap), a
     present-tense level in a clause about the future (*when troop levels reach 130,000* after *would go
     into effect in July*), the level a change noun aims at (*on track for the August drawdown to
     50,000*), a progressive change to a record (*is boosting the force to 150,000, the highest …*), a
     reported *would* (*Trump said troop numbers would be down to about 2,000*; not *could*), a present
     level said for a time ahead (*are likely to remain in Iraq next summer*), what a plan *called for*
     (*pre-war plans called for a force of less than 50,000 by the end of 2003*: a past plan keeps its
     past target year).

   ``refers_to_year``: the publication year for current figures (on an undated page, the full date of
   the sentence, *on December 9, 2021*); for historical ones the year named nearest to the figure (a
   year opening the sentence dates all its figures; *since 2003* does not date a figure), or implied
   (*a year earlier*: one before the year in view, else the publication year; *last year*, *N years
   ago*; *later that year*: the year named before it; a month: the publication year, or the one before
   if the month is later than the publication month), or a well-known moment of the lexicon's
   ``dated_phrases`` (*at the height of the surge*: 2007, not for texts written before it); for planned
   and proposed ones the target year when one is given or implied (*by 2026*, *during 2006*, *next
   year*, *next summer*, *by September* after the publication month, *for elections set for Jan. 30*
   anywhere in the sentence; *after 2011*, *beyond 2011*, *after this year*: the year after; *by year's
   end*, *in a very short period of time*, *over the next six months* said in March: the publication
   year; a year in the figure's own stretch first (the nearest: *135,600 in FY2009, 88,300 in FY2010*),
   *by the end of the year* right after it; never a year before publication; a sentence naming no time
   of its own goes on with the *by/until …* year of the sentence before it). Historical ones also take
   the publication year from *this year* or a weekday (*by Saturday*), and the year named before from
   *at that time*. Years may be written *FY2004* or *mid-2005*. When the publication date is unknown
   and the sentence gives no year, it is left empty.
5. **A learned second opinion** (:mod:`iraqtext.troop_kind_model`): a model trained on labelled
   passages, told the kind the rules chose, has the last word on the kind (it learns where the rules'
   defining marks — *peak*, *at the height of*, *now*, a plain present — are right and where a rule
   misreads); the year is then re-read for the model's kind. ``learned_kinds=False`` gives the rules alone.
6. **A learned second opinion on values** (:mod:`iraqtext.troop_level_model`): a model trained on
   every number of the labelled passages that could be a level drops a figure the rules accept that it
   gives less than 10 % of being a U.S. troop level in Iraq (amounts moved, casualties, parts of the
   force, other theatres said in words the rules do not know) and adds a number the rules reject that
   it gives at least 70 % (*ordered all but 50,000 troops to leave*), in a text that names the United
   States; an added figure's kind and year are read as any figure's. ``learned_levels=False`` gives
   the rules' figures alone.

Known limits: a figure whose force is named only in an earlier paragraph is missed; the kind rules read
one sentence (a plan called unapproved in the sentence before stays ``planned``); misparses (a number
read as the count of *weeks*, a participle read as a main verb) lose figures or kinds.
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from .datafiles import read_once_per_content, read_yaml
from .syntax import first_conjunct, governing_verb

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

LEXICON_PATH = Path(__file__).parent / "data" / "troop_lexicon.yaml"
KINDS: tuple[str, ...] = ("current", "historical", "proposed", "planned")
QUALIFIERS: tuple[str, ...] = ("exact", "about", "more_than", "fewer_than", "up_to", "range")
MIN_LEVEL = 100  # smaller numbers are units or teams, not troop levels
#: A paragraph can only state a level of MIN_LEVEL or more with a digit or one of these words; the
#: number matcher is not run on the others (most paragraphs).
_MAY_STATE_A_LEVEL = re.compile(r"\d|hundred|thousand|million", re.IGNORECASE)
MAX_LEVEL = 300_000  # the U.S. force in Iraq never came near this (about 170,000 at its 2007 peak): larger is a total

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
    "several hundred thousand": (300_000, 900_000),
    "a few hundred thousand": (200_000, 500_000),
    "few hundred thousand": (200_000, 500_000),
    "several hundred": (300, 900),
    "a few hundred": (200, 500),
    "hundreds": (200, 999),
}


def is_vague(surface: str) -> bool:
    """The figure's words are one of :data:`VAGUE_QUANTITIES` (*thousands*, *several hundred*), with or
    without a qualifier in front: its bounds are a convention, not a value a source gives."""
    words = re.sub(r"[^a-z ]", " ", surface.lower()).split()
    return any(" ".join(words[k:]) in VAGUE_QUANTITIES for k in range(min(len(words), 3)))


_QUALIFIER_PHRASES: tuple[tuple[str, str], ...] = (
    ("more than", "more_than"), ("over", "more_than"), ("above", "more_than"), ("at least", "more_than"),
    ("upwards of", "more_than"), ("in excess of", "more_than"), ("just over", "more_than"), ("well over", "more_than"),
    ("fewer than", "fewer_than"), ("less than", "fewer_than"), ("under", "fewer_than"), ("nearly", "fewer_than"),
    ("almost", "fewer_than"), ("just under", "fewer_than"), ("below", "fewer_than"), ("short of", "fewer_than"),
    ("about", "about"), ("around", "about"), ("approximately", "about"), ("roughly", "about"), ("some", "about"),
    ("an estimated", "about"), ("estimated", "about"), ("close to", "about"), ("circa", "about"), ("~", "about"),
    ("up to", "up_to"), ("as many as", "up_to"), ("as large as", "up_to"), ("as high as", "up_to"), ("no more than", "up_to"), ("a maximum of", "up_to"),
    ("at most", "up_to"), ("not more than", "up_to"),
)
_QUALIFIER_WORDS = frozenset(w for phrase, _ in _QUALIFIER_PHRASES for w in phrase.split())
_NUMBER_TOKEN_RE = r"^\d[\d,]*(\.\d+)?[kK]?([-–—](to[-–—])?\d[\d,]*(\.\d+)?[kK]?)?$"
_YEAR_RE = re.compile(r"^(19[5-9]\d|20\d\d)([-–—](19|20)?\d\d)?$")
_YEAR_TOKEN_RE = re.compile(r"19[5-9]\d|20\d\d")  # a token that is a year (fullmatch)
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
    level_verbs: frozenset[str]
    unit_nouns: frozenset[str]
    change_nouns: frozenset[str]
    us_markers: frozenset[str]
    other_markers: frozenset[str]
    increment_markers: frozenset[str]
    change_verbs: frozenset[str]
    casualty_lemmas: frozenset[str]
    non_troop_nouns: frozenset[str]
    deployment_verbs: frozenset[str]
    ellipsis_cues: frozenset[str]
    non_iraq_places: frozenset[str]
    historical_cues: frozenset[str]
    proposal_cues: frozenset[str]
    plan_cues: frozenset[str]
    future_auxiliaries: frozenset[str]
    government_subjects: frozenset[str]
    iraq_subnational_places: frozenset[str]
    component_modifiers: frozenset[str]
    relative_components: frozenset[str]
    dated_phrases: frozenset[str]


@read_once_per_content(maxsize=8)
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
    >>> parse_quantity("35-50,000"), parse_quantity("500-2,000")
    ((35000, 50000), (500, 2000))
    """
    phrase = re.sub(r"\s+", " ", text.lower().replace("‑", "-")).strip()
    if phrase in VAGUE_QUANTITIES:
        return VAGUE_QUANTITIES[phrase]
    parts = re.split(r"\s*(?:(?<=\d)[-–—]to[-–—](?=\d)|\bto\b|\band\b|\bor\b|(?<=\d)[-–—](?=\d))\s*",
                     re.sub(r"^between\s+", "", phrase))
    parts = [p for p in parts if p]
    if len(parts) == 2 and re.search(r"\d\s*(k|thousand)$", parts[1]) and re.fullmatch(r"\d+(\.\d+)?", parts[0]):
        parts[0] += parts[1][len(re.match(r"[\d.]+", parts[1]).group(0)):]  # "3-4K": thousands both
    grouped = re.fullmatch(r"(\d{1,3})((?:,000)+)|(\d+(?:\.\d+)?)(\s*million)", parts[1]) if len(parts) == 2 else None
    if grouped and re.fullmatch(r"\d+", parts[0]) and int(parts[0]) < float(grouped.group(1) or grouped.group(3)):
        parts[0] += grouped.group(2) or grouped.group(4)  # "35-50,000", "2-3 million": the first shares the second's scale
    values = [_parse_point(p) for p in parts]
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
        [{"TEXT": {"REGEX": r"^\d+(\.\d+)?$"}}, {"LOWER": "k"}],  # "4K", split by the tokenizer (kept only if written as one word)
    ])
    matcher.add("RANGE", [
        [num, {"LIKE_NUM": True, "OP": "*"}, sep, num, {"LIKE_NUM": True, "OP": "*"}],
        [num, {"TEXT": {"IN": ["-", "–"]}}, {"LOWER": "to"}, {"TEXT": {"IN": ["-", "–"]}}, num],  # "3,000-to-4,000"
        [num, {"TEXT": {"IN": ["-", "–"]}}, {"LOWER": {"REGEX": r"^to[-–]\d[\d,]*$"}}],  # the same, tokenized "3,000 - to-4,000"
        [{"LOWER": "between"}, num, {"LIKE_NUM": True, "OP": "*"}, {"LOWER": "and"}, num, {"LIKE_NUM": True, "OP": "*"}],
    ])
    matcher.add("VAGUE", [
        [{"LOWER": "a", "OP": "?"}, {"LOWER": {"IN": ["several", "few", "couple"]}}, {"LOWER": "of", "OP": "?"},
         {"LOWER": {"IN": ["thousand", "hundred"]}}],
        [{"LOWER": "a", "OP": "?"}, {"LOWER": {"IN": ["several", "few"]}}, {"LOWER": "hundred"}, {"LOWER": "thousand"}],
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
        if span[-1].lower_ == "k" and len(span) > 1 and span[-2].whitespace_:
            continue  # "4 K …" is not "4K"
        if any(re.match(r"0\d", t.text) for t in span):
            continue  # a leading zero is a clock time or a code ("0430 GMT"), never a count
        k = span.start - 1
        while k > 0 and doc[k].lower_ in _QUALIFIER_WORDS:
            k -= 1  # "from about 6,100 to 4,000"
        before = doc[k].lower_ if span.start > 0 else ""
        seps = [t for t in span if t.lower_ in ("to", "-", "–", "—")]
        if span.label_ == "RANGE" and seps:
            cut = seps[0].i
            left, right = Span(doc, span.start, cut, label="LEVEL_BEFORE"), Span(doc, cut + 1, span.end, label="NUMBER")
            left_year, right_year = (bool(_YEAR_RE.match(part.text)) for part in (left, right))
            if left_year != right_year:  # "in 2019 to 2,500": a year, then a level
                out.append(Span(doc, left.start, left.end, label="NUMBER") if right_year else right)
                continue
            # "levels have ranged from X to Y", "the residual force would be from X to Y", "anywhere from X to Y"
            ranging = k > 0 and doc[k - 1].lemma_.lower() in _RANGE_VERBS | {"be", "anywhere", "somewhere"}
            values = [_parse_point(re.sub(r"^\D+", "", part.text)) for part in (left, right)]
            descending = seps[0].lower_ == "to" and None not in values and values[0] > values[1]
            # "increase from the all-time high level of 168,000 to 172,000": the "from" of the level's noun
            from_level = doc[k].dep_ == "pobj" and doc[k].head.lower_ == "from" and doc[k + 1].lower_ == "of"
            if (before == "from" or from_level) and not ranging or descending:  # "from 5,200 to 2,500", "the high of 130,000 to
                out.extend([left, right])                         # 100,000": two levels, never a range
                continue
        if span.label_ == "NUMBER" and before == "from" and span.end < len(doc) and doc[span.end].lower_ == "to":
            span = Span(doc, span.start, span.end, label="LEVEL_BEFORE")  # "from about 2,500 to fewer than 2,000"
        alternatives = [t for t in span if t.lower_ == "or"]
        if span.label_ == "RANGE" and alternatives:  # "as many as 8,500 or 10,000": two figures
            cut = alternatives[0].i
            out.extend([Span(doc, span.start, cut, label="ALTERNATIVE"), Span(doc, cut + 1, span.end, label="NUMBER")])
            continue
        out.append(span)
    return out


#: Verbs after which "from X to Y" is one range of values, not a change from one level to another.
_RANGE_VERBS = frozenset({"range", "vary", "fluctuate", "oscillate"})

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
        # "service members"; "members of the military", "members of the armed forces"
        owners = _of_objects(token)
        return any(c.lower_ in lex.member_modifiers for c in modifiers) or any(
            g.lower_ in ("military", "army", "forces") and (g.lower_ != "forces" or any(
                m.lower_ == "armed" for m in g.children)) for g in owners)
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
    if root.dep_ == "conj" and head.like_num and head.dep_ == "nummod" and head.head.pos_ in ("NOUN", "PROPN"):
        return head.head  # "as many as 8,500 or 10,000 troops"
    if root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "advmod") and head.i not in range(span.start, span.end):
        if head.lower_.endswith("-led") and head.head.pos_ == "NOUN":
            return head.head  # "150,000 U.S.-led troops", parsed with "U.S.-led" as the head
        if head.pos_ in ("NOUN", "PROPN"):
            if head.ent_type_ in ("GPE", "NORP") and head.head.pos_ == "NOUN" and head.head.i > head.i:
                return head.head  # "5,200 U.S. forces" parsed with U.S. as the head
            return head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grandchild in child.children:
                if span.start <= grandchild.i < span.end:
                    continue  # "tens of thousands": the phrase's own "of"
                if grandchild.dep_ == "pobj" and grandchild.pos_ in ("NOUN", "PROPN"):
                    return grandchild
                if grandchild.dep_ == "pobj" and grandchild.like_num and grandchild.head.i != grandchild.i:
                    counted = [c for c in grandchild.ancestors if c.pos_ in ("NOUN", "PROPN")][:1] or \
                        [t for t in grandchild.doc[grandchild.i + 1:grandchild.i + 4] if t.pos_ in ("NOUN", "PROPN")][:1]
                    if counted:
                        return counted[0]  # "some 50,000 of 65,000 troops"
    return None


_LEVEL_PREPOSITIONS = ("to", "at", "from", "below", "above", "under", "over", "around", "near", "of")


def _level_subject(span: "Span", lex: Lexicon) -> "Token | None":
    """The force a number without a noun of its own is stated of, through the verb or noun it hangs on:
    *the number of U.S. troops in Iraq is 131,000*, *troop levels swelled to 162,000*, *put the number of
    forces at 5,000*, *bring the number to 6,000*, *the authorized level of 3,870*, *draw down its forces
    to 50,000*. The subject may be a level noun (number, level, total …) whose phrase names a force, a
    force noun, or a pronoun / *that number* standing for a level named earlier in the sentence."""
    root = span.root
    head = root.head
    if root.dep_ == "appos" and (_is_force_noun(head, lex) or _is_level_phrase(head, lex)):
        return _force_of(head, lex) or head  # "the U.S. troop presence in Iraq, currently 155,000, …"
    if _remains(root) or _present(root):
        # "… roughly 100,000 troops would exit Iraq by mid-2010. Another 35,000 to 50,000 would remain …";
        # "… considering that around 44,500 are on the ground now"
        return _last_force(span.doc[max(0, span.sent.start - LOOKBACK_TOKENS):span.start], lex)
    if root.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ == "ADJ" and head.head.dep_ == "amod" \
            and _is_force_noun(head.head.head, lex):
        return head.head.head  # "a residual force as large as 18,000"
    if root.dep_ == "pobj" and head.lower_ == "from" and head.head.lower_ in ("up", "down") and head.head.head.pos_ in ("VERB", "AUX"):
        head = head.head.head  # "they were up from 123,000 a year earlier"
    elif root.dep_ == "pobj" and head.lower_ in ("with", "to") and head.head.lower_ in ("compared", "comparing") \
            and head.head.head.pos_ in ("VERB", "AUX"):
        # "expects to have 140,000 troops after the drawdown, compared with 158,000 now": the force compared
        return _last_force(span.doc[span.sent.start:span.start], lex)
    elif root.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in lex.level_verbs:
        head = head.head  # "could number in the tens of thousands"
    elif root.dep_ == "pobj" and head.lower_ in _LEVEL_PREPOSITIONS:
        if head.lower_ == "of" and (head.head.lemma_.lower() in lex.level_nouns or head.head.lower_ in lex.level_nouns):
            return _force_of(head.head, lex) or _force_in_context(span, lex)  # "the authorized level of 3,870"
        if head.lower_ == "of" and _is_force_noun(head.head, lex):
            return head.head  # "a residual force of 35,000 to 50,000", "the remaining force of 50,000"
        if head.lower_ == "of" and head.head.lemma_.lower() in ("peak", "high", "height", "maximum", "record", "low") \
                and any(t.lower_ in ("from", "than", "since") for t in span.doc[max(span.sent.start, head.head.i - 4):head.head.i]):
            # "The total now stands at about 50,000, down from a peak of 170,000": the level named before
            return _last_force(span.doc[max(0, span.sent.start - LOOKBACK_TOKENS):span.start], lex)
        head = head.head
        if head.dep_ == "prep" and head.lower_ == "from" and root.head.lower_ == "to":
            head = head.head  # "a reduction of forces from 60,000 to 50,000": "to" hangs on "from"
    elif root.dep_ not in ("attr", "dobj", "nsubj", "npadvmod", "appos", "acomp", "conj"):
        return None
    if head.pos_ == "NOUN" and head.lemma_.lower() in lex.change_nouns:
        return _change_noun_object(head, lex)  # "the reduction of American forces from 60,000 to 50,000"
    if root.dep_ == "attr" and head.lemma_ == "be" and any(c.dep_ == "expl" for c in head.children) and not any(
            c.dep_ in ("acl", "relcl", "prep") for c in root.children):
        # "… is officially 4,100, but officials say there are actually more than 6,000": the level named before
        force = _last_force(span.doc[span.sent.start:span.start], lex)
        if force is None and span.sent.start > 0:  # "… U.S. troops in Iraq when the surge began. The AP says there are 169,000 there now."
            force = _last_force(span.doc[span.sent.start - 1].sent, lex)
        return force
    if head.pos_ == "NOUN" and head.lemma_.lower() in lex.level_nouns:
        candidates = [head]  # "reduce the number below 100,000"
    elif head.pos_ not in ("VERB", "AUX"):
        return None
    else:
        verb = head
        while verb.dep_ in ("conj", "advcl", "xcomp", "pcomp") and verb.head.i != verb.i and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            # "levels were raised …, and then returned to …", "After rising to 150,000 …, the troop count is …"
            verb = verb.head.head if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" else verb.head
        candidates = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and c.i != root.i]
        if verb is not head:
            candidates += [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != root.i]
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            candidates.append(verb.head)  # "troop levels set to gradually decrease from around 2,000 to …"
    # a noun of the clause first ("which brings the new troop cap to 4,647"), a pronoun's antecedent after
    candidates.sort(key=lambda c: c.pos_ == "PRON" or c.lower_ in ("which", "that", "who"))
    for candidate in candidates:
        if candidate.lower_ in ("which", "that", "who") and candidate.dep_ in ("nsubj", "nsubjpass"):
            clause = next((a for a in candidate.ancestors if a.dep_ == "relcl"), None)
            candidate = clause.head if clause is not None else candidate  # "a force …, which … could number in …"
        if _is_force_noun(candidate, lex) or _is_level_phrase(candidate, lex):
            return _force_of(candidate, lex) or candidate
        changed = _change_noun_object(candidate, lex) if candidate.lemma_.lower() in lex.change_nouns else None
        if changed is not None:
            return changed  # "announce a reduction of U.S. troop levels from 5,200 to about 3,500"
        own_complement = any(c.dep_ in ("prep", "compound") and any(g.pos_ in ("NOUN", "PROPN") for g in c.subtree)
                             for c in candidate.children)
        # "… said we would need several hundred thousand troops. Today we have only 135,000."
        if candidate.lower_ in ("it", "they", "that", "this") or candidate.lower_ == "we" and head.lemma_ == "have" or (
                candidate.lemma_.lower() in lex.level_nouns and not own_complement):
            force = _last_force(span.doc[max(0, span.sent.start - LOOKBACK_TOKENS):span.start], lex)
            if force is not None:
                return force
    return None


#: How far back (in tokens, from the start of the figure's sentence) a number without a noun looks for its force.
LOOKBACK_TOKENS = 60


def _last_force(tokens: Iterable["Token"], lex: Lexicon) -> "Token | None":
    """The force named last among ``tokens`` (a force noun, or the force of a level phrase such as *the
    number of U.S. troops*): what a number without a noun of its own continues, or ``None``."""
    named = [t for t in tokens if (_is_force_noun(t, lex) or _is_level_phrase(t, lex)) and not _is_speaker(t)]
    return (_force_of(named[-1], lex) or named[-1]) if named else None


#: Verbs of saying or believing: their subject (*the US military believes the figure is about 99,000*) is who
#: speaks, not the force a number after it counts.
_SPEAKING_VERBS = frozenset({"say", "believe", "estimate", "think", "report", "announce", "tell", "state", "claim",
                             "add", "note", "insist", "acknowledge", "confirm", "reckon", "assess"})


def _is_speaker(token: "Token") -> bool:
    """``token`` is the subject of a verb of saying or believing (:data:`_SPEAKING_VERBS`)."""
    return token.dep_ == "nsubj" and token.head.lemma_.lower() in _SPEAKING_VERBS


def _remains(token: "Token") -> bool:
    """``token`` is the subject of *remain* or *stay* (also *are scheduled to remain*): what is left is a level."""
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verbs = (token.head, *(c for c in token.head.children if c.dep_ == "xcomp"))
    return any(v.lemma_.lower() in ("remain", "stay") for v in verbs)


def _present(token: "Token") -> bool:
    """``token`` is the subject of *be* placed in Iraq or on the ground, or *still* there (*150,000 are in
    Iraq*, *44,500 are on the ground now*, *39,000 are still there*): a level of the force named before."""
    verb = token.head
    if token.dep_ != "nsubj" or verb.lemma_ != "be" or any(c.dep_ in ("attr", "acomp") for c in verb.children):
        return False
    places = [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    # Iraq itself, not a city in it ("Of those, 1,000 are in Baghdad": a part)
    return any(g.lower_ == "ground" and g.head.lower_ == "on" or g.lower_ == "iraq" and g.head.lower_ == "in"
               for g in places) or any(c.dep_ == "advmod" and c.lower_ == "still" for c in verb.children)


def _change_noun_object(noun: "Token", lex: Lexicon) -> "Token | None":
    """The force a change noun is about: *a reduction of U.S. troop levels*, *the drawdown of American forces*."""
    for obj in _of_objects(noun):
        if _is_force_noun(obj, lex) or _is_level_phrase(obj, lex):
            return _force_of(obj, lex) or obj
    return None


def _is_level_phrase(token: "Token", lex: Lexicon) -> bool:
    """A level noun (number, level, strength …) whose phrase names a force: *the number of U.S. troops*,
    *troop levels*, *force strength*."""
    if token.lemma_.lower() not in lex.level_nouns and token.lower_ not in lex.level_nouns:
        return False
    return _force_of(token, lex) is not None


def _force_of(token: "Token", lex: Lexicon) -> "Token | None":
    """The force noun in a level noun's phrase (*troops* in *the number of U.S. troops*), else ``None``."""
    if _is_force_noun(token, lex):
        return token
    for t in token.subtree:
        if t.i != token.i and (_is_force_noun(t, lex) or t.lemma_.lower() in lex.force_nouns and t.dep_ == "compound"):
            return t
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
    parallel = span.start > 0 and doc[span.start - 1].lower_ in ("and", "or")  # "4,100 US troops …, and 5,000 there"
    for i in range(span.start - 1, max(sent.start, span.start - 30) - 1, -1):
        token = doc[i]
        if token.lemma_.lower() in lex.ellipsis_cues or token.lower_ in lex.ellipsis_cues or token.text in "(":
            linked = True
        if _is_force_noun(token, lex) and token.tag_ in ("NNS", "NNPS", "NN") and not _is_speaker(token) and (
                token.lemma_.lower() != "presence" or any(
                c.dep_ == "advmod" and c.lower_ in _CURRENT_WORDS for c in root.children)):  # "the presence in Iraq, currently 155,000,"
            counted = any(c.dep_ == "nummod" and c.like_num for c in token.children)
            return token if linked or parallel and counted else None
        if token.tag_ in ("NNS", "NNPS") or token.ent_type_ in ("NORP", "ORG", "PERSON"):
            if not (token.ent_type_ and _marks_us(token, lex)):
                return None  # something else that could be counted stands in between
    return None


#: A month name, full or abbreviated ("Aug.", "August"), for the date patterns (matched case-insensitively).
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_TIMELINE_RE = re.compile(r"^\W*((early|mid|late|end|end-of|start)[- ]?)?(" + _MONTH_NAME + r",? )?(19|20)\d\d\b",
                          re.IGNORECASE)


_ABBREVIATION_END_RE = re.compile(r"(\b[A-Za-z]\.)+$|\b(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|gen|lt|col|maj|"
                                  r"sgt|adm|sen|rep|gov|mr|mrs|ms|dr|st|no|vs)\.$", re.IGNORECASE)


def _last_sentence(text: str) -> str:
    """The last sentence of ``text``: split after ``.``/``!``/``?`` but not after an initialism or a
    common abbreviation (*U.S.*, *Jan.*, *Gen.*), which the plain split would take for an end."""
    text = text.strip()
    start = 0
    for match in re.finditer(r"[.!?]\s+", text):
        if not _ABBREVIATION_END_RE.search(text[start:match.start() + 1]):
            start = match.end()
    return text[start:]


def _timeline_entry(span: "Span") -> int | None:
    """The year of the timeline entry a number closes (*March 2003 -- U.S. troops invade Iraq: 192,000.*),
    or ``None``: the number follows a colon, and the entry before it opens with a date."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].text != ":":
        return None
    match = _TIMELINE_RE.match(_last_sentence(doc.text[:doc[span.start - 1].idx]))
    return int(re.search(r"(19|20)\d\d", match.group(0)).group(0)) if match else None


_DATED_HEADING_RE = re.compile(_TIMELINE_RE.pattern + r"[^:—–]{0,12}?\s*(:|--|—|–)\s", re.IGNORECASE)


def _text_under_heading(span: "Span") -> str:
    """The text from the start of the figure's sentence to the figure, taking in a short sentence before
    it that ends like a heading (*• October 2011:* parsed as a sentence of its own)."""
    sent = span.sent
    start = sent.start_char
    if sent.start > 0:
        previous = span.doc[sent.start - 1].sent
        if len(previous) <= 6 and previous.text.rstrip().endswith((":", "—", "–", "--")):
            start = previous.start_char
    return span.doc.text[start:span.start_char]


def _dated_heading(span: "Span") -> int | None:
    """The year of a date heading the figure's sentence like a timeline entry (*January 2007: U.S. troop
    levels in Iraq are at 132,000.*), or ``None``."""
    text = _text_under_heading(span)
    match = _DATED_HEADING_RE.match(text + " ")
    if not match or match.end() > len(text):
        return None
    return int(re.search(r"(19|20)\d\d", match.group(0)).group(0))


_DAY_HEADING_RE = re.compile(r"^\W*" + _MONTH_NAME + r"\s+(?P<day>[0-3]?\d)(st|nd|rd|th)?"
                             r"(,?\s+(?P<year>(19|20)\d\d))?\s*:\s", re.IGNORECASE)


#: Sentences of a chronology's entry after the one its heading opens (*May 1: Bush declares an end to major
#: combat. A stabilization force is set up with around 156,000 troops.*).
_ENTRY_SENTENCES = 2


def _day_heading(span: "Span") -> tuple[bool, int | None]:
    """Whether a day of a month and a colon head the figure's chronology entry — its sentence or one of the
    two before it, on the same line (*June 4: U.S. military says there are 88,000 troops in Iraq.*, *June
    15, 2007: …*) — and the year it names, if any. A dash after the day is a dateline (*Nov. 23 — The
    Pentagon is planning …*): the day of writing."""
    doc = span.doc
    sent = span.sent
    match = _DAY_HEADING_RE.match(_text_under_heading(span))
    for _ in range(_ENTRY_SENTENCES):
        if match or sent.start == 0 or "\n" in doc[sent.start - 1].sent.text_with_ws:
            break
        sent = doc[sent.start - 1].sent
        match = _DAY_HEADING_RE.match(sent.text)
    if not match or not 1 <= int(match.group("day")) <= 31:
        return False, None
    return True, int(match.group("year")) if match.group("year") else None


_OPENING_DATE_RE = re.compile(r"^\W*(?P<prep>(in|by|as of)\s+)?((early|late|mid|the end of)[\s-]+)?"
                              r"(" + _MONTH_NAME + r",?\s+)?"
                              r"(?P<year>(19|20)\d\d)(?P<sep>,\s*|\s+)", re.IGNORECASE)


def _opening_date(span: "Span") -> int | None:
    """The year of a date that opens the figure's sentence without a separator (*January 2007 U.S. troop
    levels are at 132,000*, *In January 2007, Bush boosts …*), or ``None``."""
    text = span.sent.text
    match = _OPENING_DATE_RE.match(text)
    if not match or span.sent.start_char + match.end() > span.start_char:
        return None
    if "," not in match.group("sep") and not text[match.end():match.end() + 1].isupper():
        return None  # "2007 troop levels …": a year used as a modifier, not a heading
    return int(match.group("year"))


def _timeline_force(span: "Span", lex: Lexicon) -> "Token | None":
    """A timeline entry's number counts the force of a text that speaks of troop levels."""
    doc = span.doc
    if _timeline_entry(span) is None:
        return None
    forces = [t for t in doc if _is_force_noun(t, lex) or _is_level_phrase(t, lex)]
    return forces[0] if forces else None


def _force_in_context(span: "Span", lex: Lexicon) -> "Token | None":
    """The force named in the sentence of a level stated without one (*the 50,000 minimum*)."""
    forces = [t for t in span.sent if _is_force_noun(t, lex) or _is_level_phrase(t, lex)]
    return forces[0] if forces else None


#: Comparatives that, with *than* straight after a number, make it a difference (*6,000 higher than normal*).
_COMPARATIVES = frozenset({"more", "higher", "lower", "greater", "larger", "smaller", "bigger", "above", "below"})


#: Verbs of a guard detail's task (*to guard the U.S. Embassy*, *guarding the embassy compound*).
_GUARD_VERBS = frozenset({"guard", "protect", "secure", "defend"})


def _is_subset_or_unit(noun: "Token", span: "Span", lex: Lexicon) -> bool:
    """A part of the force rather than its size: troops whose tours are extended, a unit's size (*a
    brigade consists of 3,000 troops*), a rate (*5,000 leaving every month*), a difference (*4,000
    fewer troops*), a total with civilians."""
    doc = span.doc
    if any(c.dep_ == "acl" and c.lemma_.lower() in ("make", "comprise", "form", "constitute") and any(
            o.dep_ == "dobj" and any(w.lemma_.lower() in lex.unit_nouns for w in o.subtree) for o in c.children)
           for c in noun.children):
        return True  # "about twenty thousand troops making up the Multi-National Division Center": a unit's size
    verb = governing_verb(noun)
    clause = {t.lemma_.lower() for t in _clause_tokens(verb)}
    if clause & {"extend", "extension"} or re.search(r"\bpast (their|its) scheduled\b|\btours?\b.{0,50}\bextended\b",
                                                     span.sent.text, re.IGNORECASE):
        return True
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ == "conj":  # "Brigades vary in size but generally include about 3,000 troops"
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    subjects = [verb.head if s.lower_ in ("that", "which", "who") and verb.dep_ == "relcl" else s for s in subjects]
    if verb.dep_ == "acl" and verb.lemma_.lower() in ("make", "compose", "consist", "comprise") \
            and verb.head.lemma_.lower() in lex.unit_nouns:
        return True  # "about 15 combat brigades made up of 50,000-60,000 soldiers": the brigades' strength
    own_object = noun.head.i == verb.i or noun.head.dep_ == "prep" and noun.head.head.i == verb.i or (
        noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in lex.level_nouns
        and noun.head.head.head.i == verb.i)  # "the brigade has a total of about 4,000 troops"
    if own_object and verb.lemma_.lower() in ("consist", "comprise", "include", "equal", "involve", "have", "contain",
                                              "number", "total", "range", "vary", "be") and any(
            s.lemma_.lower() in lex.unit_nouns | (lex.change_nouns if verb.lemma_.lower() != "be" else frozenset())
            for s in subjects) and not (verb.lemma_.lower() == "be" and noun.dep_ != "attr"):
        return True  # "the rotation involves 20,000 troops", "a brigade is roughly 3,500 troops"; not "… the
        # replacement of the 132,000 troops now there"
    after = doc[span.end:min(len(doc), span.end + 6)].text.lower()
    if re.match(r"^\s*(\w+\s+){0,2}(every|each|per|a) (day|week|month|year)\b(?! (ago|earlier|before|later))", after):
        return True
    if span.end < len(doc) and doc[span.end].lower_ in ("fewer", "less"):
        return True
    if span.end + 1 < len(doc) and doc[span.end].lower_ in _COMPARATIVES and doc[span.end + 1].lower_ == "than":
        return True  # "40,000 personnel in the region, 6,000 higher than normal": a difference
    following = [t.lower_ for t in doc[noun.i + 1:noun.i + 3]] if noun.i >= span.end else []
    if following[:1] in (["more"], ["fewer"], ["less"]) and following[1:] == ["than"]:
        return True  # "8,000 soldiers more than when the surge started": a difference
    if re.match(r"^\s*out of\b", after) or re.match(r"^\s*(\w+\s+)?(under|below|above|over|short of)\s+(the|its|their)\s+"
                                                    r"(\S+\s+){0,2}(high|peak|level|cap|ceiling|limit|record|figure)\b", after):
        # "28,000 out of the 127,000", "only 10,000 under the all-time high of 160,000", "about 800 over the
        # 3,650 figure often cited"
        return True
    guarding = [c for t in (verb, noun) for c in t.children if c.dep_ in ("xcomp", "advcl", "acl", "relcl")
                and c.lemma_.lower() in _GUARD_VERBS]
    if any(g.dep_ == "dobj" and g.lemma_.lower() in ("embassy", "consulate", "diplomat") for c in guarding for g in c.children) \
            and (parse_quantity(span.text) or (0, 0))[1] < 1_000:
        # "left behind a few hundred troops to guard the U.S. Embassy": a guard detail (hundreds); "a brigade
        # of 3,500 to 5,000 troops to protect the embassy" is the residual force itself
        return True
    unit = noun.head if noun.dep_ in ("appos", "conj") else None
    if unit is not None and unit.lemma_.lower() in lex.unit_nouns and not (
            unit.head.lower_ == "of" and unit.head.head.lemma_.lower() in lex.level_nouns):
        return True  # "a Marine unit – about 2,000 troops – …", "four brigades, or about 14,000 troops" (not "a level of 15 brigades, or …")
    if noun.dep_ == "pobj" and noun.head.lower_ == "with":
        before_with = [t for t in doc[max(0, noun.head.i - 3):noun.head.i] if not t.is_punct]
        if noun.head.head.lemma_.lower() in lex.unit_nouns or before_with and before_with[-1].lemma_.lower() in lex.unit_nouns:
            return True  # "one brigade, with about 3,100 soldiers"
    if any(c.dep_ == "prep" and c.lower_ in ("from", "of") and any(
            g.dep_ == "pobj" and g.lemma_.lower() in lex.unit_nouns for g in c.children) for c in noun.children):
        return True  # "nearly 1,000 soldiers from his First Infantry Division"
    if any(c.dep_ == "prep" and c.lower_ == "in" and any(
            g.dep_ == "pobj" and g.lemma_.lower() in lex.change_nouns - {"addition"} and noun not in g.subtree
            for g in c.children) for c in (*verb.children, *noun.children)):
        # "92,000 troops will be in the next rotation", "the 20,000 troops in the surge"; not "could result in
        # a reduction to around 3,500 U.S. troops", the level the change leads to
        return True
    if verb.lemma_.lower() in ("require", "need", "number", "total") and any(
            s.lemma_.lower() in lex.change_nouns for s in subjects):
        return True  # "the planned escalation ... will require as many as 28,500 troops"
    modifiers = " ".join(t.lower_ for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod")
                         for t in t.subtree).replace(" - ", "-")
    components = {word for word in lex.component_modifiers if re.search(rf"\b{re.escape(word)}\b", modifiers)}
    if re.search(r"\bactive(-duty)? and (the )?reserves?\b|\bregulars? and reserv", modifiers):
        components = set()  # "1,720 active and reserve forces": both parts, the whole force
    if components - lex.relative_components:
        return True  # "28,000 reservists", "special operations forces": a component of the force
    if components:  # "66,000 active-duty troops" beside reservists is a component; with none named, the force
        around = doc[max(0, span.sent.start - 40):span.sent.end].text.lower()
        if any(re.search(rf"\b{re.escape(word)}", around) for word in lex.component_modifiers - lex.relative_components):
            return True
    if noun.dep_ == "dobj" and verb.lemma_.lower() in ("train", "equip", "recruit", "mentor", "arm", "vet"):
        return True  # "training 120,000 troops for the Iraqi army": trainees, not the U.S. force
    # ("troops stationed in the region, including 2,500 personnel in Iraq" is the part in Iraq: the Iraq level)
    in_iraq = any(c.dep_ == "prep" and c.lower_ in ("in", "inside") and any(g.lower_ == "iraq" for g in c.children)
                  for c in noun.children)
    included = noun.head.lower_ == "including" and not in_iraq and not any(_marks_us(t, lex) for t in noun.subtree)
    if included or noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in lex.unit_nouns \
            and noun.head.head.tag_ == "NNS":  # ("leave behind only a brigade of 3,500 to 5,000 troops" is the force;
        # "all foreign forces, including the 5,200 U.S. forces" is the U.S. level)
        return True  # "700 troops, including about 250 advisers", "Iraqi units of about 2,500 troops": each unit's size
    if _in_part_of_iraq(noun, verb, lex, span.root):
        return True  # "about 250 U.S. troops in Baghdad and Erbil", "15,000 U.S. troops operating in Baghdad"
    if span.root.dep_ == "appos" and span.root.head.lemma_.lower() in lex.unit_nouns:
        return True
    if span.root.head.i == noun.i and any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in lex.change_verbs
                                          for c in noun.children):
        return True  # "the 30,000 troops added to the war effort this year": an increment
    partitive = [c for c in span.root.children if c.dep_ == "prep" and c.lower_ == "of"
                 and any(g.like_num for g in c.subtree)]
    if partitive and verb.lemma_.lower() not in ("remain", "stay", "keep", "leave"):
        return True  # "about 6,000 of the 160,000 … may be home by year's end": a part on the move
    if _WITH_CIVILIANS_RE.match(doc[max(noun.i, span.end - 1) + 1:span.sent.end].text):
        return True  # "16,000 total U.S. personnel in Iraq, about half of which were contractors"
    return any(c.dep_ == "conj" and c.lemma_.lower() in ("civilian", "contractor", "diplomat", "employee")
               for c in noun.children)


#: The rest of a count's phrase saying that it takes in civilians.
_WITH_CIVILIANS_RE = re.compile(r"^[^.;:]{0,30}?,? (\w+ )*?(of (which|whom|them)|including)\b[^.;:]{0,30}?"
                                r"\b(contractors?|civilians?|diplomats?|employees)\b"
                                r"|^\W*\(\s*\d+(\.\d+)?\s*(%|percent) of (all |the )?(contractors|civilians)\b",  # "(65% of contractors)"
                                re.IGNORECASE)


def _event_year(text: str, published: int | None, lex: Lexicon) -> int | None:
    """The year of a well-known moment named near an undated past level (*at the height of the surge*:
    2007), from the lexicon's ``dated_phrases`` (``"2007 height of the surge"``); only for texts written
    in or after that year."""
    text = re.sub(r"\s+", " ", text.lower())
    for entry in sorted(lex.dated_phrases):
        year, phrase = entry.split(" ", 1)
        if phrase in text and (published is None or published >= int(year)):
            return int(year)
    return None


def _in_part_of_iraq(noun: "Token", verb: "Token", lex: Lexicon, number: "Token | None" = None) -> bool:
    """The force is placed in cities or provinces of Iraq only (*in Baghdad and Erbil*), or at one site: a part
    of it. ``number`` is the figure's number, whose own phrase may place it in Iraq."""
    doing = ("be", "operate", "serve", "work", "patrol", "fight", "station", "base", "deploy", "post")
    hosts = [noun] + ([verb] if verb.lemma_.lower() in doing else []) + [
        c for c in noun.children if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in doing]
    for clause in (c for c in noun.children if c.dep_ in ("acl", "relcl")
                   and c.lemma_.lower() in _GUARD_VERBS):
        guarded = [g for o in clause.children if o.dep_ == "dobj" for g in (o, *o.conjuncts)]
        if guarded and all(g.lemma_.lower() in ("embassy", "consulate", "airport", "compound", "diplomat")
                           or any(c.lemma_.lower() in ("embassy", "consulate") for c in g.children) for g in guarded):
            return True  # "820 U.S. troops in Iraq guarding the embassy compound, the consulate and the airport"
    for host in hosts:
        for child in host.children:
            if child.dep_ != "prep" or child.lower_ not in ("in", "at", "inside", "around"):
                continue
            objects = [g for g in child.children if g.dep_ == "pobj"]
            objects += [c for o in objects for c in o.conjuncts]
            if objects and all(o.lower_ in lex.iraq_subnational_places or any(
                    c.lower_ in lex.iraq_subnational_places for c in o.children if c.dep_ == "compound") for o in objects):
                return True
            if child.lower_ == "at" and objects and all(o.tag_ in ("NN", "NNP") and o.lemma_.lower() in (
                    "embassy", "base", "airport", "consulate") for o in objects):
                return True  # "keeping 250-350 personnel at the base", "100 troops at the Embassy": one site
    # "a training base at Makhmour, where approximately 100 U.S. advisers are working"
    where_at_a_site = verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children) and _a_site(verb.head, lex)
    counted = _counted_phrase_head(noun, number) if number is not None else noun  # "thousands of … troops"
    # "Al-Asad Air Base … houses thousands of American troops"
    housed_at_a_site = verb.lemma_.lower() in ("house", "host") and counted.dep_ == "dobj" and any(
        c.dep_ == "nsubj" and _a_site(c, lex) for c in verb.children)
    # (not "the base where he visited some of the 50,000 troops still in Iraq"; "Afghanistan, where levels are
    # 5,000; there are only about 3,000 in Iraq", 3,000 taking the noun of the clause before)
    return (where_at_a_site or housed_at_a_site) and not any(
        _placed_in_iraq(t) for t in (noun, *([number] if number is not None else [])))


def _counted_phrase_head(noun: "Token", number: "Token") -> "Token":
    """The head of the counted noun's phrase: the number itself when it heads it (*thousands of U.S. troops*,
    *hundreds of troops*), else the noun."""
    return number if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i == number.i else noun


def _placed_in_iraq(token: "Token") -> bool:
    """``token``'s own phrase places it *in Iraq* (alone: not *in Iraq and Syria*, a total over both)."""
    return any(c.dep_ == "prep" and c.lower_ in ("in", "inside") and any(
        g.dep_ == "pobj" and g.lower_ == "iraq" and not g.conjuncts for g in c.children) for c in token.children)


#: Nouns of one site or town: the troops a sentence places there are a part of the force.
_SITE_NOUNS = frozenset({"base", "airbase", "camp", "outpost", "facility", "installation", "compound", "airfield",
                         "airport", "embassy", "consulate", "city", "town", "village", "district", "province"})


def _a_site(token: "Token", lex: Lexicon) -> bool:
    """``token`` names one site (*base*, *Fire Base Bell*, *the city*, *Mosul*, *Makhmour*), not Iraq or its
    Kurdish region (a place outside Iraq is no level of Iraq's either)."""
    return token.lemma_.lower() in _SITE_NOUNS or token.lower_ in lex.iraq_subnational_places or \
        token.ent_type_ in ("FAC", "GPE") and not _names_iraq({token.lower_}, lex)


def _clause_elsewhere(noun: "Token", lex: Lexicon) -> bool:
    """A participle or relative clause on the force places it outside Iraq (*the roughly 1,000 U.S. troops
    ordered to leave northeastern Syria*, *troops withdrawing from northern Syria*): troops on the move;
    or the force is counted in a clause on another place (*Afghanistan, where the U.S. had 13,000 troops*)."""
    verb = governing_verb(noun)
    if verb.dep_ == "relcl" and verb.head.lower_ in lex.non_iraq_places and verb.head.ent_type_ in ("GPE", "LOC"):
        return True
    where = next((c for c in verb.children if c.dep_ == "advmod" and c.lower_ == "where"), None) if verb.dep_ == "relcl" else None
    if where is not None:
        # "pointed to Bahrain's deal as an example, where the US has nearly 5,000 troops": the last place named before
        named = [t for t in noun.doc[noun.sent.start:where.i] if t.ent_type_ in ("GPE", "LOC")]
        if named and named[-1].lower_ in lex.non_iraq_places:
            return True
    # "41,000 servicemen and women stationed in South Korea": the clause hangs on the last of the pair
    clauses = [c for n in (noun, *noun.conjuncts) for c in n.children if c.dep_ in ("acl", "relcl")]
    stationed = [c for c in clauses if c.lemma_.lower() in lex.deployment_verbs]  # "stationed across the region"
    return any(t.ent_type_ in ("GPE", "LOC") and t.lower_ in lex.non_iraq_places
               for c in clauses for t in c.subtree) or _in_other_place(stationed, lex)


def _there_elsewhere(span: "Span", noun: "Token", lex: Lexicon) -> bool:
    """*There* or *the country* standing for a country other than Iraq, the last one named before the
    figure (*... in Afghanistan. The United States has around 8,600 troops in the country*)."""
    doc = span.doc
    near = [*noun.children, *noun.head.children, *span.root.children]

    def the_country(g: "Token") -> bool:
        return g.lemma_.lower() in ("country", "nation") and any(d.lower_ in ("the", "that") for d in g.children)

    # "in the country", "in the country's northeast"
    anaphor = any(t.lower_ == "there" and t.dep_ == "advmod" for t in near) or any(
        t.dep_ == "prep" and t.lower_ == "in" and any(the_country(g) or any(p.dep_ == "poss" and the_country(p) for p in g.children)
                                                     for g in t.children)
        for t in near)
    if not anaphor:
        return False
    places = [t for t in doc[:span.start] if t.ent_type_ in ("GPE", "LOC") and
              (t.lower_ in lex.non_iraq_places or t.lower_ in ("iraq", "baghdad", "iraqi"))]
    return bool(places) and places[-1].lower_ in lex.non_iraq_places


# --- owner, place, casualty, change -----------------------------------------------------------
def _marks_us(token: "Token", lex: Lexicon) -> bool:
    text = token.lower_
    return text in lex.us_markers or (token.ent_type_ in ("GPE", "NORP") and text in ("states", "united"))


#: Nouns of those allied with the United States: *the US allies*, *America's partners* are others.
_ALLY_NOUNS = frozenset({"ally", "partner"})


def _owner_of_phrase(tokens: Iterable["Token"], lex: Lexicon) -> str | None:
    """``"us"``, ``"other"`` or ``None`` from the marker words among ``tokens``."""
    tokens = list(tokens)
    if any(t.lemma_.lower() in _ALLY_NOUNS and t.pos_ == "NOUN" and any(_marks_us(c, lex) for c in t.children)
           for t in tokens):
        return "other"  # "the US allies have reduced … their troops": the allies' own
    if any(_marks_us(t, lex) for t in tokens):
        return "us"
    if any(t.lower_ in lex.other_markers or t.lemma_.lower() in lex.other_markers for t in tokens):
        return "other"
    if any(t.ent_type_ in ("NORP", "GPE") for t in tokens):
        return "other"
    return None


def _in_locative_phrase(token: "Token", top: "Token") -> bool:
    """``token`` is inside a place phrase (*in …*, *across …*) nested under ``top``."""
    for above in (token, *token.ancestors):
        if above.i == top.i:
            return False
        if above.dep_ == "prep" and above.lower_ in ("in", "inside", "across", "throughout"):
            return True
    return False


def _noun_phrase_modifiers(noun: "Token", lex: Lexicon) -> list["Token"]:
    """Tokens of the noun's own phrase: determiners, adjectives, compounds, possessors, ``of``/``from`` owners."""
    out: list[Token] = []
    for child in noun.children:
        if child.dep_ == "amod" and any(c.dep_ == "prep" for c in child.children):
            # "troops present in different parts of Iraq": the place they are in, not their owner
            out.extend(t for t in child.subtree if not any(
                a.dep_ == "prep" and a.head.i == child.i for a in (t, *t.ancestors) if a.i != child.i))
        elif child.dep_ in ("amod", "compound", "poss", "nmod", "det", "nummod", "quantmod"):
            out.extend(child.subtree)
        elif child.dep_ == "prep" and child.lower_ in ("of", "from") and not (child.lower_ == "from" and any(
                g.dep_ == "pobj" and _names_iraq({g.lower_}, lex) for g in child.children)) and not (
                child.lower_ == "of" and any(g.dep_ == "pobj" and g.like_num for g in child.children)):
            # "troops from Britain" (not "withdraw … troops from Iraq": the place left; nor "a force of 4,000
            # in Iraq": its size; nor the place of "members of the military in Iraq")
            out.extend(t for t in child.subtree if not _in_locative_phrase(t, child))
        elif child.dep_ == "prep" and child.lower_ == "for" and any(
                g.dep_ == "pobj" and g.lemma_.lower() in ("army", "force", "military", "police", "government", "unit")
                for g in child.children):
            out.extend(child.subtree)  # "troops for the Iraqi army" (not "the level for the Iraqi elections")
    return out


#: Armed groups named as the adversary: a sentence naming them names no other owner of the troops counted.
_ADVERSARY_WORDS = frozenset({"isis", "isil", "daesh", "qaeda", "militant", "militants", "insurgent", "insurgents",
                              "jihadist", "jihadists", "enemy"})


def _other_owner_named(sent: "Span", lex: Lexicon) -> bool:
    """A text that never names the United States may still be about its forces (*There are currently
    49,700 troops in Iraq*); it is not when the sentence names another country or force."""
    def destination(t: "Token") -> bool:  # "relocated to Erbil and Kuwait", "departing … for Syria": no owner
        obj = t.head if t.dep_ == "conj" else t
        return obj.dep_ == "pobj" and obj.head.lower_ in ("to", "for", "into", "toward", "towards")

    def of_a_place(t: "Token") -> bool:  # "the Kurdish region of northern Iraq": a place, not an owner
        return t.dep_ in ("amod", "compound") and t.head.lemma_.lower() in (
            "region", "area", "province", "city", "zone", "border", "territory", "north", "south", "government")

    def located(t: "Token") -> bool:  # "900 in neighbouring Syria": a place where other troops are, not an owner
        obj = t.head if t.dep_ in ("conj", "amod", "compound") else t
        together = {c.lower_ for c in (obj, *obj.conjuncts)}  # "inside Iraq and Afghanistan": a total over both
        if obj.dep_ == "dobj" and obj.head.dep_ == "pcomp":
            obj = obj.head  # "in neighbouring Syria", parsed as a participle and its object
        return obj.dep_ in ("pobj", "pcomp") and obj.head.lower_ in ("in", "inside", "across", "throughout", "at") \
            and "iraq" not in together

    def likened(t: "Token") -> bool:  # "a Korea-like presence": a comparison, not an owner or a place
        return t.head.lower_ in ("like", "style") and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text in ("-", "‑")

    def not_an_owner(t: "Token") -> bool:  # the enemy owns no U.S.-style "troops"; "part of the coalition" is membership
        return t.lower_ in _ADVERSARY_WORDS or t.lower_ == "coalition" and any(
            a.lower_ == "of" and a.head.lemma_.lower() == "part" for a in t.ancestors)

    # a date is no place ("by the middle of next year"); "countries" and "nations" name an owner only in
    # the force's own phrase (*troops from 30 countries*, found by the owner check); elsewhere in the
    # sentence they are places (*a third of the two countries*)
    return any(t.lower_ in lex.other_markers and t.lower_ not in ("iraq", "baghdad", "iraqi", "iraqis")
               and not of_a_place(t) and not not_an_owner(t) or
               t.lower_ in lex.non_iraq_places and t.ent_type_ != "DATE" and not destination(t) and not located(t)
               and not likened(t) or
               t.ent_type_ == "NORP" and not _marks_us(t, lex) and t.lower_ not in ("iraqi", "iraqis")
               for t in sent if t.lower_ not in ("countries", "nations"))


def _owner(noun: "Token", lex: Lexicon) -> str | None:
    modifiers = _noun_phrase_modifiers(noun, lex)
    if any(t.dep_ == "cc" for t in modifiers) and any(_marks_us(t, lex) for t in modifiers) and any(
            t.lower_ in ("other", "allied", "coalition", "partner", "foreign", "international") for t in modifiers):
        return "other"  # "thousands of American and other troops": a multinational count
    if any(t.lower_.endswith("-led") or t.lower_ == "led" and t.dep_ == "amod" for t in modifiers):
        return "other"  # "150,000 U.S.-led troops": the coalition the United States leads
    owner = _owner_of_phrase(modifiers, lex)
    if owner:
        return owner
    marker = noun.doc[noun.left_edge.i - 1] if noun.left_edge.i > 0 else None
    if marker is not None and marker.tag_ == "POS" and marker.head.i < marker.i and not marker.head.is_ancestor(noun):
        # "some of Georgia's 2,000 troops", parsed with "Georgia's" on "of": the possessor before the number
        owner = _owner_of_phrase([marker.head], lex)
        if owner:
            return owner
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and _is_force_noun(noun.head.head, lex):
        # "administers a multinational force in Iraq of 5,600 troops": the force's owner is its troops' (by the
        # lexicon's words only: "a Korea-like presence of 55,000 troops" is a comparison, not an owner)
        modifiers = _noun_phrase_modifiers(noun.head.head, lex)
        if any(t.lower_ in lex.other_markers for t in modifiers) and not any(_marks_us(t, lex) for t in modifiers):
            return "other"
    verb = noun.head
    if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        # "Italy deployed the fourth largest contingent in the coalition in Iraq, around 3,000 soldiers", the
        # number parsed as a conjunct of a noun inside the object: the subject of a verb of having or sending
        taker = governing_verb(noun)
        if taker.lemma_.lower() in _HAVING_VERBS and not any(_marks_us(t, lex) for t in noun.head.subtree):
            subject = next((c for c in taker.children if c.dep_ == "nsubj" and not _is_dateline(c)), None)
            if subject is not None and _owner_of_phrase(_head_words(subject), lex) == "other":
                return "other"
    if noun.dep_ in ("dobj", "attr", "pobj", "appos") and verb.i != noun.i:
        while verb.dep_ in ("prep", "agent") and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("dobj", "pobj", "attr") and verb.head.pos_ in ("VERB", "AUX") \
                and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in noun.children):
            verb = verb.head  # "Britain is withdrawing half of its 8,000 troops": "its" is the subject's
        if verb.dep_ == "xcomp" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            verb = verb.head  # "Alliance members agreed to increase troops …": the subject of "agreed"
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i != noun.i and not _is_dateline(child):
                if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" and verb.lemma_.lower() in _HAVING_VERBS:
                    # "29 nations that are contributing 23,000 troops": the relative's noun, by its own words (not
                    # "the residual force in Iraq, which was composed of …": a place is no owner)
                    words = _head_words(verb.head)
                    if any(_marks_us(t, lex) for t in words):
                        return "us"  # (by the lexicon's words: "the Mosul offensive which would bring …" has no owner)
                    return "other" if any(t.lower_ in lex.other_markers or t.lemma_.lower() in lex.other_markers
                                          for t in words) else None
                # the subject's own phrase: "Britain's army", "the government of Iraq"; not "the shift from
                # Operation Iraqi Freedom", whose "Iraqi" names an operation, not the force's owner
                own = [t for t in child.subtree if not any(
                    a.dep_ == "prep" and a.lower_ in ("from", "to") and a.head.i == child.i for a in [t, *t.ancestors])]
                return _owner_of_phrase(own, lex) or _pronoun_owner(child, lex)
    return None


#: Verbs whose subject owns the troops they take (not "the Iraqi government that would allow a few thousand troops").
_HAVING_VERBS = frozenset({"contribute", "have", "keep", "maintain", "send", "deploy", "provide", "commit", "station",
                           "pledge", "field"})


def _head_words(noun: "Token") -> list["Token"]:
    """A noun with its compounds and adjectives, without its prepositional phrases (*the Iraqi army*, not
    *the residual force in Iraq*: a place is no owner)."""
    return [noun, *(c for c in noun.children if c.dep_ in ("compound", "amod"))]


def _pronoun_owner(subject: "Token", lex: Lexicon) -> str | None:
    """The owner a possessive pronoun on a sentence's subject refers back to: the subject of the sentence
    before (*Britain … was the main partner. Its forces have shrunk to just 4,100 soldiers*), or for *whose*
    the noun its relative clause is on."""
    whose = next((c for c in subject.children if c.dep_ == "poss" and c.lower_ == "whose"), None)
    if whose is not None:
        # "the Iraqi army, whose fighting strength has dwindled to about 48,000 troops": the noun the clause is on
        clause = next((a for a in subject.ancestors if a.dep_ == "relcl"), None)
        if clause is None:
            return None
        return _owner_of_phrase(_head_words(clause.head), lex)
    if any(c.dep_ == "poss" and c.lower_ == "our" for h in (subject, *_of_objects(subject)) for c in h.children):
        return _speaker_owner(subject, lex)  # "he said 'the size of our mission will increase from 500 to 4,000'"
    if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in subject.children) \
            or subject.sent.start == 0:
        return None
    before = subject.doc[subject.sent.start - 1].sent
    heads = [c for c in before.root.children if c.dep_ in ("nsubj", "nsubjpass") and not _is_dateline(c)]
    if not heads:
        return None
    return _owner_of_phrase(_head_words(heads[0]), lex)


def _of_objects(noun: "Token") -> list["Token"]:
    """The objects of a noun's *of* (*the size of our mission*: *mission*; *members of the armed forces*: *forces*)."""
    return [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]


def _speaker_owner(token: "Token", lex: Lexicon) -> str | None:
    """The owner *our* refers to in reported speech: the speaker's (the subject of the verb of saying the
    words hang on), or, when the speaker is *he* or *she*, that of the last subject named before it in up to
    three sentences (*NATO Secretary-General Jens Stoltenberg says … He said "the size of our mission …"*)."""
    verb = next((a for a in token.ancestors if a.lemma_.lower() in _SPEAKING_VERBS), None)
    speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
    if speaker is None:
        return None
    doc, sent = token.doc, token.sent
    for _ in range(3):
        if speaker.pos_ != "PRON":
            # the speaker's whole phrase: "NATO Secretary-General Jens Stoltenberg", "a spokesman for the British embassy"
            return _owner_of_phrase(list(speaker.subtree), lex)
        if sent.start == 0:
            return None
        sent = doc[sent.start - 1].sent
        # (a wire dateline may be parsed into the subject: "BRUSSELS (AP) — NATO Secretary-General … says")
        speaker = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
        if speaker is None:
            return None
    return None


#: Words that join two clauses (or conjuncts): a year or a subject on one side is not the other side's.
_CONJUNCT_WORDS = frozenset({"and", "but", "while", "whereas", ";"})
_CLAUSE_BREAKS = _CONJUNCT_WORDS | {","}


def _clause_subject_owner(span: "Span", lex: Lexicon) -> str | None:
    """The owner named by the words that open the coordinated clause of an elided number, before it
    (*and coalition allies had a further 2,500*; not *and in Iraq another 2,500*: a place is no owner)."""
    doc = span.doc
    start = span.start
    while start > span.sent.start and doc[start - 1].lower_ not in _CLAUSE_BREAKS:
        start -= 1
    if start == span.sent.start:
        return None  # no coordination: the antecedent's owner stands
    verbs = [t.i for t in doc[start:span.start] if t.pos_ in ("VERB", "AUX")]
    if not verbs and not any(t.pos_ == "ADP" for t in doc[start:span.start]):
        # the verb gapped ("… about 5,000 troops stationed in the country and coalition allies a further
        # 2,500"): the noun phrase before the number is the clause's subject
        return _owner_of_phrase([t for t in doc[start:span.start] if t.pos_ in ("NOUN", "PROPN", "ADJ")], lex)
    if not verbs:
        return None  # "in Afghanistan and Iraq to 2,500 each": a coordination of places, not of clauses
    # not a place ("and in Iraq"), nor the second of two nouns ("levels in Iraq and Afghanistan have now reached")
    opening = [t for t in doc[start:verbs[0]] if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.dep_ != "pobj"
               and not (t.dep_ == "conj" and t.head.i < start) and not any(a.dep_ == "prep" and a.i >= start for a in t.ancestors)]
    return _owner_of_phrase(opening, lex)


def _is_dateline(token: "Token") -> bool:
    """A wire dateline parsed as a subject: *BAGHDAD, Iraq --* (a place name or two and a dash)."""
    subtree = list(token.subtree)
    return any(t.text in ("--", "—", "–") for t in subtree) and all(t.is_punct or t.pos_ == "PROPN" for t in subtree)


def _in_other_place(tokens: Iterable["Token"], lex: Lexicon) -> bool:
    """True when a locative phrase on these tokens places them outside Iraq alone."""
    tokens = list(tokens)
    if any(c.dep_ == "advmod" and c.lower_ in ("abroad", "overseas", "worldwide", "elsewhere", "globally")
           for token in tokens for c in token.children):
        return True
    for token in tokens:
        # "will come out of Afghanistan": the place of "out of"
        preps = [*token.children, *(g for c in token.children if c.dep_ == "prep" and c.lower_ == "out" for g in c.children
                                    if g.dep_ == "prep" and g.lower_ == "of")]
        # "U.S. forces on the ground in Syria": the place of "on the ground"
        preps += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "on" for o in c.children
                  if o.lemma_.lower() in ("ground", "soil") for g in o.children if g.dep_ == "prep"]
        for child in preps:
            if child.dep_ in ("prep", "dative") and child.lower_ in ("in", "to", "into", "across", "throughout", "inside", "at", "from") \
                    or child.lower_ == "of" and child.head.lower_ == "out":
                # "in neighboring Syria" (pcomp); not a clause ("in keeping with Trump's plan to reduce troop levels overseas")
                objects = [g for g in child.children if g.dep_ == "pobj" or g.dep_ == "pcomp" and (not any(
                    c.dep_ in ("prep", "acl", "advcl", "xcomp", "ccomp") for c in g.children) or any(
                    c.dep_ == "dobj" and c.ent_type_ in ("GPE", "LOC") for c in g.children))]
                objects += [c for o in objects for c in o.conjuncts]
                # a time phrase is no place, whatever a misparse hangs under it ("at the start of 2025 and
                # more than 900 in Syria")
                if any(_names_other_place(obj, lex) for obj in objects if obj.lemma_.lower() not in _TIME_NOUNS):
                    return True
    return False


#: Nouns of a time, not a place, heading a prepositional phrase ("at the start of", "by the end of").
_TIME_NOUNS = frozenset({"start", "beginning", "outset", "end", "time", "height", "peak", "close", "year", "month"})


def _names_other_place(phrase: "Token", lex: Lexicon) -> bool:
    """A place phrase naming somewhere other than Iraq: *Syria*, *the Middle East*, *Iraq and Syria* (a total
    over both), *Iraq and the surrounding region*; not *the Kurdistan region of Iraq*, a region inside it."""
    def own_words(t: "Token") -> set[str]:  # its phrase without what is joined to it ("Syria and Iraq": Syria's own)
        joined = {d.i for c in t.children if c.dep_ in ("conj", "cc") for d in c.subtree}
        return {d.lower_ for d in t.subtree if d.i not in joined}

    return any(t.lower_ in lex.non_iraq_places and not _names_iraq(own_words(t), lex) for t in phrase.subtree)


#: Words naming Iraq as a whole or its Kurdish region (its cities and provinces are the lexicon's).
_IRAQ_WORDS = frozenset({"iraq", "iraqi", "kurdistan", "kurdish"})


def _names_iraq(words: set[str], lex: Lexicon) -> bool:
    """A place phrase naming Iraq or a part of it: *the Kurdistan region of Iraq* is no other region."""
    return not words.isdisjoint(_IRAQ_WORDS) or not words.isdisjoint(lex.iraq_subnational_places)


def _level_noun_elsewhere(level: "Token", lex: Lexicon) -> bool:
    """A level noun whose own place phrase names a place, not Iraq (*the number of troops in Afghanistan*;
    not *the number of troops in Iraq and Afghanistan each*, nor *in both countries*)."""
    if level.lemma_.lower() not in lex.level_nouns:
        return False
    places = [t for c in level.children if c.dep_ == "prep" for t in c.subtree]
    return any(t.ent_type_ in ("GPE", "LOC") for t in places) and not _names_iraq({t.lower_ for t in places}, lex)


#: Verbs that state a level of their subject (*the force numbers 10,000 troops*, *is at 20,000 soldiers*).
_STATING_VERBS = frozenset({"be", "number", "total", "stand", "hover", "reach", "top", "exceed", "peak"})


def _subjects_stated_of(noun: "Token") -> list["Token"]:
    """The subjects a level is stated of, whose place is the level's (*the U.S. ground presence in Kuwait
    is at less than 20,000 soldiers*, *the force in Qatar numbers 10,000 troops*); not the subject of
    a verb that does something else with the troops (*units in Kuwait will reinforce the 5,000 troops*)."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ == "at" and verb.dep_ == "prep":
        verb = verb.head
    elif noun.dep_ not in ("attr", "dobj"):
        return []
    if verb.lemma_.lower() not in _STATING_VERBS:
        return []
    # "the largest US military operation in the world numbering over 150,000 troops": a superlative's
    # "in the world" is what it is compared with, not where it is
    return [c for c in verb.children if c.dep_ == "nsubj" and not any(m.tag_ == "JJS" for m in c.children)]


def _sentence_before_elsewhere(span: "Span", lex: Lexicon) -> bool:
    """A sentence that names no place continues the one before it: *The number of American forces in
    Afghanistan … numbered 2,500. For the next two years force levels remained around 10,000.*"""
    sent, doc = span.sent, span.doc
    if sent.start == 0 or any(t.ent_type_ in ("GPE", "LOC") or t.lower_ in ("there", "here") for t in sent):
        return False
    previous = doc[sent.start - 1].sent
    if any(t.lower_ in ("iraq", "iraqi", "baghdad") for t in previous):
        return False
    return _in_other_place(list(previous), lex)


def _pair_elsewhere(span: "Span", start: int, lex: Lexicon) -> bool:
    """The other end of a *from … to …* change is placed outside Iraq (*drop to 4,500 troops in
    Afghanistan this fall, from roughly 8,600 forces now*): so is this one."""
    doc = span.doc
    if start == 0 or doc[start - 1].lower_ not in ("from", "to"):
        return False
    verb = doc[start - 1].head
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "to") and prep.i != start - 1:
            words = {t.lower_ for t in prep.subtree}
            if words & lex.non_iraq_places:
                return True
    return False


def _change_placed_elsewhere(span: "Span", noun: "Token", lex: Lexicon) -> bool:
    """The figure is the level a change verb changes to or from, and the verb's object or the verb itself
    is placed in a country other than Iraq (*cut its military forces in Afghanistan to 8,600 troops*,
    *has reduced the number of troops it has in Afghanistan to 8,600*, where the parse hangs the place on
    the verb); a place that also names Iraq is not another (*in Iraq and Afghanistan each to 2,500*)."""
    for token in (noun, span.root):
        verb = _endpoint_verb(token)
        if verb is not None and verb.lemma_.lower() in lex.change_verbs:
            changed = [c for c in verb.children if c.dep_ == "dobj" and c.i != noun.i]
            placed = [t for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "inside", "across", "throughout")
                      for t in c.subtree]
            return any(_phrase_names_other_place(c, lex) for c in changed) or _names_another_country(placed, lex)
    return False


def _share_taken_from_elsewhere(noun: "Token", lex: Lexicon) -> bool:
    """The force is the whole of which a change verb takes a share out of a place other than Iraq (*pulling
    as many as half of its 71,000 troops out of Germany*): the level of that place. Only *from* and *out
    of* place it (*move half of its 5,000 troops in Iraq to Kuwait* keeps Iraq's level)."""
    share = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    if share is None or share.dep_ != "dobj" or share.head.lemma_.lower() not in lex.change_verbs:
        return False
    verb = share.head
    sources = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"]
    sources += [g for c in verb.children if c.dep_ in ("prep", "prt", "advmod") and c.lower_ == "out"
                for g in c.children if g.dep_ == "prep" and g.lower_ == "of"]
    return any(_names_another_country(list(c.subtree), lex) for c in sources)


def _force_of_an_amount(noun: "Token", lex: Lexicon) -> bool:
    """The force noun a bare number takes is followed by a change that makes it an amount (*the number of
    troops to be added*, *the number of troops withdrawn*): numbers stated of it are amounts moved, not levels.
    (Not *deployed* or *stationed*: *the number of troops deployed in Iraq* is the level.)"""
    doc = noun.doc
    following = list(doc[noun.i + 1:noun.i + 4])
    if [t.lower_ for t in following[:2]] == ["to", "be"]:
        following = following[2:]  # "to be added"
    elif following[:1] and following[0].lower_ == "being":
        following = following[1:]  # "being withdrawn"
    changed = (lex.change_verbs | {"send", "dispatch", "evacuate"}) - {"bring", "draw"}
    return bool(following) and following[0].tag_ == "VBN" and following[0].lemma_.lower() in changed


def _hosted_elsewhere(noun: "Token", lex: Lexicon) -> bool:
    """The force is what a country other than Iraq hosts (*Kuwait now hosts 111,000 US troops*): the subject
    of *host* is the place."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in ("host", "house") and verb.lower_ not in ("hosting", "housing"):
        return False  # (the tagger may read "housing" as a noun)
    hosts = [c for c in verb.children if c.dep_ == "nsubj"]  # all of them: "An ally …, Iraq hosts"
    if verb.dep_ in ("acl", "relcl"):  # "Al-Tanf garrison, a US base typically housing between 100 and 200 US troops"
        hosts += [verb.head, *([verb.head.head] if verb.head.dep_ == "appos" else [])]
    hosted = {t.i for t in noun.subtree}  # (the hosting base's phrase holds the troops when the verb is its participle)
    words = {t.lower_ for h in hosts for t in h.subtree if t.i not in hosted}
    return not words.isdisjoint(lex.non_iraq_places) and not _names_iraq(words, lex)


def _endpoint_verb(token: "Token") -> "Token | None":
    """The verb of which ``token`` is the *to* or *from* end (*cut … to 8,600*, *reduce … from 486*)."""
    prep, verb = token.head, token.head.head
    if token.dep_ == "pobj" and prep.lower_ in ("to", "from") and verb.pos_ == "VERB":
        return verb
    return None


def _names_another_country(tokens: list["Token"], lex: Lexicon) -> bool:
    """Among ``tokens`` a place outside Iraq is named, and Iraq is not (*in Afghanistan*; not *in Iraq and
    Afghanistan each*)."""
    return any(t.ent_type_ in ("GPE", "LOC") and t.lower_ in lex.non_iraq_places for t in tokens) \
        and not _names_iraq({t.lower_ for t in tokens}, lex)


def _phrase_names_other_place(noun: "Token", lex: Lexicon) -> bool:
    """The noun's prepositional phrases name a country or region other than Iraq, and not Iraq (*the
    number of troops it has in Afghanistan*; not *the number of U.S. troops in the country*)."""
    return _names_another_country([t for c in noun.children if c.dep_ == "prep" for t in c.subtree], lex)


_WITH_NEIGHBOURS_RE = re.compile(
    r"\b(in and around iraq|iraq and (the )?(other |surrounding |neighbou?ring |nearby |other gulf |other persian gulf )"
    r"(gulf )?(states|nations|countries|region)|(in|around) iraq and (in )?(kuwait|the gulf|the region))\b")


def _with_neighbours(span: "Span") -> bool:
    """The number's own stretch counts Iraq with the countries around it (*180,000 in and around Iraq*, *The
    180,000-member occupation force in Iraq and surrounding nations*, *deployed in Iraq and other Gulf
    states*): a total over several countries."""
    doc = span.doc
    end = min(span.sent.end, span.end + 12)
    return bool(_WITH_NEIGHBOURS_RE.search(re.sub(r"\s+", " ", doc[span.start:end].text.lower())))


def _other_countries_named(doc: "Doc", lex: Lexicon) -> list[int]:
    """Where the text names another country where U.S. troops serve (*Afghanistan*, *Syria*, *South Korea*;
    not Iran, the neighbour every text on Iraq names, nor a region), if it names nowhere Iraq, an Iraqi place
    or Iraqis; else nothing. A figure after such a name is that country's (*… withdrawal from Afghanistan
    in 2021, there are still about 30,000 U.S. troops*); one before it may be Iraq's, named in an earlier
    paragraph (*2,500 troops in the country and 900 in Syria*)."""
    words = {t.lower_ for t in doc}
    if _names_iraq(words, lex) or not words.isdisjoint({"iraqis", "baghdad"}):
        return []
    return [t.i for t in doc if t.ent_type_ == "GPE" and t.lower_ in lex.non_iraq_places and t.lower_ not in ("iran", "iran's")]


def _parenthesised_for_other(span: "Span", lex: Lexicon) -> bool:
    """A bare number in brackets after another country's name is that country's (*the United States
    (250,000 troops), the United Kingdom (45,000), Australia (2,000)*), and one in brackets after a place
    outside Iraq is of that place (*32,000 in Afghanistan (being increased to over 50,000 in the next year)*)."""
    doc = span.doc
    opening = next((t.i for t in reversed(doc[span.sent.start:span.start]) if t.text in ("(", ")")), None)
    if opening is None or doc[opening].text != "(" or opening < 1:
        return False
    named = doc[opening - 1]
    if named.lower_ in lex.non_iraq_places and named.ent_type_ in ("GPE", "LOC") and not (
            named.dep_ == "conj" and _names_iraq({t.lower_ for t in named.head.subtree}, lex)):
        return True  # (not after "inside Iraq and Syria (beyond the 3,100 now there …)": both places)
    if opening != span.start - 1 or span.end >= len(doc) or doc[span.end].text != ")":
        return False
    return named.ent_type_ in ("GPE", "NORP") and _owner_of_phrase([named], lex) == "other"


def _never_troops(noun: "Token", lex: Lexicon) -> bool:
    """The noun is one of the lexicon's ``non_troop_nouns`` (*Iraqis*, *detainees*, *staff* …)."""
    return noun.lemma_.lower() in lex.non_troop_nouns or noun.lower_ in lex.non_troop_nouns


def _follows_a_count_of_others(span: "Span", spans: list["Span"], lex: Lexicon) -> bool:
    """A bare number that continues a count of others in its sentence (*some 25,000 detainees …, up from
    only about 14,000*): the count before it, not a force named elsewhere, is what it counts."""
    before = [o for o in spans if o.sent.start == span.sent.start and o.end <= span.start]
    noun = _counted_noun(before[-1]) if before else None
    return noun is not None and _never_troops(noun, lex)


def _changed_level(span: "Span", lex: Lexicon) -> "Token | None":
    """The level noun a change verb changes when the number is what it changes to or from (*reduce the
    number of staff … from 486 to 349*), or ``None``."""
    verb = _endpoint_verb(span.root)
    if verb is None:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in lex.level_nouns), None)


def _counts_others(noun: "Token", lex: Lexicon) -> bool:
    """The number counts people who are never U.S. troops in Iraq: a noun of the lexicon's
    ``non_troop_nouns`` (*100,000 Iraqis*, *349 staff*, *25,000 detainees*), a noun whose own phrase names
    another owner (*26,000 registered members of these local militias*), people a place is staffed by or
    employs (*staffed by more than 16,000 personnel*), or the dead and wounded
    (*left at least 110 service members with traumatic brain injuries*)."""
    if _never_troops(noun, lex):
        return True
    if governing_verb(noun).lemma_.lower() in ("staff", "employ"):
        return True  # "the embassy … were staffed by more than 16,000 personnel": its staff
    if noun.lemma_.lower() in lex.level_nouns:  # "reduce the number of staff at its embassy … from 486 to 349"
        return any(_never_troops(g, lex) for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj")
    if not _is_force_noun(noun, lex) and _owner(noun, lex) == "other":
        return True  # "members of these local militias", "the movement is thought to have about 100,000 members"
    holders = (noun, noun.head) if noun.dep_ == "dobj" else (noun,)
    injured = [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "with"
               for g in c.children if g.dep_ == "pobj"]
    return any(g.lemma_.lower() in lex.casualty_lemmas for g in injured)


def _trained_by_us(token: "Token", lex: Lexicon) -> bool:
    """The subject of a passive of training or advising whose agent is the United States (*3,000 of whom
    were trained by the US*, *soldiers advised by American troops*), or forces *trained and equipped*: those
    trained, never U.S. troops."""
    def by_us(verb: "Token") -> bool:
        return verb.lemma_.lower() in _TRAINING_VERBS and any(
            c.dep_ == "agent" and any(_marks_us(t, lex) for t in c.subtree) for c in verb.children)

    def trained_and_equipped(verb: "Token") -> bool:  # "forces 'trained and equipped'": the term for partners' forces
        return verb.lemma_.lower() in _TRAINING_VERBS and any(
            c.dep_ == "conj" and c.lemma_.lower() in _TRAINING_VERBS for c in verb.children)

    # the subject of the passive, or the noun a participle describes ("a force of less than 8,000 elite troops
    # built by the United States")
    return token.dep_ == "nsubjpass" and by_us(token.head) or any(
        c.dep_ == "acl" and c.tag_ == "VBN" and (by_us(c) or trained_and_equipped(c)) for c in token.children)


#: Verbs of what U.S. forces do for others' forces.
_TRAINING_VERBS = frozenset({"train", "advise", "equip", "arm", "mentor", "assist", "build", "raise", "fund"})


def _has_own_place(token: "Token") -> bool:
    # "in neighboring Syria" is parsed as a verb "neighboring" with the place as its object
    return any(c.dep_ == "prep" and any(g.ent_type_ in ("GPE", "LOC") for g in (
        *c.children, *(o for g in c.children if g.dep_ == "pcomp" for o in g.children if o.dep_ == "dobj")))
        for c in token.children)


def _is_casualty(noun: "Token", span: "Span", lex: Lexicon) -> bool:
    if any(c.dep_ in ("acl", "amod", "relcl") and c.lower_ in ("fallen", "slain", "lost") for c in noun.children):
        return True  # "4,500 American troops fallen in Iraq" ("troop levels have fallen to 2,500" is a level)
    near = [noun, noun.head, noun.head.head, *noun.children, *span.root.children,
            *(c for r in noun.children if r.dep_ == "relcl" for c in r.conjuncts),  # "soldiers who fought and died"
            *(c for c in noun.head.children if c.dep_ == "xcomp")]  # "… 5,000 US soldiers are estimated to have died"
    if noun.head.lower_ == "of":
        near.append(noun.head.head)
        # "Number of U.S. soldiers killed in the Iraq conflict: 4,486" (the parse hangs "killed" on "Number")
        near += [c for c in noun.head.head.children if c.dep_ in ("acl", "relcl")]
    if span.root.head.lower_ == "of":
        near.append(span.root.head.head)  # "the deaths of hundreds of troops": the number heads the phrase
    for of in (noun.head, span.root.head):
        if of.lower_ == "of" and of.head.dep_ in ("nsubj", "nsubjpass"):
            near.append(of.head.head)  # "a total of 3,752 U.S. troops have died": the verb of the phrase's head
    first = first_conjunct(span.root)
    if first is not span.root:
        near.append(first.head)  # "a war that killed hundreds of thousands of Iraqis and thousands of U.S. troops"
    for taker in {noun.head, first.head, first_conjunct(noun).head}:
        # "a war that left … nearly 4,500 American soldiers dead": what the verb leaves its object as;
        # "136 personnel were classified as having been killed": what they are counted as
        near += [c for c in taker.children if c.dep_ == "oprd"]
        near += [g for c in taker.children if c.dep_ == "prep" and c.lower_ == "as"
                 for g in c.children if g.dep_ in ("pcomp", "pobj", "acomp")]
    return any(t.lemma_.lower() in lex.casualty_lemmas or t.lower_ in lex.casualty_lemmas for t in near)


#: Determiners that make a force the whole one there ("the 5,200 troops", "all 50,000", "its remaining"), so a
#: change it is the object of starts from it rather than moving it.
_DEFINITE_DETERMINERS = frozenset({"all", "the", "its", "their", "remaining", "these", "those"})
#: Verbs of troops going away: their subject is the number leaving ("hundreds of troops will leave Iraq").
_LEAVING_VERBS = frozenset({"leave", "depart", "withdraw", "exit"})


def _is_change(noun: "Token", span: "Span", qualifier_start: int, lex: Lexicon, elided: bool = False) -> bool:
    doc = span.doc
    if span.label_ == "LEVEL_BEFORE":
        return False  # "a drawdown of US troops from 5,200 to 3,000": the level the change starts from
    own = [] if elided else [c for c in noun.children if c.dep_ in ("amod", "advmod", "det", "compound")]
    modifiers = own + list(span.root.children)
    _, postfix_end = _postfix_qualifier(doc, span)
    modifiers = [t for t in modifiers if not (qualifier_start <= t.i < span.end or span.end <= t.i < postfix_end)]  # "more than", "or more"

    def another_level() -> bool:  # "another 50,000 would remain" (the rest of the force), "another 2,500 in Iraq"
        return _remains(span.root) or _remains(noun) or _another_place(span, noun, lex)

    if any((t.lemma_.lower() in lex.increment_markers or t.lower_ in lex.increment_markers)
           and not (t.lower_ == "another" and another_level()) for t in modifiers):
        return True
    after = span.end
    while after < len(doc) and doc[after].is_quote:
        after += 1  # 'deploy "certainly hundreds" more troops'
    nxt = doc[after] if after < len(doc) else None
    if nxt is not None and nxt.lower_ in ("more", "additional", "extra"):
        return True
    if not elided and noun.i + 1 < len(doc) and doc[noun.i + 1].lower_ in ("more", "fewer", "less") and noun.i + 1 in (
            noun.head.i, *(c.i for c in noun.children)):
        return True  # "for another year, but with 1,000 troops fewer": the difference, not a level
    k = qualifier_start - 1
    while k > 0 and doc[k].lower_ in ("perhaps", "possibly", "maybe", "probably", "likely", "only", "just"):
        k -= 1  # "reduce ... by perhaps 20,000 to 30,000 troops"
    before = doc[k] if k >= 0 and qualifier_start > 0 else None
    if before is not None and before.lower_ == "by" and any(
            t.lemma_.lower() in lex.change_verbs or t.lemma_.lower() in lex.change_nouns
            for t in (before.head, *(c for c in before.head.children if c.dep_ == "dobj"))):
        # "reduce by 1,000", "approved an increase of the authorized level by 217"; not "backed by 5,000 advisers"
        return True
    if before is not None and before.lower_ == "another" and not another_level():
        return True
    if not elided:
        noun = _counted_phrase_head(noun, span.root)  # "withdraw hundreds of troops": the phrase is headed by the number
    determiners = {c.lower_ for c in noun.children if c.dep_ in ("det", "predet", "poss")}
    # "the departure of all 50,000 U.S. troops": "all" may hang on the number or stand just before it
    determiners |= {c.lower_ for c in span.root.children if c.lower_ in ("all", "the")}
    if qualifier_start > 0 and doc[qualifier_start - 1].lower_ in ("all", "the"):
        determiners.add(doc[qualifier_start - 1].lower_)
    if qualifier_start > 1 and doc[qualifier_start - 2].lower_ == "all" and doc[qualifier_start - 1].lower_ == "but":
        return False  # "ordered all but 50,000 troops to leave": the level that stays
    definite = bool(determiners & {"all", "the", "its", "their", "remaining", "these", "those", "last"})
    if not elided and not definite and _moved_by_its_clause(noun, span, lex):
        return True
    if elided and span.root.dep_ == "pobj" and span.root.head.lower_ == "of" \
            and span.root.head.head.lemma_.lower() in lex.change_nouns \
            and any(c.lower_ in ("a", "an") for c in span.root.head.head.children):
        return True  # "… to 2,500, a reduction of 500": the amount of the change
    subject = noun if noun.dep_ in ("nsubj", "nsubjpass") else span.root if span.root.dep_ in ("nsubj", "nsubjpass") else None
    absolute = subject is not None and subject.head.dep_ == "pcomp" and subject.head.head.lower_ == "with"
    # "5,700 troops will come home", "about 20,000 troops are to return home"
    going_home = subject is not None and any(
        verb.lemma_.lower() in ("come", "go", "return", "head") and any(c.lower_ == "home" for c in verb.children)
        for verb in (subject.head, *(c for c in subject.head.children if c.dep_ == "xcomp")))
    # "Of those 92,000 new troops, 21,500 will be going to Iraq": the number moving in
    going_in = subject is not None and subject.head.lemma_.lower() in ("go", "head", "move") and any(
        c.dep_ == "prep" and c.lower_ in ("to", "into") for c in subject.head.children)
    own_determiners = {c.lower_ for c in span.root.children if c.dep_ in ("det", "predet", "poss")} if elided else determiners
    if going_in and not own_determiners & _DEFINITE_DETERMINERS:
        return True
    # "hundreds of US service members are expected to depart Iraq": the verb or the clause it goes on with
    # (an active verb: "18,000 troops should be left behind", "would be left in Iraq" are the levels that stay)
    leaving = subject is not None and any(
        verb.lemma_.lower() in _LEAVING_VERBS and not any(c.dep_ == "auxpass" for c in verb.children)
        for verb in (subject.head, *(c for c in subject.head.children if c.dep_ == "xcomp")))
    if not elided and subject is not None and (leaving and not absolute or going_home) \
            and not determiners & _DEFINITE_DETERMINERS:
        return True  # "hundreds of troops will leave Iraq", "5,700 troops will come home": the number leaving
        # ("with 95,000 troops left" is the level that remains)
    if not elided and any(c.dep_ in ("amod", "acl", "advmod", "relcl") and c.lemma_.lower() in (
            "present", "station", "base", "deploy", "currently", "now", "already", "remain") for c in noun.children):
        return False  # "withdraw some 5,000 U.S. troops present in different parts of Iraq": the level there now
    verb = noun.head if noun.dep_ in ("dobj", "nsubjpass") and not elided else None
    if verb is not None and span.text.lower() in ("hundreds", "thousands") and verb.lemma_.lower() in (
            "send", "deploy", "pour", "dispatch", "rush"):
        return True  # "poured in thousands of troops": an unnamed amount sent ("sent a few hundred advisers back" may be the level)
    if verb is not None and verb.lemma_.lower() in lex.change_verbs:
        return not determiners & {"all", "the", "its", "their", "remaining"}
    if verb is not None and verb.lemma_.lower() in ("get", "bring") and any(
            c.dep_ in ("prt", "advmod", "prep") and c.lower_ in ("out", "home") for c in verb.children):
        return not determiners & {"all", "the", "its", "their", "remaining"}  # "getting 156,000 troops out of Iraq"
    if elided and span.root.dep_ == "pobj" and span.root.head.lower_ in ("from", "to"):
        return False  # "the reduction of American forces from 60,000 to 50,000": the levels before and after
    # "a pullout of 2,000 troops", "a surge of 20,000 soldiers": an amount moved; "the pullout of the 5,200" is not
    # (an elided figure's antecedent may be the object of a change it has no part in: "a reduction of troops
    # in Iraq to 30,000 … considering that around 44,500 are on the ground now")
    if not elided and noun.dep_ == "pobj" and noun.head.lower_ == "of" and _noun_lemma(noun.head.head) in lex.change_nouns:
        return not determiners & {"all", "the", "its", "their", "remaining"}
    return False


def _named_by_a_change(noun: "Token", lex: Lexicon) -> bool:
    """An indefinite force that a change noun names as its amount, as a modifier or in apposition (*Shift in
    Iraq Forces: Drawdown 80,000 troops, leaving 60,000 …*; *Option two: Reduction 40,000 troops*)."""
    if any(c.dep_ in ("det", "poss", "predet") and c.lower_ in _DEFINITE_DETERMINERS for c in noun.children):
        return False
    return any(c.dep_ in ("nmod", "compound") and _noun_lemma(c) in lex.change_nouns for c in noun.children) \
        or noun.dep_ == "appos" and _noun_lemma(noun.head) in lex.change_nouns


def _noun_lemma(token: "Token") -> str:
    """The lemma of a noun, joined to the verb it was split from (*a draw down of 40,000 troops*: *drawdown*)."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    if token.lower_ in ("down", "out", "up") and before is not None and before.lemma_.lower() in ("draw", "pull", "build"):
        return before.lemma_.lower() + token.lower_  # whatever the parse hung "down" on
    return token.lemma_.lower()


def _american_share(span: "Span", noun: "Token | None", lex: Lexicon) -> "Token | None":
    """The multinational force of which this number counts the Americans (*8,000 personnel, including
    4,500 Americans*; *3,500 foreign soldiers in Iraq, 2,500 of them Americans*): the U.S. level."""
    if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ in ("including", "among") \
            and noun.ent_type_ == "NORP" and _marks_us(noun, lex):
        whole = noun.head.head
    else:
        people = span.root.head  # "2,500 of them Americans": the number is the subject of "Americans"
        if not (people.ent_type_ == "NORP" and _marks_us(people, lex) and people.i == span.end + 2
                and any(c.lower_ == "of" and any(g.lower_ in ("them", "whom") for g in c.children)
                        for c in span.root.children)):
            return None
        whole = people.head if _is_force_noun(people.head, lex) else _last_force(span.sent[:span.start - span.sent.start], lex)
    return whole if whole is not None and _is_force_noun(whole, lex) else None


def _americans_posted(noun: "Token", lex: Lexicon) -> bool:
    """*Americans* counted where a force is posted (*the roughly 4,000 Americans based there*, *the 2,500
    Americans in Iraq*, *already on the ground*): people, not a force noun, unless placed like one."""
    if not (noun.lower_ == "americans" and _marks_us(noun, lex)):
        return False
    return any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in lex.deployment_verbs or
               c.dep_ == "advmod" and c.lower_ == "there" or
               c.dep_ == "prep" and c.lower_ in ("in", "on", "inside") and any(
                   g.lower_ in ("iraq", "ground", "country") for g in c.children)
               for c in noun.children)


def _another_place(span: "Span", noun: "Token", lex: Lexicon) -> bool:
    """*Another* that moves to a second place, not a second amount: *900 troops in Syria and another
    2,500 in Iraq*. The figure is placed in Iraq and the sentence placed another force elsewhere before it."""
    own_place = any(c.dep_ == "prep" and c.lower_ in ("in", "inside") and any(
        g.lower_ == "iraq" for g in c.children) for t in (span.root, noun) for c in t.children)
    before = [t for t in span.sent if t.i < span.start]
    return own_place and any(t.lower_ in lex.non_iraq_places and t.ent_type_ in ("GPE", "LOC") for t in before)


#: Verbs of moving troops in or out: a number whose troops are about to be moved by one is the amount moved.
_MOVING_VERBS = frozenset({"deploy", "send", "dispatch", "remove", "withdraw", "pull", "redeploy", "return", "arrive",
                           "depart", "evacuate", "rotate", "ship"})
#: Verbs that take a level to a new value ("bring the total to 5,000"): their subject is what moved it.
_RESULT_VERBS = frozenset({"bring", "raise", "push", "boost", "lift", "take", "increase", "swell"})


def _raised_up_to(span: "Span", qualifier_start: int) -> bool:
    """*up to* is the particle and preposition of a result verb, not a ceiling on the number: the verb's
    object stands just before it (*brings the force up to 135,000 troops*, *will bring it up to 5,000*);
    without such an object *bring up to 10,000 troops* is an amount of at most 10,000."""
    doc = span.doc
    if qualifier_start < 1 or [t.lower_ for t in doc[qualifier_start:qualifier_start + 2]] != ["up", "to"]:
        return False
    token = doc[qualifier_start - 1]
    while token.dep_ != "dobj" and token.head.i != token.i and token.head.right_edge.i == qualifier_start - 1:
        token = token.head  # from the object's last word to the object ("the number of troops")
    return token.dep_ == "dobj" and token.right_edge.i == qualifier_start - 1 and token.head.lemma_.lower() in _RESULT_VERBS


#: Verbs of a purpose clause that make its subject an amount sent in ("… needed to reinforce", "… to join").
_REINFORCING_VERBS = frozenset({"reinforce", "bolster", "augment", "supplement", "join", "replace", "relieve"})


def _moved_by_its_clause(noun: "Token", span: "Span", lex: Lexicon) -> bool:
    """An indefinite number of troops that its own clause moves (the amount, not a level): the subject of
    *bring the total to N* (*the 600 service members will bring the total number … to 5,000*), the
    subject of a future passive of moving (*615 troops will be deployed*, *a brigade of
    3,500 troops would be removed*), troops *out of Iraq* (*a target of 90,000 soldiers out of Iraq*),
    troops a participle moves (*thousands of troops returning in 2014*), the subject of a purpose to
    reinforce or join (*6,000 troops were needed to reinforce …*) and what a change involves (*the
    rotation will involve 57,000 troops*)."""
    doc = noun.doc
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head.head  # "a combat brigade of about 3,500 troops would be removed"
    if span.root.dep_ == "nsubj" and span.root.head.tag_ == "VBG" and span.root.head.lemma_.lower() in _MOVING_VERBS:
        return True  # "with thousands of troops returning in 2014"
    verb = noun.head
    if noun.dep_ == "nsubj" and verb.lemma_.lower() in _RESULT_VERBS and any(
            c.dep_ == "dobj" and c.lemma_.lower() in lex.level_nouns for c in verb.children) and any(
            c.dep_ in ("prep", "dative") and c.lower_ == "to" for c in verb.children):
        return True
    if noun.dep_ == "nsubjpass" and verb.lemma_.lower() in _MOVING_VERBS and any(
            c.dep_ == "aux" and c.lower_ in lex.future_auxiliaries for c in verb.children):
        # (not "authorized 4,600 personnel to be deployed", "called for 20,000 troops to be deployed": a level)
        return True
    destined = any(c.dep_ == "prep" and c.lower_ in ("to", "into") for c in verb.children)
    if noun.dep_ == "nsubj" and verb.lemma_.lower() in ("deploy", "return", "arrive", "head", "move") and destined:
        return True  # "1,600 American personnel will deploy to Iraq", "3,000 troops have returned to Iraq"
    if noun.dep_ == "dobj" and verb.lemma_.lower() in ("send", "dispatch", "deploy", "rush", "order") and destined:
        return True  # "announced plans to send up to 300 military advisers to Iraq"
    if noun.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in _REINFORCING_VERBS
                                                  for c in verb.children):
        return True  # "6,000 troops … were needed to reinforce 30,000 Iraqi troops": the number sent in
    if noun.dep_ == "dobj" and verb.lemma_.lower() in ("send", "deploy", "dispatch") and any(
            c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in _REINFORCING_VERBS for c in verb.children):
        return True  # "plan to deploy 10,000 soldiers and Marines this summer to replace troops": a rotation's amount
    if noun.dep_ == "dobj" and verb.lemma_.lower() in ("involve", "include", "comprise", "total") and any(
            c.dep_ == "nsubj" and any(_noun_lemma(t) in lex.change_nouns for t in (c, *(
                g for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj")))
            for c in verb.children):
        return True  # "the first phase of the latest rotation will involve 57,000 troops": the number moved
    if noun.i + 2 < len(doc) and doc[noun.i + 1].lower_ == "out" and doc[noun.i + 2].lower_ == "of" \
            and not doc[noun.i + 3: noun.i + 4].text[:1].isdigit():
        return True
    if any(c.dep_ == "acl" and c.tag_ == "VBG" and c.lemma_.lower() in _LEAVING_VERBS
           for c in (*noun.children, *span.root.children)):
        return True  # "has hundreds of U.S. troops leaving by September 2025"
    return any(c.dep_ == "acl" and c.lemma_.lower() in _MOVING_VERBS and (c.tag_ == "VBG" or any(
        a.dep_ == "aux" and a.lower_ == "to" for a in c.children)) for c in (*noun.children, *span.root.children))


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


_MONTHS = {m: k for k, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
#: Days of the week (*as of Thursday*, *by Saturday*: a day of the week a news report was written).
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SEASONS = {"spring": 4, "summer": 7, "fall": 10, "autumn": 10, "winter": 12}
#: Verbs that state where or how large a force is, rather than a change to it.
_STATIVE_VERBS = frozenset({"be", "remain", "base", "station", "deploy", "authorize", "authorise", "number", "total",
                            "stand", "have"})
#: Nouns of a plan or rule: "the current plan" is today's plan, not a mark of today's level.
_PLAN_NOUNS = frozenset({"plan", "timetable", "schedule", "policy", "agreement", "law", "mandate", "strategy", "pace",
                         "deadline"})
_CURRENT_WORDS = {"now", "currently", "already", "still", "today", "presently", "present", "current", "remaining"}
#: The adverbs that, in a level's own phrase or right after it, state it as today's ("3,000 in Iraq currently").
_NOW_ADVERBS = frozenset({"now", "currently", "presently", "already"})
#: The words before a year that put a level in the year after it: "after 2011", "beyond the end of 2011".
_AFTER_YEAR_RE = re.compile(r"\b(after|beyond)\s+(the\s+)?(end\s+of\s+)?(the\s+)?$")
_TARGET_RE = re.compile(r"\b(by|until|till|through|before|in|from|for|after)\s+(the\s+)?((end|middle|start|beginning|close)"
                        r"\s+of\s+)?(the\s+)?$", re.IGNORECASE)


def _published_month(published: int | str | None) -> int | None:
    match = re.match(r"^\s*\d{4}-(\d{2})", str(published or ""))
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class _Figure:
    """What the kind rules read about one figure."""

    span: "Span"
    anchor: "Token"  # the counted noun, or the number itself when elided
    start: int  # first token of the figure (its qualifier included)
    segment: tuple[int, int]  # the figure's stretch of its sentence: between the figures next to it
    published_year: int | None
    published_month: int | None
    others: tuple[tuple[int, int], ...] = ()  # token ranges of the other figures of the sentence


def _segment(span: "Span", others: list["Span"]) -> tuple[int, int]:
    """Token range of the part of the sentence that belongs to this figure: up to the figures before
    and after it (a cue between two figures counts for the nearer), at most 14 tokens either side."""
    sent = span.sent
    start, end = max(sent.start, span.start - 14), min(sent.end, span.end + 14)
    following = None
    for other in others:
        if other.end <= span.start and other.sent.start == sent.start:
            start = max(start, (other.end + span.start) // 2)
        if other.start >= span.end and other.sent.start == sent.start:
            end = min(end, (span.end + other.start + 1) // 2)
            following = other.start if following is None else min(following, other.start)
    if following is not None and end < following:
        # a phrase on the figure the halfway cut would split is the figure's ("2,500 in Iraq at the start |
        # of 2025 and 900 in Syria")
        doc = span.doc
        # (only a phrase on the figure's own path up: not "more than the invasion force in March 2003")
        path = {span.root.i, *(a.i for a in span.root.ancestors)}
        phrase = next((a for a in doc[end - 1].ancestors if a.dep_ == "prep" and span.end <= a.i < end
                       and a.head.i in path), None)
        if phrase is not None:  # (up to a conjunction: a misparse may hang the next figure on the phrase)
            stop = min(phrase.right_edge.i + 1, following)
            end = max(end, next((k for k in range(end, stop) if doc[k].dep_ == "cc" or doc[k].is_punct), stop))
    return start, end


def _explicit_years(figure: _Figure, sent: "Span | None" = None) -> list[tuple[int, int, str]]:
    """``(year, token index, words just before it)`` of the years in the figure's sentence (or in ``sent``),
    also written as a fiscal year or a part of one (*FY2004*, *mid-2005*)."""
    doc = figure.span.doc
    sent = sent if sent is not None else figure.span.sent
    out = []
    for token in sent:
        if _YEAR_RE.match(token.text) and figure.span.start <= token.i < figure.span.end:
            continue
        match = re.fullmatch(r"(?:FY|mid-|early-|late-)?(19[5-9]\d|20\d\d)(?:[-–]\d{2,4})?", token.text)
        if match or re.fullmatch(r"'(\d\d)", token.text):
            year = int(match.group(1)) if match else 2000 + int(token.text[1:])
            out.append((year, token.i, doc[max(sent.start, token.i - 4):token.i].text.lower()))
    return out


#: *in / within / over (the next / coming) N (or M) months*, not counted from another time (*within 16 months of taking
#: office*, *six months after*).
_MONTHS_AHEAD_RE = re.compile(r"\b(?:over|during|in|within) (?:the (?:next|coming) |only )?(?:\w+ (?:to|or) )?"
                              r"(\w+) months\b(?! (?:of|after|from|since|ago|earlier|later|before)\b)")


def _months_ahead(sentence: str) -> int | None:
    """How many months ahead a lower-case sentence sets its deadline (*in the next two or three months*: 3;
    *within 18 months*: 18; *over the next few months*: 3), or ``None``: no such phrase, or the sentence
    names a year or *last year*, so the months may run from another time than publication (*In November of
    last year, … within six months*)."""
    ahead = _MONTHS_AHEAD_RE.search(sentence)
    if not ahead or re.search(r"\blast year\b|\b(19|20)\d\d\b", sentence):
        return None
    word = ahead.group(1)
    count = 3 if word == "few" else _SMALL_NUMBERS.get(word) or (int(word) if word.isdigit() else None)
    return count if count and count <= 60 else None


def _target_year(figure: _Figure, past_plan: bool = False) -> int | None:
    """The year a plan or proposal aims at: an explicit year after *by*, *until*, *in* …, or one
    implied by *next year*, *this month*, a month or season ahead of the publication date. ``past_plan``:
    the plan is told as one of the past (*pre-war plans called for … by the end of 2003*), so its target
    year may be before publication."""
    doc = figure.span.doc
    lo, hi = figure.segment
    sent = figure.span.sent
    pub, month = figure.published_year, figure.published_month
    if past_plan:
        pub = None
    # A level kept "after 2011" or "beyond 2011" is one for the year after it (not after a month: "after
    # March 2009" is still 2009).
    explicit = [(year + 1 if _AFTER_YEAR_RE.search(before + " ") else year, i, before)
                for year, i, before in _explicit_years(figure)]
    targets = [year for year, _, before in explicit if (pub is None or year >= pub) and (
        _TARGET_RE.search(before + " ") or re.search(
        r"\b(by|until|through|before|in|during|end of|beyond|as of)\b", before) or re.search(
        r"\bafter\s+" + _MONTH_NAME + r"\s*(\d{1,2})?,?\s*$", before))]
    own = [(year, i) for year, i, _ in explicit if lo <= i < hi and year in targets]
    if own:
        # the nearest ("… 135,600 in FY2009, 88,300 in FY2010": each its own)
        return min(own, key=lambda yi: _distance((figure.span.start, figure.span.end), yi[1]))[0]
    next_figure = min((start for start, _ in figure.others if start >= figure.span.end), default=sent.end)
    after_text = " ".join(t.lower_.strip(".") for t in doc[figure.span.end:next_figure])
    named_before = any(i < figure.span.start for year, i, _ in explicit if year in targets)
    if pub is not None and month != 12 and not named_before and re.search(r"^\W*(\w+ ){0,3}(by|before) the end of the year\b",
                                                                       after_text):
        return pub  # "drop to 115,000 by the end of the year and to 50,000 by summer 2010"
    stretch = " ".join(t.lower_ for t in doc[lo:hi])
    if targets and pub is not None and re.search(r"\bnext (year|spring|summer|fall|autumn|winter)\b", stretch):
        # its own "by next summer" before another figure's year ("… fewer than 100,000 by next summer
        # and then to 50,000 by mid-2005")
        return pub + 1
    if targets:
        return targets[0]
    carried = _carried_target_year(figure, pub)
    if carried is not None:
        return carried
    if pub is None:
        return None
    words = [t.lower_.strip(".") for t in sent]
    text = " ".join(words)
    if re.search(r"\bnext year\b|\b(after|beyond) (the )?(end of )?(this|the) year\b|\bafter (the|this) year[- ]end\b",
                 text):
        return pub + 1  # "leaving about 3,000 troops after this year"
    this = re.search(r"\b(this|later this|the end of this|by the end of the) (year|month|week|spring|summer|fall|autumn|winter)\b"
                     r"|\bby (the )?year ?'?s end\b|\bby year[- ]end\b", text)
    if this or re.search(r"\bnext (month|week)\b|\b(the )?end of the month\b", text) and month != 12:
        return pub
    if re.search(r"\bin (a|the) (very )?short (period of )?time\b|\bin short order\b|\bin the coming (days|weeks)\b"
                 r"|\bwithin (the next |the coming )?(days|weeks|a matter of (days|weeks))\b", text):
        return pub  # "down to about 2,000 soldiers in a very short period of time"
    months_ahead = _months_ahead(text)
    # "over the next six months" said in March: this year; "within 18 months" in February 2009: 2010. A deadline in
    # a sentence told in the past ("insisted on 100,000 troops, believing he could pull them out in 6 months") runs
    # from the time told, not from publication.
    if months_ahead is not None and month is not None and _tense(governing_verb(figure.anchor)) != "past":
        return pub + (month + months_ahead - 1) // 12
    if re.search(r"\b(\d+|a few|few) (days|weeks)\b", text) and month is not None and month < 12:
        return pub  # "with 40 days to reach the milestone of 50,000 troops"
    if re.search(r"\bnext month\b", text) and month == 12:
        return pub + 1
    if re.search(r"\bnext (spring|summer|fall|autumn|winter)\b", stretch):
        return pub + 1  # "cutting the number to fewer than 100,000 by next summer"
    # a month or season ahead: in the figure's stretch of the sentence, else (after by/until/before/for) in
    # the rest of it ("… to about 150,000 from a current level of 138,000 … for elections set for Jan. 30")
    stretches = ((range(lo, hi), ("by", "until", "before", "in", "of", "through", "the", "for", "after", "beyond")),
                 (range(sent.start, sent.end), ("by", "until", "before", "for", "in", "after", "beyond")))
    for indices, prepositions in stretches:
        for k in indices:
            word = doc[k].lower_.strip(".")
            target = _MONTHS.get(word) or _SEASONS.get(word)
            preposition = k - 2 if k > 1 and doc[k - 1].lower_ in ("late", "early", "mid") else k - 1  # "by late July"
            if target and preposition >= 0 and doc[preposition].lower_ in prepositions:
                year = pub if month is None or target >= month else pub + 1
                if target == 12 and any(t.lower_ in ("after", "beyond") for t in doc[max(sent.start, k - 2):k]):
                    return year + 1  # "to stay beyond Dec. 31", "after the December 31 deadline": the next year
                return year
    return None


def _carried_target_year(figure: _Figure, pub: int | None) -> int | None:
    """A plan's target year named in the sentence before the figure's, when the figure's sentence goes on
    with the same plan and names no time of its own (*… withdraw combat forces by August 2010. The plan
    would leave 30,000 to 50,000*; *… until August 2010. Even by that date, 35,000 to 50,000 will
    remain*)."""
    doc, sent = figure.span.doc, figure.span.sent
    if sent.start == 0:
        return None
    names_a_month_or_season = any(t.text[:1].isupper() and t.lower_.strip(".") in _MONTHS or t.lower_ in _SEASONS for t in sent)
    if names_a_month_or_season or re.search(r"\b(next|this|last) (year|month|week)\b|\btoday\b", sent.text.lower()):
        return None  # the figure's own sentence names a time: it is not carried over
    before = doc[sent.start - 1].sent
    years = [year + 1 if _AFTER_YEAR_RE.search(words + " ") else year
             for year, _, words in _explicit_years(figure, before)
             if re.search(r"\b(by|until|through|before|end of|beyond|after)\b", words)]
    years = [y for y in years if pub is None or y >= pub]
    return years[-1] if years else None


#: Nouns that, after *at*, date a level to the force's largest size (*at the height of the occupation*).
PEAK_NOUNS = frozenset({"height", "peak", "heyday", "high"})


def _next_number_start(figure: _Figure) -> int:
    """Where the next number of the figure's sentence after it starts (the end of the text if none)."""
    return min((start for start, _ in figure.others if start >= figure.span.end), default=len(figure.span.doc))


def _peak_of(figure: _Figure) -> "Token | None":
    """The noun of *the peak / high / height of* N when the figure is that N (*a record high of 168,000*)."""
    doc, first = figure.span.doc, figure.start
    if first >= 2 and doc[first - 1].lower_ == "of" and doc[first - 2].lower_ in PEAK_NOUNS:
        return doc[first - 2]
    return None


def _current_of_a_plan(token: "Token") -> bool:
    """*current* describing a plan (*Under the current plan, about 50,000 soldiers would be left*): no mark
    of today's level."""
    return token.lower_ == "current" and token.head.lemma_.lower() in _PLAN_NOUNS


#: a year that *since* governs (*since 2003*, *since late 2014*, *since the end of 2011*, *since the 2011 withdrawal*) starts a
#: span of time and dates no level; one that only follows *since* (*since its peak in 2007, when 170,000 …*) may.
_SINCE_YEAR_RE = re.compile(r"\bsince(?:\s+(?:early|late|mid-?|the (?:end|start|beginning|middle|spring|summer|fall|autumn|"
                            r"winter) of|the|" + _MONTH_NAME + r"|\d{1,2})|,)*\s*$")


def _past_year(figure: _Figure, relative_to_years: bool = True) -> int | None:
    """The past year a historical figure refers to: the nearest year before publication in its stretch
    of the sentence (else in the sentence), or one implied (*a year earlier*, *N years ago*, *last year*)."""
    doc = figure.span.doc
    pub = figure.published_year
    lo, hi = figure.segment
    years = [(y, i) for y, i, before in _explicit_years(figure)
             if (pub is None or y <= pub) and not _SINCE_YEAR_RE.search(before)]
    sent = figure.span.sent
    # the level before a change is dated by the change's time, which often follows the level after it
    # ("cut the force from 5,200 to 3,000 last month")
    text = doc[lo:min(sent.end, hi + 16) if figure.span.label_ == "LEVEL_BEFORE" else hi].text.lower()
    comma = next((t.i for t in doc[sent.start:min(sent.end, sent.start + 6)] if t.text == ","), None)
    # a time opening the sentence ("Late last year, Trump reduced … from 3,000 to 2,500") holds for a figure
    # whose sentence names no year
    opening = doc[sent.start:comma].text.lower() + " " if comma is not None and lo >= comma and not years else ""
    decade = re.search(r"\b(a|one|two) decades? ago\b", text)
    if decade and pub is not None:
        return pub - 10 * (2 if decade.group(1) == "two" else 1)  # "from 20,000 a decade ago"
    relative = re.search(r"\b(a|one|two|three|four|five|\d+) years? (earlier|before|ago)\b|\blast year\b", opening + text)
    if relative:
        word = relative.group(1) or "1"
        n = 1 if word in ("a", "one") or relative.group(0) == "last year" else _SMALL_NUMBERS.get(word) or int(word)
        anchor = [y for y, i in years if i < figure.span.start and "earlier" in relative.group(0) or "before" in relative.group(0)]
        base = anchor[-1] if anchor and relative_to_years else pub
        return base - n if base is not None else None
    if pub is not None and re.search(r"\bthis year\b|\b(this|last|on|by|as of|until) (" + "|".join(_WEEKDAYS) + r")\b|"
                                     r"\blast week\b|\bearlier this (month|week)\b|"
                                     r"\b(a few |several |two |three )?(days|weeks) (ago|earlier)\b", text):
        return pub  # "the usual level this year has been about 138,000"; "by Saturday, fewer than 3,000"; "last week"
    if pub is not None and re.search(r"\blast month\b", text):
        return pub - 1 if figure.published_month == 1 else pub
    if re.search(r"\b(that|the same) year\b|\bat (that|the) time\b", text):  # "later that year": the year named before it
        earlier = [int(m.group(1)) for m in _YEAR_IN_TEXT_RE.finditer(doc.text[:doc[lo].idx])]
        if earlier:
            return earlier[-1]
    years = [(y, i) for y, i in years if not _in_later_clause(figure, i)]
    owned = [(y, i) for y, i in years if _owns(figure, i)]
    pool = owned or ([] if figure.others else years)
    if not pool:
        return _past_month_year(figure)
    return min(pool, key=lambda yi: (_in_conjunct_before(figure, yi[1]),
                                     _distance((figure.span.start, figure.span.end), yi[1])))[0]


def _in_later_clause(figure: _Figure, i: int) -> bool:
    """A year after the figure in a clause coordinated with the figure's, with a subject of its own, dates
    that clause's event (*… peaked at more than 150,000 at the height of the war, and they will bring the
    level back to where it was in 2015*: not 2015)."""
    doc = figure.span.doc
    if i < figure.span.end:
        return False
    figure_heads = {t.i for t in _path_up(doc[figure.span.end - 1], 12)} | {figure.span.end - 1}
    for token in [doc[i], *_path_up(doc[i], 12)]:
        if token.i in figure_heads:
            return False
        if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and token.i > figure.span.end \
                and any(child.dep_ in ("nsubj", "nsubjpass") for child in token.children):
            return True
    return False


def _in_conjunct_before(figure: _Figure, i: int) -> bool:
    """A year before the figure with a coordinating word between them belongs to the conjunct before it
    (*more than 100,000 in Afghanistan in 2011 and over 160,000 in Iraq in 2007*: 2007, not 2011)."""
    doc = figure.span.doc
    return i < figure.span.start and any(t.text.lower() in _CONJUNCT_WORDS for t in doc[i + 1:figure.span.start])


def _past_month_year(figure: _Figure) -> int | None:
    """The year of a past month named in the figure's stretch without a year (*down from 160,000 during
    the December elections*, written in March 2006: December 2005), or ``None``."""
    doc = figure.span.doc
    pub, month = figure.published_year, figure.published_month
    if pub is None or month is None:
        return None
    lo, hi = figure.segment
    sent_start = figure.span.sent.start
    opening = range(sent_start, min(lo, sent_start + 4))  # "In late December, Rumsfeld announced … from 150,000 to 132,000"
    for k in (*range(max(lo, 1), hi), *opening):
        named = _MONTHS.get(re.sub(r"^(mid|early|late)-", "", doc[k].lower_).strip("."))
        if not named or not doc[k].text[:1].isupper() or k + 1 < len(doc) and re.fullmatch(r"(19|20)\d\d", doc[k + 1].text):
            continue
        words = [t.lower_ for t in doc[max(0, k - 3):k]]
        if words[-1:] == ["last"]:
            return pub if named < month else pub - 1  # "Last January the level rose to 160,000", written in August
        # "in December" (not "the August drawdown", a month ahead); or, the figure being already read as
        # history, a month named as a point in time ("surged to 160,000 for the October elections", "as of
        # August 13, there were approximately 1,000", "as recently as June, when the U.S. force stood at 125,000"):
        # the latest such month before publication
        if words[-1:] in (["in"], ["during"], ["since"]) or words[-2:-1] in (["in"], ["during"], ["since"]) and \
                words[-1] in ("the", "late", "early", "mid") or \
                doc[k].pos_ == "PROPN" and words[-1:] in (["of"], ["as"], ["the"]) and not _day_heading(figure.span)[0]:
            return pub if named <= month else pub - 1
    return None


_LATER_EARLIER_RE = re.compile(r"\b(days?|weeks?|months?)\s+(later|earlier|before|ago)\b|\blast (week|month)\b", re.IGNORECASE)


def _clause_time(figure: _Figure, verb: "Token") -> int | None:
    """The year of a time expression in the clause of a past-tense level (*which stood at 127,000 on July
    25*, *returned to about 138,000 several weeks later*): an explicit year, else a month or season
    resolved against the publication date (a month after the publication month is last year's), else the
    publication year for *weeks later*, *last month*; on an undated page ``0`` for a month (a past time,
    year unknown). ``None`` if the clause has no time expression or one that names the time of writing
    (*as of*, *today*, *this week*, a weekday)."""
    clause = sorted(_clause_tokens(verb), key=lambda t: t.i)
    text = " ".join(t.lower_ for t in clause)
    if re.search(r"\b(as of|now|currently|today|this (week|month))\b", text):
        return None
    pub, month = figure.published_year, figure.published_month
    if pub is None:
        return 0 if any(_MONTHS.get(t.lower_.strip(".")) and t.ent_type_ == "DATE" for t in clause) else None
    for token in clause:
        if figure.span.start <= token.i < figure.span.end:
            continue
        match = re.fullmatch(r"(?:mid-?|early-?|late-?)?(19[5-9]\d|20\d\d)", token.lower_)
        if match and int(match.group(1)) <= pub:
            return int(match.group(1))
    for token in clause:
        word = token.lower_.strip(".")
        named = _MONTHS.get(word) if token.ent_type_ == "DATE" or token.pos_ == "PROPN" else _SEASONS.get(word)
        if named:
            return pub if month is None or named <= month else pub - 1
    if _LATER_EARLIER_RE.search(text):
        return pub
    return None


def _distance(span: tuple[int, int], i: int) -> float:
    """Tokens between a figure and a year; a year just after a figure (*5,200 in 2019*) is nearer."""
    return i - span[1] if i >= span[1] else span[0] - i - 0.5


def _owns(figure: _Figure, i: int) -> bool:
    """A year belongs to the nearest figure of its sentence (on a tie, to the one before it); a year
    opening the sentence before every figure (*By the end of 2011, …*) sets the time of all of them."""
    if all(i < start for start, _ in (*figure.others, (figure.span.start, figure.span.end))) and \
            i < figure.span.sent.start + 8:
        return True
    mine = _distance((figure.span.start, figure.span.end), i)
    return all(mine <= _distance(other, i) for other in figure.others)


def _path_up(token: "Token", steps: int = 6) -> list["Token"]:
    out = []
    while steps and token.head.i != token.i:
        token = token.head
        out.append(token)
        steps -= 1
    return out


def _change_verb(figure: _Figure, lex: Lexicon) -> "Token | None":
    """The change verb whose *to*/*from* phrase holds the figure (*cut … to 3,000*, *drop from 6,100*)."""
    doc = figure.span.doc
    prep = doc[figure.start - 1] if figure.start > 0 else None
    if prep is None or prep.lower_ not in ("to", "from", "at"):
        return None
    for token in [prep, *_path_up(prep, 4)]:
        if token.lemma_.lower() in lex.change_verbs or token.lemma_.lower() in lex.level_verbs:
            return token
    return None


def _tense(verb: "Token") -> str:
    """``future`` (will, going to, is to, set/expected/scheduled/plan to, headline infinitive), ``progressive``,
    ``perfect``, ``past``, ``conditional`` (would/could/might) or ``present``."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if not aux and verb.dep_ == "conj" and verb.tag_ == "VB" and verb.head.pos_ in ("VERB", "AUX") and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return _tense(verb.head)  # "will switch to … and reduce to 50,000": coordinated verbs share the auxiliary
    aux_words = {a.lower_ for a in aux}
    if not aux and verb.tag_ in ("VBG", "VBN") and (verb.dep_ in ("advcl", "acl", "xcomp", "conj", "relcl", "pcomp") or
                                                    verb.dep_ in ("nsubj", "dobj") and verb.head.pos_ in ("VERB", "AUX")) \
            and verb.head.i != verb.i:  # "a U.S. force numbering 35,000 to 50,000 will stay" (participle read as subject)
        finite = governing_verb(verb.head)
        if finite.i != verb.i and finite.pos_ in ("VERB", "AUX"):
            return _tense(finite)  # "…, drawing down to 43,000", "forces, backed by 5,000 advisers, began …"
    if aux_words & {"will", "'ll", "’ll", "shall"}:
        return "future"
    if verb.lemma_ == "be" and any(c.dep_ == "xcomp" and c.tag_ == "VB" and any(
            a.lower_ == "to" for a in c.children if a.dep_ == "aux") for c in verb.children):
        return "future"  # "50,000 U.S. forces are to remain", "the force is to be cut to …"
    if aux_words & {"would", "could", "might", "may"}:
        return "conditional"
    governors = _path_up(verb, 3)
    if verb.tag_ == "VB" and "to" in aux_words:
        for head in governors:
            if head.lemma_.lower() in ("set", "expect", "schedule", "plan", "go", "slate", "due", "poise", "intend",
                                        "aim", "be", "agree", "decide", "order", "announce"):
                return "future"
        if verb.dep_ in ("ROOT", "xcomp") and not governors:
            return "future"  # a headline: "U.S. force in Iraq to shrink to 1,600"
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" for a in aux):
        return "past" if any(a.tag_ == "VBD" for a in aux) else "progressive"
    if any(a.lemma_ == "have" and a.tag_ in ("VBZ", "VBP") or a.lower_ == "having" for a in aux):
        return "perfect"  # "has dropped", "having drawn down to fewer than 50,000": done by now
    if any(a.lemma_ == "have" and a.tag_ == "VBD" for a in aux):
        return "past"  # past perfect
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    return "present"


def _doing_now(clause: "Token", lex: Lexicon) -> bool:
    """A relative clause telling what the troops do now, in the simple or progressive present (*which are
    training Iraqi troops*, *who operate inside the wire*); not a perfect, a modal, or a plan, proposal or
    change (*the 3,000 troops the United States has committed to send*)."""
    if clause.dep_ != "relcl" or clause.lemma_.lower() in lex.plan_cues | lex.proposal_cues | lex.change_verbs:
        return False
    auxiliaries = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" or a.lemma_ == "have" for a in auxiliaries):
        return False
    return clause.tag_ in ("VBP", "VBZ") and not auxiliaries or clause.tag_ == "VBG" and any(
        a.tag_ in ("VBP", "VBZ") and a.lemma_ == "be" for a in auxiliaries)


#: Nouns of a share of a whole (*half of the 4,000 troops*, *65 percent of the 142,000*).
_PARTITIVE_NOUNS = frozenset({"percent", "half", "third", "quarter", "portion", "part", "most", "majority", "bulk",
                              "fraction", "share", "many", "some"})


def _classify_figure(figure: _Figure, lex: Lexicon) -> tuple[str, int | None]:
    """Kind and year of a figure (definitions in the module docstring), read in this order: a proposal,
    a from/to change, an explicit current marker, marks of the past, a plan, the tense of the clause."""
    doc, span, anchor = figure.span.doc, figure.span, figure.anchor
    pub = figure.published_year
    lo, hi = figure.segment
    segment = [doc[k] for k in range(lo, hi)]
    seg_words = {w for t in segment for w in (t.lower_, t.lemma_.lower())}
    near = {w for t in doc[max(lo, figure.start - 4):min(hi, span.end + 5)] for w in (t.lower_, t.lemma_.lower())
            if not _current_of_a_plan(t)}
    verb = governing_verb(anchor)
    tense = _tense(verb)
    path = [anchor, *_path_up(anchor)]
    path_words = {w for t in path for w in (t.lower_, t.lemma_.lower())}
    # "considering the US once stationed 106,000" is a conjunction, and "what he called a transitional force"
    # a name, not someone weighing or calling for a proposal
    proposing_words = {w for t in path if not (t.lower_ == "considering" and t.dep_ in ("prep", "advcl", "pcomp", "mark"))
                       and not (t.lemma_.lower() == "call" and not any(
                           x.lower_ in ("for", "on") for x in (*doc[t.i + 1:t.i + 4], *t.children)))
                       for w in (t.lower_, t.lemma_.lower())}
    # "worked out options to keep 8,500 to 10,000 troops", parsed with "keep" hanging on the verb: the noun
    # the infinitive follows is what it says
    proposing_words |= {doc[t.i - 2].lemma_.lower() for t in path[1:] if t.i >= 2 and doc[t.i - 1].lower_ == "to"
                        and doc[t.i - 1].dep_ == "aux" and doc[t.i - 2].pos_ == "NOUN"}
    # "the White House is looking at retaining as few as 3,000 troops", "mulling keeping 5,000": a level a
    # deliberation is about is an option, like one that is weighed or considered
    proposing_words |= {"consider" for t in path[1:] if t.tag_ == "VBG" and t.lemma_.lower() in _HOLDING_VERBS
                        and (t.head.lemma_.lower() in _DELIBERATION_VERBS or t.head.lower_ == "at"
                             and t.head.head.lemma_.lower() == "look")}
    # "Under that scenario, the force would have to be drawn down to 38,000-64,000": what the level is under
    proposing_words |= {o.lemma_.lower() for t in path for c in t.children if c.dep_ == "prep" and c.lower_ == "under"
                        for o in c.children if o.dep_ == "pobj"}
    clause_words = {w for t in _clause_tokens(verb) for w in (t.lower_, t.lemma_.lower())}
    sent_text = span.sent.text.lower()

    own_years = [int(m.group(0)) for t in anchor.subtree if not span.start <= t.i < span.end and t.i != span.root.i
                 for m in [_YEAR_TOKEN_RE.fullmatch(t.text)] if m and not any(
                     a.lower_ == "since" or a.dep_ == "relcl" and a.tag_ in ("VBZ", "VBP")
                     for a in t.ancestors if a.i in {x.i for x in anchor.subtree})]
    # (not a year a present-tense relative clause compares with: "there remain 134,000 U.S. soldiers in Iraq,
    # which is almost the same total from 2003")
    if anchor.i != span.root.i and own_years and pub is not None and max(own_years) < pub:
        return "historical", max(own_years)  # "the 161,000 troop level for the Iraqi elections in 2005"
    if anchor.i != span.root.i and own_years and pub is None and tense == "past":
        return "historical", max(own_years)  # undated: "… beefed up troop numbers, with over 5,500 personnel deployed by mid-2016"
    same_time = re.match(r"\W*(that same|the same|that|later that) (month|week|day|year)\b", span.sent.text.lower())
    if same_time and tense == "past" and span.sent.start > 0:
        earlier = [int(m.group(1)) for m in _YEAR_IN_TEXT_RE.finditer(doc[span.sent.start - 1].sent.text)]
        if earlier and (pub is None or earlier[-1] <= pub):
            return "historical", earlier[-1]  # "In December 2023, … That same month, CENTCOM reported that 2,400 …"
    if any(c.dep_ == "relcl" and c.lemma_.lower() in lex.proposal_cues for c in anchor.children):
        return "proposed", _target_year(figure)  # "the 27,000 troops the US generals … sought"
    planning = [c for c in (*anchor.children, *span.root.head.children)
                if c.dep_ == "relcl" and c.lemma_.lower() in lex.plan_cues and c.i > span.end]
    if planning and all(c.lemma_.lower() in ("authorize", "authorise", "approve") and _tense(c) in ("past", "perfect")
                        for c in planning):
        return "current", pub  # "still short of the 300 advisers that President Obama authorized": the ceiling in force
    if planning:
        return "planned", _target_year(figure)  # "the 50,000 level Washington has targeted for the end of the month"
    entry_year = _timeline_entry(span)
    if entry_year is not None:  # "March 2003 -- U.S. troops invade Iraq: 192,000."
        entry = _last_sentence(doc.text[:doc[span.start - 1].idx]).lower()
        words = set(re.findall(r"[a-z]+", entry))
        if words & {"goal", "target", "recommend", "propose"}:
            return "proposed", entry_year
        if words & {"projection", "project", "projected"}:
            return "planned", entry_year
        return "historical", entry_year
    heading_year = _dated_heading(span)
    if heading_year is not None and (pub is None or heading_year <= pub) and tense not in ("future", "conditional"):
        return "historical", heading_year  # "January 2007: U.S. troop levels in Iraq are at 132,000."
    day_headed, day_year = _day_heading(span)
    if day_headed and (day_year is None or pub is None or day_year <= pub) and (
            tense not in ("future", "conditional") or _stated_current(figure, verb, tense, lex)):
        # a chronology's entry ("June 4: … there are now 88,000", "January 25, 2005: the Army expects to keep
        # its troop strength at the current level of about 120,000"): its "now" is the entry's day
        return "historical", day_year if day_year is not None else _past_year(figure)
    # "as of" a recent date opens the latest count, not a timeline (_as_of_year)
    as_of = _as_of_year(figure)
    opening_year = _opening_date(span) if as_of is None else None
    if opening_year is not None and (pub is None or opening_year < pub) and tense == "present":
        return "historical", opening_year  # a timeline's present: "In January 2007, Bush boosts the force to 165,000."
    start_year = _start_of_year(figure, verb)
    if start_year is not None and tense == "past" and (pub is None or start_year <= pub):
        return "historical", start_year  # "U.S. forces began 2020 with about 5,200 troops", "at the start of 2025"
    if opening_year is not None and pub is not None and opening_year < pub and tense == "past":
        return "historical", opening_year  # "By late 2018, there were an estimated 5,200 troops still stationed in Iraq"
    # "2,500 troops in Iraq, down from a peak of 5,200": the marks after "down from" date the earlier level
    marks_end = next((k for k in range(span.end, hi - 1) if doc[k].lower_ in ("down", "up") and doc[k + 1].lower_ == "from"),
                     hi)
    near_words = {w for t in doc[max(lo, figure.start - 4):min(marks_end, max(span.end, anchor.i + 1) + 8)]
                  for w in (t.lower_, t.lemma_.lower())}
    def nearest(words: frozenset[str] | set[str]) -> int:
        hits = [abs(t.i - span.start) for t in doc[max(lo, figure.start - 4):min(hi, max(span.end, anchor.i + 1) + 8)]
                if (t.lower_ in words or t.lemma_.lower() in words) and not _current_of_a_plan(t)]
        return min(hits, default=99)

    marked = bool(near_words & lex.historical_cues) or bool(re.search(
        r"\b(a year earlier|years? ago|last year|at the time|at (its|the) (peak|height|high)|all-time high)\b",
        doc[lo:marks_end].text.lower()))

    # 0. "The 2,500 troops" that a change is about (leave, withdraw, be pulled out): the level before it.
    determiners = {c.lower_ for c in anchor.children if c.dep_ in ("det", "predet", "poss")}
    # a share of them ("remove 65 percent to 75 percent of the 142,000 troops") moves with its verb further up
    # … or a number of them ("will pull out 2,200 of 5,200 troops"): the whole is the level before the change
    numeric_share = len(path) > 2 and path[1].lower_ == "of" and path[2].like_num and path[2].i < figure.start
    reach = 6 if len(path) > 2 and path[1].lower_ == "of" and path[2].lemma_.lower() in _PARTITIVE_NOUNS or numeric_share else 4
    if anchor.i == span.root.i and len(path) > 2 and path[1].lower_ == "of" and _is_force_noun(path[2], lex):
        # "weighs a drawdown in its force of nearly 150,000": the force's determiners, the change above it
        determiners = {c.lower_ for c in path[2].children if c.dep_ in ("det", "predet", "poss")}
        reach = 6
    movers = [*path[1:reach], *(c for t in path[1:reach] for c in t.children if c.dep_ == "xcomp")]  # "are scheduled to leave"
    all_but = doc[max(0, figure.start - 2):figure.start].text.lower() == "all but"  # "withdraw all but 160": what stays
    # "a decrease from the more than 5,000 deployed during the height of the insurgency": the level a change
    # started from is placed at a past peak by its own phrase
    next_other = _next_number_start(figure)
    at_peak = any(t.lower_ in PEAK_NOUNS and t.head.lower_ in ("at", "during") and span.end <= t.i < next_other
                  for t in anchor.subtree)
    if (determiners & _DEFINITE_DETERMINERS or numeric_share) and not all_but and not at_peak and any(
            t.lemma_.lower() in lex.change_verbs | {"leave", "depart", "go", "exit", "stay"} for t in movers):
        past = _past_year(figure)
        finite = next((t for t in path[1:] if t.pos_ in ("VERB", "AUX") and _tense(t) != "present"), verb)
        if _tense(finite) == "past" and (past is not None and (pub is None or past < pub) or seg_words & {"then"}):
            return "historical", past
        return "current", pub

    after_phrase = anchor.right_edge.i + 1
    own_phrase = {t.lower_ for t in anchor.subtree if t.i < next_other}  # not "…—more than twice the 3,500 who now operate"
    # right after the phrase only "currently", "presently", "already": the rule as written and measured on V
    if anchor.i != span.root.i and own_phrase & _NOW_ADVERBS or \
            after_phrase < hi and doc[after_phrase].lower_ in _NOW_ADVERBS - {"now"}:
        return "current", pub  # "any of the 46,000 American troops currently in Iraq should remain", "3,000 in Iraq currently"
    if any(c.dep_ == "advmod" and c.i >= span.end and c.lower_ in _NOW_ADVERBS for c in anchor.children):
        return "current", pub  # "join the 3,100 already in theater"
    if determiners & {"the", "these", "those"} and not marked and any(_doing_now(c, lex) for c in anchor.children):
        return "current", pub  # "he wanted the 2,000 US forces in the country, which are training Iraqi troops, to stay"
    if determiners & {"the", "these", "those"} and not marked and tense != "past" and any(
            c.dep_ in ("acl", "amod") and c.lemma_.lower() in ("station", "base", "deploy") and c.tag_ == "VBN"
            for c in anchor.children):
        return "current", pub  # "the 2,500 U.S. troops stationed in Iraq … will continue their advisory role"
    if as_of is not None and not marked and (tense in ("present", "perfect") or tense == "past" and not as_of) \
            and not (figure.start > 0 and doc[figure.start - 1].lower_ == "to"):
        # "as of late 2024, the presence is approximately 2,500 troops", "as of last month, about 46,000 U.S.
        # troops were deployed": the latest count ("as of December 2009, troops totaled 112,000" is history)
        return "current", (as_of or pub)
    # (what the noun's phrase says belongs to the number nearest it: not to 5,200 in "from 5,200 to less than 3,000
    # soldiers remaining")
    partners_phrase = any(span.end <= start < anchor.i for start, _ in figure.others)
    if any(c.dep_ in ("acl", "amod") and c.lower_ in ("left", "remaining") for c in anchor.children) and not marked \
            and not partners_phrase \
            and tense not in ("future", "conditional") and (pub is None or (_past_year(figure) or pub) >= pub):
        return "current", pub  # "the 46,000 U.S. forces left in the country had hoped to start heading home"
    if after_phrase < hi and doc[after_phrase].lower_ == "when" and doc[after_phrase].head.tag_ == "VBD":
        # "the 130,000 troops in Iraq when Bush ordered the deployment in January 2007": the level then
        return "historical", _year_of_past_event(doc[after_phrase].head, figure)
    if _stated_current(figure, verb, tense, lex):
        return "current", pub  # "from the current level of nearly 160,000", "forces, which now total about 162,000"
    if tense == "perfect" and "since" in clause_words and not (figure.start > 0 and doc[figure.start - 1].lower_ == "from"):
        return "current", pub  # "has stood at about 2,500 since late last year": a level that still holds
    when_clause = next((c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBD" and any(
        w.lower_ in ("when", "before", "after", "until") and w.dep_ in ("advmod", "mark") for w in c.children)), None)
    if tense == "past" and when_clause is not None and not near & _CURRENT_WORDS:
        # "About 132,000 troops were in place when Bush ordered an increase": the level then
        return "historical", _year_of_past_event(when_clause, figure)
    before_event = any(c.lower_ in ("before", "prior") and any(
        g.dep_ == "pobj" or g.lower_ == "to" and any(p.dep_ == "pobj" for p in g.children) for g in c.children)
        for c in verb.children if c.dep_ in ("prep", "advmod"))
    if tense == "past" and before_event and not near & _CURRENT_WORDS:
        # "Prior to the latest announcement, the US maintained a presence of about 2,500 troops": the level
        # before an event is told as history, of the year the sentence names (or a well-known moment's:
        # "before the surge"), else of the publication
        past = _past_year(figure)
        if past is None:
            past = _event_year(doc[lo:hi].text, pub, lex)
        return "historical", past if past is not None else pub
    # 1. A proposal: the figure hangs on a proposing verb or noun, or waits on an approval (the level a
    #    change starts from is today's, not the proposal).
    starting_level = figure.start > 0 and doc[figure.start - 1].lower_ == "from"
    backers = [t for t in path[1:] if t.lemma_.lower() in ("support", "endorse", "back", "champion", "favor", "favour")
               and t.pos_ == "VERB" and not any(c.dep_ == "auxpass" for c in t.children)
               and not (t.tag_ == "VBN" and t.dep_ in ("acl", "amod"))]
    if backers and not starting_level:
        return "proposed", _target_year(figure)  # "Panetta supported a plan to keep 3,000 to 4,000 US troops"
    undecided = any(t.lemma_.lower() in ("decision", "decide") and any(
        c.dep_ in ("neg", "det") and c.lower_ in ("no", "not", "n't") for c in t.children) for t in path[1:])
    unclear = re.search(r"\b(unclear|not (yet |immediately )?clear|uncertain|undecided)\b,? (if|whether)\b", sent_text)
    if (undecided or unclear and span.start_char - span.sent.start_char > unclear.end()) and not starting_level:
        # "no final decision has been made to leave 3,000 troops", "it's still unclear if the military will keep …"
        return "proposed", _target_year(figure)
    if verb.lemma_.lower() == "take" and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children) and any(
            c.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in c.children) for c in verb.children):
        return "proposed", _target_year(figure)  # "it will take hundreds of thousands of troops to occupy Iraq": an estimate
    if verb.tag_ == "VBG" and verb.dep_ == "csubj" and any(
            c.dep_ == "aux" and c.lower_ in ("could", "would", "might", "may") for c in verb.head.children):
        return "proposed", _target_year(figure)  # "leaving at least 10,000 troops beyond 2011 could promote security"
    for below, token in zip(path, path[1:]):
        lemma = token.lemma_.lower()
        changed_in = below.lower_ == "in" and determiners & {"its", "their", "the"} and any(
            t.pos_ == "NOUN" and t.lemma_.lower() in lex.change_nouns
            for t in (token, *(c for c in token.children if c.dep_ == "dobj")))
        if token.pos_ == "NOUN" and lemma in lex.change_nouns | {"ouster", "expulsion"} and below.lower_ == "of" \
                or changed_in:
            # "calls for the ouster of U.S. forces (about 5,200)", "weighing a drawdown in its nearly
            # 150,000-strong force": the level before
            return "current", pub
        if lemma in lex.proposal_cues:
            break
    called_for = re.search(r"\b(call(ed|s|ing)?|ask(ed|s|ing)?|push(ed|es|ing)?|press(ed|es|ing)?|argu(ed|es|ing)) for\s*$",
                           doc[max(lo, figure.start - 3):figure.start].text.lower())
    caller = next((t for t in path[1:] if t.lemma_.lower() == "call" and any(c.lower_ == "for" for c in t.children)), None)
    if caller is not None and any(c.dep_ == "nsubj" and c.lemma_.lower() in lex.plan_cues | {"plan"}
                                                 for c in caller.children):
        # "the original military plan called for us to be down to about 30,000 troops by the fall of 2003"
        return "planned", _target_year(figure, past_plan=_tense(caller) == "past")
    if not starting_level and (called_for or proposing_words & lex.proposal_cues or re.search(r"\bif (approved|the (president|white house|congress) approves?)\b",
                                                   sent_text) or any(t.lower_ in ("should", "ought", "must") and
                                                                     (t.head.i == verb.i or verb.dep_ == "conj" and t.head.i == verb.head.i) for t in doc)):
        return "proposed", _target_year(figure)
    of_level = doc[figure.start - 1].head if figure.start > 0 and doc[figure.start - 1].lower_ == "of" else None
    if of_level is not None and any(c.dep_ == "amod" and c.lower_ in ("previous", "former", "earlier", "old", "original")
                                    for c in of_level.children):
        return "historical", _past_year(figure)  # "slightly below a previous limit of 1,600"
    # 2. Changes: "from X to Y", "to Y from X", "down from X", "cut to Y".
    change = _change_verb(figure, lex)
    change_verb = governing_verb(change) if change is not None else None
    prep = doc[figure.start - 1].lower_ if figure.start > 0 else ""
    before_prep = doc[figure.start - 2].lower_ if figure.start > 1 else ""
    if of_level is not None and of_level.dep_ == "pobj" and of_level.head.lower_ == "from" \
            and of_level.lemma_.lower() in lex.level_nouns | lex.force_nouns:
        # "will shrink from a level of 5,200 to 3,000": the level's noun stands where the number usually does
        prep, before_prep = "from", doc[of_level.head.i - 1].lower_ if of_level.head.i > 0 else ""
    if prep == "to" and change_verb is not None and (
            any(t.lower_ in ("today", "now") for t in doc[span.end:min(hi, span.end + 2)])
            or _tense(change_verb) == "perfect" and any(
                c.dep_ == "advmod" and c.lower_ in ("now", "today") for c in change_verb.children)):
        return "current", pub  # "has increased from about 4,000 a week ago to 4,460 today", "has now been reduced to 2,500"
    if nearest(_CURRENT_WORDS) < nearest(lex.historical_cues) and tense not in ("future",) and \
            not (figure.start > 0 and doc[figure.start - 1].lower_ in ("from", "to")):
        return "current", pub  # "the 130,000 troops there now coming home"
    if tense == "present" and verb.lemma_.lower() in ("remain", "stay") and anchor.dep_ == "nsubj" and anchor.head.i == verb.i \
            and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
            and not {t.lemma_.lower() for t in anchor.subtree} & lex.historical_cues:
        return "current", pub  # "Five years after the invasion of Iraq, 157,000 troops remain deployed in Iraq"
    # "has climbed to a record high of 168,000": the record is today's level; "is moving toward a peak of
    # 172,000 in the coming weeks": a level projected from scheduled moves
    peak = _peak_of(figure)
    if peak is not None and (peak.head.lower_ in ("to", "toward", "towards") or peak.dep_ == "dobj"):
        peak_verb = governing_verb(peak)
        if _tense(peak_verb) == "perfect" and not near & lex.historical_cues - PEAK_NOUNS - {"record"}:
            return "current", pub
        if _tense(peak_verb) == "progressive" and peak.head.lower_ in ("toward", "towards") or \
                _tense(peak_verb) == "future":
            return "planned", _target_year(figure)
    if marked and (prep != "from" or before_prep in ("down", "up")) and tense not in ("future", "conditional") \
            and not (tense == "progressive" and prep == "to" and change is not None):  # "is boosting … to 150,000, the highest"
        past = _past_year(figure)
        if at_peak and past is not None and past == pub:
            # the publication year a time opening the sentence gives the level now ("By mid-2025, around 2,500
            # … remain, … from the more than 5,000 deployed during the height of the insurgency") is not the peak's
            return "historical", _event_year(doc[lo:hi].text, pub, lex)
        return "historical", past if (pub is None or past is None or past <= pub) else None
    from_to = prep == "from" and span.end + 1 < len(doc) and doc[span.end].lower_ == "to" and any(
        t.like_num for t in doc[span.end + 1:span.end + 4])  # "go from 77,500 to 50,000": any verb
    if prep == "from" and before_prep in ("down", "up") or prep == "from" and (change is not None or from_to):
        change_tense = _tense(change_verb) if change_verb is not None else tense
        if change_tense in ("future", "progressive", "conditional") or change is not None and change.pos_ == "NOUN":
            return "current", pub
        past = _past_year(figure)
        if change_tense == "past" or (past is not None and pub is not None and past < pub):
            return "historical", past
        if change_tense == "perfect":  # "has dropped below 140,000 this week from more than 150,000"
            return "historical", past if past is not None else pub
        return ("current", pub) if before_prep not in ("down", "up") else ("historical", past)
    if change is not None and prep == "at" and change.dep_ == "acl" and change.lemma_.lower() in _SIZING_VERBS \
            and change.head.dep_ == "dobj" and change.head.head.lemma_.lower() in lex.change_verbs:
        # "promising to withdraw the remaining U.S. forces, estimated at 50,000": the size of what the change
        # moves, today's level, not where it takes the force
        return "current", pub
    if change is not None and prep in ("to", "at", "below", "above", "under", "over", "around"):
        change_tense = _tense(change_verb)
        if change_tense == "present" and any(_tense(t) in ("future", "conditional") for t in _path_up(change, 4)
                                             if t.pos_ in ("VERB", "AUX")):
            change_tense = "future"  # "…will take effect in July, when troop levels reach 130,000"
        if change.pos_ == "NOUN" and prep == "to":
            dated = [y for y, i, _ in _explicit_years(figure) if lo <= i < hi and pub is not None and y < pub]
            # "on track for the August drawdown to 50,000": the level a change aims at, unless dated in the past
            return ("historical", dated[0]) if dated else ("planned", _target_year(figure))
        if change_verb.dep_ in ("xcomp", "ccomp") and change_verb.head.lemma_.lower() in lex.plan_cues \
                and change_verb.tag_ != "VBD" and change_tense != "perfect":
            # "authorized boosting the troop level to more than 3,000" (not "announced that the United States
            # increased the number … to 3,870" nor "announced that troop levels have declined to 98,000": a
            # change done, reported)
            return "planned", _target_year(figure)
        hedged = {c.lower_ for c in change_verb.children if c.dep_ == "aux"} & {"could", "might", "may"}
        if hedged and not (path_words | clause_words) & lex.plan_cues and "plan" not in path_words:
            return "proposed", _target_year(figure)  # "force levels in Iraq could drop to around 105,000"
        if change_tense in ("future", "progressive", "conditional") or "plan" in path_words:
            return "planned", _target_year(figure)
        # "the new order brings the level to 3,550" is a plan; "the increase brings the authorized level to 4,647"
        # the cap now in force
        subjects = [c for c in change_verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if change_tense == "present" and any(s.lemma_.lower() in ("order", "decision", "move", "deployment", "plan")
                                             for s in subjects) and not \
                re.search(r"authori[sz]|\bcap\b|ceiling", doc[lo:hi].text.lower()):
            return "planned", _target_year(figure)
        if change_tense == "perfect" or near & _CURRENT_WORDS:
            return "current", pub
        past = _past_year(figure)
        if change_tense == "past" and past is not None and (pub is None or past < pub):
            return "historical", past
        when = _clause_time(figure, change_verb) if change_tense == "past" else None
        if when is not None:
            return "historical", when or None  # "which stood at 127,000 on July 25"
        if change_tense == "past":
            return "current", pub
        # present: "the Pentagon puts the number at 5,000" is today's level, "cuts to 3,000" a plan; "the new
        # order brings the level to 3,550" a plan, "the increase brings the authorized level to 4,647" the cap now
        return ("current", pub) if change.lemma_.lower() in lex.level_verbs else ("planned", _target_year(figure))

    if tense == "conditional" and {"have"} & {c.lemma_ for c in verb.children if c.dep_ == "aux"}:
        return "proposed", _target_year(figure)  # "a force of 10,000 would have given leverage"
    if tense == "conditional" and not near & _CURRENT_WORDS:
        # "could stay under the draft agreement" is a plan; "could leave several thousand" an option; "officials
        # said … would total about 120,000 over the next month" reports a "will" (not a "could")
        reported_will = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in _REPORTING_VERBS and any(
            c.dep_ == "aux" and c.lower_ == "would" for c in verb.children)
        decided = reported_will or (path_words | clause_words) & lex.plan_cues and not clause_words & {
            "draft", "proposed", "possible"}
        return ("planned" if decided else "proposed"), _target_year(figure)  # "under the draft agreement": proposed


    phrase_words = {t.lower_ for t in anchor.subtree}
    level_of = doc[figure.start - 1] if figure.start > 0 and doc[figure.start - 1].lower_ == "of" else None
    if phrase_words & _CURRENT_WORDS or level_of is not None and any(
            c.lower_ in ("current", "present", "existing") for c in level_of.head.children):
        return "current", pub  # "the 142,000 troops currently in Iraq will remain", "its current level of 138,000"

    # 3. Now, currently, already, still, remaining: the level at the time of writing.
    if near & _CURRENT_WORDS and not (near & lex.historical_cues) and tense not in ("future",):
        return "current", pub

    # 4. Marks of the past.
    past = _past_year(figure)
    when = _clause_time(figure, verb) if tense == "past" else None
    if tense in ("present", "perfect") and pub is not None and not near & _CURRENT_WORDS:
        clause_years = [int(t.text) for t in _clause_tokens(verb) if _YEAR_TOKEN_RE.fullmatch(t.text)
                        and lo <= t.i < hi and t.i > 0 and doc[t.i - 1].lower_ in ("in", "during") and int(t.text) < pub
                        and not any(w.lower_ == "since" for w in doc[max(lo, t.i - 6):t.i])]  # "the first time since … in 2003"
        if clause_years:
            return "historical", clause_years[0]  # "surpassing the 161,000 troop level for the elections in 2005"
    if when is not None and not marked and past is None:
        return "historical", when or None  # "the U.S. force, which stood at 127,000 on July 25, now numbers 140,000"
    if tense == "past" and re.search(r"\b(last (week|month)|earlier this (year|month))\b", doc[lo:hi].text.lower()) \
            or span.sent.root.tag_ == "VBD" and re.match(r"\W*until (last (week|month)|recently)\b", span.sent.text.lower()):
        # ("Until last month, there were some 7,500 coalition troops …, including 5,000 U.S. forces": a time
        # opening a sentence in the past dates every number in it)
        return "historical", pub
    if marked or tense == "past" and past is not None and (pub is None or past < pub):
        return "historical", past if (pub is None or past is None or past <= pub) else None
    if tense == "perfect" and not near & _CURRENT_WORDS and re.match(
            r"as (many|high|much) as\b", doc[figure.start:span.end].text.lower()):
        return "historical", past  # "There have been as many as 165,000 US troops in Iraq": the most there ever were
    def past_perfect(t: "Token") -> bool:
        return any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ == "VBD" for c in t.children)

    if tense == "past" and (past_perfect(verb) or verb.dep_ == "ccomp" and past_perfect(verb.head)) \
            and not near & _CURRENT_WORDS:
        return "historical", past  # past perfect: "had hovered around 5,000", "the Pentagon had said there were 3,550"

    # 5. A plan: will, set to, expected to, announced, under the agreement.
    plan_words = {t.lemma_.lower() for t in (verb, *_path_up(verb, 3)) if t.pos_ in ("VERB", "AUX", "NOUN", "ADJ")}
    if tense in ("present", "past", "perfect") and verb.lemma_.lower() in _STATIVE_VERBS:
        # "announced that some 5,000 troops are based in Iraq", "3,600 troops are authorized": a level in force
        plan_words -= {"announce", "say", "report", "confirm", "disclose", "reveal", "acknowledge"}
        if any(c.dep_ == "auxpass" for c in verb.children):
            plan_words -= {"authorize", "authorise"}  # "are authorized" is the ceiling; "the plan authorizes" a plan
    progressive_change = tense == "progressive" and (verb.lemma_.lower() in lex.change_verbs | lex.level_verbs)
    if tense == "future" and verb.lemma_.lower() not in ("be", "remain", "stay", "have") or progressive_change \
            or plan_words & lex.plan_cues:
        return "planned", _target_year(figure)
    subject_phrase = anchor.dep_ in ("nsubj", "nsubjpass") or any(
        a.dep_ in ("nsubj", "nsubjpass") and a.head.i == verb.i for a in anchor.ancestors)
    if tense == "future" and verb.lemma_.lower() in ("remain", "stay") and subject_phrase \
            and any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "’ll") for c in verb.children) \
            and not any(c.lower_ == "behind" for c in verb.children) \
            and not re.search(r"\b(until|till|through|beyond|after)\b", doc[lo:hi].text.lower()) \
            and not re.search(r"^(once|when|after)\b|\b(by|at) (that|then|the (end|time|middle|close)|[a-z]+ \d{4}\b)",
                              span.sent.text.lower()):  # "once the move is complete, 2,000 will remain": a plan
        return "current", pub  # "about 2,500 U.S. troops will remain in Iraq": today's level goes on
    if tense == "future":
        return "planned", _target_year(figure)
    if tense == "past" and verb.lemma_.lower() not in ("say", "tell", "report", "announce", "add", "note"):
        if near_words & lex.historical_cues:
            return "historical", past
    if tense == "present" and not near & _CURRENT_WORDS and (re.search(
            r"\bnext (year|spring|summer|fall|autumn|winter|month)\b", doc[lo:hi].text.lower()) or pub is not None and any(
            year > pub and lo <= index < hi and doc[index - 1].lower_ in ("by", "in", "until") for year, index, _ in _explicit_years(figure))):
        # "more than 130,000 troops are likely to remain in Iraq next summer"; "by 2010 there are 20,000" (written in
        # 2007): a level at a time after writing is no level of the time of writing
        return "planned", _target_year(figure)
    return "current", pub


#: Participles that give a force's size (*the remaining forces, estimated at 50,000*).
_SIZING_VERBS = frozenset({"estimate", "put", "number", "total", "count", "reckon", "place"})
#: Verbs of weighing an option without the lexicon's proposal cues (*mulling*, *looking at*, *debating*).
_DELIBERATION_VERBS = frozenset({"mull", "contemplate", "eye", "debate", "discuss", "explore", "ponder", "entertain",
                                 "float", "study", "examine"})
#: Verbs of keeping a force where it is: a level a deliberation verb takes through one of them is an option.
_HOLDING_VERBS = frozenset({"keep", "leave", "retain", "maintain", "station", "have", "base"})


#: Verbs that report what someone said: a "would" under them is a reported "will".
_REPORTING_VERBS = frozenset({"say", "tell", "announce", "report", "add", "state", "confirm", "indicate"})


_START_OF_YEAR_RE = re.compile(r"\b(?:at|by|in) the (?:start|beginning|outset) of (?:(\d{4})|(?:the|this) year)\b",
                               re.IGNORECASE)


def _start_of_year(figure: _Figure, verb: "Token") -> int | None:
    """The year a level is dated to by the start of a year (*at the start of 2025*, *at the beginning of
    the year*: the publication year; *began 2020 with about 5,200 troops*), or ``None``."""
    doc, (lo, hi) = figure.span.doc, figure.segment
    match = _START_OF_YEAR_RE.search(doc[lo:hi].text)
    if match:
        return int(match.group(1)) if match.group(1) else figure.published_year
    if verb.lemma_.lower() in ("begin", "start", "enter") and any(
            c.dep_ == "prep" and c.lower_ == "with" for c in verb.children):
        for c in verb.children:
            if c.dep_ in ("dobj", "npadvmod") and _YEAR_TOKEN_RE.fullmatch(c.text):
                return int(c.text)
            if c.dep_ == "dobj" and c.lower_ == "year" and any(d.lower_ in ("the", "this") for d in c.children):
                return figure.published_year
    return None


def _as_of_year(figure: _Figure) -> int | None:
    """For a count given *as of* a recent date (*as of late 2024*, *as of last month*, *as of December*):
    the year named (``0`` when none is), or ``None`` when there is no such phrase or its year is more than a
    year before publication (*as of 2005* in a text of 2020 dates a past level) or after it."""
    doc = figure.span.doc
    lo, hi = figure.segment
    for k in range(lo, hi - 1):
        if doc[k].lower_ == "as" and doc[k + 1].lower_ == "of":
            # "as of 2024", "as of mid-2025" (one token)
            years = [int(m.group(1)) for t in doc[k + 2:min(hi, k + 7)]
                     for m in [re.fullmatch(r"(?:(?:early|mid|late)-)?((?:19|20)\d\d)", t.lower_)] if m]
            if years and figure.published_year is not None and not figure.published_year - 1 <= years[0] <= figure.published_year:
                return None  # "keep 60,000 troops in Iraq as of late 2010" (written in 2008): a target, not a count
            following = {t.lower_.strip(".") for t in doc[k + 2:min(hi, k + 5)]}
            if years or following & (set(_MONTHS) | {"last", "this", "late", "early", "mid", "today", "now"}):
                return years[0] if years else 0
    return None


def _year_of_past_event(clause: "Token", figure: _Figure) -> int | None:
    """The year of a level stated at a past event (*when Bush ordered the deployment in January 2007*):
    the first year in the event's clause, unless after publication; else the figure's past year."""
    pub = figure.published_year
    years = [int(t.text) for t in clause.subtree if _YEAR_TOKEN_RE.fullmatch(t.text)]
    return years[0] if years and (pub is None or years[0] <= pub) else _past_year(figure)


def _stated_current(figure: _Figure, verb: "Token", tense: str, lex: Lexicon) -> bool:
    """The figure is named as today's level in its own phrase or clause, whatever the sentence proposes
    around it: *the current level of N*, *today's level of N*, *which now total N*, *now support a
    contingent of N* (a proposal or plan elsewhere in the sentence starts from this level)."""
    doc = figure.span.doc
    before = doc[figure.start - 1] if figure.start > 0 else None
    if before is not None and before.lower_ == "of" and any(
            c.dep_ in ("amod", "poss", "compound") and c.lower_ in ("current", "present", "existing", "today", "today's")
            for c in before.head.children):
        return True
    if before is not None and before.lower_ == "of" and _ceiling_in_force(before.head):
        return True
    if before is not None and before.lower_ in ("from", "to") or tense not in ("present", "perfect"):
        return False
    path = [figure.anchor, *figure.anchor.ancestors]
    path = path[:next((k for k, t in enumerate(path) if t.i == verb.i), len(path))]
    if any(t.dep_ == "prep" and t.lower_ != "of" for t in path):
        return False  # "below the previous limit of 1,600", "from a high of 165,000": another level in the clause
    cues = lex.plan_cues | lex.proposal_cues | lex.change_verbs | {"expect", "plan", "want", "hope", "say"}
    return verb.lemma_.lower() not in cues and any(
        c.dep_ == "advmod" and c.lower_ in ("now", "currently", "presently") for c in verb.children)


def _ceiling_in_force(noun: "Token") -> bool:
    """*the authorized level*, *the administration's cap*, *the limit*: a ceiling already in force, named
    definitely and not as a former one (*a previous limit of 1,600* is history, *a cap of N* a proposal)."""
    modifiers = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "nmod")}
    definite = any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("the", "its", "this") for c in noun.children)
    ceiling = noun.lemma_.lower() in ("cap", "ceiling", "limit") or noun.lemma_.lower() in ("level", "number") and \
        bool(modifiers & {"authorized", "authorised", "maximum", "authorization", "authorisation"})
    return ceiling and definite and not modifiers & {"previous", "former", "earlier", "old", "original", "initial",
                                                      "new", "proposed", "higher", "lower"}


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


def _plainly_not_a_date(span: "Span") -> bool:
    """One number token that cannot be a year or a day (*4640*, *2,500*), whatever the NER label says."""
    return len(span) == 1 and bool(re.fullmatch(r"\d{1,3}(,\d{3})+|\d{4,6}", span.text)) and not _YEAR_RE.match(span.text) \
        and int(span.text.replace(",", "")) >= MIN_LEVEL


def figures_in_doc(doc: "Doc", published: int | str | None = None, lexicon: str | Path | None = None,
                   learned_kinds: bool = True, learned_levels: bool = True) -> list[TroopFigure]:
    """Every U.S. troop level in Iraq stated in a parsed ``Doc``, in text order.

    ``learned_kinds``: let the learned model (:mod:`iraqtext.troop_kind_model`), told the rules' kind,
    decide it; ``False`` gives the rules' kinds alone. ``learned_levels``: let the learned
    level model (:mod:`iraqtext.troop_level_model`) drop a figure the rules accept, or add a number they
    reject, where it is sure; ``False`` gives the rules' figures alone."""
    return [figure for _, figure in stated_figures(doc, published, lexicon, learned_kinds, learned_levels)]


def stated_figures(doc: "Doc", published: int | str | None = None, lexicon: str | Path | None = None,
                   learned_kinds: bool = True, learned_levels: bool = True) -> Iterator[tuple[_Figure, TroopFigure]]:
    """:func:`figures_in_doc` with what the kind rules and model read about each figure (its ``_Figure``)."""
    if not _MAY_STATE_A_LEVEL.search(doc.text):
        return  # no digit and no hundred/thousand/million: no number here reaches MIN_LEVEL
    spans = number_spans(doc)
    if not spans:
        return  # most paragraphs state no number: nothing else to read
    lex = load_lexicon(lexicon)
    kind_model = None
    if learned_kinds:
        from .troop_kind_model import load_model

        kind_model = load_model()
    settled: dict[tuple[int, int], bool] = {}
    ruled = list(rules_figures(doc, spans, published, lex, kind_model, settled))
    if learned_levels:
        from .troop_level_model import load_model as load_level_model
        from .troop_level_model import revise

        ruled = revise(doc, spans, ruled, published, lex, kind_model, load_level_model(), settled)
    # A veto after the models: their training reads the rules' candidates, which this leaves as they were.
    yield from _restated_kinds([pair for pair in ruled if not _brought_to_a_toll(pair[0].span, lex)
                                and not _one_service(pair[0].span, pair[1].force, lex)])


#: Force nouns that count one service only: a part of the force, as a brigade is, not the level of U.S.
#: troops in Iraq. (*Soldiers* is left out: writers use it for all troops.)
_ONE_SERVICE_NOUNS = frozenset({"marine", "marines", "airman", "airmen", "sailor", "sailors", "seamen"})


def _one_service(span: "Span", force: str, lex: Lexicon) -> bool:
    """A number that counts the members of one service, its noun right after it (*There are 25,000 U.S. Marines
    there now*, *about 5,000 Airmen and Sailors*); not *as many as 50,000 Marines and soldiers*, all troops."""
    if force.lower() not in _ONE_SERVICE_NOUNS:
        return False
    noun = next((t for t in span.doc[span.end:span.end + 4] if t.lower_ == force.lower()), None)
    if noun is None:
        return False  # the noun is not the number's own (*the number of Marines … a total that may top 5,000*)
    return not any(c.dep_ == "conj" and (c.lower_ in lex.force_nouns or c.lemma_.lower() in lex.force_nouns)
                   and c.lower_ not in _ONE_SERVICE_NOUNS
                   for c in noun.children)


#: Nouns of a count of the dead besides the lexicon's casualty words (*the war's toll*; not *tally*: *the
#: official tally of U.S. soldiers in Iraq*).
_TOLL_NOUNS = frozenset({"toll"})


def _brought_to_a_toll(span: "Span", lex: Lexicon) -> bool:
    """A number a verb brings a count of the dead or wounded to (*pushing the overall American death toll in
    the five-year war to at least 4,000*; *bringing the war's toll … to approximately 3,519*), or that such a
    count is (*the total death toll is 2,500*): a casualty count, whatever force the sentence names before it
    (the parse may take *the military said* for one)."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in ("to", "at", "past", "above"):
        verb = root.head.head
    elif root.dep_ == "attr" and root.head.lemma_ == "be":
        verb = root.head  # "the total death toll is 2,500"
    else:
        return False
    counted = [t for c in verb.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")
               for t in (c, *(g for g in c.children if g.dep_ in ("compound", "amod")))]
    return any(t.lemma_.lower() in lex.casualty_lemmas or t.lower_ in _TOLL_NOUNS for t in counted)


#: A sentence that gives another count of the level just named (*Unofficially, that figure is probably closer
#: to 6,000*, *the number is actually more than 6,000*).
_RESTATEMENT_RE = re.compile(r"\b(that|this|the) (figure|number|count|total|tally) (is|was|would be|may be|might be)"
                             r"( \w+){0,2} (closer to|nearer to|actually|really|in fact)\b", re.IGNORECASE)


#: Words that move a count to another time (*Today that number is closer to 50,000*): not a restatement.
_LATER_TIME_RE = re.compile(r"\b(today|now|currently|since|by|at present|this (week|month|year))\b", re.IGNORECASE)


def _restated_kinds(figures: Iterable[tuple[_Figure, TroopFigure]]) -> list[tuple[_Figure, TroopFigure]]:
    """A figure that counts again the level named by the figure before it, in its own sentence or the one
    before (:data:`_RESTATEMENT_RE`: *The decision will elevate the official count to 4,647. Unofficially, that
    figure is probably closer to 6,000*), is of that figure's kind and year: the same level, counted otherwise."""
    out = list(figures)
    for k in range(1, len(out)):
        internal, found = out[k]
        before_internal, before = out[k - 1]
        sentence = internal.span.sent
        opening = internal.span.doc[sentence.start:internal.span.start].text
        if _RESTATEMENT_RE.search(opening) and not _LATER_TIME_RE.search(opening) and before_internal.span.sent.start >= (
                internal.span.doc[sentence.start - 1].sent.start if sentence.start > 0 else 0):
            out[k] = (internal, replace(found, kind=before.kind, refers_to_year=before.refers_to_year))
    return out


def _respective_places(spans: list["Span"]) -> dict[int, "Span"]:
    """The place each number of a *respectively* list is given, by the number's start: *troops in
    Afghanistan and Iraq would be reduced to about 4,000 and 2,000 respectively* gives 2,000 to Iraq. The
    places are the last run of named places (listed with commas, *and*, *or* only) before the numbers (in the
    sentence before when the sentence names none), and the numbers (years and dates aside) run from there to
    *respectively*; the two lists must be as long."""
    out: dict[int, "Span"] = {}
    for sent in {span.sent for span in spans if any(t.lower_ == "respectively" for t in span.sent)}:
        end = next(t.i for t in sent if t.lower_ == "respectively")
        numbers = [span for span in spans if span.sent.start == sent.start and span.end <= end
                   and not (len(span) == 1 and _YEAR_RE.match(span.text)) and not any(t.ent_type_ == "DATE" for t in span)]
        if not numbers:
            continue
        places = [ent for ent in sent.ents if _listed_place(ent) and ent.end <= numbers[0].start]
        if len(places) < 2 and sent.start > 0:
            # "… troop levels in Afghanistan, Iraq, Syria and Cameroon. … they were then around 8,448; 5,262; …"
            places = [ent for ent in sent.doc[sent.start - 1].sent.ents if _listed_place(ent)]
        run: list["Span"] = []
        for ent in places:
            between = {t.lower_ for t in sent.doc[run[-1].end:ent.start]} if run else set()
            run = [*run, ent] if run and between <= {",", "and", "or"} else [ent]
        numbers = [span for span in numbers if not run or span.start >= run[-1].end]
        if len(run) >= 2 and len(run) == len(numbers):
            out.update({span.start: ent for span, ent in zip(numbers, run)})
    return out


def _listed_place(ent: "Span") -> bool:
    """A named place, or a country the tagger calls an organisation when listed with places (*Syria and Cameroon*)."""
    return ent.label_ in ("GPE", "LOC") or ent.label_ == "ORG" and ent.root.dep_ == "conj" and \
        ent.root.head.ent_type_ in ("GPE", "LOC")


def _fronted_partitive(span: "Span", lex: Lexicon) -> bool:
    """A number without a noun whose clause opens with the whole it is a part of (*Of the 10,000 ISIS fighters
    still detained, about 5,000 are Syrian*; *Of the 5,200 troops, 1,000 are in Baghdad*): a part, never a
    level — unless the clause says the part is the Americans (*Of the 8,000 coalition troops, 5,000 are
    American*; *… 156,000 troops, of which 148,000 are American soldiers*), which the owner rules read."""
    root = span.root
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = root.head
    whole = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "of" and c.i < root.i
                  and any(g.dep_ == "pobj" for g in c.children)), None)
    if whole is None:
        return False
    return not any(c.dep_ in ("acomp", "attr") and any(_marks_us(t, lex) for t in c.subtree) for c in verb.children)


def rules_figures(doc: "Doc", spans: list["Span"], published: int | str | None, lex: Lexicon,
                  kind_model=None, settled: dict[tuple[int, int], bool] | None = None
                  ) -> Iterator[tuple[_Figure, TroopFigure]]:
    """The figures the value rules accept among ``spans`` (:func:`number_spans`), with their kinds
    (the kind model's, given one) and years, in text order. Spans decided on a mark that defines the
    answer are entered in ``settled`` when given, by (start, end): ``False`` for a force its own phrase
    gives to another owner or places outside Iraq, a total over several countries, a count of others or of
    casualties, trainees, a ratio's base, money, and an amount a change noun names; ``True`` for the
    Americans of a multinational total.
    The level model reads no owners or places, so it may not overrule those."""
    settled = {} if settled is None else settled
    year = published_year(published)
    mentions_us = any(_marks_us(t, lex) for t in doc)
    other_countries = _other_countries_named(doc, lex)
    # Numbers that could be levels (not years, dates, money or small counts): the figures a cue or a
    # year may belong to instead.
    candidates = [o for o in spans if not (len(o) == 1 and _YEAR_RE.match(o.text))
                  and not any(t.ent_type_ in ("MONEY", "PERCENT", "TIME") for t in o)
                  and not (any(t.ent_type_ == "DATE" for t in o) and not _plainly_not_a_date(o))
                  and (parse_quantity(o.text) or (0, 0))[1] >= MIN_LEVEL]
    seen: set[tuple[int, int, int]] = set()
    counts_of_others: set[int] = set()  # the nouns of numbers rejected as counting what is never a U.S. force
    respective = _respective_places(spans)
    for span in spans:
        if span.start > 0 and span.doc[span.start - 1].lower_ == "per":
            settled[(span.start, span.end)] = False  # a ratio's base ("20 per 1,000 Iraqis"): no count at all
            continue
        if any(t.text in ("$", "%", "£", "€") for t in (span.doc[max(0, span.start - 1)], *span)):
            settled[(span.start, span.end)] = False  # money or a share by its sign: no model may add it either
            continue
        if any(t.ent_type_ in ("MONEY", "PERCENT", "TIME", "ORDINAL") for t in span):
            continue  # (the entity labels err: "from 1400 today" is no time, so the level model may still add it)
        # The NER model sometimes reads a spelled-out level as a date ("Two thousand five hundred U.S.
        # troops"): a date label is trusted unless the number directly counts a force noun.
        dated = any(t.ent_type_ == "DATE" for t in span) and not _plainly_not_a_date(span)
        quantity = parse_quantity(span.text)
        if quantity is None or quantity[1] < MIN_LEVEL:
            continue
        if len(span) == 1 and _YEAR_RE.match(span.text):
            continue
        if other_countries and other_countries[0] < span.start:
            settled[(span.start, span.end)] = False
            continue
        noun = _counted_noun(span)
        if noun is None and _timeline_entry(span) is None and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in lex.casualty_lemmas
                for c in governing_verb(span.root).children):
            settled[(span.start, span.end)] = False  # "Iraqi deaths are estimated in the hundreds of thousands":
            continue                                 # its clause counts casualties (no model may add it either)
        changed = _changed_level(span, lex) if noun is None else None
        if _trained_by_us(span.root, lex) or noun is not None and _trained_by_us(noun, lex):
            settled[(span.start, span.end)] = False  # "10,000 troops, 3,000 of whom were trained by the US": trainees
            continue
        if noun is not None and _counts_others(noun, lex) or changed is not None and _counts_others(changed, lex):
            settled[(span.start, span.end)] = False  # it counts what is never a U.S. force: no model may add it
            counts_of_others.add(noun.i if noun is not None else changed.i)
            continue
        american_share, posted = None, False
        if noun is not None and noun.ent_type_ == "DATE" and not dated and noun.lemma_.lower() not in lex.force_nouns:
            noun = None  # a misparse: "… since July 2004: 125,000", "about 138,000 several weeks later"
        if dated and (noun is None or span.root.dep_ != "nummod"):
            continue
        if quantity[0] > MAX_LEVEL:
            continue
        others = None  # "2,000 troops in Syria and 2,500 others in Iraq": the force named before, placed by "others"
        if noun is not None and noun.lower_ == "others" and span.start > 0 and span.doc[span.start - 1].lower_ == "and":
            others, noun = noun, None
        if noun is not None and not _is_force_noun(noun, lex) and noun.lower_ in lex.level_nouns | {"minimum", "mark"}:
            noun = _force_of(noun, lex) or _force_in_context(span, lex)  # "the 50,000 minimum", "the 60,000 level"
        elif noun is not None and not _is_force_noun(noun, lex):
            american_share = _american_share(span, noun, lex)  # "8,000 personnel, including 4,500 Americans"
            posted = _americans_posted(noun, lex)
            noun = american_share or (noun if posted else None)
            if noun is None:
                continue
        # the number the first of "X or Y" / "from X to Y" is paired with
        paired = span.label_ in ("ALTERNATIVE", "LEVEL_BEFORE")
        partner = next((o for o in spans if o.start > span.end), None) if paired else None
        if noun is None and partner is not None:
            # "as many as 8,500 or 10,000 troops", "from about 2,500 to fewer than 2,000 troops": the partner's noun
            noun = _counted_noun(partner)
            if noun is not None and noun.ent_type_ == "DATE" and noun.lemma_.lower() not in lex.force_nouns:
                noun = None  # the same misparse as above: "cut the force from 5,200 to 3,000 last month"
        if noun is None:
            noun = american_share = _american_share(span, None, lex)  # "3,500 foreign soldiers, 2,500 of them Americans"
        elided = noun is None
        if elided and _fronted_partitive(span, lex):
            settled[(span.start, span.end)] = False  # "Of the 10,000 fighters detained …, about 5,000 are Syrian": a part
            continue
        if elided:
            noun = _level_subject(span, lex) or _antecedent(span, lex) or _timeline_force(span, lex)
            if noun is None and span.start in respective:  # "they were about 9,000; 4,800; and 800, respectively"
                first = min((o for o in spans if o.start in respective and o.sent.start == span.sent.start),
                            key=lambda o: o.start)
                noun = _level_subject(first, lex) or _antecedent(first, lex) if first.start != span.start else None
            if noun is not None and _force_of_an_amount(noun, lex):
                continue  # "Estimates of the number of troops to be added range from fewer than 10,000 to …"
            if noun is not None and noun.i in counts_of_others:
                # "… were staffed by more than 16,000 personnel. Today, that number has fallen to about 10,500":
                # the noun it takes counts others, and so does it (a noun of a number placed elsewhere may
                # still be shared: "900 troops in Syria and 2,500 in Iraq")
                settled[(span.start, span.end)] = False
                continue
        if elided and noun is not None and any(_trained_by_us(t, lex) for t in (
                noun, *([noun.head.head] if noun.dep_ == "pobj" and noun.head.lower_ == "of" else []))):
            settled[(span.start, span.end)] = False  # "the total number of forces 'trained and equipped' is 171,500"
            continue
        if elided and noun is None and span.label_ == "LEVEL_BEFORE" and partner is not None:
            # "We are now down from a high of 160,000 to 129,000": the force the level after it is stated of
            noun = _level_subject(partner, lex)
        if noun is None or not (_is_force_noun(noun, lex) or _is_level_phrase(noun, lex) or posted):
            continue
        if _is_subset_or_unit(noun, span, lex):
            continue
        respective_place = respective.get(span.start)
        if respective_place is not None and not _names_iraq({t.lower_ for t in respective_place}, lex):
            settled[(span.start, span.end)] = False  # "… in Afghanistan and Iraq … 4,000 and 2,000 respectively": 4,000
            continue
        verb = governing_verb(noun)
        if verb.lemma_.lower() in ("include", "count") and any(c.dep_ == "neg" for c in verb.children):
            continue  # "does not include up to 1,500 personnel": outside the count
        qualifier, q_start, surface_end = figure_qualifier(span, quantity)
        if american_share is not None:
            settled[(span.start, span.end)] = True
        owner = "us" if american_share is not None else _owner(noun, lex)
        if owner == "other" and not elided and american_share is None \
                and _owner_of_phrase(_noun_phrase_modifiers(noun, lex), lex) == "other":
            settled[(span.start, span.end)] = False  # "Britain's 8,000 troops": named in its own phrase
        if owner == "other" or (owner is None and not mentions_us and _other_owner_named(span.sent, lex)):
            continue
        if elided and _clause_subject_owner(span, lex) == "other":
            continue  # "… about 5,000 troops stationed in the country and coalition allies had a further 2,500"
        if elided and (_parenthesised_for_other(span, lex) or _follows_a_count_of_others(span, spans, lex)):
            settled[(span.start, span.end)] = False
            continue
        own_verb = span.root.head if span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.i != noun.head.i else None
        # an elided figure placed by its own phrase is not placed by its antecedent's clause: "900 troops
        # stationed in Syria and another 2,500 in Iraq"
        verb_placed = elided and own_verb is not None and _has_own_place(own_verb)
        own_root = others or span.root
        root_placed = elided and _has_own_place(own_root)
        # "Washington deploys 2500 soldiers in Iraq and 900 in Syria", with "in Syria" parsed onto the verb: a
        # force named in Iraq alone in its own phrase is placed there, whatever else its clause places
        in_iraq = respective_place is not None or not elided and _placed_in_iraq(noun)
        own_place = verb_placed or root_placed or in_iraq
        # "900 US troops will continue to be stationed in Syria": the clause a subject's verb goes on with
        goes_on = [c for c in noun.head.children if c.dep_ == "xcomp" or c.dep_ == "acomp" and c.tag_ == "VBN"] \
            if noun.dep_ in ("nsubj", "nsubjpass") else []  # (and "remain stationed in Syria")
        if verb_placed:
            places = [own_verb]  # "900 soldiers remain in Syria and approximately 2,500 remain in Iraq"
        else:
            if root_placed:
                places = [own_root]
            elif respective_place is not None:
                places = []  # its place is the one the "respectively" list gives it
            elif in_iraq:
                places = [noun, span.root]
            else:
                places = [noun, noun.head, span.root, span.root.head]
            if not root_placed:
                places += goes_on
            if not elided and not in_iraq:
                # "having around 500 troops and dozens of tanks in northeast Syria": a place closing the
                # coordination is that of everything in it (not of "900 in Syria" or "900 marines in Syria", a
                # force of its own)
                joined = [c for c in noun.conjuncts if c.i > noun.i and not c.like_num and not _is_force_noun(c, lex)]
                joined += [g for c in joined for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                           for g in p.children if g.dep_ == "pobj"]
                places += [t for t in joined if any(p.dep_ == "prep" and p.lower_ in ("in", "inside", "across", "throughout")
                                                    for p in t.children)]  # (not "members from other countries": an origin)
            if span.root.dep_ == "pobj" and span.root.head.head.lower_ in ("up", "down"):
                places.append(span.root.head.head)  # "down to 50,000 and up to 98,000 in Afghanistan": the place of "up to"
            if not elided and noun.dep_ == "conj" and _has_own_place(noun):
                places = [noun, span.root]  # "4,500 troops in Afghanistan and 3,000 troops in Iraq": its own place
            elif not elided and noun.dep_ == "conj" and noun.head.dep_ in ("dobj", "attr"):
                places.append(governing_verb(noun))  # "has two airbases and 2,000 soldiers at posts in Syria"
            if noun.dep_ == "pobj" and noun.head.lower_ == "of" and (not elided or _level_noun_elsewhere(noun.head.head, lex)):
                # "a withdrawal of all 2,000 ground troops from Syria", "the number of troops in Afghanistan
                # to be cut from 19,000"
                places.append(noun.head.head)
        if not elided:
            places += _subjects_stated_of(noun)  # "the U.S. presence in Kuwait is at less than 20,000 soldiers"
        if _change_placed_elsewhere(span, noun, lex) or not elided and (
                _share_taken_from_elsewhere(noun, lex) or _hosted_elsewhere(noun, lex)):
            settled[(span.start, span.end)] = False  # a named place: the level model reads none
            continue  # "plans to cut its military forces in Afghanistan to 8,600 troops"
        if not elided and noun.dep_ == "pobj" and noun.head.lower_ == "with":
            places += [noun.head.head, *(c for c in noun.head.head.children if c.dep_ == "dobj")]  # "bases across … with N troops"
        # "to 2,500 each in Afghanistan and Iraq", "with 2,500 personnel in each": a level for every country named
        each = re.match(r"^\W*(\w+\s+)?(each|apiece|in each|in both|for each)\b", doc[span.end:span.end + 4].text.lower()) \
            and any(t.lower_ == "iraq" for t in span.sent)
        if re.match(r"^\W*(\w+\s+){0,2}(across|in|between|for) (both|two|the two|these|those|all three) "
                    r"(countries|nations|theaters|theatres|wars|conflicts)\b",
                    doc[span.end:span.end + 7].text.lower()) or _with_neighbours(span):
            settled[(span.start, span.end)] = False  # a place the level model reads no more than others
            continue  # "5,000 troops across both countries": a total over several
        if not each and (_in_other_place(places, lex) or not own_place and _clause_elsewhere(noun, lex)):
            if not elided and (_in_other_place([noun], lex) or _clause_elsewhere(noun, lex)
                               or noun.dep_ == "dobj" and _in_other_place([noun.head], lex)) \
                    or _in_other_place(_subjects_stated_of(noun), lex) or elided and _level_noun_elsewhere(noun, lex) \
                    or not elided and _in_other_place(goes_on, lex):
                # its own place, or its verb's ("send 120,000 troops to the region"), or that of what it is
                # stated of ("US troop strength in Afghanistan is down to nearly 8,600")
                settled[(span.start, span.end)] = False
            continue
        if not each and (_pair_elsewhere(span, q_start, lex) or _there_elsewhere(span, noun, lex)
                         or _sentence_before_elsewhere(span, lex)):
            continue
        # A borrowed noun ("troop" of "troop deaths" for a timeline's number) says nothing of this number.
        borrowed = elided and (noun.sent.start != span.sent.start or _timeline_entry(span) is not None)
        if _is_casualty(span.root if borrowed else noun, span, lex):
            settled[(span.start, span.end)] = False  # the dead or wounded: no model may add them
            continue
        if not elided and _named_by_a_change(noun, lex):
            settled[(span.start, span.end)] = False  # a defining mark: no model may add it back
            continue
        # ("brings the force up to 135,000 troops": a level a result verb reaches, not an amount it moves)
        if not _raised_up_to(span, q_start) and _is_change(noun, span, q_start, lex, elided):
            continue
        low, high = quantity
        others = [o for o in candidates if o is not span]
        figure = _Figure(span, span.root if elided else noun, q_start, _segment(span, others), year,
                         _published_month(published),
                         tuple((o.start, o.end) for o in others if o.sent.start == span.sent.start))
        key = (span.sent.start, low, high)
        if key in seen:
            continue
        seen.add(key)
        yield figure, stated_figure(figure, (low, high), qualifier, surface_end, noun.lower_, lex, kind_model)


def figure_qualifier(span: "Span", quantity: tuple[int, int]) -> tuple[str, int, int]:
    """The qualifier of a number (``about``, ``more_than``, ``range`` …), the token its surface starts
    at (a qualifier before it included) and the token after its end (a qualifier after it included)."""
    qualifier, q_start = _qualifier(span.doc, span)
    if qualifier == "up_to" and _raised_up_to(span, q_start):
        qualifier = "exact"  # "brings the force up to 135,000 troops": that level, no ceiling (the words stay in the surface)
    postfix, surface_end = _postfix_qualifier(span.doc, span)
    if postfix and qualifier == "exact":
        qualifier = postfix
    if span.label_ == "VAGUE" and qualifier == "exact":
        qualifier = "about"
    elif span.label_ == "RANGE" or (quantity[0] != quantity[1] and qualifier == "exact"):
        qualifier = "range"
    return qualifier, q_start, surface_end


def stated_figure(figure: _Figure, quantity: tuple[int, int], qualifier: str, surface_end: int, force: str,
                  lex: Lexicon, kind_model=None) -> TroopFigure:
    """The :class:`TroopFigure` of one accepted number: its kind and year from the kind rules (and the
    kind model, given one), its surface from the qualifier to the end of the number."""
    from .troop_kind_model import second_opinion

    doc, span, year = figure.span.doc, figure.span, figure.published_year
    kind, refers_to = _classify_figure(figure, lex)
    if kind_model is not None:
        learned = second_opinion(figure, kind, lex, kind_model)
        if learned != kind:
            kind, refers_to = learned, _year_of_kind(figure, learned)
    if kind == "planned" and span.sent.text.rstrip(" \"'”’").endswith("?") and re.match(
            r"^\W*(will|would|could|can|should|shall|is|are|does|do|did)\b", span.sent.text, re.IGNORECASE):
        # a yes/no question: "Will Obama withdraw all but 3,000 troops by 2012?" asks whether, announces nothing
        # ("Just what will those 50,000 troops staying behind be up to?" asks about a plan made)
        kind = "proposed"
    if kind == "historical" and refers_to is None:
        refers_to = _event_year(doc[figure.segment[0]:figure.segment[1]].text, year, lex)
    if kind == "current" and refers_to is None and year is None:
        dates = {int(m.group(1)) for m in re.finditer(
            r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}, ((?:19|20)\d\d)\b", span.sent.text.lower())}
        refers_to = dates.pop() if len(dates) == 1 else None  # undated page: "… on December 9, 2021, and said about 2,500 …"
    surface_span = doc[figure.start:surface_end]
    return TroopFigure(
        surface=surface_span.text, start=surface_span.start_char, end=surface_span.end_char,
        low=quantity[0], high=quantity[1], qualifier=qualifier, kind=kind, refers_to_year=refers_to,
        force=force, sentence=span.sent.text,
    )


def _year_of_kind(figure: _Figure, kind: str) -> int | None:
    """The year a figure refers to once its kind is known: the publication year for a current level,
    the past year for a historical one, the target year for a plan or proposal."""
    if kind == "current":
        return figure.published_year
    if kind == "historical":
        return _past_year(figure)
    return _target_year(figure)


def extract_troop_figures(text: str, published: int | str | None = None, nlp: "Language | None" = None,
                          lexicon: str | Path | None = None, learned_kinds: bool = True,
                          learned_levels: bool = True) -> list[TroopFigure]:
    """Find every U.S. troop level in Iraq in ``text``.

    Parameters
    ----------
    text : the text; offsets of the figures index into it.
    published : publication date (``2020``, ``"2020-02"``…); current figures refer to its year.
    nlp : a spaCy pipeline with parser and NER; default :func:`iraqtext.load_nlp`.
    lexicon : a YAML file overriding lists of ``data/troop_lexicon.yaml``.
    learned_kinds : let the learned kind model, told the rules' kind, decide it (``False``: rules only).
    learned_levels : let the learned level model drop or add a figure where it is sure (``False``: the rules alone).

    Examples
    --------
    >>> [(f.surface, f.kind) for f in extract_troop_figures("About 2,500 U.S. troops remain in Iraq.", 2024)]
    [('About 2,500', 'current')]
    """
    from .nlp import load_nlp

    nlp = nlp or load_nlp()
    return figures_in_doc(nlp(text), published, lexicon, learned_kinds, learned_levels)


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
                          "year": "Int64", "refers_to_year": "Int64"})
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


#: The quantity of present-day levels in documents without a date: each is of its own unknown time, so
#: different values there are no disagreement.
UNDATED_CURRENT = "level at the time of writing, undated"


def quantity_label(row: "pd.Series") -> str:
    """Name the quantity a figure states, so figures of different sources can be compared.

    ``"level in 2020"`` for a dated current or historical level, ``"peak level"`` for an undated
    historical peak, ``"proposed level"`` / ``"planned level"`` (with the target year if any), and
    :data:`UNDATED_CURRENT` for the present-day level of a document without a date.
    """
    year = row["refers_to_year"]
    dated = year is not None and not (isinstance(year, float) and year != year) and str(year) != "<NA>"
    if row["kind"] in ("proposed", "planned"):
        return f"{row['kind']} level" + (f" for {int(year)}" if dated else "")
    if dated:
        return f"level in {int(year)}"
    if row["kind"] == "current":
        return UNDATED_CURRENT
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
            "disagree": len(values) > 1 and group["doc_id"].nunique() > 1 and quantity != UNDATED_CURRENT,
        })
    return pd.DataFrame(rows)


def unplaced_on_timeline(plot_year: "pd.Series", kind: "pd.Series") -> "pd.Series":
    """Which figures (or groups of them) have no place on a timeline: no ``plot_year`` and not a past
    level — the present-day levels, proposals and plans of documents without a date whose sentences name
    no year. (Undated past levels keep a column of their own, as peaks.)"""
    return plot_year.isna() & (kind != "historical")


def timeline_table(figures: "pd.DataFrame") -> "pd.DataFrame":
    """Add ``plot_year`` (the year a figure is drawn at) and ``plot_basis`` (why) for timeline charts.

    Dated figures are drawn at ``refers_to_year``; undated proposals and plans at the publication
    year (when they were made); undated past levels (a peak) have no ``plot_year``, nor has any other
    figure of a document without a publication date (``plot_basis`` says which: ``undated`` or
    ``undated document``).
    """
    refers = figures["refers_to_year"].astype("Float64")
    undated_future = refers.isna() & figures["kind"].isin(["proposed", "planned"])
    plot_year = refers.where(~undated_future, figures["year"].astype("Float64"))
    unplaced = unplaced_on_timeline(plot_year, figures["kind"])
    basis = _where(refers.notna(), "year the figure refers to",
                   _where(unplaced, "undated document",
                          _where(undated_future, "publication year (undated proposal/plan)", "undated")))
    return figures.assign(plot_year=plot_year, plot_basis=basis)


def _where(condition, yes, no):
    """Element-wise choice that keeps the index of ``condition``."""
    import numpy as np
    import pandas as pd

    return pd.Series(np.where(condition, yes, no), index=condition.index)
