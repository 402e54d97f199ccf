"""Is a text in English? The spaCy pipeline, the lexicons, the troop rules and the frame model read
English only: a French or Arabic article parsed as English gives invented actors and frames that
count in every per-year share, so the cleaner sets such text aside, visibly (:mod:`iraqtext.clean`).

Two checks, both conservative (an English text set aside would lose its sentences):

* a whole document: `py3langid <https://pypi.org/project/py3langid/>`_ (langid.py's model of 97
  languages, deterministic) must name another language with probability at least
  :data:`MIN_PROBABILITY`, on at least :data:`MIN_WORDS` words. On 4,465 real English texts of this
  package (scrapes, coded articles, troop passages) it named another language for 7, all of at most 23
  words and probability at most 0.63 (timelines and headlines such as *October 2011: U.S. troop
  strength at 39,000.*) — none reaches the thresholds;
* one line inside an English document: most of its letters are in a script other than Latin (an
  Arabic or Kurdish translation printed after the English one), which needs no model.
"""

from __future__ import annotations

import re
from functools import lru_cache

MIN_WORDS = 20
MIN_PROBABILITY = 0.9
# Text with at least this share of the commonest English function words is English without asking the
# model (of the 4,086 real English texts above of 20 words or more, 4,075 reach it; French, Spanish and
# German prose have about 0.03), so the model is loaded only for a corpus that needs it.
ENGLISH_FUNCTION_SHARE = 0.15
_FUNCTION_WORDS = frozenset("the of and to in a is that for on was with as by it at from his he are be has have "
                            "said were its an this which will not their they".split())
# The model reads the longest lines up to this many characters: the article rather than its chrome, and a
# long document in a millisecond.
SAMPLE_CHARS = 3000
# A line is in another script when at least this share of its letters is not Latin.
MIN_OTHER_SCRIPT_SHARE = 0.5
_LETTER_RE = re.compile(r"[^\W\d_]")
_WORD_RE = re.compile(r"[^\W\d_]+")
# A letter of a script other than Latin (Latin: ASCII letters, Latin-1, Extended-A/B, Extended Additional).
_OTHER_LETTER_RE = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def other_language(text: str) -> tuple[str, float] | None:
    """``(language code, probability)`` when ``text`` is confidently not English, else ``None``.

    >>> other_language("Le Parlement irakien a voté dimanche une résolution demandant au gouvernement de "
    ...                "mettre fin à la présence des quelque 5 200 soldats américains stationnés dans le pays.")
    ('fr', 1.0)
    >>> other_language("Iraq's parliament voted on Sunday to ask the government to end the presence of the "
    ...                "roughly 5,200 U.S. troops stationed in the country, two days after the strike.") is None
    True
    """
    words = _WORD_RE.findall(text)
    if len(words) < MIN_WORDS:
        return None
    if sum(w.lower() in _FUNCTION_WORDS for w in words) >= ENGLISH_FUNCTION_SHARE * len(words):
        return None
    sample, size = [], 0
    for line in sorted(text.split("\n"), key=len, reverse=True):
        if size >= SAMPLE_CHARS:
            break
        sample.append(line)
        size += len(line)
    language, probability = _identifier().classify("\n".join(sample))
    if language == "en" or probability < MIN_PROBABILITY:
        return None
    return language, round(float(probability), 2)


def in_other_script(line: str) -> bool:
    """True when most of the line's letters (at least five) are not Latin: Arabic, Kurdish, Persian ….

    >>> in_other_script("البرلمان العراقي يصوت على إخراج القوات الأجنبية"), in_other_script("Baghdad (بغداد)")
    (True, False)
    """
    if line.isascii():
        return False  # the common case, answered without counting
    other = len(_OTHER_LETTER_RE.findall(line))
    if other < 5:
        return False  # curly quotes and dashes, a name's accents: no other script to speak of
    return other / len(_LETTER_RE.findall(line)) >= MIN_OTHER_SCRIPT_SHARE
