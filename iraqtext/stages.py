"""The per-document work of a build: clean once, parse once, read every stage from that one parse.

=========  ==================================  ===========================================================
stage      reads                               its key (a cached result is reused while this is unchanged)
=========  ==================================  ===========================================================
clean      the raw file or table row           raw bytes and title; the lines it shares with other
                                               documents of its publisher; corpus/clean code;
                                               boilerplate phrases; trafilatura, ftfy, wordfreq,
                                               language, Markdown, PDF and Word readers' versions
parse      the cleaned paragraphs              cleaned text; spaCy model name and version; the actor
                                               components (code, ``actors.yaml``, the user's patterns)
entities   the parse (``doc._.actor_mentions``) the parse key (recomputed only with a fresh parse)
troops     the parse                           the parse key; troops code and lexicon; publication date
frames     the parse (body paragraphs)         the parse key; frames code; the codebook
lemmas     the parse (body paragraphs)         the parse key; topics code
=========  ==================================  ===========================================================

Each paragraph is parsed once, by one ``nlp.pipe`` over all paragraphs of a batch of documents;
the stages read what they need from that ``Doc``. The parse is kept (a spaCy ``DocBin``) so that a
stage whose own inputs change (a new codebook) is recomputed from it without parsing again.

:func:`plan_document` runs where the output folder is (it reads the cache); :func:`run_tasks`
is a pure function of its tasks (no file access), so it runs in the build process, in worker
processes or on Dask workers alike; the build writes what comes back into the cache.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import DocumentCache, dumps

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

PACKAGE = Path(__file__).parent
DERIVED_STAGES: tuple[str, ...] = ("entities", "troops", "frames", "lemmas")
#: Stages that need a fresh parse: the actor mentions are set while parsing and not kept in the cache.
NEEDS_FRESH_PARSE = frozenset({"entities"})
#: What each stage's output depends on: iraqtext files and third-party packages (by version).
STAGE_INPUTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "clean": (("corpus.py", "clean.py", "boilerplate.py", "language.py", "pdf.py", "stages.py",
               "data/boilerplate.yaml"),
              ("trafilatura", "inscriptis", "ftfy", "wordfreq", "py3langid", "markdown-it-py", "pdfminer.six",
               "python-docx")),
    "parse": (("nlp.py", "entities.py", "syntax.py", "stages.py", "data/actors.yaml"), ("spacy",)),
    "entities": (("stages.py",), ()),
    "troops": (("troops.py", "troop_kind_model.py", "troop_level_model.py", "model_store.py", "syntax.py", "stages.py",
                "data/troop_lexicon.yaml", "data/troop_level_model.json",
                "data/troop_kind_model.json"), ("text2num", "scikit-learn")),
    "frames": (("frames.py", "stages.py", "data/frames.yaml"), ()),
    "lemmas": (("topics.py", "stages.py"), ()),
}
#: Token attributes kept in the cached parse: what the stages read (lexical attributes such as
#: ``like_num`` and ``is_stop`` come from the vocabulary). User data (the actor mentions) is not kept:
#: it would double the cost of storing a parse, and the entities stage only changes with the parse.
PARSE_ATTRS: tuple[str, ...] = ("ORTH", "TAG", "POS", "HEAD", "DEP", "LEMMA", "ENT_IOB", "ENT_TYPE", "SENT_START")


@dataclass(frozen=True)
class StageSettings:
    """What the per-document work needs besides the documents: the pipeline, the user's files, the
    keys of every stage's code and data (computed once per build by :func:`stage_settings`)."""

    model: str
    patterns: str | None
    codebook: str | None
    static_keys: tuple[tuple[str, str], ...]
    boilerplate: str | None = None

    def key(self, stage: str, *parts: object) -> str:
        """The key of ``stage`` for one document: its static key plus the document's own inputs."""
        return _digest(dict(self.static_keys)[stage], *parts)


@dataclass
class DocumentTask:
    """One document's work: its raw text (or its cached cleaning), and what is cached downstream."""

    doc_id: str
    published: str
    clean_key: str
    name: str = ""
    title: str = ""
    recurring: frozenset[str] = frozenset()
    raw: bytes | str | None = None
    cleaned: dict | None = None
    stages: dict[str, dict] = field(default_factory=dict)
    parse: bytes | None = None


@dataclass
class DocumentOutput:
    """Everything the stages produced for one document, each with its key, and what was recomputed."""

    doc_id: str
    clean_key: str
    cleaned: dict
    parse_key: str
    stages: dict[str, dict]
    parse: bytes | None = None
    recomputed: tuple[str, ...] = ()


