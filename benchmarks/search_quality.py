"""Search quality on public paraphrase sets: R@1, R@5, MRR, Answerloop vs StandardAnalyzer.

Each set (see ../shared/eval/README.md) becomes a help center whose articles are the
set's documents (as titles; StackFAQ answers optionally as bodies); each paraphrase is a
customer query. The product side goes through the real pipeline — `kb.search.build_index`
and `kb.search.SearchIndex.search` with Kiwi, bigrams, typos and synonyms — and the
baseline is Whoosh's StandardAnalyzer with the same BM25F and OR-grouping, in the same run.

    python benchmarks/search_quality.py [--sets ko-question-pair,ko-korsts,en-stackfaq]
                                        [--splits test] [--answers]

Tune on train/validation/dev (`--splits train,validation,dev`); report test.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import evalsets  # noqa: E402
from whoosh import index as windex  # noqa: E402
from whoosh import query as wq  # noqa: E402
from whoosh.analysis import StandardAnalyzer  # noqa: E402
from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.scoring import BM25F  # noqa: E402

from kb.content.models import Article  # noqa: E402
from kb.search import (
    SearchIndex,  # noqa: E402
    build_index,  # noqa: E402
)

TOP = 100


def as_articles(docs: list[str], answers: list[str]) -> list[Article]:
    out = []
    for i, text in enumerate(docs):
        body = answers[i] if answers else ""
        out.append(Article(id=f"d{i}", title=text, category="eval", path=f"d{i}",
                           file=Path(f"d{i}.md"), body=body, body_line=1,
                           digest=hashlib.sha1(f"{text}\n{body}".encode()).hexdigest(),
                           html=body, lang="ko"))
    return out


def product(docs: list[str], answers: list[str], folder: Path):  # noqa: ANN201
    build_index(as_articles(docs, answers), folder)
    index = SearchIndex(folder, check_every=3600)

    def run(query: str) -> list[int]:
        return [int(h.id[1:]) for h in index.search(query, limit=TOP)]

    return run


def baseline(docs: list[str], answers: list[str], folder: Path):  # noqa: ANN201
    analyzer = StandardAnalyzer()
    schema = Schema(id=ID(stored=True), question=TEXT(analyzer=analyzer),
                    answer=TEXT(analyzer=analyzer))
    folder.mkdir(parents=True)
    ix = windex.create_in(str(folder), schema)
    with ix.writer(limitmb=256) as writer:
        for i, text in enumerate(docs):
            writer.add_document(id=str(i), question=text,
                                answer=answers[i] if answers else "")
    searcher = ix.searcher(weighting=BM25F())
    fields = ["question", "answer"] if answers else ["question"]

    def run(query: str) -> list[int]:
        terms = {t.text for t in analyzer(query)}
        if not terms:
            return []
        q = wq.Or([wq.Term(f, t) for f in fields for t in terms])
        return [int(r["id"]) for r in searcher.search(q, limit=TOP)]

    return run


def evaluate(run, queries) -> dict[str, float]:  # noqa: ANN001
    r1 = r5 = rr = 0.0
    times = []
    for text, relevant, _ in queries:
        start = time.perf_counter()
        ranked = run(text)
        times.append(time.perf_counter() - start)
        rank = next((i for i, d in enumerate(ranked, start=1) if d in relevant), None)
        if rank:
            r1 += rank == 1
            r5 += rank <= 5
            rr += 1 / rank
    n = max(len(queries), 1)
    times.sort()
    return {"n": len(queries), "R@1": r1 / n, "R@5": r5 / n, "MRR": rr / n,
            "p50": statistics.median(times) * 1000 if times else 0,
            "p95": times[int(len(times) * 0.95)] * 1000 if times else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(evalsets.SETS))
    parser.add_argument("--splits", default="", help="comma list; default: every split")
    parser.add_argument("--answers", action="store_true",
                        help="also index StackFAQ answers as a second field")
    args = parser.parse_args()
    splits = set(filter(None, args.splits.split(",")))
    tmp = Path(tempfile.mkdtemp(prefix="kb-quality-"))
    rows = []
    try:
        for name in args.sets.split(","):
            data = evalsets.SETS[name]()
            answers = data.answers if args.answers else []
            start = time.perf_counter()
            ours = product(data.docs, answers, tmp / name / "ours")
            built = time.perf_counter() - start
            theirs = baseline(data.docs, answers, tmp / name / "base")
            by_split: dict[str, list] = {}
            for q in data.queries:
                if not splits or q[2] in splits:
                    by_split.setdefault(q[2], []).append(q)
            for split, queries in sorted(by_split.items()):
                rows.append((name, split, evaluate(theirs, queries), evaluate(ours, queries)))
            print(f"# {name}: {len(data.docs)} documents, {len(data.queries)} queries, "
                  f"product index built in {built:.1f} s", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    head = (f"{'set':<17} {'split':<10} {'n':>5} | "
            f"{'Standard R@1':>12} {'R@5':>6} {'MRR':>6} | "
            f"{'Answerloop R@1':>14} {'R@5':>6} {'MRR':>6} {'ΔMRR':>6} | "
            f"{'p50 ms':>6} {'p95 ms':>6}")
    print(head)
    print("-" * len(head))
    for name, split, base, ours in rows:
        print(f"{name:<17} {split:<10} {ours['n']:>5} | {base['R@1']:>12.3f} {base['R@5']:>6.3f} "
              f"{base['MRR']:>6.3f} | {ours['R@1']:>14.3f} {ours['R@5']:>6.3f} {ours['MRR']:>6.3f} "
              f"{ours['MRR'] - base['MRR']:>+6.3f} | {ours['p50']:>6.1f} {ours['p95']:>6.1f}")


if __name__ == "__main__":
    main()
