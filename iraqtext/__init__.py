"""iraqtext: text-as-data tools for U.S.-Iraq policy writing.

The public API, stage by stage::

    docs = iraqtext.load_corpus("data/raw")             # validated documents
    result = iraqtext.clean_text(raw)                    # cleaned text + audit trail
    documents, removed, repairs = iraqtext.clean_corpus(docs)
    paras = iraqtext.paragraphs(documents)               # one row per paragraph
    figures = iraqtext.troop_figures(paras)              # U.S. troop levels in Iraq
    actors = iraqtext.extract_entities(paras)            # canonical actor mentions
    frames = iraqtext.score_frames(paras)                # policy framings per paragraph
    topics = iraqtext.TopicModel().fit_transform(paras["text"])
    lines = iraqtext.kwic(paras, "withdraw", lemma=True)  # keyword in context: the evidence in the text
    iraqtext.build("data/raw", "data/processed", jobs=2)  # all tables: one parse, per-document cache

``load_corpus`` and ``build`` take a corpus folder (``manifest.csv``), a table file or a DataFrame;
``read_news_exports`` makes such a table of the articles in Nexis export files.
``iraqtext.validation`` scores each stage against hand annotations; ``iraqtext.readings`` states the
notebooks' findings from the tables, ``iraqtext.uncertainty`` adds bootstrap intervals over documents,
``iraqtext.plots`` draws the charts and ``iraqtext.reports`` runs the notebooks (papermill).
"""

from .build import build, load_processed
from .clean import CleanResult, RemovedBlock, Repair, clean_corpus, clean_text, paragraphs
from .corpus import CorpusError, TruncatedTextWarning, UndatedDocumentWarning, WorkbookSheetsWarning, load_corpus
from .exports import read_news_exports
from .entities import ActorFileError, cooccurrence, extract_entities, mentions_per_thousand_words
from .frames import CodebookError, frame_shares, primary_frames, score_frames
from .kwic import kwic
from .nlp import ModelNotFoundError, load_nlp
from .topics import TopicModel
from .troops import TroopFigure, extract_troop_figures, troop_figures

__all__ = [
    "ActorFileError", "cooccurrence", "extract_entities", "mentions_per_thousand_words",
    "CodebookError", "frame_shares", "primary_frames", "score_frames", "TopicModel",
    "CleanResult", "CorpusError", "TruncatedTextWarning", "UndatedDocumentWarning", "WorkbookSheetsWarning",
    "ModelNotFoundError", "RemovedBlock", "Repair", "TroopFigure",
    "build", "clean_corpus", "clean_text", "extract_troop_figures", "load_corpus", "load_nlp", "load_processed",
    "kwic", "paragraphs", "read_news_exports", "troop_figures",
]
__version__ = "0.1.0"
