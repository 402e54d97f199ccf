"""Cleaning: the seeds against a hand annotation, synthetic scrapes, repairs and idempotence."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from iraqtext import clean_text, paragraphs
from iraqtext.clean import MAX_PARAGRAPH_WORDS, MAX_PIECE_CHARS, REASONS, REPAIR_KINDS, clean_corpus, is_heading

from .conftest import RAW_DIR, TEST_DATA


def letters(text: str) -> str:
    """Letters only, lower-cased: robust to repaired apostrophes, dashes, spacing and footnote digits."""
    return re.sub(r"[^a-z]", "", text.lower())


def sentences(line: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) >= 3]


def raw_lines(doc_id: str) -> list[str]:
    return (RAW_DIR / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")


def test_every_body_sentence_of_every_seed_is_kept(seed_cleaned, seed_noise_gold):
    for doc_id, result in seed_cleaned.items():
        noise = {n for lines in seed_noise_gold[doc_id].values() for n in lines}
        cleaned = letters(result.text)
        for line_no, line in enumerate(raw_lines(doc_id), start=1):
            if line.strip() and line_no not in noise:
                for sentence in sentences(line) or [line]:
                    assert letters(sentence) in cleaned, f"{doc_id} line {line_no} lost: {sentence[:80]!r}"


def test_every_noise_line_of_every_seed_is_removed_with_its_reason(seed_cleaned, seed_noise_gold):
    for doc_id, result in seed_cleaned.items():
        by_line = {r.position: r.reason for r in result.removed}
        cleaned = letters(result.text)
        for reason, line_numbers in seed_noise_gold[doc_id].items():
            for line_no in line_numbers:
                text = raw_lines(doc_id)[line_no - 1]
                if not text.strip():
                    continue
                assert line_no in by_line, f"{doc_id} line {line_no} kept: {text[:80]!r}"
                if reason != "any":
                    assert by_line[line_no] == reason, f"{doc_id} line {line_no}: {by_line[line_no]} != {reason}"
                if reason == "pull_quote":
                    assert cleaned.count(letters(text)) <= 1, f"{doc_id} line {line_no} appears twice"


def test_seed_removals_use_the_fixed_vocabulary_and_keep_headings(seed_cleaned):
    for result in seed_cleaned.values():
        assert {r.reason for r in result.removed} <= set(REASONS)
    tcf = seed_cleaned["tcf-2024-better-mission"].text.split("\n\n")
    for heading in ("America’s Intransigence", "Untenable Status Quo", "Beyond a Military Focus"):
        assert heading in tcf


def test_seed_repairs(seed_cleaned):
    cap = seed_cleaned["cap-2017-six-steps"].text
    assert "Iraq’s second-largest city" in cap or "Iraq's second-largest city" in cap
    assert "undermines broader efforts to counter Iran's malign regional influence. The 2003 Iraq war" in cap
    assert "Trump's accusation" in cap
    assert "communities—an essential element" in cap
    assert "once combat operations have ceased. A high-level" in cap
    assert not re.search(r"\bIraqs\b", cap)
    # Real plurals are never turned into possessives.
    assert "Iraqis" in cap and "Iraqi's" not in cap
    tcf = seed_cleaned["tcf-2024-better-mission"].text
    assert "force foreign troops out. But the United States" in tcf
    assert not re.search(r"[a-z][.,]\d{1,2}(\s|$)", tcf)
    kinds = {r.kind for r in seed_cleaned["tcf-2024-better-mission"].repairs}
    assert kinds == {"footnote_marker"}


# --- synthetic scrapes: invented boilerplate around invented paragraphs ------------------------
BODY = [
    "Washington's envoy arrived in Baghdad on Tuesday for talks on the future of the coalition.",
    "Officials on both sides said the discussions focused on training, intelligence sharing and the pace of any drawdown.",
    "Critics in parliament argued that a foreign military presence undermines the country's sovereignty and invites retaliation.",
    "The Next Phase of the Partnership",
    "Analysts expect the talks to continue into the spring, with a joint statement possible before the summer recess.",
]


def synthetic_scrape() -> str:
    return "\n".join([
        "Skip to main content",
        "Menu",
        BODY[0],
        "",
        "Soldiers train at a base outside the capital, March 2021.",
        "Jane Roe / AFP",
        "",
        BODY[1],
        "",
        "Advertisement",
        "",
        BODY[2],
        "",
        "Critics in parliament argued that a foreign military presence undermines the country's sovereignty.",
        "",
        BODY[3],
        "",
        BODY[4],
        "",
        "Share this article",
        "Sign up for our weekly newsletter",
        "John Doe is a senior fellow at the Institute for Imaginary Studies.",
        "",
        "Endnotes",
        "[1] A. Author, “A Report on Things,” Imaginary Press, May 3, 2021, https://example.org/report.",
        "[2] B. Author, “Another Report,” Imaginary Press, June 4, 2021.",
        "",
        "Related",
        "- Drought deepens across the region - Daily Example - May 1st, 2024",
        "- Local team wins the cup final - Sports Example - May 1st, 2024",
        "- Ten recipes for the summer - Food Example - April 30th, 2024",
        "- Markets rally on rate news - Money Example - April 30th, 2024",
    ])


def test_synthetic_scrape_is_reduced_to_its_body():
    result = clean_text(synthetic_scrape())
    assert result.text.split("\n\n") == BODY
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["Jane Roe / AFP"] == "caption"
    assert reasons["Soldiers train at a base outside the capital, March 2021."] == "caption"
    assert reasons["Advertisement"] == "site_chrome"
    assert reasons["John Doe is a senior fellow at the Institute for Imaginary Studies."] == "bio"
    assert reasons["Endnotes"] == "notes"
    assert reasons["- Markets rally on rate news - Money Example - April 30th, 2024"] == "link_list"
    assert reasons[BODY[2].replace(" and invites retaliation", "")] == "pull_quote"


def test_synthetic_teasers_after_the_article_are_removed():
    raw = "\n\n".join(BODY[:3] + [
        "This article was originally published by Example Review.",
        "Ten things to know about the new budget",
        "Lawmakers unveiled a spending plan that cuts farm subsidies and raises school funding.",
        "Continue reading",
        "Why coffee prices keep rising",
        "Growers blame the weather, traders blame speculation.",
        "Read more",
    ])
    result = clean_text(raw)
    assert result.text.split("\n\n") == BODY[:3]
    reasons = [r.reason for r in result.removed]
    assert reasons[0] == "bio" and set(reasons[1:]) == {"appended_article"}


def test_paywall_variants():
    raw = "\n\n".join([BODY[0], "You are reading an excerpt.", "Already a subscriber? Sign in", BODY[1],
                       "Subscribe today for unlimited access", "• Digital edition", "• Weekly briefings"])
    result = clean_text(raw)
    assert result.text.split("\n\n") == BODY[:2]
    assert {r.reason for r in result.removed} == {"paywall"}


def test_photo_credit_variants_are_captions_but_reporting_on_agencies_is_not():
    for credit in ("Photo: Jane Roe/Getty Images", "(AP Photo/Hadi Mizban)", "Image via Wikimedia Commons",
                   "Credit: Ahmed Saad/Reuters", "Iraqi soldiers in west Mosul. Photograph: Jane Roe/AFP/Getty Images"):
        result = clean_text(f"{BODY[0]}\n\n{credit}\n\n{BODY[1]}")
        assert [r.reason for r in result.removed] == ["caption"], credit
    reporting = "Reuters reported on Monday that the talks had stalled over the timetable for the withdrawal."
    assert clean_text(reporting).text == reporting


@pytest.mark.parametrize("caption", [
    "An American soldier patrols central Baghdad, April 29, 2007.",  # a description closed by its date
    "Multiple American soldiers are being evaluated after a missile barrage on al-Asad Airbase (pictured).",
    "U.S. soldiers push a car at a check point in north Baghdad June 13, 2007. REUTERS/Goran Tomasevic",
    "Getty Images/Ahmad Al-Rubaye",
    "Soldiers move an injured Iraqi towards cover of a bridge over the Euphrates River. (Jack Gruber/USA TODAY)",
    "Soldiers stand guard in Shaab, Iraq. U.S. Army photo by Staff Sgt. Mark Burrell.",
    "About 10,000 Indians work in Iraq mostly in areas unaffected by the fighting [EPA]",
    # a wire photo's caption: its first sentence closed by weekday and date, then background
    "President Barack Obama speaks about the situation in Iraq at the White House in Washington, Thursday, "
    "Aug. 7, 2014. Obama says he's authorized the U.S. military to carry out airstrikes in Iraq.",
])
def test_photo_descriptions_are_captions(caption):
    result = clean_text(f"{BODY[0]}\n\n{caption}\n\n{BODY[1]}")
    assert [r.reason for r in result.removed] == ["caption"]
    assert result.text.split("\n\n") == BODY[:2]


def test_sentences_ending_in_a_date_or_an_agency_stay_when_they_are_reporting():
    body = [
        "The attack on the base happened on Jan. 28, 2024, and killed three soldiers.",
        '"We will not leave," the ambassador said in Baghdad, March 3, 2020.',
        "Support for the mission fell to 40 percent in a Reuters/Ipsos poll.",
        "The vote, the embassy said, was held in Baghdad, Jan. 24, 2020.",
        "Turnout was low. The vote was held in Kirkuk, Tuesday, Aug. 2, 2011. Results came a week later.",
    ]
    assert clean_text("\n\n".join(body)).text.split("\n\n") == body


def test_a_list_of_teasers_under_its_heading_is_removed_and_the_article_above_it_kept():
    teasers = [
        "Latest stories",
        "Western Wall in Jerusalem vandalized with anti-war message",
        "The Western Wall in Jerusalem was vandalized with graffiti condemning the war, authorities said.",
        "Iraq announces nationwide power outage amid record heat",
        "Iraq announced a nationwide power outage as rising temperatures pushed demand to new levels.",
        "Syria vows accountability after video of Sweida hospital killing",
        "Syria's interior ministry said it would hold accountable those responsible for the killing.",
    ]
    result = clean_text("\n\n".join(BODY + teasers))
    assert result.text.split("\n\n") == BODY
    assert {r.reason for r in result.removed} == {"link_list"}


def test_short_paragraphs_under_question_subheadings_are_kept():
    """A post's own questions and short answers are not a list of other stories (whole web pages
    showed this shape: question headlines in teaser lists cost such posts their text)."""
    body = [
        "Who pays for the base?",
        "The government in Baghdad pays for fuel and food, and the coalition pays for the rest.",
        "Who guards it?",
        "Iraqi soldiers hold the gate, and a few hundred coalition troops stay inside the wire.",
        "What happens next?",
        "Parliament votes on the agreement in the spring, and both sides expect it to pass.",
        "Why does it matter?",
        "The base is the last one in the west of the country where foreign troops remain.",
    ]
    assert clean_text("\n\n".join(body)).text.split("\n\n") == body


def test_teasers_cut_short_by_an_ellipsis_are_removed():
    teasers = [
        "Ten Years Gone",
        "A United Nations mission set up to aid Iraq in probing alleged crimes by Islamic State militants will "
        "end its operations prematurely later this year, an exit that has raised questions about the prosecution...",
        "Read full story →",
        "Opting Out",
        "Iraqis cast their ballots in the country’s provincial elections this week, the first such vote in a "
        "decade and one that many believe will set the stage for the next parliamentary polls,...",
        "Read full story →",
    ]
    result = clean_text("\n\n".join(BODY + teasers))
    assert result.text.split("\n\n") == BODY


def test_a_bio_box_between_paragraphs_is_removed_when_the_article_never_names_the_person():
    bio = ("Patrick Oliver Cockburn is an Irish journalist who has been a Middle East correspondent since 1979. "
           "He has written four books on Iraq's recent history.")
    result = clean_text(f"{BODY[0]}\n\n{bio}\n\n{BODY[1]}")
    assert [r.reason for r in result.removed] == ["bio"]
    quoted = f"{BODY[0]}\n\n{bio}\n\n{BODY[1]} Cockburn doubts it will last."
    assert clean_text(quoted).removed == ()


def test_section_labels_above_the_title_tag_runs_and_bare_endnotes_are_removed():
    raw = "\n".join([
        "Middle East", "", "US strikes rile allies", "", BODY[0], "", BODY[1], "",
        "Labels:", "Iraq,", "military,", "Obama's chaos", "",
        "21 Bing West, No True Glory, p. 176.", "", "22 Ibid.", "",
    ])
    result = clean_text(raw, title="US strikes rile allies")
    assert result.text.split("\n\n") == ["US strikes rile allies"] + BODY[:2]
    assert {r.reason for r in result.removed} == {"site_chrome", "notes"}


def test_the_article_resumes_after_an_inline_read_more():
    raw = "\n\n".join(ARTICLE[:2] + [
        "Turkey in talks to buy armed drones", "Read More »",
        "Iran-aligned factions in parliament said a second vote on the departure of U.S. forces would follow, "
        "and militia commanders warned of retaliation for the drone strike near Baghdad airport.",
        "The foreign ministry said the timetable for the departure of the U.S. troops would be set in talks "
        "with the embassy in Baghdad.",
    ])
    kept = clean_text(raw).text
    assert "second vote" in kept and "talks with the embassy" in kept.replace("\n", " ")
    assert "Read More" not in kept


def test_a_sentence_restating_a_fact_is_not_a_pull_quote():
    body = [
        "Unofficial data showed that the Sairoon bloc had secured most of the seats of the Iraqi parliament "
        "in the general election, held on Sunday, according to the electoral commission.",
        "Sairoon bloc won 54 seats in the 2018 parliamentary election.",
    ]
    assert clean_text("\n\n".join(body)).text.split("\n\n") == body


def test_a_plain_list_of_headlines_does_not_take_the_paragraph_after_it():
    raw = "\n\n".join([BODY[0], "Related Stories:\nIslamic State threatens Americans in new video\n"
                         "Al-Qaeda leader calls for attacks on India\nFBI asks public to identify a suspect",
                         BODY[1]])
    assert clean_text(raw).text.split("\n\n") == BODY[:2]


def test_body_sentences_resembling_boilerplate_are_kept():
    body = [
        "The prime minister is a former director of the intelligence service, which shaped his approach.",
        "This report argues that a smaller mission can still deter a resurgence of the Islamic State.",
        "Voters in Kirkuk, Erbil and Mosul cast ballots - and most said security was their main concern.",
    ]
    assert clean_text("\n\n".join(body)).text.split("\n\n") == body


@pytest.mark.parametrize("raw,expected,kind", [
    ("Irans proxies grew stronger. Iran denied it.", "Iran's proxies grew stronger. Iran denied it.", "possessive"),
    ("The militarys job was hard.", "The military's job was hard.", "possessive"),
    ("The deal ended.Then talks resumed.", "The deal ended. Then talks resumed.", "run_together"),
    ("The war ended in conflict.12 Then came peace.", "The war ended in conflict. Then came peace.", "footnote_marker"),
    ("a key elementand the last", "a key element—and the last", "lost_dash"),
    ("resolve disputeslet alone the rest", "resolve disputes—let alone the rest", "lost_dash"),
    ("They dont agree.", "They don't agree.", "contraction"),
    ("America stood by. Americainsults allies.", "America stood by. America—insults allies.", "lost_dash"),
    ("The USAIDs program grew.", "The USAID's program grew.", "possessive"),
])
def test_repairs(raw, expected, kind):
    result = clean_text(raw)
    assert result.text == expected
    assert [r.kind for r in result.repairs] == [kind] and kind in REPAIR_KINDS


@pytest.mark.parametrize("text", [
    "The Americans and the Iraqis signed the agreement.",
    "Kurds voted in large numbers, and Sunnis stayed home.",
    "The Americas are a long way from Iraq.",
    "Version 3.5 of the plan cost $2.5 billion in 2019.",
    "See U.S.-Iraq ties, e.g. in the 2008 agreement.",
    "Visit www.example.com.Then read on.",
    "The Iraqi list Iraqiya won the most seats in the Iraqi election.",
    "Refugees reached the Hasansham camp east of Mosul.",
    "The cyberattack hit a counterinsurgency unit.",
])
def test_no_false_repairs(text):
    assert clean_text(text).repairs == () or all(r.kind != "possessive" for r in clean_text(text).repairs)
    if "www" not in text:
        assert clean_text(text).text == text


# --- idempotence -----------------------------------------------------------------------------------
def _seed_and_noise_lines() -> list[str]:
    lines = [l for p in RAW_DIR.glob("*.txt") for l in p.read_text(encoding="utf-8").split("\n")]
    return sorted(set(lines))[:400] + ["", "", "Subscribe Now", "keep reading", "Notes", "1. A note, 2020."]


_FRAUGHT = next(line for line in _seed_and_noise_lines() if line.startswith("Considering how fraught"))  # a seed paragraph
_PUTIN = ("Russian President Vladimir Putin is currently in Pyongyang for a summit with the North Korean leader Kim "
          "Jong Un, marking their second visit in just nine months and Putin’s first trip to North Korea in 24 years.")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_seed_and_noise_lines()), st.text(max_size=80)), max_size=25),
       st.sampled_from(["\n", "\n\n"]))
# found by Hypothesis: a line printed twice, the second copy under a headline after the article. A pass that
# remembered the first copy (removed as a pull quote) kept the second; cleaning the output again removed it.
@example([_FRAUGHT, _PUTIN, "6 Steps the Trump Administration Should Take in Iraq - Center For American Progress",
          _PUTIN], "\n")
def test_cleaning_is_idempotent(lines, separator):
    once = clean_text(separator.join(lines)).text
    assert clean_text(once).text == once


def test_seed_cleaning_is_idempotent(seed_cleaned):
    for result in seed_cleaned.values():
        assert clean_text(result.text).text == result.text


def test_paragraph_table(seed_docs):
    documents, removed, repairs = clean_corpus(seed_docs, progress=False)
    paras = paragraphs(documents)
    assert list(paras.columns) == ["doc_id", "para_id", "text", "is_heading", "n_chars"]
    assert paras.groupby("doc_id")["para_id"].apply(lambda s: list(s) == list(range(1, len(s) + 1))).all()
    assert (paras["n_chars"] == paras["text"].str.len()).all()
    headings = paras.loc[paras.is_heading, "text"].tolist()
    assert "Recommendations for US Policy" in headings and "Untenable Status Quo" in headings
    assert not any(len(h) > 120 for h in headings)
    assert (documents["n_words_clean"] < documents["n_words_raw"]).all()
    assert set(removed.columns) == {"doc_id", "reason", "text", "position"}
    assert is_heading("Pursuing the NATO Option") and not is_heading("The troops stayed.")


def test_synthetic_news_site_scrape():
    body = [
        "Iraq's parliament met on Monday to debate a bill that would set a timetable for foreign forces to leave.",
        "Lawmakers from the governing coalition said a vote could come within weeks, though Kurdish parties objected.",
        "The Next Steps in Baghdad",
        "Officials in Washington declined to comment on the draft, citing ongoing talks with the Iraqi government.",
    ]
    raw = "\n".join([
        "Home > World > Middle East", "By Jane Roe and John Doe, Example Wire", "Updated 3:45 PM EST, March 5, 2024",
        "5 min read", "Listen to this article", "", body[0], "",
        "Image source, Getty Images", "Image caption, Lawmakers arrive for the session in Baghdad", "",
        body[1], "", "Story continues below advertisement", "",
        "Read more: Why Iraq's Kurds fear the new budget law", "", body[2], "", body[3], "",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
        "Reporting by Jane Roe in Baghdad; Editing by John Doe",
        "Our Standards: The Example Trust Principles.", "Follow Jane Roe on Twitter", "Leave a comment",
        "© 2024 Example Wire. All rights reserved.",
    ])
    result = clean_text(raw)
    assert result.text.split("\n\n") == body
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["Read more: Why Iraq's Kurds fear the new budget law"] == "link_list"
    assert reasons["Image caption, Lawmakers arrive for the session in Baghdad"] == "caption"
    assert reasons["By Jane Roe and John Doe, Example Wire"] == "bio"
    assert reasons["Reporting by Jane Roe in Baghdad; Editing by John Doe"] == "bio"


def test_a_read_more_link_mid_article_does_not_cut_the_rest():
    raw = "\n\n".join([BODY[0], "Read more: Iraq's oil exports hit a record", BODY[1], BODY[2]])
    assert clean_text(raw).text.split("\n\n") == [BODY[0], BODY[1], BODY[2]]


def test_a_lone_bulleted_line_links_away_only_from_an_article_around_it():
    fact = "- 152,000 -- Estimated number of U.S. troops currently deployed in Iraq"
    assert clean_text(fact).text == fact  # a one-line passage is the document itself
    raw = "\n\n".join([BODY[0], "- Iraq's oil exports hit a record", BODY[1]])
    assert clean_text(raw).text.split("\n\n") == [BODY[0], BODY[1]]


@pytest.mark.parametrize("sentence", [
    "Reporting by the Associated Press showed that the militias had moved their rockets closer to the base.",
    "By the end of 2011, the last American troops had left Iraq.",
    "The views expressed by Iraqi officials suggest that the talks will drag on.",
    "Subscribers to this view argue that the coalition should stay.",
])
def test_body_sentences_that_start_like_boilerplate_are_kept(sentence):
    assert clean_text(sentence).text == sentence


def test_html_page_converted_and_cleaned(tmp_path):
    from iraqtext.corpus import html_to_text

    html = ("<html><body><header><nav><ul><li><a>Home</a></li><li><a>World</a></li><li><a>Politics</a></li></ul></nav>"
            "<div><a>Share on Facebook</a> <a>Share on Twitter</a> <a>Email</a></div></header><article>"
            "<h1>Iraq asks U.S. to set a timetable for leaving</h1><p>By Jane Roe</p><time>March 5, 2024</time>"
            "<figure><figcaption>U.S. soldiers at a base in Anbar. (AP Photo/Khalid Mohammed)</figcaption></figure>"
            f"<p>{BODY[0]}</p><aside><h3>Related</h3><ul><li><a>Militias strike a base in Syria</a></li>"
            "<li><a>Oil prices climb</a></li><li><a>Inside the green zone</a></li></ul></aside>"
            f"<p>{BODY[1]}</p></article><footer><p>© 2024 Example News. All rights reserved.</p>"
            "<a>Privacy Policy</a> <a>Terms of Use</a> <a>Contact Us</a></footer></body></html>")
    paragraphs = clean_text(html_to_text(html)).text.split("\n\n")
    assert paragraphs == ["Iraq asks U.S. to set a timetable for leaving", BODY[0], BODY[1]]


# --- issue 11: the web's boilerplate, not just the seeds' ------------------------------------------
ARTICLE = [
    "Iraq's caretaker government asked Washington on Monday to set a timetable for the departure of U.S. "
    "forces, days after a drone strike near Baghdad airport killed two militia commanders.",
    "The request, delivered by the foreign ministry to the U.S. embassy, follows a non-binding vote in "
    "parliament and weeks of pressure from Iran-aligned factions in the ruling coalition.",
    "American officials said the roughly 2,500 U.S. troops in Iraq remain there at the invitation of the "
    "Iraqi government and that talks on the coalition's future would continue in Baghdad.",
    "Kurdish and Sunni lawmakers, who boycotted the vote, warned that a hasty departure could let the "
    "Islamic State regroup in the deserts of Anbar and the mountains north of Baghdad.",
]


def test_the_web_boilerplate_named_in_issue_11_is_removed_and_the_article_kept():
    raw = "\n\n".join([
        ARTICLE[0],
        "A soldier at Camp X, Iraq, during a drill. (U.S. Army photo by Sgt. A. B./Released)",
        ARTICLE[1],
        "READ: Ten recipes for a summer barbecue",
        "Talks on the coalition's future would continue in Baghdad",  # a pull quote without quotation marks
        "ALSO READ",
        ARTICLE[2],
        ARTICLE[3],
        "Share this article",
        "Join our new WhatsApp channel for breaking news!",
        "Back issues are available to subscribers only.",
        "Leave a Reply", "Your email address will not be published. Required fields are marked *",
        "Name", "Email", "Website", "Post Comment",
        "Baghdad's power deficit deepens",
        "Summer outages reached 14 hours a day as imports from Iran fell.",
        "Basra's port expansion stalls again",
        "Contractors walked off the site after months without payment.",
        "Why Kurdish oil exports have not resumed",
        "A pipeline dispute with Turkey keeps crude in storage tanks.",
        "Voters in Lagos queue for hours as the governorship race tightens -   Jane Roe",
        "What the new cabinet means for Kenyan farmers -   John Doe",
        "Film review: a quiet drama about a lighthouse keeper",
        "The director's third feature follows a widowed keeper through one winter on a remote island, where "
        "storms, supply boats and a stray dog mark the weeks. The performances are restrained and the "
        "cinematography lingers on grey seas, rusted railings and the slow turning of the great lamp above.",
        "Critics at the festival praised its patience, though some found the final act too sentimental and "
        "the soundtrack of string quartets heavy-handed for such a spare story about solitude and routine.",
        "The film opens in cinemas next month after a run on the festival circuit, where its lead actor won "
        "a prize for a performance built almost entirely of silences, glances and the rhythm of daily chores.",
    ])
    result = clean_text(raw, title="Iraq asks U.S. for timetable on troop departure")
    assert result.text.split("\n\n") == ARTICLE
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["Join our new WhatsApp channel for breaking news!"] == "promo"
    assert reasons["Post Comment"] == "comment_form" and reasons["Leave a Reply"] in ("comment_form", "site_chrome")
    assert reasons["A soldier at Camp X, Iraq, during a drill. (U.S. Army photo by Sgt. A. B./Released)"] == "caption"
    assert reasons["Back issues are available to subscribers only."] == "paywall"
    assert reasons["Baghdad's power deficit deepens"] == "link_list"
    assert reasons["Film review: a quiet drama about a lighthouse keeper"] in ("link_list", "appended_article")
    assert reasons[raw.split("\n\n")[-1]] == "appended_article"


def test_an_article_that_changes_subject_is_kept_whole():
    """Topical overlap only removes another story after the article; a new angle inside it stays."""
    body = ARTICLE[:2] + [
        "Life in the Capital",
        "Most of the city's residents are still without electricity for much of the day, and drivers wait "
        "in long lines for fuel; at night the streets empty, and shopkeepers pull down their shutters early.",
        "Concrete blast walls divide neighbourhoods, and date palms felled for firewood line the river road "
        "where families once picnicked on Fridays before the fighting reached the outskirts.",
    ]
    assert clean_text("\n\n".join(body)).text.split("\n\n") == body


def test_another_titled_story_glued_straight_after_the_article_is_removed():
    """Nothing between: a headline whose words the article does not use, over paragraphs naming none of
    the people and places the article named (held-out 2 had this after a Baghdad report)."""
    story = ["Coastal town votes to rebuild its harbour wall",
             "Residents of Port Ellery in Cornwall approved the Harbour Trust's plan on Saturday, and the "
             "mayor, Helen Tregothnan, said work would start before the winter storms.",
             "The Ellery Fishermen's Association had campaigned for the wall since the 2014 floods."]
    result = clean_text("\n\n".join(ARTICLE + story))
    assert result.text.split("\n\n") == ARTICLE
    assert [r.reason for r in result.removed] == ["appended_article"] * 3


def test_a_paragraph_naming_a_man_without_his_arabic_article_is_the_articles_own():
    """*al-Kadhimi* in the article and *Kadhimi's* in a later paragraph name one man: the paragraph under a
    newsletter heading is not another story (held-out 9 lost such a paragraph once its pull quote went)."""
    article = ARTICLE + ["Prime Minister Mustafa al-Kadhimi will raise the timetable when he meets "
                         "the Pentagon's delegation next week, his office said."]
    later = ["Weekly Arabic Newsletter",
             "However Kadhimi's prospects depend on Sadrist deputies from Najaf and Basra, who want every "
             "foreign soldier gone within a year and have threatened to bring down his cabinet."]
    result = clean_text("\n\n".join(article + later))
    assert later[1] in result.text.split("\n\n")


def test_a_sentence_naming_an_experts_title_is_not_a_bio():
    """A bio names its subject first (*Jane Roe is a senior fellow …*); a sentence that opens otherwise and
    quotes an expert by title is the article's."""
    quote = ("The effort is part of NATO's mission to project stability beyond its borders, Jane Roe, Deputy "
             "Director of the Transatlantic Initiative at the Atlantic Council, told reporters on Wednesday.")
    assert clean_text("\n\n".join(ARTICLE + [quote])).removed == ()
    bio = "Jane Roe is the deputy director of the Transatlantic Initiative at the Atlantic Council."
    assert [r.reason for r in clean_text("\n\n".join(ARTICLE + [bio])).removed] == ["bio"]


