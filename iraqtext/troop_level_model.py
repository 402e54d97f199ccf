"""A learned second opinion on which numbers are U.S. troop levels in Iraq.

The value rules of :mod:`iraqtext.troops` accept a number when a force noun counts it (or a level
phrase, or a force named earlier) and nothing marks it as an amount moved, a casualty count, a unit,
another country's force or another place. Each of those marks is a rule written on the development
passages, and unseen text says the same things in other words, both ways: it states levels the rules
miss (*ordered all but 50,000 troops to leave*, *the 127,000-member American force*, *the current
168,000 strength*) and numbers that only look like levels (*the additional combat forces he sent in
January -- roughly 21,700 troops*; *a war that has claimed more than 3,600 U.S. troops*).

This module adds what the labels can teach: :class:`LevelModel`, class-weighted logistic regressions
over every number in a text that could be a level (:func:`level_candidates`: at least
:data:`~iraqtext.troops.MIN_LEVEL`, not a year), read with the kind model's context features
(:func:`iraqtext.troop_kind_model.figure_features`) plus the number's order of magnitude, the noun it
counts, whether the sentence names the United States, its entity labels, and **whether the rules
accept it**. It is trained on the labelled passage files: a candidate is ``level`` when a labelled
figure has its value. :func:`revise` then drops an accepted figure the model gives less than
:data:`VETO_PROBABILITY`, and adds a number the rules rejected that it gives at least
:data:`ADD_PROBABILITY` (its kind and year read as for any figure). ``C`` and both thresholds were
chosen on a 10-fold cross-validation grouped by page, read on the five files no rule was written on
(README).

The default model (``data/troop_level_model.json``, plain numbers, no pickle) is trained by
``python -m iraqtext.troop_level_model train FILE.yaml ...``; training is deterministic, so the same
files give the same bytes.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .datafiles import read_once_per_content
from .model_store import read_model_json, write_model_json
from .troop_kind_model import KindModel, figure_features, passage_training_cli

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from .troops import Lexicon, TroopFigure, _Figure

MODEL_PATH = Path(__file__).parent / "data" / "troop_level_model.json"
#: A figure the rules accept is dropped when the model's probability that it is a level is below this.
VETO_PROBABILITY = 0.1
#: A number the rules reject is added when the model's probability that it is a level is at least this.
ADD_PROBABILITY = 0.7
LEVEL, NOT_LEVEL = "level", "not_level"


class LevelModel(ClassifierMixin, BaseEstimator):
    """Two logistic regressions over :func:`level_features` dictionaries, labels ``level`` /
    ``not_level``: one for the numbers the rules accept (may the model drop it?), one for those they
    reject (may it add it?). What makes a rejected number a level is not what makes an accepted one
    wrong — a force noun counts for a rejected number and says little of an accepted one — and one
    model over both, tried first, vetoed a plain level of a seed article; the pair matches it in
    cross-validation (README). Each is the estimator of :class:`iraqtext.troop_kind_model.KindModel`.

    Parameters
    ----------
    C : inverse regularisation strength of both.
    class_weight, max_iter, random_state : of both.

    Attributes
    ----------
    accepted_, rejected_ : the fitted :class:`~iraqtext.troop_kind_model.KindModel` of each part.
    classes_ : ``["level", "not_level"]``, the column order of :meth:`predict_proba`.

    Examples
    --------
    >>> X = [{"rules_accept": 1.0, "verb=station": 1.0}, {"rules_accept": 1.0, "verb=send": 1.0},
    ...      {"rules_accept": 0.0, "noun=force": 1.0}, {"rules_accept": 0.0, "noun=brigade": 1.0}]
    >>> model = LevelModel().fit(X, ["level", "not_level", "level", "not_level"])
    >>> model.predict([{"rules_accept": 1.0, "verb=send": 1.0}, {"rules_accept": 0.0, "noun=force": 1.0}]).tolist()
    ['not_level', 'level']
    """

    def __init__(self, C: float = 3.0, class_weight: str | None = "balanced", max_iter: int = 5000,
                 random_state: int = 0):
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state

    def _part(self) -> KindModel:
        return KindModel(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                         random_state=self.random_state)

    def fit(self, X: Sequence[dict[str, float]], y: Sequence[str]) -> "LevelModel":
        """Learn from feature dictionaries (with ``rules_accept``) and their labels."""
        accepted = [bool(x.get("rules_accept")) for x in X]
        self.accepted_, self.rejected_ = (
            self._part().fit([x for x, a in zip(X, accepted) if a == part], [t for t, a in zip(y, accepted) if a == part])
            for part in (True, False))
        self.classes_ = np.array([LEVEL, NOT_LEVEL], dtype=object)
        return self

    def predict_proba(self, X: Sequence[dict[str, float]]) -> np.ndarray:
        """Probability of ``level`` and ``not_level`` for each candidate, from the model of its part."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "accepted_")
        out = np.zeros((len(X), 2))
        for part, model in ((True, self.accepted_), (False, self.rejected_)):
            rows = [k for k, x in enumerate(X) if bool(x.get("rules_accept")) == part]
            if rows:
                proba = model.predict_proba([X[k] for k in rows])
                out[rows] = proba[:, [list(model.classes_).index(c) for c in self.classes_]]
        return out

    def predict(self, X: Sequence[dict[str, float]]) -> np.ndarray:
        """The more probable label of each candidate."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def to_dict(self) -> dict:
        """The learned state as plain JSON-able numbers (see :meth:`from_dict`)."""
        return {"params": self.get_params(), "accepted": self.accepted_.to_dict(), "rejected": self.rejected_.to_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> "LevelModel":
        """A fitted model from :meth:`to_dict` output (no refitting)."""
        model = cls(**data["params"])
        model.accepted_ = KindModel.from_dict(data["accepted"])
        model.rejected_ = KindModel.from_dict(data["rejected"])
        model.classes_ = np.array([LEVEL, NOT_LEVEL], dtype=object)
        return model


@read_once_per_content(maxsize=2)  # a model retrained in a running session is read again
def load_model(path: str | None = None) -> LevelModel:
    """The trained default model (``data/troop_level_model.json``) or one written by :func:`train`."""
    return LevelModel.from_dict(read_model_json(path or MODEL_PATH))


def level_candidates(doc: "Doc", spans: list["Span"] | None = None) -> list[tuple["Span", tuple[int, int]]]:
    """Every number of ``doc`` that could be a level, with its value: at least ``MIN_LEVEL`` and at
    most ``MAX_LEVEL``, not a year (``spans``: :func:`~iraqtext.troops.number_spans`, found if not given)."""
    from .troops import _YEAR_RE, MAX_LEVEL, MIN_LEVEL, number_spans, parse_quantity

    out = []
    for span in number_spans(doc) if spans is None else spans:
        quantity = parse_quantity(span.text)
        if quantity and MIN_LEVEL <= quantity[1] and quantity[0] <= MAX_LEVEL and not (
                len(span) == 1 and _YEAR_RE.match(span.text)):
            out.append((span, (quantity[0], quantity[1])))
    return out


def candidate_figure(span: "Span", others: Sequence["Span"], published: int | str | None) -> "_Figure":
    """What the kind rules and features read about a candidate: the noun it counts (else the number)
    as its anchor, its stretch of the sentence between the numbers next to it."""
    from .troops import _counted_noun, _Figure, _published_month, _qualifier, _segment, published_year

    noun = _counted_noun(span)
    return _Figure(span, noun if noun is not None else span.root, _qualifier(span.doc, span)[1],
                   _segment(span, list(others)), published_year(published), _published_month(published),
                   tuple((o.start, o.end) for o in others if o.sent.start == span.sent.start))


def level_features(figure: "_Figure", quantity: tuple[int, int], accepted: bool, lex: "Lexicon") -> dict[str, float]:
    """:func:`~iraqtext.troop_kind_model.figure_features` of a candidate, with its order of magnitude
    (a brigade's 3,500 and a casualty count's 3,600 are not a 130,000), the noun it counts, whether it
    counts a force noun, whether its sentence names the United States, its entity labels and whether
    the value rules accept it."""
    from .troops import _counted_noun, _is_force_noun, _marks_us

    span = figure.span
    noun = _counted_noun(span)
    features = dict(figure_features(figure, lex))
    features[f"mag={int(math.log10(max(quantity[0], 1)))}"] = 1.0
    features[f"noun={noun.lemma_.lower() if noun is not None else '-'}"] = 1.0
    features["forcenoun"] = float(noun is not None and _is_force_noun(noun, lex))
    features["us_sentence"] = float(any(_marks_us(t, lex) for t in span.sent))
    features["ents=" + ",".join(sorted({t.ent_type_ for t in span if t.ent_type_}))] = 1.0
    features["rules_accept"] = float(accepted)
    return features


def _candidate_rows(doc: "Doc", spans: list["Span"], ruled: Sequence[tuple["_Figure", "TroopFigure"]],
                    published: int | str | None,
                    lex: "Lexicon") -> list[tuple["Span", tuple[int, int], "_Figure", bool, dict[str, float]]]:
    """Each candidate among ``spans`` (the number spans the rules read) with its figure, whether the
    rules accepted it and its features."""
    candidates = level_candidates(doc, spans)
    accepted = {(figure.span.start, figure.span.end) for figure, _ in ruled}
    spans = [span for span, _ in candidates]
    rows = []
    for span, quantity in candidates:
        figure = candidate_figure(span, [o for o in spans if o is not span], published)
        is_accepted = (span.start, span.end) in accepted
        rows.append((span, quantity, figure, is_accepted, level_features(figure, quantity, is_accepted, lex)))
    return rows


def revise(doc: "Doc", spans: list["Span"], ruled: list[tuple["_Figure", "TroopFigure"]],
           published: int | str | None, lex: "Lexicon", kind_model, model: LevelModel,
           settled: Mapping[tuple[int, int], bool] | None = None) -> list[tuple["_Figure", "TroopFigure"]]:
    """The rules' figures of ``doc`` (``ruled``, from :func:`iraqtext.troops.rules_figures` over the
    number spans ``spans``) revised by the model: an accepted figure below :data:`VETO_PROBABILITY` is dropped
    (unless it is stated as today's U.S. level: the sentence names the United States, *now*,
    *currently*, *already* … stands next to it and no larger number of the sentence holds it as a
    part), a rejected candidate at or
    above :data:`ADD_PROBABILITY` is added (one per value and sentence, as the rules do); text order.
    Neither happens to a span the rules decided on a defining mark (``settled``, from
    :func:`~iraqtext.troops.rules_figures`: another owner or place named in the force's own phrase, the
    Americans of a multinational total): the model reads no owners or places."""
    from .troops import (_antecedent, _counted_noun, _is_force_noun, _level_subject, _marks_us, figure_qualifier,
                         stated_figure)

    settled = settled or {}
    rows = _candidate_rows(doc, spans, ruled, published, lex)
    if not rows:
        return list(ruled)
    column = list(model.classes_).index(LEVEL)
    probability = {(span.start, span.end): p for (span, *_), p in
                   zip(rows, model.predict_proba([row[-1] for row in rows])[:, column])}
    largest = {}  # the largest candidate of each sentence: a part of the force is smaller than the whole
    for span, quantity, *_ in rows:
        largest[span.sent.start] = max(largest.get(span.sent.start, 0), quantity[1])
    stated_as_current = {(span.start, span.end) for span, quantity, *_, features in rows
                         if features.get("us_sentence") and features.get("near_cur")
                         and quantity[1] == largest[span.sent.start]}
    kept = [(figure, found) for figure, found in ruled
            if probability.get((figure.span.start, figure.span.end), 1.0) >= VETO_PROBABILITY
            or (figure.span.start, figure.span.end) in stated_as_current
            or settled.get((figure.span.start, figure.span.end), False)]
    seen = {(figure.span.sent.start, found.low, found.high) for figure, found in ruled}
    # As the rules ask of a number whose force is not named: the text names the United States somewhere
    # ("The Popular Mobilization Forces claim some 150,000 members" is no U.S. level, however it reads).
    names_us = any(_marks_us(t, lex) for t in doc)
    for span, quantity, figure, accepted, _ in rows:
        key = (span.sent.start, *quantity)
        if accepted or not names_us or key in seen or probability[(span.start, span.end)] < ADD_PROBABILITY \
                or (span.start, span.end) in settled:
            continue
        seen.add(key)
        qualifier, _, surface_end = figure_qualifier(span, quantity)
        noun = _counted_noun(span)
        if noun is None or not _is_force_noun(noun, lex):
            noun = _level_subject(span, lex) or _antecedent(span, lex)
        kept.append((figure, stated_figure(figure, quantity, qualifier, surface_end,
                                           noun.lower_ if noun is not None else "", lex, kind_model)))
    return sorted(kept, key=lambda pair: pair[0].span.start)


@dataclass(frozen=True)
class LabelledCandidate:
    """A figure the rules found in a labelled passage: its features and whether a label has its value."""

    passage_id: str
    url: str
    features: dict[str, float]
    label: str


def labelled_candidates(paths: Sequence[str | Path], nlp: "Language | None" = None) -> list[LabelledCandidate]:
    """Every candidate (:func:`level_candidates`) of the passages of labelled files, with its features
    (the rules run without any model) and its label: ``level`` when a labelled figure has its value
    (each label used once, in text order), else ``not_level``."""
    from .datafiles import read_yaml
    from .nlp import load_nlp
    from .troops import load_lexicon, number_spans, rules_figures

    nlp = nlp or load_nlp()
    lex = load_lexicon()
    out: list[LabelledCandidate] = []
    for path in paths:
        for case in read_yaml(path, ValueError, list, "a list of labelled passages"):
            labels = [(g["low"], g["high"]) for g in case.get("figures") or []]
            doc = nlp(case["text"])
            spans = number_spans(doc)
            ruled = list(rules_figures(doc, spans, case.get("published"), lex))
            for _, quantity, _, _, features in _candidate_rows(doc, spans, ruled, case.get("published"), lex):
                label = LEVEL if quantity in labels else NOT_LEVEL
                if label == LEVEL:
                    labels.remove(quantity)
                out.append(LabelledCandidate(case["id"], case.get("url", ""), features, label))
    return out


def train(paths: Sequence[str | Path], out: str | Path = MODEL_PATH, nlp: "Language | None" = None) -> LevelModel:
    """Train a model on the figures the rules find in labelled passage files and save it to ``out``."""
    candidates = labelled_candidates(paths, nlp)
    model = LevelModel().fit([c.features for c in candidates], [c.label for c in candidates])
    write_model_json(model.to_dict(), out)  # deterministic: the same files give the same bytes
    return model


def main(argv: list[str] | None = None) -> int:
    """``python -m iraqtext.troop_level_model train FILE.yaml ... [--out OUT.json]``: retrain the model."""
    return passage_training_cli(
        argv, "python -m iraqtext.troop_level_model", main.__doc__, "level model", train, MODEL_PATH,
        lambda model: (f"trained on {len(model.accepted_.vectorizer_.feature_names_)} + "
                       f"{len(model.rejected_.vectorizer_.feature_names_)} features (numbers the rules accept + reject)"))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
