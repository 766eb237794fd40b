"""Query expansion: synonym groups matched on morphemes, and one-jamo typo fixes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kb.text import analysis, jamo

_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,}")


class Synonyms:
    """Groups of interchangeable words, matched on morphemes (리턴하려면 → 리턴 → 반품)."""

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        self.groups = [tuple(g) for g in groups]
        self.by_term: dict[str, set[int]] = {}
        self.phrases: list[tuple[str, int]] = []
        self.terms: list[list[str]] = []
        for index, group in enumerate(self.groups):
            group_terms: list[str] = []
            for word in group:
                forms = [t.text for t in analysis.morphemes(word)] or [word.lower()]
                group_terms.extend(forms)
                if len(forms) == 1:
                    self.by_term.setdefault(forms[0], set()).add(index)
                squashed = word.replace(" ", "").lower()
                if len(forms) > 1 or len(squashed) >= 3:
                    self.phrases.append((squashed, index))
            self.terms.append(list(dict.fromkeys(group_terms)))
        # Phrases by their first two characters: a query is scanned once, not per phrase,
        # and only where some phrase starts — found by one lookahead regex over the two-
        # character starts (in C: a 100-character English query has none, and costs ~2 µs).
        self.by_start: dict[str, list[tuple[str, int]]] = {}
        self.short = [(p, i) for p, i in self.phrases if len(p) < 2]
        for phrase, index in self.phrases:
            if len(phrase) >= 2:
                self.by_start.setdefault(phrase[:2], []).append((phrase, index))
        starts = "|".join(re.escape(s) for s in sorted(self.by_start))
        self._starts = re.compile(f"(?=({starts}))") if starts else None
        self._words: dict[str, list[str]] = {}

    def expand(self, text: str, terms: set[str]) -> list[str]:
        squashed = text.replace(" ", "").lower()
        hit = {i for t in terms for i in self.by_term.get(t, ())}
        hit |= {i for phrase, i in self.short if phrase in squashed}
        for found in self._starts.finditer(squashed) if self._starts else ():
            start = found.start()
            for phrase, i in self.by_start[found.group(1)]:
                if squashed.startswith(phrase, start):
                    hit.add(i)
        return [t for i in sorted(hit) for t in self.terms[i] if t not in terms]

    def expand_word(self, word: str) -> list[str]:
        """`expand` of one word (remembered: the same words come back in every query)."""
        found = self._words.get(word)
        if found is None:
            if len(self._words) >= 65536:
                self._words.clear()
            found = self._words[word] = self.expand(word, {word})
        return found


@lru_cache(maxsize=8)
def synonyms(groups: tuple[tuple[str, ...], ...]) -> Synonyms:
    """Analyzed synonym groups, shared by every view with the same groups."""
    return Synonyms(groups)


class Typos:
    """Title/question vocabulary by jamo deletions: 환뷸 → 환불 (one jamo off)."""

    def __init__(self, vocabulary: set[str]) -> None:
        self.vocabulary = vocabulary
        self.by_delete: dict[str, set[str]] = {}
        for term in vocabulary:
            if len(term) >= 2 and jamo.jamo(term) != term:
                for form in jamo.jamo_deletes(term):
                    self.by_delete.setdefault(form, set()).add(term)

    def corrections(self, term: str) -> list[str]:
        if term in self.vocabulary or len(term) < 2 or jamo.jamo(term) == term:
            return []
        found: set[str] = set()
        for form in jamo.jamo_deletes(term):
            found |= self.by_delete.get(form, set())
        return sorted(found - {term})[:3]

    def in_text(self, text: str) -> list[tuple[str, str]]:
        """(typo, fix) pairs for the Hangul words of `text`, tried stem-first.

        Kiwi splits an unknown word into pieces (환뷸 → 환 + 뷰 + ㄹ), so typos are
        looked for in the words as typed: the longest prefix (the part before a particle
        or ending) that is one jamo away from a known title/question term.
        """
        found = []
        for word in _HANGUL_WORD.findall(text):
            for end in range(len(word), 1, -1):
                stem = word[:end]
                if stem in self.vocabulary:
                    break
                fixes = self.corrections(stem)
                if fixes:
                    found += [(stem, fix) for fix in fixes]
                    break
        return found
