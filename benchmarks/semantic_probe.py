"""Would a semantic signal that ships offline lift search? Kiwi CoNg embeddings as a re-ranker.

The only word embeddings on this machine without a network are inside Kiwi's own CoNg
language model (`kiwipiepy_model`, 72 MB, already a dependency): `Kiwi.morpheme_similarity`
gives the cosine of two morphemes (이별 ~ 헤어지 0.75, 환불 ~ 반품 0.77, 비번 ~ 비밀번호 0.84).
This probe re-ranks the product's top 30 for each query by

    score / top score + λ · soft coverage

where soft coverage is the idf-weighted share of the query's content morphemes whose best
cosine to one of the document's morphemes is at least τ (an exact match counts 1). λ and τ
are chosen on the tuning split (train) by MRR and then reported on the other splits; the
test split is only read for the report. Prints MRR before and after, per split.

    python benchmarks/search_quality.py is the product's figure; this script asks "what if".
    python benchmarks/semantic_probe.py [--sets ko-question-pair,ko-korsts] [--top 30]
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import evalsets  # noqa: E402
from search_quality import as_articles  # noqa: E402

from kb.search import SearchIndex, build_index  # noqa: E402
from kb.text import analysis  # noqa: E402

KEEP = ("NNG", "NNP", "NR", "VV", "VA", "XR", "SN", "SH", "MAG")
TUNE = {"ko-question-pair": "train", "ko-korsts": "train"}
LAMBDAS = (0.2, 0.35, 0.5, 0.75, 1.0)
THRESHOLDS = (0.5, 0.6, 0.7)


def morpheme_ids(text: str) -> tuple[int, ...]:
    """Kiwi's ids of the content morphemes (the embedding rows), tags as the product keeps."""
    return tuple(t.id for t in analysis.kiwi().tokenize(analysis.normalize(text))
                 if t.tag.split("-", 1)[0] in KEEP)


class Soft:
    """Idf-weighted soft coverage of a query's morphemes by a document's, cosines cached."""

    def __init__(self, docs: list[tuple[int, ...]]) -> None:
        self.df: dict[int, int] = {}
        for ids in docs:
            for i in set(ids):
                self.df[i] = self.df.get(i, 0) + 1
        self.n = len(docs)
        self.cos: dict[tuple[int, int], float] = {}

    def idf(self, i: int) -> float:
        df = self.df.get(i, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def sim(self, a: int, b: int) -> float:
        if a == b:
            return 1.0
        key = (a, b) if a < b else (b, a)
        found = self.cos.get(key)
        if found is None:
            try:
                found = max(0.0, analysis.kiwi().morpheme_similarity(a, b))
            except ValueError:  # a morpheme the model has no embedding for
                found = 0.0
            self.cos[key] = found
        return found

    def coverage(self, query: tuple[int, ...], doc: tuple[int, ...], tau: float) -> float:
        num = den = 0.0
        for q in set(query):
            weight = self.idf(q)
            den += weight
            best = max((self.sim(q, d) for d in set(doc)), default=0.0)
            num += weight * best if best >= tau else 0.0
        return num / den if den else 0.0


def mrr(rows: list, soft: Soft, lam: float, tau: float) -> float:
    total = 0.0
    for query, relevant, candidates, rest in rows:
        if not candidates:
            continue
        best = candidates[0][1] or 1.0
        scored = sorted(((score / best + lam * soft.coverage(query, doc_ids, tau), -rank, doc)
                         for rank, (doc, score, doc_ids) in enumerate(candidates)),
                        reverse=True)
        ranked = [doc for _, _, doc in scored] + rest
        rank = next((n for n, d in enumerate(ranked, 1) if d in relevant), None)
        total += 1 / rank if rank else 0.0
    return total / max(len(rows), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="ko-question-pair,ko-korsts")
    parser.add_argument("--top", type=int, default=30, help="candidates re-ranked per query")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kb-probe-"))
    try:
        for name in args.sets.split(","):
            data = evalsets.SETS[name]()
            build_index(as_articles(data.docs, []), tmp / name)
            index = SearchIndex(tmp / name, check_every=3600)
            doc_ids = [morpheme_ids(d) for d in data.docs]
            soft = Soft(doc_ids)
            by_split: dict[str, list] = {}
            for text, relevant, split in data.queries:
                hits = [(int(h.id[1:]), h.score) for h in index.search(text, limit=100)]
                by_split.setdefault(split, []).append((
                    morpheme_ids(text), relevant,
                    [(d, s, doc_ids[d]) for d, s in hits[:args.top]],
                    [d for d, _ in hits[args.top:]]))
            tune = by_split[TUNE[name]]
            start = time.perf_counter()
            lam, tau = max(((lam, tau) for lam in LAMBDAS for tau in THRESHOLDS),
                           key=lambda p: (mrr(tune, soft, *p), -p[0], p[1]))
            print(f"# {name}: λ {lam}, τ {tau} chosen on {TUNE[name]} "
                  f"({time.perf_counter() - start:.0f} s)")
            for split, rows in sorted(by_split.items()):
                start = time.perf_counter()
                after = mrr(rows, soft, lam, tau)
                per_query = (time.perf_counter() - start) / max(len(rows), 1) * 1000
                print(f"{name:<17} {split:<10} n {len(rows):>5}  MRR {mrr(rows, soft, 0, 1):.3f}"
                      f" → {after:.3f}  (re-rank {per_query:.2f} ms/query, cosines cached)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
