"""Running the curated notebooks headless against any built corpus: papermill executes, this module exports.

`papermill <https://papermill.readthedocs.io>`_ does the execution: it injects the parameters after
the cell tagged ``parameters``, runs the notebook on a fresh kernel with the notebook's own folder as
working directory (as JupyterLab would) and writes the executed notebook — also when a cell fails,
with the error in it. What papermill does not do lives here:

* the HTML export of each executed notebook (nbconvert), with links between the notebooks
  (``[03 · Troop levels](03_troop_levels.ipynb)``) pointing at their HTML exports;
* running a set of notebooks, in worker processes if asked (each notebook has its own kernel anyway);
* one clear line when a notebook fails (:class:`NotebookError`: which notebook, which cell, what error).

``python -m iraqtext.reports --out reports notebooks/*.ipynb [-p PROCESSED_DIR path ...]`` runs the
notebooks with their own parameters or the ones given; ``iraqtext report`` builds a corpus first
(:mod:`iraqtext.cli`).
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

#: The curated notebooks of a source checkout (``notebooks/NN_*.ipynb`` next to the package).
NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"
# A link to a sibling notebook, as nbconvert writes a Markdown link: rewritten to the sibling's HTML export.
_SIBLING_LINK_RE = re.compile(r'href="([^"/:#?]+)\.ipynb(#[^"]*)?"')


class NotebookError(RuntimeError):
    """A notebook failed to execute; ``str()`` is one line naming the notebook, the cell and the error."""

    def __init__(self, notebook: Path, message: str, executed: Path | None = None):
        self.notebook, self.executed, self.reason = Path(notebook), executed, message
        where = f" (the executed notebook, with the error, is {executed})" if executed and executed.is_file() else ""
        super().__init__(f"notebook {self.notebook.name} failed: {message}{where}")

    def __reduce__(self):
        # A worker process of ``execute_notebooks(jobs=N)`` pickles the error back to the parent; the
        # default (``args`` only) would call ``__init__`` with one argument and break the pool instead.
        return (self.__class__, (self.notebook, self.reason, self.executed))


def curated_notebooks(locations: list[str | Path] | None = None) -> list[Path]:
    """The notebooks to run: each location is a notebook or a folder of ``NN_*.ipynb`` (default: the
    checkout's ``notebooks/``), in name order. Raises ``FileNotFoundError`` naming what is missing."""
    found: list[Path] = []
    for location in [Path(p) for p in (locations or [NOTEBOOKS_DIR])]:
        if location.is_dir():
            inside = sorted(location.glob(NOTEBOOK_PATTERN))
            if not inside:
                raise FileNotFoundError(f"no notebook named like {NOTEBOOK_PATTERN} in {location}")
            found.extend(inside)
        elif location.is_file() and location.suffix == ".ipynb":
            found.append(location)
        else:
            raise FileNotFoundError(f"{location} is neither a notebook (.ipynb) nor a folder of notebooks")
    return sorted(dict.fromkeys(p.resolve() for p in found), key=lambda p: p.name)


def export_html(executed: str | Path) -> Path:
    """Write ``<name>.html`` next to an executed notebook; links to sibling notebooks point at their HTML."""
    import nbformat
    from nbconvert import HTMLExporter

    executed = Path(executed)
    html, _ = HTMLExporter().from_notebook_node(nbformat.read(executed, as_version=4))
    html_path = executed.with_suffix(".html")
    html_path.write_text(_SIBLING_LINK_RE.sub(r'href="\1.html\2"', html), encoding="utf-8")
    return html_path


def execute_notebook(path: str | Path, out_dir: str | Path, parameters: dict | None = None,
                     timeout: int = 1200, kernel_name: str | None = None) -> tuple[Path, Path]:
    """Execute ``path`` with papermill and write ``<out_dir>/<name>.ipynb`` and ``<out_dir>/<name>.html``.

    ``parameters`` override the values of the notebook's ``parameters`` cell (papermill injects them in
    a cell tagged ``injected-parameters`` after it). Paths in parameters are read from the notebook's
    folder, so pass absolute paths. Raises :class:`NotebookError` when a cell fails.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    path, out_dir = Path(path).resolve(), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / path.name
    try:
        # The kernel's own log (a warning that it talks over local TCP, "KeyboardInterrupt caught in kernel" as
        # it is shut down) reads like an error in the build output; a failing cell is reported below either way.
        papermill.execute_notebook(str(path), str(executed), parameters=parameters or {}, cwd=str(path.parent),
                                   kernel_name=kernel_name, progress_bar=False, request_save_on_cell_execute=False,
                                   execution_timeout=timeout, extra_arguments=["--log-level=CRITICAL"])
    except PapermillExecutionError as err:
        raise NotebookError(path, f"cell In [{err.exec_count}]: {err.ename}: {_one_line(err.evalue)}", executed) from err
    except Exception as err:  # noqa: BLE001 - kernel missing, timeout, unreadable notebook: still one line
        raise NotebookError(path, f"{err.__class__.__name__}: {_one_line(str(err))}", executed) from err
    return executed, export_html(executed)


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def execute_notebooks(notebooks: list[Path], out_dir: str | Path, parameters: dict | None = None, jobs: int = 1,
                      timeout: int = 1200, on_done=None) -> list[tuple[Path, Path]]:
    """Execute ``notebooks`` into ``out_dir`` (``jobs`` at a time, each in its own worker process) and
    return their ``(executed, html)`` paths in notebook order. ``on_done(notebook, paths)`` is called as
    each one finishes. Every notebook is run; the first failure (in notebook order) is raised afterwards
    as :class:`NotebookError`."""
    results: dict[Path, tuple[Path, Path]] = {}
    errors: dict[Path, NotebookError] = {}
    if jobs <= 1 or len(notebooks) <= 1:
        for notebook in notebooks:
            try:
                results[notebook] = execute_notebook(notebook, out_dir, parameters, timeout)
            except NotebookError as err:
                errors[notebook] = err
                continue
            if on_done:
                on_done(notebook, results[notebook])
    else:
        # spawn: a fresh interpreter per worker, not a fork of a process holding spaCy models and threads
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = {nb: pool.submit(execute_notebook, nb, out_dir, parameters, timeout) for nb in notebooks}
            for notebook, future in futures.items():
                try:
                    results[notebook] = future.result()
                except NotebookError as err:
                    errors[notebook] = err
                    continue
                if on_done:
                    on_done(notebook, results[notebook])
    if errors:
        raise errors[next(nb for nb in notebooks if nb in errors)]
    return [results[nb] for nb in notebooks]


def _parameter(text: str) -> str | int | float:
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def main(argv: list[str] | None = None) -> int:
    """Execute the notebooks named on the command line; exit 1 if one fails (one line on stderr)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("reports"), help="folder for executed notebooks and HTML")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                        help="override a parameter of every notebook (as papermill -p)")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks executed at once (default 1)")
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks or folders (default: notebooks/)")
    args = parser.parse_args(argv)
    parameters = {name: _parameter(value) for name, value in args.parameter}
    try:
        notebooks = curated_notebooks(args.notebooks or None)
        execute_notebooks(notebooks, args.out, parameters, jobs=args.jobs,
                          on_done=lambda nb, paths: print(f"wrote {paths[0]} and {paths[1]}", flush=True))
    except (NotebookError, FileNotFoundError) as err:
        print(f"iraqtext: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
