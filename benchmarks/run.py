"""Speed, as ratios measured in one run (this machine is noisy, so absolute times mean little).

* cleaning: ``clean_text`` on the seed articles vs. parsing the same raw text with spaCy (so the
  ratio says what cleaning adds to a pipeline that parses anyway);
* troop figures: the rules on top of the parse vs. the parse alone (``nlp.pipe``);
* entities: the actor components vs. the plain spaCy pipeline.

Run with ``make benchmark``; prints a table of medians (of 5 repeats) and ratios.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Callable

import iraqtext
from iraqtext.troops import figures_in_doc

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(work: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    docs = iraqtext.load_corpus(ROOT / "data" / "raw")
    raws = list(docs["raw_text"])
    documents, _, _ = iraqtext.clean_corpus(docs, progress=False)
    paragraphs = list(iraqtext.paragraphs(documents)["text"])
    nlp = iraqtext.load_nlp()
    plain = iraqtext.load_nlp(actors=False)
    rows = []

    base = median_seconds(lambda: list(plain.pipe(raws)))
    ours = median_seconds(lambda: [iraqtext.clean_text(raw) for raw in raws])
    rows.append(("clean_text vs. spaCy parse of raw", base, ours))

    parsed = list(nlp.pipe(paragraphs))
    base = median_seconds(lambda: list(nlp.pipe(paragraphs)))
    ours = median_seconds(lambda: [figures_in_doc(doc) for doc in parsed]) + base
    rows.append(("troop figures vs. parse alone", base, ours))

    base = median_seconds(lambda: list(plain.pipe(paragraphs)))
    ours = median_seconds(lambda: list(nlp.pipe(paragraphs)))
    rows.append(("actor pipeline vs. plain spaCy", base, ours))

    print(f"{'measure':34} {'baseline s':>11} {'iraqtext s':>11} {'ratio':>7}")
    for name, base, ours in rows:
        print(f"{name:34} {base:11.4f} {ours:11.4f} {ours / base:7.2f}")


if __name__ == "__main__":
    main()
