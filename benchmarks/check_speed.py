"""How long `kb check` takes on a large help center (target: 1,000 articles in < 2 s).

Generates N realistic Korean articles (front matter, questions, numbered steps, a table,
internal links, an image) plus a scenario, then times the whole `kb check` command in
a fresh process — interpreter start-up included, as a CX team member would feel it —
next to two baselines run in the same session: a bare `python -c pass` and `kb --help`.

    python benchmarks/check_speed.py [--articles 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOPICS = ["환불", "배송", "교환", "반품", "설치", "수리", "쿠폰", "포인트", "영수증", "회원"]
PRODUCTS = ["냉장고", "세탁기", "건조기", "에어컨", "TV", "청소기", "식기세척기", "전자레인지"]
CATEGORIES = ["orders", "delivery", "returns", "repair", "install", "membership", "coupons",
              "receipts"]


def article(i: int, rng: random.Random, total: int) -> str:
    topic, product = rng.choice(TOPICS), rng.choice(PRODUCTS)
    other = f"a{(i + 1 + rng.randrange(total - 1)) % total:04d}"  # never itself
    return f"""---
title: {product} {topic}은 어떻게 하나요? ({i})
category: {rng.choice(CATEGORIES)}
tags: [{rng.choice(["결제/환불", "배송/배송조회", "설치", "AS수리"])}]
summary: {product} {topic} 방법과 걸리는 기간을 안내해요.
questions:
  - {product} {topic} 하고 싶어요
  - {topic} 어떻게 해요
related: [{other}]
updated: 2026-11-{rng.randint(1, 28):02d}
---
## {topic} 신청 방법 {{#how-to}}

1. 마이페이지 > 주문내역으로 가요.
2. {product} 주문의 **{topic} 신청** 버튼을 눌러요.
3. 사유를 고르고 신청을 마쳐요.

![주문내역](../../images/screen.svg)

## 기간과 비용

| 구분 | 기간 | 비용 |
|:--|:--|--:|
| 단순 변심 | 7일 | 5,000원 |
| 제품 불량 | 30일 | 무료 |

!!! note "알아두세요"
    설치 후에는 [설치 후 반품](article:{other}#how-to)을 확인해 주세요.
"""


def generate(root: Path, n: int) -> None:
    rng = random.Random(20261123)
    (root / "articles").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "scenarios").mkdir()
    (root / "images" / "screen.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (root / "categories.yaml").write_text(
        "".join(f"- id: {c}\n  name: {c}\n" for c in CATEGORIES), "utf-8")
    (root / "tags.yaml").write_text("결제: [환불]\n배송: [배송조회]\n설치: []\nAS수리: []\n",
                                    "utf-8")
    for i in range(n):
        folder = root / "articles" / CATEGORIES[i % len(CATEGORIES)]
        folder.mkdir(exist_ok=True)
        (folder / f"a{i:04d}.md").write_text(article(i, rng, n), "utf-8")
    (root / "scenarios" / "main.yaml").write_text(
        "options:\n" + "".join(f"  - label: 질문 {i}\n    article: a{i:04d}\n"
                               for i in range(9)) + "  - label: 상담원 연결\n    handoff: true\n",
        "utf-8")


def timed(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} failed:\n{result.stderr}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    kb = [sys.executable, "-m", "kbsite.cli"]
    sample = Path(__file__).resolve().parent.parent / "content"
    tmp = Path(tempfile.mkdtemp(prefix="kb-check-bench-"))
    try:
        generate(tmp / "content", args.articles)
        out = subprocess.run([*kb, "check", str(tmp / "content"), "--lang", "en"],
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        rows = [
            ("python -c pass (baseline)", timed([sys.executable, "-c", "pass"], args.runs)),
            ("kb --help (imports)", timed([*kb, "--help"], args.runs)),
            ("kb check sample content", timed([*kb, "check", str(sample)], args.runs)),
            (f"kb check {args.articles} articles", timed([*kb, "check", str(tmp / "content")],
                                                         args.runs)),
        ]
    finally:
        shutil.rmtree(tmp)
    base = statistics.median(rows[0][1])
    print(f"generated tree: {out}")
    print(f"{'command':<32} {'median s':>9} {'min s':>7} {'× python':>9}")
    for name, times in rows:
        med = statistics.median(times)
        print(f"{name:<32} {med:>9.3f} {min(times):>7.3f} {med / base:>9.1f}")
    verdict = "PASS" if statistics.median(rows[-1][1]) < 2.0 else "FAIL"
    print(f"target: {args.articles} articles < 2.0 s → {verdict}")


if __name__ == "__main__":
    main()
