"""Troop figures: the exact seed table, a varied set of true figures and traps, number forms, offsets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import iraqtext
from iraqtext.troops import VAGUE_QUANTITIES, extract_troop_figures, parse_quantity, troop_figures

from .conftest import TEST_DATA

SENTENCES = yaml.safe_load((TEST_DATA / "troop_sentences.yaml").read_text())

# The expected seed table (issue 4): doc_id -> {(low, high, kind, refers_to_year)}
SEED_TABLE = {
    ("cap-2017-six-steps", 6000, 6000, "more_than", "current", 2017),
    ("cap-2017-six-steps", 3000, 5000, "range", "proposed", None),
    ("osullivan-2020-foreign-affairs", 5200, 5200, "exact", "current", 2020),
    ("osullivan-2020-foreign-affairs", 170000, 170000, "about", "historical", None),
    ("aftandilian-2020-responsible-statecraft", 5200, 5200, "about", "current", 2020),
    ("tcf-2024-better-mission", 2500, 2500, "exact", "current", 2024),
    ("tcf-2024-better-mission", 160000, 160000, "exact", "historical", None),
    ("tcf-2024-better-mission", 1000, 1000, "more_than", "historical", 2012),
}


@pytest.fixture(scope="module")
def nlp():
    return iraqtext.load_nlp()


@pytest.fixture(scope="module")
def seed_figures(built_dir, nlp) -> pd.DataFrame:
    paras = pd.read_parquet(built_dir / "paragraphs.parquet")
    docs = pd.read_parquet(built_dir / "documents.parquet")
    return troop_figures(paras.merge(docs[["doc_id", "published", "year"]], on="doc_id"), nlp=nlp, progress=False)


def test_seed_table_exactly(seed_figures):
    got = {
        (r.doc_id, r.low, r.high, r.qualifier, r.kind, None if pd.isna(r.refers_to_year) else int(r.refers_to_year))
        for r in seed_figures.itertuples()
    }
    assert got == SEED_TABLE
    assert len(seed_figures) == len(SEED_TABLE)  # each figure reported once


def test_seed_offsets_point_at_the_surface(seed_figures, built_dir):
    paras = pd.read_parquet(built_dir / "paragraphs.parquet").set_index(["doc_id", "para_id"])
    for row in seed_figures.itertuples():
        text = paras.loc[(row.doc_id, row.para_id), "text"]
        assert text[row.start:row.end] == row.surface
        assert row.surface in row.sentence and row.sentence in text


def test_seed_traps_are_not_figures(seed_figures):
    lows = set(seed_figures["low"])
    assert not lows & {130000, 700000, 68, 130}


def test_troop_table_columns_and_determinism(seed_figures, built_dir, nlp):
    assert list(seed_figures.columns) == list(iraqtext.troops.FIGURE_COLUMNS)
    paras = pd.read_parquet(built_dir / "paragraphs.parquet")
    docs = pd.read_parquet(built_dir / "documents.parquet")
    again = troop_figures(paras.merge(docs[["doc_id", "published", "year"]], on="doc_id"), nlp=nlp, progress=False)
    pd.testing.assert_frame_equal(seed_figures, again)


@pytest.mark.parametrize("case", SENTENCES, ids=lambda c: c["text"][:60])
def test_sentence_set(case, nlp):
    figures = extract_troop_figures(case["text"], case["published"], nlp=nlp)
    got = [[f.low, f.high, f.qualifier, f.kind, f.refers_to_year] for f in figures]
    assert got == case["expect"]
    for f in figures:
        assert case["text"][f.start:f.end] == f.surface


@pytest.mark.parametrize("text,expected", [
    ("2,500", (2500, 2500)), ("2500", (2500, 2500)), ("160k", (160000, 160000)), ("5.2k", (5200, 5200)),
    ("a thousand", (1000, 1000)), ("two thousand", (2000, 2000)), ("twenty-five hundred", (2500, 2500)),
    ("3,000 to 5,000", (3000, 5000)), ("between 3,000 and 5,000", (3000, 5000)), ("3,000-5,000", (3000, 5000)),
    ("3000–5000", (3000, 5000)), ("several thousand", (3000, 9000)), ("a few thousand", (2000, 5000)),
    ("tens of thousands", (20000, 99999)), ("1.5 million", (1500000, 1500000)), ("troops", None),
])
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("phrase,low,high,qualifier", [
    ("2,500", 2500, 2500, "exact"), ("2500", 2500, 2500, "exact"), ("160k", 160000, 160000, "exact"),
    ("about 5,200", 5200, 5200, "about"), ("more than 6,000", 6000, 6000, "more_than"),
    ("roughly 170,000", 170000, 170000, "about"), ("fewer than 3,000", 3000, 3000, "fewer_than"),
    ("up to 5,000", 5000, 5000, "up_to"), ("3,000 to 5,000", 3000, 5000, "range"),
    ("between 3,000 and 5,000", 3000, 5000, "range"), ("3,000-5,000", 3000, 5000, "range"),
    ("a few thousand", 2000, 5000, "about"), ("two thousand", 2000, 2000, "exact"),
    ("two thousand five hundred", 2500, 2500, "exact"), ("thousands of", 2000, 9999, "about"),
    ("2,000 or fewer", 2000, 2000, "up_to"),
])
def test_number_forms_in_context(phrase, low, high, qualifier, nlp):
    text = f"The United States has {phrase} troops in Iraq."
    [figure] = extract_troop_figures(text, 2020, nlp=nlp)
    assert (figure.low, figure.high, figure.qualifier, figure.kind, figure.refers_to_year) == (low, high, qualifier, "current", 2020)
    assert figure.surface == phrase.removesuffix(" of") and text[figure.start:figure.end] == figure.surface


def test_vague_quantities_are_documented_in_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for phrase in ("several thousand", "a few thousand", "tens of thousands"):
        assert phrase in readme and phrase in VAGUE_QUANTITIES


def test_user_lexicon_can_extend_force_nouns(tmp_path, nlp):
    text = "The United States keeps 1,500 guardsmen in Iraq."
    assert [f.low for f in extract_troop_figures(text, 2020, nlp=nlp, learned_levels=False)] == []
    lexicon = tmp_path / "lex.yaml"
    base = yaml.safe_load((Path(iraqtext.troops.LEXICON_PATH)).read_text())
    lexicon.write_text(yaml.safe_dump({"force_nouns": base["force_nouns"] + ["guardsman", "guardsmen"]}))
    assert [f.low for f in extract_troop_figures(text, 2020, nlp=nlp, lexicon=lexicon, learned_levels=False)] == [1500]
    # without the lexicon's help the learned level model leans to reading it as a level (more likely than not,
    # below the surer ADD_PROBABILITY at which it adds a number the rules reject)
    from iraqtext.troop_level_model import candidate_figure, level_candidates, level_features, load_model

    [(span, quantity)] = level_candidates(nlp(text))
    features = level_features(candidate_figure(span, [], 2020), quantity, False, iraqtext.troops.load_lexicon())
    assert 0.5 < load_model().predict_proba([features])[0][0]
    bad = tmp_path / "bad.yaml"
    bad.write_text("forse_nouns: [x]\n")
    with pytest.raises(ValueError, match="unknown lexicon keys"):
        extract_troop_figures(text, 2020, nlp=nlp, lexicon=bad)


def _scores(cases, extract) -> tuple[float, float]:
    """Value-level F1 over all cases, and the share of found figures whose kind/year/qualifier are right too."""
    tp = fp = fn = full = 0
    for case in cases:
        got = extract(case)
        found = {(g[0], g[1]) for g in got}
        expected = {(e[0], e[1]) for e in case["expect"]}
        tp, fp, fn = tp + len(found & expected), fp + len(found - expected), fn + len(expected - found)
        full += sum(1 for g in got if g in case["expect"])
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f1, full / tp if tp else 0.0


def _cardinal_near_troops(nlp):
    """The baseline named in the brief: any CARDINAL entity within three tokens of a troop word."""
    import re

    troop_word = re.compile(r"^(troops?|forces?|soldiers?|personnel|advisers?|service)$", re.I)

    def extract(case):
        doc = nlp(case["text"])
        out = []
        for ent in doc.ents:
            if ent.label_ == "CARDINAL":
                window = doc[max(0, ent.start - 3):min(len(doc), ent.end + 3)]
                quantity = parse_quantity(ent.text.replace("about ", "").replace("more than ", ""))
                if quantity and any(troop_word.match(t.text) for t in window):
                    out.append([quantity[0], quantity[1], None, None, None])
        return out

    return extract


def test_holdout_scores_and_baseline(nlp):
    """Scores on the sentences written after the rules were frozen (see the YAML header), vs. the baseline."""
    holdout = yaml.safe_load((TEST_DATA / "troop_sentences_holdout.yaml").read_text())

    def ours(case):
        return [[f.low, f.high, f.qualifier, f.kind, f.refers_to_year]
                for f in extract_troop_figures(case["text"], case["published"], nlp=nlp)]

    f1, attributes = _scores(holdout, ours)
    baseline_f1, _ = _scores(holdout + SENTENCES, _cardinal_near_troops(nlp))
    dev_f1, _ = _scores(SENTENCES, ours)
    assert f1 >= 0.85 and attributes >= 0.85, (f1, attributes)
    assert dev_f1 == 1.0
    assert baseline_f1 < 0.75 and f1 - baseline_f1 >= 0.15, (f1, baseline_f1)


@pytest.mark.parametrize("half,minimum", [
    ("dev", {"f1": 0.80, "kind_accuracy": 0.88, "kind_year_accuracy": 0.80}),
    # the frozen half: the figures of its one run after the rules were written (README), as a floor
    # the first test half, read for errors after its frozen runs (README): now development, as a floor
    ("test", {"f1": 0.84, "kind_accuracy": 0.75, "kind_year_accuracy": 0.67}),
    # the second test set, labelled blind and never read for errors: the figures of its runs, as a floor
    ("test2", {"f1": 0.80, "kind_accuracy": 0.66, "kind_year_accuracy": 0.60}),
    # the third, also blind and never read for errors: its figures on arrival (README), as a floor (kind: one
    # figure lower since the kind model was retrained with training files H, I and J, README)
    ("test3", {"f1": 0.78, "kind_accuracy": 0.75, "kind_year_accuracy": 0.66}),
    # the fourth, blind, ordinary reports, never read for errors: its first run (session-start code), as a floor
    # (kind and year three figures lower since the kind model has the last word, told the rules' kind: over the
    # five frozen sets together kind +2.7 and kind and year +1.3 points, README)
    ("test4", {"f1": 0.86, "kind_accuracy": 0.83, "kind_year_accuracy": 0.74}),
    # the fifth, blind, scored once on arrival after the fourth session's last rule, never read: as a floor (kind
    # and kind+year one figure lower since the kind model was retrained with training files M and N, README;
    # since the level model adds figures, kind is counted over more figures found: as many right, a lower share)
    ("test5", {"f1": 0.87, "kind_accuracy": 0.78, "kind_year_accuracy": 0.71}),
    # the sixth, blind, ordinary reports, scored on arrival (the level model then only dropped figures) and once
    # more with the level model that also adds them (README): the second run as a floor (kind one figure lower
    # since the kind model also learns from the level model's figures, README)
    ("test6", {"f1": 0.93, "kind_accuracy": 0.76, "kind_year_accuracy": 0.71}),
    # W, blind, scored on arrival in the eighth session (0.922 / 0.896 / 0.792 with the session-start code, README),
    # then read for errors: its arrival figures as a floor
    ("train_w", {"f1": 0.92, "kind_accuracy": 0.89, "kind_year_accuracy": 0.79}),
    # Y, Z, AA, AB and AC, blind, each scored on arrival in the ninth session (pooled with the session-start code
    # 0.837 / 0.802 / 0.670, README), then read for errors: the pooled arrival figures as a floor
    ("train_y+train_z+train_aa+train_ab+train_ac", {"f1": 0.83, "kind_accuracy": 0.80, "kind_year_accuracy": 0.67}),
    # AD to AP below: each scored once on arrival while blind; in the fifteenth session the extractor's kind and year
    # errors on all of them were read (README), so since then they are development files with floors.
    # AD, blind, scored once on arrival in the tenth session (0.854 / 0.771 / 0.571 with the session-start code,
    # 0.864 / 0.771 / 0.629 with the code of that moment, README), not read: the session-start figures as a floor
    ("train_ad", {"f1": 0.85, "kind_accuracy": 0.77, "kind_year_accuracy": 0.57}),
    # AE and AF, blind, scored once on arrival in the eleventh session (pooled 0.877 / 0.789 / 0.684 with the
    # session-start code, README), not read: those figures as a floor
    ("train_ae+train_af", {"f1": 0.87, "kind_accuracy": 0.78, "kind_year_accuracy": 0.68}),
    # AG and AH, blind, scored once on arrival in the twelfth session (pooled 0.885 / 0.897 / 0.810 with the
    # session-start code, README), not read: those figures as a floor
    ("train_ag+train_ah", {"f1": 0.88, "kind_accuracy": 0.89, "kind_year_accuracy": 0.81}),
    # AI and AJ, blind, scored once on arrival in the thirteenth session (pooled 0.868 / 0.729 / 0.610 with the
    # session-start code, README), not read: those figures as a floor
    ("train_ai+train_aj", {"f1": 0.86, "kind_accuracy": 0.72, "kind_year_accuracy": 0.61}),
    # AK and AL, blind, made after the thirteenth session's last rule and scored once on arrival (pooled 0.890 /
    # 0.754 / 0.638 with the session-start code, 0.896 / 0.783 / 0.667 with the session's, README), not read:
    # the session-start figures as a floor
    ("train_ak+train_al", {"f1": 0.89, "kind_accuracy": 0.75, "kind_year_accuracy": 0.63}),
    # AM and AN, blind, scored once on arrival in the fourteenth session (pooled 0.873 / 0.861 / 0.747 with the
    # session-start code, README), not read: those figures as a floor
    ("train_am+train_an", {"f1": 0.87, "kind_accuracy": 0.86, "kind_year_accuracy": 0.74}),
    # AO and AP, blind, made after the fourteenth session's last rule and scored once on arrival (pooled 0.838 /
    # 0.719 / 0.667 with the session-start code and the session's alike, README), not read: those figures as a floor
    ("train_ao+train_ap", {"f1": 0.83, "kind_accuracy": 0.71, "kind_year_accuracy": 0.66}),
    # AQ and AR, blind, the frame coders' 2017-2024 paragraphs that set a number beside a troop word, scored once on
    # arrival in the fifteenth session (pooled 0.940 / 0.915 / 0.872 with the session-start code, README), not read
    ("train_aq+train_ar", {"f1": 0.94, "kind_accuracy": 0.91, "kind_year_accuracy": 0.87}),
])
def test_real_passages_against_hand_labels_and_the_baseline(half, minimum, nlp):
    from iraqtext.validation import cardinal_baseline, iraqtext_predictor, troop_scores

    cases = [case for name in half.split("+") for case in yaml.safe_load((TEST_DATA / f"troop_passages_{name}.yaml").read_text())]
    assert len(cases) >= 45 and sum(1 for c in cases if not c["figures"]) >= 15
    ours = troop_scores(cases, iraqtext_predictor(nlp))
    baseline = troop_scores(cases, cardinal_baseline(nlp))
    for key, floor in minimum.items():
        assert ours[key] >= floor, (key, ours)
    assert ours["f1"] >= baseline["f1"] + 0.25, (ours, baseline)


@pytest.mark.parametrize("first,second", [("am+an", "am_an"), ("ao+ap", "ao_ap")])
def test_a_blind_second_labelling_agrees_with_the_first(first, second):
    # Two labellers, each reading the passages alone with the same guidelines: the labels are consistent enough
    # to measure kinds against (README: the ceiling an extractor could reach on them).
    from iraqtext.validation import second_labeller, troop_scores

    cases = [case for name in first.split("+") for case in yaml.safe_load((TEST_DATA / f"troop_passages_train_{name}.yaml").read_text())]
    again = yaml.safe_load((TEST_DATA / f"troop_second_labels_{second}.yaml").read_text())
    assert [(case["id"], case["text"]) for case in cases] == [(case["id"], case["text"]) for case in again]
    agreement = troop_scores(cases, second_labeller(again))
    assert agreement["f1"] >= 0.98 and agreement["kind_accuracy"] >= 0.98 and agreement["kind_year_accuracy"] >= 0.95, agreement


# General behaviours added with the second development set: real passages (verbatim) from dev2 and dev.
def _dev_text(case_id: str) -> tuple[str, str | None]:
    for name in ("troop_passages_dev2.yaml", "troop_passages_dev.yaml", "troop_passages_test.yaml",
                 "troop_passages_train_2003_2011.yaml", "troop_passages_train_2012_2026.yaml"):
        for case in yaml.safe_load((TEST_DATA / name).read_text()):
            if case["id"] == case_id:
                return case["text"], case["published"]
    raise KeyError(case_id)


@pytest.mark.parametrize("case_id,expected", [
    ("d2-070", [(127000, "historical", 2006), (140000, "current", 2006)]),  # a past level with a date in its clause
    ("d2-056", [(140000, "current", 2005), (150000, "historical", 2005)]),  # "from X" of a present-perfect change
    ("d2-007", [(77500, "current", None), (50000, "planned", None)]),  # "go from X to Y" under "is expected to"
    ("d2-008", [(132000, "historical", 2007)]),  # a date heading the sentence like a timeline entry
    ("d2-003", [(162000, "current", 2007), (161000, "historical", 2005)]),  # a year in the level's own clause
    ("d2-057", [(105000, "proposed", None)]),  # "could drop to": an option, not a plan
    ("d2-034", [(1400, "current", None), (1600, "historical", None)]),  # "a previous limit of"
    ("d2-023", [(155000, "current", None), (138000, "planned", None), (100000, "proposed", None)]),
    ("d2-014", [(2500, "current", 2021)]),  # "will remain": today's level; undated page, year from the sentence
    ("d2-077", [(20000, "planned", None)]),  # "will remain behind": the residual force planned
    ("d2-085", [(158000, "current", None), (159000, "historical", None), (161000, "historical", None)]),
    ("p166", [(2000, "current", 2025), (500, "planned", 2026)]),  # troop levels set to decrease from … to …
    ("p170", [(65000, "current", None), (50000, "planned", None), (150000, "historical", 2007)]),  # the surge
    # 150,000 "before the election" is the level expected then (the label); the rules said current, the
    # learned kind model overrules them
    ("p015", [(148000, "historical", 2003), (150000, "planned", 2005), (138000, "current", 2004)]),
])
def test_kind_and_year_rules_on_real_passages(case_id, expected, nlp):
    text, published = _dev_text(case_id)
    got = [(f.low, f.kind, f.refers_to_year) for f in extract_troop_figures(text, published, nlp=nlp)]
    assert sorted(got) == sorted(expected)


# Rules written on the first test half once it had become development (README): real passages, verbatim.
@pytest.mark.parametrize("case_id,expected", [
    ("p069", [(50000, "planned", 2010)]),  # "will switch … and reduce to": the coordinated verb shares "will"
    ("p086", [(46000, "current", 2011)]),  # "the 46,000 U.S. forces left in the country"
    ("p059", [(130000, "historical", 2007), (140000, "planned", None)]),  # "… in Iraq when Bush ordered … 2007"; 140,000 "expected … once the drawdown had finished": the kind model (as the label) planned
    ("p114", [(3000, "planned", None)]),  # "authorized boosting the troop level to more than 3,000"
    ("p078", [(56000, "current", 2010), (50000, "planned", 2010)]),  # "the 50,000 level Washington has targeted"
    ("p090", [(3000, "proposed", None)]),  # "the possibility of just 3,000 troops"
    ("p018", [(138000, "current", 2005)]),  # "will join the 138,000 U.S. troops already there"
    ("p103", [(24000, "current", 2011)]),  # "the last 24,000 U.S. troops are scheduled to leave"
    ("p042", [(130000, "historical", 2007), (169000, "current", 2007)]),  # "there are 169,000 there now"
    ("p091", [(4000, "proposed", None)]),  # "Up to 4K U.S. troops to stay in Iraq?": the rules say planned, the kind model (as the label) proposed
    ("p087", [(8500, "proposed", 2012)]),  # active-duty troops with no reserves named are the force
    ("p135", [(8892, "current", 2017)]),  # not "about 26,000 military personnel in these countries", a total
])
def test_kind_and_year_rules_from_the_first_test_half(case_id, expected, nlp):
    text, published = _dev_text(case_id)
    got = [(f.low, f.kind, f.refers_to_year) for f in extract_troop_figures(text, published, nlp=nlp)]
    assert sorted(got) == sorted(expected)


@pytest.mark.parametrize("case_id", [
    "d2-032", "d2-069",  # a part of the force in Iraqi cities
    "d2-037",  # "the country" is Afghanistan, named in the sentence before
    "d2-042", "d2-051",  # brigades and their soldiers, soldiers from a division
    "d2-053",  # the next rotation
    "d2-019",  # "reduce … by perhaps 20,000 to 30,000 troops"
    "d2-009",  # what an escalation requires
    "p185",  # reservists and active-duty troops
    "p149",  # "poured in thousands of troops": an amount sent
    "p124",  # 'deploy "certainly hundreds" more troops'
])
def test_parts_moves_and_other_places_are_not_levels(case_id, nlp):
    text, published = _dev_text(case_id)
    assert extract_troop_figures(text, published, nlp=nlp) == []


@pytest.mark.parametrize("case_id,low,high", [
    ("d2-026", 18000, 18000),  # a residual force as large as 18,000
    ("d2-029", 100000, 100000),  # reduce the number below 100,000
    ("d2-063", 5000, 5000),  # "…, and 5,000 there"
    ("p095", 10000, 10000),  # as many as 8,500 or 10,000 troops
    ("p100", 3000, 4000),  # 3,000-to-4,000, tokenized apart
    ("p130", 4640, 4640),  # a plain number the NER took for a date
    ("p056", 20000, 99999),  # a force, which … could number in the tens of thousands
    ("p015", 150000, 150000),  # After rising to 150,000 …, the troop count is …
])
def test_levels_without_a_noun_of_their_own(case_id, low, high, nlp):
    text, published = _dev_text(case_id)
    assert (low, high) in {(f.low, f.high) for f in extract_troop_figures(text, published, nlp=nlp)}


def test_second_development_set_floor(nlp):
    from iraqtext.validation import iraqtext_predictor, troop_scores

    cases = yaml.safe_load((TEST_DATA / "troop_passages_dev2.yaml").read_text())
    assert len(cases) >= 60 and all(c["id"].startswith("d2-") for c in cases)
    ours = troop_scores(cases, iraqtext_predictor(nlp))
    assert ours["f1"] >= 0.93 and ours["kind_accuracy"] >= 0.83 and ours["kind_year_accuracy"] >= 0.80, ours


# Value rules written on the kind model's training passages (read for their errors on 2026-11-26).
@pytest.mark.parametrize("case_id,expected", [
    ("a3-010", [(60000, 60000), (50000, 50000)]),  # "the reduction of American forces from 60,000 to 50,000"
    ("b3-007", [(5200, 5200), (3500, 3500)]),  # "announce a reduction of U.S. troop levels from 5,200 to about 3,500"
    ("a3-016", [(110000, 110000), (135000, 160000)]),  # "have ranged from about 135,000 to 160,000": one range
])
def test_levels_around_a_change_noun_and_ranges(case_id, expected, nlp):
    text, published = _dev_text(case_id)
    assert sorted((f.low, f.high) for f in extract_troop_figures(text, published, nlp=nlp)) == sorted(expected)


# --- the learned kind model ---------------------------------------------------------------------------
TROOP_TRAINING_FILES = [TEST_DATA / f"troop_passages_{name}.yaml"
                       for name in ("dev", "dev2", "test", "train_2003_2011", "train_2012_2026", "train_kinds",
                                    "train_2014_2026", "train_e", "train_f", "train_h", "train_i", "train_j", "train_k", "train_m", "train_n", "train_o", "train_p",
                                    "train_q", "train_r", "train_s", "train_t")]
# The level model also learns from the nine files the rules were developed on after those (U-AC): more labels
# helped it in grouped cross-validation; the kind model trained on them too reads the seed's January 2020 level
# as a past one (README).
LEVEL_TRAINING_FILES = TROOP_TRAINING_FILES + [TEST_DATA / f"troop_passages_train_{name}.yaml"
                                               for name in ("u", "v", "w", "x", "y", "z", "aa", "ab", "ac")]


def test_the_shipped_kind_model_is_the_one_the_labelled_files_train(nlp, tmp_path):
    from iraqtext.troop_kind_model import MODEL_PATH, KindModel, labelled_figures, load_model, train

    retrained = tmp_path / "kind.json"
    model = train(TROOP_TRAINING_FILES, retrained, nlp=nlp)
    assert retrained.read_bytes() == MODEL_PATH.read_bytes()  # deterministic, and the shipped file is current
    assert set(model.classes_) == {"current", "historical", "planned", "proposed"}
    figures = labelled_figures([TEST_DATA / "troop_passages_test2.yaml"], nlp=nlp)[:30]
    shipped, again = load_model(), KindModel.from_dict(model.to_dict())
    assert np.allclose(shipped.predict_proba([f.features for f in figures]), again.predict_proba([f.features for f in figures]))


def test_the_shipped_level_model_is_the_one_the_labelled_files_train(nlp, tmp_path):
    from iraqtext.troop_level_model import LEVEL, MODEL_PATH, LevelModel, labelled_candidates, load_model, train

    retrained = tmp_path / "level.json"
    model = train(LEVEL_TRAINING_FILES, retrained, nlp=nlp)
    assert retrained.read_bytes() == MODEL_PATH.read_bytes()  # deterministic, and the shipped file is current
    assert LEVEL in model.classes_
    candidates = labelled_candidates([TEST_DATA / "troop_passages_test2.yaml"], nlp=nlp)[:30]
    shipped, again = load_model(), LevelModel.from_dict(model.to_dict())
    assert np.allclose(shipped.predict_proba([c.features for c in candidates]),
                       again.predict_proba([c.features for c in candidates]))


def test_the_fast_model_probabilities_are_scikit_learns_to_the_last_bit(nlp):
    # The troop models compute their probabilities without scikit-learn's per-call checks
    # (model_store.logistic_proba); the numbers must be the ones predict_proba gives, bit for bit.
    from iraqtext.troop_kind_model import labelled_figures
    from iraqtext.troop_kind_model import load_model as load_kind_model
    from iraqtext.troop_level_model import labelled_candidates
    from iraqtext.troop_level_model import load_model as load_level_model

    passages = [TEST_DATA / "troop_passages_test2.yaml"]
    rows = [f.features for f in labelled_figures(passages, nlp=nlp)]
    kind_model = load_kind_model()
    reference = kind_model.classifier_.predict_proba(kind_model.vectorizer_.transform(rows))
    assert len(rows) > 50 and np.array_equal(kind_model.predict_proba(rows), reference)
    candidates = [c.features for c in labelled_candidates(passages, nlp=nlp)]
    for part in (load_level_model().accepted_, load_level_model().rejected_):
        reference = part.classifier_.predict_proba(part.vectorizer_.transform(candidates))
        assert reference.shape[1] == 2 and np.array_equal(part.predict_proba(candidates), reference)


@pytest.mark.parametrize("case_id,rules_values,checked_values", [
    # casualties, not a level ("a war that has claimed more than 3,600 U.S. troops")
    ("O-048", [3600], []),
    # levels the rules miss: "ordered all but 50,000 troops to leave", "the current 141,000"
    ("O-038", [], [50000]),
    ("O-095", [], [141000]),
    # a level and its parts by service: the parts go, the level stays
    ("O-090", [150000, 120000, 30000], [150000]),
    # a unit sent home
    ("O-059", [3000], []),
    # the Afghanistan cap beside the authorised level in Iraq: once the model's to drop, now the rules' (the place
    # of the verb of a change to a level)
    ("P-038", [5262], [5262]),
])
def test_the_level_model_drops_and_adds_what_the_rules_do_not_see(case_id, rules_values, checked_values, nlp):
    """Real passages of a training file (the check has seen them: this shows what it learned, the
    README gives its cross-validated and frozen-set figures)."""
    name = "train_o" if case_id.startswith("O") else "train_p"
    case = next(c for c in yaml.safe_load((TEST_DATA / f"troop_passages_{name}.yaml").read_text()) if c["id"] == case_id)
    rules = extract_troop_figures(case["text"], case["published"], nlp=nlp, learned_levels=False)
    checked = extract_troop_figures(case["text"], case["published"], nlp=nlp)
    assert [f.low for f in rules] == rules_values
    assert [f.low for f in checked] == checked_values


def test_the_kind_model_overrules_the_rules_only_where_it_is_sure(nlp):
    text, published = _dev_text("p015")  # 150,000 "before the election": the level expected then
    rules = {f.low: (f.kind, f.refers_to_year) for f in extract_troop_figures(text, published, nlp=nlp, learned_kinds=False)}
    learned = {f.low: (f.kind, f.refers_to_year) for f in extract_troop_figures(text, published, nlp=nlp)}
    assert rules[150000] == ("current", 2004) and learned[150000] == ("planned", 2005)  # the year re-read for the kind
    assert rules[148000] == learned[148000] == ("historical", 2003)


def test_the_kind_model_is_told_the_rules_kind_and_keeps_a_defining_mark(nlp):
    """The model reads the kind the rules chose as a feature: told 'historical' or 'current' about the
    same figure, it can answer differently; and the shipped model keeps 'at the height of the
    occupation' a past level, as the rules read it (a seed sentence, tcf-2024-better-mission)."""
    from iraqtext.troop_kind_model import RULES_KIND_PREFIX, kind_features, load_model, second_opinion
    from iraqtext.troops import load_lexicon, stated_figures

    text = ("The 2,500 U.S. troops in Iraq are a small fraction of the 160,000 stationed there at the height of "
            "the American occupation, but even now, Washington operates with minimal coordination with Iraqi authorities.")
    [(internal, figure)] = [pair for pair in stated_figures(nlp(text), 2024) if pair[1].low == 160000]
    lexicon = load_lexicon()
    features = kind_features(internal, "historical", lexicon)
    assert features[RULES_KIND_PREFIX + "historical"] == 1.0 and "pastphrase" in features
    assert figure.kind == second_opinion(internal, "historical", lexicon, load_model()) == "historical"
    model = load_model()
    told = {kind: model.predict_proba([kind_features(internal, kind, lexicon)])[0] for kind in ("historical", "current")}
    assert not np.allclose(told["historical"], told["current"])  # the rules' kind moves the model


