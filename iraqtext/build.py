"""Building ``data/processed/`` from a raw corpus directory: the one place that does I/O in bulk.

``build(raw_dir, out_dir)`` validates the corpus, cleans it, segments paragraphs and writes every
table atomically. On a validation error nothing is written.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .clean import clean_corpus, paragraphs
from .corpus import load_corpus
from .entities import extract_entities
from .frames import primary_frames, score_frames
from .nlp import load_nlp
from .storage import write_tables_atomic, write_text_atomic
from .topics import (TopicModel, choose_n_topics, lemmatize_texts, paragraph_topics,
                     topic_number_scores)
from .troops import troop_figures

TOPIC_RANDOM_STATE = 0

DEFAULT_RAW = Path("data/raw")
DEFAULT_OUT = Path("data/processed")
BUILD_INFO = "build_info.json"


@dataclass
class BuildReport:
    """What a build wrote and what it warned about."""

    outputs: dict[str, Path]
    rows: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    cached: bool = False


def build_tables(raw_dir: str | Path = DEFAULT_RAW, progress: bool = True, model: str | None = None,
                 patterns: str | Path | None = None,
                 codebook: str | Path | None = None) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Compute every processed table in memory; returns ``(tables, warnings)``. Writes nothing.

    ``model`` names the spaCy pipeline, ``patterns`` a YAML file of extra actors (see
    :func:`iraqtext.load_nlp`) and ``codebook`` a frames codebook (see :mod:`iraqtext.frames`).
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = load_corpus(raw_dir)
    documents, removed, repairs = clean_corpus(docs, progress=progress)
    paras = paragraphs(documents)
    nlp = load_nlp(model, patterns=patterns)
    dated = paras.merge(documents[["doc_id", "published", "year"]], on="doc_id", how="left")
    tables = {
        "documents": documents,
        "paragraphs": paras,
        "removed": removed,
        "repairs": repairs,
        "troop_figures": troop_figures(dated, nlp=nlp, progress=progress),
        "entities": extract_entities(paras, nlp=nlp, progress=progress),
    }
    body = paras[~paras["is_heading"]].reset_index(drop=True)  # headings carry no framing of their own
    frames = score_frames(body, codebook=codebook, nlp=nlp, progress=progress)
    tables["frames"] = frames
    tables["frame_primary"] = primary_frames(frames, codebook=codebook)
    topic_result, topic_warning = topic_tables(body, nlp)
    tables.update(topic_result)
    return tables, [str(w.message) for w in caught] + ([topic_warning] if topic_warning else [])


MIN_TOPIC_PARAGRAPHS = 20


def topic_tables(body: pd.DataFrame, nlp) -> tuple[dict[str, pd.DataFrame], str | None]:
    """Topic selection scores, paragraph-topic weights and topic terms for the body paragraphs.

    A corpus too small for topics (fewer than :data:`MIN_TOPIC_PARAGRAPHS` paragraphs) gets empty
    tables with the documented columns and a warning, not a failed build.
    """
    if len(body) < MIN_TOPIC_PARAGRAPHS:
        empty = {
            "topics": pd.DataFrame({"doc_id": pd.Series(dtype="str"), "para_id": pd.Series(dtype="int64"),
                                    "topic": pd.Series(dtype="int64"), "label": pd.Series(dtype="str"),
                                    "weight": pd.Series(dtype="float64")}),
            "topic_terms": pd.DataFrame({"topic": pd.Series(dtype="int64"), "label": pd.Series(dtype="str"),
                                         "rank": pd.Series(dtype="int64"), "term": pd.Series(dtype="str"),
                                         "weight": pd.Series(dtype="float64")}),
            "topic_selection": pd.DataFrame(columns=["n_topics", "reconstruction_error", "mean_coherence",
                                                     "min_coherence"]),
        }
        return empty, (f"topics skipped: the corpus has {len(body)} body paragraphs, topic modelling needs at "
                       f"least {MIN_TOPIC_PARAGRAPHS}; topics.parquet and topic_terms.parquet are empty")
    lemmas = lemmatize_texts(body["text"], nlp)
    selection = topic_number_scores(lemmas, random_state=TOPIC_RANDOM_STATE)
    model = TopicModel(n_topics=choose_n_topics(selection), lemmatize=False, random_state=TOPIC_RANDOM_STATE)
    weights = model.fit_transform(lemmas)
    return {
        "topics": paragraph_topics(body, model, weights),
        "topic_terms": model.top_terms(15),
        "topic_selection": selection.round(6),
    }, None


def build(raw_dir: str | Path = DEFAULT_RAW, out_dir: str | Path = DEFAULT_OUT, progress: bool = True,
          model: str | None = None, patterns: str | Path | None = None,
          codebook: str | Path | None = None, use_cache: bool = True) -> BuildReport:
    """Validate ``raw_dir``, compute all tables and write them to ``out_dir`` as Parquet.

    Raises :class:`iraqtext.corpus.CorpusError` (before anything is written) on invalid input.
    The same input gives byte-identical files. With ``use_cache`` a build whose inputs (see
    :func:`build_fingerprint`) are unchanged since the last one in ``out_dir`` is skipped.
    """
    fingerprint = build_fingerprint(raw_dir, model, patterns, codebook)
    cached = _cached_build(out_dir, fingerprint) if use_cache else None
    if cached is not None:
        return cached
    tables, warned = build_tables(raw_dir, progress=progress, model=model, patterns=patterns, codebook=codebook)
    outputs = write_tables_atomic(tables, out_dir)
    rows = {k: len(v) for k, v in tables.items()}
    info = {"fingerprint": fingerprint, "rows": rows, "warnings": warned}
    write_text_atomic(json.dumps(info, indent=1, sort_keys=True) + "\n", Path(out_dir) / BUILD_INFO)
    return BuildReport(outputs=outputs, rows=rows, warnings=warned)


def build_fingerprint(raw_dir: str | Path, model: str | None, patterns: str | Path | None,
                      codebook: str | Path | None) -> str:
    """A hash of everything a build depends on: the raw files, the iraqtext source and data files,
    the user's actor and codebook files, and the spaCy pipeline's name and version."""
    from .nlp import choose_model

    digest = hashlib.sha256()
    package = Path(__file__).parent
    inputs = sorted(Path(raw_dir).glob("*")) + sorted(package.rglob("*.py")) + sorted((package / "data").glob("*"))
    inputs += [Path(p) for p in (patterns, codebook) if p]
    for path in inputs:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    name = choose_model(model)
    try:
        version = importlib.metadata.version(name.replace("_", "-"))
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    digest.update(f"{name}=={version}".encode())
    return digest.hexdigest()


def _cached_build(out_dir: str | Path, fingerprint: str) -> BuildReport | None:
    """The previous build's report if it was made from exactly the same inputs and its files are all there."""
    info_path = Path(out_dir) / BUILD_INFO
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    outputs = {name: Path(out_dir) / f"{name}.parquet" for name in info.get("rows", {})}
    if info.get("fingerprint") != fingerprint or not outputs or not all(p.is_file() for p in outputs.values()):
        return None
    return BuildReport(outputs=outputs, rows=info["rows"], warnings=info.get("warnings", []), cached=True)


def load_processed(out_dir: str | Path = DEFAULT_OUT, name: str = "paragraphs") -> pd.DataFrame:
    """Read one processed table (``documents``, ``paragraphs``, ``removed``, ...) written by :func:`build`."""
    path = Path(out_dir) / f"{name}.parquet"
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: run `iraqtext build` (or `make run`) first")
    return pd.read_parquet(path)
