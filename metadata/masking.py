"""Personal identity codes (henkilötunnus) masked out of free text.

``mask_personal_identity_codes`` is deliberately more liberal than the finder in
``metadata.identifiers``: it masks every HETU-shaped string whether its check character is
right or not, with OCR look-alikes in the digit positions, any letter or dash as the century
sign, a line break anywhere inside, a stray blank after a letter or around the sign, and the
forms OCR damaged (a lost sign, check character or digit) where enough of the code still
checks out or a HETU label stands before it. Over-masking a look-alike string now and then is
the accepted cost of never leaking an individual number.
"""

from __future__ import annotations

import re
from datetime import date

from metadata.identifiers import OCR_DIGIT, find_personal_identity_codes, fold_ocr_digits

_CHECK_ALPHABET = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_BREAK = r"[ \t]*\r?\n[ \t]*"
_GAP = rf"(?:{_BREAK}|(?<=[^\W\d_])[ \t])?"  # a line break, or a blank OCR put after a letter
_SIGN_GAP = rf"(?:{_BREAK}|[ \t])?"
_DIGITS = {n: _GAP.join([OCR_DIGIT] * n) for n in (3, 6)}
# The first digit position opens the pattern (a character class lets the regex engine skip
# ahead fast); the look-behind then checks what stands before it, and look-aheads want three
# more real digits and a sign or letter nearby (or a ten-character token starting with a
# date) before the costlier match is tried, so that runs of plain numbers pass quickly.
# A ten-character token after its first digit: the rest of a day and month that can exist,
# four digits and a check character (a code whose sign OCR lost).
_TEN = r"(?:(?<=[0-2])\d|(?<=3)[01])(?:0[1-9]|1[0-2])\d{5}[0-9A-Za-z](?!\w)"
_FIRST = (
    rf"{OCR_DIGIT}(?<![\d+‐‑–-]{OCR_DIGIT})(?=(?:\D{{0,4}}+\d){{3}})"
    rf"(?=[\d\s]{{0,12}}+[^\d\s]|{_TEN})"
)
# The sign may be a letter, + or a dash, or 8 (OCR's reading of the sign B). Damage that
# ``_mask`` still masks: a lost check character or a lost digit of the individual number
# (with a real day and month), a lost sign (with a real date and the right check character),
# a word glued on after the check character ("010594Y9032on").
_HETU_LIKE = re.compile(
    rf"(?P<date>{_FIRST}{_GAP}{_GAP.join([OCR_DIGIT] * 5)})"
    rf"{_SIGN_GAP}(?P<sign>[-+A-Za-z‐‑–8])?{_SIGN_GAP}"
    rf"(?P<num>{OCR_DIGIT}{_GAP}{OCR_DIGIT}(?:{_GAP}{OCR_DIGIT})?)"
    rf"(?:{_GAP}(?P<check>[0-9A-Za-z]))?"
    rf"(?(check)(?:(?![\w‐‑–-])|(?=[a-zåäö]{{2}}))|(?![\w‐‑–-]))"
)
# A token after a HETU label that OCR damaged past the shape (a lost digit, sign or check
# character): "henkilötunnus 24077-997W", "personbeteckning är o31164-918". Tokens are found
# first (8-12 letters, digits and dashes, a digit among the first three, a word and a blank
# before it); the label, which may have lost or misread a letter or two, is then looked for
# in the words just before the token.
_TOKEN = re.compile(
    rf"(?P<token>{OCR_DIGIT}(?:(?<=[^\W\d_][ \t]{OCR_DIGIT})|(?<=[:.][ \t]{OCR_DIGIT}))"
    r"(?=.{0,2}\d)[0-9A-Za-z+‐‑–-]{7,11})(?![0-9A-Za-z*])"
)
_LABEL = re.compile(r"(?i:h\w{0,3}k\w{3,10}|\w*t\w?n\w?us|hetu|\w*bet\w{1,3}n\w{0,4}|sotu)[:.]?")
_LABEL_REACH = 40


