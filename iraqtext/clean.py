"""Cleaning scraped articles: remove boilerplate blocks and repair damaged text, with an audit trail.

:func:`clean_text` splits the raw text into blocks (one per non-empty line), labels each noise
block with a reason from :data:`REASONS`, and repairs what scraping broke in the blocks it keeps.
Every removal and every repair is recorded, so a reader can audit what was changed and why.

The rules are general signals, never strings or positions of a particular document:

* **phrases** that only boilerplate uses (``subscribe now``, ``keep reading``, ``originally
  posted``, photo-agency credits such as ``Name / Reuters``), kept as regular expressions below;
* **shape**: length, terminal punctuation, list markers, `` - `` / `` | `` separators, dates;
* **position**: teasers glued after an article start after its last boilerplate line and run to
  the end; a notes section runs from its heading over the citations that follow;
* **repetition**: a short sentence-like line whose words repeat a longer paragraph is a pull quote;
* **markup and language**: Markdown that scraping tools leave is stripped, link text kept (a line that
  is one link or one image is noise); a text or a line not in English is set aside (:mod:`iraqtext.language`);
* **word frequencies** (``wordfreq``) decide repairs: ``Iraqs`` becomes ``Iraq's`` only when the
  ``-s`` form is far rarer in English than its stem, the stem occurs in the same document and the
  context is a possessive one (a noun or adjective follows, no determiner precedes); a word that
  English does not know (``communitiesan``) is split where a dash was lost (``communities—an``).

Known limits: a pull quote that paraphrases its source paragraph with fewer than 60% of its words
in the same order is kept; a lost apostrophe on a common plural noun (``the presidents speech``)
is not repaired, because the plural reading cannot be ruled out without a parse; a bare heading
is kept as body even when it is a section label of the site rather than of the article.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .datafiles import read_once_per_content
from .language import in_other_script, other_language

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

REASONS: tuple[str, ...] = (
    "paywall", "caption", "pull_quote", "link_list", "appended_article", "notes", "bio", "site_chrome",
    "comment_form", "promo", "not_english",
)
REPAIR_KINDS: tuple[str, ...] = (
    "footnote_marker", "run_together", "possessive", "lost_dash", "contraction", "paragraph_break", "markdown",
    "trailing_url", "line_wrap",
)
MAX_PASSES = 5
# A paragraph longer than this is a scrape that lost its line breaks (a table's text flattened to one
# line, a PDF's text run together): the longest real paragraph among the package's thousands of body
# paragraphs has 248 words. It is broken at sentence ends into paragraphs of about PARAGRAPH_WORDS, so
# per-paragraph frames mean what they mean elsewhere and no text reaches the parser whole.
MAX_PARAGRAPH_WORDS = 400
PARAGRAPH_WORDS = 120
# A run with no sentence end is cut at a space every this many characters (spaCy refuses a text of
# over a million characters, and its memory use grows with the length of what it is given).
MAX_PIECE_CHARS = 20_000

# --- shape signals (wording lives in data/boilerplate.yaml, see iraqtext.boilerplate) ------------
# A line that is only a date or time ("March 5, 2024", "Updated 3:45 PM EST, Tue March 5, 2024").
_DATE_ONLY_RE = re.compile(
    r"(?i:published|updated|posted|last updated|on|at|am|pm|[a-z]{2,4}t|gmt|utc|"
    r"mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|"
    r"\d{1,4}(st|nd|rd|th)?|[:,/.|–-]"
)
# A wire-service trailer: "Reporting by Jane Roe; Editing by John Doe" (short, no full stop or with a semicolon).
_CREDITS_TRAILER_RE = re.compile(r"^(additional )?(reporting|writing|editing|research|compiled) by [^.]{2,150}$",
                                 re.IGNORECASE)
# A byline: "By Jane Roe", "By Jane Roe and John Doe, Reuters".
_BYLINE_RE = re.compile(r"^[Bb]y ([A-Z][\w.'’-]+ ?){1,4}((,| and|&) ([A-Z][\w.'’-]+ ?){1,4})*(\s*[,|–-].{0,40})?$")
_BIO_ROLE_RE = re.compile(
    # the subject is a name, not a sentence's opening words ("The effort is part of NATO's mission, Jane Doe,
    # Deputy Director of …, told …"; "It is worth noting that Secretary Austin …")
    r"^(?:• ?)?(?!(?:The|It|This|That|There|These|Those|Its|Our|Their|What|Which|Such|An?|In|On|At|For|But|And)\b)"
    r"[A-Z][\w.'’ -]{1,60}? (is|was|serves as|served as) [^.]{0,150}?"
    r"\b(?i:fellow|professor|director|founder|analyst|editor|correspondent|author|writer|researcher|scholar|"
    r"chair|columnist|journalist|contributor|adviser|advisor|lecturer|expert|president of|member of|"
    r"head of|ambassador|co-?founder|associate|specialist|chief|secretary|reporter|producer|commentator|"
    r"historian|economist|host|novelist|blogger)\b"
)
_BIO_SUBJECT_RE = re.compile(r"^([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}) (?:is|was|serves as|served as)\b")
_BIO_CONTINUATION_RE = re.compile(r"^(She|He|Her|His|They|Their) (is|was|has|have|previous|current|recent|work|research|"
                                  r"book|writing|also|holds|earned|received|served|teaches|lives)\b")
_NOTES_HEADING_RE = re.compile(
    r"^((selected|further|suggested|recommended|select) )?(notes|end ?notes|foot ?notes|references|sources|citations|"
    r"bibliography|works cited|reading)( (on|for|about) [^.]{2,60})?\s*:?$",
    re.IGNORECASE,
)
_CITATION_RE = re.compile(r"^(\[?\d{1,3}[\].)]?\s+|\^|ibid\b)|https?://\S+\W*$"
                          # "Adelman, Ken.  “Cakewalk in Iraq.”  Washington Post (February 13, 2002): p. A 27."
                          r"|^[A-Z][\w'’-]+, [A-Z][\w.'’ -]{0,40}\.\s+.*\b(1[89]|20)\d\d\b", re.IGNORECASE)
_LIST_MARKER_RE = re.compile(r"^([-–—*•·▪●]|\d{1,2}[.)])\s+")
# A month name, full or abbreviated ("Aug.", "August", "Sept."): shared by the date patterns below.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_RE = re.compile(
    rf"\b{_MONTH} \d{{1,2}}(st|nd|rd|th)?,? \d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
)
_LABEL_RE = re.compile(r"^[\w&'’ -]{2,30}( [|›»/>] [\w&'’ -]{2,30})+$")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*$")
_WORD_RE = re.compile(r"[A-Za-z0-9’']+")
# A line cut mid-sentence (hard-wrapped text): it ends in a word no headline ends in.
_BROKEN_LINE_RE = re.compile(r"\b(the|a|an|of|to|in|on|at|by|for|with|and|or|but|which|as|from|its|their|his|"
                             r"this|these|than)$", re.IGNORECASE)
# A transcript's speaker label: "MCEVERS: …", "AL ASKARI: …".
_SPEAKER_RE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}:\s")
_URL_END_RE = re.compile(r"(https?://|www\.)\S+\W*$", re.IGNORECASE)
# The web addresses a post ends with ("… troops https://t.co/AbC1 https://t.co/x9"), and the space before.
_POST_URL_RE = re.compile(r"(\s+(https?://|www\.)\S+)+\s*$", re.IGNORECASE)
# A numbered reference: "5. Jane Roe, March 2007. Title. http://…", "7. ibid, p. 300".
_REFERENCE_RE = re.compile(r"^\[?\d{1,3}[\].)]\s+(\^|.*(\bibid\b|https?://|\bp{1,2}\.\s*\d|\b(19|20)\d\d\b))"
                           # an endnote without punctuation after its number: "21 Ibid.", "16 Jane Roe, “Title,”"
                           r"|^\d{1,3}\s+(ibid\b|[A-Z][\w.'’ -]{2,60},\s*[“\"‘]|.*\bp{1,2}\.\s*\d"
                           # "1 Melvyn Leffler, Confronting Saddam Hussein (New York: Oxford University Press, 2023)"
                           r"|[A-Z][\w.'’ -]{2,60},.*\([A-Z][\w .]+: [^()]{2,80}, (19|20)\d\d\))",
                           re.IGNORECASE)
# A caption: one sentence of description closed by the date the photo was taken, set off by a comma
# ("... in north Baghdad, June 13, 2007."), or pointing at its picture ("(pictured)", "seen here").
_DATED_CAPTION_RE = re.compile(rf",\s{_MONTH}\s\d{{1,2}},\s(?:19|20)\d\d\.?\s*$")
# The wire-photo caption's own date line: "... in Washington, Thursday, Aug. 7, 2014." (a weekday, then
# the full date, set off by commas), which may be followed by a sentence of background.
_WIRE_CAPTION_DATE_RE = re.compile(
    rf",\s(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s{_MONTH}\s\d{{1,2}},\s(?:19|20)\d\d\.(?:\s|$)")
_PICTURED_RE = re.compile(r"\((?:pictured|pictured [a-z ]{1,20}|left|right|centre|center|above|below)\)|\bseen here\b",
                          re.IGNORECASE)
# A teaser's summary cut short by the site: it ends in an ellipsis.
_TRUNCATED_RE = re.compile(r"(\.\.\.|…|\[(?:…|\.\.\.)\])\W{0,3}$")
# A headline signed with its author or site at the end: "Why the talks stalled - Jane Roe".
_SIGNED_HEADLINE_RE = re.compile(r"\S.{10,200}\s[-–|]\s+([A-Z][\w.'’-]*\.?)(\s+[A-Z][\w.'’-]*\.?){0,3}\s*$")


@dataclass(frozen=True, eq=False)  # identity hash: one object per phrase file (``_rules`` is cached), a cheap cache key
class _Rules:
    """The phrase families compiled for the line rules (see ``data/boilerplate.yaml``)."""

    paywall: "re.Pattern[str]"
    chrome_line: "re.Pattern[str]"
    chrome_phrase: "re.Pattern[str]"
    navigation_words: "re.Pattern[str]"
    link_line: "re.Pattern[str]"
    teaser_marker: "re.Pattern[str]"
    list_heading: "re.Pattern[str]"
    comment_form: "re.Pattern[str]"
    promo: "re.Pattern[str]"
    bio_start: "re.Pattern[str]"
    credit: "re.Pattern[str]"
    credit_hint: "re.Pattern[str]"


@read_once_per_content(maxsize=8)  # an edited phrase file gives new rules in a running session
def _rules(boilerplate: str | None = None) -> _Rules:
    from .boilerplate import load_phrases

    phrases = load_phrases(boilerplate)
    agencies = phrases.patterns["agencies"]
    credit = re.compile(
        rf"(\b[\w.'’-]+(?: [\w.'’-]+){{0,4}} ?/ ?(?:[\w.'’-]+ ){{0,3}}(?:{agencies})\b\W*$"  # Name / Reuters
        rf"|\b(?:photo|image|picture)s? (?:via|by|courtesy of|credit:?) (?:[^.]|\.(?= (?-i:[A-Z]))){{1,60}}\W*$"
        rf"|^[\[(]?(?:(?:header|featured|top|cover|lead) )?(?:image|photo|photograph|picture)(?: credit)?s?\s*:"
        rf"|\s(?:image|photo|picture)s?: (?-i:[A-Z])[^.]{{1,60}}\W*$|^\(c\)\s*[\w .'’-]{{2,60}}$|^image result for\b"
        rf"|^(?-i:[A-Z])[\w.'’-]+(?: [\w.'’-]+){{0,3}}, (?:{agencies})\W*$"  # "Alaa Al-Marjani, Reuters"
        rf"|\bsource: [^.]{{0,80}}(?:photo|images?|/)[^.]{{0,80}}\W*$"
        rf"|\bvia (?:{agencies})\W*$|^(?:photo(?:graph)?|credit|image)s?:|^image (?:source|caption),"
        rf"|\bphotograph: [^.]{{2,80}}\W*$"
        rf"|^(?:{agencies})(?: via (?:{agencies}))?\W*$"
        rf"|\b(?:{agencies}) Photo ?/ ?[\w.'’ -]{{2,40}}\)?\W*$"
        # the agency first, then the photographer: "REUTERS/Goran Tomasevic", "Getty Images/A. B."
        # (alone on its line or after the caption's last sentence, never inside one: "a Reuters/Ipsos poll")
        rf"|\[(?:{agencies})\]\W*$"  # "[EPA]" closing a caption
        rf"|(?:^|[.)]\s+)(?:{agencies}) ?/ ?(?-i:[A-Z])[\w.'’-]+(?: (?-i:[A-Z])[\w.'’-]+){{0,3}}\W*$"
        # the photographer and the outlet in parentheses closing a caption: "(Jack Gruber/USA TODAY)"
        rf"|\((?-i:[A-Z])[\w.'’-]+(?: (?-i:[A-Z])[\w.'’-]+){{0,3}} ?/ ?(?-i:[A-Z])[\w.'’ -]{{1,40}}\)\W*$"
        # a credit in parentheses closing a caption: "(U.S. Army photo by Sgt. A. B./Released)"
        rf"|\((?:[^()]*\b(?:photo|photograph|image|picture|courtesy)\b[^()]*|[^()]*/\s*(?:{agencies})[^()]*)\)\W*$"
        rf"|\bcredit:\s*[\w .'’-]{{2,60}}/|\b(?:hide|toggle|show) caption\b)",
        re.IGNORECASE,
    )
    return _Rules(
        paywall=phrases.regex("paywall"), chrome_line=phrases.regex("chrome_line", whole_line=True),
        chrome_phrase=phrases.regex("chrome_phrase"),
        navigation_words=phrases.regex("navigation_words"), link_line=phrases.regex("link_line", whole_line=False),
        teaser_marker=phrases.regex("teaser_marker", whole_line=True),
        list_heading=phrases.regex("list_heading", whole_line=True),
        comment_form=phrases.regex("comment_form", whole_line=True), promo=phrases.regex("promo"),
        bio_start=phrases.regex("bio_start"), credit=credit,
        # Every credit pattern contains one of these: a slash, a credit word or an agency name.
        credit_hint=re.compile(rf"/|photo|image|picture|credit|source|via|caption|\(c\)|©|\b(?:{agencies})\b", re.IGNORECASE),
    )


# --- repair signals ----------------------------------------------------------------------------
_FOOTNOTE_RE = re.compile(r"(?<=[A-Za-z)”’\"])([.!?,;:])(\d{1,3})(?=\s|$)")
_RUN_TOGETHER_RE = re.compile(r"(?<![A-Za-z.])([a-z]{2,}[)”’\"]?)([.!?])([A-Z](?:[a-z]|\s))")
_CONTRACTIONS = {
    "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't", "arent": "aren't",
    "wasnt": "wasn't", "werent": "weren't", "hasnt": "hasn't", "havent": "haven't", "hadnt": "hadn't",
    "wouldnt": "wouldn't", "couldnt": "couldn't", "shouldnt": "shouldn't", "mustnt": "mustn't",
    "theyre": "they're", "youre": "you're", "weve": "we've", "theyve": "they've", "youve": "you've",
    "shouldve": "should've", "wouldve": "would've", "couldve": "could've", "thats": "that's",
    "whats": "what's", "theres": "there's", "heres": "here's", "lets": None,
}
_DASH_FOLLOWERS = (
    "and", "an", "a", "the", "in", "or", "but", "not", "which", "who", "that", "as", "to", "of", "its",
    "his", "her", "their", "even", "if", "with", "from", "including", "especially", "whether", "at",
    "on", "for", "by", "all", "both", "each", "one", "some", "most", "many", "only", "just", "often",
)
_DETERMINERS = {
    "the", "these", "those", "many", "some", "all", "both", "several", "two", "three", "four", "few",
    "other", "most", "various", "numerous", "such", "more", "fewer", "no", "any",
}
_NON_NOUN_NEXT = {
    "is", "are", "was", "were", "be", "been", "have", "has", "had", "and", "or", "but", "of", "to", "in",
    "on", "at", "for", "with", "by", "from", "that", "which", "who", "whom", "will", "would", "can",
    "could", "should", "may", "might", "must", "do", "does", "did", "as", "than", "into", "over",
    "under", "about", "after", "before", "since", "if", "when", "while", "where", "because", "also",
    "not", "say", "said", "says", "themselves", "itself", "alone", "too", "so", "yet", "nor", "a", "an",
    "the", "this", "these", "those", "it", "they", "we", "he", "she", "i", "you",
}


_END_OF_ARTICLE = {"bio", "notes", "paywall"}
# What stands between an article and whatever a site glues after it.
_END_OF_ARTICLE_SIGNS = _END_OF_ARTICLE | {"comment_form", "promo", "appended_article"}


@dataclass(frozen=True)
class RemovedBlock:
    """A block taken out of the article: why, its text, and its 1-based line in the input."""

    reason: str
    text: str
    position: int


@dataclass(frozen=True)
class Repair:
    """A change made inside a kept block: what kind, the text before and after, and its line."""

    kind: str
    before: str
    after: str
    position: int


@dataclass(frozen=True)
class CleanResult:
    """The cleaned article (paragraphs separated by blank lines) and the audit trail."""

    text: str
    removed: tuple[RemovedBlock, ...] = field(default_factory=tuple)
    repairs: tuple[Repair, ...] = field(default_factory=tuple)


@dataclass
class _Block:
    line: int  # 1-based line in the raw input
    text: str
    group: int  # consecutive non-blank lines share a group


# --- block-level predicates ------------------------------------------------------------------
def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (letters, digits, apostrophes).

    >>> words("Iraq’s 2,500 troops")
    ['iraq’s', '2', '500', 'troops']
    """
    return list(_word_tuple(text))


