"""Rate limits on public write endpoints: 429 JSON, and one limit shared by several workers."""

from __future__ import annotations

import os
import uuid

import pytest

from kbsite import create_app
from tests.conftest import SAMPLE, assert_api_error

GOOD = {"name": "김민지", "contact": "minji@example.com", "question": "설치 문의", "consent": True}


def worker(tmp_path, storage: str, prefix: str):  # noqa: ANN001, ANN201
    return create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE),
                       "INSTANCE_DIR": str(tmp_path / "instance"),
                       "RATELIMIT_STORAGE_URI": storage, "RATELIMIT_KEY_PREFIX": prefix})


def test_contact_limit_answers_429_json(tmp_path):  # noqa: ANN001
    client = worker(tmp_path, "memory://", "t").test_client()
    for _ in range(5):
        assert client.post("/api/v1/contact", json=GOOD).status_code == 201
    assert_api_error(client.post("/api/v1/contact", json=GOOD), 429)


def test_two_workers_share_one_limit_in_redis(tmp_path):  # noqa: ANN001
    url = os.environ.get("KB_TEST_REDIS_URL")
    if not url:
        pytest.skip("Redis: KB_TEST_REDIS_URL is not set (make test sets it)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"Redis at {url} is not reachable: {exc.__class__.__name__}")
    prefix = f"answerloop-test-{uuid.uuid4().hex}"
    first = worker(tmp_path / "a", url, prefix).test_client()
    second = worker(tmp_path / "b", url, prefix).test_client()
    for client in (first, second, first, second, first):
        assert client.post("/api/v1/contact", json=GOOD).status_code == 201
    assert_api_error(second.post("/api/v1/contact", json=GOOD), 429)
    alone = worker(tmp_path / "c", "memory://", prefix).test_client()  # its own count
    assert alone.post("/api/v1/contact", json=GOOD).status_code == 201
