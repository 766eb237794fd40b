"""Hangul jamo: decomposition for typo distance, 초성 (initial consonants) for autocomplete."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

_CHOSUNG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNGSUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONGSUNG = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


def jamo(text: str) -> str:
    """Hangul syllables decomposed into jamo (환불 → ㅎㅘㄴㅂㅜㄹ), for typo distance."""
    out = []
    for char in text:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            out.append(_CHOSUNG[code // 588])
            out.append(_JUNGSUNG[(code % 588) // 28])
            if code % 28:
                out.append(_JONGSUNG[code % 28])
        else:
            out.append(char)
    return "".join(out)


def chosung(text: str) -> str:
    """Initial consonants of each syllable (환불 신청 → ㅎㅂ ㅅㅊ); other characters kept."""
    out = []
    for char in text:
        code = ord(char) - 0xAC00
        out.append(_CHOSUNG[code // 588] if 0 <= code < 11172 else char)
    return "".join(out)


def is_chosung_query(text: str) -> bool:
    """True for queries made only of initial consonants (ㅎㅂ), spaces allowed."""
    stripped = text.replace(" ", "")
    return bool(stripped) and all(c in _CHOSUNG for c in stripped)


def deletes(word: str) -> Iterator[str]:
    """Every string one deletion away from `word` (SymSpell-style typo lookup)."""
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]


@lru_cache(maxsize=4096)
def jamo_deletes(term: str) -> frozenset[str]:
    """The jamo form of `term` and every form one jamo deletion away."""
    form = jamo(term)
    return frozenset([form, *deletes(form)])