@pytest.mark.parametrize("learned_kinds", [False, True])
def test_currently_after_a_bare_numbers_phrase_marks_todays_level(learned_kinds, nlp):
    # "down from 4,500 in Afghanistan and 3,000 in Iraq currently" (V-043): the parser hangs "currently"
    # on the main verb, but it closes the number's own phrase; the number stands without a noun.
    text = ("Miller said the US will reduce troop levels to 2,500 in each country by Jan. 15 — down from 4,500 in "
            "Afghanistan and 3,000 in Iraq currently.")
    kinds = {f.low: f.kind for f in extract_troop_figures(text, "2020-11-17", nlp=nlp, learned_kinds=learned_kinds)}
    assert kinds == {2500: "planned", 3000: "current"}


@pytest.mark.parametrize("text,value,marked", [
    ("The 2,500 U.S. troops in Iraq are a small fraction of the 160,000 stationed there at the height of "
     "the American occupation.", 160000, True),
    ("At its peak in 2007, the American force in Iraq numbered about 170,000 troops.", 170000, True),
    ("The 2,500 U.S. troops in Iraq are a small fraction of the 160,000 stationed there at the height of "
     "the American occupation.", 2500, False),
    ("About 2,500 U.S. troops remain in Iraq, down from a peak of 170,000.", 2500, False),
    # "the peak / high of N" itself, unless a future or conditional clause states it
    ("There are still U.S. forces in Iraq, far fewer than the original peak of approximately 170,000.", 170000, True),
    ("Troop levels are expected to hit a record high of 172,000 next month.", 172000, False),
])
def test_a_level_placed_at_the_peak_is_marked_past_whatever_the_model_says(text, value, marked, nlp):
    # A level "at the height of" / "at its peak" is a past level by definition (29 of 29 labelled
    # figures), and so is "the peak of N" outside a future (18 of 19): the model cannot turn it into
    # today's level; other figures of the sentence are not marked.
    from iraqtext.troop_kind_model import stated_at_the_peak
    from iraqtext.troops import stated_figures

    [internal] = [pair[0] for pair in stated_figures(nlp(text), 2024) if pair[1].low == value]
    assert stated_at_the_peak(internal) is marked


