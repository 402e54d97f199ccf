"""Corpus loading: the seeds, and one clear error for each class of bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iraqtext import CorpusError, load_corpus
from iraqtext.corpus import UnlistedFileWarning, parse_published

from .conftest import RAW_DIR

HEADER = "doc_id,file,title,authors,publisher,published,url,notes\n"
BODY = "U.S. forces remain in Iraq at the invitation of its government.\n"


def make_corpus(tmp_path: Path, rows: list[str], files: dict[str, bytes]) -> Path:
    (tmp_path / "manifest.csv").write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def test_seed_corpus_loads_sorted_with_parsed_metadata(seed_docs):
    assert list(seed_docs.columns) == ["doc_id", "title", "authors", "publisher", "published", "year", "url",
                                       "notes", "source_file", "raw_text"]
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


@pytest.mark.parametrize("value", ["Feb 2020", "2020-13", "2020-02-31", "", "20"])
def test_parse_published_rejects(value):
    with pytest.raises(ValueError):
        parse_published(value)


def test_missing_directory_and_manifest(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match="manifest is missing"):
        load_corpus(tmp_path)


def test_missing_required_column(tmp_path):
    (tmp_path / "manifest.csv").write_text("doc_id,file,title\na,a.txt,A\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="missing required column.*published"):
        load_corpus(tmp_path)


def test_duplicate_doc_id_names_both_lines(tmp_path):
    make_corpus(tmp_path, ["a,a.txt,A,,,2020,,", "a,b.txt,B,,,2021,,"], {"a.txt": BODY.encode(), "b.txt": BODY.encode()})
    with pytest.raises(CorpusError, match=r"line 3: duplicate doc_id 'a' \(first on line 2\)"):
        load_corpus(tmp_path)


def test_unparseable_date_names_the_line(tmp_path):
    make_corpus(tmp_path, ["a,a.txt,A,,,last spring,,"], {"a.txt": BODY.encode()})
    with pytest.raises(CorpusError, match="line 2: unparseable date 'last spring'"):
        load_corpus(tmp_path)


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
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"The Iraqi prime minister said \xe9t\xe9 was hot.\n", r"not valid UTF-8: invalid continuation byte at byte 30 \(line 1"),
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


def test_html_file_is_converted_to_text(tmp_path):
    html = ("<html><head><title>t</title><script>var x=1;</script></head><body><nav>Menu</nav>"
            "<h1>Troops in Iraq</h1><p>About <b>2,500</b> U.S. troops remain.</p><p>Talks go on.</p></body></html>")
    make_corpus(tmp_path, ["a,a.html,A,,,2024,,"], {"a.html": html.encode()})
    text = load_corpus(tmp_path).loc[0, "raw_text"]
    assert "About 2,500 U.S. troops remain." in text
    assert "<p>" not in text and "var x" not in text
    assert text.index("Troops in Iraq") < text.index("Talks go on.")


def test_bom_and_crlf_are_normalised(tmp_path):
    make_corpus(tmp_path, ["a,a.txt,A,,,2020,,"], {"a.txt": b"\xef\xbb\xbfLine one.\r\nLine two.\r\n"})
    assert load_corpus(tmp_path).loc[0, "raw_text"] == "Line one.\nLine two.\n"


def test_seed_copy_loads_from_any_directory(tmp_path):
    target = tmp_path / "corpus"
    shutil.copytree(RAW_DIR, target)
    assert len(load_corpus(target)) == 5
