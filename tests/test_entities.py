"""Entities: canonical names against hand-annotated gold, IS vs. is, user actor files, helpers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

import iraqtext
from iraqtext.entities import (ActorFileError, cooccurrence, extract_entities, load_actors,
                               mentions_per_thousand_words, resolve_middle_initials)

from .conftest import TEST_DATA

SCORED_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
PACKAGE_DATA = Path(iraqtext.__file__).parent / "data"


def load_seed_gold() -> list[dict]:
    return [json.loads(line) for line in (TEST_DATA / "entities_gold_seed.jsonl").read_text().splitlines()]


def load_own_gold() -> list[dict]:
    """The YAML lists entities in reading order; offsets are found left to right."""
    rows = []
    for i, item in enumerate(yaml.safe_load((TEST_DATA / "entities_gold_own.yaml").read_text()), start=1):
        text, pos, ents = item["text"], 0, []
        for surface, label, canonical in item["entities"]:
            start = text.index(surface, pos)
            ents.append({"start": start, "end": start + len(surface), "label": label, "canonical": canonical})
            pos = start + len(surface)
        rows.append({"doc_id": f"own-{i}", "para_id": 1, "text": text, "entities": ents})
    return rows


def score(gold: list[dict], predicted: pd.DataFrame) -> tuple[float, float]:
    """F1 of (start, end, canonical) mentions, and F1 of the set of canonical actors per paragraph."""
    predicted = predicted[predicted["label"].isin(SCORED_LABELS)]
    tp = fp = fn = ptp = pfp = pfn = 0
    for item in gold:
        rows = predicted[(predicted.doc_id == item["doc_id"]) & (predicted.para_id == item["para_id"])]
        g = {(e["start"], e["end"], e["canonical"]) for e in item["entities"]}
        s = {(r.start, r.end, r.canonical) for r in rows.itertuples()}
        tp, fp, fn = tp + len(g & s), fp + len(s - g), fn + len(g - s)
        gc, sc = {e["canonical"] for e in item["entities"]}, set(rows["canonical"])
        ptp, pfp, pfn = ptp + len(gc & sc), pfp + len(sc - gc), pfn + len(gc - sc)
    return 2 * tp / (2 * tp + fp + fn), 2 * ptp / (2 * ptp + pfp + pfn)


def run(gold: list[dict], nlp) -> pd.DataFrame:
    paragraphs = pd.DataFrame([{k: g[k] for k in ("doc_id", "para_id", "text")} for g in gold])
    return extract_entities(paragraphs, nlp=nlp, progress=False)


def alias_dictionary_baseline(gold: list[dict]) -> pd.DataFrame:
    """The brief's baseline: case-insensitive whole-word alias matching (it reads the verb 'is' as IS)."""
    aliases = {}
    for actor in load_actors():
        for alias in actor.aliases:
            aliases[alias.lower()] = (actor.label, actor.canonical)
        for pattern in actor.patterns:
            text = pattern[0].get("TEXT")
            for form in (text.get("IN", []) if isinstance(text, dict) else [text]):
                aliases[str(form).lower()] = (actor.label, actor.canonical)
    ordered = sorted(aliases, key=len, reverse=True)
    regex = re.compile(r"(?<![\w.])(" + "|".join(re.escape(a) for a in ordered) + r")(?![\w])", re.IGNORECASE)
    rows = []
    for g in gold:
        for m in regex.finditer(g["text"]):
            label, canonical = aliases[m.group(0).lower()]
            rows.append((g["doc_id"], g["para_id"], m.start(), m.end(), m.group(0), label, canonical, "pattern"))
    return pd.DataFrame(rows, columns=list(iraqtext.entities.ENTITY_COLUMNS))


@pytest.fixture(scope="module")
def nlp():
    return iraqtext.load_nlp()


def test_seed_gold_is_large_enough():
    gold = load_seed_gold()
    assert len(gold) >= 30 and len({g["doc_id"] for g in gold}) == 5
    for item in gold:
        for e in item["entities"]:
            assert item["text"][e["start"]:e["end"]] == e["text"]


