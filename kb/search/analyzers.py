"""Whoosh analyzers for Korean-first search.

Whoosh pickles a field's analyzer into the index, so this module's path and class names
are part of the index format: never rename them without bumping `kb.search.index.FORMAT`. They
hold no state — Kiwi is looked up lazily at call time, never pickled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from whoosh.analysis import Token, Tokenizer

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
    """Hangul syllable bigrams (recall for spacing errors and unknown words)."""

    terms = staticmethod(analysis.bigrams)


class LightAnalyzer(_TermTokenizer):
    """Rule-based stems for long bodies (see `kb.analysis.light_terms`)."""

    terms = staticmethod(analysis.light_terms)
