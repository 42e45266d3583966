"""Checks on what people write: personal details to warn about, risk to flag.

Both are aids, never gates: a match warns the writer and flags the experience
for a moderator or a safeguarding lead; it never blocks a submission.
"""

import re

IDENTIFIER_PATTERNS = {
    "email address": re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
    "phone number": re.compile(r"(?<!\d)(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\d)"),
    "NHS number": re.compile(r"(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)"),
    "postcode": re.compile(
        r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", flags=re.IGNORECASE
    ),
    "long number": re.compile(r"(?<!\d)\d{8,}(?!\d)"),
}
# Every kind above holds a digit or an "@": text with neither holds none, and
# is passed over with one quick scan (most of what people write).
MAY_HOLD_IDENTIFIER = re.compile(r"[\d@]")

RISK_PHRASES = re.compile(
    r"\b("
    r"suicid\w*|kill (?:myself|himself|herself|themselves)|end (?:my|his|her) life"
    r"|self[- ]?harm\w*|hurt(?:s|ing)? (?:myself|himself|herself|themselves)"
    r"|abus\w*|hits? (?:me|him|her)|beat(?:s|en)? (?:me|him|her)"
    r"|not safe|unsafe|in danger|neglect\w*|sexual\w*|groom\w*"
    r"|want to die|wants to die|run(?:ning)? away"
    r")\b",
    flags=re.IGNORECASE,
)


def _nhs_number_checksum_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def find_identifiers(text: str) -> list[str]:
    """The kinds of personal detail that appear in `text`, in a stable order."""
    found = []
    for kind, pattern in IDENTIFIER_PATTERNS.items():
        for match in pattern.finditer(text or ""):
            if kind == "NHS number":
                digits = re.sub(r"\D", "", match.group())
                if not _nhs_number_checksum_ok(digits):
                    continue
            found.append(kind)
            break
    return found


def identifier_phrases(text: str) -> list[str]:
    """The kinds found, with their article, for a sentence: "an email address"."""
    return [
        f"an {kind}"
        if kind[0] in "aeiouAEIOU" or kind.startswith("NHS")
        else f"a {kind}"
        for kind in find_identifiers(text)
    ]


def suggests_risk(text: str) -> bool:
    return bool(RISK_PHRASES.search(text or ""))


def identifier_spans(text: str) -> list[tuple[int, int, str]]:
    """Where personal details appear in `text`, for highlighting them:
    (start, end, kind) in reading order, never overlapping. Where two matches
    overlap (a phone number inside a long number), the one that starts first,
    or else the longer, wins."""
    text = text or ""
    if not MAY_HOLD_IDENTIFIER.search(text):
        return []
    matches = []
    for kind, pattern in IDENTIFIER_PATTERNS.items():
        for match in pattern.finditer(text):
            if kind == "NHS number":
                digits = re.sub(r"\D", "", match.group())
                if not _nhs_number_checksum_ok(digits):
                    continue
            # Patterns allow a separator after each digit: mark the detail only.
            found = match.group().rstrip(" \t\r\n-")
            matches.append((match.start(), match.start() + len(found), kind))
    matches.sort(key=lambda span: (span[0], span[0] - span[1]))
    spans = []
    reached = 0
    for start, end, kind in matches:
        if start >= reached and end > start:
            spans.append((start, end, kind))
            reached = end
    return spans


def mask_identifiers(text: str) -> str:
    """`text` with each personal detail found replaced by its kind in square
    brackets ("Call [phone number]"): what a reader without the right to the
    original sees. Names, schools and places are not detected."""
    text = text or ""
    pieces = []
    position = 0
    for start, end, kind in identifier_spans(text):
        pieces.append(text[position:start])
        pieces.append(f"[{kind}]")
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
