"""Small walks over a spaCy dependency tree, shared by the extractors."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def governing_verb(token: "Token") -> "Token":
    """The nearest verb (or auxiliary) at or above ``token``; the sentence root if there is none."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def first_conjunct(token: "Token") -> "Token":
    """The first of the conjuncts ``token`` is one of (*Washington* for *Tehran* in *Washington and Tehran*):
    the one that carries the coordination's role in the sentence."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token
