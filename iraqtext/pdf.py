"""The running text of a PDF: think-tank reports, government statements and saved articles.

A PDF holds positioned lines, not paragraphs. pdfminer.six groups the lines of each page into text boxes
in reading order (its layout analysis, made for this). Here a box is cut into paragraphs where the gap
between two lines is wider than the page's usual line pitch or a line opens with a bullet or a number
(the lines of a paragraph joined, a word hyphenated at a line end joined whole when English knows it so);
the page furniture is left out — a page number, and a running head or foot (a paragraph in the top or
bottom eighth of the page whose text, digits aside, recurs on at least half the pages or on three); and a
paragraph broken by a turn of column or page is joined again (its last line runs the usual width of the
page's lines, or it ends without a sentence end and the next column opens in lower case). The cleaner then reads the result as any
other text. A PDF without a text layer (a scan), an encrypted or a damaged one is one clear error.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections import Counter, OrderedDict
from statistics import median_high
from typing import NamedTuple

from .clean import join_wrapped
from .corpus import normalise_published

#: Where running heads and feet sit: the top and the bottom of a page, as a share of its height.
MARGIN_SHARE = 0.125
#: A gap between two lines this many times the page's usual line pitch (or more) ends a paragraph.
PARAGRAPH_GAP = 1.3
#: A last line at least this share of the page's usual line width runs on: the paragraph may go on in the next
#: column or page (a paragraph that ends a column with a long line is then joined to the next column's first).
FULL_LINE = 0.9
#: On how many of the pages (share, with at least three pages) a margin text must recur to be furniture; a
#: chapter's running head recurs on fewer, so :data:`RECURRING_PAGES` pages are enough too.
RECURRING_SHARE = 0.5
RECURRING_PAGES = 3
_PAGE_NUMBER_RE = re.compile(r"^(?:page\s+)?[-–(]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–)]?(?:\s*(?:of|/)\s*\d{1,4})?$",
                             re.I)
_SENTENCE_END_RE = re.compile(r"[.!?…:][\"'”’)\]]*$")
_MARKER_RE = re.compile(r"^([-–—*•·▪●◦■]|\d{1,2}[.)]|\([a-z0-9]\))(\s|$)")
#: Extracted texts kept by the digest of their bytes: a build reads a file when it checks the corpus,
#: when it collects the lines documents share and when it cleans it; layout analysis is slow.
_CACHE_CHARS = 50_000_000
_cache: OrderedDict[str, str] = OrderedDict()
_cache_lock = threading.Lock()


class _Paragraph(NamedTuple):
    """A paragraph of a page and what its place on the page says of it."""

    text: str
    in_margin: bool  # in the page's top or bottom margin: a page number, a running head or foot?
    full_last_line: bool  # its last line runs the usual width of the page's lines: it may go on
    opens_box: bool  # the first in its text box: a turn of column or page may have cut it from the one before


def pdf_text(data: bytes) -> str:
    """The paragraphs of a PDF's text layer, separated by blank lines.

    Raises ``ValueError`` for a PDF that cannot be read, is encrypted or has no text (a scan).
    """
    key = hashlib.sha256(data).hexdigest()
    with _cache_lock:  # a Dask worker may clean documents in several threads
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    text = _extract(data)
    with _cache_lock:
        _cache[key] = text
        while sum(map(len, _cache.values())) > _CACHE_CHARS and len(_cache) > 1:
            _cache.popitem(last=False)
    return text


def pdf_metadata(data: bytes) -> dict[str, str]:
    """The document information a PDF's maker wrote (``title``, ``author``, ``published`` as ``YYYY-MM-DD``
    from the creation date), each only when present and readable; ``{}`` for a PDF without any."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import PSLiteral
    from pdfminer.pdftypes import resolve1

    try:
        info = PDFDocument(PDFParser(io.BytesIO(data))).info
    except Exception:  # noqa: BLE001 - no metadata is no error: the text is read (or refused) on its own
        return {}

    def value(key: str) -> str:
        raw = resolve1(info[0].get(key)) if info else None
        if isinstance(raw, PSLiteral):
            raw = raw.name
        if isinstance(raw, bytes):  # PDF text strings: UTF-16 with a byte-order mark, else PDFDocEncoding
            raw = raw.decode("utf-16") if raw[:2] in (b"\xfe\xff", b"\xff\xfe") else raw.decode("latin-1")
        return " ".join(str(raw).split()) if raw else ""

    stamp = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", value("CreationDate"))
    try:
        published = normalise_published("-".join(stamp.groups())) if stamp else ""
    except ValueError:  # a stamp with month 00 or day 32: no date
        published = ""
    found = {"title": value("Title"), "author": value("Author"), "published": published}
    return {key: text for key, text in found.items() if text}


