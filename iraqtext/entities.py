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

from .clean import ARABIC_ARTICLES
from .datafiles import read_once_per_content, read_yaml
from .syntax import first_conjunct, governing_verb

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

ACTORS_PATH = Path(__file__).parent / "data" / "actors.yaml"
ACTOR_LABELS: tuple[str, ...] = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT", "LAW")
ENTITY_COLUMNS: tuple[str, ...] = ("doc_id", "para_id", "start", "end", "text", "label", "canonical", "source")
RULER_NAME = "iraqtext_actors"
GROUP_RULER_NAME = "iraqtext_groups"
CANONICAL_NAME = "iraqtext_canonical"
_ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "dobj", "iobj", "appos"}
_PLACE_PREPS = {"in", "to", "into", "from", "near", "at", "around", "outside", "inside", "across", "through", "via",
                "toward", "towards", "between", "within"}
_ALL_CAPS_ACRONYMS = {"IS", "US"}
_FACILITY_RE = re.compile(r"\b(Air Base|Airbase|Air Field|Airfield|Base|Camp|Barracks|Airport|Embassy|Palace)\b")
_PLACE_VERBS = {"visit", "reach", "enter", "leave", "capture", "seize", "retake", "liberate", "recapture", "bomb",
                "shell", "travel", "arrive", "fly", "return", "tour", "move", "march", "storm", "besiege", "occupy",
                "surround", "evacuate", "flee", "relocate", "land", "drive"}


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
    group: str | None = None


def _parse_actor(entry: object, where: str) -> Actor:
    if not isinstance(entry, dict):
        raise ActorFileError(f"{where}: expected a mapping with canonical, label, aliases; got {type(entry).__name__}")
    unknown = set(entry) - {"canonical", "label", "aliases", "patterns", "metonym", "group"}
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
                 tuple(tuple(p) for p in patterns), entry.get("metonym"), entry.get("group"))


def _read_actor_file(path: Path) -> list[Actor]:
    data = read_yaml(path, ActorFileError, list, "a list of actors")
    return [_parse_actor(entry, f"{path} entry {i}") for i, entry in enumerate(data, start=1)]


@read_once_per_content(maxsize=8)
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


@lru_cache(maxsize=2 ** 14)
def transliteration_key(name: str) -> str | None:
    """A key under which the romanisations of one Arabic name agree: lower case, apostrophes and
    hamza/ayn marks gone, hyphens as spaces, the article *al-* dropped, each word reduced to its first
    letter and its consonants, doubled letters single (*Hashd al-Shaabi*, *Hashed al-Shaabi* and *Hashad
    al-Sha'abi* give ``hshd shb``; *Asaʾib Ahl al Haq* and *Asa'ib Ahl al-Haq* give ``asb ahl hq``). ``None``
    for a name of fewer than two words once the article is gone: one word keyed so loosely matches too much.

    >>> transliteration_key("Kata'eb Hizballah") == transliteration_key("Kataib Hezbollah")
    True
    """
    text = re.sub(r"[’'ʾʿ‘`]", "", name.lower())
    tokens = [t for t in re.split(r"[\s\-–]+", text) if t and t not in ARABIC_ARTICLES]
    if len(tokens) < 2 or not all(t.isalpha() for t in tokens):
        return None
    return " ".join(re.sub(r"(.)\1+", r"\1", t[0] + re.sub(r"[aeiouy]", "", t[1:])) for t in tokens)


def _in_all_caps_context(span: "Span") -> bool:
    words = [t.text for t in span.sent if t.is_alpha and len(t.text) > 1]
    return len(words) >= 3 and sum(w.isupper() for w in words) / len(words) > 0.5


def _is_common_word(span: "Span") -> bool:
    """A one-token model entity that is a common English word where capitals mislead (sentence start, headings)."""
    if len(span) != 1:
        return False
    token = span[0]
    from .clean import _zipf  # the same word-frequency table the cleaner uses

    return _zipf(token.lower_) >= 3.5 and (token.is_sent_start or token.pos_ in ("VERB", "AUX", "ADV", "ADJ"))


