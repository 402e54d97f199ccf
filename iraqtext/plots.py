"""Charts for the notebooks: every chart has a title, labelled axes with units and a source note
naming the corpus, and is saved as PNG by :func:`save_figure`. Functions take tidy tables and return
the figure; none of them reads files.

Every function draws something for any table it is given: an empty table gives a figure that says
there is nothing to show (a notebook prints a one-line note instead of drawing it), a corpus of
hundreds of documents gives a chart of bounded size (per-document bars become a scatter or totals).
Per-year charts show how many documents stand behind each year; where the table carries ``low`` /
``high`` (a bootstrap interval over documents, :mod:`iraqtext.uncertainty`) they are drawn as error
bars, and years with one or two documents are drawn as hollow points.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd

from .corpus import dated, undated_count
from .uncertainty import MIN_DOCUMENTS_FOR_INTERVAL

DEFAULT_NOTE = "Source: tables from `iraqtext build`."
REASON_ORDER = (
    "link_list", "appended_article", "notes", "paywall", "caption", "pull_quote", "bio", "site_chrome",
    "comment_form", "promo",
)
#: Above this many documents, per-document bar charts give way to a scatter or to totals.
MAX_DOCUMENT_BARS = 30
#: Largest figure side in inches (at 120 dpi: 2,400 pixels), whatever the size of the corpus.
MAX_INCHES = 20.0
INTERVAL_NOTE = ("Bars: 95 % bootstrap interval over documents (years with ≥ 3 documents); "
                 "hollow points: years with only one or two documents (no interval).")
TROOP_NOTE = ("Source: iraqtext troop_figures table (each point groups the figures of one year and kind; "
              "see the tables of notebook 03).")
ENTITY_NOTE = "Source: iraqtext entities table (spaCy NER + iraqtext actor patterns; canonical names)."
FRAME_NOTE = "Source: iraqtext frames / topics tables (frame model and codebook iraqtext/data/frames.yaml; NMF topics)."
KIND_COLOURS = {"current": "#1f77b4", "historical": "#7f7f7f", "proposed": "#2ca02c", "planned": "#ff7f0e"}
KIND_OFFSETS = {"historical": -0.18, "current": 0.0, "proposed": 0.18, "planned": 0.3}


# --- notes, saving, empty charts ----------------------------------------------------------------------
def corpus_note(documents: pd.DataFrame, corpus: str | None = None, table: str | None = None) -> str:
    """A source note naming the corpus: ``Source: corpus <corpus> (5 documents, 2017–2024); <table> table
    from `iraqtext build`.`` — ``corpus`` is what the reader knows it by (a folder, a file, a name)."""
    n = int(documents["doc_id"].nunique()) if len(documents) else 0
    years = ""
    known = dated(documents)
    if len(known):
        first, last = int(known["year"].min()), int(known["year"].max())
        years = f", {first}" if first == last else f", {first}–{last}"
    undated = undated_count(documents)
    if undated:
        years += f", {undated} undated (in no per-year chart)"
    name = f"corpus {corpus} " if corpus else "corpus "
    what = f"{table} table" if table else "tables"
    return f"Source: {name}({n} document{'s' if n != 1 else ''}{years}); {what} from `iraqtext build`."


def add_source_note(fig: plt.Figure, note: str = DEFAULT_NOTE) -> None:
    """Write ``note`` in small type under the axes."""
    fig.text(0.01, 0.005, note, fontsize=7, color="0.35", ha="left", va="bottom", wrap=True)


def save_figure(fig: plt.Figure, figures_dir: str | Path, name: str) -> Path:
    """Save ``fig`` as ``<figures_dir>/<name>.png`` (deterministic: no timestamps) and return the path."""
    path = Path(figures_dir) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120, bbox_inches="tight", metadata={"Software": None})
    return path


def _finish(fig: plt.Figure, note: str, bottom: float = 0.04) -> plt.Figure:
    add_source_note(fig, note)
    fig.tight_layout(rect=(0, bottom, 1, 1))
    return fig


def _no_data(title: str, xlabel: str, ylabel: str, message: str, note: str) -> plt.Figure:
    """A chart frame with its title and axis labels that says there is nothing to draw."""
    fig, ax = plt.subplots(figsize=(8, 3))
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=10, color="0.3")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return _finish(fig, note, bottom=0.06)


def _height(rows: int, per_row: float, extra: float) -> float:
    return min(per_row * max(rows, 1) + extra, MAX_INCHES)


def year_label(year: int, n_documents: int | None = None) -> str:
    """A year's tick label with the documents behind it: ``'2017\\n2 docs'``."""
    if n_documents is None:
        return str(year)
    return f"{year}\n{n_documents} doc{'s' if n_documents != 1 else ''}"


