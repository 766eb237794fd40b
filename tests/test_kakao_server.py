"""The KakaoTalk skill over real HTTP: `kb serve` in a subprocess with a shared secret, spoken
to the way 오픈빌더 calls it (a JSON POST with the secret header)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import dev_server, post_json
from tests.test_kakao_skill import GOLDEN, problems

pytestmark = pytest.mark.server
SECRET = "오픈빌더-s3cret"


def post(url: str, body: bytes, headers: dict[str, str | bytes]) -> tuple[int, dict]:
    return post_json(url, body, headers, timeout=30)


@pytest.fixture
def server(sample_copy, tmp_path) -> Iterator[str]:  # noqa: ANN001
    with dev_server(sample_copy, tmp_path / "instance", env={"KB_KAKAO_SECRET": SECRET},
                    timeout=60) as base:
        yield base


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
