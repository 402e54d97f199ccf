"""Charts for the notebooks: every chart has a title, labelled axes with units, a source note,
and is saved as PNG under ``reports/figures/``. Functions take tidy tables and return the figure.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib


import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

SOURCE_NOTE = "Source: iraqtext seed corpus (data/raw/manifest.csv); tables from `iraqtext build`."
REASON_ORDER = (
    "link_list", "appended_article", "notes", "paywall", "caption", "pull_quote", "bio", "site_chrome",
)


def add_source_note(fig: plt.Figure, note: str = SOURCE_NOTE) -> None:
    """Write ``note`` in small type under the axes."""
    fig.text(0.01, 0.005, note, fontsize=7, color="0.35", ha="left", va="bottom")


def save_figure(fig: plt.Figure, figures_dir: str | Path, name: str) -> Path:
    """Save ``fig`` as ``<figures_dir>/<name>.png`` (deterministic: no timestamps) and return the path."""
    path = Path(figures_dir) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120, bbox_inches="tight", metadata={"Software": None})
    return path


def words_before_after(documents: pd.DataFrame) -> plt.Figure:
    """Horizontal bars: words per document in the raw scrape and after cleaning."""
    frame = documents.sort_values(["year", "doc_id"]).set_index("doc_id")[["n_words_raw", "n_words_clean"]]
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(frame) + 1.5))
    frame.rename(columns={"n_words_raw": "raw scrape", "n_words_clean": "after cleaning"}).plot.barh(ax=ax)
    ax.set_title("Words per document before and after cleaning")
    ax.set_xlabel("words (count)")
    ax.set_ylabel("document")
    ax.invert_yaxis()
    add_source_note(fig)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def removed_by_reason(removed: pd.DataFrame) -> plt.Figure:
    """Stacked bars: removed blocks per document, by reason."""
    counts = removed.pivot_table(index="doc_id", columns="reason", values="position", aggfunc="count", fill_value=0)
    counts = counts[[r for r in REASON_ORDER if r in counts.columns]]
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(counts) + 1.8))
    counts.plot.barh(stacked=True, ax=ax, colormap="tab10")
    ax.set_title("What cleaning removed, by reason")
    ax.set_xlabel("removed blocks (lines of the raw file)")
    ax.set_ylabel("document")
    ax.invert_yaxis()
    ax.legend(title="reason", fontsize=8, loc="lower right")
    add_source_note(fig)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def documents_by_year(documents: pd.DataFrame) -> plt.Figure:
    """Bars: number of documents per publication year, stacked by publisher."""
    counts = documents.pivot_table(index="year", columns="publisher", values="doc_id", aggfunc="count", fill_value=0)
    fig, ax = plt.subplots(figsize=(8, 3.5))
    counts.plot.bar(stacked=True, ax=ax)
    ax.set_title("Documents by publication year and publisher")
    ax.set_xlabel("publication year")
    ax.set_ylabel("documents (count)")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    add_source_note(fig)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig
