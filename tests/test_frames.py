"""Frames: codebook validation, scores on hand-made paragraphs, agreement with the hand coding."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import iraqtext
from iraqtext.frames import (CodebookError, agreement, frame_shares, load_codebook, primary_frames,
                             score_frames)

from .conftest import TEST_DATA

REQUIRED_FRAMES = {"counter_terrorism", "iran_competition", "sovereignty", "withdrawal", "continued_presence",
                   "governance", "economy_energy", "regional_alliances", "us_domestic_politics_law", "humanitarian"}


@pytest.fixture(scope="module")
def nlp():
    return iraqtext.load_nlp()


def paragraphs(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["t"] * len(texts), "para_id": range(1, len(texts) + 1), "text": list(texts)})


def test_packaged_codebook_has_the_required_frames():
    frames = load_codebook()
    assert {f.id for f in frames} == REQUIRED_FRAMES
    assert all(f.definition and f.pfc for f in frames)


@pytest.mark.parametrize("text,expected", [
    ("Iraqi lawmakers demanded the withdrawal of all U.S. troops, and Washington agreed to negotiate a timetable "
     "to pull out its forces.", "withdrawal"),
    ("Iran's proxies, the Iran-backed militias of the Popular Mobilization Forces, extend Tehran's influence "
     "deep into the Iraqi state.", "iran_competition"),
    ("The strike on Iraqi soil without the government's consent was a flagrant violation of Iraq's sovereignty.",
     "sovereignty"),
    ("Sleeper cells of the Islamic State still mount attacks, and the jihadists could stage a resurgence if "
     "counterterrorism pressure eases.", "counter_terrorism"),
    ("Electricity shortages, falling oil revenues and a bloated public payroll strain the budget; the economy "
     "needs investment beyond oil.", "economy_energy"),
    ("Congress has never repealed the 2002 AUMF, and lawmakers disagree over the war powers the president "
     "claims.", "us_domestic_politics_law"),
    ("More than a million people remain displaced, and humanitarian agencies warn that civilians in the camps "
     "lack essential services.", "humanitarian"),
    ("NATO allies and European partners share the burden of the training mission with the Gulf states.",
     "regional_alliances"),
    ("Reconciliation between Sunni and Shia communities, the rule of law and a fight against corruption are the "
     "foundations of good governance.", "governance"),
    ("The United States should keep advisers in Iraq to train and equip Iraqi forces and preserve the security "
     "partnership.", "continued_presence"),
])
@pytest.mark.parametrize("method", ["model", "codebook"])
def test_hand_made_paragraphs_get_their_frame(text, expected, method, nlp):
    scores = score_frames(paragraphs(text), nlp=nlp, progress=False, method=method)
    assert primary_frames(scores)["primary"].tolist() == [expected]
    row = scores[scores.frame == expected].iloc[0]
    assert row.score > 0 and row.codebook_score > 0 and row.matched_terms


def test_scores_are_long_form_normalised_and_explained(nlp):
    short = "Iran's militias grew."
    long = short + " " + " ".join(["The weather in the region was mild that spring."] * 5)
    scores = score_frames(paragraphs(short, long), nlp=nlp, progress=False, method="codebook")
    assert list(scores.columns) == ["doc_id", "para_id", "frame", "score", "codebook_score", "matched_terms"]
    assert len(scores) == 2 * len(load_codebook())
    iran = scores[scores.frame == "iran_competition"].set_index("para_id")
    assert iran.loc[1, "score"] > iran.loc[2, "score"] > 0  # per 100 words: diluted in the longer paragraph
    assert "militia" in iran.loc[1, "matched_terms"]
    none = primary_frames(score_frames(paragraphs("The weather was mild."), nlp=nlp, progress=False,
                                       method="codebook"))
    assert none["primary"].tolist() == ["none"]


def test_the_model_gives_probabilities_and_a_margin(nlp):
    scores = score_frames(paragraphs(*ARGUED_AGAINST_LEAVING, "Oil exports and electricity imports strain the budget."),
                          nlp=nlp, progress=False)
    assert scores.groupby("para_id")["score"].sum().round(4).eq(1.0).all()
    primary = primary_frames(scores)
    assert primary["score"].between(0, 1).all() and primary["margin"].between(0, 1).all()
    assert primary["primary"].tolist()[-1] == "economy_energy"


ARGUED_AGAINST_LEAVING = [
    "A hasty exit would hand the country to Tehran and undo years of patient work with the Iraqi army.",
    "Washington should not withdraw its remaining forces; pulling out now would be a mistake that invites chaos.",
]


@pytest.mark.parametrize("text", ARGUED_AGAINST_LEAVING)
def test_an_argument_against_leaving_is_not_a_withdrawal_frame(text, nlp):
    scores = score_frames(paragraphs(text), nlp=nlp, progress=False, method="codebook")
    by_frame = scores.set_index("frame")
    assert by_frame.loc["continued_presence", "score"] > by_frame.loc["withdrawal", "score"]
    assert "¬" in by_frame.loc["continued_presence", "matched_terms"]
    assert primary_frames(score_frames(paragraphs(text), nlp=nlp, progress=False))["primary"].item() != "withdrawal"


def test_an_argument_for_leaving_stays_a_withdrawal_frame(nlp):
    text = "Keeping troops in Iraq is a costly mistake; Washington should bring them home and withdraw its forces."
    assert primary_frames(score_frames(paragraphs(text), nlp=nlp, progress=False,
                                       method="codebook"))["primary"].item() == "withdrawal"


def test_the_verb_is_is_not_the_islamic_state(nlp):
    scores = score_frames(paragraphs("It is what it is, and that is that."), nlp=nlp, progress=False,
                          method="codebook")
    assert scores.loc[scores.frame == "counter_terrorism", "score"].item() == 0


@pytest.fixture(scope="module")
def coded_features(nlp):
    from iraqtext.frame_model import frame_features, load_coded

    coded = load_coded()
    return coded, frame_features(coded["text"].tolist(), coded["doc_id"].tolist(), nlp=nlp)


def test_the_coded_set_is_large_varied_and_follows_the_rules(coded_features):
    coded, _ = coded_features
    assert len(coded) >= 250 and coded["doc_id"].nunique() >= 20
    assert (coded["source"] == "seed").sum() == 124
    assert set(coded["primary"]) == REQUIRED_FRAMES
    assert not any(p in s for p, s in zip(coded["primary"], coded["secondary"]))
    assert not coded.duplicated(["doc_id", "para_id"]).any()
    assert "CODING RULES" in (Path(iraqtext.__file__).parent / "data" / "frames_coded.yaml").read_text()[:200]


def test_grouped_cross_validation_beats_the_codebook(coded_features):
    """No article is in both the training and the test part of a fold (README: the full table)."""
    from iraqtext.frame_model import SCORE_PREFIX, grouped_cross_validation
    from iraqtext.validation import frame_agreement

    coded, features = coded_features
    folds = grouped_cross_validation(features, coded)
    model = frame_agreement(folds["predicted"], coded["primary"], coded["secondary"])
    frames = [f.id for f in load_codebook()]
    book = [frames[i] for i in features[[SCORE_PREFIX + f for f in frames]].to_numpy().argmax(axis=1)]
    codebook = frame_agreement(book, coded["primary"], coded["secondary"])
    # a guard against regressions, not the goal (README: 0.72 / 0.90 over fold splits)
    assert model["accuracy"] >= 0.68 and model["within_secondary"] >= 0.87, model
    assert model["accuracy"] > codebook["accuracy"] + 0.05, (model, codebook)
    assert folds["probability"].between(0, 1).all()
    primary_only = frame_agreement(grouped_cross_validation(features, coded, secondary_weight=0.0)["predicted"],
                                   coded["primary"], coded["secondary"])
    assert model["within_secondary"] > primary_only["within_secondary"], (model, primary_only)


def test_secondary_codes_are_weighted_examples_and_balancing_matches_scikit_learn():
    from sklearn.utils.class_weight import compute_class_weight

    from iraqtext.frame_model import _balanced_weights, _training_rows

    primary = ["withdrawal", "sovereignty", "withdrawal", "governance"]
    rows, labels, weights = _training_rows(primary, [[], ["iran_competition", "withdrawal"], [], []], 0.25)
    assert rows.tolist() == [0, 1, 2, 3, 1, 1]
    assert labels.tolist()[4:] == ["iran_competition", "withdrawal"] and weights.tolist() == [1, 1, 1, 1, 0.125, 0.125]
    plain_rows, plain_labels, plain_weights = _training_rows(primary, None, 0.25)
    assert plain_rows.tolist() == [0, 1, 2, 3]
    classes = np.unique(plain_labels)
    expected = dict(zip(classes, compute_class_weight("balanced", classes=classes, y=plain_labels)))
    assert np.allclose(_balanced_weights(plain_labels, plain_weights), [expected[y] for y in plain_labels])
    with pytest.raises(ValueError, match="2 lists of secondary frames for 4 paragraphs"):
        _training_rows(primary, [[], []], 0.25)


def test_document_context_is_the_mean_of_each_document_and_required_by_the_model(coded_features):
    from iraqtext.frame_model import DOCUMENT_LEMMA_COLUMN, DOCUMENT_PREFIX, LEMMA_COLUMN, SCORE_PREFIX, add_document_context, load_model

    coded, features = coded_features
    first = coded["doc_id"] == coded["doc_id"].iloc[0]
    column = SCORE_PREFIX + "iran_competition"
    mean = features.loc[first, column].mean()
    assert np.allclose(features.loc[first, DOCUMENT_PREFIX + "iran_competition"], mean)
    assert not np.allclose(features.loc[~first, DOCUMENT_PREFIX + "iran_competition"], mean)
    whole = " ".join(features.loc[first, LEMMA_COLUMN])
    assert (features.loc[first, DOCUMENT_LEMMA_COLUMN] == whole).all()
    with pytest.raises(ValueError, match="document_lemmas"):
        load_model().predict(features.drop(columns=[DOCUMENT_LEMMA_COLUMN]))
    one_paragraph_each = add_document_context(features.drop(columns=[c for c in features if c.startswith(DOCUMENT_PREFIX)]),
                                              [f"d{k}" for k in range(len(features))])
    assert (one_paragraph_each[DOCUMENT_PREFIX + "iran_competition"] == one_paragraph_each[column]).all()
    with pytest.raises(ValueError, match="doc_ids"):
        load_model().predict(features[[c for c in features if not c.startswith(DOCUMENT_PREFIX)]])


def test_the_shipped_model_is_the_one_the_coded_file_trains(coded_features, tmp_path):
    from iraqtext.frame_model import MODEL_PATH, FrameModel, load_model, save_model

    coded, features = coded_features
    secondary = coded["secondary"].tolist()
    retrained = save_model(FrameModel().fit(features, coded["primary"], secondary), tmp_path / "model.json")
    assert retrained.read_bytes() == MODEL_PATH.read_bytes()  # deterministic, and the shipped file is current
    shipped = load_model()
    assert (shipped.predict(features.head(50)) == FrameModel().fit(features, coded["primary"], secondary).predict(
        features.head(50))).all()


def test_earlier_hand_coding_of_the_seeds_agrees_with_the_coded_set():
    """The 63 seed paragraphs coded in an earlier version, by another coder under slightly different rules."""
    from iraqtext.frame_model import load_coded

    earlier = pd.DataFrame(yaml.safe_load((TEST_DATA / "frames_gold.yaml").read_text()))
    pairs = earlier.merge(load_coded(), on=["doc_id", "para_id"], suffixes=("_earlier", ""))
    assert len(pairs) == len(earlier) == 63
    assert agreement(pairs["primary_earlier"], pairs["primary"])["accuracy"] >= 0.8


def test_frame_shares_per_year(built_dir):
    scores = pd.read_parquet(built_dir / "frames.parquet")
    documents = pd.read_parquet(built_dir / "documents.parquet")
    shares = frame_shares(scores, documents, by="year")
    assert set(shares["year"]) == {2017, 2020, 2024}
    assert shares.groupby("year")["share"].sum().round(2).le(1.0).all()
    by_year = shares.pivot(index="year", columns="frame", values="share")
    # the corpus moves from fighting ISIS toward negotiating a withdrawal
    assert by_year.loc[2017, "counter_terrorism"] + by_year.loc[2017, "governance"] > by_year.loc[2024, "counter_terrorism"]
    assert by_year.loc[2024, "withdrawal"] > by_year.loc[2017, "withdrawal"]


@pytest.mark.parametrize("content,message", [
    ("- id: Bad Id\n  label: x\n  definition: y\n  terms: {a: 1}\n", "'id' must be a lower-case identifier"),
    ("- id: a\n  label: x\n  definition: y\n  terms: {}\n", r"frame 'a'.*'terms' must be a non-empty mapping"),
    ("- id: a\n  label: x\n  definition: y\n  terms: {war: -1}\n", r"frame 'a'.*weight of term 'war'"),
    ("- id: a\n  label: x\n  terms: {war: 1}\n", r"frame 'a'.*'definition' must be"),
    ("- id: a\n  label: x\n  definition: y\n  terms: {war: 1}\n  links: [{head: [a]}]\n", "each link needs"),
    ("- id: a\n  label: x\n  definition: y\n  terms: {w: 1}\n- id: a\n  label: x\n  definition: y\n  terms: {w: 1}\n",
     "duplicate frame id"),
    ("{not: [a list", "cannot be read as YAML"),
])
def test_bad_codebooks_name_the_frame(tmp_path, content, message):
    path = tmp_path / "codebook.yaml"
    path.write_text(content)
    with pytest.raises(CodebookError, match=message):
        load_codebook(path)


def test_the_model_needs_the_frames_it_was_trained_on(tmp_path, nlp):
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump([{"id": "water", "label": "Water", "definition": "Water.", "terms": {"water": 1}}]))
    with pytest.raises(CodebookError, match="trained on the frames"):
        score_frames(paragraphs("Water."), codebook=path, nlp=nlp, progress=False)
    with pytest.raises(CodebookError, match="unknown frame method"):
        score_frames(paragraphs("Water."), nlp=nlp, progress=False, method="vibes")


def test_user_codebook_replaces_the_packaged_one(tmp_path, nlp):
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump([
        {"id": "water", "label": "Water", "definition": "Water scarcity.", "terms": {"water": 2, "drought": 2}},
        {"id": "other", "label": "Other", "definition": "Anything else.", "terms": {"troop": 1}},
    ]))
    scores = score_frames(paragraphs("Drought and water shortages hit Basra."), codebook=path, nlp=nlp, progress=False,
                          method="codebook")
    assert set(scores["frame"]) == {"water", "other"}
    assert primary_frames(scores, codebook=path)["primary"].tolist() == ["water"]


def test_a_codebook_edited_in_a_running_session_is_read_again(tmp_path):
    from iraqtext.frames import load_codebook

    codebook = tmp_path / "codebook.yaml"
    original = (Path(iraqtext.__file__).parent / "data" / "frames.yaml").read_text(encoding="utf-8")
    codebook.write_text(original, encoding="utf-8")
    before = load_codebook(codebook)
    assert load_codebook(codebook) is before  # unchanged: read once
    codebook.write_text(yaml.safe_dump(yaml.safe_load(original)[:3]), encoding="utf-8")
    assert len(load_codebook(codebook)) == 3 < len(before)
