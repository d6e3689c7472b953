"""Is this a word of the language? Finnish by Voikko's speller, others by a word list.

Used to judge OCR output: a page whose words are mostly real words was read well, whatever
Tesseract's own confidence says. Finnish needs libvoikko with voikko-fi; Swedish reads the
Debian ``wswedish`` list (/usr/share/dict/swedish, ~121,000 inflected forms), or the file
named by ARKKI_SWEDISH_WORDS. Swedish compounds are open-ended, so a word that splits into
two listed words (with or without a linking s) counts as known. English and French use
Debian's ``wbritish``/``wamerican`` and ``wfrench`` lists where installed (not by default).
"""

from __future__ import annotations

import os
import threading
from functools import cache, lru_cache
from pathlib import Path

import libvoikko

SWEDISH_WORD_LIST = Path("/usr/share/dict/swedish")
WORD_LISTS = {  # Debian's /usr/share/dict lists are Latin-1 or UTF-8 depending on the package
    "eng": [Path("/usr/share/dict/british-english"), Path("/usr/share/dict/american-english")],
    "fra": [Path("/usr/share/dict/french")],
}
MIN_COMPOUND_PART = 3

_voikko: libvoikko.Voikko | None = None
_voikko_failed = False
_voikko_lock = threading.Lock()  # Voikko handles are not thread-safe


def _finnish_speller() -> libvoikko.Voikko | None:
    global _voikko, _voikko_failed
    if _voikko is None and not _voikko_failed:
        try:
            _voikko = libvoikko.Voikko("fi")
        except (OSError, libvoikko.VoikkoException):
            _voikko_failed = True
    return _voikko


def _read_word_list(path: Path) -> frozenset[str]:
    try:
        data = path.read_bytes()
    except OSError:
        return frozenset()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


@cache
def _swedish_words() -> frozenset[str]:
    return _read_word_list(Path(os.environ.get("ARKKI_SWEDISH_WORDS") or SWEDISH_WORD_LIST))


@cache
def _listed_words(language: str) -> frozenset[str]:
    return frozenset().union(*(_read_word_list(path) for path in WORD_LISTS[language]))


@cache
def languages_with_lexicon() -> frozenset[str]:
    """Tesseract language codes whose words arkki can check on this machine."""
    available = set()
    with _voikko_lock:
        if _finnish_speller() is not None:
            available.add("fin")
    if _swedish_words():
        available.add("swe")
    available.update(language for language in WORD_LISTS if _listed_words(language))
    return frozenset(available)


@lru_cache(maxsize=200_000)
def is_finnish(word: str) -> bool:
    with _voikko_lock:
        speller = _finnish_speller()
        return bool(speller is not None and speller.spell(word))


@lru_cache(maxsize=200_000)
def is_swedish(word: str) -> bool:
    words = _swedish_words()
    lower = word.lower()
    if lower in words:
        return True
    for cut in range(MIN_COMPOUND_PART, len(lower) - MIN_COMPOUND_PART + 1):
        head, tail = lower[:cut], lower[cut:]
        if tail in words and (head in words or (head.endswith("s") and head[:-1] in words)):
            return True
    return False


@lru_cache(maxsize=200_000)
def is_listed(word: str, language: str) -> bool:
    return word.lower() in _listed_words(language)


CHECKERS = {"fin": is_finnish, "swe": is_swedish}


def is_known(word: str, languages: list[str]) -> bool:
    """Whether ``word`` is a word of any of ``languages`` that has a lexicon."""
    return any(
        CHECKERS[code](word) if code in CHECKERS else is_listed(word, code)
        for code in languages
        if code in CHECKERS or code in WORD_LISTS
    )
