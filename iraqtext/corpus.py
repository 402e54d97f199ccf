"""Reading and validating a corpus: what a researcher has, checked before anything is computed.

A corpus is either

* a **folder** with ``manifest.csv`` (columns ``doc_id, file, title, published`` and optionally
  ``authors, publisher, url, notes`` and any of the researcher's own) and one text or HTML file per
  row, or
* a **table** (``.parquet``, ``.csv``, ``.jsonl``, or a ``pandas.DataFrame``) with columns
  ``doc_id, title, published, text`` and the same optional ones.

A ``published`` cell may be empty: the document is **undated**. It is kept (its paragraphs, actors,
frames and troop figures are in the tables; a figure's year then comes from its own sentence, or is
left empty), its ``year`` is empty (``pandas.NA``; ``year`` is a nullable ``Int64``), and it is
in no per-year table or chart. Undated documents are named in an :class:`UndatedDocumentWarning` and
in the build's warnings, so a per-year count never silently leaves them out.

Every problem is reported with the file and row it concerns, all problems at once, before anything
is computed; nothing is dropped silently. A manifest row whose ``file`` is absolute, climbs out of the
corpus folder or follows a link out of it is refused: nothing outside the corpus a user names is read.
A file the manifest does not list is reported as an :class:`UnlistedFileWarning` and never read.

Text files are UTF-8; a Windows-1252 or Latin-1 file is decoded (the encoding is recorded in the
``encoding`` column of ``documents``); bytes that fit neither (or UTF-8 mixed with stray single
bytes) are one clear error naming the file. An HTML page is reduced to its article by trafilatura
(precision settings) before the text rules of :mod:`iraqtext.clean` run.
"""

from __future__ import annotations

import calendar
import codecs
import csv
import hashlib
import io
import os
import re
import warnings
import zipfile
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import pandas as pd

MANIFEST_NAME = "manifest.csv"
REQUIRED_COLUMNS: tuple[str, ...] = ("doc_id", "file", "title", "published")
TABLE_REQUIRED_COLUMNS: tuple[str, ...] = ("doc_id", "title", "published", "text")
OPTIONAL_COLUMNS: tuple[str, ...] = ("authors", "publisher", "url", "notes")
TABLE_SUFFIXES: tuple[str, ...] = (".parquet", ".csv", ".tsv", ".jsonl", ".json", ".xlsx")
#: The most characters a spreadsheet cell holds (Excel, LibreOffice): a longer article saved in one is cut there.
SPREADSHEET_CELL_LIMIT = 32_767
#: Columns of :func:`load_corpus` before any of the researcher's own columns.
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id", "title", "authors", "publisher", "published", "year", "url", "notes",
    "source_file", "encoding", "raw_text",
)
#: Columns of ``documents`` the intake computes; a corpus's own column of one of these names is kept as
#: ``<name>_given``.
COMPUTED_COLUMNS: tuple[str, ...] = ("year", "source_file", "encoding", "raw_text")
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ""}
_DATE_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
# An ISO 8601 date-time as scrapers write it: the date as written is kept, the time and zone dropped.
_DATETIME_RE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC)?$",
                          re.IGNORECASE)
_MONTHS = {name.lower(): number for number in range(1, 13)
           for name in (calendar.month_name[number], calendar.month_abbr[number])} | {"sept": 9}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
# Dates with the month's name (*January 5, 2020*, *5 Jan. 2020*, *Jan 2020*): unambiguous, unlike 01/05/2020.
_NAMED_MONTH_RES = (
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})$"),
    re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})$"),
    re.compile(rf"^{_MONTH},?\s+(?P<year>\d{{4}})$"),
)
_HTML_RE = re.compile(r"<\s*(html|body|p|div|article|!doctype)\b", re.IGNORECASE)
# Markdown's syntax for a link or image target, a heading, a link-list item, a bold run.
_MARKDOWN_SIGN_RE = re.compile(r"\]\((?:https?://|/|#|www\.)|^#{1,6} \S|^\s*[-*+] \[|\*\*[^\s*]", re.MULTILINE)
MIN_MARKDOWN_SIGNS = 3
_DOC_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# A well-formed UTF-8 multi-byte sequence: its presence beside invalid bytes means mixed encodings.
_UTF8_MULTIBYTE_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_C1_RE = re.compile(rb"[\x80-\x9f]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0d-\x1f]")  # control characters other than \t \n \f

CorpusInput = Union[str, Path, pd.DataFrame]


