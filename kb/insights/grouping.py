"""Grouping asks into questions: deterministic, explainable, near-linear.

Each distinct ask key (`kb.insights.questions.normalize`: content words + what is asked)
joins the best existing group or founds a new one (leader clustering). Keys are taken most
asked first, ties by key, so the same asks always give the same groups, whatever the hash
seed or the order rows came in. A key joins a group when the evidence agrees:

- **words**: its content words, mapped to synonym heads (content synonyms + the CX
  lexicon), overlap the group's (Jaccard ≥ `MERGE_AT`); a one-word key does not join a
  more specific group (환불 alone says too little to count as 환불 신청);
- **what is asked**: `?when` and `?how` never join (환불 언제 들어와요 ≠ 환불 어떻게 신청해요);
- **the sheet's 구분**: two different tags never join;
- **the answering article** (when a matcher is given): two different articles never join;
  the same article joins wordings that share no word (배달이 늦어요 / 한 시간째 안 와요)
  when nothing else disagrees.

Every assignment carries its reason, so the dashboard can say why wordings are together.
Candidates come from an inverted index of words (and articles), at most `FANOUT` groups
per word, so the cost grows with the number of keys, not its square.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from kb.insights.questions import canonical, normalize
from kb.text.romanize import anchor_slug

MERGE_AT = 0.5  # word overlap (Jaccard) at which two keys ask the same thing
TAGGED_AT = 0.34  # the same, for two keys under the same 구분 (sheet category)
# What is asked: "how" and "where" ask the same in CX Korean (어떻게 신청해요 / 어디서 신청해요).
_SAME_ASK = {"where": "how"}
FANOUT = 8  # groups looked at per shared word (the most asked first)
CANDIDATES = 16  # groups looked at per key, in all

Matcher = Callable[[str], str | None]


@dataclass(frozen=True)
class Wording:
    """A distinct way an ask was written, how often, and the sheet's 구분 if any."""

    text: str
    count: int = 1
    tag: str | None = None


@dataclass
class KeyStats:
    """Everything known about one ask key: its wordings, tags, count."""

    key: str
    count: int = 0
    texts: Counter = field(default_factory=Counter)
    tags: Counter = field(default_factory=Counter)

    @property
    def text(self) -> str:
        """The most asked wording (ties: alphabetical)."""
        return min(self.texts.items(), key=lambda kv: (-kv[1], kv[0]))[0] if self.texts else ""

    @property
    def tag(self) -> str | None:
        if not self.tags:
            return None
        return min(self.tags.items(), key=lambda kv: (-kv[1], kv[0]))[0]


@dataclass
class Group:
    """A question: its stable key and the head key that founded it."""

    key: str
    head: str
    words: frozenset[str]
    intent: str | None
    tag: str | None = None
    article: str | None = None
    index: int = 0  # creation order: earlier groups win ties


@dataclass(frozen=True)
class Assignment:
    group: str
    reason: str  # e.g. "same words", "words 환불 신청 (0.67)", "article refund-request"


def group_key(head: str, taken: Callable[[str], bool]) -> str:
    """A short ASCII key for a new group, from its head: `hwanbul-sincheong-how-3f2a`."""
    words = " ".join(w.lstrip("?") for w in head.split()[:4])
    slug = anchor_slug(words)[:36].strip("-") if words else "unclear"
    digest = hashlib.sha1(head.encode("utf-8")).hexdigest()
    for size in range(4, 41, 2):
        key = f"{slug}-{digest[:size]}"
        if not taken(key):
            return key
    raise ValueError(f"no free group key for {head!r}")  # pragma: no cover - 160-bit clash


def _words(words: frozenset[str]) -> str:
    return " ".join(sorted(words))


def _compatible(a: str | None, b: str | None) -> bool:
    """Two questions may be one unless they ask different things (`?when` vs `?how`)."""
    return a is None or b is None or _SAME_ASK.get(a, a) == _SAME_ASK.get(b, b)


