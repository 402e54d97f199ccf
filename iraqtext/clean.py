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
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

REASONS: tuple[str, ...] = (
    "paywall", "caption", "pull_quote", "link_list", "appended_article", "notes", "bio", "site_chrome",
)
REPAIR_KINDS: tuple[str, ...] = (
    "footnote_marker", "run_together", "possessive", "lost_dash", "contraction",
)
MAX_PASSES = 5

# --- phrase signals --------------------------------------------------------------------------
_PAYWALL_RE = re.compile(
    r"you are reading (a free article|an excerpt|a preview)|subscribe (now|today|to|for)|"
    r"already a subscriber|subscribers? (only|get|can|enjoy)|for subscribers|sign in|log in to|create (a )?free account|unlimited access|paywall|"
    r"unlock (access|this|full)|issues a year|to continue reading|register (now|for free|to read)|"
    r"get full access|start your free trial|already have an account",
    re.IGNORECASE,
)
_CHROME_RE = re.compile(
    r"^(follow us( on [\w ]+)?|share( this)?( article| story| page| on \w+)?|print( this( page| article)?)?|"
    r"e-?mail( this)?|tweet|facebook|twitter|linkedin|whatsapp|reddit|copy link|advertisement|"
    r"skip to (main )?content|menu|search|close|back to top|listen to (this )?article|"
    r"(sign up|subscribe) (for|to) (our|the) [\w ]*newsletter.*|newsletter|related( articles| stories| posts| content)?|"
    r"(tags|topics|filed under|categories)\s*:.*|\d+ comments?|comments?|all rights reserved.*|"
    r"(©|copyright ©?) ?\d{4}.*|most (read|popular)|trending( now)?|you (may|might) also like|recommended( for you)?|"
    r"(story|article) continues( below)?.*|advertisement\W+scroll to continue.*|scroll to continue.*|"
    r"log ?in|log ?out|sign ?in|sign ?up|register|subscribe|donate|support us|leave a (comment|reply)|"
    r"(post|view|show|hide) comments|\d+ min(ute)?s? read|our standards:.*|the thomson reuters trust principles.*|"
    r"follow ([\w.'’-]+ ){1,3}on (twitter|x|facebook|instagram|linkedin|threads|bluesky|telegram).*|@\w+|"
    r"enter your e-?mail( address)?.*|(published|updated|posted|last updated)( on)?:? .{0,40}\d{1,4}.{0,30})"
    r"\W*$",
    re.IGNORECASE,
)
# Longer chrome: cookie banners, newsletter pitches, appeals (matched anywhere in lines of up to 250 characters).
_CHROME_PHRASE_RE = re.compile(
    r"we use cookies|accept (all )?cookies|cookie (policy|settings|preferences)|delivered (straight |directly )?to your "
    r"inbox|sign up (for|to) (our|the) .{0,40}(newsletter|briefing|updates)|support (our|independent) journalism|"
    r"get (our|the) (latest|best) .{0,40}(newsletter|inbox)",
    re.IGNORECASE,
)
# Words of navigation and sharing bars; a short line made of nothing else is site chrome
# ("Share on Facebook Share on Twitter Email", "Privacy Policy Terms of Use Contact Us").
_CHROME_WORDS_RE = re.compile(
    r"share( on)?|facebook|twitter|linkedin|whatsapp|reddit|telegram|e-?mail|print|copy link|privacy( policy)?|"
    r"terms( of (use|service))?|contact( us)?|about( us)?|cookie( policy| settings)?|sitemap|accessibility|"
    r"advertise( with us)?|careers|subscribe|log ?in|sign ?(in|up)|home|menu|search|rss|x|\||·|•",
    re.IGNORECASE,
)
# A line that is only a date or time ("March 5, 2024", "Updated 3:45 PM EST, Tue March 5, 2024").
_DATE_ONLY_RE = re.compile(
    r"(?i:published|updated|posted|last updated|on|at|am|pm|[a-z]{2,4}t|gmt|utc|"
    r"mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|"
    r"\d{1,4}(st|nd|rd|th)?|[:,/.|–-]"
)
# A single line pointing to another story: "Read more: …", "Related: …".
_LINK_LINE_RE = re.compile(
    r"^(related( coverage| stories| reading)?|read (more|also|next)|see also|also read|more on this( story)?|"
    r"recommended( reading)?|more coverage|watch|listen)\s*:\s*\S",
    re.IGNORECASE,
)
_TEASER_MARKER_RE = re.compile(
    r"^(?i:keep reading|continue reading|read more|read the full (story|article)|show (less|more)|see more)"
    r"(?![a-z])\W*(?i:show (less|more))?\W*$",
)
_AGENCIES = (
    r"Reuters|REUTERS|AP|AFP|Getty Images|Getty|EPA|Shutterstock|Flickr|Wikimedia( Commons)?|"
    r"Anadolu( Agency)?|Sputnik|Pool|Xinhua|Bloomberg|Alamy|Redux|UN Photo|DoD|U\.S\. Army|U\.S\. Air Force|"
    r"Associated Press|dpa|Corbis|SIPA|ZUMA|NurPhoto|Abaca|Polaris"
)
_CREDIT_RE = re.compile(
    rf"(\b[\w.'’-]+(?: [\w.'’-]+){{0,4}} ?/ ?(?:[\w.'’-]+ ){{0,3}}(?:{_AGENCIES})\b\W*$"  # Name / Reuters
    rf"|\b(?:photo|image|picture)s? (?:via|by|courtesy of|credit:?) [^.]{{1,60}}\W*$"
    rf"|^\(?(?:(?:header|featured|top|cover|lead) )?(?:image|photo|photograph|picture)(?: credit)?s?\s*:"
    rf"|\bsource: [^.]{{0,80}}(?:photo|images?|/)[^.]{{0,80}}\W*$"
    rf"|\bvia (?:{_AGENCIES})\W*$|^(?:photo(?:graph)?|credit|image)s?:|^image (?:source|caption),"
    rf"|\bphotograph: [^.]{{2,80}}\W*$"
    rf"|^(?:{_AGENCIES})(?: via (?:{_AGENCIES}))?\W*$"
    rf"|\b(?:{_AGENCIES}) Photo ?/ ?[\w.'’ -]{{2,40}}\)?\W*$)",
    re.IGNORECASE,
)
# Every credit pattern above contains one of these: a slash, a credit word or an agency name.
_CREDIT_HINT_RE = re.compile(rf"/|photo|image|picture|credit|source|via|\b(?:{_AGENCIES})\b", re.IGNORECASE)
_BIO_START_RE = re.compile(
    r"^(originally (posted|published|appeared)|this (article|piece|essay|report|story|commentary|post|analysis) "
    r"(was|has been|is (part of|republished|adapted|cross-posted)|first|originally|appeared|is published)|"
    r"republished|more (by|from) |about the authors?\b|read more (by|from)|(written|reported) by |"
    r"the (views|opinions) expressed (in this|here|are (those|the author))|contact the author|e-?mail the author)",
    re.IGNORECASE,
)
# A wire-service trailer: "Reporting by Jane Roe; Editing by John Doe" (short, no full stop or with a semicolon).
_CREDITS_TRAILER_RE = re.compile(r"^(additional )?(reporting|writing|editing|research|compiled) by [^.]{2,150}$",
                                 re.IGNORECASE)
