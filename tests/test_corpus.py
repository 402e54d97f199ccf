"""Corpus loading: the seeds, and one clear error for each class of bad input."""

from __future__ import annotations

import io
import json
import re
import zipfile
import shutil
from pathlib import Path

import pandas as pd
import pytest

from iraqtext import CorpusError, UndatedDocumentWarning, load_corpus
from iraqtext.corpus import (SPREADSHEET_CELL_LIMIT, TruncatedTextWarning, UnlistedFileWarning, WorkbookSheetsWarning,
                             article_text, normalise_published, parse_published)

from .conftest import RAW_DIR, TEST_DATA

HEADER = "doc_id,file,title,authors,publisher,published,url,notes\n"
BODY = "U.S. forces remain in Iraq at the invitation of its government.\n"


def make_corpus(tmp_path: Path, rows: list[str], files: dict[str, bytes]) -> Path:
    (tmp_path / "manifest.csv").write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def test_seed_corpus_loads_sorted_with_parsed_metadata(seed_docs):
    assert list(seed_docs.columns) == ["doc_id", "title", "authors", "publisher", "published", "year", "url",
                                       "notes", "source_file", "encoding", "raw_text"]
    assert set(seed_docs["encoding"]) == {"utf-8"}
    assert seed_docs["doc_id"].tolist() == sorted(seed_docs["doc_id"])
    cap = seed_docs.set_index("doc_id").loc["cap-2017-six-steps"]
    assert cap.authors == ["Andrew Kim", "Daniel Benaim", "Hardin Lang"]
    assert cap.year == 2017 and cap.published == "2017-02-13"
    tcf = seed_docs.set_index("doc_id").loc["tcf-2024-better-mission"]
    assert tcf.authors == [] and tcf.published == "2024-09" and tcf.year == 2024
    assert seed_docs["raw_text"].str.len().min() > 5000


