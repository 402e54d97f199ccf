"""Every chart helper draws on an empty table and on a one-row table: a figure with a title, axis
labels and a source note, saved as PNG, of bounded size however large the corpus."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from iraqtext import plots, uncertainty  # noqa: E402
from iraqtext.troops import figures_table  # noqa: E402


def documents_table(n: int = 1, years: tuple[int, ...] = (2021,)) -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": [f"doc-{k:03d}" for k in range(n)],
        "year": [years[k % len(years)] for k in range(n)],
        "publisher": [f"Publisher {k}" for k in range(n)],
        "n_words_raw": [900 + k for k in range(n)],
        "n_words_clean": [700 + k for k in range(n)],
    })


def removed_table(n_docs: int) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"doc-{k:03d}" for k in range(n_docs)], "reason": ["link_list"] * n_docs,
                         "text": ["Read more"] * n_docs, "position": [3] * n_docs})


def one_figure() -> pd.DataFrame:
    return figures_table([["doc-000", 2, "2021-07-28", 2021, "About 2,500", 0, 11, 2500, 2500, "about", "current",
                           2021, "troops", "About 2,500 U.S. troops remain in Iraq."]])


def primary_table(rows: list[tuple[str, int, str]]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [r[0] for r in rows], "para_id": [r[1] for r in rows],
                         "primary": [r[2] for r in rows], "score": 0.9, "runner_up": "none", "margin": 0.5})


def entity_rows(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [r[0] for r in rows], "para_id": 1, "start": 0, "end": 4,
                         "text": [r[1] for r in rows], "label": "GPE", "canonical": [r[1] for r in rows],
                         "source": "pattern"})


EMPTY_DOCS = documents_table(0)
ONE_DOC = documents_table(1)
GROUPS = {"Iran": "Iran and allied militias"}

CASES = {
    "words_before_after": (lambda: plots.words_before_after(EMPTY_DOCS), lambda: plots.words_before_after(ONE_DOC)),
    "removed_by_reason": (lambda: plots.removed_by_reason(removed_table(0)),
                          lambda: plots.removed_by_reason(removed_table(1))),
    "documents_by_year": (lambda: plots.documents_by_year(EMPTY_DOCS), lambda: plots.documents_by_year(ONE_DOC)),
    "troop_timeline": (lambda: plots.troop_timeline(figures_table([])), lambda: plots.troop_timeline(one_figure())),
    "troops_by_publication_year": (lambda: plots.troops_by_publication_year(figures_table([])),
                                   lambda: plots.troops_by_publication_year(one_figure())),
    "proposals_vs_current": (lambda: plots.proposals_vs_current(figures_table([])),
                             lambda: plots.proposals_vs_current(one_figure())),
    "actor_rates_by_year": (
        lambda: plots.actor_rates_by_year(uncertainty.actor_rates_by_year(entity_rows([]), EMPTY_DOCS)),
        lambda: plots.actor_rates_by_year(uncertainty.actor_rates_by_year(entity_rows([("doc-000", "Iran")]), ONE_DOC))),
    "group_trend": (
        lambda: plots.group_trend(uncertainty.group_rates_by_year(entity_rows([]), EMPTY_DOCS, GROUPS)),
        lambda: plots.group_trend(uncertainty.group_rates_by_year(entity_rows([("doc-000", "Iran")]), ONE_DOC, GROUPS))),
    "cooccurrence_heatmap": (
        lambda: plots.cooccurrence_heatmap(pd.DataFrame(columns=["actor_a", "actor_b", "paragraphs"]), []),
        lambda: plots.cooccurrence_heatmap(pd.DataFrame({"actor_a": ["Iran"], "actor_b": ["Iraq"], "paragraphs": [2]}),
                                           ["Iran", "Iraq"])),
    "heatmap": (lambda: plots.heatmap(pd.DataFrame(), "t", "x (unit)", "y", "c"),
                lambda: plots.heatmap(pd.DataFrame({2021: [0.5]}, index=["withdrawal"]), "t", "x (unit)", "y", "c")),
    "frame_trend": (
        lambda: plots.frame_trend(uncertainty.frame_shares_by_year(primary_table([]), EMPTY_DOCS)),
        lambda: plots.frame_trend(uncertainty.frame_shares_by_year(primary_table([("doc-000", 1, "withdrawal")]),
                                                                   ONE_DOC))),
    "topic_selection": (
        lambda: plots.topic_selection(pd.DataFrame(columns=["n_topics", "reconstruction_error", "mean_coherence",
                                                            "min_coherence"]), 0),
        lambda: plots.topic_selection(pd.DataFrame({"n_topics": [5], "reconstruction_error": [10.0],
                                                    "mean_coherence": [-40.0], "min_coherence": [-50.0]}), 5)),
}


def assert_chart(fig: plt.Figure, tmp_path, name: str) -> None:
    titles = [ax.get_title() for ax in fig.axes] + [fig._suptitle.get_text() if fig._suptitle else ""]
    assert any(t.strip() for t in titles), "no title"
    assert any(ax.get_xlabel() for ax in fig.axes) and any(ax.get_ylabel() for ax in fig.axes), "axis labels missing"
    assert any(t.get_text().startswith("Source:") for t in fig.texts), "no source note"
    width, height = fig.get_size_inches()
    assert width <= plots.MAX_INCHES + 0.01 and height <= plots.MAX_INCHES + 0.01
    path = plots.save_figure(fig, tmp_path, name)
    assert path.suffix == ".png" and path.read_bytes()[:4] == b"\x89PNG"
    plt.close(fig)


def test_every_chart_helper_is_covered():
    drawn = {name for name in dir(plots) if callable(getattr(plots, name)) and not name.startswith("_")}
    helpers = drawn - {"add_source_note", "save_figure", "corpus_note", "year_label", "label_years"}
    helpers = {h for h in helpers if getattr(getattr(plots, h), "__module__", "") == "iraqtext.plots"}
    assert helpers == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_chart_on_an_empty_table(name, tmp_path):
    fig = CASES[name][0]()
    assert_chart(fig, tmp_path, name)


@pytest.mark.parametrize("name", sorted(CASES))
def test_chart_on_a_one_row_table(name, tmp_path):
    fig = CASES[name][1]()
    assert_chart(fig, tmp_path, name)
    # a one-row table draws data, not the "nothing to show" frame (which has no ticks at all)
    assert any(len(ax.get_xticks()) or len(ax.get_yticks()) for ax in fig.axes)


def test_empty_charts_say_there_is_nothing_to_draw():
    fig = plots.troop_timeline(figures_table([]))
    assert any("no U.S. troop figure" in t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)


def test_source_note_names_the_corpus_not_the_seeds():
    documents = documents_table(3, years=(2019, 2022))
    note = plots.corpus_note(documents, "my/corpus", "troop_figures")
    assert note == "Source: corpus my/corpus (3 documents, 2019–2022); troop_figures table from `iraqtext build`."
    assert plots.corpus_note(documents_table(1), None, None) == (
        "Source: corpus (1 document, 2021); tables from `iraqtext build`.")
    source = (plots.__file__ and open(plots.__file__, encoding="utf-8").read())
    assert "seed corpus" not in source
    fig = plots.words_before_after(documents, note=note)
    assert note in [t.get_text() for t in fig.texts]
    plt.close(fig)


def test_charts_of_hundreds_of_documents_stay_readable(tmp_path):
    documents = documents_table(300, years=tuple(range(2003, 2025)))
    fig = plots.words_before_after(documents)
    assert fig.axes[0].collections, "a scatter, not 300 bars"
    assert_chart(fig, tmp_path, "words")
    fig = plots.removed_by_reason(removed_table(300))
    assert len(fig.axes[0].patches) == 1, "totals by reason, not 300 stacked bars"
    assert_chart(fig, tmp_path, "removed")
    fig = plots.documents_by_year(documents)
    assert fig.axes[0].get_legend_handles_labels()[1][-1] == "other publishers"
    assert_chart(fig, tmp_path, "by_year")
    table = pd.DataFrame(np.linspace(0, 1, 10 * 300).reshape(10, 300), columns=documents["doc_id"])
    assert_chart(plots.heatmap(table, "t", "document", "frame", "share (0–1)"), tmp_path, "heatmap")


def test_per_year_charts_show_documents_behind_each_year_and_intervals():
    documents = documents_table(4, years=(2021, 2021, 2021, 2023))
    primary = primary_table([("doc-000", 1, "withdrawal"), ("doc-001", 1, "governance"), ("doc-002", 1, "withdrawal"),
                             ("doc-003", 1, "governance")])
    shares = uncertainty.frame_shares_by_year(primary, documents)
    fig = plots.frame_trend(shares)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021\n3 docs", "2023\n1 doc"]
    assert any(isinstance(c, matplotlib.collections.LineCollection) for c in ax.collections), "error bars for 2021"
    assert any("bootstrap" in t.get_text() for t in fig.texts)
    plt.close(fig)


def test_troop_timeline_groups_figures_of_one_year_and_kind_and_marks_disagreement():
    figures = figures_table([
        ["a", 1, "2021-01", 2021, "2,500", 0, 5, 2500, 2500, "exact", "current", 2021, "troops", "s"],
        ["b", 1, "2021-02", 2021, "3,000", 0, 5, 3000, 3000, "exact", "current", 2021, "troops", "s"],
        ["c", 1, "2021-03", 2021, "2,500", 0, 5, 2500, 2500, "exact", "current", 2021, "troops", "s"],
    ])
    fig = plots.troop_timeline(figures)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["3 figures, 3 docs: sources differ"]
    assert "sources differ" in fig.axes[0].get_legend_handles_labels()[1]
    plt.close(fig)


def test_proposals_vs_current_draws_the_documents_that_compare_first_and_the_most_recent():
    def row(doc_id: str, published: str, low: int, kind: str) -> list:
        return [doc_id, 1, published, int(published[:4]), f"{low:,}", 0, 5, low, low, "exact", kind,
                int(published[:4]), "troops", "A sentence."]
    rows = [row(f"only-{k:02d}", f"2024-0{1 + k % 9}", 2500, "current") for k in range(40)]  # current level only
    rows += [row("both-2017", "2017-05", 5000, "current"), row("both-2017", "2017-05", 3000, "proposed"),
             row("both-2020", "2020-09", 5200, "current"), row("both-2020", "2020-09", 3000, "planned"),
             row("plan-2019", "2019-02", 4000, "planned")]
    fig = plots.proposals_vs_current(figures_table(rows), max_documents=5)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    # both first, then the plan, then the two most recent of the forty current-only; in publication order
    assert labels == ["both-2017 (2017-05)", "plan-2019 (2019-02)", "both-2020 (2020-09)", "only-08 (2024-09)",
                      "only-17 (2024-09)"]  # ties of date: by doc_id
    assert "5 of 43 documents" in fig.axes[0].get_title()
    plt.close(fig)
