"""``iraqtext report``: a researcher's corpus built and every notebook executed against it, with one
clear line when something is wrong."""

from __future__ import annotations

import json

import nbformat
import pandas as pd
import pytest

from iraqtext import cli
from iraqtext.build import TABLES
from iraqtext.reports import curated_notebooks

from .conftest import FIXTURE_DIR, write_corpus


def test_report_on_the_fixture_corpus_writes_every_output(fixture_report):
    assert fixture_report.returncode == 0, fixture_report.stderr
    out = fixture_report.out
    assert not [line for line in fixture_report.stderr.splitlines() if line.startswith("iraqtext: error")]
    for table in TABLES:
        assert (out / "processed" / f"{table}.parquet").is_file()
    for notebook in curated_notebooks():
        assert (out / notebook.name).is_file() and (out / notebook.name).with_suffix(".html").is_file()
        assert f"wrote {out / notebook.name} and {(out / notebook.name).with_suffix('.html')}" in fixture_report.stdout
    names = {p.name[:2] for p in (out / "figures").glob("*.png")}
    assert names == {"00", "01", "02", "03", "04"}
    assert fixture_report.stdout.strip().splitlines()[-1].startswith(f"report in {out}")


def test_report_html_links_to_the_other_html_reports(fixture_report):
    html = (fixture_report.out / "00_summary.html").read_text(encoding="utf-8")
    for name in ("01_corpus", "02_entities", "03_troop_levels", "04_framing"):
        assert f'href="{name}.html"' in html and f'href="{name}.ipynb"' not in html
    # the executed notebook keeps its links to notebooks (for JupyterLab)
    summary = nbformat.read(fixture_report.out / "00_summary.ipynb", as_version=4)
    assert any("](03_troop_levels.ipynb)" in c.source for c in summary.cells if c.cell_type == "markdown")


def test_report_source_notes_name_the_users_corpus(fixture_report):
    executed = json.loads((fixture_report.out / "03_troop_levels.ipynb").read_text(encoding="utf-8"))
    injected = "".join(next(c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", []))
                       ["source"])
    assert str(FIXTURE_DIR) in injected


def one_error_line(capsys) -> str:
    """The one error line on stderr (build warnings may come before it)."""
    err = [line for line in capsys.readouterr().err.strip().splitlines() if not line.startswith("iraqtext: warning")]
    assert len(err) == 1, err
    assert err[0].startswith("iraqtext: error: ")
    return err[0]


def test_report_on_a_missing_corpus_is_exit_2_and_one_line(tmp_path, capsys):
    assert cli.main(["report", "--raw", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "corpus directory does not exist" in one_error_line(capsys)
    assert not (tmp_path / "out").exists()


def test_report_on_a_corpus_with_a_broken_manifest_is_exit_2_and_one_line(tmp_path, capsys):
    raw = write_corpus(tmp_path / "raw", {"solo-2022-x": ("2022-01-01", "Some text about Iraq.\n")})
    pd.read_csv(raw / "manifest.csv").drop(columns=["published"]).to_csv(raw / "manifest.csv", index=False)
    assert cli.main(["report", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert "published" in one_error_line(capsys)


def test_report_refuses_to_write_into_the_corpus_or_over_the_notebooks(tmp_path, capsys):
    assert cli.main(["report", "--raw", str(FIXTURE_DIR), "--out", str(FIXTURE_DIR / "report"), "--quiet"]) == 2
    assert "inside the corpus folder" in one_error_line(capsys)
    notebooks_dir = curated_notebooks()[0].parent
    assert cli.main(["report", "--raw", str(FIXTURE_DIR), "--out", str(notebooks_dir)]) == 2
    assert "holds the notebooks being run" in one_error_line(capsys)
    assert cli.main(["report", "--raw", str(FIXTURE_DIR), "--out", str(tmp_path), "--notebooks",
                     str(tmp_path / "none.ipynb")]) == 2
    assert "neither a notebook" in one_error_line(capsys)


@pytest.mark.notebook
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_notebook_is_exit_1_and_one_line(tmp_path, capsys, jobs):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name, code in [("08_fine.ipynb", "print('fine')"),
                       ("09_broken.ipynb", "raise ValueError('min() arg is an empty sequence')")]:
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell('PROCESSED_DIR = "x"', metadata={"tags": ["parameters"]}),
                          nbformat.v4.new_code_cell(code)]
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(notebook, folder / name)
    raw = write_corpus(tmp_path / "raw", {"solo-2022-x": ("2022-01-01", "About 2,000 U.S. troops are in Iraq.\n")})
    # jobs=2: the error comes back from a worker process (it must survive pickling, not break the pool)
    code = cli.main(["report", "--raw", str(raw), "--out", str(tmp_path / "out"), "--notebooks", str(folder), "--quiet",
                     "--jobs", str(jobs)])
    assert code == 1
    line = one_error_line(capsys)
    assert "notebook 09_broken.ipynb failed: cell In [3]: ValueError: min() arg is an empty sequence" in line
    assert str(tmp_path / "out" / "09_broken.ipynb") in line  # the executed copy, with the error, for debugging
