"""The ``iraqtext`` command line.

* ``iraqtext build [--raw DIR|TABLE] [--out DIR] [--jobs N] [--dask ADDRESS] [--debug] ...`` writes the tables;
* ``iraqtext report --raw DIR|TABLE --out DIR [--jobs N] [--notebooks PATH ...] ...`` builds the corpus
  into ``<out>/processed/`` and executes every curated notebook against it (papermill) into ``<out>/``:
  executed ``.ipynb`` and ``.html``, figures in ``<out>/figures/``;
* ``iraqtext manifest DIR [--out FILE]`` drafts a ``manifest.csv`` for a folder of files that has none
  (:mod:`iraqtext.manifest`), printed or written to a new file;
* ``iraqtext split-export FILE... --out TABLE`` makes a corpus table of the articles in Nexis export files
  (:mod:`iraqtext.exports`), for ``iraqtext build --raw TABLE``.

Errors are printed as one clear line per problem (no traceback unless ``--debug``), with exit
code 2 for invalid input and 1 for anything unexpected (a notebook that fails included).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .boilerplate import BoilerplateFileError
from .build import DEFAULT_OUT, DEFAULT_RAW, BuildReport, build
from .corpus import MANIFEST_NAME, CorpusError
from .entities import ActorFileError
from .frames import CodebookError
from .nlp import ModelNotFoundError
from .parallel import ExecutorError

EXIT_INVALID_INPUT = 2
EXIT_FAILURE = 1
INPUT_ERRORS = (CorpusError, ModelNotFoundError, ActorFileError, CodebookError, ExecutorError, BoilerplateFileError)


def _add_build_options(cmd: argparse.ArgumentParser) -> None:
    """Options shared by ``build`` and ``report``: what the build reads and how it runs."""
    cmd.add_argument("--quiet", action="store_true", help="no progress bars")
    cmd.add_argument("--model", default=None, help="spaCy pipeline to use (default: best installed)")
    cmd.add_argument("--patterns", type=Path, default=None, help="YAML file of extra actors (see README)")
    cmd.add_argument("--codebook", type=Path, default=None, help="YAML frames codebook (see README)")
    cmd.add_argument("--frames", choices=("model", "codebook"), default="model",
                     help="frame scores from the learned model (default) or the codebook alone")
    cmd.add_argument("--boilerplate", type=Path, default=None,
                     help="YAML file of extra boilerplate phrases for the cleaner (see README)")
    cmd.add_argument("--force", action="store_true", help="recompute every document, ignoring the cache")
    cmd.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    cmd.add_argument("--dask", default=None, metavar="ADDRESS",
                     help="run the per-document work on Dask: local:N or a scheduler address (tcp://host:8786)")
    cmd.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show full tracebacks on errors")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iraqtext", description="Text-as-data tools for U.S.-Iraq policy writing.")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="validate data/raw and write the tables in data/processed")
    build_cmd.add_argument("--raw", type=Path, default=DEFAULT_RAW,
                           help="corpus: a folder with manifest.csv, or a table (.parquet, .csv, .tsv, .jsonl, .json, .xlsx)")
    build_cmd.add_argument("--out", type=Path, default=DEFAULT_OUT, help="directory for the Parquet tables")
    _add_build_options(build_cmd)
    report_cmd = sub.add_parser("report", help="build a corpus and execute every notebook against it")
    report_cmd.add_argument("--raw", type=Path, required=True,
                            help="corpus: a folder with manifest.csv, or a table (.parquet, .csv, .tsv, .jsonl, .json, .xlsx)")
    report_cmd.add_argument("--out", type=Path, required=True,
                            help="folder for the report: processed/ tables, executed notebooks and HTML, figures/")
    report_cmd.add_argument("--notebooks", nargs="+", type=Path, default=None, metavar="PATH",
                            help="notebooks or folders of NN_*.ipynb to run (default: the curated notebooks/)")
    report_cmd.add_argument("--corpus-name", default=None,
                            help="how the charts' source notes name the corpus (default: --raw as given)")
    report_cmd.add_argument("--timeout", type=int, default=1200, help="seconds a notebook cell may run (default 1200)")
    _add_build_options(report_cmd)
    manifest_cmd = sub.add_parser("manifest", help="draft a manifest.csv for a folder of text/HTML files")
    manifest_cmd.add_argument("folder", type=Path, help="the folder of scraped files")
    manifest_cmd.add_argument("--out", type=Path, default=None,
                              help="write the draft to this new file (default: print it)")
    split_cmd = sub.add_parser("split-export", help="make a corpus table of the articles in Nexis export files")
    split_cmd.add_argument("files", nargs="+", type=Path, help="Nexis Uni (.docx) or LexisNexis Academic (.txt) exports")
    split_cmd.add_argument("--out", type=Path, required=True,
                           help="the new corpus table: .csv, .parquet or .jsonl")
    return parser


def _split_export(args: argparse.Namespace) -> int:
    from .exports import read_news_exports
    from .storage import write_bytes_atomic, write_parquet_atomic, write_text_atomic

    suffix = args.out.suffix.lower()
    if suffix not in (".csv", ".parquet", ".jsonl"):
        raise CorpusError([f"--out {args.out}: the table is written as .csv, .parquet or .jsonl"])
    if args.out.exists():
        raise CorpusError([f"--out {args.out} exists: the table is never written over a file; choose a new name"])
    table = read_news_exports(args.files)
    for message in table.attrs.get("skipped", []):
        print(f"iraqtext: warning: {message}; left out", file=sys.stderr)
    if table.empty:
        raise CorpusError([f"{', '.join(map(str, args.files))}: no article with body text"])
    if suffix == ".parquet":
        write_parquet_atomic(table, args.out)
    elif suffix == ".csv":
        write_text_atomic(table.to_csv(index=False, lineterminator="\n"), args.out)
    else:
        write_bytes_atomic(table.to_json(orient="records", lines=True, force_ascii=False).encode("utf-8"), args.out)
    undated = int((table["published"] == "").sum())
    print(f"wrote {args.out}: {len(table)} articles from {len(args.files)} file(s), {undated} without a date; "
          f"build it with `iraqtext build --raw {args.out}`")
    return 0


def _manifest(args: argparse.Namespace) -> int:
    from .manifest import draft_manifest
    from .storage import write_text_atomic

    draft = draft_manifest(args.folder)
    for message in draft.skipped:
        print(f"iraqtext: warning: {message}", file=sys.stderr)
    text = draft.rows.to_csv(index=False, lineterminator="\n")
    if args.out is None:
        sys.stdout.write(text)
        return 0
    if args.out.exists():
        raise CorpusError([f"--out {args.out} exists: the draft is never written over a file; choose a new name"])
    write_text_atomic(text, args.out)
    undated = int((draft.rows["published"] == "").sum())
    print(f"wrote {args.out}: {len(draft.rows)} documents, {undated} without a date; check the titles and dates "
          f"(the notes column says where each came from); the corpus folder reads it as {MANIFEST_NAME}")
    return 0


def _build(args: argparse.Namespace, out: Path) -> BuildReport:
    return build(args.raw, out, progress=not args.quiet, model=args.model, patterns=args.patterns,
                 codebook=args.codebook, use_cache=not args.force, jobs=args.jobs, dask=args.dask,
                 boilerplate=args.boilerplate, frame_method=args.frames)


def _print_build(report: BuildReport, out: Path, verbose: bool = True) -> None:
    for message in report.warnings:
        print(f"iraqtext: warning: {message}", file=sys.stderr)
    if report.cached:
        print(f"up to date: {out} was built from the same inputs (use --force to rebuild)")
        return
    if verbose:
        for name, path in report.outputs.items():
            print(f"wrote {path} ({report.rows[name]} rows)")
    stages = ", ".join(f"{stage} {n}" for stage, n in report.recomputed.items())
    print(f"{report.documents} documents; recomputed per stage: {stages} (the rest from {out / 'cache'})")


def _check_report_out(out: Path, notebooks: list[Path]) -> None:
    """The report folder must not be a folder the notebooks come from (they would be overwritten)."""
    sources = {nb.parent.resolve() for nb in notebooks}
    if out.resolve() in sources:
        raise CorpusError([f"--out {out} holds the notebooks being run: executed copies would overwrite them; "
                           "choose another output folder"])


def _report(args: argparse.Namespace) -> int:
    from .reports import curated_notebooks, execute_notebooks

    try:
        notebooks = curated_notebooks(args.notebooks)
    except FileNotFoundError as err:
        raise CorpusError([str(err)]) from None
    _check_report_out(args.out, notebooks)
    processed, figures = args.out / "processed", args.out / "figures"
    _print_build(_build(args, processed), processed, verbose=False)
    parameters = {
        # absolute: papermill runs each notebook with its own folder as working directory
        "RAW_DIR": str(args.raw.resolve()),
        "PROCESSED_DIR": str(processed.resolve()),
        "FIGURES_DIR": str(figures.resolve()),
        "CORPUS": args.corpus_name or str(args.raw),
    }
    print(f"executing {len(notebooks)} notebooks against {processed} ...", flush=True)
    execute_notebooks(notebooks, args.out, parameters, jobs=args.jobs, timeout=args.timeout,
                      on_done=lambda nb, paths: print(f"wrote {paths[0]} and {paths[1]}", flush=True))
    print(f"report in {args.out}: executed notebooks and HTML, figures in {figures}, tables in {processed}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    from .reports import NotebookError

    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            return _report(args)
        if args.command == "manifest":
            return _manifest(args)
        if args.command == "split-export":
            return _split_export(args)
        report = _build(args, args.out)
    except INPUT_ERRORS as err:
        if args.debug:
            raise
        for line in str(err).splitlines():
            print(f"iraqtext: error: {line}", file=sys.stderr)
        return EXIT_INVALID_INPUT
    except NotebookError as err:
        if args.debug:
            raise
        print(f"iraqtext: error: {err}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as err:  # noqa: BLE001 - the CLI promises one line, --debug shows the rest
        if args.debug:
            raise
        print(f"iraqtext: error: {err.__class__.__name__}: {err} (rerun with --debug for details)", file=sys.stderr)
        return EXIT_FAILURE
    _print_build(report, args.out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