def _digest(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _file_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b"<absent>"


def stage_settings(model: str, patterns: str | Path | None = None, codebook: str | Path | None = None,
                   boilerplate: str | Path | None = None) -> StageSettings:
    """Resolve the settings of a build: the static key of every stage (its code, data files, package
    versions, the model's name and version, and the user's actor and codebook files)."""
    keys = {}
    for stage, (files, packages) in STAGE_INPUTS.items():
        parts: list[object] = [stage]
        parts += [name.encode() + b"=" + _file_bytes(PACKAGE / name) for name in files]
        parts += [f"{p}=={_version(p)}" for p in packages]
        if stage == "parse":
            parts += [f"model {model}=={_version(model.replace('_', '-'))}",
                      _file_bytes(Path(patterns)) if patterns else "no user patterns"]
        if stage == "frames":
            parts.append(_file_bytes(Path(codebook)) if codebook else "packaged codebook")
        if stage == "clean":
            parts.append(_file_bytes(Path(boilerplate)) if boilerplate else "packaged boilerplate phrases")
        keys[stage] = _digest(*parts)
    return StageSettings(model=model, patterns=str(patterns) if patterns else None,
                         codebook=str(codebook) if codebook else None, static_keys=tuple(sorted(keys.items())),
                         boilerplate=str(boilerplate) if boilerplate else None)


def _derived_key(settings: StageSettings, stage: str, parse_key: str, published: str) -> str:
    return settings.key(stage, parse_key, published) if stage == "troops" else settings.key(stage, parse_key)


# --- planning (where the cache is) ---------------------------------------------------------------
def plan_document(doc_id: str, published: str, digest: str, settings: StageSettings,
                  cache: DocumentCache | None, title: str = "",
                  recurring: frozenset[str] = frozenset()) -> DocumentTask | DocumentOutput:
    """What one document needs: a :class:`DocumentOutput` when every stage is cached under its current
    key, else a :class:`DocumentTask` carrying what the cache still holds (the build adds the raw text
    when cleaning must run). The cleaning key covers the raw bytes, the title and the lines the
    document shares with others of its publisher."""
    clean_key = settings.key("clean", digest, title, "\n".join(sorted(recurring)))
    task = DocumentTask(doc_id=doc_id, published=published, clean_key=clean_key, title=title, recurring=recurring)
    cleaned = cache.read_clean(doc_id, clean_key) if cache is not None else None
    if cleaned is None:
        return task
    task.cleaned = cleaned
    parse_key = settings.key("parse", cleaned["text"])
    cached = cache.read_stages(doc_id)
    task.stages = {s: cached[s] for s in DERIVED_STAGES
                   if s in cached and cached[s].get("key") == _derived_key(settings, s, parse_key, published)}
    if len(task.stages) == len(DERIVED_STAGES):
        return DocumentOutput(doc_id, clean_key, cleaned, parse_key, task.stages)
    task.parse = cache.read_parse(doc_id, parse_key)
    return task


# --- the work (pure: no file access) --------------------------------------------------------------
def clean_document(raw: bytes | str, name: str, title: str = "", recurring: frozenset[str] = frozenset(),
                   boilerplate: str | None = None) -> dict:
    """Decode (HTML and Markdown reduced to their article) and clean one document; a JSON-able result."""
    from .clean import clean_text, words
    from .corpus import article_text, decode_bytes

    text, encoding = (raw.replace("\r\n", "\n").replace("\r", "\n"), "table") if isinstance(raw, str) \
        else decode_bytes(raw)
    text, markup = article_text(text, name)
    result = clean_text(text, recurring=recurring, boilerplate=boilerplate, title=title, extracted=bool(markup))
    return {
        "text": result.text,
        "encoding": encoding,
        "markup": markup,
        "n_words_raw": len(words(text)),
        "removed": [[r.reason, r.text, r.position] for r in result.removed],
        "repairs": [[r.kind, r.before, r.after, r.position] for r in result.repairs],
    }


def _frame_scorer(model: str, patterns: str | None, codebook: str | None):
    from .datafiles import file_digest

    return _frame_scorer_of(model, patterns, codebook, file_digest(patterns), file_digest(codebook))


@lru_cache(maxsize=4)
def _frame_scorer_of(model: str, patterns: str | None, codebook: str | None, *digests: str):
    """The frame scorer of a pipeline and codebook; the files' digests are part of the key: an edited
    codebook or actor file gives a new scorer in a running session."""
    from .frames import FrameScorer, load_codebook
    from .nlp import load_nlp

    return FrameScorer(load_nlp(model, patterns=patterns), load_codebook(codebook))


def _stage_rows(stage: str, docs: list["Doc"], paragraphs: list[tuple[int, str, bool]], published: str,
                settings: StageSettings) -> list[list]:
    """The rows one derived stage reads from a document's parsed paragraphs."""
    if stage == "entities":
        from .entities import doc_entities

        return [[para_id, *mention] for (para_id, _, _), doc in zip(paragraphs, docs) for mention in doc_entities(doc)]
    if stage == "troops":
        from .troops import figures_in_doc

        return [[para_id, f.surface, f.start, f.end, f.low, f.high, f.qualifier, f.kind, f.refers_to_year, f.force,
                 f.sentence]
                for (para_id, _, _), doc in zip(paragraphs, docs) for f in figures_in_doc(doc, published or None)]
    if stage == "frames":
        scorer = _frame_scorer(settings.model, settings.patterns, settings.codebook)
        return [[para_id, frame_id, score, "; ".join(terms)]
                for (para_id, _, heading), doc in zip(paragraphs, docs) if not heading
                for frame_id, (score, terms) in scorer(doc).items()]
    if stage == "lemmas":
        from .topics import doc_lemmas

        return [[para_id, doc_lemmas(doc)] for (para_id, _, heading), doc in zip(paragraphs, docs) if not heading]
    raise ValueError(f"unknown stage {stage!r}")


#: How many parsed paragraphs a process keeps to reuse (most recently used first). The parse of a
#: paragraph depends on its text alone, and real corpora print the same paragraph in several documents
#: (a wire story on many sites, one press release quoted whole, a sign-off the cleaner keeps): each is
#: parsed once per process. About 15 kB a paragraph once the tensor, which no stage reads, is dropped.
#: With 0 nothing is kept between batches (a batch still parses a repeated text once).
PARSE_MEMO_PARAGRAPHS = 2048


class _ParseMemo:
    """The parsed paragraphs of one pipeline, by text, least recently used dropped first."""

    def __init__(self) -> None:
        self.nlp: "Language | None" = None
        self.docs: "OrderedDict[str, Doc]" = OrderedDict()
        self.lock = threading.Lock()  # a Dask worker may run batches in several threads

    def for_pipeline(self, nlp: "Language") -> "OrderedDict[str, Doc]":
        if nlp is not self.nlp:  # another model or other patterns: nothing parsed before applies
            self.nlp, self.docs = nlp, OrderedDict()
        return self.docs


_MEMO = _ParseMemo()


def parse_paragraphs(nlp: "Language", texts: list[str]) -> list["Doc"]:
    """The parsed ``texts``, in order, each distinct text parsed once in one ``nlp.pipe``; a text this
    process parsed recently with the same pipeline is reused (:data:`PARSE_MEMO_PARAGRAPHS`). A text
    that occurs twice gets the same ``Doc``: the stages only read it."""
    with _MEMO.lock:
        memo = _MEMO.for_pipeline(nlp)
        docs = {text: memo[text] for text in texts if text in memo}
        for text in docs:
            memo.move_to_end(text)
    fresh = [text for text in dict.fromkeys(texts) if text not in docs]
    for text, doc in zip(fresh, nlp.pipe(fresh)):
        doc.tensor = None  # the token vectors no stage reads: kept, they would be most of a Doc's memory
        docs[text] = doc
    with _MEMO.lock:
        memo = _MEMO.for_pipeline(nlp)
        memo.update((text, docs[text]) for text in fresh)
        while len(memo) > PARSE_MEMO_PARAGRAPHS:
            memo.popitem(last=False)
    return [docs[text] for text in texts]


def run_tasks(tasks: list[DocumentTask], settings: StageSettings) -> list[DocumentOutput]:
    """Do the work of a batch of documents: clean what is not cleaned, parse in one ``nlp.pipe``
    what has no valid cached parse, and compute every stage not cached. No file is read or written."""
    from .clean import split_paragraphs

    nlp = None
    prepared = []
    for task in tasks:
        cleaned = task.cleaned if task.cleaned is not None else _plain(
            clean_document(task.raw, task.name, task.title, task.recurring, settings.boilerplate))
        parse_key = settings.key("parse", cleaned["text"])
        paragraphs = split_paragraphs(cleaned["text"])
        keys = {s: _derived_key(settings, s, parse_key, task.published) for s in DERIVED_STAGES}
        valid = {s: v for s, v in task.stages.items() if v.get("key") == keys[s]} if task.cleaned is not None else {}
        prepared.append((task, cleaned, parse_key, paragraphs, keys, valid))

    loaded: dict[int, list] = {}
    for i, (task, _, _, paragraphs, keys, valid) in enumerate(prepared):
        if len(valid) < len(keys) and task.parse is not None and not NEEDS_FRESH_PARSE - set(valid):
            from .nlp import load_nlp

            nlp = nlp or load_nlp(settings.model, patterns=settings.patterns)
            docs = _docs_from_bytes(task.parse, nlp)
            if docs is not None and len(docs) == len(paragraphs):
                loaded[i] = docs
    to_parse = [i for i, (_, _, _, paragraphs, keys, valid) in enumerate(prepared)
                if len(valid) < len(keys) and i not in loaded]
    if to_parse:
        from .nlp import load_nlp

        nlp = nlp or load_nlp(settings.model, patterns=settings.patterns)
        docs = iter(parse_paragraphs(nlp, [text for i in to_parse for _, text, _ in prepared[i][3]]))
        for i in to_parse:
            loaded[i] = [next(docs) for _ in prepared[i][3]]

    outputs = []
    for i, (task, cleaned, parse_key, paragraphs, keys, valid) in enumerate(prepared):
        missing = [s for s in DERIVED_STAGES if s not in valid]
        new_parse = _docbin_bytes(loaded[i]) if missing and i in to_parse else None
        for stage in missing:
            rows = _stage_rows(stage, loaded[i], paragraphs, task.published, settings)
            valid[stage] = {"key": keys[stage], "rows": _plain(rows)}
        recomputed = (() if task.cleaned is not None else ("clean",)) + (("parse",) if new_parse is not None else ()) \
            + tuple(missing)
        outputs.append(DocumentOutput(task.doc_id, task.clean_key, cleaned, parse_key, {s: valid[s] for s in DERIVED_STAGES},
                                      new_parse, recomputed))
    return outputs


def _plain(data: object) -> object:
    """``data`` as it reads back from the cache (tuples become lists), so fresh and cached results
    build byte-identical tables."""
    return json.loads(dumps(data))


#: The columns of :data:`PARSE_ATTRS` whose values are hashes of strings a reader's vocabulary needs.
_STRING_ATTRS: tuple[str, ...] = ("ORTH", "TAG", "DEP", "LEMMA", "ENT_TYPE")


def _docbin_bytes(docs: list["Doc"]) -> bytes:
    """The parsed paragraphs as the bytes of a spaCy ``DocBin`` with :data:`PARSE_ATTRS`.

    ``DocBin.add`` visits every token in Python to collect the strings it stores (a third of the cost
    of storing a parse); here they come from the hashes of whole columns, one lookup per distinct
    string. The arrays, spaces and flags are the ones ``add`` stores, so ``DocBin.from_bytes`` reads
    the result as usual (a test compares the documents read back)."""
    import numpy as np
    from spacy.attrs import IDS, SPACY
    from spacy.tokens import DocBin

    store = DocBin(attrs=list(PARSE_ATTRS), store_user_data=False)
    columns = [store.attrs.index(IDS[name]) for name in _STRING_ATTRS]
    hashes: set[int] = set()
    for doc in docs:
        array = doc.to_array(store.attrs)
        store.tokens.append(array)
        store.spaces.append(np.asarray(doc.to_array(SPACY).reshape((-1, 1)), dtype=bool))
        store.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
        store.cats.append(doc.cats)
        store.span_groups.append(doc.spans.to_bytes())
        hashes.update(np.unique(array[:, columns]).tolist())
        store.strings.update(span.label_ for group in doc.spans.values() for span in group)
    strings = docs[0].vocab.strings if docs else None
    store.strings.update(strings[h] for h in hashes)
    return store.to_bytes()


def _docs_from_bytes(data: bytes, nlp: "Language") -> list["Doc"] | None:
    """The parsed paragraphs stored in a DocBin, or ``None`` if the bytes are damaged (then it is parsed again)."""
    from spacy.tokens import DocBin

    try:
        return list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    except Exception:  # noqa: BLE001 - any damage (truncation, foreign bytes) means: parse again
        return None


def output_json(output: DocumentOutput) -> str:
    """A document's stage outputs as deterministic JSON (what the tables are built from)."""
    return dumps({"cleaned": output.cleaned, "stages": output.stages})
