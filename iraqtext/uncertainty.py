"""How many documents stand behind a per-year number, and how far it could move with other documents.

A share of paragraphs or a rate per 1,000 words in a publication year pools the documents of that
year, so its uncertainty comes from *which documents* happen to be in the corpus, not from which
paragraphs: :func:`bootstrap_ratio_by_year` resamples whole documents of a year (with replacement)
and recomputes the pooled ratio. A year needs at least :data:`MIN_DOCUMENTS_FOR_INTERVAL` documents
for an interval; a year with one or two documents gets its point value and is marked as such.

Deterministic: every year has its own generator seeded with ``(random_state, year)``, so adding
documents of another year does not change a year's interval.

>>> totals = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "year": [2020, 2020, 2020, 2021],
...                        "total": [10, 10, 20, 5]})
>>> counts = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "key": ["x", "x", "x", "x"], "count": [5, 0, 10, 1]})
>>> table = bootstrap_ratio_by_year(counts, totals, key="key")
>>> table[["year", "value", "n_documents", "support"]].values.tolist()
[[2020, 0.375, 3, 'interval'], [2021, 0.2, 1, 'one document']]
>>> bool(table["low"][0] <= 0.375 <= table["high"][0]), bool(table["low"].isna()[1])
(True, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_DOCUMENTS_FOR_INTERVAL = 3
N_BOOTSTRAP = 1000
CONFIDENCE = 0.95
INTERVAL_COLUMNS: tuple[str, ...] = ("value", "low", "high", "n_documents", "support")


def support_label(n_documents: int) -> str:
    """How a per-year value is backed: ``"interval"`` (≥ 3 documents), ``"one document"``, ``"two documents"``.

    >>> [support_label(n) for n in (1, 2, 3)]
    ['one document', 'two documents', 'interval']
    """
    if n_documents >= MIN_DOCUMENTS_FOR_INTERVAL:
        return "interval"
    return {0: "no documents", 1: "one document", 2: "two documents"}[int(n_documents)]


def documents_per_year(documents: pd.DataFrame) -> pd.DataFrame:
    """``year, documents, support``: the number of documents published in each year, by year.

    >>> documents_per_year(pd.DataFrame({"doc_id": ["a", "b"], "year": [2021, 2019]}))["documents"].tolist()
    [1, 1]
    """
    counts = documents.groupby("year")["doc_id"].nunique().sort_index()
    return pd.DataFrame({"year": counts.index.astype("int64"), "documents": counts.to_numpy().astype("int64"),
                         "support": [support_label(n) for n in counts]})


def bootstrap_ratio_by_year(counts: pd.DataFrame, totals: pd.DataFrame, key: str, scale: float = 1.0,
                            n_boot: int = N_BOOTSTRAP, confidence: float = CONFIDENCE,
                            random_state: int = 0) -> pd.DataFrame:
    """Pooled ratio ``scale × Σ count / Σ total`` per year and key, with a bootstrap interval over documents.

    Parameters
    ----------
    counts : long form ``doc_id, <key>, count`` (a document absent for a key counts 0 for it).
    totals : ``doc_id, year, total`` (one row per document; documents with ``total`` 0 are left out).
    key : the column naming what is counted (``frame``, ``group`` …).
    scale : 1 for shares, 1000 for rates per 1,000 words.
    n_boot, confidence, random_state : bootstrap resamples, interval level, seed.

    Returns
    -------
    ``year, <key>, value, low, high, n_documents, support``, sorted by year and key; ``low`` and
    ``high`` are NaN for a year with fewer than :data:`MIN_DOCUMENTS_FOR_INTERVAL` documents.
    """
    columns = ["year", key, *INTERVAL_COLUMNS]
    totals = totals[totals["total"] > 0]
    keys = sorted(counts[key].dropna().unique())
    if totals.empty or not keys:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("value", "low", "high") else "object")
                             for c in columns})
    matrix = (counts.pivot_table(index="doc_id", columns=key, values="count", aggfunc="sum", fill_value=0)
              .reindex(index=totals["doc_id"], columns=keys, fill_value=0))
    alpha = (1 - confidence) / 2
    rows = []
    for year, docs in totals.groupby("year", sort=True):
        count_matrix = matrix.loc[docs["doc_id"]].to_numpy(dtype="float64")
        total = docs["total"].to_numpy(dtype="float64")
        value = scale * count_matrix.sum(axis=0) / total.sum()
        n = len(docs)
        low = high = np.full(len(keys), np.nan)
        if n >= MIN_DOCUMENTS_FOR_INTERVAL:
            rng = np.random.default_rng([random_state, int(year)])
            picks = rng.integers(0, n, size=(n_boot, n))
            # How often each document is drawn in each resample: memory n_boot × n, not n_boot × n × keys.
            drawn = np.zeros((n_boot, n))
            np.add.at(drawn, (np.repeat(np.arange(n_boot), n), picks.ravel()), 1.0)
            ratios = scale * (drawn @ count_matrix) / (drawn @ total)[:, None]
            low, high = np.quantile(ratios, [alpha, 1 - alpha], axis=0)
        for k, name in enumerate(keys):
            rows.append((int(year), name, round(float(value[k]), 4), round(float(low[k]), 4),
                         round(float(high[k]), 4), n, support_label(n)))
    return pd.DataFrame(rows, columns=columns)


def frame_shares_by_year(primary: pd.DataFrame, documents: pd.DataFrame, **bootstrap) -> pd.DataFrame:
    """Share of each year's paragraphs led by each frame, with a bootstrap interval over documents.

    ``primary`` is the ``frame_primary`` table; paragraphs whose primary is ``none`` count in the
    denominator only. Returns ``year, frame, paragraphs, value, low, high, n_documents, support``
    (``value`` is the share, 0–1).
    """
    keyed = primary.merge(documents[["doc_id", "year"]], on="doc_id")
    totals = keyed.groupby(["doc_id", "year"]).size().rename("total").reset_index()
    led = keyed[keyed["primary"] != "none"]
    counts = led.groupby(["doc_id", "primary"]).size().rename("count").reset_index().rename(
        columns={"primary": "frame"})
    table = bootstrap_ratio_by_year(counts, totals, key="frame", **bootstrap)
    paragraphs = led.groupby(["year", "primary"]).size()
    table.insert(2, "paragraphs", [int(paragraphs.get((y, f), 0)) for y, f in zip(table["year"], table["frame"])])
    return table


def _mention_rates_by_year(entities: pd.DataFrame, documents: pd.DataFrame, key: str,
                           **bootstrap) -> pd.DataFrame:
    """Mentions per 1,000 words of each value of ``entities[key]`` per year, bootstrapped over documents."""
    counts = entities.groupby(["doc_id", key]).size().rename("count").reset_index()
    totals = documents[["doc_id", "year"]].assign(total=documents["n_words_clean"])
    table = bootstrap_ratio_by_year(counts, totals, key=key, scale=1000.0, **bootstrap)
    mentions = entities.merge(documents[["doc_id", "year"]], on="doc_id").groupby(["year", key]).size()
    table.insert(2, "mentions", [int(mentions.get((y, k), 0)) for y, k in zip(table["year"], table[key])])
    return table


def actor_rates_by_year(entities: pd.DataFrame, documents: pd.DataFrame, **bootstrap) -> pd.DataFrame:
    """Mentions per 1,000 words of each actor (canonical name) per year, with a bootstrap interval over
    documents. Returns ``year, canonical, mentions, value, low, high, n_documents, support``."""
    return _mention_rates_by_year(entities, documents, "canonical", **bootstrap)


def group_rates_by_year(entities: pd.DataFrame, documents: pd.DataFrame, groups: dict[str, str],
                        **bootstrap) -> pd.DataFrame:
    """Mentions per 1,000 words of each actor group per year, with a bootstrap interval over documents.

    ``groups`` maps canonical names to groups (:func:`iraqtext.entities.actor_groups`). Returns
    ``year, group, mentions, value, low, high, n_documents, support`` (``value`` per 1,000 words).
    """
    grouped = entities.assign(group=entities["canonical"].map(groups)).dropna(subset=["group"])
    return _mention_rates_by_year(grouped, documents, "group", **bootstrap)
