"""Cleaning on annotated scrapes: body lines kept and noise lines leaked, next to jusText and trafilatura.

Sets (line-by-line annotations, ``annotations.yaml`` in each folder):

* ``tests/data/clean_dev`` — 14 real scrapes from 10 sites, used while writing the rules;
* ``tests/data/clean_holdout`` — 16 real scrapes from 13 other sites, frozen before any rule was changed;
* ``tests/data/clean_holdout2`` — 16 real scrapes from 16 further sites, annotated by a helper who never
  saw the cleaner, frozen and measured once before the rules were changed for it;
* ``tests/data/clean_holdout3`` — 15 real scrapes from 15 further sites, made the same way by another
  helper, frozen and measured before and after the rules of 2026-11-26, never read for errors;
* ``tests/data/clean_holdout4`` — 15 real scrapes from 15 further sites, made the same way by a third
  helper (more varied noise: embeds, forecasts, forum and comment chrome), measured once before any rule
  changed, then read for its errors: development since;
* ``tests/data/clean_holdout5`` — 15 more scrapes from 15 further sites by a fifth helper, the same way
  (page headers kept, appended stories on related subjects): measured once on arrival, then read;
* ``tests/data/clean_holdout6`` — 14 scrapes from 14 further sites by a sixth helper (third session), the
  same way: measured once on arrival, then read (development since);
* ``tests/data/clean_holdout7`` — 14 scrapes from 14 further sites by a seventh helper, the same way, after
  held-out 6's rules: measured once on arrival, then read for its body losses;
* ``tests/data/clean_holdout8`` — 14 scrapes from 14 further sites by an eighth helper (fourth session), the
  same way: measured once on arrival, then read (development since);
* ``tests/data/clean_holdout9`` — 14 scrapes from 14 further sites by a ninth helper, after held-out 8's
  rules, the same way: measured once on arrival, then read (development since);
* ``tests/data/clean_holdout10`` — 12 scrapes from 12 further sites by a tenth helper, after all of the fourth
  session's rules: measured on arrival and frozen, never read for errors;
* the five seed articles (``tests/data/seed_noise_lines.yaml``).

jusText and trafilatura take HTML, so each text line is given to them as one ``<p>`` of a page; a line
counts as kept when it is a line of their output (or, for a line of four words or more, when its
letters appear in the output).

Run with ``python benchmarks/cleaning_sets.py``.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from iraqtext.validation import expand_lines, score_cleaning_set  # noqa: E402


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _as_page(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    return f"<html><head><title>page</title></head><body><div>{paragraphs}</div></body></html>"


def _kept_lines(raw: str, output: str) -> set[int]:
    out_lines = {_letters(line) for line in output.split("\n") if line.strip()}
    out_letters = _letters(output)
    kept = set()
    for number, line in enumerate(raw.split("\n"), start=1):
        letters = _letters(line)
        if letters and (letters in out_lines or len(line.split()) >= 4 and letters in out_letters):
            kept.add(number)
    return kept


def _external(folder: Path, annotations: dict, extract) -> dict:
    totals = {"body": 0, "body_kept": 0, "noise": 0, "noise_leaked": 0}
    for doc_id, spec in annotations.items():
        raw = (folder / f"{doc_id}.txt").read_text(encoding="utf-8")
        kept = _kept_lines(raw, extract(raw))
        body = expand_lines(spec.get("body"))
        noise = [line for lines in (spec.get("noise") or {}).values() for line in expand_lines(lines)]
        totals["body"] += len(body)
        totals["body_kept"] += sum(line in kept for line in body)
        totals["noise"] += len(noise)
        totals["noise_leaked"] += sum(line in kept for line in noise)
    return totals


def _justext(raw: str) -> str:
    import justext

    paragraphs = justext.justext(_as_page(raw).encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _trafilatura(raw: str) -> str:
    import trafilatura

    return trafilatura.extract(_as_page(raw), include_comments=False) or ""


def _row(name: str, scores: dict) -> str:
    return (f"| {name} | {scores['body_kept']}/{scores['body']} ({scores['body_kept'] / scores['body']:.1%}) | "
            f"{scores['noise_leaked']}/{scores['noise']} ({scores['noise_leaked'] / scores['noise']:.1%}) |")


def main() -> None:
    print("| set and cleaner | body lines kept | noise lines leaked |\n| --- | --- | --- |")
    for name in ("clean_dev", "clean_holdout", "clean_holdout2", "clean_holdout3", "clean_holdout4", "clean_holdout5",
                 "clean_holdout6", "clean_holdout7", "clean_holdout8", "clean_holdout9", "clean_holdout10"):
        folder = ROOT / "tests" / "data" / name
        annotations = yaml.safe_load((folder / "annotations.yaml").read_text(encoding="utf-8"))
        print(_row(f"{name}: iraqtext", score_cleaning_set(folder)))
        print(_row(f"{name}: jusText", _external(folder, annotations, _justext)))
        print(_row(f"{name}: trafilatura", _external(folder, annotations, _trafilatura)))
    seeds = yaml.safe_load((ROOT / "tests" / "data" / "seed_noise_lines.yaml").read_text(encoding="utf-8"))
    seed_spec = {}
    for doc_id, spec in seeds.items():
        lines = (ROOT / "data" / "raw" / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")
        noise = {line for values in spec["noise"].values() for line in expand_lines(values)}
        seed_spec[doc_id] = {"noise": {"any": [n for n in sorted(noise) if lines[n - 1].strip()]},
                             "body": [i for i, line in enumerate(lines, 1) if line.strip() and i not in noise]}
    seed_file = Path("/tmp") / "iraqtext-seed-annotations.yaml"
    seed_file.write_text(yaml.safe_dump(seed_spec), encoding="utf-8")
    print(_row("seeds: iraqtext", score_cleaning_set(ROOT / "data" / "raw", seed_file)))
    print(_row("seeds: jusText", _external(ROOT / "data" / "raw", seed_spec, _justext)))
    print(_row("seeds: trafilatura", _external(ROOT / "data" / "raw", seed_spec, _trafilatura)))


if __name__ == "__main__":
    main()
