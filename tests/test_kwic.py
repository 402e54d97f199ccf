"""Keyword in context: regex and lemma patterns, a tidy table in a stable order."""

from __future__ import annotations

import pandas as pd
import pytest

import iraqtext
from iraqtext.kwic import kwic

PARAS = pd.DataFrame({
    "doc_id": ["b", "a", "a"],
    "para_id": [1, 2, 1],
    "text": [
        "Washington withdrew its troops in 2011 and sent them back in 2014.",
        "Critics say a hasty withdrawal would hand Iraq to Tehran; others say the troops should withdraw now.",
        "About 2,500 U.S. troops remain in Iraq.\nThey are withdrawing slowly.",
    ],
})


def test_kwic_is_exported_and_returns_a_tidy_table_in_stable_order():
    assert iraqtext.kwic is kwic and "kwic" in iraqtext.__all__
    table = kwic(PARAS, r"troops", window=20)
    assert list(table.columns) == ["doc_id", "para_id", "left", "match", "right"]
    assert table[["doc_id", "para_id"]].values.tolist() == [["a", 1], ["a", 2], ["b", 1]]
    shuffled = kwic(PARAS.sample(frac=1, random_state=3), r"troops", window=20)
    pd.testing.assert_frame_equal(table, shuffled)


def test_regex_context_is_cut_at_whole_words_and_newlines_are_spaces():
    table = kwic(PARAS[PARAS.para_id == 1].iloc[1:], r"remain", window=14)
    assert table.values.tolist() == [["a", 1, "U.S. troops", "remain", "in Iraq. They"]]
    first = kwic(PARAS, r"^about", window=8).iloc[0]
    assert (first["left"], first["match"], first["right"]) == ("", "About", "2,500")


def test_regex_is_case_insensitive_unless_asked():
    assert len(kwic(PARAS, r"washington")) == 1
    assert kwic(PARAS, r"washington", case_sensitive=True).empty


def test_invalid_or_empty_pattern_is_a_clear_error():
    with pytest.raises(ValueError, match="not a valid regular expression"):
        kwic(PARAS, r"troops(")
    with pytest.raises(ValueError, match="empty"):
        kwic(PARAS, "  ")


def test_no_match_gives_an_empty_table_with_the_columns():
    table = kwic(PARAS, r"Kirkuk")
    assert table.empty and list(table.columns) == ["doc_id", "para_id", "left", "match", "right"]
    assert kwic(PARAS.iloc[:0], r"troops").empty


def test_lemma_finds_every_inflection():
    table = kwic(PARAS, "withdraw", lemma=True, window=30)
    assert sorted(table["match"].str.lower()) == ["withdraw", "withdrawing", "withdrew"]
    assert "withdrawal" not in table["match"].str.lower().tolist()  # a different lemma
    assert table[["doc_id", "para_id"]].values.tolist() == [["a", 1], ["a", 2], ["b", 1]]


def test_lemma_sequences_and_inflected_patterns():
    table = kwic(PARAS, "U.S. troop", lemma=True, window=10)
    assert table["match"].tolist() == ["U.S. troops"]
    assert len(kwic(PARAS, "troops", lemma=True)) == 3  # the pattern is lemmatized too
