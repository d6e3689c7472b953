"""OCR-like damage for generated training and evaluation texts.

Real OCR of old typewritten and stamped pages confuses look-alike characters (O/0, l/1/I,
rn/m, ä/a), drops or doubles blanks, splits words at line ends and loses a character now and
then. ``ocr_noise`` applies those errors at a given rate, deterministically for a given
``random.Random``, so the classifier and the extractors are trained and evaluated on text that
looks like what Tesseract gives, not on clean template text.
"""

from __future__ import annotations

import random

# Look-alike substitutions seen in Tesseract output of old Finnish/Swedish prints.
CONFUSIONS: dict[str, tuple[str, ...]] = {
    "0": ("O", "o"),
    "O": ("0",),
    "o": ("0", "c"),
    "1": ("l", "I"),
    "l": ("1", "I"),
    "I": ("l", "1"),
    "5": ("S",),
    "S": ("5",),
    "8": ("B",),
    "B": ("8",),
    "ä": ("a", "å"),
    "ö": ("o",),
    "å": ("a", "ä"),
    "Ä": ("A",),
    "Ö": ("O",),
    "e": ("c",),
    "c": ("e",),
    "i": ("l", "í"),
    "n": ("u", "ri"),
    "u": ("n",),
    "m": ("rn",),
    "h": ("b",),
    ",": (".",),
    ".": (",",),
}
MULTI = (("rn", "m"), ("m", "rn"), ("cl", "d"), ("li", "h"))


def ocr_noise(text: str, rng: random.Random, rate: float = 0.03) -> str:
    """``text`` with about ``rate`` of its characters damaged the way OCR damages them.

    Per chosen character: a look-alike substitution where one exists, else a dropped
    character, a word split by a stray blank, or no error; a blank is dropped or doubled.
    Line structure is kept, so headings stay on their lines. ``rate`` 0 returns the text
    unchanged.
    """
    if rate <= 0:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\n" or rng.random() >= rate:
            out.append(char)
            i += 1
            continue
        roll = rng.random()
        pair = text[i : i + 2]
        multi = [new for old, new in MULTI if pair.startswith(old)]
        if multi and roll < 0.15:
            out.append(multi[0])
            i += len(next(old for old, new in MULTI if new == multi[0] and pair.startswith(old)))
            continue
        if char == " ":
            out.append("" if roll < 0.5 else "  ")
        elif char in CONFUSIONS and roll < 0.75:
            out.append(rng.choice(CONFUSIONS[char]))
        elif roll < 0.45:
            pass  # a lost character
        elif roll < 0.6 and char.isalpha():
            out.append(char + " ")  # a word split by a stray blank
        else:
            out.append(char)  # read right after all
        i += 1
    return "".join(out)
