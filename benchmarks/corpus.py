"""A generated corpus for the benchmarks: the seed articles copied under new ids, each copy made
distinct (paragraph order rotated, a line naming the copy) so that nothing is shared between
documents but their style, noise included.

``python benchmarks/corpus.py OUT_DIR N [coded]`` writes ``N`` documents and a ``manifest.csv`` to ``OUT_DIR``
(``coded``: real articles, :func:`write_coded_corpus`).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw"


def _rotated(raw: str, k: int) -> str:
    """The raw text with its blocks (runs of non-blank lines) rotated by ``k``: same lines, new order."""
    blocks = [b for b in raw.split("\n\n") if b.strip()]
    k %= max(1, len(blocks))
    return "\n\n".join(blocks[k:] + blocks[:k]) + "\n"


def write_corpus(out_dir: str | Path, n_documents: int, first: int = 0) -> Path:
    """Write documents ``first .. first + n_documents - 1`` and a manifest listing them; returns the folder."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with (SEEDS / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        seeds = list(csv.DictReader(handle))
    rows = []
    for k in range(first, first + n_documents):
        seed = seeds[k % len(seeds)]
        raw = (SEEDS / seed["file"]).read_text(encoding="utf-8")
        doc_id = f"copy{k:05d}-{seed['doc_id']}"
        text = f"Copy {k} of a {seed['publisher']} article, for benchmarking.\n\n" + _rotated(raw, k // len(seeds))
        (out_dir / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        rows.append({**seed, "doc_id": doc_id, "file": f"{doc_id}.txt"})
    return _write_manifest(out_dir, rows)


def _write_manifest(out_dir: Path, rows: list[dict]) -> Path:
    """Write ``manifest.csv`` listing ``rows`` (the columns of the first) into ``out_dir``; returns the folder."""
    with (out_dir / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    return out_dir


def write_coded_corpus(out_dir: str | Path, n_documents: int, first: int = 0) -> Path:
    """Write documents ``first .. first + n_documents - 1`` of a corpus of real text: the hand-coded frame
    paragraphs of the package (``iraqtext/data/frames_coded.yaml``) joined back into their 540 articles of
    2017–2024, in order of document id (ids past 540 wrap around under new ids). Many short articles from
    hundreds of sites, as a researcher's scrape is; the seeds' copies are a few long ones."""
    import yaml

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    coded = yaml.safe_load((ROOT / "iraqtext" / "data" / "frames_coded.yaml").read_text(encoding="utf-8"))
    articles: dict[str, list[dict]] = {}
    for row in coded:
        articles.setdefault(row["doc_id"], []).append(row)
    ids = sorted(articles)
    rows = []
    for k in range(first, first + n_documents):
        source = ids[k % len(ids)]
        paragraphs = sorted(articles[source], key=lambda r: r["para_id"])
        doc_id = source if k < len(ids) else f"copy{k:05d}-{source}"
        (out_dir / f"{doc_id}.txt").write_text("\n\n".join(p["text"] for p in paragraphs) + "\n", encoding="utf-8")
        rows.append({"doc_id": doc_id, "file": f"{doc_id}.txt", "title": source.replace("-", " "), "authors": "",
                     "publisher": paragraphs[0].get("publisher") or "", "published": str(paragraphs[0]["published"]),
                     "url": paragraphs[0].get("url") or "", "notes": "coded paragraphs only"})
    return _write_manifest(out_dir, rows)


if __name__ == "__main__":  # pragma: no cover
    (write_coded_corpus if sys.argv[3:] == ["coded"] else write_corpus)(sys.argv[1], int(sys.argv[2]))