def test_an_unrelated_story_run_on_from_the_articles_last_line_is_removed():
    """No headline and no noise between: two paragraphs that share no rare word with anything before
    them, run straight on from the article's closing line (held-out 5: company results after a report
    on Iraq). They are cut off as their own segment; the article's closing line stays."""
    glued = ["Rogers Communications Inc. and the Blue Jays are both providing a spring surprise: Rogers' profit "
             "topped analysts' forecasts as it signed up more wireless subscribers than expected.",
             "Excluding one-time items, the Toronto carrier earned 90 cents per share, ahead of the average "
             "estimate of 85 cents, on revenue of $3.4 billion from cable, media and phone customers."]
    article = ARTICLE + ["Prime Minister Mustafa al-Kadhimi will raise the timetable when he meets "
                         "the Pentagon's delegation in Baghdad next week, his office said."]
    result = clean_text("\n\n".join(article + glued))
    assert result.text.split("\n\n") == article
    assert [r.reason for r in result.removed] == ["appended_article"] * 2


def test_an_article_under_a_page_menu_is_not_cut_off_as_an_unrelated_tail():
    """A whole web page: a newspaper's section menu (no prose) shares nothing with the article under it;
    the article must not be taken for a story glued onto the menu (Zyte pages, Houston Chronicle)."""
    menu = ["o Farms & Ranches", "o Senior Living", "o Home Price Survey", "o Work & Career Advice",
            "o Salute to Nurses", "o Job Listings", "o How to Advertise", "o Post a Job", "o The EDUcationist",
            "o My Perfect Houston", "o Real Estate Listings", "o Cars and Trucks for Sale", "o Weekend Getaways",
            "o Restaurant Reviews", "o Concert Calendar", "o High School Football", "o Gardening Tips",
            "o Pet Adoption", "o Wedding Announcements", "o Obituaries and Memorials", "o Crossword Puzzles",
            "o Horoscopes", "o Lottery Results", "o Traffic Cameras", "o Hurricane Preparedness Guide",
            "o Rodeo and Livestock Show", "o Astros Baseball", "o Texans Football", "o Rockets Basketball",
            "o Dynamo Soccer", "o College Sports Scores", "o Golf Course Rankings", "o Fishing Reports"]
    result = clean_text("\n".join(menu) + "\n\n" + "\n\n".join(ARTICLE))
    assert all(paragraph in result.text for paragraph in ARTICLE)