def label_years(table: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Rename a wide table's year columns to :func:`year_label` (``'2017\\n2 docs'``) for a heatmap."""
    per_year = documents.groupby("year")["doc_id"].nunique()
    return table.rename(columns=lambda y: year_label(y, int(per_year.get(y, 0))))


# --- the corpus ----------------------------------------------------------------------------------------
def words_before_after(documents: pd.DataFrame, note: str = DEFAULT_NOTE) -> plt.Figure:
    """Words per document in the raw scrape and after cleaning: bars for up to
    :data:`MAX_DOCUMENT_BARS` documents, a scatter (one point per document) beyond."""
    title, xlabel = "Words per document before and after cleaning", "words (count)"
    if documents.empty:
        return _no_data(title, xlabel, "document", "no documents", note)
    if len(documents) > MAX_DOCUMENT_BARS:
        fig, ax = plt.subplots(figsize=(7, 6))
        ax.scatter(documents["n_words_raw"], documents["n_words_clean"], s=12, alpha=0.6, color="#1f77b4")
        peak = max(float(documents["n_words_raw"].max()), 1.0)
        ax.plot([0, peak], [0, peak], ls="--", color="0.6", lw=1, label="nothing removed")
        ax.set_title(f"{title} ({len(documents):,} documents)")
        ax.set_xlabel("words in the raw scrape (count)")
        ax.set_ylabel("words after cleaning (count)")
        ax.legend(loc="upper left")
        return _finish(fig, note)
    frame = documents.sort_values(["year", "doc_id"]).set_index("doc_id")[["n_words_raw", "n_words_clean"]]
    fig, ax = plt.subplots(figsize=(8, _height(len(frame), 0.6, 1.5)))
    frame.rename(columns={"n_words_raw": "raw scrape", "n_words_clean": "after cleaning"}).plot.barh(ax=ax)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("document")
    ax.invert_yaxis()
    return _finish(fig, note, bottom=0.03)


def _reason_order(reasons) -> list[str]:
    known = [r for r in REASON_ORDER if r in set(reasons)]
    return known + sorted(set(reasons) - set(known))


def removed_by_reason(removed: pd.DataFrame, note: str = DEFAULT_NOTE) -> plt.Figure:
    """Removed blocks per document, stacked by reason; totals by reason beyond :data:`MAX_DOCUMENT_BARS` documents."""
    title = "What cleaning removed, by reason"
    if removed.empty:
        return _no_data(title, "removed blocks (lines of the raw file)", "document", "nothing was removed", note)
    if removed["doc_id"].nunique() > MAX_DOCUMENT_BARS:
        totals = removed.groupby("reason").size().reindex(_reason_order(removed["reason"].unique()))
        fig, ax = plt.subplots(figsize=(8, _height(len(totals), 0.45, 1.5)))
        ax.barh(totals.index, totals.to_numpy(), color="#4c72b0")
        ax.invert_yaxis()
        ax.set_title(f"{title} ({removed['doc_id'].nunique():,} documents)")
        ax.set_xlabel("removed blocks (lines of the raw file), all documents")
        ax.set_ylabel("reason")
        return _finish(fig, note, bottom=0.03)
    counts = removed.pivot_table(index="doc_id", columns="reason", values="position", aggfunc="count", fill_value=0)
    counts = counts[_reason_order(counts.columns)]
    fig, ax = plt.subplots(figsize=(8, _height(len(counts), 0.6, 1.8)))
    counts.plot.barh(stacked=True, ax=ax, colormap="tab10")
    ax.set_title(title)
    ax.set_xlabel("removed blocks (lines of the raw file)")
    ax.set_ylabel("document")
    ax.invert_yaxis()
    ax.legend(title="reason", fontsize=8, loc="lower right")
    return _finish(fig, note, bottom=0.03)


def documents_by_year(documents: pd.DataFrame, note: str = DEFAULT_NOTE, max_publishers: int = 8) -> plt.Figure:
    """Bars: number of documents per publication year, stacked by publisher (the
    ``max_publishers`` largest; the rest as "other publishers"), with the count on each bar."""
    title = "Documents by publication year and publisher"
    if documents.empty:
        return _no_data(title, "publication year", "documents (count)", "no documents", note)
    documents = dated(documents)  # a bar per publication year: the undated are named in the source note
    if documents.empty:
        return _no_data(title, "publication year", "documents (count)", "no dated documents", note)
    sizes = documents.groupby("publisher").size().sort_values(ascending=False, kind="stable")  # ties: by name
    kept = set(sizes.index[:max_publishers])
    publisher = documents["publisher"].where(documents["publisher"].isin(kept), "other publishers")
    counts = documents.assign(publisher=publisher).pivot_table(index="year", columns="publisher", values="doc_id",
                                                               aggfunc="count", fill_value=0)
    fig, ax = plt.subplots(figsize=(min(max(8, 0.45 * len(counts) + 4), MAX_INCHES), 4))
    counts.plot.bar(stacked=True, ax=ax, width=0.8)
    for i, total in enumerate(counts.sum(axis=1)):
        ax.annotate(str(int(total)), (i, total), ha="center", va="bottom", fontsize=8, xytext=(0, 2),
                    textcoords="offset points")
    ax.set_title(title)
    ax.set_xlabel("publication year")
    ax.set_ylabel("documents (count)")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="publisher")
    return _finish(fig, note, bottom=0.03)