class CorpusError(ValueError):
    """A corpus that cannot be read as given; ``problems`` lists each one on its own line."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class UnlistedFileWarning(UserWarning):
    """A text file sits in the corpus directory but no manifest row names it."""


class UndatedDocumentWarning(UserWarning):
    """Documents whose ``published`` is empty: kept, but in no per-year table."""


class TruncatedTextWarning(UserWarning):
    """Texts of a table that stop at a spreadsheet's cell limit: probably cut off when the table was saved."""


class WorkbookSheetsWarning(UserWarning):
    """A workbook with more than one sheet: the corpus is read from the first."""


@dataclass(frozen=True)
class SourceDocument:
    """One listed document: where its text comes from and a digest of its raw bytes.

    ``path`` is set for a file of a corpus folder, ``text`` for a row of a table.
    """

    doc_id: str
    where: str
    digest: str
    path: Path | None = None
    text: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class DecodedText:
    """The text of one document and how it was obtained."""

    text: str
    encoding: str
    markup: str = ""  # "html" or "markdown" when the article was extracted from markup


@dataclass
class Corpus:
    """A validated corpus: document metadata (one row per document, sorted by ``doc_id``, no text),
    the sources to read the texts from (same order), and the warnings raised while checking it."""

    documents: pd.DataFrame
    sources: list[SourceDocument]
    location: Path | None
    warnings: list[str] = field(default_factory=list)  # files in the folder that no manifest row lists
    undated_note: str | None = None  # :func:`undated_warning` of ``documents``
    truncated_note: str | None = None  # a table's texts cut at a spreadsheet's cell limit
    sheets_note: str | None = None  # a workbook's other sheets, not read

    @property
    def notes(self) -> list[tuple[str, type[UserWarning]]]:
        """Every warning about the corpus with its category, in the order a build reports them."""
        notes = [(self.sheets_note, WorkbookSheetsWarning), (self.truncated_note, TruncatedTextWarning),
                 (self.undated_note, UndatedDocumentWarning)]
        return [(m, UnlistedFileWarning) for m in self.warnings] + [(n, c) for n, c in notes if n]

    @property
    def messages(self) -> list[str]:
        """Every warning about the corpus, in the order a build reports them."""
        return [message for message, _ in self.notes]


def normalise_published(value: str) -> str:
    """A publication date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, from that form, an ISO 8601
    date-time (the date as written: time and zone dropped) or a date with the month's name.

    Raises ``ValueError`` for anything else, a numeric day-month order above all (*01/05/2020* is
    January or May depending on the writer).

    >>> normalise_published("2020-01-05T22:30:00+03:00"), normalise_published("Jan. 5, 2020")
    ('2020-01-05', '2020-01-05')
    """
    text = " ".join(value.split())
    stamp = _DATETIME_RE.match(text)
    if stamp:
        text = stamp.group("date")
    named = next((m for m in (r.match(text) for r in _NAMED_MONTH_RES) if m), None)
    if named:
        month = _MONTHS.get(named.group("month").lower())
        if month is None:
            raise ValueError(f"unparseable date {value!r}: {named.group('month')!r} is not a month")
        day = named.groupdict().get("day")
        text = f"{named.group('year')}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    match = _DATE_RE.match(text)
    if not match:
        raise ValueError(f"unparseable date {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD, an ISO date-time, "
                         "or a date with the month's name such as 5 January 2020)")
    year, month, day = (int(g) if g else None for g in match.group("year", "month", "day"))
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"unparseable date {value!r}: month {month} is not 1-12")
    if day is not None:
        try:
            pd.Timestamp(year=year, month=month, day=day)
        except ValueError:
            raise ValueError(f"unparseable date {value!r}: there is no day {day} in {year}-{month:02d}") from None
    return text


def parse_published(value: str) -> int:
    """Return the year of a publication date (any form :func:`normalise_published` reads).

    >>> parse_published("2020-02")
    2020
    """
    return int(normalise_published(value)[:4])


