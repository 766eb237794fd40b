"""Search speed at 10,000 articles: build rate, one-file update, query latency, memory.

Generates N realistic Korean help articles (question titles, customer questions,
300–800-character bodies), builds the product index (`kb.search.build_index`) and, in
the same run, a Whoosh StandardAnalyzer index of the same text, then prints:
full build rate, index size, one-file incremental update time, p50/p95 latency for queries with
rare terms and with very common terms, the ratio to StandardAnalyzer, and the peak
memory (max RSS) of a fresh process that opens the index and serves the queries.

    python benchmarks/search_speed.py [--articles 10000] [--queries 200]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from whoosh import index as windex  # noqa: E402
from whoosh.analysis import StandardAnalyzer  # noqa: E402
from whoosh.fields import ID, STORED, TEXT, Schema  # noqa: E402

from kb.content.models import Article  # noqa: E402
from kb.search import build_index, update_index  # noqa: E402

PRODUCTS = ["냉장고", "김치냉장고", "세탁기", "건조기", "에어컨", "TV", "청소기", "로봇청소기",
            "식기세척기", "전자레인지", "공기청정기", "제습기", "정수기", "오븐", "인덕션"]
TOPICS = [("환불", "환불 신청"), ("배송", "배송 조회"), ("교환", "교환 신청"), ("반품", "반품 접수"),
          ("설치", "설치 일정"), ("수리", "A/S 접수"), ("쿠폰", "쿠폰 사용"), ("포인트", "포인트 적립"),
          ("영수증", "현금영수증 발급"), ("결제", "결제 오류"), ("회원", "회원정보 변경"),
          ("보증", "보증 기간")]
ASKS = ["{p} {t}은 어떻게 하나요?", "{p} {t} 방법이 궁금해요", "{p} {t}이 안 돼요",
        "{p} {t} 기간은 얼마나 걸리나요?", "{p} {t}할 때 비용이 있나요?"]
QUESTIONS = ["{p} {t} 하고 싶어요", "{t} 어디서 해요", "{p} {t}하려면", "{t}신청어떻게해요",
             "{p} {t} 문의", "{t} 언제 돼요"]
SENTENCES = [
    "마이페이지 > 주문내역에서 {t} 버튼을 눌러 주세요.",
    "{p}은 설치 상품이라 기사님이 방문해서 확인해요.",
    "{t}은 영업일 기준 3~5일 정도 걸려요.",
    "단순 변심은 상품을 받은 날부터 7일 안에 신청할 수 있어요.",
    "제품 불량이면 배송비는 가전마켓이 부담해요.",
    "주말과 공휴일에는 처리되지 않으니 참고해 주세요.",
    "카드 결제는 카드사 사정에 따라 취소 반영이 늦어질 수 있어요.",
    "문제가 계속되면 고객센터 1588-0000으로 전화해 주세요.",
    "모델명 {m} 제품은 전용 부품을 사용해요.",
    "설치 전날 기사님이 방문 시간을 문자로 알려 드려요.",
    "포장을 뜯은 경우에도 제품에 문제가 없다면 {t}이 가능해요.",
    "{p} 사용 설명서는 제품 상세 페이지에서 내려받을 수 있어요.",
]


def model_code(rng: random.Random) -> str:
    return f"{rng.choice('ABCDEFGHJK')}{rng.choice('LMNPRSTUVW')}-{rng.randint(1000, 9999)}"


def generate(n: int, seed: int = 20261123) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        p = rng.choice(PRODUCTS)
        t, phrase = rng.choice(TOPICS)
        m = model_code(rng)
        title = rng.choice(ASKS).format(p=p, t=phrase)
        questions = [q.format(p=p, t=t) for q in rng.sample(QUESTIONS, 3)]
        body, target = [], rng.randint(300, 800)
        while sum(len(s) for s in body) < target:
            body.append(rng.choice(SENTENCES).format(p=p, t=t, m=m))
        html = "<h2>안내</h2><p>" + " ".join(body) + "</p>"
        digest = hashlib.sha1(f"{i}{title}{html}".encode()).hexdigest()
        out.append(Article(id=f"a{i:05d}", title=f"{title} ({m})", category="orders",
                           path=f"a{i}.md", file=Path(f"a{i}.md"), body=html, body_line=1,
                           digest=digest, summary=body[0], questions=tuple(questions),
                           html=html, lang="ko"))
    return out


def queries(articles: list[Article], n: int, seed: int = 7) -> dict[str, list[str]]:
    rng = random.Random(seed)
    rare = [f"{a.title.rsplit('(', 1)[1].rstrip(')')} 부품" for a in rng.sample(articles, n)]
    common = [rng.choice(["배송 주문 환불", "환불 신청 어떻게 해요", "설치 기사님 방문",
                          "카드 결제 취소", "배송조회어떻게해요", "고객센터 전화"])
              for _ in range(n)]
    return {"rare": rare, "common": common}


def standard_build(articles: list[Article], folder: Path) -> float:
    analyzer = StandardAnalyzer()
    schema = Schema(id=ID(stored=True), title=TEXT(analyzer=analyzer, stored=True),
                    questions=TEXT(analyzer=analyzer), body=TEXT(analyzer=analyzer),
                    text=STORED())
    folder.mkdir(parents=True)
    start = time.perf_counter()
    ix = windex.create_in(str(folder), schema)
    with ix.writer(limitmb=256) as writer:
        for a in articles:
            writer.add_document(id=a.id, title=a.title, questions="\n".join(a.questions),
                                body=a.html, text=a.html)
    return time.perf_counter() - start


SERVE = r"""
import json, resource, statistics, sys, time
from pathlib import Path
mode, folder, qfile = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
qs = json.loads(Path(qfile).read_text())
if mode == "product":
    sys.path.insert(0, sys.argv[4])
    from kb.search import SearchIndex
    index = SearchIndex(folder, check_every=3600)
    index.search("환불")  # open the index and load Kiwi before timing
    run = lambda q: index.search(q, limit=10)
