"""Scoring iraqtext against hand annotations: how a researcher checks a stage on their own material.

* :func:`cleaning_scores` — a cleaned article against a line-by-line annotation (body / noise /
  neutral): body lines kept, noise lines leaked;
* :func:`troop_scores` — extracted troop figures against labelled passages: value precision, recall
  and F1, and, of the figures found, how often the kind and the kind with the year are right;
  :func:`cardinal_baseline` is the simple baseline they are compared with, and
  :func:`figure_label_agreement` how often a second person's kinds and years agree with the labels;
* :func:`frame_agreement` — predicted primary frames against a coder's primary (and secondary) frames.

The annotation formats are those of ``tests/data/clean_holdout/annotations.yaml``,
``tests/data/troop_passages_*.yaml`` and ``iraqtext/data/frames_coded.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

    from .clean import CleanResult


def expand_lines(items: Iterable[int | str] | None) -> list[int]:
    """Line numbers from a YAML list such as ``[3, "5-7"]``.

    >>> expand_lines([3, "5-7"])
    [3, 5, 6, 7]
    """
    out: list[int] = []
    for item in items or []:
        if isinstance(item, int):
            out.append(item)
        else:
            low, high = (int(x) for x in str(item).split("-"))
            out.extend(range(low, high + 1))
    return out


def cleaning_scores(result: "CleanResult", annotation: dict) -> dict:
    """How a cleaning result fares against a line annotation ``{"body": [...], "noise": {kind: [...]},
    "neutral": [...]}`` (1-based line numbers of the raw text).

    Returns counts: ``body``, ``body_kept``, ``noise``, ``noise_leaked`` and the lists ``lost`` (body
    line numbers removed) and ``leaked`` (``(kind, line)`` of noise lines kept).
    """
    removed = {r.position for r in result.removed}
    body = expand_lines(annotation.get("body"))
    noise = [(kind, line) for kind, lines in (annotation.get("noise") or {}).items() for line in expand_lines(lines)]
    lost = sorted(line for line in body if line in removed)
    leaked = sorted((kind, line) for kind, line in noise if line not in removed)
    return {"body": len(body), "body_kept": len(body) - len(lost), "noise": len(noise),
            "noise_leaked": len(leaked), "lost": lost, "leaked": leaked}


def score_cleaning_set(folder: str | Path, annotations: str | Path | None = None,
                       boilerplate: str | Path | None = None) -> dict:
    """Clean every document of an annotated corpus folder as a build would (title and the lines shared
    with other documents of the same publisher included) and score it with :func:`cleaning_scores`.

    ``annotations`` defaults to ``<folder>/annotations.yaml`` (``{doc_id: {body, noise, neutral}}``).
    Returns the summed counts and, under ``documents``, each document's own scores.
    """
    import yaml

    from .build import shared_lines
    from .clean import clean_text
    from .corpus import decode_source, open_corpus

    folder = Path(folder)
    spec = yaml.safe_load(Path(annotations or folder / "annotations.yaml").read_text(encoding="utf-8"))
    corpus = open_corpus(folder)
    shared = shared_lines(corpus)
    totals = {"body": 0, "body_kept": 0, "noise": 0, "noise_leaked": 0, "documents": {}}
    for source, title in zip(corpus.sources, corpus.documents["title"]):
        if source.doc_id not in spec:
            continue
        result = clean_text(decode_source(source).text, recurring=shared.get(source.doc_id, frozenset()),
                            boilerplate=boilerplate, title=title)
        scores = cleaning_scores(result, spec[source.doc_id])
        totals["documents"][source.doc_id] = scores
        for key in ("body", "body_kept", "noise", "noise_leaked"):
            totals[key] += scores[key]
    return totals


# --- troop figures ------------------------------------------------------------------------------
Figure = tuple[int, int, str, "int | None"]  # low, high, kind, refers_to_year


def troop_scores(cases: Sequence[dict], predict: Callable[[dict], list[Figure]]) -> dict:
    """Score ``predict`` on labelled passages (``text``, ``published``, ``figures`` with ``low``,
    ``high``, ``kind``, ``year``).

    A predicted figure is right in value when a gold figure of the same passage has the same ``low``
    and ``high`` (each gold figure matched once). Of the matched figures, ``kind_accuracy`` is the
    share with the right kind and ``kind_year_accuracy`` the share with the right kind and
    ``refers_to_year``. Returns those with ``precision``, ``recall``, ``f1`` and the counts.
    """
    tp = fp = fn = kind_right = both_right = 0
    for case in cases:
        gold = [(g["low"], g["high"], g["kind"], g.get("year")) for g in case.get("figures") or []]
        predicted = predict(case)
        unmatched = list(gold)
        for low, high, kind, year in predicted:
            match = next((g for g in unmatched if g[:2] == (low, high) and g[2] == kind), None) \
                or next((g for g in unmatched if g[:2] == (low, high)), None)
            if match is None:
                fp += 1
                continue
            unmatched.remove(match)
            tp += 1
            kind_right += match[2] == kind
            both_right += match[2] == kind and match[3] == year
        fn += len(unmatched)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "kind_accuracy": kind_right / tp if tp else 0.0, "kind_year_accuracy": both_right / tp if tp else 0.0,
            "gold": tp + fn, "predicted": tp + fp, "matched": tp}


def figure_label_agreement(cases: Sequence[dict], second: Sequence[dict],
                           predict: Callable[[dict], list[Figure]] | None = None) -> dict:
    """How often a second labelling (``id``, ``surface``, ``kind``, ``year`` per figure) agrees with the
    labels of ``cases`` on the same figures: ``kind``, Cohen's ``kappa`` and ``kind_year``. With
    ``predict``, the same for the extractor on those of the figures it finds (``extractor_*``,
    ``extractor_found``), so it can be read against the two people."""
    from sklearn.metrics import cohen_kappa_score

    by_id = {case["id"]: case for case in cases}
    pairs = []
    for row in second:
        case = by_id[row["id"]]
        first = next(g for g in case["figures"] if g["surface"] == row["surface"])
        pairs.append((case, first, row))
    first_kinds, second_kinds = [f["kind"] for _, f, _ in pairs], [r["kind"] for _, _, r in pairs]
    out = {"n": len(pairs), "kind": sum(a == b for a, b in zip(first_kinds, second_kinds)) / len(pairs),
           "kappa": float(cohen_kappa_score(first_kinds, second_kinds)),
           "kind_year": sum(f["kind"] == r["kind"] and f.get("year") == r.get("year") for _, f, r in pairs) / len(pairs)}
    if predict is not None:
        found = []
        for case, first, _ in pairs:
            same_value = [(k, y) for low, high, k, y in predict(case) if (low, high) == (first["low"], first["high"])]
            if same_value:
                found.append((first, same_value[0]))
        out["extractor_found"] = len(found)
        out["extractor_kind"] = sum(f["kind"] == k for f, (k, _) in found) / len(found) if found else 0.0
        out["extractor_kind_year"] = sum(f["kind"] == k and f.get("year") == y for f, (k, y) in found) / len(found) if found else 0.0
    return out


def iraqtext_predictor(nlp: "Language | None" = None, learned_kinds: bool = True,
                       learned_levels: bool = True) -> Callable[[dict], list[Figure]]:
    """``predict`` for :func:`troop_scores` with :func:`iraqtext.extract_troop_figures` (``learned_kinds=False``:
    the kind rules alone; ``learned_levels=False``: the value rules alone)."""
    from .troops import extract_troop_figures

    def predict(case: dict) -> list[Figure]:
        return [(f.low, f.high, f.kind, f.refers_to_year)
                for f in extract_troop_figures(case["text"], case.get("published"), nlp=nlp, learned_kinds=learned_kinds,
                                               learned_levels=learned_levels)]

    return predict


_TROOP_WORD_RE = re.compile(r"^(troops?|forces?|soldiers?|personnel|advisers?|advisors?|service|marines?)$", re.I)


def second_labeller(cases: Sequence[dict]) -> Callable[[dict], list[Figure]]:
    """``predict`` for :func:`troop_scores` that answers with another labelling of the same passages (``cases``
    in the passage-file format, matched by ``id``): how far two labellers agree, on the extractor's measure."""
    figures = {case["id"]: [(f["low"], f["high"], f["kind"], f["year"]) for f in case.get("figures") or []]
               for case in cases}
    return lambda case: figures[case["id"]]