_OFFICE_HOLDERS = frozenset({"secretary", "minister", "secretaries", "ministers", "undersecretary", "chief", "chiefs"})
#: Words naming a ministry's field, which the model tags ORG before an office holder (*Defense Secretary*).
_MINISTRY_FIELDS = frozenset({"defense", "defence", "interior", "foreign", "state", "treasury", "justice", "oil",
                              "finance", "energy", "homeland"})


def _is_title_word(span: "Span") -> bool:
    """``State`` in *Secretary of State*, ``Defense`` in *Secretary of Defense* or *Defense Secretary*: part of
    an office title, not an organisation (*the Defense Ministry* stays one)."""
    doc = span.doc
    if len(span) != 1:
        return False
    if span.start >= 2 and doc[span.start - 1].lower_ == "of":
        return doc[span.start - 2].lower_ in {"secretary", "department", "minister", "ministry", "office", "director"}
    return span.end < len(doc) and doc[span.end].lower_ in _OFFICE_HOLDERS and span[0].lower_ in _MINISTRY_FIELDS


def demonym_plural(text: str) -> str:
    """Canonical form of a nationality or group adjective: ``Iraqi`` → ``Iraqis``, ``German`` → ``Germans``.

    >>> demonym_plural("German"), demonym_plural("Chinese"), demonym_plural("Kurds")
    ('Germans', 'Chinese', 'Kurds')
    """
    if re.search(r"(an|i)$", text) and " " not in text:
        return text + "s"
    return text


def _acts_as_state(span: "Span", states: frozenset[str]) -> bool:
    """True when a capital city stands for its government.

    It acts when it is a subject, possessor or object of a political verb (*Baghdad said*, *Tehran's
    proxies*, *pressured Baghdad*), or is coordinated with another state or capital (*Washington and
    Tehran*); it is a place after a locative preposition (*in Baghdad*) or as the object of a verb of
    movement (*visit Baghdad*).
    """
    if span.start == 0 and span.text.isupper():
        return False  # a dateline: "BAGHDAD (Reuters) —"
    first = first_conjunct(span.root)
    if first.dep_ == "pobj" and first.head.lower_ in _PLACE_PREPS:
        return False
    if first.dep_ in ("dobj", "pobj") and governing_verb(first).lemma_.lower() in _PLACE_VERBS:
        return False
    conjuncts = [t for t in first.conjuncts] + [first]
    if len(conjuncts) > 1 and any(t.i != span.root.i and t.text in states for t in conjuncts):
        return True
    if first.dep_ in _ACTING_DEPS or (first.dep_ == "compound" and first.head.dep_ in _ACTING_DEPS and
                                      first.head.pos_ == "PROPN"):
        return True
    return first.dep_ == "pobj" and first.head.lower_ in {"with", "by", "for", "against", "on", "of"}


