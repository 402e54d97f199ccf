"""Policy framings per paragraph, from a codebook of weighted indicators (``data/frames.yaml``).

A frame's score in a paragraph is the weighted count of its indicators — lemmas and phrases,
syntactic links (*withdraw* governing *troops*), and Matcher patterns — per 100 words. Two general
emphasis rules from framing research weight where a cue appears: cues in a paragraph's first
sentence (its topic sentence) count 1.5 times, cues in a sentence that prescribes (*should*,
*must*, *need to*) 1.25 times. Every matched indicator is kept in ``matched_terms`` so a reader
sees why a paragraph scored as it did. The primary frame is the highest-scoring one.

**Stance.** A frame may name its ``opposite`` and the ``against`` markers of an argument against it
(*a mistake*, *would hand*, *premature*). One of its cues then counts for the opposite frame when it
is argued against: its sentence holds one of the markers, its verb is negated (*should not
withdraw*), or it follows *rather than* / *instead of*. So *a hasty exit would hand the country to
Tehran* counts for continued presence, not withdrawal; ``matched_terms`` shows such a cue as
``¬exit``.

Known limits: stance is read within a sentence; irony, quotation and reported positions (*critics
say withdrawal would be a mistake*) are not told apart from the author's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .datafiles import read_once_per_content, read_yaml

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc, Token

CODEBOOK_PATH = Path(__file__).parent / "data" / "frames.yaml"
SCORE_COLUMNS: tuple[str, ...] = ("doc_id", "para_id", "frame", "score", "codebook_score", "matched_terms")
TOPIC_SENTENCE_WEIGHT = 1.5
PRESCRIPTION_WEIGHT = 1.25
_PRESCRIPTIVE = {"should", "must", "ought", "need", "needs"}


class CodebookError(ValueError):
    """A codebook that cannot be used; the message names the file and the frame."""


@dataclass(frozen=True)
class Frame:
    """One frame of the codebook."""

    id: str
    label: str
    pfc: str
    definition: str
    terms: tuple[tuple[str, float], ...]
    links: tuple[tuple[frozenset[str], frozenset[str], float], ...]
    patterns: tuple[tuple[tuple[dict, ...], float], ...]
    opposite: str | None = None
    against: tuple[str, ...] = ()


def _parse_frame(entry: object, where: str) -> Frame:
    if not isinstance(entry, dict):
        raise CodebookError(f"{where}: expected a mapping with id, label, definition, terms")
    frame_id = entry.get("id")
    if not isinstance(frame_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", frame_id or ""):
        raise CodebookError(f"{where}: 'id' must be a lower-case identifier, got {frame_id!r}")
    where = f"{where} (frame {frame_id!r})"
    unknown = set(entry) - {"id", "label", "pfc", "definition", "terms", "links", "patterns", "opposite", "against"}
    if unknown:
        raise CodebookError(f"{where}: unknown key(s) {sorted(unknown)}")
    for key in ("label", "definition"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise CodebookError(f"{where}: '{key}' must be a non-empty string")
    terms = entry.get("terms") or {}
    if not isinstance(terms, dict) or not terms:
        raise CodebookError(f"{where}: 'terms' must be a non-empty mapping of term -> weight")
    for term, weight in terms.items():
        if not isinstance(weight, (int, float)) or weight <= 0:
            raise CodebookError(f"{where}: weight of term {term!r} must be a positive number, got {weight!r}")
    links = []
    for link in entry.get("links") or []:
        if not isinstance(link, dict) or not {"head", "child"} <= set(link):
            raise CodebookError(f"{where}: each link needs 'head' and 'child' lemma lists")
        links.append((frozenset(str(x).lower() for x in link["head"]), frozenset(str(x).lower() for x in link["child"]),
                      float(link.get("weight", 1))))
    patterns = []
    for item in entry.get("patterns") or []:
        if not isinstance(item, dict) or not isinstance(item.get("pattern"), list):
            raise CodebookError(f"{where}: each pattern needs a 'pattern' (a spaCy token pattern) and a 'weight'")
        patterns.append((tuple(item["pattern"]), float(item.get("weight", 1))))
    against = entry.get("against") or []
    if not isinstance(against, list) or not all(isinstance(a, str) and a.strip() for a in against):
        raise CodebookError(f"{where}: 'against' must be a list of words or phrases")
    opposite = entry.get("opposite")
    if opposite is not None and not isinstance(opposite, str):
        raise CodebookError(f"{where}: 'opposite' must be the id of another frame")
    return Frame(frame_id, entry["label"].strip(), str(entry.get("pfc", "")).strip(), entry["definition"].strip(),
                 tuple((str(t).lower(), float(w)) for t, w in terms.items()), tuple(links), tuple(patterns),
                 opposite, tuple(a.strip().lower() for a in against))


@read_once_per_content(maxsize=8)
def load_codebook(path: str | Path | None = None) -> tuple[Frame, ...]:
    """Read and validate a codebook (default: the packaged ``data/frames.yaml``).

    Raises :class:`CodebookError` naming the file and frame for anything malformed.
    """
    path = Path(path) if path is not None else CODEBOOK_PATH
    data = read_yaml(path, CodebookError, list, "a non-empty list of frames")
    if not data:
        raise CodebookError(f"{path}: expected a non-empty list of frames")
    frames = tuple(_parse_frame(entry, f"{path} entry {i}") for i, entry in enumerate(data, start=1))
    ids = [f.id for f in frames]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CodebookError(f"{path}: duplicate frame id(s) {duplicates}")
    for frame in frames:
        if frame.opposite is not None and frame.opposite not in ids:
            raise CodebookError(f"{path}: frame {frame.id!r} names opposite {frame.opposite!r}, which is not a frame")
    return frames


class FrameScorer:
    """Scores parsed paragraphs against a codebook (build once per pipeline, call per ``Doc``)."""

    def __init__(self, nlp: "Language", codebook: tuple[Frame, ...]):
        from spacy.matcher import Matcher

        self.codebook = codebook
        # Phrases are tokenized like the text, then matched on lemma or lower-case form, token by token.
        self.phrases: dict[str, list[tuple[tuple[str, ...], str, str, float]]] = {}
        for frame in codebook:
            for term, weight in frame.terms:
                words = tuple(t.lower_ for t in nlp.make_doc(term))
                self.phrases.setdefault(words[0], []).append((words, term, frame.id, weight))
        self.opposite = {f.id: f.opposite for f in codebook if f.opposite}
        self.against = {f.id: [tuple(t.lower_ for t in nlp.make_doc(a)) for a in f.against] for f in codebook
                        if f.opposite}
        # Against markers indexed by their first word: a paragraph is walked once, not once per marker.
        self.against_by_first: dict[str, set[tuple[str, ...]]] = {}
        for markers in self.against.values():
            for marker in markers:
                self.against_by_first.setdefault(marker[0], set()).add(marker)
        # Links indexed by the head's form, so a paragraph is walked once, not once per link.
        self.links = [(frame.id, head_set, child_set, weight) for frame in codebook
                      for head_set, child_set, weight in frame.links]
        self.links_by_head: dict[str, list[int]] = {}
        for order, (_, head_set, _, _) in enumerate(self.links):
            for form in head_set:
                self.links_by_head.setdefault(form, []).append(order)
        self.matcher = Matcher(nlp.vocab)
        self.pattern_info: dict[str, tuple[str, float]] = {}
        for frame in codebook:
            for k, (pattern, weight) in enumerate(frame.patterns):
                key = f"{frame.id}#{k}"
                self.matcher.add(key, [list(pattern)])
                self.pattern_info[key] = (frame.id, weight)

    def __call__(self, doc: "Doc") -> dict[str, tuple[float, list[str]]]:
        """``{frame id: (score per 100 words, matched terms)}`` for one paragraph."""
        from spacy.attrs import IS_PUNCT, IS_SPACE

        totals = {f.id: 0.0 for f in self.codebook}
        matched: dict[str, list[str]] = {f.id: [] for f in self.codebook}
        sentence_weight = self._sentence_weights(doc)

        forms = [(t.lower_, t.lemma_.lower()) for t in doc]
        argued_against = self._argued_against(doc, forms)

        def hit(frame_id: str, label: str, token_i: int, weight: float) -> None:
            if frame_id in argued_against and token_i in argued_against[frame_id]:
                frame_id, label = self.opposite[frame_id], "¬" + label
            totals[frame_id] += weight * sentence_weight[token_i]
            matched[frame_id].append(label)

        for frame_id, term, start, weight in self._phrase_matches(forms):
            hit(frame_id, term, start, weight)
        link_hits = []
        links_by_head = self.links_by_head
        for i, (lower, lemma) in enumerate(forms):
            # Most tokens head no link: look up without building a set per token.
            by_lower, by_lemma = links_by_head.get(lower), links_by_head.get(lemma)
            if not by_lower and not by_lemma:
                continue
            orders = set(by_lower or ()) | set(by_lemma or ())
            for order in orders:
                frame_id, _, child_set, weight = self.links[order]
                link_hits.extend((order, i, child.i, frame_id, weight) for child in doc[i].children
                                 if child_set.intersection(forms[child.i]))
        for _, head_i, child_i, frame_id, weight in sorted(link_hits):  # codebook order, as the weights were tuned
            hit(frame_id, f"{forms[head_i][1]}→{forms[child_i][1]}", head_i, weight)
        for key, start, _ in (self.matcher(doc, as_spans=False) if self.pattern_info else ()):
            frame_id, weight = self.pattern_info[doc.vocab.strings[key]]
            hit(frame_id, doc[start].text.lower(), start, weight)
        words = max(1, len(doc) - int(doc.to_array([IS_PUNCT, IS_SPACE]).any(axis=1).sum()))
        return {f: (round(100 * totals[f] / words, 4), sorted(set(matched[f]))) for f in totals}

    def _phrase_matches(self, forms: list[tuple[str, str]]) -> list[tuple[str, str, int, float]]:
        """Term matches over the tokens' ``(lower, lemma)`` forms; within a frame, overlapping matches keep
        only the longest (*national sovereignty* counts once, not also as *sovereignty*)."""
        found: dict[str, list[tuple[int, int, str, float]]] = {}
        phrases = self.phrases
        for i, pair in enumerate(forms):
            # The lower-case form, then the lemma when it differs (a fixed order: no set per token).
            for key in pair[:1] if pair[0] == pair[1] else pair:
                for words, term, frame_id, weight in phrases.get(key, ()):
                    span = forms[i:i + len(words)]
                    if len(span) == len(words) and all(w in p for w, p in zip(words, span)):
                        found.setdefault(frame_id, []).append((i, i + len(words), term, weight))
        out = []
        for frame_id, matches in found.items():
            taken: set[int] = set()
            for start, end, term, weight in sorted(set(matches), key=lambda m: (m[0] - m[1], m[0], m[2])):
                if not taken & set(range(start, end)):
                    taken.update(range(start, end))
                    out.append((frame_id, term, start, weight))
        return out

    def _argued_against(self, doc: "Doc", forms: list[tuple[str, str]]) -> dict[str, set[int]]:
        """For each frame with an opposite, the tokens whose cues are argued against: in the clause of one
        of the frame's ``against`` markers (*keeping troops is a mistake* covers *keeping troops*, not the
        clause after the semicolon), under a negated verb, or after *rather than* / *instead of*."""
        if not self.opposite:
            return {}
        negated = {t.head.i for t in doc if t.dep_ == "neg"}
        # What does not depend on the frame is found once: negated verbs and what follows *rather than*.
        common = {t.i for t in doc if t.i in negated or t.head.i in negated} if negated else set()
        for sent in doc.sents:
            for k in range(sent.start + 1, sent.end):
                if forms[k][0] in ("than", "of") and forms[k - 1][0] in ("rather", "instead"):
                    common.update(range(k + 1, sent.end))
                    break
        starts: dict[tuple[str, ...], list[int]] = {}
        against_by_first = self.against_by_first
        for k, (lower, lemma) in enumerate(forms):
            by_lower, by_lemma = against_by_first.get(lower), against_by_first.get(lemma)
            if not by_lower and not by_lemma:
                continue
            for marker in (by_lower or set()) | (by_lemma or set()):
                if _phrase_at(forms, k, marker):
                    starts.setdefault(marker, []).append(k)
        clauses: dict[int, set[int]] = {}
        out: dict[str, set[int]] = {}
        for frame_id, markers in self.against.items():
            tokens = set(common)
            for k in sorted({k for marker in markers for k in starts.get(marker, ())}):
                if k not in clauses:
                    clauses[k] = _clause(doc[k])
                tokens |= clauses[k]
            out[frame_id] = tokens
        return out

    @staticmethod
    def _sentence_weights(doc: "Doc") -> list[float]:
        weights = [1.0] * len(doc)
        for k, sent in enumerate(doc.sents):
            weight = TOPIC_SENTENCE_WEIGHT if k == 0 else 1.0
            if any(t.lower_ in _PRESCRIPTIVE and t.tag_ in ("MD", "VBZ", "VBP", "VB") for t in sent):
                weight *= PRESCRIPTION_WEIGHT
            for t in sent:
                weights[t.i] = weight
        return weights


def _clause(token: "Token") -> set[int]:
    """The token indices of the clause ``token`` is in: its governing verb's subtree, without the other
    clauses coordinated or set beside it (``conj``, ``parataxis``)."""
    from .syntax import governing_verb

    verb = governing_verb(token)
    inside = {token.i}
    stack = [verb]
    while stack:
        current = stack.pop()
        inside.add(current.i)
        for child in current.children:
            if child.dep_ in ("conj", "parataxis") and child.pos_ in ("VERB", "AUX") and token.i not in {
                    t.i for t in child.subtree}:
                continue
            stack.append(child)
    return inside


def _phrase_at(words: list[tuple[str, str]], k: int, phrase: tuple[str, ...]) -> bool:
    """True when ``phrase`` (lower-case words) starts at token ``k``, each word matching the token's
    lower-case form or its lemma."""
    return k + len(phrase) <= len(words) and all(w in words[k + j] for j, w in enumerate(phrase))


#: How a paragraph's frame scores are made: the learned model (the default; see
#: :mod:`iraqtext.frame_model`) or the codebook's weighted indicators alone.
METHODS: tuple[str, ...] = ("model", "codebook")
DEFAULT_METHOD = "model"


def score_frames(paragraphs: "pd.DataFrame", codebook: str | Path | None = None, nlp: "Language | None" = None,
                 progress: bool = True, batch_size: int = 32, method: str = DEFAULT_METHOD) -> "pd.DataFrame":
    """Frame scores per paragraph, in long form: ``doc_id, para_id, frame, score, codebook_score,
    matched_terms``, one row per paragraph and frame, frames in codebook order.

    ``method="model"`` (default): ``score`` is the learned model's probability of the frame
    (:mod:`iraqtext.frame_model`; it agrees with hand coding more often, see the README);
    ``method="codebook"``: ``score`` is the codebook score. ``codebook_score`` is always the weighted
    indicator count per 100 words and ``matched_terms`` the indicators found (``; ``), so every
    score can be traced to words of the paragraph.
    """
    from tqdm.auto import tqdm

    from .nlp import load_nlp
    from .topics import doc_lemmas

    check_method(method, codebook)
    frames = load_codebook(codebook)
    nlp = nlp or load_nlp()
    scorer = FrameScorer(nlp, frames)
    rows, lemmas = [], {}
    records = list(zip(paragraphs["doc_id"], paragraphs["para_id"]))
    with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p.startswith("iraqtext") or p == "ner"]):
        stream = nlp.pipe(zip(paragraphs["text"], records), as_tuples=True, batch_size=batch_size)
        for doc, (doc_id, para_id) in tqdm(stream, total=len(records), desc="frames", unit="para", disable=not progress):
            for frame_id, (score, terms) in scorer(doc).items():
                rows.append((doc_id, para_id, frame_id, score, "; ".join(terms)))
            lemmas[(doc_id, para_id)] = doc_lemmas(doc)
    return frame_scores_table(rows, lemmas, method=method)


def check_method(method: str, codebook: str | Path | None = None) -> None:
    """Raise :class:`CodebookError` for an unknown method, or for the model with a codebook whose frames
    are not the ones the model was trained on."""
    if method not in METHODS:
        raise CodebookError(f"unknown frame method {method!r}; use one of {', '.join(METHODS)}")
    if method == "model" and codebook is not None:
        from .frame_model import load_model

        ids = {f.id for f in load_codebook(codebook)}
        trained = set(load_model().classes_)
        if ids != trained:
            raise CodebookError(f"{codebook}: the frame model was trained on the frames {', '.join(sorted(trained))}; "
                                "with other frames use method='codebook' (--frames codebook) or retrain the model "
                                "(python -m iraqtext.frame_model train CODED.yaml OUT.json)")


def frame_scores_table(rows: list, lemmas: dict[tuple[str, int], str], method: str = DEFAULT_METHOD) -> "pd.DataFrame":
    """The frames table from codebook rows ``(doc_id, para_id, frame, codebook_score, matched_terms)`` (in
    paragraph order, frames in codebook order) and each paragraph's lemmas, scored by ``method``."""
    import numpy as np
    import pandas as pd

    table = pd.DataFrame(rows, columns=["doc_id", "para_id", "frame", "codebook_score", "matched_terms"]).astype(
        {"para_id": "int64", "codebook_score": "float64"})
    if method == "codebook" or table.empty:
        score = table["codebook_score"].to_numpy()
    else:
        from .frame_model import LEMMA_COLUMN, SCORE_PREFIX, add_document_context, load_model

        wide = table.pivot_table(index=["doc_id", "para_id"], columns="frame", values="codebook_score", sort=False)
        features = wide.add_prefix(SCORE_PREFIX).reset_index(drop=True)
        features.insert(0, LEMMA_COLUMN, [lemmas[key] for key in wide.index])
        features = add_document_context(features, wide.index.get_level_values("doc_id"))
        model = load_model()
        probability = pd.DataFrame(model.predict_proba(features), columns=model.classes_)
        probability.index = wide.index
        long = probability.stack().rename("score")
        score = np.round(long.reindex(pd.MultiIndex.from_frame(table[["doc_id", "para_id", "frame"]])).to_numpy(), 6)
    table.insert(3, "score", score)
    return table[list(SCORE_COLUMNS)]


