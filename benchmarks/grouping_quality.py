"""Question grouping quality on a labelled 배달앱 set: B-cubed P/R/F1, Answerloop vs baselines.

The set (`benchmarks/data/grouping_set.yaml`, written for this project, CC0) holds questions
of a food-delivery app's help center, each with the wordings customers typed and how many
times (asks), its 구분 category and the article that answers it, if any. Each method groups
the wordings; B-cubed precision and recall count every ask as an item. Methods, same data:

- `answerloop`: `kb.insights.grouping.group_wordings`, no matcher;
- `answerloop+search`: the same with a matcher over a real index of the set's articles
  (`kb.search.build_index` in a temporary folder; a hit counts only if the widget would be
  sure of it and it clearly wins);
- `구분 column`: one group per category, what a sheet's pivot table gives;
- `TF-IDF char n-grams`: char_wb 2–3-grams, cosine average-linkage clustering, with the
  distance threshold that scores best on this very data (an optimistic baseline).

    python benchmarks/grouping_quality.py [--json] [--no-timing] [--errors N]

Everything but the seconds is deterministic; `--no-timing` leaves them out, for diffing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from kb.content.models import Article  # noqa: E402
from kb.insights import questions  # noqa: E402
from kb.insights.grouping import Wording, group_wordings  # noqa: E402
from kb.search import SearchIndex, build_index  # noqa: E402
from kb.search.query import CLEAR_MARGIN  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "grouping_set.yaml"
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]  # TF-IDF sweep: 0.05 … 0.95

Grouping = dict[str, str]  # wording text → group key


@dataclass(frozen=True)
class Item:
    text: str
    count: int  # asks
    question: str
    category: str


@dataclass(frozen=True)
class GroupingSet:
    domain: str
    items: tuple[Item, ...]  # sorted by text
    articles: tuple[Article, ...]  # sorted by id
    answers: dict[str, str]  # question id → article id, for questions that have one


def load(path: Path) -> GroupingSet:
    """The labelled set, as items sorted by text and search-ready articles."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = sorted((Item(w["text"], int(w["count"]), q["id"], q["category"])
                    for q in raw["questions"] for w in q["wordings"]), key=lambda i: i.text)
    articles = sorted((_article(a) for a in raw["articles"]), key=lambda a: a.id)
    answers = {q["id"]: q["article"] for q in raw["questions"] if q.get("article")}
    return GroupingSet(raw["domain"], tuple(items), tuple(articles), answers)


def _article(raw: dict) -> Article:
    questions = tuple(raw.get("questions", ()))
    digest = hashlib.sha1("\n".join([raw["title"], raw["summary"], *questions]).encode())
    return Article(id=raw["id"], title=raw["title"], category="bench", path=raw["id"],
                   file=Path(f"{raw['id']}.md"), body="", body_line=1,
                   digest=digest.hexdigest(), summary=raw["summary"], questions=questions,
                   lang="ko")


