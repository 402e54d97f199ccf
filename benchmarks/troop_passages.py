"""Troop figures on real passages: values, kinds and years against hand labels, next to a baseline
and next to a second person's labels.

* ``tests/data/troop_passages_dev.yaml`` (92 passages) and ``troop_passages_dev2.yaml`` (135): used
  while writing the rules;
* ``tests/data/troop_passages_test.yaml`` (94 passages): frozen before any rule was changed, scored
  twice, then read for errors (2026-11-26) and so now development as well;
* ``tests/data/troop_passages_test2.yaml`` (110 passages): labelled blind by a helper on 2026-11-26,
  scored before the rules of that day and after them, never read for errors: the honest figure;
* ``tests/data/troop_passages_train_2003_2011.yaml`` (106) and ``troop_passages_train_2012_2026.yaml``
  (108): labelled by two helpers on 2026-11-26 as training data of the learned kind model; no rule was
  written on them, so the rules' figures there are honest, the model's are in-sample;
* ``tests/data/troop_passages_train_kinds.yaml``, ``…_train_2014_2026.yaml``, ``…_train_e.yaml`` and
  ``…_train_f.yaml``: further training files of the kind model, each scored once on arrival (README);
* ``tests/data/troop_passages_test3.yaml`` (95 passages): labelled blind by a helper in the third session,
  scored on arrival and never read for errors: a second honest figure;
* ``…_train_h.yaml``, ``…_train_i.yaml``, ``…_train_j.yaml``, ``…_train_k.yaml``: training files of the
  fourth session, each scored once on arrival (README), then read; ``…_train_m.yaml`` and ``…_train_n.yaml``:
  scored on arrival and used only as the kind model's training data;
* ``tests/data/troop_passages_test4.yaml`` (90 passages of ordinary reports): labelled blind in the fourth
  session, scored with the session-start code and at the end, never read for errors: a third honest figure;
* ``tests/data/troop_passages_test5.yaml`` (91 passages): labelled blind after the fourth session's last
  rule, scored once on arrival, never read: a fourth honest figure;
* ``…_train_o.yaml``, ``…_train_p.yaml``, ``…_train_q.yaml``, ``…_train_r.yaml``: training files of the fifth session (the kind
  model and the level model), each scored once on arrival, no rule written on them;
* ``…_train_s.yaml``: labelled at the end of the fifth session, scored once on arrival with the final code;
  not yet training data;
* ``tests/data/troop_passages_test6.yaml`` (92 passages of ordinary reports): labelled blind in the fifth
  session, scored on arrival and once more with the final level model, never read: a fifth honest figure;
* ``tests/data/troop_kinds_second_coder.yaml``: a blind second labelling of the kind and year of 100
  figures of the two test sets — how often two people agree, the ceiling for kind accuracy.
* ``…_train_u.yaml`` to ``…_train_ap.yaml``: the files of the sixth to fourteenth sessions (README), the blind
  ones (AD to AP) scored once on arrival, in pairs, and their errors read in the fifteenth session; ``…_train_aq.yaml`` and ``…_train_ar.yaml``: the frame
  coders' 2017–2024 paragraphs that set a number beside a troop word, labelled blind in the fifteenth session;
* ``tests/data/troop_second_labels_am_an.yaml`` and ``…_ao_ap.yaml``: a blind second labelling of every passage
  of AM to AP — values, kinds and years — how often two labellers agree.

Real news and think-tank passages of 2003–2026. The baseline is a spaCy CARDINAL entity within three
tokens of a troop word, read as a current level.

Run with ``python benchmarks/troop_passages.py``; prints Markdown tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import iraqtext  # noqa: E402
from iraqtext.validation import (cardinal_baseline, figure_label_agreement, iraqtext_predictor,  # noqa: E402
                                 second_labeller, troop_scores)

DATA = ROOT / "tests" / "data"


def _cases(name: str) -> list[dict]:
    return yaml.safe_load((DATA / f"troop_passages_{name}.yaml").read_text(encoding="utf-8"))


def _print_scores(name: str, cases: list[dict], predictors) -> None:
    """One table row per predictor: values, kinds and years against the labels of ``cases``."""
    for label, predict in predictors:
        s = troop_scores(cases, predict)
        print(f"| {name} | {label} | {s['gold']} / {s['predicted']} | {s['precision']:.3f} | {s['recall']:.3f} | "
              f"{s['f1']:.3f} | {s['kind_accuracy']:.3f} | {s['kind_year_accuracy']:.3f} |")


def main() -> None:
    nlp = iraqtext.load_nlp()
    ours = iraqtext_predictor(nlp)
    predictors = (("iraqtext", ours), ("iraqtext, rules only", iraqtext_predictor(nlp, learned_kinds=False,
                                                                                   learned_levels=False)),
                  ("CARDINAL baseline", cardinal_baseline(nlp)))
    print("| set | extractor | figures (gold / found) | precision | recall | F1 | kind right | kind and year right |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in ("dev", "dev2", "test", "train_2003_2011", "train_2012_2026", "train_kinds", "train_2014_2026",
                 "train_e", "train_f", "train_h", "train_i", "train_j", "train_k", "train_m", "train_n", "train_o", "train_p", "train_q", "train_r", "train_s", "test2", "test3",
                 "test4", "test5", "test6"):
        _print_scores(name, _cases(name), predictors)
    second = yaml.safe_load((DATA / "troop_kinds_second_coder.yaml").read_text(encoding="utf-8"))
    test2_ids = {case["id"] for case in _cases("test2")}
    print("\n| figures | who, against the labels | kind | kind and year |")
    print("| --- | --- | --- | --- |")
    # The 40 figures of the first test half are training data of the kind model: only test2's 60 are
    # honest for the extractor.
    for label, rows in (("all 100", second), ("the 60 of test2", [r for r in second if r["id"] in test2_ids])):
        a = figure_label_agreement(_cases("test") + _cases("test2"), rows, ours)
        print(f"| {label} | second person | {a['kind']:.3f} (kappa {a['kappa']:.3f}) | {a['kind_year']:.3f} |")
        print(f"| {label} | iraqtext ({a['extractor_found']} found) | {a['extractor_kind']:.3f} | {a['extractor_kind_year']:.3f} |")

    print("\n| files labelled blind (scored once on arrival; AD-AP read since) | extractor | figures (gold / found) | precision | recall | F1 | kind right | kind and year right |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for names in (("train_ad",), ("train_ae", "train_af"), ("train_ag", "train_ah"), ("train_ai", "train_aj"),
                  ("train_ak", "train_al"), ("train_am", "train_an"), ("train_ao", "train_ap"), ("train_aq", "train_ar")):
        _print_scores(" + ".join(names), [case for name in names for case in _cases(name)], predictors)
    print("\n| passages | second labeller against the first | figures (first / second) | F1 | kind right | kind and year right |")
    print("| --- | --- | --- | --- | --- | --- |")
    for first, second in ((("train_am", "train_an"), "am_an"), (("train_ao", "train_ap"), "ao_ap")):
        again = yaml.safe_load((DATA / f"troop_second_labels_{second}.yaml").read_text(encoding="utf-8"))
        s = troop_scores([case for name in first for case in _cases(name)], second_labeller(again))
        print(f"| {' + '.join(first)} | blind, same guidelines | {s['gold']} / {s['predicted']} | {s['f1']:.3f} | "
              f"{s['kind_accuracy']:.3f} | {s['kind_year_accuracy']:.3f} |")


if __name__ == "__main__":
    main()
