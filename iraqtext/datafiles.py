"""Reading the YAML data files a user can supply (actors, frames codebook, troop lexicon).

Each reader raises its own error class; this module gives them one way to say that a file cannot
be read or has the wrong shape, naming the file.
"""

from __future__ import annotations

from pathlib import Path

import yaml


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