# A byline: "By Jane Roe", "By Jane Roe and John Doe, Reuters".
_BYLINE_RE = re.compile(r"^[Bb]y ([A-Z][\w.'’-]+ ?){1,4}((,| and|&) ([A-Z][\w.'’-]+ ?){1,4})*(\s*[,|–-].{0,40})?$")
_BIO_ROLE_RE = re.compile(
    r"^(?:• ?)?[A-Z][\w.'’ -]{1,60}? (is|was|serves as|served as) [^.]{0,150}?"
    r"\b(?i:fellow|professor|director|founder|analyst|editor|correspondent|author|writer|researcher|scholar|"
    r"chair|columnist|journalist|contributor|adviser|advisor|lecturer|expert|president of|member of|"
    r"head of|ambassador|co-?founder|associate|specialist)\b"
)
_NOTES_HEADING_RE = re.compile(
    r"^(notes|end ?notes|foot ?notes|references|sources|citations|bibliography|works cited)\s*:?$",
    re.IGNORECASE,
)
_CITATION_RE = re.compile(r"^(\[?\d{1,3}[\].)]?\s+|\^|ibid\b)|https?://\S+\W*$", re.IGNORECASE)
_LIST_MARKER_RE = re.compile(r"^([-–—*•·▪●]|\d{1,2}[.)])\s+")
_DATE_RE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
)
_LABEL_RE = re.compile(r"^[\w&'’ -]{2,30}( [|›»/>] [\w&'’ -]{2,30})+$")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*$")
_WORD_RE = re.compile(r"[A-Za-z0-9’']+")

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
    return [w.lower() for w in _WORD_RE.findall(text)]