def bcubed(gold: Grouping, pred: Grouping, weight: dict[str, int]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 with each ask an item (weight = asks per wording).

    An ask's precision is the share of asks in its predicted group that belong to its
    question; its recall, the share of its question's asks that are in its group.

    >>> bcubed({"a": "q1", "b": "q1", "c": "q2"}, {"a": "x", "b": "y", "c": "y"},
    ...        {"a": 2, "b": 1, "c": 1})  # P = (1+1+½+½)/4, R = (⅔+⅔+⅓+1)/4
    (0.75, 0.6666666666666666, 0.7058823529411765)
    """
    cell: Counter[tuple[str, str]] = Counter()
    in_pred: Counter[str] = Counter()
    in_gold: Counter[str] = Counter()
    for text, w in sorted(weight.items()):
        cell[pred[text], gold[text]] += w
        in_pred[pred[text]] += w
        in_gold[gold[text]] += w
    total = sum(weight.values())
    p = sum(n * n / in_pred[c] for (c, _), n in sorted(cell.items())) / total
    r = sum(n * n / in_gold[g] for (_, g), n in sorted(cell.items())) / total
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _check_bcubed() -> None:
    gold, weight = {"a": "q1", "b": "q1", "c": "q2"}, {"a": 2, "b": 1, "c": 1}
    assert bcubed(gold, {"a": "x", "b": "y", "c": "y"}, weight)[:2] == (0.75, 2 / 3)
    assert bcubed(gold, gold, weight) == (1.0, 1.0, 1.0)
    assert bcubed(gold, dict.fromkeys(gold, "all"), weight)[:2] == (0.625, 1.0)


def search_matcher(articles: Sequence[Article], folder: Path) -> Callable[[str], str | None]:
    """A matcher over a real index of the articles, built in `folder`: the product's own
    rule, `SearchIndex.answer` (the top hit when it stands clear of the second)."""
    build_index(articles, folder)
    index = SearchIndex(folder, check_every=3600)

    def matcher(text: str) -> str | None:
        hit = index.answer(text)
        return hit.id if hit else None

    return matcher


def answerloop(data: GroupingSet, matcher: Callable[[str], str | None] | None = None,
               tags: bool = True) -> Grouping:
    wordings = [Wording(i.text, count=i.count, tag=i.category if tags else None)
                for i in data.items]
    # Cold ask-key cache: each run pays for its own Kiwi analyses, as new asks would.
    getattr(questions.normalize, "cache_clear", lambda: None)()
    return group_wordings(wordings, matcher=matcher)


def by_category(data: GroupingSet) -> Grouping:
    return {i.text: i.category for i in data.items}


def tfidf(texts: Sequence[str], threshold: float) -> Grouping:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3)).fit_transform(texts)
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=threshold).fit_predict(vectors.toarray())
    return {text: f"c{label}" for text, label in zip(texts, labels, strict=True)}


def lane(data: GroupingSet, pred: Grouping) -> float | None:
    """Share of asks with an article whose group's biggest question has that article."""
    sizes: dict[str, Counter[str]] = defaultdict(Counter)
    for i in data.items:
        sizes[pred[i.text]][i.question] += i.count
    major = {g: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for g, c in sizes.items()}
    hit = total = 0
    for i in data.items:
        article = data.answers.get(i.question)
        if article is not None:
            total += i.count
            hit += i.count * (data.answers.get(major[pred[i.text]]) == article)
    return hit / total if total else None


def score(data: GroupingSet, name: str, pred: Grouping, seconds: float | None) -> dict:
    missing = sorted(i.text for i in data.items if i.text not in pred)
    if missing:
        print(f"# {name}: {len(missing)} wordings left ungrouped (counted alone), "
              f"e.g. {missing[0]!r}", file=sys.stderr)
    pred = {i.text: pred.get(i.text, f"\0{i.text}") for i in data.items}
    gold = {i.text: i.question for i in data.items}
    p, r, f = bcubed(gold, pred, {i.text: i.count for i in data.items})
    row = {"method": name, "precision": round(p, 4), "recall": round(r, 4),
           "f1": round(f, 4), "groups": len(set(pred.values())), "lane": lane(data, pred)}
    if row["lane"] is not None:
        row["lane"] = round(row["lane"], 4)
    if seconds is not None:
        row["seconds"] = round(seconds, 3)
    row["_pred"] = pred
    return row


def timed(run: Callable[[], Grouping]) -> tuple[Grouping, float]:
    start = time.perf_counter()
    pred = run()
    return pred, time.perf_counter() - start


def errors(data: GroupingSet, pred: Grouping, top: int) -> list[str]:
    """The worst wrong merges and splits, by asks on the wrong side, as text lines."""
    groups: dict[str, list[Item]] = defaultdict(list)
    questions: dict[str, list[Item]] = defaultdict(list)
    for i in data.items:
        groups[pred[i.text]].append(i)
        questions[i.question].append(i)

    def asks(items: list[Item]) -> Counter[str]:
        c: Counter[str] = Counter()
        for i in items:
            c[i.question] += i.count
        return c

    merges = []
    for key, items in groups.items():
        c = asks(items)
        if len(c) > 1:
            merges.append((-(sum(c.values()) - max(c.values())), key, c))
    lines = []
    for wrong, key, c in sorted(merges)[:top]:
        parts = ", ".join(f"{q} {n}" for q, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
        lines.append(f"  merged ({-wrong} asks off): {key!r}: {parts}")
    splits = []
    for q, items in questions.items():
        by_group: Counter[str] = Counter()
        for i in items:
            by_group[pred[i.text]] += i.count
        if len(by_group) > 1:
            splits.append((-(sum(by_group.values()) - max(by_group.values())), q, items))
    for wrong, q, items in sorted(splits)[:top]:
        parts: dict[str, list[Item]] = defaultdict(list)
        for i in items:
            parts[pred[i.text]].append(i)
        ranked = sorted(parts.items(), key=lambda kv: (-sum(i.count for i in kv[1]), kv[0]))
        text = " | ".join(", ".join(f"{i.text} ×{i.count}" for i in p) for _, p in ranked)
        lines.append(f"  split ({-wrong} asks off): {q} in {len(parts)} groups: {text}")
    return lines


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(rows: list[dict], timing: bool) -> list[str]:
    head = ["method", "P", "R", "F1", "groups", "lane"] + (["seconds"] if timing else [])
    cells = [[r["method"], f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
              str(r["groups"]), "-" if r["lane"] is None else f"{r['lane']:.3f}"]
             + ([f"{r['seconds']:.3f}" if "seconds" in r else "-"] if timing else [])
             for r in rows]
    widths = [max(width(c[k]) for c in [head, *cells]) for k in range(len(head))]
    out = []
    for c in [head, *cells]:
        out.append("  ".join(c[0] + " " * (widths[0] - width(c[0])) if k == 0
                             else " " * (widths[k] - width(c[k])) + c[k] for k in range(len(c))))
    return [out[0], "-" * width(out[0]), *out[1:]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--no-timing", action="store_true", help="leave out the seconds")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="also list the N worst wrong merges and splits per Answerloop method")
    args = parser.parse_args()
    _check_bcubed()
    try:
        import sklearn  # noqa: F401
    except ImportError:
        sys.exit("scikit-learn is missing: pip install -e '.[bench]'")
    data = load(args.data)
    texts = [i.text for i in data.items]
    timing = not args.no_timing
    tmp = Path(tempfile.mkdtemp(prefix="kb-grouping-"))
    try:
        start = time.perf_counter()
        matcher = search_matcher(data.articles, tmp / "index")  # also loads Kiwi, untimed
        built = time.perf_counter() - start
        matched = {t: matcher(t) for t in texts}
        gold = {i.text: i.question for i in data.items}
        runs = [("questions (gold)", lambda: gold),
                ("answerloop", lambda: answerloop(data)),
                ("answerloop+search", lambda: answerloop(data, matcher)),
                # Asks typed into search have no 구분; here it is clean, one per question.
                ("answerloop, no 구분", lambda: answerloop(data, tags=False)),
                ("answerloop+search, no 구분", lambda: answerloop(data, matcher, tags=False)),
                ("구분 column", lambda: by_category(data))]
        rows = []
        for name, run in runs:
            pred, seconds = timed(run)
            rows.append(score(data, name, pred, seconds if timing and name != runs[0][0]
                              else None))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sweep = [(score(data, "", tfidf(texts, t), None)["f1"], -t) for t in THRESHOLDS]
    threshold = -max(sweep)[1]  # best F1; on a tie, the smallest threshold
    pred, seconds = timed(lambda: tfidf(texts, threshold))
    rows.append(score(data, "TF-IDF char n-grams", pred, seconds if timing else None))

    with_article = [i for i in data.items if i.question in data.answers]
    right = sum(i.count for i in with_article if matched[i.text] == data.answers[i.question])
    wrong = sum(i.count for i in with_article
                if matched[i.text] and matched[i.text] != data.answers[i.question])
    stray = sum(i.count for i in data.items
                if matched[i.text] and i.question not in data.answers)
    total = sum(i.count for i in data.items)
    summary = {"domain": data.domain, "questions": len({i.question for i in data.items}),
               "wordings": len(data.items), "asks": total, "articles": len(data.articles),
               "categories": len({i.category for i in data.items}),
               "questions_with_article": len(data.answers)}
    matcher_info = {"asks_to_their_article": right,
                    "asks_with_article": sum(i.count for i in with_article),
                    "asks_to_another_article": wrong, "asks_without_article_matched": stray,
                    "asks_without_article": total - sum(i.count for i in with_article),
                    "clear_margin": CLEAR_MARGIN}
    if timing:
        matcher_info["index_seconds"] = round(built, 3)
    if args.json:
        out = {"set": summary, "tfidf_threshold": threshold, "matcher": matcher_info,
               "methods": [{k: v for k, v in r.items() if k != "_pred"} for r in rows]}
        print(json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True))
        return
    print(f"{summary['domain']}: {summary['questions']} questions, {summary['wordings']} "
          f"wordings, {total} asks, {summary['categories']} categories, "
          f"{summary['articles']} articles ({summary['questions_with_article']} questions "
          "have one)\n")
    print("\n".join(table(rows, timing)))
    print("\nP/R/F1: B-cubed over asks. lane: share of asks whose question has an article "
          "that land in a group whose biggest question has that article.")
    print(f"TF-IDF: distance threshold {threshold} is the best of {THRESHOLDS[0]}–"
          f"{THRESHOLDS[-1]} on this very data — an optimistic baseline.")
    print(f"answerloop+search: the matcher (SearchIndex.answer: a sure top hit, ≥ {CLEAR_MARGIN}× "
          "the second) sent "
          f"{right} of {matcher_info['asks_with_article']} asks with an article to it and "
          f"{wrong} to another; {stray} of {matcher_info['asks_without_article']} asks without "
          "one to some article"
          + (f"; index built in {built:.2f} s, before timing." if timing else "."))
    if args.errors:
        for row in [r for r in rows if r["method"].startswith("answerloop")]:
            print(f"\n{row['method']}: worst merges and splits")
            print("\n".join(errors(data, row["_pred"], args.errors)) or "  none")


if __name__ == "__main__":
    main()
