"""Named entities with one canonical name per actor.

The actors of this domain (``data/actors.yaml``: canonical name, label, aliases, token patterns) are
matched by a spaCy ``entity_ruler`` placed before ``ner``, so the statistical model keeps finding
everything else but cannot mislabel a known actor (Trump as ORG, Soleimani as LOC). A second
component, ``iraqtext_canonical``, gives every entity its canonical name in ``span._.canonical``:

* ruler matches carry their actor's canonical name (``ISIS``, ``ISIL``, ``Daesh`` → ``Islamic State``);
* the all-caps group names ``IS`` and ``US`` are dropped inside all-caps text, where they are words;
* a capital acting as a state (*Baghdad said*, *Tehran's proxies*, *Washington and Tehran*) takes the
  state's name; a capital that is a place (*in Baghdad*) keeps the city's name;
* other entities are named by their text without a leading *the* or a trailing *'s*.

:func:`extract_entities` adds one more, document-level rule: a one-word person mention (*Allawi*)
takes the full name of a person mentioned in the same document (*Mohammed Allawi*).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import yaml

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc, Span

ACTORS_PATH = Path(__file__).parent / "data" / "actors.yaml"
ACTOR_LABELS: tuple[str, ...] = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT", "LAW")
ENTITY_COLUMNS: tuple[str, ...] = ("doc_id", "para_id", "start", "end", "text", "label", "canonical", "source")
RULER_NAME = "iraqtext_actors"
CANONICAL_NAME = "iraqtext_canonical"
_ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "dobj", "iobj", "appos"}
_PLACE_PREPS = {"in", "to", "into", "from", "near", "at", "around", "outside", "inside", "across", "through", "via",
                "toward", "towards", "between", "within"}
_ALL_CAPS_ACRONYMS = {"IS", "US"}


class ActorFileError(ValueError):
    """An actors file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Actor:
    """One actor: its canonical name, label, aliases, token patterns and, for a capital, its state."""

    canonical: str
    label: str
    aliases: tuple[str, ...]
    patterns: tuple[tuple[dict, ...], ...]
    metonym: str | None = None


def _parse_actor(entry: object, where: str) -> Actor:
    if not isinstance(entry, dict):
        raise ActorFileError(f"{where}: expected a mapping with canonical, label, aliases; got {type(entry).__name__}")
    unknown = set(entry) - {"canonical", "label", "aliases", "patterns", "metonym"}
    if unknown:
        raise ActorFileError(f"{where}: unknown key(s) {sorted(unknown)}")
    canonical = entry.get("canonical")
    if not isinstance(canonical, str) or not canonical.strip():
        raise ActorFileError(f"{where}: 'canonical' must be a non-empty string")
    where = f"{where} ({canonical!r})"
    label = entry.get("label")
    if label not in ACTOR_LABELS:
        raise ActorFileError(f"{where}: label {label!r} is not one of {', '.join(ACTOR_LABELS)}")
    aliases = entry.get("aliases", [])
    patterns = entry.get("patterns", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ActorFileError(f"{where}: 'aliases' must be a list of strings")
    if not isinstance(patterns, list) or not all(isinstance(p, list) and all(isinstance(t, dict) for t in p)
                                                  for p in patterns):
        raise ActorFileError(f"{where}: 'patterns' must be a list of spaCy token patterns (lists of mappings)")
    if not aliases and not patterns:
        raise ActorFileError(f"{where}: needs at least one alias or pattern")
    return Actor(canonical.strip(), label, tuple(a.strip() for a in aliases),
                 tuple(tuple(p) for p in patterns), entry.get("metonym"))


def _read_actor_file(path: Path) -> list[Actor]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ActorFileError(f"{path}: cannot be read as YAML ({err})") from None
    if not isinstance(data, list):
        raise ActorFileError(f"{path}: expected a list of actors at the top level")
    return [_parse_actor(entry, f"{path} entry {i}") for i, entry in enumerate(data, start=1)]


@lru_cache(maxsize=8)
def load_actors(path: str | Path | None = None) -> tuple[Actor, ...]:
    """The packaged actors, extended (or overridden, by canonical name) by the file at ``path``.

    Raises :class:`ActorFileError` naming the file and entry for anything malformed.
    """
    actors = {a.canonical: a for a in _read_actor_file(ACTORS_PATH)}
    if path is not None:
        actors.update({a.canonical: a for a in _read_actor_file(Path(path))})
    return tuple(actors.values())


def ruler_patterns(actors: Iterable[Actor]) -> list[dict]:
    """Entity-ruler patterns (phrase patterns for aliases, token patterns as given), ids = canonical names."""
    patterns: list[dict] = []
    for actor in actors:
        patterns.extend({"label": actor.label, "pattern": alias, "id": actor.canonical} for alias in actor.aliases)
        patterns.extend({"label": actor.label, "pattern": list(p), "id": actor.canonical} for p in actor.patterns)
    return patterns


def _normalize_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(the|The)\s+", "", text)
    return re.sub(r"[’']s$", "", text).strip()


def _in_all_caps_context(span: "Span") -> bool:
    words = [t.text for t in span.sent if t.is_alpha and len(t.text) > 1]
    return len(words) >= 3 and sum(w.isupper() for w in words) / len(words) > 0.5


def _acts_as_state(span: "Span") -> bool:
    """True when a capital city stands for its government (subject, possessor, coordinated with a state)."""
    root = span.root
    if root.dep_ in _ACTING_DEPS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS:
        return False
    if root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children):
        return any(t.ent_type_ == "GPE" and t.dep_ in _ACTING_DEPS for t in [root.head, *root.children])
    return root.dep_ == "pobj" and root.head.lower_ in {"with", "by", "for", "against", "on", "of"}


