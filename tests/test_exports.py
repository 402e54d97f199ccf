"""News-database exports (Nexis Uni, LexisNexis Academic): many articles in one file, split into a corpus table."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import iraqtext
from iraqtext.cli import main
from iraqtext.corpus import CorpusError
from iraqtext.exports import LEXISNEXIS_ACADEMIC, NEXIS_UNI, export_format, split_export

from .conftest import RAW_DIR

NBSP = "\u00a0"


def seed_paragraphs(name: str, n: int) -> list[str]:
    """Body paragraphs of a seed article (long lines of its raw text), as a database would print them."""
    text = (RAW_DIR / f"{name}.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if len(line.split()) > 25][:n]


ARTICLES = [  # headline, source, date line, byline, section, body
    ("Iraq's parliament votes to expel U.S. troops", "The Guardian (London)", "January 5, 2020 Sunday 6:11 PM GMT",
     "Martin Chulov and Julian Borger", "WORLD NEWS; Version:3", seed_paragraphs("osullivan-2020-foreign-affairs", 4)),
    ("Six steps toward a lasting U.S. presence in Iraq", "Center for American Progress", "July 18, 2017 Tuesday",
     "", "NATIONAL SECURITY", seed_paragraphs("cap-2017-six-steps", 3)),
]


def nexis_uni_lines() -> list[str]:
    """The paragraphs of a Nexis Uni export of :data:`ARTICLES`: a cover page listing the results, then each
    article between its metadata and ``End of Document`` (the layout of Nexis Uni's Word files)."""
    lines = ["Date and Time: Friday, 5. July 2024 09:31:00 CEST", "Job Number: 221234", f"Documents ({len(ARTICLES)})"]
    for k, article in enumerate(ARTICLES, 1):
        lines += [f"{k}. {article[0]}", "Client/Matter: -None-", "Search Terms: iraq w/10 troops",
                  "Search Type: Terms and Connectors", "Narrowed by: ", "", ""]
    for title, source, date, byline, section, body in ARTICLES:
        lines += ["", "", title, source, date, "", f"Copyright 2020 {source} All Rights Reserved", "",
                  f"Section:{NBSP}{section}", f"Length:{NBSP}{sum(len(p.split()) for p in body)} words"]
        lines += [f"Byline:{NBSP}{byline}"] if byline else []
        lines += ["Body", "", ""] + [x for p in body for x in (p, "")]
        lines += ["Classification", "", f"Language:{NBSP}ENGLISH", f"Load-Date:{NBSP}{date.rsplit(' ', 1)[0]}", "",
                  "End of Document", ""]
    return lines


def nexis_uni_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in nexis_uni_lines():
        document.add_paragraph(line)
    document.save(path)
    return path


def academic_text() -> str:
    """A LexisNexis Academic text export of :data:`ARTICLES`: centred source and date, headline, fields, the
    body wrapped at 80 characters, the trailing fields and copyright."""
    parts = ["Download Request: Selected Items: 1-2", "Time Of Request: Friday, March 20, 2018  16:51:31", "",
             "Terms: iraq w/10 troops", "", ""]
    for k, (title, source, date, byline, section, body) in enumerate(ARTICLES, 1):
        parts += [f"{k} of {len(ARTICLES)} DOCUMENTS".center(80).rstrip(), "", "", source.center(80).rstrip(), "",
                  " ".join(date.split()[:4]).center(80).rstrip(), "", title, ""]
        parts += [f"BYLINE: {byline}", ""] if byline else []
        parts += [f"SECTION: {section}", "", f"LENGTH: {sum(len(p.split()) for p in body)} words", "",
                  "DATELINE: BAGHDAD", ""]
        parts += [x for p in body for x in (textwrap.fill(p, 80), "")]
        parts += ["LOAD-DATE: January 6, 2020", "", "LANGUAGE: ENGLISH", "", "PUBLICATION-TYPE: Newspaper", "", "",
                  f"Copyright 2020 {source}".center(80).rstrip(), "All Rights Reserved".center(80).rstrip(), ""]
    return "\n".join(parts) + "\n"


EXPECTED = [
    {"title": "Iraq's parliament votes to expel U.S. troops", "published": "2020-01-05",
     "publisher": "The Guardian (London)", "authors": "Martin Chulov; Julian Borger"},
    {"title": "Six steps toward a lasting U.S. presence in Iraq", "published": "2017-07-18",
     "publisher": "Center for American Progress", "authors": ""},
]


def test_a_nexis_uni_export_gives_each_article_its_metadata_and_body(tmp_path):
    path = nexis_uni_docx(tmp_path / "Files (2).DOCX")
    table = iraqtext.read_news_exports([path])
    assert table["doc_id"].tolist() == ["files-2-001", "files-2-002"]
    assert table[["title", "published", "publisher", "authors"]].to_dict("records") == EXPECTED
    assert table["section"].tolist() == ["WORLD NEWS; Version:3", "NATIONAL SECURITY"]
    for text, article in zip(table["text"], ARTICLES):
        assert text.split("\n\n") == [" ".join(p.split()) for p in article[5]]  # no cover, metadata or trailer
    assert table["export_file"].tolist() == [str(path)] * 2


def test_a_lexisnexis_academic_export_is_unwrapped_and_its_fields_left_out():
    articles = split_export(academic_text())
    assert export_format(academic_text()) == LEXISNEXIS_ACADEMIC
    assert [{k: a[k] for k in ("title", "published", "publisher", "authors")} for a in articles] == EXPECTED
    assert articles[0]["section"] == "WORLD NEWS; Version:3"
    for article, expected in zip(articles, ARTICLES):
        assert article["text"].split("\n\n") == [" ".join(p.split()) for p in expected[5]]  # lines joined; DATELINE, LOAD-DATE, copyright left out


def test_an_article_about_an_export_is_no_export():
    text = ("The archive's search returned 40 of 120 DOCUMENTS, each ending in End of Document.\n\n"
            "Body\n\nLength: 300 words were allowed per article, the clerk said.\n")
    assert export_format(text) is None
    assert export_format("\n".join(nexis_uni_lines())) == NEXIS_UNI


def test_a_corpus_folder_refuses_an_export_and_the_manifest_leaves_it_out(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(RAW_DIR, corpus)
    nexis_uni_docx(corpus / "nexis-iraq.docx")
    with (corpus / "manifest.csv").open("a", encoding="utf-8") as handle:
        handle.write("nexis-iraq,nexis-iraq.docx,Nexis results,,,2020-01-05,,\n")
    with pytest.raises(CorpusError, match=r"nexis-iraq.docx .*a Nexis Uni export of 2 articles, not one article: "
                                          r"make a corpus table of its articles with `iraqtext split-export"):
        iraqtext.load_corpus(corpus)
    assert main(["manifest", str(corpus)]) == 0
    out = capsys.readouterr()
    assert "nexis-iraq.docx" not in out.out and "Nexis Uni export of 2 articles" in out.err


def test_split_export_writes_a_table_that_builds(tmp_path, capsys):
    exports = [nexis_uni_docx(tmp_path / "guardian.docx"), tmp_path / "academic.txt"]
    exports[1].write_text(academic_text(), encoding="utf-8")
    table = tmp_path / "articles.csv"
    assert main(["split-export", *map(str, exports), "--out", str(table)]) == 0
    assert "wrote" in capsys.readouterr().out
    rows = pd.read_csv(table, dtype=str, keep_default_na=False)
    assert rows["doc_id"].tolist() == ["guardian-001", "guardian-002", "academic-001", "academic-002"]
    assert main(["split-export", str(exports[0]), "--out", str(table)]) == 2  # never written over
    assert "exists" in capsys.readouterr().err
    out = tmp_path / "processed"
    assert main(["build", "--raw", str(table), "--out", str(out), "--quiet"]) == 0
    documents = pd.read_parquet(out / "documents.parquet")
    assert documents.set_index("doc_id").loc["guardian-001", "publisher"] == "The Guardian (London)"
    assert documents.set_index("doc_id").loc["academic-002", "year"] == 2017
    assert documents["n_words_clean"].min() > 100 and documents.set_index("doc_id").loc["guardian-001", "export_file"] == str(exports[0])
    cleaned = documents.set_index("doc_id")["text"]
    assert cleaned["guardian-001"] == cleaned["academic-001"]  # the same article, whichever layout it came in


def test_a_file_that_is_no_export_is_named(tmp_path, capsys):
    article = RAW_DIR / "cap-2017-six-steps.txt"
    assert main(["split-export", str(article), "--out", str(tmp_path / "t.csv")]) == 2
    assert "cap-2017-six-steps.txt: not a Nexis Uni or LexisNexis Academic export" in capsys.readouterr().err


def test_an_entry_without_body_text_is_named_not_dropped_quietly(tmp_path, capsys):
    lines = nexis_uni_lines()
    picture = ["", "Iraqi forces in Mosul", "Getty Images", "July 10, 2017 Monday", f"Length:{NBSP}0 words",
               "Graphic", "Photo of the day", "", "End of Document"]
    (tmp_path / "export.txt").write_text("\n".join(lines + picture) + "\n", encoding="utf-8")
    table = iraqtext.read_news_exports([tmp_path / "export.txt"])
    assert table["doc_id"].tolist() == ["export-001", "export-002"]
    assert table.attrs["skipped"] == [f"{tmp_path / 'export.txt'} article 3 (Iraqi forces in Mosul): no body text"]
    assert main(["split-export", str(tmp_path / "export.txt"), "--out", str(tmp_path / "t.parquet")]) == 0
    assert "article 3 (Iraqi forces in Mosul): no body text; left out" in capsys.readouterr().err
    assert len(pd.read_parquet(tmp_path / "t.parquet")) == 2