# --- troop levels ----------------------------------------------------------------------------------------
def _short(doc_id: str) -> str:
    parts = doc_id.split("-")
    return f"{parts[0]} {parts[1]}" if len(parts) >= 2 else doc_id


def _log_troop_axis(ax, low: float, high: float) -> None:
    ax.set_yscale("log")
    ax.set_ylim(min(500, low * 0.6), max(400_000, high * 1.6))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel("U.S. troops in Iraq (count, log scale)")
    ax.grid(True, which="major", axis="y", alpha=0.3)


def _draw_troop_groups(ax, groups: pd.DataFrame, x: pd.Series, label_limit: int = 15) -> None:
    """One mark per group of figures: a point at the median, a bar from the smallest to the largest
    value any source gives, a black ring where sources disagree, and a label (source and figure for a
    single figure; counts for several)."""
    for kind, colour in KIND_COLOURS.items():
        sel = (groups["kind"] == kind).to_numpy()
        if not sel.any():
            continue
        sub, xs = groups[sel], x[sel]
        ax.vlines(xs, sub["low"], sub["high"], color=colour, lw=3, alpha=0.55)
        ax.scatter(xs, sub["median"], color=colour, s=45, zorder=3, label=kind)
        disputed = sub["disagree"].to_numpy()
        if disputed.any():
            ax.scatter(xs[disputed], sub["median"][disputed], facecolors="none", edgecolors="black", s=140,
                       linewidths=1.4, zorder=4)
    many = len(groups) > label_limit
    for (_, row), xpos in zip(groups.iterrows(), x):
        if many:  # a crowded chart: only the number of figures behind a mark
            if row["figures"] > 1:
                ax.annotate(str(row["figures"]), (xpos, row["median"]), fontsize=6, xytext=(5, 2),
                            textcoords="offset points")
            continue
        if row["figures"] == 1:
            text = f"{_short(row['sources'].split(' (')[0])}: {row['values']}"
        else:
            text = f"{row['figures']} figures, {row['documents']} docs" + (": sources differ" if row["disagree"] else "")
        ax.annotate(text, (xpos, row["median"]), fontsize=7, xytext=(7, -3), textcoords="offset points")
    if groups["disagree"].any():
        ax.scatter([], [], facecolors="none", edgecolors="black", s=140, linewidths=1.4, label="sources differ")
    if many:
        ax.plot([], [], " ", label="numbers: figures per mark")