def primary_frames(scores: "pd.DataFrame", codebook: str | Path | None = None) -> "pd.DataFrame":
    """The highest-scoring frame of each paragraph (``none`` when nothing scored).

    Ties go to the frame listed first in the codebook. Columns: ``doc_id, para_id, primary, score,
    runner_up, margin``: with the model, ``score`` is the probability of the primary frame and
    ``margin`` its lead over the runner-up, so a notebook can show how sure each assignment is.
    """
    import pandas as pd

    order = {f.id: k for k, f in enumerate(load_codebook(codebook))}
    ranked = scores.assign(order=scores["frame"].map(order)).sort_values(
        ["doc_id", "para_id", "score", "order"], ascending=[True, True, False, True], kind="stable")
    keys = ["doc_id", "para_id"]
    top = ranked.drop_duplicates(keys, keep="first").set_index(keys)
    second = ranked[ranked.duplicated(keys, keep="first")].drop_duplicates(keys, keep="first").set_index(keys)
    second = second.reindex(top.index)
    second_score = second["score"].fillna(0.0)
    frame = pd.DataFrame({
        "primary": top["frame"].where(top["score"] > 0, "none"),
        "score": top["score"],
        "runner_up": second["frame"].where(second_score > 0, "none"),
        "margin": (top["score"] - second_score).round(4),
    }).reset_index()
    return frame[["doc_id", "para_id", "primary", "score", "runner_up", "margin"]].astype({"para_id": "int64"})