def _labelled(before: str) -> bool:
    """``before`` ends with a HETU label, perhaps followed by a short word ("on", "är")."""
    words = before[-_LABEL_REACH:].split()
    if not words or not before[-1:].isspace():
        return False
    if len(words) > 1 and len(words[-1]) <= 3 and words[-1].isalpha():
        words.pop()
    return bool(_LABEL.fullmatch(words[-1].lstrip("([")))


_SIGN_AT = re.compile(r"(?<=[0-9OoIilSB]{4})[^0-9OoIilSB]")


def _real_day(digits: str) -> bool:
    """The first four digits are a day and a month that exist (29.2. allowed)."""
    try:
        date(2000, int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return False
    return True


_LOOKALIKE_CHECKS = {"0": "0Oo", "1": "1IlLi", "5": "5Ss", "8": "8B", "S": "S5s", "B": "B8"}


def _same_check(expected: str, read: str) -> bool:
    """``read`` is the check character ``expected``, in any case or as an OCR look-alike."""
    return read.upper() == expected or read in _LOOKALIKE_CHECKS.get(expected, "")


def _masked(digits: str, sign: str | None, num: int, check: str | None) -> str | None:
    """The masked form of a match, or None to leave it as it stands."""
    if sign is None:  # OCR lost the sign: only with a real date and the right check character
        good = num == 3 and check and _same_check(_CHECK_ALPHABET[int(digits) % 31], check)
        return digits[:6] + "****" if good and _real_day(digits) else None
    if sign == "8" and not (num == 3 and check):
        return None
    shown = "-" if sign in "‐‑–-" else "B" if sign == "8" else sign.upper()
    if num == 3 and check and sign != "8":
        return digits[:6] + shown + "****"  # the full shape, valid or not
    damaged = (num == 3) or check is not None  # a lost check character or a lost digit
    return digits[:6] + shown + "****" if damaged and _real_day(digits) else None


def _mask(match: re.Match[str]) -> str:
    date_part = "".join(match.group("date").split())
    num = "".join(match.group("num").split())
    if sum(c.isdigit() for c in date_part + num) < 4:
        return match.group(0)  # a run of letters, not a code with a few misread digits
    digits = fold_ocr_digits(date_part + num)
    masked = _masked(digits, match.group("sign"), len(num), match.group("check"))
    return match.group(0) if masked is None else masked


def _mask_labelled(match: re.Match[str]) -> str:
    token = match.group("token")
    text, start = match.string, match.start()
    if sum(c.isdigit() for c in token) < 6:
        return token
    if not _labelled(text[max(0, start - _LABEL_REACH) : start]):
        return token
    sign = _SIGN_AT.search(token)
    keep = sign.end() if sign and sign.start() <= 6 else 6
    return fold_ocr_digits(token[:keep]) + "****"


def mask_personal_identity_codes(text: str) -> str:
    """``text`` with every HETU-shaped string replaced by its birth date and century sign and
    ``****`` (``131052-308T`` -> ``131052-****``), valid or not.

    Masked, valid or not: six digits, a century sign (any letter, ``+`` or a dash), three
    digits and a check character (letter or digit), where OCR look-alikes (O o I i l S B) may
    stand for digits as long as at least four of the nine digit positions are real digits, a
    line break may split the code anywhere, and a blank may follow the sign, precede it or
    follow a letter. Damaged forms, when the day and month exist: the check character lost
    (``131052-308``), a digit of the individual number lost (``131052-38T``), the sign lost
    when the check character (or its look-alike) is right (``131052308T``), the sign B read
    as 8, a word glued on after the code. A token of 8-12 letters, digits and dashes with six
    or more digits after a HETU label (henkilötunnus, hetu, personbeteckning, sotu; a short
    word such as "on" or "är" may stand between) is masked too, up to its sign or its sixth
    character. The masked birth date has its look-alikes repaired; line breaks inside a code
    are dropped. Idempotent. Linear in the length of the text: a megabyte of letters in about
    0.1 s.
    """
    return _TOKEN.sub(_mask_labelled, _HETU_LIKE.sub(_mask, text))


def contains_personal_identity_code(text: str) -> bool:
    """True when ``text`` holds a valid henkilötunnus (``find_personal_identity_codes``)."""
    return any(p.valid for p in find_personal_identity_codes(text))