class CanonicalNamer:
    """spaCy component: set ``span._.canonical`` and ``span._.source`` on every entity (see module doc)."""

    def __init__(self, actors: tuple[Actor, ...]):
        self.metonyms = {a.canonical: a.metonym for a in actors if a.metonym}
        self.alias_to_actor = {alias.lower(): a for a in actors for alias in a.aliases}

    def __call__(self, doc: "Doc") -> "Doc":
        kept = []
        for ent in doc.ents:
            if ent.label_ not in ACTOR_LABELS:
                kept.append(ent)
                continue
            from_ruler = bool(ent.ent_id_)
            if not from_ruler and not re.search(r"[A-Za-z]{2}", ent.text.rstrip("-–")) or ent.text.endswith("-"):
                continue  # "pro-", "anti-": the model tagged an affix of a matched name
            if from_ruler and ent.text in _ALL_CAPS_ACRONYMS and _in_all_caps_context(ent):
                continue  # "WHAT IS NEXT": a word, not the group
            if from_ruler:
                canonical = ent.ent_id_
            else:
                actor = self.alias_to_actor.get(_normalize_name(ent.text).lower())
                canonical = actor.canonical if actor else _normalize_name(ent.text)
            if canonical in self.metonyms and _acts_as_state(ent):
                canonical = self.metonyms[canonical]
            ent._.canonical = canonical
            ent._.source = "pattern" if from_ruler else "model"
            kept.append(ent)
        doc.ents = kept
        return doc


