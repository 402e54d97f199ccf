"""HTML intake: how much of a page's article survives, and how much else comes with it.

Measured on the article-extraction benchmark of Zyte/scrapinghub (181 real news and blog pages with a
hand-extracted article body; https://github.com/scrapinghub/article-extraction-benchmark). The pages
are not part of this repository: clone that repository and pass its folder::

    python benchmarks/html_extraction.py path/to/article-extraction-benchmark [N_PAGES]

Each page goes through the intakes below; the score is the benchmark's own: word 4-gram (shingle)
precision and recall against the true article body, averaged over pages. Only the pages whose article
is in English are scored (163 of 181): iraqtext sets the others aside by design (:mod:`iraqtext.language`).

* ``iraqtext``: trafilatura with precision settings, then the cleaning rules on wording (what the build
  does with an HTML page: the rules on the shape of runs of lines are left out, trafilatura did that);
* ``whole page + rules``: the whole page turned into text (inscriptis), then the cleaning rules
  (what the build did before);
* ``trafilatura, precision`` and ``trafilatura, default`` alone;
* when ``html2text`` is installed (``pip install html2text``; not a dependency of iraqtext): the page saved
  as Markdown, as crawlers save pages, whole (html2text) and as its main content (trafilatura's Markdown
  output), each given to iraqtext as a Markdown document (:func:`iraqtext.corpus.article_text`).
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return {tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))} if tokens else set()


def _scores(true: str, pred: str) -> tuple[float, float]:
    truth, got = _shingles(true), _shingles(pred)
    precision = len(truth & got) / len(got) if got else (1.0 if not truth else 0.0)
    recall = len(truth & got) / len(truth) if truth else 1.0
    return precision, recall


def _iraqtext_document(text: str) -> str:
    """What the build makes of one document's text: markup reduced to its article, then the cleaner."""
    from iraqtext.clean import clean_text
    from iraqtext.corpus import article_text

    article, markup = article_text(text)
    return clean_text(article, extracted=bool(markup)).text


def main() -> None:
    import trafilatura
    from inscriptis import get_text
    from inscriptis.model.config import ParserConfig

    from iraqtext.clean import clean_text
    from iraqtext.corpus import html_to_text
    from iraqtext.language import other_language

    folder = Path(sys.argv[1])
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    intakes = {
        "iraqtext (trafilatura precision + wording rules)": lambda html: clean_text(html_to_text(html),
                                                                                  extracted=True).text,
        "whole page + rules (before)": lambda html: clean_text(
            get_text(html, ParserConfig(display_links=False, display_images=False))).text,
        "trafilatura, precision": lambda html: trafilatura.extract(html, favor_precision=True) or "",
        "trafilatura, default": lambda html: trafilatura.extract(html) or "",
    }
    try:
        import html2text
    except ImportError:
        print("(html2text is not installed: the Markdown intakes are left out)")
    else:
        def whole_page_markdown(html: str) -> str:
            converter = html2text.HTML2Text()
            converter.body_width = 0  # no hard wrapping, as crawlers save it
            return converter.handle(html)

        def main_content_markdown(html: str) -> str:
            return trafilatura.extract(html, output_format="markdown", include_links=True, include_images=True,
                                       include_formatting=True) or ""

        intakes["Markdown of the whole page (html2text) + iraqtext"] = lambda html: _iraqtext_document(
            whole_page_markdown(html))
        intakes["Markdown of the main content (trafilatura) + iraqtext"] = lambda html: _iraqtext_document(
            main_content_markdown(html))
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in intakes}
    english = [key for key in sorted(truth) if other_language(truth[key]["articleBody"]) is None]
    for key in english[:limit]:
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", errors="replace")
        for name, intake in intakes.items():
            results[name].append(_scores(truth[key]["articleBody"], intake(html)))
    print(f"{len(results[next(iter(results))])} pages\n")
    print("| intake | precision | recall | F1 |\n| --- | --- | --- | --- |")
    for name, scores in results.items():
        precision = statistics.mean(p for p, _ in scores)
        recall = statistics.mean(r for _, r in scores)
        print(f"| {name} | {precision:.3f} | {recall:.3f} | {2 * precision * recall / (precision + recall):.3f} |")


if __name__ == "__main__":
    main()
