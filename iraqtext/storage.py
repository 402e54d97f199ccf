"""Writing processed files atomically, reproducibly and with the user's usual permissions.

Every file is first written to a temporary file beside its destination and then renamed over it,
so a crash never leaves a half-written file and earlier outputs survive a failed build. The
temporary file is created private (``0600``); before the rename it gets the mode any file the user
creates would get (``0666`` minus the umask), so outputs are as readable as the rest of their work.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd


def default_file_mode() -> int:
    """The mode a new file gets under the current umask (``0o644`` under the common ``022``)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def _atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``, on error delete it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        yield Path(tmp_name)
        os.chmod(tmp_name, default_file_mode())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_parquet_atomic(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to ``path`` as Parquet via a temporary file and an atomic rename.

    The same frame always gives the same bytes (no index, fixed compression, no timestamps).
    """
    path = Path(path)
    with _atomic_target(path) as tmp:
        frame.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd")
    return path


def write_text_atomic(text: str, path: str | Path) -> Path:
    """Write ``text`` (UTF-8) to ``path`` via a temporary file and an atomic rename."""
    return write_bytes_atomic(text.encode("utf-8"), path)


def write_bytes_atomic(data: bytes, path: str | Path) -> Path:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    path = Path(path)
    with _atomic_target(path) as tmp:
        tmp.write_bytes(data)
    return path


def write_tables_atomic(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> dict[str, Path]:
    """Write several tables as ``<name>.parquet``: all are staged first, then renamed in place.

    If staging any table fails, no destination file is touched.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: dict[str, Path] = {}
    try:
        for name, frame in tables.items():
            staged[name] = write_parquet_atomic(frame, out_dir / f".staged-{name}.parquet")
    except BaseException:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
        raise
    final: dict[str, Path] = {}
    for name, tmp in staged.items():
        final[name] = out_dir / f"{name}.parquet"
        os.replace(tmp, final[name])
    return final