def test_an_inline_read_more_block_between_paragraphs_takes_only_its_headlines():
    """Held-out 7: "READ MORE" over two headlines between two paragraphs of the article. The block is a
    link list; neither the paragraph above (no teaser summary) nor the one below (the article going on)."""
    block = ["READ MORE", "Angelo dela Cruz: ‘It’s time to lift the Iraq ban’",
             "Philippines will not lift ban on workers in Iraq – report"]
    article = ARTICLE[:2] + block + ARTICLE[2:]
    result = clean_text("\n\n".join(article))
    assert result.text.split("\n\n") == ARTICLE
    assert [r.reason for r in result.removed] == ["link_list"] * 3


def test_readers_signed_comments_after_the_share_bar_are_removed():
    """Held-out 6: comments each followed by the reader's signature line, after the sharing icons."""
    comments = ["Facebook icon", "Twitter icon",
                "Whatever mistakes were made along the way, the people of Anbar are glad the fighting is over.",
                "Dan Wye, US",
                "Where are the figures behind the casualty claim? I have not seen them published anywhere yet.",
                "Jon Soles, US"]
    result = clean_text("\n\n".join(ARTICLE + comments))
    assert result.text.split("\n\n") == ARTICLE
    assert [r.reason for r in result.removed] == ["site_chrome"] * 2 + ["comment_form"] * 4