# --- bytes to text ------------------------------------------------------------------------------
# Formats researchers keep documents in that are not text, by the bytes they open with, and how to make
# text of them: decoding an RTF or old Word file as Windows-1252 would give a "document" of markup. (A PDF
# and a Word .docx are read: iraqtext.pdf, word_document_text.)
_NOT_TEXT_FORMATS: tuple[tuple[bytes, str, str], ...] = (
    (b"{\\rtf", "an RTF document", "save it as plain text (.txt) from your word processor"),
    (b"PK\x03\x04", "a ZIP archive (an .odt, .xlsx or .epub file is one; a readable .docx is read)",
     "save a word-processor file as plain text (.txt), or unpack an archive into the corpus folder"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc, .xls)", "save it as plain text (.txt)"),
    (b"\x1f\x8b", "a gzip archive", "decompress it (`gunzip FILE.gz`)"),
    (b"\x89PNG", "a PNG image", "remove it from the corpus"),
    (b"\xff\xd8\xff", "a JPEG image", "remove it from the corpus"),
    (b"GIF8", "a GIF image", "remove it from the corpus"),
)


def not_text_format(data: bytes) -> str | None:
    """What a file is and how to make text of it, if its first bytes say it is a known non-text format.

    >>> not_text_format(b"GIF89a...")
    'file is a GIF image, not text: remove it from the corpus'
    >>> not_text_format("Iraq's parliament voted.".encode()) is None
    True
    """
    head = _opening_bytes(data)
    for magic, name, advice in _NOT_TEXT_FORMATS:
        if head.startswith(magic):
            return f"file is {name}, not text: {advice}"
    return None


