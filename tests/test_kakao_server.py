"""The KakaoTalk skill over real HTTP: `kb serve` in a subprocess with a shared secret, spoken
to the way 오픈빌더 calls it (a JSON POST with the secret header)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.conftest import ROOT, free_port
from tests.test_kakao_skill import GOLDEN, problems

pytestmark = pytest.mark.server
SECRET = "오픈빌더-s3cret"


def post(url: str, body: bytes, headers: dict[str, str | bytes]) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read())


@pytest.fixture
def server(sample_copy, tmp_path) -> Iterator[str]:  # noqa: ANN001
    port = free_port()
    env = {**os.environ, "KB_INSTANCE": str(tmp_path / "instance"), "PYTHONUNBUFFERED": "1",
           "KB_KAKAO_SECRET": SECRET}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kbsite.cli", "serve", "--content", str(sample_copy),
         "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read() if proc.stdout else ""
                pytest.fail(f"kb serve did not start:\n{out}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()


def test_skill_over_http_with_the_secret(server):  # noqa: ANN001
    url = server + "/api/v1/channels/kakao/skill"
    body = (GOLDEN / "requests" / "free-text.json").read_bytes()
    status, refused = post(url, body, {})
    assert status == 401 and refused["ok"] is False and refused["status"] == 401
    status, refused = post(url, body, {"X-Answerloop-Secret": b"wrong"})
    assert status == 401
    # A non-ASCII secret travels as raw UTF-8 bytes in the header.
    status, reply = post(url, body, {"X-Answerloop-Secret": SECRET.encode("utf-8")})
    assert status == 200, reply
    assert problems(reply) == []
    assert reply["template"]["outputs"][0]["basicCard"]["title"] == "환불은 어떻게 신청하나요?"
    status, error = post(url, b"{not json", {"X-Answerloop-Secret": SECRET.encode("utf-8")})
    assert status == 400 and error["ok"] is False