def test_seed_gold_f1_and_baseline(nlp):
    gold = load_seed_gold()
    span_f1, actor_f1 = score(gold, run(gold, nlp))
    assert span_f1 >= 0.90 and actor_f1 >= 0.90, (span_f1, actor_f1)
    base_span, base_actor = score(gold, alias_dictionary_baseline(gold))
    assert span_f1 > base_span and actor_f1 > base_actor, (base_span, base_actor)


def test_own_style_paragraphs_f1(nlp):
    gold = load_own_gold()
    span_f1, actor_f1 = score(gold, run(gold, nlp))
    assert span_f1 >= 0.90 and actor_f1 >= 0.90, (span_f1, actor_f1)
    base_span, base_actor = score(gold, alias_dictionary_baseline(gold))
    assert actor_f1 - base_actor >= 0.05, (actor_f1, base_actor)


@pytest.mark.parametrize("text,expected", [
    ("The group known as IS is weaker than it was, and IS fighters are scattered.", ["Islamic State", "Islamic State"]),
    ("It is what it is.", []),
    ("WHAT IS NEXT FOR US TROOPS IN IRAQ?", ["Iraq"]),
    ("Tell us whether the US will stay.", ["United States"]),
    ("ISIL, also called Daesh or the Islamic State (also known as ISIS), lost Mosul.", ["Islamic State"] * 4 + ["Mosul"]),
])
def test_is_the_group_is_not_the_verb(text, expected, nlp):
    got = [m[4] for m in nlp(text)._.actor_mentions if m[3] in SCORED_LABELS]
    assert got == expected


def test_known_people_are_never_tagged_org_or_loc(built_dir, nlp):
    paragraphs = pd.read_parquet(built_dir / "paragraphs.parquet")
    entities = extract_entities(paragraphs, nlp=nlp, progress=False)
    people = {a.canonical for a in load_actors() if a.label == "PERSON"}
    assert (entities.loc[entities["canonical"].isin(people), "label"] == "PERSON").all()
    assert set(entities["source"]) == {"pattern", "model"}
    us = entities[entities["canonical"] == "United States"]
    assert {"U.S.", "US", "United States", "America"} <= set(us["text"])


@pytest.mark.parametrize("text,canonical", [
    ("Washington and Tehran traded threats.", ["United States", "Iran"]),
    ("The talks were held in Baghdad.", ["Baghdad"]),
    ("Baghdad wants the troops to leave.", ["Iraq"]),
    ("Tehran's proxies fired rockets.", ["Iran"]),
    ("The envoy will visit Tehran next week.", ["Tehran"]),
])
def test_capitals_as_states_or_places(text, canonical, nlp):
    assert [m[4] for m in nlp(text)._.actor_mentions if m[3] == "GPE"] == canonical


def test_document_level_resolution(nlp):
    paragraphs = pd.DataFrame({
        "doc_id": ["d", "d", "d"], "para_id": [1, 2, 3],
        "text": ["Prime Minister-designate Mohammed Tawfiq Allawi met the cabinet.",
                 "On March 1, Prime Minister-designate Allawi told parliament that he would withdraw his candidacy.",
                 "Officials blamed the Iraqi National Intelligence Service (INIS) for the leak, and the INIS denied it."],
    })
    entities = extract_entities(paragraphs, nlp=nlp, progress=False)
    allawi = entities[entities["text"] == "Allawi"]
    assert allawi["canonical"].tolist() == ["Mohammed Tawfiq Allawi"]
    # the group adjective does not cut the longer name in two, and the defined acronym takes its name
    assert "Iraqi National Intelligence Service" in set(entities["canonical"])
    inis = entities[entities["text"] == "INIS"]
    assert len(inis) >= 1 and set(inis["canonical"]) == {"Iraqi National Intelligence Service"}