def _opening_bytes(data: bytes) -> bytes:
    """The first bytes of a file after a byte-order mark and blank space: where a format names itself."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:16]


def is_word_document(data: bytes) -> bool:
    """True for the bytes of a Word ``.docx`` file (a ZIP archive holding ``word/document.xml``)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def word_document_text(data: bytes) -> str:
    """The paragraphs of a Word ``.docx`` file (python-docx), one per line with a blank line between them;
    its tables, headers, footers and notes are left out. Raises ``ValueError`` if the file cannot be read."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several kinds for a damaged file
        raise ValueError(f"file is a Word document that cannot be read ({err.__class__.__name__}: {err})") from None
    text = "\n\n".join(" ".join(p.text.split()) for p in document.paragraphs if p.text.strip())
    if not text:
        raise ValueError("file is a Word document with no text in its paragraphs")
    return text + "\n"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes: ``(text, encoding)``; newlines normalised to ``\\n``.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such; otherwise Windows-1252
    (``cp1252``, or ``latin-1`` when no byte in 0x80-0x9F occurs, the two being identical then). A Word
    ``.docx`` file gives its paragraphs (encoding ``"docx"``).
    Raises ``ValueError`` naming the problem: empty, binary, mixed UTF-8 and single bytes, or bytes
    that Windows-1252 does not define.

    >>> decode_bytes("Iraq’s".encode("utf-8")), decode_bytes("été".encode("latin-1"))
    (('Iraq’s', 'utf-8'), ('été', 'latin-1'))
    """
    if not data.strip():
        raise ValueError("file is empty")
    if is_word_document(data):
        return word_document_text(data), "docx"
    if _opening_bytes(data).startswith(b"%PDF-"):
        from .pdf import pdf_text

        return pdf_text(data), "pdf"
    if (problem := not_text_format(data)) is not None:
        raise ValueError(problem)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16"), "utf-16"
    else:
        if b"\x00" in data[:8192]:
            raise ValueError("file is binary (contains NUL bytes), not text")
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as err:
            text = _decode_single_byte(data, err)
            encoding = "cp1252" if _C1_RE.search(data) else "latin-1"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ValueError("file is empty")
    control = len(_CONTROL_RE.findall(text))
    if control > max(5, len(text) // 100):
        raise ValueError(f"file looks binary ({control} control characters), not text")
    return text, encoding


def _decode_single_byte(data: bytes, utf8_error: UnicodeDecodeError) -> str:
    """Windows-1252 text, or a ``ValueError`` saying why the bytes are undecidable."""
    line = data[: utf8_error.start].count(b"\n") + 1
    where = f"at byte {utf8_error.start} (line {line}, bytes {data[utf8_error.start:utf8_error.end + 3]!r})"
    if _UTF8_MULTIBYTE_RE.search(data):
        raise ValueError(f"file is not valid UTF-8: {utf8_error.reason} {where}, yet other parts of it are UTF-8 "
                         "(mixed encodings); re-save it as UTF-8")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ValueError(f"file is not valid UTF-8 ({utf8_error.reason} {where}) nor Windows-1252/Latin-1 "
                         f"(byte {data[err.start:err.start + 1]!r} at byte {err.start}, line {line}); "
                         "re-save it as UTF-8") from None


def looks_like_html(text: str, name: str = "") -> bool:
    """True for an ``.html``/``.htm`` file name or text that opens like an HTML page."""
    return Path(name).suffix.lower() in {".html", ".htm"} or bool(_HTML_RE.search(text[:2000]))


def looks_like_markdown(text: str) -> bool:
    """True for text written in Markdown, as scraping tools write it: at least :data:`MIN_MARKDOWN_SIGNS`
    links, images, headings, link-list items or bold runs in Markdown's syntax.

    >>> looks_like_markdown("# Iraq\\n\\nThe [vote](https://example.com/v) was **close**.")
    True
    >>> looks_like_markdown("The #Iraq hashtag trended; 2 * 3 rockets hit the base.")
    False
    """
    return len(_MARKDOWN_SIGN_RE.findall(text, 0, 200_000)) >= MIN_MARKDOWN_SIGNS


def markdown_to_html(text: str) -> str:
    """A Markdown document as an HTML page (markdown-it-py, CommonMark), for :func:`html_to_text`: the
    extractor made for whole web pages also finds the article in a page saved as Markdown (on 163 English
    pages of the Zyte benchmark converted whole by html2text, word 4-gram precision 0.73 and recall 0.95,
    against 0.76 / 0.90 with the text rules alone)."""
    from markdown_it import MarkdownIt

    return f"<html><body>{MarkdownIt('commonmark').render(text)}</body></html>"


def html_to_text(html: str) -> str:
    """The article of an HTML page as text, one block per line.

    trafilatura extracts the main content with its precision settings (menus, comments, teasers
    and footers left out); where it finds no article, the whole page is converted (inscriptis) and
    the text rules of :mod:`iraqtext.clean` do the rest.
    """
    import trafilatura

    article = trafilatura.extract(html, favor_precision=True, include_comments=False, include_tables=True,
                                  include_images=False, include_links=False, deduplicate=True,
                                  output_format="txt")
    if article and article.strip():
        return article
    from inscriptis import get_text
    from inscriptis.model.config import ParserConfig

    return get_text(html, ParserConfig(display_links=False, display_images=False))


def decode_source(source: SourceDocument) -> DecodedText:
    """Read and decode one document's text (HTML and Markdown reduced to their article)."""
    if source.text is not None:
        text, encoding = source.text.replace("\r\n", "\n").replace("\r", "\n"), "table"
    else:
        text, encoding = decode_bytes(source.path.read_bytes())
    text, markup = article_text(text, source.path.name if source.path else "")
    return DecodedText(text=text, encoding=encoding, markup=markup)


def article_text(text: str, name: str = "") -> tuple[str, str]:
    """``(text, markup)``: an HTML page or a Markdown document reduced to its article (markup ``"html"`` or
    ``"markdown"``), any other text as it is (markup ``""``)."""
    markup = markup_of(text, name)
    if markup == "html":
        return html_to_text(text), markup
    if markup == "markdown":
        return html_to_text(markdown_to_html(text)), markup
    return text, markup


def markup_of(text: str, name: str = "") -> str:
    """``"html"`` for an HTML page, ``"markdown"`` for a Markdown document, ``""`` for plain text."""
    if looks_like_html(text, name):
        return "html"
    return "markdown" if looks_like_markdown(text) else ""


# --- folders ------------------------------------------------------------------------------------
def read_manifest(corpus_dir: Path) -> pd.DataFrame:
    """Read and validate ``manifest.csv`` (columns, ids, dates, file paths); file contents are not read."""
    manifest_path = corpus_dir / MANIFEST_NAME
    if not corpus_dir.is_dir():
        raise CorpusError([f"{corpus_dir}: corpus directory does not exist"])
    if not manifest_path.is_file():
        raise CorpusError([f"{manifest_path}: manifest is missing (expected {MANIFEST_NAME} with columns "
                           f"{', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}; `iraqtext manifest {corpus_dir}` "
                           "drafts one from the files)"])
    try:
        # As spreadsheets save it: UTF-8 or Windows-1252, comma, semicolon (European Excel) or tab.
        text, _ = decode_bytes(manifest_path.read_bytes())
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_csv_delimiter(text))
        rows = list(reader)
        header = [str(c).strip() for c in reader.fieldnames or []]
    except (ValueError, csv.Error) as err:
        raise CorpusError([f"{manifest_path}: cannot be read as a CSV ({err})"]) from None
    rows = [{(k.strip() if isinstance(k, str) else k): v for k, v in row.items()} for row in rows]
    missing = [col for col in REQUIRED_COLUMNS if col not in header]
    if missing:
        raise CorpusError([f"{manifest_path}: missing required column(s) {', '.join(missing)}; "
                           f"found {', '.join(c for c in header if c) or 'none'}{_rename_hint(missing, header)}"])
    if not rows:
        raise CorpusError([f"{manifest_path}: manifest lists no documents"])
    problems: list[str] = []
    for line_no, row in enumerate(rows, start=2):  # line 1 is the header
        if None in row:
            problems.append(f"{manifest_path} line {line_no}: more fields than columns (unquoted comma?)")
            row.pop(None)
    frame = pd.DataFrame(rows).fillna("")
    frame["where_"] = [f"{manifest_path} line {n}" for n in range(2, len(frame) + 2)]
    # A manifest written on Windows separates folders with "\\": the same path here.
    frame["file_"] = frame.pop("file").str.strip().str.replace("\\", "/", regex=False)
    problems += _check_metadata(frame)
    root = corpus_dir.resolve()
    for row in frame.itertuples(index=False):
        name = row.file_
        if not name:
            problems.append(f"{row.where_}: empty file name")
        elif problem := _path_problem(corpus_dir, root, name):
            problems.append(f"{row.where_}: file {name!r} {problem}; only files inside {corpus_dir} are read")
    if problems:
        raise CorpusError(problems)
    return frame