def _content_words(text: str) -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return [w for w in words(text) if len(w) > 3 and w not in ENGLISH_STOP_WORDS]


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


def _is_chrome_line(text: str) -> bool:
    """A short line made only of navigation/sharing words, or only of a date and time."""
    if len(text) > 100:
        return False
    if not re.search(r"[A-Za-z]", _CHROME_WORDS_RE.sub(" ", text)):
        return True
    return bool(_DATE_RE.search(text)) and not re.search(r"[A-Za-z]", _DATE_ONLY_RE.sub(" ", text))


def _is_sentence_like(text: str) -> bool:
    return bool(_SENTENCE_END_RE.search(text.strip())) and len(text.split()) >= 6


def _is_credit(text: str) -> bool:
    # The cheap hint first: the full credit pattern is slow to search and rarely matches.
    return len(text) <= 400 and bool(_CREDIT_HINT_RE.search(text)) and bool(_CREDIT_RE.search(text.strip()))


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


# --- the rules ---------------------------------------------------------------------------------
def _label_blocks(blocks: list[_Block]) -> dict[int, str]:
    """Return ``{block index: reason}`` for every block judged to be noise."""
    labels: dict[int, str] = {}
    n = len(blocks)
    texts = [b.text for b in blocks]

    for i, text in enumerate(texts):
        if len(text) <= 200 and _PAYWALL_RE.search(text):
            labels[i] = "paywall"
        elif _is_credit(text):
            labels[i] = "caption"
        elif len(text) <= 80 and (_CHROME_RE.match(text) or _LABEL_RE.match(text) and not _SENTENCE_END_RE.search(text)):
            labels[i] = "site_chrome"
        elif (_BIO_START_RE.match(text.lstrip("•*- ")) or len(text) <= 120 and _BYLINE_RE.match(text)
              or _CREDITS_TRAILER_RE.match(text) and (";" in text or not text.endswith("."))):
            labels[i] = "bio"
        elif len(text) <= 250 and _CHROME_PHRASE_RE.search(text) or _is_chrome_line(text):
            labels[i] = "site_chrome"
        elif len(text) <= 250 and _LINK_LINE_RE.match(text) and not _TEASER_MARKER_RE.match(text):
            labels[i] = "link_list"
    # Short list items sandwiched in a paywall box are part of it.
    for i, text in enumerate(texts):
        if i not in labels and len(text) <= 120 and _LIST_MARKER_RE.match(text):
            near = [labels.get(j) for j in (i - 1, i + 1, i - 2, i + 2) if 0 <= j < n]
            if "paywall" in near[:2] or near[:2].count(None) < 2 and "paywall" in near:
                labels[i] = "paywall"
    # Caption text: short lines directly above a credit line, in the same group.
    for i in range(n):
        if labels.get(i) == "caption":
            j = i - 1
            while j >= 0 and j not in labels and blocks[j].group == blocks[i].group and len(texts[j]) <= 250 \
                    and i - j <= 2:
                labels[j] = "caption"
                j -= 1
    _label_notes(blocks, labels)
    _label_link_lists(texts, labels)
    _label_appended(texts, labels)
    _label_trailing_bios(texts, labels)
    _label_pull_quotes(texts, labels)
    return labels


