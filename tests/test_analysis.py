"""Finnish/Swedish analysis shared by the search backends (infra.analysis)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import libvoikko
import pytest

from infra import analysis
from infra.analysis import (
    analyze_document,
    analyze_query,
    analyze_word,
    looks_like_diary_number,
    snippet,
    tokenize,
)


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def test_tokenize_keeps_identifiers_whole() -> None:
    text = "Dnro UUDELY/1290/2017, Y-tunnus 0245437-2, pvm 1.2.2017. EU:n 1234/02.05.00/2019"
    assert words(text) == [
        "Dnro",
        "UUDELY/1290/2017",
        "Y-tunnus",
        "0245437-2",
        "pvm",
        "1.2.2017",
        "EU:n",
        "1234/02.05.00/2019",
    ]


def test_tokenize_offsets_and_punctuation() -> None:
    text = "sosiaali- ja terveysministeriö päätös.Hakija (ELY-keskus)"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == [
        "sosiaali",
        "ja",
        "terveysministeriö",
        "päätös",
        "Hakija",
        "ELY-keskus",
    ]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_base_forms_and_compound_parts() -> None:
    a = analyze_word("palkkatuen")
    assert a.bases == ("palkkatuki",) and a.parts == ("palkka", "tuki")
    assert analyze_word("kaupunginhallituksen").parts == ("kaupunki", "hallitus")
    assert analyze_word("maankäytön").parts == ("maa", "käyttö")  # derivation glued back
    assert analyze_word("ely-keskuksen").parts == ("ely", "keskus")
    assert analyze_word("päätöksen").parts == ()  # not a compound


def test_unknown_words_and_numbers_keep_their_surface() -> None:
    assert analyze_word("zxqvw").bases == ("zxqvw",)
    assert analyze_word("uudely/1290/2017").bases == ("uudely/1290/2017",)
    assert analyze_word("uudely/1290/2017").sv_stem == "uudely/1290/2017"


def test_swedish_stems() -> None:
    assert analyze_word("ansökningar").sv_stem == analyze_word("ansökningen").sv_stem
    assert analyze_word("ansökan").sv_stem == analyze_word("ansökningar").sv_stem  # alias
    assert analyze_word("beslutet").sv_stem == analyze_word("besluten").sv_stem == "beslut"


def test_analyze_document_fields() -> None:
    a = analyze_document("Palkkatuen haku, UUDELY/1290/2017.")
    assert a.exact == "palkkatuen haku uudely/1290/2017"
    assert a.fi_base.split()[0] == "palkkatuki"
    assert a.fi_parts == "palkka tuki"
    assert len(a.sv_stem.split()) == 3


def test_analyze_query() -> None:
    [term] = analyze_query("Palkkatuen")
    assert term.exact == ("palkkatuen",)
    assert term.fi_base == term.fi_parts == ("palkkatuki",)
    assert term.diary_number is None
    dn, word = analyze_query("UUDELY/1290/2017 päätös päätös")
    assert dn.diary_number == "uudely/1290/2017" and word.word == "päätös"


def test_query_term_matches_document_words() -> None:
    [tuki] = analyze_query("tuki")
    assert tuki.matches("palkkatukea") and tuki.matches("TUEN")
    assert not tuki.matches("päätös")
    [palkkatuki] = analyze_query("palkkatuki")
    assert palkkatuki.matches("palkkatuen") and not palkkatuki.matches("tuki")


@pytest.mark.parametrize("word", ["UUDELY/1290/2017", "VN/123/2020", "1234/02.05.00/2019"])
def test_diary_numbers(word: str) -> None:
    assert looks_like_diary_number(word)


@pytest.mark.parametrize("word", ["0245437-2", "1.2.2017", "ja/tai", "palkkatuki", "EU/2017"])
def test_not_diary_numbers(word: str) -> None:
    assert not looks_like_diary_number(word)


def test_snippet_marks_and_escapes() -> None:
    text = "Alku <b>&</b>. " + "täyte " * 60 + "Hakija sai palkkatukea. " + "loppu " * 60
    s = snippet(text, analyze_query("palkkatuki"))
    assert "<mark>palkkatukea</mark>" in s
    assert s.startswith("…") and s.endswith("…") and len(s) < 260
    s = snippet("Tuki <b>&</b> tässä.", analyze_query("tuki"))
    assert s == "<mark>Tuki</mark> &lt;b&gt;&amp;&lt;/b&gt; tässä."


def test_snippet_prefers_window_with_most_query_words() -> None:
    text = "palkkatuki " + "x " * 200 + "palkkatuen päätös tehtiin " + "y " * 200
    s = snippet(text, analyze_query("palkkatuki päätös"))
    assert "<mark>palkkatuen</mark> <mark>päätös</mark>" in s


def test_snippet_without_match_shows_the_beginning() -> None:
    s = snippet("Ensimmäinen lause. " * 30, analyze_query("palkkatuki"))
    assert s.startswith("Ensimmäinen lause.") and s.endswith("…") and "<mark>" not in s


def test_analysis_is_thread_safe() -> None:
    words_ = [f"palkkatuen{i}" if i % 2 else "kaupunginhallituksen" for i in range(200)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(analysis._voikko_analyze, words_ * 5))
    assert results == [analysis._voikko_analyze(w) for w in words_ * 5]
    assert results[0][0]["BASEFORM"] == "kaupunginhallitus"


def test_missing_voikko_names_the_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(language: str) -> None:
        raise OSError("libvoikko.so.1: cannot open shared object file")

    monkeypatch.setattr(analysis, "_voikko", None)
    monkeypatch.setattr(libvoikko, "Voikko", broken)
    with pytest.raises(analysis.VoikkoUnavailableError, match="libvoikko1 voikko-fi"):
        analyze_word("sanaton-ja-tuntematon")