else:
    from whoosh import index as windex, query as wq
    from whoosh.analysis import StandardAnalyzer
    from whoosh.scoring import BM25F
    analyzer = StandardAnalyzer()
    searcher = windex.open_dir(str(folder)).searcher(weighting=BM25F())
    def run(q):
        terms = {t.text for t in analyzer(q)}
        if not terms:
            return []
        query = wq.Or([wq.Term(f, t, boost=b) for t in terms
                       for f, b in (("title", 3.0), ("questions", 3.0), ("body", 1.0))])
        return list(searcher.search(query, limit=10))
out = {}
for kind, texts in qs.items():
    times = []
    for q in texts:
        start = time.perf_counter(); run(q); times.append(time.perf_counter() - start)
    times.sort()
    out[kind] = (statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
hwm = [l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM")]
out["maxrss_mb"] = int(hwm[0].split()[1]) / 1024 if hwm else float("nan")
print(json.dumps(out))
"""


def size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def serve(mode: str, folder: Path, qfile: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", SERVE, mode, str(folder), str(qfile),
                             str(ROOT)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    articles = generate(args.articles)
    tmp = Path(tempfile.mkdtemp(prefix="kb-speed-"))
    try:
        from kb.text.analysis import morphemes

        morphemes("워밍업")  # load Kiwi outside the timed build
        start = time.perf_counter()
        build_index(articles, tmp / "product")
        product_build = time.perf_counter() - start
        standard = standard_build(articles, tmp / "standard")
        sizes = (size_mb(tmp / "product"), size_mb(tmp / "standard"))
        edited = dataclasses.replace(articles[123], title="냉장고 문 수리 비용이 궁금해요",
                                     digest="edited")
        changed = [edited if a.id == edited.id else a for a in articles]
        start = time.perf_counter()
        update_index(changed, tmp / "product")
        update = time.perf_counter() - start
        qfile = tmp / "queries.json"
        qfile.write_text(json.dumps(queries(articles, args.queries), ensure_ascii=False))
        ours = serve("product", tmp / "product", qfile)
        theirs = serve("standard", tmp / "standard", qfile)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    n = args.articles
    print(f"{n} articles, {args.queries} queries per kind, 2 cores")
    print(f"{'figure':<34} {'Answerloop':>12} {'Standard':>10} {'ratio':>7} {'target':>10}")
    rows = [
        ("full build (articles/s)", n / product_build, n / standard, "≥ 200"),
        ("one-file update (s)", update, None, "≤ 1"),
        ("index size on disk (MB)", sizes[0], sizes[1], ""),
        ("rare-term query p50 (ms)", ours["rare"][0], theirs["rare"][0], "≤ 10"),
        ("rare-term query p95 (ms)", ours["rare"][1], theirs["rare"][1], "≤ 50"),
        ("common-term query p50 (ms)", ours["common"][0], theirs["common"][0], "≤ 10"),
        ("common-term query p95 (ms)", ours["common"][1], theirs["common"][1], "≤ 50"),
        ("serving process peak RSS (MB)", ours["maxrss_mb"], theirs["maxrss_mb"], ""),
    ]
    for name, value, base, target in rows:
        ratio = f"{value / base:>6.2f}×" if base else ""
        base_text = f"{base:>10.1f}" if base is not None else f"{'':>10}"
        print(f"{name:<34} {value:>12.1f} {base_text} {ratio:>7} {target:>10}")


if __name__ == "__main__":
    main()
