"""What a customer's question is about and what it asks: the stored key of an ask.

`normalize("환불 언제 들어와요")` is `"들어오 환불 ?when"`, `normalize("환불은 어떻게
신청하나요")` is `"신청 환불 ?how"`: the content words (Kiwi nouns and meaningful verb
stems, spacing-insensitive, sorted) and, when the sentence says it, what is asked (`?when`,
`?how`, `?where`, `?cost`, `?why`, `?what`). Two questions about the same nouns that ask
different things keep different keys, so look-alikes can be kept apart.

The key is stored with each ask when it is recorded (no synonym mapping: synonym groups are
applied when grouping, so a change to `synonyms.yaml` regroups old asks too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from kb.text import analysis
from kb.text.lexicon import LEXICON

KEY_VERSION = 2  # bump when keys change: stored keys are then recomputed (kb.insights.groups)
_NOUNS = ("NNG", "NNP", "XR", "SL", "SH")
_VERBS = ("VV", "VA")
# Stems that say nothing about the question: do, become, be, give, see, receive, want…
_STOP_STEMS = frozenset(
    "하 되 있 없 같 어떻 이렇 그렇 저렇 주 보 알 받 싶 드리 나오 모르 좋 나 내".split())
_NEGATIONS = ("안", "못")  # 안 돼요 (does not work), 안 와요 (has not come): kept with the verb
_PREFIXES = ("불", "미", "무", "비", "재")  # 불친절, 미배송, 무료, 비회원, 재배송
# Question words → what is asked. A noun such as 방법 (way) or 얼마 (how much) asks too.
_INTENTS = {"언제": "when", "어떻게": "how", "어떻": "how", "방법": "how", "어디": "where",
            "어디서": "where",
            "얼마": "cost", "얼마나": "cost", "왜": "why", "뭐": "what", "무엇": "what",
            "법": "how",
            "when": "when", "how": "how", "where": "where", "much": "cost", "cost": "cost",
            "why": "why", "what": "what"}
_LATIN_WORD = re.compile(r"[a-z]+")
# Words every English question has; keys keep what the question is about.
_EN_STOP = frozenset("how do doe did i my me what why when where can get want is it pleas help "
                     "would could should there someon anyon much".split())


@lru_cache(maxsize=1)
def _compounds() -> frozenset[str]:
    """Lexicon words written as one word (비밀번호): Kiwi's split parts are joined back."""
    return frozenset(w.replace(" ", "").lower() for group in LEXICON for w in group
                     if len(w.replace(" ", "")) >= 2)


def _hangul_terms(text: str) -> tuple[list[str], str | None]:
    terms: list[str] = []
    intent: str | None = None
    compounds = _compounds()
    previous_end, previous_noun = -1, None
    negated = False
    prefix = ""
    for token in analysis.kiwi().tokenize(text):
        tag = token.tag.split("-", 1)[0]
        form = token.form.lower()
        if tag == "MAG" and form in _NEGATIONS:
            negated = True
            continue
        if tag == "XPN" and form in _PREFIXES:  # 불 + 친절 → 불친절: not the same as 친절
            prefix = form
            continue
        if tag in _VERBS and negated:
            terms.append("안" + form)  # 안 + 되 → 안되; 못 + 받 → 안받
            negated = False
            continue
        if form in _INTENTS:
            intent = intent or _INTENTS[form]
            previous_noun = None
            continue
        if tag in _NOUNS and prefix:
            form, prefix = prefix + form, ""
        prefix = "" if tag not in _NOUNS else prefix
        if tag in _NOUNS:
            joined = (previous_noun or "") + form
            if previous_noun and token.start - previous_end <= 1 and joined in compounds:
                terms[-1] = joined  # 비밀 + 번호 → 비밀번호; 배송 조회 → 배송조회 (spacing-free)
            elif len(form) >= 2 or form in compounds:
                terms.append(form)
            previous_noun = joined if previous_noun and joined in compounds else form
            previous_end = token.start + token.len
            continue
        previous_noun = None
        if tag in _VERBS and form not in _STOP_STEMS:
            terms.append(form)
    return terms, intent


@lru_cache(maxsize=50_000)
def normalize(text: str) -> str:
    """The ask's key: sorted content words, then `?intent` when the question says it."""
    text = analysis.normalize(text)[:200]
    terms: list[str] = []
    intent: str | None = None
    if any("\uac00" <= c <= "\ud7a3" for c in text):
        terms, intent = _hangul_terms(text)
    for raw in _LATIN_WORD.findall(text.lower()):
        if raw in _INTENTS:
            intent = intent or _INTENTS[raw]
    terms += [w.text for w in analysis.english_words(text) if w.text not in _EN_STOP]
    key = " ".join(sorted(set(terms)))
    if intent and key:
        key += f" ?{intent}"
    return key[:200]


def normalize_many(texts: Sequence[str], workers: int = 2) -> list[str]:
    """`normalize` of each text, in order. Kiwi releases the GIL while it analyses, so with
    `workers` > 1 threads share the process's one analyser (no second model in memory):
    ~1.7× on two cores for a batch of distinct questions, the same keys as one at a time."""
    if workers <= 1 or len(texts) < 64:
        return [normalize(text) for text in texts]
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(normalize, texts, chunksize=32))


def parse(key: str) -> tuple[frozenset[str], str | None]:
    """(content words, intent) of a stored key."""
    words = key.split()
    intent = next((w[1:] for w in words if w.startswith("?")), None)
    return frozenset(w for w in words if not w.startswith("?")), intent


# Verb stems and nouns that ask the same thing when grouping questions (not in search's
# lexicon, where 바꾸 means 교환): head first.
STEMS: tuple[tuple[str, ...], ...] = (
    ("변경", "바꾸", "수정", "고치"),
    ("신청", "요청", "접수"),
    ("입금", "들어오", "환급"),
    ("지연", "늦", "늦어지", "안오"),
    ("안되", "오류", "에러", "먹통", "안하", "실패", "불가", "튕기", "팅기", "꺼지", "멈추"),
    ("누락", "빠지", "빼먹"),
    ("분실", "잊어버리", "잃어버리", "까먹", "잊", "안나"),
    ("취소", "캔슬", "철회"),
    ("도착", "오", "배달되", "받아보"),
)


@lru_cache(maxsize=8)
def heads(synonyms: tuple[tuple[str, ...], ...] = ()) -> dict[str, str]:
    """word → the head word of its synonym group (the content's groups first, then `STEMS`,
    then the built-in lexicon), so 리턴 and 반품 count as one word."""
    found: dict[str, str] = {}
    for group in (*synonyms, *STEMS, *LEXICON):
        head = group[0].lower().replace(" ", "")
        for word in group:
            found.setdefault(word.lower().replace(" ", ""), head)
    return found


def canonical(key: str, synonyms: Sequence[Sequence[str]] = ()
              ) -> tuple[frozenset[str], str | None]:
    """A stored key's words mapped to their synonym heads, and its intent."""
    mapping = heads(tuple(tuple(g) for g in synonyms))
    words, intent = parse(key)
    return frozenset(mapping.get(w, w) for w in words), intent
