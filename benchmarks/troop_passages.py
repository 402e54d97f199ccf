"""Troop figures on real passages: values, kinds and years against hand labels, next to a baseline.

``tests/data/troop_passages_dev.yaml`` (92 passages, used while writing the rules) and
``tests/data/troop_passages_test.yaml`` (94 passages, frozen before any rule was changed and not read
while tuning): real news and think-tank passages of 2003–2025, split by page. The baseline is a spaCy
CARDINAL entity within three tokens of a troop word, read as a current level.

Run with ``python benchmarks/troop_passages.py``; prints a Markdown table.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import iraqtext  # noqa: E402
from iraqtext.validation import cardinal_baseline, iraqtext_predictor, troop_scores  # noqa: E402


def main() -> None:
    nlp = iraqtext.load_nlp()
    print("| set | extractor | figures (gold / found) | precision | recall | F1 | kind right | kind and year right |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in ("dev", "test"):
        cases = yaml.safe_load((ROOT / "tests" / "data" / f"troop_passages_{name}.yaml").read_text(encoding="utf-8"))
        for label, predict in (("iraqtext", iraqtext_predictor(nlp)), ("CARDINAL baseline", cardinal_baseline(nlp))):
            s = troop_scores(cases, predict)
            print(f"| {name} | {label} | {s['gold']} / {s['predicted']} | {s['precision']:.3f} | {s['recall']:.3f} | "
                  f"{s['f1']:.3f} | {s['kind_accuracy']:.3f} | {s['kind_year_accuracy']:.3f} |")


if __name__ == "__main__":
    main()