def test_a_bibliography_under_its_heading_is_removed():
    """Held-out 6: a 'Selected Bibliography on …' heading over unnumbered entries."""
    notes = ["Selected Bibliography on the Iraq War",
             "Adelman, Ken.  “Cakewalk in Iraq.”  Washington Post (February 13, 2002): p. A 27.",
             "Allawi, Ali A.  The Occupation of Iraq: Winning the War, Losing the Peace.  New Haven, CT: Yale "
             "University Press, 2007."]
    result = clean_text("\n\n".join(ARTICLE + notes))
    assert result.text.split("\n\n") == ARTICLE
    assert {r.reason for r in result.removed} == {"notes"}


def test_a_subheading_of_the_article_introducing_new_people_is_kept():
    """A section of the article names someone new, but also something the article already named."""
    body = ARTICLE + ["Voices from Anbar",
                      "In Ramadi, a schoolteacher, Ahmed Saleh, said the Islamic State's sleeper cells still "
                      "frighten families who returned after 2016, and that U.S. advisers were seldom seen."]
    assert clean_text("\n\n".join(body)).text.split("\n\n") == body


def test_runs_of_short_titled_teasers_are_removed():
    """Film reviews or products under two-word titles, one sentence each, four or more in a row."""
    teasers = ["White Bird", "This platitude-heavy drama about kindness benefits from strong performances.",
               "Saturday Night", "A print-the-legend look behind the scenes of a comedy show's first night.",
               "Transformers One", "Lore-crazed fans will devour this animated prequel about the robots.",
               "The Wild Robot", "An animator concocts a sweet fable about parenting and finding your path."]
    result = clean_text("\n\n".join(ARTICLE + teasers))
    assert result.text.split("\n\n") == ARTICLE and {r.reason for r in result.removed} == {"link_list"}
    three = teasers[:6]  # three pairs could be an article's short sections: left alone
    assert clean_text("\n\n".join(ARTICLE + three)).text.split("\n\n") == ARTICLE + three


