"""Articles from the export files of news databases: one file, many articles.

Political scientists take most of their news text from Nexis (Nexis Uni, formerly LexisNexis Academic),
which delivers a search's results as one file of many articles, each with its headline, source, date,
byline and body between metadata lines. Read as one document, such a file would mix every article's
text, actors and troop figures under one date. :func:`export_format` recognises the two layouts:

* **Nexis Uni** (``.docx``, or the same saved as text): headline, source and date lines, then
  ``Copyright``, ``Section:``, ``Length: N words``, ``Byline:``; the body after a line ``Body``; the
  article ends at ``End of Document`` (a ``Classification`` block or ``Load-Date:`` line before it ends
  the body). The first article follows a cover page (the search, a list of the results).
* **LexisNexis Academic** (``.txt``): ``N of M DOCUMENTS``, then the source and date lines (centred),
  the headline, ``BYLINE:``, ``SECTION:``, ``LENGTH: N words``; the body, hard-wrapped, until
  ``LOAD-DATE:`` / ``LANGUAGE:``.

:func:`read_news_exports` makes a corpus table of the articles (``doc_id, title, published, publisher,
authors, section, text, export_file``) for ``iraqtext build --raw TABLE`` or ``load_corpus``; the command
``iraqtext split-export FILE... --out TABLE`` writes it. A corpus folder listing an export file as one
document is refused with that advice (:func:`export_problem`). The layouts follow the sample files and
parser of LexisNexisTools (Gruber, CRAN), the R package researchers use for the same files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .corpus import CorpusError, decode_bytes, normalise_published

NEXIS_UNI = "Nexis Uni"
LEXISNEXIS_ACADEMIC = "LexisNexis Academic"

_END_OF_DOCUMENT_RE = re.compile(r"^\s*End of Document\s*$", re.M)
_NEXIS_LENGTH_RE = re.compile(r"^\s*Length:\s+[\d,]+\s+words\s*$", re.M | re.I)
_ACADEMIC_START_RE = re.compile(r"^\s*(\d+) of (\d+) DOCUMENTS\s*$", re.M)
_ACADEMIC_LENGTH_RE = re.compile(r"^LENGTH:\s+[\d,]+\s+words", re.M)
#: A date at the start of a line as both layouts print it: *July 1, 2019 Monday 9:20 AM GMT*, *1 July 2019*.
_DATE_START_RE = re.compile(
    r"^(?:(?P<month>[A-Z][a-z]+)\.? (?P<day>\d{1,2}),? (?P<year>\d{4})|(?P<day2>\d{1,2})\.? (?P<month2>[A-Z][a-z]+) "
    r"(?P<year2>\d{4}))\b")
#: A metadata line: ``Key: value`` (Nexis Uni writes a no-break space after the colon).
_NEXIS_FIELD_RE = re.compile(r"^(?P<key>[A-Z][A-Za-z-]*(?: [A-Za-z-]+)?):[\s\u00a0]+(?P<value>.*)$")
_ACADEMIC_FIELD_RE = re.compile(r"^(?P<key>[A-Z][A-Z-]+):\s*(?P<value>.*)$")
#: Where an Academic article's body ends: the fields printed after it.
_ACADEMIC_TRAILER = ("LOAD-DATE", "LANGUAGE", "PUBLICATION-TYPE", "JOURNAL-CODE", "DOCUMENT-TYPE", "NOTES")
_AUTHOR_SPLIT_RE = re.compile(r";|\s+and\s+|\s+&\s+")


def export_format(text: str) -> str | None:
    """The database layout of ``text`` (:data:`NEXIS_UNI` or :data:`LEXISNEXIS_ACADEMIC`) when it is an
    export of news articles, else ``None``. An article that mentions the phrases is not one: each
    layout needs its separator and its word-count line on lines of their own."""
    if _END_OF_DOCUMENT_RE.search(text) and _NEXIS_LENGTH_RE.search(text) and re.search(r"^\s*Body\s*$", text, re.M):
        return NEXIS_UNI
    if _ACADEMIC_START_RE.search(text) and _ACADEMIC_LENGTH_RE.search(text):
        return LEXISNEXIS_ACADEMIC
    return None


def export_problem(text: str) -> str | None:
    """Why a file cannot be one document of a corpus folder, if it is a news-database export."""
    layout = export_format(text)
    if layout is None:
        return None
    count = len(_SPLITTERS[layout](text))
    return (f"file is a {layout} export of {count} article{'s' if count != 1 else ''}, not one article: make a "
            "corpus table of its articles with `iraqtext split-export FILE --out articles.csv` and build that "
            "(`iraqtext build --raw articles.csv`)")


def split_export(text: str) -> list[dict[str, str]]:
    """The articles of an export, in the file's order, each ``{title, published, publisher, authors,
    section, text}`` (``published`` as ``YYYY-MM-DD``, empty when no date is printed; ``authors``
    separated by ``;``). An entry with no body (a picture, a list) has an empty ``text``."""
    layout = export_format(text)
    return _SPLITTERS[layout](text) if layout is not None else []


def _published(line: str) -> str:
    """The ISO date a line opens with, or ``""``."""
    match = _DATE_START_RE.match(line.strip())
    if not match:
        return ""
    month, day, year = (match.group("month") or match.group("month2"), match.group("day") or match.group("day2"),
                        match.group("year") or match.group("year2"))
    try:
        return normalise_published(f"{day} {month} {year}")
    except ValueError:  # a capitalised word before a number that is no month
        return ""


def _authors(byline: str) -> str:
    names = [n.strip(" ,.") for n in _AUTHOR_SPLIT_RE.split(re.sub(r"^\s*By\s+", "", byline, flags=re.I))]
    return "; ".join(n for n in names if n)


def _nexis_uni_articles(text: str) -> list[dict[str, str]]:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    articles, start = [], 0
    for end, line in enumerate(lines):
        if line == "End of Document":
            articles.append(_nexis_uni_article(lines[start:end]))
            start = end + 1
    return articles


def _nexis_uni_article(lines: list[str]) -> dict[str, str]:
    body_at = next((i for i, line in enumerate(lines) if line in ("Body", "Text")), len(lines))
    header = lines[:body_at]
    fields = {m.group("key").lower(): m.group("value") for m in map(_NEXIS_FIELD_RE.match, header) if m}
    # The date line is the last dated line above the fields; the source and the headline are the two
    # lines above it (anything higher is the cover page in front of the first article).
    dated = [i for i, line in enumerate(header) if not _NEXIS_FIELD_RE.match(line) and _published(line)]
    at = dated[-1] if dated else None
    body = []
    for line in lines[body_at + 1:]:
        if line == "Classification" or line.startswith("Load-Date:"):
            break
        body.append(line)
    return {"title": header[at - 2] if at is not None and at >= 2 else (header[0] if header else ""),
            "published": _published(header[at]) if at is not None else "",
            "publisher": header[at - 1] if at is not None and at >= 1 else "",
            "authors": _authors(fields.get("byline", "")),
            "section": fields.get("section", ""),
            "text": "\n\n".join(body)}


def _academic_articles(text: str) -> list[dict[str, str]]:
    starts = [m.end() for m in _ACADEMIC_START_RE.finditer(text)]
    ends = [m.start() for m in _ACADEMIC_START_RE.finditer(text)][1:] + [len(text)]
    return [_academic_article(text[s:e]) for s, e in zip(starts, ends)]


def _academic_article(chunk: str) -> dict[str, str]:
    lines = chunk.split("\n")
    length_at = next((i for i, line in enumerate(lines) if _ACADEMIC_LENGTH_RE.match(line)), None)
    header = lines[:length_at] if length_at is not None else []
    fields = {m.group("key"): m.group("value").strip() for m in map(_ACADEMIC_FIELD_RE.match, header) if m}
    centred = [line.strip() for line in header if line.strip() and line[:1].isspace()]
    # The source and the date are printed centred; the headline starts at the margin, above the fields.
    headline = []
    for line in header:
        if _ACADEMIC_FIELD_RE.match(line):
            break
        if line.strip() and not line[:1].isspace():
            headline.append(line.strip())
    published = next((p for p in map(_published, centred) if p), "")
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", "\n".join(lines[length_at + 1:]))] \
        if length_at is not None else []
    body = []
    for block in blocks:
        field = _ACADEMIC_FIELD_RE.match(block)
        if field and field.group("key") in _ACADEMIC_TRAILER or block.startswith("Copyright "):
            break
        if block and not field:  # DATELINE:, GRAPHIC:, UPDATE: … are metadata, not body
            body.append(block)
    return {"title": " ".join(headline),
            "published": published,
            "publisher": centred[0] if centred and not _published(centred[0]) else "",
            "authors": _authors(fields.get("BYLINE", "")),
            "section": fields.get("SECTION", ""),
            "text": "\n\n".join(body)}


#: How each layout's articles are read.
_SPLITTERS = {NEXIS_UNI: _nexis_uni_articles, LEXISNEXIS_ACADEMIC: _academic_articles}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "export"


def read_news_exports(paths: list[str | Path]) -> pd.DataFrame:
    """A corpus table of every article in the export files ``paths`` (in order), with ``doc_id``
    ``<file name>-<position>`` (unique across the files), ``title``, ``published``, ``publisher``,
    ``authors``, ``section``, ``text`` and ``export_file``. Articles without a body are left out and
    listed in ``attrs["skipped"]``. Raises :class:`~iraqtext.corpus.CorpusError` naming every file that
    cannot be read or is no export."""
    rows, problems, skipped, taken = [], [], [], set()
    for path in map(Path, paths):
        try:
            text, _ = decode_bytes(path.read_bytes())
        except (OSError, ValueError) as err:
            problems.append(f"{path}: {err}")
            continue
        articles = split_export(text)
        if not articles:
            problems.append(f"{path}: not a Nexis Uni or LexisNexis Academic export (no 'End of Document' or "
                            "'N of M DOCUMENTS' line with a 'Length: N words' line)")
            continue
        stem = _slug(path.stem)
        while stem in taken:  # two files of one name in different folders
            stem += "-x"
        taken.add(stem)
        width = max(3, len(str(len(articles))))
        for position, article in enumerate(articles, 1):
            doc_id = f"{stem}-{position:0{width}d}"
            if not article["text"].strip():
                skipped.append(f"{path} article {position} ({article['title'] or 'no headline'}): no body text")
                continue
            rows.append({"doc_id": doc_id, **article, "export_file": str(path)})
    if problems:
        raise CorpusError(problems)
    table = pd.DataFrame(rows, columns=["doc_id", "title", "published", "publisher", "authors", "section", "text",
                                        "export_file"])
    table.attrs["skipped"] = skipped
    return table
