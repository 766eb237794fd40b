"""KakaoTalk skill latency: 100 sequential skill calls, as 오픈빌더 would make them.

Builds the app over the sample content (its own instance folder), warms it (index, Kiwi, one
call of each kind), then sends CALLS skill requests one after another: customers' questions
from the sample articles' `questions:` (free text → search → card/list/unsure), scenario steps
through every screen of the sample scenario (quick replies with `extra`), and hand-offs, in a
fixed rotation. Prints p50/p95/max latency per kind and overall, and the largest reply against
the 30 KB limit. Kakao gives a skill 5 s; we aim for ≤ 500 ms.

In process (Flask's test client, no sockets) by default; `--url` times a running server
instead (e.g. `kb serve` or `kb serve --production` on http://127.0.0.1:8000).

    .venv/bin/python benchmarks/kakao_speed.py [--calls 100] [--url http://127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chatbot import scenarios  # noqa: E402
from chatbot.kakao_limits import load  # noqa: E402
from kb.content.tree import load_content  # noqa: E402
from kbsite.kinds import KINDS  # noqa: E402

PATH = "/api/v1/channels/kakao/skill"


def requests(content: Path) -> list[tuple[str, dict]]:
    """(kind, skill payload) in a fixed rotation: question, step, question, step, hand-off…"""
    loaded = load_content(content, kinds=KINDS)
    questions = [q for a in loaded.published() if a.lang == "ko" for q in a.questions]
    scenario = scenarios(loaded)[loaded.site.widget.scenario]
    paths: list[list[int]] = []
    stack = [([i], n) for i, n in enumerate(scenario.options)]
    while stack:
        path, node = stack.pop(0)
        paths.append(path)
        stack += [([*path, i], n) for i, n in enumerate(node.options or ())]

    def payload(utterance: str, extra: dict | None, user: int) -> dict:
        return {"userRequest": {"utterance": utterance, "lang": "ko",
                                "user": {"id": f"bench-{user}", "type": "botUserKey"}},
                "action": {"clientExtra": extra}}

    out = []
    for n in range(1000):
        if n % 5 == 4:
            out.append(("handoff", payload("상담원 연결", {"handoff": True}, n)))
        elif n % 2:
            path = paths[n % len(paths)]
            out.append(("scenario", payload("-", {"scenario": scenario.id, "path": path}, n)))
        else:
            out.append(("search", payload(questions[n % len(questions)], None, n)))
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--url", help="time a running server instead of the app in process")
    args = parser.parse_args()
    content = ROOT / "content"
    todo = requests(content)

    if args.url:
        def call(body: dict) -> tuple[int, bytes]:
            req = urllib.request.Request(args.url.rstrip("/") + PATH, method="POST",
                                         data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.read()
    else:
        from kbsite import create_app

        app = create_app({"CONTENT_DIR": str(content), "RATELIMIT_ENABLED": False,
                          "INSTANCE_DIR": tempfile.mkdtemp(prefix="kakao-bench-")})
        client = app.test_client()

        def call(body: dict) -> tuple[int, bytes]:
            response = client.post(PATH, json=body)
            return response.status_code, response.get_data()

    started = time.perf_counter()
    call(todo[0][1])  # cold: builds the index, loads Kiwi
    cold = time.perf_counter() - started
    for kind in ("search", "scenario", "handoff"):  # one warm call of each kind
        call(next(body for k, body in todo if k == kind))

    times: dict[str, list[float]] = {}
    largest = 0
    for kind, body in todo[1:args.calls + 1]:
        t0 = time.perf_counter()
        status, raw = call(body)
        elapsed = (time.perf_counter() - t0) * 1000
        if status != 200:
            raise SystemExit(f"{kind} call answered {status}: {raw[:200]!r}")
        largest = max(largest, len(raw))
        times.setdefault(kind, []).append(elapsed)
    every = [t for values in times.values() for t in values]
    where = args.url or "in process (Flask test client)"
    print(f"KakaoTalk skill, {len(every)} sequential calls, {where}")
    print(f"first call: {cold * 1000:.0f} ms (in process it builds the index and loads Kiwi)")
    for kind, values in [*sorted(times.items()), ("all", every)]:
        print(f"{kind:>9}: n={len(values):>3}  p50 {statistics.median(values):6.1f} ms  "
              f"p95 {pct(values, 0.95):6.1f} ms  max {max(values):6.1f} ms")
    print(f"largest reply: {largest} bytes (limit {load().max('response_bytes')})")


if __name__ == "__main__":
    main()
