"""`kb serve --production`: gunicorn with a preloaded app, over real sockets."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select

from kb.db import events
from kbsite.cli import main
from tests.conftest import ROOT, children, free_port, gone, start_production, stop


def run(*args: str, **env: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["serve", "--production", *args], env=env)


def test_production_refuses_to_start_without_a_secret_key():
    result = run("--lang", "en", KB_SECRET_KEY="")
    assert result.exit_code == 1
    assert result.output.startswith("Error: --production needs KB_SECRET_KEY: with a random "
                                    "key per worker, logins break.")
    result = run(KB_SECRET_KEY="")
    assert result.exit_code == 1 and "--production에는 KB_SECRET_KEY가 필요해요" in result.output


def test_production_refuses_a_port_in_use():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("--port", str(port), "--lang", "en", KB_SECRET_KEY="s")
    assert result.exit_code == 1
    assert result.output == (f"Error: 127.0.0.1:{port} is already in use by another program: "
                             "stop it, or choose another --port\n")


def test_unknown_flag_is_a_usage_error():
    result = run("--wokers", "2", KB_SECRET_KEY="s")
    assert result.exit_code == 2 and "Did you mean '--workers'?" in result.output


def test_the_cli_imports_no_server_machinery():
    code = ("import sys, kbsite.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'flask', 'werkzeug', 'whoosh', 'kiwipiepy', 'gunicorn'}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "[]"


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read()


@pytest.mark.server
def test_production_serves_reloads_on_hup_and_stops_its_workers(sample_copy, tmp_path):  # noqa: ANN001
    port = free_port()
    proc = start_production(sample_copy, tmp_path / "instance", port, workers=2)
    try:
        status, _, body = get(port, "/readyz")
        assert status == 200 and json.loads(body)["ok"] is True
        status, headers, body = get(port, "/api/v1/search?q=%ED%99%98%EB%B6%88",
                                    **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert json.loads(gzip.decompress(body))["hits"]
        before = children(proc.pid)
        assert len(before) == 2

        path = sample_copy / "articles" / "orders" / "order-cancel.md"
        path.write_text(path.read_text("utf-8").replace("\ntitle:", "\ntitle: 새 제목 -", 1),
                        "utf-8")
        assert "새 제목 -" not in get(port, "/articles/order-cancel")[2].decode("utf-8")
        proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while "새 제목 -" not in get(port, "/articles/order-cancel")[2].decode("utf-8"):
            assert time.monotonic() < deadline, "SIGHUP did not re-read the content"
            time.sleep(0.3)
        deadline = time.monotonic() + 60
        while set(children(proc.pid)) & set(before):  # old workers finish and stop
            assert time.monotonic() < deadline, "old workers did not stop after SIGHUP"
            time.sleep(0.3)
        status, _, body = get(port, "/api/v1/search?q=%EC%83%88%20%EC%A0%9C%EB%AA%A9")
        assert status == 200  # the index followed: "새 제목" finds the renamed article
        assert json.loads(body)["hits"][0]["id"] == "order-cancel"
        workers = children(proc.pid)
        assert len(workers) == 2
    finally:
        out = stop(proc)
    assert proc.returncode == 0, out
    assert all(gone(pid) for pid in workers), "a worker outlived kb serve --production"
    assert f"Answerloop (운영 서버): http://127.0.0.1:{port}/ — 워커 2개 × 스레드 2개" in out
    # The access log: Apache's combined format, one line per request.
    assert '"GET /readyz HTTP/1.1" 200 ' in out


@pytest.mark.server
@pytest.mark.slow
def test_a_killed_worker_is_replaced_and_no_accepted_event_is_lost(sample_copy, tmp_path):  # noqa: ANN001
    port = free_port()
    instance = tmp_path / "instance"
    proc = start_production(sample_copy, instance, port, workers=2, threads=2)
    accepted = [0]
    stop_at = time.monotonic() + 6

    def post() -> None:
        body = json.dumps({"type": "search", "query": "환불", "session": "kill-test"})
        while time.monotonic() < stop_at:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request("POST", "/api/v1/events", body,
                             {"Content-Type": "application/json"})
                if conn.getresponse().status == 202:
                    accepted[0] += 1
            except OSError:
                pass  # the killed worker's connection: never accepted
            finally:
                conn.close()

    try:
        clients = [threading.Thread(target=post) for _ in range(2)]
        for thread in clients:
            thread.start()
        time.sleep(2)
        victim = children(proc.pid)[0]
        os.kill(victim, signal.SIGKILL)
        for thread in clients:
            thread.join()
        deadline = time.monotonic() + 30
        while len([p for p in children(proc.pid) if not gone(p)]) < 2:
            assert time.monotonic() < deadline, "the killed worker was not replaced"
            time.sleep(0.2)
        assert victim not in children(proc.pid)
        assert get(port, "/readyz")[0] == 200
    finally:
        stop(proc)
    engine = create_engine(f"sqlite:///{instance}/answerloop.db")
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(events)
                              .where(events.c.session == "kill-test")).scalar_one()
    engine.dispose()
    assert accepted[0] > 20 and stored == accepted[0]