def frame_shares(scores: "pd.DataFrame", documents: "pd.DataFrame", by: str = "year",
                 codebook: str | Path | None = None) -> "pd.DataFrame":
    """Per document or year: the share of paragraphs whose primary frame is each frame, and the
    mean score. Long form ``<by>, frame, paragraphs, share, mean_score``; all frames listed."""
    import pandas as pd

    frames = [f.id for f in load_codebook(codebook)]
    primary = primary_frames(scores, codebook).merge(documents[["doc_id", "year"]], on="doc_id")
    keyed = scores.merge(documents[["doc_id", "year"]], on="doc_id")
    counts = primary.groupby([by, "primary"]).size()
    totals = primary.groupby(by).size()
    means = keyed.groupby([by, "frame"])["score"].mean()
    rows = [(key, f, int(counts.get((key, f), 0)), round(counts.get((key, f), 0) / totals[key], 4),
             round(float(means.get((key, f), 0.0)), 4)) for key in sorted(totals.index) for f in frames]
    return pd.DataFrame(rows, columns=[by, "frame", "paragraphs", "share", "mean_score"])


def agreement(predicted: "pd.Series", coded: "pd.Series") -> dict[str, float]:
    """Accuracy and Cohen's kappa between predicted and hand-coded primary frames."""
    from sklearn.metrics import accuracy_score, cohen_kappa_score

    return {"accuracy": float(accuracy_score(coded, predicted)), "kappa": float(cohen_kappa_score(coded, predicted)),
            "n": int(len(coded))}
