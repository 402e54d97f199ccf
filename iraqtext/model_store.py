"""Trained scikit-learn models stored as plain JSON numbers (no pickle), shared by the learned models
(:mod:`iraqtext.frame_model`, :mod:`iraqtext.troop_kind_model`, :mod:`iraqtext.troop_level_model`): a file anyone can read and diff, that
loads without running code, and that the same model always writes to the same bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from typing import Sequence

    from sklearn.linear_model import LogisticRegression

#: Decimals kept of learned weights: the same predictions, a file a tenth the size.
DECIMALS = 6


def rounded(values: np.ndarray) -> list:
    """``values`` as nested lists of floats rounded to :data:`DECIMALS`."""
    return np.round(values, DECIMALS).tolist()


def logistic_state(classifier: "LogisticRegression") -> dict:
    """The learned state of a fitted logistic regression: ``classes``, ``coef``, ``intercept``."""
    return {"classes": classifier.classes_.tolist(), "coef": rounded(classifier.coef_),
            "intercept": rounded(classifier.intercept_)}


def logistic_from_state(state: dict, **params) -> "LogisticRegression":
    """A fitted ``LogisticRegression(**params)`` from :func:`logistic_state` output (no refitting)."""
    from sklearn.linear_model import LogisticRegression

    classifier = LogisticRegression(**params)
    classifier.classes_ = np.asarray(state["classes"], dtype=object)
    classifier.coef_ = np.asarray(state["coef"])
    classifier.intercept_ = np.asarray(state["intercept"])
    classifier.n_features_in_ = classifier.coef_.shape[1]
    return classifier


def logistic_proba(classifier: "LogisticRegression", vocabulary: dict[str, int],
                   rows: "Sequence[dict[str, float]]") -> np.ndarray:
    """What ``classifier.predict_proba(DictVectorizer.transform(rows))`` returns, the same numbers
    computed the same way (each row's known features times their weights, in column order, plus
    the intercept; then the logistic or softmax function), without the checks each of those calls
    makes: the troop models are asked about a few figures at a time, thousands of times a build."""
    from scipy.special import expit
    from sklearn.utils.extmath import softmax

    coef = classifier.coef_
    scores = np.zeros((len(rows), coef.shape[0]))
    for r, row in enumerate(rows):
        terms = []
        for name, value in row.items():
            if isinstance(value, str):  # as DictVectorizer does: a string value is a feature of its own
                name, value = f"{name}={value}", 1.0
            column = vocabulary.get(name)
            if column is not None:
                terms.append((column, float(value)))
        for column, value in sorted(terms):  # column order, as the sparse product adds them
            scores[r] += value * coef[:, column]
    scores += classifier.intercept_
    if coef.shape[0] == 1:  # two classes: the logistic function of the one score
        positive = expit(scores[:, 0])
        return np.stack([1 - positive, positive], axis=1)
    return softmax(scores, copy=False)


def read_model_json(path: str | Path) -> dict:
    """The dictionary a model was saved as."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_model_json(state: dict, path: str | Path) -> Path:
    """Write a model's dictionary atomically, compact and deterministic."""
    from .storage import write_text_atomic

    return write_text_atomic(json.dumps(state, separators=(",", ":")) + "\n", path)
