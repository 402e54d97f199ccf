"""What the cleaner knows about boilerplate beyond one article.

* **Phrase families** (``data/boilerplate.yaml``): what paywalls, comment forms, promotions, photo
  credits and site chrome say, as regular expressions a user can extend with a file of their own.
* **Recurring lines**: a line that appears in several documents of the same publisher is site
  boilerplate (a masthead, a newsletter pitch, a footer) — the classic signal of boilerplate
  detection. :func:`recurring_lines` finds them across a corpus; copies of one article (a wire story
  syndicated twice) do not count, so a corpus of duplicates keeps its text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from .datafiles import read_once_per_content, read_yaml

BOILERPLATE_PATH = Path(__file__).parent / "data" / "boilerplate.yaml"
FAMILIES: tuple[str, ...] = ("paywall", "chrome_line", "chrome_phrase", "navigation_words", "link_line",
                             "teaser_marker", "list_heading", "comment_form", "promo", "agencies", "bio_start")
#: Longest line considered for recurrence (longer lines are article text, never site boilerplate).
MAX_RECURRING_CHARS = 300
#: Two documents sharing at least this share of their lines are copies of one article.
COPY_OVERLAP = 0.5


class BoilerplateFileError(ValueError):
    """A boilerplate file that cannot be used; the message names the file and the list."""


@dataclass(frozen=True)
class PhraseFamilies:
    """The phrase families, each joined into one case-insensitive pattern (see ``boilerplate.yaml``)."""

    patterns: dict[str, str]

    def regex(self, family: str, whole_line: bool = False) -> "re.Pattern[str]":
        """The family as one compiled pattern; ``whole_line`` anchors it to the entire line."""
        return _compile(self.patterns[family], whole_line)


@lru_cache(maxsize=256)
def _compile(alternatives: str, whole_line: bool) -> "re.Pattern[str]":
    body = f"(?:{alternatives})"
    return re.compile(rf"^{body}\W*$" if whole_line else body, re.IGNORECASE)


@read_once_per_content(maxsize=8)
def load_phrases(path: str | Path | None = None) -> PhraseFamilies:
    """The packaged phrase families, each extended by the same list of the file at ``path``.

    Raises :class:`BoilerplateFileError` naming the file and list for an unknown list name, a list
    that is not a list of strings, or a pattern that is not a valid regular expression.
    """
    lists = {family: list(values) for family, values in _read(BOILERPLATE_PATH).items()}
    if path is not None:
        for family, values in _read(Path(path)).items():
            lists[family] = lists.get(family, []) + list(values)
    return PhraseFamilies({family: "|".join(f"(?:{p})" for p in lists.get(family, []) or ["(?!)"])
                           for family in FAMILIES})


def _read(path: Path) -> dict[str, list[str]]:
    data = read_yaml(path, BoilerplateFileError, dict, "a mapping of list names to lists of patterns")
    for family, values in data.items():
        if family not in FAMILIES:
            raise BoilerplateFileError(f"{path}: unknown list {family!r}; known lists: {', '.join(FAMILIES)}")
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise BoilerplateFileError(f"{path}: {family!r} must be a list of patterns (strings)")
        for value in values:
            try:
                re.compile(value)
            except re.error as err:
                raise BoilerplateFileError(f"{path}: {family!r}: {value!r} is not a valid pattern ({err})") from None
    return data


def line_key(line: str) -> str:
    """A line as compared across documents: NFC, lower case, spaces collapsed, trimmed.

    >>> line_key("  Start the day   SMARTER ")
    'start the day smarter'
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", line)).strip().lower()


def document_lines(text: str) -> frozenset[str]:
    """The lines of a raw text that can be compared across documents (as :func:`line_key`)."""
    return frozenset(k for k in (line_key(line) for line in text.split("\n"))
                     if k and len(k) <= MAX_RECURRING_CHARS and re.search(r"[a-z]", k))


def recurring_lines(lines: Mapping[str, frozenset[str]], groups: Mapping[str, str]) -> dict[str, frozenset[str]]:
    r"""For each document, its lines that also occur in another document of the same group
    (publisher), when the two documents are not copies of one article (they share less than
    :data:`COPY_OVERLAP` of their lines).

    ``lines`` maps ``doc_id`` to :func:`document_lines` of its raw text, ``groups`` maps ``doc_id`` to
    a publisher (documents with an empty group are compared with no other document).

    >>> texts = {"a": "Masthead\nStory A.\nMore on A.", "b": "Masthead\nStory B.\nMore on B."}
    >>> lines = {doc_id: document_lines(text) for doc_id, text in texts.items()}
    >>> recurring_lines(lines, {"a": "Site", "b": "Site"})["a"]
    frozenset({'masthead'})
    """
    keys = dict(lines)
    holders: dict[tuple[str, str], list[str]] = {}
    for doc_id in sorted(keys):
        group = groups.get(doc_id, "")
        if group:
            for key in keys[doc_id]:
                holders.setdefault((group, key), []).append(doc_id)
    copies: dict[tuple[str, str], bool] = {}

    def are_copies(a: str, b: str) -> bool:
        if (a, b) not in copies:
            shared = len(keys[a] & keys[b])
            copies[(a, b)] = shared >= COPY_OVERLAP * min(len(keys[a]), len(keys[b]))
        return copies[(a, b)]

    out: dict[str, set[str]] = {doc_id: set() for doc_id in keys}
    for (_, key), docs in holders.items():
        if len(docs) < 2:
            continue
        for doc_id in docs:
            if any(other != doc_id and not are_copies(*sorted((doc_id, other))) for other in docs):
                out[doc_id].add(key)
    return {doc_id: frozenset(found) for doc_id, found in out.items()}
