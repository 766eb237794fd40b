"""Several instances on one PostgreSQL and one Redis: shared events, shared rate limits, one
migration however many start at once. Each test uses its own PostgreSQL database (the other
store tests drop and recreate tables in KB_TEST_DATABASE_URL's)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from kb.db import MIGRATIONS, events, schema_version
from tests.conftest import ROOT, SAMPLE, free_port, post_json, start_production, stop

pytestmark = [pytest.mark.server, pytest.mark.slow]


def fresh_database(name: str) -> str:
    """The URL of an empty PostgreSQL database `name` beside KB_TEST_DATABASE_URL's."""
    url = os.environ.get("KB_TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostgreSQL: KB_TEST_DATABASE_URL is not set (make test sets it)")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                            {"n": name}).first() is None:
                try:
                    conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
                except Exception:  # noqa: BLE001 - another run created it meanwhile
                    pass
    except Exception as exc:  # noqa: BLE001 - any connection failure means: skip, and say why
        pytest.skip(f"PostgreSQL at {url} is not reachable: {exc.__class__.__name__}")
    finally:
        admin.dispose()
    own = make_url(url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(own, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return own


def redis_url() -> str:
    url = os.environ.get("KB_TEST_REDIS_URL")
    if not url:
        pytest.skip("Redis: KB_TEST_REDIS_URL is not set (make test sets it)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"Redis at {url} is not reachable: {exc.__class__.__name__}")
    return url


def post(port: int, path: str, body: object) -> tuple[int, dict]:
    return post_json(f"http://127.0.0.1:{port}{path}", json.dumps(body).encode())


def get_json(port: int, path: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return json.loads(response.read())


CONTACT = {"name": "김민지", "contact": "minji@example.com", "question": "설치 문의",
           "consent": True}


def test_two_production_instances_share_events_and_rate_limits(tmp_path):  # noqa: ANN001
    database = fresh_database("answerloop_multi")
    env = {"KB_DATABASE_URL": database, "KB_RATELIMIT_STORAGE": redis_url(),
           "KB_RATELIMIT_PREFIX": f"answerloop-test-{uuid.uuid4().hex}"}
    ports = [free_port(), free_port()]
    instances = [tmp_path / "a" / "instance", tmp_path / "b" / "instance"]
    for folder in instances:
        folder.parent.mkdir()
    servers = []
    try:
        for port, instance in zip(ports, instances, strict=True):
            servers.append(start_production(SAMPLE, instance, port, env=env))
        for port, instance in zip(ports, instances, strict=True):
            ready = get_json(port, "/readyz")
            assert ready["ok"] is True and ready["database"] == "postgresql"
            assert (instance / "index").is_dir()  # each built its own index
        a, b = ports
        assert post(a, "/api/v1/events", {"type": "search", "query": "냉장고 소음이 심해요",
                                          "source": "widget", "session": "s-a"})[0] == 202
        assert post(b, "/api/v1/events", [{"type": "search", "query": "냉장고에서 소리나요",
                                           "source": "widget", "session": "s-b"}])[0] == 202
        # One limit of 5 contacts per client across both: the sixth is refused by either.
        for port in (a, b, a, b, a):
            assert post(port, "/api/v1/contact", CONTACT)[0] == 201
        status, body = post(b, "/api/v1/contact", CONTACT)
        assert (status, body["ok"], body["status"]) == (429, False, 429)
        assert post(a, "/api/v1/contact", CONTACT)[0] == 429
    finally:
        for server in servers:
            stop(server)
    result = subprocess.run(
        [sys.executable, "-m", "kbsite.cli", "gaps", "--json", "--content", str(SAMPLE)],
        cwd=ROOT, env={**os.environ, "KB_DATABASE_URL": database,
                       "KB_INSTANCE": str(tmp_path / "cli")},
        capture_output=True, text=True, check=True)
    gaps = json.loads(result.stdout)["gaps"]
    assert sum(g["count"] for g in gaps) == 2  # both instances' asks, in one queue
    engine = create_engine(database)
    with engine.connect() as conn:
        searches = select(func.count()).select_from(events).where(events.c.type == "search")
        assert conn.execute(searches).scalar_one() == 2
    engine.dispose()


MIGRATE = """\
import sys, time
from kb.db import connect
start = float(sys.argv[2])
time.sleep(max(0.0, start - time.time()))
connect(sys.argv[1]).dispose()
print("migrated")
"""


def test_instances_starting_together_migrate_an_empty_database_once():
    database = fresh_database("answerloop_migrate")
    start = time.time() + 3  # both processes are past their imports by then
    procs = [subprocess.Popen([sys.executable, "-c", MIGRATE, database, str(start)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for _ in range(3)]
    outputs = [p.communicate(timeout=60)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    engine = create_engine(database)
    with engine.connect() as conn:
        versions = conn.execute(select(schema_version.c.version)
                                .order_by(schema_version.c.version)).scalars().all()
    engine.dispose()
    assert versions == [v for v, _, _ in MIGRATIONS]
