"""Building ``data/processed/`` from a corpus: the one place that does I/O in bulk.

How a build flows from raw files to tables:

1. **Validate** the corpus (:func:`iraqtext.corpus.open_corpus`): manifest or table, ids, dates, paths,
   every file's bytes. Any problem stops the build before anything is written.
2. **Unchanged?** If the fingerprint of all inputs (listed documents, metadata, code, data files,
   model, options) equals the last build's and its tables are there, nothing is done.
3. **Per document** (:mod:`iraqtext.stages`), in batches, in this process, ``jobs`` worker processes or
   on a Dask cluster (:mod:`iraqtext.parallel`): clean, parse each paragraph once, read troop figures,
   actor mentions, frame scores and topic lemmas from that parse. Only documents and stages whose key
   changed are computed; the rest comes from the per-document cache under ``<out>/cache/``, and every
   result is written there as it arrives (the parses are not kept in memory).
4. **Corpus level**, on the per-document results: surname and acronym resolution, primary frames,
   topics (fitted on all lemmas), then every table is written atomically, with ``build_info.json``
   (fingerprint, row counts, warnings, documents that cleaning emptied, documents without a
   publication date, groups of documents with the same cleaned text, what was recomputed).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

import pandas as pd

from .cache import DocumentCache, dumps
from .clean import MAX_PARAGRAPH_WORDS, PARAGRAPH_WORDS
from .corpus import Corpus, CorpusError, CorpusInput, SourceDocument, listed_ids, open_corpus, undated_ids
from .stages import (DERIVED_STAGES, PACKAGE, DocumentOutput, DocumentTask, StageSettings, plan_document,
                     stage_settings, _digest)
from .storage import write_tables_atomic, write_text_atomic

TOPIC_RANDOM_STATE = 0
MIN_TOPIC_PARAGRAPHS = 20
BATCH_DOCUMENTS = 8
#: How many groups of duplicate documents a build warning names (all are in build_info.json).
MAX_LISTED_DUPLICATES = 10
#: How many documents the warning about broken paragraphs names (all are in repairs.parquet).
MAX_LISTED_DOCUMENTS = 10

DEFAULT_RAW = Path("data/raw")
DEFAULT_OUT = Path("data/processed")
BUILD_INFO = "build_info.json"
TABLES: tuple[str, ...] = ("documents", "paragraphs", "removed", "repairs", "troop_figures", "entities", "frames",
                           "frame_primary", "topics", "topic_terms", "topic_selection")
#: Code that turns per-document results into tables: part of the whole-build fingerprint.
CORPUS_LEVEL_FILES: tuple[str, ...] = ("build.py", "entities.py", "frames.py", "topics.py", "troops.py",
                                       "clean.py", "boilerplate.py", "frame_model.py", "model_store.py",
                                       "data/frame_model.json")


@dataclass
class BuildReport:
    """What a build wrote, what it warned about and how much it recomputed."""

    outputs: dict[str, Path]
    rows: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    cached: bool = False
    emptied: list[str] = field(default_factory=list)
    recomputed: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    undated: list[str] = field(default_factory=list)


def check_out_dir(corpus: Corpus, out_dir: Path) -> None:
    """Refuse an output folder that is, or is inside, the corpus folder (or that holds the corpus table)."""
    if corpus.location is None:
        return
    location, out = corpus.location.resolve(), out_dir.resolve()
    if corpus.location.is_dir() and (out == location or out.is_relative_to(location)):
        raise CorpusError([f"--out {out_dir} is inside the corpus folder {corpus.location}: raw data is never "
                           "written to; choose another output folder"])
    if corpus.location.is_file() and location.is_relative_to(out):
        raise CorpusError([f"--out {out_dir} holds the corpus table {corpus.location}: raw data is never "
                           "written to; choose another output folder"])


def build_fingerprint(corpus: Corpus, settings: StageSettings, frame_method: str = "model") -> str:
    """A hash of everything a build depends on: the listed documents (bytes and metadata), the code and
    data of every stage, the model's name and version, the user's files. Unlisted files play no part."""
    metadata = corpus.documents.drop(columns=["authors"]).astype(str).to_json(orient="split")
    code = [name.encode() + (PACKAGE / name).read_bytes() for name in CORPUS_LEVEL_FILES]
    sources = [(s.doc_id, s.digest) for s in corpus.sources]
    return _digest(settings.static_keys, *code, metadata, corpus.documents["authors"].map(list).to_json(),
                   dumps(sources), MIN_TOPIC_PARAGRAPHS, TOPIC_RANDOM_STATE, frame_method)


def _cached_build(out_dir: Path, fingerprint: str) -> BuildReport | None:
    """The previous build's report if it was made from exactly the same inputs and its files are all there."""
    try:
        info = json.loads((out_dir / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    outputs = {name: out_dir / f"{name}.parquet" for name in info.get("rows", {})}
    if info.get("fingerprint") != fingerprint or not outputs or not all(p.is_file() for p in outputs.values()):
        return None
    return BuildReport(outputs=outputs, rows=info["rows"], warnings=info.get("warnings", []), cached=True,
                       emptied=info.get("emptied", []), documents=info.get("documents", 0),
                       undated=info.get("undated", []))


def _raw(source: SourceDocument) -> bytes | str:
    return source.text if source.text is not None else source.path.read_bytes()


def publisher_groups(documents: pd.DataFrame) -> dict[str, str]:
    """The group whose shared lines count as boilerplate: the publisher, else the web site of the URL."""
    def group(publisher: str, url: str) -> str:
        if publisher.strip():
            return publisher.strip().lower()
        match = re.match(r"^https?://(?:www\.)?([^/:]+)", url.strip())
        return match.group(1).lower() if match else ""

    return {d: group(p, u) for d, p, u in zip(documents["doc_id"], documents["publisher"], documents["url"])}


def shared_lines(corpus: Corpus) -> dict[str, frozenset[str]]:
    """Each document's lines that recur in other documents of its publisher
    (:func:`iraqtext.boilerplate.recurring_lines`). HTML pages and Markdown documents are left out: their
    boilerplate is removed by the HTML extractor."""
    from .boilerplate import document_lines, recurring_lines
    from .corpus import decode_bytes, markup_of

    groups = publisher_groups(corpus.documents)
    if len({g for g in groups.values() if g}) == len(groups):
        return {}  # every document has a publisher of its own: nothing to compare
    lines = {}
    for source in corpus.sources:
        if not groups[source.doc_id]:
            continue
        text = source.text if source.text is not None else decode_bytes(source.path.read_bytes())[0]
        if not markup_of(text, source.path.name if source.path else ""):
            lines[source.doc_id] = document_lines(text)
    return {doc_id: found for doc_id, found in recurring_lines(lines, groups).items() if found}


def _plan(corpus: Corpus, settings: StageSettings, cache: DocumentCache | None,
          done: dict[str, DocumentOutput]) -> list[DocumentTask]:
    """Tasks for the documents that need work; fully cached documents go straight into ``done``."""
    tasks = []
    shared = shared_lines(corpus)
    for source, published, title in zip(corpus.sources, corpus.documents["published"], corpus.documents["title"]):
        planned = plan_document(source.doc_id, published, source.digest, settings, cache, title,
                                shared.get(source.doc_id, frozenset()))
        if isinstance(planned, DocumentOutput):
            done[source.doc_id] = planned
        else:
            planned.name = source.path.name if source.path is not None else ""
            tasks.append(planned)
    return tasks


def _batches(tasks: list[DocumentTask], sources: dict[str, SourceDocument]) -> Iterator[list[DocumentTask]]:
    """Batches of tasks, each task's raw text read only when its batch is made (memory stays bounded)."""
    for start in range(0, len(tasks), BATCH_DOCUMENTS):
        yield [task if task.cleaned is not None else replace(task, raw=_raw(sources[task.doc_id]))
               for task in tasks[start:start + BATCH_DOCUMENTS]]


def _store(output: DocumentOutput, cache: DocumentCache) -> None:
    """Write what a document's work recomputed into the cache."""
    if "clean" in output.recomputed:
        cache.write_clean(output.doc_id, output.clean_key, output.cleaned)
    if output.parse is not None:
        cache.write_parse(output.doc_id, output.parse_key, output.parse)
    if set(output.recomputed) & set(DERIVED_STAGES):
        cache.write_stages(output.doc_id, output.stages)


def compute_outputs(corpus: Corpus, out_dir: Path, settings: StageSettings, use_cache: bool = True,
                    progress: bool = True, jobs: int = 1, dask: str | None = None) -> dict[str, DocumentOutput]:
    """Every document's stage outputs, from the cache where their keys are unchanged, computed (and
    cached) otherwise. ``use_cache=False`` recomputes everything (and refreshes the cache)."""
    from tqdm.auto import tqdm

    from .parallel import run_batches

    cache = DocumentCache(out_dir)
    done: dict[str, DocumentOutput] = {}
    tasks = _plan(corpus, settings, cache if use_cache else None, done)
    sources = {s.doc_id: s for s in corpus.sources}
    with tqdm(total=len(corpus.sources), initial=len(done), desc="documents", unit="doc",
              disable=not progress) as bar:
        for outputs in run_batches(_batches(tasks, sources), settings, jobs=jobs, dask=dask):
            for output in outputs:
                _store(output, cache)
                output.parse = None  # on disk now; the process does not hold the parses
                done[output.doc_id] = output
            bar.update(len(outputs))
    return done


def assemble_tables(corpus: Corpus, outputs: dict[str, DocumentOutput], codebook: str | Path | None = None,
                    frame_method: str = "model") -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The corpus-level tables from the per-document outputs (in ``doc_id`` order); returns
    ``(tables, warnings)``."""
    from .clean import paragraphs as paragraph_table, words
    from .entities import entity_table
    from .frames import frame_scores_table, primary_frames
    from .troops import figures_table

    docs = corpus.documents
    ordered = [outputs[doc_id] for doc_id in docs["doc_id"]]
    texts = [o.cleaned["text"] for o in ordered]
    own = [c for c in docs.columns if c not in {"doc_id", "title", "authors", "publisher", "published", "year", "url",
                                                 "notes", "source_file", "encoding"}]
    documents = docs.drop(columns=own).assign(
        text=texts,
        n_words_raw=[o.cleaned["n_words_raw"] for o in ordered],
        n_words_clean=[len(words(t)) for t in texts],
    ).astype({"n_words_raw": "int64", "n_words_clean": "int64"})
    documents = pd.concat([documents, docs[own]], axis=1)
    paragraphs = paragraph_table(documents)
    dates = dict(zip(docs["doc_id"], zip(docs["published"], docs["year"])))

    def rows(stage: str, build_row) -> list[list]:
        return [build_row(o.doc_id, row) for o in ordered for row in o.stages[stage]["rows"]]

    removed = pd.DataFrame([[o.doc_id, *r] for o in ordered for r in o.cleaned["removed"]],
                           columns=["doc_id", "reason", "text", "position"]).astype({"position": "int64"})
    repairs = pd.DataFrame([[o.doc_id, *r] for o in ordered for r in o.cleaned["repairs"]],
                           columns=["doc_id", "kind", "before", "after", "position"]).astype({"position": "int64"})
    lemmas = {(o.doc_id, para_id): lemma for o in ordered for para_id, lemma in o.stages["lemmas"]["rows"]}
    frames = frame_scores_table(rows("frames", lambda d, r: [d, *r]), lemmas, method=frame_method)
    tables = {
        "documents": documents,
        "paragraphs": paragraphs,
        "removed": removed.sort_values(["doc_id", "position"], kind="stable").reset_index(drop=True),
        "repairs": repairs.sort_values(["doc_id", "position"], kind="stable").reset_index(drop=True),
        "troop_figures": figures_table(rows("troops", lambda d, r: [d, r[0], *dates[d], *r[1:]])),
        "entities": entity_table(rows("entities", lambda d, r: [d, *r]), paragraphs),
        "frames": frames,
        "frame_primary": primary_frames(frames, codebook=codebook),
    }
    body = paragraphs[~paragraphs["is_heading"]].reset_index(drop=True)  # headings carry no framing of their own
    topic_result, topic_warning = topic_tables(body, [lemmas[key] for key in zip(body["doc_id"], body["para_id"])])
    tables.update(topic_result)
    warned = corpus.messages + ([topic_warning] if topic_warning else [])
    return tables, warned


def topic_tables(body: pd.DataFrame, lemmas: list[str]) -> tuple[dict[str, pd.DataFrame], str | None]:
    """Topic selection scores, paragraph-topic weights and topic terms for the body paragraphs,
    from their lemmas (:func:`iraqtext.topics.doc_lemmas`).

    A corpus too small for topics (fewer than :data:`MIN_TOPIC_PARAGRAPHS` paragraphs) gets empty
    tables with the documented columns and a warning, not a failed build.
    """
    from .topics import paragraph_topics, select_topic_model

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
    selection, model, weights = select_topic_model(lemmas, random_state=TOPIC_RANDOM_STATE)
    return {
        "topics": paragraph_topics(body, model, weights),
        "topic_terms": model.top_terms(15),
        "topic_selection": selection.round(6),
    }, None


def _emptied(tables: dict[str, pd.DataFrame]) -> list[str]:
    from .language import other_language

    documents, removed = tables["documents"], tables["removed"]
    messages = []
    for doc_id in documents.loc[documents["text"].str.strip() == "", "doc_id"]:
        lines = removed.loc[removed["doc_id"] == doc_id]
        if len(lines) and (lines["reason"] == "not_english").all():
            language = other_language(" ".join(lines["text"]))
            reads_as = f" (it reads as {language[0]})" if language else ""
            messages.append(f"{doc_id}: not in English{reads_as}; set aside by the cleaner ({len(lines)} lines in "
                            "removed.parquet, reason not_english): the models read English only")
        else:
            messages.append(f"{doc_id}: cleaning judged every line noise ({len(lines)} lines removed); "
                            "the document has no paragraphs (see removed.parquet)")
    return messages


def _unbroken_warning(repairs: pd.DataFrame) -> list[str]:
    """Name the documents with a paragraph the cleaner had to break (the scrape lost its line breaks)."""
    ids = sorted(repairs.loc[repairs["kind"] == "paragraph_break", "doc_id"].unique())
    if not ids:
        return []
    shown = listed_ids(ids, MAX_LISTED_DOCUMENTS)
    documents = "1 document" if len(ids) == 1 else f"{len(ids)} documents"
    return [f"a paragraph of more than {MAX_PARAGRAPH_WORDS} words in {documents} ({shown}), as a scrape that lost "
            "its line breaks has: each was broken at sentence ends into paragraphs of about "
            f"{PARAGRAPH_WORDS} words (repairs.parquet, kind paragraph_break); noise inside such a run of text "
            "(captions, links, teasers) cannot be told from the article by its lines, so keep the line breaks "
            "when you scrape if you can"]


def duplicate_groups(documents: pd.DataFrame) -> list[list[str]]:
    """Documents whose cleaned ``text`` is the same (and not empty), as sorted groups of ``doc_id``: the same
    article scraped twice, or syndicated by several sites, each counted once per copy in the tables."""
    texts = documents.loc[documents["text"].str.strip() != "", ["doc_id", "text"]]
    groups = texts.groupby("text", sort=False)["doc_id"].agg(sorted)
    return sorted(ids for ids in groups if len(ids) > 1)


def _duplicates_warning(groups: list[list[str]]) -> list[str]:
    if not groups:
        return []
    shown = "; ".join(" = ".join(ids) for ids in groups[:MAX_LISTED_DUPLICATES])
    more = f" and {len(groups) - MAX_LISTED_DUPLICATES} more (build_info.json)" if len(groups) > MAX_LISTED_DUPLICATES else ""
    copies = sum(len(ids) - 1 for ids in groups)
    articles = "1 article appears" if len(groups) == 1 else f"{len(groups)} articles appear"
    extra = "1 extra copy counts" if copies == 1 else f"{copies} extra copies count"
    return [f"{articles} more than once under different doc_ids, with the same cleaned text ({shown}{more}): all "
            f"copies are kept, so {extra} in every table; remove the copies from the corpus if they are one article"]


def build(raw_dir: CorpusInput = DEFAULT_RAW, out_dir: str | Path = DEFAULT_OUT, progress: bool = True,
          model: str | None = None, patterns: str | Path | None = None, codebook: str | Path | None = None,
          use_cache: bool = True, jobs: int = 1, dask: str | None = None,
          boilerplate: str | Path | None = None, frame_method: str = "model") -> BuildReport:
    """Validate a corpus, compute all tables and write them to ``out_dir`` as Parquet.

    Parameters
    ----------
    raw_dir : a corpus folder (with ``manifest.csv``), a table file or a DataFrame (see :mod:`iraqtext.corpus`).
    out_dir : where the tables, ``build_info.json`` and the per-document cache (``cache/``) go.
    model, patterns, codebook : the spaCy pipeline, a YAML file of extra actors, a frames codebook.
    boilerplate : a YAML file of extra boilerplate phrases for the cleaner (see :mod:`iraqtext.boilerplate`).
    frame_method : ``"model"`` (the learned frame model) or ``"codebook"`` (see :func:`iraqtext.score_frames`).
    use_cache : reuse the per-document results whose inputs are unchanged (``False``: recompute all).
    jobs : worker processes for the per-document work (1: in this process).
    dask : ``"local:N"`` or a scheduler address: run the per-document work on Dask instead.

    Raises :class:`iraqtext.corpus.CorpusError` (before anything is written) on invalid input. The
    same input gives byte-identical tables whatever ``jobs``, ``dask`` or the state of the cache.
    """
    from .boilerplate import load_phrases
    from .entities import load_actors
    from .frames import check_method, load_codebook
    from .nlp import choose_model, ensure_model

    out_dir = Path(out_dir)
    corpus = open_corpus(raw_dir)
    check_out_dir(corpus, out_dir)
    model_name = ensure_model(choose_model(model))
    load_actors(patterns)  # a malformed user file is one clear error before any work
    load_codebook(codebook)
    check_method(frame_method, codebook)
    load_phrases(boilerplate)
    settings = stage_settings(model_name, patterns, codebook, boilerplate)
    fingerprint = build_fingerprint(corpus, settings, frame_method)
    cached = _cached_build(out_dir, fingerprint) if use_cache else None
    if cached is not None:
        return cached
    outputs = compute_outputs(corpus, out_dir, settings, use_cache=use_cache, progress=progress, jobs=jobs, dask=dask)
    tables, warned = assemble_tables(corpus, outputs, codebook, frame_method)
    emptied = _emptied(tables)
    emptied_ids = [e.split(":")[0] for e in emptied]
    duplicates = duplicate_groups(tables["documents"])
    warned += emptied + _duplicates_warning(duplicates) + _unbroken_warning(tables["repairs"])
    written = write_tables_atomic(tables, out_dir)
    rows = {k: len(v) for k, v in tables.items()}
    recomputed = {stage: sum(stage in o.recomputed for o in outputs.values()) for stage in ("clean", "parse",
                                                                                          *DERIVED_STAGES)}
    undated = undated_ids(corpus.documents)
    info = {"fingerprint": fingerprint, "rows": rows, "warnings": warned, "emptied": emptied_ids,
            "documents": len(outputs), "recomputed": recomputed, "undated": undated, "duplicates": duplicates}
    write_text_atomic(json.dumps(info, indent=1, sort_keys=True) + "\n", out_dir / BUILD_INFO)
    DocumentCache(out_dir).prune(set(outputs))
    return BuildReport(outputs=written, rows=rows, warnings=warned, emptied=emptied_ids,
                       recomputed=recomputed, documents=len(outputs), undated=undated)


def load_processed(out_dir: str | Path = DEFAULT_OUT, name: str = "paragraphs") -> pd.DataFrame:
    """Read one processed table (``documents``, ``paragraphs``, ``removed``, ...) written by :func:`build`."""
    path = Path(out_dir) / f"{name}.parquet"
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: run `iraqtext build` (or `make run`) first")
    return pd.read_parquet(path)
