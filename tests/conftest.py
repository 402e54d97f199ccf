"""Shared fixtures: the seed corpus in data/raw and its cleaned form."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

import iraqtext
from iraqtext.validation import expand_lines

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seed_docs() -> pd.DataFrame:
    return iraqtext.load_corpus(RAW_DIR)


@pytest.fixture(scope="session")
def seed_cleaned(seed_docs) -> dict[str, iraqtext.CleanResult]:
    return {doc_id: iraqtext.clean_text(raw) for doc_id, raw in zip(seed_docs["doc_id"], seed_docs["raw_text"])}


@pytest.fixture(scope="session")
def seed_noise_gold() -> dict[str, dict[str, list[int]]]:
    data = yaml.safe_load((TEST_DATA / "seed_noise_lines.yaml").read_text())
    return {doc: {reason: expand_lines(lines) for reason, lines in spec["noise"].items()} for doc, spec in data.items()}


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory) -> Path:
    """The seed corpus built once into a temporary processed directory."""
    out = tmp_path_factory.mktemp("processed")
    iraqtext.build(RAW_DIR, out, progress=False)
    return out