class Grouper:
    """Assigns ask keys to groups; seeded with existing groups, so their keys stay."""

    def __init__(self, groups: Iterable[Group] = (), *, synonyms: Sequence[Sequence[str]] = (),
                 matcher: Matcher | None = None) -> None:
        self.synonyms = tuple(tuple(g) for g in synonyms)
        self.matcher = matcher
        self.groups: list[Group] = []
        self.by_key: dict[str, Group] = {}
        self.by_word: dict[str, list[Group]] = defaultdict(list)
        self.by_article: dict[str, list[Group]] = defaultdict(list)
        for group in sorted(groups, key=lambda g: (g.index, g.key)):
            self._add(group)

    def _add(self, group: Group) -> None:
        group.index = len(self.groups)
        self.groups.append(group)
        self.by_key[group.key] = group
        for word in sorted(group.words):
            self.by_word[word].append(group)
        if group.article:
            self.by_article[group.article].append(group)

    def head(self, stats: KeyStats) -> Group:
        """The group a key would found (not added)."""
        words, intent = canonical(stats.key, self.synonyms)
        article = self.matcher(stats.text) if self.matcher and stats.text else None
        return Group(key="", head=stats.key, words=words, intent=intent, tag=stats.tag,
                     article=article)

    def _candidates(self, probe: Group) -> list[Group]:
        """Groups sharing the probe's article or a word, rarest words first, at most
        `FANOUT` per word and `CANDIDATES` in all: bounded work per key."""
        found: dict[str, Group] = {}
        if probe.article:
            for group in self.by_article.get(probe.article, ())[:FANOUT]:
                found[group.key] = group
        for word in sorted(probe.words, key=lambda w: (len(self.by_word.get(w, ())), w)):
            for group in self.by_word.get(word, ())[:FANOUT]:
                found.setdefault(group.key, group)
            if len(found) >= CANDIDATES:
                break
        return sorted(found.values(), key=lambda g: g.index)

    def _score(self, probe: Group, group: Group) -> tuple[float, str] | None:
        """(score, reason) if `probe` may join `group`; None if any evidence disagrees."""
        if not _compatible(probe.intent, group.intent):
            return None
        if probe.tag and group.tag and probe.tag != group.tag:
            return None
        if probe.article and group.article and probe.article != group.article:
            return None
        shared = probe.words & group.words
        union = probe.words | group.words
        overlap = len(shared) / len(union) if union else 0.0
        same_tag = bool(probe.tag) and probe.tag == group.tag
        same_article = bool(probe.article) and probe.article == group.article
        if probe.words == group.words:
            return 2.0, "same words"
        # One word and no question (환불) says too little to join 환불 신청; 환불 언제 may.
        vague = min(len(probe.words) + bool(probe.intent),
                    len(group.words) + bool(group.intent)) <= 1
        if overlap >= MERGE_AT and not vague:
            return 1.0 + overlap, f"words {_words(shared)} ({overlap:.2f})"
        if same_tag and shared and overlap >= TAGGED_AT:
            return 0.8 + overlap, f"구분 {probe.tag}, words {_words(shared)} ({overlap:.2f})"
        if same_article and (shared or same_tag):
            also = f", words {_words(shared)}" if shared else ""
            return 0.5 + overlap, f"article {probe.article}{also}"
        return None

    def assign(self, stats: Iterable[KeyStats]) -> dict[str, Assignment]:
        """Every key → its group (new groups are added); most asked keys first."""
        out: dict[str, Assignment] = {}
        for item in sorted(stats, key=lambda s: (-s.count, s.key)):
            probe = self.head(item)
            best: tuple[float, int, Group, str] | None = None
            for group in self._candidates(probe):
                scored = self._score(probe, group)
                if scored is not None and (best is None or (scored[0], -group.index)
                                           > (best[0], -best[1])):
                    best = (scored[0], group.index, group, scored[1])
            if best is not None:
                out[item.key] = Assignment(best[2].key, best[3])
                continue
            probe.key = group_key(item.key, lambda k: k in self.by_key)
            self._add(probe)
            out[item.key] = Assignment(probe.key, "new")
        return out


def group_wordings(wordings: Sequence[Wording], *, matcher: Matcher | None = None,
                   synonyms: Sequence[Sequence[str]] = ()) -> dict[str, str]:
    """Group wordings from scratch: wording text → group key (for benchmarks and tests)."""
    stats: dict[str, KeyStats] = {}
    keys: dict[str, str] = {}
    for wording in wordings:
        key = normalize(wording.text)
        keys[wording.text] = key
        item = stats.setdefault(key, KeyStats(key))
        item.count += wording.count
        item.texts[wording.text] += wording.count
        if wording.tag:
            item.tags[wording.tag] += wording.count
    assigned = Grouper(synonyms=synonyms, matcher=matcher).assign(stats.values())
    return {text: assigned[key].group for text, key in keys.items()}
