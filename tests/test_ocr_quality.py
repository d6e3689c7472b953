"""The OCR quality score: real words from a good reading pass, garbage is flagged."""

from __future__ import annotations

import pytest

from infra.lexicon import is_finnish, is_known, is_swedish, languages_with_lexicon
from ocr.models import PageOcr, Word
from ocr.quality import assess, checkable_words

FINNISH = (
    "Uudenmaan elinkeino-, liikenne- ja ympäristökeskus myöntää hakijalle palkkatukea "
    "työttömän työnhakijan palkkaamiseen. Palkkatuen määrä on 50 prosenttia "
    "palkkauskustannuksista ja hakemus on toimitettu määräajassa."
)
SWEDISH = (
    "Närings-, trafik- och miljöcentralen beviljar sökanden lönesubvention för två år. "
    "Stödet betalas på ansökan och beslutet har fattats på grundval av uppgifterna."
)
GARBAGE = (
    "Uuclenmaan eliukeiuo- liikeuue- ja ymparistokeskns myontaa liakijalle palkkatnkea "
    "tyottoman tyonliakijan palkkaamiseeu. Palkkatnen maara ou 5O prosenttia "
    "palkkanskustaunuksista ja liakemns ou toimitettn maaraajassa."
)

needs_lexicons = pytest.mark.skipif(
    not {"fin", "swe"} <= languages_with_lexicon(),
    reason="needs libvoikko with voikko-fi and the wswedish word list (infra/setup.sh)",
)


def page(text: str, confidence: float, languages: str = "fin+swe") -> PageOcr:
    words = [
        Word(text=w, confidence=confidence, left=0, top=0, width=1, height=1) for w in text.split()
    ]
    return PageOcr(
        engine="test",
        engine_version="0",
        languages=languages,
        text=text,
        words=words,
        mean_confidence=confidence,
    )


def test_only_word_like_tokens_are_checked() -> None:
    assert checkable_words(
        ["Dnro", "UUDELY/1290/2017", "12.3.2017", "(palkkatuki)", "ELY", "ja"]
    ) == [
        "Dnro",
        "palkkatuki",
    ]


@needs_lexicons
def test_lexicons_know_inflected_and_compound_words() -> None:
    assert is_finnish("palkkatuen") and is_finnish("Uudenmaan") and not is_finnish("palkkatnen")
    assert is_swedish("beslutet") and is_swedish("utbetalningsbeslutet")
    assert not is_swedish("xqzvyk")
    assert is_known("stödet", ["fin", "swe"]) and not is_known("stödet", ["fin"])


@needs_lexicons
@pytest.mark.parametrize("text", [FINNISH, SWEDISH])
def test_a_well_read_page_is_not_flagged(text: str) -> None:
    quality = assess(page(text, 91.0), threshold=70)
    assert not quality.flagged and quality.reason == ""
    assert quality.lexicon_share is not None and quality.lexicon_share > 0.9
    assert quality.score > 85


@needs_lexicons
def test_confident_garbage_is_flagged_with_the_reason() -> None:
    quality = assess(page(GARBAGE, 80.0), threshold=70)
    assert quality.flagged
    assert quality.lexicon_share is not None and quality.lexicon_share < 0.5
    assert "under 70" in quality.reason and "found in the dictionary" in quality.reason


def test_without_a_lexicon_the_score_is_the_confidence() -> None:
    quality = assess(
        page("Der schnelle braune Fuchs springt über den faulen Hund und noch weiter", 64.0, "deu"),
        70,
    )
    assert quality.lexicon_share is None and quality.score == 64.0 and quality.flagged


@needs_lexicons
def test_words_tesseract_doubts_lower_the_score() -> None:
    sure = assess(page(FINNISH, 88.0), threshold=80)
    doubted = page(FINNISH, 88.0)
    for word in doubted.words[: len(doubted.words) // 4]:
        word.confidence = 30.0
    quality = assess(doubted, threshold=80)
    assert quality.doubtful_share == pytest.approx(0.25, abs=0.03)
    assert quality.score == pytest.approx(sure.score - 25, abs=4) and quality.flagged
    assert "doubtful" in quality.reason


def test_a_page_with_no_words_is_flagged() -> None:
    quality = assess(page("", 0.0), threshold=70)
    assert quality.flagged and quality.reason == "no words were recognised"


def test_threshold_is_the_archivists_choice() -> None:
    quality = assess(page(GARBAGE, 80.0), threshold=0)
    assert not quality.flagged
