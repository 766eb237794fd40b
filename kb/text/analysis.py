"""Korean-first text analysis for search: Kiwi morphemes, syllables, English stems.

Pure functions over strings (Kiwi is loaded lazily, once per process). The search
room's analyzers wrap these; so do its query builder and snippets, and question grouping.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import warnings
from functools import lru_cache
from typing import NamedTuple

from kb.text.porter import STOP_WORDS
from kb.text.porter import stem as porter_stem

# Kiwi part-of-speech tags kept as search terms: nouns, numerals, verb and adjective stems,
# roots, numbers, foreign words, hanja. Particles (J*), endings (E*), suffixes and
# punctuation are dropped. Irregular forms carry a suffix (VV-I, VA-R): match the prefix.
_KEEP = ("NNG", "NNP", "NR", "VV", "VA", "XR", "SN", "SL", "SH", "MAG")
_DROP_ADVERBS = frozenset(
    "어떻게 왜 언제 좀 잘 더 다시 너무 많이 안 못 혹시 그냥 꼭 빨리 이미 아직 지금 또 바로".split())
# Determiners (MM) that point or ask rather than tell: left out of `morphemes_and_determiners`.
_VAGUE_DETERMINERS = frozenset(
    "이 그 저 이런 그런 저런 요런 이러한 그러한 어떤 어떠한 무슨 몇 어느 웬 아무 모든 온갖 각 여느 "
    "그딴 이딴 저딴".split())
# One-syllable nouns of place, time and manner (주문 후, 결제 전, 문 앞, 보는 법): left out of
# `morphemes_and_determiners`.
_VAGUE_NOUNS = frozenset("후 전 때 일 날 쪽 뒤 앞 위 속 안 밖 말 점 등 중 곳 번 건 개 분 측 편 "
                         "간 법 외 내 상 하 식 당 차 회 초 시 년 월 주".split())
# Stems too common to say anything: 하다, 되다, 있다, 어떻다, 이렇다/그렇다, 같다.
_STOP_STEMS = frozenset("하 되 있 어떻 이렇 그렇 저렇 같".split())
_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_LATIN = re.compile(r"[a-z0-9]*[a-z][a-z0-9]*")
_COMPAT_JAMO = re.compile(r"[\u3131-\u318e]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_kiwi = None
_kiwi_lock = threading.Lock()


def kiwi():  # noqa: ANN201 - kiwipiepy.Kiwi
    """The process's one Kiwi instance (loading takes about a second, so it is lazy)."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                # No thread pool (num_workers=0): we analyse one short text per call, as
                # fast in the caller's thread, and a pool's threads do not survive a fork
                # (`kb serve --production` loads the model before forking its workers).
                # kiwipiepy warns that 0 meant "all cores" before 0.21; it no longer does.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    _kiwi = Kiwi(num_workers=0)
    return _kiwi


class Term(NamedTuple):
    """A search term and where it came from in the text."""

    text: str
    start: int
    end: int


def normalize(text: str) -> str:
    """NFKC (full-width → ASCII) except 초성 jamo (ㅎㅂ stays), control characters removed."""
    text = unicodedata.normalize("NFC", text)
    if _COMPAT_JAMO.search(text):  # NFKC would turn ㅎ into a conjoining jamo
        text = "".join(c if _COMPAT_JAMO.match(c) else unicodedata.normalize("NFKC", c)
                       for c in text)
    else:
        text = unicodedata.normalize("NFKC", text)
    return _CONTROL.sub(" ", text)


@lru_cache(maxsize=65536)
def latin(word: str) -> str | None:
    """An English word as indexed: lowercase, Porter stem; None for a stop word."""
    word = word.lower()
    if word in STOP_WORDS or len(word) < 2 and not word.isdigit():
        return None
    return porter_stem(word)


def morphemes(text: str) -> list[Term]:
    """Content morphemes: 환불하려면 어떻게 → [환불]; refunds → [refund]."""
    return _morphemes(text, None)


def morphemes_and_determiners(text: str) -> tuple[list[Term], list[str]]:
    """`morphemes`, and from the same Kiwi pass the words that tell what is asked about
    although search's confidence would pass them over: determiners (다른 메뉴가 왔어요 →
    다른, 결제가 두 번 됐어요 → 두; not search terms, 다른 is in every other article) and
    one-syllable nouns (남의 음식 → 남, 집으로 → 집; searched, but one syllable is usually
    an ending's stem). An article without them has not answered the question.
    Demonstratives, question words (이, 그런, 어떤, 몇) and place or time words (후, 전, 때,
    앞) say nothing."""
    telling: list[str] = []
    return _morphemes(text, telling), list(dict.fromkeys(telling))


def _morphemes(text: str, telling: list[str] | None) -> list[Term]:
    text = normalize(text)
    if not text.strip():
        return []
    out = english_words(text)  # Latin words by regex: Kiwi adds nothing for English
    if not _HANGUL.search(text):
        return out
    for token in kiwi().tokenize(text):
        tag = token.tag.split("-", 1)[0]
        if telling is not None and (
                tag == "MM" and token.form not in _VAGUE_DETERMINERS
                or tag in ("NNG", "NNP") and len(token.form) == 1
                and token.form not in _VAGUE_NOUNS):
            telling.append(token.form)
        if tag not in _KEEP or tag == "SL":
            continue
        form = token.form
        if tag == "MAG" and (form in _DROP_ADVERBS or len(form) < 2):
            continue
        if tag in ("VV", "VA") and form in _STOP_STEMS:
            continue
        if tag == "SN":
            form = form.lower()
        out.append(Term(form, token.start, token.start + token.len))
    out.sort(key=lambda term: term.start)
    return out