@lru_cache(maxsize=20_000)  # every pass of clean_text splits the blocks it kept again
def _word_tuple(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD_RE.findall(text))


#: Days and months say when, not what about: a weather report dated Friday shares no subject with an
#: article dated Friday, so they are not content words.
_CALENDAR_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                             "february", "march", "april", "june", "july", "august", "september", "october",
                             "november", "december", "today", "tonight", "yesterday", "tomorrow", "weekend"})


@lru_cache(maxsize=20_000)
def _content_words(text: str) -> tuple[str, ...]:
    # cached: the rules ask for the same block's words many times over
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return tuple(w for w in _word_tuple(text) if len(w) > 3 and w not in ENGLISH_STOP_WORDS and w not in _CALENDAR_WORDS)


def is_heading(text: str) -> bool:
    """True for a short title-like line: at most 14 words, no sentence punctuation at the end.

    >>> is_heading("America’s Intransigence"), is_heading("The troops stayed.")
    (True, False)
    """
    stripped = text.strip()
    if not stripped or len(stripped) > 120 or _LIST_MARKER_RE.match(stripped):
        return False
    tokens = stripped.split()
    if len(tokens) > 14 or re.search(r"[.!:;,]$", stripped):
        return False
    return stripped[0].isupper() or stripped[0].isdigit()


def _is_chrome_line(text: str, rules: _Rules) -> bool:
    """A short line made only of navigation/sharing words, or only of a date and time."""
    if len(text) > 100:
        return False
    if not re.search(r"[A-Za-z]", rules.navigation_words.sub(" ", text)):
        return True
    return bool(_DATE_RE.search(text)) and not re.search(r"[A-Za-z]", _DATE_ONLY_RE.sub(" ", text))


def _is_sentence_like(text: str) -> bool:
    return bool(_SENTENCE_END_RE.search(text.strip())) and len(text.split()) >= 6


def _sentence_count(text: str) -> int:
    # An initial ("Lawrence J. Korb") does not end a sentence.
    return len(re.findall(r"(?<!\b[A-Z])[.!?…][\"'”’)\]]*(?:\s+(?=[A-Z“\"‘'(])|$)", text.strip()))


def _is_credit(text: str, rules: _Rules) -> bool:
    # The cheap hint first: the full credit pattern is slow to search and rarely matches.
    return len(text) <= 400 and bool(rules.credit_hint.search(text)) and bool(rules.credit.search(text.strip()))


def _is_described_photo(text: str) -> bool:
    """A one-sentence photo description: closed by ", <Month> <day>, <year>" or pointing at the picture.
    Reported speech is left alone (a body sentence may end in a date, but then someone *said* it)."""
    stripped = text.strip()
    wire_date = _WIRE_CAPTION_DATE_RE.search(stripped)
    if wire_date and len(stripped.split()) <= 80 and _sentence_count(stripped[:wire_date.start()]) == 0:
        return True  # the date closes the first sentence
    if (len(stripped.split()) > 60 or _sentence_count(stripped) > 1
            or re.search(r"[\"“”]|\bsaid\b|\bsays\b", stripped)):
        return False
    return bool(_DATED_CAPTION_RE.search(stripped) or _PICTURED_RE.search(stripped))


def _is_headline_link(text: str) -> bool:
    """A line shaped like a link to another story: short, no full stop, separators or a date."""
    stripped = text.strip()
    if len(stripped) > 260 or _SENTENCE_END_RE.search(stripped.rstrip("]) ")) and not _DATE_RE.search(stripped):
        return False
    signals = (
        bool(_LIST_MARKER_RE.match(stripped)),
        " - " in stripped or " | " in stripped or " – " in stripped,
        bool(_DATE_RE.search(stripped)),
    )
    return sum(signals) >= 2 or (signals[0] and not _SENTENCE_END_RE.search(stripped))


def _is_headline(text: str, min_words: int = 3, questions: bool = False) -> bool:
    """A line shaped like a headline: short, no full stop at the end, capitalised (``questions``: a
    headline may also be a question, as in lists of other stories)."""
    stripped = text.strip()
    ended = _SENTENCE_END_RE.search(stripped) and not (questions and stripped.endswith("?"))
    return (min_words <= len(stripped.split()) <= 20 and not ended
            and not _SPEAKER_RE.match(stripped) and not _BROKEN_LINE_RE.search(stripped)
            and (stripped[0].isupper() or stripped[0].isdigit() or stripped[0] in "“\"‘'"))