def _label_notes(blocks: list[_Block], labels: dict[int, str]) -> None:
    texts = [b.text for b in blocks]
    for i, text in enumerate(texts):
        if _NOTES_HEADING_RE.match(text.strip()):
            following = [j for j in range(i + 1, len(texts)) if j not in labels]
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


def _label_appended(texts: list[str], labels: dict[int, str]) -> None:
    """Teasers for other stories ('keep reading') glued after the article, to the end of the text."""
    markers = [i for i, t in enumerate(texts) if len(t) <= 40 and _TEASER_MARKER_RE.match(t.strip())]
    if not markers:
        return
    first = markers[0]
    # Walk back from the first marker over the teaser's title, caption and opening paragraphs; stop
    # at the article's own closing boilerplate or at a paragraph that shares the article's vocabulary.
    body_vocab = {w for t in texts[: max(1, first // 2)] for w in _content_words(t)}
    start = first
    for j in range(first - 1, -1, -1):
        if labels.get(j) in _END_OF_ARTICLE:
            break
        own = _content_words(texts[j])
        if j not in labels and len(own) >= 8 and sum(w in body_vocab for w in own) / len(own) >= 0.45:
            break
        start = j
    for k in range(start, len(texts)):
        if k >= first or k not in labels:
            labels[k] = "appended_article"


def _label_trailing_bios(texts: list[str], labels: dict[int, str]) -> None:
    """Author bios sit after the article: bio-shaped lines followed only by noise."""
    for i in range(len(texts) - 1, -1, -1):
        if i in labels:
            continue
        if _BIO_ROLE_RE.match(texts[i]) and len(texts[i]) <= 600:
            labels[i] = "bio"
        else:
            break


def _label_pull_quotes(texts: list[str], labels: dict[int, str]) -> None:
    """A short sentence whose words mostly repeat a longer kept paragraph, in order, is a pull quote."""
    kept = [i for i in range(len(texts)) if i not in labels]
    tokens = {i: words(texts[i]) for i in kept}
    counts = {i: Counter(tokens[i]) for i in kept}
    vocab = {i: set(counts[i]) for i in kept}
    for i in kept:
        cand = tokens[i]
        if not 6 <= len(cand) <= 70 or not _is_sentence_like(texts[i]) or _LIST_MARKER_RE.match(texts[i]):
            continue
        for j in kept:
            other = tokens[j]
            if j == i or j in labels or len(other) < len(cand) or (len(other) == len(cand) and j > i):
                continue
            # Words matched in order are at most the words the two share: skip the costly alignment
            # when even that cannot reach the threshold.
            if sum(min(counts[i][w], counts[j][w]) for w in vocab[i] & vocab[j]) < 0.6 * len(cand):
                continue
            matcher = SequenceMatcher(None, cand, other, autojunk=False)
            matched = sum(block.size for block in matcher.get_matching_blocks())
            if matched / len(cand) >= 0.6:
                labels[i] = "pull_quote"
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
        if not (lower in _CONTRACTIONS or lower.endswith("s") or len(word) >= 6 and _zipf(lower) == 0.0):
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
    import ftfy

    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    text = "\n".join(ftfy.fix_text(line, uncurl_quotes=False, fix_latin_ligatures=True, normalization="NFC")
                     if _FTFY_HINT_RE.search(line) else line for line in lines)
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\u00a0\u2007\u202f\t\u200b]", lambda m: "" if m.group(0) == "\u200b" else " ", text)


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


def clean_text(raw: str) -> CleanResult:
    """Clean one scraped article.

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
    blocks = _split_blocks(_normalize(raw))
    removed: list[RemovedBlock] = []
    repairs: list[Repair] = []
    stable: set[str] = set()  # block texts a repair pass left unchanged under the current vocabulary
    last_vocab: frozenset[str] = frozenset()
    for _ in range(MAX_PASSES):
        labels = _label_blocks(blocks)
        removed.extend(RemovedBlock(labels[i], b.text, b.line) for i, b in enumerate(blocks) if i in labels)
        kept = [b for i, b in enumerate(blocks) if i not in labels]
        vocab = frozenset(w for b in kept for w in words(b.text))
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
    return CleanResult(
        text="\n\n".join(b.text for b in blocks),
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