def _year_axis(ax, years: list[int]) -> None:
    if len(years) <= 15:
        ax.set_xticks(years, [str(y) for y in years])
    else:
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))


def troop_timeline(figures: pd.DataFrame, note: str = TROOP_NOTE) -> plt.Figure:
    """Troop levels by the year they refer to, figures of the same year and kind grouped into one
    mark (range bar from the lowest to the highest value, ring where sources disagree); undated past
    levels (peaks) in a column on the left. ``figures`` is the ``troop_figures`` table."""
    from .readings import troop_level_groups, unplaced_groups

    title = "U.S. troop levels in Iraq by the year they refer to"
    xlabel = "year the figure refers to (undated proposals drawn at their publication year)"
    if figures.empty:
        return _no_data(title, xlabel, "U.S. troops in Iraq (count)", "no U.S. troop figure in this corpus", note)
    groups = troop_level_groups(figures)
    unplaced = unplaced_groups(groups)
    if unplaced.all():
        return _no_data(title, xlabel, "U.S. troops in Iraq (count)", "no troop figure with a year", note)
    if unplaced.any():  # say on the chart what it leaves out
        note = (f"{int(groups.loc[unplaced, 'figures'].sum())} figures of undated documents whose sentences name "
                f"no year are not drawn. {note}")
    groups = groups[~unplaced].reset_index(drop=True)
    known_years = groups["plot_year"].dropna().astype(int)
    first, last = (int(known_years.min()), int(known_years.max())) if len(known_years) else (2000, 2000)
    undated_x = first - max(2, round((last - first) / 8))
    base = groups["plot_year"].astype("Float64").fillna(undated_x).astype(float)
    x = base + groups["kind"].map(KIND_OFFSETS).fillna(0).to_numpy()
    fig, ax = plt.subplots(figsize=(min(10 + 0.15 * max(last - first - 10, 0), MAX_INCHES), 5.5))
    _draw_troop_groups(ax, groups, x)
    _log_troop_axis(ax, float(groups["low"].min()), float(groups["high"].max()))
    years = sorted(set(known_years))
    undated = bool(groups["plot_year"].isna().any())
    if undated:
        ax.axvline(undated_x + 1, color="0.6", lw=0.8, ls="--")
    if len(years) <= 15:
        ticks = ([undated_x] if undated else []) + years
        ax.set_xticks(ticks, (["undated\n(peak)"] if undated else []) + [str(y) for y in years])
    else:
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        if undated:
            ax.annotate("undated\n(peak)", (undated_x, 0), xycoords=("data", "axes fraction"), xytext=(0, -24),
                        textcoords="offset points", ha="center", va="top", fontsize=8)
    left = undated_x if undated else first
    ax.set_xlim(left - 1, last + 2)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.legend(title="kind", loc="best", fontsize=8)
    return _finish(fig, note, bottom=0.03)