@lru_cache(maxsize=50_000)  # every pass of clean_text asks again about the lines it kept
def _line_reason(text: str, rules: _Rules) -> str | None:
    """The reason a block is noise by its own wording or shape, or ``None``."""
    n_words = len(text.split())
    if _MD_IMAGE_LINE_RE.match(text):
        return "caption"  # a picture in a Markdown scrape
    if _MD_LINK_LINE_RE.match(text):
        return "link_list"  # a menu item, a related story: a link to another page
    if _MD_RULE_RE.match(text):
        return "site_chrome"
    if in_other_script(text):
        return "not_english"  # an Arabic or Kurdish version printed beside the English one
    if len(text) <= 200 and rules.paywall.search(text):
        return "paywall"
    if _is_credit(text, rules) or _is_described_photo(text):
        return "caption"
    if len(text) <= 80 and (rules.chrome_line.match(text) or _LABEL_RE.match(text) and not _SENTENCE_END_RE.search(text)):
        return "site_chrome"
    if (rules.bio_start.match(text.lstrip("•*- ")) or len(text) <= 120 and _BYLINE_RE.match(text)
            or _CREDITS_TRAILER_RE.match(text) and (";" in text or not text.endswith("."))):
        return "bio"
    if len(text) <= 200 and rules.comment_form.match(text):
        return "comment_form"
    if n_words <= 25 and rules.promo.search(text):
        return "promo"
    if len(text) <= 400 and rules.chrome_phrase.search(text) or _is_chrome_line(text, rules):
        return "site_chrome"
    if len(text) <= 60 and rules.list_heading.match(text.strip(" :")):
        return "link_list"
    if len(text) <= 400 and rules.link_line.match(text) and not rules.teaser_marker.match(text):
        return "link_list"
    if n_words <= 25 and _URL_END_RE.search(text):
        return "site_chrome"  # a short line ending in a web address: an archive note, a link
    if n_words >= 6 and text == text.lower() and not re.search(r"[.,;:!?()\"“”]", text) and text.isascii():
        return "site_chrome"  # a run of lower-case words without punctuation: a tag cloud
    return None


# --- the article's vocabulary: another story glued after the article ---------------------------------
#: A segment needs this many content words to be judged by its vocabulary (a short quote is not).
TOPICAL_MIN_WORDS = 30
#: A segment of the article shares at least this share of its (rarity-weighted) content words with
#: the text before it (and the title)...
ARTICLE_OVERLAP = 0.12
#: ... and a segment after the article that shares less than this is another story.
OFF_TOPIC_OVERLAP = 0.06
#: ... and one that shares less than this (a football report after an article on Iraq) is another story
#: even when only one noise block marks where the article ended (after an article of some length).
UNRELATED_OVERLAP = 0.01
#: ... and one under a headline of its own that shares less than this is another story even with no noise
#: block between. Measured: the article's own paragraphs under a subheading share 0.04 or more once the article
#: has 60 content words (eight annotated sets), and 0.03 where a teaser's summary runs into them (held-out 9,
#: where 0.03 took two body lines); weather reports and film reviews glued after an article share 0.007–0.02.
HEADED_STRANGER_OVERLAP = 0.02
#: After a "Read more" marker, a paragraph with this many content words that shares the article's rare
#: words (:data:`ARTICLE_OVERLAP`) is the article resuming, not another story's teaser.
RESUMING_MIN_WORDS = 12
#: A story under its own headline, glued straight after the article, is judged by its names once the
#: article before it has this many content words (the article's own title has nothing before it).
STRANGER_AFTER_WORDS = 60


