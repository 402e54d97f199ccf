"""``iraqtext manifest``: a folder of scraped files without a manifest becomes a corpus in one step."""

from __future__ import annotations

import io
import os
import warnings

import pandas as pd
import pytest

from iraqtext import CorpusError, load_corpus
from iraqtext.cli import main
from iraqtext.manifest import draft_manifest

PAGE = ("<html><head><title>Iraq vote - Example News</title>"
        '<meta property="article:published_time" content="2020-01-05T22:10:00+03:00"></head>'
        "<body><h1>Iraq votes to expel U.S. troops</h1><p>Iraq's parliament voted on Sunday to expel the "
        "roughly 5,200 U.S. troops stationed in the country.</p></body></html>")


@pytest.fixture
def scrapes(tmp_path):
    folder = tmp_path / "scrapes"
    folder.mkdir()
    (folder / "ap_2020-01-05 iraq vote.txt").write_text(
        "Iraq Votes to Expel U.S. Troops\n\nIraq's parliament voted on Sunday to expel U.S. troops.\n", encoding="utf-8")
    (folder / "wire20210314.txt").write_text("The parliament met again on Tuesday and argued.\n", encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "clipping.txt").write_bytes("Un été à Bagdad\n\nThe militias stayed.\n".encode("cp1252"))
    (folder / "clipping.md").write_text("Another clipping\n\nMore text about Iraq.\n", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\x00\x00\x01binary")
    return folder


def test_a_draft_lists_every_readable_file_with_what_can_be_read(scrapes):
    draft = draft_manifest(scrapes)
    rows = draft.rows.set_index("file")
    assert list(rows.index) == ["ap_2020-01-05 iraq vote.txt", "clipping.md", "clipping.txt", "page.html",
                                "wire20210314.txt"]
    assert rows.loc["ap_2020-01-05 iraq vote.txt", ["doc_id", "title", "published"]].tolist() == [
        "ap_2020-01-05-iraq-vote", "Iraq Votes to Expel U.S. Troops", "2020-01-05"]
    # the page's own metadata: its headline, and the date as the publisher wrote it
    assert rows.loc["page.html", ["title", "published"]].tolist() == ["Iraq votes to expel U.S. troops", "2020-01-05"]
    assert rows.loc["wire20210314.txt", ["title", "published"]].tolist() == ["", "2021-03-14"]  # a sentence is no title
    assert rows.loc["clipping.txt", ["doc_id", "title", "published"]].tolist() == ["clipping-2", "Un été à Bagdad", ""]
    assert "date: none found (undated)" in rows.loc["clipping.txt", "notes"]
    assert len(draft.skipped) == 1 and "image.txt" in draft.skipped[0] and "a PNG image, not text" in draft.skipped[0]


def test_a_draft_names_what_it_leaves_out_and_how_to_make_text_of_it(scrapes):
    (scrapes / "report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<</Type/Catalog>>\nendobj\n")
    (scrapes / "memo.docx").write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00[Content_Types].xml")
    (scrapes / "notes.rtf").write_text("{\\rtf1\\ansi {\\fonttbl {\\f0 Times;}} Iraq's parliament voted.\\par }")
    (scrapes / "more.csv").write_text("doc_id,title,published,text\nx,X,2020,Text.\n")
    skipped = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line for line in draft_manifest(scrapes).skipped}
    assert "a PDF that cannot be read" in skipped["report.pdf"]  # a readable one is listed (tests/test_pdf.py)
    assert "a ZIP archive (an .odt" in skipped["memo.docx"]  # not a readable Word document
    assert "an RTF document" in skipped["notes.rtf"]
    assert "a table, not a document" in skipped["more.csv"] and "iraqtext build --raw" in skipped["more.csv"]
    assert len(draft_manifest(scrapes).rows) == 5  # the text files as before


