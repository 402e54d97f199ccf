"""TopicModel: the scikit-learn estimator contract, determinism, labels and the choice of k."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import Pipeline

from iraqtext.topics import (TopicModel, choose_n_topics, lemmatize_texts, topic_number_scores, umass_coherence)


@pytest.fixture(scope="module")
def lemmas(built_dir) -> list[str]:
    paras = pd.read_parquet(built_dir / "paragraphs.parquet")
    return lemmatize_texts(paras.loc[~paras.is_heading, "text"])


def test_lemmatize_drops_stop_words_and_keeps_lemmas():
    assert lemmatize_texts(["The militias were attacking U.S. troops in Iraq."]) == ["militia attack troop iraq"]


def test_estimator_contract(lemmas):
    model = TopicModel(n_topics=6, lemmatize=False, random_state=1)
    params = model.get_params()
    assert params["n_topics"] == 6 and params["random_state"] == 1
    unfitted = clone(model)
    assert unfitted.get_params() == params and not hasattr(unfitted, "components_")
    weights = model.fit_transform(lemmas)
    assert weights.shape == (len(lemmas), 6) and (weights >= 0).all()
    assert model.components_.shape == (6, len(model.vocabulary_))
    assert model.transform(lemmas[:3]).shape == (3, 6)
    assert list(model.get_feature_names_out()) == [f"topic_{k}" for k in range(6)]
    assert len(model.topic_labels_) == 6 and all(" / " in label for label in model.topic_labels_)


def test_deterministic_for_a_fixed_random_state(lemmas):
    a = TopicModel(n_topics=7, lemmatize=False, random_state=0).fit(lemmas)
    b = TopicModel(n_topics=7, lemmatize=False, random_state=0).fit(lemmas)
    np.testing.assert_array_equal(a.components_, b.components_)
    assert a.topic_labels_ == b.topic_labels_
    pd.testing.assert_frame_equal(a.top_terms(5), b.top_terms(5))


def test_works_inside_a_pipeline_on_raw_text():
    texts = ["U.S. troops should withdraw from Iraq soon.", "Troops must stay to train Iraqi forces.",
             "Oil revenues fund the Iraqi budget.", "The oil price shapes the budget and the economy."] * 3
    pipe = Pipeline([("topics", TopicModel(n_topics=2, min_df=1, max_df=1.0, random_state=0))])
    weights = pipe.fit_transform(texts)
    assert weights.shape == (12, 2)
    labels = pipe.named_steps["topics"].topic_labels_
    assert any("oil" in label or "budget" in label for label in labels)


def test_top_terms_long_form(lemmas):
    terms = TopicModel(n_topics=5, lemmatize=False).fit(lemmas).top_terms(4)
    assert list(terms.columns) == ["topic", "label", "rank", "term", "weight"]
    assert len(terms) == 20 and terms.groupby("topic")["weight"].apply(lambda w: w.is_monotonic_decreasing).all()


def test_choosing_the_number_of_topics(lemmas):
    scores = topic_number_scores(lemmas, ks=[4, 6, 8])
    assert list(scores["n_topics"]) == [4, 6, 8]
    assert scores["reconstruction_error"].is_monotonic_decreasing
    assert (scores["mean_coherence"] < 0).all()
    assert choose_n_topics(scores) == int(scores.loc[scores["mean_coherence"].idxmax(), "n_topics"])
    model = TopicModel(n_topics=4, lemmatize=False).fit(lemmas)
    assert len(umass_coherence(model, lemmas)) == 4
