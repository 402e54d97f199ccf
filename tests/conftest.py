"""Shared fixtures: the seed corpus in data/raw and its cleaned form; the fixture corpus; tiny corpora."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml

import iraqtext
from iraqtext.validation import expand_lines

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
TEST_DATA = Path(__file__).resolve().parent / "data"
#: A second small corpus that is not the seeds: four short articles written for the tests, 2021 and 2023.
FIXTURE_DIR = TEST_DATA / "fixture_corpus"


def write_corpus(folder: Path, articles: dict[str, tuple[str, str]]) -> Path:
    """Write a corpus folder: ``{doc_id: (published, text)}`` → one ``.txt`` per article and ``manifest.csv``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for doc_id, (published, text) in articles.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        rows.append({"doc_id": doc_id, "file": f"{doc_id}.txt", "title": doc_id.replace("-", " ").title(),
                     "published": published, "publisher": "Test Desk"})
    pd.DataFrame(rows).to_csv(folder / "manifest.csv", index=False)
    return folder


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


@dataclass
class ReportRun:
    """What one ``iraqtext report`` process did: its folder, exit code and output."""

    out: Path
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def fixture_report(tmp_path_factory) -> ReportRun:
    """``iraqtext report`` run once, as a user would, on the fixture corpus (not the seeds): it builds
    the corpus into ``<out>/processed/`` and executes every curated notebook against it with papermill."""
    out = tmp_path_factory.mktemp("fixture_report")
    done = subprocess.run([sys.executable, "-m", "iraqtext.cli", "report", "--raw", str(FIXTURE_DIR), "--out", str(out),
                           "--jobs", "2", "--quiet"], capture_output=True, text=True, timeout=900)
    return ReportRun(out, done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def fixture_built_dir(fixture_report) -> Path:
    """The fixture corpus built once (by the report run) into its processed directory."""
    assert fixture_report.returncode == 0, fixture_report.stderr
    return fixture_report.out / "processed"


ONE_DOCUMENT = {
    "lone-2022-drawdown": ("2022-05-02", (
        "Drawdown Debate Returns\n\n"
        "The Pentagon says roughly 2,000 U.S. troops are in Iraq today, advising Iraqi forces at two bases.\n\n"
        "Members of Congress from both parties want a vote on the mission. Iraqi politicians close to Tehran "
        "demand a full withdrawal, while Kurdish leaders in Erbil ask the Americans to stay.\n")),
}

NO_TROOP_FIGURE = {
    "grid-2019-summer": ("2019-07-10", (
        "Another Summer Without Power\n\n"
        "Protesters in Basra blocked roads again this week as electricity cuts stretched past twelve hours a day. "
        "The government in Baghdad blamed old power plants and unpaid bills to Iran.\n\n"
        "Economists say the oil ministry should capture the gas it flares and invest in the grid.\n")),
    "vote-2022-parliament": ("2022-10-28", (
        "A Government at Last\n\n"
        "A year after the election, the Iraqi parliament approved a new cabinet led by Mohammed Shia al-Sudani. "
        "The Coordination Framework, which includes parties close to Iran, holds most of the ministries.\n\n"
        "Washington said it would work with the new government on security and the economy.\n")),
}


WITH_UNDATED = {
    "vote-2020-expel": ("2020-01-10", (
        "Parliament Votes on Foreign Forces\n\n"
        "Iraq's parliament voted to expel the roughly 5,200 U.S. troops stationed in the country after the strike "
        "that killed Qassem Soleimani near Baghdad airport.\n\n"
        "The Pentagon said it had no plans to withdraw, and Iran's allies in parliament promised to keep up the "
        "pressure.\n")),
    "mission-2022-advise": ("2022-03-01", (
        "A Quieter Mission\n\n"
        "About 2,500 U.S. troops remain in Iraq to advise and assist Iraqi forces fighting the Islamic State.\n\n"
        "Officials in Baghdad say the coalition's combat role has ended and that the militias close to Tehran "
        "should stand down.\n")),
    # no publication date: a researcher's clipping whose source gave none
    "brief-undated-footprint": ("", (
        "Washington Weighs Its Footprint\n\n"
        "About 2,000 U.S. troops are in Iraq today, the Pentagon says, and some lawmakers propose cutting the "
        "force to 1,000.\n\n"
        "In 2019, some 5,200 U.S. troops were stationed in Iraq, most of them at Al Asad and in Erbil.\n")),
}


def build_tiny_corpus(tmp_path_factory, name: str, articles: dict[str, tuple[str, str]]) -> Path:
    """Write ``articles`` as a corpus and build it; returns the processed folder."""
    raw = write_corpus(tmp_path_factory.mktemp(f"{name}_raw"), articles)
    out = tmp_path_factory.mktemp(f"{name}_processed")
    iraqtext.build(raw, out, progress=False)
    return out


@pytest.fixture(scope="session")
def one_document_dir(tmp_path_factory) -> Path:
    """A corpus of one short document (one publication year, one troop figure), built once."""
    return build_tiny_corpus(tmp_path_factory, "one_document", ONE_DOCUMENT)


@pytest.fixture(scope="session")
def no_troop_figure_dir(tmp_path_factory) -> Path:
    """A corpus of two documents in two years in which no U.S. troop figure is stated, built once."""
    return build_tiny_corpus(tmp_path_factory, "no_troop", NO_TROOP_FIGURE)


@pytest.fixture(scope="session")
def with_undated_dir(tmp_path_factory) -> Path:
    """Two dated documents (2020, 2022) and one without a publication date, built once."""
    return build_tiny_corpus(tmp_path_factory, "with_undated", WITH_UNDATED)


@pytest.fixture(scope="session")
def all_undated_dir(tmp_path_factory) -> Path:
    """The same three documents, none with a publication date, built once."""
    return build_tiny_corpus(tmp_path_factory, "all_undated", {k: ("", text) for k, (_, text) in WITH_UNDATED.items()})
