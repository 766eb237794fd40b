"""Text: Korean-first text analysis that every other room builds on.

| module | what |
|---|---|
| `analysis` | normalisation, Kiwi morphemes, syllable bigrams, rule-based stems, English words |
| `jamo` | jamo and 초성 decomposition, one-deletion forms for typo lookup |
| `lexicon` | the built-in Korean CX lexicon (slang, Konglish, English ↔ Korean) |
| `romanize` | Hangul → ASCII for stable heading anchors and ids |
| `porter` | the Porter stemmer and English stop words (vendored from Whoosh, BSD) |

Pure functions over strings; imports nothing else from `kb`.
"""