def _csv_delimiter(text: str) -> str:
    """The delimiter of a CSV's header line: the one of ``,`` ``;`` and tab that splits it into the most
    columns (a comma on a tie)."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _path_problem(corpus_dir: Path, root: Path, name: str) -> str | None:
    """Why ``name`` may not be read as a file of the corpus folder, or ``None`` when it may."""
    if Path(name).is_absolute() or re.match(r"^[A-Za-z]:[\\/]", name):
        return "is an absolute path"
    if os.path.normpath(name).split(os.sep)[0] == os.pardir:
        return "climbs out of the corpus folder"
    if not (corpus_dir / name).resolve().is_relative_to(root):
        return "follows a link out of the corpus folder"
    return None


def _folder_sources(corpus_dir: Path, manifest: pd.DataFrame) -> tuple[list[SourceDocument], list[str], list[str]]:
    """Check every listed file (exists, readable, decodable) and digest its bytes; returns
    ``(sources, encodings, problems)``. Texts are not kept: they are read again when needed. A news
    database's export of many articles is no document (:mod:`iraqtext.exports`)."""
    from .exports import export_problem  # exports reads files with this module's decoding

    sources, encodings, problems = [], [], []
    for row in manifest.itertuples(index=False):
        path = corpus_dir / row.file_
        where = f"{path} (manifest line {row.where_.rsplit(' ', 1)[-1]}, doc_id {row.doc_id.strip()!r})"
        encoding = ""
        if not path.is_file():
            problems.append(f"{where}: file listed in the manifest does not exist")
            data = b""
        else:
            data = path.read_bytes()
            try:
                text, encoding = decode_bytes(data)
            except ValueError as err:
                problems.append(f"{where}: {err}")
            else:
                if (problem := export_problem(text)) is not None:
                    problems.append(f"{where}: {problem}")
        sources.append(SourceDocument(row.doc_id.strip(), where, hashlib.sha256(data).hexdigest(), path=path))
        encodings.append(encoding)
    return sources, encodings, problems


def corpus_files(corpus_dir: Path, suffixes: Container[str] | None = TEXT_SUFFIXES) -> list[Path]:
    """The text and HTML files in a corpus folder and its subfolders (a scrape kept as one folder per
    site or year), by relative path; not the manifest, not hidden files or folders, and nothing whose real
    path lies outside the folder (a link out of it is never read). ``suffixes=None``: every such file."""
    root = corpus_dir.resolve()
    found = []
    for folder, subfolders, names in os.walk(corpus_dir):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith((".", "__")) and not _saved_page_assets(
            Path(folder), d, names))
        for name in names:
            path = Path(folder) / name
            if name.startswith(".") or path == corpus_dir / MANIFEST_NAME or not path.is_file():
                continue
            if suffixes is not None and path.suffix.lower() not in suffixes:
                continue
            if path.resolve().is_relative_to(root):
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(corpus_dir).as_posix())


def _saved_page_assets(folder: Path, name: str, files: list[str]) -> bool:
    """``NAME_files`` beside ``NAME.html``: what a browser's "Save page as" keeps of a page's scripts, images
    and embedded frames, not documents."""
    return name.endswith("_files") and any(f"{name[:-6]}{suffix}" in files for suffix in (".html", ".htm"))