_NAME_RE = re.compile(r"[A-Z][A-Za-z’'\-.]+")
_NAME_SUFFIX_RE = re.compile(r"(’s|'s|\.)$")
#: The Arabic article as romanised before a name (*al-Maliki*, *ash-Shabab*, *el-Sisi*); entities reads names by it too.
ARABIC_ARTICLES = frozenset({"al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "az"})
_ARABIC_ARTICLE_RE = re.compile(r"^(?:" + "|".join(f"[{a[0]}{a[0].upper()}]{a[1:]}" for a in sorted(
    ARABIC_ARTICLES, key=lambda a: (-len(a), a))) + r")-(?=[A-Z])")  # "Al-Sadr" too, not "AL-"


@lru_cache(maxsize=20_000)
def _proper_names(text: str) -> frozenset[str]:
    """Capitalised words that are not everyday words (so not *The* or *However* at a sentence's start):
    the people, places and organisations a paragraph is about."""
    out = set()
    for token in text.split():
        # the Arabic article goes: "al-Maliki's" and "Maliki's" name one man
        word = _ARABIC_ARTICLE_RE.sub("", token.strip("\"“”‘’'()[],.;:!?"))
        if _NAME_RE.fullmatch(word) and _zipf(word.lower()) < 5.0:
            out.add(_NAME_SUFFIX_RE.sub("", word.lower()))
    return frozenset(out)


def _mostly_new(title_words: list[str], vocab: set[str]) -> bool:
    """A title whose words the text before it hardly uses (at most a third of them): another story's."""
    return bool(title_words) and sum(w in vocab for w in title_words) <= len(title_words) / 3


def _stop_word_share(text: str) -> float:
    """Share of English stop words among the words of ``text`` (about 0.4–0.5 in English prose)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    tokens = words(text)
    return sum(w in ENGLISH_STOP_WORDS for w in tokens) / len(tokens) if tokens else 0.0


def _titled_strangers(texts: list[str], labels: dict[int, str], segments: list[list[int]]) -> list[list[int]]:
    """Another story glued straight after the article, with nothing between: a headline line whose words
    the article hardly uses, over a paragraph that names none of the people, places or organisations the
    article named (*UN chief commends Kenyans for peaceful polls* after a report from Baghdad), and the
    paragraphs after it that name none of them either. Only after :data:`STRANGER_AFTER_WORDS` words of
    article; an article's own subheading is followed by names it has already used. ``segments``: those
    of :func:`_segments`."""
    seen: list[int] = []  # the article's blocks so far (names are read only when a candidate needs them)
    vocab: set[str] = set()
    article_words = 0
    for k, segment in enumerate(segments):
        heading = segment[0] if len(segment) == 1 and segment[0] not in labels and _is_headline(texts[segment[0]], min_words=2) \
            and not texts[segment[0]].rstrip().endswith(":") else None  # "Here's an analogy:" leads into the article
        # the story's own dek, byline or date lines may stand between its headline and its first paragraph
        deks: list[int] = []
        while heading is not None and len(deks) < 2 and k + 1 + len(deks) < len(segments):
            after = segments[k + 1 + len(deks)]
            if len(after) != 1 or after[0] in labels or not _is_headline(texts[after[0]], min_words=1):
                break
            deks.append(after[0])
        following = segments[k + 1 + len(deks)] if k + 1 + len(deks) < len(segments) else []
        if heading is not None and article_words >= STRANGER_AFTER_WORDS and \
                sum(len(_content_words(texts[i])) for i in following) >= 12:
            title_words = [w for w in _content_words(texts[heading]) if w.isalpha()]
            names = frozenset().union(*(_proper_names(texts[i]) for i in seen))
            new_names = frozenset().union(*(_proper_names(texts[i]) for i in following))
            if _mostly_new(title_words, vocab) and len(new_names) >= 2 and len(names) >= 3 and not new_names & names \
                    and _stop_word_share(" ".join(texts[i] for i in following)) >= 0.3:  # English: capitals mark names
                story = [heading, *deks, *following]
                for later in segments[k + 2 + len(deks):]:  # the story goes on while it names nothing of the article
                    if any(i in labels for i in later) or _proper_names(" ".join(texts[i] for i in later)) & names:
                        break
                    story.extend(later)
                return [story]
        for i in segment:
            if i not in labels:
                seen.append(i)
                vocab |= {w for w in _content_words(texts[i]) if w.isalpha()}
                if heading is None and _is_sentence_like(texts[i]) and len(texts[i].split()) >= 15:
                    article_words += len(_content_words(texts[i]))  # prose, not the menus above a page's article
    return []


@lru_cache(maxsize=50_000)
def _rarity(word: str) -> float:
    """Weight of a content word in topical overlap: rare words (names, places, subject terms) count
    fully, everyday words little or not at all (``wordfreq`` Zipf frequency)."""
    zipf = _zipf(word)
    return 1.0 if zipf < 4.0 else 0.5 if zipf < 5.0 else 0.1 if zipf < 6.0 else 0.0


def _rare_word_share(words: list[str], known: Container[str]) -> float:
    """Share of ``words``, each weighted by :func:`_rarity`, that are in ``known`` (0 when none is rare)."""
    mass = sum(_rarity(w) for w in words)
    return sum(_rarity(w) for w in words if w in known) / mass if mass else 0.0


def _shares_less_than(limit: float, bags: Iterable[list[str]], known: Container[str]) -> bool:
    """Whether the rarity-weighted mass of the words in ``bags`` that are ``known`` stays below ``limit``
    (:func:`_rare_word_share` times the total mass, read only until the limit is reached)."""
    mass = 0.0
    for bag in bags:
        for word in bag:
            if word in known:
                mass += _rarity(word)
                if mass >= limit and mass > 0:
                    return False
    return True


def _segments(texts: list[str], labels: dict[int, str]) -> list[list[int]]:
    """Runs of unlabeled blocks, split at labelled blocks and at headline-shaped lines (the title of
    whatever follows), each headline a segment of its own."""
    segments: list[list[int]] = []
    current: list[int] = []
    for i, text in enumerate(texts):
        if i in labels or _is_headline(text, min_words=2):
            if current:
                segments.append(current)
            current = []
            if i not in labels:
                segments.append([i])
        else:
            current.append(i)
    if current:
        segments.append(current)
    return segments


def _split_unrelated_tails(texts: list[str], segments: list[list[int]], title: str) -> tuple[list[list[int]], set[int]]:
    """Split a run of blocks where its last blocks (at least :data:`TOPICAL_MIN_WORDS` content words)
    share nothing rare with all the text before them: a weather forecast glued straight after the
    article's closing dek. The tail becomes a segment of its own, judged like any other. Returns the
    segments and the last block before each tail split off."""
    out: list[list[int]] = []
    tails: set[int] = set()
    bags = [[w for w in _content_words(t) if w.isalpha()] for t in texts]
    # Article prose (sentence-like blocks) before each block, in content words.
    prose_before = [0]
    for t in texts:
        prose_before.append(prose_before[-1] + (len(_content_words(t)) if _is_sentence_like(t) else 0))
    seen: set[str] = {w for w in _content_words(title) if w.isalpha()}
    done = 0
    for segment in segments:
        seen |= {w for i in range(done, segment[0]) for w in bags[i]}
        cut = None
        suffix = [0] * (len(segment) + 1)
        suffix_mass = [0.0] * (len(segment) + 1)
        for k in range(len(segment) - 1, -1, -1):
            suffix[k] = suffix[k + 1] + len(bags[segment[k]])
            suffix_mass[k] = suffix_mass[k + 1] + sum(_rarity(w) for w in bags[segment[k]])
        before = set(seen)
        for s in range(1, len(segment)):
            before |= set(bags[segment[s - 1]])
            if suffix[s] < TOPICAL_MIN_WORDS:
                break  # the tail only shrinks from here
            # The article must be there first, as prose at least as long as the tail: on a whole web page a
            # menu above the article shares nothing with it either, and the article is no tail of it.
            if len(before) < 2 * TOPICAL_MIN_WORDS or prose_before[segment[s]] < max(2 * TOPICAL_MIN_WORDS, suffix[s]):
                continue
            if _shares_less_than(UNRELATED_OVERLAP * suffix_mass[s], (bags[i] for i in segment[s:]), before):
                cut = s
                break
        out.extend([segment[:cut], segment[cut:]] if cut else [segment])
        if cut:
            tails.add(segment[cut - 1])
        seen |= {w for i in segment for w in bags[i]}
        done = segment[-1] + 1
    return out, tails


def _prose_leads(texts: list[str], labels: dict[int, str], start: int) -> bool:
    """Whether the unlabelled sentence-like blocks before ``start`` have at least as many words as all the
    unlabelled blocks from ``start`` on (an article first, not a menu above it)."""
    prose_before = sum(len(texts[i].split()) for i in range(start) if i not in labels and _is_sentence_like(texts[i]))
    rest = sum(len(texts[i].split()) for i in range(start, len(texts)) if i not in labels)
    return prose_before >= rest


def _off_topic_segments(texts: list[str], labels: dict[int, str], segments: list[list[int]],
                        title: str = "") -> list[list[int]]:
    """Other stories glued after the article: substantial segments after the article's last segment
    that share (almost) none of the vocabulary of everything before them and of the title, with the
    headline line just above each.

    Deliberately strict: article paragraphs often bring new names, so only a segment of at least
    :data:`TOPICAL_MIN_WORDS` content words sharing less than :data:`OFF_TOPIC_OVERLAP` of them, after
    the last segment that shares :data:`ARTICLE_OVERLAP`, is removed. ``segments``: those of :func:`_segments`.
    """
    segments, tails = _split_unrelated_tails(texts, segments, title)
    vocab = {w for w in _content_words(title) if w.isalpha()}
    overlaps: dict[int, float] = {}
    first: int | None = None
    seen = 0  # blocks whose words are in ``vocab``: every block before the segment, noise included
    vocab_before: dict[int, set[str]] = {}
    small: dict[int, float] = {}
    for k, segment in enumerate(segments):
        # (teasers included: on a whole web page the article's own words are often in its link lists)
        vocab |= {w for i in range(seen, segment[0]) for w in _content_words(texts[i]) if w.isalpha()}
        vocab_before[k] = set(vocab)
        bag = [w for i in segment for w in _content_words(texts[i]) if w.isalpha()]
        if k and len(segments[k - 1]) == 1 and _is_headline(texts[segments[k - 1][0]], min_words=2):
            # The headline right above is this segment's own title: its words do not count as shared.
            own_title = {w for w in _content_words(texts[segments[k - 1][0]]) if w.isalpha()}
            vocab_before[k] = vocab - (own_title - vocab_before[k - 1])
        in_vocab = vocab_before[k]
        if len(bag) >= TOPICAL_MIN_WORDS:
            overlaps[k] = _rare_word_share(bag, in_vocab)
            first = k if first is None else first
        elif len(bag) >= 5:
            small[k] = _rare_word_share(bag, in_vocab)
        vocab |= set(bag)
        seen = segment[-1] + 1
    article = [k for k, overlap in overlaps.items() if overlap >= ARTICLE_OVERLAP or k == first]
    if not article:
        return []
    last = max(article)
    off = []
    for k, overlap in overlaps.items():
        if k <= last or overlap >= OFF_TOPIC_OVERLAP:
            continue
        # Headline lines right above: the other story's title (and a section label).
        heading: list[int] = []
        j = k - 1
        while j > last and len(segments[j]) == 1 and _is_headline(texts[segments[j][0]], min_words=2):
            heading.insert(0, segments[j][0])
            j -= 1
        # The article must have ended first: closing boilerplate or two noise blocks stand between,
        # or the segment has a title of its own whose words the article never uses.
        between = [labels[i] for i in range(segments[last][-1] + 1, segments[k][0]) if i in labels]
        before = vocab_before[k]
        title_words = [w for i in heading for w in _content_words(texts[i]) if w.isalpha()]
        new_title = bool(between) and _mostly_new(title_words, before)
        # A story sharing next to nothing with the article needs only one noise block before it.
        split_off = segments[k][0] - 1 in tails  # the unrelated end of a run that began with the article's words
        unrelated = overlap < UNRELATED_OVERLAP and (len(between) >= 1 or split_off) and len(before) >= 2 * TOPICAL_MIN_WORDS
        # A story under a headline of its own that shares almost nothing (a weather forecast after a report on
        # car bombs) needs no noise block before it: an article's own subheading is followed by its words.
        # (Only after article prose at least as long as the rest: on a whole web page a section menu comes
        # first, and the article under its headline shares nothing with the menu either.)
        headed = bool(heading) and overlap < HEADED_STRANGER_OVERLAP and len(before) >= 2 * TOPICAL_MIN_WORDS \
            and _prose_leads(texts, labels, segments[k][0])
        if len(between) < 2 and not set(between) & _END_OF_ARTICLE_SIGNS and not new_title and not unrelated \
                and not headed:
            continue
        off.append(heading + segments[k])
    # A shorter off-topic paragraph right after removed teasers or another story belongs with them.
    removed = {i for segment in off for i in segment} | {i for i, r in labels.items() if r in ("link_list",
                                                                                               "appended_article")}
    for k, overlap in sorted(small.items()):
        if k > last and overlap < OFF_TOPIC_OVERLAP and segments[k][0] - 1 in removed:
            off.append(segments[k])
            removed.update(segments[k])
    return off


# --- the rules ---------------------------------------------------------------------------------
def _label_blocks(blocks: list[_Block], rules: _Rules, recurring: frozenset[str] = frozenset(),
                  title: str = "", shapes: bool = True) -> dict[int, str]:
    """Return ``{block index: reason}`` for every block judged to be noise. It reads only the blocks it is
    given (no memory of earlier passes), so the passes of :func:`clean_text` run to a fixed point."""
    from .boilerplate import line_key

    labels: dict[int, str] = {}
    n = len(blocks)
    texts = [b.text for b in blocks]

    for i, text in enumerate(texts):
        reason = _line_reason(text, rules)
        if reason is None and recurring and line_key(text) in recurring:
            reason = "site_chrome"  # the same line in other articles of this publisher: its boilerplate
        if reason:
            labels[i] = reason
    # Short list items sandwiched in a paywall box are part of it.
    for i, text in enumerate(texts):
        if i not in labels and len(text) <= 120 and _LIST_MARKER_RE.match(text):
            near = [labels.get(j) for j in (i - 1, i + 1, i - 2, i + 2) if 0 <= j < n]
            if "paywall" in near[:2] or near[:2].count(None) < 2 and "paywall" in near:
                labels[i] = "paywall"
    # Short lines between two lines of a comment form (an icon's alt text, "Twitter picture") are part of it.
    for i, text in enumerate(texts):
        if i not in labels and len(text) <= 80:
            above = next((labels[j] for j in range(i - 1, max(-1, i - 3), -1) if j in labels), None)
            below = next((labels[j] for j in range(i + 1, min(n, i + 3)) if j in labels), None)
            if above == below == "comment_form":
                labels[i] = "comment_form"
    # Caption text: short lines directly above a credit line, in the same group (a described photo is a
    # whole caption already: the lines above it are the article's).
    for i in range(n):
        # (a credit line that describes the photo itself is a whole caption: the lines above are the article's)
        if labels.get(i) == "caption" and _is_credit(texts[i], rules) and not (
                _is_described_photo(texts[i]) or len(texts[i].split()) >= 12):
            j = i - 1
            while j >= 0 and j not in labels and blocks[j].group == blocks[i].group and len(texts[j]) <= 250 \
                    and i - j <= 2:
                labels[j] = "caption"
                j -= 1
    _label_notes(blocks, labels)
    _label_above_title(texts, labels, title)
    _label_tag_runs(blocks, labels)
    _label_trailing_bios(texts, labels)  # before the vocabulary test: a bio is about the article's subject
    # Before the shapes, quotes without their full stop only: they look like headlines and would start a
    # story list. (Full sentences wait: a copy of one in a teaser below is not yet known to be noise.)
    _label_pull_quotes(texts, labels, unfinished_only=True)
    if shapes:
        _label_link_lists(texts, labels)
        _label_teaser_runs(texts, labels, rules, title)
        _label_appended(texts, labels, rules)
        segments = _segments(texts, labels)
        for segment in _off_topic_segments(texts, labels, segments, title) + _titled_strangers(texts, labels, segments):
            for i in segment:
                labels[i] = "appended_article"
    _label_signed_comments(texts, labels)
    _label_trailing_bios(texts, labels)
    _label_pull_quotes(texts, labels)
    return labels


_SIGNATURE_RE = re.compile(r"^(--?\s*)?[A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3}(, [A-Z][\w .'’-]{1,30})?$")


def _label_signed_comments(texts: list[str], labels: dict[int, str]) -> None:
    """Readers' comments after the article's closing chrome: two or more paragraphs each followed by a
    signature line (*Dan Wye, US*, *Jeanie B*), with sharing or comment chrome just above the first."""
    n = len(texts)
    i = 0
    while i < n:
        pairs = []
        j = i
        while j + 1 < n and j not in labels and j + 1 not in labels and len(texts[j].split()) >= 8 \
                and _SIGNATURE_RE.match(texts[j + 1].strip()) and len(texts[j + 1].split()) <= 6:
            pairs.append(j)
            j += 2
        if len(pairs) >= 2 and labels.get(i - 1) in ("site_chrome", "comment_form"):
            for k in range(i, j):
                labels[k] = "comment_form"
            i = j
        else:
            i += 1


def _label_above_title(texts: list[str], labels: dict[int, str], title: str) -> None:
    """Short lines above the article's title near the top (a section label, "BREAKING NEWS", a
    dateline city standing alone) are the site's, not the article's."""
    key = _letters(title)
    at = next((i for i, text in enumerate(texts[:6]) if key and _letters(text) == key), None)
    for i in range(at or 0):
        if i not in labels and len(texts[i].split()) <= 4 and not _SENTENCE_END_RE.search(texts[i].strip()):
            labels[i] = "site_chrome"


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _label_tag_runs(blocks: list[_Block], labels: dict[int, str]) -> None:
    """The tags under a ``Labels:`` / ``Tags:`` line, one per line ("Iraq,", "military,"), in its group."""
    for i, block in enumerate(blocks):
        if labels.get(i) == "site_chrome" and re.match(r"^(tags|labels|topics|categories)\s*:\s*$", block.text, re.I):
            j = i + 1
            while (j < len(blocks) and blocks[j].group == block.group and len(blocks[j].text.split()) <= 5
                   and not _SENTENCE_END_RE.search(blocks[j].text.strip())):
                labels.setdefault(j, "site_chrome")
                j += 1


def _label_notes(blocks: list[_Block], labels: dict[int, str]) -> None:
    """A notes heading and the citations after it; or, without a heading, a run of two or more
    numbered references (a number, then a date, page, ``ibid`` or web address)."""
    texts = [b.text for b in blocks]
    references = [i for i, t in enumerate(texts) if _REFERENCE_RE.match(t.strip())]
    for a, b in zip(references, references[1:]):
        if all(j in labels or j in references for j in range(a, b + 1)):
            for j in (a, b):
                labels[j] = "notes"
    for i, text in enumerate(texts):
        if _NOTES_HEADING_RE.match(text.strip()):
            following = [j for j in range(i + 1, len(texts)) if j not in labels or labels[j] == "notes"]
            citations = [j for j in following[:3] if _CITATION_RE.search(texts[j])]
            if not citations:
                continue
            labels[i] = "notes"
            for j in range(i + 1, len(texts)):
                if _CITATION_RE.search(texts[j]) or len(texts[j]) <= 300 and _DATE_RE.search(texts[j]):
                    labels.setdefault(j, "notes")
                elif j not in labels or labels[j] != "notes":
                    break


def _label_link_lists(texts: list[str], labels: dict[int, str]) -> None:
    """Runs of three or more headline-shaped lines are lists of links to other stories."""
    run: list[int] = []
    for i in range(len(texts) + 1):
        joins = i < len(texts) and i in labels and labels[i] != "bio" and (bool(run) or _LIST_MARKER_RE.match(texts[i]))
        if i < len(texts) and (_is_headline_link(texts[i]) or joins):
            run.append(i)
            continue
        unlabeled = sum(1 for j in run if j not in labels)
        if unlabeled >= 3 or unlabeled >= 2 and len(run) >= 3:
            for j in run:
                labels[j] = "link_list"
            # A headline just above the run (the reposted title) belongs to it.
            k = run[0] - 1
            if k >= 0 and k not in labels and is_heading(texts[k]) and (" - " in texts[k] or " | " in texts[k]):
                labels[k] = "link_list"
        run = []


#: A paragraph with this many content words, of whose rarity-weighted words this share the rest of the
#: text or the title also uses, is the article's own (:func:`_shares_the_articles_words`).
OWN_PARAGRAPH_MIN_WORDS = 20
OWN_PARAGRAPH_OVERLAP = 0.5


def _shares_the_articles_words(text: str, used: Counter, label: str | None,
                               min_words: int = OWN_PARAGRAPH_MIN_WORDS) -> bool:
    """Whether a paragraph's rare words are used elsewhere in the text (``used``: in how many unlabelled
    blocks and the title each word appears; the paragraph's own use does not count unless labelled)."""
    own = [w for w in _content_words(text) if w.isalpha()]
    mine = set(own) if label is None else set()
    elsewhere = {w for w in own if used[w] - (w in mine) > 0}
    return len(own) >= min_words and _rare_word_share(own, elsewhere) >= OWN_PARAGRAPH_OVERLAP


#: A teaser line ending in its own link: "Referring … Read more".
_ENDS_WITH_MARKER_RE = re.compile(r"\b(read more|continue reading|keep reading|read the full (story|article))\W*$",
                                  re.IGNORECASE)
#: The last summary of a teaser run, directly followed by the article, needs only this many content words
#: to be recognised as the article's own (the article right after it is evidence enough of where it belongs).
TRAILING_OWN_MIN_WORDS = 8
#: Under a run that starts with the page's own title, a summary-shaped paragraph this long is the lede.
LEDE_MIN_WORDS = 20


def _inline_link_blocks(texts: list[str], labels: dict[int, str], rules: _Rules) -> set[int]:
    """A "Read more" line heading the headlines under it, between two paragraphs of the article ("READ MORE"
    / headline / headline / the article going on): the marker and its headlines, which stand alone."""
    out: set[int] = set()
    for i, text in enumerate(texts):
        if i in labels or not rules.teaser_marker.fullmatch(text.strip()):
            continue
        heads = []
        j = i + 1
        while j < len(texts) and j not in labels and _is_headline(texts[j]):
            heads.append(j)
            j += 1
        if heads and j < len(texts) and j not in labels and _is_sentence_like(texts[j]) and len(texts[j].split()) >= 15 \
                and i > 0 \
                and _sentence_count(texts[i - 1]) >= 1 and not _is_headline(texts[i - 1]):
            out |= {i, *heads}
    return out


def _label_teaser_runs(texts: list[str], labels: dict[int, str], rules: _Rules, title: str = "") -> None:
    """Related-story teasers: three or more headline lines, each followed by at most a one-sentence
    summary and short bits (an author, a date); or two or more headlines signed with an author or
    site (``Headline - Jane Roe``). Article sections (a subheading, then paragraphs of several
    sentences) do not have this shape."""
    link_blocks = _inline_link_blocks(texts, labels, rules)
    for i in link_blocks:
        labels[i] = "link_list"
    candidates = [i for i in range(len(texts)) if labels.get(i, "link_list") in ("link_list", "pull_quote")
                  and not rules.list_heading.match(texts[i].strip(" :")) and i not in link_blocks]
    # Inline links labelled by their wording ("Also read: …", "More news: …", or "Also read |" with the
    # headline on the next line) are whole in themselves: the paragraph after one is the article going on.
    inline_links = {i for i, r in labels.items() if r == "link_list"}
    inline_links |= {i + 1 for i in inline_links if texts[i].rstrip().endswith(("|", ":"))}
    runs: list[list[int]] = []
    run: list[int] = []
    headlines: set[str] = set()  # distinct headlines: a page printing its own title three times is no list
    title_key = _letters(title)
    header = False  # the run starts with the page's own title
    since_headline = 0
    for position, i in enumerate(candidates):
        contiguous = not run or candidates[position - 1] == run[-1]
        # A list's own heading ("Latest stories") starts the list: what stands above it is not part of it.
        if run and any(rules.list_heading.match(texts[j].strip(" :")) for j in range(run[-1] + 1, i)):
            contiguous = False
        text = texts[i]
        headline = _is_headline(text)
        if not run and labels.get(i) == "pull_quote":
            headline = False  # a quote from the article starts no list (inside one, a teaser repeating it may)
        # After a headline: its one-or-two-sentence summary (only directly after it; one cut short by "…"
        # may be longer) and short bits (an author, a date, "Full story"); an article's lede after its
        # title is not a summary run. (Question headlines and two-paragraph summaries were tried: on
        # whole web pages they took blog posts' short paragraphs under question subheadings.)
        short_bit = len(text.split()) <= 6
        summary = since_headline == 0 and (
            _sentence_count(text) <= 2 and len(text.split()) <= 60
            or _TRUNCATED_RE.search(text) is not None and len(text.split()) <= 120)
        if summary and run and run[-1] in inline_links:
            summary = False
        if summary and header and len(text.split()) >= LEDE_MIN_WORDS:
            summary = False  # under the page's own header (title, dek, caption, byline): the article's lede
        if contiguous and run and (headline or (short_bit or summary) and since_headline < 2):
            run.append(i)
            if headline:
                headlines.add(text.strip().lower())
            since_headline = 0 if headline else since_headline + 1
            continue
        if run and len(headlines) >= 3:
            runs.append(run)
        run, headlines, since_headline = ([i], {text.strip().lower()}, 0) if headline else ([], set(), 0)
        header = headline and bool(title_key) and _letters(text) == title_key
    if run and len(headlines) >= 3:
        runs.append(run)
    # How often each word is used in the title and the blocks not yet judged (for the tests below; most
    # texts have no run, and then nothing is counted).
    used: Counter = Counter()
    if runs:
        used.update(w for k in range(len(texts)) if k not in labels for w in set(_content_words(texts[k])))
        used.update(set(_content_words(title)))
    for run in runs:
        # A plain list of headlines (no summary under any but the last) ends at its last headline: the
        # paragraph after it is the article resuming, not that headline's summary.
        heads = [j for j in run if _is_headline(texts[j], questions=True)]
        if not any(heads[0] < j < heads[-1] and j not in heads for j in run):
            run = [j for j in run if j <= heads[-1]]
        # A list of headlines with a single paragraph among them: that paragraph is the article's own when
        # the rest of the text uses its rare words (teasers come with a summary under each, or none).
        paragraphs = [j for j in run if j not in heads and len(texts[j].split()) > 6
                      and (_SENTENCE_END_RE.search(texts[j].strip()) or _TRUNCATED_RE.search(texts[j]))]
        if len(paragraphs) == 1 and _shares_the_articles_words(texts[paragraphs[0]], used, labels.get(paragraphs[0])):
            run = [j for j in run if j != paragraphs[0]]
        # The last "summary" of a run, when the article goes on right after it and it uses the article's rare
        # words, is the article resuming after the teasers, not the last teaser's summary.
        last = run[-1] if run else None
        following = last + 1 if last is not None else len(texts)
        if (last in paragraphs and following < len(texts) and following not in labels
                and _sentence_count(texts[following]) >= 1 and not _is_headline(texts[following])
                and _shares_the_articles_words(texts[last], used, labels.get(last), TRAILING_OWN_MIN_WORDS)):
            run = run[:-1]
        # After a teaser that ends in its own "Read more", a paragraph of some length using the article's rare
        # words is the article resuming (the teaser's summary came before the marker).
        def resumes(j: int) -> bool:  # judged as after _label_appended's "Read more" marker
            own = [w for w in _content_words(texts[j]) if w.isalpha()]
            above = {w for k in range(run[0]) if k not in labels for w in _content_words(texts[k])}
            return len(own) >= RESUMING_MIN_WORDS and _rare_word_share(own, above) >= ARTICLE_OVERLAP

        resumed = next((j for j in run if j - 1 in run and _ENDS_WITH_MARKER_RE.search(texts[j - 1])
                        and j in paragraphs and resumes(j)), None)
        if resumed is not None:
            run = [j for j in run if j < resumed]
        for j in run:
            labels.setdefault(j, "link_list")
    _label_truncated_teasers(texts, labels)
    _label_title_summary_pairs(texts, labels)
    # A lone bulleted headline between paragraphs (no list around it) is a link to another story; a
    # document that is that one line has no story around it to link away from.
    for i, text in enumerate(texts):
        neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(texts)]
        if (i not in labels and neighbours and _LIST_MARKER_RE.match(text) and _is_headline(_LIST_MARKER_RE.sub("", text))
                and not any(_LIST_MARKER_RE.match(texts[j]) for j in neighbours)):
            labels[i] = "link_list"
    signed = [i for i in range(len(texts)) if i not in labels and _SIGNED_HEADLINE_RE.fullmatch(texts[i].strip())
              and not _SENTENCE_END_RE.search(texts[i].strip())]
    for a, b in zip(signed, signed[1:]):
        if b - a <= 3:
            labels[a] = labels[b] = "link_list"


