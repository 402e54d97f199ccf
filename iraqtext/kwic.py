"""Keyword in context: every match of a pattern in a paragraph table, with the words around it.

``kwic(paragraphs, r"withdr[ae]w\\w*")`` finds a regular expression; ``kwic(paragraphs, "withdraw",
lemma=True)`` finds every inflection of a lemma (*withdraw*, *withdrew*, *withdrawing*) or a sequence
of lemmas (``"U.S. troop"``) with spaCy's lemmatizer. Both return the same tidy table, one row per
match: ``doc_id, para_id, left, match, right`` in document, paragraph and text order, so a reader can
check what a frame score, a count or a claim rests on.

>>> paras = pd.DataFrame({"doc_id": ["a", "a"], "para_id": [1, 2],
...                       "text": ["Troops stay.", "Congress wants the troops home, and troops wait."]})
>>> kwic(paras, r"troops", window=12)[["para_id", "left", "match", "right"]].values.tolist()
[[1, '', 'Troops', 'stay.'], [2, 'wants the', 'troops', 'home, and'], [2, 'home, and', 'troops', 'wait.']]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

KWIC_COLUMNS: tuple[str, ...] = ("doc_id", "para_id", "left", "match", "right")
#: Components the lemmatizer does not need (the English lemmatizer reads the tagger's POS only).
_NOT_NEEDED_FOR_LEMMAS = ("parser", "ner", "senter", "iraqtext_actors", "iraqtext_groups", "iraqtext_canonical")
_SPACE_RE = re.compile(r"\s+")


def _context(text: str, start: int, end: int, window: int) -> tuple[str, str]:
    """Up to ``window`` characters left and right of ``text[start:end]``, cut at whole words."""
    left = text[max(0, start - window):start]
    if start - window > 0 and not text[start - window - 1].isspace():
        left = left.split(None, 1)[1] if len(left.split(None, 1)) > 1 else ""  # drop the cut-off word
    right = text[end:end + window]
    if end + window < len(text) and not text[end + window].isspace():
        right = right.rsplit(None, 1)[0] if len(right.rsplit(None, 1)) > 1 else ""
    return _SPACE_RE.sub(" ", left).strip(), _SPACE_RE.sub(" ", right).strip()


def _regex_spans(text: str, compiled: re.Pattern) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in compiled.finditer(text) if m.end() > m.start()]


def _lemma_spans(doc, lemmas: list[str]) -> list[tuple[int, int]]:
    """Character spans of the token sequences whose lemmas are ``lemmas`` (case-insensitive)."""
    spans = []
    tokens = [t for t in doc if not t.is_space]
    for i in range(len(tokens) - len(lemmas) + 1):
        window = tokens[i:i + len(lemmas)]
        if all(t.lemma_.lower() == lemma or t.lower_ == lemma for t, lemma in zip(window, lemmas)):
            spans.append((window[0].idx, window[-1].idx + len(window[-1].text)))
    return spans


def kwic(paragraphs: pd.DataFrame, pattern: str, window: int = 60, lemma: bool = False,
         case_sensitive: bool = False, nlp: "Language | None" = None) -> pd.DataFrame:
    """Every match of ``pattern`` in ``paragraphs`` with ``window`` characters of context each side.

    Parameters
    ----------
    paragraphs : a table with ``doc_id, para_id, text`` (the ``paragraphs`` table or a subset).
    pattern : a regular expression; with ``lemma=True`` one lemma or several separated by spaces.
    window : characters of context on each side, cut back to whole words.
    lemma : match lemmas with spaCy (the pattern's own words are lemmatized the same way).
    case_sensitive : for a regular expression (lemmas are always compared in lower case).
    nlp : a spaCy pipeline for ``lemma=True`` (default :func:`iraqtext.load_nlp`).

    Returns
    -------
    ``doc_id, para_id, left, match, right``, one row per match, sorted by ``doc_id``, ``para_id``
    and position in the paragraph (stable); empty with these columns when nothing matches.

    Raises
    ------
    ValueError
        For an invalid regular expression or an empty pattern.
    """
    if not pattern or not pattern.strip():
        raise ValueError("kwic: the pattern is empty")
    ordered = paragraphs.sort_values(["doc_id", "para_id"], kind="stable")
    keys = list(zip(ordered["doc_id"], ordered["para_id"]))
    texts = [str(t) for t in ordered["text"]]
    if lemma:
        if nlp is None:
            from .nlp import load_nlp

            nlp = load_nlp(actors=False)
        disabled = [name for name in _NOT_NEEDED_FOR_LEMMAS if name in nlp.pipe_names]
        with nlp.select_pipes(disable=disabled):
            lemmas = [t.lemma_.lower() for t in nlp(pattern.strip()) if not t.is_space]
            spans = [_lemma_spans(doc, lemmas) for doc in nlp.pipe(texts, batch_size=64)]
    else:
        try:
            compiled = re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)
        except re.error as err:
            raise ValueError(f"kwic: {pattern!r} is not a valid regular expression ({err})") from None
        spans = [_regex_spans(text, compiled) for text in texts]
    rows = []
    for (doc_id, para_id), text, found in zip(keys, texts, spans):
        for start, end in found:
            left, right = _context(text, start, end, window)
            rows.append((doc_id, int(para_id), left, text[start:end], right))
    table = pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    return table.astype({"para_id": "int64"}).reset_index(drop=True)