@pytest.mark.parametrize("text,surface,canonical,label", [
    ("Iraqi Prime Minister Mohammed Shia al-Sudani met leaders of the Hashed al-Shaabi, the umbrella of mostly "
     "Shiite militias, in Baghdad on Sunday.", "Hashed al-Shaabi", "Popular Mobilization Forces", "ORG"),
    ("Washington blamed Asaib Ahl al Haq, an Iran-backed militia, for the rocket attack on the embassy.",
     "Asaib Ahl al Haq", "Asa'ib Ahl al-Haq", "ORG"),
    ("Rockets struck near Ain al-Assad on Tuesday.", "Ain al-Assad", "Al Asad Air Base", "FAC"),
])
def test_other_romanisations_of_a_known_group_or_place_take_its_name(text, surface, canonical, label, nlp):
    """Arabic names are romanised many ways (*Hashd*, *Hashed*, *Hashad al-Sha'abi*); a model entity whose
    transliteration key (:func:`iraqtext.entities.transliteration_key`) is that of one known organisation or
    place takes its canonical name and label, whatever label the model gave it."""
    found = [(m[2], m[4], m[3]) for m in nlp(text)._.actor_mentions]
    assert (surface, canonical, label) in found, found


@pytest.mark.parametrize("text,kept", [
    ("U.S. Defense Secretary Lloyd J. Austin made a surprise visit to Baghdad.", ["United States", "Lloyd Austin", "Baghdad"]),
    ("Iraqi Defense Minister Thabit al-Abassi met the delegation.", ["Iraqis", "Thabit al-Abassi"]),
    ("The Defense Ministry said the strike killed two.", ["Defense Ministry"]),
])
def test_a_ministrys_word_in_an_office_title_is_no_organisation(text, kept, nlp):
    """*Defense* in *Defense Secretary* or *Defense Minister* is part of a title (the model tags it ORG); *the
    Defense Ministry* is an organisation."""
    assert [m[4] for m in nlp(text)._.actor_mentions] == kept


def test_a_surname_tagged_as_an_organisation_takes_the_persons_full_name(nlp):
    """The small model often tags a lone surname ORG (*Stoltenberg said …*); when the document names that person in
    full, the surname is the person."""
    paragraphs = pd.DataFrame({"doc_id": ["d", "d"], "para_id": [1, 2], "text": [
        "NATO Secretary-General Jens Stoltenberg met defence ministers in Brussels.",
        "Stoltenberg said the mission would grow."]})
    entities = extract_entities(paragraphs, nlp=nlp, progress=False)
    lone = entities[entities["text"] == "Stoltenberg"]
    assert len(lone) == 1 and set(zip(lone["canonical"], lone["label"])) == {("Jens Stoltenberg", "PERSON")}


def test_a_surname_with_inner_capitals_tagged_as_an_organisation_is_the_person(nlp):
    """*McGurk* (the model tags the second lone mention ORG) is as much a surname as *Tillerson*: a real
    paragraph of the coded corpus (CNAS, 2023)."""
    coded = yaml.safe_load((PACKAGE_DATA / "frames_coded.yaml").read_text(encoding="utf-8"))
    text = next(p["text"] for p in coded if p["doc_id"] == "cnas-2023-us-military-still-lost-in-iraq"
                and p["para_id"] == 2)
    entities = extract_entities(pd.DataFrame({"doc_id": ["d"], "para_id": [1], "text": [text]}), nlp=nlp,
                                progress=False)
    lone = entities[entities["text"] == "McGurk"]
    assert len(lone) == 2 and set(zip(lone["canonical"], lone["label"])) == {("Brett McGurk", "PERSON")}


