"""A first manifest for a folder of scraped files that has none: what a researcher usually has.

:func:`draft_manifest` lists every text or HTML file of the folder (the files :mod:`iraqtext.corpus`
would read) with a ``doc_id`` made from its name, a title and a publication date where one can be read
— an HTML page's own metadata (trafilatura), else a date in the file name (``2020-01-05``, ``2020_01``,
``20200105``, a lone year) and, for text, a short first line as the title — and ``published`` left
empty otherwise (an undated document, see :mod:`iraqtext.corpus`). ``notes`` says where each value came
from, so the researcher knows what to check. Files that cannot be read are not listed, and are named in
the returned skips. The folder is only read; ``iraqtext manifest`` prints the draft or writes it to a
new file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .clean import strip_markdown
from .corpus import (REQUIRED_COLUMNS, OPTIONAL_COLUMNS, TABLE_SUFFIXES, TEXT_SUFFIXES, CorpusError,
                     corpus_files, decode_bytes, looks_like_html, normalise_published, not_text_format)
from .exports import export_problem
from .pdf import pdf_metadata

#: A first line longer than this is the article's first paragraph, not its title.
MAX_TITLE_CHARS = 200
_NAME_DATE_RES = (
    re.compile(r"(?<!\d)(?P<y>(19|20)\d\d)[-_.](?P<m>[01]\d)[-_.](?P<d>[0-3]\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(19|20)\d\d)[-_.](?P<m>[01]\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(19|20)\d\d)(?!\d)"),
)
_INVALID_ID_CHARS_RE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class DraftManifest:
    """The drafted rows (manifest columns, one row per readable file) and the files left out, with why."""

    rows: pd.DataFrame
    skipped: list[str] = field(default_factory=list)


def draft_manifest(folder: str | Path) -> DraftManifest:
    """Draft ``manifest.csv`` rows for the text and HTML files in ``folder`` and its subfolders (a scrape
    kept as one folder per site or year), sorted by relative path.

    Raises :class:`iraqtext.corpus.CorpusError` when ``folder`` is not a folder or holds no such file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError([f"{folder}: corpus directory does not exist"])
    rows, skipped, taken = [], [], set()
    for path in corpus_files(folder):
        try:
            data = path.read_bytes()
            text, encoding = decode_bytes(data)
        except (OSError, ValueError) as err:
            skipped.append(f"{path}: {err}; not listed")
            continue
        if (problem := export_problem(text)) is not None:
            skipped.append(f"{path}: {problem}; not listed")
            continue
        relative = path.relative_to(folder)
        stem = relative.with_suffix("").as_posix()
        doc_id = _unique(_doc_id(stem), taken)
        title, published, notes = _html_metadata(text) if looks_like_html(text, path.name) else ("", "", [])
        if encoding == "pdf":  # what its maker wrote in it: a report's title, the day the file was made
            metadata = pdf_metadata(data)
            if metadata.get("title"):
                title = metadata["title"]
                notes.append("title: the PDF's metadata")
            if metadata.get("published") and not _date_in_name(stem):
                published = metadata["published"]
                notes.append("date: the PDF's creation date (a saved copy's is the day it was saved: check it)")
        if not title:
            title = _first_line_title(text)
            notes.append("title: first line" if title else "title: none found")
        if not published:
            published = _date_in_name(stem)
            notes.append("date: from the file name" if published else "date: none found (undated)")
        rows.append({"doc_id": doc_id, "file": relative.as_posix(), "title": title, "published": published,
                     "authors": "", "publisher": "", "url": "", "notes": "draft; " + "; ".join(notes)})
    skipped += _not_drafted(folder)
    if not rows:
        raise CorpusError([f"{folder}: no text or HTML file to list ({', '.join(sorted(s for s in TEXT_SUFFIXES if s))}"
                           " or no suffix)"] + skipped)
    return DraftManifest(pd.DataFrame(rows, columns=[*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]), skipped)


def _not_drafted(folder: Path) -> list[str]:
    """The other files in ``folder`` and its subfolders and why they are not listed (an RTF file, an old
    Word file, an image … named as such, with how to make text of it; a table as a corpus of its own)."""
    notes = []
    for path in corpus_files(folder, suffixes=None):
        if path.suffix.lower() in TEXT_SUFFIXES:
            continue  # drafted (or named by the draft as unreadable)
        with path.open("rb") as handle:
            problem = not_text_format(handle.read(64))
        if problem is None and path.suffix.lower() in TABLE_SUFFIXES:
            problem = f"a table, not a document: a table with one article per row is a corpus of its own (`iraqtext build --raw {path}`)"
        notes.append(f"{path}: {problem or f'not a text or HTML file (suffix {path.suffix})'}; not listed")
    return notes


def _doc_id(stem: str) -> str:
    """A valid ``doc_id`` from a file's path without suffix: characters other than letters, digits,
    ``. _ -`` (the ``/`` of a subfolder too) become ``-``."""
    cleaned = _INVALID_ID_CHARS_RE.sub("-", stem).strip("-._")
    return cleaned or "doc"


def _unique(doc_id: str, taken: set[str]) -> str:
    """``doc_id``, or ``doc_id-2``, ``-3`` … when two file names give the same id."""
    candidate, n = doc_id, 1
    while candidate in taken:
        n += 1
        candidate = f"{doc_id}-{n}"
    taken.add(candidate)
    return candidate


def _html_metadata(html: str) -> tuple[str, str, list[str]]:
    """Title and date from an HTML page's own metadata (trafilatura; dates only from the page's markup,
    not guessed from its text); ``("", "", notes)`` where it has none."""
    from trafilatura import extract_metadata

    meta = extract_metadata(html, extensive=False)
    title = " ".join((meta.title or "").split()) if meta else ""
    published = ""
    if meta and meta.date:
        try:
            published = normalise_published(meta.date)
        except ValueError:
            published = ""
    notes = (["title: page metadata"] if title else []) + (["date: page metadata"] if published else [])
    return title, published, notes


def _first_line_title(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = strip_markdown(first)  # "# Title", "**Title**" in a Markdown file
    return first if len(first) <= MAX_TITLE_CHARS and not first.endswith((".", "!")) else ""


def _date_in_name(stem: str) -> str:
    """The most precise valid date in a file name (``YYYY-MM-DD``, ``YYYYMMDD``, ``YYYY-MM``, ``YYYY``), or ``""``."""
    for pattern in _NAME_DATE_RES:
        for match in pattern.finditer(stem):
            parts = [match.group(g) for g in ("y", "m", "d") if g in match.groupdict() and match.group(g)]
            try:
                return normalise_published("-".join(parts))
            except ValueError:
                continue
    return ""
