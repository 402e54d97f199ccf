"""Topic clusters: TF-IDF over lemmatized paragraphs + NMF, as a scikit-learn estimator.

:class:`TopicModel` follows the estimator contract (parameters stored unchanged in ``__init__``,
learned state ending in ``_``, ``fit`` / ``transform`` / ``fit_transform``, ``random_state``), so it
can be cloned and dropped into a user's ``Pipeline``. It takes raw paragraph texts and lemmatizes
them with spaCy (:func:`lemmatize_texts`), or takes already-lemmatized texts with
``lemmatize=False``.

Choosing the number of topics: :func:`topic_number_scores` fits the model for a range of ``k`` and
reports the NMF reconstruction error and the UMass coherence of each topic's top terms (Mimno et
al. 2011: how often top terms appear in the same paragraphs). :func:`choose_n_topics` takes the
``k`` with the best mean coherence; the build uses it, the notebook shows the whole curve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, clone

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc

TOKEN_PATTERN = r"(?u)\b[a-z][a-z'-]+\b"
#: Words that carry no topic in this genre, on top of scikit-learn's English stop words.
GENRE_STOP_WORDS: frozenset[str] = frozenset({
    "say", "would", "also", "even", "one", "many", "year", "new", "make", "could", "may", "might", "however",
    "like", "well", "way", "need", "time", "take", "use", "come", "want", "seem", "include", "give", "help",
    "continue", "remain", "recent", "month", "week", "day", "thing", "just", "far", "long", "point", "lead",
    "issue", "clear", "important", "good", "large", "high", "let", "last", "able", "likely", "become", "see",
})


def doc_lemmas(doc: "Doc") -> str:
    """Lower-case lemmas of the content words of a parsed text, space-separated (see :func:`lemmatize_texts`)."""
    lemmas = [t.lemma_.lower() for t in doc if t.is_alpha and len(t.text) >= 3 and not t.is_stop]
    return " ".join(w for w in lemmas if w not in GENRE_STOP_WORDS)


def lemmatize_texts(texts: Iterable[str], nlp: "Language | None" = None, batch_size: int = 64) -> list[str]:
    """Lower-case lemmas of the content words of each text, space-separated.

    Keeps alphabetic tokens of three letters or more that are not stop words (spaCy's list and
    :data:`GENRE_STOP_WORDS`); named-entity tokens are kept (``iran``, ``mosul``).

    >>> lemmatize_texts(["The militias were attacking U.S. troops in Iraq."])
    ['militia attack troop iraq']
    """
    from .nlp import load_nlp

    nlp = nlp or load_nlp()
    keep = [p for p in ("tok2vec", "tagger", "attribute_ruler", "lemmatizer") if p in nlp.pipe_names]
    with nlp.select_pipes(enable=keep):
        return [doc_lemmas(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]


class TopicModel(TransformerMixin, BaseEstimator):
    """NMF topics over TF-IDF of lemmatized paragraphs.

    Parameters
    ----------
    n_topics : number of topics.
    min_df, max_df : document-frequency bounds of the vocabulary (as in ``TfidfVectorizer``).
    ngram_range : word n-grams of the vocabulary.
    max_features : vocabulary size cap.
    lemmatize : lemmatize raw texts with spaCy (``False``: texts are already lemmatized).
    model : spaCy pipeline name for lemmatization (``None``: :func:`iraqtext.load_nlp` default).
    random_state : seed of NMF (with ``init="nndsvda"`` the fit is deterministic anyway).
    max_iter : NMF iterations.
    n_label_terms : how many top terms make a topic's label.

    Attributes
    ----------
    vectorizer_ : the fitted ``TfidfVectorizer``.
    nmf_ : the fitted ``NMF``.
    components_ : topic-term weights, shape (n_topics, n_terms).
    vocabulary_ : term → column index.
    reconstruction_err_ : NMF reconstruction error.
    topic_labels_ : one label per topic from its top terms.

    Examples
    --------
    >>> texts = ["troops withdraw iraq", "troops stay iraq", "oil gas economy", "oil budget economy"]
    >>> model = TopicModel(n_topics=2, min_df=1, max_df=1.0, lemmatize=False, random_state=0).fit(texts)
    >>> model.transform(texts).shape
    (4, 2)
    """

    def __init__(self, n_topics: int = 8, min_df: int | float = 2, max_df: int | float = 0.5,
                 ngram_range: tuple[int, int] = (1, 2), max_features: int | None = 5000, lemmatize: bool = True,
                 model: str | None = None, random_state: int | None = 0, max_iter: int = 1000,
                 n_label_terms: int = 3):
        self.n_topics = n_topics
        self.min_df = min_df
        self.max_df = max_df
        self.ngram_range = ngram_range
        self.max_features = max_features
        self.lemmatize = lemmatize
        self.model = model
        self.random_state = random_state
        self.max_iter = max_iter
        self.n_label_terms = n_label_terms

    def _prepare(self, texts: Iterable[str]) -> list[str]:
        texts = list(texts)
        if not self.lemmatize:
            return texts
        from .nlp import load_nlp

        return lemmatize_texts(texts, load_nlp(self.model))

    def fit(self, X: Iterable[str], y=None) -> "TopicModel":
        """Learn the vocabulary and the topics from paragraph texts ``X``."""
        self._fit_transform(X)
        return self

    def fit_transform(self, X: Iterable[str], y=None, **fit_params) -> np.ndarray:
        """Fit and return the paragraph-topic weights, shape (n_paragraphs, n_topics)."""
        return self._fit_transform(X)

    def _fit_transform(self, X: Iterable[str]) -> np.ndarray:
        return self._fit_nmf(self._fit_vectorizer(self._prepare(X)))

    def _fit_vectorizer(self, docs: list[str]):
        """Learn the TF-IDF vocabulary; returns the paragraph-term matrix."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer_ = TfidfVectorizer(min_df=self.min_df, max_df=self.max_df, ngram_range=self.ngram_range,
                                           max_features=self.max_features, sublinear_tf=True,
                                           token_pattern=TOKEN_PATTERN)
        return self.vectorizer_.fit_transform(docs)

    def _fit_nmf(self, tfidf) -> np.ndarray:
        """Learn the topics from a paragraph-term matrix of the fitted vectorizer; returns the weights."""
        from sklearn.decomposition import NMF

        self.nmf_ = NMF(n_components=self.n_topics, init="nndsvda", random_state=self.random_state,
                        max_iter=self.max_iter)
        weights = self.nmf_.fit_transform(tfidf)
        self.components_ = self.nmf_.components_
        self.vocabulary_ = self.vectorizer_.vocabulary_
        self.reconstruction_err_ = float(self.nmf_.reconstruction_err_)
        terms = self.vectorizer_.get_feature_names_out()
        self.topic_labels_ = [_label(terms, row, self.n_label_terms) for row in self.components_]
        self.n_features_in_ = 1
        return weights

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """Paragraph-topic weights of new texts, shape (n_paragraphs, n_topics)."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "components_")
        return self.nmf_.transform(self.vectorizer_.transform(self._prepare(X)))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Output column names: ``topic_0`` … ``topic_{k-1}``."""
        return np.array([f"topic_{k}" for k in range(self.n_topics)], dtype=object)

    def top_terms(self, n: int = 10) -> "pd.DataFrame":
        """The ``n`` heaviest terms of each topic: ``topic, label, rank, term, weight`` (long form)."""
        import pandas as pd

        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "components_")
        terms = self.vectorizer_.get_feature_names_out()
        rows = [(k, self.topic_labels_[k], rank, terms[i], round(float(row[i]), 6))
                for k, row in enumerate(self.components_)
                for rank, i in enumerate(np.argsort(-row, kind="stable")[:n], start=1)]
        return pd.DataFrame(rows, columns=["topic", "label", "rank", "term", "weight"])