def _extract(data: bytes) -> str:
    from pdfminer.high_level import extract_pages
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pages = [_page_paragraphs(page) for page in extract_pages(io.BytesIO(data), laparams=_layout())]
    except (PDFEncryptionError, PDFPasswordIncorrect):
        raise ValueError("file is an encrypted PDF: save an unprotected copy (or its text) first") from None
    except Exception as err:  # noqa: BLE001 - pdfminer raises many kinds for a damaged file
        raise ValueError(f"file is a PDF that cannot be read ({err.__class__.__name__}: {err})") from None
    if not any(pages):
        raise ValueError("file is a PDF without a text layer (a scanned document): run OCR on it first, "
                         "e.g. `ocrmypdf FILE.pdf OUT.pdf`")
    furniture = _running_texts(pages)
    paragraphs: list[str] = []
    open_end = False  # whether the last paragraph kept ran to the end of its column's last line
    for page in pages:
        for paragraph in page:
            text = paragraph.text
            if paragraph.in_margin and (_PAGE_NUMBER_RE.match(text) or _shape(text) in furniture):
                continue
            if paragraphs and _MARKER_RE.fullmatch(paragraphs[-1] + " "):  # a bullet set apart from its item
                paragraphs[-1] = f"{paragraphs[-1]} {text}"
            elif paragraph.opens_box and paragraphs and (open_end or _continues(paragraphs[-1], text)):
                paragraphs[-1] = join_wrapped(paragraphs[-1], text)  # broken by a turn of column or page
            else:
                paragraphs.append(text)
            open_end = paragraph.full_last_line
    return "\n\n".join(paragraphs) + "\n"


def _layout():
    from pdfminer.layout import LAParams

    # Lines up to two line heights apart make one box (a column of text at any line spacing); the
    # paragraphs inside a box are told apart here, by the spacing of its lines.
    return LAParams(line_margin=2.0)


def _page_paragraphs(page) -> list[_Paragraph]:
    """A page's paragraphs in reading order.

    Within a text box (a column), a paragraph ends where the gap to the next line is wider than the
    page's usual line pitch, or where the next line opens with a bullet or a number."""
    from pdfminer.layout import LTTextContainer, LTTextLine

    boxes = [[line for line in box if isinstance(line, LTTextLine) and line.get_text().strip()]
             for box in page if isinstance(box, LTTextContainer)]
    pitches = [a.y0 - b.y0 for lines in boxes for a, b in zip(lines, lines[1:]) if a.y0 > b.y0]
    pitch = median_high(pitches) if pitches else 0.0
    top, bottom = page.y1 - MARGIN_SHARE * page.height, page.y0 + MARGIN_SHARE * page.height
    widths = [line.x1 - line.x0 for lines in boxes for line in lines]
    width = median_high(widths) if widths else 0.0  # the page's usual line, ragged or justified
    paragraphs: list[_Paragraph] = []
    for lines in boxes:
        group: list = []
        for line in lines:
            text = line.get_text().strip()
            if group and not (_MARKER_RE.match(text) or group[-1].y0 - line.y0 > PARAGRAPH_GAP * pitch):
                group.append(line)
                continue
            if group:
                paragraphs.append(_paragraph(group, top, bottom, width, group[0] is lines[0]))
            group = [line]
        if group:
            paragraphs.append(_paragraph(group, top, bottom, width, group[0] is lines[0]))
    return paragraphs


def _paragraph(lines: list, top: float, bottom: float, width: float, opens_box: bool) -> _Paragraph:
    text = lines[0].get_text().strip()
    for line in lines[1:]:
        text = join_wrapped(text, line.get_text().strip())
    in_margin = min(line.y0 for line in lines) >= top or max(line.y1 for line in lines) <= bottom
    return _Paragraph(" ".join(text.split()), in_margin, lines[-1].x1 - lines[-1].x0 >= FULL_LINE * width, opens_box)


def _shape(text: str) -> str:
    """A margin text with its numbers blanked: *Policy Brief | 7* and *Policy Brief | 8* are one running head."""
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def _running_texts(pages: list[list[_Paragraph]]) -> set[str]:
    """The shapes of the margin texts that recur on at least :data:`RECURRING_SHARE` of the pages."""
    if len(pages) < 3:
        return set()
    counts = Counter(shape for page in pages for shape in {_shape(p.text) for p in page if p.in_margin})
    return {shape for shape, n in counts.items() if n >= min(RECURRING_PAGES, max(2, RECURRING_SHARE * len(pages)))}


def _continues(previous: str, paragraph: str) -> bool:
    return not _SENTENCE_END_RE.search(previous) and paragraph[:1].islower()