def test_a_scrape_kept_in_one_folder_per_site_is_drafted_whole_and_builds(tmp_path):
    folder = tmp_path / "scrapes"
    for site, name, text in [("site-a", "2020-01-05 vote.txt", "Iraq votes\n\nIraq's parliament voted on Sunday.\n"),
                             ("site-a", "2020-01-06.txt", "The coalition paused its work in Iraq on Monday.\n"),
                             ("site-b/2021", "talks.txt", "Talks on the U.S. presence in Iraq resumed in Baghdad.\n")]:
        (folder / site).mkdir(parents=True, exist_ok=True)
        (folder / site / name).write_text(text, encoding="utf-8")
    (folder / "site-b" / "2021" / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "site-b" / "2021" / "saved.md").write_text("# The **vote**, explained\n\nIraq's parliament voted.\n")
    (folder / "site-b" / "page.html").write_text(PAGE, encoding="utf-8")  # saved with the browser's "Save page as"
    (folder / "site-b" / "page_files").mkdir()
    (folder / "site-b" / "page_files" / "ad-frame.html").write_text("<html><body><p>Buy now</p></body></html>")
    (folder / "site-b" / "page_files" / "app.js").write_text("var x = 1;")
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "x.txt").write_text("a checkpoint\n")
    outside = tmp_path / "private.txt"
    outside.write_text("Not part of the corpus.\n")
    (folder / "site-a" / "link.txt").symlink_to(outside)  # a link out of the folder is never read
    draft = draft_manifest(folder)
    rows = draft.rows.set_index("file")
    assert list(rows.index) == ["site-a/2020-01-05 vote.txt", "site-a/2020-01-06.txt", "site-b/2021/saved.md",
                                "site-b/2021/talks.txt", "site-b/page.html"]  # not the saved page's own files
    assert rows["doc_id"].tolist() == ["site-a-2020-01-05-vote", "site-a-2020-01-06", "site-b-2021-saved",
                                       "site-b-2021-talks", "site-b-page"]
    assert rows["published"].tolist() == ["2020-01-05", "2020-01-06", "2021", "2021", "2020-01-05"]  # a year from the folder
    assert rows.loc["site-b/2021/saved.md", "title"] == "The vote, explained"  # read without its Markdown
    assert [line.split(": ")[0].split("/scrapes/")[1] for line in draft.skipped] == ["site-b/2021/scan.pdf"]
    draft.rows.to_csv(folder / "manifest.csv", index=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # every readable file is listed; the link and the checkpoint are not the corpus's
        docs = load_corpus(folder)
    assert [str(w.message).split("/scrapes/")[1] for w in caught] == [  # the damaged PDF the draft left out
        "site-b/2021/scan.pdf: file is not listed in manifest.csv and was not loaded"]
    assert len(docs) == 5
    (folder / "site-b" / "new.txt").write_text("A file added later.\n")
    (folder / "site-b" / "2021" / "scan.pdf").unlink()
    with pytest.warns(UserWarning, match="site-b/new.txt: file is not listed"):
        load_corpus(folder)


def test_the_cli_writes_a_draft_the_corpus_reads_and_never_overwrites(scrapes, capsys):
    out = scrapes / "manifest.csv"
    old = os.umask(0o022)
    try:
        assert main(["manifest", str(scrapes), "--out", str(out)]) == 0
    finally:
        os.umask(old)
    assert "wrote" in capsys.readouterr().out and out.stat().st_mode & 0o777 == 0o644  # as any file the user writes
    with pytest.warns(UserWarning):  # two undated clippings; the binary file is reported as unlisted
        docs = load_corpus(scrapes)
    assert len(docs) == 5 and int(docs["year"].isna().sum()) == 2
    before = out.read_bytes()
    assert main(["manifest", str(scrapes), "--out", str(out)]) == 2
    assert "exists" in capsys.readouterr().err and out.read_bytes() == before
    assert main(["manifest", str(scrapes)]) == 0  # printed
    printed = capsys.readouterr().out
    assert pd.read_csv(io.StringIO(printed)).shape == (5, 8)


def test_a_folder_without_text_files_is_one_clear_error(tmp_path):
    (tmp_path / "data.bin").write_bytes(b"\x00\x01")
    with pytest.raises(CorpusError, match="no text or HTML file to list"):
        draft_manifest(tmp_path)
    with pytest.raises(CorpusError, match="does not exist"):
        draft_manifest(tmp_path / "nope")
