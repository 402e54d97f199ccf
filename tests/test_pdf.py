"""PDF intake: a report typeset over several pages reads as its paragraphs, without the page furniture."""

from __future__ import annotations

import io
import textwrap

import pandas as pd
import pytest

import iraqtext
from iraqtext.corpus import CorpusError, decode_bytes

from .conftest import RAW_DIR

HEAD = "Center for Iraq Studies | Policy Brief No. 12 | January 2020"


def seed_paragraphs() -> list[str]:
    text = (RAW_DIR / "osullivan-2020-foreign-affairs.txt").read_text(encoding="utf-8")
    return [" ".join(p.split()) for p in text.split("\n") if len(p.split()) > 25][:7]


def typeset(paragraphs: list[str], lines_per_page: int = 22, width: int = 88, head: str = HEAD,
            columns: int = 1, metadata: dict | None = None) -> bytes:
    """A PDF of ``paragraphs`` as a report prints them (matplotlib, embedded TrueType fonts): text flowing
    from column to column and page to page (a paragraph may break at a turn), a running head, a page number
    at the foot; a bulleted list after the second paragraph."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    lines: list[str] = []
    for k, paragraph in enumerate(paragraphs):
        lines += textwrap.wrap(paragraph, width) + [""]
        if k == 1:
            lines += ["• Keep the Strategic Framework Agreement in force;", "• Restore the training mission;", ""]
    buffer = io.BytesIO()
    with plt.rc_context({"pdf.fonttype": 42}), PdfPages(buffer, metadata=metadata) as pdf:
        for number, start in enumerate(range(0, len(lines), lines_per_page * columns), 1):
            figure = plt.figure(figsize=(8.5, 11))
            if head:
                figure.text(0.08, 0.96, head, fontsize=8)
            for column in range(columns):
                y = 0.88
                first = start + column * lines_per_page
                for line in lines[first:first + lines_per_page]:
                    if line:
                        figure.text(0.08 + 0.46 * column, y, line, fontsize=10 if columns == 1 else 9)
                    y -= 0.019 if line else 0.012
            figure.text(0.5, 0.03, str(number), fontsize=8)
            pdf.savefig(figure)
            plt.close(figure)
    return buffer.getvalue()


def test_a_report_reads_as_its_paragraphs_without_running_heads_or_page_numbers():
    paragraphs = seed_paragraphs()
    data = typeset(paragraphs)
    text, encoding = decode_bytes(data)
    assert encoding == "pdf"
    got = text.strip().split("\n\n")
    bullets = ["• Keep the Strategic Framework Agreement in force;", "• Restore the training mission;"]
    assert got == paragraphs[:2] + bullets + paragraphs[2:]  # pages joined: no paragraph cut at a page turn
    assert "Policy Brief" not in text and not any(p.strip().isdigit() for p in got)


def test_a_two_column_report_keeps_every_word_and_most_paragraphs_whole():
    from collections import Counter

    paragraphs = [" ".join(p.split()) for p in (RAW_DIR / "sky-2017-foreign-affairs.txt").read_text(
        encoding="utf-8").split("\n") if len(p.split()) > 25]
    text, _ = decode_bytes(typeset(paragraphs, lines_per_page=44, width=48, columns=2))
    bullets = "• Keep the Strategic Framework Agreement in force; • Restore the training mission;"
    assert Counter(text.split()) == Counter(" ".join(paragraphs + [bullets]).split())  # nothing lost or added
    got = text.strip().split("\n\n")
    assert len(set(paragraphs) & set(got)) >= 0.9 * len(paragraphs)  # columns read in order, turns joined


def test_a_short_pdf_keeps_its_only_heading_and_a_scan_is_named():
    # Two pages: too few to tell a running head from a title, so the head is kept (the cleaner judges it).
    text, _ = decode_bytes(typeset(seed_paragraphs()[:2], lines_per_page=12))
    assert text.startswith(HEAD)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure = plt.figure()
    figure.add_subplot().plot([0, 1], [0, 1])
    figure.axes[0].set_axis_off()
    figure.savefig(buffer, format="pdf")
    plt.close(figure)
    with pytest.raises(ValueError, match="a PDF without a text layer .* run OCR"):
        decode_bytes(buffer.getvalue())


def test_a_corpus_of_reports_builds_from_pdfs(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "brief-2020-01.pdf").write_bytes(typeset(seed_paragraphs()))
    (folder / "manifest.csv").write_text("doc_id,file,title,published\nbrief,brief-2020-01.pdf,Policy brief,2020-01-07\n")
    out = tmp_path / "out"
    iraqtext.build(folder, out, progress=False)
    documents = pd.read_parquet(out / "documents.parquet")
    assert documents["encoding"].tolist() == ["pdf"]
    figures = pd.read_parquet(out / "troop_figures.parquet")
    assert [5200] == figures["low"].tolist()[:1] and figures["kind"].iloc[0] == "current"
    paragraphs = pd.read_parquet(out / "paragraphs.parquet")["text"].tolist()
    assert paragraphs[0] == seed_paragraphs()[0]


def test_a_damaged_pdf_is_one_clear_error(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "cut.pdf").write_bytes(typeset(seed_paragraphs())[:900])
    (folder / "manifest.csv").write_text("doc_id,file,title,published\ncut,cut.pdf,Cut,2020\n")
    with pytest.raises(CorpusError, match=r"cut.pdf .*: file is a PDF that cannot be read \("):
        iraqtext.load_corpus(folder)


def test_a_draft_manifest_takes_a_reports_title_and_date_from_its_metadata(tmp_path):
    import datetime

    from iraqtext.manifest import draft_manifest

    made = {"Title": "Salvaging the U.S.-Iraqi Relationship",
            "CreationDate": datetime.datetime(2020, 1, 9, tzinfo=datetime.timezone.utc)}
    (tmp_path / "brief.pdf").write_bytes(typeset(seed_paragraphs(), metadata=made))
    (tmp_path / "2020-01-07 brief.pdf").write_bytes(typeset(seed_paragraphs(), metadata=made))
    rows = draft_manifest(tmp_path).rows.set_index("file")
    assert rows.loc["brief.pdf", ["title", "published"]].tolist() == [made["Title"], "2020-01-09"]
    assert "date: the PDF's creation date" in rows.loc["brief.pdf", "notes"]
    assert rows.loc["2020-01-07 brief.pdf", "published"] == "2020-01-07"  # a date in the name comes first