def cardinal_baseline(nlp: "Language") -> Callable[[dict], list[Figure]]:
    """The simple baseline: every spaCy CARDINAL entity within three tokens of a troop word, read as a
    current level in the publication year."""
    from .troops import parse_quantity, published_year

    def predict(case: dict) -> list[Figure]:
        doc = nlp(case["text"])
        out = []
        for ent in doc.ents:
            if ent.label_ != "CARDINAL":
                continue
            window = doc[max(0, ent.start - 3):min(len(doc), ent.end + 3)]
            quantity = parse_quantity(re.sub(r"^(about|some|nearly|more than|over|roughly|around) ", "", ent.text))
            if quantity and any(_TROOP_WORD_RE.match(t.text) for t in window):
                out.append((quantity[0], quantity[1], "current", published_year(case.get("published"))))
        return out

    return predict


# --- frames -------------------------------------------------------------------------------------
def frame_agreement(predicted: Sequence[str], primary: Sequence[str],
                    secondary: Sequence[Sequence[str]] | None = None) -> dict:
    """Agreement of predicted primary frames with a coder's: ``accuracy`` (= the coder's primary),
    Cohen's ``kappa``, ``macro_f1`` and, given the coder's secondary frames, ``within_secondary``
    (the prediction is the coder's primary or one of their secondary frames)."""
    from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score

    out = {"n": len(primary), "accuracy": float(accuracy_score(primary, predicted)),
           "kappa": float(cohen_kappa_score(primary, predicted)),
           "macro_f1": float(f1_score(primary, predicted, average="macro", zero_division=0))}
    if secondary is not None:
        out["within_secondary"] = sum(p == g or p in s for p, g, s in zip(predicted, primary, secondary)) / len(primary)
    return out


def confusion(predicted: Sequence[str], gold: Sequence[str]) -> "Counter[tuple[str, str]]":
    """``Counter`` of ``(gold, predicted)`` pairs that differ: the most common confusions first."""
    return Counter((g, p) for p, g in zip(predicted, gold) if p != g)