def test_a_name_with_and_without_middle_initials_is_one_person():
    mention = lambda doc, name: [doc, 1, 0, len(name), name, "PERSON", name, "model"]
    entities = pd.DataFrame([mention("a", "Rex W. Tillerson"), mention("b", "Rex Tillerson"),
                             mention("c", "George H. W. Bush"), mention("c", "George W. Bush"),
                             mention("d", "George Bush"), mention("e", "John F. Kirby")],
                            columns=["doc_id", "para_id", "start", "end", "text", "label", "canonical", "source"])
    resolved = resolve_middle_initials(entities)["canonical"].tolist()
    # Kirby is only ever named with the initial; which Bush "George Bush" is cannot be told from the name
    assert resolved == ["Rex Tillerson", "Rex Tillerson", "George H. W. Bush", "George W. Bush", "George Bush",
                        "John F. Kirby"]


def test_a_wire_dateline_defines_no_acronym(nlp):
    """*BAGHDAD (AP) —* is a dateline, not *AP* defined as Baghdad: a parenthesis followed by a dash defines
    nothing (*the Kurdistan Workers' Party (PKK)*, a Kurdish acronym, still does)."""
    paragraphs = pd.DataFrame({"doc_id": ["d", "d"], "para_id": [1, 2], "text": [
        "BAGHDAD (AP) — Rockets struck near the U.S. embassy in Baghdad on Sunday, officials said.",
        "No group claimed the attack, AP reported, and the embassy said no one was hurt."]})
    entities = extract_entities(paragraphs, nlp=nlp, progress=False)
    assert "Baghdad" not in set(entities.loc[entities["text"] == "AP", "canonical"])


def test_people_are_not_matched_by_transliteration_key(nlp):
    """People are matched by their listed aliases only: *Ali Hassan* and *Ali Hussein* share a key, and a key
    two known actors share names neither."""
    from iraqtext.entities import CANONICAL_NAME, transliteration_key

    assert transliteration_key("Ali Hassan") == transliteration_key("Ali Hussein")
    namer = nlp.get_pipe(CANONICAL_NAME)
    assert namer.key_to_actor and all(actor.label != "PERSON" for actor in namer.key_to_actor.values())


def test_a_defined_acronym_takes_the_label_of_what_it_abbreviates(nlp):
    paragraphs = pd.DataFrame({"doc_id": ["d", "d"], "para_id": [1, 2], "text": [
        "Most of the displaced live in camps in the Kurdistan Region of Iraq (KRI).",
        "Officials in the KRI said the camps would close by July."]})
    entities = extract_entities(paragraphs, nlp=nlp, progress=False)
    kri = entities[entities["text"] == "KRI"]
    assert len(kri) >= 1 and set(zip(kri["canonical"], kri["label"])) == {("Kurdistan Region", "GPE")}


def test_user_actor_file_extends_and_overrides(tmp_path):
    custom = tmp_path / "actors.yaml"
    custom.write_text(yaml.safe_dump([
        {"canonical": "Ayad Allawi", "label": "PERSON", "aliases": ["Ayad Allawi", "Iyad Allawi", "Allawi"]},
        {"canonical": "Islamic State", "label": "ORG", "aliases": ["ISIS", "Daesh", "the State"]},
    ]))
    nlp = iraqtext.load_nlp(patterns=custom)
    doc = nlp("Allawi said the State was defeated.")
    assert [(m[2], m[4]) for m in doc._.actor_mentions] == [("Allawi", "Ayad Allawi"), ("the State", "Islamic State")]
    # the override replaced the packaged entry: ISIL is no longer an alias
    assert [m[4] for m in nlp("ISIL attacked.")._.actor_mentions] != ["Islamic State"]