def troops_by_publication_year(figures: pd.DataFrame, note: str = TROOP_NOTE) -> plt.Figure:
    """How authors writing in each year describe the present, the past and the future: figures
    grouped by publication year and kind (offset: historical left, proposed right)."""
    title = "Troop figures by the year the source was published"
    xlabel = "publication year (points offset by kind: historical left, proposed right)"
    if figures.empty:
        return _no_data(title, xlabel, "U.S. troops in Iraq (count)", "no U.S. troop figure in this corpus", note)
    from .readings import troop_level_groups

    figures = dated(figures)
    if figures.empty:
        return _no_data(title, xlabel, "U.S. troops in Iraq (count)", "no troop figure in a dated document", note)
    # Group by publication year: the grouping helper groups by ``refers_to_year``, so hand it that.
    by_publication = figures.assign(refers_to_year=figures["year"].astype("Int64"))
    groups = troop_level_groups(by_publication)
    x = groups["plot_year"].astype(float) + groups["kind"].map(KIND_OFFSETS).fillna(0).to_numpy()
    years = sorted(figures["year"].astype(int).unique())
    fig, ax = plt.subplots(figsize=(min(10 + 0.15 * max(len(years) - 10, 0), MAX_INCHES), 5.5))
    _draw_troop_groups(ax, groups, x)
    _log_troop_axis(ax, float(groups["low"].min()), float(groups["high"].max()))
    per_year = figures.groupby("year")["doc_id"].nunique()
    if len(years) <= 15:
        ax.set_xticks(years, [year_label(y, int(per_year[y])) for y in years])
    else:
        _year_axis(ax, years)
    ax.set_xlim(min(years) - 1, max(years) + 1.5)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.legend(title="kind", loc="best", fontsize=8)
    return _finish(fig, note, bottom=0.03)


def proposals_vs_current(figures: pd.DataFrame, note: str = TROOP_NOTE,
                         max_documents: int = MAX_DOCUMENT_BARS) -> plt.Figure:
    """Per document: the current level it reports next to what it proposes or reports as planned.

    At most ``max_documents`` are drawn: first those that give both (the comparison the chart is for),
    then those with a proposal or plan only, then those with a current level only; within each, the
    most recently published. They are shown in order of publication, labelled ``doc_id (date)``."""
    title = "What authors propose vs. the level they report at the time of writing"
    xlabel = "U.S. troops in Iraq (count, log scale; bars span a range)"
    frame = figures[figures["kind"].isin(["current", "proposed", "planned"])]
    if frame.empty:
        return _no_data(title, xlabel, "document", "no current, proposed or planned level in this corpus", note)
    rank = frame.groupby("doc_id").agg(kinds=("kind", lambda k: set(k)), published=("published", "first")).reset_index()
    rank["group"] = [0 if "current" in k and len(k) > 1 else 1 if "current" not in k else 2 for k in rank["kinds"]]
    rank["published"] = rank["published"].fillna("")
    # newest first within each group (doc_id breaks ties: groupby sorted by it), then back in publication order
    rank = rank.sort_values("published", ascending=False, kind="stable")
    chosen = rank.sort_values("group", kind="stable").head(max_documents)
    chosen = chosen.sort_values(["published", "doc_id"], kind="stable")
    docs = chosen["doc_id"].tolist()
    if len(docs) < len(rank):
        title += f"\n({len(docs)} of {len(rank)} documents: those giving both first, the most recent)"
    fig, ax = plt.subplots(figsize=(9, _height(len(docs), 0.8, 1.8)))
    for i, doc_id in enumerate(docs):
        for kind, colour in KIND_COLOURS.items():
            rows = frame[(frame["doc_id"] == doc_id) & (frame["kind"] == kind)]
            for _, row in rows.iterrows():
                y = i - 0.15 if kind == "current" else i + 0.15
                ax.plot([row.low, row.high if row.high > row.low else row.low * 1.05], [y, y], color=colour, lw=6,
                        solid_capstyle="butt", label=kind)
                ax.annotate(row.surface, (row.high, y), xytext=(5, -3), textcoords="offset points", fontsize=7)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), title="kind", loc="lower right")
    ax.set_yticks(range(len(docs)), [f"{d} ({p})" if p else f"{d} (undated)" for d, p in
                                     zip(docs, chosen["published"])])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("document (published)")
    ax.set_title(title)
    drawn = frame[frame["doc_id"].isin(docs)]
    ax.set_xscale("log")  # a few hundred advisers and 150,000 troops on one axis
    ax.set_xlim(max(float(drawn["low"].min()) / 2, 1), float(drawn["high"].max()) * 4)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    return _finish(fig, note, bottom=0.03)