class CanonicalNamer:
    """spaCy component: set ``span._.canonical`` and ``span._.source`` on every entity (see module doc)."""

    def __init__(self, actors: tuple[Actor, ...]):
        self.metonyms = {a.canonical: a.metonym for a in actors if a.metonym}
        self.alias_to_actor = {alias.lower(): a for a in actors for alias in a.aliases}
        # Other romanisations of the organisations, places and camps (not people: *Hassan* and *Hussein*
        # share a key), where the key names one actor only.
        keyed: dict[str, dict[str, Actor]] = {}
        for actor in actors:
            for alias in actor.aliases if actor.label != "PERSON" else ():
                key = transliteration_key(alias)
                if key:
                    keyed.setdefault(key, {})[actor.canonical] = actor
        self.key_to_actor = {key: next(iter(found.values())) for key, found in keyed.items() if len(found) == 1}
        for actor in actors:  # single-token patterns (U.S., IS) name their actor too
            for pattern in actor.patterns:
                text = pattern[0].get("TEXT") if len(pattern) == 1 else None
                forms = text.get("IN", []) if isinstance(text, dict) else [text] if isinstance(text, str) else []
                self.alias_to_actor.update({f.lower(): actor for f in forms})
        # Surface forms of states and their capitals, for "Washington and Tehran".
        self.state_forms = frozenset(alias for a in actors if a.label == "GPE" and (a.metonym or a.canonical in
                                     {m for m in self.metonyms.values()}) for alias in a.aliases)

    def __call__(self, doc: "Doc") -> "Doc":
        from spacy.tokens import Span

        kept, mentions = [], []
        found = doc.ents
        for ent in found:
            if ent.label_ not in ACTOR_LABELS:
                kept.append(ent)
                continue
            text = ent.text  # a span joins its tokens' texts on every access: read it once per entity
            from_ruler = bool(ent.ent_id_)
            if not from_ruler and not re.search(r"[A-Za-z]{2}", text.rstrip("-–")) or text.endswith("-"):
                continue  # "pro-", "anti-": the model tagged an affix of a matched name
            if from_ruler and text in _ALL_CAPS_ACRONYMS and _in_all_caps_context(ent):
                continue  # "WHAT IS NEXT": a word, not the group
            known = _normalize_name(text).lower() in self.alias_to_actor
            if not from_ruler and not known and (ent.label_ != "NORP" and _is_common_word(ent) or _is_title_word(ent)
                                                 or not re.search(r"[A-Z]", text)):
                continue  # "Anger was palpable", "Secretary of State", "state": words, not names
            prefix = re.match(r"(anti|pro|non|post|pre)[-–]", text, flags=re.IGNORECASE)
            if not from_ruler and prefix:  # "anti-American": the group is American
                ent = doc.char_span(ent.start_char + prefix.end(), ent.end_char, label=ent.label_,
                                    alignment_mode="expand") or ent
                text = ent.text
            if not from_ruler and ent[0].lower_ == "the" and len(ent) > 1:
                ent = Span(doc, ent.start + 1, ent.end, label=ent.label_)  # "the Coalition Provisional Authority"
                text = ent.text
            if not from_ruler and _FACILITY_RE.search(text) and ent.label_ != "FAC":
                ent = Span(doc, ent.start, ent.end, label="FAC")  # "Qayarrah Air Base" is no person
            if from_ruler:
                canonical = ent.ent_id_
            else:
                name = _normalize_name(text)
                actor = self.alias_to_actor.get(name.lower()) or self.key_to_actor.get(transliteration_key(name) or "")
                canonical = actor.canonical if actor else name
                if actor and actor.label != ent.label_:
                    ent = Span(doc, ent.start, ent.end, label=actor.label)  # "Hashed al-Shaabi" is no person
                if not actor and ent.label_ == "NORP":
                    canonical = demonym_plural(canonical)
            if canonical in self.metonyms and _acts_as_state(ent, self.state_forms):
                canonical = self.metonyms[canonical]
            source = "pattern" if from_ruler else "model"
            ent._.canonical = canonical
            ent._.source = source
            kept.append(ent)
            if canonical:
                mentions.extend(self._mentions(ent.start_char, text, ent.label_, canonical, source))
        if [(e.start, e.end, e.label) for e in kept] != [(e.start, e.end, e.label) for e in found]:
            doc.ents = kept  # setting them is costly: only when an entity was dropped, trimmed or relabelled
        hyphenated = _hyphenated_tokens(doc)
        if hyphenated:
            covered = {i for ent in kept for i in range(ent.start, ent.end)}
            mentions += [m for i in hyphenated if i not in covered for m in self._compound_mentions(doc[i])]
        doc._.actor_mentions = sorted(mentions)
        return doc

    def _compound_mentions(self, token: "Token") -> list[tuple[int, int, str, str, str, str]]:
        """Names joined by hyphens in one token (``U.S.-Iraqi``, ``U.S.-`` in *U.S.- trained*)."""
        if "-" not in token.text and "–" not in token.text:
            return []
        parts = [m for m in re.finditer(r"[^-–]+", token.text)]
        actors = [self.alias_to_actor.get(m.group(0).lower()) for m in parts]
        if not parts or not all(actors) or (len(parts) == 1 and not token.text.endswith(("-", "–"))):
            return []
        return [(token.idx + m.start(), token.idx + m.end(), m.group(0), a.label, a.canonical, "pattern")
                for m, a in zip(parts, actors)]

    def _mentions(self, start_char: int, text: str, label: str, canonical: str,
                  source: str) -> list[tuple[int, int, str, str, str, str]]:
        """The mention(s) of one entity (its first character, text, label, canonical name and source); a
        model's hyphenated pair of known names (U.S.-Iraqi) gives two."""
        if source == "model":
            parts = self._known_parts(text)
            if parts:
                return [(start_char + start, start_char + end, part, a.label, a.canonical, "pattern")
                        for start, end, part, a in parts]
        text = text.rstrip("-–")  # "U.S.- trained"
        return [(start_char, start_char + len(text), text, label, canonical, source)]

    @lru_cache(maxsize=2 ** 14)  # one namer per pipeline; names recur across a corpus
    def _known_parts(self, text: str) -> tuple[tuple[int, int, str, Actor], ...]:
        """The parts of ``text`` between dashes, with their actors, when there are two or more and each
        is a known name; else nothing."""
        parts = list(re.finditer(r"[^-–—\s]+(?:\s+[^-–—\s]+)*", text))
        actors = [self.alias_to_actor.get(m.group(0).lower()) for m in parts]
        if len(parts) > 1 and all(actors):
            return tuple((m.start(), m.end(), m.group(0), a) for m, a in zip(parts, actors))
        return ()