def test_lines_shared_by_articles_of_one_publisher_are_chrome_but_copies_keep_their_text(tmp_path):
    from iraqtext.build import shared_lines
    from iraqtext.corpus import open_corpus

    masthead = "The Example Review — independent reporting since 1998"
    docs = {
        "a": f"{masthead}\n\n{ARTICLE[0]}\n\n{ARTICLE[1]}\n",
        "b": f"{masthead}\n\n{ARTICLE[2]}\n\n{ARTICLE[3]}\n",
        "c": f"{ARTICLE[0]}\n\n{ARTICLE[1]}\n\nA closing line only this copy has, about the vote.\n",  # a copy of a
        "d": f"{masthead}\n\n{BODY[0]}\n\n{BODY[1]}\n",
    }
    rows = ["doc_id,file,title,publisher,published"]
    for doc_id, text in docs.items():
        (tmp_path / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        rows.append(f"{doc_id},{doc_id}.txt,T,{'Other Site' if doc_id == 'd' else 'Example Review'},2020")
    (tmp_path / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    shared = shared_lines(open_corpus(tmp_path))
    assert shared["a"] == shared["b"] == frozenset({masthead.lower()})
    assert "c" not in shared and "d" not in shared  # a copy of "a" shares text, not boilerplate; "d" has no sibling
    result = clean_text(docs["a"], recurring=shared["a"])
    assert result.text.split("\n\n") == ARTICLE[:2] and result.removed[0].reason == "site_chrome"


def test_a_users_boilerplate_file_extends_the_phrases(tmp_path):
    from iraqtext.boilerplate import BoilerplateFileError, load_phrases

    raw = f"{ARTICLE[0]}\n\nBecome a Friend of the Gazette today\n\n{ARTICLE[1]}"
    assert len(clean_text(raw).text.split("\n\n")) == 3
    mine = tmp_path / "mine.yaml"
    mine.write_text("promo:\n  - friend of the gazette\n")
    result = clean_text(raw, boilerplate=mine)
    assert result.text.split("\n\n") == ARTICLE[:2] and result.removed[0].reason == "promo"
    mine.write_text("promo:\n  - friend of the herald\n")  # edited in a running session: read again
    assert len(clean_text(raw, boilerplate=mine).text.split("\n\n")) == 3
    for content, message in [("promos:\n  - x\n", "unknown list 'promos'"), ("promo: x\n", "must be a list"),
                             ("promo:\n  - '(unclosed'\n", "not a valid pattern")]:
        bad = tmp_path / "bad.yaml"
        bad.write_text(content)
        with pytest.raises(BoilerplateFileError, match=message):
            load_phrases(bad)


@pytest.mark.parametrize("folder,max_leaked_share", [("clean_dev", 0.08), ("clean_holdout", 0.05),
                                                     ("clean_holdout2", 0.10), ("clean_holdout3", 0.37),
                                                     ("clean_holdout4", 0.31), ("clean_holdout6", 0.44),
                                                     ("clean_holdout7", 0.32), ("clean_holdout8", 0.30)])
def test_annotated_scrapes_keep_every_body_line(folder, max_leaked_share):
    """Real scrapes from other sites (README: how the sets were made). Body recall must be 100 %; the
    leak is bounded at what the rules reach (README: the held-out figures before and after)."""
    from iraqtext.validation import score_cleaning_set

    scores = score_cleaning_set(TEST_DATA / folder)
    lost = {d: s["lost"] for d, s in scores["documents"].items() if s["lost"]}
    assert scores["body_kept"] == scores["body"], lost
    if max_leaked_share is not None:
        assert scores["noise_leaked"] <= max_leaked_share * scores["noise"], scores["noise_leaked"]


def test_frozen_held_out_10_does_no_worse_than_on_arrival():
    """clean_holdout10 (README): 12 scrapes from 12 new sites, labelled blind and frozen on arrival (never
    read for errors): its first run kept 79 of 80 body lines and leaked 60 of 133 noise lines. Sixteenth session: names read
    without their Arabic article (*al-Maliki's* = *Maliki's*) keep all 80 and leak 65 (as in held-out 9, the
    extra lines had gone only with a body paragraph, in one misjudged run: an inference, the set is not read).
    A floor on both."""
    from iraqtext.validation import score_cleaning_set

    scores = score_cleaning_set(TEST_DATA / "clean_holdout10")
    assert scores["body"] == 80 and scores["body_kept"] == 80, scores["body_kept"]
    assert scores["noise_leaked"] <= 65, scores["noise_leaked"]


@pytest.mark.parametrize("folder,undecidable,max_leaked_share", [
    ("clean_holdout5", {"thenationalnews-2021-rockets-land-in-mansour": [31]}, 0.37),
    ("clean_holdout9", {"abcnetau-2005-iraqi-roadside-bombs-kill-five-us-soldiers": [21]}, 0.28),
])
def test_held_out_sets_lose_only_the_undecidable_pull_quote(folder, undecidable, max_leaked_share):
    """clean_holdout5 and clean_holdout9 (README): one body sentence is printed twice, first as a pull
    quote above its place, each copy a paragraph of its own; the text alone cannot say which copy is the
    article's, and the later one goes."""
    from iraqtext.validation import score_cleaning_set

    scores = score_cleaning_set(TEST_DATA / folder)
    lost = {d: s["lost"] for d, s in scores["documents"].items() if s["lost"]}
    assert lost == undecidable
    assert scores["noise_leaked"] <= max_leaked_share * scores["noise"], scores["noise_leaked"]


@pytest.mark.parametrize("name", ["troop_passages_dev.yaml", "troop_passages_test.yaml", "troop_passages_test2.yaml"])
def test_real_news_passages_lose_nothing(name):
    """296 real passages of news and think-tank prose (the troop sets), each cleaned as a document."""
    import yaml

    passages = yaml.safe_load((TEST_DATA / name).read_text(encoding="utf-8"))
    removed = {p["id"]: [r.text for r in clean_text(p["text"]).removed] for p in passages}
    assert not {k: v for k, v in removed.items() if v}
    assert len(passages) >= 90


def test_the_coded_articles_lose_no_paragraph():
    """The 2,474 hand-coded frame paragraphs are article body by construction (540 articles of 2017–2024 from
    hundreds of sites): joined back into their articles, with the document id as the title's stand-in,
    cleaning removes none of them and repairs nothing away (two were once taken for author bios)."""
    from collections import defaultdict

    from iraqtext.frame_model import load_coded

    articles: dict[str, list[dict]] = defaultdict(list)
    for row in load_coded().to_dict("records"):
        articles[row["doc_id"]].append(row)
    assert len(articles) >= 500
    removed = {}
    for doc_id, rows in articles.items():
        rows.sort(key=lambda r: r["para_id"])
        result = clean_text("\n\n".join(r["text"] for r in rows), title=doc_id.replace("-", " "))
        if result.removed or len(result.text.split("\n\n")) != len(rows):
            removed[doc_id] = [r.text[:80] for r in result.removed]
    assert removed == {}


# A scrape that lost its line breaks (a table's text column flattened, a PDF's text run together): each
# seed's cleaned body joined into one line of 1,900-3,000 words.
def test_a_body_without_line_breaks_is_broken_into_paragraphs_at_sentence_ends(seed_cleaned):
    for doc_id, result in seed_cleaned.items():
        flat = " ".join(p for p in result.text.split("\n\n") if not is_heading(p))
        again = clean_text(flat)
        paras = again.text.split("\n\n")
        assert again.text.split() == flat.split(), doc_id  # every word kept, in order
        assert len(paras) >= len(flat.split()) // MAX_PARAGRAPH_WORDS + 1
        assert all(len(p.split()) <= MAX_PARAGRAPH_WORDS for p in paras), doc_id
        for before, after in zip(paras, paras[1:]):  # cut between sentences, never after an abbreviation
            assert re.search(r"[.!?][\"'”’)\]]*$", before) and re.match(r"[\"'“‘(\[]?[A-Z0-9]", after), (before, after)
            assert not re.search(r"\b(U\.S|Gen|Mr|Dr)\.$", before), before
        assert [(r.kind, r.after) for r in again.repairs if r.kind == "paragraph_break"] == \
            [("paragraph_break", f"{len(paras)} paragraphs")]
        assert clean_text(again.text).text == again.text  # still idempotent


def test_a_run_of_text_with_no_sentence_end_is_cut_into_pieces_spacy_can_parse():
    run = " ".join(["the troops stayed on in Iraq and"] * 6_000)  # 200,000 characters, no full stop
    paras = clean_text(run).text.split("\n\n")
    assert len(paras) == 10
    assert all(len(p) <= MAX_PIECE_CHARS for p in paras) and " ".join(paras) == run


def test_paragraphs_of_real_length_are_not_broken(seed_cleaned):
    assert not [r for result in seed_cleaned.values() for r in result.repairs if r.kind == "paragraph_break"]


# Articles in other languages, as a scrape of Iraqi and French-language sites brings them (written for the
# tests after real pages of January 2020). Parsed as English they had got actors (*L'Irak* a PERSON) and
# frames (the Arabic one "humanitarian") that counted in every per-year share.
FRENCH = ("L'Irak demande le retrait des troupes américaines\n\n"
          "Le Parlement irakien a voté dimanche une résolution demandant au gouvernement de mettre fin à la présence "
          "des quelque 5 200 soldats américains stationnés dans le pays, deux jours après l'assassinat du général "
          "iranien Qassem Soleimani à Bagdad.\n\n"
          "Washington a averti que des sanctions pourraient suivre si Bagdad expulsait les troupes de la coalition.\n")
ARABIC_LINES = ["البرلمان العراقي يصوت على إخراج القوات الأجنبية",
                "صوت مجلس النواب العراقي يوم الأحد على قرار يلزم الحكومة بإنهاء وجود القوات الأجنبية في البلاد، بعد "
                "يومين من اغتيال قائد فيلق القدس قاسم سليماني في بغداد."]


def test_an_article_in_another_language_is_set_aside_whole():
    for text in (FRENCH, "\n\n".join(ARABIC_LINES * 2)):
        result = clean_text(text)
        assert result.text == "" and not result.repairs
        assert {r.reason for r in result.removed} == {"not_english"}
        assert [r.text for r in result.removed] == [line for line in text.split("\n") if line.strip()]


def test_lines_in_another_script_inside_an_english_article_are_removed(seed_cleaned):
    english = seed_cleaned["osullivan-2020-foreign-affairs"].text
    result = clean_text(english + "\n\n" + "\n\n".join(ARABIC_LINES))
    assert result.text == english
    assert [(r.reason, r.text) for r in result.removed] == [("not_english", line) for line in ARABIC_LINES]
    # a name given in both scripts is English text
    assert clean_text("Protesters gathered in Tahrir Square (ساحة التحرير) in Baghdad on Friday to demand "
                      "the departure of foreign forces.").removed == ()


# What scraping tools that write Markdown (trafilatura's markdown output, reader services, crawlers
# for language models) give: written for the test after a real wire story of 5 January 2020.
MARKDOWN_SCRAPE = (TEST_DATA / "markdown_scrape.md").read_text(encoding="utf-8")


def test_a_markdown_scrape_is_read_as_text():
    result = clean_text(MARKDOWN_SCRAPE)
    paras = result.text.split("\n\n")
    assert paras[0] == "Iraq votes to expel U.S. troops" and "What happens next" in paras
    assert ("Iraq's parliament voted on Sunday to ask the government to end the presence of the roughly 5,200 U.S. "
            "troops stationed in the country, two days after a U.S. drone strike killed Iranian general Qassem "
            "Soleimani at Baghdad airport.") in paras
    assert '"We will not leave until we have a safe way out," a U.S. official said.' in paras
    assert not re.search(r"[*#>\[\]]|\]\(|https?://", result.text)
    reasons = {r.text[:20]: r.reason for r in result.removed}
    assert reasons == {"By Jane Roe | Januar": "bio", "![Iraqi lawmakers at": "caption",
                       "**Read more:** [Trum": "link_list", "---": "site_chrome",
                       "Subscribe to our new": "paywall"}
    assert {r.kind for r in result.repairs} == {"markdown"}
    assert clean_text(result.text).text == result.text


@pytest.mark.parametrize("line", [
    "The #Iraq hashtag trended after 2 * 3 = 6 rockets hit the base_camp.",
    "Melancholia ****",
    "• ** FILE ** In this photo, an Iraqi Army band performs.",
])
def test_text_that_only_resembles_markdown_is_left_as_it_is(line):
    assert not [r for r in clean_text(line).repairs if r.kind == "markdown"]


# A corpus of posts (tweets, channel messages), each a document of one line ending in its link: the
# address had made the whole document a link line, and the document came out empty.
@pytest.mark.parametrize("post,kept", [
    ("Iraq's parliament votes to expel US troops after Soleimani killing https://t.co/AbC123xyz https://t.co/x9Q",
     "Iraq's parliament votes to expel US troops after Soleimani killing"),
    ("The 2,500 U.S. troops in Iraq are there at the invitation of the Iraqi government. www.defense.gov/News",
     "The 2,500 U.S. troops in Iraq are there at the invitation of the Iraqi government."),
])
def test_a_post_of_one_line_keeps_its_text_without_the_link(post, kept):
    result = clean_text(post)
    assert result.text == kept and not result.removed
    assert [(r.kind, r.after) for r in result.repairs] == [("trailing_url", kept)]


def test_a_link_line_inside_an_article_is_still_removed(seed_cleaned):
    article = seed_cleaned["osullivan-2020-foreign-affairs"].text
    result = clean_text(article + "\n\nRead the full report at https://example.org/report")
    assert result.text == article and [r.reason for r in result.removed] == ["site_chrome"]


# Hard-wrapped text — a plain-text export, pdftotext's output (which the intake advises for PDFs), an e-mail
# newsletter: each seed's body wrapped at 72 characters had lost 1,286 of its 12,130 words, its lines judged
# one by one as headlines, link lists and pull quotes.
def test_hard_wrapped_text_is_read_as_its_paragraphs(seed_cleaned):
    import textwrap

    for doc_id, result in seed_cleaned.items():
        paragraphs = result.text.split("\n\n")
        wrapped = clean_text("\n\n".join(textwrap.fill(p, 72) for p in paragraphs))
        assert wrapped.text.split() == result.text.split(), doc_id  # every word, hyphenated ones whole
        assert len(wrapped.text.split("\n\n")) == len(paragraphs)
        assert [r.kind for r in wrapped.repairs if r.kind == "line_wrap"] == ["line_wrap"]
        assert clean_text(wrapped.text).text == wrapped.text


@pytest.mark.parametrize("first,second,joined", [
    ("the new govern-", "ment of Iraq", "the new government of Iraq"),
    ("militias that are Iran-", "backed", "militias that are Iran-backed"),
    ("visited al-", "Asad air base", "visited al-Asad air base"),
    ("the war", "went on", "the war went on"),
])
def test_a_word_hyphenated_at_a_line_end_is_joined_as_english_writes_it(first, second, joined):
    from iraqtext.clean import join_wrapped

    assert join_wrapped(first, second) == joined


def test_a_list_of_short_sentences_is_not_taken_for_wrapped_text():
    timeline = ("June 2004 -- Sovereignty handed over to the Iraqi government: 138,000.\n"
                "January 2005 -- First post-invasion Iraqi election held: 159,000.\n"
                "October 2005 -- Iraqi referendum on the new constitution: 152,000.\n"
                "December 2005 -- Iraqi parliamentary elections are held: 160,000.\n"
                "June 2006 -- Lowest troop level since July 2004: 125,000.\n"
                "September 2006 -- Escalating insurgent violence in Baghdad: 147,000.\n"
                "October 2007 -- Troop buildup peaks at its highest: 170,000.\n")
    assert not [r for r in clean_text(timeline).repairs if r.kind == "line_wrap"]