# --- per-year lines with intervals -----------------------------------------------------------------------
def _value_column(table: pd.DataFrame, fallback: str) -> str:
    return "value" if "value" in table.columns else fallback


def _trend_lines(ax, table: pd.DataFrame, key: str, value: str, keys: list[str]) -> list[int]:
    """Lines per key over years, error bars where ``low``/``high`` exist, hollow points for years with
    one or two documents; a small horizontal dodge keeps overlapping intervals apart. Returns the years."""
    years = sorted(table["year"].unique())
    has_interval = "low" in table.columns
    step = 0.06 * (years[-1] - years[0] if len(years) > 1 else 1) / max(len(keys), 1)
    for k, name in enumerate(keys):
        rows = table[table[key] == name].sort_values("year")
        x = rows["year"].to_numpy(dtype=float) + (k - (len(keys) - 1) / 2) * step
        y = rows[value].to_numpy(dtype=float)
        line = ax.plot(x, y, "-", lw=1.5, label=name)[0]
        colour = line.get_color()
        few = ((rows["n_documents"] < MIN_DOCUMENTS_FOR_INTERVAL).to_numpy() if "n_documents" in rows
               else np.zeros(len(rows), bool))
        ax.scatter(x[~few], y[~few], color=colour, s=30, zorder=3)
        ax.scatter(x[few], y[few], facecolors="white", edgecolors=colour, s=36, linewidths=1.5, zorder=3)
        if has_interval:
            low, high = rows["low"].to_numpy(dtype=float), rows["high"].to_numpy(dtype=float)
            ok = ~np.isnan(low)
            if ok.any():
                ax.errorbar(x[ok], y[ok], yerr=[y[ok] - low[ok], high[ok] - y[ok]], fmt="none", ecolor=colour,
                            elinewidth=1, capsize=3, alpha=0.8)
    return [int(y) for y in years]


def _year_ticks_with_documents(ax, table: pd.DataFrame, years: list[int]) -> None:
    """Year ticks that say how many documents each year pools; beyond 15 years the counts are
    written in small grey type along the bottom of the axes instead."""
    if "n_documents" not in table.columns:
        _year_axis(ax, years)
    elif len(years) <= 15:
        per_year = table.groupby("year")["n_documents"].max()
        ax.set_xticks(years, [year_label(y, int(per_year[y])) for y in years])
    else:
        _year_axis(ax, years)
        per_year = table.groupby("year")["n_documents"].max()
        for year in years:
            ax.annotate(str(int(per_year[year])), (year, 0.01), xycoords=("data", "axes fraction"), ha="center",
                        va="bottom", fontsize=6, color="0.45")
        ax.set_xlabel("publication year (grey numbers: documents behind each year)")
    if len(years) == 1:
        ax.set_xlim(years[0] - 1, years[0] + 1)


def frame_trend(shares: pd.DataFrame, note: str = FRAME_NOTE, top: int = 6) -> plt.Figure:
    """Lines: the share of paragraphs led by each of the ``top`` frames (by their largest yearly share),
    by publication year, with bootstrap intervals and document counts when ``shares`` carries them
    (:func:`iraqtext.uncertainty.frame_shares_by_year`; :func:`iraqtext.frame_shares` works too)."""
    title = "Leading frame of each paragraph: shares by publication year"
    ylabel = "share of paragraphs whose primary frame it is (0–1)"
    value = _value_column(shares, "share")
    if shares.empty or float(shares[value].sum()) == 0:
        return _no_data(title, "publication year", ylabel, "no paragraph has a primary frame", note)
    peaks = shares.groupby("frame")[value].max().sort_index().sort_values(ascending=False, kind="stable")
    keys = [f for f in peaks.index[:top] if peaks[f] > 0]
    fig, ax = plt.subplots(figsize=(9.5, 5))
    years = _trend_lines(ax, shares, "frame", value, keys)
    ax.set_xlabel("publication year (documents behind each year)")
    _year_ticks_with_documents(ax, shares, years)
    ax.set_ylim(0, min(1.0, float(shares.get("high", shares[value]).max(skipna=True)) * 1.1 + 0.02))
    hidden = len(peaks) - len(keys)
    ax.set_title(title + (f" (top {len(keys)} frames)" if hidden else ""))
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="frame")
    return _finish(fig, note + " " + INTERVAL_NOTE if "low" in shares.columns else note, bottom=0.05)