def _hyphenated_tokens(doc: "Doc") -> list[int]:
    """Indices of the tokens holding a hyphen or dash, found from the tokens' string hashes (visiting
    every token, or joining the text, is slow)."""
    import numpy as np
    from spacy.attrs import ORTH

    orths = doc.to_array(ORTH)
    strings = doc.vocab.strings
    marked = [orth for orth in np.unique(orths).tolist() if "-" in strings[orth] or "–" in strings[orth]]
    if not marked:
        return []
    return np.flatnonzero(np.isin(orths, np.asarray(marked, dtype=orths.dtype))).tolist()


def _register_spacy_components() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    for name in ("canonical", "source"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("actor_mentions"):
        Doc.set_extension("actor_mentions", default=None)
    if CANONICAL_NAME not in Language.factories:
        Language.factory(CANONICAL_NAME, default_config={"patterns": None}, assigns=["span._.canonical"],
                         func=lambda nlp, name, patterns: CanonicalNamer(load_actors(patterns)))


_register_spacy_components()


def add_actor_components(nlp: "Language", patterns: str | Path | None = None) -> "Language":
    """Add the actor rulers and the canonical-name component to ``nlp``.

    Named actors (people, organisations, places) are matched *before* ``ner``, so the model cannot
    mislabel them; group adjectives (NORP: Iraqi, Shia) only *after* it and without overwriting, so
    a longer name the model finds (*Iraqi National Intelligence Service*) is not cut in two.
    """
    actors = load_actors(patterns)
    has_ner = "ner" in nlp.pipe_names
    names = [a for a in actors if a.label != "NORP"]
    groups = [a for a in actors if a.label == "NORP"]
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
                         **({"before": "ner"} if has_ner else {}))
    ruler.add_patterns(ruler_patterns(names))
    group_ruler = nlp.add_pipe("entity_ruler", name=GROUP_RULER_NAME,
                               config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False},
                               **({"after": "ner"} if has_ner else {}))
    group_ruler.add_patterns(ruler_patterns(groups))
    nlp.add_pipe(CANONICAL_NAME, config={"patterns": str(patterns) if patterns else None}, after=GROUP_RULER_NAME)
    return nlp


def doc_entities(doc: "Doc") -> list[tuple[int, int, str, str, str, str]]:
    """``(start, end, text, label, canonical, source)`` of the actor mentions of a processed ``Doc``."""
    if doc._.actor_mentions is None:
        raise ValueError(f"the pipeline has no {CANONICAL_NAME!r} component: use iraqtext.load_nlp() "
                         "or iraqtext.entities.add_actor_components(nlp)")
    return list(doc._.actor_mentions)


