"""Readings of the tables: the sentences a notebook states as findings, computed from the tables.

Every finding a notebook states in prose — which frame leads in which year, which actor rises,
what the troop level was — comes from a function here, so it is true for whatever corpus the
tables were built from (and after every model change). Functions are pure: they take the tables
of ``iraqtext build`` (or the small tables of :mod:`iraqtext.uncertainty`) and return a Markdown
string or a small DataFrame; they never print, plot or read files. A notebook renders a reading with
``IPython.display.Markdown(reading)``.

Conventions: frames and actor groups are named by their ids in backticks (as in the tables and
chart legends); shares are given in per cent of paragraphs; every per-year statement says how many
documents stand behind it, and a lead is called clear only when bootstrap intervals do not overlap.

>>> percent(0.254)
'25 %'
>>> count_of(1, "document"), count_of(3, "document")
('1 document', '3 documents')
"""

from __future__ import annotations

import pandas as pd

from .corpus import dated, is_missing, undated_count
from .troops import is_vague, timeline_table, unplaced_on_timeline
from .uncertainty import MIN_DOCUMENTS_FOR_INTERVAL

KIND_ORDER: tuple[str, ...] = ("historical", "current", "proposed", "planned")
#: How many items a reading lists before it refers to the table.
MAX_LISTED = 5


# --- formatting ------------------------------------------------------------------------------------------
def percent(share: float) -> str:
    """``0.254`` → ``'25 %'``."""
    return f"{100 * share:.0f} %"


