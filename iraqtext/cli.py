"""The ``iraqtext`` command line: ``iraqtext build [--raw DIR|TABLE] [--out DIR] [--jobs N] [--dask ADDRESS] [--debug]``.

Errors are printed as one clear line per problem (no traceback unless ``--debug``), with exit
code 2 for invalid input and 1 for anything unexpected.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .boilerplate import BoilerplateFileError
from .build import DEFAULT_OUT, DEFAULT_RAW, build
from .corpus import CorpusError
from .entities import ActorFileError
from .frames import CodebookError
from .nlp import ModelNotFoundError
from .parallel import ExecutorError

EXIT_INVALID_INPUT = 2
EXIT_FAILURE = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iraqtext", description="Text-as-data tools for U.S.-Iraq policy writing.")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="validate data/raw and write the tables in data/processed")
    build_cmd.add_argument("--raw", type=Path, default=DEFAULT_RAW,
                           help="corpus: a folder with manifest.csv, or a .parquet/.csv/.jsonl table")
    build_cmd.add_argument("--out", type=Path, default=DEFAULT_OUT, help="directory for the Parquet tables")
    build_cmd.add_argument("--quiet", action="store_true", help="no progress bars")
    build_cmd.add_argument("--model", default=None, help="spaCy pipeline to use (default: best installed)")
    build_cmd.add_argument("--patterns", type=Path, default=None, help="YAML file of extra actors (see README)")
    build_cmd.add_argument("--codebook", type=Path, default=None, help="YAML frames codebook (see README)")
    build_cmd.add_argument("--frames", choices=("model", "codebook"), default="model",
                           help="frame scores from the learned model (default) or the codebook alone")
    build_cmd.add_argument("--boilerplate", type=Path, default=None,
                           help="YAML file of extra boilerplate phrases for the cleaner (see README)")
    build_cmd.add_argument("--force", action="store_true", help="recompute every document, ignoring the cache")
    build_cmd.add_argument("--jobs", type=int, default=1, help="worker processes for the per-document work (default 1)")
    build_cmd.add_argument("--dask", default=None, metavar="ADDRESS",
                           help="run the per-document work on Dask: local:N or a scheduler address (tcp://host:8786)")
    build_cmd.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show full tracebacks on errors")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = _parser().parse_args(argv)
    try:
        report = build(args.raw, args.out, progress=not args.quiet, model=args.model, patterns=args.patterns,
                       codebook=args.codebook, use_cache=not args.force, jobs=args.jobs, dask=args.dask,
                       boilerplate=args.boilerplate, frame_method=args.frames)
    except (CorpusError, ModelNotFoundError, ActorFileError, CodebookError, ExecutorError, BoilerplateFileError) as err:
        if args.debug:
            raise
        for line in str(err).splitlines():
            print(f"iraqtext: error: {line}", file=sys.stderr)
        return EXIT_INVALID_INPUT
    except Exception as err:  # noqa: BLE001 - the CLI promises one line, --debug shows the rest
        if args.debug:
            raise
        print(f"iraqtext: error: {err.__class__.__name__}: {err} (rerun with --debug for details)", file=sys.stderr)
        return EXIT_FAILURE
    for message in report.warnings:
        print(f"iraqtext: warning: {message}", file=sys.stderr)
    if report.cached:
        print(f"up to date: {args.out} was built from the same inputs (use --force to rebuild)")
        return 0
    for name, path in report.outputs.items():
        print(f"wrote {path} ({report.rows[name]} rows)")
    stages = ", ".join(f"{stage} {n}" for stage, n in report.recomputed.items())
    print(f"{report.documents} documents; recomputed per stage: {stages} (the rest from {args.out / 'cache'})")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