_ACRONYM_DEFINITION_RE = re.compile(r"^\s*(?:\(|,\s*or\s+)([A-Z][A-Z0-9]{1,7}s?)\b")


def resolve_acronyms(entities: "pd.DataFrame", paragraphs: "pd.DataFrame") -> "pd.DataFrame":
    """Within each document, map an acronym the text defines (*Central Intelligence Agency, or CIA*,
    *Popular Mobilization Units (PMU)*) to the canonical name and label of the entity it abbreviates."""
    out = entities.copy()
    texts = {(d, p): t for d, p, t in zip(paragraphs["doc_id"], paragraphs["para_id"], paragraphs["text"])}
    defined: dict[tuple[str, str], tuple[str, str]] = {}
    for doc_id, para_id, end, text, canonical, label in zip(out["doc_id"], out["para_id"], out["end"], out["text"],
                                                            out["canonical"], out["label"]):
        following = texts[(doc_id, para_id)][end:end + 16]
        match = _ACRONYM_DEFINITION_RE.match(following)
        if match and match.group(1) != text and len(text) > len(match.group(1)) \
                and not re.match(r"\)?\s*[—–-]", following[match.end():]):  # "BAGHDAD (AP) —": a dateline
            defined.setdefault((doc_id, match.group(1)), (canonical, label))
    if defined:
        resolved = [defined.get((doc_id, text), (canonical, label)) if text == canonical else (canonical, label)
                    for doc_id, text, canonical, label in zip(out["doc_id"], out["text"], out["canonical"], out["label"])]
        out["canonical"] = [canonical for canonical, _ in resolved]
        out["label"] = [label for _, label in resolved]  # "KRI" is the region the text named, not an organisation
    return out


def resolve_surnames(entities: "pd.DataFrame") -> "pd.DataFrame":
    """Within each document, give a one-word person mention the full name it abbreviates.

    ``Allawi`` becomes ``Mohammed Allawi`` (and ``Muqtada`` becomes ``Muqtada al-Sadr``) when that
    person is named in full in the same document and no other full name there shares the word; a surname the
    model tagged as an organisation (*Tillerson*) becomes the person too.
    """
    out = entities.copy()
    people = out[out["label"] == "PERSON"]
    by_word: dict[tuple[str, str], set[str]] = {}
    for doc_id, name in set(zip(people["doc_id"], people["canonical"])):
        if " " in name:
            parts = name.split()
            for word in {parts[0], parts[-1]}:
                by_word.setdefault((doc_id, _name_key(word)), set()).add(name)
    canonical, labels = out["canonical"].tolist(), out["label"].tolist()
    # a one-word mention the model tagged as a person, or as an organisation where the word is the surname of a
    # person the document names in full (*Tillerson*, *Stoltenberg* tagged ORG)
    candidates = out[out["label"].isin(["PERSON", "ORG"]) & (out["source"] == "model")]
    for idx, doc_id, text, name, label in zip(candidates.index, candidates["doc_id"], candidates["text"],
                                              candidates["canonical"], candidates["label"]):
        full = by_word.get((doc_id, _name_key(re.sub(r"[’']s$", "", text))), ())
        # (a capitalised word, not an acronym: *McGurk* and *DeSantis* as well as *Tillerson*)
        if " " not in name and len(full) == 1 and (label == "PERSON" or name[:1].isupper() and not name.isupper() and
                                                   name.split("-")[-1] == next(iter(full)).split()[-1].split("-")[-1]):
            canonical[out.index.get_loc(idx)] = next(iter(full))
            labels[out.index.get_loc(idx)] = "PERSON"
    out["canonical"], out["label"] = canonical, labels
    return out


_MIDDLE_INITIALS_RE = re.compile(r"(?<=\S) (?:[A-Z]\. ?)+(?=\S)")


