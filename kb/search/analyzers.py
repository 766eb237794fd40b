"""Whoosh analyzers for Korean-first search.

Whoosh pickles a field's analyzer into the index, so this module's path and class names
are part of the index format: never rename them without bumping `kb.search.index.FORMAT`. They
hold no state — Kiwi is looked up lazily at call time, never pickled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from whoosh.analysis import Token, Tokenizer
from whoosh.formats import Frequency
from whoosh.system import pack_uint

from kb.text import analysis


class _TermTokenizer(Tokenizer):
    """Turns a `kb.text.analysis` term function into a Whoosh tokenizer."""

    terms: Callable[[str], list[analysis.Term]]

    def __call__(  # noqa: PLR0913 - Whoosh's tokenizer signature
        self, value: str, positions: bool = False, chars: bool = False,
        keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
        start_char: int = 0, mode: str = "", **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for index, term in enumerate(type(self).terms(value)):
            token.text = term.text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[term.start : term.end]
            if positions:
                token.pos = start_pos + index
            if chars:
                token.startchar = start_char + term.start
                token.endchar = start_char + term.end
            yield token

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    __hash__ = Tokenizer.__hash__


class MorphemeAnalyzer(_TermTokenizer):
    """Kiwi content morphemes plus stemmed English words."""

    terms = staticmethod(analysis.morphemes)


class BigramAnalyzer(_TermTokenizer):
    """Hangul syllable bigrams within words (recall for spacing errors and unknown words)."""

    terms = staticmethod(analysis.bigrams)


class SyllableAnalyzer(_TermTokenizer):
    """Bigrams plus single syllables, for short text (titles, questions, summaries)."""

    terms = staticmethod(analysis.syllables)


class BodyAnalyzer(_TermTokenizer):
    """Kiwi content morphemes word by word, cached (see `kb.text.analysis.word_morphemes`)."""

    terms = staticmethod(analysis.word_morphemes)


class LightAnalyzer(_TermTokenizer):
    """Rule-based stems (format 2's bodies; kept so such an index still unpickles)."""

    terms = staticmethod(analysis.light_terms)


class Counted(Frequency):
    """Whoosh's term-frequency format, also taking a field's terms already analysed (a list,
    see `kb.search.index.document`): counted at C speed instead of token by token."""

    def word_values(self, value, analyzer, **kwargs):  # noqa: ANN001, ANN201 - Whoosh's API
        if isinstance(value, (list, tuple)):
            boost = self.field_boost
            return ((w, n, n * boost, pack_uint(n)) for w, n in Counter(value).items())
        return super().word_values(value, analyzer, **kwargs)
