"""Troop figures on the development passages only: ``troop_passages_dev.yaml`` and
``troop_passages_dev2.yaml`` (never the frozen test half), with the CARDINAL baseline, and with
``--errors`` every passage whose figures differ from its labels.

Run with ``python benchmarks/troop_dev.py [--errors]``; prints a Markdown table.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import iraqtext  # noqa: E402
from iraqtext.validation import cardinal_baseline, iraqtext_predictor, troop_scores  # noqa: E402

SETS = ("dev", "dev2")


def main(show_errors: bool = False) -> None:
    nlp = iraqtext.load_nlp()
    ours = iraqtext_predictor(nlp)
    print("| set | extractor | figures (gold / found) | precision | recall | F1 | kind right | kind and year right |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    errors = []
    for name in SETS:
        cases = yaml.safe_load((ROOT / "tests" / "data" / f"troop_passages_{name}.yaml").read_text(encoding="utf-8"))
        for label, predict in (("iraqtext", ours), ("CARDINAL baseline", cardinal_baseline(nlp))):
            s = troop_scores(cases, predict)
            print(f"| {name} | {label} | {s['gold']} / {s['predicted']} | {s['precision']:.3f} | {s['recall']:.3f} | "
                  f"{s['f1']:.3f} | {s['kind_accuracy']:.3f} | {s['kind_year_accuracy']:.3f} |")
        for case in cases if show_errors else []:
            gold = sorted((g["low"], g["high"], g["kind"], g.get("year")) for g in case.get("figures") or [])
            found = sorted(ours(case))
            if gold != found:
                errors.append(f"{case['id']} ({case.get('published')}): {case['text']}\n  labels {gold}\n  found  {found}")
    if errors:
        print("\n" + "\n".join(errors))


if __name__ == "__main__":
    main("--errors" in sys.argv[1:])
