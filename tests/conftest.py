"""Fixtures: the app over the sample content, and small content trees built in tmp_path."""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from kbsite import create_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"

SITE = """\
name: 테스트 고객센터
default_lang: ko
languages: [ko, en]
widget:
  scenario: main
"""

CATEGORIES = """\
- id: orders
  name: 주문/결제
  order: 1
- id: delivery
  name: 배송
  order: 2
- id: payment
  name: 결제수단
  parent: orders
"""

TAGS = """\
결제: [환불, 결제수단]
배송: [배송조회, 해외배송]
"""

REFUND = """\
---
title: 환불은 어떻게 신청하나요?
category: orders
tags: [결제/환불]
summary: 마이페이지 > 주문내역에서 환불을 신청할 수 있어요.
questions:
  - 환불 받고 싶어요
aliases: [refund]
updated: 2026-11-01
---
## 환불 신청 방법 {#how-to-request}

1. 마이페이지 > 주문내역으로 가요.
2. [배송 조회](article:delivery-tracking)도 확인해 보세요.
"""

TRACKING = """\
---
title: 배송 조회는 어디서 하나요?
category: delivery
tags: [배송/배송조회]
summary: 주문내역에서 송장 번호를 눌러 배송 상황을 볼 수 있어요.
---
## 배송 조회

주문내역에서 확인해요. [환불](../orders/refund-request.md)
"""

MAIN = """\
title: 테스트 챗봇
greeting: 무엇을 도와드릴까요?
options:
  - label: 주문/결제
    options:
      - label: 환불 신청
        article: refund-request
  - label: 배송
    article: delivery-tracking
  - label: 상담원 연결
    handoff: true
"""

BASE: dict[str, str | bytes] = {
    "site.yaml": SITE,
    "categories.yaml": CATEGORIES,
    "tags.yaml": TAGS,
    "articles/orders/refund-request.md": REFUND,
    "articles/delivery/delivery-tracking.md": TRACKING,
    "scenarios/main.yaml": MAIN,
}

TreeMaker = Callable[..., Path]


def write_tree(root: Path, files: Mapping[str, str | bytes | None]) -> Path:
    """Write `files` under root; a None value deletes that file."""
    for name, text in files.items():
        path = root / name
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def make_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TreeMaker:
    """Build `content/` in tmp_path from BASE plus overrides; paths print as content/…"""
    monkeypatch.chdir(tmp_path)

    def make(files: Mapping[str, str | bytes | None] | None = None, *, base: bool = True) -> Path:
        root = tmp_path / "content"
        if base:
            write_tree(root, BASE)
        return write_tree(root, files or {})

    return make


@pytest.fixture
def sample_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the sample content."""
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copytree(SAMPLE, tmp_path / "content"))


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The app over the sample content (read-only, so shared by the whole session)."""
    return create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE),
                       "INSTANCE_DIR": str(tmp_path_factory.mktemp("instance"))})


@pytest.fixture
def client(app):  # noqa: ANN001, ANN201
    return app.test_client()


@pytest.fixture
def runner(app):  # noqa: ANN001, ANN201
    return app.test_cli_runner()


def assert_api_error(response, status: int) -> dict:  # noqa: ANN001
    """The API's one error shape: {"ok": false, "error": "...", "status": N}."""
    assert response.status_code == status
    assert response.is_json
    data = response.get_json()
    assert set(data) == {"ok", "error", "status"}
    assert data["ok"] is False
    assert data["status"] == status
    assert isinstance(data["error"], str) and data["error"]
    return data


def free_port() -> int:
    """A TCP port nothing listens on right now (for real servers started by tests)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def dev_server(content: Path, instance: Path, *args: str, env: Mapping[str, str] | None = None,
               timeout: float = 20) -> Iterator[str]:
    """`kb serve` (the development server) in a subprocess over `content`, with `args` added;
    yields its base URL once /healthz answers (else pytest.fail), stops it afterwards."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    full = {**os.environ, "KB_INSTANCE": str(instance), "PYTHONUNBUFFERED": "1", **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kbsite.cli", "serve", "--content", str(content),
         "--port", str(port), *args],
        cwd=ROOT, env=full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read() if proc.stdout else ""
                pytest.fail(f"kb serve did not start:\n{out}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()


def post_json(url: str, body: bytes, headers: Mapping[str, str | bytes] | None = None,
              timeout: float = 10) -> tuple[int, dict]:
    """POST `body` as JSON over real HTTP: (status, parsed JSON answer), errors included."""
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json",
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read())


def form_token(client, path: str = "/login") -> str:  # noqa: ANN001
    """The CSRF token of the form on `path` (staff tests post like a browser)."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(client, name: str, password: str):  # noqa: ANN001, ANN201
    """Log `client` in through the real login form."""
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": form_token(client)})


def children(pid: int) -> list[int]:
    """The process ids of `pid`'s children (Linux /proc)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def gone(pid: int) -> bool:
    """True when `pid` no longer runs (exited, or a zombie waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def start_production(content: Path, instance: Path, port: int, *, workers: int = 1,
                     threads: int = 2, env: Mapping[str, str] | None = None):  # noqa: ANN201
    """`kb serve --production` in a subprocess, answering /healthz (else pytest.fail)."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    full = {**os.environ, "KB_INSTANCE": str(instance), "KB_SECRET_KEY": "test-secret",
            "PYTHONUNBUFFERED": "1", **(env or {})}
    log = open(instance.parent / f"server-{port}.log", "w+", encoding="utf-8")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "kbsite.cli", "serve", "--production", "--content", str(content),
         "--port", str(port), "--workers", str(workers), "--threads", str(threads)],
        cwd=ROOT, env=full, stdout=log, stderr=subprocess.STDOUT, text=True)
    proc.log = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            log.seek(0)
            pytest.fail(f"kb serve --production did not start:\n{log.read()}")
        time.sleep(0.2)


def stop(proc) -> str:  # noqa: ANN001
    """Stop a server from `start_production` (SIGTERM, as systemd does); its output."""
    import subprocess

    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    proc.log.seek(0)
    out = proc.log.read()
    proc.log.close()
    return out