def count_of(n: int, noun: str) -> str:
    """``count_of(2, "document")`` → ``'2 documents'``."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def troop_value(low: int, high: int) -> str:
    """``(2500, 2500)`` → ``'2,500'``; ``(3000, 5000)`` → ``'3,000–5,000'``."""
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def _interval(low: float, high: float, fmt=percent) -> str:
    return "" if is_missing(low) else f" (95 % interval {fmt(low)}–{fmt(high)})"


def _support(n_documents: int) -> str:
    """``'2 documents — too few for an interval'`` or ``'5 documents'``."""
    text = count_of(int(n_documents), "document")
    return text + (" — too few for an interval" if n_documents < MIN_DOCUMENTS_FOR_INTERVAL else "")


def _listing(items: list[str]) -> str:
    shown = items[:MAX_LISTED]
    rest = len(items) - len(shown)
    return "; ".join(shown) + (f"; and {rest} more (see the table)" if rest else "")


def empty_note(table: str, consequence: str) -> str:
    """The one line a notebook shows for an empty table, e.g.
    ``empty_note("troop_figures", "no troop chart is drawn")``."""
    return f"*The `{table}` table is empty for this corpus: {consequence}.*"


def per_year_empty_note(table: str, rows: pd.DataFrame, documents: pd.DataFrame, consequence: str,
                        reason: str | None = None) -> str:
    """The one line for a per-year view that came out empty, saying why: the table ``rows`` is empty, none
    of its rows is from a document with a publication date, or (``reason``) something else.

    >>> docs = pd.DataFrame({"doc_id": ["a"], "year": pd.array([None], dtype="Int64")})
    >>> per_year_empty_note("frame_primary", pd.DataFrame({"doc_id": ["a"]}), docs, "no chart")
    '*None of the documents behind the `frame_primary` table has a publication date: no chart.*'
    >>> dated_docs = pd.DataFrame({"doc_id": ["a"], "year": pd.array([2021], dtype="Int64")})
    >>> per_year_empty_note("entities", pd.DataFrame({"doc_id": ["a"]}), dated_docs, "no chart",
    ...                     reason="no actor of a group in actors.yaml is named")
    '*No actor of a group in actors.yaml is named: no chart.*'
    """
    if rows.empty:
        return empty_note(table, consequence)
    if not rows["doc_id"].isin(dated(documents)["doc_id"]).any():
        return f"*None of the documents behind the `{table}` table has a publication date: {consequence}.*"
    why = reason or "nothing to show by year"
    return f"*{why[0].upper()}{why[1:]}: {consequence}.*"


# --- the corpus ------------------------------------------------------------------------------------------
def corpus_scope(documents: pd.DataFrame) -> str:
    """One sentence: how many documents, from which years, how many per year.

    >>> corpus_scope(pd.DataFrame({"doc_id": ["a", "b", "c"], "year": [2017, 2017, 2024]}))
    'The corpus holds 3 documents published 2017–2024: 2 in 2017, 1 in 2024.'
    """
    if documents.empty:
        return "The corpus holds no documents."
    per_year = documents.groupby("year")["doc_id"].nunique().sort_index()
    n = int(documents["doc_id"].nunique())
    undated = undated_count(documents)
    if undated:
        if per_year.empty:
            return f"The corpus holds {count_of(n, 'document')}, none with a publication date."
        n -= undated
        tail = (f" {count_of(undated, 'other document')} {'has' if undated == 1 else 'have'} no publication date: "
                f"{'it is' if undated == 1 else 'they are'} in no per-year table or chart.")
    else:
        tail = ""
    if len(per_year) == 1:
        return f"The corpus holds {count_of(n, 'document')}, all published in {per_year.index[0]}.{tail}"
    span = f"{per_year.index.min()}–{per_year.index.max()}"
    if len(per_year) <= 12:
        years = ", ".join(f"{c} in {y}" for y, c in per_year.items())
        return f"The corpus holds {count_of(n, 'document')} published {span}: {years}.{tail}"
    return (f"The corpus holds {count_of(n, 'document')} published {span}, in {len(per_year)} different years "
            f"({per_year.min()} to {per_year.max()} documents a year).{tail}")


def cleaning_reading(documents: pd.DataFrame, removed: pd.DataFrame, repairs: pd.DataFrame) -> str:
    """How much of the raw scrapes cleaning kept, which document lost most, what was removed and repaired."""
    if documents.empty:
        return "No documents: nothing was cleaned."
    raw, clean = int(documents["n_words_raw"].sum()), int(documents["n_words_clean"].sum())
    kept = documents.assign(share=documents["n_words_clean"] / documents["n_words_raw"].where(
        documents["n_words_raw"] > 0)).sort_values(["share", "doc_id"], kind="stable")
    lines = [f"Cleaning kept {clean:,} of {raw:,} raw words ({percent(clean / raw) if raw else 'n/a'})."]
    if len(kept) > 1 and kept["share"].notna().any():
        low, high = kept.iloc[0], kept.dropna(subset=["share"]).iloc[-1]
        if percent(low.share) == percent(high.share):
            lines.append(f"Every document kept about {percent(low.share)} of its words.")
        else:
            lines.append(f"The share kept ranges from {percent(low.share)} (`{low.doc_id}`) to "
                         f"{percent(high.share)} (`{high.doc_id}`).")
    if removed.empty:
        lines.append("Nothing was removed as noise.")
    else:
        # groupby sorts reasons by name, so equal counts keep alphabetical order
        reasons = removed.groupby("reason").size().sort_values(ascending=False, kind="stable")
        verb = "was" if len(removed) == 1 else "were"
        lines.append(f"{count_of(len(removed), 'block')} {verb} removed; the most frequent reason is "
                     f"`{reasons.index[0]}` ({reasons.iloc[0]:,}).")
    if repairs.empty:
        lines.append("No in-text repair was needed.")
    else:
        verb = "was" if len(repairs) == 1 else "were"
        lines.append(f"{count_of(len(repairs), 'repair')} of scraping damage {verb} made.")
    return " ".join(lines)


# --- frames ----------------------------------------------------------------------------------------------
def leading_frames(shares: pd.DataFrame) -> pd.DataFrame:
    """Per year, the leading frame and the runner-up, from :func:`iraqtext.uncertainty.frame_shares_by_year`.

    Columns ``year, n_documents, leading, share, low, high, runner_up, runner_up_share,
    runner_up_high, tie, clear_lead``; ``clear_lead`` is True when the leader's interval lies above
    the runner-up's, False when they overlap, and NA for a year with too few documents for intervals.
    Ties are broken by frame name (and flagged in ``tie``).
    """
    columns = ["year", "n_documents", "leading", "share", "low", "high", "runner_up", "runner_up_share",
               "runner_up_high", "tie", "clear_lead"]
    rows = []
    for year, group in shares.groupby("year", sort=True):
        ranked = group.sort_values(["value", "frame"], ascending=[False, True], kind="stable")
        first = ranked.iloc[0]
        second = ranked.iloc[1] if len(ranked) > 1 else None
        runner_share = float(second["value"]) if second is not None else 0.0
        runner_high = float(second["high"]) if second is not None else float("nan")
        clear = pd.NA if is_missing(first["low"]) else bool(first["low"] > (runner_high if not is_missing(runner_high)
                                                                           else runner_share))
        rows.append((int(year), int(first["n_documents"]), first["frame"], float(first["value"]),
                     float(first["low"]), float(first["high"]), second["frame"] if second is not None else None,
                     runner_share, runner_high, second is not None and runner_share == float(first["value"]), clear))
    return pd.DataFrame(rows, columns=columns).astype({"clear_lead": "boolean"})


def leading_frames_reading(shares: pd.DataFrame) -> str:
    """Markdown bullets: for each publication year, which frame leads the paragraphs, by how much,
    how many documents stand behind it and whether the lead is clear."""
    if shares.empty or float(shares["value"].sum()) == 0:
        return "No paragraph of a dated document has a primary frame: there is no frame to report by year."
    bullets = []
    for row in leading_frames(shares).itertuples():
        if row.tie:
            year_rows = shares[(shares["year"] == row.year) & (shares["value"] == row.share)].sort_values("frame")
            tied = " and ".join(f"`{f}`" for f in year_rows["frame"])
            text = f"{tied} tie for the lead with {percent(row.share)} of paragraphs each"
            intervals = [f"`{r.frame}` {percent(r.low)}–{percent(r.high)}" for r in year_rows.itertuples()
                         if not is_missing(r.low)]
            if intervals:  # a tie on the point estimate says nothing of how far the documents support either
                text += f" (95 % intervals: {', '.join(intervals)})"
        else:
            text = f"`{row.leading}` leads with {percent(row.share)} of paragraphs{_interval(row.low, row.high)}"
            if row.runner_up is not None and row.runner_up_share > 0:
                text += f", ahead of `{row.runner_up}` ({percent(row.runner_up_share)})"
            else:
                text += "; no other frame leads a paragraph"
        if row.clear_lead is pd.NA or row.tie:
            verdict = ""
        elif row.clear_lead:
            verdict = "; the intervals do not overlap, so the lead holds across resampled documents"
        else:
            verdict = "; the intervals overlap, so the lead is not clear"
        bullets.append(f"* **{row.year}** ({_support(row.n_documents)}): {text}{verdict}.")
    return "\n".join(bullets)


def _few_documents_caveat(*documents_per_year: int) -> str:
    """The warning a change between two years needs when either rests on one or two documents."""
    if min(documents_per_year) < MIN_DOCUMENTS_FOR_INTERVAL:
        return " With one or two documents in either year, these are the documents' emphases, not a trend."
    return ""


def frame_change_reading(shares: pd.DataFrame) -> str:
    """Which frame gains and which loses most share of paragraphs between the first and the last year."""
    years = sorted(shares["year"].unique()) if not shares.empty else []
    if not years:
        return "No paragraph of a dated document has a primary frame: the corpus cannot show a change over time."
    if len(years) < 2:
        return f"All dated documents are from one publication year ({years[0]}): the corpus cannot show a change over time."
    first, last = years[0], years[-1]
    wide = shares.pivot_table(index="frame", columns="year", values="value", fill_value=0.0)
    change = (wide[last] - wide[first]).rename("change").reset_index().sort_values(
        ["change", "frame"], ascending=[False, True], kind="stable")
    n_docs = shares.groupby("year")["n_documents"].max()
    up, down = change.iloc[0], change.iloc[-1]
    text = (f"From {first} ({count_of(int(n_docs[first]), 'document')}) to {last} "
            f"({count_of(int(n_docs[last]), 'document')}): ")
    parts = []
    if up["change"] > 0:
        parts.append(f"`{up['frame']}` gains most ({percent(wide.at[up['frame'], first])} → "
                     f"{percent(wide.at[up['frame'], last])} of paragraphs)")
    if down["change"] < 0:
        parts.append(f"`{down['frame']}` loses most ({percent(wide.at[down['frame'], first])} → "
                     f"{percent(wide.at[down['frame'], last])})")
    if not parts:
        return text + "no frame's share of paragraphs changes."
    return text + "; ".join(parts) + "." + _few_documents_caveat(n_docs[first], n_docs[last])


def frame_evidence_terms(scores: pd.DataFrame, primary: pd.DataFrame, frame: str, top: int = 3) -> list[str]:
    """The indicator words most often matched for ``frame`` in the paragraphs it leads, most frequent
    first (ties by name). Syntactic links (``a→b``) and cues argued against (``¬term``) are left out,
    so each term can be looked up with :func:`iraqtext.kwic` (``lemma=True``)."""
    led = primary.loc[primary["primary"] == frame, ["doc_id", "para_id"]]
    rows = scores[scores["frame"] == frame].merge(led, on=["doc_id", "para_id"])
    terms = [t.strip() for cell in rows["matched_terms"].fillna("") for t in str(cell).split(";")]
    terms = [t for t in terms if t and "→" not in t and not t.startswith("¬")]
    counts = pd.Series(terms, dtype="object").value_counts()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [term for term, _ in ranked[:top]]


def most_frequent_primary(primary: pd.DataFrame) -> str | None:
    """The frame that is the primary frame of the most paragraphs (ties by name); None if none is."""
    led = primary.loc[primary["primary"] != "none", "primary"]
    if led.empty:
        return None
    counts = led.value_counts()
    return min(counts.index[counts == counts.max()])


def frame_evidence_reading(primary: pd.DataFrame, frame: str, terms: list[str]) -> str:
    """One sentence: how many paragraphs ``frame`` leads and which indicator words carry it there
    (:func:`frame_evidence_terms`)."""
    led = int((primary["primary"] == frame).sum())
    text = f"`{frame}` leads {count_of(led, 'paragraph')} of {len(primary)}; "
    if terms:
        return text + "its most frequent indicators there: " + ", ".join(f"*{t}*" for t in terms) + "."
    return text + "no codebook indicator is matched in them (the model's score rests on other words)."


def topics_reading(frames_vs_topics: pd.DataFrame, concentrated: float = 0.3) -> str:
    """Which frames an unsupervised topic recovers, from the mean topic weight of the paragraphs each
    frame leads (frames × topics). A frame has a topic *of its own* when its strongest topic holds at
    least ``concentrated`` of its topic weight and is no other frame's strongest topic; frames whose
    strongest topic is shared are named together; the rest spread over several topics."""
    if frames_vs_topics.empty:
        return "No topics were modelled for this corpus, so frames cannot be compared with topics."
    strongest = frames_vs_topics.idxmax(axis=1)
    totals = frames_vs_topics.sum(axis=1)
    share = (frames_vs_topics.max(axis=1) / totals.where(totals > 0)).fillna(0.0)
    focused = sorted(f for f in share.index if share[f] >= concentrated)
    by_topic: dict[str, list[str]] = {}
    for frame in focused:
        by_topic.setdefault(strongest[frame], []).append(frame)
    own = [f"`{fs[0]}` → *{topic}* ({share[fs[0]]:.2f})" for topic, fs in by_topic.items() if len(fs) == 1]
    shared = [" and ".join(f"`{f}`" for f in fs) + f" → *{topic}*" for topic, fs in by_topic.items() if len(fs) > 1]
    spread = [f"`{f}`" for f in sorted(share.index) if share[f] < concentrated]
    lines = []
    if own:
        lines.append("Frames with a topic of their own (share of the frame's topic weight on that topic): "
                     + "; ".join(own) + ".")
    if shared:
        lines.append("Frames that share their strongest topic: " + "; ".join(shared) + ".")
    if spread:
        lines.append(f"Frames spread over several topics (no topic holds {percent(concentrated)} of their weight): "
                     + ", ".join(spread) + ".")
    return " ".join(lines)


# --- actors ----------------------------------------------------------------------------------------------
def actor_changes(rates: pd.DataFrame, min_mentions: int = 3) -> pd.DataFrame:
    """Mentions per 1,000 words of each actor in the first and the last publication year.

    ``rates`` is :func:`iraqtext.entities.mentions_per_thousand_words` with ``by="year"``. Actors with
    fewer than ``min_mentions`` mentions in the two years together are left out. Columns
    ``canonical, first_year, last_year, first_rate, last_rate, change, mentions``, rising first (ties by name).
    """
    columns = ["canonical", "first_year", "last_year", "first_rate", "last_rate", "change", "mentions"]
    years = sorted(rates["year"].unique()) if not rates.empty else []
    if len(years) < 2:
        return pd.DataFrame(columns=columns)
    first, last = years[0], years[-1]
    words = rates.groupby("year")["words"].first()
    mentions = rates.groupby(["canonical", "year"])["mentions"].sum().unstack(fill_value=0).reindex(
        columns=[first, last], fill_value=0)
    table = pd.DataFrame({
        "canonical": mentions.index,
        "first_year": first, "last_year": last,
        "first_rate": (1000 * mentions[first] / words[first]).round(3).to_numpy(),
        "last_rate": (1000 * mentions[last] / words[last]).round(3).to_numpy(),
        "mentions": (mentions[first] + mentions[last]).to_numpy(),
    })
    table["change"] = (table["last_rate"] - table["first_rate"]).round(3)
    table = table[table["mentions"] >= min_mentions]
    return table.sort_values(["change", "canonical"], ascending=[False, True], kind="stable")[columns].reset_index(
        drop=True)


def actor_trend_reading(rates: pd.DataFrame, documents: pd.DataFrame, top: int = 3, min_mentions: int = 3) -> str:
    """Which actors rise and which fall (mentions per 1,000 words) between the first and the last year."""
    changes = actor_changes(rates, min_mentions=min_mentions)
    years = sorted(dated(documents)["year"].unique())
    if not years:
        return "No document has a publication date: the corpus cannot show actors rising or falling."
    if len(years) < 2:
        return f"All dated documents are from one publication year ({years[0]}): the corpus cannot show actors rising or falling."
    if changes.empty:
        return f"No actor is mentioned at least {min_mentions} times in {years[0]} and {years[-1]} together."
    per_year = documents.groupby("year")["doc_id"].nunique()
    first, last = years[0], years[-1]

    def describe(rows: pd.DataFrame) -> str:
        return ", ".join(f"*{r.canonical}* ({r.first_rate:.1f} → {r.last_rate:.1f})" for r in rows.itertuples())

    rising = changes[changes["change"] > 0].head(top)
    falling = changes[changes["change"] < 0].sort_values(["change", "canonical"], kind="stable").head(top)
    text = (f"Mentions per 1,000 words, {first} ({count_of(int(per_year[first]), 'document')}) → {last} "
            f"({count_of(int(per_year[last]), 'document')}): ")
    parts = []
    if not rising.empty:
        parts.append("rising most: " + describe(rising))
    if not falling.empty:
        parts.append("falling most: " + describe(falling))
    if not parts:
        return text + "no actor's rate changes."
    return text + "; ".join(parts) + "." + _few_documents_caveat(per_year[first], per_year[last])


def group_leaders_reading(group_rates: pd.DataFrame) -> str:
    """Markdown bullets: per year, the actor group named most (per 1,000 words) and the next one,
    from :func:`iraqtext.uncertainty.group_rates_by_year`."""
    if group_rates.empty or float(group_rates["value"].sum()) == 0:
        return "No mention of a grouped actor: there is no actor group to report."
    bullets = []
    for year, group in group_rates.groupby("year", sort=True):
        ranked = group.sort_values(["value", "group"], ascending=[False, True], kind="stable")
        first = ranked.iloc[0]
        fmt = "{:.1f}".format
        text = (f"`{first['group']}` is named most, {first['value']:.1f} mentions per 1,000 words"
                f"{_interval(first['low'], first['high'], fmt)}")
        if len(ranked) > 1 and ranked.iloc[1]["value"] > 0:
            text += f", then `{ranked.iloc[1]['group']}` ({ranked.iloc[1]['value']:.1f})"
        bullets.append(f"* **{year}** ({_support(int(first['n_documents']))}): {text}.")
    return "\n".join(bullets)


def top_actors_table(rates: pd.DataFrame, n: int = 16) -> pd.DataFrame:
    """Wide table of mentions per 1,000 words (actors × years) for the ``n`` actors with the highest
    mean yearly rate, highest first (ties by name); from :func:`iraqtext.mentions_per_thousand_words`
    with ``by="year"``."""
    if rates.empty:
        return pd.DataFrame()
    wide = rates.pivot_table(index="canonical", columns="year", values="per_1000", aggfunc="sum", fill_value=0)
    order = wide.mean(axis=1).sort_index().sort_values(ascending=False, kind="stable")
    return wide.loc[order.index[:n]]


def paragraphs_with_most_actors(entities: pd.DataFrame, n: int = 4) -> pd.DataFrame:
    """The ``n`` paragraphs naming the most distinct actors, at most one per document (ties by
    ``doc_id``, ``para_id``): examples to check the tags by eye. Columns ``doc_id, para_id, actors``."""
    if entities.empty:
        return pd.DataFrame({"doc_id": pd.Series(dtype="object"), "para_id": pd.Series(dtype="int64"),
                             "actors": pd.Series(dtype="int64")})
    counts = entities.groupby(["doc_id", "para_id"])["canonical"].nunique().rename("actors").reset_index()
    ranked = counts.sort_values(["actors", "doc_id", "para_id"], ascending=[False, True, True], kind="stable")
    return ranked.drop_duplicates("doc_id").head(n).reset_index(drop=True)


# --- troop levels ----------------------------------------------------------------------------------------
def troop_level_groups(figures: pd.DataFrame) -> pd.DataFrame:
    """Troop figures grouped by the year they are drawn at (:func:`iraqtext.troops.timeline_table`) and kind.

    One row per group: ``plot_year`` (nullable: undated past levels), ``kind``, ``figures``,
    ``documents``, ``low`` / ``high`` (the smallest and largest value any source gives), ``median``,
    ``values`` (the distinct values, most frequent first), ``sources`` (``doc_id (value)``),
    ``disagree`` (different documents give different values) and ``vague`` (how many of the figures are
    vague words such as *thousands*, :func:`iraqtext.troops.is_vague`). Where a group also has figures
    with a value, the spread, median, values and disagreement are read from those: the conventional
    bounds of *thousands* (2,000–9,999) would otherwise stretch a year's bar over what every number says.
    Sorted by year (undated first), then kind.
    """
    from .troops import is_vague

    columns = ["plot_year", "kind", "figures", "documents", "low", "high", "median", "values", "sources", "disagree",
               "vague"]
    if figures.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    timeline = timeline_table(figures)
    timeline = timeline.assign(plot_key=timeline["plot_year"].fillna(-1).astype("int64"),
                               value=[troop_value(lo, hi) for lo, hi in zip(timeline["low"], timeline["high"])])
    rows = []
    for (plot_key, kind), group in timeline.groupby(["plot_key", "kind"], sort=False):
        vague = group["surface"].map(is_vague).to_numpy(dtype=bool)
        valued = group[~vague] if not vague.all() else group
        distinct = valued.groupby(["low", "high"], sort=True)["doc_id"].nunique().reset_index()
        distinct = distinct.sort_values(["doc_id", "low", "high"], ascending=[False, True, True], kind="stable")
        rows.append({
            "plot_year": pd.NA if plot_key < 0 else int(plot_key),
            "kind": kind,
            "figures": len(group),
            "documents": int(group["doc_id"].nunique()),
            "low": int(valued["low"].min()),
            "high": int(valued["high"].max()),
            "median": float(((valued["low"] + valued["high"]) / 2).median()),
            "values": " vs. ".join(troop_value(lo, hi) for lo, hi in zip(distinct["low"], distinct["high"])),
            "sources": "; ".join(f"{d} ({v})" for d, v in sorted(set(zip(group["doc_id"], group["value"])))),
            "disagree": len(distinct) > 1 and valued["doc_id"].nunique() > 1,
            "vague": int(vague.sum()),
        })
    table = pd.DataFrame(rows)
    table["kind_order"] = table["kind"].map({k: i for i, k in enumerate(KIND_ORDER)}).fillna(len(KIND_ORDER))
    table["year_order"] = table["plot_year"].fillna(-1).astype("int64")
    table = table.sort_values(["year_order", "kind_order"], kind="stable")[columns].reset_index(drop=True)
    return table.astype({"plot_year": "Int64", "figures": "int64", "documents": "int64", "low": "int64",
                         "high": "int64", "disagree": "bool", "vague": "int64"})


def unplaced_groups(groups: pd.DataFrame) -> pd.Series:
    """Which groups of :func:`troop_level_groups` have no place on a timeline
    (:func:`iraqtext.troops.unplaced_on_timeline`)."""
    return unplaced_on_timeline(groups["plot_year"], groups["kind"])


def _group_phrase(row: pd.Series, figures: pd.DataFrame) -> str:
    """``'about 5,200 (doc)'`` for one figure; a summary with the spread for several."""
    if row["figures"] == 1:
        source = row["sources"].split(" (")[0]
        same = figures[(figures["doc_id"] == source) & (figures["kind"] == row["kind"])
                       & (figures["low"] == row["low"]) & (figures["high"] == row["high"])]
        label = _mid_sentence(same["surface"].iloc[0]) if len(same) else troop_value(int(row["low"]), int(row["high"]))
        return f"{label} (`{source}`)"
    spread = troop_value(int(row["low"]), int(row["high"]))
    text = f"{spread} ({count_of(int(row['figures']), 'figure')} from {count_of(int(row['documents']), 'document')}"
    if 0 < row["vague"] < row["figures"]:
        text += f", {row['vague']} of them a vague word such as *thousands*, left out of the spread"
    if row["disagree"]:
        values = row["values"].split(" vs. ")
        shown = " vs. ".join(values[:4]) + (f" and {len(values) - 4} more" if len(values) > 4 else "")
        return text + f"; sources differ: {shown})"
    return text + (", which agree)" if row["documents"] > 1 and not row["vague"] else ")")


def _mid_sentence(surface: str) -> str:
    """``'Roughly 3,000'`` → ``'roughly 3,000'`` (a figure quoted from the start of its sentence)."""
    return surface[0].lower() + surface[1:] if surface[:2].istitle() else surface


def _latest_year_middle(figures: pd.DataFrame, latest: pd.Series) -> str:
    """When the latest year's current levels come from enough documents for an interval and their middle value
    is not the latest figure's, say so: one source (a misread, another country's force) is not the level."""
    if is_missing(latest["refers_to_year"]):
        return ""
    same_year = figures[(figures["kind"] == "current") & (figures["refers_to_year"] == latest["refers_to_year"])]
    valued = same_year[~same_year["surface"].map(is_vague)]
    if valued["doc_id"].nunique() < MIN_DOCUMENTS_FOR_INTERVAL:
        return ""
    middle = int(valued["low"].median())
    if latest["low"] <= middle <= latest["high"]:
        return ""
    return (f"; the {count_of(int(valued['doc_id'].nunique()), 'document')} of {latest['refers_to_year']} that give a "
            f"number put it at {troop_value(middle, middle)} in the middle (their median)")


def _highest_corroborated(past: pd.DataFrame, peak: pd.Series) -> str:
    """When only one document gives the highest past level, the highest that two or more documents give
    for the same year (or both without one): the same number for two different years corroborates nothing."""
    valued = past[~past["surface"].map(is_vague)]
    year = valued["refers_to_year"].astype("Float64").fillna(-1).astype("int64")  # -1: no year
    by_value = valued.assign(year_key=year).groupby(["low", "high", "year_key"])["doc_id"].agg(
        lambda ids: sorted(set(ids)))
    peak_year = -1 if is_missing(peak["refers_to_year"]) else int(peak["refers_to_year"])
    if len(by_value.get((peak["low"], peak["high"], peak_year), [])) > 1:
        return ""
    shared = by_value[by_value.map(len) > 1]
    if shared.empty:
        return ""
    (low, high, when), ids = max(shared.items(), key=lambda item: (item[0][1], item[0][0], item[0][2]))
    in_year = f" in {when}" if when >= 0 else ""
    return (f"; it has one source only — the highest that two or more give is {troop_value(int(low), int(high))}{in_year} ("
            + ", ".join(f"`{d}`" for d in ids[:MAX_LISTED]) + (f" and {len(ids) - MAX_LISTED} more" if len(ids) > MAX_LISTED else "")
            + ")")


def troop_levels_reading(figures: pd.DataFrame) -> str:
    """Markdown bullets: the current U.S. troop level by the year it refers to, the latest one, the
    highest past level, and proposals — each with its sources, saying where sources disagree."""
    if figures.empty:
        return "No U.S. troop figure was found in this corpus, so there is no troop level to report."
    groups = troop_level_groups(figures)
    bullets = []
    unplaced = unplaced_groups(groups)
    current = groups[(groups["kind"] == "current") & ~unplaced]
    if not current.empty:
        years = [f"{int(r['plot_year']) if not is_missing(r['plot_year']) else 'undated'}: {_group_phrase(r, figures)}"
                 for _, r in current.iterrows()]
        if len(years) <= MAX_LISTED:
            bullets.append("* **The level at the time of writing**, by the year it refers to — " + "; ".join(years) + ".")
        else:  # one line per year
            bullets.append("* **The level at the time of writing**, by the year it refers to:\n"
                           + "\n".join(f"    * {year}" for year in years))
        latest = figures[figures["kind"] == "current"].sort_values(
            ["refers_to_year", "published", "doc_id"], kind="stable", na_position="first").iloc[-1]
        bullets.append(f"* **The latest**: {_mid_sentence(latest['surface'])} U.S. troops in {latest['refers_to_year']} "
                       f"(`{latest['doc_id']}`, published {latest['published']}){_latest_year_middle(figures, latest)}.")
    else:
        bullets.append("* No dated source states the level at the time of writing.")
    if unplaced.any():
        lost = groups[unplaced]
        timeline = timeline_table(figures)
        sources = int(timeline.loc[timeline["plot_basis"] == "undated document", "doc_id"].nunique())
        bullets.append(f"* **Not on the timeline**: {count_of(int(lost['figures'].sum()), 'figure')} "
                       f"({', '.join(f'{n} {k}' for k, n in zip(lost['kind'], lost['figures']))}) from "
                       f"{count_of(sources, 'document')} without a publication date whose sentences name no year.")
    past = figures[figures["kind"] == "historical"]
    if not past.empty:
        peak = past.sort_values(["high", "doc_id"], ascending=[False, True], kind="stable").iloc[0]
        when = f"in {peak['refers_to_year']}" if not is_missing(peak["refers_to_year"]) else "without a year"
        others = past[(past["high"] != peak["high"]) & (past["low"] >= 0.5 * peak["low"])]
        differ = ""
        if not others.empty:
            differ = ("; other sources give " + ", ".join(
                f"{troop_value(int(lo), int(hi))} (`{d}`)" for d, lo, hi in
                sorted(set(zip(others["doc_id"], others["low"], others["high"])))[:MAX_LISTED]))
        bullets.append(f"* **The highest past level**: {_mid_sentence(peak['surface'])} {when} (`{peak['doc_id']}`){differ}"
                       f"{_highest_corroborated(past, peak)}.")
    plans = figures[figures["kind"].isin(["proposed", "planned"])].sort_values(["year", "doc_id", "start"],
                                                                              kind="stable")
    if not plans.empty:
        listed = [f"{_mid_sentence(r.surface)} {r.kind} (`{r.doc_id}`, {'undated' if is_missing(r.year) else r.year})"
                  for r in plans.itertuples()]
        bullets.append("* **Proposed or planned levels**: " + _listing(listed) + ".")
    groups = groups[~unplaced]  # the figures of undated documents share no year: nothing to disagree on
    disputed = groups[groups["disagree"]]
    if not disputed.empty:
        bullets.append(f"* Sources disagree in {len(disputed)} of {len(groups)} groups of figures (same year and "
                       "kind): see the comparison table.")
    return "\n".join(bullets)
