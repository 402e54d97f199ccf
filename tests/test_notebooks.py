"""Every curated notebook executes headless with papermill, top to bottom on a fresh kernel, on the
seeds, on a fixture corpus that is not the seeds, and (00 and 03, where crashes happened) on a
one-document corpus and on a corpus with no troop figure; committed notebooks are clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from iraqtext.reports import curated_notebooks, execute_notebook

from .conftest import FIXTURE_DIR, RAW_DIR, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
BY_PREFIX = {p.name[:2]: p for p in NOTEBOOKS}


def cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def run(notebook: Path, processed: Path, raw: Path, out: Path) -> tuple[list[dict], list[Path]]:
    """Execute with papermill against a processed folder; returns the executed cells and the PNGs."""
    execute_notebook(notebook, out, parameters={
        "RAW_DIR": str(raw), "PROCESSED_DIR": str(processed), "FIGURES_DIR": str(out / "figures"),
        "CORPUS": "test corpus"})
    return check_executed(notebook, out)


def check_executed(notebook: Path, out: Path) -> tuple[list[dict], list[Path]]:
    """The executed copy of ``notebook`` in ``out`` has no error, its HTML export and its own PNGs."""
    executed, html, figures = out / notebook.name, (out / notebook.name).with_suffix(".html"), out / "figures"
    assert executed.is_file() and html.stat().st_size > 10_000
    executed_cells = cells(executed)
    errors = [o for c in executed_cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in executed_cells), "papermill injected"
    pngs = sorted(figures.glob(notebook.name[:2] + "_*.png")) if figures.is_dir() else []
    return executed_cells, pngs


def markdown_outputs(executed_cells: list[dict]) -> str:
    """Everything the notebook rendered as Markdown from code (the computed readings)."""
    return "\n".join("".join(o["data"]["text/markdown"]) for c in executed_cells for o in c.get("outputs", [])
                     if "text/markdown" in o.get("data", {}))


# --- the committed notebooks --------------------------------------------------------------------------
def test_there_are_curated_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["00_summary.ipynb", "01_corpus.ipynb", "02_entities.ipynb",
                                           "03_troop_levels.ipynb", "04_framing.ipynb"]
    assert curated_notebooks() == [p.resolve() for p in NOTEBOOKS]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs_and_has_a_parameters_cell(notebook):
    code = [c for c in cells(notebook) if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and not c.get("execution_count") for c in code)
    assert "parameters" in code[0]["metadata"].get("tags", []), "the first code cell is the papermill parameters cell"
    assert [c for c in code if "parameters" in c["metadata"].get("tags", [])] == [code[0]]
    for name in ("RAW_DIR", "PROCESSED_DIR", "FIGURES_DIR", "CORPUS"):
        assert re.search(rf"^{name} = ", source(code[0]), re.M), name


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_no_markdown_cell_holds_a_literal_backslash_n(notebook):
    for cell in cells(notebook):
        if cell["cell_type"] == "markdown":
            assert "\\n" not in source(cell), source(cell)[:120]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_no_seed_document_year_or_paragraph_is_hard_coded(notebook):
    seed_ids = pd.read_csv(RAW_DIR / "manifest.csv")["doc_id"].tolist()
    for cell in cells(notebook):
        text = source(cell)
        assert not [d for d in seed_ids if d in text]
        if cell["cell_type"] == "code":
            assert not re.search(r"\b(19|20)\d\d\b", text), text  # no year literal in code
            assert not re.search(r"para_id\s*==\s*\d", text)
        else:
            assert "→ 2024" not in text and "2017 →" not in text


def test_summary_links_each_section_to_the_notebook_that_details_it():
    markdown = "\n".join(source(c) for c in cells(BY_PREFIX["00"]) if c["cell_type"] == "markdown")
    for target in ("01_corpus.ipynb", "02_entities.ipynb", "03_troop_levels.ipynb", "04_framing.ipynb"):
        assert f"]({target})" in markdown and (ROOT / "notebooks" / target).is_file()


# --- executed on corpora -------------------------------------------------------------------------------
@pytest.mark.notebook
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_the_seeds(notebook, built_dir, tmp_path):
    executed, pngs = run(notebook, built_dir, RAW_DIR, tmp_path)
    assert pngs and sorted((tmp_path / "figures").glob("*.png")) == pngs  # every figure named after its notebook
    readings = markdown_outputs(executed)
    assert "The corpus holds 5 documents published 2017–2024" in readings
    if notebook.name.startswith(("00", "04")):
        assert "`withdrawal` leads with 53 % of paragraphs" in readings  # computed, 2024's single document
    if notebook.name.startswith(("00", "03")):
        assert "**The latest**: 2,500 U.S. troops in 2024" in readings


@pytest.mark.notebook
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_the_fixture_corpus(notebook, fixture_report):
    """Executed by ``iraqtext report`` (papermill, parameters pointing at ``<out>/processed``)."""
    assert fixture_report.returncode == 0, fixture_report.stderr
    executed, pngs = check_executed(notebook, fixture_report.out)
    assert pngs
    injected = next(c for c in executed if "injected-parameters" in c["metadata"].get("tags", []))
    assert f'PROCESSED_DIR = "{(fixture_report.out / "processed").resolve()}"' in source(injected)
    assert f'CORPUS = "{FIXTURE_DIR}"' in source(injected)
    readings = markdown_outputs(executed)
    assert "The corpus holds 4 documents published 2021–2023: 3 in 2021, 1 in 2023." in readings
    assert "2017" not in readings and "2024" not in readings  # nothing about the seeds leaks in
    if notebook.name.startswith(("00", "03")):
        assert "2,500–3,000 (2 figures from 2 documents; sources differ: 2,500 vs. 3,000)" in readings
    if notebook.name.startswith("04"):
        assert "The `topics` table is empty for this corpus" in readings  # 16 body paragraphs: no topics
        year_lines = [line for line in readings.splitlines() if line.startswith(("* **2021**", "* **2023**"))]
        assert any(line.startswith("* **2021** (3 documents)") and "95 % interval" in line for line in year_lines)
        assert all("95 % interval" not in line for line in year_lines if line.startswith("* **2023**"))  # one document


@pytest.mark.notebook
@pytest.mark.parametrize("prefix", ["00", "03"])
def test_notebook_runs_on_a_single_document(prefix, one_document_dir, tmp_path):
    executed, pngs = run(BY_PREFIX[prefix], one_document_dir, Path("/no/raw/needed"), tmp_path)
    readings = markdown_outputs(executed)
    assert "The corpus holds 1 document, all published in 2022." in readings
    assert "roughly 2,000 U.S. troops in 2022" in readings
    assert any("troop" in p.name for p in pngs)
    if prefix == "00":
        assert "cannot show a change over time" in readings


@pytest.mark.notebook
@pytest.mark.parametrize("prefix", ["00", "03"])
def test_notebook_runs_on_a_corpus_without_troop_figures(prefix, no_troop_figure_dir, tmp_path):
    executed, pngs = run(BY_PREFIX[prefix], no_troop_figure_dir, Path("/no/raw/needed"), tmp_path)
    readings = markdown_outputs(executed)
    assert "No U.S. troop figure was found in this corpus" in readings
    assert not [p for p in pngs if "troop" in p.name]
    if prefix == "03":
        # each section says in one line that the table is empty, and shows no empty table
        notes = [line for line in readings.splitlines() if line.startswith("*The `troop_figures` table is empty")]
        assert len(notes) == 5
        plain = [o for c in executed for o in c.get("outputs", []) if "text/plain" in o.get("data", {})
                 and "text/markdown" not in o["data"]]
        assert not [o for o in plain if "Empty DataFrame" in "".join(o["data"]["text/plain"])]


@pytest.mark.notebook
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_a_corpus_with_an_undated_document(notebook, with_undated_dir, tmp_path):
    executed, pngs = run(notebook, with_undated_dir, Path("/no/raw/needed"), tmp_path)
    assert pngs
    readings = markdown_outputs(executed)
    assert ("The corpus holds 2 documents published 2020–2022: 1 in 2020, 1 in 2022. 1 other document has no "
            "publication date: it is in no per-year table or chart.") in readings
    if notebook.name.startswith(("00", "03")):
        # the undated document's present-day level and proposal have no year: said, not drawn, not pooled
        assert ("**Not on the timeline**: 2 figures (1 current, 1 proposed) from 1 document without a publication "
                "date whose sentences name no year.") in readings
        assert "**The latest**: about 2,500 U.S. troops in 2022" in readings
        assert "2020: roughly 5,200 (`vote-2020-expel`); 2022: about 2,500 (`mission-2022-advise`)" in readings
        assert "undated: " not in readings


@pytest.mark.notebook
@pytest.mark.parametrize("prefix", ["00", "02", "04"])
def test_notebook_says_why_a_corpus_without_dates_has_no_per_year_view(prefix, all_undated_dir, tmp_path):
    executed, _ = run(BY_PREFIX[prefix], all_undated_dir, Path("/no/raw/needed"), tmp_path)
    readings = markdown_outputs(executed)
    assert "The corpus holds 3 documents, none with a publication date." in readings
    # the tables are not empty: their documents have no year
    assert "`frame_primary` table is empty" not in readings and "`entities` table is empty" not in readings
    if prefix in ("00", "04"):
        assert "None of the documents behind the `frame_primary` table has a publication date" in readings
    if prefix in ("00", "02"):
        assert "No document has a publication date: the corpus cannot show actors rising or falling." in readings
