"""The build's per-document cache, worker processes and Dask: recompute only what changed, and the
same tables whichever way the work ran."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest

import iraqtext
from iraqtext.cli import main

from .conftest import RAW_DIR

ALL_STAGES = {"clean", "parse", "entities", "troops", "frames", "lemmas"}


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


@pytest.fixture()
def corpus(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(RAW_DIR, target)
    return target


def add_document(corpus: Path, doc_id: str, text: str, published: str = "2021-07") -> None:
    (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    with (corpus / "manifest.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{doc_id},{doc_id}.txt,A new article,,Example News,{published},,\n")


NEW_ARTICLE = ("About 2,500 U.S. troops remain in Iraq, where they advise Iraqi forces fighting the Islamic State.\n\n"
               "Iraq's parliament has again debated a timetable for their withdrawal, and Iran-backed militias "
               "have threatened to attack U.S. bases if the troops stay.\n")


def test_adding_a_document_computes_only_that_document(corpus, tmp_path, built_dir):
    out = tmp_path / "out"
    first = iraqtext.build(corpus, out, progress=False)
    assert first.recomputed == {stage: 5 for stage in ("clean", "parse", "entities", "troops", "frames", "lemmas")}
    assert digests(out) == digests(built_dir)  # a build into an empty folder = the reference build
    (corpus / "stray-notes.txt").write_text("My own notes, not part of the corpus.\n")
    assert iraqtext.build(corpus, out, progress=False).cached  # an unlisted file invalidates nothing
    add_document(corpus, "new-2021-article", NEW_ARTICLE)
    second = iraqtext.build(corpus, out, progress=False)
    assert not second.cached and second.documents == 6
    assert second.recomputed == {stage: 1 for stage in ALL_STAGES}
    figures = pd.read_parquet(out / "troop_figures.parquet")
    assert figures[figures.doc_id == "new-2021-article"][["low", "kind", "refers_to_year"]].values.tolist() == \
        [[2500, "current", 2021]]
    fresh = tmp_path / "fresh"
    iraqtext.build(corpus, fresh, progress=False)
    assert digests(out) == digests(fresh)  # incremental = from scratch, byte for byte


def test_a_new_codebook_rescores_frames_without_parsing(corpus, tmp_path):
    out = tmp_path / "out"
    iraqtext.build(corpus, out, progress=False)
    codebook = tmp_path / "codebook.yaml"
    packaged = Path(iraqtext.__file__).parent / "data" / "frames.yaml"
    codebook.write_text(packaged.read_text(encoding="utf-8") + "\n# a comment changes the file, not the frames\n")
    report = iraqtext.build(corpus, out, progress=False, codebook=codebook)
    assert report.recomputed == {"clean": 0, "parse": 0, "entities": 0, "troops": 0, "frames": 5, "lemmas": 0}
    fresh = tmp_path / "fresh"
    iraqtext.build(corpus, fresh, progress=False, codebook=codebook, use_cache=False)
    assert digests(out) == digests(fresh)  # frames read from the cached parse = frames from a fresh parse


def test_a_changed_date_rescores_only_that_documents_troop_figures(corpus, tmp_path):
    out = tmp_path / "out"
    iraqtext.build(corpus, out, progress=False)
    manifest = corpus / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(",2024-09,", ",2024-10,"), encoding="utf-8")
    report = iraqtext.build(corpus, out, progress=False)
    assert report.recomputed == {"clean": 0, "parse": 0, "entities": 0, "troops": 1, "frames": 0, "lemmas": 0}


def test_force_recomputes_everything_and_removed_documents_leave_the_cache(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    iraqtext.build(corpus, out, progress=False)
    assert main(["build", "--raw", str(corpus), "--out", str(out), "--quiet", "--force"]) == 0
    assert "5 documents; recomputed per stage: clean 5, parse 5" in capsys.readouterr().out
    manifest = corpus / "manifest.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    manifest.write_text("\n".join(line for line in lines if not line.startswith("cap-2017")) + "\n", encoding="utf-8")
    report = iraqtext.build(corpus, out, progress=False)
    assert report.documents == 4 and sum(report.recomputed.values()) == 0
    assert sorted(p.name for p in (out / "cache" / "docs").iterdir()) == sorted(
        d for d in pd.read_parquet(out / "documents.parquet")["doc_id"])


def test_a_damaged_cache_entry_is_recomputed(corpus, tmp_path, built_dir):
    out = tmp_path / "out"
    iraqtext.build(corpus, out, progress=False)
    (out / "cache" / "docs" / "tcf-2024-better-mission" / "stages.json").write_text("{not json")
    (out / "cache" / "docs" / "sky-2017-foreign-affairs" / "parse.spacy").write_bytes(b"\x00truncated")
    (out / "cache" / "docs" / "sky-2017-foreign-affairs" / "stages.json").unlink()
    report = iraqtext.build(corpus, out, progress=False, use_cache=True)
    assert report.cached  # nothing changed in the inputs: the tables are current
    (out / "build_info.json").unlink()
    report = iraqtext.build(corpus, out, progress=False)
    assert report.recomputed["troops"] == 2 and report.recomputed["parse"] == 2  # mentions come with a parse
    assert digests(out) == digests(built_dir)


@pytest.mark.parametrize("how", [{"jobs": 2}, {"dask": "local:2"}], ids=["jobs-2", "dask-local-2"])
def test_workers_give_byte_identical_tables(how, tmp_path, built_dir):
    pytest.importorskip("distributed") if "dask" in how else None
    out = tmp_path / "out"
    report = iraqtext.build(RAW_DIR, out, progress=False, **how)
    assert report.recomputed["parse"] == 5
    assert digests(out) == digests(built_dir)


def test_outputs_get_the_users_file_mode_not_the_temp_files(tmp_path):
    old = os.umask(0o002)
    try:
        iraqtext.build(RAW_DIR, tmp_path / "out", progress=False)
    finally:
        os.umask(old)
    written = [*(tmp_path / "out").glob("*.parquet"), tmp_path / "out" / "build_info.json",
               *(tmp_path / "out" / "cache").rglob("*.json")]
    assert written and {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o664}


def test_a_document_that_cleaning_empties_is_reported_by_name(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.csv").write_text("doc_id,file,title,published\nbody,body.txt,B,2020\nchrome,chrome.txt,C,2020\n")
    (corpus / "body.txt").write_text(NEW_ARTICLE)
    (corpus / "chrome.txt").write_text("Share on Facebook\nSubscribe now\nAdvertisement\n")
    assert main(["build", "--raw", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "warning: chrome: cleaning judged every line noise (3 lines removed)" in err
    info = json.loads((tmp_path / "out" / "build_info.json").read_text())
    assert info["emptied"] == ["chrome"]


def test_a_document_without_line_breaks_is_split_into_paragraphs_and_named(tmp_path, capsys, seed_cleaned):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = seed_cleaned["tcf-2024-better-mission"].text
    (corpus / "manifest.csv").write_text("doc_id,file,title,published\nflat,flat.txt,F,2024\nbody,body.txt,B,2020\n")
    (corpus / "flat.txt").write_text(" ".join(body.split()))  # a table's text column with its line breaks lost
    (corpus / "body.txt").write_text(NEW_ARTICLE)
    assert main(["build", "--raw", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "warning: a paragraph of more than 400 words in 1 document (flat)" in err
    paras = pd.read_parquet(tmp_path / "out" / "paragraphs.parquet").groupby("doc_id").size()
    assert paras["flat"] >= len(body.split()) // 400 + 1 and paras["body"] == 2
    figures = pd.read_parquet(tmp_path / "out" / "troop_figures.parquet")
    assert 2500 in figures.loc[figures.doc_id == "flat", "low"].tolist()


@pytest.mark.parametrize("inside", [".", "processed"])
def test_output_inside_the_corpus_folder_is_refused(corpus, inside, capsys):
    before = sorted(p.name for p in corpus.iterdir())
    assert main(["build", "--raw", str(corpus), "--out", str(corpus / inside), "--quiet"]) == 2
    assert "is inside the corpus folder" in capsys.readouterr().err
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_a_table_corpus_builds_like_the_folder(tmp_path, seed_docs):
    table = seed_docs.drop(columns=["source_file", "encoding"]).rename(columns={"raw_text": "text"})
    table["authors"] = table["authors"].map("; ".join)
    path = tmp_path / "corpus.parquet"
    table.to_parquet(path, index=False)
    out = tmp_path / "out"
    assert main(["build", "--raw", str(path), "--out", str(out), "--quiet"]) == 0
    assert len(pd.read_parquet(out / "troop_figures.parquet")) == 8
    assert main(["build", "--raw", str(path), "--out", str(tmp_path), "--quiet"]) == 2  # would overwrite the table


def test_a_stored_parse_reads_back_as_the_documents_spacy_stores():
    # The build stores each document's parse as a DocBin whose strings come from the token arrays'
    # hashes (iraqtext.stages._docbin_bytes); read into a fresh vocabulary, the documents must be the
    # ones DocBin.add would have stored.
    import spacy
    from spacy.tokens import DocBin

    from iraqtext.stages import PARSE_ATTRS, _docbin_bytes

    text = (RAW_DIR / "cap-2017-six-steps.txt").read_text(encoding="utf-8")
    docs = list(iraqtext.load_nlp().pipe([p for p in text.split("\n") if len(p.split()) > 5][:40]))
    ours = DocBin().from_bytes(_docbin_bytes(docs)).get_docs(spacy.blank("en").vocab)
    theirs = DocBin().from_bytes(DocBin(attrs=list(PARSE_ATTRS), docs=docs).to_bytes()).get_docs(spacy.blank("en").vocab)
    pairs = list(zip(ours, theirs))
    assert len(pairs) == len(docs) >= 20
    assert all(a.to_json() == b.to_json() for a, b in pairs)
    assert any(t.lemma_ != t.text and t.dep_ and t.ent_type_ for a, _ in pairs for t in a)  # strings were stored


def test_a_document_in_another_language_is_named_and_left_out_of_the_analysis(tmp_path, capsys):
    from .test_clean import FRENCH

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.csv").write_text("doc_id,file,title,published\nfr,fr.txt,F,2020-01-06\nen,en.txt,E,2020\n")
    (corpus / "fr.txt").write_text(FRENCH)
    (corpus / "en.txt").write_text(NEW_ARTICLE)
    assert main(["build", "--raw", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert "warning: fr: not in English (it reads as fr); set aside by the cleaner (3 lines" in capsys.readouterr().err
    out = tmp_path / "out"
    for table in ("paragraphs", "entities", "frames", "troop_figures"):
        assert set(pd.read_parquet(out / f"{table}.parquet")["doc_id"]) <= {"en"}, table
    assert json.loads((out / "build_info.json").read_text())["emptied"] == ["fr"]


class CountingPipeline:
    """A spaCy pipeline that counts the texts it is given to parse."""

    def __init__(self, nlp) -> None:
        self.nlp, self.piped = nlp, []

    def pipe(self, texts):
        texts = list(texts)
        self.piped += texts
        return self.nlp.pipe(texts)


def test_a_paragraph_printed_twice_is_parsed_once_and_reads_as_its_own_parse(monkeypatch):
    from iraqtext import stages

    nlp = iraqtext.load_nlp()
    text = (RAW_DIR / "osullivan-2020-foreign-affairs.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if len(p.split()) > 12][:12]
    counting = CountingPipeline(nlp)
    docs = stages.parse_paragraphs(counting, paragraphs + paragraphs[:4])
    assert counting.piped == paragraphs  # the four repeats were not parsed again
    assert [d.to_json() for d in docs[:12]] == [d.to_json() for d in nlp.pipe(paragraphs)]
    assert docs[12] is docs[0] and docs[15] is docs[3]
    again = stages.parse_paragraphs(counting, paragraphs[5:7] + ["A paragraph no document has printed before."])
    assert counting.piped[12:] == ["A paragraph no document has printed before."]  # two from earlier in this process
    assert again[:2] == docs[5:7]
    monkeypatch.setattr(stages, "PARSE_MEMO_PARAGRAPHS", 3)
    stages.parse_paragraphs(counting, paragraphs)
    assert list(stages._MEMO.for_pipeline(counting)) == paragraphs[-3:]  # bounded: the most recent kept


def test_an_article_printed_by_two_sites_gets_the_same_rows_under_each_id(corpus, tmp_path, built_dir):
    # A wire story on two sites: the second copy's paragraphs come from the first's parse, and every
    # table reads the same for it as for the original (and the original's rows are the reference build's).
    source = corpus / "osullivan-2020-foreign-affairs.txt"
    add_document(corpus, "reprint-of-osullivan", source.read_text(encoding="utf-8"), published="2020-01-07")
    out = tmp_path / "out"
    iraqtext.build(corpus, out, progress=False)
    for table, columns in (("troop_figures", ["para_id", "low", "high", "kind", "refers_to_year", "sentence"]),
                           ("entities", ["para_id", "text", "label", "canonical"]),
                           ("frames", ["para_id", "frame", "codebook_score", "matched_terms"])):
        rows = pd.read_parquet(out / f"{table}.parquet")
        original = rows[rows.doc_id == "osullivan-2020-foreign-affairs"][columns].reset_index(drop=True)
        reprint = rows[rows.doc_id == "reprint-of-osullivan"][columns].reset_index(drop=True)
        reference = pd.read_parquet(built_dir / f"{table}.parquet")
        assert len(original) >= 2
        pd.testing.assert_frame_equal(reprint, original)
        pd.testing.assert_frame_equal(
            original, reference[reference.doc_id == "osullivan-2020-foreign-affairs"][columns].reset_index(drop=True))


def test_an_actor_file_edited_between_builds_in_one_process_is_parsed_with(corpus, tmp_path):
    # A notebook kernel builds, the researcher adds an actor to their file, builds again: the second build
    # must parse with the edited file (it had parsed with the pipeline loaded for the old one and cached
    # the result under the new file's key, so even later fresh processes read the stale parse).
    import yaml

    actors = tmp_path / "actors.yaml"
    actors.write_text(yaml.safe_dump([{"canonical": "Ayad Allawi", "label": "PERSON", "aliases": ["Ayad Allawi"]}]))
    out = tmp_path / "out"
    iraqtext.build(corpus, out, progress=False, patterns=actors)
    assert "U.S.-Iraq Strategic Framework" not in set(pd.read_parquet(out / "entities.parquet")["canonical"])
    actors.write_text(yaml.safe_dump([{"canonical": "U.S.-Iraq Strategic Framework", "label": "LAW",
                                       "aliases": ["Strategic Framework Agreement"]}]))
    report = iraqtext.build(corpus, out, progress=False, patterns=actors)
    assert report.recomputed["parse"] == 5
    entities = pd.read_parquet(out / "entities.parquet")
    assert (entities["canonical"] == "U.S.-Iraq Strategic Framework").sum() == 2


def test_parses_shared_by_threads_stay_right(monkeypatch):
    # A Dask worker may run several batches at once in threads; the reuse of parsed paragraphs is shared by them.
    import random
    import threading
    from types import SimpleNamespace

    from iraqtext import stages

    class Pipeline:
        def pipe(self, texts):
            for text in texts:
                yield SimpleNamespace(text=text, tensor=object())

    nlp, texts, errors = Pipeline(), [f"paragraph {k}" for k in range(40)], []
    monkeypatch.setattr(stages, "PARSE_MEMO_PARAGRAPHS", 7)

    def work(seed: int) -> None:
        chooser = random.Random(seed)
        try:
            for _ in range(300):
                batch = chooser.choices(texts, k=12)
                assert [doc.text for doc in stages.parse_paragraphs(nlp, batch)] == batch
        except Exception as err:  # noqa: BLE001 - reported below, with the thread's seed
            errors.append((seed, err))

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(stages._MEMO.for_pipeline(nlp)) <= 7
