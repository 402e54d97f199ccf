"""The readings a notebook states as findings are computed from the tables, for any corpus; the
bootstrap intervals behind them are deterministic and resample documents."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import iraqtext
from iraqtext import readings, uncertainty
from iraqtext.troops import figures_table


def documents(years: list[int], words: int = 1000) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{k}" for k in range(len(years))], "year": years,
                         "n_words_clean": words, "n_words_raw": words + 100})


def primary(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """``[(doc_id, frame), ...]``: one paragraph each, numbered within the document."""
    frame = pd.DataFrame(rows, columns=["doc_id", "primary"])
    frame["para_id"] = frame.groupby("doc_id").cumcount() + 1
    return frame.assign(score=0.8, runner_up="none", margin=0.5)


def figure(doc_id: str, year: int, low: int, high: int | None = None, kind: str = "current",
           refers: int | None = None, surface: str | None = None) -> list:
    high = low if high is None else high
    return [doc_id, 1, f"{year}-06", year, surface or f"{low:,}", 0, 5, low, high, "exact", kind,
            refers if refers is not None else (year if kind == "current" else None), "troops", "A sentence."]


# --- uncertainty ---------------------------------------------------------------------------------------
def test_bootstrap_interval_needs_three_documents_and_is_deterministic():
    docs = documents([2020, 2020, 2020, 2021, 2022, 2022])
    rows = primary([("d0", "withdrawal"), ("d0", "governance"), ("d1", "withdrawal"), ("d2", "governance"),
                    ("d3", "withdrawal"), ("d4", "withdrawal"), ("d5", "governance")])
    shares = uncertainty.frame_shares_by_year(rows, docs)
    again = uncertainty.frame_shares_by_year(rows, docs)
    pd.testing.assert_frame_equal(shares, again)
    w2020 = shares[(shares.year == 2020) & (shares.frame == "withdrawal")].iloc[0]
    assert w2020["value"] == 0.5 and w2020["n_documents"] == 3 and w2020["support"] == "interval"
    assert 0 <= w2020["low"] <= 0.5 <= w2020["high"] <= 1 and w2020["low"] < w2020["high"]
    assert shares.loc[shares.year == 2021, "support"].unique().tolist() == ["one document"]
    assert shares.loc[shares.year == 2022, "support"].unique().tolist() == ["two documents"]
    assert shares.loc[shares.year != 2020, ["low", "high"]].isna().all().all()
    # shares of a year sum to one; paragraphs are counted
    assert np.isclose(shares.groupby("year")["value"].sum(), 1).all()
    assert shares["paragraphs"].sum() == len(rows)


def test_a_years_interval_does_not_depend_on_other_years():
    docs = documents([2020, 2020, 2020])
    rows = primary([("d0", "withdrawal"), ("d1", "governance"), ("d2", "withdrawal")])
    alone = uncertainty.frame_shares_by_year(rows, docs)
    more_docs = pd.concat([docs, documents([2023, 2023, 2023]).assign(doc_id=["e0", "e1", "e2"])])
    more_rows = pd.concat([rows, primary([("e0", "sovereignty"), ("e1", "withdrawal"), ("e2", "governance")])])
    together = uncertainty.frame_shares_by_year(more_rows, more_docs)
    together = together[(together.year == 2020) & together.frame.isin(alone.frame)].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, together, check_dtype=False)


def test_bootstrap_resamples_documents_not_paragraphs():
    # one document is all withdrawal, two are all governance: the interval must be wide
    docs = documents([2020, 2020, 2020])
    rows = primary([("d0", "withdrawal")] * 10 + [("d1", "governance")] * 10 + [("d2", "governance")] * 10)
    share = uncertainty.frame_shares_by_year(rows, docs).set_index("frame").loc["withdrawal"]
    assert share["low"] == 0.0 and share["high"] >= 0.66


def test_group_rates_are_per_thousand_words_and_empty_tables_stay_empty():
    docs = documents([2020, 2020, 2020], words=500)
    entities = pd.DataFrame({"doc_id": ["d0", "d1", "d1"], "canonical": ["Iran", "Iran", "Mystery"]})
    rates = uncertainty.group_rates_by_year(entities, docs, {"Iran": "Iran and allied militias"})
    assert rates[["group", "mentions", "value"]].values.tolist() == [["Iran and allied militias", 2, 1.3333]]
    empty = uncertainty.group_rates_by_year(entities.iloc[:0], docs, {"Iran": "x"})
    assert empty.empty and {"year", "group", "value", "low", "high"} <= set(empty.columns)


# --- frames --------------------------------------------------------------------------------------------
def test_leading_frames_reading_states_support_and_whether_the_lead_is_clear():
    docs = documents([2020] * 4 + [2024])
    rows = primary([(f"d{k}", "withdrawal") for k in range(4) for _ in range(3)]
                   + [("d0", "governance"), ("d4", "sovereignty"), ("d4", "sovereignty"), ("d4", "governance")])
    shares = uncertainty.frame_shares_by_year(rows, docs)
    text = readings.leading_frames_reading(shares)
    lines = text.splitlines()
    assert lines[0].startswith("* **2020** (4 documents): `withdrawal` leads with 92 % of paragraphs (95 % interval")
    assert "ahead of `governance` (8 %)" in lines[0] and "the intervals do not overlap" in lines[0]
    assert lines[1] == ("* **2024** (1 document — too few for an interval): `sovereignty` leads with 67 % of "
                        "paragraphs, ahead of `governance` (33 %).")
    table = readings.leading_frames(shares)
    assert table["clear_lead"].tolist()[0] is True and table["clear_lead"].isna().tolist() == [False, True]


def test_ties_and_single_years_are_said_as_such():
    docs = documents([2021, 2021])
    shares = uncertainty.frame_shares_by_year(primary([("d0", "withdrawal"), ("d1", "governance")]), docs)
    assert "`governance` and `withdrawal` tie for the lead with 50 % of paragraphs each." in (
        readings.leading_frames_reading(shares))  # two documents: too few for an interval
    four = uncertainty.frame_shares_by_year(primary([("d0", "withdrawal"), ("d1", "governance"), ("d2", "withdrawal"),
                                                     ("d3", "governance")]), documents([2021] * 4))
    assert readings.leading_frames_reading(four).endswith(
        "tie for the lead with 50 % of paragraphs each (95 % intervals: `governance` 0 %–100 %, `withdrawal` 0 %–100 %).")
    assert readings.frame_change_reading(shares) == (
        "All dated documents are from one publication year (2021): the corpus cannot show a change over time.")
    assert readings.leading_frames_reading(shares.iloc[:0]) == (
        "No paragraph of a dated document has a primary frame: there is no frame to report by year.")


def test_frame_change_between_first_and_last_year():
    docs = documents([2017, 2024])
    rows = primary([("d0", "governance"), ("d0", "governance"), ("d0", "withdrawal"), ("d1", "withdrawal")])
    text = readings.frame_change_reading(uncertainty.frame_shares_by_year(rows, docs))
    assert text == ("From 2017 (1 document) to 2024 (1 document): `withdrawal` gains most (33 % → 100 % of "
                    "paragraphs); `governance` loses most (67 % → 0 %). With one or two documents in either year, "
                    "these are the documents' emphases, not a trend.")
    docs = documents([2017] * 3 + [2024] * 3)
    rows = primary([(f"d{k}", "governance") for k in range(3)] + [(f"d{k}", "withdrawal") for k in range(3, 6)])
    assert readings.frame_change_reading(uncertainty.frame_shares_by_year(rows, docs)).endswith(
        "`governance` loses most (100 % → 0 %).")  # three documents a year: no caveat


def test_frame_evidence_terms_leave_out_links_and_argued_against_cues():
    scores = pd.DataFrame({"doc_id": ["a", "a", "b"], "para_id": [1, 2, 1], "frame": "withdrawal",
                           "matched_terms": ["withdraw; troop→withdraw; ¬stay", "withdraw; exit", "exit; pullout"]})
    led = pd.DataFrame({"doc_id": ["a", "a", "b"], "para_id": [1, 2, 1], "primary": ["withdrawal"] * 3})
    assert readings.frame_evidence_terms(scores, led, "withdrawal", top=3) == ["exit", "withdraw", "pullout"]
    assert readings.frame_evidence_terms(scores, led, "governance") == []


def test_the_leading_frame_and_its_evidence_sentence():
    rows = primary([("a", "withdrawal"), ("a", "governance"), ("b", "governance"), ("b", "withdrawal"),
                    ("c", "none")])
    assert readings.most_frequent_primary(rows) == "governance"  # a tie, broken by name
    assert readings.most_frequent_primary(primary([("a", "none")])) is None
    assert readings.frame_evidence_reading(rows, "governance", ["election", "corruption"]) == (
        "`governance` leads 2 paragraphs of 5; its most frequent indicators there: *election*, *corruption*.")
    assert "no codebook indicator" in readings.frame_evidence_reading(rows, "withdrawal", [])


def test_topics_reading_names_own_shared_and_spread_frames():
    table = pd.DataFrame({"nato": [0.9, 0.0, 0.1, 0.3], "iran": [0.1, 0.8, 0.7, 0.3], "misc": [0.0, 0.2, 0.2, 0.4]},
                         index=["regional_alliances", "iran_competition", "economy_energy", "governance"])
    text = readings.topics_reading(table, concentrated=0.5)
    assert "`regional_alliances` → *nato* (0.90)" in text
    assert "`economy_energy` and `iran_competition` → *iran*" in text
    assert "spread over several topics (no topic holds 50 % of their weight): `governance`" in text
    assert readings.topics_reading(pd.DataFrame()).startswith("No topics were modelled")


# --- actors --------------------------------------------------------------------------------------------
def test_actors_rising_and_falling_between_first_and_last_year():
    docs = documents([2017, 2024])
    entities = pd.DataFrame({"doc_id": ["d0"] * 5 + ["d1"] * 6,
                             "canonical": ["Islamic State"] * 4 + ["Iran"] + ["Iran"] * 5 + ["Islamic State"],
                             "label": "ORG"})
    rates = iraqtext.mentions_per_thousand_words(entities, docs, by="year")
    changes = readings.actor_changes(rates)
    assert changes["canonical"].tolist() == ["Iran", "Islamic State"]
    assert changes["change"].tolist() == [4.0, -3.0]
    text = readings.actor_trend_reading(rates, docs)
    assert "rising most: *Iran* (1.0 → 5.0)" in text and "falling most: *Islamic State* (4.0 → 1.0)" in text
    assert text.endswith("these are the documents' emphases, not a trend.")
    single = readings.actor_trend_reading(rates[rates.year == 2017], docs.iloc[:1])
    assert single.startswith("All dated documents are from one publication year (2017)")


def test_paragraphs_with_most_actors_are_chosen_from_the_data():
    entities = pd.DataFrame({"doc_id": ["b", "b", "b", "a", "a", "a", "a"], "para_id": [3, 3, 4, 7, 7, 7, 2],
                             "canonical": ["Iran", "Iraq", "Iran", "Iran", "Iraq", "Iraq", "ISIS"]})
    examples = readings.paragraphs_with_most_actors(entities, n=4)
    assert examples.values.tolist() == [["a", 7, 2], ["b", 3, 2]]  # one per document, ties by doc_id
    assert readings.paragraphs_with_most_actors(entities.iloc[:0]).empty


# --- troops --------------------------------------------------------------------------------------------
def test_troop_groups_and_reading_show_where_sources_disagree():
    figures = figures_table([
        figure("ledger-2021", 2021, 2500, surface="About 2,500"), figure("brief-2021", 2021, 3000),
        figure("monitor-2023", 2023, 2500),
        figure("monitor-2023", 2023, 170000, kind="historical", surface="some 170,000"),
        figure("ledger-2021", 2021, 160000, kind="historical"),
        figure("brief-2021", 2021, 3000, 5000, kind="proposed", surface="3,000 to 5,000"),
    ])
    groups = readings.troop_level_groups(figures)
    assert groups["plot_year"].fillna(0).tolist() == [0, 2021, 2021, 2023]  # undated first
    assert groups[["kind", "figures", "disagree"]].values.tolist() == [
        ["historical", 2, True], ["current", 2, True], ["proposed", 1, False], ["current", 1, False]]
    text = readings.troop_levels_reading(figures)
    assert ("2021: 2,500–3,000 (2 figures from 2 documents; sources differ: 2,500 vs. 3,000); "
            "2023: 2,500 (`monitor-2023`)") in text
    assert "**The latest**: 2,500 U.S. troops in 2023 (`monitor-2023`, published 2023-06)." in text
    assert "**The highest past level**: some 170,000 without a year (`monitor-2023`); other sources give 160,000" in text
    assert "3,000 to 5,000 proposed (`brief-2021`, 2021)" in text
    assert "Sources disagree in 2 of 4 groups of figures" in text


def test_one_outlying_source_is_set_against_the_others():
    """The most recent figure and the highest past one may be one source's misreading (another country's force,
    a coalition total): the reading adds what the other documents say."""
    figures = figures_table([
        figure("a-2025", 2025, 2500), figure("b-2025", 2025, 2500, surface="about 2,500"),
        figure("c-2025", 2025, 2500), figure("z-2025", 2025, 900, surface="around 900"),
        figure("x-2019", 2019, 300000, kind="historical"), figure("y-2019", 2019, 170000, kind="historical"),
        figure("w-2021", 2021, 170000, kind="historical", surface="some 170,000"),
    ])
    text = readings.troop_levels_reading(figures)
    assert ("**The latest**: around 900 U.S. troops in 2025 (`z-2025`, published 2025-06); the 4 documents of 2025 "
            "that give a number put it at 2,500 in the middle (their median).") in text
    assert "; it has one source only — the highest that two or more give is 170,000 (`w-2021`, `y-2019`)." in text
    # the same number for two different years is two claims, not one claim twice
    two_years = figures_table([figure("x-2019", 2019, 300000, kind="historical", refers=2005),
                               figure("y-2019", 2019, 300000, kind="historical", refers=2008),
                               figure("v-2019", 2019, 320000, kind="historical", refers=2007),
                               figure("w-2021", 2021, 160000, kind="historical", refers=2007),
                               figure("u-2022", 2022, 160000, kind="historical", refers=2007)])
    assert ("; it has one source only — the highest that two or more give is 160,000 in 2007 (`u-2022`, `w-2021`)."
            in readings.troop_levels_reading(two_years))
    agreeing = figures_table([figure("a-2025", 2025, 2500), figure("b-2025", 2025, 2500), figure("z-2025", 2025, 2500),
                              figure("x-2019", 2019, 170000, kind="historical"),
                              figure("y-2019", 2019, 170000, kind="historical")])
    text = readings.troop_levels_reading(agreeing)
    assert "in the middle" not in text and "one source only" not in text


def test_a_vague_word_does_not_stretch_a_years_spread_of_numbers():
    # "thousands" is 2,000–9,999 by convention; two sources say 5,000 and 5,200 for the same year
    figures = figures_table([
        figure("wire-2020", 2020, 5200), figure("paper-2020", 2020, 5000, surface="about 5,000"),
        figure("blog-2020", 2020, 2000, 9999, surface="thousands"),
        figure("blog-2011", 2011, 2000, 9999, surface="thousands"),
    ])
    groups = readings.troop_level_groups(figures).set_index("plot_year")
    assert groups.loc[2020, ["figures", "vague", "low", "high", "values"]].tolist() == [3, 1, 5000, 5200, "5,000 vs. 5,200"]
    assert groups.loc[2011, ["figures", "vague", "low", "high"]].tolist() == [1, 1, 2000, 9999]  # nothing else to read
    text = readings.troop_levels_reading(figures)
    assert ("2020: 5,000–5,200 (3 figures from 3 documents, 1 of them a vague word such as *thousands*, left out of "
            "the spread; sources differ: 5,000 vs. 5,200)") in text


def test_troop_reading_of_an_empty_table_is_one_line():
    assert readings.troop_levels_reading(figures_table([])) == (
        "No U.S. troop figure was found in this corpus, so there is no troop level to report.")
    assert readings.troop_level_groups(figures_table([])).empty


def test_readings_on_the_fixture_corpus(fixture_built_dir):
    load = lambda name: iraqtext.load_processed(fixture_built_dir, name)  # noqa: E731
    docs, figures = load("documents"), load("troop_figures")
    assert readings.corpus_scope(docs) == "The corpus holds 4 documents published 2021–2023: 3 in 2021, 1 in 2023."
    assert readings.troop_levels_reading(figures).splitlines()[0] == (
        "* **The level at the time of writing**, by the year it refers to — 2021: 2,500–3,000 (2 figures from "
        "2 documents; sources differ: 2,500 vs. 3,000).")
    shares = uncertainty.frame_shares_by_year(load("frame_primary"), docs)
    assert shares.loc[shares.year == 2021, "support"].eq("interval").all()
    assert shares.loc[shares.year == 2023, "support"].eq("one document").all()
    text = readings.cleaning_reading(docs, load("removed"), load("repairs"))
    assert text.startswith("Cleaning kept") and "Nothing was removed as noise." in text


# --- formatting ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("years, expected", [
    ([], "The corpus holds no documents."),
    ([2022], "The corpus holds 1 document, all published in 2022."),
    ([2021, 2021], "The corpus holds 2 documents, all published in 2021."),
    (list(range(2000, 2020)) * 2, "The corpus holds 40 documents published 2000–2019, in 20 different years "
                                  "(2 to 2 documents a year)."),
])
def test_corpus_scope(years, expected):
    assert readings.corpus_scope(documents(years)) == expected


def test_empty_note_is_one_line():
    note = readings.empty_note("troop_figures", "no timeline is drawn")
    assert note == "*The `troop_figures` table is empty for this corpus: no timeline is drawn.*" and "\n" not in note


def test_present_day_levels_of_undated_documents_are_no_disagreement():
    """Two undated documents' levels at the time of writing are of two unknown times: not one quantity that
    sources dispute, and not a past level."""
    from iraqtext.troops import UNDATED_CURRENT, compare_sources

    def undated(doc_id: str, low: int, kind: str = "current", sentence: str = "A sentence.") -> list:
        return [doc_id, 1, "", None, f"{low:,}", 0, 5, low, low, "exact", kind, None, "troops", sentence]
    comparison = compare_sources(figures_table([
        undated("clip-a", 2500), undated("clip-b", 5200),
        undated("clip-c", 170000, "historical", "At the peak, 170,000 troops were there."),
        undated("clip-d", 160000, "historical", "At the peak, 160,000 troops were there."),
    ])).set_index("quantity")
    assert comparison.loc[UNDATED_CURRENT, ["values", "disagree"]].tolist() == ["2,500 vs. 5,200", False]
    assert comparison.loc["peak level", ["values", "disagree"]].tolist() == ["160,000 vs. 170,000", True]