#: Short-titled teasers (film reviews, products) are a list only when this many pairs follow each other.
MIN_TITLE_SUMMARY_PAIRS = 4


def _label_title_summary_pairs(texts: list[str], labels: dict[int, str]) -> None:
    """Teasers with short titles (*White Bird* / *This platitude-heavy infomercial for kindness …*): at least
    :data:`MIN_TITLE_SUMMARY_PAIRS` pairs in a row of a title line (one to six words, capitalised, no
    full stop) and a summary of exactly one sentence. An article section has paragraphs of several
    sentences, or fewer such pairs."""
    def pair_at(i: int) -> bool:
        return (i + 1 < len(texts) and i not in labels and i + 1 not in labels
                and _is_headline(texts[i], min_words=1) and len(texts[i].split()) <= 6
                and _sentence_count(texts[i + 1]) == 1 and 6 <= len(texts[i + 1].split()) <= 40
                and _SENTENCE_END_RE.search(texts[i + 1].strip()) is not None)
    i = 0
    while i < len(texts):
        j = i
        while pair_at(j):
            j += 2
        if (j - i) // 2 >= MIN_TITLE_SUMMARY_PAIRS:
            for k in range(i, j):
                labels[k] = "link_list"
        i = max(j, i + 1)


def _label_truncated_teasers(texts: list[str], labels: dict[int, str]) -> None:
    """Two or more teasers close together: a headline line, then a summary the site cut short with an
    ellipsis, then nothing but short bits (a date, "Read full story") before the next one."""
    pairs = []
    for i in range(len(texts) - 1):
        if (i not in labels and i + 1 not in labels and _is_headline(texts[i], min_words=2, questions=True)
                and _TRUNCATED_RE.search(texts[i + 1]) and len(texts[i + 1].split()) >= 10):
            pairs.append(i)
    for a, b in zip(pairs, pairs[1:]):
        if all(j in labels or len(texts[j].split()) <= 6 for j in range(a + 2, b)):
            for j in range(a, b + 2):
                labels.setdefault(j, "link_list")


