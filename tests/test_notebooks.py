"""Every curated notebook executes headless, top to bottom, on a fresh kernel, and saves its figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iraqtext.reports import execute_notebook

from .conftest import RAW_DIR, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def test_there_are_curated_notebooks():
    assert [p.name for p in NOTEBOOKS][:1] == ["01_corpus.ipynb"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(notebook):
    cells = json.loads(notebook.read_text())["cells"]
    assert all(not c.get("outputs") and not c.get("execution_count") for c in cells if c["cell_type"] == "code")
    assert "parameters" in cells[1]["metadata"].get("tags", []) or "parameters" in cells[0]["metadata"].get("tags", [])


@pytest.mark.notebook
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_and_saves_figures(notebook, built_dir, tmp_path):
    figures = tmp_path / "figures"
    executed, html = execute_notebook(notebook, tmp_path, parameters={
        "RAW_DIR": str(RAW_DIR), "PROCESSED_DIR": str(built_dir), "FIGURES_DIR": str(figures)})
    assert executed.is_file() and html.stat().st_size > 10_000
    pngs = sorted(figures.glob("*.png"))
    assert pngs and all(p.name.startswith(notebook.name[:2]) for p in pngs)
    outputs = [o for c in json.loads(executed.read_text())["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