def _register_spacy_components() -> None:
    from spacy.language import Language
    from spacy.tokens import Span

    for name in ("canonical", "source"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if CANONICAL_NAME not in Language.factories:
        Language.factory(CANONICAL_NAME, default_config={"patterns": None}, assigns=["span._.canonical"],
                         func=lambda nlp, name, patterns: CanonicalNamer(load_actors(patterns)))


_register_spacy_components()


def add_actor_components(nlp: "Language", patterns: str | Path | None = None) -> "Language":
    """Add the actor ruler (before ``ner``) and the canonical-name component (after it) to ``nlp``."""
    actors = load_actors(patterns)
    config = {"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
    before = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config=config, **before)
    ruler.add_patterns(ruler_patterns(actors))
    after = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    nlp.add_pipe(CANONICAL_NAME, config={"patterns": str(patterns) if patterns else None}, **after)
    return nlp


def doc_entities(doc: "Doc") -> list[tuple[int, int, str, str, str, str]]:
    """``(start, end, text, label, canonical, source)`` of the actor entities of a processed ``Doc``."""
    return [(e.start_char, e.end_char, e.text, e.label_, e._.canonical, e._.source)
            for e in doc.ents if e.label_ in ACTOR_LABELS and e._.canonical]


def resolve_surnames(entities: "pd.DataFrame") -> "pd.DataFrame":
    """Within each document, give a one-word person mention the full name it abbreviates.

    ``Allawi`` becomes ``Mohammed Allawi`` when that person is named in full in the same document
    (and no other full name there ends in ``Allawi``).
    """
    out = entities.copy()
    people = out["label"] == "PERSON"
    for doc_id, group in out[people].groupby("doc_id", sort=False):
        full = {name for name in group["canonical"] if " " in name}
        by_last: dict[str, set[str]] = {}
        for name in full:
            last = re.sub(r"^(al|el)-", "", name.split()[-1], flags=re.IGNORECASE).lower()
            by_last.setdefault(last, set()).add(name)
        for idx, name in group["canonical"].items():
            key = re.sub(r"^(al|el)-", "", name, flags=re.IGNORECASE).lower()
            if " " not in name and len(by_last.get(key, ())) == 1:
                out.at[idx, "canonical"] = next(iter(by_last[key]))
    return out


def extract_entities(paragraphs: "pd.DataFrame", nlp: "Language | None" = None, progress: bool = True,
                     batch_size: int = 32) -> "pd.DataFrame":
    """One row per actor mention in a paragraph table (``doc_id, para_id, text``).

    Columns: :data:`ENTITY_COLUMNS` (``start``/``end`` are offsets into the paragraph text,
    ``source`` is ``pattern`` or ``model``); sorted by document, paragraph and offset.
    """
    import pandas as pd
    from tqdm.auto import tqdm

    from .nlp import load_nlp

    nlp = nlp or load_nlp()
    records = list(zip(paragraphs["doc_id"], paragraphs["para_id"]))
    rows = []
    stream = nlp.pipe(zip(paragraphs["text"], records), as_tuples=True, batch_size=batch_size)
    for doc, (doc_id, para_id) in tqdm(stream, total=len(records), desc="entities", unit="para", disable=not progress):
        rows.extend((doc_id, para_id, *ent) for ent in doc_entities(doc))
    frame = pd.DataFrame(rows, columns=list(ENTITY_COLUMNS)).astype({"para_id": "int64", "start": "int64", "end": "int64"})
    frame = resolve_surnames(frame)
    return frame.sort_values(["doc_id", "para_id", "start"], kind="stable").reset_index(drop=True)


def mentions_per_thousand_words(entities: "pd.DataFrame", documents: "pd.DataFrame", by: str = "doc_id",
                                top: int | None = None) -> "pd.DataFrame":
    """Mentions of each actor per 1,000 words of cleaned text, per document (``by="doc_id"``) or year.

    ``documents`` needs ``doc_id``, ``year`` and ``n_words_clean``. Long form:
    ``<by>, canonical, label, mentions, words, per_1000``; sorted by ``<by>`` then rate (descending).
    """
    keyed = entities.merge(documents[["doc_id", "year"]], on="doc_id", how="left")
    words = documents.groupby(by)["n_words_clean"].sum().rename("words")
    counts = keyed.groupby([by, "canonical", "label"]).size().rename("mentions").reset_index()
    counts = counts.merge(words, left_on=by, right_index=True)
    counts["per_1000"] = (1000 * counts["mentions"] / counts["words"]).round(3)
    counts = counts.sort_values([by, "per_1000", "canonical"], ascending=[True, False, True], kind="stable")
    if top is not None:
        counts = counts.groupby(by, sort=False).head(top)
    return counts.reset_index(drop=True)


def cooccurrence(entities: "pd.DataFrame", labels: Iterable[str] = ("PERSON", "ORG", "GPE")) -> "pd.DataFrame":
    """Pairs of actors named in the same paragraph: ``actor_a, actor_b, paragraphs`` (a < b), most frequent first."""
    import itertools

    import pandas as pd

    chosen = entities[entities["label"].isin(list(labels))]
    pairs: dict[tuple[str, str], int] = {}
    for _, group in chosen.groupby(["doc_id", "para_id"], sort=True):
        for a, b in itertools.combinations(sorted(set(group["canonical"])), 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    frame = pd.DataFrame([(a, b, n) for (a, b), n in pairs.items()], columns=["actor_a", "actor_b", "paragraphs"])
    return frame.sort_values(["paragraphs", "actor_a", "actor_b"], ascending=[False, True, True], kind="stable").reset_index(drop=True)
