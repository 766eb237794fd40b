"""Normalising customer questions so different spellings of one question count together.

`normalize("냉장고에서 소리나요")` and `normalize("냉장고 소음이 심해요")` both give
"냉장고 소음": the content nouns (Kiwi; spacing-insensitive), each mapped to the head word
of its synonym group, deduplicated and sorted.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from kb.text import analysis
from kb.text.lexicon import LEXICON

_NOUNS = ("NNG", "NNP", "XR", "SL", "SH")
# Words every English question has; grouping keys keep what the question is about.
_EN_STOP = frozenset("how do doe did i my me what why when where can get want is it pleas help "
                     "would could should there someon anyon".split())


@lru_cache(maxsize=1)
def _heads(extra: tuple[tuple[str, ...], ...] = ()) -> dict[str, str]:
    heads: dict[str, str] = {}
    for group in (*LEXICON, *extra):
        head = group[0].lower()
        for word in group:
            heads.setdefault(word.lower().replace(" ", ""), head)
    return heads


@lru_cache(maxsize=50_000)
def normalize(text: str, synonyms: Sequence[Sequence[str]] = ()) -> str:
    """The question's grouping key: canonical content nouns, sorted (empty if none)."""
    heads = _heads(tuple(tuple(g) for g in synonyms))
    text = analysis.normalize(text)[:200]
    terms: set[str] = set()
    if any("\uac00" <= c <= "\ud7a3" for c in text):
        for token in analysis.kiwi().tokenize(text):
            if token.tag.split("-", 1)[0] in _NOUNS:
                form = token.form.lower()
                terms.add(heads.get(form, form))
    for term in analysis.english_words(text):
        if term.text not in _EN_STOP:
            terms.add(heads.get(term.text, term.text))
    return " ".join(sorted(terms))[:200]


def similarity(a: str, b: str) -> float:
    """Token overlap (Jaccard) of two normalised keys."""
    left, right = set(a.split()), set(b.split())
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)
