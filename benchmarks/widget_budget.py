"""The widget's byte budget: what a shop page downloads, gzipped.

Fetches through the real app (Flask test client over the sample content) exactly what the
widget loads — before the visitor opens it (the loader), and then up to a first answer:
the app, the scenario, the page suggestions, a search, and the article a card opens — and
prints each gzipped size against the targets (loader ≤ 10 KB; everything to a first
answer ≤ 30 KB; one request before opening). Anchors: Crisp ~130 KB, Chatwoot 170 KiB,
Intercom ~210 KB.

    python benchmarks/widget_budget.py
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kbsite import create_app  # noqa: E402


def main() -> None:
    app = create_app({"TESTING": True, "CONTENT_DIR": str(ROOT / "content"),
                      "INSTANCE_DIR": tempfile.mkdtemp(prefix="kb-budget-")})
    client = app.test_client()
    loader = client.get("/widget.js").get_data()
    app_path = json.loads(loader.decode().split("var config = ", 1)[1].split(";\n", 1)[0])["app"]
    steps = [
        ("before open", "/widget.js", loader),
        ("on open", app_path, client.get(app_path).get_data()),
        ("on open", "/api/v1/scenarios/main", client.get("/api/v1/scenarios/main").get_data()),
        ("on open", "/api/v1/suggest?url=…/products/1",
         client.get("/api/v1/suggest?url=https://shop.example/products/1").get_data()),
        ("first answer", "/api/v1/search?q=환불 신청&limit=3",
         client.get("/api/v1/search?q=환불 신청&limit=3&lang=ko").get_data()),
        ("first answer", "/api/v1/articles/refund-request",
         client.get("/api/v1/articles/refund-request").get_data()),
    ]
    print(f"{'when':<13} {'request':<36} {'raw KB':>7} {'gzip KB':>8}")
    total = 0.0
    for when, path, body in steps:
        size = len(gzip.compress(body, 9)) / 1024
        total += size
        print(f"{when:<13} {path:<36} {len(body) / 1024:>7.1f} {size:>8.1f}")
    first = len(gzip.compress(loader, 9)) / 1024
    before = sum(1 for s in steps if s[0] == "before open")
    print(f"\nloader: {first:.1f} KB gzipped (target ≤ 10) → {'PASS' if first <= 10 else 'FAIL'}")
    print(f"to a first answer: {total:.1f} KB gzipped (target ≤ 30) → "
          f"{'PASS' if total <= 30 else 'FAIL'}")
    print(f"requests before the visitor opens it: {before} (target 1; "
          "tests/browser/test_widget.py checks it in Chromium)")


if __name__ == "__main__":
    main()
