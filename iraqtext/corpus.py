"""Reading and validating a corpus directory: ``manifest.csv`` plus one text (or HTML) file per row.

Every problem is reported with the file and manifest row it concerns; nothing is dropped silently.
A file on disk that the manifest does not list is reported as a :class:`UnlistedFileWarning`.
"""

from __future__ import annotations

import csv
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

MANIFEST_NAME = "manifest.csv"
REQUIRED_COLUMNS: tuple[str, ...] = ("doc_id", "file", "title", "published")
OPTIONAL_COLUMNS: tuple[str, ...] = ("authors", "publisher", "url", "notes")
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id", "title", "authors", "publisher", "published", "year", "url", "notes",
    "source_file", "raw_text",
)
TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ""}
_DATE_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
_HTML_RE = re.compile(r"<\s*(html|body|p|div|article|!doctype)\b", re.IGNORECASE)
_DOC_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class CorpusError(ValueError):
    """A corpus that cannot be read as given; ``problems`` lists each one on its own line."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class UnlistedFileWarning(UserWarning):
    """A text file sits in the corpus directory but no manifest row names it."""


@dataclass(frozen=True)
class DecodedFile:
    """The text of one corpus file and how it was obtained."""

    text: str
    was_html: bool


def parse_published(value: str) -> int:
    """Return the year of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date string.

    >>> parse_published("2020-02")
    2020
    """
    match = _DATE_RE.match(value.strip())
    if not match:
        raise ValueError(f"unparseable date {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.group("year", "month", "day"))
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"unparseable date {value!r}: month {month} is not 1-12")
    if day is not None:
        pd.Timestamp(year=year, month=month, day=day)  # raises on 2020-02-31
    return year


def html_to_text(html: str) -> str:
    """Convert an HTML page to plain text with one block element per line (inscriptis)."""
    from inscriptis import get_text
    from inscriptis.model.config import ParserConfig

    return get_text(html, ParserConfig(display_links=False, display_images=False))


def decode_file(path: Path) -> DecodedFile:
    """Read ``path`` as UTF-8 text, converting HTML to text.

    Raises ``ValueError`` naming the problem: empty, binary (NUL bytes), or not UTF-8
    (with the byte offset, line and the offending bytes).
    """
    data = path.read_bytes()
    if not data.strip():
        raise ValueError("file is empty")
    if b"\x00" in data[:8192]:
        raise ValueError("file is binary (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        bad = data[err.start : err.end + 3]
        raise ValueError(
            f"file is not valid UTF-8: {err.reason} at byte {err.start} (line {line}, bytes {bad!r}); "
            "re-save it as UTF-8"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f")
    if control > max(5, len(text) // 100):
        raise ValueError(f"file looks binary ({control} control characters), not text")
    is_html = path.suffix.lower() in {".html", ".htm"} or bool(_HTML_RE.search(text[:2000]))
    if is_html:
        text = html_to_text(text)
        if not text.strip():
            raise ValueError("HTML file contains no text")
    return DecodedFile(text=text, was_html=is_html)


def read_manifest(corpus_dir: Path) -> pd.DataFrame:
    """Read and validate ``manifest.csv`` (columns, ids, dates); file contents are not read here."""
    manifest_path = corpus_dir / MANIFEST_NAME
    if not corpus_dir.is_dir():
        raise CorpusError([f"{corpus_dir}: corpus directory does not exist"])
    if not manifest_path.is_file():
        raise CorpusError([f"{manifest_path}: manifest is missing (expected {MANIFEST_NAME} with columns "
                           f"{', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)})"])
    try:
        with manifest_path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
            header = rows and list(rows[0].keys()) or _read_header(manifest_path)
    except (UnicodeDecodeError, csv.Error) as err:
        raise CorpusError([f"{manifest_path}: cannot be read as a UTF-8 CSV ({err})"]) from None
    missing = [col for col in REQUIRED_COLUMNS if col not in header]
    if missing:
        raise CorpusError([f"{manifest_path}: missing required column(s) {', '.join(missing)}; "
                           f"found {', '.join(c for c in header if c) or 'none'}"])
    if not rows:
        raise CorpusError([f"{manifest_path}: manifest lists no documents"])
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line_no, row in enumerate(rows, start=2):  # line 1 is the header
        where = f"{manifest_path} line {line_no}"
        if None in row:
            problems.append(f"{where}: more fields than columns (unquoted comma?)")
            continue
        doc_id = (row.get("doc_id") or "").strip()
        if not doc_id:
            problems.append(f"{where}: empty doc_id")
        elif not _DOC_ID_RE.match(doc_id):
            problems.append(f"{where}: doc_id {doc_id!r} may contain only letters, digits, '.', '_' and '-'")
        elif doc_id in seen:
            problems.append(f"{where}: duplicate doc_id {doc_id!r} (first on line {seen[doc_id]})")
        else:
            seen[doc_id] = line_no
        if not (row.get("file") or "").strip():
            problems.append(f"{where}: empty file name")
        try:
            row["year"] = parse_published(row.get("published") or "")
        except ValueError as err:
            problems.append(f"{where}: {err}")
    if problems:
        raise CorpusError(problems)
    frame = pd.DataFrame(rows)
    for col in OPTIONAL_COLUMNS:
        if col not in frame:
            frame[col] = ""
    frame["manifest_line"] = range(2, len(frame) + 2)
    return frame.fillna("")


def _read_header(manifest_path: Path) -> list[str]:
    with manifest_path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def load_corpus(corpus_dir: str | Path) -> pd.DataFrame:
    """Load a corpus directory into one row per document, sorted by ``doc_id``.

    Columns: ``doc_id, title, authors (list[str]), publisher, published (as given), year (int),
    url, notes, source_file, raw_text``.

    Raises
    ------
    CorpusError
        Listing every problem found (missing manifest or column, duplicate id, bad date,
        missing/empty/binary/non-UTF-8 file), each naming its file and manifest line.

    Example::

        docs = load_corpus("data/raw")
        docs.loc[0, ["doc_id", "year"]].tolist()  # ['aftandilian-2020-responsible-statecraft', 2020]
    """
    corpus_dir = Path(corpus_dir)
    manifest = read_manifest(corpus_dir)
    problems: list[str] = []
    texts: list[str] = []
    for row in manifest.itertuples(index=False):
        path = corpus_dir / row.file.strip()
        where = f"{path} (manifest line {row.manifest_line}, doc_id {row.doc_id!r})"
        if not path.is_file():
            problems.append(f"{where}: file listed in the manifest does not exist")
            texts.append("")
            continue
        try:
            texts.append(decode_file(path).text)
        except ValueError as err:
            problems.append(f"{where}: {err}")
            texts.append("")
    if problems:
        raise CorpusError(problems)
    listed = {f.strip() for f in manifest["file"]}
    for path in sorted(corpus_dir.iterdir()):
        if (path.is_file() and path.name != MANIFEST_NAME and not path.name.startswith(".")
                and path.suffix.lower() in TEXT_SUFFIXES and path.name not in listed):
            warnings.warn(f"{path}: file is not listed in {MANIFEST_NAME} and was not loaded",
                          UnlistedFileWarning, stacklevel=2)
    docs = pd.DataFrame({
        "doc_id": manifest["doc_id"].str.strip(),
        "title": manifest["title"].str.strip(),
        "authors": [[a.strip() for a in s.split(";") if a.strip()] for s in manifest["authors"]],
        "publisher": manifest["publisher"].str.strip(),
        "published": manifest["published"].str.strip(),
        "year": manifest["year"].astype("int64"),
        "url": manifest["url"].str.strip(),
        "notes": manifest["notes"].str.strip(),
        "source_file": manifest["file"].str.strip(),
        "raw_text": texts,
    })
    return docs.sort_values("doc_id", kind="stable").reset_index(drop=True)
