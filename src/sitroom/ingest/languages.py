"""Which language an article is written in: sitroom analyses English text only.

Every later stage (the spaCy model, the cue-word lists, the gazetteer) is English, so an
article in another language would come out as garbage entities and no quotes. It is
rejected instead, with the language found: ``not English (detected: ru, 0.98)``.

py3langid (langid.py's naive Bayes over byte n-grams, 140 languages) identifies the
language; its model ships inside the wheel, so nothing is downloaded. Short texts and
mixed ones are where any identifier errs, so the policy leans towards keeping a text:

* a text is judged paragraph by paragraph (chunks of about ``_CHUNK_CHARS``), and only
  chunks the model is sure of count against English; an English article quoting a
  Russian sentence keeps its majority;
* a Latin-script text with fewer than ``_MIN_LATIN_LETTERS`` letters is never rejected
  (a headline or a two-line note says too little: "Café talks resume in Zürich");
* a short text written mostly in another script (Cyrillic, Arabic, CJK, ...) is not
  English whatever it says, and is rejected from ``_MIN_OTHER_LETTERS`` letters on;
* a chunk dense with English function words ("the", "which", "would") is English without
  asking the model (a speed-up: the verdicts are the model's, see ``_ENGLISH_MARKERS``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

__all__ = ["detect", "not_english"]

# Judged languages: English is what we keep; everything else the model knows is a reason.
ENGLISH = "en"
# Paragraphs are merged up to this size before classifying: long enough for the model to
# be sure of a language, short enough that a quoted foreign passage stays a minority.
_CHUNK_CHARS = 600
# Chunks with fewer letters than this are not judged at all (bylines, numbers, captions).
_MIN_CHUNK_LETTERS = 40
# A chunk counts as foreign only when the model gives its language this probability.
# Checked on the 832 ECB+ and MEANTIME articles in ../shared/data (no English chunk of
# theirs gets any other language as its best guess) and on the hand-written samples of six
# languages in tests/test_languages.py (0.95 to 1.00) — re-run that file after changing it.
_MIN_CONFIDENCE = 0.9
# Rejected when this share of the judged letters is confidently in one other language.
_FOREIGN_SHARE = 0.6
# Latin-script texts shorter than this are kept whatever the model says.
_MIN_LATIN_LETTERS = 200
# Texts written mostly in non-Latin letters are rejected from this many letters on.
_MIN_OTHER_LETTERS = 20
_OTHER_SCRIPT_SHARE = 0.5
# Long documents are judged on a sample of this many characters (start, middle, end);
# the model walks the text byte by byte in Python.
_SAMPLE_CHARS = 30_000

# Words of English prose that other languages written in Latin letters use rarely or
# never ("of", "was", "for", "in", "will" are common Dutch, German or Danish words, so
# they are not here). A chunk in which at least ``_MARKER_SHARE`` of the words are these,
# and at least ``_MIN_MARKERS`` of them, is English without asking the model, which walks
# the text byte by byte in Python and was half of ingest's time. Of the 2,664 chunks of
# the ECB+ and MEANTIME articles in ../shared/data, 2,401 (90 %) pass (median share
# 0.14); the news paragraphs in German, French, Spanish, Russian, Persian and Arabic of
# tests/test_languages.py have none of the words.
_ENGLISH_MARKERS = frozenset("the and that with from which this were have has been would their they its".split())
_MARKER_SHARE = 0.08
_MIN_MARKERS = 3
_WORD = re.compile(r"[^\W\d_]+")

_PARAGRAPH = re.compile(r"\n+")
# Zero-width and direction marks, soft hyphens, BOMs (Unicode category Cf): invisible, but
# they split the byte n-grams the model reads.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


@lru_cache(maxsize=1)
def _identifier():  # -> py3langid.langid.LanguageIdentifier
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # Normalised probabilities (not raw log-scores), so that a threshold means the same
    # for a short chunk and a long one.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` (ISO 639-1 code) and its probability."""
    language, probability = _identifier().classify(text)
    return str(language), float(probability)


def _letters(text: str) -> tuple[int, int]:
    """(Latin letters, other letters) of ``text``."""
    latin = other = 0
    # Each distinct character once (``Counter`` counts in C): on 2,000 articles 0.14-0.27 s
    # against 0.25-0.39 s for a loop over every character.
    for char, count in Counter(text).items():
        if char.isalpha():
            if char < "\u0250" or "LATIN" in unicodedata.name(char, ""):
                latin += count
            else:
                other += count
    return latin, other


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_CHARS:
        return text
    third = _SAMPLE_CHARS // 3
    middle = (len(text) - third) // 2
    return "\n".join((text[:third], text[middle : middle + third], text[-third:]))


def _chunks(text: str) -> list[str]:
    """Paragraphs merged into chunks of about ``_CHUNK_CHARS``; long paragraphs cut at spaces."""
    chunks: list[str] = []
    current = ""
    for paragraph in _PARAGRAPH.split(text):
        while len(paragraph) > 2 * _CHUNK_CHARS:
            cut = paragraph.rfind(" ", _CHUNK_CHARS, 2 * _CHUNK_CHARS)
            cut = cut if cut > 0 else _CHUNK_CHARS
            chunks.append(paragraph[:cut])
            paragraph = paragraph[cut:]
        current = f"{current}\n{paragraph}" if current else paragraph
        if len(current) >= _CHUNK_CHARS:
            chunks.append(current)
            current = ""
    if current:
        chunks.append(current)
    return chunks


def _plainly_english(chunk: str) -> bool:
    words = _WORD.findall(chunk.lower())
    markers = sum(word in _ENGLISH_MARKERS for word in words)
    return markers >= _MIN_MARKERS and markers >= _MARKER_SHARE * len(words)


def not_english(text: str) -> str | None:
    """Why ``text`` is not an English article (one line), or ``None`` to keep it."""
    sample = _INVISIBLE.sub("", _sample(text))
    latin, other = _letters(sample)
    if latin + other == 0:
        return None
    if other >= _MIN_OTHER_LETTERS and other >= _OTHER_SCRIPT_SHARE * (latin + other):
        language, probability = detect(sample)
        if language == ENGLISH:  # the model disagrees with the script: say what the script says
            return f"not English (written mostly in non-Latin letters: {other} of {latin + other})"
        return f"not English (detected: {language}, {probability:.2f})"
    if latin < _MIN_LATIN_LETTERS:
        return None
    judged = 0
    foreign: dict[str, int] = {}
    for chunk in _chunks(sample):
        weight = sum(_letters(chunk))
        if weight < _MIN_CHUNK_LETTERS:
            continue
        judged += weight
        if _plainly_english(chunk):
            continue
        language, probability = detect(chunk)
        if language != ENGLISH and probability >= _MIN_CONFIDENCE:
            foreign[language] = foreign.get(language, 0) + weight
    if not foreign or judged == 0:
        return None
    language, weight = max(foreign.items(), key=lambda item: item[1])
    if weight < _FOREIGN_SHARE * judged:
        return None
    whole, probability = detect(sample)
    if whole != language:  # mixed text: the share of it in that language says more
        probability = weight / judged
    return f"not English (detected: {language}, {probability:.2f})"