def resolve_middle_initials(entities: "pd.DataFrame") -> "pd.DataFrame":
    """Across the corpus, a person named with and without middle initials is one person: *Rex W.
    Tillerson* becomes *Rex Tillerson* when the corpus also names *Rex Tillerson*. Only when one
    initialled form exists beside the bare name: *George W. Bush* and *George H. W. Bush* beside
    *George Bush* are left as they are (which Bush is meant cannot be told from the name).
    """
    out = entities.copy()
    people = sorted(set(out.loc[out["label"] == "PERSON", "canonical"]))
    forms: dict[str, list[str]] = {}
    for name in people:
        forms.setdefault(_MIDDLE_INITIALS_RE.sub(" ", name), []).append(name)
    merged = {name: bare for bare, names in forms.items() if bare in names and len(names) == 2
              for name in names if name != bare}
    person = out["label"] == "PERSON"
    out.loc[person, "canonical"] = out.loc[person, "canonical"].map(lambda name: merged.get(name, name))
    return out


def _name_key(word: str) -> str:
    return re.sub(r"^(al|el)-", "", word, flags=re.IGNORECASE).lower()


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
    return entity_table(rows, paragraphs)


def entity_table(rows: list[list], paragraphs: "pd.DataFrame") -> "pd.DataFrame":
    """The entities table from mention rows in :data:`ENTITY_COLUMNS` order: surnames and defined
    acronyms resolved within each document (:func:`resolve_surnames`, :func:`resolve_acronyms`), a
    person's name with and without middle initials across the corpus (:func:`resolve_middle_initials`),
    sorted by document, paragraph and offset."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(ENTITY_COLUMNS)).astype({"para_id": "int64", "start": "int64", "end": "int64"})
    frame = resolve_acronyms(resolve_middle_initials(resolve_surnames(frame)), paragraphs)
    return frame.sort_values(["doc_id", "para_id", "start"], kind="stable").reset_index(drop=True)


def _rates(mentions: "pd.DataFrame", documents: "pd.DataFrame", by: str, keys: list[str]) -> "pd.DataFrame":
    """Mentions per ``by`` (document or year) and ``keys``, with the words of cleaned text and the rate per 1,000."""
    keyed = mentions.merge(documents[["doc_id", "year"]], on="doc_id", how="left")
    words = documents.groupby(by)["n_words_clean"].sum().rename("words")
    counts = keyed.groupby([by, *keys]).size().rename("mentions").reset_index()
    counts = counts.merge(words.reset_index(), on=by)  # (right_index=True leaves an empty table ambiguous)
    counts["per_1000"] = (1000 * counts["mentions"] / counts["words"]).round(3)
    return counts


def mentions_per_thousand_words(entities: "pd.DataFrame", documents: "pd.DataFrame", by: str = "doc_id",
                                top: int | None = None) -> "pd.DataFrame":
    """Mentions of each actor per 1,000 words of cleaned text, per document (``by="doc_id"``) or year.

    ``documents`` needs ``doc_id``, ``year`` and ``n_words_clean``. Long form:
    ``<by>, canonical, label, mentions, words, per_1000``; sorted by ``<by>`` then rate (descending).
    """
    counts = _rates(entities, documents, by, ["canonical", "label"])
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


def actor_groups(patterns: str | Path | None = None) -> dict[str, str]:
    """``{canonical name: group}`` for the actors whose file entry names a ``group``."""
    return {a.canonical: a.group for a in load_actors(patterns) if a.group}


def group_shares(entities: "pd.DataFrame", documents: "pd.DataFrame", by: str = "year",
                 patterns: str | Path | None = None) -> "pd.DataFrame":
    """Mentions per 1,000 words of each actor group (``group`` in the actors file), per year or document.

    Long form: ``<by>, group, mentions, words, per_1000, share`` where ``share`` is the group's part
    of all grouped mentions in that year or document.
    """
    groups = actor_groups(patterns)
    grouped = entities.assign(group=entities["canonical"].map(groups)).dropna(subset=["group"])
    counts = _rates(grouped, documents, by, ["group"])
    counts["share"] = (counts["mentions"] / counts.groupby(by)["mentions"].transform("sum")).round(4)
    return counts.sort_values([by, "group"], kind="stable").reset_index(drop=True)