def group_trend(shares: pd.DataFrame, note: str = ENTITY_NOTE) -> plt.Figure:
    """Lines: mentions per 1,000 words of each actor group by publication year, with bootstrap
    intervals and document counts when the table carries them
    (:func:`iraqtext.uncertainty.group_rates_by_year`; :func:`iraqtext.entities.group_shares` works too)."""
    title = "Who the corpus talks about: actor groups by publication year"
    ylabel = "mentions per 1,000 words"
    value = _value_column(shares, "per_1000")
    if shares.empty:
        return _no_data(title, "publication year", ylabel, "no mention of a grouped actor", note)
    keys = sorted(shares["group"].unique())
    fig, ax = plt.subplots(figsize=(9, 4.8))
    years = _trend_lines(ax, shares, "group", value, keys)
    ax.set_xlabel("publication year (documents behind each year)")
    _year_ticks_with_documents(ax, shares, years)
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.legend(title="actor group", fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _finish(fig, note + " " + INTERVAL_NOTE if "low" in shares.columns else note, bottom=0.05)


# --- actors ----------------------------------------------------------------------------------------------
def actor_rates_by_year(rates: pd.DataFrame, top: int = 8, note: str = ENTITY_NOTE, max_years: int = 12) -> plt.Figure:
    """Small multiples: the most-mentioned actors of each publication year, per 1,000 words (the
    ``max_years`` latest years), with bootstrap intervals and the documents behind each year when
    ``rates`` carries them (:func:`iraqtext.uncertainty.actor_rates_by_year`;
    :func:`iraqtext.mentions_per_thousand_words` with ``by="year"`` works too)."""
    title = "Most-mentioned actors by publication year"
    value = _value_column(rates, "per_1000")
    if rates.empty or float(rates[value].sum()) == 0:
        return _no_data(title, "mentions per 1,000 words", "actor (canonical name)", "no actor mention", note)
    years = sorted(rates["year"].unique())
    shown = years[-max_years:]
    columns = min(len(shown), 4)
    grid_rows = -(-len(shown) // columns)
    fig, axes = plt.subplots(grid_rows, columns, figsize=(min(4.2 * columns, MAX_INCHES), min(4.2 * grid_rows, MAX_INCHES)),
                             sharex=True, squeeze=False)
    for ax, year in zip(axes.flat, shown):
        ranked = rates[(rates["year"] == year) & (rates[value] > 0)].sort_values(
            [value, "canonical"], ascending=[False, True], kind="stable").head(top).iloc[::-1]
        n_docs = int(ranked["n_documents"].max()) if "n_documents" in ranked and len(ranked) else None
        xerr = None
        if "low" in ranked and ranked["low"].notna().any():
            xerr = [ranked[value] - ranked["low"].fillna(ranked[value]), ranked["high"].fillna(ranked[value]) - ranked[value]]
        hollow = n_docs is not None and n_docs < MIN_DOCUMENTS_FOR_INTERVAL
        ax.barh(ranked["canonical"], ranked[value], xerr=xerr, capsize=2, ecolor="0.3",
                color="white" if hollow else "#4c72b0", edgecolor="#4c72b0", hatch="//" if hollow else None)
        ax.set_title(year_label(year, n_docs).replace("\n", " · ") if n_docs else str(year), fontsize=10)
        ax.set_xlabel("mentions per 1,000 words")
        ax.tick_params(axis="y", labelsize=8)
    for ax in list(axes.flat)[len(shown):]:
        ax.set_visible(False)
    for row in axes:
        row[0].set_ylabel("actor (canonical name)")
    suffix = f" (latest {len(shown)} of {len(years)} years)" if len(shown) < len(years) else ""
    fig.suptitle(title + suffix)
    extra = " Hatched bars: years with only one or two documents." if "n_documents" in rates.columns else ""
    interval = " Error bars: 95 % bootstrap interval over documents." if "low" in rates.columns else ""
    add_source_note(fig, note + interval + extra)
    fig.tight_layout(rect=(0, 0.04, 1, 0.97))
    return fig


def cooccurrence_heatmap(pairs: pd.DataFrame, actors: list[str], note: str = ENTITY_NOTE) -> plt.Figure:
    """Heatmap: in how many paragraphs each pair of the given actors is named together."""
    title = "Actors named in the same paragraph"
    if not actors:
        return _no_data(title, "actor", "actor", "no person, organisation or state named", note)
    matrix = pd.DataFrame(0, index=actors, columns=actors, dtype="int64")
    for row in pairs.itertuples():
        if row.actor_a in matrix.index and row.actor_b in matrix.index:
            matrix.loc[row.actor_a, row.actor_b] = matrix.loc[row.actor_b, row.actor_a] = row.paragraphs
    side = min(0.6 * len(actors) + 3, MAX_INCHES)
    fig, ax = plt.subplots(figsize=(side, min(0.6 * len(actors) + 2, MAX_INCHES)))
    image = ax.imshow(matrix.values, cmap="Blues")
    ax.set_xticks(range(len(actors)), actors, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(actors)), actors, fontsize=8)
    for i in range(len(actors)):
        for j in range(len(actors)):
            if i != j and matrix.iat[i, j]:
                ax.text(j, i, matrix.iat[i, j], ha="center", va="center", fontsize=7)
    fig.colorbar(image, ax=ax, label="paragraphs naming both (count)")
    ax.set_title(title)
    ax.set_xlabel("actor")
    ax.set_ylabel("actor")
    return _finish(fig, note)


# --- frames and topics -----------------------------------------------------------------------------------
def heatmap(table: pd.DataFrame, title: str, xlabel: str, ylabel: str, colorbar: str,
            note: str = FRAME_NOTE, fmt: str = "{:.2f}") -> plt.Figure:
    """An annotated heatmap of a wide table (rows × columns); cells are annotated up to 400 cells."""
    if table.empty:
        return _no_data(title, xlabel, ylabel, "nothing to show", note)
    fig, ax = plt.subplots(figsize=(min(0.9 * table.shape[1] + 4, MAX_INCHES),
                                    min(0.45 * table.shape[0] + 2.4, MAX_INCHES)))
    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="Blues", aspect="auto")
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns], rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index], fontsize=8)
    peak = float(np.nanmax(values)) if np.isfinite(values).any() else 0.0
    if table.size <= 400:
        for i in range(table.shape[0]):
            for j in range(table.shape[1]):
                value = values[i, j]
                if value and np.isfinite(value):
                    ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=7,
                            color="white" if value > 0.6 * peak else "black")
    fig.colorbar(image, ax=ax, label=colorbar)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return _finish(fig, note)


def topic_selection(scores: pd.DataFrame, chosen: int, note: str = FRAME_NOTE) -> plt.Figure:
    """Mean UMass coherence and reconstruction error against the number of topics."""
    title = f"Choosing the number of topics (chosen: k = {chosen})"
    if scores.empty:
        return _no_data("Choosing the number of topics", "number of topics k", "mean UMass coherence",
                        "no topic model (corpus too small)", note)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(scores["n_topics"], scores["mean_coherence"], marker="o", color="#1f77b4", label="mean UMass coherence")
    ax.set_xlabel("number of topics k (count)")
    ax.set_ylabel("mean UMass coherence (log ratio; higher is better)", color="#1f77b4")
    other = ax.twinx()
    other.plot(scores["n_topics"], scores["reconstruction_error"], marker="s", color="#ff7f0e",
               label="reconstruction error")
    other.set_ylabel("NMF reconstruction error (Frobenius norm)", color="#ff7f0e")
    ax.axvline(chosen, color="0.5", ls="--", lw=1)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_title(title)
    return _finish(fig, note)
