"""Reading the YAML data files a user can supply (actors, frames codebook, troop lexicon).

Each reader raises its own error class; this module gives them one way to say that a file cannot
be read or has the wrong shape, naming the file, and one cache (:func:`read_once_per_content`) that
reads a file again when its content changes — a researcher edits an actor file or a codebook and
builds again in the same notebook kernel.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Callable, TypeVar

import yaml

T = TypeVar("T")


def file_digest(path: str | Path | None) -> str:
    """The SHA-256 of a file's bytes; ``""`` for no file or one that cannot be read (reading it then says why)."""
    if path is None:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def read_once_per_content(maxsize: int = 8) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Cache a reader of one optional file (``reader(path=None)``) by the path and the file's content: the
    same file gives the same object (callers may key their own caches on it), an edited one is read again."""
    def decorate(read: Callable[..., T]) -> Callable[..., T]:
        @functools.lru_cache(maxsize=maxsize)
        def cached(path: str | Path | None, digest: str) -> T:
            return read(path)

        @functools.wraps(read)
        def reader(path: str | Path | None = None) -> T:
            return cached(path, file_digest(path))

        reader.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return reader
    return decorate


def read_yaml(path: str | Path, error: type[ValueError], expected: type, what: str) -> object:
    """Load ``path`` and check that its top level is an ``expected`` (``list`` or ``dict``).

    Raises ``error`` with the file name: unreadable file, invalid YAML, or a top level that is not
    ``what`` (e.g. "a list of actors").
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise error(f"{path}: cannot be read as YAML ({err})") from None
    if not isinstance(data, expected):
        raise error(f"{path}: expected {what} at the top level")
    return data