def _label(terms: np.ndarray, weights: np.ndarray, n: int) -> str:
    """Top terms of a topic, skipping a term whose words another chosen term already has
    (``islamic state`` after ``islamic``)."""
    chosen: list[str] = []
    for i in np.argsort(-weights, kind="stable"):
        words = set(terms[i].split())
        if not any(words & set(c.split()) for c in chosen):
            chosen.append(terms[i])
        if len(chosen) == n:
            break
    return " / ".join(chosen)


def umass_coherence(model: TopicModel, lemmatized: Sequence[str], n_terms: int = 10) -> list[float]:
    """UMass coherence of each topic's top terms over the paragraphs (higher, i.e. closer to 0, is better)."""
    return _umass(model.components_, model.vectorizer_.transform(lemmatized), n_terms)


def _umass(components: np.ndarray, doc_term, n_terms: int = 10) -> list[float]:
    """UMass coherence from topic-term weights and a paragraph-term matrix (only which terms occur matters):
    for the top terms ``w_1 … w_n`` of a topic, the sum over ``a > b`` of ``log((D(w_a, w_b) + 1) / D(w_b))``."""
    presence = (doc_term > 0).astype(np.int64).tocsc()
    scores = []
    for row in components:
        top = np.argsort(-row, kind="stable")[:n_terms]
        columns = presence[:, top]
        together = (columns.T @ columns).toarray()  # documents holding both terms; the diagonal: each term
        lower = np.tril_indices(len(top), k=-1)
        scores.append(float(np.sum(np.log((together[lower] + 1) / np.maximum(np.diag(together)[lower[1]], 1)))))
    return scores


