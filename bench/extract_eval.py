"""Precision and recall of arkki's identifier, date and agency extraction, clean and OCR-noisy.

Data sets, each run at every --noise level (metadata.noise.ocr_noise, deterministic per text):

  generated  --docs documents from flows.sample_texts.BUILDERS (all types, Finnish and Swedish,
             years 2015-2023), laid out into pages with flows.samples.fit/page_text as the
             sample scans are (plain block text if the DejaVu fonts are missing). Truth comes
             from the clean text: flows.samples.extract_truth (diary numbers, business IDs,
             HETUs, d.m.yyyy dates); the document date from the template structure (the dated
             letterhead line; for a hakemus the signature's place-date line, for a pöytäkirja
             the meeting's Aika/Tid line); the sender is the agency of the letterhead (none for
             an oikaisuvaatimus, which a company sends to the agency). Noise may destroy a true
             identifier: it still counts as missed.
  real IDs   ../shared/corpora/finnish_identifiers: every diary-number row in its KHO context
             (truth: every agency/number/[class/]year reference of the README regex in the
             context, EY/EG rows being EU acts; a compound code such as STM/TRO/KH/58/2005
             matches KH/58/2005), the business IDs in their contexts and in fi/sv sentences
             (also the VAT form), plus negatives (EU acts, statute numbers, phone numbers,
             dates, wrong-check business IDs) that must not be found.
  DVV HETUs  the fictional test codes in Finnish and Swedish sentences, and invalid variants
             (every wrong check character, impossible dates with a recomputed check, individual
             numbers 000/001, letters that are no century sign, a leap day with the wrong
             century) that must never be reported valid.

Fields: diary numbers, business IDs and HETUs (sets per text; HETUs compared in their masked
form, valid ones only), the document date (one per document), all dates (sets), the sender
agency (one per document). For the generated documents also the recall on the IDs the noise
left legible (every character still there, as itself or as an OCR look-alike): what is lost
beyond that was deleted by the noise. "invalid accepted" counts invalid variants reported
valid; "unmasked" counts, after mask_personal_identity_codes, HETU-shaped strings left (blanks
dropped, at most four look-alike digits) and real codes (generated and DVV ones, not the
invalid variants, which are no one's) whose birth date and individual number still stand
together in any damaged form. Both must be 0; the exit status is 1 otherwise. The last table
pools the three identifier fields over all data sets against the goal (precision >= 0.98,
recall >= 0.95).

Usage (repository root):
  PYTHONPATH=. .venv/bin/python bench/extract_eval.py [--shared ../shared]
      [--noise 0.0 0.02 0.05] [--docs 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flows.sample_texts import BUILDERS, SWEDISH_TYPES, DocText
from flows.samples import extract_truth, fit, load_fonts, page_text
from metadata.agencies import sender_agency
from metadata.dates import find_dates, find_document_date
from metadata.identifiers import (
    find_business_ids,
    find_diary_numbers,
    find_personal_identity_codes,
)
from metadata.masking import mask_personal_identity_codes
from metadata.noise import CONFUSIONS, ocr_noise

CHECK_ALPHABET = "0123456789ABCDEFHJKLMNPRSTUVWXY"
FIELDS = ("diary", "business_id", "hetu", "doc_date", "dates", "sender")
# The README's extraction regex, the class widened to "5720" as in POSELY/1427/5720/2012.
README_DIARY = re.compile(r"[A-ZÄÖ]{2,10}/\d{1,6}/(?:\d{2,4}(?:\.\d\d)*/)?(?:19|20)\d\d")
EU_CODES = ("EY", "EG")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add_sets(self, found: Iterable[object], truth: Iterable[object]) -> None:
        f, t = set(found), set(truth)
        self.tp += len(f & t)
        self.fp += len(f - t)
        self.fn += len(t - f)

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def add_one(self, found: object, truth: object) -> None:
        if found is not None and found == truth:
            self.tp += 1
            return
        self.fp += found is not None
        self.fn += truth is not None

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    invalid_accepted: int = 0
    invalid_tried: int = 0
    negatives_found: int = 0
    negatives_tried: int = 0
    unmasked: int = 0
    texts: int = 0
    legible: dict[str, list[int]] = field(default_factory=dict)  # field -> [found, legible]

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def add_legible(self, name: str, text: str, found: set[str], truth: dict[str, str]) -> None:
        """Count the true IDs (``truth``: the ID as written -> as reported) that the noise
        left legible in ``text``, and how many of those were found."""
        counts = self.legible.setdefault(name, [0, 0])
        for written, reported in truth.items():
            if legible(written, text):
                counts[0] += reported in found
                counts[1] += 1


def legible(code: str, text: str) -> bool:
    """Every character of ``code`` is still in ``text``, in order, each as itself or as one
    of its OCR look-alikes (metadata.noise.CONFUSIONS): nothing lost, nothing inserted."""
    pattern = "".join(f"[{re.escape(c + ''.join(CONFUSIONS.get(c, ())))}]" for c in code)
    return re.search(pattern, text) is not None


# --- masking check -------------------------------------------------------------------------------

FOLD = str.maketrans("OoIilSB", "0011158")
SHAPE = re.compile(
    r"(?<![0-9])(?P<date>[0-9OoIilSB]{6})[-+A-Za-z‐‑–](?P<num>[0-9OoIilSB]{3})[0-9A-Za-z](?![0-9A-Za-z])"
)


def unmasked(masked: str, truths: Iterable[str]) -> int:
    """HETU-shaped strings left in ``masked`` once blanks and line breaks are dropped (six
    digits, a sign, three digits, a check character; look-alikes O o I i l S B allowed for at
    most four of the nine digits), plus valid ``truths`` (real people's codes) whose birth
    date and individual number still stand together there in whatever damaged form (look-
    alikes folded, any one character or none between)."""
    flat = re.sub(r"\s", "", masked)
    left = 0
    for m in SHAPE.finditer(flat):
        left += sum(c.isdigit() for c in m.group("date") + m.group("num")) >= 5
    folded = flat.translate(FOLD)
    for code in truths:
        if re.search(re.escape(code[:6]) + ".?" + re.escape(code[7:10]), folded):
            left += 1
    return left


def check_masking(report: Report, text: str, truths: Iterable[str]) -> None:
    masked = mask_personal_identity_codes(text)
    report.unmasked += unmasked(masked, truths)
    assert mask_personal_identity_codes(masked) == masked, "masking is not idempotent"


# --- generated documents -------------------------------------------------------------------------

DATE_IN = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")


def _dates_in(blocks_text: str) -> list[date]:
    return [date(int(y), int(m), int(d)) for d, m, y in DATE_IN.findall(blocks_text)]


def document_date_truth(doc: DocText) -> date | None:
    """The date the template dates the document with (see the module docstring)."""
    if doc.doc_type == "hakemus":  # signature: "Helsinki 10.4.2017"
        return _dates_in(doc.tail[-1].text)[-1]
    if doc.doc_type == "poytakirja":  # "Aika: 18.10.2017 klo 10.00-12.30"
        return _dates_in("\n".join(b.text for b in doc.body))[0]
    return _dates_in("\n".join(b.text for b in doc.head))[0]


@dataclass
class Generated:
    text: str
    truth: dict[str, list[str]]
    doc_date: date | None
    sender: str | None


def generated(n: int, seed: int) -> list[Generated]:
    """``n`` documents over all types and both languages, laid out as the sample scans are."""
    kinds = [(t, "fin") for t in BUILDERS] + [(t, "swe") for t in SWEDISH_TYPES]
    try:
        load_fonts("sans", 48)
        layout = True
    except FileNotFoundError:
        layout = False
    out = []
    for i in range(n):
        doc_type, lang = kinds[i % len(kinds)]
        r = random.Random(f"extract-{seed}-{i}")
        doc = BUILDERS[doc_type](r, lang, r.randint(2015, 2023))
        if layout:
            fonts = load_fonts(r.choice(("sans", "serif", "mono")), r.choice((46, 48, 50)))
            texts = [page_text(p) for p in fit(doc, fonts, r.choice((1, 1, 2, 3)))]
        else:
            blocks = doc.head + doc.body + [b for sec in doc.extra for b in sec] + doc.tail
            texts = ["\n\n".join(b.text.replace("\u00a0", " ") for b in blocks)]
        sender = None if doc.doc_type == "oikaisuvaatimus" else doc.agency
        out.append(
            Generated("\n\n".join(texts), extract_truth(texts), document_date_truth(doc), sender)
        )
    return out


def eval_generated(docs: list[Generated], noise: float, report: Report) -> None:
    for i, doc in enumerate(docs):
        text = ocr_noise(doc.text, random.Random(f"noise-{i}-{noise}"), noise)
        truth = doc.truth
        diary, bids = set(find_diary_numbers(text)), set(find_business_ids(text))
        hetus = {p.masked for p in find_personal_identity_codes(text) if p.valid}
        report.score("diary").add_sets(diary, truth["diary_numbers"])
        report.score("business_id").add_sets(bids, truth["business_ids"])
        report.score("hetu").add_sets(hetus, [c[:7] + "****" for c in truth["hetus"]])
        report.add_legible("diary", text, diary, {c: c for c in truth["diary_numbers"]})
        report.add_legible("business_id", text, bids, {c: c for c in truth["business_ids"]})
        report.add_legible("hetu", text, hetus, {c: c[:7] + "****" for c in truth["hetus"]})
        report.score("doc_date").add_one(find_document_date(text), doc.doc_date)
        dates = [d.isoformat() for d in find_dates(text)]
        report.score("dates").add_sets(dates, truth["dates"])
        report.score("sender").add_one(sender_agency(text), doc.sender)
        check_masking(report, text, truth["hetus"])
        report.texts += 1


# --- real identifiers ----------------------------------------------------------------------------

DIARY_NEGATIVES = (
    "neuvoston asetuksen EY/1346/2000 3 artikla",
    "Bryssel I-förordningen (EG/44/2001) är inte tillämplig",
    "kuntalain (410/2015) 92 §",
    "lain 1346/2000 nojalla",
    "asetus (EU) 2016/679",
    "puh. 0295 021 000, 040 123 4567",
    "tfn 029 502 1000 / 050 765 4321",
    "päätös 12/2017 ja 1.2.2020 sekä 2017-03-12",
    "HE 12/2017 vp, sivu 2/3, kohta 4/2019",
    "ajalla 1/2018-6/2018",
)
FI_SENTENCES = (
    "Hakijan henkilötunnus on {code}.",
    "Henkilötunnus: {code}",
    "Palkattava henkilö (henkilötunnus {code}) aloittaa 1.3.2024.",
    "Asiakas {code} on ilmoittanut muutoksesta.",
)
SV_SENTENCES = (
    "Sökandens personbeteckning är {code}.",
    "Personbeteckning: {code}",
    "Den som anställs (personbeteckning {code}) börjar 1.3.2024.",
)
BID_SENTENCES = (
    "Yhtiön Y-tunnus on {bid}.",
    "Hakija: Esimerkki Oy (Y-tunnus {bid})",
    "Bolagets FO-nummer är {bid}.",
    "ALV-numero {vat}",
)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def diary_truth(context: str) -> list[str]:
    """README-regex references in the context once soft hyphens and blanks after slashes are
    gone ("KESELY/874/06.06.02/ 2010"); EU acts left out."""
    text = re.sub(r"/\s+", "/", context.replace("\u00ad", ""))
    return [m for m in README_DIARY.findall(text) if m.split("/")[0] not in EU_CODES]


def diary_match(found: list[str], truth: list[str]) -> tuple[int, int, int]:
    """tp, fp, fn where a longer reference matches the truth's tail: the README regex cut
    STM/TRO/KH/58/2005 to KH/58/2005 and TRA-FI/18934/... to FI/18934/..."""
    hit = {t for t in truth if any(f.endswith(t) for f in found)}
    stray = [f for f in found if not any(f.endswith(t) for t in truth)]
    return len(hit), len(stray), len(truth) - len(hit)


def never_issued(n: int) -> list[str]:
    """``n`` seven-digit bodies whose weighted sum is 1 mod 11: no check digit makes them valid."""
    r, out = random.Random("never-issued"), list[str]()
    while len(out) < n:
        body = f"{r.randrange(10**7):07d}"
        if sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11 == 1:
            out.append(body)
    return out


def eval_real_ids(folder: Path, noise: float, report: Report) -> None:
    def noisy(text: str, key: str) -> str:
        return ocr_noise(text, random.Random(f"{key}-{noise}"), noise)

    for i, row in enumerate(read_tsv(folder / "diary_numbers_from_finlex_court_decisions.tsv")):
        text = noisy(row["context"], f"diary-{i}")
        found = find_diary_numbers(text)
        truth = diary_truth(row["context"])
        if row["agency_code"] in EU_CODES:
            report.negatives_tried += 1
            report.negatives_found += sum(f.split("/")[0] in EU_CODES for f in found)
        report.score("diary").add(Score(*diary_match(found, truth)))
        check_masking(report, text, [])
        report.texts += 1
    for text in DIARY_NEGATIVES:
        report.negatives_tried += 1
        report.negatives_found += len(find_diary_numbers(text))
    rows = read_tsv(folder / "business_ids_from_finlex_court_decisions.tsv")
    for i, row in enumerate(rows):
        bid = row["business_id"]
        texts = [row["context"]]
        texts += [s.format(bid=bid, vat="FI" + bid.replace("-", "")) for s in BID_SENTENCES]
        for j, clean in enumerate(texts):
            text = noisy(clean, f"bid-{i}-{j}")
            report.score("business_id").add_sets(find_business_ids(text), [bid])
            report.texts += 1
        for wrong in "0123456789":
            if wrong != bid[-1]:
                report.invalid_tried += 1
                report.invalid_accepted += len(find_business_ids(f"Y-tunnus {bid[:-1]}{wrong}"))
    for digits in never_issued(5):
        for check in "0123456789":
            report.invalid_tried += 1
            report.invalid_accepted += len(find_business_ids(f"Y-tunnus {digits}-{check}"))


# --- DVV test HETUs and invalid variants ---------------------------------------------------------


def with_check(body: str, sign: str) -> str:
    """DDMMYY + sign + NNN + the check character the mod-31 rule gives (dates unchecked)."""
    return f"{body[:6]}{sign}{body[6:]}{CHECK_ALPHABET[int(body) % 31]}"


def invalid_variants(code: str) -> list[str]:
    date_part, sign, number = code[:6], code[6], code[7:10]
    out = [code[:10] + c for c in CHECK_ALPHABET if c != code[10]]
    for bad_date in (
        "32" + date_part[2:],
        "00" + date_part[2:],
        date_part[:2] + "13" + date_part[4:],
    ):
        out.append(with_check(bad_date + number, sign))
    out += [with_check(date_part + n, sign) for n in ("000", "001")]
    out += [code[:6] + s + code[7:] for s in "GHKMNPRSTZ"]
    return out


LEAP_DAY_WRONG_CENTURY = [with_check("290200" + n, "-") for n in ("902", "945", "987")]


def eval_hetus(folder: Path, noise: float, report: Report) -> None:
    lines = (folder / "dvv_fictional_test_hetus.txt").read_text(encoding="utf-8").splitlines()
    codes = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    sentences = [(s, "fin") for s in FI_SENTENCES] + [(s, "swe") for s in SV_SENTENCES]
    for i, code in enumerate(codes):
        for j, (sentence, _) in enumerate(sentences):
            clean = sentence.format(code=code)
            text = ocr_noise(clean, random.Random(f"hetu-{i}-{j}-{noise}"), noise)
            found = [p.masked for p in find_personal_identity_codes(text) if p.valid]
            report.score("hetu").add_sets(found, [code[:7] + "****"])
            check_masking(report, text, [code])
            report.texts += 1
        bad = invalid_variants(code) + (LEAP_DAY_WRONG_CENTURY if i == 0 else [])
        for k, variant in enumerate(bad):
            sentence = sentences[k % len(sentences)][0]
            text = sentence.format(code=variant)
            report.invalid_tried += 1
            report.invalid_accepted += sum(p.valid for p in find_personal_identity_codes(text))
            noisy = ocr_noise(text, random.Random(f"bad-{i}-{k}-{noise}"), noise)
            check_masking(report, noisy, [])  # no one's code: the shape check only
            report.texts += 1


# --- output --------------------------------------------------------------------------------------


def print_report(title: str, report: Report, fields: Iterable[str]) -> None:
    print(f"\n{title}  ({report.texts} texts)")
    print(f"  {'field':<13}{'TP':>7}{'FP':>6}{'FN':>6}{'precision':>11}{'recall':>8}")
    for name in fields:
        if name in report.scores:
            s = report.scores[name]
            print(f"  {name:<13}{s.tp:>7}{s.fp:>6}{s.fn:>6}{s.precision:>11.4f}{s.recall:>8.4f}")
    if report.invalid_tried:
        print(f"  invalid IDs accepted: {report.invalid_accepted} of {report.invalid_tried}")
    if report.negatives_tried:
        found, tried = report.negatives_found, report.negatives_tried
        print(f"  negatives found as diary numbers: {found} of {tried}")
    if report.legible:
        parts = [f"{name} {f}/{n} = {f / max(1, n):.4f}" for name, (f, n) in report.legible.items()]
        print("  recall on IDs the noise left legible: " + ", ".join(parts))
    print(f"  unmasked HETUs after masking: {report.unmasked}")


def masking_speed(docs: list[Generated]) -> float:
    text = ("\n".join(d.text for d in docs) * 10)[:1_000_000]
    start = time.perf_counter()
    mask_personal_identity_codes(text)
    return time.perf_counter() - start


ID_FIELDS = ("diary", "business_id", "hetu")


def summary(pooled: dict[float, dict[str, Score]]) -> None:
    """Diary numbers, business IDs and HETUs over all three data sets, per noise level,
    against the goal precision >= 0.98 and recall >= 0.95."""
    print("\nidentifiers, all data sets pooled (goal: precision >= 0.98, recall >= 0.95)")
    print(f"  {'noise':<7}" + "".join(f"{name:>24}" for name in ID_FIELDS))
    for noise, scores in pooled.items():
        cells = []
        for name in ID_FIELDS:
            s = scores[name]
            ok = s.precision >= 0.98 and s.recall >= 0.95
            cells.append(f"P {s.precision:.3f} R {s.recall:.3f} {'ok' if ok else '--'}")
        print(f"  {noise:<7}" + "".join(f"{c:>24}" for c in cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--noise", type=float, nargs="+", default=[0.0, 0.02, 0.05])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = args.shared / "corpora" / "finnish_identifiers"
    docs = generated(args.docs, args.seed)
    failed = False
    pooled: dict[float, dict[str, Score]] = {}
    for noise in args.noise:
        reports = [Report()]
        eval_generated(docs, noise, reports[0])
        print_report(f"generated documents, noise {noise}", reports[0], FIELDS)
        if folder.is_dir():
            reports += [Report(), Report()]
            eval_real_ids(folder, noise, reports[1])
            print_report(
                f"real diary numbers and business IDs, noise {noise}", reports[1], FIELDS[:2]
            )
            eval_hetus(folder, noise, reports[2])
            print_report(
                f"DVV test HETUs and invalid variants, noise {noise}", reports[2], ["hetu"]
            )
            failed |= noise == 0 and reports[1].negatives_found > 0
        else:
            print(f"\n(real identifiers and DVV codes skipped: {folder} not found)")
        failed |= any(r.unmasked > 0 or r.invalid_accepted > 0 for r in reports)
        pooled[noise] = {name: Score() for name in ID_FIELDS}
        for report in reports:
            for name in set(ID_FIELDS) & set(report.scores):
                pooled[noise][name].add(report.scores[name])
    summary(pooled)
    print(f"\nmasking 1 MB of generated text: {masking_speed(docs):.3f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