@pytest.mark.parametrize("text,value,done", [
    ("The United States ends its combat mission, having drawn down to fewer than 50,000 troops.", 50000, True),
    ("The American force in Iraq has now been reduced to 2,500 troops.", 2500, True),
    ("The American force in Iraq will be reduced to 2,500 troops by January.", 2500, False),
    ("The Pentagon could cut the American force in Iraq to 2,500 troops.", 2500, False),
])
def test_a_level_a_done_change_reached_is_never_made_a_plan(text, value, done, nlp):
    # A change in the present perfect has happened: the level it reached is not a plan or a proposal,
    # whatever the model says (it called "having drawn down to fewer than 50,000" planned).
    from iraqtext.troop_kind_model import reached_by_a_done_change
    from iraqtext.troops import load_lexicon, stated_figures

    [internal] = [pair[0] for pair in stated_figures(nlp(text), 2010) if pair[1].low == value]
    assert reached_by_a_done_change(internal, load_lexicon()) is done


def test_current_of_a_plan_marks_no_level_as_todays(nlp):
    # The rules read "the current plan" as today's plan, not as a mark of today's level (the kind model, whose
    # features still see the word, reads this sentence as current: a known disagreement, README).
    [figure] = extract_troop_figures("Under the current plan, about 40,000 soldiers would be left in Iraq in "
                                     "training roles.", "2009-09", nlp=nlp, learned_kinds=False)
    assert (figure.low, figure.kind) == (40000, "planned")


@pytest.mark.parametrize("module", ["troop_kind_model", "troop_level_model"])
def test_the_training_command_writes_a_model_that_loads(module, tmp_path, capsys):
    import importlib

    models = importlib.import_module(f"iraqtext.{module}")
    out = tmp_path / "model.json"
    assert models.main(["train", str(TEST_DATA / "troop_passages_dev.yaml"), "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert models.load_model(str(out)).predict_proba  # a fitted model, read back from plain JSON
    with pytest.raises(SystemExit):
        models.main([])  # no command: argparse's usage message, not a traceback
