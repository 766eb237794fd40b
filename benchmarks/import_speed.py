"""`kb import` speed: a 100,000-row consultation sheet into a fresh SQLite store.

Prints rows/s and the memory the import itself adds: resident memory sampled every 5 ms in
a child process during the import, over what it held before (Python, SQLAlchemy and the
morpheme analyser, loaded first; their load peak would hide the import's in ru_maxrss). `--sheets
FILE` runs another version of kb/insights/sheets.py, for a before/after figure. Questions come in ~3,000 spellings over 12 categories,
like a real year of a call centre's sheet.

    python benchmarks/import_speed.py [--rows 100000] [--spellings 3000]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TOPICS = ["냉장고 소음이 심해요", "환불 신청은 어떻게 하나요", "배송 조회가 안 돼요",
          "설치 날짜를 바꾸고 싶어요", "쿠폰이 적용되지 않아요", "세탁기가 고장났어요",
          "에어컨 설치비가 얼마인가요", "현금영수증 발급해 주세요", "비밀번호를 잊어버렸어요",
          "교환 신청하고 싶어요"]
CATEGORIES = ["배송", "결제", "환불", "설치", "A/S", "회원", "쿠폰", "교환", "제품", "기타",
              "배송조회", "결제수단"]

CHILD = textwrap.dedent("""
    import importlib.util, json, os, resource, sys, threading, time
    from pathlib import Path
    from kb.db import connect
    from kb.insights.questions import normalize
    from kb.insights.sheets import import_sheet

    if sys.argv[3]:  # another version of sheets.py, e.g. `git show HEAD~1:kb/insights/sheets.py`
        spec = importlib.util.spec_from_file_location("sheets_other", sys.argv[3])
        module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        import_sheet = module.import_sheet
    engine = connect("sqlite:///" + sys.argv[2])
    normalize("모델 로드")  # load the morpheme analyser first: a fixed cost, not the import's
    def rss_mb():
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    base_mb, peak, done = rss_mb(), [0.0], threading.Event()

    def sample():  # the model load's own peak would hide the import's in ru_maxrss
        while not done.wait(0.005):
            peak[0] = max(peak[0], rss_mb())

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    result = import_sheet(engine, Path(sys.argv[1]), tags=["배송/배송조회", "결제/환불"])
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    print(json.dumps({"seconds": seconds, "imported": result.imported, "base_mb": base_mb,
                      "errors": len(result.errors),
                      "peak_mb": max(peak[0], rss_mb()),
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def write_sheet(path: Path, rows: int, spellings: int = 3000) -> None:
    rng = random.Random(18)
    per_topic = max(1, spellings // len(TOPICS))
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["일자", "채널", "구분", "내용", "결과"])
        for n in range(rows):
            question = f"{rng.choice(TOPICS)} {rng.randrange(per_topic)}번 주문"
            writer.writerow([f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
                             rng.choice(["전화", "카카오톡", "이메일"]), rng.choice(CATEGORIES),
                             question, rng.choice(["해결", "미해결"])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sheets", default="", help="import with this sheets.py instead")
    parser.add_argument("--spellings", type=int, default=3000,
                        help="distinct questions (100000: every row its own question)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "sheet.csv"
        write_sheet(sheet, args.rows, args.spellings)
        out = subprocess.run([sys.executable, "-c", CHILD, str(sheet), f"{folder}/kb.db",
                              args.sheets],
                             cwd=ROOT, capture_output=True, text=True)
        if out.returncode:
            sys.exit(out.stderr)
        found = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"kb import: {args.rows:,} rows in {found['seconds']:.1f} s = "
          f"{args.rows / found['seconds']:,.0f} rows/s; memory during the import "
          f"{found['peak_mb']:.0f} MB at most, {found['peak_mb'] - found['base_mb']:.0f} MB over "
          f"the {found['base_mb']:.0f} MB of Python, SQLAlchemy and the loaded morpheme analyser "
          f"(process peak {found['maxrss_mb']:.0f} MB, model loading included; "
          f"{found['imported']:,} imported, {found['errors']} row errors)")


if __name__ == "__main__":
    main()
