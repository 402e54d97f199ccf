"""Frames against hand coding: the learned model (grouped cross-validation) next to the codebook and
to the agreement between coders.

* the coded paragraphs of ``iraqtext/data/frames_coded.yaml`` (2,474 paragraphs, 540 articles);
* cross-validation grouped by article (5 folds, no article in both parts) for the model; the
  codebook has nothing to fit, so it is scored on every paragraph;
* coders: a blind second coding of a random 40 of coder A's paragraphs
  (``tests/data/frames_blind_recode.yaml``) and the 63 seed paragraphs coded in an earlier version
  (``tests/data/frames_gold.yaml``, another coder and slightly different rules).

Run with ``python benchmarks/frames_validation.py`` (about a minute); prints Markdown tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from iraqtext.frame_model import SCORE_PREFIX, frame_features, grouped_cross_validation, load_coded  # noqa: E402
from iraqtext.frames import load_codebook  # noqa: E402
from iraqtext.validation import frame_agreement  # noqa: E402


def codebook_primary(features: pd.DataFrame) -> list[str]:
    """The codebook's top frame from the feature table (ties: codebook order; ``none`` if nothing)."""
    frames = [f.id for f in load_codebook()]
    scores = features[[SCORE_PREFIX + f for f in frames]].to_numpy()
    return [frames[int(np.argmax(row))] if row.max() > 0 else "none" for row in scores]


def _row(name: str, scores: dict) -> str:
    within = f"{scores['within_secondary']:.3f}" if "within_secondary" in scores else "–"
    return (f"| {name} | {scores['n']} | {scores['accuracy']:.3f} | {within} | {scores['kappa']:.3f} | "
            f"{scores['macro_f1']:.3f} |")


def main() -> None:
    coded = load_coded()
    features = frame_features(coded["text"].tolist(), coded["doc_id"].tolist())
    folds = grouped_cross_validation(features, coded)
    book = codebook_primary(features)
    seed = (coded["source"] == "seed").to_numpy()
    print("| predictor | paragraphs | = coder's primary | within primary or secondary | kappa | macro-F1 |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(_row("model, grouped 5-fold CV (all)", frame_agreement(folds["predicted"], coded["primary"],
                                                                 coded["secondary"])))
    print(_row("model, grouped 5-fold CV (seed paragraphs)", frame_agreement(
        folds["predicted"][seed], coded["primary"][seed], coded["secondary"][seed])))
    print(_row("codebook (all)", frame_agreement(book, coded["primary"], coded["secondary"])))
    print(_row("codebook (seed paragraphs)", frame_agreement(list(np.array(book)[seed]), coded["primary"][seed],
                                                             coded["secondary"][seed])))
    blind = pd.DataFrame(yaml.safe_load((ROOT / "tests" / "data" / "frames_blind_recode.yaml").read_text()))
    pairs = blind.merge(coded, on=["doc_id", "para_id"], suffixes=("_blind", ""))
    print(_row("second coder, blind (40 random paragraphs)", frame_agreement(
        pairs["primary_blind"], pairs["primary"], pairs["secondary"])))
    earlier = pd.DataFrame(yaml.safe_load((ROOT / "tests" / "data" / "frames_gold.yaml").read_text()))
    pairs = earlier.merge(coded, on=["doc_id", "para_id"], suffixes=("_earlier", ""))
    print(_row("earlier coder, other rules (63 seed paragraphs)", frame_agreement(
        pairs["primary_earlier"], pairs["primary"], pairs["secondary"])))
    print("\nConfusions of the model (coder's primary → model), most frequent:\n")
    confusion = pd.crosstab(folds["primary"], folds["predicted"])
    off = [(confusion.loc[a, b], a, b) for a in confusion.index for b in confusion.columns if a != b]
    for count, a, b in sorted(off, reverse=True)[:8]:
        print(f"- {a} → {b}: {count}")
    per_frame = folds.assign(right=folds["predicted"] == folds["primary"]).groupby("primary")["right"].agg(["mean", "size"])
    print("\n| frame | paragraphs | model right |\n| --- | --- | --- |")
    for frame, row in per_frame.iterrows():
        print(f"| {frame} | {int(row['size'])} | {row['mean']:.2f} |")


if __name__ == "__main__":
    main()
