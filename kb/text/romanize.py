"""Hangul to ASCII (Revised Romanization, syllable by syllable) for stable heading anchors."""

from __future__ import annotations

import re
import unicodedata

_INITIALS = "g kk n d tt r m b pp s ss _ j jj ch k t p h".split()
_MEDIALS = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
_FINALS = ("_ k k k n n n t l k m p t t p l m p p t t ng t t k t p t").split()
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3


def romanize(text: str) -> str:
    """`환불 신청` → `hwanbul sincheong`; other characters pass through unchanged."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        code = ord(char)
        if _HANGUL_FIRST <= code <= _HANGUL_LAST:
            index = code - _HANGUL_FIRST
            initial, medial, final = index // 588, (index % 588) // 28, index % 28
            syllable = _INITIALS[initial] + _MEDIALS[medial] + _FINALS[final]
            out.append(syllable.replace("_", ""))
        else:
            out.append(char)
    return "".join(out)


def anchor_slug(value: str, separator: str = "-") -> str:
    """A lowercase ASCII anchor for a heading: `배송 조회 (택배)` → `baesong-johoe-taekbae`."""
    ascii_text = unicodedata.normalize("NFKD", romanize(value))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"[^\w\s-]", "", ascii_text).strip().lower()
    return re.sub(r"[-\s_]+", separator, ascii_text).strip(separator) or "section"