def bigrams(text: str) -> list[Term]:
    """Hangul syllable bigrams within words (배송조회 → 배송 송조 조회); 1-syllable words kept.

    Within words only: a query typed without spaces still meets an article written with
    them (배송조회 shares 배송 and 조회 with 배송 조회), and bigrams bridging two words
    (송조) matched nothing in the sets we measured.
    """
    text = normalize(text)
    out = []
    for run in _HANGUL.finditer(text):
        word, start = run.group(), run.start()
        if len(word) == 1:
            out.append(Term(word, start, start + 1))
        out.extend(Term(word[i : i + 2], start + i, start + i + 2)
                   for i in range(len(word) - 1))
    return out


def syllables(text: str) -> list[Term]:
    """Bigrams plus each Hangul syllable of longer words, for short text (titles, questions):
    one shared syllable (환불 / 환급) is weak evidence that still breaks ties."""
    text = normalize(text)
    out = bigrams(text)
    for run in _HANGUL.finditer(text):
        word, start = run.group(), run.start()
        if len(word) > 1:
            out.extend(Term(f"{c}_", start + i, start + i + 1) for i, c in enumerate(word))
    out.sort(key=lambda term: term.start)
    return out


def syllable_texts(text: str, singles: bool = False) -> list[str]:
    """`bigrams` (or, with `singles`, `syllables`) as plain strings, for indexing long text."""
    out = []
    for word in _HANGUL.findall(normalize(text)):
        if len(word) == 1:
            out.append(word)
            continue
        out.extend(word[i : i + 2] for i in range(len(word) - 1))
        if singles:
            out.extend(f"{c}_" for c in word)
    return out


_WORD = re.compile(r"[^\s.,!?()\[\]{}<>\"'“”‘’:;·…~]+")


@lru_cache(maxsize=65536)
def _word_morphemes(word: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(morphemes(word))


def word_morphemes(text: str) -> list[Term]:
    """`morphemes`, one word at a time with a cache: for long text (article bodies).

    Kiwi reads a 600-character body in 15–40 ms, which alone would hold a build of 10,000
    articles to under 100 a second; a help center repeats its words (신청, 배송비는,
    눌러 주세요) across articles, so analysing each distinct word once costs a fraction.
    Without the sentence around it Kiwi agrees with itself on ~87 % of short sentences'
    term bags (KorSTS); the rest differ in a particle or an ending read as a stem.
    """
    text = normalize(text)
    out = []
    for match in _WORD.finditer(text):
        base = match.start()
        out.extend(Term(form, base + start, base + end)
                   for form, start, end in _word_morphemes(match.group()))
    return out


# Particles and the commonest 하다/되다 endings that follow a noun in help-article prose.
_SUFFIXES = sorted(set(
    "은 는 이 가 을 를 에 에서 에게 에는 에도 으로 로 와 과 도 만 의 까지 부터 처럼 보다 한테 "
    "이나 나 이랑 랑 께서 께 으로는 로는 에서는 까지는 부터는 이에요 예요 입니다 이고 이며 "
    "하다 해요 하고 하면 하려면 하는 한 할 해 했 합니다 하세요 해야 해서 하여 하기 하지 "
    "했어요 하나요 할까요 할게요 해주세요 해 주세요 하시면 하신 "
    "되다 돼요 되고 되면 되는 된 될 돼 됐 됩니다 되나요 되어 되지 됐어요 되기 "
    "시키다 시켜요 드려요 드립니다 받아요 받으세요".split()), key=len, reverse=True)
_SUFFIX = re.compile("(" + "|".join(_SUFFIXES) + ")$")


def light_terms(text: str) -> list[Term]:
    """Fast word stems: particles and 하다/되다 endings cut by rule, no Kiwi.

    신청하려면 → 신청, 환불은 → 환불, 배송되나요 → 배송. Search's confidence counts a
    word found when its cut pieces are (index format 2 indexed bodies this way; every
    part now gets Kiwi, see `word_morphemes`).
    """
    text = normalize(text)
    out = english_words(text)
    for match in _HANGUL.finditer(text):
        word = match.group()
        for _ in range(2):  # 데이를 → 데이 → 데: the same stem with or without the particle
            cut = _SUFFIX.search(word)
            if cut is None or cut.start() < 2:
                break
            word = word[: cut.start()]
        out.append(Term(word, match.start(), match.start() + len(word)))
    out.sort(key=lambda term: term.start)
    return out


def english_words(text: str) -> list[Term]:
    """Latin-script words, stemmed (for fields holding English text)."""
    out = []
    for match in _LATIN.finditer(normalize(text).lower()):
        form = latin(match.group())
        if form:
            out.append(Term(form, match.start(), match.end()))
    return out
