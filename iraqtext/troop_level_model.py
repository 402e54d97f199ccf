"""A learned check that a number the troop rules accept is a U.S. troop level in Iraq.

The value rules of :mod:`iraqtext.troops` accept a number when a force noun counts it (or a level
phrase, or a force named earlier) and nothing marks it as an amount moved, a casualty count, a unit,
another country's force or another place. Each of those marks is a rule written on the development
passages, and unseen text says the same things in other words (*the additional combat forces he sent
in January -- roughly 21,700 troops*; *a war that has claimed more than 3,600 U.S. troops*). This module
adds what the labels can teach: :class:`LevelModel`, a class-weighted logistic regression over the same
context features as the kind model (:func:`iraqtext.troop_kind_model.figure_features`) plus the
number's order of magnitude and the rules' kind, trained on every figure the rules find in the
labelled passage files, each labelled ``level`` when a labelled figure has its value and
``not_level`` otherwise.

The model removes a figure only when it gives it less than :data:`VETO_PROBABILITY` of being a level:
it vetoes what the rules let through and never adds a figure, so recall can only fall where it is
sure. The threshold and ``C`` were chosen on a 10-fold cross-validation grouped by page, read on the
five files no rule was written on (README).

The default model (``data/troop_level_model.json``, plain numbers, no pickle) is trained by
``python -m iraqtext.troop_level_model train FILE.yaml ...``; training is deterministic, so the same
files give the same bytes.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .model_store import read_model_json, write_model_json
from .troop_kind_model import KindModel, figure_features

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

    from .troops import Lexicon, TroopFigure, _Figure

MODEL_PATH = Path(__file__).parent / "data" / "troop_level_model.json"
#: A figure the rules found is dropped when the model's probability that it is a level is below this.
VETO_PROBABILITY = 0.1
LEVEL, NOT_LEVEL = "level", "not_level"


class LevelModel(KindModel):
    """Logistic regression over :func:`level_features` dictionaries, labels ``level`` / ``not_level``
    (the estimator of :class:`iraqtext.troop_kind_model.KindModel`; ``"balanced"`` class weights,
    because most figures the rules find are levels).

    Examples
    --------
    >>> X = [{"verb=station": 1.0}, {"verb=send": 1.0}, {"verb=station": 1.0, "mag=3": 1.0}]
    >>> LevelModel().fit(X, ["level", "not_level", "level"]).predict([{"verb=send": 1.0}]).tolist()
    ['not_level']
    """


def level_features(figure: "_Figure", found: "TroopFigure", rules_kind: str, lex: "Lexicon") -> dict[str, float]:
    """:func:`~iraqtext.troop_kind_model.figure_features` of one figure, with its order of magnitude
    (a brigade's 3,500 and a casualty count's 3,600 are not a 130,000) and the kind the rules gave it."""
    features = dict(figure_features(figure, lex))
    features[f"mag={int(math.log10(max(found.low, 1)))}"] = 1.0
    features[f"rules_kind={rules_kind}"] = 1.0
    return features


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> LevelModel:
    """The trained default model (``data/troop_level_model.json``) or one written by :func:`train`."""
    return LevelModel.from_dict(read_model_json(path or MODEL_PATH))


def is_level(features: dict[str, float], model: LevelModel) -> bool:
    """False when the model gives the figure less than :data:`VETO_PROBABILITY` of being a level."""
    proba = model.predict_proba([features])[0]
    return bool(proba[list(model.classes_).index(LEVEL)] >= VETO_PROBABILITY)


@dataclass(frozen=True)
class LabelledCandidate:
    """A figure the rules found in a labelled passage: its features and whether a label has its value."""

    passage_id: str
    url: str
    features: dict[str, float]
    label: str


def labelled_candidates(paths: Sequence[str | Path], nlp: "Language | None" = None) -> list[LabelledCandidate]:
    """Run the rules (no learned check or kind) over labelled passage files and label every figure
    they find: ``level`` when a labelled figure has its value (each label used once), else ``not_level``."""
    from .datafiles import read_yaml
    from .nlp import load_nlp
    from .troops import load_lexicon, stated_figures

    nlp = nlp or load_nlp()
    lex = load_lexicon()
    out: list[LabelledCandidate] = []
    for path in paths:
        for case in read_yaml(path, ValueError, list, "a list of labelled passages"):
            labels = [(g["low"], g["high"]) for g in case.get("figures") or []]
            for internal, found in stated_figures(nlp(case["text"]), case.get("published"), learned_kinds=False,
                                                  learned_levels=False):
                value = (found.low, found.high)
                label = LEVEL if value in labels else NOT_LEVEL
                if label == LEVEL:
                    labels.remove(value)
                out.append(LabelledCandidate(case["id"], case.get("url", ""),
                                             level_features(internal, found, found.kind, lex), label))
    return out


def train(paths: Sequence[str | Path], out: str | Path = MODEL_PATH, nlp: "Language | None" = None) -> LevelModel:
    """Train a model on the figures the rules find in labelled passage files and save it to ``out``."""
    candidates = labelled_candidates(paths, nlp)
    model = LevelModel().fit([c.features for c in candidates], [c.label for c in candidates])
    write_model_json(model.to_dict(), out)  # deterministic: the same files give the same bytes
    return model


def main(argv: list[str] | None = None) -> int:
    """``python -m iraqtext.troop_level_model train FILE.yaml ... [--out OUT.json]``: retrain the model."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m iraqtext.troop_level_model", description=main.__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    training = commands.add_parser("train", help="train the level check on labelled passage files")
    training.add_argument("files", nargs="+", type=Path, help="labelled passages (tests/data/troop_passages_*.yaml format)")
    training.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model (default: the shipped one)")
    args = parser.parse_args(argv)
    model = train(args.files, args.out)
    print(f"trained on {len(model.vectorizer_.feature_names_)} features; wrote {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
