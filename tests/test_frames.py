"""Frames: codebook validation, scores on hand-made paragraphs, agreement with the hand coding."""

from __future__ import annotations

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
def test_hand_made_paragraphs_get_their_frame(text, expected, nlp):
    scores = score_frames(paragraphs(text), nlp=nlp, progress=False)
    assert primary_frames(scores)["primary"].tolist() == [expected]
    row = scores[scores.frame == expected].iloc[0]
    assert row.score > 0 and row.matched_terms


def test_scores_are_long_form_normalised_and_explained(nlp):
    short = "Iran's militias grew."
    long = short + " " + " ".join(["The weather in the region was mild that spring."] * 5)
    scores = score_frames(paragraphs(short, long), nlp=nlp, progress=False)
    assert list(scores.columns) == ["doc_id", "para_id", "frame", "score", "matched_terms"]
    assert len(scores) == 2 * len(load_codebook())
    iran = scores[scores.frame == "iran_competition"].set_index("para_id")
    assert iran.loc[1, "score"] > iran.loc[2, "score"] > 0  # per 100 words: diluted in the longer paragraph
    assert "militia" in iran.loc[1, "matched_terms"]
    none = primary_frames(score_frames(paragraphs("The weather was mild."), nlp=nlp, progress=False))
    assert none["primary"].tolist() == ["none"]


def test_the_verb_is_is_not_the_islamic_state(nlp):
    scores = score_frames(paragraphs("It is what it is, and that is that."), nlp=nlp, progress=False)
    assert scores.loc[scores.frame == "counter_terrorism", "score"].item() == 0


def test_agreement_with_hand_coding(built_dir, nlp):
    gold = pd.DataFrame(yaml.safe_load((TEST_DATA / "frames_gold.yaml").read_text()))
    assert len(gold) >= 60 and set(gold["primary"]) <= REQUIRED_FRAMES
    paras = pd.read_parquet(built_dir / "paragraphs.parquet").merge(gold[["doc_id", "para_id"]])
    predicted = primary_frames(score_frames(paras, nlp=nlp, progress=False)).merge(gold, on=["doc_id", "para_id"])
    overall = agreement(predicted["primary_x"], predicted["primary_y"])
    assert overall["n"] == len(gold)
    assert overall["accuracy"] >= 0.70, overall
    assert overall["kappa"] >= 0.60, overall
    holdout = predicted[predicted["split"] == "holdout"]
    assert agreement(holdout["primary_x"], holdout["primary_y"])["accuracy"] >= 0.5


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


def test_user_codebook_replaces_the_packaged_one(tmp_path, nlp):
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump([
        {"id": "water", "label": "Water", "definition": "Water scarcity.", "terms": {"water": 2, "drought": 2}},
        {"id": "other", "label": "Other", "definition": "Anything else.", "terms": {"troop": 1}},
    ]))
    scores = score_frames(paragraphs("Drought and water shortages hit Basra."), codebook=path, nlp=nlp, progress=False)
    assert set(scores["frame"]) == {"water", "other"}
    assert primary_frames(scores, codebook=path)["primary"].tolist() == ["water"]