def _unlisted_files(corpus_dir: Path, manifest: pd.DataFrame) -> list[str]:
    listed = {Path(f).as_posix() for f in manifest["file_"]}
    return [f"{path}: file is not listed in {MANIFEST_NAME} and was not loaded"
            for path in corpus_files(corpus_dir) if path.relative_to(corpus_dir).as_posix() not in listed]


# --- tables -------------------------------------------------------------------------------------
def read_table(path: Path) -> pd.DataFrame:
    """Read a corpus table with every column as given: ``.parquet``, ``.csv`` or ``.tsv``, ``.jsonl`` (one
    record per line), ``.json`` (an array of records), ``.xlsx`` (its first sheet)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise CorpusError([f"{path}: corpus table does not exist"])
    try:
        if suffix == ".parquet":
            return pd.read_parquet(path)
        if suffix in (".csv", ".tsv"):  # as spreadsheets save it, like a manifest
            text, _ = decode_bytes(path.read_bytes())
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=_csv_delimiter(text))
        if suffix in (".jsonl", ".json"):
            return pd.read_json(path, lines=suffix == ".jsonl", dtype=False)
        if suffix == ".xlsx":
            return pd.read_excel(path, sheet_name=0, dtype=object)
    except (OSError, ValueError, UnicodeDecodeError, KeyError, ImportError) as err:
        raise CorpusError([f"{path}: cannot be read as a {suffix[1:]} table ({err.__class__.__name__}: "
                           f"{str(err).splitlines()[0] if str(err) else ''})"]) from None
    raise CorpusError([f"{path}: a corpus is a folder with {MANIFEST_NAME} or a table ending in "
                       f"{', '.join(TABLE_SUFFIXES)}"])


#: What scrapers and researchers often call the required columns: named in the error as the likely one.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "doc_id": ("id", "article_id", "document_id", "docid"),
    "file": ("filename", "file_name", "path"),
    "title": ("headline", "name"),
    "published": ("date", "published_at", "publish_date", "pub_date", "date_published", "datetime", "timestamp",
                  "year"),
    "text": ("body", "content", "article", "full_text", "fulltext", "maintext"),
}


def _rename_hint(missing: list[str], columns) -> str:
    """`` (rename 'date' → 'published'?)`` for each missing column one of whose :data:`COLUMN_ALIASES` is there."""
    present = {str(c).strip().lower(): str(c) for c in columns if c}
    found = {col: next((present[a] for a in COLUMN_ALIASES.get(col, ()) if a in present), None) for col in missing}
    hints = [f"{alias!r} → {col!r}" for col, alias in found.items() if alias]
    return f" (rename {', '.join(hints)}?)" if hints else ""


def _table_frame(table: pd.DataFrame, name: str) -> tuple[pd.DataFrame, list[SourceDocument], list[str]]:
    missing = [col for col in TABLE_REQUIRED_COLUMNS if col not in table.columns]
    if missing:
        raise CorpusError([f"{name}: missing required column(s) {', '.join(missing)}; "
                           f"found {', '.join(map(str, table.columns)) or 'none'}{_rename_hint(missing, table.columns)}"])
    if table.empty:
        raise CorpusError([f"{name}: the table lists no documents"])
    frame = table.reset_index(drop=True).copy()
    frame["published"] = [_date_string(v) for v in frame["published"]]
    for col in ("doc_id", "title", *[c for c in OPTIONAL_COLUMNS if c in frame and c != "authors"]):
        frame[col] = frame[col].map(lambda v: "" if v is None or v != v else str(v))
    frame["where_"] = [f"{name} row {i}" for i in range(1, len(frame) + 1)]
    frame["file_"] = [f"{Path(name).name}#row{i}" for i in range(1, len(frame) + 1)]
    problems = _check_metadata(frame)
    sources = []
    for row in frame.itertuples(index=False):
        text = row.text
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{row.where_} (doc_id {row.doc_id!r}): text is empty")
            text = ""
        sources.append(SourceDocument(row.doc_id.strip(), f"{row.where_} (doc_id {row.doc_id!r})",
                                      hashlib.sha256(text.encode("utf-8")).hexdigest(), text=text))
    if problems:
        raise CorpusError(problems)
    return frame.drop(columns=["text"]), sources, []


def listed_ids(ids: list[str], limit: int = 10) -> str:
    """The first ``limit`` ids for a warning, and how many more: ``'a, b, c and 4 more'``."""
    return ", ".join(ids[:limit]) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def workbook_sheets_warning(path: Path) -> str | None:
    """Name the other sheets of an ``.xlsx`` corpus (only the first is read), or ``None``."""
    if path.suffix.lower() != ".xlsx":
        return None
    names = pd.ExcelFile(path).sheet_names
    if len(names) < 2:
        return None
    return (f"{path}: the corpus is read from the workbook's first sheet, {names[0]!r}; its other "
            f"{len(names) - 1} sheet(s) ({', '.join(map(repr, names[1:]))}) are not read — move the corpus to the first "
            "sheet if it is on another")


def truncated_warning(sources: list[SourceDocument]) -> str | None:
    """Name a table's documents whose text is exactly a spreadsheet cell's limit long (cut off when the table
    passed through Excel or LibreOffice), or ``None``."""
    cut = [s.doc_id for s in sources if s.text is not None and len(s.text) == SPREADSHEET_CELL_LIMIT]
    if not cut:
        return None
    return (f"{len(cut)} text(s) of the table stop at exactly {SPREADSHEET_CELL_LIMIT:,} characters, the most a "
            f"spreadsheet cell holds ({listed_ids(cut)}): the articles were probably cut off when the table was saved in "
            "Excel or LibreOffice; they are kept as they are")


#: A number this large in a table's date column is a time stamp in milliseconds since 1970 (what
#: ``DataFrame.to_json`` writes for dates by default), not a year.
EPOCH_MS_FROM = 10**11


def _date_string(value: object) -> str:
    """Dates from a table as text: a timestamp becomes ``YYYY-MM-DD`` (epoch milliseconds too, as a UTC
    date), a small whole number ``YYYY``."""
    if value is None or value != value:
        return ""
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if isinstance(value, (int, float)) and float(value).is_integer():
        if abs(value) >= EPOCH_MS_FROM:
            return pd.Timestamp(int(value), unit="ms", tz="UTC").strftime("%Y-%m-%d")
        return str(int(value))
    return str(value)


# --- shared checks and assembly -----------------------------------------------------------------
def _check_metadata(frame: pd.DataFrame) -> list[str]:
    """Ids (present, well-formed, unique) and dates of every row; writes ``published`` in its normal
    form (:func:`normalise_published`) and adds ``year``."""
    # A researcher's column named like one the intake computes is kept under ``<name>_given``, not overwritten.
    for column in [c for c in COMPUTED_COLUMNS if c in frame]:
        frame[f"{column}_given"] = frame.pop(column)
    problems: list[str] = []
    seen: dict[str, str] = {}
    dates: list[str] = []
    years = []
    for row in frame.itertuples(index=False):
        doc_id = str(row.doc_id).strip()
        if not doc_id:
            problems.append(f"{row.where_}: empty doc_id")
        elif not _DOC_ID_RE.match(doc_id):
            problems.append(f"{row.where_}: doc_id {doc_id!r} may contain only letters, digits, '.', '_' and '-'")
        elif doc_id in seen:
            problems.append(f"{row.where_}: duplicate doc_id {doc_id!r} (first on {seen[doc_id]})")
        else:
            seen[doc_id] = row.where_.rsplit(" ", 2)[-2] + " " + row.where_.rsplit(" ", 1)[-1]
        given = str(row.published or "").strip()
        if not given:
            dates.append("")
            years.append(None)  # undated: kept, named in a warning (see undated_warning)
            continue
        try:
            dates.append(normalise_published(given))
            years.append(int(dates[-1][:4]))
        except ValueError as err:
            problems.append(f"{row.where_}: {err}")
            dates.append(given)
            years.append(None)
    frame["published"] = dates
    frame["year"] = pd.array(years, dtype="Int64")
    return problems


def _authors(value: object) -> list[str]:
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist") and not isinstance(value, (str, float)):
        return [str(a).strip() for a in list(value) if not is_missing(a) and str(a).strip()]
    return [] if is_missing(value) else [a.strip() for a in str(value).split(";") if a.strip()]


def is_missing(value: object) -> bool:
    """None, NaN or pandas' NA (a JSON null, an empty spreadsheet cell)."""
    return value is None or value is pd.NA or isinstance(value, float) and value != value