#: The range searched for the number of topics. Above ten, topics of a ~130-paragraph corpus hold
#: a dozen paragraphs or fewer, and UMass coherence keeps rising with k, so it cannot pick beyond it.
DEFAULT_TOPIC_RANGE = range(5, 11)


#: Above this many paragraphs, ``k`` is chosen on a systematic sample of them (every n-th paragraph),
#: and the chosen model is then fitted on all: coherence is as well estimated on a few thousand
#: paragraphs, and the search no longer grows with the corpus.
SELECTION_SAMPLE = 2000


def select_topic_model(lemmatized: Sequence[str], ks: Iterable[int] = DEFAULT_TOPIC_RANGE, random_state: int = 0,
                       **params) -> tuple["pd.DataFrame", TopicModel, np.ndarray]:
    """Fit a model for each ``k`` on one TF-IDF matrix (texts already lemmatized) and keep the most
    coherent (:func:`choose_n_topics`). Returns ``(scores, model, weights)``: the scores of
    :func:`topic_number_scores`, the chosen fitted model and its paragraph-topic weights for all texts.

    With more than :data:`SELECTION_SAMPLE` texts, ``k`` is chosen on every n-th text and the chosen
    model refitted on all of them.
    """
    import pandas as pd

    lemmatized = list(lemmatized)
    step = -(-len(lemmatized) // SELECTION_SAMPLE)  # ceiling division
    base = TopicModel(lemmatize=False, random_state=random_state, **params)
    tfidf = base._fit_vectorizer(lemmatized[::step])
    rows, fitted = [], {}
    for k in ks:
        model = clone(base).set_params(n_topics=k)
        model.vectorizer_ = base.vectorizer_
        weights = model._fit_nmf(tfidf)
        coherence = _umass(model.components_, tfidf)
        rows.append((k, model.reconstruction_err_, float(np.mean(coherence)), float(np.min(coherence))))
        fitted[k] = (model, weights)
    scores = pd.DataFrame(rows, columns=["n_topics", "reconstruction_error", "mean_coherence", "min_coherence"])
    model, weights = fitted[choose_n_topics(scores)]
    if step > 1:
        model = clone(model)
        weights = model.fit_transform(lemmatized)
    return scores, model, weights


def topic_number_scores(lemmatized: Sequence[str], ks: Iterable[int] = DEFAULT_TOPIC_RANGE, random_state: int = 0,
                        **params) -> "pd.DataFrame":
    """For each ``k``: reconstruction error and mean and minimum UMass coherence (texts already lemmatized)."""
    return select_topic_model(lemmatized, ks, random_state, **params)[0]


def choose_n_topics(scores: "pd.DataFrame") -> int:
    """The ``k`` with the best mean coherence (ties: the smaller ``k``)."""
    best = scores.sort_values(["mean_coherence", "n_topics"], ascending=[False, True], kind="stable").iloc[0]
    return int(best["n_topics"])


def paragraph_topics(paragraphs: "pd.DataFrame", model: TopicModel, weights: np.ndarray) -> "pd.DataFrame":
    """Long form ``doc_id, para_id, topic, label, weight`` from a fitted model's weight matrix."""
    import pandas as pd

    n_topics = weights.shape[1]
    topic = np.tile(np.arange(n_topics, dtype=np.int64), len(paragraphs))
    return pd.DataFrame({
        "doc_id": np.repeat(paragraphs["doc_id"].to_numpy(dtype=object), n_topics),
        "para_id": np.repeat(paragraphs["para_id"].to_numpy(dtype=np.int64), n_topics),
        "topic": topic,
        "label": np.asarray(model.topic_labels_, dtype=object)[topic],
        "weight": np.round(weights.astype(np.float64).ravel(), 6),
    })
