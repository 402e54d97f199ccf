"""Executing the curated notebooks headless into a reports folder (executed ``.ipynb`` + ``.html``).

``python -m iraqtext.reports --out reports notebooks/01_corpus.ipynb ...`` runs each notebook on a
fresh kernel with its own folder as working directory, as JupyterLab would, and stops at the first
failing cell with the cell's error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def inject_parameters(notebook, parameters: dict) -> None:
    """Insert a cell assigning ``parameters`` after the cell tagged ``parameters`` (as papermill does)."""
    import nbformat

    source = "# injected parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    tagged = [i for i, c in enumerate(notebook.cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    notebook.cells.insert(tagged[0] + 1 if tagged else 0, cell)


def execute_notebook(path: str | Path, out_dir: str | Path, parameters: dict | None = None,
                     timeout: int = 1200) -> tuple[Path, Path]:
    """Execute ``path`` and write ``<out_dir>/<name>.ipynb`` and ``<out_dir>/<name>.html``.

    ``parameters`` overrides the values of the notebook's ``parameters`` cell (paths, options).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    path, out_dir = Path(path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.read(path, as_version=4)
    if parameters:
        inject_parameters(notebook, parameters)
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent.resolve())}}).execute()
    executed = out_dir / path.name
    nbformat.write(notebook, executed)
    html, _ = HTMLExporter().from_notebook_node(notebook)
    html_path = executed.with_suffix(".html")
    html_path.write_text(html, encoding="utf-8")
    return executed, html_path


def main(argv: list[str] | None = None) -> int:
    """Execute the notebooks named on the command line; exit 1 on the first failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("reports"))
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for notebook in args.notebooks:
        print(f"executing {notebook} ...", flush=True)
        try:
            executed, html = execute_notebook(notebook, args.out)
        except Exception as err:  # noqa: BLE001 - report which notebook failed, in one line
            print(f"iraqtext: error: {notebook} failed: {err.__class__.__name__}: {str(err)[-2000:]}", file=sys.stderr)
            return 1
        print(f"  wrote {executed} and {html}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