@pytest.mark.parametrize("content,message", [
    ("- canonical: X\n  label: PLACE\n  aliases: [X]\n", r"entry 1 \('X'\): label 'PLACE'"),
    ("- canonical: X\n  label: ORG\n", r"entry 1 \('X'\): needs at least one alias"),
    ("- label: ORG\n  aliases: [X]\n", r"entry 1: 'canonical' must be"),
    ("- canonical: X\n  label: ORG\n  alias: [X]\n", r"unknown key"),
    ("canonical: X\n", "expected a list"),
    ("- [unclosed\n", "cannot be read as YAML"),
])
def test_bad_actor_files_name_the_entry(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    with pytest.raises(ActorFileError, match=message):
        load_actors(path)


def test_salience_and_cooccurrence_helpers(built_dir, nlp):
    paragraphs = pd.read_parquet(built_dir / "paragraphs.parquet")
    documents = pd.read_parquet(built_dir / "documents.parquet")
    entities = extract_entities(paragraphs, nlp=nlp, progress=False)
    by_year = mentions_per_thousand_words(entities, documents, by="year", top=5)
    assert set(by_year["year"]) == {2017, 2020, 2024} and by_year.groupby("year").size().max() == 5
    row = by_year[(by_year.year == 2024) & (by_year.canonical == "United States")].iloc[0]
    words_2024 = documents.loc[documents.year == 2024, "n_words_clean"].sum()
    assert row.per_1000 == round(1000 * row.mentions / words_2024, 3)
    pairs = cooccurrence(entities)
    assert (pairs["actor_a"] < pairs["actor_b"]).all()
    top = pairs.iloc[0]
    assert {top.actor_a, top.actor_b} == {"Iraq", "United States"}


def test_group_shares_sum_to_one_per_year(built_dir, nlp):
    from iraqtext.entities import actor_groups, group_shares

    paragraphs = pd.read_parquet(built_dir / "paragraphs.parquet")
    documents = pd.read_parquet(built_dir / "documents.parquet")
    shares = group_shares(extract_entities(paragraphs, nlp=nlp, progress=False), documents)
    assert shares.groupby("year")["share"].sum().round(2).eq(1.0).all()
    assert actor_groups()["Islamic State"] == "ISIS and jihadists"
    # ISIS fades from 2017 to 2024 in this corpus; the Iraqi state does not
    isis = shares[shares.group == "ISIS and jihadists"].set_index("year")["per_1000"]
    assert isis.loc[2017] > isis.loc[2024]


def test_mentions_per_thousand_words_of_a_corpus_without_actors_is_an_empty_table():
    documents = pd.DataFrame({"doc_id": ["a", "b"], "year": [2020, 2021], "n_words_clean": [120, 80]})
    none = pd.DataFrame(columns=["doc_id", "para_id", "start", "end", "text", "label", "canonical", "source"])
    for by in ("year", "doc_id"):
        rates = mentions_per_thousand_words(none, documents, by=by)
        assert rates.empty and list(rates.columns) == [by, "canonical", "label", "mentions", "words", "per_1000"]


def test_tower_22_is_a_place_not_an_event(nlp):
    # the Jordanian outpost of the January 2024 drone attack (a coded 2024 paragraph) had been an EVENT
    text = "Three U.S. Army reservists at Tower 22, a base in Jordan supporting the U.S. mission in Syria, were killed."
    assert ("Tower 22", "FAC", "Tower 22") in [(m[2], m[3], m[4]) for m in nlp(text)._.actor_mentions]


def test_an_actor_file_edited_between_two_builds_in_one_session_is_read_again(tmp_path):
    # In a notebook, a researcher adds an alias to their actor file and builds again in the same kernel:
    # the build must parse with the file as it is now, not with the pipeline loaded for its old content.
    custom = tmp_path / "actors.yaml"
    custom.write_text(yaml.safe_dump([{"canonical": "Ayad Allawi", "label": "PERSON", "aliases": ["Ayad Allawi"]}]))
    text = "Iyad Allawi met the prime minister in Baghdad."
    assert "Ayad Allawi" not in [m[4] for m in iraqtext.load_nlp(patterns=custom)(text)._.actor_mentions]
    custom.write_text(yaml.safe_dump([{"canonical": "Ayad Allawi", "label": "PERSON",
                                       "aliases": ["Ayad Allawi", "Iyad Allawi"]}]))
    assert "Ayad Allawi" in [m[4] for m in iraqtext.load_nlp(patterns=custom)(text)._.actor_mentions]