def _documents_table(frame: pd.DataFrame, encodings: list[str]) -> pd.DataFrame:
    """Metadata in the documented column order, the researcher's own columns kept after them."""
    for col in OPTIONAL_COLUMNS:
        if col not in frame:
            frame[col] = ""
    own = [c for c in frame.columns if c not in {*DOCUMENT_COLUMNS, "file_", "where_", "text"}]
    docs = pd.DataFrame({
        "doc_id": frame["doc_id"].str.strip(),
        "title": frame["title"].str.strip(),
        "authors": [_authors(a) for a in frame["authors"]],
        "publisher": frame["publisher"].str.strip(),
        "published": frame["published"].str.strip(),
        "year": frame["year"].astype("Int64"),
        "url": frame["url"].str.strip(),
        "notes": frame["notes"].str.strip(),
        "source_file": frame["file_"],
        "encoding": encodings,
    })
    for col in own:
        docs[col] = frame[col].to_numpy()
    return docs


def dated(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a table (documents, troop figures, …) whose publication ``year`` is known: what a
    per-year table or chart can place. Undated rows are named by :func:`undated_warning`."""
    return table[table["year"].notna()] if "year" in table else table


def undated_ids(documents: pd.DataFrame) -> list[str]:
    """The ``doc_id`` of every document without a publication year, in table order."""
    return documents.loc[documents["year"].isna(), "doc_id"].tolist() if "year" in documents else []


def undated_count(documents: pd.DataFrame) -> int:
    """How many documents have no publication year."""
    return len(set(undated_ids(documents)))


def undated_warning(documents: pd.DataFrame) -> str | None:
    """The warning naming the documents without a ``published`` date, or ``None`` when all are dated."""
    undated = undated_ids(documents)
    if not undated:
        return None
    shown = listed_ids(undated)
    verb = "has" if len(undated) == 1 else "have"
    return (f"{len(undated)} of {len(documents)} documents {verb} no published date ({shown}): they are kept in "
            "the paragraph, actor, frame and troop-figure tables (a figure's year only from its own sentence) but "
            "are in no per-year table or chart")


def open_corpus(corpus: CorpusInput) -> Corpus:
    """Validate a corpus folder, table file or DataFrame without keeping the texts in memory
    (a table's texts are kept: they are already in memory).

    Raises :class:`CorpusError` listing every problem, each naming its file or row.
    """
    sheets_note = None
    if isinstance(corpus, pd.DataFrame):
        frame, sources, found = _table_frame(corpus, "DataFrame")
        encodings, location = ["table"] * len(sources), None
    else:
        path = Path(corpus)
        if path.suffix.lower() in TABLE_SUFFIXES or path.is_file():
            frame, sources, found = _table_frame(read_table(path), str(path))
            encodings, location, sheets_note = ["table"] * len(sources), path, workbook_sheets_warning(path)
        else:
            frame = read_manifest(path)
            sources, encodings, problems = _folder_sources(path, frame)
            if problems:
                raise CorpusError(problems)
            found, location = _unlisted_files(path, frame), path
    documents = _documents_table(frame, encodings)
    order = documents["doc_id"].argsort(kind="stable").to_numpy()
    documents = documents.iloc[order].reset_index(drop=True)
    sources = [sources[i] for i in order]
    return Corpus(documents=documents, sources=sources, location=location, warnings=found,
                  undated_note=undated_warning(documents), truncated_note=truncated_warning(sources),
                  sheets_note=sheets_note)


def load_corpus(corpus: CorpusInput) -> pd.DataFrame:
    """Load a corpus folder, table file or DataFrame into one row per document, sorted by ``doc_id``.

    Columns: :data:`DOCUMENT_COLUMNS` (``authors`` a list of str, ``year`` Int64, empty for an undated
    document (see :class:`UndatedDocumentWarning`), ``encoding`` how the
    file was decoded, ``raw_text`` the decoded text, HTML reduced to its article), then any other
    columns of the manifest or table.

    Raises
    ------
    CorpusError
        Listing every problem found (missing manifest or column, duplicate id, bad date, a path out
        of the corpus folder, missing/empty/binary/undecidable file), each naming its file and row.

    Example::

        docs = load_corpus("data/raw")
        docs.loc[0, ["doc_id", "year"]].tolist()  # ['aftandilian-2020-responsible-statecraft', 2020]
    """
    opened = open_corpus(corpus)
    for message, category in opened.notes:
        warnings.warn(message, category, stacklevel=2)
    texts = [decode_source(source).text for source in opened.sources]
    docs = opened.documents
    own = [c for c in docs.columns if c not in DOCUMENT_COLUMNS]
    return docs.assign(raw_text=texts)[[*DOCUMENT_COLUMNS, *own]]