def test_raw_data_is_byte_identical_to_the_shared_seed():
    shared = RAW_DIR.parents[2] / "shared" / "corpus"  # <checkout>/../shared/corpus
    assert shared.is_dir(), "../shared/corpus is expected beside the checkout"
    for path in shared.iterdir():
        assert (RAW_DIR / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.parametrize("value,year", [("2020", 2020), ("2020-02", 2020), ("2017-10-16", 2017)])
def test_parse_published(value, year):
    assert parse_published(value) == year


@pytest.mark.parametrize("value,normal", [
    ("2020-01-05T22:30:00Z", "2020-01-05"), ("2020-01-05 22:30", "2020-01-05"),
    ("2020-01-05T23:59:59.5+03:00", "2020-01-05"),  # the date as the publisher wrote it, not converted to UTC
    ("January 5, 2020", "2020-01-05"), ("Sept. 30, 2021", "2021-09-30"), ("5 Jan 2020", "2020-01-05"),
    ("1st May 2020", "2020-05-01"), ("Feb 2020", "2020-02"), ("2017-10", "2017-10"),
])
def test_dates_as_scrapers_write_them_are_normalised(value, normal):
    assert normalise_published(value) == normal


@pytest.mark.parametrize("value", ["2020-13", "2020-02-31", "", "20", "01/05/2020", "Foo 5, 2020", "last spring"])
def test_parse_published_rejects(value):
    with pytest.raises(ValueError):
        parse_published(value)


def test_a_manifest_date_time_is_stored_as_its_date(tmp_path):
    make_corpus(tmp_path, ['a,a.txt,A,,,"March 3, 2021",,', "b,b.txt,B,,,2022-07-01T09:15:00Z,,"],
                {"a.txt": BODY.encode(), "b.txt": BODY.encode()})
    docs = load_corpus(tmp_path)
    assert docs["published"].tolist() == ["2021-03-03", "2022-07-01"] and docs["year"].tolist() == [2021, 2022]


def test_missing_directory_and_manifest(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match="manifest is missing"):
        load_corpus(tmp_path)


def test_missing_required_column(tmp_path):
    (tmp_path / "manifest.csv").write_text("doc_id,file,title\na,a.txt,A\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="missing required column.*published"):
        load_corpus(tmp_path)
    (tmp_path / "manifest.csv").write_text("doc_id,filename,title,date\na,a.txt,A,2020\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"\(rename 'filename' → 'file', 'date' → 'published'\?\)"):
        load_corpus(tmp_path)


def test_duplicate_doc_id_names_both_lines(tmp_path):
    make_corpus(tmp_path, ["a,a.txt,A,,,2020,,", "a,b.txt,B,,,2021,,"], {"a.txt": BODY.encode(), "b.txt": BODY.encode()})
    with pytest.raises(CorpusError, match=r"line 3: duplicate doc_id 'a' \(first on line 2\)"):
        load_corpus(tmp_path)


def test_unparseable_date_names_the_line(tmp_path):
    make_corpus(tmp_path, ["a,a.txt,A,,,last spring,,"], {"a.txt": BODY.encode()})
    with pytest.raises(CorpusError, match="line 2: unparseable date 'last spring'"):
        load_corpus(tmp_path)


@pytest.mark.parametrize("published", ["", "   "])
def test_an_undated_document_is_kept_and_named_in_a_warning(tmp_path, published):
    make_corpus(tmp_path, ["a,a.txt,A,,,2020-05,,", f"b,b.txt,B,,,{published},,"],
                {"a.txt": BODY.encode(), "b.txt": BODY.encode()})
    with pytest.warns(UndatedDocumentWarning, match=r"1 of 2 documents has no published date \(b\)"):
        docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["a", "b"] and str(docs["year"].dtype) == "Int64"
    assert docs["year"].iloc[0] == 2020 and docs["year"].isna().tolist() == [False, True]


def test_a_table_with_missing_dates_loads_them_as_undated():
    table = TABLE.assign(published=[None, pd.Timestamp("2020-01-05")])
    with pytest.warns(UndatedDocumentWarning, match=r"\(b-2021\)"):
        docs = load_corpus(table)
    assert docs["published"].tolist() == ["2020-01-05", ""] and docs["year"].isna().tolist() == [False, True]


@pytest.mark.parametrize("delimiter,encoding", [(";", "cp1252"), ("\t", "utf-8"), (",", "utf-8-sig")])
def test_a_manifest_saved_by_a_spreadsheet_is_read(tmp_path, delimiter, encoding):
    """European Excel saves CSV with semicolons, plain "CSV" in Windows-1252; others use tabs or a BOM."""
    header = delimiter.join(["doc_id", "file", "title", "published", "publisher"])
    row = delimiter.join(["a", "a.txt", "Irak: l’été des milices", "2020-07", "Le Monde"])
    (tmp_path / "manifest.csv").write_bytes(f"{header}\r\n{row}\r\n".encode(encoding))
    (tmp_path / "a.txt").write_bytes(BODY.encode())
    docs = load_corpus(tmp_path)
    assert docs[["doc_id", "title", "year", "publisher"]].values.tolist() == [["a", "Irak: l’été des milices", 2020,
                                                                             "Le Monde"]]


def test_listed_file_that_is_absent(tmp_path):
    make_corpus(tmp_path, ["a,a.txt,A,,,2020,,"], {})
    with pytest.raises(CorpusError, match="a.txt.*does not exist"):
        load_corpus(tmp_path)


def test_unlisted_file_warns_and_is_not_loaded(tmp_path):
    make_corpus(tmp_path, ["a,a.txt,A,,,2020,,"], {"a.txt": BODY.encode(), "stray.txt": BODY.encode()})
    with pytest.warns(UnlistedFileWarning, match="stray.txt"):
        docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["a"]


@pytest.mark.parametrize("data,message", [
    (b"", "file is empty"),
    (b"  \n\n ", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image, not text"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
    # formats a researcher keeps documents in: each named, with how to make text of it (decoded as
    # Windows-1252, a PDF without NUL bytes early on and an RTF file had been read as documents of markup; a PDF
    # is read now, a damaged one named)
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n", r"a PDF that cannot be read \("),
    (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Iraq's parliament voted.\\par }", "an RTF document"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00[Content_Types].xml", r"a ZIP archive \(an \.odt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", r"an old Microsoft Office file \(\.doc"),
    # UTF-8 with a stray Windows-1252 byte: mixed encodings cannot be decided
    ("The prime minister’s view: ".encode("utf-8") + b"\x93no\x94.\n",
     r"not valid UTF-8: invalid start byte at byte 29 \(line 1.*mixed encodings"),
    # bytes that Windows-1252 does not define
    (b"Baghdad \x81\x8d\x90 was hot.\n", r"nor Windows-1252/Latin-1 \(byte b'\\x81' at byte 8"),
])
def test_bad_files_get_one_clear_error(tmp_path, data, message):
    make_corpus(tmp_path, ["a,a.txt,A,,,2020,,"], {"a.txt": data})
    with pytest.raises(CorpusError, match=message) as info:
        load_corpus(tmp_path)
    assert "a.txt" in str(info.value) and "doc_id 'a'" in str(info.value)


def test_all_problems_are_reported_together(tmp_path):
    make_corpus(tmp_path, ["a,a.txt,A,,,2020,,", "b,b.txt,B,,,2020,,"], {"a.txt": b""})
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    assert len(info.value.problems) == 2


def test_html_file_is_reduced_to_its_article(tmp_path):
    article = "".join(f"<p>Paragraph {k}: about 2,500 U.S. troops remain in Iraq, officials in Baghdad said on "
                      f"Tuesday, as talks on the future of the coalition go on.</p>" for k in range(1, 6))
    html = ("<html><head><title>t</title><script>var x=1;</script></head><body>"
            "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav>"
            f"<article><h1>Troops in Iraq</h1>{article}</article>"
            "<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer></body></html>")
    make_corpus(tmp_path, ["a,a.html,A,,,2024,,"], {"a.html": html.encode()})
    text = load_corpus(tmp_path).loc[0, "raw_text"]
    assert text.index("Paragraph 1:") < text.index("Paragraph 5:")
    assert "<p>" not in text and "var x" not in text
    assert "Home" not in text and "All rights reserved" not in text


def test_a_markdown_page_is_reduced_to_its_article(tmp_path):
    # A whole page as a crawler saves it in Markdown: the site's menu, the article, related links.
    menu = "".join(f"  * [{name}](https://example.com/{name.lower()})\n" for name in
                   ("World", "Politics", "Business", "Opinion", "Sports", "Video", "Podcasts", "Newsletters"))
    related = "".join(f"  * [{title}](https://example.com/story/{k})\n" for k, title in enumerate(
        ("Oil prices climb after Gulf tanker attack", "Ten recipes for a summer picnic",
         "Stocks close lower as trade talks stall", "Film review: a quiet epic of the desert")))
    page = menu + "\n" + (TEST_DATA / "markdown_scrape.md").read_text() + "\n## Related\n\n" + related
    make_corpus(tmp_path, ["a,a.md,A,,,2020,,"], {"a.md": page.encode()})
    text = load_corpus(tmp_path).loc[0, "raw_text"]
    assert "Iraq's parliament voted on Sunday to ask the government to end the presence of the roughly 5,200 U.S. " \
           "troops stationed in the country" in text
    assert "Caretaker Prime Minister Adel Abdul Mahdi told lawmakers" in text
    assert not re.search(r"Politics|Podcasts|picnic|Film review|https?://|\]\(|\*\*|^#", text, re.MULTILINE)


@pytest.mark.parametrize("text,markup", [
    ("The [vote](https://example.com/v) was **close**, said [one MP](/mp).", "markdown"),
    ("The #Iraq hashtag trended after 2 * 3 rockets hit the base; see [1] and [2](below).", ""),
    ("<html><body><p>About 2,500 U.S. troops remain in Iraq.</p></body></html>", "html"),
])
def test_markup_is_recognised_by_its_syntax(text, markup):
    assert article_text(text)[1] == markup


def test_bom_and_crlf_are_normalised(tmp_path):
    make_corpus(tmp_path, ["a,a.txt,A,,,2020,,"], {"a.txt": b"\xef\xbb\xbfLine one.\r\nLine two.\r\n"})
    assert load_corpus(tmp_path).loc[0, "raw_text"] == "Line one.\nLine two.\n"


def test_seed_copy_loads_from_any_directory(tmp_path):
    target = tmp_path / "corpus"
    shutil.copytree(RAW_DIR, target)
    assert len(load_corpus(target)) == 5


def test_windows_1252_and_latin_1_files_are_decoded_and_recorded(tmp_path):
    make_corpus(tmp_path, ["a,a.txt,A,,,2020,,", "b,b.txt,B,,,2020,,"], {
        "a.txt": "The Iraqi prime minister’s “reform” plan – again.\n".encode("cp1252"),
        "b.txt": "Le député a dit: été chaud à Bagdad.\n".encode("latin-1"),
    })
    docs = load_corpus(tmp_path).set_index("doc_id")
    assert docs.loc["a", "raw_text"] == "The Iraqi prime minister’s “reform” plan – again.\n"
    assert docs.loc["a", "encoding"] == "cp1252"
    assert docs.loc["b", "raw_text"] == "Le député a dit: été chaud à Bagdad.\n"
    assert docs.loc["b", "encoding"] == "latin-1"


@pytest.mark.parametrize("name,message", [
    ("../../../etc/passwd", "climbs out of the corpus folder"),
    ("sub/../../outside.txt", "climbs out of the corpus folder"),
    ("/etc/passwd", "is an absolute path"),
    ("..\\outside.txt", "climbs out of the corpus folder"),  # written on Windows
    ("C:\\Users\\me\\outside.txt", "is an absolute path"),
])
def test_paths_out_of_the_corpus_are_refused_before_reading(tmp_path, name, message):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "outside.txt").write_text("A secret outside the corpus.\n")
    make_corpus(corpus, [f"a,{name},A,,,2020,,"], {})
    shown = name.replace("\\", "/")
    with pytest.raises(CorpusError, match=f"line 2: file '{re.escape(shown)}' {message}") as info:
        load_corpus(corpus)
    assert len(info.value.problems) == 1 and "secret" not in str(info.value)


def test_a_manifest_written_on_windows_finds_files_in_subfolders(tmp_path):
    (tmp_path / "site-a").mkdir()
    make_corpus(tmp_path, ["a,site-a\\a.txt,A,,,2020,,"], {"site-a/a.txt": BODY.encode()})
    assert load_corpus(tmp_path)["source_file"].tolist() == ["site-a/a.txt"]


def test_a_link_out_of_the_corpus_is_refused(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "outside.txt").write_text("A secret outside the corpus.\n")
    (corpus / "inside.txt").symlink_to(tmp_path / "outside.txt")
    (corpus / "ok.txt").write_text(BODY)
    (corpus / "link-ok.txt").symlink_to(corpus / "ok.txt")  # a link that stays inside is fine
    make_corpus(corpus, ["a,inside.txt,A,,,2020,,", "b,link-ok.txt,B,,,2020,,"], {})
    with pytest.raises(CorpusError, match="file 'inside.txt' follows a link out of the corpus folder") as info:
        load_corpus(corpus)
    assert len(info.value.problems) == 1


TABLE = pd.DataFrame({
    "doc_id": ["b-2021", "a-2020"],
    "title": ["Second", "First"],
    "published": ["2021-03", "2020-01-05"],
    "text": ["About 2,500 U.S. troops remain in Iraq.\n", "Iraq's parliament voted.\n"],
    "publisher": ["Example News", "Other Site"],
    "stance_code": [2, 1],  # a researcher's own variable
})


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".tsv", ".jsonl", ".json", ".xlsx", "frame"])
def test_a_table_is_a_corpus_and_keeps_the_researchers_columns(tmp_path, suffix):
    if suffix == "frame":
        source = TABLE
    else:
        source = tmp_path / f"corpus{suffix}"
        {".parquet": lambda p: TABLE.to_parquet(p, index=False), ".csv": lambda p: TABLE.to_csv(p, index=False),
         ".tsv": lambda p: TABLE.to_csv(p, index=False, sep="\t"),
         ".jsonl": lambda p: TABLE.to_json(p, orient="records", lines=True),
         ".json": lambda p: TABLE.to_json(p, orient="records"),  # an array of records, as scrapers write it
         ".xlsx": lambda p: TABLE.to_excel(p, index=False)}[suffix](source)
    docs = load_corpus(source)
    assert docs["doc_id"].tolist() == ["a-2020", "b-2021"]
    assert docs["year"].tolist() == [2020, 2021] and docs["encoding"].tolist() == ["table", "table"]
    assert docs["raw_text"].tolist()[1] == "About 2,500 U.S. troops remain in Iraq.\n"
    assert list(docs.columns)[-1] == "stance_code" and docs["stance_code"].astype(int).tolist() == [1, 2]
    assert docs["source_file"].iloc[0].endswith("#row2")


def test_texts_cut_at_a_spreadsheet_cells_limit_are_named(tmp_path):
    long_article = ("About 2,500 U.S. troops remain in Iraq, officials said. " * 700)[:SPREADSHEET_CELL_LIMIT]
    table = TABLE.assign(text=[long_article, "Iraq's parliament voted.\n"])
    table.to_excel(tmp_path / "corpus.xlsx", index=False)
    with pytest.warns(TruncatedTextWarning, match=r"1 text\(s\) of the table stop at exactly 32,767 characters.*b-2021"):
        docs = load_corpus(tmp_path / "corpus.xlsx")
    assert len(docs.loc[docs.doc_id == "b-2021", "raw_text"].iloc[0]) == SPREADSHEET_CELL_LIMIT  # kept as it is


def test_a_word_document_is_read_as_its_paragraphs(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Iraq votes to expel U.S. troops", 1)
    document.add_paragraph("Iraq's parliament voted on Sunday to ask the government to end the presence of the  "
                           "roughly 5,200 U.S. troops stationed in the country.")
    document.add_paragraph("")
    document.add_paragraph("The vote is not binding on the government.")
    document.save(tmp_path / "memo.docx")
    make_corpus(tmp_path, ["a,memo.docx,A,,,2020,,"], {})
    docs = load_corpus(tmp_path)
    assert docs.loc[0, "encoding"] == "docx"
    assert docs.loc[0, "raw_text"] == ("Iraq votes to expel U.S. troops\n\nIraq's parliament voted on Sunday to ask the "
                                       "government to end the presence of the roughly 5,200 U.S. troops stationed in "
                                       "the country.\n\nThe vote is not binding on the government.\n")
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>not closed")
    (tmp_path / "memo.docx").write_bytes(broken.getvalue())
    with pytest.raises(CorpusError, match="memo.docx.*a Word document that cannot be read"):
        load_corpus(tmp_path)


def test_a_workbooks_other_sheets_are_named(tmp_path):
    path = tmp_path / "corpus.xlsx"
    with pd.ExcelWriter(path) as book:
        TABLE.to_excel(book, sheet_name="articles", index=False)
        TABLE[["doc_id", "stance_code"]].to_excel(book, sheet_name="codes", index=False)
    with pytest.warns(WorkbookSheetsWarning, match=r"first sheet, 'articles'; its other 1 sheet\(s\) \('codes'\)"):
        assert len(load_corpus(path)) == 2


def test_a_scrapers_jsonl_with_author_lists_and_nulls_is_read(tmp_path):
    # newspaper3k / news-please style: authors as a list, null where a field was not found
    rows = [{"doc_id": 1, "title": "A", "published": "2020-01-05T10:00:00Z", "text": "Iraq's parliament voted.",
             "authors": ["Jane Roe", "John Doe"]},
            {"doc_id": 2, "title": "B", "published": None, "text": "About 2,500 U.S. troops remain.", "authors": None},
            {"doc_id": 3, "title": "C", "published": "2021-03-01", "text": "The coalition stays.", "authors": []}]
    path = tmp_path / "scrape.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    with pytest.warns(UndatedDocumentWarning):
        docs = load_corpus(path)
    assert docs["doc_id"].tolist() == ["1", "2", "3"]
    assert docs["authors"].tolist() == [["Jane Roe", "John Doe"], [], []]  # a null is no author called "nan"


def test_dates_that_pandas_wrote_to_json_as_epoch_milliseconds_are_read(tmp_path):
    # what DataFrame.to_json writes for a datetime column by default (pandas 2): 2021-03-04 23:00 UTC, 2020-01-05
    table = TABLE.assign(published=[1614898800000, 1578182400000]).drop(columns=["stance_code"])
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in table.to_dict(orient="records")), encoding="utf-8")
    docs = load_corpus(path)
    assert docs["published"].tolist() == ["2020-01-05", "2021-03-04"] and docs["year"].tolist() == [2020, 2021]


def test_a_table_with_a_scrapers_column_names_says_which_to_rename():
    scraped = TABLE.rename(columns={"published": "date", "text": "content"})
    with pytest.raises(CorpusError, match=r"missing required column\(s\) published, text; found .* \(rename 'date' → "
                                          r"'published', 'content' → 'text'\?\)"):
        load_corpus(scraped)


def test_a_researchers_column_named_like_a_computed_one_is_kept_not_overwritten():
    own = TABLE.assign(year=["FY2021", "FY2020"], encoding=["scan", "web"])
    docs = load_corpus(own)
    assert docs["year"].tolist() == [2020, 2021] and docs["encoding"].tolist() == ["table", "table"]
    assert docs["year_given"].tolist() == ["FY2020", "FY2021"] and docs["encoding_given"].tolist() == ["web", "scan"]


def test_a_csv_table_saved_by_european_excel_is_read(tmp_path):
    path = tmp_path / "corpus.csv"
    TABLE.to_csv(path, index=False, sep=";", encoding="cp1252")
    docs = load_corpus(path)
    assert docs["doc_id"].tolist() == ["a-2020", "b-2021"] and docs["year"].tolist() == [2020, 2021]
    TABLE.rename(columns={"doc_id": "id"}).to_csv(path, index=False, sep=";", encoding="cp1252")
    with pytest.raises(CorpusError, match=r"found id, title, published, text, .*\(rename 'id' → 'doc_id'\?\)"):
        load_corpus(path)  # its columns read apart, so the hint can name the one to rename


def test_a_table_with_problems_names_its_rows(tmp_path):
    bad = pd.concat([TABLE, TABLE.iloc[[0]].assign(text="", published="soon")], ignore_index=True)
    with pytest.raises(CorpusError) as info:
        load_corpus(bad)
    problems = info.value.problems
    assert any("row 3: duplicate doc_id 'b-2021' (first on row 1)" in p for p in problems)
    assert any("row 3: unparseable date 'soon'" in p for p in problems)
    assert any("row 3 (doc_id 'b-2021'): text is empty" in p for p in problems)
    with pytest.raises(CorpusError, match="missing required column.*text"):
        load_corpus(TABLE.drop(columns=["text"]))
    with pytest.raises(CorpusError, match="a corpus is a folder with manifest.csv or a table"):
        (tmp_path / "corpus.sav").write_bytes(b"$FL2")  # an SPSS file
        load_corpus(tmp_path / "corpus.sav")
    with pytest.raises(CorpusError, match="corpus.xlsx: cannot be read as a xlsx table"):
        (tmp_path / "corpus.xlsx").write_bytes(b"PK")
        load_corpus(tmp_path / "corpus.xlsx")