def _label_appended(texts: list[str], labels: dict[int, str], rules: _Rules) -> None:
    """Teasers for other stories ('keep reading') glued after the article, to the end of the text.

    The walk back from the first marker takes the teaser's title, caption and opening paragraphs; it
    stops at the article's own closing boilerplate or at a paragraph that shares the article's
    vocabulary. After the marker, a long paragraph sharing the article's vocabulary (the article
    resuming after a mid-article "read more") is kept.
    """
    markers = [i for i, t in enumerate(texts) if len(t) <= 40 and rules.teaser_marker.match(t.strip())
               and labels.get(i) != "link_list"]  # (not the heading of an inline block of links)
    if not markers:
        return
    first = markers[0]
    # The article's words: its unlabelled blocks in the first half before the marker, and its prose after
    # the last marker if it resumes there (a page opening with paywall notices has little of it above).
    body_vocab = {w for j, t in enumerate(texts[: max(1, first // 2)]) if j not in labels for w in _content_words(t)}
    body_vocab |= {w for j in range(markers[-1] + 1, len(texts)) if j not in labels and _is_sentence_like(texts[j])
                   for w in _content_words(texts[j])}

    def article_like(j: int, vocab: set[str] = body_vocab) -> bool:
        own = _content_words(texts[j])
        return j not in labels and len(own) >= 8 and sum(w in vocab for w in own) / len(own) >= 0.45

    # Walk back over the teaser to its title (the nearest headline line), then over the labelled
    # blocks and headline lines above it (captions, repeated titles, section labels); a paragraph
    # of the article or the article's closing boilerplate stops the walk.
    start = first
    title = next((j for j in range(first - 1, -1, -1) if j not in labels and _is_headline(texts[j])
                  or labels.get(j) in _END_OF_ARTICLE), None)
    if title is not None and labels.get(title) not in _END_OF_ARTICLE \
            and not any(article_like(j) for j in range(title + 1, first)):
        start = title
        while start - 1 >= 0 and labels.get(start - 1) not in _END_OF_ARTICLE and (
                start - 1 in labels or _is_headline(texts[start - 1])):
            start -= 1
    # Up to the last marker everything is teasers; after it, the rest of the text is glued on only if
    # none of it reads as the article: otherwise the article resumes after an inline "Read more".
    # The article is judged by all its text above the teaser here, now that the teaser's start is known.
    article_vocab = {w for j in range(start) if j not in labels for w in _content_words(texts[j])}

    def on_topic(j: int) -> bool:
        """A paragraph of some length whose rare words the article shares (weighted as for another story
        glued on): after a short article most of a resuming paragraph's words are new to it."""
        own = [w for w in _content_words(texts[j]) if w.isalpha()]
        return (j not in labels and len(own) >= RESUMING_MIN_WORDS
                and _rare_word_share(own, article_vocab) >= ARTICLE_OVERLAP)

    tail = range(markers[-1] + 1, len(texts))
    end = markers[-1] + 1 if any(article_like(k, article_vocab) or on_topic(k) for k in tail) else len(texts)
    for k in range(start, end):
        if k not in labels and not (k > first and article_like(k)):
            labels[k] = "appended_article"
    for k in markers:
        labels[k] = "appended_article"


def _label_trailing_bios(texts: list[str], labels: dict[int, str]) -> None:
    """Author bios sit after the article: bio-shaped lines (and the lines about the same person that
    follow them: *She is an expert on …*, *Her previous work …*) followed only by noise."""
    pending: list[int] = []
    for i in range(len(texts) - 1, -1, -1):
        if i in labels:
            continue
        if _BIO_ROLE_RE.match(texts[i]) and len(texts[i]) <= 600:
            labels[i] = "bio"
            for j in pending:
                labels[j] = "bio"
            pending = []
        elif _BIO_CONTINUATION_RE.match(texts[i]) and len(texts[i]) <= 600 and len(pending) < 2:
            pending.append(i)
        else:
            break
    # Elsewhere (a box between paragraphs): a bio of someone the article never names again, in the bio's
    # own shape: "<Name> is a <role> ... . He has written four books ...".
    for i, text in enumerate(texts):
        subject = _BIO_SUBJECT_RE.match(text)
        if i in labels or not subject or len(text) > 600 or not _BIO_ROLE_RE.match(text):
            continue
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip())
        if len(sentences) < 2 or not _BIO_CONTINUATION_RE.match(sentences[1]):
            continue
        surname = subject.group(1).split()[-1]
        if not any(surname in texts[j] for j in range(len(texts)) if j != i and j not in labels):
            labels[i] = "bio"


#: A pull quote repeats at least this share of its words in order from a kept paragraph...
PULL_QUOTE_SHARE = 0.7
#: ... and at least this share in one unbroken run (measured on real pull quotes, some trimmed, against
#: body sentences restating a fact of another paragraph: those reach 0.61 and 0.33).
PULL_QUOTE_RUN = 0.4


#: The first blocks of a text: the page's header (title, dek, dateline), where a copy of the lede is a dek.
HEADER_BLOCKS = 3


def _label_pull_quotes(texts: list[str], labels: dict[int, str], unfinished_only: bool = False) -> None:
    """A short sentence whose words mostly repeat a longer kept paragraph, in order, is a pull quote;
    of two blocks that repeat each other at about the same length (a caption repeating the lede, a
    quote printed twice), the later one goes."""
    kept = [i for i in range(len(texts)) if i not in labels]
    if unfinished_only and all(_is_sentence_like(texts[i]) for i in kept):
        return  # nothing to look at: the usual case, and the words of every block need not be counted
    tokens = {i: _word_tuple(texts[i]) for i in kept}
    counts = {i: Counter(tokens[i]) for i in kept}
    vocab = {i: set(counts[i]) for i in kept}
    repeats = {i: len(tokens[i]) - len(vocab[i]) for i in kept}  # words beyond each distinct word's first use
    for i in kept:
        cand = tokens[i]
        if not 6 <= len(cand) <= 70 or _LIST_MARKER_RE.match(texts[i]):
            continue
        sentence_like = _is_sentence_like(texts[i])
        if unfinished_only and sentence_like:
            continue
        for j in kept:
            other = tokens[j]
            if j == i or j in labels or len(other) < len(cand) * 0.85:
                continue
            # Words matched in order are at most the words the two share: skip the costly alignment
            # when even that cannot reach the threshold. The shared distinct words plus the candidate's
            # repeats bound that count from above and need no counting: most pairs stop there.
            shared = vocab[i] & vocab[j]
            if len(shared) + repeats[i] < 0.6 * len(cand) or \
                    sum(min(counts[i][w], counts[j][w]) for w in shared) < 0.6 * len(cand):
                continue
            matcher = SequenceMatcher(None, cand, other, autojunk=False)
            blocks = matcher.get_matching_blocks()
            matched = sum(block.size for block in blocks)
            # A lifted sentence keeps long runs of the original's words; a body sentence that merely
            # restates a fact ("the bloc won 54 seats") shares words scattered in short runs.
            lifted = max(block.size for block in blocks) >= PULL_QUOTE_RUN * len(cand)
            if not sentence_like:
                if matched / len(cand) >= 0.9 and len(other) <= 1.2 * len(cand) and j < i:
                    labels[i] = "pull_quote"  # a line printed twice (a caption, a title): the later copy
                    break
                if matched / len(cand) >= 0.9 and len(cand) >= 8 and len(other) >= 1.5 * len(cand):
                    labels[i] = "pull_quote"  # a pull quote printed without its full stop
                    break
            elif _sentence_count(texts[j]) >= 2 or len(other) >= 2 * len(cand):
                if matched / len(cand) >= PULL_QUOTE_SHARE and lifted:
                    labels[i] = "pull_quote"  # a sentence lifted from a longer paragraph, wherever it stands
                    break
            elif matched / min(len(cand), len(other)) >= PULL_QUOTE_SHARE and lifted and j < i:
                # Two copies of one sentence (a caption repeating the lede): the later goes, unless the earlier
                # stands in the page's header and is no longer (a dek under the title repeating the lede,
                # which follows it with its dateline; a shorter later copy is a caption or a tweet quoting it).
                dek = j < HEADER_BLOCKS and len(cand) >= len(other) and not unfinished_only
                labels[j if dek else i] = "pull_quote"
                break


# --- repairs -----------------------------------------------------------------------------------
@lru_cache(maxsize=50_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _repair_block(text: str, doc_vocab: frozenset[str], line: int) -> tuple[str, list[Repair]]:
    repairs: list[Repair] = []

    def record(kind: str):
        def sub(match: re.Match, replacement: str) -> str:
            repairs.append(Repair(kind, match.group(0), replacement, line))
            return replacement
        return sub

    footnote = record("footnote_marker")
    text = _FOOTNOTE_RE.sub(lambda m: footnote(m, m.group(1)), text)
    run_together = record("run_together")
    text = _RUN_TOGETHER_RE.sub(lambda m: run_together(m, f"{m.group(1)}{m.group(2)} {m.group(3)}"), text)
    text = _repair_words(text, doc_vocab, record)
    return text, repairs


def _repair_words(text: str, doc_vocab: frozenset[str], record) -> str:
    tokens = list(re.finditer(r"[A-Za-z]+", text))
    pieces: list[str] = []
    last = 0
    for idx, match in enumerate(tokens):
        word = match.group(0)
        lower = word.lower()
        # A lower-case word can only be a possessive in "-ys" (militarys): other plurals need no look.
        maybe_possessive = lower.endswith("s") and (lower.endswith("ys") or not word.islower())
        if not (lower in _CONTRACTIONS or maybe_possessive or len(word) >= 6 and _zipf(lower) == 0.0):
            continue  # no repair applies (checked first: most words are fine)
        before = text[max(0, match.start() - 1): match.start()]
        after = text[match.end(): match.end() + 1]
        if before in "'’" and before or after in "'’" and after:
            continue  # already has an apostrophe (or is part of a quoted span)
        prev_word = tokens[idx - 1].group(0).lower() if idx else ""
        next_match = tokens[idx + 1] if idx + 1 < len(tokens) else None
        gap = text[match.end(): next_match.start()] if next_match else ""
        # A year or figure may sit between possessor and noun: "Iraqs 2018 election".
        next_word = next_match.group(0) if next_match and re.fullmatch(r" (\d[\d,]* )?", gap) else ""
        fixed, kind = _repair_word(word, prev_word, next_word, doc_vocab)
        if fixed != word:
            pieces.append(text[last: match.start()])
            pieces.append(record(kind)(match, fixed))
            last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _repair_word(word: str, prev_word: str, next_word: str, doc_vocab: frozenset[str]) -> tuple[str, str]:
    lower = word.lower()
    if lower in _CONTRACTIONS and _CONTRACTIONS[lower] and word.islower():
        return _CONTRACTIONS[lower], "contraction"
    possessive = _possessive_repair(word, prev_word, next_word, doc_vocab)
    if possessive:
        return possessive, "possessive"
    if len(word) >= 6 and _zipf(lower) == 0.0 and (word.islower() or word[0].isupper() and word[1:].islower()):
        split = _lost_dash_split(word, doc_vocab)
        if split:
            return f"{split[0]}—{split[1]}", "lost_dash"
    return word, ""


def _lost_dash_split(word: str, doc_vocab: frozenset[str]) -> tuple[str, str] | None:
    """Where a word English does not know splits into two that it does: ``joband`` → (job, and).

    A lower-case word may end in any short function word that follows a dash; a capitalized one
    (``Americainsults``) only splits after a name the document uses on its own.
    """
    best = None
    for cut in range(3, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        if word.islower():  # after a dash: a function word, or any very common short word ("let", "will")
            ok = _zipf(head) >= 3.0 and (tail in _DASH_FOLLOWERS or len(tail) <= 5 and _zipf(tail) >= 5.5)
        else:
            ok = head.lower() in doc_vocab and _zipf(head.lower()) >= 3.0 and (
                tail in _DASH_FOLLOWERS or len(tail) >= 4 and _zipf(tail) >= 3.0)
        if ok and (best is None or _zipf(head.lower()) > best[0]):
            best = (_zipf(head.lower()), head, tail)
    return (best[1], best[2]) if best else None


def _possessive_repair(word: str, prev_word: str, next_word: str, doc_vocab: frozenset[str]) -> str | None:
    """``Iraqs second city`` → ``Iraq's``; see the module docstring for the evidence required."""
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss") or word.isupper() and len(word) < 5:
        return None
    if not next_word or next_word.lower() in _NON_NOUN_NEXT:
        return None
    stem = word[:-1]
    lower, stem_lower = word.lower(), stem.lower()
    gap = _zipf(stem_lower) - _zipf(lower)
    if word.islower():
        # Common nouns: only where no plural can be meant (consonant + "ys": militarys, countrys).
        if re.search(r"[^aeiou]ys$", lower) and _zipf(stem_lower) >= 3.0 and gap >= 2.5:
            return f"{stem}'s"
        return None
    if stem.isupper() and len(stem) >= 3 and _zipf(lower) == 0.0 and _zipf(stem_lower) >= 2.5:
        return f"{stem}'s"  # an acronym whose -s form English never uses: USAIDs program
    if not stem[0].isupper() or stem_lower not in doc_vocab or prev_word in _DETERMINERS:
        return None
    return f"{stem}'s" if gap >= 1.0 else None


# --- driver ------------------------------------------------------------------------------------
# Characters ftfy may change (mojibake, HTML entities, controls, ligatures, full-width forms, odd line
# breaks and invisible marks); a line with none of them is left as it is, which saves most of its cost.
_FTFY_HINT_RE = re.compile("[&\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff\u2028\u2029\u200b-\u200f\u202a-\u202e"
                           "\u2060-\u206f\ud800-\udfff\ufb00-\ufb4f\ufeff\uff00-\uffef\ufff9-\ufffc]")


def _normalize(raw: str) -> str:
    """Line breaks, spaces and mojibake (ftfy, line by line, to a fixed point so that cleaning a
    cleaned text changes nothing)."""
    import ftfy

    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    for _ in range(3):
        before = text
        text = re.sub(r"[\u00a0\u2007\u202f\t\u200b]", lambda m: "" if m.group(0) == "\u200b" else " ", text)
        text = "\n".join(ftfy.fix_text(line, uncurl_quotes=False, fix_latin_ligatures=True, normalization="NFC")
                         if _FTFY_HINT_RE.search(line) else line for line in text.split("\n"))
        text = unicodedata.normalize("NFC", text)
        if text == before:
            break
    return text


def _split_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    group = 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        stripped = re.sub(r" {2,}", " ", line.strip())
        if not stripped:
            group += 1
            continue
        stripped = re.sub(r"^[•·▪●]\s*", "• ", stripped)
        blocks.append(_Block(line_no, stripped, group))
    return blocks


# --- Markdown (what scraping tools that write Markdown leave in the text) --------------------------
# A link or an image: [text](url "title"), ![alt](url); the URL may hold one level of parentheses.
_MD_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"
_MD_IMAGE_RE = re.compile(rf"\[?!\[[^\]]*\]{_MD_TARGET}(?:\]{_MD_TARGET})?")
_MD_LINK_RE = re.compile(rf"\[([^\]]+)\]{_MD_TARGET}")
# A line that is an image, or one link (with a list marker or a short lead such as "Read more:"): a
# picture, or a link to another page, never a sentence of the article.
_MD_IMAGE_LINE_RE = re.compile(rf"^\s*(?:[-*+]\s+)?{_MD_IMAGE_RE.pattern}\s*$")
_MD_LINK_LINE_RE = re.compile(rf"^\s*(?:[-*+]\s+|\d{{1,2}}[.)]\s+)?(?:[*_]*[\w ’':-]{{0,30}}[*_]*\s*)?"
                              rf"[*_]*\[[^\]]+\]{_MD_TARGET}[*_]*[\s.,;:!?)\]]*$")
_MD_EMPHASIS_RE = re.compile(r"(?<![\w*_])(\*{1,3}|_{2,3})(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*_])")
_MD_LINE_EMPHASIS_RE = re.compile(r"^([*_])(?=\S)([^*_]+?)(?<=\S)\1$")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_MD_QUOTE_RE = re.compile(r"^(?:>\s?)+")
_MD_RULE_RE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
# A character or run that every construct above needs: a line without one has no Markdown to strip.
_MD_SYNTAX_RE = re.compile(r"[\[*#>]|__|^\s*[-_](\s*[-_]){2,}\s*$")


def strip_markdown(line: str) -> str:
    """A line without its Markdown markup: link text without the URL, emphasis and heading and quote
    marks dropped; a line that is an image, one link or a rule is left as it is, for the rules to judge.

    >>> strip_markdown("## The [coalition](https://example.com/c) **stays**")
    'The coalition stays'
    """
    if not _MD_SYNTAX_RE.search(line):
        return line  # most lines: no character Markdown's syntax needs
    while True:  # to a fixed point, so cleaning stays idempotent (`**_a_**`, `> ## a`)
        stripped = _strip_markdown_once(line)
        if stripped == line:
            return line
        line = stripped


def _strip_markdown_once(line: str) -> str:
    if _MD_IMAGE_LINE_RE.match(line) or _MD_LINK_LINE_RE.match(line) or _MD_RULE_RE.match(line):
        return line
    text = _MD_QUOTE_RE.sub("", line)
    heading = _MD_HEADING_RE.match(text)
    text = heading.group(1) if heading else text
    text = _MD_IMAGE_RE.sub("", text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _MD_EMPHASIS_RE.sub(r"\2", text)
    text = _MD_LINE_EMPHASIS_RE.sub(r"\2", text.strip())
    return re.sub(r" {2,}", " ", text).strip()


# Where a sentence may end: after . ! ? (and closing quotes or brackets), before a capital, digit or
# opening quote; not after an abbreviation or an initial ("U.S. troops", "Gen. Votel", "Jan. 5").
_SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATION_RE = re.compile(
    r"(\b[A-Za-z]|\b(Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Cmdr|Adm|Sgt|Cpl|Pvt|Sen|Rep|Gov|Pres|Amb|Sec|"
    r"Rev|St|Jr|Sr|No|Nos|Vol|vs|etc|Inc|Co|Corp|Ltd|Dept|Mt|Ft|approx|est|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))\.$")


def _break_long_paragraph(text: str) -> list[str]:
    """A paragraph of more than :data:`MAX_PARAGRAPH_WORDS` words as paragraphs of whole sentences of
    about :data:`PARAGRAPH_WORDS` words each (a sentence is never cut, unless it alone runs past
    :data:`MAX_PIECE_CHARS`); any shorter paragraph as itself.

    >>> [len(p.split()) for p in _break_long_paragraph("U.S. troops stayed on. " * 101)]
    [120, 120, 120, 44]
    """
    if len(text.split()) <= MAX_PARAGRAPH_WORDS and len(text) <= MAX_PIECE_CHARS:
        return [text]
    sentences, start = [], 0
    for match in _SENTENCE_BREAK_RE.finditer(text):
        end = match.end(1)
        if not _ABBREVIATION_RE.search(text[max(start, match.start() - 12):match.start()]):
            sentences.append(text[start:end])
            start = match.end()
    sentences.append(text[start:])
    pieces = [chunk for sentence in sentences for chunk in _cut_at_spaces(sentence)]
    paragraphs, current, count = [], [], 0
    for piece in pieces:
        n = len(piece.split())
        if current and (count + n > PARAGRAPH_WORDS or sum(map(len, current)) + len(piece) > MAX_PIECE_CHARS):
            paragraphs.append(" ".join(current))
            current, count = [], 0
        current.append(piece)
        count += n
    paragraphs.append(" ".join(current))
    return paragraphs


def _cut_at_spaces(text: str) -> list[str]:
    """``text`` in pieces of at most :data:`MAX_PIECE_CHARS` characters, cut at spaces where there are any."""
    pieces = []
    while len(text) > MAX_PIECE_CHARS:
        cut = text.rfind(" ", 0, MAX_PIECE_CHARS)
        cut = cut if cut > 0 else MAX_PIECE_CHARS
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    return pieces + [text] if text else pieces


# Hard-wrapped text (a plain-text export, pdftotext's output, an e-mail newsletter): every line of a paragraph
# filled to about the same width. A text is read as wrapped when its longest lines (the 95th percentile) are
# at most WRAP_MAX_WIDTH characters and most lines followed by another line of the same paragraph reach
# WRAP_FILL of that width; such lines are joined to the next.
WRAP_MAX_WIDTH = 120
WRAP_FILL = 0.6
_WRAP_MIN_LINES = 6
_LINE_START_MARKER_RE = re.compile(r"^\s*([-–—*•·▪●]|\d{1,2}[.)])\s")


def _unwrap(text: str) -> tuple[str, int, int]:
    """``(text, lines, paragraphs)``: hard-wrapped text with each paragraph on one line, and how many lines
    became how many paragraphs; any other text as it is (``lines == paragraphs == 0``)."""
    lines = text.split("\n")
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < _WRAP_MIN_LINES:
        return text, 0, 0
    width = lengths[int(0.95 * (len(lengths) - 1))]
    inner = [line.strip() for line, following in zip(lines, lines[1:]) if line.strip() and following.strip()]
    if not 30 <= width <= WRAP_MAX_WIDTH or len(inner) < _WRAP_MIN_LINES or \
            sum(len(line) >= WRAP_FILL * width for line in inner) < 0.6 * len(inner) or \
            sum(bool(_SENTENCE_END_RE.search(line)) for line in inner) >= 0.5 * len(inner):
        return text, 0, 0  # (a list of lines that end their sentences is a list, not wrapped prose)
    out: list[str] = []
    joined = False  # whether the last line of ``out`` continues on the next line
    for line in lines:
        stripped = line.strip()
        if joined and stripped and not _LINE_START_MARKER_RE.match(stripped):
            out[-1] = join_wrapped(out[-1], stripped)
        else:
            out.append(stripped)
        joined = bool(stripped) and len(stripped) >= WRAP_FILL * width
    paragraphs = sum(1 for line in out if line)
    return "\n".join(out), len(lengths), paragraphs


def join_wrapped(first: str, second: str) -> str:
    """Two wrapped lines as one: a word hyphenated at the line end is joined whole when English knows it so
    (*govern-* / *ment*), and keeps its hyphen otherwise (*Iran-* / *backed*)."""
    head = re.search(r"([A-Za-z]+)-$", first)
    tail = re.match(r"[A-Za-z]+", second)
    if head and tail and not first.endswith("--"):
        if tail.group(0).islower() and _zipf((head.group(1) + tail.group(0)).lower()) >= 3.0:
            return first[:-1] + second
        return first + second  # "al-" / "Asad", "Iran-" / "backed"
    return f"{first} {second}"


def clean_text(raw: str, recurring: frozenset[str] = frozenset(), boilerplate: str | Path | None = None,
               title: str = "", extracted: bool = False) -> CleanResult:
    """Clean one scraped article.

    ``title`` (optional) is the article's title: it helps tell the article from another story glued
    after it. ``extracted=True`` says the text is an HTML extractor's article (menus, link lists and
    teasers already gone): only the wording rules and repairs run, not the rules on the shape of
    runs of lines, which would take an article's own lists for link lists. ``recurring`` holds lines (as :func:`iraqtext.boilerplate.line_key`) that recur in other documents
    of the same publisher (:func:`iraqtext.boilerplate.recurring_lines`; the build passes them);
    ``boilerplate`` is a YAML file extending the packaged phrase families.

    Before the rules, Markdown markup is stripped (link text kept), a one-line post loses the links it
    ends with, and a text not in English is set aside whole (:mod:`iraqtext.language`); after them, a
    paragraph of more than :data:`MAX_PARAGRAPH_WORDS` words is broken at sentence ends.

    Returns a :class:`CleanResult` whose ``text`` holds the article body as paragraphs separated
    by blank lines, ``removed`` every removed block with its reason (one of :data:`REASONS`) and
    ``repairs`` every in-text change. The rules run until nothing changes, so cleaning is
    idempotent: ``clean_text(clean_text(x).text).text == clean_text(x).text``.

    Examples
    --------
    >>> result = clean_text("Iraqs army retook the city.The fight for Iraq was long.\\n\\nSubscribe Now")
    >>> result.text
    "Iraq's army retook the city. The fight for Iraq was long."
    >>> [r.reason for r in result.removed]
    ['paywall']
    """
    rules = _rules(str(boilerplate) if boilerplate else None)
    text, wrapped_lines, unwrapped = _unwrap(_normalize(raw))
    blocks = _split_blocks(text)
    repairs: list[Repair] = []
    if wrapped_lines:
        repairs.append(Repair("line_wrap", f"{wrapped_lines} hard-wrapped lines", f"{unwrapped} lines", 1))
    for block in blocks:
        stripped = strip_markdown(block.text)
        if stripped != block.text:
            repairs.append(Repair("markdown", block.text, stripped, block.line))
            block.text = stripped
    blocks = [b for b in blocks if b.text]
    if len(blocks) == 1 and (post := _POST_URL_RE.sub("", blocks[0].text)) != blocks[0].text \
            and len(post.split()) >= 5:
        # A document of one line is a post (a tweet, a channel message): the address it ends with is
        # what it links to, not a link line between paragraphs of an article.
        repairs.append(Repair("trailing_url", blocks[0].text, post, blocks[0].line))
        blocks[0].text = post
    if other_language(" ".join(b.text for b in blocks)) is not None:  # the models read English only
        return CleanResult(text="", removed=tuple(RemovedBlock("not_english", b.text, b.line) for b in blocks),
                           repairs=tuple(repairs))
    removed: list[RemovedBlock] = []
    stable: set[str] = set()  # block texts a repair pass left unchanged under the current vocabulary
    last_vocab: frozenset[str] = frozenset()
    for _ in range(MAX_PASSES):
        labels = _label_blocks(blocks, rules, recurring, title, shapes=not extracted)
        removed.extend(RemovedBlock(labels[i], b.text, b.line) for i, b in enumerate(blocks) if i in labels)
        kept = [b for i, b in enumerate(blocks) if i not in labels]
        vocab = frozenset(w for b in kept for w in _word_tuple(b.text))
        if vocab != last_vocab:
            stable, last_vocab = set(), vocab
        changed = bool(labels)
        for block in kept:
            if block.text in stable:
                continue  # repairs depend only on the text and the vocabulary: nothing would change
            new_text, block_repairs = _repair_block(block.text, vocab, block.line)
            if new_text == block.text:
                stable.add(block.text)
            if new_text != block.text:
                changed = True
                repairs.extend(block_repairs)
                block.text = new_text
        # From the second pass on, the blocks are read as the output will be: one per paragraph.
        blocks = [_Block(b.line, b.text, k) for k, b in enumerate(kept)]
        if not changed:
            break
    removed.sort(key=lambda r: r.position)
    paragraphs = []
    for block in blocks:
        pieces = _break_long_paragraph(block.text)
        paragraphs.extend(pieces)
        if len(pieces) > 1:
            repairs.append(Repair("paragraph_break", f"{len(block.text.split())} words in one paragraph",
                                  f"{len(pieces)} paragraphs", block.line))
    return CleanResult(
        text="\n\n".join(paragraphs),
        removed=tuple(removed),
        repairs=tuple(repairs),
    )


def clean_corpus(docs: "pd.DataFrame", progress: bool = True) -> tuple["pd.DataFrame", "pd.DataFrame", "pd.DataFrame"]:
    """Clean every document of :func:`iraqtext.load_corpus` output.

    Returns ``(documents, removed, repairs)``: the documents with ``text``, ``n_words_raw`` and
    ``n_words_clean`` added (``raw_text`` dropped), and the audit tables in long form
    (``doc_id, reason, text, position`` and ``doc_id, kind, before, after, position``).
    """
    import pandas as pd
    from tqdm.auto import tqdm

    texts, removed_rows, repair_rows = [], [], []
    for doc_id, raw in tqdm(list(zip(docs["doc_id"], docs["raw_text"])), desc="cleaning", unit="doc",
                            disable=not progress):
        result = clean_text(raw)
        texts.append(result.text)
        removed_rows.extend((doc_id, r.reason, r.text, r.position) for r in result.removed)
        repair_rows.extend((doc_id, r.kind, r.before, r.after, r.position) for r in result.repairs)
    documents = docs.drop(columns=["raw_text"]).assign(
        text=texts,
        n_words_raw=[len(words(t)) for t in docs["raw_text"]],
        n_words_clean=[len(words(t)) for t in texts],
    )
    removed = pd.DataFrame(removed_rows, columns=["doc_id", "reason", "text", "position"])
    repairs = pd.DataFrame(repair_rows, columns=["doc_id", "kind", "before", "after", "position"])
    return (
        documents.astype({"n_words_raw": "int64", "n_words_clean": "int64"}),
        removed.astype({"position": "int64"}).sort_values(["doc_id", "position"], kind="stable").reset_index(drop=True),
        repairs.astype({"position": "int64"}).sort_values(["doc_id", "position"], kind="stable").reset_index(drop=True),
    )


def split_paragraphs(text: str) -> list[tuple[int, str, bool]]:
    """``(para_id, text, is_heading)`` of each paragraph of a cleaned text, ``para_id`` from 1.

    >>> split_paragraphs("Title\\n\\nBody text.")
    [(1, 'Title', True), (2, 'Body text.', False)]
    """
    return [(para_id, para, is_heading(para))
            for para_id, para in enumerate((p for p in text.split("\n\n") if p.strip()), start=1)]


def paragraphs(docs: "pd.DataFrame") -> "pd.DataFrame":
    """One row per paragraph of the cleaned text: ``doc_id, para_id, text, is_heading, n_chars``.

    ``docs`` needs ``doc_id`` and ``text`` (cleaned; see :func:`clean_corpus`). ``para_id`` counts
    from 1 within each document, in reading order.

    >>> import pandas as pd
    >>> paragraphs(pd.DataFrame({"doc_id": ["d"], "text": ["Title\\n\\nBody text."]}))["is_heading"].tolist()
    [True, False]
    """
    import pandas as pd

    rows = [(doc_id, para_id, para, heading, len(para))
            for doc_id, text in zip(docs["doc_id"], docs["text"])
            for para_id, para, heading in split_paragraphs(text)]
    frame = pd.DataFrame(rows, columns=["doc_id", "para_id", "text", "is_heading", "n_chars"])
    return frame.astype({"para_id": "int64", "is_heading": "bool", "n_chars": "int64"})
