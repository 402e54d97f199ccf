"""Charts for the notebooks: every chart has a title, labelled axes with units, a source note,
and is saved as PNG under ``reports/figures/``. Functions take tidy tables and return the figure.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd

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


KIND_COLOURS = {"current": "#1f77b4", "historical": "#7f7f7f", "proposed": "#2ca02c", "planned": "#ff7f0e"}
TROOP_NOTE = ("Source: iraqtext troop_figures table (each point is one sentence of one document; "
              "see the table at the end of the notebook).")


def _short(doc_id: str) -> str:
    return doc_id.split("-")[0] + " " + doc_id.split("-")[1] if doc_id.count("-") >= 1 else doc_id


def _draw_figure_points(ax, frame: pd.DataFrame, x: pd.Series) -> None:
    """Points (with low–high bars for ranges) coloured by kind, labelled with the source."""
    for kind, colour in KIND_COLOURS.items():
        sel = frame["kind"] == kind
        if not sel.any():
            continue
        mid = (frame.loc[sel, "low"] + frame.loc[sel, "high"]) / 2
        err = [mid - frame.loc[sel, "low"], frame.loc[sel, "high"] - mid]
        ax.errorbar(x[sel], mid, yerr=err, fmt="o", color=colour, label=kind, capsize=4, markersize=7)
    stacked: dict[tuple[float, int], int] = {}
    for (_, row), xpos in zip(frame.iterrows(), x):
        y = (row.low + row.high) / 2
        key = (round(float(xpos), 1), round(np.log10(y) * 10))  # labels of nearby points are stacked, not overprinted
        k = stacked.get(key, 0)
        stacked[key] = k + 1
        ax.annotate(f"{_short(row.doc_id)}: {row.surface}", (xpos, y), fontsize=7,
                    xytext=(6, 3 - 10 * k), textcoords="offset points")


def _log_troop_axis(ax) -> None:
    ax.set_yscale("log")
    ax.set_ylim(500, 400_000)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel("U.S. troops in Iraq (log scale)")
    ax.grid(True, which="major", axis="y", alpha=0.3)


def _finish_troop_chart(fig: plt.Figure, ax, title: str, xlabel: str) -> plt.Figure:
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.legend(title="kind", loc="lower left")
    add_source_note(fig, TROOP_NOTE)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def troop_timeline(timeline: pd.DataFrame) -> plt.Figure:
    """Troop levels by the year they refer to; undated past levels (peaks) in a column on the left."""
    frame = timeline.sort_values(["plot_year", "doc_id", "start"], na_position="first").reset_index(drop=True)
    dated = frame["plot_year"].dropna()
    first = int(dated.min()) if len(dated) else 2017
    undated_x = first - 3
    x = frame["plot_year"].fillna(undated_x).astype(float)
    fig, ax = plt.subplots(figsize=(10, 5.5))
    _draw_figure_points(ax, frame, x)
    _log_troop_axis(ax)
    ticks = [undated_x] + list(range(first, int(dated.max()) + 1 if len(dated) else first + 1))
    ax.set_xticks(ticks, ["undated\n(peak)"] + [str(t) for t in ticks[1:]])
    ax.axvline(undated_x + 1.5, color="0.6", lw=0.8, ls="--")
    ax.set_xlim(undated_x - 1, ticks[-1] + 2)
    return _finish_troop_chart(fig, ax, "U.S. troop levels in Iraq by the year they refer to",
                               "year the figure refers to (undated proposals drawn at their publication year)")


def troops_by_publication_year(figures: pd.DataFrame) -> plt.Figure:
    """How authors writing in each year describe the present, the past and the future."""
    frame = figures.sort_values(["year", "doc_id", "start"]).reset_index(drop=True)
    offsets = {"historical": -0.2, "current": 0.0, "proposed": 0.2, "planned": 0.3}
    x = frame["year"].astype(float) + frame["kind"].map(offsets).fillna(0)
    fig, ax = plt.subplots(figsize=(10, 5.5))
    _draw_figure_points(ax, frame, x)
    _log_troop_axis(ax)
    years = sorted(frame["year"].unique())
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(min(years) - 1, max(years) + 1.5)
    return _finish_troop_chart(fig, ax, "Troop figures by the year the source was published",
                               "publication year (points offset by kind: historical left, proposed right)")


def proposals_vs_current(figures: pd.DataFrame) -> plt.Figure:
    """Per document: the current level it reports next to what it proposes or reports as planned."""
    frame = figures[figures["kind"].isin(["current", "proposed", "planned"])]
    docs = sorted(frame["doc_id"].unique())
    fig, ax = plt.subplots(figsize=(9, 0.8 * max(len(docs), 1) + 1.8))
    for i, doc_id in enumerate(docs):
        for kind, colour in KIND_COLOURS.items():
            rows = frame[(frame["doc_id"] == doc_id) & (frame["kind"] == kind)]
            for _, row in rows.iterrows():
                y = i - 0.15 if kind == "current" else i + 0.15
                ax.plot([row.low, row.high if row.high > row.low else row.low * 1.02], [y, y], color=colour, lw=6,
                        solid_capstyle="butt", label=kind)
                ax.annotate(row.surface, (row.high, y), xytext=(5, -3), textcoords="offset points", fontsize=7)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), title="kind", loc="lower right")
    ax.set_yticks(range(len(docs)), docs)
    ax.set_xlabel("U.S. troops in Iraq (bars span a proposed range)")
    ax.set_ylabel("document")
    ax.set_title("What authors propose vs. the level they report at the time of writing")
    ax.set_xlim(0, max(frame["high"].max() * 1.3, 1000) if len(frame) else 1000)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    add_source_note(fig, TROOP_NOTE)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


ENTITY_NOTE = "Source: iraqtext entities table (spaCy NER + iraqtext actor patterns; canonical names)."


def actor_rates_by_year(rates: pd.DataFrame, top: int = 8) -> plt.Figure:
    """Small multiples: the most-mentioned actors of each publication year, per 1,000 words."""
    years = sorted(rates["year"].unique())
    fig, axes = plt.subplots(1, len(years), figsize=(4.2 * len(years), 4.2), sharex=True)
    axes = np.atleast_1d(axes)
    for ax, year in zip(axes, years):
        sub = rates[rates["year"] == year].nlargest(top, "per_1000").iloc[::-1]
        ax.barh(sub["canonical"], sub["per_1000"], color="#4c72b0")
        ax.set_title(str(year))
        ax.set_xlabel("mentions per 1,000 words")
    axes[0].set_ylabel("actor (canonical name)")
    fig.suptitle("Most-mentioned actors by publication year")
    add_source_note(fig, ENTITY_NOTE)
    fig.tight_layout(rect=(0, 0.04, 1, 0.97))
    return fig


def group_trend(shares: pd.DataFrame) -> plt.Figure:
    """Lines: mentions per 1,000 words of each actor group by publication year."""
    table = shares.pivot_table(index="year", columns="group", values="per_1000", fill_value=0)
    fig, ax = plt.subplots(figsize=(9, 4.8))
    table.plot(ax=ax, marker="o")
    ax.set_xticks(table.index, [str(y) for y in table.index])
    ax.set_title("Who the corpus talks about: actor groups, 2017 → 2024")
    ax.set_xlabel("publication year")
    ax.set_ylabel("mentions per 1,000 words")
    ax.legend(title="actor group", fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    add_source_note(fig, ENTITY_NOTE)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def cooccurrence_heatmap(pairs: pd.DataFrame, actors: list[str]) -> plt.Figure:
    """Heatmap: in how many paragraphs each pair of the given actors is named together."""
    matrix = pd.DataFrame(0, index=actors, columns=actors, dtype="int64")
    for row in pairs.itertuples():
        if row.actor_a in matrix.index and row.actor_b in matrix.index:
            matrix.loc[row.actor_a, row.actor_b] = matrix.loc[row.actor_b, row.actor_a] = row.paragraphs
    fig, ax = plt.subplots(figsize=(0.6 * len(actors) + 3, 0.6 * len(actors) + 2))
    image = ax.imshow(matrix.values, cmap="Blues")
    ax.set_xticks(range(len(actors)), actors, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(actors)), actors, fontsize=8)
    for i in range(len(actors)):
        for j in range(len(actors)):
            if i != j and matrix.iat[i, j]:
                ax.text(j, i, matrix.iat[i, j], ha="center", va="center", fontsize=7)
    fig.colorbar(image, ax=ax, label="paragraphs naming both")
    ax.set_title("Actors named in the same paragraph")
    ax.set_xlabel("actor")
    ax.set_ylabel("actor")
    add_source_note(fig, ENTITY_NOTE)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


FRAME_NOTE = "Source: iraqtext frames / topics tables (codebook iraqtext/data/frames.yaml; NMF topics)."


def heatmap(table: pd.DataFrame, title: str, xlabel: str, ylabel: str, colorbar: str,
            note: str = FRAME_NOTE, fmt: str = "{:.2f}") -> plt.Figure:
    """An annotated heatmap of a wide table (rows × columns)."""
    fig, ax = plt.subplots(figsize=(0.9 * table.shape[1] + 4, 0.45 * table.shape[0] + 2.2))
    image = ax.imshow(table.values.astype(float), cmap="Blues", aspect="auto")
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns], rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index], fontsize=8)
    peak = float(np.nanmax(table.values)) if table.size else 0.0
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            value = table.iat[i, j]
            if value:
                ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=7,
                        color="white" if value > 0.6 * peak else "black")
    fig.colorbar(image, ax=ax, label=colorbar)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    add_source_note(fig, note)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def frame_trend(shares: pd.DataFrame) -> plt.Figure:
    """Lines: the share of paragraphs led by each frame, by publication year."""
    table = shares.pivot(index="year", columns="frame", values="share")
    fig, ax = plt.subplots(figsize=(9.5, 5))
    for frame in table.columns:
        style = "-" if table[frame].max() >= 0.15 else ":"
        ax.plot(table.index, table[frame], style, marker="o", label=frame)
    ax.set_xticks(table.index, [str(y) for y in table.index])
    ax.set_title("Leading frame of each paragraph: shares by publication year")
    ax.set_xlabel("publication year")
    ax.set_ylabel("share of paragraphs whose primary frame it is")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="frame")
    add_source_note(fig, FRAME_NOTE)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def topic_selection(scores: pd.DataFrame, chosen: int) -> plt.Figure:
    """Mean UMass coherence and reconstruction error against the number of topics."""
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(scores["n_topics"], scores["mean_coherence"], marker="o", color="#1f77b4", label="mean UMass coherence")
    ax.set_xlabel("number of topics k")
    ax.set_ylabel("mean UMass coherence (higher is better)", color="#1f77b4")
    other = ax.twinx()
    other.plot(scores["n_topics"], scores["reconstruction_error"], marker="s", color="#ff7f0e", label="reconstruction error")
    other.set_ylabel("NMF reconstruction error", color="#ff7f0e")
    ax.axvline(chosen, color="0.5", ls="--", lw=1)
    ax.set_title(f"Choosing the number of topics (chosen: k = {chosen})")
    add_source_note(fig, FRAME_NOTE)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig
