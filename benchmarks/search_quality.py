"""Search quality on public paraphrase sets: R@1, R@5, MRR and latency, Answerloop vs bm25s.

Each set (see ../shared/eval/README.md) becomes a help center whose articles are the
set's documents (as titles; StackFAQ answers optionally as bodies); each paraphrase is a
customer query. The product side goes through the real pipeline — `kb.search.build_index`
and `kb.search.SearchIndex.search` with Kiwi, syllables, typos and synonyms. Beside it, in
the same run and process, the peer: bm25s (a plain BM25 over sparse matrices) given the
SAME tokens — the product's own analysis (`kb.text.analysis`: Kiwi morphemes, English
stems, Hangul syllables within words), one bag per document — so the difference is the
ranking, not the tokenizer. Both are timed per query from text to ranked ids, Kiwi
included. `--standard` adds Whoosh's StandardAnalyzer (the old baseline), `--postgres URL`
PostgreSQL full-text search as Chatwoot configures it.

    python benchmarks/search_quality.py [--sets ko-question-pair,ko-korsts,en-stackfaq]
                                        [--splits test] [--answers] [--sample N] [--standard]
                                        [--spacing as-typed|none|split]
                                        [--postgres postgresql://postgres@127.0.0.1/test]

Tune on train/validation/dev (`--splits train,validation,dev`); report test.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
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
from kb.text import analysis  # noqa: E402

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


def tokens(text: str) -> list[str]:
    """The product's analysis of `text` as one bag: morphemes and syllables kept apart
    (a morpheme 환불 and a bigram 환불 are different features, as in the product's fields)."""
    return ([f"m:{t.text}" for t in analysis.morphemes(text)]
            + [f"s:{t.text}" for t in analysis.syllables(text)])


def bm25s_peer(docs: list[str], answers: list[str]):  # noqa: ANN201
    import bm25s
    import numpy as np

    corpus = [tokens(f"{text}\n{answers[i]}" if answers else text)
              for i, text in enumerate(docs)]
    retriever = bm25s.BM25()  # defaults: Lucene's BM25, k1 1.5, b 0.75
    retriever.index(corpus, show_progress=False)
    vocab = retriever.vocab_dict

    def run(query: str) -> list[int]:
        ids = [vocab[t] for t in dict.fromkeys(tokens(query)) if t in vocab]
        if not ids:
            return []
        scores = retriever.get_scores(ids)
        best = np.argsort(-scores, kind="stable")[:TOP]  # ties: lower document id first
        return [int(d) for d in best if scores[d] > 0]

    return run


def standard(docs: list[str], answers: list[str], folder: Path):  # noqa: ANN201
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


# Chatwoot's help-center search (app/models/article.rb): pg_search `tsearch: {prefix: true}`
# over title, description and content, i.e. the 'simple' dictionary, every query word a
# prefix, all words ANDed, ranked by ts_rank then id. Run with `--postgres URL`.
_TSQUERY_BAD = str.maketrans({c: " " for c in "'?\\:‘’ʻʼ"})


def postgres_peer(docs: list[str], answers: list[str], url: str):  # noqa: ANN201
    import psycopg

    conn = psycopg.connect(url, autocommit=True)
    table = f"kb_bench_{os.getpid()}"
    conn.execute(f"CREATE TEMP TABLE {table} (id int PRIMARY KEY, title text, content text,"
                 " doc tsvector)")
    with conn.cursor() as cur:
        cur.executemany(f"INSERT INTO {table} (id, title, content) VALUES (%s, %s, %s)",
                        [(i, t, answers[i] if answers else "") for i, t in enumerate(docs)])
    conn.execute(f"UPDATE {table} SET doc = to_tsvector('simple', coalesce(title, '')) || "
                 "to_tsvector('simple', coalesce(content, ''))")
    conn.execute(f"CREATE INDEX ON {table} USING gin (doc)")

    def run(query: str) -> list[int]:
        words = query.translate(_TSQUERY_BAD).split()
        if not words:
            return []
        term = "to_tsquery('simple', ''' ' || %s || ' ''' || ':*')"  # pg_search's own
        tsquery = " && ".join([term] * len(words))
        rows = conn.execute(f"SELECT id FROM {table}, (SELECT {tsquery}) AS q(q) WHERE doc @@ q "
                            f"ORDER BY ts_rank(doc, q, 0) DESC, id LIMIT {TOP}", words)
        return [r[0] for r in rows]

    return run


def split_words(text: str, rng: random.Random) -> str:
    """Half the words of 4+ characters cut in two at a random inner point (배송조회 → 배송 조회)."""
    out = []
    for word in text.split():
        if len(word) >= 4 and rng.random() < 0.5:
            cut = rng.randrange(2, len(word) - 1)
            out += [word[:cut], word[cut:]]
        else:
            out.append(word)
    return " ".join(out)


SPACING = {"as-typed": lambda text, rng: text,
           "none": lambda text, rng: text.replace(" ", ""),
           "split": split_words}


def evaluate(run, queries) -> dict[str, float]:  # noqa: ANN001
    r1 = r5 = rr = 0.0
    times = []
    reciprocal = []  # per query, in order: for the paired bootstrap in `print_table`
    for text, relevant, _ in queries:
        start = time.perf_counter()
        ranked = run(text)
        times.append(time.perf_counter() - start)
        rank = next((i for i, d in enumerate(ranked, start=1) if d in relevant), None)
        reciprocal.append(1 / rank if rank else 0.0)
        if rank:
            r1 += rank == 1
            r5 += rank <= 5
            rr += 1 / rank
    n = max(len(queries), 1)
    times.sort()
    return {"n": len(queries), "R@1": r1 / n, "R@5": r5 / n, "MRR": rr / n,
            "p50": statistics.median(times) * 1000 if times else 0,
            "p95": times[int(len(times) * 0.95)] * 1000 if times else 0, "rr": reciprocal}


def delta_interval(ours: list[float], peer: list[float], rounds: int = 2000
                   ) -> tuple[float, float]:
    """95 % paired-bootstrap interval of MRR(ours) − MRR(peer) over the same queries (fixed
    seed): an interval that holds 0 means this split cannot tell the two apart."""
    import numpy as np

    diff = np.asarray(ours) - np.asarray(peer)
    if not diff.size:
        return 0.0, 0.0
    picks = np.random.default_rng(0).integers(0, diff.size, (rounds, diff.size))
    means = diff[picks].mean(axis=1)
    return float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(evalsets.SETS))
    parser.add_argument("--splits", default="", help="comma list; default: every split")
    parser.add_argument("--answers", action="store_true",
                        help="also index StackFAQ answers as a second field")
    parser.add_argument("--sample", type=int, default=0,
                        help="a fixed random sample of N queries per split (0: all)")
    parser.add_argument("--spacing", choices=sorted(SPACING), default="as-typed",
                        help="rewrite every query's spacing: none (run together) or split "
                             "(half the words of 4+ characters cut in two), as customers type")
    parser.add_argument("--standard", action="store_true",
                        help="also run Whoosh's StandardAnalyzer (the old baseline)")
    parser.add_argument("--postgres", metavar="URL", default="",
                        help="also run PostgreSQL full-text search as Chatwoot configures it "
                             "(e.g. postgresql://postgres@127.0.0.1:5432/test)")
    args = parser.parse_args()
    splits = set(filter(None, args.splits.split(",")))
    tmp = Path(tempfile.mkdtemp(prefix="kb-quality-"))
    rows = []
    analysis.morphemes("워밍업")  # load Kiwi before anything is timed
    try:
        for name in args.sets.split(","):
            data = evalsets.SETS[name]()
            answers = data.answers if args.answers else []
            start = time.perf_counter()
            ours = product(data.docs, answers, tmp / name / "ours")
            built = time.perf_counter() - start
            start = time.perf_counter()
            peer = bm25s_peer(data.docs, answers)
            peer_built = time.perf_counter() - start
            runs = {"bm25s": peer, "Answerloop": ours}
            if args.standard:
                runs = {"Standard": standard(data.docs, answers, tmp / name / "std"), **runs}
            if args.postgres:
                runs = {"Postgres": postgres_peer(data.docs, answers, args.postgres), **runs}
            by_split: dict[str, list] = {}
            for q in data.queries:
                if not splits or q[2] in splits:
                    by_split.setdefault(q[2], []).append(q)
            for split, queries in sorted(by_split.items()):
                if args.sample and len(queries) > args.sample:
                    queries = random.Random(split).sample(queries, args.sample)
                respace = SPACING[args.spacing]
                rng = random.Random(f"{name}/{split}")
                queries = [(respace(text, rng), relevant, s) for text, relevant, s in queries]
                for run in runs.values():  # warm-up: first-use costs are not per query
                    run(queries[0][0])
                rows.append((name, split, {k: evaluate(r, queries) for k, r in runs.items()}))
            print(f"# {name}: {len(data.docs)} documents, {len(data.queries)} queries, "
                  f"indexed in {built:.1f} s (Answerloop, Kiwi included), "
                  f"{peer_built:.1f} s (bm25s, Kiwi included)", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print_table(rows)


def print_table(rows: list) -> None:
    names = list(rows[0][2]) if rows else []
    head = f"{'set':<17} {'split':<10} {'n':>5}"
    for name in names:
        head += f" | {name + ' R@1':>14} {'R@5':>6} {'MRR':>6} {'p50':>6} {'p95':>6}"
    head += f" | {'ΔMRR':>6} {'95 % interval':>15} {'p50 ×':>6}"
    print(head)
    print("-" * len(head))
    for set_name, split, results in rows:
        line = f"{set_name:<17} {split:<10} {results[names[-1]]['n']:>5}"
        for name in names:
            r = results[name]
            line += (f" | {r['R@1']:>14.3f} {r['R@5']:>6.3f} {r['MRR']:>6.3f} "
                     f"{r['p50']:>6.2f} {r['p95']:>6.2f}")
        ours, peer = results["Answerloop"], results["bm25s"]
        low, high = delta_interval(ours["rr"], peer["rr"])
        line += (f" | {ours['MRR'] - peer['MRR']:>+6.3f} {f'{low:+.3f}…{high:+.3f}':>15} "
                 f"{ours['p50'] / max(peer['p50'], 1e-9):>6.2f}")
        print(line)
    print("p50/p95: milliseconds per query, text to ranked ids (Kiwi included); "
          "ΔMRR and p50 ×: Answerloop against bm25s; 95 % interval: paired bootstrap of ΔMRR "
          "over the split's queries")


if __name__ == "__main__":
    main()
